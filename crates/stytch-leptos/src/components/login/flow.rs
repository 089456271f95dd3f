//! `<StytchLoginFlow>`: runs the core's login state machine and shares it with the screens.

use leptos::prelude::*;
use stytch_core::StytchError;
use stytch_core::flow::{AuthFlowType as FlowType, Command, FlowConfig, FlowEvent, FlowState, Screen, execute};
use stytch_models::MfaMethod;

use super::LoginStrings;
use crate::page::{current_href, navigate_to};
use crate::provider::{Stytch, StytchContext};

pub use stytch_core::flow::{AuthFlowType, EmailMagicLinksOptions, OAuthOptions, PasswordOptions, Product, SsoOptions};

/// Configuration of the login (the official `StytchB2BUIConfig`).
///
/// ```
/// use stytch_leptos::{LoginConfig, core::flow::{AuthFlowType, OAuthOptions, Product}, models::{MfaMethod, api::oauth::OAuthProvider}};
/// let config = LoginConfig {
///     flow_type: AuthFlowType::Organization,
///     organization_slug: Some("acme".into()),
///     products: vec![Product::OAuth, Product::EmailMagicLinks, Product::Passwords],
///     oauth: OAuthOptions { providers: vec![OAuthProvider::Google, OAuthProvider::GitHub], ..Default::default() },
///     session_duration_minutes: 120,
///     mfa_product_order: vec![MfaMethod::SmsOtp, MfaMethod::Totp],
///     ..Default::default()
/// };
/// assert!(!config.disable_create_organization);
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct LoginConfig {
    /// Discovery (sign in, then pick an organization) or Organization (one organization).
    pub flow_type: AuthFlowType,
    /// The Organization flow's organization; when `None`, the slug is read from the page URL
    /// with the project's `slug_pattern` (bootstrap), as the official UI does.
    pub organization_slug: Option<String>,
    /// Primary methods on the first screen, in order; email magic links when empty.
    pub products: Vec<Product>,
    /// Length of the session granted at the end (`sessionOptions.sessionDurationMinutes`).
    pub session_duration_minutes: u32,
    /// How magic links are sent (redirect URLs, template, locale, lifetime).
    pub email_magic_links: EmailMagicLinksOptions,
    /// OAuth buttons (providers, in order) and redirect URLs.
    pub oauth: OAuthOptions,
    /// Where SSO logins return (the official `ssoOptions`).
    pub sso: SsoOptions,
    /// Where password reset links land.
    pub passwords: PasswordOptions,
    /// Hide "create an organization" even when the project allows it.
    pub disable_create_organization: bool,
    /// Enter the only organization directly when there is exactly one active membership.
    pub direct_login_for_single_membership: bool,
    /// Go straight to organization creation when nothing is found.
    pub direct_create_organization_for_no_membership: bool,
    /// Order of MFA methods offered for enrollment (`mfaProductOrder`).
    pub mfa_product_order: Vec<MfaMethod>,
    /// MFA methods offered when the organization does not restrict them (`mfaProductInclude`).
    pub mfa_product_include: Vec<MfaMethod>,
}

impl Default for LoginConfig {
    fn default() -> Self {
        Self {
            flow_type: AuthFlowType::Discovery,
            organization_slug: None,
            products: vec![Product::EmailMagicLinks],
            session_duration_minutes: 30,
            email_magic_links: EmailMagicLinksOptions::default(),
            oauth: OAuthOptions::default(),
            sso: SsoOptions::default(),
            passwords: PasswordOptions::default(),
            disable_create_organization: false,
            direct_login_for_single_membership: false,
            direct_create_organization_for_no_membership: false,
            mfa_product_order: Vec::new(),
            mfa_product_include: Vec::new(),
        }
    }
}

