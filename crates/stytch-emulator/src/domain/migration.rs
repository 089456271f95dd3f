//! Moving members from another auth system, so a migration can be rehearsed before it runs
//! against Stytch: their passwords and authenticator apps (`passwords/migrate`,
//! `totp/migrate`) and, during the cut-over, their live sessions (`sessions/migrate`: the old
//! system's UserInfo endpoint names the member, and a Stytch session starts with an `imported`
//! factor).
//!
//! A migrated password is kept as the old system hashed it and checked that way at the member's
//! next `passwords/authenticate`, which then re-hashes it the emulator's own way, as Stytch
//! does. Formats (Stytch documents the types and configs; the encodings marked inferred are
//! ours):
//! - `bcrypt`: the `$2a$`/`$2b$`/`$2y$` string (cost at most 16 here).
//! - `md_5`, `sha_1`, `sha_512`: the hex digest of `prepend_salt + password + append_salt`
//!   (inferred: hex).
//! - `pbkdf_2`: the base64 key of HMAC-SHA-256 (or `algorithm: "sha512"`), with a base64 salt.
//! - `scrypt`: a PHC string (`$scrypt$ln=…`), or a base64 key with `scrypt_config` (base64 salt;
//!   N a power of two up to 262144).
//! - `argon_2i`, `argon_2id`: a PHC string (`$argon2id$v=19$…`), or the hex key with
//!   `argon_2_config` (inferred: the salt as its text's bytes).
//! - `phpass`: a portable `$P$` (or `$H$`) hash, as WordPress and phpBB keep them.
//!
//! Refusals use Stytch's names (`invalid_bcrypt_hash`, `invalid_scrypt_n_parameter`,
//! `pbkdf_2_key_length_mismatch`, …); a missing config is a `bad_request`.

use base64::Engine;
use serde::{Deserialize, Serialize};
use sha2::Digest;
use stytch_models::{ErrorType, Member, MemberStatus, Organization};

use super::store::{Factor, FactorKind, Store, TotpRecord, new_member, set_direct_roles, validate_email};
use super::{Ctx, ids, totp};
use crate::error::{ApiError, ApiResult};

/// Limits that keep one check of a hash under a second or so (inferred; Stytch states only
/// scrypt's N).
const MAX_BCRYPT_COST: u32 = 16;
const MAX_SCRYPT_N: u64 = 262_144;
const MAX_ARGON2_MEMORY_KIB: u32 = 262_144;
const MAX_ITERATIONS: u32 = 10_000_000;
const MAX_ARGON2_ITERATIONS: u32 = 100;
const MAX_PHPASS_LOG2: usize = 20;

/// An optional salt around the password (`md_5_config`, `sha_1_config`, `sha_512_config`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SaltConfig {
    /// Text before the password.
    pub prepend_salt: String,
    /// Text after the password.
    pub append_salt: String,
}

/// `pbkdf_2_config`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Pbkdf2Config {
    /// Base64 salt.
    pub salt: String,
    /// Rounds.
    pub iteration_amount: u32,
    /// Key bytes.
    pub key_length: u32,
    /// `sha256` (the default) or `sha512`.
    pub algorithm: Option<String>,
}

/// `scrypt_config`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ScryptConfig {
    /// Base64 salt.
    pub salt: String,
    /// N.
    pub n_parameter: u64,
    /// r.
    pub r_parameter: u32,
    /// p.
    pub p_parameter: u32,
    /// Key bytes.
    pub key_length: u32,
}

/// `argon_2_config`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Argon2Config {
    /// Salt.
    pub salt: String,
    /// Passes.
    pub iteration_amount: u32,
    /// KiB.
    pub memory: u32,
    /// Lanes.
    pub threads: u32,
    /// Key bytes.
    pub key_length: u32,
}

/// An imported password hash and how to check a password against it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "hash_type", rename_all = "snake_case")]
pub enum MigratedHash {
    /// A bcrypt string.
    Bcrypt {
        /// `$2b$…`.
        hash: String,
    },
    /// A salted digest.
    Digest {
        /// `md_5`, `sha_1` or `sha_512`.
        algorithm: String,
        /// Lowercase hex.
        hex: String,
        /// The salt around the password.
        salt: SaltConfig,
    },
    /// PBKDF2-HMAC.
    Pbkdf2 {
        /// The key.
        key: Vec<u8>,
        /// The salt.
        salt: Vec<u8>,
        /// Rounds.
        rounds: u32,
        /// Whether the HMAC is SHA-512 (SHA-256 otherwise).
        sha512: bool,
    },
    /// scrypt.
    Scrypt {
        /// The key.
        key: Vec<u8>,
        /// The salt.
        salt: Vec<u8>,
        /// log2 N.
        log_n: u8,
        /// r.
        r: u32,
        /// p.
        p: u32,
    },
    /// A portable PHPass hash.
    Phpass {
        /// `$P$…`.
        hash: String,
    },
    /// Argon2i or Argon2id.
    Argon2 {
        /// Whether Argon2id (Argon2i otherwise).
        id: bool,
        /// The key.
        key: Vec<u8>,
        /// The salt.
        salt: Vec<u8>,
        /// KiB.
        memory: u32,
        /// Passes.
        iterations: u32,
        /// Lanes.
        threads: u32,
    },
}

