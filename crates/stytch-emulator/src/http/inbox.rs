//! `GET /emulator`: an inbox page where a person reads the emails and texts the emulator sent
//! and clicks magic links; `GET /emulator/impersonate`: the Dashboard's "Impersonate Member"
//! as a link a person can open.

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::State;
use axum::response::{Html, IntoResponse, Redirect, Response};

use super::extract::Query;
use super::test_api::{ImpersonateRequest, issue_impersonation};
use crate::domain::App;
use crate::domain::ids::percent_encode;
use crate::error::ApiError;

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

/// Renders the outbox, newest first; `?to=` filters by recipient.
pub async fn page(State(app): State<Arc<App>>, Query(query): Query<HashMap<String, String>>) -> Html<String> {
    let filter = query.get("to").map(|t| t.trim().to_owned()).filter(|t| !t.is_empty());
    let (project, messages) = app.with(|store, _| {
        let messages: Vec<_> = store
            .outbox
            .iter()
            .rev()
            .filter(|m| filter.as_deref().is_none_or(|to| m.to.eq_ignore_ascii_case(to)))
            .cloned()
            .collect();
        (store.project.name.clone(), messages)
    });
    let mut rows = String::new();
    for m in &messages {
        let action = match (&m.link, &m.code) {
            (Some(link), _) => format!(r#"<a class="action" href="{0}">Open the link</a>"#, escape(link)),
            (None, Some(code)) => format!(r#"<span class="code" aria-label="code">{}</span>"#, escape(code)),
            (None, None) => String::new(),
        };
        rows.push_str(&format!(
            r#"<li><article><header><span class="channel">{channel}</span> to <strong>{to}</strong> <time>{at}</time></header>
<h2>{subject}</h2><pre>{body}</pre>{action}</article></li>"#,
            channel = escape(&m.channel),
            to = escape(&m.to),
            at = escape(&m.created_at),
            subject = escape(m.subject.as_deref().unwrap_or("Text message")),
            body = escape(&m.body),
        ));
    }
    if messages.is_empty() {
        rows.push_str("<li class=\"empty\">No messages yet. Sign in from the app and the email appears here.</li>");
    }
    let filter_value = escape(filter.as_deref().unwrap_or(""));
    let body = format!(
        r#"<h1>Emulator inbox</h1>
<p>Emails and text messages the local Stytch emulator sent. The page refreshes every 5 seconds.</p>
<form method="get"><label for="to">Recipient</label><input id="to" name="to" type="search" value="{filter_value}"> <button type="submit">Filter</button></form>
<ul aria-live="polite">{rows}</ul>
<h2>Impersonate a member</h2>
<p>As the Stytch Dashboard's "Impersonate Member" does: opens the app signed in as the member for an hour.</p>
<form method="get" action="/emulator/impersonate"><label for="imp-org">Organization (ID or slug)</label><input id="imp-org" name="organization_id" required> <label for="imp-email">Member's email</label><input id="imp-email" name="email_address" type="email" required> <button type="submit">Open the app as them</button></form>
<p><a href="/emulator/v1/state" download="stytch-emulator-state.json">Download the emulator's state</a>: organizations, members and sessions, to start from with <code>--import</code>.</p>"#
    );
    layout("Emulator inbox", &project, "inbox", &body, true)
}

/// The pages' shared frame: title, styles, and the navigation between them (`current` marks
/// the page shown).
fn layout(title: &str, project: &str, current: &str, body: &str, refresh: bool) -> Html<String> {
    let refresh = if refresh {
        r#"<meta http-equiv="refresh" content="5">"#
    } else {
        ""
    };
    let link = |href: &str, key: &str, text: &str| {
        let aria = if key == current { r#" aria-current="page""# } else { "" };
        format!(r#"<a href="{href}"{aria}>{text}</a>"#)
    };
    let nav = [
        link("/emulator", "inbox", "Inbox"),
        link("/emulator/organizations", "organizations", "Organizations"),
    ]
    .join(" · ");
    let project = escape(project);
    Html(format!(
        r#"<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
{refresh}<title>{title} · {project}</title>
<style>
body{{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1b1b1f;background:#fafafa}}
ul{{list-style:none;padding:0}} li article,section.org{{background:#fff;border:1px solid #ddd;border-radius:8px;padding:1rem;margin:0 0 1rem}}
header{{color:#555;font-size:.9rem}} h2{{font-size:1.1rem;margin:.5rem 0}} pre{{white-space:pre-wrap;font-family:inherit}}
.channel{{text-transform:uppercase;font-weight:600;font-size:.75rem;background:#eef;padding:.1rem .4rem;border-radius:4px}}
.action{{display:inline-block;background:#1a56db;color:#fff;padding:.5rem 1rem;border-radius:6px;text-decoration:none}}
.action:focus,a:focus,button:focus,input:focus{{outline:3px solid #f59e0b;outline-offset:2px}} .code{{font-size:1.5rem;letter-spacing:.2em;font-weight:700}}
.empty{{color:#555}} form{{margin-bottom:1rem}} label{{margin-right:.5rem}} nav{{margin-bottom:1rem}} nav a[aria-current]{{font-weight:700}}
table{{border-collapse:collapse;width:100%;font-size:.9rem}} th,td{{text-align:left;padding:.35rem .5rem;border-bottom:1px solid #e5e5e5;vertical-align:top}}
.visually-hidden{{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}}
caption{{text-align:left;font-weight:600;padding:.5rem 0}} dl{{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem;font-size:.9rem}} dt{{color:#555}} dd{{margin:0}}
</style></head><body><nav aria-label="Emulator pages">{nav}</nav><main>{body}</main></body></html>"#
    ))
}

/// `GET /emulator/impersonate?organization_id=acme&email_address=ada@example.com`: issues an
/// impersonation token and sends the browser on to the app with it (303), as the Stytch
/// Dashboard's "Impersonate Member" opens the app, so a person can try it by hand.
pub async fn impersonate(State(app): State<Arc<App>>, Query(request): Query<ImpersonateRequest>) -> Response {
    match issue_impersonation(&app, request) {
        Ok((_, Some(url))) => Redirect::to(&url).into_response(),
        Ok((_, None)) => ApiError::bad_request("The project has no redirect URL to open the app at (--redirect-url).")
            .into_response(),
        Err(error) => error.into_response(),
    }
}

/// A value's wire text (`ACTIVE`, `REQUIRED_FOR_ALL`, …).
fn wire(value: &impl serde::Serialize) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(text)) => text,
        Ok(other) => other.to_string(),
        Err(_) => String::new(),
    }
}

/// `GET /emulator/organizations`: the project's connected apps, M2M clients and Trusted Auth
/// Token profiles, then every organization with
/// its settings, SSO and SCIM connections, the connected apps its members granted, and its
/// members (status, roles, MFA, live sessions, granted apps), and a link to open the app as
/// each active member, as a person debugging a sign-in wants to see them; `?q=` keeps the
/// organizations whose name, slug or ID, or a member's email, contains the text.
pub async fn organizations(State(app): State<Arc<App>>, Query(query): Query<HashMap<String, String>>) -> Html<String> {
    let filter = query
        .get("q")
        .map(|q| q.trim().to_lowercase())
        .filter(|q| !q.is_empty());
    let (project, sections, shown, total) = app.with(|store, ctx| {
        let matches = |organization: &stytch_models::Organization| {
            let Some(filter) = &filter else { return true };
            [
                &organization.organization_name,
                &organization.organization_slug,
                &organization.organization_id,
            ]
            .iter()
            .any(|text| text.to_lowercase().contains(filter))
                || store.members.iter().any(|m| {
                    m.organization_id == organization.organization_id && m.email_address.to_lowercase().contains(filter)
                })
        };
        let mut sections = redirect_urls_section(store);
        sections.push_str(&connected_apps_section(store));
        sections.push_str(&m2m_clients_section(store));
        sections.push_str(&trusted_token_profiles_section(store));
        let mut shown = 0;
        for organization in store.organizations.iter().filter(|o| matches(o)) {
            shown += 1;
            sections.push_str(&organization_section(store, ctx.now, organization));
        }
        if shown == 0 {
            sections.push_str("<p class=\"empty\">No organization matches. Sign up from the app, or start the emulator with <code>--seed demo</code>.</p>");
        }
        (store.project.name.clone(), sections, shown, store.organizations.len())
    });
    let filter_value = escape(query.get("q").map(|q| q.trim()).unwrap_or(""));
    let summary = if shown == total {
        format!("{total} organizations.")
    } else {
        format!("{shown} of {total} organizations match.")
    };
    let body = format!(
        r#"<h1>Organizations</h1>
<p>What the emulator holds now: each organization's settings, connections and members. <a href="/emulator/organizations">Refresh</a></p>
<form method="get" role="search"><label for="q">Organization or member email</label><input id="q" name="q" type="search" value="{filter_value}"> <button type="submit">Filter</button></form>
<p role="status">{summary}</p>
{sections}"#
    );
    layout("Organizations", &project, "organizations", &body, false)
}

/// One organization's section of the organizations page.
fn organization_section(
    store: &crate::domain::store::Store,
    now: i64,
    organization: &stytch_models::Organization,
) -> String {
    let id = &organization.organization_id;
    let methods = if organization.allowed_auth_methods.is_empty() {
        "all".to_owned()
    } else {
        organization
            .allowed_auth_methods
            .iter()
            .map(wire)
            .collect::<Vec<_>>()
            .join(", ")
    };
    let connections: Vec<String> = store
        .sso_connections
        .iter()
        .filter(|c| c.organization_id() == id)
        .map(|c| {
            let (kind, name, status) = match c {
                crate::domain::sso::SsoConnection::Saml(c) => ("SAML", &c.display_name, &c.status),
                crate::domain::sso::SsoConnection::Oidc(c) => ("OIDC", &c.display_name, &c.status),
                crate::domain::sso::SsoConnection::External(c) => ("external", &c.display_name, &c.status),
            };
            format!(
                "{} ({kind}, {}) <code>{}</code>",
                escape(name),
                escape(status),
                escape(c.id())
            )
        })
        .collect();
    let scim = store
        .scim_connections
        .iter()
        .find(|r| r.organization_id() == id)
        .map_or_else(|| "none".to_owned(), |_| "configured".to_owned());
    let apps: Vec<String> = store
        .organization_connected_apps(id)
        .map(|r| r.connected_apps)
        .unwrap_or_default()
        .iter()
        .map(|app| {
            let granted = store
                .organization_connected_app(id, &app.connected_app_id)
                .map(|r| r.active_members.len())
                .unwrap_or_default();
            format!(
                "{} ({}) <code>{}</code>, granted by {granted}",
                escape(&app.name),
                escape(&app.client_type),
                escape(&app.connected_app_id)
            )
        })
        .collect();
    let mut rows = String::new();
    let members: Vec<&stytch_models::Member> = store.members.iter().filter(|m| &m.organization_id == id).collect();
    for member in &members {
        let roles: Vec<&str> = member.roles.iter().map(|r| r.role_id.as_str()).collect();
        let mut mfa = Vec::new();
        if member.mfa_phone_number_verified {
            mfa.push("SMS");
        }
        if !member.totp_registration_id.is_empty() {
            mfa.push("TOTP");
        }
        let live = store
            .sessions
            .values()
            .filter(|s| !s.revoked && s.expires_ms > now && s.session.member_id == member.member_id)
            .count();
        let granted: Vec<String> = store
            .member_connected_apps(id, &member.member_id)
            .map(|r| r.connected_apps)
            .unwrap_or_default()
            .into_iter()
            .map(|app| format!("{} ({})", app.name, app.scopes_granted))
            .collect();
        let status = wire(&member.status);
        let open = if status == "active" {
            format!(
                r#"<a href="/emulator/impersonate?organization_id={}&amp;email_address={}">Open the app as {}</a>"#,
                escape(&percent_encode(id)),
                escape(&percent_encode(&member.email_address)),
                escape(&member.email_address)
            )
        } else {
            String::new()
        };
        rows.push_str(&format!(
            "<tr><th scope=\"row\">{email}</th><td>{name}</td><td>{status}</td><td>{roles}</td><td>{mfa}</td><td>{live}</td><td>{apps}</td><td>{open}</td></tr>",
            email = escape(&member.email_address),
            name = escape(&member.name),
            status = escape(&status),
            roles = escape(&roles.join(", ")),
            mfa = if mfa.is_empty() { "none".to_owned() } else { mfa.join(", ") },
            apps = if granted.is_empty() { "none".to_owned() } else { escape(&granted.join(", ")) },
        ));
    }
    let table = if members.is_empty() {
        "<p class=\"empty\">No members.</p>".to_owned()
    } else {
        format!(
            "<table><caption>Members ({count})</caption><thead><tr><th scope=\"col\">Email</th><th scope=\"col\">Name</th><th scope=\"col\">Status</th><th scope=\"col\">Roles</th><th scope=\"col\">MFA</th><th scope=\"col\">Live sessions</th><th scope=\"col\">Connected apps</th><th scope=\"col\"><span class=\"visually-hidden\">Actions</span></th></tr></thead><tbody>{rows}</tbody></table>",
            count = members.len()
        )
    };
    format!(
        r#"<section class="org" aria-labelledby="org-{anchor}"><h2 id="org-{anchor}">{name}</h2>
<dl><dt>Slug</dt><dd><code>{slug}</code></dd><dt>ID</dt><dd><code>{id}</code></dd><dt>Sign-in methods</dt><dd>{methods}</dd><dt>MFA policy</dt><dd>{mfa}</dd><dt>SSO connections</dt><dd>{connections}</dd><dt>SCIM</dt><dd>{scim}</dd><dt>Connected apps</dt><dd>{apps}</dd></dl>
{table}</section>"#,
        anchor = escape(id),
        name = escape(&organization.organization_name),
        slug = escape(&organization.organization_slug),
        id = escape(id),
        methods = escape(&methods),
        mfa = escape(&wire(&organization.mfa_policy)),
        connections = if connections.is_empty() {
            "none".to_owned()
        } else {
            connections.join("<br>")
        },
        apps = if apps.is_empty() {
            "none".to_owned()
        } else {
            apps.join("<br>")
        },
    )
}

/// The project's redirect URL allow-list, first on the page: where a refused link was meant to
/// go is the first thing a person checks.
fn redirect_urls_section(store: &crate::domain::store::Store) -> String {
    let kinds = |url: &crate::domain::redirect_urls::RedirectUrl, defaults: bool| {
        let names: Vec<&str> = url
            .valid_types
            .iter()
            .filter(|t| !defaults || t.is_default)
            .map(|t| t.kind.label())
            .collect();
        if names.is_empty() {
            "–".to_owned()
        } else {
            names.join(", ")
        }
    };
    let urls = &store.project.redirect_urls;
    let rows: String = urls
        .iter()
        .map(|url| {
            format!(
                "<tr><th scope=\"row\"><code>{}</code></th><td>{}</td><td>{}</td></tr>",
                escape(&url.url),
                kinds(url, false),
                kinds(url, true)
            )
        })
        .collect();
    format!(
        r#"<section class="org" aria-labelledby="redirect-urls"><h2 id="redirect-urls">Redirect URLs</h2>
<table><caption>Allowed ({count}); links, OAuth and SSO may send people only here</caption><thead><tr><th scope="col">URL</th><th scope="col">Allowed for</th><th scope="col">Default for</th></tr></thead><tbody>{rows}</tbody></table></section>"#,
        count = urls.len()
    )
}

/// The project's registered connected apps, above the organizations (nothing when none).
fn connected_apps_section(store: &crate::domain::store::Store) -> String {
    let apps = &store.connected_apps.apps;
    if apps.is_empty() {
        return String::new();
    }
    let rows: String = apps
        .iter()
        .map(|app| {
            format!(
                "<tr><th scope=\"row\">{name}</th><td>{kind}</td><td><code>{id}</code></td><td>{urls}</td></tr>",
                name = escape(&app.client_name),
                kind = escape(&app.client_type),
                id = escape(&app.client_id),
                urls = escape(&app.redirect_urls.join(", ")),
            )
        })
        .collect();
    format!(
        r#"<section class="org" aria-labelledby="connected-apps"><h2 id="connected-apps">Connected apps</h2>
<table><caption>Registered ({count})</caption><thead><tr><th scope="col">Name</th><th scope="col">Type</th><th scope="col">Client ID</th><th scope="col">Redirect URLs</th></tr></thead><tbody>{rows}</tbody></table></section>"#,
        count = apps.len()
    )
}

/// The project's M2M clients, above the organizations (nothing when none): what a token
/// request needs besides the secret, and whether a rotation is under way.
fn m2m_clients_section(store: &crate::domain::store::Store) -> String {
    let clients = &store.m2m_clients;
    if clients.is_empty() {
        return String::new();
    }
    let rows: String = clients
        .iter()
        .map(|client| {
            let secret = if client.rotating() {
                format!("…{}, rotating", escape(client.secret_last_four()))
            } else {
                format!("…{}", escape(client.secret_last_four()))
            };
            format!(
                "<tr><th scope=\"row\">{name}</th><td><code>{id}</code></td><td>{status}</td><td>{scopes}</td><td>{secret}</td></tr>",
                name = escape(&client.client_name),
                id = escape(&client.client_id),
                status = escape(&client.status),
                scopes = escape(&client.scopes.join(" ")),
            )
        })
        .collect();
    format!(
        r#"<section class="org" aria-labelledby="m2m-clients"><h2 id="m2m-clients">M2M clients</h2>
<table><caption>Registered ({count})</caption><thead><tr><th scope="col">Name</th><th scope="col">Client ID</th><th scope="col">Status</th><th scope="col">Scopes</th><th scope="col">Secret</th></tr></thead><tbody>{rows}</tbody></table></section>"#,
        count = clients.len()
    )
}

/// The project's Trusted Auth Token profiles (`sessions/attest`), above the organizations
/// (nothing when none): what a token must carry to be attested, and where its keys come from.
fn trusted_token_profiles_section(store: &crate::domain::store::Store) -> String {
    let profiles = &store.trusted_token_profiles;
    if profiles.is_empty() {
        return String::new();
    }
    let rows: String = profiles
        .iter()
        .map(|profile| {
            let keys = match &profile.jwks_url {
                Some(url) => format!("JWKS <code>{}</code>", escape(url)),
                None => format!("{} PEM key(s)", profile.pem_files.len()),
            };
            let mapping = profile
                .attribute_mapping
                .iter()
                .map(|(field, claim)| format!("{field} ← {claim}"))
                .collect::<Vec<_>>()
                .join(", ");
            format!(
                "<tr><th scope=\"row\">{name}</th><td><code>{id}</code></td><td>{issuer}</td><td>{audience}</td><td>{keys}</td><td>{mapping}</td><td>{jit}</td></tr>",
                name = escape(&profile.name),
                id = escape(&profile.profile_id),
                issuer = escape(&profile.issuer),
                audience = escape(&profile.audience),
                mapping = escape(&mapping),
                jit = if profile.can_jit_provision { "yes" } else { "no" },
            )
        })
        .collect();
    format!(
        r#"<section class="org" aria-labelledby="trusted-token-profiles"><h2 id="trusted-token-profiles">Trusted Auth Token profiles</h2>
<table><caption>Registered ({count})</caption><thead><tr><th scope="col">Name</th><th scope="col">Profile ID</th><th scope="col">Issuer</th><th scope="col">Audience</th><th scope="col">Keys</th><th scope="col">Claims</th><th scope="col">Creates members</th></tr></thead><tbody>{rows}</tbody></table></section>"#,
        count = profiles.len()
    )
}
