//! The primary methods and step-up through the headless client against a real emulator: an
//! email-code step-up that survives a page load, OAuth tokens through `authenticate_by_url`,
//! passwords and their discovery reset, invitations, member search and management, signing a
//! member out everywhere, an SSO step-up through a simulated identity provider, a switch
//! into an MFA organization that never signs out, and Google One Tap.

mod support;

use stytch_core::OAuthStartOptions;
use stytch_core::SsoStartOptions;
use stytch_core::UrlAuthentication;
use stytch_core::models::api::{
    magic_links::InviteRequest,
    oauth::OAuthProvider,
    organizations::{MemberSearchRequest, SearchOperand, SearchQuery},
    otps::EmailOtpLoginOrSignupRequest,
    passwords::DiscoveryResetStartRequest,
};
use support::*;

fn hooli_id(discovered: &stytch_core::models::api::discovery::DiscoveryAuthenticateResponse) -> String {
    discovered
        .discovered_organizations
        .iter()
        .find(|o| o.organization.organization_slug == "hooli")
        .expect("Hooli is discovered")
        .organization
        .organization_id
        .clone()
}

#[test]
fn a_step_up_survives_a_page_load() {
    let emulator = demo_emulator();
    let api = emulator.url();
    run(async move {
        let browser = Browser::new();
        let first = browser.open(&api);
        let discovered = discover_by_link(&first, &api, "ada@example.com").await;
        let hooli = hooli_id(&discovered);
        let answer = first
            .discovery()
            .exchange_intermediate_session(&hooli, Some(60))
            .await
            .expect("answered");
        assert!(
            answer.primary_required.is_some(),
            "a magic link does not count at Hooli"
        );
        let request = EmailOtpLoginOrSignupRequest {
            organization_id: hooli.clone(),
            email_address: "ada@example.com".into(),
            ..Default::default()
        };
        first.otps().email_login_or_signup(&request).await.expect("code sent");
        drop(first);

        // The person opens the email in the same browser: a new page, a new client.
        let second = browser.open(&api);
        assert!(
            second.store().cookies().intermediate_session_token().is_some(),
            "starting without a session keeps the step-up's IST"
        );
        let code = latest_message(&api, "ada@example.com").await["code"]
            .as_str()
            .unwrap()
            .to_owned();
        let session = second
            .otps()
            .email_authenticate(&hooli, "ada@example.com", &code, Some(60))
            .await
            .expect("signed in");
        let factors: Vec<_> = session
            .member_session
            .expect("a session")
            .authentication_factors
            .into_iter()
            .map(|f| f.factor_type)
            .collect();
        assert_eq!(factors, ["magic_link", "email_otp"]);
        assert!(
            second.store().cookies().intermediate_session_token().is_none(),
            "the IST is consumed"
        );
    });
}

#[test]
fn oauth_tokens_come_back_through_authenticate_by_url() {
    let emulator = demo_emulator();
    let api = emulator.url();
    run(async move {
        let browser = Browser::new();
        let client = browser.open(&api);
        let options = OAuthStartOptions {
            discovery_redirect_url: Some("http://localhost:8080/authenticate".into()),
            ..Default::default()
        };
        let start = client.oauth().discovery_start_url(&OAuthProvider::Microsoft, &options);
        assert!(start.starts_with(&format!(
            "{api}/v1/b2b/public/oauth/microsoft/discovery/start?public_token="
        )));
        let page = reqwest::get(&start).await.unwrap();
        assert_eq!(page.status(), 200, "the consent page opens");

        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        let consent = http
            .post(format!("{api}/v1/b2b/public/oauth/microsoft/consent"))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(format!(
                "public_token={PUBLIC_TOKEN}&discovery=true&discovery_redirect_url=http%3A%2F%2Flocalhost%3A8080%2Fauthenticate&email=ada%40example.com"
            ))
            .send()
            .await
            .unwrap();
        let location = consent.headers()["location"].to_str().unwrap().to_owned();
        match client.authenticate_by_url(&location, Some(60)).await {
            Some(Ok(UrlAuthentication::Discovery(r))) => {
                assert_eq!(r.provider_type.as_deref(), Some("Microsoft"));
                assert!(
                    r.discovered_organizations
                        .iter()
                        .any(|o| o.organization.organization_slug == "hooli" && o.member_authenticated)
                );
            }
            other => panic!("{other:?}"),
        }
        assert!(
            client
                .authenticate_by_url("http://localhost:3000/authenticate", None)
                .await
                .is_none()
        );
        match client
            .authenticate_by_url(
                "http://localhost:3000/authenticate?stytch_token_type=multi_tenant_passwords&token=x",
                None,
            )
            .await
        {
            Some(Ok(UrlAuthentication::Unhandled(url))) => assert_eq!(url.token_type, "multi_tenant_passwords"),
            other => panic!("{other:?}"),
        }
    });
}

