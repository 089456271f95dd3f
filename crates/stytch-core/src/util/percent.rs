//! Percent-decoding shared by cookie values and query strings.

/// Decodes `%XX` escapes; with `plus_as_space`, `+` becomes a space (query strings).
/// Malformed escapes are kept literally; invalid UTF-8 is replaced.
///
/// ```
/// use stytch_core::util::percent::decode;
/// assert_eq!(decode("a%2Db+c", true), "a-b c");
/// assert_eq!(decode("a%2Db+c", false), "a-b+c");
/// assert_eq!(decode("100%", false), "100%");
/// assert_eq!(decode("%+1", false), "%+1");
/// ```
pub fn decode(value: &str, plus_as_space: bool) -> String {
    let bytes = value.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => {
                if let (Some(high), Some(low)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                    out.push(high * 16 + low);
                    i += 3;
                    continue;
                }
                out.push(b'%');
            }
            b'+' if plus_as_space => out.push(b' '),
            other => out.push(other),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex(byte: u8) -> Option<u8> {
    match byte {
        b'0'..=b'9' => Some(byte - b'0'),
        b'a'..=b'f' => Some(byte - b'a' + 10),
        b'A'..=b'F' => Some(byte - b'A' + 10),
        _ => None,
    }
}

/// Percent-encodes everything but RFC 3986's unreserved characters, for query values, path
/// segments (an ID with `/` or `?` in it stays one segment) and `data:` URLs.
///
/// ```
/// use stytch_core::util::percent::{decode, encode};
/// assert_eq!(encode("a b\n&é"), "a%20b%0A%26%C3%A9");
/// assert_eq!(decode(&encode("ünï code"), false), "ünï code");
/// ```
pub fn encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}
