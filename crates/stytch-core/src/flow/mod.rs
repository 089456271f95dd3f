//! The login flow as a pure state machine: UI events and server answers go in, the next screen
//! and at most one command to run come out. Components render [`FlowState::screen`] and send
//! [`FlowEvent`]s; [`execute`] runs a [`Command`] against the client and returns the event that
//! reports its result. No rule lives in the components.
//!
//! The screens and transitions follow the official prebuilt UI's Discovery, Organization and
//! MFA flows: the first screen (OAuth buttons, email, password, in product order; restricted
//! to what the organization accepts), email method choice, "check your email", email codes,
//! password reset, the organization list, organization creation, primary step-up, MFA
//! enrollment selection, SMS OTP enrollment and entry, TOTP enrollment (QR code or manual
//! secret) and entry, recovery codes (save after enrolling, or use one to sign in), errors,
//! signed in.

mod mfa;
mod primary;
mod slug;

pub use primary::{EmailMethod, MainOptions, MainSection, PrimaryStep};
pub use slug::{SlugProblem, slug_from_name, validate_slug};

use stytch_models::RedactedDebug;
use stytch_models::{
    ActiveSsoConnection, DiscoveredOrganization, ErrorType, Member, MfaMethod, Organization,
    api::{
        discovery::{DiscoveryAuthenticateResponse, OrganizationCreateViaDiscoveryRequest},
        magic_links::{DiscoveryEmailSendRequest, LoginOrSignupRequest},
        mfa::TotpCreateResponse,
        oauth::OAuthProvider,
        organizations::OrganizationBySlugMatch,
        passwords::StrengthCheckResponse,
        sessions::{AuthOutcome, AuthenticateResponse, AuthenticateWithMfaResponse},
    },
};
// What only an optional flow's requests use: a build without the flow compiles none of them
// (see `execute`).
#[cfg(feature = "oauth")]
use crate::OAuthStartOptions;
#[cfg(feature = "sso")]
use crate::SsoStartOptions;
use crate::{AuthenticateUrl, StytchClient, StytchError};
#[cfg(feature = "mfa")]
use stytch_models::api::mfa::RecoverResponse;
#[cfg(feature = "email-otp")]
use stytch_models::api::otps::{EmailOtpDiscoverySendRequest, EmailOtpLoginOrSignupRequest};
#[cfg(feature = "passwords")]
use stytch_models::api::passwords::{DiscoveryResetStartRequest, ResetByEmailStartRequest};

/// Which login runs (the official `authFlowType`).
///
/// ```
/// use stytch_core::flow::{AuthFlowType, Command, FlowConfig, FlowEvent, FlowState};
///
/// // The Organization flow starts by looking its organization up.
/// let mut flow = FlowState::new(FlowConfig { flow_type: AuthFlowType::Organization, ..Default::default() });
/// let command = flow.handle(FlowEvent::OpenOrganization { slug: "acme".into() });
/// assert!(matches!(command, Some(Command::ResolveOrganization { .. })));
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum AuthFlowType {
    /// Sign in first, then pick an organization.
    #[default]
    Discovery,
    /// Sign in to one organization, found by its slug.
    Organization,
}

/// A primary method offered on the first screen (the official `products`).
///
/// ```
/// use stytch_core::flow::{FlowConfig, FlowState, MainSection, Product};
///
/// // Passwords first, then the email form.
/// let config = FlowConfig { products: vec![Product::Passwords, Product::EmailMagicLinks], ..Default::default() };
/// let sections = FlowState::new(config).main_options().sections;
/// assert!(matches!(sections[0], MainSection::Password { .. }));
/// assert!(matches!(sections[1], MainSection::Email { magic_link: true, otp: false }));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Product {
    /// Email magic links.
    EmailMagicLinks,
    /// Email one-time codes.
    EmailOtp,
    /// Passwords.
    Passwords,
    /// OAuth buttons (providers in [`OAuthOptions::providers`]).
    OAuth,
    /// Single sign-on: a button per active connection of the organization signed in to
    /// (Organization flow) or stepped up for (a discovered organization that requires SSO).
    Sso,
}

impl Product {
    /// Whether this build can run the product: magic links always; the others with their
    /// cargo feature (`email-otp`, `passwords`, `oauth`, all on by default). Products left out
    /// are never offered, whatever the configuration lists.
    ///
    /// ```
    /// use stytch_core::flow::Product;
    /// assert!(Product::EmailMagicLinks.is_available());
    /// assert_eq!(Product::Passwords.is_available(), cfg!(feature = "passwords"));
    /// ```
    pub const fn is_available(self) -> bool {
        match self {
            Product::EmailMagicLinks => true,
            Product::EmailOtp => cfg!(feature = "email-otp"),
            Product::Passwords => cfg!(feature = "passwords"),
            Product::OAuth => cfg!(feature = "oauth"),
            Product::Sso => cfg!(feature = "sso"),
        }
    }
}

/// The error a command of a product left out of this build reports (never reached when the
/// flow's own rules are followed: it does not offer such products).
fn left_out(feature: &str) -> StytchError {
    StytchError::Usage(format!("this build leaves out the `{feature}` feature of stytch-core"))
}

/// OAuth settings (the official `oauthOptions`).
///
/// ```
/// use stytch_core::flow::{FlowConfig, FlowState, MainSection, OAuthOptions, Product};
/// use stytch_core::models::api::oauth::OAuthProvider;
///
/// let config = FlowConfig {
///     products: vec![Product::OAuth, Product::EmailMagicLinks],
///     oauth: OAuthOptions {
///         providers: vec![OAuthProvider::Google, OAuthProvider::Microsoft],
///         discovery_redirect_url: Some("https://app.example.com/authenticate".into()),
///         ..Default::default()
///     },
///     ..Default::default()
/// };
/// let first = FlowState::new(config).main_options().sections.remove(0);
/// assert_eq!(first, MainSection::OAuth(vec![OAuthProvider::Google, OAuthProvider::Microsoft]));
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OAuthOptions {
    /// The buttons, in order.
    pub providers: Vec<OAuthProvider>,
    /// Where an existing member lands.
    pub login_redirect_url: Option<String>,
    /// Where a new member lands.
    pub signup_redirect_url: Option<String>,
    /// Where a discovery login lands.
    pub discovery_redirect_url: Option<String>,
    /// Extra scopes.
    pub custom_scopes: Vec<String>,
}

/// SSO settings (the official `ssoOptions`).
///
/// ```
/// use stytch_core::flow::SsoOptions;
/// let options = SsoOptions { login_redirect_url: Some("https://app.example/authenticate".into()), ..Default::default() };
/// assert!(options.signup_redirect_url.is_none());
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SsoOptions {
    /// Where an existing member lands.
    pub login_redirect_url: Option<String>,
    /// Where a member the identity provider creates lands.
    pub signup_redirect_url: Option<String>,
}

/// Password settings (the official `passwordOptions`).
///
/// ```
/// use stytch_core::flow::{FlowConfig, PasswordOptions, Product};
///
/// let config = FlowConfig {
///     products: vec![Product::Passwords],
///     passwords: PasswordOptions {
///         reset_password_redirect_url: Some("https://app.example.com/reset".into()),
///         reset_password_expiration_minutes: Some(15),
///     },
///     ..Default::default()
/// };
/// assert_eq!(config.passwords.reset_password_expiration_minutes, Some(15));
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PasswordOptions {
    /// Where reset links land (must be on the project's allow-list).
    pub reset_password_redirect_url: Option<String>,
    /// Lifetime of reset links in minutes (Stytch's default is 30).
    pub reset_password_expiration_minutes: Option<u32>,
}

