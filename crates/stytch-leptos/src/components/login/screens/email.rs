use leptos::prelude::*;
use stytch_core::flow::{EmailMethod, FlowEvent, MainOptions, MainSection, Screen};
#[cfg(feature = "sso")]
use stytch_models::ActiveSsoConnection;
#[cfg(feature = "oauth")]
use stytch_models::api::oauth::OAuthProvider;

use super::{
    back_link, code_input, current_flow, error_message, heading, link_button, notice, on_screen, same_browser_hint,
};
use crate::components::login::flow::LoginFlow;

fn title_and_body(flow: LoginFlow, options: &MainOptions) -> (String, Option<String>) {
    // Untracked: the organization only changes with the main options, which rebuild the
    // screen anyway. Tracking the whole state rebuilt it on any change (the bootstrap
    // arriving, say), which could swallow a click and drop the heading's focus.
    let organization = flow
        .state
        .with_untracked(|s| s.organization().map(|o| o.organization_name.clone()));
    let stepping_up = options.fixed_email.is_some();
    match organization {
        Some(_) if stepping_up && options.verify_email => (
            flow.text(|s| &s.verify_email_title),
            Some(flow.text(|s| &s.verify_email_body)),
        ),
        Some(name) if stepping_up => (
            flow.text(|s| &s.organization_title).replace("{organization}", &name),
            Some(flow.text(|s| &s.step_up_body).replace("{organization}", &name)),
        ),
        Some(name) => (
            flow.text(|s| &s.organization_title).replace("{organization}", &name),
            None,
        ),
        None => (flow.text(|s| &s.email_title), None),
    }
}

#[cfg(feature = "oauth")]
fn oauth_buttons(flow: LoginFlow, providers: Vec<OAuthProvider>) -> impl IntoView {
    let buttons = providers
        .into_iter()
        .map(|provider| {
            let label = flow
                .text(|s| &s.oauth_button)
                .replace("{provider}", provider.display_name());
            let id = provider.as_str().to_owned();
            view! {
                <button
                    type="button"
                    class="stytch-button stytch-oauth"
                    data-provider=id
                    disabled=flow.pending()
                    on:click=move |_| flow.send(FlowEvent::StartOAuth(provider.clone()))
                >
                    {label}
                </button>
            }
        })
        .collect_view();
    view! { <div class="stytch-login__oauth">{buttons}</div> }
}

#[cfg(feature = "sso")]
fn sso_buttons(flow: LoginFlow, connections: Vec<ActiveSsoConnection>) -> impl IntoView {
    let buttons = connections
        .into_iter()
        .map(|connection| {
            let name = if connection.display_name.is_empty() {
                connection.identity_provider.clone()
            } else {
                connection.display_name.clone()
            };
            let label = flow.text(|s| &s.sso_button).replace("{connection}", &name);
            let id = connection.connection_id;
            view! {
                <button
                    type="button"
                    class="stytch-button stytch-oauth stytch-sso"
                    data-connection=id.clone()
                    disabled=flow.pending()
                    on:click=move |_| flow.send(FlowEvent::StartSso(id.clone()))
                >
                    {label}
                </button>
            }
        })
        .collect_view();
    view! { <div class="stytch-login__oauth">{buttons}</div> }
}

#[cfg(feature = "sso")]
fn sso_discovery_button(flow: LoginFlow) -> impl IntoView {
    view! {
        <div class="stytch-login__oauth">
            <button
                type="button"
                class="stytch-button stytch-oauth stytch-sso"
                disabled=flow.pending()
                on:click=move |_| flow.send(FlowEvent::ChooseSso)
            >
                {flow.text(|s| &s.sso_discovery_button)}
            </button>
        </div>
    }
}

