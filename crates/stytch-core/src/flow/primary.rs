//! The primary half of the flow, after the official UI's Main screen and reducer: which methods
//! the first screen offers (products, the organization's restriction, a step-up's
//! `primary_required`), email links and codes, passwords and their reset, OAuth, SSO, the
//! Organization flow's slug lookup, and the tokens redirects bring back.

use stytch_models::api::oauth::OAuthProvider;
use stytch_models::api::organizations::OrganizationBySlugMatch;
use stytch_models::{ActiveSsoConnection, AuthMethod, ErrorType, Restriction};

use super::{AuthFlowType, Command, DeadEnd, FlowEvent, FlowState, Invalid, Product, Screen, looks_like_email};
use crate::AuthenticateUrl;

/// What the primary step of a step-up asks for.
///
/// ```
/// use stytch_core::flow::{FlowConfig, FlowState};
///
/// // During a primary step-up the address is fixed and the organization names the methods.
/// let flow = FlowState::new(FlowConfig::default());
/// match flow.primary_step() {
///     Some(step) => println!("sign in again as {} with one of {:?}", step.email, step.allowed),
///     None => println!("no step-up"),
/// }
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct PrimaryStep {
    /// Methods the organization accepts for this step (`primary_required.allowed_auth_methods`).
    pub allowed: Vec<AuthMethod>,
    /// The person's email (fixed: the step-up is for this address).
    pub email: String,
    /// Whether the email is already verified ("Verify your email" otherwise).
    pub email_verified: bool,
}

/// One section of the first screen, in the configured product order.
///
/// ```
/// use stytch_core::flow::{FlowConfig, FlowState, MainSection, Product};
///
/// let config = FlowConfig { products: vec![Product::EmailMagicLinks, Product::EmailOtp], ..Default::default() };
/// for section in FlowState::new(config).main_options().sections {
///     match section {
///         MainSection::Email { magic_link: true, otp: true } => println!("email, then link or code"),
///         MainSection::Email { .. } => println!("email"),
///         other => println!("{other:?}"),
///     }
/// }
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MainSection {
    /// OAuth buttons.
    OAuth(Vec<OAuthProvider>),
    /// SSO buttons: the organization's active connections.
    Sso(Vec<ActiveSsoConnection>),
    /// "Continue with SSO" (Discovery flow): asks for the address, then finds its connections.
    SsoDiscovery,
    /// The email form: a magic link, a code, or (both) a choice after the address.
    Email {
        /// Email magic links offered.
        magic_link: bool,
        /// Email codes offered.
        otp: bool,
    },
    /// Email and password.
    Password {
        /// "Forgot password?" offered: an organization's reset, or in discovery a reset of
        /// every membership of the address.
        can_reset: bool,
    },
}

/// What the first screen shows.
///
/// ```
/// use stytch_core::flow::{FlowConfig, FlowState, MainOptions};
///
/// let MainOptions { sections, fixed_email, verify_email } = FlowState::new(FlowConfig::default()).main_options();
/// assert_eq!(sections.len(), 1);
/// assert_eq!((fixed_email, verify_email), (None, false));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MainOptions {
    /// The sections, in order.
    pub sections: Vec<MainSection>,
    /// The address is fixed (a step-up for this person).
    pub fixed_email: Option<String>,
    /// The step-up exists to verify the email ("Verify your email").
    pub verify_email: bool,
}

/// How an emailed sign-in is delivered.
///
/// ```
/// use stytch_core::flow::{Command, EmailMethod, FlowConfig, FlowEvent, FlowState, Product, Screen};
///
/// // Both products: the address first, then link or code.
/// let config = FlowConfig { products: vec![Product::EmailMagicLinks, Product::EmailOtp], ..Default::default() };
/// let mut flow = FlowState::new(config);
/// flow.handle(FlowEvent::SubmitEmail("ada@example.com".into()));
/// assert!(matches!(flow.screen, Screen::EmailMethodSelection { .. }));
/// let command = flow.handle(FlowEvent::ChooseEmailMethod(EmailMethod::Code));
/// assert!(matches!(command, Some(Command::SendDiscoveryEmailOtp { .. })));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EmailMethod {
    /// A magic link.
    MagicLink,
    /// A six-digit code.
    Code,
}

