//! Stytch's error vocabulary and error body.

use crate::json::{FromJson, ToJson};
use serde::{Deserialize, Serialize};
use serde_json::Value;

crate::open_enum! {
    /// Stytch's `error_type` values used by the B2B flows this project covers.
    /// Any other value is kept in `Unknown`.
    ///
    /// ```
    /// use stytch_models::ErrorType;
    /// assert!(ErrorType::SessionNotFound.is_unrecoverable());
    /// assert_eq!(ErrorType::parse("brand_new_error"), ErrorType::Unknown("brand_new_error".into()));
    /// ```
    pub enum ErrorType {
        /// Malformed request (bad JSON, missing or mistyped fields).
        BadRequest = "bad_request",
        /// A value is outside what the endpoint accepts.
        InvalidArgument = "invalid_argument",
        /// Unknown route.
        RouteNotFound = "route_not_found",
        /// The route exists, but not for this method.
        MethodNotAllowed = "method_not_allowed",
        /// Bad Basic credentials.
        UnauthorizedCredentials = "unauthorized_credentials",
        /// Malformed secret.
        InvalidSecretAuthentication = "invalid_secret_authentication",
        /// The call needs a session and none was sent.
        UserUnauthenticated = "user_unauthenticated",
        /// The public token is unknown.
        PublicTokenNotFound = "public_token_not_found",
        /// Unknown, expired or revoked session.
        SessionNotFound = "session_not_found",
        /// Unknown, expired or consumed intermediate session.
        IntermediateSessionNotFound = "intermediate_session_not_found",
        /// Several session credentials were passed.
        TooManySessionArguments = "too_many_session_arguments",
        /// No session credential was passed.
        NoSessionArguments = "no_session_arguments",
        /// `session_duration_minutes` outside 5..=527040.
        InvalidSessionDurationMinutes = "invalid_session_duration_minutes",
        /// The magic link was already used.
        UnableToAuthMagicLink = "unable_to_auth_magic_link",
        /// Unknown or expired magic link.
        MagicLinkNotFound = "magic_link_not_found",
        /// Unknown, expired or used impersonation token.
        UnableToAuthImpersonationToken = "unable_to_auth_impersonation_token",
        /// The redirect URL is not on the project's allow-list.
        NoMatchForProvidedMagicLinkUrl = "no_match_for_provided_magic_link_url",
        /// Malformed email address.
        InvalidEmail = "invalid_email",
        /// Unknown organization.
        OrganizationNotFound = "organization_not_found",
        /// Unknown member.
        MemberNotFound = "member_not_found",
        /// Slug taken.
        OrganizationSlugAlreadyUsed = "organization_slug_already_used",
        /// Slug fails the format rule.
        InvalidOrganizationSlug = "invalid_organization_slug",
        /// Name missing or too long.
        InvalidOrganizationName = "invalid_organization_name",
        /// Email already used by another member of the organization.
        DuplicateMemberEmail = "duplicate_member_email",
        /// The action is refused to the caller (kept for Stytch answers that use it; the
        /// emulator's RBAC refusals are [`SessionAuthorizationError`](Self::SessionAuthorizationError)).
        UnauthorizedAction = "unauthorized_action",
        /// The member's roles do not grant the action on the resource (RBAC), 403: an
        /// `authorization_check` that fails, an RBAC-enforced call made with a member session.
        SessionAuthorizationError = "session_authorization_error",
        /// The member session belongs to another organization than the one the authorization
        /// check or the call names, 403.
        SessionAuthorizationTenancyError = "session_authorization_tenancy_error",
        /// The person may not join the organization: it admits no one by email domain.
        EmailJitProvisioningNotAllowed = "email_jit_provisioning_not_allowed",
        /// The person may not join the organization: their email domain is not one it admits.
        InvalidEmailForJitProvisioning = "invalid_email_for_jit_provisioning",
        /// The action needs more factors than the request carries (an MFA factor the member
        /// already has, before enrolling another).
        InsufficientFactors = "insufficient_factors",
        /// The session cannot be exchanged into the organization.
        InsufficientFactorsForSessionExchange = "insufficient_factors_for_session_exchange",
        /// Organization creation is disabled for the SDK.
        EndpointNotAuthorizedForSdk = "endpoint_not_authorized_for_sdk",
        /// Unknown or expired one-time passcode.
        OtpCodeNotFound = "otp_code_not_found",
        /// Wrong one-time passcode.
        UnableToAuthOtpCode = "unable_to_auth_otp_code",
        /// Malformed (non-E.164) phone number.
        InvalidPhoneNumber = "invalid_phone_number",
        /// Another member of the organization has this MFA phone number.
        DuplicateMemberPhoneNumber = "duplicate_member_phone_number",
        /// The member already has an active TOTP registration.
        ActiveTotpExists = "active_totp_exists",
        /// No TOTP registration to authenticate against.
        TotpNotFound = "totp_not_found",
        /// Wrong TOTP code.
        UnableToAuthenticateTotp = "unable_to_authenticate_totp",
        /// A TOTP code was replayed.
        TotpCodeAlreadyAuthenticated = "totp_code_already_authenticated",
        /// Wrong or used recovery code.
        UnableToAuthenticateRecoveryCode = "unable_to_authenticate_recovery_code",
        /// The member has no recovery codes.
        RecoveryCodesNotFound = "recovery_codes_not_found",
        /// An MFA call came before the primary factor was satisfied.
        ActionAvailableOnlyOncePrimaryAuthenticationIsMet = "action_available_only_once_primary_authentication_is_met",
        /// The organization does not allow this MFA method.
        OperationRestrictedByOrganizationMfaMethods = "operation_restricted_by_organization_mfa_methods",
        /// The credential belongs to another member.
        MemberSessionMemberIdMismatch = "member_session_member_id_mismatch",
        /// No member has this email and none may be created.
        EmailNotFound = "email_not_found",
        /// The password was found in a breach; it must be reset.
        MemberResetPassword = "member_reset_password",
        /// The new password is too weak.
        WeakPassword = "weak_password",
        /// The OAuth token is unknown, expired or used.
        OauthTokenNotFound = "oauth_token_not_found",
        /// The organization does not accept this primary method.
        OperationRestrictedByOrganizationAuthMethods = "operation_restricted_by_organization_auth_methods",
        /// The OAuth identity may not join the organization.
        OauthTenantJitProvisioningNotAllowed = "oauth_tenant_jit_provisioning_not_allowed",
        /// The SSO token is unknown, expired or used.
        SsoTokenNotFound = "sso_token_not_found",
        /// No SSO connection with this ID in the organization.
        SsoConnectionNotFound = "sso_connection_not_found",
        /// The SSO identity is not a member and may not join through this connection.
        InvalidConnectionForJitProvisioning = "invalid_connection_for_jit_provisioning",
        /// A PKCE challenge was registered but the authenticate call sent no verifier: the
        /// link or redirect was opened in another browser than the one that started it.
        PkceExpectedCodeVerifier = "pkce_expected_code_verifier",
        /// A PKCE verifier was sent, but the token was issued without a challenge.
        PkceDidNotExpectCodeVerifier = "pkce_did_not_expect_code_verifier",
        /// The PKCE verifier does not hash to the registered challenge.
        PkceMismatch = "pkce_mismatch",
        /// Rate limit.
        TooManyRequests = "too_many_requests",
        /// Server failure.
        InternalServerError = "internal_server_error",
    }
}

