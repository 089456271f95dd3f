//! `impersonation/*` bodies: a member's session started by someone on your team, from a token
//! the Stytch Dashboard (or the emulator's test API) issued.

use crate::RedactedDebug;
use crate::json::{FromJson, ToJson};
use serde::{Deserialize, Serialize};

/// `POST impersonation/authenticate`. The answer is an
/// [`AuthenticateWithMfaResponse`](super::sessions::AuthenticateWithMfaResponse) that always
/// carries a session: impersonation never asks for MFA. The session lasts 60 minutes and
/// cannot be extended.
///
/// ```
/// use stytch_models::api::impersonation::ImpersonationAuthenticateRequest;
/// let r = ImpersonationAuthenticateRequest { impersonation_token: "t".into() };
/// assert_eq!(serde_json::to_string(&r).unwrap(), r#"{"impersonation_token":"t"}"#);
/// assert!(!format!("{r:?}").contains("\"t\""), "never printed");
/// ```
#[derive(Clone, RedactedDebug, Default, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(default)]
pub struct ImpersonationAuthenticateRequest {
    /// Token from the link (`stytch_token_type=multi_tenant_impersonation`); single use, valid
    /// for five minutes.
    #[redact]
    pub impersonation_token: String,
}
