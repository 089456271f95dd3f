//! PKCE against a running emulator whose bootstrap requires it: every link and redirect signs
//! in only the browser that started it, and a stale pair never breaks a plain link.

mod support;

use stytch_core::models::api::magic_links::DiscoveryEmailSendRequest;
use stytch_core::models::api::oauth::OAuthProvider;
use stytch_core::models::api::passwords::ResetByEmailStartRequest;
use stytch_core::storage::KeyValueStore;
use stytch_core::{OAuthStartOptions, SsoStartOptions, StytchClient, StytchError, UrlAuthentication};
use stytch_emulator::{EmulatorConfig, EmulatorHandle, PkceRequired, Seed};
use stytch_models::ErrorType;
use support::{Browser, PUBLIC_TOKEN, google_credential, latest_message, run, through_provider};

fn emulator_requiring_pkce() -> EmulatorHandle {
    stytch_emulator::spawn(EmulatorConfig {
        seed: Seed::Demo,
        pkce_required: PkceRequired::all(),
        ..EmulatorConfig::for_tests()
    })
    .expect("the emulator starts")
}

fn pair_key(namespace: &str) -> String {
    format!("stytch_sdk_state_{PUBLIC_TOKEN}::PKCE_VERIFIER:{namespace}")
}

fn expect_pkce_error<T: std::fmt::Debug>(result: Result<T, StytchError>, expected: ErrorType) {
    let error = result.expect_err("another browser holds no verifier");
    assert_eq!(error.error_type(), Some(&expected), "{error}");
}

/// Authenticates the redirect `back` in the browser that started it, after checking that
/// another browser is refused for want of the verifier.
async fn only_here(client: &StytchClient, elsewhere: &StytchClient, back: &str) -> UrlAuthentication {
    match elsewhere.authenticate_by_url(back, Some(60)).await {
        Some(result) => expect_pkce_error(result, ErrorType::PkceExpectedCodeVerifier),
        None => panic!("no token in {back}"),
    }
    match client.authenticate_by_url(back, Some(60)).await {
        Some(Ok(signed_in)) => signed_in,
        other => panic!("{other:?}"),
    }
}

async fn bootstrapped(browser: &Browser, api: &str) -> StytchClient {
    let client = browser.open(api);
    client.fetch_bootstrap().await.expect("bootstrap");
    client
}

#[test]
fn a_magic_link_signs_in_only_the_browser_that_asked_for_it() {
    let emulator = emulator_requiring_pkce();
    let api = emulator.url();
    run(async move {
        let mine = Browser::new();
        let client = mine.open(&api);
        let send = DiscoveryEmailSendRequest {
            email_address: "ada@example.com".into(),
            ..Default::default()
        };
        // The send waits for the bootstrap by itself.
        client.magic_links().discovery_send(&send).await.expect("sent");
        let first = latest_message(&api, "ada@example.com").await["token"]
            .as_str()
            .unwrap()
            .to_owned();
        let pair = mine.storage.get(&pair_key("magic_links")).expect("a pair is kept");
        // Asking again keeps the pair, so the first email's link still works.
        client.magic_links().discovery_send(&send).await.expect("sent again");
        assert_eq!(mine.storage.get(&pair_key("magic_links")), Some(pair));

        let elsewhere = Browser::new().open(&api);
        expect_pkce_error(
            elsewhere.magic_links().discovery_authenticate(&first).await,
            ErrorType::PkceExpectedCodeVerifier,
        );
        assert!(elsewhere.store().cookies().intermediate_session_token().is_none());

        let discovered = client
            .magic_links()
            .discovery_authenticate(&first)
            .await
            .expect("mine works");
        assert!(!discovered.discovered_organizations.is_empty());
        assert!(
            mine.storage.get(&pair_key("magic_links")).is_none(),
            "the used pair is cleared"
        );
    });
}

#[test]
fn a_password_reset_link_works_only_where_it_was_requested() {
    let emulator = emulator_requiring_pkce();
    let api = emulator.url();
    run(async move {
        let mine = Browser::new();
        let client = bootstrapped(&mine, &api).await;
        let stark = client
            .organization()
            .get_by_slug("stark")
            .await
            .expect("looked up")
            .expect("Stark exists");
        let start = ResetByEmailStartRequest {
            organization_id: stark.organization_id.clone(),
            email_address: "tony@stark.example".into(),
            ..Default::default()
        };
        client.passwords().reset_by_email_start(&start).await.expect("sent");
        let token = latest_message(&api, "tony@stark.example").await["token"]
            .as_str()
            .unwrap()
            .to_owned();
        let password = "a-Much-Longer-Reactor-Phrase-2026";

        let elsewhere = Browser::new().open(&api);
        expect_pkce_error(
            elsewhere.passwords().reset_by_email(&token, password, Some(60)).await,
            ErrorType::PkceExpectedCodeVerifier,
        );
        let reset = client
            .passwords()
            .reset_by_email(&token, password, Some(60))
            .await
            .expect("mine works");
        assert!(reset.member_session.is_some());
        assert!(mine.storage.get(&pair_key("passwords")).is_none());
    });
}