/// What the login reports through `on_event` (the official `onEvent` types, typed).
///
/// ```no_run
/// use leptos::prelude::*;
/// use stytch_leptos::{LoginEvent, StytchLogin};
///
/// // Analytics on each step, and a redirect when the flow completes.
/// #[component]
/// fn Login() -> impl IntoView {
///     let on_event = move |event: LoginEvent| match event {
///         LoginEvent::DiscoveryAuthenticated { organizations, .. } => {
///             leptos::logging::log!("found {organizations} organization(s)")
///         }
///         LoginEvent::LoggedIn { organization_id, .. } => {
///             let _ = window().location().set_href(&format!("/orgs/{organization_id}"));
///         }
///         _ => {}
///     };
///     view! { <StytchLogin on_event/> }
/// }
/// ```
#[derive(Clone, Debug, PartialEq)]
pub enum LoginEvent {
    /// A discovery email went out (`B2B_MAGIC_LINK_EMAIL_DISCOVERY_SEND`).
    DiscoveryEmailSent {
        /// Recipient.
        email: String,
    },
    /// A discovery method succeeded (`B2B_MAGIC_LINK_DISCOVERY_AUTHENTICATE`,
    /// `B2B_OTPS_EMAIL_DISCOVERY_AUTHENTICATE`, `B2B_OAUTH_DISCOVERY_AUTHENTICATE`,
    /// `B2B_PASSWORD_DISCOVERY_AUTHENTICATE`).
    DiscoveryAuthenticated {
        /// The person's email.
        email: String,
        /// How many organizations were found.
        organizations: usize,
    },
    /// An organization was created (`B2B_DISCOVERY_ORGANIZATIONS_CREATE`).
    OrganizationCreated {
        /// The new organization.
        organization_id: String,
    },
    /// The IST was exchanged (`B2B_DISCOVERY_INTERMEDIATE_SESSION_EXCHANGE`).
    IntermediateSessionExchanged {
        /// The organization.
        organization_id: String,
        /// False when MFA or step-up is still needed.
        member_authenticated: bool,
    },
    /// An organization-scoped magic link went out (`B2B_MAGIC_LINK_EMAIL_LOGIN_OR_SIGNUP`).
    MagicLinkSent {
        /// Recipient.
        email: String,
    },
    /// An email code went out (`B2B_OTPS_EMAIL_LOGIN_OR_SIGNUP` / `B2B_OTPS_EMAIL_DISCOVERY_SEND`).
    EmailOtpSent {
        /// Recipient.
        email: String,
    },
    /// A primary method succeeded in an organization (`B2B_MAGIC_LINK_AUTHENTICATE`,
    /// `B2B_OTPS_EMAIL_AUTHENTICATE`, `B2B_PASSWORD_AUTHENTICATE`, `B2B_OAUTH_AUTHENTICATE`,
    /// `B2B_PASSWORD_RESET_BY_EMAIL`).
    PrimaryAuthenticated {
        /// Which method.
        method: PrimaryMethod,
        /// The organization.
        organization_id: String,
        /// False when MFA or a step-up is still needed.
        member_authenticated: bool,
    },
    /// A password reset link went out (`B2B_PASSWORD_RESET_BY_EMAIL_START`).
    PasswordResetStarted {
        /// Recipient.
        email: String,
    },
    /// The Organization flow found its organization (`B2B_ORGANIZATIONS_GET_BY_SLUG`).
    OrganizationFound {
        /// The organization.
        organization_id: String,
    },
    /// Leaving for an OAuth provider.
    OAuthStarted {
        /// The provider.
        provider: stytch_models::api::oauth::OAuthProvider,
    },
    /// Leaving for an organization's identity provider.
    SsoStarted {
        /// The SSO connection.
        connection_id: String,
    },
    /// A code was texted (`B2B_SMS_OTP_SEND`).
    SmsOtpSent,
    /// A texted code was accepted (`B2B_SMS_OTP_AUTHENTICATE`).
    SmsOtpAuthenticated,
    /// An authenticator-app registration was created (`B2B_TOTP_CREATE`).
    TotpCreated,
    /// An authenticator code was accepted (`B2B_TOTP_AUTHENTICATE`).
    TotpAuthenticated,
    /// A recovery code was used (`B2B_RECOVERY_CODES_RECOVER`).
    RecoveryCodeUsed,
    /// The flow finished signed in (`AUTHENTICATE_FLOW_COMPLETE`).
    LoggedIn {
        /// Member.
        member_id: String,
        /// Organization.
        organization_id: String,
    },
}

/// Form fields that survive screen changes (going back keeps what was typed).
#[derive(Clone, Copy)]
pub(crate) struct Fields {
    pub email: RwSignal<String>,
    pub organization_name: RwSignal<String>,
    pub organization_slug: RwSignal<String>,
    pub slug_edited: RwSignal<bool>,
    pub phone: RwSignal<String>,
    pub password: RwSignal<String>,
    pub new_password: RwSignal<String>,
    pub code: RwSignal<String>,
    pub recovery_code: RwSignal<String>,
    pub notice: RwSignal<Option<String>>,
}

/// Texts a login flow without its own `strings` uses, provided by a component that embeds one
/// (the organization switcher's verification dialog), so they are shared instead of copied.
#[derive(Clone, Copy)]
pub(crate) struct InheritedLoginStrings(pub StoredValue<LoginStrings>);

