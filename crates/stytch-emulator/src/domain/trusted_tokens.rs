//! Trusted auth tokens: `sessions/attest` exchanges a JWT that another identity provider (or
//! your own backend) signed for a Stytch session, under a Trusted Auth Token profile. A
//! profile names the issuer and audience the token must carry, the keys that sign it (PEM public
//! keys, or a JWKS URL) and which claims say who the member is (`attribute_mapping`:
//! Stytch attribute → claim name). In Stytch the profiles live in the Dashboard and its
//! Management API; here the test API (`/emulator/v1/trusted_token_profiles`) manages them, in
//! the Management API's shape.
//!
//! Rules, from Stytch's reference and its error list:
//! - The token's signature must verify with one of the profile's keys (by `kid` when the
//!   token names one) and it must be within `exp`/`nbf` (on the emulator's clock): otherwise
//!   401 `invalid_trusted_auth_token`. `iss` must be the profile's issuer
//!   (`jwt_invalid_issuer`), `aud` must hold its audience (`jwt_invalid_audience`).
//! - The organization is the request's `organization_id` or the claim the `organization_id`
//!   mapping names; neither is `token_missing_organization_id_claim`, two different ones
//!   `invalid_token_organization_id_claim`.
//! - The member is found by the claim the `external_id` mapping names, else by the `email` one;
//!   a profile that may provision just in time (`can_jit_provision`) creates a missing member,
//!   but only for a token that names its organization itself ("the token must have an
//!   organization ID claim if JIT provisioning is enabled").
//! - The factor is `trusted_auth_token` / `trusted_token_exchange` with
//!   `trusted_auth_token_factor.token_id` from the `token_id` mapping. A live session of the
//!   same member in the same organization gains it; otherwise a new session starts.
//!
//! Our readings (Stytch does not document them): `token_id` falls back to the `jti` claim; a
//! token without `exp` is `jwt_invalid_claims`; a mapped claim the token lacks is
//! `jwt_invalid_claims`; an invited member becomes active, with its email left unverified; a
//! member created just in time is active with its email unverified; attest never asks for MFA
//! (its answer has no intermediate session) and counts as no primary method of an
//! organization's authentication policy, so a session exchanged into another organization does
//! not carry it; a profile holds at most five PEM keys.

use std::collections::BTreeMap;

use jsonwebtoken::jwk::{Jwk, JwkSet};
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use serde_json::{Map, Value};
use stytch_models::{
    ErrorType, MemberStatus, TrustedAuthTokenFactor, api::sessions::AuthenticateResponse, time::format_rfc3339,
};

use super::primary::Continuing;
use super::sessions::check_duration;
use super::store::{Factor, FactorKind, Store, new_member, validate_email};
use super::{Ctx, ids};
use crate::error::{ApiError, ApiResult};

/// How many PEM keys a profile holds (our reading).
const MAX_PEM_FILES: usize = 5;

/// A PEM public key of a profile.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct PemFile {
    /// `pem-file-test-…`.
    pub pem_file_id: String,
    /// The key, PEM text.
    pub public_key: String,
}

/// A Trusted Auth Token profile, as the Management API shows it.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct TrustedTokenProfile {
    /// `ttp-test-…`.
    pub profile_id: String,
    /// A name for people.
    pub name: String,
    /// The `aud` tokens must carry.
    pub audience: String,
    /// The `iss` tokens must carry.
    pub issuer: String,
    /// `JWK` (keys from `jwks_url`) or `PEM` (keys in `pem_files`).
    pub public_key_type: String,
    /// Where the keys are, for `JWK`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub jwks_url: Option<String>,
    /// The keys, for `PEM`.
    pub pem_files: Vec<PemFile>,
    /// Stytch attribute (`email`, `external_id`, `token_id`, `organization_id`, `name`) → claim.
    pub attribute_mapping: BTreeMap<String, String>,
    /// Whether a token may create a missing member.
    pub can_jit_provision: bool,
}

