//! `<MemberManagement>`: the members of the signed-in member's organization, for its admins:
//! find them by address, invite teammates (and invite them again), edit their names and roles,
//! change their email addresses (confirmed by a link to the new one), require MFA of them (or
//! no longer), reset their MFA (authenticator app and MFA phone), remove their passwords, sign
//! them out everywhere, revoke invitations, deactivate and reactivate them. Each row lists the
//! member's sign-in methods. Each action shows only to a member whose roles allow it on
//! `stytch.member` (`search`, `create`, `update.info.name`, `update.info.email`,
//! `update.settings.roles`, `update.settings.mfa-enrolled`, `update.info.delete.mfa-totp` or
//! `update.info.delete.mfa-phone`, `update.info.delete.password`, `revoke-sessions`, `delete`
//! (which also revokes an invitation) and, for reactivation, every action), and Stytch checks
//! each call too. The official SDK offers this only in its React Admin Portal; here it is one
//! component, themed like the others.
//!
//! Behind the `member-management` feature, so an app without it pays nothing.

use leptos::prelude::*;
use stytch_core::StytchError;
use stytch_models::api::magic_links::InviteRequest;
use stytch_models::api::organizations::{MemberUpdateRequest, SearchOperand, SearchQuery, StartEmailUpdateRequest};
use stytch_models::{Member, MemberStatus};

use crate::components::login::Theme;
use crate::hooks::{UseMemberSearchOptions, effective_policy, member_may, use_member_search_with_options};
use crate::provider::{Stytch, StytchContext};
use crate::style::mount_style;

/// Every visible text of [`MemberManagement`]. `{email}` and `{count}` are replaced.
///
/// ```
/// let strings = stytch_leptos::MemberManagementStrings { heading: "Team".into(), ..Default::default() };
/// assert_eq!(strings.invite_submit, "Send invitation");
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct MemberManagementStrings {
    /// Heading of the component.
    pub heading: String,
    /// Search field label.
    pub search_label: String,
    /// Shown under the search field while fewer than three characters are typed.
    pub search_hint: String,
    /// The "show deactivated members" checkbox.
    pub show_deactivated: String,
    /// Count of members found: one.
    pub count_one: String,
    /// Count of members found: `{count}`.
    pub count_many: String,
    /// Shown while searching.
    pub loading: String,
    /// Shown when nobody matches.
    pub empty: String,
    /// Shown when the list cannot be loaded.
    pub load_failed: String,
    /// Shown instead of the list to a member who may not search members.
    pub not_permitted: String,
    /// The "more members" button.
    pub load_more: String,
    /// Column heading: the member.
    pub column_member: String,
    /// Column heading: the status.
    pub column_status: String,
    /// Column heading: the roles.
    pub column_roles: String,
    /// Column heading: the actions.
    pub column_actions: String,
    /// Status: active.
    pub status_active: String,
    /// Status: invited.
    pub status_invited: String,
    /// Status: pending (signed up, not yet signed in).
    pub status_pending: String,
    /// Status: deactivated.
    pub status_deleted: String,
    /// Marks the signed-in member's own row.
    pub you: String,
    /// Heading of the invitation form.
    pub invite_heading: String,
    /// Email field of the invitation form.
    pub invite_email: String,
    /// Name field of the invitation form.
    pub invite_name: String,
    /// Legend of the roles of an invitation or a role change.
    pub roles_legend: String,
    /// Submit button of the invitation form.
    pub invite_submit: String,
    /// Announced after an invitation.
    pub invited: String,
    /// The "change roles" button of a row; `{email}` names the member for screen readers.
    pub edit_roles: String,
    /// Saves a role change.
    pub save_roles: String,
    /// Announced after a role change.
    pub roles_saved: String,
    /// Cancels a role change or a deactivation.
    pub cancel: String,
    /// The "deactivate" button of a row.
    pub deactivate: String,
    /// Asks before deactivating.
    pub confirm_deactivate: String,
    /// The button confirming a deactivation.
    pub deactivate_confirm: String,
    /// Announced after a deactivation.
    pub deactivated: String,
    /// The "resend invitation" button of an invited member's row.
    pub resend_invitation: String,
    /// Announced after an invitation is sent again.
    pub invitation_resent: String,
    /// The "reactivate" button of a deactivated member's row.
    pub reactivate: String,
    /// Announced after a reactivation.
    pub reactivated: String,
    /// The "edit name" button of a row.
    pub edit_name: String,
    /// The name field of the name editor.
    pub name_label: String,
    /// Saves a name.
    pub save_name: String,
    /// Announced after a name change.
    pub name_saved: String,
    /// The "change email" button of a row.
    pub edit_email: String,
    /// The new address's field.
    pub email_label: String,
    /// Sends the confirmation to the new address.
    pub send_email_update: String,
    /// Announced once the confirmation is sent; `{new}` is the new address.
    pub email_update_sent: String,
    /// Under the address: the member has a password.
    pub method_password: String,
    /// Under the address: the member has an authenticator app.
    pub method_totp: String,
    /// Under the address: the member has an MFA phone.
    pub method_sms: String,
    /// The "reset MFA" button of a member with an authenticator app or an MFA phone.
    pub reset_mfa: String,
    /// Asks before resetting a member's MFA.
    pub confirm_reset_mfa: String,
    /// The button confirming an MFA reset.
    pub reset_mfa_confirm: String,
    /// Announced after an MFA reset.
    pub mfa_reset: String,
    /// The "remove password" button of a member with a password.
    pub remove_password: String,
    /// Asks before removing a member's password.
    pub confirm_remove_password: String,
    /// The button confirming a password's removal.
    pub remove_password_confirm: String,
    /// Announced after a password's removal.
    pub password_removed: String,
    /// The "revoke invitation" button of an invited member's row.
    pub revoke_invitation: String,
    /// Asks before revoking an invitation.
    pub confirm_revoke_invitation: String,
    /// The button confirming an invitation's revocation.
    pub revoke_invitation_confirm: String,
    /// Announced after an invitation is revoked.
    pub invitation_revoked: String,
    /// The "sign out everywhere" button of an active member's row.
    pub sign_out_everywhere: String,
    /// Asks before signing a member out everywhere.
    pub confirm_sign_out_everywhere: String,
    /// The button confirming it.
    pub sign_out_everywhere_confirm: String,
    /// Announced after a member is signed out everywhere.
    pub signed_out_everywhere: String,
    /// Under the address: the member must complete MFA whatever the organization's policy.
    pub method_mfa_required: String,
    /// The button making a member complete MFA at each sign-in.
    pub require_mfa: String,
    /// The button lifting that requirement.
    pub stop_requiring_mfa: String,
    /// Announced once MFA is required of a member.
    pub mfa_required: String,
    /// Announced once it no longer is.
    pub mfa_not_required: String,
    /// Shown when an action fails; `{reason}` is Stytch's message.
    pub action_failed: String,
}

