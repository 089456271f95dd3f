//! The stytch-leptos demo: a leptos_router app wrapped in `<StytchProvider>`.
//!
//! Routes: `/` shows the session signals live; `/login` and `/authenticate` (where discovery
//! links land) render `<StytchLogin>`; `/dashboard` is protected and has logout.

mod dashboard;

use dashboard::Dashboard;
use leptos::prelude::*;
use leptos_router::components::{A, ProtectedRoute, Route, Router, Routes};
use leptos_router::hooks::use_navigate;
use leptos_router::path;
use stytch_leptos::{
    LoginConfig, LoginEvent, StytchLogin, StytchOptions, StytchProvider, signed_in_condition, use_member_session,
};

/// Where the API is and how the client behaves, from `window.STYTCH_DEMO` (see `config.js`).
#[derive(Clone)]
struct DemoConfig {
    api_url: String,
    public_token: String,
    refresh_interval_ms: Option<u32>,
    http_only_cookies: bool,
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
    view! {
        <StytchProvider public_token=config.public_token options=options>
            <Router>
                <Header/>
                <main>
                    <Routes fallback=|| view! { <p>"Page not found."</p> }>
                        <Route path=path!("/") view=Home/>
                        <Route path=path!("/login") view=LoginPage/>
                        <Route path=path!("/authenticate") view=LoginPage/>
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
    let inbox = format!("{}/emulator", expect_context::<DemoConfig>().api_url);
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
        </header>
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
        <p class="muted">
            "Sign in with any email address; the link arrives in the emulator inbox. With the demo seed, "
            <code>"ada@example.com"</code> " belongs to Acme, is invited to Globex and may join Initech."
        </p>
    }
}

#[component]
fn LoginPage() -> impl IntoView {
    let navigate = use_navigate();
    let origin = web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default();
    let config = LoginConfig {
        discovery_redirect_url: Some(format!("{origin}/authenticate")),
        ..Default::default()
    };
    let on_event = move |event: LoginEvent| {
        if let LoginEvent::LoggedIn { .. } = event {
            navigate("/dashboard", Default::default());
        }
    };
    view! {
        <h1 class="visually-hidden">"Sign in"</h1>
        <StytchLogin config=config on_event=on_event/>
    }
}
