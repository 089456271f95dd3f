//! Member sessions: minting, authenticating (by token or JWT), extending and revoking.

use stytch_models::{
    AuthenticationFactor, ErrorType, MemberSession, OrganizationClaim, SessionAttributes, SessionClaim,
    SessionJwtClaims,
    api::sessions::{AuthenticateResponse, AuthenticateWithMfaResponse, AuthorizationCheck, AuthorizationVerdict},
    time::format_rfc3339,
};

use super::claim_templates::removed_after;
use super::store::{Factor, SessionRecord, Store};
use super::{Ctx, ids};
use crate::error::{ApiError, ApiResult};

/// Session lengths Stytch accepts.
pub const SESSION_MINUTES: std::ops::RangeInclusive<u32> = 5..=527_040;
/// Default session length when none is given.
pub const DEFAULT_SESSION_MINUTES: u32 = 60;
/// JWTs live 5 minutes.
pub const JWT_LIFETIME_SECONDS: i64 = 300;

/// Checks `session_duration_minutes`.
pub fn check_duration(minutes: Option<u32>) -> ApiResult<Option<u32>> {
    match minutes {
        Some(m) if !SESSION_MINUTES.contains(&m) => Err(ApiError::new(
            400,
            stytch_models::ErrorType::InvalidSessionDurationMinutes,
            "session_duration_minutes must be between 5 and 527040.",
        )),
        other => Ok(other),
    }
}

/// JWT claim names Stytch keeps for itself: custom claims of these names are dropped.
const RESERVED_CLAIMS: [&str; 7] = ["iss", "sub", "aud", "exp", "nbf", "iat", "jti"];
/// The largest a session's custom claims may be, as JSON.
pub const MAX_CUSTOM_CLAIMS_BYTES: usize = 4096;

/// A session's custom claims after `session_custom_claims`, as Stytch merges them: each key is
/// added or replaced, a `null` value removes its key, and the registered JWT claim names and
/// Stytch's own (`https://stytch.com/…`) are ignored. More than 4 KB of claims is
/// `bad_request`, and nothing is merged.
pub fn merge_custom_claims(
    current: Option<&serde_json::Map<String, serde_json::Value>>,
    changes: &serde_json::Map<String, serde_json::Value>,
) -> ApiResult<Option<serde_json::Map<String, serde_json::Value>>> {
    let mut merged = current.cloned().unwrap_or_default();
    for (key, value) in changes {
        if RESERVED_CLAIMS.contains(&key.as_str()) || key.starts_with("https://stytch.com/") {
            continue;
        }
        if value.is_null() {
            merged.remove(key);
        } else {
            merged.insert(key.clone(), value.clone());
        }
    }
    let size = serde_json::to_string(&merged).map_or(usize::MAX, |text| text.len());
    if size > MAX_CUSTOM_CLAIMS_BYTES {
        return Err(ApiError::new(
            400,
            ErrorType::Unknown("custom_claims_too_large".into()),
            format!(
                "A session's custom claims may total at most {MAX_CUSTOM_CLAIMS_BYTES} bytes of JSON; these would be {size}."
            ),
        ));
    }
    Ok((!merged.is_empty()).then_some(merged))
}

/// How a caller identifies a session.
#[derive(Clone, Debug, PartialEq)]
pub enum SessionCredential {
    /// Opaque token.
    Token(String),
    /// JWT (may be expired).
    Jwt(String),
}

impl SessionCredential {
    /// Exactly one of token and JWT (`too_many_session_arguments` / `no_session_arguments`).
    pub fn from_pair(token: Option<String>, jwt: Option<String>) -> ApiResult<Self> {
        match (token.filter(|t| !t.is_empty()), jwt.filter(|j| !j.is_empty())) {
            (Some(_), Some(_)) => Err(ApiError::new(
                400,
                stytch_models::ErrorType::TooManySessionArguments,
                "Only one of session_token or session_jwt may be passed.",
            )),
            (Some(token), None) => Ok(Self::Token(token)),
            (None, Some(jwt)) => Ok(Self::Jwt(jwt)),
            (None, None) => Err(ApiError::no_session_arguments(
                "One of session_token or session_jwt must be passed.",
            )),
        }
    }
}

