//! The `stytch-emulator` binary as scripts run it: what it prints, when, and its exit status.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

fn emulator() -> Command {
    Command::new(env!("CARGO_BIN_EXE_stytch-emulator"))
}

fn scratch(name: &str) -> std::path::PathBuf {
    std::env::temp_dir().join(format!("stytch-emulator-cli-{}-{name}", std::process::id()))
}

#[test]
fn a_bad_import_fails_before_any_address_is_announced() {
    let not_a_state = scratch("not-a-state.json");
    std::fs::write(&not_a_state, r#"{"organizations": []}"#).unwrap();
    let missing = scratch("missing.json");
    for (path, says) in [(&not_a_state, "is not an exported state"), (&missing, "cannot read")] {
        let output = emulator()
            .args(["--port", "0", "--quiet", "--import"])
            .arg(path)
            .output()
            .unwrap();
        let (stdout, stderr) = (
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr),
        );
        assert!(!output.status.success(), "{path:?}: exit status {:?}", output.status);
        assert!(
            !stdout.contains("listening on"),
            "{path:?}: a script waiting for the address must not see one: {stdout}"
        );
        assert!(stderr.contains(says), "{path:?}: {stderr}");
    }
    std::fs::remove_file(not_a_state).unwrap();
}

#[test]
fn an_export_path_that_cannot_be_written_fails_at_start_not_at_exit() {
    let nowhere = scratch("no-such-directory").join("state.json");
    let output = emulator()
        .args(["--port", "0", "--quiet", "--export-on-exit"])
        .arg(&nowhere)
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("cannot write the state to"), "{stderr}");
    assert!(!String::from_utf8_lossy(&output.stdout).contains("listening on"));
}

#[test]
fn a_taken_port_is_a_clear_error() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let output = emulator().args(["--port", &port, "--quiet"]).output().unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(&format!("cannot listen on 127.0.0.1:{port}")),
        "{stderr}"
    );
    assert!(!String::from_utf8_lossy(&output.stdout).contains("listening on"));
}

/// Starts `command` with its output piped and returns it with the address its first line
/// announces (`127.0.0.1:PORT`). The reader is dropped after that line, as `| head -1` would.
fn start(command: &mut Command) -> (Child, String) {
    let mut child = command.stdout(Stdio::piped()).spawn().unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let address = line
        .trim()
        .strip_prefix("Stytch emulator listening on http://")
        .unwrap_or_else(|| panic!("first line: {line}"))
        .to_owned();
    (child, address)
}

#[test]
fn the_first_line_names_the_address_and_an_exported_state_starts_the_next_run() {
    let state = scratch("state.json");
    let _ = std::fs::remove_file(&state);
    let (mut first, address) = start(
        emulator()
            .args(["--port", "0", "--quiet", "--export-on-exit"])
            .arg(&state),
    );
    assert!(address.starts_with("127.0.0.1:"), "{address}");
    // SIGTERM, as CI runners stop services: the state is written before the process ends.
    let stopped = Command::new("kill")
        .args(["-TERM", &first.id().to_string()])
        .status()
        .unwrap();
    assert!(stopped.success());
    assert!(first.wait().unwrap().success());
    assert!(std::fs::metadata(&state).unwrap().len() > 0);

    let (mut second, address) = start(emulator().args(["--port", "0", "--quiet", "--import"]).arg(&state));
    assert!(address.starts_with("127.0.0.1:"), "{address}");
    second.kill().unwrap();
    second.wait().unwrap();
    std::fs::remove_file(state).unwrap();
}

/// One HTTP/1.1 GET over a plain socket: the whole answer, head and body.
fn get(address: &str, path: &str) -> String {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(address).unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut answer = String::new();
    let _ = stream.read_to_string(&mut answer);
    answer
}

/// The status line of a GET's answer.
fn status_line(address: &str, path: &str) -> String {
    get(address, path).lines().next().unwrap_or_default().to_owned()
}

#[test]
fn the_server_keeps_answering_when_nobody_reads_its_output_any_more() {
    // `stytch-emulator | head -1`, or a harness that stopped reading: every later line of the
    // request log meets a closed pipe.
    let (mut child, address) = start(emulator().args(["--port", "0"]).stderr(Stdio::piped()));
    drop(child.stderr.take());
    for _ in 0..3 {
        assert_eq!(status_line(&address, "/emulator/v1/health"), "HTTP/1.1 200 OK");
    }
    assert!(child.try_wait().unwrap().is_none(), "still running");
    child.kill().unwrap();
    child.wait().unwrap();
}

