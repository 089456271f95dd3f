//! `<OrganizationSettings>` in headless Chromium against the emulator: an admin renames the
//! organization and changes its slug and logo, its email domains, joining and invitations, its
//! sign-in methods, its MFA policy and methods, its default SSO connection and who may join
//! through SSO, joining from a Slack or GitHub workspace, and the roles given by email domain,
//! each saved on its own and confirmed by the backend;
//! refusals are alerts in their section that describe the refused field; a member whose role
//! allows no change sees every setting disabled and no save button; a member whose
//! organization's own role allows only `update.settings.mfa-policy` changes only that.

#![cfg(all(target_arch = "wasm32", feature = "organization-settings"))]

mod support;

use leptos::prelude::*;
use stytch_core::transport::Method;
use stytch_leptos::models::Organization;
use stytch_leptos::{OrganizationSettings, StytchProvider};
use support::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// The element labelled `label` inside the component (its `for`, or the input a label wraps).
fn field(label: &str) -> web_sys::HtmlInputElement {
    let labels = html_document()
        .query_selector_all(".stytch-org-settings label")
        .unwrap();
    let label = (0..labels.length())
        .filter_map(|i| labels.item(i))
        .map(|node| node.unchecked_into::<web_sys::HtmlLabelElement>())
        .find(|l| l.text_content().is_some_and(|t| t.trim() == label))
        .unwrap_or_else(|| panic!("no label {label:?}"));
    match label.html_for() {
        id if !id.is_empty() => html_document().get_element_by_id(&id).expect("the labelled field"),
        _ => label.query_selector("input").unwrap().expect("the wrapped input"),
    }
    .unchecked_into()
}

/// The textarea labelled `label`.
fn text_area(label: &str) -> web_sys::HtmlTextAreaElement {
    field(label).unchecked_into()
}

fn type_into(element: &web_sys::HtmlElement, value: &str) {
    if let Some(area) = element.dyn_ref::<web_sys::HtmlTextAreaElement>() {
        area.set_value(value);
    } else {
        element.unchecked_ref::<web_sys::HtmlInputElement>().set_value(value);
    }
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    element
        .dispatch_event(&web_sys::Event::new_with_event_init_dict("input", &init).unwrap())
        .unwrap();
}

/// The section headed `heading`.
fn section(heading: &str) -> web_sys::Element {
    let sections = html_document()
        .query_selector_all(".stytch-org-settings__section")
        .unwrap();
    (0..sections.length())
        .filter_map(|i| sections.item(i))
        .map(|node| node.unchecked_into::<web_sys::Element>())
        .find(|s| {
            s.query_selector("h3")
                .ok()
                .flatten()
                .and_then(|h| h.text_content())
                .as_deref()
                == Some(heading)
        })
        .unwrap_or_else(|| panic!("no section {heading:?}"))
}

fn save(heading: &str) {
    section(heading)
        .query_selector("button[type=submit]")
        .unwrap()
        .expect("a save button")
        .unchecked_into::<web_sys::HtmlElement>()
        .click();
}

/// Saves the section headed `heading` and waits for its announcement, failing with the
/// section's alert when Stytch refused. (An earlier refusal's alert stays until a save
/// succeeds, so after one only the announcement is awaited.)
async fn save_accepted(heading: &str) {
    let refused_before = alert_in(heading).is_some();
    save(heading);
    let done = || announced() == format!("{heading}: saved.");
    if refused_before {
        return eventually("saved after the refusal", done).await;
    }
    eventually("saved or refused", || done() || alert_in(heading).is_some()).await;
    assert!(done(), "{:?}", alert_in(heading).and_then(|a| a.text_content()));
}

fn announced() -> String {
    text_of(".stytch-org-settings__announcement").unwrap_or_default()
}

fn alert_in(heading: &str) -> Option<web_sys::Element> {
    section(heading).query_selector("[role=alert]").unwrap()
}

/// The organization as the backend has it.
async fn backend_organization(organization_id: &str) -> serde_json::Value {
    call(
        Method::Get,
        &format!("/v1/b2b/organizations/{organization_id}"),
        None,
        true,
    )
    .await["organization"]
        .clone()
}

