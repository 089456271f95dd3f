//! `backend::StytchBackend` against a real emulator: a server authenticating the session a
//! browser's cookies carry, checking its roles, and revoking it.

mod support;

use stytch_core::StytchError;
use stytch_core::backend::{AuthenticateJwtOptions, AuthenticateSessionOptions, SessionCredential, StytchBackend};
use stytch_core::models::ErrorType;
use stytch_core::models::api::sessions::AuthorizationCheck;
use stytch_core::storage::CookieOptions;
use support::*;

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
            (403, ErrorType::SessionAuthorizationError)
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

        // Claims the server adds reach the session and its JWTs, then the JWT check.
        let mut claims = serde_json::Map::new();
        claims.insert("plan".into(), serde_json::json!("enterprise"));
        let claimed = backend
            .authenticate_session(
                &credential,
                AuthenticateSessionOptions {
                    session_custom_claims: Some(claims),
                    ..Default::default()
                },
            )
            .await
            .expect("claims added");
        let custom = claimed.member_session.custom_claims.clone().unwrap_or_default();
        assert_eq!(custom["plan"], "enterprise");
        let from_jwt = backend
            .authenticate_jwt(&claimed.session_jwt, Default::default())
            .await
            .expect("the new JWT");
        assert!(from_jwt.verified_locally);
        assert_eq!(
            from_jwt.member_session.custom_claims.unwrap_or_default()["plan"],
            "enterprise"
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

/// Whether `backend` accepts `jwt` (with no check) from its signature alone.
async fn verified_locally(backend: &StytchBackend, jwt: &str) -> bool {
    backend
        .authenticate_jwt(jwt, AuthenticateJwtOptions::default())
        .await
        .expect("accepted")
        .verified_locally
}

fn jwt_check(organization_id: &str, resource_id: &str, action: &str) -> AuthenticateJwtOptions {
    AuthenticateJwtOptions {
        authorization_check: check(organization_id, resource_id, action).authorization_check,
        ..Default::default()
    }
}

/// The same JWT with its payload rewritten and the signature kept.
fn forged(jwt: &str, edit: impl FnOnce(&mut serde_json::Value)) -> String {
    let parts: Vec<&str> = jwt.split('.').collect();
    let mut claims: serde_json::Value =
        serde_json::from_slice(&stytch_core::util::base64::decode_url(parts[1]).unwrap()).unwrap();
    edit(&mut claims);
    let payload = stytch_core::util::base64::encode_url(claims.to_string().as_bytes());
    format!("{}.{payload}.{}", parts[0], parts[2])
}

#[test]
fn a_jwt_is_trusted_locally_while_fresh_and_stytch_decides_the_rest() {
    let emulator = emulator();
    let api = emulator.url();
    run(async move {
        let browser = Browser::new();
        let client = browser.open(&api);
        sign_in(&client, &api, "jwt@example.org", "jwt-co", 60).await;
        let jwt = client.session().get_tokens().expect("tokens").session_jwt;
        let token = SessionCredential::Token(client.session().get_tokens().unwrap().session_token);
        let backend = backend_for(&api);
        let from_api = backend
            .authenticate_session(&token, AuthenticateSessionOptions::default())
            .await
            .unwrap()
            .member_session;
        let calls = || request_count(&api, "/v1/b2b/sessions/authenticate");
        let fetches = || request_count(&api, "/v1/b2b/sessions/jwks");
        let (calls_before, fetches_before) = (calls().await, fetches().await);

        // Fresh: the claims are the answer, and they say what Stytch says.
        let local = backend
            .authenticate_jwt(&jwt, AuthenticateJwtOptions::default())
            .await
            .unwrap();
        assert!(local.verified_locally);
        assert_eq!(local.session_jwt, jwt);
        let mut expected = from_api.clone();
        expected.last_accessed_at = local.member_session.last_accessed_at.clone();
        expected.custom_claims = Some(Default::default());
        assert_eq!(local.member_session, expected);
        backend
            .authenticate_jwt(&jwt, AuthenticateJwtOptions::default())
            .await
            .unwrap();
        assert_eq!(calls().await, calls_before, "no sessions/authenticate call");
        assert_eq!(fetches().await, fetches_before + 1, "the keys fetched once, then kept");

        // RBAC locally: the policy and the organization's roles fetched once.
        let organization_id = from_api.organization_id.clone();
        let policy_fetches = || request_count(&api, "/v1/b2b/rbac");
        let policy_before = policy_fetches().await;
        for _ in 0..2 {
            let allowed = backend
                .authenticate_jwt(&jwt, jwt_check(&organization_id, "documents", "delete"))
                .await
                .unwrap();
            assert!(allowed.verified_locally);
        }
        assert_eq!(
            policy_fetches().await,
            policy_before + 2,
            "the policy and the organization's roles, once"
        );
        assert_eq!(calls().await, calls_before, "granted locally");

        // What the cached policies do not grant, Stytch decides.
        for (check, expected) in [
            (
                jwt_check(&organization_id, "invoices", "read"),
                ErrorType::SessionAuthorizationError,
            ),
            (
                jwt_check("organization-test-other", "documents", "read"),
                ErrorType::SessionAuthorizationTenancyError,
            ),
        ] {
            match backend.authenticate_jwt(&jwt, check).await {
                Err(StytchError::Api(body)) => {
                    assert_eq!((body.status_code, body.error_type), (403, expected));
                    assert!(!body.request_id.is_empty(), "Stytch's answer");
                }
                Err(other) => panic!("expected Stytch's refusal, got {other:?}"),
                Ok(_) => panic!("expected Stytch's refusal, got a session"),
            }
        }
        assert_eq!(calls().await, calls_before + 2);

        // A role the organization defines after the policies were cached: the cache says no,
        // Stytch says yes, and Stytch's word stands.
        let member = format!("/organizations/{organization_id}/members/{}", from_api.member_id);
        support::backend(
            &api,
            reqwest::Method::PUT,
            &member,
            Some(serde_json::json!({ "roles": ["archivist"] })),
        )
        .await;
        client.session().authenticate(None).await.unwrap();
        let archivist_jwt = client.session().get_tokens().unwrap().session_jwt;
        let delete = || jwt_check(&organization_id, "documents", "delete");
        assert_eq!(
            api_error(backend.authenticate_jwt(&archivist_jwt, delete()).await),
            (403, ErrorType::SessionAuthorizationError),
            "no such role yet"
        );
        let archivist = serde_json::json!({ "org_policy": { "roles": [{
            "role_id": "archivist",
            "permissions": [{ "resource_id": "documents", "actions": ["delete"] }],
        }] } });
        support::backend(
            &api,
            reqwest::Method::PUT,
            &format!("/rbac/organizations/{organization_id}"),
            Some(archivist),
        )
        .await;
        let granted = backend
            .authenticate_jwt(&archivist_jwt, delete())
            .await
            .expect("Stytch grants it");
        assert!(!granted.verified_locally, "the cached roles did not know it");
        let calls_before = calls().await;

        // Expired, or older than the caller accepts: Stytch decides and sends its JWT.
        let claims = stytch_core::util::jwt::decode_claims(&jwt).unwrap();
        let expired = AuthenticateJwtOptions {
            current_time: Some(claims.exp + 1),
            ..Default::default()
        };
        let refreshed = backend.authenticate_jwt(&jwt, expired).await.unwrap();
        assert!(!refreshed.verified_locally);
        let answered = stytch_core::util::jwt::decode_claims(&refreshed.session_jwt).unwrap();
        assert!(answered.iat >= claims.iat, "Stytch's JWT");
        assert_eq!(refreshed.member_session.member_session_id, from_api.member_session_id);
        assert_eq!(calls().await, calls_before + 1);
        let too_old = AuthenticateJwtOptions {
            max_token_age_seconds: Some(30),
            current_time: Some(claims.iat + 31),
            ..Default::default()
        };
        assert!(
            !backend
                .authenticate_jwt(&jwt, too_old.clone())
                .await
                .unwrap()
                .verified_locally
        );

        let always_ask = AuthenticateJwtOptions {
            max_token_age_seconds: Some(0),
            ..Default::default()
        };
        assert!(
            !backend
                .authenticate_jwt(&jwt, always_ask)
                .await
                .unwrap()
                .verified_locally,
            "0 always asks Stytch"
        );

        // A forged payload fails the signature; Stytch refuses it too.
        let promoted = forged(&jwt, |c| c["sub"] = "member-test-someone-else".into());
        assert!(
            backend
                .authenticate_jwt(&promoted, AuthenticateJwtOptions::default())
                .await
                .is_err()
        );
        let unsigned = forged(&jwt, |_| ()).replace(&jwt.split('.').next_back().unwrap().to_owned(), "");
        assert!(
            backend
                .authenticate_jwt(&unsigned, AuthenticateJwtOptions::default())
                .await
                .is_err()
        );
        // Another project's verifier does not accept it locally (audience and issuer).
        let other = StytchBackend::new("project-test-other", stytch_emulator::DEFAULT_SECRET).with_api_url(&api);
        assert!(
            other
                .authenticate_jwt(&jwt, AuthenticateJwtOptions::default())
                .await
                .is_err()
        );

        // Revoked: the signature still holds until the JWT expires (documented); an age limit
        // sends it to Stytch, which knows.
        backend.revoke_session(&token).await.unwrap();
        assert!(verified_locally(&backend, &jwt).await);
        assert_eq!(
            api_error(backend.authenticate_jwt(&jwt, too_old).await),
            (404, ErrorType::SessionNotFound)
        );
    });
}

#[test]
fn a_new_signing_key_is_fetched_when_a_jwt_names_it_but_not_for_every_unknown_key() {
    let emulator = emulator();
    let rotated = stytch_emulator::spawn(stytch_emulator::EmulatorConfig::for_tests()).unwrap();
    let api = emulator.url();
    let other_api = rotated.url();
    run(async move {
        let backend = backend_for(&api);
        let eager = backend_for(&api).with_key_refetch_cooldown(std::time::Duration::ZERO);
        let browser = Browser::new();
        let client = browser.open(&api);
        sign_in(&client, &api, "keys@example.org", "keys-co", 60).await;
        let first = client.session().get_tokens().unwrap().session_jwt;
        assert!(verified_locally(&eager, &first).await);
        assert!(verified_locally(&backend, &first).await);

        // The emulator takes another emulator's state, signing key included: a key rotation.
        let state = reqwest::get(format!("{other_api}/emulator/v1/state"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let imported = reqwest::Client::new()
            .put(format!("{api}/emulator/v1/state"))
            .header("content-type", "application/json")
            .body(state)
            .send()
            .await
            .unwrap();
        assert_eq!(imported.status(), 200);
        let browser = Browser::new();
        let client = browser.open(&api);
        sign_in(&client, &api, "keys@example.org", "keys-co", 60).await;
        let second = client.session().get_tokens().unwrap().session_jwt;
        let kid = |jwt: &str| {
            let header = stytch_core::util::base64::decode_url(jwt.split('.').next().unwrap()).unwrap();
            serde_json::from_slice::<serde_json::Value>(&header).unwrap()["kid"].clone()
        };
        assert_ne!(kid(&first), kid(&second), "signed with another key");
        let fetches = || request_count(&api, "/v1/b2b/sessions/jwks");
        let before = fetches().await;

        // Within 30 s of its last fetch a verifier does not fetch again: Stytch decides.
        for _ in 0..3 {
            let answered = backend
                .authenticate_jwt(&second, AuthenticateJwtOptions::default())
                .await
                .unwrap();
            assert!(!answered.verified_locally);
        }
        let made_up = forged(&second, |_| ()).replacen(
            second.split('.').next().unwrap(),
            &stytch_core::util::base64::encode_url(br#"{"alg":"RS256","kid":"jwk-made-up"}"#),
            1,
        );
        assert!(
            backend
                .authenticate_jwt(&made_up, AuthenticateJwtOptions::default())
                .await
                .is_err()
        );
        assert_eq!(fetches().await, before, "no fetch for a key the fresh set lacks");

        // Past the cooldown, the new key is fetched once and trusted.
        let verified = eager
            .authenticate_jwt(&second, AuthenticateJwtOptions::default())
            .await
            .unwrap();
        assert!(verified.verified_locally, "the new key was fetched and trusted");
        assert!(verified_locally(&eager, &second).await);
        assert_eq!(fetches().await, before + 1);
    });
}

#[test]
fn the_backends_futures_can_cross_threads_as_server_functions_need() {
    fn send<T: Send>(_: &T) {}
    let backend = backend_for("http://127.0.0.1:1");
    let credential = SessionCredential::Token("t".into());
    send(&backend.authenticate_session(&credential, AuthenticateSessionOptions::default()));
    send(&backend.revoke_session(&credential));
    send(&backend.authenticate_jwt("a.b.c", AuthenticateJwtOptions::default()));
    send(&backend.rbac_policy());
}

#[test]
fn the_projects_policy_is_the_browsers_and_is_fetched_once_per_five_minutes() {
    let emulator = emulator();
    let api = emulator.url();
    run(async move {
        let backend = backend_for(&api);
        let fetches = || request_count(&api, "/v1/b2b/rbac/policy");
        let before = fetches().await;
        let policy = backend.rbac_policy().await.expect("the project's policy");
        assert_eq!(backend.rbac_policy().await.expect("cached"), policy);
        assert_eq!(fetches().await, before + 1, "fetched once, then kept");

        // The same policy the browser client reads from its bootstrap document, which is what
        // a server render must agree with.
        let client = Browser::new().open(&api);
        let bootstrap = client.bootstrap_ready().await;
        assert_eq!(bootstrap.rbac_policy.as_ref(), Some(&policy));
        assert!(policy.is_authorized(&["editor".to_owned()], "documents", "write"));

        // A wrong secret is Stytch's typed refusal, and nothing is cached by it.
        let wrong = StytchBackend::new(stytch_emulator::DEFAULT_PROJECT_ID, "secret-test-wrong").with_api_url(&api);
        assert_eq!(
            api_error(wrong.rbac_policy().await),
            (401, ErrorType::UnauthorizedCredentials)
        );
        let unreachable = backend_for("http://127.0.0.1:9");
        assert!(matches!(
            unreachable.rbac_policy().await,
            Err(StytchError::Unreachable(_))
        ));
    });
}

#[test]
fn a_render_reuses_stytchs_recent_answer_but_never_a_refusal_or_a_revoked_session() {
    use std::time::Duration;
    let emulator = emulator();
    let api = emulator.url();
    run(async move {
        let client = Browser::new().open(&api);
        sign_in(&client, &api, "render@example.org", "render-co", 60).await;
        let tokens = client.session().get_tokens().expect("tokens");
        let token = SessionCredential::Token(tokens.session_token);
        let jwt = SessionCredential::Jwt(tokens.session_jwt);
        let backend = backend_for(&api);
        let calls = || request_count(&api, "/v1/b2b/sessions/authenticate");
        let minute = Duration::from_secs(60);

        let before = calls().await;
        let first = backend
            .authenticate_session_reusing(&token, minute)
            .await
            .expect("live");
        assert_eq!(first.member.email_address, "render@example.org");
        for _ in 0..3 {
            let again = backend
                .authenticate_session_reusing(&token, minute)
                .await
                .expect("reused");
            assert_eq!(again, first);
        }
        assert_eq!(calls().await, before + 1, "one call for four renders");
        backend
            .authenticate_session_reusing(&token, Duration::ZERO)
            .await
            .unwrap();
        backend
            .authenticate_session_reusing(&token, Duration::ZERO)
            .await
            .unwrap();
        assert_eq!(calls().await, before + 3, "Duration::ZERO always asks");
        let other = backend_for(&api);
        other.authenticate_session_reusing(&token, minute).await.unwrap();
        assert_eq!(calls().await, before + 4, "each backend keeps its own answers");

        // A refusal is Stytch's every time.
        let made_up = SessionCredential::Token("made-up-token".into());
        for _ in 0..2 {
            assert_eq!(
                api_error(backend.authenticate_session_reusing(&made_up, minute).await),
                (404, ErrorType::SessionNotFound)
            );
        }
        assert_eq!(calls().await, before + 6);

        // Revoked through this backend (by the JWT, though the answer was kept for the token):
        // nothing kept for the session is reused.
        backend.authenticate_session_reusing(&jwt, minute).await.unwrap();
        backend.revoke_session(&jwt).await.unwrap();
        let revoked = calls().await;
        for credential in [&token, &jwt] {
            assert_eq!(
                api_error(backend.authenticate_session_reusing(credential, minute).await),
                (404, ErrorType::SessionNotFound)
            );
        }
        assert_eq!(calls().await, revoked + 2, "asked again");
        // Revoked elsewhere, another backend's kept answer stands until it is a minute old:
        // documented, and why nothing that matters may use this.
        assert!(other.authenticate_session_reusing(&token, minute).await.is_ok());
    });
}

#[test]
fn a_server_authenticates_an_impersonation_link_once() {
    let emulator = emulator();
    let api = emulator.url();
    run(async move {
        let client = Browser::new().open(&api);
        sign_in(
            &client,
            &api,
            "impersonated-server@example.org",
            "impersonated-server",
            60,
        )
        .await;
        let theirs = client.session().get_sync().unwrap();
        let issued = post_json(
            &format!("{api}/emulator/v1/impersonation"),
            serde_json::json!({ "organization_id": theirs.organization_id, "member_id": theirs.member_id }),
        )
        .await;
        let token = issued["impersonation_token"].as_str().unwrap();
        let backend = backend_for(&api);
        let answer = backend.authenticate_impersonation(token).await.expect("signed in");
        let session = answer.member_session.expect("always a session");
        assert_eq!(session.member_id, theirs.member_id);
        assert!(session.impersonator().is_some(), "the impersonator is named");
        let live = backend
            .authenticate_session(
                &SessionCredential::Token(answer.session_token),
                AuthenticateSessionOptions::default(),
            )
            .await
            .expect("a live session");
        assert_eq!(live.member_session.member_session_id, session.member_session_id);
        assert_eq!(
            api_error(backend.authenticate_impersonation(token).await),
            (401, ErrorType::UnableToAuthImpersonationToken)
        );
    });
}

#[test]
fn a_server_reads_the_provider_tokens_a_members_oauth_sign_in_left() {
    use stytch_core::UrlAuthentication;
    use stytch_core::models::api::oauth::OAuthProvider;
    let emulator = demo_emulator();
    let api = emulator.url();
    run(async move {
        // Ada signs in to Acme with (simulated) Google in the browser.
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        let consent = http
            .post(format!("{api}/v1/b2b/public/oauth/google/consent"))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(format!(
                "public_token={PUBLIC_TOKEN}&slug=acme&login_redirect_url=http%3A%2F%2Flocalhost%3A8080%2Fauthenticate&email=ada%40example.com"
            ))
            .send()
            .await
            .unwrap();
        let location = consent.headers()["location"].to_str().unwrap().to_owned();
        let browser = Browser::new();
        let client = browser.open(&api);
        let answer = match client.authenticate_by_url(&location, Some(60)).await {
            Some(Ok(UrlAuthentication::Authenticated(answer))) => answer,
            other => panic!("{other:?}"),
        };
        let shown = answer.provider_values.clone().expect("the provider's values");

        // The server reads the same tokens back, the refresh token only when it asks.
        let stytch = backend_for(&api);
        let tokens = stytch
            .member_provider_tokens(
                &answer.organization_id,
                &answer.member_id,
                &OAuthProvider::Google,
                false,
            )
            .await
            .expect("Google tokens");
        assert_eq!(tokens.len(), 1);
        assert_eq!(tokens[0].access_token, shown.access_token);
        assert_eq!(tokens[0].id_token, shown.id_token);
        assert_eq!(tokens[0].refresh_token, None);
        assert!(tokens[0].access_token_expires_in.is_some_and(|s| s > 3500));
        let with_refresh = stytch
            .member_provider_tokens(&answer.organization_id, &answer.member_id, &OAuthProvider::Google, true)
            .await
            .unwrap();
        assert_eq!(with_refresh[0].refresh_token, shown.refresh_token);

        let none = stytch
            .member_provider_tokens(
                &answer.organization_id,
                &answer.member_id,
                &OAuthProvider::GitHub,
                false,
            )
            .await
            .expect_err("no GitHub sign-in");
        assert_eq!(
            none.error_type().map(|t| t.as_str()),
            Some("member_oauth_token_not_found")
        );
    });
}
