//! The Frontend Sessions guide in a real browser against the emulator: background refresh,
//! cookie configuration, intermediate sessions, hydrating, revoking, and foreground catch-up.

#![cfg(target_arch = "wasm32")]

mod support;

use leptos::prelude::*;
use serde_json::json;
use stytch_core::storage::CookieOptions;
use stytch_core::transport::Method;
use stytch_core::{ClientOptions, Platform, StytchClient};
use stytch_leptos::{StytchProvider, use_stytch};
use support::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn client_with(options: ClientOptions) -> StytchClient {
    StytchClient::new(
        PUBLIC_TOKEN,
        ClientOptions {
            api_url: Some(api()),
            ..options
        },
        Platform::browser(),
    )
}

#[wasm_bindgen_test]
async fn background_refresh_replaces_the_jwt_and_a_dead_session_is_cleared() {
    reset_page();
    let email = unique_email("background");
    drop(signed_in_client(&email).await);
    let client = client_with(ClientOptions {
        refresh_interval_ms: 300,
        ..Default::default()
    });
    let first_jwt = cookie("stytch_session_jwt").unwrap();
    eventually("the JWT cookie is replaced by a background refresh", || {
        cookie("stytch_session_jwt").is_some_and(|j| j != first_jwt)
    })
    .await;
    let second_jwt = cookie("stytch_session_jwt").unwrap();
    eventually("and again one interval later", || {
        cookie("stytch_session_jwt").is_some_and(|j| j != second_jwt)
    })
    .await;

    let session_id = client.session().get_sync().unwrap().member_session_id;
    call(
        Method::Post,
        "/v1/b2b/sessions/revoke",
        Some(json!({ "member_session_id": session_id })),
        true,
    )
    .await;
    eventually("a session revoked elsewhere is cleared at the next refresh", || {
        client.session().get_sync().is_none()
    })
    .await;
    assert_eq!(cookie("stytch_session"), None);
    assert_eq!(cookie("stytch_session_jwt"), None);
}

#[wasm_bindgen_test]
async fn custom_cookie_names_and_path_are_used() {
    reset_page();
    let options = ClientOptions {
        cookie_options: CookieOptions {
            opaque_token_cookie_name: "app_session".into(),
            jwt_cookie_name: "app_jwt".into(),
            ist_cookie_name: "app_ist".into(),
            path: Some("/".into()),
            ..Default::default()
        },
        ..Default::default()
    };
    let client = client_with(options.clone());
    let email = unique_email("names");
    use stytch_models::api::magic_links::DiscoveryEmailSendRequest;
    let send = DiscoveryEmailSendRequest {
        email_address: email.clone(),
        ..Default::default()
    };
    client.magic_links().discovery_send(&send).await.unwrap();
    let token = latest_message(&email).await["token"].as_str().unwrap().to_owned();
    client.magic_links().discovery_authenticate(&token).await.unwrap();
    // Clients of earlier tests in this page may still write the default names; this client's
    // tokens must only be under the custom ones.
    assert!(cookie("app_ist").is_some());
    assert_ne!(cookie("stytch_intermediate_session_token"), cookie("app_ist"));
    let request = stytch_models::api::discovery::OrganizationCreateViaDiscoveryRequest {
        organization_slug: Some(format!("names-{}", (js_sys::Math::random() * 1e9) as u64)),
        organization_name: Some("Names".into()),
        ..Default::default()
    };
    client.discovery().create_organization(request).await.unwrap();
    assert!(cookie("app_session").is_some() && cookie("app_jwt").is_some() && cookie("app_ist").is_none());
    assert_ne!(
        cookie("stytch_session"),
        cookie("app_session"),
        "the default names are not used"
    );
    // The reloaded client authenticates with the custom cookie.
    let reloaded = client_with(options);
    reloaded.session().authenticate(None).await.unwrap();
    reloaded.session().revoke(false).await.unwrap();
    assert!(cookie("app_session").is_none() && cookie("app_jwt").is_none());
}

#[wasm_bindgen_test]
async fn an_mfa_answer_stores_the_ist_and_signs_out_locally() {
    reset_page();
    let email = unique_email("mfa");
    let client = signed_in_client(&email).await;
    let created = call(
        Method::Post,
        "/v1/b2b/organizations",
        Some(json!({ "organization_name": "Vault", "organization_slug": format!("vault-{}", (js_sys::Math::random() * 1e9) as u64), "mfa_policy": "REQUIRED_FOR_ALL" })),
        true,
    )
    .await;
    let vault = created["organization"]["organization_id"].as_str().unwrap().to_owned();
    call(
        Method::Post,
        &format!("/v1/b2b/organizations/{vault}/members"),
        Some(json!({ "email_address": email })),
        true,
    )
    .await;
    let answer = client.session().exchange(&vault, Some(60)).await.unwrap();
    assert!(answer.mfa_required.is_some());
    assert_eq!(
        cookie("stytch_intermediate_session_token"),
        Some(answer.intermediate_session_token)
    );
    assert_eq!(cookie("stytch_session"), None);
    assert!(client.session().get_sync().is_none());
}

