//! SCIM (`client.scim()`): the signed-in member's organization's SCIM connection, through which
//! its identity provider provisions members and groups. What the official SDK's `scim.*` does,
//! so an organization's admins can set up provisioning from your app.

use stytch_models::api::scim::{
    CreateScimConnectionRequest, CreateScimConnectionResponse, DeleteScimConnectionResponse, ScimConnectionResponse,
    ScimGroupsRequest, ScimGroupsResponse, ScimRotateRequest, ScimRotateStartResponse, UpdateScimConnectionRequest,
};

use super::StytchClient;
use crate::StytchError;
use crate::transport::Method;
use crate::util::percent;

/// `client.scim()`: each call acts on the signed-in member's organization and needs the
/// `stytch.scim` action it names (the default `stytch_admin` holds them all;
/// `session_authorization_error` otherwise). An organization has at most one connection; its
/// bearer token is shown once, by [`create_connection`](Scim::create_connection) and
/// [`rotate_start`](Scim::rotate_start).
///
/// ```no_run
/// use stytch_core::models::api::scim::CreateScimConnectionRequest;
/// # async fn run(client: &stytch_core::StytchClient) -> Result<(), stytch_core::StytchError> {
/// let okta = CreateScimConnectionRequest { display_name: Some("Okta".into()), identity_provider: Some("okta".into()) };
/// if let Some(connection) = client.scim().create_connection(&okta).await?.connection {
///     // Show these to the admin once: the identity provider needs both.
///     println!("base URL {}", connection.base_url);
///     let token_to_copy = connection.bearer_token;
///     # drop(token_to_copy);
/// }
/// # Ok(()) }
/// ```
pub struct Scim<'a> {
    pub(super) client: &'a StytchClient,
}

