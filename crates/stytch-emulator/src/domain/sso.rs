//! Enterprise SSO through simulated identity providers. An organization's SAML and OIDC
//! connections are created `pending` and become `active` once configured (SAML: the
//! provider's entity ID, sign-in URL and signing certificate; OIDC: issuer, client ID and
//! secret). The start URL (`/v1/public/sso/start`) opens the emulator's sign-in page for the
//! connection's identity provider, where a person states who the provider says they are; the
//! emulator then redirects to the app with `stytch_token_type=sso`.
//!
//! Rules (the Stytch docs name the fields; the details marked inferred are ours):
//! - A person who is not a member joins through a connection by `sso_jit_provisioning`:
//!   `ALL_ALLOWED`, `RESTRICTED` to `sso_jit_provisioning_allowed_connections`, or
//!   `NOT_ALLOWED`.
//! - The organization's identity provider vouches for the person, so SSO never asks for an
//!   email step-up; it does not mark the email verified either (inferred: the model lists SSO
//!   among neither kind).
//! - The first connection becomes `sso_default_connection_id` (inferred), and a deleted default
//!   passes to the next connection.
//! - A SAML connection's role assignments: members registered with it hold its connection
//!   roles (`sso_connection`) and, for the groups their last sign-in named, its group roles
//!   (`sso_connection_group`); a session holds them only if it has a factor from that
//!   connection, as Stytch documents.
//! - An external connection lets an organization's members sign in through another
//!   organization's active SAML or OIDC connection. It is always `active` while that
//!   connection is (inferred: listed in `sso_active_connections` only then, and a sign-in
//!   through it is `external_connection_not_active` otherwise); it goes when that connection
//!   or its organization does (inferred). Members register with the external connection, its
//!   ID is the factor's `provider_id`, and its own role assignments (SAML only, as Stytch
//!   documents) apply as a SAML connection's do.

use stytch_models::{
    ActiveSsoConnection, ErrorType, Member, MemberStatus, Organization, Restriction, RoleSource,
    api::{
        sessions::AuthenticateWithMfaResponse,
        sso::{
            CreateConnectionRequest, DeleteConnectionResponse, DeleteEncryptionPrivateKeyResponse,
            DeleteVerificationCertificateResponse, DiscoverConnectionsResponse, EncryptionPrivateKey,
            ExternalConnection, ExternalConnectionResponse, ExternalCreateConnectionRequest,
            ExternalUpdateConnectionRequest, GetConnectionsResponse, OidcConnection, OidcConnectionResponse,
            OidcUpdateConnectionRequest, SamlConnection, SamlConnectionResponse, SamlConnectionRoleAssignment,
            SamlGroupRoleAssignment, SamlUpdateConnectionRequest, SsoAuthenticateRequest, X509Certificate,
        },
    },
    time::format_rfc3339,
};

use super::discovery::{check_pkce, link_with_token};
use super::primary::{Continuing, LoginMember};
use super::redirect_urls::{RedirectFlow, RedirectKind};
use super::sessions::check_duration;
use super::store::{Factor, Store, new_member, role_source, set_implicit_sources, validate_email};
use super::{Ctx, ids};
use crate::error::{ApiError, ApiResult};

/// Callback tokens live ten minutes.
const TOKEN_LIFETIME_MS: i64 = 10 * 60 * 1000;
/// Verification certificates (and encryption private keys) a SAML connection may hold at once.
const MAX_CERTIFICATES: usize = 5;
/// The longest private key accepted (a 4096-bit RSA key's PEM is about 3.3 KB).
const MAX_PRIVATE_KEY_LENGTH: usize = 10_000;

/// Where Stytch's side of a connection lives (informational: the emulator's identity
/// providers never call it).
const CALLBACK_BASE: &str = "https://test.stytch.com/v1/b2b/sso/callback";

/// A stored connection.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "protocol", rename_all = "lowercase")]
pub enum SsoConnection {
    /// SAML.
    Saml(SamlConnection),
    /// OpenID Connect.
    Oidc(OidcConnection),
    /// Through another organization's SAML or OIDC connection.
    External(ExternalConnection),
}

impl SsoConnection {
    /// Connection ID.
    pub fn id(&self) -> &str {
        match self {
            Self::Saml(c) => &c.connection_id,
            Self::Oidc(c) => &c.connection_id,
            Self::External(c) => &c.connection_id,
        }
    }

    /// Its organization.
    pub fn organization_id(&self) -> &str {
        match self {
            Self::Saml(c) => &c.organization_id,
            Self::Oidc(c) => &c.organization_id,
            Self::External(c) => &c.organization_id,
        }
    }

    /// Whether people can sign in through it (an external connection: see
    /// [`Store::resolve_sso`] for the connection it uses).
    pub fn is_active(&self) -> bool {
        match self {
            Self::Saml(c) => c.status == "active",
            Self::Oidc(c) => c.status == "active",
            Self::External(c) => c.status == "active",
        }
    }

    /// `sso_saml` or `sso_oidc` (an external connection's comes from the one it uses).
    pub fn delivery_method(&self) -> &'static str {
        match self {
            Self::Saml(_) | Self::External(_) => "sso_saml",
            Self::Oidc(_) => "sso_oidc",
        }
    }

    /// As listed in `sso_active_connections`; `used` is the connection an external one uses
    /// (its identity provider is shown).
    pub fn summary(&self, used: &SsoConnection) -> ActiveSsoConnection {
        let identity_provider = match used {
            Self::Saml(c) => &c.identity_provider,
            Self::Oidc(c) => &c.identity_provider,
            Self::External(_) => "",
        };
        let display_name = match self {
            Self::Saml(c) => &c.display_name,
            Self::Oidc(c) => &c.display_name,
            Self::External(c) => &c.display_name,
        };
        ActiveSsoConnection {
            connection_id: self.id().to_owned(),
            display_name: display_name.clone(),
            identity_provider: identity_provider.to_owned(),
        }
    }

    /// The connection an external one uses, by its owner and ID.
    fn external_source(&self) -> Option<(&str, &str)> {
        match self {
            Self::External(c) => Some((&c.external_organization_id, &c.external_connection_id)),
            _ => None,
        }
    }
}

/// The query of a start URL, as the official SDK builds it.
#[derive(Clone, Debug, Default)]
pub struct SsoStart {
    /// The project's public token.
    pub public_token: String,
    /// The connection.
    pub connection_id: String,
    /// Where an existing member lands.
    pub login_redirect_url: Option<String>,
    /// Where a new member lands.
    pub signup_redirect_url: Option<String>,
    /// PKCE challenge.
    pub pkce_code_challenge: Option<String>,
}

