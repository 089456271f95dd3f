use stytch_models::api::{
    mfa::{
        MemberOnlyResponse, RecoverRequest, RecoverResponse, RecoveryCodesResponse, SmsAuthenticateRequest,
        SmsSendRequest, TotpAuthenticateRequest, TotpCreateRequest, TotpCreateResponse,
    },
    sessions::AuthenticateResponse,
};

use super::StytchClient;
use crate::StytchError;
use crate::transport::Method;

/// `client.otps()`: SMS one-time passcodes (MFA).
///
/// ```no_run
/// # async fn run(client: &stytch_core::StytchClient) -> Result<(), stytch_core::StytchError> {
/// // The texted code of MFA, for the member an intermediate session is waiting on.
/// let (organization_id, member_id) = ("organization-test-…", "member-test-…");
/// client.otps().sms_send(organization_id, member_id, Some("+15005550006")).await?;
/// let signed_in = client.otps().sms_authenticate(organization_id, member_id, "123456", Some(60)).await?;
/// println!("{}", signed_in.member_session.member_id);
/// # Ok(()) }
/// ```
pub struct Otps<'a> {
    pub(super) client: &'a StytchClient,
}

/// `client.totp()`: authenticator apps (MFA).
///
/// ```no_run
/// # async fn run(client: &stytch_core::StytchClient) -> Result<(), stytch_core::StytchError> {
/// let (organization_id, member_id) = ("organization-test-…", "member-test-…");
/// let registration = client.totp().create(organization_id, member_id).await?;
/// println!("scan the QR code of {}", registration.totp_registration_id);
/// client.totp().authenticate(organization_id, member_id, "123456", Some(60), true).await?;
/// # Ok(()) }
/// ```
pub struct Totps<'a> {
    pub(super) client: &'a StytchClient,
}

/// `client.recovery_codes()`: TOTP recovery codes.
///
/// ```no_run
/// # async fn run(client: &stytch_core::StytchClient) -> Result<(), stytch_core::StytchError> {
/// // Signed in: show the member's codes, or replace them all.
/// let codes = client.recovery_codes().get().await?;
/// println!("{} codes left", codes.recovery_codes.len());
/// let fresh = client.recovery_codes().rotate().await?;
/// # drop(fresh);
/// # Ok(()) }
/// ```
pub struct RecoveryCodes<'a> {
    pub(super) client: &'a StytchClient,
}

impl StytchClient {
    /// The IST from its cookie (it overrides any value the caller passed, as in the official SDK).
    fn ist(&self) -> Option<String> {
        self.store().cookies().intermediate_session_token()
    }

    fn apply_session(&self, response: &AuthenticateResponse, minutes: Option<u32>) {
        self.store().apply(response.into(), minutes);
    }
}

impl Otps<'_> {
    /// `POST otps/sms/send`: texts a code to the member's phone, enrolling `phone` first when the
    /// member has none.
    ///
    /// ```no_run
    /// # async fn run(client: &stytch_core::StytchClient) -> Result<(), stytch_core::StytchError> {
    /// let (organization_id, member_id) = ("organization-test-…", "member-test-…");
    /// // The member has a phone: text it (`None`); otherwise enroll this one.
    /// client.otps().sms_send(organization_id, member_id, None).await?;
    /// # Ok(()) }
    /// ```
    pub async fn sms_send(
        &self,
        organization_id: &str,
        member_id: &str,
        phone: Option<&str>,
    ) -> Result<MemberOnlyResponse, StytchError> {
        let body = SmsSendRequest {
            organization_id: organization_id.to_owned(),
            member_id: member_id.to_owned(),
            mfa_phone_number: phone.map(str::to_owned),
            locale: None,
            intermediate_session_token: self.client.ist(),
        };
        self.client
            .request(Method::Post, "/b2b/otps/sms/send", Some(&body))
            .await
    }

    /// `POST otps/sms/authenticate`: completes MFA with the texted code.
    ///
    /// ```no_run
    /// # async fn run(client: &stytch_core::StytchClient) -> Result<(), stytch_core::StytchError> {
    /// let (organization_id, member_id) = ("organization-test-…", "member-test-…");
    /// let answer = client.otps().sms_authenticate(organization_id, member_id, "123456", Some(60)).await?;
    /// println!("{}", answer.member_session.member_session_id);
    /// # Ok(()) }
    /// ```
    pub async fn sms_authenticate(
        &self,
        organization_id: &str,
        member_id: &str,
        code: &str,
        session_duration_minutes: Option<u32>,
    ) -> Result<AuthenticateResponse, StytchError> {
        let body = SmsAuthenticateRequest {
            organization_id: organization_id.to_owned(),
            member_id: member_id.to_owned(),
            code: code.to_owned(),
            session_duration_minutes,
            set_mfa_enrollment: None,
            intermediate_session_token: self.client.ist(),
        };
        let response: AuthenticateResponse = self
            .client
            .request(Method::Post, "/b2b/otps/sms/authenticate", Some(&body))
            .await?;
        self.client.apply_session(&response, session_duration_minutes);
        Ok(response)
    }
}

