//! Standard base64 encoding (for Basic auth), URL-safe encoding (for PKCE challenges) and
//! URL-safe decoding (for JWT payloads).

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Encodes bytes as padded standard base64.
///
/// ```
/// assert_eq!(stytch_core::util::base64::encode(b"public-token:secret"), "cHVibGljLXRva2VuOnNlY3JldA==");
/// ```
pub fn encode(input: &[u8]) -> String {
    let mut out = String::with_capacity(input.len().div_ceil(3) * 4);
    for chunk in input.chunks(3) {
        let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Encodes bytes as unpadded base64url (RFC 4648 §5), as PKCE challenges are written.
///
/// ```
/// assert_eq!(stytch_core::util::base64::encode_url(&[0xfb, 0xff]), "-_8");
/// ```
pub fn encode_url(input: &[u8]) -> String {
    encode(input)
        .trim_end_matches('=')
        .chars()
        .map(|c| match c {
            '+' => '-',
            '/' => '_',
            c => c,
        })
        .collect()
}

/// Decodes base64url or standard base64, with or without padding; `None` on invalid input.
///
/// ```
/// assert_eq!(stytch_core::util::base64::decode_url("eyJhIjoxfQ").as_deref(), Some(&b"{\"a\":1}"[..]));
/// assert_eq!(stytch_core::util::base64::decode_url("*"), None);
/// ```
pub fn decode_url(input: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(input.len() * 3 / 4);
    let (mut buffer, mut bits) = (0u32, 0u32);
    for c in input.trim_end_matches('=').bytes() {
        let value = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'-' | b'+' => 62,
            b'_' | b'/' => 63,
            _ => return None,
        };
        buffer = (buffer << 6) | u32::from(value);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
            buffer &= (1 << bits) - 1;
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_every_length() {
        let data: Vec<u8> = (0..=255).collect();
        for len in 0..40 {
            assert_eq!(decode_url(&encode(&data[..len])).unwrap(), &data[..len]);
            assert_eq!(decode_url(&encode_url(&data[..len])).unwrap(), &data[..len]);
        }
    }
}
