//! The protected dashboard: the session live, its JWT, extend and keep-alive controls, the
//! member's organizations with switching, a permission check, inviting a teammate and
//! searching the members (for members allowed to) and logout. Two tabs stay in step
//! because every value comes from the provider's signals.

use leptos::prelude::*;
use stytch_leptos::core::util::jwt::decode_claims;
use stytch_leptos::models::{
    DiscoveredOrganization, MembershipType,
    api::magic_links::InviteRequest,
    api::organizations::{SearchOperand, SearchQuery},
    json,
    time::format_rfc3339,
};
use stytch_leptos::{
    Protect, UseKeepSessionAliveOptions, UseMemberSearchOptions, use_is_authorized,
    use_keep_session_alive_with_options, use_member, use_member_search_with_options, use_member_session,
    use_organization, use_session_activity, use_stytch,
};

#[component]
pub fn Dashboard() -> impl IntoView {
    let notice = RwSignal::new(None::<String>);
    // Bumped by each invitation, so the member list searches again.
    let invited = RwSignal::new(0u32);
    view! {
        <h1>"Dashboard"</h1>
        <p class="notice" role="status" aria-live="polite" data-testid="notice">{move || notice.get()}</p>
        <SessionCard/>
        <Controls notice=notice/>
        <Invite notice=notice invited=invited/>
        <Members invited=invited/>
        <Organizations notice=notice/>
        <JwtCard/>
    }
}

#[component]
fn SessionCard() -> impl IntoView {
    let session = use_member_session();
    let member = use_member().member;
    let organization = use_organization().organization;
    let activity = use_session_activity();
    let can_write = use_is_authorized("documents", "write").is_authorized;
    let field =
        move |f: fn(&stytch_leptos::models::MemberSession) -> String| move || session.session.get().map(|s| f(&s));
    view! {
        <section class="card" data-testid="dashboard" aria-labelledby="session-heading">
            <h2 id="session-heading">"Session"</h2>
            <Show when=move || activity.retrying.get()>
                <p class="warning" role="status" data-testid="retrying">
                    "Can't reach the server; your session is kept and the refresh is retried"
                    {move || activity.retry_in_ms.get().map(|ms| format!(" in {} s", ms.div_ceil(1000)))} "."
                </p>
            </Show>
            <dl>
                <dt>"Member"</dt>
                <dd data-testid="member-email">{move || member.get().map(|m| m.email_address)}</dd>
                <dt>"Organization"</dt>
                <dd data-testid="organization-name">{move || organization.get().map(|o| o.organization_name)}</dd>
                <dt>"Started"</dt>
                <dd data-testid="session-started">{field(|s| s.started_at.clone())}</dd>
                <dt>"Expires"</dt>
                <dd data-testid="session-expires">{field(|s| s.expires_at.clone())}</dd>
                <dt>"Last accessed"</dt>
                <dd data-testid="session-last-accessed">{field(|s| s.last_accessed_at.clone())}</dd>
                <dt>"Last refreshed"</dt>
                <dd data-testid="last-refreshed">{move || activity.last_refreshed_at.get().map(format_rfc3339)}</dd>
                <dt>"Factors"</dt>
                <dd data-testid="session-factors">
                    {field(|s| {
                        s.authentication_factors
                            .iter()
                            .map(|f| format!("{} ({})", f.factor_type, f.delivery_method))
                            .collect::<Vec<_>>()
                            .join(", ")
                    })}
                </dd>
                <dt>"Roles"</dt>
                <dd data-testid="session-roles">{field(|s| s.roles.join(", "))}</dd>
                <dt>"May edit documents"</dt>
                <dd data-testid="can-write">{move || if can_write.get() { "yes" } else { "no" }}</dd>
                <dt>"Confirmed by server"</dt>
                <dd data-testid="confirmed">{move || (!session.from_cache.get()).to_string()}</dd>
            </dl>
        </section>
    }
}

