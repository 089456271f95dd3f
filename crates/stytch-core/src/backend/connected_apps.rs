//! Registering Connected Apps from a server (`/v1/connected_apps/clients`): the applications
//! (a CLI, a partner's integration, an AI agent) that sign your members in through your
//! project as an OAuth 2.1 / OpenID Connect provider. Members grant them access on your
//! consent page (`stytch_leptos`'s `<ConnectedAppConsent>`); a Rust API checks the access
//! tokens they send with [`StytchBackend::introspect_access_token`].

use serde::{Deserialize, Serialize};
use serde_json::Value;
use stytch_models::RedactedDebug;

use super::{StytchBackend, body, read};
use crate::StytchError;
use crate::util::percent;

/// A connected app as Stytch shows it: a confidential app's secret only by its last four
/// characters.
///
/// ```
/// use stytch_core::backend::ConnectedApp;
/// let app = ConnectedApp { client_type: "first_party_public".into(), ..Default::default() };
/// assert!(app.is_public() && app.is_first_party());
/// assert!(!app.is_rotating_secret());
/// ```
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct ConnectedApp {
    /// Client ID (`connected-app-test-…`).
    pub client_id: String,
    /// Name, shown on the consent page.
    pub client_name: String,
    /// Description, shown on the consent page.
    pub client_description: String,
    /// `active`.
    pub status: String,
    /// `first_party`, `first_party_public`, `third_party` or `third_party_public`.
    pub client_type: String,
    /// Where the authorization answer may go (exactly one of these).
    pub redirect_urls: Vec<String>,
    /// Where a sign-out may return.
    pub post_logout_redirect_urls: Vec<String>,
    /// Whether it may ask for `full_access` (first-party apps only).
    pub full_access_allowed: bool,
    /// Minutes its access tokens live (5 to 1440; 60 unless set).
    pub access_token_expiry_minutes: u32,
    /// Whether `offline_access` needs no consent (first-party apps only).
    pub bypass_consent_for_offline_access: bool,
    /// Custom claims for its access tokens (a session claim template; empty for none).
    pub access_token_template_content: String,
    /// Custom claims for its ID tokens (a session claim template; empty for none).
    pub id_token_template_content: String,
    /// An audience its access tokens carry beside the project's, such as your API's URL.
    pub access_token_custom_audience: Option<String>,
    /// Logo shown on the consent page.
    pub logo_url: Option<String>,
    /// A confidential app's secret, by its last four characters.
    pub client_secret_last_four: Option<String>,
    /// During a secret rotation, the next secret's last four characters.
    pub next_client_secret_last_four: Option<String>,
    /// How it was registered (`api` for one registered through this API).
    pub creation_method: String,
}

impl ConnectedApp {
    /// Whether it is a public client (no secret; it proves itself with PKCE).
    ///
    /// ```
    /// use stytch_core::backend::ConnectedApp;
    /// assert!(!ConnectedApp { client_type: "third_party".into(), ..Default::default() }.is_public());
    /// ```
    pub fn is_public(&self) -> bool {
        self.client_type.ends_with("_public")
    }

    /// Whether it is your own (first-party: no consent asked unless it asks for `prompt=consent`).
    ///
    /// ```
    /// use stytch_core::backend::ConnectedApp;
    /// assert!(!ConnectedApp { client_type: "third_party".into(), ..Default::default() }.is_first_party());
    /// ```
    pub fn is_first_party(&self) -> bool {
        self.client_type.starts_with("first_party")
    }

    /// Whether a secret rotation is under way (both secrets work until it completes).
    ///
    /// ```
    /// use stytch_core::backend::ConnectedApp;
    /// let app = ConnectedApp { next_client_secret_last_four: Some("x9Qa".into()), ..Default::default() };
    /// assert!(app.is_rotating_secret());
    /// ```
    pub fn is_rotating_secret(&self) -> bool {
        self.next_client_secret_last_four.is_some()
    }
}

