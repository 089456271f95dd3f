//! `backend::StytchBackend` against a real emulator: a server authenticating the session a
//! browser's cookies carry, checking its roles, and revoking it.

mod support;

use stytch_core::StytchError;
use stytch_core::backend::{AuthenticateSessionOptions, SessionCredential, StytchBackend};
use stytch_core::models::ErrorType;
use stytch_core::models::api::sessions::AuthorizationCheck;
use stytch_core::storage::CookieOptions;
use support::*;

fn backend_for(api: &str) -> StytchBackend {
    StytchBackend::new(stytch_emulator::DEFAULT_PROJECT_ID, stytch_emulator::DEFAULT_SECRET).with_api_url(api)
}

/// The `Cookie` header the browser would send: every cookie in its jar, plus one of the app's.
fn cookie_header(browser: &Browser) -> String {
    let mut pairs = vec!["theme=dark".to_owned()];
    pairs.extend(
        browser
            .jar
            .cookies()
            .iter()
            .map(|stored| format!("{}={}", stored.cookie.name, stored.cookie.value)),
    );
    pairs.join("; ")
}

fn check(organization_id: &str, resource_id: &str, action: &str) -> AuthenticateSessionOptions {
    AuthenticateSessionOptions {
        authorization_check: Some(AuthorizationCheck {
            organization_id: organization_id.into(),
            resource_id: resource_id.into(),
            action: action.into(),
        }),
        ..Default::default()
    }
}

fn api_error<T>(result: Result<T, StytchError>) -> (u16, ErrorType) {
    match result {
        Err(StytchError::Api(body)) => (body.status_code, body.error_type),
        // Not printed: a success carries the session's tokens.
        Err(other) => panic!("expected a Stytch error, got {other:?}"),
        Ok(_) => panic!("expected a Stytch error, got a success"),
    }
}

#[test]
fn a_server_learns_who_calls_from_the_browsers_cookies() {
    let emulator = emulator();
    let api = emulator.url();
    run(async move {
        let browser = Browser::new();
        let client = browser.open(&api);
        sign_in(&client, &api, "server@example.org", "server-co", 60).await;
        let session = client.session().get_sync().expect("signed in");
        let backend = backend_for(&api);
        let header = cookie_header(&browser);
        let credential =
            SessionCredential::from_cookie_header(&header, &CookieOptions::default()).expect("a session cookie");
        assert!(
            matches!(credential, SessionCredential::Token(_)),
            "the token is preferred"
        );

        let caller = backend
            .authenticate_session(&credential, AuthenticateSessionOptions::default())
            .await
            .expect("live");
        assert_eq!(caller.member.email_address, "server@example.org");
        assert_eq!(caller.member_session.member_session_id, session.member_session_id);
        assert_eq!(caller.organization.organization_slug, "server-co");
        assert!(
            caller.member_session.roles.iter().any(|r| r == "stytch_admin"),
            "{:?}",
            caller.member_session.roles
        );
        assert!(caller.verdict.is_none());

        // The JWT alone works too (a project whose token cookie is HttpOnly and elsewhere).
        let jwt = SessionCredential::Jwt(client.session().get_tokens().expect("tokens").session_jwt);
        let by_jwt = backend
            .authenticate_session(&jwt, AuthenticateSessionOptions::default())
            .await
            .expect("live");
        assert_eq!(by_jwt.member_session.member_session_id, session.member_session_id);

        // RBAC: allowed with the granting roles; refused for a resource no role grants and for
        // another organization.
        let organization_id = session.organization_id.clone();
        let allowed = backend
            .authenticate_session(&credential, check(&organization_id, "documents", "delete"))
            .await
            .expect("the creator may delete documents");
        assert_eq!(allowed.verdict.expect("a verdict").granting_roles, ["stytch_admin"]);
        assert_eq!(
            api_error(
                backend
                    .authenticate_session(&credential, check(&organization_id, "invoices", "read"))
                    .await
            ),
            (403, ErrorType::UnauthorizedAction)
        );
        let (status, _) = api_error(
            backend
                .authenticate_session(&credential, check("organization-test-another", "documents", "read"))
                .await,
        );
        assert_eq!(status, 403, "another organization's action");

        // Extending the session from the server.
        let before = caller.member_session.expires_at.clone();
        let extended = backend
            .authenticate_session(
                &credential,
                AuthenticateSessionOptions {
                    session_duration_minutes: Some(600),
                    ..Default::default()
                },
            )
            .await
            .expect("extended");
        assert!(
            extended.member_session.expires_at > before,
            "{} > {before}",
            extended.member_session.expires_at
        );

        // A wrong secret, and an unreachable Stytch, are typed errors.
        let wrong = StytchBackend::new(stytch_emulator::DEFAULT_PROJECT_ID, "secret-test-wrong").with_api_url(&api);
        assert_eq!(
            api_error(
                wrong
                    .authenticate_session(&credential, AuthenticateSessionOptions::default())
                    .await
            ),
            (401, ErrorType::UnauthorizedCredentials)
        );
        let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let nowhere = backend_for(&format!("http://{}", closed.local_addr().unwrap()));
        drop(closed);
        let error = nowhere
            .authenticate_session(&credential, AuthenticateSessionOptions::default())
            .await
            .unwrap_err();
        assert!(
            matches!(error, StytchError::Unreachable(_)) && error.is_transient(),
            "{error:?}"
        );

        // Signing out on the server: the token stops working everywhere, the browser's
        // client included.
        backend.revoke_session(&credential).await.expect("revoked");
        assert_eq!(
            api_error(
                backend
                    .authenticate_session(&credential, AuthenticateSessionOptions::default())
                    .await
            ),
            (404, ErrorType::SessionNotFound)
        );
        assert!(client.session().authenticate(None).await.is_err());
        eventually(|| client.session().get_sync().is_none()).await;
        assert!(
            SessionCredential::from_cookie_header(&cookie_header(&browser), &CookieOptions::default()).is_none(),
            "the browser's client cleared its cookies"
        );
    });
}

#[test]
fn the_backends_futures_can_cross_threads_as_server_functions_need() {
    fn send<T: Send>(_: &T) {}
    let backend = backend_for("http://127.0.0.1:1");
    let credential = SessionCredential::Token("t".into());
    send(&backend.authenticate_session(&credential, AuthenticateSessionOptions::default()));
    send(&backend.revoke_session(&credential));
}