impl Scim<'_> {
    /// `POST scim` (`scim.createConnection`; `create`): the organization's connection, with
    /// its bearer token. A second one is `active_scim_connection_exists`.
    ///
    /// ```no_run
    /// # async fn run(client: &stytch_core::StytchClient) -> Result<(), stytch_core::StytchError> {
    /// let created = client.scim().create_connection(&Default::default()).await?;
    /// assert_eq!(created.connection.map(|c| c.identity_provider).as_deref(), Some("generic"));
    /// # Ok(()) }
    /// ```
    pub async fn create_connection(
        &self,
        request: &CreateScimConnectionRequest,
    ) -> Result<CreateScimConnectionResponse, StytchError> {
        self.client.request(Method::Post, "/b2b/scim", Some(request)).await
    }

    /// `GET scim` (`scim.getConnection`; `get`): the connection, with its token's last four
    /// characters; `no_active_scim_connection` when there is none.
    ///
    /// ```no_run
    /// # async fn run(client: &stytch_core::StytchClient) -> Result<(), stytch_core::StytchError> {
    /// if let Some(c) = client.scim().get_connection().await?.connection {
    ///     println!("{} ({}), token …{}", c.display_name, c.identity_provider, c.bearer_token_last_four);
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn get_connection(&self) -> Result<ScimConnectionResponse, StytchError> {
        self.client.request(Method::Get, "/b2b/scim", None::<&()>).await
    }

    /// `PUT scim/{connection_id}` (`scim.updateConnection`; `update`, and to change the group
    /// role assignments also `update.settings.implicit-roles` on `stytch.organization`).
    /// Fields left out stay as they are; assignments must name groups the identity provider
    /// pushed (see [`get_connection_groups`](Self::get_connection_groups)).
    ///
    /// ```no_run
    /// use stytch_core::models::api::scim::{ScimGroupRoleAssignment, UpdateScimConnectionRequest};
    /// # async fn run(client: &stytch_core::StytchClient, connection_id: &str, group_id: &str) -> Result<(), stytch_core::StytchError> {
    /// let request = UpdateScimConnectionRequest {
    ///     connection_id: connection_id.into(),
    ///     scim_group_implicit_role_assignments: Some(vec![ScimGroupRoleAssignment {
    ///         role_id: "editor".into(),
    ///         group_id: group_id.into(),
    ///         group_name: None,
    ///     }]),
    ///     ..Default::default()
    /// };
    /// client.scim().update_connection(&request).await?;
    /// # Ok(()) }
    /// ```
    pub async fn update_connection(
        &self,
        request: &UpdateScimConnectionRequest,
    ) -> Result<ScimConnectionResponse, StytchError> {
        let path = format!("/b2b/scim/{}", percent::encode(&request.connection_id));
        self.client.request(Method::Put, &path, Some(request)).await
    }

    /// `DELETE scim/{connection_id}` (`scim.deleteConnection`; `delete`): its tokens stop
    /// working.
    ///
    /// ```no_run
    /// # async fn run(client: &stytch_core::StytchClient) -> Result<(), stytch_core::StytchError> {
    /// if let Some(c) = client.scim().get_connection().await?.connection {
    ///     client.scim().delete_connection(&c.connection_id).await?;
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn delete_connection(&self, connection_id: &str) -> Result<DeleteScimConnectionResponse, StytchError> {
        let path = format!("/b2b/scim/{}", percent::encode(connection_id));
        self.client.request(Method::Delete, &path, None::<&()>).await
    }

    /// `POST scim/groups` (`scim.getConnectionGroups`; `get`): one page of the groups the
    /// identity provider pushed; pass `next_cursor` back for the next.
    ///
    /// ```no_run
    /// use stytch_core::models::api::scim::ScimGroupsRequest;
    /// # async fn run(client: &stytch_core::StytchClient) -> Result<(), stytch_core::StytchError> {
    /// let mut request = ScimGroupsRequest { limit: Some(100), cursor: None };
    /// loop {
    ///     let page = client.scim().get_connection_groups(&request).await?;
    ///     for group in &page.scim_groups {
    ///         println!("{}", group.group_name);
    ///     }
    ///     match page.next_cursor {
    ///         Some(cursor) => request.cursor = Some(cursor),
    ///         None => break,
    ///     }
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn get_connection_groups(&self, request: &ScimGroupsRequest) -> Result<ScimGroupsResponse, StytchError> {
        self.client
            .request(Method::Post, "/b2b/scim/groups", Some(request))
            .await
    }

    /// `POST scim/rotate/start` (`scim.rotateStart`; `update`): a next token beside the
    /// current one, shown this once. Both work until the rotation completes or is cancelled.
    ///
    /// ```no_run
    /// # async fn run(client: &stytch_core::StytchClient, connection_id: &str) -> Result<(), stytch_core::StytchError> {
    /// let started = client.scim().rotate_start(connection_id).await?;
    /// if let Some(c) = started.connection {
    ///     println!("give the identity provider the new token, then complete: …{}", &c.next_bearer_token[c.next_bearer_token.len().saturating_sub(4)..]);
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn rotate_start(&self, connection_id: &str) -> Result<ScimRotateStartResponse, StytchError> {
        self.rotate("/b2b/scim/rotate/start", connection_id).await
    }

    /// `POST scim/rotate/complete` (`scim.rotateComplete`; `update`): the next token replaces
    /// the current one, which stops working. Without a rotation:
    /// `scim_connection_not_rotating_token`.
    ///
    /// ```no_run
    /// # async fn run(client: &stytch_core::StytchClient, connection_id: &str) -> Result<(), stytch_core::StytchError> {
    /// let done = client.scim().rotate_complete(connection_id).await?;
    /// assert!(done.connection.is_some_and(|c| c.next_bearer_token_last_four.is_none()));
    /// # Ok(()) }
    /// ```
    pub async fn rotate_complete(&self, connection_id: &str) -> Result<ScimConnectionResponse, StytchError> {
        self.rotate("/b2b/scim/rotate/complete", connection_id).await
    }

    /// `POST scim/rotate/cancel` (`scim.rotateCancel`; `update`): the next token is dropped;
    /// the current one stays.
    ///
    /// ```no_run
    /// # async fn run(client: &stytch_core::StytchClient, connection_id: &str) -> Result<(), stytch_core::StytchError> {
    /// client.scim().rotate_cancel(connection_id).await?;
    /// # Ok(()) }
    /// ```
    pub async fn rotate_cancel(&self, connection_id: &str) -> Result<ScimConnectionResponse, StytchError> {
        self.rotate("/b2b/scim/rotate/cancel", connection_id).await
    }

    async fn rotate<R>(&self, path: &str, connection_id: &str) -> Result<R, StytchError>
    where
        R: stytch_models::json::FromJson + serde::de::DeserializeOwned + PartialEq,
    {
        let body = ScimRotateRequest {
            connection_id: connection_id.to_owned(),
        };
        self.client.request(Method::Post, path, Some(&body)).await
    }
}
