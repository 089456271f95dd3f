//! The primary methods over HTTP: email codes, passwords (strength, resets), simulated OAuth
//! providers, organization search, and primary step-up combining factors on one IST.

use base64::Engine;
use reqwest::{Client, StatusCode, redirect::Policy};
use serde_json::{Value, json};
use stytch_emulator::{DEFAULT_PUBLIC_TOKEN, EmulatorConfig, EmulatorHandle, Seed};

mod support;

const PASSWORD: &str = "Arc-Reactor-Mark-42";

struct Api {
    base: String,
    http: Client,
    _emulator: EmulatorHandle,
}

impl Api {
    fn start() -> Self {
        let emulator = stytch_emulator::spawn(EmulatorConfig {
            seed: Seed::Demo,
            slug_pattern: Some("http://localhost:8080/org/{{slug}}".into()),
            ..EmulatorConfig::for_tests()
        })
        .unwrap();
        Api {
            base: emulator.url(),
            http: Client::builder().redirect(Policy::none()).build().unwrap(),
            _emulator: emulator,
        }
    }

    async fn sdk(&self, path: &str, session: Option<&str>, body: Value) -> (StatusCode, Value) {
        let credentials = format!("{DEFAULT_PUBLIC_TOKEN}:{}", session.unwrap_or(DEFAULT_PUBLIC_TOKEN));
        let auth = format!(
            "Basic {}",
            base64::engine::general_purpose::STANDARD.encode(credentials)
        );
        let response = self
            .http
            .post(format!("{}/sdk/v1{path}", self.base))
            .header("authorization", auth)
            .json(&body)
            .send()
            .await
            .unwrap();
        let status = response.status();
        let text = response.text().await.unwrap();
        (
            status,
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}: {text}")),
        )
    }

    async fn ok(&self, path: &str, session: Option<&str>, body: Value) -> Value {
        let (status, json) = self.sdk(path, session, body).await;
        assert_eq!(status, 200, "{path}: {json}");
        json["data"].clone()
    }

    async fn error(&self, path: &str, body: Value, status: u16, error_type: &str) {
        let (got, json) = self.sdk(path, None, body).await;
        assert_eq!(
            (got.as_u16(), json["error_type"].as_str()),
            (status, Some(error_type)),
            "{path}: {json}"
        );
    }

    async fn last_message(&self, to: &str) -> Value {
        let url = format!("{}/emulator/v1/messages?to={to}", self.base);
        let outbox: Value = self.http.get(url).send().await.unwrap().json().await.unwrap();
        outbox["messages"]
            .as_array()
            .unwrap()
            .last()
            .cloned()
            .expect("a message")
    }

    /// Submits a simulated provider's consent form: the status and the redirect's location.
    async fn consent(&self, provider: &str, form: &[(&str, &str)]) -> (StatusCode, String) {
        let response = self
            .http
            .post(format!("{}/v1/b2b/public/oauth/{provider}/consent", self.base))
            .form(&[&[("public_token", DEFAULT_PUBLIC_TOKEN)], form].concat())
            .send()
            .await
            .unwrap();
        let location = response.headers()["location"].to_str().unwrap().to_owned();
        (response.status(), location)
    }

    /// `oauth/discovery/authenticate` with a discovery OAuth token.
    async fn oauth_discover(&self, token: &str) -> Value {
        self.ok(
            "/b2b/oauth/discovery/authenticate",
            None,
            json!({ "discovery_oauth_token": token }),
        )
        .await
    }
}

/// The token a redirect location carries.
fn token_of(location: &str) -> &str {
    location.rsplit("token=").next().unwrap()
}

/// The discovered organization with this slug, if any.
fn find_org<'a>(discovery: &'a Value, slug: &str) -> Option<&'a Value> {
    discovery["discovered_organizations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["organization"]["organization_slug"] == slug)
}

fn org_id<'a>(discovery: &'a Value, slug: &str) -> &'a Value {
    &find_org(discovery, slug).unwrap_or_else(|| panic!("{slug} not discovered: {discovery}"))["organization"]["organization_id"]
}

