//! The project's redirect URL allow-list (the Dashboard's "Redirect URLs"): where magic links,
//! invitations, password resets, OAuth and SSO may send a person. Each URL is allowed for some
//! kinds of redirect (login, sign-up, invite, password reset, discovery) and may be the default
//! of some, as Stytch's Dashboard and Management API set them (`valid_types`, each with
//! `is_default`). `--redirect-url` allows a URL for every kind, the first one the default of
//! each; the test API adds and removes URLs until the next reset or import, for a test whose
//! app learns its port only once it listens.

use serde::{Deserialize, Serialize};
use stytch_models::ErrorType;

use super::store::Store;
use crate::error::{ApiError, ApiResult};

/// The longest redirect URL taken (the exact limit Stytch sets is not documented; this is the
/// common 2 KB URL limit of browsers and proxies).
const MAX_URL_LENGTH: usize = 2048;

/// A kind of redirect, as the Management API names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum RedirectKind {
    /// An existing member's magic link, OAuth or SSO sign-in.
    Login,
    /// A new member's.
    Signup,
    /// An invitation's link.
    Invite,
    /// A password reset's link.
    ResetPassword,
    /// A discovery sign-in's (magic link, OAuth).
    Discovery,
}

impl RedirectKind {
    /// Every kind, in the Dashboard's order.
    pub const ALL: [RedirectKind; 5] = [
        RedirectKind::Login,
        RedirectKind::Signup,
        RedirectKind::Invite,
        RedirectKind::ResetPassword,
        RedirectKind::Discovery,
    ];

    /// How the emulator's pages name it.
    pub fn label(self) -> &'static str {
        match self {
            RedirectKind::Login => "login",
            RedirectKind::Signup => "sign-up",
            RedirectKind::Invite => "invite",
            RedirectKind::ResetPassword => "password reset",
            RedirectKind::Discovery => "discovery",
        }
    }

    /// The lower-case word Stytch's error names use.
    fn word(self) -> &'static str {
        match self {
            RedirectKind::Login => "login",
            RedirectKind::Signup => "signup",
            RedirectKind::Invite => "invite",
            RedirectKind::ResetPassword => "password_reset",
            RedirectKind::Discovery => "discovery",
        }
    }
}

/// Which flow asks: its refusal of a URL not on the list is named after it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RedirectFlow {
    /// Email magic links, invitations and password resets.
    MagicLink,
    /// OAuth.
    OAuth,
    /// SSO.
    Sso,
}

/// One kind a URL is allowed for, and whether it is that kind's default.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ValidType {
    /// The kind.
    #[serde(rename = "type")]
    pub kind: RedirectKind,
    /// Where a request of this kind that names no URL goes.
    #[serde(default)]
    pub is_default: bool,
}

/// A URL on the allow-list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RedirectUrl {
    /// The URL, matched exactly.
    pub url: String,
    /// The kinds it is allowed for.
    pub valid_types: Vec<ValidType>,
}

impl RedirectUrl {
    /// `url` allowed for every kind, the default of each when `default`.
    pub fn every_kind(url: impl Into<String>, default: bool) -> Self {
        Self {
            url: url.into(),
            valid_types: RedirectKind::ALL
                .iter()
                .map(|&kind| ValidType {
                    kind,
                    is_default: default,
                })
                .collect(),
        }
    }

    fn allows(&self, kind: RedirectKind) -> bool {
        self.valid_types.iter().any(|t| t.kind == kind)
    }

    fn is_default_for(&self, kind: RedirectKind) -> bool {
        self.valid_types.iter().any(|t| t.kind == kind && t.is_default)
    }
}

/// The allow-list `--redirect-url` gives: each URL for every kind, the first the default.
pub fn from_config(urls: &[String]) -> Vec<RedirectUrl> {
    urls.iter()
        .enumerate()
        .map(|(i, url)| RedirectUrl::every_kind(url.clone(), i == 0))
        .collect()
}

