//! PKCE (RFC 7636) for magic links, password resets, OAuth and SSO, as the official SDK does it:
//! when the project's bootstrap asks for it, a flow's start sends the SHA-256 challenge of a
//! secret verifier kept in this browser's `localStorage`, and the token's authentication sends
//! the verifier. A link or redirect opened in another browser then cannot sign anyone in.
//!
//! The pair lives under `stytch_sdk_state_<public_token>::PKCE_VERIFIER:<namespace>` as
//! `{"code_challenge":…,"code_verifier":…}`, the official key and shape, so a page that moves
//! between the official SDK and this one mid-flow keeps its pair.

use serde_json::Value;
use stytch_models::api::{discovery::DiscoveryAuthenticateResponse, sessions::AuthenticateWithMfaResponse};
use stytch_models::{BootstrapResponse, ErrorType};

use super::StytchClient;
use crate::StytchError;
use crate::transport::{Method, read};
use crate::util::{base64, sha256};

/// Which flow a PKCE pair belongs to (the official namespaces).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum PkceFlow {
    /// Email magic links (discovery and organization).
    MagicLinks,
    /// Password resets.
    Passwords,
    /// OAuth.
    OAuth,
    /// SSO.
    Sso,
}

impl PkceFlow {
    fn namespace(self) -> &'static str {
        match self {
            Self::MagicLinks => "magic_links",
            Self::Passwords => "passwords",
            Self::OAuth => "oauth",
            Self::Sso => "sso",
        }
    }

    /// Whether the project's bootstrap asks for PKCE in this flow.
    fn required_by(self, bootstrap: &BootstrapResponse) -> bool {
        match self {
            Self::MagicLinks => bootstrap.pkce_required_for_email_magic_links,
            Self::Passwords => bootstrap.pkce_required_for_password_resets,
            Self::OAuth => bootstrap.pkce_required_for_oauth,
            Self::Sso => bootstrap.pkce_required_for_sso,
        }
    }
}

/// Fills `buf` from a cryptographically secure source; `false` when there is none.
fn secure_random(buf: &mut [u8]) -> bool {
    #[cfg(all(target_arch = "wasm32", feature = "browser"))]
    {
        web_sys::window()
            .and_then(|w| w.crypto().ok())
            .is_some_and(|crypto| crypto.get_random_values_with_u8_array(buf).is_ok())
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        getrandom::getrandom(buf).is_ok()
    }
    #[cfg(all(target_arch = "wasm32", not(feature = "browser")))]
    {
        let _ = buf;
        false
    }
}

/// The challenge of a verifier: unpadded base64url of its SHA-256 (method `S256`).
pub(crate) fn pkce_challenge(verifier: &str) -> String {
    base64::encode_url(&sha256::digest(verifier.as_bytes()))
}

/// A stored verifier and its challenge. Deliberately not `Debug`: the verifier is a secret.
pub(crate) struct ProofKey {
    pub(crate) challenge: String,
    pub(crate) verifier: String,
}

impl StytchClient {
    fn pkce_key(&self, flow: PkceFlow) -> String {
        self.storage_key(&format!("PKCE_VERIFIER:{}", flow.namespace()))
    }

    /// The pair a start in `flow` left in this browser, if any. An entry that is malformed, or
    /// whose verifier is not RFC 7636's 43 to 128 unreserved characters, counts as none.
    pub(crate) fn stored_proof_key(&self, flow: PkceFlow) -> Option<ProofKey> {
        let json = self.inner.platform.storage.get(&self.pkce_key(flow))?;
        let value = stytch_models::json::parse(&json).ok()?;
        let field = |name: &str| value.get(name)?.as_str().filter(|s| !s.is_empty()).map(str::to_owned);
        let verifier = field("code_verifier").filter(|v| {
            (43..=128).contains(&v.len()) && v.bytes().all(|b| b.is_ascii_alphanumeric() || b"-._~".contains(&b))
        })?;
        Some(ProofKey {
            challenge: field("code_challenge")?,
            verifier,
        })
    }