#[wasm_bindgen_test]
async fn hydrating_then_authenticating_loads_a_session_created_elsewhere() {
    reset_page();
    let email = unique_email("hydrate");
    let tokens = signed_in_client(&email).await.session().get_tokens().unwrap();
    reset_page();
    let client = client_with(ClientOptions::default());
    assert!(client.session().get_sync().is_none());
    let before = refresh_count().await;
    client
        .session()
        .update_session(&tokens.session_token, Some(&tokens.session_jwt));
    assert_eq!(refresh_count().await, before, "updating the session makes no request");
    assert!(client.session().get_sync().is_none(), "and changes no state");
    assert_eq!(cookie("stytch_session"), Some(tokens.session_token.clone()));
    client.session().authenticate(None).await.unwrap();
    assert_eq!(client.member().get_sync().unwrap().email_address, email);
}

/// The guide's other way to hand the browser a session created elsewhere: the server's
/// response sets the cookies, then the page authenticates. `ResponseCookies` writes the
/// `Set-Cookie` values; the browser applies each as it would the header (`document.cookie`
/// takes the same syntax), and the client must take them as its session, expiry included.
#[wasm_bindgen_test]
async fn session_cookies_a_server_response_sets_are_the_clients_session() {
    use stytch_core::storage::{PageLocation, ResponseCookies};
    reset_page();
    let email = unique_email("response-cookies");
    let signed_in = signed_in_client(&email).await;
    let tokens = signed_in.session().get_tokens().unwrap();
    let expires_at = signed_in.session().get_sync().unwrap().expires_at;
    drop(signed_in);
    reset_page();
    let location = web_sys::window().unwrap().location();
    let page = PageLocation::from_host(
        location.protocol().unwrap().trim_end_matches(':'),
        &location.host().unwrap(),
    );
    let request = html_document().cookie().unwrap();
    let mut response = ResponseCookies::new(page.clone(), &request, CookieOptions::default());
    response.write_session(
        &tokens.session_token,
        &tokens.session_jwt,
        stytch_leptos::models::time::parse_rfc3339(&expires_at),
    );
    assert_eq!(response.headers().len(), 2, "{:?}", response.headers());
    for header in response.headers() {
        html_document().set_cookie(header).unwrap();
    }
    assert_eq!(
        cookie("stytch_session"),
        Some(tokens.session_token.clone()),
        "the browser kept it"
    );
    assert_eq!(cookie("stytch_session_jwt"), Some(tokens.session_jwt.clone()));

    let client = client_with(ClientOptions::default());
    client.session().authenticate(None).await.unwrap();
    assert_eq!(client.member().get_sync().unwrap().email_address, email);
    assert_eq!(client.session().get_sync().unwrap().expires_at, expires_at);

    // Signing out from the server: the client's next look finds no session.
    let mut response = ResponseCookies::new(page, &html_document().cookie().unwrap(), CookieOptions::default());
    response.remove_session();
    for header in response.headers() {
        html_document().set_cookie(header).unwrap();
    }
    assert_eq!((cookie("stytch_session"), cookie("stytch_session_jwt")), (None, None));
    let fresh = client_with(ClientOptions::default());
    assert!(fresh.session().get_tokens().is_none(), "no session for the next client");
}

#[wasm_bindgen_test]
async fn revoking_keeps_the_session_on_a_transient_failure_unless_forced() {
    reset_page();
    let client = signed_in_client(&unique_email("revoke")).await;
    call(
        Method::Post,
        "/emulator/v1/faults",
        Some(json!({ "path": "/sdk/v1/b2b/sessions/revoke", "status": 503, "count": 2 })),
        false,
    )
    .await;
    let error = client.session().revoke(false).await.unwrap_err();
    assert!(error.is_transient(), "{error:?}");
    assert!(
        client.session().get_sync().is_some() && cookie("stytch_session").is_some(),
        "kept so the app can retry"
    );
    client.session().revoke(true).await.unwrap_err();
    assert!(
        client.session().get_sync().is_none() && cookie("stytch_session").is_none(),
        "force_clear signs out anyway"
    );

    let again = signed_in_client(&unique_email("revoke2")).await;
    again.session().revoke(false).await.unwrap();
    assert!(again.session().get_sync().is_none() && cookie("stytch_session").is_none());
}

