//! RFC 6238 time-based one-time passwords (SHA-1, 30-second steps, 6 digits) and the bits
//! around them: base32 secrets, `otpauth://` URIs rendered as QR codes, recovery codes.

use base64::Engine;
use hmac::{Hmac, Mac};
use rand::RngCore;
use sha1::Sha1;

/// Seconds per step.
pub const STEP_SECONDS: i64 = 30;

/// RFC 4648 base32 without padding, as authenticator apps expect.
pub fn base32(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let mut out = String::new();
    let (mut buffer, mut bits) = (0u32, 0u32);
    for &byte in bytes {
        buffer = (buffer << 8) | u32::from(byte);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(ALPHABET[((buffer >> bits) & 31) as usize] as char);
        }
    }
    if bits > 0 {
        out.push(ALPHABET[((buffer << (5 - bits)) & 31) as usize] as char);
    }
    out
}

/// A new 160-bit secret.
pub fn new_secret() -> Vec<u8> {
    let mut secret = vec![0u8; 20];
    rand::rngs::OsRng.fill_bytes(&mut secret);
    secret
}

/// The HOTP value (RFC 4226) for a counter, as six digits.
pub fn hotp(secret: &[u8], counter: u64) -> String {
    let Ok(mut mac) = Hmac::<Sha1>::new_from_slice(secret) else {
        return String::new();
    };
    mac.update(&counter.to_be_bytes());
    let digest = mac.finalize().into_bytes();
    let offset = usize::from(digest[19] & 0x0f);
    let value = (u32::from(digest[offset] & 0x7f) << 24)
        | (u32::from(digest[offset + 1]) << 16)
        | (u32::from(digest[offset + 2]) << 8)
        | u32::from(digest[offset + 3]);
    format!("{:06}", value % 1_000_000)
}

/// The step a code matches at `now_ms`, allowing one step of clock drift either way.
pub fn verify(secret: &[u8], code: &str, now_ms: i64) -> Option<u64> {
    let code = code.trim();
    if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let step = u64::try_from(now_ms.div_euclid(1000 * STEP_SECONDS)).ok()?;
    [step.saturating_sub(1), step, step + 1]
        .into_iter()
        .find(|s| hotp(secret, *s) == code)
}

/// The URI authenticator apps read from the QR code.
pub fn otpauth_uri(issuer: &str, account: &str, secret_base32: &str) -> String {
    let encode = super::ids::percent_encode;
    format!(
        "otpauth://totp/{}:{}?secret={secret_base32}&issuer={}&algorithm=SHA1&digits=6&period=30",
        encode(issuer),
        encode(account),
        encode(issuer)
    )
}

/// A QR code of `text` as an SVG data URL (usable as an `<img src>`).
pub fn qr_data_url(text: &str) -> String {
    let svg = match qrcode::QrCode::new(text.as_bytes()) {
        Ok(code) => code
            .render::<qrcode::render::svg::Color<'_>>()
            .min_dimensions(200, 200)
            .quiet_zone(true)
            .build(),
        Err(_) => String::new(),
    };
    format!(
        "data:image/svg+xml;base64,{}",
        base64::engine::general_purpose::STANDARD.encode(svg)
    )
}

/// Ten recovery codes shaped `xxxx-xxxx-xxxx` (lower-case base 36).
pub fn recovery_codes() -> Vec<String> {
    const ALPHABET: &[u8; 36] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    (0..10)
        .map(|_| {
            let mut bytes = [0u8; 12];
            rand::rngs::OsRng.fill_bytes(&mut bytes);
            let chars: Vec<char> = bytes.iter().map(|b| ALPHABET[usize::from(*b) % 36] as char).collect();
            chars
                .chunks(4)
                .map(|c| c.iter().collect::<String>())
                .collect::<Vec<_>>()
                .join("-")
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc_6238_sha1_vectors() {
        // RFC 6238 appendix B, SHA-1 secret "12345678901234567890", last six digits.
        let secret = b"12345678901234567890";
        for (time, expected) in [
            (59, "287082"),
            (1_111_111_109, "081804"),
            (1_234_567_890, "005924"),
            (2_000_000_000, "279037"),
        ] {
            assert_eq!(hotp(secret, time / 30), expected, "t={time}");
            assert_eq!(verify(secret, expected, time as i64 * 1000), Some(time / 30));
        }
        assert_eq!(
            verify(secret, "287082", 61_000),
            Some(1),
            "a code from the previous step is tolerated"
        );
        assert_eq!(verify(secret, "287082", 59_000 + 61_000), None);
        assert_eq!(verify(secret, "28708", 59_000), None);
    }

    #[test]
    fn base32_matches_rfc_4648() {
        assert_eq!(base32(b"foobar"), "MZXW6YTBOI");
        assert_eq!(base32(b"12345678901234567890"), "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
    }

    #[test]
    fn recovery_code_shape() {
        let codes = recovery_codes();
        assert_eq!(codes.len(), 10);
        assert!(codes.iter().all(|c| c.len() == 14 && c.matches('-').count() == 2));
    }
}