/// A Trusted Auth Token profile to create: what `POST /emulator/v1/trusted_token_profiles`,
/// `--trusted-token-profiles` and [`EmulatorConfig::trusted_token_profiles`] take, in the shape
/// of Stytch's Management API create, plus an optional `profile_id` so that a test can give the
/// profile the ID its app is configured with.
///
/// ```
/// use stytch_emulator::{EmulatorConfig, TrustedTokenProfileInput, build};
///
/// let profile = TrustedTokenProfileInput {
///     profile_id: Some("ttp-test-supabase".into()),
///     name: "Supabase".into(),
///     issuer: "https://project.supabase.co/auth/v1".into(),
///     audience: "authenticated".into(),
///     public_key_type: "JWK".into(),
///     jwks_url: Some("http://127.0.0.1:9999/.well-known/jwks.json".into()),
///     attribute_mapping: Some(serde_json::json!({ "email": "email", "token_id": "session_id" })),
///     ..Default::default()
/// };
/// let app = build(&EmulatorConfig { trusted_token_profiles: vec![profile], ..EmulatorConfig::for_tests() }).unwrap();
/// assert_eq!(app.with(|store, _| store.trusted_token_profiles.len()), 1);
/// ```
///
/// [`EmulatorConfig::trusted_token_profiles`]: crate::EmulatorConfig::trusted_token_profiles
#[derive(Clone, Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct ProfileInput {
    /// The profile's ID (`ttp-test-…` generated when absent); unique among the profiles.
    pub profile_id: Option<String>,
    /// A name for people.
    pub name: String,
    /// The `aud` tokens must carry.
    pub audience: String,
    /// The `iss` tokens must carry.
    pub issuer: String,
    /// `JWK` or `PEM`.
    pub public_key_type: String,
    /// For `JWK`.
    pub jwks_url: Option<String>,
    /// For `PEM`: the keys' text (in a file, also as the `{"public_key": …}` objects a
    /// profile is read back with).
    #[serde(deserialize_with = "pem_texts")]
    pub pem_files: Vec<String>,
    /// Stytch attribute → claim name.
    pub attribute_mapping: Option<Value>,
    /// Whether a token may create a missing member.
    pub can_jit_provision: bool,
}

/// PEM keys as text, or as the `{"pem_file_id", "public_key"}` objects a profile shows.
fn pem_texts<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Vec<String>, D::Error> {
    #[derive(serde::Deserialize)]
    #[serde(untagged)]
    enum Pem {
        Text(String),
        File { public_key: String },
    }
    let pems: Vec<Pem> = serde::Deserialize::deserialize(deserializer)?;
    Ok(pems
        .into_iter()
        .map(|pem| match pem {
            Pem::Text(text) | Pem::File { public_key: text } => text,
        })
        .collect())
}

/// The fields a profile to create may have, for spotting a misspelt one in a file.
const INPUT_FIELDS: [&str; 9] = [
    "profile_id",
    "name",
    "audience",
    "issuer",
    "public_key_type",
    "jwks_url",
    "pem_files",
    "attribute_mapping",
    "can_jit_provision",
];

/// What `PUT /emulator/v1/trusted_token_profiles/{id}` takes: only what it names changes.
#[derive(Clone, Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct ProfileUpdate {
    /// A name for people.
    pub name: Option<String>,
    /// The `aud` tokens must carry.
    pub audience: Option<String>,
    /// The `iss` tokens must carry.
    pub issuer: Option<String>,
    /// For `JWK`.
    pub jwks_url: Option<String>,
    /// Stytch attribute → claim name.
    pub attribute_mapping: Option<Value>,
    /// Whether a token may create a missing member.
    pub can_jit_provision: Option<bool>,
}

/// The keys a token is checked against: a profile's PEM keys, or the JWKS its URL served.
pub enum Keys {
    /// PEM text.
    Pem(Vec<String>),
    /// A fetched key set.
    Jwks(JwkSet),
}

fn invalid_request(message: impl Into<String>) -> ApiError {
    ApiError::named(400, "trusted_token_profile_invalid_request", message)
}

fn invalid_token(message: impl Into<String>) -> ApiError {
    ApiError::named(401, "invalid_trusted_auth_token", message)
}

fn invalid_claims(message: impl Into<String>) -> ApiError {
    ApiError::named(400, "jwt_invalid_claims", message)
}

/// 404 `trusted_token_profile_not_found`.
fn profile_not_found() -> ApiError {
    ApiError::named(
        404,
        "trusted_token_profile_not_found",
        "No trusted token profile has this ID.",
    )
}

