//! Managing organizations and their members from a server (`/v1/b2b/organizations…`): what an
//! admin console, a provisioning job or a sync from your own user store does without npm
//! `stytch` or raw REST. Wherever these take an organization ID, its slug or external ID will
//! do, and a member's external ID stands in for its member ID, as Stytch allows.

use serde::Serialize;
use serde_json::{Map, Value};
use stytch_models::api::magic_links::InviteRequest;
use stytch_models::api::organizations::{
    MemberCreateRequest, MemberResponse, MemberSearchRequest, MemberSearchResponse, MemberUpdateRequest,
    OrganizationCreateRequest, OrganizationResponse, OrganizationUpdateRequest, StartEmailUpdateRequest,
    UnlinkRetiredEmailRequest,
};
use stytch_models::{Member, Organization};

use super::{StytchBackend, body, read};
use crate::StytchError;
use crate::util::percent;

/// What [`StytchBackend::update_organization`] changes: the settings an admin may change from
/// the browser too, and what only a server may. Fields left `None` stay as they are.
///
/// ```
/// use stytch_core::backend::OrganizationUpdate;
/// use stytch_models::api::organizations::OrganizationUpdateRequest;
/// // A billing job records the plan where session templates and your API read it.
/// let update = OrganizationUpdate {
///     trusted_metadata: Some(serde_json::json!({ "plan": "enterprise" }).as_object().unwrap().clone()),
///     settings: OrganizationUpdateRequest { organization_name: Some("Acme Europe".into()), ..Default::default() },
///     ..Default::default()
/// };
/// assert!(update.organization_external_id.is_none());
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct OrganizationUpdate {
    /// Name, slug, logo and policies.
    #[serde(flatten)]
    pub settings: OrganizationUpdateRequest,
    /// Your own data about the organization (replacing it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trusted_metadata: Option<Map<String, Value>>,
    /// Your system's ID for it, unique in the project; empty removes it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub organization_external_id: Option<String>,
    /// The email domains it claims (replacing them).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub claimed_email_domains: Option<Vec<String>>,
}

/// What [`StytchBackend::update_member`] changes: the fields of the browser's member update
/// (with its `unlink_email` and `preserve_existing_sessions`) and what only a server may.
/// Fields left `None` stay as they are.
///
/// ```
/// use stytch_core::backend::MemberUpdate;
/// use stytch_models::api::organizations::MemberUpdateRequest;
/// // Link the member to your HR system's record and make them an admin.
/// let update = MemberUpdate {
///     external_id: Some("hr-1042".into()),
///     update: MemberUpdateRequest { roles: Some(vec!["stytch_admin".into()]), ..Default::default() },
///     ..Default::default()
/// };
/// assert!(update.trusted_metadata.is_none());
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct MemberUpdate {
    /// Name, roles, MFA settings, address.
    #[serde(flatten)]
    pub update: MemberUpdateRequest,
    /// Your own data about the member (replacing it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trusted_metadata: Option<Map<String, Value>>,
    /// Your system's ID for them, unique in the organization; empty removes it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub external_id: Option<String>,
}

/// An organization search ([`StytchBackend::search_organizations`]): `query` keeps the
/// organizations it matches (`SearchOperand::organization_slugs`, `organization_name_fuzzy`,
/// `member_emails`, `allowed_domains`, `has_active_sso_connection`, …; every organization
/// without one), `limit` per page (Stytch's default 100, at most 1000), from `cursor` (the
/// last page's `next_cursor`).
///
/// ```
/// use stytch_core::backend::OrganizationSearch;
/// use stytch_models::api::organizations::{SearchOperand, SearchQuery};
/// // The customers who signed up with an acme.example address and still have no SSO.
/// let search = OrganizationSearch {
///     query: Some(SearchQuery::all_of(vec![
///         SearchOperand::allowed_domains(&["acme.example"]),
///         SearchOperand::has_active_sso_connection(false),
///     ])),
///     ..Default::default()
/// };
/// assert!(search.cursor.is_none(), "the first page");
/// ```
pub type OrganizationSearch = super::BackendSearch;

