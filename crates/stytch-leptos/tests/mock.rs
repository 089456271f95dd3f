//! The `testing` feature's mock provider: hooks, guards and components read the state a test
//! describes, on the server (rendered to HTML, no browser) and in the browser (reactively).

#![cfg(feature = "testing")]

use leptos::prelude::*;
use stytch_leptos::models::{Permission, PolicyRole, RbacPolicy};
use stytch_leptos::testing::{MockState, MockStytch, MockStytchProvider};
use stytch_leptos::{
    Protect, SignedIn, SignedOut, authorized_condition, use_is_authorized, use_member, use_member_session,
    use_organization, use_stytch,
};

/// A policy in which `editor` may write documents and every member may read them.
fn policy() -> RbacPolicy {
    let role = |role_id: &str, actions: &[&str]| PolicyRole {
        role_id: role_id.into(),
        permissions: vec![Permission {
            resource_id: "documents".into(),
            actions: actions.iter().map(|a| (*a).to_owned()).collect(),
        }],
        ..Default::default()
    };
    RbacPolicy {
        roles: vec![role("stytch_member", &["read"]), role("editor", &["read", "write"])],
        ..Default::default()
    }
}

fn editor(from_cache: bool) -> MockState {
    MockState {
        rbac_policy: Some(policy()),
        from_cache,
        ..MockState::signed_in("ada@example.com", &["editor"])
    }
}

/// Everything the hooks and guards say, as text.
#[component]
fn Page() -> impl IntoView {
    let session = use_member_session();
    let member = use_member().member;
    let organization = use_organization().organization;
    let may_write = use_is_authorized("documents", "write").is_authorized;
    let write = authorized_condition("documents", "write");
    let read = authorized_condition("documents", "read");
    let stytch = use_stytch();
    // Without a client nothing is sent, and nothing fails either.
    stytch.spawn(|_| async { panic!("a mock provider has no client to run tasks with") });
    view! {
        <p>{move || format!(
            "initialized={} cached={} session={} client={}",
            session.is_initialized.get(),
            session.from_cache.get(),
            session.session.get().is_some(),
            stytch.client().is_some(),
        )}</p>
        <p>{move || format!("member={:?}", member.get().map(|m| m.email_address))}</p>
        <p>{move || format!("organization={:?}", organization.get().map(|o| o.organization_name))}</p>
        <p>{move || format!("may_write={} write={:?} read={:?}", may_write.get(), write(), read())}</p>
        <SignedIn fallback=|| "[signed-in fallback]">"[signed-in content]"</SignedIn>
        <SignedOut fallback=|| "[signed-out fallback]">"[signed-out content]"</SignedOut>
        <Protect resource="documents" action="write" fallback=|| "[write fallback]">"[write content]"</Protect>
    }
}

#[cfg(feature = "ssr")]
mod server {
    use super::*;
    use stytch_leptos::{OrganizationSwitcher, StytchLogin};

    fn render(stytch: MockStytch) -> String {
        view! { <MockStytchProvider state=stytch><Page/></MockStytchProvider> }.to_html()
    }

    fn contains_all(html: &str, parts: &[&str]) {
        for part in parts {
            assert!(html.contains(part), "{part:?} missing from {html}");
        }
    }

