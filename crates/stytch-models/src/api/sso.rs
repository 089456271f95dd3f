//! `sso/*` bodies: connections (SAML and OIDC) and the authentication a connection's identity
//! provider returns with. Starting a login is a browser navigation to `/v1/public/sso/start`,
//! not an API call.

use crate::ActiveSsoConnection;
use crate::RedactedDebug;
use crate::json::{FromJson, ToJson};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// `POST sso/authenticate`.
///
/// ```
/// use stytch_models::api::sso::SsoAuthenticateRequest;
/// let r = SsoAuthenticateRequest { sso_token: "t".into(), session_duration_minutes: Some(30), ..Default::default() };
/// assert_eq!(serde_json::to_string(&r).unwrap(), r#"{"sso_token":"t","session_duration_minutes":30}"#);
/// ```
#[derive(Clone, RedactedDebug, Default, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(default)]
pub struct SsoAuthenticateRequest {
    /// Token from the callback URL (`stytch_token_type=sso`).
    #[redact]
    pub sso_token: String,
    /// Session length.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session_duration_minutes: Option<u32>,
    /// PKCE verifier, when the start carried a challenge.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[redact]
    pub pkce_code_verifier: Option<String>,
    /// IST to add the factor to (a step-up after discovery).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[redact]
    pub intermediate_session_token: Option<String>,
    /// A live session of the same member, to add the factor to (backend API).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[redact]
    pub session_token: Option<String>,
    /// The same, as a JWT (backend API).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[redact]
    pub session_jwt: Option<String>,
    /// Locale of any SMS sent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
}

/// An X.509 certificate of a SAML connection.
///
/// ```
/// use stytch_models::{api::sso::X509Certificate, json};
///
/// let response: X509Certificate = json::from_str(r#"{"certificate_id":"saml-verification-key-test-1","certificate":"-----BEGIN CERTIFICATE-----…","issuer":"Okta","expires_at":"2030-01-01T00:00:00Z"}"#).unwrap();
/// assert_eq!(response.issuer, "Okta");
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(default)]
pub struct X509Certificate {
    /// Certificate ID.
    pub certificate_id: String,
    /// PEM text.
    pub certificate: String,
    /// Issuer.
    pub issuer: String,
    /// Created (RFC 3339).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_at: Option<String>,
    /// Expires (RFC 3339).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<String>,
}

/// A private key of a SAML connection, which Stytch decrypts the identity provider's encrypted
/// assertions with. The key itself is never shown in `Debug`.
///
/// ```
/// use stytch_models::{api::sso::EncryptionPrivateKey, json};
///
/// let key: EncryptionPrivateKey = json::from_str(r#"{"private_key_id":"saml-encryption-key-test-1","private_key":"-----BEGIN PRIVATE KEY-----…","created_at":"2026-11-28T08:00:00Z"}"#).unwrap();
/// assert_eq!(key.private_key_id, "saml-encryption-key-test-1");
/// assert!(!format!("{key:?}").contains("BEGIN PRIVATE KEY"));
/// ```
#[derive(Clone, RedactedDebug, Default, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(default)]
pub struct EncryptionPrivateKey {
    /// Key ID.
    pub private_key_id: String,
    /// The key as Stytch shows it.
    #[redact]
    pub private_key: String,
    /// Added (RFC 3339).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_at: Option<String>,
}

/// A SAML connection. `status` is `pending` until the identity provider's entity ID, sign-in
/// URL and signing certificate are set, then `active`.
///
/// ```
/// let c: stytch_models::api::sso::SamlConnection = serde_json::from_str(
///     r#"{"connection_id":"saml-connection-1","status":"active","display_name":"Okta"}"#,
/// ).unwrap();
/// assert_eq!(c.status, "active");
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(default)]
pub struct SamlConnection {
    /// Organization ID.
    pub organization_id: String,
    /// Connection ID.
    pub connection_id: String,
    /// `pending` or `active`.
    pub status: String,
    /// Name shown to members.
    pub display_name: String,
    /// Identity provider, e.g. `okta`, `microsoft-entra`, `generic`.
    pub identity_provider: String,
    /// The identity provider's entity ID.
    pub idp_entity_id: String,
    /// The identity provider's sign-in URL.
    pub idp_sso_url: String,
    /// Assertion consumer service URL (Stytch's side).
    pub acs_url: String,
    /// Audience URI (Stytch's side).
    pub audience_uri: String,
    /// Stytch's signing certificates.
    pub signing_certificates: Vec<X509Certificate>,
    /// The identity provider's certificates that assertions are checked with.
    pub verification_certificates: Vec<X509Certificate>,
    /// The keys Stytch decrypts encrypted assertions with (at most five).
    pub encryption_private_keys: Vec<EncryptionPrivateKey>,
    /// An audience URI the identity provider may use instead of `audience_uri`.
    pub alternative_audience_uri: String,
    /// The NameID format asked of the identity provider.
    pub nameid_format: String,
    /// How assertion attributes map to member fields.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attribute_mapping: Option<Value>,
    /// Roles everyone signing in through the connection holds.
    pub saml_connection_implicit_role_assignments: Vec<SamlConnectionRoleAssignment>,
    /// Roles members of an identity provider group hold when they sign in through it.
    pub saml_group_implicit_role_assignments: Vec<SamlGroupRoleAssignment>,
}