impl Store {
    /// The opaque token of the live session a credential names.
    pub(crate) fn resolve_session(&self, ctx: &Ctx<'_>, credential: &SessionCredential) -> ApiResult<String> {
        let token = match credential {
            SessionCredential::Token(token) => token.clone(),
            SessionCredential::Jwt(jwt) => {
                let claims = ctx
                    .signer
                    .verify(jwt, &self.project.project_id, false)
                    .ok_or_else(ApiError::session_not_found)?;
                self.session_ids
                    .get(&claims.session.id)
                    .cloned()
                    .ok_or_else(ApiError::session_not_found)?
            }
        };
        self.live_session(&token, ctx.now)?;
        Ok(token)
    }

    /// Effective roles of a member's session: the role IDs the member holds now, directly or
    /// implicitly, with `stytch_member` first; a role held only through a SAML connection (or
    /// one of its groups) counts only for a session that signed in through that connection.
    pub(crate) fn session_roles(&self, member_id: &str, factors: &[AuthenticationFactor]) -> Vec<String> {
        let mut roles: Vec<String> = self
            .members
            .iter()
            .find(|m| m.member_id == member_id)
            .map(|m| {
                m.roles
                    .iter()
                    .filter(|r| r.sources.iter().any(|s| super::sso::sso_role_applies(s, factors)))
                    .map(|r| r.role_id.clone())
                    .collect()
            })
            .unwrap_or_default();
        if !roles.iter().any(|r| r == "stytch_member") {
            roles.insert(0, "stytch_member".into());
        }
        roles
    }

    /// Gives every session of a member the member's current roles, after they may have
    /// changed: a role granted or taken away shows in the sessions' next answers and JWTs and
    /// in every RBAC check, as Stytch's do. The store calls it wherever a member is stored, and
    /// a step-up calls it for the session it adds a factor to.
    pub(crate) fn sync_session_roles(&mut self, member_id: &str) {
        let updates: Vec<(String, Vec<String>)> = self
            .sessions
            .iter()
            .filter(|(_, r)| r.session.member_id == member_id)
            .map(|(token, r)| {
                (
                    token.clone(),
                    self.session_roles(member_id, &r.session.authentication_factors),
                )
            })
            .collect();
        for (token, roles) in updates {
            if let Some(record) = self.sessions.get_mut(&token) {
                record.session.roles = roles;
            }
        }
    }

    /// Starts a session for a member with these factors, and the request's custom claims.
    pub(crate) fn mint_session(
        &mut self,
        ctx: &Ctx<'_>,
        member_id: &str,
        organization_id: &str,
        factors: Vec<Factor>,
        duration_minutes: Option<u32>,
    ) -> ApiResult<String> {
        let minutes = check_duration(duration_minutes)?.unwrap_or(DEFAULT_SESSION_MINUTES);
        let custom_claims = match ctx.session_custom_claims {
            Some(changes) => merge_custom_claims(None, changes)?,
            None => None,
        };
        let organization = self.organization(organization_id)?.clone();
        let now = ctx.now;
        let expires_ms = now + i64::from(minutes) * 60_000;
        let session = MemberSession {
            member_session_id: ids::new_id("session"),
            member_id: member_id.into(),
            organization_id: organization.organization_id.clone(),
            organization_slug: organization.organization_slug.clone(),
            started_at: format_rfc3339(now),
            last_accessed_at: format_rfc3339(now),
            expires_at: format_rfc3339(expires_ms),
            authentication_factors: factors.iter().map(|f| f.wire.clone()).collect(),
            roles: self.session_roles(member_id, &factors.iter().map(|f| f.wire.clone()).collect::<Vec<_>>()),
            custom_claims,
        };
        let token = ids::new_token();
        self.session_ids
            .insert(session.member_session_id.clone(), token.clone());
        self.sessions.insert(
            token.clone(),
            SessionRecord {
                token: token.clone(),
                session,
                factors,
                expires_ms,
                revoked: false,
                removed_claims: ctx
                    .session_custom_claims
                    .map(|changes| removed_after(&[], changes))
                    .unwrap_or_default(),
            },
        );
        Ok(token)
    }

