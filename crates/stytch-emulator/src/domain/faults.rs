//! Fault injection and request counting, for tests of outages and refresh traffic.
//!
//! A fault matches requests by path (exact, or a prefix when it ends in `*`) and optionally
//! by method, and applies to the next `count` of them (or every one until cleared): answer
//! with a status code (a Stytch error, or a body of your own such as a proxy's HTML error
//! page), drop the connection, or delay the request.
//!
//! Over HTTP it is `POST /emulator/v1/faults` with the same fields as [`FaultRequest`].

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// What a fault does.
///
/// ```
/// use stytch_emulator::{EmulatorConfig, FaultAction, FaultRequest, spawn};
///
/// let emulator = spawn(EmulatorConfig::for_tests()).unwrap();
/// let slow = FaultRequest { path: "/sdk/v1/projects/bootstrap/*".into(), delay_ms: Some(2000), ..Default::default() };
/// let fault = emulator.app().with_faults(|faults| faults.add(slow)).unwrap();
/// assert_eq!(fault.action, FaultAction::DelayMs(2000));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FaultAction {
    /// Answer with this status (a Stytch-shaped error body).
    Status(u16),
    /// Answer with this status and exactly this body, as something in front of Stytch might
    /// (a gateway's HTML error page, a truncated answer).
    Respond {
        /// The status code.
        status: u16,
        /// The `Content-Type` header.
        content_type: String,
        /// The body.
        body: String,
    },
    /// Close the connection without an answer.
    Drop,
    /// Wait this many milliseconds, then serve the request normally.
    DelayMs(u64),
}

/// `POST /emulator/v1/faults`.
///
/// ```
/// use stytch_emulator::{EmulatorConfig, FaultRequest, spawn};
///
/// let emulator = spawn(EmulatorConfig::for_tests()).unwrap();
/// // A gateway's HTML page instead of Stytch's JSON, for every POST until cleared.
/// let request = FaultRequest {
///     path: "/sdk/v1/b2b/magic_links/*".into(),
///     method: Some("POST".into()),
///     status: Some(502),
///     body: Some("<h1>Bad gateway</h1>".into()),
///     ..Default::default()
/// };
/// assert!(emulator.app().with_faults(|faults| faults.add(request)).is_ok());
/// // Exactly one effect per fault.
/// let both = FaultRequest { path: "/x".into(), status: Some(500), drop: Some(true), ..Default::default() };
/// assert!(emulator.app().with_faults(|faults| faults.add(both)).is_err());
/// ```
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FaultRequest {
    /// Path to match; a trailing `*` matches any path with that prefix.
    pub path: String,
    /// Method to match (any when absent).
    pub method: Option<String>,
    /// Answer with this status.
    pub status: Option<u16>,
    /// With `status`: answer with this body instead of a Stytch error.
    pub body: Option<String>,
    /// With `body`: its `Content-Type` (`text/html; charset=utf-8` when absent).
    pub content_type: Option<String>,
    /// Drop the connection.
    pub drop: Option<bool>,
    /// Delay the request.
    pub delay_ms: Option<u64>,
    /// Apply to the next N matching requests; every one until cleared when absent.
    pub count: Option<u32>,
}

/// An active fault.
///
/// ```
/// use stytch_emulator::{EmulatorConfig, FaultRequest, spawn};
///
/// let emulator = spawn(EmulatorConfig::for_tests()).unwrap();
/// let fault = emulator.app().with_faults(|faults| {
///     faults.add(FaultRequest { path: "/sdk/v1/b2b/*".into(), drop: Some(true), count: Some(2), ..Default::default() })
/// });
/// let fault = fault.unwrap();
/// assert_eq!((fault.remaining, fault.hits), (Some(2), 0));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Fault {
    /// ID, for listing.
    pub id: u64,
    /// Path pattern.
    pub path: String,
    /// Method, if restricted.
    pub method: Option<String>,
    /// What happens.
    pub action: FaultAction,
    /// How many more requests it applies to (`None` = until cleared).
    pub remaining: Option<u32>,
    /// How many requests it has hit.
    pub hits: u64,
}

