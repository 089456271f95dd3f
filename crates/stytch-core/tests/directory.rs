//! A server managing organizations and members with `StytchBackend` against a live emulator:
//! created, found by ID, slug or external ID, changed, searched (organizations by every filter,
//! page by page, and their member counts), deleted and brought back;
//! members invited, moved to new addresses and relieved of lost credentials; SSO connections set
//! up; a SCIM connection made, its groups given roles, its token rotated and the connection
//! deleted; an organization's own roles defined (and local JWT checks following them at once);
//! and a server acting for a member, held to that member's permissions.

mod support;

use stytch_core::backend::{
    AuthenticateJwtOptions, MemberUpdate, OrganizationPage, OrganizationSearch, OrganizationUpdate, SessionCredential,
};
use stytch_models::api::magic_links::InviteRequest;
use stytch_models::api::organizations::{
    MemberCreateRequest, MemberSearchRequest, MemberUpdateRequest, OrganizationCreateRequest, SearchOperand,
    SearchQuery, StartEmailUpdateRequest, UnlinkRetiredEmailRequest,
};
use stytch_models::api::scim::{
    CreateScimConnectionRequest, ScimGroupRoleAssignment, ScimGroupsRequest, UpdateScimConnectionRequest,
};
use stytch_models::api::sessions::AuthorizationCheck;
use stytch_models::api::sso::{
    CreateConnectionRequest, ExternalCreateConnectionRequest, ExternalUpdateConnectionRequest,
    OidcUpdateConnectionRequest, SamlUpdateConnectionRequest,
};
use stytch_models::{Permission, PolicyRole};
use support::*;

/// A new organization named and slugged `slug`, with this external ID.
fn organization(slug: &str, external_id: Option<&str>) -> OrganizationCreateRequest {
    OrganizationCreateRequest {
        organization_name: slug.into(),
        organization_slug: Some(slug.into()),
        organization_external_id: external_id.map(str::to_owned),
        ..Default::default()
    }
}

fn metadata(value: serde_json::Value) -> Option<serde_json::Map<String, serde_json::Value>> {
    value.as_object().cloned()
}

#[test]
fn a_server_manages_organizations_and_members_by_their_own_ids_and_by_its_external_ids() {
    let emulator = emulator();
    let api = emulator.url();
    run(async move {
        let server = backend_for(&api);
        let acme = server
            .create_organization(&organization("acme", Some("crm|acme-1")))
            .await
            .unwrap();
        for name in [acme.organization_id.as_str(), "acme", "crm|acme-1"] {
            assert_eq!(
                server.organization(name).await.unwrap().organization_id,
                acme.organization_id,
                "{name}"
            );
        }
        let copy = organization("copy", Some("crm|acme-1"));
        assert_eq!(
            refusal(server.create_organization(&copy).await),
            (400, "organization_external_id_already_used".into())
        );

        let update = OrganizationUpdate {
            trusted_metadata: metadata(serde_json::json!({ "plan": "gold" })),
            claimed_email_domains: Some(vec!["acme.example".into()]),
            ..Default::default()
        };
        let updated = server.update_organization("crm|acme-1", &update).await.unwrap();
        assert_eq!(updated.trusted_metadata["plan"], "gold");
        assert_eq!(updated.claimed_email_domains, ["acme.example"]);

        // Members, named by member ID, external ID or address.
        let ada = server
            .create_member(
                "acme",
                &MemberCreateRequest {
                    email_address: "ada@acme.example".into(),
                    external_id: Some("hr-1".into()),
                    ..Default::default()
                },
            )
            .await
            .unwrap();
        assert_eq!(ada.organization_id, acme.organization_id);
        assert_eq!(
            server.member("crm|acme-1", "hr-1").await.unwrap().member_id,
            ada.member_id
        );
        assert_eq!(
            server
                .member_by_email("acme", "ADA@acme.example")
                .await
                .unwrap()
                .member_id,
            ada.member_id
        );
        assert_eq!(
            refusal(server.member("acme", "hr-404").await),
            (404, "member_not_found".into())
        );
        let promote = MemberUpdate {
            update: MemberUpdateRequest {
                name: Some("Ada Lovelace".into()),
                roles: Some(vec!["stytch_admin".into()]),
                ..Default::default()
            },
            trusted_metadata: metadata(serde_json::json!({ "department": "R&D" })),
            ..Default::default()
        };
        let promoted = server.update_member("acme", "hr-1", &promote).await.unwrap();
        assert_eq!(promoted.name, "Ada Lovelace");
        assert_eq!(promoted.trusted_metadata["department"], "R&D");
        assert!(promoted.roles.iter().any(|r| r.role_id == "stytch_admin"));
        let grace = server
            .create_member(
                &acme.organization_id,
                &MemberCreateRequest {
                    email_address: "grace@acme.example".into(),
                    ..Default::default()
                },
            )
            .await
            .unwrap();
        let taken = MemberUpdate {
            external_id: Some("hr-1".into()),
            ..Default::default()
        };
        assert_eq!(
            refusal(server.update_member("acme", &grace.member_id, &taken).await),
            (400, "duplicate_member_external_id".into())
        );

        let admins = server
            .search_members(&MemberSearchRequest {
                organization_ids: Some(vec![acme.organization_id.clone()]),
                query: Some(SearchQuery::all_of(vec![SearchOperand::member_roles(&[
                    "stytch_admin",
                ])])),
                ..Default::default()
            })
            .await
            .unwrap();
        let found: Vec<&str> = admins.members.iter().map(|m| m.member_id.as_str()).collect();
        assert_eq!(found, [ada.member_id.as_str()]);
        assert_eq!(admins.results_metadata.total, 1);

        // Deleted and brought back; then the organization goes with its members.
        server.delete_member("acme", "hr-1").await.unwrap();
        assert_eq!(server.member("acme", "hr-1").await.unwrap().status.as_str(), "deleted");
        let back = server.reactivate_member("acme", "hr-1").await.unwrap();
        assert_eq!(back.status.as_str(), "active");
        server.delete_organization("crm|acme-1").await.unwrap();
        assert_eq!(
            refusal(server.organization(&acme.organization_id).await),
            (404, "organization_not_found".into())
        );
    });
}

