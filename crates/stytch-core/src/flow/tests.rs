// Helpers and imports shared by tests of flows a reduced build leaves out go unused there.
#![cfg_attr(
    not(all(
        feature = "email-otp",
        feature = "passwords",
        feature = "oauth",
        feature = "sso",
        feature = "mfa"
    )),
    allow(unused)
)]

use stytch_models::{
    ApiErrorBody, DiscoveredOrganization, ErrorType, MemberSession, Membership, MembershipType, MfaRequired,
    Organization,
};

use super::*;

fn org(id: &str, membership: MembershipType) -> DiscoveredOrganization {
    DiscoveredOrganization {
        member_authenticated: true,
        organization: Organization {
            organization_id: id.into(),
            ..Default::default()
        },
        membership: Membership {
            membership_type: membership,
            ..Default::default()
        },
        ..Default::default()
    }
}

fn discovered(organizations: Vec<DiscoveredOrganization>) -> FlowEvent {
    FlowEvent::DiscoveryAuthenticated(Ok(Box::new(DiscoveryAuthenticateResponse {
        email_address: "ada@example.com".into(),
        discovered_organizations: organizations,
        ..Default::default()
    })))
}

#[test]
fn email_to_sent_screen() {
    let mut flow = FlowState::new(FlowConfig::default());
    assert_eq!(flow.handle(FlowEvent::SubmitEmail("not an email".into())), None);
    assert!(flow.error.is_some());
    let command = flow.handle(FlowEvent::SubmitEmail(" ada@example.com ".into()));
    assert_eq!(
        command,
        Some(Command::SendDiscoveryEmail {
            email: "ada@example.com".into()
        })
    );
    assert!(flow.pending);
    assert_eq!(
        flow.handle(FlowEvent::SubmitEmail("ada@example.com".into())),
        None,
        "no double submit"
    );
    flow.handle(FlowEvent::EmailSent(Ok("ada@example.com".into())));
    assert_eq!(
        flow.screen,
        Screen::EmailSent {
            email: "ada@example.com".into()
        }
    );
    assert!(flow.can_go_back());
    assert_eq!(
        flow.handle(FlowEvent::ResendEmail),
        Some(Command::SendDiscoveryEmail {
            email: "ada@example.com".into()
        })
    );
    flow.handle(FlowEvent::EmailSent(Ok("ada@example.com".into())));
    flow.handle(FlowEvent::Back);
    assert_eq!(flow.screen, Screen::Main);
}

#[test]
fn failed_send_stays_on_the_form_with_the_error() {
    let mut flow = FlowState::new(FlowConfig::default());
    flow.handle(FlowEvent::SubmitEmail("ada@example.com".into()));
    let error = StytchError::Unreachable("offline".into());
    flow.handle(FlowEvent::EmailSent(Err(error.clone())));
    assert_eq!(flow.screen, Screen::Main);
    assert_eq!(flow.error, Some(FlowError::Api(error)));
    assert!(!flow.pending);
}

#[test]
fn link_landing_leads_to_discovery_then_logged_in() {
    let mut flow = FlowState::new(FlowConfig::default());
    let command = flow.handle(FlowEvent::UrlOpened(crate::AuthenticateUrl {
        token_type: "discovery".into(),
        token: "tok".into(),
        redirect_type: None,
    }));
    assert_eq!(
        command,
        Some(Command::AuthenticateDiscoveryToken { token: "tok".into() })
    );
    assert_eq!(flow.screen, Screen::Authenticating);
    flow.handle(discovered(vec![org(
        "organization-test-1",
        MembershipType::ActiveMember,
    )]));
    assert!(matches!(flow.screen, Screen::Discovery { .. }));
    let command = flow.handle(FlowEvent::SelectOrganization("organization-test-1".into()));
    assert_eq!(
        command,
        Some(Command::ExchangeIntermediateSession {
            organization_id: "organization-test-1".into()
        })
    );
    let granted = AuthenticateWithMfaResponse {
        member_authenticated: true,
        member_session: Some(MemberSession::default()),
        ..Default::default()
    };
    flow.handle(FlowEvent::Authenticated {
        result: Ok(Box::new(granted)),
        at_ms: 0,
    });
    assert_eq!(flow.screen, Screen::LoggedIn);
    assert!(!flow.can_go_back());
}

#[test]
fn link_failures_are_clear_dead_ends() {
    for (error_type, reason) in [
        (ErrorType::MagicLinkNotFound, DeadEnd::LinkExpired),
        (ErrorType::UnableToAuthMagicLink, DeadEnd::LinkUsed),
        // PKCE: the link was asked for in another browser.
        (ErrorType::PkceExpectedCodeVerifier, DeadEnd::OtherBrowser),
        (ErrorType::PkceMismatch, DeadEnd::OtherBrowser),
    ] {
        let mut flow = FlowState::new(FlowConfig::default());
        flow.handle(FlowEvent::UrlOpened(crate::AuthenticateUrl {
            token_type: "discovery".into(),
            token: "tok".into(),
            redirect_type: None,
        }));
        let error = StytchError::Api(Box::new(ApiErrorBody::new(400, error_type, "refused", "r")));
        flow.handle(FlowEvent::DiscoveryAuthenticated(Err(error)));
        assert_eq!(flow.screen, Screen::Error { reason });
    }
}

#[test]
fn create_organization_validates_before_any_request() {
    let mut flow = FlowState::new(FlowConfig::default());
    flow.handle(FlowEvent::UrlOpened(crate::AuthenticateUrl {
        token_type: "discovery".into(),
        token: "tok".into(),
        redirect_type: None,
    }));
    flow.handle(discovered(vec![]));
    flow.handle(FlowEvent::StartCreateOrganization);
    assert_eq!(
        flow.screen,
        Screen::CreateOrganization {
            email: "ada@example.com".into()
        }
    );
    assert_eq!(
        flow.handle(FlowEvent::SubmitOrganization {
            name: "Acme".into(),
            slug: "a".into()
        }),
        None
    );
    assert_eq!(
        flow.error,
        Some(FlowError::Invalid(Invalid::Slug(SlugProblem::TooShort)))
    );
    assert_eq!(
        flow.handle(FlowEvent::SubmitOrganization {
            name: "Acme".into(),
            slug: "acme".into()
        }),
        Some(Command::CreateOrganization {
            name: "Acme".into(),
            slug: "acme".into()
        })
    );
    let taken = StytchError::Api(Box::new(ApiErrorBody::new(
        400,
        ErrorType::OrganizationSlugAlreadyUsed,
        "taken",
        "r",
    )));
    flow.handle(FlowEvent::Authenticated {
        result: Err(taken.clone()),
        at_ms: 0,
    });
    assert_eq!(
        flow.error,
        Some(FlowError::Api(taken)),
        "the person can pick another slug"
    );
    flow.handle(FlowEvent::Back);
    assert!(matches!(flow.screen, Screen::Discovery { .. }));
}

