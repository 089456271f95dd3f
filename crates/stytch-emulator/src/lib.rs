//! A local Stytch-compatible B2B API server.
//!
//! It serves the frontend SDK API (`/sdk/v1`, the `{"data": …}` envelope, Basic
//! `public_token:session_token`), the backend API (`/v1/b2b`, Basic `project_id:secret`),
//! RS256 session JWTs with a JWKS, simulated OAuth providers and SSO identity providers (the
//! pages the official SDK's start URLs open), and a test API (`/emulator/v1`) with the outbox of every
//! email and text it "sent", a clock tests can move, injected faults, request counts, a reset
//! to the starting state, and the whole state as one JSON document to export and import
//! ([`EmulatorConfig::import`], [`EmulatorConfig::export_on_exit`]). Stytch's official clients
//! (`@stytch/vanilla-js`, npm `stytch`) run against it unchanged.
//!
//! Start one in a test and point a client at [`EmulatorHandle::url`]:
//!
//! ```
//! let emulator = stytch_emulator::spawn(stytch_emulator::EmulatorConfig::for_tests()).unwrap();
//! assert!(emulator.url().starts_with("http://127.0.0.1:"));
//! ```

#![warn(missing_docs)]

/// This crate's README, whose examples run as doctests (the in-test emulator among them).
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeExamples;

mod domain;
mod error;
mod http;

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::Arc;

// The library's surface: starting an emulator, and the state a test may read or arrange
// through `EmulatorHandle::app`. The rules themselves (`domain`) are not part of it.
pub use domain::claim_templates::{ClaimTemplate, TemplateKind};
pub use domain::clock::Clock;
pub use domain::faults::{Fault, FaultAction, FaultRequest, Faults};
pub use domain::project_policy::{project_rbac_policy, rbac_policy_from_json};
pub use domain::seed::{DEMO_EMAIL, DEMO_PASSWORD, DEMO_SLACK_WORKSPACE, DEMO_SSO_EMAIL};
pub use domain::state::Snapshot;
pub use domain::store::{PkceRequired, Store};
pub use domain::trusted_tokens::{ProfileInput as TrustedTokenProfileInput, trusted_token_profiles_from_json};
pub use domain::{App, Ctx};
pub use error::{ApiError, ApiResult};
pub use stytch_models::{Permission, PolicyResource, PolicyRole, RbacPolicy};

use domain::{jwt::Signer, store::Project};

/// Fixed credentials of the default project, so the demo works without configuration.
///
/// ```
/// // What a browser app under test is configured with.
/// let token = stytch_emulator::DEFAULT_PUBLIC_TOKEN;
/// assert!(token.contains("public-token-test"), "the official SDK's test mode needs it");
/// ```
pub const DEFAULT_PUBLIC_TOKEN: &str = "public-token-test-4f1c9a2e-7b3d-4e8a-9c61-5d2f0e8b7a13";

/// The Google OAuth client ID an emulated project's One Tap runs under unless configured.
///
/// ```
/// assert!(stytch_emulator::DEFAULT_GOOGLE_CLIENT_ID.ends_with(".apps.googleusercontent.com"));
/// ```
pub const DEFAULT_GOOGLE_CLIENT_ID: &str = "emulated-google-client.apps.googleusercontent.com";
/// Default project ID.
///
/// ```
/// use stytch_emulator::{DEFAULT_PROJECT_ID, DEFAULT_SECRET};
///
/// // A backend client's credentials (Basic auth on /v1/b2b).
/// let credentials = format!("{DEFAULT_PROJECT_ID}:{DEFAULT_SECRET}");
/// assert!(credentials.starts_with("project-test-"));
/// ```
pub const DEFAULT_PROJECT_ID: &str = "project-test-4f1c9a2e-7b3d-4e8a-9c61-5d2f0e8b7a13";
/// Default secret (a local placeholder, not a credential of any real project).
///
/// ```
/// use stytch_emulator::{DEFAULT_SECRET, EmulatorConfig};
///
/// // Each test project can have its own secret; the default is a public placeholder.
/// let config = EmulatorConfig { secret: "secret-test-my-ci".into(), ..EmulatorConfig::for_tests() };
/// assert_ne!(config.secret, DEFAULT_SECRET);
/// ```
pub const DEFAULT_SECRET: &str = "secret-test-emulator-local-only-3a9d1f7c2b8e4d6a";
/// Redirect URLs of the demo app, allowed by default.
///
/// ```
/// use stytch_emulator::{DEFAULT_REDIRECT_URLS, EmulatorConfig};
///
/// // An app served on another port lists its own landing page first (the default).
/// let config = EmulatorConfig {
///     redirect_urls: vec!["http://localhost:3000/authenticate".into()],
///     ..EmulatorConfig::for_tests()
/// };
/// assert!(!config.redirect_urls.iter().any(|u| u == DEFAULT_REDIRECT_URLS[0]));
/// ```
pub const DEFAULT_REDIRECT_URLS: [&str; 2] = [
    "http://localhost:8080/authenticate",
    "http://127.0.0.1:8080/authenticate",
];

