//! What the emulator fetches from elsewhere, as Stytch does: a Trusted Auth Token profile's
//! JWKS and a SAML identity provider's metadata. Plain HTTP (a test's own server), at most
//! 1 MB, five seconds; a failure says what went wrong, never a server error.

use std::time::Duration;

/// The most a fetched document may hold.
const MAX_BYTES: usize = 1024 * 1024;

/// The text at `url`: `Err` names what failed (not an http(s) URL, unreachable, a status
/// other than 2xx, too large, not UTF-8).
pub async fn fetch_text(url: &str) -> Result<String, String> {
    fetch_text_as(url, None).await
}

/// [`fetch_text`] with `Authorization: Bearer {token}`, as an OIDC UserInfo endpoint is asked.
pub async fn fetch_text_as(url: &str, bearer: Option<&str>) -> Result<String, String> {
    if !(url.starts_with("http://") || url.starts_with("https://")) {
        return Err("not an http or https URL".into());
    }
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(5))
        .build()
        .map_err(|e| e.to_string())?;
    let mut request = client.get(url);
    if let Some(token) = bearer {
        request = request.bearer_auth(token);
    }
    let mut response = request.send().await.map_err(|e| e.to_string())?;
    if !response.status().is_success() {
        return Err(format!("status {}", response.status()));
    }
    let mut bytes = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(|e| e.to_string())? {
        bytes.extend_from_slice(&chunk);
        if bytes.len() > MAX_BYTES {
            return Err("larger than 1 MB".into());
        }
    }
    String::from_utf8(bytes).map_err(|_| "not UTF-8 text".into())
}
