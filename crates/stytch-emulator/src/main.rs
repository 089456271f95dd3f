//! `stytch-emulator`: run a local Stytch-compatible B2B API.

use std::io::Write;
use std::net::{IpAddr, SocketAddr};

use clap::{Parser, ValueEnum};
use stytch_emulator::{EmulatorConfig, Seed};

#[derive(Clone, Copy, Debug, ValueEnum)]
enum SeedArg {
    /// Organizations and members that show each demo path.
    Demo,
    /// Start empty.
    None,
}

/// A local Stytch-compatible B2B API server for development and CI.
#[derive(Debug, Parser)]
#[command(version, about)]
struct Args {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1")]
    host: IpAddr,
    /// Port to listen on (0 picks a free one).
    #[arg(long, default_value_t = 8787)]
    port: u16,
    /// SDK public token (must contain `public-token-test` for the official SDK's test mode).
    #[arg(long, default_value = stytch_emulator::DEFAULT_PUBLIC_TOKEN)]
    public_token: String,
    /// Backend project ID.
    #[arg(long, default_value = stytch_emulator::DEFAULT_PROJECT_ID)]
    project_id: String,
    /// Backend secret.
    #[arg(long, default_value = stytch_emulator::DEFAULT_SECRET)]
    secret: String,
    /// Initial data.
    #[arg(long, value_enum, default_value = "demo")]
    seed: SeedArg,
    /// Allowed redirect URL, for every kind (login, sign-up, invite, password reset,
    /// discovery; repeatable; the first is each kind's default). Defaults to the demo's
    /// `/authenticate` on localhost:8080 and 127.0.0.1:8080.
    #[arg(long = "redirect-url", value_name = "URL")]
    redirect_urls: Vec<String>,
    /// Set HttpOnly session cookies from the API and return empty tokens.
    #[arg(long)]
    http_only_cookies: bool,
    /// Refuse organization creation from the SDK.
    #[arg(long)]
    disable_create_organization: bool,
    /// Bootstrap `slug_pattern` for the Organization flow, e.g.
    /// `http://localhost:8080/org/{{slug}}`.
    #[arg(long, value_name = "PATTERN")]
    slug_pattern: Option<String>,
    /// Tell SDKs (through bootstrap) to protect magic links, password resets, OAuth and SSO
    /// with PKCE, so a link or redirect only signs in the browser that asked for it.
    #[arg(long)]
    require_pkce: bool,
    /// Your app's Connected Apps consent page, named as `authorization_endpoint` in the OAuth
    /// metadata (`/.well-known/oauth-authorization-server`) that MCP clients read.
    #[arg(long, value_name = "URL")]
    idp_authorization_url: Option<String>,
    /// The Google OAuth client ID Google One Tap runs under; an empty one turns One Tap off.
    #[arg(long, value_name = "ID", default_value = stytch_emulator::DEFAULT_GOOGLE_CLIENT_ID)]
    google_client_id: String,
    /// The OIDC UserInfo endpoint of the auth system you are migrating from: `sessions/migrate`
    /// sends it the old session's token and signs in the member whose email it answers
    #[arg(long, value_name = "URL")]
    session_migration_url: Option<String>,
    /// Start from a state exported before (`GET /emulator/v1/state` or `--export-on-exit`)
    /// instead of the seed. The emulator must use the state's project ID.
    #[arg(long, value_name = "FILE")]
    import: Option<std::path::PathBuf>,
    /// Write the state to FILE when stopped (Ctrl-C or SIGTERM), to `--import` it next time.
    #[arg(long, value_name = "FILE")]
    export_on_exit: Option<std::path::PathBuf>,
    /// The project's RBAC policy, a JSON file: the answer of Stytch's `GET /v1/b2b/rbac/policy`
    /// or its `policy` alone (`{"roles": [...], "resources": [...], "scopes": [...]}`).
    /// Stytch's built-in roles and resources are added. Defaults to an example policy with a
    /// `documents` resource and `editor` and `viewer` roles.
    #[arg(long, value_name = "FILE")]
    rbac_policy: Option<std::path::PathBuf>,
    /// Trusted Auth Token profiles to start with (for `sessions/attest`), a JSON file: an array
    /// of what `POST /emulator/v1/trusted_token_profiles` takes (`profile_id` optional), or that
    /// route's `GET` answer. They stay across `POST /emulator/v1/reset`.
    #[arg(long, value_name = "FILE")]
    trusted_token_profiles: Option<std::path::PathBuf>,
    /// The project's custom claim template for session JWTs, a JSON file whose values may be
    /// `{{ member.… }}` or `{{ organization.… }}` tags, e.g.
    /// `{"plan": {{ organization.trusted_metadata.plan }}, "roles": {{ member.rbac.roles }}}`.
    #[arg(long, value_name = "FILE")]
    session_claims_template: Option<std::path::PathBuf>,
    /// The project's custom claim template for M2M access tokens; its tags
    /// (`{{ request.… }}`) name extra parameters of the token request.
    #[arg(long, value_name = "FILE")]
    m2m_claims_template: Option<std::path::PathBuf>,
    /// Do not log requests.
    #[arg(long)]
    quiet: bool,
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let args = Args::parse();
    let mut config = EmulatorConfig {
        host: args.host,
        port: args.port,
        public_token: args.public_token,
        project_id: args.project_id,
        secret: args.secret,
        seed: match args.seed {
            SeedArg::Demo => Seed::Demo,
            SeedArg::None => Seed::None,
        },
        http_only_cookies: args.http_only_cookies,
        create_organization_enabled: !args.disable_create_organization,
        log_requests: !args.quiet,
        slug_pattern: args.slug_pattern,
        pkce_required: if args.require_pkce {
            stytch_emulator::PkceRequired::all()
        } else {
            stytch_emulator::PkceRequired::default()
        },
        import: args.import,
        export_on_exit: args.export_on_exit,
        idp_authorization_url: args.idp_authorization_url,
        google_client_id: args.google_client_id,
        session_migration_url: args.session_migration_url,
        ..EmulatorConfig::default()
    };
    if !args.redirect_urls.is_empty() {
        config.redirect_urls = args.redirect_urls;
    }
    if let Some(path) = &args.rbac_policy {
        match read_file(path, stytch_emulator::rbac_policy_from_json) {
            Ok(policy) => config.rbac_policy = policy,
            Err(error) => return fail(&error),
        }
    }
    if let Some(path) = &args.trusted_token_profiles {
        match read_file(path, stytch_emulator::trusted_token_profiles_from_json) {
            Ok(profiles) => config.trusted_token_profiles = profiles,
            Err(error) => return fail(&error),
        }
    }
    for (path, template) in [
        (&args.session_claims_template, &mut config.session_claims_template),
        (&args.m2m_claims_template, &mut config.m2m_claims_template),
    ] {
        if let Some(path) = path {
            match read_file(path, |text| Ok(text.to_owned())) {
                Ok(text) => *template = Some(text),
                Err(error) => return fail(&error),
            }
        }
    }
    // The state first: a bad `--import` must fail before anything announces an address that
    // scripts would wait on.
    let app = match stytch_emulator::build(&config) {
        Ok(app) => app,
        Err(error) => return fail(&error),
    };
    // Likewise a place `--export-on-exit` cannot write: found now, not when the state is lost.
    if let Some(path) = &config.export_on_exit
        && let Err(error) = check_writable(path)
    {
        return fail(&format!("cannot write the state to {}: {error}", path.display()));
    }
    let listener = match tokio::net::TcpListener::bind(SocketAddr::new(config.host, config.port)).await {
        Ok(listener) => listener,
        Err(error) => return fail(&format!("cannot listen on {}:{}: {error}", config.host, config.port)),
    };
    // SIGTERM stops the process at once unless the state must be written first. Then both
    // signals are taken over before the address is announced, so a stop that follows the
    // announcement at once still writes the state.
    #[cfg(unix)]
    let signals = match config.export_on_exit {
        Some(_) => {
            use tokio::signal::unix::{SignalKind, signal};
            signal(SignalKind::terminate())
                .and_then(|t| Ok((t, signal(SignalKind::interrupt())?)))
                .ok()
        }
        None => None,
    };
    let shutdown = async move {
        #[cfg(unix)]
        if let Some((mut terminate, mut interrupt)) = signals {
            tokio::select! {
                _ = terminate.recv() => {}
                _ = interrupt.recv() => {}
            }
            return;
        }
        let _ = tokio::signal::ctrl_c().await;
    };
    let port = listener.local_addr().map(|a| a.port()).unwrap_or(config.port);
    let base = format!("http://{}:{port}", config.host);
    let mut banner = format!("Stytch emulator listening on {base}\n");
    let mut line = |label: &str, value: &dyn std::fmt::Display| banner.push_str(&format!("  {label:<14} {value}\n"));
    line("port", &port);
    line("public token", &config.public_token);
    line("project id", &config.project_id);
    line("secret", &config.secret);
    line("inbox", &format!("{base}/emulator"));
    line("redirect URLs", &config.redirect_urls.join(", "));
    if config.http_only_cookies {
        line("cookies", &"HttpOnly (set by the API)");
    }
    if config.pkce_required != stytch_emulator::PkceRequired::default() {
        line("PKCE", &"required (magic links, password resets, OAuth, SSO)");
    }
    if let Some(path) = &config.import {
        line("import from", &path.display());
    }
    if let Some(path) = &config.export_on_exit {
        line("exports to", &format!("{} when stopped", path.display()));
    }
    // Whoever started the emulator may stop reading its output (`| head -1`, a closed pipe):
    // that must not stop the server, so write errors are ignored here and in the request log.
    let mut stdout = std::io::stdout().lock();
    let _ = stdout.write_all(banner.as_bytes()).and_then(|()| stdout.flush());
    drop(stdout);
    match stytch_emulator::serve_app(app, &config, listener, shutdown).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => fail(&error),
    }
}

/// Reports why the emulator stops, on stderr (ignoring a closed stderr), and the failure status.
fn fail(reason: &dyn std::fmt::Display) -> std::process::ExitCode {
    let _ = writeln!(std::io::stderr(), "stytch-emulator: {reason}");
    std::process::ExitCode::FAILURE
}

/// Whether the state can be written at `path` later, tried with the same temporary file beside
/// it that the export writes first.
fn check_writable(path: &std::path::Path) -> std::io::Result<()> {
    let mut temporary = path.as_os_str().to_owned();
    temporary.push(".partial");
    std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(false)
        .open(&temporary)?;
    std::fs::remove_file(&temporary)
}

/// A configuration file read by `parse`; the error names the file.
fn read_file<T>(path: &std::path::Path, parse: fn(&str) -> Result<T, String>) -> Result<T, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    parse(&text).map_err(|e| format!("{}: {e}", path.display()))
}
