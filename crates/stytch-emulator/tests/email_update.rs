//! A member's email update over HTTP: the link or code sent to the new address, the move and
//! the retired old address on authentication, the address held by a pending update (five
//! minutes) and by a retired one (until unlinked), and who may change whose address, on the
//! SDK and backend surfaces.

mod support;

use reqwest::StatusCode;
use serde_json::{Value, json};
use stytch_emulator::EmulatorConfig;
use support::*;

/// A signed-in member: their session token, member ID and organization ID.
struct Member {
    session: String,
    member_id: String,
    organization_id: String,
}

impl Api {
    fn start() -> Self {
        Api::with(EmulatorConfig::for_tests())
    }

    /// Someone who creates an organization through discovery (its admin).
    async fn founder(&self, email: &str, slug: &str) -> Member {
        let (status, _) = self
            .sdk(
                "/magic_links/email/discovery/send",
                None,
                json!({ "email_address": email }),
            )
            .await;
        assert_eq!(status, 200);
        let token = self.last_message(email).await["token"].clone();
        let (_, found) = self
            .sdk(
                "/magic_links/discovery/authenticate",
                None,
                json!({ "discovery_magic_links_token": token }),
            )
            .await;
        let ist = found["data"]["intermediate_session_token"].clone();
        let (status, created) = self
            .sdk(
                "/discovery/organizations/create",
                None,
                json!({ "intermediate_session_token": ist, "organization_slug": slug, "session_duration_minutes": 60 }),
            )
            .await;
        assert_eq!(status, 200, "{created}");
        signed_in(&created["data"])
    }

    /// A plain member the founder adds, signed in by an organization login link.
    async fn colleague(&self, founder: &Member, email: &str) -> Member {
        let (status, added) = self
            .sdk(
                "/organizations/members",
                Some(&founder.session),
                json!({ "email_address": email }),
            )
            .await;
        assert_eq!(status, 200, "{added}");
        let body = json!({ "organization_id": founder.organization_id, "email_address": email });
        let (status, _) = self.sdk("/magic_links/email/login_or_signup", None, body).await;
        assert_eq!(status, 200);
        let token = self.last_message(email).await["token"].clone();
        let (status, answer) = self.authenticate_link(&token).await;
        assert_eq!(status, 200, "{answer}");
        signed_in(&answer["data"])
    }

    async fn authenticate_link(&self, token: &Value) -> (StatusCode, Value) {
        self.sdk(
            "/magic_links/authenticate",
            None,
            json!({ "magic_links_token": token, "session_duration_minutes": 60 }),
        )
        .await
    }

    /// `self.startEmailUpdate` as `member`.
    async fn start_own_update(&self, member: &Member, body: Value) -> (StatusCode, Value) {
        self.sdk("/organizations/members/start_email_update", Some(&member.session), body)
            .await
    }

    /// `organization.members.create` as `member`, for `email`.
    async fn add_member(&self, member: &Member, email: &str) -> (StatusCode, Value) {
        self.sdk(
            "/organizations/members",
            Some(&member.session),
            json!({ "email_address": email }),
        )
        .await
    }
}

fn signed_in(data: &Value) -> Member {
    let text = |v: &Value| v.as_str().unwrap().to_owned();
    Member {
        session: text(&data["session_token"]),
        member_id: text(&data["member_id"]),
        organization_id: text(&data["organization_id"]),
    }
}

