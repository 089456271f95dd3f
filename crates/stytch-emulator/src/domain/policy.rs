//! The policy engine: which organizations a person may enter, and what an organization still
//! requires (primary step-up, MFA) before granting a member session.
//!
//! Written from the server rules in `stytch-b2b-model.md` (§2.3 evaluate, §2.5 discovery),
//! independently of the client's flow code.

use stytch_models::{
    AuthMethod, DiscoveredOrganization, Member, MemberStatus, Membership, MembershipType, MfaMemberOptions, MfaPolicy,
    MfaRequired, Organization, PrimaryRequired, Restriction,
};

use super::store::{Factor, FactorKind, Store, email_domain, new_member};

/// Methods that prove control of an email address, offered for email-verification step-up.
pub const EMAIL_VERIFYING_METHODS: [AuthMethod; 4] = [
    AuthMethod::MagicLink,
    AuthMethod::EmailOtp,
    AuthMethod::GoogleOauth,
    AuthMethod::MicrosoftOauth,
];

/// What an organization still requires.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Requirements {
    /// Primary step-up, if any (handled first by clients).
    pub primary_required: Option<PrimaryRequired>,
    /// MFA, if any.
    pub mfa_required: Option<MfaRequired>,
}

impl Requirements {
    /// True when a member session can be granted.
    pub fn satisfied(&self) -> bool {
        self.primary_required.is_none() && self.mfa_required.is_none()
    }
}

/// Inputs of [`evaluate`].
pub struct Evaluation<'a> {
    /// The organization.
    pub organization: &'a Organization,
    /// The member, or the candidate a JIT join would create.
    pub member: &'a Member,
    /// Factors completed so far.
    pub factors: &'a [Factor],
    /// Whether the email must be verified (P2).
    pub email_verification: Verification,
    /// The caller presented a valid session of this member (MFA is then not asked again).
    pub has_session_of_member: bool,
}

fn primary_methods(factors: &[Factor]) -> impl Iterator<Item = (&AuthMethod, bool)> {
    factors.iter().filter_map(|f| match &f.kind {
        FactorKind::Primary { method, verifies_email } => Some((method, *verifies_email)),
        FactorKind::Secondary { .. } | FactorKind::Impersonated | FactorKind::TrustedAuthToken => None,
    })
}

/// Masks all but the last four digits, as Stytch shows MFA phone numbers before MFA completes.
pub fn mask_phone(phone: &str) -> String {
    let digits: Vec<char> = phone.chars().filter(char::is_ascii_digit).collect();
    let keep = digits.len().saturating_sub(4);
    digits
        .iter()
        .enumerate()
        .map(|(i, c)| if i < keep { 'X' } else { *c })
        .collect()
}

/// Whether P2 asks for a verified email.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verification {
    /// Always: a JIT join by email domain, organization creation.
    Required,
    /// When the member's email is not verified yet.
    AsMember,
    /// Never: a JIT join by an allowed OAuth tenant (P3).
    NotNeeded,
}

/// Decides what is still required (model §2.3, steps P1, P2, M0-M3).
pub fn evaluate(input: &Evaluation<'_>) -> Requirements {
    let org = input.organization;
    let member = input.member;
    let mut requirements = Requirements::default();

    // P1: the organization may accept only some primary methods.
    let restricted = org.auth_methods == Restriction::Restricted && !member.is_breakglass;
    let counted = primary_methods(input.factors)
        .filter(|(method, _)| !restricted || org.allowed_auth_methods.contains(method))
        .count();
    if counted == 0 {
        let allowed = if restricted {
            org.allowed_auth_methods.clone()
        } else {
            EMAIL_VERIFYING_METHODS.to_vec()
        };
        requirements.primary_required = Some(PrimaryRequired {
            allowed_auth_methods: allowed,
        });
    } else {
        // P2: an unverified email (or a JIT join) needs an email-verifying factor.
        let needs_verification = match input.email_verification {
            Verification::Required => true,
            Verification::AsMember => !member.email_address_verified,
            Verification::NotNeeded => false,
        };
        let verified = primary_methods(input.factors).any(|(_, verifies)| verifies);
        if needs_verification && !verified {
            requirements.primary_required = Some(PrimaryRequired {
                allowed_auth_methods: EMAIL_VERIFYING_METHODS.to_vec(),
            });
        }
    }

    // M0-M3: MFA, evaluated even when primary fails, since both may be reported at once.
    let mfa_needed =
        !input.has_session_of_member && (org.mfa_policy == MfaPolicy::RequiredForAll || member.mfa_enrolled);
    if mfa_needed {
        let satisfied = input.factors.iter().any(|f| match &f.kind {
            FactorKind::Secondary { method, member_id } => {
                *member_id == member.member_id && (member.is_breakglass || org.allows_mfa_method(method))
            }
            FactorKind::Primary { .. } | FactorKind::Impersonated | FactorKind::TrustedAuthToken => false,
        });
        if !satisfied {
            let enrolled = !member.mfa_phone_number.is_empty() || !member.totp_registration_id.is_empty();
            requirements.mfa_required = Some(MfaRequired {
                member_options: enrolled.then(|| MfaMemberOptions {
                    mfa_phone_number: mask_phone(&member.mfa_phone_number),
                    totp_registration_id: member.totp_registration_id.clone(),
                }),
                secondary_auth_initiated: None,
            });
        }
    }
    requirements
}

