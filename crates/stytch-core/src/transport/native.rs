use super::{HttpRequest, HttpResponse, Method, Transport, TransportError};
use crate::LocalBoxFuture;

/// [`Transport`] over reqwest, for native programs, server-side code and integration tests.
/// Built without TLS features: enable reqwest's `rustls` feature in your own manifest to reach
/// `https://` endpoints.
///
/// ```
/// let transport = stytch_core::transport::ReqwestTransport::default();
/// ```
#[derive(Clone, Debug, Default)]
pub struct ReqwestTransport {
    client: reqwest::Client,
}

impl ReqwestTransport {
    /// Uses a preconfigured reqwest client (timeouts, proxies, TLS).
    ///
    /// ```
    /// use std::time::Duration;
    /// use stytch_core::transport::ReqwestTransport;
    /// let client = reqwest::Client::builder().connect_timeout(Duration::from_secs(3)).build().unwrap();
    /// let transport = ReqwestTransport::new(client);
    /// # drop(transport);
    /// ```
    pub fn new(client: reqwest::Client) -> Self {
        Self { client }
    }
}

impl Transport for ReqwestTransport {
    fn send(&self, request: HttpRequest) -> LocalBoxFuture<'static, Result<HttpResponse, TransportError>> {
        let client = self.client.clone();
        Box::pin(async move {
            let method = match request.method {
                Method::Get => reqwest::Method::GET,
                Method::Post => reqwest::Method::POST,
                Method::Put => reqwest::Method::PUT,
                Method::Delete => reqwest::Method::DELETE,
            };
            let mut builder = client.request(method, &request.url);
            for (name, value) in request.headers {
                builder = builder.header(name, value);
            }
            if let Some(body) = request.body {
                builder = builder.body(body);
            }
            let response = builder.send().await.map_err(|e| TransportError(e.to_string()))?;
            read_response(response).await.map_err(|e| TransportError(e.to_string()))
        })
    }
}

/// A reqwest answer as an [`HttpResponse`]: status, content type and body text. (Also the
/// server half's reader, whose futures must be `Send`, which the `Transport` seam's are not.)
pub(crate) async fn read_response(response: reqwest::Response) -> Result<HttpResponse, reqwest::Error> {
    let status = response.status().as_u16();
    let content_type = response
        .headers()
        .get(reqwest::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let body = response.text().await?;
    Ok(HttpResponse {
        status,
        content_type,
        body,
    })
}
