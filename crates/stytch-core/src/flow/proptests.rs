//! Property tests over generated server answers and event sequences: no path reaches
//! "signed in" without a member session, and every answer leads to a defined screen whose
//! methods the organization allows.

use proptest::prelude::*;
use stytch_models::api::mfa::TotpCreateResponse;
use stytch_models::api::sessions::AuthenticateResponse;
use stytch_models::{
    ApiErrorBody, AuthMethod, ErrorType, Member, MemberSession, MfaMemberOptions, MfaMethod, MfaPolicy, MfaRequired,
    Organization, PrimaryRequired, Restriction,
};

use super::*;

fn method() -> impl Strategy<Value = MfaMethod> {
    prop_oneof![Just(MfaMethod::Totp), Just(MfaMethod::SmsOtp)]
}

fn methods() -> impl Strategy<Value = Vec<MfaMethod>> {
    prop::collection::vec(method(), 0..3)
}

prop_compose! {
    fn organization()(restricted in any::<bool>(), allowed in methods(), required in any::<bool>()) -> Organization {
        Organization {
            organization_id: "organization-test-1".into(),
            mfa_policy: if required { MfaPolicy::RequiredForAll } else { MfaPolicy::Optional },
            mfa_methods: if restricted { Restriction::Restricted } else { Restriction::AllAllowed },
            allowed_mfa_methods: allowed,
            ..Default::default()
        }
    }
}

prop_compose! {
    fn member()(phone in any::<bool>(), verified in any::<bool>(), totp in any::<bool>(), breakglass in any::<bool>(),
                default in prop_oneof![Just(""), Just("sms_otp"), Just("totp"), Just("carrier_pigeon")]) -> Member {
        Member {
            member_id: "member-test-1".into(),
            mfa_phone_number: if phone { "+15555550123".into() } else { String::new() },
            mfa_phone_number_verified: phone && verified,
            totp_registration_id: if totp { "totp-test-1".into() } else { String::new() },
            is_breakglass: breakglass,
            default_mfa_method: default.into(),
            ..Default::default()
        }
    }
}

prop_compose! {
    fn response()(organization in organization(), member in member(), session in any::<bool>(),
                  mfa in prop::option::of((any::<bool>(), any::<bool>())),
                  primary in prop::option::of(prop::collection::vec(Just(AuthMethod::MagicLink), 0..2)))
                  -> AuthenticateWithMfaResponse {
        AuthenticateWithMfaResponse {
            member_authenticated: session,
            member_session: session.then(MemberSession::default),
            intermediate_session_token: if session { String::new() } else { "ist".into() },
            mfa_required: mfa.map(|(options, initiated)| MfaRequired {
                member_options: options.then(MfaMemberOptions::default),
                secondary_auth_initiated: initiated.then(|| "sms_otp".into()),
            }),
            primary_required: primary.map(|allowed_auth_methods| PrimaryRequired { allowed_auth_methods }),
            organization,
            member,
            ..Default::default()
        }
    }
}

prop_compose! {
    fn config()(order in methods(), include in methods()) -> FlowConfig {
        FlowConfig { mfa_product_order: order, mfa_product_include: include, ..Default::default() }
    }
}

fn error() -> impl Strategy<Value = StytchError> {
    prop_oneof![
        Just(ErrorType::IntermediateSessionNotFound),
        Just(ErrorType::UnableToAuthOtpCode),
        Just(ErrorType::ActiveTotpExists),
        Just(ErrorType::SessionNotFound)
    ]
    .prop_map(|t| StytchError::Api(Box::new(ApiErrorBody::new(400, t, "error", "r"))))
}

fn event() -> impl Strategy<Value = FlowEvent> {
    let text = "[0-9a-z +()-]{0,16}";
    prop_oneof![
        text.prop_map(FlowEvent::SubmitEmail),
        Just(FlowEvent::ResendEmail),
        prop::result::maybe_ok("[a-z]{1,8}@example\\.org", error()).prop_map(FlowEvent::EmailSent),
        Just(FlowEvent::SelectOrganization("organization-test-1".into())),
        Just(FlowEvent::StartCreateOrganization),
        (text, text).prop_map(|(name, slug)| FlowEvent::SubmitOrganization { name, slug }),
        (prop::result::maybe_ok(response(), error()), any::<i64>()).prop_map(|(result, at_ms)| {
            FlowEvent::Authenticated {
                result: result.map(Box::new),
                at_ms,
            }
        }),
        method().prop_map(FlowEvent::SelectMfaMethod),
        text.prop_map(FlowEvent::SubmitPhone),
        prop::result::maybe_ok(any::<i64>(), error()).prop_map(FlowEvent::SmsSent),
        Just(FlowEvent::ResendSms),
        "[0-9 ]{0,8}".prop_map(FlowEvent::SubmitSmsCode),
        prop::result::maybe_ok(Just(TotpCreateResponse::default()), error())
            .prop_map(|r| FlowEvent::TotpCreated(r.map(Box::new))),
        Just(FlowEvent::ToggleTotpManual),
        Just(FlowEvent::ContinueToTotpCode),
        "[0-9 ]{0,8}".prop_map(FlowEvent::SubmitTotpCode),
        Just(FlowEvent::UseRecoveryCode),
        text.prop_map(FlowEvent::SubmitRecoveryCode),
        method().prop_map(FlowEvent::SwitchMfaMethod),
        prop::result::maybe_ok(Just(AuthenticateResponse::default()), error())
            .prop_map(|r| FlowEvent::MfaCompleted(r.map(Box::new))),
        Just(FlowEvent::RecoveryCodesSaved),
        Just(FlowEvent::Back),
        Just(FlowEvent::Restart),
        any::<bool>().prop_map(FlowEvent::CreateOrganizationEnabled),
    ]
}

