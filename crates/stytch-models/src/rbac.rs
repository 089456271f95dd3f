//! RBAC policy shapes and the authorization rule the SDK applies locally.

use std::collections::BTreeMap;

use crate::json::{FromJson, ToJson};
use serde::{Deserialize, Serialize};

/// Actions a role may take on one resource.
///
/// ```
/// use stytch_models::{Permission, json};
///
/// let value: Permission = json::from_str(r#"{"resource_id":"documents","actions":["read","write"]}"#).unwrap();
/// assert!(value.actions.iter().any(|a| a == "write"));
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(default)]
pub struct Permission {
    /// Resource ID, e.g. `stytch.member`.
    pub resource_id: String,
    /// Allowed actions; `*` allows every action.
    pub actions: Vec<String>,
}

/// A role and its permissions.
///
/// ```
/// use stytch_models::{PolicyRole, json};
///
/// let value: PolicyRole = json::from_str(r#"{"role_id":"editor","description":"Edits documents","permissions":[{"resource_id":"documents","actions":["read","write"]}]}"#).unwrap();
/// assert_eq!(value.permissions[0].resource_id, "documents");
/// ```
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
///
/// ```
/// use stytch_models::{PolicyResource, json};
///
/// let value: PolicyResource = json::from_str(r#"{"resource_id":"documents","description":"Shared documents","actions":["read","write","delete"]}"#).unwrap();
/// assert_eq!(value.actions.len(), 3);
/// ```
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
///
/// ```
/// use stytch_models::{PolicyScope, json};
///
/// let value: PolicyScope = json::from_str(r#"{"scope":"read:documents","description":"Read documents","permissions":[{"resource_id":"documents","actions":["read"]}]}"#).unwrap();
/// assert_eq!(value.scope, "read:documents");
/// ```
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
    ///
    /// ```
    /// use stytch_models::{Permission, PolicyRole, RbacPolicy};
    /// let policy = RbacPolicy {
    ///     roles: vec![PolicyRole {
    ///         role_id: "editor".into(),
    ///         permissions: vec![Permission { resource_id: "documents".into(), actions: vec!["read".into(), "write".into()] }],
    ///         ..Default::default()
    ///     }],
    ///     ..Default::default()
    /// };
    /// let roles = ["stytch_member".to_owned(), "editor".to_owned()];
    /// assert!(policy.is_authorized(&roles, "documents", "write"));
    /// assert!(!policy.is_authorized(&roles, "documents", "delete"));
    /// ```
    pub fn is_authorized(&self, roles: &[String], resource_id: &str, action: &str) -> bool {
        self.roles
            .iter()
            .filter(|role| roles.contains(&role.role_id))
            .flat_map(|role| &role.permissions)
            .any(|p| p.resource_id == resource_id && p.actions.iter().any(|a| a == action || a == "*"))
    }

    /// This policy with an organization's `custom_roles` beside its own roles (the SDK merges
    /// them additively).
    ///
    /// ```
    /// use stytch_models::{Permission, PolicyRole, RbacPolicy};
    /// let archivist = PolicyRole {
    ///     role_id: "archivist".into(),
    ///     permissions: vec![Permission { resource_id: "docs".into(), actions: vec!["delete".into()] }],
    ///     ..Default::default()
    /// };
    /// let merged = RbacPolicy::default().with_custom_roles(&[archivist]);
    /// assert!(merged.is_authorized(&["archivist".to_string()], "docs", "delete"));
    /// ```
    pub fn with_custom_roles(&self, custom_roles: &[PolicyRole]) -> RbacPolicy {
        let mut merged = self.clone();
        merged.roles.extend_from_slice(custom_roles);
        merged
    }

    /// The official `rbac.allPermissions()`: for every resource of the policy and every action
    /// it defines, whether `roles` may take it.
    ///
    /// ```
    /// use stytch_models::{Permission, PolicyResource, PolicyRole, RbacPolicy};
    /// let policy = RbacPolicy {
    ///     roles: vec![PolicyRole {
    ///         role_id: "viewer".into(),
    ///         permissions: vec![Permission { resource_id: "docs".into(), actions: vec!["read".into()] }],
    ///         ..Default::default()
    ///     }],
    ///     resources: vec![PolicyResource {
    ///         resource_id: "docs".into(),
    ///         actions: vec!["read".into(), "write".into()],
    ///         ..Default::default()
    ///     }],
    ///     ..Default::default()
    /// };
    /// let all = policy.all_permissions(&["viewer".to_string()]);
    /// assert_eq!(all["docs"]["read"], true);
    /// assert_eq!(all["docs"]["write"], false);
    /// ```
    pub fn all_permissions(&self, roles: &[String]) -> BTreeMap<String, BTreeMap<String, bool>> {
        // Inserts, not `collect()`: building a B-tree from an iterator sorts first, and the
        // sort costs a browser build more than the loop.
        let mut all = BTreeMap::new();
        for resource in &self.resources {
            let mut actions = BTreeMap::new();
            for action in &resource.actions {
                actions.insert(action.clone(), self.is_authorized(roles, &resource.resource_id, action));
            }
            all.insert(resource.resource_id.clone(), actions);
        }
        all
    }
}