/// Settings of the flow that come from the component's configuration and the bootstrap.
///
/// ```
/// use stytch_core::flow::{FlowConfig, Product};
/// use stytch_core::models::MfaMethod;
///
/// // Codes instead of links, two-hour sessions, no organization creation, texts before apps.
/// let config = FlowConfig {
///     products: vec![Product::EmailOtp],
///     session_duration_minutes: 120,
///     allow_create_organization: false,
///     mfa_product_order: vec![MfaMethod::SmsOtp, MfaMethod::Totp],
///     ..Default::default()
/// };
/// assert!(!config.direct_login_for_single_membership);
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct FlowConfig {
    /// Discovery or Organization.
    pub flow_type: AuthFlowType,
    /// Primary methods on the first screen, in order; email magic links when empty.
    pub products: Vec<Product>,
    /// Length of sessions granted at the end of the flow.
    pub session_duration_minutes: u32,
    /// How magic links are sent.
    pub email_magic_links: EmailMagicLinksOptions,
    /// OAuth buttons and redirects.
    pub oauth: OAuthOptions,
    /// SSO redirects.
    pub sso: SsoOptions,
    /// Password resets.
    pub passwords: PasswordOptions,
    /// Offer "create an organization" (bootstrap `create_organization_enabled` and not disabled).
    pub allow_create_organization: bool,
    /// Enter the organization directly when exactly one active membership is found.
    pub direct_login_for_single_membership: bool,
    /// Go straight to "create an organization" when nothing is found.
    pub direct_create_organization_for_no_membership: bool,
    /// Order of MFA methods offered for enrollment (`mfaProductOrder`); TOTP first when empty.
    pub mfa_product_order: Vec<MfaMethod>,
    /// MFA methods offered for enrollment when the organization does not restrict them
    /// (`mfaProductInclude`); all when empty.
    pub mfa_product_include: Vec<MfaMethod>,
}

impl Default for FlowConfig {
    fn default() -> Self {
        Self {
            flow_type: AuthFlowType::Discovery,
            products: Vec::new(),
            session_duration_minutes: 60,
            email_magic_links: EmailMagicLinksOptions::default(),
            oauth: OAuthOptions::default(),
            sso: SsoOptions::default(),
            passwords: PasswordOptions::default(),
            allow_create_organization: true,
            direct_login_for_single_membership: false,
            direct_create_organization_for_no_membership: false,
            mfa_product_order: Vec::new(),
            mfa_product_include: Vec::new(),
        }
    }
}

/// How magic links are sent (the official `emailMagicLinksOptions`).
///
/// ```
/// use stytch_core::flow::EmailMagicLinksOptions;
/// let options = EmailMagicLinksOptions { locale: Some("es".into()), ..Default::default() };
/// assert!(options.discovery_redirect_url.is_none());
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EmailMagicLinksOptions {
    /// Where discovery links land (must be on the project's allow-list); the project's default
    /// redirect URL when `None`.
    pub discovery_redirect_url: Option<String>,
    /// Where organization-scoped links land for existing members.
    pub login_redirect_url: Option<String>,
    /// Where organization-scoped links land for new members.
    pub signup_redirect_url: Option<String>,
    /// Email template.
    pub login_template_id: Option<String>,
    /// Email language (`en`, `es`, `pt-br`, …).
    pub locale: Option<String>,
    /// Lifetime of discovery links in minutes (Stytch's default is 60).
    pub discovery_expiration_minutes: Option<u32>,
}

/// A TOTP registration being enrolled.
///
/// ```
/// use stytch_core::flow::{Screen, TotpEnrollment};
///
/// // What a screen shows while an authenticator app is set up.
/// fn instructions(screen: &Screen) -> Option<String> {
///     match screen {
///         Screen::TotpEnrollment { enrollment: Some(TotpEnrollment { secret, .. }), manual: true } => {
///             Some(format!("Type this key into your app: {secret}"))
///         }
///         Screen::TotpEnrollment { enrollment: Some(_), manual: false } => Some("Scan the QR code".into()),
///         _ => None,
///     }
/// }
/// assert_eq!(instructions(&Screen::TotpEntry), None);
/// ```
#[derive(Clone, RedactedDebug, PartialEq)]
pub struct TotpEnrollment {
    /// Base32 secret for manual entry.
    #[redact]
    pub secret: String,
    /// QR code image (data URL) of the `otpauth://` URI.
    #[redact]
    pub qr_code: String,
    /// Recovery codes to show once the first code is accepted.
    #[redact]
    pub recovery_codes: Vec<String>,
}

/// Input the flow refused before sending anything.
///
/// ```
/// use stytch_core::flow::{FlowConfig, FlowError, FlowEvent, FlowState, Invalid};
///
/// // Input is checked before anything is sent: no command, an error on the same screen.
/// let mut flow = FlowState::new(FlowConfig::default());
/// assert_eq!(flow.handle(FlowEvent::SubmitEmail("not an address".into())), None);
/// assert_eq!(flow.error, Some(FlowError::Invalid(Invalid::Email)));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Invalid {
    /// Not an email address.
    Email,
    /// No organization name.
    OrganizationName,
    /// The slug breaks a rule.
    Slug(SlugProblem),
    /// Not an E.164 phone number.
    Phone,
    /// Not a six-digit code.
    Code,
    /// No recovery code.
    RecoveryCode,
    /// No password.
    Password,
    /// No organization of this address has an active SSO connection.
    NoSsoConnection,
}

/// A problem shown on the current screen; the person can correct it and retry.
///
/// ```
/// use stytch_core::flow::{FlowError, Invalid};
///
/// fn message(error: &FlowError) -> String {
///     match error {
///         FlowError::Invalid(Invalid::Email) => "Enter a valid email address.".into(),
///         FlowError::Invalid(other) => format!("Check this field ({other:?})."),
///         FlowError::Api(error) => format!("Something went wrong: {error}"),
///     }
/// }
/// assert_eq!(message(&FlowError::Invalid(Invalid::Email)), "Enter a valid email address.");
/// ```
#[derive(Clone, Debug, PartialEq)]
pub enum FlowError {
    /// Input refused locally.
    Invalid(Invalid),
    /// The server or the network refused.
    Api(StytchError),
}

impl From<StytchError> for FlowError {
    fn from(error: StytchError) -> Self {
        FlowError::Api(error)
    }
}

/// Why the flow cannot continue (the error screen).
///
/// ```
/// use stytch_core::flow::{DeadEnd, Screen};
///
/// fn headline(screen: &Screen) -> Option<&'static str> {
///     let Screen::Error { reason } = screen else { return None };
///     Some(match reason {
///         DeadEnd::LinkExpired | DeadEnd::LinkUsed => "That link no longer works. Ask for a new one.",
///         DeadEnd::OtherBrowser => "Open the link in the browser you asked for it from.",
///         DeadEnd::SessionExpired => "That took too long. Please start over.",
///         _ => "Something went wrong.",
///     })
/// }
/// assert_eq!(headline(&Screen::Error { reason: DeadEnd::LinkUsed }), Some("That link no longer works. Ask for a new one."));
/// ```
#[derive(Clone, Debug, PartialEq)]
pub enum DeadEnd {
    /// The link expired or never existed.
    LinkExpired,
    /// The link or redirect was started in another browser: the project requires PKCE, and
    /// only the browser holding the verifier can use it.
    OtherBrowser,
    /// The link was already used.
    LinkUsed,
    /// The link could not be authenticated for another reason.
    LinkFailed(StytchError),
    /// The intermediate session expired (ten minutes).
    SessionExpired,
    /// MFA is required but no method can be set up.
    NoMfaMethod,
    /// The organization requires a primary method this flow does not offer.
    StepUpUnsupported,
    /// The server's answer asked for nothing and granted nothing.
    IncompleteAnswer,
    /// The authenticator-app registration could not be created.
    TotpSetupFailed(StytchError),
    /// No organization has the slug (Organization flow).
    OrganizationNotFound,
    /// The organization accepts no method this person can use to join it.
    CannotJoin,
    /// Something failed that leaves nothing to retry on this screen.
    Failed(StytchError),
}

