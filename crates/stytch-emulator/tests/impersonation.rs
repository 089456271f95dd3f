//! Impersonation over HTTP: a token from the test API (the Dashboard's "Impersonate Member"),
//! authenticated through the SDK and the backend surfaces; the session's fixed hour, its
//! factor, single use and expiry of the token, and no MFA even where the organization needs it.

use base64::Engine;
use reqwest::{Client, StatusCode};
use serde_json::{Value, json};
use stytch_emulator::{DEFAULT_PROJECT_ID, DEFAULT_PUBLIC_TOKEN, DEFAULT_SECRET, EmulatorConfig, EmulatorHandle, Seed};

struct Api {
    base: String,
    http: Client,
    _emulator: EmulatorHandle,
}

fn basic(user: &str, password: &str) -> String {
    let encoded = base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"));
    format!("Basic {encoded}")
}

impl Api {
    fn start() -> Self {
        let emulator = stytch_emulator::spawn(EmulatorConfig {
            seed: Seed::Demo,
            ..EmulatorConfig::for_tests()
        })
        .unwrap();
        Api {
            base: emulator.url(),
            http: Client::new(),
            _emulator: emulator,
        }
    }

    async fn post(&self, path: &str, auth: Option<String>, body: Value) -> (StatusCode, Value) {
        let mut request = self.http.post(format!("{}{path}", self.base)).json(&body);
        if let Some(auth) = auth {
            request = request.header("authorization", auth);
        }
        let response = request.send().await.unwrap();
        let status = response.status();
        (status, response.json().await.unwrap())
    }

    async fn sdk(&self, path: &str, session: Option<&str>, body: Value) -> (StatusCode, Value) {
        let auth = basic(DEFAULT_PUBLIC_TOKEN, session.unwrap_or(DEFAULT_PUBLIC_TOKEN));
        self.post(&format!("/sdk/v1/b2b{path}"), Some(auth), body).await
    }

    /// Grace, an enrolled member of Northwind (MFA required for everyone).
    async fn grace(&self) -> (String, String) {
        let (_, found) = self
            .sdk(
                "/organizations/search",
                None,
                json!({ "organization_slug": "northwind" }),
            )
            .await;
        let organization_id = found["data"]["organization"]["organization_id"]
            .as_str()
            .unwrap()
            .to_owned();
        let search = json!({
            "organization_ids": [organization_id],
            "query": { "operator": "AND", "operands": [
                { "filter_name": "member_emails", "filter_value": ["grace@example.com"] },
            ] },
        });
        let auth = basic(DEFAULT_PROJECT_ID, DEFAULT_SECRET);
        let (status, members) = self
            .post("/v1/b2b/organizations/members/search", Some(auth), search)
            .await;
        assert_eq!(status, 200, "{members}");
        let member_id = members["members"][0]["member_id"].as_str().unwrap().to_owned();
        (organization_id, member_id)
    }

    async fn impersonate(&self, organization_id: &str, member_id: &str) -> Value {
        let body = json!({
            "organization_id": organization_id,
            "member_id": member_id,
            "impersonator_email_address": "support@acme.test",
        });
        let (status, issued) = self.post("/emulator/v1/impersonation", None, body).await;
        assert_eq!(status, 200, "{issued}");
        issued
    }
}

#[tokio::test]
async fn an_impersonation_token_starts_one_unextendable_hour_without_mfa() {
    let api = Api::start();
    let (organization_id, member_id) = api.grace().await;
    let issued = api.impersonate(&organization_id, &member_id).await;
    let token = issued["impersonation_token"].as_str().unwrap();
    let url = issued["url"].as_str().unwrap();
    assert!(
        url.ends_with(&format!("stytch_token_type=multi_tenant_impersonation&token={token}")),
        "the link the Dashboard opens: {url}"
    );

    let (status, answer) = api
        .sdk(
            "/impersonation/authenticate",
            None,
            json!({ "impersonation_token": token }),
        )
        .await;
    assert_eq!(status, 200, "{answer}");
    let data = &answer["data"];
    assert_eq!(
        data["member_authenticated"], true,
        "no MFA, although Northwind requires it"
    );
    assert_eq!(data["intermediate_session_token"], "");
    assert_eq!(data["member_id"], member_id.as_str());
    let session = &data["member_session"];
    let factor = &session["authentication_factors"][0];
    assert_eq!(
        (factor["type"].as_str(), factor["delivery_method"].as_str()),
        (Some("impersonated"), Some("impersonation"))
    );
    assert_eq!(
        factor["impersonated_factor"]["impersonator_email_address"],
        "support@acme.test"
    );
    let minutes = |s: &Value| {
        let at = |k: &str| stytch_models::time::parse_rfc3339(s[k].as_str().unwrap()).unwrap();
        (at("expires_at") - at("started_at")) / 60_000
    };
    assert_eq!(minutes(session), 60);

    // The session cannot be extended.
    let session_token = data["session_token"].as_str().unwrap();
    let (status, refreshed) = api
        .sdk(
            "/sessions/authenticate",
            Some(session_token),
            json!({ "session_duration_minutes": 600 }),
        )
        .await;
    assert_eq!(status, 200, "{refreshed}");
    assert_eq!(refreshed["data"]["member_session"]["expires_at"], session["expires_at"]);

    // Used up.
    let (status, again) = api
        .sdk(
            "/impersonation/authenticate",
            None,
            json!({ "impersonation_token": token }),
        )
        .await;
    assert_eq!(
        (status.as_u16(), again["error_type"].as_str()),
        (401, Some("unable_to_auth_impersonation_token"))
    );
}