impl Fault {
    fn matches(&self, method: &str, path: &str) -> bool {
        let path_ok = match self.path.strip_suffix('*') {
            Some(prefix) => path.starts_with(prefix),
            None => path == self.path,
        };
        path_ok && self.method.as_deref().is_none_or(|m| m.eq_ignore_ascii_case(method)) && self.remaining != Some(0)
    }
}

/// The methods a fault can be restricted to (any case).
const METHODS: [&str; 7] = ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD"];

/// The largest body a fault answers with.
const MAX_BODY: usize = 1024 * 1024;

/// Faults and per-route request counts.
///
/// ```
/// use stytch_emulator::{EmulatorConfig, FaultAction, FaultRequest, spawn};
///
/// let emulator = spawn(EmulatorConfig::for_tests()).unwrap();
/// emulator.app().with_faults(|faults| {
///     // The next session refresh fails as an outage would.
///     let fault = faults
///         .add(FaultRequest { path: "/sdk/v1/b2b/sessions/authenticate".into(), status: Some(503), count: Some(1), ..Default::default() })
///         .unwrap();
///     assert_eq!(fault.action, FaultAction::Status(503));
///     assert_eq!(faults.list().len(), 1);
///     faults.clear();
/// });
/// ```
#[derive(Debug, Default)]
pub struct Faults {
    faults: Vec<Fault>,
    next_id: u64,
    counts: BTreeMap<String, u64>,
}

impl Faults {
    /// Adds a fault; exactly one of `status`, `drop` and `delay_ms` must be given.
    ///
    /// ```
    /// use stytch_emulator::{FaultRequest, Faults};
    /// let mut faults = Faults::default();
    /// assert!(faults.add(FaultRequest { path: "/sdk/v1/b2b/*".into(), delay_ms: Some(500), ..Default::default() }).is_ok());
    /// assert!(faults.add(FaultRequest { path: "no-slash".into(), status: Some(500), ..Default::default() }).is_err());
    /// ```
    pub fn add(&mut self, request: FaultRequest) -> Result<Fault, String> {
        if !request.path.starts_with('/') {
            return Err("path must start with '/'.".into());
        }
        if request.count == Some(0) {
            // It would never fire: a test relying on it would pass for the wrong reason.
            return Err("count must be at least 1; leave it out for every request until cleared.".into());
        }
        if let Some(method) = &request.method
            && !METHODS.iter().any(|m| m.eq_ignore_ascii_case(method))
        {
            return Err(format!("method must be one of {}.", METHODS.join(", ")));
        }
        if request.content_type.is_some() && request.body.is_none() {
            return Err("content_type goes with body.".into());
        }
        let action = match (request.status, request.drop.unwrap_or(false), request.delay_ms) {
            (Some(status), false, None) if (100..=599).contains(&status) => match request.body {
                None => FaultAction::Status(status),
                Some(body) if body.len() <= MAX_BODY => FaultAction::Respond {
                    status,
                    content_type: match request.content_type {
                        Some(t) if !t.is_empty() && t.bytes().all(|b| b.is_ascii_graphic() || b == b' ') => t,
                        Some(_) => return Err("content_type must be printable ASCII.".into()),
                        None => "text/html; charset=utf-8".into(),
                    },
                    body,
                },
                Some(_) => return Err(format!("body is at most {MAX_BODY} bytes.")),
            },
            (None, true, None) => FaultAction::Drop,
            (None, false, Some(ms)) if ms <= 600_000 => FaultAction::DelayMs(ms),
            _ => return Err("Give exactly one of status (100-599), drop: true, or delay_ms (at most 600000).".into()),
        };
        self.next_id += 1;
        let fault = Fault {
            id: self.next_id,
            path: request.path,
            method: request.method,
            action,
            remaining: request.count,
            hits: 0,
        };
        self.faults.push(fault.clone());
        Ok(fault)
    }