fn mapping(value: Option<Value>) -> ApiResult<BTreeMap<String, String>> {
    let Some(value) = value.filter(|v| !v.is_null()) else {
        return Ok(BTreeMap::new());
    };
    let Value::Object(map) = value else {
        return Err(invalid_request("attribute_mapping must be an object of claim names."));
    };
    map.into_iter()
        .map(|(attribute, claim)| match claim {
            Value::String(claim) if !claim.trim().is_empty() && !attribute.trim().is_empty() => Ok((attribute, claim)),
            _ => Err(invalid_request(format!(
                "attribute_mapping.{attribute} must name a claim (a non-empty string)."
            ))),
        })
        .collect()
}

fn check_jwks_url(url: &str) -> ApiResult<()> {
    let ok = (url.starts_with("http://") || url.starts_with("https://"))
        && url
            .split_once("://")
            .is_some_and(|(_, rest)| !rest.is_empty() && !rest.starts_with('/'))
        && !url.contains(char::is_whitespace);
    if ok {
        Ok(())
    } else {
        Err(ApiError::named(
            400,
            "invalid_jwks_url",
            "jwks_url must be an http or https URL.",
        ))
    }
}

fn check_pem(text: &str) -> ApiResult<()> {
    let bytes = text.as_bytes();
    let parsed = DecodingKey::from_rsa_pem(bytes)
        .or_else(|_| DecodingKey::from_ec_pem(bytes))
        .or_else(|_| DecodingKey::from_ed_pem(bytes));
    parsed.map(|_| ()).map_err(|_| {
        ApiError::named(
            400,
            "invalid_public_key",
            "A PEM file is not an RSA, EC or Ed25519 public key in PEM form.",
        )
    })
}

fn required(value: &str, field: &str) -> ApiResult<()> {
    if value.trim().is_empty() {
        Err(invalid_request(format!("{field} is required.")))
    } else {
        Ok(())
    }
}

fn pem_file(public_key: String) -> ApiResult<PemFile> {
    check_pem(&public_key)?;
    Ok(PemFile {
        pem_file_id: ids::new_id("pem-file"),
        public_key,
    })
}

impl TrustedTokenProfile {
    /// A new profile, checked as Stytch checks one.
    pub fn create(input: ProfileInput) -> ApiResult<Self> {
        required(&input.name, "name")?;
        required(&input.audience, "audience")?;
        required(&input.issuer, "issuer")?;
        let public_key_type = input.public_key_type.trim().to_ascii_uppercase();
        let jwks_url = input.jwks_url.filter(|u| !u.trim().is_empty());
        match public_key_type.as_str() {
            "JWK" => {
                let url = jwks_url.as_deref().ok_or_else(|| {
                    ApiError::named(
                        400,
                        "must_have_jwks_url_for_trusted_token_profile_with_type_jwk",
                        "A JWK profile needs a jwks_url.",
                    )
                })?;
                check_jwks_url(url)?;
                if !input.pem_files.is_empty() {
                    return Err(ApiError::named(
                        400,
                        "cannot_add_pem_file_to_non_pem_trusted_token_profile",
                        "A JWK profile takes its keys from jwks_url, not pem_files.",
                    ));
                }
            }
            "PEM" => {
                if input.pem_files.is_empty() {
                    return Err(ApiError::named(
                        400,
                        "must_have_pem_files_for_trusted_token_profile_with_type_pem",
                        "A PEM profile needs at least one PEM file.",
                    ));
                }
                if input.pem_files.len() > MAX_PEM_FILES {
                    return Err(too_many_pem_files());
                }
            }
            _ => return Err(invalid_request("public_key_type must be JWK or PEM.")),
        }
        let profile_id = match input.profile_id {
            Some(id) if id.trim().is_empty() || id.contains(['/', '?', '#']) => {
                return Err(invalid_request("profile_id must be a non-empty path segment."));
            }
            Some(id) => id,
            None => ids::new_id("ttp"),
        };
        let pem_files = input.pem_files.into_iter().map(pem_file).collect::<ApiResult<_>>()?;
        Ok(Self {
            profile_id,
            name: input.name.trim().into(),
            audience: input.audience,
            issuer: input.issuer,
            jwks_url: if public_key_type == "JWK" { jwks_url } else { None },
            public_key_type,
            pem_files,
            attribute_mapping: mapping(input.attribute_mapping)?,
            can_jit_provision: input.can_jit_provision,
        })
    }