#[tokio::test]
async fn email_codes_discovery_and_organization_scoped() {
    let api = Api::start();
    api.ok(
        "/b2b/otps/email/discovery/send",
        None,
        json!({ "email_address": "ada@example.com" }),
    )
    .await;
    let code = api.last_message("ada@example.com").await["code"]
        .as_str()
        .unwrap()
        .to_owned();
    let wrong = format!("{:06}", (code.parse::<u32>().unwrap() + 1) % 1_000_000);
    api.error(
        "/b2b/otps/email/discovery/authenticate",
        json!({ "email_address": "ada@example.com", "code": wrong }),
        401,
        "unable_to_auth_otp_code",
    )
    .await;
    let discovered = api
        .ok(
            "/b2b/otps/email/discovery/authenticate",
            None,
            json!({ "email_address": "ada@example.com", "code": code }),
        )
        .await;
    assert!(discovered["intermediate_session_token"].as_str().unwrap().len() > 20);
    api.error(
        "/b2b/otps/email/discovery/authenticate",
        json!({ "email_address": "ada@example.com", "code": code }),
        404,
        "otp_code_not_found",
    )
    .await;
    // Hooli accepts email codes: this IST is enough there, unlike a magic link's.
    let hooli = find_org(&discovered, "hooli").unwrap();
    assert_eq!(hooli["member_authenticated"], true, "{hooli}");

    // Organization-scoped, as a step-up on a magic-link IST.
    let link_ist = {
        api.ok(
            "/b2b/magic_links/email/discovery/send",
            None,
            json!({ "email_address": "ada@example.com" }),
        )
        .await;
        let token = api.last_message("ada@example.com").await["token"]
            .as_str()
            .unwrap()
            .to_owned();
        api.ok(
            "/b2b/magic_links/discovery/authenticate",
            None,
            json!({ "discovery_magic_links_token": token }),
        )
        .await
    };
    let hooli_id = org_id(&link_ist, "hooli").as_str().unwrap().to_owned();
    let ist = link_ist["intermediate_session_token"].as_str().unwrap();
    let exchanged = api
        .ok(
            "/b2b/discovery/intermediate_sessions/exchange",
            None,
            json!({ "intermediate_session_token": ist, "organization_id": hooli_id }),
        )
        .await;
    assert_eq!(
        exchanged["primary_required"]["allowed_auth_methods"],
        json!(["microsoft_oauth", "email_otp"])
    );
    api.ok(
        "/b2b/otps/email/login_or_signup",
        None,
        json!({ "organization_id": hooli_id, "email_address": "ada@example.com" }),
    )
    .await;
    let message = api.last_message("ada@example.com").await;
    assert_eq!(message["subject"], "Your code to sign in to Hooli");
    let session = api
        .ok(
            "/b2b/otps/email/authenticate",
            None,
            json!({ "organization_id": hooli_id, "email_address": "ada@example.com", "code": message["code"],
                    "intermediate_session_token": ist, "session_duration_minutes": 30 }),
        )
        .await;
    assert_eq!(session["member_authenticated"], true, "{session}");
    let factors: Vec<&str> = session["member_session"]["authentication_factors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["type"].as_str().unwrap())
        .collect();
    assert_eq!(
        factors,
        ["magic_link", "email_otp"],
        "the step-up keeps the first factor"
    );
    assert!(session["method_id"].as_str().unwrap().starts_with("email-test-"));
}

#[tokio::test]
async fn passwords_strength_resets_and_the_verify_email_step_up() {
    let api = Api::start();
    let stark = api
        .ok(
            "/b2b/organizations/search",
            None,
            json!({ "organization_slug": "stark" }),
        )
        .await;
    let stark_id = stark["organization"]["organization_id"].as_str().unwrap().to_owned();
    assert_eq!(stark["organization"]["organization_name"], "Stark Industries");
    assert!(stark["organization"].get("members").is_none() && stark["organization"].get("mfa_methods").is_none());
    let missing = api
        .ok(
            "/b2b/organizations/search",
            None,
            json!({ "organization_slug": "nope" }),
        )
        .await;
    assert!(missing["organization"].is_null());

    let weak = api
        .ok("/b2b/passwords/strength_check", None, json!({ "password": "password" }))
        .await;
    assert_eq!(
        (weak["valid_password"].as_bool(), weak["breached_password"].as_bool()),
        (Some(false), Some(true))
    );
    assert_eq!(weak["strength_policy"], "zxcvbn");
    assert!(weak["luds_feedback"]["has_lower_case"].as_bool().unwrap());
    let strong = api
        .ok("/b2b/passwords/strength_check", None, json!({ "password": PASSWORD }))
        .await;
    assert_eq!(strong["valid_password"], true, "{strong}");

    let login = |email: &str, password: &str| json!({ "organization_id": stark_id, "email_address": email, "password": password, "session_duration_minutes": 30 });
    api.error(
        "/b2b/passwords/authenticate",
        login("tony@stark.example", "nope"),
        401,
        "unauthorized_credentials",
    )
    .await;
    let tony = api
        .ok(
            "/b2b/passwords/authenticate",
            None,
            login("tony@stark.example", PASSWORD),
        )
        .await;
    assert_eq!(tony["member_authenticated"], true);
    assert_eq!(
        tony["member_session"]["authentication_factors"][0]["delivery_method"],
        "knowledge"
    );

    // Pepper's email is unverified: a password alone is not enough.
    let pepper = api
        .ok(
            "/b2b/passwords/authenticate",
            None,
            login("pepper@stark.example", PASSWORD),
        )
        .await;
    assert_eq!(pepper["member_authenticated"], false);
    let allowed = &pepper["primary_required"]["allowed_auth_methods"];
    assert_eq!(
        allowed,
        &json!(["magic_link", "email_otp", "google_oauth", "microsoft_oauth"])
    );
    let ist = pepper["intermediate_session_token"].as_str().unwrap();
    api.ok(
        "/b2b/magic_links/email/login_or_signup",
        None,
        json!({ "organization_id": stark_id, "email_address": "pepper@stark.example" }),
    )
    .await;
    let token = api.last_message("pepper@stark.example").await["token"].clone();
    let verified = api
        .ok(
            "/b2b/magic_links/authenticate",
            None,
            json!({ "magic_links_token": token, "intermediate_session_token": ist, "session_duration_minutes": 30 }),
        )
        .await;
    assert_eq!(verified["member_authenticated"], true, "{verified}");
    assert_eq!(verified["member"]["email_address_verified"], true);

    // Reset by email: weak passwords refused, then every session of the member is revoked.
    let tony_session = tony["session_token"].as_str().unwrap().to_owned();
    api.ok(
        "/b2b/passwords/email/reset/start",
        None,
        json!({ "organization_id": stark_id, "email_address": "tony@stark.example" }),
    )
    .await;
    let reset = api.last_message("tony@stark.example").await;
    assert!(
        reset["link"]
            .as_str()
            .unwrap()
            .contains("stytch_token_type=multi_tenant_passwords")
    );
    assert!(
        reset["link"]
            .as_str()
            .unwrap()
            .contains("stytch_redirect_type=reset_password")
    );
    api.error(
        "/b2b/passwords/email/reset",
        json!({ "password_reset_token": reset["token"], "password": "tony123" }),
        400,
        "weak_password",
    )
    .await;
    let new_password = "Mark-85-Bleeding-Edge!";
    let after = api
        .ok(
            "/b2b/passwords/email/reset",
            None,
            json!({ "password_reset_token": reset["token"], "password": new_password, "session_duration_minutes": 30 }),
        )
        .await;
    assert_eq!(after["member_authenticated"], true);
    let (status, _) = api
        .sdk("/b2b/sessions/authenticate", Some(&tony_session), json!({}))
        .await;
    assert_eq!(status, 404, "the old session was revoked by the reset");
    api.error(
        "/b2b/passwords/authenticate",
        login("tony@stark.example", PASSWORD),
        401,
        "unauthorized_credentials",
    )
    .await;

    // By the existing password, then by session.
    let third = "Jarvis-Friday-Edith-3000";
    let existing = api
        .ok(
            "/b2b/passwords/existing_password/reset",
            None,
            json!({ "organization_id": stark_id, "email_address": "tony@stark.example", "existing_password": new_password,
                    "new_password": third, "session_duration_minutes": 30 }),
        )
        .await;
    let session = existing["session_token"].as_str().unwrap().to_owned();
    let fourth = "Stark-Expo-1974-Flushing";
    let by_session = api
        .ok(
            "/b2b/passwords/session/reset",
            Some(&session),
            json!({ "password": fourth }),
        )
        .await;
    assert_eq!(by_session["member"]["email_address"], "tony@stark.example");
    api.ok("/b2b/passwords/authenticate", None, login("tony@stark.example", fourth))
        .await;
    // On the backend, the new session carries the claims sent with the reset.
    let fifth = "Malibu-Point-10880-Mark42";
    let (status, backend_reset) = api
        .backend(
            reqwest::Method::POST,
            "/passwords/existing_password/reset",
            Some(
                json!({ "organization_id": stark_id, "email_address": "tony@stark.example",
                         "existing_password": fourth, "new_password": fifth,
                         "session_custom_claims": { "reset": "existing" } }),
            ),
        )
        .await;
    assert_eq!(status, 200, "{backend_reset}");
    assert_eq!(
        backend_reset["member_session"]["custom_claims"],
        json!({ "reset": "existing" })
    );

    // Discovery (cross-organization) passwords.
    let discovered = api
        .ok(
            "/b2b/passwords/discovery/authenticate",
            None,
            json!({ "email_address": "tony@stark.example", "password": fifth }),
        )
        .await;
    assert_eq!(org_id(&discovered, "stark"), &json!(stark_id));
}

#[tokio::test]
async fn a_discovery_reset_sets_the_password_of_every_membership() {
    let api = Api::start();
    let ada = "ada@example.com";
    api.error(
        "/b2b/passwords/discovery/reset/start",
        json!({ "email_address": "nobody@example.com" }),
        404,
        "email_not_found",
    )
    .await;
    // RFC 7636 appendix B's pair.
    let (verifier, challenge) = (
        "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk",
        "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
    );
    api.ok(
        "/b2b/passwords/discovery/reset/start",
        None,
        json!({ "email_address": "Ada@Example.com", "pkce_code_challenge": challenge }),
    )
    .await;
    let reset = api.last_message(ada).await;
    let link = reset["link"].as_str().unwrap();
    assert!(link.contains("stytch_redirect_type=reset_password") && link.contains("stytch_token_type=discovery"));
    let token = reset["token"].clone();

    // Not an organization-scoped token; the verifier is required; weak passwords are refused.
    api.error(
        "/b2b/passwords/email/reset",
        json!({ "password_reset_token": token, "password": PASSWORD, "session_duration_minutes": 30 }),
        404,
        "magic_link_not_found",
    )
    .await;
    api.error(
        "/b2b/passwords/discovery/reset",
        json!({ "password_reset_token": token, "password": PASSWORD }),
        400,
        "pkce_expected_code_verifier",
    )
    .await;
    api.error(
        "/b2b/passwords/discovery/reset",
        json!({ "password_reset_token": token, "password": "ada123", "pkce_code_verifier": verifier }),
        400,
        "weak_password",
    )
    .await;

    let discovered = api
        .ok(
            "/b2b/passwords/discovery/reset",
            None,
            json!({ "password_reset_token": token, "password": PASSWORD, "pkce_code_verifier": verifier }),
        )
        .await;
    assert!(!discovered["intermediate_session_token"].as_str().unwrap().is_empty());
    assert_eq!(discovered["email_address"], ada);
    let slugs: Vec<&str> = discovered["discovered_organizations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["organization"]["organization_slug"].as_str().unwrap())
        .collect();
    assert!(slugs.contains(&"acme") && slugs.contains(&"hooli"), "{slugs:?}");
    api.error(
        "/b2b/passwords/discovery/reset",
        json!({ "password_reset_token": token, "password": PASSWORD, "pkce_code_verifier": verifier }),
        404,
        "magic_link_not_found",
    )
    .await;

    // The new password works across organizations and in each one.
    api.ok(
        "/b2b/passwords/discovery/authenticate",
        None,
        json!({ "email_address": ada, "password": PASSWORD }),
    )
    .await;
    let acme = api
        .ok(
            "/b2b/organizations/search",
            None,
            json!({ "organization_slug": "acme" }),
        )
        .await;
    let signed_in = api
        .ok(
            "/b2b/passwords/authenticate",
            None,
            json!({ "organization_id": acme["organization"]["organization_id"], "email_address": ada, "password": PASSWORD, "session_duration_minutes": 30 }),
        )
        .await;
    assert_eq!(signed_in["member_authenticated"], true, "{signed_in}");
}

#[tokio::test]
async fn simulated_github_needs_an_email_step_up_to_join_by_domain() {
    let api = Api::start();
    let start = format!(
        "{}/v1/b2b/public/oauth/github/start?public_token={DEFAULT_PUBLIC_TOKEN}&slug=umbrella&login_redirect_url=http%3A%2F%2Flocalhost%3A8080%2Fauthenticate&signup_redirect_url=http%3A%2F%2Flocalhost%3A8080%2Fauthenticate",
        api.base
    );
    let page = api.http.get(&start).send().await.unwrap();
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(
        html.contains("Sign in with GitHub") && html.contains("Umbrella"),
        "{html}"
    );
    assert!(html.contains(r#"<label for="email">Email</label>"#));

    let bad = api
        .http
        .get(start.replace("public_token=", "public_token=x"))
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), 401);

    let (status, location) = api
        .consent(
            "github",
            &[
                ("slug", "umbrella"),
                ("signup_redirect_url", "http://localhost:8080/authenticate"),
                ("email", "newcomer@umbrella.example"),
                ("name", "New Comer"),
                ("tenant", "umbrella-labs"),
            ],
        )
        .await;
    assert_eq!(status, 303);
    assert!(
        location.starts_with("http://localhost:8080/authenticate?stytch_token_type=oauth&token="),
        "{location}"
    );
    let token = token_of(&location);

    let joined = api
        .ok(
            "/b2b/oauth/authenticate",
            None,
            json!({ "oauth_token": token, "session_duration_minutes": 30 }),
        )
        .await;
    assert_eq!(
        joined["member_authenticated"], false,
        "GitHub does not verify the email"
    );
    assert_eq!(joined["provider_type"], "GitHub");
    assert!(
        joined["provider_values"]["access_token"]
            .as_str()
            .unwrap()
            .starts_with("emulated-github-access-")
    );
    assert_eq!(joined["primary_required"]["allowed_auth_methods"][0], "magic_link");
    api.error(
        "/b2b/oauth/authenticate",
        json!({ "oauth_token": token }),
        404,
        "oauth_token_not_found",
    )
    .await;

    let ist = joined["intermediate_session_token"].as_str().unwrap();
    let umbrella = joined["organization"]["organization_id"].as_str().unwrap();
    api.ok(
        "/b2b/magic_links/email/login_or_signup",
        None,
        json!({ "organization_id": umbrella, "email_address": "newcomer@umbrella.example" }),
    )
    .await;
    let link = api.last_message("newcomer@umbrella.example").await;
    let member = api
        .ok(
            "/b2b/magic_links/authenticate",
            None,
            json!({ "magic_links_token": link["token"], "intermediate_session_token": ist, "session_duration_minutes": 30 }),
        )
        .await;
    assert_eq!(member["member_authenticated"], true, "{member}");
    assert_eq!(member["member"]["status"], "active");
    let types: Vec<&str> = member["member_session"]["authentication_factors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["delivery_method"].as_str().unwrap())
        .collect();
    assert_eq!(types, ["oauth_github", "email"]);
}

#[tokio::test]
async fn people_from_an_allowed_slack_workspace_join_without_a_verified_email() {
    let api = Api::start();
    let api = &api;
    let discover = |tenant: &'static str| async move {
        let (_, location) = api
            .consent(
                "slack",
                &[
                    ("discovery", "true"),
                    ("email", "lucius@wayne.example"),
                    ("tenant", tenant),
                ],
            )
            .await;
        api.oauth_discover(token_of(&location)).await
    };
    let wayne_of = |discovery: &Value| find_org(discovery, "wayne").cloned();

    let elsewhere = discover("T0ELSEWHERE").await;
    assert!(wayne_of(&elsewhere).is_none(), "another workspace is not eligible");

    let discovery = discover("T0WAYNE").await;
    assert_eq!(discovery["provider_tenant_id"], "T0WAYNE");
    let wayne = wayne_of(&discovery).expect("Wayne Enterprises is discovered");
    assert_eq!(wayne["membership"]["type"], "eligible_to_join_by_oauth_tenant");
    assert_eq!(
        wayne["membership"]["details"],
        json!({ "provider": "slack", "tenant": "T0WAYNE" })
    );
    assert_eq!(wayne["member_authenticated"], true, "{wayne}");
    let joined = api
        .ok(
            "/b2b/discovery/intermediate_sessions/exchange",
            None,
            json!({
                "intermediate_session_token": discovery["intermediate_session_token"],
                "organization_id": wayne["organization"]["organization_id"],
                "session_duration_minutes": 30,
            }),
        )
        .await;
    assert_eq!(joined["member_authenticated"], true, "{joined}");
    assert_eq!(joined["member"]["status"], "active");
    assert_eq!(joined["member"]["email_address"], "lucius@wayne.example");

    // The same rule signs a newcomer straight into the organization from its own login page.
    let sign_in_directly = || async move {
        let identity = [
            ("slug", "wayne"),
            ("email", "alfred@wayne.example"),
            ("tenant", "T0WAYNE"),
        ];
        let (_, location) = api.consent("slack", &identity).await;
        let body = json!({ "oauth_token": token_of(&location), "session_duration_minutes": 30 });
        api.ok("/b2b/oauth/authenticate", None, body).await
    };
    let direct = sign_in_directly().await;
    assert_eq!(direct["member_authenticated"], true, "{direct}");
    assert_eq!(direct["member"]["email_address"], "alfred@wayne.example");
    let registrations = &direct["member"]["oauth_registrations"];
    assert_eq!(registrations.as_array().map(Vec::len), Some(1), "{registrations}");
    assert_eq!(registrations[0]["provider_type"], "Slack");
    assert_eq!(registrations[0]["provider_subject"], direct["provider_subject"]);
    assert_eq!(
        registrations[0]["provider_tenants"],
        json!([{ "tenant_id": "T0WAYNE", "tenant_name": "T0WAYNE" }])
    );

    // Signing in again with the same identity keeps the one registration.
    let again = sign_in_directly().await;
    assert_eq!(again["member"]["oauth_registrations"], *registrations);
}

#[tokio::test]
async fn simulated_microsoft_discovery_verifies_and_google_only_for_workspaces() {
    let api = Api::start();
    let api = &api;
    let consent = |provider: &'static str, email: &'static str, hd: &'static str| async move {
        let (_, location) = api
            .consent(
                provider,
                &[("discovery", "true"), ("email", email), ("hosted_domain", hd)],
            )
            .await;
        assert!(location.contains("stytch_token_type=discovery_oauth"), "{location}");
        token_of(&location).to_owned()
    };
    let token = consent("microsoft", "ada@example.com", "").await;
    let discovered = api.oauth_discover(&token).await;
    assert_eq!(discovered["provider_type"], "Microsoft");
    let hooli = find_org(&discovered, "hooli").unwrap();
    assert_eq!(hooli["member_authenticated"], true, "Hooli accepts Microsoft");

    // Initech lets example.com join, with a verified email: a personal Google account is not.
    let personal = consent("google", "carol@example.com", "").await;
    let discovered = api.oauth_discover(&personal).await;
    let initech = find_org(&discovered, "initech").expect("Initech is open to example.com");
    assert_eq!(initech["membership"]["type"], "eligible_to_join_by_email_domain");
    assert!(!initech["primary_required"].is_null(), "{initech}");
    let workspace = consent("google", "dave@example.com", "example.com").await;
    let discovered = api.oauth_discover(&workspace).await;
    let initech = find_org(&discovered, "initech").unwrap();
    assert!(
        initech["primary_required"].is_null(),
        "a Workspace account verifies the email: {initech}"
    );
}

#[tokio::test]
async fn bootstrap_carries_the_slug_pattern() {
    let api = Api::start();
    let url = format!("{}/sdk/v1/projects/bootstrap/{DEFAULT_PUBLIC_TOKEN}", api.base);
    let body: Value = api.http.get(url).send().await.unwrap().json().await.unwrap();
    assert_eq!(body["data"]["slug_pattern"], "http://localhost:8080/org/{{slug}}");
}

#[tokio::test]
async fn bootstrap_reports_the_pkce_settings_and_an_organization_reset_binds_its_challenge() {
    let api = Api::start();
    let bootstrap_url = |base: &str| format!("{base}/sdk/v1/projects/bootstrap/{DEFAULT_PUBLIC_TOKEN}");
    let flags = |body: &Value| -> Vec<bool> {
        ["email_magic_links", "password_resets", "oauth", "sso"]
            .iter()
            .map(|f| body["data"][format!("pkce_required_for_{f}")].as_bool().unwrap())
            .collect()
    };
    let body: Value = api
        .http
        .get(bootstrap_url(&api.base))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(flags(&body), [false; 4], "a new project requires none");
    let requiring = stytch_emulator::spawn(EmulatorConfig {
        pkce_required: stytch_emulator::PkceRequired::all(),
        ..EmulatorConfig::for_tests()
    })
    .unwrap();
    let body: Value = api
        .http
        .get(bootstrap_url(&requiring.url()))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(flags(&body), [true; 4]);

    // The organization-scoped reset takes `code_challenge` and `code_verifier` (the official
    // SDK's names on this route).
    let stark = api
        .ok(
            "/b2b/organizations/search",
            None,
            json!({ "organization_slug": "stark" }),
        )
        .await;
    let stark_id = stark["organization"]["organization_id"].clone();
    let (verifier, challenge) = (
        "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk",
        "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
    );
    api.ok(
        "/b2b/passwords/email/reset/start",
        None,
        json!({ "organization_id": stark_id, "email_address": "tony@stark.example", "code_challenge": challenge }),
    )
    .await;
    let token = api.last_message("tony@stark.example").await["token"].clone();
    let reset = |code_verifier: Option<&str>| json!({ "password_reset_token": token, "password": PASSWORD, "session_duration_minutes": 30, "code_verifier": code_verifier });
    api.error(
        "/b2b/passwords/email/reset",
        reset(None),
        400,
        "pkce_expected_code_verifier",
    )
    .await;
    api.error(
        "/b2b/passwords/email/reset",
        reset(Some("another-browsers-verifier")),
        400,
        "pkce_mismatch",
    )
    .await;
    let after = api.ok("/b2b/passwords/email/reset", None, reset(Some(verifier))).await;
    assert_eq!(after["member_authenticated"], true);
}

impl Api {
    /// A backend call with the project's secret.
    async fn backend(&self, method: reqwest::Method, path: &str, body: Option<Value>) -> (StatusCode, Value) {
        let mut request = self
            .http
            .request(method, format!("{}/v1/b2b{path}", self.base))
            .basic_auth(
                stytch_emulator::DEFAULT_PROJECT_ID,
                Some(stytch_emulator::DEFAULT_SECRET),
            );
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.unwrap();
        let status = response.status();
        (status, response.json().await.unwrap())
    }

    /// Signs in at a connection's simulated identity provider: the status and the redirect's
    /// location (the page's text when it answered with a page).
    async fn idp(&self, connection_id: &str, extra: &[(&str, &str)]) -> (StatusCode, String) {
        let response = self
            .http
            .post(format!("{}/v1/public/sso/idp", self.base))
            .form(
                &[
                    &[
                        ("public_token", DEFAULT_PUBLIC_TOKEN),
                        ("connection_id", connection_id),
                        ("login_redirect_url", "http://localhost:8080/authenticate"),
                        ("signup_redirect_url", "http://127.0.0.1:8080/authenticate"),
                    ],
                    extra,
                ]
                .concat(),
            )
            .send()
            .await
            .unwrap();
        let status = response.status();
        match response.headers().get("location") {
            Some(location) => (status, location.to_str().unwrap().to_owned()),
            None => (status, response.text().await.unwrap()),
        }
    }

    async fn sso_authenticate(&self, body: Value) -> (StatusCode, Value) {
        self.sdk("/b2b/sso/authenticate", None, body).await
    }
}

/// The seeded SSO-only organization and its connection's ID.
async fn cyberdyne(api: &Api) -> (String, String) {
    let (_, search) = api
        .backend(
            reqwest::Method::POST,
            "/organizations/search",
            Some(json!({ "query": { "operator": "AND", "operands": [
                { "filter_name": "organization_slugs", "filter_value": ["cyberdyne"] }
            ] } })),
        )
        .await;
    let org = &search["organizations"][0];
    let connection = &org["sso_active_connections"][0];
    assert_eq!(connection["display_name"], "Cyberdyne Okta", "{org}");
    assert_eq!(org["sso_default_connection_id"], connection["connection_id"]);
    (
        org["organization_id"].as_str().unwrap().to_owned(),
        connection["connection_id"].as_str().unwrap().to_owned(),
    )
}

#[tokio::test]
async fn sso_steps_up_a_discovered_member_and_joins_newcomers() {
    let api = Api::start();
    let (organization_id, connection_id) = cyberdyne(&api).await;

    // Miles arrives through Microsoft; Cyberdyne accepts only SSO.
    let (_, location) = api
        .consent(
            "microsoft",
            &[("discovery", "true"), ("email", "miles@cyberdyne.example")],
        )
        .await;
    let discovery = api.oauth_discover(token_of(&location)).await;
    let exchanged = api
        .ok(
            "/b2b/discovery/intermediate_sessions/exchange",
            None,
            json!({
                "intermediate_session_token": discovery["intermediate_session_token"],
                "organization_id": organization_id,
                "session_duration_minutes": 30,
            }),
        )
        .await;
    assert_eq!(exchanged["member_authenticated"], false);
    assert_eq!(exchanged["primary_required"]["allowed_auth_methods"], json!(["sso"]));

    // The identity provider's page names the connection and offers the members.
    let page = api
        .http
        .get(format!(
            "{}/v1/public/sso/start?public_token={DEFAULT_PUBLIC_TOKEN}&connection_id={connection_id}",
            api.base
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    let page = page.text().await.unwrap();
    assert!(
        page.contains("Cyberdyne Okta") && page.contains("Continue as miles@cyberdyne.example"),
        "{page}"
    );

    // A member returns to the login URL; the token completes the step-up on his IST.
    let (status, location) = api.idp(&connection_id, &[("email", "miles@cyberdyne.example")]).await;
    assert_eq!(status, 303, "{location}");
    assert!(location.starts_with("http://localhost:8080/authenticate?stytch_token_type=sso&token="));
    let token = token_of(&location).to_owned();
    let (status, signed_in) = api
        .sso_authenticate(json!({
            "sso_token": token,
            "session_duration_minutes": 30,
            "intermediate_session_token": exchanged["intermediate_session_token"],
        }))
        .await;
    assert_eq!(status, 200, "{signed_in}");
    let data = &signed_in["data"];
    assert_eq!(data["member_authenticated"], true, "{data}");
    assert_eq!(data["reset_session"], false);
    let factors = data["member_session"]["authentication_factors"].as_array().unwrap();
    let methods: Vec<&str> = factors.iter().map(|f| f["delivery_method"].as_str().unwrap()).collect();
    assert_eq!(methods, ["oauth_microsoft", "sso_saml"]);
    let registration = &data["member"]["sso_registrations"][0];
    assert_eq!(registration["connection_id"], connection_id.as_str());
    assert_eq!(factors[1]["saml_sso_factor"]["provider_id"], connection_id.as_str());
    assert_eq!(factors[1]["saml_sso_factor"]["id"], registration["registration_id"]);
    let (status, used) = api
        .sso_authenticate(json!({ "sso_token": token, "session_duration_minutes": 30 }))
        .await;
    assert_eq!(
        (status.as_u16(), &used["error_type"]),
        (404, &json!("sso_token_not_found"))
    );

    // A newcomer lands on the sign-up URL and joins (ALL_ALLOWED), unverified, with no step-up.
    let (_, location) = api
        .idp(
            &connection_id,
            &[("email", "kyle@cyberdyne.example"), ("name", "Kyle Reese")],
        )
        .await;
    assert!(
        location.starts_with("http://127.0.0.1:8080/authenticate?stytch_token_type=sso"),
        "{location}"
    );
    let joined = api
        .ok(
            "/b2b/sso/authenticate",
            None,
            json!({ "sso_token": token_of(&location), "session_duration_minutes": 30 }),
        )
        .await;
    assert_eq!(joined["member_authenticated"], true, "{joined}");
    assert_eq!(joined["member"]["status"], "active");
    assert_eq!(joined["member"]["name"], "Kyle Reese");
    assert_eq!(joined["member"]["email_address_verified"], false);

    // NOT_ALLOWED, or RESTRICTED to no connection: newcomers are refused; naming the connection
    // lets them in.
    for (policy, allowed, expected) in [
        ("RESTRICTED", json!([]), 403),
        ("NOT_ALLOWED", json!([connection_id]), 403),
        ("RESTRICTED", json!([connection_id]), 200),
    ] {
        let (status, _) = api
            .backend(
                reqwest::Method::PUT,
                &format!("/organizations/{organization_id}"),
                Some(json!({
                    "sso_jit_provisioning": policy,
                    "sso_jit_provisioning_allowed_connections": allowed,
                })),
            )
            .await;
        assert_eq!(status, 200);
        let (_, location) = api.idp(&connection_id, &[("email", "sarah@cyberdyne.example")]).await;
        let (status, body) = api
            .sso_authenticate(json!({ "sso_token": token_of(&location), "session_duration_minutes": 30 }))
            .await;
        assert_eq!(status.as_u16(), expected, "{body}");
        if expected == 403 {
            assert_eq!(body["error_type"], "invalid_connection_for_jit_provisioning");
        }
    }

    // Discovering connections by address: the organizations Miles belongs to.
    let discovered = api
        .http
        .get(format!(
            "{}/sdk/v1/b2b/sso/discovery/connections?email_address=miles%40cyberdyne.example",
            api.base
        ))
        .basic_auth(DEFAULT_PUBLIC_TOKEN, Some(DEFAULT_PUBLIC_TOKEN))
        .send()
        .await
        .unwrap()
        .json::<Value>()
        .await
        .unwrap();
    assert_eq!(
        discovered["data"]["connections"],
        json!([{ "connection_id": connection_id, "display_name": "Cyberdyne Okta", "identity_provider": "okta" }])
    );
}

#[tokio::test]
async fn sso_connections_are_pending_until_configured_and_pkce_binds_the_token() {
    let api = Api::start();
    let (organization_id, saml_id) = cyberdyne(&api).await;
    let (status, created) = api
        .backend(
            reqwest::Method::POST,
            &format!("/sso/oidc/{organization_id}"),
            Some(json!({ "display_name": "Cyberdyne Entra", "identity_provider": "microsoft-entra" })),
        )
        .await;
    assert_eq!(status, 200, "{created}");
    let oidc_id = created["connection"]["connection_id"].as_str().unwrap().to_owned();
    assert_eq!(created["connection"]["status"], "pending");
    assert_eq!(
        created["connection"]["attribute_mapping"],
        json!({}),
        "an object from the start, as the official SDK types it"
    );

    // A pending connection cannot sign anyone in, and is not listed as active.
    let (status, page) = api.idp(&oidc_id, &[("email", "miles@cyberdyne.example")]).await;
    assert_eq!(status, 400, "{page}");
    let active = |org: &Value| {
        org["sso_active_connections"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["connection_id"].as_str().unwrap().to_owned())
            .collect::<Vec<_>>()
    };
    let (_, org) = api
        .backend(reqwest::Method::GET, &format!("/organizations/{organization_id}"), None)
        .await;
    assert_eq!(active(&org["organization"]), [saml_id.as_str()]);

    let (_, updated) = api
        .backend(
            reqwest::Method::PUT,
            &format!("/sso/oidc/{organization_id}/connections/{oidc_id}"),
            Some(support::live_oidc(
                json!({ "attribute_mapping": { "department": "dept" } }),
            )),
        )
        .await;
    assert_eq!(updated["connection"]["status"], "active", "{updated}");
    assert_eq!(
        updated["connection"]["attribute_mapping"],
        json!({ "department": "dept" })
    );
    let (_, listed) = api
        .backend(reqwest::Method::GET, &format!("/sso/{organization_id}"), None)
        .await;
    assert_eq!(listed["saml_connections"][0]["connection_id"], saml_id.as_str());
    assert_eq!(listed["oidc_connections"][0]["issuer"], "https://login.example/v2.0");

    // A bad certificate is refused and changes nothing.
    let (status, refused) = api
        .backend(
            reqwest::Method::PUT,
            &format!("/sso/saml/{organization_id}/connections/{saml_id}"),
            Some(json!({ "x509_certificate": "not a certificate" })),
        )
        .await;
    assert_eq!(
        (status.as_u16(), &refused["error_type"]),
        (400, &json!("invalid_x509_certificate"))
    );

    // The default can be set to any of the organization's connections, and only to those.
    for (default, expected) in [
        ("saml-connection-test-elsewhere", None),
        (oidc_id.as_str(), Some(oidc_id.as_str())),
        (saml_id.as_str(), Some(saml_id.as_str())),
    ] {
        let (status, org) = api
            .backend(
                reqwest::Method::PUT,
                &format!("/organizations/{organization_id}"),
                Some(json!({ "sso_default_connection_id": default })),
            )
            .await;
        match expected {
            None => assert_eq!(status, 404, "{org}"),
            Some(id) => assert_eq!(org["organization"]["sso_default_connection_id"], id),
        }
    }

    // Deleting the default passes it on.
    let (status, _) = api
        .backend(
            reqwest::Method::DELETE,
            &format!("/sso/{organization_id}/connections/{saml_id}"),
            None,
        )
        .await;
    assert_eq!(status, 200);
    let (_, org) = api
        .backend(reqwest::Method::GET, &format!("/organizations/{organization_id}"), None)
        .await;
    assert_eq!(active(&org["organization"]), [oidc_id.as_str()]);
    assert_eq!(org["organization"]["sso_default_connection_id"], oidc_id.as_str());
    let (status, gone) = api
        .backend(
            reqwest::Method::DELETE,
            &format!("/sso/{organization_id}/connections/{saml_id}"),
            None,
        )
        .await;
    assert_eq!(
        (status.as_u16(), &gone["error_type"]),
        (404, &json!("sso_connection_not_found"))
    );

    // A token minted for a PKCE challenge needs its verifier; the OIDC factor names itself.
    let verifier = "a-verifier-long-enough-for-pkce-0123456789abcdef";
    let challenge = {
        use sha2::Digest;
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(sha2::Sha256::digest(verifier))
    };
    let (_, location) = api
        .idp(
            &oidc_id,
            &[
                ("email", "miles@cyberdyne.example"),
                ("pkce_code_challenge", &challenge),
            ],
        )
        .await;
    let token = token_of(&location).to_owned();
    let (status, _) = api
        .sso_authenticate(json!({ "sso_token": token, "session_duration_minutes": 30 }))
        .await;
    assert_eq!(status, 400, "no verifier");
    let (_, location) = api
        .idp(
            &oidc_id,
            &[
                ("email", "miles@cyberdyne.example"),
                ("pkce_code_challenge", &challenge),
            ],
        )
        .await;
    let signed_in = api
        .ok(
            "/b2b/sso/authenticate",
            None,
            json!({ "sso_token": token_of(&location), "session_duration_minutes": 30, "pkce_code_verifier": verifier }),
        )
        .await;
    let factor = &signed_in["member_session"]["authentication_factors"][0];
    assert_eq!(factor["delivery_method"], "sso_oidc", "{signed_in}");
    assert_eq!(factor["oidc_sso_factor"]["provider_id"], oidc_id.as_str());
}

#[tokio::test]
async fn a_new_address_from_the_identity_provider_becomes_the_members_and_retires_the_old_one() {
    let api = Api::start();
    let (_, connection_id) = cyberdyne(&api).await;
    let sign_in = |email: &'static str| {
        let api = &api;
        let connection_id = connection_id.clone();
        async move {
            let extra = [("email", email), ("external_id", "okta-00u1")];
            let (status, location) = api.idp(&connection_id, &extra).await;
            assert_eq!(status, 303, "{location}");
            let body = json!({ "sso_token": token_of(&location), "session_duration_minutes": 30 });
            (location, api.sso_authenticate(body).await)
        }
    };
    let (_, (status, joined)) = sign_in("sarah@cyberdyne.example").await;
    assert_eq!(status, 200, "{joined}");
    let member_id = joined["data"]["member_id"].clone();

    // The same person at the provider (the same external ID) now has another address.
    let (location, (status, renamed)) = sign_in("sarah.connor@cyberdyne.example").await;
    assert!(
        location.starts_with("http://localhost:8080/authenticate"),
        "a member, so the login URL: {location}"
    );
    assert_eq!(status, 200, "{renamed}");
    let member = &renamed["data"]["member"];
    assert_eq!(
        renamed["data"]["member_id"], member_id,
        "the same member, not a newcomer"
    );
    assert_eq!(member["email_address"], "sarah.connor@cyberdyne.example");
    assert_eq!(
        member["retired_email_addresses"][0]["email_address"],
        "sarah@cyberdyne.example"
    );

    // An address another member has is refused, and nothing changes.
    let (_, (status, refused)) = sign_in("miles@cyberdyne.example").await;
    assert_eq!(
        (status.as_u16(), &refused["error_type"]),
        (400, &json!("duplicate_member_email"))
    );
    let (_, (status, again)) = sign_in("sarah.connor@cyberdyne.example").await;
    assert_eq!(status, 200, "{again}");
    assert_eq!(again["data"]["member_id"], member_id);

    // Someone else at the provider with Sarah's retired address may not join as it.
    let extra = [("email", "sarah@cyberdyne.example"), ("external_id", "okta-00u2")];
    let (_, location) = api.idp(&connection_id, &extra).await;
    let body = json!({ "sso_token": token_of(&location), "session_duration_minutes": 30 });
    let (status, refused) = api.sso_authenticate(body).await;
    assert_eq!(
        (status.as_u16(), &refused["error_type"]),
        (400, &json!("retired_member_email")),
        "{refused}"
    );
}

#[tokio::test]
async fn a_saml_connection_holds_up_to_five_certificates_and_an_active_one_keeps_one() {
    let api = Api::start();
    let (organization_id, saml_id) = cyberdyne(&api).await;
    let connection = format!("/sso/saml/{organization_id}/connections/{saml_id}");
    let add = |n: usize| {
        let body =
            json!({ "x509_certificate": format!("-----BEGIN CERTIFICATE-----\nkey{n}\n-----END CERTIFICATE-----") });
        api.backend(reqwest::Method::PUT, &connection, Some(body))
    };
    let (_, seeded) = api
        .backend(reqwest::Method::GET, &format!("/sso/{organization_id}"), None)
        .await;
    let certificates = |answer: &Value| answer["verification_certificates"].as_array().unwrap().len();
    let before = certificates(&seeded["saml_connections"][0]);
    for n in before..5 {
        let (status, added) = add(n).await;
        assert_eq!(status, 200, "{added}");
        assert_eq!(certificates(&added["connection"]), n + 1);
    }
    let (status, sixth) = add(5).await;
    assert_eq!(
        (status.as_u16(), &sixth["error_type"]),
        (400, &json!("too_many_sso_verification_certificates"))
    );
    let (_, same) = add(4).await;
    assert_eq!(
        certificates(&same["connection"]),
        5,
        "the same certificate again is not a sixth"
    );

    let api = &api;
    let delete = |id: String| {
        let path = format!("{connection}/verification_certificates/{id}");
        async move { api.backend(reqwest::Method::DELETE, &path, None).await }
    };
    let (status, missing) = delete("saml-verification-certificate-test-none".into()).await;
    assert_eq!(
        (status.as_u16(), &missing["error_type"]),
        (404, &json!("sso_verification_key_not_found"))
    );
    let ids: Vec<String> = same["connection"]["verification_certificates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["certificate_id"].as_str().unwrap().to_owned())
        .collect();
    for id in &ids[..4] {
        let (status, deleted) = delete(id.clone()).await;
        assert_eq!(
            (status.as_u16(), deleted["certificate_id"].as_str()),
            (200, Some(id.as_str()))
        );
    }
    let (status, last) = delete(ids[4].clone()).await;
    assert_eq!(
        (status.as_u16(), &last["error_type"]),
        (400, &json!("cannot_delete_last_sso_verification_key")),
        "{last}"
    );
}

/// The role IDs of `roles` (a member's `[{role_id, sources}]` or a session's `[id]`), sorted.
fn role_ids(roles: &Value) -> Vec<String> {
    let mut ids: Vec<String> = roles
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["role_id"].as_str().or(r.as_str()).unwrap().to_owned())
        .collect();
    ids.sort();
    ids
}

#[tokio::test]
async fn a_saml_connection_grants_roles_by_connection_and_group_to_sessions_that_came_through_it() {
    let api = Api::start();
    let (organization_id, connection_id) = cyberdyne(&api).await;
    let update = |body: Value| {
        let api = &api;
        let path = format!("/sso/saml/{organization_id}/connections/{connection_id}");
        async move { api.backend(reqwest::Method::PUT, &path, Some(body)).await }
    };
    let by_group = json!([{ "role_id": "stytch_admin", "group": "Admins" }]);
    let (status, refused) = update(json!({ "saml_group_implicit_role_assignments": by_group })).await;
    assert_eq!(
        (status.as_u16(), &refused["error_type"]),
        (400, &json!("saml_connection_attribute_mapping_missing_groups_key")),
        "{refused}"
    );
    let (status, refused) = update(json!({
        "attribute_mapping": { "email": "email", "groups": "groups" },
        "saml_group_implicit_role_assignments": [{ "role_id": "stytch_admin", "group": " " }],
    }))
    .await;
    assert_eq!(
        (status.as_u16(), &refused["error_type"]),
        (400, &json!("saml_group_role_assignment_does_not_contain_member_group"))
    );
    let (status, updated) = update(json!({
        "attribute_mapping": { "email": "email", "groups": "groups" },
        "saml_connection_implicit_role_assignments": [{ "role_id": "editor" }],
        "saml_group_implicit_role_assignments": by_group,
    }))
    .await;
    assert_eq!(status, 200, "{updated}");
    assert_eq!(
        updated["connection"]["saml_connection_implicit_role_assignments"],
        json!([{ "role_id": "editor" }])
    );

    // Kyle joins through the connection, in Admins: both roles, on the member and the session.
    let sign_in = |groups: &'static str| {
        let api = &api;
        let connection_id = connection_id.clone();
        async move {
            let extra = [("email", "kyle@cyberdyne.example"), ("groups", groups)];
            let (status, location) = api.idp(&connection_id, &extra).await;
            assert_eq!(status, 303, "{location}");
            let body = json!({ "sso_token": token_of(&location), "session_duration_minutes": 30 });
            let (status, signed_in) = api.sso_authenticate(body).await;
            assert_eq!(status, 200, "{signed_in}");
            signed_in["data"].clone()
        }
    };
    let kyle = sign_in("Admins, Ops").await;
    assert_eq!(
        role_ids(&kyle["member"]["roles"]),
        ["editor", "stytch_admin", "stytch_member"]
    );
    let sources: Vec<Value> = kyle["member"]["roles"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|r| r["sources"].as_array().unwrap().clone())
        .filter(|s| s["type"] != "direct_assignment")
        .collect();
    assert_eq!(
        sources,
        [
            json!({ "type": "sso_connection", "details": { "connection_id": connection_id } }),
            json!({ "type": "sso_connection_group", "details": { "connection_id": connection_id, "group": "Admins" } }),
        ]
    );
    assert_eq!(
        role_ids(&kyle["member_session"]["roles"]),
        ["editor", "stytch_admin", "stytch_member"]
    );
    let check = |session: String, action: &'static str| {
        let api = &api;
        let organization_id = organization_id.clone();
        async move {
            let check = json!({ "organization_id": organization_id, "resource_id": "documents", "action": action });
            api.backend(
                reqwest::Method::POST,
                "/sessions/authenticate",
                Some(json!({ "session_token": session, "authorization_check": check })),
            )
            .await
        }
    };
    let sso_session = kyle["session_token"].as_str().unwrap().to_owned();
    assert_eq!(
        check(sso_session.clone(), "delete").await.0,
        200,
        "stytch_admin through Admins"
    );

    // Signed in another way (support impersonating him), the member still lists the roles, but
    // the session, which did not come through the connection, does not hold them.
    let member_id = kyle["member_id"].as_str().unwrap();
    let body = json!({ "organization_id": organization_id, "member_id": member_id, "impersonator_email_address": "support@cyberdyne.example" });
    let impersonated = api.impersonated(body).await;
    assert_eq!(
        role_ids(&impersonated["member"]["roles"]),
        ["editor", "stytch_admin", "stytch_member"]
    );
    assert_eq!(role_ids(&impersonated["member_session"]["roles"]), ["stytch_member"]);
    let other_session = impersonated["session_token"].as_str().unwrap().to_owned();
    let (status, refused) = check(other_session, "write").await;
    assert_eq!(
        (status.as_u16(), &refused["error_type"]),
        (403, &json!("session_authorization_error"))
    );

    // Out of Admins at the next sign-in: the group's role goes, from every session of his.
    let kyle = sign_in("Ops").await;
    assert_eq!(role_ids(&kyle["member"]["roles"]), ["editor", "stytch_member"]);
    assert_eq!(role_ids(&kyle["member_session"]["roles"]), ["editor", "stytch_member"]);
    let (status, refused) = check(sso_session, "delete").await;
    assert_eq!(
        (status.as_u16(), &refused["error_type"]),
        (403, &json!("session_authorization_error"))
    );
    // The connection's role stays with the connection: removing it takes it away.
    let (status, _) = update(json!({ "saml_connection_implicit_role_assignments": [] })).await;
    assert_eq!(status, 200);
    let (status, refused) = check(kyle["session_token"].as_str().unwrap().to_owned(), "write").await;
    assert_eq!(
        (status.as_u16(), &refused["error_type"]),
        (403, &json!("session_authorization_error"))
    );
}

