//! `client.rbac()` against a real emulator: the session's roles checked locally against the
//! project's policy from the bootstrap document and the organization's own roles.

mod support;

use reqwest::Method;
use serde_json::json;
use support::*;

const BOOTSTRAP: &str = "/sdk/v1/projects/bootstrap";

/// The next bootstrap fetch fails as `fault` says (`{"status": 503}`, `{"drop": true}`, …).
async fn fail_next_bootstrap(api: &str, mut fault: serde_json::Value) {
    fault["path"] = json!(format!("{BOOTSTRAP}/*"));
    fault["count"] = json!(1);
    post_json(&format!("{api}/emulator/v1/faults"), fault).await;
}

#[test]
fn permissions_follow_the_sessions_roles_and_the_organizations_own_roles() {
    let emulator = emulator();
    let api = emulator.url();
    run(async move {
        let browser = Browser::new();
        let client = browser.open(&api);
        assert!(
            !client.rbac().is_authorized("stytch.self", "update.info.name").await,
            "signed out"
        );
        let all = client.rbac().all_permissions().await;
        assert!(
            !all["documents"]["read"] && !all["stytch.self"]["*"],
            "signed out: every action false"
        );

        sign_in(&client, &api, "rbac@example.org", "rbac-co", 60).await;
        let rbac = client.rbac();
        assert!(
            rbac.is_authorized_sync("documents", "write"),
            "the creator holds stytch_admin"
        );
        assert!(rbac.is_authorized("documents", "delete").await);
        let all = rbac.all_permissions().await;
        assert!(all["documents"]["read"]);
        assert!(all["documents"]["delete"]);
        assert!(all["stytch.member"]["*"], "a resource whose action is `*`");
        let requests = request_count(&api, "/sdk/v1/b2b").await;

        // A plain member: roles change on the backend and reach the session when it
        // authenticates.
        let session = client.session().get_sync().unwrap();
        let member = format!(
            "/organizations/{}/members/{}",
            session.organization_id, session.member_id
        );
        backend(&api, Method::PUT, &member, Some(json!({ "roles": [] }))).await;
        client.session().authenticate(None).await.unwrap();
        let all = client.rbac().all_permissions().await;
        assert_eq!(
            all["documents"],
            [("delete".into(), false), ("read".into(), true), ("write".into(), false)].into()
        );
        assert!(!all["stytch.member"]["*"]);

        // A role the organization defines for itself grants beside the project's.
        let archivist = json!({ "org_policy": { "roles": [{
            "role_id": "archivist",
            "permissions": [{ "resource_id": "documents", "actions": ["delete"] }],
        }] } });
        let org_policy = format!("/rbac/organizations/{}", session.organization_id);
        backend(&api, Method::PUT, &org_policy, Some(archivist)).await;
        backend(&api, Method::PUT, &member, Some(json!({ "roles": ["archivist"] }))).await;
        assert!(
            !client.rbac().is_authorized_sync("documents", "delete"),
            "not until it authenticates"
        );
        client.session().authenticate(None).await.unwrap();
        assert!(client.rbac().is_authorized_sync("documents", "delete"));
        assert!(!client.rbac().is_authorized_sync("documents", "write"));
        assert_eq!(
            request_count(&api, "/sdk/v1/b2b").await - requests,
            2,
            "the checks send nothing: only the two authenticates"
        );

        client.session().revoke(false).await.unwrap();
        assert!(!client.rbac().is_authorized_sync("documents", "read"));
    });
}

