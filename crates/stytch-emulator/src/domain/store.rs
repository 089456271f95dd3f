//! Everything the emulator knows: the project, organizations, members, sessions, intermediate
//! sessions, pending tokens and the outbox.

use std::collections::HashMap;

use stytch_models::{
    AuthMethod, AuthenticationFactor, EmailFactor, EmailImplicitRoleAssignment, Member, MemberRole, MemberSession,
    MemberStatus, MfaMethod, Organization, RbacPolicy, RoleSource, time::format_rfc3339,
};

use super::outbox::Message;
use crate::error::{ApiError, ApiResult};

/// The emulated project.
#[derive(Clone, Debug, Default)]
pub struct Project {
    /// Project ID (backend Basic user).
    pub project_id: String,
    /// Secret (backend Basic password).
    pub secret: String,
    /// Public token (SDK Basic user).
    pub public_token: String,
    /// Name shown in bootstrap and emails.
    pub name: String,
    /// Allowed redirect URLs, each for some kinds of redirect.
    pub redirect_urls: Vec<super::redirect_urls::RedirectUrl>,
    /// Whether the SDK may create organizations.
    pub create_organization_enabled: bool,
    /// RBAC policy served in bootstrap.
    pub rbac_policy: RbacPolicy,
    /// HttpOnly cookie mode: the API sets the session cookies and returns empty tokens.
    pub http_only_cookies: bool,
    /// Bootstrap `slug_pattern` (the Organization flow finds its slug in the page URL).
    pub slug_pattern: Option<String>,
    /// Which flows the project tells SDKs (through bootstrap) to protect with PKCE.
    pub pkce_required: PkceRequired,
    /// The app's consent page for Connected Apps (the Dashboard's "Authorization URL"),
    /// published as `authorization_endpoint` in the OAuth metadata.
    pub idp_authorization_url: Option<String>,
    /// The Google OAuth client ID Google One Tap runs under (the Dashboard's Google OAuth
    /// credentials); empty when One Tap is not set up.
    pub google_client_id: String,
    /// The UserInfo endpoint `sessions/migrate` asks about another system's sessions.
    pub session_migration_url: Option<String>,
    /// The custom claim template of session JWTs.
    pub session_claim_template: Option<super::claim_templates::ClaimTemplate>,
    /// The custom claim template of M2M access tokens.
    pub m2m_claim_template: Option<super::claim_templates::ClaimTemplate>,
}

/// The project's "PKCE required" settings, one per flow, served in bootstrap as
/// `pkce_required_for_*`. They instruct SDKs to send a challenge when a flow starts; the server
/// then holds the token's authentication to the matching verifier (a challenge sent without the
/// setting is held to it too).
///
/// ```
/// let all = stytch_emulator::PkceRequired::all();
/// assert!(all.email_magic_links && all.password_resets && all.oauth && all.sso);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PkceRequired {
    /// `pkce_required_for_email_magic_links` (discovery and organization links).
    pub email_magic_links: bool,
    /// `pkce_required_for_password_resets`.
    pub password_resets: bool,
    /// `pkce_required_for_oauth`.
    pub oauth: bool,
    /// `pkce_required_for_sso`.
    pub sso: bool,
}

impl PkceRequired {
    /// Every flow.
    ///
    /// ```
    /// use stytch_emulator::PkceRequired;
    /// let every = PkceRequired::all();
    /// assert!(every.email_magic_links && every.password_resets && every.oauth && every.sso);
    /// assert_eq!(PkceRequired::default().oauth, false);
    /// ```
    pub fn all() -> Self {
        Self {
            email_magic_links: true,
            password_resets: true,
            oauth: true,
            sso: true,
        }
    }
}