/// The organizations a search found, one page at a time, in the order they were created.
///
/// ```
/// use stytch_core::backend::OrganizationPage;
/// let page = OrganizationPage { total: 250, next_cursor: Some("100".into()), ..Default::default() };
/// assert!(page.next_cursor.is_some(), "more to fetch");
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
pub struct OrganizationPage {
    /// This page's organizations.
    pub organizations: Vec<Organization>,
    /// How many organizations the query matches in all.
    pub total: u64,
    /// The cursor of the next page; `None` on the last.
    pub next_cursor: Option<String>,
}

fn organization_in(answer: Value) -> Result<Organization, StytchError> {
    Ok(read::<OrganizationResponse>(answer)?.organization)
}

fn member_in(answer: Value) -> Result<Member, StytchError> {
    Ok(read::<MemberResponse>(answer)?.member)
}

impl StytchBackend {
    fn organization_path(organization_id: &str, rest: &str) -> String {
        format!("/v1/b2b/organizations/{}{rest}", percent::encode(organization_id))
    }

    fn member_path(organization_id: &str, member_id: &str, rest: &str) -> String {
        let member = format!("/members/{}{rest}", percent::encode(member_id));
        Self::organization_path(organization_id, &member)
    }

    /// One organization (`GET /v1/b2b/organizations/{organization_id}`), by ID, slug or
    /// external ID; `organization_not_found` (404) when there is none.
    ///
    /// ```no_run
    /// # async fn f(stytch: stytch_core::backend::StytchBackend) -> Result<(), stytch_core::StytchError> {
    /// let acme = stytch.organization("crm|acme-1").await?;
    /// println!("{} is on the {} plan", acme.organization_name, acme.trusted_metadata["plan"]);
    /// # Ok(()) }
    /// ```
    pub async fn organization(&self, organization_id: &str) -> Result<Organization, StytchError> {
        organization_in(self.get(&Self::organization_path(organization_id, "")).await?)
    }

    /// One page of the project's organizations (`POST /v1/b2b/organizations/search`): an
    /// admin console's customer list, or a job that finds the organizations a rule applies to.
    /// A malformed filter is refused by Stytch's name (`organization_search_…`).
    ///
    /// ```no_run
    /// use stytch_core::backend::OrganizationSearch;
    /// use stytch_models::api::organizations::{SearchOperand, SearchQuery};
    /// # async fn f(stytch: stytch_core::backend::StytchBackend) -> Result<(), stytch_core::StytchError> {
    /// // Every organization whose name contains "acme", page by page.
    /// let mut search = OrganizationSearch {
    ///     query: Some(SearchQuery::all_of(vec![SearchOperand::organization_name_fuzzy("acme")])),
    ///     ..Default::default()
    /// };
    /// loop {
    ///     let page = stytch.search_organizations(&search).await?;
    ///     page.organizations.iter().for_each(|o| println!("{} ({})", o.organization_name, o.organization_slug));
    ///     match page.next_cursor {
    ///         Some(cursor) => search.cursor = Some(cursor),
    ///         None => break,
    ///     }
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn search_organizations(&self, search: &OrganizationSearch) -> Result<OrganizationPage, StytchError> {
        let mut answer = self.post("/v1/b2b/organizations/search", body(search)?).await?;
        let organizations = answer.get_mut("organizations").map(Value::take).unwrap_or_default();
        let (total, next_cursor) = super::results_metadata(&answer);
        Ok(OrganizationPage {
            organizations: read(organizations)?,
            total,
            next_cursor,
        })
    }

