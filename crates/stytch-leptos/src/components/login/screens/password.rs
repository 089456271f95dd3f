use std::time::Duration;

use leptos::prelude::*;
use stytch_core::flow::{FlowEvent, Screen};

use super::{back_link, current_flow, email_input, error_message, heading, link_button, on_screen, same_browser_hint};

/// How long typing must pause before a new password is rated (the official UI waits 500 ms).
const RATE_AFTER: Duration = Duration::from_millis(500);

/// The address to send a password reset link to.
///
/// ```no_run
/// use leptos::prelude::*;
/// use stytch_leptos::{
///     LoginConfig, MainScreen, PasswordForgotScreen, PasswordOptions, PasswordResetScreen, PasswordResetSentScreen,
///     Product, StytchLoginFlow,
/// };
///
/// // Passwords, with the three reset screens; reset links land on /reset.
/// #[component]
/// fn PasswordLogin() -> impl IntoView {
///     let config = LoginConfig {
///         products: vec![Product::Passwords],
///         passwords: PasswordOptions { reset_password_redirect_url: Some("https://app.example.com/reset".into()), ..Default::default() },
///         ..Default::default()
///     };
///     view! {
///         <StytchLoginFlow config>
///             <MainScreen/>
///             <PasswordForgotScreen/>
///             <PasswordResetSentScreen/>
///             <PasswordResetScreen/>
///         </StytchLoginFlow>
///     }
/// }
/// ```
#[component]
pub fn PasswordForgotScreen() -> impl IntoView {
    let flow = current_flow();
    let active = on_screen(flow, |s| *s == Screen::PasswordForgot);
    move || {
        active.get().then(|| {
            let email = flow.fields.email;
            // Untracked: the step-up's address is fixed while this screen shows, and tracking
            // the whole state rebuilt the form (and dropped the heading's focus) on any change.
            let fixed = flow.state.with_untracked(|s| s.primary_step().map(|p| p.email.clone()));
            let submit = move |ev: leptos::ev::SubmitEvent| {
                ev.prevent_default();
                flow.send(FlowEvent::SubmitForgotPassword(email.get_untracked()));
            };
            let field = match fixed {
                Some(address) => view! { <p><strong>{address}</strong></p> }.into_any(),
                None => email_input(flow.id("reset-email"), flow.text(|s| &s.email_label), email).into_any(),
            };
            view! {
                <form class="stytch-login__form" on:submit=submit novalidate>
                    {heading(flow.text(|s| &s.password_forgot_title))}
                    <p class="stytch-login__muted">{flow.text(|s| &s.password_forgot_body)}</p>
                    {field}
                    {error_message(flow)}
                    <button type="submit" class="stytch-button stytch-button--primary" disabled=flow.pending()>
                        {flow.text(|s| &s.send_reset_link_button)}
                    </button>
                    <div class="stytch-login__actions">{back_link(flow)}</div>
                </form>
            }
        })
    }
}

/// "Check your email" for a password reset, and "Verify your email" before a first password
/// (a sign-in link went out instead of a reset link).
///
/// ```no_run
/// use leptos::prelude::*;
/// use stytch_leptos::{PasswordForgotScreen, PasswordResetSentScreen, StytchLoginFlow};
///
/// #[component]
/// fn ForgotPassword() -> impl IntoView {
///     view! { <StytchLoginFlow><PasswordForgotScreen/><PasswordResetSentScreen/></StytchLoginFlow> }
/// }
/// ```
#[component]
pub fn PasswordResetSentScreen() -> impl IntoView {
    let flow = current_flow();
    move || {
        flow.screen
            .with(|s| match s {
                Screen::PasswordResetSent { email } => Some((email.clone(), false)),
                Screen::PasswordSetupSent { email } => Some((email.clone(), true)),
                _ => None,
            })
            .map(|(email, setup)| {
                let (title, body) = if setup {
                    (
                        flow.text(|s| &s.password_setup_sent_title),
                        flow.text(|s| &s.password_setup_sent_body),
                    )
                } else {
                    (
                        flow.text(|s| &s.password_reset_sent_title),
                        flow.text(|s| &s.password_reset_sent_body),
                    )
                };
                let hint = if setup {
                    same_browser_hint(flow, |b| b.pkce_required_for_email_magic_links)
                } else {
                    same_browser_hint(flow, |b| b.pkce_required_for_password_resets)
                };
                view! {
                    {heading(title)}
                    <p>{body} " " <strong>{email}</strong></p>
                    {hint}
                    <div class="stytch-login__actions">{back_link(flow)}</div>
                }
            })
    }
}

