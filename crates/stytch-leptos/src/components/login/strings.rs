/// Every visible text of [`StytchLogin`](crate::StytchLogin), overridable one by one.
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
    /// "Check your email" heading.
    pub email_sent_title: String,
    /// Sentence before the address on the email-sent screen.
    pub email_sent_body: String,
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
    /// Signed-in heading.
    pub logged_in_title: String,
    /// Signed-in body.
    pub logged_in_body: String,
    /// Error screen heading.
    pub error_title: String,
    /// Button on the error screen.
    pub start_over_button: String,
    /// Network failure message.
    pub network_error: String,
    /// Label of the busy indicator.
    pub loading: String,
}

impl Default for LoginStrings {
    fn default() -> Self {
        Self {
            email_title: "Sign up or log in".into(),
            email_label: "Email".into(),
            email_placeholder: "you@company.com".into(),
            continue_button: "Continue".into(),
            email_sent_title: "Check your email".into(),
            email_sent_body: "We sent a sign-in link to".into(),
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
            logged_in_title: "You're signed in".into(),
            logged_in_body: "You can close this page or continue to the app.".into(),
            error_title: "Something went wrong".into(),
            start_over_button: "Start over".into(),
            network_error: "We couldn't reach the server. Check your connection and try again.".into(),
            loading: "Loading".into(),
        }
    }
}
