//! Simulated OAuth identity providers: the start URLs the official SDK navigates to
//! (`/v1/b2b/public/oauth/{provider}/start` and `…/discovery/start`) show a consent page; its
//! form posts to `…/consent`, which redirects to the app with a token.

use std::collections::HashMap;
use std::sync::Arc;

use axum::Router;
use axum::extract::State;

use super::extract::{Form, Path, Query};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use stytch_models::api::oauth::OAuthProvider;

use crate::domain::App;
use crate::domain::oauth::{ConsentContext, OAuthIdentity, OAuthStart};
use crate::error::ApiError;

/// Routes relative to `/v1/b2b`.
pub fn routes() -> Router<Arc<App>> {
    Router::new()
        .route("/public/oauth/{provider}/start", get(start))
        .route("/public/oauth/{provider}/discovery/start", get(discovery_start))
        .route("/public/oauth/{provider}/consent", post(consent))
}

/// The start parameters the consent form carries along as hidden fields.
const CARRIED: [&str; 9] = [
    "public_token",
    "organization_id",
    "slug",
    "login_redirect_url",
    "signup_redirect_url",
    "discovery_redirect_url",
    "custom_scopes",
    "pkce_code_challenge",
    "discovery",
];

fn parse_start(provider: &str, discovery: bool, query: &HashMap<String, String>) -> OAuthStart {
    let get = |k: &str| query.get(k).cloned().filter(|v| !v.is_empty());
    OAuthStart {
        provider: Some(OAuthProvider::parse(provider)),
        discovery,
        public_token: get("public_token").unwrap_or_default(),
        organization_id: get("organization_id"),
        slug: get("slug"),
        login_redirect_url: get("login_redirect_url"),
        signup_redirect_url: get("signup_redirect_url"),
        discovery_redirect_url: get("discovery_redirect_url"),
        custom_scopes: get("custom_scopes"),
        pkce_code_challenge: get("pkce_code_challenge"),
    }
}

pub(super) fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

