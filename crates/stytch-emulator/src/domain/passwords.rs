//! Passwords: organization-scoped and discovery authenticate, the strength check (zxcvbn, with
//! Stytch's response shape), and resets by email (organization-scoped and discovery), by the
//! existing password and by session.
//!
//! Hashes are salted SHA-256: enough for a local emulator, never for production.

use sha2::{Digest, Sha256};
use stytch_models::{
    ErrorType, MemberStatus,
    api::{
        discovery::DiscoveryAuthenticateResponse,
        passwords::{
            DiscoveryResetRequest, DiscoveryResetStartRequest, LudsFeedback, PasswordAuthenticateRequest,
            PasswordDiscoveryAuthenticateRequest, ResetByEmailRequest, ResetByEmailStartRequest,
            ResetByExistingPasswordRequest, StrengthCheckRequest, StrengthCheckResponse, ZxcvbnFeedback,
        },
        sessions::{AuthenticateResponse, AuthenticateWithMfaResponse},
    },
    time::format_rfc3339,
};

use super::discovery::{check_pkce, link_minutes, link_with_token};
use super::outbox::Message;
use super::primary::{Continuing, LoginMember};
use super::redirect_urls::{RedirectFlow, RedirectKind};
use super::sessions::check_duration;
use super::store::{Factor, Store, validate_email};
use super::{Ctx, ids};
use crate::error::{ApiError, ApiResult};

/// A few of the most breached passwords; a real deployment checks a breach corpus.
const BREACHED: [&str; 24] = [
    "123456",
    "123456789",
    "12345678",
    "password",
    "qwerty",
    "123123",
    "111111",
    "abc123",
    "password1",
    "1234567",
    "iloveyou",
    "qwerty123",
    "000000",
    "letmein",
    "welcome",
    "monkey",
    "dragon",
    "sunshine",
    "football",
    "princess",
    "admin",
    "passw0rd",
    "password123",
    "welcome1",
];

/// Minimum zxcvbn score for a valid password (Stytch's default policy).
const MIN_SCORE: u8 = 3;
/// LUDS reference policy reported beside zxcvbn: 8 characters, 3 character classes.
const LUDS_MIN_LENGTH: u32 = 8;
const LUDS_MIN_CLASSES: u32 = 3;

/// A member's password.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct PasswordRecord {
    salt: [u8; 16],
    hash: [u8; 32],
    /// A hash imported with `passwords/migrate`, checked instead until the member's next
    /// sign-in re-hashes the password.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    migrated: Option<super::migration::MigratedHash>,
    /// Set by `passwords/email/require_reset`: the password no longer signs in until reset.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    reset_required: bool,
}

impl PasswordRecord {
    fn new(password: &str) -> Self {
        let salt: [u8; 16] = rand::random();
        Self {
            salt,
            hash: hash(&salt, password),
            migrated: None,
            reset_required: false,
        }
    }

    fn matches(&self, password: &str) -> bool {
        match &self.migrated {
            Some(migrated) => migrated.verify(password),
            None => hash(&self.salt, password) == self.hash,
        }
    }
}

fn hash(salt: &[u8], password: &str) -> [u8; 32] {
    let mut digest = Sha256::new();
    digest.update(salt);
    digest.update(password.as_bytes());
    digest.finalize().into()
}

/// A pending password reset link.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct ResetRecord {
    /// Whose password the link resets.
    pub scope: ResetScope,
    /// Expiry (Unix ms).
    pub expires_ms: i64,
    /// Whether the link was used.
    pub used: bool,
}

/// Whose password a reset link resets.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum ResetScope {
    /// One member (`passwords/email/reset/start`, `stytch_token_type=multi_tenant_passwords`).
    Member {
        /// Organization.
        organization_id: String,
        /// Member.
        member_id: String,
        /// PKCE challenge sent with the start (`code_challenge`), checked against the reset's
        /// `code_verifier`. Absent from states exported before it was kept.
        #[serde(default)]
        pkce_code_challenge: Option<String>,
    },
    /// Every membership of an email address (`passwords/discovery/reset/start`,
    /// `stytch_token_type=discovery`), as with cross-organization passwords.
    Discovery {
        /// The address.
        email: String,
        /// PKCE challenge sent with the start, checked against the verifier of the reset.
        pkce_code_challenge: Option<String>,
    },
}

