use stytch_models::RedactedDebug;

/// The token a redirect brought back (`?stytch_token_type=…&token=…`).
///
/// ```
/// use stytch_core::{AuthenticateUrl, parse_authenticate_url};
///
/// let url = parse_authenticate_url(
///     "https://app.example.com/reset?stytch_token_type=multi_tenant_passwords&token=t1&stytch_redirect_type=reset_password",
/// );
/// let Some(AuthenticateUrl { token_type, token, redirect_type }) = url else { panic!("no token") };
/// assert_eq!((token_type.as_str(), token.as_str()), ("multi_tenant_passwords", "t1"));
/// assert_eq!(redirect_type.as_deref(), Some("reset_password"));
/// ```
#[derive(Clone, RedactedDebug, PartialEq, Eq)]
pub struct AuthenticateUrl {
    /// `discovery`, `multi_tenant_magic_links`, `oauth`, `discovery_oauth`, `sso`, …
    pub token_type: String,
    /// The token.
    #[redact]
    pub token: String,
    /// `stytch_redirect_type` (`reset_password` on password-reset links), if present.
    pub redirect_type: Option<String>,
}

/// Reads `token` and `stytch_token_type` from a URL's query string (`None` if either is
/// missing), as the official `parseAuthenticateUrl` does.
///
/// ```
/// use stytch_core::parse_authenticate_url;
/// let url = parse_authenticate_url("http://localhost:8080/authenticate?stytch_token_type=discovery&token=abc%2D1#x").unwrap();
/// assert_eq!((url.token_type.as_str(), url.token.as_str()), ("discovery", "abc-1"));
/// assert!(parse_authenticate_url("http://localhost:8080/?token=abc").is_none());
/// ```
pub fn parse_authenticate_url(href: &str) -> Option<AuthenticateUrl> {
    let (mut token, mut token_type, mut redirect_type) = (None, None, None);
    for (key, value) in query_params(href)? {
        match key {
            "token" => token = Some(value),
            "stytch_token_type" => token_type = Some(value),
            "stytch_redirect_type" => redirect_type = Some(value),
            _ => {}
        }
    }
    Some(AuthenticateUrl {
        token_type: token_type.filter(|t| !t.is_empty())?,
        token: token.filter(|t| !t.is_empty())?,
        redirect_type: redirect_type.filter(|t| !t.is_empty()),
    })
}

/// The query parameters of `href` (before any fragment), decoded; `None` without a query.
pub(crate) fn query_params(href: &str) -> Option<impl Iterator<Item = (&str, String)>> {
    let without_fragment = href.split('#').next().unwrap_or_default();
    let query = without_fragment.split_once('?').map(|(_, q)| q)?;
    Some(query.split('&').map(|pair| {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        (key, percent_decode(value))
    }))
}

/// The organization slug in `href` according to the project's `slug_pattern` (bootstrap), as
/// the official UI finds it: `{{slug}}` matches one or more characters, `*` matches within one
/// host label (no dot), everything else literally; query and fragment are ignored.
///
/// ```
/// use stytch_core::slug_from_url;
/// let pattern = "http://localhost:8080/org/{{slug}}";
/// assert_eq!(slug_from_url(pattern, "http://localhost:8080/org/acme?x=1").as_deref(), Some("acme"));
/// assert_eq!(slug_from_url("https://{{slug}}.example.com/login", "https://acme.example.com/login").as_deref(), Some("acme"));
/// assert_eq!(slug_from_url("https://*.app.io/{{slug}}", "https://eu.app.io/globex").as_deref(), Some("globex"));
/// assert_eq!(slug_from_url(pattern, "http://localhost:8080/login"), None);
/// ```
pub fn slug_from_url(pattern: &str, href: &str) -> Option<String> {
    let url = href.split(['?', '#']).next().unwrap_or_default();
    let slug = matches(pattern.as_bytes(), url.as_bytes(), None)?;
    Some(percent_decode(&slug)).filter(|s| !s.is_empty())
}

/// Backtracking match of the whole of `text` against `pattern`; returns the `{{slug}}` capture.
fn matches(pattern: &[u8], text: &[u8], captured: Option<String>) -> Option<String> {
    const SLUG: &[u8] = b"{{slug}}";
    if pattern.is_empty() {
        return text.is_empty().then(|| captured.unwrap_or_default());
    }
    if pattern.starts_with(SLUG) {
        // One or more characters, longest first.
        return (1..=text.len()).rev().find_map(|n| {
            let slug = String::from_utf8_lossy(&text[..n]).into_owned();
            matches(&pattern[SLUG.len()..], &text[n..], Some(slug))
        });
    }
    if pattern[0] == b'*' {
        let label = text.iter().take_while(|b| **b != b'.').count();
        return (1..=label)
            .rev()
            .find_map(|n| matches(&pattern[1..], &text[n..], captured.clone()));
    }
    (text.first() == Some(&pattern[0]))
        .then(|| matches(&pattern[1..], &text[1..], captured))
        .flatten()
}

