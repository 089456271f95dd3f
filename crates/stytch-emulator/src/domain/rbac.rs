//! The RBAC permissions member and organization management needs, by the fields a request
//! sets, named as the actions of Stytch's default resources (`stytch.organization`,
//! `stytch.member`, `stytch.self`). A field whose action Stytch does not document needs a role
//! granting every action on the resource (`*`), which the default `stytch_admin` has.

use stytch_models::api::organizations::{MemberUpdateRequest, OrganizationUpdateRequest};

use super::organizations::RemovedCredential;
use crate::error::{ApiError, ApiResult};
use stytch_models::ErrorType;

/// Needs a role that grants every action on the resource.
pub const EVERY_ACTION: &str = "*";

/// One permission: a resource and an action on it.
pub type Permission = (&'static str, &'static str);

/// What updating an organization needs, one action per field set.
pub fn organization_update(request: &OrganizationUpdateRequest) -> Vec<Permission> {
    let set = [
        (request.organization_name.is_some(), "update.info.name"),
        (request.organization_slug.is_some(), "update.info.slug"),
        (request.organization_logo_url.is_some(), "update.info.logo_url"),
        (
            request.email_jit_provisioning.is_some(),
            "update.info.email_jit_provisioning",
        ),
        (request.email_allowed_domains.is_some(), "update.info.allowed_domains"),
        (request.email_invites.is_some(), "update.info.email_invites"),
        (request.mfa_policy.is_some(), "update.info.mfa_policy"),
        (
            request.auth_methods.is_some()
                || request.allowed_auth_methods.is_some()
                || request.mfa_methods.is_some()
                || request.allowed_mfa_methods.is_some()
                || request.oauth_tenant_jit_provisioning.is_some()
                || request.allowed_oauth_tenants.is_some()
                || request.sso_jit_provisioning.is_some()
                || request.sso_jit_provisioning_allowed_connections.is_some()
                || request.sso_default_connection_id.is_some()
                || request.rbac_email_implicit_role_assignments.is_some(),
            EVERY_ACTION,
        ),
    ];
    set.into_iter()
        .filter(|(is_set, _)| *is_set)
        .map(|(_, action)| ("stytch.organization", action))
        .collect()
}

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
            "update.info.untrusted_metadata",
        ),
        (request.mfa_phone_number.is_some(), details, "update.info.mfa-phone"),
        (request.mfa_enrolled.is_some(), details, "update.settings.mfa_enrolled"),
        (request.default_mfa_method.is_some(), details, EVERY_ACTION),
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
                ("stytch.organization", "*")
            ]
        );
    }
}
