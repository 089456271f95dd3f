use serde::{Deserialize, Serialize};
use stytch_models::RedactedDebug;
use stytch_models::json::{FromJson, ToJson};
use stytch_models::{
    Member, MemberSession, Organization,
    api::{
        discovery::DiscoveryAuthenticateResponse, sessions::AuthenticateResponse, sessions::AuthenticateWithMfaResponse,
    },
};

/// What the SDK caches about the signed-in member: `null` when signed out, persisted in
/// `localStorage["stytch_sdk_state_<public_token>"]`.
///
/// ```
/// let cached: stytch_core::session::B2BState =
///     serde_json::from_str(r#"{"session":{"member_session_id":"session-test-1"}}"#).unwrap();
/// assert!(cached.member.is_none());
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, FromJson, ToJson)]
#[serde(default)]
pub struct B2BState {
    /// The member session.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session: Option<MemberSession>,
    /// The member.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub member: Option<Member>,
    /// The organization.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub organization: Option<Organization>,
}

impl B2BState {
    /// `{...self, ...other}`: the slices `other` carries replace those of `self`.
    ///
    /// ```
    /// use stytch_core::{models::{Member, json}, session::B2BState};
    /// let cached = B2BState { member: Some(json::from_str::<Member>(r#"{"name":"Ada"}"#).unwrap()), ..Default::default() };
    /// // A partial update keeps what it does not carry.
    /// let merged = cached.merged_with(B2BState::default());
    /// assert_eq!(merged.member.unwrap().name, "Ada");
    /// ```
    pub fn merged_with(&self, other: B2BState) -> B2BState {
        B2BState {
            session: other.session.or_else(|| self.session.clone()),
            member: other.member.or_else(|| self.member.clone()),
            organization: other.organization.or_else(|| self.organization.clone()),
        }
    }
}

/// Equality as the official SDK's `deepEqual`: `last_accessed_at` is ignored, so a refresh that
/// only bumps it does not notify anyone.
pub(crate) fn same_ignoring_last_access(a: &Option<B2BState>, b: &Option<B2BState>) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(a), Some(b)) => {
            a.member == b.member
                && a.organization == b.organization
                && match (&a.session, &b.session) {
                    (None, None) => true,
                    (Some(x), Some(y)) => x.same_ignoring_last_access(y),
                    _ => false,
                }
        }
        _ => false,
    }
}

/// The parts of any authenticate response that change local session state.
///
/// ```no_run
/// use stytch_core::session::SessionUpdate;
///
/// # async fn run(client: &stytch_core::StytchClient, response: &stytch_core::models::api::sessions::AuthenticateResponse) {
/// // A session your server obtained (say, a backend login) handed to the browser's client.
/// client.store().apply(SessionUpdate::from(response), Some(60));
/// assert!(client.session().get_sync().is_some());
/// # }
/// ```
#[derive(Clone, RedactedDebug, Default, PartialEq)]
pub struct SessionUpdate {
    /// The granted session, or `None` when the response carries an IST instead.
    pub member_session: Option<MemberSession>,
    /// Member.
    pub member: Option<Member>,
    /// Organization.
    pub organization: Option<Organization>,
    /// Session token (`""` in HttpOnly mode).
    #[redact]
    pub session_token: String,
    /// Session JWT (`""` in HttpOnly mode).
    #[redact]
    pub session_jwt: String,
    /// IST (`""` in HttpOnly mode or when a session was granted).
    #[redact]
    pub intermediate_session_token: String,
}

impl From<&AuthenticateResponse> for SessionUpdate {
    fn from(r: &AuthenticateResponse) -> Self {
        SessionUpdate {
            member_session: Some(r.member_session.clone()),
            member: Some(r.member.clone()),
            organization: Some(r.organization.clone()),
            session_token: r.session_token.clone(),
            session_jwt: r.session_jwt.clone(),
            intermediate_session_token: String::new(),
        }
    }
}

impl From<&AuthenticateWithMfaResponse> for SessionUpdate {
    fn from(r: &AuthenticateWithMfaResponse) -> Self {
        SessionUpdate {
            member_session: r.member_session.clone(),
            member: Some(r.member.clone()),
            organization: Some(r.organization.clone()),
            session_token: r.session_token.clone(),
            session_jwt: r.session_jwt.clone(),
            intermediate_session_token: r.intermediate_session_token.clone(),
        }
    }
}

impl From<&DiscoveryAuthenticateResponse> for SessionUpdate {
    fn from(r: &DiscoveryAuthenticateResponse) -> Self {
        SessionUpdate {
            intermediate_session_token: r.intermediate_session_token.clone(),
            ..SessionUpdate::default()
        }
    }
}
