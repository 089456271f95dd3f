//! Session state: the store (update rules, dedup, subscriptions, `from_cache`, persistence and
//! cross-tab sync) and the background refresher (schedule and backoff).

mod refresh;
mod state;
mod store;

pub(crate) use refresh::Refresher;
pub use refresh::{DEFAULT_REFRESH_INTERVAL_MS, backoff_delay_ms};
pub use state::{B2BState, SessionUpdate};
pub use store::{SessionStore, StateChange, Subscription, state_key};
