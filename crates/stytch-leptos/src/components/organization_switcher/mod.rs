//! `<OrganizationSwitcher>`: the member's organizations, and a switch that never signs out.
//!
//! The official SDK has no switcher. This one lists the organizations of the signed-in member
//! (discovered with the session), marks the current one and each membership type, and switches
//! with [`Sessions::switch_organization`](stytch_core::Sessions::switch_organization). When the
//! target needs MFA or a primary step-up, the login flow runs inline in a dialog, from that
//! answer, while the current session stays signed in; cancelling leaves everything as it was.

use leptos::prelude::*;
use stytch_core::StytchError;
use stytch_models::api::sessions::AuthenticateWithMfaResponse;
use stytch_models::{DiscoveredOrganization, MembershipType};

use crate::components::login::{
    InheritedLoginStrings, LoginConfig, LoginEvent, LoginScreens, LoginStrings, StytchLoginFlow, Theme,
};
use crate::components::next_id;
use crate::provider::{Stytch, StytchContext};
use crate::style::mount_style;

/// Every visible text of [`OrganizationSwitcher`].
///
/// ```
/// let strings = stytch_leptos::SwitcherStrings { create_organization: "New workspace".into(), ..Default::default() };
/// assert_eq!(strings.current_badge, "Current");
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct SwitcherStrings {
    /// Accessible name of the trigger; `{organization}` is replaced.
    pub trigger_label: String,
    /// Accessible name of the list.
    pub list_label: String,
    /// Search field label.
    pub search_label: String,
    /// Search field placeholder.
    pub search_placeholder: String,
    /// Badge of the current organization.
    pub current_badge: String,
    /// Badge of an invitation.
    pub invited_badge: String,
    /// Badge of a pending membership.
    pub pending_badge: String,
    /// Badge of an organization the member may join.
    pub join_badge: String,
    /// Badge of an organization that will ask for more (MFA or another method).
    pub verification_badge: String,
    /// The "create an organization" entry.
    pub create_organization: String,
    /// Shown while the list loads.
    pub loading: String,
    /// Shown when the search matches nothing.
    pub empty: String,
    /// Shown when the list cannot be loaded.
    pub load_failed: String,
    /// Retry button.
    pub retry: String,
    /// Announced while switching; `{organization}` is replaced.
    pub switching: String,
    /// Announced after switching; `{organization}` is replaced.
    pub switched: String,
    /// Heading of the verification dialog; `{organization}` is replaced.
    pub step_up_title: String,
    /// Cancel button of the verification dialog.
    pub cancel: String,
}

impl Default for SwitcherStrings {
    fn default() -> Self {
        Self {
            trigger_label: "Organization: {organization}. Switch organization".into(),
            list_label: "Your organizations".into(),
            search_label: "Search organizations".into(),
            search_placeholder: "Search…".into(),
            current_badge: "Current".into(),
            invited_badge: "Invited".into(),
            pending_badge: "Pending".into(),
            join_badge: "Can join".into(),
            verification_badge: "Extra verification".into(),
            create_organization: "Create an organization".into(),
            loading: "Loading your organizations…".into(),
            empty: "No organization matches.".into(),
            load_failed: "We couldn't load your organizations.".into(),
            retry: "Try again".into(),
            switching: "Switching to {organization}…".into(),
            switched: "You're now in {organization}.".into(),
            step_up_title: "{organization} needs you to verify".into(),
            cancel: "Cancel".into(),
        }
    }
}

/// Options of [`OrganizationSwitcher`].
///
/// ```
/// let options = stytch_leptos::SwitcherOptions { search_threshold: 3, ..Default::default() };
/// assert!(!options.hide_create_organization);
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct SwitcherOptions {
    /// Length of the session in the target organization.
    pub session_duration_minutes: u32,
    /// Show a search field when there are more organizations than this.
    pub search_threshold: usize,
    /// Hide the "create an organization" entry even when `on_create_organization` is set.
    pub hide_create_organization: bool,
    /// How the inline verification runs (MFA order, redirect URLs for a step-up by link).
    pub login: LoginConfig,
}

impl Default for SwitcherOptions {
    fn default() -> Self {
        Self {
            session_duration_minutes: 60,
            search_threshold: 6,
            hide_create_organization: false,
            login: LoginConfig::default(),
        }
    }
}