/// Which data to load at start.
///
/// ```
/// use stytch_emulator::{EmulatorConfig, Seed, spawn};
///
/// let empty = spawn(EmulatorConfig { seed: Seed::None, ..EmulatorConfig::for_tests() }).unwrap();
/// assert!(empty.app().with(|store, _| store.organizations.is_empty()));
/// let demo = spawn(EmulatorConfig { seed: Seed::Demo, ..EmulatorConfig::for_tests() }).unwrap();
/// assert!(demo.app().with(|store, _| !store.organizations.is_empty()));
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Seed {
    /// Organizations and members that show each demo path.
    #[default]
    Demo,
    /// Nothing.
    None,
}

/// How to run an emulator.
///
/// ```
/// use stytch_emulator::{EmulatorConfig, PkceRequired, spawn};
///
/// // A project with HttpOnly cookies, PKCE everywhere and no organization creation.
/// let emulator = spawn(EmulatorConfig {
///     http_only_cookies: true,
///     pkce_required: PkceRequired::all(),
///     create_organization_enabled: false,
///     ..EmulatorConfig::for_tests()
/// })
/// .unwrap();
/// assert!(emulator.url().starts_with("http://127.0.0.1:"));
/// ```
#[derive(Clone, Debug)]
pub struct EmulatorConfig {
    /// Address to bind (loopback by default).
    pub host: IpAddr,
    /// Port; 0 picks a free one.
    pub port: u16,
    /// SDK public token.
    pub public_token: String,
    /// Backend project ID.
    pub project_id: String,
    /// Backend secret.
    pub secret: String,
    /// Initial data.
    pub seed: Seed,
    /// Allowed redirect URLs, each for every kind of redirect; the first is the default of each.
    pub redirect_urls: Vec<String>,
    /// HttpOnly cookie mode.
    pub http_only_cookies: bool,
    /// Allow organization creation from the SDK.
    pub create_organization_enabled: bool,
    /// Print one line per request to stderr.
    pub log_requests: bool,
    /// Bootstrap `slug_pattern` for the Organization flow, e.g. `http://localhost:8080/org/{{slug}}`.
    pub slug_pattern: Option<String>,
    /// Flows whose bootstrap tells SDKs to use PKCE (none by default, as in a new Stytch
    /// project).
    pub pkce_required: domain::store::PkceRequired,
    /// Start from this exported state (`GET /emulator/v1/state`) instead of the seed.
    pub import: Option<std::path::PathBuf>,
    /// Write the state here when the emulator stops, for a later `import`.
    pub export_on_exit: Option<std::path::PathBuf>,
    /// The project's RBAC policy (served in the bootstrap document and by
    /// `GET /v1/b2b/rbac/policy`, and enforced). Stytch's built-in roles and resources are
    /// added where it leaves them out, and one Stytch would refuse fails [`build`]
    /// ([`project_rbac_policy`]). By default [`default_rbac_policy`].
    pub rbac_policy: RbacPolicy,
    /// Trusted Auth Token profiles (for `sessions/attest`) the emulator starts with, and keeps
    /// across resets; added to an imported state (replacing profiles of the same ID). One
    /// Stytch would refuse fails [`build`].
    pub trusted_token_profiles: Vec<TrustedTokenProfileInput>,
    /// Your app's Connected Apps consent page (the Dashboard's "Authorization URL"), which the
    /// OAuth metadata (`/.well-known/oauth-authorization-server`) names as
    /// `authorization_endpoint` for MCP and other OAuth clients. None by default.
    pub idp_authorization_url: Option<String>,
    /// The Google OAuth client ID that Google One Tap runs under
    /// (`GET /sdk/v1/b2b/oauth/google/onetap/start`), and the audience of the credentials the
    /// emulator's simulated Google issues. [`DEFAULT_GOOGLE_CLIENT_ID`] by default; empty turns
    /// One Tap off (the official SDK then reports `oauth_config_not_found`).
    pub google_client_id: String,
    /// The OIDC UserInfo endpoint of the auth system you are migrating from (the Dashboard's
    /// Migrations setting): `sessions/migrate` sends it the old session's token as a bearer
    /// token and signs in the member whose email it answers. None by default (the route then
    /// refuses).
    pub session_migration_url: Option<String>,
    /// The project's custom claim template for session JWTs (the Dashboard's "Custom claim
    /// templates"): a JSON object whose values may be `{{ member.… }}` and
    /// `{{ organization.… }}` tags ([`ClaimTemplate`] has the rules). None by default; one Stytch
    /// would refuse fails [`build`].
    pub session_claims_template: Option<String>,
    /// The project's custom claim template for M2M access tokens, whose tags
    /// (`{{ request.… }}`) name the token request's extra parameters. None by default.
    pub m2m_claims_template: Option<String>,
}

