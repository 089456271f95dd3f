//! Backend API: organizations and members.

use stytch_models::{
    ErrorType, Member, MemberStatus, Organization,
    api::organizations::{
        MemberCreateRequest, MemberResponse, MemberUpdateRequest, OrganizationCreateRequest, OrganizationResponse,
        OrganizationUpdateRequest,
    },
};

use super::store::{Store, grant_roles, new_member, validate_email};
use super::{Ctx, ids};
use crate::error::{ApiError, ApiResult};

/// Copies the policy settings that creating and updating an organization share (each request
/// type has its own optional fields of the same names); domains are stored lower-case.
macro_rules! apply_policy {
    ($org:ident, $request:ident) => {
        if let Some(v) = &$request.email_allowed_domains {
            $org.email_allowed_domains = v.iter().map(|d| d.to_ascii_lowercase()).collect();
        }
        apply_policy!(@copy $org, $request, email_jit_provisioning, auth_methods, allowed_auth_methods,
            mfa_policy, mfa_methods, allowed_mfa_methods, oauth_tenant_jit_provisioning, allowed_oauth_tenants,
            email_invites);
    };
    (@copy $org:ident, $request:ident, $($field:ident),*) => {
        $(if let Some(v) = &$request.$field {
            $org.$field = v.clone();
        })*
    };
}

/// A RESTRICTED policy must list what it allows, as Stytch requires on create and update.
fn check_restrictions(org: &Organization) -> ApiResult<()> {
    use stytch_models::Restriction::Restricted;
    if org.auth_methods == Restricted && org.allowed_auth_methods.is_empty() {
        return Err(ApiError::new(
            400,
            ErrorType::Unknown("allowed_auth_methods_required_for_restricted".into()),
            "allowed_auth_methods must not be empty when auth_methods is RESTRICTED.",
        ));
    }
    let tenants_well_formed = org.allowed_oauth_tenants.iter().all(|(provider, tenants)| {
        matches!(provider.as_str(), "slack" | "hubspot" | "github")
            && tenants
                .as_array()
                .is_some_and(|ids| ids.iter().all(|id| id.as_str().is_some_and(|id| !id.is_empty())))
    });
    if !tenants_well_formed {
        return Err(ApiError::new(
            400,
            ErrorType::InvalidArgument,
            "allowed_oauth_tenants maps slack, hubspot or github to arrays of tenant IDs.",
        ));
    }
    if org.oauth_tenant_jit_provisioning == Restricted && org.allowed_oauth_tenants.is_empty() {
        return Err(ApiError::new(
            400,
            ErrorType::Unknown("allowed_oauth_tenants_required_for_restricted".into()),
            "allowed_oauth_tenants must not be empty when oauth_tenant_jit_provisioning is RESTRICTED.",
        ));
    }
    if org.mfa_methods == Restricted && org.allowed_mfa_methods.is_empty() {
        return Err(ApiError::new(
            400,
            ErrorType::Unknown("allowed_mfa_methods_required_for_restricted".into()),
            "allowed_mfa_methods must not be empty when mfa_methods is RESTRICTED.",
        ));
    }
    Ok(())
}

/// The organization search filters the emulator answers (Stytch's, less the member ones).
const SEARCH_FILTERS: [&str; 11] = [
    "organization_ids",
    "organization_slugs",
    "organization_name_fuzzy",
    "organization_slug_fuzzy",
    "member_emails",
    "member_email_fuzzy",
    "allowed_domains",
    "allowed_domain_fuzzy",
    "claimed_email_domains",
    "has_active_sso_connection",
    "sso_connection_id",
];

/// The `query` of an organization search.
#[derive(Clone, Debug, Default, serde::Deserialize)]
pub struct SearchQuery {
    /// `AND` or `OR`.
    #[serde(default)]
    pub operator: String,
    /// The filters.
    #[serde(default)]
    pub operands: Vec<SearchOperand>,
}

/// One filter of a search query.
#[derive(Clone, Debug, serde::Deserialize)]
pub struct SearchOperand {
    /// Which filter, e.g. `organization_slugs`.
    pub filter_name: String,
    /// Its value: a list of strings, a string or a boolean, by filter.
    #[serde(default)]
    pub filter_value: serde_json::Value,
}

/// The answer naming a member and its organization.
pub(crate) fn member_response(member: Member, organization: Organization) -> MemberResponse {
    MemberResponse {
        request_id: ids::request_id(),
        status_code: 200,
        member_id: member.member_id.clone(),
        member,
        organization,
    }
}

