//! M2M clients over HTTP: the backend API's clients (create, import, get, update, search,
//! delete, secret rotation) and the `client_credentials` grant at the project's token endpoint.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use stytch_emulator::{DEFAULT_PROJECT_ID, EmulatorConfig, Seed};

mod support;
use support::{Api, assert_refused, basic, jwt_claims, secret};

fn start() -> Api {
    Api::with(EmulatorConfig {
        seed: Seed::None,
        ..EmulatorConfig::for_tests()
    })
}

impl Api {
    async fn clients(&self, method: Method, path: &str, body: Value) -> (StatusCode, Value) {
        self.call(method, &format!("/v1/m2m/clients{path}"), secret(), body)
            .await
    }

    /// A new client: its ID and secret.
    async fn m2m_client(&self, body: Value) -> (String, String) {
        let (status, created) = self.clients(Method::POST, "", body).await;
        assert_eq!(status, 200, "{created}");
        let client = &created["m2m_client"];
        (
            client["client_id"].as_str().unwrap().to_owned(),
            client["client_secret"].as_str().unwrap().to_owned(),
        )
    }

    /// A `client_credentials` token request, as a form with the credentials in the body.
    async fn m2m_token(&self, client_id: &str, client_secret: &str, scope: Option<&str>) -> (StatusCode, Value) {
        let mut form = vec![
            ("grant_type", "client_credentials"),
            ("client_id", client_id),
            ("client_secret", client_secret),
        ];
        if let Some(scope) = scope {
            form.push(("scope", scope));
        }
        let response = self
            .http
            .post(format!("{}/v1/public/{DEFAULT_PROJECT_ID}/oauth2/token", self.base))
            .form(&form)
            .send()
            .await
            .unwrap();
        let status = response.status();
        (status, response.json().await.unwrap())
    }

    async fn token_scope(&self, client_id: &str, client_secret: &str, scope: Option<&str>) -> String {
        let (status, answer) = self.m2m_token(client_id, client_secret, scope).await;
        assert_eq!(status, 200, "{answer}");
        jwt_claims(answer["access_token"].as_str().unwrap())["scope"]
            .as_str()
            .unwrap()
            .to_owned()
    }
}

/// An OAuth error at the token endpoint: its status and OAuth `error`.
fn assert_oauth_error((status, body): (StatusCode, Value), expected: u16, error: &str) {
    assert_eq!(
        (status.as_u16(), body["error"].as_str()),
        (expected, Some(error)),
        "{body}"
    );
}

