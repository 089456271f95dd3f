use leptos::prelude::*;
use stytch_core::flow::{FlowEvent, Screen, TotpEnrollment};
use stytch_models::MfaMethod;

use super::{back_link, code_input, current_flow, error_message, heading, link_button, on_screen};
use crate::components::login::flow::LoginFlow;

/// How long after a text a new code may be requested: the code's lifetime, as the official UI.
const RESEND_AFTER_MS: i64 = 120_000;

/// Milliseconds since the Unix epoch.
fn now_ms() -> i64 {
    #[cfg(target_arch = "wasm32")]
    {
        js_sys::Date::now() as i64
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_millis() as i64)
            .unwrap_or(0)
    }
}

/// Calls `tick` once a second until the component is cleaned up (nothing on the server).
///
/// Leptos's own timer hands the callback to JavaScript, so it stays valid even when the tick
/// itself causes this component to be torn down (a `Closure` held in Rust and dropped by the
/// cleanup would then be called after being dropped). leptos-use's interval hook does the
/// same with pause and resume signals on top, about 2 KB gzipped more.
fn every_second(tick: impl Fn() + 'static) {
    #[cfg(all(target_arch = "wasm32", not(feature = "ssr")))]
    if let Ok(handle) = set_interval_with_handle(tick, std::time::Duration::from_secs(1)) {
        on_cleanup(move || handle.clear());
    }
    #[cfg(not(all(target_arch = "wasm32", not(feature = "ssr"))))]
    let _ = tick;
}

/// `m:ss`.
fn clock(seconds: i64) -> String {
    format!("{}:{:02}", seconds / 60, seconds % 60)
}

fn enrolled_in(flow: LoginFlow, method: MfaMethod) -> bool {
    flow.state
        .with(|s| s.mfa.as_ref().is_some_and(|m| m.enrolled.contains(&method)))
}

/// The choice between an authenticator app and text messages, in the configured order.
///
/// ```no_run
/// use leptos::prelude::*;
/// use stytch_leptos::{
///     MfaSelectionScreen, RecoveryCodeEntryScreen, RecoveryCodeSaveScreen, SmsEnrollmentScreen, SmsEntryScreen,
///     StytchLoginFlow, TotpEnrollmentScreen, TotpEntryScreen,
/// };
///
/// // Every MFA screen in a frame of the app's own; the flow shows the one its step needs.
/// #[component]
/// fn SecondFactor() -> impl IntoView {
///     view! {
///         <StytchLoginFlow>
///             <section class="mfa-card">
///                 <MfaSelectionScreen/>
///                 <SmsEnrollmentScreen/>
///                 <SmsEntryScreen/>
///                 <TotpEnrollmentScreen/>
///                 <TotpEntryScreen/>
///                 <RecoveryCodeEntryScreen/>
///                 <RecoveryCodeSaveScreen/>
///             </section>
///         </StytchLoginFlow>
///     }
/// }
/// ```
#[component]
pub fn MfaSelectionScreen() -> impl IntoView {
    let flow = current_flow();
    move || {
        flow.screen
            .with(|s| match s {
                Screen::MfaEnrollmentSelection { options } => Some(options.clone()),
                _ => None,
            })
            .map(|options| {
                let items = options
                    .into_iter()
                    .map(|method| {
                        let (title, hint) = match method {
                            MfaMethod::SmsOtp => {
                                (flow.text(|s| &s.mfa_option_sms), flow.text(|s| &s.mfa_option_sms_hint))
                            }
                            _ => (
                                flow.text(|s| &s.mfa_option_totp),
                                flow.text(|s| &s.mfa_option_totp_hint),
                            ),
                        };
                        let id = method.as_str().to_owned();
                        view! {
                            <li>
                                <button
                                    type="button"
                                    class="stytch-option"
                                    data-method=id
                                    disabled=flow.pending()
                                    on:click=move |_| flow.send(FlowEvent::SelectMfaMethod(method.clone()))
                                >
                                    <span class="stytch-option__title">{title}</span>
                                    <span class="stytch-option__hint">{hint}</span>
                                </button>
                            </li>
                        }
                    })
                    .collect_view();
                view! {
                    {heading(flow.text(|s| &s.mfa_selection_title))}
                    <p class="stytch-login__muted">{flow.text(|s| &s.mfa_selection_body)}</p>
                    <ul class="stytch-login__options">{items}</ul>
                    {error_message(flow)}
                }
            })
    }
}

