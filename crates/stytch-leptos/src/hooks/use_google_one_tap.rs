use leptos::prelude::*;
use stytch_core::{OAuthStartOptions, StytchError};

use crate::provider::StytchContext;

/// Google's One Tap script, which [`use_google_one_tap`] loads unless told otherwise.
///
/// ```
/// assert!(stytch_leptos::GOOGLE_ONE_TAP_SCRIPT.starts_with("https://accounts.google.com/"));
/// ```
pub const GOOGLE_ONE_TAP_SCRIPT: &str = "https://accounts.google.com/gsi/client";

/// Options of [`use_google_one_tap_with_options`].
///
/// ```no_run
/// use leptos::prelude::*;
/// use stytch_leptos::{UseGoogleOneTapOptions, use_google_one_tap_with_options};
///
/// // One Tap into a known organization, against the emulator's stand-in for Google.
/// #[component]
/// fn OrganizationOneTap(organization_id: String) -> impl IntoView {
///     use_google_one_tap_with_options(UseGoogleOneTapOptions {
///         organization_id: Some(organization_id),
///         script_url: "http://localhost:8787/emulator/google/gsi/client".into(),
///         ..Default::default()
///     });
/// }
/// ```
#[derive(Clone)]
pub struct UseGoogleOneTapOptions {
    /// The organization to sign in to; `None` (the default) signs in by discovery.
    pub organization_id: Option<String>,
    /// Where an existing member lands (the project's default when `None`).
    pub login_redirect_url: Option<String>,
    /// Where a new member lands (the project's default when `None`).
    pub signup_redirect_url: Option<String>,
    /// Where a discovery login lands (the project's default when `None`).
    pub discovery_redirect_url: Option<String>,
    /// Close the prompt when the person clicks elsewhere on the page (Google's default: true).
    pub cancel_on_tap_outside: bool,
    /// Show the prompt as soon as it is ready (true); else wait for
    /// [`UseGoogleOneTapReturn::prompt`].
    pub auto_prompt: bool,
    /// The script defining `google.accounts.id`: [`GOOGLE_ONE_TAP_SCRIPT`] by default; the
    /// emulator's stand-in (`{emulator}/emulator/google/gsi/client`) in development and tests,
    /// where Google cannot be reached or would not accept the emulator's client ID.
    pub script_url: String,
    /// What to do with the URL the submit answers (your redirect URL with the OAuth token).
    /// `None` navigates to it, as the official SDK does; a callback can authenticate in place
    /// instead (`client.authenticate_by_url(&url, …)`), with no page load.
    pub on_redirect: Option<Callback<String>>,
}

impl Default for UseGoogleOneTapOptions {
    fn default() -> Self {
        Self {
            organization_id: None,
            login_redirect_url: None,
            signup_redirect_url: None,
            discovery_redirect_url: None,
            cancel_on_tap_outside: true,
            auto_prompt: true,
            script_url: GOOGLE_ONE_TAP_SCRIPT.to_owned(),
            on_redirect: None,
        }
    }
}

/// Where Google One Tap stands, in [`UseGoogleOneTapReturn::status`].
///
/// ```
/// use stytch_leptos::OneTapStatus;
/// // A "Sign in with Google" fallback for when One Tap will not show.
/// let status = OneTapStatus::NotShown("opt_out_or_no_session".into());
/// assert!(matches!(status, OneTapStatus::NotShown(_) | OneTapStatus::Failed));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OneTapStatus {
    /// Fetching the Google client ID and loading the script (always, on the server).
    Loading,
    /// Ready; the prompt waits for [`UseGoogleOneTapReturn::prompt`] (`auto_prompt` off).
    Ready,
    /// The prompt is showing.
    Shown,
    /// The prompt is not showing, for Google's reason (`user_cancel`, `tap_outside`,
    /// `opt_out_or_no_session`, `suppressed_by_user`, …), or `oauth_config_not_found` when the
    /// project has no Google client ID, or `script_not_loaded` when the script failed.
    NotShown(String),
    /// Submitting the credential Google returned.
    Submitting,
    /// Submitted: the browser is on its way to the redirect URL (or `on_redirect` has it).
    Redirected,
    /// A request failed; [`UseGoogleOneTapReturn::error`] says why.
    Failed,
}