/// Who the identity provider says the person is.
#[derive(Clone, Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct SsoIdentity {
    /// Email address.
    pub email: String,
    /// Display name.
    pub name: String,
    /// The person's ID at the provider; the email when empty.
    pub external_id: String,
    /// The groups the provider says the person is in (SAML: the assertion's `groups`).
    #[serde(default)]
    pub groups: Vec<String>,
}

/// What the identity provider's page shows.
#[derive(Clone, Debug)]
pub struct IdpContext {
    /// The connection.
    pub connection: ActiveSsoConnection,
    /// `SAML` or `OIDC`.
    pub protocol: &'static str,
    /// The organization's name.
    pub organization_name: String,
    /// Members of the organization, offered as one-click identities.
    pub known_emails: Vec<String>,
}

/// What a callback token stands for.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct SsoTokenRecord {
    connection_id: String,
    organization_id: String,
    identity: SsoIdentity,
    pkce_code_challenge: Option<String>,
    expires_ms: i64,
    used: bool,
}

fn connection_not_found() -> ApiError {
    ApiError::new(
        404,
        ErrorType::SsoConnectionNotFound,
        "No SSO connection with this ID exists in the organization.",
    )
}

/// A private key as the connection shows it: its PEM label around the last characters of its
/// body, however the PEM was laid out (the emulator decrypts nothing, so it keeps no key).
fn masked_key(pem: &str) -> String {
    let label = pem
        .split_once("-----BEGIN ")
        .and_then(|(_, rest)| rest.split_once("-----"))
        .map_or("PRIVATE KEY", |(label, _)| label.trim());
    let body: String = pem
        .split("-----")
        .filter(|part| !part.starts_with("BEGIN ") && !part.starts_with("END "))
        .flat_map(str::chars)
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '/' | '='))
        .collect();
    let tail: String = body.chars().skip(body.chars().count().saturating_sub(6)).collect();
    format!("-----BEGIN {label}-----\n…{tail}\n-----END {label}-----")
}

fn external_not_active() -> ApiError {
    ApiError::new(
        400,
        ErrorType::Unknown("external_connection_not_active".into()),
        "The connection this external connection uses is not active.",
    )
}

/// Checks a connection's role assignments: each needs a role (`invalid_rbac_role_assignment`)
/// and each group assignment a group; group assignments need a `groups` key in the SAML
/// connection's `attribute_mapping`.
fn check_role_assignments(
    connection: &SamlConnection,
    by_connection: &[SamlConnectionRoleAssignment],
    by_group: &[SamlGroupRoleAssignment],
) -> ApiResult<()> {
    if by_connection.iter().any(|a| a.role_id.trim().is_empty()) {
        return Err(ApiError::new(
            400,
            ErrorType::Unknown("invalid_rbac_role_assignment".into()),
            "Each connection role assignment needs a role_id.",
        ));
    }
    if let Some(bad) = by_group
        .iter()
        .find(|a| a.role_id.trim().is_empty() || a.group.trim().is_empty())
    {
        let (error_type, what) = if bad.group.trim().is_empty() {
            ("saml_group_role_assignment_does_not_contain_member_group", "group")
        } else {
            ("invalid_rbac_role_assignment", "role_id")
        };
        return Err(ApiError::new(
            400,
            ErrorType::Unknown(error_type.into()),
            format!("Each group role assignment needs a {what}."),
        ));
    }
    let has_groups_key = connection
        .attribute_mapping
        .as_ref()
        .and_then(|m| m.get("groups"))
        .is_some();
    if !by_group.is_empty() && !has_groups_key {
        return Err(ApiError::new(
            400,
            ErrorType::Unknown("saml_connection_attribute_mapping_missing_groups_key".into()),
            "Group role assignments need a groups key in the SAML connection's attribute_mapping.",
        ));
    }
    Ok(())
}

fn certificate(ctx: &Ctx<'_>, pem: &str, issuer: &str) -> X509Certificate {
    X509Certificate {
        certificate_id: ids::new_id("saml-verification-certificate"),
        certificate: pem.to_owned(),
        issuer: issuer.to_owned(),
        created_at: Some(format_rfc3339(ctx.now)),
        expires_at: Some(format_rfc3339(ctx.now + 365 * 24 * 3_600_000)),
    }
}

fn saml_response(connection: SamlConnection) -> SamlConnectionResponse {
    SamlConnectionResponse {
        request_id: ids::request_id(),
        status_code: 200,
        connection: Some(connection),
    }
}

fn oidc_response(connection: OidcConnection) -> OidcConnectionResponse {
    OidcConnectionResponse {
        request_id: ids::request_id(),
        status_code: 200,
        connection: Some(connection),
        warning: None,
    }
}

fn external_response(connection: ExternalConnection) -> ExternalConnectionResponse {
    ExternalConnectionResponse {
        request_id: ids::request_id(),
        status_code: 200,
        connection: Some(connection),
    }
}

/// Where an OIDC provider publishes its metadata: `{issuer}/.well-known/openid-configuration`.
pub(crate) fn oidc_discovery_url(issuer: &str) -> String {
    format!(
        "{}/.well-known/openid-configuration",
        issuer.trim().trim_end_matches('/')
    )
}

/// An OIDC update with the endpoints it leaves out (or empty) taken from the provider's
/// metadata document, as Stytch infers them when the issuer changes; what the request names
/// wins. A document that is not a JSON object, or lacks an endpoint, fills nothing for it.
pub(crate) fn with_discovered_endpoints(
    mut request: OidcUpdateConnectionRequest,
    document: &str,
) -> OidcUpdateConnectionRequest {
    let Ok(serde_json::Value::Object(metadata)) = serde_json::from_str::<serde_json::Value>(document) else {
        return request;
    };
    for (slot, name) in [
        (&mut request.authorization_url, "authorization_endpoint"),
        (&mut request.token_url, "token_endpoint"),
        (&mut request.userinfo_url, "userinfo_endpoint"),
        (&mut request.jwks_url, "jwks_uri"),
    ] {
        let given = slot.as_deref().is_some_and(|v| !v.trim().is_empty());
        let found = metadata
            .get(name)
            .and_then(serde_json::Value::as_str)
            .filter(|v| !v.trim().is_empty());
        if let (false, Some(found)) = (given, found) {
            *slot = Some(found.to_owned());
        }
    }
    request
}

fn set(field: &mut String, value: &Option<String>) {
    if let Some(value) = value {
        value.trim().clone_into(field);
    }
}