#[test]
fn oauth_and_sso_redirects_carry_a_challenge_and_need_this_browsers_verifier() {
    let emulator = emulator_requiring_pkce();
    let api = emulator.url();
    run(async move {
        let mine = Browser::new();
        let client = bootstrapped(&mine, &api).await;
        let elsewhere = Browser::new().open(&api);

        let options = OAuthStartOptions {
            discovery_redirect_url: Some("http://localhost:8080/authenticate".into()),
            ..Default::default()
        };
        let start = client.oauth().discovery_start_url(&OAuthProvider::Google, &options);
        let stored = mine.storage.get(&pair_key("oauth")).expect("a pair is kept");
        let challenge = serde_json::from_str::<serde_json::Value>(&stored).unwrap()["code_challenge"]
            .as_str()
            .unwrap()
            .to_owned();
        assert!(start.contains(&format!("&pkce_code_challenge={challenge}&discovery_redirect_url=")));
        let back = through_provider(
            &api,
            &start,
            "/v1/b2b/public/oauth/google/consent",
            "discovery=true&email=ada%40example.com",
        )
        .await;
        match only_here(&client, &elsewhere, &back).await {
            UrlAuthentication::Discovery(r) => assert!(!r.discovered_organizations.is_empty()),
            other => panic!("{other:?}"),
        }
        assert!(mine.storage.get(&pair_key("oauth")).is_none());

        let found = client
            .sso()
            .discover_connections("miles@cyberdyne.example")
            .await
            .expect("connections");
        let sso_options = SsoStartOptions {
            login_redirect_url: Some("http://localhost:8080/authenticate".into()),
            ..Default::default()
        };
        let start = client
            .sso()
            .start_url(&found.connections[0].connection_id, &sso_options);
        assert!(start.contains("&pkce_code_challenge="));
        let back = through_provider(&api, &start, "/v1/public/sso/idp", "email=miles%40cyberdyne.example").await;
        match only_here(&client, &elsewhere, &back).await {
            UrlAuthentication::Authenticated(r) => assert!(r.member_session.is_some()),
            other => panic!("{other:?}"),
        }
    });
}

#[test]
fn without_the_setting_no_challenge_is_sent_and_a_stale_pair_does_not_break_a_link() {
    let emulator = support::demo_emulator();
    let api = emulator.url();
    run(async move {
        let mine = Browser::new();
        let client = bootstrapped(&mine, &api).await;
        let start = client
            .oauth()
            .discovery_start_url(&OAuthProvider::Google, &OAuthStartOptions::default());
        assert!(!start.contains("pkce_code_challenge"));

        // A pair left by a start that was never finished (another tab, an older setting).
        let stale = r#"{"code_challenge":"E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM","code_verifier":"dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"}"#;
        mine.storage.set(&pair_key("magic_links"), stale);
        let send = DiscoveryEmailSendRequest {
            email_address: "ada@example.com".into(),
            ..Default::default()
        };
        client.magic_links().discovery_send(&send).await.expect("sent");
        let token = latest_message(&api, "ada@example.com").await["token"]
            .as_str()
            .unwrap()
            .to_owned();
        let before = support::request_count(&api, "/sdk/v1/b2b/magic_links/discovery/authenticate").await;
        client
            .magic_links()
            .discovery_authenticate(&token)
            .await
            .expect("the link was sent without a challenge, so it works without a verifier");
        let after = support::request_count(&api, "/sdk/v1/b2b/magic_links/discovery/authenticate").await;
        assert_eq!(
            after - before,
            2,
            "one refusal of the stale verifier, then the retry without"
        );
        assert_eq!(
            mine.storage.get(&pair_key("magic_links")).as_deref(),
            Some(stale),
            "the pair stays for the start it belongs to"
        );
    });
}

#[test]
fn a_one_tap_submit_carries_a_challenge_and_needs_this_browsers_verifier() {
    let emulator = emulator_requiring_pkce();
    let api = emulator.url();
    run(async move {
        let mine = Browser::new();
        let client = bootstrapped(&mine, &api).await;
        let elsewhere = Browser::new().open(&api);
        let credential = google_credential(&api, "ada@example.com", "example.com").await;
        let back = client
            .oauth()
            .google_one_tap_discovery_submit(&credential, &OAuthStartOptions::default())
            .await
            .expect("submitted");
        assert!(back.contains("stytch_token_type=discovery_oauth"), "{back}");
        assert!(mine.storage.get(&pair_key("oauth")).is_some(), "a pair is kept");
        match only_here(&client, &elsewhere, &back).await {
            UrlAuthentication::Discovery(r) => assert!(!r.discovered_organizations.is_empty()),
            other => panic!("{other:?}"),
        }
        assert!(mine.storage.get(&pair_key("oauth")).is_none());
    });
}