/// The running login flow, shared with the screens (and with your own layout through
/// [`use_login_flow`]).
///
/// ```no_run
/// use leptos::prelude::*;
/// use stytch_leptos::{LoginScreens, StytchLoginFlow, core::flow::{FlowEvent, Screen}, use_login_flow};
///
/// // A "Back" link of the app's own, shown on every screen but the first.
/// #[component]
/// fn Back() -> impl IntoView {
///     let flow = use_login_flow();
///     move || (!matches!(flow.screen().get(), Screen::Main)).then(|| view! {
///         <button type="button" disabled=move || flow.pending().get() on:click=move |_| flow.send(FlowEvent::Back)>
///             "Back"
///         </button>
///     })
/// }
///
/// #[component]
/// fn Login() -> impl IntoView {
///     view! { <StytchLoginFlow><Back/><LoginScreens/></StytchLoginFlow> }
/// }
/// ```
#[derive(Clone, Copy)]
pub struct LoginFlow {
    pub(crate) state: RwSignal<FlowState>,
    pub(crate) screen: Memo<Screen>,
    pub(crate) dispatch: Callback<FlowEvent>,
    pub(crate) strings: StoredValue<LoginStrings>,
    pub(crate) fields: Fields,
    /// Prefix of the screens' element IDs.
    pub(crate) id_prefix: StoredValue<String>,
}

impl LoginFlow {
    /// The current screen.
    ///
    /// ```no_run
    /// use leptos::prelude::*;
    /// use stytch_leptos::{core::flow::Screen, use_login_flow};
    ///
    /// // The page title follows the flow.
    /// #[component]
    /// fn Title() -> impl IntoView {
    ///     let flow = use_login_flow();
    ///     move || match flow.screen().get() {
    ///         Screen::Discovery { .. } => "Choose an organization",
    ///         Screen::LoggedIn => "Welcome",
    ///         _ => "Sign in",
    ///     }
    /// }
    /// ```
    pub fn screen(&self) -> Signal<Screen> {
        self.screen.into()
    }

    /// Whether a request is running.
    ///
    /// ```no_run
    /// use leptos::prelude::*;
    /// use stytch_leptos::use_login_flow;
    ///
    /// #[component]
    /// fn Spinner() -> impl IntoView {
    ///     let flow = use_login_flow();
    ///     view! { <Show when=move || flow.pending().get()><span role="status">"Working…"</span></Show> }
    /// }
    /// ```
    pub fn pending(&self) -> Signal<bool> {
        let state = self.state;
        Signal::derive(move || state.with(|s| s.pending))
    }

    /// Sends an event to the flow (what the screens' buttons do).
    ///
    /// ```no_run
    /// use leptos::prelude::*;
    /// use stytch_leptos::{core::flow::FlowEvent, use_login_flow};
    ///
    /// // A "Start over" link of the app's own.
    /// #[component]
    /// fn StartOver() -> impl IntoView {
    ///     let flow = use_login_flow();
    ///     view! { <button type="button" on:click=move |_| flow.send(FlowEvent::Restart)>"Start over"</button> }
    /// }
    /// ```
    pub fn send(&self, event: FlowEvent) {
        let _ = self.dispatch.try_run(event);
    }

    /// The ID of one of the screens' elements (`stytch-login-email` by default), unique to
    /// this login when it was given an `id_prefix`.
    #[inline(never)]
    pub(crate) fn id(&self, name: &str) -> String {
        self.id_prefix.with_value(|prefix| format!("{prefix}-{name}"))
    }

    /// One of the texts. Not generic and not inlined: the screens call it over a hundred
    /// times, and one copy of the read keeps each call to a few bytes.
    #[inline(never)]
    pub(crate) fn text(&self, pick: fn(&LoginStrings) -> &String) -> String {
        self.strings.with_value(|s| pick(s).clone())
    }
}

/// The login flow of the nearest [`StytchLoginFlow`] (or [`StytchLogin`](crate::StytchLogin)).
///
/// ```no_run
/// use leptos::prelude::*;
/// use stytch_leptos::{use_login_flow, core::flow::Screen};
///
/// #[component]
/// fn Breadcrumb() -> impl IntoView {
///     let flow = use_login_flow();
///     move || if matches!(flow.screen().get(), Screen::Main) { "Step 1 of 2" } else { "Step 2 of 2" }
/// }
/// ```
///
/// ## Panics
/// Outside a `<StytchLoginFlow>` or `<StytchLogin>`.
#[track_caller]
pub fn use_login_flow() -> LoginFlow {
    use_context::<LoginFlow>()
        .expect("stytch-leptos: use_login_flow must be called inside <StytchLoginFlow> or <StytchLogin>")
}