/// What a reset email says and where its link goes.
struct ResetLink<'a> {
    to: String,
    /// The organization's or the project's name, for the subject.
    what: String,
    redirect: Option<&'a str>,
    minutes: Option<u32>,
    token_type: &'static str,
}

fn reset_link_not_found() -> ApiError {
    ApiError::new(
        404,
        ErrorType::MagicLinkNotFound,
        "The password reset link could not be found, was used, or has expired.",
    )
}

/// Rates a password as `passwords/strength_check` does.
pub fn strength(password: &str, email: Option<&str>) -> StrengthCheckResponse {
    let local = email.and_then(|e| e.split('@').next()).unwrap_or_default();
    let inputs: Vec<&str> = email.into_iter().chain([local]).filter(|s| !s.is_empty()).collect();
    let entropy = zxcvbn::zxcvbn(password, &inputs);
    let score = u8::from(entropy.score());
    let (warning, suggestions) = entropy
        .feedback()
        .map(|f| {
            (
                f.warning().map(|w| w.to_string()).unwrap_or_default(),
                f.suggestions().iter().map(ToString::to_string).collect(),
            )
        })
        .unwrap_or_default();
    let has_lower_case = password.chars().any(char::is_lowercase);
    let has_upper_case = password.chars().any(char::is_uppercase);
    let has_digit = password.chars().any(|c| c.is_ascii_digit());
    let has_symbol = password.chars().any(|c| !c.is_alphanumeric());
    let classes = [has_lower_case, has_upper_case, has_digit, has_symbol]
        .iter()
        .filter(|c| **c)
        .count() as u32;
    let breached = BREACHED.contains(&password.to_ascii_lowercase().as_str());
    StrengthCheckResponse {
        request_id: ids::request_id(),
        status_code: 200,
        valid_password: score >= MIN_SCORE && !breached,
        score,
        breached_password: breached,
        breach_detection_on_create: true,
        strength_policy: "zxcvbn".into(),
        zxcvbn_feedback: ZxcvbnFeedback { warning, suggestions },
        luds_feedback: LudsFeedback {
            has_lower_case,
            has_upper_case,
            has_digit,
            has_symbol,
            missing_complexity: LUDS_MIN_CLASSES.saturating_sub(classes),
            missing_characters: LUDS_MIN_LENGTH.saturating_sub(password.chars().count() as u32),
        },
    }
}

fn reset_required() -> ApiError {
    ApiError::new(
        400,
        ErrorType::MemberResetPassword,
        "This member's password must be reset by email before it signs in again.",
    )
}

/// A `passwords/email/require_reset` body.
#[derive(Clone, Debug, Default, serde::Deserialize)]
#[serde(default)]
pub(crate) struct RequireResetRequest {
    email_address: String,
    organization_id: Option<String>,
    member_id: Option<String>,
}

fn wrong_credentials() -> ApiError {
    ApiError::new(
        401,
        ErrorType::UnauthorizedCredentials,
        "The email address or password is not correct.",
    )
}

fn check_new_password(password: &str, email: &str) -> ApiResult<()> {
    let rating = strength(password, Some(email));
    if rating.valid_password {
        return Ok(());
    }
    let reason = if rating.breached_password {
        "This password appears in a data breach; choose another.".to_owned()
    } else if rating.zxcvbn_feedback.warning.is_empty() {
        "The password is too weak; make it longer or less predictable.".to_owned()
    } else {
        format!("The password is too weak: {}", rating.zxcvbn_feedback.warning)
    };
    Err(ApiError::new(400, ErrorType::WeakPassword, reason))
}

