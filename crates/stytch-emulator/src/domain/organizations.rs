//! Backend API: organizations and members.

use stytch_models::{
    EmailImplicitRoleAssignment, ErrorType, Member, MemberStatus, Organization,
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
            $org.email_allowed_domains = checked_domains(v, DomainList::Allowed)?;
        }
        if let Some(v) = &$request.rbac_email_implicit_role_assignments {
            $org.rbac_email_implicit_role_assignments = email_role_assignments(v)?;
        }
        apply_policy!(@copy $org, $request, email_jit_provisioning, auth_methods, allowed_auth_methods,
            mfa_policy, mfa_methods, allowed_mfa_methods, oauth_tenant_jit_provisioning, allowed_oauth_tenants,
            email_invites, sso_jit_provisioning, sso_jit_provisioning_allowed_connections);
    };
    (@copy $org:ident, $request:ident, $($field:ident),*) => {
        $(if let Some(v) = &$request.$field {
            $org.$field = v.clone();
        })*
    };
}

/// Which of an organization's domain lists a list is: its refusals have names of their own.
#[derive(Clone, Copy)]
enum DomainList {
    /// `email_allowed_domains`.
    Allowed,
    /// `claimed_email_domains`.
    Claimed,
}

/// Throwaway-mailbox services: their addresses prove nothing about a company, so Stytch lets
/// no organization allow them (`organization_settings_disposable_domain`). The best known
/// only; Stytch's own list is longer.
const DISPOSABLE_EMAIL_DOMAINS: [&str; 10] = [
    "mailinator.com",
    "guerrillamail.com",
    "10minutemail.com",
    "temp-mail.org",
    "yopmail.com",
    "trashmail.com",
    "sharklasers.com",
    "getnada.com",
    "dispostable.com",
    "maildrop.cc",
];

/// An organization's email domains as stored: lower case, each a domain name (letters, digits
/// and hyphens in dot-separated labels), none a personal email provider's (Stytch refuses
/// `gmail.com` and the like for an organization) or a throwaway-mailbox service's, none twice.
/// Refused by Stytch's names: `organization_settings_invalid_domain`, `…_domain_too_common`,
/// `…_disposable_domain`, `…_duplicate_domain` (and `…_invalid_claimed_domain`,
/// `…_claimed_domain_too_common`, `…_duplicate_claimed_domain`; Stytch names no disposable
/// form for claimed domains, which use the allowed one).
fn checked_domains(given: &[String], list: DomainList) -> ApiResult<Vec<String>> {
    let (invalid, common, duplicate) = match list {
        DomainList::Allowed => (
            "organization_settings_invalid_domain",
            "organization_settings_domain_too_common",
            "organization_settings_duplicate_domain",
        ),
        DomainList::Claimed => (
            "organization_settings_invalid_claimed_domain",
            "organization_settings_claimed_domain_too_common",
            "organization_settings_duplicate_claimed_domain",
        ),
    };
    let refuse = |error_type: &str, message: String| ApiError::new(400, ErrorType::Unknown(error_type.into()), message);
    let mut kept: Vec<String> = Vec::with_capacity(given.len());
    for domain in given {
        let domain = domain.trim().to_ascii_lowercase();
        let label_ok = |label: &str| {
            (1..=63).contains(&label.len())
                && label.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
                && !label.starts_with('-')
                && !label.ends_with('-')
        };
        if domain.len() > 253 || !domain.contains('.') || !domain.split('.').all(label_ok) {
            return Err(refuse(invalid, format!("{domain:?} is not an email domain.")));
        }
        if super::discovery::is_personal_email_domain(&domain) {
            return Err(refuse(
                common,
                format!("{domain} is a personal email provider's domain, which no organization may hold."),
            ));
        }
        if DISPOSABLE_EMAIL_DOMAINS.contains(&domain.as_str()) {
            return Err(refuse(
                "organization_settings_disposable_domain",
                format!("{domain} gives out throwaway mailboxes, which no organization may hold."),
            ));
        }
        if kept.contains(&domain) {
            return Err(refuse(duplicate, format!("{domain} is listed twice.")));
        }
        kept.push(domain);
    }
    Ok(kept)
}