#[test]
fn create_is_unavailable_when_disabled() {
    let mut flow = FlowState::new(FlowConfig {
        allow_create_organization: false,
        ..Default::default()
    });
    flow.handle(discovered(vec![]));
    flow.handle(FlowEvent::StartCreateOrganization);
    assert!(matches!(flow.screen, Screen::Discovery { .. }));
}

#[test]
fn direct_options_skip_the_list() {
    let config = FlowConfig {
        direct_login_for_single_membership: true,
        ..Default::default()
    };
    let mut flow = FlowState::new(config);
    let command = flow.handle(discovered(vec![org(
        "organization-test-1",
        MembershipType::ActiveMember,
    )]));
    assert_eq!(
        command,
        Some(Command::ExchangeIntermediateSession {
            organization_id: "organization-test-1".into()
        })
    );

    let config = FlowConfig {
        direct_create_organization_for_no_membership: true,
        ..Default::default()
    };
    let mut flow = FlowState::new(config);
    assert_eq!(flow.handle(discovered(vec![])), None);
    assert!(matches!(flow.screen, Screen::CreateOrganization { .. }));
}

#[cfg(feature = "mfa")]
#[test]
fn organizations_needing_more_factors_do_not_log_in() {
    let mut flow = FlowState::new(FlowConfig::default());
    flow.handle(discovered(vec![org(
        "organization-test-1",
        MembershipType::ActiveMember,
    )]));
    flow.handle(FlowEvent::SelectOrganization("organization-test-1".into()));
    let needs_mfa = AuthenticateWithMfaResponse {
        intermediate_session_token: "ist".into(),
        mfa_required: Some(MfaRequired::default()),
        ..Default::default()
    };
    flow.handle(FlowEvent::Authenticated {
        result: Ok(Box::new(needs_mfa)),
        at_ms: 0,
    });
    assert!(
        matches!(flow.screen, Screen::MfaEnrollmentSelection { .. }),
        "{:?}",
        flow.screen
    );

    let mut flow = FlowState::new(FlowConfig::default());
    let needs_primary = AuthenticateWithMfaResponse {
        intermediate_session_token: "ist".into(),
        primary_required: Some(stytch_models::PrimaryRequired::default()),
        mfa_required: Some(MfaRequired::default()),
        ..Default::default()
    };
    flow.handle(FlowEvent::Authenticated {
        result: Ok(Box::new(needs_primary)),
        at_ms: 0,
    });
    assert_eq!(
        flow.screen,
        Screen::Error {
            reason: DeadEnd::CannotJoin
        },
        "primary step-up comes first; with nothing allowed the person cannot join"
    );
}

// Each test below needs the flows it drives; the flow with none of them has `reduced_tests`.
#[cfg(feature = "mfa")]
mod mfa {
    use stytch_models::api::mfa::TotpCreateResponse;
    use stytch_models::api::sessions::AuthenticateResponse;
    use stytch_models::{Member, MfaMemberOptions, MfaMethod, MfaPolicy, Restriction};

    use super::*;

    fn organization(restricted_to: Option<Vec<MfaMethod>>) -> Organization {
        Organization {
            organization_id: "organization-test-1".into(),
            mfa_policy: MfaPolicy::RequiredForAll,
            mfa_methods: if restricted_to.is_some() {
                Restriction::Restricted
            } else {
                Restriction::AllAllowed
            },
            allowed_mfa_methods: restricted_to.unwrap_or_default(),
            ..Default::default()
        }
    }

    fn member() -> Member {
        Member {
            member_id: "member-test-1".into(),
            ..Default::default()
        }
    }

    fn needs_mfa(organization: Organization, member: Member, initiated: bool) -> FlowEvent {
        FlowEvent::Authenticated {
            result: Ok(Box::new(AuthenticateWithMfaResponse {
                intermediate_session_token: "ist".into(),
                mfa_required: Some(MfaRequired {
                    member_options: Some(MfaMemberOptions {
                        mfa_phone_number: "XXXXXXX0123".into(),
                        ..Default::default()
                    }),
                    secondary_auth_initiated: initiated.then(|| "sms_otp".into()),
                }),
                organization,
                member,
                ..Default::default()
            })),
            at_ms: 1_000,
        }
    }

    fn at_discovery() -> FlowState {
        let mut flow = FlowState::new(FlowConfig::default());
        flow.handle(discovered(vec![org(
            "organization-test-1",
            MembershipType::ActiveMember,
        )]));
        flow.handle(FlowEvent::SelectOrganization("organization-test-1".into()));
        flow
    }

    fn session() -> FlowEvent {
        FlowEvent::MfaCompleted(Ok(Box::new(AuthenticateResponse::default())))
    }

    #[test]
    fn enrollment_offers_both_methods_totp_first_by_default() {
        let mut flow = at_discovery();
        assert_eq!(flow.handle(needs_mfa(organization(None), member(), false)), None);
        assert_eq!(
            flow.screen,
            Screen::MfaEnrollmentSelection {
                options: vec![MfaMethod::Totp, MfaMethod::SmsOtp]
            }
        );
    }

    #[test]
    fn configured_order_and_inclusion_apply_unless_the_organization_restricts() {
        let config = FlowConfig {
            mfa_product_order: vec![MfaMethod::SmsOtp, MfaMethod::Totp],
            ..Default::default()
        };
        let mut flow = FlowState::new(config);
        flow.handle(needs_mfa(organization(None), member(), false));
        assert_eq!(
            flow.screen,
            Screen::MfaEnrollmentSelection {
                options: vec![MfaMethod::SmsOtp, MfaMethod::Totp]
            }
        );

        let config = FlowConfig {
            mfa_product_include: vec![MfaMethod::SmsOtp],
            ..Default::default()
        };
        let mut flow = FlowState::new(config.clone());
        flow.handle(needs_mfa(organization(None), member(), false));
        assert_eq!(flow.screen, Screen::SmsOtpEnrollment, "one method left: straight to it");

        let mut flow = FlowState::new(config);
        flow.handle(needs_mfa(organization(Some(vec![MfaMethod::Totp])), member(), false));
        assert!(
            matches!(flow.screen, Screen::TotpEnrollment { .. }),
            "the organization's restriction wins"
        );
    }

    #[test]
    fn a_single_allowed_method_starts_its_enrollment() {
        let mut flow = at_discovery();
        let command = flow.handle(needs_mfa(organization(Some(vec![MfaMethod::Totp])), member(), false));
        assert_eq!(
            command,
            Some(Command::CreateTotp {
                organization_id: "organization-test-1".into(),
                member_id: "member-test-1".into()
            })
        );
        assert_eq!(
            flow.screen,
            Screen::TotpEnrollment {
                enrollment: None,
                manual: false
            }
        );
        assert!(
            !flow.can_go_back(),
            "the first MFA screen does not lead back to the organization list"
        );
        let mut sms = at_discovery();
        sms.handle(needs_mfa(organization(Some(vec![MfaMethod::SmsOtp])), member(), false));
        assert_eq!(sms.screen, Screen::SmsOtpEnrollment);
        assert!(!sms.can_go_back());
    }

