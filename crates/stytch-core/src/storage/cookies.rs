use std::rc::Rc;

use super::{Cookie, CookieJar, KeyValueStore};

/// Names and scope of the session cookies (the official SDK's `cookieOptions`).
///
/// ```
/// let options = stytch_core::storage::CookieOptions::default();
/// assert_eq!(options.opaque_token_cookie_name, "stytch_session");
/// assert_eq!(options.jwt_cookie_name, "stytch_session_jwt");
/// assert_eq!(options.ist_cookie_name, "stytch_intermediate_session_token");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CookieOptions {
    /// Session-token cookie name.
    pub opaque_token_cookie_name: String,
    /// Session-JWT cookie name.
    pub jwt_cookie_name: String,
    /// Intermediate-session-token cookie name.
    pub ist_cookie_name: String,
    /// Cookie path; `/` when unset.
    pub path: Option<String>,
    /// Cookie domain, used only with `available_to_subdomains` on a non-localhost page.
    pub domain: Option<String>,
    /// Share the cookies with subdomains (domain defaults to the page's host).
    pub available_to_subdomains: bool,
}

impl Default for CookieOptions {
    fn default() -> Self {
        Self {
            opaque_token_cookie_name: "stytch_session".to_owned(),
            jwt_cookie_name: "stytch_session_jwt".to_owned(),
            ist_cookie_name: "stytch_intermediate_session_token".to_owned(),
            path: None,
            domain: None,
            available_to_subdomains: false,
        }
    }
}

/// Lifetime the official SDK gives the IST cookie: ISTs are valid for 10 minutes.
pub const IST_COOKIE_LIFETIME_MS: i64 = 10 * 60 * 1000;

/// Writes, reads and removes the three session cookies with the official attributes:
/// `SameSite=Lax`, `Path=/` (or the configured path), `Secure` except on localhost pages,
/// a `Domain` only when shared with subdomains, and removal of every variant that may exist.
///
/// ```
/// use std::rc::Rc;
/// use stytch_core::storage::{CookieJar, CookieOptions, MemoryCookieJar, MemoryStore, SessionCookies};
///
/// let jar = Rc::new(MemoryCookieJar::at("app.example.com", "app.example.com"));
/// let cookies = SessionCookies::new(jar.clone(), Rc::new(MemoryStore::new()), CookieOptions::default(), "public-token-test-1");
/// cookies.write_session("opaque-token", "eyJ.jwt.sig", None);
/// assert_eq!(cookies.session_token().as_deref(), Some("opaque-token"));
/// // Off localhost the cookies are Secure and SameSite=Lax, as the official SDK writes them.
/// assert!(jar.find("stytch_session").is_some_and(|c| c.secure));
/// cookies.remove_session();
/// assert_eq!(jar.get("stytch_session_jwt"), None);
/// ```
#[derive(Clone)]
pub struct SessionCookies {
    jar: Rc<dyn CookieJar>,
    store: Rc<dyn KeyValueStore>,
    options: CookieOptions,
    seen_domains_key: String,
    seen_paths_key: String,
}

impl SessionCookies {
    /// Cookie handling for the client with this public token.
    ///
    /// ```
    /// # use std::rc::Rc;
    /// # use stytch_core::storage::*;
    /// let jar = Rc::new(MemoryCookieJar::at("localhost", "localhost:3000"));
    /// let cookies = SessionCookies::new(jar.clone(), Rc::new(MemoryStore::new()), CookieOptions::default(), "public-token-test-1");
    /// assert_eq!(cookies.session_token(), None);
    /// ```
    pub fn new(
        jar: Rc<dyn CookieJar>,
        store: Rc<dyn KeyValueStore>,
        options: CookieOptions,
        public_token: &str,
    ) -> Self {
        Self {
            jar,
            store,
            options,
            seen_domains_key: format!("stytch_sdk_state_{public_token}::seen_domains"),
            seen_paths_key: format!("stytch_sdk_state_{public_token}::seen_paths"),
        }
    }

    /// The configured names.
    ///
    /// ```
    /// # use std::rc::Rc;
    /// # use stytch_core::storage::*;
    /// let jar = Rc::new(MemoryCookieJar::at("localhost", "localhost:3000"));
    /// let cookies = SessionCookies::new(jar.clone(), Rc::new(MemoryStore::new()), CookieOptions::default(), "public-token-test-1");
    /// assert_eq!(cookies.options().opaque_token_cookie_name, "stytch_session");
    /// ```
    pub fn options(&self) -> &CookieOptions {
        &self.options
    }

