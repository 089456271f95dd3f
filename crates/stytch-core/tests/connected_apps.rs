//! Connected Apps through the headless client against a live emulator: the app's consent page
//! authorizing a third-party app (whose tokens the test redeems as the app would), the lists
//! and revocation of granted apps, and a first-party app's access token exchanged for a
//! session in another browser; and a server registering, changing, listing, rotating and
//! deleting apps with `StytchBackend`.

mod support;

use stytch_core::backend::{ConnectedAppSearch, ConnectedAppSettings};
use stytch_core::models::api::idp::{OAuthAuthorizeStartRequest, OAuthAuthorizeSubmitRequest};
use support::*;

const CALLBACK: &str = "https://cli.example/callback";

/// Registers a confidential connected app with `StytchBackend`: its client ID and secret.
async fn register(api: &str, settings: ConnectedAppSettings) -> (String, String) {
    let created = backend_for(api).create_connected_app(&settings).await.unwrap();
    (
        created.app.client_id,
        created.secret.expect("a confidential app's secret"),
    )
}

/// Redeems a code at the token endpoint, as the connected app would.
async fn redeem(api: &str, client_id: &str, secret: &str, code: &str) -> serde_json::Value {
    let token_endpoint = format!("{api}/v1/public/{}/oauth2/token", stytch_emulator::DEFAULT_PROJECT_ID);
    // The endpoint takes JSON as well as the form OAuth clients send.
    let body = serde_json::json!({
        "grant_type": "authorization_code",
        "client_id": client_id,
        "client_secret": secret,
        "code": code,
    });
    post_json(&token_endpoint, body).await
}

fn asked(client_id: &str, scopes: &[&str]) -> OAuthAuthorizeStartRequest {
    OAuthAuthorizeStartRequest {
        client_id: client_id.to_owned(),
        redirect_uri: CALLBACK.to_owned(),
        response_type: "code".to_owned(),
        scopes: scopes.iter().map(|s| (*s).to_owned()).collect(),
        prompt: None,
    }
}

fn granted(request: &OAuthAuthorizeStartRequest) -> OAuthAuthorizeSubmitRequest {
    OAuthAuthorizeSubmitRequest {
        client_id: request.client_id.clone(),
        redirect_uri: request.redirect_uri.clone(),
        response_type: request.response_type.clone(),
        scopes: request.scopes.clone(),
        state: Some("state-1".into()),
        consent_granted: true,
        ..Default::default()
    }
}

