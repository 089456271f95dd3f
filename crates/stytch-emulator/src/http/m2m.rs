//! M2M clients over the backend API (`/v1/m2m/clients`, Basic `project_id:secret`). Their
//! tokens come from the project's token endpoint (`grant_type=client_credentials`, in
//! [`super::idp`]); rules live in [`crate::domain::m2m`].

use std::sync::Arc;

use axum::Router;
use axum::extract::State;
use axum::response::Response;
use axum::routing::post;

use super::extract::{BackendCaller, JsonBody, Path};
use super::respond;
use crate::domain::connected_apps::RotationStep;
use crate::domain::m2m::{M2mClientSettings, M2mSearchRequest};
use crate::domain::{App, search};
use crate::error::ApiError;

type Result = std::result::Result<Response, ApiError>;

/// The routes, relative to `/v1`.
pub fn routes() -> Router<Arc<App>> {
    Router::new()
        .route("/m2m/clients", post(create))
        .route("/m2m/clients/search", post(search))
        .route(
            "/m2m/clients/{client_id}",
            axum::routing::get(get).put(update).delete(delete),
        )
        .route("/m2m/clients/{client_id}/secrets/rotate/start", post(rotate_start))
        .route("/m2m/clients/{client_id}/secrets/rotate/cancel", post(rotate_cancel))
        .route("/m2m/clients/{client_id}/secrets/rotate", post(rotate_complete))
}

async fn create(State(app): State<Arc<App>>, _: BackendCaller, JsonBody(body): JsonBody<M2mClientSettings>) -> Result {
    Ok(respond::flat(
        &app.with(|store, ctx| store.create_m2m_client(ctx, &body))?,
    ))
}

async fn search(State(app): State<Arc<App>>, _: BackendCaller, JsonBody(body): JsonBody<serde_json::Value>) -> Result {
    let body: M2mSearchRequest = search::read_body(body, search::M2M)?;
    Ok(respond::flat(&app.with(|store, _| store.search_m2m_clients(&body))?))
}

async fn get(State(app): State<Arc<App>>, _: BackendCaller, Path(client_id): Path<String>) -> Result {
    Ok(respond::flat(&app.with(|store, _| store.get_m2m_client(&client_id))?))
}

async fn update(
    State(app): State<Arc<App>>,
    _: BackendCaller,
    Path(client_id): Path<String>,
    JsonBody(body): JsonBody<M2mClientSettings>,
) -> Result {
    Ok(respond::flat(
        &app.with(|store, _| store.update_m2m_client(&client_id, &body))?,
    ))
}

async fn delete(State(app): State<Arc<App>>, _: BackendCaller, Path(client_id): Path<String>) -> Result {
    Ok(respond::flat(
        &app.with(|store, _| store.delete_m2m_client(&client_id))?,
    ))
}

fn rotate(app: &App, client_id: &str, step: RotationStep) -> Result {
    Ok(respond::flat(
        &app.with(|store, _| store.rotate_m2m_secret(client_id, step))?,
    ))
}

async fn rotate_start(State(app): State<Arc<App>>, _: BackendCaller, Path(client_id): Path<String>) -> Result {
    rotate(&app, &client_id, RotationStep::Start)
}

async fn rotate_cancel(State(app): State<Arc<App>>, _: BackendCaller, Path(client_id): Path<String>) -> Result {
    rotate(&app, &client_id, RotationStep::Cancel)
}

async fn rotate_complete(State(app): State<Arc<App>>, _: BackendCaller, Path(client_id): Path<String>) -> Result {
    rotate(&app, &client_id, RotationStep::Complete)
}
