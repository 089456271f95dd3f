//! `--seed demo`: organizations and members that show each path of the demo.

use stytch_models::{
    AuthMethod, MemberStatus, MfaMethod, MfaPolicy, Restriction,
    api::organizations::OrganizationCreateRequest,
    api::sso::{CreateConnectionRequest, SamlUpdateConnectionRequest},
};

use super::Ctx;
use super::store::{Store, new_member};
use crate::error::ApiResult;

/// Someone who belongs to several organizations, to try discovery with.
///
/// ```
/// use stytch_emulator::{DEMO_EMAIL, EmulatorConfig, Seed, spawn};
///
/// let emulator = spawn(EmulatorConfig { seed: Seed::Demo, ..EmulatorConfig::for_tests() }).unwrap();
/// let memberships = emulator.app().with(|store, _| store.members.iter().filter(|m| m.email_address == DEMO_EMAIL).count());
/// assert!(memberships > 1, "the demo person belongs to several organizations");
/// ```
pub const DEMO_EMAIL: &str = "ada@example.com";

/// Loads the demo data:
/// - **Acme Corporation** (`acme`): `ada@example.com` is an active member; no MFA.
/// - **Globex** (`globex`): `ada@example.com` is invited ("Accept invite").
/// - **Initech** (`initech`): anyone at `example.com` may join ("Join"); `bob@example.com` is a
///   verified member, which makes the domain eligible.
/// - **Northwind Traders** (`northwind`): MFA required, any method: `ada@example.com` picks
///   SMS or an authenticator app; `grace@example.com` already has a verified phone
///   (`+15555550123`), so her sign-in goes straight to the code (texted automatically when she
///   signs in to the organization directly).
/// - **Contoso** (`contoso`): MFA required, SMS only.
/// - **Fabrikam** (`fabrikam`): MFA required, authenticator app (TOTP) only.
/// - **Hooli** (`hooli`): accepts only Microsoft OAuth and email codes, so `ada@example.com`
///   arriving by magic link steps up with one of them.
/// - **Umbrella** (`umbrella`): anyone at `umbrella.example` may join, with a verified email:
///   arriving through GitHub (which does not verify emails) asks for an email step-up.
/// - **Stark Industries** (`stark`): password sign-in; `tony@stark.example` and
///   `pepper@stark.example` share the password [`DEMO_PASSWORD`]; Pepper's email is not
///   verified yet, so her first password sign-in asks her to verify it.
/// - **Wayne Enterprises** (`wayne`): no members; anyone signing in with Slack from the
///   workspace [`DEMO_SLACK_WORKSPACE`] may join, without a verified email (OAuth-tenant JIT).
/// - **Cyberdyne Systems** (`cyberdyne`): single sign-on only, through the SAML connection
///   "Cyberdyne Okta" (the emulator's simulated identity provider). [`DEMO_SSO_EMAIL`] is a
///   member, so arriving by magic link he steps up with SSO; anyone else the identity
///   provider names joins (`sso_jit_provisioning` `ALL_ALLOWED`).
pub fn load_demo(store: &mut Store, ctx: &Ctx<'_>) -> ApiResult<()> {
    let acme = org(store, ctx, "Acme Corporation", "acme", |_| {})?;
    add_member(store, ctx, &acme, DEMO_EMAIL, MemberStatus::Active, "Ada Lovelace");

    let globex = org(store, ctx, "Globex", "globex", |_| {})?;
    add_member(
        store,
        ctx,
        &globex,
        "hank@globex.example",
        MemberStatus::Active,
        "Hank Scorpio",
    );
    add_member(store, ctx, &globex, DEMO_EMAIL, MemberStatus::Invited, "Ada Lovelace");

    let initech = org(store, ctx, "Initech", "initech", |r| {
        r.email_jit_provisioning = Some(Restriction::Restricted);
        r.email_allowed_domains = Some(vec!["example.com".into()]);
    })?;
    add_member(
        store,
        ctx,
        &initech,
        "bob@example.com",
        MemberStatus::Active,
        "Bob Slydell",
    );

    let northwind = org(store, ctx, "Northwind Traders", "northwind", |r| {
        r.mfa_policy = Some(MfaPolicy::RequiredForAll)
    })?;
    add_member(store, ctx, &northwind, DEMO_EMAIL, MemberStatus::Active, "Ada Lovelace");
    add_member(
        store,
        ctx,
        &northwind,
        "grace@example.com",
        MemberStatus::Active,
        "Grace Hopper",
    );
    if let Some(grace) = store
        .members
        .iter_mut()
        .find(|m| m.organization_id == northwind && m.email_address == "grace@example.com")
    {
        grace.mfa_phone_number = "+15555550123".into();
        grace.mfa_phone_number_verified = true;
        grace.mfa_enrolled = true;
        grace.default_mfa_method = "sms_otp".into();
    }
    let contoso = org(store, ctx, "Contoso", "contoso", |r| {
        r.mfa_policy = Some(MfaPolicy::RequiredForAll);
        r.mfa_methods = Some(Restriction::Restricted);
        r.allowed_mfa_methods = Some(vec![MfaMethod::SmsOtp]);
    })?;
    add_member(store, ctx, &contoso, DEMO_EMAIL, MemberStatus::Active, "Ada Lovelace");
    let fabrikam = org(store, ctx, "Fabrikam", "fabrikam", |r| {
        r.mfa_policy = Some(MfaPolicy::RequiredForAll);
        r.mfa_methods = Some(Restriction::Restricted);
        r.allowed_mfa_methods = Some(vec![MfaMethod::Totp]);
    })?;
    add_member(store, ctx, &fabrikam, DEMO_EMAIL, MemberStatus::Active, "Ada Lovelace");

    // Primary step-up paths.
    let hooli = org(store, ctx, "Hooli", "hooli", |r| {
        r.auth_methods = Some(Restriction::Restricted);
        r.allowed_auth_methods = Some(vec![AuthMethod::MicrosoftOauth, AuthMethod::EmailOtp]);
    })?;
    add_member(store, ctx, &hooli, DEMO_EMAIL, MemberStatus::Active, "Ada Lovelace");
    let umbrella = org(store, ctx, "Umbrella", "umbrella", |r| {
        r.email_jit_provisioning = Some(Restriction::Restricted);
        r.email_allowed_domains = Some(vec!["umbrella.example".into()]);
    })?;
    add_member(
        store,
        ctx,
        &umbrella,
        "albert@umbrella.example",
        MemberStatus::Active,
        "Albert Wesker",
    );
    let stark = org(store, ctx, "Stark Industries", "stark", |_| {})?;
    add_member(
        store,
        ctx,
        &stark,
        "tony@stark.example",
        MemberStatus::Active,
        "Tony Stark",
    );
    add_member(
        store,
        ctx,
        &stark,
        "pepper@stark.example",
        MemberStatus::Active,
        "Pepper Potts",
    );
    for (email, verified) in [("tony@stark.example", true), ("pepper@stark.example", false)] {
        if let Some(member) = store
            .members
            .iter_mut()
            .find(|m| m.organization_id == stark && m.email_address == email)
        {
            member.email_address_verified = verified;
            let id = member.member_id.clone();
            store.set_password(&id, DEMO_PASSWORD)?;
        }
    }
    org(store, ctx, "Wayne Enterprises", "wayne", |r| {
        r.oauth_tenant_jit_provisioning = Some(Restriction::Restricted);
        let mut tenants = serde_json::Map::new();
        tenants.insert("slack".into(), serde_json::json!([DEMO_SLACK_WORKSPACE]));
        r.allowed_oauth_tenants = Some(tenants);
    })?;
    let cyberdyne = org(store, ctx, "Cyberdyne Systems", "cyberdyne", |r| {
        r.auth_methods = Some(Restriction::Restricted);
        r.allowed_auth_methods = Some(vec![AuthMethod::Sso]);
    })?;
    add_member(
        store,
        ctx,
        &cyberdyne,
        DEMO_SSO_EMAIL,
        MemberStatus::Active,
        "Miles Dyson",
    );
    let created = store.create_saml_connection(
        ctx,
        &cyberdyne,
        &CreateConnectionRequest {
            display_name: Some("Cyberdyne Okta".into()),
            identity_provider: Some("okta".into()),
        },
    )?;
    let connection_id = created.connection.map(|c| c.connection_id).unwrap_or_default();
    store.update_saml_connection(
        ctx,
        &cyberdyne,
        &connection_id,
        &SamlUpdateConnectionRequest {
            idp_entity_id: Some("http://www.okta.com/cyberdyne-emulated".into()),
            idp_sso_url: Some("https://cyberdyne.okta.example/app/sso/saml".into()),
            x509_certificate: Some(DEMO_IDP_CERTIFICATE.into()),
            ..Default::default()
        },
    )?;
    Ok(())
}

