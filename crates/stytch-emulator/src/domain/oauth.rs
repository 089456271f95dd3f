//! OAuth through simulated identity providers. A start URL opens the emulator's consent page,
//! where a person picks or types an identity; the emulator then redirects to the app with
//! `stytch_token_type=oauth` (or `discovery_oauth`) and a token the app authenticates.
//!
//! Which providers verify the email follows the model: Microsoft always, Google only for a
//! Workspace account (a hosted domain), GitHub, Slack and HubSpot never.
//!
//! As Stytch does, the provider's tokens of an organization-scoped sign-in are kept for the
//! member, for the backend's `organizations/{org}/members/{member}/oauth_providers/{provider}`:
//! the same access, ID and refresh tokens the sign-in's `provider_values` showed. Our readings:
//! Google, Microsoft and HubSpot issue a refresh token with every sign-in and access tokens
//! that last an hour, which the emulator refreshes (a new access token) when read after
//! expiry, as Stytch refreshes them; Slack and GitHub tokens do not expire; a discovery sign-in
//! keeps none (it has no member yet).

use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use stytch_models::{
    ErrorType, Organization,
    api::{
        discovery::DiscoveryAuthenticateResponse,
        oauth::{OAuthAuthenticateRequest, OAuthDiscoveryAuthenticateRequest, OAuthProvider, ProviderValues},
        sessions::AuthenticateWithMfaResponse,
    },
    time::format_rfc3339,
};

use super::discovery::{check_pkce, link_with_token};
use super::primary::Continuing;
use super::redirect_urls::{RedirectFlow, RedirectKind};
use super::sessions::check_duration;
use super::store::{Factor, Store, validate_email};
use super::{Ctx, ids};
use crate::error::{ApiError, ApiResult};

/// Callback tokens live ten minutes.
const TOKEN_LIFETIME_MS: i64 = 10 * 60 * 1000;

/// The query of a start URL, as the official SDK builds it.
#[derive(Clone, Debug, Default)]
pub struct OAuthStart {
    /// The provider in the path.
    pub provider: Option<OAuthProvider>,
    /// Discovery (`…/discovery/start`) or organization-scoped.
    pub discovery: bool,
    /// The project's public token.
    pub public_token: String,
    /// Organization ID (organization-scoped starts).
    pub organization_id: Option<String>,
    /// Organization slug (organization-scoped starts).
    pub slug: Option<String>,
    /// Where an existing member lands.
    pub login_redirect_url: Option<String>,
    /// Where a new member lands.
    pub signup_redirect_url: Option<String>,
    /// Where a discovery login lands.
    pub discovery_redirect_url: Option<String>,
    /// Extra scopes, space separated.
    pub custom_scopes: Option<String>,
    /// PKCE challenge.
    pub pkce_code_challenge: Option<String>,
}

/// The identity a person chose on the consent page.
#[derive(Clone, Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct OAuthIdentity {
    /// Email address at the provider.
    pub email: String,
    /// Display name.
    pub name: String,
    /// Google Workspace domain (`hd`); empty for a personal Google account.
    pub hosted_domain: String,
    /// Tenant: GitHub organization, Slack workspace or HubSpot hub ID.
    pub tenant: String,
}

/// What the consent page shows before a person continues.
#[derive(Clone, Debug)]
pub struct ConsentContext {
    /// Provider.
    pub provider: OAuthProvider,
    /// Project name.
    pub project_name: String,
    /// Organization name (organization-scoped starts).
    pub organization_name: Option<String>,
    /// Addresses known to the emulator, offered as one-click identities.
    pub known_emails: Vec<String>,
}

/// What a callback token stands for.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct OAuthTokenRecord {
    provider: OAuthProvider,
    identity: OAuthIdentity,
    organization_id: Option<String>,
    scopes: Vec<String>,
    pkce_code_challenge: Option<String>,
    expires_ms: i64,
    used: bool,
    /// The Google credential of a One Tap sign-in, which stands in for the provider's tokens
    /// (One Tap issues no access or refresh token).
    #[serde(default)]
    one_tap_credential: Option<String>,
}

/// How long a simulated provider's access token lasts.
const ACCESS_TOKEN_LIFETIME_MS: i64 = 3_600_000;

