//! Hooks, one module each.

mod use_google_one_tap;
mod use_is_authorized;
mod use_keep_session_alive;
mod use_member;
mod use_member_search;
mod use_member_session;
mod use_organization;
mod use_permissions;
mod use_session_activity;
mod use_stytch;

pub use use_google_one_tap::{
    GOOGLE_ONE_TAP_SCRIPT, OneTapStatus, UseGoogleOneTapOptions, UseGoogleOneTapReturn, use_google_one_tap,
    use_google_one_tap_with_options,
};
#[cfg(feature = "member-management")]
pub(crate) use use_is_authorized::effective_policy;
pub(crate) use use_is_authorized::member_may;
pub use use_is_authorized::{UseIsAuthorizedReturn, use_is_authorized};
pub use use_keep_session_alive::{
    UseKeepSessionAliveOptions, use_keep_session_alive, use_keep_session_alive_with_options,
};
pub use use_member::{UseMemberReturn, use_member};
pub use use_member_search::{
    UseMemberSearchOptions, UseMemberSearchReturn, use_member_search, use_member_search_with_options,
};
pub use use_member_session::{UseMemberSessionReturn, use_member_session};
pub use use_organization::{UseOrganizationReturn, use_organization};
pub use use_permissions::{Permissions, UsePermissionsReturn, use_permissions};
pub use use_session_activity::{UseSessionActivityReturn, use_session_activity};
pub use use_stytch::use_stytch;
