//! Google One Tap: Google hands the page a credential (a Google ID token) for the account the
//! person picked; the SDK submits it (`oauth/google/onetap/submit`, or `…/discovery/submit`)
//! and Stytch answers with the app URL to go to, carrying an OAuth token as a Google OAuth
//! redirect would. That token then authenticates like any OAuth token, except that One Tap
//! issues no access or refresh token: `provider_values` holds the credential as its ID token.
//!
//! The emulator plays Google too: [`Store::google_credential`] issues the credentials its
//! stand-in for Google's script (`/emulator/google/gsi/client`) hands the page, signed with
//! the emulator's key, issued by `https://accounts.google.com` for the project's Google client
//! ID. A credential is accepted for an hour, as Google's are.
//!
//! Refusals use Stytch's names: `id_token_expired`, `id_token_incorrect_audience` (a
//! credential for another client ID), `id_token_invalid` (not Google's, or no verified email;
//! our reading of which name applies). A project without a Google client ID
//! answers the start with an empty one (the official SDK then reports
//! `oauth_config_not_found`) and refuses a submit with `oauth_config_not_found`.

use serde_json::{Value, json};
use stytch_models::{ErrorType, api::oauth::OAuthProvider};

use super::oauth::{OAuthIdentity, OAuthStart, subject};
use super::store::{Store, validate_email};
use super::{Ctx, ids};
use crate::error::{ApiError, ApiResult};

/// The issuer of Google's ID tokens.
pub const GOOGLE_ISSUER: &str = "https://accounts.google.com";

/// How long a credential is accepted.
const CREDENTIAL_LIFETIME_SECONDS: i64 = 3600;

/// What a One Tap submit carries besides the credential.
#[derive(Clone, Debug, Default)]
pub struct OneTapSubmit {
    /// The Google credential (`id_token`).
    pub id_token: String,
    /// Organization (organization-scoped submits).
    pub organization_id: Option<String>,
    /// Where an existing member lands.
    pub login_redirect_url: Option<String>,
    /// Where a new member lands.
    pub signup_redirect_url: Option<String>,
    /// Where a discovery login lands.
    pub discovery_redirect_url: Option<String>,
    /// PKCE challenge.
    pub pkce_code_challenge: Option<String>,
}

fn invalid_id_token(message: &str) -> ApiError {
    ApiError::named(400, "id_token_invalid", message)
}

/// The `aud` a JWT claims, read without checking anything.
fn claimed_audience(token: &str) -> Option<String> {
    use base64::Engine;
    let payload = token.split('.').nth(1)?;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(payload).ok()?;
    let claims: Value = serde_json::from_slice(&bytes).ok()?;
    claims.get("aud").and_then(Value::as_str).map(str::to_owned)
}

impl Store {
    fn google_client_id(&self) -> ApiResult<&str> {
        Some(self.project.google_client_id.as_str())
            .filter(|id| !id.is_empty())
            .ok_or_else(|| {
                ApiError::new(
                    400,
                    ErrorType::Unknown("oauth_config_not_found".into()),
                    "Google One Tap is not set up: start the emulator with --google-client-id.",
                )
            })
    }

    /// The simulated Google's side of One Tap: the credential for an identity, as Google hands
    /// it to the page that runs One Tap under `client_id`.
    pub(crate) fn google_credential(
        &self,
        ctx: &Ctx<'_>,
        client_id: &str,
        identity: &OAuthIdentity,
    ) -> ApiResult<String> {
        if client_id.is_empty() || self.google_client_id()? != client_id {
            return Err(ApiError::new(
                400,
                ErrorType::BadRequest,
                "The client_id is not the project's Google client ID (GET /sdk/v1/b2b/oauth/google/onetap/start names it).",
            ));
        }
        validate_email(identity.email.trim())?;
        let email = identity.email.trim().to_ascii_lowercase();
        let now = ctx.now / 1000;
        let mut claims = json!({
            "iss": GOOGLE_ISSUER,
            "azp": client_id,
            "aud": client_id,
            "sub": subject(&OAuthProvider::Google, &email),
            "email": email,
            "email_verified": true,
            "iat": now,
            "nbf": now,
            "exp": now + CREDENTIAL_LIFETIME_SECONDS,
            "jti": ids::new_token(),
        });
        let name = identity.name.trim();
        if !name.is_empty() {
            claims["name"] = json!(name);
        }
        let hosted_domain = identity.hosted_domain.trim();
        if !hosted_domain.is_empty() {
            claims["hd"] = json!(hosted_domain.to_ascii_lowercase());
        }
        ctx.signer.sign_value(&claims).map_err(ApiError::internal)
    }

