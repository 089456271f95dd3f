//! Session JWTs: one RSA-2048 key per emulator run (or the one an imported state carries),
//! RS256, served as a JWKS.

use base64::Engine;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use rsa::pkcs1::{DecodeRsaPrivateKey, EncodeRsaPrivateKey};
use rsa::traits::PublicKeyParts;
use serde_json::{Value, json};
use stytch_models::SessionJwtClaims;

/// Signs and verifies session JWTs.
pub struct Signer {
    kid: String,
    /// The private key (PKCS#1 DER), kept for exporting the emulator's state.
    der: Vec<u8>,
    encoding: EncodingKey,
    decoding: DecodingKey,
    modulus: String,
    exponent: String,
}

impl std::fmt::Debug for Signer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Signer").field("kid", &self.kid).finish_non_exhaustive()
    }
}

impl Signer {
    /// Generates a fresh key.
    pub fn generate() -> Result<Self, String> {
        let key = rsa::RsaPrivateKey::new(&mut rand::rngs::OsRng, 2048).map_err(|e| e.to_string())?;
        Self::from_key(super::ids::new_id("jwk"), &key)
    }

    /// The signer of an exported key: its ID and its PKCS#1 DER bytes.
    pub fn from_pkcs1_der(kid: String, der: &[u8]) -> Result<Self, String> {
        let key =
            rsa::RsaPrivateKey::from_pkcs1_der(der).map_err(|e| format!("the signing key is not PKCS#1 DER: {e}"))?;
        Self::from_key(kid, &key)
    }

    fn from_key(kid: String, key: &rsa::RsaPrivateKey) -> Result<Self, String> {
        let der = key.to_pkcs1_der().map_err(|e| e.to_string())?;
        let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
        let modulus = b64.encode(key.n().to_bytes_be());
        let exponent = b64.encode(key.e().to_bytes_be());
        let decoding = DecodingKey::from_rsa_components(&modulus, &exponent).map_err(|e| e.to_string())?;
        Ok(Self {
            kid,
            encoding: EncodingKey::from_rsa_der(der.as_bytes()),
            der: der.as_bytes().to_vec(),
            decoding,
            modulus,
            exponent,
        })
    }

    /// The key's ID (`kid`).
    pub fn kid(&self) -> &str {
        &self.kid
    }

    /// The private key as PKCS#1 DER.
    pub fn pkcs1_der(&self) -> &[u8] {
        &self.der
    }

    /// Signs claims with `{"alg":"RS256","typ":"JWT","kid":…}`.
    pub fn sign(&self, claims: &SessionJwtClaims) -> Result<String, String> {
        self.sign_value(&serde_json::to_value(claims).map_err(|e| e.to_string())?)
    }

    /// Signs any claims (a connected app's access or ID token) with the same key and header.
    pub fn sign_value(&self, claims: &Value) -> Result<String, String> {
        let mut header = Header::new(Algorithm::RS256);
        header.kid = Some(self.kid.clone());
        header.typ = Some("JWT".to_owned());
        jsonwebtoken::encode(&header, claims, &self.encoding).map_err(|e| e.to_string())
    }

    /// The claims of a token this key signed for the project (its audience; the issuer is the
    /// address the token endpoint was reached at, which the signature vouches for), the expiry
    /// left to the caller.
    pub fn verify_value(&self, token: &str, project_id: &str) -> Option<Value> {
        let mut validation = Validation::new(Algorithm::RS256);
        validation.set_audience(&[project_id]);
        validation.validate_exp = false;
        validation.required_spec_claims.clear();
        jsonwebtoken::decode::<Value>(token, &self.decoding, &validation)
            .ok()
            .map(|d| d.claims)
    }

    /// Verifies the signature, audience and issuer; the expiry is checked only when asked,
    /// because `sessions/authenticate` accepts an expired JWT of a live session.
    pub fn verify(&self, token: &str, project_id: &str, check_expiry: bool) -> Option<SessionJwtClaims> {
        let mut validation = Validation::new(Algorithm::RS256);
        validation.set_audience(&[project_id]);
        validation.set_issuer(&[format!("stytch.com/{project_id}")]);
        validation.validate_exp = check_expiry;
        validation.required_spec_claims.clear();
        jsonwebtoken::decode::<SessionJwtClaims>(token, &self.decoding, &validation)
            .ok()
            .map(|d| d.claims)
    }

    /// The JWKS document (`{keys: [...]}`), without request metadata.
    pub fn jwks(&self) -> Value {
        json!({
            "keys": [{
                "kty": "RSA",
                "use": "sig",
                "key_ops": ["verify"],
                "alg": "RS256",
                "kid": self.kid,
                "x5c": [],
                "x5tS256": "",
                "n": self.modulus,
                "e": self.exponent,
            }]
        })
    }
}
