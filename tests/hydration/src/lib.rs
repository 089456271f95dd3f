//! Pages rendered twice, as a server-rendered Leptos app's are: to HTML by the server
//! (`--features ssr`, see `main.rs`) and hydrated in the browser (`--features hydrate`, the
//! exported [`hydrate`] and [`hydrate_guarded`]). The end-to-end suite
//! (`tests/e2e/hydration.test.mjs`) loads them in Chromium: any difference between the two
//! first renders is a hydration error.

// Without `erase_components` the page's view type is deep enough to need it, as Leptos apps
// often do.
#![recursion_limit = "256"]
use leptos::prelude::*;
use leptos_router::components::{ProtectedRoute, Router, Routes};
use leptos_router::path;
use stytch_leptos::{
    AuthFlowType, LoginConfig, MemberManagement, OAuthOptions, OAuthProvider, OrganizationSettings,
    OrganizationSwitcher, Product, Protect, SignedIn, SignedOut, StytchLogin, StytchOptions, StytchProvider,
    signed_in_condition, use_is_authorized, use_member, use_member_session, use_organization, use_session_activity,
};

/// The page: the session's signals, both guards, the switcher and the login (every product on
/// its first screen; the Organization flow when `organization` names a slug), inside the
/// provider. `api_url` and `public_token` only reach the client; the markup never shows them.
#[component]
pub fn App(api_url: String, public_token: String, organization: Option<String>) -> impl IntoView {
    let options = StytchOptions {
        api_url: Some(api_url),
        ..Default::default()
    };
    let config = LoginConfig {
        flow_type: if organization.is_some() {
            AuthFlowType::Organization
        } else {
            AuthFlowType::Discovery
        },
        organization_slug: organization,
        products: vec![
            Product::Sso,
            Product::OAuth,
            Product::EmailMagicLinks,
            Product::EmailOtp,
            Product::Passwords,
        ],
        oauth: OAuthOptions {
            providers: vec![OAuthProvider::Google, OAuthProvider::Microsoft],
            ..Default::default()
        },
        ..Default::default()
    };
    view! {
        <StytchProvider public_token=public_token options=options>
            <header>
                <OrganizationSwitcher/>
            </header>
            <main>
                <State/>
                <SignedIn fallback=|| view! { <p data-testid="signed-in-fallback">"Checking your session…"</p> }>
                    <p data-testid="members-only">"Members only"</p>
                </SignedIn>
                <SignedOut fallback=|| view! { <p data-testid="signed-out-fallback">"Not yet"</p> }>
                    <p data-testid="signed-out">"Signed out"</p>
                </SignedOut>
                <Protect resource="documents" action="write" fallback=|| view! { <p data-testid="no-write">"Read only"</p> }>
                    <p data-testid="may-write">"Edit documents"</p>
                </Protect>
                <StytchLogin config=config/>
            </main>
        </StytchProvider>
    }
}

/// The session hook's three signals, the member's address and the other hooks' first values,
/// as text the suite reads (`use_member_search`'s server value is in `stytch-leptos/tests/ssr.rs`).
#[component]
fn State() -> impl IntoView {
    let session = use_member_session();
    let member = use_member().member;
    let organization = use_organization().organization;
    let can_write = use_is_authorized("documents".to_string(), "write".to_string()).is_authorized;
    let activity = use_session_activity();
    let hooks = move || {
        format!(
            "organization={} documents.write={} retrying={} refreshed={}",
            organization.get().map(|o| o.organization_name).unwrap_or_default(),
            can_write.get(),
            activity.retrying.get(),
            activity.last_refreshed_at.get().is_some(),
        )
    };
    view! {
        <p data-testid="hooks">{hooks}</p>
        <p data-testid="state">
            {move || {
                format!(
                    "initialized={} from_cache={} session={}",
                    session.is_initialized.get(),
                    session.from_cache.get(),
                    session.session.get().is_some(),
                )
            }}
        </p>
        <p data-testid="member">{move || member.get().map(|m| m.email_address).unwrap_or_default()}</p>
    }
}

/// A leptos_router app whose one route, `/members.html`, is a `ProtectedRoute` on
/// [`signed_in_condition`]: loading on the server and in the browser's first render, then the
/// page or a redirect to `/`.
#[component]
pub fn GuardedApp(api_url: String, public_token: String) -> impl IntoView {
    let options = StytchOptions {
        api_url: Some(api_url),
        ..Default::default()
    };
    view! {
        <StytchProvider public_token=public_token options=options>
            <Router>
                <main>
                    <Routes fallback=|| view! { <p data-testid="not-found">"Not found"</p> }>
                        <ProtectedRoute
                            path=path!("/members.html")
                            condition=signed_in_condition()
                            redirect_path=|| "/"
                            fallback=|| view! { <p data-testid="guard-loading">"Checking your session…"</p> }
                            view=|| view! { <p data-testid="members-page">"Members' page"</p> }
                        />
                    </Routes>
                </main>
            </Router>
        </StytchProvider>
    }
}

/// An organization's team page: [`MemberManagement`] for whoever is signed in (the server,
/// knowing no session, renders it loading).
#[component]
pub fn TeamApp(api_url: String, public_token: String) -> impl IntoView {
    let options = StytchOptions {
        api_url: Some(api_url),
        ..Default::default()
    };
    view! {
        <StytchProvider public_token=public_token options=options>
            <main>
                <h1>"Team settings"</h1>
                <MemberManagement/>
                <OrganizationSettings/>
            </main>
        </StytchProvider>
    }
}

/// The browser half of [`TeamApp`]'s page.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate_team(api_url: String, public_token: String) {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(move || view! { <TeamApp api_url=api_url public_token=public_token/> });
}

/// The browser half of [`GuardedApp`]'s page.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate_guarded(api_url: String, public_token: String) {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(move || view! { <GuardedApp api_url=api_url public_token=public_token/> });
}

/// The browser half: hydrates the server's markup in `<body>`. Called by the page's module
/// script with the API the server did not need to know, and the page's organization (from
/// `<body data-organization>`, which the server wrote).
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate(api_url: String, public_token: String, organization: Option<String>) {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(
        move || view! { <App api_url=api_url public_token=public_token organization=organization/> },
    );
}