/// The member of the SSO-only Cyberdyne Systems.
///
/// ```
/// use stytch_emulator::{DEMO_SSO_EMAIL, EmulatorConfig, Seed, spawn};
///
/// // The one member of the organization that signs in through the simulated identity provider.
/// let emulator = spawn(EmulatorConfig { seed: Seed::Demo, ..EmulatorConfig::for_tests() }).unwrap();
/// let organization = emulator.app().with(|store, _| {
///     let member = store.members.iter().find(|m| m.email_address == DEMO_SSO_EMAIL).unwrap();
///     store.organization(&member.organization_id).unwrap().organization_slug.clone()
/// });
/// assert_eq!(organization, "cyberdyne");
/// ```
pub const DEMO_SSO_EMAIL: &str = "miles@cyberdyne.example";

/// The Slack workspace whose people may join Wayne Enterprises.
///
/// ```
/// use stytch_emulator::DEMO_SLACK_WORKSPACE;
///
/// // The Slack workspace whose members the demo organization admits by OAuth tenant.
/// assert!(DEMO_SLACK_WORKSPACE.starts_with('T'));
/// ```
pub const DEMO_SLACK_WORKSPACE: &str = "T0WAYNE";

/// The signing certificate of Cyberdyne's simulated identity provider (a placeholder: the
/// emulator's identity providers sign nothing).
const DEMO_IDP_CERTIFICATE: &str =
    "-----BEGIN CERTIFICATE-----\nQ3liZXJkeW5lIGVtdWxhdGVkIGlkZW50aXR5IHByb3ZpZGVy\n-----END CERTIFICATE-----";

