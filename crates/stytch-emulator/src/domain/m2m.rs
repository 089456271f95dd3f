//! M2M (machine-to-machine) clients: a service that calls your API on its own behalf, with no
//! member behind it. A server registers clients (`/v1/m2m/clients`, with search, update,
//! delete and secret rotation); a client trades its ID and secret for an access token at the
//! project's token endpoint (`grant_type=client_credentials`); your API verifies the token
//! locally against the project's keys, as Stytch's backend clients' `m2m.authenticateToken`
//! does.
//!
//! Rules (Stytch documents the names and limits; the details marked inferred are ours):
//! - Client IDs are `m2m-client-test-…` unless one is given to import a client; an ID must be
//!   unique in the project (inferred: among connected apps too).
//! - Only a hash of a secret is kept: the secret shows once, at creation or when a rotation
//!   starts. A given secret must be at least 8 characters (inferred entropy rule: at least 5
//!   different characters).
//! - During a rotation both secrets work; `rotate` makes the new one the only one.
//! - A token lives one hour and carries `sub` (the client ID), `scope`, the project's issuer
//!   `stytch.com/{project_id}` and audience, `iat`, `nbf` and `exp`. A token request may ask
//!   for fewer of the client's scopes, never others (`invalid_scope`); none asked means all.
//! - An inactive client gets no token (inferred: `invalid_client_id`, OAuth's
//!   `invalid_client`), nor does a connected app (the grant is for M2M clients); tokens already issued
//!   stay valid until they expire, as any JWT checked locally does.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};
use sha2::{Digest, Sha256};
use stytch_models::{ErrorType, time::format_rfc3339};

use super::claim_templates::TemplateKind;
use super::connected_apps::RotationStep;
use super::store::Store;
use super::{Ctx, ids};
use crate::error::{ApiError, ApiResult};

/// Access tokens live one hour.
const TOKEN_LIFETIME_SECONDS: i64 = 3600;
/// At most this many scopes per client, each at most this long (inferred limits).
const MAX_SCOPES: usize = 100;
const MAX_SCOPE_LENGTH: usize = 128;
/// Client IDs, names and descriptions longer than these are refused (inferred).
const MAX_CLIENT_ID_LENGTH: usize = 128;
const MAX_TEXT_LENGTH: usize = 1000;

/// A registered M2M client, as the emulator keeps it: its secrets only as SHA-256 hashes.
///
/// ```
/// use stytch_emulator::{EmulatorConfig, spawn};
///
/// let emulator = spawn(EmulatorConfig::for_tests()).unwrap();
/// let clients = emulator.app().with(|store, _| store.m2m_clients.len());
/// assert_eq!(clients, 0);
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct M2mClientRecord {
    /// Client ID.
    pub client_id: String,
    /// Name.
    pub client_name: String,
    /// Description.
    pub client_description: String,
    /// `active` or `inactive`.
    pub status: String,
    /// What its tokens may carry.
    pub scopes: Vec<String>,
    /// Your own data about the client (a JSON object).
    pub trusted_metadata: Map<String, Value>,
    /// Hex SHA-256 of the secret.
    secret_hash: String,
    secret_last_four: String,
    /// The secret a rotation switches to, with its last four characters.
    next_secret: Option<(String, String)>,
    /// Created (RFC 3339).
    pub created_at: String,
}

impl M2mClientRecord {
    /// Whether `secret` is its secret or, during a rotation, its next one.
    fn accepts(&self, secret: &str) -> bool {
        let hash = hash(secret);
        hash == self.secret_hash || self.next_secret.as_ref().is_some_and(|(next, _)| *next == hash)
    }

    /// Whether a rotation is under way.
    ///
    /// ```
    /// use stytch_emulator::{EmulatorConfig, spawn};
    ///
    /// let emulator = spawn(EmulatorConfig::for_tests()).unwrap();
    /// let rotating = emulator.app().with(|store, _| store.m2m_clients.iter().any(|c| c.rotating()));
    /// assert!(!rotating, "no client yet");
    /// ```
    pub fn rotating(&self) -> bool {
        self.next_secret.is_some()
    }

