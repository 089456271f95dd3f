//! Browser tests in headless Chromium against a running emulator: cookies and localStorage as
//! the official SDK writes them, provider signals through the flow, the cached first paint,
//! the login component's screens, focus and errors, Google One Tap through the emulator's
//! stand-in for Google, and the Connected Apps consent and logout pages.

#![cfg(target_arch = "wasm32")]

mod support;

use leptos::prelude::*;
use stytch_core::transport::Method;
use stytch_leptos::{
    ConnectedAppConsent, ConnectedAppLogout, OneTapStatus, Protect, StytchLogin, StytchProvider,
    UseGoogleOneTapOptions, authorized_condition, use_google_one_tap_with_options, use_is_authorized,
    use_member_session, use_permissions, use_stytch,
};
use support::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn the_core_writes_official_cookies_and_cached_state() {
    reset_page();
    let email = unique_email("cookies");
    let client = signed_in_client(&email).await;
    let tokens = client.session().get_tokens().expect("both cookies readable");
    assert_eq!(cookie("stytch_session"), Some(tokens.session_token));
    assert_eq!(cookie("stytch_session_jwt"), Some(tokens.session_jwt));
    assert_eq!(
        cookie("stytch_intermediate_session_token"),
        None,
        "the IST is gone once signed in"
    );
    let cached = local_storage()
        .get_item(&format!("stytch_sdk_state_{PUBLIC_TOKEN}"))
        .unwrap()
        .expect("state cached");
    let cached: serde_json::Value = serde_json::from_str(&cached).unwrap();
    assert_eq!(cached["member"]["email_address"], email.as_str());
    assert!(
        cached["session"]["member_session_id"]
            .as_str()
            .unwrap()
            .starts_with("session-test-")
    );

    client.session().revoke(false).await.expect("revoked");
    assert_eq!(cookie("stytch_session"), None);
    assert_eq!(
        local_storage()
            .get_item(&format!("stytch_sdk_state_{PUBLIC_TOKEN}"))
            .unwrap()
            .as_deref(),
        Some("null")
    );
}

/// Renders the provider's signals as text, so tests can read them from the DOM.
#[component]
fn Probe() -> impl IntoView {
    let s = use_member_session();
    view! {
        <p id="initialized">{move || s.is_initialized.get().to_string()}</p>
        <p id="from-cache">{move || s.from_cache.get().to_string()}</p>
        <p id="session">{move || s.session.get().map(|s| s.member_session_id).unwrap_or_else(|| "none".into())}</p>
    }
}

#[wasm_bindgen_test]
async fn provider_signals_follow_the_flow() {
    reset_page();
    let client_slot = RwSignal::new_local(None);
    let _mounted = mount(move || {
        view! {
            <StytchProvider public_token=PUBLIC_TOKEN options=options()>
                <Probe/>
                {move || client_slot.set(use_stytch().client())}
            </StytchProvider>
        }
    });
    assert_eq!(
        text_of("#initialized").as_deref(),
        Some("true"),
        "client-side rendering is initialized at once"
    );
    assert_eq!(text_of("#session").as_deref(), Some("none"));
    assert_eq!(
        text_of("#from-cache").as_deref(),
        Some("false"),
        "no cookie: nothing cached to confirm"
    );

    let client = client_slot.get_untracked().expect("the provider exposes its client");
    let email = unique_email("signals");
    use stytch_models::api::{
        discovery::OrganizationCreateViaDiscoveryRequest, magic_links::DiscoveryEmailSendRequest,
    };
    let send = DiscoveryEmailSendRequest {
        email_address: email.clone(),
        ..Default::default()
    };
    client.magic_links().discovery_send(&send).await.unwrap();
    let token = latest_message(&email).await["token"].as_str().unwrap().to_owned();
    client.magic_links().discovery_authenticate(&token).await.unwrap();
    assert_eq!(text_of("#session").as_deref(), Some("none"), "an IST is not a session");
    let request = OrganizationCreateViaDiscoveryRequest {
        organization_name: Some("Signals".into()),
        organization_slug: Some(format!("signals-{}", (js_sys::Math::random() * 1e9) as u64)),
        ..Default::default()
    };
    let created = client.discovery().create_organization(request).await.unwrap();
    let id = created.member_session.unwrap().member_session_id;
    eventually("the session signal", || {
        text_of("#session").as_deref() == Some(id.as_str())
    })
    .await;

    client.session().revoke(false).await.unwrap();
    eventually("signed out", || text_of("#session").as_deref() == Some("none")).await;
}

#[wasm_bindgen_test]
async fn a_reload_paints_the_cached_session_then_confirms_it() {
    reset_page();
    let first = signed_in_client(&unique_email("reload")).await;
    let id = first.session().get_sync().unwrap().member_session_id;
    drop(first);

    let _mounted =
        mount(|| view! { <StytchProvider public_token=PUBLIC_TOKEN options=options()><Probe/></StytchProvider> });
    assert_eq!(
        text_of("#session").as_deref(),
        Some(id.as_str()),
        "the first render already shows the cached session"
    );
    assert_eq!(text_of("#from-cache").as_deref(), Some("true"));
    eventually("confirmation by the server", || {
        text_of("#from-cache").as_deref() == Some("false")
    })
    .await;
    assert_eq!(text_of("#session").as_deref(), Some(id.as_str()));
}

