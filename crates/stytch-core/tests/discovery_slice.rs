//! The discovery slice through the headless client against a real emulator over HTTP:
//! email link, IST, organization, session cookies, cached state, reload and logout.

mod support;

use std::cell::RefCell;
use std::rc::Rc;

use stytch_core::{StytchError, models::ErrorType};
use stytch_models::api::{discovery::OrganizationCreateViaDiscoveryRequest, magic_links::DiscoveryEmailSendRequest};
use support::*;

async fn sign_in_to_new_organization(client: &stytch_core::StytchClient, api: &str, email: &str, slug: &str) {
    let send = DiscoveryEmailSendRequest {
        email_address: email.into(),
        ..Default::default()
    };
    client.magic_links().discovery_send(&send).await.expect("email sent");
    let message = latest_message(api, email).await;
    let link = message["link"].as_str().expect("a link");
    let parsed = stytch_core::parse_authenticate_url(link).expect("the link carries a token");
    assert_eq!(parsed.token_type, "discovery");

    let discovered = client
        .magic_links()
        .discovery_authenticate(&parsed.token)
        .await
        .expect("link authenticates");
    assert_eq!(discovered.email_address, email);
    assert!(
        discovered.discovered_organizations.is_empty(),
        "a new person belongs nowhere"
    );

    let request = OrganizationCreateViaDiscoveryRequest {
        organization_name: Some("Test Org".into()),
        organization_slug: Some(slug.into()),
        session_duration_minutes: Some(60),
        ..Default::default()
    };
    let created = client
        .discovery()
        .create_organization(request)
        .await
        .expect("organization created");
    assert!(created.member_authenticated);
    assert!(created.member.is_admin, "the creator administers the organization");
}

#[test]
fn discovery_sign_in_writes_official_cookies_and_cached_state() {
    let emulator = emulator();
    let api = emulator.url();
    run(async move {
        let browser = Browser::new();
        let client = browser.open(&api);
        assert!(!client.store().from_cache(), "no cookie at start: signed out at once");
        assert!(client.session().get_sync().is_none());

        let notifications = Rc::new(RefCell::new(Vec::new()));
        let seen = notifications.clone();
        let _subscription = client
            .session()
            .on_change(move |s| seen.borrow_mut().push(s.map(|s| s.member_session_id.clone())));

        let send = DiscoveryEmailSendRequest {
            email_address: "grace@example.org".into(),
            ..Default::default()
        };
        client.magic_links().discovery_send(&send).await.expect("email sent");
        let token = latest_message(&api, "grace@example.org").await["token"]
            .as_str()
            .unwrap()
            .to_owned();
        client
            .magic_links()
            .discovery_authenticate(&token)
            .await
            .expect("authenticated");

        let ist = browser
            .jar
            .find("stytch_intermediate_session_token")
            .expect("IST cookie written");
        assert_eq!(
            (ist.path.as_str(), ist.secure, ist.domain.clone()),
            ("/", false, None),
            "localhost: not Secure, no Domain"
        );
        let ist_lifetime = ist.expires_ms.unwrap() - client.runtime().now_ms();
        assert!(
            (590_000..=600_000).contains(&ist_lifetime),
            "IST cookie lives 10 minutes, got {ist_lifetime} ms"
        );

        let request = OrganizationCreateViaDiscoveryRequest {
            organization_name: Some("Grace Co".into()),
            organization_slug: Some("grace-co".into()),
            session_duration_minutes: Some(45),
            ..Default::default()
        };
        let created = client.discovery().create_organization(request).await.expect("created");
        let session = created.member_session.clone().unwrap();

        assert!(
            browser.jar.find("stytch_intermediate_session_token").is_none(),
            "IST cookie removed"
        );
        let cookie = browser.jar.find("stytch_session").expect("session cookie");
        assert_eq!(cookie.value, created.session_token);
        let jwt = browser.jar.find("stytch_session_jwt").expect("JWT cookie");
        assert_eq!(jwt.value, created.session_jwt);
        let expires = stytch_models::time::parse_rfc3339(&session.expires_at);
        assert_eq!(cookie.expires_ms, expires, "cookies expire with the session");
        assert_eq!(jwt.expires_ms, expires);

        let cached =
            stytch_core::storage::KeyValueStore::get(&browser.storage, &format!("stytch_sdk_state_{PUBLIC_TOKEN}"))
                .unwrap();
        let cached: serde_json::Value = serde_json::from_str(&cached).unwrap();
        assert_eq!(
            cached["session"]["member_session_id"],
            session.member_session_id.as_str()
        );
        assert_eq!(cached["organization"]["organization_slug"], "grace-co");
        assert_eq!(cached["member"]["email_address"], "grace@example.org");

        assert_eq!(
            *notifications.borrow(),
            vec![Some(session.member_session_id.clone())],
            "one notification per real change"
        );
    });
}

