//! M2M on a server against a live emulator: a service trades its client's credentials for an
//! access token (`StytchBackend::m2m_token`), and the API it calls checks the token locally
//! (`authenticate_m2m_token`) against the project's keys, scopes, age and expiry.

mod support;

use stytch_core::StytchError;
use stytch_core::backend::{AuthenticateM2mTokenOptions, StytchBackend};
use support::*;

fn refusal(error: &StytchError) -> (u16, &str) {
    match error {
        StytchError::Api(body) => (body.status_code, body.error_type.as_str()),
        other => panic!("not Stytch's refusal: {other:?}"),
    }
}

/// A new M2M client with these scopes: its ID and secret.
async fn m2m_client(api: &str, scopes: &[&str]) -> (String, String) {
    let created = with_secret(
        api,
        reqwest::Method::POST,
        "/v1/m2m/clients",
        Some(serde_json::json!({ "scopes": scopes })),
    )
    .await;
    let client = &created["m2m_client"];
    let text = |field: &str| client[field].as_str().unwrap().to_owned();
    (text("client_id"), text("client_secret"))
}

fn requiring(scopes: &[&str], now: i64) -> AuthenticateM2mTokenOptions {
    AuthenticateM2mTokenOptions {
        required_scopes: scopes.iter().map(|s| (*s).to_owned()).collect(),
        current_time: Some(now),
        ..Default::default()
    }
}

#[test]
fn a_service_gets_a_token_that_the_api_checks_locally() {
    let emulator = emulator();
    let api = emulator.url();
    let app = emulator.app().clone();
    let now = move || app.clock.now_ms() / 1000;
    run(async move {
        let (client_id, secret) = &m2m_client(&api, &["read:users", "write:*"]).await;
        let server =
            StytchBackend::new(stytch_emulator::DEFAULT_PROJECT_ID, stytch_emulator::DEFAULT_SECRET).with_api_url(&api);

        let token = server.m2m_token(client_id, secret, &[]).await.unwrap();
        assert_eq!((token.token_type.as_str(), token.expires_in), ("bearer", 3600));
        assert!(
            !format!("{token:?}").contains(&token.access_token),
            "the token stays out of logs"
        );
        let caller = server
            .authenticate_m2m_token(&token.access_token, requiring(&["read:users", "write:invoices"], now()))
            .await
            .unwrap();
        assert_eq!(&caller.client_id, client_id);
        assert_eq!(caller.scopes, ["read:users", "write:*"]);
        assert!(caller.custom_claims.is_empty(), "{:?}", caller.custom_claims);
        assert_eq!(caller.expires_at - caller.issued_at, 3600);
        let refused = server
            .authenticate_m2m_token(&token.access_token, requiring(&["read:users", "delete:users"], now()))
            .await
            .unwrap_err();
        assert_eq!(refusal(&refused), (403, "missing_scopes"));
        assert!(refused.to_string().contains("delete:users"), "{refused}");

        // Fewer scopes on request; none the client lacks; only its own secret.
        let narrow = server.m2m_token(client_id, secret, &["read:users"]).await.unwrap();
        let caller = server
            .authenticate_m2m_token(&narrow.access_token, requiring(&[], now()))
            .await
            .unwrap();
        assert_eq!(caller.scopes, ["read:users"]);
        let refused = server.m2m_token(client_id, secret, &["admin"]).await.unwrap_err();
        assert_eq!(refusal(&refused), (400, "invalid_scope"));
        let refused = server.m2m_token(client_id, "not-its-secret", &[]).await.unwrap_err();
        assert_eq!(refusal(&refused), (401, "invalid_client"));

        // A tampered token, a member's session JWT, and a token from another project's key.
        let forged = format!("{}x", &token.access_token[..token.access_token.len() - 1]);
        let refused = server
            .authenticate_m2m_token(&forged, requiring(&[], now()))
            .await
            .unwrap_err();
        assert_eq!(refusal(&refused), (401, "jwt_invalid"));
        let member = Browser::new().open(&api);
        sign_in(&member, &api, "someone@m2m.example", "m2m-co", 60).await;
        let session_jwt = member.session().get_tokens().map(|t| t.session_jwt).unwrap();
        let refused = server
            .authenticate_m2m_token(&session_jwt, requiring(&[], now()))
            .await
            .unwrap_err();
        assert_eq!(refusal(&refused), (401, "jwt_invalid"));
        let elsewhere = stytch_emulator::spawn(stytch_emulator::EmulatorConfig::for_tests()).unwrap();
        let (other_id, other_secret) = m2m_client(&elsewhere.url(), &["read:users"]).await;
        let theirs = StytchBackend::new(stytch_emulator::DEFAULT_PROJECT_ID, stytch_emulator::DEFAULT_SECRET)
            .with_api_url(elsewhere.url())
            .m2m_token(&other_id, &other_secret, &[])
            .await
            .unwrap();
        let refused = server
            .authenticate_m2m_token(&theirs.access_token, requiring(&[], now()))
            .await
            .unwrap_err();
        assert_eq!(refusal(&refused), (401, "jwt_invalid"), "another emulator's key");

        // Age and expiry, against the emulator's moved clock.
        emulator.app().clock.advance(120);
        let fresh_only = AuthenticateM2mTokenOptions {
            max_token_age_seconds: Some(60),
            ..requiring(&[], now())
        };
        let refused = server
            .authenticate_m2m_token(&token.access_token, fresh_only)
            .await
            .unwrap_err();
        assert_eq!(refusal(&refused), (401, "jwt_too_old"));
        emulator.app().clock.advance(3600 - 120 + 30);
        let refused = server
            .authenticate_m2m_token(&token.access_token, requiring(&[], now()))
            .await
            .unwrap_err();
        assert_eq!(refusal(&refused), (401, "jwt_invalid"), "expired 30 s ago");
        let tolerant = AuthenticateM2mTokenOptions {
            clock_tolerance_seconds: 60,
            ..requiring(&[], now())
        };
        assert!(
            server
                .authenticate_m2m_token(&token.access_token, tolerant)
                .await
                .is_ok()
        );
    });
}

