use leptos::prelude::*;
use stytch_core::flow::{FlowEvent, Screen};

use super::{current_flow, error_message, heading, link_button, notice};

/// Email entry (the Discovery flow's first screen).
#[component]
pub fn EmailScreen() -> impl IntoView {
    let flow = current_flow();
    move || {
        (flow.screen.with(|s| *s == Screen::EmailEntry)).then(|| {
            let fields = flow.fields;
            let submit = move |ev: leptos::ev::SubmitEvent| {
                ev.prevent_default();
                flow.send(FlowEvent::SubmitEmail(fields.email.get_untracked()));
            };
            view! {
                <form class="stytch-login__form" on:submit=submit novalidate>
                    {heading(flow.text(|s| &s.email_title))}
                    <label for="stytch-login-email">{flow.text(|s| &s.email_label)}</label>
                    <input
                        id="stytch-login-email"
                        class="stytch-input"
                        type="email"
                        name="email"
                        autocomplete="email"
                        inputmode="email"
                        required
                        placeholder=flow.text(|s| &s.email_placeholder)
                        prop:value=move || fields.email.get()
                        on:input=move |ev| fields.email.set(event_target_value(&ev))
                    />
                    {error_message(flow)}
                    <button type="submit" class="stytch-button stytch-button--primary" disabled=flow.pending()>
                        {flow.text(|s| &s.continue_button)}
                    </button>
                </form>
            }
        })
    }
}

/// "Check your email", with resend.
#[component]
pub fn EmailSentScreen() -> impl IntoView {
    let flow = current_flow();
    move || {
        flow.screen
            .with(|s| match s {
                Screen::EmailSent { email } => Some(email.clone()),
                _ => None,
            })
            .map(|email| {
                let resend = move |_| {
                    flow.fields.notice.set(Some(flow.text(|s| &s.resent_notice)));
                    flow.send(FlowEvent::ResendEmail);
                };
                view! {
                    <div class="stytch-login__form">
                        {heading(flow.text(|s| &s.email_sent_title))}
                        <p>{flow.text(|s| &s.email_sent_body)} " " <strong>{email}</strong></p>
                        {notice(flow)}
                        {error_message(flow)}
                        <div class="stytch-login__actions">
                            <button type="button" class="stytch-button" disabled=flow.pending() on:click=resend>
                                {flow.text(|s| &s.resend_button)}
                            </button>
                            {link_button(flow, flow.text(|s| &s.use_other_email), move || flow.send(FlowEvent::Back))}
                        </div>
                    </div>
                }
            })
    }
}
