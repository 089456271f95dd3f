//! One function per screen. Each renders the screen's heading (focused on arrival), its fields
//! and buttons; none decides anything: they only send [`FlowEvent`]s.

use leptos::prelude::*;
use stytch_core::flow::{FlowEvent, FlowState, Screen, slug_from_name};
use stytch_models::{DiscoveredOrganization, MembershipType};

use super::LoginStrings;

/// Form fields that survive screen changes (going back keeps what was typed).
#[derive(Clone, Copy)]
pub(super) struct Fields {
    pub email: RwSignal<String>,
    pub organization_name: RwSignal<String>,
    pub organization_slug: RwSignal<String>,
    pub slug_edited: RwSignal<bool>,
    pub resent: RwSignal<bool>,
}

impl Fields {
    pub(super) fn new() -> Self {
        Self {
            email: RwSignal::new(String::new()),
            organization_name: RwSignal::new(String::new()),
            organization_slug: RwSignal::new(String::new()),
            slug_edited: RwSignal::new(false),
            resent: RwSignal::new(false),
        }
    }
}

type Strings = StoredValue<LoginStrings>;

fn text(strings: Strings, pick: impl Fn(&LoginStrings) -> &String) -> String {
    strings.with_value(|s| pick(s).clone())
}

/// Renders the current screen; re-runs only when the screen itself changes.
pub(super) fn render(
    screen: Memo<Screen>,
    state: RwSignal<FlowState>,
    fields: Fields,
    strings: Strings,
    dispatch: impl Fn(FlowEvent) + Copy + Send + Sync + 'static,
) -> AnyView {
    let pending = move || state.with(|s| s.pending);
    match screen.get() {
        Screen::EmailEntry => email_entry(fields, strings, pending, dispatch).into_any(),
        Screen::EmailSent { email } => email_sent(email, fields, strings, pending, dispatch).into_any(),
        Screen::Authenticating => view! {
            <h2 data-stytch-heading tabindex="-1">{text(strings, |s| &s.authenticating)}</h2>
            <div class="stytch-login__spinner" role="progressbar" aria-label=text(strings, |s| &s.loading)></div>
        }
        .into_any(),
        Screen::Discovery { email, organizations } => {
            let can_create = move || state.with(|s| s.config.allow_create_organization);
            discovery(email, organizations, can_create, strings, pending, dispatch).into_any()
        }
        Screen::CreateOrganization { .. } => create_organization(fields, strings, pending, dispatch).into_any(),
        Screen::LoggedIn => view! {
            <h2 data-stytch-heading tabindex="-1">{text(strings, |s| &s.logged_in_title)}</h2>
            <p>{text(strings, |s| &s.logged_in_body)}</p>
        }
        .into_any(),
        Screen::Error { message } => view! {
            <h2 data-stytch-heading tabindex="-1">{text(strings, |s| &s.error_title)}</h2>
            <p>{message}</p>
            <button type="button" class="stytch-button" on:click=move |_| dispatch(FlowEvent::Restart)>
                {text(strings, |s| &s.start_over_button)}
            </button>
        }
        .into_any(),
    }
}

fn email_entry(
    fields: Fields,
    strings: Strings,
    pending: impl Fn() -> bool + Copy + Send + Sync + 'static,
    dispatch: impl Fn(FlowEvent) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        fields.resent.set(false);
        dispatch(FlowEvent::SubmitEmail(fields.email.get_untracked()));
    };
    view! {
        <form class="stytch-login__form" on:submit=submit novalidate>
            <h2 data-stytch-heading tabindex="-1">{text(strings, |s| &s.email_title)}</h2>
            <label for="stytch-login-email">{text(strings, |s| &s.email_label)}</label>
            <input
                id="stytch-login-email"
                class="stytch-input"
                type="email"
                name="email"
                autocomplete="email"
                inputmode="email"
                required
                placeholder=text(strings, |s| &s.email_placeholder)
                prop:value=move || fields.email.get()
                on:input=move |ev| fields.email.set(event_target_value(&ev))
            />
            <button type="submit" class="stytch-button stytch-button--primary" disabled=pending>
                {text(strings, |s| &s.continue_button)}
            </button>
        </form>
    }
}

fn email_sent(
    email: String,
    fields: Fields,
    strings: Strings,
    pending: impl Fn() -> bool + Copy + Send + Sync + 'static,
    dispatch: impl Fn(FlowEvent) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    view! {
        <h2 data-stytch-heading tabindex="-1">{text(strings, |s| &s.email_sent_title)}</h2>
        <p>{text(strings, |s| &s.email_sent_body)} " " <strong>{email}</strong></p>
        <p class="stytch-login__notice" aria-live="polite">
            {move || fields.resent.get().then(|| text(strings, |s| &s.resent_notice))}
        </p>
        <div class="stytch-login__actions">
            <button
                type="button"
                class="stytch-button"
                disabled=pending
                on:click=move |_| {
                    fields.resent.set(true);
                    dispatch(FlowEvent::ResendEmail);
                }
            >
                {text(strings, |s| &s.resend_button)}
            </button>
            <button type="button" class="stytch-button stytch-button--link" on:click=move |_| dispatch(FlowEvent::Back)>
                {text(strings, |s| &s.use_other_email)}
            </button>
        </div>
    }
}

