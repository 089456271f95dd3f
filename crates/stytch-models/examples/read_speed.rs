//! How long reading one `sessions/authenticate` response takes, serde's derived `Deserialize`
//! against `FromJson` (which the client uses), natively. Prints numbers (also written as JSON to
//! the file `BENCH_JSON` names, if set); `scripts/bench` runs it.
//!
//! ```sh
//! cargo run --release -p stytch-models --example read_speed
//! ```

use std::{hint::black_box, time::Instant};

use serde_json::json;
use stytch_models::{api::sessions::AuthenticateWithMfaResponse, json::from_str};

fn body() -> String {
    let factor = json!({
        "type": "magic_link", "delivery_method": "email",
        "last_authenticated_at": "2026-11-26T01:11:44Z", "created_at": "2026-11-26T01:11:44Z",
        "updated_at": "2026-11-26T01:11:44Z", "sequence_order": "PRIMARY",
        "email_factor": { "email_id": "email-test-1", "email_address": "ada@example.com" }
    });
    let role = |id: &str| json!({ "role_id": id, "sources": [{ "type": "direct_assignment", "details": {} }] });
    json!({
        "request_id": "request-id-test-1", "status_code": 200,
        "member_id": "member-test-1", "organization_id": "organization-test-1",
        "member": {
            "organization_id": "organization-test-1", "member_id": "member-test-1",
            "email_address": "ada@example.com", "email_address_verified": true, "status": "active",
            "name": "Ada Lovelace", "trusted_metadata": { "tier": "gold" }, "untrusted_metadata": {},
            "is_breakglass": false, "is_admin": true, "mfa_enrolled": true,
            "mfa_phone_number": "+15005550006", "mfa_phone_number_verified": true,
            "default_mfa_method": "sms_otp", "roles": [role("stytch_member"), role("stytch_admin")],
            "created_at": "2026-11-26T01:11:44Z", "updated_at": "2026-11-26T01:11:44Z"
        },
        "organization": {
            "organization_id": "organization-test-1", "organization_name": "Acme",
            "organization_slug": "acme", "email_allowed_domains": ["example.com"],
            "email_jit_provisioning": "RESTRICTED", "auth_methods": "ALL_ALLOWED",
            "mfa_policy": "REQUIRED_FOR_ALL", "allowed_mfa_methods": ["sms_otp", "totp"],
            "created_at": "2026-11-26T01:11:44Z", "updated_at": "2026-11-26T01:11:44Z"
        },
        "member_authenticated": true,
        "member_session": {
            "member_session_id": "session-test-1", "member_id": "member-test-1",
            "organization_id": "organization-test-1", "organization_slug": "acme",
            "started_at": "2026-11-26T01:11:44Z", "last_accessed_at": "2026-11-26T01:11:44Z",
            "expires_at": "2026-11-26T02:11:44Z", "authentication_factors": [factor.clone(), factor],
            "roles": ["stytch_member", "stytch_admin"]
        },
        "session_token": "token", "session_jwt": "jwt",
        "intermediate_session_token": ""
    })
    .to_string()
}

/// Microseconds per read, over `rounds` reads.
fn batch(rounds: u32, read: &mut impl FnMut() -> bool) -> f64 {
    let started = Instant::now();
    for _ in 0..rounds {
        black_box(read());
    }
    started.elapsed().as_secs_f64() * 1e6 / f64::from(rounds)
}

/// The median of `BATCHES` batches for each reader, the two taken in turn so that a change in
/// the machine's load falls on both: one long run on a shared machine moved the ratio between
/// 2.2× and 2.5× with no change to either reader.
fn compare(rounds: u32, mut serde: impl FnMut() -> bool, mut reader: impl FnMut() -> bool) -> (f64, f64) {
    assert!(serde(), "serde failed to read the response");
    assert!(reader(), "FromJson failed to read the response");
    batch(rounds / 10, &mut serde);
    batch(rounds / 10, &mut reader);
    let per_batch = rounds / BATCHES;
    let (mut by_serde, mut by_reader) = (Vec::new(), Vec::new());
    for _ in 0..BATCHES {
        by_serde.push(batch(per_batch, &mut serde));
        by_reader.push(batch(per_batch, &mut reader));
    }
    (median(by_serde), median(by_reader))
}

const BATCHES: u32 = 9;

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

fn main() {
    let body = body();
    let rounds = 45_000;
    println!(
        "reading one sessions/authenticate response ({} bytes), {rounds} rounds each in {BATCHES} batches, native release build",
        body.len()
    );
    let (serde, reader) = compare(
        rounds,
        || serde_json::from_str::<AuthenticateWithMfaResponse>(black_box(&body)).is_ok(),
        || from_str::<AuthenticateWithMfaResponse>(black_box(&body)).is_ok(),
    );
    println!(
        "{:<28} {serde:8.2} µs per response (median of the batches)",
        "serde (derived Deserialize)"
    );
    println!(
        "{:<28} {reader:8.2} µs per response (median of the batches)",
        "FromJson (the client's)"
    );
    println!("FromJson / serde: {:.2}×", reader / serde);
    if let Ok(path) = std::env::var("BENCH_JSON") {
        let numbers = json!({ "responseBytes": body.len(), "rounds": rounds, "batches": BATCHES, "serdeMicros": serde, "fromJsonMicros": reader });
        if let Err(e) = std::fs::write(&path, numbers.to_string()) {
            eprintln!("could not write {path}: {e}");
            std::process::exit(1);
        }
    }
}
