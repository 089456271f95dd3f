//! Load test: `sessions/authenticate` throughput and latency against a running emulator.
//!
//! Signs Tony in to the demo seed's Stark Industries with his password, then keeps
//! `CONCURRENCY` connections busy calling `POST /sdk/v1/b2b/sessions/authenticate` (as the
//! browser SDK does on every refresh) for `SECONDS`, and prints requests per second and the
//! latency percentiles (also written as JSON to the file `BENCH_JSON` names, if set).
//! `scripts/bench` runs it against a release build:
//!
//! ```text
//! stytch-emulator --seed demo --port 8787 &
//! cargo run --release -p stytch-emulator --example load_sessions -- http://127.0.0.1:8787 64 10
//! ```

use std::time::{Duration, Instant};

use serde_json::{Value, json};

const PUBLIC_TOKEN: &str = "public-token-test-4f1c9a2e-7b3d-4e8a-9c61-5d2f0e8b7a13";

type Error = Box<dyn std::error::Error + Send + Sync>;

fn basic(user: &str, password: &str) -> String {
    use base64::Engine;
    format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"))
    )
}

async fn post(client: &reqwest::Client, url: &str, auth: &str, body: Value) -> Result<Value, Error> {
    let response = client
        .post(url)
        .header("authorization", auth)
        .header("content-type", "application/json")
        .body(body.to_string())
        .send()
        .await?;
    let status = response.status();
    let text = response.text().await?;
    if !status.is_success() {
        return Err(format!("{url} answered {status}: {text}").into());
    }
    Ok(serde_json::from_str(&text)?)
}

async fn sign_in(client: &reqwest::Client, api: &str) -> Result<String, Error> {
    let public = basic(PUBLIC_TOKEN, "");
    let search = post(
        client,
        &format!("{api}/sdk/v1/b2b/organizations/search"),
        &public,
        json!({ "organization_slug": "stark" }),
    )
    .await?;
    let organization_id = search["data"]["organization"]["organization_id"]
        .as_str()
        .ok_or("the demo seed has no Stark Industries; start the emulator with --seed demo")?
        .to_owned();
    let session = post(
        client,
        &format!("{api}/sdk/v1/b2b/passwords/authenticate"),
        &public,
        json!({
            "organization_id": organization_id,
            "email_address": "tony@stark.example",
            "password": "Arc-Reactor-Mark-42",
            "session_duration_minutes": 60,
        }),
    )
    .await?;
    Ok(session["data"]["session_token"]
        .as_str()
        .ok_or("no session token in the password sign-in answer")?
        .to_owned())
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

#[tokio::main]
async fn main() -> Result<(), Error> {
    let mut args = std::env::args().skip(1);
    let api = args.next().unwrap_or_else(|| "http://127.0.0.1:8787".to_owned());
    let concurrency: usize = args.next().map(|a| a.parse()).transpose()?.unwrap_or(64);
    let seconds: u64 = args.next().map(|a| a.parse()).transpose()?.unwrap_or(10);
    let api = api.trim_end_matches('/').to_owned();

    let client = reqwest::Client::builder().pool_max_idle_per_host(concurrency).build()?;
    let token = sign_in(&client, &api).await?;
    let auth = basic(PUBLIC_TOKEN, &token);
    let url = format!("{api}/sdk/v1/b2b/sessions/authenticate");

    // One warm-up second fills the connection pool; only the measured window counts.
    let warm_up = Instant::now() + Duration::from_secs(1);
    let end = warm_up + Duration::from_secs(seconds);
    let workers: Vec<_> = (0..concurrency)
        .map(|_| {
            let (client, auth, url) = (client.clone(), auth.clone(), url.clone());
            tokio::spawn(async move {
                let (mut latencies, mut errors) = (Vec::new(), 0u64);
                loop {
                    let started = Instant::now();
                    if started >= end {
                        break;
                    }
                    let ok = post(&client, &url, &auth, json!({})).await.is_ok();
                    if started >= warm_up {
                        if ok {
                            latencies.push(started.elapsed());
                        } else {
                            errors += 1;
                        }
                    }
                }
                (latencies, errors)
            })
        })
        .collect();
    let (mut latencies, mut errors) = (Vec::new(), 0);
    for worker in workers {
        let (l, e) = worker.await?;
        latencies.extend(l);
        errors += e;
    }
    if latencies.is_empty() {
        return Err("no request succeeded".into());
    }
    latencies.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let per_second = latencies.len() as f64 / seconds as f64;
    let (p50, p99) = (ms(percentile(&latencies, 50.0)), ms(percentile(&latencies, 99.0)));
    let max = ms(*latencies.last().unwrap_or(&Duration::ZERO));
    println!(
        "sessions/authenticate: {per_second:.0} req/s at {concurrency} concurrent connections over {seconds} s; \
         latency p50 {p50:.1} ms, p99 {p99:.1} ms, max {max:.1} ms; {} requests, {errors} errors",
        latencies.len(),
    );
    if let Ok(path) = std::env::var("BENCH_JSON") {
        let numbers = json!({
            "concurrency": concurrency, "seconds": seconds, "requestsPerSecond": per_second,
            "p50Ms": p50, "p99Ms": p99, "maxMs": max, "requests": latencies.len(), "errors": errors,
        });
        std::fs::write(path, numbers.to_string())?;
    }
    Ok(())
}