    /// Adds a completed factor to a live session (a step-up), bumping `last_accessed_at` and,
    /// with `duration`, setting the expiry that many minutes from now; the request's
    /// `session_custom_claims` are merged into the session's ("to update a key in an existing
    /// Session, supply a new value; to delete a key, supply a null value"), checked first.
    pub(crate) fn add_factor(
        &mut self,
        ctx: &Ctx<'_>,
        token: &str,
        factor: Factor,
        duration: Option<u32>,
    ) -> ApiResult<()> {
        let record = self.sessions.get_mut(token).ok_or_else(ApiError::session_not_found)?;
        if let Some(changes) = ctx.session_custom_claims {
            record.session.custom_claims = merge_custom_claims(record.session.custom_claims.as_ref(), changes)?;
            record.removed_claims = removed_after(&record.removed_claims, changes);
        }
        record.session.authentication_factors.push(factor.wire.clone());
        record.factors.push(factor);
        record.session.last_accessed_at = format_rfc3339(ctx.now);
        if let Some(minutes) = duration.filter(|_| !record.impersonated()) {
            record.expires_ms = ctx.now + i64::from(minutes) * 60_000;
            record.session.expires_at = format_rfc3339(record.expires_ms);
        }
        // A factor from a SAML connection brings the roles that connection grants.
        let member_id = record.session.member_id.clone();
        self.sync_session_roles(&member_id);
        Ok(())
    }

    /// A signed JWT for a session.
    pub(crate) fn session_jwt(&self, ctx: &Ctx<'_>, session: &MemberSession) -> ApiResult<String> {
        sign(ctx.signer, &self.session_claims(ctx, session))
    }

    /// The claims of a session's next JWT.
    pub(crate) fn session_claims(&self, ctx: &Ctx<'_>, session: &MemberSession) -> SessionJwtClaims {
        let iat = ctx.now / 1000;
        let project_id = &self.project.project_id;
        SessionJwtClaims {
            iss: format!("stytch.com/{project_id}"),
            aud: vec![project_id.clone()],
            sub: session.member_id.clone(),
            iat,
            nbf: iat,
            exp: iat + JWT_LIFETIME_SECONDS,
            session: SessionClaim {
                id: session.member_session_id.clone(),
                started_at: session.started_at.clone(),
                last_accessed_at: session.last_accessed_at.clone(),
                expires_at: session.expires_at.clone(),
                attributes: SessionAttributes::default(),
                authentication_factors: session.authentication_factors.clone(),
                roles: session.roles.clone(),
            },
            organization: OrganizationClaim {
                organization_id: session.organization_id.clone(),
                slug: session.organization_slug.clone(),
            },
            custom_claims: self.shown_claims(session).unwrap_or_default(),
        }
    }

    /// The full response for a session (fresh JWT, current member and organization).
    pub(crate) fn session_response(&self, ctx: &Ctx<'_>, token: &str) -> ApiResult<AuthenticateResponse> {
        let record = self.live_session(token, ctx.now)?;
        let mut session = record.session.clone();
        let member = self.member(&session.organization_id, &session.member_id)?.clone();
        let organization = self.organization(&session.organization_id)?.clone();
        let session_jwt = self.session_jwt(ctx, &session)?;
        session.custom_claims = self.shown_claims(&session);
        Ok(AuthenticateResponse {
            request_id: ids::request_id(),
            status_code: 200,
            member_id: member.member_id.clone(),
            session_jwt,
            member_session: session,
            session_token: token.to_owned(),
            member,
            organization,
            verdict: None,
        })
    }

    /// The same session as an authenticate-with-MFA response (`member_authenticated: true`).
    pub(crate) fn session_response_with_mfa(
        &self,
        ctx: &Ctx<'_>,
        token: &str,
    ) -> ApiResult<AuthenticateWithMfaResponse> {
        let r = self.session_response(ctx, token)?;
        Ok(AuthenticateWithMfaResponse {
            request_id: r.request_id,
            status_code: 200,
            member_id: r.member_id,
            organization_id: r.organization.organization_id.clone(),
            member: r.member,
            organization: r.organization,
            member_authenticated: true,
            member_session: Some(r.member_session),
            session_token: r.session_token,
            session_jwt: r.session_jwt,
            ..Default::default()
        })
    }

    /// `sessions/authenticate`: confirms a session, bumps `last_accessed_at`, optionally sets the
    /// expiry to `duration` minutes from now, merges `custom_claims` (the backend's
    /// `session_custom_claims`; checked by `merge_custom_claims`), and mints a fresh JWT.
    pub(crate) fn authenticate_session(
        &mut self,
        ctx: &Ctx<'_>,
        credential: &SessionCredential,
        duration: Option<u32>,
        custom_claims: Option<&serde_json::Map<String, serde_json::Value>>,
    ) -> ApiResult<AuthenticateResponse> {
        let (mut response, claims) = self.authenticate_session_unsigned(ctx, credential, duration, custom_claims)?;
        response.session_jwt = sign(ctx.signer, &claims)?;
        Ok(response)
    }