    /// The profile with `update` applied; unchanged on any refusal.
    pub fn updated(&self, update: ProfileUpdate) -> ApiResult<Self> {
        let mut next = self.clone();
        if let Some(name) = update.name {
            required(&name, "name")?;
            next.name = name.trim().into();
        }
        if let Some(audience) = update.audience {
            required(&audience, "audience")?;
            next.audience = audience;
        }
        if let Some(issuer) = update.issuer {
            required(&issuer, "issuer")?;
            next.issuer = issuer;
        }
        if let Some(url) = update.jwks_url {
            if next.public_key_type != "JWK" {
                return Err(invalid_request("Only a JWK profile has a jwks_url."));
            }
            check_jwks_url(&url)?;
            next.jwks_url = Some(url);
        }
        if update.attribute_mapping.is_some() {
            next.attribute_mapping = mapping(update.attribute_mapping)?;
        }
        if let Some(jit) = update.can_jit_provision {
            next.can_jit_provision = jit;
        }
        Ok(next)
    }

    /// The keys to check a token against, once a JWK profile's set is fetched.
    pub fn pem_keys(&self) -> Option<Keys> {
        (self.public_key_type == "PEM")
            .then(|| Keys::Pem(self.pem_files.iter().map(|p| p.public_key.clone()).collect()))
    }

    fn claim_name(&self, attribute: &str) -> Option<&str> {
        self.attribute_mapping.get(attribute).map(String::as_str)
    }
}

fn too_many_pem_files() -> ApiError {
    ApiError::named(
        400,
        "too_many_pem_files_for_trusted_token_profile",
        format!("A profile holds at most {MAX_PEM_FILES} PEM files."),
    )
}

/// Fetches a JWK profile's key set. Failures are `invalid_jwks_url`, naming the URL.
pub async fn fetch_jwks(url: &str) -> ApiResult<Keys> {
    let failed = |why: String| {
        ApiError::named(
            400,
            "invalid_jwks_url",
            format!("Could not read a JWKS from {url}: {why}"),
        )
    };
    let text = super::remote::fetch_text(url).await.map_err(failed)?;
    let set: JwkSet = serde_json::from_str(&text).map_err(|e| failed(e.to_string()))?;
    Ok(Keys::Jwks(set))
}

fn decoding_keys(keys: &Keys, algorithm: Algorithm, kid: Option<&str>) -> Vec<DecodingKey> {
    match keys {
        Keys::Pem(pems) => pems
            .iter()
            .filter_map(|pem| {
                let bytes = pem.as_bytes();
                match algorithm {
                    Algorithm::ES256 | Algorithm::ES384 => DecodingKey::from_ec_pem(bytes).ok(),
                    Algorithm::EdDSA => DecodingKey::from_ed_pem(bytes).ok(),
                    _ => DecodingKey::from_rsa_pem(bytes).ok(),
                }
            })
            .collect(),
        Keys::Jwks(set) => set
            .keys
            .iter()
            .filter(|jwk: &&Jwk| kid.is_none() || jwk.common.key_id.as_deref() == kid)
            .filter_map(|jwk| DecodingKey::from_jwk(jwk).ok())
            .collect(),
    }
}

/// Checks a token's signature with `keys` and its times on the emulator's clock; its claims.
fn verified_claims(token: &str, keys: &Keys, now_ms: i64) -> ApiResult<Map<String, Value>> {
    let header = jsonwebtoken::decode_header(token).map_err(|_| invalid_token("The token is not a signed JWT."))?;
    let mut validation = Validation::new(header.alg);
    validation.validate_exp = false;
    validation.validate_nbf = false;
    validation.validate_aud = false;
    validation.required_spec_claims.clear();
    let claims = decoding_keys(keys, header.alg, header.kid.as_deref())
        .iter()
        .find_map(|key| jsonwebtoken::decode::<Map<String, Value>>(token, key, &validation).ok())
        .ok_or_else(|| invalid_token("The token's signature does not verify with the profile's keys."))?
        .claims;
    let now = now_ms / 1000;
    let Some(exp) = claims.get("exp").and_then(Value::as_i64) else {
        return Err(invalid_claims("The token has no exp claim."));
    };
    if exp <= now {
        return Err(invalid_token("The token has expired."));
    }
    if claims.get("nbf").and_then(Value::as_i64).is_some_and(|nbf| nbf > now) {
        return Err(invalid_token("The token is not valid yet (nbf)."));
    }
    Ok(claims)
}