    /// How many members an organization has (`GET …/{organization_id}/metrics`), deleted
    /// members not counted: for a seat count or a billing job.
    ///
    /// ```no_run
    /// # async fn f(stytch: stytch_core::backend::StytchBackend) -> Result<(), stytch_core::StytchError> {
    /// let seats = stytch.organization_member_count("acme").await?;
    /// println!("acme uses {seats} seats");
    /// # Ok(()) }
    /// ```
    pub async fn organization_member_count(&self, organization_id: &str) -> Result<u64, StytchError> {
        let answer = self.get(&Self::organization_path(organization_id, "/metrics")).await?;
        answer["member_count"]
            .as_u64()
            .ok_or_else(|| StytchError::InvalidResponse("the answer has no member_count".into()))
    }

    /// Creates an organization (`POST /v1/b2b/organizations`). Refusals carry Stytch's names
    /// (`organization_slug_already_used`, `organization_external_id_already_used`, …).
    ///
    /// ```no_run
    /// use stytch_models::api::organizations::OrganizationCreateRequest;
    /// # async fn f(stytch: stytch_core::backend::StytchBackend) -> Result<(), stytch_core::StytchError> {
    /// let acme = stytch
    ///     .create_organization(&OrganizationCreateRequest {
    ///         organization_name: "Acme".into(),
    ///         organization_slug: Some("acme".into()),
    ///         organization_external_id: Some("crm|acme-1".into()),
    ///         ..Default::default()
    ///     })
    ///     .await?;
    /// println!("created {}", acme.organization_id);
    /// # Ok(()) }
    /// ```
    pub async fn create_organization(&self, request: &OrganizationCreateRequest) -> Result<Organization, StytchError> {
        organization_in(self.post("/v1/b2b/organizations", body(request)?).await?)
    }

    /// Changes an organization (`PUT /v1/b2b/organizations/{organization_id}`): only the
    /// fields given. Nothing changes when any is refused.
    ///
    /// ```no_run
    /// use stytch_core::backend::OrganizationUpdate;
    /// # async fn f(stytch: stytch_core::backend::StytchBackend) -> Result<(), stytch_core::StytchError> {
    /// let plan = serde_json::json!({ "plan": "enterprise" }).as_object().cloned();
    /// let update = OrganizationUpdate { trusted_metadata: plan, ..Default::default() };
    /// let acme = stytch.update_organization("acme", &update).await?;
    /// assert_eq!(acme.trusted_metadata["plan"], "enterprise");
    /// # Ok(()) }
    /// ```
    pub async fn update_organization(
        &self,
        organization_id: &str,
        update: &OrganizationUpdate,
    ) -> Result<Organization, StytchError> {
        organization_in(
            self.put(&Self::organization_path(organization_id, ""), body(update)?)
                .await?,
        )
    }

    /// Deletes an organization (`DELETE /v1/b2b/organizations/{organization_id}`) with its
    /// members; every session in it ends.
    ///
    /// ```no_run
    /// # async fn f(stytch: stytch_core::backend::StytchBackend) -> Result<(), stytch_core::StytchError> {
    /// stytch.delete_organization("organization-test-…").await?;
    /// # Ok(()) }
    /// ```
    pub async fn delete_organization(&self, organization_id: &str) -> Result<(), StytchError> {
        self.delete(&Self::organization_path(organization_id, ""))
            .await
            .map(drop)
    }

    /// One member of an organization (`GET …/{organization_id}/member?member_id=…`), by member
    /// ID or external ID; `member_not_found` (404) when there is none.
    ///
    /// ```no_run
    /// # async fn f(stytch: stytch_core::backend::StytchBackend) -> Result<(), stytch_core::StytchError> {
    /// let ada = stytch.member("acme", "hr-1042").await?;
    /// println!("{} <{}>", ada.name, ada.email_address);
    /// # Ok(()) }
    /// ```
    pub async fn member(&self, organization_id: &str, member_id: &str) -> Result<Member, StytchError> {
        let query = format!("/member?member_id={}", percent::encode(member_id));
        member_in(self.get(&Self::organization_path(organization_id, &query)).await?)
    }