impl Store {
    /// Brings `sso_active_connections` and `sso_default_connection_id` up to date.
    fn refresh_sso(&mut self, organization_id: &str) -> ApiResult<Organization> {
        let connections: Vec<&SsoConnection> = self
            .sso_connections
            .iter()
            .filter(|c| c.organization_id() == organization_id)
            .collect();
        let active: Vec<ActiveSsoConnection> = connections
            .iter()
            .filter_map(|c| self.resolve_sso(c).ok().map(|used| c.summary(used)))
            .collect();
        let ids: Vec<String> = connections.iter().map(|c| c.id().to_owned()).collect();
        let organization = self.organization_mut(organization_id)?;
        organization.sso_active_connections = active;
        let default_gone = organization
            .sso_default_connection_id
            .as_ref()
            .is_none_or(|id| !ids.contains(id));
        if default_gone {
            organization.sso_default_connection_id = ids.first().cloned();
        }
        Ok(organization.clone())
    }

    /// The SAML or OIDC connection people signing in through `connection` meet: itself, or the
    /// one an external connection uses; `external_connection_not_active` (or not found) when
    /// nobody can sign in through it.
    pub(crate) fn resolve_sso<'s>(&'s self, connection: &'s SsoConnection) -> ApiResult<&'s SsoConnection> {
        let used = match connection.external_source() {
            Some((organization_id, connection_id)) => self
                .sso_connections
                .iter()
                .find(|c| c.organization_id() == organization_id && c.id() == connection_id)
                .ok_or_else(connection_not_found)?,
            None => connection,
        };
        if used.is_active() {
            Ok(used)
        } else if connection.external_source().is_some() {
            Err(external_not_active())
        } else {
            Err(ApiError::new(
                400,
                ErrorType::BadRequest,
                "This SSO connection is not active yet: finish its identity provider settings first.",
            ))
        }
    }

    fn connection(&self, organization_id: &str, connection_id: &str) -> ApiResult<&SsoConnection> {
        self.sso_connections
            .iter()
            .find(|c| c.organization_id() == organization_id && c.id() == connection_id)
            .ok_or_else(connection_not_found)
    }

    fn connection_mut(&mut self, organization_id: &str, connection_id: &str) -> ApiResult<&mut SsoConnection> {
        self.sso_connections
            .iter_mut()
            .find(|c| c.organization_id() == organization_id && c.id() == connection_id)
            .ok_or_else(connection_not_found)
    }

    /// `sso/saml` create: a `pending` connection with Stytch's side filled in.
    pub(crate) fn create_saml_connection(
        &mut self,
        ctx: &Ctx<'_>,
        organization_id: &str,
        request: &CreateConnectionRequest,
    ) -> ApiResult<SamlConnectionResponse> {
        let organization_id = self.organization(organization_id)?.organization_id.clone();
        let connection_id = ids::new_id("saml-connection");
        let callback = format!("{CALLBACK_BASE}/{connection_id}");
        let connection = SamlConnection {
            organization_id: organization_id.clone(),
            connection_id: connection_id.clone(),
            status: "pending".into(),
            display_name: request.display_name.clone().unwrap_or_default(),
            identity_provider: request.identity_provider.clone().unwrap_or_else(|| "generic".into()),
            acs_url: callback.clone(),
            audience_uri: callback,
            signing_certificates: vec![certificate(ctx, EMULATED_CERTIFICATE, "Stytch emulator")],
            // An object from the start: the official SDK's `SAMLConnection` types it as one,
            // and its Admin Portal reads `attribute_mapping.groups` of every SAML connection.
            attribute_mapping: Some(serde_json::json!({})),
            ..Default::default()
        };
        self.sso_connections.push(SsoConnection::Saml(connection.clone()));
        self.refresh_sso(&organization_id)?;
        Ok(saml_response(connection))
    }

    /// `sso/saml/{connection_id}` update: `active` once the entity ID, sign-in URL and a
    /// signing certificate are all set.
    pub(crate) fn update_saml_connection(
        &mut self,
        ctx: &Ctx<'_>,
        organization_id: &str,
        connection_id: &str,
        request: &SamlUpdateConnectionRequest,
    ) -> ApiResult<SamlConnectionResponse> {
        let organization_id = self.organization(organization_id)?.organization_id.clone();
        let SsoConnection::Saml(connection) = self.connection_mut(&organization_id, connection_id)? else {
            return Err(connection_not_found());
        };
        set(&mut connection.idp_entity_id, &request.idp_entity_id);
        set(&mut connection.display_name, &request.display_name);
        set(&mut connection.idp_sso_url, &request.idp_sso_url);
        set(&mut connection.identity_provider, &request.identity_provider);
        set(
            &mut connection.alternative_audience_uri,
            &request.alternative_audience_uri,
        );
        set(&mut connection.nameid_format, &request.nameid_format);
        if let Some(pem) = request
            .saml_encryption_private_key
            .as_deref()
            .map(str::trim)
            .filter(|p| !p.is_empty())
        {
            if pem.len() > MAX_PRIVATE_KEY_LENGTH {
                return Err(ApiError::new(
                    400,
                    ErrorType::Unknown("private_key_too_long".into()),
                    "saml_encryption_private_key is longer than a private key can be.",
                ));
            }
            if !(pem.starts_with("-----BEGIN") && pem.contains("PRIVATE KEY-----")) {
                return Err(ApiError::bad_request(
                    "saml_encryption_private_key must be a PEM private key (-----BEGIN PRIVATE KEY-----).",
                ));
            }
            if connection.encryption_private_keys.len() >= MAX_CERTIFICATES {
                return Err(ApiError::new(
                    400,
                    ErrorType::Unknown("too_many_encryption_certificates".into()),
                    "A connection has at most 5 encryption private keys; delete one first.",
                ));
            }
            connection.encryption_private_keys.push(EncryptionPrivateKey {
                private_key_id: ids::new_id("saml-encryption-private-key"),
                private_key: masked_key(pem),
                created_at: Some(format_rfc3339(ctx.now)),
            });
        }
        if let Some(mapping) = &request.attribute_mapping {
            connection.attribute_mapping = Some(mapping.clone());
        }
        let by_connection = request
            .saml_connection_implicit_role_assignments
            .as_ref()
            .unwrap_or(&connection.saml_connection_implicit_role_assignments);
        let by_group = request
            .saml_group_implicit_role_assignments
            .as_deref()
            .unwrap_or_default();
        check_role_assignments(connection, by_connection, by_group)?;
        if let Some(assignments) = &request.saml_connection_implicit_role_assignments {
            connection.saml_connection_implicit_role_assignments = assignments.clone();
        }
        if let Some(assignments) = &request.saml_group_implicit_role_assignments {
            connection.saml_group_implicit_role_assignments = assignments.clone();
        }
        if let Some(pem) = request.x509_certificate.as_deref().filter(|p| !p.trim().is_empty()) {
            if !pem.contains("BEGIN CERTIFICATE") {
                return Err(ApiError::new(
                    400,
                    ErrorType::Unknown("invalid_x509_certificate".into()),
                    "x509_certificate must be a PEM certificate (-----BEGIN CERTIFICATE-----).",
                ));
            }
            // A new certificate is added beside the others, so an identity provider's key can
            // be rotated without downtime; Stytch keeps at most five.
            let pem = pem.trim();
            if !connection
                .verification_certificates
                .iter()
                .any(|c| c.certificate == pem)
            {
                if connection.verification_certificates.len() >= MAX_CERTIFICATES {
                    return Err(ApiError::new(
                        400,
                        ErrorType::Unknown("too_many_sso_verification_certificates".into()),
                        "A connection has at most 5 verification certificates; delete one first.",
                    ));
                }
                let issuer = connection.idp_entity_id.clone();
                connection
                    .verification_certificates
                    .push(certificate(ctx, pem, &issuer));
            }
        }
        let complete = !connection.idp_entity_id.is_empty()
            && !connection.idp_sso_url.is_empty()
            && !connection.verification_certificates.is_empty();
        connection.status = if complete { "active" } else { "pending" }.into();
        let connection = connection.clone();
        self.refresh_sso(&organization_id)?;
        self.reapply_implicit_roles(&organization_id);
        Ok(saml_response(connection))
    }

