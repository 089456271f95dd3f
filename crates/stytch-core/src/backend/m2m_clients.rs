//! Managing M2M clients from a server (`/v1/m2m/clients`): registering the services that may
//! call your API, changing what they may do, rotating their secrets without downtime and
//! retiring them. The tokens they then get are [`StytchBackend::m2m_token`]'s; your API checks
//! them with [`StytchBackend::authenticate_m2m_token`].

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use stytch_models::RedactedDebug;

use super::{StytchBackend, body, read};
use crate::StytchError;
use crate::util::percent;

/// An M2M client as Stytch shows it: never its secret, only the secret's last four characters.
///
/// ```
/// use stytch_core::backend::M2mClient;
/// let client = M2mClient { status: "active".into(), scopes: vec!["read:users".into()], ..Default::default() };
/// assert!(client.is_active());
/// assert!(!client.is_rotating_secret());
/// ```
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct M2mClient {
    /// Client ID (`m2m-client-test-…`, or the ID it was imported with).
    pub client_id: String,
    /// Name.
    pub client_name: String,
    /// Description.
    pub client_description: String,
    /// `active` or `inactive` (an inactive client gets no tokens).
    pub status: String,
    /// The scopes its tokens may carry.
    pub scopes: Vec<String>,
    /// The last four characters of its secret.
    pub client_secret_last_four: String,
    /// During a secret rotation, the last four characters of the next secret.
    pub next_client_secret_last_four: Option<String>,
    /// Your own data about the client.
    pub trusted_metadata: Map<String, Value>,
}

impl M2mClient {
    /// Whether it may get tokens.
    ///
    /// ```
    /// use stytch_core::backend::M2mClient;
    /// assert!(!M2mClient { status: "inactive".into(), ..Default::default() }.is_active());
    /// ```
    pub fn is_active(&self) -> bool {
        self.status == "active"
    }

    /// Whether a secret rotation is under way (both secrets work until it completes).
    ///
    /// ```
    /// use stytch_core::backend::M2mClient;
    /// let client = M2mClient { next_client_secret_last_four: Some("x9Qa".into()), ..Default::default() };
    /// assert!(client.is_rotating_secret());
    /// ```
    pub fn is_rotating_secret(&self) -> bool {
        self.next_client_secret_last_four.is_some()
    }
}

/// A client with the secret Stytch shows only once: its secret when created, its next secret
/// when a rotation starts. Store it where the service reads its credentials; its `Debug` form
/// hides it.
///
/// ```
/// use stytch_core::backend::{M2mClient, M2mClientWithSecret};
/// let created = M2mClientWithSecret { client: M2mClient::default(), secret: "s3cr3t-value".into() };
/// assert!(!format!("{created:?}").contains("s3cr3t"));
/// ```
#[derive(Clone, PartialEq, RedactedDebug)]
pub struct M2mClientWithSecret {
    /// The client.
    pub client: M2mClient,
    /// The secret (at creation) or the next secret (when a rotation starts).
    #[redact]
    pub secret: String,
}

/// What [`StytchBackend::create_m2m_client`] registers. Leave `client_id` and `client_secret`
/// out and Stytch makes them; give both to import a client from another system with its
/// existing credentials (a secret of at least 8 characters, `insecure_m2m_client_secret`
/// otherwise). Its `Debug` form hides the secret.
///
/// ```
/// use stytch_core::backend::CreateM2mClientRequest;
/// let request = CreateM2mClientRequest {
///     client_name: Some("billing-sync".into()),
///     scopes: vec!["read:invoices".into(), "write:invoices".into()],
///     ..Default::default()
/// };
/// assert!(request.client_secret.is_none());
/// ```
#[derive(Clone, Default, PartialEq, Serialize, RedactedDebug)]
pub struct CreateM2mClientRequest {
    /// The scopes its tokens may carry (`action:resource`, or one word; may be empty).
    pub scopes: Vec<String>,
    /// An ID to import the client with.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_id: Option<String>,
    /// A secret to import the client with.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[redact]
    pub client_secret: Option<String>,
    /// Name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_name: Option<String>,
    /// Description.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_description: Option<String>,
    /// Your own data about the client.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trusted_metadata: Option<Map<String, Value>>,
}

/// What [`StytchBackend::update_m2m_client`] changes; fields left `None` stay as they are.
///
/// ```
/// use stytch_core::backend::UpdateM2mClientRequest;
/// // Suspend a client: it gets no more tokens (those it holds expire within the hour).
/// let suspend = UpdateM2mClientRequest { status: Some("inactive".into()), ..Default::default() };
/// assert!(suspend.scopes.is_none());
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct UpdateM2mClientRequest {
    /// Name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_name: Option<String>,
    /// Description.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_description: Option<String>,
    /// `active` or `inactive` (`invalid_m2m_client_status` otherwise).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// The scopes its tokens may carry from now on (replacing the list).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scopes: Option<Vec<String>>,
    /// Your own data about the client (replacing it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trusted_metadata: Option<Map<String, Value>>,
}