/// Renders whether the member may write documents, as `use_is_authorized` answers.
#[component]
fn CanWrite() -> impl IntoView {
    let write = use_is_authorized("documents", "write");
    let (can, from_cache) = (write.is_authorized, write.from_cache);
    let all = use_permissions().permissions;
    view! {
        <p id="can-write">{move || can.get().to_string()}</p>
        <p id="policy-from-cache">{move || from_cache.get().to_string()}</p>
        <p id="documents">{move || all.with(|all| format!("{:?}", all.get("documents")))}</p>
    }
}

#[wasm_bindgen_test]
async fn is_authorized_follows_roles_changed_on_the_backend_from_the_next_authenticate() {
    reset_page();
    let first = signed_in_client(&unique_email("roles")).await;
    let session = first.session().get_sync().unwrap();
    drop(first);
    let member = format!(
        "/v1/b2b/organizations/{}/members/{}",
        session.organization_id, session.member_id
    );
    let client_slot = RwSignal::new_local(None);
    let _mounted = mount(move || {
        view! {
            <StytchProvider public_token=PUBLIC_TOKEN options=options()>
                <Probe/>
                <CanWrite/>
                {move || client_slot.set(use_stytch().client())}
            </StytchProvider>
        }
    });
    eventually("the cached session confirmed", || {
        text_of("#from-cache").as_deref() == Some("false")
    })
    .await;
    eventually("the creator (stytch_admin) may write", || {
        text_of("#can-write").as_deref() == Some("true")
    })
    .await;
    assert_eq!(
        text_of("#documents").as_deref(),
        Some(r#"Some({"delete": true, "read": true, "write": true})"#),
        "use_permissions: every action of every resource"
    );
    let client = client_slot.get_untracked().expect("the provider exposes its client");

    // Taking stytch_admin away shows from the session's next authenticate on.
    call(Method::Put, &member, Some(serde_json::json!({ "roles": [] })), true).await;
    assert_eq!(
        text_of("#can-write").as_deref(),
        Some("true"),
        "the roles are the session's until it authenticates"
    );
    client.session().authenticate(None).await.unwrap();
    eventually("a plain member may not write", || {
        text_of("#can-write").as_deref() == Some("false")
    })
    .await;
    assert_eq!(
        text_of("#documents").as_deref(),
        Some(r#"Some({"delete": false, "read": true, "write": false})"#)
    );

    // So does a role every member at the email domain holds implicitly.
    let organization = format!("/v1/b2b/organizations/{}", session.organization_id);
    let implicit = serde_json::json!({
        "rbac_email_implicit_role_assignments": [{ "domain": "example.org", "role_id": "editor" }],
    });
    call(Method::Put, &organization, Some(implicit), true).await;
    client.session().authenticate(None).await.unwrap();
    eventually("an editor through the email domain may write", || {
        text_of("#can-write").as_deref() == Some("true")
    })
    .await;
    assert_eq!(
        client.session().get_sync().map(|s| s.roles),
        Some(vec!["stytch_member".to_owned(), "editor".to_owned()])
    );

    // And so does a role the organization defines for itself (its `custom_roles`).
    let no_implicit = serde_json::json!({ "rbac_email_implicit_role_assignments": [] });
    call(Method::Put, &organization, Some(no_implicit), true).await;
    client.session().authenticate(None).await.unwrap();
    eventually("a plain member again", || {
        text_of("#can-write").as_deref() == Some("false")
    })
    .await;
    let own_role = serde_json::json!({ "org_policy": { "roles": [{
        "role_id": "org-writer",
        "permissions": [{ "resource_id": "documents", "actions": ["write"] }],
    }] } });
    let org_policy = format!("/v1/b2b/rbac/organizations/{}", session.organization_id);
    call(Method::Put, &org_policy, Some(own_role), true).await;
    call(
        Method::Put,
        &member,
        Some(serde_json::json!({ "roles": ["org-writer"] })),
        true,
    )
    .await;
    client.session().authenticate(None).await.unwrap();
    eventually("the organization's own writer role may write", || {
        text_of("#can-write").as_deref() == Some("true")
    })
    .await;
    assert_eq!(
        text_of("#documents").as_deref(),
        Some(r#"Some({"delete": false, "read": true, "write": true})"#),
        "use_permissions counts the organization's own roles too"
    );
}

/// Every value a condition took, in order.
type History = std::sync::Arc<std::sync::Mutex<Vec<Option<bool>>>>;

/// Renders `authorized_condition(resource, action)` as text and a `<Protect>` on the same
/// permission, and records every value the condition took.
#[component]
fn Guard(id: &'static str, action: &'static str, history: History) -> impl IntoView {
    let condition = authorized_condition("documents", action);
    Effect::new(move |_| history.lock().unwrap().push(condition()));
    view! {
        <p id=format!("{id}-condition")>{move || format!("{:?}", condition())}</p>
        <Protect resource="documents" action=action fallback=move || view! { <p id=format!("{id}-protect")>"fallback"</p> }>
            <p id=format!("{id}-protect")>"permitted"</p>
        </Protect>
    }
}

/// Every `projects/bootstrap` fetch answers 503 until the faults are cleared.
async fn bootstrap_outage() {
    let outage = serde_json::json!({ "path": "/sdk/v1/projects/bootstrap/*", "status": 503 });
    call(Method::Post, "/emulator/v1/faults", Some(outage), false).await;
}

/// Signs a member in, leaves them with the given roles cached in this browser (and the
/// project's policy cached beside them), and returns their session.
async fn cached_member_with_roles(prefix: &str, roles: &[&str]) -> stytch_models::MemberSession {
    let client = signed_in_client(&unique_email(prefix)).await;
    client.bootstrap_ready().await;
    let session = client.session().get_sync().unwrap();
    let member = format!(
        "/v1/b2b/organizations/{}/members/{}",
        session.organization_id, session.member_id
    );
    call(Method::Put, &member, Some(serde_json::json!({ "roles": roles })), true).await;
    client.session().authenticate(None).await.unwrap();
    client.session().get_sync().unwrap()
}

#[wasm_bindgen_test]
async fn a_permission_granted_since_the_last_visit_never_bounces_the_member() {
    reset_page();
    let session = cached_member_with_roles("granted", &[]).await;
    assert_eq!(session.roles, vec!["stytch_member".to_owned()], "cached: no write");
    // Since that visit, an admin made them an editor.
    let member = format!(
        "/v1/b2b/organizations/{}/members/{}",
        session.organization_id, session.member_id
    );
    call(
        Method::Put,
        &member,
        Some(serde_json::json!({ "roles": ["editor"] })),
        true,
    )
    .await;

    let history = History::default();
    let recorded = history.clone();
    let _mounted = mount(move || {
        view! {
            <StytchProvider public_token=PUBLIC_TOKEN options=options()>
                <Probe/>
                <Guard id="write" action="write" history=recorded/>
            </StytchProvider>
        }
    });
    assert_eq!(
        text_of("#from-cache").as_deref(),
        Some("true"),
        "painted from the cache"
    );
    assert_eq!(
        text_of("#write-condition").as_deref(),
        Some("None"),
        "the cache says no, but Stytch has not confirmed it: still loading"
    );
    assert_eq!(text_of("#write-protect").as_deref(), Some("fallback"));
    eventually("the confirmed roles permit writing", || {
        text_of("#write-condition").as_deref() == Some("Some(true)")
    })
    .await;
    assert_eq!(text_of("#write-protect").as_deref(), Some("permitted"));
    assert!(
        !history.lock().unwrap().contains(&Some(false)),
        "never denied on the way: {:?}",
        history.lock().unwrap()
    );
}

#[wasm_bindgen_test]
async fn a_permission_is_granted_from_the_cache_and_denied_once_confirmed() {
    reset_page();
    cached_member_with_roles("denied", &[]).await;
    let (reads, writes) = (History::default(), History::default());
    let (reads_seen, writes_seen) = (reads.clone(), writes.clone());
    let client_slot = RwSignal::new_local(None);
    let _mounted = mount(move || {
        view! {
            <StytchProvider public_token=PUBLIC_TOKEN options=options()>
                <Probe/>
                <Guard id="read" action="read" history=reads_seen/>
                <Guard id="write" action="write" history=writes_seen/>
                {move || client_slot.set(use_stytch().client())}
            </StytchProvider>
        }
    });
    assert_eq!(
        text_of("#read-condition").as_deref(),
        Some("Some(true)"),
        "a cached yes paints at once"
    );
    assert_eq!(text_of("#read-protect").as_deref(), Some("permitted"));
    assert_eq!(text_of("#write-condition").as_deref(), Some("None"));
    eventually("the confirmed roles deny writing", || {
        text_of("#write-condition").as_deref() == Some("Some(false)")
    })
    .await;
    assert_eq!(
        text_of("#from-cache").as_deref(),
        Some("false"),
        "denied only once confirmed"
    );
    assert_eq!(text_of("#write-protect").as_deref(), Some("fallback"));
    let writes = writes.lock().unwrap().clone();
    assert!(!writes.contains(&Some(true)), "{writes:?}");
    let reads = reads.lock().unwrap().clone();
    assert!(!reads.contains(&Some(false)), "{reads:?}");

    // Signed out: denied at once, without waiting for anything.
    let client = client_slot.get_untracked().expect("the provider exposes its client");
    client.session().revoke(false).await.unwrap();
    eventually("signed out", || text_of("#session").as_deref() == Some("none")).await;
    assert_eq!(text_of("#read-condition").as_deref(), Some("Some(false)"));
    assert_eq!(text_of("#read-protect").as_deref(), Some("fallback"));
}

#[wasm_bindgen_test]
async fn through_an_outage_a_cached_denial_stands() {
    reset_page();
    cached_member_with_roles("outage", &[]).await;
    let outage = serde_json::json!({ "path": "/sdk/v1/b2b/sessions/authenticate", "status": 503 });
    call(Method::Post, "/emulator/v1/faults", Some(outage), false).await;
    let _mounted = mount(move || {
        view! {
            <StytchProvider public_token=PUBLIC_TOKEN options=options()>
                <Probe/>
                <Guard id="write" action="write" history=History::default()/>
            </StytchProvider>
        }
    });
    assert_eq!(text_of("#write-condition").as_deref(), Some("None"));
    // Once the confirmation is being retried, waiting longer would leave the page loading for
    // as long as the outage lasts: the cached answer stands.
    eventually("denied from the cache while retrying", || {
        text_of("#write-condition").as_deref() == Some("Some(false)")
    })
    .await;
    assert_eq!(text_of("#from-cache").as_deref(), Some("true"), "still unconfirmed");
    call(Method::Delete, "/emulator/v1/faults", None, false).await;
}

#[wasm_bindgen_test]
async fn when_the_policy_cannot_be_fetched_the_cached_one_still_grants() {
    reset_page();
    // An editor (documents: read, write) whose project policy this browser cached.
    cached_member_with_roles("policy-outage", &["editor"]).await;
    bootstrap_outage().await;
    let writes = History::default();
    let writes_seen = writes.clone();
    let _mounted = mount(move || {
        view! {
            <StytchProvider public_token=PUBLIC_TOKEN options=options()>
                <Probe/>
                <Guard id="write" action="write" history=writes_seen/>
                <Guard id="delete" action="delete" history=History::default()/>
                <CanWrite/>
            </StytchProvider>
        }
    });
    // The fetch failed (the official defaults carry no policy): the cached policy's answers
    // stand, a "no" included, and the hooks say they come from the cache.
    eventually("the cached policy's denial stands once the fetch failed", || {
        text_of("#delete-condition").as_deref() == Some("Some(false)")
    })
    .await;
    assert_eq!(text_of("#write-condition").as_deref(), Some("Some(true)"));
    assert_eq!(text_of("#write-protect").as_deref(), Some("permitted"));
    assert_eq!(text_of("#can-write").as_deref(), Some("true"));
    assert_eq!(text_of("#policy-from-cache").as_deref(), Some("true"));
    let writes = writes.lock().unwrap().clone();
    assert!(!writes.contains(&Some(false)), "never denied: {writes:?}");
    call(Method::Delete, "/emulator/v1/faults", None, false).await;
}

#[wasm_bindgen_test]
async fn after_a_failed_policy_fetch_the_fresh_policy_arrives_once_the_api_answers() {
    reset_page();
    // An editor (documents: read, write) whose cached policy is out of date: it lets editors
    // delete, which the project's policy no longer does.
    cached_member_with_roles("policy-return", &["editor"]).await;
    let key = format!("stytch_sdk_state_{PUBLIC_TOKEN}::bootstrap");
    let mut cached: serde_json::Value =
        serde_json::from_str(&local_storage().get_item(&key).unwrap().expect("cached")).unwrap();
    let roles = cached["rbac_policy"]["roles"].as_array_mut().unwrap();
    let editor = roles
        .iter_mut()
        .find(|r| r["role_id"] == "editor")
        .expect("an editor role");
    editor["permissions"] = serde_json::json!([{ "resource_id": "documents", "actions": ["*"] }]);
    local_storage().set_item(&key, &cached.to_string()).unwrap();
    bootstrap_outage().await;
    let client_slot = RwSignal::new_local(None);
    let _mounted = mount(move || {
        view! {
            <StytchProvider public_token=PUBLIC_TOKEN options=options()>
                <Probe/>
                <Guard id="delete" action="delete" history=History::default()/>
                <CanWrite/>
                {move || client_slot.set(use_stytch().client())}
            </StytchProvider>
        }
    });
    eventually("the fetch failed", || {
        client_slot
            .with_untracked(|c: &Option<stytch_core::StytchClient>| c.as_ref().is_some_and(|c| c.bootstrap().is_some()))
    })
    .await;
    let client = client_slot.get_untracked().expect("started");
    assert_eq!(client.bootstrap().and_then(|b| b.rbac_policy), None, "the defaults");
    assert_eq!(
        text_of("#delete-condition").as_deref(),
        Some("Some(true)"),
        "the cached answer"
    );
    assert_eq!(text_of("#policy-from-cache").as_deref(), Some("true"));

    // The endpoint is back; the next request the API answers brings the project's policy.
    call(Method::Delete, "/emulator/v1/faults", None, false).await;
    client.session().authenticate(None).await.expect("authenticated");
    eventually("the fetched policy replaces the cached one", || {
        text_of("#policy-from-cache").as_deref() == Some("false")
    })
    .await;
    assert_eq!(text_of("#delete-condition").as_deref(), Some("Some(false)"));
    assert_eq!(text_of("#can-write").as_deref(), Some("true"));
}

#[wasm_bindgen_test]
async fn without_assume_hydrated_the_first_render_is_not_initialized() {
    reset_page();
    let seen_uninitialized = std::rc::Rc::new(std::cell::Cell::new(false));
    let _mounted = mount(|| {
        view! { <StytchProvider public_token=PUBLIC_TOKEN options=options() assume_hydrated=false><Probe/></StytchProvider> }
    });
    if text_of("#initialized").as_deref() == Some("false") {
        seen_uninitialized.set(true);
    }
    assert!(
        seen_uninitialized.get(),
        "hydration-safe start: nothing is known during the first render"
    );
    eventually("start after the first render", || {
        text_of("#initialized").as_deref() == Some("true")
    })
    .await;
}

fn click_button(text: &str) {
    let buttons = html_document().query_selector_all("button").unwrap();
    for i in 0..buttons.length() {
        let button: web_sys::HtmlElement = buttons.item(i).unwrap().unchecked_into();
        if button.text_content().unwrap_or_default().contains(text) {
            button.click();
            return;
        }
    }
    panic!("no button containing {text:?}");
}

fn focused_heading() -> bool {
    html_document()
        .active_element()
        .is_some_and(|e| e.has_attribute("data-stytch-heading"))
}

#[wasm_bindgen_test]
async fn the_login_component_walks_the_discovery_screens() {
    reset_page();
    let login = || {
        mount(|| view! { <StytchProvider public_token=PUBLIC_TOKEN options=options()><StytchLogin/></StytchProvider> })
    };
    let mounted = login();
    assert_eq!(heading().as_deref(), Some("Sign up or log in"));
    assert!(
        html_document()
            .query_selector("label[for=stytch-login-email]")
            .unwrap()
            .is_some(),
        "the email input is labelled"
    );

    input("#stytch-login-email", "not-an-email");
    click_button("Continue");
    eventually("a validation error", || {
        text_of("[role=alert]").is_some_and(|t| t.contains("valid email"))
    })
    .await;

    let email = unique_email("component");
    input("#stytch-login-email", &email);
    click_button("Continue");
    eventually("the email-sent screen", || {
        heading().as_deref() == Some("Check your email")
    })
    .await;
    eventually("focus on the new heading", focused_heading).await;
    assert!(text_of(".stytch-login").unwrap().contains(&email));

    // The link lands on a page with the token in its URL.
    let token = latest_message(&email).await["token"].as_str().unwrap().to_owned();
    drop(mounted);
    remove_test_roots();
    let history = web_sys::window().unwrap().history().unwrap();
    history
        .push_state_with_url(
            &wasm_bindgen::JsValue::NULL,
            "",
            Some(&format!("?stytch_token_type=discovery&token={token}")),
        )
        .unwrap();
    let _landing = login();
    eventually("the organization list", || {
        heading().as_deref() == Some("Select an organization to continue")
    })
    .await;
    let href = web_sys::window().unwrap().location().href().unwrap();
    assert!(
        !href.contains("token="),
        "the token is removed from the address bar: {href}"
    );

    eventually("create offered once bootstrap arrives", || {
        text_of(".stytch-login").is_some_and(|t| t.contains("Create an organization"))
    })
    .await;
    click_button("Create an organization");
    eventually("the creation form", || {
        heading().as_deref() == Some("Create an organization")
    })
    .await;
    input("#stytch-login-org-name", "Component Co");
    let slug: web_sys::HtmlInputElement = html_document()
        .query_selector("#stytch-login-org-slug")
        .unwrap()
        .unwrap()
        .unchecked_into();
    eventually("the slug follows the name", || slug.value() == "component-co").await;
    input("#stytch-login-org-slug", "x");
    click_button("Create organization");
    eventually("the slug is rejected before any request", || {
        text_of("[role=alert]").is_some_and(|t| t.contains("at least 2"))
    })
    .await;
    input(
        "#stytch-login-org-slug",
        &format!("component-{}", (js_sys::Math::random() * 1e9) as u64),
    );
    click_button("Create organization");
    eventually("signed in", || heading().as_deref() == Some("You're signed in")).await;
    assert!(cookie("stytch_session").is_some());
    history
        .replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some("/"))
        .unwrap();
}

#[wasm_bindgen_test]
async fn a_gateway_error_or_a_cut_off_answer_is_announced_and_the_form_kept() {
    reset_page();
    let _mounted =
        mount(|| view! { <StytchProvider public_token=PUBLIC_TOKEN options=options()><StytchLogin/></StytchProvider> });
    const SEND: &str = "/sdk/v1/b2b/magic_links/email/discovery/send";
    let email = unique_email("gateway-form");
    let gateway = serde_json::json!({
        "path": SEND, "status": 502, "count": 1, "body": "<html><h1>502 Bad Gateway</h1></html>",
    });
    let cut_off = serde_json::json!({
        "path": SEND, "status": 200, "count": 1, "content_type": "application/json", "body": "{\"data\": {\"req",
    });
    input("#stytch-login-email", &email);
    for fault in [gateway, cut_off] {
        call(Method::Post, "/emulator/v1/faults", Some(fault.clone()), false).await;
        click_button("Continue");
        // The fault is used up once the emulator has answered; the button is enabled again once
        // the page has read that answer (the first round's alert has the same words).
        eventually_async("the faulty answer sent", || async {
            call(Method::Get, "/emulator/v1/faults", None, false).await["faults"]
                .as_array()
                .is_some_and(Vec::is_empty)
        })
        .await;
        eventually(
            &format!("{fault}: the error announced in words a person can act on"),
            || {
                let button: Option<web_sys::HtmlButtonElement> = html_document()
                    .query_selector(".stytch-login button[type=submit]")
                    .ok()
                    .flatten()
                    .map(JsCast::unchecked_into);
                button.is_some_and(|b| !b.disabled())
                    && text_of("[role=alert]").is_some_and(|t| t.contains("couldn't reach the server"))
            },
        )
        .await;
        assert_eq!(
            heading().as_deref(),
            Some("Sign up or log in"),
            "{fault}: the same screen"
        );
        let field: web_sys::HtmlInputElement = html_document()
            .query_selector("#stytch-login-email")
            .unwrap()
            .unwrap()
            .unchecked_into();
        assert_eq!(field.value(), email, "{fault}: the address is kept");
    }
    click_button("Continue");
    eventually("sent on the next try", || {
        heading().as_deref() == Some("Check your email")
    })
    .await;
}

#[wasm_bindgen_test]
async fn an_expired_or_unknown_link_is_a_clear_dead_end() {
    reset_page();
    let history = web_sys::window().unwrap().history().unwrap();
    history
        .push_state_with_url(
            &wasm_bindgen::JsValue::NULL,
            "",
            Some("?stytch_token_type=discovery&token=bogus"),
        )
        .unwrap();
    let _mounted =
        mount(|| view! { <StytchProvider public_token=PUBLIC_TOKEN options=options()><StytchLogin/></StytchProvider> });
    eventually("the error screen", || {
        heading().as_deref() == Some("Something went wrong")
    })
    .await;
    assert!(text_of(".stytch-login").unwrap().contains("expired or is not valid"));
    click_button("Start over");
    eventually("back at the start", || {
        heading().as_deref() == Some("Sign up or log in")
    })
    .await;
    history
        .replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some("/"))
        .unwrap();
}

#[wasm_bindgen_test]
async fn member_search_pages_follows_its_query_drops_stale_answers_and_empties_on_sign_out() {
    use stytch_leptos::{UseMemberSearchOptions, UseMemberSearchReturn, use_member_search_with_options};
    use stytch_models::MemberStatus;
    use stytch_models::api::{
        magic_links::InviteRequest,
        organizations::{SearchOperand, SearchQuery},
    };
    reset_page();
    let founder = unique_email("founder");
    let client = signed_in_client(&founder).await;
    for who in ["first", "second"] {
        let invite = InviteRequest {
            email_address: unique_email(who),
            ..Default::default()
        };
        client.magic_links().invite(&invite).await.expect("invited");
    }

    let query = RwSignal::new(None::<SearchQuery>);
    let slot = StoredValue::new_local(None::<(UseMemberSearchReturn, stytch_leptos::Stytch)>);
    // Every value `total` takes, as a page would render it.
    let totals = StoredValue::new_local(Vec::<Option<u64>>::new());
    let _mounted = mount(move || {
        view! {
            <StytchProvider public_token=PUBLIC_TOKEN options=options()>
                {move || {
                    let options = UseMemberSearchOptions { limit: Some(2) };
                    let search = use_member_search_with_options(query, options);
                    Effect::new(move |_| {
                        let total = search.total.get();
                        totals.update_value(|t| t.push(total));
                    });
                    slot.set_value(Some((search, use_stytch())));
                }}
            </StytchProvider>
        }
    });
    let (search, stytch) = slot.get_value().expect("the hook ran");
    let emails = move || {
        search
            .members
            .get_untracked()
            .into_iter()
            .map(|m| m.email_address)
            .collect::<Vec<_>>()
    };

    eventually("the first page", || search.total.get_untracked() == Some(3)).await;
    assert_eq!(emails().len(), 2);
    assert_eq!(emails()[0], founder, "in creation order");
    assert!(search.has_more.get_untracked());
    search.load_more.run(());
    eventually("the second page appended", || emails().len() == 3).await;
    assert!(!search.has_more.get_untracked());
    assert!(!search.loading.get_untracked());

    // An answer that arrives after a newer search started is dropped. The emulator holds the
    // founder-only search (A) for 300 ms, so the invited-only one (B) answers first; a refetch
    // held for 600 ms then marks when A's answer has arrived too.
    const SEARCH: &str = "/sdk/v1/b2b/organizations/me/members/search";
    let hold = |ms: u64| async move {
        let fault = serde_json::json!({ "path": SEARCH, "delay_ms": ms, "count": 1 });
        call(Method::Post, "/emulator/v1/faults", Some(fault), false).await;
    };
    // A fault used up leaves the emulator's list.
    let held = || async {
        call(Method::Get, "/emulator/v1/faults", None, false).await["faults"]
            .as_array()
            .is_some_and(Vec::is_empty)
    };
    hold(300).await;
    query.set(Some(SearchQuery::all_of(vec![SearchOperand::member_emails(&[
        &founder,
    ])])));
    eventually_async("search A reached the emulator", held).await;
    query.set(Some(SearchQuery::all_of(vec![SearchOperand::statuses(&[
        MemberStatus::Invited,
    ])])));
    eventually("search B answered", || {
        search.total.get_untracked() == Some(2) && !search.loading.get_untracked()
    })
    .await;
    totals.set_value(Vec::new());
    call(Method::Delete, "/emulator/v1/faults", None, false).await;
    hold(600).await;
    search.refetch.run(());
    eventually("the refetch answered, after A", || !search.loading.get_untracked()).await;
    assert!(
        !totals.get_value().contains(&Some(1)),
        "A's answer (one member) landed after B: {:?}",
        totals.get_value()
    );
    assert!(!emails().contains(&founder), "{:?}", emails());
    call(Method::Delete, "/emulator/v1/faults", None, false).await;

    query.set(Some(SearchQuery::all_of(vec![SearchOperand {
        filter_name: "member_shoe_size".into(),
        filter_value: 42.into(),
    }])));
    eventually("a refused query", || search.error.get_untracked().is_some()).await;
    let error = search.error.get_untracked().unwrap();
    assert_eq!(
        error.error_type().map(|t| t.as_str()),
        Some("member_search_filter_name_not_recognized")
    );
    assert!(emails().is_empty() && search.total.get_untracked().is_none());

    query.set(None);
    eventually("everyone again", || search.total.get_untracked() == Some(3)).await;
    assert!(search.error.get_untracked().is_none());
    let provider_client = stytch.client().expect("started");
    provider_client.session().revoke(true).await.expect("signed out");
    eventually("nothing once signed out", || {
        emails().is_empty() && search.total.get_untracked().is_none()
    })
    .await;
}

/// Shows the One Tap hook's status, with a button to prompt again.
#[component]
fn OneTapProbe(on_redirect: Callback<String>) -> impl IntoView {
    let one_tap = use_google_one_tap_with_options(UseGoogleOneTapOptions {
        script_url: format!("{}/emulator/google/gsi/client", api()),
        on_redirect: Some(on_redirect),
        ..Default::default()
    });
    view! {
        <p id="one-tap-status">{move || format!("{:?}", one_tap.status.get())}</p>
        <button id="one-tap-again" on:click=move |_| one_tap.prompt.run(())>"Prompt again"</button>
    }
}

#[wasm_bindgen_test]
async fn google_one_tap_signs_in_through_the_emulators_stand_in_for_google() {
    reset_page();
    let email = unique_email("onetap");
    let redirected = RwSignal::new(None::<String>);
    let client_slot = RwSignal::new_local(None);
    let _mounted = mount(move || {
        view! {
            <StytchProvider public_token=PUBLIC_TOKEN options=options()>
                <OneTapProbe on_redirect=Callback::new(move |url| redirected.set(Some(url)))/>
                {move || client_slot.set(use_stytch().client())}
            </StytchProvider>
        }
    });
    let status = || text_of("#one-tap-status").unwrap_or_default();
    eventually("the prompt shows", || status() == format!("{:?}", OneTapStatus::Shown)).await;
    let document = html_document();
    let prompt = document
        .query_selector("[data-emulated-one-tap]")
        .unwrap()
        .expect("the stand-in's prompt");
    let focused = document.active_element().expect("something has focus");
    assert!(prompt.contains(Some(&focused)), "focus moves into the prompt");
    assert!(assert_references_stay_inside(&prompt) >= 2, "its inputs are labelled");

    // Escape closes it as the person's cancel; the app can prompt again.
    key(&focused, "Escape");
    eventually("closed by the person", || {
        status() == format!("{:?}", OneTapStatus::NotShown("user_cancel".into()))
    })
    .await;
    assert!(document.query_selector("[data-emulated-one-tap]").unwrap().is_none());
    document
        .get_element_by_id("one-tap-again")
        .unwrap()
        .unchecked_into::<web_sys::HtmlElement>()
        .click();
    eventually("shown again", || status() == format!("{:?}", OneTapStatus::Shown)).await;

    // Another account, typed in; the credential is submitted and the redirect handed over.
    input("#emulated-one-tap-email", &email);
    input("#emulated-one-tap-hosted_domain", "example.com");
    document
        .query_selector("[data-emulated-one-tap] button[type=submit]")
        .unwrap()
        .unwrap()
        .unchecked_into::<web_sys::HtmlElement>()
        .click();
    eventually("the redirect URL", || redirected.get_untracked().is_some()).await;
    assert_eq!(status(), format!("{:?}", OneTapStatus::Redirected));
    let url = redirected.get_untracked().unwrap();
    assert!(url.contains("stytch_token_type=discovery_oauth"), "{url}");
    let client = client_slot.get_untracked().expect("client started");
    match client.authenticate_by_url(&url, Some(60)).await {
        Some(Ok(stytch_core::UrlAuthentication::Discovery(found))) => assert_eq!(found.email_address, email),
        other => panic!("{other:?}"),
    }
}

/// Mounts the Connected Apps consent page (or its logout page), handing its redirect to
/// `redirected`.
fn connected_app_page(
    redirected: RwSignal<Option<String>>,
    logout: bool,
) -> leptos::mount::UnmountHandle<impl Mountable> {
    mount(move || {
        let on_redirect = Callback::new(move |url| redirected.set(Some(url)));
        // Built inside the provider, whose context the pages read.
        let page = move || {
            if logout {
                view! { <ConnectedAppLogout on_redirect/> }.into_any()
            } else {
                view! { <ConnectedAppConsent on_redirect/> }.into_any()
            }
        };
        view! { <StytchProvider public_token=PUBLIC_TOKEN options=options()>{page}</StytchProvider> }
    })
}

/// Waits for a Connected Apps page's question whose heading passes `heading`, and for focus to
/// move to it.
async fn question_in_focus(heading: impl Fn(&str) -> bool) {
    eventually("the question", || {
        text_of(".stytch-connected-app h2").is_some_and(|t| heading(&t))
    })
    .await;
    let document = html_document();
    let shown = document.query_selector(".stytch-connected-app h2").unwrap().unwrap();
    eventually("focus on the question", || {
        document.active_element().as_ref() == Some(&shown)
    })
    .await;
}

#[wasm_bindgen_test]
async fn the_consent_page_asks_once_then_returns_to_the_app_with_a_code_or_a_refusal() {
    reset_page();
    let _signed_in = signed_in_client(&unique_email("consent")).await;
    let app = serde_json::json!({
        "client_type": "third_party", "client_name": "Browser CLI", "client_description": "Reads your documents",
        "redirect_urls": ["https://cli.example/callback"],
    });
    let created = call(Method::Post, "/v1/connected_apps/clients", Some(app), true).await;
    let client_id = created["connected_app"]["client_id"]
        .as_str()
        .expect("registered")
        .to_owned();
    let request = format!(
        "?client_id={client_id}&redirect_uri=https%3A%2F%2Fcli.example%2Fcallback&response_type=code&scope=openid+email&state=s-1"
    );
    set_url(&request);
    let redirected = RwSignal::new(None::<String>);
    let asked = connected_app_page(redirected, false);
    question_in_focus(|t| t == "Browser CLI wants to access your account").await;
    let scopes = text_of(".stytch-connected-app__scopes").unwrap_or_default();
    assert!(scopes.contains("See your email address"), "{scopes}");
    assert!(text_of(".stytch-connected-app__description").is_some_and(|d| d == "Reads your documents"));
    click_button("Allow");
    eventually("back to the app", || redirected.get_untracked().is_some()).await;
    let back = redirected.get_untracked().unwrap();
    assert!(
        back.starts_with("https://cli.example/callback?") && back.contains("code=") && back.contains("state=s-1"),
        "{back}"
    );
    drop(asked);

    // Granted before: straight back to the app, no question.
    redirected.set(None);
    let again = connected_app_page(redirected, false);
    eventually("back without asking", || redirected.get_untracked().is_some()).await;
    assert!(redirected.get_untracked().unwrap().contains("code="));
    drop(again);

    // Asked again on the app's request (prompt=consent), and declined.
    set_url(&format!("{request}&prompt=consent"));
    redirected.set(None);
    let declined = connected_app_page(redirected, false);
    eventually("asked again", || text_of(".stytch-connected-app h2").is_some()).await;
    click_button("Deny");
    eventually("the refusal", || redirected.get_untracked().is_some()).await;
    let back = redirected.get_untracked().unwrap();
    assert!(
        back.contains("error=access_denied") && !back.contains("code="),
        "{back}"
    );
    drop(declined);
    set_url("/");
}

#[wasm_bindgen_test]
async fn the_logout_page_asks_unless_the_app_names_the_member_then_signs_out_and_returns() {
    reset_page();
    let member = signed_in_client(&unique_email("logout")).await;
    let app = serde_json::json!({
        "client_type": "third_party", "client_name": "Browser CLI",
        "redirect_urls": ["https://cli.example/callback"], "post_logout_redirect_urls": ["https://cli.example/bye"],
    });
    let created = call(Method::Post, "/v1/connected_apps/clients", Some(app), true).await;
    let client_id = created["connected_app"]["client_id"]
        .as_str()
        .expect("registered")
        .to_owned();
    let secret = created["connected_app"]["client_secret"]
        .as_str()
        .expect("a secret")
        .to_owned();
    let request = format!("?client_id={client_id}&post_logout_redirect_uri=https%3A%2F%2Fcli.example%2Fbye&state=s-2");
    set_url(&request);

    // No hint: the member is asked, and may stay.
    let redirected = RwSignal::new(None::<String>);
    let kept = connected_app_page(redirected, true);
    question_in_focus(|t| t.starts_with("Log out of ")).await;
    click_button("Stay signed in");
    eventually("kept", || {
        text_of(".stytch-connected-app__status").is_some_and(|t| t.starts_with("You have not been logged out"))
    })
    .await;
    assert!(cookie("stytch_session").is_some() && redirected.get_untracked().is_none());
    drop(kept);

    // The app's ID token names this member: no question, signed out, back to the app.
    let asked = stytch_core::AuthorizeRequest {
        client_id: client_id.clone(),
        redirect_uri: "https://cli.example/callback".into(),
        response_type: "code".into(),
        scopes: vec!["openid".into()],
        ..Default::default()
    };
    let granted = member
        .idp()
        .oauth_authorize_submit(&asked.submit_request(true, asked.scopes.clone()))
        .await
        .expect("granted");
    let token_request = serde_json::json!({
        "grant_type": "authorization_code", "client_id": client_id, "client_secret": secret,
        "code": granted.authorization_code.expect("a code"),
    });
    let path = "/v1/public/project-test-4f1c9a2e-7b3d-4e8a-9c61-5d2f0e8b7a13/oauth2/token";
    let tokens = call(Method::Post, path, Some(token_request), false).await;
    let id_token = tokens["id_token"].as_str().expect("an ID token").to_owned();
    set_url(&format!("{request}&id_token_hint={id_token}"));
    let signed_out = connected_app_page(redirected, true);
    eventually("back to the app", || redirected.get_untracked().is_some()).await;
    assert_eq!(
        redirected.get_untracked().as_deref(),
        Some("https://cli.example/bye?state=s-2")
    );
    assert!(text_of(".stytch-connected-app h2").is_none(), "not asked");
    eventually("signed out", || cookie("stytch_session").is_none()).await;
    drop(signed_out);
    set_url("/");
}