/// `<OrganizationSettings>` in a provider, recording what it saved.
fn mount_recording() -> (RwSignal<Vec<Organization>>, impl Sized) {
    let saved = RwSignal::new(Vec::<Organization>::new());
    let mounted = mount(move || {
        view! {
            <StytchProvider public_token=PUBLIC_TOKEN options=options()>
                <OrganizationSettings on_change=move |o: Organization| saved.update(|v| v.push(o))/>
            </StytchProvider>
        }
    });
    (saved, mounted)
}

#[wasm_bindgen_test]
async fn an_admin_changes_each_section_and_the_backend_agrees() {
    let (organization_id, _) = signed_in_creator("settings-admin").await;
    let (saved, _mounted) = mount_recording();
    eventually("the settings", || {
        html_document()
            .query_selector(".stytch-org-settings__section")
            .unwrap()
            .is_some()
    })
    .await;
    let root = html_document().query_selector(".stytch-org-settings").unwrap().unwrap();
    assert!(
        assert_references_stay_inside(&root) >= 9,
        "labels, headings and the hint"
    );
    // Field values are set by effects, a microtask after the markup.
    eventually("the organization's name in its field", || {
        field("Organization name").value() == "Browser Test Org"
    })
    .await;
    assert!(
        text_of(".stytch-org-settings").is_some_and(|t| !t.contains("does not let you")),
        "an admin may change them"
    );

    // Nothing typed: nothing sent.
    save("Name");
    eventually("told nothing changed", || announced().starts_with("Nothing to save")).await;

    // A refused slug: the alert in its section, the field described by it, nothing saved.
    type_into(&field("Slug (in your sign-in address)"), "not a slug!");
    save("Name");
    eventually("the refusal", || alert_in("Name").is_some()).await;
    let alert = alert_in("Name").unwrap();
    assert!(
        alert.text_content().is_some_and(|t| t.contains("That was not saved")),
        "{:?}",
        alert.text_content()
    );
    assert_eq!(
        field("Slug (in your sign-in address)").get_attribute("aria-describedby"),
        Some(alert.id())
    );
    assert!(saved.with_untracked(Vec::is_empty));

    // Name and slug.
    let slug = format!("renamed-{}", (js_sys::Math::random() * 1e9) as u64);
    type_into(&field("Organization name"), "  Renamed Org ");
    type_into(&field("Slug (in your sign-in address)"), &slug);
    type_into(&field("Logo URL"), "https://cdn.example.test/logo.png");
    save_accepted("Name").await;
    assert!(alert_in("Name").is_none(), "the refusal is gone");
    let stored = backend_organization(&organization_id).await;
    assert_eq!(stored["organization_name"], "Renamed Org");
    assert_eq!(stored["organization_slug"], slug.as_str());
    assert_eq!(stored["organization_logo_url"], "https://cdn.example.test/logo.png");
    assert_eq!(
        saved.with_untracked(|v| v.last().map(|o| o.organization_name.clone())),
        Some("Renamed Org".into())
    );
    assert_eq!(
        field("Organization name").value(),
        "Renamed Org",
        "Stytch's value, trimmed"
    );

    // A personal email provider's domain is refused by Stytch's name, the field described by
    // the alert, nothing saved.
    let domains = || text_area("Allowed email domains");
    type_into(domains().unchecked_ref(), "acme.test\ngmail.com");
    save("Email domains");
    eventually("the domain refused", || alert_in("Email domains").is_some()).await;
    let alert = alert_in("Email domains").unwrap();
    assert!(
        alert
            .text_content()
            .is_some_and(|t| t.contains("organization_settings_domain_too_common")),
        "{:?}",
        alert.text_content()
    );
    assert!(
        domains()
            .get_attribute("aria-describedby")
            .is_some_and(|ids| ids.split(' ').any(|id| id == alert.id())),
        "the domains field points at the alert"
    );
    assert_eq!(
        backend_organization(&organization_id).await["email_allowed_domains"],
        serde_json::json!([])
    );

    // Email domains, joining by domain, invitations only at those domains; typing elsewhere
    // survives this section's save.
    type_into(&field("Organization name"), "Half-typed");
    type_into(domains().unchecked_ref(), "Example-Corp.test, subsidiary.test");
    field("People with an address at these domains may join without an invitation").click();
    field("Only addresses at the allowed domains").click();
    save_accepted("Email domains").await;
    let stored = backend_organization(&organization_id).await;
    assert_eq!(
        stored["email_allowed_domains"],
        serde_json::json!(["example-corp.test", "subsidiary.test"])
    );
    assert_eq!(stored["email_jit_provisioning"], "RESTRICTED");
    assert_eq!(stored["email_invites"], "RESTRICTED");
    assert_eq!(
        stored["organization_name"], "Renamed Org",
        "only the section's settings were sent"
    );
    assert_eq!(domains().value(), "example-corp.test\nsubsidiary.test");
    assert_eq!(
        field("Organization name").value(),
        "Half-typed",
        "typing elsewhere is kept"
    );

    // Sign-in methods: restricted with none checked is refused; then email code and password.
    let auth = "Sign-in methods";
    assert!(field("Password").disabled(), "methods wait for 'only these'");
    field("Only these methods").click();
    eventually("the methods enabled once restricted", || !field("Password").disabled()).await;
    save(auth);
    eventually("the empty list refused", || alert_in(auth).is_some()).await;
    field("Email code").click();
    field("Password").click();
    save_accepted(auth).await;
    assert!(alert_in(auth).is_none());
    let stored = backend_organization(&organization_id).await;
    assert_eq!(stored["auth_methods"], "RESTRICTED");
    assert_eq!(
        stored["allowed_auth_methods"],
        serde_json::json!(["email_otp", "password"])
    );

    // MFA required, by authenticator app only.
    let in_mfa = |label: &str| choice_in("Multi-factor authentication", label);
    in_mfa("Required for every member").click();
    in_mfa("Only these methods").click();
    eventually("the methods enabled once restricted", || {
        !in_mfa("Authenticator app").disabled()
    })
    .await;
    in_mfa("Authenticator app").click();
    save_accepted("Multi-factor authentication").await;
    let stored = backend_organization(&organization_id).await;
    assert_eq!(stored["mfa_policy"], "REQUIRED_FOR_ALL");
    assert_eq!(stored["mfa_methods"], "RESTRICTED");
    assert_eq!(stored["allowed_mfa_methods"], serde_json::json!(["totp"]));

    // A role by email domain: added with Enter in the domain field (focus stays there for
    // the next), saved, then removed by its button and saved again.
    let roles = "Roles by email domain";
    assert!(text_of(".stytch-org-settings").is_some_and(|t| t.contains("No role is given by email domain.")));
    let domain = field("Email domain");
    type_into(&domain, "@Example-Corp.test");
    key(&domain, "Enter");
    eventually("the assignment listed", || {
        text_of(".stytch-org-settings__assignments").as_deref()
            == Some("Everyone at example-corp.test is stytch_adminRemove")
    })
    .await;
    eventually("focus back in the domain field", || {
        html_document().active_element().is_some_and(|e| e.id() == domain.id())
    })
    .await;
    assert_eq!(domain.value(), "", "cleared for the next one");
    save_accepted(roles).await;
    let stored = backend_organization(&organization_id).await;
    assert_eq!(
        stored["rbac_email_implicit_role_assignments"],
        serde_json::json!([{ "domain": "example-corp.test", "role_id": "stytch_admin" }])
    );
    section(roles)
        .query_selector("button[aria-label='Remove stytch_admin for example-corp.test']")
        .unwrap()
        .expect("the assignment's remove button, named by what it removes")
        .unchecked_into::<web_sys::HtmlElement>()
        .click();
    eventually("the list empty", || {
        text_of(".stytch-org-settings").is_some_and(|t| t.contains("No role is given by email domain."))
    })
    .await;
    save(roles);
    eventually("the removal saved", || {
        announced() == "Roles by email domain: saved." && saved.with_untracked(Vec::len) == 6
    })
    .await;
    let stored = backend_organization(&organization_id).await;
    assert_eq!(stored["rbac_email_implicit_role_assignments"], serde_json::json!([]));
    assert_eq!(saved.with_untracked(Vec::len), 6, "one event per accepted save");

    // Joining from a Slack or GitHub workspace: the IDs one per line, the empty HubSpot left
    // out of what is sent.
    field("People from these workspaces may join when they sign in with them").click();
    type_into(
        text_area("Slack workspace IDs").unchecked_ref(),
        "T0123ABC\n T0456DEF \n",
    );
    type_into(text_area("GitHub organization IDs").unchecked_ref(), "9876");
    save_accepted("Joining from a workspace").await;
    let stored = backend_organization(&organization_id).await;
    assert_eq!(stored["oauth_tenant_jit_provisioning"], "RESTRICTED");
    assert_eq!(
        stored["allowed_oauth_tenants"],
        serde_json::json!({ "slack": ["T0123ABC", "T0456DEF"], "github": ["9876"] })
    );
    assert_eq!(text_area("Slack workspace IDs").value(), "T0123ABC\nT0456DEF");
    assert_eq!(saved.with_untracked(Vec::len), 7);
}

