//! A server's second factors (`/v1/b2b/otps/sms/…`, `/v1/b2b/totp/…`,
//! `/v1/b2b/recovery_codes/recover`): what an organization requiring MFA asks for after the
//! first factor, with the IST that answer carried (`intermediate_session_token`), or on a
//! live session ([`SignInOptions::session`]) to enroll or step up.
//!
//! ```no_run
//! # async fn f(stytch: stytch_core::backend::StytchBackend, ist: String, member_id: String) -> Result<(), stytch_core::StytchError> {
//! use stytch_core::backend::SignInOptions;
//! use stytch_core::models::api::mfa::SmsAuthenticateRequest;
//! // The code the member typed, for the text Stytch sent when the first factor was accepted.
//! let request = SmsAuthenticateRequest {
//!     organization_id: "organization-test-…".into(),
//!     member_id,
//!     code: "123456".into(),
//!     intermediate_session_token: Some(ist),
//!     session_duration_minutes: Some(60),
//!     ..Default::default()
//! };
//! let signed_in = stytch.authenticate_sms_otp(&request, &SignInOptions::default()).await?;
//! println!("signed in until {}", signed_in.member_session.expires_at);
//! # Ok(()) }
//! ```

use stytch_models::api::mfa::{
    MemberOnlyResponse, RecoverRequest, RecoverResponse, SmsAuthenticateRequest, SmsSendRequest,
    TotpAuthenticateRequest, TotpCreateRequest, TotpCreateResponse,
};
use stytch_models::api::sessions::AuthenticateResponse;

use super::sign_in::{SignInOptions, with_options};
use super::{StytchBackend, read};
use crate::StytchError;

impl StytchBackend {
    /// Texts a member a one-time code (`POST /v1/b2b/otps/sms/send`), enrolling
    /// `mfa_phone_number` when they have no verified phone yet. With an IST, or
    /// `options.session`; a server may also text a member with neither (a first factor of its
    /// own). `invalid_phone_number` for a number that is not E.164.
    ///
    /// ```no_run
    /// # async fn f(stytch: stytch_core::backend::StytchBackend, ist: String) -> Result<(), stytch_core::StytchError> {
    /// use stytch_core::backend::SignInOptions;
    /// use stytch_core::models::api::mfa::SmsSendRequest;
    /// let request = SmsSendRequest {
    ///     organization_id: "organization-test-…".into(),
    ///     member_id: "member-test-…".into(),
    ///     mfa_phone_number: Some("+15005550006".into()),
    ///     intermediate_session_token: Some(ist),
    ///     ..Default::default()
    /// };
    /// stytch.send_sms_otp(&request, &SignInOptions::default()).await?;
    /// # Ok(()) }
    /// ```
    pub async fn send_sms_otp(
        &self,
        request: &SmsSendRequest,
        options: &SignInOptions,
    ) -> Result<MemberOnlyResponse, StytchError> {
        read(
            self.post("/v1/b2b/otps/sms/send", with_options(request, options)?)
                .await?,
        )
    }

    /// Completes MFA with a texted code (`POST /v1/b2b/otps/sms/authenticate`): the session.
    /// `unable_to_auth_otp_code` for a wrong or used code.
    ///
    /// ```no_run
    /// # async fn f(stytch: stytch_core::backend::StytchBackend, ist: String) -> Result<(), stytch_core::StytchError> {
    /// use stytch_core::backend::SignInOptions;
    /// use stytch_core::models::api::mfa::SmsAuthenticateRequest;
    /// let request = SmsAuthenticateRequest {
    ///     organization_id: "organization-test-…".into(),
    ///     member_id: "member-test-…".into(),
    ///     code: "123456".into(),
    ///     intermediate_session_token: Some(ist),
    ///     ..Default::default()
    /// };
    /// let signed_in = stytch.authenticate_sms_otp(&request, &SignInOptions::default()).await?;
    /// # drop(signed_in); Ok(()) }
    /// ```
    pub async fn authenticate_sms_otp(
        &self,
        request: &SmsAuthenticateRequest,
        options: &SignInOptions,
    ) -> Result<AuthenticateResponse, StytchError> {
        read(
            self.post("/v1/b2b/otps/sms/authenticate", with_options(request, options)?)
                .await?,
        )
    }

