//! Browser-test helpers: a real emulator (its URL is baked in by `scripts/test` through
//! `STYTCH_EMULATOR_URL`), a clean page state per test, and polling waits (never blind sleeps).

#![allow(dead_code)]

use std::time::Duration;

use leptos::prelude::*;
use stytch_core::transport::{FetchTransport, HttpRequest, Method, Transport};
use stytch_core::{ClientOptions, Platform, StytchClient};
use wasm_bindgen::JsCast;

pub const PUBLIC_TOKEN: &str = "public-token-test-4f1c9a2e-7b3d-4e8a-9c61-5d2f0e8b7a13";

/// The emulator URL, baked in at build time (a browser has no environment to read). Read
/// with `option_env!` so lints and builds work without it; only running the tests needs it.
pub fn api() -> String {
    match option_env!("STYTCH_EMULATOR_URL") {
        Some(url) => url.to_owned(),
        None => panic!(
            "STYTCH_EMULATOR_URL must name a running stytch-emulator when these tests are built; run scripts/test"
        ),
    }
}

pub fn options() -> ClientOptions {
    ClientOptions {
        api_url: Some(api()),
        ..Default::default()
    }
}

pub fn html_document() -> web_sys::HtmlDocument {
    web_sys::window().unwrap().document().unwrap().unchecked_into()
}

/// `document.cookie` as name/value pairs.
pub fn cookies() -> Vec<(String, String)> {
    html_document()
        .cookie()
        .unwrap_or_default()
        .split("; ")
        .filter_map(|c| c.split_once('=').map(|(n, v)| (n.to_owned(), v.to_owned())))
        .collect()
}

pub fn cookie(name: &str) -> Option<String> {
    cookies().into_iter().find(|(n, _)| n == name).map(|(_, v)| v)
}

pub fn local_storage() -> web_sys::Storage {
    web_sys::window().unwrap().local_storage().unwrap().unwrap()
}

/// Removes every cookie and localStorage entry the previous test left.
pub fn reset_page() {
    for (name, _) in cookies() {
        html_document()
            .set_cookie(&format!("{name}=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT"))
            .unwrap();
    }
    local_storage().clear().unwrap();
    remove_test_roots();
}

/// Removes the containers tests mounted into (never the runner's own output element).
pub fn remove_test_roots() {
    let roots = html_document().query_selector_all(".test-root").unwrap();
    for i in 0..roots.length() {
        if let Some(node) = roots.item(i)
            && let Some(parent) = node.parent_node()
        {
            let _ = parent.remove_child(&node);
        }
    }
}

pub fn unique_email(prefix: &str) -> String {
    format!("{prefix}-{}@example.org", (js_sys::Math::random() * 1e12) as u64)
}

/// Polls `condition` every 10 ms for up to 10 s.
pub async fn eventually(what: &str, mut condition: impl FnMut() -> bool) {
    for _ in 0..1000 {
        if condition() {
            return;
        }
        gloo_timers::future::sleep(Duration::from_millis(10)).await;
    }
    panic!("timed out waiting for: {what}");
}

/// Like [`eventually`], but fails unless `condition` holds within `ms` milliseconds: for
/// "at once, not after the backoff" checks whose alternative is seconds away.
pub async fn within(ms: u32, what: &str, mut condition: impl FnMut() -> bool) {
    for _ in 0..ms.div_ceil(10) {
        if condition() {
            return;
        }
        gloo_timers::future::sleep(Duration::from_millis(10)).await;
    }
    panic!("not within {ms} ms: {what}");
}

/// The newest message the emulator sent to `to`.
pub async fn latest_message(to: &str) -> serde_json::Value {
    let request = HttpRequest {
        method: Method::Get,
        url: format!(
            "{}/emulator/v1/messages?to={}",
            api(),
            stytch_core::util::percent::encode(to)
        ),
        headers: vec![],
        body: None,
    };
    let response = FetchTransport.send(request).await.expect("outbox reachable");
    let body: serde_json::Value = serde_json::from_str(&response.body).expect("outbox JSON");
    body["messages"]
        .as_array()
        .and_then(|m| m.last().cloned())
        .expect("a message was sent")
}

/// Signs a fresh person in to a new organization through the headless client.
pub async fn signed_in_client(email: &str) -> StytchClient {
    use stytch_models::api::{
        discovery::OrganizationCreateViaDiscoveryRequest, magic_links::DiscoveryEmailSendRequest,
    };
    let client = StytchClient::new(PUBLIC_TOKEN, options(), Platform::browser());
    let send = DiscoveryEmailSendRequest {
        email_address: email.into(),
        ..Default::default()
    };
    client.magic_links().discovery_send(&send).await.expect("sent");
    let token = latest_message(email).await["token"].as_str().unwrap().to_owned();
    client
        .magic_links()
        .discovery_authenticate(&token)
        .await
        .expect("authenticated");
    let slug = format!("org-{}", (js_sys::Math::random() * 1e12) as u64);
    let request = OrganizationCreateViaDiscoveryRequest {
        organization_name: Some("Browser Test Org".into()),
        organization_slug: Some(slug),
        session_duration_minutes: Some(60),
        ..Default::default()
    };
    client.discovery().create_organization(request).await.expect("created");
    client
}

