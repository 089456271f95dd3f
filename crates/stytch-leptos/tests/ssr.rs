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
    let signed_in = render(Some(ServerSession::from_state(state)));
    assert!(signed_in.contains("initialized=true session=true"), "{signed_in}");
    assert!(
        signed_in.contains("member=ada@example.com from_cache=true"),
        "{signed_in}"
    );
    assert!(
        signed_in.contains("members-only-content") && !signed_in.contains("please sign in"),
        "{signed_in}"
    );

    let signed_out = render(Some(ServerSession::signed_out()));
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

/// Given the project's RBAC policy too, the permission guards and hooks answer in the server's
/// render as the browser will: the project's roles and the organization's own, the session's
/// roles deciding; without it they stay loading.
#[test]
fn a_server_session_with_the_projects_policy_renders_permission_guards() {
    use stytch_leptos::core::session::B2BState;
    use stytch_leptos::models::{MemberSession, Organization, Permission, PolicyRole};
    use stytch_leptos::{ServerSession, authorized_condition, use_is_authorized, use_permissions};

    #[component]
    fn Page() -> impl IntoView {
        let write = use_is_authorized("documents".to_string(), "write".to_string());
        let permissions = use_permissions();
        let delete = authorized_condition("documents".to_string(), "delete".to_string());
        view! {
            <p>{move || format!("write={} from_cache={}", write.is_authorized.get(), write.from_cache.get())}</p>
            <p>{move || format!("documents={:?} from_cache={}", permissions.permissions.get().get("documents"), permissions.from_cache.get())}</p>
            <p>{move || format!("delete={:?}", delete())}</p>
            <Protect resource="documents" action="write" fallback=|| "no-write">"may-write"</Protect>
            <Protect resource="documents" action="delete" fallback=|| "no-delete">"may-delete"</Protect>
        }
    }
    let render = |roles: &[&str], policy: bool| {
        let archivist = PolicyRole {
            role_id: "archivist".into(),
            description: "The organization's own role".into(),
            permissions: vec![Permission {
                resource_id: "documents".into(),
                actions: vec!["delete".into()],
            }],
        };
        let state = B2BState {
            session: Some(MemberSession {
                member_session_id: "member-session-test-1".into(),
                roles: roles.iter().map(|r| (*r).to_owned()).collect(),
                ..Default::default()
            }),
            member: None,
            organization: Some(Organization {
                custom_roles: vec![archivist],
                ..Default::default()
            }),
        };
        let mut session = ServerSession::from_state(state);
        if policy {
            session = session.with_rbac_policy(stytch_emulator::default_rbac_policy());
        }
        Owner::new().with(|| {
            provide_context(session);
            view! { <StytchProvider public_token="public-token-test-ssr"><Page/></StytchProvider> }.to_html()
        })
    };

    let editor = render(&["stytch_member", "editor"], true);
    assert!(editor.contains("write=true from_cache=false"), "{editor}");
    assert!(
        editor.contains(r#"documents=Some({"delete": false, "read": true, "write": true}) from_cache=false"#),
        "{editor}"
    );
    assert!(editor.contains("may-write") && !editor.contains("no-write"), "{editor}");
    assert!(
        editor.contains("no-delete") && !editor.contains("may-delete"),
        "{editor}"
    );
    assert!(
        editor.contains("delete=None"),
        "a no waits for the browser to confirm the session: {editor}"
    );

    let archivist = render(&["stytch_member", "archivist"], true);
    assert!(
        archivist.contains("may-delete") && archivist.contains("no-write"),
        "the organization's own role counts: {archivist}"
    );

    let without_policy = render(&["stytch_member", "editor"], false);
    assert!(
        without_policy.contains("write=false from_cache=true"),
        "{without_policy}"
    );
    assert!(
        without_policy.contains("documents=None from_cache=true"),
        "{without_policy}"
    );
    assert!(
        without_policy.contains("no-write") && !without_policy.contains("may-write"),
        "{without_policy}"
    );
}
