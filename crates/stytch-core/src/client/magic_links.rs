use stytch_models::api::{
    ResponseCommon,
    discovery::DiscoveryAuthenticateResponse,
    magic_links::{
        DiscoveryEmailSendRequest, DiscoveryMagicLinkAuthenticateRequest, InviteRequest, LoginOrSignupRequest,
        LoginOrSignupResponse, MagicLinkAuthenticateRequest,
    },
    organizations::MemberResponse,
    sessions::AuthenticateWithMfaResponse,
};

use super::StytchClient;
use super::pkce::PkceFlow;
use crate::StytchError;
use crate::transport::Method;

/// `client.magic_links()`: email magic links.
///
/// ```no_run
/// use stytch_core::models::api::magic_links::DiscoveryEmailSendRequest;
/// # async fn run(client: &stytch_core::StytchClient) -> Result<(), stytch_core::StytchError> {
/// client
///     .magic_links()
///     .discovery_send(&DiscoveryEmailSendRequest { email_address: "ada@example.com".into(), ..Default::default() })
///     .await?;
/// // Later, on the page the link opens:
/// let found = client.magic_links().discovery_authenticate("token-from-the-link").await?;
/// println!("{} organization(s)", found.discovered_organizations.len());
/// # Ok(()) }
/// ```
pub struct MagicLinks<'a> {
    pub(super) client: &'a StytchClient,
}

impl MagicLinks<'_> {
    /// `POST magic_links/email/discovery/send`: emails a discovery link. When the project
    /// requires PKCE for magic links, the request carries this browser's challenge (unless it
    /// names its own), and only this browser can open the link.
    ///
    /// ```no_run
    /// use stytch_core::models::api::magic_links::DiscoveryEmailSendRequest;
    /// # async fn run(client: &stytch_core::StytchClient) -> Result<(), stytch_core::StytchError> {
    /// let request = DiscoveryEmailSendRequest { email_address: "ada@example.com".into(), ..Default::default() };
    /// client.magic_links().discovery_send(&request).await?;
    /// # Ok(()) }
    /// ```
    pub async fn discovery_send(&self, request: &DiscoveryEmailSendRequest) -> Result<ResponseCommon, StytchError> {
        let mut request = request.clone();
        if request.pkce_code_challenge.is_none() {
            request.pkce_code_challenge = self.client.link_challenge(PkceFlow::MagicLinks).await;
        }
        self.client
            .request(Method::Post, "/b2b/magic_links/email/discovery/send", Some(&request))
            .await
    }

    /// `POST magic_links/discovery/authenticate`: trades the link's token for an IST (stored in
    /// its cookie; any current session is signed out locally) and the discovered organizations.
    /// Sends this browser's PKCE verifier when a start left one.
    ///
    /// ```no_run
    /// # async fn run(client: &stytch_core::StytchClient) -> Result<(), stytch_core::StytchError> {
    /// let found = client.magic_links().discovery_authenticate("token-from-the-link").await?;
    /// println!("{} may enter {} organization(s)", found.email_address, found.discovered_organizations.len());
    /// # Ok(()) }
    /// ```
    pub async fn discovery_authenticate(&self, token: &str) -> Result<DiscoveryAuthenticateResponse, StytchError> {
        let body = DiscoveryMagicLinkAuthenticateRequest {
            discovery_magic_links_token: token.to_owned(),
            pkce_code_verifier: None,
        };
        self.client
            .discover_with_verifier(
                &[PkceFlow::MagicLinks],
                "/b2b/magic_links/discovery/authenticate",
                stytch_models::json::to_string(&body),
            )
            .await
    }

    /// `POST magic_links/email/login_or_signup`: emails a link to sign in to (or join) one
    /// organization. Carries this browser's PKCE challenge when the project requires it, as
    /// [`discovery_send`](Self::discovery_send) does.
    ///
    /// ```no_run
    /// use stytch_core::models::api::magic_links::LoginOrSignupRequest;
    /// # async fn run(client: &stytch_core::StytchClient) -> Result<(), stytch_core::StytchError> {
    /// let request = LoginOrSignupRequest {
    ///     organization_id: "organization-test-…".into(),
    ///     email_address: "ada@example.com".into(),
    ///     ..Default::default()
    /// };
    /// let sent = client.magic_links().login_or_signup(&request).await?;
    /// println!("new member: {}", sent.member_created);
    /// # Ok(()) }
    /// ```
    pub async fn login_or_signup(&self, request: &LoginOrSignupRequest) -> Result<LoginOrSignupResponse, StytchError> {
        let mut request = request.clone();
        if request.pkce_code_challenge.is_none() {
            request.pkce_code_challenge = self.client.link_challenge(PkceFlow::MagicLinks).await;
        }
        self.client
            .request(Method::Post, "/b2b/magic_links/email/login_or_signup", Some(&request))
            .await
    }

    /// `POST magic_links/email/invite`: invites someone into the signed-in member's organization
    /// (the member needs `create` on `stytch.member`). The invited member's link signs them in
    /// through [`authenticate`](Self::authenticate).
    ///
    /// ```no_run
    /// # async fn demo(client: &stytch_core::StytchClient) {
    /// use stytch_core::models::api::magic_links::InviteRequest;
    /// let invite = InviteRequest { email_address: "grace@example.com".into(), ..Default::default() };
    /// match client.magic_links().invite(&invite).await {
    ///     Ok(answer) => println!("invited {}", answer.member.email_address),
    ///     Err(error) => eprintln!("{error}"),
    /// }
    /// # }
    /// ```
    pub async fn invite(&self, request: &InviteRequest) -> Result<MemberResponse, StytchError> {
        self.client
            .request(Method::Post, "/b2b/magic_links/email/invite", Some(request))
            .await
    }

    /// `POST magic_links/authenticate`: an organization-scoped link. Grants a session or, when
    /// the organization needs MFA or step-up, stores the IST (with an IST already stored, the
    /// link's factor is added to it). Sends this browser's PKCE verifier when a start left one
    /// (a password reset's first, then a magic link's, as the official SDK does).
    ///
    /// ```no_run
    /// # async fn run(client: &stytch_core::StytchClient) -> Result<(), stytch_core::StytchError> {
    /// let answer = client.magic_links().authenticate("token-from-the-link", Some(60)).await?;
    /// println!("signed in: {}", answer.member_authenticated);
    /// # Ok(()) }
    /// ```
    pub async fn authenticate(
        &self,
        token: &str,
        session_duration_minutes: Option<u32>,
    ) -> Result<AuthenticateWithMfaResponse, StytchError> {
        let body = MagicLinkAuthenticateRequest {
            magic_links_token: token.to_owned(),
            session_duration_minutes,
            pkce_code_verifier: None,
            intermediate_session_token: self.client.store().cookies().intermediate_session_token(),
            locale: None,
        };
        self.client
            .authenticate_with_verifier(
                &[PkceFlow::Passwords, PkceFlow::MagicLinks],
                "/b2b/magic_links/authenticate",
                stytch_models::json::to_string(&body),
                "pkce_code_verifier",
                session_duration_minutes,
            )
            .await
    }
}
