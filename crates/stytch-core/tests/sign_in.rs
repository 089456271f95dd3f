//! Sign-in from a server (`StytchBackend`'s sign-in and MFA calls) against a real emulator with
//! the demo seed: each answer goes to the browser as the cookies `ResponseCookies::write_sign_in`
//! writes, and a browser client holding those cookies carries on from them: signed in, or
//! finishing the MFA the server's sign-in asked for.

mod support;

use stytch_core::backend::{
    ProofKey, SessionCredential, SignInOptions, StytchBackend, intermediate_session_from_cookie_header,
};
use stytch_core::models::api::discovery::{
    DiscoveryAuthenticateResponse, DiscoveryOrganizationsRequest, IntermediateSessionExchangeRequest,
    OrganizationCreateViaDiscoveryRequest,
};
use stytch_core::models::api::magic_links::{
    DiscoveryEmailSendRequest, DiscoveryMagicLinkAuthenticateRequest, LoginOrSignupRequest,
    MagicLinkAuthenticateRequest,
};
use stytch_core::models::api::mfa::{
    RecoverRequest, SmsAuthenticateRequest, TotpAuthenticateRequest, TotpCreateRequest,
};
use stytch_core::models::api::oauth::{OAuthAuthenticateRequest, OAuthDiscoveryAuthenticateRequest, OAuthProvider};
use stytch_core::models::api::otps::{
    EmailOtpAuthenticateRequest, EmailOtpDiscoveryAuthenticateRequest, EmailOtpDiscoverySendRequest,
    EmailOtpLoginOrSignupRequest,
};
use stytch_core::models::api::passwords::{
    DiscoveryResetRequest, DiscoveryResetStartRequest, PasswordAuthenticateRequest,
    PasswordDiscoveryAuthenticateRequest, ResetByEmailRequest, ResetByEmailStartRequest,
};
use stytch_core::models::api::sessions::{AuthOutcome, AuthenticateWithMfaResponse, SessionsExchangeRequest};
use stytch_core::models::api::sso::SsoAuthenticateRequest;
use stytch_core::storage::{
    Cookie, CookieJar, CookieOptions, MemoryCookieJar, PageLocation, ResponseCookies, SignInAnswer,
};
use stytch_core::{OAuthStartOptions, SsoStartOptions};
use stytch_emulator::{DEMO_EMAIL, DEMO_PASSWORD};
use support::*;

/// The cookies a response to a request carrying `request_cookies` sets for `answer`.
fn response_for(answer: &impl SignInAnswer, request_cookies: &str) -> Vec<String> {
    let page = PageLocation::from_host("http", "localhost:3000");
    let mut cookies = ResponseCookies::new(page, request_cookies, CookieOptions::default());
    cookies.write_sign_in(answer, now_ms());
    cookies.headers().to_vec()
}

fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}

/// What a browser at `http://localhost:3000` does with the response's `Set-Cookie` headers:
/// a value expiring in 1970 removes the cookie, any other is kept.
fn browser_applies(jar: &MemoryCookieJar, headers: &[String]) {
    for header in headers {
        let (pair, attributes) = header.split_once("; ").unwrap_or((header, ""));
        let (name, value) = pair.split_once('=').expect("name=value");
        if attributes.contains("Expires=Thu, 01 Jan 1970") {
            jar.remove(name, "/", None);
        } else {
            jar.set(&Cookie {
                name: name.into(),
                value: value.into(),
                expires_ms: None,
                path: "/".into(),
                domain: None,
                secure: false,
            });
        }
    }
}

/// The `Cookie` header a browser sends after applying `headers` to what it held.
fn next_request(held: &str, headers: &[String]) -> String {
    let jar = MemoryCookieJar::at("localhost", "localhost:3000");
    for pair in held.split("; ").filter(|p| !p.is_empty()) {
        browser_applies(&jar, &[pair.to_owned()]);
    }
    browser_applies(&jar, headers);
    jar.cookies()
        .iter()
        .map(|c| format!("{}={}", c.cookie.name, c.cookie.value))
        .collect::<Vec<_>>()
        .join("; ")
}

async fn organization_id(backend: &StytchBackend, slug: &str) -> String {
    backend.organization(slug).await.expect("seeded").organization_id
}