/// The password of the seeded Stark Industries members.
///
/// ```
/// use stytch_emulator::{DEMO_EMAIL, DEMO_PASSWORD};
///
/// // The body of a discovery password sign-in as the demo person.
/// let body = format!(r#"{{"email_address":"{DEMO_EMAIL}","password":"{DEMO_PASSWORD}"}}"#);
/// assert!(body.contains(DEMO_PASSWORD));
/// ```
pub const DEMO_PASSWORD: &str = "Arc-Reactor-Mark-42";

fn org(
    store: &mut Store,
    ctx: &Ctx<'_>,
    name: &str,
    slug: &str,
    configure: impl FnOnce(&mut OrganizationCreateRequest),
) -> ApiResult<String> {
    let mut request = OrganizationCreateRequest {
        organization_name: name.into(),
        organization_slug: Some(slug.into()),
        ..Default::default()
    };
    configure(&mut request);
    Ok(store.create_organization(ctx, &request)?.organization.organization_id)
}

fn add_member(store: &mut Store, ctx: &Ctx<'_>, organization_id: &str, email: &str, status: MemberStatus, name: &str) {
    let mut member = new_member(organization_id, email, status.clone(), ctx.now);
    member.name = name.into();
    member.email_address_verified = status == MemberStatus::Active;
    store.upsert_member(member);
}