/// The primary method of a [`LoginEvent::PrimaryAuthenticated`].
///
/// ```no_run
/// use leptos::prelude::*;
/// use stytch_leptos::{LoginEvent, PrimaryMethod, StytchLogin};
///
/// // Count password sign-ins that still need a second factor.
/// #[component]
/// fn Login() -> impl IntoView {
///     let pending_mfa = RwSignal::new(0);
///     let on_event = move |event: LoginEvent| {
///         if let LoginEvent::PrimaryAuthenticated { method: PrimaryMethod::Password, member_authenticated: false, .. } = event {
///             pending_mfa.update(|n| *n += 1);
///         }
///     };
///     view! { <StytchLogin on_event/> }
/// }
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PrimaryMethod {
    /// An organization-scoped magic link.
    MagicLink,
    /// An emailed code.
    EmailOtp,
    /// A password.
    Password,
    /// A password reset by email.
    PasswordReset,
    /// OAuth.
    OAuth,
    /// Single sign-on.
    Sso,
    /// An impersonation link from the Stytch Dashboard: someone on your team, as the member.
    Impersonation,
}

/// What [`event_for`] needs to know about a command once it has run. Taken before the request
/// goes out, so the command itself (which may hold a password or a code) is moved into the
/// request rather than copied and kept until its answer.
enum Sent {
    LoginEmail,
    OAuth(stytch_models::api::oauth::OAuthProvider),
    Sso(String),
    CreateOrganization,
    Primary(PrimaryMethod),
    Sms,
    Totp,
    RecoveryCode,
    Other,
}

impl Sent {
    fn of(command: &Command) -> Sent {
        match command {
            Command::SendLoginEmail { .. } => Sent::LoginEmail,
            Command::StartOAuth { provider, .. } => Sent::OAuth(provider.clone()),
            Command::StartSso { connection_id } => Sent::Sso(connection_id.clone()),
            Command::CreateOrganization { .. } => Sent::CreateOrganization,
            Command::AuthenticateMagicLink { .. } => Sent::Primary(PrimaryMethod::MagicLink),
            Command::AuthenticateLoginEmailOtp { .. } => Sent::Primary(PrimaryMethod::EmailOtp),
            Command::AuthenticatePassword { .. } => Sent::Primary(PrimaryMethod::Password),
            Command::ResetPassword { .. } => Sent::Primary(PrimaryMethod::PasswordReset),
            Command::AuthenticateOAuth { .. } => Sent::Primary(PrimaryMethod::OAuth),
            Command::AuthenticateSso { .. } => Sent::Primary(PrimaryMethod::Sso),
            Command::AuthenticateImpersonation { .. } => Sent::Primary(PrimaryMethod::Impersonation),
            Command::AuthenticateSms { .. } => Sent::Sms,
            Command::AuthenticateTotp { .. } => Sent::Totp,
            Command::Recover { .. } => Sent::RecoveryCode,
            _ => Sent::Other,
        }
    }
}

fn event_for(sent: Sent, event: &FlowEvent) -> Option<LoginEvent> {
    Some(match (sent, event) {
        (Sent::LoginEmail, FlowEvent::EmailSent(Ok(email))) => LoginEvent::MagicLinkSent { email: email.clone() },
        (_, FlowEvent::EmailSent(Ok(email))) => LoginEvent::DiscoveryEmailSent { email: email.clone() },
        (_, FlowEvent::EmailOtpSent(Ok((email, _)))) => LoginEvent::EmailOtpSent { email: email.clone() },
        (_, FlowEvent::PasswordResetSent(Ok(email))) => LoginEvent::PasswordResetStarted { email: email.clone() },
        (_, FlowEvent::OrganizationResolved(Ok(Some(o)))) => LoginEvent::OrganizationFound {
            organization_id: o.organization_id.clone(),
        },
        (Sent::OAuth(provider), FlowEvent::Redirect(Ok(_))) => LoginEvent::OAuthStarted { provider },
        (Sent::Sso(connection_id), FlowEvent::Redirect(Ok(_))) => LoginEvent::SsoStarted { connection_id },
        (_, FlowEvent::DiscoveryAuthenticated(Ok(r))) => LoginEvent::DiscoveryAuthenticated {
            email: r.email_address.clone(),
            organizations: r.discovered_organizations.len(),
        },
        (sent, FlowEvent::Authenticated { result: Ok(r), .. }) => {
            let organization_id = r.organization.organization_id.clone();
            let member_authenticated = r.member_session.is_some();
            match sent {
                Sent::CreateOrganization => LoginEvent::OrganizationCreated { organization_id },
                Sent::Primary(method) => LoginEvent::PrimaryAuthenticated {
                    method,
                    organization_id,
                    member_authenticated,
                },
                _ => LoginEvent::IntermediateSessionExchanged {
                    organization_id,
                    member_authenticated,
                },
            }
        }
        (_, FlowEvent::SmsSent(Ok(_))) => LoginEvent::SmsOtpSent,
        (_, FlowEvent::TotpCreated(Ok(_))) => LoginEvent::TotpCreated,
        (Sent::Sms, FlowEvent::MfaCompleted(Ok(_))) => LoginEvent::SmsOtpAuthenticated,
        (Sent::Totp, FlowEvent::MfaCompleted(Ok(_))) => LoginEvent::TotpAuthenticated,
        (Sent::RecoveryCode, FlowEvent::MfaCompleted(Ok(_))) => LoginEvent::RecoveryCodeUsed,
        _ => return None,
    })
}

