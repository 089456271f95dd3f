//! `client.rbac()` against a real emulator: the session's roles checked locally against the
//! project's policy from the bootstrap document and the organization's own roles.

mod support;

use reqwest::Method;
use serde_json::json;
use support::*;

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
