//! RBAC policies as a Stytch project holds them. The project's: whatever a test or a file
//! configures, with Stytch's built-in roles and resources always present, and refused when
//! Stytch would refuse to save it (a permission on a resource or action the policy does not
//! define, a role or resource defined twice). An organization's (`custom_roles`, set through
//! `PUT /v1/b2b/rbac/organizations/{organization_id}`): roles of its own over the project's
//! resources, beside the project's roles.

use std::collections::HashSet;

use serde_json::Value;
use stytch_models::{ErrorType, Permission, PolicyResource, PolicyRole, RbacPolicy};

use super::store::Store;
use crate::error::{ApiError, ApiResult};

/// Stytch's built-in resources: every project has them, each with every action.
pub const BUILT_IN_RESOURCES: [(&str, &str); 5] = [
    ("stytch.organization", "The organization."),
    ("stytch.member", "Members."),
    ("stytch.sso", "SSO connections."),
    ("stytch.scim", "SCIM connections."),
    ("stytch.self", "The signed-in member."),
];

/// Stytch's reserved roles and the built-in resources each holds every action on.
const RESERVED_ROLES: [(&str, &str, &[&str]); 2] = [
    ("stytch_member", "Granted to every member.", &["stytch.self"]),
    (
        "stytch_admin",
        "Granted to organization creators.",
        &["stytch.organization", "stytch.member", "stytch.sso", "stytch.scim"],
    ),
];

/// Completes and checks a configured policy: the built-in resources and reserved roles are
/// added where it leaves them out, a reserved role it names keeps its built-in permissions
/// beside the ones given, and a policy Stytch would refuse is an error naming the problem.
///
/// ```
/// use stytch_emulator::{Permission, PolicyRole, RbacPolicy, project_rbac_policy};
///
/// let mine = RbacPolicy {
///     roles: vec![PolicyRole {
///         role_id: "approver".into(),
///         permissions: vec![Permission { resource_id: "invoices".into(), actions: vec!["approve".into()] }],
///         ..Default::default()
///     }],
///     ..Default::default()
/// };
/// let error = project_rbac_policy(mine).unwrap_err();
/// assert!(error.contains("`invoices`"), "{error}");
/// ```
pub fn project_rbac_policy(mut policy: RbacPolicy) -> Result<RbacPolicy, String> {
    for (resource_id, description) in BUILT_IN_RESOURCES {
        if !policy.resources.iter().any(|r| r.resource_id == resource_id) {
            policy.resources.push(PolicyResource {
                resource_id: resource_id.into(),
                description: description.into(),
                actions: vec!["*".into()],
            });
        }
    }
    for (role_id, description, resources) in RESERVED_ROLES {
        let index = match policy.roles.iter().position(|r| r.role_id == role_id) {
            Some(index) => index,
            None => {
                policy.roles.push(PolicyRole {
                    role_id: role_id.into(),
                    description: description.into(),
                    permissions: vec![],
                });
                policy.roles.len() - 1
            }
        };
        let role = &mut policy.roles[index];
        for resource_id in resources {
            if !role.permissions.iter().any(|p| p.resource_id == *resource_id) {
                role.permissions.push(Permission {
                    resource_id: (*resource_id).into(),
                    actions: vec!["*".into()],
                });
            }
        }
    }
    check(&policy)?;
    Ok(policy)
}

fn check(policy: &RbacPolicy) -> Result<(), String> {
    let mut resources = HashSet::new();
    for resource in &policy.resources {
        if resource.resource_id.is_empty() {
            return Err("a resource has no `resource_id`".into());
        }
        if !resources.insert(resource.resource_id.as_str()) {
            return Err(format!("resource `{}` is defined twice", resource.resource_id));
        }
        if resource.resource_id.starts_with("stytch.")
            && !BUILT_IN_RESOURCES.iter().any(|(id, _)| *id == resource.resource_id)
        {
            return Err(format!(
                "resource `{}`: the `stytch.` prefix is Stytch's own",
                resource.resource_id
            ));
        }
    }
    let mut roles = HashSet::new();
    for role in &policy.roles {
        if role.role_id.is_empty() {
            return Err("a role has no `role_id`".into());
        }
        if !roles.insert(role.role_id.as_str()) {
            return Err(format!("role `{}` is defined twice", role.role_id));
        }
        check_permissions(policy, &format!("role `{}`", role.role_id), &role.permissions)?;
    }
    for scope in &policy.scopes {
        check_permissions(policy, &format!("scope `{}`", scope.scope), &scope.permissions)?;
    }
    Ok(())
}

/// Checks that every permission names a resource of `policy` and actions it defines.
pub(crate) fn check_permissions(policy: &RbacPolicy, holder: &str, permissions: &[Permission]) -> Result<(), String> {
    for permission in permissions {
        let Some(resource) = policy
            .resources
            .iter()
            .find(|r| r.resource_id == permission.resource_id)
        else {
            return Err(format!(
                "{holder} grants actions on `{}`, which the policy's resources do not define",
                permission.resource_id
            ));
        };
        let every = resource.actions.iter().any(|a| a == "*");
        if let Some(action) = permission
            .actions
            .iter()
            .find(|a| *a != "*" && !every && !resource.actions.contains(a))
        {
            return Err(format!(
                "{holder} grants `{action}` on `{}`, whose actions are {:?}",
                permission.resource_id, resource.actions
            ));
        }
    }
    Ok(())
}