    /// `authenticate_session` with the JWT left empty and its claims returned beside the
    /// answer, so the caller signs it after releasing the store (RSA signing is the costliest
    /// step of a refresh; done under the lock it would serialise every request on one core).
    pub(crate) fn authenticate_session_unsigned(
        &mut self,
        ctx: &Ctx<'_>,
        credential: &SessionCredential,
        duration: Option<u32>,
        custom_claims: Option<&serde_json::Map<String, serde_json::Value>>,
    ) -> ApiResult<(AuthenticateResponse, SessionJwtClaims)> {
        let duration = check_duration(duration)?;
        let token = self.resolve_session(ctx, credential)?;
        let live = &self.live_session(&token, ctx.now)?.session;
        // Checked before anything changes, so a refused claim leaves the session as it was.
        let merged_claims = custom_claims
            .map(|changes| merge_custom_claims(live.custom_claims.as_ref(), changes))
            .transpose()?;
        let record = self.sessions.get_mut(&token).ok_or_else(ApiError::session_not_found)?;
        if let Some(claims) = merged_claims {
            record.session.custom_claims = claims;
        }
        if let Some(changes) = custom_claims {
            record.removed_claims = removed_after(&record.removed_claims, changes);
        }
        record.session.last_accessed_at = format_rfc3339(ctx.now);
        if let Some(minutes) = duration.filter(|_| !record.impersonated()) {
            record.expires_ms = ctx.now + i64::from(minutes) * 60_000;
            record.session.expires_at = format_rfc3339(record.expires_ms);
        }
        let record = self.live_session(&token, ctx.now)?;
        let mut session = record.session.clone();
        let claims = self.session_claims(ctx, &session);
        session.custom_claims = Some(claims.custom_claims.clone()).filter(|c| !c.is_empty());
        let member = self.member(&session.organization_id, &session.member_id)?.clone();
        let organization = self.organization(&session.organization_id)?.clone();
        let response = AuthenticateResponse {
            request_id: ids::request_id(),
            status_code: 200,
            member_id: member.member_id.clone(),
            session_jwt: String::new(),
            member_session: session,
            session_token: token,
            member,
            organization,
            verdict: None,
        };
        Ok((response, claims))
    }

    /// Whether `session`'s roles may perform `action` on `resource_id` under the project's RBAC
    /// policy and its organization's custom roles: some held role has a permission on the
    /// resource listing the action or `*` (model §1.7).
    pub(crate) fn permits(&self, session: &MemberSession, resource_id: &str, action: &str) -> bool {
        !self.granting_roles(session, resource_id, action).is_empty()
    }

    /// The live session behind `credential`, if its roles grant every permission asked
    /// (resource, action); `session_authorization_error` (403) naming the first missing one otherwise.
    /// How the RBAC-enforced endpoints check.
    pub(crate) fn permitted_session(
        &self,
        ctx: &Ctx<'_>,
        credential: &SessionCredential,
        permissions: &[(&str, &str)],
    ) -> ApiResult<MemberSession> {
        let session = self.member_session(ctx, credential)?;
        self.require(&session, permissions)?;
        Ok(session)
    }

    /// The live session behind `credential`, for checks whose permissions depend on it
    /// ([`require`](Self::require) them next).
    pub(crate) fn member_session(&self, ctx: &Ctx<'_>, credential: &SessionCredential) -> ApiResult<MemberSession> {
        let token = self.resolve_session(ctx, credential)?;
        Ok(self.live_session(&token, ctx.now)?.session.clone())
    }

    /// `session_authorization_error` (403) naming the first permission the session's roles lack:
    /// the SDK's RBAC-enforced methods and the backend's calls made with a member session.
    pub(crate) fn require(&self, session: &MemberSession, permissions: &[(&str, &str)]) -> ApiResult<()> {
        match permissions
            .iter()
            .find(|(resource_id, action)| !self.permits(session, resource_id, action))
        {
            Some((resource_id, action)) => Err(ApiError::new(
                403,
                ErrorType::SessionAuthorizationError,
                format!("The member's roles do not allow {resource_id}: {action}."),
            )),
            None => Ok(()),
        }
    }

    fn granting_roles(&self, session: &MemberSession, resource_id: &str, action: &str) -> Vec<String> {
        let custom_roles = self
            .organizations
            .iter()
            .find(|o| o.organization_id == session.organization_id)
            .map(|o| o.custom_roles.as_slice())
            .unwrap_or_default();
        self.project
            .rbac_policy
            .roles
            .iter()
            .chain(custom_roles)
            .filter(|r| session.roles.contains(&r.role_id))
            .filter(|r| {
                r.permissions
                    .iter()
                    .any(|p| p.resource_id == resource_id && p.actions.iter().any(|a| a == action || a == "*"))
            })
            .map(|r| r.role_id.clone())
            .collect()
    }