impl Totps<'_> {
    /// `POST totp`: a pending registration with its secret, QR code and recovery codes.
    ///
    /// ```no_run
    /// # async fn run(client: &stytch_core::StytchClient) -> Result<(), stytch_core::StytchError> {
    /// let (organization_id, member_id) = ("organization-test-…", "member-test-…");
    /// let registration = client.totp().create(organization_id, member_id).await?;
    /// // Show `registration.qr_code` (a data URL) and keep the recovery codes for after the first code.
    /// println!("{} recovery codes", registration.recovery_codes.len());
    /// # Ok(()) }
    /// ```
    pub async fn create(&self, organization_id: &str, member_id: &str) -> Result<TotpCreateResponse, StytchError> {
        let body = TotpCreateRequest {
            organization_id: organization_id.to_owned(),
            member_id: member_id.to_owned(),
            expiration_minutes: None,
            intermediate_session_token: self.client.ist(),
        };
        self.client.request(Method::Post, "/b2b/totp", Some(&body)).await
    }

    /// `POST totp/authenticate`: completes MFA (and enrollment) with an authenticator code.
    ///
    /// ```no_run
    /// # async fn run(client: &stytch_core::StytchClient) -> Result<(), stytch_core::StytchError> {
    /// let (organization_id, member_id) = ("organization-test-…", "member-test-…");
    /// // `true`: make the authenticator app the member's default method.
    /// let answer = client.totp().authenticate(organization_id, member_id, "123456", Some(60), true).await?;
    /// println!("{}", answer.member.default_mfa_method);
    /// # Ok(()) }
    /// ```
    pub async fn authenticate(
        &self,
        organization_id: &str,
        member_id: &str,
        code: &str,
        session_duration_minutes: Option<u32>,
        set_default_mfa: bool,
    ) -> Result<AuthenticateResponse, StytchError> {
        let body = TotpAuthenticateRequest {
            organization_id: organization_id.to_owned(),
            member_id: member_id.to_owned(),
            code: code.to_owned(),
            session_duration_minutes,
            set_mfa_enrollment: None,
            set_default_mfa: set_default_mfa.then_some(true),
            intermediate_session_token: self.client.ist(),
        };
        let response: AuthenticateResponse = self
            .client
            .request(Method::Post, "/b2b/totp/authenticate", Some(&body))
            .await?;
        self.client.apply_session(&response, session_duration_minutes);
        Ok(response)
    }
}

impl RecoveryCodes<'_> {
    /// `POST recovery_codes/recover`: completes MFA with a single-use recovery code.
    ///
    /// ```no_run
    /// # async fn run(client: &stytch_core::StytchClient) -> Result<(), stytch_core::StytchError> {
    /// let (organization_id, member_id) = ("organization-test-…", "member-test-…");
    /// let answer = client.recovery_codes().recover(organization_id, member_id, "ab12-cd34-ef56", Some(60)).await?;
    /// println!("{} codes left", answer.recovery_codes_remaining);
    /// # Ok(()) }
    /// ```
    pub async fn recover(
        &self,
        organization_id: &str,
        member_id: &str,
        recovery_code: &str,
        session_duration_minutes: Option<u32>,
    ) -> Result<RecoverResponse, StytchError> {
        let body = RecoverRequest {
            organization_id: organization_id.to_owned(),
            member_id: member_id.to_owned(),
            recovery_code: recovery_code.to_owned(),
            session_duration_minutes,
            intermediate_session_token: self.client.ist(),
        };
        let response: RecoverResponse = self
            .client
            .request(Method::Post, "/b2b/recovery_codes/recover", Some(&body))
            .await?;
        self.client
            .apply_session(&response.clone().into(), session_duration_minutes);
        Ok(response)
    }

    /// `GET recovery_codes`: the signed-in member's unused codes.
    ///
    /// ```no_run
    /// # async fn run(client: &stytch_core::StytchClient) -> Result<(), stytch_core::StytchError> {
    /// let codes = client.recovery_codes().get().await?;
    /// println!("{}", codes.recovery_codes.join("\n"));
    /// # Ok(()) }
    /// ```
    pub async fn get(&self) -> Result<RecoveryCodesResponse, StytchError> {
        self.client
            .request(Method::Get, "/b2b/recovery_codes", None::<&()>)
            .await
    }

    /// `POST recovery_codes/rotate`: replaces the codes.
    ///
    /// ```no_run
    /// # async fn run(client: &stytch_core::StytchClient) -> Result<(), stytch_core::StytchError> {
    /// // The old codes stop working; show the new ones once.
    /// let fresh = client.recovery_codes().rotate().await?;
    /// println!("{} new codes", fresh.recovery_codes.len());
    /// # Ok(()) }
    /// ```
    pub async fn rotate(&self) -> Result<RecoveryCodesResponse, StytchError> {
        self.client
            .request(Method::Post, "/b2b/recovery_codes/rotate", None::<&()>)
            .await
    }
}