impl Store {
    /// Sets a member's password (also used by the demo seed).
    pub(crate) fn set_password(&mut self, member_id: &str, password: &str) -> ApiResult<()> {
        let record = PasswordRecord::new(password);
        let member = self.member_mut(member_id)?;
        if member.member_password_id.is_empty() {
            member.member_password_id = ids::new_id("member-password");
        }
        self.passwords.insert(member_id.to_owned(), record);
        Ok(())
    }

    /// Sets a member's password to a hash imported from another system (`passwords/migrate`).
    pub(crate) fn set_migrated_password(
        &mut self,
        member_id: &str,
        migrated: super::migration::MigratedHash,
    ) -> ApiResult<()> {
        let member = self.member_mut(member_id)?;
        if member.member_password_id.is_empty() {
            member.member_password_id = ids::new_id("member-password");
        }
        let record = PasswordRecord {
            salt: [0; 16],
            hash: [0; 32],
            migrated: Some(migrated),
            reset_required: false,
        };
        self.passwords.insert(member_id.to_owned(), record);
        Ok(())
    }

    fn password_matches(&self, member_id: &str, password: &str) -> bool {
        self.passwords.get(member_id).is_some_and(|p| p.matches(password))
    }

    /// `passwords/email/require_reset` (cross-organization passwords): when one active member
    /// uses the address, its password is deleted; otherwise every membership's password stops
    /// signing in (`member_reset_password`) until reset. The named member, when one is.
    pub(crate) fn require_password_reset(&mut self, request: &RequireResetRequest) -> ApiResult<serde_json::Value> {
        validate_email(&request.email_address)?;
        let email = request.email_address.to_ascii_lowercase();
        let holders: Vec<stytch_models::Member> = self
            .members
            .iter()
            .filter(|m| m.email_address == email && m.status == MemberStatus::Active)
            .cloned()
            .collect();
        let named = match request.organization_id.as_deref().filter(|o| !o.is_empty()) {
            Some(organization_id) => {
                let organization = self.organization(organization_id)?.clone();
                let member = holders
                    .iter()
                    .find(|m| {
                        m.organization_id == organization.organization_id
                            && request
                                .member_id
                                .as_deref()
                                .filter(|id| !id.is_empty())
                                .is_none_or(|id| m.member_id == id || m.external_id.as_deref() == Some(id))
                    })
                    .cloned()
                    .ok_or_else(ApiError::member_not_found)?;
                Some((member, organization))
            }
            None if holders.is_empty() => {
                return Err(ApiError::new(
                    404,
                    ErrorType::EmailNotFound,
                    "No active member of any organization has this email address.",
                ));
            }
            None => None,
        };
        if let [only] = holders.as_slice() {
            self.passwords.remove(&only.member_id);
            if let Ok(member) = self.member_mut(&only.member_id) {
                member.member_password_id.clear();
            }
        } else {
            for holder in &holders {
                if let Some(record) = self.passwords.get_mut(&holder.member_id) {
                    record.reset_required = true;
                }
            }
        }
        let mut answer = serde_json::json!({ "request_id": ids::request_id(), "status_code": 200 });
        if let Some((member, organization)) = named {
            let member = self.member(&organization.organization_id, &member.member_id)?.clone();
            answer["member_id"] = serde_json::json!(member.member_id);
            answer["member"] = serde_json::json!(member);
            answer["organization"] = serde_json::json!(organization);
        }
        Ok(answer)
    }

    /// After a sign-in with an imported hash, keeps the password the emulator's own way, as
    /// Stytch re-hashes a migrated password once it has seen it.
    fn rehash_migrated(&mut self, member_id: &str, password: &str) {
        if let Some(record) = self.passwords.get_mut(member_id)
            && record.migrated.is_some()
        {
            *record = PasswordRecord::new(password);
        }
    }