#[test]
fn switching_into_an_mfa_organization_keeps_the_session_until_it_completes() {
    let emulator = demo_emulator();
    let api = emulator.url();
    run(async move {
        let browser = Browser::new();
        let client = browser.open(&api);
        sign_in_to(&client, &api, "ada@example.com", "acme").await;
        let before = client.session().get_sync().expect("signed in to Acme");
        let listed = client
            .discovery()
            .list_organizations_for_session()
            .await
            .expect("listed");
        assert!(
            listed
                .discovered_organizations
                .iter()
                .any(|o| o.organization.organization_slug == "fabrikam")
        );

        let answer = client
            .session()
            .switch_organization("fabrikam", Some(60))
            .await
            .expect("answered");
        assert!(answer.mfa_required.is_some(), "Fabrikam requires an authenticator app");
        assert_eq!(
            client.session().get_sync().map(|s| s.member_session_id),
            Some(before.member_session_id.clone()),
            "still signed in to Acme"
        );
        assert!(client.store().cookies().session_token().is_some());
        assert!(client.store().cookies().intermediate_session_token().is_some());

        // Abandoned: the IST goes, the session stays.
        client.session().discard_intermediate_session();
        assert!(client.store().cookies().intermediate_session_token().is_none());
        assert_eq!(
            client.session().get_sync().map(|s| s.member_session_id),
            Some(before.member_session_id.clone())
        );

        // Completed: the authenticator code grants the Fabrikam session.
        let answer = client
            .session()
            .switch_organization("fabrikam", Some(60))
            .await
            .unwrap();
        let created = client
            .totp()
            .create(&answer.organization_id, &answer.member_id)
            .await
            .expect("TOTP created with the IST");
        let code = totp_now(&created.secret);
        client
            .totp()
            .authenticate(&answer.organization_id, &answer.member_id, &code, Some(60), true)
            .await
            .expect("authenticated");
        let after = client.session().get_sync().expect("signed in");
        assert_eq!(after.organization_slug, "fabrikam");
        assert!(client.store().cookies().intermediate_session_token().is_none());
    });
}

#[test]
fn passwords_sign_in_and_rate() {
    let emulator = demo_emulator();
    let api = emulator.url();
    run(async move {
        let client = Browser::new().open(&api);
        let stark = client
            .organization()
            .get_by_slug("stark")
            .await
            .unwrap()
            .expect("Stark exists");
        assert!(client.organization().get_by_slug("nope").await.unwrap().is_none());
        let wrong = client
            .passwords()
            .authenticate(&stark.organization_id, "tony@stark.example", "nope", Some(30))
            .await
            .unwrap_err();
        assert_eq!(wrong.error_type().map(|t| t.as_str()), Some("unauthorized_credentials"));
        let signed_in = client
            .passwords()
            .authenticate(
                &stark.organization_id,
                "tony@stark.example",
                "Arc-Reactor-Mark-42",
                Some(30),
            )
            .await
            .unwrap();
        assert!(signed_in.member_session.is_some());
        assert!(client.session().get_sync().is_some());
        let rating = client.passwords().strength_check("password", None).await.unwrap();
        assert!(!rating.valid_password && rating.breached_password);
    });
}

#[test]
fn a_discovery_password_reset_sets_every_membership_and_starts_discovery() {
    let emulator = demo_emulator();
    let api = emulator.url();
    run(async move {
        let client = Browser::new().open(&api);
        let start = DiscoveryResetStartRequest {
            email_address: "ada@example.com".into(),
            ..Default::default()
        };
        client.passwords().discovery_reset_by_email_start(&start).await.unwrap();
        let link = latest_message(&api, "ada@example.com").await["link"]
            .as_str()
            .unwrap()
            .to_owned();
        // The page the link lands on: a reset is left to the reset call, never authenticated.
        let Some(Ok(UrlAuthentication::Unhandled(url))) = client.authenticate_by_url(&link, Some(60)).await else {
            panic!("a reset link is not authenticated by URL")
        };
        assert_eq!(
            (url.token_type.as_str(), url.redirect_type.as_deref()),
            ("discovery", Some("reset_password"))
        );
        let weak = client
            .passwords()
            .discovery_reset_by_email(&url.token, "ada")
            .await
            .unwrap_err();
        assert_eq!(weak.error_type().map(|t| t.as_str()), Some("weak_password"));
        let password = "Analytical-Engine-1843";
        let discovered = client
            .passwords()
            .discovery_reset_by_email(&url.token, password)
            .await
            .unwrap();
        assert_eq!(discovered.email_address, "ada@example.com");
        // The IST it stored completes a sign-in into Acme, which accepts passwords (Hooli does
        // not, and would ask for another factor).
        let acme = discovered
            .discovered_organizations
            .iter()
            .find(|o| o.organization.organization_slug == "acme")
            .expect("Acme is discovered");
        let signed_in = client
            .discovery()
            .exchange_intermediate_session(&acme.organization.organization_id, Some(60))
            .await
            .unwrap();
        assert!(signed_in.member_session.is_some());
        client
            .passwords()
            .discovery_authenticate("ada@example.com", password)
            .await
            .expect("the new password signs in across organizations");
    });
}