/// A member of `organization` with a password, signed in: their session token and JWT.
async fn signed_in(api: &str, organization_id: &str, email: &str, roles: &[&str]) -> (String, String) {
    use sha2::Digest;
    let hash: String = sha2::Sha512::digest(b"correct horse battery staple")
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let body = serde_json::json!({
        "organization_id": organization_id, "email_address": email, "hash_type": "sha_512", "hash": hash, "roles": roles,
    });
    let migrated = backend(api, reqwest::Method::POST, "/passwords/migrate", Some(body)).await;
    assert!(migrated["member"].is_object(), "{migrated}");
    let body = serde_json::json!({
        "organization_id": organization_id, "email_address": email, "password": "correct horse battery staple",
    });
    let answer = backend(api, reqwest::Method::POST, "/passwords/authenticate", Some(body)).await;
    let text = |field: &str| answer[field].as_str().expect("a session").to_owned();
    (text("session_token"), text("session_jwt"))
}

#[test]
fn acting_for_a_member_holds_the_server_to_that_members_permissions_and_organization() {
    let emulator = emulator();
    let api = emulator.url();
    run(async move {
        let server = backend_for(&api);
        let acme = server.create_organization(&organization("acme", None)).await.unwrap();
        let other = server.create_organization(&organization("other", None)).await.unwrap();
        let (admin, _) = signed_in(&api, &acme.organization_id, "admin@acme.example", &["stytch_admin"]).await;
        let (_, plain) = signed_in(&api, &acme.organization_id, "plain@acme.example", &[]).await;
        let rename = MemberUpdate {
            update: MemberUpdateRequest {
                name: Some("Renamed".into()),
                ..Default::default()
            },
            ..Default::default()
        };
        let target = server.member_by_email("acme", "plain@acme.example").await.unwrap();

        let as_admin = server.acting_for(SessionCredential::Token(admin));
        let renamed = as_admin
            .update_member("acme", &target.member_id, &rename)
            .await
            .unwrap();
        assert_eq!(renamed.name, "Renamed");
        assert_eq!(
            refusal(
                as_admin
                    .create_member(
                        "other",
                        &MemberCreateRequest {
                            email_address: "x@other.example".into(),
                            ..Default::default()
                        }
                    )
                    .await
            ),
            (403, "session_authorization_tenancy_error".into()),
            "an admin of Acme is nobody at {}",
            other.organization_id
        );

        // Acting by the session's JWT.
        let as_plain = server.acting_for(SessionCredential::Jwt(plain));
        let colleague = server.member_by_email("acme", "admin@acme.example").await.unwrap();
        assert_eq!(
            refusal(as_plain.update_member("acme", &colleague.member_id, &rename).await),
            (403, "session_authorization_error".into())
        );
        assert_eq!(
            as_plain
                .update_member("acme", &target.member_id, &rename)
                .await
                .unwrap()
                .member_id,
            target.member_id,
            "a member may rename themselves"
        );
        // The server itself is still held to nothing.
        assert!(
            server
                .update_member("acme", &colleague.member_id, &rename)
                .await
                .is_ok()
        );
    });
}

