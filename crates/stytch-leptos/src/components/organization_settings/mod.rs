//! `<OrganizationSettings>`: the signed-in member's organization, for its admins: its name,
//! slug and logo; the email domains whose people may join it or be invited; the sign-in
//! methods it allows; its MFA policy and methods; its default SSO connection and who may join
//! through SSO; who may join from a Slack, HubSpot or GitHub workspace; and the roles its
//! members hold by their email domain. Each setting is editable only by a member whose roles allow its action on
//! `stytch.organization` (`update.info.name`, `update.info.slug`, `update.info.logo-url`,
//! `update.settings.allowed-domains`, `update.settings.email-jit-provisioning`,
//! `update.settings.email-invites`, `update.settings.allowed-auth-methods`,
//! `update.settings.mfa-policy`, `update.settings.allowed-mfa-methods`,
//! `update.settings.default-sso-connection`, `update.settings.sso-jit-provisioning`,
//! `update.settings.oauth-tenant-jit-provisioning`, `update.settings.allowed-oauth-tenants`,
//! `update.settings.implicit-roles`, as the official prebuilt UI names them), and shown
//! read-only to everyone else; Stytch checks each save too. The official SDK offers this only
//! in its React Admin Portal (`AdminPortalOrgSettings`); here it is one component, themed like
//! the others.
//!
//! Behind the `organization-settings` feature, so an app without it pays nothing.

use leptos::prelude::*;
use stytch_core::StytchError;
use stytch_models::api::organizations::OrganizationUpdateRequest;
use stytch_models::{
    ActiveSsoConnection, AuthMethod, EmailImplicitRoleAssignment, MfaMethod, MfaPolicy, Organization, Restriction,
};

use crate::components::login::Theme;
use crate::hooks::{effective_policy, member_may};
use crate::provider::{Stytch, StytchContext};
use crate::style::mount_style;

/// Every visible text of [`OrganizationSettings`], and the sign-in methods it offers.
///
/// ```
/// use stytch_leptos::OrganizationSettingsStrings;
/// use stytch_leptos::models::AuthMethod;
/// // An app without OAuth offers only its own methods to restrict to.
/// let strings = OrganizationSettingsStrings {
///     auth_methods: OrganizationSettingsStrings::default()
///         .auth_methods
///         .into_iter()
///         .filter(|(method, _)| !method.as_str().ends_with("_oauth"))
///         .collect(),
///     ..Default::default()
/// };
/// assert_eq!(strings.auth_methods.len(), 4);
/// assert_eq!(strings.save, "Save");
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct OrganizationSettingsStrings {
    /// Heading of the component.
    pub heading: String,
    /// Shown until the organization is known.
    pub loading: String,
    /// Shown to a member whose roles allow no change.
    pub read_only: String,
    /// Heading of the name and slug.
    pub profile_heading: String,
    /// The name field.
    pub name: String,
    /// The slug field.
    pub slug: String,
    /// The logo URL field.
    pub logo: String,
    /// Heading of the email domains, joining and invitations.
    pub domains_heading: String,
    /// The allowed domains field (one per line).
    pub domains: String,
    /// Under the allowed domains field.
    pub domains_hint: String,
    /// The "people at these domains may join" checkbox (email JIT provisioning).
    pub join_by_domain: String,
    /// Legend of the invitation choice.
    pub invites: String,
    /// Invitations: any address.
    pub invites_all: String,
    /// Invitations: addresses at the allowed domains only.
    pub invites_restricted: String,
    /// Invitations: none.
    pub invites_none: String,
    /// Heading of the sign-in methods.
    pub auth_heading: String,
    /// Legend of the sign-in methods choice.
    pub auth_methods_legend: String,
    /// Sign-in methods: every method the project offers.
    pub auth_all: String,
    /// Sign-in methods: only those checked.
    pub auth_restricted: String,
    /// The sign-in methods offered to restrict to, with their labels, in order.
    pub auth_methods: Vec<(AuthMethod, String)>,
    /// Heading of the MFA settings.
    pub mfa_heading: String,
    /// Legend of the MFA policy choice.
    pub mfa_policy: String,
    /// MFA policy: each member chooses.
    pub mfa_optional: String,
    /// MFA policy: every member.
    pub mfa_required: String,
    /// Legend of the MFA methods choice.
    pub mfa_methods_legend: String,
    /// MFA methods: any.
    pub mfa_all: String,
    /// MFA methods: only those checked.
    pub mfa_restricted: String,
    /// MFA method: a texted code.
    pub mfa_sms: String,
    /// MFA method: an authenticator app.
    pub mfa_totp: String,
    /// Heading of the SSO settings (shown when the organization has an active connection).
    pub sso_heading: String,
    /// The default connection field.
    pub sso_default: String,
    /// The default connection's choice while none is set.
    pub sso_no_default: String,
    /// Legend of who may join through SSO.
    pub sso_jit: String,
    /// SSO joining: anyone an active connection signs in.
    pub sso_jit_all: String,
    /// SSO joining: only through the connections checked.
    pub sso_jit_restricted: String,
    /// SSO joining: nobody (members are invited or provisioned first).
    pub sso_jit_none: String,
    /// Heading of joining from an OAuth provider's workspace.
    pub tenants_heading: String,
    /// The "people from these workspaces may join" checkbox.
    pub tenants_join: String,
    /// The Slack workspace IDs field.
    pub tenants_slack: String,
    /// The HubSpot account IDs field.
    pub tenants_hubspot: String,
    /// The GitHub organization IDs field.
    pub tenants_github: String,
    /// Under each workspace field.
    pub tenants_hint: String,
    /// Heading of the roles given by email domain.
    pub roles_heading: String,
    /// Shown when no role is given by email domain.
    pub roles_empty: String,
    /// One role given by a domain: `{domain}` and `{role}`.
    pub role_assignment: String,
    /// The visible text of a role assignment's remove button.
    pub role_remove: String,
    /// The remove button's accessible name: `{domain}` and `{role}`.
    pub role_remove_label: String,
    /// The new assignment's domain field.
    pub role_domain: String,
    /// The new assignment's role field.
    pub role_role: String,
    /// The button adding the new assignment (saved with the section).
    pub role_add: String,
    /// A section's save button.
    pub save: String,
    /// Announced after a save: `{section}` is the section's heading.
    pub saved: String,
    /// Announced when a save changes nothing.
    pub unchanged: String,
    /// A refused save: `{reason}` is Stytch's.
    pub failed: String,
}

