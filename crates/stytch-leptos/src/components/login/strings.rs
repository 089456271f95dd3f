use stytch_core::StytchError;
use stytch_core::flow::{DeadEnd, FlowError, Invalid, SlugProblem};
use stytch_models::ErrorType;

/// Every visible text of [`StytchLogin`](crate::StytchLogin), overridable one by one
/// (labels, buttons, headings, hints, alt texts, and the messages for every error).
///
/// ```
/// let strings = stytch_leptos::LoginStrings { email_title: "Welcome to Acme".into(), ..Default::default() };
/// assert_eq!(strings.continue_button, "Continue");
/// ```
#[derive(Clone, Debug, PartialEq)]
#[repr(C)]
pub struct LoginStrings {
    /// Strength levels for zxcvbn scores 0 to 4.
    pub strength_levels: [String; 5],
    /// Email screen heading.
    pub email_title: String,
    /// Email field label.
    pub email_label: String,
    /// Email field placeholder.
    pub email_placeholder: String,
    /// Submit button of the email screen.
    pub continue_button: String,
    /// Organization flow heading; `{organization}` is replaced.
    pub organization_title: String,
    /// Step-up explanation; `{organization}` is replaced.
    pub step_up_body: String,
    /// Step-up heading when the email is unverified.
    pub verify_email_title: String,
    /// Step-up explanation when the email is unverified.
    pub verify_email_body: String,
    /// OAuth button; `{provider}` is replaced.
    pub oauth_button: String,
    /// SSO button; `{connection}` is replaced by the connection's display name.
    pub sso_button: String,
    /// The Discovery flow's "find my organization's SSO" button.
    pub sso_discovery_button: String,
    /// Title of the screen asking for the address whose SSO to find.
    pub sso_discovery_title: String,
    /// Its explanation.
    pub sso_discovery_body: String,
    /// Title of the list of SSO connections found.
    pub sso_connections_title: String,
    /// No SSO connection was found for the address.
    pub no_sso_connection: String,
    /// Divider between the buttons and the forms.
    pub divider: String,
    /// Password label.
    pub password_label: String,
    /// Submit button of the password form.
    pub sign_in_with_password: String,
    /// Secondary button of the combined email and password form.
    pub email_instead_button: String,
    /// "Forgot your password?" link.
    pub forgot_password: String,
    /// Email method choice heading.
    pub email_method_title: String,
    /// Choice: a magic link.
    pub email_method_link: String,
    /// Choice: an emailed code.
    pub email_method_code: String,
    /// Email code entry heading.
    pub email_otp_title: String,
    /// Sentence before the address on the email code screen.
    pub email_otp_body: String,
    /// Confirmation that an email code was sent.
    pub email_otp_sent_notice: String,
    /// Password reset request heading.
    pub password_forgot_title: String,
    /// Password reset request explanation.
    pub password_forgot_body: String,
    /// Submit button of the reset request.
    pub send_reset_link_button: String,
    /// Reset link sent heading.
    pub password_reset_sent_title: String,
    /// Sentence before the address on the reset-sent screen.
    pub password_reset_sent_body: String,
    /// New password heading.
    pub password_reset_title: String,
    /// "Verify your email" heading before a first password.
    pub password_setup_sent_title: String,
    /// Sentence before the address when a sign-in link went out so that a first password can
    /// be chosen.
    pub password_setup_sent_body: String,
    /// Heading of the first-password screen.
    pub password_setup_title: String,
    /// Leaves the first-password screen signed in, without a password.
    pub skip_password_setup: String,
    /// New password label.
    pub new_password_label: String,
    /// Submit button of the new password.
    pub set_password_button: String,
    /// Label of the strength meter.
    pub strength_label: String,
    /// Shown when the password appears in a breach.
    pub strength_breached: String,
    /// Shown while leaving for an OAuth provider; `{provider}` is replaced.
    pub redirecting: String,
    /// "Check your email" heading.
    pub email_sent_title: String,
    /// Sentence before the address on the email-sent screen.
    pub email_sent_body: String,
    /// Under a sent link when the project requires PKCE: the link works only in this browser.
    pub same_browser_hint: String,
    /// Resend button.
    pub resend_button: String,
    /// Confirmation after a resend.
    pub resent_notice: String,
    /// Link back to the email form.
    pub use_other_email: String,
    /// Shown while a link is authenticated.
    pub authenticating: String,
    /// Organization list heading.
    pub discovery_title: String,
    /// Sentence before the address on the organization list.
    pub discovery_signed_in_as: String,
    /// Shown when no organization was found.
    pub no_organizations: String,
    /// Action on an organization the person belongs to.
    pub continue_action: String,
    /// Action on an organization the person is invited to.
    pub accept_invite_action: String,
    /// Action on an organization the person may join.
    pub join_action: String,
    /// Button that opens organization creation.
    pub create_organization_button: String,
    /// Organization creation heading.
    pub create_title: String,
    /// Organization name label.
    pub organization_name_label: String,
    /// Slug label.
    pub organization_slug_label: String,
    /// Help text under the slug field.
    pub organization_slug_help: String,
    /// Submit button of organization creation.
    pub create_button: String,
    /// Back button.
    pub back_button: String,
    /// MFA method choice heading.
    pub mfa_selection_title: String,
    /// Explanation on the MFA method choice.
    pub mfa_selection_body: String,
    /// Choice: authenticator app.
    pub mfa_option_totp: String,
    /// Description of the authenticator-app choice.
    pub mfa_option_totp_hint: String,
    /// Choice: text message.
    pub mfa_option_sms: String,
    /// Description of the text-message choice.
    pub mfa_option_sms_hint: String,
    /// Phone entry heading.
    pub sms_enrollment_title: String,
    /// Phone entry explanation.
    pub sms_enrollment_body: String,
    /// Phone field label.
    pub phone_label: String,
    /// Help text under the phone field.
    pub phone_help: String,
    /// Send button of phone entry.
    pub send_code_button: String,
    /// SMS code entry heading.
    pub sms_entry_title: String,
    /// Sentence before the (masked) phone number.
    pub sms_entry_body: String,
    /// Code field label.
    pub code_label: String,
    /// Submit button of code entry.
    pub verify_button: String,
    /// Resend-code button.
    pub resend_code_button: String,
    /// Countdown before a new code can be sent; `{time}` is replaced by `m:ss`.
    pub resend_code_in: String,
    /// Confirmation that a code was sent.
    pub code_sent_notice: String,
    /// TOTP set-up heading.
    pub totp_enrollment_title: String,
    /// TOTP set-up explanation (QR code).
    pub totp_enrollment_body: String,
    /// Alt text of the QR code.
    pub totp_qr_alt: String,
    /// Switch to the manual secret.
    pub totp_show_secret: String,
    /// Switch back to the QR code.
    pub totp_show_qr: String,
    /// TOTP set-up explanation (manual secret).
    pub totp_manual_body: String,
    /// Label of the secret.
    pub totp_secret_label: String,
    /// Shown while the registration is created.
    pub totp_loading: String,
    /// TOTP code entry heading.
    pub totp_entry_title: String,
    /// TOTP code entry explanation.
    pub totp_entry_body: String,
    /// Switch to a recovery code.
    pub use_recovery_code: String,
    /// Switch to the authenticator app.
    pub use_totp_instead: String,
    /// Switch to a text message.
    pub use_sms_instead: String,
    /// Recovery code entry heading.
    pub recovery_entry_title: String,
    /// Recovery code entry explanation.
    pub recovery_entry_body: String,
    /// Recovery code field label.
    pub recovery_code_label: String,
    /// Missing password.
    pub missing_password: String,
    /// Wrong email or password.
    pub wrong_password: String,
    /// The new password is too weak.
    pub weak_password: String,
    /// A breached password must be reset.
    pub breached_password_reset: String,
    /// No member with this email (password reset).
    pub email_not_found: String,
    /// The email may not join (no invitation, domain not accepted).
    pub not_allowed_to_join: String,
    /// No organization has the slug.
    pub organization_not_found: String,
    /// The organization accepts no method this person can use.
    pub cannot_join: String,
    /// Something failed with nothing to retry on the screen.
    pub failed: String,
    /// Recovery codes heading.
    pub recovery_save_title: String,
    /// Recovery codes explanation.
    pub recovery_save_body: String,
    /// Copy button.
    pub copy_button: String,
    /// Confirmation after copying.
    pub copied_notice: String,
    /// Shown when the browser refuses clipboard access.
    pub copy_failed_notice: String,
    /// Download link.
    pub download_button: String,
    /// File name of the download.
    pub download_file_name: String,
    /// Done button.
    pub recovery_saved_button: String,
    /// Signed-in heading.
    pub logged_in_title: String,
    /// Signed-in body.
    pub logged_in_body: String,
    /// Error screen heading.
    pub error_title: String,
    /// Button on the error screen.
    pub start_over_button: String,
    /// Label of the busy indicator.
    pub loading: String,
    /// Invalid email address.
    pub invalid_email: String,
    /// Missing organization name.
    pub invalid_organization_name: String,
    /// Slug too short.
    pub slug_too_short: String,
    /// Slug too long.
    pub slug_too_long: String,
    /// Slug with forbidden characters.
    pub slug_characters: String,
    /// Slug without letters or digits.
    pub slug_no_alphanumeric: String,
    /// Slug already taken.
    pub slug_taken: String,
    /// Invalid phone number.
    pub invalid_phone: String,
    /// The phone number belongs to another member of the organization.
    pub phone_taken: String,
    /// Not a six-digit code.
    pub invalid_code: String,
    /// Wrong code.
    pub code_incorrect: String,
    /// Expired code.
    pub code_expired: String,
    /// Reused authenticator code.
    pub code_reused: String,
    /// Missing recovery code.
    pub missing_recovery_code: String,
    /// Wrong or used recovery code.
    pub recovery_code_incorrect: String,
    /// Network failure.
    pub network_error: String,
    /// The link expired.
    pub link_expired: String,
    /// The link was used.
    pub link_used: String,
    /// The link or redirect was started in another browser (PKCE).
    pub other_browser: String,
    /// The link failed otherwise.
    pub link_failed: String,
    /// The sign-in took longer than ten minutes.
    pub session_expired: String,
    /// No MFA method can be set up.
    pub no_mfa_method: String,
    /// The organization needs a primary method this login does not offer.
    pub step_up_unsupported: String,
    /// An incomplete server answer.
    pub incomplete_answer: String,
    /// The authenticator app could not be set up.
    pub totp_setup_failed: String,
}