    /// `passwords/authenticate`: a returning password does not verify the email.
    pub(crate) fn authenticate_password(
        &mut self,
        ctx: &Ctx<'_>,
        request: &PasswordAuthenticateRequest,
        continuing: Continuing<'_>,
    ) -> ApiResult<AuthenticateWithMfaResponse> {
        let duration = check_duration(request.session_duration_minutes)?;
        validate_email(&request.email_address)?;
        let organization = self.organization(&request.organization_id)?.clone();
        let member = self
            .member_by_email(&organization.organization_id, &request.email_address)
            .cloned()
            .filter(|m| self.password_matches(&m.member_id, &request.password))
            .ok_or_else(wrong_credentials)?;
        if BREACHED.contains(&request.password.to_ascii_lowercase().as_str()) {
            return Err(ApiError::new(
                400,
                ErrorType::MemberResetPassword,
                "This password appears in a data breach; reset it by email.",
            ));
        }
        if self.passwords.get(&member.member_id).is_some_and(|p| p.reset_required) {
            return Err(reset_required());
        }
        self.rehash_migrated(&member.member_id, &request.password);
        let login = LoginMember { member, join: None };
        self.authenticate_primary(
            ctx,
            &organization,
            login,
            Factor::password(false, ctx.now),
            continuing,
            duration,
        )
    }

    /// `passwords/discovery/authenticate` (cross-organization passwords): any membership of
    /// this email whose password matches.
    pub(crate) fn authenticate_password_discovery(
        &mut self,
        ctx: &Ctx<'_>,
        request: &PasswordDiscoveryAuthenticateRequest,
    ) -> ApiResult<DiscoveryAuthenticateResponse> {
        validate_email(&request.email_address)?;
        let email = request.email_address.to_ascii_lowercase();
        let matches = self.members.iter().any(|m| {
            m.email_address == email
                && m.status != MemberStatus::Deleted
                && self.password_matches(&m.member_id, &request.password)
        });
        if !matches {
            return Err(wrong_credentials());
        }
        let reset_first = self.members.iter().any(|m| {
            m.email_address == email
                && m.status != MemberStatus::Deleted
                && self.passwords.get(&m.member_id).is_some_and(|p| p.reset_required)
        });
        if reset_first {
            return Err(reset_required());
        }
        Ok(self.start_discovery(ctx, &email, Factor::password(false, ctx.now)))
    }

    /// `passwords/email/reset/start`: emails a reset link
    /// (`stytch_token_type=multi_tenant_passwords`).
    pub(crate) fn start_password_reset(&mut self, ctx: &Ctx<'_>, request: &ResetByEmailStartRequest) -> ApiResult<()> {
        validate_email(&request.email_address)?;
        let organization = self.organization(&request.organization_id)?.clone();
        let member = self
            .member_by_email(&organization.organization_id, &request.email_address)
            .cloned()
            .ok_or_else(|| {
                ApiError::new(
                    404,
                    ErrorType::EmailNotFound,
                    "No member of this organization has this email address.",
                )
            })?;
        let scope = ResetScope::Member {
            organization_id: organization.organization_id.clone(),
            member_id: member.member_id.clone(),
            pkce_code_challenge: request.code_challenge.clone().filter(|c| !c.is_empty()),
        };
        let reset = ResetLink {
            to: member.email_address,
            what: organization.organization_name,
            redirect: request.reset_password_redirect_url.as_deref(),
            minutes: request.reset_password_expiration_minutes,
            token_type: "multi_tenant_passwords",
        };
        self.send_reset_link(ctx, scope, reset)
    }

    /// `passwords/discovery/reset/start`: emails a reset link for every membership of the
    /// address (`stytch_token_type=discovery`, `stytch_redirect_type=reset_password`).
    pub(crate) fn start_discovery_password_reset(
        &mut self,
        ctx: &Ctx<'_>,
        request: &DiscoveryResetStartRequest,
    ) -> ApiResult<()> {
        validate_email(&request.email_address)?;
        let email = request.email_address.to_ascii_lowercase();
        if !self
            .members
            .iter()
            .any(|m| m.email_address == email && m.status != MemberStatus::Deleted)
        {
            return Err(ApiError::new(
                404,
                ErrorType::EmailNotFound,
                "No member of any organization has this email address.",
            ));
        }
        let scope = ResetScope::Discovery {
            email: email.clone(),
            pkce_code_challenge: request.pkce_code_challenge.clone().filter(|c| !c.is_empty()),
        };
        let reset = ResetLink {
            to: email,
            what: self.project.name.clone(),
            redirect: request.reset_password_redirect_url.as_deref(),
            minutes: request.reset_password_expiration_minutes,
            token_type: "discovery",
        };
        self.send_reset_link(ctx, scope, reset)
    }

