//! `scim*` bodies: an organization's SCIM connection, through which its identity provider
//! provisions members and groups, and the rotation of the connection's bearer token.
//!
//! An organization has at most one SCIM connection. Its bearer token is shown once, when the
//! connection is created (or a rotation started); afterwards only its last four characters.

use crate::RedactedDebug;
use crate::json::{FromJson, ToJson};
use serde::{Deserialize, Serialize};

/// A role every member of a SCIM group holds while they are in it.
///
/// ```
/// use stytch_models::{api::scim::ScimGroupRoleAssignment, json};
///
/// let assignment: ScimGroupRoleAssignment =
///     json::from_str(r#"{"role_id":"editor","group_id":"scim-group-1","group_name":"Engineering"}"#).unwrap();
/// assert_eq!(assignment.group_name.as_deref(), Some("Engineering"));
/// // In a request only the two IDs are sent.
/// let request = ScimGroupRoleAssignment { role_id: "editor".into(), group_id: "scim-group-1".into(), group_name: None };
/// assert_eq!(json::to_string(&request), r#"{"role_id":"editor","group_id":"scim-group-1"}"#);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(default)]
pub struct ScimGroupRoleAssignment {
    /// The role granted.
    pub role_id: String,
    /// The SCIM group whose members get it.
    pub group_id: String,
    /// The group's name at the identity provider (responses only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group_name: Option<String>,
}

/// A SCIM connection as read back: the token's last four characters, never the token.
/// During a rotation the `next_…` fields describe the token that will replace it.
///
/// ```
/// use stytch_models::{api::scim::ScimConnection, json};
///
/// let connection: ScimConnection = json::from_str(
///     r#"{"connection_id":"scim-connection-test-1","status":"active","identity_provider":"okta","bearer_token_last_four":"a1b2","next_bearer_token_last_four":"c3d4"}"#,
/// ).unwrap();
/// assert_eq!(connection.bearer_token_last_four, "a1b2");
/// assert!(connection.next_bearer_token_last_four.is_some(), "a rotation is under way");
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(default)]
pub struct ScimConnection {
    /// Organization ID.
    pub organization_id: String,
    /// Connection ID.
    pub connection_id: String,
    /// `active` (or `deleted`).
    pub status: String,
    /// Name shown to admins.
    pub display_name: String,
    /// Identity provider: `okta`, `microsoft-entra`, `cyberark`, `jumpcloud`, `onelogin`,
    /// `pingfederate`, `rippling` or `generic`.
    pub identity_provider: String,
    /// The SCIM base URL to give the identity provider.
    pub base_url: String,
    /// Last four characters of the bearer token.
    pub bearer_token_last_four: String,
    /// When the bearer token expires (RFC 3339).
    pub bearer_token_expires_at: String,
    /// During a rotation: the next token's last four characters.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_bearer_token_last_four: Option<String>,
    /// During a rotation: when the next token expires.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_bearer_token_expires_at: Option<String>,
    /// Roles granted by group membership.
    pub scim_group_implicit_role_assignments: Vec<ScimGroupRoleAssignment>,
}

/// A new SCIM connection with its bearer token, which is shown this once.
///
/// ```
/// use stytch_models::{api::scim::ScimConnectionWithToken, json};
///
/// let connection: ScimConnectionWithToken =
///     json::from_str(r#"{"connection_id":"scim-connection-test-1","bearer_token":"secret-token"}"#).unwrap();
/// assert_eq!(connection.bearer_token, "secret-token");
/// assert!(!format!("{connection:?}").contains("secret-token"));
/// ```
#[derive(Clone, RedactedDebug, Default, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(default)]
pub struct ScimConnectionWithToken {
    /// Organization ID.
    pub organization_id: String,
    /// Connection ID.
    pub connection_id: String,
    /// `active`.
    pub status: String,
    /// Name shown to admins.
    pub display_name: String,
    /// Identity provider.
    pub identity_provider: String,
    /// The SCIM base URL to give the identity provider.
    pub base_url: String,
    /// The bearer token the identity provider sends.
    #[redact]
    pub bearer_token: String,
    /// When it expires (RFC 3339).
    pub bearer_token_expires_at: String,
    /// Roles granted by group membership.
    pub scim_group_implicit_role_assignments: Vec<ScimGroupRoleAssignment>,
}