/// What a factor means for the policy engine, beside its wire form.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum FactorKind {
    /// A primary factor.
    Primary {
        /// Which method.
        method: AuthMethod,
        /// Whether it proves control of the email address.
        verifies_email: bool,
    },
    /// An MFA factor of a given member.
    Secondary {
        /// Which method (recovery codes count as TOTP).
        method: MfaMethod,
        /// Whose.
        member_id: String,
    },
    /// Someone on the project's team acting as the member: satisfies no policy, and the
    /// session it starts cannot be extended.
    Impersonated,
    /// Another identity system vouched for the member: a JWT attested under a Trusted Auth
    /// Token profile, or a session migrated through its UserInfo endpoint (`sessions/migrate`).
    /// It satisfies no organization's policy and stays in the organization it was made for.
    TrustedAuthToken,
}

/// A completed factor.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Factor {
    /// As shown in sessions and JWTs.
    pub wire: AuthenticationFactor,
    /// As the rules see it.
    pub kind: FactorKind,
    /// The OAuth tenant (Slack workspace, HubSpot hub, GitHub organization) the identity came
    /// from, for OAuth-tenant JIT: `(provider, tenant ID)`.
    pub oauth_tenant: Option<(String, String)>,
}

impl Factor {
    /// A factor completed `now`, with its wire form's common fields and `sequence_order`.
    pub(super) fn completed(factor_type: &str, delivery: &str, sequence: &str, kind: FactorKind, now: i64) -> Self {
        let at = format_rfc3339(now);
        Factor {
            wire: AuthenticationFactor {
                factor_type: factor_type.into(),
                delivery_method: delivery.into(),
                last_authenticated_at: at.clone(),
                created_at: Some(at.clone()),
                updated_at: Some(at),
                sequence_order: Some(sequence.into()),
                ..Default::default()
            },
            kind,
            oauth_tenant: None,
        }
    }

    fn primary(factor_type: &str, delivery: &str, method: AuthMethod, verifies_email: bool, now: i64) -> Self {
        let kind = FactorKind::Primary { method, verifies_email };
        Self::completed(factor_type, delivery, "PRIMARY", kind, now)
    }

    /// An email magic-link factor.
    pub fn magic_link(email: &str, email_id: &str, now: i64) -> Self {
        let mut factor = Self::primary("magic_link", "email", AuthMethod::MagicLink, true, now);
        factor.wire.email_factor = Some(EmailFactor {
            email_id: email_id.into(),
            email_address: email.into(),
        });
        factor
    }

    /// An email one-time-passcode factor.
    pub fn email_otp(email: &str, email_id: &str, now: i64) -> Self {
        let mut factor = Self::primary("email_otp", "email", AuthMethod::EmailOtp, true, now);
        factor.wire.email_factor = Some(EmailFactor {
            email_id: email_id.into(),
            email_address: email.into(),
        });
        factor
    }

    /// A password factor; a reset by email also proves the address.
    pub fn password(verifies_email: bool, now: i64) -> Self {
        Self::primary("password", "knowledge", AuthMethod::Password, verifies_email, now)
    }

    /// An OAuth factor (`oauth_<provider>`), which verifies the email only for some providers.
    pub fn oauth(provider: &str, subject: &str, verifies_email: bool, now: i64) -> Self {
        let method = AuthMethod::parse(&format!("{provider}_oauth"));
        let mut factor = Self::primary("oauth", &format!("oauth_{provider}"), method, verifies_email, now);
        let details = stytch_models::OAuthFactor {
            id: super::ids::new_id("oauth-user-registration"),
            provider_subject: subject.into(),
            ..Default::default()
        };
        let slot = match provider {
            "google" => &mut factor.wire.google_oauth_factor,
            "microsoft" => &mut factor.wire.microsoft_oauth_factor,
            "github" => &mut factor.wire.github_oauth_factor,
            "slack" => &mut factor.wire.slack_oauth_factor,
            _ => &mut factor.wire.hubspot_oauth_factor,
        };
        *slot = Some(details);
        factor
    }
}