/// A role everyone signing in through a SAML connection holds: listed among the member's
/// roles (source `sso_connection`) once they have signed in through it, and granted to sessions
/// that did.
///
/// ```
/// use stytch_models::{api::sso::SamlConnectionRoleAssignment, json};
///
/// let assignment: SamlConnectionRoleAssignment = json::from_str(r#"{"role_id":"editor"}"#).unwrap();
/// assert_eq!(assignment.role_id, "editor");
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(default)]
pub struct SamlConnectionRoleAssignment {
    /// The role.
    pub role_id: String,
}

/// A role members of an identity provider group hold (source `sso_connection_group`); the
/// group comes in the assertion's attribute that `attribute_mapping.groups` names.
///
/// ```
/// use stytch_models::{api::sso::SamlGroupRoleAssignment, json};
///
/// let assignment = SamlGroupRoleAssignment { role_id: "editor".into(), group: "Engineering".into() };
/// assert_eq!(json::to_string(&assignment), r#"{"role_id":"editor","group":"Engineering"}"#);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(default)]
pub struct SamlGroupRoleAssignment {
    /// The role.
    pub role_id: String,
    /// The group's name at the identity provider.
    pub group: String,
}

/// An OIDC connection. `status` is `pending` until the issuer, client ID and secret, and the
/// provider's endpoints are set, then `active`.
///
/// ```
/// use stytch_models::{api::sso::OidcConnection, json};
///
/// let response: OidcConnection = json::from_str(r#"{"connection_id":"oidc-connection-test-1","status":"active","display_name":"Entra","issuer":"https://login.example.com","client_secret":"secret"}"#).unwrap();
/// assert_eq!(response.status, "active");
/// assert!(!format!("{response:?}").contains("\"secret\""));
/// ```
#[derive(Clone, RedactedDebug, Default, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(default)]
pub struct OidcConnection {
    /// Organization ID.
    pub organization_id: String,
    /// Connection ID.
    pub connection_id: String,
    /// `pending` or `active`.
    pub status: String,
    /// Name shown to members.
    pub display_name: String,
    /// Identity provider, e.g. `okta`, `generic`.
    pub identity_provider: String,
    /// Stytch's callback URL to register at the provider.
    pub redirect_url: String,
    /// Client ID at the provider.
    pub client_id: String,
    /// Client secret at the provider.
    #[redact]
    pub client_secret: String,
    /// Issuer.
    pub issuer: String,
    /// Authorization endpoint.
    pub authorization_url: String,
    /// Token endpoint.
    pub token_url: String,
    /// User-info endpoint.
    pub userinfo_url: String,
    /// Key-set endpoint.
    pub jwks_url: String,
    /// Extra scopes, space separated.
    pub custom_scopes: String,
    /// How the identity provider's claims map to member fields (an object; the official SDK
    /// types it as one).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attribute_mapping: Option<Value>,
}

/// `GET sso` (SDK) and `GET /v1/b2b/sso/{organization_id}` (backend).
///
/// ```
/// use stytch_models::{api::sso::GetConnectionsResponse, json};
///
/// let response: GetConnectionsResponse = json::from_str(r#"{"saml_connections":[{"connection_id":"saml-connection-test-1","display_name":"Okta"}],"oidc_connections":[],"external_connections":[]}"#).unwrap();
/// assert_eq!(response.saml_connections[0].display_name, "Okta");
/// assert!(response.oidc_connections.is_empty());
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(default)]
pub struct GetConnectionsResponse {
    /// Request ID.
    pub request_id: String,
    /// HTTP status.
    pub status_code: u16,
    /// SAML connections.
    pub saml_connections: Vec<SamlConnection>,
    /// OIDC connections.
    pub oidc_connections: Vec<OidcConnection>,
    /// Connections through another organization's SAML or OIDC connection.
    pub external_connections: Vec<ExternalConnection>,
}