/// Return type of [`use_google_one_tap`].
///
/// ```no_run
/// use leptos::prelude::*;
/// use stytch_leptos::{OneTapStatus, UseGoogleOneTapReturn, use_google_one_tap};
///
/// #[component]
/// fn OneTapStatusLine() -> impl IntoView {
///     let UseGoogleOneTapReturn { status, error, prompt, .. } = use_google_one_tap();
///     view! {
///         <p aria-live="polite">
///             {move || match (status.get(), error.get()) {
///                 (OneTapStatus::Submitting, _) => "Signing you in…".to_owned(),
///                 (_, Some(e)) => format!("Google sign-in failed: {e}"),
///                 _ => String::new(),
///             }}
///         </p>
///         <button on:click=move |_| prompt.run(())>"Sign in with Google"</button>
///     }
/// }
/// ```
#[derive(Clone, Copy)]
pub struct UseGoogleOneTapReturn {
    /// Where One Tap stands.
    pub status: Signal<OneTapStatus>,
    /// Why the start or the submit failed (`id_token_invalid`, an unreachable API, …).
    pub error: Signal<Option<StytchError>>,
    /// Shows the prompt (again), e.g. after the person closed it; does nothing until ready.
    pub prompt: Callback<()>,
    /// Closes the prompt.
    pub cancel: Callback<()>,
}

/// Google One Tap, as the official `oauth.googleOneTap.start` (with an `organization_id`) and
/// `oauth.googleOneTap.discovery.start`: once the client has started it fetches the project's
/// Google client ID, loads Google's script, shows the prompt, submits the credential Google
/// returns, and sends the browser to the redirect URL with an OAuth token, which your
/// authenticate page handles as any OAuth redirect (`<StytchLogin>` does). Signs in by
/// discovery; [`use_google_one_tap_with_options`] names an organization, the redirect URLs and
/// the script. The prompt closes when the component unmounts.
///
/// ```no_run
/// use leptos::prelude::*;
/// use stytch_leptos::use_google_one_tap;
///
/// #[component]
/// fn LoginPage() -> impl IntoView {
///     use_google_one_tap();
///     view! { <h1>"Sign in"</h1> }
/// }
/// ```
///
/// ## Server-Side Rendering
/// On the server nothing loads: `status` stays [`OneTapStatus::Loading`].
#[track_caller]
pub fn use_google_one_tap() -> UseGoogleOneTapReturn {
    use_google_one_tap_with_options(UseGoogleOneTapOptions::default())
}

