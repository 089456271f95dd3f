//! Identifiers and secrets in Stytch's formats.

use base64::Engine;
use rand::RngCore;

/// `<prefix>-test-<uuid v4>`, e.g. `organization-test-…`.
pub fn new_id(prefix: &str) -> String {
    format!("{prefix}-test-{}", uuid::Uuid::new_v4())
}

/// A request ID.
pub fn request_id() -> String {
    new_id("request-id")
}

/// An unguessable token: 32 random bytes, base64url without padding (43 characters).
pub fn new_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// A numeric one-time code of `digits` digits.
pub fn new_code(digits: u32) -> String {
    let bound = 10u32.pow(digits);
    // Rejection sampling keeps the distribution uniform.
    loop {
        let n = rand::rngs::OsRng.next_u32();
        if n < u32::MAX - u32::MAX % bound {
            return format!("{:0width$}", n % bound, width = digits as usize);
        }
    }
}

/// Percent-encodes text for a URL's path segment or query value (every byte but RFC 3986's
/// unreserved characters).
pub(crate) fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// The last four characters of a secret, as Stytch shows a stored one (`…_last_four`).
pub(crate) fn last_four(secret: &str) -> String {
    secret.chars().skip(secret.chars().count().saturating_sub(4)).collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn formats() {
        assert!(super::new_id("member").starts_with("member-test-"));
        assert_eq!(super::new_token().len(), 43);
        let code = super::new_code(6);
        assert_eq!(code.len(), 6);
        assert!(code.bytes().all(|b| b.is_ascii_digit()));
    }

    #[test]
    fn percent_encodes_all_but_unreserved_bytes() {
        assert_eq!(super::percent_encode("a-Z.9_~"), "a-Z.9_~");
        assert_eq!(
            super::percent_encode("ada@example.com&x=é"),
            "ada%40example.com%26x%3D%C3%A9"
        );
    }
}