    /// The readable session token, if any (absent in HttpOnly mode).
    ///
    /// ```
    /// # use std::rc::Rc;
    /// # use stytch_core::storage::*;
    /// let jar = Rc::new(MemoryCookieJar::at("localhost", "localhost:3000"));
    /// let cookies = SessionCookies::new(jar.clone(), Rc::new(MemoryStore::new()), CookieOptions::default(), "public-token-test-1");
    /// cookies.write_session_token("token", None);
    /// assert_eq!(cookies.session_token().as_deref(), Some("token"));
    /// ```
    pub fn session_token(&self) -> Option<String> {
        self.jar
            .get(&self.options.opaque_token_cookie_name)
            .filter(|v| !v.is_empty())
    }

    /// The readable session JWT, if any.
    ///
    /// ```
    /// # use std::rc::Rc;
    /// # use stytch_core::storage::*;
    /// let jar = Rc::new(MemoryCookieJar::at("localhost", "localhost:3000"));
    /// let cookies = SessionCookies::new(jar.clone(), Rc::new(MemoryStore::new()), CookieOptions::default(), "public-token-test-1");
    /// cookies.write_session_jwt("eyJ.a.b", None);
    /// assert_eq!(cookies.session_jwt().as_deref(), Some("eyJ.a.b"));
    /// ```
    pub fn session_jwt(&self) -> Option<String> {
        self.jar.get(&self.options.jwt_cookie_name).filter(|v| !v.is_empty())
    }

    /// The intermediate session token, if any.
    ///
    /// ```
    /// # use std::rc::Rc;
    /// # use stytch_core::storage::*;
    /// let jar = Rc::new(MemoryCookieJar::at("localhost", "localhost:3000"));
    /// let cookies = SessionCookies::new(jar.clone(), Rc::new(MemoryStore::new()), CookieOptions::default(), "public-token-test-1");
    /// cookies.write_ist("ist", 0);
    /// assert_eq!(cookies.intermediate_session_token().as_deref(), Some("ist"));
    /// ```
    pub fn intermediate_session_token(&self) -> Option<String> {
        self.jar.get(&self.options.ist_cookie_name).filter(|v| !v.is_empty())
    }

    fn cookie(&self, name: &str, value: &str, expires_ms: Option<i64>, available_to_subdomains: bool) -> Cookie {
        let location = self.jar.location();
        let localhost = location.is_localhost();
        let domain = (!localhost && available_to_subdomains)
            .then(|| self.options.domain.clone().unwrap_or_else(|| location.host.clone()));
        Cookie {
            name: name.to_owned(),
            value: value.to_owned(),
            expires_ms,
            path: self.options.path.clone().unwrap_or_else(|| "/".to_owned()),
            domain,
            secure: !localhost,
        }
    }

    fn write(&self, name: &str, value: &str, expires_ms: Option<i64>) {
        let cookie = self.cookie(name, value, expires_ms, self.options.available_to_subdomains);
        if let Some(domain) = &cookie.domain {
            self.remember(&self.seen_domains_key, domain);
        }
        if cookie.path != "/" {
            self.remember(&self.seen_paths_key, &cookie.path);
        }
        // A cookie written before a change of `available_to_subdomains` would shadow this one.
        if self.jar.count(name) > 0 {
            let alternate = self.cookie(name, "", None, !self.options.available_to_subdomains);
            self.jar.remove(name, &alternate.path, alternate.domain.as_deref());
        }
        self.jar.set(&cookie);
    }

    /// Writes the session token and JWT cookies, expiring with the session.
    ///
    /// ```
    /// # use std::rc::Rc;
    /// # use stytch_core::storage::*;
    /// let jar = Rc::new(MemoryCookieJar::at("localhost", "localhost:3000"));
    /// let cookies = SessionCookies::new(jar.clone(), Rc::new(MemoryStore::new()), CookieOptions::default(), "public-token-test-1");
    /// cookies.write_session("token", "eyJ.a.b", Some(4_102_444_800_000));
    /// assert!(jar.find("stytch_session_jwt").is_some_and(|c| c.expires_ms == Some(4_102_444_800_000)));
    /// ```
    pub fn write_session(&self, session_token: &str, session_jwt: &str, expires_ms: Option<i64>) {
        self.write(
            &self.options.opaque_token_cookie_name.clone(),
            session_token,
            expires_ms,
        );
        self.write(&self.options.jwt_cookie_name.clone(), session_jwt, expires_ms);
    }