fn check_issuer_and_audience(claims: &Map<String, Value>, profile: &TrustedTokenProfile) -> ApiResult<()> {
    if claims.get("iss").and_then(Value::as_str) != Some(profile.issuer.as_str()) {
        return Err(ApiError::named(
            400,
            "jwt_invalid_issuer",
            "The token's iss is not the profile's issuer.",
        ));
    }
    let audience_ok = match claims.get("aud") {
        Some(Value::String(aud)) => *aud == profile.audience,
        Some(Value::Array(auds)) => auds.iter().any(|a| a.as_str() == Some(profile.audience.as_str())),
        _ => false,
    };
    if audience_ok {
        Ok(())
    } else {
        Err(ApiError::named(
            400,
            "jwt_invalid_audience",
            "The token's aud does not hold the profile's audience.",
        ))
    }
}

/// The value of the claim a mapping names: `None` when unmapped, an error when the token
/// lacks it or it is not a string (numbers are taken as their text).
fn mapped(claims: &Map<String, Value>, profile: &TrustedTokenProfile, attribute: &str) -> ApiResult<Option<String>> {
    let Some(claim) = profile.claim_name(attribute) else {
        return Ok(None);
    };
    mapped_optional(claims, profile, attribute).and_then(|value| match value {
        Some(value) => Ok(Some(value)),
        None => Err(invalid_claims(format!(
            "The profile maps {attribute} to the claim {claim}, which the token lacks or holds no text in."
        ))),
    })
}

/// [`mapped`] for attributes a token may leave out (its organization, when the request names
/// it; a name): `None` when unmapped or absent, an error only when it is not text.
fn mapped_optional(
    claims: &Map<String, Value>,
    profile: &TrustedTokenProfile,
    attribute: &str,
) -> ApiResult<Option<String>> {
    let Some(claim) = profile.claim_name(attribute) else {
        return Ok(None);
    };
    match claims.get(claim) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(value)) if value.trim().is_empty() => Ok(None),
        Some(Value::String(value)) => Ok(Some(value.trim().to_owned())),
        Some(Value::Number(value)) => Ok(Some(value.to_string())),
        Some(_) => Err(invalid_claims(format!(
            "The profile maps {attribute} to the claim {claim}, which holds no text."
        ))),
    }
}

impl Store {
    /// Adds a new profile; its ID must be free.
    pub(crate) fn add_trusted_token_profile(&mut self, input: ProfileInput) -> ApiResult<TrustedTokenProfile> {
        let profile = TrustedTokenProfile::create(input)?;
        if self.trusted_token_profile(&profile.profile_id).is_ok() {
            return Err(invalid_request("A profile with this profile_id exists."));
        }
        self.trusted_token_profiles.push(profile.clone());
        Ok(profile)
    }

    /// A profile by ID.
    pub(crate) fn trusted_token_profile(&self, profile_id: &str) -> ApiResult<&TrustedTokenProfile> {
        self.trusted_token_profiles
            .iter()
            .find(|p| p.profile_id == profile_id)
            .ok_or_else(profile_not_found)
    }

    fn trusted_token_profile_mut(&mut self, profile_id: &str) -> ApiResult<&mut TrustedTokenProfile> {
        self.trusted_token_profiles
            .iter_mut()
            .find(|p| p.profile_id == profile_id)
            .ok_or_else(profile_not_found)
    }

    /// Replaces a profile with its update.
    pub(crate) fn update_trusted_token_profile(
        &mut self,
        profile_id: &str,
        update: ProfileUpdate,
    ) -> ApiResult<TrustedTokenProfile> {
        let profile = self.trusted_token_profile_mut(profile_id)?;
        *profile = profile.updated(update)?;
        Ok(profile.clone())
    }

    /// Removes a profile.
    pub(crate) fn delete_trusted_token_profile(&mut self, profile_id: &str) -> ApiResult<()> {
        self.trusted_token_profile(profile_id)?;
        self.trusted_token_profiles.retain(|p| p.profile_id != profile_id);
        Ok(())
    }

