//! The emulator over HTTP: every bad input gets a Stytch-shaped error (never a 500, never a
//! non-JSON body), credentials are enforced on both surfaces, CORS works for credentialed
//! browser calls, and every token expires on the emulator's clock.

use base64::Engine;
use reqwest::{Client, Method, StatusCode};
use serde_json::{Value, json};
use stytch_emulator::{DEFAULT_PROJECT_ID, DEFAULT_PUBLIC_TOKEN, DEFAULT_SECRET, EmulatorConfig, EmulatorHandle, Seed};

mod support;
use support::jwt_claims;

struct Api {
    base: String,
    http: Client,
    _emulator: EmulatorHandle,
}

fn basic(user: &str, password: &str) -> String {
    format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"))
    )
}

impl Api {
    fn start(seed: Seed) -> Self {
        Self::with_config(EmulatorConfig {
            seed,
            ..EmulatorConfig::for_tests()
        })
    }

    fn with_config(config: EmulatorConfig) -> Self {
        let emulator = stytch_emulator::spawn(config).unwrap();
        Api {
            base: emulator.url(),
            http: Client::new(),
            _emulator: emulator,
        }
    }

    /// Sends a request; returns status and the JSON body (failing the test on non-JSON).
    async fn send(
        &self,
        method: Method,
        path: &str,
        auth: Option<String>,
        body: Option<String>,
    ) -> (StatusCode, Value) {
        let mut request = self.http.request(method, format!("{}{path}", self.base));
        if let Some(auth) = auth {
            request = request.header("authorization", auth);
        }
        if let Some(body) = body {
            request = request.header("content-type", "application/json").body(body);
        }
        let response = request.send().await.unwrap();
        let status = response.status();
        let content_type = response
            .headers()
            .get("content-type")
            .map(|v| v.to_str().unwrap().to_owned());
        let text = response.text().await.unwrap();
        assert_eq!(
            content_type.as_deref(),
            Some("application/json"),
            "{path} answered non-JSON: {text}"
        );
        (
            status,
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}: {text}")),
        )
    }

    async fn sdk(&self, method: Method, path: &str, session: Option<&str>, body: Value) -> (StatusCode, Value) {
        let auth = basic(DEFAULT_PUBLIC_TOKEN, session.unwrap_or(DEFAULT_PUBLIC_TOKEN));
        self.send(method, &format!("/sdk/v1{path}"), Some(auth), Some(body.to_string()))
            .await
    }

    async fn backend(&self, method: Method, path: &str, body: Option<Value>) -> (StatusCode, Value) {
        let auth = basic(DEFAULT_PROJECT_ID, DEFAULT_SECRET);
        self.send(
            method,
            &format!("/v1/b2b{path}"),
            Some(auth),
            body.map(|b| b.to_string()),
        )
        .await
    }

    async fn advance(&self, seconds: i64) {
        let (status, _) = self
            .send(
                Method::POST,
                "/emulator/v1/clock",
                None,
                Some(json!({ "advance_seconds": seconds }).to_string()),
            )
            .await;
        assert_eq!(status, 200);
    }

    /// Sends a discovery link and returns its token.
    async fn link(&self, email: &str) -> String {
        let (status, _) = self
            .sdk(
                Method::POST,
                "/b2b/magic_links/email/discovery/send",
                None,
                json!({ "email_address": email }),
            )
            .await;
        assert_eq!(status, 200);
        let (_, outbox) = self
            .send(Method::GET, &format!("/emulator/v1/messages?to={email}"), None, None)
            .await;
        outbox["messages"].as_array().unwrap().last().unwrap()["token"]
            .as_str()
            .unwrap()
            .to_owned()
    }

    /// Authenticates a fresh link; returns the IST.
    async fn ist(&self, email: &str) -> String {
        let token = self.link(email).await;
        let (status, body) = self
            .sdk(
                Method::POST,
                "/b2b/magic_links/discovery/authenticate",
                None,
                json!({ "discovery_magic_links_token": token }),
            )
            .await;
        assert_eq!(status, 200, "{body}");
        body["data"]["intermediate_session_token"].as_str().unwrap().to_owned()
    }

    /// A new organization and a session in it; returns (session token, JWT).
    async fn session(&self, email: &str, slug: &str) -> (String, String) {
        let ist = self.ist(email).await;
        let (status, body) = self
            .sdk(
                Method::POST,
                "/b2b/discovery/organizations/create",
                None,
                json!({ "intermediate_session_token": ist, "organization_slug": slug, "organization_name": slug }),
            )
            .await;
        assert_eq!(status, 200, "{body}");
        (
            body["data"]["session_token"].as_str().unwrap().to_owned(),
            body["data"]["session_jwt"].as_str().unwrap().to_owned(),
        )
    }

    /// A teammate `admin` invites, signed in through the invitation: a session holding only
    /// `stytch_member`.
    async fn teammate(&self, admin: &str, email: &str) -> String {
        let (status, invited) = self
            .sdk(
                Method::POST,
                "/b2b/magic_links/email/invite",
                Some(admin),
                json!({ "email_address": email }),
            )
            .await;
        assert_eq!(status, 200, "{invited}");
        let (_, outbox) = self
            .send(Method::GET, &format!("/emulator/v1/messages?to={email}"), None, None)
            .await;
        let token = outbox["messages"].as_array().unwrap().last().unwrap()["token"].clone();
        let (status, joined) = self
            .sdk(
                Method::POST,
                "/b2b/magic_links/authenticate",
                None,
                json!({ "magic_links_token": token, "session_duration_minutes": 30 }),
            )
            .await;
        assert_eq!(status, 200, "{joined}");
        joined["data"]["session_token"].as_str().unwrap().to_owned()
    }

    /// The backend's `sessions/authenticate` for a session token, asking whether it may take
    /// `action` on `resource_id` in `organization_id`.
    async fn check(&self, token: &str, organization_id: &str, resource_id: &str, action: &str) -> (StatusCode, Value) {
        let check = json!({ "organization_id": organization_id, "resource_id": resource_id, "action": action });
        self.backend(
            Method::POST,
            "/sessions/authenticate",
            Some(json!({ "session_token": token, "authorization_check": check })),
        )
        .await
    }

    /// The backend's `sessions/authenticate` answer for a session token, with no check.
    async fn whoami(&self, token: &str) -> Value {
        let (status, body) = self
            .backend(
                Method::POST,
                "/sessions/authenticate",
                Some(json!({ "session_token": token })),
            )
            .await;
        assert_eq!(status, 200, "{body}");
        body
    }
}

fn assert_error(status: StatusCode, body: &Value, expected_status: u16, error_type: &str) {
    assert_eq!(status.as_u16(), expected_status, "{body}");
    assert_eq!(body["status_code"], expected_status, "{body}");
    assert_eq!(body["error_type"], error_type, "{body}");
    assert!(body["error_message"].as_str().is_some_and(|m| !m.is_empty()), "{body}");
    assert!(
        body["error_url"]
            .as_str()
            .is_some_and(|u| u.starts_with("https://stytch.com/docs/")),
        "{body}"
    );
    assert!(
        body["request_id"]
            .as_str()
            .is_some_and(|r| r.starts_with("request-id-test-")),
        "{body}"
    );
    assert!(body.get("data").is_none(), "errors are never wrapped in data: {body}");
}

