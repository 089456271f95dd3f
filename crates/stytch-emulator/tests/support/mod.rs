//! Shared helpers of the HTTP suites that talk to a spawned emulator: Basic credentials, a
//! Stytch error's status and type, and calls on the SDK, backend and test APIs.

#![allow(dead_code)]

use base64::Engine;
use reqwest::{Client, Method, StatusCode};
use serde_json::Value;
use stytch_emulator::{DEFAULT_PROJECT_ID, DEFAULT_PUBLIC_TOKEN, DEFAULT_SECRET, EmulatorConfig, EmulatorHandle};

/// An `Authorization: Basic` value.
pub fn basic(user: &str, password: &str) -> String {
    let encoded = base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"));
    format!("Basic {encoded}")
}

/// The backend API's credentials.
pub fn secret() -> Option<String> {
    Some(basic(DEFAULT_PROJECT_ID, DEFAULT_SECRET))
}

/// A JWT's claims, read without checking the signature.
pub fn jwt_claims(jwt: &str) -> Value {
    let payload = jwt.split('.').nth(1).unwrap();
    serde_json::from_slice(
        &base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(payload)
            .unwrap(),
    )
    .unwrap()
}

/// Asserts an error answer's status and `error_type`.
pub fn assert_refused((status, body): (StatusCode, Value), expected: u16, error_type: &str) {
    assert_eq!(
        (status.as_u16(), body["error_type"].as_str()),
        (expected, Some(error_type)),
        "{body}"
    );
}

/// A running emulator and an HTTP client for it.
pub struct Api {
    pub base: String,
    pub http: Client,
    _emulator: EmulatorHandle,
}

impl Api {
    pub fn with(config: EmulatorConfig) -> Self {
        let emulator = stytch_emulator::spawn(config).unwrap();
        Api {
            base: emulator.url(),
            http: Client::new(),
            _emulator: emulator,
        }
    }

    /// Any call; `Value::Null` sends no body.
    pub async fn call(&self, method: Method, path: &str, auth: Option<String>, body: Value) -> (StatusCode, Value) {
        let mut request = self.http.request(method, format!("{}{path}", self.base));
        if !body.is_null() {
            request = request.json(&body);
        }
        if let Some(auth) = auth {
            request = request.header("authorization", auth);
        }
        let response = request.send().await.unwrap();
        let status = response.status();
        (status, response.json().await.unwrap())
    }

    pub async fn post(&self, path: &str, auth: Option<String>, body: Value) -> (StatusCode, Value) {
        self.call(Method::POST, path, auth, body).await
    }

    /// A `POST /sdk/v1/b2b{path}`, signed in as `session` (or as nobody).
    pub async fn sdk(&self, path: &str, session: Option<&str>, body: Value) -> (StatusCode, Value) {
        let auth = basic(DEFAULT_PUBLIC_TOKEN, session.unwrap_or(DEFAULT_PUBLIC_TOKEN));
        self.post(&format!("/sdk/v1/b2b{path}"), Some(auth), body).await
    }

    /// A `POST /v1/b2b{path}` with the project's secret.
    pub async fn backend(&self, path: &str, body: Value) -> (StatusCode, Value) {
        self.post(&format!("/v1/b2b{path}"), secret(), body).await
    }

    /// An organization's ID, found by its slug through the SDK's search.
    pub async fn organization_id(&self, slug: &str) -> String {
        let (_, found) = self
            .sdk(
                "/organizations/search",
                None,
                serde_json::json!({ "organization_slug": slug }),
            )
            .await;
        found["data"]["organization"]["organization_id"]
            .as_str()
            .unwrap()
            .to_owned()
    }

    /// The newest message to `to` in the outbox (`null` when none).
    pub async fn last_message(&self, to: &str) -> Value {
        let (_, outbox) = self
            .call(
                Method::GET,
                &format!("/emulator/v1/messages?to={to}"),
                None,
                Value::Null,
            )
            .await;
        outbox["messages"]
            .as_array()
            .and_then(|m| m.last().cloned())
            .unwrap_or_default()
    }
}

/// An OIDC connection update naming all Stytch needs before the connection goes live (the
/// issuer, the client's ID and secret, the four endpoints), with `extra`'s fields on top.
pub fn live_oidc(extra: Value) -> Value {
    let mut settings = serde_json::json!({
        "issuer": "https://login.example/v2.0",
        "client_id": "c",
        "client_secret": "s",
        "authorization_url": "https://login.example/authorize",
        "token_url": "https://login.example/token",
        "userinfo_url": "https://login.example/userinfo",
        "jwks_url": "https://login.example/keys",
    });
    if let (Some(settings), Value::Object(extra)) = (settings.as_object_mut(), extra) {
        settings.extend(extra);
    }
    settings
}

/// Like [`serve`], also counting the requests the body was served to.
pub async fn serve_counted(
    path: &'static str,
    content_type: &'static str,
    body: String,
) -> (String, std::sync::Arc<std::sync::atomic::AtomicUsize>) {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let count = std::sync::Arc::new(AtomicUsize::new(0));
    let counter = count.clone();
    let app = axum::Router::new().route(
        path,
        axum::routing::get(move || {
            counter.fetch_add(1, Ordering::SeqCst);
            let body = body.clone();
            async move { ([(axum::http::header::CONTENT_TYPE, content_type)], body) }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await });
    (format!("http://{address}{path}"), count)
}

/// Serves `body` (`content_type`) at `path` on a port of its own, as an identity provider
/// serves its JWKS or SAML metadata; the URL.
pub async fn serve(path: &'static str, content_type: &'static str, body: String) -> String {
    serve_counted(path, content_type, body).await.0
}
