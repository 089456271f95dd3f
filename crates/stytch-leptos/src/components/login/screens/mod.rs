//! The screens, one public component each. A screen renders only while the flow is on it,
//! so any subset can be placed in a custom layout inside `<StytchLoginFlow>`.

mod discovery;
mod email;
mod mfa;
mod password;
mod recovery;
mod sso;
mod status;

pub use discovery::{CreateOrganizationScreen, DiscoveryScreen};
pub use email::{EmailMethodSelectionScreen, EmailOtpEntryScreen, EmailSentScreen, MainScreen};
pub use mfa::{MfaSelectionScreen, SmsEnrollmentScreen, SmsEntryScreen, TotpEnrollmentScreen, TotpEntryScreen};
pub use password::{PasswordForgotScreen, PasswordResetScreen, PasswordResetSentScreen};
pub use recovery::{RecoveryCodeEntryScreen, RecoveryCodeSaveScreen};
pub use sso::{SsoConnectionsScreen, SsoDiscoveryScreen};
pub use status::{AuthenticatingScreen, ErrorScreen, LoadingOrganizationScreen, LoggedInScreen, RedirectingScreen};

use leptos::prelude::*;
use stytch_core::flow::{FlowEvent, Screen};

use super::flow::{LoginFlow, use_login_flow};

/// Every screen; exactly one shows at a time.
///
/// ```no_run
/// use leptos::prelude::*;
/// use stytch_leptos::{LoginScreens, StytchLoginFlow};
///
/// #[component]
/// fn Login() -> impl IntoView {
///     view! { <StytchLoginFlow><section class="my-card"><LoginScreens/></section></StytchLoginFlow> }
/// }
/// ```
///
/// Screens of a flow left out by a cargo feature (`email-otp`, `passwords`, `sso`, `mfa`; the
/// redirect screen without `oauth` and `sso`) are left out here too, so an app pays only for
/// the flows it builds with; the flow never reaches them.
/// Each group is type-erased, which also keeps the view type shallow enough for server builds.
#[component]
pub fn LoginScreens() -> impl IntoView {
    view! {
        <LoadingOrganizationScreen/>
        <MainScreen/>
        {email_otp_screens()}
        <EmailSentScreen/>
        {password_screens()}
        {sso_screens()}
        {redirecting_screen()}
        <AuthenticatingScreen/>
        <DiscoveryScreen/>
        <CreateOrganizationScreen/>
        {mfa_screens()}
        <LoggedInScreen/>
        <ErrorScreen/>
    }
}

#[cfg(feature = "email-otp")]
fn email_otp_screens() -> AnyView {
    view! {
        <EmailMethodSelectionScreen/>
        <EmailOtpEntryScreen/>
    }
    .into_any()
}

#[cfg(not(feature = "email-otp"))]
fn email_otp_screens() -> AnyView {
    ().into_any()
}

/// Only OAuth and SSO leave for another site.
#[cfg(any(feature = "oauth", feature = "sso"))]
fn redirecting_screen() -> AnyView {
    view! { <RedirectingScreen/> }.into_any()
}

#[cfg(not(any(feature = "oauth", feature = "sso")))]
fn redirecting_screen() -> AnyView {
    ().into_any()
}

#[cfg(feature = "sso")]
fn sso_screens() -> AnyView {
    view! {
        <SsoDiscoveryScreen/>
        <SsoConnectionsScreen/>
    }
    .into_any()
}

#[cfg(not(feature = "sso"))]
fn sso_screens() -> AnyView {
    ().into_any()
}

#[cfg(feature = "passwords")]
fn password_screens() -> AnyView {
    view! {
        <PasswordForgotScreen/>
        <PasswordResetSentScreen/>
        <PasswordResetScreen/>
    }
    .into_any()
}

#[cfg(not(feature = "passwords"))]
fn password_screens() -> AnyView {
    ().into_any()
}

#[cfg(feature = "mfa")]
fn mfa_screens() -> AnyView {
    view! {
        <MfaSelectionScreen/>
        <SmsEnrollmentScreen/>
        <SmsEntryScreen/>
        <TotpEnrollmentScreen/>
        <TotpEntryScreen/>
        <RecoveryCodeEntryScreen/>
        <RecoveryCodeSaveScreen/>
    }
    .into_any()
}