fn invalid(message: impl Into<String>) -> ApiError {
    ApiError::bad_request(message)
}

fn base64_bytes(error_type: &str, field: &str, text: &str) -> ApiResult<Vec<u8>> {
    let text = text.trim();
    let engines = [
        &base64::engine::general_purpose::STANDARD,
        &base64::engine::general_purpose::STANDARD_NO_PAD,
        &base64::engine::general_purpose::URL_SAFE,
        &base64::engine::general_purpose::URL_SAFE_NO_PAD,
    ];
    engines
        .iter()
        .find_map(|engine| engine.decode(text).ok())
        .filter(|bytes| !bytes.is_empty())
        .ok_or_else(|| ApiError::named(400, error_type, format!("{field} must be base64.")))
}

fn hex_bytes(error_type: &str, field: &str, text: &str) -> ApiResult<Vec<u8>> {
    let text = text.trim();
    if text.is_empty() || !text.len().is_multiple_of(2) || !text.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(ApiError::named(
            400,
            error_type,
            format!("{field} must be hexadecimal."),
        ));
    }
    Ok((0..text.len())
        .step_by(2)
        .filter_map(|i| u8::from_str_radix(&text[i..i + 2], 16).ok())
        .collect())
}

/// A PHC string's algorithm, the three numeric parameters named, key and salt; `bad()` when it
/// is not one.
type PhcParts = (String, [u32; 3], Vec<u8>, Vec<u8>);

fn phc(hash: &str, names: [&str; 3], bad: impl Fn() -> ApiError) -> ApiResult<PhcParts> {
    let parsed = argon2::password_hash::PasswordHash::new(hash).map_err(|_| bad())?;
    let mut numbers = [0u32; 3];
    for (slot, name) in numbers.iter_mut().zip(names) {
        *slot = parsed.params.get_decimal(name).ok_or_else(&bad)?;
    }
    let key = parsed.hash.map(|h| h.as_bytes().to_vec()).ok_or_else(&bad)?;
    let mut salt_buffer = [0u8; 64];
    let salt = parsed
        .salt
        .and_then(|s| s.decode_b64(&mut salt_buffer).ok().map(<[u8]>::to_vec))
        .ok_or_else(&bad)?;
    Ok((parsed.algorithm.as_str().to_owned(), numbers, key, salt))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The key length a config names, which the hash must have (`mismatch` otherwise).
fn key_length(invalid_length: &str, mismatch: &str, length: u32, key: &[u8]) -> ApiResult<()> {
    if !(4..=1024).contains(&length) {
        return Err(ApiError::named(
            400,
            invalid_length,
            "key_length must be between 4 and 1024.",
        ));
    }
    if key.len() != length as usize {
        return Err(ApiError::named(400, mismatch, "The hash is not key_length bytes long."));
    }
    Ok(())
}

/// The alphabet of PHPass's base64.
const ITOA64: &[u8] = b"./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/// A portable PHPass hash (`$P$` or `$H$`): MD-5 of the salt and password, then of the digest
/// and password 2^count times, in PHPass's own base64.
fn phpass(password: &str, setting: &str) -> Option<String> {
    let bytes = setting.as_bytes();
    let log2 = ITOA64.iter().position(|c| Some(c) == bytes.get(3))?;
    if !(7..=30).contains(&log2) || bytes.len() < 12 {
        return None;
    }
    let salt = &bytes[4..12];
    let mut digest = md5::Md5::new_with_prefix(salt).chain_update(password).finalize();
    for _ in 0..(1u64 << log2) {
        digest = md5::Md5::new_with_prefix(digest).chain_update(password).finalize();
    }
    let mut out = String::from_utf8_lossy(&bytes[..12]).into_owned();
    let mut i = 0;
    while i < 16 {
        let mut value = u32::from(digest[i]);
        i += 1;
        out.push(char::from(ITOA64[(value & 0x3f) as usize]));
        if i < 16 {
            value |= u32::from(digest[i]) << 8;
        }
        out.push(char::from(ITOA64[((value >> 6) & 0x3f) as usize]));
        if i >= 16 {
            break;
        }
        i += 1;
        if i < 16 {
            value |= u32::from(digest[i]) << 16;
        }
        out.push(char::from(ITOA64[((value >> 12) & 0x3f) as usize]));
        if i >= 16 {
            break;
        }
        i += 1;
        out.push(char::from(ITOA64[((value >> 18) & 0x3f) as usize]));
    }
    Some(out)
}

/// What `passwords/migrate` may carry besides the member's details.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct HashImport {
    hash: String,
    hash_type: String,
    md_5_config: Option<SaltConfig>,
    sha_1_config: Option<SaltConfig>,
    sha_512_config: Option<SaltConfig>,
    pbkdf_2_config: Option<Pbkdf2Config>,
    scrypt_config: Option<ScryptConfig>,
    argon_2_config: Option<Argon2Config>,
}