#[test]
fn a_server_invites_members_moves_their_addresses_and_removes_lost_credentials() {
    let emulator = emulator();
    let api = emulator.url();
    run(async move {
        let server = backend_for(&api);
        let acme = server.create_organization(&organization("acme", None)).await.unwrap();

        let invited = server
            .invite_member(&InviteRequest {
                organization_id: acme.organization_id.clone(),
                email_address: "grace@acme.example".into(),
                roles: Some(vec!["stytch_admin".into()]),
                ..Default::default()
            })
            .await
            .unwrap();
        assert_eq!(invited.status.as_str(), "invited");
        assert!(invited.roles.iter().any(|r| r.role_id == "stytch_admin"));
        assert!(
            latest_message(&api, "grace@acme.example").await["link"].is_string(),
            "the invitation is sent"
        );

        // Ada, with a password, a phone and an authenticator app.
        signed_in(&api, &acme.organization_id, "ada@acme.example", &[]).await;
        let ada = server.member_by_email("acme", "ada@acme.example").await.unwrap();
        assert!(!ada.member_password_id.is_empty());
        let phone = MemberUpdate {
            update: MemberUpdateRequest {
                mfa_phone_number: Some("+12025550123".into()),
                ..Default::default()
            },
            ..Default::default()
        };
        server.update_member("acme", &ada.member_id, &phone).await.unwrap();
        let totp = serde_json::json!({
            "organization_id": acme.organization_id, "member_id": ada.member_id,
            "secret": "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP", "recovery_codes": ["abcd-efgh-ijkl"],
        });
        let migrated = backend(&api, reqwest::Method::POST, "/totp/migrate", Some(totp)).await;
        assert!(migrated["totp_registration_id"].is_string(), "{migrated}");

        let ada = server
            .delete_member_mfa_phone_number("acme", &ada.member_id)
            .await
            .unwrap();
        assert!(ada.mfa_phone_number.is_empty());
        assert_eq!(
            refusal(server.delete_member_mfa_phone_number("acme", &ada.member_id).await),
            (404, "member_phone_number_not_found".into())
        );
        let ada = server.delete_member_totp("acme", &ada.member_id).await.unwrap();
        assert!(ada.totp_registration_id.is_empty());
        let ada = server
            .delete_member_password("acme", &ada.member_password_id)
            .await
            .unwrap();
        assert!(ada.member_password_id.is_empty());

        // A new address: started (a code sent to it), or set at once and the old one freed again.
        let start = StartEmailUpdateRequest {
            email_address: "ada@new.example".into(),
            delivery_method: Some("EMAIL_OTP".into()),
            ..Default::default()
        };
        let unchanged = server
            .start_member_email_update("acme", &ada.member_id, &start)
            .await
            .unwrap();
        assert_eq!(unchanged.email_address, "ada@acme.example");
        assert!(
            latest_message(&api, "ada@new.example").await["code"].is_string(),
            "a code to the new address"
        );
        let moved = server
            .update_member(
                "acme",
                &ada.member_id,
                &MemberUpdate {
                    update: MemberUpdateRequest {
                        email_address: Some("ada@other.example".into()),
                        ..Default::default()
                    },
                    ..Default::default()
                },
            )
            .await
            .unwrap();
        assert_eq!(moved.retired_email_addresses[0].email_address, "ada@acme.example");
        let old = UnlinkRetiredEmailRequest {
            email_address: Some("ada@acme.example".into()),
            ..Default::default()
        };
        let freed = server
            .unlink_member_retired_email("acme", &ada.member_id, &old)
            .await
            .unwrap();
        assert!(freed.retired_email_addresses.is_empty());
    });
}

