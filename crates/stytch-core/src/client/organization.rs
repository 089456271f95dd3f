use stytch_models::{
    Member, Organization,
    api::organizations::{MemberResponse, OrganizationResponse},
};

use super::StytchClient;
use crate::StytchError;
use crate::session::B2BState;
use crate::transport::Method;

/// `client.organization()`: the signed-in member's organization.
pub struct Organizations<'a> {
    pub(super) client: &'a StytchClient,
}

impl Organizations<'_> {
    /// The cached organization, if signed in.
    pub fn get_sync(&self) -> Option<Organization> {
        self.client.store().organization()
    }

    /// `GET organizations/me`; updates the cached organization.
    pub async fn get(&self) -> Result<Organization, StytchError> {
        let response: OrganizationResponse = self
            .client
            .request(Method::Get, "/b2b/organizations/me", None::<&()>)
            .await?;
        let organization = response.organization;
        self.client.store().update_state(
            Some(B2BState {
                organization: Some(organization.clone()),
                ..Default::default()
            }),
            false,
        );
        Ok(organization)
    }
}

impl Organizations<'_> {
    /// `POST organizations/search` (the official `getBySlug`): the public part of the
    /// organization with this slug, before anyone signs in; `None` when there is none.
    pub async fn get_by_slug(
        &self,
        organization_slug: &str,
    ) -> Result<Option<stytch_models::api::organizations::OrganizationBySlugMatch>, StytchError> {
        let body = stytch_models::api::organizations::OrganizationSearchRequest {
            organization_slug: organization_slug.to_owned(),
        };
        let response: stytch_models::api::organizations::OrganizationSearchResponse = self
            .client
            .request(Method::Post, "/b2b/organizations/search", Some(&body))
            .await?;
        Ok(response.organization)
    }

    /// `POST organizations/me/members/search` (the official `organization.members.search`):
    /// one page of the signed-in member's organization's members that the query keeps. Needs
    /// a session whose roles allow `search` on `stytch.member` (`unauthorized_action`
    /// otherwise); `organization_ids` is ignored, the session names the organization.
    ///
    /// ```no_run
    /// # async fn run(client: &stytch_core::StytchClient) -> Result<(), stytch_core::StytchError> {
    /// use stytch_models::MemberStatus;
    /// use stytch_models::api::organizations::{MemberSearchRequest, SearchOperand, SearchQuery};
    /// let invited = client
    ///     .organization()
    ///     .search_members(&MemberSearchRequest {
    ///         query: Some(SearchQuery::all_of(vec![SearchOperand::statuses(&[MemberStatus::Invited])])),
    ///         ..Default::default()
    ///     })
    ///     .await?;
    /// for member in &invited.members {
    ///     println!("{} has not accepted yet", member.email_address);
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn search_members(
        &self,
        request: &stytch_models::api::organizations::MemberSearchRequest,
    ) -> Result<stytch_models::api::organizations::MemberSearchResponse, StytchError> {
        let body = stytch_models::api::organizations::MemberSearchRequest {
            organization_ids: None,
            ..request.clone()
        };
        self.client
            .request(Method::Post, "/b2b/organizations/me/members/search", Some(&body))
            .await
    }
}

/// `client.member()`: the signed-in member (the official `self` namespace).
pub struct Members<'a> {
    pub(super) client: &'a StytchClient,
}

impl Members<'_> {
    /// The cached member, if signed in.
    pub fn get_sync(&self) -> Option<Member> {
        self.client.store().member()
    }

    /// `GET organizations/members/me`; updates the cached member.
    pub async fn get(&self) -> Result<Member, StytchError> {
        let response: MemberResponse = self
            .client
            .request(Method::Get, "/b2b/organizations/members/me", None::<&()>)
            .await?;
        let member = response.member;
        self.client.store().update_state(
            Some(B2BState {
                member: Some(member.clone()),
                ..Default::default()
            }),
            false,
        );
        Ok(member)
    }
}
