//! Discovery: email magic links that end in an IST, listing organizations, entering one with
//! the IST, and creating one.

use sha2::{Digest, Sha256};
use stytch_models::{
    ErrorType, MemberStatus, MfaPolicy, Organization, Restriction,
    api::{
        discovery::{
            DiscoveryAuthenticateResponse, DiscoveryOrganizationsResponse, OrganizationCreateViaDiscoveryRequest,
        },
        magic_links::DiscoveryEmailSendRequest,
        organizations::OrganizationCreateRequest,
        sessions::AuthenticateWithMfaResponse,
    },
    time::format_rfc3339,
};

use super::outbox::Message;
use super::policy::{Evaluation, Join, Requirements, Verification, discover, evaluate, join_route};
use super::redirect_urls::{RedirectFlow, RedirectKind};
use super::sessions::{SessionCredential, check_duration};
use super::store::{
    Factor, FactorKind, IstRecord, MagicLinkKind, MagicLinkRecord, Store, new_member, role, validate_email,
};
use super::{Ctx, ids};
use crate::error::{ApiError, ApiResult};

/// ISTs live 10 minutes.
pub const IST_LIFETIME_MS: i64 = 10 * 60 * 1000;
/// Providers whose addresses are personal, so organizations are named after the local part,
/// and no organization may allow or claim them. The largest providers only: Stytch's own list
/// ("common email domains") is longer.
const COMMON_EMAIL_DOMAINS: [&str; 31] = [
    "gmail.com",
    "googlemail.com",
    "yahoo.com",
    "ymail.com",
    "outlook.com",
    "hotmail.com",
    "live.com",
    "msn.com",
    "icloud.com",
    "me.com",
    "mac.com",
    "proton.me",
    "protonmail.com",
    "aol.com",
    "gmx.com",
    "gmx.net",
    "web.de",
    "mail.com",
    "zoho.com",
    "fastmail.com",
    "hey.com",
    "tutanota.com",
    "yandex.com",
    "yandex.ru",
    "mail.ru",
    "qq.com",
    "163.com",
    "126.com",
    "comcast.net",
    "att.net",
    "verizon.net",
];

/// Whether `domain` (lower case) is a personal email provider's, which Stytch lets no
/// organization allow or claim.
pub(crate) fn is_personal_email_domain(domain: &str) -> bool {
    COMMON_EMAIL_DOMAINS.contains(&domain)
}

/// An emailed link's lifetime: `requested` or `default` minutes, within Stytch's 5 minutes to
/// one week (`invalid_argument` naming `field` otherwise).
pub fn link_minutes(requested: Option<u32>, default: u32, field: &str) -> ApiResult<u32> {
    let minutes = requested.unwrap_or(default);
    if (5..=10_080).contains(&minutes) {
        Ok(minutes)
    } else {
        Err(ApiError::new(
            400,
            ErrorType::InvalidArgument,
            format!("{field} must be between 5 and 10080."),
        ))
    }
}

/// `link` with `?stytch_token_type=…&token=…` appended.
pub fn link_with_token(base: &str, token_type: &str, token: &str) -> String {
    let separator = if base.contains('?') { '&' } else { '?' };
    format!("{base}{separator}stytch_token_type={token_type}&token={token}")
}

impl Store {
    /// `magic_links/email/discovery/send`.
    pub(crate) fn send_discovery_magic_link(
        &mut self,
        ctx: &Ctx<'_>,
        request: &DiscoveryEmailSendRequest,
    ) -> ApiResult<()> {
        validate_email(&request.email_address)?;
        let redirect = self.redirect_url(
            request.discovery_redirect_url.as_deref(),
            RedirectKind::Discovery,
            RedirectFlow::MagicLink,
        )?;
        let minutes = link_minutes(request.discovery_expiration_minutes, 60, "discovery_expiration_minutes")?;
        let token = ids::new_token();
        let email = request.email_address.to_ascii_lowercase();
        self.magic_links.insert(
            token.clone(),
            MagicLinkRecord {
                email: email.clone(),
                kind: MagicLinkKind::Discovery,
                expires_ms: ctx.now + i64::from(minutes) * 60_000,
                used: false,
                pkce_code_challenge: request.pkce_code_challenge.clone().filter(|c| !c.is_empty()),
            },
        );
        let link = link_with_token(&redirect, "discovery", &token);
        let project = self.project.name.clone();
        self.deliver(Message {
            to: email,
            channel: "email".into(),
            subject: Some(format!("Your {project} sign-in link")),
            body: format!("Click the link below to sign in to {project}. It expires in {minutes} minutes.\n\n{link}\n"),
            link: Some(link),
            token: Some(token),
            code: None,
            created_at: format_rfc3339(ctx.now),
        });
        Ok(())
    }