#[test]
fn a_server_searches_organizations_page_by_page_and_counts_their_members() {
    let emulator = emulator();
    let api = emulator.url();
    run(async move {
        let server = backend_for(&api);
        let mut created = Vec::new();
        for slug in ["initech-east", "initech-west", "initrode", "globex"] {
            let mut request = organization(slug, None);
            request.email_allowed_domains = Some(vec![format!("{slug}.example")]);
            created.push(server.create_organization(&request).await.unwrap().organization_id);
        }
        // A pending SAML connection for Globex: found by its ID, not an active one.
        let connection = backend(&api, reqwest::Method::POST, &format!("/sso/saml/{}", created[3]), None).await;
        let connection_id = connection["connection"]["connection_id"].as_str().unwrap().to_owned();
        for (email, organization) in [("a@x.example", 0), ("b@x.example", 0), ("c@x.example", 1)] {
            let member = MemberCreateRequest {
                email_address: email.into(),
                ..Default::default()
            };
            server.create_member(&created[organization], &member).await.unwrap();
        }
        let search = |operands: Vec<SearchOperand>, limit: Option<u32>, cursor: Option<String>| OrganizationSearch {
            query: Some(SearchQuery::all_of(operands)),
            limit,
            cursor,
        };
        let slugs = |page: &OrganizationPage| -> Vec<String> {
            page.organizations.iter().map(|o| o.organization_slug.clone()).collect()
        };

        // Two pages of the three whose slug holds "init".
        let first = server
            .search_organizations(&search(
                vec![SearchOperand::organization_slug_fuzzy("init")],
                Some(2),
                None,
            ))
            .await
            .unwrap();
        assert_eq!(
            (slugs(&first), first.total),
            (vec!["initech-east".into(), "initech-west".into()], 3)
        );
        let rest = search(
            vec![SearchOperand::organization_slug_fuzzy("init")],
            Some(2),
            first.next_cursor.clone(),
        );
        let second = server.search_organizations(&rest).await.unwrap();
        assert_eq!(
            (slugs(&second), second.next_cursor),
            (vec!["initrode".to_owned()], None)
        );

        for (operands, expected) in [
            (
                vec![SearchOperand::organization_slugs(&["globex", "initrode"])],
                vec!["initrode", "globex"],
            ),
            (
                vec![SearchOperand::organization_ids(&[&created[1]])],
                vec!["initech-west"],
            ),
            (
                vec![SearchOperand::organization_name_fuzzy("TECH")],
                vec!["initech-east", "initech-west"],
            ),
            (
                vec![SearchOperand::allowed_domains(&["initrode.example"])],
                vec!["initrode"],
            ),
            (
                vec![SearchOperand::allowed_domain_fuzzy("west.exa")],
                vec!["initech-west"],
            ),
            (
                vec![SearchOperand::member_emails(&["C@X.EXAMPLE"])],
                vec!["initech-west"],
            ),
            (vec![SearchOperand::sso_connection_id(&connection_id)], vec!["globex"]),
            (
                vec![
                    SearchOperand::organization_slug_fuzzy("init"),
                    SearchOperand::has_active_sso_connection(false),
                ],
                vec!["initech-east", "initech-west", "initrode"],
            ),
            (vec![SearchOperand::has_active_sso_connection(true)], vec![]),
        ] {
            let page = server
                .search_organizations(&search(operands.clone(), None, None))
                .await
                .unwrap();
            assert_eq!(slugs(&page), expected, "{operands:?}");
        }
        assert_eq!(
            refusal(
                server
                    .search_organizations(&search(vec![SearchOperand::organization_name_fuzzy("in")], None, None))
                    .await
            ),
            (400, "organization_search_organization_name_fuzzy_too_short".into())
        );
        assert_eq!(
            refusal(
                server
                    .search_organizations(&search(
                        vec![SearchOperand::claimed_email_domains::<&str>(&[])],
                        None,
                        None
                    ))
                    .await
            ),
            (400, "organization_search_missing_claimed_email_domains".into())
        );

        assert_eq!(server.organization_member_count(&created[0]).await.unwrap(), 2);
        assert_eq!(server.organization_member_count("initech-west").await.unwrap(), 1);
        assert_eq!(server.organization_member_count("globex").await.unwrap(), 0);
        assert_eq!(
            refusal(server.organization_member_count("organization-test-none").await),
            (404, "organization_not_found".into())
        );
    });
}