/// Phone number entry (E.164), which texts the first code.
///
/// ```no_run
/// use leptos::prelude::*;
/// use stytch_leptos::{LoginConfig, MfaSelectionScreen, SmsEnrollmentScreen, SmsEntryScreen, StytchLoginFlow, models::MfaMethod};
///
/// // Text messages only: enrollment asks for the number, then for the code.
/// #[component]
/// fn SmsMfa() -> impl IntoView {
///     let config = LoginConfig { mfa_product_include: vec![MfaMethod::SmsOtp], ..Default::default() };
///     view! {
///         <StytchLoginFlow config>
///             <MfaSelectionScreen/>
///             <SmsEnrollmentScreen/>
///             <SmsEntryScreen/>
///         </StytchLoginFlow>
///     }
/// }
/// ```
#[component]
pub fn SmsEnrollmentScreen() -> impl IntoView {
    let flow = current_flow();
    let active = on_screen(flow, |s| *s == Screen::SmsOtpEnrollment);
    move || {
        active.get().then(|| {
            let phone = flow.fields.phone;
            let submit = move |ev: leptos::ev::SubmitEvent| {
                ev.prevent_default();
                flow.send(FlowEvent::SubmitPhone(phone.get_untracked()));
            };
            view! {
                <form class="stytch-login__form" on:submit=submit novalidate>
                    {heading(flow.text(|s| &s.sms_enrollment_title))}
                    <p class="stytch-login__muted">{flow.text(|s| &s.sms_enrollment_body)}</p>
                    <label for=flow.id("phone")>{flow.text(|s| &s.phone_label)}</label>
                    <input
                        id=flow.id("phone")
                        class="stytch-input"
                        type="tel"
                        name="phone"
                        autocomplete="tel"
                        inputmode="tel"
                        required
                        aria-describedby=flow.id("phone-help")
                        prop:value=move || phone.get()
                        on:input=move |ev| phone.set(event_target_value(&ev))
                    />
                    <p id=flow.id("phone-help") class="stytch-login__muted">{flow.text(|s| &s.phone_help)}</p>
                    {error_message(flow)}
                    <div class="stytch-login__actions">
                        <button type="submit" class="stytch-button stytch-button--primary" disabled=flow.pending()>
                            {flow.text(|s| &s.send_code_button)}
                        </button>
                        {back_link(flow)}
                    </div>
                </form>
            }
        })
    }
}