    #[test]
    fn every_hook_and_guard_reads_the_mock_state() {
        let owner = Owner::new();
        owner.set();
        let stytch = MockStytch::new(MockState::loading());
        contains_all(
            &render(stytch),
            &[
                "initialized=false cached=false session=false client=false",
                "may_write=false write=None read=None",
                "[signed-in fallback]",
                "[signed-out fallback]",
                "[write fallback]",
            ],
        );

        stytch.set(editor(false));
        contains_all(
            &render(stytch),
            &[
                "initialized=true cached=false session=true client=false",
                "member=Some(\"ada@example.com\")",
                "organization=Some(\"Test Organization\")",
                "may_write=true write=Some(true) read=Some(true)",
                "[signed-in content]",
                "[signed-out fallback]",
                "[write content]",
            ],
        );

        // Painted from the cache as a plain member: a "no" waits for Stytch, a "yes" does not.
        stytch.set(MockState {
            rbac_policy: Some(policy()),
            from_cache: true,
            ..MockState::signed_in("ada@example.com", &[])
        });
        contains_all(
            &render(stytch),
            &[
                "cached=true",
                "may_write=false write=None read=Some(true)",
                "[write fallback]",
            ],
        );
        stytch.set(MockState {
            rbac_policy: Some(policy()),
            ..MockState::signed_in("ada@example.com", &[])
        });
        contains_all(&render(stytch), &["write=Some(false) read=Some(true)"]);

        // A session cookie with nothing cached (a session a server created): neither "signed
        // out" nor "not permitted" until Stytch answers.
        stytch.set(MockState {
            from_cache: true,
            ..MockState::signed_out()
        });
        contains_all(
            &render(stytch),
            &[
                "initialized=true cached=true session=false",
                "may_write=false write=None read=None",
                "[signed-in fallback]",
                "[signed-out fallback]",
            ],
        );

        stytch.set(MockState::signed_out());
        contains_all(
            &render(stytch),
            &[
                "initialized=true cached=false session=false",
                "member=None",
                "may_write=false write=Some(false) read=Some(false)",
                "[signed-in fallback]",
                "[signed-out content]",
            ],
        );
    }

    #[test]
    fn without_a_policy_only_the_organizations_custom_roles_grant() {
        let owner = Owner::new();
        owner.set();
        let mut state = MockState::signed_in("ada@example.com", &["editor"]);
        assert_eq!(
            state.session.as_ref().map(|s| s.roles.clone()),
            Some(vec!["stytch_member".to_owned(), "editor".to_owned()])
        );
        contains_all(&render(state.clone().into()), &["may_write=false write=Some(false)"]);
        if let Some(organization) = state.organization.as_mut() {
            organization.custom_roles = policy().roles;
        }
        contains_all(&render(state.into()), &["may_write=true write=Some(true)"]);
    }

    #[test]
    fn the_prebuilt_components_render_their_first_screen() {
        let owner = Owner::new();
        owner.set();
        let html =
            view! { <MockStytchProvider state=MockState::signed_out()><StytchLogin/></MockStytchProvider> }.to_html();
        assert!(html.contains("Sign up or log in"), "{html}");
        let html = view! {
            <MockStytchProvider state=MockState::signed_in("ada@example.com", &[])><OrganizationSwitcher/></MockStytchProvider>
        }
        .to_html();
        assert!(
            html.contains("Test Organization"),
            "the switcher's trigger names the organization: {html}"
        );
    }
}

#[cfg(all(target_arch = "wasm32", not(feature = "ssr")))]
mod browser {
    use super::*;
    use stytch_leptos::StytchLogin;
    use wasm_bindgen::JsCast;
    use wasm_bindgen_test::*;

    wasm_bindgen_test_configure!(run_in_browser);

    fn text() -> String {
        let document = web_sys::window().and_then(|w| w.document()).expect("a document");
        document
            .query_selector(".mock-root")
            .ok()
            .flatten()
            .and_then(|root| root.text_content())
            .unwrap_or_default()
    }

    /// A fresh container for one test's view.
    fn root() -> web_sys::HtmlElement {
        let document = web_sys::window().and_then(|w| w.document()).expect("a document");
        if let Some(old) = document.query_selector(".mock-root").ok().flatten() {
            old.remove();
        }
        let root = document.create_element("div").expect("a div");
        root.set_class_name("mock-root");
        document.body().expect("a body").append_child(&root).expect("appended");
        root.unchecked_into()
    }

