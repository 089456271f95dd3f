//! What each of the example's forms posts, and whose sign-in a code screen is for.

/// What the sign-out forms post.
#[derive(serde::Deserialize)]
pub struct CsrfForm {
    #[serde(default)]
    pub csrf: String,
}

/// What the login form posts.
#[derive(serde::Deserialize)]
pub struct SignInForm {
    #[serde(default)]
    pub csrf: String,
    pub organization: String,
    pub email: String,
    pub password: String,
}

/// What the discovery form posts: the address, and what to email it (its button's `method`).
#[derive(serde::Deserialize)]
pub struct DiscoverForm {
    #[serde(default)]
    pub csrf: String,
    pub email: String,
    #[serde(default)]
    pub method: DiscoverBy,
}

/// What discovery emails: a code to type here, or a link to open.
#[derive(Clone, Copy, Default, PartialEq, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DiscoverBy {
    #[default]
    Code,
    Link,
}

/// What the discovery password form posts.
#[derive(serde::Deserialize)]
pub struct DiscoverPasswordForm {
    #[serde(default)]
    pub csrf: String,
    pub email: String,
    pub password: String,
}

/// An emailed link's query (`/authenticate?stytch_token_type=…&token=…`), and what its
/// page's form posts back with the CSRF token (and, for a password reset, the new password).
#[derive(serde::Deserialize)]
pub struct LinkForm {
    #[serde(default)]
    pub csrf: String,
    #[serde(default)]
    pub stytch_token_type: String,
    #[serde(default)]
    pub token: String,
    /// `reset_password` on a discovery password reset's link (its token type is `discovery`).
    #[serde(default)]
    pub stytch_redirect_type: String,
    #[serde(default)]
    pub password: String,
}

impl LinkForm {
    /// Whether the link resets a password (an organization's, or every membership's).
    pub fn resets_password(&self) -> bool {
        self.stytch_token_type == "multi_tenant_passwords"
            || (self.stytch_token_type == "discovery" && self.stytch_redirect_type == "reset_password")
    }
}

/// What the password reset form posts.
#[derive(serde::Deserialize)]
pub struct ResetForm {
    #[serde(default)]
    pub csrf: String,
    pub organization: String,
    pub email: String,
}

/// What an organization's button on the discovery list posts.
#[derive(serde::Deserialize)]
pub struct ChooseForm {
    #[serde(default)]
    pub csrf: String,
    pub organization_id: String,
}

/// What the discovery list's "create an organization" form posts.
#[derive(serde::Deserialize)]
pub struct CreateForm {
    #[serde(default)]
    pub csrf: String,
    pub name: String,
}

/// What a code form posts: which factor, for whom, and the code typed.
#[derive(serde::Deserialize)]
pub struct CodeForm {
    #[serde(default)]
    pub csrf: String,
    pub step: Step,
    pub organization_id: String,
    pub member_id: String,
    pub email: String,
    pub code: String,
    /// The key and QR code of an authenticator app being set up (its setup form only), to
    /// show them again after a wrong first code.
    #[serde(default)]
    pub secret: String,
    #[serde(default)]
    pub qr_code: String,
}

/// An authenticator app's key being set up, as its setup page shows it.
pub struct TotpKey {
    pub secret: String,
    pub qr_code: String,
}

impl TotpKey {
    /// The key a setup form posted back: only a base-32 key and an image's data URL are shown
    /// again (the page carries them in hidden fields, nothing else is trusted from it).
    pub fn posted(form: &CodeForm) -> Option<Self> {
        let base32 =
            |text: &str| !text.is_empty() && text.bytes().all(|b| matches!(b, b'A'..=b'Z' | b'2'..=b'7' | b'='));
        (form.step == Step::TotpSetup && base32(&form.secret) && form.qr_code.starts_with("data:image/")).then(|| {
            Self {
                secret: form.secret.clone(),
                qr_code: form.qr_code.clone(),
            }
        })
    }
}

/// What the MFA enrollment screen's forms post: for whom, and the phone to text (its phone
/// form only).
#[derive(serde::Deserialize)]
pub struct EnrollForm {
    #[serde(default)]
    pub csrf: String,
    pub organization_id: String,
    pub member_id: String,
    pub email: String,
    #[serde(default)]
    pub phone: String,
}

impl EnrollForm {
    pub fn pending(&self, step: Step) -> Pending {
        Pending {
            step,
            organization_id: self.organization_id.clone(),
            member_id: self.member_id.clone(),
            email: self.email.clone(),
        }
    }
}

/// The factor a code screen asks for.
#[derive(Clone, Copy, PartialEq, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    /// An emailed code: the address is not verified yet.
    EmailOtp,
    /// A texted code: the organization's MFA.
    SmsOtp,
    /// An authenticator app's code: the organization's MFA.
    Totp,
    /// The first code of an authenticator app being enrolled; the recovery codes follow.
    TotpSetup,
    /// One of the member's recovery codes, instead of the authenticator app's.
    RecoveryCode,
    /// An emailed discovery code: proves the address, then lists its organizations.
    Discovery,
}

impl Step {
    pub fn name(self) -> &'static str {
        match self {
            Step::EmailOtp => "email_otp",
            Step::SmsOtp => "sms_otp",
            Step::Totp => "totp",
            Step::TotpSetup => "totp_setup",
            Step::RecoveryCode => "recovery_code",
            Step::Discovery => "discovery",
        }
    }

    pub fn prompt(self, email: &str) -> String {
        match self {
            Step::EmailOtp => format!("We emailed a code to {email} to confirm the address."),
            Step::SmsOtp => "We texted a code to your phone.".to_owned(),
            Step::Totp | Step::TotpSetup => "Enter the code your authenticator app shows.".to_owned(),
            Step::RecoveryCode => "Enter one of the recovery codes you saved. Each works once.".to_owned(),
            Step::Discovery => format!("We emailed a code to {email} to find your organizations."),
        }
    }
}

/// Who the code screen is for.
pub struct Pending {
    pub step: Step,
    pub organization_id: String,
    pub member_id: String,
    pub email: String,
}