#[tokio::test]
async fn removing_a_direct_role_an_sso_connection_also_grants_signs_out_its_sso_sessions_unless_preserved() {
    let api = Api::start();
    let (organization_id, connection_id) = cyberdyne(&api).await;
    let path = format!("/sso/saml/{organization_id}/connections/{connection_id}");
    let assignments = json!({ "saml_connection_implicit_role_assignments": [{ "role_id": "editor" }] });
    let (status, updated) = api.backend(reqwest::Method::PUT, &path, Some(assignments)).await;
    assert_eq!(status, 200, "{updated}");

    let sso_session = || {
        let api = &api;
        let connection_id = connection_id.clone();
        async move {
            let (status, location) = api.idp(&connection_id, &[("email", "kyle@cyberdyne.example")]).await;
            assert_eq!(status, 303, "{location}");
            let body = json!({ "sso_token": token_of(&location), "session_duration_minutes": 30 });
            let (status, signed_in) = api.sso_authenticate(body).await;
            assert_eq!(status, 200, "{signed_in}");
            signed_in["data"].clone()
        }
    };
    let kyle = sso_session().await;
    let member_id = kyle["member_id"].as_str().unwrap().to_owned();
    let live = |token: Value| {
        let api = &api;
        async move {
            let body = json!({ "session_token": token });
            api.backend(reqwest::Method::POST, "/sessions/authenticate", Some(body))
                .await
                .0
        }
    };
    let set_roles = |roles: Value, preserve: Option<bool>| {
        let api = &api;
        let path = format!("/organizations/{organization_id}/members/{member_id}");
        async move {
            let mut body = json!({ "roles": roles });
            if let Some(preserve) = preserve {
                body["preserve_existing_sessions"] = json!(preserve);
            }
            let (status, updated) = api.backend(reqwest::Method::PUT, &path, Some(body)).await;
            assert_eq!(status, 200, "{updated}");
        }
    };
    // A session that did not come through the connection: support impersonating Kyle.
    let body = json!({ "organization_id": organization_id, "member_id": member_id });
    let other = api.impersonated(body).await["session_token"].clone();

    // Removing a direct role no connection grants, or granting one, signs nobody out.
    set_roles(json!(["stytch_admin", "editor"]), None).await;
    set_roles(json!(["editor"]), None).await;
    assert_eq!(live(kyle["session_token"].clone()).await, 200);

    // Removing the direct `editor`, which the connection also grants, keeps the sessions when
    // asked to preserve them...
    set_roles(json!([]), Some(true)).await;
    assert_eq!(live(kyle["session_token"].clone()).await, 200);

    // ...and otherwise signs out the sessions that came through the connection, only those.
    set_roles(json!(["editor"]), None).await;
    set_roles(json!([]), Some(false)).await;
    assert_eq!(
        live(kyle["session_token"].clone()).await,
        404,
        "the SSO session is revoked"
    );
    assert_eq!(live(other).await, 200, "a session from elsewhere stays");
    let again = sso_session().await;
    set_roles(json!(["editor"]), None).await;
    set_roles(json!([]), None).await;
    assert_eq!(
        live(again["session_token"].clone()).await,
        404,
        "the default is to revoke"
    );
}