impl Store {
    /// `POST /v1/b2b/organizations`.
    pub fn create_organization(
        &mut self,
        ctx: &Ctx<'_>,
        request: &OrganizationCreateRequest,
    ) -> ApiResult<OrganizationResponse> {
        let organization = self.build_organization(ctx, request)?;
        self.organizations.push(organization.clone());
        Ok(OrganizationResponse {
            request_id: ids::request_id(),
            status_code: 200,
            organization,
        })
    }

    /// Validates creation settings and builds the organization, without storing it. Every way
    /// of creating an organization (backend API, discovery) goes through here.
    pub fn build_organization(&self, ctx: &Ctx<'_>, request: &OrganizationCreateRequest) -> ApiResult<Organization> {
        let slug = request.organization_slug.clone().unwrap_or_else(|| {
            request
                .organization_name
                .chars()
                .map(|c| {
                    if c.is_ascii_alphanumeric() {
                        c.to_ascii_lowercase()
                    } else {
                        '-'
                    }
                })
                .collect::<String>()
                .trim_matches('-')
                .to_owned()
        });
        let mut org = self.new_organization(ctx, &request.organization_name, &slug)?;
        if let Some(v) = &request.organization_logo_url {
            org.organization_logo_url = v.clone();
        }
        if let Some(v) = &request.trusted_metadata {
            org.trusted_metadata = v.clone();
        }
        apply_policy!(org, request);
        if let Some(v) = &request.claimed_email_domains {
            org.claimed_email_domains = v.iter().map(|d| d.to_ascii_lowercase()).collect();
        }
        if let Some(v) = &request.organization_external_id {
            org.organization_external_id = Some(v.clone());
        }
        check_restrictions(&org)?;
        Ok(org)
    }

    /// `GET /v1/b2b/organizations/{organization_id}`.
    pub fn get_organization(&self, organization_id: &str) -> ApiResult<OrganizationResponse> {
        let organization = self.organization(organization_id)?.clone();
        Ok(OrganizationResponse {
            request_id: ids::request_id(),
            status_code: 200,
            organization,
        })
    }

    /// `POST /v1/b2b/organizations/{organization_id}/members`.
    pub fn create_member(
        &mut self,
        ctx: &Ctx<'_>,
        organization_id: &str,
        request: &MemberCreateRequest,
    ) -> ApiResult<MemberResponse> {
        validate_email(&request.email_address)?;
        let organization = self.organization(organization_id)?.clone();
        self.ensure_email_free(&organization.organization_id, &request.email_address)?;
        let status = if request.create_member_as_pending == Some(true) {
            MemberStatus::Pending
        } else {
            MemberStatus::Active
        };
        let mut member = new_member(&organization.organization_id, &request.email_address, status, ctx.now);
        member.name = request.name.clone().unwrap_or_default();
        member.trusted_metadata = request.trusted_metadata.clone().unwrap_or_default();
        member.untrusted_metadata = request.untrusted_metadata.clone().unwrap_or_default();
        member.is_breakglass = request.is_breakglass.unwrap_or(false);
        member.mfa_enrolled = request.mfa_enrolled.unwrap_or(false);
        member.external_id = request.external_id.clone();
        if let Some(phone) = &request.mfa_phone_number {
            member.mfa_phone_number = phone.clone();
        }
        grant_roles(&mut member, request.roles.as_deref().unwrap_or_default());
        self.members.push(member.clone());
        Ok(member_response(member, organization))
    }

    /// `GET /v1/b2b/organizations/{organization_id}/member?member_id=…|email_address=…`.
    pub fn get_member(
        &self,
        organization_id: &str,
        member_id: Option<&str>,
        email: Option<&str>,
    ) -> ApiResult<MemberResponse> {
        let organization = self.organization(organization_id)?.clone();
        let member = match (member_id.filter(|m| !m.is_empty()), email.filter(|e| !e.is_empty())) {
            (Some(id), _) => self.member(&organization.organization_id, id)?.clone(),
            (None, Some(email)) => self
                .member_by_email(&organization.organization_id, email)
                .cloned()
                .ok_or_else(ApiError::member_not_found)?,
            (None, None) => return Err(ApiError::bad_request("One of member_id or email_address is required.")),
        };
        Ok(member_response(member, organization))
    }