    /// `magic_links/discovery/authenticate`: consumes the token, returns an IST and the
    /// discovered organizations.
    pub(crate) fn authenticate_discovery_magic_link(
        &mut self,
        ctx: &Ctx<'_>,
        token: &str,
        pkce_code_verifier: Option<&str>,
    ) -> ApiResult<DiscoveryAuthenticateResponse> {
        let record = self
            .magic_links
            .get(token)
            .filter(|r| r.kind == MagicLinkKind::Discovery && r.expires_ms > ctx.now)
            .ok_or_else(|| {
                ApiError::new(
                    404,
                    ErrorType::MagicLinkNotFound,
                    "The magic link could not be found or has expired.",
                )
            })?;
        if record.used {
            return Err(ApiError::new(
                401,
                ErrorType::UnableToAuthMagicLink,
                "The magic link has already been used.",
            ));
        }
        check_pkce(record.pkce_code_challenge.as_deref(), pkce_code_verifier)?;
        let email = record.email.clone();
        if let Some(record) = self.magic_links.get_mut(token) {
            record.used = true;
        }
        Ok(self.start_discovery(ctx, &email, Factor::magic_link(&email, &ids::new_id("email"), ctx.now)))
    }

    /// `discovery/organizations` with an IST or a session.
    pub(crate) fn list_discovered(
        &self,
        ctx: &Ctx<'_>,
        ist: Option<&str>,
        session: Option<SessionCredential>,
    ) -> ApiResult<DiscoveryOrganizationsResponse> {
        let (email, factors, members_only, hint) = match (ist, session) {
            (Some(_), Some(_)) => {
                return Err(ApiError::new(
                    400,
                    ErrorType::TooManySessionArguments,
                    "Pass either an intermediate session or a session, not both.",
                ));
            }
            (Some(token), None) => {
                let record = self.ist(token, ctx.now)?;
                (
                    record.email.clone(),
                    record.factors.clone(),
                    false,
                    record.organization_id_hint.clone(),
                )
            }
            (None, Some(credential)) => {
                let token = self.resolve_session(ctx, &credential)?;
                let record = self.live_session(&token, ctx.now)?;
                let member = self.member(&record.session.organization_id, &record.session.member_id)?;
                (member.email_address.clone(), record.factors.clone(), true, None)
            }
            (None, None) => {
                return Err(ApiError::new(
                    400,
                    ErrorType::NoSessionArguments,
                    "An intermediate session or a session is required.",
                ));
            }
        };
        Ok(DiscoveryOrganizationsResponse {
            request_id: ids::request_id(),
            status_code: 200,
            discovered_organizations: discover(self, &email, &factors, members_only, ctx.now),
            email_address: email,
            organization_id_hint: hint,
        })
    }