    #[test]
    fn totp_enrollment_shows_the_secret_then_saves_recovery_codes() {
        let mut flow = at_discovery();
        flow.handle(needs_mfa(organization(Some(vec![MfaMethod::Totp])), member(), false));
        let created = TotpCreateResponse {
            secret: "SECRET".into(),
            qr_code: "data:image/svg+xml;base64,x".into(),
            recovery_codes: vec!["aaaa-bbbb-cccc".into()],
            ..Default::default()
        };
        flow.handle(FlowEvent::TotpCreated(Ok(Box::new(created))));
        flow.handle(FlowEvent::ToggleTotpManual);
        let Screen::TotpEnrollment {
            enrollment: Some(e),
            manual: true,
        } = &flow.screen
        else {
            panic!("{:?}", flow.screen)
        };
        assert_eq!(e.secret, "SECRET");
        flow.handle(FlowEvent::ContinueToTotpCode);
        assert_eq!(flow.screen, Screen::TotpEntry);
        assert_eq!(
            flow.handle(FlowEvent::SubmitTotpCode("12a456".into())),
            None,
            "validated before any request"
        );
        assert!(flow.error.is_some());
        let command = flow.handle(FlowEvent::SubmitTotpCode("123 456".into()));
        assert!(
            matches!(command, Some(Command::AuthenticateTotp { set_default: true, ref code, .. }) if code == "123456")
        );
        flow.handle(session());
        assert_eq!(
            flow.screen,
            Screen::RecoveryCodeSave {
                codes: vec!["aaaa-bbbb-cccc".into()]
            }
        );
        assert!(!flow.can_go_back(), "no going back once enrolled");
        flow.handle(FlowEvent::RecoveryCodesSaved);
        assert_eq!(flow.screen, Screen::LoggedIn);
    }

    #[test]
    fn sms_enrollment_validates_e164_and_counts_down_from_the_send() {
        let mut flow = at_discovery();
        flow.handle(needs_mfa(organization(Some(vec![MfaMethod::SmsOtp])), member(), false));
        assert_eq!(flow.screen, Screen::SmsOtpEnrollment);
        assert_eq!(flow.handle(FlowEvent::SubmitPhone("555 0123".into())), None);
        assert!(flow.error.is_some());
        let command = flow.handle(FlowEvent::SubmitPhone("+1 (555) 555-0123".into()));
        assert!(matches!(command, Some(Command::SendSms { phone: Some(ref p), .. }) if p == "+15555550123"));
        flow.handle(FlowEvent::SmsSent(Ok(42)));
        assert!(
            matches!(
                flow.screen,
                Screen::SmsOtpEntry {
                    sent_at_ms: Some(42),
                    ref phone,
                } if phone == "+15555550123"
            ),
            "the entry screen names the number just entered: {:?}",
            flow.screen
        );
        assert!(matches!(
            flow.handle(FlowEvent::ResendSms),
            Some(Command::SendSms { phone: None, .. })
        ));
        flow.handle(FlowEvent::SmsSent(Ok(99)));
        assert!(
            matches!(
                flow.screen,
                Screen::SmsOtpEntry {
                    sent_at_ms: Some(99),
                    ..
                }
            ),
            "the countdown restarts"
        );
        let wrong = StytchError::Api(Box::new(ApiErrorBody::new(
            401,
            ErrorType::UnableToAuthOtpCode,
            "no",
            "r",
        )));
        flow.handle(FlowEvent::SubmitSmsCode("111111".into()));
        flow.handle(FlowEvent::MfaCompleted(Err(wrong.clone())));
        assert_eq!(
            flow.error,
            Some(FlowError::Api(wrong)),
            "a wrong code keeps the person on the screen"
        );
        flow.handle(FlowEvent::SubmitSmsCode("123456".into()));
        flow.handle(session());
        assert_eq!(flow.screen, Screen::LoggedIn);
    }

    #[test]
    fn a_code_texted_by_the_server_goes_straight_to_entry() {
        let mut flow = at_discovery();
        let enrolled = Member {
            mfa_phone_number: "+15555550123".into(),
            mfa_phone_number_verified: true,
            ..member()
        };
        assert_eq!(
            flow.handle(needs_mfa(organization(None), enrolled, true)),
            None,
            "no second text"
        );
        assert_eq!(
            flow.screen,
            Screen::SmsOtpEntry {
                phone: "XXXXXXX0123".into(),
                sent_at_ms: Some(1_000)
            }
        );
    }

    #[test]
    fn enrolled_members_sign_in_with_their_default_and_can_switch() {
        let both = Member {
            mfa_phone_number: "+15555550123".into(),
            mfa_phone_number_verified: true,
            totp_registration_id: "totp-test-1".into(),
            default_mfa_method: "sms_otp".into(),
            ..member()
        };
        let mut flow = at_discovery();
        let command = flow.handle(needs_mfa(organization(None), both.clone(), false));
        assert!(
            matches!(command, Some(Command::SendSms { phone: None, .. })),
            "the default method, texted automatically"
        );
        flow.handle(FlowEvent::SmsSent(Ok(5)));
        flow.handle(FlowEvent::SwitchMfaMethod(MfaMethod::Totp));
        assert_eq!(flow.screen, Screen::TotpEntry);
        flow.handle(FlowEvent::UseRecoveryCode);
        assert_eq!(flow.screen, Screen::RecoveryCodeEntry);
        assert!(
            matches!(flow.handle(FlowEvent::SubmitRecoveryCode(" AAAA-BBBB-CCCC ".into())), Some(Command::Recover { ref code, .. }) if code == "aaaa-bbbb-cccc")
        );
        flow.handle(session());
        assert_eq!(flow.screen, Screen::LoggedIn);

        let mut flow = at_discovery();
        let totp_default = Member {
            default_mfa_method: "totp".into(),
            ..both
        };
        assert_eq!(flow.handle(needs_mfa(organization(None), totp_default, false)), None);
        assert_eq!(flow.screen, Screen::TotpEntry);

        let mut flow = at_discovery();
        let totp_only_org = organization(Some(vec![MfaMethod::Totp]));
        let sms_member = Member {
            mfa_phone_number: "+15555550123".into(),
            mfa_phone_number_verified: true,
            ..member()
        };
        flow.handle(needs_mfa(totp_only_org, sms_member, false));
        assert!(
            matches!(flow.screen, Screen::TotpEnrollment { .. }),
            "an enrollment the organization does not allow does not count"
        );
    }