/// Email domain role assignments as stored: domains in lower case. Each needs a domain and a
/// role (`bad_request` otherwise), and one given twice is kept once.
fn email_role_assignments(given: &[EmailImplicitRoleAssignment]) -> ApiResult<Vec<EmailImplicitRoleAssignment>> {
    let mut kept: Vec<EmailImplicitRoleAssignment> = Vec::with_capacity(given.len());
    for assignment in given {
        let domain = assignment.domain.trim().to_ascii_lowercase();
        let role_id = assignment.role_id.trim();
        if domain.is_empty() || domain.contains('@') || role_id.is_empty() {
            return Err(ApiError::bad_request(
                "Each rbac_email_implicit_role_assignments entry needs an email domain (without @) and a role_id.",
            ));
        }
        let assignment = EmailImplicitRoleAssignment {
            domain,
            role_id: role_id.to_owned(),
        };
        if !kept.contains(&assignment) {
            kept.push(assignment);
        }
    }
    Ok(kept)
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
            ErrorType::Unknown("invalid_restricted_oauth_tenants_setting".into()),
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

/// A credential [`Store::remove_credential`] takes away.
pub enum RemovedCredential {
    /// The MFA phone number (and any code texted to it).
    MfaPhone,
    /// The authenticator app registration and its recovery codes.
    Totp,
    /// The password with this ID.
    Password(String),
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

/// What only the backend's organization update may change (the SDK's has no such fields).
#[derive(Clone, Debug, Default, serde::Deserialize)]
#[serde(default)]
pub(crate) struct BackendOrganizationFields {
    /// Replaces the organization's trusted metadata (a JSON object).
    pub trusted_metadata: Option<serde_json::Value>,
    /// Sets (or, empty, removes) the external ID.
    pub organization_external_id: Option<String>,
    /// Replaces the claimed email domains.
    pub claimed_email_domains: Option<Vec<String>>,
}

/// What only the backend's member update may change.
#[derive(Clone, Debug, Default, serde::Deserialize)]
#[serde(default)]
pub(crate) struct BackendMemberFields {
    /// Replaces the member's trusted metadata (a JSON object).
    pub trusted_metadata: Option<serde_json::Value>,
    /// Sets (or, empty, removes) the external ID.
    pub external_id: Option<String>,
}

/// The SSO connections (by ID) that still grant the member a role which `roles`, the new
/// direct assignments, no longer assign directly: Stytch revokes the member's sessions signed
/// in through them unless the update says `preserve_existing_sessions`.
fn connections_still_granting_removed_roles(member: &Member, roles: &[String]) -> Vec<String> {
    use super::sso::{SSO_CONNECTION, SSO_CONNECTION_GROUP};
    let mut connections: Vec<String> = member
        .roles
        .iter()
        .filter(|held| {
            !roles.contains(&held.role_id)
                && held
                    .sources
                    .iter()
                    .any(|s| s.source_type == super::store::DIRECT_ASSIGNMENT)
        })
        .flat_map(|held| &held.sources)
        .filter(|s| matches!(s.source_type.as_str(), SSO_CONNECTION | SSO_CONNECTION_GROUP))
        .filter_map(|s| {
            s.details
                .get("connection_id")
                .and_then(|id| id.as_str())
                .map(str::to_owned)
        })
        .collect();
    connections.sort();
    connections.dedup();
    connections
}

/// Whether `external_id` has the shape Stytch documents for external IDs: 1 to 128 ASCII
/// letters, digits, `.`, `_`, `-` or `|`.
pub(crate) fn external_id_shape(external_id: &str) -> bool {
    (1..=128).contains(&external_id.len())
        && external_id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-' | b'|'))
}

/// Metadata as given: a JSON object (`null` empties it); `metadata_invalid_format` otherwise.
pub(crate) fn metadata_object(metadata: &serde_json::Value) -> ApiResult<serde_json::Map<String, serde_json::Value>> {
    match metadata {
        serde_json::Value::Object(map) => Ok(map.clone()),
        serde_json::Value::Null => Ok(serde_json::Map::new()),
        _ => Err(ApiError::named(
            400,
            "metadata_invalid_format",
            "trusted_metadata must be a JSON object.",
        )),
    }
}

impl Store {
    /// `POST /v1/b2b/organizations`.
    pub(crate) fn create_organization(
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
    pub(crate) fn build_organization(
        &self,
        ctx: &Ctx<'_>,
        request: &OrganizationCreateRequest,
    ) -> ApiResult<Organization> {
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
            org.claimed_email_domains = checked_domains(v, DomainList::Claimed)?;
        }
        if let Some(v) = request.organization_external_id.as_deref().filter(|v| !v.is_empty()) {
            self.ensure_organization_external_id_free(v, None)?;
            org.organization_external_id = Some(v.to_owned());
        }
        check_restrictions(&org)?;
        Ok(org)
    }

    /// `GET /v1/b2b/organizations/{organization_id}`.
    pub(crate) fn get_organization(&self, organization_id: &str) -> ApiResult<OrganizationResponse> {
        let organization = self.organization(organization_id)?.clone();
        Ok(OrganizationResponse {
            request_id: ids::request_id(),
            status_code: 200,
            organization,
        })
    }

    /// `POST /v1/b2b/organizations/{organization_id}/members`.
    pub(crate) fn create_member(
        &mut self,
        ctx: &Ctx<'_>,
        organization_id: &str,
        request: &MemberCreateRequest,
    ) -> ApiResult<MemberResponse> {
        validate_email(&request.email_address)?;
        let organization = self.organization(organization_id)?.clone();
        self.ensure_email_free(ctx, &organization.organization_id, &request.email_address, None)?;
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
        if let Some(external_id) = request.external_id.as_deref().filter(|id| !id.is_empty()) {
            self.ensure_member_external_id_free(&organization.organization_id, external_id, None)?;
            member.external_id = Some(external_id.to_owned());
        }
        if let Some(phone) = request.mfa_phone_number.as_deref().filter(|p| !p.is_empty()) {
            super::mfa::validate_e164(phone)?;
            self.ensure_phone_free(&organization.organization_id, phone, None)?;
            member.mfa_phone_number = phone.to_owned();
        }
        grant_roles(&mut member, request.roles.as_deref().unwrap_or_default());
        let member = self.upsert_member(member);
        Ok(member_response(member, organization))
    }

    /// `GET /v1/b2b/organizations/{organization_id}/member?member_id=…|email_address=…`.
    pub(crate) fn get_member(
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
    pub(crate) fn update_organization(
        &mut self,
        ctx: &Ctx<'_>,
        organization_id: &str,
        request: &OrganizationUpdateRequest,
        backend: Option<&BackendOrganizationFields>,
    ) -> ApiResult<OrganizationResponse> {
        let current = self.organization(organization_id)?.clone();
        let mut org = current.clone();
        if let Some(url) = &request.organization_logo_url {
            org.organization_logo_url = url.trim().to_owned();
        }
        if let Some(fields) = backend {
            if let Some(metadata) = &fields.trusted_metadata {
                org.trusted_metadata = metadata_object(metadata)?;
            }
            if let Some(external_id) = &fields.organization_external_id {
                if !external_id.is_empty() {
                    self.ensure_organization_external_id_free(external_id, Some(&org.organization_id))?;
                }
                org.organization_external_id = Some(external_id.clone()).filter(|id| !id.is_empty());
            }
            if let Some(domains) = &fields.claimed_email_domains {
                org.claimed_email_domains = checked_domains(domains, DomainList::Claimed)?;
            }
        }
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
            if self.slug_taken(slug, Some(&org.organization_id)) {
                return Err(ApiError::new(
                    400,
                    ErrorType::OrganizationSlugAlreadyUsed,
                    "The provided organization_slug is already used in another organization.",
                ));
            }
            org.organization_slug = slug.clone();
        }
        apply_policy!(org, request);
        if let Some(connection_id) = &request.sso_default_connection_id {
            let known = self
                .sso_connections
                .iter()
                .any(|c| c.organization_id() == org.organization_id && c.id() == connection_id);
            if !known {
                return Err(ApiError::new(
                    404,
                    ErrorType::SsoConnectionNotFound,
                    "sso_default_connection_id must name one of the organization's SSO connections.",
                ));
            }
            org.sso_default_connection_id = Some(connection_id.clone());
        }
        check_restrictions(&org)?;
        org.updated_at = stytch_models::time::format_rfc3339(ctx.now);
        if let Some(slot) = self
            .organizations
            .iter_mut()
            .find(|o| o.organization_id == current.organization_id)
        {
            *slot = org.clone();
        }
        if org.rbac_email_implicit_role_assignments != current.rbac_email_implicit_role_assignments {
            self.reapply_implicit_roles(&org.organization_id);
        }
        Ok(OrganizationResponse {
            request_id: ids::request_id(),
            status_code: 200,
            organization: org,
        })
    }

    /// Refuses an address another member of the organization holds ([`Store::email_hold`]):
    /// `duplicate_member_email` for their current address, `retired_member_email` for one they
    /// retired, `desired_email_updating_for_different_member` for one they are updating to (all
    /// 400).
    pub(super) fn ensure_email_free(
        &self,
        ctx: &Ctx<'_>,
        organization_id: &str,
        email: &str,
        except_member_id: Option<&str>,
    ) -> ApiResult<()> {
        use super::email_update::EmailHold;
        let (error_type, message) = match self.email_hold(organization_id, email, except_member_id, ctx.now) {
            None => return Ok(()),
            Some(EmailHold::Current) => (
                "duplicate_member_email",
                "A member of the organization has this email address.",
            ),
            Some(EmailHold::Retired) => (
                "retired_member_email",
                "A member of the organization retired this email address; it is theirs until they unlink it.",
            ),
            Some(EmailHold::Pending) => (
                "desired_email_updating_for_different_member",
                "A member of the organization is updating their email address to this one.",
            ),
        };
        Err(ApiError::named(400, error_type, message))
    }

    /// Checks an organization's new external ID ([`external_id_shape`]): unique within the
    /// project (`organization_external_id_already_used`, 400), `except` aside.
    pub(super) fn ensure_organization_external_id_free(
        &self,
        external_id: &str,
        except: Option<&str>,
    ) -> ApiResult<()> {
        if !external_id_shape(external_id) {
            return Err(ApiError::named(
                400,
                "invalid_organization_external_id",
                "organization_external_id must be at most 128 letters, digits, '.', '_', '-' or '|'.",
            ));
        }
        let taken = self.organizations.iter().any(|o| {
            except != Some(o.organization_id.as_str()) && o.organization_external_id.as_deref() == Some(external_id)
        });
        if taken {
            return Err(ApiError::named(
                400,
                "organization_external_id_already_used",
                "Another organization of the project has this external ID.",
            ));
        }
        Ok(())
    }

    /// Whether a member of the organization other than `except_member_id` is `holding`.
    fn another_member_holds(
        &self,
        organization_id: &str,
        except_member_id: Option<&str>,
        holding: impl Fn(&Member) -> bool,
    ) -> bool {
        self.members.iter().any(|m| {
            m.organization_id == organization_id && except_member_id != Some(m.member_id.as_str()) && holding(m)
        })
    }

    /// Checks a member's new external ID ([`external_id_shape`]): unique within the
    /// organization (`duplicate_member_external_id`, 400), `except_member_id` aside. Deleted
    /// members keep theirs until it is removed (our reading), so an ID names one member.
    pub(super) fn ensure_member_external_id_free(
        &self,
        organization_id: &str,
        external_id: &str,
        except_member_id: Option<&str>,
    ) -> ApiResult<()> {
        if !external_id_shape(external_id) {
            return Err(ApiError::bad_request(
                "external_id must be at most 128 letters, digits, '.', '_', '-' or '|'.",
            ));
        }
        if self.another_member_holds(organization_id, except_member_id, |m| {
            m.external_id.as_deref() == Some(external_id)
        }) {
            return Err(ApiError::named(
                400,
                "duplicate_member_external_id",
                "Another member of the organization has this external ID.",
            ));
        }
        Ok(())
    }

    /// Refuses an MFA phone number another member of the organization has (`except_member_id`
    /// aside; deleted members hold none): `duplicate_member_phone_number`, 400. Within an
    /// organization a phone number, like an email address, belongs to one member.
    pub(super) fn ensure_phone_free(
        &self,
        organization_id: &str,
        phone: &str,
        except_member_id: Option<&str>,
    ) -> ApiResult<()> {
        let taken = !phone.is_empty()
            && self.another_member_holds(organization_id, except_member_id, |m| {
                m.status != MemberStatus::Deleted && m.mfa_phone_number == phone
            });
        if taken {
            return Err(ApiError::new(
                400,
                ErrorType::DuplicateMemberPhoneNumber,
                "Another member of the organization has this phone number.",
            ));
        }
        Ok(())
    }

    /// `DELETE /v1/b2b/organizations/{organization_id}`: the organization and its members go,
    /// and every session in it is revoked.
    pub(crate) fn delete_organization(&mut self, organization_id: &str) -> ApiResult<()> {
        let organization_id = self.organization(organization_id)?.organization_id.clone();
        self.organizations.retain(|o| o.organization_id != organization_id);
        self.members.retain(|m| m.organization_id != organization_id);
        self.sso_connections.retain(|c| c.organization_id() != organization_id);
        self.drop_external_connections(|owner, _| owner == organization_id);
        self.scim_connections.retain(|r| r.organization_id() != organization_id);
        let members = &self.members;
        self.oauth_provider_tokens
            .retain(|t| members.iter().any(|m| m.member_id == t.member_id));
        for record in self.sessions.values_mut() {
            if record.session.organization_id == organization_id {
                record.revoked = true;
            }
        }
        Ok(())
    }

    /// `DELETE /v1/b2b/organizations/{organization_id}/external_id`.
    pub(crate) fn delete_organization_external_id(
        &mut self,
        ctx: &Ctx<'_>,
        organization_id: &str,
    ) -> ApiResult<OrganizationResponse> {
        let organization = self.organization_mut(organization_id)?;
        organization.organization_external_id = None;
        organization.updated_at = stytch_models::time::format_rfc3339(ctx.now);
        Ok(OrganizationResponse {
            request_id: ids::request_id(),
            status_code: 200,
            organization: organization.clone(),
        })
    }

    /// `DELETE /v1/b2b/organizations/{organization_id}/members/{member_id}/external_id`.
    pub(crate) fn delete_member_external_id(
        &mut self,
        ctx: &Ctx<'_>,
        organization_id: &str,
        member_id: &str,
    ) -> ApiResult<MemberResponse> {
        let organization = self.organization(organization_id)?.clone();
        let mut member = self.member(&organization.organization_id, member_id)?.clone();
        member.external_id = None;
        member.updated_at = stytch_models::time::format_rfc3339(ctx.now);
        self.upsert_member(member.clone());
        Ok(member_response(member, organization))
    }

    /// `GET /v1/b2b/organizations/members/dangerously_get/{member_id}`: a member of any
    /// organization by ID alone; a deleted one only with `include_deleted`.
    pub(crate) fn dangerously_get_member(&self, member_id: &str, include_deleted: bool) -> ApiResult<MemberResponse> {
        let member = self
            .members
            .iter()
            .find(|m| m.member_id == member_id && (include_deleted || m.status != MemberStatus::Deleted))
            .ok_or_else(ApiError::member_not_found)?
            .clone();
        let organization = self.organization(&member.organization_id)?.clone();
        Ok(member_response(member, organization))
    }

    /// `GET /v1/b2b/organizations/{organization_id}/metrics`: how many members it has (deleted
    /// ones not counted).
    pub(crate) fn organization_metrics(&self, organization_id: &str) -> ApiResult<serde_json::Value> {
        let id = &self.organization(organization_id)?.organization_id;
        let member_count = self
            .members
            .iter()
            .filter(|m| m.organization_id == *id && m.status != MemberStatus::Deleted)
            .count();
        Ok(serde_json::json!({ "request_id": ids::request_id(), "status_code": 200, "member_count": member_count }))
    }

    /// `DELETE …/members/{member_id}` (`deleted`, sessions revoked) and `PUT …/reactivate`
    /// (`active` again, unless another member took the address meanwhile).
    pub(crate) fn set_member_deleted(
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
            self.ensure_email_free(
                ctx,
                &organization.organization_id,
                &member.email_address,
                Some(&member.member_id),
            )?;
            member.status = MemberStatus::Active;
        }
        member.updated_at = stytch_models::time::format_rfc3339(ctx.now);
        self.upsert_member(member.clone());
        Ok(member_response(member, organization))
    }

    /// Removes one of a member's credentials (the `deleteMFAPhoneNumber`, `deleteTOTP` and
    /// `deletePassword` endpoints of both surfaces): a default MFA method that named it is
    /// cleared, and a removed authenticator app takes its recovery codes with it.
    pub(crate) fn remove_credential(
        &mut self,
        ctx: &Ctx<'_>,
        organization_id: &str,
        member_id: &str,
        credential: RemovedCredential,
    ) -> ApiResult<MemberResponse> {
        let organization = self.organization(organization_id)?.clone();
        let mut member = self.member(&organization.organization_id, member_id)?.clone();
        let not_found =
            |error_type: ErrorType, what: &str| ApiError::new(404, error_type, format!("The member has no {what}."));
        match credential {
            RemovedCredential::MfaPhone => {
                if member.mfa_phone_number.is_empty() {
                    return Err(not_found(
                        ErrorType::Unknown("member_phone_number_not_found".into()),
                        "MFA phone number",
                    ));
                }
                member.mfa_phone_number.clear();
                member.mfa_phone_number_verified = false;
                self.sms_codes.remove(&member.member_id);
                if member.default_mfa_method == "sms_otp" {
                    member.default_mfa_method.clear();
                }
            }
            RemovedCredential::Totp => {
                if self.totps.remove(&member.member_id).is_none() && member.totp_registration_id.is_empty() {
                    return Err(not_found(ErrorType::TotpNotFound, "authenticator app"));
                }
                member.totp_registration_id.clear();
                if member.default_mfa_method == "totp" {
                    member.default_mfa_method.clear();
                }
            }
            RemovedCredential::Password(password_id) => {
                if member.member_password_id.is_empty() || member.member_password_id != password_id {
                    return Err(not_found(
                        ErrorType::Unknown("member_password_not_found".into()),
                        "password with that ID",
                    ));
                }
                member.member_password_id.clear();
                self.passwords.remove(&member.member_id);
            }
        }
        member.updated_at = stytch_models::time::format_rfc3339(ctx.now);
        self.upsert_member(member.clone());
        Ok(member_response(member, organization))
    }

    /// The member whose password has this ID, in the organization.
    pub(crate) fn member_by_password(&self, organization_id: &str, password_id: &str) -> ApiResult<&Member> {
        let organization_id = self.organization_id_of(organization_id);
        self.members
            .iter()
            .find(|m| {
                m.organization_id == organization_id && !password_id.is_empty() && m.member_password_id == password_id
            })
            .ok_or_else(|| {
                ApiError::new(
                    404,
                    ErrorType::Unknown("member_password_not_found".into()),
                    "No member of the organization has a password with that ID.",
                )
            })
    }

    /// `PUT /v1/b2b/organizations/{organization_id}/members/{member_id}`.
    pub(crate) fn update_member(
        &mut self,
        ctx: &Ctx<'_>,
        organization_id: &str,
        member_id: &str,
        request: &MemberUpdateRequest,
        backend: Option<&BackendMemberFields>,
    ) -> ApiResult<MemberResponse> {
        let organization = self.organization(organization_id)?.clone();
        let mut member = self.member(&organization.organization_id, member_id)?.clone();
        if let Some(name) = &request.name {
            member.name = name.clone();
        }
        if let Some(metadata) = &request.untrusted_metadata {
            member.untrusted_metadata = metadata.clone();
        }
        if let Some(fields) = backend {
            if let Some(metadata) = &fields.trusted_metadata {
                member.trusted_metadata = metadata_object(metadata)?;
            }
            if let Some(external_id) = &fields.external_id {
                if !external_id.is_empty() {
                    self.ensure_member_external_id_free(
                        &organization.organization_id,
                        external_id,
                        Some(&member.member_id),
                    )?;
                }
                member.external_id = Some(external_id.clone()).filter(|id| !id.is_empty());
            }
        }
        if let Some(v) = request.mfa_enrolled {
            member.mfa_enrolled = v;
        }
        if let Some(phone) = &request.mfa_phone_number {
            if !phone.is_empty() {
                super::mfa::validate_e164(phone)?;
            }
            if *phone != member.mfa_phone_number {
                // Stytch: setting a number "throws an error if the Member already has a phone
                // number"; the old one is deleted first (`delete_member_mfa_phone_number`).
                if !phone.is_empty() && !member.mfa_phone_number.is_empty() {
                    return Err(ApiError::new(
                        400,
                        ErrorType::Unknown("duplicate_member_phone_number_for_member".into()),
                        "The member already has an MFA phone number; delete it before setting another.",
                    ));
                }
                self.ensure_phone_free(&organization.organization_id, phone, Some(&member.member_id))?;
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
        let mut sso_connections_losing_roles = Vec::new();
        if let Some(roles) = &request.roles {
            sso_connections_losing_roles = connections_still_granting_removed_roles(&member, roles);
            super::store::set_direct_roles(&mut member, roles);
        }
        let mut password_cleared = false;
        if let Some(email) = &request.email_address {
            // Set at once, unverified (nobody proved it); the old address is retired (or, with
            // `unlink_email`, deleted) and the password goes, as Stytch documents. The member
            // may return to one of their own retired addresses.
            validate_email(email)?;
            if !member.email_address.eq_ignore_ascii_case(email) {
                self.ensure_email_free(ctx, &organization.organization_id, email, Some(&member.member_id))?;
                super::email_update::change_address(&mut member, email, false);
                if request.unlink_email == Some(true) {
                    member.retired_email_addresses.pop();
                }
                password_cleared = !member.member_password_id.is_empty();
                member.member_password_id.clear();
            }
        }
        member.updated_at = stytch_models::time::format_rfc3339(ctx.now);
        let member = self.upsert_member(member);
        if password_cleared {
            self.passwords.remove(&member.member_id);
        }
        if request.preserve_existing_sessions != Some(true) {
            self.revoke_sso_sessions(&member.member_id, &sso_connections_losing_roles);
        }
        Ok(member_response(member, organization))
    }
}

#[cfg(test)]
mod external_id_tests {
    use super::external_id_shape;

    #[test]
    fn external_ids_are_one_to_128_letters_digits_dots_underscores_dashes_or_bars() {
        assert!(external_id_shape("crm|account-42.eu_west"));
        assert!(external_id_shape(&"x".repeat(128)));
        for refused in ["", "has space", "naïve", "a/b", "a@b", &"x".repeat(129)] {
            assert!(!external_id_shape(refused), "{refused:?}");
        }
    }
}

#[cfg(test)]
mod domain_list_tests {
    use super::*;

    fn error_of(domains: &[&str], list: DomainList) -> String {
        let given: Vec<String> = domains.iter().map(|d| (*d).to_owned()).collect();
        match checked_domains(&given, list) {
            Ok(kept) => format!("kept {kept:?}"),
            Err(error) => error.error_type.as_str().to_owned(),
        }
    }

    #[test]
    fn domains_are_lowercased_and_refused_by_stytchs_names() {
        assert_eq!(
            error_of(&[" Acme.Example ", "mail.acme-corp.io"], DomainList::Allowed),
            r#"kept ["acme.example", "mail.acme-corp.io"]"#
        );
        for common in [
            "gmail.com",
            "Hotmail.com",
            "yahoo.com",
            "icloud.com",
            "gmx.net",
            "qq.com",
        ] {
            assert_eq!(
                error_of(&[common], DomainList::Allowed),
                "organization_settings_domain_too_common",
                "{common}"
            );
        }
        assert_eq!(
            error_of(&["Gmail.com"], DomainList::Claimed),
            "organization_settings_claimed_domain_too_common"
        );
        for list in [DomainList::Allowed, DomainList::Claimed] {
            assert_eq!(
                error_of(&["acme.example", "Mailinator.com"], list),
                "organization_settings_disposable_domain"
            );
        }
        for bad in [
            "ada@acme.example",
            "localhost",
            "-acme.example",
            "acme..example",
            "acme example.com",
        ] {
            assert_eq!(
                error_of(&[bad], DomainList::Allowed),
                "organization_settings_invalid_domain",
                "{bad}"
            );
        }
        assert_eq!(
            error_of(&["acme.example", "ACME.example"], DomainList::Allowed),
            "organization_settings_duplicate_domain"
        );
        assert_eq!(
            error_of(&["acme.example", "acme.example"], DomainList::Claimed),
            "organization_settings_duplicate_claimed_domain"
        );
    }
}
