use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::{Rc, Weak};

use super::{Cookie, CookieJar, KeyValueStore, PageLocation, WatchGuard};

/// A cookie as the in-memory jar holds it, with every attribute, so tests can assert on them.
///
/// ```
/// use stytch_core::storage::{Cookie, CookieJar, MemoryCookieJar};
///
/// let jar = MemoryCookieJar::at("localhost", "localhost:8080");
/// jar.set(&Cookie { name: "stytch_session".into(), value: "t".into(), expires_ms: None, path: "/".into(), domain: None, secure: false });
/// let held = jar.cookies();
/// assert_eq!(held.len(), 1);
/// assert_eq!((held[0].cookie.path.as_str(), held[0].cookie.secure), ("/", false));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredCookie {
    /// The cookie as written.
    pub cookie: Cookie,
}

/// A cookie jar in memory, for native programs and tests. Keyed like a browser: name, path and
/// domain together identify a cookie.
///
/// ```
/// use stytch_core::storage::{Cookie, CookieJar, MemoryCookieJar};
/// let jar = MemoryCookieJar::at("localhost", "localhost:3000");
/// jar.set(&Cookie { name: "a".into(), value: "1".into(), expires_ms: None, path: "/".into(), domain: None, secure: false });
/// assert_eq!(jar.get("a").as_deref(), Some("1"));
/// jar.remove("a", "/", None);
/// assert_eq!(jar.get("a"), None);
/// ```
#[derive(Debug, Default)]
pub struct MemoryCookieJar {
    cookies: RefCell<Vec<StoredCookie>>,
    location: PageLocation,
}

impl MemoryCookieJar {
    /// A jar for a page at `hostname` (`host` includes the port).
    ///
    /// ```
    /// use stytch_core::storage::{CookieJar, MemoryCookieJar};
    /// let jar = MemoryCookieJar::at("app.example.com", "app.example.com:8443");
    /// assert_eq!(jar.location().hostname, "app.example.com");
    /// assert!(!jar.location().is_localhost(), "so the session cookies it receives are Secure");
    /// ```
    pub fn at(hostname: &str, host: &str) -> Self {
        Self {
            cookies: RefCell::default(),
            location: PageLocation {
                hostname: hostname.into(),
                host: host.into(),
                origin: format!("http://{host}"),
            },
        }
    }

    /// Every cookie currently held, oldest first.
    ///
    /// ```
    /// use stytch_core::storage::{Cookie, CookieJar, MemoryCookieJar};
    /// let jar = MemoryCookieJar::at("localhost", "localhost:3000");
    /// jar.set(&Cookie { name: "a".into(), value: "1".into(), expires_ms: None, path: "/".into(), domain: None, secure: false });
    /// assert_eq!(jar.cookies().len(), 1);
    /// ```
    pub fn cookies(&self) -> Vec<StoredCookie> {
        self.cookies.borrow().clone()
    }

    /// The cookie called `name`, with its attributes.
    ///
    /// ```
    /// use stytch_core::storage::{Cookie, CookieJar, MemoryCookieJar};
    /// let jar = MemoryCookieJar::at("localhost", "localhost:3000");
    /// jar.set(&Cookie { name: "a".into(), value: "1".into(), expires_ms: Some(5), path: "/app".into(), domain: None, secure: false });
    /// assert_eq!(jar.find("a").map(|c| c.path), Some("/app".to_owned()));
    /// ```
    pub fn find(&self, name: &str) -> Option<Cookie> {
        self.cookies
            .borrow()
            .iter()
            .find(|c| c.cookie.name == name)
            .map(|c| c.cookie.clone())
    }
}

impl CookieJar for MemoryCookieJar {
    fn get(&self, name: &str) -> Option<String> {
        self.find(name).map(|c| c.value)
    }

    fn count(&self, name: &str) -> usize {
        self.cookies.borrow().iter().filter(|c| c.cookie.name == name).count()
    }

    fn set(&self, cookie: &Cookie) {
        let mut cookies = self.cookies.borrow_mut();
        cookies.retain(|c| {
            !(c.cookie.name == cookie.name && c.cookie.path == cookie.path && c.cookie.domain == cookie.domain)
        });
        cookies.push(StoredCookie { cookie: cookie.clone() });
    }

    fn remove(&self, name: &str, path: &str, domain: Option<&str>) {
        self.cookies
            .borrow_mut()
            .retain(|c| !(c.cookie.name == name && c.cookie.path == path && c.cookie.domain.as_deref() == domain));
    }

    fn location(&self) -> PageLocation {
        self.location.clone()
    }
}

type Watcher = (u64, usize, String, Rc<dyn Fn(Option<String>)>);

#[derive(Default)]
struct Shared {
    values: BTreeMap<String, String>,
    locks: std::collections::BTreeSet<String>,
    watchers: Vec<Watcher>,
    next_id: u64,
    tabs: usize,
}

