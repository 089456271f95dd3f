//! The session cookies a server puts in its response, written by the same rules as the
//! browser client's own.

use std::cell::RefCell;
use std::rc::Rc;

use stytch_models::RedactedDebug;
use stytch_models::api::discovery::DiscoveryAuthenticateResponse;
use stytch_models::api::mfa::RecoverResponse;
use stytch_models::api::sessions::{AuthenticateResponse, AuthenticateWithMfaResponse};
use stytch_models::time::parse_rfc3339;

use super::{Cookie, CookieJar, CookieOptions, MemoryStore, PageLocation, SessionCookies, cookie_pairs};

/// The `Set-Cookie` headers that give the browser a session created or extended on your
/// server (or take it away), named, scoped and encoded exactly as the browser client writes
/// its own, so that the client reads them as its session. After the response arrives, call
/// the client's `session().authenticate()` (or reload) so that it picks the new session up,
/// as Stytch's guide to hydrating a session asks.
///
/// `Secure` and the subdomain `Domain` follow the page's host as they do in the browser;
/// a cookie the request carries under the other scope (written before a change of
/// `available_to_subdomains`) is expired first, since it would shadow the new one. The
/// cookies are readable by the page's script (not `HttpOnly`): the client must read them.
///
/// ```
/// use stytch_core::storage::{CookieOptions, PageLocation, ResponseCookies};
///
/// let page = PageLocation::from_host("https", "app.example.com");
/// let mut cookies = ResponseCookies::new(page, "theme=dark", CookieOptions::default());
/// cookies.write_session("session-token", "eyJ.session.jwt", Some(1_700_000_000_000));
/// assert_eq!(
///     cookies.headers(),
///     [
///         "stytch_session=session-token; Path=/; Expires=Tue, 14 Nov 2023 22:13:20 GMT; SameSite=Lax; Secure",
///         "stytch_session_jwt=eyJ.session.jwt; Path=/; Expires=Tue, 14 Nov 2023 22:13:20 GMT; SameSite=Lax; Secure",
///     ]
/// );
/// ```
#[derive(Clone, RedactedDebug, PartialEq, Eq)]
pub struct ResponseCookies {
    location: PageLocation,
    /// The request's cookies (session tokens among them).
    #[redact]
    request: Vec<(String, String)>,
    options: CookieOptions,
    /// The headers written (session tokens among them).
    #[redact]
    headers: Vec<String>,
}

impl ResponseCookies {
    /// Cookies for a page at `location` whose request carried the `Cookie` header
    /// `request_cookies` (`""` when it had none), under the names and scope of `options` (the
    /// `cookie_options` the browser client uses).
    ///
    /// ```
    /// use stytch_core::storage::{CookieOptions, PageLocation, ResponseCookies};
    /// let cookies = ResponseCookies::new(PageLocation::from_host("http", "localhost:3000"), "", CookieOptions::default());
    /// assert!(cookies.headers().is_empty(), "nothing written yet");
    /// ```
    pub fn new(location: PageLocation, request_cookies: &str, options: CookieOptions) -> Self {
        let request = cookie_pairs(request_cookies)
            .map(|(name, value)| (name.to_owned(), value))
            .collect();
        Self {
            location,
            request,
            options,
            headers: Vec::new(),
        }
    }

    /// The session token and JWT, expiring at `expires_ms` (the session's `expires_at`, in Unix
    /// milliseconds; `None` makes browser-session cookies).
    ///
    /// ```
    /// use stytch_core::storage::{CookieOptions, PageLocation, ResponseCookies};
    /// let mut cookies = ResponseCookies::new(PageLocation::from_host("http", "localhost:3000"), "", CookieOptions::default());
    /// cookies.write_session("token", "eyJ.jwt", None);
    /// assert_eq!(cookies.headers()[1], "stytch_session_jwt=eyJ.jwt; Path=/; SameSite=Lax");
    /// ```
    pub fn write_session(&mut self, session_token: &str, session_jwt: &str, expires_ms: Option<i64>) {
        self.with_cookies(|cookies| cookies.write_session(session_token, session_jwt, expires_ms));
    }