impl Default for EmulatorConfig {
    fn default() -> Self {
        Self {
            host: IpAddr::V4(Ipv4Addr::LOCALHOST),
            port: 8787,
            public_token: DEFAULT_PUBLIC_TOKEN.into(),
            project_id: DEFAULT_PROJECT_ID.into(),
            secret: DEFAULT_SECRET.into(),
            seed: Seed::Demo,
            redirect_urls: DEFAULT_REDIRECT_URLS.iter().map(|s| (*s).to_owned()).collect(),
            http_only_cookies: false,
            create_organization_enabled: true,
            log_requests: false,
            slug_pattern: None,
            pkce_required: domain::store::PkceRequired::default(),
            import: None,
            export_on_exit: None,
            rbac_policy: default_rbac_policy(),
            trusted_token_profiles: Vec::new(),
            idp_authorization_url: None,
            google_client_id: DEFAULT_GOOGLE_CLIENT_ID.into(),
            session_migration_url: None,
            session_claims_template: None,
            m2m_claims_template: None,
        }
    }
}

impl EmulatorConfig {
    /// Defaults on a free port, with no seed data and quiet logs.
    ///
    /// ```
    /// use stytch_emulator::{EmulatorConfig, Seed};
    /// let config = EmulatorConfig::for_tests();
    /// assert_eq!((config.port, config.seed), (0, Seed::None));
    /// ```
    pub fn for_tests() -> Self {
        Self {
            port: 0,
            seed: Seed::None,
            ..Self::default()
        }
    }
}

