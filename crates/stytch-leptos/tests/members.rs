//! `<MemberManagement>` in headless Chromium against the emulator: an admin finds the members,
//! invites a teammate (whose invitation the emulator sends), gives them a role, deactivates
//! and reactivates them; every change announced, focus back where a form was opened.

#![cfg(all(target_arch = "wasm32", feature = "member-management"))]

mod support;

use leptos::prelude::*;
use stytch_leptos::{MemberEvent, MemberManagement, StytchProvider};
use support::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn click(selector: &str) {
    html_document()
        .query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no {selector}"))
        .unchecked_into::<web_sys::HtmlElement>()
        .click();
}

/// The button whose text is `label`.
fn button(label: &str) -> Option<web_sys::HtmlElement> {
    let buttons = html_document().query_selector_all(".stytch-members button").unwrap();
    (0..buttons.length())
        .filter_map(|i| buttons.item(i))
        .map(|node| node.unchecked_into::<web_sys::HtmlElement>())
        .find(|button| button.text_content().as_deref() == Some(label))
}

fn press(label: &str) {
    button(label).unwrap_or_else(|| panic!("no button {label:?}")).click();
}

/// The row of `email`: its cells' texts.
fn row_of(email: &str) -> Option<Vec<String>> {
    let rows = html_document().query_selector_all(".stytch-members__row").unwrap();
    (0..rows.length())
        .filter_map(|i| rows.item(i))
        .map(|node| node.unchecked_into::<web_sys::Element>())
        .find(|row| row.text_content().is_some_and(|t| t.contains(email)))
        .map(|row| {
            let cells = row.query_selector_all("td").unwrap();
            (0..cells.length())
                .filter_map(|i| cells.item(i))
                .map(|c| c.text_content().unwrap_or_default())
                .collect()
        })
}

fn announced() -> String {
    text_of(".stytch-members__announcement").unwrap_or_default()
}

fn focused_id() -> Option<String> {
    html_document().active_element().map(|e| e.id())
}