impl Factor {
    /// An SSO factor (`sso_saml` or `sso_oidc`), with the member's registration.
    pub fn sso(delivery: &str, registration_id: &str, connection_id: &str, external_id: &str, now: i64) -> Self {
        let mut factor = Self::primary("sso", delivery, AuthMethod::Sso, false, now);
        let details = stytch_models::SsoFactor {
            id: registration_id.into(),
            provider_id: connection_id.into(),
            external_id: external_id.into(),
        };
        if delivery == "sso_oidc" {
            factor.wire.oidc_sso_factor = Some(details);
        } else {
            factor.wire.saml_sso_factor = Some(details);
        }
        factor
    }
}

impl Factor {
    fn secondary(factor_type: &str, delivery: &str, method: MfaMethod, member_id: &str, now: i64) -> Self {
        let kind = FactorKind::Secondary {
            method,
            member_id: member_id.into(),
        };
        Self::completed(factor_type, delivery, "SECONDARY", kind, now)
    }

    /// An SMS one-time-passcode factor.
    pub fn sms(phone: &str, member_id: &str, now: i64) -> Self {
        let mut factor = Self::secondary("otp", "sms", MfaMethod::SmsOtp, member_id, now);
        factor.wire.phone_number_factor = Some(stytch_models::PhoneNumberFactor {
            phone_id: super::ids::new_id("phone-number"),
            phone_number: phone.into(),
        });
        factor
    }

    /// A TOTP factor.
    pub fn totp(registration_id: &str, member_id: &str, now: i64) -> Self {
        let mut factor = Self::secondary("totp", "authenticator_app", MfaMethod::Totp, member_id, now);
        factor.wire.authenticator_app_factor = Some(stytch_models::AuthenticatorAppFactor {
            totp_id: registration_id.into(),
        });
        factor
    }

    /// A recovery-code factor (satisfies MFA as TOTP does).
    pub fn recovery_code(registration_id: &str, member_id: &str, now: i64) -> Self {
        let mut factor = Self::secondary("recovery_codes", "recovery_code", MfaMethod::Totp, member_id, now);
        factor.wire.recovery_code_factor = Some(stytch_models::RecoveryCodeFactor {
            totp_recovery_code_id: registration_id.into(),
        });
        factor
    }
}

/// An SMS code waiting to be entered (one per member; a new send replaces it).
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct SmsCode {
    /// The code.
    pub code: String,
    /// Expiry (Unix ms): two minutes after sending.
    pub expires_ms: i64,
}

/// A member's TOTP registration (pending until the first code is authenticated).
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct TotpRecord {
    /// `totp-test-…`.
    pub registration_id: String,
    /// The shared secret.
    pub secret: Vec<u8>,
    /// Whether a code was authenticated with it.
    pub active: bool,
    /// Pending registrations expire (Unix ms).
    pub expires_ms: i64,
    /// Recovery codes and whether each was used.
    pub recovery_codes: Vec<(String, bool)>,
    /// The last time step accepted, so a code cannot be replayed.
    pub last_step: Option<u64>,
}

/// An intermediate session: a bag of factors not yet tied to an organization.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct IstRecord {
    /// The authenticated email.
    pub email: String,
    /// Completed factors.
    pub factors: Vec<Factor>,
    /// Expiry (Unix ms).
    pub expires_ms: i64,
    /// Organization an org-scoped login was for.
    pub organization_id_hint: Option<String>,
}

/// A member session and its opaque token.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct SessionRecord {
    /// Opaque token.
    pub token: String,
    /// Wire form (timestamps kept current).
    pub session: MemberSession,
    /// Factors, for the rules.
    pub factors: Vec<Factor>,
    /// Expiry (Unix ms).
    pub expires_ms: i64,
    /// Revoked sessions stay for diagnostics but never authenticate.
    pub revoked: bool,
    /// Claims of the project's session template this session deleted (with a `null` in
    /// `session_custom_claims`), kept out of its JWTs while the template makes them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub removed_claims: Vec<String>,
}