fn action_label(organization: &DiscoveredOrganization, strings: Strings) -> String {
    match organization.membership.membership_type {
        MembershipType::ActiveMember => text(strings, |s| &s.continue_action),
        MembershipType::InvitedMember => text(strings, |s| &s.accept_invite_action),
        _ => text(strings, |s| &s.join_action),
    }
}

fn discovery(
    email: String,
    organizations: Vec<DiscoveredOrganization>,
    can_create: impl Fn() -> bool + Copy + Send + Sync + 'static,
    strings: Strings,
    pending: impl Fn() -> bool + Copy + Send + Sync + 'static,
    dispatch: impl Fn(FlowEvent) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let empty = organizations.is_empty();
    let items = organizations
        .into_iter()
        .map(|organization| {
            let id = organization.organization.organization_id.clone();
            let name = organization.organization.organization_name.clone();
            let action = action_label(&organization, strings);
            let kind = organization.membership.membership_type.as_str().to_owned();
            view! {
                <li>
                    <button
                        type="button"
                        class="stytch-org"
                        data-membership=kind
                        disabled=pending
                        on:click=move |_| dispatch(FlowEvent::SelectOrganization(id.clone()))
                    >
                        <span class="stytch-org__name">{name}</span>
                        <span class="stytch-org__action">{action}</span>
                    </button>
                </li>
            }
        })
        .collect_view();
    view! {
        <h2 data-stytch-heading tabindex="-1">{text(strings, |s| &s.discovery_title)}</h2>
        <p class="stytch-login__muted">{text(strings, |s| &s.discovery_signed_in_as)} " " <strong>{email}</strong></p>
        {empty.then(|| view! { <p>{text(strings, |s| &s.no_organizations)}</p> })}
        <ul class="stytch-login__organizations">{items}</ul>
        <Show when=can_create>
            <button
                type="button"
                class="stytch-button"
                disabled=pending
                on:click=move |_| dispatch(FlowEvent::StartCreateOrganization)
            >
                {text(strings, |s| &s.create_organization_button)}
            </button>
        </Show>
    }
}

fn create_organization(
    fields: Fields,
    strings: Strings,
    pending: impl Fn() -> bool + Copy + Send + Sync + 'static,
    dispatch: impl Fn(FlowEvent) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        dispatch(FlowEvent::SubmitOrganization {
            name: fields.organization_name.get_untracked(),
            slug: fields.organization_slug.get_untracked(),
        });
    };
    let on_name = move |ev| {
        let name = event_target_value(&ev);
        if !fields.slug_edited.get_untracked() {
            fields.organization_slug.set(slug_from_name(&name));
        }
        fields.organization_name.set(name);
    };
    view! {
        <form class="stytch-login__form" on:submit=submit novalidate>
            <h2 data-stytch-heading tabindex="-1">{text(strings, |s| &s.create_title)}</h2>
            <label for="stytch-login-org-name">{text(strings, |s| &s.organization_name_label)}</label>
            <input
                id="stytch-login-org-name"
                class="stytch-input"
                type="text"
                name="organization_name"
                autocomplete="organization"
                required
                maxlength="128"
                prop:value=move || fields.organization_name.get()
                on:input=on_name
            />
            <label for="stytch-login-org-slug">{text(strings, |s| &s.organization_slug_label)}</label>
            <input
                id="stytch-login-org-slug"
                class="stytch-input"
                type="text"
                name="organization_slug"
                autocomplete="off"
                spellcheck="false"
                required
                maxlength="128"
                aria-describedby="stytch-login-org-slug-help"
                prop:value=move || fields.organization_slug.get()
                on:input=move |ev| {
                    fields.slug_edited.set(true);
                    fields.organization_slug.set(event_target_value(&ev));
                }
            />
            <p id="stytch-login-org-slug-help" class="stytch-login__muted">{text(strings, |s| &s.organization_slug_help)}</p>
            <div class="stytch-login__actions">
                <button type="submit" class="stytch-button stytch-button--primary" disabled=pending>
                    {text(strings, |s| &s.create_button)}
                </button>
                <button type="button" class="stytch-button stytch-button--link" on:click=move |_| dispatch(FlowEvent::Back)>
                    {text(strings, |s| &s.back_button)}
                </button>
            </div>
        </form>
    }
}
