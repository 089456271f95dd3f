//! Custom claim templates over HTTP: the project's session template filling every session's
//! claims from its member and organization (and a session's own claims over them), and the
//! M2M template filling access tokens from the token request's extra parameters.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use sha2::Digest;
use stytch_emulator::{EmulatorConfig, Seed};

mod support;
use support::{Api, assert_refused, jwt_claims, secret};

fn start() -> Api {
    Api::with(EmulatorConfig {
        seed: Seed::None,
        ..EmulatorConfig::for_tests()
    })
}

impl Api {
    async fn set_template(&self, kind: &str, content: &str) -> (StatusCode, Value) {
        self.call(
            Method::PUT,
            &format!("/emulator/v1/jwt_templates/{kind}"),
            None,
            json!({ "template_content": content }),
        )
        .await
    }

    async fn template(&self, kind: &str) -> Value {
        let (status, body) = self
            .call(
                Method::GET,
                &format!("/emulator/v1/jwt_templates/{kind}"),
                None,
                Value::Null,
            )
            .await;
        assert_eq!(status, 200, "{body}");
        body["jwt_template"].clone()
    }

    /// A member with this password in a new organization with this plan; the organization's ID.
    async fn member_with_password(&self, slug: &str, plan: &str, email: &str) -> String {
        let (status, created) = self
            .backend(
                "/organizations",
                json!({ "organization_name": slug, "organization_slug": slug, "trusted_metadata": { "plan": plan } }),
            )
            .await;
        assert_eq!(status, 200, "{created}");
        let organization_id = created["organization"]["organization_id"].as_str().unwrap().to_owned();
        let hash = hex(&sha2::Sha512::digest(b"correct horse battery staple"));
        let (status, migrated) = self
            .backend(
                "/passwords/migrate",
                json!({
                    "organization_id": organization_id, "email_address": email, "hash_type": "sha_512", "hash": hash,
                    "name": "Ada", "trusted_metadata": { "legacy_id": 7 }, "roles": ["editor"],
                }),
            )
            .await;
        assert_eq!(status, 200, "{migrated}");
        organization_id
    }

    /// Signs in with the password: the session token and the answer.
    async fn sign_in(&self, organization_id: &str, email: &str) -> (String, Value) {
        let (status, answer) = self
            .backend(
                "/passwords/authenticate",
                json!({ "organization_id": organization_id, "email_address": email, "password": "correct horse battery staple" }),
            )
            .await;
        assert_eq!(status, 200, "{answer}");
        (answer["session_token"].as_str().unwrap().to_owned(), answer)
    }

    /// `sessions/authenticate` with these claim changes: the answer.
    async fn refresh(&self, token: &str, changes: Value) -> Value {
        let mut body = json!({ "session_token": token });
        if !changes.is_null() {
            body["session_custom_claims"] = changes;
        }
        let (status, answer) = self.backend("/sessions/authenticate", body).await;
        assert_eq!(status, 200, "{answer}");
        answer
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The custom claims of an answer's JWT (every claim but the registered and Stytch's own),
/// after checking the answer's `member_session.custom_claims` says the same.
fn custom_claims(answer: &Value) -> Value {
    let mut claims = jwt_claims(answer["session_jwt"].as_str().unwrap());
    let object = claims.as_object_mut().unwrap();
    object.retain(|key, _| {
        !["iss", "sub", "aud", "exp", "nbf", "iat", "jti"].contains(&key.as_str())
            && !key.starts_with("https://stytch.com/")
    });
    let shown = answer["member_session"]["custom_claims"].clone();
    let shown = if shown.is_null() { json!({}) } else { shown };
    assert_eq!(claims, shown, "the JWT and the session agree");
    claims
}

const TEMPLATE: &str = r#"{
    "plan": {{ organization.trusted_metadata.plan }},
    "roles": {{ member.rbac.roles }},
    "documents": {{ member.rbac.documents.actions }},
    "who": {"email": {{ member.email_address }}, "legacy": {{ member.trusted_metadata.legacy_id }}},
    "text": "{{ member.name }} stays text",
    "missing": {{ member.trusted_metadata.nothing }}
}"#;

