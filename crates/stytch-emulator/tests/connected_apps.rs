//! Connected Apps over HTTP: the Management API's clients, the consent page's calls, the OAuth
//! endpoints a connected app calls, the access-token exchange, and the lists and revocations
//! of granted apps.

use base64::Engine;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use sha2::Digest;
use stytch_emulator::{DEFAULT_PROJECT_ID, DEMO_PASSWORD, EmulatorConfig, Seed};

mod support;
use support::{Api, assert_refused, jwt_claims as claims, secret};

const CALLBACK: &str = "https://cli.example/callback";

fn start() -> Api {
    Api::with(EmulatorConfig {
        seed: Seed::Demo,
        ..EmulatorConfig::for_tests()
    })
}

impl Api {
    async fn management(&self, method: Method, path: &str, body: Value) -> (StatusCode, Value) {
        self.call(method, &format!("/v1/connected_apps/clients{path}"), secret(), body)
            .await
    }

    async fn app(&self, body: Value) -> Value {
        let (status, created) = self.management(Method::POST, "", body).await;
        assert_eq!(status, 200, "{created}");
        created["connected_app"].clone()
    }

    /// A form post to one of the project's OAuth endpoints.
    async fn oauth(&self, endpoint: &str, form: &[(&str, &str)]) -> (StatusCode, Value) {
        let response = self
            .http
            .post(format!(
                "{}/v1/public/{DEFAULT_PROJECT_ID}/oauth2/{endpoint}",
                self.base
            ))
            .form(form)
            .send()
            .await
            .unwrap();
        let status = response.status();
        (status, response.json().await.unwrap())
    }

    /// Tony of Stark Industries, signed in with his password: his session token and member ID.
    async fn tony(&self) -> (String, String) {
        let stark = self.organization_id("stark").await;
        let body = json!({
            "organization_id": stark, "email_address": "tony@stark.example",
            "password": DEMO_PASSWORD, "session_duration_minutes": 60,
        });
        let (status, signed_in) = self.sdk("/passwords/authenticate", None, body).await;
        assert_eq!(status, 200, "{signed_in}");
        let data = &signed_in["data"];
        (
            data["session_token"].as_str().unwrap().to_owned(),
            data["member_id"].as_str().unwrap().to_owned(),
        )
    }

    /// Tokens for a confidential app, the session's member consenting to `openid`.
    async fn openid_tokens(&self, session: &str, client_id: &str, secret: &str) -> Value {
        let request = json!({ "client_id": client_id, "redirect_uri": CALLBACK, "response_type": "code", "scopes": ["openid"], "consent_granted": true });
        let (_, answer) = self.idp("submit", session, request).await;
        let code = answer["data"]["authorization_code"].as_str().unwrap().to_owned();
        let (status, tokens) = self
            .oauth(
                "token",
                &[
                    ("grant_type", "authorization_code"),
                    ("client_id", client_id),
                    ("client_secret", secret),
                    ("code", &code),
                ],
            )
            .await;
        assert_eq!(status, 200, "{tokens}");
        tokens
    }

    async fn idp(&self, step: &str, session: &str, body: Value) -> (StatusCode, Value) {
        self.post(
            &format!("/sdk/v1/idp/b2b/oauth/authorize/{step}"),
            Some(support::basic(stytch_emulator::DEFAULT_PUBLIC_TOKEN, session)),
            body,
        )
        .await
    }
}

/// The query parameter `name` of a URL.
fn param(url: &str, name: &str) -> Option<String> {
    let query = url.split_once('?')?.1;
    query
        .split('&')
        .find_map(|pair| pair.strip_prefix(&format!("{name}=")).map(str::to_owned))
}

fn pkce_pair() -> (String, String) {
    let verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk".to_owned();
    let challenge = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(sha2::Sha256::digest(verifier.as_bytes()));
    (verifier, challenge)
}

