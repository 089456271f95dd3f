//! M2M on a server against a live emulator: a service trades its client's credentials for an
//! access token (`StytchBackend::m2m_token`), and the API it calls checks the token locally
//! (`authenticate_m2m_token`) against the project's keys, scopes, age and expiry.

mod support;

use stytch_core::StytchError;
use stytch_core::backend::{AuthenticateM2mTokenOptions, StytchBackend};
use support::*;

fn refusal(error: &StytchError) -> (u16, &str) {
    match error {
        StytchError::Api(body) => (body.status_code, body.error_type.as_str()),
        other => panic!("not Stytch's refusal: {other:?}"),
    }
}

/// A new M2M client with these scopes: its ID and secret.
async fn m2m_client(api: &str, scopes: &[&str]) -> (String, String) {
    let created = with_secret(
        api,
        reqwest::Method::POST,
        "/v1/m2m/clients",
        Some(serde_json::json!({ "scopes": scopes })),
    )
    .await;
    let client = &created["m2m_client"];
    let text = |field: &str| client[field].as_str().unwrap().to_owned();
    (text("client_id"), text("client_secret"))
}

fn requiring(scopes: &[&str], now: i64) -> AuthenticateM2mTokenOptions {
    AuthenticateM2mTokenOptions {
        required_scopes: scopes.iter().map(|s| (*s).to_owned()).collect(),
        current_time: Some(now),
        ..Default::default()
    }
}

#[test]
fn a_service_gets_a_token_that_the_api_checks_locally() {
    let emulator = emulator();
    let api = emulator.url();
    let app = emulator.app().clone();
    let now = move || app.clock.now_ms() / 1000;
    run(async move {
        let (client_id, secret) = &m2m_client(&api, &["read:users", "write:*"]).await;
        let server =
            StytchBackend::new(stytch_emulator::DEFAULT_PROJECT_ID, stytch_emulator::DEFAULT_SECRET).with_api_url(&api);

        let token = server.m2m_token(client_id, secret, &[]).await.unwrap();
        assert_eq!((token.token_type.as_str(), token.expires_in), ("bearer", 3600));
        assert!(
            !format!("{token:?}").contains(&token.access_token),
            "the token stays out of logs"
        );
        let caller = server
            .authenticate_m2m_token(&token.access_token, requiring(&["read:users", "write:invoices"], now()))
            .await
            .unwrap();
        assert_eq!(&caller.client_id, client_id);
        assert_eq!(caller.scopes, ["read:users", "write:*"]);
        assert!(caller.custom_claims.is_empty(), "{:?}", caller.custom_claims);
        assert_eq!(caller.expires_at - caller.issued_at, 3600);
        let refused = server
            .authenticate_m2m_token(&token.access_token, requiring(&["read:users", "delete:users"], now()))
            .await
            .unwrap_err();
        assert_eq!(refusal(&refused), (403, "missing_scopes"));
        assert!(refused.to_string().contains("delete:users"), "{refused}");

        // Fewer scopes on request; none the client lacks; only its own secret.
        let narrow = server.m2m_token(client_id, secret, &["read:users"]).await.unwrap();
        let caller = server
            .authenticate_m2m_token(&narrow.access_token, requiring(&[], now()))
            .await
            .unwrap();
        assert_eq!(caller.scopes, ["read:users"]);
        let refused = server.m2m_token(client_id, secret, &["admin"]).await.unwrap_err();
        assert_eq!(refusal(&refused), (400, "invalid_scope"));
        let refused = server.m2m_token(client_id, "not-its-secret", &[]).await.unwrap_err();
        assert_eq!(refusal(&refused), (401, "invalid_client"));

        // A tampered token, a member's session JWT, and a token from another project's key.
        let forged = format!("{}x", &token.access_token[..token.access_token.len() - 1]);
        let refused = server
            .authenticate_m2m_token(&forged, requiring(&[], now()))
            .await
            .unwrap_err();
        assert_eq!(refusal(&refused), (401, "jwt_invalid"));
        let member = Browser::new().open(&api);
        sign_in(&member, &api, "someone@m2m.example", "m2m-co", 60).await;
        let session_jwt = member.session().get_tokens().map(|t| t.session_jwt).unwrap();
        let refused = server
            .authenticate_m2m_token(&session_jwt, requiring(&[], now()))
            .await
            .unwrap_err();
        assert_eq!(refusal(&refused), (401, "jwt_invalid"));
        let elsewhere = stytch_emulator::spawn(stytch_emulator::EmulatorConfig::for_tests()).unwrap();
        let (other_id, other_secret) = m2m_client(&elsewhere.url(), &["read:users"]).await;
        let theirs = StytchBackend::new(stytch_emulator::DEFAULT_PROJECT_ID, stytch_emulator::DEFAULT_SECRET)
            .with_api_url(elsewhere.url())
            .m2m_token(&other_id, &other_secret, &[])
            .await
            .unwrap();
        let refused = server
            .authenticate_m2m_token(&theirs.access_token, requiring(&[], now()))
            .await
            .unwrap_err();
        assert_eq!(refusal(&refused), (401, "jwt_invalid"), "another emulator's key");

        // Age and expiry, against the emulator's moved clock.
        emulator.app().clock.advance(120);
        let fresh_only = AuthenticateM2mTokenOptions {
            max_token_age_seconds: Some(60),
            ..requiring(&[], now())
        };
        let refused = server
            .authenticate_m2m_token(&token.access_token, fresh_only)
            .await
            .unwrap_err();
        assert_eq!(refusal(&refused), (401, "jwt_too_old"));
        emulator.app().clock.advance(3600 - 120 + 30);
        let refused = server
            .authenticate_m2m_token(&token.access_token, requiring(&[], now()))
            .await
            .unwrap_err();
        assert_eq!(refusal(&refused), (401, "jwt_invalid"), "expired 30 s ago");
        let tolerant = AuthenticateM2mTokenOptions {
            clock_tolerance_seconds: 60,
            ..requiring(&[], now())
        };
        assert!(
            server
                .authenticate_m2m_token(&token.access_token, tolerant)
                .await
                .is_ok()
        );
    });
}