impl Default for MemberManagementStrings {
    fn default() -> Self {
        Self {
            heading: "Members".into(),
            search_label: "Search members by email".into(),
            search_hint: "Type at least three characters to search.".into(),
            show_deactivated: "Show deactivated members".into(),
            count_one: "1 member".into(),
            count_many: "{count} members".into(),
            loading: "Loading members…".into(),
            empty: "No member matches.".into(),
            load_failed: "We couldn't load the members.".into(),
            not_permitted: "Your role does not let you see the organization's members.".into(),
            load_more: "Show more members".into(),
            column_member: "Member".into(),
            column_status: "Status".into(),
            column_roles: "Roles".into(),
            column_actions: "Actions".into(),
            status_active: "Active".into(),
            status_invited: "Invited".into(),
            status_pending: "Pending".into(),
            status_deleted: "Deactivated".into(),
            you: "(you)".into(),
            invite_heading: "Invite a teammate".into(),
            invite_email: "Email".into(),
            invite_name: "Name (optional)".into(),
            roles_legend: "Roles".into(),
            invite_submit: "Send invitation".into(),
            invited: "Invitation sent to {email}.".into(),
            edit_roles: "Change roles of {email}".into(),
            save_roles: "Save roles".into(),
            roles_saved: "Roles of {email} saved.".into(),
            cancel: "Cancel".into(),
            deactivate: "Deactivate {email}".into(),
            confirm_deactivate: "Deactivate {email}? They are signed out everywhere.".into(),
            deactivate_confirm: "Deactivate".into(),
            deactivated: "{email} deactivated.".into(),
            resend_invitation: "Resend invitation to {email}".into(),
            invitation_resent: "Invitation sent again to {email}.".into(),
            reactivate: "Reactivate {email}".into(),
            reactivated: "{email} reactivated.".into(),
            edit_name: "Edit name of {email}".into(),
            name_label: "Name".into(),
            save_name: "Save name".into(),
            name_saved: "Name of {email} saved.".into(),
            edit_email: "Change email of {email}".into(),
            email_label: "New email".into(),
            send_email_update: "Send confirmation".into(),
            email_update_sent: "We sent {new} a link to confirm it; {email} stays until the link is used.".into(),
            method_password: "Password".into(),
            method_totp: "Authenticator app".into(),
            method_sms: "Text message".into(),
            reset_mfa: "Reset MFA of {email}".into(),
            confirm_reset_mfa:
                "Remove the authenticator app and MFA phone of {email}? They set up MFA again at their next sign-in."
                    .into(),
            reset_mfa_confirm: "Reset MFA".into(),
            mfa_reset: "MFA of {email} reset.".into(),
            remove_password: "Remove password of {email}".into(),
            confirm_remove_password:
                "Remove the password of {email}? They sign in another way, or set a new password by email.".into(),
            remove_password_confirm: "Remove password".into(),
            password_removed: "Password of {email} removed.".into(),
            revoke_invitation: "Revoke invitation of {email}".into(),
            confirm_revoke_invitation: "Revoke the invitation of {email}? Their link stops working.".into(),
            revoke_invitation_confirm: "Revoke invitation".into(),
            invitation_revoked: "Invitation of {email} revoked.".into(),
            sign_out_everywhere: "Sign {email} out everywhere".into(),
            confirm_sign_out_everywhere: "Sign {email} out on every device? They stay a member and can sign in again."
                .into(),
            sign_out_everywhere_confirm: "Sign out everywhere".into(),
            signed_out_everywhere: "{email} signed out everywhere.".into(),
            method_mfa_required: "MFA required".into(),
            require_mfa: "Require MFA for {email}".into(),
            stop_requiring_mfa: "Stop requiring MFA for {email}".into(),
            mfa_required: "{email} must now complete MFA at each sign-in.".into(),
            mfa_not_required: "{email} no longer has to complete MFA, unless the organization requires it.".into(),
            action_failed: "That did not work: {reason}".into(),
        }
    }
}

/// Options of [`MemberManagement`].
///
/// ```
/// let options = stytch_leptos::MemberManagementOptions { page_size: 50, ..Default::default() };
/// assert_eq!(options.invite_redirect_url, None);
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct MemberManagementOptions {
    /// Members per page.
    pub page_size: u32,
    /// Where an invitation's link lands (the project's default invite URL when `None`).
    pub invite_redirect_url: Option<String>,
    /// Where an email change's confirmation link lands (the project's default login URL when
    /// `None`); `<StytchLogin>` there completes it.
    pub email_update_redirect_url: Option<String>,
}