#[test]
fn a_bootstrap_fetch_that_failed_transiently_is_fetched_again_once_the_api_answers() {
    let emulator = emulator();
    let api = emulator.url();
    run(async move {
        // The page loads during an outage of that one endpoint, which then ends.
        fail_next_bootstrap(&api, json!({ "status": 503 })).await;
        let client = Browser::new().open(&api);
        let taken = std::rc::Rc::new(std::cell::RefCell::new(Vec::new()));
        let log = taken.clone();
        let _changes = client.on_bootstrap_change(move |bootstrap, fetched| {
            log.borrow_mut().push((fetched, bootstrap.rbac_policy.is_some()));
        });
        let defaults = client.bootstrap_ready().await;
        assert_eq!(defaults.rbac_policy, None, "the official defaults");
        assert_eq!(*taken.borrow(), [(false, false)]);
        assert_eq!(request_count(&api, BOOTSTRAP).await, 1);

        // The first request the API answers brings the document again.
        sign_in(&client, &api, "bootstrap-retry@example.org", "bootstrap-retry", 60).await;
        eventually(|| taken.borrow().len() == 2).await;
        assert_eq!(taken.borrow()[1], (true, true), "the fetched document, with its policy");
        assert!(client.bootstrap().is_some_and(|b| b.rbac_policy.is_some()));
        assert!(
            client.rbac().is_authorized_sync("documents", "write"),
            "the creator holds stytch_admin"
        );
        assert!(
            client.cached_bootstrap().is_some_and(|b| b.rbac_policy.is_some()),
            "cached for the next page load"
        );
        client.session().authenticate(None).await.unwrap();
        client.session().authenticate(None).await.unwrap();
        assert_eq!(request_count(&api, BOOTSTRAP).await, 2, "not again once it succeeded");
        assert_eq!(taken.borrow().len(), 2);
    });
}

#[test]
fn a_bootstrap_fetch_the_api_refused_is_not_fetched_again() {
    let emulator = emulator();
    let api = emulator.url();
    run(async move {
        // A refusal (a wrong public token would be one) will not change by asking again.
        fail_next_bootstrap(&api, json!({ "status": 401 })).await;
        let client = Browser::new().open(&api);
        assert_eq!(client.bootstrap_ready().await.rbac_policy, None);
        sign_in(&client, &api, "bootstrap-refused@example.org", "bootstrap-refused", 60).await;
        client.session().authenticate(None).await.unwrap();
        client.session().authenticate(None).await.unwrap();
        assert_eq!(request_count(&api, BOOTSTRAP).await, 1, "asked once");
    });
}

#[test]
fn a_signed_out_page_fetches_a_failed_bootstrap_again_when_it_comes_back() {
    let emulator = emulator();
    let api = emulator.url();
    run(async move {
        fail_next_bootstrap(&api, json!({ "drop": true })).await;
        let client = Browser::new().open(&api);
        assert_eq!(client.bootstrap_ready().await.rbac_policy, None, "the defaults");
        // Signed out, the page sends nothing else; coming back to it (focus, `online`) asks.
        client.on_foreground();
        let fetched = client.clone();
        eventually(move || fetched.bootstrap().is_some_and(|b| b.rbac_policy.is_some())).await;
        assert_eq!(request_count(&api, BOOTSTRAP).await, 2);
        client.on_foreground();
        client.organization().get_by_slug("bootstrap-back").await.unwrap();
        assert_eq!(request_count(&api, BOOTSTRAP).await, 2, "not again once it succeeded");
    });
}

#[test]
fn after_a_failed_bootstrap_fetch_the_sync_check_uses_the_cached_policy() {
    let emulator = emulator();
    let api = emulator.url();
    run(async move {
        let profile = Browser::new();
        let first = profile.open(&api);
        sign_in(&first, &api, "cached-policy@example.org", "cached-policy", 60).await;
        first.bootstrap_ready().await;
        drop(first);
        // The next page load's fetch fails: the policy the last one cached still answers.
        fail_next_bootstrap(&api, json!({ "status": 503 })).await;
        let client = profile.open(&api);
        assert_eq!(client.bootstrap_ready().await.rbac_policy, None, "the defaults");
        assert!(
            client.rbac().is_authorized_sync("documents", "delete"),
            "the creator's admin role, from the cached policy"
        );
        assert!(
            !client.rbac().is_authorized("documents", "delete").await,
            "the official isAuthorized uses the fetched document, which has no policy"
        );
    });
}
