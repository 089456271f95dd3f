//! The stytch-leptos demo: a leptos_router app wrapped in `<StytchProvider>`.
//!
//! Routes: `/` shows the session signals live; `/login` and `/authenticate` (where every link
//! and OAuth login lands) render `<StytchLogin>` (Discovery flow), `/login` sending a member
//! already signed in on to the dashboard; `/org/{slug}` renders the Organization flow;
//! `/dashboard` is protected and has logout. The header carries the organization switcher.

mod dashboard;

use dashboard::Dashboard;
use leptos::prelude::*;
use leptos_router::components::{A, ProtectedRoute, Route, Router, Routes};
use leptos_router::hooks::use_navigate;
use leptos_router::path;
use stytch_leptos::{
    AuthFlowType, EmailMagicLinksOptions, LoginConfig, LoginEvent, OAuthOptions, OAuthProvider, OrganizationSwitcher,
    PasswordOptions, Product, SsoOptions, StytchLogin, StytchOptions, StytchProvider, SwitcherEvent, Theme,
    signed_in_condition, use_member_session,
};

/// Where the API is and how the client behaves, from `window.STYTCH_DEMO` (see `config.js`).
#[derive(Clone)]
struct DemoConfig {
    api_url: String,
    public_token: String,
    refresh_interval_ms: Option<u32>,
    http_only_cookies: bool,
    dark: Option<bool>,
}

/// Light or dark, shared by the page and the login's [`Theme`].
#[derive(Clone, Copy)]
struct DarkMode(RwSignal<bool>);

const THEME_KEY: &str = "stytch-leptos-demo-theme";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten())
}

/// The saved choice, else `window.STYTCH_DEMO.theme`, else the system preference.
fn initial_dark(config: &DemoConfig) -> bool {
    let saved = storage()
        .and_then(|s| s.get_item(THEME_KEY).ok().flatten())
        .map(|v| v == "dark");
    let system = || {
        web_sys::window()
            .and_then(|w| w.match_media("(prefers-color-scheme: dark)").ok().flatten())
            .is_some_and(|m| m.matches())
    };
    saved.or(config.dark).unwrap_or_else(system)
}

fn read_config() -> DemoConfig {
    let setting = |key: &str| {
        web_sys::window()
            .and_then(|w| js_sys::Reflect::get(&w, &"STYTCH_DEMO".into()).ok())
            .and_then(|c| js_sys::Reflect::get(&c, &key.into()).ok())
            .filter(|v| !v.is_undefined() && !v.is_null())
    };
    let text = |key: &str, default: &str| {
        setting(key)
            .and_then(|v| v.as_string())
            .unwrap_or_else(|| default.to_owned())
    };
    DemoConfig {
        api_url: text("apiUrl", "http://127.0.0.1:8787"),
        public_token: text("publicToken", "public-token-test-4f1c9a2e-7b3d-4e8a-9c61-5d2f0e8b7a13"),
        refresh_interval_ms: setting("refreshIntervalMs")
            .and_then(|v| v.as_f64())
            .map(|ms| ms as u32),
        http_only_cookies: setting("httpOnlyCookies").and_then(|v| v.as_bool()).unwrap_or(false),
        dark: setting("theme").and_then(|v| v.as_string()).map(|t| t == "dark"),
    }
}

fn main() {
    // Panics reach the browser console in debug builds; release builds stay lean.
    #[cfg(debug_assertions)]
    console_error_panic_hook::set_once();
    mount_to_body(App);
}

