//! Impersonation (`client.impersonation()`): someone on your team signs in as a member to help
//! them. Stytch's Dashboard ("Impersonate Member") opens your login redirect URL with
//! `stytch_token_type=multi_tenant_impersonation` and a single-use token, which
//! [`Impersonation::authenticate`] (or [`StytchClient::authenticate_by_url`], or the prebuilt
//! login) turns into a session: always a full session (no MFA), for 60 minutes, and one that
//! cannot be extended. `MemberSession::impersonator()` names who is acting.

use stytch_models::api::{impersonation::ImpersonationAuthenticateRequest, sessions::AuthenticateWithMfaResponse};

use super::StytchClient;
use crate::StytchError;

/// `impersonation.*`.
///
/// ```no_run
/// # async fn run(client: &stytch_core::StytchClient) -> Result<(), stytch_core::StytchError> {
/// // The page an impersonation link from the Stytch Dashboard opens.
/// let answer = client.impersonation().authenticate("token-from-the-link").await?;
/// println!("acting as {}", answer.member.email_address);
/// # Ok(()) }
/// ```
pub struct Impersonation<'a> {
    pub(super) client: &'a StytchClient,
}

impl Impersonation<'_> {
    /// `POST impersonation/authenticate`: the member's session for the token from the link.
    ///
    /// ```no_run
    /// # async fn demo(client: &stytch_core::StytchClient) {
    /// match client.impersonation().authenticate("token-from-the-url").await {
    ///     Ok(r) => {
    ///         let by = r.member_session.as_ref().and_then(|s| s.impersonator());
    ///         println!("acting as {} for {:?}", r.member.email_address, by.map(|i| &i.impersonator_email_address));
    ///     }
    ///     Err(e) => eprintln!("{e}"),
    /// }
    /// # }
    /// ```
    pub async fn authenticate(&self, impersonation_token: &str) -> Result<AuthenticateWithMfaResponse, StytchError> {
        let body = ImpersonationAuthenticateRequest {
            impersonation_token: impersonation_token.to_owned(),
        };
        self.client
            .authenticate_with_mfa("/b2b/impersonation/authenticate", &body, None)
            .await
    }
}

impl StytchClient {
    /// `impersonation.*`: sign in as a member from a Dashboard impersonation link.
    ///
    /// ```no_run
    /// # async fn run(client: &stytch_core::StytchClient) -> Result<(), stytch_core::StytchError> {
    /// let answer = client.impersonation().authenticate("token-from-the-link").await?;
    /// println!("{}", answer.member.email_address);
    /// # Ok(()) }
    /// ```
    pub fn impersonation(&self) -> Impersonation<'_> {
        Impersonation { client: self }
    }
}