#[test]
fn the_consent_page_authorizes_an_app_that_the_member_later_revokes() {
    let emulator = emulator();
    let api = emulator.url();
    run(async move {
        let (client_id, secret) = register(
            &api,
            ConnectedAppSettings {
                client_type: Some("third_party".into()),
                client_name: Some("Acme CLI".into()),
                redirect_urls: Some(vec![CALLBACK.into()]),
                post_logout_redirect_urls: Some(vec!["https://cli.example/signed-out".into()]),
                access_token_custom_audience: Some("https://api.acme.example".into()),
                ..Default::default()
            },
        )
        .await;
        let member = Browser::new().open(&api);
        sign_in(&member, &api, "ops@connected.example", "connected", 60).await;
        let request = asked(&client_id, &["openid", "email"]);
        let check = member.idp().oauth_authorize_start(&request).await.unwrap();
        assert!(check.consent_required, "a third-party app asks");
        assert_eq!(check.client.client_name, "Acme CLI");
        assert!(check.scope_results.iter().all(|s| s.is_grantable));
        let answer = member.idp().oauth_authorize_submit(&granted(&request)).await.unwrap();
        let code = answer.authorization_code.clone().expect("a code");
        assert!(
            answer.redirect_uri.starts_with(CALLBACK) && answer.redirect_uri.contains("state=state-1"),
            "the app gets its state back"
        );
        let tokens = redeem(&api, &client_id, &secret, &code).await;
        assert_eq!(tokens["scope"], "openid email", "{tokens}");

        // The app's API server checks the token locally, as a Rust MCP server would.
        let server = backend_for(&api);
        let access = tokens["access_token"].as_str().unwrap();
        let claims = server.introspect_access_token(access, None).await.unwrap();
        let me = member.member().get_sync().unwrap();
        assert_eq!(
            (claims.subject.as_str(), claims.client_id.as_str()),
            (me.member_id.as_str(), client_id.as_str())
        );
        assert!(claims.has_scope("email") && !claims.has_scope("full_access"));
        // The app's custom audience, beside the project's: the API it is for checks it.
        assert_eq!(
            claims.audience,
            [stytch_emulator::DEFAULT_PROJECT_ID, "https://api.acme.example"]
        );
        assert!(claims.has_audience("https://api.acme.example") && !claims.has_audience("https://other.example"));
        assert_eq!(claims.organization.organization_id, me.organization_id);
        let forged = format!("{}x", &access[..access.len() - 1]);
        let refused = server
            .introspect_access_token(&forged, None)
            .await
            .expect_err("tampered");
        assert_eq!(refused.error_type().map(|t| t.as_str()), Some("jwt_invalid"));
        let session_jwt = member.session().get_tokens().map(|t| t.session_jwt).unwrap_or_default();
        let refused = server
            .introspect_access_token(&session_jwt, None)
            .await
            .expect_err("a session JWT, signed by the same key, is not an access token");
        assert_eq!(refused.error_type().map(|t| t.as_str()), Some("jwt_invalid"));
        let refused = server
            .authenticate_m2m_token(access, Default::default())
            .await
            .expect_err("a token that speaks for a member is not a machine's");
        assert_eq!(refused.error_type().map(|t| t.as_str()), Some("jwt_invalid"));

        // The app's logout request, with the ID token it holds: no confirmation asked.
        let logout = stytch_core::models::api::idp::OAuthLogoutStartRequest {
            client_id: client_id.clone(),
            post_logout_redirect_uri: "https://cli.example/signed-out".into(),
            state: "bye".into(),
            id_token_hint: tokens["id_token"].as_str().map(str::to_owned),
        };
        let check = member.idp().oauth_logout_start(&logout).await.unwrap();
        assert!(!check.consent_required);
        assert_eq!(check.redirect_uri, "https://cli.example/signed-out?state=bye");

        let mine = member.member().connected_apps().await.unwrap();
        assert_eq!(mine.connected_apps.len(), 1);
        assert_eq!(mine.connected_apps[0].scopes_granted, "openid email");
        let installed = member.organization().connected_apps().await.unwrap();
        assert_eq!(installed.connected_apps[0].connected_app_id, client_id);
        let detail = member.organization().connected_app(&client_id).await.unwrap();
        assert_eq!(detail.active_members.len(), 1);

        member.member().revoke_connected_app(&client_id).await.unwrap();
        assert!(
            member
                .member()
                .connected_apps()
                .await
                .unwrap()
                .connected_apps
                .is_empty()
        );
        assert!(
            member
                .organization()
                .connected_apps()
                .await
                .unwrap()
                .connected_apps
                .is_empty()
        );
        let refused = member
            .member()
            .revoke_connected_app(&client_id)
            .await
            .expect_err("nothing left to revoke");
        assert_eq!(
            refused.error_type().map(|t| t.as_str()),
            Some("connected_app_not_found")
        );
    });
}