#[test]
fn a_reused_token_spares_the_token_endpoint_until_it_runs_low() {
    let emulator = emulator();
    let api = emulator.url();
    run(async move {
        let (client_id, secret) = &m2m_client(&api, &["read:users", "write:users"]).await;
        let server =
            StytchBackend::new(stytch_emulator::DEFAULT_PROJECT_ID, stytch_emulator::DEFAULT_SECRET).with_api_url(&api);
        let endpoint = format!("/v1/public/{}/oauth2/token", stytch_emulator::DEFAULT_PROJECT_ID);
        let five_minutes = std::time::Duration::from_secs(300);

        let first = server
            .m2m_token_reusing(client_id, secret, &["read:users"], five_minutes)
            .await
            .unwrap();
        let again = server
            .m2m_token_reusing(client_id, secret, &["read:users"], five_minutes)
            .await
            .unwrap();
        assert_eq!(first, again);
        assert_eq!(
            request_count(&api, &endpoint).await,
            1,
            "the second came from the cache"
        );

        // Other scopes, or a token that would have less left than asked, go to Stytch.
        let other = server
            .m2m_token_reusing(client_id, secret, &["write:users"], five_minutes)
            .await
            .unwrap();
        assert_ne!(other, first);
        server
            .m2m_token_reusing(client_id, secret, &["read:users"], std::time::Duration::from_secs(3601))
            .await
            .unwrap();
        assert_eq!(request_count(&api, &endpoint).await, 3);

        // A wrong secret never gets the cached token, and its refusal is not kept.
        let refused = server
            .m2m_token_reusing(client_id, "not-its-secret", &["read:users"], five_minutes)
            .await
            .unwrap_err();
        assert_eq!(refusal(&refused), (401, "invalid_client"));
        assert_eq!(request_count(&api, &endpoint).await, 4);
    });
}