    /// `PUT /v1/b2b/organizations/{organization_id}`: changes the given fields.
    pub fn update_organization(
        &mut self,
        ctx: &Ctx<'_>,
        organization_id: &str,
        request: &OrganizationUpdateRequest,
    ) -> ApiResult<OrganizationResponse> {
        let current = self.organization(organization_id)?.clone();
        let mut org = current.clone();
        if let Some(name) = &request.organization_name {
            let name = name.trim();
            if name.is_empty() || name.chars().count() > 128 {
                return Err(ApiError::new(
                    400,
                    ErrorType::InvalidOrganizationName,
                    "organization_name must have 1 to 128 characters.",
                ));
            }
            org.organization_name = name.to_owned();
        }
        if let Some(slug) = &request.organization_slug {
            super::discovery::validate_slug(slug)?;
            if self
                .organizations
                .iter()
                .any(|o| o.organization_id != org.organization_id && o.organization_slug.eq_ignore_ascii_case(slug))
            {
                return Err(ApiError::new(
                    400,
                    ErrorType::OrganizationSlugAlreadyUsed,
                    "The provided organization_slug is already used in another organization.",
                ));
            }
            org.organization_slug = slug.clone();
        }
        apply_policy!(org, request);
        check_restrictions(&org)?;
        org.updated_at = stytch_models::time::format_rfc3339(ctx.now);
        if let Some(slot) = self
            .organizations
            .iter_mut()
            .find(|o| o.organization_id == current.organization_id)
        {
            *slot = org.clone();
        }
        Ok(OrganizationResponse {
            request_id: ids::request_id(),
            status_code: 200,
            organization: org,
        })
    }

    /// `duplicate_member_email` when a non-deleted member of the organization has `email`.
    fn ensure_email_free(&self, organization_id: &str, email: &str) -> ApiResult<()> {
        match self.member_by_email(organization_id, email) {
            Some(_) => Err(ApiError::new(
                400,
                ErrorType::DuplicateMemberEmail,
                "A member with this email address already exists in the organization.",
            )),
            None => Ok(()),
        }
    }

    /// `POST /v1/b2b/organizations/search`: the organizations matching every operand (`AND`) or
    /// any (`OR`), in creation order, one page of `limit` from the offset `cursor` names. Returns
    /// the page, the total and the next page's cursor.
    pub fn search_organizations(
        &self,
        query: Option<&SearchQuery>,
        limit: Option<u32>,
        cursor: Option<&str>,
    ) -> ApiResult<(Vec<Organization>, usize, Option<String>)> {
        let limit = match limit {
            None => 100,
            Some(n @ 1..=1000) => n as usize,
            Some(_) => return Err(ApiError::bad_request("limit must be between 1 and 1000.")),
        };
        let offset = match cursor.filter(|c| !c.is_empty()) {
            None => 0,
            Some(c) => c
                .parse::<usize>()
                .map_err(|_| ApiError::bad_request("cursor is not a cursor this search returned."))?,
        };
        let any = match query.map(|q| q.operator.to_ascii_uppercase()) {
            None => false,
            Some(op) if op == "AND" => false,
            Some(op) if op == "OR" => true,
            Some(_) => return Err(ApiError::bad_request("query.operator must be AND or OR.")),
        };
        let operands = query.map(|q| q.operands.as_slice()).unwrap_or_default();
        if let Some(unknown) = operands
            .iter()
            .find(|o| !SEARCH_FILTERS.contains(&o.filter_name.as_str()))
        {
            return Err(ApiError::bad_request(format!(
                "The emulator does not support the organization search filter {}.",
                unknown.filter_name
            )));
        }
        let mut matched = Vec::new();
        for organization in &self.organizations {
            let mut results = operands.iter().map(|o| self.operand_matches(organization, o));
            let keep = if operands.is_empty() {
                true
            } else if any {
                let mut found = false;
                for result in results {
                    found |= result?;
                }
                found
            } else {
                results.try_fold(true, |all, result| result.map(|r| all && r))?
            };
            if keep {
                matched.push(organization.clone());
            }
        }
        let total = matched.len();
        let page: Vec<Organization> = matched.into_iter().skip(offset).take(limit).collect();
        let next = (offset + page.len() < total).then(|| (offset + page.len()).to_string());
        Ok((page, total, next))
    }