/// `GET sso/discovery/connections?email_address=…`: the active connections of the
/// organizations the address belongs to.
///
/// ```
/// use stytch_models::{api::sso::DiscoverConnectionsResponse, json};
///
/// let response: DiscoverConnectionsResponse = json::from_str(r#"{"connections":[{"connection_id":"saml-connection-test-1","display_name":"Okta","identity_provider":"okta"}]}"#).unwrap();
/// assert_eq!(response.connections[0].identity_provider, "okta");
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(default)]
pub struct DiscoverConnectionsResponse {
    /// Request ID.
    pub request_id: String,
    /// HTTP status.
    pub status_code: u16,
    /// The connections.
    pub connections: Vec<ActiveSsoConnection>,
}

/// `POST sso/saml` and `POST sso/oidc`: a new connection, `pending` until configured.
///
/// ```
/// use stytch_models::{api::sso::CreateConnectionRequest, json::ToJson};
///
/// let request = CreateConnectionRequest {
///     display_name: Some("Okta".into()),
///     identity_provider: Some("okta".into()),
///     ..Default::default()
/// };
/// let body = request.to_json();
/// assert_eq!(body["display_name"], "Okta");
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(default)]
pub struct CreateConnectionRequest {
    /// Name shown to members.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    /// Identity provider, e.g. `okta` (default `generic`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub identity_provider: Option<String>,
}

/// `PUT sso/saml/{connection_id}/url`: the connection configured from its identity provider's
/// metadata (entity ID, sign-on URL, signing certificate), which Stytch fetches from the URL.
///
/// ```
/// use stytch_models::{api::sso::SamlUpdateConnectionByUrlRequest, json::ToJson};
///
/// let request = SamlUpdateConnectionByUrlRequest {
///     connection_id: "saml-connection-test-1".into(),
///     metadata_url: "https://acme.okta.com/app/exk1/sso/saml/metadata".into(),
/// };
/// assert_eq!(request.to_json()["metadata_url"], "https://acme.okta.com/app/exk1/sso/saml/metadata");
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(default)]
pub struct SamlUpdateConnectionByUrlRequest {
    /// The connection (the SDK sends it in the body too).
    pub connection_id: String,
    /// Where the identity provider serves its SAML metadata.
    pub metadata_url: String,
}

/// `PUT sso/saml/{connection_id}`: fields left out stay as they are.
///
/// ```
/// use stytch_models::{api::sso::SamlUpdateConnectionRequest, json::ToJson};
///
/// let request = SamlUpdateConnectionRequest {
///     idp_entity_id: Some("http://www.okta.com/exk1".into()),
///     idp_sso_url: Some("https://acme.okta.com/app/sso/saml".into()),
///     x509_certificate: Some("-----BEGIN CERTIFICATE-----…".into()),
///     ..Default::default()
/// };
/// let body = request.to_json();
/// assert_eq!(body["idp_entity_id"], "http://www.okta.com/exk1");
/// ```
#[derive(Clone, RedactedDebug, Default, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(default)]
pub struct SamlUpdateConnectionRequest {
    /// The identity provider's entity ID.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub idp_entity_id: Option<String>,
    /// Name shown to members.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    /// How assertion attributes map to member fields.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attribute_mapping: Option<Value>,
    /// The identity provider's signing certificate (PEM).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub x509_certificate: Option<String>,
    /// The identity provider's sign-in URL.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub idp_sso_url: Option<String>,
    /// Identity provider, e.g. `okta`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub identity_provider: Option<String>,
    /// Roles everyone signing in through the connection holds (replacing the current list).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub saml_connection_implicit_role_assignments: Option<Vec<SamlConnectionRoleAssignment>>,
    /// Roles by identity provider group (replacing the current list); needs a `groups` key in
    /// `attribute_mapping`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub saml_group_implicit_role_assignments: Option<Vec<SamlGroupRoleAssignment>>,
    /// An audience URI the identity provider may use instead of `audience_uri`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alternative_audience_uri: Option<String>,
    /// The NameID format to ask the identity provider for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nameid_format: Option<String>,
    /// A PEM private key to decrypt the identity provider's encrypted assertions with; joins
    /// the connection's others (at most five). Never shown in `Debug`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[redact]
    pub saml_encryption_private_key: Option<String>,
}