/// Stytch's refusal of a newcomer `org` does not admit (403): `email_jit_provisioning_not_allowed`
/// when it admits no one by email domain, `invalid_email_for_jit_provisioning` when it admits
/// some domains but not this address (another domain, or an address another member holds).
pub fn jit_refusal(org: &Organization, message: &str) -> crate::error::ApiError {
    let error_type = if org.email_jit_provisioning == Restriction::Restricted {
        stytch_models::ErrorType::InvalidEmailForJitProvisioning
    } else {
        stytch_models::ErrorType::EmailJitProvisioningNotAllowed
    };
    crate::error::ApiError::new(403, error_type, message)
}

/// Whether a person with `email` may join `org` by email domain (model §2.5 rule 2 and 4).
pub fn jit_eligible_by_email(store: &Store, org: &Organization, email: &str) -> bool {
    let domain = email_domain(email);
    if org.email_jit_provisioning != Restriction::Restricted
        || !org
            .email_allowed_domains
            .iter()
            .any(|d| d.eq_ignore_ascii_case(&domain))
    {
        return false;
    }
    let claimed_elsewhere = store.organizations.iter().any(|other| {
        other.organization_id != org.organization_id
            && other
                .claimed_email_domains
                .iter()
                .any(|d| d.eq_ignore_ascii_case(&domain))
    });
    if claimed_elsewhere {
        return false;
    }
    // Anti-phishing: someone with a verified address in the domain must already be a member.
    store.members.iter().any(|m| {
        m.organization_id == org.organization_id
            && m.status == MemberStatus::Active
            && m.email_address_verified
            && email_domain(&m.email_address) == domain
    })
}

/// How someone without a membership may join an organization.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Join {
    /// An OAuth factor from a tenant the organization allows (model §2.3 P3): no email
    /// verification needed.
    ByOAuthTenant {
        /// `slack`, `hubspot` or `github`.
        provider: String,
        /// The tenant ID.
        tenant: String,
    },
    /// The email's domain (P2: the email must be verified).
    ByEmailDomain,
}

/// Whether and how a person with `email` and these `factors` may join `org`: by OAuth tenant
/// first, then by email domain (a tenant that does not match falls back to the domain).
pub fn join_route(store: &Store, org: &Organization, email: &str, factors: &[Factor], now: i64) -> Option<Join> {
    // Nobody joins as an address another member holds (current, retired or being moved to).
    if store.email_held(&org.organization_id, email, None, now) {
        return None;
    }
    if org.oauth_tenant_jit_provisioning == Restriction::Restricted {
        let allowed = |provider: &str, tenant: &str| {
            org.allowed_oauth_tenants
                .get(provider)
                .and_then(|ids| ids.as_array())
                .is_some_and(|ids| ids.iter().any(|id| id.as_str() == Some(tenant)))
        };
        let by_tenant = factors
            .iter()
            .filter_map(|f| f.oauth_tenant.as_ref())
            .find(|(provider, tenant)| allowed(provider, tenant));
        if let Some((provider, tenant)) = by_tenant {
            return Some(Join::ByOAuthTenant {
                provider: provider.clone(),
                tenant: tenant.clone(),
            });
        }
    }
    jit_eligible_by_email(store, org, email).then_some(Join::ByEmailDomain)
}