fn authentication_methods(answer: &AuthenticateWithMfaResponse) -> Vec<String> {
    let session = answer.member_session.as_ref().expect("a session");
    let mut methods: Vec<String> = session
        .authentication_factors
        .iter()
        .map(|f| f.delivery_method.clone())
        .collect();
    methods.sort();
    methods
}

#[test]
fn a_password_form_signs_in_on_the_server_and_the_browser_client_takes_the_session() {
    let emulator = demo_emulator();
    let api = emulator.url();
    run(async move {
        let backend = backend_for(&api);
        let stark = organization_id(&backend, "stark").await;
        let request = PasswordAuthenticateRequest {
            organization_id: stark.clone(),
            email_address: "tony@stark.example".into(),
            password: DEMO_PASSWORD.into(),
            session_duration_minutes: Some(60),
            ..Default::default()
        };
        let wrong = PasswordAuthenticateRequest {
            password: "not the password".into(),
            ..request.clone()
        };
        assert_eq!(
            refusal(backend.authenticate_password(&wrong, &SignInOptions::default()).await),
            (401, "unauthorized_credentials".to_owned())
        );

        let answer = backend
            .authenticate_password(&request, &SignInOptions::default())
            .await
            .expect("signed in");
        assert!(matches!(answer.outcome(), AuthOutcome::Authenticated(_)));
        assert_eq!(authentication_methods(&answer), ["knowledge"]);

        // An IST left from an abandoned sign-in goes with the response; the session comes.
        let headers = response_for(&answer, "stytch_intermediate_session_token=abandoned");
        let browser = Browser::new();
        browser_applies(&browser.jar, &headers);
        assert_eq!(
            browser.jar.get("stytch_session").as_deref(),
            Some(answer.session_token.as_str())
        );
        assert_eq!(
            browser.jar.get("stytch_session_jwt").as_deref(),
            Some(answer.session_jwt.as_str())
        );
        assert!(
            headers
                .iter()
                .any(|h| h.starts_with("stytch_intermediate_session_token=;")),
            "{headers:?}"
        );

        let client = browser.open(&api);
        client
            .session()
            .authenticate(None)
            .await
            .expect("the browser's session");
        let member = client.member().get_sync().expect("a member");
        assert_eq!(member.email_address, "tony@stark.example");
        assert_eq!(
            client.session().get_sync().map(|s| s.member_session_id),
            answer.member_session.map(|s| s.member_session_id)
        );
    });
}

#[test]
fn an_unverified_address_steps_up_by_email_code_with_the_ist_the_response_kept() {
    let emulator = demo_emulator();
    let api = emulator.url();
    run(async move {
        let backend = backend_for(&api);
        let stark = organization_id(&backend, "stark").await;
        let pepper = "pepper@stark.example";
        let answer = backend
            .authenticate_password(
                &PasswordAuthenticateRequest {
                    organization_id: stark.clone(),
                    email_address: pepper.into(),
                    password: DEMO_PASSWORD.into(),
                    ..Default::default()
                },
                &SignInOptions::default(),
            )
            .await
            .expect("answered");
        let AuthOutcome::NeedsPrimary(step) = answer.outcome() else {
            panic!("an email factor first: {:?}", answer.outcome());
        };
        assert!(!step.allowed_auth_methods.is_empty());
        assert!(answer.session_token.is_empty() && !answer.intermediate_session_token.is_empty());

        // The response keeps the IST and expires a stale session the browser still had.
        let headers = response_for(&answer, "stytch_session=stale");
        assert!(headers.iter().any(|h| h.starts_with("stytch_session=;")), "{headers:?}");
        let cookie_header = next_request("stytch_session=stale; theme=dark", &headers);
        assert!(!cookie_header.contains("stytch_session="), "{cookie_header}");
        let ist = intermediate_session_from_cookie_header(&cookie_header, &CookieOptions::default())
            .expect("the next request carries the IST");
        assert_eq!(ist, answer.intermediate_session_token);

        backend
            .send_email_otp(&EmailOtpLoginOrSignupRequest {
                organization_id: stark.clone(),
                email_address: pepper.into(),
                ..Default::default()
            })
            .await
            .expect("code sent");
        let code = code_sent_to(&api, pepper).await;
        let with_code = |code: &str| EmailOtpAuthenticateRequest {
            organization_id: stark.clone(),
            email_address: pepper.into(),
            code: code.into(),
            intermediate_session_token: Some(ist.clone()),
            session_duration_minutes: Some(60),
            ..Default::default()
        };
        let wrong = if code == "000000" { "111111" } else { "000000" };
        assert_eq!(
            refusal(
                backend
                    .authenticate_email_otp(&with_code(wrong), &SignInOptions::default())
                    .await
            ),
            (401, "unable_to_auth_otp_code".to_owned())
        );
        let signed_in = backend
            .authenticate_email_otp(&with_code(&code), &SignInOptions::default())
            .await
            .expect("both factors");
        assert_eq!(authentication_methods(&signed_in), ["email", "knowledge"]);
        assert!(signed_in.member.email_address_verified, "the code verified the address");
        let headers = response_for(&signed_in, &cookie_header);
        let after = next_request(&cookie_header, &headers);
        assert_eq!(
            intermediate_session_from_cookie_header(&after, &CookieOptions::default()),
            None,
            "the IST is gone once signed in: {after}"
        );
        let session = SessionCredential::from_cookie_header(&after, &CookieOptions::default()).expect("a session");
        let live = backend
            .authenticate_session(&session, Default::default())
            .await
            .expect("live");
        assert_eq!(live.member.email_address, pepper);
    });
}