pub(super) fn page(status: StatusCode, title: &str, body: &str) -> Response {
    let html = format!(
        r#"<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title><style>
body{{font-family:system-ui,sans-serif;max-width:30rem;margin:3rem auto;padding:0 1rem;color:#1b1b1f;background:#f6f7f9}}
main{{background:#fff;border:1px solid #c9ccd1;border-radius:8px;padding:1.5rem}} h1{{font-size:1.3rem}}
label{{display:block;font-weight:600;margin:.75rem 0 .25rem}} input{{font:inherit;width:100%;box-sizing:border-box;padding:.5rem;border:1px solid #8a8f98;border-radius:6px}}
button{{font:inherit;margin-top:1rem;padding:.6rem 1rem;border-radius:6px;border:1px solid #1a56db;background:#1a56db;color:#fff;cursor:pointer}}
button.quiet{{background:#fff;color:#1a56db;margin:.25rem 0;width:100%;text-align:start}}
button:focus-visible,input:focus{{outline:3px solid #b45309;outline-offset:2px}} .hint{{color:#52555c;font-size:.9rem;margin:.25rem 0}}
.note{{background:#fff7e6;border:1px solid #f5c26b;border-radius:6px;padding:.5rem .75rem;font-size:.9rem}} .error{{color:#b42318}}
ul{{list-style:none;padding:0;margin:0}}
</style></head><body><main>{body}</main></body></html>"#,
        title = escape(title),
    );
    (status, Html(html)).into_response()
}

pub(super) fn error_page(error: &ApiError) -> Response {
    let status = StatusCode::from_u16(error.status).unwrap_or(StatusCode::BAD_REQUEST);
    let body = format!(
        r#"<h1>This sign-in cannot start</h1><p class="error" role="alert">{}</p><p class="hint">error_type: <code>{}</code></p>"#,
        escape(&error.message),
        escape(error.error_type.as_str())
    );
    page(status, "Sign-in error · Stytch emulator", &body)
}

/// The start parameters named in `carried`, as the hidden fields of a sign-in form.
pub(super) fn hidden_fields(carried: &[&str], start: &HashMap<String, String>) -> String {
    carried
        .iter()
        .filter_map(|k| start.get(*k).map(|v| (k, v)))
        .map(|(k, v)| format!(r#"<input type="hidden" name="{k}" value="{}">"#, escape(v)))
        .collect()
}

fn consent_page(
    provider: &str,
    carried: &HashMap<String, String>,
    context: &ConsentContext,
    problem: Option<&str>,
) -> Response {
    let name = context.provider.display_name().to_owned();
    let hidden = hidden_fields(&CARRIED, carried);
    let action = format!("/v1/b2b/public/oauth/{}/consent", escape(provider));
    let target = match &context.organization_name {
        Some(org) => format!("to <strong>{}</strong>", escape(org)),
        None => format!("to <strong>{}</strong>", escape(&context.project_name)),
    };
    let google = context.provider == OAuthProvider::Google;
    let tenanted = matches!(
        context.provider,
        OAuthProvider::GitHub | OAuthProvider::Slack | OAuthProvider::HubSpot
    );
    let verification = match &context.provider {
        OAuthProvider::Microsoft => "Microsoft verifies the email address.",
        OAuthProvider::Google => {
            "Google verifies the email address only for a Workspace account (with a hosted domain)."
        }
        _ => {
            "This provider does not verify the email address: organizations that need a verified email will ask for another step."
        }
    };
    let quick: String = context
        .known_emails
        .iter()
        .map(|email| {
            let domain = email.rsplit('@').next().unwrap_or_default();
            let hd = if google && domain != "gmail.com" { domain } else { "" };
            format!(
                r#"<li><form method="post" action="{action}">{hidden}<input type="hidden" name="email" value="{e}"><input type="hidden" name="hosted_domain" value="{hd}"><button class="quiet" type="submit">Continue as {e}</button></form></li>"#,
                e = escape(email),
                hd = escape(hd),
            )
        })
        .collect();
    let quick = if quick.is_empty() {
        String::new()
    } else {
        format!(r#"<h2>Known identities</h2><ul>{quick}</ul><h2>Another identity</h2>"#)
    };
    let extra = if google {
        r#"<label for="hosted_domain">Google Workspace domain</label><input id="hosted_domain" name="hosted_domain" aria-describedby="hd-hint"><p class="hint" id="hd-hint">Empty for a personal Google account.</p>"#
    } else if tenanted {
        r#"<label for="tenant">Organization or workspace ID</label><input id="tenant" name="tenant" aria-describedby="tenant-hint"><p class="hint" id="tenant-hint">Optional: the tenant the identity belongs to.</p>"#
    } else {
        ""
    };
    let problem = problem
        .map(|p| format!(r#"<p class="error" role="alert">{}</p>"#, escape(p)))
        .unwrap_or_default();
    let body = format!(
        r#"<h1>Sign in with {name}</h1>
<p>Simulated by the Stytch emulator: choose who you are at {name}, and continue {target}.</p>
<p class="note">{verification}</p>{problem}{quick}
<form method="post" action="{action}">{hidden}
<label for="email">Email</label><input id="email" name="email" type="email" autocomplete="email" required>
<label for="name">Name</label><input id="name" name="name" autocomplete="name">
{extra}
<button type="submit">Continue</button></form>"#,
        name = escape(&name),
    );
    page(StatusCode::OK, &format!("Sign in with {name} · Stytch emulator"), &body)
}

fn show(app: &App, provider: &str, discovery: bool, mut query: HashMap<String, String>) -> Response {
    if discovery {
        query.insert("discovery".into(), "true".into());
    }
    let start = parse_start(provider, discovery, &query);
    match app.with(|store, _| store.oauth_consent(&start)) {
        Ok(context) => consent_page(provider, &query, &context, None),
        Err(error) => error_page(&error),
    }
}

async fn start(
    State(app): State<Arc<App>>,
    Path(provider): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    show(&app, &provider, false, query)
}

async fn discovery_start(
    State(app): State<Arc<App>>,
    Path(provider): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    show(&app, &provider, true, query)
}

async fn consent(
    State(app): State<Arc<App>>,
    Path(provider): Path<String>,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    let discovery = form.get("discovery").is_some_and(|d| d == "true");
    let start = parse_start(&provider, discovery, &form);
    let identity = OAuthIdentity {
        email: form.get("email").cloned().unwrap_or_default(),
        name: form.get("name").cloned().unwrap_or_default(),
        hosted_domain: form.get("hosted_domain").cloned().unwrap_or_default(),
        tenant: form.get("tenant").cloned().unwrap_or_default(),
    };
    match app.with(|store, ctx| store.complete_oauth_consent(ctx, &start, identity)) {
        Ok(location) => (StatusCode::SEE_OTHER, [(header::LOCATION, location)]).into_response(),
        Err(error) => match app.with(|store, _| store.oauth_consent(&start)) {
            Ok(context) => {
                let mut response = consent_page(&provider, &form, &context, Some(&error.message));
                *response.status_mut() = StatusCode::BAD_REQUEST;
                response
            }
            Err(error) => error_page(&error),
        },
    }
}
