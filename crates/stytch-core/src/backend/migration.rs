//! Moving members from another auth system, from a server: their password hashes
//! (`POST /v1/b2b/passwords/migrate`), so they sign in with the passwords they have; their
//! authenticator apps and recovery codes (`POST /v1/b2b/totp/migrate`); during the cut-over,
//! the sessions they hold in the old system (`POST /v1/b2b/sessions/migrate`), so nobody is
//! signed out by the switch; and, when a password must not be trusted any more, a reset by
//! email before the next sign-in (`POST /v1/b2b/passwords/email/require_reset`). Stytch checks an imported hash the old
//! system's way at the member's next sign-in, then keeps the password its own way.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};
use stytch_models::api::sessions::AuthenticateResponse;
use stytch_models::{Member, Organization, RedactedDebug};

use super::{StytchBackend, body, read, unexpected};
use crate::StytchError;

/// A password hash from the system being left, in the shape Stytch checks it.
///
/// ```
/// use stytch_core::backend::PasswordHash;
/// // A salted SHA-512 hex digest of `prepend_salt + password + append_salt`.
/// let hash = PasswordHash::Sha512 {
///     hash: "9f86d0…".into(),
///     prepend_salt: "pepper-".into(),
///     append_salt: String::new(),
/// };
/// assert_eq!(hash.hash_type(), "sha_512");
/// assert!(!format!("{hash:?}").contains("9f86"), "hashes never show in logs");
/// ```
#[derive(Clone, PartialEq, Eq, RedactedDebug)]
pub enum PasswordHash {
    /// A `$2a$`/`$2b$`/`$2y$` bcrypt string.
    Bcrypt(#[redact] String),
    /// The hex MD5 digest of `prepend_salt + password + append_salt`.
    Md5 {
        /// Hex digest.
        #[redact]
        hash: String,
        /// Text before the password.
        prepend_salt: String,
        /// Text after the password.
        append_salt: String,
    },
    /// The hex SHA-1 digest of `prepend_salt + password + append_salt`.
    Sha1 {
        /// Hex digest.
        #[redact]
        hash: String,
        /// Text before the password.
        prepend_salt: String,
        /// Text after the password.
        append_salt: String,
    },
    /// The hex SHA-512 digest of `prepend_salt + password + append_salt`.
    Sha512 {
        /// Hex digest.
        #[redact]
        hash: String,
        /// Text before the password.
        prepend_salt: String,
        /// Text after the password.
        append_salt: String,
    },
    /// A base64 PBKDF2 key (HMAC-SHA-256, or SHA-512 when `sha512`).
    Pbkdf2 {
        /// Base64 key.
        #[redact]
        hash: String,
        /// Base64 salt.
        salt: String,
        /// Rounds.
        iteration_amount: u32,
        /// Key bytes.
        key_length: u32,
        /// HMAC-SHA-512 instead of HMAC-SHA-256.
        sha512: bool,
    },
    /// An scrypt hash as a PHC string (`$scrypt$ln=…`).
    Scrypt(#[redact] String),
    /// An Argon2i or Argon2id hash as a PHC string (`$argon2id$v=19$…`).
    Argon2(#[redact] String),
    /// A portable phpass hash (`$P$…`, as WordPress and phpBB keep them).
    Phpass(#[redact] String),
}

impl PasswordHash {
    /// Stytch's `hash_type` for this hash.
    ///
    /// ```
    /// use stytch_core::backend::PasswordHash;
    /// assert_eq!(PasswordHash::Argon2("$argon2i$v=19$m=16,t=2,p=1$…".into()).hash_type(), "argon_2i");
    /// assert_eq!(PasswordHash::Argon2("$argon2id$v=19$m=16,t=2,p=1$…".into()).hash_type(), "argon_2id");
    /// ```
    pub fn hash_type(&self) -> &'static str {
        match self {
            Self::Bcrypt(_) => "bcrypt",
            Self::Md5 { .. } => "md_5",
            Self::Sha1 { .. } => "sha_1",
            Self::Sha512 { .. } => "sha_512",
            Self::Pbkdf2 { .. } => "pbkdf_2",
            Self::Scrypt(_) => "scrypt",
            Self::Argon2(phc) if phc.starts_with("$argon2id$") => "argon_2id",
            Self::Argon2(_) => "argon_2i",
            Self::Phpass(_) => "phpass",
        }
    }

    /// The request fields: `hash`, `hash_type` and the type's config.
    fn fields(&self) -> Map<String, Value> {
        let salted = |hash: &str, config: &str, prepend: &str, append: &str| json!({ "hash": hash, config: { "prepend_salt": prepend, "append_salt": append } });
        let mut fields = match self {
            Self::Bcrypt(hash) | Self::Scrypt(hash) | Self::Argon2(hash) | Self::Phpass(hash) => {
                json!({ "hash": hash })
            }
            Self::Md5 {
                hash,
                prepend_salt,
                append_salt,
            } => salted(hash, "md_5_config", prepend_salt, append_salt),
            Self::Sha1 {
                hash,
                prepend_salt,
                append_salt,
            } => salted(hash, "sha_1_config", prepend_salt, append_salt),
            Self::Sha512 {
                hash,
                prepend_salt,
                append_salt,
            } => salted(hash, "sha_512_config", prepend_salt, append_salt),
            Self::Pbkdf2 {
                hash,
                salt,
                iteration_amount,
                key_length,
                sha512,
            } => json!({
                "hash": hash,
                "pbkdf_2_config": {
                    "salt": salt,
                    "iteration_amount": iteration_amount,
                    "key_length": key_length,
                    "algorithm": if *sha512 { "sha512" } else { "sha256" },
                },
            }),
        };
        fields["hash_type"] = json!(self.hash_type());
        match fields {
            Value::Object(fields) => fields,
            _ => Map::new(),
        }
    }
}

/// A member to import with their password hash (`passwords/migrate`): created active, with a
/// verified address, when the organization has no member with this address; the existing
/// member gets the password (and the details given) otherwise.
///
/// ```
/// use stytch_core::backend::{PasswordHash, PasswordMigration};
/// let import = PasswordMigration {
///     organization_id: "organization-test-…".into(),
///     email_address: "ada@example.com".into(),
///     hash: PasswordHash::Bcrypt("$2b$10$…".into()),
///     name: Some("Ada Lovelace".into()),
///     ..PasswordMigration::default()
/// };
/// assert_eq!(import.hash.hash_type(), "bcrypt");
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct PasswordMigration {
    /// The organization (ID or slug).
    pub organization_id: String,
    /// The member's address.
    pub email_address: String,
    /// The password as the old system hashed it.
    pub hash: PasswordHash,
    /// The member's name.
    pub name: Option<String>,
    /// Metadata only servers set.
    pub trusted_metadata: Option<Map<String, Value>>,
    /// Metadata the member may change.
    pub untrusted_metadata: Option<Map<String, Value>>,
    /// Roles assigned directly.
    pub roles: Option<Vec<String>>,
    /// The member's phone for SMS MFA (E.164).
    pub mfa_phone_number: Option<String>,
    /// Whether that phone counts as verified already (no first text to confirm it).
    pub set_phone_number_verified: Option<bool>,
    /// The member's ID in your own system.
    pub external_id: Option<String>,
}

impl Default for PasswordMigration {
    fn default() -> Self {
        Self {
            organization_id: String::new(),
            email_address: String::new(),
            hash: PasswordHash::Bcrypt(String::new()),
            name: None,
            trusted_metadata: None,
            untrusted_metadata: None,
            roles: None,
            mfa_phone_number: None,
            set_phone_number_verified: None,
            external_id: None,
        }
    }
}

/// What an import answers.
///
/// ```
/// use stytch_core::backend::MigratedMember;
/// let answer: MigratedMember = serde_json::from_str(r#"{"member_created":true,"member":{"email_address":"ada@example.com"}}"#).unwrap();
/// assert!(answer.member_created);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct MigratedMember {
    /// Whether the import created the member (rather than giving an existing one the password).
    pub member_created: bool,
    /// The member.
    pub member: Member,
    /// The organization.
    pub organization: Organization,
}

/// What an authenticator-app import answers: the registration and the member's recovery codes.
///
/// ```
/// use stytch_core::backend::MigratedTotp;
/// let answer: MigratedTotp = serde_json::from_str(r#"{"totp_registration_id":"member-totp-test-1","recovery_codes":["abcd-efgh-ijkl"]}"#).unwrap();
/// assert_eq!(answer.recovery_codes.len(), 1);
/// assert!(!format!("{answer:?}").contains("abcd"), "recovery codes never show in logs");
/// ```
#[derive(Clone, Default, PartialEq, RedactedDebug, Deserialize)]
#[serde(default)]
pub struct MigratedTotp {
    /// The new registration.
    pub totp_registration_id: String,
    /// The recovery codes the member now has.
    #[redact]
    pub recovery_codes: Vec<String>,
    /// The member, enrolled in MFA.
    pub member: Member,
}

/// A session of the system being left, to carry over (`sessions/migrate`): Stytch asks that
/// system's OIDC UserInfo endpoint (set in the project's settings) whose `session_token` is,
/// and starts a session for the organization's member with that address.
///
/// ```
/// use stytch_core::backend::SessionMigration;
/// let migration = SessionMigration {
///     session_token: "the old system's access token".into(),
///     organization_id: "organization-test-…".into(),
///     session_duration_minutes: Some(60),
///     ..SessionMigration::default()
/// };
/// assert!(!format!("{migration:?}").contains("access token"), "the old token never shows in logs");
/// ```
#[derive(Clone, Default, PartialEq, RedactedDebug, Serialize)]
pub struct SessionMigration {
    /// The old system's access or session token, as its UserInfo endpoint accepts it.
    #[redact]
    pub session_token: String,
    /// The organization (ID or slug) the member belongs to.
    pub organization_id: String,
    /// Length of the new session.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session_duration_minutes: Option<u32>,
    /// Claims for the new session.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session_custom_claims: Option<Map<String, Value>>,
}

/// Who must reset their password (`passwords/email/require_reset`).
#[derive(Serialize)]
struct RequireReset<'a> {
    email_address: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    organization_id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    member_id: Option<&'a str>,
}

impl StytchBackend {
    /// Imports a member with the password hash the old system kept
    /// (`POST /v1/b2b/passwords/migrate`): their next `passwords/authenticate` with that
    /// password signs them in. A hash of the wrong shape is refused by name
    /// (`invalid_bcrypt_hash`, `invalid_sha_512_hash`, …).
    ///
    /// ```no_run
    /// # async fn f(stytch: stytch_core::backend::StytchBackend) -> Result<(), stytch_core::StytchError> {
    /// use stytch_core::backend::{PasswordHash, PasswordMigration};
    /// let imported = stytch
    ///     .migrate_password(&PasswordMigration {
    ///         organization_id: "organization-test-…".into(),
    ///         email_address: "ada@example.com".into(),
    ///         hash: PasswordHash::Bcrypt("$2b$10$…".into()),
    ///         ..PasswordMigration::default()
    ///     })
    ///     .await?;
    /// println!("{} imported (new: {})", imported.member.member_id, imported.member_created);
    /// # Ok(()) }
    /// ```
    pub async fn migrate_password(&self, migration: &PasswordMigration) -> Result<MigratedMember, StytchError> {
        let mut fields = migration.hash.fields();
        fields.insert("organization_id".into(), json!(migration.organization_id));
        fields.insert("email_address".into(), json!(migration.email_address));
        let optional = [
            ("name", migration.name.as_ref().map(|v| json!(v))),
            (
                "trusted_metadata",
                migration.trusted_metadata.as_ref().map(|v| json!(v)),
            ),
            (
                "untrusted_metadata",
                migration.untrusted_metadata.as_ref().map(|v| json!(v)),
            ),
            ("roles", migration.roles.as_ref().map(|v| json!(v))),
            (
                "mfa_phone_number",
                migration.mfa_phone_number.as_ref().map(|v| json!(v)),
            ),
            (
                "set_phone_number_verified",
                migration.set_phone_number_verified.map(|v| json!(v)),
            ),
            ("external_id", migration.external_id.as_ref().map(|v| json!(v))),
        ];
        for (name, value) in optional {
            if let Some(value) = value {
                fields.insert(name.into(), value);
            }
        }
        let request = serde_json::to_string(&fields).map_err(unexpected)?;
        read(self.post("/v1/b2b/passwords/migrate", request).await?)
    }

