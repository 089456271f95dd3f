//! Prebuilt components, one folder each with its CSS beside it.

pub mod login;
pub mod organization_switcher;
