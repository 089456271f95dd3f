//! Writes the server-rendered pages to `OUT_DIR` (default `target/hydration`): `index.html`
//! (the Discovery flow), `acme.html` (the Organization flow of the organization `acme`) and
//! `signed-in.html` (the Discovery page for a request the server found signed in) of [`App`],
//! `members.html` of [`GuardedApp`] (a leptos_router `ProtectedRoute`) and `team.html` of
//! [`TeamApp`] (`<MemberManagement>` and `<OrganizationSettings>`). Each is
//! rendered with the `ssr` feature under a server's shared context, as leptos_axum renders a
//! request, with that context's serialized data in a script, in a document whose module script
//! loads the wasm-bindgen output from `/pkg/` and hydrates with the API named by `/config.js`.

use std::sync::Arc;

use leptos::prelude::*;
use leptos::tachys::view::RenderHtml;
use stytch_leptos::ServerSession;
use stytch_leptos::core::session::B2BState;
use stytch_leptos::models::{Member, MemberSession, Organization, Permission, PolicyRole, RbacPolicy};
use stytch_leptos_hydration::{App, GuardedApp, TeamApp};

fn main() -> std::io::Result<()> {
    let out = std::env::args().nth(1).unwrap_or_else(|| "target/hydration".into());
    std::fs::create_dir_all(&out)?;
    for (file, organization, session) in [
        ("index.html", None, None),
        ("acme.html", Some("acme"), None),
        ("signed-in.html", None, Some(server_session())),
    ] {
        let page = page(organization, session);
        std::fs::write(std::path::Path::new(&out).join(file), page)?;
    }
    std::fs::write(std::path::Path::new(&out).join("members.html"), guarded_page())?;
    std::fs::write(std::path::Path::new(&out).join("team.html"), team_page())
}

/// `/team.html` of [`TeamApp`].
fn team_page() -> String {
    let owner = Owner::new_root(Some(Arc::new(hydration_context::SsrSharedContext::new())));
    let body =
        owner.with(|| view! { <TeamApp api_url="server".to_string() public_token="server".to_string()/> }.to_html());
    let data = serialized_data(&owner);
    document(&body, &data, "", "hydrate_team(apiUrl, publicToken)")
}

/// `/members.html` of [`GuardedApp`], with the request's path in context as leptos_axum
/// provides it to the router.
fn guarded_page() -> String {
    let owner = Owner::new_root(Some(Arc::new(hydration_context::SsrSharedContext::new())));
    let body = owner.with(|| {
        provide_context(leptos_router::location::RequestUrl::new("/members.html"));
        view! { <GuardedApp api_url="server".to_string() public_token="server".to_string()/> }.to_html()
    });
    let data = serialized_data(&owner);
    document(&body, &data, "", "hydrate_guarded(apiUrl, publicToken)")
}

/// What a server that authenticated the request would provide: a member of its own, not one
/// the emulator knows, and a policy of its own (members may write documents, which the
/// emulator's policy does not allow), so the suite can tell the server's state from the
/// browser's.
fn server_session() -> ServerSession {
    let policy = RbacPolicy {
        roles: vec![PolicyRole {
            role_id: "stytch_member".into(),
            description: "The server's".into(),
            permissions: vec![Permission {
                resource_id: "documents".into(),
                actions: vec!["read".into(), "write".into()],
            }],
        }],
        ..Default::default()
    };
    ServerSession::from_state(B2BState {
        session: Some(MemberSession {
            member_session_id: "member-session-test-server".into(),
            member_id: "member-test-server".into(),
            organization_id: "organization-test-server".into(),
            roles: vec!["stytch_member".into()],
            ..Default::default()
        }),
        member: Some(Member {
            member_id: "member-test-server".into(),
            email_address: "server@example.com".into(),
            ..Default::default()
        }),
        organization: Some(Organization {
            organization_id: "organization-test-server".into(),
            organization_name: "Server Rendered Inc".into(),
            ..Default::default()
        }),
    })
    .with_rbac_policy(policy)
}

/// One page, rendered as a server renders a request: a fresh root owner with a shared context,
/// and the request's session when the server authenticated one.
fn page(organization: Option<&str>, session: Option<ServerSession>) -> String {
    let owner = Owner::new_root(Some(Arc::new(hydration_context::SsrSharedContext::new())));
    let body = owner.with(|| {
        if let Some(session) = session {
            provide_context(session);
        }
        // The server does not know the browser's API address or token; the markup must not
        // depend on them.
        let organization = organization.map(str::to_owned);
        view! { <App api_url="server".to_string() public_token="server".to_string() organization=organization/> }
            .to_html()
    });
    let data = serialized_data(&owner);
    let organization = organization
        .map(|o| format!(r#" data-organization="{o}""#))
        .unwrap_or_default();
    document(
        &body,
        &data,
        &organization,
        "hydrate(apiUrl, publicToken, document.body.dataset.organization)",
    )
}

/// What the render left in the server's shared context for the browser (resolved resources,
/// errors, pending and incomplete chunks of `Suspense` and `Transition`), as the script
/// leptos_axum writes; nothing here is async, so the stream ends at once.
fn serialized_data(owner: &Owner) -> String {
    use futures::StreamExt;
    let Some(stream) = owner.shared_context().and_then(|context| context.pending_data()) else {
        return String::new();
    };
    futures::executor::block_on(stream.collect::<Vec<String>>()).concat()
}

/// The HTML document around a server-rendered body and its data; `call` hydrates it.
fn document(body: &str, data: &str, body_attributes: &str, call: &str) -> String {
    format!(
        r#"<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>stytch-leptos hydration fixture</title>
<link rel="icon" href="data:,">
<script src="/config.js"></script>
<script>{data}</script>
<script type="module">
import init, {{ hydrate, hydrate_guarded, hydrate_team }} from "/pkg/stytch_leptos_hydration.js";
await init();
const {{ apiUrl, publicToken }} = window.STYTCH_DEMO;
{call};
document.documentElement.dataset.hydrated = "true";
</script>
</head>
<body{body_attributes}>{body}</body>
</html>
"#
    )
}