    /// Imports a member's authenticator app (its base32 `secret`) and recovery codes
    /// (`POST /v1/b2b/totp/migrate`): the member is enrolled in MFA and their app's codes
    /// work at once. Empty `recovery_codes` lets Stytch make a set.
    ///
    /// ```no_run
    /// # async fn f(stytch: stytch_core::backend::StytchBackend) -> Result<(), stytch_core::StytchError> {
    /// let imported = stytch
    ///     .migrate_totp("organization-test-…", "member-test-…", "JBSWY3DPEHPK3PXP", &["ckss-2skx-ebow".into()])
    ///     .await?;
    /// println!("registered {}", imported.totp_registration_id);
    /// # Ok(()) }
    /// ```
    pub async fn migrate_totp(
        &self,
        organization_id: &str,
        member_id: &str,
        secret: &str,
        recovery_codes: &[String],
    ) -> Result<MigratedTotp, StytchError> {
        let request = json!({
            "organization_id": organization_id,
            "member_id": member_id,
            "secret": secret,
            "recovery_codes": recovery_codes,
        });
        read(self.post("/v1/b2b/totp/migrate", body(&request)?).await?)
    }

    /// Carries a member's session over from the system being left
    /// (`POST /v1/b2b/sessions/migrate`): a Stytch session (its factor `imported`) for the
    /// organization's member whose address the old system's UserInfo endpoint names, to hand
    /// the browser as cookies ([`ResponseCookies::write_sign_in`](crate::storage::ResponseCookies::write_sign_in)).
    /// `migrate_from_external_email_does_not_exist` when the organization has no such member
    /// (import them first), `migrate_from_external_unexpected_response` when the old system
    /// refuses the token.
    ///
    /// ```no_run
    /// # async fn f(stytch: stytch_core::backend::StytchBackend, old_token: String) -> Result<(), stytch_core::StytchError> {
    /// use stytch_core::backend::SessionMigration;
    /// let migrated = stytch
    ///     .migrate_session(&SessionMigration {
    ///         session_token: old_token,
    ///         organization_id: "organization-test-…".into(),
    ///         session_duration_minutes: Some(60),
    ///         ..SessionMigration::default()
    ///     })
    ///     .await?;
    /// println!("{} carried over", migrated.member.email_address);
    /// # Ok(()) }
    /// ```
    pub async fn migrate_session(&self, migration: &SessionMigration) -> Result<AuthenticateResponse, StytchError> {
        read(self.post("/v1/b2b/sessions/migrate", body(migration)?).await?)
    }