#[tokio::test]
async fn a_link_to_the_new_address_moves_the_member_and_retires_the_old_one_until_unlinked() {
    let api = Api::start();
    let ada = api.founder("ada@old.example", "analytical").await;
    let (status, started) = api
        .start_own_update(&ada, json!({ "email_address": "Ada@New.Example" }))
        .await;
    assert_eq!(status, 200, "{started}");
    assert_eq!(
        started["data"]["member"]["email_address"], "ada@old.example",
        "nothing moves before the new address is proven"
    );
    let message = api.last_message("ada@new.example").await;
    assert!(
        message["link"]
            .as_str()
            .unwrap()
            .contains("stytch_token_type=multi_tenant_magic_links&token="),
        "{message}"
    );

    let (status, answer) = api.authenticate_link(&message["token"]).await;
    assert_eq!(status, 200, "{answer}");
    let member = &answer["data"]["member"];
    assert_eq!(answer["data"]["member_id"], ada.member_id.as_str());
    assert_eq!(member["email_address"], "ada@new.example");
    assert_eq!(member["email_address_verified"], true);
    let retired = &member["retired_email_addresses"][0];
    assert_eq!(retired["email_address"], "ada@old.example");
    assert!(retired["email_id"].as_str().unwrap().starts_with("email-test-"));
    let factor = &answer["data"]["member_session"]["authentication_factors"][0];
    assert_eq!(factor["email_factor"]["email_address"], "ada@new.example");
    assert_refused(
        api.authenticate_link(&message["token"]).await,
        401,
        "unable_to_auth_magic_link",
    );

    // The retired address is nobody else's until unlinked.
    let session = answer["data"]["session_token"].as_str().unwrap().to_owned();
    let ada = Member { session, ..ada };
    assert_refused(
        api.add_member(&ada, "ada@old.example").await,
        400,
        "retired_member_email",
    );
    let unlink = |body: Value| api.sdk("/organizations/members/unlink_retired_email", Some(&ada.session), body);
    assert_refused(unlink(json!({})).await, 400, "retired_email_missing_email_identifiers");
    let mismatch = json!({ "email_id": retired["email_id"], "email_address": "someone@old.example" });
    assert_refused(unlink(mismatch).await, 404, "email_not_found");
    let (status, unlinked) = unlink(json!({ "email_address": "ADA@old.example" })).await;
    assert_eq!(status, 200, "{unlinked}");
    assert_eq!(unlinked["data"]["member"]["retired_email_addresses"], json!([]));
    let (status, added) = api.add_member(&ada, "ada@old.example").await;
    assert_eq!(status, 200, "{added}");
}

#[tokio::test]
async fn a_pending_update_holds_the_address_for_five_minutes_and_a_new_start_replaces_it() {
    let api = Api::start();
    let ada = api.founder("ada@old.example", "analytical").await;
    let bob = api.colleague(&ada, "bob@old.example").await;

    api.start_own_update(&ada, json!({ "email_address": "first@new.example" }))
        .await;
    let first = api.last_message("first@new.example").await["token"].clone();
    let (status, _) = api
        .start_own_update(&ada, json!({ "email_address": "ada@new.example" }))
        .await;
    assert_eq!(status, 200);
    assert_refused(api.authenticate_link(&first).await, 404, "magic_link_not_found");
    let (status, _) = api
        .start_own_update(&bob, json!({ "email_address": "first@new.example" }))
        .await;
    assert_eq!(status, 200, "the replaced update no longer holds its address");

    // Ada's pending address is held from Bob, from new members and from invitations.
    let held = json!({ "email_address": "ada@new.example" });
    assert_refused(
        api.start_own_update(&bob, held.clone()).await,
        400,
        "desired_email_updating_for_different_member",
    );
    assert_refused(
        api.add_member(&ada, "ada@new.example").await,
        400,
        "desired_email_updating_for_different_member",
    );
    assert_refused(
        api.sdk("/magic_links/email/invite", Some(&ada.session), held.clone())
            .await,
        400,
        "desired_email_updating_for_different_member",
    );

    // Five minutes later the link is dead and the address free.
    let link = api.last_message("ada@new.example").await["token"].clone();
    api.post("/emulator/v1/clock", None, json!({ "advance_seconds": 301 }))
        .await;
    assert_refused(api.authenticate_link(&link).await, 404, "magic_link_not_found");
    let (status, started) = api.start_own_update(&bob, held).await;
    assert_eq!(status, 200, "{started}");
}

