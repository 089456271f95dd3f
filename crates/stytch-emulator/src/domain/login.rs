//! Organization-scoped email magic links: `login_or_signup`, `invite` and `authenticate`, which
//! runs the organization's requirements and, for members enrolled in SMS MFA, texts a code at
//! once.

use stytch_models::{
    ErrorType, Member, MemberStatus, Organization, Restriction,
    api::magic_links::{InviteRequest, LoginOrSignupRequest, LoginOrSignupResponse, MagicLinkAuthenticateRequest},
    api::organizations::MemberResponse,
    api::sessions::AuthenticateWithMfaResponse,
    time::format_rfc3339,
};

use super::discovery::{check_pkce, link_minutes, link_with_token};
use super::organizations::member_response;
use super::outbox::Message;
use super::primary::{Continuing, LoginMember};
use super::redirect_urls::{RedirectFlow, RedirectKind};
use super::sessions::check_duration;
use super::store::{
    Factor, MagicLinkKind, MagicLinkRecord, Store, email_domain, grant_roles, new_member, validate_email,
};
use super::{Ctx, ids};
use crate::error::{ApiError, ApiResult};

impl Store {
    /// `magic_links/email/login_or_signup`: a login link for members, a sign-up link for new
    /// (JIT-eligible), pending or invited people.
    pub(crate) fn send_login_magic_link(
        &mut self,
        ctx: &Ctx<'_>,
        request: &LoginOrSignupRequest,
    ) -> ApiResult<LoginOrSignupResponse> {
        validate_email(&request.email_address)?;
        let organization = self.organization(&request.organization_id)?.clone();
        let email = request.email_address.to_ascii_lowercase();
        let (member, created) = self.member_for_signup(ctx, &organization, &email)?;
        let signup = created || matches!(member.status, MemberStatus::Pending | MemberStatus::Invited);
        let kind = if signup {
            RedirectKind::Signup
        } else {
            RedirectKind::Login
        };
        let (requested, minutes, field) = if signup {
            (
                request.signup_redirect_url.as_deref(),
                request.signup_expiration_minutes,
                "signup_expiration_minutes",
            )
        } else {
            (
                request.login_redirect_url.as_deref(),
                request.login_expiration_minutes,
                "login_expiration_minutes",
            )
        };
        let name = &organization.organization_name;
        self.email_organization_link(
            ctx,
            OrganizationLink {
                organization: &organization,
                member: &member,
                redirect: self.redirect_url(requested, kind, RedirectFlow::MagicLink)?,
                minutes: link_minutes(minutes, 60, field)?,
                pkce_code_challenge: request.pkce_code_challenge.clone(),
                subject: if signup {
                    format!("Join {name}")
                } else {
                    format!("Sign in to {name}")
                },
                action: if signup { "join" } else { "sign in to" },
            },
        );
        Ok(LoginOrSignupResponse {
            request_id: ids::request_id(),
            status_code: 200,
            member_id: member.member_id.clone(),
            member_created: created,
            member,
            organization,
        })
    }

    /// `magic_links/email/invite`: creates the member as `invited` (or moves a pending one to
    /// `invited`) and emails a link (`stytch_token_type=multi_tenant_magic_links`) whose
    /// authentication activates them. An active member cannot be invited; the organization's
    /// `email_invites` policy decides who may be.
    pub(crate) fn invite_member(
        &mut self,
        ctx: &Ctx<'_>,
        organization_id: &str,
        request: &InviteRequest,
    ) -> ApiResult<MemberResponse> {
        validate_email(&request.email_address)?;
        let organization = self.organization(organization_id)?.clone();
        if let Some(inviter) = request.invited_by_member_id.as_deref().filter(|id| !id.is_empty()) {
            self.member(&organization.organization_id, inviter)?;
        }
        let email = request.email_address.to_ascii_lowercase();
        let domain = email_domain(&email);
        let refused = match organization.email_invites {
            Restriction::NotAllowed => Some("This organization does not allow email invitations."),
            Restriction::Restricted
                if !organization
                    .email_allowed_domains
                    .iter()
                    .any(|d| d.eq_ignore_ascii_case(&domain)) =>
            {
                Some("This organization invites only addresses in its allowed email domains.")
            }
            _ => None,
        };
        if let Some(message) = refused {
            return Err(ApiError::new(
                403,
                ErrorType::Unknown("invalid_email_for_invites".into()),
                message,
            ));
        }
        let mut member = match self.member_by_email(&organization.organization_id, &email) {
            Some(member) if member.status == MemberStatus::Active => {
                return Err(ApiError::new(
                    400,
                    ErrorType::DuplicateMemberEmail,
                    "This person is already an active member of the organization.",
                ));
            }
            Some(member) => member.clone(),
            None => {
                self.ensure_email_free(ctx, &organization.organization_id, &email, None)?;
                new_member(&organization.organization_id, &email, MemberStatus::Invited, ctx.now)
            }
        };
        member.status = MemberStatus::Invited;
        if let Some(name) = &request.name {
            member.name = name.clone();
        }
        grant_roles(&mut member, request.roles.as_deref().unwrap_or_default());
        member.updated_at = format_rfc3339(ctx.now);
        let minutes = link_minutes(request.invite_expiration_minutes, 10_080, "invite_expiration_minutes")?;
        // Checked before the member is stored, so a refused invite changes nothing.
        let redirect = self.redirect_url(
            request.invite_redirect_url.as_deref(),
            RedirectKind::Invite,
            RedirectFlow::MagicLink,
        )?;
        self.upsert_member(member.clone());
        self.email_organization_link(
            ctx,
            OrganizationLink {
                organization: &organization,
                member: &member,
                redirect,
                minutes,
                pkce_code_challenge: None,
                subject: format!("You're invited to join {}", organization.organization_name),
                action: "join",
            },
        );
        Ok(member_response(member, organization))
    }

