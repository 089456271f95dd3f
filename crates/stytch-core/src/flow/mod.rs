//! The login flow as a pure state machine: UI events and server answers go in, the next screen
//! and at most one command to run come out. Components render [`FlowState::screen`] and send
//! [`FlowEvent`]s; [`execute`] runs a [`Command`] against the client and returns the event that
//! reports its result. No rule lives in the components.
//!
//! The screens and transitions follow the official prebuilt UI's Discovery and MFA flows:
//! email, "check your email", the organization list, organization creation, MFA enrollment
//! selection, SMS OTP enrollment and entry, TOTP enrollment (QR code or manual secret) and
//! entry, recovery codes (save after enrolling, or use one to sign in), errors, signed in.

mod mfa;
mod slug;

pub use slug::{SlugProblem, slug_from_name, validate_slug};

use stytch_models::{
    DiscoveredOrganization, ErrorType, Member, MfaMethod, Organization,
    api::{
        discovery::{DiscoveryAuthenticateResponse, OrganizationCreateViaDiscoveryRequest},
        magic_links::DiscoveryEmailSendRequest,
        mfa::{RecoverResponse, TotpCreateResponse},
        sessions::{AuthOutcome, AuthenticateResponse, AuthenticateWithMfaResponse},
    },
};

use crate::{StytchClient, StytchError};

/// Settings of the flow that come from the component's configuration and the bootstrap.
#[derive(Clone, Debug, PartialEq)]
pub struct FlowConfig {
    /// Length of sessions granted at the end of the flow.
    pub session_duration_minutes: u32,
    /// How discovery magic links are sent.
    pub email_magic_links: EmailMagicLinksOptions,
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
            session_duration_minutes: 60,
            email_magic_links: EmailMagicLinksOptions::default(),
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
    /// Email template.
    pub login_template_id: Option<String>,
    /// Email language (`en`, `es`, `pt-br`, …).
    pub locale: Option<String>,
    /// Lifetime of discovery links in minutes (Stytch's default is 60).
    pub discovery_expiration_minutes: Option<u32>,
}

/// A TOTP registration being enrolled.
#[derive(Clone, Debug, PartialEq)]
pub struct TotpEnrollment {
    /// Base32 secret for manual entry.
    pub secret: String,
    /// QR code image (data URL) of the `otpauth://` URI.
    pub qr_code: String,
    /// Recovery codes to show once the first code is accepted.
    pub recovery_codes: Vec<String>,
}

/// Input the flow refused before sending anything.
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
}

/// A problem shown on the current screen; the person can correct it and retry.
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
#[derive(Clone, Debug, PartialEq)]
pub enum DeadEnd {
    /// The link expired or never existed.
    LinkExpired,
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
}

/// What the person sees.
#[derive(Clone, Debug, PartialEq)]
pub enum Screen {
    /// Ask for an email address.
    EmailEntry,
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
#[derive(Clone, Debug, PartialEq)]
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
    pub pending_recovery_codes: Option<Vec<String>>,
}

/// Everything the flow knows.
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
    /// Where "back" goes.
    history: Vec<Screen>,
    /// Settings.
    pub config: FlowConfig,
}

/// Something that happened: a person's action or a command's result.
#[derive(Clone, Debug, PartialEq)]
pub enum FlowEvent {
    /// The page opened with a `discovery` token in its URL.
    LinkOpened {
        /// The token.
        token: String,
    },
    /// Email submitted.
    SubmitEmail(String),
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
    SubmitSmsCode(String),
    /// Result of creating a TOTP registration.
    TotpCreated(Result<Box<TotpCreateResponse>, StytchError>),
    /// Switch between the QR code and the manual secret.
    ToggleTotpManual,
    /// "Continue" from the TOTP set-up to code entry.
    ContinueToTotpCode,
    /// TOTP code submitted.
    SubmitTotpCode(String),
    /// "Use a recovery code" pressed.
    UseRecoveryCode,
    /// Recovery code submitted.
    SubmitRecoveryCode(String),
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
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command {
    /// Send a discovery magic link.
    SendDiscoveryEmail {
        /// Recipient.
        email: String,
    },
    /// Authenticate a discovery magic-link token.
    AuthenticateDiscoveryToken {
        /// Token.
        token: String,
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
        code: String,
    },
}

impl FlowState {
    /// A flow at its first screen.
    pub fn new(config: FlowConfig) -> Self {
        Self {
            screen: Screen::EmailEntry,
            pending: false,
            error: None,
            mfa: None,
            history: Vec::new(),
            config,
        }
    }

