//! Session state: the store (update rules, dedup, subscriptions, `from_cache`, persistence and
//! cross-tab sync) and the background refresher (schedule and backoff).

mod refresh;
mod state;
mod store;

pub use refresh::{backoff_delay_ms, DEFAULT_REFRESH_INTERVAL_MS};
pub(crate) use refresh::Refresher;
pub use state::{B2BState, SessionUpdate};
pub use store::{SessionStore, StateChange, Subscription};