    #[wasm_bindgen_test]
    async fn the_page_follows_the_mock_state() {
        let stytch = MockStytch::new(editor(true));
        let _mounted = leptos::mount::mount_to(root(), move || {
            view! { <MockStytchProvider state=stytch><Page/></MockStytchProvider> }
        });
        let painted = text();
        assert!(
            painted.contains("cached=true") && painted.contains("[write content]"),
            "{painted}"
        );
        stytch.set(MockState::signed_out());
        // Effects and the DOM follow on the next tick.
        leptos::task::tick().await;
        let signed_out = text();
        assert!(
            signed_out.contains("session=false") && signed_out.contains("[signed-out content]"),
            "{signed_out}"
        );
        assert!(!signed_out.contains("[write content]"), "{signed_out}");
    }

    #[wasm_bindgen_test]
    async fn the_prebuilt_login_shows_its_first_screen_without_a_client() {
        let _mounted = leptos::mount::mount_to(root(), || {
            view! { <MockStytchProvider state=MockState::signed_out()><StytchLogin/></MockStytchProvider> }
        });
        leptos::task::tick().await;
        let shown = text();
        assert!(shown.contains("Sign up or log in"), "{shown}");
    }
}

/// `<MemberManagement>` offers each action only to roles that allow it, rendered on the server
/// from a mock state (the list itself needs a client, so it is empty here).
#[cfg(all(feature = "ssr", feature = "member-management"))]
mod member_management {
    use super::*;
    use stytch_leptos::MemberManagement;

    fn members_policy() -> RbacPolicy {
        let role = |role_id: &str, actions: &[&str]| PolicyRole {
            role_id: role_id.into(),
            description: format!("The {role_id} role."),
            permissions: vec![Permission {
                resource_id: "stytch.member".into(),
                actions: actions.iter().map(|a| (*a).to_owned()).collect(),
            }],
        };
        RbacPolicy {
            roles: vec![
                PolicyRole {
                    role_id: "stytch_member".into(),
                    ..Default::default()
                },
                role("stytch_admin", &["*"]),
                role("directory", &["search"]),
            ],
            ..Default::default()
        }
    }

    fn render(roles: &[&str]) -> String {
        render_state(MockState::signed_in("ada@example.com", roles))
    }

    fn render_state(state: MockState) -> String {
        let owner = Owner::new();
        owner.set();
        let stytch = MockStytch::new(MockState {
            rbac_policy: Some(members_policy()),
            ..state
        });
        view! { <MockStytchProvider state=stytch><MemberManagement/></MockStytchProvider> }.to_html()
    }

    /// Before the client knows the session (a server render without one, a first paint),
    /// the list is loading: never "not permitted", which a member allowed would see flash.
    #[test]
    fn the_list_is_loading_until_the_session_is_known() {
        let loading = render_state(MockState::loading());
        assert!(loading.contains("Loading members…"), "{loading}");
        assert!(!loading.contains("Your role does not let you see"), "{loading}");
        let cached_plain = render_state(MockState {
            from_cache: true,
            ..MockState::signed_in("ada@example.com", &[])
        });
        assert!(
            !cached_plain.contains("Your role does not let you see"),
            "a cached session's roles may be out of date: {cached_plain}"
        );
    }

    #[test]
    fn each_action_shows_only_to_roles_that_allow_it() {
        let admin = render(&["stytch_admin"]);
        assert!(admin.contains("Invite a teammate"), "{admin}");
        assert!(admin.contains("Search members by email"));
        // Every assignable role, with its description; never the implicit one.
        assert!(
            admin.contains(">directory<") && admin.contains("The directory role."),
            "{admin}"
        );
        assert!(!admin.contains(">stytch_member<"), "{admin}");

        let directory = render(&["directory"]);
        assert!(directory.contains("Search members by email"), "{directory}");
        assert!(!directory.contains("Invite a teammate"), "{directory}");

        let plain = render(&[]);
        assert!(plain.contains("Your role does not let you see"), "{plain}");
        assert!(
            !plain.contains("Invite a teammate") && !plain.contains("Search members"),
            "{plain}"
        );
    }
}