fn error_of(event: &FlowEvent) -> Option<&StytchError> {
    match event {
        FlowEvent::EmailSent(Err(e))
        | FlowEvent::EmailOtpSent(Err(e))
        | FlowEvent::PasswordResetSent(Err(e))
        | FlowEvent::OrganizationResolved(Err(e))
        | FlowEvent::Redirect(Err(e))
        | FlowEvent::DiscoveryAuthenticated(Err(e))
        | FlowEvent::Authenticated { result: Err(e), .. }
        | FlowEvent::SmsSent(Err(e))
        | FlowEvent::TotpCreated(Err(e))
        | FlowEvent::MfaCompleted(Err(e)) => Some(e),
        _ => None,
    }
}

/// Runs the login flow and shares it with its children: put the screen components (or your
/// own layout around them) inside. [`StytchLogin`](crate::StytchLogin) is this plus a frame
/// and every screen.
///
/// ```no_run
/// use leptos::prelude::*;
/// use stytch_leptos::{MainScreen, EmailSentScreen, StytchLoginFlow};
///
/// #[component]
/// fn CustomLogin() -> impl IntoView {
///     view! {
///         <StytchLoginFlow>
///             <div class="my-two-column-layout">
///                 <aside>"Welcome back"</aside>
///                 <main><MainScreen/><EmailSentScreen/></main>
///             </div>
///         </StytchLoginFlow>
///     }
/// }
/// ```
#[component]
pub fn StytchLoginFlow(
    /// Flow configuration.
    #[prop(optional)]
    config: LoginConfig,
    /// Visible texts.
    #[prop(optional)]
    strings: Option<LoginStrings>,
    /// Called after each step that succeeds, and when the flow completes.
    #[prop(optional, into)]
    on_event: Option<Callback<LoginEvent>>,
    /// Called with every error.
    #[prop(optional, into)]
    on_error: Option<Callback<StytchError>>,
    /// Continue from an answer that asks for more (MFA or a primary step-up) instead of the
    /// first screen: what the organization switcher does after `switch_organization`.
    #[prop(optional)]
    resume: Option<stytch_models::api::sessions::AuthenticateWithMfaResponse>,
    /// Prefix of the screens' element IDs (`{prefix}-email`, …), `stytch-login` when unset.
    /// Give a second login on the same page its own, so each label stays tied to its field.
    #[prop(optional, into)]
    id_prefix: Option<String>,
    /// The screens, in your layout.
    children: Children,
) -> impl IntoView {
    let context = StytchContext::expect();
    let flow_config = FlowConfig {
        flow_type: config.flow_type,
        products: config.products.clone(),
        oauth: config.oauth.clone(),
        sso: config.sso.clone(),
        passwords: config.passwords.clone(),
        session_duration_minutes: config.session_duration_minutes,
        email_magic_links: config.email_magic_links.clone(),
        allow_create_organization: false,
        direct_login_for_single_membership: config.direct_login_for_single_membership,
        direct_create_organization_for_no_membership: config.direct_create_organization_for_no_membership,
        mfa_product_order: config.mfa_product_order.clone(),
        mfa_product_include: config.mfa_product_include.clone(),
    };
    let state = RwSignal::new(FlowState::new(flow_config.clone()));
    let flow_config = StoredValue::new(flow_config);

    // Callbacks may outlive the component (a request can finish after a route change).
    let emit = move |event: LoginEvent| {
        if let Some(callback) = on_event {
            let _ = callback.try_run(event);
        }
    };
    let report = move |sent: Sent, event: &FlowEvent| {
        if let Some(login_event) = event_for(sent, event) {
            emit(login_event);
        }
        if let (Some(error), Some(callback)) = (error_of(event), on_error) {
            let _ = callback.try_run(error.clone());
        }
    };

    // Applies an event and runs the commands it leads to, one after another.
    let run = move |event: FlowEvent| {
        let command = state.try_update(|s| s.handle(event)).flatten();
        let Some(command) = command else { return };
        let Some(client) = (Stytch { context }).client() else {
            return;
        };
        leptos::task::spawn_local(async move {
            let mut next = Some(command);
            while let Some(command) = next {
                // The component may have unmounted while a request was in flight.
                let Some(config) = flow_config.try_get_value() else {
                    return;
                };
                let sent = Sent::of(&command);
                let event = execute(&client, &config, command).await;
                report(sent, &event);
                next = state.try_update(|s| s.handle(event)).flatten();
            }
        });
    };
    let dispatch = Callback::new(run);
    // Everything below runs the flow through the one callback, so the code that applies an
    // event and starts its commands exists once instead of once per call site.
    let run = move |event: FlowEvent| {
        let _ = dispatch.try_run(event);
    };

    // The project decides whether organizations may be created from the SDK.
    let disable_create = config.disable_create_organization;
    Effect::new(move |_| {
        if let Some(bootstrap) = context.bootstrap.get() {
            let enabled = bootstrap.create_organization_enabled && !disable_create;
            flow_config.update_value(|c| c.allow_create_organization = enabled);
            run(FlowEvent::CreateOrganizationEnabled(enabled));
        }
    });

    // Where the flow starts, once the client has started: an answer to continue from, a token
    // a redirect brought back, or (Organization flow) the organization named by the slug.
    let organization_slug = config.organization_slug.clone();
    let organization_flow = config.flow_type == FlowType::Organization;
    let resume = StoredValue::new(resume);
    Effect::new(move |done: Option<bool>| {
        if done == Some(true) || !context.is_initialized.get() {
            return done.unwrap_or(false);
        }
        if let Some(answer) = resume.try_update_value(Option::take).flatten() {
            let at_ms = (Stytch { context })
                .client()
                .map(|c| c.runtime().now_ms())
                .unwrap_or_default();
            if organization_flow && let Some(slug) = organization_slug.clone() {
                run(FlowEvent::OpenOrganization { slug });
            }
            run(FlowEvent::Authenticated {
                result: Ok(Box::new(answer)),
                at_ms,
            });
            return true;
        }
        #[cfg(all(target_arch = "wasm32", not(feature = "ssr")))]
        if let Some(url) = take_token_from_url() {
            run(FlowEvent::UrlOpened(url));
            return true;
        }
        if !organization_flow {
            return true;
        }
        let slug = match organization_slug.clone() {
            Some(slug) => Some(slug),
            // The slug comes from the page URL, matched with the project's pattern.
            None => match context.bootstrap.get() {
                None => return false,
                Some(bootstrap) => bootstrap
                    .slug_pattern
                    .as_deref()
                    .zip(current_href())
                    .and_then(|(pattern, href)| stytch_core::slug_from_url(pattern, &href)),
            },
        };
        match slug {
            Some(slug) => run(FlowEvent::OpenOrganization { slug }),
            None => run(FlowEvent::OrganizationResolved(Ok(None))),
        }
        true
    });

    // Leaving for an identity provider.
    Effect::new(move |_| {
        if let Screen::Redirecting { url } = state.with(|s| s.screen.clone()) {
            navigate_to(&url);
        }
    });

    let screen = Memo::new(move |_| state.with(|s| s.screen.clone()));
    // A step-up returns to the first screen with other content: that is a new screen too.
    let screen_key = Memo::new(move |_| {
        state.with(|s| {
            (
                std::mem::discriminant(&s.screen),
                s.primary_step().map(|p| p.allowed.clone()),
            )
        })
    });
    focus_heading_on_screen_change(screen_key);

    // The flow is complete when the signed-in screen appears (after saving recovery codes).
    Effect::new(move |previous: Option<bool>| {
        let logged_in = screen.with(|s| *s == Screen::LoggedIn);
        if logged_in && previous == Some(false) {
            let ids = context
                .session
                .with_untracked(|s| s.as_ref().map(|s| (s.member_id.clone(), s.organization_id.clone())));
            let (member_id, organization_id) = ids.unwrap_or_default();
            emit(LoginEvent::LoggedIn {
                member_id,
                organization_id,
            });
        }
        logged_in
    });

    let fields = Fields {
        email: RwSignal::new(String::new()),
        organization_name: RwSignal::new(String::new()),
        organization_slug: RwSignal::new(String::new()),
        slug_edited: RwSignal::new(false),
        phone: RwSignal::new(String::new()),
        password: RwSignal::new(String::new()),
        new_password: RwSignal::new(String::new()),
        code: RwSignal::new(String::new()),
        recovery_code: RwSignal::new(String::new()),
        notice: RwSignal::new(None),
    };
    // A new screen starts with an empty code field and no stale notice.
    Effect::new(move |previous: Option<std::mem::Discriminant<Screen>>| {
        let current = screen.with(std::mem::discriminant);
        if previous.is_some_and(|p| p != current) {
            fields.code.set(String::new());
            fields.notice.set(None);
        }
        current
    });

    provide_context(LoginFlow {
        state,
        screen,
        dispatch,
        strings: match (strings, use_context::<InheritedLoginStrings>()) {
            (Some(strings), _) => StoredValue::new(strings),
            (None, Some(InheritedLoginStrings(inherited))) => inherited,
            (None, None) => StoredValue::new(LoginStrings::default()),
        },
        fields,
        id_prefix: StoredValue::new(id_prefix.unwrap_or_else(|| "stytch-login".to_owned())),
    });
    children()
}