    /// Checks a credential as Stytch checks Google's, and reads the identity it names.
    fn verify_google_credential(&self, ctx: &Ctx<'_>, id_token: &str) -> ApiResult<OAuthIdentity> {
        let client_id = self.google_client_id()?;
        let Some(claims) = ctx.signer.verify_value(id_token, client_id) else {
            // Signed, but for another client ID?
            let elsewhere = claimed_audience(id_token)
                .filter(|aud| aud != client_id)
                .is_some_and(|aud| ctx.signer.verify_value(id_token, &aud).is_some());
            return Err(if elsewhere {
                ApiError::named(
                    400,
                    "id_token_incorrect_audience",
                    "The id_token is a credential for another client ID than the project's.",
                )
            } else {
                invalid_id_token("The id_token is not a Google credential.")
            });
        };
        let text = |key: &str| claims.get(key).and_then(Value::as_str).unwrap_or_default().to_owned();
        if !matches!(text("iss").as_str(), GOOGLE_ISSUER | "accounts.google.com") {
            return Err(invalid_id_token("The id_token was not issued by Google."));
        }
        if claims
            .get("exp")
            .and_then(Value::as_i64)
            .is_none_or(|exp| exp * 1000 <= ctx.now)
        {
            return Err(ApiError::named(400, "id_token_expired", "The id_token has expired."));
        }
        if text("email").is_empty() || claims.get("email_verified") != Some(&json!(true)) {
            return Err(invalid_id_token("The id_token names no verified email address."));
        }
        Ok(OAuthIdentity {
            email: text("email"),
            name: text("name"),
            hosted_domain: text("hd"),
            tenant: String::new(),
        })
    }

    /// `oauth/google/onetap/submit` (`discovery` false) and `…/discovery/submit`: the app URL
    /// to go to, carrying an OAuth token (`stytch_token_type=oauth` or `discovery_oauth`).
    pub(crate) fn submit_one_tap(&mut self, ctx: &Ctx<'_>, submit: OneTapSubmit, discovery: bool) -> ApiResult<String> {
        if !discovery && submit.organization_id.as_deref().is_none_or(str::is_empty) {
            return Err(ApiError::new(
                400,
                ErrorType::BadRequest,
                "organization_id is required; use the discovery submit when the organization is not known.",
            ));
        }
        let identity = self.verify_google_credential(ctx, &submit.id_token)?;
        let start = OAuthStart {
            provider: Some(OAuthProvider::Google),
            discovery,
            public_token: self.project.public_token.clone(),
            organization_id: submit.organization_id.filter(|_| !discovery),
            slug: None,
            login_redirect_url: submit.login_redirect_url,
            signup_redirect_url: submit.signup_redirect_url,
            discovery_redirect_url: submit.discovery_redirect_url,
            custom_scopes: None,
            pkce_code_challenge: submit.pkce_code_challenge,
        };
        self.mint_oauth_token(ctx, &start, identity, Some(submit.id_token))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::jwt::Signer;
    use crate::domain::store::Project;

    fn store() -> Store {
        Store::new(Project {
            public_token: "public-token-test".into(),
            google_client_id: "client.apps.googleusercontent.com".into(),
            redirect_urls: crate::domain::redirect_urls::from_config(&["http://localhost:8080/authenticate".into()]),
            ..Project::default()
        })
    }

    #[test]
    fn credentials_are_checked_like_googles() {
        let signer = Signer::generate().expect("key");
        let ctx = Ctx {
            now: 1_800_000_000_000,
            signer: &signer,
            session_custom_claims: None,
        };
        let store = store();
        let ada = OAuthIdentity {
            email: "Ada@Example.com".into(),
            hosted_domain: "example.com".into(),
            ..OAuthIdentity::default()
        };
        let credential = store
            .google_credential(&ctx, "client.apps.googleusercontent.com", &ada)
            .expect("credential");
        let read = store.verify_google_credential(&ctx, &credential).expect("valid");
        assert_eq!(
            (read.email.as_str(), read.hosted_domain.as_str()),
            ("ada@example.com", "example.com")
        );

        // Another client's credential is refused at issue; a later clock finds it expired.
        let other = store.google_credential(&ctx, "other.apps.googleusercontent.com", &ada);
        assert_eq!(other.expect_err("other client").error_type, ErrorType::BadRequest);
        let later = Ctx {
            now: ctx.now + CREDENTIAL_LIFETIME_SECONDS * 1000,
            ..ctx
        };
        let expired = store
            .verify_google_credential(&later, &credential)
            .expect_err("expired");
        assert_eq!(expired.error_type.as_str(), "id_token_expired");

        // A token the same key signed for the project (a session JWT's audience) is not Google's.
        let session_like = signer
            .sign_value(&json!({"iss": GOOGLE_ISSUER, "aud": "project-test", "email": "a@b.co", "email_verified": true, "exp": 1_900_000_000}))
            .expect("signed");
        let refused = store
            .verify_google_credential(&ctx, &session_like)
            .expect_err("audience");
        assert_eq!(refused.error_type.as_str(), "id_token_incorrect_audience");
        let not_google = signer
            .sign_value(&json!({"iss": "https://evil.example", "aud": "client.apps.googleusercontent.com", "email": "a@b.co", "email_verified": true, "exp": 1_900_000_000}))
            .expect("signed");
        let refused = store.verify_google_credential(&ctx, &not_google).expect_err("issuer");
        assert_eq!(refused.error_type.as_str(), "id_token_invalid");
    }
}