    #[test]
    fn an_expired_intermediate_session_ends_the_flow() {
        let mut flow = at_discovery();
        flow.handle(needs_mfa(
            organization(Some(vec![MfaMethod::Totp])),
            Member {
                totp_registration_id: "t".into(),
                ..member()
            },
            false,
        ));
        flow.handle(FlowEvent::SubmitTotpCode("123456".into()));
        let expired = StytchError::Api(Box::new(ApiErrorBody::new(
            404,
            ErrorType::IntermediateSessionNotFound,
            "gone",
            "r",
        )));
        flow.handle(FlowEvent::MfaCompleted(Err(expired)));
        assert_eq!(
            flow.screen,
            Screen::Error {
                reason: DeadEnd::SessionExpired
            }
        );
        flow.handle(FlowEvent::Restart);
        assert_eq!(flow.screen, Screen::Main);
        assert!(flow.mfa.is_none());
    }
}

mod primary {
    use stytch_models::api::oauth::OAuthProvider;
    use stytch_models::api::passwords::StrengthCheckResponse;
    use stytch_models::{AuthMethod, Member, PrimaryRequired, Restriction};

    use super::*;

    fn api_error(status: u16, error_type: ErrorType) -> StytchError {
        StytchError::Api(Box::new(ApiErrorBody::new(status, error_type, "no", "r")))
    }

    fn url(token_type: &str, redirect_type: Option<&str>) -> FlowEvent {
        FlowEvent::UrlOpened(crate::AuthenticateUrl {
            token_type: token_type.into(),
            token: "tok".into(),
            redirect_type: redirect_type.map(Into::into),
        })
    }

    fn stark(restricted_to: Option<Vec<AuthMethod>>) -> OrganizationBySlugMatch {
        OrganizationBySlugMatch {
            organization_id: "organization-test-stark".into(),
            organization_name: "Stark Industries".into(),
            organization_slug: "stark".into(),
            auth_methods: if restricted_to.is_some() {
                Restriction::Restricted
            } else {
                Restriction::AllAllowed
            },
            allowed_auth_methods: restricted_to.unwrap_or_default(),
            ..Default::default()
        }
    }

    fn organization_flow(products: Vec<Product>, providers: Vec<OAuthProvider>) -> FlowState {
        FlowState::new(FlowConfig {
            flow_type: AuthFlowType::Organization,
            products,
            oauth: OAuthOptions {
                providers,
                ..Default::default()
            },
            ..Default::default()
        })
    }

    fn opened(flow: &mut FlowState, organization: OrganizationBySlugMatch) {
        let command = flow.handle(FlowEvent::OpenOrganization { slug: "stark".into() });
        assert_eq!(command, Some(Command::ResolveOrganization { slug: "stark".into() }));
        assert_eq!(flow.screen, Screen::LoadingOrganization);
        flow.handle(FlowEvent::OrganizationResolved(Ok(Some(Box::new(organization)))));
        assert_eq!(flow.screen, Screen::Main);
    }

    #[cfg(all(feature = "oauth", feature = "passwords", feature = "email-otp"))]
    #[test]
    fn the_first_screen_follows_products_and_the_organizations_restriction() {
        let all = vec![
            Product::OAuth,
            Product::EmailMagicLinks,
            Product::Passwords,
            Product::EmailOtp,
        ];
        let mut flow = organization_flow(all.clone(), vec![OAuthProvider::Google, OAuthProvider::GitHub]);
        opened(
            &mut flow,
            stark(Some(vec![AuthMethod::GithubOauth, AuthMethod::Password])),
        );
        assert_eq!(
            flow.main_options().sections,
            [
                MainSection::OAuth(vec![OAuthProvider::GitHub]),
                MainSection::Password { can_reset: true }
            ]
        );
        let mut open = organization_flow(all, vec![OAuthProvider::Google]);
        opened(&mut open, stark(None));
        assert_eq!(
            open.main_options().sections,
            [
                MainSection::OAuth(vec![OAuthProvider::Google]),
                MainSection::Email {
                    magic_link: true,
                    otp: true
                },
                MainSection::Password { can_reset: true }
            ],
            "email links and codes share one form, in the first one's place"
        );
        let discovery = FlowState::new(FlowConfig {
            products: vec![Product::Passwords],
            ..Default::default()
        });
        assert_eq!(
            discovery.main_options().sections,
            [MainSection::Password { can_reset: true }],
            "discovery offers a reset of every membership"
        );
    }

    #[test]
    fn an_unknown_slug_is_a_dead_end_and_start_over_keeps_the_organization() {
        let mut flow = organization_flow(vec![], vec![]);
        flow.handle(FlowEvent::OpenOrganization { slug: "nope".into() });
        flow.handle(FlowEvent::OrganizationResolved(Ok(None)));
        assert_eq!(
            flow.screen,
            Screen::Error {
                reason: DeadEnd::OrganizationNotFound
            }
        );
        let mut flow = organization_flow(vec![], vec![]);
        opened(&mut flow, stark(None));
        flow.handle(FlowEvent::SubmitEmail("tony@stark.example".into()));
        flow.handle(FlowEvent::EmailSent(Err(api_error(
            500,
            ErrorType::InternalServerError,
        ))));
        assert!(flow.error.is_some());
        flow.handle(FlowEvent::Restart);
        assert_eq!(flow.screen, Screen::Main);
        assert_eq!(flow.organization().map(|o| o.organization_slug.as_str()), Some("stark"));
    }

    #[cfg(feature = "email-otp")]
    #[test]
    fn email_codes_with_a_choice_when_links_are_offered_too() {
        let mut flow = FlowState::new(FlowConfig {
            products: vec![Product::EmailMagicLinks, Product::EmailOtp],
            ..Default::default()
        });
        assert_eq!(flow.handle(FlowEvent::SubmitEmail("ada@example.com".into())), None);
        assert_eq!(
            flow.screen,
            Screen::EmailMethodSelection {
                email: "ada@example.com".into()
            }
        );
        let command = flow.handle(FlowEvent::ChooseEmailMethod(EmailMethod::Code));
        assert_eq!(
            command,
            Some(Command::SendDiscoveryEmailOtp {
                email: "ada@example.com".into()
            })
        );
        flow.handle(FlowEvent::EmailOtpSent(Ok(("ada@example.com".into(), 7))));
        assert_eq!(
            flow.screen,
            Screen::EmailOtpEntry {
                email: "ada@example.com".into(),
                sent_at_ms: Some(7)
            }
        );
        assert_eq!(flow.handle(FlowEvent::SubmitEmailOtp("12".into())), None);
        assert_eq!(flow.error, Some(FlowError::Invalid(Invalid::Code)));
        let command = flow.handle(FlowEvent::SubmitEmailOtp("123 456".into()));
        assert!(matches!(command, Some(Command::AuthenticateDiscoveryEmailOtp { ref code, .. }) if code == "123456"));
        flow.handle(FlowEvent::DiscoveryAuthenticated(Err(api_error(
            401,
            ErrorType::UnableToAuthOtpCode,
        ))));
        assert!(
            matches!(flow.screen, Screen::EmailOtpEntry { .. }),
            "a wrong code can be retried"
        );
        assert!(flow.error.is_some());
        flow.handle(discovered(vec![]));
        assert!(matches!(flow.screen, Screen::Discovery { .. }));
    }