/// A page of [`StytchBackend::search_m2m_clients`]: `query` keeps the clients it matches
/// (`SearchOperand::m2m_client_ids`, `m2m_client_names`, `m2m_scopes`, combined with `AND` or
/// `OR`; all clients without one), `limit` per page (Stytch's default 100, at most 1000),
/// from `cursor` (the last page's `next_cursor`).
///
/// ```
/// use stytch_core::backend::M2mClientSearch;
/// use stytch_models::api::organizations::{SearchOperand, SearchQuery};
/// // The active integrations that may write invoices, 50 at a time.
/// let search = M2mClientSearch {
///     query: Some(SearchQuery::all_of(vec![SearchOperand::m2m_scopes(&["write:invoices"])])),
///     limit: Some(50),
///     cursor: None,
/// };
/// # drop(search);
/// ```
pub type M2mClientSearch = super::BackendSearch;

/// The clients a search found, one page at a time.
///
/// ```
/// use stytch_core::backend::M2mClientPage;
/// let page = M2mClientPage { total: 120, next_cursor: Some("100".into()), ..Default::default() };
/// assert!(page.next_cursor.is_some(), "more to fetch");
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
pub struct M2mClientPage {
    /// This page's clients.
    pub clients: Vec<M2mClient>,
    /// How many clients the query matches in all.
    pub total: u64,
    /// The cursor of the next page; `None` on the last.
    pub next_cursor: Option<String>,
}

/// The answer's `m2m_client`, and the secret field `secret` it carries when there is one.
fn client_in(mut answer: Value, secret: Option<&str>) -> Result<(M2mClient, Option<String>), StytchError> {
    let mut wire = answer.get_mut("m2m_client").map(Value::take).unwrap_or_default();
    let secret = secret.and_then(|name| wire.as_object_mut()?.remove(name)?.as_str().map(str::to_owned));
    Ok((read(wire)?, secret))
}

fn with_secret(answer: Value, field: &str) -> Result<M2mClientWithSecret, StytchError> {
    match client_in(answer, Some(field))? {
        (client, Some(secret)) => Ok(M2mClientWithSecret { client, secret }),
        (_, None) => Err(StytchError::InvalidResponse(format!("the answer has no {field}"))),
    }
}

impl StytchBackend {
    fn m2m_client_path(client_id: &str, rest: &str) -> String {
        format!("/v1/m2m/clients/{}{rest}", percent::encode(client_id))
    }

    /// Registers an M2M client (`POST /v1/m2m/clients`): the client with its secret, which
    /// Stytch never shows again. Refusals carry Stytch's names (`invalid_m2m_client_scope`,
    /// `duplicate_m2m_client_id`, `insecure_m2m_client_secret`, …).
    ///
    /// ```no_run
    /// use stytch_core::backend::CreateM2mClientRequest;
    /// # async fn f(stytch: stytch_core::backend::StytchBackend) -> Result<(), stytch_core::StytchError> {
    /// let created = stytch
    ///     .create_m2m_client(&CreateM2mClientRequest {
    ///         client_name: Some("billing-sync".into()),
    ///         scopes: vec!["read:invoices".into()],
    ///         ..Default::default()
    ///     })
    ///     .await?;
    /// // Hand `created.secret` to the service once, through your secret store.
    /// println!("registered {}", created.client.client_id);
    /// # Ok(()) }
    /// ```
    pub async fn create_m2m_client(
        &self,
        request: &CreateM2mClientRequest,
    ) -> Result<M2mClientWithSecret, StytchError> {
        with_secret(self.post("/v1/m2m/clients", body(request)?).await?, "client_secret")
    }

    /// One M2M client (`GET /v1/m2m/clients/{client_id}`); `m2m_client_not_found` (404) when
    /// there is none.
    ///
    /// ```no_run
    /// # async fn f(stytch: stytch_core::backend::StytchBackend) -> Result<(), stytch_core::StytchError> {
    /// let client = stytch.m2m_client("m2m-client-test-…").await?;
    /// println!("{} may use {:?}", client.client_name, client.scopes);
    /// # Ok(()) }
    /// ```
    pub async fn m2m_client(&self, client_id: &str) -> Result<M2mClient, StytchError> {
        let answer = self.get(&Self::m2m_client_path(client_id, "")).await?;
        Ok(client_in(answer, None)?.0)
    }

    /// Changes an M2M client (`PUT /v1/m2m/clients/{client_id}`): the next tokens it gets
    /// carry the new scopes; an `inactive` one gets none. Nothing changes when any field is
    /// refused.
    ///
    /// ```no_run
    /// use stytch_core::backend::UpdateM2mClientRequest;
    /// # async fn f(stytch: stytch_core::backend::StytchBackend) -> Result<(), stytch_core::StytchError> {
    /// let change = UpdateM2mClientRequest {
    ///     scopes: Some(vec!["read:invoices".into(), "write:invoices".into()]),
    ///     ..Default::default()
    /// };
    /// let client = stytch.update_m2m_client("m2m-client-test-…", &change).await?;
    /// assert_eq!(client.scopes.len(), 2);
    /// # Ok(()) }
    /// ```
    pub async fn update_m2m_client(
        &self,
        client_id: &str,
        request: &UpdateM2mClientRequest,
    ) -> Result<M2mClient, StytchError> {
        let answer = self.put(&Self::m2m_client_path(client_id, ""), body(request)?).await?;
        Ok(client_in(answer, None)?.0)
    }