/// A fresh organization's creator, signed in on this page: its ID and theirs.
async fn signed_in_creator(prefix: &str) -> (String, String) {
    reset_page();
    let client = signed_in_client(&unique_email(prefix)).await;
    let session = client.session().get_sync().expect("signed in");
    (session.organization_id, session.member_id)
}

/// Replaces a member's directly assigned roles, through the backend.
async fn set_roles(organization_id: &str, member_id: &str, roles: &[&str]) {
    let answer = call(
        Method::Put,
        &format!("/v1/b2b/organizations/{organization_id}/members/{member_id}"),
        Some(serde_json::json!({ "roles": roles })),
        true,
    )
    .await;
    assert_eq!(answer["status_code"], 200, "{answer}");
}

#[wasm_bindgen_test]
async fn a_member_whose_role_allows_no_change_sees_the_settings_read_only() {
    let (organization_id, member_id) = signed_in_creator("settings-member").await;
    // The creator loses the admin role: only `stytch_member`, which grants nothing on
    // `stytch.organization`.
    set_roles(&organization_id, &member_id, &[]).await;
    let (_, _mounted) = mount_recording();
    eventually("told they may not change them", || {
        text_of(".stytch-org-settings").is_some_and(|t| t.contains("Your role does not let you change these settings."))
    })
    .await;
    let controls = html_document()
        .query_selector_all(".stytch-org-settings input, .stytch-org-settings textarea")
        .unwrap();
    assert!(controls.length() > 10);
    for i in 0..controls.length() {
        let control = controls.item(i).unwrap().unchecked_into::<web_sys::Element>();
        assert!(
            control.has_attribute("disabled"),
            "{} is not disabled",
            control.outer_html()
        );
    }
    assert!(
        html_document()
            .query_selector(".stytch-org-settings button")
            .unwrap()
            .is_none(),
        "no save button"
    );
    assert_eq!(
        field("Organization name").value(),
        "Browser Test Org",
        "the settings are shown"
    );
}