    /// The last four characters of its secret, as Stytch shows a stored one.
    ///
    /// ```
    /// use stytch_emulator::{EmulatorConfig, spawn};
    ///
    /// let emulator = spawn(EmulatorConfig::for_tests()).unwrap();
    /// let shown: Vec<String> =
    ///     emulator.app().with(|store, _| store.m2m_clients.iter().map(|c| c.secret_last_four().to_owned()).collect());
    /// assert!(shown.is_empty());
    /// ```
    pub fn secret_last_four(&self) -> &str {
        &self.secret_last_four
    }

    /// Stytch's object, without any secret.
    fn wire(&self) -> Value {
        let mut client = json!({
            "client_id": self.client_id,
            "client_name": self.client_name,
            "client_description": self.client_description,
            "status": self.status,
            "scopes": self.scopes,
            "client_secret_last_four": self.secret_last_four,
            "trusted_metadata": self.trusted_metadata,
        });
        if let Some((_, last_four)) = &self.next_secret {
            client["next_client_secret_last_four"] = json!(last_four);
        }
        client
    }
}

fn hash(secret: &str) -> String {
    Sha256::digest(secret.as_bytes())
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

fn new_secret() -> String {
    ids::new_token()
}

/// The create and update body; fields left out stay as they are on an update.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct M2mClientSettings {
    client_id: Option<String>,
    client_secret: Option<String>,
    client_name: Option<String>,
    client_description: Option<String>,
    status: Option<String>,
    scopes: Option<Vec<String>>,
    trusted_metadata: Option<Value>,
}

/// The search body.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct M2mSearchRequest {
    cursor: Option<String>,
    limit: Option<u32>,
    query: Option<M2mSearchQuery>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
struct M2mSearchQuery {
    operator: String,
    operands: Vec<M2mSearchOperand>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
struct M2mSearchOperand {
    filter_name: String,
    filter_value: Vec<String>,
}

fn not_found() -> ApiError {
    ApiError::new(
        404,
        ErrorType::Unknown("m2m_client_not_found".into()),
        "No M2M client has this client_id.",
    )
}

/// Trimmed, de-duplicated scopes, each one word.
fn checked_scopes(scopes: &[String]) -> ApiResult<Vec<String>> {
    let mut kept: Vec<String> = Vec::new();
    for scope in scopes {
        let scope = scope.trim();
        if scope.is_empty() || scope.chars().count() > MAX_SCOPE_LENGTH || scope.chars().any(char::is_whitespace) {
            return Err(ApiError::new(
                400,
                ErrorType::Unknown("invalid_m2m_client_scope".into()),
                format!("Each scope must be one word of 1 to {MAX_SCOPE_LENGTH} characters, like read:users."),
            ));
        }
        if !kept.iter().any(|k| k == scope) {
            kept.push(scope.to_owned());
        }
    }
    if kept.len() > MAX_SCOPES {
        return Err(ApiError::new(
            400,
            ErrorType::Unknown("too_many_m2m_client_scopes".into()),
            format!("An M2M client may have at most {MAX_SCOPES} scopes."),
        ));
    }
    Ok(kept)
}

fn checked_text(field: &str, text: &str) -> ApiResult<String> {
    let text = text.trim();
    if text.chars().count() > MAX_TEXT_LENGTH {
        return Err(ApiError::new(
            400,
            ErrorType::Unknown(format!("m2m_client_invalid_{field}")),
            format!("{field} must be at most {MAX_TEXT_LENGTH} characters."),
        ));
    }
    Ok(text.to_owned())
}

impl Store {
    fn m2m_client_mut(&mut self, client_id: &str) -> ApiResult<&mut M2mClientRecord> {
        self.m2m_clients
            .iter_mut()
            .find(|c| c.client_id == client_id)
            .ok_or_else(not_found)
    }