    /// `discovery/intermediate_sessions/exchange`: enters an organization with an IST, joining
    /// it if invited or eligible; grants a session or reports what is still required.
    pub(crate) fn exchange_intermediate_session(
        &mut self,
        ctx: &Ctx<'_>,
        ist_token: &str,
        organization_id: &str,
        duration: Option<u32>,
    ) -> ApiResult<AuthenticateWithMfaResponse> {
        let duration = check_duration(duration)?;
        let ist = self.ist(ist_token, ctx.now)?.clone();
        let organization = self.organization(organization_id)?.clone();
        // A join by email domain needs a verified email (P2); one by OAuth tenant does not (P3).
        let (mut member, email_verification) = match self.member_by_email(&organization.organization_id, &ist.email) {
            Some(member) => (member.clone(), Verification::AsMember),
            None => match join_route(self, &organization, &ist.email, &ist.factors, ctx.now) {
                Some(route) => (
                    new_member(&organization.organization_id, &ist.email, MemberStatus::Active, ctx.now),
                    match route {
                        Join::ByEmailDomain => Verification::Required,
                        Join::ByOAuthTenant { .. } => Verification::NotNeeded,
                    },
                ),
                None => {
                    return Err(super::policy::jit_refusal(
                        &organization,
                        "This email address is not allowed to join the organization.",
                    ));
                }
            },
        };
        let requirements = evaluate(&Evaluation {
            organization: &organization,
            member: &member,
            factors: &ist.factors,
            email_verification,
            has_session_of_member: false,
        });
        if requirements.primary_required.is_none() {
            if ist.factors.iter().any(|f| {
                matches!(
                    f.kind,
                    FactorKind::Primary {
                        verifies_email: true,
                        ..
                    }
                )
            }) {
                member.email_address_verified = true;
            }
            if matches!(member.status, MemberStatus::Pending | MemberStatus::Invited) {
                member.status = MemberStatus::Active;
            }
            member.updated_at = format_rfc3339(ctx.now);
            self.upsert_member(member.clone());
        }
        // As at an organization's own sign-in, a member enrolled in SMS MFA is texted at once
        // (npm `stytch`: "check `secondary_auth_initiated` to see if the OTP has already been
        // sent"); only discovery's authenticate and list never text.
        self.finish(
            ctx,
            Some(ist_token),
            &organization,
            member,
            ist.factors,
            requirements,
            duration,
            true,
        )
    }

    /// `discovery/organizations/create`: creates an organization, makes the person its admin
    /// and enters it.
    pub(crate) fn create_organization_via_discovery(
        &mut self,
        ctx: &Ctx<'_>,
        ist_token: &str,
        request: &OrganizationCreateViaDiscoveryRequest,
    ) -> ApiResult<AuthenticateWithMfaResponse> {
        let duration = check_duration(request.session_duration_minutes)?;
        let ist = self.ist(ist_token, ctx.now)?.clone();
        if !ist.factors.iter().any(|f| {
            matches!(
                f.kind,
                FactorKind::Primary {
                    verifies_email: true,
                    ..
                }
            )
        }) {
            return Err(ApiError::new(
                403,
                ErrorType::Unknown("email_verification_required".into()),
                "A verified email address is required to create an organization.",
            ));
        }
        let (default_name, default_slug) = names_from_email(&ist.email);
        let name = request
            .organization_name
            .clone()
            .filter(|n| !n.trim().is_empty())
            .unwrap_or(default_name);
        // A slug the person chose must be free; one made up for them is made free, so the second
        // person from a domain (or the second "ada" on a mail provider) can still start one.
        let slug = match request.organization_slug.clone().filter(|s| !s.is_empty()) {
            Some(chosen) => chosen,
            None => self.free_slug(default_slug),
        };
        let settings = OrganizationCreateRequest {
            organization_name: name,
            organization_slug: Some(slug),
            organization_logo_url: request.organization_logo_url.clone(),
            email_jit_provisioning: request.email_jit_provisioning.clone(),
            email_allowed_domains: request.email_allowed_domains.clone(),
            email_invites: request.email_invites.clone(),
            auth_methods: request.auth_methods.clone(),
            allowed_auth_methods: request.allowed_auth_methods.clone(),
            mfa_policy: request.mfa_policy.clone(),
            ..Default::default()
        };
        let organization = self.build_organization(ctx, &settings)?;
        self.organizations.push(organization.clone());
        let mut member = new_member(&organization.organization_id, &ist.email, MemberStatus::Active, ctx.now);
        member.email_address_verified = true;
        member.is_admin = true;
        member.roles.push(role("stytch_admin"));
        let member = self.upsert_member(member);
        let requirements = evaluate(&Evaluation {
            organization: &organization,
            member: &member,
            factors: &ist.factors,
            email_verification: Verification::Required,
            has_session_of_member: false,
        });
        self.finish(
            ctx,
            Some(ist_token),
            &organization,
            member,
            ist.factors,
            requirements,
            duration,
            false,
        )
    }