/// `Default` for [`LoginStrings`]: every text, in field order, in one `\0`-separated constant,
/// read into an array of `String`s by one loop, which becomes the struct: `LoginStrings` is
/// `#[repr(C)]` and every field is a `String` (or `[String; 5]`, first), so it has the array's
/// layout. A `.into()` per field, or a call per field, compiled to its own allocation and store
/// (5 KB of wasm for the 147 texts). The macro also writes a test that each field holds its
/// own text, so a field out of order cannot pass unnoticed; a field added to the struct and not
/// here changes its size, which `transmute` refuses to compile.
macro_rules! default_texts {
    (strength_levels: [$($level:literal),* $(,)?], $($field:ident: $text:literal,)*) => {
        impl Default for LoginStrings {
            fn default() -> Self {
                const TEXTS: &str = concat!($($level, "\0",)* $($text, "\0",)*);
                const COUNT: usize = [$($level,)* $($text,)*].len();
                let mut rest = TEXTS;
                let texts: [String; COUNT] = std::array::from_fn(|_| next_text(&mut rest));
                // SAFETY: `LoginStrings` is `#[repr(C)]` with only `String` fields, the first a
                // `[String; 5]`, so it is laid out as `[String; COUNT]` (same size, checked by
                // `transmute`, same alignment); the texts are in field order, checked by
                // `default_texts_land_in_their_own_fields`.
                unsafe { std::mem::transmute::<[String; COUNT], LoginStrings>(texts) }
            }
        }

        #[cfg(test)]
        #[test]
        fn default_texts_land_in_their_own_fields() {
            let strings = LoginStrings::default();
            assert_eq!(strings.strength_levels, [$($level),*]);
            // Every field a `String`: the layout `default` relies on.
            let _: &[String; 5] = &strings.strength_levels;
            $(
                let _: &String = &strings.$field;
                assert_eq!(strings.$field, $text, stringify!($field));
                assert!(!$text.is_empty(), concat!("an empty default text: ", stringify!($field)));
            )*
        }
    };
}