#[wasm_bindgen_test]
async fn a_member_allowed_only_the_mfa_policy_changes_only_that() {
    let (organization_id, member_id) = signed_in_creator("settings-officer").await;
    // An organization's own role granting one action, spelled as Stytch documents the
    // `mfa_policy` field; the creator holds only that role.
    let policy = call(
        Method::Put,
        &format!("/v1/b2b/rbac/organizations/{organization_id}"),
        Some(serde_json::json!({ "org_policy": { "roles": [{
            "role_id": "mfa-officer",
            "description": "Decides whether MFA is required.",
            "permissions": [{ "resource_id": "stytch.organization", "actions": ["update.settings.mfa-policy"] }],
        }] } })),
        true,
    )
    .await;
    assert_eq!(policy["status_code"], 200, "{policy}");
    set_roles(&organization_id, &member_id, &["mfa-officer"]).await;

    let (saved, _mounted) = mount_recording();
    let required = || choice_in("Multi-factor authentication", "Required for every member");
    // The cached session still holds the admin role; Stytch's answer brings the new one.
    eventually("only the MFA policy enabled, once Stytch confirms the roles", || {
        html_document()
            .query_selector(".stytch-org-settings__section")
            .unwrap()
            .is_some()
            && !required().disabled()
            && field("Organization name").disabled()
    })
    .await;
    assert!(field("Only addresses at the allowed domains").disabled());
    assert!(
        field("Only these methods").disabled(),
        "sign-in methods need their own action"
    );
    let buttons = html_document()
        .query_selector_all(".stytch-org-settings button[type=submit]")
        .unwrap();
    assert_eq!(buttons.length(), 1, "a save button in the MFA section only");

    required().click();
    save_accepted("Multi-factor authentication").await;
    let stored = backend_organization(&organization_id).await;
    assert_eq!(stored["mfa_policy"], "REQUIRED_FOR_ALL");
    assert_eq!(saved.with_untracked(Vec::len), 1);
}

