//! Connected Apps (`client.idp()`): your app as the consent page of an OAuth 2.1 / OpenID
//! Connect provider, for the CLIs, partner integrations and MCP clients that act for your
//! members. The page reads the authorization request from its URL, checks it with
//! [`Idp::oauth_authorize_start`], shows the consent screen when
//! [`consent_required`](stytch_models::api::idp::OAuthAuthorizeStartResponse::consent_required),
//! and sends the member on to the `redirect_uri` that [`Idp::oauth_authorize_submit`] returns.

use stytch_models::api::idp::{
    OAuthAuthorizeStartRequest, OAuthAuthorizeStartResponse, OAuthAuthorizeSubmitRequest, OAuthAuthorizeSubmitResponse,
    OAuthLogoutStartRequest, OAuthLogoutStartResponse,
};

use super::StytchClient;
use crate::StytchError;
use crate::transport::Method;

/// `client.idp()`: both calls need a signed-in member, whose session authorizes the app.
///
/// ```no_run
/// use stytch_models::api::idp::{OAuthAuthorizeStartRequest, OAuthAuthorizeSubmitRequest};
/// # async fn run(client: &stytch_core::StytchClient) -> Result<(), stytch_core::StytchError> {
/// let asked = OAuthAuthorizeStartRequest {
///     client_id: "connected-app-test-…".into(),
///     redirect_uri: "http://127.0.0.1:8976/callback".into(),
///     response_type: "code".into(),
///     scopes: vec!["openid".into(), "email".into()],
///     prompt: None,
/// };
/// let check = client.idp().oauth_authorize_start(&asked).await?;
/// // Show `check.client.client_name` and each `check.scope_results` entry, then:
/// let decision = OAuthAuthorizeSubmitRequest {
///     client_id: asked.client_id.clone(),
///     redirect_uri: asked.redirect_uri.clone(),
///     response_type: asked.response_type.clone(),
///     scopes: asked.scopes.clone(),
///     consent_granted: true,
///     ..Default::default()
/// };
/// let answer = client.idp().oauth_authorize_submit(&decision).await?;
/// // Navigate to answer.redirect_uri.
/// # drop(answer);
/// # Ok(()) }
/// ```
pub struct Idp<'a> {
    pub(super) client: &'a StytchClient,
}

impl Idp<'_> {
    /// `POST idp/b2b/oauth/authorize/start` (the official `idp.oauthAuthorizeStart`): the app,
    /// whether the member must consent, and each scope with whether they may grant it. A
    /// redirect URI not among the app's is `connected_app_supplied_redirect_url_not_found_in_client`;
    /// an unknown scope `oauth_invalid_scope_requested`.
    ///
    /// ```no_run
    /// use stytch_models::api::idp::OAuthAuthorizeStartRequest;
    /// # async fn run(client: &stytch_core::StytchClient, request: OAuthAuthorizeStartRequest) -> Result<(), stytch_core::StytchError> {
    /// let check = client.idp().oauth_authorize_start(&request).await?;
    /// if !check.consent_required {
    ///     // A first-party app, or scopes granted before: submit straight away.
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn oauth_authorize_start(
        &self,
        request: &OAuthAuthorizeStartRequest,
    ) -> Result<OAuthAuthorizeStartResponse, StytchError> {
        self.client
            .request(Method::Post, "/idp/b2b/oauth/authorize/start", Some(request))
            .await
    }

    /// `POST idp/b2b/oauth/authorize/submit` (the official `idp.oauthAuthorizeSubmit`): the
    /// member's decision. The answer's `redirect_uri` carries the code and the app's `state`
    /// (or `error=access_denied`); send the member there. A public app must send a
    /// `code_challenge` (`pkce_required_for_idp_authorization_flow`).
    ///
    /// ```no_run
    /// use stytch_models::api::idp::OAuthAuthorizeSubmitRequest;
    /// # async fn run(client: &stytch_core::StytchClient, decision: OAuthAuthorizeSubmitRequest) -> Result<(), stytch_core::StytchError> {
    /// let answer = client.idp().oauth_authorize_submit(&decision).await?;
    /// let go_to = answer.redirect_uri;
    /// # drop(go_to);
    /// # Ok(()) }
    /// ```
    pub async fn oauth_authorize_submit(
        &self,
        request: &OAuthAuthorizeSubmitRequest,
    ) -> Result<OAuthAuthorizeSubmitResponse, StytchError> {
        self.client
            .request(Method::Post, "/idp/b2b/oauth/authorize/submit", Some(request))
            .await
    }

    /// `POST oauth/logout/start` (the official `idp.oauthLogoutStart`): a connected app's
    /// OpenID Connect logout request, checked by your logout page. Ask the member to confirm
    /// when `consent_required` (no `id_token_hint` the app holds for them), sign them out
    /// ([`Sessions::revoke`](crate::Sessions::revoke)), then send them to `redirect_uri`. A
    /// URL not among the app's post-logout redirect URLs is refused.
    ///
    /// ```no_run
    /// use stytch_models::api::idp::OAuthLogoutStartRequest;
    /// # async fn run(client: &stytch_core::StytchClient, request: OAuthLogoutStartRequest) -> Result<(), stytch_core::StytchError> {
    /// let check = client.idp().oauth_logout_start(&request).await?;
    /// if !check.consent_required {
    ///     client.session().revoke(false).await?;
    ///     // Navigate to check.redirect_uri.
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn oauth_logout_start(
        &self,
        request: &OAuthLogoutStartRequest,
    ) -> Result<OAuthLogoutStartResponse, StytchError> {
        self.client
            .request(Method::Post, "/b2b/oauth/logout/start", Some(request))
            .await
    }
}
