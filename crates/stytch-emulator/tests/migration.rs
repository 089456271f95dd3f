//! Migrating members from another system over HTTP: passwords imported as their old hashes
//! (`passwords/migrate`), authenticator apps and recovery codes (`totp/migrate`), then signed
//! in with as if nothing had moved.

use base64::Engine;
use hmac::{Hmac, Mac};
use reqwest::StatusCode;
use serde_json::{Value, json};
use sha2::Digest;
use stytch_emulator::{EmulatorConfig, Seed};

mod support;
use support::{Api, assert_refused};

fn start() -> Api {
    Api::with(EmulatorConfig {
        seed: Seed::None,
        ..EmulatorConfig::for_tests()
    })
}

impl Api {
    async fn organization(&self, slug: &str, mfa: &str) -> String {
        let (status, created) = self
            .backend(
                "/organizations",
                json!({ "organization_name": slug, "organization_slug": slug, "mfa_policy": mfa }),
            )
            .await;
        assert_eq!(status, 200, "{created}");
        created["organization"]["organization_id"].as_str().unwrap().to_owned()
    }

    async fn sign_in(&self, organization_id: &str, email: &str, password: &str) -> (StatusCode, Value) {
        self.backend(
            "/passwords/authenticate",
            json!({ "organization_id": organization_id, "email_address": email, "password": password }),
        )
        .await
    }
}

/// An RFC 6238 code for a base32 secret at a Unix time.
fn totp(secret_base32: &str, unix: i64) -> String {
    let mut bits = 0u64;
    let mut count = 0;
    let mut secret = Vec::new();
    for c in secret_base32.chars() {
        let value = match c {
            'A'..='Z' => c as u64 - 'A' as u64,
            '2'..='7' => c as u64 - '2' as u64 + 26,
            _ => continue,
        };
        bits = (bits << 5) | value;
        count += 5;
        if count >= 8 {
            count -= 8;
            secret.push((bits >> count) as u8);
            bits &= (1 << count) - 1;
        }
    }
    let mut mac = Hmac::<sha1::Sha1>::new_from_slice(&secret).unwrap();
    mac.update(&((unix / 30) as u64).to_be_bytes());
    let digest = mac.finalize().into_bytes();
    let offset = usize::from(digest[19] & 0xf);
    let number = u32::from_be_bytes([
        digest[offset] & 0x7f,
        digest[offset + 1],
        digest[offset + 2],
        digest[offset + 3],
    ]);
    format!("{:06}", number % 1_000_000)
}

#[tokio::test]
async fn an_imported_hash_signs_the_member_in_and_is_then_kept_the_emulators_way() {
    let api = start();
    let organization_id = api.organization("migrated-co", "OPTIONAL").await;
    let sha1_hex: String = sha1::Sha1::digest(b"saltcorrect horse battery")
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let (status, migrated) = api
        .backend(
            "/passwords/migrate",
            json!({
                "organization_id": "migrated-co",
                "email_address": "Ada@Old.example",
                "hash_type": "sha_1",
                "hash": sha1_hex,
                "sha_1_config": { "prepend_salt": "salt" },
                "name": "Ada",
                "trusted_metadata": { "legacy_id": 7 },
                "roles": ["editor"],
                "external_id": "legacy-7",
            }),
        )
        .await;
    assert_eq!(status, 200, "{migrated}");
    assert_eq!(migrated["member_created"], true);
    let member = &migrated["member"];
    assert_eq!(member["status"], "active");
    assert_eq!(
        member["email_address_verified"], true,
        "migrating marks the email verified"
    );
    assert_eq!(
        (member["name"].as_str(), member["external_id"].as_str()),
        (Some("Ada"), Some("legacy-7"))
    );
    assert_eq!(member["trusted_metadata"], json!({ "legacy_id": 7 }));
    assert!(member["roles"].to_string().contains("\"editor\""), "{member}");
    assert!(
        member["member_password_id"].as_str().is_some_and(|p| !p.is_empty()),
        "{member}"
    );

    assert_refused(
        api.sign_in(&organization_id, "ada@old.example", "correct horse").await,
        401,
        "unauthorized_credentials",
    );
    let (status, signed_in) = api
        .sign_in(&organization_id, "ada@old.example", "correct horse battery")
        .await;
    assert_eq!(status, 200, "{signed_in}");
    assert_eq!(signed_in["member_id"], migrated["member_id"]);

    // Re-hashed at that sign-in: the old hash is gone from the state, the password still works.
    let (_, state) = api
        .call(reqwest::Method::GET, "/emulator/v1/state", None, Value::Null)
        .await;
    assert!(!state.to_string().contains(&sha1_hex), "the imported hash was replaced");
    assert_eq!(
        api.sign_in(&organization_id, "ada@old.example", "correct horse battery")
            .await
            .0,
        200
    );

    // Migrating an existing member keeps them (and their ID) and replaces the password.
    let bcrypt = bcrypt_hash();
    let (status, again) = api
        .backend(
            "/passwords/migrate",
            json!({ "organization_id": organization_id, "email_address": "ada@old.example", "hash_type": "bcrypt", "hash": bcrypt.1 }),
        )
        .await;
    assert_eq!(status, 200, "{again}");
    assert_eq!(
        (again["member_created"].as_bool(), &again["member_id"]),
        (Some(false), &migrated["member_id"])
    );
    assert_eq!(api.sign_in(&organization_id, "ada@old.example", bcrypt.0).await.0, 200);
    assert_eq!(
        api.sign_in(&organization_id, "ada@old.example", "correct horse battery")
            .await
            .0,
        401
    );
}