/// The password parts of the first screen's form: the field, the email methods as a secondary
/// button, and "Forgot your password?". Without the `passwords` feature the flow never offers
/// a password, and none of this is built.
#[cfg(feature = "passwords")]
fn password_parts(
    flow: LoginFlow,
    email_methods: Option<(bool, bool)>,
    password: Option<bool>,
) -> (impl IntoView, impl IntoView, impl IntoView) {
    let fields = flow.fields;
    let with_password = password.is_some();
    let field = with_password.then(|| {
        view! {
            <label for=flow.id("password")>{flow.text(|s| &s.password_label)}</label>
            <input
                id=flow.id("password")
                class="stytch-input"
                type="password"
                name="password"
                autocomplete="current-password"
                required
                prop:value=move || fields.password.get()
                on:input=move |ev| fields.password.set(event_target_value(&ev))
            />
        }
    });
    // With a password form, the email methods become a secondary button.
    let email_instead = (with_password && email_methods.is_some()).then(|| {
        let label = match email_methods {
            Some((false, true)) => flow.text(|s| &s.email_method_code),
            _ => flow.text(|s| &s.email_instead_button),
        };
        view! {
            <button
                type="button"
                class="stytch-button"
                disabled=flow.pending()
                on:click=move |_| flow.send(FlowEvent::SubmitEmail(fields.email.get_untracked()))
            >
                {label}
            </button>
        }
    });
    let forgot = (password == Some(true)).then(|| {
        link_button(flow, flow.text(|s| &s.forgot_password), move || {
            flow.send(FlowEvent::ForgotPassword)
        })
    });
    (field, email_instead, forgot)
}

#[cfg(not(feature = "passwords"))]
fn password_parts(_: LoginFlow, _: Option<(bool, bool)>, _: Option<bool>) -> ((), (), ()) {
    ((), (), ())
}

/// The email and/or password form of the first screen.
fn credentials_form(
    flow: LoginFlow,
    email_methods: Option<(bool, bool)>,
    password: Option<bool>,
    fixed_email: Option<String>,
) -> impl IntoView {
    let fields = flow.fields;
    let with_password = password.is_some();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if with_password {
            flow.send(FlowEvent::SubmitPassword {
                email: fields.email.get_untracked(),
                password: fields.password.get_untracked(),
            });
        } else {
            flow.send(FlowEvent::SubmitEmail(fields.email.get_untracked()));
        }
    };
    // Password managers pair "username" with "current-password"; a lone email field is "email".
    let email_autocomplete = if with_password { "username" } else { "email" };
    let email_field = match fixed_email {
        Some(email) => view! {
            <p class="stytch-login__muted">{flow.text(|s| &s.discovery_signed_in_as)} " " <strong>{email}</strong></p>
        }
        .into_any(),
        None => view! {
            <label for=flow.id("email")>{flow.text(|s| &s.email_label)}</label>
            <input
                id=flow.id("email")
                class="stytch-input"
                type="email"
                name="email"
                autocomplete=email_autocomplete
                inputmode="email"
                required
                placeholder=flow.text(|s| &s.email_placeholder)
                prop:value=move || fields.email.get()
                on:input=move |ev| fields.email.set(event_target_value(&ev))
            />
        }
        .into_any(),
    };
    let primary_label = if with_password {
        flow.text(|s| &s.sign_in_with_password)
    } else {
        flow.text(|s| &s.continue_button)
    };
    let (password_field, email_instead, forgot) = password_parts(flow, email_methods, password);
    view! {
        <form class="stytch-login__form" on:submit=submit novalidate>
            {email_field}
            {password_field}
            {error_message(flow)}
            <button type="submit" class="stytch-button stytch-button--primary" disabled=flow.pending()>
                {primary_label}
            </button>
            {email_instead}
            {forgot}
        </form>
    }
}

