//! Debug output that never prints a credential: `#[derive(RedactedDebug)]` with `#[redact]`
//! on the fields that hold one shows them through [`Redacted`].

use std::fmt;

pub use stytch_models_derive::RedactedDebug;

/// A credential's `Debug` form: `<redacted>` for a value, `""` for an empty string (so a log
/// still tells "none was sent" from "one was sent"), `None` for a missing one, and a count for a
/// list.
///
/// ```
/// use stytch_models::Redacted;
/// assert_eq!(format!("{:?}", Redacted(&"secret".to_owned())), "<redacted>");
/// assert_eq!(format!("{:?}", Redacted(&String::new())), r#""""#);
/// assert_eq!(format!("{:?}", Redacted(&Some("secret".to_owned()))), "Some(<redacted>)");
/// assert_eq!(format!("{:?}", Redacted(&vec!["a".to_owned(), "b".to_owned()])), "[<redacted>; 2]");
/// ```
pub struct Redacted<'a, T: ?Sized>(pub &'a T);

impl fmt::Debug for Redacted<'_, String> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(if self.0.is_empty() { "\"\"" } else { "<redacted>" })
    }
}

impl fmt::Debug for Redacted<'_, Option<String>> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            None => f.write_str("None"),
            Some(value) => write!(f, "Some({:?})", Redacted(value)),
        }
    }
}

impl fmt::Debug for Redacted<'_, Vec<String>> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "[<redacted>; {}]", self.0.len())
    }
}

#[cfg(test)]
mod tests {
    use crate::api::mfa::TotpCreateResponse;
    use crate::api::passwords::PasswordAuthenticateRequest;
    use crate::api::sessions::AuthenticateWithMfaResponse;

    #[test]
    fn credentials_never_reach_debug_output() {
        let answer = AuthenticateWithMfaResponse {
            session_token: "token-secret-1".into(),
            session_jwt: "eyJ.jwt-secret.2".into(),
            intermediate_session_token: "ist-secret-3".into(),
            organization_id: "organization-test-1".into(),
            ..Default::default()
        };
        let login = PasswordAuthenticateRequest {
            email_address: "ada@example.com".into(),
            password: "hunter2-secret".into(),
            ..Default::default()
        };
        let totp = TotpCreateResponse {
            secret: "JBSWY3DPEHPK3PXP".into(),
            recovery_codes: vec!["ckss-2skx-ebow".into()],
            ..Default::default()
        };
        let shown = format!("{answer:?} {login:?} {totp:?} {answer:#?}");
        for secret in [
            "token-secret",
            "jwt-secret",
            "ist-secret",
            "hunter2",
            "JBSWY3DP",
            "ckss",
        ] {
            assert!(!shown.contains(secret), "{secret} in {shown}");
        }
        for kept in [
            "organization-test-1",
            "ada@example.com",
            "<redacted>",
            "[<redacted>; 1]",
        ] {
            assert!(shown.contains(kept), "{kept} missing from {shown}");
        }
    }
}