#[test]
fn a_reused_token_spares_the_token_endpoint_until_it_runs_low() {
    let emulator = emulator();
    let api = emulator.url();
    run(async move {
        let (client_id, secret) = &m2m_client(&api, &["read:users", "write:users"]).await;
        let server =
            StytchBackend::new(stytch_emulator::DEFAULT_PROJECT_ID, stytch_emulator::DEFAULT_SECRET).with_api_url(&api);
        let endpoint = format!("/v1/public/{}/oauth2/token", stytch_emulator::DEFAULT_PROJECT_ID);
        let five_minutes = std::time::Duration::from_secs(300);

        let first = server
            .m2m_token_reusing(client_id, secret, &["read:users"], five_minutes)
            .await
            .unwrap();
        let again = server
            .m2m_token_reusing(client_id, secret, &["read:users"], five_minutes)
            .await
            .unwrap();
        assert_eq!(first, again);
        assert_eq!(
            request_count(&api, &endpoint).await,
            1,
            "the second came from the cache"
        );

        // Other scopes, or a token that would have less left than asked, go to Stytch.
        let other = server
            .m2m_token_reusing(client_id, secret, &["write:users"], five_minutes)
            .await
            .unwrap();
        assert_ne!(other, first);
        server
            .m2m_token_reusing(client_id, secret, &["read:users"], std::time::Duration::from_secs(3601))
            .await
            .unwrap();
        assert_eq!(request_count(&api, &endpoint).await, 3);

        // A wrong secret never gets the cached token, and its refusal is not kept.
        let refused = server
            .m2m_token_reusing(client_id, "not-its-secret", &["read:users"], five_minutes)
            .await
            .unwrap_err();
        assert_eq!(refusal(&refused), (401, "invalid_client"));
        assert_eq!(request_count(&api, &endpoint).await, 4);
    });
}