pub fn text_of(selector: &str) -> Option<String> {
    html_document()
        .query_selector(selector)
        .ok()
        .flatten()
        .and_then(|e| e.text_content())
}

/// A JSON request to the emulator (test or backend API) from the page.
pub async fn call(method: Method, path: &str, body: Option<serde_json::Value>, backend: bool) -> serde_json::Value {
    let mut headers = vec![("Content-Type", "application/json".to_owned())];
    if backend {
        let credentials = stytch_core::util::base64::encode(
            b"project-test-4f1c9a2e-7b3d-4e8a-9c61-5d2f0e8b7a13:secret-test-emulator-local-only-3a9d1f7c2b8e4d6a",
        );
        headers.push(("Authorization", format!("Basic {credentials}")));
    }
    let request = HttpRequest {
        method,
        url: format!("{}{path}", api()),
        headers,
        body: body.map(|b| b.to_string()),
    };
    let response = FetchTransport.send(request).await.expect("emulator reachable");
    serde_json::from_str(&response.body).unwrap_or(serde_json::Value::Null)
}

/// How many `sessions/authenticate` calls the emulator has seen.
pub async fn refresh_count() -> u64 {
    call(
        Method::Get,
        "/emulator/v1/requests?path=/sdk/v1/b2b/sessions/authenticate",
        None,
        false,
    )
    .await["total"]
        .as_u64()
        .unwrap_or(0)
}

/// Polls an async condition every 10 ms for up to 10 s.
pub async fn eventually_async<F: std::future::Future<Output = bool>>(what: &str, mut condition: impl FnMut() -> F) {
    for _ in 0..1000 {
        if condition().await {
            return;
        }
        gloo_timers::future::sleep(Duration::from_millis(10)).await;
    }
    panic!("timed out waiting for: {what}");
}

/// Mounts a view into a fresh container; dropping the handle unmounts it.
pub fn mount<V: IntoView + 'static>(view: impl FnOnce() -> V + 'static) -> leptos::mount::UnmountHandle<V::State> {
    let container: web_sys::HtmlElement = html_document().create_element("div").unwrap().unchecked_into();
    container.set_class_name("test-root");
    html_document().body().unwrap().append_child(&container).unwrap();
    leptos::mount::mount_to(container, view)
}

/// Replaces the page URL without navigating (where a link or an OAuth redirect lands).
pub fn set_url(url: &str) {
    let history = web_sys::window().unwrap().history().unwrap();
    history
        .replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(url))
        .unwrap();
}

/// The login's current screen title.
pub fn heading() -> Option<String> {
    text_of(".stytch-login h2")
}

/// Waits (polling) until the login shows the screen titled `name`.
pub async fn screen(name: &str) {
    for _ in 0..1000 {
        if heading().as_deref() == Some(name) {
            return;
        }
        gloo_timers::future::sleep(Duration::from_millis(10)).await;
    }
    panic!(
        "timed out waiting for the screen {name:?}; showing {:?}",
        text_of(".stytch-login")
    );
}

/// Presses `key` on `target` (a bubbling, cancelable `keydown`).
pub fn key(target: &web_sys::Element, key: &str) {
    let init = web_sys::KeyboardEventInit::new();
    init.set_key(key);
    init.set_bubbles(true);
    init.set_cancelable(true);
    let event = web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    target.dispatch_event(&event).unwrap();
}

/// Types `value` into the input at `selector`, firing `input` as a person's typing would.
pub fn input(selector: &str, value: &str) {
    let element: web_sys::HtmlInputElement = html_document()
        .query_selector(selector)
        .unwrap()
        .expect(selector)
        .unchecked_into();
    element.set_value(value);
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    element
        .dispatch_event(&web_sys::Event::new_with_event_init_dict("input", &init).unwrap())
        .unwrap();
}

/// Checks that no two elements of the page share an ID, and that every label's `for` and
/// every `aria-labelledby` and `aria-describedby` in `root` (itself included) names an element
/// inside `root`; returns how many references it followed.
pub fn assert_references_stay_inside(root: &web_sys::Element) -> usize {
    let document = html_document();
    let all = document.query_selector_all("[id]").unwrap();
    let mut seen = std::collections::HashSet::new();
    for i in 0..all.length() {
        let id = all.item(i).unwrap().unchecked_into::<web_sys::Element>().id();
        assert!(seen.insert(id.clone()), "two elements have the ID {id:?}");
    }
    let inner = root
        .query_selector_all("label[for], [aria-labelledby], [aria-describedby]")
        .unwrap();
    let mut holders = vec![root.clone()];
    holders.extend((0..inner.length()).map(|i| inner.item(i).unwrap().unchecked_into::<web_sys::Element>()));
    let mut followed = 0;
    for holder in holders {
        for attribute in ["for", "aria-labelledby", "aria-describedby"] {
            let Some(id) = holder.get_attribute(attribute) else {
                continue;
            };
            let target = document
                .get_element_by_id(&id)
                .unwrap_or_else(|| panic!("{attribute}={id:?} names no element"));
            assert!(
                root.contains(Some(&target)),
                "{attribute}={id:?} names an element outside its own component"
            );
            followed += 1;
        }
    }
    followed
}