/// The RBAC policy every project starts with: Stytch's reserved roles plus an `editor` and a
/// `viewer` role over a `documents` resource, so authorization can be tried out.
///
/// ```
/// use stytch_emulator::{EmulatorConfig, default_rbac_policy};
///
/// let mut policy = default_rbac_policy();
/// assert!(policy.roles.iter().any(|r| r.role_id == "editor"));
/// // Start from it and add what the app needs.
/// policy.roles.retain(|r| r.role_id != "viewer");
/// let config = EmulatorConfig { rbac_policy: policy, ..EmulatorConfig::for_tests() };
/// assert!(stytch_emulator::build(&config).is_ok());
/// ```
pub fn default_rbac_policy() -> RbacPolicy {
    let all = |resource: &str| Permission {
        resource_id: resource.into(),
        actions: vec!["*".into()],
    };
    let some = |resource: &str, actions: &[&str]| Permission {
        resource_id: resource.into(),
        actions: actions.iter().map(|a| (*a).to_owned()).collect(),
    };
    let role = |id: &str, description: &str, permissions| PolicyRole {
        role_id: id.into(),
        description: description.into(),
        permissions,
    };
    let resource = |id: &str, description: &str, actions: &[&str]| PolicyResource {
        resource_id: id.into(),
        description: description.into(),
        actions: actions.iter().map(|a| (*a).to_owned()).collect(),
    };
    RbacPolicy {
        roles: vec![
            role(
                "stytch_member",
                "Granted to every member.",
                vec![all("stytch.self"), some("documents", &["read"])],
            ),
            role(
                "stytch_admin",
                "Granted to organization creators.",
                vec![
                    all("stytch.organization"),
                    all("stytch.member"),
                    all("stytch.sso"),
                    all("stytch.scim"),
                    all("documents"),
                ],
            ),
            role(
                "editor",
                "Edits documents.",
                vec![some("documents", &["read", "write"])],
            ),
            role("viewer", "Reads documents.", vec![some("documents", &["read"])]),
        ],
        resources: vec![
            resource("stytch.organization", "The organization.", &["*"]),
            resource("stytch.member", "Members.", &["*"]),
            resource("stytch.sso", "SSO connections.", &["*"]),
            resource("stytch.scim", "SCIM connections.", &["*"]),
            resource("stytch.self", "The signed-in member.", &["*"]),
            resource(
                "documents",
                "Example application resource.",
                &["read", "write", "delete"],
            ),
        ],
        scopes: vec![],
    }
}

/// Builds the application state for a configuration (generates the signing key, loads the seed).
///
/// ```
/// use stytch_emulator::{EmulatorConfig, Seed, build};
///
/// let app = build(&EmulatorConfig { seed: Seed::Demo, ..EmulatorConfig::for_tests() }).unwrap();
/// assert!(app.with(|store, _| store.members.len()) > 0);
/// // A configuration Stytch would refuse fails here, before any port is bound.
/// let bad = EmulatorConfig { import: Some("/no/such/state.json".into()), ..EmulatorConfig::for_tests() };
/// assert!(build(&bad).is_err());
/// ```
pub fn build(config: &EmulatorConfig) -> Result<Arc<App>, String> {
    let project = Project {
        project_id: config.project_id.clone(),
        secret: config.secret.clone(),
        public_token: config.public_token.clone(),
        name: "Stytch emulator".into(),
        redirect_urls: domain::redirect_urls::from_config(&config.redirect_urls),
        create_organization_enabled: config.create_organization_enabled,
        rbac_policy: project_rbac_policy(config.rbac_policy.clone())
            .map_err(|e| format!("the RBAC policy cannot be used: {e}"))?,
        http_only_cookies: config.http_only_cookies,
        slug_pattern: config.slug_pattern.clone(),
        pkce_required: config.pkce_required,
        idp_authorization_url: config.idp_authorization_url.clone(),
        google_client_id: config.google_client_id.clone(),
        session_migration_url: config.session_migration_url.clone(),
        session_claim_template: claims_template(TemplateKind::Session, config.session_claims_template.as_deref())?,
        m2m_claim_template: claims_template(TemplateKind::M2m, config.m2m_claims_template.as_deref())?,
    };
    let signer = Signer::generate()?;
    let mut store = Store::new(project);
    if config.seed == Seed::Demo && config.import.is_none() {
        let ctx = domain::Ctx {
            now: domain::clock::Clock::default().now_ms(),
            signer: &signer,
            session_custom_claims: None,
        };
        domain::seed::load_demo(&mut store, &ctx).map_err(|e| e.to_string())?;
    }
    add_trusted_token_profiles(&mut store, &config.trusted_token_profiles)?;
    let app = Arc::new(App::new(store, signer));
    if let Some(path) = &config.import {
        let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let mut snapshot: Snapshot =
            serde_json::from_str(&text).map_err(|e| format!("{} is not an exported state: {e}", path.display()))?;
        add_trusted_token_profiles(&mut snapshot.store, &config.trusted_token_profiles)?;
        app.import(snapshot)
            .map_err(|e| format!("cannot import {}: {e}", path.display()))?;
    }
    Ok(app)
}