impl MigratedHash {
    /// The hash a migration names, checked for shape and limits (a 400 naming what is wrong).
    pub(crate) fn parse(import: &HashImport) -> ApiResult<Self> {
        let hash = import.hash.trim();
        if hash.is_empty() {
            return Err(ApiError::named(400, "invalid_hash", "hash is required."));
        }
        match import.hash_type.as_str() {
            "bcrypt" => {
                let parts: Vec<&str> = hash.split('$').collect();
                let cost = match parts.as_slice() {
                    ["", "2a" | "2b" | "2y" | "2x", cost, rest] if rest.len() == 53 => cost.parse::<u32>().ok(),
                    _ => None,
                }
                .ok_or_else(|| {
                    ApiError::named(
                        400,
                        "invalid_bcrypt_hash",
                        "A bcrypt hash looks like $2b$10$ followed by 53 characters.",
                    )
                })?;
                if !(4..=MAX_BCRYPT_COST).contains(&cost) {
                    return Err(ApiError::named(
                        400,
                        "invalid_bcrypt_cost",
                        format!("bcrypt cost must be between 4 and {MAX_BCRYPT_COST} here."),
                    ));
                }
                Ok(Self::Bcrypt { hash: hash.to_owned() })
            }
            kind @ ("md_5" | "sha_1" | "sha_512") => {
                let (length, config) = match kind {
                    "md_5" => (16, &import.md_5_config),
                    "sha_1" => (20, &import.sha_1_config),
                    _ => (64, &import.sha_512_config),
                };
                let error_type = format!("invalid_{kind}_hash");
                let bytes = hex_bytes(&error_type, "hash", hash)?;
                if bytes.len() != length {
                    return Err(ApiError::named(
                        400,
                        &error_type,
                        format!("A {kind} hash is {} hexadecimal characters.", length * 2),
                    ));
                }
                Ok(Self::Digest {
                    algorithm: kind.to_owned(),
                    hex: hex(&bytes),
                    salt: config.clone().unwrap_or_default(),
                })
            }
            "pbkdf_2" => {
                let config = import
                    .pbkdf_2_config
                    .as_ref()
                    .ok_or_else(|| invalid("pbkdf_2_config is required for a pbkdf_2 hash."))?;
                let sha512 = match config.algorithm.as_deref().unwrap_or("sha256") {
                    "sha256" | "" => false,
                    "sha512" => true,
                    _ => {
                        return Err(ApiError::named(
                            400,
                            "invalid_pbkdf_2_algorithm",
                            "pbkdf_2_config.algorithm must be sha256 or sha512.",
                        ));
                    }
                };
                if !(1..=MAX_ITERATIONS).contains(&config.iteration_amount) {
                    return Err(ApiError::named(
                        400,
                        "invalid_pbkdf_2_iteration_amount",
                        format!("iteration_amount must be between 1 and {MAX_ITERATIONS}."),
                    ));
                }
                let key = base64_bytes("invalid_pbkdf_2_hash", "hash", hash)?;
                key_length(
                    "invalid_argument",
                    "pbkdf_2_key_length_mismatch",
                    config.key_length,
                    &key,
                )?;
                Ok(Self::Pbkdf2 {
                    key,
                    salt: base64_bytes("invalid_pbkdf_2_salt", "pbkdf_2_config.salt", &config.salt)?,
                    rounds: config.iteration_amount,
                    sha512,
                })
            }
            "scrypt" if hash.starts_with("$scrypt$") => Self::scrypt_phc(hash),
            "scrypt" => {
                let config = import
                    .scrypt_config
                    .as_ref()
                    .ok_or_else(|| invalid("scrypt_config is required unless the hash is a PHC string ($scrypt$…)."))?;
                let n = config.n_parameter;
                if !(2..=MAX_SCRYPT_N).contains(&n) || !n.is_power_of_two() {
                    return Err(ApiError::named(
                        400,
                        "invalid_scrypt_n_parameter",
                        format!("n_parameter must be a power of two from 2 to {MAX_SCRYPT_N}."),
                    ));
                }
                let key = base64_bytes("invalid_base64_scrypt_hash", "hash", hash)?;
                key_length(
                    "invalid_scrypt_parameters",
                    "scrypt_key_length_mismatch",
                    config.key_length,
                    &key,
                )?;
                let log_n = n.trailing_zeros() as u8;
                let in_range = scrypt::Params::new(log_n, config.r_parameter, config.p_parameter, key.len()).is_ok();
                if !in_range || config.r_parameter > 32 || config.p_parameter > 16 {
                    return Err(ApiError::named(
                        400,
                        "invalid_scrypt_parameters",
                        "r_parameter may be 1 to 32 and p_parameter 1 to 16 here.",
                    ));
                }
                Ok(Self::Scrypt {
                    key,
                    salt: base64_bytes("invalid_base64_scrypt_salt", "scrypt_config.salt", &config.salt)?,
                    log_n,
                    r: config.r_parameter,
                    p: config.p_parameter,
                })
            }
            kind @ ("argon_2i" | "argon_2id") => {
                let id = kind == "argon_2id";
                if hash.starts_with("$argon2") {
                    return Self::argon2_phc(hash, id);
                }
                let config = import.argon_2_config.as_ref().ok_or_else(|| {
                    invalid("argon_2_config is required unless the hash is a PHC string ($argon2id$…).")
                })?;
                let key = hex_bytes("invalid_hash", "hash", hash)?;
                key_length(
                    "invalid_argon_2_key_length",
                    "argon_2_key_length_mismatch",
                    config.key_length,
                    &key,
                )?;
                let parsed = Self::Argon2 {
                    id,
                    key,
                    salt: config.salt.as_bytes().to_vec(),
                    memory: config.memory,
                    iterations: config.iteration_amount,
                    threads: config.threads,
                };
                parsed.argon2_params()?;
                Ok(parsed)
            }
            "phpass" => {
                let bytes = hash.as_bytes();
                if !(hash.starts_with("$P$") || hash.starts_with("$H$")) {
                    return Err(ApiError::named(
                        400,
                        "invalid_phpass_hash_prefix",
                        "A PHPass hash starts with $P$ (or $H$).",
                    ));
                }
                let count = ITOA64.iter().position(|c| Some(c) == bytes.get(3));
                if bytes.len() != 34 || !count.is_some_and(|c| (7..=MAX_PHPASS_LOG2).contains(&c)) {
                    return Err(ApiError::named(
                        400,
                        "invalid_phpass_hash_format",
                        format!("A PHPass hash is 34 characters with a cost of 7 to {MAX_PHPASS_LOG2}."),
                    ));
                }
                Ok(Self::Phpass { hash: hash.to_owned() })
            }
            other => Err(ApiError::named(
                400,
                "invalid_hash_type",
                format!(
                    "hash_type {other:?} is not one of bcrypt, scrypt, argon_2i, argon_2id, md_5, sha_1, sha_512, pbkdf_2, phpass."
                ),
            )),
        }
    }