/// The texted code, with a resend countdown and a switch to the authenticator app.
///
/// ```no_run
/// use leptos::prelude::*;
/// use stytch_leptos::{SmsEntryScreen, StytchLoginFlow, use_login_flow};
///
/// // The texted-code screen with a hint of the app's own under it while a request runs.
/// #[component]
/// fn Hint() -> impl IntoView {
///     let flow = use_login_flow();
///     move || flow.pending().get().then_some("Checking…")
/// }
///
/// #[component]
/// fn TextedCode() -> impl IntoView {
///     view! { <StytchLoginFlow><SmsEntryScreen/><Hint/></StytchLoginFlow> }
/// }
/// ```
#[component]
pub fn SmsEntryScreen() -> impl IntoView {
    let flow = current_flow();
    let active = on_screen(flow, |s| matches!(s, Screen::SmsOtpEntry { .. }));
    let phone = Memo::new(move |_| {
        flow.screen.with(|s| match s {
            Screen::SmsOtpEntry { phone, .. } => phone.clone(),
            _ => String::new(),
        })
    });
    let sent_at = Memo::new(move |_| {
        flow.screen.with(|s| match s {
            Screen::SmsOtpEntry { sent_at_ms, .. } => *sent_at_ms,
            _ => None,
        })
    });
    // Ticks once a second for the countdown.
    let now = RwSignal::new(now_ms());
    // `try_set`: a tick that lands after clean-up finds the signal disposed and does nothing.
    every_second(move || {
        now.try_set(now_ms());
    });
    let wait_seconds = Memo::new(move |_| match sent_at.get() {
        // The ticker may lag behind a send that just happened: never count more than the full wait.
        Some(at) => ((RESEND_AFTER_MS - (now.get() - at).max(0)).max(0) + 999) / 1000,
        None => 0,
    });

    move || {
        active.get().then(|| {
            let code = flow.fields.code;
            let submit = move |ev: leptos::ev::SubmitEvent| {
                ev.prevent_default();
                flow.send(FlowEvent::SubmitSmsCode(code.get_untracked()));
            };
            let resend_label = move || match wait_seconds.get() {
                0 => flow.text(|s| &s.resend_code_button),
                seconds => flow.text(|s| &s.resend_code_in).replace("{time}", &clock(seconds)),
            };
            // Re-announced after every send: the region empties while a code is on its way.
            let sent_notice = move || {
                (sent_at.get().is_some() && !flow.pending().get()).then(|| flow.text(|s| &s.code_sent_notice))
            };
            view! {
                <form class="stytch-login__form" on:submit=submit novalidate>
                    {heading(flow.text(|s| &s.sms_entry_title))}
                    <p class="stytch-login__muted">{flow.text(|s| &s.sms_entry_body)} " " <strong>{move || phone.get()}</strong></p>
                    {code_input(flow.id("sms-code"), flow.text(|s| &s.code_label), code)}
                    <p class="stytch-login__notice" role="status" aria-live="polite">{sent_notice}</p>
                    {error_message(flow)}
                    <button type="submit" class="stytch-button stytch-button--primary" disabled=flow.pending()>
                        {flow.text(|s| &s.verify_button)}
                    </button>
                    <div class="stytch-login__actions">
                        <button
                            type="button"
                            class="stytch-button"
                            data-action="resend"
                            disabled=move || { flow.pending().get() || wait_seconds.get() > 0 }
                            on:click=move |_| flow.send(FlowEvent::ResendSms)
                        >
                            {resend_label}
                        </button>
                        {move || {
                            enrolled_in(flow, MfaMethod::Totp).then(|| {
                                link_button(flow, flow.text(|s| &s.use_totp_instead), move || {
                                    flow.send(FlowEvent::SwitchMfaMethod(MfaMethod::Totp))
                                })
                            })
                        }}
                        {back_link(flow)}
                    </div>
                </form>
            }
        })
    }
}