    /// The organization's member with this address (`GET …/{organization_id}/member?email_address=…`);
    /// `member_not_found` (404) when there is none.
    ///
    /// ```no_run
    /// # async fn f(stytch: stytch_core::backend::StytchBackend) -> Result<(), stytch_core::StytchError> {
    /// let ada = stytch.member_by_email("acme", "ada@acme.example").await?;
    /// println!("{} is {}", ada.member_id, ada.status.as_str());
    /// # Ok(()) }
    /// ```
    pub async fn member_by_email(&self, organization_id: &str, email_address: &str) -> Result<Member, StytchError> {
        let query = format!("/member?email_address={}", percent::encode(email_address));
        member_in(self.get(&Self::organization_path(organization_id, &query)).await?)
    }

    /// Adds a member (`POST …/{organization_id}/members`), active unless
    /// `create_member_as_pending`. Refusals carry Stytch's names (`duplicate_member_email`,
    /// `retired_member_email`, `duplicate_member_external_id`, …).
    ///
    /// ```no_run
    /// use stytch_models::api::organizations::MemberCreateRequest;
    /// # async fn f(stytch: stytch_core::backend::StytchBackend) -> Result<(), stytch_core::StytchError> {
    /// let grace = stytch
    ///     .create_member("acme", &MemberCreateRequest {
    ///         email_address: "grace@acme.example".into(),
    ///         external_id: Some("hr-1043".into()),
    ///         ..Default::default()
    ///     })
    ///     .await?;
    /// println!("added {}", grace.member_id);
    /// # Ok(()) }
    /// ```
    pub async fn create_member(
        &self,
        organization_id: &str,
        request: &MemberCreateRequest,
    ) -> Result<Member, StytchError> {
        member_in(
            self.post(&Self::organization_path(organization_id, "/members"), body(request)?)
                .await?,
        )
    }

    /// Changes a member (`PUT …/{organization_id}/members/{member_id}`): only the fields given.
    /// A new address takes the member's password and retires the old address (deletes it with
    /// `unlink_email`); removing a direct role that an SSO connection also grants ends the
    /// member's sessions through that connection unless `preserve_existing_sessions`.
    ///
    /// ```no_run
    /// use stytch_core::backend::MemberUpdate;
    /// use stytch_models::api::organizations::MemberUpdateRequest;
    /// # async fn f(stytch: stytch_core::backend::StytchBackend) -> Result<(), stytch_core::StytchError> {
    /// let update = MemberUpdate {
    ///     update: MemberUpdateRequest { name: Some("Ada Lovelace".into()), ..Default::default() },
    ///     ..Default::default()
    /// };
    /// let ada = stytch.update_member("acme", "hr-1042", &update).await?;
    /// assert_eq!(ada.name, "Ada Lovelace");
    /// # Ok(()) }
    /// ```
    pub async fn update_member(
        &self,
        organization_id: &str,
        member_id: &str,
        update: &MemberUpdate,
    ) -> Result<Member, StytchError> {
        member_in(
            self.put(&Self::member_path(organization_id, member_id, ""), body(update)?)
                .await?,
        )
    }

    /// Deletes a member (`DELETE …/{organization_id}/members/{member_id}`): their status
    /// becomes `deleted` and their sessions end; [`StytchBackend::reactivate_member`] undoes it.
    ///
    /// ```no_run
    /// # async fn f(stytch: stytch_core::backend::StytchBackend) -> Result<(), stytch_core::StytchError> {
    /// stytch.delete_member("acme", "hr-1042").await?;
    /// # Ok(()) }
    /// ```
    pub async fn delete_member(&self, organization_id: &str, member_id: &str) -> Result<(), StytchError> {
        self.delete(&Self::member_path(organization_id, member_id, ""))
            .await
            .map(drop)
    }

