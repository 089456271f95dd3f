//! Claims of a Stytch B2B session JWT.

use crate::json::{FromJson, ToJson};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::AuthenticationFactor;

/// Request attributes recorded on the session.
///
/// ```
/// use stytch_models::{SessionAttributes, json};
///
/// let value: SessionAttributes = json::from_str(r#"{"ip_address":"203.0.113.7","user_agent":"Mozilla/5.0"}"#).unwrap();
/// assert_eq!(value.ip_address, "203.0.113.7");
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(default)]
pub struct SessionAttributes {
    /// Client IP.
    pub ip_address: String,
    /// Client user agent.
    pub user_agent: String,
}

/// The `https://stytch.com/session` claim.
///
/// ```
/// use stytch_models::{SessionClaim, json};
/// // The `https://stytch.com/session` claim of a session JWT.
/// let value: SessionClaim = json::from_str(r#"{"id":"member-session-test-1","expires_at":"2026-01-01T00:00:00Z","roles":["stytch_member"]}"#).unwrap();
/// assert_eq!(value.roles, ["stytch_member"]);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(default)]
pub struct SessionClaim {
    /// `member_session_id`.
    pub id: String,
    /// Session start (RFC 3339).
    pub started_at: String,
    /// Last authentication (RFC 3339).
    pub last_accessed_at: String,
    /// Session expiry, not the JWT's (RFC 3339).
    pub expires_at: String,
    /// Request attributes.
    pub attributes: SessionAttributes,
    /// Completed factors.
    pub authentication_factors: Vec<AuthenticationFactor>,
    /// Effective roles.
    pub roles: Vec<String>,
}

/// The `https://stytch.com/organization` claim.
///
/// ```
/// use stytch_models::{OrganizationClaim, json};
/// // The `https://stytch.com/organization` claim of a session JWT.
/// let value: OrganizationClaim = json::from_str(r#"{"organization_id":"organization-test-1","slug":"acme"}"#).unwrap();
/// assert_eq!(value.slug, "acme");
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(default)]
pub struct OrganizationClaim {
    /// Organization ID.
    pub organization_id: String,
    /// Organization slug.
    pub slug: String,
}

/// All claims of a session JWT (RS256, 5-minute lifetime).
///
/// ```
/// let c: stytch_models::SessionJwtClaims = serde_json::from_str(
///     r#"{"sub":"member-test-1","aud":["project-test-1"],"exp":300,
///         "https://stytch.com/organization":{"organization_id":"organization-test-1","slug":"acme"},
///         "https://my-app.example/claim":1}"#,
/// ).unwrap();
/// assert_eq!(c.organization.slug, "acme");
/// assert!(c.custom_claims.contains_key("https://my-app.example/claim"));
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(default)]
pub struct SessionJwtClaims {
    /// `stytch.com/<project_id>`.
    pub iss: String,
    /// `[<project_id>]`.
    pub aud: Vec<String>,
    /// `member_id`.
    pub sub: String,
    /// Issued at (Unix seconds).
    pub iat: i64,
    /// Not before (Unix seconds).
    pub nbf: i64,
    /// Expiry (Unix seconds), `iat + 300`.
    pub exp: i64,
    /// Session claim.
    #[serde(rename = "https://stytch.com/session")]
    pub session: SessionClaim,
    /// Organization claim.
    #[serde(rename = "https://stytch.com/organization")]
    pub organization: OrganizationClaim,
    /// Every other top-level claim.
    #[serde(flatten)]
    pub custom_claims: Map<String, Value>,
}