    /// Whether "back" leads anywhere.
    pub fn can_go_back(&self) -> bool {
        !self.history.is_empty() && !self.pending
    }

    fn go(&mut self, screen: Screen) {
        let previous = std::mem::replace(&mut self.screen, screen);
        let transient = matches!(
            previous,
            Screen::Authenticating
                | Screen::LoggedIn
                | Screen::Error { .. }
                | Screen::TotpEnrollment { enrollment: None, .. }
        );
        if !transient && std::mem::discriminant(&previous) != std::mem::discriminant(&self.screen) {
            self.history.push(previous);
        }
        self.error = None;
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
        self.reset_to(Screen::Error { reason });
    }

    fn invalid(&mut self, what: Invalid) -> Option<Command> {
        self.error = Some(FlowError::Invalid(what));
        None
    }

    /// Applies an event; returns the command to run next, if any.
    pub fn handle(&mut self, event: FlowEvent) -> Option<Command> {
        match event {
            FlowEvent::LinkOpened { token } => {
                self.mfa = None;
                self.reset_to(Screen::Authenticating);
                self.start(Command::AuthenticateDiscoveryToken { token })
            }
            FlowEvent::SubmitEmail(email) => {
                let email = email.trim().to_owned();
                if self.pending || self.screen != Screen::EmailEntry {
                    return None;
                }
                if !looks_like_email(&email) {
                    return self.invalid(Invalid::Email);
                }
                self.start(Command::SendDiscoveryEmail { email })
            }
            FlowEvent::ResendEmail => match &self.screen {
                Screen::EmailSent { email } if !self.pending => {
                    let email = email.clone();
                    self.start(Command::SendDiscoveryEmail { email })
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
                    Err(error) => self.error = Some(error.into()),
                }
                None
            }
            FlowEvent::DiscoveryAuthenticated(result) => {
                self.pending = false;
                match result {
                    Ok(response) => self.discovered(response.email_address, response.discovered_organizations),
                    Err(error) => {
                        self.fail(link_dead_end(error));
                        None
                    }
                }
            }
            FlowEvent::SelectOrganization(organization_id) => {
                if self.pending || !matches!(self.screen, Screen::Discovery { .. }) {
                    return None;
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
            FlowEvent::Authenticated { result, at_ms } => {
                self.pending = false;
                match result {
                    Ok(response) => self.authenticated(&response, at_ms),
                    Err(error) => {
                        self.on_error(error);
                        None
                    }
                }
            }
            FlowEvent::Restart => {
                if !self.pending {
                    self.mfa = None;
                    self.reset_to(Screen::EmailEntry);
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
                    self.screen = previous;
                    self.error = None;
                }
                None
            }
            mfa_event => self.handle_mfa(mfa_event),
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
                self.mfa = None;
                self.reset_to(Screen::LoggedIn);
                None
            }
            AuthOutcome::NeedsMfa(mfa) => self.enter_mfa(response, mfa, at_ms),
            AuthOutcome::NeedsPrimary(_) => {
                self.fail(DeadEnd::StepUpUnsupported);
                None
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

fn looks_like_email(email: &str) -> bool {
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

fn link_dead_end(error: StytchError) -> DeadEnd {
    match error.error_type() {
        Some(ErrorType::MagicLinkNotFound) => DeadEnd::LinkExpired,
        Some(ErrorType::UnableToAuthMagicLink) => DeadEnd::LinkUsed,
        _ => DeadEnd::LinkFailed(error),
    }
}

/// Runs a command and reports its result as the event to feed back into the flow.
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
        Command::CreateTotp {
            organization_id,
            member_id,
        } => FlowEvent::TotpCreated(client.totp().create(&organization_id, &member_id).await.map(Box::new)),
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
    }
}

// proptest is a native dev-dependency (the rules are the same on every target).
#[cfg(all(test, not(target_arch = "wasm32")))]
mod proptests;
#[cfg(test)]
mod tests;