    /// `$scrypt$ln=…,r=…,p=…$salt$hash` (base64 without padding).
    fn scrypt_phc(hash: &str) -> ApiResult<Self> {
        let bad = || {
            ApiError::named(
                400,
                "invalid_hash",
                "The scrypt PHC string is not $scrypt$ln=…,r=…,p=…$salt$hash.",
            )
        };
        let (_, [log_n, r, p], key, salt) = phc(hash, ["ln", "r", "p"], bad)?;
        if log_n == 0 || 1u64 << log_n.min(63) > MAX_SCRYPT_N {
            return Err(ApiError::named(
                400,
                "invalid_scrypt_n_parameter",
                format!("scrypt's N may be at most {MAX_SCRYPT_N} here."),
            ));
        }
        if r > 32 || p > 16 || r == 0 || p == 0 {
            return Err(ApiError::named(
                400,
                "invalid_scrypt_parameters",
                "r may be 1 to 32 and p 1 to 16 here.",
            ));
        }
        key_length(
            "invalid_scrypt_parameters",
            "scrypt_key_length_mismatch",
            key.len() as u32,
            &key,
        )?;
        Ok(Self::Scrypt {
            key,
            salt,
            log_n: log_n as u8,
            r,
            p,
        })
    }

    /// `$argon2id$v=19$m=…,t=…,p=…$salt$hash`.
    fn argon2_phc(hash: &str, id: bool) -> ApiResult<Self> {
        let bad = || {
            ApiError::named(
                400,
                "invalid_hash",
                "The Argon2 PHC string is not $argon2id$v=19$m=…,t=…,p=…$salt$hash.",
            )
        };
        let (algorithm, [memory, iterations, threads], key, salt) = phc(hash, ["m", "t", "p"], bad)?;
        let expected = if id { "argon2id" } else { "argon2i" };
        if algorithm != expected {
            return Err(ApiError::named(
                400,
                "invalid_hash_type",
                format!("hash_type says {expected}, the hash says otherwise."),
            ));
        }
        let parsed = Self::Argon2 {
            id,
            key,
            salt,
            memory,
            iterations,
            threads,
        };
        parsed.argon2_params()?;
        Ok(parsed)
    }

    fn argon2_params(&self) -> ApiResult<argon2::Params> {
        let Self::Argon2 {
            key,
            salt,
            memory,
            iterations,
            threads,
            ..
        } = self
        else {
            return Err(ApiError::internal("not an Argon2 hash"));
        };
        let limits = [
            (
                salt.len() >= 8,
                "invalid_argon_2_salt",
                "The Argon2 salt must be at least 8 bytes.",
            ),
            (
                (8..=MAX_ARGON2_MEMORY_KIB).contains(memory),
                "invalid_argon_2_memory",
                "Argon2 memory must be 8 to 262144 KiB here.",
            ),
            (
                (1..=MAX_ARGON2_ITERATIONS).contains(iterations),
                "invalid_argon_2_iteration_amount",
                "Argon2 iterations must be 1 to 100 here.",
            ),
            (
                (1..=16).contains(threads),
                "invalid_argon_2_threads",
                "Argon2 threads must be 1 to 16 here.",
            ),
            (
                (4..=1024).contains(&key.len()),
                "invalid_argon_2_key_length",
                "The Argon2 key must be 4 to 1024 bytes.",
            ),
        ];
        if let Some((_, error_type, message)) = limits.iter().find(|(ok, _, _)| !ok) {
            return Err(ApiError::named(400, error_type, *message));
        }
        argon2::Params::new(*memory, *iterations, *threads, Some(key.len())).map_err(|e| {
            ApiError::named(
                400,
                "invalid_argon_2_memory",
                format!("The Argon2 parameters are out of range: {e}."),
            )
        })
    }

