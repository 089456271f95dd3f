//! Impersonation: someone on your team acts as a member, with a session Stytch starts from a
//! single-use token its Dashboard issues ("Impersonate Member"). Here the emulator's test API
//! issues the token. Rules (from Stytch's reference): the token lasts five minutes and works
//! once; the session lasts 60 minutes and cannot be extended; it never asks for MFA. Our
//! reading: the member must be active, and the session's `impersonated` factor satisfies no
//! organization's authentication policy, so an exchange into another organization ends in an
//! intermediate session like any other missing factor.

use stytch_models::{ErrorType, ImpersonatedFactor, MemberStatus, api::sessions::AuthenticateWithMfaResponse};

use super::store::{Factor, FactorKind, Store};
use super::{Ctx, ids};
use crate::error::{ApiError, ApiResult};

/// How long an impersonation token works (Unix ms).
const TOKEN_LIFETIME_MS: i64 = 5 * 60_000;
/// The fixed length of an impersonated session.
pub const IMPERSONATED_SESSION_MINUTES: u32 = 60;

/// An issued impersonation token.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct ImpersonationRecord {
    /// Whom it impersonates.
    pub organization_id: String,
    /// The member.
    pub member_id: String,
    /// Who impersonates.
    pub impersonator: ImpersonatedFactor,
    /// Expiry (Unix ms).
    pub expires_ms: i64,
    /// Whether it was used.
    pub used: bool,
}

impl Factor {
    /// The factor of an impersonated session.
    pub fn impersonated(impersonator: ImpersonatedFactor, now: i64) -> Self {
        let mut factor = Self::completed(
            "impersonated",
            "impersonation",
            "PRIMARY",
            FactorKind::Impersonated,
            now,
        );
        factor.wire.impersonated_factor = Some(impersonator);
        factor
    }
}

fn unusable() -> ApiError {
    ApiError::new(
        401,
        ErrorType::UnableToAuthImpersonationToken,
        "The impersonation token is unknown, expired or already used.",
    )
}

impl Store {
    /// Issues a token to impersonate an active member (what the Dashboard's "Impersonate
    /// Member" does); the impersonator's ID and address default to a support user.
    pub(crate) fn issue_impersonation_token(
        &mut self,
        ctx: &Ctx<'_>,
        organization_id: &str,
        member_id: &str,
        impersonator: Option<ImpersonatedFactor>,
    ) -> ApiResult<String> {
        let member = self.member(organization_id, member_id)?;
        let (organization_id, member_id) = (member.organization_id.clone(), member.member_id.clone());
        if member.status != MemberStatus::Active {
            return Err(ApiError::bad_request("Only active members can be impersonated."));
        }
        let impersonator = impersonator.unwrap_or_else(|| ImpersonatedFactor {
            impersonator_id: "dashboard-user-test-emulator".into(),
            impersonator_email_address: "support@emulator.test".into(),
        });
        let token = ids::new_token();
        self.impersonation_tokens.insert(
            token.clone(),
            ImpersonationRecord {
                organization_id,
                member_id,
                impersonator,
                expires_ms: ctx.now + TOKEN_LIFETIME_MS,
                used: false,
            },
        );
        Ok(token)
    }

    /// `impersonation/authenticate`: a 60-minute session for the token's member, whatever
    /// their organization's MFA policy; the token is used up.
    pub(crate) fn authenticate_impersonation(
        &mut self,
        ctx: &Ctx<'_>,
        token: &str,
    ) -> ApiResult<AuthenticateWithMfaResponse> {
        let record = self
            .impersonation_tokens
            .get(token)
            .filter(|r| !r.used && r.expires_ms > ctx.now)
            .cloned()
            .ok_or_else(unusable)?;
        let member = self.member(&record.organization_id, &record.member_id)?;
        if member.status != MemberStatus::Active {
            return Err(unusable());
        }
        if let Some(record) = self.impersonation_tokens.get_mut(token) {
            record.used = true;
        }
        let factor = Factor::impersonated(record.impersonator, ctx.now);
        let session = self.mint_session(
            ctx,
            &record.member_id,
            &record.organization_id,
            vec![factor],
            Some(IMPERSONATED_SESSION_MINUTES),
        )?;
        self.session_response_with_mfa(ctx, &session)
    }
}