/// `PUT sso/oidc/{connection_id}`: fields left out stay as they are. When `issuer` changes,
/// the provider's discovery document fills the endpoints left out (what is given wins).
///
/// ```
/// use stytch_models::{api::sso::OidcUpdateConnectionRequest, json::ToJson};
///
/// let request = OidcUpdateConnectionRequest {
///     issuer: Some("https://login.example.com".into()),
///     client_id: Some("client-1".into()),
///     client_secret: Some("secret".into()),
///     ..Default::default()
/// };
/// let body = request.to_json();
/// assert_eq!(body["client_id"], "client-1");
/// // Logging the request never shows the secret.
/// assert!(!format!("{request:?}").contains("\"secret\""));
/// ```
#[derive(Clone, RedactedDebug, Default, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(default)]
pub struct OidcUpdateConnectionRequest {
    /// Name shown to members.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    /// Client ID at the provider.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_id: Option<String>,
    /// Client secret at the provider.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[redact]
    pub client_secret: Option<String>,
    /// Issuer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub issuer: Option<String>,
    /// Authorization endpoint.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub authorization_url: Option<String>,
    /// Token endpoint.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub token_url: Option<String>,
    /// User-info endpoint.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub userinfo_url: Option<String>,
    /// Key-set endpoint.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub jwks_url: Option<String>,
    /// Extra scopes, space separated.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub custom_scopes: Option<String>,
    /// Identity provider, e.g. `okta`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub identity_provider: Option<String>,
    /// How the identity provider's claims map to member fields (replacing the mapping).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attribute_mapping: Option<Value>,
}

/// A SAML connection's create and update responses.
///
/// ```
/// use stytch_models::{api::sso::SamlConnectionResponse, json};
///
/// let response: SamlConnectionResponse = json::from_str(r#"{"connection":{"connection_id":"saml-connection-test-1","status":"pending","acs_url":"https://test.stytch.com/v1/b2b/sso/callback/saml-connection-test-1"}}"#).unwrap();
/// let connection = response.connection.unwrap();
/// assert_eq!(connection.status, "pending");
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(default)]
pub struct SamlConnectionResponse {
    /// Request ID.
    pub request_id: String,
    /// HTTP status.
    pub status_code: u16,
    /// The connection.
    pub connection: Option<SamlConnection>,
}

/// An OIDC connection's create and update responses.
///
/// ```
/// use stytch_models::{api::sso::OidcConnectionResponse, json};
///
/// let response: OidcConnectionResponse = json::from_str(r#"{"connection":{"connection_id":"oidc-connection-test-1"},"warning":"The issuer could not be reached."}"#).unwrap();
/// assert!(response.warning.is_some());
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(default)]
pub struct OidcConnectionResponse {
    /// Request ID.
    pub request_id: String,
    /// HTTP status.
    pub status_code: u16,
    /// The connection.
    pub connection: Option<OidcConnection>,
    /// What Stytch could not check about the configuration (empty in the emulator).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub warning: Option<String>,
}

/// `DELETE sso/{connection_id}`.
///
/// ```
/// use stytch_models::{api::sso::DeleteConnectionResponse, json};
///
/// let response: DeleteConnectionResponse = json::from_str(r#"{"connection_id":"saml-connection-test-1"}"#).unwrap();
/// assert_eq!(response.connection_id, "saml-connection-test-1");
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(default)]
pub struct DeleteConnectionResponse {
    /// Request ID.
    pub request_id: String,
    /// HTTP status.
    pub status_code: u16,
    /// The deleted connection.
    pub connection_id: String,
}

/// `DELETE sso/saml/{connection_id}/verification_certificates/{certificate_id}` (the SDK's
/// `sso.saml.deleteVerificationCertificate`).
///
/// ```
/// use stytch_models::{api::sso::DeleteVerificationCertificateResponse, json};
///
/// let response: DeleteVerificationCertificateResponse = json::from_str(r#"{"certificate_id":"saml-verification-key-test-1"}"#).unwrap();
/// assert_eq!(response.certificate_id, "saml-verification-key-test-1");
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(default)]
pub struct DeleteVerificationCertificateResponse {
    /// Request ID.
    pub request_id: String,
    /// HTTP status.
    pub status_code: u16,
    /// The deleted certificate.
    pub certificate_id: String,
}

