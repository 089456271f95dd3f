//! A sleep that something else can cut short, without an async runtime dependency.

use std::cell::{Cell, RefCell};
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};

use crate::LocalBoxFuture;

/// A one-shot "wake now" signal that can be re-armed.
#[derive(Default)]
pub struct Wakeup {
    woken: Cell<bool>,
    waker: RefCell<Option<Waker>>,
}

impl Wakeup {
    /// Ends the current (or next) [`sleep_or_wake`].
    pub fn wake(&self) {
        self.woken.set(true);
        if let Some(waker) = self.waker.borrow_mut().take() {
            waker.wake();
        }
    }
}

struct SleepOrWake {
    sleep: LocalBoxFuture<'static, ()>,
    wakeup: Rc<Wakeup>,
}

impl Future for SleepOrWake {
    type Output = bool;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<bool> {
        if self.wakeup.woken.replace(false) {
            return Poll::Ready(true);
        }
        if self.sleep.as_mut().poll(cx).is_ready() {
            return Poll::Ready(false);
        }
        *self.wakeup.waker.borrow_mut() = Some(cx.waker().clone());
        Poll::Pending
    }
}

/// Waits for `sleep` to finish or for `wakeup` to be woken; resolves to `true` if woken.
/// A wake that happened before the call is consumed at once.
pub fn sleep_or_wake(sleep: LocalBoxFuture<'static, ()>, wakeup: Rc<Wakeup>) -> impl Future<Output = bool> {
    SleepOrWake { sleep, wakeup }
}