#[test]
fn a_sign_in_the_server_started_is_finished_by_the_browser_client_with_a_texted_code() {
    let emulator = demo_emulator();
    let api = emulator.url();
    run(async move {
        let backend = backend_for(&api);
        let northwind = organization_id(&backend, "northwind").await;
        let grace = "grace@example.com";
        backend
            .send_magic_link(&LoginOrSignupRequest {
                organization_id: northwind.clone(),
                email_address: grace.into(),
                ..Default::default()
            })
            .await
            .expect("link sent");
        let token = token_sent_to(&api, grace).await;
        let request = MagicLinkAuthenticateRequest {
            magic_links_token: token,
            session_duration_minutes: Some(60),
            ..Default::default()
        };
        let answer = backend
            .authenticate_magic_link(&request, &SignInOptions::default())
            .await
            .expect("answered");
        let AuthOutcome::NeedsMfa(mfa) = answer.outcome() else {
            panic!("Northwind requires MFA: {:?}", answer.outcome());
        };
        assert_eq!(
            mfa.secondary_auth_initiated.as_deref(),
            Some("sms_otp"),
            "texted at once"
        );
        assert_eq!(
            refusal(
                backend
                    .authenticate_magic_link(&request, &SignInOptions::default())
                    .await
            ),
            (401, "unable_to_auth_magic_link".to_owned()),
            "a link works once"
        );

        // The page the server answers with hosts the browser client's MFA screen: it finds
        // the IST in its cookie and completes the sign-in itself.
        let browser = Browser::new();
        browser_applies(&browser.jar, &response_for(&answer, ""));
        let client = browser.open(&api);
        assert_eq!(
            client.store().cookies().intermediate_session_token(),
            Some(answer.intermediate_session_token.clone())
        );
        let code = code_sent_to(&api, "+15555550123").await;
        let wrong = if code == "000000" { "111111" } else { "000000" };
        let by_server = SmsAuthenticateRequest {
            organization_id: answer.organization_id.clone(),
            member_id: answer.member_id.clone(),
            code: wrong.into(),
            intermediate_session_token: Some(answer.intermediate_session_token.clone()),
            ..Default::default()
        };
        assert_eq!(
            refusal(
                backend
                    .authenticate_sms_otp(&by_server, &SignInOptions::default())
                    .await
            ),
            (401, "unable_to_auth_otp_code".to_owned()),
            "a wrong code, checked by the server, leaves the sign-in open"
        );
        client
            .otps()
            .sms_authenticate(&answer.organization_id, &answer.member_id, &code, Some(60))
            .await
            .expect("the browser finishes");
        assert_eq!(
            client.member().get_sync().map(|m| m.email_address).as_deref(),
            Some(grace)
        );
        assert!(client.store().cookies().intermediate_session_token().is_none());
    });
}