    /// The backend's `authorization_check`: the session must belong to the organization named
    /// (`session_authorization_tenancy_error` otherwise) and hold a role granting the action
    /// (`session_authorization_error`), both 403 as Stytch's error reference gives them.
    /// Checked before the session is touched.
    pub(crate) fn check_authorization(
        &self,
        ctx: &Ctx<'_>,
        credential: &SessionCredential,
        check: &AuthorizationCheck,
    ) -> ApiResult<AuthorizationVerdict> {
        let session = self.member_session(ctx, credential)?;
        if session.organization_id != check.organization_id {
            return Err(tenancy_error(
                "The session belongs to another organization than the authorization check names.",
            ));
        }
        let granting_roles = self.granting_roles(&session, &check.resource_id, &check.action);
        if granting_roles.is_empty() {
            return Err(ApiError::new(
                403,
                ErrorType::SessionAuthorizationError,
                format!(
                    "The member's roles do not allow {}: {}.",
                    check.resource_id, check.action
                ),
            ));
        }
        Ok(AuthorizationVerdict {
            authorized: true,
            granting_roles,
        })
    }

    /// Revokes one session.
    pub(crate) fn revoke_session(&mut self, ctx: &Ctx<'_>, credential: &SessionCredential) -> ApiResult<()> {
        let token = self.resolve_session(ctx, credential)?;
        if let Some(record) = self.sessions.get_mut(&token) {
            record.revoked = true;
        }
        Ok(())
    }

    /// The organization of the live session behind `credential`, for checks made before
    /// revoking it.
    pub(crate) fn session_organization(&self, ctx: &Ctx<'_>, credential: &SessionCredential) -> ApiResult<String> {
        let token = self.resolve_session(ctx, credential)?;
        self.sessions
            .get(&token)
            .map(|record| record.session.organization_id.clone())
            .ok_or_else(ApiError::session_not_found)
    }

    /// The organization of a member, by the member's globally unique ID (`member_not_found`).
    pub(crate) fn member_organization(&self, member_id: &str) -> ApiResult<String> {
        self.members
            .iter()
            .find(|m| m.member_id == member_id)
            .map(|m| m.organization_id.clone())
            .ok_or_else(ApiError::member_not_found)
    }

    /// Revokes every session of a member of `organization_id` (`member_not_found` when the
    /// organization has no such member, so one organization cannot sign out another's members).
    pub(crate) fn sign_out_member(&mut self, organization_id: &str, member_id: &str) -> ApiResult<()> {
        let member_id = self.member(organization_id, member_id)?.member_id.clone();
        self.revoke_member_sessions(&member_id);
        Ok(())
    }

    /// Revokes the member's sessions that hold an SSO factor from one of `connection_ids`.
    pub(crate) fn revoke_sso_sessions(&mut self, member_id: &str, connection_ids: &[String]) {
        if connection_ids.is_empty() {
            return;
        }
        let through = |factor: &stytch_models::AuthenticationFactor| {
            [&factor.saml_sso_factor, &factor.oidc_sso_factor]
                .into_iter()
                .flatten()
                .any(|sso| connection_ids.contains(&sso.provider_id))
        };
        for record in self.sessions.values_mut().filter(|r| r.session.member_id == member_id) {
            if record.session.authentication_factors.iter().any(through) {
                record.revoked = true;
            }
        }
    }

    /// Revokes every session of a member.
    pub(crate) fn revoke_member_sessions(&mut self, member_id: &str) {
        for record in self.sessions.values_mut().filter(|r| r.session.member_id == member_id) {
            record.revoked = true;
        }
    }
}