/// A provider's tokens kept for a member after an organization-scoped OAuth sign-in.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct SavedProviderTokens {
    /// Whose.
    pub member_id: String,
    /// Which provider.
    pub provider: OAuthProvider,
    /// The member's subject at the provider.
    pub provider_subject: String,
    /// The tenant (Slack workspace, HubSpot hub, GitHub organization) the sign-in named.
    pub tenant: Option<String>,
    /// The provider's access token.
    pub access_token: String,
    /// Its OpenID Connect ID token (Google, Microsoft).
    pub id_token: Option<String>,
    /// Its refresh token (Google, Microsoft, HubSpot).
    pub refresh_token: Option<String>,
    /// Granted scopes.
    pub scopes: Vec<String>,
    /// When the access token expires (Unix ms; `None`: never).
    pub expires_ms: Option<i64>,
}

/// Whether the provider's access tokens expire and come with a refresh token.
fn refreshable(provider: &OAuthProvider) -> bool {
    matches!(
        provider,
        OAuthProvider::Google | OAuthProvider::Microsoft | OAuthProvider::HubSpot
    )
}

fn new_access_token(provider: &OAuthProvider) -> String {
    format!("emulated-{}-access-{}", provider.as_str(), ids::new_token())
}

/// Whether the provider vouches for the address.
pub fn verifies_email(provider: &OAuthProvider, identity: &OAuthIdentity) -> bool {
    match provider {
        OAuthProvider::Microsoft => true,
        OAuthProvider::Google => !identity.hosted_domain.trim().is_empty(),
        _ => false,
    }
}

/// A stable subject per provider and address, so the same identity keeps its ID.
pub(crate) fn subject(provider: &OAuthProvider, email: &str) -> String {
    let digest = Sha256::digest(format!("{}:{}", provider.as_str(), email.to_ascii_lowercase()));
    digest.iter().take(10).map(|b| format!("{b:02x}")).collect()
}

fn bad_start(message: impl Into<String>) -> ApiError {
    ApiError::new(400, ErrorType::BadRequest, message)
}

impl Store {
    /// Up to eight distinct member addresses (of one organization, or of all), which the
    /// simulated sign-in pages offer as one-click identities.
    pub(crate) fn known_emails(&self, organization_id: Option<&str>) -> Vec<String> {
        let mut known: Vec<String> = Vec::new();
        for member in self
            .members
            .iter()
            .filter(|m| organization_id.is_none_or(|id| id == m.organization_id))
        {
            if known.len() < 8 && !known.contains(&member.email_address) {
                known.push(member.email_address.clone());
            }
        }
        known
    }

    fn start_organization(&self, start: &OAuthStart) -> ApiResult<Option<Organization>> {
        if start.discovery {
            return Ok(None);
        }
        let id = start
            .organization_id
            .as_deref()
            .or(start.slug.as_deref())
            .filter(|s| !s.is_empty())
            .ok_or_else(|| bad_start("An organization_id or slug is required to start an organization login."))?;
        self.organization(id).cloned().map(Some)
    }

    /// Checks a start URL and describes the consent page.
    pub(crate) fn oauth_consent(&self, start: &OAuthStart) -> ApiResult<ConsentContext> {
        let provider = start
            .provider
            .clone()
            .filter(|p| !matches!(p, OAuthProvider::Unknown(_)))
            .ok_or_else(|| bad_start("Unknown OAuth provider; use google, microsoft, github, slack or hubspot."))?;
        if start.public_token != self.project.public_token {
            return Err(ApiError::new(
                401,
                ErrorType::PublicTokenNotFound,
                "The public token does not belong to this project.",
            ));
        }
        let organization = self.start_organization(start)?;
        self.check_named_redirect_urls(
            &[
                (&start.login_redirect_url, RedirectKind::Login),
                (&start.signup_redirect_url, RedirectKind::Signup),
                (&start.discovery_redirect_url, RedirectKind::Discovery),
            ],
            RedirectFlow::OAuth,
        )?;
        Ok(ConsentContext {
            provider,
            project_name: self.project.name.clone(),
            known_emails: self.known_emails(organization.as_ref().map(|o| o.organization_id.as_str())),
            organization_name: organization.map(|o| o.organization_name),
        })
    }

    /// The person continued on the consent page: mints a callback token and returns the app
    /// URL to redirect to.
    pub(crate) fn complete_oauth_consent(
        &mut self,
        ctx: &Ctx<'_>,
        start: &OAuthStart,
        identity: OAuthIdentity,
    ) -> ApiResult<String> {
        self.mint_oauth_token(ctx, start, identity, None)
    }

