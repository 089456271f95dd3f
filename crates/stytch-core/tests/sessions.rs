//! Session behaviour against a live emulator, section by section of the Frontend Sessions guide,
//! plus what the official SDK lacks: one refreshing tab, foreground catch-up, keep-alive.
//! Tabs share one in-memory profile (cookies and localStorage, with storage events); refresh
//! and backoff run on a runtime sped up 100 times.

mod support;

use std::cell::RefCell;
use std::rc::Rc;

use reqwest::Method;
use serde_json::json;
use stytch_core::storage::CookieJar;
use stytch_core::{ClientOptions, SessionActivity, StytchError, models::ErrorType};
use stytch_emulator::{EmulatorConfig, Seed};
use support::*;

const AUTHENTICATE: &str = "/sdk/v1/b2b/sessions/authenticate";
const MINUTE: i64 = 60_000;

fn seeded() -> stytch_emulator::EmulatorHandle {
    stytch_emulator::spawn(EmulatorConfig {
        seed: Seed::Demo,
        ..EmulatorConfig::for_tests()
    })
    .unwrap()
}

fn fast_browser() -> Browser {
    Browser::with_runtime(FastRuntime::new(100))
}

#[test]
fn three_tabs_refresh_about_once_per_interval_in_total() {
    let emulator = emulator();
    let api = emulator.url();
    run(async move {
        let profile = fast_browser();
        let first = profile.open(&api);
        sign_in(&first, &api, "tabs@example.org", "tabs", 60).await;
        let tabs = [first, profile.tab().open(&api), profile.tab().open(&api)];
        let before = request_count(&api, AUTHENTICATE).await;
        // Ten (sped-up) minutes with three tabs open.
        let runtime = profile.runtime.clone();
        let start = runtime.now_ms();
        within(10_000, "ten minutes pass", || runtime.now_ms() - start >= 10 * MINUTE).await;
        let refreshes = request_count(&api, AUTHENTICATE).await - before;
        // Two of the tabs confirm their cache at start; after that one refresh per 3 minutes.
        assert!(
            (3..=7).contains(&refreshes),
            "expected about 2 + 10/3 refreshes, the emulator saw {refreshes}"
        );
        assert!(tabs.iter().all(|t| t.session().get_sync().is_some()));
    });
}

#[test]
fn uncoordinated_clients_would_refresh_three_times_as_often() {
    // The control for the test above: separate profiles do not share the refresh.
    let emulator = emulator();
    let api = emulator.url();
    run(async move {
        let runtime = FastRuntime::new(100);
        let mut clients = Vec::new();
        for i in 0..3 {
            let profile = Browser::with_runtime(runtime.clone());
            let client = profile.open(&api);
            sign_in(
                &client,
                &api,
                &format!("alone{i}@example.org"),
                &format!("alone{i}"),
                60,
            )
            .await;
            clients.push((profile, client));
        }
        let before = request_count(&api, AUTHENTICATE).await;
        let start = stytch_core::runtime::Runtime::now_ms(&*runtime);
        within(10_000, "ten minutes pass", || {
            stytch_core::runtime::Runtime::now_ms(&*runtime) - start >= 10 * MINUTE
        })
        .await;
        let refreshes = request_count(&api, AUTHENTICATE).await - before;
        assert!(
            refreshes >= 9,
            "three independent sessions refresh ~3 times each, saw {refreshes}"
        );
    });
}

