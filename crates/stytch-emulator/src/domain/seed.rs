//! `--seed demo`: organizations and members that show each path of the demo.

use stytch_models::{MemberStatus, Restriction, api::organizations::OrganizationCreateRequest};

use super::Ctx;
use super::store::{Store, new_member};
use crate::error::ApiResult;

/// Someone who belongs to several organizations, to try discovery with.
pub const DEMO_EMAIL: &str = "ada@example.com";

/// Loads the demo data:
/// - **Acme Corporation** (`acme`): `ada@example.com` is an active member; no MFA.
/// - **Globex** (`globex`): `ada@example.com` is invited ("Accept invite").
/// - **Initech** (`initech`): anyone at `example.com` may join ("Join"); `bob@example.com` is a
///   verified member, which makes the domain eligible.
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
    Ok(())
}

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
    store.members.push(member);
}