/// A new password from a reset link, or a first one after a set-up link signed the person in
/// (with "Skip for now"), rated as it is typed (zxcvbn on the server).
///
/// ```no_run
/// use leptos::prelude::*;
/// use stytch_leptos::{AuthenticatingScreen, ErrorScreen, PasswordResetScreen, StytchLoginFlow};
///
/// // The page a reset link opens: the flow reads the token from the URL and asks for a new password.
/// #[component]
/// fn ResetPasswordPage() -> impl IntoView {
///     view! {
///         <StytchLoginFlow>
///             <AuthenticatingScreen/>
///             <PasswordResetScreen/>
///             <ErrorScreen/>
///         </StytchLoginFlow>
///     }
/// }
/// ```
#[component]
pub fn PasswordResetScreen() -> impl IntoView {
    let flow = current_flow();
    let active = on_screen(flow, |s| {
        matches!(s, Screen::PasswordReset { .. } | Screen::PasswordSetup)
    });
    let typed = StoredValue::new(0u64);
    move || {
        active.get().then(|| {
            let password = flow.fields.new_password;
            let submit = move |ev: leptos::ev::SubmitEvent| {
                ev.prevent_default();
                flow.send(FlowEvent::SubmitNewPassword(password.get_untracked()));
            };
            let on_input = move |ev| {
                let value = event_target_value(&ev);
                password.set(value.clone());
                // Rate once typing pauses; a later keystroke cancels the earlier rating.
                let generation = typed.try_update_value(|g| {
                    *g += 1;
                    *g
                });
                set_timeout(
                    move || {
                        if typed.try_get_value() == generation {
                            flow.send(FlowEvent::CheckPasswordStrength(value.clone()));
                        }
                    },
                    RATE_AFTER,
                );
            };
            let rating = move || flow.state.with(|s| s.password_strength.clone());
            let meter = move || {
                rating().map(|r| {
                    let level = flow.strings.with_value(|t| t.strength_levels[usize::from(r.score.min(4))].clone());
                    let advice = if r.breached_password {
                        flow.text(|s| &s.strength_breached)
                    } else {
                        let mut parts = vec![r.zxcvbn_feedback.warning.clone()];
                        parts.extend(r.zxcvbn_feedback.suggestions.iter().cloned());
                        parts.retain(|p| !p.is_empty());
                        parts.join(" ")
                    };
                    view! {
                        <meter class="stytch-login__meter" min="0" max="4" low="2" high="3" optimum="4" value=r.score.to_string() aria-labelledby=flow.id("strength-label")></meter>
                        <span>{level}</span>
                        <span class="stytch-login__muted">{advice}</span>
                    }
                })
            };
            let setup = flow.screen.with_untracked(|s| *s == Screen::PasswordSetup);
            let title = if setup {
                flow.text(|s| &s.password_setup_title)
            } else {
                flow.text(|s| &s.password_reset_title)
            };
            let skip = setup.then(|| {
                link_button(flow, flow.text(|s| &s.skip_password_setup), move || {
                    flow.send(FlowEvent::SkipPasswordSetup)
                })
            });
            view! {
                <form class="stytch-login__form" on:submit=submit novalidate>
                    {heading(title)}
                    <label for=flow.id("new-password")>{flow.text(|s| &s.new_password_label)}</label>
                    <input
                        id=flow.id("new-password")
                        class="stytch-input"
                        type="password"
                        name="new-password"
                        autocomplete="new-password"
                        required
                        aria-describedby=flow.id("strength")
                        prop:value=move || password.get()
                        on:input=on_input
                    />
                    <div id=flow.id("strength") class="stytch-login__strength" aria-live="polite">
                        <span id=flow.id("strength-label") class="stytch-login__visually-hidden">{flow.text(|s| &s.strength_label)}</span>
                        {meter}
                    </div>
                    {error_message(flow)}
                    <button type="submit" class="stytch-button stytch-button--primary" disabled=flow.pending()>
                        {flow.text(|s| &s.set_password_button)}
                    </button>
                    {skip}
                </form>
            }
        })
    }
}