    /// Records an organization-scoped link for a member and emails it
    /// (`stytch_token_type=multi_tenant_magic_links`).
    fn email_organization_link(&mut self, ctx: &Ctx<'_>, link: OrganizationLink<'_>) {
        let token = ids::new_token();
        self.magic_links.insert(
            token.clone(),
            MagicLinkRecord {
                email: link.member.email_address.clone(),
                kind: MagicLinkKind::Organization {
                    organization_id: link.organization.organization_id.clone(),
                    member_id: link.member.member_id.clone(),
                },
                expires_ms: ctx.now + i64::from(link.minutes) * 60_000,
                used: false,
                pkce_code_challenge: link.pkce_code_challenge.filter(|c| !c.is_empty()),
            },
        );
        let url = link_with_token(&link.redirect, "multi_tenant_magic_links", &token);
        let (name, action, minutes) = (&link.organization.organization_name, link.action, link.minutes);
        self.deliver(Message {
            to: link.member.email_address.clone(),
            channel: "email".into(),
            subject: Some(link.subject),
            body: format!("Click the link below to {action} {name}. It expires in {minutes} minutes.\n\n{url}\n"),
            link: Some(url),
            token: Some(token),
            code: None,
            created_at: format_rfc3339(ctx.now),
        });
    }

    /// `magic_links/authenticate`: verifies the email, activates a pending or invited member,
    /// and grants a session or answers with what the organization still requires.
    pub(crate) fn authenticate_magic_link(
        &mut self,
        ctx: &Ctx<'_>,
        request: &MagicLinkAuthenticateRequest,
        continuing: Continuing<'_>,
    ) -> ApiResult<AuthenticateWithMfaResponse> {
        let duration = check_duration(request.session_duration_minutes)?;
        let record = self
            .magic_links
            .get(&request.magic_links_token)
            .filter(|r| r.expires_ms > ctx.now)
            .ok_or_else(|| {
                ApiError::new(
                    404,
                    ErrorType::MagicLinkNotFound,
                    "The magic link could not be found or has expired.",
                )
            })?;
        let (organization_id, member_id, email_update) = match record.kind.clone() {
            MagicLinkKind::Organization {
                organization_id,
                member_id,
            } => (organization_id, member_id, false),
            MagicLinkKind::EmailUpdate {
                organization_id,
                member_id,
            } => (organization_id, member_id, true),
            MagicLinkKind::Discovery => {
                return Err(ApiError::new(
                    400,
                    ErrorType::InvalidArgument,
                    "This is a discovery link; authenticate it with magic_links/discovery/authenticate.",
                ));
            }
        };
        if record.used {
            return Err(ApiError::new(
                401,
                ErrorType::UnableToAuthMagicLink,
                "The magic link has already been used.",
            ));
        }
        check_pkce(
            record.pkce_code_challenge.as_deref(),
            request.pkce_code_verifier.as_deref(),
        )?;
        let email = record.email.clone();
        if let Some(record) = self.magic_links.get_mut(&request.magic_links_token) {
            record.used = true;
        }
        let organization = self.organization(&organization_id)?.clone();
        let member = if email_update {
            // The member moves to the address the link proved, then signs in as any login would.
            self.complete_email_update(ctx, &member_id, &email, Some(&request.magic_links_token))?
        } else {
            self.member(&organization.organization_id, &member_id)?.clone()
        };
        let email_id = ids::new_id("email");
        let factor = Factor::magic_link(&email, &email_id, ctx.now);
        let login = LoginMember { member, join: None };
        let mut response = self.authenticate_primary(ctx, &organization, login, factor, continuing, duration)?;
        let method_id = Some(email_id);
        response.method_id = method_id;
        response.reset_sessions = Some(false);
        Ok(response)
    }
}

/// What an organization-scoped link email says, for whom and where it lands.
struct OrganizationLink<'a> {
    organization: &'a Organization,
    member: &'a Member,
    /// The allow-listed landing URL.
    redirect: String,
    minutes: u32,
    pkce_code_challenge: Option<String>,
    subject: String,
    /// "join", "sign in to": completes "Click the link below to … {organization}".
    action: &'static str,
}