    /// `sso/saml/{connection_id}/verification_certificates/{certificate_id}` delete: an active
    /// connection keeps at least one.
    pub(crate) fn delete_verification_certificate(
        &mut self,
        organization_id: &str,
        connection_id: &str,
        certificate_id: &str,
    ) -> ApiResult<DeleteVerificationCertificateResponse> {
        let organization_id = self.organization(organization_id)?.organization_id.clone();
        let SsoConnection::Saml(connection) = self.connection_mut(&organization_id, connection_id)? else {
            return Err(connection_not_found());
        };
        let index = connection
            .verification_certificates
            .iter()
            .position(|c| c.certificate_id == certificate_id)
            .ok_or_else(|| {
                ApiError::new(
                    404,
                    ErrorType::Unknown("sso_verification_key_not_found".into()),
                    "The connection has no verification certificate with that ID.",
                )
            })?;
        if connection.status == "active" && connection.verification_certificates.len() == 1 {
            return Err(ApiError::new(
                400,
                ErrorType::Unknown("cannot_delete_last_sso_verification_key".into()),
                "An active connection keeps at least one verification certificate; add its replacement first.",
            ));
        }
        connection.verification_certificates.remove(index);
        Ok(DeleteVerificationCertificateResponse {
            request_id: ids::request_id(),
            status_code: 200,
            certificate_id: certificate_id.to_owned(),
        })
    }

    /// `sso/saml/{connection_id}/encryption_private_keys/{private_key_id}` delete.
    pub(crate) fn delete_encryption_private_key(
        &mut self,
        organization_id: &str,
        connection_id: &str,
        private_key_id: &str,
    ) -> ApiResult<DeleteEncryptionPrivateKeyResponse> {
        let organization_id = self.organization(organization_id)?.organization_id.clone();
        let SsoConnection::Saml(connection) = self.connection_mut(&organization_id, connection_id)? else {
            return Err(connection_not_found());
        };
        let before = connection.encryption_private_keys.len();
        connection
            .encryption_private_keys
            .retain(|k| k.private_key_id != private_key_id);
        if connection.encryption_private_keys.len() == before {
            return Err(ApiError::new(
                404,
                ErrorType::Unknown("sso_encryption_private_key_not_found".into()),
                "The connection has no encryption private key with that ID.",
            ));
        }
        Ok(DeleteEncryptionPrivateKeyResponse {
            request_id: ids::request_id(),
            status_code: 200,
            private_key_id: private_key_id.to_owned(),
        })
    }

    /// `sso/oidc` create: a `pending` connection.
    pub(crate) fn create_oidc_connection(
        &mut self,
        organization_id: &str,
        request: &CreateConnectionRequest,
    ) -> ApiResult<OidcConnectionResponse> {
        let organization_id = self.organization(organization_id)?.organization_id.clone();
        let connection_id = ids::new_id("oidc-connection");
        let connection = OidcConnection {
            organization_id: organization_id.clone(),
            redirect_url: format!("{CALLBACK_BASE}/{connection_id}"),
            connection_id,
            status: "pending".into(),
            display_name: request.display_name.clone().unwrap_or_default(),
            identity_provider: request.identity_provider.clone().unwrap_or_else(|| "generic".into()),
            // An object from the start, as the official SDK types it. The emulator keeps what
            // is set; it maps no claims into trusted metadata (its identity providers send none).
            attribute_mapping: Some(serde_json::json!({})),
            ..Default::default()
        };
        self.sso_connections.push(SsoConnection::Oidc(connection.clone()));
        self.refresh_sso(&organization_id)?;
        Ok(oidc_response(connection))
    }

    /// `sso/oidc/{connection_id}` update: `active` once the issuer, client ID and client
    /// secret are set (Stytch reads the endpoints from the issuer's discovery document; the
    /// emulator takes them as given).
    pub(crate) fn update_oidc_connection(
        &mut self,
        organization_id: &str,
        connection_id: &str,
        request: &OidcUpdateConnectionRequest,
    ) -> ApiResult<OidcConnectionResponse> {
        let organization_id = self.organization(organization_id)?.organization_id.clone();
        let SsoConnection::Oidc(connection) = self.connection_mut(&organization_id, connection_id)? else {
            return Err(connection_not_found());
        };
        set(&mut connection.display_name, &request.display_name);
        set(&mut connection.client_id, &request.client_id);
        set(&mut connection.client_secret, &request.client_secret);
        set(&mut connection.issuer, &request.issuer);
        set(&mut connection.authorization_url, &request.authorization_url);
        set(&mut connection.token_url, &request.token_url);
        set(&mut connection.userinfo_url, &request.userinfo_url);
        set(&mut connection.jwks_url, &request.jwks_url);
        set(&mut connection.custom_scopes, &request.custom_scopes);
        set(&mut connection.identity_provider, &request.identity_provider);
        if let Some(mapping) = &request.attribute_mapping {
            connection.attribute_mapping = Some(mapping.clone());
        }
        // Stytch: a connection becomes active once all seven of these are set.
        let complete = [
            &connection.issuer,
            &connection.client_id,
            &connection.client_secret,
            &connection.authorization_url,
            &connection.token_url,
            &connection.userinfo_url,
            &connection.jwks_url,
        ]
        .iter()
        .all(|field| !field.is_empty());
        connection.status = if complete { "active" } else { "pending" }.into();
        let connection = connection.clone();
        self.refresh_sso(&organization_id)?;
        Ok(oidc_response(connection))
    }

