//! A member's email update against a real emulator: the link at the new address, opened by
//! `authenticate_by_url`, signs the member in at that address and the client's cached member
//! shows the old one retired; unlinking frees it. An admin starts another member's update.

mod support;

use stytch_core::UrlAuthentication;
use stytch_models::ErrorType;
use stytch_models::api::magic_links::LoginOrSignupRequest;
use stytch_models::api::organizations::{MemberCreateRequest, StartEmailUpdateRequest, UnlinkRetiredEmailRequest};
use support::*;

fn to(address: &str) -> StartEmailUpdateRequest {
    StartEmailUpdateRequest {
        email_address: address.into(),
        ..Default::default()
    }
}

#[test]
fn the_link_at_the_new_address_moves_the_signed_in_member_and_the_cache_follows() {
    let emulator = emulator();
    let api = emulator.url();
    run(async move {
        let browser = Browser::new();
        let client = browser.open(&api);
        sign_in(&client, &api, "ada@old.example", "lovelace", 60).await;
        let before = client.member().get_sync().unwrap();

        let refused = client.member().start_email_update(&to("ADA@old.example")).await;
        assert_eq!(
            refused.expect_err("already hers").error_type(),
            Some(&ErrorType::DuplicateMemberEmail)
        );
        let me = client
            .member()
            .start_email_update(&to("ada@new.example"))
            .await
            .unwrap();
        assert_eq!(me.email_address, "ada@old.example", "not before the link is opened");

        let link = latest_message(&api, "ada@new.example").await["link"]
            .as_str()
            .unwrap()
            .to_owned();
        match client.authenticate_by_url(&link, Some(60)).await {
            Some(Ok(UrlAuthentication::Authenticated(answer))) => assert!(answer.member_authenticated),
            other => panic!("not authenticated: {other:?}"),
        }
        let me = client.member().get_sync().unwrap();
        assert_eq!(me.member_id, before.member_id);
        assert_eq!(me.email_address, "ada@new.example");
        let retired: Vec<_> = me
            .retired_email_addresses
            .iter()
            .map(|r| r.email_address.as_str())
            .collect();
        assert_eq!(retired, ["ada@old.example"]);
        assert_eq!(client.session().get_sync().unwrap().member_id, before.member_id);

        let old = UnlinkRetiredEmailRequest {
            email_id: Some(me.retired_email_addresses[0].email_id.clone()),
            ..Default::default()
        };
        let me = client.member().unlink_retired_email(&old).await.unwrap();
        assert!(me.retired_email_addresses.is_empty());
        assert_eq!(client.member().get_sync().unwrap(), me, "the cache follows");
        // An ID with `/` or `?` in it stays one path segment: no other endpoint is reached.
        for odd in ["x?y", "x/reactivate"] {
            let refused = client
                .organization()
                .start_member_email_update(odd, &to("someone@new.example"))
                .await;
            assert_eq!(
                refused.expect_err("no such member").error_type(),
                Some(&ErrorType::MemberNotFound),
                "{odd}"
            );
        }
        let again = client
            .organization()
            .unlink_member_retired_email(&me.member_id, &old)
            .await;
        assert_eq!(again.expect_err("gone").error_type(), Some(&ErrorType::EmailNotFound));
    });
}

#[test]
fn an_admin_sends_another_member_a_code_that_moves_them_when_entered() {
    let emulator = emulator();
    let api = emulator.url();
    run(async move {
        let admin_browser = Browser::new();
        let admin = admin_browser.open(&api);
        sign_in(&admin, &api, "ada@old.example", "lovelace", 60).await;
        let added = MemberCreateRequest {
            email_address: "bob@old.example".into(),
            ..Default::default()
        };
        let bob_id = admin.organization().create_member(&added).await.unwrap().member_id;
        let by_code = StartEmailUpdateRequest {
            delivery_method: Some("EMAIL_OTP".into()),
            ..to("bob@new.example")
        };
        let refused = admin.organization().start_member_email_update(&bob_id, &by_code).await;
        assert_eq!(
            refused.expect_err("Bob has not verified his address yet").error_type(),
            Some(&ErrorType::Unknown("email_verification_required".into()))
        );

        // Bob signs in once (verifying his address); then the admin's request goes through.
        let bob_browser = Browser::new();
        let bob = bob_browser.open(&api);
        let organization_id = admin.organization().get_sync().unwrap().organization_id;
        let login = LoginOrSignupRequest {
            organization_id: organization_id.clone(),
            email_address: "bob@old.example".into(),
            ..Default::default()
        };
        bob.magic_links().login_or_signup(&login).await.unwrap();
        let token = latest_message(&api, "bob@old.example").await["token"].clone();
        bob.magic_links()
            .authenticate(token.as_str().unwrap(), Some(60))
            .await
            .unwrap();
        let answer = admin
            .organization()
            .start_member_email_update(&bob_id, &by_code)
            .await
            .unwrap();
        assert_eq!(answer.member.email_address, "bob@old.example");
        assert_eq!(
            admin.member().get_sync().unwrap().email_address,
            "ada@old.example",
            "not the admin's"
        );

        let code = latest_message(&api, "bob@new.example").await["code"]
            .as_str()
            .unwrap()
            .to_owned();
        bob.otps()
            .email_authenticate(&organization_id, "bob@new.example", &code, Some(60))
            .await
            .unwrap();
        let moved = bob.member().get_sync().unwrap();
        assert_eq!(
            (moved.member_id.as_str(), moved.email_address.as_str()),
            (bob_id.as_str(), "bob@new.example")
        );
    });
}