/// A configured claims template, checked as the test API checks one.
fn claims_template(kind: TemplateKind, text: Option<&str>) -> Result<Option<ClaimTemplate>, String> {
    text.map(str::trim)
        .filter(|text| !text.is_empty())
        .map(|text| ClaimTemplate::parse(kind, text))
        .transpose()
        .map_err(|e| format!("the {} claims template cannot be used: {}", kind.as_str(), e.message))
}

/// Adds the configured profiles, each replacing a profile of the same ID.
fn add_trusted_token_profiles(store: &mut Store, profiles: &[TrustedTokenProfileInput]) -> Result<(), String> {
    for input in profiles {
        if let Some(id) = &input.profile_id {
            store.trusted_token_profiles.retain(|p| &p.profile_id != id);
        }
        let name = input.profile_id.clone().unwrap_or_else(|| input.name.clone());
        store
            .add_trusted_token_profile(input.clone())
            .map_err(|e| format!("the trusted token profile {name} cannot be used: {e}"))?;
    }
    Ok(())
}

/// Writes the state to `path` (through a temporary file beside it, so a crash never leaves
/// half a document), as `--export-on-exit` does and `--import` reads.
///
/// ```
/// use stytch_emulator::{EmulatorConfig, build, export_state};
///
/// let app = build(&EmulatorConfig::for_tests()).unwrap();
/// let path = std::env::temp_dir().join(format!("doc-state-{}.json", std::process::id()));
/// export_state(&app, &path).unwrap();
/// let restarted = build(&EmulatorConfig { import: Some(path.clone()), ..EmulatorConfig::for_tests() }).unwrap();
/// assert_eq!(restarted.export().signing_key.kid, app.export().signing_key.kid, "the signing key carries over");
/// # std::fs::remove_file(path).unwrap();
/// ```
pub fn export_state(app: &App, path: &std::path::Path) -> std::io::Result<()> {
    let text = serde_json::to_string_pretty(&app.export()).map_err(std::io::Error::other)?;
    let mut temporary = path.as_os_str().to_owned();
    temporary.push(".partial");
    std::fs::write(&temporary, text)?;
    std::fs::rename(&temporary, path)
}

/// Serves the emulator on an already bound listener until `shutdown` resolves.
///
/// ```no_run
/// # async fn run() -> std::io::Result<()> {
/// use stytch_emulator::{EmulatorConfig, serve};
///
/// // Inside a program that owns its tokio runtime: serve until Ctrl-C.
/// let config = EmulatorConfig { port: 9000, ..EmulatorConfig::default() };
/// let listener = tokio::net::TcpListener::bind((config.host, config.port)).await?;
/// serve(&config, listener, async { let _ = tokio::signal::ctrl_c().await; }).await
/// # }
/// ```
pub async fn serve(
    config: &EmulatorConfig,
    listener: tokio::net::TcpListener,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let app = build(config).map_err(std::io::Error::other)?;
    serve_app(app, config, listener, shutdown).await
}