impl Api {
    /// Support signed in as a member (`body` names them for the emulator's impersonation
    /// route): the impersonation sign-in's `data`.
    async fn impersonated(&self, body: Value) -> Value {
        let response = self
            .http
            .post(format!("{}/emulator/v1/impersonation", self.base))
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        let issued: Value = response.json().await.unwrap();
        let token = json!({ "impersonation_token": issued["impersonation_token"] });
        let (status, impersonated) = self.sdk("/b2b/impersonation/authenticate", None, token).await;
        assert_eq!(status, 200, "{impersonated}");
        impersonated["data"].clone()
    }

    /// A backend `GET` with the project's secret.
    async fn backend_get(&self, path: &str) -> (StatusCode, Value) {
        let response = self
            .http
            .get(format!("{}/v1/b2b{path}", self.base))
            .basic_auth(
                stytch_emulator::DEFAULT_PROJECT_ID,
                Some(stytch_emulator::DEFAULT_SECRET),
            )
            .send()
            .await
            .unwrap();
        (response.status(), response.json().await.unwrap())
    }

    /// An organization-scoped sign-in through a simulated provider.
    async fn oauth_sign_in(&self, provider: &str, identity: &[(&str, &str)]) -> Value {
        let (_, location) = self.consent(provider, identity).await;
        let body = json!({ "oauth_token": token_of(&location), "session_duration_minutes": 30 });
        self.ok("/b2b/oauth/authenticate", None, body).await
    }
}

