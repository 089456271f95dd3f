//! Impersonation against a real emulator: the Dashboard's link (from the emulator's test API)
//! through `authenticate_by_url` signs a second browser in as the member, with the
//! impersonator in the session's factor and the fixed hour; the token works once.

mod support;

use serde_json::json;
use stytch_core::UrlAuthentication;
use stytch_models::ErrorType;
use support::*;

#[test]
fn a_dashboard_link_signs_support_in_as_the_member() {
    let emulator = emulator();
    let api = emulator.url();
    run(async move {
        let member_browser = Browser::new();
        let member = member_browser.open(&api);
        sign_in(&member, &api, "impersonated@example.org", "impersonated", 60).await;
        let theirs = member.session().get_sync().unwrap();

        let issued = post_json(
            &format!("{api}/emulator/v1/impersonation"),
            json!({
                "organization_id": theirs.organization_id,
                "member_id": theirs.member_id,
                "impersonator_email_address": "support@acme.test",
            }),
        )
        .await;
        let link = issued["url"].as_str().expect("the Dashboard's link");

        let support_browser = Browser::new();
        let support = support_browser.open(&api);
        let answer = match support.authenticate_by_url(link, Some(600)).await {
            Some(Ok(UrlAuthentication::Authenticated(answer))) => answer,
            other => panic!("not signed in: {other:?}"),
        };
        assert!(answer.member_authenticated);
        let session = support.session().get_sync().expect("signed in as the member");
        assert_eq!(session.member_id, theirs.member_id);
        assert_ne!(
            session.member_session_id, theirs.member_session_id,
            "a session of its own"
        );
        let factor = &session.authentication_factors[0];
        assert_eq!(
            (factor.factor_type.as_str(), factor.delivery_method.as_str()),
            ("impersonated", "impersonation")
        );
        let by = session.impersonator().expect("who impersonates");
        assert_eq!(by.impersonator_email_address, "support@acme.test");
        let length = |s: &stytch_models::MemberSession| {
            let at = |t: &str| stytch_models::time::parse_rfc3339(t).unwrap();
            (at(&s.expires_at) - at(&s.started_at)) / 60_000
        };
        assert_eq!(length(&session), 60, "an hour, though 600 minutes were asked");
        assert!(support_browser.jar.find("stytch_session").is_some());
        assert!(!support.store().from_cache());

        let again = support
            .impersonation()
            .authenticate(issued["impersonation_token"].as_str().unwrap())
            .await;
        let error = again.expect_err("used up");
        assert_eq!(error.error_type(), Some(&ErrorType::UnableToAuthImpersonationToken));
        assert_eq!(
            support.session().get_sync().map(|s| s.member_session_id),
            Some(session.member_session_id)
        );
    });
}