impl Default for OrganizationSettingsStrings {
    fn default() -> Self {
        let methods = [
            (AuthMethod::MagicLink, "Email link"),
            (AuthMethod::EmailOtp, "Email code"),
            (AuthMethod::Password, "Password"),
            (AuthMethod::Sso, "Single sign-on (SSO)"),
            (AuthMethod::GoogleOauth, "Google"),
            (AuthMethod::MicrosoftOauth, "Microsoft"),
            (AuthMethod::GithubOauth, "GitHub"),
            (AuthMethod::SlackOauth, "Slack"),
            (AuthMethod::HubspotOauth, "HubSpot"),
        ];
        Self {
            heading: "Organization settings".into(),
            loading: "Loading settings…".into(),
            read_only: "Your role does not let you change these settings.".into(),
            profile_heading: "Name".into(),
            name: "Organization name".into(),
            slug: "Slug (in your sign-in address)".into(),
            logo: "Logo URL".into(),
            domains_heading: "Email domains".into(),
            domains: "Allowed email domains".into(),
            domains_hint: "One per line, like example.com.".into(),
            join_by_domain: "People with an address at these domains may join without an invitation".into(),
            invites: "Who may be invited".into(),
            invites_all: "Any address".into(),
            invites_restricted: "Only addresses at the allowed domains".into(),
            invites_none: "Nobody: invitations are off".into(),
            auth_heading: "Sign-in methods".into(),
            auth_methods_legend: "Members may sign in with".into(),
            auth_all: "Every method".into(),
            auth_restricted: "Only these methods".into(),
            auth_methods: methods
                .into_iter()
                .map(|(method, label)| (method, label.to_owned()))
                .collect(),
            mfa_heading: "Multi-factor authentication".into(),
            mfa_policy: "A second step at sign-in is".into(),
            mfa_optional: "Optional: each member chooses".into(),
            mfa_required: "Required for every member".into(),
            mfa_methods_legend: "Second steps allowed".into(),
            mfa_all: "Every method".into(),
            mfa_restricted: "Only these methods".into(),
            mfa_sms: "Text message code".into(),
            mfa_totp: "Authenticator app".into(),
            sso_heading: "Single sign-on".into(),
            sso_default: "Default connection".into(),
            sso_no_default: "None yet".into(),
            sso_jit: "Who may join by signing in through SSO".into(),
            sso_jit_all: "Anyone a connection signs in".into(),
            sso_jit_restricted: "Only people from these connections".into(),
            sso_jit_none: "Nobody: members are invited or provisioned first".into(),
            tenants_heading: "Joining from a workspace".into(),
            tenants_join: "People from these workspaces may join when they sign in with them".into(),
            tenants_slack: "Slack workspace IDs".into(),
            tenants_hubspot: "HubSpot account IDs".into(),
            tenants_github: "GitHub organization IDs".into(),
            tenants_hint: "One per line.".into(),
            roles_heading: "Roles by email domain".into(),
            roles_empty: "No role is given by email domain.".into(),
            role_assignment: "Everyone at {domain} is {role}".into(),
            role_remove: "Remove".into(),
            role_remove_label: "Remove {role} for {domain}".into(),
            role_domain: "Email domain".into(),
            role_role: "Role".into(),
            role_add: "Add".into(),
            save: "Save".into(),
            saved: "{section}: saved.".into(),
            unchanged: "Nothing to save: no setting changed.".into(),
            failed: "That was not saved: {reason}".into(),
        }
    }
}

/// The settings as the forms edit them.
#[derive(Clone, Debug, Default, PartialEq)]
struct Draft {
    name: String,
    slug: String,
    logo: String,
    /// One domain per line.
    domains: String,
    join_by_domain: bool,
    invites: Restriction,
    auth_restricted: bool,
    auth_methods: Vec<AuthMethod>,
    mfa_required: bool,
    mfa_restricted: bool,
    mfa_methods: Vec<MfaMethod>,
    role_assignments: Vec<EmailImplicitRoleAssignment>,
    /// Empty while the organization has no default connection.
    sso_default: String,
    sso_jit: Restriction,
    sso_jit_connections: Vec<String>,
    /// The organization's active connections (shown, not edited).
    sso_connections: Vec<ActiveSsoConnection>,
    tenants_join: bool,
    /// The workspace IDs of each provider of [`TENANT_PROVIDERS`], one per line.
    tenants: [String; 3],
}

/// The OAuth providers whose workspaces (tenants) may admit people, as Stytch names them.
const TENANT_PROVIDERS: [&str; 3] = ["slack", "hubspot", "github"];

/// One text per line (or comma), trimmed, the empty ones left out.
fn lines(text: &str) -> Vec<String> {
    text.split(['\n', ','])
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .map(str::to_owned)
        .collect()
}

impl Draft {
    fn of(organization: &Organization) -> Self {
        Self {
            name: organization.organization_name.clone(),
            slug: organization.organization_slug.clone(),
            logo: organization.organization_logo_url.clone(),
            domains: organization.email_allowed_domains.join("\n"),
            join_by_domain: organization.email_jit_provisioning == Restriction::Restricted,
            invites: organization.email_invites.clone(),
            auth_restricted: organization.auth_methods == Restriction::Restricted,
            auth_methods: organization.allowed_auth_methods.clone(),
            mfa_required: organization.mfa_policy == MfaPolicy::RequiredForAll,
            mfa_restricted: organization.mfa_methods == Restriction::Restricted,
            mfa_methods: organization.allowed_mfa_methods.clone(),
            role_assignments: organization.rbac_email_implicit_role_assignments.clone(),
            sso_default: organization.sso_default_connection_id.clone().unwrap_or_default(),
            sso_jit: organization.sso_jit_provisioning.clone(),
            sso_jit_connections: organization.sso_jit_provisioning_allowed_connections.clone(),
            sso_connections: organization.sso_active_connections.clone(),
            tenants_join: organization.oauth_tenant_jit_provisioning == Restriction::Restricted,
            tenants: TENANT_PROVIDERS.map(|provider| {
                organization
                    .allowed_oauth_tenants
                    .get(provider)
                    .and_then(|ids| ids.as_array())
                    .map(|ids| ids.iter().filter_map(|id| id.as_str()).collect::<Vec<_>>().join("\n"))
                    .unwrap_or_default()
            }),
        }
    }