#[component]
fn Controls(notice: RwSignal<Option<String>>) -> impl IntoView {
    let stytch = use_stytch();
    let keep_alive = RwSignal::new(false);
    use_keep_session_alive_with_options(UseKeepSessionAliveOptions {
        every_ms: 60_000,
        session_duration_minutes: 60,
        enabled: keep_alive.into(),
    });
    let extend = move |_| {
        stytch.spawn(move |client| async move {
            match client.session().authenticate(Some(60)).await {
                Ok(_) => notice.set(Some("Extended: the session now expires in 60 minutes.".into())),
                Err(e) => notice.set(Some(format!("Could not extend the session: {}", say(&e)))),
            }
        })
    };
    let logout = move |_| {
        stytch.spawn(move |client| async move {
            if let Err(e) = client.session().revoke(false).await {
                notice.set(Some(format!("Logout failed: {}", say(&e))));
            }
        })
    };
    view! {
        <section class="card" aria-labelledby="controls-heading">
            <h2 id="controls-heading">"Controls"</h2>
            <div class="row">
                <button on:click=extend>"Extend to 60 minutes"</button>
                <label>
                    <input type="checkbox" prop:checked=keep_alive on:change=move |_| keep_alive.update(|k| *k = !*k)/>
                    " Keep the session alive (extend to 60 minutes every minute while this page is open)"
                </label>
                <button class="primary" on:click=logout>"Log out"</button>
            </div>
        </section>
    }
}

/// Invites a teammate by email; shown to members whose roles allow it (`stytch.member:
/// create`, as the emulator checks too). The result is announced in the page's notice.
#[component]
fn Invite(notice: RwSignal<Option<String>>, invited: RwSignal<u32>) -> impl IntoView {
    let stytch = use_stytch();
    let email = RwSignal::new(String::new());
    let sending = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let address = email.get_untracked().trim().to_owned();
        if address.is_empty() || sending.get_untracked() {
            return;
        }
        sending.set(true);
        let landing = web_sys::window()
            .and_then(|w| w.location().origin().ok())
            .map(|origin| format!("{origin}/authenticate"));
        stytch.spawn(move |client| async move {
            let request = InviteRequest {
                email_address: address.clone(),
                invite_redirect_url: landing,
                ..Default::default()
            };
            match client.magic_links().invite(&request).await {
                Ok(_) => {
                    notice.set(Some(format!("Invitation sent to {address}.")));
                    email.set(String::new());
                    invited.update(|n| *n += 1);
                }
                Err(e) => notice.set(Some(format!("Could not invite {address}: {}", say(&e)))),
            }
            sending.set(false);
        })
    };
    view! {
        <Protect resource="stytch.member" action="create">
            <section class="card" aria-labelledby="invite-heading">
                <h2 id="invite-heading">"Invite a teammate"</h2>
                <form class="row" on:submit=submit>
                    <label for="invite-email">"Teammate's email"</label>
                    <input
                        id="invite-email"
                        type="email"
                        autocomplete="off"
                        required
                        prop:value=email
                        on:input=move |ev| email.set(event_target_value(&ev))
                    />
                    <button type="submit" disabled=move || sending.get()>"Send invitation"</button>
                </form>
            </section>
        </Protect>
    }
}

/// The organization's members, searchable by email; shown to members whose roles allow
/// `stytch.member: search` (as the emulator checks too).
#[component]
fn Members(invited: RwSignal<u32>) -> impl IntoView {
    view! {
        <Protect resource="stytch.member" action="search">
            <MemberList invited=invited/>
        </Protect>
    }
}

#[component]
fn MemberList(invited: RwSignal<u32>) -> impl IntoView {
    let text = RwSignal::new(String::new());
    let query = Signal::derive(move || {
        invited.track();
        let text = text.get();
        let text = text.trim();
        // Stytch's fuzzy filters need three characters.
        (text.chars().count() >= 3).then(|| SearchQuery::all_of(vec![SearchOperand::member_email_fuzzy(text)]))
    });
    let search = use_member_search_with_options(query, UseMemberSearchOptions { limit: Some(10) });
    let summary = move || match (search.error.get(), search.total.get()) {
        (Some(e), _) => format!("Could not search: {e}"),
        (None, Some(1)) => "1 member".to_owned(),
        (None, Some(n)) => format!("{n} members"),
        (None, None) => "Searching…".to_owned(),
    };
    view! {
        <section class="card" aria-labelledby="members-heading" data-testid="members">
            <h2 id="members-heading">"Members"</h2>
            <div class="row">
                <label for="member-search">"Search members by email"</label>
                <input
                    id="member-search"
                    type="search"
                    autocomplete="off"
                    prop:value=text
                    on:input=move |ev| text.set(event_target_value(&ev))
                />
            </div>
            <p aria-live="polite" data-testid="members-summary">{summary}</p>
            <ul>
                {move || {
                    search
                        .members
                        .get()
                        .into_iter()
                        .map(|m| view! { <li data-testid="member-row">{format!("{} ({})", m.email_address, m.status.as_str())}</li> })
                        .collect_view()
                }}
            </ul>
            <Show when=move || search.has_more.get()>
                <button on:click=move |_| search.load_more.run(())>"Show more members"</button>
            </Show>
        </section>
    }
}

