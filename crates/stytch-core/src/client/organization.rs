use stytch_models::{
    Member, Organization,
    api::organizations::{
        MemberCreateRequest, MemberResponse, MemberUpdateRequest, OrganizationResponse, OrganizationUpdateRequest,
        StartEmailUpdateRequest, UnlinkRetiredEmailRequest,
    },
};

use stytch_models::api::{
    ResponseCommon,
    idp::{MemberConnectedAppsResponse, OrganizationConnectedAppResponse, OrganizationConnectedAppsResponse},
};

use super::StytchClient;
use crate::StytchError;
use crate::session::B2BState;
use crate::transport::Method;
use crate::util::percent;

/// `client.organization()`: the signed-in member's organization.
///
/// ```no_run
/// use stytch_core::models::api::organizations::OrganizationUpdateRequest;
/// # async fn run(client: &stytch_core::StytchClient) -> Result<(), stytch_core::StytchError> {
/// let organization = client.organization().get().await?;
/// let renamed = client
///     .organization()
///     .update(&OrganizationUpdateRequest {
///         organization_name: Some(format!("{} (EU)", organization.organization_name)),
///         ..Default::default()
///     })
///     .await?;
/// println!("{}", renamed.organization_name);
/// # Ok(()) }
/// ```
pub struct Organizations<'a> {
    pub(super) client: &'a StytchClient,
}

impl Organizations<'_> {
    /// `GET organizations/connected_apps` (the official `organization.getConnectedApps`): the
    /// connected apps some member of the organization has granted and not revoked.
    ///
    /// ```no_run
    /// # async fn run(client: &stytch_core::StytchClient) -> Result<(), stytch_core::StytchError> {
    /// for app in client.organization().connected_apps().await?.connected_apps {
    ///     println!("{} ({})", app.name, app.client_type);
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn connected_apps(&self) -> Result<OrganizationConnectedAppsResponse, StytchError> {
        self.client
            .request(Method::Get, "/b2b/organizations/connected_apps", None::<&()>)
            .await
    }

    /// `GET organizations/connected_apps/{connected_app_id}` (the official
    /// `organization.getConnectedApp`): the app and the members who granted it, with their scopes.
    ///
    /// ```no_run
    /// # async fn run(client: &stytch_core::StytchClient) -> Result<(), stytch_core::StytchError> {
    /// let app = client.organization().connected_app("connected-app-test-…").await?;
    /// println!("{} members use {}", app.active_members.len(), app.name);
    /// # Ok(()) }
    /// ```
    pub async fn connected_app(&self, connected_app_id: &str) -> Result<OrganizationConnectedAppResponse, StytchError> {
        let path = format!(
            "/b2b/organizations/connected_apps/{}",
            percent::encode(connected_app_id)
        );
        self.client.request(Method::Get, &path, None::<&()>).await
    }

    /// `GET organizations/members/{member_id}/connected_apps` (`organizations.members.getConnectedApps`;
    /// `stytch.member` `get`): the apps another member granted.
    ///
    /// ```no_run
    /// # async fn run(client: &stytch_core::StytchClient) -> Result<(), stytch_core::StytchError> {
    /// let theirs = client.organization().member_connected_apps("member-test-…").await?;
    /// # drop(theirs);
    /// # Ok(()) }
    /// ```
    pub async fn member_connected_apps(&self, member_id: &str) -> Result<MemberConnectedAppsResponse, StytchError> {
        let path = format!(
            "/b2b/organizations/members/{}/connected_apps",
            percent::encode(member_id)
        );
        self.client.request(Method::Get, &path, None::<&()>).await
    }

    /// `POST organizations/members/{member_id}/connected_apps/{connected_app_id}/revoke`
    /// (`organizations.members.revokeConnectedApp`; `stytch.member` `update`): the app loses
    /// that member's access; its refresh tokens stop working and its access tokens introspect
    /// inactive.
    ///
    /// ```no_run
    /// # async fn run(client: &stytch_core::StytchClient) -> Result<(), stytch_core::StytchError> {
    /// client.organization().revoke_member_connected_app("member-test-…", "connected-app-test-…").await?;
    /// # Ok(()) }
    /// ```
    pub async fn revoke_member_connected_app(
        &self,
        member_id: &str,
        connected_app_id: &str,
    ) -> Result<ResponseCommon, StytchError> {
        let path = format!(
            "/b2b/organizations/members/{}/connected_apps/{}/revoke",
            percent::encode(member_id),
            percent::encode(connected_app_id)
        );
        self.client.request(Method::Post, &path, None::<&()>).await
    }

    /// The cached organization, if signed in.
    ///
    /// ```no_run
    /// # async fn run(client: &stytch_core::StytchClient) -> Result<(), stytch_core::StytchError> {
    /// let name = client.organization().get_sync().map(|o| o.organization_name);
    /// # drop(name);
    /// # Ok(()) }
    /// ```
    pub fn get_sync(&self) -> Option<Organization> {
        self.client.store().organization()
    }

    /// `GET organizations/me`; updates the cached organization.
    ///
    /// ```no_run
    /// # async fn run(client: &stytch_core::StytchClient) -> Result<(), stytch_core::StytchError> {
    /// let organization = client.organization().get().await?;
    /// println!("MFA policy: {}", organization.mfa_policy);
    /// # Ok(()) }
    /// ```
    pub async fn get(&self) -> Result<Organization, StytchError> {
        self.own(Method::Get, None).await
    }

    /// The signed-in member's organization, read or written, and cached.
    async fn own(&self, method: Method, body: Option<&OrganizationUpdateRequest>) -> Result<Organization, StytchError> {
        let response: OrganizationResponse = self.client.request(method, "/b2b/organizations/me", body).await?;
        remember(self.client, None, Some(response.organization.clone()));
        Ok(response.organization)
    }
}