#[test]
fn a_server_sets_up_an_organizations_sso_connections() {
    let emulator = emulator();
    let api = emulator.url();
    run(async move {
        let server = backend_for(&api);
        let umbrella = server
            .create_organization(&organization("umbrella", Some("crm|umbrella")))
            .await
            .unwrap();
        let labs = server
            .create_organization(&organization("umbrella-labs", None))
            .await
            .unwrap();
        let named = |name: &str| CreateConnectionRequest {
            display_name: Some(name.into()),
            identity_provider: Some("okta".into()),
        };

        // SAML: pending until configured, then active; found by the organization's slug.
        let created = server
            .create_saml_connection("crm|umbrella", &named("Umbrella Okta"))
            .await
            .unwrap();
        let saml = created.connection.expect("a connection");
        assert_eq!(
            (saml.status.as_str(), saml.organization_id.as_str()),
            ("pending", umbrella.organization_id.as_str())
        );
        assert!(!saml.acs_url.is_empty() && !saml.audience_uri.is_empty(), "{saml:?}");
        let settings = SamlUpdateConnectionRequest {
            idp_entity_id: Some("http://idp.example/umbrella".into()),
            idp_sso_url: Some("https://idp.example/saml".into()),
            x509_certificate: Some("-----BEGIN CERTIFICATE-----\nbXNw\n-----END CERTIFICATE-----".into()),
            attribute_mapping: Some(serde_json::json!({ "email": "email", "full_name": "name" })),
            saml_encryption_private_key: Some(
                "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----".into(),
            ),
            ..Default::default()
        };
        let configured = server
            .update_saml_connection("umbrella", &saml.connection_id, &settings)
            .await
            .unwrap()
            .connection
            .expect("a connection");
        assert_eq!(configured.status, "active");
        let certificate = configured.verification_certificates[0].certificate_id.clone();
        assert_eq!(
            refusal(
                server
                    .delete_saml_verification_certificate("umbrella", &saml.connection_id, &certificate)
                    .await
            ),
            (400, "cannot_delete_last_sso_verification_key".into()),
            "an active connection keeps its last certificate"
        );
        let key = configured.encryption_private_keys[0].private_key_id.clone();
        server
            .delete_saml_encryption_private_key("umbrella", &saml.connection_id, &key)
            .await
            .unwrap();
        let listed = server.sso_connections("umbrella").await.unwrap();
        assert!(listed.saml_connections[0].encryption_private_keys.is_empty());
        // Metadata Stytch fetches but cannot read (here: the emulator's outbox, which is JSON).
        let not_metadata = format!("{api}/emulator/v1/messages");
        assert_eq!(
            refusal(
                server
                    .update_saml_connection_by_url("umbrella", &saml.connection_id, &not_metadata)
                    .await
            ),
            (400, "invalid_xml_from_saml_metadata_url".into())
        );

        let active = OrganizationSearch {
            query: Some(SearchQuery::all_of(vec![SearchOperand::has_active_sso_connection(
                true,
            )])),
            ..Default::default()
        };
        let found = server.search_organizations(&active).await.unwrap();
        assert_eq!(found.organizations.len(), 1);
        assert_eq!(found.organizations[0].organization_id, umbrella.organization_id);

        // OIDC: pending until it has an issuer, a client ID and a secret.
        let oidc = server
            .create_oidc_connection("umbrella", &named("Umbrella Entra"))
            .await
            .unwrap()
            .connection
            .expect("a connection");
        assert_eq!(oidc.status, "pending");
        assert!(!oidc.redirect_url.is_empty());
        let settings = OidcUpdateConnectionRequest {
            issuer: Some("https://login.example/v2.0".into()),
            client_id: Some("umbrella-client".into()),
            client_secret: Some("umbrella-secret".into()),
            authorization_url: Some("https://login.example/authorize".into()),
            token_url: Some("https://login.example/token".into()),
            userinfo_url: Some("https://login.example/userinfo".into()),
            jwks_url: Some("https://login.example/keys".into()),
            attribute_mapping: Some(serde_json::json!({ "department": "dept" })),
            ..Default::default()
        };
        let oidc = server
            .update_oidc_connection("umbrella", &oidc.connection_id, &settings)
            .await
            .unwrap();
        assert_eq!(oidc.connection.as_ref().map(|c| c.status.as_str()), Some("active"));
        assert_eq!(
            oidc.connection.as_ref().and_then(|c| c.attribute_mapping.clone()),
            Some(serde_json::json!({ "department": "dept" })),
            "the mapping an update sets is kept"
        );
        let oidc_id = oidc.connection.map(|c| c.connection_id).unwrap_or_default();

        // The lab signs in through the parent's SAML connection.
        let external = ExternalCreateConnectionRequest {
            external_organization_id: umbrella.organization_id.clone(),
            external_connection_id: saml.connection_id.clone(),
            display_name: Some("Umbrella group login".into()),
            ..Default::default()
        };
        let external = server
            .create_external_connection("umbrella-labs", &external)
            .await
            .unwrap()
            .connection
            .expect("a connection");
        let renamed = ExternalUpdateConnectionRequest {
            display_name: Some("Group SSO".into()),
            ..Default::default()
        };
        let renamed = server
            .update_external_connection(&labs.organization_id, &external.connection_id, &renamed)
            .await
            .unwrap();
        assert_eq!(renamed.connection.map(|c| c.display_name).as_deref(), Some("Group SSO"));
        let listed = server.sso_connections("umbrella-labs").await.unwrap();
        assert_eq!(listed.external_connections.len(), 1);

        server.delete_sso_connection("umbrella", &oidc_id).await.unwrap();
        let listed = server.sso_connections("umbrella").await.unwrap();
        assert_eq!(
            (listed.saml_connections.len(), listed.oidc_connections.len()),
            (1, 0),
            "the OIDC connection is gone"
        );
        assert_eq!(
            refusal(server.delete_sso_connection("umbrella", &oidc_id).await),
            (404, "sso_connection_not_found".into())
        );
        assert_eq!(
            refusal(
                server
                    .update_oidc_connection("umbrella", &oidc_id, &Default::default())
                    .await
            )
            .0,
            404
        );
        assert_eq!(
            refusal(server.sso_connections("organization-test-none").await),
            (404, "organization_not_found".into())
        );

        // Acting for a member: an admin may list the connections, a plain member may not.
        let (admin, _) = signed_in(
            &api,
            &umbrella.organization_id,
            "admin@umbrella.example",
            &["stytch_admin"],
        )
        .await;
        let (plain, _) = signed_in(&api, &umbrella.organization_id, "plain@umbrella.example", &[]).await;
        let as_admin = server.acting_for(SessionCredential::Token(admin));
        assert_eq!(
            as_admin
                .sso_connections("umbrella")
                .await
                .unwrap()
                .saml_connections
                .len(),
            1
        );
        let as_plain = server.acting_for(SessionCredential::Token(plain));
        assert_eq!(
            refusal(as_plain.create_oidc_connection("umbrella", &named("Rogue")).await),
            (403, "session_authorization_error".into())
        );
    });
}