/// The SSO and OAuth buttons (one group, SSO first) before or after the form, in the configured
/// order, with a divider between them and the form. Without the `sso` or `oauth` feature
/// nothing of that method is built, and with neither there is only the form.
#[cfg(any(feature = "oauth", feature = "sso"))]
fn with_buttons(
    flow: LoginFlow,
    options: &MainOptions,
    form: Option<impl IntoView + 'static>,
    form_at: Option<usize>,
) -> AnyView {
    let buttons_at = options.sections.iter().position(is_button);
    #[cfg(feature = "sso")]
    let sso = options.sections.iter().find_map(|s| match s {
        MainSection::Sso(c) => Some(sso_buttons(flow, c.clone()).into_any()),
        MainSection::SsoDiscovery => Some(sso_discovery_button(flow).into_any()),
        _ => None,
    });
    #[cfg(not(feature = "sso"))]
    let sso: Option<()> = None;
    #[cfg(feature = "oauth")]
    let oauth = options.sections.iter().find_map(|s| match s {
        MainSection::OAuth(p) => Some(oauth_buttons(flow, p.clone())),
        _ => None,
    });
    #[cfg(not(feature = "oauth"))]
    let oauth: Option<()> = None;
    let buttons = view! { {sso} {oauth} };
    let divider = (form_at.is_some() && buttons_at.is_some())
        .then(|| view! { <p class="stytch-login__divider"><span>{flow.text(|s| &s.divider)}</span></p> });
    if buttons_at < form_at || form_at.is_none() {
        view! { {buttons} {divider} {form} }.into_any()
    } else {
        view! { {form} {divider} {buttons} }.into_any()
    }
}

#[cfg(not(any(feature = "oauth", feature = "sso")))]
fn with_buttons(
    _: LoginFlow,
    _: &MainOptions,
    form: Option<impl IntoView + 'static>,
    _: Option<usize>,
) -> impl IntoView {
    form
}

/// A section shown as a button (OAuth, SSO) rather than in the form.
fn is_button(section: &MainSection) -> bool {
    matches!(
        section,
        MainSection::OAuth(_) | MainSection::Sso(_) | MainSection::SsoDiscovery
    )
}

/// The first screen: OAuth buttons, the email form and the password form, in the configured
/// order, limited to what the organization accepts. During a step-up it names the
/// organization (or asks to verify the email) and keeps the address fixed.
///
/// ```no_run
/// use leptos::prelude::*;
/// use stytch_leptos::{EmailSentScreen, MainScreen, StytchLoginFlow};
///
/// // Only the first screen and "check your email", beside the app's own welcome text.
/// #[component]
/// fn Welcome() -> impl IntoView {
///     view! {
///         <StytchLoginFlow>
///             <h1>"Welcome to Acme"</h1>
///             <MainScreen/>
///             <EmailSentScreen/>
///         </StytchLoginFlow>
///     }
/// }
/// ```
#[component]
pub fn MainScreen() -> impl IntoView {
    let flow = current_flow();
    let options = Memo::new(move |_| {
        flow.state
            .with(|s| (s.screen == Screen::Main).then(|| s.main_options()))
    });
    move || {
        options.get().map(|options| {
            let (title, body) = title_and_body(flow, &options);
            let email_methods = options.sections.iter().find_map(|s| match s {
                MainSection::Email { magic_link, otp } => Some((*magic_link, *otp)),
                _ => None,
            });
            let password = options.sections.iter().find_map(|s| match s {
                MainSection::Password { can_reset } => Some(*can_reset),
                _ => None,
            });
            let form_at = options.sections.iter().position(|s| !is_button(s));
            let form = form_at.map(|_| credentials_form(flow, email_methods, password, options.fixed_email.clone()));
            // Only buttons: errors still need a place.
            let lone_error = form_at.is_none().then(|| error_message(flow));
            let content = with_buttons(flow, &options, form, form_at);
            view! {
                <div class="stytch-login__form">
                    {heading(title)}
                    {body.map(|b| view! { <p class="stytch-login__muted">{b}</p> })}
                    {content}
                    {lone_error}
                    {back_link(flow)}
                </div>
            }
        })
    }
}

/// "Check your email", with resend.
///
/// ```no_run
/// use leptos::prelude::*;
/// use stytch_leptos::{EmailSentScreen, MainScreen, StytchLoginFlow};
///
/// #[component]
/// fn MagicLinkOnly() -> impl IntoView {
///     view! { <StytchLoginFlow><MainScreen/><EmailSentScreen/></StytchLoginFlow> }
/// }
/// ```
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
                        {same_browser_hint(flow, |b| b.pkce_required_for_email_magic_links)}
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