    /// Grants a session (consuming the IST, if any) or answers with an IST holding `factors`
    /// and the requirements. With `auto_send_sms` (an organization-scoped primary login, an
    /// intermediate or session exchange), a member enrolled in SMS MFA is texted a code at once
    /// (`secondary_auth_initiated`).
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn finish(
        &mut self,
        ctx: &Ctx<'_>,
        ist_token: Option<&str>,
        organization: &Organization,
        member: stytch_models::Member,
        factors: Vec<Factor>,
        requirements: Requirements,
        duration: Option<u32>,
        auto_send_sms: bool,
    ) -> ApiResult<AuthenticateWithMfaResponse> {
        if requirements.satisfied() {
            let token = self.mint_session(ctx, &member.member_id, &organization.organization_id, factors, duration)?;
            if let Some(ist) = ist_token {
                self.ists.remove(ist);
            }
            return self.session_response_with_mfa(ctx, &token);
        }
        let token = ist_token.map(str::to_owned).unwrap_or_else(ids::new_token);
        let expires_ms = self
            .ists
            .get(&token)
            .map(|i| i.expires_ms)
            .unwrap_or(ctx.now + IST_LIFETIME_MS);
        self.ists.insert(
            token.clone(),
            IstRecord {
                email: member.email_address.clone(),
                factors,
                expires_ms,
                organization_id_hint: Some(organization.organization_id.clone()),
            },
        );
        let mut mfa_required = requirements.mfa_required;
        if let Some(mfa) = &mut mfa_required
            && auto_send_sms
            && requirements.primary_required.is_none()
            && member.is_enrolled_in_sms()
            && (member.is_breakglass || organization.allows_mfa_method(&stytch_models::MfaMethod::SmsOtp))
        {
            self.text_code(ctx, organization, &member.member_id, &member.mfa_phone_number.clone());
            mfa.secondary_auth_initiated = Some("sms_otp".into());
        }
        Ok(AuthenticateWithMfaResponse {
            request_id: ids::request_id(),
            status_code: 200,
            member_id: member.member_id.clone(),
            organization_id: organization.organization_id.clone(),
            member,
            organization: organization.clone(),
            member_authenticated: false,
            member_session: None,
            intermediate_session_token: token,
            intermediate_session_token_expires_at: Some(format_rfc3339(expires_ms)),
            mfa_required,
            primary_required: requirements.primary_required,
            ..Default::default()
        })
    }

    /// Whether an organization other than `except` has `slug` (slugs compare case-insensitively).
    pub(crate) fn slug_taken(&self, slug: &str, except: Option<&str>) -> bool {
        self.organizations
            .iter()
            .any(|o| Some(o.organization_id.as_str()) != except && o.organization_slug.eq_ignore_ascii_case(slug))
    }

    /// `slug` if no organization has it, otherwise `slug` with a short random suffix that none has.
    fn free_slug(&self, slug: String) -> String {
        let mut candidate = slug.clone();
        while self.slug_taken(&candidate, None) {
            let suffix: String = ids::new_token()
                .chars()
                .filter(char::is_ascii_alphanumeric)
                .map(|c| c.to_ascii_lowercase())
                .take(4)
                .collect();
            candidate = format!("{slug}-{suffix}");
        }
        candidate
    }

    /// A new organization with Stytch's default policies, validated but not stored.
    pub(crate) fn new_organization(&self, ctx: &Ctx<'_>, name: &str, slug: &str) -> ApiResult<Organization> {
        let name = name.trim();
        if name.is_empty() || name.chars().count() > 128 {
            return Err(ApiError::new(
                400,
                ErrorType::InvalidOrganizationName,
                "organization_name must have 1 to 128 characters.",
            ));
        }
        validate_slug(slug)?;
        if self.slug_taken(slug, None) {
            return Err(ApiError::new(
                400,
                ErrorType::OrganizationSlugAlreadyUsed,
                "The provided organization_slug is already used in another organization.",
            ));
        }
        let at = format_rfc3339(ctx.now);
        Ok(Organization {
            organization_id: ids::new_id("organization"),
            organization_name: name.to_owned(),
            organization_slug: slug.to_owned(),
            sso_jit_provisioning: Restriction::AllAllowed,
            email_jit_provisioning: Restriction::NotAllowed,
            email_invites: Restriction::AllAllowed,
            oauth_tenant_jit_provisioning: Restriction::NotAllowed,
            auth_methods: Restriction::AllAllowed,
            mfa_methods: Restriction::AllAllowed,
            mfa_policy: MfaPolicy::Optional,
            created_at: at.clone(),
            updated_at: at,
            ..Default::default()
        })
    }
}