fn oauth_providers(methods: &[AuthMethod]) -> Vec<OAuthProvider> {
    methods
        .iter()
        .filter_map(OAuthProvider::from_auth_method)
        .filter(|p| !matches!(p, OAuthProvider::Unknown(_)))
        .collect()
}

impl FlowState {
    /// The organization signed in to (Organization flow) or stepped up for.
    ///
    /// ```
    /// use stytch_core::flow::{FlowConfig, FlowState};
    /// // Known once the Organization flow has looked its slug up (or a step-up names one).
    /// assert!(FlowState::new(FlowConfig::default()).organization().is_none());
    /// ```
    pub fn organization(&self) -> Option<&OrganizationBySlugMatch> {
        self.organization.as_ref()
    }

    /// An SSO connection this login offers or found, by ID (to name the identity provider
    /// while leaving for it).
    ///
    /// ```
    /// use stytch_core::flow::{FlowConfig, FlowState};
    /// let flow = FlowState::new(FlowConfig::default());
    /// // The name to show on "Redirecting to …" for the connection a button started.
    /// let name = flow.sso_connection("saml-connection-test-1").map(|c| c.display_name.clone());
    /// assert_eq!(name, None);
    /// ```
    pub fn sso_connection(&self, connection_id: &str) -> Option<&ActiveSsoConnection> {
        let organization = self.organization.iter().flat_map(|o| o.sso_active_connections.iter());
        organization
            .chain(self.sso_found.iter())
            .find(|c| c.connection_id == connection_id)
    }

    /// The step-up in progress, if any.
    ///
    /// ```
    /// use stytch_core::flow::{FlowConfig, FlowState};
    /// assert!(FlowState::new(FlowConfig::default()).primary_step().is_none());
    /// ```
    pub fn primary_step(&self) -> Option<&PrimaryStep> {
        self.primary.as_ref()
    }

