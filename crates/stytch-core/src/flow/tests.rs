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
    assert_eq!(flow.screen, Screen::EmailEntry);
}

#[test]
fn failed_send_stays_on_the_form_with_the_error() {
    let mut flow = FlowState::new(FlowConfig::default());
    flow.handle(FlowEvent::SubmitEmail("ada@example.com".into()));
    let error = StytchError::Unreachable("offline".into());
    flow.handle(FlowEvent::EmailSent(Err(error.clone())));
    assert_eq!(flow.screen, Screen::EmailEntry);
    assert_eq!(flow.error, Some(error));
    assert!(!flow.pending);
}

#[test]
fn link_landing_leads_to_discovery_then_logged_in() {
    let mut flow = FlowState::new(FlowConfig::default());
    let command = flow.handle(FlowEvent::LinkOpened { token: "tok".into() });
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
    flow.handle(FlowEvent::Authenticated(Ok(Box::new(granted))));
    assert_eq!(flow.screen, Screen::LoggedIn);
    assert!(!flow.can_go_back());
}

#[test]
fn expired_link_is_a_clear_dead_end() {
    let mut flow = FlowState::new(FlowConfig::default());
    flow.handle(FlowEvent::LinkOpened { token: "tok".into() });
    let error = StytchError::Api(Box::new(ApiErrorBody::new(
        404,
        ErrorType::MagicLinkNotFound,
        "gone",
        "r",
    )));
    flow.handle(FlowEvent::DiscoveryAuthenticated(Err(error)));
    let Screen::Error { message } = &flow.screen else {
        panic!("{:?}", flow.screen)
    };
    assert!(message.contains("expired"));
}

#[test]
fn create_organization_validates_before_any_request() {
    let mut flow = FlowState::new(FlowConfig::default());
    flow.handle(FlowEvent::LinkOpened { token: "tok".into() });
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
    assert!(flow.error.is_some());
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
    flow.handle(FlowEvent::Authenticated(Err(taken.clone())));
    assert_eq!(flow.error, Some(taken), "the person can pick another slug");
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
    flow.handle(FlowEvent::Authenticated(Ok(Box::new(needs_mfa))));
    assert!(matches!(flow.screen, Screen::Error { .. }));
}