    pub(crate) fn clear_proof_key(&self, flow: PkceFlow) {
        self.inner.platform.storage.remove(&self.pkce_key(flow));
    }

    /// A fresh pair for `flow`, stored (replacing any earlier one). The verifier is 64 hex
    /// digits of 32 secure random bytes. `None`, with nothing stored, when the platform has no
    /// secure randomness: the flow then runs without PKCE rather than with a guessable verifier.
    fn new_proof_key(&self, flow: PkceFlow) -> Option<ProofKey> {
        let mut bytes = [0u8; 32];
        if !secure_random(&mut bytes) {
            self.clear_proof_key(flow);
            return None;
        }
        const HEX: &[u8; 16] = b"0123456789abcdef";
        let verifier: String = bytes
            .iter()
            .flat_map(|b| [HEX[usize::from(b >> 4)] as char, HEX[usize::from(b & 15)] as char])
            .collect();
        let key = ProofKey {
            challenge: pkce_challenge(&verifier),
            verifier,
        };
        // Both values are hex or base64url: nothing to escape.
        let json = format!(
            r#"{{"code_challenge":"{}","code_verifier":"{}"}}"#,
            key.challenge, key.verifier
        );
        self.inner.platform.storage.set(&self.pkce_key(flow), &json);
        Some(key)
    }

    /// The challenge to send when a link flow (magic link or password reset) starts: none
    /// unless the project requires PKCE; else the stored pair's, so a resent email still
    /// matches the verifier, or a new pair's.
    pub(crate) async fn link_challenge(&self, flow: PkceFlow) -> Option<String> {
        if !flow.required_by(&self.bootstrap_ready().await) {
            return None;
        }
        self.stored_proof_key(flow)
            .or_else(|| self.new_proof_key(flow))
            .map(|key| key.challenge)
    }

    /// The `pkce_code_challenge` parameter's value of a redirect flow's start URL (OAuth, SSO):
    /// a new pair's challenge when the project requires PKCE, else empty (so left out of the URL) and
    /// any old pair is dropped. Building a URL cannot
    /// wait, so this reads the bootstrap already fetched, or the one an earlier page load
    /// cached; before either exists it starts without PKCE.
    pub(crate) fn redirect_challenge_param(&self, flow: PkceFlow) -> String {
        let required = self
            .bootstrap()
            .or_else(|| self.cached_bootstrap())
            .is_some_and(|b| flow.required_by(&b));
        self.fresh_challenge(flow, required).unwrap_or_default()
    }

    /// The challenge of a flow that starts in this call and returns through a redirect (Google
    /// One Tap): a new pair's when the project requires PKCE, else none and any old pair
    /// dropped, as the official SDK does. Unlike a start URL, it can wait for the bootstrap.
    pub(crate) async fn redirect_challenge(&self, flow: PkceFlow) -> Option<String> {
        let required = flow.required_by(&self.bootstrap_ready().await);
        self.fresh_challenge(flow, required)
    }

    fn fresh_challenge(&self, flow: PkceFlow, required: bool) -> Option<String> {
        if required {
            self.new_proof_key(flow).map(|key| key.challenge)
        } else {
            self.clear_proof_key(flow);
            None
        }
    }

    /// Posts a token's authentication with the verifier of the first of `flows` that holds a
    /// pair, under `key` (`pkce_code_verifier`, or `code_verifier` on the organization-scoped
    /// password reset), as the official SDK does (a password-reset email can also be opened as
    /// a magic link, so magic links try the `passwords` pair first). On a PKCE error it tries
    /// the next pair; when the server says the token was issued without a challenge, it
    /// retries once without a verifier (a stale pair from an abandoned start must not break a
    /// plain link, which the official SDK lets happen). The pair that worked is cleared.
    ///
    /// One copy for every endpoint: the body is already JSON text (an object).
    async fn post_with_verifier(
        &self,
        flows: &[PkceFlow],
        path: &str,
        plain: String,
        key: &'static str,
    ) -> Result<Value, StytchError> {
        let mut last = None;
        for &flow in flows {
            let Some(pair) = self.stored_proof_key(flow) else {
                continue;
            };
            let body = with_member(&plain, key, &pair.verifier);
            match self.request_data(Method::Post, path, Some(body)).await {
                Ok(answer) => {
                    self.clear_proof_key(flow);
                    return Ok(answer);
                }
                Err(error) if is_pkce_error(&error) => last = Some(error),
                Err(error) => return Err(error),
            }
        }
        match last {
            Some(error) if error.error_type() != Some(&ErrorType::PkceDidNotExpectCodeVerifier) => Err(error),
            _ => self.request_data(Method::Post, path, Some(plain)).await,
        }
    }

