//! An organization's SCIM connection from a server (`/v1/b2b/scim/{organization_id}/connection…`):
//! what an onboarding job does so a customer's identity provider can provision its people,
//! with the same requests and answers as the browser's `client.scim()`. An organization has
//! at most one; its bearer token is shown when it is created and when a rotation starts, and
//! afterwards only its last four characters. Wherever these take an organization ID, its slug
//! or external ID will do.

use stytch_models::api::scim::{
    CreateScimConnectionRequest, CreateScimConnectionResponse, ScimConnectionResponse, ScimGroupsRequest,
    ScimGroupsResponse, ScimRotateStartResponse, UpdateScimConnectionRequest,
};

use super::{StytchBackend, body, read};
use crate::StytchError;
use crate::util::percent;

impl StytchBackend {
    /// `/v1/b2b/scim/{organization_id}/connection` then `rest`.
    fn scim_path(organization_id: &str, rest: &str) -> String {
        format!("/v1/b2b/scim/{}/connection{rest}", percent::encode(organization_id))
    }

    /// `…/connection/{connection_id}` then `rest`.
    fn scim_connection_path(organization_id: &str, connection_id: &str, rest: &str) -> String {
        Self::scim_path(organization_id, &format!("/{}{rest}", percent::encode(connection_id)))
    }

    /// Creates the organization's SCIM connection (`POST …/connection`): `active` at once, with
    /// the base URL and bearer token to give the identity provider. The token is in this answer
    /// only (its `Debug` form hides it). A second connection is refused
    /// (`active_scim_connection_exists`).
    ///
    /// ```no_run
    /// use stytch_models::api::scim::CreateScimConnectionRequest;
    /// # async fn f(stytch: stytch_core::backend::StytchBackend) -> Result<(), stytch_core::StytchError> {
    /// let request = CreateScimConnectionRequest { display_name: Some("Acme Okta".into()), identity_provider: Some("okta".into()) };
    /// if let Some(connection) = stytch.create_scim_connection("acme", &request).await?.connection {
    ///     // Hand both to the customer's Okta admin once, then forget the token.
    ///     println!("SCIM base URL: {}", connection.base_url);
    ///     let _token = connection.bearer_token;
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn create_scim_connection(
        &self,
        organization_id: &str,
        request: &CreateScimConnectionRequest,
    ) -> Result<CreateScimConnectionResponse, StytchError> {
        read(self.post(&Self::scim_path(organization_id, ""), body(request)?).await?)
    }

    /// The organization's SCIM connection (`GET …/connection`): its base URL, the token's last
    /// four characters and expiry, a rotation's next token, and the roles its groups grant;
    /// `no_active_scim_connection` (404) when it has none.
    ///
    /// ```no_run
    /// # async fn f(stytch: stytch_core::backend::StytchBackend) -> Result<(), stytch_core::StytchError> {
    /// if let Some(connection) = stytch.scim_connection("acme").await?.connection {
    ///     println!("token …{} expires {}", connection.bearer_token_last_four, connection.bearer_token_expires_at);
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn scim_connection(&self, organization_id: &str) -> Result<ScimConnectionResponse, StytchError> {
        read(self.get(&Self::scim_path(organization_id, "")).await?)
    }

    /// Changes the connection's name, identity provider or group roles (`PUT
    /// …/connection/{connection_id}`): fields left `None` stay; a list of group role
    /// assignments replaces the current one and must name groups the identity provider pushed
    /// and roles the project or organization defines. Members of a group gain and lose its
    /// role at once. The `connection_id` inside `settings` is ignored (the argument names it).
    ///
    /// ```no_run
    /// use stytch_models::api::scim::{ScimGroupRoleAssignment, UpdateScimConnectionRequest};
    /// # async fn f(stytch: stytch_core::backend::StytchBackend) -> Result<(), stytch_core::StytchError> {
    /// // Everyone in the identity provider's "Engineering" group becomes an editor.
    /// let settings = UpdateScimConnectionRequest {
    ///     scim_group_implicit_role_assignments: Some(vec![ScimGroupRoleAssignment {
    ///         role_id: "editor".into(),
    ///         group_id: "scim-group-…".into(),
    ///         group_name: None,
    ///     }]),
    ///     ..Default::default()
    /// };
    /// stytch.update_scim_connection("acme", "scim-connection-test-…", &settings).await?;
    /// # Ok(()) }
    /// ```
    pub async fn update_scim_connection(
        &self,
        organization_id: &str,
        connection_id: &str,
        settings: &UpdateScimConnectionRequest,
    ) -> Result<ScimConnectionResponse, StytchError> {
        let settings = UpdateScimConnectionRequest {
            connection_id: connection_id.to_owned(),
            ..settings.clone()
        };
        let path = Self::scim_connection_path(organization_id, connection_id, "");
        read(self.put(&path, body(&settings)?).await?)
    }