#[test]
fn discovery_on_the_server_enters_an_authenticator_app_organization_and_recovers_with_a_code() {
    let emulator = demo_emulator();
    let api = emulator.url();
    run(async move {
        let backend = backend_for(&api);
        let found = discover_by_code(&backend, &api, DEMO_EMAIL).await;
        let slugs = |list: &[stytch_core::models::DiscoveredOrganization]| {
            let mut slugs: Vec<String> = list.iter().map(|o| o.organization.organization_slug.clone()).collect();
            slugs.sort();
            slugs
        };
        assert!(slugs(&found.discovered_organizations).contains(&"fabrikam".to_owned()));
        let headers = response_for(&found, "stytch_session=stale");
        let cookie_header = next_request("stytch_session=stale", &headers);
        let ist = intermediate_session_from_cookie_header(&cookie_header, &CookieOptions::default()).expect("IST kept");
        assert!(
            SessionCredential::from_cookie_header(&cookie_header, &CookieOptions::default()).is_none(),
            "nobody is signed in while choosing: {cookie_header}"
        );
        let listed = backend
            .discovered_organizations(&DiscoveryOrganizationsRequest {
                intermediate_session_token: Some(ist.clone()),
                ..Default::default()
            })
            .await
            .expect("listed again");
        assert_eq!(
            slugs(&listed.discovered_organizations),
            slugs(&found.discovered_organizations)
        );

        let fabrikam = organization_id(&backend, "fabrikam").await;
        let enter = |ist: &str| IntermediateSessionExchangeRequest {
            intermediate_session_token: Some(ist.to_owned()),
            organization_id: fabrikam.clone(),
            session_duration_minutes: Some(60),
            ..Default::default()
        };
        let answer = backend
            .exchange_intermediate_session(&enter(&ist), &SignInOptions::default())
            .await
            .expect("entered");
        assert!(
            matches!(answer.outcome(), AuthOutcome::NeedsMfa(_)),
            "{:?}",
            answer.outcome()
        );
        let ist = answer.intermediate_session_token.clone();
        let registration = backend
            .create_totp(
                &TotpCreateRequest {
                    organization_id: fabrikam.clone(),
                    member_id: answer.member_id.clone(),
                    intermediate_session_token: Some(ist.clone()),
                    ..Default::default()
                },
                &SignInOptions::default(),
            )
            .await
            .expect("registration started");
        assert!(!registration.recovery_codes.is_empty());
        let totp = |code: String| TotpAuthenticateRequest {
            organization_id: fabrikam.clone(),
            member_id: answer.member_id.clone(),
            code,
            intermediate_session_token: Some(ist.clone()),
            session_duration_minutes: Some(60),
            ..Default::default()
        };
        let wrong = if totp_now(&registration.secret) == "000000" {
            "111111"
        } else {
            "000000"
        };
        assert_eq!(
            refusal(
                backend
                    .authenticate_totp(&totp(wrong.into()), &SignInOptions::default())
                    .await
            )
            .1,
            "unable_to_authenticate_totp"
        );
        let signed_in = backend
            .authenticate_totp(&totp(totp_now(&registration.secret)), &SignInOptions::default())
            .await
            .expect("signed in with the app");
        assert_eq!(signed_in.organization.organization_slug, "fabrikam");
        let headers = response_for(&signed_in, &cookie_header);
        assert!(
            headers
                .iter()
                .any(|h| h.starts_with("stytch_intermediate_session_token=;")),
            "{headers:?}"
        );

        // The next two sign-ins, by discovery link, with the phone lost: a recovery code works
        // once.
        let recover = |answer: &AuthenticateWithMfaResponse| RecoverRequest {
            organization_id: fabrikam.clone(),
            member_id: answer.member_id.clone(),
            recovery_code: registration.recovery_codes[0].clone(),
            intermediate_session_token: Some(answer.intermediate_session_token.clone()),
            session_duration_minutes: Some(60),
        };
        let again = discover_by_link_and_enter(&backend, &api, &fabrikam).await;
        let recovered = backend
            .authenticate_recovery_code(&recover(&again), &SignInOptions::default())
            .await
            .expect("recovered");
        assert_eq!(
            recovered.recovery_codes_remaining as usize,
            registration.recovery_codes.len() - 1
        );
        let headers = response_for(&recovered, "");
        assert!(headers[0].starts_with(&format!("stytch_session={};", recovered.session_token)));
        assert!(headers[1].starts_with(&format!("stytch_session_jwt={};", recovered.session_jwt)));
        assert!(
            headers[2..]
                .iter()
                .all(|h| h.starts_with("stytch_intermediate_session_token=;")),
            "the IST expired: {headers:?}"
        );
        let third = discover_by_link_and_enter(&backend, &api, &fabrikam).await;
        assert_eq!(
            refusal(
                backend
                    .authenticate_recovery_code(&recover(&third), &SignInOptions::default())
                    .await
            )
            .1,
            "unable_to_authenticate_recovery_code"
        );
    });
}