/// What the person sees.
///
/// ```
/// use stytch_core::flow::{FlowConfig, FlowEvent, FlowState, Screen};
///
/// // A screen reader title per screen; the state machine decides which one is current.
/// fn title(screen: &Screen) -> String {
///     match screen {
///         Screen::Main => "Sign in".into(),
///         Screen::EmailSent { email } => format!("Check {email}"),
///         Screen::Discovery { organizations, .. } => format!("{} organizations", organizations.len()),
///         Screen::LoggedIn => "Signed in".into(),
///         _ => "Continue".into(),
///     }
/// }
/// let flow = FlowState::new(FlowConfig::default());
/// assert_eq!(title(&flow.screen), "Sign in");
/// ```
#[derive(Clone, RedactedDebug, PartialEq)]
pub enum Screen {
    /// The first screen: OAuth buttons, email, password (as configured and accepted).
    Main,
    /// The organization of the Organization flow is being looked up.
    LoadingOrganization,
    /// Magic link or code? (both products offered).
    EmailMethodSelection {
        /// The address.
        email: String,
    },
    /// Enter the emailed code.
    EmailOtpEntry {
        /// Where the code went.
        email: String,
        /// When it was sent (Unix ms).
        sent_at_ms: Option<i64>,
    },
    /// Ask for the address to send a password reset link to.
    PasswordForgot,
    /// "Check your email" for a password reset.
    PasswordResetSent {
        /// Where the link went.
        email: String,
    },
    /// Choose a new password (from a reset link).
    PasswordReset {
        /// The link's token.
        #[redact]
        token: String,
    },
    /// "Verify your email" before a first password: someone the organization lets join by
    /// email domain asked to reset a password they do not have, so a sign-in link went out
    /// instead; once it signs them in they choose one ([`Screen::PasswordSetup`]).
    PasswordSetupSent {
        /// Where the link went.
        email: String,
    },
    /// Signed in by that link: choose a first password (set with the new session), or skip.
    PasswordSetup,
    /// "Continue with SSO" (Discovery flow): ask for the address whose connections to find.
    SsoDiscovery,
    /// Several connections were found for the address: pick one.
    SsoConnections {
        /// The address.
        email: String,
        /// The connections, in the order the server listed them.
        connections: Vec<ActiveSsoConnection>,
    },
    /// Leaving for an identity provider.
    Redirecting {
        /// Where to.
        url: String,
    },
    /// "Check your email".
    EmailSent {
        /// Where the link went.
        email: String,
    },
    /// A link's token is being authenticated.
    Authenticating,
    /// Pick an organization.
    Discovery {
        /// The authenticated email.
        email: String,
        /// What can be entered.
        organizations: Vec<DiscoveredOrganization>,
    },
    /// Name a new organization.
    CreateOrganization {
        /// The authenticated email.
        email: String,
    },
    /// Choose how to set up MFA.
    MfaEnrollmentSelection {
        /// The methods offered, in order.
        options: Vec<MfaMethod>,
    },
    /// Enter a phone number to receive codes.
    SmsOtpEnrollment,
    /// Enter the texted code.
    SmsOtpEntry {
        /// Where the code went (masked when the server masks it).
        phone: String,
        /// When the last code was sent (Unix ms), for the resend countdown; `None` while sending.
        sent_at_ms: Option<i64>,
    },
    /// Set up an authenticator app; `None` while the registration is being created.
    TotpEnrollment {
        /// The registration.
        enrollment: Option<TotpEnrollment>,
        /// Show the secret to type instead of the QR code.
        manual: bool,
    },
    /// Enter the authenticator app's code.
    TotpEntry,
    /// Enter a recovery code.
    RecoveryCodeEntry,
    /// Save the recovery codes of a new TOTP registration.
    RecoveryCodeSave {
        /// The codes.
        #[redact]
        codes: Vec<String>,
    },
    /// Signed in.
    LoggedIn,
    /// A dead end (expired link or session, an organization this flow cannot satisfy).
    Error {
        /// Why.
        reason: DeadEnd,
    },
}

/// What the flow knows about the member and organization MFA is being completed for.
///
/// ```
/// use stytch_core::flow::FlowState;
/// use stytch_core::models::MfaMethod;
///
/// // During MFA: may the member fall back to text messages?
/// fn can_text(flow: &FlowState) -> bool {
///     flow.mfa.as_ref().is_some_and(|mfa| mfa.allowed.contains(&MfaMethod::SmsOtp))
/// }
/// assert!(!can_text(&FlowState::new(Default::default())));
/// ```
#[derive(Clone, RedactedDebug, PartialEq)]
pub struct MfaContext {
    /// The organization.
    pub organization: Organization,
    /// The member.
    pub member: Member,
    /// Methods the organization allows this member.
    pub allowed: Vec<MfaMethod>,
    /// Allowed methods the member is enrolled in, default first.
    pub enrolled: Vec<MfaMethod>,
    /// Recovery codes to show after a TOTP enrollment completes.
    #[redact]
    pub pending_recovery_codes: Option<Vec<String>>,
}

/// Everything the flow knows.
///
/// ```
/// use stytch_core::flow::{Command, FlowConfig, FlowEvent, FlowState, Screen};
///
/// let mut flow = FlowState::new(FlowConfig::default());
/// assert_eq!(flow.screen, Screen::Main);
/// // The person submits an address: the flow asks for a discovery email and waits.
/// let command = flow.handle(FlowEvent::SubmitEmail("ada@example.com".into()));
/// assert!(matches!(command, Some(Command::SendDiscoveryEmail { .. })));
/// assert!(flow.pending);
/// // The email went out (what `execute` reports): "check your email".
/// assert_eq!(flow.handle(FlowEvent::EmailSent(Ok("ada@example.com".into()))), None);
/// assert_eq!(flow.screen, Screen::EmailSent { email: "ada@example.com".into() });
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct FlowState {
    /// Current screen.
    pub screen: Screen,
    /// A command is running; inputs should be disabled.
    pub pending: bool,
    /// The last recoverable error, shown on the current screen.
    pub error: Option<FlowError>,
    /// The MFA step in progress, if any.
    pub mfa: Option<MfaContext>,
    /// The organization of the Organization flow, or the one a step-up is for.
    organization: Option<OrganizationBySlugMatch>,
    /// The primary step-up in progress, if any.
    primary: Option<PrimaryStep>,
    /// The last strength rating of a new password.
    pub password_strength: Option<StrengthCheckResponse>,
    /// The password reset in progress came from a discovery link (every membership of the
    /// address), not an organization's.
    reset_across_organizations: bool,
    /// The SSO connections "Continue with SSO" last found (Discovery flow).
    sso_found: Vec<ActiveSsoConnection>,
    /// The sign-in under way came from a password set-up link: once signed in (after any
    /// MFA), ask for the first password before finishing.
    password_setup: bool,
    /// The address of the organization-scoped password reset being sent.
    reset_email: Option<String>,
    /// Where "back" goes.
    history: Vec<Screen>,
    /// Settings.
    pub config: FlowConfig,
}