#[test]
fn a_policy_file_becomes_the_projects_policy_and_a_bad_one_fails_before_start() {
    let policy = scratch("policy.json");
    // Saved from Stytch's `GET /v1/b2b/rbac/policy` as is.
    std::fs::write(
        &policy,
        r#"{"request_id": "request-id-test", "status_code": 200, "policy": {
            "roles": [{"role_id": "approver", "description": "Approves invoices.",
                       "permissions": [{"resource_id": "invoices", "actions": ["approve", "read"]}]}],
            "resources": [{"resource_id": "invoices", "description": "", "actions": ["approve", "read"]}],
            "scopes": []}}"#,
    )
    .unwrap();
    let (mut child, address) = start(
        emulator()
            .args(["--port", "0", "--quiet", "--rbac-policy"])
            .arg(&policy),
    );
    let answer = get(
        &address,
        &format!("/sdk/v1/projects/bootstrap/{}", stytch_emulator::DEFAULT_PUBLIC_TOKEN),
    );
    child.kill().unwrap();
    child.wait().unwrap();
    let body = answer.split_once("\r\n\r\n").map(|(_, body)| body).unwrap_or_default();
    let bootstrap: serde_json::Value = serde_json::from_str(body).unwrap_or_else(|e| panic!("{e}: {answer}"));
    let served: stytch_models::RbacPolicy = serde_json::from_value(bootstrap["data"]["rbac_policy"].clone()).unwrap();
    assert!(served.is_authorized(&["approver".into()], "invoices", "approve"));
    assert!(
        served.is_authorized(&["stytch_admin".into()], "stytch.member", "create"),
        "Stytch's reserved roles are there too"
    );
    assert!(
        !served.resources.iter().any(|r| r.resource_id == "documents"),
        "the example policy is replaced, not merged"
    );

    std::fs::write(
        &policy,
        r#"{"roles": [{"role_id": "approver", "permissions": [{"resource_id": "invoices", "actions": ["approve"]}]}]}"#,
    )
    .unwrap();
    let misspelt = scratch("misspelt.json");
    std::fs::write(&misspelt, r#"{"role": []}"#).unwrap();
    for (path, says) in [
        (
            &policy,
            "role `approver` grants actions on `invoices`, which the policy's resources do not define",
        ),
        (&misspelt, "unknown field `role`"),
        (&scratch("no-policy.json"), "cannot read"),
    ] {
        assert_refused_before_start("--rbac-policy", path, says);
    }
    std::fs::remove_file(policy).unwrap();
    std::fs::remove_file(misspelt).unwrap();
}

#[test]
fn a_profiles_file_gives_the_emulator_its_trusted_token_profiles_and_a_bad_one_fails_before_start() {
    let profiles = scratch("profiles.json");
    // As `GET /emulator/v1/trusted_token_profiles` answers (PEM files as objects).
    let public_key = include_str!("keys/idp-rsa-public.pem");
    let answer = serde_json::json!({ "request_id": "r", "status_code": 200, "profiles": [{
        "profile_id": "ttp-test-cli", "name": "CLI", "issuer": "https://idp.test/", "audience": "app",
        "public_key_type": "PEM", "pem_files": [{ "pem_file_id": "pem-file-test-1", "public_key": public_key }],
        "attribute_mapping": { "email": "email" }, "can_jit_provision": false,
    }] });
    std::fs::write(&profiles, answer.to_string()).unwrap();
    let (mut child, address) = start(
        emulator()
            .args(["--port", "0", "--quiet", "--trusted-token-profiles"])
            .arg(&profiles),
    );
    let status = status_line(&address, "/emulator/v1/trusted_token_profiles/ttp-test-cli");
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(status.contains(" 200 "), "{status}");

    let misspelt = scratch("misspelt-profiles.json");
    std::fs::write(&misspelt, r#"[{"name": "x", "issuer_url": "https://idp.test/"}]"#).unwrap();
    let keyless = scratch("keyless-profiles.json");
    std::fs::write(
        &keyless,
        r#"[{"name": "x", "issuer": "i", "audience": "a", "public_key_type": "JWK"}]"#,
    )
    .unwrap();
    for (path, says) in [
        (&misspelt, "unknown field `issuer_url`"),
        (&keyless, "must_have_jwks_url_for_trusted_token_profile_with_type_jwk"),
        (&scratch("no-profiles.json"), "cannot read"),
    ] {
        assert_refused_before_start("--trusted-token-profiles", path, says);
    }
    for path in [profiles, misspelt, keyless] {
        std::fs::remove_file(path).unwrap();
    }
}

/// Starting with `option path` fails, announces no address and says `says` on stderr.
fn assert_refused_before_start(option: &str, path: &std::path::Path, says: &str) {
    let output = emulator()
        .args(["--port", "0", "--quiet", option])
        .arg(path)
        .output()
        .unwrap();
    assert!(!output.status.success(), "{path:?}");
    assert!(!String::from_utf8_lossy(&output.stdout).contains("listening on"));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains(says), "{path:?}: {stderr}");
}

#[test]
fn the_authorization_url_option_reaches_the_oauth_metadata() {
    let (mut child, address) = start(emulator().args([
        "--port",
        "0",
        "--quiet",
        "--idp-authorization-url",
        "https://app.example/oauth/authorize",
    ]));
    let answer = get(&address, "/.well-known/oauth-authorization-server");
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(
        answer.contains(r#""authorization_endpoint":"https://app.example/oauth/authorize""#),
        "{answer}"
    );
    assert!(answer.contains(&format!(r#""issuer":"http://{address}""#)), "{answer}");
}