    /// What the browser client does with a sign-in answer, for one your server received
    /// (`StytchBackend`'s sign-in and MFA calls): a session's token and JWT, expiring with
    /// it, and the IST cookie expired; or, for an answer that needs another factor (or a
    /// discovery answer), the IST for ten minutes from `now_ms` and the session cookies
    /// expired, since the member is not signed in until they finish. Empty tokens (a project
    /// whose API sets HttpOnly cookies itself) write nothing for the session.
    ///
    /// ```
    /// use stytch_core::models::{MemberSession, api::sessions::AuthenticateWithMfaResponse};
    /// use stytch_core::storage::{CookieOptions, PageLocation, ResponseCookies};
    ///
    /// let page = PageLocation::from_host("http", "localhost:3000");
    /// let mut cookies = ResponseCookies::new(page, "stytch_intermediate_session_token=ist", CookieOptions::default());
    /// let answer = AuthenticateWithMfaResponse {
    ///     member_session: Some(MemberSession { expires_at: "2030-01-01T00:00:00Z".into(), ..Default::default() }),
    ///     session_token: "session-token".into(),
    ///     session_jwt: "eyJ.session.jwt".into(),
    ///     ..Default::default()
    /// };
    /// cookies.write_sign_in(&answer, 0);
    /// assert!(cookies.headers()[0].starts_with("stytch_session=session-token; Path=/; Expires=Tue, 01 Jan 2030"));
    /// assert!(cookies.headers().iter().any(|h| h.starts_with("stytch_intermediate_session_token=;")), "the IST goes");
    /// ```
    pub fn write_sign_in(&mut self, answer: &impl SignInAnswer, now_ms: i64) {
        match answer.granted() {
            Granted::Session {
                session_token,
                session_jwt,
                expires_at,
            } => self.with_cookies(|cookies| {
                if !session_token.is_empty() || !session_jwt.is_empty() {
                    cookies.write_session(session_token, session_jwt, parse_rfc3339(expires_at));
                }
                cookies.remove_ist();
            }),
            Granted::Intermediate(ist) if !ist.is_empty() => self.with_cookies(|cookies| {
                cookies.remove_session();
                cookies.write_ist(ist, now_ms);
            }),
            Granted::Intermediate(_) => self.with_cookies(SessionCookies::remove_session),
        }
    }

    /// Expires the IST cookie: a sign-in the member abandoned, or one finished elsewhere.
    ///
    /// ```
    /// use stytch_core::storage::{CookieOptions, PageLocation, ResponseCookies};
    /// let page = PageLocation::from_host("http", "localhost:3000");
    /// let mut cookies = ResponseCookies::new(page, "stytch_intermediate_session_token=ist", CookieOptions::default());
    /// cookies.remove_intermediate_session();
    /// assert!(cookies.headers()[0].starts_with("stytch_intermediate_session_token=; Path=/; Expires=Thu, 01 Jan 1970"));
    /// ```
    pub fn remove_intermediate_session(&mut self) {
        self.with_cookies(SessionCookies::remove_ist);
    }

    /// Signs the browser out: expires both session cookies at the default path and host and
    /// at the configured ones (the browser client also remembers other places it wrote them;
    /// the server cannot know those).
    ///
    /// ```
    /// use stytch_core::storage::{CookieOptions, PageLocation, ResponseCookies};
    /// let page = PageLocation::from_host("https", "app.example.com");
    /// let mut cookies = ResponseCookies::new(page, "stytch_session=token", CookieOptions::default());
    /// cookies.remove_session();
    /// assert!(cookies.headers().contains(&"stytch_session=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT".to_owned()));
    /// ```
    pub fn remove_session(&mut self) {
        self.with_cookies(SessionCookies::remove_session);
    }