    /// Deletes the connection (`DELETE …/connection/{connection_id}`): its token stops working
    /// and the roles its groups granted go; the members it provisioned stay.
    ///
    /// ```no_run
    /// # async fn f(stytch: stytch_core::backend::StytchBackend) -> Result<(), stytch_core::StytchError> {
    /// stytch.delete_scim_connection("acme", "scim-connection-test-…").await?;
    /// # Ok(()) }
    /// ```
    pub async fn delete_scim_connection(&self, organization_id: &str, connection_id: &str) -> Result<(), StytchError> {
        self.delete(&Self::scim_connection_path(organization_id, connection_id, ""))
            .await
            .map(drop)
    }

    /// One page of the groups the identity provider pushed through the connection (`GET
    /// …/connection/{connection_id}?limit=&cursor=`), in the order they came; the answer's
    /// `next_cursor` starts the next page (`None` on the last).
    ///
    /// ```no_run
    /// use stytch_models::api::scim::ScimGroupsRequest;
    /// # async fn f(stytch: stytch_core::backend::StytchBackend) -> Result<(), stytch_core::StytchError> {
    /// let mut page = ScimGroupsRequest { limit: Some(100), cursor: None };
    /// loop {
    ///     let groups = stytch.scim_groups("acme", "scim-connection-test-…", &page).await?;
    ///     for group in &groups.scim_groups {
    ///         println!("{}: {}", group.group_id, group.group_name);
    ///     }
    ///     match groups.next_cursor {
    ///         Some(cursor) => page.cursor = Some(cursor),
    ///         None => break,
    ///     }
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn scim_groups(
        &self,
        organization_id: &str,
        connection_id: &str,
        page: &ScimGroupsRequest,
    ) -> Result<ScimGroupsResponse, StytchError> {
        let mut query = Vec::new();
        if let Some(limit) = page.limit {
            query.push(format!("limit={limit}"));
        }
        if let Some(cursor) = page.cursor.as_deref().filter(|c| !c.is_empty()) {
            query.push(format!("cursor={}", percent::encode(cursor)));
        }
        let query = if query.is_empty() {
            String::new()
        } else {
            format!("?{}", query.join("&"))
        };
        read(
            self.get(&Self::scim_connection_path(organization_id, connection_id, &query))
                .await?,
        )
    }

    /// Starts a bearer token rotation (`POST …/connection/{connection_id}/rotate/start`): the
    /// answer carries the next token, shown this once. Both tokens work until
    /// [`Self::complete_scim_token_rotation`] (only the new one after) or
    /// [`Self::cancel_scim_token_rotation`] (only the old one after).
    ///
    /// ```no_run
    /// # async fn f(stytch: stytch_core::backend::StytchBackend) -> Result<(), stytch_core::StytchError> {
    /// let started = stytch.start_scim_token_rotation("acme", "scim-connection-test-…").await?;
    /// let _next = started.connection.map(|c| c.next_bearer_token); // give it to the identity provider
    /// // … once the identity provider uses the new token:
    /// stytch.complete_scim_token_rotation("acme", "scim-connection-test-…").await?;
    /// # Ok(()) }
    /// ```
    pub async fn start_scim_token_rotation(
        &self,
        organization_id: &str,
        connection_id: &str,
    ) -> Result<ScimRotateStartResponse, StytchError> {
        self.scim_rotation(organization_id, connection_id, "start").await
    }

    /// Completes a token rotation (`POST …/rotate/complete`): the old token stops working.
    /// `scim_connection_not_rotating_token` when none was started.
    ///
    /// ```no_run
    /// # async fn f(stytch: stytch_core::backend::StytchBackend) -> Result<(), stytch_core::StytchError> {
    /// let rotated = stytch.complete_scim_token_rotation("acme", "scim-connection-test-…").await?;
    /// println!("token now …{}", rotated.connection.map(|c| c.bearer_token_last_four).unwrap_or_default());
    /// # Ok(()) }
    /// ```
    pub async fn complete_scim_token_rotation(
        &self,
        organization_id: &str,
        connection_id: &str,
    ) -> Result<ScimConnectionResponse, StytchError> {
        self.scim_rotation(organization_id, connection_id, "complete").await
    }

    /// Cancels a token rotation (`POST …/rotate/cancel`): the next token stops working and the
    /// current one stays.
    ///
    /// ```no_run
    /// # async fn f(stytch: stytch_core::backend::StytchBackend) -> Result<(), stytch_core::StytchError> {
    /// stytch.cancel_scim_token_rotation("acme", "scim-connection-test-…").await?;
    /// # Ok(()) }
    /// ```
    pub async fn cancel_scim_token_rotation(
        &self,
        organization_id: &str,
        connection_id: &str,
    ) -> Result<ScimConnectionResponse, StytchError> {
        self.scim_rotation(organization_id, connection_id, "cancel").await
    }

    async fn scim_rotation<T: serde::de::DeserializeOwned>(
        &self,
        organization_id: &str,
        connection_id: &str,
        step: &str,
    ) -> Result<T, StytchError> {
        let path = Self::scim_connection_path(organization_id, connection_id, &format!("/rotate/{step}"));
        read(self.post(&path, "{}".to_owned()).await?)
    }
}