    /// Whether `password` is the one this hash was made from.
    pub(crate) fn verify(&self, password: &str) -> bool {
        match self {
            Self::Bcrypt { hash } => bcrypt::verify(password, hash).unwrap_or(false),
            Self::Phpass { hash } => phpass(password, hash).is_some_and(|made| made == *hash),
            Self::Digest {
                algorithm,
                hex: expected,
                salt,
            } => {
                let input = format!("{}{password}{}", salt.prepend_salt, salt.append_salt);
                let digest = match algorithm.as_str() {
                    "md_5" => hex(&md5::Md5::digest(input.as_bytes())),
                    "sha_1" => hex(&sha1::Sha1::digest(input.as_bytes())),
                    _ => hex(&sha2::Sha512::digest(input.as_bytes())),
                };
                digest == *expected
            }
            Self::Pbkdf2 {
                key,
                salt,
                rounds,
                sha512,
            } => {
                let mut out = vec![0u8; key.len()];
                if *sha512 {
                    pbkdf2::pbkdf2_hmac::<sha2::Sha512>(password.as_bytes(), salt, *rounds, &mut out);
                } else {
                    pbkdf2::pbkdf2_hmac::<sha2::Sha256>(password.as_bytes(), salt, *rounds, &mut out);
                }
                out == *key
            }
            Self::Scrypt { key, salt, log_n, r, p } => {
                let mut out = vec![0u8; key.len()];
                scrypt::Params::new(*log_n, *r, *p, key.len())
                    .ok()
                    .and_then(|params| scrypt::scrypt(password.as_bytes(), salt, &params, &mut out).ok())
                    .is_some()
                    && out == *key
            }
            Self::Argon2 { id, key, salt, .. } => {
                let Ok(params) = self.argon2_params() else { return false };
                let algorithm = if *id {
                    argon2::Algorithm::Argon2id
                } else {
                    argon2::Algorithm::Argon2i
                };
                let mut out = vec![0u8; key.len()];
                argon2::Argon2::new(algorithm, argon2::Version::V0x13, params)
                    .hash_password_into(password.as_bytes(), salt, &mut out)
                    .is_ok()
                    && out == *key
            }
        }
    }
}

/// A `passwords/migrate` body.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct MigrateRequest {
    email_address: String,
    organization_id: String,
    #[serde(flatten)]
    import: HashImport,
    name: Option<String>,
    trusted_metadata: Option<serde_json::Value>,
    untrusted_metadata: Option<serde_json::Value>,
    roles: Option<Vec<String>>,
    mfa_phone_number: Option<String>,
    set_phone_number_verified: Option<bool>,
    external_id: Option<String>,
}

/// A `totp/migrate` body.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct TotpMigrateRequest {
    organization_id: String,
    member_id: String,
    secret: String,
    recovery_codes: Vec<String>,
}

fn object(field: &str, value: &serde_json::Value) -> ApiResult<serde_json::Map<String, serde_json::Value>> {
    match value {
        serde_json::Value::Object(map) => Ok(map.clone()),
        serde_json::Value::Null => Ok(serde_json::Map::new()),
        _ => Err(invalid(format!("{field} must be a JSON object."))),
    }
}

/// RFC 4648 base32 (case and padding ignored), as authenticator secrets are written.
fn base32_decode(text: &str) -> Option<Vec<u8>> {
    let mut bits: u64 = 0;
    let mut count = 0;
    let mut out = Vec::new();
    for c in text.chars().filter(|c| *c != '=' && !c.is_whitespace()) {
        let value = match c.to_ascii_uppercase() {
            c @ 'A'..='Z' => c as u64 - 'A' as u64,
            c @ '2'..='7' => c as u64 - '2' as u64 + 26,
            _ => return None,
        };
        bits = (bits << 5) | value;
        count += 5;
        if count >= 8 {
            count -= 8;
            out.push((bits >> count) as u8);
            bits &= (1 << count) - 1;
        }
    }
    Some(out)
}

