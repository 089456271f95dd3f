//! Shared helpers of the native integration tests: a real emulator over HTTP and a client with
//! in-memory cookies and storage (one `MemoryStore` can be shared by several "tabs").

#![allow(dead_code)]

use std::rc::Rc;
use std::time::Duration;

use stytch_core::runtime::TokioRuntime;
use stytch_core::storage::{MemoryCookieJar, MemoryStore};
use stytch_core::transport::ReqwestTransport;
use stytch_core::{ClientOptions, Platform, StytchClient};
use stytch_emulator::{EmulatorConfig, EmulatorHandle};

pub const PUBLIC_TOKEN: &str = stytch_emulator::DEFAULT_PUBLIC_TOKEN;

pub fn emulator() -> EmulatorHandle {
    stytch_emulator::spawn(EmulatorConfig::for_tests()).expect("the emulator starts")
}

pub struct Browser {
    pub jar: Rc<MemoryCookieJar>,
    pub storage: MemoryStore,
}

impl Browser {
    pub fn new() -> Self {
        Self {
            jar: Rc::new(MemoryCookieJar::at("localhost", "localhost:3000")),
            storage: MemoryStore::new(),
        }
    }

    /// A client as a page load would create it.
    pub fn open(&self, api: &str) -> StytchClient {
        self.open_with(api, ClientOptions::default())
    }

    pub fn open_with(&self, api: &str, options: ClientOptions) -> StytchClient {
        let platform = Platform {
            transport: Rc::new(ReqwestTransport::default()),
            cookie_jar: self.jar.clone(),
            storage: Rc::new(self.storage.clone()),
            runtime: Rc::new(TokioRuntime::default()),
        };
        StytchClient::new(
            PUBLIC_TOKEN,
            ClientOptions {
                api_url: Some(api.to_owned()),
                ..options
            },
            platform,
        )
    }
}

/// The newest message to `to` in the emulator's outbox.
pub async fn latest_message(api: &str, to: &str) -> serde_json::Value {
    let body: serde_json::Value = reqwest::get(format!("{api}/emulator/v1/messages?to={to}"))
        .await
        .expect("outbox reachable")
        .json()
        .await
        .expect("outbox JSON");
    body["messages"]
        .as_array()
        .and_then(|m| m.last().cloned())
        .expect("a message was sent")
}

/// Waits (polling the condition, never sleeping blindly) until `condition` holds.
pub async fn eventually(mut condition: impl FnMut() -> bool) {
    for _ in 0..500 {
        if condition() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("condition not reached within 5 s");
}

/// Runs a future on a current-thread runtime inside a `LocalSet`, as the client requires.
pub fn run<F: std::future::Future<Output = ()>>(future: F) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    tokio::task::LocalSet::new().block_on(&runtime, future);
}