#[test]
fn a_server_registers_changes_rotates_searches_and_retires_its_m2m_clients() {
    use stytch_core::backend::{CreateM2mClientRequest, M2mClientSearch, UpdateM2mClientRequest};
    use stytch_models::api::organizations::{SearchOperand, SearchQuery};

    let emulator = emulator();
    let api = emulator.url();
    let app = emulator.app().clone();
    let now = move || app.clock.now_ms() / 1000;
    run(async move {
        let server =
            StytchBackend::new(stytch_emulator::DEFAULT_PROJECT_ID, stytch_emulator::DEFAULT_SECRET).with_api_url(&api);
        let mut metadata = serde_json::Map::new();
        metadata.insert("team".into(), "billing".into());
        let created = server
            .create_m2m_client(&CreateM2mClientRequest {
                client_name: Some("billing-sync".into()),
                client_description: Some("Nightly invoice export".into()),
                scopes: vec!["read:invoices".into()],
                trusted_metadata: Some(metadata.clone()),
                ..Default::default()
            })
            .await
            .unwrap();
        let client_id = created.client.client_id.clone();
        assert!(client_id.starts_with("m2m-client-test-"), "{client_id}");
        assert!(
            !format!("{created:?}").contains(&created.secret),
            "the secret stays out of logs"
        );
        assert!(created.secret.ends_with(&created.client.client_secret_last_four));
        assert!(created.client.is_active() && !created.client.is_rotating_secret());

        let fetched = server.m2m_client(&client_id).await.unwrap();
        assert_eq!(fetched, created.client, "the same client, without its secret");
        assert_eq!(
            (fetched.client_name.as_str(), &fetched.trusted_metadata),
            ("billing-sync", &metadata)
        );

        // New scopes reach the next token.
        let updated = server
            .update_m2m_client(
                &client_id,
                &UpdateM2mClientRequest {
                    scopes: Some(vec!["read:invoices".into(), "write:invoices".into()]),
                    ..Default::default()
                },
            )
            .await
            .unwrap();
        assert_eq!(updated.scopes, ["read:invoices", "write:invoices"]);
        assert_eq!(updated.client_name, "billing-sync", "fields left out are kept");
        let token = server.m2m_token(&client_id, &created.secret, &[]).await.unwrap();
        let caller = server
            .authenticate_m2m_token(&token.access_token, requiring(&["write:invoices"], now()))
            .await
            .unwrap();
        assert_eq!(caller.client_id, client_id);
        let refused = server
            .update_m2m_client(
                &client_id,
                &UpdateM2mClientRequest {
                    status: Some("paused".into()),
                    ..Default::default()
                },
            )
            .await
            .unwrap_err();
        assert_eq!(refusal(&refused), (400, "invalid_m2m_client_status"));

        // A rotation: both secrets work, then only the next one.
        let rotation = server.start_m2m_secret_rotation(&client_id).await.unwrap();
        assert_ne!(rotation.secret, created.secret);
        assert_eq!(
            rotation.client.next_client_secret_last_four.as_deref(),
            rotation.secret.get(rotation.secret.len() - 4..)
        );
        assert!(!format!("{rotation:?}").contains(&rotation.secret));
        let refused = server.start_m2m_secret_rotation(&client_id).await.unwrap_err();
        assert_eq!(refusal(&refused), (400, "m2m_client_already_rotating_secret"));
        for secret in [&created.secret, &rotation.secret] {
            server.m2m_token(&client_id, secret, &[]).await.unwrap();
        }
        let rotated = server.complete_m2m_secret_rotation(&client_id).await.unwrap();
        assert!(!rotated.is_rotating_secret());
        assert_eq!(
            rotated.client_secret_last_four,
            rotation.client.next_client_secret_last_four.unwrap()
        );
        let refused = server.m2m_token(&client_id, &created.secret, &[]).await.unwrap_err();
        assert_eq!(refusal(&refused), (401, "invalid_client"));
        server.m2m_token(&client_id, &rotation.secret, &[]).await.unwrap();

        // A cancelled rotation keeps the secret in use.
        let abandoned = server.start_m2m_secret_rotation(&client_id).await.unwrap();
        let kept = server.cancel_m2m_secret_rotation(&client_id).await.unwrap();
        assert!(!kept.is_rotating_secret());
        let refused = server.m2m_token(&client_id, &abandoned.secret, &[]).await.unwrap_err();
        assert_eq!(refusal(&refused), (401, "invalid_client"));
        let refused = server.cancel_m2m_secret_rotation(&client_id).await.unwrap_err();
        assert_eq!(refusal(&refused), (400, "m2m_client_not_rotating_secret"));

        // An import keeps another system's credentials; weak secrets and taken IDs are refused.
        let imported = server
            .create_m2m_client(&CreateM2mClientRequest {
                client_id: Some("auth0-reporting".into()),
                client_secret: Some("an-old-auth0-secret".into()),
                scopes: vec!["read:reports".into()],
                ..Default::default()
            })
            .await
            .unwrap();
        assert_eq!(
            (imported.client.client_id.as_str(), imported.secret.as_str()),
            ("auth0-reporting", "an-old-auth0-secret")
        );
        server
            .m2m_token("auth0-reporting", "an-old-auth0-secret", &[])
            .await
            .unwrap();
        let weak = CreateM2mClientRequest {
            client_secret: Some("aaaa1111".into()),
            ..Default::default()
        };
        assert!(
            !format!("{weak:?}").contains("aaaa1111"),
            "a given secret stays out of logs"
        );
        assert_eq!(
            refusal(&server.create_m2m_client(&weak).await.unwrap_err()),
            (400, "insecure_m2m_client_secret")
        );
        let taken = CreateM2mClientRequest {
            client_id: Some("auth0-reporting".into()),
            ..Default::default()
        };
        assert_eq!(
            refusal(&server.create_m2m_client(&taken).await.unwrap_err()),
            (400, "duplicate_m2m_client_id")
        );
        let bad_scope = CreateM2mClientRequest {
            scopes: vec!["read users".into()],
            ..Default::default()
        };
        assert_eq!(
            refusal(&server.create_m2m_client(&bad_scope).await.unwrap_err()),
            (400, "invalid_m2m_client_scope")
        );

        // Search: by scope, by name and ID together, and page by page.
        let writers = server
            .search_m2m_clients(&M2mClientSearch {
                query: Some(SearchQuery::all_of(vec![SearchOperand::m2m_scopes(&[
                    "write:invoices",
                ])])),
                ..Default::default()
            })
            .await
            .unwrap();
        assert_eq!(
            writers.clients.iter().map(|c| c.client_id.as_str()).collect::<Vec<_>>(),
            [client_id.as_str()]
        );
        assert_eq!((writers.total, writers.next_cursor.as_deref()), (1, None));
        let either = server
            .search_m2m_clients(&M2mClientSearch {
                query: Some(SearchQuery::any_of(vec![
                    SearchOperand::m2m_client_names(&["billing-sync"]),
                    SearchOperand::m2m_client_ids(&["auth0-reporting"]),
                ])),
                ..Default::default()
            })
            .await
            .unwrap();
        assert_eq!(either.total, 2);
        let mut search = M2mClientSearch {
            limit: Some(1),
            ..Default::default()
        };
        let mut seen = Vec::new();
        loop {
            let page = server.search_m2m_clients(&search).await.unwrap();
            assert_eq!((page.clients.len(), page.total), (1, 2));
            seen.extend(page.clients.into_iter().map(|c| c.client_id));
            match page.next_cursor {
                Some(cursor) => search.cursor = Some(cursor),
                None => break,
            }
        }
        assert_eq!(seen, [client_id.clone(), "auth0-reporting".to_owned()]);
        let mut unknown = SearchOperand::m2m_scopes(&["x"]);
        unknown.filter_name = "owner".into();
        let refused = server
            .search_m2m_clients(&M2mClientSearch {
                query: Some(SearchQuery::all_of(vec![unknown])),
                ..Default::default()
            })
            .await
            .unwrap_err();
        assert_eq!(refusal(&refused), (400, "m2m_search_filter_name_not_recognized"));

        // Retired: no more tokens; the ID is not found, even percent-hostile ones.
        server.delete_m2m_client(&client_id).await.unwrap();
        assert_eq!(
            refusal(&server.m2m_client(&client_id).await.unwrap_err()),
            (404, "m2m_client_not_found")
        );
        assert_eq!(
            refusal(&server.delete_m2m_client(&client_id).await.unwrap_err()),
            (404, "m2m_client_not_found")
        );
        assert_eq!(
            refusal(&server.m2m_client("../organizations/x?y#z").await.unwrap_err()),
            (404, "m2m_client_not_found")
        );
        let refused = server.m2m_token(&client_id, &rotation.secret, &[]).await.unwrap_err();
        assert_eq!(refusal(&refused).0, 401);
    });
}
