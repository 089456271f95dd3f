//! `<StytchLogin>`: the prebuilt B2B login (Discovery and MFA). It renders the core's
//! [`FlowState`](stytch_core::flow::FlowState) and sends it events; all rules live there.
//!
//! One component per screen, in `screens/`; [`StytchLoginFlow`] runs the flow for any layout.

mod flow;
pub(crate) use flow::InheritedLoginStrings;
mod screens;
mod strings;
mod theme;

use leptos::prelude::*;
use stytch_core::StytchError;

pub use flow::{
    AuthFlowType, EmailMagicLinksOptions, LoginConfig, LoginEvent, LoginFlow, OAuthOptions, PasswordOptions,
    PrimaryMethod, Product, SsoOptions, StytchLoginFlow, use_login_flow,
};
pub use screens::{
    AuthenticatingScreen, CreateOrganizationScreen, DiscoveryScreen, EmailMethodSelectionScreen, EmailOtpEntryScreen,
    EmailSentScreen, ErrorScreen, LoadingOrganizationScreen, LoggedInScreen, LoginScreens, MainScreen,
    MfaSelectionScreen, PasswordForgotScreen, PasswordResetScreen, PasswordResetSentScreen, RecoveryCodeEntryScreen,
    RecoveryCodeSaveScreen, RedirectingScreen, SmsEnrollmentScreen, SmsEntryScreen, SsoConnectionsScreen,
    SsoDiscoveryScreen, TotpEnrollmentScreen, TotpEntryScreen,
};
pub use strings::LoginStrings;
pub use theme::Theme;

use crate::style::mount_style;

/// The prebuilt B2B login: email, "check your email", the link landing, the organization list
/// (continue, accept an invite, join, or create one), then whatever the organization requires
/// (MFA enrollment or entry by authenticator app, text message or recovery code) and the
/// signed-in state. Render it on your login route and on the route your links land on.
///
/// Accessible by construction: labelled inputs, native buttons, errors in live regions, and
/// focus moved to each new screen's heading.
///
/// ```no_run
/// use leptos::prelude::*;
/// use stytch_leptos::{LoginConfig, LoginEvent, StytchLogin, Theme, core::flow::EmailMagicLinksOptions};
///
/// #[component]
/// fn LoginPage() -> impl IntoView {
///     let config = LoginConfig {
///         email_magic_links: EmailMagicLinksOptions {
///             discovery_redirect_url: Some("http://localhost:8080/authenticate".into()),
///             ..Default::default()
///         },
///         ..Default::default()
///     };
///     view! {
///         <StytchLogin
///             config=config
///             theme=Theme::dark()
///             on_event=move |event: LoginEvent| leptos::logging::log!("{event:?}")
///         />
///     }
/// }
/// ```
///
/// ## Theming
/// Pass a [`Theme`] (a preset or your own), or set the `--stytch-*` custom properties
/// (`--stytch-primary`, `--stytch-background`, `--stytch-foreground`, `--stytch-surface`,
/// `--stytch-border`, `--stytch-radius`, `--stytch-font-family`, …) on any ancestor, and add
/// your own `class`.
///
/// ## Custom layouts
/// Use [`StytchLoginFlow`] with the screen components ([`MainScreen`], [`DiscoveryScreen`],
/// [`TotpEntryScreen`], …) placed where you want them.
#[component]
pub fn StytchLogin(
    /// Flow configuration.
    #[prop(optional)]
    config: LoginConfig,
    /// Visible texts.
    #[prop(optional)]
    strings: Option<LoginStrings>,
    /// Colours and shapes; the stylesheet's defaults (and your custom properties) when unset.
    #[prop(optional, into)]
    theme: MaybeProp<Theme>,
    /// Called after each step that succeeds, and when the flow completes.
    #[prop(optional, into)]
    on_event: Option<Callback<LoginEvent>>,
    /// Called with every error.
    #[prop(optional, into)]
    on_error: Option<Callback<StytchError>>,
    /// Extra classes on the root element.
    #[prop(optional, into)]
    class: MaybeProp<String>,
    /// Prefix of the element IDs (`{prefix}-email`, …), `stytch-login` when unset. Give a
    /// second login on the same page its own (a sign-up tab beside a sign-in tab), so each
    /// label stays tied to its own field.
    #[prop(optional, into)]
    id_prefix: Option<String>,
) -> impl IntoView {
    let class = move || match class.get() {
        Some(extra) => format!("stytch-login {extra}"),
        None => "stytch-login".to_owned(),
    };
    let style = move || theme.get().map(|t| t.to_css());
    let on_event = move |event: LoginEvent| {
        if let Some(callback) = on_event {
            let _ = callback.try_run(event);
        }
    };
    let on_error = move |error: StytchError| {
        if let Some(callback) = on_error {
            let _ = callback.try_run(error);
        }
    };
    view! {
        {mount_style("login", include_str!("login.css"))}
        <StytchLoginFlow config=config strings=strings.unwrap_or_default() on_event=on_event on_error=on_error id_prefix=id_prefix.unwrap_or_else(|| "stytch-login".to_owned())>
            <LoginFrame class=class style=style/>
        </StytchLoginFlow>
    }
}

/// The card around the screens; `aria-busy` while a request runs.
#[component]
fn LoginFrame(#[prop(into)] class: Signal<String>, #[prop(into)] style: Signal<Option<String>>) -> impl IntoView {
    let flow = use_login_flow();
    view! {
        <section class=class style=style aria-busy=move || flow.pending().get().to_string()>
            <LoginScreens/>
        </section>
    }
}