    /// A callback token for the identity, and the app URL carrying it (the login, signup or
    /// discovery redirect URL). `one_tap_credential` is the Google credential of a One Tap
    /// sign-in.
    pub(crate) fn mint_oauth_token(
        &mut self,
        ctx: &Ctx<'_>,
        start: &OAuthStart,
        identity: OAuthIdentity,
        one_tap_credential: Option<String>,
    ) -> ApiResult<String> {
        let consent = self.oauth_consent(start)?;
        validate_email(&identity.email)?;
        let organization = self.start_organization(start)?;
        let email = identity.email.trim().to_ascii_lowercase();
        let redirect = match &organization {
            None => self.redirect_url(
                start.discovery_redirect_url.as_deref(),
                RedirectKind::Discovery,
                RedirectFlow::OAuth,
            )?,
            Some(org) if self.member_by_email(&org.organization_id, &email).is_some() => self.redirect_url(
                start.login_redirect_url.as_deref(),
                RedirectKind::Login,
                RedirectFlow::OAuth,
            )?,
            Some(_) => self.redirect_url(
                start.signup_redirect_url.as_deref(),
                RedirectKind::Signup,
                RedirectFlow::OAuth,
            )?,
        };
        let mut scopes = vec!["openid".to_owned(), "email".to_owned(), "profile".to_owned()];
        scopes.extend(
            start
                .custom_scopes
                .iter()
                .flat_map(|s| s.split_whitespace())
                .map(str::to_owned),
        );
        let token = ids::new_token();
        self.oauth_tokens.insert(
            token.clone(),
            OAuthTokenRecord {
                provider: consent.provider,
                identity: OAuthIdentity { email, ..identity },
                organization_id: organization.map(|o| o.organization_id),
                scopes,
                pkce_code_challenge: start.pkce_code_challenge.clone().filter(|c| !c.is_empty()),
                expires_ms: ctx.now + TOKEN_LIFETIME_MS,
                used: false,
                one_tap_credential,
            },
        );
        let token_type = if start.discovery { "discovery_oauth" } else { "oauth" };
        Ok(link_with_token(&redirect, token_type, &token))
    }

    fn take_oauth_token(
        &mut self,
        ctx: &Ctx<'_>,
        token: &str,
        pkce_code_verifier: Option<&str>,
        discovery: bool,
    ) -> ApiResult<OAuthTokenRecord> {
        let record = self
            .oauth_tokens
            .get(token)
            .filter(|r| r.expires_ms > ctx.now && !r.used && r.organization_id.is_none() == discovery)
            .cloned()
            .ok_or_else(|| {
                ApiError::new(
                    404,
                    ErrorType::OauthTokenNotFound,
                    "The OAuth token could not be found, was used, or has expired.",
                )
            })?;
        check_pkce(record.pkce_code_challenge.as_deref(), pkce_code_verifier)?;
        if let Some(r) = self.oauth_tokens.get_mut(token) {
            r.used = true;
        }
        Ok(record)
    }

    fn provider_values(ctx: &Ctx<'_>, record: &OAuthTokenRecord) -> ProviderValues {
        if let Some(credential) = &record.one_tap_credential {
            return ProviderValues {
                id_token: Some(credential.clone()),
                scopes: record.scopes.clone(),
                ..ProviderValues::default()
            };
        }
        let provider = &record.provider;
        let oidc = matches!(provider, OAuthProvider::Google | OAuthProvider::Microsoft);
        let refreshable = refreshable(provider);
        ProviderValues {
            access_token: new_access_token(provider),
            id_token: oidc.then(|| format!("emulated-{}-id-{}", provider.as_str(), ids::new_token())),
            refresh_token: refreshable.then(|| format!("emulated-{}-refresh-{}", provider.as_str(), ids::new_token())),
            scopes: record.scopes.clone(),
            expires_at: refreshable.then(|| format_rfc3339(ctx.now + ACCESS_TOKEN_LIFETIME_MS)),
        }
    }