#[test]
fn an_admin_invites_finds_the_invitee_by_search_and_the_link_signs_them_in() {
    let emulator = emulator();
    let api = emulator.url();
    run(async move {
        let browser = Browser::new();
        let admin = browser.open(&api);
        sign_in(&admin, &api, "founder@example.org", "invites", 60).await;
        let invite = InviteRequest {
            email_address: "newcomer@example.org".into(),
            name: Some("Newcomer".into()),
            ..Default::default()
        };
        let invited = admin.magic_links().invite(&invite).await.unwrap();
        assert_eq!(invited.member.status, stytch_core::models::MemberStatus::Invited);

        // The admin lists the members, then only those still invited, a page at a time.
        let search = |query: Option<SearchQuery>, limit: Option<u32>, cursor: Option<String>| MemberSearchRequest {
            query,
            limit,
            cursor,
            ..Default::default()
        };
        let everyone = admin
            .organization()
            .search_members(&search(None, Some(1), None))
            .await
            .unwrap();
        assert_eq!(everyone.results_metadata.total, 2);
        assert_eq!(everyone.members[0].email_address, "founder@example.org");
        let rest = admin
            .organization()
            .search_members(&search(None, Some(1), everyone.results_metadata.next_cursor))
            .await
            .unwrap();
        assert_eq!(rest.members[0].member_id, invited.member.member_id);
        assert_eq!(rest.results_metadata.next_cursor, None);
        assert_eq!(
            rest.organizations[&invited.organization.organization_id].organization_slug,
            "invites"
        );
        let still_invited = SearchQuery::all_of(vec![SearchOperand::statuses(&[
            stytch_core::models::MemberStatus::Invited,
        ])]);
        let pending = admin
            .organization()
            .search_members(&search(Some(still_invited.clone()), None, None))
            .await
            .unwrap();
        assert_eq!(pending.members.len(), 1);
        assert_eq!(pending.members[0].email_address, "newcomer@example.org");
        let unknown = SearchQuery::all_of(vec![SearchOperand {
            filter_name: "member_shoe_size".into(),
            filter_value: 42.into(),
        }]);
        let refused = admin
            .organization()
            .search_members(&search(Some(unknown), None, None))
            .await
            .unwrap_err();
        assert_eq!(
            refused.error_type().map(|t| t.as_str()),
            Some("member_search_filter_name_not_recognized")
        );

        // The newcomer opens the emailed link in a browser of their own.
        let newcomer = Browser::new().open(&api);
        let link = latest_message(&api, "newcomer@example.org").await["link"]
            .as_str()
            .unwrap()
            .to_owned();
        let Some(Ok(UrlAuthentication::Authenticated(joined))) = newcomer.authenticate_by_url(&link, Some(60)).await
        else {
            panic!("the invite link signs in")
        };
        assert_eq!(
            joined.organization.organization_id,
            invited.organization.organization_id
        );
        assert_eq!(joined.member.status, stytch_core::models::MemberStatus::Active);
        assert!(newcomer.session().get_sync().is_some());

        // A plain member may neither invite nor search the members.
        let refused = newcomer.magic_links().invite(&invite).await.unwrap_err();
        assert_eq!(
            refused.error_type().map(|t| t.as_str()),
            Some("session_authorization_error")
        );
        let refused = newcomer
            .organization()
            .search_members(&search(Some(still_invited), None, None))
            .await
            .unwrap_err();
        assert_eq!(
            refused.error_type().map(|t| t.as_str()),
            Some("session_authorization_error")
        );
        let now_active = admin
            .organization()
            .search_members(&search(None, None, None))
            .await
            .unwrap();
        assert!(
            now_active
                .members
                .iter()
                .all(|m| m.status == stytch_core::models::MemberStatus::Active)
        );
    });
}

#[test]
fn an_admin_manages_members_and_a_member_only_their_own_details() {
    use stytch_core::models::api::organizations::{
        MemberCreateRequest, MemberUpdateRequest, OrganizationUpdateRequest,
    };
    let emulator = emulator();
    let api = emulator.url();
    run(async move {
        let admin = Browser::new().open(&api);
        sign_in(&admin, &api, "boss@example.org", "managed", 60).await;
        let create = MemberCreateRequest {
            email_address: "worker@example.org".into(),
            ..Default::default()
        };
        let worker = admin.organization().create_member(&create).await.unwrap().member;
        let rename = MemberUpdateRequest {
            name: Some("Worker".into()),
            ..Default::default()
        };
        let renamed = admin
            .organization()
            .update_member(&worker.member_id, &rename)
            .await
            .unwrap();
        assert_eq!(renamed.member.name, "Worker");
        assert_eq!(
            admin.member().get_sync().unwrap().name,
            "",
            "someone else's update is not cached as ours"
        );
        let organization = OrganizationUpdateRequest {
            organization_name: Some("Managed Inc".into()),
            ..Default::default()
        };
        admin.organization().update(&organization).await.unwrap();
        assert_eq!(
            admin.organization().get_sync().unwrap().organization_name,
            "Managed Inc"
        );

        let member = Browser::new().open(&api);
        sign_in_to(&member, &api, "worker@example.org", &worker.organization_id).await;
        let me = member
            .member()
            .update(&MemberUpdateRequest {
                name: Some("Me".into()),
                ..Default::default()
            })
            .await
            .unwrap();
        assert_eq!(
            (me.name.as_str(), member.member().get_sync().unwrap().name.as_str()),
            ("Me", "Me")
        );
        let promote = MemberUpdateRequest {
            roles: Some(vec!["stytch_admin".into()]),
            ..Default::default()
        };
        let refused = member
            .organization()
            .update_member(&worker.member_id, &promote)
            .await
            .unwrap_err();
        assert_eq!(
            refused.error_type().map(|t| t.as_str()),
            Some("session_authorization_error")
        );
        assert!(member.organization().update(&organization).await.is_err());
        let phone = MemberUpdateRequest {
            mfa_phone_number: Some("+15005550106".into()),
            ..Default::default()
        };
        assert_eq!(
            member.member().update(&phone).await.unwrap().mfa_phone_number,
            "+15005550106"
        );
        let cleared = member.member().delete_mfa_phone_number().await.unwrap();
        assert_eq!(cleared.mfa_phone_number, "");
        assert_eq!(member.member().get_sync().unwrap().mfa_phone_number, "");
        let boss_id = admin.member().get_sync().unwrap().member_id;
        let refused = member
            .organization()
            .delete_member_mfa_phone_number(&boss_id)
            .await
            .unwrap_err();
        assert_eq!(
            refused.error_type().map(|t| t.as_str()),
            Some("session_authorization_error")
        );

        admin.organization().delete_member(&worker.member_id).await.unwrap();
        let back = admin.organization().reactivate_member(&worker.member_id).await.unwrap();
        assert_eq!(back.member.status, stytch_core::models::MemberStatus::Active);
    });
}

