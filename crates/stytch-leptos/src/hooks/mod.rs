//! Hooks, one module each.

mod use_member;
mod use_member_session;
mod use_organization;
mod use_stytch;

pub use use_member::{UseMemberReturn, use_member};
pub use use_member_session::{UseMemberSessionReturn, use_member_session};
pub use use_organization::{UseOrganizationReturn, use_organization};
pub use use_stytch::use_stytch;
