use leptos::prelude::*;
use stytch_core::flow::{FlowEvent, Screen};
use stytch_models::MfaMethod;

use super::{back_link, current_flow, error_message, heading, link_button, notice, on_screen};

/// One of the member's recovery codes, instead of the authenticator app.
///
/// ```no_run
/// use leptos::prelude::*;
/// use stytch_leptos::{RecoveryCodeEntryScreen, StytchLoginFlow, TotpEntryScreen};
///
/// // "Lost your phone?": the authenticator screen links to this one.
/// #[component]
/// fn Recovery() -> impl IntoView {
///     view! {
///         <StytchLoginFlow>
///             <TotpEntryScreen/>
///             <RecoveryCodeEntryScreen/>
///             <p class="help">"Each recovery code works once."</p>
///         </StytchLoginFlow>
///     }
/// }
/// ```
#[component]
pub fn RecoveryCodeEntryScreen() -> impl IntoView {
    let flow = current_flow();
    let active = on_screen(flow, |s| *s == Screen::RecoveryCodeEntry);
    move || {
        active.get().then(|| {
            let code = flow.fields.recovery_code;
            let submit = move |ev: leptos::ev::SubmitEvent| {
                ev.prevent_default();
                flow.send(FlowEvent::SubmitRecoveryCode(code.get_untracked()));
            };
            let sms = flow
                .state
                .with(|s| s.mfa.as_ref().is_some_and(|m| m.enrolled.contains(&MfaMethod::SmsOtp)));
            view! {
                <form class="stytch-login__form" on:submit=submit novalidate>
                    {heading(flow.text(|s| &s.recovery_entry_title))}
                    <p class="stytch-login__muted">{flow.text(|s| &s.recovery_entry_body)}</p>
                    <label for=flow.id("recovery-code")>{flow.text(|s| &s.recovery_code_label)}</label>
                    <input
                        id=flow.id("recovery-code")
                        class="stytch-input stytch-input--code"
                        type="text"
                        name="recovery_code"
                        autocomplete="off"
                        autocapitalize="none"
                        spellcheck="false"
                        required
                        prop:value=move || code.get()
                        on:input=move |ev| code.set(event_target_value(&ev))
                    />
                    {error_message(flow)}
                    <button type="submit" class="stytch-button stytch-button--primary" disabled=flow.pending()>
                        {flow.text(|s| &s.verify_button)}
                    </button>
                    <div class="stytch-login__actions">
                        {sms.then(|| {
                            link_button(flow, flow.text(|s| &s.use_sms_instead), move || {
                                flow.send(FlowEvent::SwitchMfaMethod(MfaMethod::SmsOtp))
                            })
                        })}
                        {back_link(flow)}
                    </div>
                </form>
            }
        })
    }
}

/// The recovery codes of a new authenticator-app registration, shown once: copy, download,
/// then continue.
///
/// ```no_run
/// use leptos::prelude::*;
/// use stytch_leptos::{RecoveryCodeSaveScreen, StytchLoginFlow, TotpEnrollmentScreen, TotpEntryScreen};
///
/// #[component]
/// fn EnrollAuthenticator() -> impl IntoView {
///     view! {
///         <StytchLoginFlow>
///             <TotpEnrollmentScreen/>
///             <TotpEntryScreen/>
///             <RecoveryCodeSaveScreen/>
///         </StytchLoginFlow>
///     }
/// }
/// ```
#[component]
pub fn RecoveryCodeSaveScreen() -> impl IntoView {
    let flow = current_flow();
    let codes = Memo::new(move |_| {
        flow.screen.with(|s| match s {
            Screen::RecoveryCodeSave { codes } => Some(codes.clone()),
            _ => None,
        })
    });
    move || {
        codes.get().map(|codes| {
            let text = codes.join("\n");
            let download = format!("data:text/plain;charset=utf-8,{}", stytch_core::util::percent::encode(&format!("{text}\n")));
            let items = codes.into_iter().map(|code| view! { <li><code>{code}</code></li> }).collect_view();
            let copy = move |_| {
                let notice = flow.fields.notice;
                let copied = flow.text(|s| &s.copied_notice);
                let failed = flow.text(|s| &s.copy_failed_notice);
                let text = text.clone();
                leptos::task::spawn_local(async move {
                    let outcome = if copy_to_clipboard(&text).await { copied } else { failed };
                    notice.try_set(Some(outcome));
                });
            };
            view! {
                <div class="stytch-login__form">
                    {heading(flow.text(|s| &s.recovery_save_title))}
                    <p class="stytch-login__muted">{flow.text(|s| &s.recovery_save_body)}</p>
                    <ul class="stytch-login__codes" aria-label=flow.text(|s| &s.recovery_save_title)>{items}</ul>
                    {notice(flow)}
                    <div class="stytch-login__actions">
                        <button type="button" class="stytch-button" on:click=copy>{flow.text(|s| &s.copy_button)}</button>
                        <a class="stytch-button" href=download download=flow.text(|s| &s.download_file_name)>
                            {flow.text(|s| &s.download_button)}
                        </a>
                    </div>
                    <button type="button" class="stytch-button stytch-button--primary" on:click=move |_| flow.send(FlowEvent::RecoveryCodesSaved)>
                        {flow.text(|s| &s.recovery_saved_button)}
                    </button>
                </div>
            }
        })
    }
}

/// `navigator.clipboard.writeText(text)`; false when the browser refuses (no permission, an
/// insecure page) or on the server.
async fn copy_to_clipboard(text: &str) -> bool {
    #[cfg(all(target_arch = "wasm32", not(feature = "ssr")))]
    {
        use wasm_bindgen::{JsCast, JsValue};
        let Some(window) = web_sys::window() else { return false };
        let navigator = JsValue::from(window.navigator());
        let Ok(clipboard) = js_sys::Reflect::get(&navigator, &JsValue::from_str("clipboard")) else {
            return false;
        };
        let Ok(write) = js_sys::Reflect::get(&clipboard, &JsValue::from_str("writeText")) else {
            return false;
        };
        let Ok(write) = write.dyn_into::<js_sys::Function>() else {
            return false;
        };
        let Ok(promise) = write.call1(&clipboard, &JsValue::from_str(text)) else {
            return false;
        };
        let Ok(promise) = promise.dyn_into::<js_sys::Promise>() else {
            return false;
        };
        wasm_bindgen_futures::JsFuture::from(promise).await.is_ok()
    }
    #[cfg(not(all(target_arch = "wasm32", not(feature = "ssr"))))]
    {
        let _ = text;
        false
    }
}