/// Discovery by emailed code on the server: the code sent to `email`, read from the outbox and
/// authenticated.
async fn discover_by_code(backend: &StytchBackend, api: &str, email: &str) -> DiscoveryAuthenticateResponse {
    backend
        .send_discovery_email_otp(&EmailOtpDiscoverySendRequest {
            email_address: email.into(),
            ..Default::default()
        })
        .await
        .expect("code sent");
    let code = code_sent_to(api, email).await;
    backend
        .authenticate_discovery_email_otp(&EmailOtpDiscoveryAuthenticateRequest {
            email_address: email.into(),
            code,
        })
        .await
        .expect("discovered")
}

/// The demo person's discovery by emailed link, then into `organization`: its MFA answer.
async fn discover_by_link_and_enter(
    backend: &StytchBackend,
    api: &str,
    organization: &str,
) -> AuthenticateWithMfaResponse {
    backend
        .send_discovery_magic_link(&DiscoveryEmailSendRequest {
            email_address: DEMO_EMAIL.into(),
            ..Default::default()
        })
        .await
        .expect("link sent");
    let token = token_sent_to(api, DEMO_EMAIL).await;
    let found = backend
        .authenticate_discovery_magic_link(&DiscoveryMagicLinkAuthenticateRequest {
            discovery_magic_links_token: token,
            ..Default::default()
        })
        .await
        .expect("discovered");
    let request = IntermediateSessionExchangeRequest {
        intermediate_session_token: Some(found.intermediate_session_token),
        organization_id: organization.to_owned(),
        session_duration_minutes: Some(60),
        ..Default::default()
    };
    let answer = backend
        .exchange_intermediate_session(&request, &SignInOptions::default())
        .await
        .expect("entered");
    assert!(
        matches!(answer.outcome(), AuthOutcome::NeedsMfa(_)),
        "{:?}",
        answer.outcome()
    );
    answer
}

#[test]
fn a_live_session_steps_up_keeps_its_claims_and_moves_to_another_organization() {
    let emulator = demo_emulator();
    let api = emulator.url();
    run(async move {
        let backend = backend_for(&api);
        let acme = organization_id(&backend, "acme").await;
        backend
            .send_magic_link(&LoginOrSignupRequest {
                organization_id: acme.clone(),
                email_address: DEMO_EMAIL.into(),
                ..Default::default()
            })
            .await
            .expect("link sent");
        let token = token_sent_to(&api, DEMO_EMAIL).await;
        // Stytch's own claim names are left to Stytch: `sub` stays the member.
        let claims = serde_json::json!({ "signed_in_from": "server", "sub": "someone else" });
        let request = MagicLinkAuthenticateRequest {
            magic_links_token: token,
            session_duration_minutes: Some(60),
            ..Default::default()
        };
        let options = SignInOptions {
            session_custom_claims: claims.as_object().cloned(),
            ..Default::default()
        };
        let first = backend
            .authenticate_magic_link(&request, &options)
            .await
            .expect("signed in");
        let session = first.member_session.clone().expect("signed in");
        let own = session.custom_claims.clone().unwrap_or_default();
        assert_eq!(own.keys().collect::<Vec<_>>(), ["signed_in_from"], "{own:?}");
        let verified = backend
            .authenticate_jwt(&first.session_jwt, Default::default())
            .await
            .expect("the JWT verifies");
        assert_eq!(verified.member_session.member_id, first.member_id);
        assert_eq!(
            session
                .custom_claims
                .as_ref()
                .and_then(|c| c.get("signed_in_from"))
                .and_then(|v| v.as_str()),
            Some("server")
        );
        let credential = SessionCredential::Token(first.session_token.clone());

        // A second factor on the live session: the same session, one factor more.
        backend
            .send_email_otp(&EmailOtpLoginOrSignupRequest {
                organization_id: acme.clone(),
                email_address: DEMO_EMAIL.into(),
                ..Default::default()
            })
            .await
            .expect("code sent");
        let code = code_sent_to(&api, DEMO_EMAIL).await;
        let step_up = EmailOtpAuthenticateRequest {
            organization_id: acme.clone(),
            email_address: DEMO_EMAIL.into(),
            code,
            ..Default::default()
        };
        let on_session = SignInOptions {
            session: Some(credential.clone()),
            ..Default::default()
        };
        let stepped = backend
            .authenticate_email_otp(&step_up, &on_session)
            .await
            .expect("stepped up");
        let stepped_session = stepped.member_session.clone().expect("signed in");
        assert_eq!(stepped_session.member_session_id, session.member_session_id);
        assert_eq!(stepped_session.authentication_factors.len(), 2);
        assert_eq!(
            stepped_session
                .custom_claims
                .as_ref()
                .and_then(|c| c.get("signed_in_from"))
                .and_then(|v| v.as_str()),
            Some("server")
        );

        // Into Northwind, which requires MFA: an IST, and the Acme session stays.
        let northwind = organization_id(&backend, "northwind").await;
        let moved = backend
            .exchange_session(
                &SessionsExchangeRequest {
                    organization_id: northwind,
                    session_duration_minutes: Some(60),
                    ..Default::default()
                },
                &on_session,
            )
            .await
            .expect("answered");
        assert!(
            matches!(moved.outcome(), AuthOutcome::NeedsMfa(_)),
            "{:?}",
            moved.outcome()
        );
        assert!(
            backend
                .authenticate_session(&credential, Default::default())
                .await
                .is_ok()
        );

        // A revoked session cannot be stepped up.
        backend.revoke_session(&credential).await.expect("revoked");
        assert_eq!(
            refusal(backend.authenticate_email_otp(&step_up, &on_session).await),
            (404, "session_not_found".to_owned())
        );
    });
}

