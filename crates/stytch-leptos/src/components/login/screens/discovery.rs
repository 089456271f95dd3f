use leptos::prelude::*;
use stytch_core::flow::{FlowEvent, Screen, slug_from_name};
use stytch_models::{DiscoveredOrganization, MembershipType};

use super::{current_flow, error_message, heading, link_button};
use crate::components::login::flow::LoginFlow;

fn action_label(flow: LoginFlow, organization: &DiscoveredOrganization) -> String {
    match organization.membership.membership_type {
        MembershipType::ActiveMember => flow.text(|s| &s.continue_action),
        MembershipType::InvitedMember => flow.text(|s| &s.accept_invite_action),
        _ => flow.text(|s| &s.join_action),
    }
}

/// The organizations the person may enter: Continue, Accept invite or Join; and creation.
///
/// ```no_run
/// use leptos::prelude::*;
/// use stytch_leptos::{CreateOrganizationScreen, DiscoveryScreen, StytchLoginFlow};
///
/// // The organization picker in a side panel of the app's own.
/// #[component]
/// fn OrganizationPicker() -> impl IntoView {
///     view! {
///         <StytchLoginFlow>
///             <aside class="picker">
///                 <DiscoveryScreen/>
///                 <CreateOrganizationScreen/>
///             </aside>
///         </StytchLoginFlow>
///     }
/// }
/// ```
#[component]
pub fn DiscoveryScreen() -> impl IntoView {
    let flow = current_flow();
    move || {
        flow.screen.with(|s| match s {
            Screen::Discovery { email, organizations } => Some((email.clone(), organizations.clone())),
            _ => None,
        })
        .map(|(email, organizations)| {
            // A memo, so the button is rebuilt only when the answer changes (not on every
            // state change, which would drop its focus while a request runs).
            let can_create = Memo::new(move |_| flow.state.with(|s| s.config.allow_create_organization));
            let empty = organizations.is_empty();
            let items = organizations
                .into_iter()
                .map(|organization| {
                    let id = organization.organization.organization_id.clone();
                    let name = organization.organization.organization_name.clone();
                    let action = action_label(flow, &organization);
                    let kind = organization.membership.membership_type.as_str().to_owned();
                    view! {
                        <li>
                            <button
                                type="button"
                                class="stytch-org"
                                data-membership=kind
                                disabled=flow.pending()
                                on:click=move |_| flow.send(FlowEvent::SelectOrganization(id.clone()))
                            >
                                <span class="stytch-org__name">{name}</span>
                                <span class="stytch-org__action">{action}</span>
                            </button>
                        </li>
                    }
                })
                .collect_view();
            view! {
                {heading(flow.text(|s| &s.discovery_title))}
                <p class="stytch-login__muted">{flow.text(|s| &s.discovery_signed_in_as)} " " <strong>{email}</strong></p>
                {empty.then(|| view! { <p>{flow.text(|s| &s.no_organizations)}</p> })}
                <ul class="stytch-login__organizations">{items}</ul>
                {error_message(flow)}
                {move || can_create.get().then(|| view! {
                    <button
                        type="button"
                        class="stytch-button"
                        disabled=flow.pending()
                        on:click=move |_| flow.send(FlowEvent::StartCreateOrganization)
                    >
                        {flow.text(|s| &s.create_organization_button)}
                    </button>
                })}
            }
        })
    }
}

/// Organization creation with a slug suggested from the name and validated before sending.
///
/// ```no_run
/// use leptos::prelude::*;
/// use stytch_leptos::{CreateOrganizationScreen, DiscoveryScreen, LoginConfig, StytchLoginFlow};
///
/// // Someone with no organization yet goes straight to creating one.
/// #[component]
/// fn Onboarding() -> impl IntoView {
///     let config = LoginConfig { direct_create_organization_for_no_membership: true, ..Default::default() };
///     view! { <StytchLoginFlow config><DiscoveryScreen/><CreateOrganizationScreen/></StytchLoginFlow> }
/// }
/// ```
#[component]
pub fn CreateOrganizationScreen() -> impl IntoView {
    let flow = current_flow();
    move || {
        (flow.screen.with(|s| matches!(s, Screen::CreateOrganization { .. }))).then(|| {
            let fields = flow.fields;
            let submit = move |ev: leptos::ev::SubmitEvent| {
                ev.prevent_default();
                flow.send(FlowEvent::SubmitOrganization {
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
                    {heading(flow.text(|s| &s.create_title))}
                    <label for=flow.id("org-name")>{flow.text(|s| &s.organization_name_label)}</label>
                    <input
                        id=flow.id("org-name")
                        class="stytch-input"
                        type="text"
                        name="organization_name"
                        autocomplete="organization"
                        required
                        maxlength="128"
                        prop:value=move || fields.organization_name.get()
                        on:input=on_name
                    />
                    <label for=flow.id("org-slug")>{flow.text(|s| &s.organization_slug_label)}</label>
                    <input
                        id=flow.id("org-slug")
                        class="stytch-input"
                        type="text"
                        name="organization_slug"
                        autocomplete="off"
                        spellcheck="false"
                        required
                        maxlength="128"
                        aria-describedby=flow.id("org-slug-help")
                        prop:value=move || fields.organization_slug.get()
                        on:input=move |ev| {
                            fields.slug_edited.set(true);
                            fields.organization_slug.set(event_target_value(&ev));
                        }
                    />
                    <p id=flow.id("org-slug-help") class="stytch-login__muted">{flow.text(|s| &s.organization_slug_help)}</p>
                    {error_message(flow)}
                    <div class="stytch-login__actions">
                        <button type="submit" class="stytch-button stytch-button--primary" disabled=flow.pending()>
                            {flow.text(|s| &s.create_button)}
                        </button>
                        {link_button(flow, flow.text(|s| &s.back_button), move || flow.send(FlowEvent::Back))}
                    </div>
                </form>
            }
        })
    }
}
