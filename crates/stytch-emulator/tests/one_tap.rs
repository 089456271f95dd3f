//! Google One Tap against a running emulator: the start, the simulated Google's script and
//! credentials, both submits, the OAuth token they return, and each refusal.

mod support;

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use stytch_emulator::{DEFAULT_GOOGLE_CLIENT_ID, DEFAULT_PUBLIC_TOKEN, EmulatorConfig, Seed};
use support::{Api, assert_refused, basic};

const APP: &str = "http://localhost:8080/authenticate";

fn demo() -> Api {
    Api::with(EmulatorConfig {
        seed: Seed::Demo,
        ..EmulatorConfig::for_tests()
    })
}

/// A credential from the simulated Google.
async fn credential(api: &Api, email: &str, hosted_domain: &str) -> String {
    let (status, body) = api
        .post(
            "/emulator/google/credential",
            None,
            json!({ "client_id": DEFAULT_GOOGLE_CLIENT_ID, "email": email, "hosted_domain": hosted_domain, "name": "One Tapper" }),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    body["credential"].as_str().unwrap().to_owned()
}

/// The token of a submit's redirect URL, checked to be of `token_type`.
fn token_of(answer: &(StatusCode, Value), token_type: &str) -> String {
    assert_eq!(answer.0, 200, "{}", answer.1);
    let url = answer.1["data"]["redirect_url"].as_str().unwrap();
    assert!(url.starts_with(APP), "{url}");
    assert!(url.contains(&format!("stytch_token_type={token_type}&")), "{url}");
    url.rsplit("token=").next().unwrap().to_owned()
}

#[tokio::test]
async fn one_tap_signs_a_newcomer_in_without_provider_tokens() {
    let api = demo();
    let auth = Some(basic(DEFAULT_PUBLIC_TOKEN, DEFAULT_PUBLIC_TOKEN));
    let (status, start) = api
        .call(Method::GET, "/sdk/v1/b2b/oauth/google/onetap/start", auth, Value::Null)
        .await;
    assert_eq!(
        (status.as_u16(), start["data"]["google_client_id"].as_str()),
        (200, Some(DEFAULT_GOOGLE_CLIENT_ID))
    );
    let (status, _) = api
        .call(Method::GET, "/sdk/v1/b2b/oauth/google/onetap/start", None, Value::Null)
        .await;
    assert_eq!(status, 401, "the start needs the public token");

    // Umbrella lets anyone at umbrella.example join with a verified email: a Workspace
    // account's credential verifies it.
    let umbrella = api.organization_id("umbrella").await;
    let id_token = credential(&api, "Tapper@Umbrella.example", "umbrella.example").await;
    let submitted = api
        .sdk(
            "/oauth/google/onetap/submit",
            None,
            json!({ "id_token": id_token, "organization_id": umbrella, "signup_redirect_url": APP }),
        )
        .await;
    let token = token_of(&submitted, "oauth");
    let (status, signed_in) = api
        .sdk(
            "/oauth/authenticate",
            None,
            json!({ "oauth_token": token, "session_duration_minutes": 30 }),
        )
        .await;
    assert_eq!(status, 200, "{signed_in}");
    let data = &signed_in["data"];
    assert_eq!(data["member"]["email_address"], "tapper@umbrella.example");
    assert_eq!(data["member"]["email_address_verified"], true);
    assert!(data["session_token"].as_str().is_some_and(|t| !t.is_empty()));
    assert_eq!(data["provider_type"], "Google");
    let values = &data["provider_values"];
    assert_eq!(
        values["id_token"],
        id_token.as_str(),
        "the credential stands for the ID token"
    );
    assert_eq!(values["access_token"], "", "One Tap issues no access token");
    assert!(values.get("refresh_token").is_none() && values.get("expires_at").is_none());

    // Nothing to keep for the backend's provider-token read; the token is spent.
    let member_id = data["member"]["member_id"].as_str().unwrap();
    let (status, kept) = api
        .call(
            Method::GET,
            &format!("/v1/b2b/organizations/{umbrella}/members/{member_id}/oauth_providers/google"),
            support::secret(),
            Value::Null,
        )
        .await;
    assert_eq!(status, 404, "{kept}");
    assert_refused(
        api.sdk("/oauth/authenticate", None, json!({ "oauth_token": token }))
            .await,
        404,
        "oauth_token_not_found",
    );

    // The same Google account signs in again as the same member, through the login URL.
    let again = credential(&api, "tapper@umbrella.example", "umbrella.example").await;
    let submitted = api
        .sdk(
            "/oauth/google/onetap/submit",
            None,
            json!({ "id_token": again, "organization_id": umbrella, "login_redirect_url": APP }),
        )
        .await;
    let token = token_of(&submitted, "oauth");
    let (_, second) = api
        .sdk("/oauth/authenticate", None, json!({ "oauth_token": token }))
        .await;
    assert_eq!(second["data"]["member"]["member_id"], member_id);
    assert_eq!(
        second["data"]["member"]["oauth_registrations"].as_array().map(Vec::len),
        Some(1)
    );
}

#[tokio::test]
async fn one_tap_discovery_finds_the_accounts_organizations() {
    let api = demo();
    let id_token = credential(&api, stytch_emulator::DEMO_EMAIL, "example.com").await;
    let submitted = api
        .sdk(
            "/oauth/google/onetap/discovery/submit",
            None,
            json!({ "id_token": id_token, "discovery_redirect_url": APP }),
        )
        .await;
    let token = token_of(&submitted, "discovery_oauth");
    let (status, found) = api
        .sdk(
            "/oauth/discovery/authenticate",
            None,
            json!({ "discovery_oauth_token": token }),
        )
        .await;
    assert_eq!(status, 200, "{found}");
    let slugs: Vec<&str> = found["data"]["discovered_organizations"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|d| d["organization"]["organization_slug"].as_str())
        .collect();
    assert!(slugs.contains(&"acme"), "{slugs:?}");
    assert!(
        found["data"]["intermediate_session_token"]
            .as_str()
            .is_some_and(|t| !t.is_empty())
    );
}

#[tokio::test]
async fn one_tap_refuses_what_google_did_not_issue() {
    let api = demo();
    let acme = api.organization_id("acme").await;
    let submit = |id_token: String| json!({ "id_token": id_token, "organization_id": acme, "login_redirect_url": APP });
    let id_token = credential(&api, stytch_emulator::DEMO_EMAIL, "example.com").await;

    // A credential with another signature, none at all, or no organization.
    let (head, _) = id_token.rsplit_once('.').unwrap();
    let forged = format!("{head}.{}", "A".repeat(342));
    assert_refused(
        api.sdk("/oauth/google/onetap/submit", None, submit(forged)).await,
        400,
        "id_token_invalid",
    );
    assert_refused(
        api.sdk("/oauth/google/onetap/submit", None, submit(String::new()))
            .await,
        400,
        "bad_request",
    );
    assert_refused(
        api.sdk("/oauth/google/onetap/submit", None, json!({ "id_token": id_token }))
            .await,
        400,
        "bad_request",
    );
    // A redirect URL off the allow-list.
    assert_refused(
        api.sdk(
            "/oauth/google/onetap/submit",
            None,
            json!({ "id_token": id_token, "organization_id": acme, "login_redirect_url": "https://evil.example/" }),
        )
        .await,
        400,
        "no_match_for_provided_oauth_url",
    );
    // The simulated Google issues only for the project's client ID.
    assert_refused(
        api.post(
            "/emulator/google/credential",
            None,
            json!({ "client_id": "someone-else.apps.googleusercontent.com", "email": "a@example.com" }),
        )
        .await,
        400,
        "bad_request",
    );
    // An hour later the credential has expired.
    api.post("/emulator/v1/clock", None, json!({ "advance_seconds": 3600 }))
        .await;
    assert_refused(
        api.sdk("/oauth/google/onetap/submit", None, submit(id_token)).await,
        400,
        "id_token_expired",
    );
}

#[tokio::test]
async fn one_tap_is_off_without_a_google_client_id() {
    let api = Api::with(EmulatorConfig {
        google_client_id: String::new(),
        ..EmulatorConfig::for_tests()
    });
    let auth = Some(basic(DEFAULT_PUBLIC_TOKEN, DEFAULT_PUBLIC_TOKEN));
    let (_, start) = api
        .call(Method::GET, "/sdk/v1/b2b/oauth/google/onetap/start", auth, Value::Null)
        .await;
    assert_eq!(start["data"]["google_client_id"], "");
    assert_refused(
        api.sdk(
            "/oauth/google/onetap/discovery/submit",
            None,
            json!({ "id_token": "anything" }),
        )
        .await,
        400,
        "oauth_config_not_found",
    );
}

#[tokio::test]
async fn the_stand_in_script_knows_the_emulator_and_its_people() {
    let api = demo();
    let response = api
        .http
        .get(format!("{}/emulator/google/gsi/client", api.base))
        .header("host", "emulator.test:9999")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/javascript")
    );
    assert_eq!(
        response.headers()["cross-origin-resource-policy"],
        "cross-origin",
        "cross-origin isolated pages may load it"
    );
    let script = response.text().await.unwrap();
    assert!(script.contains("window.google.accounts.id = {"), "{script}");
    assert!(script.contains(r#""base":"http://emulator.test:9999""#), "{script}");
    assert!(
        script.contains(stytch_emulator::DEMO_EMAIL),
        "known identities are offered"
    );
    assert!(!script.contains("__SETTINGS__"));
}
