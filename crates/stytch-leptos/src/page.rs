//! The page the components run in: its address, and leaving it. Nothing on the server.

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