#[test]
fn a_ten_minute_outage_keeps_the_session_and_recovery_takes_one_backoff_period() {
    let emulator = emulator();
    let api = emulator.url();
    run(async move {
        let profile = fast_browser();
        let client = profile.open(&api);
        sign_in(&client, &api, "outage@example.org", "outage", 60).await;
        let session = client.session().get_sync();
        let events = Rc::new(RefCell::new(Vec::new()));
        let (log, runtime) = (events.clone(), profile.runtime.clone());
        let _activity = client.on_activity(move |a| log.borrow_mut().push((runtime.now_ms(), a.clone())));

        post_json(
            &format!("{api}/emulator/v1/faults"),
            json!({ "path": AUTHENTICATE, "status": 503 }),
        )
        .await;
        let runtime = profile.runtime.clone();
        let start = runtime.now_ms();
        within(15_000, "the outage lasts ten minutes", || {
            runtime.now_ms() - start >= 13 * MINUTE
        })
        .await;
        assert_eq!(client.session().get_sync(), session, "signed in throughout the outage");
        assert!(profile.jar.find("stytch_session").is_some());
        let retries: Vec<u32> = events
            .borrow()
            .iter()
            .filter_map(|(_, a)| match a {
                SessionActivity::RetryScheduled { attempt, .. } => Some(*attempt),
                _ => None,
            })
            .collect();
        assert!(
            (6..=8).contains(&retries.len()),
            "backoff 4 s, 8 s … 256 s: {retries:?}"
        );

        let cleared_at = runtime.now_ms();
        reqwest::Client::new()
            .delete(format!("{api}/emulator/v1/faults"))
            .send()
            .await
            .unwrap();
        let recovered = events.clone();
        within(10_000, "recovery", move || {
            recovered
                .borrow()
                .iter()
                .any(|(at, a)| *at > cleared_at && matches!(a, SessionActivity::Refreshed { .. }))
        })
        .await;
        let recovered_at = events
            .borrow()
            .iter()
            .rev()
            .find(|(_, a)| matches!(a, SessionActivity::Refreshed { .. }))
            .unwrap()
            .0;
        assert!(
            recovered_at - cleared_at <= 256_175 + 5_000,
            "recovered {} s after the outage",
            (recovered_at - cleared_at) / 1000
        );
        assert!(!client.is_retrying());
    });
}

#[test]
fn a_revoked_session_signs_every_tab_out_within_one_refresh() {
    let emulator = emulator();
    let api = emulator.url();
    run(async move {
        let profile = fast_browser();
        let first = profile.open(&api);
        sign_in(&first, &api, "revoked@example.org", "revoked", 60).await;
        let tabs = [first, profile.tab().open(&api), profile.tab().open(&api)];
        let session_id = tabs[0].session().get_sync().unwrap().member_session_id;
        backend(
            &api,
            Method::POST,
            "/sessions/revoke",
            Some(json!({ "member_session_id": session_id })),
        )
        .await;
        let runtime = profile.runtime.clone();
        let revoked_at = runtime.now_ms();
        let check = tabs.clone();
        within(10_000, "every tab signed out", move || {
            check.iter().all(|t| t.session().get_sync().is_none())
        })
        .await;
        assert!(
            runtime.now_ms() - revoked_at <= 3 * MINUTE + 20_000,
            "within one refresh interval"
        );
        assert!(profile.jar.find("stytch_session").is_none());
    });
}

#[test]
fn a_tab_back_in_the_foreground_refreshes_at_once_if_overdue() {
    let emulator = emulator();
    let api = emulator.url();
    run(async move {
        let profile = Browser::new();
        let client = profile.open(&api);
        sign_in(&client, &api, "foreground@example.org", "foreground", 60).await;
        let before = request_count(&api, AUTHENTICATE).await;
        client.on_foreground();
        assert_eq!(
            request_count(&api, AUTHENTICATE).await,
            before,
            "not overdue: nothing to do"
        );

        // A throttled background tab: the last refresh anywhere was four minutes ago.
        let four_minutes_ago = stytch_core::runtime::Runtime::now_ms(&*profile.runtime) - 4 * MINUTE;
        stytch_core::storage::KeyValueStore::set(
            &profile.storage,
            &format!("stytch_sdk_state_{PUBLIC_TOKEN}::last_refresh"),
            &four_minutes_ago.to_string(),
        );
        client.on_foreground();
        let api2 = api.clone();
        let mut seen = before;
        for _ in 0..200 {
            seen = request_count(&api2, AUTHENTICATE).await;
            if seen > before {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(5)).await;
        }
        assert_eq!(seen, before + 1, "one immediate refresh");
    });
}

#[test]
fn the_foreground_cuts_a_backoff_wait_short_after_an_outage() {
    let emulator = emulator();
    let api = emulator.url();
    run(async move {
        let profile = Browser::new();
        sign_in(&profile.open(&api), &api, "wake@example.org", "wake", 60).await;
        post_json(
            &format!("{api}/emulator/v1/faults"),
            json!({ "path": AUTHENTICATE, "drop": true, "count": 1 }),
        )
        .await;
        // A reload during the outage: the start-up refresh fails and waits ~4 s to retry.
        let client = profile.open(&api);
        let retrying = client.clone();
        within(5_000, "the start-up refresh fails", move || retrying.is_retrying()).await;
        assert!(client.store().from_cache(), "from_cache stays true while retrying");
        client.on_foreground();
        let confirmed = client.clone();
        within(1_000, "retried at once, well before the 4 s backoff", move || {
            !confirmed.store().from_cache()
        })
        .await;
    });
}

