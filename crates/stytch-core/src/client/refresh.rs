//! Keeping the session fresh: the official schedule and backoff, plus what the official SDK
//! lacks: one refreshing tab per origin, catch-up when a tab comes back to the foreground, a
//! keep-alive helper, and activity events for "offline, retrying" UIs.

use std::cell::Cell;
use std::rc::{Rc, Weak};

use super::{ClientInner, StytchClient};
use crate::StytchError;
use crate::session::backoff_delay_ms;
use crate::util::wakeup::sleep_or_wake;

/// Storage key suffix of the time (Unix ms) of the last successful `sessions/authenticate` in
/// any tab.
const LAST_REFRESH: &str = "last_refresh";
/// Storage key suffix of the time of the last keep-alive extension in any tab.
const LAST_EXTEND: &str = "last_extend";

/// What the refresher reports to [`StytchClient::on_activity`] subscribers.
///
/// ```no_run
/// # async fn run(client: &stytch_core::StytchClient) -> Result<(), stytch_core::StytchError> {
/// use stytch_core::SessionActivity;
/// let _subscription = client.on_activity(|activity| match activity {
///     SessionActivity::Refreshed { at_ms } => println!("confirmed at {at_ms}"),
///     SessionActivity::RetryScheduled { error, retry_in_ms, .. } => println!("{error}; again in {retry_in_ms} ms"),
///     SessionActivity::DeferredToOtherTab { .. } => {}
/// });
/// # Ok(()) }
/// ```
#[derive(Clone, Debug, PartialEq)]
pub enum SessionActivity {
    /// The server confirmed the session in this tab.
    Refreshed {
        /// When (Unix ms).
        at_ms: i64,
    },
    /// A refresh failed for a transient reason; the session is kept and the refresh retried.
    RetryScheduled {
        /// Why.
        error: StytchError,
        /// Failed attempts so far.
        attempt: u32,
        /// Delay before the next attempt.
        retry_in_ms: u32,
    },
    /// Another tab refreshed recently, so this one did not.
    DeferredToOtherTab {
        /// When the other tab refreshed (Unix ms).
        last_refresh_ms: i64,
    },
}

/// Extends the session periodically while it lives; stops when dropped.
/// Returned by [`Sessions::keep_alive`](crate::Sessions::keep_alive).
///
/// ```no_run
/// # async fn run(client: &stytch_core::StytchClient) -> Result<(), stytch_core::StytchError> {
/// // Extend the session to an hour every ten minutes until `keep_alive` is dropped.
/// let keep_alive = client.session().keep_alive(10 * 60 * 1000, 60);
/// // … the app runs …
/// drop(keep_alive);
/// # Ok(()) }
/// ```
#[must_use = "keep-alive stops when this guard is dropped"]
pub struct KeepAlive {
    alive: Rc<Cell<bool>>,
}

impl Drop for KeepAlive {
    fn drop(&mut self) {
        self.alive.set(false);
    }
}

impl StytchClient {
    fn shared_time(&self, suffix: &str) -> Option<i64> {
        self.inner
            .platform
            .storage
            .get(&self.storage_key(suffix))
            .and_then(|v| v.parse().ok())
    }

    fn set_shared_time(&self, suffix: &str, unix_ms: i64) {
        self.inner
            .platform
            .storage
            .set(&self.storage_key(suffix), &unix_ms.to_string());
    }

    fn now(&self) -> i64 {
        self.inner.platform.runtime.now_ms()
    }

    /// Up to 5% of the interval, so tabs opened together drift apart.
    fn jitter(&self) -> u32 {
        (self.inner.platform.runtime.random() * f64::from(self.inner.options.refresh_interval_ms) * 0.05) as u32
    }

    /// Records a successful authentication (any caller) for every tab and subscriber.
    pub(super) fn record_refresh(&self) {
        let now = self.now();
        self.set_shared_time(LAST_REFRESH, now);
        self.inner.activity.emit(&SessionActivity::Refreshed { at_ms: now });
    }

    /// (Re)starts the refresh timer: the next refresh one interval from now.
    pub(super) fn schedule_refresh(&self) {
        self.schedule_refresh_in(self.inner.options.refresh_interval_ms.saturating_add(self.jitter()));
    }

    fn schedule_refresh_in(&self, delay_ms: u32) {
        let generation = self.inner.refresher.bump();
        let weak: Weak<ClientInner> = Rc::downgrade(&self.inner);
        let sleep = self.inner.platform.runtime.sleep(delay_ms);
        self.inner.platform.runtime.spawn(Box::pin(async move {
            sleep.await;
            if let Some(inner) = weak.upgrade()
                && inner.refresher.is_current(generation)
            {
                StytchClient { inner }.scheduled_refresh(generation).await;
            }
        }));
    }

    /// A timer fired: refresh unless another tab just did, and only while holding the
    /// cross-tab refresh lock.
    async fn scheduled_refresh(&self, generation: u64) {
        if self.defer_to_recent_refresh() {
            return;
        }
        let lock = format!("stytch_sdk_refresh_{}", self.inner.public_token);
        let this = self.clone();
        let ran = self
            .inner
            .platform
            .storage
            .run_exclusive(
                &lock,
                Box::pin(async move {
                    // Checked again under the lock: another tab may have finished a refresh
                    // between the first check and the lock (browsers show one tab's
                    // localStorage writes to another a moment late).
                    if !this.defer_to_recent_refresh() {
                        this.background_refresh(generation).await;
                    }
                }),
            )
            .await;
        if !ran && self.inner.refresher.is_current(generation) {
            // Another tab is refreshing right now; its result reaches us through storage.
            self.schedule_refresh();
        }
    }

