use wasm_bindgen::{JsCast, closure::Closure};
use web_sys::{HtmlDocument, StorageEvent};

use super::{Cookie, CookieJar, KeyValueStore, PageLocation, WatchGuard, removal_header_value};

/// [`CookieJar`] over `document.cookie`.
///
/// ```no_run
/// let jar = stytch_core::storage::BrowserCookieJar;
/// ```
#[derive(Clone, Copy, Debug, Default)]
pub struct BrowserCookieJar;

fn document() -> Option<HtmlDocument> {
    web_sys::window()?.document()?.dyn_into::<HtmlDocument>().ok()
}

fn utc_string(unix_ms: i64) -> String {
    String::from(js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(unix_ms as f64)).to_utc_string())
}

fn cookie_pairs() -> Vec<(String, String)> {
    let raw = document().and_then(|d| d.cookie().ok()).unwrap_or_default();
    super::cookie_pairs(&raw)
        .map(|(name, value)| (name.to_owned(), value))
        .collect()
}

impl CookieJar for BrowserCookieJar {
    fn get(&self, name: &str) -> Option<String> {
        cookie_pairs().into_iter().find(|(n, _)| n == name).map(|(_, v)| v)
    }

    fn count(&self, name: &str) -> usize {
        cookie_pairs().iter().filter(|(n, _)| n == name).count()
    }

    fn set(&self, cookie: &Cookie) {
        if let Some(document) = document() {
            let _ = document.set_cookie(&cookie.header_value_with(utc_string));
        }
    }

    fn remove(&self, name: &str, path: &str, domain: Option<&str>) {
        if let Some(document) = document() {
            let _ = document.set_cookie(&removal_header_value(name, path, domain));
        }
    }

    fn location(&self) -> PageLocation {
        let location = web_sys::window().map(|w| w.location());
        PageLocation {
            hostname: location.as_ref().and_then(|l| l.hostname().ok()).unwrap_or_default(),
            host: location.as_ref().and_then(|l| l.host().ok()).unwrap_or_default(),
            origin: location.as_ref().and_then(|l| l.origin().ok()).unwrap_or_default(),
        }
    }
}

/// [`KeyValueStore`] over `window.localStorage`; watches are `storage` events from other tabs.
/// Storage errors (private mode, full quota) are swallowed, as in the official SDK.
///
/// ```no_run
/// let store = stytch_core::storage::BrowserStorage;
/// ```
#[derive(Clone, Copy, Debug, Default)]
pub struct BrowserStorage;

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

impl KeyValueStore for BrowserStorage {
    fn get(&self, key: &str) -> Option<String> {
        local_storage()?.get_item(key).ok().flatten()
    }

    fn set(&self, key: &str, value: &str) {
        if let Some(storage) = local_storage() {
            let _ = storage.set_item(key, value);
        }
    }

    fn remove(&self, key: &str) {
        if let Some(storage) = local_storage() {
            let _ = storage.remove_item(key);
        }
    }

    /// Uses the Web Locks API (`navigator.locks.request(name, {ifAvailable: true}, …)`), which
    /// every current browser has; without it the task runs unlocked (the shared refresh
    /// timestamp still keeps tabs from refreshing in step).
    fn run_exclusive(
        &self,
        name: &str,
        task: crate::LocalBoxFuture<'static, ()>,
    ) -> crate::LocalBoxFuture<'static, bool> {
        use wasm_bindgen::JsValue;
        let locks = web_sys::window()
            .and_then(|w| js_sys::Reflect::get(&w.navigator(), &"locks".into()).ok())
            .filter(|l| !l.is_undefined() && !l.is_null());
        let request = locks
            .as_ref()
            .and_then(|l| js_sys::Reflect::get(l, &"request".into()).ok())
            .and_then(|r| r.dyn_into::<js_sys::Function>().ok());
        let (Some(locks), Some(request)) = (locks, request) else {
            return Box::pin(async move {
                task.await;
                true
            });
        };
        let options = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&options, &"ifAvailable".into(), &JsValue::TRUE);
        let callback = Closure::once_into_js(move |lock: JsValue| -> JsValue {
            if lock.is_null() {
                return JsValue::FALSE;
            }
            wasm_bindgen_futures::future_to_promise(async move {
                task.await;
                Ok(JsValue::TRUE)
            })
            .into()
        });
        let promise = request.call3(&locks, &JsValue::from_str(name), &options, &callback);
        Box::pin(async move {
            match promise.map(js_sys::Promise::from) {
                Ok(promise) => wasm_bindgen_futures::JsFuture::from(promise)
                    .await
                    .ok()
                    .and_then(|v| v.as_bool())
                    .unwrap_or(false),
                Err(_) => false,
            }
        })
    }

    fn watch(&self, key: &str, on_change: Box<dyn Fn(Option<String>)>) -> WatchGuard {
        let Some(window) = web_sys::window() else {
            return WatchGuard::new(|| ());
        };
        let key = key.to_owned();
        let listener = Closure::<dyn Fn(StorageEvent)>::new(move |event: StorageEvent| {
            // A `clear()` in another tab arrives with a null key.
            match event.key() {
                Some(changed) if changed == key => on_change(event.new_value()),
                None => on_change(None),
                Some(_) => {}
            }
        });
        let _ = window.add_event_listener_with_callback("storage", listener.as_ref().unchecked_ref());
        WatchGuard::new(move || {
            let _ = window.remove_event_listener_with_callback("storage", listener.as_ref().unchecked_ref());
            drop(listener);
        })
    }
}