#[test]
fn keep_alive_extends_while_open_and_once_across_tabs() {
    let emulator = emulator();
    let api = emulator.url();
    run(async move {
        let profile = fast_browser();
        let first = profile.open(&api);
        sign_in(&first, &api, "alive@example.org", "alive", 10).await;
        let second = profile.tab().open(&api);
        let expires = |c: &stytch_core::StytchClient| {
            stytch_models::time::parse_rfc3339(&c.session().get_sync().unwrap().expires_at).unwrap()
        };
        let initial = expires(&first);
        let _a = first.session().keep_alive(5 * MINUTE as u32, 60);
        let _b = second.session().keep_alive(5 * MINUTE as u32, 60);
        let before = request_count(&api, AUTHENTICATE).await;
        let runtime = profile.runtime.clone();
        let start = runtime.now_ms();
        within(10_000, "twelve minutes pass", || {
            runtime.now_ms() - start >= 12 * MINUTE
        })
        .await;
        assert!(expires(&first) > initial + 40 * MINUTE, "extended to an hour ahead");
        assert_eq!(expires(&first), expires(&second), "both tabs see the extension");
        let calls = request_count(&api, AUTHENTICATE).await - before;
        assert!(
            calls <= 2 + 4 + 2,
            "two extensions and ~4 refreshes, not one extension per tab: {calls}"
        );
    });
}

#[test]
fn keep_session_alive_resends_the_duration_on_background_refreshes() {
    let emulator = emulator();
    let api = emulator.url();
    run(async move {
        let profile = fast_browser();
        let client = profile.open_with(
            &api,
            ClientOptions {
                keep_session_alive: true,
                ..Default::default()
            },
        );
        sign_in(&client, &api, "kept@example.org", "kept", 30).await;
        let expiry = |c: &stytch_core::StytchClient| {
            stytch_models::time::parse_rfc3339(&c.session().get_sync().unwrap().expires_at).unwrap()
        };
        let first = expiry(&client);
        let watched = client.clone();
        // The emulator's clock runs in real time, so the extension moves the expiry by the
        // (real) seconds that passed: any later expiry proves the duration was re-sent.
        within(10_000, "a background refresh extends the session", move || {
            expiry(&watched) > first
        })
        .await;

        let plain = fast_browser();
        let other = plain.open(&api);
        sign_in(&other, &api, "notkept@example.org", "notkept", 30).await;
        let fixed = expiry(&other);
        let runtime = plain.runtime.clone();
        let start = runtime.now_ms();
        within(10_000, "seven minutes pass", || runtime.now_ms() - start >= 7 * MINUTE).await;
        assert_eq!(
            expiry(&other),
            fixed,
            "without keep_session_alive a refresh does not extend"
        );
    });
}

#[test]
fn notifications_come_once_per_real_change_and_extending_counts() {
    let emulator = emulator();
    let api = emulator.url();
    run(async move {
        let profile = Browser::new();
        let client = profile.open(&api);
        sign_in(&client, &api, "notify@example.org", "notify", 60).await;
        let changes = Rc::new(RefCell::new(Vec::new()));
        let log = changes.clone();
        let _subscription = client
            .store()
            .subscribe(move |c| log.borrow_mut().push(c.session_duration_minutes));
        client.session().authenticate(None).await.unwrap();
        assert!(
            changes.borrow().is_empty(),
            "a refresh that only bumps last_accessed_at notifies nobody"
        );
        let jwt_before = profile.jar.get("stytch_session_jwt");
        client.session().authenticate(Some(120)).await.unwrap();
        assert_eq!(
            *changes.borrow(),
            vec![Some(120)],
            "an extension changes expires_at: one notification, with the duration"
        );
        assert_ne!(
            profile.jar.get("stytch_session_jwt"),
            jwt_before,
            "the JWT cookie is replaced"
        );
    });
}