#[test]
fn discovery_by_password_creates_an_organization_and_a_reset_link_changes_the_password() {
    let emulator = demo_emulator();
    let api = emulator.url();
    run(async move {
        let backend = backend_for(&api);
        let tony = "tony@stark.example";
        let found = backend
            .authenticate_discovery_password(&PasswordDiscoveryAuthenticateRequest {
                email_address: tony.into(),
                password: DEMO_PASSWORD.into(),
            })
            .await
            .expect("discovered");
        assert!(
            found
                .discovered_organizations
                .iter()
                .any(|o| o.organization.organization_slug == "stark")
        );
        let create = |ist: &str| OrganizationCreateViaDiscoveryRequest {
            intermediate_session_token: Some(ist.to_owned()),
            organization_name: Some("Stark Labs".into()),
            organization_slug: Some("stark-labs".into()),
            session_duration_minutes: Some(60),
            ..Default::default()
        };
        assert_eq!(
            refusal(
                backend
                    .create_organization_via_discovery(
                        &create(&found.intermediate_session_token),
                        &SignInOptions::default()
                    )
                    .await
            ),
            (403, "email_verification_required".to_owned()),
            "a password proves no address"
        );

        // The address proved by a discovery code instead: the organization, its first admin.
        let proved = discover_by_code(&backend, &api, tony).await;
        let created = backend
            .create_organization_via_discovery(&create(&proved.intermediate_session_token), &SignInOptions::default())
            .await
            .expect("created");
        assert_eq!(created.organization.organization_slug, "stark-labs");
        let session = created.member_session.as_ref().expect("signed in to it");
        assert!(session.roles.iter().any(|r| r == "stytch_admin"), "{:?}", session.roles);

        let stark = organization_id(&backend, "stark").await;
        backend
            .start_password_reset(&ResetByEmailStartRequest {
                organization_id: stark.clone(),
                email_address: tony.into(),
                ..Default::default()
            })
            .await
            .expect("reset sent");
        let token = token_sent_to(&api, tony).await;
        let reset = backend
            .reset_password_by_email(
                &ResetByEmailRequest {
                    password_reset_token: token,
                    password: "a brand new passphrase for tony".into(),
                    session_duration_minutes: Some(60),
                    ..Default::default()
                },
                &SignInOptions::default(),
            )
            .await
            .expect("reset");
        assert_eq!(reset.member.email_address, tony);
        assert!(reset.member_session.is_some());
        let old = PasswordAuthenticateRequest {
            organization_id: stark,
            email_address: tony.into(),
            password: DEMO_PASSWORD.into(),
            ..Default::default()
        };
        assert_eq!(
            refusal(backend.authenticate_password(&old, &SignInOptions::default()).await).1,
            "unauthorized_credentials"
        );
    });
}