impl Default for MemberManagementOptions {
    fn default() -> Self {
        Self {
            page_size: 20,
            invite_redirect_url: None,
            email_update_redirect_url: None,
        }
    }
}

/// What [`MemberManagement`] reports after each change Stytch accepted.
///
/// ```
/// use stytch_leptos::MemberEvent;
/// let event = MemberEvent::Deactivated { member_id: "member-test-1".into() };
/// assert!(matches!(event, MemberEvent::Deactivated { .. }));
/// ```
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum MemberEvent {
    /// A teammate was invited.
    Invited {
        /// The new (invited) member.
        member_id: String,
    },
    /// An invited member's invitation was sent again (a fresh link).
    InvitationResent {
        /// The invited member.
        member_id: String,
    },
    /// A member's roles were replaced.
    RolesChanged {
        /// The member.
        member_id: String,
        /// The roles assigned directly now.
        roles: Vec<String>,
    },
    /// A member was deactivated (signed out everywhere).
    Deactivated {
        /// The member.
        member_id: String,
    },
    /// A deactivated member was reactivated.
    Reactivated {
        /// The member.
        member_id: String,
    },
    /// A member's email change was started: the new address was sent a link to confirm it.
    EmailUpdateStarted {
        /// The member.
        member_id: String,
        /// The new address (the member keeps the old one until the link is used).
        email_address: String,
    },
    /// A member's name was changed.
    NameChanged {
        /// The member.
        member_id: String,
        /// The new name (empty when removed).
        name: String,
    },
    /// A member's authenticator app and MFA phone were removed: they set up MFA again at
    /// their next sign-in.
    MfaReset {
        /// The member.
        member_id: String,
    },
    /// A member's password was removed.
    PasswordRemoved {
        /// The member.
        member_id: String,
    },
    /// An invited member's invitation was revoked (their link no longer works).
    InvitationRevoked {
        /// The invited member.
        member_id: String,
    },
    /// Every session of a member was ended.
    SignedOutEverywhere {
        /// The member.
        member_id: String,
    },
    /// Whether a member must complete MFA at each sign-in (`mfa_enrolled`) was changed.
    MfaRequirementChanged {
        /// The member.
        member_id: String,
        /// Whether MFA is required of them now.
        required: bool,
    },
}

/// What a row shows: a row is rendered again when any of it changes (Stytch's `updated_at`
/// has one-second steps, so it alone would miss a quick second change).
fn row_key(member: &Member) -> String {
    let roles: Vec<&str> = member.roles.iter().map(|r| r.role_id.as_str()).collect();
    format!(
        "{}|{}|{}|{}|{}|{}|{}|{}|{}",
        member.member_id,
        member.status.as_str(),
        member.name,
        roles.join(","),
        member.member_password_id,
        member.totp_registration_id,
        member.mfa_phone_number,
        member.mfa_enrolled,
        member.updated_at
    )
}

/// The form a row has open: an editor or a confirmation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Open {
    Roles,
    Name,
    Email,
    Confirm(Danger),
}

/// A change asked for again before it is made.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Danger {
    Deactivate,
    RevokeInvitation,
    ResetMfa,
    RemovePassword,
    SignOutEverywhere,
}

/// Picks one text of [`MemberManagementStrings`].
type Pick = fn(&MemberManagementStrings) -> &String;

impl Danger {
    /// Its texts: the row's button (with `{email}`), the question (with `{email}`) and the
    /// confirming button.
    fn texts(self) -> (Pick, Pick, Pick) {
        match self {
            Danger::Deactivate => (|s| &s.deactivate, |s| &s.confirm_deactivate, |s| &s.deactivate_confirm),
            Danger::RevokeInvitation => (
                |s| &s.revoke_invitation,
                |s| &s.confirm_revoke_invitation,
                |s| &s.revoke_invitation_confirm,
            ),
            Danger::ResetMfa => (|s| &s.reset_mfa, |s| &s.confirm_reset_mfa, |s| &s.reset_mfa_confirm),
            Danger::RemovePassword => (
                |s| &s.remove_password,
                |s| &s.confirm_remove_password,
                |s| &s.remove_password_confirm,
            ),
            Danger::SignOutEverywhere => (
                |s| &s.sign_out_everywhere,
                |s| &s.confirm_sign_out_everywhere,
                |s| &s.sign_out_everywhere_confirm,
            ),
        }
    }
}

impl Open {
    /// What the ID of the row's button opening this form ends with.
    fn button(self) -> &'static str {
        match self {
            Open::Roles => "edit",
            Open::Name => "name",
            Open::Email => "email",
            Open::Confirm(Danger::Deactivate) => "deactivate",
            Open::Confirm(Danger::RevokeInvitation) => "revoke-invitation",
            Open::Confirm(Danger::ResetMfa) => "reset-mfa",
            Open::Confirm(Danger::RemovePassword) => "remove-password",
            Open::Confirm(Danger::SignOutEverywhere) => "sign-out-everywhere",
        }
    }
}

/// A role the component can assign: its ID and description.
#[derive(Clone, Debug, PartialEq)]
struct Assignable {
    role_id: String,
    description: String,
}