#[tokio::test]
async fn an_oauth_sign_in_leaves_the_providers_tokens_for_the_backend() {
    let api = Api::start();
    let signed_in = api
        .oauth_sign_in("google", &[("slug", "acme"), ("email", "ada@example.com")])
        .await;
    assert_eq!(signed_in["member_authenticated"], true, "{signed_in}");
    let values = &signed_in["provider_values"];
    let path = |provider: &str| {
        format!(
            "/organizations/{}/members/{}/oauth_providers/{provider}",
            signed_in["organization_id"].as_str().unwrap(),
            signed_in["member_id"].as_str().unwrap()
        )
    };

    // The tokens the sign-in showed; the refresh token only when asked for.
    let (status, google) = api.backend_get(&path("google")).await;
    assert_eq!(status, 200, "{google}");
    assert_eq!(google["provider_type"], "Google");
    assert_eq!(google["provider_subject"], signed_in["provider_subject"]);
    assert_eq!(google["access_token"], values["access_token"]);
    assert_eq!(google["id_token"], values["id_token"]);
    assert!(google.get("refresh_token").is_none(), "{google}");
    let expires_in = google["access_token_expires_in"].as_i64().unwrap();
    assert!((3590..=3600).contains(&expires_in), "{expires_in}");
    let (_, with_refresh) = api
        .backend_get(&format!("{}?include_refresh_token=true", path("google")))
        .await;
    assert!(values["refresh_token"].is_string(), "{values}");
    assert_eq!(with_refresh["refresh_token"], values["refresh_token"]);

    // An hour later the access token has been refreshed.
    api.http
        .post(format!("{}/emulator/v1/clock", api.base))
        .json(&json!({ "advance_seconds": 3601 }))
        .send()
        .await
        .unwrap();
    let (_, later) = api.backend_get(&path("google")).await;
    assert_ne!(later["access_token"], values["access_token"]);
    assert!(later["access_token_expires_in"].as_i64().unwrap() >= 3590, "{later}");

    // Nothing from another provider; no such provider; no such member.
    let (status, none) = api.backend_get(&path("microsoft")).await;
    assert_eq!(
        (status.as_u16(), none["error_type"].as_str()),
        (404, Some("member_oauth_token_not_found"))
    );
    let (status, _) = api.backend_get(&path("myspace")).await;
    assert_eq!(status, 404);
    let (status, body) = api
        .backend_get(&format!(
            "/organizations/{}/members/member-test-nobody/oauth_providers/google",
            signed_in["organization_id"].as_str().unwrap()
        ))
        .await;
    assert_eq!(
        (status.as_u16(), body["error_type"].as_str()),
        (404, Some("member_not_found"))
    );

    // Slack's shape: registrations with the workspace, tokens that do not expire.
    let slack = api
        .oauth_sign_in(
            "slack",
            &[
                ("slug", "wayne"),
                ("email", "alfred@wayne.example"),
                ("tenant", "T0WAYNE"),
            ],
        )
        .await;
    let (status, tokens) = api
        .backend_get(&format!(
            "/organizations/{}/members/{}/oauth_providers/slack",
            slack["organization_id"].as_str().unwrap(),
            slack["member_id"].as_str().unwrap()
        ))
        .await;
    assert_eq!(status, 200, "{tokens}");
    let registration = &tokens["registrations"][0];
    assert_eq!(registration["provider_tenant_id"], "T0WAYNE");
    assert_eq!(registration["access_token"], slack["provider_values"]["access_token"]);
    assert!(registration.get("access_token_expires_in").is_none(), "{registration}");
}