impl SessionRecord {
    /// Whether the session was started by impersonation, so its expiry never moves.
    pub fn impersonated(&self) -> bool {
        self.factors.iter().any(|f| f.kind == FactorKind::Impersonated)
    }
}

/// What a magic-link token is for.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum MagicLinkKind {
    /// Discovery: ends in an IST.
    Discovery,
    /// Sign-in to one organization.
    Organization {
        /// The organization.
        organization_id: String,
        /// The member the link was sent to.
        member_id: String,
    },
    /// Proof of a member's new address (`start_email_update`); `email` is the new address.
    EmailUpdate {
        /// The organization.
        organization_id: String,
        /// The member moving to the address.
        member_id: String,
    },
}

/// A pending email magic link.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct MagicLinkRecord {
    /// Recipient.
    pub email: String,
    /// Purpose.
    pub kind: MagicLinkKind,
    /// Expiry (Unix ms).
    pub expires_ms: i64,
    /// Whether it was already used.
    pub used: bool,
    /// PKCE challenge sent with the request, if any.
    pub pkce_code_challenge: Option<String>,
}

/// All state.
///
/// ```
/// use stytch_emulator::{DEMO_EMAIL, EmulatorConfig, Seed, spawn};
///
/// let emulator = spawn(EmulatorConfig { seed: Seed::Demo, ..EmulatorConfig::for_tests() }).unwrap();
/// emulator.app().with(|store, _| {
///     let acme = store.organizations[0].organization_id.clone();
///     if let Some(member) = store.member_by_email(&acme, DEMO_EMAIL) {
///         assert_eq!(member.organization_id, acme);
///     }
///     // Everything "sent" lands in the outbox.
///     assert!(store.outbox.iter().all(|m| !m.to.is_empty()));
/// });
/// ```
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct Store {
    /// The project.
    #[serde(skip)]
    pub project: Project,
    /// Organizations, in creation order.
    pub organizations: Vec<Organization>,
    /// Members of every organization, in creation order.
    pub members: Vec<Member>,
    /// Sessions by token.
    pub sessions: HashMap<String, SessionRecord>,
    /// Session tokens by session ID.
    pub session_ids: HashMap<String, String>,
    /// Intermediate sessions by token.
    pub ists: HashMap<String, IstRecord>,
    /// Magic links by token.
    pub magic_links: HashMap<String, MagicLinkRecord>,
    /// Sent messages, oldest first.
    pub outbox: Vec<Message>,
    /// Pending SMS codes by member ID.
    pub sms_codes: HashMap<String, SmsCode>,
    /// TOTP registrations by member ID.
    pub totps: HashMap<String, TotpRecord>,
    /// Email one-time passcodes by purpose and address.
    pub email_otps: HashMap<String, super::email_otp::EmailOtpRecord>,
    /// Password hashes by member ID.
    pub passwords: HashMap<String, super::passwords::PasswordRecord>,
    /// Password reset links by token.
    pub password_resets: HashMap<String, super::passwords::ResetRecord>,
    /// OAuth callback tokens.
    pub oauth_tokens: HashMap<String, super::oauth::OAuthTokenRecord>,
    /// SSO connections of every organization, in creation order.
    #[serde(default)]
    pub sso_connections: Vec<super::sso::SsoConnection>,
    /// SSO callback tokens.
    #[serde(default)]
    pub sso_tokens: HashMap<String, super::sso::SsoTokenRecord>,
    /// Impersonation tokens.
    #[serde(default)]
    pub impersonation_tokens: HashMap<String, super::impersonation::ImpersonationRecord>,
    /// Pending email updates by member ID.
    #[serde(default)]
    pub email_updates: HashMap<String, super::email_update::PendingEmailUpdate>,
    /// SCIM connections (at most one per organization), with their tokens and groups.
    #[serde(default)]
    pub scim_connections: Vec<super::scim::ScimConnectionRecord>,
    /// Provider tokens kept for members after OAuth sign-ins.
    #[serde(default)]
    pub oauth_provider_tokens: Vec<super::oauth::SavedProviderTokens>,
    /// Trusted Auth Token profiles (`sessions/attest`).
    #[serde(default)]
    pub trusted_token_profiles: Vec<super::trusted_tokens::TrustedTokenProfile>,
    /// Connected apps, their members' grants, and the codes and tokens issued to them.
    #[serde(default)]
    pub connected_apps: super::connected_apps::ConnectedApps,
    /// M2M clients, in creation order.
    #[serde(default)]
    pub m2m_clients: Vec<super::m2m::M2mClientRecord>,
    /// Tokens OIDC connections' identity providers issued for members.
    #[serde(default)]
    pub oidc_provider_tokens: Vec<super::sso::SavedOidcTokens>,
}

