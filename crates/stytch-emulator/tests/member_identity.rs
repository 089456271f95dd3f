//! How the backend names organizations and members, and what a member's update does to their
//! identity: external IDs standing in for IDs (unique and well formed), and an email change
//! that retires or deletes the old address and takes the password with it.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use sha2::Digest;
use stytch_emulator::{EmulatorConfig, Seed};

mod support;
use support::{Api, assert_refused, secret};

const PASSWORD: &str = "correct horse battery staple";

fn start() -> Api {
    Api::with(EmulatorConfig {
        seed: Seed::None,
        ..EmulatorConfig::for_tests()
    })
}

impl Api {
    /// A backend call with the project's secret and, when given, a member acting.
    async fn as_member(&self, method: Method, path: &str, acting: Option<&str>, body: Value) -> (StatusCode, Value) {
        let mut request = self
            .http
            .request(method, format!("{}/v1/b2b{path}", self.base))
            .header("authorization", secret().unwrap());
        if let Some(token) = acting {
            request = request.header("x-stytch-member-session", token);
        }
        if !body.is_null() {
            request = request.json(&body);
        }
        let response = request.send().await.unwrap();
        (response.status(), response.json().await.unwrap())
    }

    async fn server(&self, method: Method, path: &str, body: Value) -> (StatusCode, Value) {
        self.as_member(method, path, None, body).await
    }

    /// A new organization; its ID.
    async fn organization(&self, slug: &str, external_id: &str) -> String {
        let body =
            json!({ "organization_name": slug, "organization_slug": slug, "organization_external_id": external_id });
        let (status, created) = self.backend("/organizations", body).await;
        assert_eq!(status, 200, "{created}");
        created["organization"]["organization_id"].as_str().unwrap().to_owned()
    }