impl ErrorType {
    /// The error types after which the SDK clears the local session.
    pub const UNRECOVERABLE: [ErrorType; 4] = [
        ErrorType::UnauthorizedCredentials,
        ErrorType::UserUnauthenticated,
        ErrorType::InvalidSecretAuthentication,
        ErrorType::SessionNotFound,
    ];

    /// Whether the SDK must clear the local session when it sees this error.
    ///
    /// ```
    /// use stytch_models::ErrorType;
    /// // A dead session ends the local one; a rate limit or an outage does not.
    /// assert!(ErrorType::SessionNotFound.is_unrecoverable());
    /// assert!(!ErrorType::Unknown("too_many_requests".into()).is_unrecoverable());
    /// ```
    pub fn is_unrecoverable(&self) -> bool {
        Self::UNRECOVERABLE.contains(self)
    }
}

/// The body of every Stytch error response (top level, never inside `data`).
///
/// ```
/// let e: stytch_models::ApiErrorBody = serde_json::from_str(
///     r#"{"status_code":404,"request_id":"r","error_type":"session_not_found",
///         "error_message":"Session could not be found.","error_url":"https://stytch.com/docs/api/errors/404"}"#,
/// ).unwrap();
/// assert_eq!(e.error_type, stytch_models::ErrorType::SessionNotFound);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(default)]
pub struct ApiErrorBody {
    /// HTTP status, repeated in the body.
    pub status_code: u16,
    /// Request ID.
    pub request_id: String,
    /// Machine-readable type.
    pub error_type: ErrorType,
    /// Human-readable message.
    pub error_message: String,
    /// Documentation link.
    pub error_url: String,
    /// Extra details.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_details: Option<Value>,
}

impl Default for ErrorType {
    fn default() -> Self {
        ErrorType::Unknown(String::new())
    }
}

impl ApiErrorBody {
    /// Builds a body with Stytch's documentation URL for this status and type.
    ///
    /// ```
    /// use stytch_models::{ApiErrorBody, ErrorType};
    /// let e = ApiErrorBody::new(404, ErrorType::SessionNotFound, "gone", "request-id-test-1");
    /// assert_eq!(e.error_url, "https://stytch.com/docs/api/errors/404#session_not_found");
    /// ```
    pub fn new(
        status_code: u16,
        error_type: ErrorType,
        message: impl Into<String>,
        request_id: impl Into<String>,
    ) -> Self {
        let error_url = format!("https://stytch.com/docs/api/errors/{status_code}#{error_type}");
        Self {
            status_code,
            request_id: request_id.into(),
            error_type,
            error_message: message.into(),
            error_url,
            error_details: None,
        }
    }
}
