//! Moving members in from another system through `StytchBackend`, against a live emulator:
//! password hashes (computed here, independently of the emulator) that sign their members in,
//! a forced reset, an imported authenticator app and recovery codes completing MFA, and the
//! member's sessions and recovery codes managed from the server.

mod support;

use hmac::{Hmac, Mac};
use sha2::Digest;
use stytch_core::backend::{PasswordHash, PasswordMigration, SessionMigration, SignInOptions, StytchBackend};
use stytch_core::models::MfaPolicy;
use stytch_core::models::api::mfa::{RecoverRequest, TotpAuthenticateRequest};
use stytch_core::models::api::organizations::OrganizationCreateRequest;
use stytch_core::models::api::passwords::{PasswordAuthenticateRequest, ResetByEmailRequest, ResetByEmailStartRequest};
use stytch_core::models::api::sessions::{AuthOutcome, AuthenticateWithMfaResponse};
use support::*;

/// A secret an old system kept for an authenticator app (base32).
const TOTP_SECRET: &str = "JBSWY3DPEHPK3PXP";

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn base64(bytes: &[u8]) -> String {
    stytch_core::util::base64::encode(bytes)
}

/// PBKDF2-HMAC-SHA-256, one block (keys up to 32 bytes), written out from RFC 8018.
fn pbkdf2_sha256(password: &str, salt: &[u8], rounds: u32) -> Vec<u8> {
    let mac = |data: &[u8]| {
        let mut mac = Hmac::<sha2::Sha256>::new_from_slice(password.as_bytes()).unwrap();
        mac.update(data);
        mac.finalize().into_bytes().to_vec()
    };
    let mut block = mac(&[salt, &1u32.to_be_bytes()].concat());
    let mut key = block.clone();
    for _ in 1..rounds {
        block = mac(&block);
        key.iter_mut().zip(&block).for_each(|(k, b)| *k ^= b);
    }
    key
}

async fn organization(backend: &StytchBackend, slug: &str, mfa_policy: Option<MfaPolicy>) -> String {
    backend
        .create_organization(&OrganizationCreateRequest {
            organization_name: slug.into(),
            organization_slug: Some(slug.into()),
            mfa_policy,
            ..Default::default()
        })
        .await
        .expect("created")
        .organization_id
}

async fn password_sign_in(
    backend: &StytchBackend,
    organization_id: &str,
    email: &str,
    password: &str,
) -> Result<AuthenticateWithMfaResponse, stytch_core::StytchError> {
    let request = PasswordAuthenticateRequest {
        organization_id: organization_id.into(),
        email_address: email.into(),
        password: password.into(),
        session_duration_minutes: Some(60),
        ..Default::default()
    };
    backend.authenticate_password(&request, &SignInOptions::default()).await
}