#[test]
fn an_admin_signs_a_member_out_everywhere_and_signing_oneself_out_ends_locally_at_once() {
    use stytch_core::models::api::organizations::MemberCreateRequest;
    let emulator = emulator();
    let api = emulator.url();
    run(async move {
        let admin = Browser::new().open(&api);
        sign_in(&admin, &api, "chief@example.org", "revokers", 60).await;
        let admin_id = admin.member().get_sync().unwrap().member_id;
        let create = MemberCreateRequest {
            email_address: "crew@example.org".into(),
            ..Default::default()
        };
        let crew = admin.organization().create_member(&create).await.unwrap().member;
        let member = Browser::new().open(&api);
        sign_in_to(&member, &api, "crew@example.org", &crew.organization_id).await;

        let refused = member.session().revoke_for_member(&admin_id).await.unwrap_err();
        assert_eq!(
            refused.error_type().map(|t| t.as_str()),
            Some("session_authorization_error")
        );
        assert!(member.session().get_sync().is_some(), "a refusal signs no one out");

        admin.session().revoke_for_member(&crew.member_id).await.unwrap();
        assert!(
            admin.session().get_sync().is_some(),
            "signing someone else out keeps our session"
        );
        assert!(member.session().authenticate(None).await.is_err());
        assert!(
            member.session().get_sync().is_none(),
            "the member's next refresh signs them out"
        );

        admin.session().revoke_for_member(&admin_id).await.unwrap();
        assert!(
            admin.session().get_sync().is_none(),
            "signing oneself out ends the local session at once"
        );
    });
}

#[test]
fn sso_completes_a_step_up_through_the_identity_provider() {
    let emulator = demo_emulator();
    let api = emulator.url();
    run(async move {
        let browser = Browser::new();
        let client = browser.open(&api);
        let discovered = discover_by_link(&client, &api, "miles@cyberdyne.example").await;
        let cyberdyne = discovered
            .discovered_organizations
            .iter()
            .find(|o| o.organization.organization_slug == "cyberdyne")
            .expect("Cyberdyne is discovered")
            .organization
            .clone();
        let answer = client
            .discovery()
            .exchange_intermediate_session(&cyberdyne.organization_id, Some(60))
            .await
            .expect("answered");
        let required = answer.primary_required.expect("SSO is required");
        assert_eq!(required.allowed_auth_methods.len(), 1);
        assert_eq!(required.allowed_auth_methods[0].as_str(), "sso");

        // The login page's address-first lookup finds the connection the organization lists.
        let found = client
            .sso()
            .discover_connections("miles@cyberdyne.example")
            .await
            .expect("connections");
        assert_eq!(found.connections, cyberdyne.sso_active_connections);
        let connection = &found.connections[0].connection_id;

        let options = SsoStartOptions {
            login_redirect_url: Some("http://localhost:8080/authenticate".into()),
            ..Default::default()
        };
        let start = client.sso().start_url(connection, &options);
        let page = reqwest::get(&start).await.unwrap();
        assert_eq!(page.status(), 200, "the identity provider's page opens");
        let location = idp_sign_in(&api, &start, "miles%40cyberdyne.example").await;
        let session = match client.authenticate_by_url(&location, Some(60)).await {
            Some(Ok(UrlAuthentication::Authenticated(r))) => r.member_session.expect("signed in"),
            other => panic!("{other:?}"),
        };
        let factors: Vec<_> = session
            .authentication_factors
            .iter()
            .map(|f| f.delivery_method.as_str())
            .collect();
        assert_eq!(factors, ["email", "sso_saml"], "the SSO factor joined the IST's");
        let sso = session.authentication_factors[1]
            .saml_sso_factor
            .as_ref()
            .expect("SAML details");
        assert_eq!(&sso.provider_id, connection);
        assert!(client.store().cookies().intermediate_session_token().is_none());
        assert_eq!(
            client.session().get_sync().map(|s| s.organization_id),
            Some(cyberdyne.organization_id.clone())
        );
        let refused = client.sso().get_connections().await.expect_err("a plain member");
        assert_eq!(
            refused.error_type().map(|t| t.as_str().to_owned()).as_deref(),
            Some("session_authorization_error")
        );
    });
}

