//! RBAC policy shapes and the authorization rule the SDK applies locally.

use crate::json::{FromJson, ToJson};
use serde::{Deserialize, Serialize};

/// Actions a role may take on one resource.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(default)]
pub struct Permission {
    /// Resource ID, e.g. `stytch.member`.
    pub resource_id: String,
    /// Allowed actions; `*` allows every action.
    pub actions: Vec<String>,
}

/// A role and its permissions.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(default)]
pub struct PolicyRole {
    /// Role ID.
    pub role_id: String,
    /// Human description.
    pub description: String,
    /// Granted permissions.
    pub permissions: Vec<Permission>,
}

/// A resource and the actions that exist on it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(default)]
pub struct PolicyResource {
    /// Resource ID.
    pub resource_id: String,
    /// Human description.
    pub description: String,
    /// Known actions.
    pub actions: Vec<String>,
}

/// An OAuth scope and the permissions it implies.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(default)]
pub struct PolicyScope {
    /// Scope name.
    pub scope: String,
    /// Human description.
    pub description: String,
    /// Implied permissions.
    pub permissions: Vec<Permission>,
}

/// The project's RBAC policy, as served in the bootstrap response.
///
/// ```
/// use stytch_models::{Permission, PolicyRole, RbacPolicy};
/// let policy = RbacPolicy {
///     roles: vec![PolicyRole {
///         role_id: "editor".into(),
///         permissions: vec![Permission { resource_id: "docs".into(), actions: vec!["edit".into()] }],
///         ..Default::default()
///     }],
///     ..Default::default()
/// };
/// assert!(policy.is_authorized(&["editor".to_string()], "docs", "edit"));
/// assert!(!policy.is_authorized(&["viewer".to_string()], "docs", "edit"));
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(default)]
pub struct RbacPolicy {
    /// Roles.
    pub roles: Vec<PolicyRole>,
    /// Resources.
    pub resources: Vec<PolicyResource>,
    /// Scopes.
    pub scopes: Vec<PolicyScope>,
}

impl RbacPolicy {
    /// The SDK's local rule: any held role with a permission on `resource_id` whose actions
    /// contain `action` or `*`. Unknown role IDs are ignored.
    pub fn is_authorized(&self, roles: &[String], resource_id: &str, action: &str) -> bool {
        self.roles
            .iter()
            .filter(|role| roles.contains(&role.role_id))
            .flat_map(|role| &role.permissions)
            .any(|p| p.resource_id == resource_id && p.actions.iter().any(|a| a == action || a == "*"))
    }
}