/// Reads a policy document: the `policy` of `GET /v1/b2b/rbac/policy`'s answer (the whole
/// answer also works, so a project's policy can be saved from Stytch as is) or the policy
/// object alone. A misspelt field is an error, not a silently empty policy. The result still
/// goes through [`project_rbac_policy`].
///
/// ```
/// let policy = stytch_emulator::rbac_policy_from_json(
///     r#"{"roles": [{"role_id": "viewer", "permissions": []}], "resources": []}"#,
/// )
/// .unwrap();
/// assert_eq!(policy.roles[0].role_id, "viewer");
/// assert!(stytch_emulator::rbac_policy_from_json(r#"{"role": []}"#).unwrap_err().contains("`role`"));
/// ```
pub fn rbac_policy_from_json(text: &str) -> Result<RbacPolicy, String> {
    let document: Value = serde_json::from_str(text).map_err(|e| format!("not JSON: {e}"))?;
    let policy = match document {
        Value::Object(mut answer) if answer.contains_key("policy") => {
            known_fields(
                &Value::Object(answer.clone()),
                "the answer",
                &["policy", "request_id", "status_code"],
            )?;
            answer.remove("policy").unwrap_or_default()
        }
        other => other,
    };
    known_fields(&policy, "the policy", &["roles", "resources", "scopes"])?;
    for (list, fields, nested) in [
        ("roles", &["role_id", "description", "permissions"][..], true),
        ("resources", &["resource_id", "description", "actions"][..], false),
        ("scopes", &["scope", "description", "permissions"][..], true),
    ] {
        for (index, item) in policy[list].as_array().into_iter().flatten().enumerate() {
            let place = format!("{list}[{index}]");
            known_fields(item, &place, fields)?;
            if nested {
                for (p, permission) in item["permissions"].as_array().into_iter().flatten().enumerate() {
                    known_fields(
                        permission,
                        &format!("{place}.permissions[{p}]"),
                        &["resource_id", "actions"],
                    )?;
                }
            }
        }
    }
    serde_json::from_value(policy).map_err(|e| format!("not an RBAC policy: {e}"))
}

fn known_fields(value: &Value, place: &str, known: &[&str]) -> Result<(), String> {
    let Value::Object(object) = value else {
        return Err(format!("{place} is not an object"));
    };
    match object.keys().find(|k| !known.contains(&k.as_str())) {
        Some(unknown) => Err(format!("{place} has an unknown field `{unknown}` (known: {known:?})")),
        None => Ok(()),
    }
}

impl Store {
    /// Replaces the project's policy while the emulator runs (`PUT /emulator/v1/rbac/policy`),
    /// completed and checked as [`project_rbac_policy`] does at start. Every organization's
    /// own roles must still hold under it (their resources and actions defined, their IDs not
    /// taken by a project role); otherwise the error names the organization and the role, and
    /// nothing changes.
    pub(crate) fn set_project_policy(&mut self, policy: RbacPolicy) -> Result<&RbacPolicy, String> {
        let policy = project_rbac_policy(policy)?;
        for organization in &self.organizations {
            for role in &organization.custom_roles {
                let holder = format!(
                    "organization {}'s own role `{}`",
                    organization.organization_id, role.role_id
                );
                if policy.roles.iter().any(|r| r.role_id == role.role_id) {
                    return Err(format!(
                        "{holder} has the ID of a role in this policy; change the organization's roles first"
                    ));
                }
                check_permissions(&policy, &holder, &role.permissions)?;
            }
        }
        self.project.rbac_policy = policy;
        Ok(&self.project.rbac_policy)
    }

    /// An organization's custom roles (`GET /v1/b2b/rbac/organizations/{organization_id}`).
    pub(crate) fn org_policy(&self, organization_id: &str) -> ApiResult<Vec<PolicyRole>> {
        Ok(self.organization(organization_id)?.custom_roles.clone())
    }