#[tokio::test]
async fn a_client_gets_tokens_with_its_scopes_and_its_secret_shows_once() {
    let api = start();
    let (status, created) = api
        .clients(
            Method::POST,
            "",
            json!({ "client_name": " Billing sync ", "scopes": ["read:users", "write:users", "read:users"], "trusted_metadata": { "team": "billing" } }),
        )
        .await;
    assert_eq!(status, 200, "{created}");
    let client = &created["m2m_client"];
    let client_id = client["client_id"].as_str().unwrap();
    let client_secret = client["client_secret"].as_str().unwrap();
    assert!(client_id.starts_with("m2m-client-test-"), "{client}");
    assert_eq!(client["client_name"], "Billing sync");
    assert_eq!(
        client["scopes"],
        json!(["read:users", "write:users"]),
        "one copy of each scope"
    );
    assert_eq!(client["status"], "active");
    assert_eq!(client["trusted_metadata"], json!({ "team": "billing" }));
    assert_eq!(
        client["client_secret_last_four"],
        client_secret[client_secret.len() - 4..]
    );

    let (status, got) = api.clients(Method::GET, &format!("/{client_id}"), Value::Null).await;
    assert_eq!(status, 200, "{got}");
    assert!(
        got["m2m_client"].get("client_secret").is_none(),
        "the secret shows once: {got}"
    );
    assert_eq!(
        got["m2m_client"]["client_secret_last_four"],
        client["client_secret_last_four"]
    );

    let (status, answer) = api.m2m_token(client_id, client_secret, None).await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(
        (answer["token_type"].as_str(), answer["expires_in"].as_i64()),
        (Some("bearer"), Some(3600))
    );
    let claims = jwt_claims(answer["access_token"].as_str().unwrap());
    assert_eq!(claims["sub"], client_id);
    assert_eq!(claims["iss"], format!("stytch.com/{DEFAULT_PROJECT_ID}"));
    assert_eq!(claims["aud"], json!([DEFAULT_PROJECT_ID]));
    assert_eq!(claims["scope"], "read:users write:users", "no scope asked: all of them");
    assert_eq!(claims["exp"].as_i64().unwrap() - claims["iat"].as_i64().unwrap(), 3600);
    assert!(claims.get("https://stytch.com/session").is_none(), "{claims}");

    assert_eq!(
        api.token_scope(client_id, client_secret, Some("write:users")).await,
        "write:users"
    );
    assert_oauth_error(
        api.m2m_token(client_id, client_secret, Some("read:users admin")).await,
        400,
        "invalid_scope",
    );
    assert_oauth_error(
        api.m2m_token(client_id, "not-the-secret", None).await,
        401,
        "invalid_client",
    );
    assert_oauth_error(
        api.m2m_token("m2m-client-test-unknown", client_secret, None).await,
        401,
        "invalid_client",
    );

    // The credentials as `client_secret_basic`, and a JSON body, as Stytch's examples send.
    let response = api
        .http
        .post(format!("{}/v1/public/{DEFAULT_PROJECT_ID}/oauth2/token", api.base))
        .header("authorization", basic(client_id, client_secret))
        .json(&json!({ "grant_type": "client_credentials", "scope": "read:users" }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let answer: Value = response.json().await.unwrap();
    assert_eq!(
        jwt_claims(answer["access_token"].as_str().unwrap())["scope"],
        "read:users"
    );
}

#[tokio::test]
async fn both_secrets_work_during_a_rotation_and_only_the_new_one_after() {
    let api = start();
    let (client_id, old) = api.m2m_client(json!({ "scopes": ["read:users"] })).await;
    let rotate = |step: &'static str| {
        let path = format!("/{client_id}/secrets/{step}");
        let api = &api;
        async move { api.clients(Method::POST, &path, json!({})).await }
    };
    assert_refused(rotate("rotate").await, 400, "m2m_client_not_rotating_secret");
    assert_refused(rotate("rotate/cancel").await, 400, "m2m_client_not_rotating_secret");

    let (status, started) = rotate("rotate/start").await;
    assert_eq!(status, 200, "{started}");
    let next = started["m2m_client"]["next_client_secret"].as_str().unwrap().to_owned();
    assert_eq!(
        started["m2m_client"]["next_client_secret_last_four"],
        next[next.len() - 4..]
    );
    assert_refused(rotate("rotate/start").await, 400, "m2m_client_already_rotating_secret");
    let (_, got) = api.clients(Method::GET, &format!("/{client_id}"), Value::Null).await;
    assert!(
        got["m2m_client"].get("next_client_secret").is_none(),
        "shown once: {got}"
    );
    for secret in [&old, &next] {
        assert_eq!(api.m2m_token(&client_id, secret, None).await.0, 200);
    }

    // Cancelled: the next secret stops working.
    assert_eq!(rotate("rotate/cancel").await.0, 200);
    assert_oauth_error(api.m2m_token(&client_id, &next, None).await, 401, "invalid_client");
    assert_eq!(api.m2m_token(&client_id, &old, None).await.0, 200);

    // Completed: only the new secret works.
    let (_, started) = rotate("rotate/start").await;
    let next = started["m2m_client"]["next_client_secret"].as_str().unwrap().to_owned();
    let (status, rotated) = rotate("rotate").await;
    assert_eq!(status, 200, "{rotated}");
    assert_eq!(rotated["m2m_client"]["client_secret_last_four"], next[next.len() - 4..]);
    assert!(
        rotated["m2m_client"].get("next_client_secret_last_four").is_none(),
        "{rotated}"
    );
    assert_oauth_error(api.m2m_token(&client_id, &old, None).await, 401, "invalid_client");
    assert_eq!(api.m2m_token(&client_id, &next, None).await.0, 200);
}

#[tokio::test]
async fn updates_change_what_tokens_carry_and_an_inactive_client_gets_none() {
    let api = start();
    let (client_id, client_secret) = api.m2m_client(json!({ "scopes": ["read:users"] })).await;
    let path = format!("/{client_id}");

    let (status, updated) = api
        .clients(
            Method::PUT,
            &path,
            json!({ "scopes": ["read:invoices"], "client_description": "Nightly" }),
        )
        .await;
    assert_eq!(status, 200, "{updated}");
    assert_eq!(updated["m2m_client"]["client_description"], "Nightly");
    assert_eq!(api.token_scope(&client_id, &client_secret, None).await, "read:invoices");
    assert_oauth_error(
        api.m2m_token(&client_id, &client_secret, Some("read:users")).await,
        400,
        "invalid_scope",
    );

    assert_eq!(
        api.clients(Method::PUT, &path, json!({ "status": "inactive" })).await.0,
        200
    );
    let refused = api.m2m_token(&client_id, &client_secret, None).await;
    assert!(
        refused.1["error_message"].as_str().unwrap().contains("inactive"),
        "{}",
        refused.1
    );
    assert_oauth_error(refused, 401, "invalid_client");
    assert_eq!(
        api.clients(Method::PUT, &path, json!({ "status": "active" })).await.0,
        200
    );
    assert_eq!(api.m2m_token(&client_id, &client_secret, None).await.0, 200);

    // Nothing changes on a refused update.
    for body in [
        json!({ "status": "paused", "client_name": "Renamed" }),
        json!({ "scopes": ["two words"], "client_name": "Renamed" }),
        json!({ "trusted_metadata": [1], "client_name": "Renamed" }),
    ] {
        let (status, refused) = api.clients(Method::PUT, &path, body.clone()).await;
        assert_eq!(status, 400, "{body}: {refused}");
    }
    let (_, got) = api.clients(Method::GET, &path, Value::Null).await;
    assert_eq!(got["m2m_client"]["client_name"], "", "{got}");

    // Deleted: gone, and no more tokens.
    let (status, deleted) = api.clients(Method::DELETE, &path, Value::Null).await;
    assert_eq!(
        (status.as_u16(), deleted["client_id"].as_str()),
        (200, Some(client_id.as_str()))
    );
    assert_refused(
        api.clients(Method::GET, &path, Value::Null).await,
        404,
        "m2m_client_not_found",
    );
    assert_refused(
        api.clients(Method::DELETE, &path, Value::Null).await,
        404,
        "m2m_client_not_found",
    );
    assert_oauth_error(
        api.m2m_token(&client_id, &client_secret, None).await,
        401,
        "invalid_client",
    );
}

#[tokio::test]
async fn an_imported_client_keeps_its_id_and_secret_and_refusals_are_named() {
    let api = start();
    let (client_id, client_secret) = api
        .m2m_client(json!({ "client_id": "auth0-svc-42", "client_secret": "s3cret-from-auth0", "scopes": [] }))
        .await;
    assert_eq!(
        (client_id.as_str(), client_secret.as_str()),
        ("auth0-svc-42", "s3cret-from-auth0")
    );
    let (status, answer) = api.m2m_token(&client_id, &client_secret, None).await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(jwt_claims(answer["access_token"].as_str().unwrap())["scope"], "");

    let create = |body: Value| api.clients(Method::POST, "", body);
    assert_refused(
        create(json!({ "client_id": "auth0-svc-42", "scopes": [] })).await,
        400,
        "duplicate_m2m_client_id",
    );
    assert_refused(
        create(json!({ "client_secret": "aaaaaaaaaaaa", "scopes": [] })).await,
        400,
        "insecure_m2m_client_secret",
    );
    assert_refused(
        create(json!({ "client_secret": "Ab1!", "scopes": [] })).await,
        400,
        "insecure_m2m_client_secret",
    );
    assert_refused(create(json!({ "client_name": "No scopes" })).await, 400, "bad_request");
    assert_refused(create(json!({ "scopes": [""] })).await, 400, "invalid_m2m_client_scope");
    assert_refused(
        create(json!({ "scopes": ["x"], "trusted_metadata": "text" })).await,
        400,
        "metadata_invalid_format",
    );
    assert_refused(
        create(json!({ "client_id": "has space", "scopes": [] })).await,
        400,
        "m2m_client_invalid_client_id",
    );
    assert_refused(
        api.call(Method::POST, "/v1/m2m/clients", None, json!({ "scopes": [] }))
            .await,
        401,
        "unauthorized_credentials",
    );

    // A connected app's credentials do not get machine tokens.
    let (status, app) = api
        .call(
            Method::POST,
            "/v1/connected_apps/clients",
            secret(),
            json!({ "client_type": "first_party", "redirect_urls": ["https://cli.example/cb"] }),
        )
        .await;
    assert_eq!(status, 200, "{app}");
    let app = &app["connected_app"];
    assert_oauth_error(
        api.m2m_token(
            app["client_id"].as_str().unwrap(),
            app["client_secret"].as_str().unwrap(),
            None,
        )
        .await,
        401,
        "invalid_client",
    );
    assert_refused(
        create(json!({ "client_id": app["client_id"], "scopes": [] })).await,
        400,
        "duplicate_m2m_client_id",
    );
}

#[tokio::test]
async fn search_filters_by_id_name_and_scope_a_page_at_a_time() {
    let api = start();
    let mut ids = Vec::new();
    for (name, scopes) in [
        ("reports", json!(["read:reports"])),
        ("billing", json!(["read:invoices", "write:invoices"])),
        ("audit", json!(["read:reports", "read:invoices"])),
    ] {
        ids.push(api.m2m_client(json!({ "client_name": name, "scopes": scopes })).await.0);
    }
    let search = |body: Value| api.clients(Method::POST, "/search", body);
    let names = |answer: &Value| -> Vec<String> {
        answer["m2m_clients"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["client_name"].as_str().unwrap().to_owned())
            .collect()
    };
    let operand = |name: &str, values: Value| json!({ "filter_name": name, "filter_value": values });

    let (status, all) = search(json!({})).await;
    assert_eq!(status, 200, "{all}");
    assert_eq!(names(&all), ["reports", "billing", "audit"]);
    assert!(all["m2m_clients"][0].get("client_secret").is_none());

    let query =
        |operator: &str, operands: Vec<Value>| json!({ "query": { "operator": operator, "operands": operands } });
    let (_, found) = search(query("OR", vec![operand("scopes", json!(["read:reports"]))])).await;
    assert_eq!(names(&found), ["reports", "audit"]);
    let (_, found) = search(query(
        "AND",
        vec![
            operand("scopes", json!(["read:invoices"])),
            operand("client_name", json!(["audit"])),
        ],
    ))
    .await;
    assert_eq!(names(&found), ["audit"]);
    let (_, found) = search(query(
        "OR",
        vec![
            operand("client_id", json!([ids[1]])),
            operand("client_name", json!(["reports"])),
        ],
    ))
    .await;
    assert_eq!(names(&found), ["reports", "billing"]);

    // Two at a time: the cursor carries on where the page ended.
    let (_, first) = search(json!({ "limit": 2 })).await;
    assert_eq!(names(&first), ["reports", "billing"]);
    assert_eq!(first["results_metadata"]["total"], 3);
    let cursor = first["results_metadata"]["next_cursor"].as_str().unwrap();
    let (_, second) = search(json!({ "limit": 2, "cursor": cursor })).await;
    assert_eq!(names(&second), ["audit"]);
    assert!(second["results_metadata"]["next_cursor"].is_null(), "{second}");

    assert_refused(
        search(query("OR", vec![operand("status", json!(["active"]))])).await,
        400,
        "m2m_search_filter_name_not_recognized",
    );
    assert_refused(search(query("XOR", vec![])).await, 400, "bad_request");
    assert_refused(search(json!({ "cursor": "999" })).await, 400, "bad_request");
    for limit in [0, 1001] {
        assert_refused(search(json!({ "limit": limit })).await, 400, "bad_request");
    }
    // Malformed operands, by Stytch's names rather than as an unreadable body.
    for (operand, error_type) in [
        (json!({ "filter_value": ["x"] }), "m2m_search_missing_filter_name"),
        (
            json!({ "filter_name": ["scopes"], "filter_value": ["x"] }),
            "m2m_search_filter_name_must_be_string",
        ),
        (json!({ "filter_name": "scopes" }), "m2m_search_missing_filter_value"),
        (
            json!({ "filter_name": "scopes", "filter_value": "read:users" }),
            "m2m_search_expected_array_of_strings",
        ),
    ] {
        let body = json!({ "query": { "operator": "AND", "operands": [operand] } });
        assert_refused(search(body).await, 400, error_type);
    }
}

#[tokio::test]
async fn the_exported_state_keeps_clients_but_no_secret() {
    let api = start();
    let (client_id, client_secret) = api.m2m_client(json!({ "scopes": ["read:users"] })).await;
    let (_, started) = api
        .clients(Method::POST, &format!("/{client_id}/secrets/rotate/start"), json!({}))
        .await;
    let next = started["m2m_client"]["next_client_secret"].as_str().unwrap().to_owned();
    let (status, state) = api.call(Method::GET, "/emulator/v1/state", None, Value::Null).await;
    assert_eq!(status, 200);
    let text = state.to_string();
    assert!(text.contains(&client_id), "the client is in the state");
    assert!(
        !text.contains(&client_secret) && !text.contains(&next),
        "no secret in the clear"
    );

    // Imported into a fresh emulator, both secrets still work.
    let fresh = start();
    let response = fresh
        .http
        .put(format!("{}/emulator/v1/state", fresh.base))
        .json(&state)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200, "{}", response.text().await.unwrap());
    for secret in [&client_secret, &next] {
        assert_eq!(fresh.m2m_token(&client_id, secret, None).await.0, 200);
    }
}

#[tokio::test]
async fn the_organizations_page_lists_the_clients_escaped_with_their_rotation() {
    let api = start();
    let (client_id, _) = api
        .m2m_client(json!({ "client_name": "<i>Nightly</i> export", "scopes": ["read:users", "read:invoices"] }))
        .await;
    let page = || {
        let url = format!("{}/emulator/organizations", api.base);
        async move { reqwest::get(url).await.unwrap().text().await.unwrap() }
    };
    let listed = page().await;
    assert!(listed.contains(r#"<h2 id="m2m-clients">M2M clients</h2>"#), "{listed}");
    assert!(
        listed.contains(&format!(
            "<th scope=\"row\">&lt;i&gt;Nightly&lt;/i&gt; export</th><td><code>{client_id}</code></td><td>active</td><td>read:users read:invoices</td>"
        )),
        "{listed}"
    );
    assert!(!listed.contains("<i>Nightly</i>"), "escaped");
    assert!(!listed.contains("rotating"));
    api.clients(Method::POST, &format!("/{client_id}/secrets/rotate/start"), json!({}))
        .await;
    assert!(page().await.contains(", rotating</td>"));
}
