//! Impersonation over HTTP: a token from the test API (the Dashboard's "Impersonate Member"),
//! authenticated through the SDK and the backend surfaces; the session's fixed hour, its
//! factor, single use and expiry of the token, no MFA even where the organization needs it,
//! and no carrying into another organization.

mod support;

use reqwest::{Client, StatusCode};
use serde_json::{Value, json};
use stytch_emulator::{EmulatorConfig, Seed};
use support::*;

const UNUSABLE: &str = "unable_to_auth_impersonation_token";

impl Api {
    fn start() -> Self {
        Api::with(EmulatorConfig {
            seed: Seed::Demo,
            ..EmulatorConfig::for_tests()
        })
    }

    async fn member_id(&self, organization_id: &str, email: &str) -> String {
        let search = json!({
            "organization_ids": [organization_id],
            "query": { "operator": "AND", "operands": [
                { "filter_name": "member_emails", "filter_value": [email] },
            ] },
        });
        let (status, members) = self
            .post("/v1/b2b/organizations/members/search", secret(), search)
            .await;
        assert_eq!(status, 200, "{members}");
        members["members"][0]["member_id"].as_str().unwrap().to_owned()
    }

    /// Grace, an enrolled member of Northwind (MFA required for everyone).
    async fn grace(&self) -> (String, String) {
        let organization_id = self.organization_id("northwind").await;
        let member_id = self.member_id(&organization_id, "grace@example.com").await;
        (organization_id, member_id)
    }

    /// The test API's answer: the token and the Dashboard's link.
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

    async fn authenticate(&self, token: &Value) -> (StatusCode, Value) {
        self.sdk(
            "/impersonation/authenticate",
            None,
            json!({ "impersonation_token": token }),
        )
        .await
    }

    async fn backend_authenticate(&self, token: &Value) -> (StatusCode, Value) {
        let body = json!({ "impersonation_token": token });
        self.post("/v1/b2b/impersonation/authenticate", secret(), body).await
    }
}

#[tokio::test]
async fn an_impersonation_token_starts_one_unextendable_hour_without_mfa() {
    let api = Api::start();
    let (organization_id, member_id) = api.grace().await;
    let issued = api.impersonate(&organization_id, &member_id).await;
    let token = &issued["impersonation_token"];
    let url = issued["url"].as_str().unwrap();
    assert!(
        url.ends_with(&format!(
            "stytch_token_type=multi_tenant_impersonation&token={}",
            token.as_str().unwrap()
        )),
        "the link the Dashboard opens: {url}"
    );

    let (status, answer) = api.authenticate(token).await;
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

    assert_refused(api.authenticate(token).await, 401, UNUSABLE);
}

#[tokio::test]
async fn the_backend_authenticates_a_token_once_and_an_expired_one_never() {
    let api = Api::start();
    let (organization_id, member_id) = api.grace().await;
    let token = api.impersonate(&organization_id, &member_id).await["impersonation_token"].clone();
    let (status, answer) = api.backend_authenticate(&token).await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(answer["member_session"]["member_id"], member_id.as_str());
    assert_refused(api.backend_authenticate(&token).await, 401, UNUSABLE);

    let late = api.impersonate(&organization_id, &member_id).await["impersonation_token"].clone();
    api.post("/emulator/v1/clock", None, json!({ "advance_seconds": 301 }))
        .await;
    assert_refused(api.backend_authenticate(&late).await, 401, UNUSABLE);
    let (status, refused) = api.backend_authenticate(&json!("")).await;
    assert_eq!(status, 400, "a missing token is a bad request: {refused}");
    let nobody = json!({ "organization_id": organization_id, "member_id": "member-test-nobody" });
    assert_refused(
        api.post("/emulator/v1/impersonation", None, nobody).await,
        404,
        "member_not_found",
    );
    let stranger = json!({ "organization_id": "northwind", "email_address": "nobody@example.com" });
    assert_refused(
        api.post("/emulator/v1/impersonation", None, stranger).await,
        404,
        "member_not_found",
    );
    let (status, unnamed) = api
        .post(
            "/emulator/v1/impersonation",
            None,
            json!({ "organization_id": "northwind" }),
        )
        .await;
    assert_eq!(status, 400, "{unnamed}");
}

