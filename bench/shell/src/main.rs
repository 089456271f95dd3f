//! The demo's shell without stytch-leptos: the same router, routes, header, theme toggle and
//! settings read from `window.STYTCH_DEMO`, with plain placeholders where the demo renders
//! Stytch's screens. `bench/size.mjs` subtracts its size from the demo's to report what
//! stytch-leptos itself costs an app.
//!
//! Built with `--features headless`, the router sits inside `<StytchProvider>` and the home page
//! shows the demo's session signals: the cost of the headless client and hooks on their own,
//! which splits the library's cost into the part every app pays and the prebuilt screens.
//! With `--features login`, `/login` also renders `<StytchLogin>` (Discovery with email magic
//! links, stytch-leptos's optional flows off): the same page as the official React app the
//! benchmark compares with.

use leptos::prelude::*;
use leptos_router::components::{A, Route, Router, Routes};
use leptos_router::path;

const THEME_KEY: &str = "stytch-leptos-demo-theme";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten())
}

fn setting(key: &str) -> Option<String> {
    web_sys::window()
        .and_then(|w| js_sys::Reflect::get(&w, &"STYTCH_DEMO".into()).ok())
        .and_then(|c| js_sys::Reflect::get(&c, &key.into()).ok())
        .and_then(|v| v.as_string())
}

fn main() {
    mount_to_body(App);
}

#[component]
fn App() -> impl IntoView {
    let saved = storage().and_then(|s| s.get_item(THEME_KEY).ok().flatten());
    let system = web_sys::window()
        .and_then(|w| w.match_media("(prefers-color-scheme: dark)").ok().flatten())
        .is_some_and(|m| m.matches());
    let dark = RwSignal::new(saved.map(|v| v == "dark").unwrap_or(system));
    Effect::new(move |_| {
        let theme = if dark.get() { "dark" } else { "light" };
        if let Some(root) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
        {
            let _ = root.set_attribute("data-theme", theme);
        }
    });
    let api_url = setting("apiUrl").unwrap_or_else(|| "http://127.0.0.1:8787".to_owned());
    let inbox = format!("{api_url}/emulator");
    let toggle = move |_| {
        dark.update(|d| *d = !*d);
        if let Some(storage) = storage() {
            let _ = storage.set_item(THEME_KEY, if dark.get_untracked() { "dark" } else { "light" });
        }
    };
    let app = view! {
        <Router>
            <header>
                <strong>"stytch-leptos demo"</strong>
                <nav aria-label="Main">
                    <A href="/">"Home"</A> " · " <A href="/login">"Sign in"</A>
                </nav>
                <a href=inbox target="_blank" rel="noopener">"Emulator inbox"</a>
                <button type="button" aria-pressed=move || dark.get().to_string() on:click=toggle>
                    "Dark theme"
                </button>
            </header>
            <main>
                <Routes fallback=|| view! { <p>"Page not found."</p> }>
                    <Route path=path!("/") view=Home/>
                    <Route path=path!("/login") view=Login/>
                    <Route path=path!("/authenticate") view=|| view! { <h1>"Sign in"</h1> }/>
                    <Route path=path!("/org/:slug") view=|| view! { <h1>"Sign in to an organization"</h1> }/>
                    <Route path=path!("/dashboard") view=|| view! { <h1>"Dashboard"</h1> }/>
                </Routes>
            </main>
        </Router>
    };
    #[cfg(feature = "headless")]
    let app = view! {
        <stytch_leptos::StytchProvider
            public_token=setting("publicToken").unwrap_or_default()
            options=stytch_leptos::StytchOptions { api_url: Some(api_url), ..Default::default() }
        >
            {app}
        </stytch_leptos::StytchProvider>
    };
    app
}

#[cfg(not(feature = "login"))]
#[component]
fn Login() -> impl IntoView {
    view! { <h1>"Sign in"</h1> }
}

/// The official page's equivalent: the Discovery UI with email magic links.
#[cfg(feature = "login")]
#[component]
fn Login() -> impl IntoView {
    view! {
        <h1>"Sign in"</h1>
        <stytch_leptos::StytchLogin config=stytch_leptos::LoginConfig {
            session_duration_minutes: 60,
            ..Default::default()
        }/>
    }
}

#[cfg(not(feature = "headless"))]
#[component]
fn Home() -> impl IntoView {
    view! { <h1>"Home"</h1> <p>"Session signals go here."</p> }
}

/// The demo's session read-out.
#[cfg(feature = "headless")]
#[component]
fn Home() -> impl IntoView {
    let session = stytch_leptos::use_member_session();
    view! {
        <h1>"Home"</h1>
        <dl>
            <dt>"is_initialized"</dt>
            <dd>{move || session.is_initialized.get().to_string()}</dd>
            <dt>"from_cache"</dt>
            <dd>{move || session.from_cache.get().to_string()}</dd>
            <dt>"session"</dt>
            <dd>
                {move || match session.session.get() {
                    Some(s) => format!("{} in {} (expires {})", s.member_session_id, s.organization_slug, s.expires_at),
                    None => "none".to_owned(),
                }}
            </dd>
        </dl>
    }
}
