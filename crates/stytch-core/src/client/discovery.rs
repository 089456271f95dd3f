use stytch_models::api::{
    discovery::{
        DiscoveryOrganizationsRequest, DiscoveryOrganizationsResponse, IntermediateSessionExchangeRequest,
        OrganizationCreateViaDiscoveryRequest,
    },
    sessions::AuthenticateWithMfaResponse,
};

use super::StytchClient;
use crate::StytchError;
use crate::transport::Method;

/// `client.discovery()`: organizations reachable with the current IST or session.
///
/// ```no_run
/// # async fn run(client: &stytch_core::StytchClient) -> Result<(), stytch_core::StytchError> {
/// // After a discovery sign-in: list the organizations, then enter the first.
/// let found = client.discovery().list_organizations().await?;
/// if let Some(first) = found.discovered_organizations.first() {
///     client.discovery().exchange_intermediate_session(&first.organization.organization_id, Some(60)).await?;
/// }
/// # Ok(()) }
/// ```
pub struct Discovery<'a> {
    pub(super) client: &'a StytchClient,
}

impl Discovery<'_> {
    /// `POST discovery/organizations`: with an IST (from its cookie) or, without one, with the
    /// session in the Basic credentials.
    ///
    /// ```no_run
    /// # async fn run(client: &stytch_core::StytchClient) -> Result<(), stytch_core::StytchError> {
    /// let found = client.discovery().list_organizations().await?;
    /// for organization in &found.discovered_organizations {
    ///     println!("{} ({:?})", organization.organization.organization_name, organization.membership.membership_type);
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn list_organizations(&self) -> Result<DiscoveryOrganizationsResponse, StytchError> {
        let body = DiscoveryOrganizationsRequest {
            intermediate_session_token: self.client.store().cookies().intermediate_session_token(),
            ..Default::default()
        };
        self.client
            .request(Method::Post, "/b2b/discovery/organizations", Some(&body))
            .await
    }

    /// `POST discovery/organizations` with the session only (never a stored IST): the signed-in
    /// member's organizations, as an organization switcher lists them.
    ///
    /// ```no_run
    /// # async fn run(client: &stytch_core::StytchClient) -> Result<(), stytch_core::StytchError> {
    /// // Signed in: the other organizations this person may switch to.
    /// let found = client.discovery().list_organizations_for_session().await?;
    /// println!("{} organization(s)", found.discovered_organizations.len());
    /// # Ok(()) }
    /// ```
    pub async fn list_organizations_for_session(&self) -> Result<DiscoveryOrganizationsResponse, StytchError> {
        self.client
            .request(
                Method::Post,
                "/b2b/discovery/organizations",
                Some(&DiscoveryOrganizationsRequest::default()),
            )
            .await
    }

    /// `POST discovery/organizations/create`: creates an organization and enters it. The IST
    /// comes from its cookie and overrides any value in `request`.
    ///
    /// ```no_run
    /// use stytch_core::models::api::discovery::OrganizationCreateViaDiscoveryRequest;
    /// # async fn run(client: &stytch_core::StytchClient) -> Result<(), stytch_core::StytchError> {
    /// let created = client
    ///     .discovery()
    ///     .create_organization(OrganizationCreateViaDiscoveryRequest {
    ///         organization_name: Some("Acme".into()),
    ///         organization_slug: Some("acme".into()),
    ///         ..Default::default()
    ///     })
    ///     .await?;
    /// println!("{}", created.organization.organization_id);
    /// # Ok(()) }
    /// ```
    pub async fn create_organization(
        &self,
        request: OrganizationCreateViaDiscoveryRequest,
    ) -> Result<AuthenticateWithMfaResponse, StytchError> {
        let body = OrganizationCreateViaDiscoveryRequest {
            intermediate_session_token: self.client.store().cookies().intermediate_session_token(),
            ..request
        };
        let response: AuthenticateWithMfaResponse = self
            .client
            .request(Method::Post, "/b2b/discovery/organizations/create", Some(&body))
            .await?;
        self.client
            .store()
            .apply((&response).into(), body.session_duration_minutes);
        Ok(response)
    }

    /// `POST discovery/intermediate_sessions/exchange`: enters a discovered organization with
    /// the IST from its cookie.
    ///
    /// ```no_run
    /// # async fn run(client: &stytch_core::StytchClient) -> Result<(), stytch_core::StytchError> {
    /// let answer = client.discovery().exchange_intermediate_session("organization-test-…", Some(60)).await?;
    /// println!("signed in: {}", answer.member_authenticated);
    /// # Ok(()) }
    /// ```
    pub async fn exchange_intermediate_session(
        &self,
        organization_id: &str,
        session_duration_minutes: Option<u32>,
    ) -> Result<AuthenticateWithMfaResponse, StytchError> {
        let body = IntermediateSessionExchangeRequest {
            intermediate_session_token: self.client.store().cookies().intermediate_session_token(),
            organization_id: organization_id.to_owned(),
            session_duration_minutes,
            locale: None,
        };
        let response: AuthenticateWithMfaResponse = self
            .client
            .request(
                Method::Post,
                "/b2b/discovery/intermediate_sessions/exchange",
                Some(&body),
            )
            .await?;
        self.client.store().apply((&response).into(), session_duration_minutes);
        Ok(response)
    }
}