/// The organization's members, for admins. Render it where the signed-in member manages their
/// organization; a member who may not search members sees `not_permitted` instead of the list.
/// Every change is announced politely (`aria-live`), failures as alerts, and focus returns to
/// the control that opened a form when it closes (Escape closes a form too).
///
/// ```no_run
/// use leptos::prelude::*;
/// use stytch_leptos::{MemberEvent, MemberManagement, MemberManagementOptions};
///
/// #[component]
/// fn TeamSettings() -> impl IntoView {
///     let options = MemberManagementOptions { invite_redirect_url: Some("https://app.example.com/invite".into()), ..Default::default() };
///     view! {
///         <MemberManagement
///             options=options
///             on_event=move |event: MemberEvent| leptos::logging::log!("{event:?}")
///         />
///     }
/// }
/// ```
#[component]
pub fn MemberManagement(
    /// Options.
    #[prop(optional)]
    options: MemberManagementOptions,
    /// Visible texts.
    #[prop(optional)]
    strings: Option<MemberManagementStrings>,
    /// Called after each change.
    #[prop(optional, into)]
    on_event: Option<Callback<MemberEvent>>,
    /// Called with every error.
    #[prop(optional, into)]
    on_error: Option<Callback<StytchError>>,
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
    let text = move |pick: fn(&MemberManagementStrings) -> &String| strings.with_value(|s| pick(s).clone());
    let with_email =
        move |pick: fn(&MemberManagementStrings) -> &String, email: &str| text(pick).replace("{email}", email);
    let redirect = StoredValue::new(options.invite_redirect_url.clone());
    let email_redirect = StoredValue::new(options.email_update_redirect_url.clone());

    let may = move |action: &'static str| Memo::new(move |_| member_may(&context, "stytch.member", action));
    // The list waits for Stytch's word before saying "not permitted" (a cached session or
    // policy may be out of date, and a server render knows neither).
    let search_allowed = crate::guards::authorized_condition("stytch.member", "search");
    let (may_create, may_roles, may_delete) = (may("create"), may("update.settings.roles"), may("delete"));
    let may_reactivate = may("*");
    let may_name = may("update.info.name");
    let may_email = may("update.info.email");
    let (may_delete_totp, may_delete_phone, may_delete_password) = (
        may("update.info.delete.mfa-totp"),
        may("update.info.delete.mfa-phone"),
        may("update.info.delete.password"),
    );
    let may_revoke_sessions = may("revoke-sessions");
    let may_require_mfa = may("update.settings.mfa-enrolled");
    let me = Memo::new(move |_| context.member.with(|m| m.as_ref().map(|m| m.member_id.clone())));
    let assignable = Memo::new(move |_| {
        let (policy, _) = effective_policy(&context);
        policy
            .roles
            .into_iter()
            .filter(|role| role.role_id != "stytch_member")
            .map(|role| Assignable {
                role_id: role.role_id,
                description: role.description,
            })
            .collect::<Vec<_>>()
    });

    let typed = RwSignal::new(String::new());
    let deactivated_too = RwSignal::new(false);
    let query = Signal::derive(move || {
        let typed = typed.get();
        let typed = typed.trim();
        let mut operands = Vec::new();
        if typed.chars().count() >= 3 {
            operands.push(SearchOperand::member_email_fuzzy(typed));
        }
        if deactivated_too.get() {
            operands.push(SearchOperand::statuses(&[
                MemberStatus::Active,
                MemberStatus::Invited,
                MemberStatus::Pending,
                MemberStatus::Deleted,
            ]));
        }
        (!operands.is_empty()).then(|| SearchQuery::all_of(operands))
    });
    let search = use_member_search_with_options(
        query,
        UseMemberSearchOptions {
            limit: Some(options.page_size),
        },
    );

    let announcement = RwSignal::new(String::new());
    let failure = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    // The one form open in the list: whose and which.
    let open = RwSignal::new(None::<(String, Open)>);
    let uid = StoredValue::new(format!("stytch-members-{}", crate::components::next_id()));
    let id = move |suffix: &str| uid.with_value(|u| format!("{u}-{suffix}"));

    let emit = move |event: MemberEvent| {
        if let Some(callback) = on_event {
            let _ = callback.try_run(event);
        }
    };
    let failed = move |error: StytchError| {
        failure.try_set(Some(text(|s| &s.action_failed).replace("{reason}", &error.to_string())));
        busy.try_set(false);
        if let Some(callback) = on_error {
            let _ = callback.try_run(error);
        }
    };
    let done = move |message: String, event: MemberEvent| {
        failure.try_set(None);
        announcement.try_set(message);
        busy.try_set(false);
        search.refetch.run(());
        emit(event);
    };
    // Focus goes back to the button a closed form was opened from: at once when nothing
    // changed, or once the list shows the change (its rows are rendered anew).
    let focus_by_id = |element_id: &str| {
        if let Some(element) = document().get_element_by_id(element_id)
            && let Ok(element) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(element)
        {
            let _ = element.focus();
        }
    };
    let refocus = move |button_id: String| request_animation_frame(move || focus_by_id(&button_id));
    let focus_after_refresh = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        search.members.track();
        if let Some(button_id) = focus_after_refresh.get_untracked() {
            request_animation_frame(move || {
                if document().get_element_by_id(&button_id).is_some() {
                    focus_by_id(&button_id);
                    focus_after_refresh.try_set(None);
                }
            });
        }
    });

    // The invitation form.
    let invite_email = RwSignal::new(String::new());
    let invite_name = RwSignal::new(String::new());
    let invite_roles = RwSignal::new(Vec::<String>::new());
    // One invitation call for the form and for a resend (which names no name or roles, so
    // the member keeps theirs); `resent` picks the announcement and the event.
    let send_invitation = move |email: String, name: Option<String>, roles: Option<Vec<String>>, resent: bool| {
        let Some(organization_id) = context
            .organization
            .with_untracked(|o| o.as_ref().map(|o| o.organization_id.clone()))
        else {
            return;
        };
        busy.set(true);
        let request = InviteRequest {
            organization_id,
            email_address: email.clone(),
            invite_redirect_url: redirect.get_value(),
            invited_by_member_id: me.get_untracked(),
            name,
            roles,
            ..Default::default()
        };
        stytch.spawn(move |client| async move {
            match client.magic_links().invite(&request).await {
                Ok(answer) if resent => done(
                    with_email(|s| &s.invitation_resent, &email),
                    MemberEvent::InvitationResent {
                        member_id: answer.member.member_id,
                    },
                ),
                Ok(answer) => {
                    invite_email.try_set(String::new());
                    invite_name.try_set(String::new());
                    invite_roles.try_set(Vec::new());
                    done(
                        with_email(|s| &s.invited, &email),
                        MemberEvent::Invited {
                            member_id: answer.member.member_id,
                        },
                    );
                }
                Err(error) => failed(error),
            }
        });
    };
    let invite = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let email = invite_email.get_untracked().trim().to_owned();
        if email.is_empty() || busy.get_untracked() {
            return;
        }
        let name = invite_name.get_untracked().trim().to_owned();
        let roles = invite_roles.get_untracked();
        send_invitation(
            email,
            (!name.is_empty()).then_some(name),
            (!roles.is_empty()).then_some(roles),
            false,
        );
    };
    let resend = move |member: Member| send_invitation(member.email_address, None, None, true);
    // A change Stytch accepted: the form closes, the change is announced and reported, and
    // focus goes to `focus_id` once the list shows it.
    let finish = move |message: String, event: MemberEvent, focus_id: String| {
        open.try_set(None);
        focus_after_refresh.try_set(Some(focus_id));
        done(message, event);
    };
    // A member update from an editor: `said` is announced, `event` reported, focus back on
    // `button_id`.
    let save =
        move |member: Member, request: MemberUpdateRequest, said: Pick, event: MemberEvent, button_id: String| {
            busy.set(true);
            stytch.spawn(move |client| async move {
                match client.organization().update_member(&member.member_id, &request).await {
                    Ok(_) => finish(with_email(said, &member.email_address), event, button_id),
                    Err(error) => failed(error),
                }
            });
        };
    let save_roles = move |member: Member, roles: Vec<String>, button_id: String| {
        let request = MemberUpdateRequest {
            roles: Some(roles.clone()),
            ..Default::default()
        };
        let event = MemberEvent::RolesChanged {
            member_id: member.member_id.clone(),
            roles,
        };
        save(member, request, |s| &s.roles_saved, event, button_id);
    };
    // Requiring MFA of a member, or no longer: no confirmation (nothing is lost), focus back
    // on the button, whose text then says the opposite.
    let set_mfa_required = move |member: Member, required: bool, button_id: String| {
        let request = MemberUpdateRequest {
            mfa_enrolled: Some(required),
            ..Default::default()
        };
        let event = MemberEvent::MfaRequirementChanged {
            member_id: member.member_id.clone(),
            required,
        };
        let said: Pick = if required {
            |s| &s.mfa_required
        } else {
            |s| &s.mfa_not_required
        };
        save(member, request, said, event, button_id);
    };
    let save_name = move |member: Member, name: String, button_id: String| {
        let request = MemberUpdateRequest {
            name: Some(name.clone()),
            ..Default::default()
        };
        let event = MemberEvent::NameChanged {
            member_id: member.member_id.clone(),
            name,
        };
        save(member, request, |s| &s.name_saved, event, button_id);
    };
    let start_email_update = move |member: Member, new_email: String, button_id: String| {
        busy.set(true);
        let request = StartEmailUpdateRequest {
            email_address: new_email.clone(),
            login_redirect_url: email_redirect.get_value(),
            ..Default::default()
        };
        stytch.spawn(move |client| async move {
            match client
                .organization()
                .start_member_email_update(&member.member_id, &request)
                .await
            {
                Ok(_) => finish(
                    with_email(|s| &s.email_update_sent, &member.email_address).replace("{new}", &new_email),
                    MemberEvent::EmailUpdateStarted {
                        member_id: member.member_id,
                        email_address: new_email,
                    },
                    button_id,
                ),
                Err(error) => failed(error),
            }
        });
    };
    // The confirmed changes. Focus then goes to `focus_id`: the button that asked, or the
    // search field when the change takes that button away (a deactivated member is hidden,
    // a reset member has no MFA left).
    let confirmed = move |member: Member, what: Danger, focus_id: String| {
        busy.set(true);
        let (may_totp, may_phone) = (may_delete_totp.get_untracked(), may_delete_phone.get_untracked());
        stytch.spawn(move |client| async move {
            let organization = client.organization();
            let member_id = member.member_id.clone();
            let answer = match what {
                Danger::Deactivate => organization.delete_member(&member_id).await.map(|_| {
                    (
                        with_email(|s| &s.deactivated, &member.email_address),
                        MemberEvent::Deactivated { member_id },
                    )
                }),
                // Stytch revokes an invitation by deleting the invited member.
                Danger::RevokeInvitation => organization.delete_member(&member_id).await.map(|_| {
                    (
                        with_email(|s| &s.invitation_revoked, &member.email_address),
                        MemberEvent::InvitationRevoked { member_id },
                    )
                }),
                Danger::SignOutEverywhere => client.session().revoke_for_member(&member_id).await.map(|_| {
                    (
                        with_email(|s| &s.signed_out_everywhere, &member.email_address),
                        MemberEvent::SignedOutEverywhere { member_id },
                    )
                }),
                Danger::ResetMfa => {
                    // The authenticator app first: a member left with only a phone can still
                    // pass MFA, one left with only an app too; either way the reset is retried.
                    let mut result = Ok(());
                    if may_totp && !member.totp_registration_id.is_empty() {
                        result = organization.delete_member_mfa_totp(&member_id).await.map(drop);
                    }
                    if result.is_ok() && may_phone && !member.mfa_phone_number.is_empty() {
                        result = organization.delete_member_mfa_phone_number(&member_id).await.map(drop);
                    }
                    result.map(|()| {
                        (
                            with_email(|s| &s.mfa_reset, &member.email_address),
                            MemberEvent::MfaReset { member_id },
                        )
                    })
                }
                Danger::RemovePassword => organization
                    .delete_member_password(&member.member_password_id)
                    .await
                    .map(|_| {
                        (
                            with_email(|s| &s.password_removed, &member.email_address),
                            MemberEvent::PasswordRemoved { member_id },
                        )
                    }),
            };
            match answer {
                Ok((message, event)) => finish(message, event, focus_id),
                Err(error) => {
                    // The list shows what did change (an app removed before a phone refused).
                    search.refetch.run(());
                    failed(error);
                }
            }
        });
    };
    let reactivate = move |member: Member| {
        busy.set(true);
        stytch.spawn(move |client| async move {
            match client.organization().reactivate_member(&member.member_id).await {
                // The row's button changes: focus goes to the search field.
                Ok(_) => finish(
                    with_email(|s| &s.reactivated, &member.email_address),
                    MemberEvent::Reactivated {
                        member_id: member.member_id,
                    },
                    id("search"),
                ),
                Err(error) => failed(error),
            }
        });
    };
    let status_text = move |status: &MemberStatus| match status {
        MemberStatus::Active => text(|s| &s.status_active),
        MemberStatus::Invited => text(|s| &s.status_invited),
        MemberStatus::Pending => text(|s| &s.status_pending),
        MemberStatus::Deleted => text(|s| &s.status_deleted),
        other => other.as_str().to_owned(),
    };
    let summary = move || {
        if search.error.with(Option::is_some) {
            return text(|s| &s.load_failed);
        }
        match search.total.get() {
            None => text(|s| &s.loading),
            Some(0) => text(|s| &s.empty),
            Some(1) => text(|s| &s.count_one),
            Some(n) => text(|s| &s.count_many).replace("{count}", &n.to_string()),
        }
    };

    // One checkbox per assignable role, bound to `chosen`.
    let role_boxes = move |prefix: String, chosen: RwSignal<Vec<String>>| {
        assignable
            .get()
            .into_iter()
            .map(|role| {
                let box_id = format!("{prefix}-{}", role.role_id);
                let role_id = role.role_id.clone();
                let checked = {
                    let role_id = role_id.clone();
                    move || chosen.with(|c| c.contains(&role_id))
                };
                let toggle = move |ev: leptos::ev::Event| {
                    let on = event_target_checked(&ev);
                    let role_id = role_id.clone();
                    chosen.update(|c| {
                        c.retain(|r| *r != role_id);
                        if on {
                            c.push(role_id);
                        }
                    });
                };
                view! {
                    <div class="stytch-members__role">
                        <input type="checkbox" id=box_id.clone() prop:checked=checked on:change=toggle/>
                        <label for=box_id>{role.role_id.clone()}</label>
                        {(!role.description.is_empty())
                            .then(|| view! { <span class="stytch-members__role-description">{role.description}</span> })}
                    </div>
                }
            })
            .collect_view()
    };

    let row = move |member: Member| {
        let member_id = member.member_id.clone();
        let email = member.email_address.clone();
        let deleted = member.status == MemberStatus::Deleted;
        let invited = member.status == MemberStatus::Invited;
        let mine = me.get_untracked().as_deref() == Some(member_id.as_str());
        let roles = member
            .roles
            .iter()
            .map(|r| r.role_id.clone())
            .filter(|r| r != "stytch_member")
            .collect::<Vec<_>>()
            .join(", ");
        let direct: Vec<String> = member
            .roles
            .iter()
            .filter(|r| r.sources.iter().any(|s| s.source_type == "direct_assignment"))
            .map(|r| r.role_id.clone())
            .filter(|r| r != "stytch_member")
            .collect();
        let (has_password, has_totp, has_phone) = (
            !member.member_password_id.is_empty(),
            !member.totp_registration_id.is_empty(),
            !member.mfa_phone_number.is_empty(),
        );
        let methods = [
            (has_password, text(|s| &s.method_password)),
            (has_totp, text(|s| &s.method_totp)),
            (has_phone, text(|s| &s.method_sms)),
            (member.mfa_enrolled, text(|s| &s.method_mfa_required)),
        ]
        .into_iter()
        .filter_map(|(has, method)| has.then_some(method))
        .collect::<Vec<_>>()
        .join(" · ");
        let chosen = RwSignal::new(direct.clone());
        let name_draft = RwSignal::new(member.name.clone());
        let email_draft = RwSignal::new(String::new());
        let stored = StoredValue::new(member.clone());
        let button_id = move |which: &str| id(&format!("{which}-{}", stored.with_value(|m| m.member_id.clone())));
        let opened = {
            let member_id = member_id.clone();
            Memo::new(move |_| open.with(|o| o.as_ref().filter(|(m, _)| *m == member_id).map(|(_, which)| *which)))
        };
        // A button opening one of the row's forms; focus moves into the form.
        let opener = move |which: Open, label: String, shown: Signal<bool>| {
            let own_id = button_id(which.button());
            let focus_id = match which {
                // The first role's checkbox (the save button when the policy offers none).
                Open::Roles => assignable.with_untracked(|roles| match roles.first() {
                    Some(role) => format!("{}-{}", button_id("role"), role.role_id),
                    None => button_id("save-roles"),
                }),
                Open::Name => button_id("name-field"),
                Open::Email => button_id("email-field"),
                Open::Confirm(_) => button_id("confirm"),
            };
            let direct = direct.clone();
            let start = move |_| {
                chosen.set(direct.clone());
                name_draft.set(stored.with_value(|m| m.name.clone()));
                email_draft.set(String::new());
                failure.set(None);
                open.set(Some((stored.with_value(|m| m.member_id.clone()), which)));
                refocus(focus_id.clone());
            };
            view! {
                <Show when=move || shown.get()>
                    <button
                        type="button"
                        id=own_id.clone()
                        aria-expanded=move || (opened.get() == Some(which)).to_string()
                        aria-controls=button_id("panel")
                        disabled=move || busy.get()
                        on:click=start.clone()
                    >
                        {label.clone()}
                    </button>
                </Show>
            }
        };
        // Closing a form without a change: focus back on the button that opened it.
        let close = move |which: Open| {
            open.set(None);
            refocus(button_id(which.button()));
        };
        let form = move || {
            let which = opened.get()?;
            let cancel = view! { <button type="button" on:click=move |_| close(which)>{text(|s| &s.cancel)}</button> };
            // Escape anywhere in the form cancels it, as the Cancel button does.
            let escape = move |ev: leptos::ev::KeyboardEvent| {
                if ev.key() == "Escape" {
                    ev.prevent_default();
                    close(which);
                }
            };
            let email = stored.with_value(|m| m.email_address.clone());
            Some(match which {
                Open::Roles => {
                    let submit = move |ev: leptos::ev::SubmitEvent| {
                        ev.prevent_default();
                        if !busy.get_untracked() {
                            save_roles(
                                stored.get_value(),
                                chosen.get_untracked(),
                                button_id(Open::Roles.button()),
                            );
                        }
                    };
                    view! {
                        <form class="stytch-members__roles-form" id=button_id("panel") on:submit=submit on:keydown=escape>
                            <fieldset>
                                <legend>{text(|s| &s.roles_legend)}</legend>
                                {role_boxes(button_id("role"), chosen)}
                            </fieldset>
                            <button type="submit" id=button_id("save-roles") disabled=move || busy.get()>
                                {text(|s| &s.save_roles)}
                            </button>
                            {cancel}
                        </form>
                    }
                    .into_any()
                }
                Open::Name => {
                    let submit = move |ev: leptos::ev::SubmitEvent| {
                        ev.prevent_default();
                        if !busy.get_untracked() {
                            save_name(
                                stored.get_value(),
                                name_draft.get_untracked().trim().to_owned(),
                                button_id(Open::Name.button()),
                            );
                        }
                    };
                    view! {
                        <form class="stytch-members__name-form" id=button_id("panel") on:submit=submit on:keydown=escape>
                            <label for=button_id("name-field")>{text(|s| &s.name_label)}</label>
                            <input id=button_id("name-field") type="text" autocomplete="off" bind:value=name_draft/>
                            <button type="submit" disabled=move || busy.get()>{text(|s| &s.save_name)}</button>
                            {cancel}
                        </form>
                    }
                    .into_any()
                }
                Open::Email => {
                    let submit = move |ev: leptos::ev::SubmitEvent| {
                        ev.prevent_default();
                        let new_email = email_draft.get_untracked().trim().to_owned();
                        if !busy.get_untracked() && !new_email.is_empty() {
                            start_email_update(stored.get_value(), new_email, button_id(Open::Email.button()));
                        }
                    };
                    view! {
                        <form class="stytch-members__email-form" id=button_id("panel") on:submit=submit on:keydown=escape>
                            <label for=button_id("email-field")>{text(|s| &s.email_label)}</label>
                            <input id=button_id("email-field") type="email" required autocomplete="off" bind:value=email_draft/>
                            <button type="submit" disabled=move || busy.get()>{text(|s| &s.send_email_update)}</button>
                            {cancel}
                        </form>
                    }
                    .into_any()
                }
                Open::Confirm(danger) => {
                    let (_, ask, yes) = danger.texts();
                    let (question, confirm) = (with_email(ask, &email), text(yes));
                    let label = question.clone();
                    view! {
                        <div class="stytch-members__confirm" id=button_id("panel") role="group" aria-label=label on:keydown=escape>
                            <span>{question}</span>
                            <button
                                type="button"
                                id=button_id("confirm")
                                class="stytch-members__danger"
                                disabled=move || busy.get()
                                on:click=move |_| {
                                    // Only signing out everywhere leaves its button in place.
                                    let focus_id = match danger {
                                        Danger::SignOutEverywhere => button_id(which.button()),
                                        _ => id("search"),
                                    };
                                    confirmed(stored.get_value(), danger, focus_id)
                                }
                            >
                                {confirm}
                            </button>
                            {cancel}
                        </div>
                    }
                    .into_any()
                }
            })
        };
        let shown = |condition: bool, may: Memo<bool>| Signal::derive(move || condition && may.get());
        // The button opening a confirmation.
        let asker = |danger: Danger, shown: Signal<bool>| {
            opener(Open::Confirm(danger), with_email(danger.texts().0, &email), shown)
        };
        let may_reset_mfa =
            Memo::new(move |_| (has_totp && may_delete_totp.get()) || (has_phone && may_delete_phone.get()));
        view! {
            <tr class="stytch-members__row" data-member-id=member_id.clone()>
                <td>
                    <span class="stytch-members__email">{email.clone()}</span>
                    {mine.then(|| view! { " " <span class="stytch-members__you">{text(|s| &s.you)}</span> })}
                    {(!member.name.is_empty()).then(|| view! { <span class="stytch-members__name">{member.name.clone()}</span> })}
                    {(!methods.is_empty()).then(|| view! { <span class="stytch-members__methods">{methods}</span> })}
                </td>
                <td>{status_text(&member.status)}</td>
                <td>{roles}</td>
                <td class="stytch-members__actions">
                    {opener(Open::Name, with_email(|s| &s.edit_name, &email), shown(!deleted, may_name))}
                    {opener(Open::Email, with_email(|s| &s.edit_email, &email), shown(!deleted && !invited, may_email))}
                    {opener(Open::Roles, with_email(|s| &s.edit_roles, &email), shown(!deleted, may_roles))}
                    <Show when=move || !deleted && !invited && may_require_mfa.get()>
                        {
                            let required = stored.with_value(|m| m.mfa_enrolled);
                            let pick: Pick = if required { |s| &s.stop_requiring_mfa } else { |s| &s.require_mfa };
                            let own_id = button_id("mfa-required");
                            view! {
                                <button
                                    type="button"
                                    id=own_id.clone()
                                    disabled=move || busy.get()
                                    on:click=move |_| set_mfa_required(stored.get_value(), !required, own_id.clone())
                                >
                                    {with_email(pick, &stored.with_value(|m| m.email_address.clone()))}
                                </button>
                            }
                        }
                    </Show>
                    {asker(Danger::ResetMfa, shown(!deleted, may_reset_mfa))}
                    {asker(Danger::RemovePassword, shown(!deleted && has_password, may_delete_password))}
                    // Signing oneself out everywhere is the app's logout; an invited member has
                    // no session yet.
                    {asker(Danger::SignOutEverywhere, shown(!deleted && !invited && !mine, may_revoke_sessions))}
                    <Show when=move || may_create.get() && invited>
                        <button type="button" disabled=move || busy.get() on:click=move |_| resend(stored.get_value())>
                            {with_email(|s| &s.resend_invitation, &stored.with_value(|m| m.email_address.clone()))}
                        </button>
                    </Show>
                    {asker(Danger::RevokeInvitation, shown(invited, may_delete))}
                    {asker(Danger::Deactivate, shown(!deleted && !invited && !mine, may_delete))}
                    <Show when=move || may_reactivate.get() && deleted>
                        <button type="button" disabled=move || busy.get() on:click=move |_| reactivate(stored.get_value())>
                            {with_email(|s| &s.reactivate, &stored.with_value(|m| m.email_address.clone()))}
                        </button>
                    </Show>
                    {form}
                </td>
            </tr>
        }
    };

    let classes = move || match class.get() {
        Some(extra) => format!("stytch-members {extra}"),
        None => "stytch-members".to_owned(),
    };
    let search_id = id("search");
    let hint_id = id("search-hint");
    let heading_id = id("heading");
    view! {
        {mount_style("members", include_str!("member_management.css"))}
        <section class=classes style=move || theme.get().map(|t| t.to_css()).unwrap_or_default() aria-labelledby=heading_id.clone()>
            <h2 id=heading_id.clone() class="stytch-members__heading">{text(|s| &s.heading)}</h2>
            <p class="stytch-members__announcement" role="status" aria-live="polite">{move || announcement.get()}</p>
            {move || failure.get().map(|message| view! { <p class="stytch-members__error" role="alert">{message}</p> })}
            <Show when=move || may_create.get()>
                <form class="stytch-members__invite" on:submit=invite>
                    <h3>{text(|s| &s.invite_heading)}</h3>
                    <label for=id("invite-email")>{text(|s| &s.invite_email)}</label>
                    <input id=id("invite-email") type="email" required autocomplete="off" bind:value=invite_email/>
                    <label for=id("invite-name")>{text(|s| &s.invite_name)}</label>
                    <input id=id("invite-name") type="text" autocomplete="off" bind:value=invite_name/>
                    <Show when=move || assignable.with(|a| !a.is_empty())>
                        <fieldset>
                            <legend>{text(|s| &s.roles_legend)}</legend>
                            {move || role_boxes(id("invite-role"), invite_roles)}
                        </fieldset>
                    </Show>
                    <button type="submit" disabled=move || busy.get()>{text(|s| &s.invite_submit)}</button>
                </form>
            </Show>
            <Show
                when=move || search_allowed() == Some(true)
                fallback=move || {
                    let shown = if search_allowed().is_none() { text(|s| &s.loading) } else { text(|s| &s.not_permitted) };
                    view! { <p class="stytch-members__status">{shown}</p> }
                }
            >
                <div class="stytch-members__filters">
                    <label for=search_id.clone()>{text(|s| &s.search_label)}</label>
                    <input
                        id=search_id.clone()
                        type="search"
                        autocomplete="off"
                        aria-describedby=hint_id.clone()
                        bind:value=typed
                    />
                    <span id=hint_id.clone() class="stytch-members__hint">{text(|s| &s.search_hint)}</span>
                    <label class="stytch-members__toggle">
                        <input type="checkbox" bind:checked=deactivated_too/>
                        {text(|s| &s.show_deactivated)}
                    </label>
                </div>
                <p class="stytch-members__status" aria-live="polite">{summary}</p>
                <table class="stytch-members__table">
                    <thead>
                        <tr>
                            <th scope="col">{text(|s| &s.column_member)}</th>
                            <th scope="col">{text(|s| &s.column_status)}</th>
                            <th scope="col">{text(|s| &s.column_roles)}</th>
                            <th scope="col">{text(|s| &s.column_actions)}</th>
                        </tr>
                    </thead>
                    <tbody>
                        <For each=move || search.members.get() key=row_key children=row/>
                    </tbody>
                </table>
                <Show when=move || search.has_more.get()>
                    <button type="button" disabled=move || search.loading.get() on:click=move |_| search.load_more.run(())>
                        {text(|s| &s.load_more)}
                    </button>
                </Show>
            </Show>
        </section>
    }
}