    /// Deletes an M2M client (`DELETE /v1/m2m/clients/{client_id}`): it gets no more tokens.
    /// Tokens it already holds are checked locally, so they stay valid until they expire
    /// (within the hour); check `client_id` against your own list to stop them sooner.
    ///
    /// ```no_run
    /// # async fn f(stytch: stytch_core::backend::StytchBackend) -> Result<(), stytch_core::StytchError> {
    /// stytch.delete_m2m_client("m2m-client-test-…").await?;
    /// # Ok(()) }
    /// ```
    pub async fn delete_m2m_client(&self, client_id: &str) -> Result<(), StytchError> {
        self.delete(&Self::m2m_client_path(client_id, "")).await.map(drop)
    }

    /// One page of the project's M2M clients (`POST /v1/m2m/clients/search`), in the order
    /// they were registered.
    ///
    /// ```no_run
    /// use stytch_core::backend::M2mClientSearch;
    /// # async fn f(stytch: stytch_core::backend::StytchBackend) -> Result<(), stytch_core::StytchError> {
    /// // Every client, page by page.
    /// let mut search = M2mClientSearch::default();
    /// loop {
    ///     let page = stytch.search_m2m_clients(&search).await?;
    ///     for client in &page.clients {
    ///         println!("{} {}", client.client_id, client.status);
    ///     }
    ///     match page.next_cursor {
    ///         Some(cursor) => search.cursor = Some(cursor),
    ///         None => break,
    ///     }
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn search_m2m_clients(&self, search: &M2mClientSearch) -> Result<M2mClientPage, StytchError> {
        let mut answer = self.post("/v1/m2m/clients/search", body(search)?).await?;
        let clients = answer.get_mut("m2m_clients").map(Value::take).unwrap_or_default();
        let (total, next_cursor) = super::results_metadata(&answer);
        Ok(M2mClientPage {
            clients: read(clients)?,
            total,
            next_cursor,
        })
    }

    /// Starts rotating an M2M client's secret: the answer carries the next secret (shown this
    /// once), and both secrets get tokens until the rotation completes
    /// ([`Self::complete_m2m_secret_rotation`]) or is cancelled
    /// ([`Self::cancel_m2m_secret_rotation`]). `m2m_client_already_rotating_secret` when one
    /// is under way.
    ///
    /// ```no_run
    /// # async fn f(stytch: stytch_core::backend::StytchBackend) -> Result<(), stytch_core::StytchError> {
    /// // Zero-downtime rotation: start, deploy the new secret everywhere, then complete.
    /// let rotation = stytch.start_m2m_secret_rotation("m2m-client-test-…").await?;
    /// // … store `rotation.secret` where the service reads it, and restart the service …
    /// stytch.complete_m2m_secret_rotation("m2m-client-test-…").await?;
    /// # Ok(()) }
    /// ```
    pub async fn start_m2m_secret_rotation(&self, client_id: &str) -> Result<M2mClientWithSecret, StytchError> {
        let path = Self::m2m_client_path(client_id, "/secrets/rotate/start");
        with_secret(self.post(&path, "{}".into()).await?, "next_client_secret")
    }

    /// Ends a rotation by keeping the old secret: the next one stops working.
    /// `m2m_client_not_rotating_secret` when none is under way.
    ///
    /// ```no_run
    /// # async fn f(stytch: stytch_core::backend::StytchBackend) -> Result<(), stytch_core::StytchError> {
    /// let client = stytch.cancel_m2m_secret_rotation("m2m-client-test-…").await?;
    /// assert!(!client.is_rotating_secret());
    /// # Ok(()) }
    /// ```
    pub async fn cancel_m2m_secret_rotation(&self, client_id: &str) -> Result<M2mClient, StytchError> {
        let path = Self::m2m_client_path(client_id, "/secrets/rotate/cancel");
        Ok(client_in(self.post(&path, "{}".into()).await?, None)?.0)
    }

    /// Ends a rotation by switching to the next secret: the old one stops working.
    /// `m2m_client_not_rotating_secret` when none is under way.
    ///
    /// ```no_run
    /// # async fn f(stytch: stytch_core::backend::StytchBackend) -> Result<(), stytch_core::StytchError> {
    /// let client = stytch.complete_m2m_secret_rotation("m2m-client-test-…").await?;
    /// println!("secret now ends in {}", client.client_secret_last_four);
    /// # Ok(()) }
    /// ```
    pub async fn complete_m2m_secret_rotation(&self, client_id: &str) -> Result<M2mClient, StytchError> {
        let path = Self::m2m_client_path(client_id, "/secrets/rotate");
        Ok(client_in(self.post(&path, "{}".into()).await?, None)?.0)
    }
}