/// The organizations a person may enter (model §2.5). With `members_only` (listing with a
/// session), only existing memberships are returned.
pub fn discover(
    store: &Store,
    email: &str,
    factors: &[Factor],
    members_only: bool,
    now: i64,
) -> Vec<DiscoveredOrganization> {
    let mut found = Vec::new();
    for org in &store.organizations {
        let existing = store.member_by_email(&org.organization_id, email);
        let (membership, member, email_verification) = match existing {
            Some(member) => {
                let membership_type = match member.status {
                    MemberStatus::Pending => MembershipType::PendingMember,
                    MemberStatus::Invited => MembershipType::InvitedMember,
                    _ => MembershipType::ActiveMember,
                };
                (
                    Membership {
                        membership_type,
                        details: None,
                        member: Some(member.clone()),
                    },
                    member.clone(),
                    Verification::AsMember,
                )
            }
            None if members_only => continue,
            None => {
                let (membership_type, details, verify) = match join_route(store, org, email, factors, now) {
                    Some(Join::ByOAuthTenant { provider, tenant }) => (
                        MembershipType::EligibleToJoinByOauthTenant,
                        serde_json::json!({ "provider": provider, "tenant": tenant }),
                        Verification::NotNeeded,
                    ),
                    Some(Join::ByEmailDomain) => (
                        MembershipType::EligibleToJoinByEmailDomain,
                        serde_json::json!({ "domain": email_domain(email) }),
                        Verification::Required,
                    ),
                    None => continue,
                };
                let membership = Membership {
                    membership_type,
                    details: Some(details),
                    member: None,
                };
                (
                    membership,
                    new_member(&org.organization_id, email, MemberStatus::Pending, now),
                    verify,
                )
            }
        };
        let requirements = evaluate(&Evaluation {
            organization: org,
            member: &member,
            factors,
            email_verification,
            has_session_of_member: false,
        });
        found.push(DiscoveredOrganization {
            member_authenticated: requirements.satisfied(),
            organization: org.clone(),
            membership,
            primary_required: requirements.primary_required,
            mfa_required: requirements.mfa_required,
        });
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use stytch_models::MfaMethod;

    fn member(verified: bool) -> Member {
        Member {
            member_id: "member-test-1".into(),
            email_address_verified: verified,
            ..Default::default()
        }
    }

    fn eml() -> Vec<Factor> {
        vec![Factor::magic_link("ada@example.com", "email-test-1", 0)]
    }

    fn password() -> Vec<Factor> {
        vec![Factor {
            wire: Default::default(),
            kind: FactorKind::Primary {
                method: AuthMethod::Password,
                verifies_email: false,
            },
            oauth_tenant: None,
        }]
    }

    fn eval(org: &Organization, member: &Member, factors: &[Factor], jit: bool) -> Requirements {
        evaluate(&Evaluation {
            organization: org,
            member,
            factors,
            email_verification: if jit {
                Verification::Required
            } else {
                Verification::AsMember
            },
            has_session_of_member: false,
        })
    }

    #[test]
    fn open_organization_with_a_magic_link_needs_nothing() {
        assert!(eval(&Organization::default(), &member(false), &eml(), false).satisfied());
    }

    #[test]
    fn restricted_methods_ask_for_the_allowed_ones() {
        let org = Organization {
            auth_methods: Restriction::Restricted,
            allowed_auth_methods: vec![AuthMethod::Sso, AuthMethod::Password],
            ..Default::default()
        };
        let r = eval(&org, &member(true), &eml(), false);
        assert_eq!(
            r.primary_required.unwrap().allowed_auth_methods,
            vec![AuthMethod::Sso, AuthMethod::Password]
        );
        let breakglass = Member {
            is_breakglass: true,
            ..member(true)
        };
        assert!(eval(&org, &breakglass, &eml(), false).satisfied());
    }

    #[test]
    fn unverified_email_needs_an_email_verifying_step() {
        let r = eval(&Organization::default(), &member(false), &password(), false);
        assert_eq!(
            r.primary_required.unwrap().allowed_auth_methods,
            EMAIL_VERIFYING_METHODS.to_vec()
        );
        assert!(eval(&Organization::default(), &member(true), &password(), false).satisfied());
        assert!(
            !eval(&Organization::default(), &member(true), &password(), true).satisfied(),
            "JIT needs verification"
        );
    }

    #[test]
    fn mfa_policy_and_enrollment() {
        let org = Organization {
            mfa_policy: MfaPolicy::RequiredForAll,
            ..Default::default()
        };
        let r = eval(&org, &member(true), &eml(), false);
        assert_eq!(r.mfa_required.unwrap().member_options, None);
        let enrolled = Member {
            mfa_enrolled: true,
            mfa_phone_number: "+15555550123".into(),
            ..member(true)
        };
        let r = eval(&Organization::default(), &enrolled, &eml(), false);
        assert_eq!(
            r.mfa_required.unwrap().member_options.unwrap().mfa_phone_number,
            "XXXXXXX0123"
        );
        let mut factors = eml();
        factors.push(Factor {
            wire: Default::default(),
            kind: FactorKind::Secondary {
                method: MfaMethod::Totp,
                member_id: "member-test-1".into(),
            },
            oauth_tenant: None,
        });
        assert!(eval(&org, &member(true), &factors, false).satisfied());
        let sms_only = Organization {
            mfa_methods: Restriction::Restricted,
            allowed_mfa_methods: vec![MfaMethod::SmsOtp],
            ..org
        };
        assert!(
            !eval(&sms_only, &member(true), &factors, false).satisfied(),
            "TOTP not allowed there"
        );
    }
}