/// The SCIM protocol as an identity provider speaks it: `path` under the connection's base
/// URL, with its bearer token; the status and the body.
async fn scim(
    base_url: &str,
    token: &str,
    method: reqwest::Method,
    path: &str,
    body: Option<serde_json::Value>,
) -> (u16, serde_json::Value) {
    let mut request = reqwest::Client::new()
        .request(method, format!("{base_url}{path}"))
        .bearer_auth(token);
    if let Some(body) = body {
        request = request
            .header("content-type", "application/scim+json")
            .body(body.to_string());
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or_default())
}

#[test]
fn a_server_connects_an_organizations_identity_provider_by_scim_and_rotates_its_token() {
    let emulator = emulator();
    let api = emulator.url();
    run(async move {
        let server = backend_for(&api);
        let initech = server
            .create_organization(&organization("initech", Some("crm|initech")))
            .await
            .unwrap();
        assert_eq!(
            refusal(server.scim_connection("initech").await),
            (404, "no_active_scim_connection".into()),
            "none yet"
        );

        // Created by external ID: active at once, with the base URL and the token shown once.
        let request = CreateScimConnectionRequest {
            display_name: Some("Initech Okta".into()),
            identity_provider: Some("okta".into()),
        };
        let created = server
            .create_scim_connection("crm|initech", &request)
            .await
            .unwrap()
            .connection
            .expect("a connection");
        assert_eq!(
            (created.organization_id.as_str(), created.status.as_str()),
            (initech.organization_id.as_str(), "active")
        );
        assert!(
            created.base_url.starts_with(&format!("{api}/v1/b2b/scim/")),
            "{}",
            created.base_url
        );
        let token = created.bearer_token.clone();
        assert!(!format!("{created:?}").contains(&token), "the token stays out of logs");
        assert_eq!(
            refusal(server.create_scim_connection("initech", &request).await),
            (400, "active_scim_connection_exists".into()),
            "one per organization"
        );
        let read_back = server
            .scim_connection("initech")
            .await
            .unwrap()
            .connection
            .expect("a connection");
        assert_eq!(read_back.connection_id, created.connection_id);
        assert_eq!(read_back.bearer_token_last_four, token[token.len() - 4..]);
        let connection = created.connection_id.clone();
        let base = created.base_url.clone();

        // The identity provider provisions a user and puts them in a group.
        let (status, user) = scim(
            &base,
            &token,
            reqwest::Method::POST,
            "/Users",
            Some(serde_json::json!({
                "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
                "userName": "milton@initech.example",
                "active": true,
                "emails": [{ "value": "milton@initech.example", "primary": true }],
            })),
        )
        .await;
        assert_eq!(status, 201, "{user}");
        for name in ["Engineering", "Facilities"] {
            let members = if name == "Facilities" {
                serde_json::json!([{ "value": user["id"] }])
            } else {
                serde_json::json!([])
            };
            let (status, group) = scim(
                &base,
                &token,
                reqwest::Method::POST,
                "/Groups",
                Some(serde_json::json!({
                    "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
                    "displayName": name,
                    "members": members,
                })),
            )
            .await;
            assert_eq!(status, 201, "{group}");
        }

        // Its groups, one page at a time, in the order they came.
        let first = server
            .scim_groups(
                "initech",
                &connection,
                &ScimGroupsRequest {
                    limit: Some(1),
                    cursor: None,
                },
            )
            .await
            .unwrap();
        assert_eq!(
            first
                .scim_groups
                .iter()
                .map(|g| g.group_name.as_str())
                .collect::<Vec<_>>(),
            ["Engineering"]
        );
        let second = server
            .scim_groups(
                "initech",
                &connection,
                &ScimGroupsRequest {
                    limit: Some(1),
                    cursor: first.next_cursor.clone(),
                },
            )
            .await
            .unwrap();
        assert_eq!(
            second
                .scim_groups
                .iter()
                .map(|g| g.group_name.as_str())
                .collect::<Vec<_>>(),
            ["Facilities"]
        );
        assert_eq!(second.next_cursor, None, "the last page");
        let facilities = second.scim_groups[0].group_id.clone();

        // Members of Facilities are editors; a group the identity provider never sent is refused.
        let assign = |group_id: &str| UpdateScimConnectionRequest {
            display_name: Some("Initech Okta (prod)".into()),
            scim_group_implicit_role_assignments: Some(vec![ScimGroupRoleAssignment {
                role_id: "editor".into(),
                group_id: group_id.into(),
                group_name: None,
            }]),
            ..Default::default()
        };
        assert_eq!(
            refusal(
                server
                    .update_scim_connection("initech", &connection, &assign("scim-group-none"))
                    .await
            ),
            (400, "scim_group_role_assignment_group_does_not_exist".into())
        );
        let updated = server
            .update_scim_connection("initech", &connection, &assign(&facilities))
            .await
            .unwrap()
            .connection
            .expect("a connection");
        assert_eq!(updated.display_name, "Initech Okta (prod)");
        assert_eq!(
            updated.scim_group_implicit_role_assignments[0].group_name.as_deref(),
            Some("Facilities")
        );
        let milton = server
            .member_by_email("initech", "milton@initech.example")
            .await
            .unwrap();
        assert!(milton.roles.iter().any(|r| r.role_id == "editor"), "{:?}", milton.roles);

        // Rotation: both tokens work until it completes, then only the new one.
        assert_eq!(
            refusal(server.complete_scim_token_rotation("initech", &connection).await),
            (400, "scim_connection_not_rotating_token".into()),
            "nothing to complete"
        );
        let users = |bearer: String| {
            let base = base.clone();
            async move { scim(&base, &bearer, reqwest::Method::GET, "/Users", None).await.0 }
        };
        let next = server
            .start_scim_token_rotation("initech", &connection)
            .await
            .unwrap()
            .connection
            .expect("a connection")
            .next_bearer_token;
        assert_eq!((users(token.clone()).await, users(next.clone()).await), (200, 200));
        let rotated = server
            .complete_scim_token_rotation("initech", &connection)
            .await
            .unwrap()
            .connection
            .expect("a connection");
        assert_eq!(rotated.bearer_token_last_four, next[next.len() - 4..]);
        assert_eq!(rotated.next_bearer_token_last_four, None);
        assert_eq!((users(token.clone()).await, users(next.clone()).await), (401, 200));
        // A cancelled rotation keeps the current token and drops the next.
        let abandoned = server
            .start_scim_token_rotation("initech", &connection)
            .await
            .unwrap()
            .connection
            .expect("a connection")
            .next_bearer_token;
        server.cancel_scim_token_rotation("initech", &connection).await.unwrap();
        assert_eq!((users(next.clone()).await, users(abandoned).await), (200, 401));

        // Acting for a member: an admin may read it, a plain member may not change it.
        let (admin, _) = signed_in(
            &api,
            &initech.organization_id,
            "lumbergh@initech.example",
            &["stytch_admin"],
        )
        .await;
        let (plain, _) = signed_in(&api, &initech.organization_id, "peter@initech.example", &[]).await;
        let as_admin = server.acting_for(SessionCredential::Token(admin));
        assert!(as_admin.scim_connection("initech").await.unwrap().connection.is_some());
        let as_plain = server.acting_for(SessionCredential::Token(plain));
        assert_eq!(
            refusal(as_plain.start_scim_token_rotation("initech", &connection).await),
            (403, "session_authorization_error".into())
        );

        // Deleted: its token ends and the group's role with it; the member stays.
        server.delete_scim_connection("initech", &connection).await.unwrap();
        assert_eq!(users(next).await, 401);
        let milton = server
            .member_by_email("initech", "milton@initech.example")
            .await
            .unwrap();
        assert!(
            !milton.roles.iter().any(|r| r.role_id == "editor"),
            "{:?}",
            milton.roles
        );
        assert_eq!(refusal(server.scim_connection("initech").await).0, 404);
        assert_eq!(
            refusal(server.delete_scim_connection("initech", &connection).await).0,
            404
        );
    });
}