/// An app with the secret Stytch shows only once: a confidential app's secret when it is
/// registered (`None` for a public app), the next secret when a rotation starts. Its `Debug`
/// form hides it.
///
/// ```
/// use stytch_core::backend::{ConnectedApp, ConnectedAppWithSecret};
/// let created = ConnectedAppWithSecret { app: ConnectedApp::default(), secret: Some("s3cr3t-value".into()) };
/// assert!(!format!("{created:?}").contains("s3cr3t"));
/// ```
#[derive(Clone, PartialEq, RedactedDebug)]
pub struct ConnectedAppWithSecret {
    /// The app.
    pub app: ConnectedApp,
    /// The secret (at registration) or the next secret (when a rotation starts).
    #[redact]
    pub secret: Option<String>,
}

/// What [`StytchBackend::create_connected_app`] registers and
/// [`StytchBackend::update_connected_app`] changes; fields left `None` are not sent (Stytch's
/// defaults at registration, unchanged at an update). `client_type` is required to register
/// and cannot be changed afterwards.
///
/// ```
/// use stytch_core::backend::ConnectedAppSettings;
/// let cli = ConnectedAppSettings {
///     client_type: Some("third_party_public".into()),
///     client_name: Some("Acme CLI".into()),
///     redirect_urls: Some(vec!["http://127.0.0.1:8976/callback".into()]),
///     ..Default::default()
/// };
/// assert_eq!(serde_json::to_value(&cli).unwrap()["client_name"], "Acme CLI");
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct ConnectedAppSettings {
    /// `first_party`, `first_party_public`, `third_party` or `third_party_public`
    /// (`invalid_connected_app_type` otherwise).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_type: Option<String>,
    /// Name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_name: Option<String>,
    /// Description.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_description: Option<String>,
    /// Where the authorization answer may go (replacing the list).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub redirect_urls: Option<Vec<String>>,
    /// Where a sign-out may return (replacing the list).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub post_logout_redirect_urls: Option<Vec<String>>,
    /// Whether it may ask for `full_access` (first-party apps only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub full_access_allowed: Option<bool>,
    /// Minutes its access tokens live, 5 to 1440.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub access_token_expiry_minutes: Option<u32>,
    /// Whether `offline_access` needs no consent (first-party apps only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bypass_consent_for_offline_access: Option<bool>,
    /// Custom claims for its access tokens: a session claim template (empty removes it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub access_token_template_content: Option<String>,
    /// Custom claims for its ID tokens: a session claim template (empty removes it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id_token_template_content: Option<String>,
    /// An audience for its access tokens beside the project's (empty removes it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub access_token_custom_audience: Option<String>,
    /// Logo shown on the consent page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub logo_url: Option<String>,
}

/// Which page of [`StytchBackend::search_connected_apps`]: `limit` per page (Stytch's default
/// 100, at most 1000), from `cursor` (the last page's `next_cursor`).
///
/// ```
/// use stytch_core::backend::ConnectedAppSearch;
/// let first = ConnectedAppSearch { limit: Some(20), cursor: None };
/// assert_eq!(serde_json::to_string(&first).unwrap(), r#"{"limit":20}"#);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct ConnectedAppSearch {
    /// Results per page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
    /// Where the page starts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cursor: Option<String>,
}

/// The apps a search found, one page at a time.
///
/// ```
/// use stytch_core::backend::ConnectedAppPage;
/// let page = ConnectedAppPage { total: 3, next_cursor: None, ..Default::default() };
/// assert!(page.next_cursor.is_none(), "the last page");
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ConnectedAppPage {
    /// This page's apps.
    pub apps: Vec<ConnectedApp>,
    /// How many apps the project has in all.
    pub total: u64,
    /// The cursor of the next page; `None` on the last.
    pub next_cursor: Option<String>,
}

/// The answer's `connected_app`, without the secret field `secret` (returned beside it).
fn app_in(mut answer: Value, secret: &str) -> Result<ConnectedAppWithSecret, StytchError> {
    let mut wire = answer.get_mut("connected_app").map(Value::take).unwrap_or_default();
    let secret = wire
        .as_object_mut()
        .and_then(|app| app.remove(secret))
        .and_then(|s| s.as_str().map(str::to_owned));
    Ok(ConnectedAppWithSecret {
        app: read(wire)?,
        secret,
    })
}

