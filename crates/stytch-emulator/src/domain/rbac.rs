//! The RBAC permissions member and organization management needs, by the fields a request
//! sets, named as the actions of Stytch's default resources (`stytch.organization`,
//! `stytch.member`, `stytch.self`). A field whose action Stytch does not document needs a role
//! granting every action on the resource (`*`), which the default `stytch_admin` has.
//!
//! The names are those each field's documentation gives in npm `stytch` (`organizations.update`,
//! `members.update`) and those the official prebuilt UI checks (`@stytch/vanilla-js`:
//! `update.settings.mfa-policy`, `update.info.logo-url`, `update.settings.mfa-enrolled`…). The
//! same npm package's list of reserved actions (`rbac.d.ts`) still spells some the old way
//! (`update.info.mfa_policy`, `update.settings.mfa_enrolled`); neither official client uses
//! those, and a role granting only them is refused here.

use stytch_models::api::organizations::{MemberUpdateRequest, OrganizationUpdateRequest};

use super::organizations::RemovedCredential;
use crate::error::{ApiError, ApiResult};
use stytch_models::ErrorType;

/// Needs a role that grants every action on the resource.
pub const EVERY_ACTION: &str = "*";

/// One permission: a resource and an action on it.
pub type Permission = (&'static str, &'static str);

/// What updating an organization needs, one action per field set (each setting's fields
/// share one).
pub fn organization_update(request: &OrganizationUpdateRequest) -> Vec<Permission> {
    let r = request;
    let set = [
        (r.organization_name.is_some(), "update.info.name"),
        (r.organization_slug.is_some(), "update.info.slug"),
        (r.organization_logo_url.is_some(), "update.info.logo-url"),
        (
            r.email_jit_provisioning.is_some(),
            "update.settings.email-jit-provisioning",
        ),
        (r.email_allowed_domains.is_some(), "update.settings.allowed-domains"),
        (r.email_invites.is_some(), "update.settings.email-invites"),
        (r.mfa_policy.is_some(), "update.settings.mfa-policy"),
        (
            r.auth_methods.is_some() || r.allowed_auth_methods.is_some(),
            "update.settings.allowed-auth-methods",
        ),
        (
            r.mfa_methods.is_some() || r.allowed_mfa_methods.is_some(),
            "update.settings.allowed-mfa-methods",
        ),
        (
            r.oauth_tenant_jit_provisioning.is_some(),
            "update.settings.oauth-tenant-jit-provisioning",
        ),
        (
            r.allowed_oauth_tenants.is_some(),
            "update.settings.allowed-oauth-tenants",
        ),
        (
            r.sso_jit_provisioning.is_some() || r.sso_jit_provisioning_allowed_connections.is_some(),
            "update.settings.sso-jit-provisioning",
        ),
        (
            r.sso_default_connection_id.is_some(),
            "update.settings.default-sso-connection",
        ),
        (r.rbac_email_implicit_role_assignments.is_some(), IMPLICIT_ROLES),
    ];
    set.into_iter()
        .filter(|(is_set, _)| *is_set)
        .map(|(_, action)| ("stytch.organization", action))
        .collect()
}

/// Changing the roles members hold implicitly (by email domain, or a SCIM group's).
pub const IMPLICIT_ROLES: &str = "update.settings.implicit-roles";

/// What updating a member needs. Updating oneself needs `stytch.self` for one's own details
/// (which the default `stytch_member` role holds), but `stytch.member` for one's roles,
/// break-glass status and email address: a member cannot promote themselves.
pub fn member_update(request: &MemberUpdateRequest, oneself: bool) -> Vec<Permission> {
    let details = if oneself { "stytch.self" } else { "stytch.member" };
    let set = [
        (request.name.is_some(), details, "update.info.name"),
        (
            request.untrusted_metadata.is_some(),
            details,
            "update.info.untrusted-metadata",
        ),
        (request.mfa_phone_number.is_some(), details, "update.info.mfa-phone"),
        (request.mfa_enrolled.is_some(), details, "update.settings.mfa-enrolled"),
        (
            request.default_mfa_method.is_some(),
            details,
            "update.settings.default-mfa-method",
        ),
        (
            request.is_breakglass.is_some(),
            "stytch.member",
            "update.settings.is-breakglass",
        ),
        (request.roles.is_some(), "stytch.member", "update.settings.roles"),
        // Members cannot set their own address this way (Stytch: they start an email update).
        (request.email_address.is_some(), "stytch.member", "update.info.email"),
    ];
    set.into_iter()
        .filter(|(is_set, _, _)| *is_set)
        .map(|(_, resource, action)| (resource, action))
        .collect()
}