/// `localStorage` in memory. [`MemoryStore::new_tab`] gives another handle on the same data,
/// and writes through one handle fire the watchers of the others, as `storage` events do
/// between browser tabs.
///
/// ```
/// use std::{cell::Cell, rc::Rc};
/// use stytch_core::storage::{KeyValueStore, MemoryStore};
/// let tab_a = MemoryStore::new();
/// let tab_b = tab_a.new_tab();
/// let seen = Rc::new(Cell::new(false));
/// let flag = seen.clone();
/// let _guard = tab_b.watch("k", Box::new(move |_| flag.set(true)));
/// tab_a.set("k", "v");
/// assert!(seen.get());
/// assert_eq!(tab_b.get("k").as_deref(), Some("v"));
/// ```
#[derive(Clone)]
pub struct MemoryStore {
    shared: Rc<RefCell<Shared>>,
    tab: usize,
}

impl Default for MemoryStore {
    fn default() -> Self {
        Self::new()
    }
}

impl MemoryStore {
    /// An empty store (one tab).
    ///
    /// ```
    /// use stytch_core::storage::{KeyValueStore, MemoryStore};
    /// let storage = MemoryStore::new();
    /// storage.set("k", "v");
    /// assert_eq!(storage.get("k").as_deref(), Some("v"));
    /// ```
    pub fn new() -> Self {
        Self {
            shared: Rc::new(RefCell::new(Shared {
                tabs: 1,
                ..Shared::default()
            })),
            tab: 0,
        }
    }

    /// Another tab on the same storage.
    ///
    /// ```
    /// use std::{cell::RefCell, rc::Rc};
    /// use stytch_core::storage::{KeyValueStore, MemoryStore};
    /// // Two tabs of one origin: shared data, and each hears the other's writes.
    /// let first = MemoryStore::new();
    /// let second = first.new_tab();
    /// let heard = Rc::new(RefCell::new(None));
    /// let slot = heard.clone();
    /// let _watch = second.watch("k", Box::new(move |value| *slot.borrow_mut() = value));
    /// first.set("k", "v");
    /// assert_eq!(second.get("k").as_deref(), Some("v"));
    /// assert_eq!(heard.borrow().as_deref(), Some("v"));
    /// ```
    pub fn new_tab(&self) -> Self {
        let tab = {
            let mut shared = self.shared.borrow_mut();
            shared.tabs += 1;
            shared.tabs - 1
        };
        Self {
            shared: self.shared.clone(),
            tab,
        }
    }

    fn notify_others(&self, key: &str, value: Option<String>) {
        let watchers: Vec<_> = self
            .shared
            .borrow()
            .watchers
            .iter()
            .filter(|(_, tab, watched, _)| *tab != self.tab && watched == key)
            .map(|(_, _, _, callback)| callback.clone())
            .collect();
        for callback in watchers {
            callback(value.clone());
        }
    }
}

impl KeyValueStore for MemoryStore {
    fn get(&self, key: &str) -> Option<String> {
        self.shared.borrow().values.get(key).cloned()
    }

    fn set(&self, key: &str, value: &str) {
        let changed = self
            .shared
            .borrow_mut()
            .values
            .insert(key.to_owned(), value.to_owned())
            .as_deref()
            != Some(value);
        if changed {
            self.notify_others(key, Some(value.to_owned()));
        }
    }

    fn remove(&self, key: &str) {
        if self.shared.borrow_mut().values.remove(key).is_some() {
            self.notify_others(key, None);
        }
    }

    fn run_exclusive(
        &self,
        name: &str,
        task: crate::LocalBoxFuture<'static, ()>,
    ) -> crate::LocalBoxFuture<'static, bool> {
        let name = name.to_owned();
        let shared = self.shared.clone();
        Box::pin(async move {
            if !shared.borrow_mut().locks.insert(name.clone()) {
                return false;
            }
            struct Release(Rc<RefCell<Shared>>, String);
            impl Drop for Release {
                fn drop(&mut self) {
                    self.0.borrow_mut().locks.remove(&self.1);
                }
            }
            let _release = Release(shared, name);
            task.await;
            true
        })
    }

    fn watch(&self, key: &str, on_change: Box<dyn Fn(Option<String>)>) -> WatchGuard {
        let id = {
            let mut shared = self.shared.borrow_mut();
            shared.next_id += 1;
            let id = shared.next_id;
            shared
                .watchers
                .push((id, self.tab, key.to_owned(), Rc::from(on_change)));
            id
        };
        let shared: Weak<RefCell<Shared>> = Rc::downgrade(&self.shared);
        WatchGuard::new(move || {
            if let Some(shared) = shared.upgrade() {
                shared.borrow_mut().watchers.retain(|(watcher, ..)| *watcher != id);
            }
        })
    }
}