/// Serves an emulator [`build`] made, until `shutdown` resolves, writing the state at that
/// moment if `config` asks to. Building first lets a caller report a bad `import` before it
/// binds a port or announces an address, as the `stytch-emulator` binary does.
///
/// ```no_run
/// # async fn start() -> std::io::Result<()> {
/// use stytch_emulator::{EmulatorConfig, build, serve_app};
///
/// let config = EmulatorConfig::for_tests();
/// let app = build(&config).map_err(std::io::Error::other)?; // a bad import fails here
/// let listener = tokio::net::TcpListener::bind((config.host, config.port)).await?;
/// println!("listening on http://{}", listener.local_addr()?);
/// serve_app(app, &config, listener, async { let _ = tokio::signal::ctrl_c().await; }).await
/// # }
/// ```
pub async fn serve_app(
    app: Arc<App>,
    config: &EmulatorConfig,
    listener: tokio::net::TcpListener,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let export = config.export_on_exit.clone();
    let exporting = app.clone();
    let (stopping, stopped) = tokio::sync::oneshot::channel::<()>();
    // The state is written as soon as the stop is asked for, before open connections are
    // drained, so a client holding one cannot lose it.
    let graceful = async move {
        shutdown.await;
        if let Some(path) = export
            && let Err(error) = export_state(&exporting, &path)
        {
            use std::io::Write;
            let _ = writeln!(
                std::io::stderr(),
                "stytch-emulator: cannot export the state to {}: {error}",
                path.display()
            );
        }
        let _ = stopping.send(());
    };
    let server = axum::serve(listener, http::router(app, config.log_requests)).with_graceful_shutdown(graceful);
    // Draining waits for in-flight requests; a browser's open request does not hold the
    // process for longer than a few seconds.
    let deadline = async {
        if stopped.await.is_ok() {
            tokio::time::sleep(std::time::Duration::from_secs(3)).await;
        } else {
            std::future::pending::<()>().await;
        }
    };
    tokio::select! {
        result = server => result,
        () = deadline => Ok(()),
    }
}