    /// The `Set-Cookie` header values, in the order written (see [`ResponseCookies::write_session`]).
    ///
    /// ```
    /// use stytch_core::storage::{CookieOptions, PageLocation, ResponseCookies};
    /// let mut cookies = ResponseCookies::new(PageLocation::from_host("http", "localhost:3000"), "", CookieOptions::default());
    /// cookies.remove_session();
    /// // One `Set-Cookie` header per value, in order.
    /// for value in cookies.headers() {
    ///     assert!(value.contains("Expires=Thu, 01 Jan 1970"));
    /// }
    /// ```
    pub fn headers(&self) -> &[String] {
        &self.headers
    }

    /// Runs `write` over the browser client's cookie rules with a jar that records headers.
    fn with_cookies(&mut self, write: impl FnOnce(&SessionCookies)) {
        let jar = Rc::new(HeaderJar {
            location: self.location.clone(),
            request: self.request.clone(),
            headers: RefCell::new(Vec::new()),
        });
        let cookies = SessionCookies::new(jar.clone(), Rc::new(MemoryStore::new()), self.options.clone(), "");
        write(&cookies);
        drop(cookies);
        let headers = jar.headers.take();
        for header in &headers {
            // A later write of the same cookie replaces what this response said about it.
            let name = header.split('=').next().unwrap_or_default();
            self.request.retain(|(existing, _)| existing != name);
        }
        self.headers.extend(headers);
    }
}

/// What a sign-in answer grants: a session, or an IST to finish with.
///
/// ```
/// use stytch_core::models::api::sessions::AuthenticateWithMfaResponse;
/// use stytch_core::storage::{Granted, SignInAnswer};
/// // An answer that needs MFA grants only the IST.
/// let answer = AuthenticateWithMfaResponse { intermediate_session_token: "ist".into(), ..Default::default() };
/// assert!(matches!(answer.granted(), Granted::Intermediate("ist")));
/// assert_eq!(format!("{:?}", answer.granted()), "Intermediate(…)", "never the token itself");
/// ```
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Granted<'a> {
    /// A session: its token and JWT (empty when the API set HttpOnly cookies itself) and
    /// when it expires (RFC 3339).
    Session {
        /// Opaque session token.
        session_token: &'a str,
        /// Session JWT.
        session_jwt: &'a str,
        /// The session's `expires_at`.
        expires_at: &'a str,
    },
    /// Another step first (MFA, a primary factor, an organization to choose): the IST.
    Intermediate(&'a str),
}

impl std::fmt::Debug for Granted<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Session { expires_at, .. } => write!(f, "Session(until {expires_at})"),
            Self::Intermediate(_) => f.write_str("Intermediate(…)"),
        }
    }
}

/// A sign-in answer [`ResponseCookies::write_sign_in`] can write: Stytch's answers that grant a
/// session or an IST.
///
/// ```
/// use stytch_core::models::api::discovery::DiscoveryAuthenticateResponse;
/// use stytch_core::storage::{Granted, SignInAnswer};
/// let found = DiscoveryAuthenticateResponse { intermediate_session_token: "ist".into(), ..Default::default() };
/// assert_eq!(found.granted(), Granted::Intermediate("ist"));
/// ```
pub trait SignInAnswer {
    /// What the answer grants.
    fn granted(&self) -> Granted<'_>;
}

impl SignInAnswer for AuthenticateWithMfaResponse {
    fn granted(&self) -> Granted<'_> {
        match &self.member_session {
            Some(session) => Granted::Session {
                session_token: &self.session_token,
                session_jwt: &self.session_jwt,
                expires_at: &session.expires_at,
            },
            None => Granted::Intermediate(&self.intermediate_session_token),
        }
    }
}

impl SignInAnswer for AuthenticateResponse {
    fn granted(&self) -> Granted<'_> {
        Granted::Session {
            session_token: &self.session_token,
            session_jwt: &self.session_jwt,
            expires_at: &self.member_session.expires_at,
        }
    }
}

impl SignInAnswer for RecoverResponse {
    fn granted(&self) -> Granted<'_> {
        Granted::Session {
            session_token: &self.session_token,
            session_jwt: &self.session_jwt,
            expires_at: &self.member_session.expires_at,
        }
    }
}