/// Slug rule: 2 to 128 characters of letters, digits, `-`, `.`, `_`, `~`, at least one letter
/// or digit.
pub fn validate_slug(slug: &str) -> ApiResult<()> {
    let valid_chars = slug.chars().all(|c| c.is_ascii_alphanumeric() || "-._~".contains(c));
    let len = slug.chars().count();
    if (2..=128).contains(&len) && valid_chars && slug.chars().any(|c| c.is_ascii_alphanumeric()) {
        Ok(())
    } else {
        Err(ApiError::new(
            400,
            ErrorType::InvalidOrganizationSlug,
            "organization_slug must be 2 to 128 characters of letters, digits, '-', '.', '_' or '~', with at least one letter or digit.",
        ))
    }
}

/// Default organization name and slug for an email: the domain's first label, or the local
/// part for personal email providers and `.edu` addresses.
fn names_from_email(email: &str) -> (String, String) {
    let (local, domain) = email.split_once('@').unwrap_or((email, ""));
    let personal = COMMON_EMAIL_DOMAINS.contains(&domain) || domain.ends_with(".edu");
    let base = if personal {
        local
    } else {
        domain.split('.').next().unwrap_or(local)
    };
    let slug: String = base
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect::<String>()
        .trim_matches('-')
        .to_owned();
    let slug = if slug.len() < 2 {
        format!("org-{}", &ids::new_token()[..6].to_ascii_lowercase())
    } else {
        slug
    };
    let mut name: Vec<char> = base.chars().collect();
    if let Some(first) = name.first_mut() {
        *first = first.to_ascii_uppercase();
    }
    (name.into_iter().collect(), slug)
}

/// PKCE: with a stored challenge the verifier must hash to it; without one none may be sent.
pub fn check_pkce(challenge: Option<&str>, verifier: Option<&str>) -> ApiResult<()> {
    use base64::Engine;
    match (challenge, verifier.filter(|v| !v.is_empty())) {
        (None, None) => Ok(()),
        (Some(_), None) => Err(ApiError::new(
            400,
            ErrorType::PkceExpectedCodeVerifier,
            "A PKCE code verifier is required.",
        )),
        (None, Some(_)) => Err(ApiError::new(
            400,
            ErrorType::PkceDidNotExpectCodeVerifier,
            "A PKCE code verifier was sent but no challenge was.",
        )),
        (Some(challenge), Some(verifier)) => {
            let digest = Sha256::digest(verifier.as_bytes());
            if base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(digest) == challenge {
                Ok(())
            } else {
                Err(ApiError::new(
                    400,
                    ErrorType::PkceMismatch,
                    "The PKCE code verifier does not match the challenge.",
                ))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_names() {
        assert_eq!(names_from_email("ada@acme.io"), ("Acme".into(), "acme".into()));
        assert_eq!(names_from_email("ada.l@gmail.com"), ("Ada.l".into(), "ada-l".into()));
    }

    #[test]
    fn links_keep_existing_query_strings() {
        assert_eq!(
            link_with_token("http://a/b", "discovery", "t"),
            "http://a/b?stytch_token_type=discovery&token=t"
        );
        assert_eq!(
            link_with_token("http://a/b?x=1", "discovery", "t"),
            "http://a/b?x=1&stytch_token_type=discovery&token=t"
        );
    }

    #[test]
    fn pkce() {
        // RFC 7636 appendix B.
        let verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
        assert!(check_pkce(Some("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"), Some(verifier)).is_ok());
        assert!(check_pkce(Some("nope"), Some(verifier)).is_err());
        assert!(check_pkce(Some("x"), None).is_err());
    }

    #[test]
    fn slugs() {
        assert!(validate_slug("acme-co").is_ok());
        assert!(validate_slug("a").is_err());
        assert!(validate_slug("~~").is_err());
        assert!(validate_slug("with space").is_err());
    }
}