#[component]
fn App() -> impl IntoView {
    let config = read_config();
    let mut options = StytchOptions {
        api_url: Some(config.api_url.clone()),
        http_only_cookies: config.http_only_cookies,
        ..Default::default()
    };
    if let Some(interval) = config.refresh_interval_ms {
        options.refresh_interval_ms = interval;
    }
    provide_context(config.clone());
    let dark = RwSignal::new(initial_dark(&config));
    provide_context(DarkMode(dark));
    // The page's colours follow the choice through `<html data-theme>`.
    Effect::new(move |_| {
        let theme = if dark.get() { "dark" } else { "light" };
        if let Some(root) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
        {
            let _ = root.set_attribute("data-theme", theme);
        }
    });
    view! {
        <StytchProvider public_token=config.public_token options=options>
            <Router>
                <Header/>
                <main>
                    <Routes fallback=|| view! { <p>"Page not found."</p> }>
                        <Route path=path!("/") view=Home/>
                        // A member who opens the login signed in goes on to the dashboard once
                        // Stytch confirms the session (a cached one may be dead). Not
                        // `/authenticate`: a link may be meant for a signed-in member.
                        <ProtectedRoute
                            path=path!("/login")
                            condition={
                                let signed_in = signed_in_condition();
                                move || signed_in().map(|yes| !yes)
                            }
                            redirect_path=|| "/dashboard"
                            fallback=|| view! { <p data-testid="loading">"Loading…"</p> }
                            view=LoginPage
                        />
                        <Route path=path!("/authenticate") view=LoginPage/>
                        <Route path=path!("/org/:slug") view=OrganizationLoginPage/>
                        <ProtectedRoute
                            path=path!("/dashboard")
                            condition=signed_in_condition()
                            redirect_path=|| "/login"
                            fallback=|| view! { <p data-testid="loading">"Loading…"</p> }
                            view=Dashboard
                        />
                    </Routes>
                </main>
            </Router>
        </StytchProvider>
    }
}

#[component]
fn Header() -> impl IntoView {
    let inbox = format!("{}/emulator", demo_context::<DemoConfig>().api_url);
    let session = use_member_session().session;
    view! {
        <header>
            <strong>"stytch-leptos demo"</strong>
            <nav aria-label="Main">
                <A href="/">"Home"</A> " · "
                {move || if session.with(Option::is_some) {
                    view! { <A href="/dashboard">"Dashboard"</A> }.into_any()
                } else {
                    view! { <A href="/login">"Sign in"</A> }.into_any()
                }}
            </nav>
            <a href=inbox target="_blank" rel="noopener">"Emulator inbox"</a>
            <Switcher/>
            <ThemeToggle/>
        </header>
    }
}

/// The organization switcher; "create an organization" starts a new discovery sign-in.
#[component]
fn Switcher() -> impl IntoView {
    let navigate = use_navigate();
    let create = {
        let navigate = navigate.clone();
        move |_| navigate("/login", Default::default())
    };
    let on_event = move |event: SwitcherEvent| {
        if let SwitcherEvent::Switched { .. } = event {
            navigate("/dashboard", Default::default());
        }
    };
    view! { <OrganizationSwitcher theme=themed() on_event=on_event on_create_organization=create/> }
}

#[component]
fn ThemeToggle() -> impl IntoView {
    let DarkMode(dark) = demo_context::<DarkMode>();
    let toggle = move |_| {
        dark.update(|d| *d = !*d);
        if let Some(storage) = storage() {
            let _ = storage.set_item(THEME_KEY, if dark.get_untracked() { "dark" } else { "light" });
        }
    };
    view! {
        <button type="button" aria-pressed=move || dark.get().to_string() on:click=toggle>
            "Dark theme"
        </button>
    }
}

#[component]
fn Home() -> impl IntoView {
    let session = use_member_session();
    view! {
        <h1>"Home"</h1>
        <section class="card" aria-labelledby="signals">
            <h2 id="signals">"Session signals"</h2>
            <dl>
                <dt>"is_initialized"</dt>
                <dd data-testid="is-initialized">{move || session.is_initialized.get().to_string()}</dd>
                <dt>"from_cache"</dt>
                <dd data-testid="from-cache">{move || session.from_cache.get().to_string()}</dd>
                <dt>"session"</dt>
                <dd data-testid="session">
                    {move || match session.session.get() {
                        Some(s) => format!("{} in {} (expires {})", s.member_session_id, s.organization_slug, s.expires_at),
                        None => "none".to_owned(),
                    }}
                </dd>
            </dl>
        </section>
        <section class="card" aria-labelledby="try">
            <h2 id="try">"Try it"</h2>
            <p class="muted">
                "Sign in with any email address; links and texted codes arrive in the emulator inbox. With the demo seed, "
                <code>"ada@example.com"</code> " shows every path:"
            </p>
            <ul class="muted">
                <li><strong>"Acme"</strong>": no MFA (Globex: an invitation; Initech: join by email domain)."</li>
                <li><strong>"Northwind"</strong>": MFA required; choose an authenticator app or text messages."</li>
                <li><strong>"Contoso"</strong>": MFA by text message only."</li>
                <li><strong>"Fabrikam"</strong>": MFA by authenticator app only; recovery codes after set-up."</li>
            </ul>
            <p class="muted">
                <code>"grace@example.com"</code> " already has a verified phone at Northwind: a code is texted as soon as she picks it."
            </p>
            <h3>"Step-up and the other methods"</h3>
            <ul class="muted">
                <li><strong>"Hooli"</strong>": accepts only Microsoft and email codes; arriving by magic link, Ada steps up with one of them."</li>
                <li><strong>"Umbrella"</strong>": anyone at " <code>"umbrella.example"</code> " may join with a verified email; arriving through GitHub (which does not verify emails) asks for an email step-up."</li>
                <li><strong>"Stark Industries"</strong>" at " <A href="/org/stark">"/org/stark"</A> " (the Organization flow): " <code>"tony@stark.example"</code> " and " <code>"pepper@stark.example"</code> " sign in with the password " <code>"Arc-Reactor-Mark-42"</code> "; Pepper must verify her email first. Reset a password from \"Forgot your password?\"."</li>
                <li><strong>"Cyberdyne Systems"</strong>": single sign-on only; arriving by magic link, " <code>"miles@cyberdyne.example"</code> " steps up through \"Cyberdyne Okta\", the emulator's simulated identity provider (or finds it with \"Continue with SSO\"). At " <A href="/org/cyberdyne">"/org/cyberdyne"</A> " anyone the identity provider names joins."</li>
                <li>"OAuth buttons open the emulator's simulated Google, Microsoft and GitHub: type any identity."</li>
            </ul>
        </section>
    }
}

