//! `stytch_leptos::server` in real `#[server]` functions, run on the server as leptos_axum runs
//! them (the request's `http::request::Parts` in context), against a real emulator: the
//! session cookie asked of Stytch with an RBAC check, and the JWT cookie verified locally.

#![cfg(all(feature = "backend", feature = "ssr"))]

use leptos::prelude::*;
use serde_json::{Value, json};
use stytch_leptos::ServerSession;
use stytch_leptos::models::api::sessions::AuthorizationCheck;
use stytch_leptos::server::{
    AuthenticateJwtOptions, AuthenticateSessionOptions, ServerSessionOptions, StytchBackend, request_session,
    request_session_jwt, response_cookies, server_session, server_session_with_options,
};

static API_URL: std::sync::OnceLock<String> = std::sync::OnceLock::new();

fn stytch() -> StytchBackend {
    StytchBackend::new(stytch_emulator::DEFAULT_PROJECT_ID, stytch_emulator::DEFAULT_SECRET)
        .with_api_url(API_URL.get().expect("the test set the emulator's address"))
}

/// What an app's server function looks like: who calls, and may they write documents?
#[server]
pub async fn who_may_write(organization_id: String) -> Result<String, ServerFnError> {
    let Some(session) = request_session() else {
        return Err(ServerFnError::new("Sign in first."));
    };
    let check = AuthorizationCheck {
        organization_id,
        resource_id: "documents".into(),
        action: "write".into(),
    };
    let caller = stytch()
        .authenticate_session(
            &session,
            AuthenticateSessionOptions {
                authorization_check: Some(check),
                ..Default::default()
            },
        )
        .await?;
    Ok(caller.member.email_address)
}

/// The fast path: the JWT cookie verified against the project's keys, Stytch asked only
/// when it is stale.
#[server]
pub async fn who_calls_quickly() -> Result<(String, bool), ServerFnError> {
    let Some(jwt) = request_session_jwt() else {
        return Err(ServerFnError::new("Sign in first."));
    };
    let caller = stytch()
        .authenticate_jwt(&jwt, AuthenticateJwtOptions::default())
        .await?;
    Ok((caller.member_session.member_id, caller.verified_locally))
}

/// Extends the caller's session by two hours on the server and returns the `Set-Cookie`
/// values that hand the browser the new JWT and expiry (an app adds them to its response).
#[server]
pub async fn extend_session() -> Result<Vec<String>, ServerFnError> {
    let Some(session) = request_session() else {
        return Err(ServerFnError::new("Sign in first."));
    };
    let answer = stytch()
        .authenticate_session(
            &session,
            AuthenticateSessionOptions {
                session_duration_minutes: Some(120),
                ..Default::default()
            },
        )
        .await?;
    let mut cookies = response_cookies().ok_or_else(|| ServerFnError::new("not serving a request"))?;
    let expires = stytch_leptos::models::time::parse_rfc3339(&answer.member_session.expires_at);
    cookies.write_session(&answer.session_token, &answer.session_jwt, expires);
    Ok(cookies.headers().to_vec())
}

/// Runs a server function's future as leptos_axum would for a request with this `Cookie`
/// header: under an owner that holds the request's parts.
async fn as_request<T>(cookie: Option<&str>, call: impl FnOnce() -> T) -> T::Output
where
    T: std::future::Future,
{
    let owner = Owner::new();
    let mut request = http::Request::builder()
        .method("POST")
        .uri("/api/any")
        .header(http::header::HOST, "app.example.com");
    if let Some(cookie) = cookie {
        request = request.header(http::header::COOKIE, cookie);
    }
    let (parts, ()) = request.body(()).unwrap().into_parts();
    owner.with(|| provide_context(parts));
    owner
        .with(|| leptos::reactive::computed::ScopedFuture::new(call()))
        .await
}

/// Runs the server function as a request with this `Cookie` header would.
async fn call_with_cookies(cookie: Option<&str>, organization_id: &str) -> Result<String, ServerFnError> {
    let organization_id = organization_id.to_owned();
    as_request(cookie, move || who_may_write(organization_id)).await
}

/// Stytch's backend API on the emulator, with the project's credentials.
async fn backend(method: reqwest::Method, path: &str, body: Value) -> Value {
    let answer: Value = reqwest::Client::new()
        .request(method, format!("{}/v1/b2b{path}", API_URL.get().unwrap()))
        .basic_auth(
            stytch_emulator::DEFAULT_PROJECT_ID,
            Some(stytch_emulator::DEFAULT_SECRET),
        )
        .json(&body)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(answer["status_code"], 200, "{answer}");
    answer
}

async fn put_roles(organization_id: &str, member_id: &str, roles: &[&str]) {
    let path = format!("/organizations/{organization_id}/members/{member_id}");
    backend(reqwest::Method::PUT, &path, json!({ "roles": roles })).await;
}