    /// Replaces an organization's custom roles. Each grants actions the project's resources
    /// define, has an ID of its own (not a project role's: these supplement the project's
    /// roles) and appears once; `bad_request` naming the problem otherwise, and nothing changes.
    pub(crate) fn set_org_policy(
        &mut self,
        organization_id: &str,
        roles: Vec<PolicyRole>,
    ) -> ApiResult<Vec<PolicyRole>> {
        let invalid = |message: String| ApiError::new(400, ErrorType::BadRequest, message);
        let mut seen = HashSet::new();
        for role in &roles {
            if role.role_id.is_empty() {
                return Err(invalid("Every role of an org_policy needs a role_id.".into()));
            }
            if !seen.insert(role.role_id.as_str()) {
                return Err(invalid(format!(
                    "Role {} appears twice in the org_policy.",
                    role.role_id
                )));
            }
            if self.project.rbac_policy.roles.iter().any(|r| r.role_id == role.role_id) {
                return Err(invalid(format!(
                    "Role {} is a project role; an organization's roles need IDs of their own.",
                    role.role_id
                )));
            }
            check_permissions(
                &self.project.rbac_policy,
                &format!("role `{}`", role.role_id),
                &role.permissions,
            )
            .map_err(invalid)?;
        }
        let organization = self.organization_mut(organization_id)?;
        organization.custom_roles = roles;
        Ok(organization.custom_roles.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn role(role_id: &str, resource_id: &str, actions: &[&str]) -> PolicyRole {
        PolicyRole {
            role_id: role_id.into(),
            description: String::new(),
            permissions: vec![Permission {
                resource_id: resource_id.into(),
                actions: actions.iter().map(|a| (*a).to_owned()).collect(),
            }],
        }
    }

    fn invoices() -> PolicyResource {
        PolicyResource {
            resource_id: "invoices".into(),
            description: String::new(),
            actions: vec!["read".into(), "approve".into()],
        }
    }

    #[test]
    fn built_ins_are_added_and_reserved_roles_keep_theirs() {
        let policy = project_rbac_policy(RbacPolicy {
            roles: vec![
                role("stytch_admin", "invoices", &["*"]),
                role("approver", "invoices", &["approve"]),
            ],
            resources: vec![invoices()],
            scopes: vec![],
        })
        .unwrap();
        let admin = ["stytch_admin".to_owned()];
        assert!(
            policy.is_authorized(&admin, "invoices", "approve"),
            "the file's permission"
        );
        assert!(
            policy.is_authorized(&admin, "stytch.member", "create"),
            "the built-in one"
        );
        let member = ["stytch_member".to_owned()];
        assert!(policy.is_authorized(&member, "stytch.self", "update.info.name"));
        assert!(!policy.is_authorized(&member, "invoices", "read"));
        assert!(policy.is_authorized(&["approver".to_owned()], "invoices", "approve"));
        for (resource_id, _) in BUILT_IN_RESOURCES {
            assert_eq!(
                policy.resources.iter().filter(|r| r.resource_id == resource_id).count(),
                1
            );
        }
        assert_eq!(project_rbac_policy(policy.clone()).unwrap(), policy, "idempotent");
    }

    #[test]
    fn what_stytch_would_refuse_is_named() {
        let cases = [
            (
                vec![role("approver", "invoices", &["approve"])],
                vec![],
                "`invoices`, which the policy's resources",
            ),
            (
                vec![role("approver", "invoices", &["delete"])],
                vec![invoices()],
                "grants `delete` on `invoices`",
            ),
            (
                vec![
                    role("approver", "invoices", &["read"]),
                    role("approver", "invoices", &["read"]),
                ],
                vec![invoices()],
                "role `approver` is defined twice",
            ),
            (
                vec![],
                vec![invoices(), invoices()],
                "resource `invoices` is defined twice",
            ),
            (
                vec![],
                vec![PolicyResource {
                    resource_id: "stytch.invoices".into(),
                    ..invoices()
                }],
                "the `stytch.` prefix is Stytch's own",
            ),
            (
                vec![role("", "invoices", &["read"])],
                vec![invoices()],
                "a role has no `role_id`",
            ),
        ];
        for (roles, resources, says) in cases {
            let error = project_rbac_policy(RbacPolicy {
                roles,
                resources,
                scopes: vec![],
            })
            .unwrap_err();
            assert!(error.contains(says), "{error} should say {says}");
        }
        assert!(project_rbac_policy(crate::default_rbac_policy()).is_ok());
    }

    #[test]
    fn documents_are_read_strictly() {
        let answer = r#"{"request_id": "r", "status_code": 200, "policy": {"roles": [], "resources": [{"resource_id": "invoices", "actions": ["read"]}], "scopes": []}}"#;
        assert_eq!(
            rbac_policy_from_json(answer).unwrap().resources[0].resource_id,
            "invoices"
        );
        for (text, says) in [
            ("[]", "the policy is not an object"),
            (
                r#"{"roles": [{"role_id": "a", "permission": []}]}"#,
                "roles[0] has an unknown field `permission`",
            ),
            (
                r#"{"roles": [{"role_id": "a", "permissions": [{"resource": "x"}]}]}"#,
                "roles[0].permissions[0] has an unknown field `resource`",
            ),
            (
                r#"{"resources": [{"resource_id": "x", "actions": "read"}]}"#,
                "not an RBAC policy",
            ),
            (
                r#"{"policy": {}, "extra": 1}"#,
                "the answer has an unknown field `extra`",
            ),
            ("{", "not JSON"),
        ] {
            let error = rbac_policy_from_json(text).unwrap_err();
            assert!(error.contains(says), "{text}: {error}");
        }
    }
}
