//! Time, timers, spawning and randomness behind a trait, so every timer the session manager
//! uses (refresh interval, backoff) can be driven by tests without waiting.

use crate::LocalBoxFuture;

/// What the session manager needs from its environment.
///
/// ```
/// use stytch_core::{runtime::Runtime, LocalBoxFuture};
/// struct Frozen;
/// impl Runtime for Frozen {
///     fn now_ms(&self) -> i64 { 0 }
///     fn sleep(&self, _ms: u32) -> LocalBoxFuture<'static, ()> { Box::pin(std::future::pending()) }
///     fn spawn(&self, _task: LocalBoxFuture<'static, ()>) {}
///     fn random(&self) -> f64 { 0.5 }
/// }
/// assert_eq!(Frozen.now_ms(), 0);
/// ```
pub trait Runtime {
    /// Milliseconds since the Unix epoch.
    fn now_ms(&self) -> i64;
    /// Resolves after `ms` milliseconds.
    fn sleep(&self, ms: u32) -> LocalBoxFuture<'static, ()>;
    /// Runs a task to completion in the background on the current thread.
    fn spawn(&self, task: LocalBoxFuture<'static, ()>);
    /// A uniformly distributed number in `[0, 1)`, for jitter.
    fn random(&self) -> f64;
    /// Resolves once the page has painted its next frame, so start-up requests never delay the
    /// first paint of a cached session. Runtimes without frames resolve at once (the default).
    fn after_paint(&self) -> LocalBoxFuture<'static, ()> {
        Box::pin(std::future::ready(()))
    }
}

/// The browser runtime: `Date.now()`, `setTimeout`, `spawn_local`, `Math.random()`.
#[cfg(all(target_arch = "wasm32", feature = "browser"))]
#[derive(Clone, Copy, Debug, Default)]
pub struct BrowserRuntime;

#[cfg(all(target_arch = "wasm32", feature = "browser"))]
impl Runtime for BrowserRuntime {
    fn now_ms(&self) -> i64 {
        js_sys::Date::now() as i64
    }

    fn sleep(&self, ms: u32) -> LocalBoxFuture<'static, ()> {
        use wasm_bindgen::JsCast;
        let promise = js_sys::Promise::new(&mut |resolve, _reject| {
            if let Some(window) = web_sys::window() {
                let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(
                    resolve.unchecked_ref(),
                    i32::try_from(ms).unwrap_or(i32::MAX),
                );
            }
        });
        Box::pin(async move {
            let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
        })
    }

    fn spawn(&self, task: LocalBoxFuture<'static, ()>) {
        wasm_bindgen_futures::spawn_local(task);
    }

    fn random(&self) -> f64 {
        js_sys::Math::random()
    }

    fn after_paint(&self) -> LocalBoxFuture<'static, ()> {
        use wasm_bindgen::{JsCast, closure::Closure};
        let promise = js_sys::Promise::new(&mut |resolve, _reject| {
            let Some(window) = web_sys::window() else {
                let _ = resolve.call0(&wasm_bindgen::JsValue::NULL);
                return;
            };
            // A timeout queued from inside an animation-frame callback runs after that frame
            // is painted.
            let after_frame = resolve.clone();
            let timer_window = window.clone();
            let in_frame = Closure::once_into_js(move || {
                let _ = timer_window.set_timeout_with_callback(after_frame.unchecked_ref());
            });
            let _ = window.request_animation_frame(in_frame.unchecked_ref());
            // Hidden tabs get no frames: never wait for one longer than this.
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(resolve.unchecked_ref(), 100);
        });
        Box::pin(async move {
            let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
        })
    }
}

/// A native runtime on tokio; tasks are spawned with `spawn_local`, so the client must run
/// inside a `tokio::task::LocalSet`.
///
/// ```
/// use stytch_core::runtime::{Runtime, TokioRuntime};
/// let runtime = TokioRuntime::default();
/// assert!(runtime.now_ms() > 0);
/// let jitter = runtime.random();
/// assert!((0.0..1.0).contains(&jitter));
/// ```
#[cfg(feature = "tokio")]
#[derive(Debug, Default)]
pub struct TokioRuntime {
    seed: std::cell::Cell<u64>,
}

#[cfg(feature = "tokio")]
impl Runtime for TokioRuntime {
    fn now_ms(&self) -> i64 {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
            .unwrap_or(0)
    }

    fn sleep(&self, ms: u32) -> LocalBoxFuture<'static, ()> {
        Box::pin(tokio::time::sleep(std::time::Duration::from_millis(u64::from(ms))))
    }

    fn spawn(&self, task: LocalBoxFuture<'static, ()>) {
        tokio::task::spawn_local(task);
    }

    fn random(&self) -> f64 {
        // xorshift64*, seeded from the clock; jitter needs spread, not cryptographic quality.
        let mut x = self.seed.get();
        if x == 0 {
            x = (self.now_ms() as u64) | 1;
        }
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.seed.set(x);
        (x.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 11) as f64 / (1u64 << 53) as f64
    }
}