    #[cfg(all(feature = "oauth", feature = "email-otp"))]
    #[test]
    fn a_discovered_organization_needing_another_method_steps_up_and_back_undoes_it() {
        let mut flow = FlowState::new(FlowConfig::default());
        let mut hooli = org("organization-test-hooli", MembershipType::ActiveMember);
        hooli.member_authenticated = false;
        hooli.primary_required = Some(PrimaryRequired {
            allowed_auth_methods: vec![AuthMethod::MicrosoftOauth, AuthMethod::EmailOtp],
        });
        hooli.membership.member = Some(Member {
            email_address_verified: true,
            ..Default::default()
        });
        flow.handle(discovered(vec![hooli]));
        assert_eq!(
            flow.handle(FlowEvent::SelectOrganization("organization-test-hooli".into())),
            None
        );
        assert_eq!(flow.screen, Screen::Main);
        let options = flow.main_options();
        assert_eq!(
            options.sections,
            [
                MainSection::OAuth(vec![OAuthProvider::Microsoft]),
                MainSection::Email {
                    magic_link: false,
                    otp: true
                }
            ],
            "a step-up offers what the organization accepts, configured or not"
        );
        assert_eq!(options.fixed_email.as_deref(), Some("ada@example.com"));
        assert!(!options.verify_email);
        flow.handle(FlowEvent::Back);
        assert!(matches!(flow.screen, Screen::Discovery { .. }));
        assert!(flow.primary_step().is_none() && flow.organization().is_none());

        flow.handle(FlowEvent::SelectOrganization("organization-test-hooli".into()));
        let command = flow.handle(FlowEvent::SubmitEmail("someone-else@example.com".into()));
        assert_eq!(
            command,
            Some(Command::SendLoginEmailOtp {
                organization_id: "organization-test-hooli".into(),
                email: "ada@example.com".into()
            }),
            "a step-up is for the discovered address"
        );
        let command = flow.handle(FlowEvent::EmailOtpSent(Ok(("ada@example.com".into(), 1))));
        assert_eq!(command, None);
        let command = flow.handle(FlowEvent::SubmitEmailOtp("654321".into()));
        assert!(
            matches!(command, Some(Command::AuthenticateLoginEmailOtp { ref organization_id, .. }) if organization_id == "organization-test-hooli")
        );
    }

    #[cfg(all(feature = "passwords", feature = "email-otp", feature = "sso"))]
    #[test]
    fn an_answer_asking_for_a_verified_email_says_so() {
        let mut flow = organization_flow(vec![Product::Passwords], vec![]);
        opened(&mut flow, stark(None));
        assert_eq!(
            flow.handle(FlowEvent::SubmitPassword {
                email: "pepper@stark.example".into(),
                password: String::new()
            }),
            None
        );
        assert_eq!(flow.error, Some(FlowError::Invalid(Invalid::Password)));
        let command = flow.handle(FlowEvent::SubmitPassword {
            email: "pepper@stark.example".into(),
            password: "pw".into(),
        });
        assert!(matches!(command, Some(Command::AuthenticatePassword { .. })));
        let answer = AuthenticateWithMfaResponse {
            intermediate_session_token: "ist".into(),
            member: Member {
                email_address: "pepper@stark.example".into(),
                email_address_verified: false,
                ..Default::default()
            },
            organization: Organization {
                organization_id: "organization-test-stark".into(),
                ..Default::default()
            },
            primary_required: Some(PrimaryRequired {
                allowed_auth_methods: vec![AuthMethod::MagicLink, AuthMethod::EmailOtp, AuthMethod::Sso],
            }),
            ..Default::default()
        };
        flow.handle(FlowEvent::Authenticated {
            result: Ok(Box::new(answer)),
            at_ms: 0,
        });
        let options = flow.main_options();
        assert!(options.verify_email);
        assert_eq!(
            options.sections,
            [MainSection::Email {
                magic_link: true,
                otp: true
            }]
        );
        assert!(!flow.can_go_back());
    }

    fn connection(id: &str, name: &str) -> stytch_models::ActiveSsoConnection {
        stytch_models::ActiveSsoConnection {
            connection_id: id.into(),
            display_name: name.into(),
            identity_provider: "okta".into(),
        }
    }

    #[cfg(feature = "sso")]
    #[test]
    fn an_organization_requiring_sso_offers_its_connections_default_first() {
        let mut flow = FlowState::new(FlowConfig::default());
        let mut cyberdyne = org("organization-test-cyberdyne", MembershipType::ActiveMember);
        cyberdyne.member_authenticated = false;
        cyberdyne.primary_required = Some(PrimaryRequired {
            allowed_auth_methods: vec![AuthMethod::Sso],
        });
        cyberdyne.organization.sso_active_connections =
            vec![connection("saml-1", "Okta"), connection("oidc-2", "Entra")];
        cyberdyne.organization.sso_default_connection_id = Some("oidc-2".into());
        flow.handle(discovered(vec![cyberdyne]));
        flow.handle(FlowEvent::SelectOrganization("organization-test-cyberdyne".into()));
        assert_eq!(flow.screen, Screen::Main);
        assert_eq!(
            flow.main_options().sections,
            [MainSection::Sso(vec![
                connection("oidc-2", "Entra"),
                connection("saml-1", "Okta")
            ])],
            "a step-up offers SSO even though products do not list it"
        );
        assert_eq!(
            flow.handle(FlowEvent::StartSso("saml-elsewhere".into())),
            None,
            "only offered connections"
        );
        let command = flow.handle(FlowEvent::StartSso("saml-1".into()));
        assert_eq!(
            command,
            Some(Command::StartSso {
                connection_id: "saml-1".into()
            })
        );
        flow.handle(FlowEvent::Redirect(Ok("https://idp.example/start".into())));
        assert_eq!(
            flow.screen,
            Screen::Redirecting {
                url: "https://idp.example/start".into()
            }
        );

        // Back from the identity provider: the token authenticates; a used one is "expired".
        let mut back = FlowState::new(FlowConfig::default());
        assert_eq!(
            back.handle(url("sso", None)),
            Some(Command::AuthenticateSso { token: "tok".into() })
        );
        back.handle(FlowEvent::Authenticated {
            result: Err(api_error(404, ErrorType::SsoTokenNotFound)),
            at_ms: 0,
        });
        assert_eq!(
            back.screen,
            Screen::Error {
                reason: DeadEnd::LinkExpired
            }
        );
    }