/// A password and its bcrypt hash (cost 4), as another system would have stored it.
fn bcrypt_hash() -> (&'static str, String) {
    ("tr0ub4dor&3", bcrypt::hash("tr0ub4dor&3", 4).unwrap())
}

#[tokio::test]
async fn a_pbkdf2_import_and_refusals_by_name() {
    let api = start();
    let organization_id = api.organization("pbkdf-co", "OPTIONAL").await;
    let mut key = [0u8; 32];
    pbkdf2::pbkdf2_hmac::<sha2::Sha512>(b"hunter22", b"NaCl", 5000, &mut key);
    let b64 = |bytes: &[u8]| base64::engine::general_purpose::STANDARD.encode(bytes);
    let body = json!({
        "organization_id": organization_id, "email_address": "grace@old.example", "hash_type": "pbkdf_2", "hash": b64(&key),
        "pbkdf_2_config": { "salt": b64(b"NaCl"), "iteration_amount": 5000, "key_length": 32, "algorithm": "sha512" },
    });
    let (status, migrated) = api.backend("/passwords/migrate", body.clone()).await;
    assert_eq!(status, 200, "{migrated}");
    assert_eq!(
        api.sign_in(&organization_id, "grace@old.example", "hunter22").await.0,
        200
    );

    for (change, why) in [
        (json!({ "hash_type": "md5" }), "hash_type"),
        (json!({ "pbkdf_2_config": null }), "pbkdf_2_config"),
        (json!({ "hash": "not base64!" }), "base64"),
        (json!({ "email_address": "not an email" }), "email"),
        (json!({ "trusted_metadata": [1] }), "trusted_metadata"),
    ] {
        let mut refused = body.clone();
        for (field, value) in change.as_object().unwrap() {
            refused[field] = value.clone();
        }
        let (status, answer) = api.backend("/passwords/migrate", refused).await;
        assert_eq!(status, 400, "{why}: {answer}");
        assert!(
            answer["error_message"].as_str().unwrap().contains(why),
            "{why}: {answer}"
        );
    }
    let mut unknown = body.clone();
    unknown["organization_id"] = json!("organization-test-nobody");
    assert_refused(
        api.backend("/passwords/migrate", unknown).await,
        404,
        "organization_not_found",
    );
}

