//! `<ConnectedAppLogout>`: a connected app signs the member out.

use leptos::prelude::*;
use stytch_core::StytchError;
use stytch_models::api::idp::OAuthLogoutStartRequest;

use crate::components::login::Theme;
use crate::provider::{Stytch, StytchContext};

/// Every visible text of [`ConnectedAppLogout`].
///
/// ```
/// let strings = stytch_leptos::LogoutStrings { confirm: "Sign out".into(), ..Default::default() };
/// assert!(strings.title.contains("{project}"));
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct LogoutStrings {
    /// The question; `{project}` is replaced by the project's name.
    pub title: String,
    /// Below the question.
    pub explanation: String,
    /// The button that signs out.
    pub confirm: String,
    /// The button that stays signed in.
    pub cancel: String,
    /// Shown after staying signed in.
    pub kept: String,
    /// Shown while the request is checked.
    pub loading: String,
    /// Announced while signing out and returning to the app.
    pub signing_out: String,
    /// Shown when the page's URL holds no logout request.
    pub invalid_request: String,
}

impl Default for LogoutStrings {
    fn default() -> Self {
        Self {
            title: "Log out of {project}?".into(),
            explanation: "An app you use asked to sign you out.".into(),
            confirm: "Log out".into(),
            cancel: "Stay signed in".into(),
            kept: "You have not been logged out. You may close this page.".into(),
            loading: "Checking the request…".into(),
            signing_out: "Signing you out…".into(),
            invalid_request: "This page needs a logout request from an app (client_id and post_logout_redirect_uri)."
                .into(),
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
enum Step {
    Loading,
    Invalid,
    Asking(String),
    Kept,
    SigningOut,
    Failed(String),
}

/// The logout page of your Connected Apps (OpenID Connect RP-initiated logout), as the
/// official UI's: it checks the app's request
/// ([`Idp::oauth_logout_start`](stytch_core::Idp::oauth_logout_start)), asks "Log out?" unless
/// the app's `id_token_hint` names the signed-in member (or nobody is signed in), then ends the
/// session (even if that fails: the member asked to leave) and returns to the app's
/// post-logout redirect URI with its `state`. Declining keeps the session and says so.
///
/// ```no_run
/// use leptos::prelude::*;
/// use stytch_leptos::ConnectedAppLogout;
///
/// #[component]
/// fn LogoutPage() -> impl IntoView {
///     view! { <ConnectedAppLogout/> }
/// }
/// ```
#[component]
pub fn ConnectedAppLogout(
    /// The app's request; read from the page's URL when `None`.
    #[prop(optional)]
    request: Option<OAuthLogoutStartRequest>,
    /// Visible texts.
    #[prop(optional)]
    strings: Option<LogoutStrings>,
    /// What to do with the app's post-logout redirect URI; navigates to it when `None`.
    #[prop(optional, into)]
    on_redirect: Option<Callback<String>>,
    /// Called with every error.
    #[prop(optional, into)]
    on_error: Option<Callback<StytchError>>,
    /// Colours and shapes.
    #[prop(optional, into)]
    theme: MaybeProp<Theme>,
    /// Extra classes on the root element.
    #[prop(optional, into)]
    class: MaybeProp<String>,
) -> impl IntoView {
    let context = StytchContext::expect();
    let stytch = Stytch { context };
    let strings = StoredValue::new(strings.unwrap_or_default());
    let text = move |pick: fn(&LogoutStrings) -> &String| strings.with_value(|s| pick(s).clone());
    let step = RwSignal::new(Step::Loading);
    let request = StoredValue::new(request);
    let heading_ref = NodeRef::<leptos::html::H2>::new();

    let sign_out = move |redirect_uri: String| {
        step.set(Step::SigningOut);
        stytch.spawn(move |client| async move {
            if client.store().session().is_some() {
                // Gone either way: a failed revoke must not keep the member here.
                let _ = client.session().revoke(true).await;
            }
            crate::page::follow(redirect_uri, on_redirect);
        });
    };

    let started = StoredValue::new(false);
    Effect::new(move |_| {
        if !context.is_initialized.get() || started.get_value() {
            return;
        }
        if request.with_value(Option::is_none) {
            request.set_value(crate::page::current_href().and_then(|href| stytch_core::parse_logout_request(&href)));
        }
        let Some(asked) = request.get_value() else {
            step.set(Step::Invalid);
            return;
        };
        started.set_value(true);
        stytch.spawn(move |client| async move {
            match client.idp().oauth_logout_start(&asked).await {
                Ok(check) if !check.consent_required => sign_out(check.redirect_uri),
                Ok(check) => {
                    let _ = step.try_set(Step::Asking(check.redirect_uri));
                }
                Err(error) => {
                    let _ = step.try_set(Step::Failed(error.to_string()));
                    if let Some(callback) = on_error {
                        let _ = callback.try_run(error);
                    }
                }
            }
        });
    });
    super::focus_on_question(move || step.with(|s| matches!(s, Step::Asking(_))), heading_ref);

    let project = move || {
        stytch
            .bootstrap()
            .with(|b| b.as_ref().map(|b| b.project_name.clone()))
            .filter(|name| !name.is_empty())
            .unwrap_or_else(|| "this app".to_owned())
    };
    let body = move || {
        step.with(|s| match s {
            Step::Loading => view! { <p class="stytch-connected-app__status" role="status">{text(|s| &s.loading)}</p> }
                .into_any(),
            Step::Invalid => view! {
                <p class="stytch-connected-app__error" role="alert">{text(|s| &s.invalid_request)}</p>
            }
            .into_any(),
            Step::Asking(redirect_uri) => {
                let redirect_uri = redirect_uri.clone();
                view! {
                    <h2 class="stytch-connected-app__title" tabindex="-1" node_ref=heading_ref>
                        {move || text(|s| &s.title).replace("{project}", &project())}
                    </h2>
                    <p class="stytch-connected-app__description">{text(|s| &s.explanation)}</p>
                    <div class="stytch-connected-app__actions">
                        <button type="button" class="stytch-connected-app__button" on:click=move |_| step.set(Step::Kept)>
                            {text(|s| &s.cancel)}
                        </button>
                        <button
                            type="button"
                            class="stytch-connected-app__button stytch-connected-app__button--primary"
                            on:click=move |_| sign_out(redirect_uri.clone())
                        >
                            {text(|s| &s.confirm)}
                        </button>
                    </div>
                }
                .into_any()
            }
            Step::Kept => view! { <p class="stytch-connected-app__status" role="status">{text(|s| &s.kept)}</p> }
                .into_any(),
            Step::SigningOut => view! {
                <p class="stytch-connected-app__status" role="status">{text(|s| &s.signing_out)}</p>
            }
            .into_any(),
            Step::Failed(message) => view! {
                <p class="stytch-connected-app__error" role="alert">{message.clone()}</p>
            }
            .into_any(),
        })
    };
    super::card(class, theme, body)
}