/// Serves SAML metadata, as an identity provider does; the URL.
async fn serve_metadata(body: String) -> String {
    support::serve("/metadata", "application/samlmetadata+xml", body).await
}

#[tokio::test]
async fn an_oidc_connection_learns_its_endpoints_from_the_issuers_discovery_document() {
    let api = Api::start();
    let (organization_id, _) = cyberdyne(&api).await;
    let create = || async {
        let (status, created) = api
            .backend(
                reqwest::Method::POST,
                &format!("/sso/oidc/{organization_id}"),
                Some(json!({ "display_name": "Cyberdyne Okta OIDC" })),
            )
            .await;
        assert_eq!(status, 200, "{created}");
        assert_eq!(created["connection"]["status"], "pending");
        format!(
            "/sso/oidc/{organization_id}/connections/{}",
            created["connection"]["connection_id"].as_str().unwrap()
        )
    };
    let document = json!({
        "authorization_endpoint": "https://cyberdyne.okta.example/oauth2/v1/authorize",
        "token_endpoint": "https://cyberdyne.okta.example/oauth2/v1/token",
        "userinfo_endpoint": "https://cyberdyne.okta.example/oauth2/v1/userinfo",
        "jwks_uri": "https://cyberdyne.okta.example/oauth2/v1/keys",
    });
    let (served, fetched) = support::serve_counted(
        "/tenant/.well-known/openid-configuration",
        "application/json",
        document.to_string(),
    )
    .await;
    let issuer = served.trim_end_matches("/.well-known/openid-configuration").to_owned();

    // The admin gives the issuer, the client's ID and secret, and one endpoint of their own: the
    // document fills the other three (what the request names wins) and the connection is live.
    let path = create().await;
    let (status, updated) = api
        .backend(
            reqwest::Method::PUT,
            &path,
            Some(json!({
                "issuer": format!("{issuer}/"),
                "client_id": "cyberdyne-app",
                "client_secret": "cyberdyne-secret",
                "token_url": "https://proxy.cyberdyne.example/token",
            })),
        )
        .await;
    assert_eq!(status, 200, "{updated}");
    let connection = &updated["connection"];
    assert_eq!(
        [
            &connection["authorization_url"],
            &connection["token_url"],
            &connection["userinfo_url"],
            &connection["jwks_url"],
            &connection["status"],
        ],
        [
            "https://cyberdyne.okta.example/oauth2/v1/authorize",
            "https://proxy.cyberdyne.example/token",
            "https://cyberdyne.okta.example/oauth2/v1/userinfo",
            "https://cyberdyne.okta.example/oauth2/v1/keys",
            "active",
        ]
    );
    assert_eq!(fetched.load(std::sync::atomic::Ordering::SeqCst), 1);

    // Configured by hand, as the Admin Portal's "Configure manually" sends it: every endpoint
    // given, so the document is not fetched at all.
    let path = create().await;
    let mut by_hand = json!({
        "issuer": format!("{issuer}/"), "client_id": "cyberdyne-app", "client_secret": "cyberdyne-secret",
        "authorization_url": "https://sso.cyberdyne.example/authorize", "token_url": "https://sso.cyberdyne.example/token",
        "userinfo_url": "https://sso.cyberdyne.example/userinfo", "jwks_url": "https://sso.cyberdyne.example/keys",
    });
    let (status, updated) = api.backend(reqwest::Method::PUT, &path, Some(by_hand.clone())).await;
    assert_eq!(status, 200, "{updated}");
    assert_eq!(updated["connection"]["status"], "active");
    assert_eq!(updated["connection"]["jwks_url"], "https://sso.cyberdyne.example/keys");
    assert_eq!(
        fetched.load(std::sync::atomic::Ordering::SeqCst),
        1,
        "nothing left to discover"
    );
    // One endpoint left empty: the document fills it.
    let path = create().await;
    by_hand["jwks_url"] = json!("");
    let (_, updated) = api.backend(reqwest::Method::PUT, &path, Some(by_hand)).await;
    assert_eq!(
        updated["connection"]["jwks_url"],
        "https://cyberdyne.okta.example/oauth2/v1/keys"
    );
    assert_eq!(fetched.load(std::sync::atomic::Ordering::SeqCst), 2);

    // An issuer with no document to fetch: the update goes ahead as sent, and the connection
    // waits until the four endpoints are given by hand.
    let path = create().await;
    let credentials = json!({ "issuer": "http://127.0.0.1:9/nowhere", "client_id": "c", "client_secret": "s" });
    let (status, updated) = api.backend(reqwest::Method::PUT, &path, Some(credentials)).await;
    assert_eq!(status, 200, "{updated}");
    assert_eq!(
        (
            &updated["connection"]["status"],
            &updated["connection"]["authorization_url"]
        ),
        (&json!("pending"), &json!(""))
    );
    let (_, updated) = api
        .backend(reqwest::Method::PUT, &path, Some(document_as_request(&document)))
        .await;
    assert_eq!(updated["connection"]["status"], "active", "{updated}");
}

/// A discovery document's endpoints as the fields of an OIDC connection update.
fn document_as_request(document: &Value) -> Value {
    json!({
        "authorization_url": document["authorization_endpoint"],
        "token_url": document["token_endpoint"],
        "userinfo_url": document["userinfo_endpoint"],
        "jwks_url": document["jwks_uri"],
    })
}

