//! Prebuilt components, one folder each with its CSS beside it.

pub mod connected_apps;
pub mod login;
pub mod organization_switcher;