#[tokio::test]
async fn apps_are_registered_by_stytchs_rules_and_their_secret_is_shown_once() {
    let api = start();
    for (body, error_type) in [
        (json!({ "client_type": "robot" }), "invalid_connected_app_type"),
        (
            json!({ "client_type": "third_party", "redirect_urls": ["http://cli.example/callback"] }),
            "connected_app_redirect_url_http_scheme_must_use_loopback",
        ),
        (
            json!({ "client_type": "third_party", "redirect_urls": ["cli.example/callback"] }),
            "connected_app_redirect_url_must_include_scheme",
        ),
        (
            json!({ "client_type": "third_party", "full_access_allowed": true }),
            "third_party_clients_cannot_use_full_access",
        ),
        (
            json!({ "client_type": "first_party", "access_token_expiry_minutes": 1 }),
            "idp_invalid_access_token_expiry_minutes",
        ),
    ] {
        assert_refused(api.management(Method::POST, "", body).await, 400, error_type);
    }
    let created = api
        .app(json!({ "client_type": "third_party", "client_name": "Acme CLI", "redirect_urls": [CALLBACK, "http://127.0.0.1:8976/cb"] }))
        .await;
    let client_id = created["client_id"].as_str().unwrap();
    assert!(client_id.starts_with("connected-app-test-"), "{created}");
    let secret = created["client_secret"].as_str().unwrap();
    let (status, read) = api.management(Method::GET, &format!("/{client_id}"), Value::Null).await;
    assert_eq!(status, 200);
    assert!(
        read["connected_app"].get("client_secret").is_none(),
        "shown once: {read}"
    );
    assert_eq!(
        read["connected_app"]["client_secret_last_four"],
        secret[secret.len() - 4..]
    );
    let public = api
        .app(json!({ "client_type": "third_party_public", "client_name": "Acme Desktop" }))
        .await;
    assert!(
        public.get("client_secret").is_none(),
        "a public app has no secret: {public}"
    );

    let (status, renamed) = api
        .management(
            Method::PUT,
            &format!("/{client_id}"),
            json!({ "client_name": "Acme CLI 2" }),
        )
        .await;
    assert_eq!(
        (status.as_u16(), &renamed["connected_app"]["client_name"]),
        (200, &json!("Acme CLI 2"))
    );
    let (_, page) = api.management(Method::POST, "/search", json!({ "limit": 1 })).await;
    assert_eq!(page["connected_apps"].as_array().unwrap().len(), 1);
    let cursor = page["results_metadata"]["next_cursor"].as_str().unwrap();
    let (_, rest) = api
        .management(Method::POST, "/search", json!({ "limit": 5, "cursor": cursor }))
        .await;
    assert_eq!(rest["connected_apps"][0]["client_name"], "Acme Desktop");
    assert_eq!(rest["results_metadata"]["next_cursor"], Value::Null);
    let (status, _) = api
        .management(Method::DELETE, &format!("/{client_id}"), Value::Null)
        .await;
    assert_eq!(status, 200);
    assert_refused(
        api.management(Method::GET, &format!("/{client_id}"), Value::Null).await,
        404,
        "connected_app_not_found",
    );
}

