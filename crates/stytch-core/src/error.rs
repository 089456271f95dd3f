use stytch_models::{ApiErrorBody, ErrorType};

/// Everything a Stytch call can fail with.
///
/// ```
/// use stytch_core::StytchError;
/// use stytch_models::{ApiErrorBody, ErrorType};
/// let err = StytchError::Api(Box::new(ApiErrorBody::new(404, ErrorType::SessionNotFound, "Session not found.", "r")));
/// assert!(err.is_unrecoverable());
/// assert_eq!(err.error_type(), Some(&ErrorType::SessionNotFound));
/// assert_eq!(err.to_string(), "[404] session_not_found: Session not found.");
/// ```
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum StytchError {
    /// Stytch answered with an error object.
    #[error("[{}] {}: {}", .0.status_code, .0.error_type, .0.error_message)]
    Api(Box<ApiErrorBody>),
    /// The request did not match the endpoint's schema.
    #[error("request does not match the expected schema: {0}")]
    Schema(String),
    /// No usable answer: network failure, CORS rejection, or a non-JSON error page.
    #[error("unable to reach Stytch: {0}")]
    Unreachable(String),
    /// A success response that cannot be read.
    #[error("unexpected response from Stytch: {0}")]
    InvalidResponse(String),
    /// The SDK was used in a way that cannot work (e.g. no intermediate session to exchange).
    #[error("{0}")]
    Usage(String),
}

impl StytchError {
    /// The API `error_type`, when Stytch sent one.
    ///
    /// ```
    /// use stytch_core::{StytchError, models::{ApiErrorBody, ErrorType}};
    /// let error = StytchError::Api(Box::new(ApiErrorBody { status_code: 404, error_type: ErrorType::SessionNotFound, ..Default::default() }));
    /// assert_eq!(error.error_type(), Some(&ErrorType::SessionNotFound));
    /// assert_eq!(StytchError::Unreachable("offline".into()).error_type(), None);
    /// ```
    pub fn error_type(&self) -> Option<&ErrorType> {
        match self {
            StytchError::Api(body) => Some(&body.error_type),
            _ => None,
        }
    }

    /// Whether the local session must be cleared (`session_not_found` and friends).
    ///
    /// ```
    /// use stytch_core::{StytchError, models::{ApiErrorBody, ErrorType}};
    /// // A dead session: sign out locally rather than retry.
    /// let dead = StytchError::Api(Box::new(ApiErrorBody { status_code: 404, error_type: ErrorType::SessionNotFound, ..Default::default() }));
    /// assert!(dead.is_unrecoverable());
    /// assert!(!StytchError::Unreachable("offline".into()).is_unrecoverable());
    /// ```
    pub fn is_unrecoverable(&self) -> bool {
        self.error_type().is_some_and(ErrorType::is_unrecoverable)
    }

    /// Whether retrying later may succeed (network failures and 5xx answers).
    ///
    /// ```
    /// use stytch_core::StytchError;
    /// // Worth retrying later: the network, not the request, failed.
    /// assert!(StytchError::Unreachable("connection refused".into()).is_transient());
    /// assert!(!StytchError::Usage("no intermediate session".into()).is_transient());
    /// ```
    pub fn is_transient(&self) -> bool {
        match self {
            StytchError::Unreachable(_) => true,
            StytchError::Api(body) => body.status_code >= 500 || body.error_type == ErrorType::TooManyRequests,
            _ => false,
        }
    }
}