    /// What the first screen offers.
    ///
    /// ```
    /// use stytch_core::flow::{FlowConfig, FlowState, MainSection};
    /// let options = FlowState::new(FlowConfig::default()).main_options();
    /// // Email magic links when no product is configured.
    /// assert_eq!(options.sections, [MainSection::Email { magic_link: true, otp: false }]);
    /// ```
    pub fn main_options(&self) -> MainOptions {
        if let Some(step) = &self.primary {
            // A step-up offers every accepted method this login can run, configured or not.
            let allowed = &step.allowed;
            let mut sections = Vec::new();
            if Product::Sso.is_available() && allowed.contains(&AuthMethod::Sso) {
                let connections = self.sso_connections();
                if !connections.is_empty() {
                    sections.push(MainSection::Sso(connections));
                }
            }
            let providers = oauth_providers(allowed);
            if !providers.is_empty() && Product::OAuth.is_available() {
                sections.push(MainSection::OAuth(providers));
            }
            let magic_link = allowed.contains(&AuthMethod::MagicLink);
            let otp = allowed.contains(&AuthMethod::EmailOtp) && Product::EmailOtp.is_available();
            if magic_link || otp {
                sections.push(MainSection::Email { magic_link, otp });
            }
            if allowed.contains(&AuthMethod::Password) && Product::Passwords.is_available() {
                sections.push(MainSection::Password { can_reset: true });
            }
            return MainOptions {
                sections,
                fixed_email: Some(step.email.clone()),
                verify_email: !step.email_verified,
            };
        }
        let restriction = self
            .organization
            .as_ref()
            .filter(|o| o.auth_methods == Restriction::Restricted)
            .map(|o| o.allowed_auth_methods.clone());
        let accepts = |method: &AuthMethod| restriction.as_ref().is_none_or(|allowed| allowed.contains(method));
        let products = if self.config.products.is_empty() {
            vec![Product::EmailMagicLinks]
        } else {
            self.config.products.clone()
        };
        let mut sections: Vec<MainSection> = Vec::new();
        for product in products.into_iter().filter(|p| p.is_available()) {
            match product {
                Product::OAuth => {
                    let providers: Vec<OAuthProvider> = self
                        .config
                        .oauth
                        .providers
                        .iter()
                        .filter(|p| accepts(&p.auth_method()))
                        .cloned()
                        .collect();
                    if !providers.is_empty() && !sections.iter().any(|s| matches!(s, MainSection::OAuth(_))) {
                        sections.push(MainSection::OAuth(providers));
                    }
                }
                Product::EmailMagicLinks | Product::EmailOtp => {
                    let magic_link = product == Product::EmailMagicLinks && accepts(&AuthMethod::MagicLink);
                    let otp = product == Product::EmailOtp && accepts(&AuthMethod::EmailOtp);
                    if let Some(MainSection::Email {
                        magic_link: has_link,
                        otp: has_otp,
                    }) = sections.iter_mut().find(|s| matches!(s, MainSection::Email { .. }))
                    {
                        *has_link |= magic_link;
                        *has_otp |= otp;
                    } else if magic_link || otp {
                        sections.push(MainSection::Email { magic_link, otp });
                    }
                }
                Product::Sso if self.organization.is_none() => {
                    if !sections.contains(&MainSection::SsoDiscovery) {
                        sections.push(MainSection::SsoDiscovery);
                    }
                }
                Product::Sso => {
                    let connections = self.sso_connections();
                    if accepts(&AuthMethod::Sso)
                        && !connections.is_empty()
                        && !sections.iter().any(|s| matches!(s, MainSection::Sso(_)))
                    {
                        sections.push(MainSection::Sso(connections));
                    }
                }
                Product::Passwords => {
                    if accepts(&AuthMethod::Password)
                        && !sections.iter().any(|s| matches!(s, MainSection::Password { .. }))
                    {
                        sections.push(MainSection::Password { can_reset: true });
                    }
                }
            }
        }
        MainOptions {
            sections,
            fixed_email: None,
            verify_email: false,
        }
    }

    /// The active connections of the organization signed in to or stepped up for, its
    /// default first.
    fn sso_connections(&self) -> Vec<ActiveSsoConnection> {
        let Some(organization) = &self.organization else {
            return Vec::new();
        };
        let mut connections = organization.sso_active_connections.clone();
        if let Some(default) = &organization.sso_default_connection_id
            && let Some(at) = connections.iter().position(|c| &c.connection_id == default)
        {
            let first = connections.remove(at);
            connections.insert(0, first);
        }
        connections
    }

    fn email_methods(&self) -> (bool, bool) {
        self.main_options()
            .sections
            .iter()
            .find_map(|s| match s {
                MainSection::Email { magic_link, otp } => Some((*magic_link, *otp)),
                _ => None,
            })
            .unwrap_or((false, false))
    }

    fn offers_password(&self) -> Option<bool> {
        self.main_options().sections.iter().find_map(|s| match s {
            MainSection::Password { can_reset } => Some(*can_reset),
            _ => None,
        })
    }

    /// The address a form's value stands for: the step-up's fixed address, else the typed one.
    fn email_for(&self, typed: &str) -> String {
        match &self.primary {
            Some(step) => step.email.clone(),
            None => typed.trim().to_owned(),
        }
    }