/// What [`OrganizationSwitcher`] reports.
///
/// ```no_run
/// use leptos::prelude::*;
/// use leptos_router::hooks::use_navigate;
/// use stytch_leptos::{OrganizationSwitcher, SwitcherEvent};
///
/// // Go to the new organization's home once the switch is done.
/// #[component]
/// fn Header() -> impl IntoView {
///     let navigate = use_navigate();
///     let on_event = move |event: SwitcherEvent| {
///         if let SwitcherEvent::Switched { organization_id } = event {
///             navigate(&format!("/orgs/{organization_id}"), Default::default());
///         }
///     };
///     view! { <OrganizationSwitcher on_event/> }
/// }
/// ```
#[derive(Clone, Debug, PartialEq)]
pub enum SwitcherEvent {
    /// The list opened.
    Opened,
    /// Signed in to another organization.
    Switched {
        /// The organization now signed in to.
        organization_id: String,
    },
    /// The target asked for MFA or another method; the dialog opened.
    VerificationRequired {
        /// The target organization.
        organization_id: String,
    },
    /// The verification dialog was cancelled; the session is unchanged.
    Cancelled,
}

#[derive(Clone, Debug, PartialEq)]
enum Load {
    Idle,
    Loading,
    Loaded(Vec<DiscoveredOrganization>),
    Failed,
}

#[derive(Clone, Debug, PartialEq)]
enum Entry {
    Organization(Box<DiscoveredOrganization>),
    Create,
}

fn badge(strings: &SwitcherStrings, organization: &DiscoveredOrganization, current: bool) -> Option<String> {
    if current {
        return Some(strings.current_badge.clone());
    }
    match organization.membership.membership_type {
        MembershipType::InvitedMember => Some(strings.invited_badge.clone()),
        MembershipType::PendingMember => Some(strings.pending_badge.clone()),
        MembershipType::EligibleToJoinByEmailDomain | MembershipType::EligibleToJoinByOauthTenant => {
            Some(strings.join_badge.clone())
        }
        _ if !organization.member_authenticated => Some(strings.verification_badge.clone()),
        _ => None,
    }
}