#[tokio::test]
async fn an_imported_authenticator_app_and_recovery_codes_complete_mfa() {
    let api = start();
    let organization_id = api.organization("totp-co", "REQUIRED_FOR_ALL").await;
    let bcrypt = bcrypt_hash();
    let (_, migrated) = api
        .backend(
            "/passwords/migrate",
            json!({ "organization_id": organization_id, "email_address": "lin@old.example", "hash_type": "bcrypt", "hash": bcrypt.1 }),
        )
        .await;
    let member_id = migrated["member_id"].as_str().unwrap().to_owned();
    let secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
    let (status, imported) = api
        .backend(
            "/totp/migrate",
            json!({ "organization_id": organization_id, "member_id": member_id, "secret": secret, "recovery_codes": ["ckzx-1111", "ckzx-2222"] }),
        )
        .await;
    assert_eq!(status, 200, "{imported}");
    assert_eq!(imported["recovery_codes"], json!(["ckzx-1111", "ckzx-2222"]));
    let registration = imported["totp_registration_id"].as_str().unwrap();
    assert_eq!(imported["member"]["totp_registration_id"], registration);
    assert_refused(
        api.backend(
            "/totp/migrate",
            json!({ "organization_id": organization_id, "member_id": member_id, "secret": secret, "recovery_codes": [] }),
        )
        .await,
        400,
        "active_totp_exists",
    );

    // The password asks for MFA; the imported app's code completes it.
    let (status, first) = api.sign_in(&organization_id, "lin@old.example", bcrypt.0).await;
    assert_eq!(status, 200, "{first}");
    let ist = first["intermediate_session_token"].as_str().unwrap();
    assert!(!ist.is_empty(), "MFA required: {first}");
    // The emulator's clock is not moved here: it is the wall clock.
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    let (status, session) = api
        .backend(
            "/totp/authenticate",
            json!({ "organization_id": organization_id, "member_id": member_id, "code": totp(secret, now), "intermediate_session_token": ist }),
        )
        .await;
    assert_eq!(status, 200, "{session}");
    assert!(
        session["session_token"].as_str().is_some_and(|t| !t.is_empty()),
        "{session}"
    );

    // An imported recovery code works once.
    let (_, second) = api.sign_in(&organization_id, "lin@old.example", bcrypt.0).await;
    let recover = json!({ "organization_id": organization_id, "member_id": member_id, "recovery_code": "ckzx-2222", "intermediate_session_token": second["intermediate_session_token"] });
    assert_eq!(api.backend("/recovery_codes/recover", recover.clone()).await.0, 200);
    let (_, third) = api.sign_in(&organization_id, "lin@old.example", bcrypt.0).await;
    let mut again = recover;
    again["intermediate_session_token"] = third["intermediate_session_token"].clone();
    assert_eq!(api.backend("/recovery_codes/recover", again).await.0, 401);

    for (secret, why) in [("not base32!", "base32"), ("JBSWY3DP", "base32")] {
        let (status, refused) = api
            .backend(
                "/totp/migrate",
                json!({ "organization_id": organization_id, "member_id": member_id, "secret": secret }),
            )
            .await;
        assert_eq!(status, 400, "{why}: {refused}");
    }
}

#[tokio::test]
async fn a_required_reset_stops_every_membership_until_each_is_reset_and_deletes_a_lone_password() {
    let api = start();
    let bcrypt = bcrypt_hash();
    let mut organizations = Vec::new();
    for slug in ["reset-a", "reset-b"] {
        let organization_id = api.organization(slug, "OPTIONAL").await;
        let (status, migrated) = api
            .backend(
                "/passwords/migrate",
                json!({ "organization_id": organization_id, "email_address": "sam@shared.example", "hash_type": "bcrypt", "hash": bcrypt.1 }),
            )
            .await;
        assert_eq!(status, 200, "{migrated}");
        organizations.push(organization_id);
    }
    let (status, answer) = api
        .backend(
            "/passwords/email/require_reset",
            json!({ "email_address": "sam@shared.example", "organization_id": organizations[0] }),
        )
        .await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(answer["organization"]["organization_id"], organizations[0].as_str());
    for organization_id in &organizations {
        assert_refused(
            api.sign_in(organization_id, "sam@shared.example", bcrypt.0).await,
            400,
            "member_reset_password",
        );
    }
    assert_refused(
        api.backend(
            "/passwords/discovery/authenticate",
            json!({ "email_address": "sam@shared.example", "password": bcrypt.0 }),
        )
        .await,
        400,
        "member_reset_password",
    );

    // A reset by email in one organization lets that membership in again, not the other.
    let (status, started) = api
        .backend(
            "/passwords/email/reset/start",
            json!({ "organization_id": organizations[0], "email_address": "sam@shared.example" }),
        )
        .await;
    assert_eq!(status, 200, "{started}");
    let link = api.last_message("sam@shared.example").await;
    let new_password = "Fresh-Start-Password-2026!";
    let (status, reset) = api
        .backend(
            "/passwords/email/reset",
            json!({ "password_reset_token": link["token"], "password": new_password }),
        )
        .await;
    assert_eq!(status, 200, "{reset}");
    assert_eq!(
        api.sign_in(&organizations[0], "sam@shared.example", new_password)
            .await
            .0,
        200
    );
    assert_refused(
        api.sign_in(&organizations[1], "sam@shared.example", bcrypt.0).await,
        400,
        "member_reset_password",
    );

    // The only active member with an address loses the password outright.
    let lone = api.organization("reset-lone", "OPTIONAL").await;
    let (_, migrated) = api
        .backend(
            "/passwords/migrate",
            json!({ "organization_id": lone, "email_address": "kim@lone.example", "hash_type": "bcrypt", "hash": bcrypt.1 }),
        )
        .await;
    let (status, answer) = api
        .backend(
            "/passwords/email/require_reset",
            json!({ "email_address": "kim@lone.example" }),
        )
        .await;
    assert_eq!(status, 200, "{answer}");
    assert!(answer.get("member").is_none(), "no organization named: {answer}");
    let (_, fetched) = api
        .call(
            reqwest::Method::GET,
            &format!(
                "/v1/b2b/organizations/{lone}/member?member_id={}",
                migrated["member_id"].as_str().unwrap()
            ),
            support::secret(),
            Value::Null,
        )
        .await;
    assert_eq!(fetched["member"]["member_password_id"], "", "{fetched}");
    assert_refused(
        api.sign_in(&lone, "kim@lone.example", bcrypt.0).await,
        401,
        "unauthorized_credentials",
    );
    assert_refused(
        api.backend(
            "/passwords/email/require_reset",
            json!({ "email_address": "nobody@lone.example" }),
        )
        .await,
        404,
        "email_not_found",
    );
}