/// Stytch's rule beside [`member_update`]'s permissions: members cannot set their own email
/// address with a member update, whatever their roles (they start an email update instead).
pub fn refuse_own_email(request: &MemberUpdateRequest, oneself: bool) -> ApiResult<()> {
    if oneself && request.email_address.is_some() {
        return Err(ApiError::new(
            403,
            ErrorType::Unknown("member_cannot_update_their_email_address".into()),
            "Members cannot change their own email address with a member update; start an email update instead.",
        ));
    }
    Ok(())
}

/// What removing a member's MFA phone, authenticator app or password needs: `stytch.self`
/// for one's own, `stytch.member` for someone else's.
pub fn credential_removal(credential: &RemovedCredential, oneself: bool) -> Permission {
    let resource = if oneself { "stytch.self" } else { "stytch.member" };
    let action = match credential {
        RemovedCredential::MfaPhone => "update.info.delete.mfa-phone",
        RemovedCredential::Totp => "update.info.delete.mfa-totp",
        RemovedCredential::Password(_) => "update.info.delete.password",
    };
    (resource, action)
}

/// What a member's email update or retired-address unlink needs: `update.info.email` or
/// `update.info.unlink.retired-email`, on `stytch.self` for one's own, `stytch.member` for
/// someone else's.
pub fn member_email(unlink: bool, oneself: bool) -> Permission {
    let resource = if oneself { "stytch.self" } else { "stytch.member" };
    let action = if unlink {
        "update.info.unlink.retired-email"
    } else {
        "update.info.email"
    };
    (resource, action)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_field_names_its_action_and_oneself_never_covers_roles() {
        let rename = MemberUpdateRequest {
            name: Some("Ada".into()),
            roles: Some(vec!["stytch_admin".into()]),
            ..Default::default()
        };
        assert_eq!(
            member_update(&rename, true),
            [
                ("stytch.self", "update.info.name"),
                ("stytch.member", "update.settings.roles")
            ]
        );
        assert_eq!(member_update(&rename, false)[0], ("stytch.member", "update.info.name"));
        let policy = OrganizationUpdateRequest {
            organization_slug: Some("acme".into()),
            allowed_mfa_methods: Some(vec![]),
            ..Default::default()
        };
        assert_eq!(
            organization_update(&policy),
            [
                ("stytch.organization", "update.info.slug"),
                ("stytch.organization", "update.settings.allowed-mfa-methods")
            ]
        );
    }

    #[test]
    fn settings_and_member_flags_use_the_documented_hyphenated_actions() {
        let settings = OrganizationUpdateRequest {
            organization_logo_url: Some(String::new()),
            mfa_policy: Some(stytch_models::MfaPolicy::RequiredForAll),
            email_allowed_domains: Some(vec![]),
            rbac_email_implicit_role_assignments: Some(vec![]),
            ..Default::default()
        };
        assert_eq!(
            organization_update(&settings),
            [
                ("stytch.organization", "update.info.logo-url"),
                ("stytch.organization", "update.settings.allowed-domains"),
                ("stytch.organization", "update.settings.mfa-policy"),
                ("stytch.organization", "update.settings.implicit-roles"),
            ]
        );
        let flags = MemberUpdateRequest {
            mfa_enrolled: Some(true),
            untrusted_metadata: Some(serde_json::Map::new()),
            ..Default::default()
        };
        assert_eq!(
            member_update(&flags, true),
            [
                ("stytch.self", "update.info.untrusted-metadata"),
                ("stytch.self", "update.settings.mfa-enrolled"),
            ]
        );
    }
}