#[test]
fn reload_serves_the_cache_then_confirms_it() {
    let emulator = emulator();
    let api = emulator.url();
    run(async move {
        let browser = Browser::new();
        let first = browser.open(&api);
        sign_in_to_new_organization(&first, &api, "reload@example.org", "reload-co").await;
        let session_id = first.session().get_sync().unwrap().member_session_id;
        drop(first);

        // A reload: a new client over the same cookies and storage.
        let second = browser.open(&api);
        let info = second.session().get_info();
        assert!(info.from_cache, "cached state is served before any round trip");
        assert_eq!(info.session.unwrap().member_session_id, session_id);
        let store = second.store().clone();
        eventually(move || !store.from_cache()).await;
        assert_eq!(
            second.session().get_sync().unwrap().member_session_id,
            session_id,
            "confirmed by the server"
        );
    });
}

#[test]
fn revoke_signs_out_everywhere_it_should() {
    let emulator = emulator();
    let api = emulator.url();
    run(async move {
        let browser = Browser::new();
        let client = browser.open(&api);
        sign_in_to_new_organization(&client, &api, "bye@example.org", "bye-co").await;
        let token = client.session().get_tokens().unwrap().session_token;

        client.session().revoke(false).await.expect("revoked");
        assert!(client.session().get_sync().is_none());
        assert!(browser.jar.find("stytch_session").is_none());
        assert!(browser.jar.find("stytch_session_jwt").is_none());

        // The server no longer accepts the old token.
        client.session().update_session(&token, None);
        let error = client.session().authenticate(None).await.unwrap_err();
        assert_eq!(error.error_type(), Some(&ErrorType::SessionNotFound));
        assert!(
            browser.jar.find("stytch_session").is_none(),
            "an unrecoverable error clears the cookies"
        );
    });
}

#[test]
fn transient_failures_keep_the_session() {
    let emulator = emulator();
    let api = emulator.url();
    run(async move {
        let browser = Browser::new();
        let client = browser.open(&api);
        sign_in_to_new_organization(&client, &api, "flaky@example.org", "flaky-co").await;
        let before = client.session().get_sync().unwrap();

        // Point a "reloaded" client at a port nobody listens on.
        let offline = browser.open("http://127.0.0.1:9");
        let error = offline.session().authenticate(None).await.unwrap_err();
        assert!(matches!(error, StytchError::Unreachable(_)), "{error:?}");
        assert_eq!(
            offline.session().get_sync(),
            Some(before),
            "state kept on a network failure"
        );
        assert!(offline.store().from_cache(), "still serving the cache while offline");
        assert!(browser.jar.find("stytch_session").is_some());
        let error = offline.session().revoke(false).await.unwrap_err();
        assert!(error.is_transient());
        assert!(
            offline.session().get_sync().is_some(),
            "a failed revoke keeps the session so the app can retry"
        );
        offline.session().revoke(true).await.unwrap_err();
        assert!(offline.session().get_sync().is_none(), "force_clear signs out anyway");
    });
}

#[test]
fn bad_tokens_and_duplicate_slugs_are_typed_errors() {
    let emulator = emulator();
    let api = emulator.url();
    run(async move {
        let browser = Browser::new();
        let client = browser.open(&api);
        let error = client
            .magic_links()
            .discovery_authenticate("not-a-token")
            .await
            .unwrap_err();
        assert_eq!(error.error_type(), Some(&ErrorType::MagicLinkNotFound));

        sign_in_to_new_organization(&client, &api, "first@example.org", "taken").await;
        let other = Browser::new().open(&api);
        let send = DiscoveryEmailSendRequest {
            email_address: "second@example.org".into(),
            ..Default::default()
        };
        other.magic_links().discovery_send(&send).await.unwrap();
        let token = latest_message(&api, "second@example.org").await["token"]
            .as_str()
            .unwrap()
            .to_owned();
        other.magic_links().discovery_authenticate(&token).await.unwrap();
        let reused = other.magic_links().discovery_authenticate(&token).await.unwrap_err();
        assert_eq!(
            reused.error_type(),
            Some(&ErrorType::UnableToAuthMagicLink),
            "links are single use"
        );
        let request = OrganizationCreateViaDiscoveryRequest {
            organization_slug: Some("taken".into()),
            organization_name: Some("Dup".into()),
            ..Default::default()
        };
        let error = other.discovery().create_organization(request).await.unwrap_err();
        assert_eq!(error.error_type(), Some(&ErrorType::OrganizationSlugAlreadyUsed));
        assert!(
            other.store().cookies().intermediate_session_token().is_some(),
            "the IST survives, so another slug can be tried"
        );

        let bad_redirect = DiscoveryEmailSendRequest {
            email_address: "x@example.org".into(),
            discovery_redirect_url: Some("https://evil.example/cb".into()),
            ..Default::default()
        };
        let error = other.magic_links().discovery_send(&bad_redirect).await.unwrap_err();
        assert_eq!(error.error_type(), Some(&ErrorType::NoMatchForProvidedMagicLinkUrl));
    });
}
