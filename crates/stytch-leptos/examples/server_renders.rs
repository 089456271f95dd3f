//! Benchmark: what a signed-in server render costs, against a running emulator.
//!
//! Signs Tony in to the demo seed's Stark Industries, then renders a page (the provider, a
//! `<Protect>` and the member's address) `RENDERS` times for his session, as an axum
//! middleware and leptos_axum would: `server::server_session` for the request's cookie, the
//! answer in the request's extensions, the page to HTML. Once with Stytch's answer reused (the
//! default, a minute) and once asking on every render (`Duration::ZERO`); prints the
//! `sessions/authenticate` calls the emulator saw and the median time per render (also as
//! JSON to the file `BENCH_JSON` names, if set). `scripts/bench` runs it against a release
//! build:
//!
//! ```text
//! stytch-emulator --seed demo --port 8787 &
//! cargo run --release -p stytch-leptos --features ssr,backend --example server_renders -- http://127.0.0.1:8787 100
//! ```

use std::time::{Duration, Instant};

use leptos::prelude::*;
use serde_json::{Value, json};
use stytch_leptos::server::{ServerSessionOptions, StytchBackend, server_session_with_options};
use stytch_leptos::{Protect, StytchProvider, use_member};

type Error = Box<dyn std::error::Error + Send + Sync>;

const PUBLIC_TOKEN: &str = stytch_emulator::DEFAULT_PUBLIC_TOKEN;

/// The SDK's API as the browser calls it (Basic `public_token:`), `data` of the answer.
async fn sdk(api: &str, path: &str, body: Value) -> Result<Value, Error> {
    let answer: Value = reqwest::Client::new()
        .post(format!("{api}/sdk/v1/b2b{path}"))
        .basic_auth(PUBLIC_TOKEN, Some(""))
        .json(&body)
        .send()
        .await?
        .json()
        .await?;
    match answer.get("data") {
        Some(data) => Ok(data.clone()),
        None => Err(format!("{path} answered {answer}").into()),
    }
}

async fn authenticate_calls(api: &str) -> Result<u64, Error> {
    let url = format!("{api}/emulator/v1/requests?path=/v1/b2b/sessions/authenticate");
    let counts: Value = reqwest::get(url).await?.json().await?;
    counts["total"].as_u64().ok_or_else(|| "no request count".into())
}

#[component]
fn Page() -> impl IntoView {
    let member = use_member().member;
    view! {
        <p>{move || member.get().map(|m| m.email_address).unwrap_or_default()}</p>
        <Protect resource="documents" action="read" fallback=|| "Read only">"Documents"</Protect>
    }
}

/// One page for a request carrying `cookie`, rendered as leptos_axum would after a middleware.
async fn render(backend: &StytchBackend, cookie: &str, options: &ServerSessionOptions) -> Result<String, Error> {
    let mut headers = http::HeaderMap::new();
    headers.insert(http::header::COOKIE, cookie.parse()?);
    let session = server_session_with_options(backend, &headers, options)
        .await
        .ok_or("Stytch did not answer")?;
    let html = Owner::new().with(|| {
        let (mut parts, ()) = http::Request::new(()).into_parts();
        parts.extensions.insert(session);
        provide_context(parts);
        view! { <StytchProvider public_token=PUBLIC_TOKEN><Page/></StytchProvider> }.to_html()
    });
    Ok(html)
}

struct Run {
    calls: u64,
    median_ms: f64,
}

async fn measure(api: &str, cookie: &str, renders: usize, options: ServerSessionOptions) -> Result<Run, Error> {
    let backend =
        StytchBackend::new(stytch_emulator::DEFAULT_PROJECT_ID, stytch_emulator::DEFAULT_SECRET).with_api_url(api);
    let before = authenticate_calls(api).await?;
    let mut times = Vec::with_capacity(renders);
    for _ in 0..renders {
        let started = Instant::now();
        let html = render(&backend, cookie, &options).await?;
        times.push(started.elapsed());
        if !html.contains("tony@stark.example") || !html.contains("Documents") {
            return Err(format!("the page was not rendered signed in: {html}").into());
        }
    }
    times.sort();
    Ok(Run {
        calls: authenticate_calls(api).await? - before,
        median_ms: times[times.len() / 2].as_secs_f64() * 1000.0,
    })
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Error> {
    let mut args = std::env::args().skip(1);
    let api = args.next().unwrap_or_else(|| "http://127.0.0.1:8787".to_owned());
    let api = api.trim_end_matches('/').to_owned();
    let renders: usize = args.next().map(|a| a.parse()).transpose()?.unwrap_or(100).max(1);

    let stark = sdk(&api, "/organizations/search", json!({ "organization_slug": "stark" })).await?;
    let organization_id = stark["organization"]["organization_id"]
        .as_str()
        .ok_or("the demo seed has no Stark Industries; start the emulator with --seed demo")?;
    let signed_in = sdk(
        &api,
        "/passwords/authenticate",
        json!({
            "organization_id": organization_id,
            "email_address": "tony@stark.example",
            "password": "Arc-Reactor-Mark-42",
            "session_duration_minutes": 60,
        }),
    )
    .await?;
    let token = signed_in["session_token"].as_str().ok_or("no session token")?;
    let cookie = format!("stytch_session={token}");

    let reused = measure(&api, &cookie, renders, ServerSessionOptions::default()).await?;
    let every = ServerSessionOptions {
        reuse_answer_for: Duration::ZERO,
        ..Default::default()
    };
    let asked = measure(&api, &cookie, renders, every).await?;
    println!(
        "{renders} signed-in renders of one session: answer reused for a minute (default): {} sessions/authenticate \
         call(s), median {:.2} ms per render; asked on every render: {} calls, median {:.2} ms per render",
        reused.calls, reused.median_ms, asked.calls, asked.median_ms,
    );
    if let Ok(path) = std::env::var("BENCH_JSON") {
        let result = json!({
            "renders": renders,
            "reused": { "calls": reused.calls, "medianMs": reused.median_ms },
            "everyRender": { "calls": asked.calls, "medianMs": asked.median_ms },
        });
        std::fs::write(path, result.to_string())?;
    }
    Ok(())
}