#[tokio::test]
async fn the_backend_authenticates_a_token_once_and_an_expired_one_never() {
    let api = Api::start();
    let (organization_id, member_id) = api.grace().await;
    let auth = || Some(basic(DEFAULT_PROJECT_ID, DEFAULT_SECRET));
    let token = api.impersonate(&organization_id, &member_id).await["impersonation_token"].clone();
    let (status, answer) = api
        .post(
            "/v1/b2b/impersonation/authenticate",
            auth(),
            json!({ "impersonation_token": token }),
        )
        .await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(answer["member_session"]["member_id"], member_id.as_str());

    let late = api.impersonate(&organization_id, &member_id).await["impersonation_token"].clone();
    api.post("/emulator/v1/clock", None, json!({ "advance_seconds": 301 }))
        .await;
    let (status, refused) = api
        .post(
            "/v1/b2b/impersonation/authenticate",
            auth(),
            json!({ "impersonation_token": late }),
        )
        .await;
    assert_eq!(
        (status.as_u16(), refused["error_type"].as_str()),
        (401, Some("unable_to_auth_impersonation_token"))
    );
    let (status, refused) = api
        .post(
            "/v1/b2b/impersonation/authenticate",
            auth(),
            json!({ "impersonation_token": "" }),
        )
        .await;
    assert_eq!(status, 400, "a missing token is a bad request: {refused}");
    let (status, refused) = api
        .post(
            "/emulator/v1/impersonation",
            None,
            json!({ "organization_id": organization_id, "member_id": "member-test-nobody" }),
        )
        .await;
    assert_eq!(
        (status.as_u16(), refused["error_type"].as_str()),
        (404, Some("member_not_found"))
    );
}

#[tokio::test]
async fn an_impersonated_session_does_not_carry_into_another_organization() {
    let api = Api::start();
    let org = |slug: &'static str| {
        let api = &api;
        async move {
            let (_, found) = api
                .sdk("/organizations/search", None, json!({ "organization_slug": slug }))
                .await;
            found["data"]["organization"]["organization_id"]
                .as_str()
                .unwrap()
                .to_owned()
        }
    };
    let acme = org("acme").await;
    // An organization with no MFA and no method restriction, where Ada is also a member.
    let auth = || Some(basic(DEFAULT_PROJECT_ID, DEFAULT_SECRET));
    let body = json!({ "organization_name": "Plain", "organization_slug": "plain-impersonation" });
    let (_, plain) = api.post("/v1/b2b/organizations", auth(), body).await;
    let plain = plain["organization"]["organization_id"].as_str().unwrap().to_owned();
    let member = json!({ "email_address": "ada@example.com" });
    let (status, added) = api
        .post(&format!("/v1/b2b/organizations/{plain}/members"), auth(), member)
        .await;
    assert_eq!(status, 200, "{added}");
    let search = json!({
        "organization_ids": [acme],
        "query": { "operator": "AND", "operands": [
            { "filter_name": "member_emails", "filter_value": ["ada@example.com"] },
        ] },
    });
    let (_, members) = api.post("/v1/b2b/organizations/members/search", auth(), search).await;
    let ada = members["members"][0]["member_id"].as_str().unwrap();
    let token = api.impersonate(&acme, ada).await["impersonation_token"].clone();
    let (_, signed_in) = api
        .sdk(
            "/impersonation/authenticate",
            None,
            json!({ "impersonation_token": token }),
        )
        .await;
    let session_token = signed_in["data"]["session_token"].as_str().unwrap();

    // Her own magic-link session would carry into Plain; the impersonator's factor does not.
    let (status, exchanged) = api
        .sdk(
            "/sessions/exchange",
            Some(session_token),
            json!({ "organization_id": plain }),
        )
        .await;
    assert_eq!(status, 200, "{exchanged}");
    assert_eq!(exchanged["data"]["member_authenticated"], false, "{exchanged}");
    assert_ne!(exchanged["data"]["intermediate_session_token"], "");
}
