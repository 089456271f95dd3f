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

/// A render the app told who is signed in (`ServerSession`) starts initialized: the guards show
/// what they will show in the browser, and the hooks carry the member.
#[test]
fn a_server_session_renders_signed_in_or_signed_out_instead_of_loading() {
    use stytch_leptos::ServerSession;
    use stytch_leptos::core::session::B2BState;
    use stytch_leptos::models::{Member, MemberSession};

    let render = |session: Option<ServerSession>| {
        let owner = Owner::new();
        owner.with(|| {
            if let Some(session) = session {
                provide_context(session);
            }
            view! { <StytchProvider public_token="public-token-test-ssr"><Inner/></StytchProvider> }.to_html()
        })
    };
    #[component]
    fn Inner() -> impl IntoView {
        let member = stytch_leptos::use_member().member;
        let session = use_member_session();
        view! {
            <Probe/>
            <p>{move || format!("member={} from_cache={}", member.get().map(|m| m.email_address).unwrap_or_default(), session.from_cache.get())}</p>
            <SignedIn fallback=|| "loading-or-signed-out">"members-only-content"</SignedIn>
            <SignedOut fallback=|| "not-yet">"please sign in"</SignedOut>
        }
    }

    let state = B2BState {
        session: Some(MemberSession {
            member_session_id: "member-session-test-1".into(),
            ..Default::default()
        }),
        member: Some(Member {
            email_address: "ada@example.com".into(),
            ..Default::default()
        }),
        organization: None,
    };
    let signed_in = render(Some(ServerSession::SignedIn(Box::new(state))));
    assert!(signed_in.contains("initialized=true session=true"), "{signed_in}");
    assert!(
        signed_in.contains("member=ada@example.com from_cache=true"),
        "{signed_in}"
    );
    assert!(
        signed_in.contains("members-only-content") && !signed_in.contains("please sign in"),
        "{signed_in}"
    );

    let signed_out = render(Some(ServerSession::SignedOut));
    assert!(signed_out.contains("initialized=true session=false"), "{signed_out}");
    assert!(signed_out.contains("member= from_cache=false"), "{signed_out}");
    assert!(
        signed_out.contains("please sign in") && !signed_out.contains("members-only-content"),
        "{signed_out}"
    );

    let unknown = render(None);
    assert!(unknown.contains("initialized=false session=false"), "{unknown}");
    assert!(
        unknown.contains("loading-or-signed-out") && unknown.contains("not-yet"),
        "{unknown}"
    );
}