    /// Brings a deleted member back (`PUT …/{organization_id}/members/{member_id}/reactivate`),
    /// active, unless another member took their address meanwhile.
    ///
    /// ```no_run
    /// # async fn f(stytch: stytch_core::backend::StytchBackend) -> Result<(), stytch_core::StytchError> {
    /// let back = stytch.reactivate_member("acme", "member-test-…").await?;
    /// assert_eq!(back.status.as_str(), "active");
    /// # Ok(()) }
    /// ```
    pub async fn reactivate_member(&self, organization_id: &str, member_id: &str) -> Result<Member, StytchError> {
        let path = Self::member_path(organization_id, member_id, "/reactivate");
        member_in(self.put(&path, String::from("{}")).await?)
    }

    /// Searches members (`POST /v1/b2b/organizations/members/search`) of the organizations
    /// named in `organization_ids` (required), one page at a time.
    ///
    /// ```no_run
    /// use stytch_models::api::organizations::{MemberSearchRequest, SearchOperand, SearchQuery};
    /// # async fn f(stytch: stytch_core::backend::StytchBackend, acme_id: String) -> Result<(), stytch_core::StytchError> {
    /// // Acme's admins, 100 at a time.
    /// let mut request = MemberSearchRequest {
    ///     organization_ids: Some(vec![acme_id]),
    ///     query: Some(SearchQuery::all_of(vec![SearchOperand::member_roles(&["stytch_admin"])])),
    ///     ..Default::default()
    /// };
    /// loop {
    ///     let page = stytch.search_members(&request).await?;
    ///     page.members.iter().for_each(|m| println!("{}", m.email_address));
    ///     match page.results_metadata.next_cursor {
    ///         Some(cursor) => request.cursor = Some(cursor),
    ///         None => break,
    ///     }
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn search_members(&self, request: &MemberSearchRequest) -> Result<MemberSearchResponse, StytchError> {
        let answer = self
            .post("/v1/b2b/organizations/members/search", body(request)?)
            .await?;
        read(answer)
    }

    /// Invites someone to an organization (`POST /v1/b2b/magic_links/email/invite`, the
    /// organization in `request.organization_id`): an `invited` member, and an email with a link
    /// that signs them in and makes them active. The organization's `email_invites` policy
    /// applies (`invalid_email_for_invites`); an active member's address is
    /// `duplicate_member_email`.
    ///
    /// ```no_run
    /// use stytch_models::api::magic_links::InviteRequest;
    /// # async fn f(stytch: stytch_core::backend::StytchBackend) -> Result<(), stytch_core::StytchError> {
    /// let invited = stytch
    ///     .invite_member(&InviteRequest {
    ///         organization_id: "acme".into(),
    ///         email_address: "grace@acme.example".into(),
    ///         roles: Some(vec!["editor".into()]),
    ///         ..Default::default()
    ///     })
    ///     .await?;
    /// assert_eq!(invited.status.as_str(), "invited");
    /// # Ok(()) }
    /// ```
    pub async fn invite_member(&self, request: &InviteRequest) -> Result<Member, StytchError> {
        member_in(self.post("/v1/b2b/magic_links/email/invite", body(request)?).await?)
    }

    /// Starts moving a member to a new address (`POST …/members/{member_id}/start_email_update`):
    /// a link (or, with `delivery_method: EMAIL_OTP`, a code) goes to the new address, and
    /// nothing changes until the member proves it. The member as they are now.
    ///
    /// ```no_run
    /// use stytch_models::api::organizations::StartEmailUpdateRequest;
    /// # async fn f(stytch: stytch_core::backend::StytchBackend) -> Result<(), stytch_core::StytchError> {
    /// let request = StartEmailUpdateRequest { email_address: "ada@new.example".into(), ..Default::default() };
    /// let ada = stytch.start_member_email_update("acme", "hr-1042", &request).await?;
    /// assert_ne!(ada.email_address, "ada@new.example", "not before the link is opened");
    /// # Ok(()) }
    /// ```
    pub async fn start_member_email_update(
        &self,
        organization_id: &str,
        member_id: &str,
        request: &StartEmailUpdateRequest,
    ) -> Result<Member, StytchError> {
        let path = Self::member_path(organization_id, member_id, "/start_email_update");
        member_in(self.post(&path, body(request)?).await?)
    }

