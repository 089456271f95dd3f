//! The emulator's clock: wall time plus an offset that tests move forward
//! (`POST /emulator/v1/clock`), so expiry can be exercised without waiting.

use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

/// Wall clock with a controllable offset.
///
/// ```
/// use stytch_emulator::{EmulatorConfig, spawn};
///
/// let emulator = spawn(EmulatorConfig::for_tests()).unwrap();
/// let clock = &emulator.app().clock;
/// let start = clock.now_ms();
/// // Expire every 10-minute intermediate session without waiting.
/// clock.advance(11 * 60);
/// assert!(clock.now_ms() - start >= 11 * 60 * 1000);
/// clock.set_offset_seconds(0);
/// ```
#[derive(Debug, Default)]
pub struct Clock {
    offset_ms: AtomicI64,
}

impl Clock {
    /// Milliseconds since the Unix epoch, including the offset.
    ///
    /// ```
    /// let emulator = stytch_emulator::spawn(stytch_emulator::EmulatorConfig::for_tests()).unwrap();
    /// let before = emulator.app().clock.now_ms();
    /// emulator.app().clock.advance(-60);
    /// assert!(emulator.app().clock.now_ms() < before);
    /// ```
    pub fn now_ms(&self) -> i64 {
        let wall = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_millis() as i64)
            .unwrap_or(0);
        wall + self.offset_ms.load(Ordering::SeqCst)
    }

    /// Moves the clock forward (or back, for negative values) by `seconds`.
    ///
    /// ```
    /// let emulator = stytch_emulator::spawn(stytch_emulator::EmulatorConfig::for_tests()).unwrap();
    /// // Past a 60-minute session's end.
    /// emulator.app().clock.advance(61 * 60);
    /// assert_eq!(emulator.app().clock.offset_seconds(), 3660);
    /// ```
    pub fn advance(&self, seconds: i64) {
        self.offset_ms.fetch_add(seconds.saturating_mul(1000), Ordering::SeqCst);
    }

    /// Sets the offset from wall time.
    ///
    /// ```
    /// let emulator = stytch_emulator::spawn(stytch_emulator::EmulatorConfig::for_tests()).unwrap();
    /// emulator.app().clock.set_offset_seconds(86_400); // tomorrow
    /// emulator.app().clock.set_offset_seconds(0); // back to wall time
    /// assert_eq!(emulator.app().clock.offset_seconds(), 0);
    /// ```
    pub fn set_offset_seconds(&self, seconds: i64) {
        self.offset_ms.store(seconds.saturating_mul(1000), Ordering::SeqCst);
    }

    /// The current offset from wall time, in seconds.
    ///
    /// ```
    /// let emulator = stytch_emulator::spawn(stytch_emulator::EmulatorConfig::for_tests()).unwrap();
    /// emulator.app().clock.advance(30);
    /// emulator.app().clock.advance(30);
    /// assert_eq!(emulator.app().clock.offset_seconds(), 60);
    /// ```
    pub fn offset_seconds(&self) -> i64 {
        self.offset_ms.load(Ordering::SeqCst) / 1000
    }
}