    /// Removes every fault.
    ///
    /// ```
    /// use stytch_emulator::{FaultRequest, Faults};
    /// let mut faults = Faults::default();
    /// faults.add(FaultRequest { path: "/x".into(), drop: Some(true), ..Default::default() }).unwrap();
    /// faults.clear();
    /// assert!(faults.list().is_empty());
    /// ```
    pub fn clear(&mut self) {
        self.faults.clear();
    }

    /// The active faults.
    ///
    /// ```
    /// use stytch_emulator::{FaultRequest, Faults};
    /// let mut faults = Faults::default();
    /// faults.add(FaultRequest { path: "/a".into(), status: Some(500), ..Default::default() }).unwrap();
    /// faults.add(FaultRequest { path: "/b".into(), status: Some(503), ..Default::default() }).unwrap();
    /// let paths: Vec<String> = faults.list().into_iter().map(|f| f.path).collect();
    /// assert_eq!(paths, ["/a", "/b"]);
    /// ```
    pub fn list(&self) -> Vec<Fault> {
        self.faults.clone()
    }

    /// Counts the request and returns the action of the first matching fault, if any.
    pub(crate) fn on_request(&mut self, method: &str, path: &str) -> Option<FaultAction> {
        *self.counts.entry(format!("{method} {path}")).or_default() += 1;
        let fault = self.faults.iter_mut().find(|f| f.matches(method, path))?;
        fault.hits += 1;
        if let Some(remaining) = &mut fault.remaining {
            *remaining -= 1;
        }
        let action = fault.action.clone();
        self.faults.retain(|f| f.remaining != Some(0));
        Some(action)
    }

    /// Request counts as `"METHOD /path" → n`, filtered by a path prefix.
    ///
    /// ```
    /// use stytch_emulator::{EmulatorConfig, spawn};
    /// let emulator = spawn(EmulatorConfig::for_tests()).unwrap();
    /// // Per "METHOD /path", since the start or the last reset of the counts.
    /// let counts = emulator.app().with_faults(|faults| faults.counts(Some("/sdk/v1")));
    /// assert!(counts.keys().all(|k| k.contains(" /sdk/v1")));
    /// ```
    pub fn counts(&self, path_prefix: Option<&str>) -> BTreeMap<String, u64> {
        self.counts
            .iter()
            .filter(|(key, _)| {
                path_prefix.is_none_or(|p| key.split_once(' ').is_some_and(|(_, path)| path.starts_with(p)))
            })
            .map(|(k, v)| (k.clone(), *v))
            .collect()
    }