    /// Records a reset token and emails its link.
    fn send_reset_link(&mut self, ctx: &Ctx<'_>, scope: ResetScope, reset: ResetLink<'_>) -> ApiResult<()> {
        let redirect = self.redirect_url(reset.redirect, RedirectKind::ResetPassword, RedirectFlow::MagicLink)?;
        let minutes = link_minutes(reset.minutes, 30, "reset_password_expiration_minutes")?;
        let token = ids::new_token();
        self.password_resets.insert(
            token.clone(),
            ResetRecord {
                scope,
                expires_ms: ctx.now + i64::from(minutes) * 60_000,
                used: false,
            },
        );
        let separator = if redirect.contains('?') { '&' } else { '?' };
        let base = format!("{redirect}{separator}stytch_redirect_type=reset_password");
        let link = link_with_token(&base, reset.token_type, &token);
        let what = reset.what;
        self.deliver(Message {
            to: reset.to,
            channel: "email".into(),
            subject: Some(format!("Reset your {what} password")),
            body: format!(
                "Click the link below to choose a new password. It expires in {minutes} minutes.\n\n{link}\n"
            ),
            link: Some(link),
            token: Some(token),
            code: None,
            created_at: format_rfc3339(ctx.now),
        });
        Ok(())
    }

    /// The unexpired, unused reset record for `token`, if `scope_of` accepts its scope.
    fn reset_record<T>(&self, ctx: &Ctx<'_>, token: &str, scope_of: impl Fn(&ResetScope) -> Option<T>) -> ApiResult<T> {
        self.password_resets
            .get(token)
            .filter(|r| r.expires_ms > ctx.now && !r.used)
            .and_then(|r| scope_of(&r.scope))
            .ok_or_else(reset_link_not_found)
    }

    /// `passwords/discovery/reset`: sets the new password on every membership of the address,
    /// signs those members out everywhere, and starts discovery (an IST, the organizations).
    pub(crate) fn reset_discovery_password(
        &mut self,
        ctx: &Ctx<'_>,
        request: &DiscoveryResetRequest,
    ) -> ApiResult<DiscoveryAuthenticateResponse> {
        let (email, challenge) = self.reset_record(ctx, &request.password_reset_token, |scope| match scope {
            ResetScope::Discovery {
                email,
                pkce_code_challenge,
            } => Some((email.clone(), pkce_code_challenge.clone())),
            ResetScope::Member { .. } => None,
        })?;
        check_pkce(challenge.as_deref(), request.pkce_code_verifier.as_deref())?;
        check_new_password(&request.password, &email)?;
        if let Some(r) = self.password_resets.get_mut(&request.password_reset_token) {
            r.used = true;
        }
        let members: Vec<String> = self
            .members
            .iter()
            .filter(|m| m.email_address == email && m.status != MemberStatus::Deleted)
            .map(|m| m.member_id.clone())
            .collect();
        for member_id in &members {
            self.set_password(member_id, &request.password)?;
            self.revoke_member_sessions(member_id);
        }
        Ok(self.start_discovery(ctx, &email, Factor::password(true, ctx.now)))
    }