#[test]
fn a_server_defines_an_organizations_own_roles_and_its_local_checks_follow_at_once() {
    let emulator = emulator();
    let api = emulator.url();
    run(async move {
        let server = backend_for(&api);
        let hooli = server.create_organization(&organization("hooli", None)).await.unwrap();
        assert_eq!(server.organization_roles(&hooli.organization_id).await.unwrap(), vec![]);
        // A member holding a role the organization has not defined yet.
        let (_, jwt) = signed_in(&api, &hooli.organization_id, "gavin@hooli.example", &["auditor"]).await;
        let delete = || AuthenticateJwtOptions {
            authorization_check: Some(AuthorizationCheck {
                organization_id: hooli.organization_id.clone(),
                resource_id: "documents".into(),
                action: "delete".into(),
            }),
            ..Default::default()
        };
        assert_eq!(
            refusal(server.authenticate_jwt(&jwt, delete()).await),
            (403, "session_authorization_error".into()),
            "no such role yet (and this server now holds the organization's roles)"
        );

        let auditor = PolicyRole {
            role_id: "auditor".into(),
            description: "Audits and purges documents".into(),
            permissions: vec![Permission {
                resource_id: "documents".into(),
                actions: vec!["read".into(), "delete".into()],
            }],
        };
        let saved = server
            .set_organization_roles("hooli", std::slice::from_ref(&auditor))
            .await
            .unwrap();
        let granted = server
            .authenticate_jwt(&jwt, delete())
            .await
            .expect("the new role grants it");
        assert!(
            granted.verified_locally,
            "the server's cached roles were renewed, no call to Stytch"
        );
        assert_eq!(saved, vec![auditor.clone()], "named by slug");
        assert_eq!(
            server.organization_roles(&hooli.organization_id).await.unwrap(),
            vec![auditor.clone()]
        );
        assert_eq!(
            server.organization("hooli").await.unwrap().custom_roles,
            vec![auditor.clone()]
        );

        // Refused, and nothing changes: a project role's ID, a resource the project lacks.
        let clash = PolicyRole {
            role_id: "editor".into(),
            ..auditor.clone()
        };
        assert_eq!(
            refusal(server.set_organization_roles("hooli", &[clash]).await),
            (400, "bad_request".into())
        );
        let unknown = PolicyRole {
            permissions: vec![Permission {
                resource_id: "spaceships".into(),
                actions: vec!["fly".into()],
            }],
            ..auditor.clone()
        };
        assert_eq!(refusal(server.set_organization_roles("hooli", &[unknown]).await).0, 400);
        assert_eq!(server.organization_roles("hooli").await.unwrap(), vec![auditor]);

        // Removed: Stytch and the local check both say no at once.
        assert_eq!(
            server
                .set_organization_roles(&hooli.organization_id, &[])
                .await
                .unwrap(),
            vec![]
        );
        assert_eq!(
            refusal(server.authenticate_jwt(&jwt, delete()).await),
            (403, "session_authorization_error".into())
        );
        assert_eq!(
            refusal(server.organization_roles("organization-test-none").await),
            (404, "organization_not_found".into())
        );
    });
}
