//! Cookies and the key-value state cache, behind traits so the session logic runs the same in a
//! browser (`document.cookie`, `localStorage`) and in native tests (in-memory, several "tabs").

#[cfg(all(target_arch = "wasm32", feature = "browser"))]
mod browser;
mod cookies;
mod memory;
mod response;

#[cfg(all(target_arch = "wasm32", feature = "browser"))]
pub use browser::{BrowserCookieJar, BrowserStorage};
pub use cookies::{CookieOptions, SessionCookies};
pub use memory::{MemoryCookieJar, MemoryStore, StoredCookie};
pub use response::{Granted, ResponseCookies, SignInAnswer};

use stytch_models::RedactedDebug;

/// Where the page is served from; decides `Secure` and the default cookie domain.
///
/// ```
/// use stytch_core::storage::PageLocation;
///
/// let page = PageLocation::from_host("http", "localhost:8080");
/// assert_eq!(page, PageLocation {
///     hostname: "localhost".into(),
///     host: "localhost:8080".into(),
///     origin: "http://localhost:8080".into(),
/// });
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PageLocation {
    /// `location.hostname`, e.g. `localhost`.
    pub hostname: String,
    /// `location.host`, hostname plus port, e.g. `localhost:8080`.
    pub host: String,
    /// `location.origin`, e.g. `http://localhost:8080` (sent as `X-SDK-Parent-Host`).
    pub origin: String,
}

impl PageLocation {
    /// The location of a page served at `host` (a `Host` header or URL authority, port
    /// included) over `scheme`, as a server sees its request.
    ///
    /// ```
    /// use stytch_core::storage::PageLocation;
    /// let page = PageLocation::from_host("https", "app.example.com:8443");
    /// assert_eq!((page.hostname.as_str(), page.origin.as_str()), ("app.example.com", "https://app.example.com:8443"));
    /// assert_eq!(PageLocation::from_host("http", "[::1]:3000").hostname, "[::1]");
    /// assert!(PageLocation::from_host("http", "localhost:3000").is_localhost());
    /// ```
    pub fn from_host(scheme: &str, host: &str) -> Self {
        // A port follows the last `:` unless that `:` is inside an IPv6 literal's brackets.
        let hostname = match host.rsplit_once(':') {
            Some((name, port)) if !port.contains(']') && port.bytes().all(|b| b.is_ascii_digit()) => name,
            _ => host,
        };
        PageLocation {
            hostname: hostname.to_owned(),
            host: host.to_owned(),
            origin: format!("{scheme}://{host}"),
        }
    }

    /// Browsers keep non-`Secure` cookies only on localhost pages; the official SDK drops
    /// `Secure` exactly there.
    ///
    /// ```
    /// use stytch_core::storage::PageLocation;
    /// let at = |h: &str| PageLocation { hostname: h.into(), host: h.into(), origin: format!("http://{h}") };
    /// assert!(at("localhost").is_localhost());
    /// assert!(at("127.0.0.1").is_localhost());
    /// assert!(at("[::1]").is_localhost());
    /// assert!(!at("app.example.com").is_localhost());
    /// assert!(!at("127.0.0.1.example.com").is_localhost());
    /// ```
    pub fn is_localhost(&self) -> bool {
        let host = self.hostname.as_str();
        if host == "localhost" || host == "[::1]" || host == "::1" {
            return true;
        }
        let parts: Vec<&str> = host.split('.').collect();
        parts.len() == 4
            && parts[0] == "127"
            && parts
                .iter()
                .all(|p| !p.is_empty() && p.len() <= 3 && p.bytes().all(|b| b.is_ascii_digit()))
    }
}

/// A cookie to write, with the attributes the official SDK uses. Its `Debug` form hides the
/// value (a session token, JWT or IST).
///
/// ```
/// use stytch_core::storage::Cookie;
///
/// let ist = Cookie {
///     name: "stytch_intermediate_session_token".into(),
///     value: "ist".into(),
///     expires_ms: None,
///     path: "/".into(),
///     domain: Some(".example.com".into()),
///     secure: true,
/// };
/// assert_eq!(ist.header_value(), "stytch_intermediate_session_token=ist; Path=/; Domain=.example.com; SameSite=Lax; Secure");
/// assert!(!format!("{ist:?}").contains("\"ist\""));
/// ```
#[derive(Clone, RedactedDebug, PartialEq, Eq)]
pub struct Cookie {
    /// Name.
    pub name: String,
    /// Value (encoded by the jar as needed).
    #[redact]
    pub value: String,
    /// Expiry in Unix milliseconds; `None` makes a browser-session cookie.
    pub expires_ms: Option<i64>,
    /// Path (`/` unless configured).
    pub path: String,
    /// Domain, only when shared with subdomains on a non-localhost page.
    pub domain: Option<String>,
    /// `Secure` everywhere except localhost pages.
    pub secure: bool,
}