/// The login every route uses: all primary methods, redirects back to `/authenticate`.
fn login_config(flow_type: AuthFlowType, organization_slug: Option<String>) -> LoginConfig {
    let origin = web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default();
    let landing = Some(format!("{origin}/authenticate"));
    LoginConfig {
        flow_type,
        organization_slug,
        products: vec![
            Product::Sso,
            Product::OAuth,
            Product::EmailMagicLinks,
            Product::EmailOtp,
            Product::Passwords,
        ],
        email_magic_links: EmailMagicLinksOptions {
            discovery_redirect_url: landing.clone(),
            login_redirect_url: landing.clone(),
            signup_redirect_url: landing.clone(),
            ..Default::default()
        },
        oauth: OAuthOptions {
            providers: vec![
                OAuthProvider::Google,
                OAuthProvider::Microsoft,
                OAuthProvider::GitHub,
                OAuthProvider::Slack,
            ],
            login_redirect_url: landing.clone(),
            signup_redirect_url: landing.clone(),
            discovery_redirect_url: landing.clone(),
            ..Default::default()
        },
        sso: SsoOptions {
            login_redirect_url: landing.clone(),
            signup_redirect_url: landing.clone(),
        },
        passwords: PasswordOptions {
            reset_password_redirect_url: landing,
            ..Default::default()
        },
        ..Default::default()
    }
}

/// A context `App` provides. Not Leptos's `expect_context`, whose panic message formats the
/// caller's location and the type name with `{:?}`: that alone brought the `Debug` escaping of
/// strings and its Unicode tables into the demo (2.7 KB of wasm).
fn demo_context<T: Clone + 'static>() -> T {
    use_context().expect("provided by App")
}

fn themed() -> Signal<Theme> {
    let DarkMode(dark) = demo_context::<DarkMode>();
    Signal::derive(move || if dark.get() { Theme::dark() } else { Theme::light() })
}

#[component]
fn LoginPage() -> impl IntoView {
    let navigate = use_navigate();
    let on_event = move |event: LoginEvent| {
        if let LoginEvent::LoggedIn { .. } = event {
            navigate("/dashboard", Default::default());
        }
    };
    view! {
        <h1 class="visually-hidden">"Sign in"</h1>
        <StytchLogin config=login_config(AuthFlowType::Discovery, None) theme=themed() on_event=on_event/>
    }
}

/// The Organization flow: `/org/{slug}` signs in to one organization directly.
#[component]
fn OrganizationLoginPage() -> impl IntoView {
    let navigate = use_navigate();
    let params = leptos_router::hooks::use_params_map();
    let slug = params.with_untracked(|p| p.get("slug"));
    let on_event = move |event: LoginEvent| {
        if let LoginEvent::LoggedIn { .. } = event {
            navigate("/dashboard", Default::default());
        }
    };
    view! {
        <h1 class="visually-hidden">"Sign in to an organization"</h1>
        <StytchLogin config=login_config(AuthFlowType::Organization, slug) theme=themed() on_event=on_event/>
    }
}