    #[cfg(feature = "sso")]
    #[test]
    fn the_organization_flow_lists_sso_where_products_and_the_restriction_allow() {
        let mut with_sso = stark(Some(vec![AuthMethod::Sso]));
        with_sso.sso_active_connections = vec![connection("saml-1", "Okta")];
        let mut flow = organization_flow(vec![Product::EmailMagicLinks, Product::Sso], vec![]);
        opened(&mut flow, with_sso.clone());
        assert_eq!(
            flow.main_options().sections,
            [MainSection::Sso(vec![connection("saml-1", "Okta")])]
        );
        let mut unlisted = organization_flow(vec![Product::EmailMagicLinks], vec![]);
        opened(&mut unlisted, stark(None));
        assert_eq!(
            unlisted.main_options().sections,
            [MainSection::Email {
                magic_link: true,
                otp: false
            }],
            "no SSO product, no buttons"
        );
        let mut no_connection = organization_flow(vec![Product::Sso, Product::EmailMagicLinks], vec![]);
        opened(&mut no_connection, stark(None));
        assert_eq!(
            no_connection.main_options().sections,
            [MainSection::Email {
                magic_link: true,
                otp: false
            }],
            "an organization without active connections shows no SSO"
        );
    }

    #[cfg(feature = "sso")]
    #[test]
    fn discovery_finds_the_connections_of_an_address_and_goes_to_the_only_one() {
        let mut flow = FlowState::new(FlowConfig {
            products: vec![Product::Sso, Product::EmailMagicLinks],
            ..Default::default()
        });
        assert_eq!(
            flow.main_options().sections,
            [
                MainSection::SsoDiscovery,
                MainSection::Email {
                    magic_link: true,
                    otp: false
                }
            ]
        );
        assert_eq!(
            flow.handle(FlowEvent::SubmitSsoEmail("ada@example.com".into())),
            None,
            "not on this screen"
        );
        flow.handle(FlowEvent::ChooseSso);
        assert_eq!(flow.screen, Screen::SsoDiscovery);
        assert_eq!(flow.handle(FlowEvent::SubmitSsoEmail("ada".into())), None);
        assert_eq!(flow.error, Some(FlowError::Invalid(Invalid::Email)));
        let command = flow.handle(FlowEvent::SubmitSsoEmail(" ada@example.com ".into()));
        assert_eq!(
            command,
            Some(Command::DiscoverSsoConnections {
                email: "ada@example.com".into()
            })
        );
        flow.handle(FlowEvent::SsoConnectionsFound(Ok(("ada@example.com".into(), vec![]))));
        assert_eq!(flow.error, Some(FlowError::Invalid(Invalid::NoSsoConnection)));
        assert_eq!(flow.screen, Screen::SsoDiscovery, "another address can be tried");

        flow.handle(FlowEvent::SubmitSsoEmail("ada@example.com".into()));
        let command = flow.handle(FlowEvent::SsoConnectionsFound(Ok((
            "ada@example.com".into(),
            vec![connection("saml-1", "Okta")],
        ))));
        assert_eq!(
            command,
            Some(Command::StartSso {
                connection_id: "saml-1".into()
            })
        );
        assert_eq!(flow.error, None);
        assert_eq!(
            flow.sso_connection("saml-1").map(|c| c.display_name.as_str()),
            Some("Okta")
        );

        // Several: pick one; only listed connections start.
        let mut many = FlowState::new(FlowConfig {
            products: vec![Product::Sso],
            ..Default::default()
        });
        many.handle(FlowEvent::ChooseSso);
        many.handle(FlowEvent::SubmitSsoEmail("ada@example.com".into()));
        let found = vec![connection("saml-1", "Okta"), connection("oidc-2", "Entra")];
        assert_eq!(
            many.handle(FlowEvent::SsoConnectionsFound(Ok((
                "ada@example.com".into(),
                found.clone()
            )))),
            None
        );
        assert_eq!(
            many.screen,
            Screen::SsoConnections {
                email: "ada@example.com".into(),
                connections: found
            }
        );
        assert_eq!(many.handle(FlowEvent::StartSso("saml-elsewhere".into())), None);
        assert_eq!(
            many.handle(FlowEvent::StartSso("oidc-2".into())),
            Some(Command::StartSso {
                connection_id: "oidc-2".into()
            })
        );
        many.handle(FlowEvent::Redirect(Err(api_error(500, ErrorType::InternalServerError))));
        many.handle(FlowEvent::Back);
        assert_eq!(many.screen, Screen::SsoDiscovery);
        many.handle(FlowEvent::Back);
        assert_eq!(many.screen, Screen::Main);
    }

    #[test]
    fn only_methods_this_login_cannot_run_is_a_clear_dead_end() {
        let mut flow = FlowState::new(FlowConfig::default());
        let answer = AuthenticateWithMfaResponse {
            intermediate_session_token: "ist".into(),
            primary_required: Some(PrimaryRequired {
                allowed_auth_methods: vec![AuthMethod::Sso],
            }),
            ..Default::default()
        };
        flow.handle(FlowEvent::Authenticated {
            result: Ok(Box::new(answer)),
            at_ms: 0,
        });
        assert_eq!(
            flow.screen,
            Screen::Error {
                reason: DeadEnd::StepUpUnsupported
            }
        );
    }

    #[cfg(feature = "passwords")]
    #[test]
    fn password_reset_by_email_with_a_strength_meter() {
        let mut flow = organization_flow(vec![Product::Passwords], vec![]);
        opened(&mut flow, stark(None));
        flow.handle(FlowEvent::ForgotPassword);
        assert_eq!(flow.screen, Screen::PasswordForgot);
        let command = flow.handle(FlowEvent::SubmitForgotPassword("tony@stark.example".into()));
        assert_eq!(
            command,
            Some(Command::StartPasswordReset {
                organization_id: "organization-test-stark".into(),
                email: "tony@stark.example".into()
            })
        );
        flow.handle(FlowEvent::PasswordResetSent(Ok("tony@stark.example".into())));
        assert_eq!(
            flow.screen,
            Screen::PasswordResetSent {
                email: "tony@stark.example".into()
            }
        );

        flow.handle(url("multi_tenant_passwords", Some("reset_password")));
        assert_eq!(flow.screen, Screen::PasswordReset { token: "tok".into() });
        let command = flow.handle(FlowEvent::CheckPasswordStrength("abc".into()));
        assert_eq!(command, Some(Command::CheckPasswordStrength { password: "abc".into() }));
        assert!(!flow.pending, "rating never blocks typing");
        let rating = StrengthCheckResponse {
            score: 1,
            ..Default::default()
        };
        flow.handle(FlowEvent::StrengthChecked(Ok(Box::new(rating))));
        assert_eq!(flow.password_strength.as_ref().map(|r| r.score), Some(1));
        let command = flow.handle(FlowEvent::SubmitNewPassword("Mark-85-Bleeding-Edge!".into()));
        assert_eq!(
            command,
            Some(Command::ResetPassword {
                token: "tok".into(),
                password: "Mark-85-Bleeding-Edge!".into()
            })
        );
        flow.handle(FlowEvent::Authenticated {
            result: Err(api_error(400, ErrorType::WeakPassword)),
            at_ms: 0,
        });
        assert!(
            matches!(flow.screen, Screen::PasswordReset { .. }),
            "a weak password can be changed"
        );
    }