#[tokio::test]
async fn an_impersonated_session_does_not_carry_into_another_organization() {
    let api = Api::start();
    let acme = api.organization_id("acme").await;
    // An organization with no MFA and no method restriction, where Ada is also a member.
    let body = json!({ "organization_name": "Plain", "organization_slug": "plain-impersonation" });
    let (_, plain) = api.post("/v1/b2b/organizations", secret(), body).await;
    let plain = plain["organization"]["organization_id"].as_str().unwrap().to_owned();
    let member = json!({ "email_address": "ada@example.com" });
    let (status, added) = api
        .post(&format!("/v1/b2b/organizations/{plain}/members"), secret(), member)
        .await;
    assert_eq!(status, 200, "{added}");
    // The test API also takes a slug and an address, as a person would name them.
    let by_name = json!({ "organization_id": "acme", "email_address": "ada@example.com" });
    let (status, issued) = api.post("/emulator/v1/impersonation", None, by_name).await;
    assert_eq!(status, 200, "{issued}");
    let token = issued["impersonation_token"].clone();
    let (_, signed_in) = api.authenticate(&token).await;
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

    // Her own: a discovery link, into Acme, then across.
    let send = json!({ "email_address": "ada@example.com" });
    api.sdk("/magic_links/email/discovery/send", None, send).await;
    let outbox = format!("{}/emulator/v1/messages?to=ada@example.com", api.base);
    let messages: Value = api.http.get(outbox).send().await.unwrap().json().await.unwrap();
    let link = messages["messages"].as_array().unwrap().last().unwrap()["token"].clone();
    let body = json!({ "discovery_magic_links_token": link });
    let (_, discovered) = api.sdk("/magic_links/discovery/authenticate", None, body).await;
    let ist = discovered["data"]["intermediate_session_token"].clone();
    let body = json!({ "intermediate_session_token": ist, "organization_id": acme });
    let (_, entered) = api.sdk("/discovery/intermediate_sessions/exchange", None, body).await;
    let own = entered["data"]["session_token"].as_str().unwrap();
    let (status, exchanged) = api
        .sdk("/sessions/exchange", Some(own), json!({ "organization_id": plain }))
        .await;
    assert_eq!(status, 200, "{exchanged}");
    assert_eq!(exchanged["data"]["member_authenticated"], true, "{exchanged}");
}

#[tokio::test]
async fn a_person_opens_the_app_as_a_member_from_the_emulator() {
    let api = Api::start();
    let no_redirects = Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let open = |query: &str| {
        no_redirects
            .get(format!("{}/emulator/impersonate?{query}", api.base))
            .send()
    };
    let response = open("organization_id=acme&email_address=ada%40example.com")
        .await
        .unwrap();
    assert_eq!(response.status(), 303);
    let location = response.headers()["location"].to_str().unwrap().to_owned();
    let prefix = format!(
        "{}?stytch_token_type=multi_tenant_impersonation&token=",
        stytch_emulator::DEFAULT_REDIRECT_URLS[0]
    );
    let token = location
        .strip_prefix(&prefix)
        .expect("the app's redirect URL with the token");
    let (status, answer) = api.authenticate(&json!(token)).await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(answer["data"]["member"]["email_address"], "ada@example.com");

    let unknown = open("organization_id=acme&email_address=nobody%40example.com")
        .await
        .unwrap();
    assert_eq!(unknown.status(), 404);
    let page = api.http.get(format!("{}/emulator", api.base)).send().await.unwrap();
    let html = page.text().await.unwrap();
    assert!(
        html.contains(r#"action="/emulator/impersonate""#),
        "the inbox offers it"
    );
    assert!(html.contains(r#"<label for="imp-email">"#), "with labelled fields");
}