    /// A reset asked for an address with no member in the organization: if the organization
    /// lets that address join by its email domain, send a sign-in link instead, after which
    /// the person chooses a first password (as the official UI does); otherwise show the
    /// server's answer.
    fn no_password_to_reset(&mut self, error: crate::StytchError, email: Option<String>) -> Option<Command> {
        let joinable = |organization: &OrganizationBySlugMatch, email: &str| {
            let domain = email.rsplit_once('@').map(|(_, d)| d);
            match organization.email_jit_provisioning {
                Restriction::AllAllowed => true,
                Restriction::Restricted => domain.is_some_and(|d| {
                    organization
                        .email_allowed_domains
                        .iter()
                        .any(|allowed| allowed.eq_ignore_ascii_case(d))
                }),
                _ => false,
            }
        };
        let setup = match (error.error_type(), &self.organization, email) {
            (Some(ErrorType::EmailNotFound), Some(organization), Some(email)) if joinable(organization, &email) => {
                Some((organization.organization_id.clone(), email))
            }
            _ => None,
        };
        match setup {
            Some((organization_id, email)) if self.screen == Screen::PasswordForgot => {
                self.start(Command::SendPasswordSetupLink { organization_id, email })
            }
            _ => {
                self.on_error(error);
                None
            }
        }
    }

    fn organization_id(&self) -> Option<String> {
        self.organization.as_ref().map(|o| o.organization_id.clone())
    }

    fn send_email(&mut self, email: String, method: EmailMethod) -> Option<Command> {
        let command = match (method, self.organization_id()) {
            (EmailMethod::MagicLink, None) => Command::SendDiscoveryEmail { email },
            (EmailMethod::MagicLink, Some(organization_id)) => Command::SendLoginEmail { organization_id, email },
            (EmailMethod::Code, None) => Command::SendDiscoveryEmailOtp { email },
            (EmailMethod::Code, Some(organization_id)) => Command::SendLoginEmailOtp { organization_id, email },
        };
        self.start(command)
    }

    /// Enters a step-up: the first screen again, showing only what the organization accepts.
    pub(super) fn step_up(&mut self, organization: OrganizationBySlugMatch, step: PrimaryStep) -> Option<Command> {
        self.mfa = None;
        if step.allowed.is_empty() {
            self.fail(DeadEnd::CannotJoin);
            return None;
        }
        self.organization = Some(organization);
        self.primary = Some(step);
        if self.main_options().sections.is_empty() {
            // Only methods this login cannot run (SSO without a connection, or left out of the
            // build): nothing to offer.
            self.fail(DeadEnd::StepUpUnsupported);
            return None;
        }
        self.go(Screen::Main);
        None
    }

    /// A redirect brought a token back.
    pub(super) fn url_opened(&mut self, url: AuthenticateUrl) -> Option<Command> {
        let reset = url.redirect_type.as_deref() == Some("reset_password");
        let token = url.token;
        // A reset link: an organization's (`multi_tenant_passwords`), or a discovery one.
        let across_organizations = reset && url.token_type == "discovery";
        if url.token_type == "multi_tenant_passwords" || across_organizations {
            self.mfa = None;
            if !Product::Passwords.is_available() {
                self.fail(DeadEnd::LinkFailed(super::left_out("passwords")));
                return None;
            }
            self.password_strength = None;
            self.reset_across_organizations = across_organizations;
            self.reset_to(Screen::PasswordReset { token });
            return None;
        }
        let command = match url.token_type.as_str() {
            "discovery" => Command::AuthenticateDiscoveryToken { token },
            "discovery_oauth" => Command::AuthenticateDiscoveryOAuth { token },
            "oauth" => Command::AuthenticateOAuth { token },
            "sso" => Command::AuthenticateSso { token },
            "multi_tenant_magic_links" => Command::AuthenticateMagicLink { token },
            "multi_tenant_impersonation" => Command::AuthenticateImpersonation { token },
            _ => return None,
        };
        self.mfa = None;
        self.reset_to(Screen::Authenticating);
        self.start(command)
    }