/// An admin sets up SSO from the app: a SAML connection is created (pending), configured
/// (active, the organization's default; its key rotated, an encryption key added and deleted),
/// and signs someone in; an OIDC one is created and deleted; a plain member may do none of it.
/// A partner organization's admin then lets the provider's people in through an external
/// connection.
#[test]
fn an_admin_sets_up_an_identity_provider_that_then_signs_people_in() {
    use stytch_core::models::api::sso::{
        CreateConnectionRequest, ExternalCreateConnectionRequest, ExternalUpdateConnectionRequest,
        OidcUpdateConnectionRequest, SamlUpdateConnectionRequest,
    };
    let emulator = emulator();
    let api = emulator.url();
    run(async move {
        let admin = Browser::new().open(&api);
        sign_in(&admin, &api, "it@initrode.example", "initrode", 60).await;
        let okta = CreateConnectionRequest {
            display_name: Some("Initrode Okta".into()),
            identity_provider: Some("okta".into()),
        };
        let created = admin
            .sso()
            .create_saml_connection(&okta)
            .await
            .unwrap()
            .connection
            .unwrap();
        assert_eq!(
            (created.status.as_str(), created.display_name.as_str()),
            ("pending", "Initrode Okta")
        );
        let refused = admin
            .sso()
            .update_saml_connection(
                &created.connection_id,
                &SamlUpdateConnectionRequest {
                    x509_certificate: Some("not a certificate".into()),
                    ..Default::default()
                },
            )
            .await
            .expect_err("not PEM");
        assert_eq!(
            refused.error_type().map(|t| t.as_str()),
            Some("invalid_x509_certificate")
        );
        let settings = SamlUpdateConnectionRequest {
            idp_entity_id: Some("http://www.okta.com/exk-initrode".into()),
            idp_sso_url: Some("https://initrode.okta.example/app/sso/saml".into()),
            x509_certificate: Some("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----".into()),
            ..Default::default()
        };
        let active = admin
            .sso()
            .update_saml_connection(&created.connection_id, &settings)
            .await
            .unwrap()
            .connection
            .unwrap();
        assert_eq!(active.status, "active");
        let organization = admin.organization().get().await.unwrap();
        assert_eq!(
            organization.sso_default_connection_id.as_deref(),
            Some(created.connection_id.as_str())
        );

        // The identity provider's key is rotated: the new certificate first, then the old one
        // goes; the last one stays.
        let old_certificate = active.verification_certificates[0].certificate_id.clone();
        let rotated = SamlUpdateConnectionRequest {
            x509_certificate: Some("-----BEGIN CERTIFICATE-----\nMIIC\n-----END CERTIFICATE-----".into()),
            ..Default::default()
        };
        let both = admin
            .sso()
            .update_saml_connection(&created.connection_id, &rotated)
            .await
            .unwrap()
            .connection
            .unwrap();
        assert_eq!(both.verification_certificates.len(), 2);
        let deleted = admin
            .sso()
            .delete_verification_certificate(&created.connection_id, &old_certificate)
            .await
            .unwrap();
        assert_eq!(deleted.certificate_id, old_certificate);
        let last = &both.verification_certificates[1].certificate_id;
        let refused = admin
            .sso()
            .delete_verification_certificate(&created.connection_id, last)
            .await
            .expect_err("an active connection keeps one");
        assert_eq!(
            refused.error_type().map(|t| t.as_str()),
            Some("cannot_delete_last_sso_verification_key")
        );

        // An encryption key for encrypted assertions: added (shown masked), then deleted.
        let encrypting = SamlUpdateConnectionRequest {
            saml_encryption_private_key: Some(
                "-----BEGIN PRIVATE KEY-----\nTUlJRXZRSUJBREFOQmdr\n-----END PRIVATE KEY-----".into(),
            ),
            ..Default::default()
        };
        let with_key = admin
            .sso()
            .update_saml_connection(&created.connection_id, &encrypting)
            .await
            .unwrap()
            .connection
            .unwrap();
        let key = &with_key.encryption_private_keys[0];
        assert!(!key.private_key.contains("TUlJRXZRSUJBREFOQmdr"));
        let deleted = admin
            .sso()
            .delete_encryption_private_key(&created.connection_id, &key.private_key_id)
            .await
            .unwrap();
        assert_eq!(deleted.private_key_id, key.private_key_id);
        let gone = admin
            .sso()
            .delete_encryption_private_key(&created.connection_id, &key.private_key_id)
            .await
            .expect_err("deleted");
        assert_eq!(
            gone.error_type().map(|t| t.as_str()),
            Some("sso_encryption_private_key_not_found")
        );

        // A second identity provider configured from its metadata URL, as admins paste it.
        let entra = admin
            .sso()
            .create_saml_connection(&CreateConnectionRequest {
                display_name: Some("Initrode Entra".into()),
                identity_provider: Some("microsoft-entra".into()),
            })
            .await
            .unwrap()
            .connection
            .unwrap();
        let metadata_url = serve_once_per_request(
            r#"<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="https://sts.windows.net/initrode/"><md:IDPSSODescriptor><md:KeyDescriptor use="signing"><ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:X509Data><ds:X509Certificate>TUlJRA==</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor><md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="https://login.microsoftonline.com/initrode/saml2"/></md:IDPSSODescriptor></md:EntityDescriptor>"#,
        );
        let configured = admin
            .sso()
            .update_saml_connection_by_url(&entra.connection_id, &metadata_url)
            .await
            .unwrap()
            .connection
            .unwrap();
        assert_eq!(
            (
                configured.idp_entity_id.as_str(),
                configured.idp_sso_url.as_str(),
                configured.status.as_str()
            ),
            (
                "https://sts.windows.net/initrode/",
                "https://login.microsoftonline.com/initrode/saml2",
                "active"
            )
        );
        let unreachable = admin
            .sso()
            .update_saml_connection_by_url(&entra.connection_id, "http://127.0.0.1:9/metadata")
            .await
            .expect_err("nothing there");
        assert_eq!(
            unreachable.error_type().map(|t| t.as_str()),
            Some("invalid_saml_metadata_url")
        );
        admin.sso().delete_connection(&entra.connection_id).await.unwrap();

        // Someone the new connection's identity provider names joins through it.
        let guest = Browser::new().open(&api);
        let start = guest
            .sso()
            .start_url(&created.connection_id, &SsoStartOptions::default());
        let location = idp_sign_in(&api, &start, "peter%40initrode.example").await;
        let outcome = guest.authenticate_by_url(&location, Some(60)).await;
        assert!(
            matches!(outcome, Some(Ok(UrlAuthentication::Authenticated(_)))),
            "{outcome:?}"
        );
        assert_eq!(
            guest.member().get_sync().unwrap().email_address,
            "peter@initrode.example"
        );
        let refused = guest
            .sso()
            .create_oidc_connection(&okta)
            .await
            .expect_err("a plain member");
        assert_eq!(
            refused.error_type().map(|t| t.as_str()),
            Some("session_authorization_error")
        );

        let oidc = admin
            .sso()
            .create_oidc_connection(&okta)
            .await
            .unwrap()
            .connection
            .unwrap();
        let configured = OidcUpdateConnectionRequest {
            issuer: Some("https://initrode.okta.example".into()),
            client_id: Some("initrode-app".into()),
            client_secret: Some("initrode-secret".into()),
            authorization_url: Some("https://initrode.okta.example/oauth2/v1/authorize".into()),
            token_url: Some("https://initrode.okta.example/oauth2/v1/token".into()),
            userinfo_url: Some("https://initrode.okta.example/oauth2/v1/userinfo".into()),
            jwks_url: Some("https://initrode.okta.example/oauth2/v1/keys".into()),
            ..Default::default()
        };
        let oidc = admin
            .sso()
            .update_oidc_connection(&oidc.connection_id, &configured)
            .await
            .unwrap()
            .connection
            .unwrap();
        assert_eq!(oidc.status, "active");
        let deleted = admin.sso().delete_connection(&oidc.connection_id).await.unwrap();
        assert_eq!(deleted.connection_id, oidc.connection_id);
        let listed = admin.sso().get_connections().await.unwrap();
        assert!(listed.oidc_connections.is_empty());
        assert_eq!(listed.saml_connections.len(), 1);

        // A partner organization's admin lets Initrode's people in through Initrode's Okta.
        let initrode = admin.organization().get().await.unwrap().organization_id;
        let partner = Browser::new().open(&api);
        sign_in(&partner, &api, "it@partner.example", "partner", 60).await;
        let request = ExternalCreateConnectionRequest {
            external_organization_id: initrode.clone(),
            external_connection_id: created.connection_id.clone(),
            display_name: Some("Initrode staff".into()),
            ..Default::default()
        };
        let refused = guest
            .sso()
            .create_external_connection(&request)
            .await
            .expect_err("a plain member");
        assert_eq!(
            refused.error_type().map(|t| t.as_str()),
            Some("session_authorization_error")
        );
        let external = partner
            .sso()
            .create_external_connection(&request)
            .await
            .unwrap()
            .connection
            .unwrap();
        assert_eq!(
            (external.status.as_str(), external.external_organization_id.as_str()),
            ("active", initrode.as_str())
        );
        let refused = partner
            .sso()
            .create_external_connection(&request)
            .await
            .expect_err("once per connection");
        assert_eq!(
            refused.error_type().map(|t| t.as_str()),
            Some("duplicate_external_sso_connection")
        );
        let rename = ExternalUpdateConnectionRequest {
            display_name: Some("Initrode IT".into()),
            ..Default::default()
        };
        let renamed = partner
            .sso()
            .update_external_connection(&external.connection_id, &rename)
            .await
            .unwrap()
            .connection
            .unwrap();
        assert_eq!(renamed.display_name, "Initrode IT");
        assert_eq!(
            partner.sso().get_connections().await.unwrap().external_connections,
            [renamed]
        );
        let visitor = Browser::new().open(&api);
        let start = visitor
            .sso()
            .start_url(&external.connection_id, &SsoStartOptions::default());
        let location = idp_sign_in(&api, &start, "peter%40initrode.example").await;
        let outcome = visitor.authenticate_by_url(&location, Some(60)).await;
        assert!(
            matches!(outcome, Some(Ok(UrlAuthentication::Authenticated(_)))),
            "{outcome:?}"
        );
        let partner_id = partner.organization().get().await.unwrap().organization_id;
        assert_eq!(
            visitor.session().get_sync().map(|s| s.organization_id),
            Some(partner_id),
            "Peter joins the partner organization"
        );
    });
}