#[tokio::test]
async fn a_server_function_answers_from_the_callers_session_and_roles() {
    let emulator = stytch_emulator::spawn(stytch_emulator::EmulatorConfig {
        seed: stytch_emulator::Seed::Demo,
        ..stytch_emulator::EmulatorConfig::for_tests()
    })
    .unwrap();
    API_URL.set(emulator.url()).unwrap();
    let stark = emulator.app().with(|store, _| {
        store
            .organizations
            .iter()
            .find(|o| o.organization_slug == "stark")
            .map(|o| o.organization_id.clone())
            .expect("the demo seed's password organization")
    });
    let signed_in = backend(
        reqwest::Method::POST,
        "/passwords/authenticate",
        json!({ "organization_id": stark, "email_address": "tony@stark.example",
                "password": stytch_emulator::DEMO_PASSWORD, "session_duration_minutes": 60 }),
    )
    .await;
    let token = signed_in["session_token"].as_str().expect("a session").to_owned();
    let jwt = signed_in["session_jwt"].as_str().expect("a JWT").to_owned();
    let member_id = signed_in["member_id"].as_str().unwrap().to_owned();

    // A plain member may not write; an editor may; another organization's check is refused;
    // no cookie, or a revoked session, is signed out.
    let cookies = format!("theme=dark; stytch_session={token}");
    put_roles(&stark, &member_id, &[]).await;
    let refused = call_with_cookies(Some(&cookies), &stark).await.unwrap_err();
    assert!(refused.to_string().contains("session_authorization_error"), "{refused}");
    put_roles(&stark, &member_id, &["editor"]).await;
    assert_eq!(
        call_with_cookies(Some(&cookies), &stark).await.unwrap(),
        "tony@stark.example"
    );
    let elsewhere = call_with_cookies(Some(&cookies), "organization-test-elsewhere")
        .await
        .unwrap_err();
    assert!(elsewhere.to_string().contains("403"), "{elsewhere}");
    let anonymous = call_with_cookies(None, &stark).await.unwrap_err();
    assert!(anonymous.to_string().contains("Sign in first."), "{anonymous}");
    // The JWT cookie, verified without asking Stytch.
    let both = format!("stytch_session={token}; stytch_session_jwt={jwt}");
    let (member, locally) = as_request(Some(&both), who_calls_quickly).await.unwrap();
    assert_eq!((member.as_str(), locally), (member_id.as_str(), true));
    let no_jwt = as_request(Some(&cookies), who_calls_quickly).await.unwrap_err();
    assert!(no_jwt.to_string().contains("Sign in first."), "{no_jwt}");

    // Extended on the server: the response's cookies carry the same token, a new JWT that
    // verifies, and the session's new expiry, two hours out.
    let headers = as_request(Some(&both), extend_session).await.unwrap();
    // The last header of each cookie sets it (the browser client's rules first expire a copy
    // of another scope that the request's cookie could be).
    let value = |name: &str| {
        let header = headers
            .iter()
            .rfind(|h| h.starts_with(&format!("{name}=")))
            .unwrap_or_else(|| panic!("no {name} in {headers:?}"));
        let value = header[name.len() + 1..].split(';').next().unwrap().to_owned();
        (header.clone(), value)
    };
    let (token_header, token_value) = value("stytch_session");
    let (_, new_jwt) = value("stytch_session_jwt");
    assert_eq!(token_value, token);
    assert_ne!(new_jwt, jwt, "a fresh JWT");
    let extended = stytch()
        .authenticate_jwt(&new_jwt, AuthenticateJwtOptions::default())
        .await
        .unwrap();
    let expires_at = extended.member_session.expires_at.clone();
    let expires_ms = stytch_leptos::models::time::parse_rfc3339(&expires_at).unwrap();
    let now_ms = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64;
    assert!(
        (expires_ms - now_ms - 120 * 60_000).abs() < 5 * 60_000,
        "two hours out: {expires_at}"
    );
    let expected = format!(
        "; Path=/; Expires={}; SameSite=Lax; Secure",
        stytch_leptos::models::time::format_http_date(expires_ms)
    );
    assert!(token_header.ends_with(&expected), "{token_header} vs {expected}");

    // The session for a server render, as a middleware asks for it, and the provider reading
    // it from leptos_axum's `Parts`.
    let session_of = |cookie: Option<&str>| {
        let mut headers = http::HeaderMap::new();
        if let Some(cookie) = cookie {
            headers.insert(http::header::COOKIE, cookie.parse().unwrap());
        }
        async move { server_session(&stytch(), &headers).await }
    };
    let found = session_of(Some(&cookies)).await.expect("Stytch answered");
    let state = found.state().expect("signed in");
    assert_eq!(state.member.as_ref().unwrap().email_address, "tony@stark.example");
    assert_eq!(state.organization.as_ref().unwrap().organization_id, stark);
    assert_eq!(
        found.rbac_policy(),
        Some(&stytch().rbac_policy().await.unwrap()),
        "with the project's policy"
    );
    assert_eq!(
        render_with_extension(found),
        "signed in as tony@stark.example; reads documents; may-not-delete"
    );
    for signed_out in [None, Some("stytch_session=made-up-token"), Some("theme=dark")] {
        assert_eq!(
            session_of(signed_out).await,
            Some(ServerSession::signed_out()),
            "{signed_out:?}"
        );
    }
    assert_eq!(
        render_with_extension(ServerSession::signed_out()),
        "signed out; may-not-read; may-not-delete"
    );
    // One backend serving many renders of the same session: Stytch asked once a minute by
    // default, on every render with `Duration::ZERO`; a kept answer also rides out an outage.
    let shared = stytch();
    let mut headers = http::HeaderMap::new();
    headers.insert(http::header::COOKIE, cookies.parse().unwrap());
    let calls = || async {
        let url = format!(
            "{}/emulator/v1/requests?path=/v1/b2b/sessions/authenticate",
            API_URL.get().unwrap()
        );
        let body: Value = reqwest::get(url).await.unwrap().json().await.unwrap();
        body["total"].as_u64().unwrap()
    };
    let before = calls().await;
    for _ in 0..3 {
        let render = server_session(&shared, &headers).await.expect("Stytch answered");
        assert!(render.state().is_some());
    }
    assert_eq!(calls().await, before + 1, "three renders, one call");
    let every_render = ServerSessionOptions {
        reuse_answer_for: std::time::Duration::ZERO,
        ..Default::default()
    };
    for _ in 0..2 {
        server_session_with_options(&shared, &headers, &every_render)
            .await
            .expect("Stytch answered");
    }
    assert_eq!(calls().await, before + 3);

    // Stytch unreachable: no answer, so the render stays "not initialized".
    let faults = format!("{}/emulator/v1/faults", API_URL.get().unwrap());
    let fault = json!({ "path": "/v1/b2b/sessions/authenticate", "status": 503, "count": 1 });
    reqwest::Client::new().post(&faults).json(&fault).send().await.unwrap();
    assert!(
        server_session(&shared, &headers)
            .await
            .is_some_and(|s| s.state().is_some()),
        "the kept answer"
    );
    assert_eq!(session_of(Some(&cookies)).await, None, "nothing kept: no answer");
    // Only the policy unavailable: the session, with the permission guards left loading.
    let fault = json!({ "path": "/v1/b2b/rbac/policy", "status": 503, "count": 1 });
    reqwest::Client::new().post(&faults).json(&fault).send().await.unwrap();
    let without_policy = session_of(Some(&cookies)).await.expect("Stytch answered");
    assert!(without_policy.state().is_some() && without_policy.rbac_policy().is_none());
    assert_eq!(
        render_with_extension(without_policy),
        "signed in as tony@stark.example; may-not-read; may-not-delete"
    );

    stytch().revoke_session(&request_session_for(&cookies)).await.unwrap();
    let revoked = call_with_cookies(Some(&cookies), &stark).await.unwrap_err();
    assert!(revoked.to_string().contains("session_not_found"), "{revoked}");
    assert_eq!(
        session_of(Some(&cookies)).await,
        Some(ServerSession::signed_out()),
        "revoked"
    );
}