impl Store {
    /// An empty store for a project.
    pub(crate) fn new(project: Project) -> Self {
        Self {
            project,
            organizations: Vec::new(),
            members: Vec::new(),
            sessions: HashMap::new(),
            session_ids: HashMap::new(),
            ists: HashMap::new(),
            magic_links: HashMap::new(),
            outbox: Vec::new(),
            sms_codes: HashMap::new(),
            totps: HashMap::new(),
            email_otps: HashMap::new(),
            passwords: HashMap::new(),
            password_resets: HashMap::new(),
            oauth_tokens: HashMap::new(),
            sso_connections: Vec::new(),
            scim_connections: Vec::new(),
            trusted_token_profiles: Vec::new(),
            connected_apps: Default::default(),
            m2m_clients: Vec::new(),
            oidc_provider_tokens: Vec::new(),
            oauth_provider_tokens: Vec::new(),
            sso_tokens: HashMap::new(),
            impersonation_tokens: HashMap::new(),
            email_updates: HashMap::new(),
        }
    }

    /// An organization by ID, slug or external ID (Stytch accepts any of them where an
    /// organization ID is expected); an ID wins over a slug, and a slug over an external ID.
    ///
    /// ```
    /// use stytch_emulator::{EmulatorConfig, Seed, spawn};
    /// let emulator = spawn(EmulatorConfig { seed: Seed::Demo, ..EmulatorConfig::for_tests() }).unwrap();
    /// emulator.app().with(|store, _| {
    ///     let by_slug = store.organization("cyberdyne").unwrap().organization_id.clone();
    ///     assert_eq!(store.organization(&by_slug).unwrap().organization_slug, "cyberdyne");
    /// });
    /// ```
    pub fn organization(&self, id_slug_or_external_id: &str) -> ApiResult<&Organization> {
        let wanted = id_slug_or_external_id;
        let by = |matches: &dyn Fn(&Organization) -> bool| self.organizations.iter().find(|o| matches(o));
        by(&|o| o.organization_id == wanted)
            .or_else(|| by(&|o| o.organization_slug == wanted))
            .or_else(|| by(&|o| !wanted.is_empty() && o.organization_external_id.as_deref() == Some(wanted)))
            .ok_or_else(ApiError::organization_not_found)
    }

    /// Mutable organization by ID or slug.
    pub(crate) fn organization_mut(&mut self, id_or_slug: &str) -> ApiResult<&mut Organization> {
        let id = self.organization(id_or_slug)?.organization_id.clone();
        self.organizations
            .iter_mut()
            .find(|o| o.organization_id == id)
            .ok_or_else(ApiError::organization_not_found)
    }

