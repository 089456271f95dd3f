use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Headers, Request, RequestCredentials, RequestInit, RequestMode, Response};

use super::{HttpRequest, HttpResponse, Transport, TransportError};
use crate::LocalBoxFuture;

/// [`Transport`] over the browser's `fetch`, with `credentials: "include"` so HttpOnly cookies
/// set by the API reach it. Adds no HTTP library to the wasm bundle.
///
/// ```no_run
/// let transport = stytch_core::transport::FetchTransport;
/// ```
#[derive(Clone, Copy, Debug, Default)]
pub struct FetchTransport;

fn js_error(value: JsValue) -> TransportError {
    let message = value
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| value.as_string())
        .unwrap_or_else(|| "fetch failed".to_owned());
    TransportError(message)
}

async fn send(request: HttpRequest) -> Result<HttpResponse, TransportError> {
    let init = RequestInit::new();
    init.set_method(request.method.as_str());
    init.set_credentials(RequestCredentials::Include);
    init.set_mode(RequestMode::Cors);
    let headers = Headers::new().map_err(js_error)?;
    for (name, value) in &request.headers {
        headers.set(name, value).map_err(js_error)?;
    }
    init.set_headers(&headers);
    if let Some(body) = &request.body {
        init.set_body(&JsValue::from_str(body));
    }
    let fetch_request = Request::new_with_str_and_init(&request.url, &init).map_err(js_error)?;
    let window = web_sys::window().ok_or_else(|| TransportError("no window: fetch is unavailable".to_owned()))?;
    let response: Response = JsFuture::from(window.fetch_with_request(&fetch_request))
        .await
        .map_err(js_error)?
        .dyn_into()
        .map_err(js_error)?;
    let content_type = response
        .headers()
        .get("content-type")
        .ok()
        .flatten()
        .unwrap_or_default();
    let body = JsFuture::from(response.text().map_err(js_error)?)
        .await
        .map_err(js_error)?;
    Ok(HttpResponse {
        status: response.status(),
        content_type,
        body: body.as_string().unwrap_or_default(),
    })
}

impl Transport for FetchTransport {
    fn send(&self, request: HttpRequest) -> LocalBoxFuture<'static, Result<HttpResponse, TransportError>> {
        Box::pin(send(request))
    }
}
