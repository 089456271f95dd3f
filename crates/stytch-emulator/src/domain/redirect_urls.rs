//! The project's redirect URL allow-list (the Dashboard's "Redirect URLs"): where magic links,
//! invitations, password resets, OAuth and SSO may send a person. It starts as `--redirect-url`
//! gives it; the test API adds and removes URLs until the next reset or import, for a test whose
//! app learns its port only once it listens.

use stytch_models::ErrorType;

use super::store::Store;
use crate::error::{ApiError, ApiResult};

/// The longest redirect URL taken (Stytch's Dashboard refuses longer ones; the exact limit is
/// not documented, so this is the common 2 KB URL limit of browsers and proxies).
const MAX_URL_LENGTH: usize = 2048;

impl Store {
    /// The redirect URL to use: the requested one if allow-listed, else the default.
    pub(crate) fn redirect_url(&self, requested: Option<&str>) -> ApiResult<String> {
        match requested.filter(|r| !r.is_empty()) {
            Some(url) if self.project.redirect_urls.iter().any(|allowed| allowed == url) => Ok(url.to_owned()),
            Some(url) => Err(ApiError::new(
                400,
                ErrorType::NoMatchForProvidedMagicLinkUrl,
                format!(
                    "The redirect URL {url} is not on the project's allow-list; start the emulator with --redirect-url {url}, or add it with POST /emulator/v1/redirect_urls."
                ),
            )),
            None => self.project.redirect_urls.first().cloned().ok_or_else(|| {
                ApiError::new(
                    400,
                    ErrorType::Unknown("no_discovery_redirect_urls_set".into()),
                    "No redirect URL is configured.",
                )
            }),
        }
    }

    /// Adds `url` to the allow-list (a URL already there stays once); `default` puts it first,
    /// where a link that names no redirect URL goes.
    pub(crate) fn add_redirect_url(&mut self, url: &str, default: bool) -> ApiResult<&[String]> {
        let url = url.trim();
        check_redirect_url(url)?;
        let urls = &mut self.project.redirect_urls;
        let known = urls.iter().position(|allowed| allowed == url);
        match (known, default) {
            (Some(index), true) => {
                let url = urls.remove(index);
                urls.insert(0, url);
            }
            (Some(_), false) => {}
            (None, true) => urls.insert(0, url.to_owned()),
            (None, false) => urls.push(url.to_owned()),
        }
        Ok(&self.project.redirect_urls)
    }

    /// Removes `url` from the allow-list: links already sent to it still work (as Stytch's do),
    /// new ones may not name it.
    pub(crate) fn remove_redirect_url(&mut self, url: &str) -> ApiResult<&[String]> {
        let url = url.trim();
        let urls = &mut self.project.redirect_urls;
        let index = urls.iter().position(|allowed| allowed == url).ok_or_else(|| {
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

    fn store() -> Store {
        Store::new(Project {
            redirect_urls: vec!["http://127.0.0.1:8080/authenticate".into()],
            ..Project::default()
        })
    }

    #[test]
    fn added_urls_are_allowed_and_a_default_goes_first() {
        let mut store = store();
        let app = "http://127.0.0.1:3000/authenticate";
        assert!(store.redirect_url(Some(app)).is_err(), "not allowed before it is added");
        store.add_redirect_url(app, false).unwrap();
        assert_eq!(store.redirect_url(Some(app)).unwrap(), app);
        assert_eq!(store.redirect_url(None).unwrap(), "http://127.0.0.1:8080/authenticate");
        // Added again as the default: moved first, not listed twice.
        let urls = store.add_redirect_url(app, true).unwrap().to_vec();
        assert_eq!(urls, [app, "http://127.0.0.1:8080/authenticate"]);
        assert_eq!(store.redirect_url(None).unwrap(), app);
        let urls = store.remove_redirect_url(app).unwrap().to_vec();
        assert_eq!(urls, ["http://127.0.0.1:8080/authenticate"]);
        let refused = store.redirect_url(Some(app)).unwrap_err();
        assert_eq!(refused.error_type, ErrorType::NoMatchForProvidedMagicLinkUrl);
        assert_eq!(store.remove_redirect_url(app).unwrap_err().status, 404);
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
            let error = store.add_redirect_url(bad, false).unwrap_err();
            assert_eq!(error.status, 400, "{bad:?}");
        }
        let long = format!("https://example.com/{}", "a".repeat(2048));
        assert!(store.add_redirect_url(&long, false).is_err());
        assert_eq!(store.project.redirect_urls.len(), 1, "nothing refused was kept");
        for good in [
            "https://app.example.com/callback?x=1",
            "http://localhost:5173",
            "http://[::1]:8080/auth",
        ] {
            store.add_redirect_url(good, false).unwrap();
        }
        assert_eq!(store.project.redirect_urls.len(), 4);
    }
}
