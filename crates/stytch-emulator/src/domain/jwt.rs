//! Session JWTs: one RSA-2048 key per emulator run, RS256, served as a JWKS.

use base64::Engine;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use rsa::pkcs1::EncodeRsaPrivateKey;
use rsa::traits::PublicKeyParts;
use serde_json::{Value, json};
use stytch_models::SessionJwtClaims;

/// Signs and verifies session JWTs.
pub struct Signer {
    kid: String,
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
        let der = key.to_pkcs1_der().map_err(|e| e.to_string())?;
        let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
        let modulus = b64.encode(key.n().to_bytes_be());
        let exponent = b64.encode(key.e().to_bytes_be());
        let decoding = DecodingKey::from_rsa_components(&modulus, &exponent).map_err(|e| e.to_string())?;
        Ok(Self {
            kid: super::ids::new_id("jwk"),
            encoding: EncodingKey::from_rsa_der(der.as_bytes()),
            decoding,
            modulus,
            exponent,
        })
    }

    /// Signs claims with `{"alg":"RS256","typ":"JWT","kid":…}`.
    pub fn sign(&self, claims: &SessionJwtClaims) -> Result<String, String> {
        let mut header = Header::new(Algorithm::RS256);
        header.kid = Some(self.kid.clone());
        header.typ = Some("JWT".to_owned());
        jsonwebtoken::encode(&header, claims, &self.encoding).map_err(|e| e.to_string())
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