#[tokio::test]
async fn an_email_code_at_the_new_address_proves_it_too() {
    let api = Api::start();
    let ada = api.founder("ada@old.example", "analytical").await;
    let (status, started) = api
        .start_own_update(
            &ada,
            json!({ "email_address": "ada@new.example", "delivery_method": "EMAIL_OTP" }),
        )
        .await;
    assert_eq!(status, 200, "{started}");
    let code = api.last_message("ada@new.example").await["code"].clone();
    assert!(code.as_str().is_some_and(|c| c.len() == 6), "{code}");
    let authenticate = |code: &Value| {
        api.sdk(
            "/otps/email/authenticate",
            None,
            json!({
                "organization_id": ada.organization_id,
                "email_address": "ada@new.example",
                "code": code,
                "session_duration_minutes": 60,
            }),
        )
    };
    let wrong = if code == "000001" { "000002" } else { "000001" };
    assert_refused(authenticate(&json!(wrong)).await, 401, "unable_to_auth_otp_code");
    let (status, answer) = authenticate(&code).await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(answer["data"]["member_id"], ada.member_id.as_str());
    assert_eq!(answer["data"]["member"]["email_address"], "ada@new.example");
    assert_eq!(
        answer["data"]["member"]["retired_email_addresses"][0]["email_address"],
        "ada@old.example"
    );
}

#[tokio::test]
async fn who_may_change_whose_address_and_what_is_refused_on_both_surfaces() {
    let api = Api::start();
    let ada = api.founder("ada@old.example", "analytical").await;
    let bob = api.colleague(&ada, "bob@old.example").await;
    let others = format!("/organizations/members/{}/start_email_update", ada.member_id);
    let to = json!({ "email_address": "ada@new.example" });
    assert_refused(
        api.sdk(&others, Some(&bob.session), to.clone()).await,
        403,
        "session_authorization_error",
    );
    for refused in [
        json!({ "email_address": "bob@new.example", "delivery_method": "SMS" }),
        json!({ "email_address": "not an address" }),
        json!({ "email_address": "" }),
    ] {
        let (status, body) = api.start_own_update(&bob, refused.clone()).await;
        assert_eq!(status, 400, "{refused}: {body}");
    }
    assert_refused(
        api.start_own_update(&bob, json!({ "email_address": "BOB@old.example" }))
            .await,
        400,
        "duplicate_member_email",
    );
    assert_refused(
        api.start_own_update(&bob, json!({ "email_address": "ada@old.example" }))
            .await,
        400,
        "duplicate_member_email",
    );

    // An admin may start another member's update, except for one whose address is unverified.
    let bobs = format!("/organizations/members/{}/start_email_update", bob.member_id);
    let (status, started) = api
        .sdk(&bobs, Some(&ada.session), json!({ "email_address": "bob@new.example" }))
        .await;
    assert_eq!(status, 200, "{started}");
    let (_, carol) = api.add_member(&ada, "carol@old.example").await;
    let carol_id = carol["data"]["member_id"].as_str().unwrap();
    let carols = format!("/organizations/members/{carol_id}/start_email_update");
    let start_carols = || {
        api.sdk(
            &carols,
            Some(&ada.session),
            json!({ "email_address": "carol@new.example" }),
        )
    };
    assert_refused(start_carols().await, 400, "email_verification_required");
    // Nor for a member who has left the organization.
    let (status, _) = api
        .call(
            reqwest::Method::DELETE,
            &format!("/v1/b2b/organizations/{}/members/{carol_id}", ada.organization_id),
            secret(),
            Value::Null,
        )
        .await;
    assert_eq!(status, 200);
    assert_refused(
        start_carols().await,
        400,
        "email_updates_available_only_for_active_members",
    );

    // The backend surface: the same rules, flat answers, and the unlink.
    let path = |what: &str| {
        format!(
            "/organizations/{}/members/{}/{what}",
            ada.organization_id, ada.member_id
        )
    };
    let (status, started) = api.backend(&path("start_email_update"), to).await;
    assert_eq!(status, 200, "{started}");
    assert_eq!(started["member_id"], ada.member_id.as_str());
    let token = api.last_message("ada@new.example").await["token"].clone();
    let (status, moved) = api
        .backend(
            "/magic_links/authenticate",
            json!({ "magic_links_token": token, "session_duration_minutes": 60 }),
        )
        .await;
    assert_eq!(status, 200, "{moved}");
    let email_id = moved["member"]["retired_email_addresses"][0]["email_id"].clone();
    let (status, unlinked) = api
        .backend(&path("unlink_retired_email"), json!({ "email_id": email_id }))
        .await;
    assert_eq!(status, 200, "{unlinked}");
    assert_eq!(unlinked["member"]["retired_email_addresses"], json!([]));
    assert_refused(
        api.backend(&path("unlink_retired_email"), json!({ "email_id": email_id }))
            .await,
        404,
        "email_not_found",
    );
}

