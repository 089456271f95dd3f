//! The flow built without `email-otp`, `passwords`, `oauth`, `sso` and `mfa` (Discovery with magic
//! links only). CI runs these with `--no-default-features`.

use stytch_models::api::oauth::OAuthProvider;
use stytch_models::{DiscoveredOrganization, Member, MembershipType, MfaRequired, Organization};

use super::*;
use crate::AuthenticateUrl;

fn every_product() -> FlowConfig {
    FlowConfig {
        products: vec![
            Product::Sso,
            Product::OAuth,
            Product::EmailOtp,
            Product::Passwords,
            Product::EmailMagicLinks,
        ],
        oauth: OAuthOptions {
            providers: vec![OAuthProvider::Google],
            ..Default::default()
        },
        ..Default::default()
    }
}

#[test]
fn only_magic_links_are_offered_whatever_the_configuration_lists() {
    for product in [Product::OAuth, Product::Sso, Product::EmailOtp, Product::Passwords] {
        assert!(!product.is_available(), "{product:?} is left out of this build");
    }
    let flow = FlowState::new(every_product());
    assert_eq!(
        flow.main_options().sections,
        vec![MainSection::Email {
            magic_link: true,
            otp: false
        }]
    );
}

#[test]
fn an_organization_requiring_mfa_ends_on_the_no_method_screen() {
    let mut flow = FlowState::new(every_product());
    flow.handle(FlowEvent::DiscoveryAuthenticated(Ok(Box::new(
        DiscoveryAuthenticateResponse {
            email_address: "ada@example.com".into(),
            discovered_organizations: vec![DiscoveredOrganization {
                organization: Organization {
                    organization_id: "organization-test-1".into(),
                    ..Default::default()
                },
                membership: stytch_models::Membership {
                    membership_type: MembershipType::ActiveMember,
                    ..Default::default()
                },
                ..Default::default()
            }],
            ..Default::default()
        },
    ))));
    let command = flow.handle(FlowEvent::SelectOrganization("organization-test-1".into()));
    assert!(matches!(command, Some(Command::ExchangeIntermediateSession { .. })));
    let command = flow.handle(FlowEvent::Authenticated {
        result: Ok(Box::new(AuthenticateWithMfaResponse {
            intermediate_session_token: "ist".into(),
            mfa_required: Some(MfaRequired::default()),
            member: Member {
                member_id: "member-test-1".into(),
                ..Default::default()
            },
            ..Default::default()
        })),
        at_ms: 1_000,
    });
    assert_eq!(command, None, "no MFA request is made");
    assert_eq!(
        flow.screen,
        Screen::Error {
            reason: DeadEnd::NoMfaMethod
        }
    );
}

#[test]
fn a_password_reset_link_is_a_clear_dead_end() {
    let mut flow = FlowState::new(every_product());
    let command = flow.handle(FlowEvent::UrlOpened(AuthenticateUrl {
        token_type: "multi_tenant_passwords".into(),
        token: "reset-token".into(),
        redirect_type: Some("reset_password".into()),
    }));
    assert_eq!(command, None);
    let Screen::Error {
        reason: DeadEnd::LinkFailed(StytchError::Usage(message)),
    } = &flow.screen
    else {
        panic!("expected a dead end, got {:?}", flow.screen)
    };
    assert!(message.contains("`passwords`"), "{message}");
}

#[test]
fn an_organization_requiring_sso_is_a_clear_dead_end() {
    let mut flow = FlowState::new(every_product());
    flow.handle(FlowEvent::Authenticated {
        result: Ok(Box::new(AuthenticateWithMfaResponse {
            intermediate_session_token: "ist".into(),
            organization: Organization {
                organization_id: "organization-test-1".into(),
                sso_active_connections: vec![stytch_models::ActiveSsoConnection {
                    connection_id: "saml-1".into(),
                    ..Default::default()
                }],
                ..Default::default()
            },
            primary_required: Some(stytch_models::PrimaryRequired {
                allowed_auth_methods: vec![stytch_models::AuthMethod::Sso],
            }),
            ..Default::default()
        })),
        at_ms: 0,
    });
    assert_eq!(
        flow.screen,
        Screen::Error {
            reason: DeadEnd::StepUpUnsupported
        },
        "no SSO button in a build without it, even with a connection"
    );
}