    /// `POST /v1/m2m/clients`: the client, with its secret (the only time it shows).
    pub(crate) fn create_m2m_client(&mut self, ctx: &Ctx<'_>, settings: &M2mClientSettings) -> ApiResult<Value> {
        let Some(scopes) = &settings.scopes else {
            return Err(ApiError::bad_request("scopes is required (it may be an empty list)."));
        };
        let scopes = checked_scopes(scopes)?;
        let client_id = match settings.client_id.as_deref().map(str::trim) {
            None | Some("") => ids::new_id("m2m-client"),
            Some(id) => {
                if id.chars().count() > MAX_CLIENT_ID_LENGTH || !id.chars().all(|c| c.is_ascii_graphic()) {
                    return Err(ApiError::new(
                        400,
                        ErrorType::Unknown("m2m_client_invalid_client_id".into()),
                        format!(
                            "client_id must be 1 to {MAX_CLIENT_ID_LENGTH} printable ASCII characters without spaces."
                        ),
                    ));
                }
                let taken = self.m2m_clients.iter().any(|c| c.client_id == id)
                    || self.connected_apps.apps.iter().any(|a| a.client_id == id);
                if taken {
                    return Err(ApiError::new(
                        400,
                        ErrorType::Unknown("duplicate_m2m_client_id".into()),
                        "Another client in the project has this client_id.",
                    ));
                }
                id.to_owned()
            }
        };
        let secret = match settings.client_secret.as_deref() {
            None | Some("") => new_secret(),
            Some(secret) => {
                let distinct = {
                    let mut chars: Vec<char> = secret.chars().collect();
                    chars.sort_unstable();
                    chars.dedup();
                    chars.len()
                };
                if secret.chars().count() < 8 || distinct < 5 || secret.chars().count() > MAX_TEXT_LENGTH {
                    return Err(ApiError::new(
                        400,
                        ErrorType::Unknown("insecure_m2m_client_secret".into()),
                        "client_secret must be 8 to 1000 characters with at least 5 different ones.",
                    ));
                }
                secret.to_owned()
            }
        };
        let client = M2mClientRecord {
            client_id,
            client_name: checked_text("client_name", settings.client_name.as_deref().unwrap_or_default())?,
            client_description: checked_text(
                "client_description",
                settings.client_description.as_deref().unwrap_or_default(),
            )?,
            status: "active".to_owned(),
            scopes,
            trusted_metadata: super::organizations::metadata_object(
                settings.trusted_metadata.as_ref().unwrap_or(&Value::Null),
            )?,
            secret_hash: hash(&secret),
            secret_last_four: ids::last_four(&secret),
            next_secret: None,
            created_at: format_rfc3339(ctx.now),
        };
        let mut wire = client.wire();
        wire["client_secret"] = json!(secret);
        self.m2m_clients.push(client);
        Ok(json!({ "request_id": ids::request_id(), "status_code": 200, "m2m_client": wire }))
    }

    /// `GET /v1/m2m/clients/{client_id}`.
    pub(crate) fn get_m2m_client(&self, client_id: &str) -> ApiResult<Value> {
        let client = self
            .m2m_clients
            .iter()
            .find(|c| c.client_id == client_id)
            .ok_or_else(not_found)?;
        Ok(json!({ "request_id": ids::request_id(), "status_code": 200, "m2m_client": client.wire() }))
    }

    /// `PUT /v1/m2m/clients/{client_id}`: name, description, status, scopes, trusted metadata.
    pub(crate) fn update_m2m_client(&mut self, client_id: &str, settings: &M2mClientSettings) -> ApiResult<Value> {
        let mut client = self.m2m_client_mut(client_id)?.clone();
        if let Some(name) = &settings.client_name {
            client.client_name = checked_text("client_name", name)?;
        }
        if let Some(description) = &settings.client_description {
            client.client_description = checked_text("client_description", description)?;
        }
        if let Some(status) = &settings.status {
            let status = status.trim();
            if status != "active" && status != "inactive" {
                return Err(ApiError::new(
                    400,
                    ErrorType::Unknown("invalid_m2m_client_status".into()),
                    "status must be active or inactive.",
                ));
            }
            client.status = status.to_owned();
        }
        if let Some(scopes) = &settings.scopes {
            client.scopes = checked_scopes(scopes)?;
        }
        if let Some(metadata) = &settings.trusted_metadata {
            client.trusted_metadata = super::organizations::metadata_object(metadata)?;
        }
        let wire = client.wire();
        *self.m2m_client_mut(client_id)? = client;
        Ok(json!({ "request_id": ids::request_id(), "status_code": 200, "m2m_client": wire }))
    }

