//! Component styles, kept in a `.css` file beside each component and mounted once per page.

use leptos::prelude::*;

/// Client-side rendering: adds `<style id="stytch-{id}">` to `<head>` once.
#[cfg(all(target_arch = "wasm32", not(any(feature = "ssr", feature = "hydrate"))))]
pub(crate) fn mount_style(id: &'static str, css: &'static str) -> impl IntoView {
    let element_id = format!("stytch-{id}");
    if let Some(document) = web_sys::window().and_then(|w| w.document())
        && document.get_element_by_id(&element_id).is_none()
        && let Ok(style) = document.create_element("style")
    {
        style.set_id(&element_id);
        style.set_text_content(Some(css));
        if let Some(head) = document.head() {
            let _ = head.append_child(&style);
        }
    }
}

/// Server rendering and its browser half (`hydrate`): the `<style>` travels inline with the
/// markup, so a server-rendered page is styled before its wasm loads, and the browser renders
/// the same element for hydration to adopt (a render without it would not match the server's).
#[cfg(not(all(target_arch = "wasm32", not(any(feature = "ssr", feature = "hydrate")))))]
pub(crate) fn mount_style(id: &'static str, css: &'static str) -> impl IntoView {
    view! { <style id=format!("stytch-{id}")>{css}</style> }
}
