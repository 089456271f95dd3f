//! Reading (not verifying) a session JWT, for display: the server verifies, the browser only
//! shows what the token says.

use stytch_models::SessionJwtClaims;

/// Decodes the claims of a session JWT without checking its signature; `None` when the text
/// is not a JWT with Stytch's claims.
///
/// ```
/// let claims = stytch_core::util::jwt::decode_claims(
///     "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJtZW1iZXItdGVzdC0xIiwiZXhwIjozMDB9.c2ln",
/// ).unwrap();
/// assert_eq!((claims.sub.as_str(), claims.exp), ("member-test-1", 300));
/// assert!(stytch_core::util::jwt::decode_claims("not-a-jwt").is_none());
/// ```
pub fn decode_claims(jwt: &str) -> Option<SessionJwtClaims> {
    let mut parts = jwt.split('.');
    let (_header, payload, _signature) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    let text = String::from_utf8(super::base64::decode_url(payload)?).ok()?;
    stytch_models::json::from_str(&text).ok()
}
