//! `sessions.attest` against a real emulator: a browser client exchanges another identity
//! provider's JWT for a session (stored like any sign-in's, cookies and all) and keeps it when a
//! token is refused; a server does the same with `StytchBackend::attest_session` and the
//! session it gets authenticates.

mod support;

use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde_json::{Value, json};
use stytch_core::backend::{AuthenticateSessionOptions, SessionCredential, StytchBackend};
use stytch_models::api::sessions::SessionsAttestRequest;
use support::*;

const PRIVATE_KEY: &str = include_str!("../../stytch-emulator/tests/keys/idp-rsa-private.pem");
const PUBLIC_KEY: &str = include_str!("../../stytch-emulator/tests/keys/idp-rsa-public.pem");

/// A PEM profile for the test identity provider; its ID.
async fn profile(api: &str) -> String {
    let created = post_json(
        &format!("{api}/emulator/v1/trusted_token_profiles"),
        json!({
            "name": "Supabase (test)",
            "issuer": "https://project.supabase.test/auth/v1",
            "audience": "authenticated",
            "public_key_type": "PEM",
            "pem_files": [PUBLIC_KEY],
            "attribute_mapping": { "email": "email", "token_id": "session_id" },
        }),
    )
    .await;
    created["profile"]["profile_id"].as_str().expect("a profile").to_owned()
}

/// A token of the identity provider for `email`, valid for ten minutes.
fn token(email: &str, issuer: &str) -> String {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let claims: Value = json!({
        "iss": issuer, "aud": "authenticated", "sub": "user-1", "email": email,
        "session_id": "supabase-session-9", "iat": now, "exp": now + 600,
    });
    let key = EncodingKey::from_rsa_pem(PRIVATE_KEY.as_bytes()).unwrap();
    jsonwebtoken::encode(&Header::new(Algorithm::RS256), &claims, &key).unwrap()
}

fn request(profile_id: &str, token: String) -> SessionsAttestRequest {
    SessionsAttestRequest {
        profile_id: profile_id.into(),
        token,
        organization_id: Some("acme".into()),
        session_duration_minutes: Some(60),
        ..Default::default()
    }
}

#[test]
fn a_browser_client_attests_and_keeps_its_session_when_refused() {
    let emulator = demo_emulator();
    let api = emulator.url();
    run(async move {
        let profile_id = profile(&api).await;
        let browser = Browser::new();
        let client = browser.open(&api);
        let issuer = "https://project.supabase.test/auth/v1";

        let answer = client
            .session()
            .attest(&request(&profile_id, token("ada@example.com", issuer)))
            .await
            .expect("attested");
        let session = client.session().get_sync().expect("signed in");
        assert_eq!(session.member_session_id, answer.member_session.member_session_id);
        let factor = &session.authentication_factors[0];
        assert_eq!(factor.factor_type, "trusted_auth_token");
        assert_eq!(
            factor.trusted_auth_token_factor.as_ref().map(|f| f.token_id.as_str()),
            Some("supabase-session-9")
        );
        assert_eq!(
            client.member().get_sync().map(|m| m.email_address),
            Some("ada@example.com".into())
        );
        assert!(browser.jar.find("stytch_session").is_some());
        assert!(!client.store().from_cache());

        let refused = client
            .session()
            .attest(&request(&profile_id, token("ada@example.com", "https://evil.test")))
            .await
            .expect_err("another issuer");
        assert_eq!(refused.error_type().map(|t| t.as_str()), Some("jwt_invalid_issuer"));
        assert_eq!(
            client.session().get_sync().map(|s| s.member_session_id),
            Some(session.member_session_id),
            "a refused token leaves the session alone"
        );
    });
}

#[test]
fn a_server_attests_and_the_session_authenticates() {
    let emulator = demo_emulator();
    let api = emulator.url();
    run(async move {
        let profile_id = profile(&api).await;
        let stytch =
            StytchBackend::new(stytch_emulator::DEFAULT_PROJECT_ID, stytch_emulator::DEFAULT_SECRET).with_api_url(&api);
        let answer = stytch
            .attest_session(&request(
                &profile_id,
                token("ada@example.com", "https://project.supabase.test/auth/v1"),
            ))
            .await
            .expect("attested");
        assert_eq!(answer.member.email_address, "ada@example.com");
        let confirmed = stytch
            .authenticate_session(
                &SessionCredential::Token(answer.session_token.clone()),
                AuthenticateSessionOptions::default(),
            )
            .await
            .expect("the session authenticates");
        assert_eq!(
            confirmed.member_session.member_session_id,
            answer.member_session.member_session_id
        );

        let unknown = stytch
            .attest_session(&request("ttp-test-unknown", token("ada@example.com", "x")))
            .await
            .expect_err("no such profile");
        assert_eq!(
            unknown.error_type().map(|t| t.as_str()),
            Some("trusted_token_profile_not_found")
        );
    });
}