    fn operand_matches(&self, organization: &Organization, operand: &SearchOperand) -> ApiResult<bool> {
        let list = || -> ApiResult<Vec<String>> {
            serde_json::from_value::<Vec<String>>(operand.filter_value.clone())
                .map(|v| v.into_iter().map(|s| s.to_lowercase()).collect())
                .map_err(|_| ApiError::bad_request(format!("{} takes a list of strings.", operand.filter_name)))
        };
        let text = || -> ApiResult<String> {
            operand
                .filter_value
                .as_str()
                .map(str::to_lowercase)
                .ok_or_else(|| ApiError::bad_request(format!("{} takes a string.", operand.filter_name)))
        };
        let members = || {
            self.members
                .iter()
                .filter(|m| m.organization_id == organization.organization_id && m.status != MemberStatus::Deleted)
        };
        let lower = |s: &str| s.to_lowercase();
        Ok(match operand.filter_name.as_str() {
            "organization_ids" => list()?.contains(&lower(&organization.organization_id)),
            "organization_slugs" => list()?.contains(&lower(&organization.organization_slug)),
            "organization_name_fuzzy" => lower(&organization.organization_name).contains(&text()?),
            "organization_slug_fuzzy" => lower(&organization.organization_slug).contains(&text()?),
            "member_emails" => {
                let emails = list()?;
                members().any(|m| emails.contains(&lower(&m.email_address)))
            }
            "member_email_fuzzy" => {
                let needle = text()?;
                members().any(|m| lower(&m.email_address).contains(&needle))
            }
            "allowed_domains" => {
                let domains = list()?;
                organization
                    .email_allowed_domains
                    .iter()
                    .any(|d| domains.contains(&lower(d)))
            }
            "allowed_domain_fuzzy" => {
                let needle = text()?;
                organization
                    .email_allowed_domains
                    .iter()
                    .any(|d| lower(d).contains(&needle))
            }
            "claimed_email_domains" => {
                let domains = list()?;
                organization
                    .claimed_email_domains
                    .iter()
                    .any(|d| domains.contains(&lower(d)))
            }
            // The emulator has no SSO connections.
            "has_active_sso_connection" => operand.filter_value.as_bool() == Some(false),
            // "sso_connection_id", the last of SEARCH_FILTERS.
            _ => false,
        })
    }

    /// `DELETE /v1/b2b/organizations/{organization_id}`: the organization and its members go,
    /// and every session in it is revoked.
    pub fn delete_organization(&mut self, organization_id: &str) -> ApiResult<()> {
        let organization_id = self.organization(organization_id)?.organization_id.clone();
        self.organizations.retain(|o| o.organization_id != organization_id);
        self.members.retain(|m| m.organization_id != organization_id);
        for record in self.sessions.values_mut() {
            if record.session.organization_id == organization_id {
                record.revoked = true;
            }
        }
        Ok(())
    }

    /// `DELETE …/members/{member_id}` (`deleted`, sessions revoked) and `PUT …/reactivate`
    /// (`active` again, unless another member took the address meanwhile).
    pub fn set_member_deleted(
        &mut self,
        ctx: &Ctx<'_>,
        organization_id: &str,
        member_id: &str,
        deleted: bool,
    ) -> ApiResult<MemberResponse> {
        let organization = self.organization(organization_id)?.clone();
        let mut member = self.member(&organization.organization_id, member_id)?.clone();
        if deleted {
            member.status = MemberStatus::Deleted;
            self.revoke_member_sessions(&member.member_id);
        } else if member.status == MemberStatus::Deleted {
            self.ensure_email_free(&organization.organization_id, &member.email_address)?;
            member.status = MemberStatus::Active;
        }
        member.updated_at = stytch_models::time::format_rfc3339(ctx.now);
        self.upsert_member(member.clone());
        Ok(member_response(member, organization))
    }

    /// `PUT /v1/b2b/organizations/{organization_id}/members/{member_id}`.
    pub fn update_member(
        &mut self,
        ctx: &Ctx<'_>,
        organization_id: &str,
        member_id: &str,
        request: &MemberUpdateRequest,
    ) -> ApiResult<MemberResponse> {
        let organization = self.organization(organization_id)?.clone();
        let mut member = self.member(&organization.organization_id, member_id)?.clone();
        if let Some(name) = &request.name {
            member.name = name.clone();
        }
        if let Some(v) = request.mfa_enrolled {
            member.mfa_enrolled = v;
        }
        if let Some(phone) = &request.mfa_phone_number {
            if !phone.is_empty() {
                super::mfa::validate_e164(phone)?;
            }
            if *phone != member.mfa_phone_number {
                member.mfa_phone_number = phone.clone();
                member.mfa_phone_number_verified = false;
            }
        }
        if let Some(method) = &request.default_mfa_method {
            if !["sms_otp", "totp", ""].contains(&method.as_str()) {
                return Err(ApiError::new(
                    400,
                    ErrorType::Unknown("invalid_mfa_default_method".into()),
                    "default_mfa_method must be sms_otp or totp.",
                ));
            }
            member.default_mfa_method = method.clone();
        }
        if let Some(v) = request.is_breakglass {
            member.is_breakglass = v;
        }
        if let Some(roles) = &request.roles {
            member.roles = std::iter::once("stytch_member".to_owned())
                .chain(roles.iter().filter(|r| *r != "stytch_member").cloned())
                .map(|r| super::store::role(&r))
                .collect();
            member.is_admin = member.roles.iter().any(|r| r.role_id == "stytch_admin");
        }
        member.updated_at = stytch_models::time::format_rfc3339(ctx.now);
        self.upsert_member(member.clone());
        Ok(member_response(member, organization))
    }
}