/// The `token` of a redirect back, after checking its `stytch_token_type`.
fn token_of(back: &str, token_type: &str) -> String {
    assert!(back.starts_with("http://localhost:8080/authenticate?"), "{back}");
    let query = back.split_once('?').unwrap().1;
    let param = |name: &str| {
        query
            .split('&')
            .find_map(|pair| pair.strip_prefix(&format!("{name}=")))
            .unwrap_or_default()
            .to_owned()
    };
    assert_eq!(param("stytch_token_type"), token_type, "{back}");
    param("token")
}

#[test]
fn a_server_starts_sso_and_oauth_and_only_the_starting_browsers_verifier_finishes_them() {
    let emulator = demo_emulator();
    let api = emulator.url();
    run(async move {
        let backend = backend_for(&api);
        let public_token = stytch_emulator::DEFAULT_PUBLIC_TOKEN;
        let back_here = Some("http://localhost:8080/authenticate".to_owned());

        // SSO through Cyberdyne's connection, with a PKCE pair whose verifier the starting
        // browser keeps.
        let cyberdyne = organization_id(&backend, "cyberdyne").await;
        let connections = backend.sso_connections(&cyberdyne).await.expect("connections");
        let connection_id = connections
            .saml_connections
            .first()
            .map(|c| c.connection_id.clone())
            .or_else(|| connections.oidc_connections.first().map(|c| c.connection_id.clone()))
            .expect("Cyberdyne has an SSO connection");
        let key = ProofKey::generate().expect("randomness");
        let options = SsoStartOptions {
            login_redirect_url: back_here.clone(),
            ..Default::default()
        };
        let start = backend.sso_start_url(public_token, &connection_id, &options, Some(&key));
        assert!(start.starts_with(&format!(
            "{api}/v1/public/sso/start?public_token={public_token}&connection_id="
        )));
        let back = through_provider(&api, &start, "/v1/public/sso/idp", "email=miles%40cyberdyne.example").await;
        let token = token_of(&back, "sso");
        let request = SsoAuthenticateRequest {
            sso_token: token.clone(),
            session_duration_minutes: Some(60),
            ..Default::default()
        };
        // Delivered to another browser (no verifier, or another pair's): refused, and the
        // token stays good for the browser that started.
        assert_eq!(
            refusal(backend.authenticate_sso(&request, &SignInOptions::default()).await),
            (400, "pkce_expected_code_verifier".to_owned())
        );
        let stranger = ProofKey::generate().expect("randomness");
        let forged = SsoAuthenticateRequest {
            pkce_code_verifier: Some(stranger.verifier().to_owned()),
            ..request.clone()
        };
        assert_eq!(
            refusal(backend.authenticate_sso(&forged, &SignInOptions::default()).await).1,
            "pkce_mismatch"
        );
        let mine = SsoAuthenticateRequest {
            pkce_code_verifier: Some(key.verifier().to_owned()),
            ..request
        };
        let answer = backend
            .authenticate_sso(&mine, &SignInOptions::default())
            .await
            .expect("the starting browser's verifier");
        assert_eq!(answer.member.email_address, "miles@cyberdyne.example");
        assert_eq!(answer.organization_id, cyberdyne);
        assert!(answer.member_session.is_some(), "{:?}", answer.outcome());
        assert!(
            authentication_methods(&answer).iter().any(|m| m.starts_with("sso")),
            "{:?}",
            authentication_methods(&answer)
        );

        // OAuth into one organization (Acme by slug): the provider's tokens come back too.
        let key = ProofKey::generate().expect("randomness");
        let options = OAuthStartOptions {
            organization_slug: Some("acme".into()),
            login_redirect_url: back_here.clone(),
            ..Default::default()
        };
        let start = backend.oauth_start_url(public_token, &OAuthProvider::Google, &options, Some(&key));
        let back = through_provider(
            &api,
            &start,
            "/v1/b2b/public/oauth/google/consent",
            "email=ada%40example.com",
        )
        .await;
        let request = OAuthAuthenticateRequest {
            oauth_token: token_of(&back, "oauth"),
            pkce_code_verifier: Some(key.verifier().to_owned()),
            session_duration_minutes: Some(60),
            ..Default::default()
        };
        let answer = backend
            .authenticate_oauth(&request, &SignInOptions::default())
            .await
            .expect("signed in");
        assert_eq!(answer.member.email_address, "ada@example.com");
        assert_eq!(answer.organization_id, organization_id(&backend, "acme").await);
        let tokens = answer
            .provider_values
            .as_ref()
            .expect("a backend answer carries the provider's tokens");
        assert!(!tokens.access_token.is_empty());

        // Discovery by OAuth: the address's organizations and an IST to enter one.
        let key = ProofKey::generate().expect("randomness");
        let options = OAuthStartOptions {
            discovery_redirect_url: back_here,
            ..Default::default()
        };
        let start = backend.discovery_oauth_start_url(public_token, &OAuthProvider::Microsoft, &options, Some(&key));
        let back = through_provider(
            &api,
            &start,
            "/v1/b2b/public/oauth/microsoft/consent",
            "discovery=true&email=ada%40example.com",
        )
        .await;
        let request = OAuthDiscoveryAuthenticateRequest {
            discovery_oauth_token: token_of(&back, "discovery_oauth"),
            pkce_code_verifier: Some(key.verifier().to_owned()),
        };
        let found = backend
            .authenticate_discovery_oauth(&request)
            .await
            .expect("discovered");
        assert_eq!(found.email_address, "ada@example.com");
        assert!(
            found
                .discovered_organizations
                .iter()
                .any(|o| o.organization.organization_slug == "acme"),
            "{:?}",
            found.discovered_organizations
        );
        assert!(!found.intermediate_session_token.is_empty());
    });
}