#[test]
fn exchange_lists_and_switches_organizations_and_handles_an_ist_answer() {
    let emulator = seeded();
    let api = emulator.url();
    run(async move {
        let profile = Browser::new();
        let client = profile.open(&api);
        sign_in_to(&client, &api, "ada@example.com", "acme").await;
        let listed = client.discovery().list_organizations().await.unwrap();
        let slugs: Vec<_> = listed
            .discovered_organizations
            .iter()
            .map(|o| o.organization.organization_slug.as_str())
            .collect();
        assert_eq!(
            slugs,
            ["acme", "globex", "northwind", "contoso", "fabrikam", "hooli"],
            "with a session: memberships only, no join-by-domain (Initech, Umbrella)"
        );

        let other_tab = profile.tab().open(&api);
        let switched = client.session().exchange("globex", Some(60)).await.unwrap();
        assert!(switched.member_authenticated);
        assert_eq!(client.organization().get_sync().unwrap().organization_slug, "globex");
        assert_eq!(
            other_tab.organization().get_sync().unwrap().organization_slug,
            "globex",
            "the switch reaches other tabs"
        );

        // An organization that requires MFA answers with an IST: signed out locally, as the official SDK does.
        let created = backend(
            &api,
            Method::POST,
            "/organizations",
            Some(
                json!({ "organization_name": "Vault", "organization_slug": "vault", "mfa_policy": "REQUIRED_FOR_ALL" }),
            ),
        )
        .await;
        let vault = created["organization"]["organization_id"].as_str().unwrap().to_owned();
        backend(
            &api,
            Method::POST,
            &format!("/organizations/{vault}/members"),
            Some(json!({ "email_address": "ada@example.com" })),
        )
        .await;
        let answer = client.session().exchange(&vault, Some(60)).await.unwrap();
        assert!(!answer.member_authenticated);
        assert!(answer.mfa_required.is_some());
        assert!(client.session().get_sync().is_none());
        assert!(profile.jar.find("stytch_session").is_none());
        assert_eq!(
            profile.jar.get("stytch_intermediate_session_token"),
            Some(answer.intermediate_session_token)
        );
    });
}

#[test]
fn hydrating_writes_cookies_only_then_authenticate_loads_the_session() {
    let emulator = emulator();
    let api = emulator.url();
    run(async move {
        let elsewhere = Browser::new();
        let origin = elsewhere.open(&api);
        sign_in(&origin, &api, "hydrate@example.org", "hydrate", 60).await;
        let tokens = origin.session().get_tokens().unwrap();

        let profile = Browser::new();
        let client = profile.open(&api);
        let notified = Rc::new(RefCell::new(0));
        let count = notified.clone();
        let _subscription = client.store().subscribe(move |_| *count.borrow_mut() += 1);
        let before = request_count(&api, AUTHENTICATE).await;
        client
            .session()
            .update_session(&tokens.session_token, Some(&tokens.session_jwt));
        assert_eq!(request_count(&api, AUTHENTICATE).await, before, "no request");
        assert!(client.session().get_sync().is_none(), "no state change");
        assert_eq!(*notified.borrow(), 0, "no notification");
        let cookie = profile.jar.find("stytch_session").unwrap();
        assert_eq!(
            (cookie.value.as_str(), cookie.expires_ms),
            (tokens.session_token.as_str(), None),
            "a browser-session cookie"
        );
        client.session().authenticate(None).await.unwrap();
        assert_eq!(client.member().get_sync().unwrap().email_address, "hydrate@example.org");
    });
}

#[test]
fn logout_in_one_tab_signs_out_the_others_at_once() {
    let emulator = emulator();
    let api = emulator.url();
    run(async move {
        let profile = Browser::new();
        let first = profile.open(&api);
        sign_in(&first, &api, "multi@example.org", "multi", 60).await;
        let second = profile.tab().open(&api);
        let third = profile.tab().open(&api);
        assert!(second.session().get_sync().is_some() && third.session().get_sync().is_some());
        first.session().revoke(false).await.unwrap();
        assert!(
            second.session().get_sync().is_none(),
            "storage events reach other tabs synchronously"
        );
        assert!(third.session().get_sync().is_none());
    });
}

#[test]
fn http_only_mode_works_with_opaque_tokens() {
    let emulator = stytch_emulator::spawn(EmulatorConfig {
        http_only_cookies: true,
        ..EmulatorConfig::for_tests()
    })
    .unwrap();
    let api = emulator.url();
    run(async move {
        let http = reqwest::Client::builder().cookie_store(true).build().unwrap();
        let mut profile = Browser::new();
        profile.transport = Rc::new(stytch_core::transport::ReqwestTransport::new(http));
        let options = ClientOptions {
            http_only_cookies: true,
            ..Default::default()
        };
        let client = profile.open_with(&api, options.clone());
        sign_in(&client, &api, "opaque@example.org", "opaque", 60).await;
        assert!(client.session().get_sync().is_some(), "signed in");
        assert!(client.session().get_tokens().is_none(), "tokens are opaque to the page");
        assert!(
            profile.jar.find("stytch_session").is_none()
                && profile.jar.find("stytch_intermediate_session_token").is_none()
        );

        let reloaded = profile.open_with(&api, options.clone());
        assert!(reloaded.store().from_cache());
        let confirmed = reloaded.clone();
        within(5_000, "confirmed through the HttpOnly cookie", move || {
            !confirmed.store().from_cache()
        })
        .await;
        assert!(reloaded.session().get_sync().is_some());
        reloaded.session().revoke(false).await.unwrap();
        let error = reloaded.session().authenticate(None).await.unwrap_err();
        assert!(
            matches!(error.error_type(), Some(ErrorType::UserUnauthenticated)),
            "{error:?}"
        );
        assert!(reloaded.session().get_sync().is_none());
        let _ = StytchError::Usage(String::new());
    });
}

