//! The HTTP surfaces: `/sdk/v1` (frontend SDK), `/v1/b2b` (backend, and the SCIM protocol), `/emulator/v1` (test
//! API) and `/emulator` (inbox page). Handlers stay thin; rules live in [`crate::domain`].

mod auth;
mod backend;
mod extract;
mod google;
mod idp;
mod inbox;
mod layers;
mod m2m;
mod oauth;
mod respond;
mod scim;
mod sdk;
mod sso;
mod test_api;

use std::io::Write;
use std::sync::Arc;
use std::time::Instant;

use axum::Router;
use axum::extract::Request;
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use stytch_models::ErrorType;

use crate::domain::App;
use crate::error::ApiError;

/// The whole API.
pub fn router(app: Arc<App>, log_requests: bool) -> Router {
    let sdk = sdk::routes()
        .merge(sso::sdk_routes())
        .merge(scim::sdk_routes())
        .merge(idp::sdk_routes())
        .layer(middleware::from_fn_with_state(app.clone(), layers::http_only_cookies));
    let router = Router::new()
        .nest("/sdk/v1", sdk)
        .nest(
            "/v1/b2b",
            backend::routes()
                .merge(oauth::routes())
                .merge(sso::backend_routes())
                .merge(scim::backend_routes())
                .merge(idp::backend_routes()),
        )
        .nest("/v1/public", sso::public_routes().merge(idp::public_routes()))
        .nest("/v1", idp::management_routes().merge(m2m::routes()))
        .route("/v1/sessions/jwks/{project_id}", get(backend::jwks))
        // The project's domain, where OAuth and MCP clients of Connected Apps look.
        .route("/.well-known/oauth-authorization-server", get(idp::metadata))
        .route("/.well-known/openid-configuration", get(idp::metadata))
        .route("/.well-known/jwks.json", get(idp::domain_jwks))
        .route("/v1/oauth2/register", post(idp::register))
        .route("/v1/oauth2/token", post(idp::domain_token))
        .route("/v1/oauth2/introspect", post(idp::domain_introspect))
        .route(
            "/v1/oauth2/userinfo",
            get(idp::domain_userinfo).post(idp::domain_userinfo),
        )
        .nest("/emulator/v1", test_api::routes())
        .route("/emulator", get(inbox::page))
        .route("/emulator/impersonate", get(inbox::impersonate))
        .route("/emulator/organizations", get(inbox::organizations))
        .nest("/emulator/google", google::routes())
        .route("/", get(|| async { axum::response::Redirect::temporary("/emulator") }))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(middleware::from_fn_with_state(app.clone(), layers::faults))
        .with_state(app)
        .layer(tower_http::catch_panic::CatchPanicLayer::custom(|_| {
            ApiError::new(
                500,
                ErrorType::InternalServerError,
                "The emulator hit an internal error; please report it.",
            )
            .into_response()
        }))
        .layer(middleware::from_fn(cors));
    if log_requests {
        router.layer(middleware::from_fn(log))
    } else {
        router
    }
}

async fn not_found() -> ApiError {
    ApiError::new(404, ErrorType::RouteNotFound, "The requested route does not exist.")
}

async fn method_not_allowed() -> ApiError {
    ApiError::new(
        405,
        ErrorType::MethodNotAllowed,
        "This route does not accept this HTTP method.",
    )
}

/// Browsers call the SDK API cross-origin with credentials: echo the exact origin.
async fn cors(request: Request, next: Next) -> Response {
    let origin = request.headers().get(header::ORIGIN).cloned();
    let preflight =
        request.method() == Method::OPTIONS && request.headers().contains_key(header::ACCESS_CONTROL_REQUEST_METHOD);
    let requested_headers = request.headers().get(header::ACCESS_CONTROL_REQUEST_HEADERS).cloned();
    let mut response = if preflight {
        StatusCode::NO_CONTENT.into_response()
    } else {
        next.run(request).await
    };
    let headers = response.headers_mut();
    if let Some(origin) = origin {
        headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin);
        headers.insert(
            header::ACCESS_CONTROL_ALLOW_CREDENTIALS,
            HeaderValue::from_static("true"),
        );
        headers.append(header::VARY, HeaderValue::from_static("Origin"));
        if preflight {
            headers.insert(
                header::ACCESS_CONTROL_ALLOW_METHODS,
                HeaderValue::from_static("GET, POST, PUT, DELETE"),
            );
            headers.insert(
                header::ACCESS_CONTROL_ALLOW_HEADERS,
                requested_headers.unwrap_or(HeaderValue::from_static(
                    "authorization, content-type, x-sdk-client, x-sdk-parent-host",
                )),
            );
            headers.insert(header::ACCESS_CONTROL_MAX_AGE, HeaderValue::from_static("600"));
        }
    }
    response
}

/// One line per request: method, path (no query: it may carry tokens), status, time.
async fn log(request: Request, next: Next) -> Response {
    let (method, path) = (request.method().clone(), request.uri().path().to_owned());
    let started = Instant::now();
    let response = next.run(request).await;
    // A closed stderr (its reader gone) must not fail the request.
    let _ = writeln!(
        std::io::stderr(),
        "{method} {path} -> {} ({} ms)",
        response.status().as_u16(),
        started.elapsed().as_millis()
    );
    response
}