/// The primary methods' events, interleaved with the others.
fn primary_event() -> impl Strategy<Value = FlowEvent> {
    let text = "[0-9a-z@. -]{0,16}";
    let token_type = prop_oneof![
        Just("discovery"),
        Just("discovery_oauth"),
        Just("oauth"),
        Just("multi_tenant_magic_links"),
        Just("multi_tenant_passwords"),
        Just("multi_tenant_impersonation"),
        Just("sso"),
    ];
    prop_oneof![
        token_type.prop_map(|t| FlowEvent::UrlOpened(crate::AuthenticateUrl {
            token_type: t.into(),
            token: "tok".into(),
            redirect_type: None,
        })),
        Just(FlowEvent::OpenOrganization { slug: "acme".into() }),
        prop::result::maybe_ok(Just(None), error()).prop_map(FlowEvent::OrganizationResolved),
        prop::result::maybe_ok(Just(Some(Box::default())), error()).prop_map(FlowEvent::OrganizationResolved),
        prop_oneof![Just(EmailMethod::MagicLink), Just(EmailMethod::Code)].prop_map(FlowEvent::ChooseEmailMethod),
        prop::result::maybe_ok(("[a-z]{1,8}@example\\.org", any::<i64>()), error()).prop_map(FlowEvent::EmailOtpSent),
        Just(FlowEvent::ResendEmailOtp),
        "[0-9 ]{0,8}".prop_map(FlowEvent::SubmitEmailOtp),
        (text, text).prop_map(|(email, password)| FlowEvent::SubmitPassword { email, password }),
        Just(FlowEvent::ForgotPassword),
        text.prop_map(FlowEvent::SubmitForgotPassword),
        prop::result::maybe_ok("[a-z]{1,8}@example\\.org", error()).prop_map(FlowEvent::PasswordResetSent),
        text.prop_map(FlowEvent::CheckPasswordStrength),
        text.prop_map(FlowEvent::SubmitNewPassword),
        prop::result::maybe_ok("https://x\\.example/[a-z]{1,4}", error()).prop_map(FlowEvent::Redirect),
    ]
}

fn any_event() -> impl Strategy<Value = FlowEvent> {
    prop_oneof![3 => event(), 1 => primary_event()]
}

fn carries_a_session(event: &FlowEvent) -> bool {
    match event {
        FlowEvent::Authenticated {
            result: Ok(response), ..
        } => response.member_session.is_some(),
        FlowEvent::MfaCompleted(Ok(_)) => true,
        _ => false,
    }
}

fn allowed_for(response: &AuthenticateWithMfaResponse, method: &MfaMethod) -> bool {
    response.member.is_breakglass || response.organization.allows_mfa_method(method)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn every_answer_leads_to_a_defined_screen(config in config(), response in response(), at_ms in any::<i64>()) {
        let mut flow = FlowState::new(config);
        flow.handle(FlowEvent::Authenticated { result: Ok(Box::new(response.clone())), at_ms });
        match &flow.screen {
            Screen::LoggedIn => prop_assert!(response.member_session.is_some()),
            Screen::Error { .. } => {}
            Screen::MfaEnrollmentSelection { options } => {
                prop_assert!(options.len() >= 2);
                prop_assert!(options.iter().all(|m| allowed_for(&response, m)));
            }
            Screen::SmsOtpEnrollment | Screen::SmsOtpEntry { .. } => prop_assert!(allowed_for(&response, &MfaMethod::SmsOtp)),
            Screen::TotpEnrollment { .. } | Screen::TotpEntry => prop_assert!(allowed_for(&response, &MfaMethod::Totp)),
            Screen::Main => {
                let step = flow.primary_step();
                prop_assert!(step.is_some(), "the first screen again only for a step-up");
                let allowed = &response.primary_required.as_ref().map(|p| p.allowed_auth_methods.clone()).unwrap_or_default();
                prop_assert_eq!(&step.map(|s| s.allowed.clone()).unwrap_or_default(), allowed);
                prop_assert!(!flow.main_options().sections.is_empty(), "a step-up always offers something");
            }
            other => prop_assert!(false, "unexpected screen {other:?}"),
        }
        if response.member_session.is_none() {
            prop_assert_ne!(&flow.screen, &Screen::LoggedIn);
        }
        if response.primary_required.is_some() && response.member_session.is_none() {
            prop_assert!(matches!(flow.screen, Screen::Error { .. } | Screen::Main), "primary step-up is handled before MFA");
        }
        let mfa_screen = !matches!(flow.screen, Screen::LoggedIn | Screen::Error { .. } | Screen::Main);
        prop_assert_eq!(flow.mfa.is_some(), mfa_screen);
    }

    #[test]
    fn no_sequence_of_events_signs_in_without_a_session(config in config(), events in prop::collection::vec(any_event(), 0..40)) {
        let mut flow = FlowState::new(config);
        let mut granted = false;
        for event in events {
            granted |= carries_a_session(&event);
            flow.handle(event);
            if flow.screen == Screen::LoggedIn {
                prop_assert!(granted, "signed in without any session");
            }
            if matches!(flow.screen, Screen::RecoveryCodeSave { .. }) {
                prop_assert!(granted, "recovery codes are shown only after the enrollment succeeded");
            }
        }
    }
}