/// A SCIM connection whose token rotation has started: the next token, shown this once.
///
/// ```
/// use stytch_models::{api::scim::ScimConnectionWithNextToken, json};
///
/// let connection: ScimConnectionWithNextToken =
///     json::from_str(r#"{"bearer_token_last_four":"a1b2","next_bearer_token":"new-secret"}"#).unwrap();
/// assert_eq!(connection.next_bearer_token, "new-secret");
/// assert!(!format!("{connection:?}").contains("new-secret"));
/// ```
#[derive(Clone, RedactedDebug, Default, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(default)]
pub struct ScimConnectionWithNextToken {
    /// Organization ID.
    pub organization_id: String,
    /// Connection ID.
    pub connection_id: String,
    /// `active`.
    pub status: String,
    /// Name shown to admins.
    pub display_name: String,
    /// Identity provider.
    pub identity_provider: String,
    /// The SCIM base URL.
    pub base_url: String,
    /// Last four characters of the token in use until the rotation completes.
    pub bearer_token_last_four: String,
    /// When that token expires.
    pub bearer_token_expires_at: String,
    /// The token that replaces it.
    #[redact]
    pub next_bearer_token: String,
    /// When the next token expires.
    pub next_bearer_token_expires_at: String,
    /// Roles granted by group membership.
    pub scim_group_implicit_role_assignments: Vec<ScimGroupRoleAssignment>,
}

/// A group the identity provider pushed through the connection.
///
/// ```
/// use stytch_models::{api::scim::ScimGroup, json};
///
/// let group: ScimGroup = json::from_str(r#"{"group_id":"scim-group-1","group_name":"Engineering"}"#).unwrap();
/// assert_eq!(group.group_name, "Engineering");
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(default)]
pub struct ScimGroup {
    /// Organization ID.
    pub organization_id: String,
    /// Connection ID.
    pub connection_id: String,
    /// Group ID.
    pub group_id: String,
    /// The group's name at the identity provider.
    pub group_name: String,
}

/// `POST scim` (SDK) and `POST /v1/b2b/scim/{organization_id}/connection` (backend).
///
/// ```
/// use stytch_models::{api::scim::CreateScimConnectionRequest, json};
///
/// let request = CreateScimConnectionRequest { display_name: Some("Okta".into()), identity_provider: Some("okta".into()) };
/// assert_eq!(json::to_string(&request), r#"{"display_name":"Okta","identity_provider":"okta"}"#);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(default)]
pub struct CreateScimConnectionRequest {
    /// Name shown to admins.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    /// Identity provider (default `generic`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub identity_provider: Option<String>,
}

/// `PUT scim/{connection_id}` (SDK; the official SDK also sends the ID in the body) and
/// `PUT /v1/b2b/scim/{organization_id}/connection/{connection_id}` (backend). Fields left out
/// stay as they are; a list of group role assignments replaces the current one.
///
/// ```
/// use stytch_models::{api::scim::{ScimGroupRoleAssignment, UpdateScimConnectionRequest}, json};
///
/// let request = UpdateScimConnectionRequest {
///     connection_id: "scim-connection-test-1".into(),
///     scim_group_implicit_role_assignments: Some(vec![ScimGroupRoleAssignment {
///         role_id: "editor".into(),
///         group_id: "scim-group-1".into(),
///         group_name: None,
///     }]),
///     ..Default::default()
/// };
/// assert_eq!(
///     json::to_string(&request),
///     r#"{"connection_id":"scim-connection-test-1","scim_group_implicit_role_assignments":[{"role_id":"editor","group_id":"scim-group-1"}]}"#,
/// );
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(default)]
pub struct UpdateScimConnectionRequest {
    /// The connection.
    pub connection_id: String,
    /// New name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    /// New identity provider.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub identity_provider: Option<String>,
    /// The group role assignments, replacing the current ones.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scim_group_implicit_role_assignments: Option<Vec<ScimGroupRoleAssignment>>,
}