    /// `DELETE /v1/m2m/clients/{client_id}`.
    pub(crate) fn delete_m2m_client(&mut self, client_id: &str) -> ApiResult<Value> {
        self.m2m_client_mut(client_id)?;
        self.m2m_clients.retain(|c| c.client_id != client_id);
        Ok(json!({ "request_id": ids::request_id(), "status_code": 200, "client_id": client_id }))
    }

    /// `POST /v1/m2m/clients/{client_id}/secrets/rotate/{start,cancel}` and `…/rotate`.
    pub(crate) fn rotate_m2m_secret(&mut self, client_id: &str, step: RotationStep) -> ApiResult<Value> {
        let client = self.m2m_client_mut(client_id)?;
        let not_rotating = || {
            ApiError::new(
                400,
                ErrorType::Unknown("m2m_client_not_rotating_secret".into()),
                "The M2M client has no secret rotation in progress; start one first.",
            )
        };
        let wire = match step {
            RotationStep::Start if client.rotating() => {
                return Err(ApiError::new(
                    400,
                    ErrorType::Unknown("m2m_client_already_rotating_secret".into()),
                    "A secret rotation is already in progress; complete or cancel it first.",
                ));
            }
            RotationStep::Start => {
                let next = new_secret();
                client.next_secret = Some((hash(&next), ids::last_four(&next)));
                let mut wire = client.wire();
                wire["next_client_secret"] = json!(next);
                wire
            }
            RotationStep::Cancel if client.rotating() => {
                client.next_secret = None;
                client.wire()
            }
            RotationStep::Complete => {
                let (next_hash, next_last_four) = client.next_secret.take().ok_or_else(not_rotating)?;
                client.secret_hash = next_hash;
                client.secret_last_four = next_last_four;
                client.wire()
            }
            RotationStep::Cancel => return Err(not_rotating()),
        };
        Ok(json!({ "request_id": ids::request_id(), "status_code": 200, "m2m_client": wire }))
    }

    /// `POST /v1/m2m/clients/search`: in creation order, `limit` (default 100, at most 1000) per
    /// page; `query` keeps the clients whose ID, name or any scope is one of the values given,
    /// all operands (`AND`) or any (`OR`).
    pub(crate) fn search_m2m_clients(&self, request: &M2mSearchRequest) -> ApiResult<Value> {
        let matches = |client: &M2mClientRecord| -> ApiResult<bool> {
            let Some(query) = &request.query else { return Ok(true) };
            let mut results = Vec::with_capacity(query.operands.len());
            for operand in &query.operands {
                let values = &operand.filter_value;
                results.push(match operand.filter_name.as_str() {
                    "client_id" => values.contains(&client.client_id),
                    "client_name" => values.contains(&client.client_name),
                    "scopes" => client.scopes.iter().any(|s| values.contains(s)),
                    other => {
                        return Err(ApiError::new(
                            400,
                            ErrorType::Unknown("m2m_search_filter_name_not_recognized".into()),
                            format!("filter_name {other:?} is not one of client_id, client_name, scopes."),
                        ));
                    }
                });
            }
            match query.operator.to_ascii_uppercase().as_str() {
                "AND" => Ok(results.iter().all(|r| *r)),
                "OR" => Ok(results.is_empty() || results.iter().any(|r| *r)),
                _ => Err(ApiError::bad_request("operator must be AND or OR.")),
            }
        };
        let mut found = Vec::new();
        for client in &self.m2m_clients {
            if matches(client)? {
                found.push(client);
            }
        }
        // As the organization and member searches: 1 to 1000, 100 when not given.
        let limit = super::search::page_limit(request.limit, 100)?;
        let start = match request.cursor.as_deref().filter(|c| !c.is_empty()) {
            None => 0,
            Some(cursor) => cursor
                .parse::<usize>()
                .ok()
                .filter(|&c| c <= found.len())
                .ok_or_else(|| ApiError::bad_request("The cursor is not one this search returned."))?,
        };
        let page: Vec<Value> = found.iter().skip(start).take(limit).map(|c| c.wire()).collect();
        let next = start + page.len();
        let next_cursor = (next < found.len()).then(|| next.to_string());
        Ok(json!({
            "request_id": ids::request_id(),
            "status_code": 200,
            "m2m_clients": page,
            "results_metadata": { "total": found.len(), "next_cursor": next_cursor },
        }))
    }