impl Store {
    /// `POST /v1/b2b/passwords/migrate`: the member (created active when new) with the
    /// imported hash as their password and their email verified.
    pub(crate) fn migrate_password(&mut self, ctx: &Ctx<'_>, request: &MigrateRequest) -> ApiResult<serde_json::Value> {
        validate_email(&request.email_address)?;
        let hash = MigratedHash::parse(&request.import)?;
        let organization = self.organization(&request.organization_id)?.clone();
        let trusted = request
            .trusted_metadata
            .as_ref()
            .map(|v| object("trusted_metadata", v))
            .transpose()?;
        let untrusted = request
            .untrusted_metadata
            .as_ref()
            .map(|v| object("untrusted_metadata", v))
            .transpose()?;
        let existing = self
            .member_by_email(&organization.organization_id, &request.email_address)
            .cloned();
        let member_created = existing.is_none();
        let mut member = match existing {
            Some(member) => member,
            None => {
                self.ensure_email_free(ctx, &organization.organization_id, &request.email_address, None)?;
                let mut member = new_member(
                    &organization.organization_id,
                    &request.email_address,
                    MemberStatus::Active,
                    ctx.now,
                );
                if let Some(external_id) = request.external_id.as_deref().filter(|e| !e.is_empty()) {
                    self.ensure_member_external_id_free(&organization.organization_id, external_id, None)?;
                    member.external_id = Some(external_id.to_owned());
                }
                member
            }
        };
        member.status = MemberStatus::Active;
        member.email_address_verified = true;
        if let Some(name) = &request.name {
            member.name = name.trim().to_owned();
        }
        if let Some(trusted) = trusted {
            member.trusted_metadata = trusted;
        }
        if let Some(untrusted) = untrusted {
            member.untrusted_metadata = untrusted;
        }
        if let Some(phone) = request.mfa_phone_number.as_deref().filter(|p| !p.is_empty()) {
            super::mfa::validate_e164(phone)?;
            self.ensure_phone_free(&organization.organization_id, phone, Some(&member.member_id))?;
            member.mfa_phone_number = phone.to_owned();
            member.mfa_phone_number_verified = request.set_phone_number_verified == Some(true);
        }
        if let Some(roles) = &request.roles {
            set_direct_roles(&mut member, roles);
        }
        member.updated_at = stytch_models::time::format_rfc3339(ctx.now);
        let member = self.upsert_member(member);
        self.set_migrated_password(&member.member_id, hash)?;
        let member = self.member(&organization.organization_id, &member.member_id)?.clone();
        Ok(migrate_answer(member, organization, member_created))
    }

    /// `POST /v1/b2b/totp/migrate`: an active authenticator app with the member's own secret
    /// and recovery codes (new ones when none are given).
    pub(crate) fn migrate_totp(&mut self, ctx: &Ctx<'_>, request: &TotpMigrateRequest) -> ApiResult<serde_json::Value> {
        let organization = self.organization(&request.organization_id)?.clone();
        let mut member = self.member(&organization.organization_id, &request.member_id)?.clone();
        if member.status == MemberStatus::Deleted {
            return Err(ApiError::member_not_found());
        }
        let secret = base32_decode(&request.secret)
            .filter(|s| (10..=128).contains(&s.len()))
            .ok_or_else(|| invalid("secret must be a base32 TOTP secret of 16 to 204 characters."))?;
        if self.totps.get(&member.member_id).is_some_and(|t| t.active) {
            return Err(ApiError::new(
                400,
                ErrorType::ActiveTotpExists,
                "The member already has an active TOTP registration.",
            ));
        }
        let mut recovery_codes: Vec<String> = Vec::new();
        for code in &request.recovery_codes {
            let code = code.trim();
            if code.is_empty() || code.len() > 64 {
                return Err(invalid("Each recovery code must be 1 to 64 characters."));
            }
            if !recovery_codes.iter().any(|c| c == code) {
                recovery_codes.push(code.to_owned());
            }
        }
        if recovery_codes.is_empty() {
            recovery_codes = totp::recovery_codes();
        }
        let registration_id = ids::new_id("totp");
        self.totps.insert(
            member.member_id.clone(),
            TotpRecord {
                registration_id: registration_id.clone(),
                secret,
                active: true,
                expires_ms: i64::MAX,
                recovery_codes: recovery_codes.iter().map(|c| (c.clone(), false)).collect(),
                last_step: None,
            },
        );
        member.totp_registration_id = registration_id.clone();
        member.updated_at = stytch_models::time::format_rfc3339(ctx.now);
        self.upsert_member(member.clone());
        Ok(serde_json::json!({
            "request_id": ids::request_id(),
            "status_code": 200,
            "member_id": member.member_id,
            "member": member,
            "organization": organization,
            "totp_registration_id": registration_id,
            "recovery_codes": recovery_codes,
        }))
    }
}

/// A `sessions/migrate` body.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct SessionMigrateRequest {
    /// The old system's access or session token.
    pub session_token: String,
    organization_id: String,
    session_duration_minutes: Option<u32>,
    /// Claims for the new session.
    pub session_custom_claims: Option<serde_json::Map<String, serde_json::Value>>,
}