#[tokio::test]
async fn malformed_and_incomplete_requests_get_stytch_errors() {
    let api = Api::start(Seed::None);
    let send = "/sdk/v1/b2b/magic_links/email/discovery/send";
    let auth = || Some(basic(DEFAULT_PUBLIC_TOKEN, DEFAULT_PUBLIC_TOKEN));
    for (body, error_type) in [
        ("{", "bad_request"),
        ("[]", "bad_request"),
        (r#"{"email_address": 5}"#, "bad_request"),
        ("{}", "bad_request"),
        (r#"{"email_address": "   "}"#, "bad_request"),
        (r#"{"email_address": "not-an-address"}"#, "invalid_email"),
        (
            r#"{"email_address": "a@b.c", "discovery_expiration_minutes": 1}"#,
            "invalid_argument",
        ),
        (
            r#"{"email_address": "a@b.c", "discovery_expiration_minutes": -1}"#,
            "bad_request",
        ),
    ] {
        let (status, json) = api.send(Method::POST, send, auth(), Some(body.into())).await;
        assert_error(status, &json, 400, error_type);
    }
    // A body over the limit is refused unread, so the server closes that connection; the
    // request goes on its own connection lest the pool reuse the closed one.
    let huge = format!(r#"{{"email_address": "{}@example.com"}}"#, "a".repeat(3 * 1024 * 1024));
    let unpooled = Client::builder().pool_max_idle_per_host(0).build().unwrap();
    let response = unpooled
        .post(format!("{}{send}", api.base))
        .header("authorization", basic(DEFAULT_PUBLIC_TOKEN, DEFAULT_PUBLIC_TOKEN))
        .header("content-type", "application/json")
        .body(huge)
        .send()
        .await
        .unwrap();
    let status = response.status();
    let json: Value = response.json().await.unwrap();
    assert_error(status, &json, 400, "bad_request");

    let (status, json) = api.send(Method::GET, "/sdk/v1/b2b/nothing/here", auth(), None).await;
    assert_error(status, &json, 404, "route_not_found");
    let (status, json) = api
        .send(Method::DELETE, "/sdk/v1/b2b/sessions/authenticate", auth(), None)
        .await;
    assert_error(status, &json, 405, "method_not_allowed");
    let (status, json) = api
        .sdk(
            Method::POST,
            "/b2b/magic_links/discovery/authenticate",
            None,
            json!({ "discovery_magic_links_token": "nope" }),
        )
        .await;
    assert_error(status, &json, 404, "magic_link_not_found");
    let (status, json) = api
        .sdk(
            Method::POST,
            "/b2b/discovery/intermediate_sessions/exchange",
            None,
            json!({ "organization_id": "x" }),
        )
        .await;
    assert_error(status, &json, 404, "intermediate_session_not_found");
    let (status, json) = api
        .send(
            Method::POST,
            "/emulator/v1/clock",
            None,
            Some(r#"{"advance_seconds": "soon"}"#.into()),
        )
        .await;
    assert_error(status, &json, 400, "bad_request");
}

#[tokio::test]
async fn credentials_are_enforced_on_both_surfaces() {
    let api = Api::start(Seed::None);
    let path = "/sdk/v1/b2b/sessions/authenticate";
    let (status, json) = api.send(Method::POST, path, None, Some("{}".into())).await;
    assert_error(status, &json, 401, "unauthorized_credentials");
    let (status, json) = api
        .send(
            Method::POST,
            path,
            Some(basic("public-token-test-other", "x")),
            Some("{}".into()),
        )
        .await;
    assert_error(status, &json, 401, "unauthorized_credentials");
    let (status, json) = api
        .send(Method::POST, path, Some("Basic ###".into()), Some("{}".into()))
        .await;
    assert_error(status, &json, 401, "invalid_authorization_header");
    let (status, json) = api
        .sdk(Method::POST, "/b2b/sessions/authenticate", None, json!({}))
        .await;
    assert_error(status, &json, 401, "user_unauthenticated");
    let (status, json) = api
        .sdk(
            Method::POST,
            "/b2b/sessions/authenticate",
            Some("made-up-token"),
            json!({}),
        )
        .await;
    assert_error(status, &json, 404, "session_not_found");

    let (status, json) = api
        .send(Method::GET, "/v1/b2b/organizations/organization-test-x", None, None)
        .await;
    assert_error(status, &json, 401, "unauthorized_credentials");
    let wrong = Some(basic(DEFAULT_PROJECT_ID, "secret-test-wrong"));
    let (status, json) = api
        .send(Method::GET, "/v1/b2b/organizations/organization-test-x", wrong, None)
        .await;
    assert_error(status, &json, 401, "unauthorized_credentials");
    let (status, json) = api
        .send(
            Method::GET,
            &format!("/v1/b2b/sessions/jwks/{DEFAULT_PROJECT_ID}"),
            None,
            None,
        )
        .await;
    assert_eq!(status, 200, "the JWKS needs no credentials");
    assert_eq!(json["keys"][0]["alg"], "RS256");
    let (status, json) = api
        .send(Method::GET, "/v1/b2b/sessions/jwks/project-test-other", None, None)
        .await;
    assert_error(status, &json, 404, "project_not_found");
}

#[tokio::test]
async fn every_token_expires_on_the_emulator_clock() {
    let api = Api::start(Seed::None);
    let token = api.link("clock@example.org").await;
    api.advance(61 * 60).await;
    let (status, json) = api
        .sdk(
            Method::POST,
            "/b2b/magic_links/discovery/authenticate",
            None,
            json!({ "discovery_magic_links_token": token }),
        )
        .await;
    assert_error(status, &json, 404, "magic_link_not_found");

    let ist = api.ist("clock@example.org").await;
    api.advance(11 * 60).await;
    let (status, json) = api
        .sdk(
            Method::POST,
            "/b2b/discovery/organizations/create",
            None,
            json!({ "intermediate_session_token": ist, "organization_slug": "late" }),
        )
        .await;
    assert_error(status, &json, 404, "intermediate_session_not_found");

    let (token, jwt) = api.session("clock@example.org", "clockwork").await;
    let (status, _) = api
        .backend(
            Method::POST,
            "/sessions/authenticate",
            Some(json!({ "session_jwt": jwt })),
        )
        .await;
    assert_eq!(status, 200);
    api.advance(6 * 60).await;
    let (status, body) = api
        .backend(
            Method::POST,
            "/sessions/authenticate",
            Some(json!({ "session_jwt": jwt })),
        )
        .await;
    assert_eq!(
        status, 200,
        "an expired JWT of a live session still authenticates: {body}"
    );
    assert_ne!(body["session_jwt"], jwt.as_str(), "and gets a fresh JWT");
    let (status, body) = api
        .sdk(
            Method::POST,
            "/b2b/sessions/authenticate",
            Some(&token),
            json!({ "session_duration_minutes": 120 }),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    api.advance(119 * 60).await;
    let (status, _) = api
        .sdk(Method::POST, "/b2b/sessions/authenticate", Some(&token), json!({}))
        .await;
    assert_eq!(status, 200, "extended to 120 minutes");
    api.advance(2 * 60).await;
    let (status, json) = api
        .sdk(Method::POST, "/b2b/sessions/authenticate", Some(&token), json!({}))
        .await;
    assert_error(status, &json, 404, "session_not_found");
}

#[tokio::test]
async fn sessions_reject_out_of_range_durations_and_ambiguous_credentials() {
    let api = Api::start(Seed::None);
    let (token, jwt) = api.session("bounds@example.org", "bounds").await;
    for minutes in [4, 527_041] {
        let (status, json) = api
            .sdk(
                Method::POST,
                "/b2b/sessions/authenticate",
                Some(&token),
                json!({ "session_duration_minutes": minutes }),
            )
            .await;
        assert_error(status, &json, 400, "invalid_session_duration_minutes");
    }
    let (status, json) = api
        .backend(
            Method::POST,
            "/sessions/authenticate",
            Some(json!({ "session_token": token, "session_jwt": jwt })),
        )
        .await;
    assert_error(status, &json, 400, "too_many_session_arguments");
    let (status, json) = api
        .backend(Method::POST, "/sessions/authenticate", Some(json!({})))
        .await;
    assert_error(status, &json, 400, "no_session_arguments");
    let (status, json) = api
        .backend(
            Method::POST,
            "/sessions/authenticate",
            Some(json!({ "session_jwt": "not.a.jwt" })),
        )
        .await;
    assert_error(status, &json, 404, "session_not_found");
}

#[tokio::test]
async fn an_ist_is_consumed_by_the_session_it_grants() {
    let api = Api::start(Seed::Demo);
    let ist = api.ist("ada@example.com").await;
    let (status, body) = api
        .sdk(
            Method::POST,
            "/b2b/discovery/organizations",
            None,
            json!({ "intermediate_session_token": ist }),
        )
        .await;
    assert_eq!(status, 200);
    let found = body["data"]["discovered_organizations"].as_array().unwrap();
    let slugs: Vec<_> = found
        .iter()
        .map(|o| o["organization"]["organization_slug"].as_str().unwrap())
        .collect();
    assert_eq!(
        slugs,
        ["acme", "globex", "initech", "northwind", "contoso", "fabrikam", "hooli"],
        "listing does not consume the IST"
    );
    for org in found {
        let slug = org["organization"]["organization_slug"].as_str().unwrap();
        let needs_mfa = ["northwind", "contoso", "fabrikam"].contains(&slug);
        let needs_step_up = slug == "hooli";
        assert_eq!(org["member_authenticated"], !needs_mfa && !needs_step_up, "{org}");
        assert_eq!(org["mfa_required"].is_null(), !needs_mfa, "{org}");
        assert_eq!(org["primary_required"].is_null(), !needs_step_up, "{org}");
    }
    let hooli = found
        .iter()
        .find(|o| o["organization"]["organization_slug"] == "hooli")
        .unwrap();
    assert_eq!(
        hooli["primary_required"]["allowed_auth_methods"],
        json!(["microsoft_oauth", "email_otp"]),
        "a magic link does not count where the organization accepts only Microsoft and email codes"
    );
    let exchange = json!({ "intermediate_session_token": ist, "organization_id": "globex" });
    let (status, body) = api
        .sdk(
            Method::POST,
            "/b2b/discovery/intermediate_sessions/exchange",
            None,
            exchange.clone(),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        body["data"]["member"]["status"], "active",
        "accepting the invitation activates the member"
    );
    let (status, json) = api
        .sdk(
            Method::POST,
            "/b2b/discovery/intermediate_sessions/exchange",
            None,
            exchange,
        )
        .await;
    assert_error(status, &json, 404, "intermediate_session_not_found");

    let outsider = api.ist("eve@elsewhere.example").await;
    // Acme admits no one by email domain; Initech admits example.com addresses only.
    for (organization_id, refusal) in [
        ("acme", "email_jit_provisioning_not_allowed"),
        ("initech", "invalid_email_for_jit_provisioning"),
    ] {
        let (status, json) = api
            .sdk(
                Method::POST,
                "/b2b/discovery/intermediate_sessions/exchange",
                None,
                json!({ "intermediate_session_token": outsider, "organization_id": organization_id }),
            )
            .await;
        assert_error(status, &json, 403, refusal);
    }
    let (status, json) = api
        .sdk(
            Method::POST,
            "/b2b/discovery/intermediate_sessions/exchange",
            None,
            json!({ "intermediate_session_token": outsider, "organization_id": "no-such-org" }),
        )
        .await;
    assert_error(status, &json, 404, "organization_not_found");
}

#[tokio::test]
async fn an_organization_made_up_from_an_address_gets_a_free_slug_and_a_chosen_one_must_be_free() {
    let api = Api::start(Seed::None);
    // The prebuilt UI's "Create an organization" sends no name or slug: each comes from the
    // address, and two people from one domain (or two "ada"s at a mail provider) both get one.
    let mut slugs = Vec::new();
    for email in [
        "ada@initrode.example",
        "bob@initrode.example",
        "ada@gmail.com",
        "ada@GMAIL.com",
    ] {
        let ist = api.ist(email).await;
        let (status, body) = api
            .sdk(
                Method::POST,
                "/b2b/discovery/organizations/create",
                None,
                json!({ "intermediate_session_token": ist }),
            )
            .await;
        assert_eq!(status, 200, "{email}: {body}");
        let organization = &body["data"]["organization"];
        slugs.push(organization["organization_slug"].as_str().unwrap().to_owned());
    }
    assert_eq!(slugs[0], "initrode");
    assert_eq!(slugs[2], "ada");
    for (made_up, base) in [(&slugs[1], "initrode-"), (&slugs[3], "ada-")] {
        let suffix = made_up
            .strip_prefix(base)
            .unwrap_or_else(|| panic!("{made_up} starts {base}"));
        assert!(
            suffix.len() == 4 && suffix.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit()),
            "{made_up}"
        );
    }
    // A slug someone chose is theirs or refused, never changed behind their back.
    let ist = api.ist("carol@initrode.example").await;
    let (status, body) = api
        .sdk(
            Method::POST,
            "/b2b/discovery/organizations/create",
            None,
            json!({ "intermediate_session_token": ist, "organization_slug": "INITRODE" }),
        )
        .await;
    assert_error(status, &body, 400, "organization_slug_already_used");
}

#[tokio::test]
async fn cors_answers_credentialed_browser_calls() {
    let api = Api::start(Seed::None);
    let url = format!("{}/sdk/v1/b2b/sessions/authenticate", api.base);
    let preflight = api
        .http
        .request(Method::OPTIONS, &url)
        .header("origin", "http://localhost:8080")
        .header("access-control-request-method", "POST")
        .header(
            "access-control-request-headers",
            "authorization, content-type, x-sdk-client, x-sdk-parent-host",
        )
        .send()
        .await
        .unwrap();
    assert_eq!(preflight.status(), 204);
    let headers = preflight.headers();
    assert_eq!(headers["access-control-allow-origin"], "http://localhost:8080");
    assert_eq!(headers["access-control-allow-credentials"], "true");
    assert!(
        headers["access-control-allow-methods"]
            .to_str()
            .unwrap()
            .contains("POST")
    );
    assert!(
        headers["access-control-allow-headers"]
            .to_str()
            .unwrap()
            .contains("x-sdk-client")
    );
    let error = api
        .http
        .post(&url)
        .header("origin", "http://127.0.0.1:3000")
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(
        error.headers()["access-control-allow-origin"],
        "http://127.0.0.1:3000",
        "errors carry CORS headers too"
    );
    assert_eq!(error.headers()["access-control-allow-credentials"], "true");
}

#[tokio::test]
async fn faults_answer_drop_and_count_requests() {
    let api = Api::start(Seed::None);
    let (status, json) = api
        .send(
            Method::POST,
            "/emulator/v1/faults",
            None,
            Some(r#"{"path":"/x","status":503,"drop":true}"#.into()),
        )
        .await;
    assert_error(status, &json, 400, "bad_request");
    let (status, json) = api
        .send(
            Method::POST,
            "/emulator/v1/faults",
            None,
            Some(r#"{"path":"/x","colour":"red"}"#.into()),
        )
        .await;
    assert_error(status, &json, 400, "bad_request");

    let bootstrap = format!("/sdk/v1/projects/bootstrap/{DEFAULT_PUBLIC_TOKEN}");
    let fault = json!({ "path": "/sdk/v1/projects/*", "status": 503, "count": 1 }).to_string();
    api.send(Method::POST, "/emulator/v1/faults", None, Some(fault)).await;
    let (status, json) = api.send(Method::GET, &bootstrap, None, None).await;
    assert_error(status, &json, 503, "internal_server_error");
    let (status, _) = api.send(Method::GET, &bootstrap, None, None).await;
    assert_eq!(status, 200, "a counted fault expires");

    let drop = json!({ "path": bootstrap, "drop": true, "count": 1 }).to_string();
    api.send(Method::POST, "/emulator/v1/faults", None, Some(drop)).await;
    let unpooled = Client::builder().pool_max_idle_per_host(0).build().unwrap();
    let dropped = unpooled.get(format!("{}{bootstrap}", api.base)).send().await;
    assert!(dropped.is_err(), "the connection closes without an answer: {dropped:?}");

    let (_, counts) = api
        .send(Method::GET, "/emulator/v1/requests?path=/sdk/v1/projects", None, None)
        .await;
    assert_eq!(counts["total"], 3);
    api.send(Method::DELETE, "/emulator/v1/requests", None, None).await;
    let (_, counts) = api.send(Method::GET, "/emulator/v1/requests", None, None).await;
    assert_eq!(counts["total"], 0, "the emulator's own API is never counted");
}

#[tokio::test]
async fn sessions_are_listed_and_exchanged_on_the_backend_api() {
    let api = Api::start(Seed::Demo);
    let ist = api.ist("ada@example.com").await;
    let (_, body) = api
        .sdk(
            Method::POST,
            "/b2b/discovery/intermediate_sessions/exchange",
            None,
            json!({ "intermediate_session_token": ist, "organization_id": "acme" }),
        )
        .await;
    let token = body["data"]["session_token"].as_str().unwrap().to_owned();
    let member_id = body["data"]["member_id"].as_str().unwrap().to_owned();
    let organization_id = body["data"]["organization_id"].as_str().unwrap().to_owned();
    let (status, listed) = api
        .backend(
            Method::GET,
            &format!("/sessions?organization_id={organization_id}&member_id={member_id}"),
            None,
        )
        .await;
    assert_eq!(status, 200, "{listed}");
    assert_eq!(listed["member_sessions"].as_array().unwrap().len(), 1);

    let (status, exchanged) = api
        .backend(
            Method::POST,
            "/sessions/exchange",
            Some(json!({ "session_token": token, "organization_id": "globex" })),
        )
        .await;
    assert_eq!(status, 200, "{exchanged}");
    assert_eq!(exchanged["member_authenticated"], true);
    assert_eq!(exchanged["organization"]["organization_slug"], "globex");
    assert_eq!(exchanged["member"]["status"], "active", "the invitation is accepted");
    let (status, json) = api
        .backend(
            Method::POST,
            "/sessions/exchange",
            Some(json!({ "session_token": token, "organization_id": "initech" })),
        )
        .await;
    assert_error(status, &json, 404, "member_not_found");
    let (status, json) = api.backend(Method::GET, "/sessions?organization_id=acme", None).await;
    assert_error(status, &json, 400, "bad_request");
}

/// The texts sent to `phone` so far.
async fn texts(api: &Api, phone: &str) -> Vec<Value> {
    let (_, outbox) = api
        .send(
            Method::GET,
            &format!("/emulator/v1/messages?to={}", phone.replace('+', "%2B")),
            None,
            None,
        )
        .await;
    outbox["messages"].as_array().cloned().unwrap_or_default()
}

#[tokio::test]
async fn entering_an_organization_by_an_exchange_texts_a_member_enrolled_in_sms_mfa_at_once() {
    let api = Api::start(Seed::None);
    let email = "ada@texted.example";
    let mut ids = Vec::new();
    for (slug, policy) in [("texted", "REQUIRED_FOR_ALL"), ("plain", "OPTIONAL")] {
        let (status, created) = api
            .backend(
                Method::POST,
                "/organizations",
                Some(json!({ "organization_name": slug, "organization_slug": slug, "mfa_policy": policy })),
            )
            .await;
        assert_eq!(status, 200, "{created}");
        let organization_id = created["organization"]["organization_id"].as_str().unwrap().to_owned();
        let (status, member) = api
            .backend(
                Method::POST,
                &format!("/organizations/{organization_id}/members"),
                Some(json!({ "email_address": email })),
            )
            .await;
        assert_eq!(status, 200, "{member}");
        ids.push((
            organization_id,
            member["member"]["member_id"].as_str().unwrap().to_owned(),
        ));
    }
    let (texted, member_id) = ids[0].clone();
    let exchange = |ist: String, organization_id: String| {
        let api = &api;
        async move {
            let (status, body) = api
                .sdk(
                    Method::POST,
                    "/b2b/discovery/intermediate_sessions/exchange",
                    None,
                    json!({ "intermediate_session_token": ist, "organization_id": organization_id }),
                )
                .await;
            assert_eq!(status, 200, "{body}");
            body["data"].clone()
        }
    };

    // Not enrolled yet: nothing to text; the member enrols a phone with the IST.
    let ist = api.ist(email).await;
    let entered = exchange(ist.clone(), texted.clone()).await;
    assert_eq!(entered["member_authenticated"], false);
    assert_eq!(entered["mfa_required"]["secondary_auth_initiated"], Value::Null);
    let phone = "+15005550123";
    let with_ist = |ist: &str, extra: Value| {
        let mut body = json!({ "organization_id": texted, "member_id": member_id, "intermediate_session_token": ist });
        body.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
        body
    };
    let (status, sent) = api
        .backend(
            Method::POST,
            "/otps/sms/send",
            Some(with_ist(&ist, json!({ "mfa_phone_number": phone }))),
        )
        .await;
    assert_eq!(status, 200, "{sent}");
    let code = texts(&api, phone).await.last().unwrap()["code"].clone();
    let (status, enrolled) = api
        .backend(
            Method::POST,
            "/otps/sms/authenticate",
            Some(with_ist(&ist, json!({ "code": code }))),
        )
        .await;
    assert_eq!(status, 200, "{enrolled}");
    assert_eq!(enrolled["member"]["mfa_phone_number_verified"], true);

    // Next time, the discovery exchange texts the code itself; the discovery link did not.
    let before = texts(&api, phone).await.len();
    let ist = api.ist(email).await;
    assert_eq!(
        texts(&api, phone).await.len(),
        before,
        "discovery's authenticate never texts"
    );
    let entered = exchange(ist.clone(), texted.clone()).await;
    assert_eq!(entered["mfa_required"]["secondary_auth_initiated"], "sms_otp");
    let sent = texts(&api, phone).await;
    assert_eq!(sent.len(), before + 1, "one text");
    let (status, signed_in) = api
        .backend(
            Method::POST,
            "/otps/sms/authenticate",
            Some(with_ist(
                &ist,
                json!({ "code": sent.last().unwrap()["code"], "session_duration_minutes": 60 }),
            )),
        )
        .await;
    assert_eq!(status, 200, "{signed_in}");
    assert!(
        signed_in["session_token"].as_str().is_some_and(|t| !t.is_empty()),
        "{signed_in}"
    );

    // From a session elsewhere, exchanging the session into the organization texts too.
    let ist = api.ist(email).await;
    let plain = exchange(ist, ids[1].0.clone()).await;
    let token = plain["session_token"].as_str().expect("no MFA there").to_owned();
    let (status, moved) = api
        .backend(
            Method::POST,
            "/sessions/exchange",
            Some(json!({ "session_token": token, "organization_id": texted })),
        )
        .await;
    assert_eq!(status, 200, "{moved}");
    assert_eq!(moved["member_authenticated"], false);
    assert_eq!(moved["mfa_required"]["secondary_auth_initiated"], "sms_otp");
    assert_eq!(texts(&api, phone).await.len(), before + 2);
}

#[tokio::test]
async fn a_restricted_policy_must_list_what_it_allows_on_create_and_update() {
    let api = Api::start(Seed::None);
    for (policy, error_type) in [
        (
            json!({ "auth_methods": "RESTRICTED", "allowed_auth_methods": [] }),
            "allowed_auth_methods_required_for_restricted",
        ),
        (
            json!({ "mfa_methods": "RESTRICTED" }),
            "allowed_mfa_methods_required_for_restricted",
        ),
        (
            json!({ "oauth_tenant_jit_provisioning": "RESTRICTED" }),
            "invalid_restricted_oauth_tenants_setting",
        ),
        (
            json!({ "oauth_tenant_jit_provisioning": "RESTRICTED", "allowed_oauth_tenants": { "slack": "T1" } }),
            "invalid_argument",
        ),
        (
            json!({ "allowed_oauth_tenants": { "myspace": ["T1"] } }),
            "invalid_argument",
        ),
    ] {
        let mut create = json!({ "organization_name": "Restricted", "organization_slug": "restricted" });
        create
            .as_object_mut()
            .unwrap()
            .extend(policy.as_object().unwrap().clone());
        let (status, json) = api.backend(Method::POST, "/organizations", Some(create)).await;
        assert_error(status, &json, 400, error_type);
    }

    let (status, created) = api
        .backend(
            Method::POST,
            "/organizations",
            Some(json!({ "organization_name": "Open", "organization_slug": "open", "email_allowed_domains": ["Open.Example"] })),
        )
        .await;
    assert_eq!(status, 200, "{created}");
    assert_eq!(
        created["organization"]["email_allowed_domains"],
        json!(["open.example"])
    );
    let path = format!(
        "/organizations/{}",
        created["organization"]["organization_id"].as_str().unwrap()
    );
    let (status, json) = api
        .backend(
            Method::PUT,
            &path,
            Some(json!({ "mfa_methods": "RESTRICTED", "allowed_mfa_methods": [] })),
        )
        .await;
    assert_error(status, &json, 400, "allowed_mfa_methods_required_for_restricted");
    let (status, updated) = api
        .backend(
            Method::PUT,
            &path,
            Some(json!({ "auth_methods": "RESTRICTED", "allowed_auth_methods": ["magic_link"], "mfa_policy": "REQUIRED_FOR_ALL" })),
        )
        .await;
    assert_eq!(status, 200, "{updated}");
    assert_eq!(updated["organization"]["allowed_auth_methods"], json!(["magic_link"]));
    assert_eq!(updated["organization"]["mfa_policy"], "REQUIRED_FOR_ALL");
    assert_eq!(
        updated["organization"]["mfa_methods"], "ALL_ALLOWED",
        "the refused update changed nothing"
    );
}

#[tokio::test]
async fn invites_bring_in_members_whom_the_link_activates() {
    let api = Api::start(Seed::None);
    let (admin, _) = api.session("founder@example.org", "inviters").await;
    let invite = |email: &str| json!({ "email_address": email, "name": "Newcomer", "roles": ["editor"] });

    let (status, invited) = api
        .sdk(
            Method::POST,
            "/b2b/magic_links/email/invite",
            Some(&admin),
            invite("Newcomer@Example.org"),
        )
        .await;
    assert_eq!(status, 200, "{invited}");
    let member = &invited["data"]["member"];
    assert_eq!(
        (&member["status"], &member["email_address"], &member["name"]),
        (&json!("invited"), &json!("newcomer@example.org"), &json!("Newcomer"))
    );
    assert!(
        member["roles"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["role_id"] == "editor")
    );
    let organization_id = invited["data"]["organization"]["organization_id"]
        .as_str()
        .unwrap()
        .to_owned();

    // The emailed link signs the newcomer in and activates them.
    let (_, outbox) = api
        .send(Method::GET, "/emulator/v1/messages?to=newcomer@example.org", None, None)
        .await;
    let message = outbox["messages"].as_array().unwrap().last().unwrap().clone();
    assert!(
        message["link"]
            .as_str()
            .unwrap()
            .contains("stytch_token_type=multi_tenant_magic_links")
    );
    let (status, joined) = api
        .sdk(
            Method::POST,
            "/b2b/magic_links/authenticate",
            None,
            json!({ "magic_links_token": message["token"], "session_duration_minutes": 30 }),
        )
        .await;
    assert_eq!(status, 200, "{joined}");
    assert_eq!(joined["data"]["member"]["status"], "active");
    assert_eq!(joined["data"]["member"]["email_address_verified"], true);
    let newcomer = joined["data"]["session_token"].as_str().unwrap().to_owned();

    // An active member cannot be invited; a plain member may not invite.
    let (status, body) = api
        .sdk(
            Method::POST,
            "/b2b/magic_links/email/invite",
            Some(&admin),
            invite("newcomer@example.org"),
        )
        .await;
    assert_error(status, &body, 400, "duplicate_member_email");
    let (status, body) = api
        .sdk(
            Method::POST,
            "/b2b/magic_links/email/invite",
            Some(&newcomer),
            invite("friend@example.org"),
        )
        .await;
    assert_error(status, &body, 403, "session_authorization_error");

    // The backend names the organization; the organization's policy can forbid invitations.
    let backend_invite = |email: &str| json!({ "organization_id": organization_id, "email_address": email });
    let (status, body) = api
        .backend(
            Method::POST,
            "/magic_links/email/invite",
            Some(backend_invite("second@example.org")),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["member"]["status"], "invited");
    let (status, _) = api
        .backend(
            Method::PUT,
            &format!("/organizations/{organization_id}"),
            Some(json!({ "email_invites": "NOT_ALLOWED" })),
        )
        .await;
    assert_eq!(status, 200);
    let (status, body) = api
        .backend(
            Method::POST,
            "/magic_links/email/invite",
            Some(backend_invite("third@example.org")),
        )
        .await;
    assert_error(status, &body, 403, "invalid_email_for_invites");
}

#[tokio::test]
async fn session_authenticate_answers_an_authorization_check_from_the_rbac_policy() {
    let api = Api::start(Seed::None);
    let (admin, _) = api.session("owner@example.org", "checked").await;
    let (status, plain) = api
        .backend(
            Method::POST,
            "/sessions/authenticate",
            Some(json!({ "session_token": admin })),
        )
        .await;
    assert_eq!(status, 200, "{plain}");
    assert!(plain.get("verdict").is_none(), "no check, no verdict");
    let organization_id = plain["organization"]["organization_id"].as_str().unwrap().to_owned();

    let (status, allowed) = api.check(&admin, &organization_id, "stytch.member", "create").await;
    assert_eq!(status, 200, "{allowed}");
    assert_eq!(
        allowed["verdict"],
        json!({ "authorized": true, "granting_roles": ["stytch_admin"] })
    );
    let (status, body) = api
        .check(&admin, "organization-test-other", "stytch.member", "create")
        .await;
    assert_error(status, &body, 403, "session_authorization_tenancy_error");
    let (status, body) = api.check(&admin, &organization_id, "stytch.member", "").await;
    assert_error(status, &body, 400, "bad_request");

    // The creator's new teammate holds only stytch_member.
    let reader = &api.teammate(&admin, "reader@example.org").await;
    let (status, body) = api
        .backend(
            Method::POST,
            "/sessions/authenticate",
            Some(json!({
                "session_token": reader,
                "authorization_check": { "organization_id": organization_id, "resource_id": "stytch.member", "action": "create" },
            })),
        )
        .await;
    assert_error(status, &body, 403, "session_authorization_error");

    let (status, policy) = api.backend(Method::GET, "/rbac/policy", None).await;
    assert_eq!(status, 200, "{policy}");
    assert!(
        policy["policy"]["roles"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["role_id"] == "stytch_admin")
    );
}

#[tokio::test]
async fn the_login_ui_looks_a_member_up_before_asking_for_a_password() {
    let api = Api::start(Seed::None);
    let (admin, _) = api.session("founder@example.org", "lookups").await;
    let (_, me) = api
        .sdk(Method::GET, "/b2b/organizations/members/me", Some(&admin), json!({}))
        .await;
    let organization_id = me["data"]["organization"]["organization_id"].clone();
    let lookup = |email: &str| json!({ "email_address": email, "organization_id": organization_id });

    // No session: the visitor has not signed in yet.
    let (status, found) = api
        .sdk(
            Method::POST,
            "/b2b/organizations/members/search",
            None,
            lookup("FOUNDER@example.org"),
        )
        .await;
    assert_eq!(status, 200, "{found}");
    assert_eq!(
        found["data"]["member"],
        json!({ "status": "active", "name": "", "member_password_id": "" })
    );
    let (_, nobody) = api
        .sdk(
            Method::POST,
            "/b2b/organizations/members/search",
            None,
            lookup("nobody@example.org"),
        )
        .await;
    assert_eq!(nobody["data"]["member"], Value::Null, "{nobody}");

    let (status, body) = api
        .sdk(
            Method::POST,
            "/b2b/organizations/members/search",
            None,
            json!({ "email_address": "founder@example.org", "organization_id": "organization-test-missing" }),
        )
        .await;
    assert_error(status, &body, 404, "organization_not_found");
    let (status, body) = api
        .sdk(
            Method::POST,
            "/b2b/organizations/members/search",
            None,
            json!({ "organization_id": organization_id }),
        )
        .await;
    assert_error(status, &body, 400, "bad_request");
}

#[tokio::test]
async fn reset_returns_to_the_starting_state_without_a_restart() {
    let api = Api::start(Seed::Demo);
    let organization_ids = |body: &Value| -> Vec<String> {
        let mut ids: Vec<String> = body["organizations"]
            .as_array()
            .unwrap_or_else(|| panic!("{body}"))
            .iter()
            .map(|o| o["organization_id"].as_str().unwrap().to_owned())
            .collect();
        ids.sort();
        ids
    };
    let (status, before) = api
        .backend(Method::POST, "/organizations/search", Some(json!({})))
        .await;
    assert_eq!(status, 200, "{before}");
    let starting = organization_ids(&before);
    assert!(!starting.is_empty(), "the demo seed has organizations");

    // Change everything a reset covers: an organization, a session, a message, the clock, a fault.
    let (token, jwt) = api.session("reset@example.com", "reset-co").await;
    api.advance(3600).await;
    let fault = json!({ "path": "/sdk/v1/b2b/nothing", "status": 503 }).to_string();
    api.send(Method::POST, "/emulator/v1/faults", None, Some(fault)).await;

    let (status, body) = api.send(Method::POST, "/emulator/v1/reset", None, None).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["organizations"], starting.len());
    assert_eq!(body["clock"]["offset_seconds"], 0);
    let (_, counts) = api.send(Method::GET, "/emulator/v1/requests", None, None).await;
    assert_eq!(counts["total"], 0, "request counts start again");
    let (_, faults) = api.send(Method::GET, "/emulator/v1/faults", None, None).await;
    assert_eq!(faults["faults"], json!([]));
    let (_, outbox) = api.send(Method::GET, "/emulator/v1/messages", None, None).await;
    assert_eq!(outbox["messages"], json!([]));

    let (_, after) = api
        .backend(Method::POST, "/organizations/search", Some(json!({})))
        .await;
    assert_eq!(
        organization_ids(&after),
        starting,
        "the starting organizations, with their IDs"
    );
    for credential in [json!({ "session_token": token }), json!({ "session_jwt": jwt })] {
        let (status, body) = api
            .backend(Method::POST, "/sessions/authenticate", Some(credential))
            .await;
        assert_error(status, &body, 404, "session_not_found");
    }
    api.session("reset@example.com", "reset-co").await; // the slug is free again
}

#[tokio::test]
async fn an_exported_state_carries_sessions_and_their_signing_key_to_another_emulator() {
    let source = Api::start(Seed::None);
    let (token, jwt) = source.session("export@example.com", "exported-co").await;
    source.advance(60).await;
    let jwks = format!("/sessions/jwks/{DEFAULT_PROJECT_ID}");
    let (status, state) = source.send(Method::GET, "/emulator/v1/state", None, None).await;
    assert_eq!(status, 200, "{state}");
    assert_eq!(state["format"], "stytch-emulator-state/1");
    assert_eq!(state["clock_offset_seconds"], 60);
    assert!(
        state.get("secret").is_none() && state["store"].get("project").is_none(),
        "configuration stays out"
    );
    let (_, source_jwks) = source.backend(Method::GET, &jwks, None).await;

    let target = Api::start(Seed::Demo);
    let authenticate = |credential: Value| async {
        target
            .backend(Method::POST, "/sessions/authenticate", Some(credential))
            .await
    };
    let (status, _) = authenticate(json!({ "session_token": token })).await;
    assert_eq!(status, 404, "not there before the import");

    // Refused documents change nothing.
    let mut wrong_format = state.clone();
    wrong_format["format"] = json!("stytch-emulator-state/0");
    let mut other_project = state.clone();
    other_project["project_id"] = json!("project-test-someone-else");
    let mut bad_key = state.clone();
    bad_key["signing_key"]["pkcs1_der"] = json!("bm90IGEga2V5");
    for refused in [
        wrong_format,
        other_project,
        bad_key,
        json!({ "format": "stytch-emulator-state/1" }),
    ] {
        let (status, body) = target
            .send(Method::PUT, "/emulator/v1/state", None, Some(refused.to_string()))
            .await;
        assert_error(status, &body, 400, "bad_request");
    }
    let (_, after_refusals) = target
        .backend(Method::POST, "/organizations/search", Some(json!({})))
        .await;
    assert!(
        after_refusals["organizations"].as_array().is_some_and(|o| o.len() > 1),
        "the demo data is still there"
    );

    let (status, body) = target
        .send(Method::PUT, "/emulator/v1/state", None, Some(state.to_string()))
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["organizations"], 1);
    assert_eq!(body["clock"]["offset_seconds"], 60, "expiries keep their meaning");
    let (status, by_token) = authenticate(json!({ "session_token": token })).await;
    assert_eq!(status, 200, "{by_token}");
    assert_eq!(by_token["member"]["email_address"], "export@example.com");
    let (status, by_jwt) = authenticate(json!({ "session_jwt": jwt })).await;
    assert_eq!(
        status, 200,
        "the imported key still verifies the JWT it signed: {by_jwt}"
    );
    let (_, target_jwks) = target.backend(Method::GET, &jwks, None).await;
    assert!(source_jwks["keys"][0]["kid"].is_string(), "{source_jwks}");
    assert_eq!(target_jwks["keys"], source_jwks["keys"]);

    // The import is the new reset point.
    target.send(Method::POST, "/emulator/v1/reset", None, None).await;
    let (status, _) = authenticate(json!({ "session_token": token })).await;
    assert_eq!(status, 200, "a reset returns to the imported state");

    // A document written before the store had SSO connections and tokens still imports.
    let mut older = state.clone();
    let store = older["store"].as_object_mut().unwrap();
    assert!(store.remove("sso_connections").is_some() && store.remove("sso_tokens").is_some());
    let (status, body) = target
        .send(Method::PUT, "/emulator/v1/state", None, Some(older.to_string()))
        .await;
    assert_eq!(status, 200, "{body}");
    let (status, _) = authenticate(json!({ "session_token": token })).await;
    assert_eq!(status, 200);
}

#[test]
fn export_on_exit_writes_what_import_starts_from() {
    let path = std::env::temp_dir().join(format!("stytch-emulator-state-{}.json", std::process::id()));
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let first = Api::with_config(EmulatorConfig {
        export_on_exit: Some(path.clone()),
        ..EmulatorConfig::for_tests()
    });
    let (token, _) = runtime.block_on(first.session("kept@example.com", "kept-co"));
    drop(first); // stops the emulator, which writes the state
    let written = std::fs::read_to_string(&path).unwrap();
    assert!(written.contains("kept-co"));

    let second = Api::with_config(EmulatorConfig {
        import: Some(path.clone()),
        seed: Seed::Demo,
        ..EmulatorConfig::for_tests()
    });
    let (status, body) = runtime.block_on(second.backend(
        Method::POST,
        "/sessions/authenticate",
        Some(json!({ "session_token": token })),
    ));
    assert_eq!(status, 200, "the session survives the restart: {body}");
    let (_, organizations) = runtime.block_on(second.backend(Method::POST, "/organizations/search", Some(json!({}))));
    assert_eq!(
        organizations["organizations"].as_array().map(Vec::len),
        Some(1),
        "the import replaces the seed"
    );
    let _ = std::fs::remove_file(&path);

    let missing = stytch_emulator::spawn(EmulatorConfig {
        import: Some(path.clone()),
        ..EmulatorConfig::for_tests()
    });
    let error = missing.err().map(|e| e.to_string()).unwrap_or_default();
    assert!(
        error.contains("cannot read"),
        "a missing file is a clear error: {error}"
    );
}

#[tokio::test]
async fn the_inbox_page_shows_each_message_with_its_link_and_filters_by_recipient() {
    let api = Api::start(Seed::None);
    api.link("first@example.com").await;
    api.link("second@example.com").await;
    let (_, outbox) = api
        .send(Method::GET, "/emulator/v1/messages?to=first@example.com", None, None)
        .await;
    let link = outbox["messages"][0]["link"].as_str().unwrap().to_owned();
    assert!(link.contains('&'), "the link has query parameters to escape: {link}");

    let page = |query: &'static str| {
        let url = format!("{}/emulator{query}", api.base);
        async move {
            let response = reqwest::get(url).await.unwrap();
            assert_eq!(response.status(), 200);
            assert!(
                response
                    .headers()
                    .get("content-type")
                    .is_some_and(|v| v.to_str().unwrap().starts_with("text/html"))
            );
            response.text().await.unwrap()
        }
    };
    let everyone = page("").await;
    assert!(everyone.contains("first@example.com") && everyone.contains("second@example.com"));
    assert!(
        everyone.contains(&format!(r#"href="{}""#, link.replace('&', "&amp;"))),
        "the link is clickable and escaped"
    );
    assert!(
        everyone.contains(r#"href="/emulator/v1/state""#),
        "the state can be downloaded"
    );
    let filtered = page("?to=SECOND@example.com").await;
    assert!(filtered.contains("second@example.com") && !filtered.contains("first@example.com"));
    let escaped = page("?to=%3Cscript%3E").await;
    assert!(
        !escaped.contains("<script>") && escaped.contains("&lt;script&gt;"),
        "the filter is echoed escaped"
    );
}

#[tokio::test]
async fn the_organizations_page_shows_what_the_emulator_holds_and_opens_the_app_as_a_member() {
    let api = Api::start(Seed::None);
    let (owner, _) = api.session("owner@example.com", "acme").await;
    let (_, _) = api.session("lead@example.net", "globex").await;
    let acme = api.whoami(&owner).await["organization"]["organization_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let hostile = json!({ "email_address": "mallory@example.com", "name": "<script>alert(1)</script>", "create_member_as_pending": true });
    let (status, created) = api
        .backend(Method::POST, &format!("/organizations/{acme}/members"), Some(hostile))
        .await;
    assert_eq!(status, 200, "{created}");

    let page = |query: &'static str| {
        let url = format!("{}/emulator/organizations{query}", api.base);
        async move {
            let response = reqwest::get(url).await.unwrap();
            assert_eq!(response.status(), 200);
            response.text().await.unwrap()
        }
    };
    let everything = page("").await;
    for expected in [
        "acme",
        "globex",
        "owner@example.com",
        "lead@example.net",
        "mallory@example.com",
    ] {
        assert!(everything.contains(expected), "{expected} is shown");
    }
    assert!(everything.contains("2 organizations."), "a count people can read");
    assert!(
        !everything.contains("<script>alert") && everything.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "names are shown escaped"
    );
    // The owner signed in (one live session) and holds stytch_admin; Mallory is still pending.
    let owner_row = everything
        .split("<tr>")
        .find(|row| row.contains("owner@example.com"))
        .unwrap();
    assert!(
        owner_row.contains("<td>active</td>") && owner_row.contains("stytch_admin") && owner_row.contains("<td>1</td>"),
        "{owner_row}"
    );
    let open = format!(r#"href="/emulator/impersonate?organization_id={acme}&amp;email_address=owner%40example.com""#);
    assert!(owner_row.contains(&open), "{owner_row}");
    let mallory_row = everything
        .split("<tr>")
        .find(|row| row.contains("mallory@example.com"))
        .unwrap();
    assert!(
        mallory_row.contains("<td>pending</td>") && !mallory_row.contains("Open the app"),
        "{mallory_row}"
    );

    let filtered = page("?q=LEAD@example").await;
    assert!(filtered.contains("globex") && !filtered.contains("owner@example.com"));
    assert!(filtered.contains("1 of 2 organizations match."));
    let nothing = page("?q=%3Cscript%3E").await;
    assert!(
        nothing.contains("No organization matches") && nothing.contains("value=\"&lt;script&gt;\""),
        "the filter is echoed escaped"
    );

    // The link opens the app as the owner, as the Dashboard's "Impersonate Member" does.
    let opened = Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
        .get(format!(
            "{}/emulator/impersonate?organization_id={acme}&email_address=owner%40example.com",
            api.base
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(opened.status(), 303);
    let location = opened.headers()["location"].to_str().unwrap();
    assert!(
        location.contains("stytch_token_type=multi_tenant_impersonation"),
        "{location}"
    );
}

/// The role IDs of a member as returned, each with its source types in order.
fn role_sources(member: &Value) -> Vec<(String, Vec<String>)> {
    member["roles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|role| {
            let sources = role["sources"].as_array().unwrap();
            (
                role["role_id"].as_str().unwrap().to_owned(),
                sources.iter().map(|s| s["type"].as_str().unwrap().to_owned()).collect(),
            )
        })
        .collect()
}

/// The `roles` of a session answer, and those of the session claim of its JWT.
fn session_and_jwt_roles(answer: &Value) -> (Value, Value) {
    let claims = jwt_claims(answer["session_jwt"].as_str().unwrap());
    (
        answer["member_session"]["roles"].clone(),
        claims["https://stytch.com/session"]["roles"].clone(),
    )
}

#[tokio::test]
async fn roles_follow_the_member_and_its_email_domain_at_every_authenticate() {
    let api = Api::start(Seed::None);
    let (token, _) = api.session("owner@example.org", "implicit").await;
    let authenticate = |check: Option<&str>, organization_id: &str| {
        let mut body = json!({ "session_token": token });
        if let Some(action) = check {
            body["authorization_check"] =
                json!({ "organization_id": organization_id, "resource_id": "documents", "action": action });
        }
        body
    };
    let (status, first) = api
        .backend(Method::POST, "/sessions/authenticate", Some(authenticate(None, "")))
        .await;
    assert_eq!(status, 200, "{first}");
    let organization_id = first["organization"]["organization_id"].as_str().unwrap().to_owned();
    let member_id = first["member"]["member_id"].as_str().unwrap();
    let member_path = format!("/organizations/{organization_id}/members/{member_id}");
    let get_path = format!("/organizations/{organization_id}/member?member_id={member_id}");
    assert_eq!(
        session_and_jwt_roles(&first),
        (
            json!(["stytch_member", "stytch_admin"]),
            json!(["stytch_member", "stytch_admin"])
        )
    );

    // Every member at the domain now holds `editor` through it; the domain is stored in lower case.
    let (status, updated) = api
        .backend(
            Method::PUT,
            &format!("/organizations/{organization_id}"),
            Some(json!({ "rbac_email_implicit_role_assignments": [
                { "domain": "Example.ORG", "role_id": "editor" },
                { "domain": "elsewhere.org", "role_id": "viewer" },
            ] })),
        )
        .await;
    assert_eq!(status, 200, "{updated}");
    assert_eq!(
        updated["organization"]["rbac_email_implicit_role_assignments"],
        json!([{ "domain": "example.org", "role_id": "editor" }, { "domain": "elsewhere.org", "role_id": "viewer" }])
    );
    let (_, got) = api.backend(Method::GET, &get_path, None).await;
    let editor = got["member"]["roles"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["role_id"] == "editor")
        .cloned();
    assert_eq!(
        editor,
        Some(
            json!({ "role_id": "editor", "sources": [{ "type": "email_assignment", "details": { "email_domain": "example.org" } }] })
        )
    );
    // The live session holds it from its next authenticate on, in the answer and the JWT.
    let (status, second) = api
        .backend(Method::POST, "/sessions/authenticate", Some(authenticate(None, "")))
        .await;
    assert_eq!(status, 200, "{second}");
    let editor_too = json!(["stytch_member", "stytch_admin", "editor"]);
    assert_eq!(session_and_jwt_roles(&second), (editor_too.clone(), editor_too));

    // Direct roles replace direct roles only: `stytch_admin` goes, the domain's `editor` stays
    // beside the new direct assignment of the same role.
    let (status, updated) = api
        .backend(Method::PUT, &member_path, Some(json!({ "roles": ["editor"] })))
        .await;
    assert_eq!(status, 200, "{updated}");
    let both = |types: &[&str]| types.iter().map(|t| (*t).to_owned()).collect::<Vec<_>>();
    assert_eq!(
        role_sources(&updated["member"]),
        vec![
            ("stytch_member".to_owned(), both(&["direct_assignment"])),
            ("editor".to_owned(), both(&["email_assignment", "direct_assignment"])),
        ]
    );
    assert_eq!(updated["member"]["is_admin"], false);

    // Without the domain rule the direct assignment remains; without that too, the role is gone
    // and the session's next check is refused.
    let (status, _) = api
        .backend(
            Method::PUT,
            &format!("/organizations/{organization_id}"),
            Some(json!({ "rbac_email_implicit_role_assignments": [] })),
        )
        .await;
    assert_eq!(status, 200);
    let (_, got) = api.backend(Method::GET, &get_path, None).await;
    assert_eq!(
        role_sources(&got["member"]),
        vec![
            ("stytch_member".to_owned(), both(&["direct_assignment"])),
            ("editor".to_owned(), both(&["direct_assignment"])),
        ]
    );
    let (status, allowed) = api
        .backend(
            Method::POST,
            "/sessions/authenticate",
            Some(authenticate(Some("write"), &organization_id)),
        )
        .await;
    assert_eq!(status, 200, "{allowed}");
    assert_eq!(
        allowed["verdict"],
        json!({ "authorized": true, "granting_roles": ["editor"] })
    );
    let (status, _) = api
        .backend(Method::PUT, &member_path, Some(json!({ "roles": [] })))
        .await;
    assert_eq!(status, 200);
    let (status, refused) = api
        .backend(
            Method::POST,
            "/sessions/authenticate",
            Some(authenticate(Some("write"), &organization_id)),
        )
        .await;
    assert_error(status, &refused, 403, "session_authorization_error");
    let (_, third) = api
        .backend(Method::POST, "/sessions/authenticate", Some(authenticate(None, "")))
        .await;
    assert_eq!(
        session_and_jwt_roles(&third),
        (json!(["stytch_member"]), json!(["stytch_member"]))
    );

    // A member who joins later gets the domain's role at once; one from another domain does not.
    let (status, _) = api
        .backend(
            Method::PUT,
            &format!("/organizations/{organization_id}"),
            Some(json!({ "rbac_email_implicit_role_assignments": [{ "domain": "example.org", "role_id": "viewer" }] })),
        )
        .await;
    assert_eq!(status, 200);
    for (email, expected) in [
        ("newcomer@EXAMPLE.org", vec!["stytch_member", "viewer"]),
        ("guest@example.net", vec!["stytch_member"]),
    ] {
        let (status, created) = api
            .backend(
                Method::POST,
                &format!("/organizations/{organization_id}/members"),
                Some(json!({ "email_address": email })),
            )
            .await;
        assert_eq!(status, 200, "{created}");
        let ids: Vec<String> = role_sources(&created["member"]).into_iter().map(|(id, _)| id).collect();
        assert_eq!(ids, expected, "{email}");
    }

    // An entry without a domain or a role is refused and changes nothing.
    for bad in [
        json!({ "domain": "", "role_id": "viewer" }),
        json!({ "domain": "example.org", "role_id": " " }),
        json!({ "domain": "someone@example.org", "role_id": "viewer" }),
    ] {
        let (status, body) = api
            .backend(
                Method::PUT,
                &format!("/organizations/{organization_id}"),
                Some(json!({ "rbac_email_implicit_role_assignments": [bad] })),
            )
            .await;
        assert_error(status, &body, 400, "bad_request");
    }
    let (_, org) = api
        .backend(Method::GET, &format!("/organizations/{organization_id}"), None)
        .await;
    assert_eq!(
        org["organization"]["rbac_email_implicit_role_assignments"],
        json!([{ "domain": "example.org", "role_id": "viewer" }])
    );
}

#[tokio::test]
async fn backend_custom_claims_join_the_session_and_its_jwts_until_removed() {
    let api = Api::start(Seed::None);
    let (token, _) = api.session("claims@example.org", "claims").await;
    let authenticate = |claims: Option<Value>| {
        let mut body = json!({ "session_token": token });
        if let Some(claims) = claims {
            body["session_custom_claims"] = claims;
        }
        Some(body)
    };
    let (status, added) = api
        .backend(
            Method::POST,
            "/sessions/authenticate",
            authenticate(Some(json!({
                "https://app.example/plan": "pro",
                "team": { "id": 7 },
                "sub": "someone-else",
                "https://stytch.com/session": "forged",
            }))),
        )
        .await;
    assert_eq!(status, 200, "{added}");
    let expected = json!({ "https://app.example/plan": "pro", "team": { "id": 7 } });
    assert_eq!(added["member_session"]["custom_claims"], expected);
    let claims = jwt_claims(added["session_jwt"].as_str().unwrap());
    assert_eq!(claims["https://app.example/plan"], "pro");
    assert_eq!(claims["team"], json!({ "id": 7 }));
    assert_eq!(claims["sub"], added["member_id"], "registered claims stay Stytch's");
    assert_eq!(
        claims["https://stytch.com/session"]["id"],
        added["member_session"]["member_session_id"]
    );

    // They stay on later authenticates, the SDK's (token in Basic auth) among them; the SDK
    // surface does not merge claims a browser sends.
    let (status, refreshed) = api
        .sdk(
            Method::POST,
            "/b2b/sessions/authenticate",
            Some(&token),
            json!({ "session_custom_claims": { "admin": true } }),
        )
        .await;
    assert_eq!(status, 200, "{refreshed}");
    assert_eq!(refreshed["data"]["member_session"]["custom_claims"], expected);
    assert_eq!(
        jwt_claims(refreshed["data"]["session_jwt"].as_str().unwrap())["admin"],
        Value::Null
    );

    // Too much is refused and changes nothing; `null` removes a claim.
    let (status, body) = api
        .backend(
            Method::POST,
            "/sessions/authenticate",
            authenticate(Some(json!({ "notes": "x".repeat(4100) }))),
        )
        .await;
    assert_error(status, &body, 400, "custom_claims_too_large");
    let (status, removed) = api
        .backend(
            Method::POST,
            "/sessions/authenticate",
            authenticate(Some(json!({ "team": null }))),
        )
        .await;
    assert_eq!(status, 200, "{removed}");
    assert_eq!(
        removed["member_session"]["custom_claims"],
        json!({ "https://app.example/plan": "pro" })
    );
    let (_, unchanged) = api
        .backend(Method::POST, "/sessions/authenticate", authenticate(None))
        .await;
    assert_eq!(
        unchanged["member_session"]["custom_claims"],
        json!({ "https://app.example/plan": "pro" })
    );
    let (_, emptied) = api
        .backend(
            Method::POST,
            "/sessions/authenticate",
            authenticate(Some(json!({ "https://app.example/plan": null }))),
        )
        .await;
    assert!(emptied["member_session"].get("custom_claims").is_none(), "{emptied}");
}

#[tokio::test]
async fn backend_logins_start_sessions_with_their_custom_claims() {
    let api = Api::start(Seed::None);
    let email = "starter@example.org";
    let ist = api.ist(email).await;
    let create = |claims: Value| {
        json!({
            "intermediate_session_token": ist,
            "organization_slug": "started",
            "organization_name": "Started",
            "session_custom_claims": claims,
        })
    };
    // Refused claims cost nothing: the same IST creates the organization afterwards.
    let (status, body) = api
        .backend(
            Method::POST,
            "/discovery/organizations/create",
            Some(create(json!({ "notes": "x".repeat(4100) }))),
        )
        .await;
    assert_error(status, &body, 400, "custom_claims_too_large");
    let (status, created) = api
        .backend(
            Method::POST,
            "/discovery/organizations/create",
            Some(create(json!({ "tier": "gold", "iat": 1 }))),
        )
        .await;
    assert_eq!(status, 200, "{created}");
    assert_eq!(created["member_session"]["custom_claims"], json!({ "tier": "gold" }));
    assert_eq!(jwt_claims(created["session_jwt"].as_str().unwrap())["tier"], "gold");
    let organization_id = created["organization"]["organization_id"].as_str().unwrap().to_owned();

    // An organization-scoped magic link authenticated by the backend (the primary path).
    let (status, _) = api
        .backend(
            Method::POST,
            "/magic_links/email/login_or_signup",
            Some(json!({ "organization_id": organization_id, "email_address": email })),
        )
        .await;
    assert_eq!(status, 200);
    let (_, outbox) = api
        .send(Method::GET, &format!("/emulator/v1/messages?to={email}"), None, None)
        .await;
    let token = outbox["messages"].as_array().unwrap().last().unwrap()["token"].clone();
    let (status, signed_in) = api
        .backend(
            Method::POST,
            "/magic_links/authenticate",
            Some(json!({ "magic_links_token": token, "session_custom_claims": { "via": "link" } })),
        )
        .await;
    assert_eq!(status, 200, "{signed_in}");
    assert_eq!(signed_in["member_session"]["custom_claims"], json!({ "via": "link" }));

    // The member's next link, authenticated with that session, steps it up and merges the
    // claims it sends into it: a new key added, `null` removing one.
    api.backend(
        Method::POST,
        "/magic_links/email/login_or_signup",
        Some(json!({ "organization_id": organization_id, "email_address": email })),
    )
    .await;
    let (_, outbox) = api
        .send(Method::GET, &format!("/emulator/v1/messages?to={email}"), None, None)
        .await;
    let token = outbox["messages"].as_array().unwrap().last().unwrap()["token"].clone();
    let (status, stepped) = api
        .backend(
            Method::POST,
            "/magic_links/authenticate",
            Some(json!({
                "magic_links_token": token,
                "session_token": signed_in["session_token"],
                "session_custom_claims": { "via": null, "step": "up" },
            })),
        )
        .await;
    assert_eq!(status, 200, "{stepped}");
    assert_eq!(
        stepped["member_session"]["member_session_id"],
        signed_in["member_session"]["member_session_id"]
    );
    assert_eq!(stepped["member_session"]["custom_claims"], json!({ "step": "up" }));
    let claims = jwt_claims(stepped["session_jwt"].as_str().unwrap());
    assert_eq!((&claims["step"], claims.get("via")), (&json!("up"), None));

    // The SDK surface starts sessions without the claims a browser sends.
    let ist = api.ist(email).await;
    let (status, exchanged) = api
        .sdk(
            Method::POST,
            "/b2b/discovery/intermediate_sessions/exchange",
            None,
            json!({
                "intermediate_session_token": ist,
                "organization_id": organization_id,
                "session_custom_claims": { "admin": true },
            }),
        )
        .await;
    assert_eq!(status, 200, "{exchanged}");
    assert!(
        exchanged["data"]["member_session"].get("custom_claims").is_none(),
        "{exchanged}"
    );
}

/// Never a server error; an error is a Stytch error object with its three fields.
fn assert_stytch_answer(call: &str, status: StatusCode, text: &str) {
    assert!(status.as_u16() < 500, "{call}: {status} {text}");
    if status.is_client_error() {
        let json: Value =
            serde_json::from_str(text).unwrap_or_else(|e| panic!("{call}: {status}, not JSON ({e}): {text}"));
        assert_eq!(json["status_code"], status.as_u16(), "{call}: {json}");
        assert!(
            json["error_type"].as_str().is_some_and(|t| !t.is_empty()),
            "{call}: {json}"
        );
        assert!(
            json["error_message"].as_str().is_some_and(|m| !m.is_empty()),
            "{call}: {json}"
        );
    }
}

/// The `.route("…")` paths in one routing source file (or a slice of one).
fn route_paths(source: &str) -> Vec<String> {
    let mut paths = Vec::new();
    let mut rest = source;
    while let Some(at) = rest.find(".route(") {
        rest = rest[at + ".route(".len()..].trim_start();
        if let Some(literal) = rest.strip_prefix('"')
            && let Some(end) = literal.find('"')
        {
            paths.push(literal[..end].to_owned());
        }
    }
    paths
}

/// Every route of the two Stytch surfaces and the hosted pages, with its mount point, read from
/// the routing code itself so that a route added later is swept too. The emulator's own control
/// API (`/emulator/v1`: reset, state import, faults) is left out: it is not Stytch's; the
/// simulated Google's (`/emulator/google`) is in, as browsers call it like the hosted pages.
fn every_stytch_route() -> Vec<String> {
    let sso = include_str!("../src/http/sso.rs");
    let backend_at = sso.find("pub fn backend_routes").unwrap();
    let public_at = sso.find("pub fn public_routes").unwrap();
    let scim = include_str!("../src/http/scim.rs");
    let scim_backend_at = scim.find("pub fn backend_routes").unwrap();
    let idp = include_str!("../src/http/idp.rs");
    let idp_backend_at = idp.find("pub fn backend_routes").unwrap();
    let idp_management_at = idp.find("pub fn management_routes").unwrap();
    let idp_public_at = idp.find("pub fn public_routes").unwrap();
    let mounted = [
        ("/sdk/v1", &idp[..idp_backend_at]),
        ("/v1/b2b", &idp[idp_backend_at..idp_management_at]),
        ("/v1", &idp[idp_management_at..idp_public_at]),
        ("/v1/public", &idp[idp_public_at..]),
        ("/sdk/v1", include_str!("../src/http/sdk.rs")),
        ("/sdk/v1", &sso[..backend_at]),
        ("/sdk/v1", &scim[..scim_backend_at]),
        ("/v1/b2b", &scim[scim_backend_at..]),
        ("/v1/b2b", &sso[backend_at..public_at]),
        ("/v1/public", &sso[public_at..]),
        ("/v1/b2b", include_str!("../src/http/backend.rs")),
        ("/v1/b2b", include_str!("../src/http/oauth.rs")),
        ("", include_str!("../src/http/mod.rs")),
        ("/emulator/google", include_str!("../src/http/google.rs")),
        ("/v1", include_str!("../src/http/m2m.rs")),
    ];
    let mut routes: Vec<String> = mounted
        .iter()
        .flat_map(|(prefix, source)| route_paths(source).into_iter().map(move |p| format!("{prefix}{p}")))
        .collect();
    routes.sort();
    routes.dedup();
    routes
}

/// Hostile request bodies: not JSON, the wrong JSON shape, and sixty-one of the field names the
/// API takes, all at once, with a value of the wrong type or out of range.
fn hostile_bodies() -> Vec<String> {
    const FIELDS: [&str; 61] = [
        "organization_id",
        "hash",
        "hash_type",
        "secret",
        "client_secret",
        "status",
        "scope",
        "id_token",
        "hosted_domain",
        "email",
        "client_id",
        "redirect_uri",
        "scopes",
        "consent_granted",
        "access_token",
        "grant_type",
        "saml_encryption_private_key",
        "external_organization_id",
        "external_connection_id",
        "profile_id",
        "token",
        "metadata_url",
        "member_id",
        "email_address",
        "session_duration_minutes",
        "session_token",
        "session_jwt",
        "intermediate_session_token",
        "password",
        "roles",
        "name",
        "organization_name",
        "organization_slug",
        "mfa_phone_number",
        "phone_number",
        "code",
        "recovery_code",
        "magic_links_token",
        "discovery_magic_links_token",
        "password_reset_token",
        "oauth_token",
        "discovery_oauth_token",
        "sso_token",
        "connection_id",
        "display_name",
        "trusted_metadata",
        "untrusted_metadata",
        "session_custom_claims",
        "locale",
        "query",
        "cursor",
        "limit",
        "email_allowed_domains",
        "mfa_policy",
        "auth_methods",
        "allowed_auth_methods",
        "rbac_email_implicit_role_assignments",
        "discovery_expiration_minutes",
        "login_redirect_url",
        "authorization_check",
        "pkce_code_verifier",
    ];
    let deep = format!("{}{}", "[".repeat(400), "]".repeat(400));
    let long = "\u{202e}\u{0}é".repeat(4000);
    let values = [
        json!(-1),
        json!(0),
        json!(u64::MAX),
        json!(1e300),
        json!(i64::MIN),
        json!(""),
        json!(long),
        json!(["x", 1, null, {}]),
        json!({ "nested": { "a": [true] } }),
        json!(true),
        json!(null),
    ];
    let mut bodies: Vec<String> = ["", "{", "null", "[]", "\"text\"", "1e999", "{}", "{\"a\":1,\"a\":2}"]
        .into_iter()
        .map(str::to_owned)
        .collect();
    bodies.push(format!("{{\"organization_id\": {deep}}}"));
    for value in values {
        let object: serde_json::Map<String, Value> = FIELDS
            .iter()
            .map(|field| ((*field).to_owned(), value.clone()))
            .collect();
        bodies.push(Value::Object(object).to_string());
    }
    bodies
}

#[tokio::test]
async fn no_route_answers_hostile_input_with_a_server_error_or_an_unshaped_body() {
    let api = Api::start(Seed::None);
    let (session, _) = api.session("sweep@example.com", "sweep").await;
    let (status, me) = api
        .sdk(Method::POST, "/b2b/sessions/authenticate", Some(&session), json!({}))
        .await;
    assert_eq!(status, 200, "{me}");
    let organization_id = me["data"]["organization"]["organization_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let member_id = me["data"]["member"]["member_id"].as_str().unwrap().to_owned();
    let (status, m2m) = api
        .send(
            Method::POST,
            "/v1/m2m/clients",
            Some(basic(DEFAULT_PROJECT_ID, DEFAULT_SECRET)),
            Some(json!({ "scopes": ["read:users"] }).to_string()),
        )
        .await;
    assert_eq!(status, 200, "{m2m}");
    let m2m_client_id = m2m["m2m_client"]["client_id"].as_str().unwrap().to_owned();

    let routes = every_stytch_route();
    assert!(
        routes.len() > 100
            && ["/sdk/v1/b2b/sessions/authenticate", "/v1/m2m/clients/{client_id}"]
                .iter()
                .all(|route| routes.iter().any(|r| r == route)),
        "the route list was not read from the routing code: {routes:?}"
    );
    let bodies = hostile_bodies();
    // Real identifiers first (the handlers get past their lookups), then ones no lookup finds,
    // including text that is not valid UTF-8 once decoded.
    let identifier_sets = [
        vec![
            ("{organization_id}", organization_id.as_str()),
            ("{member_id}", member_id.as_str()),
            ("{public_token}", DEFAULT_PUBLIC_TOKEN),
            ("{project_id}", DEFAULT_PROJECT_ID),
            ("{provider}", "google"),
            ("{client_id}", m2m_client_id.as_str()),
        ],
        vec![],
    ];
    // Calls that end the session or its organization go last, so the rest run signed in.
    let destructive = |method: &Method, route: &str| *method == Method::DELETE || route.contains("revoke");
    let mut calls = Vec::new();
    for route in &routes {
        for method in [Method::GET, Method::POST, Method::PUT, Method::DELETE] {
            for (real, identifiers) in identifier_sets.iter().enumerate().map(|(i, set)| (i == 0, set)) {
                if !real && !route.contains('{') {
                    continue;
                }
                let mut path = route.clone();
                for (param, value) in identifiers {
                    path = path.replace(param, value);
                }
                while let (Some(open), Some(close)) = (path.find('{'), path.find('}')) {
                    path.replace_range(open..=close, "%FF%FE..%2F%00x");
                }
                // Every hostile body where a handler can get as far as reading it; an empty one
                // where the method sends none or the path cannot match anything real.
                let every_body = real && method != Method::GET;
                calls.push((destructive(&method, route), method.clone(), path, every_body));
            }
        }
    }
    calls.sort_by_key(|(last, ..)| *last);

    let mut sent = 0;
    for (_, method, path, every_body) in &calls {
        let auth = if path.starts_with("/sdk/") {
            vec![
                Some(basic(DEFAULT_PUBLIC_TOKEN, &session)),
                Some(basic(DEFAULT_PUBLIC_TOKEN, DEFAULT_PUBLIC_TOKEN)),
            ]
        } else if (path.starts_with("/v1/b2b/") && !path.starts_with("/v1/b2b/public/"))
            || path.starts_with("/v1/connected_apps/")
            || path.starts_with("/v1/m2m/")
        {
            vec![Some(basic(DEFAULT_PROJECT_ID, DEFAULT_SECRET))]
        } else {
            vec![None]
        };
        // `/` redirects to the inbox page.
        let page = path == "/"
            || ["/v1/public/", "/v1/b2b/public/", "/emulator"]
                .iter()
                .any(|prefix| path.starts_with(prefix));
        let query = "?email_address=%FF%FE&limit=-1&cursor=%00&public_token=x&connection_id=%F0";
        for auth in auth {
            let some = if *every_body { &bodies[..] } else { &bodies[..1] };
            for (body, path) in some
                .iter()
                .map(|b| (b, path.clone()))
                .chain([(&bodies[0], format!("{path}{query}"))])
            {
                let request = |body: &str| {
                    let mut request = api.http.request(method.clone(), format!("{}{path}", api.base));
                    if let Some(auth) = &auth {
                        request = request.header("authorization", auth);
                    }
                    if *method != Method::GET {
                        request = request.header("content-type", "application/json").body(body.to_owned());
                    }
                    request.send()
                };
                let response = match request(body).await {
                    Ok(response) => response,
                    // The server answered (a 404, 405 or 401) without reading the body and closed
                    // the connection while the body was still being written: ask again without one
                    // to read that answer.
                    Err(error) if error.is_request() => request("").await.unwrap(),
                    Err(error) => panic!("{method} {path}: {error}"),
                };
                sent += 1;
                let status = response.status();
                let html = response
                    .headers()
                    .get("content-type")
                    .is_some_and(|v| v.as_bytes().starts_with(b"text/html"));
                let text = response.text().await.unwrap();
                let call = format!("{method} {path} with {:.80}", body);
                assert!(status.as_u16() < 500, "{call}: {status} {text}");
                let scim_protocol = path.contains("/Groups") || path.contains("/Users");
                if scim_protocol {
                    // The SCIM protocol's own error shape (RFC 7644), for identity providers.
                    let json: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{call}: {e}: {text}"));
                    assert!(
                        json["schemas"].to_string().contains("urn:ietf:params:scim:"),
                        "{call}: {json}"
                    );
                } else if html {
                    // Pages a browser navigates to (the hosted sign-in pages, the inbox) explain an
                    // error to the person on a page of their own.
                    assert!(
                        page && text.contains("<title>"),
                        "{call}: {status}, an HTML answer from an API route: {text}"
                    );
                } else {
                    assert_stytch_answer(&call, status, &text);
                }
            }
        }
    }
    assert!(sent > 5_000, "only {sent} requests were sent");
    // Whatever the requests changed, the state is still whole: another emulator takes it.
    let (status, state) = api.send(Method::GET, "/emulator/v1/state", None, None).await;
    assert_eq!(status, 200, "{state}");
    let other = Api::start(Seed::None);
    let (status, imported) = other
        .send(Method::PUT, "/emulator/v1/state", None, Some(state.to_string()))
        .await;
    assert_eq!(status, 200, "{imported}");
}

#[tokio::test]
async fn extreme_values_one_field_at_a_time_get_answers_not_server_errors() {
    let api = Api::start(Seed::None);
    let (session, _) = api.session("extreme@example.com", "extreme").await;
    let (_, me) = api
        .sdk(Method::POST, "/b2b/sessions/authenticate", Some(&session), json!({}))
        .await;
    let organization_id = me["data"]["organization"]["organization_id"]
        .as_str()
        .unwrap()
        .to_owned();
    // Each body is well formed for its endpoint; then each of its fields in turn takes each value.
    // Numbers past what a duration or a page size can be are where arithmetic overflows hide.
    let calls = [
        (
            "/sdk/v1/b2b/magic_links/email/discovery/send",
            false,
            json!({ "email_address": "a@example.com", "discovery_expiration_minutes": 60 }),
        ),
        (
            "/sdk/v1/b2b/otps/email/discovery/send",
            false,
            json!({ "email_address": "a@example.com", "discovery_expiration_minutes": 10 }),
        ),
        (
            "/sdk/v1/b2b/magic_links/email/login_or_signup",
            false,
            json!({ "organization_id": organization_id, "email_address": "extreme@example.com",
                    "login_expiration_minutes": 60, "signup_expiration_minutes": 60 }),
        ),
        (
            "/sdk/v1/b2b/passwords/email/reset/start",
            false,
            json!({ "organization_id": organization_id, "email_address": "extreme@example.com",
                    "reset_password_expiration_minutes": 30 }),
        ),
        (
            "/sdk/v1/b2b/passwords/authenticate",
            false,
            json!({ "organization_id": organization_id, "email_address": "extreme@example.com",
                    "password": "not-the-password-1", "session_duration_minutes": 60 }),
        ),
        (
            "/sdk/v1/b2b/magic_links/email/invite",
            true,
            json!({ "email_address": "c@example.com", "name": "C", "roles": ["stytch_member"],
                    "invite_expiration_minutes": 60 }),
        ),
        (
            "/sdk/v1/b2b/organizations/me/members/search",
            true,
            json!({ "limit": 10, "query": { "operator": "AND", "operands": [] } }),
        ),
        (
            "/sdk/v1/b2b/organizations/members/start_email_update",
            true,
            json!({ "email_address": "extreme@new.example", "login_redirect_url": "",
                    "delivery_method": "EMAIL_OTP", "locale": "en" }),
        ),
        (
            "/sdk/v1/b2b/organizations/members/unlink_retired_email",
            true,
            json!({ "email_id": "email-test-none", "email_address": "extreme@old.example" }),
        ),
        (
            "/v1/b2b/organizations",
            false,
            json!({ "organization_name": "X", "organization_slug": "x-extreme",
                    "email_allowed_domains": ["example.com"], "email_jit_provisioning": "RESTRICTED" }),
        ),
        (
            "/v1/b2b/magic_links/email/discovery/send",
            false,
            json!({ "email_address": "d@example.com", "discovery_expiration_minutes": 60 }),
        ),
        // Last: a session the authenticate extends to an extreme length stays usable for the
        // calls above only if they come first.
        (
            "/sdk/v1/b2b/sessions/authenticate",
            true,
            json!({ "session_duration_minutes": 60 }),
        ),
        (
            "/v1/b2b/sessions/authenticate",
            false,
            json!({ "session_token": session, "session_duration_minutes": 60,
                    "session_custom_claims": { "plan": "gold" } }),
        ),
    ];
    let extremes = [
        json!(0),
        json!(-1),
        json!(i32::MAX),
        json!(u32::MAX),
        json!(9_007_199_254_740_991_u64),
        json!(1.5),
        json!(""),
        json!("x".repeat(100_000)),
        json!("\u{0}"),
        json!("é漢字😀"),
        json!([]),
        json!({}),
        Value::Null,
        json!(true),
    ];
    let mut sent = 0;
    for (path, signed_in, valid) in &calls {
        let auth = if path.starts_with("/v1/") {
            basic(DEFAULT_PROJECT_ID, DEFAULT_SECRET)
        } else if *signed_in {
            basic(DEFAULT_PUBLIC_TOKEN, &session)
        } else {
            basic(DEFAULT_PUBLIC_TOKEN, DEFAULT_PUBLIC_TOKEN)
        };
        let (status, answer) = api
            .send(Method::POST, path, Some(auth.clone()), Some(valid.to_string()))
            .await;
        // Well formed: answered, or refused for what it says (a wrong password), not its shape.
        assert!(
            status.is_success() || (status.is_client_error() && answer["error_type"] != "bad_request"),
            "{path} refused its valid body: {answer}"
        );
        for field in valid.as_object().unwrap().keys() {
            for extreme in &extremes {
                let mut body = valid.clone();
                body[field] = extreme.clone();
                let response = api
                    .http
                    .post(format!("{}{path}", api.base))
                    .header("authorization", &auth)
                    .header("content-type", "application/json")
                    .body(body.to_string())
                    .send()
                    .await
                    .unwrap();
                let status = response.status();
                let text = response.text().await.unwrap();
                assert_stytch_answer(&format!("{path} with {field} = {extreme:.40}"), status, &text);
                sent += 1;
            }
        }
    }
    assert!(sent > 400, "only {sent} requests were sent");
}

#[tokio::test]
async fn a_configured_rbac_policy_is_the_one_served_and_enforced() {
    let policy = stytch_emulator::rbac_policy_from_json(
        r#"{"roles": [{"role_id": "stytch_admin", "permissions": [{"resource_id": "invoices", "actions": ["approve"]}]}],
            "resources": [{"resource_id": "invoices", "actions": ["approve", "read"]}]}"#,
    )
    .unwrap();
    let api = Api::with_config(EmulatorConfig {
        rbac_policy: policy,
        ..EmulatorConfig::for_tests()
    });
    let (admin, _) = api.session("owner@example.org", "configured").await;
    let organization_id = api.whoami(&admin).await["organization"]["organization_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let (status, approved) = api.check(&admin, &organization_id, "invoices", "approve").await;
    assert_eq!(status, 200, "{approved}");
    assert_eq!(
        approved["verdict"],
        json!({ "authorized": true, "granting_roles": ["stytch_admin"] })
    );
    for (resource_id, action) in [("invoices", "read"), ("documents", "read")] {
        let (status, body) = api.check(&admin, &organization_id, resource_id, action).await;
        assert_error(status, &body, 403, "session_authorization_error");
    }

    // The reserved role keeps what Stytch gives it: inviting a teammate needs stytch.member create.
    let (status, invited) = api
        .sdk(
            Method::POST,
            "/b2b/magic_links/email/invite",
            Some(&admin),
            json!({ "email_address": "teammate@example.org" }),
        )
        .await;
    assert_eq!(status, 200, "{invited}");
    let (status, served) = api.backend(Method::GET, "/rbac/policy", None).await;
    assert_eq!(status, 200, "{served}");
    let resources: Vec<&str> = served["policy"]["resources"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r["resource_id"].as_str())
        .collect();
    assert!(
        resources.contains(&"invoices") && resources.contains(&"stytch.member"),
        "{resources:?}"
    );
    assert!(!resources.contains(&"documents"), "{resources:?}");
}

#[tokio::test]
async fn the_project_policy_changes_at_run_time_until_a_reset_or_an_import() {
    let api = Api::start(Seed::None);
    let (token, _) = api.session("owner@example.org", "runtime-policy").await;
    let me = api.whoami(&token).await;
    let organization_id = me["organization"]["organization_id"].as_str().unwrap().to_owned();
    let member_id = me["member"]["member_id"].as_str().unwrap().to_owned();
    let resources = |policy: &Value| -> Vec<String> {
        policy["policy"]["resources"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|r| r["resource_id"].as_str().map(str::to_owned))
            .collect()
    };
    let put_policy = |body: String| api.send(Method::PUT, "/emulator/v1/rbac/policy", None, Some(body));
    let (status, starting) = api.send(Method::GET, "/emulator/v1/rbac/policy", None, None).await;
    assert_eq!(status, 200, "{starting}");
    assert!(resources(&starting).contains(&"documents".to_owned()), "{starting}");

    // Stytch's answer saved as is: the approver role, then granted to the member.
    let invoices = json!({ "request_id": "request-id-saved", "status_code": 200, "policy": {
        "roles": [{ "role_id": "approver", "description": "", "permissions": [{ "resource_id": "invoices", "actions": ["approve"] }] }],
        "resources": [{ "resource_id": "invoices", "description": "", "actions": ["approve", "read"] }],
        "scopes": [],
    }});
    let (status, set) = put_policy(invoices.to_string()).await;
    assert_eq!(status, 200, "{set}");
    assert!(
        resources(&set).contains(&"stytch.member".to_owned()),
        "built-ins added: {set}"
    );
    let (_, served) = api.backend(Method::GET, "/rbac/policy", None).await;
    assert_eq!(served["policy"], set["policy"], "the backend serves the new policy");
    let (status, body) = api
        .backend(
            Method::PUT,
            &format!("/organizations/{organization_id}/members/{member_id}"),
            Some(json!({ "roles": ["approver"] })),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let (status, verdict) = api.check(&token, &organization_id, "invoices", "approve").await;
    assert_eq!(status, 200, "{verdict}");
    assert_eq!(
        verdict["verdict"],
        json!({ "authorized": true, "granting_roles": ["approver"] })
    );
    let (status, body) = api.check(&token, &organization_id, "documents", "read").await;
    assert_error(status, &body, 403, "session_authorization_error");

    // An organization's own role over invoices: a policy without invoices, or taking the
    // role's ID, would strand it. Those and a policy Stytch would not save are refused.
    let clerk = json!({ "role_id": "clerk", "permissions": [{ "resource_id": "invoices", "actions": ["read"] }] });
    let (status, body) = api
        .backend(
            Method::PUT,
            &format!("/rbac/organizations/{organization_id}"),
            Some(json!({ "org_policy": { "roles": [clerk] } })),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let clerk_project_role = json!({
        "roles": [{ "role_id": "clerk", "permissions": [] }],
        "resources": [{ "resource_id": "invoices", "actions": ["read"] }],
    });
    for (body, says) in [
        (json!({ "roles": [], "resources": [] }).to_string(), "`invoices`"),
        (clerk_project_role.to_string(), "clerk"),
        (
            json!({ "roles": [{ "role_id": "a", "permissions": [{ "resource_id": "b", "actions": ["c"] }] }] })
                .to_string(),
            "`b`",
        ),
        (json!({ "rolez": [] }).to_string(), "`rolez`"),
        ("not json".to_owned(), "not JSON"),
    ] {
        let (status, refused) = put_policy(body).await;
        assert_error(status, &refused, 400, "bad_request");
        let message = refused["error_message"].as_str().unwrap();
        assert!(message.contains(says), "{message}");
    }
    let (_, kept) = api.send(Method::GET, "/emulator/v1/rbac/policy", None, None).await;
    assert_eq!(kept["policy"], set["policy"], "a refused policy changes nothing");

    // A reset, and an import, go back to the policy the emulator started with.
    let (status, _) = api.send(Method::POST, "/emulator/v1/reset", None, None).await;
    assert_eq!(status, 200);
    let (_, after_reset) = api.send(Method::GET, "/emulator/v1/rbac/policy", None, None).await;
    assert_eq!(after_reset["policy"], starting["policy"]);
    let (status, _) = put_policy(invoices.to_string()).await;
    assert_eq!(status, 200);
    let (_, state) = api.send(Method::GET, "/emulator/v1/state", None, None).await;
    let (status, body) = api
        .send(Method::PUT, "/emulator/v1/state", None, Some(state.to_string()))
        .await;
    assert_eq!(status, 200, "{body}");
    let (_, after_import) = api.send(Method::GET, "/emulator/v1/rbac/policy", None, None).await;
    assert_eq!(after_import["policy"], starting["policy"]);
}

#[tokio::test]
async fn redirect_urls_are_added_and_removed_at_run_time_until_a_reset() {
    let api = Api::start(Seed::None);
    let urls = |body: &Value| -> Vec<String> {
        body["redirect_urls"]
            .as_array()
            .unwrap()
            .iter()
            .map(|u| u["url"].as_str().unwrap().to_owned())
            .collect()
    };
    let (status, starting) = api.send(Method::GET, "/emulator/v1/redirect_urls", None, None).await;
    assert_eq!(status, 200, "{starting}");
    let starting = urls(&starting);
    assert!(!starting.is_empty());
    let app = "http://127.0.0.1:40123/authenticate";
    let send_to = |url: &str| {
        api.sdk(
            Method::POST,
            "/b2b/magic_links/email/discovery/send",
            None,
            json!({ "email_address": "ada@example.org", "discovery_redirect_url": url }),
        )
    };
    let (status, body) = send_to(app).await;
    assert_error(status, &body, 400, "no_match_for_provided_magic_link_url");
    assert!(
        body["error_message"]
            .as_str()
            .unwrap()
            .contains("/emulator/v1/redirect_urls")
    );

    // Added: links may name it, and the newest message's link lands there.
    let add = |body: Value| api.send(Method::POST, "/emulator/v1/redirect_urls", None, Some(body.to_string()));
    let (status, body) = add(json!({ "url": app })).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(urls(&body).last().map(String::as_str), Some(app));
    assert_eq!(urls(&body)[0], starting[0], "not the default unless asked");
    let (status, body) = send_to(app).await;
    assert_eq!(status, 200, "{body}");
    let (_, outbox) = api
        .send(Method::GET, "/emulator/v1/messages?to=ada@example.org", None, None)
        .await;
    let link = outbox["messages"].as_array().unwrap().last().unwrap()["link"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(
        link.starts_with(&format!("{app}?stytch_token_type=discovery&token=")),
        "{link}"
    );

    // As the default it is listed once, and a link naming none lands there.
    let (_, body) = add(json!({ "url": app, "is_default": true })).await;
    assert_eq!(urls(&body).iter().filter(|u| *u == app).count(), 1, "{body}");
    let (status, _) = api
        .sdk(
            Method::POST,
            "/b2b/magic_links/email/discovery/send",
            None,
            json!({ "email_address": "ada@example.org" }),
        )
        .await;
    assert_eq!(status, 200);
    let (_, outbox) = api
        .send(Method::GET, "/emulator/v1/messages?to=ada@example.org", None, None)
        .await;
    let link = outbox["messages"].as_array().unwrap().last().unwrap()["link"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(link.starts_with(&format!("{app}?")), "the new default: {link}");
    let (status, body) = add(json!({ "url": "javascript:alert(1)" })).await;
    assert_error(status, &body, 400, "bad_request");
    let (status, body) = add(json!({ "link": app })).await;
    assert_error(status, &body, 400, "bad_request");

    // Removed: refused again; removing it twice names the reason.
    let remove_app = format!(
        "/emulator/v1/redirect_urls?url={}",
        app.replace(':', "%3A").replace('/', "%2F")
    );
    let remove = || api.send(Method::DELETE, &remove_app, None, None);
    let (status, body) = remove().await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(urls(&body), starting);
    let (status, body) = send_to(app).await;
    assert_error(status, &body, 400, "no_match_for_provided_magic_link_url");
    let (status, body) = remove().await;
    assert_error(status, &body, 404, "redirect_url_not_found");

    // A URL for discovery only (the Management API's `valid_types`): a login may not name it,
    // and each flow refuses it by its own name.
    let discover = "http://127.0.0.1:40124/discover";
    let (status, body) =
        add(json!({ "url": discover, "valid_types": [{ "type": "DISCOVERY", "is_default": false }] })).await;
    assert_eq!(status, 200, "{body}");
    let listed = body["redirect_urls"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["url"] == discover)
        .cloned();
    assert_eq!(
        listed.unwrap()["valid_types"],
        json!([{ "type": "DISCOVERY", "is_default": false }])
    );
    let (status, _) = send_to(discover).await;
    assert_eq!(status, 200, "a discovery link may land there");
    let (_, org) = api
        .backend(
            Method::POST,
            "/organizations",
            Some(json!({ "organization_name": "Redirects" })),
        )
        .await;
    let organization_id = org["organization"]["organization_id"].as_str().unwrap().to_owned();
    let (status, body) = api
        .backend(
            Method::POST,
            &format!("/organizations/{organization_id}/members"),
            Some(json!({ "email_address": "ada@example.org" })),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let (status, body) = api
        .sdk(
            Method::POST,
            "/b2b/magic_links/email/login_or_signup",
            None,
            json!({ "organization_id": organization_id, "email_address": "ada@example.org", "login_redirect_url": discover }),
        )
        .await;
    assert_error(status, &body, 400, "no_match_for_provided_magic_link_url");
    assert!(
        body["error_message"]
            .as_str()
            .unwrap()
            .contains("not for login redirects"),
        "{body}"
    );
    let oauth_start = format!(
        "/v1/b2b/public/oauth/google/start?public_token={DEFAULT_PUBLIC_TOKEN}&organization_id={organization_id}&login_redirect_url={}",
        discover.replace(':', "%3A").replace('/', "%2F")
    );
    let response = reqwest::get(format!("{}{oauth_start}", api.base)).await.unwrap();
    let text = response.text().await.unwrap();
    assert!(text.contains("no_match_for_provided_oauth_url"), "{text}");
    let (status, body) = add(json!({ "url": discover, "valid_types": [{ "type": "SOMETIMES" }] })).await;
    assert_error(status, &body, 400, "bad_request");
    // People see the list, with each URL's kinds, on the organizations page.
    let page = reqwest::get(format!("{}/emulator/organizations", api.base))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains(&format!(
            "<th scope=\"row\"><code>{discover}</code></th><td>discovery</td><td>–</td>"
        )),
        "{page}"
    );
    // The default was removed with its URL: the kinds have none now, as a Dashboard whose
    // default URL is deleted, and a link naming no URL is refused by its kind's name.
    assert!(
        page.contains(&format!(
            "<th scope=\"row\"><code>{}</code></th><td>login, sign-up, invite, password reset, discovery</td><td>–</td>",
            starting[0]
        )),
        "{page}"
    );
    let (status, body) = api
        .sdk(
            Method::POST,
            "/b2b/magic_links/email/discovery/send",
            None,
            json!({ "email_address": "ada@example.org" }),
        )
        .await;
    assert_error(status, &body, 400, "no_default_discovery_redirect_url_set");

    // Configuration: a reset goes back to the URLs the emulator started with.
    let (status, _) = add(json!({ "url": app, "is_default": true })).await;
    assert_eq!(status, 200);
    let (status, _) = api.send(Method::POST, "/emulator/v1/reset", None, None).await;
    assert_eq!(status, 200);
    let (_, after_reset) = api.send(Method::GET, "/emulator/v1/redirect_urls", None, None).await;
    assert_eq!(urls(&after_reset), starting);
}

#[tokio::test]
async fn an_organizations_own_roles_are_set_checked_shown_and_granted() {
    let api = Api::start(Seed::None);
    let (token, _) = api.session("owner@example.org", "own-roles").await;
    let plain = api.whoami(&token).await;
    let organization_id = plain["organization"]["organization_id"].as_str().unwrap().to_owned();
    let member_id = plain["member"]["member_id"].as_str().unwrap().to_owned();
    let policy_path = format!("/rbac/organizations/{organization_id}");
    let (status, empty) = api.backend(Method::GET, &policy_path, None).await;
    assert_eq!(status, 200, "{empty}");
    assert_eq!(empty["org_policy"], json!({ "roles": [] }));

    // The member holds only a role the organization has not defined yet.
    let (status, body) = api
        .backend(
            Method::PUT,
            &format!("/organizations/{organization_id}/members/{member_id}"),
            Some(json!({ "roles": ["archivist"] })),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let (status, body) = api.check(&token, &organization_id, "documents", "delete").await;
    assert_error(status, &body, 403, "session_authorization_error");

    let archivist = json!({
        "role_id": "archivist",
        "description": "Deletes old documents.",
        "permissions": [{ "resource_id": "documents", "actions": ["read", "delete"] }],
    });
    let (status, set) = api
        .backend(
            Method::PUT,
            &policy_path,
            Some(json!({ "org_policy": { "roles": [archivist] } })),
        )
        .await;
    assert_eq!(status, 200, "{set}");
    assert_eq!(set["org_policy"]["roles"][0]["role_id"], "archivist");
    let (status, granted) = api.check(&token, &organization_id, "documents", "delete").await;
    assert_eq!(status, 200, "{granted}");
    assert_eq!(
        granted["verdict"],
        json!({ "authorized": true, "granting_roles": ["archivist"] })
    );
    let (_, organization) = api
        .backend(Method::GET, &format!("/organizations/{organization_id}"), None)
        .await;
    assert_eq!(organization["organization"]["custom_roles"][0]["role_id"], "archivist");
    let (status, me) = api
        .sdk(Method::GET, "/b2b/organizations/me", Some(&token), Value::Null)
        .await;
    assert_eq!(status, 200, "{me}");
    assert_eq!(
        me["data"]["organization"]["custom_roles"][0]["permissions"][0]["actions"],
        json!(["read", "delete"]),
        "the SDK sees them too, to check them locally"
    );

    // What the project's resources do not define, a project role's ID and a role twice are
    // refused, and the organization keeps its roles.
    let role = |role_id: &str, resource_id: &str, action: &str| json!({ "role_id": role_id, "permissions": [{ "resource_id": resource_id, "actions": [action] }] });
    for (roles, says) in [
        (json!([role("auditor", "invoices", "read")]), "invoices"),
        (json!([role("auditor", "documents", "approve")]), "approve"),
        (json!([role("editor", "documents", "read")]), "project role"),
        (
            json!([
                role("auditor", "documents", "read"),
                role("auditor", "documents", "read")
            ]),
            "twice",
        ),
        (json!([role("", "documents", "read")]), "role_id"),
    ] {
        let (status, body) = api
            .backend(
                Method::PUT,
                &policy_path,
                Some(json!({ "org_policy": { "roles": roles } })),
            )
            .await;
        assert_error(status, &body, 400, "bad_request");
        assert!(body["error_message"].as_str().unwrap().contains(says), "{body}");
    }
    let (_, kept) = api.backend(Method::GET, &policy_path, None).await;
    assert_eq!(kept["org_policy"]["roles"][0]["role_id"], "archivist");
    let (status, body) = api
        .backend(Method::GET, "/rbac/organizations/organization-test-missing", None)
        .await;
    assert_error(status, &body, 404, "organization_not_found");
}

#[tokio::test]
async fn an_mfa_phone_number_belongs_to_one_member_of_an_organization() {
    let api = Api::start(Seed::None);
    let (token, _) = api.session("owner@example.org", "phones").await;
    let owner = api.whoami(&token).await;
    let organization_id = owner["organization"]["organization_id"].as_str().unwrap().to_owned();
    let members = format!("/organizations/{organization_id}/members");
    let create = |email: &str, phone: &str| json!({ "email_address": email, "mfa_phone_number": phone });
    let id = |answer: &Value| answer["member"]["member_id"].as_str().unwrap().to_owned();

    let (status, ada) = api
        .backend(Method::POST, &members, Some(create("ada@example.org", "+15005550177")))
        .await;
    assert_eq!(status, 200, "{ada}");
    assert_eq!(ada["member"]["mfa_phone_number"], "+15005550177");
    // Creation: the same number again, and a number that is not E.164.
    let (status, refused) = api
        .backend(Method::POST, &members, Some(create("bob@example.org", "+15005550177")))
        .await;
    assert_error(status, &refused, 400, "duplicate_member_phone_number");
    let (status, refused) = api
        .backend(Method::POST, &members, Some(create("bob@example.org", "555-0177")))
        .await;
    assert_error(status, &refused, 400, "invalid_phone_number");
    let (status, bob) = api
        .backend(Method::POST, &members, Some(create("bob@example.org", "")))
        .await;
    assert_eq!(status, 200, "{bob}");
    assert_eq!(bob["member"]["mfa_phone_number"], "");

    // An update, and an SMS code sent to a number the member gives.
    let bob_path = format!("{members}/{}", id(&bob));
    let (status, refused) = api
        .backend(
            Method::PUT,
            &bob_path,
            Some(json!({ "mfa_phone_number": "+15005550177" })),
        )
        .await;
    assert_error(status, &refused, 400, "duplicate_member_phone_number");
    let sms =
        |phone: &str| json!({ "organization_id": organization_id, "member_id": id(&bob), "mfa_phone_number": phone });
    let (status, refused) = api
        .backend(Method::POST, "/otps/sms/send", Some(sms("+15005550177")))
        .await;
    assert_error(status, &refused, 400, "duplicate_member_phone_number");
    let (status, _) = api
        .backend(Method::POST, "/otps/sms/send", Some(sms("+15005550178")))
        .await;
    assert_eq!(status, 200);

    // A member keeps their own number through an update, and a deleted member's is free.
    let ada_path = format!("{members}/{}", id(&ada));
    let (status, kept) = api
        .backend(
            Method::PUT,
            &ada_path,
            Some(json!({ "mfa_phone_number": "+15005550177", "name": "Ada" })),
        )
        .await;
    assert_eq!(status, 200, "{kept}");
    let (status, _) = api.backend(Method::DELETE, &ada_path, None).await;
    assert_eq!(status, 200);
    let (status, carol) = api
        .backend(
            Method::POST,
            &members,
            Some(create("carol@example.org", "+15005550177")),
        )
        .await;
    assert_eq!(status, 200, "{carol}");
}

/// A SCIM protocol call at a connection's `base_url` with a bearer token: status and JSON body.
async fn scim_protocol(api: &Api, method: Method, url: &str, token: &str, body: Option<Value>) -> (StatusCode, Value) {
    let mut request = api.http.request(method, url).bearer_auth(token);
    if let Some(body) = body {
        request = request
            .header("content-type", "application/scim+json")
            .body(body.to_string());
    }
    let response = request.send().await.unwrap();
    let status = response.status();
    if status == StatusCode::NO_CONTENT {
        return (status, Value::Null);
    }
    let content_type = response.headers().get("content-type").cloned();
    let text = response.text().await.unwrap();
    assert_eq!(
        content_type.as_ref().map(|v| v.to_str().unwrap()),
        Some("application/scim+json"),
        "{url}: {text}"
    );
    (status, serde_json::from_str(&text).unwrap())
}

/// Asserts a SCIM protocol refusal: its status, in the body too, and its `scimType`.
fn assert_scim_refused(status: StatusCode, body: &Value, expected: u16, scim_type: &str) {
    assert_eq!(
        (status.as_u16(), body["status"].as_str(), body["scimType"].as_str()),
        (expected, Some(expected.to_string().as_str()), Some(scim_type)),
        "{body}"
    );
}

/// A SCIM protocol `POST` that must create (201): the created resource.
async fn scim_created(api: &Api, url: &str, token: &str, body: Value) -> Value {
    let (status, created) = scim_protocol(api, Method::POST, url, token, Some(body)).await;
    assert_eq!(status, 201, "{url}: {created}");
    created
}

#[tokio::test]
async fn a_scim_connection_takes_groups_from_its_identity_provider_and_rotates_its_token() {
    let api = Api::start(Seed::None);
    let (admin, _) = api.session("owner@example.net", "provisioned").await;
    let organization_id = api.whoami(&admin).await["organization"]["organization_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let scim = |method: Method, path: &str, body: Value| {
        let admin = admin.clone();
        let path = format!("/b2b/scim{path}");
        let api = &api;
        async move { api.sdk(method, &path, Some(&admin), body).await }
    };

    // None yet (so no groups, as the Admin Portal's organization settings ask); an identity
    // provider outside Stytch's list is refused.
    let (status, body) = scim(Method::GET, "", json!({})).await;
    assert_error(status, &body, 404, "no_active_scim_connection");
    let (status, body) = scim(Method::POST, "/groups", json!({ "limit": 1000 })).await;
    assert_eq!(
        (status.as_u16(), &body["data"]["scim_groups"]),
        (200, &json!([])),
        "{body}"
    );
    let (status, body) = scim(Method::POST, "", json!({ "identity_provider": "azure" })).await;
    assert_error(status, &body, 400, "invalid_scim_idp");

    let (status, created) = scim(
        Method::POST,
        "",
        json!({ "display_name": " Okta ", "identity_provider": "okta" }),
    )
    .await;
    assert_eq!(status, 200, "{created}");
    let connection = &created["data"]["connection"];
    let connection_id = connection["connection_id"].as_str().unwrap().to_owned();
    let first = connection["bearer_token"].as_str().unwrap().to_owned();
    let base_url = connection["base_url"].as_str().unwrap().to_owned();
    assert!(connection_id.starts_with("scim-connection-test-"), "{connection}");
    assert_eq!(
        (connection["status"].as_str(), connection["display_name"].as_str()),
        (Some("active"), Some("Okta"))
    );
    assert_eq!(first.len(), 48);
    assert_eq!(base_url, format!("{}/v1/b2b/scim/{connection_id}", api.base));
    let (status, body) = scim(Method::POST, "", json!({})).await;
    assert_error(status, &body, 400, "active_scim_connection_exists");
    // The organization lists it, with the token's last four characters only.
    let organization = api.whoami(&admin).await["organization"].clone();
    assert_eq!(
        organization["scim_active_connection"],
        json!({
            "connection_id": connection_id,
            "display_name": "Okta",
            "bearer_token_last_four": &first[44..],
            "bearer_token_expires_at": connection["bearer_token_expires_at"],
        })
    );
    let (status, read) = scim(Method::GET, "", json!({})).await;
    assert_eq!(status, 200, "{read}");
    assert!(read["data"]["connection"].get("bearer_token").is_none(), "{read}");

    // The identity provider pushes groups with the token; another token is refused.
    let groups_url = format!("{base_url}/Groups");
    let (status, body) = scim_protocol(&api, Method::GET, &groups_url, "not-the-token", None).await;
    assert_eq!((status.as_u16(), body["status"].as_str()), (401, Some("401")), "{body}");
    let mut group_ids = Vec::new();
    for name in ["Engineering", "Sales"] {
        let (status, group) = scim_protocol(
            &api,
            Method::POST,
            &groups_url,
            &first,
            Some(json!({ "displayName": name })),
        )
        .await;
        assert_eq!(status, 201, "{group}");
        group_ids.push(group["id"].as_str().unwrap().to_owned());
    }
    let (status, body) = scim_protocol(
        &api,
        Method::POST,
        &groups_url,
        &first,
        Some(json!({ "displayName": "Sales" })),
    )
    .await;
    assert_scim_refused(status, &body, 409, "uniqueness");

    // As identity providers look a group up before creating it, and as they page.
    let (status, found) = scim_protocol(
        &api,
        Method::GET,
        &format!("{groups_url}?filter=displayName%20eq%20%22sales%22"),
        &first,
        None,
    )
    .await;
    assert_eq!(status, 200, "{found}");
    assert_eq!(
        (found["totalResults"].as_u64(), found["Resources"][0]["id"].as_str()),
        (Some(1), Some(group_ids[1].as_str()))
    );
    let (status, second_page) = scim_protocol(
        &api,
        Method::GET,
        &format!("{groups_url}?startIndex=2&count=1"),
        &first,
        None,
    )
    .await;
    assert_eq!(status, 200, "{second_page}");
    assert_eq!(
        (
            second_page["totalResults"].as_u64(),
            second_page["startIndex"].as_u64(),
            second_page["itemsPerPage"].as_u64(),
            second_page["Resources"][0]["displayName"].as_str(),
        ),
        (Some(2), Some(2), Some(1), Some("Sales"))
    );

    // The SDK pages through them; the backend reads the same pages.
    let (status, page) = scim(Method::POST, "/groups", json!({ "limit": 1 })).await;
    assert_eq!(status, 200, "{page}");
    assert_eq!(page["data"]["scim_groups"][0]["group_name"], "Engineering");
    assert_eq!(page["data"]["next_cursor"].as_str(), Some(group_ids[1].as_str()));
    let (status, rest) = scim(Method::POST, "/groups", json!({ "cursor": group_ids[1] })).await;
    assert_eq!(status, 200, "{rest}");
    assert_eq!(rest["data"]["scim_groups"][0]["group_name"], "Sales");
    assert!(rest["data"]["next_cursor"].is_null(), "{rest}");
    let (status, body) = scim(Method::POST, "/groups", json!({ "limit": 0 })).await;
    assert_error(status, &body, 400, "bad_request");
    let (status, backend_page) = api
        .backend(
            Method::GET,
            &format!("/scim/{organization_id}/connection/{connection_id}?limit=5"),
            None,
        )
        .await;
    assert_eq!(status, 200, "{backend_page}");
    assert_eq!(backend_page["scim_groups"].as_array().map(Vec::len), Some(2));

    // Group roles name pushed groups, and need the organization's implicit-roles permission.
    let assign = |group_id: &str| json!({ "connection_id": connection_id, "scim_group_implicit_role_assignments": [{ "role_id": "stytch_admin", "group_id": group_id }] });
    let (status, body) = scim(
        Method::PUT,
        &format!("/{connection_id}"),
        assign("scim-group-test-nope"),
    )
    .await;
    assert_error(status, &body, 400, "scim_group_role_assignment_group_does_not_exist");
    let (status, body) = scim(Method::PUT, &format!("/{connection_id}"), assign(" ")).await;
    assert_error(
        status,
        &body,
        400,
        "scim_group_role_assignment_does_not_contain_group_id",
    );
    let (status, updated) = scim(Method::PUT, &format!("/{connection_id}"), assign(&group_ids[0])).await;
    assert_eq!(status, 200, "{updated}");
    assert_eq!(
        updated["data"]["connection"]["scim_group_implicit_role_assignments"],
        json!([{ "role_id": "stytch_admin", "group_id": group_ids[0], "group_name": "Engineering" }])
    );
    let (status, body) = scim(
        Method::PUT,
        "/scim-connection-test-other",
        json!({ "display_name": "x" }),
    )
    .await;
    assert_error(status, &body, 404, "no_active_scim_connection");
    let reader = api.teammate(&admin, "reader@example.net").await;
    for (method, path, body) in [
        (Method::GET, "/b2b/scim", json!({})),
        (
            Method::POST,
            "/b2b/scim/rotate/start",
            json!({ "connection_id": connection_id }),
        ),
        (Method::DELETE, &format!("/b2b/scim/{connection_id}"), json!({})),
    ] {
        let (status, refused) = api.sdk(method, path, Some(&reader), body).await;
        assert_error(status, &refused, 403, "session_authorization_error");
    }

    // A rotation: both tokens work until it completes, then only the new one.
    let rotate = |step: &str| {
        scim(
            Method::POST,
            &format!("/rotate/{step}"),
            json!({ "connection_id": connection_id }),
        )
    };
    let (status, body) = rotate("complete").await;
    assert_error(status, &body, 400, "scim_connection_not_rotating_token");
    let (status, started) = rotate("start").await;
    assert_eq!(status, 200, "{started}");
    let second = started["data"]["connection"]["next_bearer_token"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(
        started["data"]["connection"]["bearer_token_last_four"].as_str(),
        Some(&first[44..])
    );
    for token in [&first, &second] {
        let (status, listed) = scim_protocol(&api, Method::GET, &groups_url, token, None).await;
        assert_eq!(
            (status.as_u16(), listed["totalResults"].as_u64()),
            (200, Some(2)),
            "{listed}"
        );
    }
    let (_, read) = scim(Method::GET, "", json!({})).await;
    assert_eq!(
        read["data"]["connection"]["next_bearer_token_last_four"].as_str(),
        Some(&second[44..])
    );
    let (status, completed) = rotate("complete").await;
    assert_eq!(status, 200, "{completed}");
    assert_eq!(
        completed["data"]["connection"]["bearer_token_last_four"].as_str(),
        Some(&second[44..])
    );
    assert!(
        completed["data"]["connection"]
            .get("next_bearer_token_last_four")
            .is_none()
    );
    let (status, _) = scim_protocol(&api, Method::GET, &groups_url, &first, None).await;
    assert_eq!(status, 401, "the replaced token is refused");
    assert_eq!(
        api.whoami(&admin).await["organization"]["scim_active_connection"]["bearer_token_last_four"].as_str(),
        Some(&second[44..])
    );
    // A cancelled rotation drops the next token and keeps the current one.
    let (_, started) = rotate("start").await;
    let third = started["data"]["connection"]["next_bearer_token"]
        .as_str()
        .unwrap()
        .to_owned();
    let (status, _) = rotate("cancel").await;
    assert_eq!(status, 200);
    let (status, _) = scim_protocol(&api, Method::GET, &groups_url, &third, None).await;
    assert_eq!(status, 401);

    // A group the provider removes takes its role assignment along.
    let (status, _) = scim_protocol(
        &api,
        Method::DELETE,
        &format!("{groups_url}/{}", group_ids[0]),
        &second,
        None,
    )
    .await;
    assert_eq!(status, 204);
    let (_, read) = scim(Method::GET, "", json!({})).await;
    assert_eq!(
        read["data"]["connection"]["scim_group_implicit_role_assignments"],
        json!([])
    );

    // Tokens expire a year after they were issued.
    api.advance(366 * 24 * 3600).await;
    let (status, _) = scim_protocol(&api, Method::GET, &groups_url, &second, None).await;
    assert_eq!(status, 401, "an expired token is refused");

    // Deleting the connection ends it everywhere; the backend can then create another.
    let (status, body) = api
        .backend(
            Method::DELETE,
            &format!("/scim/{organization_id}/connection/{connection_id}"),
            None,
        )
        .await;
    assert_eq!(
        (status.as_u16(), body["connection_id"].as_str()),
        (200, Some(connection_id.as_str())),
        "{body}"
    );
    let (status, body) = api
        .backend(Method::GET, &format!("/scim/{organization_id}/connection"), None)
        .await;
    assert_error(status, &body, 404, "no_active_scim_connection");
    let (_, organization) = api
        .backend(Method::GET, &format!("/organizations/{organization_id}"), None)
        .await;
    assert!(
        organization["organization"]["scim_active_connection"].is_null(),
        "{organization}"
    );
    let (status, _) = scim_protocol(&api, Method::GET, &groups_url, &second, None).await;
    assert_eq!(status, 401);
    let (status, body) = api
        .backend(
            Method::POST,
            &format!("/scim/{organization_id}/connection"),
            Some(json!({})),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["connection"]["identity_provider"], "generic");
}

#[tokio::test]
async fn deleting_an_organization_takes_its_sso_and_scim_connections_along_and_the_external_ones_through_them() {
    let api = Api::start(Seed::None);
    let (status, created) = api
        .backend(
            Method::POST,
            "/organizations",
            Some(json!({ "organization_name": "Short-lived", "organization_slug": "short-lived" })),
        )
        .await;
    assert_eq!(status, 200, "{created}");
    let organization_id = created["organization"]["organization_id"].as_str().unwrap().to_owned();
    let mut oidc = String::new();
    for path in [
        format!("/sso/saml/{organization_id}"),
        format!("/sso/oidc/{organization_id}"),
        format!("/scim/{organization_id}/connection"),
    ] {
        let (status, body) = api.backend(Method::POST, &path, Some(json!({}))).await;
        assert_eq!(status, 200, "{path}: {body}");
        if path.contains("oidc") {
            oidc = body["connection"]["connection_id"].as_str().unwrap().to_owned();
        }
    }
    // Another organization signs in through its OIDC connection.
    let settings = support::live_oidc(json!({}));
    let path = format!("/sso/oidc/{organization_id}/connections/{oidc}");
    assert_eq!(api.backend(Method::PUT, &path, Some(settings)).await.0, 200);
    let (_, customer) = api
        .backend(
            Method::POST,
            "/organizations",
            Some(json!({ "organization_name": "Customer", "organization_slug": "customer" })),
        )
        .await;
    let customer = customer["organization"]["organization_id"].as_str().unwrap().to_owned();
    let external = json!({ "external_organization_id": organization_id, "external_connection_id": oidc });
    let (status, body) = api
        .backend(Method::POST, &format!("/sso/external/{customer}"), Some(external))
        .await;
    assert_eq!(status, 200, "{body}");

    let (status, _) = api
        .backend(Method::DELETE, &format!("/organizations/{organization_id}"), None)
        .await;
    assert_eq!(status, 200);
    let (_, state) = api.send(Method::GET, "/emulator/v1/state", None, None).await;
    assert_eq!(state["store"]["sso_connections"], json!([]), "{state}");
    assert_eq!(state["store"]["scim_connections"], json!([]), "{state}");
    let (_, customer) = api
        .backend(Method::GET, &format!("/organizations/{customer}"), None)
        .await;
    assert_eq!(
        customer["organization"]["sso_active_connections"],
        json!([]),
        "{customer}"
    );
}

/// The roles a member holds through SCIM groups, as `(role_id, group_id)`.
fn scim_roles(member: &Value) -> Vec<(String, String)> {
    member["roles"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|role| {
            role["sources"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|s| s["type"] == "scim_connection_group")
                .map(|s| {
                    (
                        role["role_id"].as_str().unwrap().to_owned(),
                        s["details"]["group_id"].as_str().unwrap().to_owned(),
                    )
                })
        })
        .collect()
}

#[tokio::test]
async fn an_identity_provider_provisions_members_whose_groups_give_them_roles_and_offboards_them() {
    let api = Api::start(Seed::None);
    let (admin, _) = api.session("owner@example.io", "directory").await;
    let organization_id = api.whoami(&admin).await["organization"]["organization_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let (status, created) = api
        .sdk(
            Method::POST,
            "/b2b/scim",
            Some(&admin),
            json!({ "identity_provider": "microsoft-entra" }),
        )
        .await;
    assert_eq!(status, 200, "{created}");
    let connection_id = created["data"]["connection"]["connection_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let token = created["data"]["connection"]["bearer_token"]
        .as_str()
        .unwrap()
        .to_owned();
    let base = created["data"]["connection"]["base_url"].as_str().unwrap().to_owned();
    let member = |member_id: String| {
        let api = &api;
        let path = format!("/organizations/{organization_id}/member?member_id={member_id}");
        async move {
            let (status, body) = api.backend(Method::GET, &path, None).await;
            assert_eq!(status, 200, "{body}");
            body["member"].clone()
        }
    };

    // Provisioned: an active member registered to the connection.
    let grace = json!({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
        "userName": "Grace@Example.io",
        "name": { "givenName": "Grace", "familyName": "Hopper" },
        "externalId": "00u-grace",
        "active": true,
    });
    let (status, user) = scim_protocol(
        &api,
        Method::POST,
        &format!("{base}/Users"),
        &token,
        Some(grace.clone()),
    )
    .await;
    assert_eq!(status, 201, "{user}");
    assert_eq!(
        (user["userName"].as_str(), user["active"].as_bool()),
        (Some("grace@example.io"), Some(true))
    );
    let grace_id = user["id"].as_str().unwrap().to_owned();
    let stored = member(grace_id.clone()).await;
    assert_eq!(
        (stored["status"].as_str(), stored["name"].as_str()),
        (Some("active"), Some("Grace Hopper"))
    );
    assert_eq!(stored["scim_registration"]["connection_id"], connection_id.as_str());
    assert_eq!(stored["scim_registration"]["external_id"], "00u-grace");
    let (status, again) = scim_protocol(&api, Method::POST, &format!("{base}/Users"), &token, Some(grace)).await;
    assert_scim_refused(status, &again, 409, "uniqueness");
    let (status, found) = scim_protocol(
        &api,
        Method::GET,
        &format!("{base}/Users?filter=userName%20eq%20%22grace%40example.io%22"),
        &token,
        None,
    )
    .await;
    assert_eq!(
        (status.as_u16(), found["totalResults"].as_u64()),
        (200, Some(1)),
        "{found}"
    );
    let (status, refused) = scim_protocol(
        &api,
        Method::GET,
        &format!("{base}/Users?filter=emails%20co%20%22grace%22"),
        &token,
        None,
    )
    .await;
    assert_scim_refused(status, &refused, 400, "invalidFilter");
    let (status, nobody) = scim_protocol(
        &api,
        Method::GET,
        &format!("{base}/Users?filter=userName%20eq%20%22nobody%40example.io%22"),
        &token,
        None,
    )
    .await;
    assert_eq!((status.as_u16(), nobody["totalResults"].as_u64()), (200, Some(0)));

    // A group with her in it, given stytch_admin: she holds it through the group.
    let group = scim_created(
        &api,
        &format!("{base}/Groups"),
        &token,
        json!({ "displayName": "Admins", "members": [{ "value": grace_id }] }),
    )
    .await;
    let group_id = group["id"].as_str().unwrap().to_owned();
    let (status, updated) = api
        .sdk(
            Method::PUT,
            &format!("/b2b/scim/{connection_id}"),
            Some(&admin),
            json!({ "connection_id": connection_id, "scim_group_implicit_role_assignments": [{ "role_id": "stytch_admin", "group_id": group_id }] }),
        )
        .await;
    assert_eq!(status, 200, "{updated}");
    let admin_through_group = vec![("stytch_admin".to_owned(), group_id.clone())];
    assert_eq!(scim_roles(&member(grace_id.clone()).await), admin_through_group);
    assert_eq!(member(grace_id.clone()).await["is_admin"], true);

    // She signs in; the group's role is in her session.
    let (status, _) = api
        .backend(
            Method::POST,
            "/magic_links/email/login_or_signup",
            Some(json!({ "organization_id": organization_id, "email_address": "grace@example.io" })),
        )
        .await;
    assert_eq!(status, 200);
    let (_, outbox) = api
        .send(Method::GET, "/emulator/v1/messages?to=grace@example.io", None, None)
        .await;
    let link = outbox["messages"].as_array().unwrap().last().unwrap()["token"].clone();
    let (status, signed_in) = api
        .backend(
            Method::POST,
            "/magic_links/authenticate",
            Some(json!({ "magic_links_token": link })),
        )
        .await;
    assert_eq!(status, 200, "{signed_in}");
    let session = signed_in["session_token"].as_str().unwrap().to_owned();
    assert!(
        api.whoami(&session).await["member_session"]["roles"]
            .to_string()
            .contains("stytch_admin")
    );

    // Out of the group (the filter form Entra sends), the role goes; back in, it returns.
    let patch = |operations: Value| {
        let url = format!("{base}/Groups/{group_id}");
        let token = token.clone();
        let api = &api;
        async move {
            scim_protocol(
                api,
                Method::PATCH,
                &url,
                &token,
                Some(json!({ "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": operations })),
            )
            .await
        }
    };
    let (status, left) = patch(json!([{ "op": "Remove", "path": format!("members[value eq \"{grace_id}\"]") }])).await;
    assert_eq!((status.as_u16(), left["members"].clone()), (200, json!([])), "{left}");
    assert!(scim_roles(&member(grace_id.clone()).await).is_empty());
    assert!(
        !api.whoami(&session).await["member_session"]["roles"]
            .to_string()
            .contains("stytch_admin")
    );
    let (status, joined) = patch(json!([{ "op": "add", "path": "members", "value": [{ "value": grace_id }] }])).await;
    assert_eq!(status, 200, "{joined}");
    assert_eq!(scim_roles(&member(grace_id.clone()).await), admin_through_group);
    let (status, body) =
        patch(json!([{ "op": "add", "path": "members", "value": [{ "value": "member-test-stranger" }] }])).await;
    assert_scim_refused(status, &body, 400, "invalidValue");

    // Deactivated (Entra sends the string "False"): deleted, and her session ends.
    let user_url = format!("{base}/Users/{grace_id}");
    let deactivate = json!({ "Operations": [{ "op": "Replace", "path": "active", "value": "False" }] });
    let (status, user) = scim_protocol(&api, Method::PATCH, &user_url, &token, Some(deactivate)).await;
    assert_eq!(
        (status.as_u16(), user["active"].as_bool()),
        (200, Some(false)),
        "{user}"
    );
    assert_eq!(member(grace_id.clone()).await["status"], "deleted");
    let (status, body) = api
        .backend(
            Method::POST,
            "/sessions/authenticate",
            Some(json!({ "session_token": session })),
        )
        .await;
    assert!(status.is_client_error(), "{body}");
    // Reactivated and renamed by a PUT of the whole user.
    let whole =
        json!({ "userName": "grace@example.io", "name": { "formatted": "Rear Admiral Hopper" }, "active": true });
    let (status, user) = scim_protocol(&api, Method::PUT, &user_url, &token, Some(whole)).await;
    assert_eq!((status.as_u16(), user["active"].as_bool()), (200, Some(true)), "{user}");
    let stored = member(grace_id.clone()).await;
    assert_eq!(
        (stored["status"].as_str(), stored["name"].as_str()),
        (Some("active"), Some("Rear Admiral Hopper"))
    );

    // A new address from the directory (Entra's PATCH of the work email; Okta's PUT of the
    // whole user) becomes the member's, unverified; another member's address is a conflict.
    let rename = |path: &str, value: &str| json!({ "Operations": [{ "op": "Replace", "path": path, "value": value }] });
    let (status, user) = scim_protocol(
        &api,
        Method::PATCH,
        &user_url,
        &token,
        Some(rename("emails[type eq \"work\"].value", "Grace.Hopper@Example.io")),
    )
    .await;
    assert_eq!(
        (status.as_u16(), user["userName"].as_str()),
        (200, Some("grace.hopper@example.io")),
        "{user}"
    );
    let stored = member(grace_id.clone()).await;
    assert_eq!(
        (
            stored["email_address"].as_str(),
            stored["email_address_verified"].as_bool()
        ),
        (Some("grace.hopper@example.io"), Some(false))
    );
    let retired = |stored: &Value| -> Vec<String> {
        stored["retired_email_addresses"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["email_address"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(retired(&stored), ["grace@example.io"], "the old address is retired");
    let (status, body) = api
        .backend(
            Method::POST,
            &format!("/organizations/{organization_id}/members"),
            Some(json!({ "email_address": "taken@example.io" })),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let (status, refused) = scim_protocol(
        &api,
        Method::PATCH,
        &user_url,
        &token,
        Some(rename("userName", "taken@example.io")),
    )
    .await;
    assert_scim_refused(status, &refused, 409, "uniqueness");
    let (status, refused) = scim_protocol(
        &api,
        Method::PATCH,
        &user_url,
        &token,
        Some(rename("emails", "not an address")),
    )
    .await;
    assert_scim_refused(status, &refused, 400, "invalidValue");
    assert_eq!(
        member(grace_id.clone()).await["email_address"],
        "grace.hopper@example.io",
        "refusals change nothing"
    );
    let whole = json!({ "userName": "rear.admiral@example.io", "name": { "formatted": "Rear Admiral Hopper" }, "active": true });
    let (status, user) = scim_protocol(&api, Method::PUT, &user_url, &token, Some(whole)).await;
    assert_eq!(
        (status.as_u16(), user["userName"].as_str()),
        (200, Some("rear.admiral@example.io")),
        "{user}"
    );
    assert_eq!(
        retired(&member(grace_id.clone()).await),
        ["grace@example.io", "grace.hopper@example.io"]
    );

    // Deleted outright: gone from the connection's users and its groups.
    let (status, _) = scim_protocol(&api, Method::DELETE, &user_url, &token, None).await;
    assert_eq!(status, 204);
    let (status, _) = scim_protocol(&api, Method::GET, &user_url, &token, None).await;
    assert_eq!(status, 404);
    let stored = member(grace_id.clone()).await;
    assert_eq!(stored["status"], "deleted");
    assert!(scim_roles(&stored).is_empty());
    let (_, group) = scim_protocol(&api, Method::GET, &format!("{base}/Groups/{group_id}"), &token, None).await;
    assert_eq!(group["members"], json!([]));
    // Someone the application created is linked, not duplicated, when the provider names them.
    let (status, body) = api
        .backend(
            Method::POST,
            &format!("/organizations/{organization_id}/members"),
            Some(json!({ "email_address": "ada@example.io" })),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let linked = scim_created(
        &api,
        &format!("{base}/Users"),
        &token,
        json!({ "userName": "ada@example.io" }),
    )
    .await;
    assert_eq!(linked["id"], body["member"]["member_id"]);
}

#[tokio::test]
async fn the_scim_protocol_answers_hostile_bodies_with_scim_errors_never_a_server_error() {
    let api = Api::start(Seed::None);
    let (admin, _) = api.session("owner@example.dev", "hostile-directory").await;
    let (_, created) = api.sdk(Method::POST, "/b2b/scim", Some(&admin), json!({})).await;
    let token = created["data"]["connection"]["bearer_token"]
        .as_str()
        .unwrap()
        .to_owned();
    let base = created["data"]["connection"]["base_url"].as_str().unwrap().to_owned();
    let user = scim_created(
        &api,
        &format!("{base}/Users"),
        &token,
        json!({ "userName": "target@example.dev" }),
    )
    .await;
    let group = scim_created(
        &api,
        &format!("{base}/Groups"),
        &token,
        json!({ "displayName": "Target" }),
    )
    .await;
    let user_url = format!("{base}/Users/{}", user["id"].as_str().unwrap());
    let group_url = format!("{base}/Groups/{}", group["id"].as_str().unwrap());

    let odd = [
        json!(-1),
        json!(""),
        json!("x"),
        json!([1, null]),
        json!({ "value": 5 }),
        Value::Null,
        json!(true),
    ];
    let mut bodies = hostile_bodies();
    for value in &odd {
        for field in [
            "userName",
            "emails",
            "name",
            "active",
            "externalId",
            "displayName",
            "members",
        ] {
            bodies.push(json!({ field: value }).to_string());
        }
        bodies.push(json!({ "Operations": value }).to_string());
        for op in ["add", "remove", "replace", "Replace", "move"] {
            for path in [
                json!("members"),
                json!("active"),
                json!("displayName"),
                json!("members[value eq"),
                Value::Null,
            ] {
                bodies.push(json!({ "Operations": [{ "op": op, "path": path, "value": value }] }).to_string());
            }
        }
    }
    let targets = [
        (Method::POST, format!("{base}/Users")),
        (Method::PATCH, user_url.clone()),
        (Method::PUT, user_url.clone()),
        (Method::POST, format!("{base}/Groups")),
        (Method::PATCH, group_url.clone()),
    ];
    let mut sent = 0;
    for (method, url) in &targets {
        for body in &bodies {
            let response = api
                .http
                .request(method.clone(), url)
                .bearer_auth(&token)
                .header("content-type", "application/scim+json")
                .body(body.clone())
                .send()
                .await
                .unwrap();
            sent += 1;
            let status = response.status();
            let text = response.text().await.unwrap();
            let call = format!("{method} {url} with {body:.80}");
            assert!(status.as_u16() < 500, "{call}: {status} {text}");
            if status.is_client_error() {
                let json: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{call}: {e}: {text}"));
                assert!(
                    json["schemas"]
                        .to_string()
                        .contains("urn:ietf:params:scim:api:messages:2.0:Error"),
                    "{call}: {json}"
                );
            }
        }
    }
    assert!(sent > 1_000, "only {sent} requests were sent");
    // Without the connection's token nothing is read: a broken body is 401, not 400.
    for (method, url) in &targets {
        let response = api
            .http
            .request(method.clone(), url)
            .bearer_auth("not-the-token")
            .body("{")
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 401, "{method} {url}");
    }
    // Whatever they changed, the state is still whole: another emulator takes it.
    let (status, state) = api.send(Method::GET, "/emulator/v1/state", None, None).await;
    assert_eq!(status, 200, "{state}");
    let other = Api::start(Seed::None);
    let (status, imported) = other
        .send(Method::PUT, "/emulator/v1/state", None, Some(state.to_string()))
        .await;
    assert_eq!(status, 200, "{imported}");
}

#[tokio::test]
async fn external_ids_are_removed_members_found_by_id_alone_and_organizations_counted() {
    let api = Api::start(Seed::None);
    let (status, created) = api
        .backend(
            Method::POST,
            "/organizations",
            Some(json!({ "organization_name": "Ext Co", "organization_slug": "ext-co", "organization_external_id": "crm-7" })),
        )
        .await;
    assert_eq!(status, 200, "{created}");
    let organization_id = created["organization"]["organization_id"].as_str().unwrap().to_owned();
    let mut members = Vec::new();
    for (email, external_id) in [("a@ext.example", "hr-1"), ("b@ext.example", "hr-2")] {
        let (status, member) = api
            .backend(
                Method::POST,
                &format!("/organizations/{organization_id}/members"),
                Some(json!({ "email_address": email, "external_id": external_id })),
            )
            .await;
        assert_eq!(status, 200, "{member}");
        members.push(member["member_id"].as_str().unwrap().to_owned());
    }
    let metrics_path = format!("/organizations/{organization_id}/metrics");
    let metrics = || async { api.backend(Method::GET, &metrics_path, None).await.1["member_count"].clone() };
    assert_eq!(metrics().await, 2);

    let (status, cleared) = api
        .backend(
            Method::DELETE,
            &format!("/organizations/{organization_id}/external_id"),
            None,
        )
        .await;
    assert_eq!(status, 200, "{cleared}");
    assert!(
        cleared["organization"]["organization_external_id"].is_null(),
        "{cleared}"
    );
    let (_, fetched) = api
        .backend(Method::GET, &format!("/organizations/{organization_id}"), None)
        .await;
    assert!(
        fetched["organization"]["organization_external_id"].is_null(),
        "kept: {fetched}"
    );

    let member_path = format!("/organizations/{organization_id}/members/{}", members[0]);
    let (status, cleared) = api
        .backend(Method::DELETE, &format!("{member_path}/external_id"), None)
        .await;
    assert_eq!(status, 200, "{cleared}");
    assert!(cleared["member"]["external_id"].is_null(), "{cleared}");
    assert_eq!(cleared["organization"]["organization_id"], organization_id.as_str());

    // By ID alone; a deleted member only when asked for.
    let (status, found) = api
        .backend(
            Method::GET,
            &format!("/organizations/members/dangerously_get/{}", members[1]),
            None,
        )
        .await;
    assert_eq!(status, 200, "{found}");
    assert_eq!(
        (
            found["member"]["external_id"].as_str(),
            found["organization"]["organization_slug"].as_str()
        ),
        (Some("hr-2"), Some("ext-co"))
    );
    api.backend(
        Method::DELETE,
        &format!("/organizations/{organization_id}/members/{}", members[1]),
        None,
    )
    .await;
    assert_eq!(metrics().await, 1, "a deleted member is not counted");
    let by_id = format!("/organizations/members/dangerously_get/{}", members[1]);
    let (status, refused) = api.backend(Method::GET, &by_id, None).await;
    assert_eq!(
        (status.as_u16(), refused["error_type"].as_str()),
        (404, Some("member_not_found")),
        "{refused}"
    );
    let (status, found) = api
        .backend(Method::GET, &format!("{by_id}?include_deleted=true"), None)
        .await;
    assert_eq!(
        (status.as_u16(), found["member"]["status"].as_str()),
        (200, Some("deleted")),
        "{found}"
    );

    for path in [
        "/organizations/organization-test-nobody/metrics".to_owned(),
        "/organizations/members/dangerously_get/member-test-nobody".to_owned(),
        format!("/organizations/{organization_id}/members/member-test-nobody/external_id"),
    ] {
        let method = if path.ends_with("external_id") {
            Method::DELETE
        } else {
            Method::GET
        };
        let (status, refused) = api.backend(method, &path, None).await;
        assert_eq!(status, 404, "{path}: {refused}");
    }
}