    /// A member of an organization (named as [`Store::organization`] takes it) by member ID
    /// or, as Stytch allows wherever a member ID is expected, by the member's external ID; an
    /// ID wins over an external ID. Callers go on with the returned member's `member_id`.
    ///
    /// ```
    /// use stytch_emulator::{EmulatorConfig, Seed, spawn};
    /// let emulator = spawn(EmulatorConfig { seed: Seed::Demo, ..EmulatorConfig::for_tests() }).unwrap();
    /// emulator.app().with(|store, _| {
    ///     let someone = store.members[0].clone();
    ///     assert_eq!(store.member(&someone.organization_id, &someone.member_id).unwrap().email_address, someone.email_address);
    ///     assert!(store.member(&someone.organization_id, "member-test-nobody").is_err());
    /// });
    /// ```
    pub fn member(&self, organization_id: &str, id_or_external_id: &str) -> ApiResult<&Member> {
        let organization_id = self.organization_id_of(organization_id);
        let wanted = id_or_external_id;
        let by = |matches: &dyn Fn(&Member) -> bool| {
            self.members
                .iter()
                .find(|m| m.organization_id == organization_id && matches(m))
        };
        by(&|m| m.member_id == wanted)
            .or_else(|| by(&|m| !wanted.is_empty() && m.external_id.as_deref() == Some(wanted)))
            .ok_or_else(ApiError::member_not_found)
    }

    /// The organization ID that `id_slug_or_external_id` names ([`Store::organization`]'s
    /// reading), or the text itself when it names no organization: for matching records
    /// against however a request named their organization, before (or instead of) the lookup
    /// that refuses an unknown one.
    pub(crate) fn organization_id_of<'a>(&'a self, id_slug_or_external_id: &'a str) -> &'a str {
        self.organization(id_slug_or_external_id)
            .map_or(id_slug_or_external_id, |o| o.organization_id.as_str())
    }

    /// The member ID that `id_or_external_id` names in the organization ([`Store::member`]'s
    /// reading), or the text itself when it names no member: for comparing a request's member
    /// with a session's before the lookup that refuses an unknown one.
    pub(crate) fn member_id_of(&self, organization_id: &str, id_or_external_id: &str) -> String {
        self.member(organization_id, id_or_external_id)
            .map_or_else(|_| id_or_external_id.to_owned(), |m| m.member_id.clone())
    }

    /// Mutable member by ID.
    pub(crate) fn member_mut(&mut self, member_id: &str) -> ApiResult<&mut Member> {
        self.members
            .iter_mut()
            .find(|m| m.member_id == member_id)
            .ok_or_else(ApiError::member_not_found)
    }

    /// The non-deleted member with this email in an organization (case-insensitive).
    ///
    /// ```
    /// use stytch_emulator::{DEMO_SSO_EMAIL, EmulatorConfig, Seed, spawn};
    /// let emulator = spawn(EmulatorConfig { seed: Seed::Demo, ..EmulatorConfig::for_tests() }).unwrap();
    /// emulator.app().with(|store, _| {
    ///     let cyberdyne = store.organization("cyberdyne").unwrap().organization_id.clone();
    ///     assert!(store.member_by_email(&cyberdyne, DEMO_SSO_EMAIL).is_some());
    /// });
    /// ```
    pub fn member_by_email(&self, organization_id: &str, email: &str) -> Option<&Member> {
        self.members.iter().find(|m| {
            m.organization_id == organization_id
                && m.email_address.eq_ignore_ascii_case(email)
                && m.status != MemberStatus::Deleted
        })
    }

    /// A live (unexpired, unconsumed) intermediate session.
    pub(crate) fn ist(&self, token: &str, now: i64) -> ApiResult<&IstRecord> {
        self.ists
            .get(token)
            .filter(|ist| ist.expires_ms > now)
            .ok_or_else(ApiError::ist_not_found)
    }

    /// A live (unexpired, unrevoked) session by its opaque token.
    pub(crate) fn live_session(&self, token: &str, now: i64) -> ApiResult<&SessionRecord> {
        self.sessions
            .get(token)
            .filter(|s| !s.revoked && s.expires_ms > now)
            .ok_or_else(ApiError::session_not_found)
    }