/// Groups a base32 secret in fours so it can be read aloud and typed.
fn grouped(secret: &str) -> String {
    secret
        .as_bytes()
        .chunks(4)
        .filter_map(|c| std::str::from_utf8(c).ok())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Authenticator-app set-up: a QR code of the `otpauth://` URI, or the key to type.
///
/// ```no_run
/// use leptos::prelude::*;
/// use stytch_leptos::{LoginConfig, RecoveryCodeSaveScreen, StytchLoginFlow, TotpEnrollmentScreen, TotpEntryScreen, models::MfaMethod};
///
/// // Authenticator apps first when a member enrolls.
/// #[component]
/// fn AppMfa() -> impl IntoView {
///     let config = LoginConfig { mfa_product_order: vec![MfaMethod::Totp, MfaMethod::SmsOtp], ..Default::default() };
///     view! {
///         <StytchLoginFlow config>
///             <TotpEnrollmentScreen/>
///             <TotpEntryScreen/>
///             <RecoveryCodeSaveScreen/>
///         </StytchLoginFlow>
///     }
/// }
/// ```
#[component]
pub fn TotpEnrollmentScreen() -> impl IntoView {
    let flow = current_flow();
    let active = on_screen(flow, |s| matches!(s, Screen::TotpEnrollment { .. }));
    let enrollment = Memo::new(move |_| {
        flow.screen.with(|s| match s {
            Screen::TotpEnrollment { enrollment, .. } => enrollment.clone(),
            _ => None,
        })
    });
    let manual = Memo::new(move |_| {
        flow.screen
            .with(|s| matches!(s, Screen::TotpEnrollment { manual: true, .. }))
    });

    let body = move |enrollment: TotpEnrollment| {
        view! {
            {move || if manual.get() {
                leptos::either::Either::Left(view! {
                    <p class="stytch-login__muted">{flow.text(|s| &s.totp_manual_body)}</p>
                    <p class="stytch-login__secret">
                        <span class="stytch-login__secret-label" id=flow.id("totp-secret-label")>{flow.text(|s| &s.totp_secret_label)}</span>
                        <code aria-labelledby=flow.id("totp-secret-label") data-secret>{grouped(&enrollment.secret)}</code>
                    </p>
                })
            } else {
                leptos::either::Either::Right(view! {
                    <p class="stytch-login__muted">{flow.text(|s| &s.totp_enrollment_body)}</p>
                    <img class="stytch-login__qr" src=enrollment.qr_code.clone() alt=flow.text(|s| &s.totp_qr_alt) width="200" height="200"/>
                })
            }}
            <div class="stytch-login__actions">
                <button type="button" class="stytch-button stytch-button--primary" on:click=move |_| flow.send(FlowEvent::ContinueToTotpCode)>
                    {flow.text(|s| &s.continue_button)}
                </button>
                <button type="button" class="stytch-button stytch-button--link" aria-pressed=move || manual.get().to_string() on:click=move |_| flow.send(FlowEvent::ToggleTotpManual)>
                    {move || if manual.get() { flow.text(|s| &s.totp_show_qr) } else { flow.text(|s| &s.totp_show_secret) }}
                </button>
                {back_link(flow)}
            </div>
        }
    };

    move || {
        active.get().then(|| {
            view! {
                <div class="stytch-login__form">
                    {heading(flow.text(|s| &s.totp_enrollment_title))}
                    {move || match enrollment.get() {
                        Some(enrollment) => body(enrollment).into_any(),
                        None => view! {
                            <div class="stytch-login__spinner" role="progressbar" aria-label=flow.text(|s| &s.totp_loading)></div>
                            {back_link(flow)}
                        }
                        .into_any(),
                    }}
                    {error_message(flow)}
                </div>
            }
        })
    }
}

/// The authenticator app's code, with a recovery-code fallback and a switch to text messages.
///
/// ```no_run
/// use leptos::prelude::*;
/// use stytch_leptos::{RecoveryCodeEntryScreen, StytchLoginFlow, TotpEntryScreen};
///
/// #[component]
/// fn AuthenticatorCode() -> impl IntoView {
///     view! { <StytchLoginFlow><TotpEntryScreen/><RecoveryCodeEntryScreen/></StytchLoginFlow> }
/// }
/// ```
#[component]
pub fn TotpEntryScreen() -> impl IntoView {
    let flow = current_flow();
    let active = on_screen(flow, |s| *s == Screen::TotpEntry);
    move || {
        active.get().then(|| {
            let code = flow.fields.code;
            let submit = move |ev: leptos::ev::SubmitEvent| {
                ev.prevent_default();
                flow.send(FlowEvent::SubmitTotpCode(code.get_untracked()));
            };
            view! {
                <form class="stytch-login__form" on:submit=submit novalidate>
                    {heading(flow.text(|s| &s.totp_entry_title))}
                    <p class="stytch-login__muted">{flow.text(|s| &s.totp_entry_body)}</p>
                    {code_input(flow.id("totp-code"), flow.text(|s| &s.code_label), code)}
                    {error_message(flow)}
                    <button type="submit" class="stytch-button stytch-button--primary" disabled=flow.pending()>
                        {flow.text(|s| &s.verify_button)}
                    </button>
                    <div class="stytch-login__actions">
                        {move || {
                            enrolled_in(flow, MfaMethod::Totp).then(|| {
                                link_button(flow, flow.text(|s| &s.use_recovery_code), move || flow.send(FlowEvent::UseRecoveryCode))
                            })
                        }}
                        {move || {
                            enrolled_in(flow, MfaMethod::SmsOtp).then(|| {
                                link_button(flow, flow.text(|s| &s.use_sms_instead), move || {
                                    flow.send(FlowEvent::SwitchMfaMethod(MfaMethod::SmsOtp))
                                })
                            })
                        }}
                        {back_link(flow)}
                    </div>
                </form>
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::{clock, grouped};

    #[test]
    fn countdown_and_secret_formatting() {
        assert_eq!(clock(120), "2:00");
        assert_eq!(clock(59), "0:59");
        assert_eq!(grouped("JBSWY3DPEHPK3PXP"), "JBSW Y3DP EHPK 3PXP");
        assert_eq!(grouped("ABCDE"), "ABCD E");
    }
}