/// Reads a redirect's token from the page URL and removes it from the address bar (the official
/// `clearParams`), so a reload does not replay a used token.
#[cfg(all(target_arch = "wasm32", not(feature = "ssr")))]
fn take_token_from_url() -> Option<stytch_core::AuthenticateUrl> {
    let window = web_sys::window()?;
    let href = window.location().href().ok()?;
    let parsed = stytch_core::parse_authenticate_url(&href)?;
    let (base, fragment) = href
        .split_once('#')
        .map(|(b, f)| (b, format!("#{f}")))
        .unwrap_or((&href, String::new()));
    let (path, query) = base.split_once('?').unwrap_or((base, ""));
    let ours = ["token=", "stytch_token_type=", "stytch_redirect_type="];
    let kept: Vec<&str> = query
        .split('&')
        .filter(|p| !p.is_empty() && !ours.iter().any(|o| p.starts_with(o)))
        .collect();
    let clean = if kept.is_empty() {
        format!("{path}{fragment}")
    } else {
        format!("{path}?{}{fragment}", kept.join("&"))
    };
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&clean));
    }
    Some(parsed)
}

/// Moves keyboard and screen-reader focus to the new screen's heading whenever the screen
/// changes (not on the first render, so a page load does not steal focus).
fn focus_heading_on_screen_change<K: Clone + PartialEq + Send + Sync + 'static>(key: Memo<K>) {
    Effect::new(move |previous: Option<K>| {
        let current = key.get();
        if previous.as_ref().is_some_and(|p| *p != current) {
            request_animation_frame(move || {
                use wasm_bindgen::JsCast;
                let heading = web_sys::window()
                    .and_then(|w| w.document())
                    .and_then(|d| d.query_selector("[data-stytch-heading]").ok().flatten())
                    .and_then(|h| h.dyn_into::<web_sys::HtmlElement>().ok());
                if let Some(heading) = heading {
                    let _ = heading.focus();
                }
            });
        }
        current
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use stytch_models::api::oauth::OAuthProvider;
    use stytch_models::api::sessions::{AuthenticateResponse, AuthenticateWithMfaResponse};

    fn authenticated(signed_in: bool) -> FlowEvent {
        let mut answer = AuthenticateWithMfaResponse::default();
        answer.organization.organization_id = "org".into();
        answer.member_session = signed_in.then(Default::default);
        FlowEvent::Authenticated {
            result: Ok(Box::new(answer)),
            at_ms: 0,
        }
    }

    fn text(value: &str) -> String {
        value.to_owned()
    }

    fn reported(command: Command, event: FlowEvent) -> Option<LoginEvent> {
        event_for(Sent::of(&command), &event)
    }

    #[test]
    fn each_successful_step_is_reported_as_the_official_event_type() {
        let primary = |method| LoginEvent::PrimaryAuthenticated {
            method,
            organization_id: text("org"),
            member_authenticated: true,
        };
        let token = || text("t");
        let cases = [
            (
                Command::SendLoginEmail {
                    organization_id: text("org"),
                    email: text("a@b.co"),
                },
                FlowEvent::EmailSent(Ok(text("a@b.co"))),
                Some(LoginEvent::MagicLinkSent { email: text("a@b.co") }),
            ),
            (
                Command::SendDiscoveryEmail { email: text("a@b.co") },
                FlowEvent::EmailSent(Ok(text("a@b.co"))),
                Some(LoginEvent::DiscoveryEmailSent { email: text("a@b.co") }),
            ),
            (
                Command::StartOAuth {
                    provider: OAuthProvider::Google,
                    organization_id: None,
                },
                FlowEvent::Redirect(Ok(text("https://idp"))),
                Some(LoginEvent::OAuthStarted {
                    provider: OAuthProvider::Google,
                }),
            ),
            (
                Command::StartSso {
                    connection_id: text("sso-1"),
                },
                FlowEvent::Redirect(Ok(text("https://idp"))),
                Some(LoginEvent::SsoStarted {
                    connection_id: text("sso-1"),
                }),
            ),
            (
                Command::CreateOrganization {
                    name: text("Acme"),
                    slug: text("acme"),
                },
                authenticated(true),
                Some(LoginEvent::OrganizationCreated {
                    organization_id: text("org"),
                }),
            ),
            (
                Command::AuthenticateMagicLink { token: token() },
                authenticated(true),
                Some(primary(PrimaryMethod::MagicLink)),
            ),
            (
                Command::AuthenticateLoginEmailOtp {
                    organization_id: text("org"),
                    email: text("a@b.co"),
                    code: text("1"),
                },
                authenticated(true),
                Some(primary(PrimaryMethod::EmailOtp)),
            ),
            (
                Command::AuthenticatePassword {
                    organization_id: text("org"),
                    email: text("a@b.co"),
                    password: text("p"),
                },
                authenticated(true),
                Some(primary(PrimaryMethod::Password)),
            ),
            (
                Command::ResetPassword {
                    token: token(),
                    password: text("p"),
                },
                authenticated(true),
                Some(primary(PrimaryMethod::PasswordReset)),
            ),
            (
                Command::AuthenticateOAuth { token: token() },
                authenticated(true),
                Some(primary(PrimaryMethod::OAuth)),
            ),
            (
                Command::AuthenticateSso { token: token() },
                authenticated(true),
                Some(primary(PrimaryMethod::Sso)),
            ),
            (
                Command::AuthenticateImpersonation { token: token() },
                authenticated(true),
                Some(primary(PrimaryMethod::Impersonation)),
            ),
            (
                Command::ExchangeIntermediateSession {
                    organization_id: text("org"),
                },
                authenticated(false),
                Some(LoginEvent::IntermediateSessionExchanged {
                    organization_id: text("org"),
                    member_authenticated: false,
                }),
            ),
            (
                Command::AuthenticateSms {
                    organization_id: text("org"),
                    member_id: text("m"),
                    code: text("1"),
                },
                FlowEvent::MfaCompleted(Ok(Box::new(AuthenticateResponse::default()))),
                Some(LoginEvent::SmsOtpAuthenticated),
            ),
            (
                Command::AuthenticateTotp {
                    organization_id: text("org"),
                    member_id: text("m"),
                    code: text("1"),
                    set_default: false,
                },
                FlowEvent::MfaCompleted(Ok(Box::new(AuthenticateResponse::default()))),
                Some(LoginEvent::TotpAuthenticated),
            ),
            (
                Command::Recover {
                    organization_id: text("org"),
                    member_id: text("m"),
                    code: text("1"),
                },
                FlowEvent::MfaCompleted(Ok(Box::new(AuthenticateResponse::default()))),
                Some(LoginEvent::RecoveryCodeUsed),
            ),
            (
                Command::SendSms {
                    organization_id: text("org"),
                    member_id: text("m"),
                    phone: None,
                },
                FlowEvent::SmsSent(Ok(0)),
                Some(LoginEvent::SmsOtpSent),
            ),
            (
                Command::SendLoginEmail {
                    organization_id: text("org"),
                    email: text("a@b.co"),
                },
                FlowEvent::EmailSent(Err(StytchError::Unreachable(text("offline")))),
                None,
            ),
        ];
        for (command, event, expected) in cases {
            let label = format!("{command:?}");
            assert_eq!(reported(command, event), expected, "{label}");
        }
    }
}