impl Store {
    /// The URL a `kind` of redirect goes to: the requested one if the list allows it for that
    /// kind, else the kind's default. Refusals are Stytch's names: a URL not on the list for
    /// the kind is the flow's `no_match_for_provided_…_url`; with none requested, a kind with
    /// URLs but no default is `no_default_<kind>_redirect_url_set`, a kind with none
    /// `no_<kind>_redirect_urls_set` (`no_password_reset_redirect_url` for resets).
    pub(crate) fn redirect_url(
        &self,
        requested: Option<&str>,
        kind: RedirectKind,
        flow: RedirectFlow,
    ) -> ApiResult<String> {
        let urls = &self.project.redirect_urls;
        if let Some(url) = requested.filter(|r| !r.is_empty()) {
            if urls.iter().any(|allowed| allowed.url == url && allowed.allows(kind)) {
                return Ok(url.to_owned());
            }
            let error_type = match flow {
                RedirectFlow::MagicLink => ErrorType::NoMatchForProvidedMagicLinkUrl,
                RedirectFlow::OAuth => ErrorType::Unknown("no_match_for_provided_oauth_url".into()),
                RedirectFlow::Sso => ErrorType::Unknown("no_match_for_provided_sso_url".into()),
            };
            let other_kinds = urls.iter().any(|allowed| allowed.url == url);
            let why = if other_kinds {
                format!("is on the project's allow-list, but not for {} redirects", kind.word())
            } else {
                "is not on the project's allow-list".to_owned()
            };
            return Err(ApiError::new(
                400,
                error_type,
                format!(
                    "The redirect URL {url} {why}; start the emulator with --redirect-url {url}, or add it with POST /emulator/v1/redirect_urls."
                ),
            ));
        }
        if let Some(default) = urls.iter().find(|allowed| allowed.is_default_for(kind)) {
            return Ok(default.url.clone());
        }
        let word = kind.word();
        let name = match (kind, urls.iter().any(|allowed| allowed.allows(kind))) {
            (RedirectKind::ResetPassword, _) => "no_password_reset_redirect_url".to_owned(),
            (_, true) => format!("no_default_{word}_redirect_url_set"),
            (_, false) => format!("no_{word}_redirect_urls_set"),
        };
        Err(ApiError::named(
            400,
            &name,
            format!("No {word} redirect URL was given and the project has no default one."),
        ))
    }

    /// Checks, at a redirect flow's start, each URL it names for its kind (the URL that
    /// applies is chosen when the person comes back; one not named falls to the default then).
    pub(crate) fn check_named_redirect_urls(
        &self,
        named: &[(&Option<String>, RedirectKind)],
        flow: RedirectFlow,
    ) -> ApiResult<()> {
        for &(url, kind) in named {
            if url.as_deref().is_some_and(|u| !u.is_empty()) {
                self.redirect_url(url.as_deref(), kind, flow)?;
            }
        }
        Ok(())
    }

    /// The URL the Dashboard's "Impersonate Member" opens: the login default.
    pub(crate) fn default_login_url(&self) -> Option<String> {
        self.redirect_url(None, RedirectKind::Login, RedirectFlow::MagicLink)
            .ok()
    }

    /// Adds `url` for `valid_types` (every kind when empty; `default` then makes it the
    /// default of each). A URL already listed takes the new kinds. A kind's new default is its
    /// only one.
    pub(crate) fn add_redirect_url(
        &mut self,
        url: &str,
        valid_types: &[ValidType],
        default: bool,
    ) -> ApiResult<&[RedirectUrl]> {
        let url = url.trim();
        check_redirect_url(url)?;
        let entry = if valid_types.is_empty() {
            RedirectUrl::every_kind(url, default)
        } else {
            RedirectUrl {
                url: url.to_owned(),
                valid_types: valid_types.to_vec(),
            }
        };
        let urls = &mut self.project.redirect_urls;
        for other in urls.iter_mut() {
            for kind in entry.valid_types.iter().filter(|t| t.is_default) {
                for t in other.valid_types.iter_mut().filter(|t| t.kind == kind.kind) {
                    t.is_default = false;
                }
            }
        }
        match urls.iter_mut().find(|allowed| allowed.url == url) {
            Some(existing) => *existing = entry,
            None => urls.push(entry),
        }
        Ok(&self.project.redirect_urls)
    }

    /// Removes `url` from the allow-list: links already sent to it still work (they carry
    /// their URL), new ones may not name it.
    pub(crate) fn remove_redirect_url(&mut self, url: &str) -> ApiResult<&[RedirectUrl]> {
        let url = url.trim();
        let urls = &mut self.project.redirect_urls;
        let index = urls.iter().position(|allowed| allowed.url == url).ok_or_else(|| {
            ApiError::named(
                404,
                "redirect_url_not_found",
                format!("The redirect URL {url} is not on the project's allow-list."),
            )
        })?;
        urls.remove(index);
        Ok(&self.project.redirect_urls)
    }
}

