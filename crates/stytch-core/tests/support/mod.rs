//! Shared helpers of the native integration tests: a real emulator over HTTP and a client with
//! in-memory cookies and storage (one `MemoryStore` can be shared by several "tabs").

#![allow(dead_code)]

use std::rc::Rc;
use std::time::Duration;

use stytch_core::runtime::TokioRuntime;
use stytch_core::storage::{MemoryCookieJar, MemoryStore};
use stytch_core::transport::ReqwestTransport;
use stytch_core::{ClientOptions, Platform, StytchClient};
use stytch_emulator::{EmulatorConfig, EmulatorHandle};

pub const PUBLIC_TOKEN: &str = stytch_emulator::DEFAULT_PUBLIC_TOKEN;

pub fn emulator() -> EmulatorHandle {
    stytch_emulator::spawn(EmulatorConfig::for_tests()).expect("the emulator starts")
}

/// An emulator with the demo seed (step-up, MFA and password organizations).
pub fn demo_emulator() -> EmulatorHandle {
    stytch_emulator::spawn(EmulatorConfig {
        seed: stytch_emulator::Seed::Demo,
        ..EmulatorConfig::for_tests()
    })
    .expect("the emulator starts")
}

/// A browser profile: one cookie jar and one `localStorage` shared by all its tabs.
pub struct Browser {
    pub jar: Rc<MemoryCookieJar>,
    pub storage: MemoryStore,
    pub runtime: Rc<dyn stytch_core::runtime::Runtime>,
    pub transport: Rc<dyn stytch_core::transport::Transport>,
}

impl Browser {
    pub fn new() -> Self {
        Self::with_runtime(Rc::new(TokioRuntime::default()))
    }

    pub fn with_runtime(runtime: Rc<dyn stytch_core::runtime::Runtime>) -> Self {
        Self {
            jar: Rc::new(MemoryCookieJar::at("localhost", "localhost:3000")),
            storage: MemoryStore::new(),
            runtime,
            transport: Rc::new(ReqwestTransport::default()),
        }
    }

    /// Another tab of the same profile (shared cookies, shared storage with storage events).
    pub fn tab(&self) -> Browser {
        Browser {
            jar: self.jar.clone(),
            storage: self.storage.new_tab(),
            runtime: self.runtime.clone(),
            transport: self.transport.clone(),
        }
    }

    /// A client as a page load would create it.
    pub fn open(&self, api: &str) -> StytchClient {
        self.open_with(api, ClientOptions::default())
    }

    pub fn open_with(&self, api: &str, options: ClientOptions) -> StytchClient {
        let platform = Platform {
            transport: self.transport.clone(),
            cookie_jar: self.jar.clone(),
            storage: Rc::new(self.storage.clone()),
            runtime: self.runtime.clone(),
        };
        StytchClient::new(
            PUBLIC_TOKEN,
            ClientOptions {
                api_url: Some(api.to_owned()),
                ..options
            },
            platform,
        )
    }
}

/// The newest message to `to` in the emulator's outbox.
pub async fn latest_message(api: &str, to: &str) -> serde_json::Value {
    let body: serde_json::Value = reqwest::get(format!("{api}/emulator/v1/messages?to={to}"))
        .await
        .expect("outbox reachable")
        .json()
        .await
        .expect("outbox JSON");
    body["messages"]
        .as_array()
        .and_then(|m| m.last().cloned())
        .expect("a message was sent")
}

/// The one-time code in the newest message to `to` (an address, or a phone number).
pub async fn code_sent_to(api: &str, to: &str) -> String {
    let to = to.replace('+', "%2B");
    latest_message(api, &to).await["code"]
        .as_str()
        .expect("a code")
        .to_owned()
}

/// The token of the link in the newest message to `to`.
pub async fn token_sent_to(api: &str, to: &str) -> String {
    latest_message(api, to).await["token"]
        .as_str()
        .expect("a link")
        .to_owned()
}