impl Cookie {
    /// The cookie as a `Set-Cookie` header value, which is also what the browser client
    /// assigns to `document.cookie`: `Path`, then `Expires` (an HTTP date) when it has one,
    /// `Domain` when shared with subdomains, `SameSite=Lax`, and `Secure` off localhost. The
    /// value is percent-encoded where a cookie may not hold the byte.
    ///
    /// ```
    /// use stytch_core::storage::Cookie;
    /// let cookie = Cookie {
    ///     name: "stytch_session".into(),
    ///     value: "token".into(),
    ///     expires_ms: Some(0),
    ///     path: "/".into(),
    ///     domain: None,
    ///     secure: true,
    /// };
    /// assert_eq!(
    ///     cookie.header_value(),
    ///     "stytch_session=token; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; SameSite=Lax; Secure"
    /// );
    /// ```
    pub fn header_value(&self) -> String {
        self.header_value_with(stytch_models::time::format_http_date)
    }

    /// [`Cookie::header_value`] with `Expires` written by `http_date` (the browser's own
    /// `toUTCString` there, which costs the wasm nothing).
    pub(crate) fn header_value_with(&self, http_date: impl FnOnce(i64) -> String) -> String {
        let mut text = format!("{}={}; Path={}", self.name, encode_cookie_value(&self.value), self.path);
        if let Some(expires) = self.expires_ms {
            text.push_str("; Expires=");
            text.push_str(&http_date(expires));
        }
        if let Some(domain) = &self.domain {
            text.push_str("; Domain=");
            text.push_str(domain);
        }
        text.push_str("; SameSite=Lax");
        if self.secure {
            text.push_str("; Secure");
        }
        text
    }
}

/// The header value that expires the cookie `name` at this path and domain.
pub(crate) fn removal_header_value(name: &str, path: &str, domain: Option<&str>) -> String {
    let mut text = format!("{name}=; Path={path}; Expires=Thu, 01 Jan 1970 00:00:00 GMT");
    if let Some(domain) = domain {
        text.push_str("; Domain=");
        text.push_str(domain);
    }
    text
}

/// The `name=value` pairs of a `Cookie` header or of `document.cookie`, values percent-decoded
/// as the client encodes them; malformed pairs are skipped.
pub(crate) fn cookie_pairs(header: &str) -> impl Iterator<Item = (&str, String)> {
    header.split(';').filter_map(|pair| {
        let (name, value) = pair.trim_ascii().split_once('=')?;
        Some((name.trim_ascii(), decode_cookie_value(value.trim_ascii())))
    })
}

/// Reads and writes script-visible cookies of the page.
///
/// ```
/// use std::{cell::RefCell, collections::HashMap};
/// use stytch_core::storage::{Cookie, CookieJar, PageLocation};
///
/// // A jar over a server framework's request and response cookies, say.
/// #[derive(Default)]
/// struct MapJar(RefCell<HashMap<String, String>>);
///
/// impl CookieJar for MapJar {
///     fn get(&self, name: &str) -> Option<String> {
///         self.0.borrow().get(name).cloned()
///     }
///     fn count(&self, name: &str) -> usize {
///         usize::from(self.0.borrow().contains_key(name))
///     }
///     fn set(&self, cookie: &Cookie) {
///         self.0.borrow_mut().insert(cookie.name.clone(), cookie.value.clone());
///     }
///     fn remove(&self, name: &str, _path: &str, _domain: Option<&str>) {
///         self.0.borrow_mut().remove(name);
///     }
///     fn location(&self) -> PageLocation {
///         PageLocation::from_host("https", "app.example.com")
///     }
/// }
///
/// let jar = MapJar::default();
/// jar.set(&Cookie { name: "stytch_session".into(), value: "t".into(), expires_ms: None, path: "/".into(), domain: None, secure: true });
/// assert_eq!(jar.count("stytch_session"), 1);
/// ```
pub trait CookieJar {
    /// The value of the first readable cookie called `name`.
    fn get(&self, name: &str) -> Option<String>;
    /// How many readable cookies are called `name` (duplicates arise when the domain changes).
    fn count(&self, name: &str) -> usize;
    /// Writes (or replaces) a cookie.
    fn set(&self, cookie: &Cookie);
    /// Expires the cookie with this name, path and domain.
    fn remove(&self, name: &str, path: &str, domain: Option<&str>);
    /// Where the page is.
    fn location(&self) -> PageLocation;
}