/// An admin sets up SCIM provisioning from the app: the connection and its token, a group the
/// identity provider pushes with that token given a role, a token rotation after which only the
/// new token works, and deletion; a plain member may do none of it.
#[test]
fn an_admin_sets_up_scim_provisioning_and_rotates_its_token() {
    use stytch_core::models::api::scim::{
        CreateScimConnectionRequest, ScimGroupRoleAssignment, ScimGroupsRequest, UpdateScimConnectionRequest,
    };
    let emulator = emulator();
    let api = emulator.url();
    run(async move {
        let admin = Browser::new().open(&api);
        sign_in(&admin, &api, "it@provisioned.example", "provisioned", 60).await;
        let missing = admin.scim().get_connection().await.expect_err("none yet");
        assert_eq!(
            missing.error_type().map(|t| t.as_str()),
            Some("no_active_scim_connection")
        );
        let okta = CreateScimConnectionRequest {
            display_name: Some("Okta provisioning".into()),
            identity_provider: Some("okta".into()),
        };
        let created = admin.scim().create_connection(&okta).await.unwrap().connection.unwrap();
        assert!(
            !format!("{created:?}").contains(&created.bearer_token),
            "the token stays out of logs"
        );
        let refused = admin
            .scim()
            .create_connection(&okta)
            .await
            .expect_err("one per organization");
        assert_eq!(
            refused.error_type().map(|t| t.as_str()),
            Some("active_scim_connection_exists")
        );
        let organization = admin.organization().get().await.unwrap();
        assert_eq!(
            organization
                .scim_active_connection
                .as_ref()
                .map(|c| c["connection_id"].clone()),
            Some(serde_json::json!(created.connection_id))
        );

        // The identity provider pushes a group through the base URL with the token.
        let http = reqwest::Client::new();
        let push = |token: &str| {
            http.post(format!("{}/Groups", created.base_url))
                .bearer_auth(token)
                .json(&serde_json::json!({ "displayName": "Engineering" }))
                .send()
        };
        assert_eq!(push(&created.bearer_token).await.unwrap().status(), 201);
        // And a user, who becomes a member the admin finds, marked as provisioned.
        let user = http
            .post(format!("{}/Users", created.base_url))
            .bearer_auth(&created.bearer_token)
            .json(&serde_json::json!({ "userName": "grace@provisioned.example", "externalId": "00u-grace" }))
            .send()
            .await
            .unwrap();
        assert_eq!(user.status(), 201);
        let search = MemberSearchRequest {
            query: Some(SearchQuery::all_of(vec![SearchOperand {
                filter_name: "member_emails".into(),
                filter_value: serde_json::json!(["grace@provisioned.example"]),
            }])),
            ..Default::default()
        };
        let found = admin.organization().search_members(&search).await.unwrap();
        let [grace] = found.members.as_slice() else {
            panic!("{found:?}")
        };
        assert_eq!(
            grace.scim_registration.as_ref().map(|r| r["external_id"].clone()),
            Some(serde_json::json!("00u-grace"))
        );
        let groups = admin
            .scim()
            .get_connection_groups(&ScimGroupsRequest::default())
            .await
            .unwrap();
        let [group] = groups.scim_groups.as_slice() else {
            panic!("{groups:?}")
        };
        let assignment = UpdateScimConnectionRequest {
            connection_id: created.connection_id.clone(),
            scim_group_implicit_role_assignments: Some(vec![ScimGroupRoleAssignment {
                role_id: "stytch_admin".into(),
                group_id: group.group_id.clone(),
                group_name: None,
            }]),
            ..Default::default()
        };
        let updated = admin
            .scim()
            .update_connection(&assignment)
            .await
            .unwrap()
            .connection
            .unwrap();
        assert_eq!(
            updated.scim_group_implicit_role_assignments[0].group_name.as_deref(),
            Some("Engineering")
        );

        // Rotation: the next token works at once, the old one only until completion.
        let refused = admin
            .scim()
            .rotate_complete(&created.connection_id)
            .await
            .expect_err("no rotation");
        assert_eq!(
            refused.error_type().map(|t| t.as_str()),
            Some("scim_connection_not_rotating_token")
        );
        let started = admin
            .scim()
            .rotate_start(&created.connection_id)
            .await
            .unwrap()
            .connection
            .unwrap();
        let next = started.next_bearer_token.clone();
        let completed = admin
            .scim()
            .rotate_complete(&created.connection_id)
            .await
            .unwrap()
            .connection
            .unwrap();
        assert_eq!(completed.bearer_token_last_four, next[next.len() - 4..]);
        let listing = |token: String| {
            http.get(format!("{}/Groups", created.base_url))
                .bearer_auth(token)
                .send()
        };
        assert_eq!(listing(created.bearer_token.clone()).await.unwrap().status(), 401);
        assert_eq!(listing(next.clone()).await.unwrap().status(), 200);
        admin.scim().rotate_start(&created.connection_id).await.unwrap();
        let cancelled = admin
            .scim()
            .rotate_cancel(&created.connection_id)
            .await
            .unwrap()
            .connection
            .unwrap();
        assert!(cancelled.next_bearer_token_last_four.is_none());

        // A plain member may not touch it.
        let invite = InviteRequest {
            email_address: "reader@provisioned.example".into(),
            ..Default::default()
        };
        admin.magic_links().invite(&invite).await.unwrap();
        let reader = Browser::new().open(&api);
        let link = latest_message(&api, "reader@provisioned.example").await["link"]
            .as_str()
            .unwrap()
            .to_owned();
        let joined = reader.authenticate_by_url(&link, Some(60)).await;
        assert!(
            matches!(joined, Some(Ok(UrlAuthentication::Authenticated(_)))),
            "{joined:?}"
        );
        let refused = reader.scim().get_connection().await.expect_err("a plain member");
        assert_eq!(
            refused.error_type().map(|t| t.as_str()),
            Some("session_authorization_error")
        );

        let deleted = admin.scim().delete_connection(&created.connection_id).await.unwrap();
        assert_eq!(deleted.connection_id, created.connection_id);
        assert_eq!(
            listing(next).await.unwrap().status(),
            401,
            "a deleted connection's token"
        );
    });
}

