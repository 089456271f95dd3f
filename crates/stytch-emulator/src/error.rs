//! Errors in Stytch's shape. Every failure the emulator reports is one of these; handlers never
//! panic on input and the HTTP layer turns a stray panic into an `internal_server_error` too.

use stytch_models::ErrorType;

/// A Stytch API error: HTTP status, `error_type` and message.
///
/// ```
/// use stytch_emulator::ApiError;
///
/// let error = ApiError::member_not_found();
/// assert_eq!(error.status, 404);
/// assert_eq!(error.error_type.as_str(), "member_not_found");
/// assert!(error.to_string().starts_with("[404] member_not_found"));
/// ```
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[error("[{status}] {error_type}: {message}")]
pub struct ApiError {
    /// HTTP status.
    pub status: u16,
    /// Stytch error type.
    pub error_type: ErrorType,
    /// Message for people.
    pub message: String,
}

impl ApiError {
    /// Any error.
    ///
    /// ```
    /// use stytch_emulator::ApiError;
    /// use stytch_models::ErrorType;
    /// let error = ApiError::new(429, ErrorType::Unknown("too_many_requests".into()), "Slow down.");
    /// assert_eq!(error.to_string(), "[429] too_many_requests: Slow down.");
    /// ```
    pub fn new(status: u16, error_type: ErrorType, message: impl Into<String>) -> Self {
        Self {
            status,
            error_type,
            message: message.into(),
        }
    }

    /// A refusal with one of Stytch's `error_type` names that [`ErrorType`] has no variant for.
    ///
    /// ```
    /// use stytch_emulator::ApiError;
    /// let error = ApiError::named(400, "invalid_bcrypt_hash", "Not a bcrypt hash.");
    /// assert_eq!((error.status, error.error_type.as_str()), (400, "invalid_bcrypt_hash"));
    /// ```
    pub fn named(status: u16, error_type: &str, message: impl Into<String>) -> Self {
        Self::new(status, ErrorType::Unknown(error_type.into()), message)
    }

    /// 400 `bad_request`.
    ///
    /// ```
    /// use stytch_emulator::ApiError;
    /// let error = ApiError::bad_request("organization_name is required.");
    /// assert_eq!((error.status, error.error_type.as_str()), (400, "bad_request"));
    /// ```
    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(400, ErrorType::BadRequest, message)
    }

    /// 500 `internal_server_error`: the emulator failed (signing a token, writing JSON).
    ///
    /// ```
    /// use stytch_emulator::ApiError;
    /// let error = ApiError::internal("the key cannot sign");
    /// assert_eq!((error.status, error.error_type.as_str()), (500, "internal_server_error"));
    /// ```
    pub fn internal(message: impl Into<String>) -> Self {
        Self::new(500, ErrorType::InternalServerError, message)
    }

    /// 401 `unauthorized_credentials`.
    ///
    /// ```
    /// use stytch_emulator::ApiError;
    /// let error = ApiError::unauthorized("Invalid public token.");
    /// assert_eq!((error.status, error.error_type.as_str()), (401, "unauthorized_credentials"));
    /// ```
    pub fn unauthorized(message: impl Into<String>) -> Self {
        Self::new(401, ErrorType::UnauthorizedCredentials, message)
    }

    /// 401 `user_unauthenticated`: an SDK call that needs a member session, sent without one.
    ///
    /// ```
    /// use stytch_emulator::ApiError;
    /// let error = ApiError::user_unauthenticated();
    /// assert_eq!((error.status, error.error_type.as_str()), (401, "user_unauthenticated"));
    /// ```
    pub fn user_unauthenticated() -> Self {
        Self::new(
            401,
            ErrorType::UserUnauthenticated,
            "This request requires a member session, and none was provided.",
        )
    }

    /// 400 `no_session_arguments`: a backend call that names no session (or IST).
    ///
    /// ```
    /// use stytch_emulator::ApiError;
    /// let error = ApiError::no_session_arguments("A session is required.");
    /// assert_eq!((error.status, error.error_type.as_str()), (400, "no_session_arguments"));
    /// ```
    pub fn no_session_arguments(message: impl Into<String>) -> Self {
        Self::new(400, ErrorType::NoSessionArguments, message)
    }

    /// 404 `session_not_found`.
    ///
    /// ```
    /// use stytch_emulator::ApiError;
    /// let error = ApiError::session_not_found();
    /// assert_eq!((error.status, error.error_type.as_str()), (404, "session_not_found"));
    /// ```
    pub fn session_not_found() -> Self {
        Self::new(404, ErrorType::SessionNotFound, "Session could not be found.")
    }

    /// 404 `intermediate_session_not_found`.
    ///
    /// ```
    /// use stytch_emulator::ApiError;
    /// let error = ApiError::ist_not_found();
    /// assert_eq!((error.status, error.error_type.as_str()), (404, "intermediate_session_not_found"));
    /// ```
    pub fn ist_not_found() -> Self {
        Self::new(
            404,
            ErrorType::IntermediateSessionNotFound,
            "Intermediate session could not be found.",
        )
    }

    /// 404 `organization_not_found`.
    ///
    /// ```
    /// use stytch_emulator::ApiError;
    /// let error = ApiError::organization_not_found();
    /// assert_eq!((error.status, error.error_type.as_str()), (404, "organization_not_found"));
    /// ```
    pub fn organization_not_found() -> Self {
        Self::new(404, ErrorType::OrganizationNotFound, "Organization could not be found.")
    }

    /// 404 `member_not_found`.
    ///
    /// ```
    /// use stytch_emulator::ApiError;
    /// let error = ApiError::member_not_found();
    /// assert_eq!((error.status, error.error_type.as_str()), (404, "member_not_found"));
    /// ```
    pub fn member_not_found() -> Self {
        Self::new(404, ErrorType::MemberNotFound, "Member could not be found.")
    }
}

/// Results of domain operations.
///
/// ```
/// use stytch_emulator::{ApiResult, EmulatorConfig, spawn};
///
/// let emulator = spawn(EmulatorConfig::for_tests()).unwrap();
/// // The store's look-ups answer as the API would.
/// let found: ApiResult<String> = emulator.app().with(|store, _| store.organization("no-such-org").map(|o| o.organization_name.clone()));
/// assert_eq!(found.unwrap_err().error_type.as_str(), "organization_not_found");
/// ```
pub type ApiResult<T> = Result<T, ApiError>;
