//! `<ConnectedAppConsent>`: the member lets an app act for them.

use leptos::prelude::*;
use stytch_core::{AuthorizeRequest, StytchError};
use stytch_models::api::idp::OAuthAuthorizeStartResponse;

use crate::components::login::Theme;
use crate::provider::{Stytch, StytchContext};

/// Every visible text of [`ConnectedAppConsent`].
///
/// ```
/// let strings = stytch_leptos::ConsentStrings { allow: "Authorize".into(), ..Default::default() };
/// assert!(strings.title.contains("{app}"));
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct ConsentStrings {
    /// Heading; `{app}` is replaced by the app's name.
    pub title: String,
    /// Above the list of what the app may do.
    pub scopes_intro: String,
    /// Above the scopes the member's roles do not allow (the app will not get them).
    pub not_grantable_intro: String,
    /// The allow button.
    pub allow: String,
    /// The decline button.
    pub deny: String,
    /// Shown while the request is checked.
    pub loading: String,
    /// Announced while the browser goes back to the app.
    pub redirecting: String,
    /// Shown when the page's URL holds no authorization request.
    pub invalid_request: String,
    /// Shown signed out, when no `fallback` is given.
    pub signed_out: String,
}

impl Default for ConsentStrings {
    fn default() -> Self {
        Self {
            title: "{app} wants to access your account".into(),
            scopes_intro: "It will be able to:".into(),
            not_grantable_intro: "Your role does not allow, so it will not get:".into(),
            allow: "Allow".into(),
            deny: "Deny".into(),
            loading: "Checking the request…".into(),
            redirecting: "Returning to the app…".into(),
            invalid_request: "This page needs an authorization request from an app (client_id and redirect_uri)."
                .into(),
            signed_out: "Sign in to continue.".into(),
        }
    }
}

/// Where the consent page stands.
#[derive(Clone, Debug, PartialEq)]
enum Step {
    Loading,
    Invalid,
    Asking(Box<OAuthAuthorizeStartResponse>),
    Redirecting,
    Failed(String),
}