    /// `passwords/email/reset`: sets the new password, verifies the email (the link came by
    /// email), signs the member out everywhere and signs them in.
    pub(crate) fn reset_password_by_email(
        &mut self,
        ctx: &Ctx<'_>,
        request: &ResetByEmailRequest,
        continuing: Continuing<'_>,
    ) -> ApiResult<AuthenticateWithMfaResponse> {
        let duration = check_duration(request.session_duration_minutes)?;
        let (organization_id, member_id, challenge) =
            self.reset_record(ctx, &request.password_reset_token, |scope| match scope {
                ResetScope::Member {
                    organization_id,
                    member_id,
                    pkce_code_challenge,
                } => Some((organization_id.clone(), member_id.clone(), pkce_code_challenge.clone())),
                ResetScope::Discovery { .. } => None,
            })?;
        check_pkce(challenge.as_deref(), request.code_verifier.as_deref())?;
        let organization = self.organization(&organization_id)?.clone();
        let member = self.member(&organization.organization_id, &member_id)?.clone();
        check_new_password(&request.password, &member.email_address)?;
        if let Some(r) = self.password_resets.get_mut(&request.password_reset_token) {
            r.used = true;
        }
        self.set_password(&member.member_id, &request.password)?;
        self.revoke_member_sessions(&member.member_id);
        let member = self.member(&organization.organization_id, &member_id)?.clone();
        let email_id = ids::new_id("email");
        let login = LoginMember { member, join: None };
        let mut response = self.authenticate_primary(
            ctx,
            &organization,
            login,
            Factor::password(true, ctx.now),
            continuing,
            duration,
        )?;
        response.member_email_id = Some(email_id);
        Ok(response)
    }

    /// `passwords/existing_password/reset`.
    pub(crate) fn reset_password_by_existing(
        &mut self,
        ctx: &Ctx<'_>,
        request: &ResetByExistingPasswordRequest,
    ) -> ApiResult<AuthenticateWithMfaResponse> {
        let duration = check_duration(request.session_duration_minutes)?;
        validate_email(&request.email_address)?;
        let organization = self.organization(&request.organization_id)?.clone();
        let member = self
            .member_by_email(&organization.organization_id, &request.email_address)
            .cloned()
            .filter(|m| self.password_matches(&m.member_id, &request.existing_password))
            .ok_or_else(wrong_credentials)?;
        check_new_password(&request.new_password, &member.email_address)?;
        self.set_password(&member.member_id, &request.new_password)?;
        self.revoke_member_sessions(&member.member_id);
        let member = self.member(&organization.organization_id, &member.member_id)?.clone();
        let login = LoginMember { member, join: None };
        self.authenticate_primary(
            ctx,
            &organization,
            login,
            Factor::password(false, ctx.now),
            Continuing::default(),
            duration,
        )
    }

    /// `passwords/session/reset`: a signed-in member sets a new password; the session stays.
    pub(crate) fn reset_password_by_session(
        &mut self,
        ctx: &Ctx<'_>,
        session_token: &str,
        password: &str,
    ) -> ApiResult<AuthenticateResponse> {
        let record = self.live_session(session_token, ctx.now)?.clone();
        let member = self
            .member(&record.session.organization_id, &record.session.member_id)?
            .clone();
        check_new_password(password, &member.email_address)?;
        self.set_password(&member.member_id, password)?;
        self.session_response(ctx, session_token)
    }
}

/// `passwords/strength_check`.
pub fn strength_check(request: &StrengthCheckRequest) -> StrengthCheckResponse {
    strength(&request.password, request.email_address.as_deref())
}

#[cfg(test)]
mod tests {
    use super::strength;

    #[test]
    fn zxcvbn_rates_like_stytch() {
        let weak = strength("password", None);
        assert!(!weak.valid_password && weak.breached_password && weak.score <= 1);
        assert!(!weak.zxcvbn_feedback.warning.is_empty());
        let email = strength("ada.lovelace1815", Some("ada.lovelace@example.com"));
        assert!(
            email.score < 3,
            "a password built from the email is weak: {}",
            email.score
        );
        let strong = strength("correct horse battery staple 42!", None);
        assert!(strong.valid_password && strong.score >= 3);
        assert!(strong.luds_feedback.has_lower_case && strong.luds_feedback.has_symbol);
        assert_eq!(strength("Ab1", None).luds_feedback.missing_characters, 5);
    }
}