    /// When some tab refreshed within the last four fifths of an interval, schedules this tab's
    /// next attempt for when that refresh is due again and says so.
    fn defer_to_recent_refresh(&self) -> bool {
        let interval = i64::from(self.inner.options.refresh_interval_ms);
        let now = self.now();
        match self.shared_time(LAST_REFRESH) {
            Some(last) if (0..interval * 4 / 5).contains(&(now - last)) => {
                self.inner
                    .activity
                    .emit(&SessionActivity::DeferredToOtherTab { last_refresh_ms: last });
                let until_due = u32::try_from(last + interval - now).unwrap_or(0);
                self.schedule_refresh_in(until_due.saturating_add(self.jitter()));
                true
            }
            _ => false,
        }
    }

    /// Re-authenticates with the official backoff until it succeeds, the session is declared
    /// dead, or a newer state change supersedes this run. A foreground event cuts a backoff
    /// wait short.
    pub(super) async fn background_refresh(&self, generation: u64) {
        let mut attempt = 0;
        loop {
            let duration = if self.inner.options.keep_session_alive {
                self.inner.refresher.last_duration()
            } else {
                None
            };
            match self.session().authenticate(duration).await {
                Ok(_) => {
                    self.inner.retrying.set(false);
                    if self.inner.store.session().is_some() {
                        self.schedule_refresh();
                    }
                    return;
                }
                Err(error) if error.is_unrecoverable() => {
                    self.inner.retrying.set(false);
                    return;
                }
                Err(error) => {
                    attempt += 1;
                    let delay = backoff_delay_ms(attempt, self.inner.platform.runtime.random());
                    self.inner.retrying.set(true);
                    self.inner.activity.emit(&SessionActivity::RetryScheduled {
                        error,
                        attempt,
                        retry_in_ms: delay,
                    });
                    let sleep = self.inner.platform.runtime.sleep(delay);
                    sleep_or_wake(sleep, self.inner.wakeup.clone()).await;
                    if !self.inner.refresher.is_current(generation) {
                        self.inner.retrying.set(false);
                        return;
                    }
                }
            }
        }
    }

    /// Call when the page becomes visible, regains focus or comes back online: if the
    /// session's refresh is overdue (background tabs' timers are throttled), it runs now; a
    /// pending retry after an outage is attempted at once, and so is a bootstrap fetch that
    /// failed transiently.
    ///
    /// `stytch-leptos` wires this to `visibilitychange`, `focus` and `online` for you.
    ///
    /// ```no_run
    /// # async fn run(client: &stytch_core::StytchClient) -> Result<(), stytch_core::StytchError> {
    /// // A native app returning to the foreground: refresh now if the interval has passed.
    /// client.on_foreground();
    /// # Ok(()) }
    /// ```
    pub fn on_foreground(&self) {
        if self.inner.bootstrap_retry.replace(false) {
            self.inner.platform.runtime.spawn(self.bootstrap_task());
        }
        if self.inner.store.session().is_none() {
            return;
        }
        if self.inner.retrying.get() {
            self.inner.wakeup.wake();
            return;
        }
        let overdue = self
            .shared_time(LAST_REFRESH)
            .is_none_or(|last| self.now() - last >= i64::from(self.inner.options.refresh_interval_ms));
        if overdue {
            let generation = self.inner.refresher.bump();
            let this = self.clone();
            self.inner
                .platform
                .runtime
                .spawn(Box::pin(async move { this.scheduled_refresh(generation).await }));
        }
    }

    /// Calls `callback` with every [`SessionActivity`].
    ///
    /// ```no_run
    /// # async fn run(client: &stytch_core::StytchClient) -> Result<(), stytch_core::StytchError> {
    /// let _subscription = client.on_activity(|activity| println!("{activity:?}"));
    /// # Ok(()) }
    /// ```
    pub fn on_activity(&self, callback: impl Fn(&SessionActivity) + 'static) -> crate::session::Subscription {
        self.inner.activity.subscribe(callback)
    }

    /// Whether a refresh is waiting to retry after a transient failure.
    ///
    /// ```no_run
    /// # async fn run(client: &stytch_core::StytchClient) -> Result<(), stytch_core::StytchError> {
    /// if client.is_retrying() {
    ///     println!("offline: the session is kept and the refresh retried");
    /// }
    /// # Ok(()) }
    /// ```
    pub fn is_retrying(&self) -> bool {
        self.inner.retrying.get()
    }

    pub(super) fn start_keep_alive(&self, every_ms: u32, session_duration_minutes: u32) -> KeepAlive {
        let alive = Rc::new(Cell::new(true));
        let flag = alive.clone();
        let weak = Rc::downgrade(&self.inner);
        let runtime = self.inner.platform.runtime.clone();
        runtime.clone().spawn(Box::pin(async move {
            loop {
                runtime.sleep(every_ms).await;
                let Some(inner) = weak.upgrade().filter(|_| flag.get()) else {
                    return;
                };
                let client = StytchClient { inner };
                if client.inner.store.session().is_none() {
                    continue;
                }
                let now = client.now();
                // With several tabs open, one extension per period is enough.
                if client
                    .shared_time(LAST_EXTEND)
                    .is_some_and(|last| (0..i64::from(every_ms) * 4 / 5).contains(&(now - last)))
                {
                    continue;
                }
                client.set_shared_time(LAST_EXTEND, now);
                let _ = client.session().authenticate(Some(session_duration_minutes)).await;
            }
        }));
        KeepAlive { alive }
    }
}