/// The text before the next `\0` of `rest`, which moves past it.
#[inline(never)]
fn next_text(rest: &mut &'static str) -> String {
    let (text, tail) = rest.split_once('\0').unwrap_or((rest, ""));
    *rest = tail;
    text.to_owned()
}

default_texts! {
    strength_levels: ["Very weak", "Weak", "Fair", "Good", "Strong"],
    email_title: "Sign up or log in",
    email_label: "Email",
    email_placeholder: "you@company.com",
    continue_button: "Continue",
    organization_title: "Continue to {organization}",
    step_up_body: "{organization} asks you to sign in with one of these methods.",
    verify_email_title: "Verify your email",
    verify_email_body: "Confirm your email address with one of the following.",
    oauth_button: "Continue with {provider}",
    sso_button: "Continue with {connection}",
    sso_discovery_button: "Continue with SSO",
    sso_discovery_title: "Continue with SSO",
    sso_discovery_body: "Enter your work email to find your organization's single sign-on.",
    sso_connections_title: "Choose how to sign in",
    no_sso_connection: "No single sign-on is set up for this address. Try another one, or go back and sign in another way.",
    divider: "or",
    password_label: "Password",
    sign_in_with_password: "Sign in",
    email_instead_button: "Email me a sign-in link instead",
    forgot_password: "Forgot your password?",
    email_method_title: "How would you like to sign in?",
    email_method_link: "Email me a sign-in link",
    email_method_code: "Email me a 6-digit code",
    email_otp_title: "Enter the code we emailed you",
    email_otp_body: "We sent a 6-digit code to",
    email_otp_sent_notice: "Code sent. It expires in 10 minutes.",
    password_forgot_title: "Reset your password",
    password_forgot_body: "We'll email you a link to choose a new password.",
    send_reset_link_button: "Send reset link",
    password_reset_sent_title: "Check your email",
    password_reset_sent_body: "We sent a password reset link to",
    password_reset_title: "Choose a new password",
    password_setup_sent_title: "Verify your email",
    password_setup_sent_body: "You don't have a password here yet. To choose one, first verify your address: we sent a sign-in link to",
    password_setup_title: "Choose your password",
    skip_password_setup: "Skip for now",
    new_password_label: "New password",
    set_password_button: "Set password",
    strength_label: "Password strength",
    strength_breached: "This password appeared in a data breach; choose another.",
    redirecting: "Taking you to {provider}…",
    email_sent_title: "Check your email",
    email_sent_body: "We sent a sign-in link to",
    same_browser_hint: "Open it in this browser: for your security, the link works only here.",
    resend_button: "Resend email",
    resent_notice: "Sent again. The newest link is the one that works.",
    use_other_email: "Use a different email",
    authenticating: "Signing you in…",
    discovery_title: "Select an organization to continue",
    discovery_signed_in_as: "Signed in as",
    no_organizations: "You don't belong to any organization yet.",
    continue_action: "Continue",
    accept_invite_action: "Accept invite",
    join_action: "Join",
    create_organization_button: "Create an organization",
    create_title: "Create an organization",
    organization_name_label: "Organization name",
    organization_slug_label: "Organization URL slug",
    organization_slug_help: "Letters, digits, '-', '.', '_' or '~'; at least 2 characters.",
    create_button: "Create organization",
    back_button: "Back",
    mfa_selection_title: "Set up multi-factor authentication",
    mfa_selection_body: "This organization requires a second step when you sign in. Choose how you'd like to receive it.",
    mfa_option_totp: "Use an authenticator app",
    mfa_option_totp_hint: "Codes from an app such as Google Authenticator or 1Password.",
    mfa_option_sms: "Text me a code",
    mfa_option_sms_hint: "A code sent to your phone by SMS.",
    sms_enrollment_title: "Enter your phone number",
    sms_enrollment_body: "We'll text a code to this number each time you sign in.",
    phone_label: "Phone number",
    phone_help: "Include the country code, e.g. +1 555 555 0123.",
    send_code_button: "Send code",
    sms_entry_title: "Enter the code we texted you",
    sms_entry_body: "We sent a 6-digit code to",
    code_label: "6-digit code",
    verify_button: "Verify",
    resend_code_button: "Resend code",
    resend_code_in: "Resend code in {time}",
    code_sent_notice: "Code sent. It expires in 2 minutes.",
    totp_enrollment_title: "Set up your authenticator app",
    totp_enrollment_body: "Scan this QR code with your authenticator app, then continue to enter a code from it.",
    totp_qr_alt: "QR code to scan with your authenticator app",
    totp_show_secret: "Can't scan it? Enter the key instead",
    totp_show_qr: "Show the QR code",
    totp_manual_body: "In your authenticator app, add an account and enter this key:",
    totp_secret_label: "Key",
    totp_loading: "Preparing your authenticator app set-up…",
    totp_entry_title: "Enter your authenticator code",
    totp_entry_body: "Enter the 6-digit code your authenticator app shows.",
    use_recovery_code: "Use a recovery code",
    use_totp_instead: "Use my authenticator app instead",
    use_sms_instead: "Text me a code instead",
    recovery_entry_title: "Enter a recovery code",
    recovery_entry_body: "Each of your recovery codes works once.",
    recovery_code_label: "Recovery code",
    missing_password: "Enter your password.",
    wrong_password: "The email address or password is not correct.",
    weak_password: "Choose a stronger password: longer, and harder to guess.",
    breached_password_reset: "This password appeared in a data breach. Reset it by email to continue.",
    email_not_found: "No member of this organization has this email address.",
    not_allowed_to_join: "This email address can't join the organization. Ask an administrator for an invitation.",
    organization_not_found: "We couldn't find this organization. Check the address and try again.",
    cannot_join: "You can't join this organization with this account. Ask an administrator for an invitation.",
    failed: "Something went wrong. Start over to try again.",
    recovery_save_title: "Save your recovery codes",
    recovery_save_body: "If you lose your authenticator app, each of these codes signs you in once. Keep them somewhere safe.",
    copy_button: "Copy codes",
    copied_notice: "Copied to the clipboard.",
    copy_failed_notice: "Your browser blocked copying. Download the codes or select and copy them.",
    download_button: "Download codes",
    download_file_name: "recovery-codes.txt",
    recovery_saved_button: "Done, I've saved them",
    logged_in_title: "You're signed in",
    logged_in_body: "You can close this page or continue to the app.",
    error_title: "Something went wrong",
    start_over_button: "Start over",
    loading: "Loading",
    invalid_email: "Enter a valid email address.",
    invalid_organization_name: "Enter an organization name.",
    slug_too_short: "The slug needs at least 2 characters.",
    slug_too_long: "The slug can have at most 128 characters.",
    slug_characters: "The slug may only contain letters, digits, '-', '.', '_' and '~'.",
    slug_no_alphanumeric: "The slug needs at least one letter or digit.",
    slug_taken: "That slug is already used by another organization.",
    invalid_phone: "Enter the phone number with its country code, e.g. +1 555 555 0123.",
    phone_taken: "Another member of this organization uses that phone number. Enter a different one.",
    invalid_code: "Enter the 6-digit code.",
    code_incorrect: "That code is not correct. Try again.",
    code_expired: "That code has expired. Send a new one.",
    code_reused: "That code was already used. Wait for the next one.",
    missing_recovery_code: "Enter one of your recovery codes.",
    recovery_code_incorrect: "That recovery code is not correct or was already used.",
    network_error: "We couldn't reach the server. Check your connection and try again.",
    link_expired: "This link has expired or is not valid. Request a new one.",
    link_used: "This link was already used. Request a new one.",
    other_browser: "For your security, this link only works in the browser where you asked for it. Open it there, or request a new one here.",
    link_failed: "We couldn't sign you in with this link.",
    session_expired: "Your sign-in took too long and expired. Start over to sign in again.",
    no_mfa_method: "This organization requires MFA, but no method is available to set it up.",
    step_up_unsupported: "This organization requires a sign-in method this login does not offer.",
    incomplete_answer: "The server's answer was incomplete. Start over to try again.",
    totp_setup_failed: "We couldn't set up the authenticator app.",
}