    /// Records a sent message.
    pub(crate) fn deliver(&mut self, message: Message) {
        self.outbox.push(message);
    }

    /// Stores a member, replacing the one with the same ID or adding it, with the roles its
    /// organization's email domain assignments, SAML connections and SCIM groups grant it, and gives its
    /// sessions those roles; returns the member as stored. Every member the store holds comes
    /// through here or through [`Store::reapply_implicit_roles`], so the implicit roles, and
    /// the roles of live sessions, are always current.
    pub(crate) fn upsert_member(&mut self, mut member: Member) -> Member {
        if let Some(organization) = self
            .organizations
            .iter()
            .find(|o| o.organization_id == member.organization_id)
        {
            apply_email_role_assignments(&mut member, &organization.rbac_email_implicit_role_assignments);
        }
        super::scim::apply_scim_group_assignments(&mut member, &self.scim_connections);
        super::sso::apply_sso_role_assignments(&mut member, &self.sso_connections);
        match self.members.iter_mut().find(|m| m.member_id == member.member_id) {
            Some(existing) => existing.clone_from(&member),
            None => self.members.push(member.clone()),
        }
        self.sync_session_roles(&member.member_id);
        member
    }

    /// Re-applies an organization's implicit role assignments (email domains, SAML connections
    /// and groups, SCIM groups) to
    /// each of its members, after the assignments or the groups' members changed.
    pub(crate) fn reapply_implicit_roles(&mut self, organization_id: &str) {
        let Some(organization) = self.organizations.iter().find(|o| o.organization_id == organization_id) else {
            return;
        };
        let mut changed = Vec::new();
        for member in self.members.iter_mut().filter(|m| m.organization_id == organization_id) {
            apply_email_role_assignments(member, &organization.rbac_email_implicit_role_assignments);
            super::scim::apply_scim_group_assignments(member, &self.scim_connections);
            super::sso::apply_sso_role_assignments(member, &self.sso_connections);
            changed.push(member.member_id.clone());
        }
        for member_id in changed {
            self.sync_session_roles(&member_id);
        }
    }
}

/// Builds a new member with Stytch's defaults: every member holds `stytch_member`.
pub fn new_member(organization_id: &str, email: &str, status: MemberStatus, now: i64) -> Member {
    let at = format_rfc3339(now);
    Member {
        organization_id: organization_id.into(),
        member_id: super::ids::new_id("member"),
        email_address: email.to_ascii_lowercase(),
        status,
        roles: vec![role("stytch_member")],
        created_at: at.clone(),
        updated_at: at,
        ..Default::default()
    }
}

/// A directly assigned role.
pub fn role(role_id: &str) -> MemberRole {
    MemberRole {
        role_id: role_id.into(),
        sources: vec![direct_source()],
    }
}

/// The source of a directly assigned role.
fn direct_source() -> RoleSource {
    RoleSource {
        source_type: DIRECT_ASSIGNMENT.into(),
        details: Default::default(),
    }
}

/// The role source Stytch names for a direct assignment.
pub(crate) const DIRECT_ASSIGNMENT: &str = "direct_assignment";
/// The role source Stytch names for a role held through the organization's email domains.
const EMAIL_ASSIGNMENT: &str = "email_assignment";

/// Adds directly assigned roles the member does not hold directly yet; `is_admin` follows
/// `stytch_admin`.
pub fn grant_roles(member: &mut Member, role_ids: &[String]) {
    for role_id in role_ids {
        add_role_source(member, role_id, direct_source());
    }
    member.is_admin = member.roles.iter().any(|r| r.role_id == "stytch_admin");
}