    /// Starts an authenticator-app registration (`POST /v1/b2b/totp`): the secret and QR code
    /// to show once, and the member's recovery codes. Finish it with
    /// [`authenticate_totp`](Self::authenticate_totp).
    ///
    /// ```no_run
    /// # async fn f(stytch: stytch_core::backend::StytchBackend, ist: String) -> Result<(), stytch_core::StytchError> {
    /// use stytch_core::backend::SignInOptions;
    /// use stytch_core::models::api::mfa::TotpCreateRequest;
    /// let request = TotpCreateRequest {
    ///     organization_id: "organization-test-…".into(),
    ///     member_id: "member-test-…".into(),
    ///     intermediate_session_token: Some(ist),
    ///     ..Default::default()
    /// };
    /// let registration = stytch.create_totp(&request, &SignInOptions::default()).await?;
    /// println!("show {} and keep {} recovery codes", registration.qr_code.len(), registration.recovery_codes.len());
    /// # Ok(()) }
    /// ```
    pub async fn create_totp(
        &self,
        request: &TotpCreateRequest,
        options: &SignInOptions,
    ) -> Result<TotpCreateResponse, StytchError> {
        read(self.post("/v1/b2b/totp", with_options(request, options)?).await?)
    }

    /// Completes MFA with an authenticator app's code (`POST /v1/b2b/totp/authenticate`):
    /// the session. `unable_to_authenticate_totp` for a wrong code.
    ///
    /// ```no_run
    /// # async fn f(stytch: stytch_core::backend::StytchBackend, ist: String) -> Result<(), stytch_core::StytchError> {
    /// use stytch_core::backend::SignInOptions;
    /// use stytch_core::models::api::mfa::TotpAuthenticateRequest;
    /// let request = TotpAuthenticateRequest {
    ///     organization_id: "organization-test-…".into(),
    ///     member_id: "member-test-…".into(),
    ///     code: "123456".into(),
    ///     intermediate_session_token: Some(ist),
    ///     ..Default::default()
    /// };
    /// let signed_in = stytch.authenticate_totp(&request, &SignInOptions::default()).await?;
    /// # drop(signed_in); Ok(()) }
    /// ```
    pub async fn authenticate_totp(
        &self,
        request: &TotpAuthenticateRequest,
        options: &SignInOptions,
    ) -> Result<AuthenticateResponse, StytchError> {
        read(
            self.post("/v1/b2b/totp/authenticate", with_options(request, options)?)
                .await?,
        )
    }

    /// Completes MFA with one of the member's recovery codes
    /// (`POST /v1/b2b/recovery_codes/recover`): the session and how many codes remain. Each
    /// code works once (`unable_to_authenticate_recovery_code` after).
    ///
    /// ```no_run
    /// # async fn f(stytch: stytch_core::backend::StytchBackend, ist: String) -> Result<(), stytch_core::StytchError> {
    /// use stytch_core::backend::SignInOptions;
    /// use stytch_core::models::api::mfa::RecoverRequest;
    /// let request = RecoverRequest {
    ///     organization_id: "organization-test-…".into(),
    ///     member_id: "member-test-…".into(),
    ///     recovery_code: "ckss-2skx-ebow".into(),
    ///     intermediate_session_token: Some(ist),
    ///     ..Default::default()
    /// };
    /// let recovered = stytch.authenticate_recovery_code(&request, &SignInOptions::default()).await?;
    /// println!("{} recovery codes left", recovered.recovery_codes_remaining);
    /// # Ok(()) }
    /// ```
    pub async fn authenticate_recovery_code(
        &self,
        request: &RecoverRequest,
        options: &SignInOptions,
    ) -> Result<RecoverResponse, StytchError> {
        read(
            self.post("/v1/b2b/recovery_codes/recover", with_options(request, options)?)
                .await?,
        )
    }
}
