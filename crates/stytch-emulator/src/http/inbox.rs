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
    Html(format!(
        r#"<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="5"><title>Emulator inbox · {project}</title>
<style>
body{{font-family:system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#1b1b1f;background:#fafafa}}
ul{{list-style:none;padding:0}} li article{{background:#fff;border:1px solid #ddd;border-radius:8px;padding:1rem;margin:0 0 1rem}}
header{{color:#555;font-size:.9rem}} h2{{font-size:1.1rem;margin:.5rem 0}} pre{{white-space:pre-wrap;font-family:inherit}}
.channel{{text-transform:uppercase;font-weight:600;font-size:.75rem;background:#eef;padding:.1rem .4rem;border-radius:4px}}
.action{{display:inline-block;background:#1a56db;color:#fff;padding:.5rem 1rem;border-radius:6px;text-decoration:none}}
.action:focus{{outline:3px solid #f59e0b;outline-offset:2px}} .code{{font-size:1.5rem;letter-spacing:.2em;font-weight:700}}
.empty{{color:#555}} form{{margin-bottom:1rem}} label{{margin-right:.5rem}}
</style></head><body><main><h1>Emulator inbox</h1>
<p>Emails and text messages the local Stytch emulator sent. The page refreshes every 5 seconds.</p>
<form method="get"><label for="to">Recipient</label><input id="to" name="to" type="search" value="{filter_value}"> <button type="submit">Filter</button></form>
<ul aria-live="polite">{rows}</ul>
<h2>Impersonate a member</h2>
<p>As the Stytch Dashboard's "Impersonate Member" does: opens the app signed in as the member for an hour.</p>
<form method="get" action="/emulator/impersonate"><label for="imp-org">Organization (ID or slug)</label><input id="imp-org" name="organization_id" required> <label for="imp-email">Member's email</label><input id="imp-email" name="email_address" type="email" required> <button type="submit">Open the app as them</button></form>
<p><a href="/emulator/v1/state" download="stytch-emulator-state.json">Download the emulator's state</a>: organizations, members and sessions, to start from with <code>--import</code>.</p></main></body></html>"#
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