#[test]
fn a_first_party_apps_access_token_signs_its_member_in_elsewhere() {
    let emulator = emulator();
    let api = emulator.url();
    run(async move {
        let (client_id, secret) = register(
            &api,
            ConnectedAppSettings {
                client_type: Some("first_party".into()),
                client_name: Some("Desktop".into()),
                redirect_urls: Some(vec![CALLBACK.into()]),
                full_access_allowed: Some(true),
                ..Default::default()
            },
        )
        .await;
        let desktop = Browser::new().open(&api);
        sign_in(&desktop, &api, "me@desktop.example", "desktop", 60).await;
        let request = asked(&client_id, &["openid", "full_access"]);
        assert!(
            !desktop
                .idp()
                .oauth_authorize_start(&request)
                .await
                .unwrap()
                .consent_required
        );
        let code = desktop
            .idp()
            .oauth_authorize_submit(&granted(&request))
            .await
            .unwrap()
            .authorization_code
            .unwrap();
        let access = redeem(&api, &client_id, &secret, &code).await["access_token"]
            .as_str()
            .unwrap()
            .to_owned();

        let web = Browser::new().open(&api);
        assert!(web.session().get_sync().is_none());
        let answer = web.session().exchange_access_token(&access, Some(30)).await.unwrap();
        assert_eq!(answer.member.email_address, "me@desktop.example");
        assert_eq!(
            web.session().get_sync().map(|s| s.member_session_id),
            Some(answer.member_session.member_session_id),
            "the session is stored as any sign-in's"
        );
        let again = web
            .session()
            .exchange_access_token(&access, Some(30))
            .await
            .expect_err("once");
        assert_eq!(
            again.error_type().map(|t| t.as_str()),
            Some("idp_access_token_could_not_be_exchanged")
        );
        assert!(web.session().get_sync().is_some(), "a refusal leaves the session alone");
    });
}

/// Whether the introspection endpoint accepts the app's credentials (an unknown token is then
/// merely inactive; wrong credentials are `invalid_client`).
async fn accepted(api: &str, client_id: &str, secret: &str) -> bool {
    let endpoint = format!(
        "{api}/v1/public/{}/oauth2/introspect",
        stytch_emulator::DEFAULT_PROJECT_ID
    );
    let body = serde_json::json!({ "token": "not-a-token", "client_id": client_id, "client_secret": secret });
    let answer = post_json(&endpoint, body).await;
    match (&answer["active"], &answer["error"]) {
        (serde_json::Value::Bool(false), _) => true,
        (_, error) if error == "invalid_client" => false,
        _ => panic!("neither inactive nor refused: {answer}"),
    }
}

