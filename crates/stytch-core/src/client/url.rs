/// The token a redirect brought back (`?stytch_token_type=…&token=…`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuthenticateUrl {
    /// `discovery`, `multi_tenant_magic_links`, `oauth`, `discovery_oauth`, `sso`, …
    pub token_type: String,
    /// The token.
    pub token: String,
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
    let without_fragment = href.split('#').next().unwrap_or_default();
    let query = without_fragment.split_once('?').map(|(_, q)| q)?;
    let (mut token, mut token_type) = (None, None);
    for pair in query.split('&') {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        match key {
            "token" => token = Some(percent_decode(value)),
            "stytch_token_type" => token_type = Some(percent_decode(value)),
            _ => {}
        }
    }
    Some(AuthenticateUrl {
        token_type: token_type.filter(|t| !t.is_empty())?,
        token: token.filter(|t| !t.is_empty())?,
    })
}

fn percent_decode(value: &str) -> String {
    crate::util::percent::decode(value, true)
}