    /// The issuer an OIDC connection has now (empty until one is set).
    pub(crate) fn oidc_issuer(&self, organization_id: &str, connection_id: &str) -> ApiResult<String> {
        let organization_id = &self.organization(organization_id)?.organization_id;
        match self.connection(organization_id, connection_id)? {
            SsoConnection::Oidc(connection) => Ok(connection.issuer.clone()),
            _ => Err(connection_not_found()),
        }
    }

    /// `sso/external` create: the organization's members may sign in through another
    /// organization's active SAML or OIDC connection.
    pub(crate) fn create_external_connection(
        &mut self,
        organization_id: &str,
        request: &ExternalCreateConnectionRequest,
    ) -> ApiResult<ExternalConnectionResponse> {
        let organization_id = self.organization(organization_id)?.organization_id.clone();
        for (value, field) in [
            (&request.external_organization_id, "external_organization_id"),
            (&request.external_connection_id, "external_connection_id"),
        ] {
            if value.trim().is_empty() {
                return Err(ApiError::bad_request(format!("{field} is a required field.")));
            }
        }
        let external_organization_id = self
            .organization(request.external_organization_id.trim())?
            .organization_id
            .clone();
        if external_organization_id == organization_id {
            return Err(ApiError::new(
                400,
                ErrorType::Unknown("external_organization_id_same_as_organization_id".into()),
                "An external connection uses another organization's connection; this one belongs to the organization itself.",
            ));
        }
        let external_connection_id = request.external_connection_id.trim();
        let source = self
            .sso_connections
            .iter()
            .find(|c| {
                c.organization_id() == external_organization_id
                    && c.id() == external_connection_id
                    && c.external_source().is_none()
            })
            .ok_or_else(|| {
                ApiError::new(
                    404,
                    ErrorType::Unknown("external_connection_id_not_found".into()),
                    "external_connection_id names no SAML or OIDC connection of the external organization.",
                )
            })?;
        if !source.is_active() {
            return Err(external_not_active());
        }
        let duplicate = self.sso_connections.iter().any(|c| {
            c.organization_id() == organization_id
                && c.external_source() == Some((&external_organization_id, external_connection_id))
        });
        if duplicate {
            return Err(ApiError::new(
                400,
                ErrorType::Unknown("duplicate_external_sso_connection".into()),
                "The organization already has an external connection through this connection.",
            ));
        }
        let mut connection = ExternalConnection {
            organization_id: organization_id.clone(),
            connection_id: ids::new_id("external-connection"),
            external_organization_id,
            external_connection_id: external_connection_id.to_owned(),
            display_name: request.display_name.as_deref().unwrap_or_default().trim().to_owned(),
            status: "active".into(),
            ..Default::default()
        };
        let roles = ExternalUpdateConnectionRequest {
            external_connection_implicit_role_assignments: request.connection_implicit_role_assignments.clone(),
            external_group_implicit_role_assignments: request.group_implicit_role_assignments.clone(),
            ..Default::default()
        };
        self.set_external_roles(&mut connection, &roles)?;
        self.sso_connections.push(SsoConnection::External(connection.clone()));
        self.refresh_sso(&organization_id)?;
        Ok(external_response(connection))
    }

    /// `sso/external/{connection_id}` update: the name and the role assignments.
    pub(crate) fn update_external_connection(
        &mut self,
        organization_id: &str,
        connection_id: &str,
        request: &ExternalUpdateConnectionRequest,
    ) -> ApiResult<ExternalConnectionResponse> {
        let organization_id = self.organization(organization_id)?.organization_id.clone();
        let SsoConnection::External(connection) = self.connection(&organization_id, connection_id)? else {
            return Err(connection_not_found());
        };
        let mut connection = connection.clone();
        set(&mut connection.display_name, &request.display_name);
        self.set_external_roles(&mut connection, request)?;
        if let Ok(SsoConnection::External(stored)) = self.connection_mut(&organization_id, connection_id) {
            stored.clone_from(&connection);
        }
        self.refresh_sso(&organization_id)?;
        self.reapply_implicit_roles(&organization_id);
        Ok(external_response(connection))
    }

    /// Applies the role assignments a request names to an external connection: only through a
    /// SAML connection (`invalid_rbac_role_assignment` otherwise), checked as a SAML
    /// connection's are against the one it uses.
    fn set_external_roles(
        &self,
        connection: &mut ExternalConnection,
        request: &ExternalUpdateConnectionRequest,
    ) -> ApiResult<()> {
        let by_connection = request.external_connection_implicit_role_assignments.as_ref();
        let by_group = request.external_group_implicit_role_assignments.as_ref();
        if by_connection.is_none_or(Vec::is_empty) && by_group.is_none_or(Vec::is_empty) {
            if let Some(assignments) = by_connection {
                connection
                    .external_connection_implicit_role_assignments
                    .clone_from(assignments);
            }
            if let Some(assignments) = by_group {
                connection
                    .external_group_implicit_role_assignments
                    .clone_from(assignments);
            }
            return Ok(());
        }
        let source = self.sso_connections.iter().find(|c| {
            c.organization_id() == connection.external_organization_id && c.id() == connection.external_connection_id
        });
        let Some(SsoConnection::Saml(source)) = source else {
            return Err(ApiError::new(
                400,
                ErrorType::Unknown("invalid_rbac_role_assignment".into()),
                "Implicit role assignments are not supported for an external connection through an OIDC connection.",
            ));
        };
        check_role_assignments(
            source,
            by_connection.unwrap_or(&connection.external_connection_implicit_role_assignments),
            by_group.map(Vec::as_slice).unwrap_or_default(),
        )?;
        if let Some(assignments) = by_connection {
            connection
                .external_connection_implicit_role_assignments
                .clone_from(assignments);
        }
        if let Some(assignments) = by_group {
            connection
                .external_group_implicit_role_assignments
                .clone_from(assignments);
        }
        Ok(())
    }

    /// Removes the external connections through the connections `gone` names (by owner and
    /// ID), and brings their organizations up to date.
    pub(crate) fn drop_external_connections(&mut self, gone: impl Fn(&str, &str) -> bool) {
        let mut touched: Vec<String> = Vec::new();
        self.sso_connections.retain(|c| match c.external_source() {
            Some((organization_id, connection_id)) if gone(organization_id, connection_id) => {
                touched.push(c.organization_id().to_owned());
                false
            }
            _ => true,
        });
        for organization_id in touched {
            // The organization itself may be going too.
            if self.refresh_sso(&organization_id).is_ok() {
                self.reapply_implicit_roles(&organization_id);
            }
        }
    }