/// `POST scim/groups`: one page of the connection's groups.
///
/// ```
/// use stytch_models::{api::scim::ScimGroupsRequest, json};
///
/// let request = ScimGroupsRequest { limit: Some(50), cursor: None };
/// assert_eq!(json::to_string(&request), r#"{"limit":50}"#);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(default)]
pub struct ScimGroupsRequest {
    /// Page size (1 to 1000; default 1000).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
    /// Where the page starts: the previous page's `next_cursor`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cursor: Option<String>,
}

/// `POST scim/rotate/{start,complete,cancel}`.
///
/// ```
/// use stytch_models::{api::scim::ScimRotateRequest, json};
///
/// let request = ScimRotateRequest { connection_id: "scim-connection-test-1".into() };
/// assert_eq!(json::to_string(&request), r#"{"connection_id":"scim-connection-test-1"}"#);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(default)]
pub struct ScimRotateRequest {
    /// The connection.
    pub connection_id: String,
}

/// The answer of a SCIM connection's creation.
///
/// ```
/// use stytch_models::{api::scim::CreateScimConnectionResponse, json};
///
/// let response: CreateScimConnectionResponse =
///     json::from_str(r#"{"status_code":200,"connection":{"connection_id":"scim-connection-test-1","bearer_token":"t"}}"#).unwrap();
/// assert_eq!(response.connection.map(|c| c.bearer_token).as_deref(), Some("t"));
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(default)]
pub struct CreateScimConnectionResponse {
    /// Request ID.
    pub request_id: String,
    /// HTTP status.
    pub status_code: u16,
    /// The connection, with its token.
    pub connection: Option<ScimConnectionWithToken>,
}

/// The answer of reading, updating, completing or cancelling a rotation of a SCIM connection.
///
/// ```
/// use stytch_models::{api::scim::ScimConnectionResponse, json};
///
/// let response: ScimConnectionResponse =
///     json::from_str(r#"{"connection":{"connection_id":"scim-connection-test-1","bearer_token_last_four":"a1b2"}}"#).unwrap();
/// assert_eq!(response.connection.map(|c| c.bearer_token_last_four).as_deref(), Some("a1b2"));
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(default)]
pub struct ScimConnectionResponse {
    /// Request ID.
    pub request_id: String,
    /// HTTP status.
    pub status_code: u16,
    /// The connection.
    pub connection: Option<ScimConnection>,
}

/// The answer of starting a token rotation.
///
/// ```
/// use stytch_models::{api::scim::ScimRotateStartResponse, json};
///
/// let response: ScimRotateStartResponse = json::from_str(r#"{"connection":{"next_bearer_token":"n"}}"#).unwrap();
/// assert_eq!(response.connection.map(|c| c.next_bearer_token).as_deref(), Some("n"));
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(default)]
pub struct ScimRotateStartResponse {
    /// Request ID.
    pub request_id: String,
    /// HTTP status.
    pub status_code: u16,
    /// The connection, with the next token.
    pub connection: Option<ScimConnectionWithNextToken>,
}

/// The answer of deleting a SCIM connection.
///
/// ```
/// use stytch_models::{api::scim::DeleteScimConnectionResponse, json};
///
/// let response: DeleteScimConnectionResponse = json::from_str(r#"{"connection_id":"scim-connection-test-1"}"#).unwrap();
/// assert_eq!(response.connection_id, "scim-connection-test-1");
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(default)]
pub struct DeleteScimConnectionResponse {
    /// Request ID.
    pub request_id: String,
    /// HTTP status.
    pub status_code: u16,
    /// The deleted connection.
    pub connection_id: String,
}

/// One page of a SCIM connection's groups.
///
/// ```
/// use stytch_models::{api::scim::ScimGroupsResponse, json};
///
/// let page: ScimGroupsResponse =
///     json::from_str(r#"{"scim_groups":[{"group_id":"scim-group-1","group_name":"Engineering"}],"next_cursor":null}"#).unwrap();
/// assert_eq!(page.scim_groups.len(), 1);
/// assert!(page.next_cursor.is_none(), "the last page");
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(default)]
pub struct ScimGroupsResponse {
    /// Request ID.
    pub request_id: String,
    /// HTTP status.
    pub status_code: u16,
    /// The groups.
    pub scim_groups: Vec<ScimGroup>,
    /// The next page's cursor; `None` on the last page.
    pub next_cursor: Option<String>,
}