/// Asks the old system's UserInfo endpoint whose `token` is: the email it answers
/// (`migrate_from_external_unexpected_response` when it refuses the token or names no email,
/// `migrate_from_external_missing_userinfo` when none is set up).
pub(crate) async fn user_info_email(url: Option<&str>, token: &str) -> ApiResult<String> {
    let failed = |error_type: &str, why: String| {
        ApiError::new(
            400,
            ErrorType::Unknown(error_type.into()),
            format!("The session could not be migrated: {why}"),
        )
    };
    let Some(url) = url else {
        return Err(failed(
            "migrate_from_external_missing_userinfo",
            "the project has no UserInfo endpoint to migrate sessions from (start the emulator with --session-migration-url).".into(),
        ));
    };
    if token.trim().is_empty() {
        return Err(invalid("session_token is required."));
    }
    let unexpected = "migrate_from_external_unexpected_response";
    let text = super::remote::fetch_text_as(url, Some(token.trim()))
        .await
        .map_err(|why| failed(unexpected, format!("the UserInfo endpoint answered {why}.")))?;
    let info: serde_json::Value = serde_json::from_str(&text)
        .map_err(|_| failed(unexpected, "the UserInfo endpoint did not answer JSON.".into()))?;
    let email = info["email"].as_str().unwrap_or_default().trim().to_ascii_lowercase();
    if validate_email(&email).is_err() {
        return Err(failed(
            unexpected,
            "the UserInfo endpoint named no email address.".into(),
        ));
    }
    Ok(email)
}

impl Store {
    /// `POST /v1/b2b/sessions/migrate`: a session for the organization's active member with the
    /// email the old system's UserInfo endpoint named (the member must exist already), with an
    /// `imported` factor that satisfies no organization policy.
    pub(crate) fn migrate_session(
        &mut self,
        ctx: &Ctx<'_>,
        request: &SessionMigrateRequest,
        email: &str,
    ) -> ApiResult<serde_json::Value> {
        let organization = self.organization(&request.organization_id)?.clone();
        let member = self
            .member_by_email(&organization.organization_id, email)
            .filter(|m| m.status == MemberStatus::Active)
            .cloned()
            .ok_or_else(|| {
                ApiError::new(
                    404,
                    ErrorType::Unknown("migrate_from_external_email_does_not_exist".into()),
                    "No active member of the organization has the email the UserInfo endpoint named; create the member first.",
                )
            })?;
        let factor = Factor::completed(
            "imported",
            "imported_auth0",
            "PRIMARY",
            FactorKind::TrustedAuthToken,
            ctx.now,
        );
        let token = self.mint_session(
            ctx,
            &member.member_id,
            &organization.organization_id,
            vec![factor],
            request.session_duration_minutes,
        )?;
        let answer = self.session_response(ctx, &token)?;
        let mut value = serde_json::to_value(answer).map_err(|e| ApiError::internal(e.to_string()))?;
        value["member_id"] = serde_json::json!(member.member_id);
        Ok(value)
    }
}