#[test]
fn imported_password_hashes_sign_their_members_in_with_their_old_passwords() {
    let emulator = emulator();
    let api = emulator.url();
    run(async move {
        let backend = backend_for(&api);
        let acme = organization(&backend, "migrated-acme", None).await;
        let password = "correct horse battery staple";
        let salt = b"NaCl-0123456789";
        let hashes = [
            (
                "sha512@migrated.example",
                PasswordHash::Sha512 {
                    hash: hex(&sha2::Sha512::digest(format!("pre{password}post").as_bytes())),
                    prepend_salt: "pre".into(),
                    append_salt: "post".into(),
                },
                password,
            ),
            (
                "sha1@migrated.example",
                PasswordHash::Sha1 {
                    hash: hex(&sha1::Sha1::digest(format!("{password}!").as_bytes())),
                    prepend_salt: String::new(),
                    append_salt: "!".into(),
                },
                password,
            ),
            (
                "pbkdf2@migrated.example",
                PasswordHash::Pbkdf2 {
                    hash: base64(&pbkdf2_sha256(password, salt, 1000)),
                    salt: base64(salt),
                    iteration_amount: 1000,
                    key_length: 32,
                    sha512: false,
                },
                password,
            ),
            // OpenBSD's published bcrypt test vector.
            (
                "bcrypt@migrated.example",
                PasswordHash::Bcrypt("$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW".into()),
                "U*U",
            ),
        ];
        for (email, hash, password) in hashes {
            let kind = hash.hash_type();
            let imported = backend
                .migrate_password(&PasswordMigration {
                    organization_id: acme.clone(),
                    email_address: email.into(),
                    hash,
                    name: Some(format!("Imported {kind}")),
                    roles: Some(vec!["stytch_admin".into()]),
                    external_id: Some(format!("legacy-{kind}")),
                    trusted_metadata: serde_json::json!({ "legacy_plan": "gold" }).as_object().cloned(),
                    ..PasswordMigration::default()
                })
                .await
                .unwrap_or_else(|e| panic!("{kind} imported: {e}"));
            assert!(imported.member_created, "{kind}");
            let member = &imported.member;
            assert!(
                member.email_address_verified,
                "{kind}: an import vouches for the address"
            );
            assert_eq!(member.name, format!("Imported {kind}"));
            assert_eq!(member.external_id.as_deref(), Some(format!("legacy-{kind}").as_str()));
            assert_eq!(member.trusted_metadata["legacy_plan"], "gold");
            assert!(member.roles.iter().any(|r| r.role_id == "stytch_admin"), "{kind}");

            assert_eq!(
                refusal(password_sign_in(&backend, &acme, email, "not the old password").await),
                (401, "unauthorized_credentials".to_owned()),
                "{kind}"
            );
            let signed_in = password_sign_in(&backend, &acme, email, password)
                .await
                .unwrap_or_else(|e| panic!("{kind}: the old password works: {e}"));
            assert!(matches!(signed_in.outcome(), AuthOutcome::Authenticated(_)), "{kind}");
            // Kept Stytch's way after the first sign-in: it still works.
            password_sign_in(&backend, &acme, email, password)
                .await
                .unwrap_or_else(|e| panic!("{kind}: again after the re-hash: {e}"));
        }

        // An existing member gets the password; nobody new is created.
        let again = backend
            .migrate_password(&PasswordMigration {
                organization_id: acme.clone(),
                email_address: "bcrypt@migrated.example".into(),
                hash: PasswordHash::Sha512 {
                    hash: hex(&sha2::Sha512::digest(b"a second imported password")),
                    prepend_salt: String::new(),
                    append_salt: String::new(),
                },
                ..PasswordMigration::default()
            })
            .await
            .expect("re-imported");
        assert!(!again.member_created);
        password_sign_in(&backend, &acme, "bcrypt@migrated.example", "a second imported password")
            .await
            .expect("the newer import counts");

        let malformed = PasswordMigration {
            organization_id: acme.clone(),
            email_address: "broken@migrated.example".into(),
            hash: PasswordHash::Bcrypt("$2b$10$too-short".into()),
            ..PasswordMigration::default()
        };
        assert_eq!(
            refusal(backend.migrate_password(&malformed).await),
            (400, "invalid_bcrypt_hash".to_owned())
        );
    });
}

#[test]
fn a_required_reset_stops_the_old_password_until_the_member_sets_a_new_one() {
    let emulator = emulator();
    let api = emulator.url();
    run(async move {
        let backend = backend_for(&api);
        let acme = organization(&backend, "leaked-acme", None).await;
        let email = "leaked@migrated.example";
        let old = "the password that leaked";
        backend
            .migrate_password(&PasswordMigration {
                organization_id: acme.clone(),
                email_address: email.into(),
                hash: PasswordHash::Sha512 {
                    hash: hex(&sha2::Sha512::digest(old.as_bytes())),
                    prepend_salt: String::new(),
                    append_salt: String::new(),
                },
                ..PasswordMigration::default()
            })
            .await
            .expect("imported");
        password_sign_in(&backend, &acme, email, old)
            .await
            .expect("works before");
        assert_eq!(
            refusal(
                backend
                    .require_password_reset("nobody@migrated.example", None, None)
                    .await
            ),
            (404, "email_not_found".to_owned())
        );
        backend
            .require_password_reset(email, Some(&acme), None)
            .await
            .expect("reset required");
        let (status, _) = refusal(password_sign_in(&backend, &acme, email, old).await);
        assert!((400..500).contains(&status), "the old password is refused");

        backend
            .start_password_reset(&ResetByEmailStartRequest {
                organization_id: acme.clone(),
                email_address: email.into(),
                ..Default::default()
            })
            .await
            .expect("reset link sent");
        let token = token_sent_to(&api, email).await;
        let new = "a fresh passphrase nobody has seen";
        backend
            .reset_password_by_email(
                &ResetByEmailRequest {
                    password_reset_token: token,
                    password: new.into(),
                    ..Default::default()
                },
                &SignInOptions::default(),
            )
            .await
            .expect("reset");
        password_sign_in(&backend, &acme, email, new)
            .await
            .expect("the new one works");
    });
}