impl Organizations<'_> {
    /// `POST organizations/search` (the official `getBySlug`): the public part of the
    /// organization with this slug, before anyone signs in; `None` when there is none.
    ///
    /// ```no_run
    /// # async fn run(client: &stytch_core::StytchClient) -> Result<(), stytch_core::StytchError> {
    /// match client.organization().get_by_slug("acme").await? {
    ///     Some(found) => println!("{} accepts {:?}", found.organization_name, found.allowed_auth_methods),
    ///     None => println!("no such organization"),
    /// }
    /// # Ok(()) }
    /// ```
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
    /// a session whose roles allow `search` on `stytch.member` (`session_authorization_error`
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

/// Member and organization management, for members whose roles allow it (each call answers
/// `session_authorization_error` otherwise, naming the permission missing).
impl Organizations<'_> {
    /// `PUT organizations/me` (the official `organization.update`): needs the
    /// `stytch.organization` action of each field set (`update.info.name` for the name, …);
    /// updates the cached organization.
    ///
    /// ```no_run
    /// # async fn run(client: &stytch_core::StytchClient) -> Result<(), stytch_core::StytchError> {
    /// use stytch_models::api::organizations::OrganizationUpdateRequest;
    /// let renamed = OrganizationUpdateRequest { organization_name: Some("Acme Inc".into()), ..Default::default() };
    /// client.organization().update(&renamed).await?;
    /// # Ok(()) }
    /// ```
    pub async fn update(&self, request: &OrganizationUpdateRequest) -> Result<Organization, StytchError> {
        self.own(Method::Put, Some(request)).await
    }

    /// `POST organizations/members` (`organization.members.create`): a member of the
    /// signed-in member's organization; needs `create` on `stytch.member`.
    ///
    /// ```no_run
    /// use stytch_core::models::api::organizations::MemberCreateRequest;
    /// # async fn run(client: &stytch_core::StytchClient) -> Result<(), stytch_core::StytchError> {
    /// let request = MemberCreateRequest { email_address: "grace@acme.example".into(), ..Default::default() };
    /// let created = client.organization().create_member(&request).await?;
    /// println!("{}", created.member_id);
    /// # Ok(()) }
    /// ```
    pub async fn create_member(&self, request: &MemberCreateRequest) -> Result<MemberResponse, StytchError> {
        self.client
            .request(Method::Post, "/b2b/organizations/members", Some(request))
            .await
    }

    /// `PUT organizations/members/{member_id}` (`organization.members.update`): needs the
    /// `stytch.member` action of each field set; one's own name, phone and MFA settings need
    /// only `stytch.self`, but one's own roles still need `stytch.member`. Updates the cached
    /// member when it is the signed-in one.
    ///
    /// ```no_run
    /// # async fn run(client: &stytch_core::StytchClient) -> Result<(), stytch_core::StytchError> {
    /// use stytch_models::api::organizations::MemberUpdateRequest;
    /// let promote = MemberUpdateRequest { roles: Some(vec!["stytch_admin".into()]), ..Default::default() };
    /// client.organization().update_member("member-test-…", &promote).await?;
    /// # Ok(()) }
    /// ```
    pub async fn update_member(
        &self,
        member_id: &str,
        request: &MemberUpdateRequest,
    ) -> Result<MemberResponse, StytchError> {
        let path = format!("/b2b/organizations/members/{}", percent::encode(member_id));
        let response: MemberResponse = self.client.request(Method::Put, &path, Some(request)).await?;
        self.remember_if_self(&response);
        Ok(response)
    }

    /// `DELETE organizations/members/{member_id}` (`organization.members.delete`): marks the
    /// member deleted and ends its sessions; needs `delete` on `stytch.member`. Deleting
    /// oneself signs this client out.
    ///
    /// ```no_run
    /// # async fn run(client: &stytch_core::StytchClient) -> Result<(), stytch_core::StytchError> {
    /// client.organization().delete_member("member-test-…").await?;
    /// # Ok(()) }
    /// ```
    pub async fn delete_member(&self, member_id: &str) -> Result<MemberResponse, StytchError> {
        let path = format!("/b2b/organizations/members/{}", percent::encode(member_id));
        let response: MemberResponse = self.client.request(Method::Delete, &path, None::<&()>).await?;
        if self.client.store().member().is_some_and(|m| m.member_id == member_id) {
            self.client.store().destroy();
        }
        Ok(response)
    }

    /// `PUT organizations/members/{member_id}/reactivate` (`organization.members.reactivate`):
    /// brings a deleted member back.
    ///
    /// ```no_run
    /// # async fn run(client: &stytch_core::StytchClient) -> Result<(), stytch_core::StytchError> {
    /// let member = client.organization().reactivate_member("member-test-…").await?;
    /// println!("{}", member.member.status);
    /// # Ok(()) }
    /// ```
    pub async fn reactivate_member(&self, member_id: &str) -> Result<MemberResponse, StytchError> {
        let path = format!("/b2b/organizations/members/{}/reactivate", percent::encode(member_id));
        self.client.request(Method::Put, &path, None::<&()>).await
    }

    /// `DELETE organizations/members/mfa_phone_numbers/{member_id}`
    /// (`organization.members.deleteMFAPhoneNumber`): needs `update.info.delete.mfa-phone` on
    /// `stytch.member` (`stytch.self` for one's own).
    ///
    /// ```no_run
    /// # async fn run(client: &stytch_core::StytchClient) -> Result<(), stytch_core::StytchError> {
    /// // A member lost their phone: an admin removes it so they can enroll another.
    /// client.organization().delete_member_mfa_phone_number("member-test-…").await?;
    /// # Ok(()) }
    /// ```
    pub async fn delete_member_mfa_phone_number(&self, member_id: &str) -> Result<MemberResponse, StytchError> {
        self.remove(format!(
            "/b2b/organizations/members/mfa_phone_numbers/{}",
            percent::encode(member_id)
        ))
        .await
    }

    /// `DELETE organizations/members/totp/{member_id}` (`organization.members.deleteMFATOTP`):
    /// the authenticator app and its recovery codes.
    ///
    /// ```no_run
    /// # async fn run(client: &stytch_core::StytchClient) -> Result<(), stytch_core::StytchError> {
    /// client.organization().delete_member_mfa_totp("member-test-…").await?;
    /// # Ok(()) }
    /// ```
    pub async fn delete_member_mfa_totp(&self, member_id: &str) -> Result<MemberResponse, StytchError> {
        self.remove(format!(
            "/b2b/organizations/members/totp/{}",
            percent::encode(member_id)
        ))
        .await
    }

    /// `DELETE organizations/members/passwords/{member_password_id}`
    /// (`organization.members.deletePassword`).
    ///
    /// ```no_run
    /// use stytch_core::models::api::organizations::{MemberSearchRequest, SearchOperand, SearchQuery};
    /// # async fn run(client: &stytch_core::StytchClient) -> Result<(), stytch_core::StytchError> {
    /// // The password's ID is on the member, e.g. as a search found it.
    /// let query = SearchQuery::all_of(vec![SearchOperand::member_emails(&["grace@acme.example"])]);
    /// let found = client.organization().search_members(&MemberSearchRequest { query: Some(query), ..Default::default() }).await?;
    /// if let Some(grace) = found.members.first() {
    ///     client.organization().delete_member_password(&grace.member_password_id).await?;
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn delete_member_password(&self, member_password_id: &str) -> Result<MemberResponse, StytchError> {
        self.remove(format!(
            "/b2b/organizations/members/passwords/{}",
            percent::encode(member_password_id)
        ))
        .await
    }

    /// `POST organizations/members/{member_id}/start_email_update`
    /// (`organization.members.startEmailUpdate`): emails the member a magic link (or a code,
    /// with `delivery_method: EMAIL_OTP`) at the new address; needs `update.info.email` on
    /// `stytch.member` (`stytch.self` for one's own). The address changes only when the member
    /// authenticates it (see [`Members::start_email_update`]).
    ///
    /// ```no_run
    /// # async fn run(client: &stytch_core::StytchClient) -> Result<(), stytch_core::StytchError> {
    /// use stytch_models::api::organizations::StartEmailUpdateRequest;
    /// let by_code = StartEmailUpdateRequest {
    ///     email_address: "bob@new.example".into(),
    ///     delivery_method: Some("EMAIL_OTP".into()),
    ///     ..Default::default()
    /// };
    /// let answer = client.organization().start_member_email_update("member-test-…", &by_code).await?;
    /// println!("a code went to {} for {}", by_code.email_address, answer.member.name);
    /// # Ok(()) }
    /// ```
    pub async fn start_member_email_update(
        &self,
        member_id: &str,
        request: &StartEmailUpdateRequest,
    ) -> Result<MemberResponse, StytchError> {
        let path = format!(
            "/b2b/organizations/members/{}/start_email_update",
            percent::encode(member_id)
        );
        let response: MemberResponse = self.client.request(Method::Post, &path, Some(request)).await?;
        self.remember_if_self(&response);
        Ok(response)
    }

    /// `POST organizations/members/{member_id}/unlink_retired_email`
    /// (`organization.members.unlinkRetiredEmail`): frees an address the member used before
    /// for other members; needs `update.info.unlink.retired-email` on `stytch.member`.
    ///
    /// ```no_run
    /// # async fn run(client: &stytch_core::StytchClient) -> Result<(), stytch_core::StytchError> {
    /// use stytch_models::api::organizations::UnlinkRetiredEmailRequest;
    /// let old = UnlinkRetiredEmailRequest { email_address: Some("ada@old.example".into()), ..Default::default() };
    /// let answer = client.organization().unlink_member_retired_email("member-test-…", &old).await?;
    /// assert!(answer.member.retired_email_addresses.is_empty());
    /// # Ok(()) }
    /// ```
    pub async fn unlink_member_retired_email(
        &self,
        member_id: &str,
        request: &UnlinkRetiredEmailRequest,
    ) -> Result<MemberResponse, StytchError> {
        let path = format!(
            "/b2b/organizations/members/{}/unlink_retired_email",
            percent::encode(member_id)
        );
        let response: MemberResponse = self.client.request(Method::Post, &path, Some(request)).await?;
        self.remember_if_self(&response);
        Ok(response)
    }

    async fn remove(&self, path: String) -> Result<MemberResponse, StytchError> {
        let response: MemberResponse = self.client.request(Method::Delete, &path, None::<&()>).await?;
        self.remember_if_self(&response);
        Ok(response)
    }

    fn remember_if_self(&self, response: &MemberResponse) {
        if self
            .client
            .store()
            .member()
            .is_some_and(|m| m.member_id == response.member.member_id)
        {
            remember(self.client, Some(response.member.clone()), None);
        }
    }
}