fn migrate_answer(member: Member, organization: Organization, member_created: bool) -> serde_json::Value {
    serde_json::json!({
        "request_id": ids::request_id(),
        "status_code": 200,
        "member_id": member.member_id,
        "member_created": member_created,
        "member": member,
        "organization": organization,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn import(hash_type: &str, hash: &str) -> HashImport {
        HashImport {
            hash: hash.into(),
            hash_type: hash_type.into(),
            ..Default::default()
        }
    }

    #[test]
    fn base32_secrets_decode_as_authenticators_read_them() {
        assert_eq!(base32_decode("MZXW6YTBOI").unwrap(), b"foobar");
        assert_eq!(base32_decode("mzxw6ytboi======").unwrap(), b"foobar");
        assert!(base32_decode("MZXW6YTBO1").is_none(), "1 is not base32");
    }

    #[test]
    fn each_format_checks_the_password_it_was_made_from() {
        let bcrypt_hash = bcrypt::hash("correct horse", 4).unwrap();
        let md5 = hex(&md5::Md5::digest(b"pre-correct horse"));
        let sha1 = hex(&sha1::Sha1::digest(b"correct horse"));
        let mut pbkdf2_key = [0u8; 32];
        pbkdf2::pbkdf2_hmac::<sha2::Sha256>(b"correct horse", b"salty", 1000, &mut pbkdf2_key);
        let b64 = |bytes: &[u8]| base64::engine::general_purpose::STANDARD.encode(bytes);
        let mut cases = vec![
            import("bcrypt", &bcrypt_hash),
            HashImport {
                md_5_config: Some(SaltConfig {
                    prepend_salt: "pre-".into(),
                    append_salt: String::new(),
                }),
                ..import("md_5", &md5.to_uppercase())
            },
            import("sha_1", &sha1),
            HashImport {
                pbkdf_2_config: Some(Pbkdf2Config {
                    salt: b64(b"salty"),
                    iteration_amount: 1000,
                    key_length: 32,
                    algorithm: Some("sha256".into()),
                }),
                ..import("pbkdf_2", &b64(&pbkdf2_key))
            },
        ];
        let mut scrypt_key = [0u8; 32];
        scrypt::scrypt(
            b"correct horse",
            b"saltsalt",
            &scrypt::Params::new(10, 8, 1, 32).unwrap(),
            &mut scrypt_key,
        )
        .unwrap();
        cases.push(HashImport {
            scrypt_config: Some(ScryptConfig {
                salt: b64(b"saltsalt"),
                n_parameter: 1024,
                r_parameter: 8,
                p_parameter: 1,
                key_length: 32,
            }),
            ..import("scrypt", &b64(&scrypt_key))
        });
        let mut argon_key = [0u8; 32];
        argon2::Argon2::new(
            argon2::Algorithm::Argon2id,
            argon2::Version::V0x13,
            argon2::Params::new(64, 2, 1, Some(32)).unwrap(),
        )
        .hash_password_into(b"correct horse", b"somesalt", &mut argon_key)
        .unwrap();
        cases.push(HashImport {
            argon_2_config: Some(Argon2Config {
                salt: "somesalt".into(),
                iteration_amount: 2,
                memory: 64,
                threads: 1,
                key_length: 32,
            }),
            ..import("argon_2id", &hex(&argon_key))
        });
        cases.push(import(
            "argon_2id",
            &format!(
                "$argon2id$v=19$m=64,t=2,p=1${}${}",
                base64::engine::general_purpose::STANDARD_NO_PAD.encode(b"somesalt"),
                base64::engine::general_purpose::STANDARD_NO_PAD.encode(argon_key)
            ),
        ));
        cases.push(import(
            "scrypt",
            &format!(
                "$scrypt$ln=10,r=8,p=1${}${}",
                base64::engine::general_purpose::STANDARD_NO_PAD.encode(b"saltsalt"),
                base64::engine::general_purpose::STANDARD_NO_PAD.encode(scrypt_key)
            ),
        ));
        for case in &cases {
            let hash = MigratedHash::parse(case).unwrap_or_else(|e| panic!("{}: {e}", case.hash_type));
            assert!(hash.verify("correct horse"), "{}", case.hash_type);
            assert!(!hash.verify("correct horse!"), "{}", case.hash_type);
        }
    }

    #[test]
    fn malformed_or_costly_hashes_are_refused_by_stytchs_names() {
        for (case, error_type) in [
            (
                import("bcrypt", "$2b$31$abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyza"),
                "invalid_bcrypt_cost",
            ),
            (import("bcrypt", "not-bcrypt"), "invalid_bcrypt_hash"),
            (import("md_5", "abc"), "invalid_md_5_hash"),
            (import("sha_1", "00"), "invalid_sha_1_hash"),
            (import("sha_512", "zz"), "invalid_sha_512_hash"),
            (import("pbkdf_2", "AAAA"), "bad_request"),
            (import("scrypt", "AAAA"), "bad_request"),
            (import("argon_2i", "00ff"), "bad_request"),
            (import("phpass", "$X$abc"), "invalid_phpass_hash_prefix"),
            (import("phpass", "$P$abc"), "invalid_phpass_hash_format"),
            (
                import(
                    "argon_2i",
                    "$argon2id$v=19$m=64,t=2,p=1$c29tZXNhbHQ$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
                ),
                "invalid_hash_type",
            ),
            (import("rot13", "x"), "invalid_hash_type"),
            (import("bcrypt", " "), "invalid_hash"),
        ] {
            let error = MigratedHash::parse(&case).expect_err(error_type);
            assert_eq!(
                (error.status, error.error_type.as_str()),
                (400, error_type),
                "{}",
                error.message
            );
        }
        let scrypt = |n_parameter: u64, key_length: u32| HashImport {
            scrypt_config: Some(ScryptConfig {
                salt: "c2FsdA==".into(),
                n_parameter,
                r_parameter: 8,
                p_parameter: 1,
                key_length,
            }),
            ..import("scrypt", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")
        };
        let refused = |case: HashImport| MigratedHash::parse(&case).unwrap_err().error_type.as_str().to_owned();
        assert_eq!(
            refused(scrypt(1 << 30, 32)),
            "invalid_scrypt_n_parameter",
            "N over the limit"
        );
        assert_eq!(refused(scrypt(1024, 16)), "scrypt_key_length_mismatch");
        let argon = |memory: u32| HashImport {
            argon_2_config: Some(Argon2Config {
                salt: "somesalt".into(),
                iteration_amount: 2,
                memory,
                threads: 1,
                key_length: 4,
            }),
            ..import("argon_2id", "00112233")
        };
        assert_eq!(
            refused(argon(1 << 30)),
            "invalid_argon_2_memory",
            "a gibibyte is refused"
        );
        assert!(MigratedHash::parse(&argon(64)).is_ok());
    }

    #[test]
    fn phpass_matches_the_reference_implementations_vector() {
        // The test vector of PHPass 0.3's own test program.
        let hash = MigratedHash::parse(&import("phpass", "$P$9IQRaTwmfeRo7ud9Fh4E2PdI0S3r.L0")).unwrap();
        assert!(hash.verify("test12345"));
        assert!(!hash.verify("test12346"));
    }
}