/// An active OIDC connection of `organization_id` named `name` (every endpoint given, so no
/// discovery document is fetched); its ID.
async fn active_oidc_connection(organization_id: &str, name: &str) -> String {
    let created = call(
        Method::Post,
        &format!("/v1/b2b/sso/oidc/{organization_id}"),
        Some(serde_json::json!({ "display_name": name })),
        true,
    )
    .await;
    let connection_id = created["connection"]["connection_id"]
        .as_str()
        .unwrap_or_else(|| panic!("a connection: {created}"))
        .to_owned();
    let base = "https://idp.example.test";
    let activated = call(
        Method::Put,
        &format!("/v1/b2b/sso/oidc/{organization_id}/connections/{connection_id}"),
        Some(serde_json::json!({
            "issuer": base,
            "client_id": "client",
            "client_secret": "secret",
            "authorization_url": format!("{base}/authorize"),
            "token_url": format!("{base}/token"),
            "userinfo_url": format!("{base}/userinfo"),
            "jwks_url": format!("{base}/jwks"),
        })),
        true,
    )
    .await;
    assert_eq!(activated["connection"]["status"], "active", "{activated}");
    connection_id
}

/// The input a label starting with `prefix` wraps, in the section headed `heading`.
fn choice_in(heading: &str, prefix: &str) -> web_sys::HtmlInputElement {
    let labels = section(heading).query_selector_all("label").unwrap();
    (0..labels.length())
        .filter_map(|i| labels.item(i))
        .find(|l| l.text_content().is_some_and(|t| t.trim().starts_with(prefix)))
        .and_then(|l| l.unchecked_into::<web_sys::Element>().query_selector("input").unwrap())
        .unwrap_or_else(|| panic!("no {prefix:?} in {heading:?}"))
        .unchecked_into()
}

#[wasm_bindgen_test]
async fn an_admin_sets_the_default_sso_connection_and_who_may_join_through_sso() {
    let (organization_id, _) = signed_in_creator("settings-sso").await;
    let staff = active_oidc_connection(&organization_id, "Staff IdP").await;
    let contractors = active_oidc_connection(&organization_id, "Contractors IdP").await;
    let (saved, _mounted) = mount_recording();
    let heading = "Single sign-on";
    eventually("the SSO section, once the connections are known", || {
        html_document()
            .query_selector_all(".stytch-org-settings__section h3")
            .map(|list| {
                (0..list.length())
                    .filter_map(|i| list.item(i))
                    .any(|h| h.text_content().as_deref() == Some(heading))
            })
            .unwrap_or(false)
            && section(heading)
                .query_selector_all("input[type=checkbox]")
                .unwrap()
                .length()
                == 2
    })
    .await;
    let select: web_sys::HtmlSelectElement = section(heading)
        .query_selector("select")
        .unwrap()
        .expect("the default connection")
        .unchecked_into();
    assert_eq!(select.value(), "", "none chosen yet");
    assert_eq!(select.length(), 3, "a placeholder and the two connections");
    select.set_value(&contractors);
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    select
        .dispatch_event(&web_sys::Event::new_with_event_init_dict("change", &init).unwrap())
        .unwrap();
    assert!(
        choice_in(heading, "Staff IdP").disabled(),
        "connections wait for 'only these'"
    );
    choice_in(heading, "Only people from these connections").click();
    eventually("the connections enabled", || {
        !choice_in(heading, "Staff IdP").disabled()
    })
    .await;
    choice_in(heading, "Staff IdP").click();
    save_accepted(heading).await;
    let stored = backend_organization(&organization_id).await;
    assert_eq!(stored["sso_default_connection_id"], contractors.as_str());
    assert_eq!(stored["sso_jit_provisioning"], "RESTRICTED");
    assert_eq!(
        stored["sso_jit_provisioning_allowed_connections"],
        serde_json::json!([staff])
    );
    assert_eq!(saved.with_untracked(Vec::len), 1);
    eventually("the placeholder gone once a default is set", || {
        section(heading).query_selector("option[value='']").unwrap().is_none()
    })
    .await;
}