#[test]
fn a_server_registers_changes_lists_rotates_and_deletes_connected_apps() {
    let emulator = emulator();
    let api = emulator.url();
    run(async move {
        let server = backend_for(&api);
        let partner = ConnectedAppSettings {
            client_type: Some("third_party".into()),
            client_name: Some("Partner sync".into()),
            client_description: Some("Keeps the partner's CRM in step".into()),
            redirect_urls: Some(vec!["https://partner.example/callback".into()]),
            ..Default::default()
        };
        let created = server.create_connected_app(&partner).await.unwrap();
        let secret = created.secret.clone().expect("a confidential app's secret");
        assert!(
            !format!("{created:?}").contains(&secret),
            "the secret stays out of logs"
        );
        let app = created.app;
        assert_eq!(
            (
                app.client_type.as_str(),
                app.status.as_str(),
                app.is_public(),
                app.is_first_party()
            ),
            ("third_party", "active", false, false)
        );
        assert_eq!(
            app.client_secret_last_four.as_deref(),
            Some(&secret[secret.len() - 4..])
        );
        assert!(accepted(&api, &app.client_id, &secret).await);
        assert!(!accepted(&api, &app.client_id, "secret-test-guess").await);

        let cli = ConnectedAppSettings {
            client_type: Some("first_party_public".into()),
            client_name: Some("Acme CLI".into()),
            redirect_urls: Some(vec!["http://127.0.0.1:8976/callback".into()]),
            ..Default::default()
        };
        let public = server.create_connected_app(&cli).await.unwrap();
        assert_eq!(public.secret, None, "a public app has no secret");
        assert!(public.app.is_public() && public.app.is_first_party());
        assert_eq!(
            refusal(server.start_connected_app_secret_rotation(&public.app.client_id).await),
            (400, "public_connected_apps_do_not_have_secrets".into())
        );
        let odd = ConnectedAppSettings {
            client_type: Some("second_party".into()),
            ..cli.clone()
        };
        assert_eq!(
            refusal(server.create_connected_app(&odd).await),
            (400, "invalid_connected_app_type".into())
        );

        // Changed: what is named changes, the rest stays.
        let change = ConnectedAppSettings {
            access_token_expiry_minutes: Some(15),
            logo_url: Some("https://partner.example/logo.png".into()),
            ..Default::default()
        };
        let changed = server.update_connected_app(&app.client_id, &change).await.unwrap();
        assert_eq!(
            (
                changed.access_token_expiry_minutes,
                changed.logo_url.as_deref(),
                changed.client_name.as_str()
            ),
            (15, Some("https://partner.example/logo.png"), "Partner sync")
        );
        assert_eq!(server.connected_app(&app.client_id).await.unwrap(), changed);

        // Listed one page at a time, in the order they were registered.
        let first = server
            .search_connected_apps(&ConnectedAppSearch {
                limit: Some(1),
                cursor: None,
            })
            .await
            .unwrap();
        assert_eq!((first.total, first.apps.len()), (2, 1));
        assert_eq!(first.apps[0].client_id, app.client_id);
        let second = server
            .search_connected_apps(&ConnectedAppSearch {
                limit: Some(1),
                cursor: first.next_cursor.clone(),
            })
            .await
            .unwrap();
        assert_eq!(second.apps[0].client_id, public.app.client_id);
        assert_eq!(second.next_cursor, None, "the last page");

        // Rotation: both secrets work until it completes, then only the new one.
        assert_eq!(
            refusal(server.complete_connected_app_secret_rotation(&app.client_id).await),
            (400, "connected_app_not_rotating_secret".into())
        );
        let rotation = server
            .start_connected_app_secret_rotation(&app.client_id)
            .await
            .unwrap();
        let next = rotation.secret.clone().expect("the next secret");
        assert!(rotation.app.is_rotating_secret());
        assert_eq!(
            refusal(server.start_connected_app_secret_rotation(&app.client_id).await),
            (400, "connected_app_already_rotating_secret".into())
        );
        assert!(accepted(&api, &app.client_id, &secret).await && accepted(&api, &app.client_id, &next).await);
        let rotated = server
            .complete_connected_app_secret_rotation(&app.client_id)
            .await
            .unwrap();
        assert_eq!(
            rotated.client_secret_last_four.as_deref(),
            Some(&next[next.len() - 4..])
        );
        assert!(!rotated.is_rotating_secret());
        assert!(!accepted(&api, &app.client_id, &secret).await && accepted(&api, &app.client_id, &next).await);
        // Cancelled: the current secret stays, the next one never works.
        let abandoned = server
            .start_connected_app_secret_rotation(&app.client_id)
            .await
            .unwrap()
            .secret
            .expect("the next secret");
        let kept = server
            .cancel_connected_app_secret_rotation(&app.client_id)
            .await
            .unwrap();
        assert!(!kept.is_rotating_secret());
        assert!(accepted(&api, &app.client_id, &next).await && !accepted(&api, &app.client_id, &abandoned).await);

        // Deleted: gone, and its credentials with it.
        server.delete_connected_app(&app.client_id).await.unwrap();
        assert_eq!(
            refusal(server.connected_app(&app.client_id).await),
            (404, "connected_app_not_found".into())
        );
        assert!(!accepted(&api, &app.client_id, &next).await);
        assert_eq!(refusal(server.delete_connected_app(&app.client_id).await).0, 404);
        let left = server
            .search_connected_apps(&ConnectedAppSearch::default())
            .await
            .unwrap();
        assert_eq!((left.total, left.apps.len()), (1, 1));
    });
}