#[component]
fn Organizations(notice: RwSignal<Option<String>>) -> impl IntoView {
    let stytch = use_stytch();
    let organization = use_organization().organization;
    let list = RwSignal::new(None::<Vec<DiscoveredOrganization>>);
    // Reload the list whenever the signed-in organization changes (here or in another tab).
    Effect::new(move |_| {
        let _current = organization.with(|o| o.as_ref().map(|o| o.organization_id.clone()));
        stytch.spawn(move |client| async move {
            match client.discovery().list_organizations().await {
                Ok(r) => list.set(Some(r.discovered_organizations)),
                Err(e) => notice.set(Some(format!("Could not list organizations: {}", say(&e)))),
            }
        });
    });
    let switch = move |organization_id: String, name: String| {
        stytch.spawn(move |client| async move {
            match client.session().exchange(&organization_id, Some(60)).await {
                Ok(r) if r.member_authenticated => notice.set(Some(format!("Switched to {name}."))),
                Ok(_) => notice.set(Some(format!(
                    "{name} requires another sign-in step; sign in to it from the login page."
                ))),
                Err(e) => notice.set(Some(format!("Could not switch to {name}: {}", say(&e)))),
            }
        })
    };
    view! {
        <section class="card" aria-labelledby="orgs-heading">
            <h2 id="orgs-heading">"Your organizations"</h2>
            <ul class="orgs" data-testid="organizations">
                {move || {
                    let current = organization.with(|o| o.as_ref().map(|o| o.organization_id.clone()));
                    list.get()
                        .unwrap_or_default()
                        .into_iter()
                        .map(|d| {
                            let id = d.organization.organization_id.clone();
                            let name = d.organization.organization_name.clone();
                            let is_current = current.as_deref() == Some(id.as_str());
                            let invited = d.membership.membership_type == MembershipType::InvitedMember;
                            let label = name.clone();
                            view! {
                                <li>
                                    <span>{label}</span>
                                    {invited.then_some(" (invited)")}
                                    {if is_current {
                                        view! { <strong aria-label="current organization">" current"</strong> }.into_any()
                                    } else {
                                        let (id, name) = (id.clone(), name.clone());
                                        view! {
                                            <button on:click=move |_| switch(id.clone(), name.clone())>
                                                {format!("Switch to {}", d.organization.organization_name)}
                                            </button>
                                        }
                                        .into_any()
                                    }}
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
        </section>
    }
}

#[component]
fn JwtCard() -> impl IntoView {
    let stytch = use_stytch();
    let session = use_member_session().session;
    let refreshed = use_session_activity().last_refreshed_at;
    // Every refresh replaces the JWT; re-read it whenever the session or the refresh time moves.
    let claims = move || {
        session.track();
        refreshed.track();
        let tokens = stytch.client().and_then(|c| c.session().get_tokens());
        match tokens {
            None => "The JWT is not readable here (signed out, or HttpOnly cookies).".to_owned(),
            Some(tokens) => match decode_claims(&tokens.session_jwt) {
                Some(claims) => json::stringify_pretty(&json::ToJson::to_json(&claims)),
                None => "The JWT cookie does not hold a Stytch session JWT.".to_owned(),
            },
        }
    };
    view! {
        <section class="card" aria-labelledby="jwt-heading">
            <h2 id="jwt-heading">"Session JWT claims"</h2>
            <p class="muted">"Decoded in the browser for display; your backend verifies it with the JWKS."</p>
            <pre data-testid="jwt-claims">{claims}</pre>
        </section>
    }
}

/// An error in words a person can act on (never the `Display` form, with its status code and
/// `error_type`, which is for logs). `LoginStrings::describe` words every error as the login
/// does, but building a second `LoginStrings` here costs the demo 0.9 KB gzipped; its notices
/// only meet Stytch's own messages and outages.
fn say(error: &stytch_leptos::core::StytchError) -> String {
    use stytch_leptos::core::StytchError;
    match error {
        StytchError::Api(body) if !body.error_message.is_empty() => body.error_message.clone(),
        StytchError::Unreachable(_) | StytchError::InvalidResponse(_) => {
            "We couldn't reach the server. Check your connection and try again.".into()
        }
        other => other.to_string(),
    }
}