/// `localStorage` whose refresh lock is granted just after "another tab" recorded a refresh:
/// what a browser shows when that tab finished between this tab's timestamp check and its lock
/// request (one tab's writes reach another a moment late).
struct LockGrantedAfterAnotherTabRefreshed {
    storage: stytch_core::storage::MemoryStore,
    runtime: Rc<dyn stytch_core::runtime::Runtime>,
}

impl stytch_core::storage::KeyValueStore for LockGrantedAfterAnotherTabRefreshed {
    fn get(&self, key: &str) -> Option<String> {
        self.storage.get(key)
    }

    fn set(&self, key: &str, value: &str) {
        self.storage.set(key, value);
    }

    fn remove(&self, key: &str) {
        self.storage.remove(key);
    }

    fn watch(&self, key: &str, on_change: Box<dyn Fn(Option<String>)>) -> stytch_core::storage::WatchGuard {
        self.storage.watch(key, on_change)
    }

    fn run_exclusive(
        &self,
        name: &str,
        task: stytch_core::LocalBoxFuture<'static, ()>,
    ) -> stytch_core::LocalBoxFuture<'static, bool> {
        let key = format!("stytch_sdk_state_{PUBLIC_TOKEN}::last_refresh");
        self.storage.set(&key, &self.runtime.now_ms().to_string());
        self.storage.run_exclusive(name, task)
    }
}

#[test]
fn a_refresh_another_tab_finished_while_this_one_took_the_lock_is_not_repeated() {
    let emulator = emulator();
    let api = emulator.url();
    run(async move {
        let profile = fast_browser();
        let client = stytch_core::StytchClient::new(
            PUBLIC_TOKEN,
            ClientOptions {
                api_url: Some(api.clone()),
                ..Default::default()
            },
            stytch_core::Platform {
                transport: profile.transport.clone(),
                cookie_jar: profile.jar.clone(),
                storage: Rc::new(LockGrantedAfterAnotherTabRefreshed {
                    storage: profile.storage.clone(),
                    runtime: profile.runtime.clone(),
                }),
                runtime: profile.runtime.clone(),
            },
        );
        sign_in(&client, &api, "late-lock@example.org", "late-lock", 60).await;
        let deferred = Rc::new(RefCell::new(0));
        let count = deferred.clone();
        let _activity = client.on_activity(move |a| {
            if matches!(a, SessionActivity::DeferredToOtherTab { .. }) {
                *count.borrow_mut() += 1;
            }
        });
        let before = request_count(&api, AUTHENTICATE).await;
        // Two (sped-up) intervals: each time the timer fires, the lock comes with news of
        // another tab's refresh.
        let runtime = profile.runtime.clone();
        let start = runtime.now_ms();
        within(10_000, "two intervals pass", || runtime.now_ms() - start >= 7 * MINUTE).await;
        assert_eq!(
            request_count(&api, AUTHENTICATE).await - before,
            0,
            "no refresh repeated"
        );
        assert!(*deferred.borrow() >= 2, "deferred each time, saw {}", deferred.borrow());
        assert!(client.session().get_sync().is_some());
    });
}

#[test]
fn a_client_on_the_native_platform_signs_in_and_holds_its_session() {
    let emulator = emulator();
    let api = emulator.url();
    run(async move {
        let client = stytch_core::StytchClient::new(
            PUBLIC_TOKEN,
            ClientOptions {
                api_url: Some(api.clone()),
                ..Default::default()
            },
            stytch_core::Platform::native(),
        );
        sign_in(&client, &api, "native@example.org", "native", 60).await;
        let session = client.session().get_sync().expect("signed in");
        // The session cookies live in the platform's in-memory jar, so the client reads them
        // back and Stytch accepts them.
        assert!(client.session().get_tokens().is_some_and(|t| !t.session_jwt.is_empty()));
        let confirmed = client
            .session()
            .authenticate(None)
            .await
            .expect("the cookies authenticate");
        assert_eq!(confirmed.member_session.member_session_id, session.member_session_id);
    });
}
