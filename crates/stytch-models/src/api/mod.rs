//! Request and response bodies per API namespace, shared by the client and the emulator.
//!
//! Request fields that are optional are skipped when `None`, exactly as the official SDK's
//! `JSON.stringify` drops `undefined` values. Responses default every missing field.

pub mod discovery;
pub mod idp;
pub mod impersonation;
pub mod magic_links;
pub mod mfa;
pub mod oauth;
pub mod organizations;
pub mod otps;
pub mod passwords;
pub mod scim;
pub mod sessions;
pub mod sso;

use crate::json::{FromJson, ToJson};
use serde::{Deserialize, Serialize};

/// The SDK API wraps every success body in `{"data": …}`.
///
/// ```
/// use stytch_models::api::{ResponseCommon, SdkEnvelope};
/// let e: SdkEnvelope<ResponseCommon> = serde_json::from_str(r#"{"data":{"request_id":"r","status_code":200}}"#).unwrap();
/// assert_eq!(e.data.status_code, 200);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
pub struct SdkEnvelope<T> {
    /// The response body.
    pub data: T,
}

/// The fields every response carries.
///
/// ```
/// use stytch_models::{api::ResponseCommon, json};
///
/// let response: ResponseCommon = json::from_str(r#"{"request_id":"request-id-test-1","status_code":200}"#).unwrap();
/// assert_eq!((response.request_id.as_str(), response.status_code), ("request-id-test-1", 200));
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(default)]
pub struct ResponseCommon {
    /// Request ID.
    pub request_id: String,
    /// HTTP status.
    pub status_code: u16,
}