impl StytchBackend {
    fn connected_app_path(client_id: &str, rest: &str) -> String {
        format!("/v1/connected_apps/clients/{}{rest}", percent::encode(client_id))
    }

    /// Registers a connected app (`POST /v1/connected_apps/clients`): the app, and a
    /// confidential one's secret, which Stytch never shows again. Refusals carry Stytch's
    /// names (`invalid_connected_app_type`, `connected_app_invalid_redirect_url`, …).
    ///
    /// ```no_run
    /// use stytch_core::backend::ConnectedAppSettings;
    /// # async fn f(stytch: stytch_core::backend::StytchBackend) -> Result<(), stytch_core::StytchError> {
    /// let created = stytch
    ///     .create_connected_app(&ConnectedAppSettings {
    ///         client_type: Some("third_party".into()),
    ///         client_name: Some("Partner sync".into()),
    ///         redirect_urls: Some(vec!["https://partner.example/oauth/callback".into()]),
    ///         ..Default::default()
    ///     })
    ///     .await?;
    /// // Hand `created.secret` to the partner once.
    /// println!("registered {}", created.app.client_id);
    /// # Ok(()) }
    /// ```
    pub async fn create_connected_app(
        &self,
        settings: &ConnectedAppSettings,
    ) -> Result<ConnectedAppWithSecret, StytchError> {
        let answer = self.post("/v1/connected_apps/clients", body(settings)?).await?;
        app_in(answer, "client_secret")
    }

    /// One connected app (`GET /v1/connected_apps/clients/{client_id}`);
    /// `connected_app_not_found` (404) when there is none.
    ///
    /// ```no_run
    /// # async fn f(stytch: stytch_core::backend::StytchBackend) -> Result<(), stytch_core::StytchError> {
    /// let app = stytch.connected_app("connected-app-test-…").await?;
    /// println!("{} may return to {:?}", app.client_name, app.redirect_urls);
    /// # Ok(()) }
    /// ```
    pub async fn connected_app(&self, client_id: &str) -> Result<ConnectedApp, StytchError> {
        let answer = self.get(&Self::connected_app_path(client_id, "")).await?;
        Ok(app_in(answer, "client_secret")?.app)
    }

    /// Changes a connected app (`PUT /v1/connected_apps/clients/{client_id}`); nothing changes
    /// when any field is refused.
    ///
    /// ```no_run
    /// use stytch_core::backend::ConnectedAppSettings;
    /// # async fn f(stytch: stytch_core::backend::StytchBackend) -> Result<(), stytch_core::StytchError> {
    /// let change = ConnectedAppSettings { access_token_expiry_minutes: Some(15), ..Default::default() };
    /// let app = stytch.update_connected_app("connected-app-test-…", &change).await?;
    /// assert_eq!(app.access_token_expiry_minutes, 15);
    /// # Ok(()) }
    /// ```
    pub async fn update_connected_app(
        &self,
        client_id: &str,
        settings: &ConnectedAppSettings,
    ) -> Result<ConnectedApp, StytchError> {
        let answer = self
            .put(&Self::connected_app_path(client_id, ""), body(settings)?)
            .await?;
        Ok(app_in(answer, "client_secret")?.app)
    }

    /// Deletes a connected app (`DELETE /v1/connected_apps/clients/{client_id}`): members can
    /// no longer authorize it, and the grants members gave it and its tokens end.
    ///
    /// ```no_run
    /// # async fn f(stytch: stytch_core::backend::StytchBackend) -> Result<(), stytch_core::StytchError> {
    /// stytch.delete_connected_app("connected-app-test-…").await?;
    /// # Ok(()) }
    /// ```
    pub async fn delete_connected_app(&self, client_id: &str) -> Result<(), StytchError> {
        self.delete(&Self::connected_app_path(client_id, "")).await.map(drop)
    }