    /// Keeps a sign-in's provider tokens for the member (replacing what the same identity left).
    fn save_provider_tokens(
        &mut self,
        ctx: &Ctx<'_>,
        member_id: &str,
        record: &OAuthTokenRecord,
        subject: &str,
        values: &ProviderValues,
    ) {
        self.oauth_provider_tokens
            .retain(|t| !(t.member_id == member_id && t.provider == record.provider && t.provider_subject == subject));
        self.oauth_provider_tokens.push(SavedProviderTokens {
            member_id: member_id.to_owned(),
            provider: record.provider.clone(),
            provider_subject: subject.to_owned(),
            tenant: tenant_of(record).map(|(_, tenant)| tenant),
            access_token: values.access_token.clone(),
            id_token: values.id_token.clone(),
            refresh_token: values.refresh_token.clone(),
            scopes: values.scopes.clone(),
            expires_ms: refreshable(&record.provider).then_some(ctx.now + ACCESS_TOKEN_LIFETIME_MS),
        });
    }

    /// The backend's `GET organizations/{org}/members/{member}/oauth_providers/{provider}`:
    /// the kept tokens, in the provider's shape (Google and Microsoft: the newest registration's
    /// fields; Slack, HubSpot and GitHub: every registration), an expired access token
    /// refreshed first; the refresh token only with `include_refresh_token`.
    pub(crate) fn member_provider_tokens(
        &mut self,
        ctx: &Ctx<'_>,
        organization_id: &str,
        member_id: &str,
        provider: &OAuthProvider,
        include_refresh_token: bool,
    ) -> ApiResult<Value> {
        let member_id = self.member(organization_id, member_id)?.member_id.clone();
        let mut found = false;
        for saved in self
            .oauth_provider_tokens
            .iter_mut()
            .filter(|t| t.member_id == member_id && t.provider == *provider)
        {
            found = true;
            if saved.expires_ms.is_some_and(|at| at <= ctx.now) && saved.refresh_token.is_some() {
                saved.access_token = new_access_token(provider);
                saved.expires_ms = Some(ctx.now + ACCESS_TOKEN_LIFETIME_MS);
            }
        }
        if !found {
            return Err(ApiError::new(
                404,
                ErrorType::Unknown("member_oauth_token_not_found".into()),
                format!("The member holds no {} tokens.", provider.display_name()),
            ));
        }
        let now = ctx.now;
        let shown = |saved: &SavedProviderTokens| {
            let mut fields = json!({
                "provider_subject": saved.provider_subject,
                "access_token": saved.access_token,
                "scopes": saved.scopes,
            });
            if let Some(at) = saved.expires_ms {
                fields["access_token_expires_in"] = json!((at - now).max(0) / 1000);
            }
            if let Some(id_token) = &saved.id_token {
                fields["id_token"] = json!(id_token);
            }
            if let (true, Some(refresh)) = (include_refresh_token, &saved.refresh_token) {
                fields["refresh_token"] = json!(refresh);
            }
            match provider {
                OAuthProvider::GitHub => fields["provider_tenant_ids"] = json!(saved.tenant.iter().collect::<Vec<_>>()),
                OAuthProvider::Slack | OAuthProvider::HubSpot => {
                    fields["provider_tenant_id"] = json!(saved.tenant.clone().unwrap_or_default());
                }
                _ => {}
            }
            if *provider == OAuthProvider::Slack {
                fields["bot_access_token"] = json!("");
                fields["bot_scopes"] = json!([]);
            }
            fields
        };
        let saved: Vec<&SavedProviderTokens> = self
            .oauth_provider_tokens
            .iter()
            .filter(|t| t.member_id == member_id && t.provider == *provider)
            .collect();
        let mut answer = match provider {
            OAuthProvider::Google | OAuthProvider::Microsoft => saved.last().map(|s| shown(s)).unwrap_or_default(),
            _ => json!({ "registrations": saved.iter().map(|s| shown(s)).collect::<Vec<_>>() }),
        };
        answer["provider_type"] = json!(provider.display_name());
        answer["request_id"] = json!(ids::request_id());
        answer["status_code"] = json!(200);
        Ok(answer)
    }

