//! Drives [`stytch_core::StytchClient`] from JavaScript with the same operations the official
//! SDK exposes, so `tests/conformance/differential.test.mjs` can run one script through both in
//! Chromium and compare cookies, cached state and notifications.
//!
//! Every operation resolves to the response as JSON, or rejects with the error as JSON
//! (`{"error_type": …}` for API errors, `{"error": …}` otherwise).

#![cfg(target_arch = "wasm32")]

use std::cell::RefCell;
use std::rc::Rc;

use serde_json::{Value, json};
use stytch_core::{ClientOptions, StytchClient, StytchError};
use stytch_models::api::{discovery::OrganizationCreateViaDiscoveryRequest, magic_links::DiscoveryEmailSendRequest};
use wasm_bindgen::prelude::*;

/// A client plus the notifications it has sent, in the official `onStateChange` shape
/// (`state ?? {}` with `sessionDurationMinutes` when the change carried one).
#[wasm_bindgen]
pub struct Driver {
    client: StytchClient,
    notifications: Rc<RefCell<Vec<Value>>>,
    _subscription: stytch_core::session::Subscription,
}

fn to_js(result: Result<impl serde::Serialize, StytchError>) -> Result<JsValue, JsValue> {
    match result {
        Ok(value) => Ok(JsValue::from_str(&serde_json::to_string(&value).unwrap_or_default())),
        Err(StytchError::Api(body)) => Err(JsValue::from_str(&serde_json::to_string(&*body).unwrap_or_default())),
        Err(other) => Err(JsValue::from_str(&json!({ "error": other.to_string() }).to_string())),
    }
}

#[wasm_bindgen]
impl Driver {
    /// Creates the client (the official start-up sequence runs).
    #[wasm_bindgen(constructor)]
    pub fn new(api_url: String, public_token: String) -> Driver {
        let options = ClientOptions {
            api_url: Some(api_url),
            ..Default::default()
        };
        let client = StytchClient::new(public_token, options, stytch_core::Platform::browser());
        let notifications = Rc::new(RefCell::new(Vec::new()));
        let log = notifications.clone();
        let subscription = client.store().subscribe(move |change| {
            let mut state = serde_json::to_value(&change.state).unwrap_or(Value::Null);
            if state.is_null() {
                state = json!({});
            }
            if let (Some(minutes), Some(object)) = (change.session_duration_minutes, state.as_object_mut()) {
                object.insert("sessionDurationMinutes".into(), minutes.into());
            }
            log.borrow_mut().push(state);
        });
        Driver {
            client,
            notifications,
            _subscription: subscription,
        }
    }

    /// Every notification so far, as a JSON array.
    pub fn notifications(&self) -> String {
        Value::Array(self.notifications.borrow().clone()).to_string()
    }

    /// `session.getInfo()` as JSON.
    pub fn session_info(&self) -> String {
        let info = self.client.session().get_info();
        json!({ "session": info.session, "fromCache": info.from_cache }).to_string()
    }

    /// `magicLinks.email.discovery.send`.
    pub fn send_discovery(&self, email: String, redirect_url: String) -> js_sys::Promise {
        let client = self.client.clone();
        wasm_bindgen_futures::future_to_promise(async move {
            let request = DiscoveryEmailSendRequest {
                email_address: email,
                discovery_redirect_url: Some(redirect_url),
                ..Default::default()
            };
            to_js(client.magic_links().discovery_send(&request).await)
        })
    }

    /// `magicLinks.discovery.authenticate`.
    pub fn authenticate_discovery(&self, token: String) -> js_sys::Promise {
        let client = self.client.clone();
        wasm_bindgen_futures::future_to_promise(async move {
            to_js(client.magic_links().discovery_authenticate(&token).await)
        })
    }

    /// `discovery.organizations.create`.
    pub fn create_organization(&self, name: String, slug: String, minutes: u32) -> js_sys::Promise {
        let client = self.client.clone();
        wasm_bindgen_futures::future_to_promise(async move {
            let request = OrganizationCreateViaDiscoveryRequest {
                organization_name: Some(name),
                organization_slug: Some(slug),
                session_duration_minutes: Some(minutes),
                ..Default::default()
            };
            to_js(client.discovery().create_organization(request).await)
        })
    }

    /// `session.authenticate({session_duration_minutes?})`.
    pub fn authenticate(&self, minutes: Option<u32>) -> js_sys::Promise {
        let client = self.client.clone();
        wasm_bindgen_futures::future_to_promise(async move { to_js(client.session().authenticate(minutes).await) })
    }

    /// `session.exchange({organization_id, session_duration_minutes})`.
    pub fn exchange(&self, organization_id: String, minutes: u32) -> js_sys::Promise {
        let client = self.client.clone();
        wasm_bindgen_futures::future_to_promise(async move {
            to_js(client.session().exchange(&organization_id, Some(minutes)).await)
        })
    }

    /// `rbac.allPermissions()`, as JSON.
    pub fn all_permissions(&self) -> js_sys::Promise {
        let client = self.client.clone();
        wasm_bindgen_futures::future_to_promise(async move {
            let all = client.rbac().all_permissions().await;
            Ok(JsValue::from_str(&serde_json::to_string(&all).unwrap_or_default()))
        })
    }

    /// `session.revoke()`.
    pub fn revoke(&self) -> js_sys::Promise {
        let client = self.client.clone();
        wasm_bindgen_futures::future_to_promise(async move { to_js(client.session().revoke(false).await) })
    }
}