/// Waits (polling the condition, never sleeping blindly) until `condition` holds.
pub async fn eventually(mut condition: impl FnMut() -> bool) {
    for _ in 0..500 {
        if condition() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("condition not reached within 5 s");
}

/// Runs a future on a current-thread runtime inside a `LocalSet`, as the client requires.
pub fn run<F: std::future::Future<Output = ()>>(future: F) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    tokio::task::LocalSet::new().block_on(&runtime, future);
}

/// Real time, sped up: every sleep is `scale` times shorter and the clock runs `scale` times
/// faster, so minutes of refresh and backoff behaviour take seconds. The logic under test is
/// unchanged; only the runtime it reads time from differs.
pub struct FastRuntime {
    scale: u32,
    started: std::time::Instant,
    start_ms: i64,
    inner: TokioRuntime,
}

impl FastRuntime {
    pub fn new(scale: u32) -> Rc<Self> {
        let inner = TokioRuntime::default();
        let start_ms = stytch_core::runtime::Runtime::now_ms(&inner);
        Rc::new(Self {
            scale,
            started: std::time::Instant::now(),
            start_ms,
            inner,
        })
    }
}

impl stytch_core::runtime::Runtime for FastRuntime {
    fn now_ms(&self) -> i64 {
        self.start_ms + self.started.elapsed().as_millis() as i64 * i64::from(self.scale)
    }

    fn sleep(&self, ms: u32) -> stytch_core::LocalBoxFuture<'static, ()> {
        Box::pin(tokio::time::sleep(Duration::from_micros(
            u64::from(ms) * 1000 / u64::from(self.scale),
        )))
    }

    fn spawn(&self, task: stytch_core::LocalBoxFuture<'static, ()>) {
        tokio::task::spawn_local(task);
    }

    fn random(&self) -> f64 {
        self.inner.random()
    }
}