    /// A member with a verified address and the test password (migrated in); the member.
    async fn member_with_password(&self, organization_id: &str, email: &str, external_id: &str) -> Value {
        let hash: String = sha2::Sha512::digest(PASSWORD.as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        let body = json!({
            "organization_id": organization_id, "email_address": email, "hash_type": "sha_512",
            "hash": hash, "external_id": external_id,
        });
        let (status, migrated) = self.backend("/passwords/migrate", body).await;
        assert_eq!(status, 200, "{migrated}");
        migrated["member"].clone()
    }

    async fn sign_in(&self, organization_id: &str, email: &str) -> (StatusCode, Value) {
        let body = json!({ "organization_id": organization_id, "email_address": email, "password": PASSWORD });
        self.backend("/passwords/authenticate", body).await
    }
}

#[tokio::test]
async fn organizations_and_members_answer_to_their_external_ids_which_are_unique_and_well_formed() {
    let api = &start();
    let acme = api.organization("acme", "crm|acme-1").await;
    let create = |body: Value| api.backend("/organizations", body);
    let beta = json!({ "organization_name": "Beta", "organization_slug": "beta" });
    let with_external_id = |id: &str| {
        let mut body = beta.clone();
        body["organization_external_id"] = json!(id);
        body
    };
    assert_refused(
        create(with_external_id("crm|acme-1")).await,
        400,
        "organization_external_id_already_used",
    );
    for malformed in ["crm acme", "crm/acme", &"x".repeat(129)] {
        assert_refused(
            create(with_external_id(malformed)).await,
            400,
            "invalid_organization_external_id",
        );
    }
    let beta = api.organization("beta", "crm|beta-2").await;
    let rename = |organization: &str, external_id: &str| {
        let path = format!("/organizations/{organization}");
        let body = json!({ "organization_external_id": external_id });
        async move { api.server(Method::PUT, &path, body).await }
    };
    assert_refused(
        rename(&beta, "crm|acme-1").await,
        400,
        "organization_external_id_already_used",
    );
    let (status, kept) = rename(&acme, "crm|acme-1").await;
    assert_eq!(status, 200, "its own external ID is no other's: {kept}");

    // Wherever an organization ID goes, its external ID may go instead (`|` escaped in a path).
    let (status, found) = api
        .server(Method::GET, "/organizations/crm%7Cacme-1", Value::Null)
        .await;
    assert_eq!(status, 200, "{found}");
    assert_eq!(found["organization"]["organization_id"], acme);

    // Members: an external ID is unique within the organization, not across organizations.
    let add = |organization: &str, email: &str, external_id: &str| {
        let path = format!("/organizations/{organization}/members");
        let body = json!({ "email_address": email, "external_id": external_id });
        async move { api.backend(&path, body).await }
    };
    let (status, ada) = add("crm%7Cacme-1", "ada@acme.example", "emp-7").await;
    assert_eq!(status, 200, "{ada}");
    assert_eq!(ada["member"]["organization_id"], acme);
    assert_eq!(ada["member"]["external_id"], "emp-7");
    let ada_id = ada["member"]["member_id"].as_str().unwrap().to_owned();
    assert_refused(
        add(&acme, "bob@acme.example", "emp-7").await,
        400,
        "duplicate_member_external_id",
    );
    assert_refused(add(&acme, "bob@acme.example", "emp 7").await, 400, "bad_request");
    let (status, elsewhere) = add(&beta, "ada@beta.example", "emp-7").await;
    assert_eq!(status, 200, "another organization may reuse it: {elsewhere}");
    let (status, bob) = add(&acme, "bob@acme.example", "emp-8").await;
    assert_eq!(status, 200, "{bob}");
    let bob_id = bob["member"]["member_id"].as_str().unwrap().to_owned();
    assert_refused(
        api.server(
            Method::PUT,
            &format!("/organizations/{acme}/members/{bob_id}"),
            json!({ "external_id": "emp-7" }),
        )
        .await,
        400,
        "duplicate_member_external_id",
    );

    // Wherever a member ID goes, the member's external ID may go instead.
    let (status, got) = api
        .server(
            Method::GET,
            "/organizations/crm%7Cacme-1/member?member_id=emp-7",
            Value::Null,
        )
        .await;
    assert_eq!(status, 200, "{got}");
    assert_eq!(got["member"]["member_id"], ada_id);
    let (status, renamed) = api
        .server(
            Method::PUT,
            &format!("/organizations/{acme}/members/emp-7"),
            json!({ "name": "Ada Lovelace" }),
        )
        .await;
    assert_eq!(status, 200, "{renamed}");
    assert_eq!(
        (&renamed["member_id"], &renamed["member"]["name"]),
        (&json!(ada_id), &json!("Ada Lovelace"))
    );
    let (status, sessions) = api
        .server(
            Method::GET,
            &format!("/sessions?organization_id={acme}&member_id=emp-7"),
            Value::Null,
        )
        .await;
    assert_eq!((status, &sessions["member_sessions"]), (StatusCode::OK, &json!([])));

    // Removed, the external ID names nobody and is free again.
    let (status, removed) = api
        .server(
            Method::DELETE,
            &format!("/organizations/{acme}/members/emp-7/external_id"),
            Value::Null,
        )
        .await;
    assert_eq!(status, 200, "{removed}");
    assert_refused(
        api.server(
            Method::GET,
            &format!("/organizations/{acme}/member?member_id=emp-7"),
            Value::Null,
        )
        .await,
        404,
        "member_not_found",
    );
    let (status, _) = api
        .server(
            Method::PUT,
            &format!("/organizations/{acme}/members/{bob_id}"),
            json!({ "external_id": "emp-7" }),
        )
        .await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn a_member_acting_through_the_backend_is_themselves_under_their_external_id() {
    let api = &start();
    let acme = api.organization("acme", "crm|acme-1").await;
    api.member_with_password(&acme, "ada@acme.example", "emp-7").await;
    api.member_with_password(&acme, "bob@acme.example", "emp-8").await;
    let (status, signed_in) = api.sign_in(&acme, "ada@acme.example").await;
    assert_eq!(status, 200, "{signed_in}");
    let ada = signed_in["session_token"].as_str().unwrap();

    // A plain member may rename themselves (`stytch.self`), named by the organization's
    // external ID and their own, but not a colleague (`stytch.member`).
    let rename = |member: &'static str| {
        let body = json!({ "name": "Renamed" });
        async move {
            let path = format!("/organizations/crm%7Cacme-1/members/{member}");
            api.as_member(Method::PUT, &path, Some(ada), body).await
        }
    };
    let (status, renamed) = rename("emp-7").await;
    assert_eq!(status, 200, "{renamed}");
    assert_eq!(renamed["member"]["email_address"], "ada@acme.example");
    assert_refused(rename("emp-8").await, 403, "session_authorization_error");
    // Nor may they change their own address this way, however they name themselves.
    assert_refused(
        api.as_member(
            Method::PUT,
            &format!("/organizations/{acme}/members/emp-7"),
            Some(ada),
            json!({ "email_address": "ada@new.example" }),
        )
        .await,
        403,
        "member_cannot_update_their_email_address",
    );
}

#[tokio::test]
async fn a_backend_email_change_takes_the_password_and_retires_or_with_unlink_email_deletes_the_old_address() {
    let api = &start();
    let acme = api.organization("acme", "crm|acme-1").await;
    let ada = api.member_with_password(&acme, "ada@acme.example", "emp-7").await;
    let bob = api.member_with_password(&acme, "bob@acme.example", "emp-8").await;
    let carol = api.member_with_password(&acme, "carol@acme.example", "emp-9").await;
    assert_ne!(ada["member_password_id"], "");
    let move_to = |member: &Value, body: Value| {
        let path = format!(
            "/organizations/{acme}/members/{}",
            member["member_id"].as_str().unwrap()
        );
        async move { api.server(Method::PUT, &path, body).await }
    };

    let (status, moved) = move_to(&ada, json!({ "email_address": "ada@new.example" })).await;
    assert_eq!(status, 200, "{moved}");
    let member = &moved["member"];
    assert_eq!(
        (
            &member["email_address"],
            &member["email_address_verified"],
            &member["member_password_id"]
        ),
        (&json!("ada@new.example"), &json!(false), &json!(""))
    );
    assert_eq!(
        member["retired_email_addresses"][0]["email_address"],
        "ada@acme.example"
    );
    let (status, refused) = api.sign_in(&acme, "ada@new.example").await;
    assert_ne!(status, 200, "the password went with the old address: {refused}");
    let add = |email: &str| {
        let body = json!({ "email_address": email });
        let path = format!("/organizations/{acme}/members");
        async move { api.backend(&path, body).await }
    };
    assert_refused(add("ada@acme.example").await, 400, "retired_member_email");
    // Another member may not move to it either, by Stytch's name for an email update.
    let start =
        json!({ "email_address": "ada@acme.example", "login_redirect_url": "http://localhost:3000/authenticate" });
    let carol_id = carol["member_id"].as_str().unwrap();
    assert_refused(
        api.backend(
            &format!("/organizations/{acme}/members/{carol_id}/start_email_update"),
            start,
        )
        .await,
        400,
        "desired_email_deactivated_by_different_member",
    );

    // With `unlink_email` the old address is deleted, so it is free at once.
    let body = json!({ "email_address": "bob@new.example", "unlink_email": true });
    let (status, moved) = move_to(&bob, body).await;
    assert_eq!(status, 200, "{moved}");
    assert_eq!(moved["member"]["retired_email_addresses"], json!([]));
    assert_eq!(moved["member"]["member_password_id"], "");
    let (status, added) = add("bob@acme.example").await;
    assert_eq!(status, 200, "{added}");
    // An update that keeps the address keeps the password.
    let (status, same) = move_to(&carol, json!({ "email_address": "CAROL@acme.example" })).await;
    assert_eq!(status, 200, "{same}");
    assert_eq!(same["member"]["member_password_id"], carol["member_password_id"]);
    assert_eq!(api.sign_in(&acme, "carol@acme.example").await.0, 200);
}
