//! The login flow as a pure state machine: UI events and server answers go in, the next screen
//! and at most one command to run come out. Components render [`FlowState::screen`] and send
//! [`FlowEvent`]s; [`execute`] runs a [`Command`] against the client and returns the event that
//! reports its result. No rule lives in the components.

mod slug;

pub use slug::{slug_from_name, validate_slug};

use stytch_models::{
    DiscoveredOrganization,
    api::{
        discovery::DiscoveryAuthenticateResponse, discovery::OrganizationCreateViaDiscoveryRequest,
        sessions::AuthOutcome,
    },
    api::{magic_links::DiscoveryEmailSendRequest, sessions::AuthenticateWithMfaResponse},
};

use crate::{StytchClient, StytchError};

/// Settings of the flow that come from the component's configuration and the bootstrap.
#[derive(Clone, Debug, PartialEq)]
pub struct FlowConfig {
    /// Length of sessions granted at the end of the flow.
    pub session_duration_minutes: u32,
    /// Where discovery magic links land (must be on the project's allow-list).
    pub discovery_redirect_url: Option<String>,
    /// Offer "create an organization" (bootstrap `create_organization_enabled` and not disabled).
    pub allow_create_organization: bool,
    /// Enter the organization directly when exactly one active membership is found.
    pub direct_login_for_single_membership: bool,
    /// Go straight to "create an organization" when nothing is found.
    pub direct_create_organization_for_no_membership: bool,
}

impl Default for FlowConfig {
    fn default() -> Self {
        Self {
            session_duration_minutes: 60,
            discovery_redirect_url: None,
            allow_create_organization: true,
            direct_login_for_single_membership: false,
            direct_create_organization_for_no_membership: false,
        }
    }
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
    /// Signed in.
    LoggedIn,
    /// A dead end (expired link, organization that needs a method this flow cannot offer).
    Error {
        /// What went wrong, for the person.
        message: String,
    },
}

/// Everything the flow knows.
#[derive(Clone, Debug, PartialEq)]
pub struct FlowState {
    /// Current screen.
    pub screen: Screen,
    /// A command is running; inputs should be disabled.
    pub pending: bool,
    /// The last recoverable error, shown on the current screen.
    pub error: Option<StytchError>,
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
    /// Result of an exchange or creation.
    Authenticated(Result<Box<AuthenticateWithMfaResponse>, StytchError>),
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
}

impl FlowState {
    /// A flow at its first screen.
    pub fn new(config: FlowConfig) -> Self {
        Self {
            screen: Screen::EmailEntry,
            pending: false,
            error: None,
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
        if !matches!(
            previous,
            Screen::Authenticating | Screen::LoggedIn | Screen::Error { .. }
        ) {
            self.history.push(previous);
        }
        self.error = None;
    }

    fn start(&mut self, command: Command) -> Option<Command> {
        self.pending = true;
        self.error = None;
        Some(command)
    }

    /// Applies an event; returns the command to run next, if any.
    pub fn handle(&mut self, event: FlowEvent) -> Option<Command> {
        match event {
            FlowEvent::LinkOpened { token } => {
                self.history.clear();
                self.screen = Screen::Authenticating;
                self.start(Command::AuthenticateDiscoveryToken { token })
            }
            FlowEvent::SubmitEmail(email) => {
                let email = email.trim().to_owned();
                if self.pending {
                    return None;
                }
                if !looks_like_email(&email) {
                    self.error = Some(StytchError::Usage("Enter a valid email address.".to_owned()));
                    return None;
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
                    Err(error) => self.error = Some(error),
                }
                None
            }
            FlowEvent::DiscoveryAuthenticated(result) => {
                self.pending = false;
                match result {
                    Ok(response) => self.discovered(response.email_address, response.discovered_organizations),
                    Err(error) => {
                        self.screen = Screen::Error {
                            message: link_error_message(&error),
                        };
                        self.error = Some(error);
                        None
                    }
                }
            }
            FlowEvent::SelectOrganization(organization_id) => {
                if self.pending {
                    return None;
                }
                self.start(Command::ExchangeIntermediateSession { organization_id })
            }
            FlowEvent::StartCreateOrganization => {
                if let Screen::Discovery { email, .. } = &self.screen
                    && self.config.allow_create_organization
                {
                    let email = email.clone();
                    self.go(Screen::CreateOrganization { email });
                }
                None
            }
            FlowEvent::SubmitOrganization { name, slug } => {
                if self.pending {
                    return None;
                }
                let name = name.trim().to_owned();
                let slug = slug.trim().to_owned();
                if name.is_empty() {
                    self.error = Some(StytchError::Usage("Enter an organization name.".to_owned()));
                    return None;
                }
                if let Err(problem) = validate_slug(&slug) {
                    self.error = Some(StytchError::Usage(problem.to_owned()));
                    return None;
                }
                self.start(Command::CreateOrganization { name, slug })
            }
            FlowEvent::Authenticated(result) => {
                self.pending = false;
                match result {
                    Ok(response) => match response.outcome() {
                        AuthOutcome::Authenticated(_) => {
                            self.history.clear();
                            self.screen = Screen::LoggedIn;
                        }
                        AuthOutcome::NeedsMfa(_) | AuthOutcome::NeedsPrimary(_) | AuthOutcome::Incomplete => {
                            self.screen = Screen::Error {
                                message: "This organization requires an additional sign-in step that this login does not offer yet.".to_owned(),
                            };
                        }
                    },
                    Err(error) => self.error = Some(error),
                }
                None
            }
            FlowEvent::Restart => {
                if !self.pending {
                    self.history.clear();
                    self.screen = Screen::EmailEntry;
                    self.error = None;
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

fn link_error_message(error: &StytchError) -> String {
    use stytch_models::ErrorType;
    match error.error_type() {
        Some(ErrorType::MagicLinkNotFound) => "This link has expired or is not valid. Request a new one.".to_owned(),
        Some(ErrorType::UnableToAuthMagicLink) => "This link was already used. Request a new one.".to_owned(),
        _ => format!("Sign-in failed: {error}"),
    }
}

/// Runs a command and reports its result as the event to feed back into the flow.
pub async fn execute(client: &StytchClient, config: &FlowConfig, command: Command) -> FlowEvent {
    match command {
        Command::SendDiscoveryEmail { email } => {
            let request = DiscoveryEmailSendRequest {
                email_address: email.clone(),
                discovery_redirect_url: config.discovery_redirect_url.clone(),
                ..Default::default()
            };
            FlowEvent::EmailSent(client.magic_links().discovery_send(&request).await.map(|_| email))
        }
        Command::AuthenticateDiscoveryToken { token } => {
            FlowEvent::DiscoveryAuthenticated(client.magic_links().discovery_authenticate(&token).await.map(Box::new))
        }
        Command::ExchangeIntermediateSession { organization_id } => FlowEvent::Authenticated(
            client
                .discovery()
                .exchange_intermediate_session(&organization_id, Some(config.session_duration_minutes))
                .await
                .map(Box::new),
        ),
        Command::CreateOrganization { name, slug } => {
            let request = OrganizationCreateViaDiscoveryRequest {
                organization_name: Some(name),
                organization_slug: Some(slug),
                session_duration_minutes: Some(config.session_duration_minutes),
                ..Default::default()
            };
            FlowEvent::Authenticated(client.discovery().create_organization(request).await.map(Box::new))
        }
    }
}

#[cfg(test)]
mod tests;