#[tokio::test]
async fn a_third_party_app_gets_consented_tokens_that_stop_when_the_member_revokes_it() {
    let api = start();
    // The project's scopes: reading documents (members may), deleting them (nobody here may).
    let policy = json!({
        "roles": [{ "role_id": "stytch_member", "permissions": [{ "resource_id": "documents", "actions": ["read"] }] }],
        "resources": [{ "resource_id": "documents", "actions": ["read", "delete"] }],
        "scopes": [
            { "scope": "read:documents", "description": "Read your documents", "permissions": [{ "resource_id": "documents", "actions": ["read"] }] },
            { "scope": "delete:documents", "description": "Delete your documents", "permissions": [{ "resource_id": "documents", "actions": ["delete"] }] },
        ],
    });
    let (status, body) = api.call(Method::PUT, "/emulator/v1/rbac/policy", None, policy).await;
    assert_eq!(status, 200, "{body}");
    let app = api
        .app(json!({ "client_type": "third_party", "client_name": "Acme CLI", "redirect_urls": [CALLBACK] }))
        .await;
    let (client_id, client_secret) = (
        app["client_id"].as_str().unwrap().to_owned(),
        app["client_secret"].as_str().unwrap().to_owned(),
    );
    let (session, tony) = api.tony().await;
    let scopes = json!([
        "openid",
        "email",
        "offline_access",
        "read:documents",
        "delete:documents"
    ]);
    let request =
        json!({ "client_id": client_id, "redirect_uri": CALLBACK, "response_type": "code", "scopes": scopes });

    // The consent page checks the request.
    assert_refused(
        api.idp("start", &session, json!({ "client_id": client_id, "redirect_uri": "https://evil.example/cb", "response_type": "code", "scopes": ["openid"] })).await,
        400,
        "connected_app_supplied_redirect_url_not_found_in_client",
    );
    assert_refused(
        api.idp("start", &session, json!({ "client_id": client_id, "redirect_uri": CALLBACK, "response_type": "code", "scopes": ["admin:everything"] })).await,
        400,
        "oauth_invalid_scope_requested",
    );
    assert_refused(api.idp("start", "", request.clone()).await, 401, "user_unauthenticated");
    let (status, started) = api.idp("start", &session, request.clone()).await;
    assert_eq!(status, 200, "{started}");
    let started = &started["data"];
    assert_eq!(started["consent_required"], true);
    assert_eq!(started["client"]["client_name"], "Acme CLI");
    let grantable: Vec<(String, bool)> = started["scope_results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["scope"].as_str().unwrap().to_owned(),
                r["is_grantable"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        grantable,
        [
            ("openid".to_owned(), true),
            ("email".to_owned(), true),
            ("offline_access".to_owned(), true),
            ("read:documents".to_owned(), true),
            ("delete:documents".to_owned(), false),
        ]
    );

    // Declined: the app hears access_denied.
    let mut declined = request.clone();
    declined["consent_granted"] = json!(false);
    declined["state"] = json!("xyz");
    let (_, answer) = api.idp("submit", &session, declined).await;
    let redirect = answer["data"]["redirect_uri"].as_str().unwrap();
    assert_eq!(param(redirect, "error").as_deref(), Some("access_denied"), "{redirect}");
    assert_eq!(param(redirect, "state").as_deref(), Some("xyz"));

    // Granted: a code, redeemed once with the app's secret.
    let mut granted = request.clone();
    granted["consent_granted"] = json!(true);
    granted["state"] = json!("xyz");
    granted["nonce"] = json!("n-0S6_WzA2Mj");
    let (status, answer) = api.idp("submit", &session, granted).await;
    assert_eq!(status, 200, "{answer}");
    let redirect = answer["data"]["redirect_uri"].as_str().unwrap();
    let code = param(redirect, "code").unwrap();
    assert_eq!(answer["data"]["authorization_code"], json!(code));
    let redeem = |secret: &'static str| {
        let (api, client_id, code) = (&api, client_id.clone(), code.clone());
        async move {
            api.oauth(
                "token",
                &[
                    ("grant_type", "authorization_code"),
                    ("client_id", &client_id),
                    ("client_secret", secret),
                    ("code", &code),
                    ("redirect_uri", CALLBACK),
                ],
            )
            .await
        }
    };
    let (status, refused) = redeem("secret-test-wrong").await;
    assert_eq!(
        (status.as_u16(), &refused["error_type"], &refused["error"]),
        (401, &json!("invalid_client_secret"), &json!("invalid_client")),
        "{refused}"
    );
    let secret: &'static str = Box::leak(client_secret.into_boxed_str());
    let (status, tokens) = redeem(secret).await;
    assert_eq!(status, 200, "{tokens}");
    assert_eq!(tokens["token_type"], "bearer");
    assert_eq!(
        tokens["scope"], "openid email offline_access read:documents",
        "the ungrantable scope is left out"
    );
    assert_eq!(tokens["expires_in"], 3600);
    let (status, again) = redeem(secret).await;
    assert_eq!(
        (status.as_u16(), &again["error_type"], &again["error"]),
        (400, &json!("idp_auth_code_not_found"), &json!("invalid_grant"))
    );
    let access = tokens["access_token"].as_str().unwrap().to_owned();
    let id = claims(tokens["id_token"].as_str().unwrap());
    assert_eq!(
        (&id["sub"], &id["email"], &id["nonce"], &id["aud"]),
        (
            &json!(tony),
            &json!("tony@stark.example"),
            &json!("n-0S6_WzA2Mj"),
            &json!([client_id])
        )
    );
    assert_eq!(claims(&access)["https://stytch.com/organization"]["slug"], "stark");

    // Granted already, the member is not asked again: a submit without consent still gets a
    // code (the official consent screen, asking nothing, sends `false`); with `prompt=consent`
    // the member was asked, and `false` is a refusal.
    let mut unasked = request.clone();
    unasked["consent_granted"] = json!(false);
    let (_, answer) = api.idp("submit", &session, unasked.clone()).await;
    let redirect = answer["data"]["redirect_uri"].as_str().unwrap();
    assert!(param(redirect, "code").is_some(), "{redirect}");
    unasked["prompt"] = json!("consent");
    let (_, answer) = api.idp("submit", &session, unasked).await;
    let redirect = answer["data"]["redirect_uri"].as_str().unwrap();
    assert_eq!(param(redirect, "error").as_deref(), Some("access_denied"), "{redirect}");

    // The app reads who it acts for, and a resource server checks the token.
    let introspect = |token: String| {
        let (api, client_id) = (&api, client_id.clone());
        async move {
            api.oauth(
                "introspect",
                &[("token", &token), ("client_id", &client_id), ("client_secret", secret)],
            )
            .await
            .1
        }
    };
    let active = introspect(access.clone()).await;
    assert_eq!(
        (&active["active"], &active["sub"]),
        (&json!(true), &json!(tony)),
        "{active}"
    );
    assert_eq!(active["scope"], "openid email offline_access read:documents");
    assert_eq!(introspect("not-a-token".into()).await["active"], false);
    let info = api
        .http
        .get(format!("{}/v1/public/{DEFAULT_PROJECT_ID}/oauth2/userinfo", api.base))
        .bearer_auth(&access)
        .send()
        .await
        .unwrap()
        .json::<Value>()
        .await
        .unwrap();
    assert_eq!(
        (&info["sub"], &info["email"]),
        (&json!(tony), &json!("tony@stark.example"))
    );

    // The refresh token works once and is replaced.
    let refresh = |token: String| {
        let (api, client_id) = (&api, client_id.clone());
        async move {
            api.oauth(
                "token",
                &[
                    ("grant_type", "refresh_token"),
                    ("client_id", &client_id),
                    ("client_secret", secret),
                    ("refresh_token", &token),
                ],
            )
            .await
        }
    };
    let first_refresh = tokens["refresh_token"].as_str().unwrap().to_owned();
    let (status, renewed) = refresh(first_refresh.clone()).await;
    assert_eq!(status, 200, "{renewed}");
    let (status, reused) = refresh(first_refresh).await;
    assert_eq!(
        (status.as_u16(), &reused["error_type"]),
        (400, &json!("idp_refresh_token_already_used"))
    );

    // Granted before: no consent asked again, unless the app asks for it.
    let (_, again) = api.idp("start", &session, request.clone()).await;
    assert_eq!(again["data"]["consent_required"], false);
    for asked in ["consent", "login consent"] {
        let mut prompt = request.clone();
        prompt["prompt"] = json!(asked);
        assert_eq!(
            api.idp("start", &session, prompt).await.1["data"]["consent_required"],
            true,
            "prompt={asked} (a space-separated list)"
        );
    }

    // Tony and his organization see the app; revoking it stops its tokens.
    let auth = Some(support::basic(stytch_emulator::DEFAULT_PUBLIC_TOKEN, &session));
    let (_, mine) = api
        .call(
            Method::GET,
            "/sdk/v1/b2b/organizations/members/connected_apps",
            auth.clone(),
            Value::Null,
        )
        .await;
    assert_eq!(
        mine["data"]["connected_apps"],
        json!([{ "connected_app_id": client_id, "name": "Acme CLI", "description": "", "client_type": "third_party", "scopes_granted": "openid email offline_access read:documents" }])
    );
    let (_, installed) = api
        .call(
            Method::GET,
            "/sdk/v1/b2b/organizations/connected_apps",
            auth.clone(),
            Value::Null,
        )
        .await;
    assert_eq!(
        installed["data"]["connected_apps"][0]["connected_app_id"],
        json!(client_id)
    );
    let (_, detail) = api
        .call(
            Method::GET,
            &format!("/sdk/v1/b2b/organizations/connected_apps/{client_id}"),
            auth.clone(),
            Value::Null,
        )
        .await;
    assert_eq!(detail["data"]["active_members"][0]["member_id"], json!(tony));
    let (status, _) = api
        .call(
            Method::POST,
            &format!("/sdk/v1/b2b/organizations/members/connected_apps/{client_id}/revoke"),
            auth.clone(),
            Value::Null,
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(
        introspect(renewed["access_token"].as_str().unwrap().to_owned()).await["active"],
        false
    );
    let (status, stopped) = refresh(renewed["refresh_token"].as_str().unwrap().to_owned()).await;
    assert_eq!(
        (status.as_u16(), &stopped["error_type"]),
        (400, &json!("idp_refresh_token_not_found")),
        "{stopped}"
    );
    let (_, mine) = api
        .call(
            Method::GET,
            "/sdk/v1/b2b/organizations/members/connected_apps",
            auth,
            Value::Null,
        )
        .await;
    assert_eq!(mine["data"]["connected_apps"], json!([]));
}

#[tokio::test]
async fn a_public_app_must_use_pkce() {
    let api = start();
    let app = api
        .app(json!({ "client_type": "third_party_public", "client_name": "Acme Desktop", "redirect_urls": ["http://127.0.0.1:8976/callback"] }))
        .await;
    let client_id = app["client_id"].as_str().unwrap().to_owned();
    let (session, _) = api.tony().await;
    let mut request = json!({ "client_id": client_id, "redirect_uri": "http://127.0.0.1:8976/callback", "response_type": "code", "scopes": ["openid"], "consent_granted": true });
    assert_refused(
        api.idp("submit", &session, request.clone()).await,
        400,
        "pkce_required_for_idp_authorization_flow",
    );
    let (verifier, challenge) = pkce_pair();
    request["code_challenge"] = json!(challenge);
    let code = |request: Value| {
        let (api, session) = (&api, session.clone());
        async move {
            let (_, answer) = api.idp("submit", &session, request).await;
            answer["data"]["authorization_code"].as_str().unwrap().to_owned()
        }
    };
    let first = code(request.clone()).await;
    let (status, refused) = api
        .oauth(
            "token",
            &[
                ("grant_type", "authorization_code"),
                ("client_id", &client_id),
                ("code", &first),
            ],
        )
        .await;
    assert_eq!(
        (status.as_u16(), &refused["error_type"]),
        (400, &json!("pkce_expected_code_verifier"))
    );
    let second = code(request).await;
    let (status, tokens) = api
        .oauth(
            "token",
            &[
                ("grant_type", "authorization_code"),
                ("client_id", &client_id),
                ("code", &second),
                ("code_verifier", &verifier),
            ],
        )
        .await;
    assert_eq!(status, 200, "{tokens}");
    assert!(
        tokens.get("refresh_token").is_none(),
        "no offline_access, no refresh token"
    );
}

#[tokio::test]
async fn a_first_party_apps_full_access_token_becomes_a_session_once_within_five_minutes() {
    let api = start();
    let app = api
        .app(json!({ "client_type": "first_party", "client_name": "Stark Desktop", "redirect_urls": [CALLBACK], "full_access_allowed": true }))
        .await;
    let (client_id, secret) = (
        app["client_id"].as_str().unwrap().to_owned(),
        app["client_secret"].as_str().unwrap().to_owned(),
    );
    let (session, tony) = api.tony().await;
    let request = json!({ "client_id": client_id, "redirect_uri": CALLBACK, "response_type": "code", "scopes": ["openid", "full_access"], "consent_granted": true });
    let (_, started) = api.idp("start", &session, request.clone()).await;
    assert_eq!(
        started["data"]["consent_required"], false,
        "first-party apps ask no consent"
    );
    let token = || {
        let (api, session, request, client_id, secret) = (
            &api,
            session.clone(),
            request.clone(),
            client_id.clone(),
            secret.clone(),
        );
        async move {
            let (_, answer) = api.idp("submit", &session, request).await;
            let code = answer["data"]["authorization_code"].as_str().unwrap().to_owned();
            let (status, tokens) = api
                .oauth(
                    "token",
                    &[
                        ("grant_type", "authorization_code"),
                        ("client_id", &client_id),
                        ("client_secret", &secret),
                        ("code", &code),
                    ],
                )
                .await;
            assert_eq!(status, 200, "{tokens}");
            tokens["access_token"].as_str().unwrap().to_owned()
        }
    };
    let exchange = |access: String| {
        let api = &api;
        async move {
            api.sdk(
                "/sessions/exchange_access_token",
                None,
                json!({ "access_token": access, "session_duration_minutes": 30 }),
            )
            .await
        }
    };
    let access = token().await;
    let (status, exchanged) = exchange(access.clone()).await;
    assert_eq!(status, 200, "{exchanged}");
    let data = &exchanged["data"];
    assert_eq!(data["member_id"], json!(tony));
    assert_ne!(data["session_token"], json!(session), "a new session");
    assert_eq!(
        data["member_session"]["authentication_factors"][0]["delivery_method"], "knowledge",
        "the authorizing session's password factor"
    );
    assert_refused(exchange(access).await, 400, "idp_access_token_could_not_be_exchanged");

    // Too old after five minutes; a token without full_access never.
    let late = token().await;
    let (status, _) = api
        .call(
            Method::POST,
            "/emulator/v1/clock",
            None,
            json!({ "advance_seconds": 301 }),
        )
        .await;
    assert_eq!(status, 200);
    assert_refused(exchange(late).await, 400, "oauth_access_token_exchange_token_too_old");
    assert_refused(
        exchange("eyJ.not.a-token".into()).await,
        404,
        "idp_access_token_not_found",
    );
    let third = api
        .app(json!({ "client_type": "third_party", "redirect_urls": [CALLBACK] }))
        .await;
    let (third_id, third_secret) = (
        third["client_id"].as_str().unwrap().to_owned(),
        third["client_secret"].as_str().unwrap().to_owned(),
    );
    let (session, _) = api.tony().await;
    let tokens = api.openid_tokens(&session, &third_id, &third_secret).await;
    assert_refused(
        exchange(tokens["access_token"].as_str().unwrap().to_owned()).await,
        400,
        "oauth_access_token_exchange_missing_full_access",
    );
}

#[tokio::test]
async fn an_mcp_client_finds_the_endpoints_registers_itself_and_gets_tokens_from_the_project_domain() {
    let api = Api::with(EmulatorConfig {
        seed: Seed::Demo,
        idp_authorization_url: Some("http://localhost:3000/oauth/authorize".into()),
        ..EmulatorConfig::for_tests()
    });
    // Discovery, as an MCP client starts.
    let (status, metadata) = api
        .call(
            Method::GET,
            "/.well-known/oauth-authorization-server",
            None,
            Value::Null,
        )
        .await;
    assert_eq!(status, 200, "{metadata}");
    let issuer = metadata["issuer"].as_str().unwrap().to_owned();
    assert_eq!(issuer, api.base, "the project domain is where it was reached");
    assert_eq!(
        metadata["authorization_endpoint"],
        "http://localhost:3000/oauth/authorize"
    );
    assert_eq!(metadata["code_challenge_methods_supported"], json!(["S256"]));
    let (_, openid) = api
        .call(Method::GET, "/.well-known/openid-configuration", None, Value::Null)
        .await;
    assert_eq!(openid, metadata);
    let endpoint = |key: &str| metadata[key].as_str().unwrap().trim_start_matches(&api.base).to_owned();

    // Dynamic Client Registration: public by default, the same client for the same metadata.
    let register = |body: Value| {
        let (api, path) = (&api, endpoint("registration_endpoint"));
        async move {
            let response = api
                .http
                .post(format!("{}{path}", api.base))
                .json(&body)
                .send()
                .await
                .unwrap();
            (response.status(), response.json::<Value>().await.unwrap())
        }
    };
    let claude = json!({ "client_name": "Claude", "redirect_uris": ["http://localhost:6274/oauth/callback"] });
    let (status, public) = register(claude.clone()).await;
    assert_eq!(status, 201, "{public}");
    assert_eq!(public["token_endpoint_auth_method"], "none");
    assert!(public.get("client_secret").is_none());
    let (_, again) = register(claude).await;
    assert_eq!(again["client_id"], public["client_id"], "deduplicated");
    let (status, refused) = register(json!({ "redirect_uris": ["localhost/cb"] })).await;
    assert_eq!(
        (status.as_u16(), &refused["error"], &refused["error_type"]),
        (
            400,
            &json!("invalid_redirect_uri"),
            &json!("connected_app_redirect_url_must_include_scheme")
        )
    );
    let (_, confidential) = register(json!({
        "client_name": "Partner", "redirect_uris": [CALLBACK], "token_endpoint_auth_method": "client_secret_basic",
    }))
    .await;
    let (client_id, secret) = (
        confidential["client_id"].as_str().unwrap().to_owned(),
        confidential["client_secret"].as_str().unwrap().to_owned(),
    );
    let (_, read) = api.management(Method::GET, &format!("/{client_id}"), Value::Null).await;
    assert_eq!(read["connected_app"]["client_type"], "third_party");

    // Tony consents; the app redeems with client_secret_basic at the domain's token endpoint.
    let (session, tony) = api.tony().await;
    let request = json!({ "client_id": client_id, "redirect_uri": CALLBACK, "response_type": "code", "scopes": ["openid"], "consent_granted": true });
    let (_, answer) = api.idp("submit", &session, request).await;
    let code = answer["data"]["authorization_code"].as_str().unwrap().to_owned();
    let response = api
        .http
        .post(format!("{}{}", api.base, endpoint("token_endpoint")))
        .basic_auth(&client_id, Some(&secret))
        .form(&[("grant_type", "authorization_code"), ("code", &code)])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let tokens: Value = response.json().await.unwrap();
    let access = claims(tokens["access_token"].as_str().unwrap());
    let id = claims(tokens["id_token"].as_str().unwrap());
    assert_eq!((&access["iss"], &access["sub"]), (&json!(issuer), &json!(tony)));
    assert_eq!(id["iss"], json!(issuer), "the ID token's issuer is the metadata's");
    let (_, keys) = api.call(Method::GET, "/.well-known/jwks.json", None, Value::Null).await;
    assert!(keys["keys"][0]["kid"].is_string(), "{keys}");
    let (_, active) = api
        .oauth(
            "introspect",
            &[
                ("token", tokens["access_token"].as_str().unwrap()),
                ("client_id", &client_id),
                ("client_secret", &secret),
            ],
        )
        .await;
    assert_eq!(active["active"], true, "{active}");
}

#[tokio::test]
async fn a_confidential_apps_secret_rotates_without_downtime_and_logout_checks_its_hint() {
    let api = start();
    let app = api
        .app(json!({ "client_type": "third_party", "client_name": "Acme CLI", "redirect_urls": [CALLBACK], "post_logout_redirect_urls": ["https://cli.example/signed-out"] }))
        .await;
    let client_id = app["client_id"].as_str().unwrap().to_owned();
    let old = app["client_secret"].as_str().unwrap().to_owned();
    let rotate = |step: &'static str| {
        let (api, client_id) = (&api, client_id.clone());
        async move {
            api.management(Method::POST, &format!("/{client_id}/secrets/{step}"), json!({}))
                .await
        }
    };
    assert_refused(rotate("rotate").await, 400, "connected_app_not_rotating_secret");
    let (status, started) = rotate("rotate/start").await;
    assert_eq!(status, 200, "{started}");
    let new = started["connected_app"]["next_client_secret"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_ne!(new, old);
    assert_refused(
        rotate("rotate/start").await,
        400,
        "connected_app_already_rotating_secret",
    );
    // During the rotation both secrets work; after it only the new one does.
    let (session, _) = api.tony().await;
    let introspect = |secret: String| {
        let (api, client_id) = (&api, client_id.clone());
        async move {
            api.oauth(
                "introspect",
                &[("token", "x"), ("client_id", &client_id), ("client_secret", &secret)],
            )
            .await
            .0
        }
    };
    assert_eq!(introspect(old.clone()).await, 200);
    assert_eq!(introspect(new.clone()).await, 200);
    let (status, done) = rotate("rotate").await;
    assert_eq!(status, 200, "{done}");
    assert_eq!(done["connected_app"]["client_secret_last_four"], new[new.len() - 4..]);
    assert_eq!(introspect(old).await, 401);
    assert_eq!(introspect(new.clone()).await, 200);
    let public = api.app(json!({ "client_type": "third_party_public" })).await;
    assert_refused(
        api.management(
            Method::POST,
            &format!("/{}/secrets/rotate/start", public["client_id"].as_str().unwrap()),
            json!({}),
        )
        .await,
        400,
        "public_connected_apps_do_not_have_secrets",
    );

    // RP-initiated logout: the app's own ID token for Tony needs no confirmation.
    let tokens = api.openid_tokens(&session, &client_id, &new).await;
    let logout = |hint: Option<&str>, session: Option<&str>| {
        let mut body = json!({ "client_id": client_id, "post_logout_redirect_uri": "https://cli.example/signed-out", "state": "s 1" });
        if let Some(hint) = hint {
            body["id_token_hint"] = json!(hint);
        }
        let (api, session) = (&api, session.map(str::to_owned));
        async move {
            api.post(
                "/sdk/v1/b2b/oauth/logout/start",
                Some(support::basic(
                    stytch_emulator::DEFAULT_PUBLIC_TOKEN,
                    session.as_deref().unwrap_or(stytch_emulator::DEFAULT_PUBLIC_TOKEN),
                )),
                body,
            )
            .await
        }
    };
    let id_token = tokens["id_token"].as_str().unwrap();
    let (status, answer) = logout(Some(id_token), Some(&session)).await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(
        (&answer["data"]["consent_required"], &answer["data"]["redirect_uri"]),
        (&json!(false), &json!("https://cli.example/signed-out?state=s%201"))
    );
    assert_eq!(logout(None, Some(&session)).await.1["data"]["consent_required"], true);
    assert_eq!(
        logout(Some("not-a-token"), None).await.1["data"]["consent_required"],
        true
    );
    let mut wrong =
        json!({ "client_id": client_id, "post_logout_redirect_uri": "https://evil.example/", "state": "s" });
    wrong["id_token_hint"] = json!(id_token);
    assert_refused(
        api.post(
            "/sdk/v1/b2b/oauth/logout/start",
            Some(support::basic(
                stytch_emulator::DEFAULT_PUBLIC_TOKEN,
                stytch_emulator::DEFAULT_PUBLIC_TOKEN,
            )),
            wrong,
        )
        .await,
        400,
        "connected_app_supplied_redirect_url_not_found_in_client",
    );
}

#[tokio::test]
async fn the_organizations_page_shows_the_registered_apps_and_who_granted_them() {
    let api = start();
    let app = api
        .app(json!({ "client_type": "third_party", "client_name": "<b>Acme</b> CLI", "redirect_urls": [CALLBACK] }))
        .await;
    let client_id = app["client_id"].as_str().unwrap().to_owned();
    let page = |query: &'static str| {
        let url = format!("{}/emulator/organizations{query}", api.base);
        async move { reqwest::get(url).await.unwrap().text().await.unwrap() }
    };
    let before = page("?q=stark").await;
    assert!(before.contains("Registered (1)"), "the project's apps are listed");
    assert!(
        before.contains("&lt;b&gt;Acme&lt;/b&gt; CLI") && !before.contains("<b>Acme</b>"),
        "escaped"
    );
    assert!(
        before.contains("<dt>Connected apps</dt><dd>none</dd>"),
        "nobody granted it yet"
    );

    let (session, _) = api.tony().await;
    let request = json!({ "client_id": client_id, "redirect_uri": CALLBACK, "response_type": "code", "scopes": ["openid", "email"], "consent_granted": true });
    let (status, answer) = api.idp("submit", &session, request).await;
    assert_eq!(status, 200, "{answer}");
    let after = page("?q=stark").await;
    assert!(
        after.contains(&format!(
            "&lt;b&gt;Acme&lt;/b&gt; CLI (third_party) <code>{client_id}</code>, granted by 1"
        )),
        "{after}"
    );
    assert!(
        after.contains("<td>&lt;b&gt;Acme&lt;/b&gt; CLI (openid email)</td>"),
        "Tony's row names it: {after}"
    );
}