/// [`use_google_one_tap`] into an organization, with chosen redirect URLs, script or
/// redirect handling.
///
/// ```no_run
/// use leptos::prelude::*;
/// use stytch_leptos::{UseGoogleOneTapOptions, use_google_one_tap_with_options, use_stytch};
///
/// // Authenticate in place rather than through a page load.
/// #[component]
/// fn InPlaceOneTap() -> impl IntoView {
///     let stytch = use_stytch();
///     let on_redirect = Callback::new(move |url: String| {
///         stytch.spawn(move |client| async move {
///             let _ = client.authenticate_by_url(&url, Some(60)).await;
///         })
///     });
///     use_google_one_tap_with_options(UseGoogleOneTapOptions {
///         on_redirect: Some(on_redirect),
///         ..Default::default()
///     });
/// }
/// ```
#[track_caller]
pub fn use_google_one_tap_with_options(options: UseGoogleOneTapOptions) -> UseGoogleOneTapReturn {
    let context = StytchContext::expect();
    let stytch = crate::use_stytch();
    let status = RwSignal::new(OneTapStatus::Loading);
    let error = RwSignal::new(None::<StytchError>);
    let ready = RwSignal::new(false);
    let cancel_on_tap_outside = options.cancel_on_tap_outside;

    let prompt = Callback::new(move |()| {
        if ready.get_untracked() {
            browser::prompt(status);
        }
    });
    let cancel = Callback::new(move |()| {
        if ready.get_untracked() {
            browser::cancel();
            status.set(OneTapStatus::NotShown("cancel_called".into()));
        }
    });

    let started = StoredValue::new(false);
    Effect::new(move |_| {
        if !context.is_initialized.get() || started.get_value() {
            return;
        }
        let Some(client) = stytch.client() else {
            return;
        };
        started.set_value(true);
        let options = options.clone();
        leptos::task::spawn_local(async move {
            let client_id = match client.oauth().google_one_tap_client_id().await {
                Ok(id) if id.is_empty() => {
                    let _ = status.try_set(OneTapStatus::NotShown("oauth_config_not_found".into()));
                    return;
                }
                Ok(id) => id,
                Err(e) => {
                    let _ = error.try_set(Some(e));
                    let _ = status.try_set(OneTapStatus::Failed);
                    return;
                }
            };
            if !browser::load_script(&options.script_url).await {
                let _ = status.try_set(OneTapStatus::NotShown("script_not_loaded".into()));
                return;
            }
            let auto_prompt = options.auto_prompt;
            let on_credential = move |credential: String| {
                status.set(OneTapStatus::Submitting);
                error.set(None);
                let client = client.clone();
                let options = options.clone();
                leptos::task::spawn_local(async move {
                    let start = OAuthStartOptions {
                        organization_id: options.organization_id.clone(),
                        login_redirect_url: options.login_redirect_url.clone(),
                        signup_redirect_url: options.signup_redirect_url.clone(),
                        discovery_redirect_url: options.discovery_redirect_url.clone(),
                        ..Default::default()
                    };
                    let submitted = if start.organization_id.is_some() {
                        client.oauth().google_one_tap_submit(&credential, &start).await
                    } else {
                        client
                            .oauth()
                            .google_one_tap_discovery_submit(&credential, &start)
                            .await
                    };
                    match submitted {
                        Ok(url) => {
                            let _ = status.try_set(OneTapStatus::Redirected);
                            crate::page::follow(url, options.on_redirect);
                        }
                        Err(e) => {
                            let _ = error.try_set(Some(e));
                            let _ = status.try_set(OneTapStatus::Failed);
                        }
                    }
                });
            };
            browser::initialize(&client_id, cancel_on_tap_outside, on_credential);
            if ready.try_set(true).is_some() {
                // Unmounted while loading: show nothing.
                return;
            }
            if auto_prompt {
                browser::prompt(status);
            } else {
                let _ = status.try_set(OneTapStatus::Ready);
            }
        });
    });
    on_cleanup(move || {
        if started.try_get_value() == Some(true) {
            browser::cancel();
        }
    });

    UseGoogleOneTapReturn {
        status: status.into(),
        error: error.into(),
        prompt,
        cancel,
    }
}

/// The page's `google.accounts.id`, through `js_sys::Reflect` (no bindings to generate).
mod browser {
    use js_sys::{Function, Object, Promise, Reflect};
    use leptos::prelude::*;
    use wasm_bindgen::{JsCast, JsValue, closure::Closure};

    use super::OneTapStatus;