    /// Stark, letting anyone at `stark.example` join by email.
    fn joinable_stark() -> OrganizationBySlugMatch {
        OrganizationBySlugMatch {
            email_jit_provisioning: Restriction::Restricted,
            email_allowed_domains: vec!["stark.example".into()],
            ..stark(None)
        }
    }

    fn forgot(flow: &mut FlowState, email: &str) -> Option<Command> {
        flow.handle(FlowEvent::ForgotPassword);
        flow.handle(FlowEvent::SubmitForgotPassword(email.into()));
        flow.handle(FlowEvent::PasswordResetSent(Err(api_error(
            404,
            ErrorType::EmailNotFound,
        ))))
    }

    #[cfg(feature = "passwords")]
    #[test]
    fn someone_who_may_join_sets_a_first_password_after_a_sign_in_link() {
        let mut flow = organization_flow(vec![Product::Passwords], vec![]);
        opened(&mut flow, joinable_stark());
        let command = forgot(&mut flow, "happy@Stark.Example");
        assert_eq!(
            command,
            Some(Command::SendPasswordSetupLink {
                organization_id: "organization-test-stark".into(),
                email: "happy@Stark.Example".into()
            }),
            "no member to reset: a sign-in link instead, the domain compared without case"
        );
        assert!(flow.pending && flow.error.is_none());
        flow.handle(FlowEvent::PasswordSetupLinkSent(Ok("happy@Stark.Example".into())));
        assert_eq!(
            flow.screen,
            Screen::PasswordSetupSent {
                email: "happy@Stark.Example".into()
            }
        );

        // The link comes back (the executor found this browser's marker).
        flow.handle(url("multi_tenant_magic_links", None));
        flow.handle(FlowEvent::AuthenticatedForPasswordSetup {
            result: Ok(Box::new(AuthenticateWithMfaResponse {
                member_authenticated: true,
                member_session: Some(MemberSession::default()),
                ..Default::default()
            })),
            at_ms: 0,
        });
        assert_eq!(
            flow.screen,
            Screen::PasswordSetup,
            "signed in, the first password is asked for"
        );
        let command = flow.handle(FlowEvent::CheckPasswordStrength("abc".into()));
        assert_eq!(command, Some(Command::CheckPasswordStrength { password: "abc".into() }));
        assert_eq!(flow.handle(FlowEvent::SubmitNewPassword(String::new())), None);
        assert_eq!(flow.error, Some(FlowError::Invalid(Invalid::Password)));
        let command = flow.handle(FlowEvent::SubmitNewPassword("Happy-Hogan-Drives-2026".into()));
        assert_eq!(
            command,
            Some(Command::SetPasswordBySession {
                password: "Happy-Hogan-Drives-2026".into()
            })
        );
        flow.handle(FlowEvent::PasswordSet(Err(api_error(400, ErrorType::WeakPassword))));
        assert_eq!(flow.screen, Screen::PasswordSetup, "a refused password can be changed");
        assert!(flow.error.is_some());
        flow.handle(FlowEvent::SubmitNewPassword("Happy-Hogan-Drives-2026".into()));
        flow.handle(FlowEvent::PasswordSet(Ok(())));
        assert_eq!(flow.screen, Screen::LoggedIn);
    }

    #[cfg(all(feature = "passwords", feature = "mfa"))]
    #[test]
    fn a_first_password_waits_for_mfa_and_can_be_skipped() {
        let mut flow = organization_flow(vec![Product::Passwords], vec![]);
        opened(&mut flow, joinable_stark());
        flow.handle(url("multi_tenant_magic_links", None));
        let enrolled = Member {
            mfa_phone_number: "+15555550123".into(),
            mfa_phone_number_verified: true,
            ..Default::default()
        };
        flow.handle(FlowEvent::AuthenticatedForPasswordSetup {
            result: Ok(Box::new(AuthenticateWithMfaResponse {
                intermediate_session_token: "ist".into(),
                mfa_required: Some(MfaRequired {
                    member_options: None,
                    secondary_auth_initiated: Some("sms_otp".into()),
                }),
                organization: Organization {
                    organization_id: "organization-test-stark".into(),
                    mfa_policy: stytch_models::MfaPolicy::RequiredForAll,
                    ..Default::default()
                },
                member: enrolled,
                ..Default::default()
            })),
            at_ms: 0,
        });
        assert!(matches!(flow.screen, Screen::SmsOtpEntry { .. }), "{:?}", flow.screen);
        flow.handle(FlowEvent::SubmitSmsCode("123456".into()));
        flow.handle(FlowEvent::MfaCompleted(Ok(Box::new(AuthenticateResponse::default()))));
        assert_eq!(flow.screen, Screen::PasswordSetup, "after MFA, not before");
        flow.handle(FlowEvent::SkipPasswordSetup);
        assert_eq!(flow.screen, Screen::LoggedIn);

        // A plain sign-in link finishes as before.
        let mut plain = organization_flow(vec![Product::Passwords], vec![]);
        opened(&mut plain, joinable_stark());
        plain.handle(url("multi_tenant_magic_links", None));
        plain.handle(FlowEvent::Authenticated {
            result: Ok(Box::new(AuthenticateWithMfaResponse {
                member_authenticated: true,
                member_session: Some(MemberSession::default()),
                ..Default::default()
            })),
            at_ms: 0,
        });
        assert_eq!(plain.screen, Screen::LoggedIn);
    }

    #[cfg(feature = "passwords")]
    #[test]
    fn no_member_and_no_way_to_join_shows_the_servers_answer() {
        for (organization, email) in [
            (
                OrganizationBySlugMatch {
                    email_allowed_domains: vec![],
                    ..joinable_stark()
                },
                "happy@stark.example",
            ),
            (joinable_stark(), "happy@elsewhere.example"),
            (
                OrganizationBySlugMatch {
                    email_jit_provisioning: Restriction::NotAllowed,
                    ..joinable_stark()
                },
                "happy@stark.example",
            ),
        ] {
            let mut flow = organization_flow(vec![Product::Passwords], vec![]);
            opened(&mut flow, organization);
            assert_eq!(forgot(&mut flow, email), None);
            assert_eq!(flow.screen, Screen::PasswordForgot);
            assert_eq!(
                flow.error,
                Some(FlowError::Api(api_error(404, ErrorType::EmailNotFound)))
            );
        }
        // Any other failure is shown as it is, even for an address that could join.
        let mut flow = organization_flow(vec![Product::Passwords], vec![]);
        opened(&mut flow, joinable_stark());
        flow.handle(FlowEvent::ForgotPassword);
        flow.handle(FlowEvent::SubmitForgotPassword("happy@stark.example".into()));
        assert_eq!(
            flow.handle(FlowEvent::PasswordResetSent(Err(api_error(
                429,
                ErrorType::TooManyRequests
            )))),
            None
        );
    }