/// Signs in at the simulated identity provider an SSO start URL opens, as `email` (already
/// form-encoded); where it sends the browser back to.
async fn idp_sign_in(api: &str, start_url: &str, email: &str) -> String {
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let query = start_url.split_once('?').unwrap().1;
    let signed_in = http
        .post(format!("{api}/v1/public/sso/idp"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!("{query}&email={email}"))
        .send()
        .await
        .unwrap();
    signed_in.headers()["location"].to_str().unwrap().to_owned()
}

/// Serves `body` to every request on a port of its own (a plain thread, whatever the test's
/// runtime), as an identity provider serves its metadata; the URL.
fn serve_once_per_request(body: &'static str) -> String {
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/metadata", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for mut stream in listener.incoming().flatten() {
            let mut request = Vec::new();
            let mut buffer = [0u8; 1024];
            while !request.windows(4).any(|w| w == b"\r\n\r\n") {
                match stream.read(&mut buffer) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => request.extend_from_slice(&buffer[..n]),
                }
            }
            let _ = write!(
                stream,
                "HTTP/1.1 200 OK\r\nContent-Type: application/xml\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
        }
    });
    url
}

#[test]
fn google_one_tap_signs_in_to_an_organization_through_its_redirect() {
    let emulator = demo_emulator();
    let api = emulator.url();
    run(async move {
        let browser = Browser::new();
        let client = browser.open(&api);
        let client_id = client.oauth().google_one_tap_client_id().await.expect("start");
        assert_eq!(client_id, stytch_emulator::DEFAULT_GOOGLE_CLIENT_ID);
        let acme = client
            .organization()
            .get_by_slug("acme")
            .await
            .unwrap()
            .expect("Acme exists");
        let options = OAuthStartOptions {
            organization_id: Some(acme.organization_id.clone()),
            login_redirect_url: Some("http://localhost:8080/authenticate".into()),
            ..Default::default()
        };

        let forged = client.oauth().google_one_tap_submit("not-a-credential", &options).await;
        let error = forged.expect_err("not Google's");
        assert_eq!(
            error.error_type().map(|t| t.as_str()),
            Some("id_token_invalid"),
            "{error}"
        );

        let credential = google_credential(&api, "ada@example.com", "example.com").await;
        let back = client
            .oauth()
            .google_one_tap_submit(&credential, &options)
            .await
            .expect("submitted");
        assert!(
            back.starts_with("http://localhost:8080/authenticate?stytch_token_type=oauth&token="),
            "{back}"
        );
        let Some(Ok(UrlAuthentication::Authenticated(signed_in))) = client.authenticate_by_url(&back, Some(60)).await
        else {
            panic!("the redirect signs in");
        };
        let values = signed_in.provider_values.expect("provider values");
        assert_eq!(values.id_token.as_deref(), Some(credential.as_str()));
        assert!(values.access_token.is_empty());
        let session = client.store().session().expect("signed in");
        assert_eq!(session.organization_id, acme.organization_id);
        let pair = format!("stytch_sdk_state_{PUBLIC_TOKEN}::PKCE_VERIFIER:oauth");
        assert!(
            stytch_core::storage::KeyValueStore::get(&browser.storage, &pair).is_none(),
            "no PKCE pair without the project asking"
        );
    });
}