    /// Every connection of an organization, active or not.
    pub(crate) fn sso_connections_of(&self, organization_id: &str) -> ApiResult<GetConnectionsResponse> {
        let organization_id = &self.organization(organization_id)?.organization_id;
        let mut response = GetConnectionsResponse {
            request_id: ids::request_id(),
            status_code: 200,
            ..Default::default()
        };
        for connection in self
            .sso_connections
            .iter()
            .filter(|c| c.organization_id() == organization_id)
        {
            match connection {
                SsoConnection::Saml(c) => response.saml_connections.push(c.clone()),
                SsoConnection::Oidc(c) => response.oidc_connections.push(c.clone()),
                SsoConnection::External(c) => response.external_connections.push(c.clone()),
            }
        }
        Ok(response)
    }

    /// Deletes a connection. Members keep their registrations; they can no longer use them.
    pub(crate) fn delete_sso_connection(
        &mut self,
        organization_id: &str,
        connection_id: &str,
    ) -> ApiResult<DeleteConnectionResponse> {
        let organization_id = self.organization(organization_id)?.organization_id.clone();
        self.connection(&organization_id, connection_id)?;
        self.sso_connections
            .retain(|c| !(c.organization_id() == organization_id && c.id() == connection_id));
        self.refresh_sso(&organization_id)?;
        self.reapply_implicit_roles(&organization_id);
        self.drop_external_connections(|source_org, source| source_org == organization_id && source == connection_id);
        Ok(DeleteConnectionResponse {
            request_id: ids::request_id(),
            status_code: 200,
            connection_id: connection_id.to_owned(),
        })
    }

    /// `sso/discovery/connections`: the active connections of every organization the address
    /// is a member of (inferred: invited and pending members included, deleted ones not).
    pub(crate) fn discover_sso_connections(&self, email: &str) -> ApiResult<DiscoverConnectionsResponse> {
        validate_email(email)?;
        let connections = self
            .organizations
            .iter()
            .filter(|o| self.member_by_email(&o.organization_id, email).is_some())
            .flat_map(|o| o.sso_active_connections.iter().cloned())
            .collect();
        Ok(DiscoverConnectionsResponse {
            request_id: ids::request_id(),
            status_code: 200,
            connections,
        })
    }

    /// Checks a start URL and describes the identity provider's page.
    pub(crate) fn sso_start(&self, start: &SsoStart) -> ApiResult<IdpContext> {
        if start.public_token != self.project.public_token {
            return Err(ApiError::new(
                401,
                ErrorType::PublicTokenNotFound,
                "The public token does not belong to this project.",
            ));
        }
        let connection = self.connection_by_id(&start.connection_id)?;
        let used = self.resolve_sso(connection)?;
        self.check_named_redirect_urls(
            &[
                (&start.login_redirect_url, RedirectKind::Login),
                (&start.signup_redirect_url, RedirectKind::Signup),
            ],
            RedirectFlow::Sso,
        )?;
        let organization = self.organization(connection.organization_id())?;
        // The identity provider's people: the organization's own members, and through an
        // external connection also those of the organization that owns the provider.
        let mut known_emails = self.known_emails(Some(&organization.organization_id));
        if used.organization_id() != organization.organization_id {
            for email in self.known_emails(Some(used.organization_id())) {
                if !known_emails.contains(&email) {
                    known_emails.push(email);
                }
            }
        }
        Ok(IdpContext {
            connection: connection.summary(used),
            protocol: match used {
                SsoConnection::Oidc(_) => "OIDC",
                _ => "SAML",
            },
            organization_name: organization.organization_name.clone(),
            known_emails,
        })
    }

    /// The person signed in at the identity provider: mints a callback token and returns the
    /// app URL to redirect to (the login URL for a member, the sign-up URL otherwise).
    pub(crate) fn complete_sso(&mut self, ctx: &Ctx<'_>, start: &SsoStart, identity: SsoIdentity) -> ApiResult<String> {
        self.sso_start(start)?;
        validate_email(&identity.email)?;
        let email = identity.email.trim().to_ascii_lowercase();
        let connection = self.connection_by_id(&start.connection_id)?;
        let organization_id = connection.organization_id().to_owned();
        let known = self.member_by_email(&organization_id, &email).is_some()
            || self
                .registered_member(&organization_id, connection.id(), identity.external_id.trim())
                .is_some();
        let redirect = if known {
            self.redirect_url(
                start.login_redirect_url.as_deref(),
                RedirectKind::Login,
                RedirectFlow::Sso,
            )?
        } else {
            self.redirect_url(
                start.signup_redirect_url.as_deref(),
                RedirectKind::Signup,
                RedirectFlow::Sso,
            )?
        };
        let token = ids::new_token();
        let external_id = Some(identity.external_id.trim().to_owned())
            .filter(|e| !e.is_empty())
            .unwrap_or_else(|| email.clone());
        self.sso_tokens.insert(
            token.clone(),
            SsoTokenRecord {
                connection_id: start.connection_id.clone(),
                organization_id,
                identity: SsoIdentity {
                    email,
                    name: identity.name.trim().to_owned(),
                    external_id,
                    groups: identity.groups,
                },
                pkce_code_challenge: start.pkce_code_challenge.clone().filter(|c| !c.is_empty()),
                expires_ms: ctx.now + TOKEN_LIFETIME_MS,
                used: false,
            },
        );
        Ok(link_with_token(&redirect, "sso", &token))
    }

    fn connection_by_id(&self, connection_id: &str) -> ApiResult<&SsoConnection> {
        self.sso_connections
            .iter()
            .find(|c| c.id() == connection_id)
            .ok_or_else(connection_not_found)
    }

