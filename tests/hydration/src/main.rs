//! Writes the server-rendered page to `OUT_DIR/index.html` (default `target/hydration`): the
//! same [`App`] the browser hydrates, rendered with the `ssr` feature under a server's shared
//! context, in a document whose module script loads the wasm-bindgen output from `/pkg/` and
//! calls `hydrate` with the API named by `/config.js`.

use std::sync::Arc;

use leptos::prelude::*;
use leptos::tachys::view::RenderHtml;
use stytch_leptos_hydration::App;

fn main() -> std::io::Result<()> {
    let out = std::env::args().nth(1).unwrap_or_else(|| "target/hydration".into());
    let owner = Owner::new_root(Some(Arc::new(hydration_context::SsrSharedContext::new())));
    let body = owner.with(|| {
        // The server does not know the browser's API address or token; the markup must not
        // depend on them.
        view! { <App api_url="server".to_string() public_token="server".to_string()/> }.to_html()
    });
    let page = format!(
        r#"<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>stytch-leptos hydration fixture</title>
<link rel="icon" href="data:,">
<script src="/config.js"></script>
<script type="module">
import init, {{ hydrate }} from "/pkg/stytch_leptos_hydration.js";
await init();
// The server's node, kept to prove hydration adopts the markup instead of replacing it.
window.__serverState = document.querySelector('[data-testid="state"]');
hydrate(window.STYTCH_DEMO.apiUrl, window.STYTCH_DEMO.publicToken);
document.documentElement.dataset.hydrated = "true";
</script>
</head>
<body>{body}</body>
</html>
"#
    );
    std::fs::create_dir_all(&out)?;
    std::fs::write(std::path::Path::new(&out).join("index.html"), page)
}