/// The consent page of your Connected Apps: place it on the route your project's Connected
/// Apps settings name as the authorization URL (the emulator's `--idp-authorization-url`).
/// Signed out, it shows `fallback` (for example a `<StytchLogin/>` that returns here).
///
/// Keyboard and screen readers: the heading takes focus when the question appears, the scopes
/// are a list, errors are announced (`role="alert"`), progress is a live status.
///
/// ```no_run
/// use leptos::prelude::*;
/// use stytch_leptos::{ConnectedAppConsent, StytchLogin};
///
/// #[component]
/// fn AuthorizePage() -> impl IntoView {
///     view! { <ConnectedAppConsent fallback=|| view! { <StytchLogin/> }/> }
/// }
/// ```
#[component]
pub fn ConnectedAppConsent(
    /// The app's request; read from the page's URL when `None`.
    #[prop(optional)]
    request: Option<AuthorizeRequest>,
    /// Visible texts.
    #[prop(optional)]
    strings: Option<ConsentStrings>,
    /// Shown while signed out (a sign-in that comes back to this page).
    #[prop(optional, into)]
    fallback: Option<ViewFn>,
    /// What to do with the app's redirect URI; navigates to it when `None`.
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
    let text = move |pick: fn(&ConsentStrings) -> &String| strings.with_value(|s| pick(s).clone());
    let step = RwSignal::new(Step::Loading);
    let request = StoredValue::new(request);
    let heading_ref = NodeRef::<leptos::html::H2>::new();

    let fail = move |error: StytchError| {
        let _ = step.try_set(Step::Failed(error.to_string()));
        if let Some(callback) = on_error {
            let _ = callback.try_run(error);
        }
    };
    let finish = move |asked: AuthorizeRequest, granted: bool, scopes: Vec<String>| {
        step.set(Step::Redirecting);
        stytch.spawn(move |client| async move {
            match client
                .idp()
                .oauth_authorize_submit(&asked.submit_request(granted, scopes))
                .await
            {
                Ok(answer) => crate::page::follow(answer.redirect_uri, on_redirect),
                Err(error) => fail(error),
            }
        });
    };

    let signed_in = Memo::new(move |_| context.session.with(Option::is_some));
    let started = StoredValue::new(false);
    Effect::new(move |_| {
        if !signed_in.get() || started.get_value() {
            return;
        }
        if request.with_value(Option::is_none) {
            request.set_value(crate::page::current_href().and_then(|href| AuthorizeRequest::from_url(&href)));
        }
        let Some(asked) = request.get_value() else {
            step.set(Step::Invalid);
            return;
        };
        started.set_value(true);
        stytch.spawn(move |client| async move {
            match client.idp().oauth_authorize_start(&asked.start_request()).await {
                Ok(check) if !check.consent_required => {
                    let scopes = grantable(&check);
                    finish(asked, true, scopes);
                }
                Ok(check) => {
                    let _ = step.try_set(Step::Asking(Box::new(check)));
                }
                Err(error) => fail(error),
            }
        });
    });
    super::focus_on_question(move || step.with(|s| matches!(s, Step::Asking(_))), heading_ref);

    let decide = move |granted: bool| {
        let (Some(asked), Some(scopes)) = (
            request.get_value(),
            step.with_untracked(|s| match s {
                Step::Asking(check) => Some(grantable(check)),
                _ => None,
            }),
        ) else {
            return;
        };
        finish(asked, granted, if granted { scopes } else { Vec::new() });
    };

    let question = move |check: &OAuthAuthorizeStartResponse| {
        let name = check.client.client_name.clone();
        let title = text(|s| &s.title).replace("{app}", &name);
        let description = Some(check.client.client_description.clone()).filter(|d| !d.is_empty());
        let logo = check.client.client_logo_url.clone().filter(|l| !l.is_empty());
        let label = |r: &stytch_models::api::idp::ScopeResult| {
            if r.description.is_empty() {
                r.scope.clone()
            } else {
                r.description.clone()
            }
        };
        let allowed: Vec<String> = check
            .scope_results
            .iter()
            .filter(|r| r.is_grantable)
            .map(label)
            .collect();
        let refused: Vec<String> = check
            .scope_results
            .iter()
            .filter(|r| !r.is_grantable)
            .map(label)
            .collect();
        view! {
            {logo.map(|src| view! { <img class="stytch-connected-app__logo" src=src alt=""/> })}
            <h2 class="stytch-connected-app__title" tabindex="-1" node_ref=heading_ref>{title}</h2>
            {description.map(|d| view! { <p class="stytch-connected-app__description">{d}</p> })}
            <p>{text(|s| &s.scopes_intro)}</p>
            <ul class="stytch-connected-app__scopes">
                {allowed.into_iter().map(|s| view! { <li>{s}</li> }).collect_view()}
            </ul>
            {(!refused.is_empty()).then(|| view! {
                <p>{text(|s| &s.not_grantable_intro)}</p>
                <ul class="stytch-connected-app__scopes stytch-connected-app__scopes--refused">
                    {refused.into_iter().map(|s| view! { <li>{s}</li> }).collect_view()}
                </ul>
            })}
            <div class="stytch-connected-app__actions">
                <button type="button" class="stytch-connected-app__button" on:click=move |_| decide(false)>
                    {text(|s| &s.deny)}
                </button>
                <button
                    type="button"
                    class="stytch-connected-app__button stytch-connected-app__button--primary"
                    on:click=move |_| decide(true)
                >
                    {text(|s| &s.allow)}
                </button>
            </div>
        }
    };

    let body = move || {
        if !signed_in.get() {
            return match &fallback {
                Some(fallback) => fallback.run(),
                None => view! { <p class="stytch-connected-app__status">{text(|s| &s.signed_out)}</p> }.into_any(),
            };
        }
        step.with(|s| match s {
            Step::Loading => {
                view! { <p class="stytch-connected-app__status" role="status">{text(|s| &s.loading)}</p> }.into_any()
            }
            Step::Invalid => {
                view! { <p class="stytch-connected-app__error" role="alert">{text(|s| &s.invalid_request)}</p> }
                    .into_any()
            }
            Step::Asking(check) => question(check).into_any(),
            Step::Redirecting => {
                view! { <p class="stytch-connected-app__status" role="status">{text(|s| &s.redirecting)}</p> }
                    .into_any()
            }
            Step::Failed(message) => {
                view! { <p class="stytch-connected-app__error" role="alert">{message.clone()}</p> }.into_any()
            }
        })
    };
    super::card(class, theme, body)
}

/// The scopes the member may grant, which an "Allow" grants.
fn grantable(check: &OAuthAuthorizeStartResponse) -> Vec<String> {
    check
        .scope_results
        .iter()
        .filter(|r| r.is_grantable)
        .map(|r| r.scope.clone())
        .collect()
}
