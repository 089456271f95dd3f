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

/// An optional credential (or list of them): `None`, or `Some(…)` of its redacted form.
impl<T> fmt::Debug for Redacted<'_, Option<T>>
where
    for<'a> Redacted<'a, T>: fmt::Debug,
{
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

/// Names with their values hidden: headers (an `Authorization` header carries the session
/// token) or a request's `Cookie` pairs.
impl<K: fmt::Debug> fmt::Debug for Redacted<'_, Vec<(K, String)>> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map()
            .entries(self.0.iter().map(|(name, value)| (name, Redacted(value))))
            .finish()
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

    /// Without `#[redact]` the derive prints exactly what `#[derive(Debug)]` prints, for every
    /// shape of struct and enum variant, compact and pretty.
    #[test]
    fn unmarked_fields_print_as_derive_debug_does() {
        #[allow(dead_code)]
        mod derived {
            #[derive(Debug)]
            pub struct Pair(pub u8, pub String);
            #[derive(Debug)]
            pub struct Unit;
            #[derive(Debug)]
            pub enum Event {
                Back,
                Submit(String, u32),
                Chosen { id: String, pair: Pair, unit: Unit },
            }
        }
        #[allow(dead_code)]
        mod redacting {
            use crate::RedactedDebug;
            #[derive(RedactedDebug)]
            pub struct Pair(pub u8, pub String);
            #[derive(RedactedDebug)]
            pub struct Unit;
            #[derive(RedactedDebug)]
            pub enum Event {
                Back,
                Submit(String, u32),
                Chosen { id: String, pair: Pair, unit: Unit },
            }
        }
        let chosen = |id: &str| derived::Event::Chosen {
            id: id.into(),
            pair: derived::Pair(7, "x".into()),
            unit: derived::Unit,
        };
        let ours = |id: &str| redacting::Event::Chosen {
            id: id.into(),
            pair: redacting::Pair(7, "x".into()),
            unit: redacting::Unit,
        };
        for (expected, shown) in [
            (
                format!("{:?}", derived::Event::Back),
                format!("{:?}", redacting::Event::Back),
            ),
            (
                format!("{:?}", derived::Event::Submit("a\"b".into(), 3)),
                format!("{:?}", redacting::Event::Submit("a\"b".into(), 3)),
            ),
            (format!("{:?}", chosen("org-1")), format!("{:?}", ours("org-1"))),
            (format!("{:#?}", chosen("org-1")), format!("{:#?}", ours("org-1"))),
        ] {
            assert_eq!(shown, expected);
        }
    }

    #[test]
    fn marked_fields_of_enum_variants_are_hidden() {
        #[derive(crate::RedactedDebug)]
        #[allow(dead_code)]
        enum Command {
            SubmitCode(#[redact] String),
            Login {
                email: String,
                #[redact]
                password: String,
            },
        }
        let shown = format!(
            "{:?} {:#?}",
            Command::SubmitCode("123456".into()),
            Command::Login {
                email: "ada@example.com".into(),
                password: "hunter2".into()
            }
        );
        assert!(!shown.contains("123456") && !shown.contains("hunter2"), "{shown}");
        assert!(shown.starts_with("SubmitCode(<redacted>) Login {"), "{shown}");
        assert!(
            shown.contains("\"ada@example.com\"") && shown.contains("password: <redacted>"),
            "{shown}"
        );
    }
}