/// Something that happened: a person's action or a command's result.
///
/// ```
/// use stytch_core::flow::{FlowConfig, FlowEvent, FlowState, Screen};
///
/// let mut flow = FlowState::new(FlowConfig::default());
/// flow.handle(FlowEvent::SubmitEmail("ada@example.com".into()));
/// flow.handle(FlowEvent::EmailSent(Ok("ada@example.com".into())));
/// // "Back" returns to the first screen, the address kept by the form.
/// flow.handle(FlowEvent::Back);
/// assert_eq!(flow.screen, Screen::Main);
/// ```
#[derive(Clone, RedactedDebug, PartialEq)]
pub enum FlowEvent {
    /// The page opened with a token in its URL (`?stytch_token_type=…&token=…`).
    UrlOpened(AuthenticateUrl),
    /// Start the Organization flow for a slug.
    OpenOrganization {
        /// The slug.
        slug: String,
    },
    /// Result of looking the organization up.
    OrganizationResolved(Result<Option<Box<OrganizationBySlugMatch>>, StytchError>),
    /// Email submitted on the first screen.
    SubmitEmail(String),
    /// Magic link or code chosen.
    ChooseEmailMethod(EmailMethod),
    /// Result of sending an email code (address, when).
    EmailOtpSent(Result<(String, i64), StytchError>),
    /// "Resend code" pressed on the email code screen.
    ResendEmailOtp,
    /// Email code submitted.
    SubmitEmailOtp(#[redact] String),
    /// Email and password submitted.
    SubmitPassword {
        /// Email (ignored during a step-up, which is for a fixed address).
        email: String,
        /// Password.
        #[redact]
        password: String,
    },
    /// "Forgot password?" pressed.
    ForgotPassword,
    /// Address for a reset link submitted.
    SubmitForgotPassword(String),
    /// Result of sending a reset link.
    PasswordResetSent(Result<String, StytchError>),
    /// The new password changed (rate it).
    CheckPasswordStrength(#[redact] String),
    /// Result of rating it.
    StrengthChecked(Result<Box<StrengthCheckResponse>, StytchError>),
    /// New password submitted.
    SubmitNewPassword(#[redact] String),
    /// Result of sending a password set-up link (a sign-in link for someone who may join).
    PasswordSetupLinkSent(Result<String, StytchError>),
    /// A password set-up link was authenticated (as [`FlowEvent::Authenticated`], then the
    /// first password is asked for).
    AuthenticatedForPasswordSetup {
        /// The answer.
        result: Result<Box<AuthenticateWithMfaResponse>, StytchError>,
        /// When it arrived (Unix ms).
        at_ms: i64,
    },
    /// Result of setting the first password with the session.
    PasswordSet(Result<(), StytchError>),
    /// "Skip for now" on the first-password screen.
    SkipPasswordSetup,
    /// An OAuth button pressed.
    StartOAuth(OAuthProvider),
    /// An SSO button pressed: the connection's ID.
    StartSso(String),
    /// "Continue with SSO" pressed (Discovery flow).
    ChooseSso,
    /// The address whose SSO connections to find.
    SubmitSsoEmail(String),
    /// Result of finding them: the address and its connections.
    SsoConnectionsFound(Result<(String, Vec<ActiveSsoConnection>), StytchError>),
    /// The URL to navigate to for an OAuth login.
    Redirect(Result<String, StytchError>),
    /// "Resend" pressed on the email-sent screen.
    ResendEmail,
    /// Result of sending the email.
    EmailSent(Result<String, StytchError>),
    /// Result of authenticating a discovery token.
    DiscoveryAuthenticated(Result<Box<DiscoveryAuthenticateResponse>, StytchError>),
    /// An organization was chosen.
    SelectOrganization(String),
    /// "Create an organization" pressed.
    StartCreateOrganization,
    /// New organization's name and slug submitted.
    SubmitOrganization {
        /// Name.
        name: String,
        /// Slug.
        slug: String,
    },
    /// Result of a primary authentication (exchange, creation, organization login).
    Authenticated {
        /// The answer.
        result: Result<Box<AuthenticateWithMfaResponse>, StytchError>,
        /// When it arrived (Unix ms): an automatically texted code was sent then.
        at_ms: i64,
    },
    /// An MFA method was chosen for enrollment.
    SelectMfaMethod(MfaMethod),
    /// Phone number submitted for SMS enrollment.
    SubmitPhone(String),
    /// Result of texting a code (when it was sent).
    SmsSent(Result<i64, StytchError>),
    /// "Resend code" pressed.
    ResendSms,
    /// SMS code submitted.
    SubmitSmsCode(#[redact] String),
    /// Result of creating a TOTP registration.
    TotpCreated(Result<Box<TotpCreateResponse>, StytchError>),
    /// Switch between the QR code and the manual secret.
    ToggleTotpManual,
    /// "Continue" from the TOTP set-up to code entry.
    ContinueToTotpCode,
    /// TOTP code submitted.
    SubmitTotpCode(#[redact] String),
    /// "Use a recovery code" pressed.
    UseRecoveryCode,
    /// Recovery code submitted.
    SubmitRecoveryCode(#[redact] String),
    /// Switch to another enrolled method.
    SwitchMfaMethod(MfaMethod),
    /// Result of SMS, TOTP or recovery-code authentication.
    MfaCompleted(Result<Box<AuthenticateResponse>, StytchError>),
    /// "I saved my codes" pressed.
    RecoveryCodesSaved,
    /// "Back" pressed.
    Back,
    /// "Start over" pressed (from an error or any screen).
    Restart,
    /// The bootstrap document arrived: whether the project lets the SDK create organizations.
    CreateOrganizationEnabled(bool),
}

/// Work the flow asks for; [`execute`] runs it.
///
/// ```no_run
/// use stytch_core::flow::{FlowConfig, FlowEvent, FlowState, execute};
///
/// // The loop a component runs: feed events in, run each command, feed its result back.
/// async fn run(client: &stytch_core::StytchClient, flow: &mut FlowState, event: FlowEvent) {
///     let mut next = flow.handle(event);
///     while let Some(command) = next {
///         let config = flow.config.clone();
///         let result = execute(client, &config, command).await;
///         next = flow.handle(result);
///     }
/// }
/// # drop(FlowState::new(FlowConfig::default()));
/// ```
#[derive(Clone, RedactedDebug, PartialEq, Eq)]
pub enum Command {
    /// Send a discovery magic link.
    SendDiscoveryEmail {
        /// Recipient.
        email: String,
    },
    /// Authenticate a discovery magic-link token.
    AuthenticateDiscoveryToken {
        /// Token.
        #[redact]
        token: String,
    },
    /// Authenticate a discovery OAuth token.
    AuthenticateDiscoveryOAuth {
        /// Token.
        #[redact]
        token: String,
    },
    /// Authenticate an organization-scoped OAuth token.
    AuthenticateOAuth {
        /// Token.
        #[redact]
        token: String,
    },
    /// Authenticate an SSO token.
    AuthenticateSso {
        /// Token.
        #[redact]
        token: String,
    },
    /// Authenticate an organization-scoped magic-link token.
    AuthenticateMagicLink {
        /// Token.
        #[redact]
        token: String,
    },
    /// Authenticate an impersonation token (the Stytch Dashboard's "Impersonate Member" link).
    AuthenticateImpersonation {
        /// Token.
        #[redact]
        token: String,
    },
    /// Look an organization up by slug.
    ResolveOrganization {
        /// Slug.
        slug: String,
    },
    /// Send an organization-scoped magic link.
    SendLoginEmail {
        /// Organization.
        organization_id: String,
        /// Recipient.
        email: String,
    },
    /// Send a discovery email code.
    SendDiscoveryEmailOtp {
        /// Recipient.
        email: String,
    },
    /// Send an organization-scoped email code.
    SendLoginEmailOtp {
        /// Organization.
        organization_id: String,
        /// Recipient.
        email: String,
    },
    /// Authenticate a discovery email code.
    AuthenticateDiscoveryEmailOtp {
        /// Address.
        email: String,
        /// Code.
        #[redact]
        code: String,
    },
    /// Authenticate an organization-scoped email code.
    AuthenticateLoginEmailOtp {
        /// Organization.
        organization_id: String,
        /// Address.
        email: String,
        /// Code.
        #[redact]
        code: String,
    },
    /// Authenticate a password in an organization.
    AuthenticatePassword {
        /// Organization.
        organization_id: String,
        /// Email.
        email: String,
        /// Password.
        #[redact]
        password: String,
    },
    /// Authenticate a password across organizations.
    AuthenticateDiscoveryPassword {
        /// Email.
        email: String,
        /// Password.
        #[redact]
        password: String,
    },
    /// Send a password reset link.
    StartPasswordReset {
        /// Organization.
        organization_id: String,
        /// Email.
        email: String,
    },
    /// Send a link that resets the password of every membership of an address (discovery).
    StartDiscoveryPasswordReset {
        /// Email.
        email: String,
    },
    /// Send a sign-in link to someone who may join the organization and has no password
    /// yet, remembering in this browser that they want to set one.
    SendPasswordSetupLink {
        /// Organization.
        organization_id: String,
        /// Email.
        email: String,
    },
    /// Set the first password with the session just granted.
    SetPasswordBySession {
        /// The password.
        #[redact]
        password: String,
    },
    /// Rate a new password.
    CheckPasswordStrength {
        /// The password.
        #[redact]
        password: String,
    },
    /// Set the new password from a reset link.
    ResetPassword {
        /// The link's token.
        #[redact]
        token: String,
        /// The new password.
        #[redact]
        password: String,
    },
    /// Set the new password from a discovery reset link, then list the organizations.
    ResetDiscoveryPassword {
        /// The link's token.
        #[redact]
        token: String,
        /// The new password.
        #[redact]
        password: String,
    },
    /// Build the URL of an OAuth login.
    StartOAuth {
        /// Provider.
        provider: OAuthProvider,
        /// Organization (organization-scoped), or discovery.
        organization_id: Option<String>,
    },
    /// Find the SSO connections of an address's organizations.
    DiscoverSsoConnections {
        /// The address.
        email: String,
    },
    /// Build the URL of an SSO login through a connection.
    StartSso {
        /// Connection.
        connection_id: String,
    },
    /// Exchange the IST for a session in an organization.
    ExchangeIntermediateSession {
        /// Organization.
        organization_id: String,
    },
    /// Create an organization with the IST and enter it.
    CreateOrganization {
        /// Name.
        name: String,
        /// Slug.
        slug: String,
    },
    /// Text a code (enrolling `phone` when given).
    SendSms {
        /// Organization.
        organization_id: String,
        /// Member.
        member_id: String,
        /// Phone to enroll.
        phone: Option<String>,
    },
    /// Authenticate a texted code.
    AuthenticateSms {
        /// Organization.
        organization_id: String,
        /// Member.
        member_id: String,
        /// Code.
        #[redact]
        code: String,
    },
    /// Create a TOTP registration.
    CreateTotp {
        /// Organization.
        organization_id: String,
        /// Member.
        member_id: String,
    },
    /// Authenticate a TOTP code.
    AuthenticateTotp {
        /// Organization.
        organization_id: String,
        /// Member.
        member_id: String,
        /// Code.
        #[redact]
        code: String,
        /// Make TOTP the member's default (when enrolling).
        set_default: bool,
    },
    /// Authenticate with a recovery code.
    Recover {
        /// Organization.
        organization_id: String,
        /// Member.
        member_id: String,
        /// Code.
        #[redact]
        code: String,
    },
}

impl FlowState {
    /// A flow at its first screen.
    ///
    /// ```
    /// use stytch_core::flow::{FlowConfig, FlowState, Screen};
    /// let flow = FlowState::new(FlowConfig::default());
    /// assert_eq!((flow.screen, flow.pending), (Screen::Main, false));
    /// ```
    pub fn new(config: FlowConfig) -> Self {
        Self {
            // The Organization flow first looks its organization up.
            screen: match config.flow_type {
                AuthFlowType::Discovery => Screen::Main,
                AuthFlowType::Organization => Screen::LoadingOrganization,
            },
            pending: false,
            error: None,
            mfa: None,
            organization: None,
            primary: None,
            password_strength: None,
            reset_across_organizations: false,
            sso_found: Vec::new(),
            password_setup: false,
            reset_email: None,
            history: Vec::new(),
            config,
        }
    }

    /// Whether "back" leads anywhere.
    ///
    /// ```
    /// use stytch_core::flow::{FlowConfig, FlowEvent, FlowState};
    /// let mut flow = FlowState::new(FlowConfig::default());
    /// assert!(!flow.can_go_back());
    /// flow.handle(FlowEvent::SubmitEmail("ada@example.com".into()));
    /// flow.handle(FlowEvent::EmailSent(Ok("ada@example.com".into())));
    /// assert!(flow.can_go_back());
    /// ```
    pub fn can_go_back(&self) -> bool {
        !self.history.is_empty() && !self.pending
    }

    fn go(&mut self, screen: Screen) {
        let previous = std::mem::replace(&mut self.screen, screen);
        let transient = matches!(
            previous,
            Screen::Authenticating
                | Screen::LoadingOrganization
                | Screen::Redirecting { .. }
                | Screen::LoggedIn
                | Screen::Error { .. }
                | Screen::TotpEnrollment { enrollment: None, .. }
        );
        if !transient && std::mem::discriminant(&previous) != std::mem::discriminant(&self.screen) {
            self.history.push(previous);
        }
        self.error = None;
    }

    /// Signed in: done, unless the sign-in came from a password set-up link, which asks for
    /// the first password first.
    fn finish(&mut self) {
        self.mfa = None;
        self.primary = None;
        if std::mem::take(&mut self.password_setup) {
            self.password_strength = None;
            self.reset_to(Screen::PasswordSetup);
        } else {
            self.reset_to(Screen::LoggedIn);
        }
    }

    fn reset_to(&mut self, screen: Screen) {
        self.history.clear();
        self.screen = screen;
        self.error = None;
    }

    fn start(&mut self, command: Command) -> Option<Command> {
        self.pending = true;
        self.error = None;
        Some(command)
    }

    fn fail(&mut self, reason: DeadEnd) {
        self.pending = false;
        self.mfa = None;
        self.password_setup = false;
        self.reset_to(Screen::Error { reason });
    }

    fn invalid(&mut self, what: Invalid) -> Option<Command> {
        self.error = Some(FlowError::Invalid(what));
        None
    }

    /// Applies an event; returns the command to run next, if any.
    ///
    /// ```
    /// use stytch_core::flow::{FlowConfig, FlowEvent, FlowState};
    /// let mut flow = FlowState::new(FlowConfig::default());
    /// // An event either needs work (a command to run) or changes the screen at once.
    /// let command = flow.handle(FlowEvent::SubmitEmail("ada@example.com".into()));
    /// assert!(command.is_some() && flow.pending);
    /// ```
    pub fn handle(&mut self, event: FlowEvent) -> Option<Command> {
        match event {
            FlowEvent::ResendEmail => match &self.screen {
                Screen::EmailSent { email } if !self.pending => {
                    let email = email.clone();
                    let command = match self.organization() {
                        Some(o) => Command::SendLoginEmail {
                            organization_id: o.organization_id.clone(),
                            email,
                        },
                        None => Command::SendDiscoveryEmail { email },
                    };
                    self.start(command)
                }
                _ => None,
            },
            FlowEvent::EmailSent(result) => {
                self.pending = false;
                match result {
                    Ok(email) => {
                        if !matches!(self.screen, Screen::EmailSent { .. }) {
                            self.go(Screen::EmailSent { email });
                        }
                    }
                    Err(error) => self.on_error(error),
                }
                None
            }
            FlowEvent::DiscoveryAuthenticated(result) => {
                self.pending = false;
                match result {
                    Ok(response) => {
                        self.primary = None;
                        self.organization = None;
                        self.discovered(response.email_address, response.discovered_organizations)
                    }
                    // A link that fails ends the flow; a code or password can be retried.
                    Err(error) if self.screen == Screen::Authenticating => {
                        self.fail(primary::token_dead_end(error));
                        None
                    }
                    Err(error) => {
                        self.on_error(error);
                        None
                    }
                }
            }
            FlowEvent::SelectOrganization(organization_id) => {
                let Screen::Discovery { email, organizations } = &self.screen else {
                    return None;
                };
                if self.pending {
                    return None;
                }
                let chosen = organizations
                    .iter()
                    .find(|o| o.organization.organization_id == organization_id);
                // An organization that needs another primary method first: step up before entering.
                if let Some(found) = chosen
                    && let Some(required) = &found.primary_required
                {
                    let step = PrimaryStep {
                        allowed: required.allowed_auth_methods.clone(),
                        email: email.clone(),
                        email_verified: found
                            .membership
                            .member
                            .as_ref()
                            .is_some_and(|m| m.email_address_verified),
                    };
                    let organization = OrganizationBySlugMatch::from(&found.organization);
                    return self.step_up(organization, step);
                }
                self.start(Command::ExchangeIntermediateSession { organization_id })
            }
            FlowEvent::StartCreateOrganization => {
                if let Screen::Discovery { email, .. } = &self.screen
                    && self.config.allow_create_organization
                    && !self.pending
                {
                    let email = email.clone();
                    self.go(Screen::CreateOrganization { email });
                }
                None
            }
            FlowEvent::SubmitOrganization { name, slug } => {
                if self.pending || !matches!(self.screen, Screen::CreateOrganization { .. }) {
                    return None;
                }
                let name = name.trim().to_owned();
                let slug = slug.trim().to_owned();
                if name.is_empty() {
                    return self.invalid(Invalid::OrganizationName);
                }
                if let Err(problem) = validate_slug(&slug) {
                    return self.invalid(Invalid::Slug(problem));
                }
                self.start(Command::CreateOrganization { name, slug })
            }
            FlowEvent::AuthenticatedForPasswordSetup { result, at_ms } => {
                self.password_setup = result.is_ok() && Product::Passwords.is_available();
                self.handle(FlowEvent::Authenticated { result, at_ms })
            }
            FlowEvent::Authenticated { result, at_ms } => {
                self.pending = false;
                match result {
                    Ok(response) => self.authenticated(&response, at_ms),
                    Err(error) if self.screen == Screen::Authenticating => {
                        self.fail(primary::token_dead_end(error));
                        None
                    }
                    Err(error) => {
                        self.on_error(error);
                        None
                    }
                }
            }
            FlowEvent::Restart => {
                if !self.pending {
                    self.restart();
                }
                None
            }
            FlowEvent::CreateOrganizationEnabled(enabled) => {
                self.config.allow_create_organization = enabled;
                None
            }
            FlowEvent::Back => {
                if !self.pending
                    && let Some(previous) = self.history.pop()
                {
                    // Back from a step-up to the organization list: choose again freely.
                    if matches!(previous, Screen::Discovery { .. }) {
                        self.primary = None;
                        self.organization = None;
                    }
                    self.screen = previous;
                    self.error = None;
                }
                None
            }
            other => self.handle_primary(other),
        }
    }

    /// A recoverable error stays on the screen; an expired intermediate session ends the flow.
    fn on_error(&mut self, error: StytchError) {
        if error.error_type() == Some(&ErrorType::IntermediateSessionNotFound) {
            self.fail(DeadEnd::SessionExpired);
        }
        self.error = Some(error.into());
    }

    fn authenticated(&mut self, response: &AuthenticateWithMfaResponse, at_ms: i64) -> Option<Command> {
        match response.outcome() {
            AuthOutcome::Authenticated(_) => {
                self.finish();
                None
            }
            AuthOutcome::NeedsMfa(mfa) => self.enter_mfa(response, mfa, at_ms),
            AuthOutcome::NeedsPrimary(required) => {
                let step = PrimaryStep {
                    allowed: required.allowed_auth_methods.clone(),
                    email: response.member.email_address.clone(),
                    email_verified: response.member.email_address_verified,
                };
                let organization = OrganizationBySlugMatch::from(&response.organization);
                self.history.clear();
                let command = self.step_up(organization, step);
                self.history.clear();
                command
            }
            AuthOutcome::Incomplete => {
                self.fail(DeadEnd::IncompleteAnswer);
                None
            }
        }
    }

    fn discovered(&mut self, email: String, organizations: Vec<DiscoveredOrganization>) -> Option<Command> {
        self.history.clear();
        let config = &self.config;
        if config.direct_login_for_single_membership {
            let active: Vec<_> = organizations
                .iter()
                .filter(|o| o.membership.membership_type == stytch_models::MembershipType::ActiveMember)
                .collect();
            if active.len() == 1 && organizations.len() == 1 {
                let organization_id = active[0].organization.organization_id.clone();
                self.screen = Screen::Discovery { email, organizations };
                return self.start(Command::ExchangeIntermediateSession { organization_id });
            }
        }
        if organizations.is_empty()
            && config.direct_create_organization_for_no_membership
            && config.allow_create_organization
        {
            self.screen = Screen::Discovery {
                email: email.clone(),
                organizations,
            };
            self.go(Screen::CreateOrganization { email });
            return None;
        }
        self.screen = Screen::Discovery { email, organizations };
        None
    }
}

pub(super) fn looks_like_email(email: &str) -> bool {
    match email.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !email.contains(char::is_whitespace)
        }
        None => false,
    }
}

/// Runs a command and reports its result as the event to feed back into the flow.
///
/// A command of a flow left out by its cargo feature answers that the flow is left out. Those
/// arms are chosen with `#[cfg]` attributes, not `cfg!()`: in an `async fn` every `.await`
/// becomes a state of one state machine, and a state behind `if cfg!(…)` stays in the machine
/// (and in the wasm) even though it can never be reached. The attributes took 10 KB gzipped
/// off a Discovery-only login page.
///
/// ```no_run
/// use stytch_core::flow::{FlowConfig, FlowEvent, FlowState, execute};
///
/// # async fn run(client: &stytch_core::StytchClient) {
/// let mut flow = FlowState::new(FlowConfig::default());
/// if let Some(command) = flow.handle(FlowEvent::SubmitEmail("ada@example.com".into())) {
///     let reported = execute(client, &flow.config.clone(), command).await;
///     flow.handle(reported);
/// }
/// println!("{:?}", flow.screen);
/// # }
/// ```
pub async fn execute(client: &StytchClient, config: &FlowConfig, command: Command) -> FlowEvent {
    let minutes = Some(config.session_duration_minutes);
    let now = || client.runtime().now_ms();
    match command {
        Command::SendDiscoveryEmail { email } => {
            let options = &config.email_magic_links;
            let request = DiscoveryEmailSendRequest {
                email_address: email.clone(),
                discovery_redirect_url: options.discovery_redirect_url.clone(),
                login_template_id: options.login_template_id.clone(),
                locale: options.locale.clone(),
                discovery_expiration_minutes: options.discovery_expiration_minutes,
                ..Default::default()
            };
            FlowEvent::EmailSent(client.magic_links().discovery_send(&request).await.map(|_| email))
        }
        #[cfg(feature = "oauth")]
        Command::AuthenticateDiscoveryOAuth { token } => {
            FlowEvent::DiscoveryAuthenticated(client.oauth().discovery_authenticate(&token).await.map(Box::new))
        }
        #[cfg(not(feature = "oauth"))]
        Command::AuthenticateDiscoveryOAuth { .. } => FlowEvent::DiscoveryAuthenticated(Err(left_out("oauth"))),
        #[cfg(feature = "oauth")]
        Command::AuthenticateOAuth { token } => FlowEvent::Authenticated {
            result: client.oauth().authenticate(&token, minutes).await.map(Box::new),
            at_ms: now(),
        },
        #[cfg(not(feature = "oauth"))]
        Command::AuthenticateOAuth { .. } => FlowEvent::Authenticated {
            result: Err(left_out("oauth")),
            at_ms: now(),
        },
        Command::AuthenticateMagicLink { token } => {
            let result = client.magic_links().authenticate(&token, minutes).await;
            let setup = result
                .as_ref()
                .is_ok_and(|r| cfg!(feature = "passwords") && client.take_password_setup(&r.member.email_address));
            let result = result.map(Box::new);
            if setup {
                FlowEvent::AuthenticatedForPasswordSetup { result, at_ms: now() }
            } else {
                FlowEvent::Authenticated { result, at_ms: now() }
            }
        }
        Command::AuthenticateImpersonation { token } => FlowEvent::Authenticated {
            result: client.impersonation().authenticate(&token).await.map(Box::new),
            at_ms: now(),
        },
        Command::ResolveOrganization { slug } => {
            FlowEvent::OrganizationResolved(client.organization().get_by_slug(&slug).await.map(|o| o.map(Box::new)))
        }
        Command::SendLoginEmail { organization_id, email } => {
            let options = &config.email_magic_links;
            let request = LoginOrSignupRequest {
                organization_id,
                email_address: email.clone(),
                login_redirect_url: options.login_redirect_url.clone(),
                signup_redirect_url: options.signup_redirect_url.clone(),
                locale: options.locale.clone(),
                ..Default::default()
            };
            FlowEvent::EmailSent(client.magic_links().login_or_signup(&request).await.map(|_| email))
        }
        #[cfg(feature = "email-otp")]
        Command::SendDiscoveryEmailOtp { email } => {
            let request = EmailOtpDiscoverySendRequest {
                email_address: email.clone(),
                locale: config.email_magic_links.locale.clone(),
                ..Default::default()
            };
            let result = client.otps().email_discovery_send(&request).await;
            FlowEvent::EmailOtpSent(result.map(|_| (email, now())))
        }
        #[cfg(not(feature = "email-otp"))]
        Command::SendDiscoveryEmailOtp { .. } => FlowEvent::EmailOtpSent(Err(left_out("email-otp"))),
        #[cfg(feature = "email-otp")]
        Command::SendLoginEmailOtp { organization_id, email } => {
            let request = EmailOtpLoginOrSignupRequest {
                organization_id,
                email_address: email.clone(),
                locale: config.email_magic_links.locale.clone(),
                ..Default::default()
            };
            let result = client.otps().email_login_or_signup(&request).await;
            FlowEvent::EmailOtpSent(result.map(|_| (email, now())))
        }
        #[cfg(not(feature = "email-otp"))]
        Command::SendLoginEmailOtp { .. } => FlowEvent::EmailOtpSent(Err(left_out("email-otp"))),
        #[cfg(feature = "email-otp")]
        Command::AuthenticateDiscoveryEmailOtp { email, code } => FlowEvent::DiscoveryAuthenticated(
            client
                .otps()
                .email_discovery_authenticate(&email, &code)
                .await
                .map(Box::new),
        ),
        #[cfg(not(feature = "email-otp"))]
        Command::AuthenticateDiscoveryEmailOtp { .. } => FlowEvent::DiscoveryAuthenticated(Err(left_out("email-otp"))),
        #[cfg(feature = "email-otp")]
        Command::AuthenticateLoginEmailOtp {
            organization_id,
            email,
            code,
        } => FlowEvent::Authenticated {
            result: client
                .otps()
                .email_authenticate(&organization_id, &email, &code, minutes)
                .await
                .map(Box::new),
            at_ms: now(),
        },
        #[cfg(not(feature = "email-otp"))]
        Command::AuthenticateLoginEmailOtp { .. } => FlowEvent::Authenticated {
            result: Err(left_out("email-otp")),
            at_ms: now(),
        },
        #[cfg(feature = "passwords")]
        Command::AuthenticatePassword {
            organization_id,
            email,
            password,
        } => FlowEvent::Authenticated {
            result: client
                .passwords()
                .authenticate(&organization_id, &email, &password, minutes)
                .await
                .map(Box::new),
            at_ms: now(),
        },
        #[cfg(not(feature = "passwords"))]
        Command::AuthenticatePassword { .. } => FlowEvent::Authenticated {
            result: Err(left_out("passwords")),
            at_ms: now(),
        },
        #[cfg(feature = "passwords")]
        Command::AuthenticateDiscoveryPassword { email, password } => FlowEvent::DiscoveryAuthenticated(
            client
                .passwords()
                .discovery_authenticate(&email, &password)
                .await
                .map(Box::new),
        ),
        #[cfg(not(feature = "passwords"))]
        Command::AuthenticateDiscoveryPassword { .. } => FlowEvent::DiscoveryAuthenticated(Err(left_out("passwords"))),
        #[cfg(feature = "passwords")]
        Command::StartPasswordReset { organization_id, email } => {
            let request = ResetByEmailStartRequest {
                organization_id,
                email_address: email.clone(),
                reset_password_redirect_url: config.passwords.reset_password_redirect_url.clone(),
                reset_password_expiration_minutes: config.passwords.reset_password_expiration_minutes,
                login_redirect_url: config.email_magic_links.login_redirect_url.clone(),
                locale: config.email_magic_links.locale.clone(),
                ..Default::default()
            };
            FlowEvent::PasswordResetSent(client.passwords().reset_by_email_start(&request).await.map(|_| email))
        }
        #[cfg(not(feature = "passwords"))]
        Command::StartPasswordReset { .. } => FlowEvent::PasswordResetSent(Err(left_out("passwords"))),
        #[cfg(feature = "passwords")]
        Command::StartDiscoveryPasswordReset { email } => {
            let request = DiscoveryResetStartRequest {
                email_address: email.clone(),
                discovery_redirect_url: config.email_magic_links.discovery_redirect_url.clone(),
                reset_password_redirect_url: config.passwords.reset_password_redirect_url.clone(),
                reset_password_expiration_minutes: config.passwords.reset_password_expiration_minutes,
                locale: config.email_magic_links.locale.clone(),
                ..Default::default()
            };
            FlowEvent::PasswordResetSent(
                client
                    .passwords()
                    .discovery_reset_by_email_start(&request)
                    .await
                    .map(|_| email),
            )
        }
        #[cfg(not(feature = "passwords"))]
        Command::StartDiscoveryPasswordReset { .. } => FlowEvent::PasswordResetSent(Err(left_out("passwords"))),
        #[cfg(feature = "passwords")]
        Command::ResetDiscoveryPassword { token, password } => FlowEvent::DiscoveryAuthenticated(
            client
                .passwords()
                .discovery_reset_by_email(&token, &password)
                .await
                .map(Box::new),
        ),
        #[cfg(not(feature = "passwords"))]
        Command::ResetDiscoveryPassword { .. } => FlowEvent::DiscoveryAuthenticated(Err(left_out("passwords"))),
        #[cfg(feature = "passwords")]
        Command::CheckPasswordStrength { password } => {
            FlowEvent::StrengthChecked(client.passwords().strength_check(&password, None).await.map(Box::new))
        }
        #[cfg(not(feature = "passwords"))]
        Command::CheckPasswordStrength { .. } => FlowEvent::StrengthChecked(Err(left_out("passwords"))),
        #[cfg(feature = "passwords")]
        Command::SendPasswordSetupLink { organization_id, email } => {
            // The link lands where reset links do; this browser remembers why it was sent.
            let landing = config.passwords.reset_password_redirect_url.clone();
            let request = LoginOrSignupRequest {
                organization_id,
                email_address: email.clone(),
                login_redirect_url: landing.clone(),
                signup_redirect_url: landing,
                ..Default::default()
            };
            client.remember_password_setup(&email);
            FlowEvent::PasswordSetupLinkSent(client.magic_links().login_or_signup(&request).await.map(|_| email))
        }
        #[cfg(not(feature = "passwords"))]
        Command::SendPasswordSetupLink { .. } => FlowEvent::PasswordSetupLinkSent(Err(left_out("passwords"))),
        #[cfg(feature = "passwords")]
        Command::SetPasswordBySession { password } => {
            FlowEvent::PasswordSet(client.passwords().reset_by_session(&password).await.map(|_| ()))
        }
        #[cfg(not(feature = "passwords"))]
        Command::SetPasswordBySession { .. } => FlowEvent::PasswordSet(Err(left_out("passwords"))),
        #[cfg(feature = "passwords")]
        Command::ResetPassword { token, password } => FlowEvent::Authenticated {
            result: client
                .passwords()
                .reset_by_email(&token, &password, minutes)
                .await
                .map(Box::new),
            at_ms: now(),
        },
        #[cfg(not(feature = "passwords"))]
        Command::ResetPassword { .. } => FlowEvent::Authenticated {
            result: Err(left_out("passwords")),
            at_ms: now(),
        },
        #[cfg(feature = "oauth")]
        Command::StartOAuth {
            provider,
            organization_id,
        } => {
            // The start URL carries a PKCE challenge when the bootstrap asks for one.
            client.bootstrap_ready().await;
            let oauth = &config.oauth;
            let options = OAuthStartOptions {
                organization_id: organization_id.clone(),
                login_redirect_url: oauth.login_redirect_url.clone(),
                signup_redirect_url: oauth.signup_redirect_url.clone(),
                discovery_redirect_url: oauth.discovery_redirect_url.clone(),
                custom_scopes: oauth.custom_scopes.clone(),
                ..Default::default()
            };
            let url = match organization_id {
                Some(_) => client.oauth().start_url(&provider, &options),
                None => client.oauth().discovery_start_url(&provider, &options),
            };
            FlowEvent::Redirect(Ok(url))
        }
        #[cfg(not(feature = "oauth"))]
        Command::StartOAuth { .. } => FlowEvent::Redirect(Err(left_out("oauth"))),
        #[cfg(feature = "sso")]
        Command::StartSso { connection_id } => {
            client.bootstrap_ready().await;
            let options = SsoStartOptions {
                login_redirect_url: config.sso.login_redirect_url.clone(),
                signup_redirect_url: config.sso.signup_redirect_url.clone(),
                ..Default::default()
            };
            FlowEvent::Redirect(Ok(client.sso().start_url(&connection_id, &options)))
        }
        #[cfg(feature = "sso")]
        Command::DiscoverSsoConnections { email } => FlowEvent::SsoConnectionsFound(
            client
                .sso()
                .discover_connections(&email)
                .await
                .map(|r| (email, r.connections)),
        ),
        #[cfg(feature = "sso")]
        Command::AuthenticateSso { token } => FlowEvent::Authenticated {
            result: client.sso().authenticate(&token, minutes).await.map(Box::new),
            at_ms: now(),
        },
        #[cfg(not(feature = "sso"))]
        Command::StartSso { .. } => FlowEvent::Redirect(Err(left_out("sso"))),
        #[cfg(not(feature = "sso"))]
        Command::DiscoverSsoConnections { .. } => FlowEvent::SsoConnectionsFound(Err(left_out("sso"))),
        #[cfg(not(feature = "sso"))]
        Command::AuthenticateSso { .. } => FlowEvent::Authenticated {
            result: Err(left_out("sso")),
            at_ms: now(),
        },
        Command::AuthenticateDiscoveryToken { token } => {
            FlowEvent::DiscoveryAuthenticated(client.magic_links().discovery_authenticate(&token).await.map(Box::new))
        }
        Command::ExchangeIntermediateSession { organization_id } => {
            let result = client
                .discovery()
                .exchange_intermediate_session(&organization_id, minutes)
                .await;
            FlowEvent::Authenticated {
                result: result.map(Box::new),
                at_ms: now(),
            }
        }
        Command::CreateOrganization { name, slug } => {
            let request = OrganizationCreateViaDiscoveryRequest {
                organization_name: Some(name),
                organization_slug: Some(slug),
                session_duration_minutes: minutes,
                ..Default::default()
            };
            let result = client.discovery().create_organization(request).await;
            FlowEvent::Authenticated {
                result: result.map(Box::new),
                at_ms: now(),
            }
        }
        #[cfg(feature = "mfa")]
        Command::SendSms {
            organization_id,
            member_id,
            phone,
        } => {
            let result = client
                .otps()
                .sms_send(&organization_id, &member_id, phone.as_deref())
                .await;
            FlowEvent::SmsSent(result.map(|_| now()))
        }
        #[cfg(not(feature = "mfa"))]
        Command::SendSms { .. } => FlowEvent::SmsSent(Err(left_out("mfa"))),
        #[cfg(feature = "mfa")]
        Command::AuthenticateSms {
            organization_id,
            member_id,
            code,
        } => {
            let result = client
                .otps()
                .sms_authenticate(&organization_id, &member_id, &code, minutes)
                .await;
            FlowEvent::MfaCompleted(result.map(Box::new))
        }
        #[cfg(not(feature = "mfa"))]
        Command::AuthenticateSms { .. } => FlowEvent::MfaCompleted(Err(left_out("mfa"))),
        #[cfg(feature = "mfa")]
        Command::CreateTotp {
            organization_id,
            member_id,
        } => FlowEvent::TotpCreated(client.totp().create(&organization_id, &member_id).await.map(Box::new)),
        #[cfg(not(feature = "mfa"))]
        Command::CreateTotp { .. } => FlowEvent::TotpCreated(Err(left_out("mfa"))),
        #[cfg(feature = "mfa")]
        Command::AuthenticateTotp {
            organization_id,
            member_id,
            code,
            set_default,
        } => {
            let result = client
                .totp()
                .authenticate(&organization_id, &member_id, &code, minutes, set_default)
                .await;
            FlowEvent::MfaCompleted(result.map(Box::new))
        }
        #[cfg(not(feature = "mfa"))]
        Command::AuthenticateTotp { .. } => FlowEvent::MfaCompleted(Err(left_out("mfa"))),
        #[cfg(feature = "mfa")]
        Command::Recover {
            organization_id,
            member_id,
            code,
        } => {
            let result: Result<RecoverResponse, _> = client
                .recovery_codes()
                .recover(&organization_id, &member_id, &code, minutes)
                .await;
            FlowEvent::MfaCompleted(result.map(|r| Box::new(r.into())))
        }
        #[cfg(not(feature = "mfa"))]
        Command::Recover { .. } => FlowEvent::MfaCompleted(Err(left_out("mfa"))),
    }
}

// proptest is a native dev-dependency (the rules are the same on every target).
#[cfg(all(test, not(target_arch = "wasm32")))]
mod proptests;
#[cfg(test)]
mod tests;
// The flow with every optional product left out (`--no-default-features`).
#[cfg(all(
    test,
    not(any(
        feature = "email-otp",
        feature = "passwords",
        feature = "oauth",
        feature = "sso",
        feature = "mfa"
    ))
))]
mod reduced_tests;