/// The member's organizations in a listbox, and a switch that never signs out.
///
/// Keyboard: the trigger opens the list (Enter, Space, ArrowDown); ArrowUp/ArrowDown, Home and
/// End move; Enter chooses; Escape closes and returns focus to the trigger; typing jumps to a
/// name (or filters, when the list is long enough for a search field).
///
/// ```no_run
/// use leptos::prelude::*;
/// use stytch_leptos::{OrganizationSwitcher, SwitcherEvent};
///
/// #[component]
/// fn Header() -> impl IntoView {
///     view! {
///         <OrganizationSwitcher
///             on_event=move |e: SwitcherEvent| leptos::logging::log!("{e:?}")
///             on_create_organization=move |_| leptos::logging::log!("open the create page")
///         />
///     }
/// }
/// ```
#[component]
pub fn OrganizationSwitcher(
    /// Options.
    #[prop(optional)]
    options: SwitcherOptions,
    /// Visible texts.
    #[prop(optional)]
    strings: Option<SwitcherStrings>,
    /// Visible texts of the inline verification.
    #[prop(optional)]
    login_strings: Option<LoginStrings>,
    /// Called on each step.
    #[prop(optional, into)]
    on_event: Option<Callback<SwitcherEvent>>,
    /// Called with every error.
    #[prop(optional, into)]
    on_error: Option<Callback<StytchError>>,
    /// Shows a "create an organization" entry that calls this.
    #[prop(optional, into)]
    on_create_organization: Option<Callback<()>>,
    /// Custom content of the trigger button (the current organization's name by default).
    #[prop(optional, into)]
    trigger: Option<ViewFn>,
    /// Colours and shapes.
    #[prop(optional, into)]
    theme: MaybeProp<Theme>,
    /// Extra classes on the root element.
    #[prop(optional, into)]
    class: MaybeProp<String>,
) -> impl IntoView {
    let context = StytchContext::expect();
    let stytch = Stytch { context };
    let strings = StoredValue::new(strings.unwrap_or_default());
    let text = move |pick: fn(&SwitcherStrings) -> &String| strings.with_value(|s| pick(s).clone());
    let emit = move |event: SwitcherEvent| {
        if let Some(callback) = on_event {
            let _ = callback.try_run(event);
        }
    };
    let report = move |error: StytchError| {
        if let Some(callback) = on_error {
            let _ = callback.try_run(error);
        }
    };

    let open = RwSignal::new(false);
    let load = RwSignal::new(Load::Idle);
    let query = RwSignal::new(String::new());
    let active = RwSignal::new(0usize);
    let announcement = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let step_up = RwSignal::new(None::<(String, AuthenticateWithMfaResponse)>);
    let trigger_ref = NodeRef::<leptos::html::Button>::new();
    let list_ref = NodeRef::<leptos::html::Ul>::new();
    let search_ref = NodeRef::<leptos::html::Input>::new();
    let uid = StoredValue::new(format!("stytch-switcher-{}", next_id()));
    let list_id = move || uid.with_value(|u| format!("{u}-list"));
    let option_id = move |i: usize| uid.with_value(|u| format!("{u}-option-{i}"));

    let current_id = Memo::new(move |_| {
        context
            .organization
            .with(|o| o.as_ref().map(|o| o.organization_id.clone()))
    });
    let current_name = Memo::new(move |_| {
        context
            .organization
            .with(|o| o.as_ref().map(|o| o.organization_name.clone()))
            .unwrap_or_default()
    });
    let signed_in = Memo::new(move |_| context.session.with(Option::is_some));

    let can_create = on_create_organization.is_some() && !options.hide_create_organization;
    let threshold = options.search_threshold;
    let minutes = options.session_duration_minutes;
    let login_config = StoredValue::new(options.login.clone());
    // Shared with each verification dialog's login flow rather than copied into it.
    let login_strings = StoredValue::new(login_strings.unwrap_or_default());
    provide_context(InheritedLoginStrings(login_strings));

    let searchable = Memo::new(move |_| load.with(|l| matches!(l, Load::Loaded(orgs) if orgs.len() > threshold)));
    let entries = Memo::new(move |_| {
        let needle = lowercase(query.get().trim());
        let mut entries: Vec<Entry> = load.with(|l| match l {
            Load::Loaded(orgs) => orgs
                .iter()
                .filter(|o| {
                    needle.is_empty()
                        || lowercase(&o.organization.organization_name).contains(&needle)
                        || lowercase(&o.organization.organization_slug).contains(&needle)
                })
                .cloned()
                .map(|o| Entry::Organization(Box::new(o)))
                .collect(),
            _ => Vec::new(),
        });
        if can_create && load.with(|l| matches!(l, Load::Loaded(_))) {
            entries.push(Entry::Create);
        }
        entries
    });

    let fetch = move || {
        load.set(Load::Loading);
        stytch.spawn(move |client| async move {
            match client.discovery().list_organizations_for_session().await {
                Ok(response) => {
                    let mut orgs = response.discovered_organizations;
                    sort_for_display(&mut orgs, current_id.get_untracked().as_deref());
                    active.try_set(0);
                    load.try_set(Load::Loaded(orgs));
                }
                Err(error) => {
                    load.try_set(Load::Failed);
                    report(error);
                }
            }
        });
    };

    let focus_list = move || {
        request_animation_frame(move || {
            if let Some(search) = search_ref.try_get_untracked().flatten() {
                let _ = search.focus();
            } else if let Some(list) = list_ref.try_get_untracked().flatten() {
                let _ = list.focus();
            }
        });
    };
    let close = move |refocus: bool| {
        open.set(false);
        query.set(String::new());
        if refocus && let Some(trigger) = trigger_ref.get_untracked() {
            let _ = trigger.focus();
        }
    };
    let toggle = move || {
        if open.get_untracked() {
            close(true);
            return;
        }
        open.set(true);
        emit(SwitcherEvent::Opened);
        fetch();
        focus_list();
    };
    // The list and its search field appear after loading: focus them then.
    Effect::new(move |_| {
        if open.get() && load.with(|l| matches!(l, Load::Loaded(_))) {
            focus_list();
        }
    });

    let choose = move |entry: Entry| match entry {
        Entry::Create => {
            close(true);
            if let Some(callback) = on_create_organization {
                let _ = callback.try_run(());
            }
        }
        Entry::Organization(target) => {
            let id = target.organization.organization_id.clone();
            let name = target.organization.organization_name.clone();
            if Some(&id) == current_id.get_untracked().as_ref() {
                close(true);
                return;
            }
            busy.set(true);
            announcement.set(Some(text(|s| &s.switching).replace("{organization}", &name)));
            stytch.spawn(move |client| async move {
                let result = client.session().switch_organization(&id, Some(minutes)).await;
                busy.try_set(false);
                match result {
                    Ok(response) if response.member_session.is_some() => {
                        announcement.try_set(Some(text(|s| &s.switched).replace("{organization}", &name)));
                        open.try_set(false);
                        emit(SwitcherEvent::Switched { organization_id: id });
                        if let Some(trigger) = trigger_ref.try_get_untracked().flatten() {
                            let _ = trigger.focus();
                        }
                    }
                    Ok(response) => {
                        announcement.try_set(None);
                        open.try_set(false);
                        step_up.try_set(Some((name, response)));
                        emit(SwitcherEvent::VerificationRequired { organization_id: id });
                    }
                    Err(error) => {
                        let message = login_strings.try_with_value(|s| s.describe(&error)).unwrap_or_default();
                        announcement.try_set(Some(message));
                        report(error);
                    }
                }
            });
        }
    };

    let keydown = move |ev: leptos::ev::KeyboardEvent| {
        let count = entries.with_untracked(Vec::len);
        let key = ev.key();
        match key.as_str() {
            "ArrowDown" if count > 0 => active.update(|a| *a = (*a + 1) % count),
            "ArrowUp" if count > 0 => active.update(|a| *a = (*a + count - 1) % count),
            "Home" if count > 0 => active.set(0),
            "End" if count > 0 => active.set(count - 1),
            "Enter" | " " if key == "Enter" || !searchable.get_untracked() => {
                if let Some(entry) = entries.with_untracked(|e| e.get(active.get_untracked()).cloned()) {
                    choose(entry);
                }
            }
            "Escape" => close(true),
            "Tab" => {
                close(false);
                return;
            }
            other if other.chars().count() == 1 && !searchable.get_untracked() => {
                // Type-ahead: the next organization whose name starts with the letter.
                let letter = lowercase(other);
                let start = active.get_untracked();
                let found = entries.with_untracked(|e| {
                    (1..=e.len())
                        .map(|step| (start + step) % e.len())
                        .find(|i| match &e[*i] {
                            Entry::Organization(o) => lowercase(&o.organization.organization_name).starts_with(&letter),
                            Entry::Create => false,
                        })
                });
                if let Some(i) = found {
                    active.set(i);
                }
            }
            _ => return,
        }
        ev.prevent_default();
    };
    // Filtering keeps the highlighted entry in range.
    Effect::new(move |_| {
        let count = entries.with(Vec::len);
        if active.get_untracked() >= count {
            active.set(count.saturating_sub(1));
        }
    });

    let root_class = move || match class.get() {
        Some(extra) => format!("stytch-switcher {extra}"),
        None => "stytch-switcher".to_owned(),
    };
    let style = move || theme.get().map(|t| t.to_css());
    let active_descendant = move || entries.with(|e| (!e.is_empty()).then(|| option_id(active.get())));

    let option_view = move |index: usize, entry: Entry| {
        let selected = move || active.get() == index;
        let id = option_id(index);
        let (name, detail, current) = match &entry {
            Entry::Organization(o) => {
                let current = Some(&o.organization.organization_id) == current_id.get_untracked().as_ref();
                let detail = strings.with_value(|s| badge(s, o, current));
                (o.organization.organization_name.clone(), detail, current)
            }
            Entry::Create => (text(|s| &s.create_organization), None, false),
        };
        let is_create = matches!(entry, Entry::Create);
        view! {
            <li
                id=id
                role="option"
                class="stytch-switcher__option"
                class:stytch-switcher__option--active=selected
                class:stytch-switcher__option--create=is_create
                aria-selected=current.to_string()
                on:mousemove=move |_| active.set(index)
                on:click=move |_| choose(entry.clone())
            >
                <span class="stytch-switcher__name">{name}</span>
                {detail.map(|d| view! { <span class="stytch-switcher__badge">{d}</span> })}
            </li>
        }
    };

    let panel = move || {
        open.get().then(|| {
            let body = move || match load.get() {
                Load::Idle | Load::Loading => {
                    view! { <p class="stytch-switcher__status" role="status">{text(|s| &s.loading)}</p> }.into_any()
                }
                Load::Failed => view! {
                    <p class="stytch-switcher__status" role="alert">{text(|s| &s.load_failed)}</p>
                    <button type="button" class="stytch-button" on:click=move |_| fetch()>{text(|s| &s.retry)}</button>
                }
                .into_any(),
                Load::Loaded(_) => {
                    let search = searchable.get().then(|| {
                        view! {
                            <label class="stytch-switcher__search-label" for="stytch-switcher-search">{text(|s| &s.search_label)}</label>
                            <input
                                id="stytch-switcher-search"
                                node_ref=search_ref
                                class="stytch-input stytch-switcher__search"
                                type="search"
                                role="combobox"
                                aria-expanded="true"
                                aria-autocomplete="list"
                                aria-controls=list_id()
                                aria-activedescendant=active_descendant
                                autocomplete="off"
                                placeholder=text(|s| &s.search_placeholder)
                                prop:value=move || query.get()
                                on:input=move |ev| {
                                    query.set(event_target_value(&ev));
                                    active.set(0);
                                }
                                on:keydown=keydown
                            />
                        }
                    });
                    let searching = searchable.get();
                    view! {
                        {search}
                        <ul
                            id=list_id()
                            node_ref=list_ref
                            class="stytch-switcher__list"
                            role="listbox"
                            aria-label=text(|s| &s.list_label)
                            tabindex=if searching { "-1" } else { "0" }
                            aria-activedescendant=move || (!searching).then(active_descendant).flatten()
                            aria-busy=move || busy.get().to_string()
                            on:keydown=keydown
                        >
                            {move || {
                                entries
                                    .get()
                                    .into_iter()
                                    .enumerate()
                                    .map(|(i, e)| option_view(i, e))
                                    .collect_view()
                            }}
                        </ul>
                        {move || entries.with(Vec::is_empty).then(|| view! { <p class="stytch-switcher__status">{text(|s| &s.empty)}</p> })}
                    }
                    .into_any()
                }
            };
            view! { <div class="stytch-switcher__panel">{body}</div> }
        })
    };

    let dialog = move || {
        step_up.get().map(|(name, answer)| {
            let title = text(|s| &s.step_up_title).replace("{organization}", &name);
            let cancel = move |_: ()| {
                if let Some(client) = stytch.client() {
                    client.session().discard_intermediate_session();
                }
                step_up.set(None);
                emit(SwitcherEvent::Cancelled);
                if let Some(trigger) = trigger_ref.get_untracked() {
                    let _ = trigger.focus();
                }
            };
            let on_login = move |event: LoginEvent| {
                if let LoginEvent::LoggedIn { organization_id, .. } = event {
                    step_up.set(None);
                    let name = context
                        .organization
                        .with_untracked(|o| o.as_ref().map(|o| o.organization_name.clone()))
                        .unwrap_or_default();
                    announcement.set(Some(text(|s| &s.switched).replace("{organization}", &name)));
                    emit(SwitcherEvent::Switched { organization_id });
                }
            };
            let dialog_ref = NodeRef::<leptos::html::Div>::new();
            // Focus the first screen's heading (or the dialog while it loads).
            request_animation_frame(move || {
                use wasm_bindgen::JsCast;
                if let Some(dialog) = dialog_ref.try_get_untracked().flatten() {
                    let heading = dialog
                        .query_selector("[data-stytch-heading]")
                        .ok()
                        .flatten()
                        .and_then(|h| h.dyn_into::<web_sys::HtmlElement>().ok());
                    match heading {
                        Some(heading) => {
                            let _ = heading.focus();
                        }
                        None => {
                            let _ = dialog.focus();
                        }
                    }
                }
            });
            let keydown = move |ev: leptos::ev::KeyboardEvent| {
                if ev.key() == "Escape" {
                    ev.prevent_default();
                    cancel(());
                }
            };
            // Its own IDs, and its login's: two switchers (or a login beside one) keep apart.
            let login_ids = uid.get_value();
            let title_id = format!("{login_ids}-dialog-title");
            let title_for_label = title_id.clone();
            view! {
                <div class="stytch-switcher__backdrop">
                    // The login's styles only with the login: a server-rendered page with a
                    // switcher does not carry them inline, nor twice beside `<StytchLogin>`.
                    {mount_style("login", include_str!("../login/login.css"))}
                    <div
                        class="stytch-switcher__dialog"
                        role="dialog"
                        aria-modal="true"
                        aria-labelledby=title_id
                        tabindex="-1"
                        node_ref=dialog_ref
                        on:keydown=keydown
                    >
                        <p id=title_for_label class="stytch-switcher__dialog-title">{title}</p>
                        <StytchLoginFlow
                            config=login_config.get_value()
                            resume=answer
                            on_event=on_login
                            on_error=move |e: StytchError| report(e)
                            id_prefix=login_ids
                        >
                            <section class="stytch-login">
                                <LoginScreens/>
                            </section>
                        </StytchLoginFlow>
                        <button type="button" class="stytch-button stytch-button--link" on:click=move |_| cancel(())>
                            {text(|s| &s.cancel)}
                        </button>
                    </div>
                </div>
            }
        })
    };

    let trigger_label = move || text(|s| &s.trigger_label).replace("{organization}", &current_name.get());
    let trigger_content = move || match &trigger {
        Some(custom) => custom.run(),
        None => view! { <span class="stytch-switcher__current">{move || current_name.get()}</span> }.into_any(),
    };
    let trigger_keydown = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "ArrowDown" && !open.get_untracked() {
            ev.prevent_default();
            toggle();
        } else if ev.key() == "Escape" && open.get_untracked() {
            ev.prevent_default();
            close(true);
        }
    };

    view! {
        {mount_style("organization-switcher", include_str!("organization_switcher.css"))}
        {move || signed_in.get().then(|| view! {
            <div class=root_class style=style>
                <button
                    type="button"
                    class="stytch-switcher__trigger"
                    node_ref=trigger_ref
                    aria-haspopup="listbox"
                    aria-expanded=move || open.get().to_string()
                    aria-controls=list_id
                    aria-label=trigger_label
                    on:click=move |_| toggle()
                    on:keydown=trigger_keydown
                >
                    {trigger_content.clone()}
                    <span class="stytch-switcher__chevron" aria-hidden="true"></span>
                </button>
                {panel}
                <p class="stytch-switcher__announcement" role="status" aria-live="polite">{move || announcement.get()}</p>
                {dialog}
            </div>
        })}
    }
}