/// Renders a provider for a request whose extensions carry `session`, as leptos_axum renders
/// after a middleware inserted it; returns what the page says.
fn render_with_extension(session: ServerSession) -> String {
    use stytch_leptos::{Protect, StytchProvider, use_member, use_member_session};
    #[component]
    fn Who() -> impl IntoView {
        let session = use_member_session();
        let member = use_member().member;
        let who = move || match (session.is_initialized.get(), member.get()) {
            (false, _) => "not initialized".to_owned(),
            (true, Some(member)) => format!("signed in as {}", member.email_address),
            (true, None) => "signed out".to_owned(),
        };
        view! {
            {who}
            <Protect resource="documents" action="read" fallback=|| "; may-not-read">"; reads documents"</Protect>
            <Protect resource="documents" action="delete" fallback=|| "; may-not-delete">"; deletes documents"</Protect>
        }
    }
    let owner = Owner::new();
    owner.with(|| {
        let (mut parts, ()) = http::Request::builder().body(()).unwrap().into_parts();
        parts.extensions.insert(session);
        provide_context(parts);
        view! { <StytchProvider public_token="public-token-test-render"><Who/></StytchProvider> }
            .to_html()
            .replace("<!>", "")
    })
}

fn request_session_for(cookies: &str) -> stytch_leptos::server::SessionCredential {
    stytch_leptos::server::SessionCredential::from_cookie_header(cookies, &Default::default()).unwrap()
}