/// A URL the allow-list may hold: absolute `http` or `https` with a host, no whitespace.
fn check_redirect_url(url: &str) -> ApiResult<()> {
    let refuse = |why: &str| Err(ApiError::bad_request(format!("The redirect URL {url:?} {why}.")));
    if url.is_empty() {
        return refuse("is empty");
    }
    if url.len() > MAX_URL_LENGTH {
        return refuse("is longer than 2048 characters");
    }
    if url.chars().any(char::is_whitespace) {
        return refuse("contains whitespace");
    }
    let Some(rest) = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://")) else {
        return refuse("must start with http:// or https://");
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host = authority.rsplit_once('@').map_or(authority, |(_, host)| host);
    if host.is_empty() || host.starts_with(':') {
        return refuse("names no host");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::store::Project;

    const START: &str = "http://127.0.0.1:8080/authenticate";

    fn store() -> Store {
        Store::new(Project {
            redirect_urls: from_config(&[START.to_owned()]),
            ..Project::default()
        })
    }

    fn login(store: &Store, requested: Option<&str>) -> ApiResult<String> {
        store.redirect_url(requested, RedirectKind::Login, RedirectFlow::MagicLink)
    }

    fn urls(list: &[RedirectUrl]) -> Vec<&str> {
        list.iter().map(|u| u.url.as_str()).collect()
    }

    #[test]
    fn added_urls_are_allowed_and_a_default_goes_first() {
        let mut store = store();
        let app = "http://127.0.0.1:3000/authenticate";
        assert!(login(&store, Some(app)).is_err(), "not allowed before it is added");
        store.add_redirect_url(app, &[], false).unwrap();
        assert_eq!(login(&store, Some(app)).unwrap(), app);
        assert_eq!(login(&store, None).unwrap(), START);
        // Added again as the default: listed once, the default of every kind.
        let list = store.add_redirect_url(app, &[], true).unwrap().to_vec();
        assert_eq!(urls(&list), [START, app]);
        for kind in RedirectKind::ALL {
            assert_eq!(store.redirect_url(None, kind, RedirectFlow::OAuth).unwrap(), app);
        }
        let list = store.remove_redirect_url(app).unwrap().to_vec();
        assert_eq!(urls(&list), [START]);
        let refused = login(&store, Some(app)).unwrap_err();
        assert_eq!(refused.error_type, ErrorType::NoMatchForProvidedMagicLinkUrl);
        assert_eq!(store.remove_redirect_url(app).unwrap_err().status, 404);
    }

    #[test]
    fn a_url_is_allowed_only_for_its_kinds_and_refusals_are_named_by_flow_and_kind() {
        let mut store = Store::new(Project::default());
        let discovery = "https://app.example/discover";
        let kinds = [ValidType {
            kind: RedirectKind::Discovery,
            is_default: true,
        }];
        store.add_redirect_url(discovery, &kinds, false).unwrap();
        assert_eq!(
            store
                .redirect_url(None, RedirectKind::Discovery, RedirectFlow::MagicLink)
                .unwrap(),
            discovery
        );
        let name = |result: ApiResult<String>| result.unwrap_err().error_type.as_str().to_owned();
        // Named for a login: refused, by the flow that asked.
        for (flow, expected) in [
            (RedirectFlow::MagicLink, "no_match_for_provided_magic_link_url"),
            (RedirectFlow::OAuth, "no_match_for_provided_oauth_url"),
            (RedirectFlow::Sso, "no_match_for_provided_sso_url"),
        ] {
            let refused = store
                .redirect_url(Some(discovery), RedirectKind::Login, flow)
                .unwrap_err();
            assert_eq!(refused.error_type.as_str(), expected);
            assert!(
                refused.message.contains("not for login redirects"),
                "{}",
                refused.message
            );
        }
        // No login URL at all, then one without a default.
        assert_eq!(name(login(&store, None)), "no_login_redirect_urls_set");
        let login_kind = [ValidType {
            kind: RedirectKind::Login,
            is_default: false,
        }];
        store
            .add_redirect_url("https://app.example/login", &login_kind, false)
            .unwrap();
        assert_eq!(name(login(&store, None)), "no_default_login_redirect_url_set");
        assert_eq!(
            name(store.redirect_url(None, RedirectKind::ResetPassword, RedirectFlow::MagicLink)),
            "no_password_reset_redirect_url"
        );
        // A kind's new default replaces its old one.
        let other = [ValidType {
            kind: RedirectKind::Discovery,
            is_default: true,
        }];
        store
            .add_redirect_url("https://app.example/other", &other, false)
            .unwrap();
        assert_eq!(
            store
                .redirect_url(None, RedirectKind::Discovery, RedirectFlow::OAuth)
                .unwrap(),
            "https://app.example/other"
        );
    }

    #[test]
    fn only_absolute_web_urls_are_taken() {
        let mut store = store();
        for bad in [
            "",
            "/authenticate",
            "127.0.0.1:3000/authenticate",
            "javascript:alert(1)",
            "ftp://example.com/x",
            "https:///path",
            "http://:3000/x",
            "https://example.com/a b",
        ] {
            let error = store.add_redirect_url(bad, &[], false).unwrap_err();
            assert_eq!(error.status, 400, "{bad:?}");
        }
        let long = format!("https://example.com/{}", "a".repeat(2048));
        assert!(store.add_redirect_url(&long, &[], false).is_err());
        assert_eq!(store.project.redirect_urls.len(), 1, "nothing refused was kept");
        for good in [
            "https://app.example.com/callback?x=1",
            "http://localhost:5173",
            "http://[::1]:8080/auth",
        ] {
            store.add_redirect_url(good, &[], false).unwrap();
        }
        assert_eq!(store.project.redirect_urls.len(), 4);
    }
}