    /// `sso/authenticate`: members sign in; others join as `sso_jit_provisioning` allows.
    pub(crate) fn authenticate_sso(
        &mut self,
        ctx: &Ctx<'_>,
        request: &SsoAuthenticateRequest,
        continuing: Continuing<'_>,
    ) -> ApiResult<AuthenticateWithMfaResponse> {
        let duration = check_duration(request.session_duration_minutes)?;
        let record = self
            .sso_tokens
            .get(&request.sso_token)
            .filter(|r| r.expires_ms > ctx.now && !r.used)
            .cloned()
            .ok_or_else(|| {
                ApiError::new(
                    404,
                    ErrorType::SsoTokenNotFound,
                    "The SSO token could not be found, was used, or has expired.",
                )
            })?;
        check_pkce(
            record.pkce_code_challenge.as_deref(),
            request.pkce_code_verifier.as_deref(),
        )?;
        if let Some(r) = self.sso_tokens.get_mut(&request.sso_token) {
            r.used = true;
        }
        let connection = self.connection(&record.organization_id, &record.connection_id)?;
        let used = match self.resolve_sso(connection) {
            Ok(used) => used.clone(),
            Err(e) if connection.external_source().is_some() => return Err(e),
            Err(_) => return Err(connection_not_found()),
        };
        let connection = connection.clone();
        let organization = self.organization(&record.organization_id)?.clone();
        let identity = &record.identity;
        let registered = self.registered_member(&organization.organization_id, connection.id(), &identity.external_id);
        let mut member = match registered
            .or_else(|| self.member_by_email(&organization.organization_id, &identity.email))
        {
            Some(member) if !member.email_address.eq_ignore_ascii_case(&identity.email) => {
                // The identity provider now names another address for this person: it becomes
                // the member's, and the old one is retired (Stytch's second way to retire one).
                let member = member.clone();
                self.ensure_email_free(
                    ctx,
                    &organization.organization_id,
                    &identity.email,
                    Some(&member.member_id),
                )?;
                self.move_member_email(ctx, member, &identity.email, false)
            }
            Some(member) => member.clone(),
            None => {
                let allowed = match organization.sso_jit_provisioning {
                    Restriction::AllAllowed => true,
                    Restriction::Restricted => organization
                        .sso_jit_provisioning_allowed_connections
                        .contains(&record.connection_id),
                    _ => false,
                };
                if !allowed {
                    return Err(ApiError::new(
                        403,
                        ErrorType::InvalidConnectionForJitProvisioning,
                        "This identity is not a member of the organization and may not join through this connection.",
                    ));
                }
                // Nobody joins as an address another member retired or is moving to.
                self.ensure_email_free(ctx, &organization.organization_id, &identity.email, None)?;
                let mut member = new_member(
                    &organization.organization_id,
                    &identity.email,
                    stytch_models::MemberStatus::Active,
                    ctx.now,
                );
                member.name = identity.name.clone();
                member
            }
        };
        let saml = !matches!(used, SsoConnection::Oidc(_));
        let registration_id = registration(
            &mut member,
            connection.id(),
            saml,
            &identity.external_id,
            &identity.groups,
        );
        let factor = Factor::sso(
            used.delivery_method(),
            &registration_id,
            connection.id(),
            &identity.external_id,
            ctx.now,
        );
        let login = LoginMember { member, join: None };
        let mut response = self.authenticate_primary(ctx, &organization, login, factor, continuing, duration)?;
        response.reset_session = Some(false);
        if let SsoConnection::Oidc(oidc) = &used {
            self.save_oidc_tokens(ctx, &response.member_id, oidc, identity)?;
        }
        Ok(response)
    }

    /// Keeps the tokens an OIDC identity provider would have handed Stytch at this sign-in:
    /// an access token (one hour), a refresh token and an ID token for the connection's client.
    fn save_oidc_tokens(
        &mut self,
        ctx: &Ctx<'_>,
        member_id: &str,
        connection: &OidcConnection,
        identity: &SsoIdentity,
    ) -> ApiResult<()> {
        let now = ctx.now / 1000;
        let id_token = ctx
            .signer
            .sign_value(&serde_json::json!({
                "iss": connection.issuer,
                "aud": connection.client_id,
                "sub": identity.external_id,
                "email": identity.email,
                "name": identity.name,
                "iat": now,
                "exp": now + OIDC_ACCESS_TOKEN_LIFETIME_MS / 1000,
            }))
            .map_err(ApiError::internal)?;
        let mut scopes = vec!["openid".to_owned(), "email".to_owned(), "profile".to_owned()];
        for scope in connection.custom_scopes.split_whitespace() {
            if !scopes.iter().any(|s| s == scope) {
                scopes.push(scope.to_owned());
            }
        }
        self.oidc_provider_tokens
            .retain(|t| !(t.member_id == member_id && t.connection_id == connection.connection_id));
        self.oidc_provider_tokens.push(SavedOidcTokens {
            member_id: member_id.to_owned(),
            connection_id: connection.connection_id.clone(),
            provider_subject: identity.external_id.clone(),
            access_token: format!("emulated-oidc-access-{}", ids::new_token()),
            refresh_token: format!("emulated-oidc-refresh-{}", ids::new_token()),
            id_token,
            scopes,
            expires_ms: ctx.now + OIDC_ACCESS_TOKEN_LIFETIME_MS,
        });
        Ok(())
    }

    /// The backend's `GET organizations/{org}/members/{member}/oidc_providers`: the tokens each
    /// OIDC connection's identity provider issued at the member's last sign-in through it, an
    /// expired access token refreshed first; the refresh token only with
    /// `include_refresh_token`.
    pub(crate) fn member_oidc_tokens(
        &mut self,
        ctx: &Ctx<'_>,
        organization_id: &str,
        member_id: &str,
        include_refresh_token: bool,
    ) -> ApiResult<serde_json::Value> {
        let organization_id = self.organization(organization_id)?.organization_id.clone();
        let member_id = self.member(&organization_id, member_id)?.member_id.clone();
        let mut registrations = Vec::new();
        for saved in self
            .oidc_provider_tokens
            .iter_mut()
            .filter(|t| t.member_id == member_id)
        {
            if saved.expires_ms <= ctx.now {
                saved.access_token = format!("emulated-oidc-access-{}", ids::new_token());
                saved.expires_ms = ctx.now + OIDC_ACCESS_TOKEN_LIFETIME_MS;
            }
            let mut shown = serde_json::json!({
                "provider_subject": saved.provider_subject,
                "id_token": saved.id_token,
                "access_token": saved.access_token,
                "access_token_expires_in": (saved.expires_ms - ctx.now) / 1000,
                "scopes": saved.scopes,
                "connection_id": saved.connection_id,
            });
            if include_refresh_token {
                shown["refresh_token"] = serde_json::json!(saved.refresh_token);
            }
            registrations.push(shown);
        }
        if registrations.is_empty() {
            return Err(ApiError::new(
                404,
                ErrorType::Unknown("member_oidc_token_not_found".into()),
                "The member holds no tokens of an OIDC connection's identity provider.",
            ));
        }
        Ok(serde_json::json!({ "request_id": ids::request_id(), "status_code": 200, "registrations": registrations }))
    }
}

/// An OIDC identity provider's access tokens live one hour (inferred).
const OIDC_ACCESS_TOKEN_LIFETIME_MS: i64 = 3_600_000;