impl LoginStrings {
    /// The text for a problem shown on a screen.
    pub(crate) fn for_error(&self, error: &FlowError) -> String {
        match error {
            FlowError::Invalid(invalid) => match invalid {
                Invalid::Email => self.invalid_email.clone(),
                Invalid::OrganizationName => self.invalid_organization_name.clone(),
                Invalid::Slug(SlugProblem::TooShort) => self.slug_too_short.clone(),
                Invalid::Slug(SlugProblem::TooLong) => self.slug_too_long.clone(),
                Invalid::Slug(SlugProblem::Characters) => self.slug_characters.clone(),
                Invalid::Slug(SlugProblem::NoAlphanumeric) => self.slug_no_alphanumeric.clone(),
                Invalid::Phone => self.invalid_phone.clone(),
                Invalid::Code => self.invalid_code.clone(),
                Invalid::RecoveryCode => self.missing_recovery_code.clone(),
                Invalid::Password => self.missing_password.clone(),
                Invalid::NoSsoConnection => self.no_sso_connection.clone(),
            },
            FlowError::Api(error) => self.for_api_error(error),
        }
    }

    fn for_api_error(&self, error: &StytchError) -> String {
        match error.error_type() {
            Some(ErrorType::UnableToAuthOtpCode | ErrorType::UnableToAuthenticateTotp) => self.code_incorrect.clone(),
            Some(ErrorType::OtpCodeNotFound) => self.code_expired.clone(),
            Some(ErrorType::TotpCodeAlreadyAuthenticated) => self.code_reused.clone(),
            Some(ErrorType::UnableToAuthenticateRecoveryCode | ErrorType::RecoveryCodesNotFound) => {
                self.recovery_code_incorrect.clone()
            }
            Some(ErrorType::OrganizationSlugAlreadyUsed) => self.slug_taken.clone(),
            Some(ErrorType::UnauthorizedCredentials) => self.wrong_password.clone(),
            Some(ErrorType::WeakPassword) => self.weak_password.clone(),
            Some(ErrorType::MemberResetPassword) => self.breached_password_reset.clone(),
            Some(ErrorType::EmailNotFound) => self.email_not_found.clone(),
            Some(
                ErrorType::EmailJitProvisioningNotAllowed
                | ErrorType::InvalidEmailForJitProvisioning
                | ErrorType::OauthTenantJitProvisioningNotAllowed
                | ErrorType::InvalidConnectionForJitProvisioning,
            ) => self.not_allowed_to_join.clone(),
            Some(ErrorType::InvalidPhoneNumber) => self.invalid_phone.clone(),
            Some(ErrorType::DuplicateMemberPhoneNumber) => self.phone_taken.clone(),
            Some(ErrorType::InvalidEmail) => self.invalid_email.clone(),
            Some(ErrorType::PkceExpectedCodeVerifier | ErrorType::PkceMismatch) => self.other_browser.clone(),
            _ => match error {
                // A proxy's error page, or an answer cut off on the way: either way the answer
                // did not come through, and trying again is the advice.
                StytchError::Unreachable(_) | StytchError::InvalidResponse(_) => self.network_error.clone(),
                StytchError::Api(body) if !body.error_message.is_empty() => body.error_message.clone(),
                other => other.to_string(),
            },
        }
    }