impl SignInAnswer for DiscoveryAuthenticateResponse {
    fn granted(&self) -> Granted<'_> {
        Granted::Intermediate(&self.intermediate_session_token)
    }
}

/// A jar that reads the request's cookies and records what is written as headers.
struct HeaderJar {
    location: PageLocation,
    request: Vec<(String, String)>,
    headers: RefCell<Vec<String>>,
}

impl CookieJar for HeaderJar {
    fn get(&self, name: &str) -> Option<String> {
        self.request.iter().find(|(n, _)| n == name).map(|(_, v)| v.clone())
    }

    fn count(&self, name: &str) -> usize {
        self.request.iter().filter(|(n, _)| n == name).count()
    }

    fn set(&self, cookie: &Cookie) {
        self.headers.borrow_mut().push(cookie.header_value());
    }

    fn remove(&self, name: &str, path: &str, domain: Option<&str>) {
        self.headers
            .borrow_mut()
            .push(super::removal_header_value(name, path, domain));
    }

    fn location(&self) -> PageLocation {
        self.location.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::MemoryCookieJar;

    fn options(available_to_subdomains: bool) -> CookieOptions {
        CookieOptions {
            available_to_subdomains,
            ..Default::default()
        }
    }

    /// The same session written by the browser client's rules into a browser-like jar and
    /// into a response yields the same cookies: the response's headers, applied, are what the
    /// browser would hold.
    #[test]
    fn a_response_writes_what_the_browser_client_writes() {
        for (scheme, host, shared) in [
            ("http", "localhost:3000", false),
            ("https", "app.example.com", false),
            ("https", "app.example.com:8443", true),
        ] {
            let location = PageLocation::from_host(scheme, host);
            let jar = Rc::new(MemoryCookieJar::at(&location.hostname, &location.host));
            let browser = SessionCookies::new(
                jar.clone(),
                Rc::new(MemoryStore::new()),
                options(shared),
                "public-token",
            );
            browser.write_session("token;with=odd bytes", "eyJ.jwt", Some(1_700_000_000_000));
            let expected: Vec<String> = jar.cookies().iter().map(|c| c.cookie.header_value()).collect();

            let mut response = ResponseCookies::new(location, "", options(shared));
            response.write_session("token;with=odd bytes", "eyJ.jwt", Some(1_700_000_000_000));
            assert_eq!(response.headers(), expected, "{host}");
            assert_eq!(expected.len(), 2);
            assert_eq!(
                expected[0].contains("; Secure"),
                !host.starts_with("localhost"),
                "{host}"
            );
            assert_eq!(expected[0].contains("; Domain=app.example.com:8443"), shared, "{host}");
            assert!(
                expected[0].starts_with("stytch_session=token%3Bwith=odd%20bytes; "),
                "{}",
                expected[0]
            );
        }
    }

    #[test]
    fn a_cookie_of_the_other_scope_in_the_request_is_expired_first() {
        let location = PageLocation::from_host("https", "app.example.com");
        let mut response = ResponseCookies::new(location, "stytch_session=old", options(true));
        response.write_session("new", "eyJ.new", None);
        assert_eq!(
            response.headers(),
            [
                "stytch_session=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT",
                "stytch_session=new; Path=/; Domain=app.example.com; SameSite=Lax; Secure",
                "stytch_session_jwt=eyJ.new; Path=/; Domain=app.example.com; SameSite=Lax; Secure",
            ]
        );
    }

    #[test]
    fn signing_out_expires_both_cookies_where_they_may_be() {
        let location = PageLocation::from_host("https", "app.example.com");
        let mut response = ResponseCookies::new(location, "stytch_session=t; stytch_session_jwt=j", options(false));
        response.remove_session();
        let headers = response.headers();
        for name in ["stytch_session", "stytch_session_jwt"] {
            for scope in ["", "; Domain=app.example.com"] {
                let header = format!("{name}=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT{scope}");
                assert!(headers.contains(&header), "{header} missing from {headers:?}");
            }
        }
        assert!(
            headers.iter().all(|h| h.contains("Expires=Thu, 01 Jan 1970")),
            "{headers:?}"
        );
    }
}
