//! The page the components run in: its address, and leaving it. Nothing on the server.

use leptos::prelude::*;

/// The page's address (`None` on the server).
pub(crate) fn current_href() -> Option<String> {
    #[cfg(all(target_arch = "wasm32", not(feature = "ssr")))]
    {
        web_sys::window().and_then(|w| w.location().href().ok())
    }
    #[cfg(not(all(target_arch = "wasm32", not(feature = "ssr"))))]
    {
        None
    }
}

/// Sends the browser to `url` (an OAuth provider, or a redirect Stytch answered with).
pub(crate) fn navigate_to(url: &str) {
    #[cfg(all(target_arch = "wasm32", not(feature = "ssr")))]
    if let Some(window) = web_sys::window() {
        let _ = window.location().assign(url);
    }
    #[cfg(not(all(target_arch = "wasm32", not(feature = "ssr"))))]
    let _ = url;
}

/// Hands `url` to the app's `on_redirect` when it gave one (to authenticate in place, or a
/// test), else goes there.
pub(crate) fn follow(url: String, on_redirect: Option<Callback<String>>) {
    match on_redirect {
        Some(callback) => {
            let _ = callback.try_run(url);
        }
        None => navigate_to(&url),
    }
}
