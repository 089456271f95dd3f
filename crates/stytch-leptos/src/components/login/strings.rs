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
pub struct LoginStrings {
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
    /// Strength levels for zxcvbn scores 0 to 4.
    pub strength_levels: [String; 5],
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

impl Default for LoginStrings {
    fn default() -> Self {
        Self {
            email_title: "Sign up or log in".into(),
            email_label: "Email".into(),
            email_placeholder: "you@company.com".into(),
            continue_button: "Continue".into(),
            organization_title: "Continue to {organization}".into(),
            step_up_body: "{organization} asks you to sign in with one of these methods.".into(),
            verify_email_title: "Verify your email".into(),
            verify_email_body: "Confirm your email address with one of the following.".into(),
            oauth_button: "Continue with {provider}".into(),
            sso_button: "Continue with {connection}".into(),
            sso_discovery_button: "Continue with SSO".into(),
            sso_discovery_title: "Continue with SSO".into(),
            sso_discovery_body: "Enter your work email to find your organization's single sign-on.".into(),
            sso_connections_title: "Choose how to sign in".into(),
            no_sso_connection:
                "No single sign-on is set up for this address. Try another one, or go back and sign in another way."
                    .into(),
            divider: "or".into(),
            password_label: "Password".into(),
            sign_in_with_password: "Sign in".into(),
            email_instead_button: "Email me a sign-in link instead".into(),
            forgot_password: "Forgot your password?".into(),
            email_method_title: "How would you like to sign in?".into(),
            email_method_link: "Email me a sign-in link".into(),
            email_method_code: "Email me a 6-digit code".into(),
            email_otp_title: "Enter the code we emailed you".into(),
            email_otp_body: "We sent a 6-digit code to".into(),
            email_otp_sent_notice: "Code sent. It expires in 10 minutes.".into(),
            password_forgot_title: "Reset your password".into(),
            password_forgot_body: "We'll email you a link to choose a new password.".into(),
            send_reset_link_button: "Send reset link".into(),
            password_reset_sent_title: "Check your email".into(),
            password_reset_sent_body: "We sent a password reset link to".into(),
            password_reset_title: "Choose a new password".into(),
            password_setup_sent_title: "Verify your email".into(),
            password_setup_sent_body: "You don't have a password here yet. To choose one, first verify your address: we sent a sign-in link to".into(),
            password_setup_title: "Choose your password".into(),
            skip_password_setup: "Skip for now".into(),
            new_password_label: "New password".into(),
            set_password_button: "Set password".into(),
            strength_label: "Password strength".into(),
            strength_levels: [
                "Very weak".into(),
                "Weak".into(),
                "Fair".into(),
                "Good".into(),
                "Strong".into(),
            ],
            strength_breached: "This password appeared in a data breach; choose another.".into(),
            redirecting: "Taking you to {provider}…".into(),
            email_sent_title: "Check your email".into(),
            email_sent_body: "We sent a sign-in link to".into(),
            same_browser_hint: "Open it in this browser: for your security, the link works only here.".into(),
            resend_button: "Resend email".into(),
            resent_notice: "Sent again. The newest link is the one that works.".into(),
            use_other_email: "Use a different email".into(),
            authenticating: "Signing you in…".into(),
            discovery_title: "Select an organization to continue".into(),
            discovery_signed_in_as: "Signed in as".into(),
            no_organizations: "You don't belong to any organization yet.".into(),
            continue_action: "Continue".into(),
            accept_invite_action: "Accept invite".into(),
            join_action: "Join".into(),
            create_organization_button: "Create an organization".into(),
            create_title: "Create an organization".into(),
            organization_name_label: "Organization name".into(),
            organization_slug_label: "Organization URL slug".into(),
            organization_slug_help: "Letters, digits, '-', '.', '_' or '~'; at least 2 characters.".into(),
            create_button: "Create organization".into(),
            back_button: "Back".into(),
            mfa_selection_title: "Set up multi-factor authentication".into(),
            mfa_selection_body:
                "This organization requires a second step when you sign in. Choose how you'd like to receive it.".into(),
            mfa_option_totp: "Use an authenticator app".into(),
            mfa_option_totp_hint: "Codes from an app such as Google Authenticator or 1Password.".into(),
            mfa_option_sms: "Text me a code".into(),
            mfa_option_sms_hint: "A code sent to your phone by SMS.".into(),
            sms_enrollment_title: "Enter your phone number".into(),
            sms_enrollment_body: "We'll text a code to this number each time you sign in.".into(),
            phone_label: "Phone number".into(),
            phone_help: "Include the country code, e.g. +1 555 555 0123.".into(),
            send_code_button: "Send code".into(),
            sms_entry_title: "Enter the code we texted you".into(),
            sms_entry_body: "We sent a 6-digit code to".into(),
            code_label: "6-digit code".into(),
            verify_button: "Verify".into(),
            resend_code_button: "Resend code".into(),
            resend_code_in: "Resend code in {time}".into(),
            code_sent_notice: "Code sent. It expires in 2 minutes.".into(),
            totp_enrollment_title: "Set up your authenticator app".into(),
            totp_enrollment_body:
                "Scan this QR code with your authenticator app, then continue to enter a code from it.".into(),
            totp_qr_alt: "QR code to scan with your authenticator app".into(),
            totp_show_secret: "Can't scan it? Enter the key instead".into(),
            totp_show_qr: "Show the QR code".into(),
            totp_manual_body: "In your authenticator app, add an account and enter this key:".into(),
            totp_secret_label: "Key".into(),
            totp_loading: "Preparing your authenticator app set-up…".into(),
            totp_entry_title: "Enter your authenticator code".into(),
            totp_entry_body: "Enter the 6-digit code your authenticator app shows.".into(),
            use_recovery_code: "Use a recovery code".into(),
            use_totp_instead: "Use my authenticator app instead".into(),
            use_sms_instead: "Text me a code instead".into(),
            recovery_entry_title: "Enter a recovery code".into(),
            recovery_entry_body: "Each of your recovery codes works once.".into(),
            recovery_code_label: "Recovery code".into(),
            missing_password: "Enter your password.".into(),
            wrong_password: "The email address or password is not correct.".into(),
            weak_password: "Choose a stronger password: longer, and harder to guess.".into(),
            breached_password_reset: "This password appeared in a data breach. Reset it by email to continue.".into(),
            email_not_found: "No member of this organization has this email address.".into(),
            not_allowed_to_join:
                "This email address can't join the organization. Ask an administrator for an invitation.".into(),
            organization_not_found: "We couldn't find this organization. Check the address and try again.".into(),
            cannot_join: "You can't join this organization with this account. Ask an administrator for an invitation."
                .into(),
            failed: "Something went wrong. Start over to try again.".into(),
            recovery_save_title: "Save your recovery codes".into(),
            recovery_save_body:
                "If you lose your authenticator app, each of these codes signs you in once. Keep them somewhere safe."
                    .into(),
            copy_button: "Copy codes".into(),
            copied_notice: "Copied to the clipboard.".into(),
            copy_failed_notice: "Your browser blocked copying. Download the codes or select and copy them.".into(),
            download_button: "Download codes".into(),
            download_file_name: "recovery-codes.txt".into(),
            recovery_saved_button: "Done, I've saved them".into(),
            logged_in_title: "You're signed in".into(),
            logged_in_body: "You can close this page or continue to the app.".into(),
            error_title: "Something went wrong".into(),
            start_over_button: "Start over".into(),
            loading: "Loading".into(),
            invalid_email: "Enter a valid email address.".into(),
            invalid_organization_name: "Enter an organization name.".into(),
            slug_too_short: "The slug needs at least 2 characters.".into(),
            slug_too_long: "The slug can have at most 128 characters.".into(),
            slug_characters: "The slug may only contain letters, digits, '-', '.', '_' and '~'.".into(),
            slug_no_alphanumeric: "The slug needs at least one letter or digit.".into(),
            slug_taken: "That slug is already used by another organization.".into(),
            invalid_phone: "Enter the phone number with its country code, e.g. +1 555 555 0123.".into(),
            invalid_code: "Enter the 6-digit code.".into(),
            code_incorrect: "That code is not correct. Try again.".into(),
            code_expired: "That code has expired. Send a new one.".into(),
            code_reused: "That code was already used. Wait for the next one.".into(),
            missing_recovery_code: "Enter one of your recovery codes.".into(),
            recovery_code_incorrect: "That recovery code is not correct or was already used.".into(),
            network_error: "We couldn't reach the server. Check your connection and try again.".into(),
            link_expired: "This link has expired or is not valid. Request a new one.".into(),
            link_used: "This link was already used. Request a new one.".into(),
            other_browser: "For your security, this link only works in the browser where you asked for it. Open it there, or request a new one here.".into(),
            link_failed: "We couldn't sign you in with this link.".into(),
            session_expired: "Your sign-in took too long and expired. Start over to sign in again.".into(),
            no_mfa_method: "This organization requires MFA, but no method is available to set it up.".into(),
            step_up_unsupported: "This organization requires a sign-in method this login does not offer.".into(),
            incomplete_answer: "The server's answer was incomplete. Start over to try again.".into(),
            totp_setup_failed: "We couldn't set up the authenticator app.".into(),
        }
    }
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
            Some(ErrorType::EmailJitProvisioningNotAllowed) => self.not_allowed_to_join.clone(),
            Some(ErrorType::InvalidPhoneNumber) => self.invalid_phone.clone(),
            Some(ErrorType::InvalidEmail) => self.invalid_email.clone(),
            Some(ErrorType::PkceExpectedCodeVerifier | ErrorType::PkceMismatch) => self.other_browser.clone(),
            _ => match error {
                StytchError::Unreachable(_) => self.network_error.clone(),
                StytchError::Api(body) if !body.error_message.is_empty() => body.error_message.clone(),
                other => other.to_string(),
            },
        }
    }

    /// The text for an error outside the flow's screens.
    pub(crate) fn describe(&self, error: &StytchError) -> String {
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