/// An emulator running on its own thread; stops when dropped.
///
/// ```
/// use stytch_emulator::{EmulatorConfig, Seed, spawn};
///
/// let emulator = spawn(EmulatorConfig { seed: Seed::Demo, ..EmulatorConfig::for_tests() }).unwrap();
/// let before = emulator.app().with(|store, _| store.members.len());
/// emulator.app().with(|store, _| store.members.clear());
/// // Back to the seed between tests, without a restart (the port and signing key stay).
/// emulator.reset();
/// assert_eq!(emulator.app().with(|store, _| store.members.len()), before);
/// ```
pub struct EmulatorHandle {
    addr: SocketAddr,
    app: Arc<App>,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl EmulatorHandle {
    /// Base URL, e.g. `http://127.0.0.1:49152`.
    ///
    /// ```
    /// let emulator = stytch_emulator::spawn(stytch_emulator::EmulatorConfig::for_tests()).unwrap();
    /// let bootstrap = format!("{}/sdk/v1/projects/bootstrap/{}", emulator.url(), stytch_emulator::DEFAULT_PUBLIC_TOKEN);
    /// assert!(bootstrap.starts_with("http://127.0.0.1:"));
    /// ```
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Bound address.
    ///
    /// ```
    /// let emulator = stytch_emulator::spawn(stytch_emulator::EmulatorConfig::for_tests()).unwrap();
    /// assert!(emulator.addr().ip().is_loopback());
    /// ```
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Back to the starting state, as `POST /emulator/v1/reset` does: run it between tests
    /// that share one emulator.
    ///
    /// ```
    /// let emulator = stytch_emulator::spawn(stytch_emulator::EmulatorConfig::for_tests()).unwrap();
    /// emulator.app().clock.advance(3600);
    /// emulator.reset();
    /// assert_eq!(emulator.app().clock.offset_seconds(), 0);
    /// ```
    ///
    /// ```
    /// use stytch_emulator::{EmulatorConfig, Seed, spawn};
    /// let emulator = spawn(EmulatorConfig { seed: Seed::Demo, ..EmulatorConfig::for_tests() }).unwrap();
    /// let app = emulator.app();
    /// app.clock.advance(3600);
    /// app.with(|store, _| store.organizations.clear());
    /// app.reset();
    /// assert_eq!(app.clock.offset_seconds(), 0);
    /// assert!(app.with(|store, _| !store.organizations.is_empty()));
    /// ```
    pub fn reset(&self) {
        self.app.reset();
    }

    /// Replaces the project's RBAC policy until the next reset or import, as
    /// `PUT /emulator/v1/rbac/policy` does: completed and checked as
    /// [`EmulatorConfig::rbac_policy`] is at start, and refused (the policy unchanged) when
    /// Stytch would not save it or an organization's own roles would no longer fit it.
    ///
    /// ```
    /// use stytch_emulator::{EmulatorConfig, rbac_policy_from_json};
    ///
    /// let emulator = stytch_emulator::spawn(EmulatorConfig::for_tests()).unwrap();
    /// let invoices = rbac_policy_from_json(
    ///     r#"{"resources": [{"resource_id": "invoices", "actions": ["approve"]}], "roles": []}"#,
    /// )
    /// .unwrap();
    /// let policy = emulator.set_rbac_policy(invoices).unwrap();
    /// assert!(policy.resources.iter().any(|r| r.resource_id == "stytch.member"));
    /// emulator.reset();
    /// assert!(emulator.app().with(|store, _| store.project.rbac_policy.resources.iter().all(|r| r.resource_id != "invoices")));
    /// ```
    ///
    /// ```
    /// use stytch_emulator::{EmulatorConfig, PolicyResource, default_rbac_policy, spawn};
    /// let emulator = spawn(EmulatorConfig::for_tests()).unwrap();
    /// let mut policy = default_rbac_policy();
    /// policy.resources.push(PolicyResource { resource_id: "invoices".into(), actions: vec!["read".into()], ..Default::default() });
    /// let applied = emulator.app().set_rbac_policy(policy).unwrap();
    /// assert!(applied.resources.iter().any(|r| r.resource_id == "invoices"));
    /// ```
    pub fn set_rbac_policy(&self, policy: RbacPolicy) -> Result<RbacPolicy, String> {
        self.app.set_rbac_policy(policy)
    }

    /// The running emulator's state, for direct access in tests ([`App::export`],
    /// [`App::import`], [`App::with`]).
    ///
    /// ```
    /// use stytch_emulator::{EmulatorConfig, Seed, spawn};
    /// let emulator = spawn(EmulatorConfig { seed: Seed::Demo, ..EmulatorConfig::for_tests() }).unwrap();
    /// let slugs: Vec<String> = emulator.app().with(|store, _| store.organizations.iter().map(|o| o.organization_slug.clone()).collect());
    /// assert!(slugs.iter().any(|s| s == "cyberdyne"));
    /// ```
    pub fn app(&self) -> &Arc<App> {
        &self.app
    }
}

impl Drop for EmulatorHandle {
    fn drop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// Starts an emulator on a background thread with its own runtime and returns once it listens.
/// Works from synchronous and asynchronous tests alike.
///
/// ```
/// use stytch_emulator::{EmulatorConfig, spawn};
///
/// // One emulator per test: its own port and state, stopped when dropped.
/// let emulator = spawn(EmulatorConfig::for_tests()).unwrap();
/// let api = emulator.url(); // point the client under test here
/// assert_ne!(emulator.addr().port(), 0);
/// # drop(api);
/// ```
pub fn spawn(config: EmulatorConfig) -> std::io::Result<EmulatorHandle> {
    let std_listener = std::net::TcpListener::bind(SocketAddr::new(config.host, config.port))?;
    std_listener.set_nonblocking(true)?;
    let addr = std_listener.local_addr()?;
    let app = build(&config).map_err(std::io::Error::other)?;
    let handle_app = Arc::clone(&app);
    let (shutdown_tx, shutdown_rx) = tokio::sync::oneshot::channel::<()>();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    let thread = std::thread::Builder::new()
        .name(format!("stytch-emulator-{}", addr.port()))
        .spawn(move || {
            runtime.block_on(async move {
                let Ok(listener) = tokio::net::TcpListener::from_std(std_listener) else {
                    return;
                };
                let shutdown = async move {
                    let _ = shutdown_rx.await;
                };
                let _ = serve_app(app, &config, listener, shutdown).await;
            });
        })?;
    Ok(EmulatorHandle {
        addr,
        app: handle_app,
        shutdown: Some(shutdown_tx),
        thread: Some(thread),
    })
}