    /// The token endpoint's `client_credentials` grant: an access token for an active client
    /// whose secret (or next secret) this is, carrying the scopes asked (space separated), or
    /// all of its scopes when none are.
    pub(crate) fn m2m_token(
        &self,
        ctx: &Ctx<'_>,
        client_id: &str,
        client_secret: Option<&str>,
        scope: Option<&str>,
        extra: &Map<String, Value>,
    ) -> ApiResult<Value> {
        let client = self
            .m2m_clients
            .iter()
            .find(|c| c.client_id == client_id.trim())
            .ok_or_else(|| {
                if self.connected_apps.apps.iter().any(|a| a.client_id == client_id.trim()) {
                    ApiError::new(
                        401,
                        ErrorType::Unknown("invalid_client_id".into()),
                        "A connected app cannot use grant_type client_credentials; it is for M2M clients.",
                    )
                } else {
                    ApiError::new(
                        401,
                        ErrorType::Unknown("invalid_client_id".into()),
                        "No M2M client has this client_id.",
                    )
                }
            })?;
        if !client_secret.is_some_and(|secret| client.accepts(secret)) {
            return Err(ApiError::new(
                401,
                ErrorType::Unknown("invalid_client_secret".into()),
                "The client_secret is not this M2M client's.",
            ));
        }
        if client.status != "active" {
            return Err(ApiError::new(
                401,
                ErrorType::Unknown("invalid_client_id".into()),
                "The M2M client is inactive; set its status to active to issue tokens.",
            ));
        }
        let asked: Vec<&str> = scope.unwrap_or_default().split_whitespace().collect();
        if let Some(other) = asked.iter().find(|s| !client.scopes.iter().any(|c| c == *s)) {
            return Err(ApiError::new(
                400,
                ErrorType::Unknown("oauth_invalid_scope_requested".into()),
                format!("The M2M client does not have the scope {other:?}."),
            ));
        }
        let scopes = if asked.is_empty() {
            client.scopes.join(" ")
        } else {
            asked.join(" ")
        };
        let now = ctx.now / 1000;
        let project_id = &self.project.project_id;
        let mut claims = match self.claim_template(TemplateKind::M2m) {
            Some(template) => template.evaluate(&json!({ "request": extra })),
            None => Map::new(),
        };
        claims.extend(
            json!({
                "iss": format!("stytch.com/{project_id}"),
                "aud": [project_id],
                "sub": client.client_id,
                "scope": scopes,
                "iat": now,
                "nbf": now,
                "exp": now + TOKEN_LIFETIME_SECONDS,
            })
            .as_object()
            .cloned()
            .unwrap_or_default(),
        );
        let access_token = ctx
            .signer
            .sign_value(&Value::Object(claims))
            .map_err(ApiError::internal)?;
        Ok(json!({
            "request_id": ids::request_id(),
            "status_code": 200,
            "access_token": access_token,
            "token_type": "bearer",
            "expires_in": TOKEN_LIFETIME_SECONDS,
        }))
    }
}