#[tokio::test]
async fn a_pending_update_survives_an_export_and_import() {
    let source = Api::start();
    let ada = source.founder("ada@old.example", "analytical").await;
    let (status, _) = source
        .start_own_update(&ada, json!({ "email_address": "ada@new.example" }))
        .await;
    assert_eq!(status, 200);
    let link = source.last_message("ada@new.example").await["token"].clone();
    let (status, state) = source
        .call(reqwest::Method::GET, "/emulator/v1/state", None, Value::Null)
        .await;
    assert_eq!(status, 200);

    let target = Api::start();
    let (status, imported) = target
        .call(reqwest::Method::PUT, "/emulator/v1/state", None, state)
        .await;
    assert_eq!(status, 200, "{imported}");
    let held = target
        .sdk(
            "/organizations/members",
            Some(&ada.session),
            json!({ "email_address": "ada@new.example" }),
        )
        .await;
    assert_refused(held, 400, "desired_email_updating_for_different_member");
    let (status, moved) = target.authenticate_link(&link).await;
    assert_eq!(status, 200, "{moved}");
    assert_eq!(moved["data"]["member"]["email_address"], "ada@new.example");
}

#[tokio::test]
async fn an_admin_sets_an_address_at_once_unverified_and_members_cannot_set_their_own() {
    let api = Api::start();
    let ada = api.founder("ada@old.example", "analytical").await;
    let bob = api.colleague(&ada, "bob@old.example").await;
    let api = &api;
    let update = |member: &Member, target: &str, body: Value| {
        let path = format!("/sdk/v1/b2b/organizations/members/{target}");
        let auth = basic(stytch_emulator::DEFAULT_PUBLIC_TOKEN, &member.session);
        async move { api.call(reqwest::Method::PUT, &path, Some(auth), body).await }
    };
    let to = |address: &str| json!({ "email_address": address });

    // Not one's own, whatever one's roles: Ada is an admin.
    for (who, target) in [(&bob, &bob.member_id), (&ada, &ada.member_id)] {
        assert_refused(
            update(who, target, to("me@new.example")).await,
            403,
            "member_cannot_update_their_email_address",
        );
    }
    let (status, own) = api
        .call(
            reqwest::Method::PUT,
            "/sdk/v1/b2b/organizations/members/update",
            Some(basic(stytch_emulator::DEFAULT_PUBLIC_TOKEN, &bob.session)),
            to("bob@new.example"),
        )
        .await;
    assert_eq!(
        (status.as_u16(), own["error_type"].as_str()),
        (403, Some("member_cannot_update_their_email_address"))
    );
    assert_refused(
        update(&bob, &ada.member_id, to("x@new.example")).await,
        403,
        "session_authorization_error",
    );

    // An admin sets Bob's address: at once, unverified, the old one retired.
    assert_refused(
        update(&ada, &bob.member_id, to("ada@old.example")).await,
        400,
        "duplicate_member_email",
    );
    let (status, moved) = update(&ada, &bob.member_id, to("Bob@New.Example")).await;
    assert_eq!(status, 200, "{moved}");
    let member = &moved["data"]["member"];
    assert_eq!(member["email_address"], "bob@new.example");
    assert_eq!(member["email_address_verified"], false);
    assert_eq!(member["retired_email_addresses"][0]["email_address"], "bob@old.example");
    assert_refused(
        api.add_member(&ada, "bob@old.example").await,
        400,
        "retired_member_email",
    );

    // Back to the old address: allowed for Bob himself, and the new one is retired instead.
    let (status, back) = update(&ada, &bob.member_id, to("bob@old.example")).await;
    assert_eq!(status, 200, "{back}");
    let retired: Vec<_> = back["data"]["member"]["retired_email_addresses"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["email_address"].clone())
        .collect();
    assert_eq!(retired, [json!("bob@new.example")]);
}
