use serde::de::DeserializeOwned;
use stytch_models::{ApiErrorBody, api::SdkEnvelope};

use super::HttpResponse;
use crate::StytchError;

/// Decodes an SDK API response the way the official SDK does: 2xx bodies are `{"data": …}`;
/// JSON errors are top-level Stytch error objects (schema errors when they carry `body`,
/// `params` or `query`); anything else is reported as an unreachable or invalid server.
///
/// ```
/// use stytch_core::transport::{decode_response, HttpResponse};
/// use stytch_models::api::ResponseCommon;
/// let ok = HttpResponse { status: 200, content_type: "application/json".into(), body: r#"{"data":{"status_code":200}}"#.into() };
/// assert_eq!(decode_response::<ResponseCommon>(ok).unwrap().status_code, 200);
/// let html = HttpResponse { status: 502, content_type: "text/html".into(), body: "<h1>Bad gateway</h1>".into() };
/// assert!(matches!(decode_response::<ResponseCommon>(html), Err(stytch_core::StytchError::Unreachable(_))));
/// ```
pub fn decode_response<T: DeserializeOwned>(response: HttpResponse) -> Result<T, StytchError> {
    if response.status <= 299 {
        let envelope: SdkEnvelope<T> = serde_json::from_str(&response.body)
            .map_err(|e| StytchError::InvalidResponse(format!("invalid JSON response from the server: {e}")))?;
        return Ok(envelope.data);
    }
    if !response.content_type.contains("application/json") {
        return Err(StytchError::Unreachable(format!(
            "invalid response from the server (HTTP {}, {})",
            response.status,
            if response.content_type.is_empty() {
                "no content type"
            } else {
                &response.content_type
            }
        )));
    }
    let value: serde_json::Value = serde_json::from_str(&response.body).map_err(|_| {
        StytchError::Unreachable(format!(
            "invalid or no response from the server (HTTP {})",
            response.status
        ))
    })?;
    if let Some(object) = value.as_object() {
        for key in ["body", "params", "query"] {
            if let Some(problems) = object.get(key) {
                return Err(StytchError::Schema(problems.to_string()));
            }
        }
    }
    let mut body: ApiErrorBody = serde_json::from_value(value)
        .map_err(|e| StytchError::InvalidResponse(format!("malformed error body (HTTP {}): {e}", response.status)))?;
    if body.status_code == 0 {
        body.status_code = response.status;
    }
    Err(StytchError::Api(Box::new(body)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use stytch_models::{ErrorType, api::ResponseCommon};

    fn response(status: u16, content_type: &str, body: &str) -> HttpResponse {
        HttpResponse {
            status,
            content_type: content_type.into(),
            body: body.into(),
        }
    }

    #[test]
    fn api_errors_keep_every_field() {
        let err = decode_response::<ResponseCommon>(response(
            404,
            "application/json; charset=utf-8",
            r#"{"status_code":404,"request_id":"request-id-test-1","error_type":"session_not_found","error_message":"Session not found.","error_url":"u"}"#,
        ))
        .unwrap_err();
        let StytchError::Api(body) = err else {
            panic!("expected an API error, got {err:?}")
        };
        assert_eq!(body.error_type, ErrorType::SessionNotFound);
        assert_eq!(body.request_id, "request-id-test-1");
    }

    #[test]
    fn schema_errors_are_their_own_kind() {
        let err = decode_response::<ResponseCommon>(response(
            400,
            "application/json",
            r#"{"body":[{"dataPath":".x","message":"bad"}]}"#,
        ));
        assert!(matches!(err, Err(StytchError::Schema(_))));
    }

    #[test]
    fn missing_data_and_garbage_are_typed_errors() {
        assert!(matches!(
            decode_response::<ResponseCommon>(response(200, "application/json", r#"{"request_id":"r"}"#)),
            Err(StytchError::InvalidResponse(_))
        ));
        assert!(matches!(
            decode_response::<ResponseCommon>(response(200, "text/plain", "not json")),
            Err(StytchError::InvalidResponse(_))
        ));
        assert!(matches!(
            decode_response::<ResponseCommon>(response(500, "application/json", "{oops")),
            Err(StytchError::Unreachable(_))
        ));
    }
}
