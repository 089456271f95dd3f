use serde::de::DeserializeOwned;
use serde_json::Value;
use stytch_models::{
    ApiErrorBody,
    json::{self, FromJson, JsonError},
};

use super::HttpResponse;
use crate::StytchError;

/// Decodes an SDK API response the way the official SDK does: 2xx bodies are `{"data": …}`;
/// JSON errors are top-level Stytch error objects (schema errors when they carry `body`,
/// `params` or `query`); anything else is reported as an unreachable or invalid server.
///
/// The client itself reads responses with [`FromJson`]; this serde variant is for types of
/// your own.
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
    serde_json::from_value(data(response)?).map_err(invalid)
}

/// [`decode_response`]'s second half for the models: reads a response's `data` (from
/// [`data`]) without serde's visitors.
///
/// Debug builds (every test run) also read the body with serde and panic if the two readers
/// disagree on a body serde accepts; release builds carry only the `FromJson` reader (the
/// bounds cost nothing unless used).
pub(crate) fn read<T>(data: Value) -> Result<T, StytchError>
where
    T: FromJson + DeserializeOwned + PartialEq,
{
    #[cfg(debug_assertions)]
    let by_serde = serde_json::from_value::<T>(data.clone()).ok();
    let read = T::from_json(data).map_err(invalid);
    #[cfg(debug_assertions)]
    if let Some(expected) = by_serde {
        // The values are not printed: responses carry tokens.
        assert!(
            read.as_ref().is_ok_and(|read| *read == expected),
            "FromJson and serde read a {} differently",
            std::any::type_name::<T>()
        );
    }
    read
}

fn invalid(e: impl std::fmt::Display) -> StytchError {
    StytchError::InvalidResponse(format!("invalid JSON response from the server: {e}"))
}

/// The `data` of a 2xx response, or the error the response stands for.
pub(crate) fn data(response: HttpResponse) -> Result<Value, StytchError> {
    if response.status <= 299 {
        return match json::parse(&response.body) {
            // Searched, not removed: B-tree removal code is not needed anywhere else.
            Ok(Value::Object(envelope)) => envelope
                .into_iter()
                .find_map(|(key, value)| (key == "data").then_some(value))
                .ok_or_else(|| invalid(JsonError::missing("data"))),
            Ok(_) => Err(invalid("expected an object")),
            Err(e) => Err(invalid(e)),
        };
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
    let value = json::parse(&response.body).map_err(|_| {
        StytchError::Unreachable(format!(
            "invalid or no response from the server (HTTP {})",
            response.status
        ))
    })?;
    if let Some(object) = value.as_object() {
        for key in ["body", "params", "query"] {
            if let Some(problems) = object.get(key) {
                return Err(StytchError::Schema(json::stringify(problems)));
            }
        }
    }
    let mut body = ApiErrorBody::from_json(value)
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