/// An old auth system's OIDC UserInfo endpoint: each known bearer token's email, 401 otherwise.
async fn user_info(known: &'static [(&'static str, &'static str)]) -> String {
    let app = axum::Router::new().route(
        "/userinfo",
        axum::routing::get(move |headers: axum::http::HeaderMap| async move {
            let bearer = headers
                .get("authorization")
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.strip_prefix("Bearer "))
                .unwrap_or_default()
                .to_owned();
            match known.iter().find(|(token, _)| *token == bearer) {
                Some((_, email)) => (StatusCode::OK, json!({ "sub": "auth0|1", "email": email }).to_string()),
                None => (StatusCode::UNAUTHORIZED, "{}".to_owned()),
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await });
    format!("http://{address}/userinfo")
}

#[tokio::test]
async fn a_session_of_the_old_system_becomes_a_stytch_session_for_an_existing_member() {
    let url = user_info(&[
        ("old-session-of-ada", "Ada@Old.example"),
        ("old-session-of-ghost", "ghost@old.example"),
    ])
    .await;
    let api = Api::with(EmulatorConfig {
        seed: Seed::None,
        session_migration_url: Some(url),
        ..EmulatorConfig::for_tests()
    });
    let organization_id = api.organization("cutover-co", "OPTIONAL").await;
    let (_, member) = api
        .backend(
            &format!("/organizations/{organization_id}/members"),
            json!({ "email_address": "ada@old.example" }),
        )
        .await;

    let (status, migrated) = api
        .backend(
            "/sessions/migrate",
            json!({ "session_token": "old-session-of-ada", "organization_id": "cutover-co", "session_duration_minutes": 90, "session_custom_claims": { "migrated": true } }),
        )
        .await;
    assert_eq!(status, 200, "{migrated}");
    assert_eq!(migrated["member_id"], member["member_id"]);
    let factors = &migrated["member_session"]["authentication_factors"];
    assert_eq!(
        (factors[0]["type"].as_str(), factors[0]["delivery_method"].as_str()),
        (Some("imported"), Some("imported_auth0"))
    );
    assert_eq!(migrated["member_session"]["custom_claims"]["migrated"], true);
    let (status, checked) = api
        .backend(
            "/sessions/authenticate",
            json!({ "session_token": migrated["session_token"] }),
        )
        .await;
    assert_eq!(status, 200, "the new session is a real one: {checked}");

    assert_refused(
        api.backend(
            "/sessions/migrate",
            json!({ "session_token": "forged", "organization_id": organization_id }),
        )
        .await,
        400,
        "migrate_from_external_unexpected_response",
    );
    assert_refused(
        api.backend(
            "/sessions/migrate",
            json!({ "session_token": "old-session-of-ghost", "organization_id": organization_id }),
        )
        .await,
        404,
        "migrate_from_external_email_does_not_exist",
    );
    // Without a UserInfo endpoint configured, the route says how to set one.
    let unconfigured = start();
    let (status, refused) = unconfigured
        .backend(
            "/sessions/migrate",
            json!({ "session_token": "old-session-of-ada", "organization_id": "x" }),
        )
        .await;
    assert_eq!(
        (status.as_u16(), refused["error_type"].as_str()),
        (400, Some("migrate_from_external_missing_userinfo")),
        "{refused}"
    );
    assert!(
        refused["error_message"]
            .as_str()
            .unwrap()
            .contains("--session-migration-url"),
        "{refused}"
    );
}
