//! Small helpers that would otherwise pull whole crates into the wasm bundle.

pub mod base64;
pub mod jwt;
pub mod listeners;
pub mod percent;
pub mod sha256;
pub(crate) mod wakeup;