/// How many times the emulator saw `POST {path}`.
pub async fn request_count(api: &str, path: &str) -> u64 {
    let body: serde_json::Value = reqwest::get(format!("{api}/emulator/v1/requests?path={path}"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    body["total"].as_u64().unwrap()
}

pub async fn post_json(url: &str, body: serde_json::Value) -> serde_json::Value {
    reqwest::Client::new()
        .post(url)
        .json(&body)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

/// A credential from the emulator's simulated Google, as One Tap hands it to the page.
pub async fn google_credential(api: &str, email: &str, hosted_domain: &str) -> String {
    let answer = post_json(
        &format!("{api}/emulator/google/credential"),
        serde_json::json!({
            "client_id": stytch_emulator::DEFAULT_GOOGLE_CLIENT_ID,
            "email": email,
            "hosted_domain": hosted_domain,
        }),
    )
    .await;
    answer["credential"].as_str().expect("a credential").to_owned()
}

/// Calls the backend API with the default project credentials.
pub async fn backend(
    api: &str,
    method: reqwest::Method,
    path: &str,
    body: Option<serde_json::Value>,
) -> serde_json::Value {
    with_secret(api, method, &format!("/v1/b2b{path}"), body).await
}

/// Calls any of Stytch's server APIs (`path` from `/v1`) with the default project credentials.
pub async fn with_secret(
    api: &str,
    method: reqwest::Method,
    path: &str,
    body: Option<serde_json::Value>,
) -> serde_json::Value {
    let mut request = reqwest::Client::new()
        .request(method, format!("{api}{path}"))
        .basic_auth(
            stytch_emulator::DEFAULT_PROJECT_ID,
            Some(stytch_emulator::DEFAULT_SECRET),
        );
    if let Some(body) = body {
        request = request.json(&body);
    }
    request.send().await.unwrap().json().await.unwrap()
}

/// Polls `condition` until it holds; gives up after `real_ms` of real time.
pub async fn within(real_ms: u64, what: &str, mut condition: impl FnMut() -> bool) {
    let deadline = std::time::Instant::now() + Duration::from_millis(real_ms);
    while !condition() {
        assert!(std::time::Instant::now() < deadline, "not within {real_ms} ms: {what}");
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
}

/// Discovery by email link: sends it, takes the token from the outbox, authenticates it (the
/// client stores the IST).
pub async fn discover_by_link(
    client: &StytchClient,
    api: &str,
    email: &str,
) -> stytch_models::api::discovery::DiscoveryAuthenticateResponse {
    let send = stytch_models::api::magic_links::DiscoveryEmailSendRequest {
        email_address: email.into(),
        ..Default::default()
    };
    client.magic_links().discovery_send(&send).await.expect("sent");
    let token = latest_message(api, email).await["token"].as_str().unwrap().to_owned();
    client
        .magic_links()
        .discovery_authenticate(&token)
        .await
        .expect("authenticated")
}

/// Signs a fresh person in to a new organization.
pub async fn sign_in(client: &StytchClient, api: &str, email: &str, slug: &str, minutes: u32) {
    discover_by_link(client, api, email).await;
    let request = stytch_models::api::discovery::OrganizationCreateViaDiscoveryRequest {
        organization_name: Some(slug.into()),
        organization_slug: Some(slug.into()),
        session_duration_minutes: Some(minutes),
        ..Default::default()
    };
    client.discovery().create_organization(request).await.expect("created");
}

/// Signs in through discovery and enters an existing organization.
pub async fn sign_in_to(client: &StytchClient, api: &str, email: &str, organization: &str) {
    discover_by_link(client, api, email).await;
    client
        .discovery()
        .exchange_intermediate_session(organization, Some(60))
        .await
        .expect("entered");
}

/// A `StytchBackend` with the emulator's default project credentials.
pub fn backend_for(api: &str) -> stytch_core::backend::StytchBackend {
    stytch_core::backend::StytchBackend::new(stytch_emulator::DEFAULT_PROJECT_ID, stytch_emulator::DEFAULT_SECRET)
        .with_api_url(api)
}

/// Stytch's refusal as `(status, error_type)`; anything else fails the test.
pub fn refusal<T: std::fmt::Debug>(result: Result<T, stytch_core::StytchError>) -> (u16, String) {
    match result {
        Err(stytch_core::StytchError::Api(body)) => (body.status_code, body.error_type.as_str().to_owned()),
        other => panic!("not Stytch's refusal: {other:?}"),
    }
}

/// RFC 6238 now (the emulator's clock is not moved in these tests), computed independently of
/// the emulator's own implementation.
pub fn totp_now(secret: &str) -> String {
    use hmac::{Hmac, Mac};
    let key = base32(secret);
    let step = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
        / 30;
    let mut mac = Hmac::<sha1::Sha1>::new_from_slice(&key).unwrap();
    mac.update(&step.to_be_bytes());
    let digest = mac.finalize().into_bytes();
    let offset = (digest[19] & 0x0f) as usize;
    let binary = u32::from_be_bytes([
        digest[offset] & 0x7f,
        digest[offset + 1],
        digest[offset + 2],
        digest[offset + 3],
    ]);
    format!("{:06}", binary % 1_000_000)
}

pub fn base32(text: &str) -> Vec<u8> {
    let (mut out, mut value, mut bits) = (Vec::new(), 0u32, 0u32);
    for c in text.chars() {
        value = (value << 5) | "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".find(c).unwrap() as u32;
        bits += 5;
        if bits >= 8 {
            out.push((value >> (bits - 8)) as u8);
            bits -= 8;
        }
    }
    out
}

/// Follows a redirect start through the emulator's simulated provider and returns where it
/// sends the browser back to. `extra` is what the person types on the provider's page.
pub async fn through_provider(api: &str, start: &str, submit_path: &str, extra: &str) -> String {
    assert_eq!(
        reqwest::get(start).await.unwrap().status(),
        200,
        "the provider's page opens"
    );
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let query = start.split_once('?').unwrap().1;
    let answer = http
        .post(format!("{api}{submit_path}"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!("{query}&{extra}"))
        .send()
        .await
        .unwrap();
    answer.headers()["location"].to_str().unwrap().to_owned()
}