    /// Makes a member reset their password by email before they sign in with it again
    /// (`POST /v1/b2b/passwords/email/require_reset`): a password believed leaked. Name the
    /// member by address (every organization they belong to), or narrow it to one
    /// organization (and member). `email_not_found` when no active member has the address.
    ///
    /// ```no_run
    /// # async fn f(stytch: stytch_core::backend::StytchBackend) -> Result<(), stytch_core::StytchError> {
    /// stytch.require_password_reset("ada@example.com", Some("organization-test-…"), None).await?;
    /// # Ok(()) }
    /// ```
    pub async fn require_password_reset(
        &self,
        email_address: &str,
        organization_id: Option<&str>,
        member_id: Option<&str>,
    ) -> Result<(), StytchError> {
        let request = RequireReset {
            email_address,
            organization_id,
            member_id,
        };
        self.post("/v1/b2b/passwords/email/require_reset", body(&request)?)
            .await
            .map(drop)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_hash_names_its_type_and_config_as_stytch_reads_them() {
        let pbkdf2 = PasswordHash::Pbkdf2 {
            hash: "a2V5".into(),
            salt: "c2FsdA==".into(),
            iteration_amount: 1000,
            key_length: 32,
            sha512: true,
        };
        assert_eq!(
            Value::Object(pbkdf2.fields()),
            json!({
                "hash": "a2V5",
                "hash_type": "pbkdf_2",
                "pbkdf_2_config": { "salt": "c2FsdA==", "iteration_amount": 1000, "key_length": 32, "algorithm": "sha512" },
            })
        );
        let md5 = PasswordHash::Md5 {
            hash: "00".into(),
            prepend_salt: "a".into(),
            append_salt: "b".into(),
        };
        assert_eq!(
            Value::Object(md5.fields()),
            json!({ "hash": "00", "hash_type": "md_5", "md_5_config": { "prepend_salt": "a", "append_salt": "b" } })
        );
        assert_eq!(
            Value::Object(PasswordHash::Phpass("$P$x".into()).fields()),
            json!({ "hash": "$P$x", "hash_type": "phpass" })
        );
    }
}