#[test]
fn a_discovery_password_reset_sets_every_membership_and_lists_the_organizations() {
    let emulator = demo_emulator();
    let api = emulator.url();
    run(async move {
        let backend = backend_for(&api);
        let tony = "tony@stark.example";
        let start = |email: &str| DiscoveryResetStartRequest {
            email_address: email.into(),
            reset_password_redirect_url: Some("http://localhost:8080/authenticate".into()),
            ..Default::default()
        };
        assert_eq!(
            refusal(
                backend
                    .start_discovery_password_reset(&start("nobody@stark.example"))
                    .await
            ),
            (404, "email_not_found".to_owned())
        );
        backend
            .start_discovery_password_reset(&start(tony))
            .await
            .expect("sent");
        let link = latest_message(&api, tony).await["link"].as_str().unwrap().to_owned();
        assert!(
            link.contains("stytch_token_type=discovery") && link.contains("stytch_redirect_type=reset_password"),
            "{link}"
        );
        let token = token_sent_to(&api, tony).await;
        let weak = DiscoveryResetRequest {
            password_reset_token: token.clone(),
            password: "password".into(),
            ..Default::default()
        };
        assert_eq!(
            refusal(backend.reset_discovery_password(&weak).await).1,
            "weak_password"
        );
        let fresh = "a brand new passphrase for Stark";
        let reset = DiscoveryResetRequest {
            password: fresh.into(),
            ..weak
        };
        let found = backend
            .reset_discovery_password(&reset)
            .await
            .expect("the link still good");
        assert_eq!(found.email_address, tony);
        assert!(!found.intermediate_session_token.is_empty());
        assert!(
            found
                .discovered_organizations
                .iter()
                .any(|o| o.organization.organization_slug == "stark"),
            "{:?}",
            found.discovered_organizations
        );
        // The new password signs in; the old one no longer does; the link works once.
        let stark = organization_id(&backend, "stark").await;
        let with = |password: &str| PasswordAuthenticateRequest {
            organization_id: stark.clone(),
            email_address: tony.into(),
            password: password.into(),
            session_duration_minutes: Some(60),
            ..Default::default()
        };
        backend
            .authenticate_password(&with(fresh), &SignInOptions::default())
            .await
            .expect("the new password");
        assert_eq!(
            refusal(
                backend
                    .authenticate_password(&with(DEMO_PASSWORD), &SignInOptions::default())
                    .await
            )
            .1,
            "unauthorized_credentials"
        );
        assert_eq!(
            refusal(backend.reset_discovery_password(&reset).await).1,
            "magic_link_not_found"
        );
    });
}