    /// The primary events; anything else goes on to the MFA handler.
    pub(super) fn handle_primary(&mut self, event: FlowEvent) -> Option<Command> {
        match event {
            FlowEvent::UrlOpened(url) => self.url_opened(url),
            FlowEvent::OpenOrganization { slug } => {
                if self.pending {
                    return None;
                }
                self.reset_to(Screen::LoadingOrganization);
                self.start(Command::ResolveOrganization { slug })
            }
            FlowEvent::OrganizationResolved(result) => {
                self.pending = false;
                match result {
                    Ok(Some(organization)) => {
                        self.organization = Some(*organization);
                        self.reset_to(Screen::Main);
                    }
                    Ok(None) => self.fail(DeadEnd::OrganizationNotFound),
                    Err(error) => self.fail(DeadEnd::Failed(error)),
                }
                None
            }
            FlowEvent::SubmitEmail(typed) => {
                if self.pending || self.screen != Screen::Main {
                    return None;
                }
                let email = self.email_for(&typed);
                if !looks_like_email(&email) {
                    return self.invalid(Invalid::Email);
                }
                match self.email_methods() {
                    (true, true) => {
                        self.go(Screen::EmailMethodSelection { email });
                        None
                    }
                    (true, false) => self.send_email(email, EmailMethod::MagicLink),
                    (false, true) => self.send_email(email, EmailMethod::Code),
                    (false, false) => None,
                }
            }
            FlowEvent::ChooseEmailMethod(method) => match &self.screen {
                Screen::EmailMethodSelection { email } if !self.pending => {
                    let email = email.clone();
                    self.send_email(email, method)
                }
                _ => None,
            },
            FlowEvent::EmailOtpSent(result) => {
                self.pending = false;
                match result {
                    Ok((email, at)) => {
                        match &mut self.screen {
                            Screen::EmailOtpEntry { sent_at_ms, .. } => *sent_at_ms = Some(at),
                            _ => self.go(Screen::EmailOtpEntry {
                                email,
                                sent_at_ms: Some(at),
                            }),
                        }
                        self.error = None;
                    }
                    Err(error) => self.on_error(error),
                }
                None
            }
            FlowEvent::ResendEmailOtp => match &self.screen {
                Screen::EmailOtpEntry { email, .. } if !self.pending => {
                    let email = email.clone();
                    self.send_email(email, EmailMethod::Code)
                }
                _ => None,
            },
            FlowEvent::SubmitEmailOtp(code) => {
                let Screen::EmailOtpEntry { email, .. } = &self.screen else {
                    return None;
                };
                if self.pending {
                    return None;
                }
                let email = email.clone();
                let Some(code) = super::mfa::digits_only(&code, 6) else {
                    return self.invalid(Invalid::Code);
                };
                let command = match self.organization_id() {
                    Some(organization_id) => Command::AuthenticateLoginEmailOtp {
                        organization_id,
                        email,
                        code,
                    },
                    None => Command::AuthenticateDiscoveryEmailOtp { email, code },
                };
                self.start(command)
            }
            // A build without passwords offers none of them, so none of their events leads
            // anywhere (and their handling is left out of the build).
            FlowEvent::SubmitPassword { .. }
            | FlowEvent::ForgotPassword
            | FlowEvent::SubmitForgotPassword(_)
            | FlowEvent::PasswordResetSent(_)
            | FlowEvent::PasswordSetupLinkSent(_)
            | FlowEvent::PasswordSet(_)
            | FlowEvent::SkipPasswordSetup
            | FlowEvent::CheckPasswordStrength(_)
            | FlowEvent::StrengthChecked(_)
            | FlowEvent::SubmitNewPassword(_)
                if !Product::Passwords.is_available() =>
            {
                None
            }
            FlowEvent::SubmitPassword { email, password } => {
                if self.pending || self.screen != Screen::Main || self.offers_password().is_none() {
                    return None;
                }
                let email = self.email_for(&email);
                if !looks_like_email(&email) {
                    return self.invalid(Invalid::Email);
                }
                if password.is_empty() {
                    return self.invalid(Invalid::Password);
                }
                let command = match self.organization_id() {
                    Some(organization_id) => Command::AuthenticatePassword {
                        organization_id,
                        email,
                        password,
                    },
                    None => Command::AuthenticateDiscoveryPassword { email, password },
                };
                self.start(command)
            }
            FlowEvent::ForgotPassword => {
                if self.screen == Screen::Main && self.offers_password() == Some(true) && !self.pending {
                    self.go(Screen::PasswordForgot);
                }
                None
            }
            FlowEvent::SubmitForgotPassword(typed) => {
                if self.pending || self.screen != Screen::PasswordForgot {
                    return None;
                }
                let email = self.email_for(&typed);
                if !looks_like_email(&email) {
                    return self.invalid(Invalid::Email);
                }
                let command = match self.organization_id() {
                    Some(organization_id) => {
                        self.reset_email = Some(email.clone());
                        Command::StartPasswordReset { organization_id, email }
                    }
                    None => Command::StartDiscoveryPasswordReset { email },
                };
                self.start(command)
            }
            FlowEvent::PasswordResetSent(result) => {
                self.pending = false;
                let email = self.reset_email.take();
                match result {
                    Ok(email) => self.go(Screen::PasswordResetSent { email }),
                    Err(error) => return self.no_password_to_reset(error, email),
                }
                None
            }
            FlowEvent::PasswordSetupLinkSent(result) => {
                self.pending = false;
                match result {
                    Ok(email) => self.go(Screen::PasswordSetupSent { email }),
                    Err(error) => self.on_error(error),
                }
                None
            }
            FlowEvent::PasswordSet(result) => {
                self.pending = false;
                match result {
                    Ok(()) if self.screen == Screen::PasswordSetup => self.reset_to(Screen::LoggedIn),
                    Ok(()) => {}
                    Err(error) => self.on_error(error),
                }
                None
            }
            FlowEvent::SkipPasswordSetup => {
                if self.screen == Screen::PasswordSetup && !self.pending {
                    self.reset_to(Screen::LoggedIn);
                }
                None
            }
            FlowEvent::CheckPasswordStrength(password) => {
                // Runs beside the form (not "pending"): typing is never blocked.
                if !matches!(self.screen, Screen::PasswordReset { .. } | Screen::PasswordSetup) {
                    return None;
                }
                if password.is_empty() {
                    self.password_strength = None;
                    return None;
                }
                Some(Command::CheckPasswordStrength { password })
            }
            FlowEvent::StrengthChecked(result) => {
                if matches!(self.screen, Screen::PasswordReset { .. } | Screen::PasswordSetup)
                    && let Ok(rating) = result
                {
                    self.password_strength = Some(*rating);
                }
                None
            }
            FlowEvent::SubmitNewPassword(password) if self.screen == Screen::PasswordSetup => {
                if self.pending {
                    return None;
                }
                if password.is_empty() {
                    return self.invalid(Invalid::Password);
                }
                self.start(Command::SetPasswordBySession { password })
            }
            FlowEvent::SubmitNewPassword(password) => {
                let Screen::PasswordReset { token } = &self.screen else {
                    return None;
                };
                if self.pending {
                    return None;
                }
                if password.is_empty() {
                    return self.invalid(Invalid::Password);
                }
                let token = token.clone();
                if self.reset_across_organizations {
                    self.start(Command::ResetDiscoveryPassword { token, password })
                } else {
                    self.start(Command::ResetPassword { token, password })
                }
            }
            FlowEvent::StartOAuth(provider) => {
                let offered = self
                    .main_options()
                    .sections
                    .iter()
                    .any(|s| matches!(s, MainSection::OAuth(providers) if providers.contains(&provider)));
                if self.pending || self.screen != Screen::Main || !offered {
                    return None;
                }
                let organization_id = self.organization_id();
                self.start(Command::StartOAuth {
                    provider,
                    organization_id,
                })
            }
            // A build without SSO offers none of it, so none of its events leads anywhere.
            FlowEvent::StartSso(_)
            | FlowEvent::ChooseSso
            | FlowEvent::SubmitSsoEmail(_)
            | FlowEvent::SsoConnectionsFound(_)
                if !Product::Sso.is_available() =>
            {
                None
            }
            FlowEvent::StartSso(connection_id) => {
                let listed =
                    |connections: &[ActiveSsoConnection]| connections.iter().any(|c| c.connection_id == connection_id);
                let offered = match &self.screen {
                    Screen::Main => self
                        .main_options()
                        .sections
                        .iter()
                        .any(|s| matches!(s, MainSection::Sso(connections) if listed(connections))),
                    Screen::SsoConnections { connections, .. } => listed(connections),
                    _ => false,
                };
                if self.pending || !offered {
                    return None;
                }
                self.start(Command::StartSso { connection_id })
            }
            FlowEvent::ChooseSso => {
                let offered = self.main_options().sections.contains(&MainSection::SsoDiscovery);
                if !self.pending && self.screen == Screen::Main && offered {
                    self.go(Screen::SsoDiscovery);
                }
                None
            }
            FlowEvent::SubmitSsoEmail(typed) => {
                if self.pending || self.screen != Screen::SsoDiscovery {
                    return None;
                }
                let email = typed.trim().to_owned();
                if !looks_like_email(&email) {
                    return self.invalid(Invalid::Email);
                }
                self.start(Command::DiscoverSsoConnections { email })
            }
            FlowEvent::SsoConnectionsFound(result) => {
                self.pending = false;
                if let Ok((_, found)) = &result {
                    self.sso_found = found.clone();
                }
                match result {
                    Ok((_, connections)) if connections.is_empty() => {
                        self.error = Some(super::FlowError::Invalid(Invalid::NoSsoConnection));
                        None
                    }
                    // One connection: straight to its identity provider, as the official UI does.
                    Ok((_, connections)) if connections.len() == 1 => {
                        let connection_id = connections[0].connection_id.clone();
                        self.error = None;
                        self.start(Command::StartSso { connection_id })
                    }
                    Ok((email, connections)) => {
                        self.go(Screen::SsoConnections { email, connections });
                        None
                    }
                    Err(error) => {
                        self.on_error(error);
                        None
                    }
                }
            }
            FlowEvent::Redirect(result) => {
                self.pending = false;
                match result {
                    Ok(url) => self.screen = Screen::Redirecting { url },
                    Err(error) => self.on_error(error),
                }
                None
            }
            other => self.handle_mfa(other),
        }
    }

    /// Where "start over" leads: the first screen of the configured flow.
    pub(super) fn restart(&mut self) {
        self.mfa = None;
        self.primary = None;
        self.password_strength = None;
        if self.config.flow_type == AuthFlowType::Discovery {
            self.organization = None;
        }
        let screen = if self.config.flow_type == AuthFlowType::Organization && self.organization.is_none() {
            Screen::Error {
                reason: DeadEnd::OrganizationNotFound,
            }
        } else {
            Screen::Main
        };
        self.reset_to(screen);
    }
}

/// Dead ends of a redirect's token.
pub(super) fn token_dead_end(error: crate::StytchError) -> DeadEnd {
    match error.error_type() {
        Some(ErrorType::MagicLinkNotFound | ErrorType::OauthTokenNotFound | ErrorType::SsoTokenNotFound) => {
            DeadEnd::LinkExpired
        }
        Some(ErrorType::UnableToAuthMagicLink) => DeadEnd::LinkUsed,
        Some(ErrorType::PkceExpectedCodeVerifier | ErrorType::PkceMismatch) => DeadEnd::OtherBrowser,
        _ => DeadEnd::LinkFailed(error),
    }
}
