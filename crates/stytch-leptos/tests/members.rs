//! `<MemberManagement>` in headless Chromium against the emulator: an admin finds the members,
//! invites a teammate (whose invitation the emulator sends), gives them a role, revokes the
//! invitation and reactivates them; renames a member, resets their MFA, signs them out
//! everywhere, removes their password and deactivates them; every change announced, focus
//! moved into each form and back where it was opened.

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

/// `<MemberManagement>` in a provider, recording its events (unmounted when the handle drops).
fn mount_recording() -> (RwSignal<Vec<MemberEvent>>, impl Sized) {
    let events = RwSignal::new(Vec::<MemberEvent>::new());
    let mounted = mount(move || {
        view! {
            <StytchProvider public_token=PUBLIC_TOKEN options=options()>
                <MemberManagement on_event=move |e: MemberEvent| events.update(|v| v.push(e))/>
            </StytchProvider>
        }
    });
    (events, mounted)
}

/// Whether the button labelled `label` has focus.
fn has_focus(label: &str) -> bool {
    focused_id().is_some_and(|id| button(label).is_some_and(|b| b.id() == id))
}

/// Opens a row's confirmation with the button `opener`, checks that it asks a question
/// containing `question` with focus on the button `confirm`, confirms, and waits for
/// `announcement`.
async fn confirm_through(opener: &str, question: &str, confirm: &str, announcement: &str) {
    press(opener);
    eventually("the confirmation, its button focused", || {
        text_of(".stytch-members__confirm").is_some_and(|t| t.contains(question)) && has_focus(confirm)
    })
    .await;
    press(confirm);
    eventually("the change announced", || announced() == announcement).await;
}

#[wasm_bindgen_test]
async fn an_admin_invites_a_teammate_gives_a_role_revokes_the_invitation_and_reactivates() {
    reset_page();
    let admin = unique_email("members-admin");
    let client = signed_in_client(&admin).await;
    drop(client);
    let (events, _mounted) = mount_recording();
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
    eventually("focus on the first role", || {
        html_document().active_element().is_some_and(|e| {
            e.id().ends_with("-stytch_admin") && e.get_attribute("type").as_deref() == Some("checkbox")
        })
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
    eventually("focus back on the button", || has_focus(&edit)).await;

    // The invitation revoked after a confirmation (no "deactivate" for someone who never
    // joined); hidden until deactivated members are shown.
    assert!(button(&format!("Deactivate {teammate}")).is_none());
    assert!(
        button(&format!("Sign {teammate} out everywhere")).is_none(),
        "no session yet"
    );
    confirm_through(
        &format!("Revoke invitation of {teammate}"),
        "Their link stops working",
        "Revoke invitation",
        &format!("Invitation of {teammate} revoked."),
    )
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
                MemberEvent::InvitationRevoked { .. } => "revoked",
                MemberEvent::Reactivated { .. } => "reactivated",
                _ => "other",
            })
            .collect()
    });
    assert_eq!(kinds, ["invited", "resent", "roles", "revoked", "reactivated"]);
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

/// The test's own project's backend: a member of `organization_id` moved in with a password
/// (an MD5 hash), a verified MFA phone and an authenticator app, as an old system would hand
/// them over. Returns their member ID.
async fn member_with_every_method(organization_id: &str, email: &str) -> String {
    let migrated = call(
        stytch_core::transport::Method::Post,
        "/v1/b2b/passwords/migrate",
        Some(serde_json::json!({
            "organization_id": organization_id,
            "email_address": email,
            "hash_type": "md_5",
            "hash": "88e4ddd2402d92d50e1879d6ecd9ffd4",
            "name": "Ada",
            "mfa_phone_number": "+15005550006",
            "set_phone_number_verified": true,
        })),
        true,
    )
    .await;
    let member_id = migrated["member_id"].as_str().expect("migrated").to_owned();
    let totp = call(
        stytch_core::transport::Method::Post,
        "/v1/b2b/totp/migrate",
        Some(serde_json::json!({
            "organization_id": organization_id,
            "member_id": member_id,
            "secret": "JBSWY3DPEHPK3PXP",
        })),
        true,
    )
    .await;
    assert_eq!(totp["status_code"], 200, "{totp}");
    member_id
}