#[wasm_bindgen_test]
async fn a_gateway_error_page_or_a_cut_off_answer_keeps_the_session() {
    reset_page();
    let client = signed_in_client(&unique_email("gateway")).await;
    let session = client.session().get_sync().unwrap();
    let token = cookie("stytch_session").unwrap();
    const AUTHENTICATE: &str = "/sdk/v1/b2b/sessions/authenticate";
    // What a proxy in front of Stytch can answer instead: its own HTML error page, or a success
    // whose body was cut off on the way.
    let gateway = json!({
        "path": AUTHENTICATE, "status": 502, "count": 1,
        "body": "<html><body><h1>502 Bad Gateway</h1></body></html>",
    });
    let cut_off = json!({
        "path": AUTHENTICATE, "status": 200, "count": 1,
        "content_type": "application/json", "body": r#"{"data": {"member_session": {"member_sess"#,
    });
    for fault in [gateway, cut_off] {
        call(Method::Post, "/emulator/v1/faults", Some(fault.clone()), false).await;
        let error = client.session().authenticate(None).await.unwrap_err();
        match (fault["status"].as_u64(), &error) {
            (Some(502), stytch_core::StytchError::Unreachable(_)) => assert!(error.is_transient()),
            (Some(200), stytch_core::StytchError::InvalidResponse(_)) => {}
            _ => panic!("{fault}: {error:?}"),
        }
        assert!(!error.is_unrecoverable(), "{error:?}");
        assert_eq!(
            client.session().get_sync().map(|s| s.member_session_id),
            Some(session.member_session_id.clone()),
            "{fault}: the session stays"
        );
        assert_eq!(cookie("stytch_session"), Some(token.clone()), "{fault}: and its cookie");
    }
    client
        .session()
        .authenticate(None)
        .await
        .expect("the next answer is read");
    assert!(!client.store().from_cache());
}

fn fire(target: &web_sys::EventTarget, name: &str) {
    target.dispatch_event(&web_sys::Event::new(name).unwrap()).unwrap();
}

/// Mounts a provider; returns the mounted view and the provider's client.
fn mount_provider() -> (leptos::mount::UnmountHandle<impl Mountable>, StytchClient) {
    let slot = RwSignal::new_local(None);
    let mounted = mount(move || {
        view! {
            <StytchProvider public_token=PUBLIC_TOKEN options=options()>
                {move || slot.set(use_stytch().client())}
            </StytchProvider>
        }
    });
    let client = slot.get_untracked().expect("the provider started its client");
    (mounted, client)
}

/// Mounts a provider and waits until its client has finished its start-up refresh.
async fn provider_after_start_up() -> leptos::mount::UnmountHandle<impl Mountable> {
    let (mounted, client) = mount_provider();
    eventually("the start-up refresh", || !client.store().from_cache()).await;
    mounted
}

/// Records the tabs' last refresh `minutes` ago, as if the page had sat in the background.
fn last_refresh_minutes_ago(minutes: i64) {
    let at = js_sys::Date::now() as i64 - minutes * 60 * 1000;
    local_storage()
        .set_item(
            &format!("stytch_sdk_state_{PUBLIC_TOKEN}::last_refresh"),
            &at.to_string(),
        )
        .unwrap();
}

#[wasm_bindgen_test]
async fn focus_after_a_throttled_spell_refreshes_at_once() {
    reset_page();
    drop(signed_in_client(&unique_email("focus")).await);
    let _mounted = provider_after_start_up().await;
    // Pretend the tab sat in the background for four minutes, then comes back.
    last_refresh_minutes_ago(4);
    let before = refresh_count().await;
    let window: web_sys::EventTarget = web_sys::window().unwrap().unchecked_into();
    fire(&window, "blur");
    fire(&window, "focus");
    eventually_async("an immediate refresh", || async { refresh_count().await > before }).await;
}

#[wasm_bindgen_test]
async fn coming_back_online_retries_a_failed_refresh_at_once() {
    reset_page();
    drop(signed_in_client(&unique_email("online")).await);
    // The page loads while the network is down: the start-up refresh fails and waits out its
    // backoff (at least 3.8 s) before trying again.
    let outage = json!({ "path": "/sdk/v1/b2b/sessions/authenticate", "status": 503, "count": 1 });
    call(Method::Post, "/emulator/v1/faults", Some(outage), false).await;
    let (_mounted, client) = mount_provider();
    eventually("the start-up refresh fails", || client.is_retrying()).await;
    assert!(client.store().from_cache());
    let window: web_sys::EventTarget = web_sys::window().unwrap().unchecked_into();
    fire(&window, "online");
    within(1_500, "confirmed at once, well before the backoff", || {
        !client.store().from_cache()
    })
    .await;
}