#[wasm_bindgen_test]
async fn an_admin_invites_a_teammate_gives_a_role_deactivates_and_reactivates() {
    reset_page();
    let admin = unique_email("members-admin");
    let client = signed_in_client(&admin).await;
    drop(client);
    let events = RwSignal::new(Vec::<MemberEvent>::new());
    let _mounted = mount(move || {
        view! {
            <StytchProvider public_token=PUBLIC_TOKEN options=options()>
                <MemberManagement on_event=move |e: MemberEvent| events.update(|v| v.push(e))/>
            </StytchProvider>
        }
    });
    eventually("the admin's own row", || row_of(&admin).is_some()).await;
    let own = row_of(&admin).unwrap();
    assert!(own[0].contains("(you)"), "{own:?}");
    assert_eq!(own[1], "Active");
    assert_eq!(own[2], "stytch_admin");
    assert!(
        button(&format!("Deactivate {admin}")).is_none(),
        "nobody deactivates themselves here"
    );
    assert_eq!(text_of(".stytch-members__status").as_deref(), Some("1 member"));
    assert!(assert_references_stay_inside(&html_document().query_selector(".stytch-members").unwrap().unwrap()) > 0);

    // An invitation: the emulator sends it, the list shows the invited teammate.
    let teammate = unique_email("members-teammate");
    let email_field = html_document()
        .query_selector(".stytch-members__invite input[type=email]")
        .unwrap()
        .unwrap();
    input(&format!("#{}", email_field.id()), &teammate);
    let name_field = html_document()
        .query_selector(".stytch-members__invite input[type=text]")
        .unwrap()
        .unwrap();
    input(&format!("#{}", name_field.id()), "Grace Hopper");
    press("Send invitation");
    eventually("the invitation announced", || {
        announced() == format!("Invitation sent to {teammate}.")
    })
    .await;
    assert!(
        latest_message(&teammate).await["token"].is_string(),
        "an invitation link was sent"
    );
    eventually("the teammate's row", || row_of(&teammate).is_some()).await;
    let invited = row_of(&teammate).unwrap();
    assert!(invited[0].contains("Grace Hopper"), "{invited:?}");
    assert_eq!(invited[1], "Invited");
    assert_eq!(text_of(".stytch-members__status").as_deref(), Some("2 members"));

    // Sent again: a second message with a fresh link.
    let sent = || async {
        call(
            stytch_core::transport::Method::Get,
            &format!(
                "/emulator/v1/messages?to={}",
                stytch_core::util::percent::encode(&teammate)
            ),
            None,
            false,
        )
        .await["messages"]
            .as_array()
            .map_or(0, Vec::len)
    };
    assert_eq!(sent().await, 1);
    press(&format!("Resend invitation to {teammate}"));
    eventually("the resend announced", || {
        announced() == format!("Invitation sent again to {teammate}.")
    })
    .await;
    assert_eq!(sent().await, 2, "a second invitation");

    // A role: the editor checkbox, saved; focus back on the button that opened the form.
    let edit = format!("Change roles of {teammate}");
    press(&edit);
    let edit_button = button(&edit).unwrap();
    eventually("the editor open", || {
        edit_button.get_attribute("aria-expanded").as_deref() == Some("true")
    })
    .await;
    let form_id = edit_button.get_attribute("aria-controls").unwrap();
    eventually("the role editor", || {
        html_document().get_element_by_id(&form_id).is_some()
    })
    .await;
    let boxes = html_document()
        .query_selector_all(&format!("#{form_id} input[type=checkbox]"))
        .unwrap();
    let labels: Vec<String> = (0..boxes.length())
        .filter_map(|i| boxes.item(i))
        .map(|b| {
            let id = b.unchecked_into::<web_sys::Element>().id();
            text_of(&format!("label[for='{id}']")).unwrap_or_default()
        })
        .collect();
    assert_eq!(
        labels,
        ["stytch_admin", "editor", "viewer"],
        "every role but the implicit one"
    );
    let editor_box = (0..boxes.length())
        .filter_map(|i| boxes.item(i))
        .map(|b| b.unchecked_into::<web_sys::HtmlInputElement>())
        .find(|b| b.id().ends_with("-editor"))
        .unwrap();
    editor_box.click();
    press("Save roles");
    eventually("the roles announced", || {
        announced() == format!("Roles of {teammate} saved.")
    })
    .await;
    eventually("the new role in the row", || {
        row_of(&teammate).is_some_and(|r| r[2] == "editor")
    })
    .await;
    eventually("focus back on the button", || {
        focused_id().is_some_and(|id| button(&edit).is_some_and(|b| b.id() == id))
    })
    .await;

    // Deactivated after a confirmation; hidden until deactivated members are shown.
    press(&format!("Deactivate {teammate}"));
    eventually("the confirmation", || {
        text_of(".stytch-members__confirm").is_some_and(|t| t.contains("They are signed out everywhere"))
    })
    .await;
    press("Deactivate");
    eventually("the deactivation announced", || {
        announced() == format!("{teammate} deactivated.")
    })
    .await;
    eventually("the row gone", || row_of(&teammate).is_none()).await;
    eventually("focus on the search field", || {
        html_document()
            .active_element()
            .is_some_and(|e| e.get_attribute("type").as_deref() == Some("search"))
    })
    .await;
    click(".stytch-members__toggle input");
    eventually("the deactivated row", || {
        row_of(&teammate).is_some_and(|r| r[1] == "Deactivated")
    })
    .await;
    press(&format!("Reactivate {teammate}"));
    eventually("the reactivation announced", || {
        announced() == format!("{teammate} reactivated.")
    })
    .await;
    eventually("the row active again", || {
        row_of(&teammate).is_some_and(|r| r[1] != "Deactivated")
    })
    .await;

    let kinds: Vec<&str> = events.with_untracked(|events| {
        events
            .iter()
            .map(|e| match e {
                MemberEvent::Invited { .. } => "invited",
                MemberEvent::InvitationResent { .. } => "resent",
                MemberEvent::RolesChanged { roles, .. } if roles == &["editor"] => "roles",
                MemberEvent::RolesChanged { .. } => "other roles",
                MemberEvent::Deactivated { .. } => "deactivated",
                MemberEvent::Reactivated { .. } => "reactivated",
            })
            .collect()
    });
    assert_eq!(kinds, ["invited", "resent", "roles", "deactivated", "reactivated"]);
}

#[wasm_bindgen_test]
async fn a_refused_invitation_is_an_alert_and_keeps_what_was_typed() {
    reset_page();
    let admin = unique_email("members-refused");
    drop(signed_in_client(&admin).await);
    let _mounted = mount(move || {
        view! { <StytchProvider public_token=PUBLIC_TOKEN options=options()><MemberManagement/></StytchProvider> }
    });
    eventually("the list", || row_of(&admin).is_some()).await;
    // Already a member: Stytch refuses to invite them again.
    let email_field = html_document()
        .query_selector(".stytch-members__invite input[type=email]")
        .unwrap()
        .unwrap();
    input(&format!("#{}", email_field.id()), &admin);
    press("Send invitation");
    eventually("an alert", || text_of(".stytch-members__error").is_some()).await;
    assert_eq!(
        html_document()
            .query_selector(".stytch-members__error")
            .unwrap()
            .unwrap()
            .get_attribute("role")
            .as_deref(),
        Some("alert")
    );
    assert_eq!(email_field.unchecked_into::<web_sys::HtmlInputElement>().value(), admin);
}
