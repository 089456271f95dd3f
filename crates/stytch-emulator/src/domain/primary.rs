//! What every primary method shares once its credential checks out: discovery methods end in an
//! IST and the organizations the person may enter; organization-scoped methods add their factor
//! to any IST of the same person, or to a live session of the same member (step-up), then grant
//! a session or say what is still required.

use stytch_models::{
    AuthMethod, Member, MemberStatus, Organization,
    api::{discovery::DiscoveryAuthenticateResponse, sessions::AuthenticateWithMfaResponse},
    time::format_rfc3339,
};

use super::discovery::IST_LIFETIME_MS;
use super::policy::{Evaluation, Join, Verification, discover, evaluate, join_route};
use super::store::{Factor, FactorKind, IstRecord, Store, email_domain, new_member};
use super::{Ctx, ids};
use crate::error::{ApiError, ApiResult};

/// What an organization-scoped primary method continues. The IST of a step-up comes first; a
/// live session of the same member in the same organization gains the factor instead of a new
/// session being started ("if the `session_token` and `magic_links_token` belong to different
/// Members, the `session_token` will be ignored").
#[derive(Clone, Copy, Debug, Default)]
pub struct Continuing<'a> {
    /// An intermediate session token.
    pub ist: Option<&'a str>,
    /// The opaque token of a live session.
    pub session: Option<&'a str>,
}

/// The member an organization-scoped login is for.
pub struct LoginMember {
    /// The member, or the candidate a just-in-time join would create.
    pub member: Member,
    /// How a candidate joins (`None` for an existing member). A candidate is stored only once
    /// the organization's requirements are met; joining by email domain needs a verified email,
    /// by an allowed OAuth tenant it does not.
    pub join: Option<Join>,
}

impl Store {
    /// Ends a discovery method: a new IST holding `factor`, and the organizations `email` may
    /// enter.
    pub(crate) fn start_discovery(
        &mut self,
        ctx: &Ctx<'_>,
        email: &str,
        factor: Factor,
    ) -> DiscoveryAuthenticateResponse {
        let email = email.to_ascii_lowercase();
        let factors = vec![factor];
        let discovered = discover(self, &email, &factors, false, ctx.now);
        let ist = ids::new_token();
        let expires_ms = ctx.now + IST_LIFETIME_MS;
        self.ists.insert(
            ist.clone(),
            IstRecord {
                email: email.clone(),
                factors,
                expires_ms,
                organization_id_hint: None,
            },
        );
        DiscoveryAuthenticateResponse {
            request_id: ids::request_id(),
            status_code: 200,
            intermediate_session_token: ist,
            intermediate_session_token_expires_at: Some(format_rfc3339(expires_ms)),
            email_address: email,
            discovered_organizations: discovered,
            ..Default::default()
        }
    }

    /// The member `email` signs in as, or a just-in-time candidate when the organization lets
    /// people of that email domain, or of the OAuth tenant `factor` came from, join. `None`
    /// when neither.
    pub(crate) fn login_member(
        &self,
        ctx: &Ctx<'_>,
        organization: &Organization,
        email: &str,
        factor: &Factor,
    ) -> Option<LoginMember> {
        if let Some(member) = self.member_by_email(&organization.organization_id, email) {
            return Some(LoginMember {
                member: member.clone(),
                join: None,
            });
        }
        join_route(self, organization, email, std::slice::from_ref(factor), ctx.now).map(|join| LoginMember {
            member: new_member(&organization.organization_id, email, MemberStatus::Active, ctx.now),
            join: Some(join),
        })
    }

    /// The member a sign-up email goes to: the existing one, or a new pending member when the
    /// organization accepts the email's domain (`email_jit_provisioning`).
    pub(crate) fn member_for_signup(
        &mut self,
        ctx: &Ctx<'_>,
        organization: &Organization,
        email: &str,
    ) -> ApiResult<(Member, bool)> {
        if let Some(member) = self.member_by_email(&organization.organization_id, email) {
            return Ok((member.clone(), false));
        }
        let domain = email_domain(email);
        let eligible = organization.email_jit_provisioning == stytch_models::Restriction::Restricted
            && organization
                .email_allowed_domains
                .iter()
                .any(|d| d.eq_ignore_ascii_case(&domain));
        if !eligible {
            return Err(super::policy::jit_refusal(
                organization,
                "This email address may not join the organization; ask for an invitation.",
            ));
        }
        self.ensure_email_free(ctx, &organization.organization_id, email, None)?;
        let member = new_member(&organization.organization_id, email, MemberStatus::Pending, ctx.now);
        let member = self.upsert_member(member);
        Ok((member, true))
    }

    /// Ends an organization-scoped primary method: adds `factor` to the IST of the same person
    /// (a step-up), evaluates the organization's requirements, and grants a session or answers
    /// with an IST. A member enrolled in SMS MFA is texted a code at once.
    pub(crate) fn authenticate_primary(
        &mut self,
        ctx: &Ctx<'_>,
        organization: &Organization,
        login: LoginMember,
        factor: Factor,
        continuing: Continuing<'_>,
        duration: Option<u32>,
    ) -> ApiResult<AuthenticateWithMfaResponse> {
        let LoginMember { mut member, join } = login;
        if member.status == MemberStatus::Deleted {
            return Err(ApiError::member_not_found());
        }
        let email = member.email_address.clone();
        let ist = continuing
            .ist
            .and_then(|t| self.ist(t, ctx.now).ok().map(|ist| (t, ist)))
            .filter(|(_, ist)| ist.email.eq_ignore_ascii_case(&email));
        let session = match ist {
            Some(_) => None,
            None => continuing.session.and_then(|t| {
                self.live_session(t, ctx.now).ok().filter(|r| {
                    r.session.member_id == member.member_id && r.session.organization_id == organization.organization_id
                })
            }),
        };
        let mut factors = match (&ist, session) {
            (Some((_, ist)), _) => ist.factors.clone(),
            (None, Some(record)) => record.factors.clone(),
            (None, None) => Vec::new(),
        };
        let session_token = session.map(|r| r.token.clone());
        let ist_token = ist.map(|(t, _)| t);
        factors.push(factor.clone());
        let requirements = evaluate(&Evaluation {
            organization,
            member: &member,
            factors: &factors,
            // The organization's own identity provider vouches for an SSO login.
            email_verification: match join {
                _ if matches!(
                    factor.kind,
                    FactorKind::Primary {
                        method: AuthMethod::Sso,
                        ..
                    }
                ) =>
                {
                    Verification::NotNeeded
                }
                None => Verification::AsMember,
                Some(Join::ByEmailDomain) => Verification::Required,
                Some(Join::ByOAuthTenant { .. }) => Verification::NotNeeded,
            },
            has_session_of_member: session_token.is_some(),
        });
        if requirements.primary_required.is_none() {
            let verified = factors.iter().any(|f| {
                matches!(
                    f.kind,
                    FactorKind::Primary {
                        verifies_email: true,
                        ..
                    }
                )
            });
            if verified {
                member.email_address_verified = true;
            }
            if matches!(member.status, MemberStatus::Pending | MemberStatus::Invited) {
                member.status = MemberStatus::Active;
            }
            member.updated_at = format_rfc3339(ctx.now);
            self.upsert_member(member.clone());
        }
        if let Some(token) = session_token.filter(|_| requirements.satisfied()) {
            self.add_factor(ctx, &token, factor, duration)?;
            return self.session_response_with_mfa(ctx, &token);
        }
        self.finish(
            ctx,
            ist_token,
            organization,
            member,
            factors,
            requirements,
            duration,
            true,
        )
    }
}