    #[cfg(feature = "passwords")]
    #[test]
    fn a_discovery_password_reset_ends_in_the_organization_list() {
        let mut flow = FlowState::new(FlowConfig {
            products: vec![Product::Passwords],
            ..Default::default()
        });
        flow.handle(FlowEvent::ForgotPassword);
        assert_eq!(flow.screen, Screen::PasswordForgot);
        let command = flow.handle(FlowEvent::SubmitForgotPassword("ada@example.com".into()));
        assert_eq!(
            command,
            Some(Command::StartDiscoveryPasswordReset {
                email: "ada@example.com".into()
            })
        );
        flow.handle(FlowEvent::PasswordResetSent(Ok("ada@example.com".into())));
        assert!(matches!(flow.screen, Screen::PasswordResetSent { .. }));

        // A discovery link without the reset redirect type still signs in.
        let mut other = flow.clone();
        assert_eq!(
            other.handle(url("discovery", None)),
            Some(Command::AuthenticateDiscoveryToken { token: "tok".into() })
        );

        flow.handle(url("discovery", Some("reset_password")));
        assert_eq!(flow.screen, Screen::PasswordReset { token: "tok".into() });
        let command = flow.handle(FlowEvent::SubmitNewPassword("Analytical-Engine-1843".into()));
        assert_eq!(
            command,
            Some(Command::ResetDiscoveryPassword {
                token: "tok".into(),
                password: "Analytical-Engine-1843".into()
            })
        );
        flow.handle(FlowEvent::DiscoveryAuthenticated(Err(api_error(
            400,
            ErrorType::WeakPassword,
        ))));
        assert!(
            matches!(flow.screen, Screen::PasswordReset { .. }) && flow.error.is_some(),
            "a weak password can be changed"
        );
        flow.handle(FlowEvent::SubmitNewPassword("Analytical-Engine-1843".into()));
        flow.handle(discovered(vec![org(
            "organization-test-acme",
            MembershipType::ActiveMember,
        )]));
        assert!(matches!(flow.screen, Screen::Discovery { .. }), "{:?}", flow.screen);

        // An organization's reset link afterwards is that organization's again.
        flow.handle(url("multi_tenant_passwords", Some("reset_password")));
        assert!(matches!(
            flow.handle(FlowEvent::SubmitNewPassword("Analytical-Engine-1843".into())),
            Some(Command::ResetPassword { .. })
        ));
    }

    #[cfg(feature = "oauth")]
    #[test]
    fn oauth_leaves_for_the_provider_and_its_token_comes_back() {
        let mut flow = FlowState::new(FlowConfig {
            products: vec![Product::OAuth],
            oauth: OAuthOptions {
                providers: vec![OAuthProvider::GitHub],
                ..Default::default()
            },
            ..Default::default()
        });
        assert_eq!(
            flow.handle(FlowEvent::StartOAuth(OAuthProvider::Google)),
            None,
            "not offered"
        );
        let command = flow.handle(FlowEvent::StartOAuth(OAuthProvider::GitHub));
        assert_eq!(
            command,
            Some(Command::StartOAuth {
                provider: OAuthProvider::GitHub,
                organization_id: None
            })
        );
        flow.handle(FlowEvent::Redirect(Ok("https://provider/x".into())));
        assert_eq!(
            flow.screen,
            Screen::Redirecting {
                url: "https://provider/x".into()
            }
        );

        let mut back = FlowState::new(FlowConfig::default());
        let command = back.handle(url("oauth", None));
        assert_eq!(command, Some(Command::AuthenticateOAuth { token: "tok".into() }));
        assert_eq!(back.screen, Screen::Authenticating);
        back.handle(FlowEvent::Authenticated {
            result: Err(api_error(404, ErrorType::OauthTokenNotFound)),
            at_ms: 0,
        });
        assert_eq!(
            back.screen,
            Screen::Error {
                reason: DeadEnd::LinkExpired
            }
        );
        let mut discovery = FlowState::new(FlowConfig::default());
        assert_eq!(
            discovery.handle(url("discovery_oauth", None)),
            Some(Command::AuthenticateDiscoveryOAuth { token: "tok".into() })
        );
        let mut magic = FlowState::new(FlowConfig::default());
        assert_eq!(
            magic.handle(url("multi_tenant_magic_links", None)),
            Some(Command::AuthenticateMagicLink { token: "tok".into() })
        );
        let mut impersonation = FlowState::new(FlowConfig::default());
        assert_eq!(
            impersonation.handle(url("multi_tenant_impersonation", None)),
            Some(Command::AuthenticateImpersonation { token: "tok".into() })
        );
        assert_eq!(impersonation.screen, Screen::Authenticating);
        let mut unknown = FlowState::new(FlowConfig::default());
        assert_eq!(unknown.handle(url("impersonation", None)), None);
        assert_eq!(unknown.screen, Screen::Main);
    }
}

/// Logging what the flow handles, asks for or shows never prints a password, code, token or
/// recovery code, while the rest stays readable.
#[test]
fn debug_output_of_the_flow_never_prints_credentials() {
    let mut state = FlowState::new(FlowConfig::default());
    state.screen = Screen::RecoveryCodeSave {
        codes: vec!["ckss-2skx-ebow".into()],
    };
    let shown = format!(
        "{:?} {:?} {:?} {:?} {:?} {:#?}",
        FlowEvent::SubmitPassword {
            email: "ada@example.com".into(),
            password: "hunter2-secret".into(),
        },
        FlowEvent::SubmitTotpCode("314159".into()),
        Command::AuthenticateLoginEmailOtp {
            organization_id: "organization-test-1".into(),
            email: "ada@example.com".into(),
            code: "271828".into(),
        },
        Command::ResetPassword {
            token: "reset-token-secret".into(),
            password: "new-password-secret".into(),
        },
        Screen::PasswordReset {
            token: "reset-token-secret".into(),
        },
        state,
    );
    for secret in ["hunter2", "314159", "271828", "token-secret", "password-secret", "ckss"] {
        assert!(!shown.contains(secret), "{secret} in {shown}");
    }
    for kept in [
        "SubmitPassword { email: \"ada@example.com\", password: <redacted> }",
        "SubmitTotpCode(<redacted>)",
        "organization_id: \"organization-test-1\"",
        "RecoveryCodeSave {",
        "[<redacted>; 1]",
    ] {
        assert!(shown.contains(kept), "{kept} missing from {shown}");
    }
}