    /// Writes only the session-token cookie.
    ///
    /// ```
    /// # use std::rc::Rc;
    /// # use stytch_core::storage::*;
    /// let jar = Rc::new(MemoryCookieJar::at("localhost", "localhost:3000"));
    /// let cookies = SessionCookies::new(jar.clone(), Rc::new(MemoryStore::new()), CookieOptions::default(), "public-token-test-1");
    /// cookies.write_session_token("token", None);
    /// assert_eq!(jar.get("stytch_session").as_deref(), Some("token"));
    /// ```
    pub fn write_session_token(&self, session_token: &str, expires_ms: Option<i64>) {
        self.write(
            &self.options.opaque_token_cookie_name.clone(),
            session_token,
            expires_ms,
        );
    }

    /// Writes only the session-JWT cookie.
    ///
    /// ```
    /// # use std::rc::Rc;
    /// # use stytch_core::storage::*;
    /// let jar = Rc::new(MemoryCookieJar::at("localhost", "localhost:3000"));
    /// let cookies = SessionCookies::new(jar.clone(), Rc::new(MemoryStore::new()), CookieOptions::default(), "public-token-test-1");
    /// cookies.write_session_jwt("eyJ.a.b", None);
    /// assert_eq!(jar.get("stytch_session_jwt").as_deref(), Some("eyJ.a.b"));
    /// ```
    pub fn write_session_jwt(&self, session_jwt: &str, expires_ms: Option<i64>) {
        self.write(&self.options.jwt_cookie_name.clone(), session_jwt, expires_ms);
    }

    /// Writes the IST cookie, expiring 10 minutes after `now_ms`.
    ///
    /// ```
    /// # use std::rc::Rc;
    /// # use stytch_core::storage::*;
    /// let jar = Rc::new(MemoryCookieJar::at("localhost", "localhost:3000"));
    /// let cookies = SessionCookies::new(jar.clone(), Rc::new(MemoryStore::new()), CookieOptions::default(), "public-token-test-1");
    /// // Ten minutes from `now_ms`, as ISTs live.
    /// cookies.write_ist("ist", 0);
    /// assert_eq!(jar.find("stytch_intermediate_session_token").unwrap().expires_ms, Some(600_000));
    /// ```
    pub fn write_ist(&self, ist: &str, now_ms: i64) {
        self.write(
            &self.options.ist_cookie_name.clone(),
            ist,
            Some(now_ms + IST_COOKIE_LIFETIME_MS),
        );
    }

    /// Removes the session token and JWT cookies, in every variant that may exist.
    ///
    /// ```
    /// # use std::rc::Rc;
    /// # use stytch_core::storage::*;
    /// let jar = Rc::new(MemoryCookieJar::at("localhost", "localhost:3000"));
    /// let cookies = SessionCookies::new(jar.clone(), Rc::new(MemoryStore::new()), CookieOptions::default(), "public-token-test-1");
    /// cookies.write_session("token", "jwt", None);
    /// cookies.remove_session();
    /// assert_eq!((cookies.session_token(), cookies.session_jwt()), (None, None));
    /// ```
    pub fn remove_session(&self) {
        self.remove_everywhere(&self.options.opaque_token_cookie_name);
        self.remove_everywhere(&self.options.jwt_cookie_name);
    }

    /// Removes the IST cookie, in every variant that may exist.
    ///
    /// ```
    /// # use std::rc::Rc;
    /// # use stytch_core::storage::*;
    /// let jar = Rc::new(MemoryCookieJar::at("localhost", "localhost:3000"));
    /// let cookies = SessionCookies::new(jar.clone(), Rc::new(MemoryStore::new()), CookieOptions::default(), "public-token-test-1");
    /// cookies.write_ist("ist", 0);
    /// cookies.remove_ist();
    /// assert_eq!(cookies.intermediate_session_token(), None);
    /// ```
    pub fn remove_ist(&self) {
        self.remove_everywhere(&self.options.ist_cookie_name);
    }

    /// Values remembered under `key` (a JSON array), so cookies written under an earlier
    /// configuration can still be removed. The official SDK remembers domains; we also
    /// remember paths.
    fn seen(&self, key: &str) -> Vec<String> {
        self.store
            .get(key)
            .and_then(|json| stytch_models::json::from_str(&json).ok())
            .unwrap_or_default()
    }

    fn remember(&self, key: &str, value: &str) {
        let mut values = self.seen(key);
        if !values.iter().any(|v| v == value) {
            values.push(value.to_owned());
            self.store.set(key, &stytch_models::json::to_string(&values));
        }
    }

