//! A list of callbacks with unsubscribe-on-drop handles, safe to emit into while callbacks
//! subscribe or unsubscribe.

use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};

type Callback<T> = Rc<dyn Fn(&T)>;

struct Inner<T> {
    callbacks: RefCell<Vec<(u64, Callback<T>)>>,
    next_id: Cell<u64>,
}

/// Callbacks interested in values of `T`.
///
/// ```
/// use std::{cell::Cell, rc::Rc};
/// use stytch_core::util::listeners::Listeners;
///
/// let listeners = Listeners::<u32>::default();
/// let total = Rc::new(Cell::new(0));
/// let sum = total.clone();
/// let subscription = listeners.subscribe(move |n| sum.set(sum.get() + n));
/// listeners.emit(&2);
/// drop(subscription); // unsubscribes
/// listeners.emit(&40);
/// assert_eq!(total.get(), 2);
/// ```
pub struct Listeners<T> {
    inner: Rc<Inner<T>>,
}

impl<T> Clone for Listeners<T> {
    fn clone(&self) -> Self {
        Self {
            inner: self.inner.clone(),
        }
    }
}

impl<T: 'static> Default for Listeners<T> {
    fn default() -> Self {
        Self {
            inner: Rc::new(Inner {
                callbacks: RefCell::default(),
                next_id: Cell::new(0),
            }),
        }
    }
}

impl<T: 'static> Listeners<T> {
    /// Adds a callback; it is removed when the returned [`Subscription`] is dropped.
    ///
    /// ```
    /// use stytch_core::util::listeners::Listeners;
    /// let listeners = Listeners::<String>::default();
    /// let subscription = listeners.subscribe(|message| println!("{message}"));
    /// listeners.emit(&"hello".to_owned());
    /// drop(subscription);
    /// ```
    pub fn subscribe(&self, callback: impl Fn(&T) + 'static) -> Subscription {
        let id = self.inner.next_id.get() + 1;
        self.inner.next_id.set(id);
        self.inner.callbacks.borrow_mut().push((id, Rc::new(callback)));
        let weak: Weak<Inner<T>> = Rc::downgrade(&self.inner);
        Subscription(Some(Box::new(move || {
            if let Some(inner) = weak.upgrade() {
                inner.callbacks.borrow_mut().retain(|(i, _)| *i != id);
            }
        })))
    }

    /// Calls every callback with `value`, synchronously, in subscription order.
    ///
    /// ```
    /// use std::{cell::RefCell, rc::Rc};
    /// use stytch_core::util::listeners::Listeners;
    /// let listeners = Listeners::<u8>::default();
    /// let order = Rc::new(RefCell::new(Vec::new()));
    /// let (a, b) = (order.clone(), order.clone());
    /// let _first = listeners.subscribe(move |_| a.borrow_mut().push("first"));
    /// let _second = listeners.subscribe(move |_| b.borrow_mut().push("second"));
    /// listeners.emit(&0);
    /// assert_eq!(*order.borrow(), ["first", "second"]);
    /// ```
    pub fn emit(&self, value: &T) {
        let callbacks: Vec<Callback<T>> = self.inner.callbacks.borrow().iter().map(|(_, c)| c.clone()).collect();
        for callback in callbacks {
            callback(value);
        }
    }
}

/// Ends a subscription when dropped.
///
/// ```
/// use std::{cell::Cell, rc::Rc};
/// use stytch_core::util::listeners::Listeners;
///
/// let listeners = Listeners::<&str>::default();
/// let heard = Rc::new(Cell::new(0));
/// let count = heard.clone();
/// // Kept until `listeners` is dropped, without holding the guard anywhere.
/// listeners.subscribe(move |_| count.set(count.get() + 1)).forever();
/// listeners.emit(&"signed in");
/// listeners.emit(&"signed out");
/// assert_eq!(heard.get(), 2);
/// ```
#[must_use = "the subscription ends when this guard is dropped"]
pub struct Subscription(Option<Box<dyn FnOnce()>>);

impl Subscription {
    /// Keeps the subscription for as long as the emitter lives.
    ///
    /// ```
    /// use stytch_core::util::listeners::Listeners;
    /// let listeners = Listeners::<()>::default();
    /// listeners.subscribe(|_| println!("for the emitter's whole life")).forever();
    /// listeners.emit(&());
    /// ```
    pub fn forever(mut self) {
        self.0 = None;
    }
}

impl Drop for Subscription {
    fn drop(&mut self) {
        if let Some(stop) = self.0.take() {
            stop();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drop_unsubscribes_and_emit_tolerates_reentrancy() {
        let listeners = Listeners::<u32>::default();
        let seen = Rc::new(RefCell::new(Vec::new()));
        let (a, b) = (seen.clone(), seen.clone());
        let first = listeners.subscribe(move |v| a.borrow_mut().push(*v));
        let nested = listeners.clone();
        let second = listeners.subscribe(move |v| {
            b.borrow_mut().push(*v + 100);
            nested.subscribe(|_| {}).forever();
        });
        listeners.emit(&1);
        drop(first);
        listeners.emit(&2);
        drop(second);
        listeners.emit(&3);
        assert_eq!(*seen.borrow(), vec![1, 101, 102]);
    }
}