/// An external connection: an organization's members sign in through another organization's
/// SAML or OIDC connection (a managed service provider's staff reaching its customers'
/// organizations through its own identity provider). Always `active`; the role assignments
/// apply only when the connection it uses is SAML.
///
/// ```
/// use stytch_models::{api::sso::ExternalConnection, json};
///
/// let connection: ExternalConnection = json::from_str(r#"{"connection_id":"external-connection-test-1","external_connection_id":"saml-connection-test-9","status":"active","external_group_implicit_role_assignments":[{"role_id":"editor","group":"Support"}]}"#).unwrap();
/// assert_eq!(connection.external_connection_id, "saml-connection-test-9");
/// assert_eq!(connection.external_group_implicit_role_assignments[0].group, "Support");
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(default)]
pub struct ExternalConnection {
    /// The organization whose members sign in through it.
    pub organization_id: String,
    /// Connection ID (`external-connection-…`): what `sso.start` and
    /// `sso_jit_provisioning_allowed_connections` name.
    pub connection_id: String,
    /// The organization that owns the connection it uses.
    pub external_organization_id: String,
    /// The SAML or OIDC connection it uses.
    pub external_connection_id: String,
    /// Name shown to members.
    pub display_name: String,
    /// Always `active`.
    pub status: String,
    /// Roles every member signing in through it holds (source `sso_connection`).
    pub external_connection_implicit_role_assignments: Vec<SamlConnectionRoleAssignment>,
    /// Roles members of an identity provider group hold (source `sso_connection_group`).
    pub external_group_implicit_role_assignments: Vec<SamlGroupRoleAssignment>,
}

/// `POST sso/external` (SDK) and `POST /v1/b2b/sso/external/{organization_id}` (backend): the
/// caller's organization gains a connection through another organization's active one.
///
/// ```
/// use stytch_models::{api::sso::ExternalCreateConnectionRequest, json::ToJson};
///
/// let request = ExternalCreateConnectionRequest {
///     external_organization_id: "organization-test-msp".into(),
///     external_connection_id: "saml-connection-test-msp".into(),
///     display_name: Some("MSP staff".into()),
///     ..Default::default()
/// };
/// assert_eq!(request.to_json()["external_connection_id"], "saml-connection-test-msp");
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(default)]
pub struct ExternalCreateConnectionRequest {
    /// The organization that owns the connection.
    pub external_organization_id: String,
    /// Its SAML or OIDC connection.
    pub external_connection_id: String,
    /// Name shown to members.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    /// Roles every member signing in through it holds (the backend's name for them).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub connection_implicit_role_assignments: Option<Vec<SamlConnectionRoleAssignment>>,
    /// Roles by identity provider group (the backend's name for them).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group_implicit_role_assignments: Option<Vec<SamlGroupRoleAssignment>>,
}

/// `PUT sso/external/{connection_id}` (SDK) and
/// `PUT /v1/b2b/sso/external/{organization_id}/connections/{connection_id}` (backend): fields
/// left out stay as they are; a list replaces the one before.
///
/// ```
/// use stytch_models::api::sso::{ExternalUpdateConnectionRequest, SamlConnectionRoleAssignment};
/// use stytch_models::json::ToJson;
///
/// let request = ExternalUpdateConnectionRequest {
///     external_connection_implicit_role_assignments: Some(vec![SamlConnectionRoleAssignment { role_id: "support".into() }]),
///     ..Default::default()
/// };
/// assert_eq!(request.to_json()["external_connection_implicit_role_assignments"][0]["role_id"], "support");
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(default)]
pub struct ExternalUpdateConnectionRequest {
    /// Name shown to members.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    /// Roles every member signing in through it holds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub external_connection_implicit_role_assignments: Option<Vec<SamlConnectionRoleAssignment>>,
    /// Roles by identity provider group.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub external_group_implicit_role_assignments: Option<Vec<SamlGroupRoleAssignment>>,
}

/// An external connection's create and update responses.
///
/// ```
/// use stytch_models::{api::sso::ExternalConnectionResponse, json};
///
/// let response: ExternalConnectionResponse = json::from_str(r#"{"connection":{"connection_id":"external-connection-test-1","status":"active"}}"#).unwrap();
/// assert_eq!(response.connection.map(|c| c.status).as_deref(), Some("active"));
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(default)]
pub struct ExternalConnectionResponse {
    /// Request ID.
    pub request_id: String,
    /// HTTP status.
    pub status_code: u16,
    /// The connection.
    pub connection: Option<ExternalConnection>,
}

/// `DELETE sso/saml/{connection_id}/encryption_private_key/{private_key_id}` (the SDK's
/// `sso.saml.deleteEncryptionPrivateKey`).
///
/// ```
/// use stytch_models::{api::sso::DeleteEncryptionPrivateKeyResponse, json};
///
/// let response: DeleteEncryptionPrivateKeyResponse = json::from_str(r#"{"private_key_id":"saml-encryption-key-test-1"}"#).unwrap();
/// assert_eq!(response.private_key_id, "saml-encryption-key-test-1");
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(default)]
pub struct DeleteEncryptionPrivateKeyResponse {
    /// Request ID.
    pub request_id: String,
    /// HTTP status.
    pub status_code: u16,
    /// The deleted key.
    pub private_key_id: String,
}