    fn remove_everywhere(&self, name: &str) {
        let mut paths = vec!["/".to_owned()];
        for candidate in self.options.path.iter().cloned().chain(self.seen(&self.seen_paths_key)) {
            if !paths.contains(&candidate) {
                paths.push(candidate);
            }
        }
        let mut domains: Vec<Option<String>> = vec![None];
        let host = self.jar.location().host;
        for candidate in self
            .options
            .domain
            .iter()
            .cloned()
            .chain(Some(host))
            .chain(self.seen(&self.seen_domains_key))
        {
            if !domains.contains(&Some(candidate.clone())) {
                domains.push(Some(candidate));
            }
        }
        for path in &paths {
            for domain in &domains {
                self.jar.remove(name, path, domain.as_deref());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::{MemoryCookieJar, MemoryStore};

    fn cookies_at(hostname: &str, host: &str, options: CookieOptions) -> (Rc<MemoryCookieJar>, SessionCookies) {
        let jar = Rc::new(MemoryCookieJar::at(hostname, host));
        let cookies = SessionCookies::new(jar.clone(), Rc::new(MemoryStore::new()), options, "public-token-test-1");
        (jar, cookies)
    }

    #[test]
    fn non_localhost_pages_get_secure_cookies_without_domain() {
        let (jar, cookies) = cookies_at("app.example.com", "app.example.com:8443", CookieOptions::default());
        cookies.write_session("tok", "jwt", Some(1_000));
        let cookie = jar.find("stytch_session").unwrap();
        assert!(cookie.secure);
        assert_eq!(
            (cookie.domain, cookie.path.as_str(), cookie.expires_ms),
            (None, "/", Some(1_000))
        );
    }

    #[test]
    fn subdomain_sharing_uses_the_host_with_its_port_unless_a_domain_is_set() {
        let options = CookieOptions {
            available_to_subdomains: true,
            ..Default::default()
        };
        let (jar, cookies) = cookies_at("app.example.com", "app.example.com:8443", options.clone());
        cookies.write_ist("ist", 0);
        let ist = jar.find("stytch_intermediate_session_token").unwrap();
        assert_eq!(
            ist.domain.as_deref(),
            Some("app.example.com:8443"),
            "the official SDK uses location.host"
        );
        assert_eq!(ist.expires_ms, Some(IST_COOKIE_LIFETIME_MS));

        let (jar, cookies) = cookies_at(
            "app.example.com",
            "app.example.com",
            CookieOptions {
                domain: Some(".example.com".into()),
                ..options
            },
        );
        cookies.write_session("tok", "jwt", None);
        assert_eq!(
            jar.find("stytch_session_jwt").unwrap().domain.as_deref(),
            Some(".example.com")
        );
        let (jar, cookies) = cookies_at(
            "localhost",
            "localhost:3000",
            CookieOptions {
                available_to_subdomains: true,
                domain: Some(".example.com".into()),
                ..Default::default()
            },
        );
        cookies.write_session("tok", "jwt", None);
        assert_eq!(
            jar.find("stytch_session").unwrap().domain,
            None,
            "never a Domain on localhost"
        );
    }

    #[test]
    fn removal_reaches_every_variant_that_may_exist() {
        let shared = CookieOptions {
            available_to_subdomains: true,
            domain: Some(".example.com".into()),
            path: Some("/app".into()),
            ..Default::default()
        };
        let jar = Rc::new(MemoryCookieJar::at("app.example.com", "app.example.com"));
        let store = Rc::new(MemoryStore::new());
        let old = SessionCookies::new(jar.clone(), store.clone(), shared, "public-token-test-1");
        old.write_session("tok", "jwt", None);
        // Later the app stops sharing cookies; signing out must still remove the old ones.
        let now = SessionCookies::new(jar.clone(), store, CookieOptions::default(), "public-token-test-1");
        now.write_ist("ist", 0);
        now.remove_session();
        now.remove_ist();
        assert!(jar.cookies().is_empty(), "left behind: {:?}", jar.cookies());
    }

    #[test]
    fn custom_names_are_used_everywhere() {
        let options = CookieOptions {
            opaque_token_cookie_name: "s".into(),
            jwt_cookie_name: "j".into(),
            ist_cookie_name: "i".into(),
            ..Default::default()
        };
        let (jar, cookies) = cookies_at("localhost", "localhost", options);
        cookies.write_session("tok", "jwt", None);
        cookies.write_ist("ist", 0);
        assert_eq!(
            (jar.get("s"), jar.get("j"), jar.get("i")),
            (Some("tok".into()), Some("jwt".into()), Some("ist".into()))
        );
        assert_eq!(cookies.session_token().as_deref(), Some("tok"));
        assert_eq!(cookies.intermediate_session_token().as_deref(), Some("ist"));
    }
}