    /// Forgets the request counts.
    ///
    /// ```
    /// use stytch_emulator::{EmulatorConfig, spawn};
    /// let emulator = spawn(EmulatorConfig::for_tests()).unwrap();
    /// // Measure one phase of a test on its own.
    /// emulator.app().with_faults(|faults| faults.reset_counts());
    /// assert!(emulator.app().with_faults(|faults| faults.counts(None)).is_empty());
    /// ```
    pub fn reset_counts(&mut self) {
        self.counts.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(path: &str, status: Option<u16>, count: Option<u32>) -> FaultRequest {
        FaultRequest {
            path: path.into(),
            status,
            count,
            ..Default::default()
        }
    }

    #[test]
    fn counted_faults_expire_and_prefixes_match() {
        let mut faults = Faults::default();
        faults
            .add(request("/sdk/v1/b2b/sessions/*", Some(503), Some(2)))
            .unwrap();
        assert_eq!(
            faults.on_request("POST", "/sdk/v1/b2b/sessions/authenticate"),
            Some(FaultAction::Status(503))
        );
        assert_eq!(faults.on_request("POST", "/sdk/v1/b2b/discovery/organizations"), None);
        assert_eq!(
            faults.on_request("POST", "/sdk/v1/b2b/sessions/revoke"),
            Some(FaultAction::Status(503))
        );
        assert_eq!(
            faults.on_request("POST", "/sdk/v1/b2b/sessions/authenticate"),
            None,
            "used up"
        );
        assert!(faults.list().is_empty());
        assert_eq!(
            faults.counts(Some("/sdk/v1/b2b/sessions"))["POST /sdk/v1/b2b/sessions/authenticate"],
            2
        );
    }

    #[test]
    fn a_fault_with_a_body_answers_with_it_once() {
        let mut faults = Faults::default();
        faults
            .add(FaultRequest {
                body: Some("<h1>Bad gateway</h1>".into()),
                ..request("/sdk/v1/b2b/sessions/*", Some(502), Some(1))
            })
            .unwrap();
        let hit = faults.on_request("POST", "/sdk/v1/b2b/sessions/authenticate");
        assert!(
            matches!(hit, Some(FaultAction::Respond { status: 502, ref body, .. }) if body.contains("Bad gateway"))
        );
        assert_eq!(
            faults.on_request("POST", "/sdk/v1/b2b/sessions/authenticate"),
            None,
            "used up"
        );
    }

    #[test]
    fn bad_fault_requests_are_rejected() {
        let mut faults = Faults::default();
        assert!(faults.add(request("no-slash", Some(500), None)).is_err());
        assert!(faults.add(request("/x", None, None)).is_err());
        assert!(
            faults
                .add(request("/x", Some(503), Some(0)))
                .unwrap_err()
                .contains("count")
        );
        for method in ["GETT", "", "POST "] {
            let error = faults
                .add(FaultRequest {
                    method: Some(method.into()),
                    ..request("/x", Some(503), None)
                })
                .unwrap_err();
            assert!(error.contains("method"), "{error}");
        }
        let lower = faults
            .add(FaultRequest {
                method: Some("post".into()),
                ..request("/x", Some(503), Some(1))
            })
            .unwrap();
        assert_eq!(lower.remaining, Some(1));
        assert_eq!(faults.on_request("POST", "/x"), Some(FaultAction::Status(503)));
        faults.clear();
        assert!(
            faults
                .add(FaultRequest {
                    path: "/x".into(),
                    status: Some(500),
                    drop: Some(true),
                    ..Default::default()
                })
                .is_err()
        );
        assert!(faults.add(request("/x", Some(700), None)).is_err());
        let with = |body: Option<&str>, content_type: Option<&str>, status: Option<u16>| FaultRequest {
            path: "/x".into(),
            status,
            body: body.map(Into::into),
            content_type: content_type.map(Into::into),
            ..Default::default()
        };
        assert!(
            faults.add(with(None, Some("text/plain"), Some(502))).is_err(),
            "a type without a body"
        );
        assert!(
            faults.add(with(Some("x"), None, None)).is_err(),
            "a body without a status"
        );
        assert!(faults.add(with(Some("x"), Some("text/\nhtml"), Some(502))).is_err());
        assert!(
            faults
                .add(with(Some(&"x".repeat(MAX_BODY + 1)), None, Some(502)))
                .is_err()
        );
        assert!(faults.list().is_empty(), "refused faults are not kept");
    }

    #[test]
    fn a_fault_answers_with_a_body_of_its_own() {
        let mut faults = Faults::default();
        faults
            .add(FaultRequest {
                path: "/sdk/v1/b2b/sessions/authenticate".into(),
                status: Some(502),
                body: Some("<h1>Bad gateway</h1>".into()),
                ..Default::default()
            })
            .unwrap();
        assert_eq!(
            faults.on_request("POST", "/sdk/v1/b2b/sessions/authenticate"),
            Some(FaultAction::Respond {
                status: 502,
                content_type: "text/html; charset=utf-8".into(),
                body: "<h1>Bad gateway</h1>".into(),
            })
        );
    }
}