fn percent_decode(value: &str) -> String {
    crate::util::percent::decode(value, true)
}

/// What [`StytchClient::authenticate_by_url`](super::StytchClient::authenticate_by_url) did with a redirect's token.
///
/// ```no_run
/// # async fn run(client: &stytch_core::StytchClient) -> Result<(), stytch_core::StytchError> {
/// use stytch_core::UrlAuthentication;
/// match client.authenticate_by_url("https://app.example.com/authenticate?stytch_token_type=discovery&token=t", Some(60)).await {
///     Some(Ok(UrlAuthentication::Discovery(found))) => println!("{} organization(s)", found.discovered_organizations.len()),
///     Some(Ok(UrlAuthentication::Authenticated(answer))) => println!("signed in: {}", answer.member_authenticated),
///     Some(Ok(UrlAuthentication::Unhandled(url))) => println!("a {} token for another call", url.token_type),
///     Some(Err(error)) => return Err(error),
///     None => println!("no token in the URL"),
/// }
/// # Ok(()) }
/// ```
#[derive(Clone, Debug, PartialEq)]
pub enum UrlAuthentication {
    /// A discovery token (magic link or OAuth): an IST and the organizations found.
    Discovery(Box<stytch_models::api::discovery::DiscoveryAuthenticateResponse>),
    /// An organization-scoped token (magic link, OAuth, SSO or impersonation): a session, or
    /// what is still needed.
    Authenticated(Box<stytch_models::api::sessions::AuthenticateWithMfaResponse>),
    /// A token type this method does not authenticate (password resets):
    /// hand it to the matching call yourself.
    Unhandled(AuthenticateUrl),
}

impl super::StytchClient {
    /// Authenticates the token a redirect brought back, as the official `authenticateByUrl`:
    /// `discovery`, `discovery_oauth`, `oauth`, `sso`, `multi_tenant_magic_links` and
    /// `multi_tenant_impersonation` are handled; `None` when the URL carries no token.
    ///
    /// ```no_run
    /// # async fn demo(client: &stytch_core::StytchClient) {
    /// use stytch_core::UrlAuthentication;
    /// match client.authenticate_by_url("https://app.example.com/authenticate?stytch_token_type=oauth&token=t", Some(60)).await {
    ///     Some(Ok(UrlAuthentication::Authenticated(r))) => println!("signed in: {}", r.member_session.is_some()),
    ///     Some(Ok(other)) => println!("{other:?}"),
    ///     Some(Err(e)) => eprintln!("{e}"),
    ///     None => {}
    /// }
    /// # }
    /// ```
    pub async fn authenticate_by_url(
        &self,
        href: &str,
        session_duration_minutes: Option<u32>,
    ) -> Option<Result<UrlAuthentication, crate::StytchError>> {
        let url = parse_authenticate_url(href)?;
        let reset = url.redirect_type.as_deref() == Some("reset_password");
        Some(match url.token_type.as_str() {
            "discovery" if !reset => self
                .magic_links()
                .discovery_authenticate(&url.token)
                .await
                .map(|r| UrlAuthentication::Discovery(Box::new(r))),
            "discovery_oauth" => self
                .oauth()
                .discovery_authenticate(&url.token)
                .await
                .map(|r| UrlAuthentication::Discovery(Box::new(r))),
            "oauth" => self
                .oauth()
                .authenticate(&url.token, session_duration_minutes)
                .await
                .map(|r| UrlAuthentication::Authenticated(Box::new(r))),
            "sso" => self
                .sso()
                .authenticate(&url.token, session_duration_minutes)
                .await
                .map(|r| UrlAuthentication::Authenticated(Box::new(r))),
            "multi_tenant_magic_links" => self
                .magic_links()
                .authenticate(&url.token, session_duration_minutes)
                .await
                .map(|r| UrlAuthentication::Authenticated(Box::new(r))),
            // Always the fixed hour: an impersonated session's length is not the caller's.
            "multi_tenant_impersonation" => self
                .impersonation()
                .authenticate(&url.token)
                .await
                .map(|r| UrlAuthentication::Authenticated(Box::new(r))),
            _ => Ok(UrlAuthentication::Unhandled(url)),
        })
    }
}