#[tokio::test]
async fn a_session_template_fills_every_session_and_the_session_has_the_last_word() {
    let api = start();
    let acme = api.member_with_password("acme", "gold", "ada@acme.example").await;
    let (status, set) = api.set_template("SESSION", TEMPLATE).await;
    assert_eq!(status, 200, "{set}");
    assert_eq!(set["jwt_template"]["template_content"], TEMPLATE);
    assert_eq!(api.template("session").await["template_content"], TEMPLATE, "any case");

    let (token, answer) = api.sign_in(&acme, "ada@acme.example").await;
    assert_eq!(
        custom_claims(&answer),
        json!({
            "plan": "gold",
            "roles": ["stytch_member", "editor"],
            "documents": ["read", "write"],
            "who": {"email": "ada@acme.example", "legacy": 7},
            "text": "{{ member.name }} stays text",
        })
    );

    // The session's own claims win; a deleted template claim stays deleted for this session.
    let answer = api
        .refresh(&token, json!({ "plan": null, "mine": 1, "roles": "overridden" }))
        .await;
    let claims = custom_claims(&answer);
    assert_eq!(
        (claims.get("plan"), &claims["mine"], &claims["roles"]),
        (None, &json!(1), &json!("overridden"))
    );
    let answer = api.refresh(&token, Value::Null).await;
    assert_eq!(
        custom_claims(&answer).get("plan"),
        None,
        "still deleted at the next JWT"
    );

    // Metadata changes reach the next JWT of every session (except where it deleted them).
    let (status, updated) = api
        .call(
            Method::PUT,
            &format!("/v1/b2b/organizations/{acme}"),
            secret(),
            json!({ "trusted_metadata": { "plan": "platinum" } }),
        )
        .await;
    assert_eq!(status, 200, "{updated}");
    let (second, answer) = api.sign_in(&acme, "ada@acme.example").await;
    assert_eq!(custom_claims(&answer)["plan"], "platinum");
    assert_eq!(custom_claims(&api.refresh(&token, Value::Null).await).get("plan"), None);
    let answer = api.refresh(&token, json!({ "plan": "mine" })).await;
    assert_eq!(custom_claims(&answer)["plan"], "mine", "set again by the session");

    // A new template reaches existing sessions at their next JWT; a JWT already minted keeps its claims.
    let (status, _) = api
        .set_template("SESSION", r#"{"tier": {{ organization.trusted_metadata.plan }}}"#)
        .await;
    assert_eq!(status, 200);
    assert_eq!(
        custom_claims(&api.refresh(&second, Value::Null).await),
        json!({ "tier": "platinum" })
    );
    assert_eq!(
        custom_claims(&api.refresh(&token, Value::Null).await),
        json!({ "tier": "platinum", "mine": 1, "roles": "overridden", "plan": "mine" })
    );

    // The backend's list of the member's sessions shows the same claims.
    let member_id = answer["member_id"].as_str().unwrap();
    let (status, listed) = api
        .call(
            Method::GET,
            &format!("/v1/b2b/sessions?organization_id={acme}&member_id={member_id}"),
            secret(),
            Value::Null,
        )
        .await;
    assert_eq!(status, 200, "{listed}");
    let tiers: Vec<&Value> = listed["member_sessions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| &s["custom_claims"]["tier"])
        .collect();
    assert_eq!(tiers, [&json!("platinum"), &json!("platinum")]);

    // Removed: sessions keep only their own claims.
    let (status, cleared) = api.set_template("SESSION", "").await;
    assert_eq!(
        (status, &cleared["jwt_template"]["template_content"]),
        (StatusCode::OK, &json!(""))
    );
    assert_eq!(custom_claims(&api.refresh(&second, Value::Null).await), json!({}));
}

#[tokio::test]
async fn templates_stytch_would_refuse_are_refused_by_name_and_change_nothing() {
    let api = start();
    let (status, _) = api
        .set_template("SESSION", r#"{"plan": {{ organization.trusted_metadata.plan }}}"#)
        .await;
    assert_eq!(status, 200);
    for (content, error_type) in [
        (
            r#"{"plan": {{ organization.trusted_metadata.plan }"#,
            "jwt_template_mismatched_tag",
        ),
        (
            r#"{"plan": {{ organization.trusted_metadata.plan }} "#,
            "jwt_template_invalid_json",
        ),
        (r#"["a"]"#, "jwt_template_invalid_json"),
        (r#"{"plan": {{ request.plan }}}"#, "jwt_template_invalid_tag"),
        (r#"{ {{ member.name }}: 1 }"#, "jwt_template_invalid_tag"),
        (r#"{"sub": "me"}"#, "reserved_claims_in_custom_claims"),
        (
            r#"{"https://stytch.com/organization": {}}"#,
            "stytch_claims_in_custom_claims",
        ),
    ] {
        assert_refused(api.set_template("SESSION", content).await, 400, error_type);
    }
    assert_refused(
        api.set_template("M2M", r#"{"scope": "admin"}"#).await,
        400,
        "reserved_claims_in_custom_claims",
    );
    assert_refused(api.set_template("IDP", "{}").await, 404, "jwt_template_not_found");
    let (status, refused) = api
        .call(
            Method::PUT,
            "/emulator/v1/jwt_templates/SESSION",
            None,
            json!({ "template_content": "{}", "custom_audience": "my-api" }),
        )
        .await;
    assert_eq!(
        (status, refused["error_type"].as_str()),
        (StatusCode::BAD_REQUEST, Some("bad_request"))
    );
    assert!(
        refused["error_message"].as_str().unwrap().contains("custom_audience"),
        "{refused}"
    );
    assert_eq!(
        api.template("SESSION").await["template_content"],
        r#"{"plan": {{ organization.trusted_metadata.plan }}}"#,
        "the template in place is kept"
    );
    assert_eq!(
        api.template("M2M").await,
        json!({ "template_content": "", "custom_audience": "", "jwt_template_type": "M2M" })
    );

    // A configured template Stytch would refuse stops the emulator from starting.
    let bad = EmulatorConfig {
        session_claims_template: Some(r#"{"iat": 1}"#.into()),
        ..EmulatorConfig::for_tests()
    };
    let error = stytch_emulator::build(&bad).err().unwrap();
    assert!(
        error.contains("SESSION claims template") && error.contains("iat"),
        "{error}"
    );
}

#[tokio::test]
async fn an_m2m_template_fills_tokens_from_the_token_requests_extra_parameters() {
    let api = Api::with(EmulatorConfig {
        seed: Seed::None,
        m2m_claims_template: Some(
            r#"{"user_id": {{ request.user_id }}, "tenant": {"id": {{ request.tenant }}}}"#.into(),
        ),
        ..EmulatorConfig::for_tests()
    });
    let (status, created) = api
        .post("/v1/m2m/clients", secret(), json!({ "scopes": ["read:users"] }))
        .await;
    assert_eq!(status, 200, "{created}");
    let client_id = created["m2m_client"]["client_id"].as_str().unwrap();
    let client_secret = created["m2m_client"]["client_secret"].as_str().unwrap();
    let token_url = format!(
        "{}/v1/public/{}/oauth2/token",
        api.base,
        stytch_emulator::DEFAULT_PROJECT_ID
    );

    // As a form, every parameter is text.
    let answer: Value = api
        .http
        .post(&token_url)
        .form(&[
            ("grant_type", "client_credentials"),
            ("client_id", client_id),
            ("client_secret", client_secret),
            ("user_id", "123"),
        ])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let claims = jwt_claims(answer["access_token"].as_str().unwrap());
    assert_eq!(
        (&claims["user_id"], &claims["tenant"]),
        (&json!("123"), &json!({ "id": null }))
    );
    assert_eq!(
        (&claims["sub"], &claims["scope"]),
        (&json!(client_id), &json!("read:users"))
    );

    // As JSON, values keep their type; without the parameter the claim is left out.
    let (status, answer) = api
        .post(
            &format!("/v1/public/{}/oauth2/token", stytch_emulator::DEFAULT_PROJECT_ID),
            None,
            json!({ "grant_type": "client_credentials", "client_id": client_id, "client_secret": client_secret, "tenant": {"name": "acme"} }),
        )
        .await;
    assert_eq!(status, 200, "{answer}");
    let claims = jwt_claims(answer["access_token"].as_str().unwrap());
    assert_eq!(
        (claims.get("user_id"), &claims["tenant"]),
        (None, &json!({ "id": { "name": "acme" } }))
    );
}

#[tokio::test]
async fn servers_change_metadata_and_external_ids_and_the_next_jwt_follows() {
    let api = start();
    let acme = api.member_with_password("acme", "gold", "ada@acme.example").await;
    let (status, _) = api
        .set_template(
            "SESSION",
            r#"{"legacy": {{ member.trusted_metadata.legacy_id }}, "theme": {{ member.untrusted_metadata.theme }}, "plan": {{ organization.trusted_metadata.plan }}}"#,
        )
        .await;
    assert_eq!(status, 200);
    let (token, answer) = api.sign_in(&acme, "ada@acme.example").await;
    assert_eq!(custom_claims(&answer), json!({ "legacy": 7, "plan": "gold" }));
    let member_id = answer["member_id"].as_str().unwrap().to_owned();
    let member_path = format!("/v1/b2b/organizations/{acme}/members/{member_id}");

    // The backend's member update: trusted and untrusted metadata, the external ID.
    let (status, updated) = api
        .call(
            Method::PUT,
            &member_path,
            secret(),
            json!({ "trusted_metadata": { "legacy_id": 8 }, "untrusted_metadata": { "theme": "dark" }, "external_id": "crm-8" }),
        )
        .await;
    assert_eq!(status, 200, "{updated}");
    assert_eq!(
        (
            &updated["member"]["trusted_metadata"],
            &updated["member"]["untrusted_metadata"],
            &updated["member"]["external_id"]
        ),
        (&json!({ "legacy_id": 8 }), &json!({ "theme": "dark" }), &json!("crm-8"))
    );
    assert_eq!(
        custom_claims(&api.refresh(&token, Value::Null).await),
        json!({ "legacy": 8, "theme": "dark", "plan": "gold" })
    );
    assert_refused(
        api.call(Method::PUT, &member_path, secret(), json!({ "trusted_metadata": [1] }))
            .await,
        400,
        "metadata_invalid_format",
    );

    // The member's own untrusted metadata through the SDK; trusted metadata is the server's.
    let sdk_update = |body: Value| {
        api.call(
            Method::PUT,
            "/sdk/v1/b2b/organizations/members/update",
            Some(support::basic(stytch_emulator::DEFAULT_PUBLIC_TOKEN, &token)),
            body,
        )
    };
    let (status, own) = sdk_update(json!({ "untrusted_metadata": { "theme": "light" } })).await;
    assert_eq!(status, 200, "{own}");
    let (status, own) = sdk_update(json!({ "trusted_metadata": { "legacy_id": 0 } })).await;
    assert_eq!(status, 200, "an SDK update has no trusted metadata: {own}");
    assert_eq!(
        custom_claims(&api.refresh(&token, Value::Null).await),
        json!({ "legacy": 8, "theme": "light", "plan": "gold" })
    );

    // The backend's organization update: logo, trusted metadata, external ID, claimed domains.
    let (status, updated) = api
        .call(
            Method::PUT,
            &format!("/v1/b2b/organizations/{acme}"),
            secret(),
            json!({
                "organization_logo_url": "https://acme.example/logo.png",
                "trusted_metadata": { "plan": "silver" },
                "organization_external_id": "crm-acme",
                "claimed_email_domains": ["ACME.example"],
            }),
        )
        .await;
    assert_eq!(status, 200, "{updated}");
    let organization = &updated["organization"];
    assert_eq!(
        (
            &organization["organization_logo_url"],
            &organization["trusted_metadata"],
            &organization["organization_external_id"],
            &organization["claimed_email_domains"]
        ),
        (
            &json!("https://acme.example/logo.png"),
            &json!({ "plan": "silver" }),
            &json!("crm-acme"),
            &json!(["acme.example"])
        )
    );
    assert_eq!(custom_claims(&api.refresh(&token, Value::Null).await)["plan"], "silver");

    // A member acting through the backend never sets trusted metadata (Stytch: "You cannot
    // update trusted metadata when acting as a Member"), and needs every organization action
    // for the external ID; Ada is a plain member.
    for (body, status, error_type) in [
        (
            json!({ "trusted_metadata": { "plan": "free" } }),
            400,
            "cannot_update_trusted_metadata",
        ),
        (
            json!({ "organization_external_id": "crm-mine" }),
            403,
            "session_authorization_error",
        ),
    ] {
        let acting = api
            .http
            .put(format!("{}/v1/b2b/organizations/{acme}", api.base))
            .header("authorization", secret().unwrap())
            .header("x-stytch-member-session", &token)
            .json(&body)
            .send()
            .await
            .unwrap();
        let answered = acting.status();
        assert_refused((answered, acting.json().await.unwrap()), status, error_type);
    }
    assert_eq!(
        custom_claims(&api.refresh(&token, Value::Null).await)["plan"],
        "silver",
        "nothing changed"
    );
}