/// Stops a [`KeyValueStore::watch`] subscription when dropped.
///
/// ```
/// use std::{cell::Cell, rc::Rc};
/// use stytch_core::storage::WatchGuard;
///
/// let stopped = Rc::new(Cell::new(false));
/// let flag = stopped.clone();
/// let guard = WatchGuard::new(move || flag.set(true));
/// drop(guard);
/// assert!(stopped.get());
/// ```
#[must_use = "the watch ends when this guard is dropped"]
pub struct WatchGuard(Option<Box<dyn FnOnce()>>);

impl WatchGuard {
    /// A guard that runs `stop` when dropped.
    ///
    /// ```
    /// use stytch_core::storage::WatchGuard;
    /// // In a KeyValueStore::watch over a browser API: remove the event listener when dropped.
    /// let guard = WatchGuard::new(|| println!("listener removed"));
    /// drop(guard);
    /// ```
    pub fn new(stop: impl FnOnce() + 'static) -> Self {
        Self(Some(Box::new(stop)))
    }
}

impl Drop for WatchGuard {
    fn drop(&mut self) {
        if let Some(stop) = self.0.take() {
            stop();
        }
    }
}

/// Persistent string storage shared by every tab of the origin (`localStorage`).
///
/// ```
/// use std::{cell::RefCell, collections::HashMap};
/// use stytch_core::storage::{KeyValueStore, WatchGuard};
///
/// // A store with no other tabs, e.g. over a desktop app's settings file.
/// #[derive(Default)]
/// struct Settings(RefCell<HashMap<String, String>>);
///
/// impl KeyValueStore for Settings {
///     fn get(&self, key: &str) -> Option<String> {
///         self.0.borrow().get(key).cloned()
///     }
///     fn set(&self, key: &str, value: &str) {
///         self.0.borrow_mut().insert(key.into(), value.into());
///     }
///     fn remove(&self, key: &str) {
///         self.0.borrow_mut().remove(key);
///     }
///     fn watch(&self, _key: &str, _on_change: Box<dyn Fn(Option<String>)>) -> WatchGuard {
///         WatchGuard::new(|| {}) // no other tab can change it
///     }
/// }
///
/// let settings = Settings::default();
/// settings.set("k", "v");
/// assert_eq!(settings.get("k").as_deref(), Some("v"));
/// ```
pub trait KeyValueStore {
    /// Reads a key.
    fn get(&self, key: &str) -> Option<String>;
    /// Writes a key (failures such as a full quota are ignored, as the official SDK does).
    fn set(&self, key: &str, value: &str);
    /// Deletes a key.
    fn remove(&self, key: &str);
    /// Calls `on_change` when *another tab* changes `key` (the `storage` event).
    fn watch(&self, key: &str, on_change: Box<dyn Fn(Option<String>)>) -> WatchGuard;

    /// Runs `task` while holding the cross-tab lock `name`, unless another tab holds it;
    /// resolves to whether `task` ran. The default has no other tabs and always runs it.
    fn run_exclusive(
        &self,
        name: &str,
        task: crate::LocalBoxFuture<'static, ()>,
    ) -> crate::LocalBoxFuture<'static, bool> {
        let _ = name;
        Box::pin(async move {
            task.await;
            true
        })
    }
}

/// Percent-encodes bytes that may not appear in a cookie value (RFC 6265 cookie-octet), as
/// js-cookie does, so any token survives a round trip.
pub(crate) fn encode_cookie_value(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        let allowed = matches!(byte, 0x21 | 0x23..=0x2B | 0x2D..=0x3A | 0x3C..=0x5B | 0x5D..=0x7E) && byte != b'%';
        if allowed {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// Reverses [`encode_cookie_value`]; malformed escapes are kept as they are.
pub(crate) fn decode_cookie_value(value: &str) -> String {
    crate::util::percent::decode(value, false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookie_values_round_trip() {
        for value in [
            "plain-token_1.2",
            "with space;semi,comma\"quote\\",
            "percent%41",
            "ünï",
            "%",
            "%4",
        ] {
            let encoded = encode_cookie_value(value);
            assert!(!encoded.contains([' ', ';', ',', '"', '\\']), "{encoded}");
            assert_eq!(decode_cookie_value(&encoded), value);
        }
    }

    #[test]
    fn a_cookie_prints_its_name_but_not_its_value() {
        let cookie = Cookie {
            name: "stytch_session".into(),
            value: "token-secret".into(),
            expires_ms: None,
            path: "/".into(),
            domain: None,
            secure: false,
        };
        let shown = format!("{cookie:?}");
        assert!(
            shown.contains("\"stytch_session\"") && shown.contains("value: <redacted>"),
            "{shown}"
        );
        assert!(!shown.contains("token-secret"), "{shown}");
    }
}