    /// Frees one of a member's retired addresses (`POST …/members/{member_id}/unlink_retired_email`,
    /// by `email_id`, address or both) so another member may take it.
    ///
    /// ```no_run
    /// use stytch_models::api::organizations::UnlinkRetiredEmailRequest;
    /// # async fn f(stytch: stytch_core::backend::StytchBackend) -> Result<(), stytch_core::StytchError> {
    /// let old = UnlinkRetiredEmailRequest { email_address: Some("ada@old.example".into()), ..Default::default() };
    /// let ada = stytch.unlink_member_retired_email("acme", "hr-1042", &old).await?;
    /// assert!(ada.retired_email_addresses.is_empty());
    /// # Ok(()) }
    /// ```
    pub async fn unlink_member_retired_email(
        &self,
        organization_id: &str,
        member_id: &str,
        request: &UnlinkRetiredEmailRequest,
    ) -> Result<Member, StytchError> {
        let path = Self::member_path(organization_id, member_id, "/unlink_retired_email");
        member_in(self.post(&path, body(request)?).await?)
    }

    /// Removes a member's MFA phone number (`DELETE …/members/mfa_phone_numbers/{member_id}`),
    /// for one who lost their phone; `member_phone_number_not_found` when they have none.
    ///
    /// ```no_run
    /// # async fn f(stytch: stytch_core::backend::StytchBackend) -> Result<(), stytch_core::StytchError> {
    /// let ada = stytch.delete_member_mfa_phone_number("acme", "hr-1042").await?;
    /// assert!(ada.mfa_phone_number.is_empty());
    /// # Ok(()) }
    /// ```
    pub async fn delete_member_mfa_phone_number(
        &self,
        organization_id: &str,
        member_id: &str,
    ) -> Result<Member, StytchError> {
        let path = format!("/members/mfa_phone_numbers/{}", percent::encode(member_id));
        member_in(self.delete(&Self::organization_path(organization_id, &path)).await?)
    }

    /// Removes a member's authenticator app and its recovery codes
    /// (`DELETE …/members/{member_id}/totp`); `totp_not_found` when they have none.
    ///
    /// ```no_run
    /// # async fn f(stytch: stytch_core::backend::StytchBackend) -> Result<(), stytch_core::StytchError> {
    /// let ada = stytch.delete_member_totp("acme", "hr-1042").await?;
    /// assert!(ada.totp_registration_id.is_empty());
    /// # Ok(()) }
    /// ```
    pub async fn delete_member_totp(&self, organization_id: &str, member_id: &str) -> Result<Member, StytchError> {
        member_in(
            self.delete(&Self::member_path(organization_id, member_id, "/totp"))
                .await?,
        )
    }

    /// Removes a member's password (`DELETE …/members/passwords/{member_password_id}`, the ID in
    /// the member's `member_password_id`); `member_password_not_found` otherwise.
    ///
    /// ```no_run
    /// # async fn f(stytch: stytch_core::backend::StytchBackend) -> Result<(), stytch_core::StytchError> {
    /// let ada = stytch.member("acme", "hr-1042").await?;
    /// let ada = stytch.delete_member_password("acme", &ada.member_password_id).await?;
    /// assert!(ada.member_password_id.is_empty());
    /// # Ok(()) }
    /// ```
    pub async fn delete_member_password(
        &self,
        organization_id: &str,
        member_password_id: &str,
    ) -> Result<Member, StytchError> {
        let path = format!("/members/passwords/{}", percent::encode(member_password_id));
        member_in(self.delete(&Self::organization_path(organization_id, &path)).await?)
    }
}