/// `<OrganizationSettings>` rendered on the server from a mock state: loading until the
/// organization is known, then its settings in the markup (values, checked choices), each
/// enabled only for roles allowed its action.
#[cfg(all(feature = "ssr", feature = "organization-settings"))]
mod organization_settings {
    use super::*;
    use stytch_leptos::OrganizationSettings;
    use stytch_leptos::models::{MfaPolicy, Restriction};

    fn render_state(state: MockState) -> String {
        let owner = Owner::new();
        owner.set();
        let policy = RbacPolicy {
            roles: vec![
                PolicyRole {
                    role_id: "stytch_member".into(),
                    ..Default::default()
                },
                PolicyRole {
                    role_id: "renamer".into(),
                    permissions: vec![Permission {
                        resource_id: "stytch.organization".into(),
                        actions: vec!["update.info.name".into()],
                    }],
                    ..Default::default()
                },
            ],
            ..Default::default()
        };
        let stytch = MockStytch::new(MockState {
            rbac_policy: Some(policy),
            ..state
        });
        view! { <MockStytchProvider state=stytch><OrganizationSettings/></MockStytchProvider> }.to_html()
    }

    /// The `<input>` tag whose `id` ends with `suffix`.
    fn tag<'a>(html: &'a str, suffix: &str) -> &'a str {
        let at = html.find(suffix).unwrap_or_else(|| panic!("no {suffix:?} in {html}"));
        let start = html[..at].rfind('<').unwrap_or(0);
        let end = at + html[at..].find('>').unwrap_or(0);
        &html[start..=end]
    }

    /// The `<input>` a label reading `text` wraps (it comes just before the text).
    fn input_labelled<'a>(html: &'a str, text: &str) -> &'a str {
        let at = html.find(text).unwrap_or_else(|| panic!("no {text:?} in {html}"));
        let start = html[..at].rfind("<input").unwrap_or(0);
        let end = start + html[start..].find('>').unwrap_or(0);
        &html[start..=end]
    }

    #[test]
    fn the_settings_are_in_the_servers_markup_enabled_by_role() {
        let loading = render_state(MockState::loading());
        assert!(loading.contains("Loading settings…"), "{loading}");

        let mut state = MockState::signed_in("ada@example.com", &["renamer"]);
        if let Some(organization) = state.organization.as_mut() {
            organization.email_allowed_domains = vec!["acme.example".into()];
            organization.email_invites = Restriction::Restricted;
            organization.mfa_policy = MfaPolicy::RequiredForAll;
        }
        let html = render_state(state);
        assert!(!html.contains("Loading settings…"), "{html}");
        let name = tag(&html, "-name\" type=");
        assert!(name.contains("value=\"Test Organization\""), "{name}");
        assert!(!name.contains("disabled"), "the renamer may rename: {name}");
        let slug = tag(&html, "-slug\" type=");
        assert!(
            slug.contains("value=\"test-organization\"") && slug.contains("disabled"),
            "{slug}"
        );
        assert!(html.contains(">acme.example</textarea>"), "{html}");
        let checked = |text: &str| {
            let input = input_labelled(&html, text);
            assert!(input.contains("disabled"), "the renamer changes nothing else: {input}");
            input.contains(" checked")
        };
        assert!(checked("Only addresses at the allowed domains"));
        assert!(!checked("Any address"));
        assert!(checked("Required for every member"));
        assert!(!checked("Optional: each member chooses"));
        assert!(!html.contains("Your role does not let you change"), "{html}");
        // One save button: the section the renamer may change.
        assert_eq!(html.matches("type=\"submit\"").count(), 1, "{html}");

        let plain = render_state(MockState::signed_in("ada@example.com", &[]));
        assert!(
            plain.contains("Your role does not let you change these settings."),
            "{plain}"
        );
        assert_eq!(plain.matches("type=\"submit\"").count(), 0, "{plain}");
    }
}