    /// Adds a PEM key to a PEM profile.
    pub(crate) fn add_trusted_token_pem_file(&mut self, profile_id: &str, public_key: String) -> ApiResult<PemFile> {
        let profile = self.trusted_token_profile_mut(profile_id)?;
        if profile.public_key_type != "PEM" {
            return Err(ApiError::named(
                400,
                "cannot_add_pem_file_to_non_pem_trusted_token_profile",
                "Only a PEM profile takes PEM files.",
            ));
        }
        if profile.pem_files.len() >= MAX_PEM_FILES {
            return Err(too_many_pem_files());
        }
        let file = pem_file(public_key)?;
        profile.pem_files.push(file.clone());
        Ok(file)
    }

    /// Removes a PEM key; a PEM profile keeps at least one.
    pub(crate) fn delete_trusted_token_pem_file(&mut self, profile_id: &str, pem_file_id: &str) -> ApiResult<()> {
        let profile = self.trusted_token_profile_mut(profile_id)?;
        if !profile.pem_files.iter().any(|p| p.pem_file_id == pem_file_id) {
            return Err(ApiError::named(
                404,
                "trusted_token_profile_not_found",
                "The profile has no PEM file with this ID.",
            ));
        }
        if profile.pem_files.len() == 1 {
            return Err(ApiError::named(
                400,
                "must_have_pem_files_for_trusted_token_profile_with_type_pem",
                "A PEM profile keeps at least one PEM file.",
            ));
        }
        profile.pem_files.retain(|p| p.pem_file_id != pem_file_id);
        Ok(())
    }

    /// `sessions/attest`: checks `token` against the profile and `keys`, finds (or creates)
    /// the member it names, and grants a session holding the `trusted_auth_token` factor
    /// (added to `continuing.session` when that is the same member's live session there).
    pub(crate) fn attest_session(
        &mut self,
        ctx: &Ctx<'_>,
        request: Attest<'_>,
        keys: &Keys,
        continuing: Continuing<'_>,
    ) -> ApiResult<AuthenticateResponse> {
        let profile = self.trusted_token_profile(request.profile_id)?.clone();
        let claims = verified_claims(request.token, keys, ctx.now)?;
        check_issuer_and_audience(&claims, &profile)?;
        // Everything the request could be refused for is checked before a member is created or
        // activated.
        check_duration(request.session_duration_minutes)?;

        let claimed_organization = mapped_optional(&claims, &profile, "organization_id")?;
        let organization = match (request.organization_id, claimed_organization.as_deref()) {
            (None, None) => {
                return Err(ApiError::named(
                    400,
                    "token_missing_organization_id_claim",
                    "Pass organization_id, or map an organization_id claim the token carries.",
                ));
            }
            (Some(requested), claimed) => {
                let organization = self.organization(requested)?.clone();
                if let Some(claimed) = claimed {
                    let same = self
                        .organization(claimed)
                        .is_ok_and(|o| o.organization_id == organization.organization_id);
                    if !same {
                        return Err(invalid_organization_claim());
                    }
                }
                organization
            }
            (None, Some(claimed)) => self
                .organization(claimed)
                .map_err(|_| invalid_organization_claim())?
                .clone(),
        };
        let organization_id = organization.organization_id.clone();
        let token_id = match mapped(&claims, &profile, "token_id")? {
            Some(id) => id,
            None => claims.get("jti").and_then(Value::as_str).unwrap_or_default().to_owned(),
        };
        let name = mapped_optional(&claims, &profile, "name")?;

        let external_id = mapped(&claims, &profile, "external_id")?;
        let email = mapped(&claims, &profile, "email")?.map(|e| e.to_ascii_lowercase());
        if external_id.is_none() && email.is_none() {
            return Err(invalid_claims(
                "The profile maps neither an email nor an external_id claim, so the token names no member.",
            ));
        }
        let existing = self
            .members
            .iter()
            .find(|m| {
                m.organization_id == organization_id
                    && m.status != MemberStatus::Deleted
                    && match (&external_id, &email) {
                        (Some(id), _) => m.external_id.as_deref() == Some(id.as_str()),
                        (None, Some(email)) => m.email_address.eq_ignore_ascii_case(email),
                        (None, None) => false,
                    }
            })
            .cloned();
        let member = match existing {
            Some(mut member) => {
                if member.status != MemberStatus::Active {
                    member.status = MemberStatus::Active;
                    member.updated_at = format_rfc3339(ctx.now);
                    member = self.upsert_member(member);
                }
                member
            }
            None => {
                if !profile.can_jit_provision || claimed_organization.is_none() {
                    let why = if profile.can_jit_provision {
                        "; a member is created only for a token that names its organization"
                    } else {
                        ""
                    };
                    return Err(ApiError::new(
                        404,
                        ErrorType::MemberNotFound,
                        format!("The token names no member of this organization{why}."),
                    ));
                }
                let Some(email) = email else {
                    return Err(invalid_claims(
                        "A member is created only from a token with a mapped email claim.",
                    ));
                };
                validate_email(&email)?;
                self.ensure_email_free(ctx, &organization_id, &email, None)?;
                let mut member = new_member(&organization_id, &email, MemberStatus::Active, ctx.now);
                member.external_id = external_id;
                if let Some(name) = name {
                    member.name = name;
                }
                self.upsert_member(member)
            }
        };

        let mut factor = Factor::completed(
            "trusted_auth_token",
            "trusted_token_exchange",
            "PRIMARY",
            FactorKind::TrustedAuthToken,
            ctx.now,
        );
        factor.wire.trusted_auth_token_factor = Some(TrustedAuthTokenFactor { token_id });

        let current = continuing.session.and_then(|token| {
            self.live_session(token, ctx.now)
                .ok()
                .filter(|r| r.session.member_id == member.member_id && r.session.organization_id == organization_id)
                .map(|r| r.token.clone())
        });
        let token = match current {
            Some(token) => {
                self.add_factor(ctx, &token, factor, request.session_duration_minutes)?;
                token
            }
            None => self.mint_session(
                ctx,
                &member.member_id,
                &organization_id,
                vec![factor],
                request.session_duration_minutes,
            )?,
        };
        self.session_response(ctx, &token)
    }
}