    /// An organization-scoped authenticate with this browser's verifier (see
    /// [`post_with_verifier`](Self::post_with_verifier)); the answer goes into the store.
    pub(crate) async fn authenticate_with_verifier(
        &self,
        flows: &[PkceFlow],
        path: &str,
        body: String,
        key: &'static str,
        minutes: Option<u32>,
    ) -> Result<AuthenticateWithMfaResponse, StytchError> {
        let answer: AuthenticateWithMfaResponse = read(self.post_with_verifier(flows, path, body, key).await?)?;
        self.store().apply((&answer).into(), minutes);
        Ok(answer)
    }

    /// A discovery authenticate with this browser's verifier; the IST goes into the store.
    pub(crate) async fn discover_with_verifier(
        &self,
        flows: &[PkceFlow],
        path: &str,
        body: String,
    ) -> Result<DiscoveryAuthenticateResponse, StytchError> {
        let answer: DiscoveryAuthenticateResponse =
            read(self.post_with_verifier(flows, path, body, "pkce_code_verifier").await?)?;
        self.store().apply((&answer).into(), None);
        Ok(answer)
    }
}

/// `object` (JSON text of an object, as a derived writer writes it) with `"key":"value"` as its
/// first member.
fn with_member(object: &str, key: &str, value: &str) -> String {
    use stytch_models::json::ToJson;
    let rest = object.strip_prefix('{').unwrap_or("}");
    let mut out = String::with_capacity(object.len() + key.len() + value.len() + 8);
    out.push('{');
    key.write_json(&mut out);
    out.push(':');
    value.write_json(&mut out);
    if rest.trim_start() != "}" {
        out.push(',');
    }
    out.push_str(rest);
    out
}

fn is_pkce_error(error: &StytchError) -> bool {
    matches!(
        error.error_type(),
        Some(ErrorType::PkceMismatch | ErrorType::PkceExpectedCodeVerifier | ErrorType::PkceDidNotExpectCodeVerifier)
    )
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::{pkce_challenge, with_member};
    use crate::util::sha256::digest;
    use proptest::prelude::*;
    use sha2::Digest;

    #[test]
    fn the_verifier_is_added_to_any_body_as_valid_json() {
        for body in ["{}", r#"{"token":"t"}"#, r#"{"a":1,"b":[{}]}"#] {
            let text = with_member(body, "pkce_code_verifier", "v\"1");
            let mut expected: serde_json::Value = serde_json::from_str(body).unwrap();
            expected["pkce_code_verifier"] = "v\"1".into();
            assert_eq!(
                serde_json::from_str::<serde_json::Value>(&text).unwrap(),
                expected,
                "{text}"
            );
        }
    }

    proptest! {
        #[test]
        fn sha256_matches_a_reference(data in proptest::collection::vec(any::<u8>(), 0..300)) {
            let reference: [u8; 32] = sha2::Sha256::digest(&data).into();
            prop_assert_eq!(digest(&data), reference);
        }
    }

    #[test]
    fn rfc_7636_example() {
        let challenge = pkce_challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk");
        assert_eq!(challenge, "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
    }

    #[test]
    fn secure_random_differs() {
        let (mut a, mut b) = ([0u8; 32], [0u8; 32]);
        assert!(super::secure_random(&mut a) && super::secure_random(&mut b));
        assert_ne!(a, b);
        assert_eq!(pkce_challenge("").len(), 43);
    }
}