/// The current organization first, then the others by name in any case; organizations with
/// the same name keep the API's order.
///
/// A binary insertion sort of indices: a member's list is short, and the standard library's
/// stable sort would add about 3 KB of wasm for this one call.
fn sort_for_display(orgs: &mut Vec<DiscoveredOrganization>, current: Option<&str>) {
    let keys: Vec<(bool, String)> = orgs
        .iter()
        .map(|o| {
            (
                Some(o.organization.organization_id.as_str()) != current,
                lowercase(&o.organization.organization_name),
            )
        })
        .collect();
    let mut order: Vec<usize> = Vec::with_capacity(keys.len());
    for (i, key) in keys.iter().enumerate() {
        let at = order.partition_point(|&placed| keys[placed] <= *key);
        order.insert(at, i);
    }
    let mut slots: Vec<Option<DiscoveredOrganization>> = orgs.drain(..).map(Some).collect();
    orgs.extend(order.into_iter().filter_map(|i| slots[i].take()));
}

/// Unicode lower case for search, sorting and type-ahead. In the browser, JavaScript's
/// `toLowerCase` does it, which keeps Rust's case tables (several KB) out of the wasm.
fn lowercase(text: &str) -> String {
    #[cfg(target_arch = "wasm32")]
    {
        String::from(js_sys::JsString::from(text).to_lower_case())
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        text.to_lowercase()
    }
}