#[tokio::test]
async fn an_apps_token_templates_add_the_members_and_organizations_claims_to_its_tokens() {
    let api = start();
    let stark = api.organization_id("stark").await;
    let (session, tony) = api.tony().await;
    let (status, _) = api
        .call(
            Method::PUT,
            &format!("/v1/b2b/organizations/{stark}"),
            secret(),
            json!({ "trusted_metadata": { "plan": "gold" } }),
        )
        .await;
    assert_eq!(status, 200);
    let (status, _) = api
        .call(
            Method::PUT,
            &format!("/v1/b2b/organizations/{stark}/members/{tony}"),
            secret(),
            json!({ "trusted_metadata": { "department": "R&D" } }),
        )
        .await;
    assert_eq!(status, 200);

    // Templates are checked when set: one refusal name for the access token's.
    let register = |settings: Value| {
        let mut body = json!({ "client_type": "first_party", "client_name": "Jarvis", "redirect_urls": [CALLBACK] });
        body.as_object_mut()
            .unwrap()
            .extend(settings.as_object().unwrap().clone());
        let api = &api;
        async move { api.management(Method::POST, "", body).await }
    };
    for bad in [
        r#"{"plan": {{ organization.trusted_metadata.plan }"#,
        r#"{"sub": "someone"}"#,
        r#"{"x": {{ request.a }}}"#,
    ] {
        assert_refused(
            register(json!({ "access_token_template_content": bad })).await,
            400,
            "idp_invalid_access_token_jwt_template",
        );
    }
    assert_refused(
        register(json!({ "id_token_template_content": r#"{"department": {{ member.trusted_metadata.department }"# }))
            .await,
        400,
        "jwt_template_mismatched_tag",
    );

    let access = r#"{"plan": {{ organization.trusted_metadata.plan }}, "roles": {{ member.rbac.roles }}, "scope": "everything"}"#;
    let identity = r#"{"department": {{ member.trusted_metadata.department }}}"#;
    let (status, created) = register(json!({ "access_token_template_content": access })).await;
    assert_eq!(status, 200, "{created}");
    let app = &created["connected_app"];
    assert_eq!(app["access_token_template_content"], access);
    let client_id = app["client_id"].as_str().unwrap().to_owned();
    let client_secret = app["client_secret"].as_str().unwrap().to_owned();
    let (status, updated) = api
        .management(
            Method::PUT,
            &format!("/{client_id}"),
            json!({ "id_token_template_content": identity }),
        )
        .await;
    assert_eq!(status, 200, "{updated}");
    assert_eq!(updated["connected_app"]["id_token_template_content"], identity);

    let tokens = api.openid_tokens(&session, &client_id, &client_secret).await;
    let access_claims = claims(tokens["access_token"].as_str().unwrap());
    assert_eq!(access_claims["plan"], "gold");
    assert!(
        access_claims["roles"]
            .as_array()
            .unwrap()
            .contains(&json!("stytch_member")),
        "{access_claims}"
    );
    assert_eq!(
        access_claims["scope"], "openid",
        "a template never replaces the token's own claims"
    );
    assert!(access_claims.get("department").is_none());
    let id_claims = claims(tokens["id_token"].as_str().unwrap());
    assert_eq!(id_claims["department"], "R&D");
    assert!(id_claims.get("plan").is_none());

    // Emptied, the template adds nothing to the next tokens.
    let (status, _) = api
        .management(
            Method::PUT,
            &format!("/{client_id}"),
            json!({ "access_token_template_content": "" }),
        )
        .await;
    assert_eq!(status, 200);
    let tokens = api.openid_tokens(&session, &client_id, &client_secret).await;
    assert!(claims(tokens["access_token"].as_str().unwrap()).get("plan").is_none());
}

#[tokio::test]
async fn an_apps_custom_audience_joins_the_projects_in_its_access_tokens() {
    let api = start();
    let (session, _) = api.tony().await;
    let register = |audience: Value| {
        let body = json!({ "client_type": "first_party", "client_name": "MCP", "redirect_urls": [CALLBACK],
                           "access_token_custom_audience": audience });
        let api = &api;
        async move { api.management(Method::POST, "", body).await }
    };
    for bad in [json!("two values"), json!("x".repeat(1025)), json!("tab\there")] {
        assert_refused(register(bad).await, 400, "idp_invalid_access_token_custom_audience");
    }

    let (status, created) = register(json!(" https://mcp.stark.example ")).await;
    assert_eq!(status, 200, "{created}");
    let app = &created["connected_app"];
    assert_eq!(app["access_token_custom_audience"], "https://mcp.stark.example");
    let client_id = app["client_id"].as_str().unwrap().to_owned();
    let client_secret = app["client_secret"].as_str().unwrap().to_owned();
    let tokens = api.openid_tokens(&session, &client_id, &client_secret).await;
    let access = tokens["access_token"].as_str().unwrap();
    assert_eq!(
        claims(access)["aud"],
        json!([stytch_emulator::DEFAULT_PROJECT_ID, "https://mcp.stark.example"])
    );
    assert_eq!(
        claims(tokens["id_token"].as_str().unwrap())["aud"],
        json!([client_id]),
        "the ID token stays the app's"
    );
    let (_, introspected) = api
        .call(
            Method::POST,
            "/v1/oauth2/introspect",
            None,
            json!({ "token": access, "client_id": client_id, "client_secret": client_secret }),
        )
        .await;
    assert_eq!(introspected["active"], true, "{introspected}");

    // Emptied, the next tokens carry the project alone, and the app no longer shows one.
    let (status, updated) = api
        .management(
            Method::PUT,
            &format!("/{client_id}"),
            json!({ "access_token_custom_audience": "" }),
        )
        .await;
    assert_eq!(status, 200, "{updated}");
    assert!(
        updated["connected_app"].get("access_token_custom_audience").is_none(),
        "{updated}"
    );
    let tokens = api.openid_tokens(&session, &client_id, &client_secret).await;
    assert_eq!(
        claims(tokens["access_token"].as_str().unwrap())["aud"],
        json!([stytch_emulator::DEFAULT_PROJECT_ID])
    );
}
