//! A member's sessions and recovery codes, from a server: the "signed-in devices" list of a
//! security page or an admin console (`GET /v1/b2b/sessions`), signing one device or every
//! device out (`POST /v1/b2b/sessions/revoke` by session or member), and the member's MFA
//! recovery codes (`GET /v1/b2b/recovery_codes/{organization_id}/{member_id}`,
//! `POST /v1/b2b/recovery_codes/rotate`). With [`acting_for`](StytchBackend::acting_for),
//! Stytch holds each call to the acting member's permissions (`revoke-sessions` on
//! `stytch.member` to sign another member out).

use std::sync::PoisonError;

use serde_json::json;
use stytch_models::MemberSession;
use stytch_models::api::mfa::RecoveryCodesResponse;

use super::{StytchBackend, body, read};
use crate::StytchError;
use crate::util::percent;

impl StytchBackend {
    /// The member's live sessions (`GET /v1/b2b/sessions`), oldest first: one per browser or
    /// device they are signed in on, each with its factors and expiry.
    ///
    /// ```no_run
    /// # async fn f(stytch: stytch_core::backend::StytchBackend) -> Result<(), stytch_core::StytchError> {
    /// for session in stytch.member_sessions("organization-test-…", "member-test-…").await? {
    ///     println!("{} since {}", session.member_session_id, session.started_at);
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn member_sessions(
        &self,
        organization_id: &str,
        member_id: &str,
    ) -> Result<Vec<MemberSession>, StytchError> {
        let path = format!(
            "/v1/b2b/sessions?organization_id={}&member_id={}",
            percent::encode(organization_id),
            percent::encode(member_id)
        );
        let answer = self.get(&path).await?;
        read(answer["member_sessions"].clone())
    }

    /// Signs one session out by its ID (`POST /v1/b2b/sessions/revoke`): "sign out that
    /// device". Its token stops working at once; JWTs already issued stay valid until they
    /// expire (five minutes). `session_not_found` when it has ended already.
    ///
    /// ```no_run
    /// # async fn f(stytch: stytch_core::backend::StytchBackend) -> Result<(), stytch_core::StytchError> {
    /// stytch.revoke_member_session("session-test-…").await?;
    /// # Ok(()) }
    /// ```
    pub async fn revoke_member_session(&self, member_session_id: &str) -> Result<(), StytchError> {
        let request = json!({ "member_session_id": member_session_id });
        self.post("/v1/b2b/sessions/revoke", body(&request)?).await?;
        self.forget_answers(|answer| answer.member_session.member_session_id == member_session_id);
        Ok(())
    }

    /// Signs a member out everywhere (`POST /v1/b2b/sessions/revoke` with `member_id`): every
    /// session they hold ends, as after a suspected account takeover.
    ///
    /// ```no_run
    /// # async fn f(stytch: stytch_core::backend::StytchBackend) -> Result<(), stytch_core::StytchError> {
    /// stytch.revoke_member_sessions("member-test-…").await?;
    /// # Ok(()) }
    /// ```
    pub async fn revoke_member_sessions(&self, member_id: &str) -> Result<(), StytchError> {
        let request = json!({ "member_id": member_id });
        self.post("/v1/b2b/sessions/revoke", body(&request)?).await?;
        self.forget_answers(|answer| answer.member_session.member_id == member_id);
        Ok(())
    }

    /// The member's unused MFA recovery codes
    /// (`GET /v1/b2b/recovery_codes/{organization_id}/{member_id}`), to show them once more.
    /// `recovery_codes_not_found` for a member without an authenticator app.
    ///
    /// ```no_run
    /// # async fn f(stytch: stytch_core::backend::StytchBackend) -> Result<(), stytch_core::StytchError> {
    /// let codes = stytch.recovery_codes("organization-test-…", "member-test-…").await?;
    /// println!("{} codes left", codes.len());
    /// # Ok(()) }
    /// ```
    pub async fn recovery_codes(&self, organization_id: &str, member_id: &str) -> Result<Vec<String>, StytchError> {
        let path = format!(
            "/v1/b2b/recovery_codes/{}/{}",
            percent::encode(organization_id),
            percent::encode(member_id)
        );
        let answer: RecoveryCodesResponse = read(self.get(&path).await?)?;
        Ok(answer.recovery_codes)
    }

    /// Replaces the member's recovery codes with a new set (`POST /v1/b2b/recovery_codes/rotate`);
    /// the old ones stop working.
    ///
    /// ```no_run
    /// # async fn f(stytch: stytch_core::backend::StytchBackend) -> Result<(), stytch_core::StytchError> {
    /// let fresh = stytch.rotate_recovery_codes("organization-test-…", "member-test-…").await?;
    /// # drop(fresh); Ok(()) }
    /// ```
    pub async fn rotate_recovery_codes(
        &self,
        organization_id: &str,
        member_id: &str,
    ) -> Result<Vec<String>, StytchError> {
        let request = json!({ "organization_id": organization_id, "member_id": member_id });
        let answer: RecoveryCodesResponse = read(self.post("/v1/b2b/recovery_codes/rotate", body(&request)?).await?)?;
        Ok(answer.recovery_codes)
    }

    /// Drops the reusable `authenticate_session` answers `ended` matches: those sessions ended.
    pub(super) fn forget_answers(&self, ended: impl Fn(&stytch_models::api::sessions::AuthenticateResponse) -> bool) {
        self.cache
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .answers
            .retain(|_, (_, answer)| !ended(answer));
    }
}
