//! Writes the server-rendered pages to `OUT_DIR` (default `target/hydration`): `index.html`
//! (the Discovery flow) and `acme.html` (the Organization flow of the organization `acme`). Each
//! is the same [`App`] the browser hydrates, rendered with the `ssr` feature under a server's
//! shared context, in a document whose module script loads the wasm-bindgen output from
//! `/pkg/` and calls `hydrate` with the API named by `/config.js`.

use std::sync::Arc;

use leptos::prelude::*;
use leptos::tachys::view::RenderHtml;
use stytch_leptos_hydration::App;

fn main() -> std::io::Result<()> {
    let out = std::env::args().nth(1).unwrap_or_else(|| "target/hydration".into());
    std::fs::create_dir_all(&out)?;
    for (file, organization) in [("index.html", None), ("acme.html", Some("acme"))] {
        let page = page(organization);
        std::fs::write(std::path::Path::new(&out).join(file), page)?;
    }
    Ok(())
}

/// One page, rendered as a server renders a request: a fresh root owner with a shared context.
fn page(organization: Option<&str>) -> String {
    let owner = Owner::new_root(Some(Arc::new(hydration_context::SsrSharedContext::new())));
    let body = owner.with(|| {
        // The server does not know the browser's API address or token; the markup must not
        // depend on them.
        let organization = organization.map(str::to_owned);
        view! { <App api_url="server".to_string() public_token="server".to_string() organization=organization/> }
            .to_html()
    });
    let organization = organization
        .map(|o| format!(r#" data-organization="{o}""#))
        .unwrap_or_default();
    format!(
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
const {{ apiUrl, publicToken }} = window.STYTCH_DEMO;
hydrate(apiUrl, publicToken, document.body.dataset.organization);
document.documentElement.dataset.hydrated = "true";
</script>
</head>
<body{organization}>{body}</body>
</html>
"#
    )
}