    /// The sentence to show a person for `error`, as the login's screens show it: the texts of
    /// these strings for the errors people cause (a wrong code or password, a taken slug, a
    /// link opened in another browser, …), the network text when Stytch could not be reached
    /// or its answer was cut off, and otherwise Stytch's own `error_message`. Never the
    /// `Display` form with its status and `error_type`, which is for logs. Use it in your own
    /// forms and in `on_error` callbacks.
    ///
    /// ```
    /// use stytch_leptos::LoginStrings;
    /// use stytch_leptos::core::StytchError;
    /// use stytch_leptos::models::{ApiErrorBody, ErrorType};
    ///
    /// let strings = LoginStrings::default();
    /// let forbidden = StytchError::Api(Box::new(ApiErrorBody::new(
    ///     403,
    ///     ErrorType::SessionAuthorizationError,
    ///     "The member is not authorized to take this action.",
    ///     "request-id-test",
    /// )));
    /// assert_eq!(strings.describe(&forbidden), "The member is not authorized to take this action.");
    /// let offline = StytchError::Unreachable("fetch failed".into());
    /// assert_eq!(strings.describe(&offline), strings.network_error);
    /// ```
    pub fn describe(&self, error: &StytchError) -> String {
        self.for_api_error(error)
    }

    /// The text for a dead end.
    pub(crate) fn for_dead_end(&self, reason: &DeadEnd) -> String {
        match reason {
            DeadEnd::LinkExpired => self.link_expired.clone(),
            DeadEnd::LinkUsed => self.link_used.clone(),
            DeadEnd::OtherBrowser => self.other_browser.clone(),
            DeadEnd::LinkFailed(_) => self.link_failed.clone(),
            DeadEnd::SessionExpired => self.session_expired.clone(),
            DeadEnd::NoMfaMethod => self.no_mfa_method.clone(),
            DeadEnd::StepUpUnsupported => self.step_up_unsupported.clone(),
            DeadEnd::IncompleteAnswer => self.incomplete_answer.clone(),
            DeadEnd::TotpSetupFailed(_) => self.totp_setup_failed.clone(),
            DeadEnd::OrganizationNotFound => self.organization_not_found.clone(),
            DeadEnd::CannotJoin => self.cannot_join.clone(),
            DeadEnd::Failed(_) => self.failed.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_jit_refusal_reads_as_cannot_join() {
        let strings = LoginStrings::default();
        for error_type in [
            ErrorType::EmailJitProvisioningNotAllowed,
            ErrorType::InvalidEmailForJitProvisioning,
            ErrorType::OauthTenantJitProvisioningNotAllowed,
            ErrorType::InvalidConnectionForJitProvisioning,
        ] {
            let refused = StytchError::Api(Box::new(stytch_models::ApiErrorBody::new(
                403,
                error_type.clone(),
                "Stytch's own wording",
                "request-id-test",
            )));
            assert_eq!(strings.describe(&refused), strings.not_allowed_to_join, "{error_type}");
        }
    }
}