fn invalid_organization_claim() -> ApiError {
    ApiError::named(
        400,
        "invalid_token_organization_id_claim",
        "The token's organization claim names no organization, or another one than organization_id.",
    )
}

/// An attest call's own fields.
#[derive(Clone, Copy, Debug)]
pub struct Attest<'a> {
    /// The profile.
    pub profile_id: &'a str,
    /// The JWT.
    pub token: &'a str,
    /// The organization (ID or slug) the caller names.
    pub organization_id: Option<&'a str>,
    /// Session length.
    pub session_duration_minutes: Option<u32>,
}

/// Profiles to create, from JSON text: an array of [`ProfileInput`]s, or an object whose
/// `profiles` holds them (what `GET /emulator/v1/trusted_token_profiles` answers).
///
/// ```
/// let profiles = stytch_emulator::trusted_token_profiles_from_json(
///     r#"[{"profile_id": "ttp-test-idp", "name": "IdP", "issuer": "https://idp.test", "audience": "app",
///          "public_key_type": "JWK", "jwks_url": "http://127.0.0.1:9999/jwks.json",
///          "attribute_mapping": {"email": "email"}}]"#,
/// )
/// .unwrap();
/// assert_eq!(profiles[0].profile_id.as_deref(), Some("ttp-test-idp"));
/// assert!(stytch_emulator::trusted_token_profiles_from_json("{}").is_err());
/// ```
pub fn trusted_token_profiles_from_json(text: &str) -> Result<Vec<ProfileInput>, String> {
    let value: Value = serde_json::from_str(text).map_err(|e| format!("not JSON: {e}"))?;
    let list = match value {
        Value::Array(_) => value,
        Value::Object(mut object) => object
            .remove("profiles")
            .ok_or("an object must hold the profiles under \"profiles\"")?,
        _ => return Err("expected an array of profiles".into()),
    };
    for (index, profile) in list.as_array().into_iter().flatten().enumerate() {
        let unknown = profile
            .as_object()
            .and_then(|fields| fields.keys().find(|k| !INPUT_FIELDS.contains(&k.as_str())));
        if let Some(field) = unknown {
            return Err(format!("profile {index}: unknown field `{field}`"));
        }
    }
    serde_json::from_value(list).map_err(|e| format!("not a list of profiles: {e}"))
}