/// Caches what an answer says of the signed-in member or organization.
fn remember(client: &StytchClient, member: Option<Member>, organization: Option<Organization>) {
    client.store().update_state(
        Some(B2BState {
            member,
            organization,
            ..Default::default()
        }),
        false,
    );
}

/// `client.member()`: the signed-in member (the official `self` namespace).
///
/// ```no_run
/// use stytch_core::models::api::organizations::MemberUpdateRequest;
/// # async fn run(client: &stytch_core::StytchClient) -> Result<(), stytch_core::StytchError> {
/// let me = client.member().update(&MemberUpdateRequest { name: Some("Ada Lovelace".into()), ..Default::default() }).await?;
/// println!("{}", me.name);
/// # Ok(()) }
/// ```
pub struct Members<'a> {
    pub(super) client: &'a StytchClient,
}

impl Members<'_> {
    /// `GET organizations/members/connected_apps` (the official `self.getConnectedApps`): the
    /// connected apps the signed-in member granted, with the scopes.
    ///
    /// ```no_run
    /// # async fn run(client: &stytch_core::StytchClient) -> Result<(), stytch_core::StytchError> {
    /// for app in client.member().connected_apps().await?.connected_apps {
    ///     println!("{} may: {}", app.name, app.scopes_granted);
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn connected_apps(&self) -> Result<MemberConnectedAppsResponse, StytchError> {
        self.client
            .request(Method::Get, "/b2b/organizations/members/connected_apps", None::<&()>)
            .await
    }

    /// `POST organizations/members/connected_apps/{connected_app_id}/revoke` (the official
    /// `self.revokeConnectedApp`): the app loses the signed-in member's access.
    ///
    /// ```no_run
    /// # async fn run(client: &stytch_core::StytchClient) -> Result<(), stytch_core::StytchError> {
    /// client.member().revoke_connected_app("connected-app-test-…").await?;
    /// # Ok(()) }
    /// ```
    pub async fn revoke_connected_app(&self, connected_app_id: &str) -> Result<ResponseCommon, StytchError> {
        let path = format!(
            "/b2b/organizations/members/connected_apps/{}/revoke",
            percent::encode(connected_app_id)
        );
        self.client.request(Method::Post, &path, None::<&()>).await
    }

    /// The cached member, if signed in.
    ///
    /// ```no_run
    /// # async fn run(client: &stytch_core::StytchClient) -> Result<(), stytch_core::StytchError> {
    /// let email = client.member().get_sync().map(|m| m.email_address);
    /// # drop(email);
    /// # Ok(()) }
    /// ```
    pub fn get_sync(&self) -> Option<Member> {
        self.client.store().member()
    }

    /// `GET organizations/members/me`; updates the cached member.
    ///
    /// ```no_run
    /// # async fn run(client: &stytch_core::StytchClient) -> Result<(), stytch_core::StytchError> {
    /// let me = client.member().get().await?;
    /// println!("{} ({})", me.name, me.email_address);
    /// # Ok(()) }
    /// ```
    pub async fn get(&self) -> Result<Member, StytchError> {
        self.own(Method::Get, "/b2b/organizations/members/me", None::<&()>)
            .await
    }

    /// `PUT organizations/members/update` (the official `self.update`): the signed-in member's
    /// own name, MFA phone and MFA settings (roles need `organization().update_member`);
    /// updates the cached member.
    ///
    /// ```no_run
    /// # async fn run(client: &stytch_core::StytchClient) -> Result<(), stytch_core::StytchError> {
    /// use stytch_models::api::organizations::MemberUpdateRequest;
    /// let name = MemberUpdateRequest { name: Some("Ada Lovelace".into()), ..Default::default() };
    /// let me = client.member().update(&name).await?;
    /// assert_eq!(me.name, "Ada Lovelace");
    /// # Ok(()) }
    /// ```
    pub async fn update(&self, request: &MemberUpdateRequest) -> Result<Member, StytchError> {
        self.own(Method::Put, "/b2b/organizations/members/update", Some(request))
            .await
    }

    /// `DELETE organizations/members/deletePhoneNumber` (`self.deleteMFAPhoneNumber`); updates
    /// the cached member.
    ///
    /// ```no_run
    /// # async fn run(client: &stytch_core::StytchClient) -> Result<(), stytch_core::StytchError> {
    /// let me = client.member().delete_mfa_phone_number().await?;
    /// assert!(me.mfa_phone_number.is_empty());
    /// # Ok(()) }
    /// ```
    pub async fn delete_mfa_phone_number(&self) -> Result<Member, StytchError> {
        self.own(
            Method::Delete,
            "/b2b/organizations/members/deletePhoneNumber",
            None::<&()>,
        )
        .await
    }

    /// `DELETE organizations/members/deleteTOTP` (`self.deleteMFATOTP`): the authenticator app
    /// and its recovery codes; updates the cached member.
    ///
    /// ```no_run
    /// # async fn run(client: &stytch_core::StytchClient) -> Result<(), stytch_core::StytchError> {
    /// let me = client.member().delete_mfa_totp().await?;
    /// assert!(me.totp_registration_id.is_empty());
    /// # Ok(()) }
    /// ```
    pub async fn delete_mfa_totp(&self) -> Result<Member, StytchError> {
        self.own(Method::Delete, "/b2b/organizations/members/deleteTOTP", None::<&()>)
            .await
    }

    /// `DELETE organizations/members/passwords/{member_password_id}` (`self.deletePassword`);
    /// updates the cached member.
    ///
    /// ```no_run
    /// # async fn run(client: &stytch_core::StytchClient) -> Result<(), stytch_core::StytchError> {
    /// let me = client.member().get().await?;
    /// client.member().delete_password(&me.member_password_id).await?;
    /// # Ok(()) }
    /// ```
    pub async fn delete_password(&self, member_password_id: &str) -> Result<Member, StytchError> {
        let path = format!(
            "/b2b/organizations/members/passwords/{}",
            percent::encode(member_password_id)
        );
        self.own(Method::Delete, &path, None::<&()>).await
    }

    /// `POST organizations/members/start_email_update` (`self.startEmailUpdate`): emails the
    /// signed-in member a magic link (or a code, with `delivery_method: EMAIL_OTP`) at the
    /// new address, which expires in five minutes. Authenticating it
    /// ([`StytchClient::authenticate_by_url`](crate::StytchClient::authenticate_by_url) on the
    /// link, or the email-code login with the new address) signs the member in at the new
    /// address, and the old one joins `retired_email_addresses`. Refused with
    /// `duplicate_member_email` when another member of the organization has the address,
    /// `desired_email_deactivated_by_different_member` when another retired it and
    /// `desired_email_updating_for_different_member` when another is moving to it.
    ///
    /// ```no_run
    /// # async fn run(client: &stytch_core::StytchClient) -> Result<(), stytch_core::StytchError> {
    /// use stytch_models::api::organizations::StartEmailUpdateRequest;
    /// let new = StartEmailUpdateRequest { email_address: "ada@new.example".into(), ..Default::default() };
    /// let me = client.member().start_email_update(&new).await?;
    /// assert_ne!(me.email_address, "ada@new.example", "not until the link is opened");
    /// # Ok(()) }
    /// ```
    pub async fn start_email_update(&self, request: &StartEmailUpdateRequest) -> Result<Member, StytchError> {
        self.own(
            Method::Post,
            "/b2b/organizations/members/start_email_update",
            Some(request),
        )
        .await
    }

    /// `POST organizations/members/unlink_retired_email` (`self.unlinkRetiredEmail`): frees
    /// one of the signed-in member's retired addresses (by `email_id`, address, or both) for
    /// other members; updates the cached member.
    ///
    /// ```no_run
    /// # async fn run(client: &stytch_core::StytchClient) -> Result<(), stytch_core::StytchError> {
    /// use stytch_models::api::organizations::UnlinkRetiredEmailRequest;
    /// let me = client.member().get_sync().expect("signed in");
    /// for retired in &me.retired_email_addresses {
    ///     let this = UnlinkRetiredEmailRequest { email_id: Some(retired.email_id.clone()), ..Default::default() };
    ///     client.member().unlink_retired_email(&this).await?;
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn unlink_retired_email(&self, request: &UnlinkRetiredEmailRequest) -> Result<Member, StytchError> {
        self.own(
            Method::Post,
            "/b2b/organizations/members/unlink_retired_email",
            Some(request),
        )
        .await
    }

    async fn own<B: stytch_models::json::ToJson>(
        &self,
        method: Method,
        path: &str,
        body: Option<&B>,
    ) -> Result<Member, StytchError> {
        let response: MemberResponse = self.client.request(method, path, body).await?;
        remember(self.client, Some(response.member.clone()), None);
        Ok(response.member)
    }
}