#[cfg(not(feature = "mfa"))]
fn mfa_screens() -> AnyView {
    ().into_any()
}

/// The screen's title; receives focus when the screen appears.
fn heading(text: String) -> impl IntoView {
    view! { <h2 class="stytch-login__title" data-stytch-heading tabindex="-1">{text}</h2> }
}

/// The current problem, announced by screen readers.
fn error_message(flow: LoginFlow) -> impl IntoView {
    let text = move || {
        flow.state
            .with(|s| s.error.as_ref().map(|e| flow.strings.with_value(|t| t.for_error(e))))
    };
    view! { <p class="stytch-login__error" role="alert" aria-live="assertive">{text}</p> }
}

/// "Open it in this browser", under a sent link when the project's bootstrap binds that kind
/// of link to the browser that asked for it (PKCE). Read once: the send waited for the
/// bootstrap, so it is known by the time the link is sent.
fn same_browser_hint(
    flow: LoginFlow,
    required: fn(&stytch_models::BootstrapResponse) -> bool,
) -> Option<impl IntoView> {
    let bound = crate::use_stytch()
        .client()
        .and_then(|client| client.bootstrap())
        .is_some_and(|bootstrap| required(&bootstrap));
    bound.then(|| view! { <p class="stytch-login__muted">{flow.text(|s| &s.same_browser_hint)}</p> })
}

/// A polite notice (code sent, copied), announced without interrupting.
fn notice(flow: LoginFlow) -> impl IntoView {
    view! { <p class="stytch-login__notice" role="status" aria-live="polite">{move || flow.fields.notice.get()}</p> }
}

/// A labelled email field bound to `field` (the forms besides the first screen's).
fn email_input(id: String, label: String, field: RwSignal<String>) -> impl IntoView {
    view! {
        <label for=id.clone()>{label}</label>
        <input
            id=id
            class="stytch-input"
            type="email"
            name="email"
            autocomplete="email"
            required
            prop:value=move || field.get()
            on:input=move |ev| field.set(event_target_value(&ev))
        />
    }
}

/// A labelled six-digit one-time-code input bound to `field`.
fn code_input(id: String, label: String, field: RwSignal<String>) -> impl IntoView {
    view! {
        <label for=id.clone()>{label}</label>
        <input
            id=id
            class="stytch-input stytch-input--code"
            type="text"
            inputmode="numeric"
            autocomplete="one-time-code"
            pattern="[0-9]*"
            maxlength="6"
            required
            prop:value=move || field.get()
            on:input=move |ev| field.set(event_target_value(&ev))
        />
    }
}

/// A secondary action shown as a link-styled button; disabled while a request runs, like
/// every other control, so a click is never silently ignored.
fn link_button(flow: LoginFlow, text: String, on_click: impl Fn() + Send + Sync + 'static) -> impl IntoView {
    link_button_erased(flow, text, Box::new(on_click))
}

/// [`link_button`]'s view, built once for every action (not once per action's closure type).
#[inline(never)]
fn link_button_erased(flow: LoginFlow, text: String, on_click: Box<dyn Fn() + Send + Sync>) -> impl IntoView {
    view! {
        <button type="button" class="stytch-button stytch-button--link" disabled=flow.pending() on:click=move |_| on_click()>
            {text}
        </button>
    }
}

/// "Back", shown only when the flow has somewhere to go back to.
fn back_link(flow: LoginFlow) -> impl IntoView {
    move || {
        flow.state
            .with(|s| s.can_go_back())
            .then(|| link_button(flow, flow.text(|s| &s.back_button), move || flow.send(FlowEvent::Back)))
    }
}

/// Whether the flow is on a screen; changes only when that answer does, so a screen's inputs
/// survive updates within it (a countdown, a code re-sent).
fn on_screen(flow: LoginFlow, is: fn(&Screen) -> bool) -> Memo<bool> {
    Memo::new(move |_| flow.screen.with(is))
}

fn current_flow() -> LoginFlow {
    use_login_flow()
}