    /// `oauth/authenticate` (organization-scoped): members sign in; people from an allowed
    /// OAuth tenant join, and so do people of an accepted email domain, with an
    /// email-verification step-up when the provider does not vouch for the address.
    pub(crate) fn authenticate_oauth(
        &mut self,
        ctx: &Ctx<'_>,
        request: &OAuthAuthenticateRequest,
        continuing: Continuing<'_>,
    ) -> ApiResult<AuthenticateWithMfaResponse> {
        let duration = check_duration(request.session_duration_minutes)?;
        let record = self.take_oauth_token(ctx, &request.oauth_token, request.pkce_code_verifier.as_deref(), false)?;
        let organization_id = record.organization_id.clone().unwrap_or_default();
        let organization = self.organization(&organization_id)?.clone();
        let (subject, factor) = oauth_factor(ctx.now, &record);
        let mut login = self
            .login_member(ctx, &organization, &record.identity.email, &factor)
            .ok_or_else(|| {
                super::policy::jit_refusal(
                    &organization,
                    "This identity is not a member of the organization and may not join it.",
                )
            })?;
        register_oauth(&mut login.member, &record, &subject);
        let mut response = self.authenticate_primary(ctx, &organization, login, factor, continuing, duration)?;
        let values = Self::provider_values(ctx, &record);
        // Kept once the member exists (a newcomer waiting on another factor does not yet);
        // One Tap leaves no provider tokens to keep.
        if let Some(member_id) = self
            .member_by_email(&organization.organization_id, &record.identity.email)
            .map(|m| m.member_id.clone())
            .filter(|_| record.one_tap_credential.is_none())
        {
            self.save_provider_tokens(ctx, &member_id, &record, &subject, &values);
        }
        response.provider_subject = Some(subject);
        response.provider_type = Some(record.provider.display_name().to_owned());
        response.provider_values = Some(values);
        response.reset_sessions = Some(false);
        Ok(response)
    }

    /// `oauth/discovery/authenticate`: an IST holding the OAuth factor, and the organizations
    /// the identity may enter.
    pub(crate) fn authenticate_oauth_discovery(
        &mut self,
        ctx: &Ctx<'_>,
        request: &OAuthDiscoveryAuthenticateRequest,
    ) -> ApiResult<DiscoveryAuthenticateResponse> {
        let record = self.take_oauth_token(
            ctx,
            &request.discovery_oauth_token,
            request.pkce_code_verifier.as_deref(),
            true,
        )?;
        let (_, factor) = oauth_factor(ctx.now, &record);
        let mut response = self.start_discovery(ctx, &record.identity.email, factor);
        let tenant = Some(record.identity.tenant.clone()).filter(|t| !t.is_empty());
        response.provider_type = Some(record.provider.display_name().to_owned());
        response.provider_tenant_ids = Some(tenant.iter().cloned().collect());
        response.provider_tenant_id = tenant;
        response.full_name = Some(record.identity.name.clone());
        Ok(response)
    }
}

/// Records the identity in the member's `oauth_registrations` (once per provider and subject),
/// as Stytch does when a member signs in with a provider; stored with the member once the
/// login needs no other primary method.
fn register_oauth(member: &mut stytch_models::Member, record: &OAuthTokenRecord, subject: &str) {
    let provider_type = record.provider.display_name();
    let known = member
        .oauth_registrations
        .iter()
        .any(|r| r.provider_type == provider_type && r.provider_subject == subject);
    if !known {
        member.oauth_registrations.push(stytch_models::OAuthRegistration {
            provider_type: provider_type.to_owned(),
            provider_subject: subject.to_owned(),
            member_oauth_registration_id: ids::new_id("oauth-member-registration"),
            profile_picture_url: None,
            locale: None,
            provider_tenants: tenant_of(record)
                // The consent page asks for the tenant's ID only; it stands for its name too.
                .map(|(_, tenant)| serde_json::json!({ "tenant_id": tenant, "tenant_name": tenant }))
                .into_iter()
                .collect(),
        });
    }
}

/// The provider's subject for the identity, and the OAuth factor it completes (verifying the
/// email or not, by provider, with the tenant it came from).
fn oauth_factor(now: i64, record: &OAuthTokenRecord) -> (String, Factor) {
    let subject = subject(&record.provider, &record.identity.email);
    let mut factor = Factor::oauth(
        record.provider.as_str(),
        &subject,
        verifies_email(&record.provider, &record.identity),
        now,
    );
    factor.oauth_tenant = tenant_of(record);
    (subject, factor)
}

/// The `(provider, tenant ID)` an identity came from, when its provider has tenants and the
/// consent form named one.
fn tenant_of(record: &OAuthTokenRecord) -> Option<(String, String)> {
    Some(record.identity.tenant.clone())
        .filter(|t| !t.is_empty())
        .map(|tenant| (record.provider.as_str().to_owned(), tenant))
}