/// Magic link or code, when both are offered.
///
/// ```no_run
/// use leptos::prelude::*;
/// use stytch_leptos::{
///     EmailMagicLinksOptions, EmailMethodSelectionScreen, EmailOtpEntryScreen, EmailSentScreen, LoginConfig,
///     MainScreen, Product, StytchLoginFlow,
/// };
///
/// // Offer both a link and a code for the same address; the person picks on this screen.
/// #[component]
/// fn LinkOrCode() -> impl IntoView {
///     let config = LoginConfig {
///         products: vec![Product::EmailMagicLinks, Product::EmailOtp],
///         email_magic_links: EmailMagicLinksOptions::default(),
///         ..Default::default()
///     };
///     view! {
///         <StytchLoginFlow config>
///             <MainScreen/>
///             <EmailMethodSelectionScreen/>
///             <EmailSentScreen/>
///             <EmailOtpEntryScreen/>
///         </StytchLoginFlow>
///     }
/// }
/// ```
#[component]
pub fn EmailMethodSelectionScreen() -> impl IntoView {
    let flow = current_flow();
    let active = on_screen(flow, |s| matches!(s, Screen::EmailMethodSelection { .. }));
    move || {
        active.get().then(|| {
            let option = move |label: String, method: EmailMethod, id: &'static str| {
                view! {
                    <li>
                        <button
                            type="button"
                            class="stytch-option"
                            data-method=id
                            disabled=flow.pending()
                            on:click=move |_| flow.send(FlowEvent::ChooseEmailMethod(method))
                        >
                            <span class="stytch-option__title">{label}</span>
                        </button>
                    </li>
                }
            };
            view! {
                {heading(flow.text(|s| &s.email_method_title))}
                <ul class="stytch-login__options">
                    {option(flow.text(|s| &s.email_method_link), EmailMethod::MagicLink, "magic_link")}
                    {option(flow.text(|s| &s.email_method_code), EmailMethod::Code, "email_otp")}
                </ul>
                {error_message(flow)}
                <div class="stytch-login__actions">{back_link(flow)}</div>
            }
        })
    }
}

/// The emailed code.
///
/// ```no_run
/// use leptos::prelude::*;
/// use stytch_leptos::{EmailOtpEntryScreen, LoginConfig, MainScreen, Product, StytchLoginFlow};
///
/// // Codes instead of links: the code screen follows the email form.
/// #[component]
/// fn CodeLogin() -> impl IntoView {
///     let config = LoginConfig { products: vec![Product::EmailOtp], ..Default::default() };
///     view! { <StytchLoginFlow config><MainScreen/><EmailOtpEntryScreen/></StytchLoginFlow> }
/// }
/// ```
#[component]
pub fn EmailOtpEntryScreen() -> impl IntoView {
    let flow = current_flow();
    let active = on_screen(flow, |s| matches!(s, Screen::EmailOtpEntry { .. }));
    let email = Memo::new(move |_| {
        flow.screen.with(|s| match s {
            Screen::EmailOtpEntry { email, .. } => email.clone(),
            _ => String::new(),
        })
    });
    move || {
        active.get().then(|| {
            let code = flow.fields.code;
            let submit = move |ev: leptos::ev::SubmitEvent| {
                ev.prevent_default();
                flow.send(FlowEvent::SubmitEmailOtp(code.get_untracked()));
            };
            let sent_notice = move || (!flow.pending().get()).then(|| flow.text(|s| &s.email_otp_sent_notice));
            view! {
                <form class="stytch-login__form" on:submit=submit novalidate>
                    {heading(flow.text(|s| &s.email_otp_title))}
                    <p class="stytch-login__muted">{flow.text(|s| &s.email_otp_body)} " " <strong>{move || email.get()}</strong></p>
                    {code_input(flow.id("email-code"), flow.text(|s| &s.code_label), code)}
                    <p class="stytch-login__notice" role="status" aria-live="polite">{sent_notice}</p>
                    {error_message(flow)}
                    <button type="submit" class="stytch-button stytch-button--primary" disabled=flow.pending()>
                        {flow.text(|s| &s.verify_button)}
                    </button>
                    <div class="stytch-login__actions">
                        <button type="button" class="stytch-button" disabled=flow.pending() on:click=move |_| flow.send(FlowEvent::ResendEmailOtp)>
                            {flow.text(|s| &s.resend_code_button)}
                        </button>
                        {back_link(flow)}
                    </div>
                </form>
            }
        })
    }
}