#[test]
fn an_imported_authenticator_app_completes_mfa_and_the_server_manages_sessions_and_codes() {
    let emulator = emulator();
    let api = emulator.url();
    run(async move {
        let backend = backend_for(&api);
        let secure = organization(&backend, "mfa-acme", Some(MfaPolicy::RequiredForAll)).await;
        let email = "totp@migrated.example";
        let password = "an imported passphrase for mfa";
        let member = backend
            .migrate_password(&PasswordMigration {
                organization_id: secure.clone(),
                email_address: email.into(),
                hash: PasswordHash::Sha512 {
                    hash: hex(&sha2::Sha512::digest(password.as_bytes())),
                    prepend_salt: String::new(),
                    append_salt: String::new(),
                },
                ..PasswordMigration::default()
            })
            .await
            .expect("imported")
            .member;
        let codes: Vec<String> = vec![
            "legacy-code-one".into(),
            "legacy-code-two".into(),
            "legacy-code-three".into(),
        ];
        let totp = backend
            .migrate_totp(&secure, &member.member_id, TOTP_SECRET, &codes)
            .await
            .expect("authenticator imported");
        assert_eq!(totp.recovery_codes, codes);
        assert!(!totp.totp_registration_id.is_empty());
        assert_eq!(
            refusal(
                backend
                    .migrate_totp(&secure, &member.member_id, TOTP_SECRET, &codes)
                    .await
            )
            .1,
            "active_totp_exists"
        );

        // The member's app (the old secret) completes MFA.
        let first = password_sign_in(&backend, &secure, email, password)
            .await
            .expect("first factor");
        assert!(
            matches!(first.outcome(), AuthOutcome::NeedsMfa(_)),
            "{:?}",
            first.outcome()
        );
        let by_app = backend
            .authenticate_totp(
                &TotpAuthenticateRequest {
                    organization_id: secure.clone(),
                    member_id: member.member_id.clone(),
                    code: totp_now(TOTP_SECRET),
                    intermediate_session_token: Some(first.intermediate_session_token.clone()),
                    session_duration_minutes: Some(60),
                    ..Default::default()
                },
                &SignInOptions::default(),
            )
            .await
            .expect("signed in with the imported app");

        // A second device, with an imported recovery code.
        let recover = |ist: String, code: &str| RecoverRequest {
            organization_id: secure.clone(),
            member_id: member.member_id.clone(),
            recovery_code: code.to_owned(),
            intermediate_session_token: Some(ist),
            session_duration_minutes: Some(60),
        };
        let second = password_sign_in(&backend, &secure, email, password)
            .await
            .expect("first factor");
        let by_code = backend
            .authenticate_recovery_code(
                &recover(second.intermediate_session_token, &codes[0]),
                &SignInOptions::default(),
            )
            .await
            .expect("signed in with an imported recovery code");
        assert_eq!(by_code.recovery_codes_remaining, 2);

        let mut listed: Vec<String> = backend
            .member_sessions(&secure, &member.member_id)
            .await
            .expect("listed")
            .into_iter()
            .map(|s| s.member_session_id)
            .collect();
        listed.sort();
        let mut expected = vec![
            by_app.member_session.member_session_id.clone(),
            by_code.member_session.member_session_id.clone(),
        ];
        expected.sort();
        assert_eq!(listed, expected);

        // One device signed out: its token is dead (a page render reusing Stytch's answer for
        // it asks again), the other lives.
        let app_session = stytch_core::backend::SessionCredential::Token(by_app.session_token.clone());
        let reuse = std::time::Duration::from_secs(60);
        backend
            .authenticate_session_reusing(&app_session, reuse)
            .await
            .expect("live, and its answer kept for reuse");
        backend
            .revoke_member_session(&by_app.member_session.member_session_id)
            .await
            .expect("revoked");
        assert_eq!(
            refusal(backend.authenticate_session_reusing(&app_session, reuse).await).1,
            "session_not_found",
            "no reused answer for a session signed out"
        );
        let code_session = stytch_core::backend::SessionCredential::Token(by_code.session_token.clone());
        assert_eq!(
            refusal(backend.authenticate_session(&app_session, Default::default()).await).1,
            "session_not_found"
        );
        backend
            .authenticate_session(&code_session, Default::default())
            .await
            .expect("the other device is still signed in");
        assert_eq!(
            refusal(
                backend
                    .revoke_member_session(&by_app.member_session.member_session_id)
                    .await
            ),
            (404, "session_not_found".to_owned())
        );

        // The codes left, then a new set: an old one no longer works, a new one does.
        assert_eq!(
            backend.recovery_codes(&secure, &member.member_id).await.expect("shown"),
            codes[1..]
        );
        let fresh = backend
            .rotate_recovery_codes(&secure, &member.member_id)
            .await
            .expect("rotated");
        assert!(
            !fresh.is_empty() && fresh.iter().all(|c| !codes.contains(c)),
            "{}",
            fresh.len()
        );
        let third = password_sign_in(&backend, &secure, email, password)
            .await
            .expect("first factor");
        assert_eq!(
            refusal(
                backend
                    .authenticate_recovery_code(
                        &recover(third.intermediate_session_token.clone(), &codes[1]),
                        &SignInOptions::default()
                    )
                    .await
            )
            .1,
            "unable_to_authenticate_recovery_code"
        );
        backend
            .authenticate_recovery_code(
                &recover(third.intermediate_session_token, &fresh[0]),
                &SignInOptions::default(),
            )
            .await
            .expect("a new code works");

        // Signed out everywhere.
        backend
            .revoke_member_sessions(&member.member_id)
            .await
            .expect("revoked everywhere");
        assert!(
            backend
                .member_sessions(&secure, &member.member_id)
                .await
                .expect("listed")
                .is_empty()
        );
        assert_eq!(
            refusal(backend.authenticate_session(&code_session, Default::default()).await).1,
            "session_not_found"
        );
    });
}