/// The tokens an OIDC connection's identity provider issued for a member.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct SavedOidcTokens {
    /// Whose.
    pub member_id: String,
    /// Through which connection.
    pub connection_id: String,
    /// The member's subject at the identity provider.
    pub provider_subject: String,
    /// The access token.
    pub access_token: String,
    /// The refresh token.
    pub refresh_token: String,
    /// The ID token.
    pub id_token: String,
    /// Granted scopes.
    pub scopes: Vec<String>,
    /// When the access token expires (Unix ms).
    pub expires_ms: i64,
}

impl Store {
    /// The non-deleted member of the organization registered with the connection under this
    /// external ID.
    fn registered_member(&self, organization_id: &str, connection_id: &str, external_id: &str) -> Option<&Member> {
        self.members.iter().find(|m| {
            m.organization_id == organization_id
                && m.status != MemberStatus::Deleted
                && m.sso_registrations.iter().any(|r| {
                    r.get("connection_id").and_then(|v| v.as_str()) == Some(connection_id)
                        && r.get("external_id").and_then(|v| v.as_str()) == Some(external_id)
                })
        })
    }
}

/// The member's registration with `connection` (added when new), with the groups this sign-in
/// named (a SAML connection's `sso_attributes.groups`, replaced at each sign-in); its ID.
fn registration(member: &mut Member, connection_id: &str, saml: bool, external_id: &str, groups: &[String]) -> String {
    let position = member
        .sso_registrations
        .iter()
        .position(|r| r.get("connection_id").and_then(|v| v.as_str()) == Some(connection_id));
    let index = position.unwrap_or_else(|| {
        member.sso_registrations.push(serde_json::json!({
            "connection_id": connection_id,
            "external_id": external_id,
            "registration_id": ids::new_id("sso-registration"),
            "sso_attributes": {},
        }));
        member.sso_registrations.len() - 1
    });
    let registration = &mut member.sso_registrations[index];
    if saml {
        registration["sso_attributes"]["groups"] = serde_json::json!(groups);
    }
    registration["registration_id"].as_str().unwrap_or_default().to_owned()
}

/// The groups a member's registration with `connection_id` names.
fn registered_groups<'m>(member: &'m Member, connection_id: &str) -> Option<Vec<&'m str>> {
    let registration = member
        .sso_registrations
        .iter()
        .find(|r| r.get("connection_id").and_then(|v| v.as_str()) == Some(connection_id))?;
    Some(
        registration["sso_attributes"]["groups"]
            .as_array()
            .map(|groups| groups.iter().filter_map(|g| g.as_str()).collect())
            .unwrap_or_default(),
    )
}

/// The role sources Stytch names for roles held through a SAML connection and through one of
/// its identity provider's groups.
pub(crate) const SSO_CONNECTION: &str = "sso_connection";
pub(crate) const SSO_CONNECTION_GROUP: &str = "sso_connection_group";

/// Brings the roles a member holds through SAML connections in line with the connections'
/// `saml_connection_implicit_role_assignments` (source `sso_connection` `{connection_id}`, for a
/// member registered with the connection) and `saml_group_implicit_role_assignments` (source
/// `sso_connection_group` `{connection_id, group}`, for a group its last sign-in named). A
/// session holds these roles only if it signed in through that connection
/// ([`sso_role_applies`]).
pub(crate) fn apply_sso_role_assignments(member: &mut Member, connections: &[SsoConnection]) {
    let mut granted = Vec::new();
    for connection in connections
        .iter()
        .filter(|c| c.organization_id() == member.organization_id)
    {
        let (id, by_connection, by_group) = match connection {
            SsoConnection::Saml(saml) => (
                &saml.connection_id,
                &saml.saml_connection_implicit_role_assignments,
                &saml.saml_group_implicit_role_assignments,
            ),
            // Through a SAML connection only.
            SsoConnection::External(external)
                if connections.iter().any(|c| {
                    matches!(c, SsoConnection::Saml(_))
                        && c.organization_id() == external.external_organization_id
                        && c.id() == external.external_connection_id
                }) =>
            {
                (
                    &external.connection_id,
                    &external.external_connection_implicit_role_assignments,
                    &external.external_group_implicit_role_assignments,
                )
            }
            _ => continue,
        };
        let Some(groups) = registered_groups(member, id) else {
            continue;
        };
        let id = id.as_str();
        for assignment in by_connection {
            granted.push((
                assignment.role_id.clone(),
                role_source(SSO_CONNECTION, &[("connection_id", id)]),
            ));
        }
        for assignment in by_group.iter().filter(|a| groups.contains(&a.group.as_str())) {
            let details = [("connection_id", id), ("group", assignment.group.as_str())];
            granted.push((assignment.role_id.clone(), role_source(SSO_CONNECTION_GROUP, &details)));
        }
    }
    set_implicit_sources(member, &[SSO_CONNECTION, SSO_CONNECTION_GROUP], granted);
}

/// Whether a session holds a role through `source`: any source but the SAML ones does; those
/// need the session to have signed in through their connection.
pub(crate) fn sso_role_applies(source: &RoleSource, factors: &[stytch_models::AuthenticationFactor]) -> bool {
    if !matches!(source.source_type.as_str(), SSO_CONNECTION | SSO_CONNECTION_GROUP) {
        return true;
    }
    let connection_id = source.details.get("connection_id").and_then(|v| v.as_str());
    factors
        .iter()
        .filter_map(|f| f.saml_sso_factor.as_ref())
        .any(|f| Some(f.provider_id.as_str()) == connection_id)
}

/// The signing certificate the emulator shows as Stytch's (not a real key: nothing is signed).
const EMULATED_CERTIFICATE: &str =
    "-----BEGIN CERTIFICATE-----\nU3R5dGNoIGVtdWxhdG9yOiBub3QgYSByZWFsIGNlcnRpZmljYXRl\n-----END CERTIFICATE-----";

#[cfg(test)]
mod masked_key_tests {
    #[test]
    fn shows_the_label_and_the_last_characters_only_however_the_pem_is_laid_out() {
        let lines = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkq\nc2VjcmV0AA==\n-----END PRIVATE KEY-----";
        let one_line = "-----BEGIN PRIVATE KEY-----MIIEvQIBADANBgkqc2VjcmV0AA==-----END PRIVATE KEY-----";
        for pem in [lines, one_line] {
            assert_eq!(
                super::masked_key(pem),
                "-----BEGIN PRIVATE KEY-----\n…V0AA==\n-----END PRIVATE KEY-----",
                "{pem}"
            );
        }
        assert!(
            super::masked_key("-----BEGIN RSA PRIVATE KEY-----\nQUJD\n-----END RSA PRIVATE KEY-----")
                .starts_with("-----BEGIN RSA PRIVATE KEY-----")
        );
    }
}
