//! The emulator's domain: state and Stytch's server rules, independent of HTTP.

pub mod clock;
pub mod discovery;
pub mod email_otp;
pub mod faults;
pub mod ids;
pub mod jwt;
pub mod login;
pub mod mfa;
pub mod oauth;
pub mod organizations;
pub mod outbox;
pub mod passwords;
pub mod policy;
pub mod primary;
pub mod rbac;
pub mod search;
pub mod seed;
pub mod sessions;
pub mod store;
pub mod totp;

use std::sync::{Mutex, MutexGuard};

use clock::Clock;
use jwt::Signer;
use store::Store;

/// What a domain operation needs besides the store: the current time and the JWT signer.
pub struct Ctx<'a> {
    /// Emulator time, Unix ms.
    pub now: i64,
    /// JWT signer.
    pub signer: &'a Signer,
}

/// Shared state of a running emulator.
#[derive(Debug)]
pub struct App {
    store: Mutex<Store>,
    /// The store as it started (configuration and seed), for [`App::reset`].
    initial: Store,
    /// The controllable clock.
    pub clock: Clock,
    /// The JWT signer.
    pub signer: Signer,
    /// Injected faults and request counts.
    pub faults: Mutex<faults::Faults>,
}

impl App {
    /// A running emulator's state, starting from `store` (and returning to it on reset).
    pub fn new(store: Store, signer: Signer) -> Self {
        Self {
            initial: store.clone(),
            store: Mutex::new(store),
            clock: Clock::default(),
            signer,
            faults: Mutex::default(),
        }
    }

    /// Back to the state the emulator started with, as a restart would give, except that the
    /// signing key stays (JWKS that clients fetched remain valid): the starting organizations
    /// and members with their original IDs; no sessions, ISTs, codes, links or messages; no
    /// faults or request counts; the clock at wall time.
    pub fn reset(&self) {
        *self.store.lock().unwrap_or_else(|poisoned| poisoned.into_inner()) = self.initial.clone();
        *self.faults.lock().unwrap_or_else(|poisoned| poisoned.into_inner()) = faults::Faults::default();
        self.clock.reset();
    }

    /// Runs `f` with exclusive access to the faults and request counts.
    pub fn with_faults<T>(&self, f: impl FnOnce(&mut faults::Faults) -> T) -> T {
        f(&mut self.faults.lock().unwrap_or_else(|poisoned| poisoned.into_inner()))
    }

    /// Runs `f` with exclusive access to the store and a context at the current time. A panic
    /// in an earlier handler does not poison the emulator for later requests.
    pub fn with<T>(&self, f: impl FnOnce(&mut Store, &Ctx<'_>) -> T) -> T {
        let ctx = Ctx {
            now: self.clock.now_ms(),
            signer: &self.signer,
        };
        let mut store: MutexGuard<'_, Store> = self.store.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        f(&mut store, &ctx)
    }
}