/// Replaces the member's directly assigned roles with `stytch_member` (first) and
/// `role_ids`, as the backend's member update does. Roles held implicitly (through an email
/// domain) stay, and so does the order of what stays.
pub fn set_direct_roles(member: &mut Member, role_ids: &[String]) {
    for held in &mut member.roles {
        held.sources.retain(|s| s.source_type != DIRECT_ASSIGNMENT);
    }
    member.roles.retain(|r| !r.sources.is_empty());
    if !member.roles.iter().any(|r| r.role_id == "stytch_member") {
        member.roles.insert(0, role("stytch_member"));
    }
    grant_roles(member, &["stytch_member".to_owned()]);
    grant_roles(member, role_ids);
}

/// Brings the roles a member holds through its email domain in line with its organization's
/// `rbac_email_implicit_role_assignments`: each matching assignment is an `email_assignment`
/// source `{email_domain}` of its role, beside any direct assignment of the same role; a role
/// whose only source was a removed assignment goes. What is already right is left in place,
/// so applying it twice changes nothing.
pub fn apply_email_role_assignments(member: &mut Member, assignments: &[EmailImplicitRoleAssignment]) {
    let domain = email_domain(&member.email_address);
    let granted = assignments
        .iter()
        .filter(|a| a.domain == domain)
        .map(|a| {
            (
                a.role_id.clone(),
                role_source(EMAIL_ASSIGNMENT, &[("email_domain", &a.domain)]),
            )
        })
        .collect();
    set_implicit_sources(member, &[EMAIL_ASSIGNMENT], granted);
}

/// A role source of `kind` with these details.
pub(crate) fn role_source(kind: &str, details: &[(&str, &str)]) -> RoleSource {
    RoleSource {
        source_type: kind.into(),
        details: details.iter().map(|(k, v)| ((*k).to_owned(), (*v).into())).collect(),
    }
}

/// The one way an implicit assignment's roles reach a member: every source of the given
/// `kinds` that `granted` no longer lists goes (and a role left without sources with it), each
/// granted `(role_id, source)` is added, and `is_admin` follows `stytch_admin`. Applying the
/// same grants twice changes nothing.
pub(crate) fn set_implicit_sources(member: &mut Member, kinds: &[&str], granted: Vec<(String, RoleSource)>) {
    for held in &mut member.roles {
        held.sources.retain(|s| {
            !kinds.contains(&s.source_type.as_str())
                || granted.iter().any(|(role_id, g)| *role_id == held.role_id && g == s)
        });
    }
    member.roles.retain(|r| !r.sources.is_empty());
    for (role_id, source) in granted {
        add_role_source(member, &role_id, source);
    }
    member.is_admin = member.roles.iter().any(|r| r.role_id == "stytch_admin");
}

/// Adds a source to the member's role, adding the role if the member does not hold it; a
/// source of the same type is not repeated.
fn add_role_source(member: &mut Member, role_id: &str, source: RoleSource) {
    match member.roles.iter_mut().find(|r| r.role_id == role_id) {
        Some(held) if held.sources.iter().any(|s| s.source_type == source.source_type) => {}
        Some(held) => held.sources.push(source),
        None => member.roles.push(MemberRole {
            role_id: role_id.into(),
            sources: vec![source],
        }),
    }
}

/// The email domain of an address, lower case.
pub fn email_domain(email: &str) -> String {
    email
        .rsplit_once('@')
        .map(|(_, d)| d.to_ascii_lowercase())
        .unwrap_or_default()
}

/// A deliberately simple address check: one `@`, a non-empty local part, a dotted domain,
/// no whitespace, at most 254 characters.
pub fn validate_email(email: &str) -> ApiResult<()> {
    let ok = email.len() <= 254
        && !email.contains(char::is_whitespace)
        && email.matches('@').count() == 1
        && email.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !domain.contains("..")
        });
    if ok {
        Ok(())
    } else {
        Err(ApiError::new(
            400,
            stytch_models::ErrorType::InvalidEmail,
            "email_address format is invalid.",
        ))
    }
}