impl Store {
    /// `sessions/exchange`: a session in another organization the member belongs to (an
    /// invitation is accepted; joining by email domain is not possible). Email, OAuth and SMS
    /// factors carry over (SMS only to a member with the same verified phone); passwords, TOTP
    /// and recovery codes do not. When the target needs more, the answer carries an IST.
    pub(crate) fn exchange_session(
        &mut self,
        ctx: &Ctx<'_>,
        credential: &SessionCredential,
        organization_id: &str,
        duration: Option<u32>,
    ) -> ApiResult<AuthenticateWithMfaResponse> {
        use super::policy::{Evaluation, Verification, evaluate};
        use super::store::FactorKind;
        use stytch_models::{ErrorType, MemberStatus, MfaMethod};

        let duration = check_duration(duration)?;
        let token = self.resolve_session(ctx, credential)?;
        let record = self.live_session(&token, ctx.now)?.clone();
        let source = self
            .member(&record.session.organization_id, &record.session.member_id)?
            .clone();
        let organization = self.organization(organization_id)?.clone();
        let Some(target) = self
            .member_by_email(&organization.organization_id, &source.email_address)
            .cloned()
        else {
            return Err(ApiError::new(
                404,
                ErrorType::MemberNotFound,
                "The member does not belong to the target organization; sessions cannot join organizations by email domain.",
            ));
        };
        let factors: Vec<Factor> = record
            .factors
            .iter()
            .filter(|f| match &f.kind {
                FactorKind::Primary { method, .. } => *method != stytch_models::AuthMethod::Password,
                FactorKind::Secondary {
                    method: MfaMethod::SmsOtp,
                    ..
                } => {
                    target.mfa_phone_number_verified
                        && !target.mfa_phone_number.is_empty()
                        && target.mfa_phone_number == source.mfa_phone_number
                }
                // An impersonator's access stays in the organization they were let into.
                FactorKind::Secondary { .. } | FactorKind::Impersonated | FactorKind::TrustedAuthToken => false,
            })
            .map(|f| match &f.kind {
                FactorKind::Secondary { method, .. } => Factor {
                    wire: f.wire.clone(),
                    kind: FactorKind::Secondary {
                        method: method.clone(),
                        member_id: target.member_id.clone(),
                    },
                    oauth_tenant: None,
                },
                FactorKind::Primary { .. } | FactorKind::Impersonated | FactorKind::TrustedAuthToken => f.clone(),
            })
            .collect();
        let requirements = evaluate(&Evaluation {
            organization: &organization,
            member: &target,
            factors: &factors,
            email_verification: Verification::AsMember,
            has_session_of_member: false,
        });
        if requirements.satisfied() && target.status == MemberStatus::Invited {
            let member = self.member_mut(&target.member_id)?;
            member.status = MemberStatus::Active;
            member.updated_at = format_rfc3339(ctx.now);
        }
        let target = self.member(&organization.organization_id, &target.member_id)?.clone();
        // Texts an SMS-enrolled member at once, as the exchange's documentation expects.
        self.finish(ctx, None, &organization, target, factors, requirements, duration, true)
    }

    /// Live sessions of a member (backend `GET /v1/b2b/sessions`).
    pub(crate) fn member_sessions(
        &self,
        ctx: &Ctx<'_>,
        organization_id: &str,
        member_id: &str,
    ) -> ApiResult<Vec<MemberSession>> {
        let organization = self.organization(organization_id)?;
        let member_id = self
            .member(&organization.organization_id, member_id)?
            .member_id
            .as_str();
        let mut sessions: Vec<MemberSession> = self
            .sessions
            .values()
            .filter(|r| !r.revoked && r.expires_ms > ctx.now && r.session.member_id == member_id)
            .map(|r| MemberSession {
                custom_claims: self.shown_claims(&r.session),
                ..r.session.clone()
            })
            .collect();
        sessions.sort_by(|a, b| a.started_at.cmp(&b.started_at));
        Ok(sessions)
    }
}

/// Signs session claims; a signing failure is Stytch's `internal_server_error`.
pub fn sign(signer: &super::jwt::Signer, claims: &SessionJwtClaims) -> ApiResult<String> {
    signer.sign(claims).map_err(ApiError::internal)
}

/// Stytch's refusal of a member session used for another organization than the one named
/// (`session_authorization_tenancy_error`, 403): an authorization check, or a backend call
/// made with a member session.
pub fn tenancy_error(message: &str) -> ApiError {
    ApiError::new(403, ErrorType::SessionAuthorizationTenancyError, message)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::merge_custom_claims;

    #[test]
    fn custom_claims_merge_replaces_removes_on_null_and_ignores_reserved_names() {
        let current = json!({ "plan": "free", "team": 7 }).as_object().cloned();
        let changes = json!({ "plan": "pro", "team": null, "sub": "someone-else", "https://stytch.com/session": {} });
        let merged = merge_custom_claims(current.as_ref(), changes.as_object().unwrap()).unwrap();
        assert_eq!(merged, json!({ "plan": "pro" }).as_object().cloned());
    }
}