/// A process-wide counter for element IDs.
#[cfg(test)]
mod tests {
    use super::*;

    fn organization(id: &str, name: &str) -> DiscoveredOrganization {
        let mut found = DiscoveredOrganization::default();
        found.organization.organization_id = id.to_owned();
        found.organization.organization_name = name.to_owned();
        found
    }

    fn ids(orgs: &[DiscoveredOrganization]) -> Vec<&str> {
        orgs.iter().map(|o| o.organization.organization_id.as_str()).collect()
    }

    #[test]
    fn the_current_organization_comes_first_then_names_in_any_case() {
        let mut orgs = vec![
            organization("c", "charlie"),
            organization("b", "Bravo"),
            organization("z", "Zulu"),
            organization("a", "alpha"),
            organization("e", "Écho"),
        ];
        sort_for_display(&mut orgs, Some("z"));
        assert_eq!(ids(&orgs), ["z", "a", "b", "c", "e"]);
        sort_for_display(&mut orgs, None);
        assert_eq!(ids(&orgs), ["a", "b", "c", "z", "e"], "no current one: by name only");
    }

    #[test]
    fn equal_names_keep_the_api_order() {
        let mut orgs = vec![
            organization("2", "Acme"),
            organization("1", "ACME"),
            organization("0", "Beta"),
            organization("3", "acme"),
        ];
        sort_for_display(&mut orgs, Some("0"));
        assert_eq!(ids(&orgs), ["0", "2", "1", "3"]);
        let mut empty = Vec::new();
        sort_for_display(&mut empty, Some("0"));
        assert!(empty.is_empty());
    }
}
