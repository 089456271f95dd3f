use std::cell::Cell;

/// The official SDK re-authenticates the session every 3 minutes.
///
/// ```
/// use stytch_core::{ClientOptions, session::DEFAULT_REFRESH_INTERVAL_MS};
///
/// // Refresh twice as often as the official SDK.
/// let options = ClientOptions { refresh_interval_ms: DEFAULT_REFRESH_INTERVAL_MS / 2, ..Default::default() };
/// assert_eq!(options.refresh_interval_ms, 90_000);
/// ```
pub const DEFAULT_REFRESH_INTERVAL_MS: u32 = 3 * 60 * 1000;

/// Delay before retry number `attempt` (1-based) after a transient refresh failure:
/// 4 s doubling to 256 s, ±175 ms of jitter (`random` in `[0, 1)`), as the official SDK waits.
///
/// ```
/// use stytch_core::session::backoff_delay_ms;
/// assert_eq!(backoff_delay_ms(1, 0.5), 4_000);
/// assert_eq!(backoff_delay_ms(2, 0.5), 8_000);
/// assert_eq!(backoff_delay_ms(7, 0.5), 256_000);
/// assert_eq!(backoff_delay_ms(30, 0.5), 256_000);
/// assert_eq!(backoff_delay_ms(1, 0.0), 3_825);
/// ```
pub fn backoff_delay_ms(attempt: u32, random: f64) -> u32 {
    let base = 2_000i64 << attempt.clamp(1, 7);
    let jitter = (random.clamp(0.0, 1.0) * 350.0).floor() as i64 - 175;
    u32::try_from((base + jitter).max(0)).unwrap_or(u32::MAX)
}

/// Bookkeeping of the background refresher: a generation counter cancels stale timers (every
/// state notification reschedules), and the last `session_duration_minutes` is remembered for
/// `keep_session_alive`.
#[derive(Default)]
pub(crate) struct Refresher {
    generation: Cell<u64>,
    last_duration: Cell<Option<u32>>,
}

impl Refresher {
    /// Invalidates pending timers and returns the new generation.
    pub(crate) fn bump(&self) -> u64 {
        let next = self.generation.get() + 1;
        self.generation.set(next);
        next
    }

    pub(crate) fn is_current(&self, generation: u64) -> bool {
        self.generation.get() == generation
    }

    pub(crate) fn remember_duration(&self, minutes: Option<u32>) {
        if minutes.is_some() {
            self.last_duration.set(minutes);
        }
    }

    pub(crate) fn last_duration(&self) -> Option<u32> {
        self.last_duration.get()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jitter_stays_within_175_ms() {
        for attempt in 1..10 {
            let base = i64::from(backoff_delay_ms(attempt, 0.5));
            for r in [0.0, 0.25, 0.999_999] {
                assert!((i64::from(backoff_delay_ms(attempt, r)) - base).abs() <= 175);
            }
        }
    }

    #[test]
    fn generations_cancel_older_timers() {
        let r = Refresher::default();
        let first = r.bump();
        let second = r.bump();
        assert!(!r.is_current(first));
        assert!(r.is_current(second));
    }
}
