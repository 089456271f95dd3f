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

/// The authorization request a connected app sends the member's browser to your consent page
/// with (RFC 6749 §4.1.1 and PKCE's parameters in the page's query string), read with
/// [`from_url`](Self::from_url) and turned into the two calls' bodies.
///
/// ```
/// use stytch_core::AuthorizeRequest;
/// let asked = AuthorizeRequest::from_url(
///     "https://app.example/oauth/authorize?client_id=connected-app-test-1&redirect_uri=http%3A%2F%2F127.0.0.1%3A8976%2Fcb&response_type=code&scope=openid+email&state=s1",
/// )
/// .expect("an authorization request");
/// assert_eq!(asked.scopes, ["openid", "email"]);
/// let decision = asked.submit_request(true, asked.scopes.clone());
/// assert_eq!((decision.state.as_deref(), decision.consent_granted), (Some("s1"), true));
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AuthorizeRequest {
    /// `client_id`: the connected app.
    pub client_id: String,
    /// `redirect_uri`: where the answer goes.
    pub redirect_uri: String,
    /// `response_type` (`code`).
    pub response_type: String,
    /// `scope`, split on spaces.
    pub scopes: Vec<String>,
    /// `state`, returned to the app unchanged.
    pub state: Option<String>,
    /// `nonce`, put in the ID token.
    pub nonce: Option<String>,
    /// `code_challenge` (PKCE, S256).
    pub code_challenge: Option<String>,
    /// `prompt` (`consent` to ask again, `none` never to ask).
    pub prompt: Option<String>,
}

impl AuthorizeRequest {
    /// The request in a URL's query; `None` unless it names a `client_id` and a
    /// `redirect_uri`. A missing `response_type` is `code`, the only one Stytch answers.
    ///
    /// ```
    /// use stytch_core::AuthorizeRequest;
    /// assert!(AuthorizeRequest::from_url("https://app.example/oauth/authorize?scope=openid").is_none());
    /// let asked = AuthorizeRequest::from_url("https://app.example/authorize?client_id=a&redirect_uri=b").unwrap();
    /// assert_eq!(asked.response_type, "code");
    /// ```
    pub fn from_url(url: &str) -> Option<Self> {
        let mut request = Self::default();
        for (key, value) in super::url::query_params(url)? {
            let value = Some(value).filter(|v| !v.is_empty());
            match key {
                "client_id" => request.client_id = value.unwrap_or_default(),
                "redirect_uri" => request.redirect_uri = value.unwrap_or_default(),
                "response_type" => request.response_type = value.unwrap_or_default(),
                "scope" => {
                    request.scopes = value
                        .unwrap_or_default()
                        .split_whitespace()
                        .map(str::to_owned)
                        .collect();
                }
                "state" => request.state = value,
                "nonce" => request.nonce = value,
                "code_challenge" => request.code_challenge = value,
                "prompt" => request.prompt = value,
                _ => {}
            }
        }
        if request.response_type.is_empty() {
            request.response_type = "code".to_owned();
        }
        (!request.client_id.is_empty() && !request.redirect_uri.is_empty()).then_some(request)
    }

    /// The body of [`Idp::oauth_authorize_start`].
    ///
    /// ```
    /// use stytch_core::AuthorizeRequest;
    /// let asked = AuthorizeRequest { client_id: "a".into(), prompt: Some("consent".into()), ..Default::default() };
    /// assert_eq!(asked.start_request().prompt.as_deref(), Some("consent"));
    /// ```
    pub fn start_request(&self) -> OAuthAuthorizeStartRequest {
        OAuthAuthorizeStartRequest {
            client_id: self.client_id.clone(),
            redirect_uri: self.redirect_uri.clone(),
            response_type: self.response_type.clone(),
            scopes: self.scopes.clone(),
            prompt: self.prompt.clone(),
        }
    }

    /// The body of [`Idp::oauth_authorize_submit`]: the member's decision and the scopes
    /// granted (those the start answered as grantable, usually).
    ///
    /// ```
    /// use stytch_core::AuthorizeRequest;
    /// let asked = AuthorizeRequest { client_id: "a".into(), scopes: vec!["openid".into()], ..Default::default() };
    /// assert!(!asked.submit_request(false, Vec::new()).consent_granted);
    /// ```
    pub fn submit_request(&self, consent_granted: bool, scopes: Vec<String>) -> OAuthAuthorizeSubmitRequest {
        OAuthAuthorizeSubmitRequest {
            client_id: self.client_id.clone(),
            redirect_uri: self.redirect_uri.clone(),
            response_type: self.response_type.clone(),
            scopes,
            state: self.state.clone(),
            nonce: self.nonce.clone(),
            code_challenge: self.code_challenge.clone(),
            consent_granted,
            prompt: self.prompt.clone(),
        }
    }
}

/// The OpenID Connect logout request a connected app sends the member's browser to your
/// logout page with (`client_id`, `post_logout_redirect_uri`, `state`, `id_token_hint` in the
/// query), as the body of [`Idp::oauth_logout_start`]; `None` unless it names a `client_id` and
/// a `post_logout_redirect_uri`.
///
/// ```
/// use stytch_core::parse_logout_request;
/// let asked = parse_logout_request(
///     "https://app.example/oauth/logout?client_id=connected-app-test-1&post_logout_redirect_uri=https%3A%2F%2Fcli.example%2Fbye&state=s1",
/// )
/// .expect("a logout request");
/// assert_eq!((asked.post_logout_redirect_uri.as_str(), asked.state.as_str()), ("https://cli.example/bye", "s1"));
/// assert!(asked.id_token_hint.is_none());
/// assert!(parse_logout_request("https://app.example/oauth/logout?client_id=a").is_none());
/// ```
pub fn parse_logout_request(url: &str) -> Option<OAuthLogoutStartRequest> {
    let mut request = OAuthLogoutStartRequest::default();
    for (key, value) in super::url::query_params(url)? {
        match key {
            "client_id" => request.client_id = value,
            "post_logout_redirect_uri" => request.post_logout_redirect_uri = value,
            "state" => request.state = value,
            "id_token_hint" => request.id_token_hint = Some(value).filter(|v| !v.is_empty()),
            _ => {}
        }
    }
    (!request.client_id.is_empty() && !request.post_logout_redirect_uri.is_empty()).then_some(request)
}

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