    /// The domains typed: [`lines`], spaces separating too, lower case.
    fn domain_list(&self) -> Vec<String> {
        lines(&self.domains)
            .iter()
            .flat_map(|line| line.split_whitespace())
            .map(str::to_ascii_lowercase)
            .collect()
    }

    /// Takes `section`'s settings from `saved` (Stytch's answer), leaving the others as typed:
    /// the same settings [`changes`] sends for that section.
    fn adopt(&mut self, section: Section, saved: &Draft) {
        match section {
            Section::Profile => {
                self.name = saved.name.clone();
                self.slug = saved.slug.clone();
                self.logo = saved.logo.clone();
            }
            Section::Domains => {
                self.domains = saved.domains.clone();
                self.join_by_domain = saved.join_by_domain;
                self.invites = saved.invites.clone();
            }
            Section::Auth => {
                self.auth_restricted = saved.auth_restricted;
                self.auth_methods = saved.auth_methods.clone();
            }
            Section::Mfa => {
                self.mfa_required = saved.mfa_required;
                self.mfa_restricted = saved.mfa_restricted;
                self.mfa_methods = saved.mfa_methods.clone();
            }
            Section::Sso => {
                self.sso_default = saved.sso_default.clone();
                self.sso_jit = saved.sso_jit.clone();
                self.sso_jit_connections = saved.sso_jit_connections.clone();
            }
            Section::Tenants => {
                self.tenants_join = saved.tenants_join;
                self.tenants = saved.tenants.clone();
            }
            Section::Roles => self.role_assignments = saved.role_assignments.clone(),
        }
    }
}

/// A section of the component: which settings it saves.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Section {
    Profile,
    Domains,
    Auth,
    Mfa,
    Sso,
    Tenants,
    Roles,
}

/// Every section, in the order shown.
const SECTIONS: [Section; 7] = [
    Section::Profile,
    Section::Domains,
    Section::Auth,
    Section::Mfa,
    Section::Sso,
    Section::Tenants,
    Section::Roles,
];

impl Section {
    fn key(self) -> &'static str {
        match self {
            Section::Profile => "profile",
            Section::Domains => "domains",
            Section::Auth => "auth",
            Section::Mfa => "mfa",
            Section::Sso => "sso",
            Section::Tenants => "tenants",
            Section::Roles => "roles",
        }
    }

    fn heading(self, strings: &OrganizationSettingsStrings) -> &String {
        match self {
            Section::Profile => &strings.profile_heading,
            Section::Domains => &strings.domains_heading,
            Section::Auth => &strings.auth_heading,
            Section::Mfa => &strings.mfa_heading,
            Section::Sso => &strings.sso_heading,
            Section::Tenants => &strings.tenants_heading,
            Section::Roles => &strings.roles_heading,
        }
    }
}

/// What the member may change: one flag per setting.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Rights {
    name: bool,
    slug: bool,
    logo: bool,
    domains: bool,
    join: bool,
    invites: bool,
    mfa_policy: bool,
    auth_methods: bool,
    mfa_methods: bool,
    sso_default: bool,
    sso_jit: bool,
    tenants_join: bool,
    tenants: bool,
    implicit_roles: bool,
}

impl Rights {
    fn any_in(self, section: Section) -> bool {
        match section {
            Section::Profile => self.name || self.slug || self.logo,
            Section::Domains => self.domains || self.join || self.invites,
            Section::Auth => self.auth_methods,
            Section::Mfa => self.mfa_policy || self.mfa_methods,
            Section::Sso => self.sso_default || self.sso_jit,
            Section::Tenants => self.tenants_join || self.tenants,
            Section::Roles => self.implicit_roles,
        }
    }
}

/// The update that saves `section`: each setting the member may change and changed, and
/// nothing else (so a save needs no action beyond the ones it uses).
fn changes(section: Section, draft: &Draft, saved: &Draft, rights: Rights) -> OrganizationUpdateRequest {
    let mut request = OrganizationUpdateRequest::default();
    let changed = |right: bool, differs: bool| right && differs;
    match section {
        Section::Profile => {
            if changed(rights.name, draft.name.trim() != saved.name) {
                request.organization_name = Some(draft.name.trim().to_owned());
            }
            if changed(rights.slug, draft.slug.trim() != saved.slug) {
                request.organization_slug = Some(draft.slug.trim().to_owned());
            }
            if changed(rights.logo, draft.logo.trim() != saved.logo) {
                request.organization_logo_url = Some(draft.logo.trim().to_owned());
            }
        }
        Section::Domains => {
            if changed(rights.domains, draft.domain_list() != saved.domain_list()) {
                request.email_allowed_domains = Some(draft.domain_list());
            }
            if changed(rights.join, draft.join_by_domain != saved.join_by_domain) {
                request.email_jit_provisioning = Some(if draft.join_by_domain {
                    Restriction::Restricted
                } else {
                    Restriction::NotAllowed
                });
            }
            if changed(rights.invites, draft.invites != saved.invites) {
                request.email_invites = Some(draft.invites.clone());
            }
        }
        Section::Auth => {
            if changed(
                rights.auth_methods,
                draft.auth_restricted != saved.auth_restricted || draft.auth_methods != saved.auth_methods,
            ) {
                request.auth_methods = Some(restriction(draft.auth_restricted));
                request.allowed_auth_methods = Some(draft.auth_methods.clone());
            }
        }
        Section::Mfa => {
            if changed(rights.mfa_policy, draft.mfa_required != saved.mfa_required) {
                request.mfa_policy = Some(if draft.mfa_required {
                    MfaPolicy::RequiredForAll
                } else {
                    MfaPolicy::Optional
                });
            }
            if changed(
                rights.mfa_methods,
                draft.mfa_restricted != saved.mfa_restricted || draft.mfa_methods != saved.mfa_methods,
            ) {
                request.mfa_methods = Some(restriction(draft.mfa_restricted));
                request.allowed_mfa_methods = Some(draft.mfa_methods.clone());
            }
        }
        Section::Sso => {
            // A default can be chosen, not removed (Stytch takes only a connection's ID).
            if changed(rights.sso_default, draft.sso_default != saved.sso_default) && !draft.sso_default.is_empty() {
                request.sso_default_connection_id = Some(draft.sso_default.clone());
            }
            let restricted = draft.sso_jit == Restriction::Restricted;
            let jit_changed = draft.sso_jit != saved.sso_jit
                || (restricted && draft.sso_jit_connections != saved.sso_jit_connections);
            if changed(rights.sso_jit, jit_changed) {
                request.sso_jit_provisioning = Some(draft.sso_jit.clone());
                if restricted {
                    request.sso_jit_provisioning_allowed_connections = Some(draft.sso_jit_connections.clone());
                }
            }
        }
        Section::Tenants => {
            if changed(rights.tenants_join, draft.tenants_join != saved.tenants_join) {
                request.oauth_tenant_jit_provisioning = Some(if draft.tenants_join {
                    Restriction::Restricted
                } else {
                    Restriction::NotAllowed
                });
            }
            let ids = |d: &Draft| d.tenants.clone().map(|text| lines(&text));
            if changed(rights.tenants, ids(draft) != ids(saved)) {
                let map = TENANT_PROVIDERS
                    .iter()
                    .zip(ids(draft))
                    .filter(|(_, ids)| !ids.is_empty())
                    .map(|(provider, ids)| ((*provider).to_owned(), serde_json::Value::from(ids)))
                    .collect();
                request.allowed_oauth_tenants = Some(map);
            }
        }
        Section::Roles => {
            if changed(rights.implicit_roles, draft.role_assignments != saved.role_assignments) {
                request.rbac_email_implicit_role_assignments = Some(draft.role_assignments.clone());
            }
        }
    }
    request
}