/// The old system's OIDC UserInfo endpoint: each known bearer token's address, 401 otherwise.
/// A few lines of HTTP over a socket, served by the test's own runtime.
async fn user_info(known: &'static [(&'static str, &'static str)]) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("a port");
    let address = listener.local_addr().expect("an address");
    tokio::task::spawn_local(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            tokio::task::spawn_local(async move {
                let mut request = Vec::new();
                let mut buffer = [0u8; 4096];
                while !request.windows(4).any(|w| w == b"\r\n\r\n") {
                    match socket.read(&mut buffer).await {
                        Ok(0) | Err(_) => break,
                        Ok(n) => request.extend_from_slice(&buffer[..n]),
                    }
                }
                let text = String::from_utf8_lossy(&request).into_owned();
                let bearer = text
                    .lines()
                    .find_map(|line| {
                        let (name, value) = line.split_once(':')?;
                        name.eq_ignore_ascii_case("authorization")
                            .then(|| value.trim().strip_prefix("Bearer ").unwrap_or_default().to_owned())
                    })
                    .unwrap_or_default();
                let (status, body) = match known.iter().find(|(token, _)| *token == bearer) {
                    Some((_, email)) => ("200 OK", format!(r#"{{"sub":"legacy|1","email":"{email}"}}"#)),
                    None => ("401 Unauthorized", "{}".to_owned()),
                };
                let response = format!(
                    "HTTP/1.1 {status}\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                    body.len()
                );
                let _ = socket.write_all(response.as_bytes()).await;
            });
        }
    });
    format!("http://{address}/userinfo")
}

#[test]
fn a_session_of_the_old_system_is_carried_over_for_an_imported_member() {
    run(async move {
        let url = user_info(&[
            ("old-session-of-ada", "ada@old.example"),
            ("old-session-of-a-stranger", "stranger@old.example"),
        ])
        .await;
        let emulator = stytch_emulator::spawn(stytch_emulator::EmulatorConfig {
            session_migration_url: Some(url),
            ..stytch_emulator::EmulatorConfig::for_tests()
        })
        .expect("the emulator starts");
        let api = emulator.url();
        let backend = backend_for(&api);
        let cutover = organization(&backend, "cutover-co", None).await;
        let member = backend
            .create_member(
                &cutover,
                &stytch_core::models::api::organizations::MemberCreateRequest {
                    email_address: "ada@old.example".into(),
                    ..Default::default()
                },
            )
            .await
            .expect("imported first");

        let migration = |token: &str| SessionMigration {
            session_token: token.into(),
            organization_id: "cutover-co".into(),
            session_duration_minutes: Some(90),
            session_custom_claims: serde_json::json!({ "migrated": true }).as_object().cloned(),
        };
        let carried = backend
            .migrate_session(&migration("old-session-of-ada"))
            .await
            .expect("carried over");
        assert_eq!(carried.member.member_id, member.member_id);
        let factor = &carried.member_session.authentication_factors[0];
        assert_eq!(factor.factor_type, "imported");
        assert_eq!(
            carried
                .member_session
                .custom_claims
                .as_ref()
                .and_then(|c| c.get("migrated")),
            Some(&serde_json::json!(true))
        );
        // Handed to the browser like any sign-in, and a real session.
        let page = stytch_core::storage::PageLocation::from_host("https", "app.example.com");
        let mut cookies = stytch_core::storage::ResponseCookies::new(page, "", Default::default());
        cookies.write_sign_in(&carried, 0);
        assert!(cookies.headers()[0].starts_with(&format!("stytch_session={};", carried.session_token)));
        let credential = stytch_core::backend::SessionCredential::Token(carried.session_token.clone());
        backend
            .authenticate_session(&credential, Default::default())
            .await
            .expect("live");

        assert_eq!(
            refusal(backend.migrate_session(&migration("forged")).await).1,
            "migrate_from_external_unexpected_response"
        );
        assert_eq!(
            refusal(backend.migrate_session(&migration("old-session-of-a-stranger")).await).1,
            "migrate_from_external_email_does_not_exist"
        );
    });
}