    fn get(target: &JsValue, key: &str) -> JsValue {
        Reflect::get(target, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
    }

    fn set(target: &JsValue, key: &str, value: &JsValue) {
        let _ = Reflect::set(target, &JsValue::from_str(key), value);
    }

    /// `google.accounts.id`, once a script defined it.
    fn gsi() -> Option<JsValue> {
        let window: JsValue = web_sys::window()?.into();
        let id = get(&get(&get(&window, "google"), "accounts"), "id");
        id.is_object().then_some(id)
    }

    fn call(target: &JsValue, method: &str, argument: Option<&JsValue>) {
        if let Ok(function) = get(target, method).dyn_into::<Function>() {
            let _ = match argument {
                Some(argument) => function.call1(target, argument),
                None => function.call0(target),
            };
        }
    }

    /// Loads the script unless `google.accounts.id` exists; whether it exists after.
    pub(super) async fn load_script(url: &str) -> bool {
        if gsi().is_some() {
            return true;
        }
        let Some(document) = web_sys::window().and_then(|w| w.document()) else {
            return false;
        };
        let Ok(script) = document.create_element("script") else {
            return false;
        };
        let _ = script.set_attribute("src", url);
        let _ = script.set_attribute("async", "");
        let loaded = Promise::new(&mut |resolve, reject| {
            set(&script, "onload", &resolve);
            set(&script, "onerror", &reject);
        });
        let appended = document.head().map(|head| head.append_child(&script).is_ok());
        appended == Some(true) && wasm_bindgen_futures::JsFuture::from(loaded).await.is_ok() && gsi().is_some()
    }

    /// `google.accounts.id.initialize`, handing each credential to `on_credential`.
    pub(super) fn initialize(client_id: &str, cancel_on_tap_outside: bool, on_credential: impl Fn(String) + 'static) {
        let Some(id) = gsi() else {
            return;
        };
        let callback = Closure::<dyn Fn(JsValue)>::new(move |response: JsValue| {
            if let Some(credential) = get(&response, "credential").as_string().filter(|c| !c.is_empty()) {
                on_credential(credential);
            }
        });
        let config: JsValue = Object::new().into();
        set(&config, "client_id", &JsValue::from_str(client_id));
        set(&config, "callback", &callback.into_js_value());
        set(&config, "auto_select", &JsValue::FALSE);
        set(&config, "context", &JsValue::from_str("use"));
        set(&config, "itp_support", &JsValue::TRUE);
        set(&config, "use_fedcm_for_prompt", &JsValue::TRUE);
        set(
            &config,
            "cancel_on_tap_outside",
            &JsValue::from_bool(cancel_on_tap_outside),
        );
        call(&id, "initialize", Some(&config));
    }

    /// `google.accounts.id.prompt`, following its moments into `status`.
    pub(super) fn prompt(status: RwSignal<OneTapStatus>) {
        let Some(id) = gsi() else {
            return;
        };
        let listener = Closure::<dyn Fn(JsValue)>::new(move |moment: JsValue| {
            let ask = |method: &str| {
                get(&moment, method)
                    .dyn_into::<Function>()
                    .ok()
                    .and_then(|f| f.call0(&moment).ok())
            };
            let yes = |method: &str| ask(method).and_then(|v| v.as_bool()).unwrap_or(false);
            let reason = |method: &str| {
                ask(method)
                    .and_then(|v| v.as_string())
                    .unwrap_or_else(|| "unknown_reason".to_owned())
            };
            let next = if yes("isNotDisplayed") {
                Some(OneTapStatus::NotShown(reason("getNotDisplayedReason")))
            } else if yes("isSkippedMoment") {
                Some(OneTapStatus::NotShown(reason("getSkippedReason")))
            } else if yes("isDisplayMoment") {
                Some(OneTapStatus::Shown)
            } else {
                // Dismissed: a credential is on its way (its callback sets the status), or
                // Google gave up for its own reason.
                let why = reason("getDismissedReason");
                (why != "credential_returned").then_some(OneTapStatus::NotShown(why))
            };
            if let Some(next) = next {
                let _ = status.try_set(next);
            }
        });
        call(&id, "prompt", Some(&listener.into_js_value()));
    }

    /// `google.accounts.id.cancel`.
    pub(super) fn cancel() {
        if cfg!(target_arch = "wasm32")
            && let Some(id) = gsi()
        {
            call(&id, "cancel", None);
        }
    }
}