fn restriction(restricted: bool) -> Restriction {
    if restricted {
        Restriction::Restricted
    } else {
        Restriction::AllAllowed
    }
}

/// Adds `item` to `list` or takes it out, keeping `order`'s order.
fn toggled<T: Clone + PartialEq>(list: &[T], item: &T, on: bool, order: &[T]) -> Vec<T> {
    order
        .iter()
        .filter(|candidate| {
            if *candidate == item {
                on
            } else {
                list.contains(candidate)
            }
        })
        .cloned()
        .chain(list.iter().filter(|kept| !order.contains(kept)).cloned())
        .collect()
}

/// The signed-in member's organization settings, for its admins. Each section (name, email
/// domains, sign-in methods, MFA, SSO once there is a connection, workspaces, roles by email
/// domain) saves on its own button, sending only the settings changed;
/// a setting the member's roles do not allow is shown disabled. Saves are announced politely
/// (`aria-live`), refusals as alerts in their section, with the refused field described by
/// the alert.
///
/// ```no_run
/// use leptos::prelude::*;
/// use stytch_leptos::OrganizationSettings;
/// use stytch_leptos::models::Organization;
///
/// #[component]
/// fn SettingsPage() -> impl IntoView {
///     view! {
///         <OrganizationSettings on_change=move |saved: Organization| {
///             leptos::logging::log!("{} saved", saved.organization_name)
///         }/>
///     }
/// }
/// ```
#[component]
pub fn OrganizationSettings(
    /// Visible texts, and the sign-in methods offered.
    #[prop(optional)]
    strings: Option<OrganizationSettingsStrings>,
    /// Called with the organization after each save Stytch accepted.
    #[prop(optional, into)]
    on_change: Option<Callback<Organization>>,
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
    let text = move |pick: fn(&OrganizationSettingsStrings) -> &String| strings.with_value(|s| pick(s).clone());
    let uid = StoredValue::new(format!("stytch-org-settings-{}", crate::components::next_id()));
    let id = move |suffix: &str| uid.with_value(|u| format!("{u}-{suffix}"));

    let may = move |action: &'static str| member_may(&context, "stytch.organization", action);
    let rights = Memo::new(move |_| Rights {
        name: may("update.info.name"),
        slug: may("update.info.slug"),
        logo: may("update.info.logo-url"),
        domains: may("update.settings.allowed-domains"),
        join: may("update.settings.email-jit-provisioning"),
        invites: may("update.settings.email-invites"),
        mfa_policy: may("update.settings.mfa-policy"),
        auth_methods: may("update.settings.allowed-auth-methods"),
        mfa_methods: may("update.settings.allowed-mfa-methods"),
        sso_default: may("update.settings.default-sso-connection"),
        sso_jit: may("update.settings.sso-jit-provisioning"),
        tenants_join: may("update.settings.oauth-tenant-jit-provisioning"),
        tenants: may("update.settings.allowed-oauth-tenants"),
        implicit_roles: may("update.settings.implicit-roles"),
    });

    // What Stytch has (`saved`) and what the forms show (`draft`). The draft is reset when
    // another organization is shown, and each section's part of it after that section saves:
    // a save elsewhere (or a refresh of the session) leaves what is being typed alone.
    // An organization already known (a cached session, a server's) is shown at once, on the
    // server too.
    let (initial_id, initial) = context
        .organization
        .with_untracked(|o| (o.as_ref().map(|o| o.organization_id.clone()), o.as_ref().map(Draft::of)));
    let saved = RwSignal::new(initial.clone());
    let draft = RwSignal::new(initial.unwrap_or_default());
    Effect::new(move |shown: Option<Option<String>>| {
        let shown = shown.unwrap_or_else(|| initial_id.clone());
        let organization = context.organization.get();
        let id = organization.as_ref().map(|o| o.organization_id.clone());
        if let Some(organization) = organization {
            let now = Draft::of(&organization);
            if shown != id {
                draft.set(now.clone());
            } else {
                // Connections come and go elsewhere (the SSO admin); the list follows them.
                draft.update(|d| d.sso_connections = now.sso_connections.clone());
            }
            saved.set(Some(now));
        }
        id
    });

    let announcement = RwSignal::new(String::new());
    let failure = RwSignal::new(None::<(Section, String)>);
    let busy = RwSignal::new(false);

    let save = move |section: Section| {
        let Some(before) = saved.get_untracked() else {
            return;
        };
        let typed = draft.get_untracked();
        let request = changes(section, &typed, &before, rights.get_untracked());
        if request == OrganizationUpdateRequest::default() {
            failure.set(None);
            announcement.set(text(|s| &s.unchanged));
            return;
        }
        busy.set(true);
        announcement.set(String::new());
        let done = text(|s| &s.saved).replace("{section}", &strings.with_value(|s| section.heading(s).clone()));
        stytch.spawn(move |client| async move {
            match client.organization().update(&request).await {
                Ok(organization) => {
                    let now = Draft::of(&organization);
                    // This section's settings take Stytch's values (domains as it stores them).
                    draft.try_update(|d| d.adopt(section, &now));
                    saved.try_set(Some(now));
                    failure.try_set(None);
                    announcement.try_set(done);
                    busy.try_set(false);
                    if let Some(callback) = on_change {
                        let _ = callback.try_run(organization);
                    }
                }
                Err(error) => {
                    let message = text(|s| &s.failed).replace("{reason}", &error.to_string());
                    failure.try_set(Some((section, message)));
                    busy.try_set(false);
                    if let Some(callback) = on_error {
                        let _ = callback.try_run(error);
                    }
                }
            }
        });
    };

    // A section's alert, and the ID a refused field points `aria-describedby` at.
    let error_id = move |section: Section| id(&format!("{}-error", section.key()));
    let described = move |section: Section| {
        let error_id = error_id(section);
        move || {
            failure
                .with(|f| f.as_ref().is_some_and(|(s, _)| *s == section))
                .then(|| error_id.clone())
        }
    };
    // A field with a hint under it: the hint, then the section's alert when there is one.
    let described_with_hint = move |section: Section, hint_id: String| {
        let described = described(section);
        move || {
            let mut ids = vec![hint_id.clone()];
            ids.extend(described());
            ids.join(" ")
        }
    };
    let alert = move |section: Section| {
        let error_id = error_id(section);
        move || {
            failure.with(|f| match f {
                Some((s, message)) if *s == section => {
                    Some(view! { <p class="stytch-org-settings__error" id=error_id.clone() role="alert">{message.clone()}</p> })
                }
                _ => None,
            })
        }
    };
    let form = move |section: Section, body: AnyView| {
        let heading_id = id(&format!("{}-heading", section.key()));
        let submit = move |event: leptos::ev::SubmitEvent| {
            event.prevent_default();
            save(section);
        };
        let may_save = move || rights.get().any_in(section);
        let labelled_by = heading_id.clone();
        view! {
            <form class="stytch-org-settings__section" aria-labelledby=labelled_by on:submit=submit>
                <h3 id=heading_id>{strings.with_value(|s| section.heading(s).clone())}</h3>
                {alert(section)}
                {body}
                <Show when=may_save>
                    <button type="submit" disabled=move || busy.get()>{text(|s| &s.save)}</button>
                </Show>
            </form>
        }
    };

    // Each control carries its first value as an attribute too, so a server render shows it;
    // its property follows the draft from then on.
    // A radio button bound to `checked`, enabled by `allowed`.
    let radio = move |name: String, label: String, checked: Signal<bool>, allowed: Signal<bool>, pick: Callback<()>| {
        view! {
            <label class="stytch-org-settings__choice">
                <input
                    type="radio"
                    name=name
                    checked=checked.get_untracked()
                    prop:checked=checked
                    disabled=move || !allowed.get()
                    on:change=move |_| pick.run(())
                />
                {label}
            </label>
        }
    };
    // One choice of a `Restriction` setting (`get` reads it from the draft, `set` writes it).
    let restriction_radio = move |name: String,
                                  value: Restriction,
                                  label: fn(&OrganizationSettingsStrings) -> &String,
                                  get: fn(&Draft) -> &Restriction,
                                  set: fn(&mut Draft, Restriction),
                                  allowed: Signal<bool>| {
        let is = value.clone();
        radio(
            name,
            text(label),
            Signal::derive(move || draft.with(|d| *get(d) == is)),
            allowed,
            Callback::new(move |()| draft.update(|d| set(d, value.clone()))),
        )
    };
    // A checkbox bound to `checked`, enabled by `allowed`.
    let checkbox = move |label: String, checked: Signal<bool>, allowed: Signal<bool>, set: Callback<bool>| {
        view! {
            <label class="stytch-org-settings__choice">
                <input
                    type="checkbox"
                    checked=checked.get_untracked()
                    prop:checked=checked
                    disabled=move || !allowed.get()
                    on:change=move |event| set.run(event_target_checked(&event))
                />
                {label}
            </label>
        }
    };

    // A text field of the name section: its label, kind and length, the part of the draft it
    // edits, and the right that enables it. Slugs and URLs are not words to capitalise or
    // spell-check.
    let text_field = move |key: &'static str,
                           label: fn(&OrganizationSettingsStrings) -> &String,
                           kind: &'static str,
                           required: bool,
                           maxlength: &'static str,
                           get: fn(&Draft) -> String,
                           set: fn(&mut Draft, String),
                           allowed: fn(Rights) -> bool| {
        let field_id = id(key);
        let plain = key == "name";
        view! {
            <label for=field_id.clone()>{text(label)}</label>
            <input
                id=field_id
                type=kind
                required=required
                maxlength=maxlength
                autocapitalize=(!plain).then_some("none")
                spellcheck=(!plain).then_some("false")
                value=draft.with_untracked(get)
                prop:value=move || draft.with(get)
                on:input=move |event| draft.update(|d| set(d, event_target_value(&event)))
                disabled=move || !allowed(rights.get())
                aria-describedby=described(Section::Profile)
            />
        }
    };
    let profile = move || {
        view! {
            {text_field("name", |s| &s.name, "text", true, "128", |d| d.name.clone(), |d, v| d.name = v, |r| r.name)}
            {text_field("slug", |s| &s.slug, "text", true, "128", |d| d.slug.clone(), |d, v| d.slug = v, |r| r.slug)}
            {text_field("logo", |s| &s.logo, "url", false, "2048", |d| d.logo.clone(), |d, v| d.logo = v, |r| r.logo)}
        }
        .into_any()
    };

    let domains = move || {
        let (domains_id, hint_id) = (id("domains"), id("domains-hint"));
        let described_by = described_with_hint(Section::Domains, hint_id.clone());
        let invites_name = id("invites");
        let invite = move |value: Restriction, label: fn(&OrganizationSettingsStrings) -> &String| {
            restriction_radio(
                invites_name.clone(),
                value,
                label,
                |d| &d.invites,
                |d, v| d.invites = v,
                Signal::derive(move || rights.get().invites),
            )
        };
        view! {
            <label for=domains_id.clone()>{text(|s| &s.domains)}</label>
            <textarea
                id=domains_id
                rows="3"
                autocapitalize="none"
                spellcheck="false"
                prop:value=move || draft.with(|d| d.domains.clone())
                on:input=move |event| draft.update(|d| d.domains = event_target_value(&event))
                disabled=move || !rights.get().domains
                aria-describedby=described_by
            >
                {draft.with_untracked(|d| d.domains.clone())}
            </textarea>
            <span id=hint_id class="stytch-org-settings__hint">{text(|s| &s.domains_hint)}</span>
            {checkbox(
                text(|s| &s.join_by_domain),
                Signal::derive(move || draft.with(|d| d.join_by_domain)),
                Signal::derive(move || rights.get().join),
                Callback::new(move |on| draft.update(|d| d.join_by_domain = on)),
            )}
            <fieldset>
                <legend>{text(|s| &s.invites)}</legend>
                {invite(Restriction::AllAllowed, |s| &s.invites_all)}
                {invite(Restriction::Restricted, |s| &s.invites_restricted)}
                {invite(Restriction::NotAllowed, |s| &s.invites_none)}
            </fieldset>
        }
        .into_any()
    };

    // "Every method" or "only these", then a checkbox per method (enabled when restricted).
    let methods = move |key: &'static str,
                        legend: String,
                        all: String,
                        only: String,
                        restricted: fn(&Draft) -> bool,
                        set_restricted: fn(&mut Draft, bool),
                        options: Vec<(String, Signal<bool>, Callback<bool>)>,
                        allowed: Signal<bool>| {
        let name = id(key);
        let when_restricted = Signal::derive(move || allowed.get() && draft.with(restricted));
        let boxes = options
            .into_iter()
            .map(|(label, checked, set)| checkbox(label, checked, when_restricted, set))
            .collect_view();
        view! {
            <fieldset>
                <legend>{legend}</legend>
                {radio(
                    name.clone(),
                    all,
                    Signal::derive(move || !draft.with(restricted)),
                    allowed,
                    Callback::new(move |()| draft.update(|d| set_restricted(d, false))),
                )}
                {radio(
                    name,
                    only,
                    Signal::derive(move || draft.with(restricted)),
                    allowed,
                    Callback::new(move |()| draft.update(|d| set_restricted(d, true))),
                )}
                <div class="stytch-org-settings__methods">{boxes}</div>
            </fieldset>
        }
    };

    let auth = move || {
        let offered = strings.with_value(|s| s.auth_methods.clone());
        let order: Vec<AuthMethod> = offered.iter().map(|(method, _)| method.clone()).collect();
        let order = StoredValue::new(order);
        let options = offered
            .into_iter()
            .map(|(method, label)| {
                let is = method.clone();
                let checked = Signal::derive(move || draft.with(|d| d.auth_methods.contains(&is)));
                let set = Callback::new(move |on| {
                    draft.update(|d| {
                        d.auth_methods = order.with_value(|order| toggled(&d.auth_methods, &method, on, order))
                    })
                });
                (label, checked, set)
            })
            .collect();
        methods(
            "auth-methods",
            text(|s| &s.auth_methods_legend),
            text(|s| &s.auth_all),
            text(|s| &s.auth_restricted),
            |d| d.auth_restricted,
            |d, on| d.auth_restricted = on,
            options,
            Signal::derive(move || rights.get().auth_methods),
        )
        .into_any()
    };

    let mfa = move || {
        let policy_name = id("mfa-policy");
        let order = [MfaMethod::SmsOtp, MfaMethod::Totp];
        let options = [
            (MfaMethod::SmsOtp, text(|s| &s.mfa_sms)),
            (MfaMethod::Totp, text(|s| &s.mfa_totp)),
        ]
        .into_iter()
        .map(|(method, label)| {
            let is = method.clone();
            let order = order.clone();
            let checked = Signal::derive(move || draft.with(|d| d.mfa_methods.contains(&is)));
            let set =
                Callback::new(move |on| draft.update(|d| d.mfa_methods = toggled(&d.mfa_methods, &method, on, &order)));
            (label, checked, set)
        })
        .collect();
        let policy_allowed = Signal::derive(move || rights.get().mfa_policy);
        view! {
            <fieldset>
                <legend>{text(|s| &s.mfa_policy)}</legend>
                {radio(
                    policy_name.clone(),
                    text(|s| &s.mfa_optional),
                    Signal::derive(move || !draft.with(|d| d.mfa_required)),
                    policy_allowed,
                    Callback::new(move |()| draft.update(|d| d.mfa_required = false)),
                )}
                {radio(
                    policy_name,
                    text(|s| &s.mfa_required),
                    Signal::derive(move || draft.with(|d| d.mfa_required)),
                    policy_allowed,
                    Callback::new(move |()| draft.update(|d| d.mfa_required = true)),
                )}
            </fieldset>
            {methods(
                "mfa-methods",
                text(|s| &s.mfa_methods_legend),
                text(|s| &s.mfa_all),
                text(|s| &s.mfa_restricted),
                |d| d.mfa_restricted,
                |d, on| d.mfa_restricted = on,
                options,
                Signal::derive(move || rights.get().mfa_methods),
            )}
        }
        .into_any()
    };

    // SSO: shown once the organization has an active connection. The default connection (a
    // placeholder while none is set, since none can be chosen back), then who may join.
    // The section is drawn anew only when the connections change, not on each choice made.
    let sso_connections = Memo::new(move |_| draft.with(|d| d.sso_connections.clone()));
    let sso = move || {
        let default_id = id("sso-default");
        let jit_name = id("sso-jit");
        let connections = sso_connections.get_untracked();
        let label_of = |c: &ActiveSsoConnection| match (c.display_name.as_str(), c.identity_provider.as_str()) {
            ("", provider) => provider.to_owned(),
            (name, "") => name.to_owned(),
            (name, provider) => format!("{name} ({provider})"),
        };
        let options = connections
            .iter()
            .map(|c| {
                let value = c.connection_id.clone();
                let selected = {
                    let value = value.clone();
                    move || draft.with(|d| d.sso_default == value)
                };
                view! { <option value=value.clone() selected=selected>{label_of(c)}</option> }
            })
            .collect_view();
        let jit_allowed = Signal::derive(move || rights.get().sso_jit);
        let jit = move |value: Restriction, label: fn(&OrganizationSettingsStrings) -> &String| {
            restriction_radio(
                jit_name.clone(),
                value,
                label,
                |d| &d.sso_jit,
                |d, v| d.sso_jit = v,
                jit_allowed,
            )
        };
        let boxes = connections
            .into_iter()
            .map(|c| {
                let (is, set) = (c.connection_id.clone(), c.connection_id.clone());
                checkbox(
                    label_of(&c),
                    Signal::derive(move || draft.with(|d| d.sso_jit_connections.contains(&is))),
                    Signal::derive(move || jit_allowed.get() && draft.with(|d| d.sso_jit == Restriction::Restricted)),
                    Callback::new(move |on| {
                        draft.update(|d| {
                            d.sso_jit_connections.retain(|kept| *kept != set);
                            if on {
                                d.sso_jit_connections.push(set.clone());
                            }
                        })
                    }),
                )
            })
            .collect_view();
        view! {
            <label for=default_id.clone()>{text(|s| &s.sso_default)}</label>
            <select
                id=default_id
                disabled=move || !rights.get().sso_default
                on:change=move |event| draft.update(|d| d.sso_default = event_target_value(&event))
            >
                {move || draft.with(|d| d.sso_default.is_empty()).then(|| view! {
                    <option value="" selected>{text(|s| &s.sso_no_default)}</option>
                })}
                {options}
            </select>
            <fieldset>
                <legend>{text(|s| &s.sso_jit)}</legend>
                {jit(Restriction::AllAllowed, |s| &s.sso_jit_all)}
                {jit(Restriction::Restricted, |s| &s.sso_jit_restricted)}
                <div class="stytch-org-settings__methods">{boxes}</div>
                {jit(Restriction::NotAllowed, |s| &s.sso_jit_none)}
            </fieldset>
        }
        .into_any()
    };

    // Joining from a workspace: the checkbox, then each provider's workspace IDs.
    let tenants = move || {
        let hint_id = id("tenants-hint");
        let hint_for_fields = hint_id.clone();
        let field = move |index: usize, label: fn(&OrganizationSettingsStrings) -> &String| {
            let field_id = id(&format!("tenants-{}", TENANT_PROVIDERS[index]));
            view! {
                <label for=field_id.clone()>{text(label)}</label>
                <textarea
                    id=field_id
                    rows="2"
                    autocapitalize="none"
                    spellcheck="false"
                    prop:value=move || draft.with(|d| d.tenants[index].clone())
                    on:input=move |event| draft.update(|d| d.tenants[index] = event_target_value(&event))
                    disabled=move || !rights.get().tenants
                    aria-describedby=described_with_hint(Section::Tenants, hint_for_fields.clone())
                >
                    {draft.with_untracked(|d| d.tenants[index].clone())}
                </textarea>
            }
        };
        view! {
            {checkbox(
                text(|s| &s.tenants_join),
                Signal::derive(move || draft.with(|d| d.tenants_join)),
                Signal::derive(move || rights.get().tenants_join),
                Callback::new(move |on| draft.update(|d| d.tenants_join = on)),
            )}
            {field(0, |s| &s.tenants_slack)}
            {field(1, |s| &s.tenants_hubspot)}
            {field(2, |s| &s.tenants_github)}
            <span id=hint_id class="stytch-org-settings__hint">{text(|s| &s.tenants_hint)}</span>
        }
        .into_any()
    };

    // The roles members hold by their email domain: one line each with a remove button, then
    // a domain and a role to add (Enter in the domain adds too); the section's Save sends them.
    let new_domain = RwSignal::new(String::new());
    let new_role = RwSignal::new(String::new());
    let roles = move || {
        let (domain_id, role_id) = (id("role-domain"), id("role-role"));
        let allowed = move || rights.get().implicit_roles;
        let focus_domain = {
            let domain_id = domain_id.clone();
            move || {
                let domain_id = domain_id.clone();
                request_animation_frame(move || {
                    if let Some(element) = document().get_element_by_id(&domain_id)
                        && let Ok(element) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(element)
                    {
                        let _ = element.focus();
                    }
                });
            }
        };
        let assignable = Memo::new(move |_| {
            let (policy, _) = effective_policy(&context);
            policy
                .roles
                .into_iter()
                .map(|role| role.role_id)
                .filter(|role_id| role_id != "stytch_member")
                .collect::<Vec<_>>()
        });
        let add = {
            let focus_domain = focus_domain.clone();
            move || {
                let domain = new_domain.get_untracked();
                let domain = domain.trim().trim_start_matches('@').to_ascii_lowercase();
                let role_id = match new_role.get_untracked() {
                    chosen if !chosen.is_empty() => chosen,
                    _ => assignable.with_untracked(|roles| roles.first().cloned().unwrap_or_default()),
                };
                if !domain.is_empty() && !role_id.is_empty() {
                    let assignment = EmailImplicitRoleAssignment { domain, role_id };
                    draft.update(|d| {
                        if !d.role_assignments.contains(&assignment) {
                            d.role_assignments.push(assignment);
                        }
                    });
                    new_domain.set(String::new());
                }
                focus_domain();
            }
        };
        let add_on_enter = {
            let add = add.clone();
            move |event: leptos::ev::KeyboardEvent| {
                if event.key() == "Enter" {
                    event.prevent_default();
                    add();
                }
            }
        };
        let lines = move || {
            let focus_domain = focus_domain.clone();
            draft.with(|d| d.role_assignments.clone())
                .into_iter()
                .map(|assignment| {
                    let fill = |pick: fn(&OrganizationSettingsStrings) -> &String| {
                        text(pick)
                            .replace("{domain}", &assignment.domain)
                            .replace("{role}", &assignment.role_id)
                    };
                    let (shown, label) = (fill(|s| &s.role_assignment), fill(|s| &s.role_remove_label));
                    let focus_domain = focus_domain.clone();
                    let remove = move |_| {
                        draft.update(|d| d.role_assignments.retain(|kept| *kept != assignment));
                        focus_domain();
                    };
                    view! {
                        <li>
                            <span>{shown}</span>
                            <Show when=allowed>
                                <button type="button" class="stytch-org-settings__remove" aria-label=label.clone() on:click=remove.clone()>
                                    {text(|s| &s.role_remove)}
                                </button>
                            </Show>
                        </li>
                    }
                })
                .collect_view()
        };
        let options = move || {
            assignable
                .get()
                .into_iter()
                .map(|role_id| view! { <option value=role_id.clone()>{role_id.clone()}</option> })
                .collect_view()
        };
        view! {
            <ul class="stytch-org-settings__assignments">{lines}</ul>
            {move || draft.with(|d| d.role_assignments.is_empty()).then(|| view! {
                <p class="stytch-org-settings__status">{text(|s| &s.roles_empty)}</p>
            })}
            <Show when=allowed>
                <div class="stytch-org-settings__add">
                    <label for=domain_id.clone()>{text(|s| &s.role_domain)}</label>
                    <input
                        id=domain_id.clone()
                        type="text"
                        autocapitalize="none"
                        spellcheck="false"
                        prop:value=move || new_domain.get()
                        on:input=move |event| new_domain.set(event_target_value(&event))
                        on:keydown=add_on_enter.clone()
                    />
                    <label for=role_id.clone()>{text(|s| &s.role_role)}</label>
                    <select id=role_id.clone() on:change=move |event| new_role.set(event_target_value(&event))>
                        {options}
                    </select>
                    <button type="button" on:click={
                        let add = add.clone();
                        move |_| add()
                    }>{text(|s| &s.role_add)}</button>
                </div>
            </Show>
        }
        .into_any()
    };

    let heading_id = id("heading");
    let classes = move || match class.get() {
        Some(extra) => format!("stytch-org-settings {extra}"),
        None => "stytch-org-settings".to_owned(),
    };
    let read_only = move || {
        let rights = rights.get();
        !SECTIONS.into_iter().any(|section| rights.any_in(section))
    };
    let labelled_by = heading_id.clone();
    view! {
        {mount_style("org-settings", include_str!("organization_settings.css"))}
        <section class=classes style=move || theme.get().map(|t| t.to_css()).unwrap_or_default() aria-labelledby=labelled_by>
            <h2 id=heading_id class="stytch-org-settings__heading">{text(|s| &s.heading)}</h2>
            <p class="stytch-org-settings__announcement" role="status" aria-live="polite">{move || announcement.get()}</p>
            <Show
                when=move || saved.with(Option::is_some)
                fallback=move || view! { <p class="stytch-org-settings__status">{text(|s| &s.loading)}</p> }
            >
                {move || read_only().then(|| view! { <p class="stytch-org-settings__status">{text(|s| &s.read_only)}</p> })}
                {form(Section::Profile, profile())}
                {form(Section::Domains, domains())}
                {form(Section::Auth, auth())}
                {form(Section::Mfa, mfa())}
                {move || sso_connections.with(|c| !c.is_empty()).then(|| form(Section::Sso, sso()))}
                {form(Section::Tenants, tenants())}
                {form(Section::Roles, roles())}
            </Show>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn every_right() -> Rights {
        Rights {
            name: true,
            slug: true,
            domains: true,
            join: true,
            invites: true,
            mfa_policy: true,
            logo: true,
            auth_methods: true,
            mfa_methods: true,
            sso_default: true,
            sso_jit: true,
            tenants_join: true,
            tenants: true,
            implicit_roles: true,
        }
    }

    #[test]
    fn a_save_sends_only_what_changed_and_what_the_member_may_change() {
        let saved = Draft {
            name: "Acme".into(),
            slug: "acme".into(),
            domains: "acme.example".into(),
            ..Default::default()
        };
        let typed = Draft {
            name: " Acme Inc ".into(),
            slug: "acme".into(),
            ..saved.clone()
        };
        let request = changes(Section::Profile, &typed, &saved, every_right());
        assert_eq!(request.organization_name.as_deref(), Some("Acme Inc"));
        assert_eq!(request.organization_slug, None, "the slug did not change");

        let without_name = Rights {
            name: false,
            ..every_right()
        };
        assert_eq!(
            changes(Section::Profile, &typed, &saved, without_name),
            OrganizationUpdateRequest::default()
        );
        // Another section's change is not this section's to send.
        assert_eq!(
            changes(Section::Domains, &typed, &saved, every_right()),
            OrganizationUpdateRequest::default()
        );
    }

    #[test]
    fn domains_are_split_on_lines_commas_and_spaces_and_lowercased() {
        let saved = Draft::default();
        let typed = Draft {
            domains: "Acme.example, acme.io\n\n  subsidiary.example ".into(),
            join_by_domain: true,
            ..Default::default()
        };
        let request = changes(Section::Domains, &typed, &saved, every_right());
        assert_eq!(
            request.email_allowed_domains,
            Some(vec![
                "acme.example".into(),
                "acme.io".into(),
                "subsidiary.example".into()
            ])
        );
        assert_eq!(request.email_jit_provisioning, Some(Restriction::Restricted));
        assert_eq!(request.email_invites, None);
    }

    #[test]
    fn methods_send_the_restriction_with_the_list() {
        let saved = Draft::default();
        let typed = Draft {
            mfa_restricted: true,
            mfa_methods: vec![MfaMethod::Totp],
            ..Default::default()
        };
        let request = changes(Section::Mfa, &typed, &saved, every_right());
        assert_eq!(request.mfa_methods, Some(Restriction::Restricted));
        assert_eq!(request.allowed_mfa_methods, Some(vec![MfaMethod::Totp]));
        assert_eq!(request.mfa_policy, None);
        let policy_only = Rights {
            mfa_methods: false,
            ..every_right()
        };
        assert_eq!(
            changes(Section::Mfa, &typed, &saved, policy_only),
            OrganizationUpdateRequest::default()
        );
    }

    #[test]
    fn toggling_keeps_the_offered_order_and_unknown_values() {
        let order = [AuthMethod::MagicLink, AuthMethod::Password, AuthMethod::Sso];
        let list = vec![AuthMethod::Sso, AuthMethod::GithubOauth];
        assert_eq!(
            toggled(&list, &AuthMethod::MagicLink, true, &order),
            vec![AuthMethod::MagicLink, AuthMethod::Sso, AuthMethod::GithubOauth]
        );
        assert_eq!(
            toggled(&list, &AuthMethod::Sso, false, &order),
            vec![AuthMethod::GithubOauth]
        );
    }
}