    /// One page of the project's connected apps (`POST /v1/connected_apps/clients/search`), in
    /// the order they were registered, self-registered ones included.
    ///
    /// ```no_run
    /// use stytch_core::backend::ConnectedAppSearch;
    /// # async fn f(stytch: stytch_core::backend::StytchBackend) -> Result<(), stytch_core::StytchError> {
    /// let mut search = ConnectedAppSearch::default();
    /// loop {
    ///     let page = stytch.search_connected_apps(&search).await?;
    ///     for app in &page.apps {
    ///         println!("{} ({})", app.client_name, app.client_type);
    ///     }
    ///     match page.next_cursor {
    ///         Some(cursor) => search.cursor = Some(cursor),
    ///         None => break,
    ///     }
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn search_connected_apps(&self, search: &ConnectedAppSearch) -> Result<ConnectedAppPage, StytchError> {
        let mut answer = self.post("/v1/connected_apps/clients/search", body(search)?).await?;
        let apps = answer.get_mut("connected_apps").map(Value::take).unwrap_or_default();
        let (total, next_cursor) = super::results_metadata(&answer);
        Ok(ConnectedAppPage {
            apps: read(apps)?,
            total,
            next_cursor,
        })
    }

    /// Starts rotating a confidential app's secret: the answer carries the next secret (shown
    /// this once); both work until [`Self::complete_connected_app_secret_rotation`] or
    /// [`Self::cancel_connected_app_secret_rotation`]. `connected_app_already_rotating_secret`
    /// when one is under way, `public_connected_apps_do_not_have_secrets` for a public app.
    ///
    /// ```no_run
    /// # async fn f(stytch: stytch_core::backend::StytchBackend) -> Result<(), stytch_core::StytchError> {
    /// let rotation = stytch.start_connected_app_secret_rotation("connected-app-test-…").await?;
    /// // … give `rotation.secret` to the app and wait until it uses it …
    /// stytch.complete_connected_app_secret_rotation("connected-app-test-…").await?;
    /// # Ok(()) }
    /// ```
    pub async fn start_connected_app_secret_rotation(
        &self,
        client_id: &str,
    ) -> Result<ConnectedAppWithSecret, StytchError> {
        let path = Self::connected_app_path(client_id, "/secrets/rotate/start");
        let rotation = app_in(self.post(&path, "{}".into()).await?, "next_client_secret")?;
        match rotation.secret {
            Some(_) => Ok(rotation),
            None => Err(StytchError::InvalidResponse(
                "the answer has no next_client_secret".into(),
            )),
        }
    }

    /// Ends a rotation by keeping the old secret: the next one stops working.
    /// `connected_app_not_rotating_secret` when none is under way.
    ///
    /// ```no_run
    /// # async fn f(stytch: stytch_core::backend::StytchBackend) -> Result<(), stytch_core::StytchError> {
    /// let app = stytch.cancel_connected_app_secret_rotation("connected-app-test-…").await?;
    /// assert!(!app.is_rotating_secret());
    /// # Ok(()) }
    /// ```
    pub async fn cancel_connected_app_secret_rotation(&self, client_id: &str) -> Result<ConnectedApp, StytchError> {
        let path = Self::connected_app_path(client_id, "/secrets/rotate/cancel");
        Ok(app_in(self.post(&path, "{}".into()).await?, "client_secret")?.app)
    }

    /// Ends a rotation by switching to the next secret: the old one stops working.
    /// `connected_app_not_rotating_secret` when none is under way.
    ///
    /// ```no_run
    /// # async fn f(stytch: stytch_core::backend::StytchBackend) -> Result<(), stytch_core::StytchError> {
    /// let app = stytch.complete_connected_app_secret_rotation("connected-app-test-…").await?;
    /// println!("secret now ends in {:?}", app.client_secret_last_four);
    /// # Ok(()) }
    /// ```
    pub async fn complete_connected_app_secret_rotation(&self, client_id: &str) -> Result<ConnectedApp, StytchError> {
        let path = Self::connected_app_path(client_id, "/secrets/rotate");
        Ok(app_in(self.post(&path, "{}".into()).await?, "client_secret")?.app)
    }
}