#[wasm_bindgen_test]
async fn an_admin_renames_a_member_resets_their_mfa_signs_them_out_removes_their_password_and_deactivates_them() {
    reset_page();
    let admin = unique_email("members-methods");
    let client = signed_in_client(&admin).await;
    let organization_id = client.organization().get().await.expect("organization").organization_id;
    drop(client);
    let ada = unique_email("members-ada");
    let ada_id = member_with_every_method(&organization_id, &ada).await;
    // Ada signed in somewhere (her organization asks no MFA).
    let signed_in = call(
        stytch_core::transport::Method::Post,
        "/v1/b2b/passwords/authenticate",
        Some(serde_json::json!({
            "organization_id": organization_id,
            "email_address": ada,
            "password": "correct horse battery",
            "session_duration_minutes": 60,
        })),
        true,
    )
    .await;
    let ada_session = signed_in["session_token"].as_str().expect("Ada's session").to_owned();
    let session_alive = |token: String| async move {
        let answer = call(
            stytch_core::transport::Method::Post,
            "/v1/b2b/sessions/authenticate",
            Some(serde_json::json!({ "session_token": token })),
            true,
        )
        .await;
        answer["status_code"] == 200
    };
    assert!(session_alive(ada_session.clone()).await);
    let (events, _mounted) = mount_recording();
    eventually("Ada's row", || row_of(&ada).is_some()).await;
    assert!(
        row_of(&ada).unwrap()[0].contains("Password · Authenticator app · Text message"),
        "{:?}",
        row_of(&ada)
    );

    // A name: the field focused with the name it has, saved, focus back on the button.
    let rename = format!("Edit name of {ada}");
    press(&rename);
    eventually("the name field, focused", || {
        html_document()
            .active_element()
            .is_some_and(|e| e.closest(".stytch-members__name-form").ok().flatten().is_some())
    })
    .await;
    let field = html_document()
        .query_selector(".stytch-members__name-form input")
        .unwrap()
        .unwrap();
    assert_eq!(
        field.clone().unchecked_into::<web_sys::HtmlInputElement>().value(),
        "Ada"
    );
    assert!(assert_references_stay_inside(&html_document().query_selector(".stytch-members").unwrap().unwrap()) > 0);
    input(&format!("#{}", field.id()), "  Ada Lovelace ");
    press("Save name");
    eventually("the name announced", || announced() == format!("Name of {ada} saved.")).await;
    eventually("the new name in the row", || {
        row_of(&ada).is_some_and(|r| r[0].contains("Ada Lovelace"))
    })
    .await;
    eventually("focus back on the button", || has_focus(&rename)).await;

    // A new address: the member keeps the old one until they follow the link sent to it.
    let change = format!("Change email of {ada}");
    press(&change);
    eventually("the email field, focused", || {
        html_document()
            .active_element()
            .is_some_and(|e| e.closest(".stytch-members__email-form").ok().flatten().is_some())
    })
    .await;
    let new_address = unique_email("members-ada-new");
    let field = html_document().active_element().unwrap();
    input(&format!("#{}", field.id()), &new_address);
    press("Send confirmation");
    eventually("the change announced", || {
        announced() == format!("We sent {new_address} a link to confirm it; {ada} stays until the link is used.")
    })
    .await;
    assert!(
        latest_message(&new_address).await["token"].is_string(),
        "a confirmation link was sent"
    );
    eventually("focus back on the button", || has_focus(&change)).await;
    assert!(row_of(&ada).is_some(), "the row keeps the old address");

    // MFA required of her, then no longer: no confirmation, the row says so, focus stays on
    // the button, whose text turns round; the backend agrees each time.
    let mfa_enrolled = || async {
        call(
            stytch_core::transport::Method::Get,
            &format!("/v1/b2b/organizations/{organization_id}/member?member_id={ada_id}"),
            None,
            true,
        )
        .await["member"]["mfa_enrolled"]
            .clone()
    };
    assert_eq!(mfa_enrolled().await, false);
    press(&format!("Require MFA for {ada}"));
    eventually("the requirement announced", || {
        announced() == format!("{ada} must now complete MFA at each sign-in.")
    })
    .await;
    let stop = format!("Stop requiring MFA for {ada}");
    eventually("the row marked, focus on the turned button", || {
        row_of(&ada).is_some_and(|r| r[0].contains("MFA required")) && has_focus(&stop)
    })
    .await;
    assert_eq!(mfa_enrolled().await, true);
    press(&stop);
    eventually("the requirement lifted", || {
        announced() == format!("{ada} no longer has to complete MFA, unless the organization requires it.")
            && row_of(&ada).is_some_and(|r| !r[0].contains("MFA required"))
            && has_focus(&format!("Require MFA for {ada}"))
    })
    .await;
    assert_eq!(mfa_enrolled().await, false);

    // Cancelling leaves everything as it was and focus on the button.
    let remove = format!("Remove password of {ada}");
    press(&remove);
    eventually("the confirmation", || {
        text_of(".stytch-members__confirm").is_some_and(|t| t.contains("Remove the password of"))
    })
    .await;
    press("Cancel");
    eventually("the confirmation gone, focus back", || {
        text_of(".stytch-members__confirm").is_none() && has_focus(&remove)
    })
    .await;

    // MFA reset: both factors go, the button with them.
    confirm_through(
        &format!("Reset MFA of {ada}"),
        "Remove the authenticator app and MFA phone",
        "Reset MFA",
        &format!("MFA of {ada} reset."),
    )
    .await;
    eventually("only the password left", || {
        row_of(&ada).is_some_and(|r| {
            r[0].contains("Password") && !r[0].contains("Authenticator app") && !r[0].contains("Text message")
        })
    })
    .await;
    assert!(button(&format!("Reset MFA of {ada}")).is_none());

    // Signed out everywhere: her session ends; focus stays on the button, which stays.
    let sign_out = format!("Sign {ada} out everywhere");
    confirm_through(
        &sign_out,
        "on every device",
        "Sign out everywhere",
        &format!("{ada} signed out everywhere."),
    )
    .await;
    eventually("focus back on the button", || has_focus(&sign_out)).await;
    assert!(!session_alive(ada_session).await, "her session is over");

    // The password, removed after the confirmation.
    confirm_through(
        &remove,
        "Remove the password of",
        "Remove password",
        &format!("Password of {ada} removed."),
    )
    .await;
    eventually("no method left", || {
        row_of(&ada).is_some_and(|r| !r[0].contains("Password")) && button(&remove).is_none()
    })
    .await;

    // Stytch agrees: the member has none of them now.
    let member = call(
        stytch_core::transport::Method::Get,
        &format!("/v1/b2b/organizations/{organization_id}/member?member_id={ada_id}"),
        None,
        true,
    )
    .await;
    let member = &member["member"];
    assert_eq!(member["name"], "Ada Lovelace");
    for field in ["member_password_id", "totp_registration_id", "mfa_phone_number"] {
        assert_eq!(member[field], "", "{field} left: {member}");
    }

    // Deactivated after a confirmation: the row leaves, focus goes to the search field.
    confirm_through(
        &format!("Deactivate {ada}"),
        "They are signed out everywhere",
        "Deactivate",
        &format!("{ada} deactivated."),
    )
    .await;
    eventually("the row gone, focus on the search field", || {
        row_of(&ada).is_none()
            && html_document()
                .active_element()
                .is_some_and(|e| e.get_attribute("type").as_deref() == Some("search"))
    })
    .await;
    let seen = events.get_untracked();
    assert_eq!(
        seen,
        [
            MemberEvent::NameChanged {
                member_id: ada_id.clone(),
                name: "Ada Lovelace".into()
            },
            MemberEvent::EmailUpdateStarted {
                member_id: ada_id.clone(),
                email_address: new_address.clone()
            },
            MemberEvent::MfaRequirementChanged {
                member_id: ada_id.clone(),
                required: true
            },
            MemberEvent::MfaRequirementChanged {
                member_id: ada_id.clone(),
                required: false
            },
            MemberEvent::MfaReset {
                member_id: ada_id.clone()
            },
            MemberEvent::SignedOutEverywhere {
                member_id: ada_id.clone()
            },
            MemberEvent::PasswordRemoved {
                member_id: ada_id.clone()
            },
            MemberEvent::Deactivated { member_id: ada_id },
        ]
    );
}
