use std::collections::BTreeMap;

use stytch_models::RbacPolicy;

use super::StytchClient;

/// `client.rbac()`: the official `rbac.*`, local checks with no request of their own. The
/// signed-in session's roles are checked against the project's policy (from the bootstrap
/// document: the fresh one, else the copy an earlier page load cached) with the
/// organization's `custom_roles` beside it; `*` grants every action. Signed out the roles
/// are none, so nothing is authorized.
///
/// ```no_run
/// # async fn run(client: &stytch_core::StytchClient) -> Result<(), stytch_core::StytchError> {
/// if client.rbac().is_authorized("documents", "delete").await {
///     println!("may delete documents");
/// }
/// let every = client.rbac().all_permissions().await;
/// println!("{} resources", every.len());
/// # Ok(()) }
/// ```
pub struct Rbac<'a> {
    pub(super) client: &'a StytchClient,
}

impl Rbac<'_> {
    /// `isAuthorizedSync`: answers with the policy known now: the fetched one, else the copy an
    /// earlier page load cached (also after a failed fetch, whose defaults carry no policy);
    /// none at all: `false`.
    ///
    /// ```no_run
    /// # fn run(client: &stytch_core::StytchClient) {
    /// if client.rbac().is_authorized_sync("documents", "write") {
    ///     // show the editor
    /// }
    /// # }
    /// ```
    pub fn is_authorized_sync(&self, resource_id: &str, action: &str) -> bool {
        let policy = (self.client.bootstrap().and_then(|b| b.rbac_policy))
            .or_else(|| self.client.cached_bootstrap().and_then(|b| b.rbac_policy));
        self.check(policy, |policy, roles| policy.is_authorized(roles, resource_id, action))
    }

    /// `isAuthorized`: waits for the bootstrap document first (after a failed fetch the
    /// project has no policy, so only the organization's roles can grant).
    ///
    /// ```no_run
    /// # async fn run(client: &stytch_core::StytchClient) -> Result<(), stytch_core::StytchError> {
    /// // Waits for the project's policy when it is not loaded yet.
    /// if client.rbac().is_authorized("stytch.member", "create").await {
    ///     println!("may invite members");
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn is_authorized(&self, resource_id: &str, action: &str) -> bool {
        let bootstrap = self.client.bootstrap_ready().await;
        self.check(bootstrap.rbac_policy, |policy, roles| {
            policy.is_authorized(roles, resource_id, action)
        })
    }

    /// `allPermissions`: for every resource of the project's policy and each of its actions,
    /// whether the session may take it (waits for the bootstrap document; all `false` signed
    /// out).
    ///
    /// ```no_run
    /// # async fn run(client: &stytch_core::StytchClient) {
    /// let all = client.rbac().all_permissions().await;
    /// let may_delete = all.get("documents").and_then(|d| d.get("delete")).copied().unwrap_or(false);
    /// # }
    /// ```
    pub async fn all_permissions(&self) -> BTreeMap<String, BTreeMap<String, bool>> {
        let bootstrap = self.client.bootstrap_ready().await;
        self.check(bootstrap.rbac_policy, |policy, roles| policy.all_permissions(roles))
    }

    /// Runs `answer` on the effective policy and the session's roles (none signed out).
    fn check<T>(&self, project: Option<RbacPolicy>, answer: impl FnOnce(&RbacPolicy, &[String]) -> T) -> T {
        let state = self.client.store().state();
        let project = project.unwrap_or_default();
        let policy = match state.as_ref().and_then(|s| s.organization.as_ref()) {
            Some(organization) => project.with_custom_roles(&organization.custom_roles),
            None => project,
        };
        let roles = state.and_then(|s| s.session).map(|s| s.roles).unwrap_or_default();
        answer(&policy, &roles)
    }
}