/// Overrides `document.visibilityState` (`None` restores the browser's own).
fn pretend_visibility(state: Option<&str>) {
    let document = html_document();
    let document: &js_sys::Object = document.unchecked_ref();
    let key = wasm_bindgen::JsValue::from_str("visibilityState");
    match state {
        Some(state) => {
            let descriptor = js_sys::Object::new();
            js_sys::Reflect::set(&descriptor, &"value".into(), &state.into()).unwrap();
            js_sys::Reflect::set(&descriptor, &"configurable".into(), &true.into()).unwrap();
            js_sys::Object::define_property(document, &key, &descriptor);
        }
        None => {
            js_sys::Reflect::delete_property(document, &key).unwrap();
        }
    }
}

#[wasm_bindgen_test]
async fn a_tab_shown_again_after_a_throttled_spell_refreshes_at_once() {
    reset_page();
    drop(signed_in_client(&unique_email("shown")).await);
    let _mounted = provider_after_start_up().await;
    let window: web_sys::EventTarget = web_sys::window().unwrap().unchecked_into();
    let document: web_sys::EventTarget = html_document().unchecked_into();
    // The window has focus (nothing is overdue yet, so this alone sends nothing).
    fire(&window, "focus");
    pretend_visibility(Some("hidden"));
    fire(&document, "visibilitychange");
    // Four minutes in the background, then the tab is shown again.
    last_refresh_minutes_ago(4);
    let before = refresh_count().await;
    pretend_visibility(Some("visible"));
    fire(&document, "visibilitychange");
    eventually_async("an immediate refresh", || async { refresh_count().await > before }).await;
    pretend_visibility(None);
}

thread_local! {
    /// What each run of the effect below saw: whether there was a session.
    static SESSION_WAKES: std::cell::RefCell<Vec<bool>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// The provider's client and `use_member_session().session`, handed out of the view.
type Handles = (Option<StytchClient>, Signal<Option<stytch_models::MemberSession>>);

/// Records the runs of an effect that reads `use_member_session().session`.
#[component]
fn SessionWakeCounter(out: RwSignal<Option<Handles>, LocalStorage>) -> impl IntoView {
    let session = stytch_leptos::use_member_session().session;
    Effect::new(move |_| {
        let signed_in = session.with(Option::is_some);
        SESSION_WAKES.with(|runs| runs.borrow_mut().push(signed_in));
    });
    out.set(Some((use_stytch().client(), session)));
}

/// The official `deepEqual` rule at the signal level: when the start-up refresh confirms the
/// cached session with only `last_accessed_at` moved, `from_cache` turns false but nothing that
/// reads `use_member_session().session` is woken; the new value is stored silently.
#[wasm_bindgen_test]
async fn confirming_the_cached_session_with_only_a_new_last_access_wakes_no_one() {
    reset_page();
    let signed_in = signed_in_client(&unique_email("bump")).await;
    let cached = signed_in
        .store()
        .state()
        .and_then(|s| s.session)
        .unwrap()
        .last_accessed_at;
    drop(signed_in);
    // The emulator's clock moves on, so the start-up refresh's `last_accessed_at` differs.
    call(
        Method::Post,
        "/emulator/v1/clock",
        Some(json!({ "advance_seconds": 5 })),
        false,
    )
    .await;

    SESSION_WAKES.with(|runs| runs.borrow_mut().clear());
    let slot = RwSignal::new_local(None);
    let _mounted = mount(move || {
        view! {
            <StytchProvider public_token=PUBLIC_TOKEN options=options()>
                <SessionWakeCounter out=slot />
            </StytchProvider>
        }
    });
    let (client, session) = slot.get_untracked().unwrap();
    let client = client.unwrap();
    eventually("the start-up refresh", || !client.store().from_cache()).await;
    let confirmed = client.store().state().and_then(|s| s.session).unwrap().last_accessed_at;
    assert_ne!(cached, confirmed, "the refresh moved last_accessed_at");
    let in_signal = session.get_untracked().unwrap().last_accessed_at;
    assert_eq!(in_signal, confirmed, "the signal holds the confirmed value");

    // Signing out must wake the effect; a wake for the confirmation would show up before it.
    client.session().revoke(false).await.expect("signed out");
    let runs = || SESSION_WAKES.with(|runs| runs.borrow().clone());
    eventually("the sign-out reaches the effect", || runs().last() == Some(&false)).await;
    assert_eq!(
        runs(),
        [true, false],
        "runs of the effect (signed in?): the confirmation woke it"
    );
}