#[tokio::test]
async fn a_saml_connection_is_configured_from_its_identity_providers_metadata_url() {
    let api = Api::start();
    let (organization_id, _) = cyberdyne(&api).await;
    let (status, created) = api
        .backend(
            reqwest::Method::POST,
            &format!("/sso/saml/{organization_id}"),
            Some(json!({ "display_name": "Cyberdyne Entra", "identity_provider": "microsoft-entra" })),
        )
        .await;
    assert_eq!(status, 200, "{created}");
    assert_eq!(created["connection"]["status"], "pending");
    assert_eq!(
        created["connection"]["attribute_mapping"],
        json!({}),
        "an object from the start, as the official SDK types it"
    );
    let connection_id = created["connection"]["connection_id"].as_str().unwrap().to_owned();
    let by_url = format!("/sso/saml/{organization_id}/connections/{connection_id}/url");

    let metadata = r#"<?xml version="1.0"?>
<EntityDescriptor xmlns="urn:oasis:names:tc:SAML:2.0:metadata" ID="_1" entityID="https://sts.windows.net/tenant-1/">
  <IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
    <KeyDescriptor use="signing"><KeyInfo xmlns="http://www.w3.org/2000/09/xmldsig#"><X509Data>
      <X509Certificate>TUlJQzhEQ0NBZGlnQXdJQkFnSVFFbnRyYVRlc3RDZXJ0aWZpY2F0ZQ==</X509Certificate>
    </X509Data></KeyInfo></KeyDescriptor>
    <SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://login.microsoftonline.com/tenant-1/saml2"/>
  </IDPSSODescriptor>
</EntityDescriptor>"#;
    let url = serve_metadata(metadata.to_owned()).await;
    let (status, configured) = api
        .backend(reqwest::Method::PUT, &by_url, Some(json!({ "metadata_url": url })))
        .await;
    assert_eq!(status, 200, "{configured}");
    let connection = &configured["connection"];
    assert_eq!(connection["idp_entity_id"], "https://sts.windows.net/tenant-1/");
    assert_eq!(
        connection["idp_sso_url"],
        "https://login.microsoftonline.com/tenant-1/saml2"
    );
    assert_eq!(connection["status"], "active", "{connection}");
    let certificate = connection["verification_certificates"][0]["certificate"]
        .as_str()
        .unwrap();
    assert!(
        certificate.contains("TUlJQzhEQ0NBZGlnQXdJQkFnSVFFbnRyYVRlc3RDZXJ0aWZpY2F0ZQ=="),
        "{certificate}"
    );
    // The same metadata again adds no second copy of the certificate.
    let (_, again) = api
        .backend(reqwest::Method::PUT, &by_url, Some(json!({ "metadata_url": url })))
        .await;
    assert_eq!(
        again["connection"]["verification_certificates"]
            .as_array()
            .map(Vec::len),
        Some(1)
    );

    // What cannot be fetched, or is not an identity provider's metadata, changes nothing.
    let service_provider = serve_metadata(
        r#"<EntityDescriptor entityID="https://sp.example"><SPSSODescriptor/></EntityDescriptor>"#.to_owned(),
    )
    .await;
    for (metadata_url, error_type) in [
        ("http://127.0.0.1:9/metadata".to_owned(), "invalid_saml_metadata_url"),
        ("file:///etc/passwd".to_owned(), "invalid_saml_metadata_url"),
        (service_provider, "invalid_xml_from_saml_metadata_url"),
    ] {
        let (status, refused) = api
            .backend(
                reqwest::Method::PUT,
                &by_url,
                Some(json!({ "metadata_url": metadata_url })),
            )
            .await;
        assert_eq!(
            (status.as_u16(), refused["error_type"].as_str()),
            (400, Some(error_type)),
            "{refused}"
        );
    }
    let (_, listed) = api
        .backend(reqwest::Method::GET, &format!("/sso/{organization_id}"), None)
        .await;
    let kept = listed["saml_connections"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["connection_id"] == connection_id.as_str())
        .cloned()
        .unwrap();
    assert_eq!(kept["idp_entity_id"], "https://sts.windows.net/tenant-1/");

    // Through the SDK, a plain member is refused before anything is fetched.
    let issued: Value = api
        .http
        .post(format!("{}/emulator/v1/impersonation", api.base))
        .json(&json!({ "organization_id": "cyberdyne", "email_address": stytch_emulator::DEMO_SSO_EMAIL }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let (_, impersonated) = api
        .sdk(
            "/b2b/impersonation/authenticate",
            None,
            json!({ "impersonation_token": issued["impersonation_token"] }),
        )
        .await;
    let session = impersonated["data"]["session_token"].as_str().unwrap();
    let credentials = format!("{DEFAULT_PUBLIC_TOKEN}:{session}");
    let response = api
        .http
        .put(format!("{}/sdk/v1/b2b/sso/saml/{connection_id}/url", api.base))
        .header(
            "authorization",
            format!(
                "Basic {}",
                base64::engine::general_purpose::STANDARD.encode(credentials)
            ),
        )
        .json(&json!({ "connection_id": connection_id, "metadata_url": "http://127.0.0.1:9/metadata" }))
        .send()
        .await
        .unwrap();
    let status = response.status();
    let refused: Value = response.json().await.unwrap();
    assert_eq!(
        (status.as_u16(), refused["error_type"].as_str()),
        (403, Some("session_authorization_error")),
        "{refused}"
    );
}

/// A new organization (by the backend) and its ID.
async fn new_organization(api: &Api, slug: &str) -> String {
    let body = json!({ "organization_name": slug, "organization_slug": slug });
    let (status, created) = api.backend(reqwest::Method::POST, "/organizations", Some(body)).await;
    assert_eq!(status, 200, "{created}");
    created["organization"]["organization_id"].as_str().unwrap().to_owned()
}

/// An active SAML connection of the organization, mapping `groups`; its ID.
async fn active_saml_connection(api: &Api, organization_id: &str, name: &str) -> String {
    let (status, created) = api
        .backend(
            reqwest::Method::POST,
            &format!("/sso/saml/{organization_id}"),
            Some(json!({ "display_name": name, "identity_provider": "okta" })),
        )
        .await;
    assert_eq!(status, 200, "{created}");
    let connection_id = created["connection"]["connection_id"].as_str().unwrap().to_owned();
    let settings = json!({
        "idp_entity_id": format!("http://idp.example/{name}"),
        "idp_sso_url": "https://idp.example/saml",
        "x509_certificate": "-----BEGIN CERTIFICATE-----\nbXNw\n-----END CERTIFICATE-----",
        "attribute_mapping": { "email": "email", "groups": "groups" },
    });
    let path = format!("/sso/saml/{organization_id}/connections/{connection_id}");
    let (status, updated) = api.backend(reqwest::Method::PUT, &path, Some(settings)).await;
    assert_eq!(
        (status.as_u16(), &updated["connection"]["status"]),
        (200, &json!("active"))
    );
    connection_id
}

#[tokio::test]
async fn an_external_connection_signs_members_in_through_another_organizations_identity_provider() {
    let api = Api::start();
    let msp = new_organization(&api, "msp").await;
    let customer = new_organization(&api, "customer").await;
    let okta = active_saml_connection(&api, &msp, "MSP Okta").await;
    let create = |body: Value| {
        let api = &api;
        let path = format!("/sso/external/{customer}");
        async move { api.backend(reqwest::Method::POST, &path, Some(body)).await }
    };
    let refused =
        |status: StatusCode, body: &Value| (status.as_u16(), body["error_type"].as_str().unwrap_or("").to_owned());

    // Refusals, each changing nothing.
    let (status, body) = create(json!({ "external_organization_id": msp })).await;
    assert_eq!(refused(status, &body), (400, "bad_request".into()), "{body}");
    let (status, body) = create(json!({ "external_organization_id": customer, "external_connection_id": okta })).await;
    assert_eq!(
        refused(status, &body),
        (400, "external_organization_id_same_as_organization_id".into())
    );
    let (status, body) =
        create(json!({ "external_organization_id": msp, "external_connection_id": "saml-connection-test-none" })).await;
    assert_eq!(refused(status, &body), (404, "external_connection_id_not_found".into()));
    let (_, pending) = api
        .backend(
            reqwest::Method::POST,
            &format!("/sso/oidc/{msp}"),
            Some(json!({ "display_name": "New IdP" })),
        )
        .await;
    let pending = pending["connection"]["connection_id"].as_str().unwrap().to_owned();
    let (status, body) = create(json!({ "external_organization_id": msp, "external_connection_id": pending })).await;
    assert_eq!(refused(status, &body), (400, "external_connection_not_active".into()));
    let (status, body) = create(json!({
        "external_organization_id": msp, "external_connection_id": okta,
        "group_implicit_role_assignments": [{ "role_id": "stytch_admin", "group": " " }],
    }))
    .await;
    assert_eq!(
        refused(status, &body),
        (400, "saml_group_role_assignment_does_not_contain_member_group".into())
    );
    let (_, listed) = api.backend_get(&format!("/sso/{customer}")).await;
    assert_eq!(listed["external_connections"], json!([]), "{listed}");

    // Created active, with a connection role; listed, and offered to the customer's members.
    let (status, created) = create(json!({
        "external_organization_id": msp, "external_connection_id": okta, "display_name": "MSP staff",
        "connection_implicit_role_assignments": [{ "role_id": "editor" }],
    }))
    .await;
    assert_eq!(status, 200, "{created}");
    let external = created["connection"].clone();
    let external_id = external["connection_id"].as_str().unwrap().to_owned();
    assert!(external_id.starts_with("external-connection-test-"), "{external}");
    assert_eq!(
        (
            &external["status"],
            &external["organization_id"],
            &external["external_organization_id"]
        ),
        (&json!("active"), &json!(customer), &json!(msp))
    );
    assert_eq!(
        external["external_connection_implicit_role_assignments"],
        json!([{ "role_id": "editor" }])
    );
    let (status, body) = create(json!({ "external_organization_id": msp, "external_connection_id": okta })).await;
    assert_eq!(
        refused(status, &body),
        (400, "duplicate_external_sso_connection".into())
    );
    let (_, listed) = api.backend_get(&format!("/sso/{customer}")).await;
    assert_eq!(listed["external_connections"], json!([external]));
    let (_, organization) = api.backend_get(&format!("/organizations/{customer}")).await;
    assert_eq!(
        organization["organization"]["sso_active_connections"],
        json!([{ "connection_id": external_id, "display_name": "MSP staff", "identity_provider": "okta" }])
    );
    assert_eq!(
        organization["organization"]["sso_default_connection_id"],
        json!(external_id)
    );

    // Group roles through the MSP's groups; a stranger joins only where JIT allows it.
    let path = format!("/sso/external/{customer}/connections/{external_id}");
    let groups =
        json!({ "external_group_implicit_role_assignments": [{ "role_id": "stytch_admin", "group": "Tier 2" }] });
    let (status, updated) = api.backend(reqwest::Method::PUT, &path, Some(groups)).await;
    assert_eq!(status, 200, "{updated}");
    assert_eq!(
        updated["connection"]["external_connection_implicit_role_assignments"],
        json!([{ "role_id": "editor" }])
    );
    let sign_in = |email: &'static str| {
        let api = &api;
        let external_id = external_id.clone();
        async move {
            let (status, location) = api.idp(&external_id, &[("email", email), ("groups", "Tier 2")]).await;
            assert_eq!(status, 303, "{location}");
            api.sso_authenticate(json!({ "sso_token": token_of(&location), "session_duration_minutes": 30 }))
                .await
        }
    };
    let jit = |policy: Value| {
        let api = &api;
        let path = format!("/organizations/{customer}");
        async move {
            let (status, body) = api.backend(reqwest::Method::PUT, &path, Some(policy)).await;
            assert_eq!(status, 200, "{body}");
        }
    };
    jit(json!({ "sso_jit_provisioning": "NOT_ALLOWED" })).await;
    let (status, body) = sign_in("sarah@msp.example").await;
    assert_eq!(
        refused(status, &body),
        (403, "invalid_connection_for_jit_provisioning".into())
    );
    jit(json!({ "sso_jit_provisioning": "RESTRICTED", "sso_jit_provisioning_allowed_connections": [external_id] }))
        .await;
    let (status, joined) = sign_in("sarah@msp.example").await;
    assert_eq!(status, 200, "{joined}");
    let joined = &joined["data"];
    assert_eq!(
        joined["organization_id"],
        json!(customer),
        "the member joins the customer"
    );
    assert_eq!(
        joined["member"]["sso_registrations"][0]["connection_id"],
        json!(external_id)
    );
    let factor = &joined["member_session"]["authentication_factors"][0];
    assert_eq!(
        (&factor["delivery_method"], &factor["saml_sso_factor"]["provider_id"]),
        (&json!("sso_saml"), &json!(external_id))
    );
    assert_eq!(
        role_ids(&joined["member_session"]["roles"]),
        ["editor", "stytch_admin", "stytch_member"]
    );
    let member_id = joined["member_id"].as_str().unwrap().to_owned();

    // An external connection through an OIDC connection takes no role assignments.
    let other = new_organization(&api, "other-customer").await;
    let (_, oidc) = api
        .backend(
            reqwest::Method::POST,
            &format!("/sso/oidc/{msp}"),
            Some(json!({ "display_name": "MSP Entra" })),
        )
        .await;
    let oidc = oidc["connection"]["connection_id"].as_str().unwrap().to_owned();
    let settings = support::live_oidc(json!({}));
    let (status, _) = api
        .backend(
            reqwest::Method::PUT,
            &format!("/sso/oidc/{msp}/connections/{oidc}"),
            Some(settings),
        )
        .await;
    assert_eq!(status, 200);
    let (status, body) = api
        .backend(
            reqwest::Method::POST,
            &format!("/sso/external/{other}"),
            Some(json!({ "external_organization_id": msp, "external_connection_id": oidc,
                "connection_implicit_role_assignments": [{ "role_id": "editor" }] })),
        )
        .await;
    assert_eq!(refused(status, &body), (400, "invalid_rbac_role_assignment".into()));

    // The MSP deletes its connection: the external one goes with it, and the roles it gave.
    let (status, _) = api
        .backend(reqwest::Method::DELETE, &format!("/sso/{msp}/connections/{okta}"), None)
        .await;
    assert_eq!(status, 200);
    let (_, listed) = api.backend_get(&format!("/sso/{customer}")).await;
    assert_eq!(listed["external_connections"], json!([]), "{listed}");
    let (_, organization) = api.backend_get(&format!("/organizations/{customer}")).await;
    assert_eq!(organization["organization"]["sso_active_connections"], json!([]));
    assert_eq!(organization["organization"]["sso_default_connection_id"], Value::Null);
    let (_, member) = api
        .backend_get(&format!("/organizations/{customer}/member?member_id={member_id}"))
        .await;
    assert_eq!(role_ids(&member["member"]["roles"]), ["stytch_member"], "{member}");
    let (status, _) = api.idp(&external_id, &[("email", "sarah@msp.example")]).await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn a_saml_connection_holds_up_to_five_encryption_keys_shown_masked() {
    let api = Api::start();
    let (organization_id, connection_id) = cyberdyne(&api).await;
    let path = format!("/sso/saml/{organization_id}/connections/{connection_id}");
    let key = |n: usize| {
        format!(
            "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC{n:06}\nc2VjcmV0LWJvZHk{n}AA==\n-----END PRIVATE KEY-----"
        )
    };
    let update = |body: Value| {
        let api = &api;
        let path = path.clone();
        async move { api.backend(reqwest::Method::PUT, &path, Some(body)).await }
    };
    let (status, refused) = update(json!({ "saml_encryption_private_key": "not a key" })).await;
    assert_eq!(
        (status.as_u16(), &refused["error_type"]),
        (400, &json!("bad_request")),
        "{refused}"
    );
    let (status, refused) = update(json!({ "saml_encryption_private_key": "A".repeat(10_001) })).await;
    assert_eq!(
        (status.as_u16(), &refused["error_type"]),
        (400, &json!("private_key_too_long"))
    );
    let (status, updated) = update(json!({
        "saml_encryption_private_key": key(1),
        "alternative_audience_uri": "https://app.example/saml",
        "nameid_format": "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress",
    }))
    .await;
    assert_eq!(status, 200, "{updated}");
    let connection = &updated["connection"];
    assert_eq!(connection["alternative_audience_uri"], "https://app.example/saml");
    assert_eq!(
        connection["nameid_format"],
        "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress"
    );
    let first = &connection["encryption_private_keys"][0];
    let shown = first["private_key"].as_str().unwrap();
    assert!(
        shown.starts_with("-----BEGIN PRIVATE KEY-----") && shown.ends_with("-----END PRIVATE KEY-----"),
        "{shown}"
    );
    assert!(
        !shown.contains("MIIEvQIBADANBgkqhkiG9w0BAQEFAASC"),
        "the key is not shown: {shown}"
    );
    assert!(
        first["created_at"].is_string() && first["private_key_id"].is_string(),
        "{first}"
    );
    let first_id = first["private_key_id"].as_str().unwrap().to_owned();
    for n in 2..=5 {
        let (status, body) = update(json!({ "saml_encryption_private_key": key(n) })).await;
        assert_eq!(status, 200, "{body}");
    }
    let (status, refused) = update(json!({ "saml_encryption_private_key": key(6) })).await;
    assert_eq!(
        (status.as_u16(), &refused["error_type"]),
        (400, &json!("too_many_encryption_certificates"))
    );

    // Rotation: the oldest goes, then there is room again; an unknown key is not found.
    let delete = |key_id: String| {
        let api = &api;
        let path = format!("{path}/encryption_private_keys/{key_id}");
        async move { api.backend(reqwest::Method::DELETE, &path, None).await }
    };
    let (status, refused) = delete("saml-encryption-private-key-test-none".into()).await;
    assert_eq!(
        (status.as_u16(), &refused["error_type"]),
        (404, &json!("sso_encryption_private_key_not_found"))
    );
    let (status, deleted) = delete(first_id.clone()).await;
    assert_eq!((status.as_u16(), &deleted["private_key_id"]), (200, &json!(first_id)));
    let (status, updated) = update(json!({ "saml_encryption_private_key": key(6) })).await;
    assert_eq!(status, 200, "{updated}");
    let ids: Vec<&str> = updated["connection"]["encryption_private_keys"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["private_key_id"].as_str().unwrap())
        .collect();
    assert_eq!(ids.len(), 5);
    assert!(!ids.contains(&first_id.as_str()));
}

#[tokio::test]
async fn an_oidc_sign_in_keeps_the_identity_providers_tokens_for_the_server() {
    let api = Api::start();
    let (organization_id, _) = cyberdyne(&api).await;
    let (_, created) = api
        .backend(
            reqwest::Method::POST,
            &format!("/sso/oidc/{organization_id}"),
            Some(json!({ "display_name": "Cyberdyne Entra", "identity_provider": "microsoft-entra" })),
        )
        .await;
    let oidc_id = created["connection"]["connection_id"].as_str().unwrap().to_owned();
    let (_, updated) = api
        .backend(
            reqwest::Method::PUT,
            &format!("/sso/oidc/{organization_id}/connections/{oidc_id}"),
            Some(support::live_oidc(
                json!({ "client_id": "cyberdyne-client", "custom_scopes": "offline_access User.Read" }),
            )),
        )
        .await;
    assert_eq!(updated["connection"]["status"], "active", "{updated}");

    let tokens = |include_refresh_token: bool| {
        let path = format!(
            "/organizations/{organization_id}/members/{{member}}/oidc_providers?include_refresh_token={include_refresh_token}"
        );
        let api = &api;
        move |member_id: String| {
            let path = path.replace("{member}", &member_id);
            async move { api.backend(reqwest::Method::GET, &path, None).await }
        }
    };
    // Before any OIDC sign-in, Miles holds no such tokens.
    let (_, miles) = api
        .backend(
            reqwest::Method::GET,
            &format!("/organizations/{organization_id}/member?email_address=miles@cyberdyne.example"),
            None,
        )
        .await;
    let (status, none) = tokens(false)(miles["member_id"].as_str().unwrap().to_owned()).await;
    assert_eq!(
        (status.as_u16(), none["error_type"].as_str()),
        (404, Some("member_oidc_token_not_found")),
        "{none}"
    );
    let (_, location) = api.idp(&oidc_id, &[("email", "miles@cyberdyne.example")]).await;
    let (status, signed_in) = api
        .sso_authenticate(json!({ "sso_token": token_of(&location), "session_duration_minutes": 30 }))
        .await;
    assert_eq!(status, 200, "{signed_in}");
    let member_id = signed_in["data"]["member_id"].as_str().unwrap().to_owned();

    let (status, answer) = tokens(false)(member_id.clone()).await;
    assert_eq!(status, 200, "{answer}");
    let registration = &answer["registrations"][0];
    assert_eq!(answer["registrations"].as_array().unwrap().len(), 1, "{answer}");
    assert_eq!(registration["connection_id"], oidc_id.as_str());
    let lifetime = |r: &Value| r["access_token_expires_in"].as_i64().unwrap();
    assert!(
        (3590..=3600).contains(&lifetime(registration)),
        "an hour: {registration}"
    );
    assert_eq!(
        registration["scopes"],
        json!(["openid", "email", "profile", "offline_access", "User.Read"])
    );
    assert!(
        registration.get("refresh_token").is_none(),
        "only when asked: {registration}"
    );
    let claims = support::jwt_claims(registration["id_token"].as_str().unwrap());
    assert_eq!(
        (claims["iss"].as_str(), claims["aud"].as_str(), claims["email"].as_str()),
        (
            Some("https://login.example/v2.0"),
            Some("cyberdyne-client"),
            Some("miles@cyberdyne.example")
        )
    );
    assert_eq!(claims["sub"], registration["provider_subject"]);

    // An hour on, reading them refreshes the access token; the refresh token on request.
    api._emulator.app().clock.advance(3601);
    let (_, later) = tokens(true)(member_id.clone()).await;
    let refreshed = &later["registrations"][0];
    assert_ne!(refreshed["access_token"], registration["access_token"]);
    assert!(
        (3590..=3600).contains(&lifetime(refreshed)),
        "an hour again: {refreshed}"
    );
    assert!(
        refreshed["refresh_token"].as_str().is_some_and(|t| !t.is_empty()),
        "{refreshed}"
    );

    // An unknown member is refused.
    let (status, refused) = tokens(false)("member-test-nobody".into()).await;
    assert_eq!(
        (status.as_u16(), refused["error_type"].as_str()),
        (404, Some("member_not_found")),
        "{refused}"
    );
}

#[tokio::test]
async fn organization_search_finds_organizations_by_their_sso_connections() {
    let api = Api::start();
    let (cyberdyne_id, okta_id) = cyberdyne(&api).await;
    // A second organization whose only connection is still pending (so not active).
    let pending_org = new_organization(&api, "search-pending-sso").await;
    let (status, created) = api
        .backend(
            reqwest::Method::POST,
            &format!("/sso/saml/{pending_org}"),
            Some(json!({ "display_name": "Not yet", "identity_provider": "okta" })),
        )
        .await;
    assert_eq!(status, 200, "{created}");
    let pending_id = created["connection"]["connection_id"].as_str().unwrap().to_owned();
    let active_org = new_organization(&api, "search-active-sso").await;
    active_saml_connection(&api, &active_org, "search-active").await;

    let search = |operands| search_organizations(&api, operands);
    let with_sso = search(json!([{ "filter_name": "has_active_sso_connection", "filter_value": true }])).await;
    assert!(
        with_sso.contains(&cyberdyne_id) && with_sso.contains(&active_org),
        "{with_sso:?}"
    );
    assert!(
        !with_sso.contains(&pending_org),
        "a pending connection is not an active one"
    );
    let without = search(json!([{ "filter_name": "has_active_sso_connection", "filter_value": false }])).await;
    assert!(
        without.contains(&pending_org) && !without.contains(&cyberdyne_id),
        "{without:?}"
    );
    // By connection ID, active or not.
    assert_eq!(
        search(json!([{ "filter_name": "sso_connection_id", "filter_value": okta_id }])).await,
        std::slice::from_ref(&cyberdyne_id)
    );
    assert_eq!(
        search(json!([{ "filter_name": "sso_connection_id", "filter_value": pending_id }])).await,
        std::slice::from_ref(&pending_org)
    );
    assert!(
        search(json!([{ "filter_name": "sso_connection_id", "filter_value": "saml-connection-test-none" }]))
            .await
            .is_empty()
    );
}

#[tokio::test]
async fn malformed_search_operands_are_refused_by_stytchs_names() {
    let api = Api::start();
    let organization_id = new_organization(&api, "search-malformed").await;
    let orgs = "/organizations/search";
    let members = "/organizations/members/search";
    // Both searches: `{search}_search_{problem}`.
    for (path, search) in [(orgs, "organization"), (members, "member")] {
        for (operand, problem) in [
            (json!({ "filter_value": ["x"] }), "missing_filter_name"),
            (
                json!({ "filter_name": 7, "filter_value": ["x"] }),
                "filter_name_must_be_string",
            ),
            (json!({ "filter_name": "member_emails" }), "missing_filter_value"),
            (
                json!({ "filter_name": "member_emails", "filter_value": [] }),
                "missing_member_emails",
            ),
            (
                json!({ "filter_name": "member_emails", "filter_value": null }),
                "missing_member_emails",
            ),
            (
                json!({ "filter_name": "member_email_fuzzy", "filter_value": "" }),
                "missing_member_email_fuzzy",
            ),
        ] {
            let error_type = format!("{search}_search_{problem}");
            refused_search(&api, &organization_id, path, operand, &error_type).await;
        }
    }
    for (path, operand, error_type) in [
        (
            orgs,
            json!({ "filter_name": "has_active_sso_connection", "filter_value": "yes" }),
            "organization_search_expected_boolean",
        ),
        (
            orgs,
            json!({ "filter_name": "has_active_sso_connection", "filter_value": null }),
            "organization_search_missing_has_active_sso_connection",
        ),
        (
            orgs,
            json!({ "filter_name": "sso_connection_id", "filter_value": ["x"] }),
            "organization_search_expected_string",
        ),
        // Where Stytch's vocabulary spells a member filter's missing value its own way.
        (
            members,
            json!({ "filter_name": "member_is_breakglass", "filter_value": null }),
            "member_search_missing_is_breakglass",
        ),
        (
            members,
            json!({ "filter_name": "member_password_exists", "filter_value": null }),
            "member_search_missing_password_exists",
        ),
        (
            members,
            json!({ "filter_name": "member_mfa_phone_numbers", "filter_value": [] }),
            "member_search_missing_mfa_member_phone_numbers",
        ),
        // npm `stytch`'s names for the MFA phone filters are the same filters.
        (
            members,
            json!({ "filter_name": "member_phone_numbers", "filter_value": [] }),
            "member_search_missing_mfa_member_phone_numbers",
        ),
        (
            members,
            json!({ "filter_name": "member_phone_number_fuzzy", "filter_value": "55" }),
            "member_search_member_mfa_phone_number_fuzzy_too_short",
        ),
        (
            members,
            json!({ "filter_name": "statuses", "filter_value": ["active", "retired"] }),
            "search_invalid_status_filter",
        ),
    ] {
        refused_search(&api, &organization_id, path, operand, error_type).await;
    }
}

/// The IDs of the organizations `organizations/search` finds with these operands (`AND`).
async fn search_organizations(api: &Api, operands: Value) -> Vec<String> {
    let body = json!({ "query": { "operator": "AND", "operands": operands } });
    let (status, found) = api
        .backend(reqwest::Method::POST, "/organizations/search", Some(body))
        .await;
    assert_eq!(status, 200, "{found}");
    found["organizations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["organization_id"].as_str().unwrap().to_owned())
        .collect()
}

/// Asserts that a backend search (`path`; a member search in `organization_id`) with this one
/// operand is refused, 400, as `error_type`.
async fn refused_search(api: &Api, organization_id: &str, path: &str, operand: Value, error_type: &str) {
    let mut body = json!({ "query": { "operator": "AND", "operands": [operand] } });
    if path.contains("members") {
        body["organization_ids"] = json!([organization_id]);
    }
    let (status, answer) = api.backend(reqwest::Method::POST, path, Some(body)).await;
    assert_eq!(
        (status.as_u16(), answer["error_type"].as_str()),
        (400, Some(error_type)),
        "{path}: {answer}"
    );
}
