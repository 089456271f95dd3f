//! Server rendering: no client is created, nothing touches `window`, and the hooks report
//! "not initialized" so guards render their fallback instead of a guess.

#![cfg(feature = "ssr")]

use leptos::prelude::*;
use stytch_leptos::{Protect, SignedIn, SignedOut, StytchLogin, StytchProvider, use_member_search, use_member_session};

#[component]
fn Probe() -> impl IntoView {
    let s = use_member_session();
    let members = use_member_search(None);
    view! {
        <p>{move || format!("initialized={} session={}", s.is_initialized.get(), s.session.get().is_some())}</p>
        <p>{move || format!("members={} total={:?}", members.members.get().len(), members.total.get())}</p>
    }
}

#[test]
fn renders_on_the_server_without_a_browser() {
    let owner = Owner::new();
    owner.set();
    let html = view! {
        <StytchProvider public_token="public-token-test-ssr">
            <Probe/>
            <SignedIn fallback=|| "loading-or-signed-out">"members-only-content"</SignedIn>
            <SignedOut fallback=|| "not-yet">"please sign in"</SignedOut>
            <Protect resource="documents" action="read" fallback=|| "no-permission-yet">"permitted-content"</Protect>
            <StytchLogin/>
        </StytchProvider>
    }
    .to_html();
    assert!(html.contains("initialized=false session=false"), "{html}");
    assert!(
        html.contains("members=0 total=None"),
        "nothing is searched on the server: {html}"
    );
    assert!(
        html.contains("loading-or-signed-out") && !html.contains("members-only-content"),
        "guards fail closed: {html}"
    );
    assert!(
        html.contains("no-permission-yet") && !html.contains("permitted-content"),
        "permission guards too: {html}"
    );
    assert!(
        html.contains("not-yet") && !html.contains("please sign in"),
        "nothing signed-out flashes either: {html}"
    );
    assert!(
        html.contains("Sign up or log in"),
        "the login renders its first screen: {html}"
    );
    assert!(
        html.contains("<style id=\"stytch-login\">"),
        "styles travel inline with server markup"
    );
}
