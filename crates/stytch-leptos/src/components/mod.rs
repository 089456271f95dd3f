//! Prebuilt components, one folder each with its CSS beside it.

pub mod connected_apps;
pub mod login;
#[cfg(feature = "member-management")]
pub mod member_management;
#[cfg(feature = "organization-settings")]
pub mod organization_settings;
pub mod organization_switcher;

/// A number no other component instance on the page has, for element IDs.
pub(crate) fn next_id() -> usize {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    NEXT.fetch_add(1, Ordering::Relaxed)
}
