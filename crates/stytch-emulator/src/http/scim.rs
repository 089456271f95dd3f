//! SCIM on every surface: the SDK's `scim.*` (`/sdk/v1/b2b/scim…`, RBAC on `stytch.scim`),
//! the backend's (`/v1/b2b/scim/{organization_id}/connection…`, with the acting member's RBAC
//! when a member-session header names one), and the SCIM protocol's `Groups` resource at a
//! connection's `base_url` (`/v1/b2b/scim/{connection_id}/Groups`, the connection's bearer
//! token), which the organization's identity provider calls.

use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use serde_json::{Value, json};
use stytch_models::api::scim::{
    CreateScimConnectionRequest, ScimGroupsRequest, ScimRotateRequest, UpdateScimConnectionRequest,
};

use super::extract::{ActingMember, BackendCaller, JsonBody, Path, Query, SdkCaller, required};
use super::respond;
use crate::domain::scim::ProtocolGroup;
use crate::domain::{App, Ctx, store::Store};
use crate::error::ApiError;

type Result = std::result::Result<Response, ApiError>;

/// The SDK's routes, relative to `/sdk/v1`.
pub fn sdk_routes() -> Router<Arc<App>> {
    Router::new()
        .route("/b2b/scim", post(sdk_create).get(sdk_get))
        .route("/b2b/scim/groups", post(sdk_groups))
        .route("/b2b/scim/rotate/start", post(sdk_rotate_start))
        .route("/b2b/scim/rotate/complete", post(sdk_rotate_complete))
        .route("/b2b/scim/rotate/cancel", post(sdk_rotate_cancel))
        .route("/b2b/scim/{connection_id}", put(sdk_update).delete(sdk_delete))
}

/// The backend's routes and the SCIM protocol's, relative to `/v1/b2b`. Both start
/// `/scim/{id}/`: the backend's ID is an organization's, the protocol's a connection's (the
/// router needs one name for the segment).
pub fn backend_routes() -> Router<Arc<App>> {
    Router::new()
        .route(
            "/scim/{organization_id}/connection",
            post(backend_create).get(backend_get),
        )
        .route(
            "/scim/{organization_id}/connection/{connection_id}",
            put(backend_update).delete(backend_delete).get(backend_groups),
        )
        .route(
            "/scim/{organization_id}/connection/{connection_id}/rotate/{step}",
            post(backend_rotate),
        )
        .route(
            "/scim/{organization_id}/Groups",
            get(protocol_list_groups)
                .post(protocol_push_group)
                .fallback(protocol_method_not_allowed),
        )
        .route(
            "/scim/{organization_id}/Groups/{group_id}",
            axum::routing::delete(protocol_remove_group).fallback(protocol_method_not_allowed),
        )
}

/// Where the caller reached the emulator, for a new connection's `base_url`.
fn origin(headers: &HeaderMap) -> String {
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| !h.is_empty())
        .unwrap_or("localhost");
    format!("http://{host}")
}

/// Runs `call` for the SDK caller's organization once its session holds every permission.
fn sdk_call<R: serde::Serialize>(
    app: &App,
    caller: &SdkCaller,
    permissions: &[(&str, &str)],
    call: impl FnOnce(&mut Store, &Ctx<'_>, &str) -> std::result::Result<R, ApiError>,
) -> Result {
    let credential = caller.session()?;
    let response = app.with(|store, ctx| {
        let session = store.permitted_session(ctx, &credential, permissions)?;
        call(store, ctx, &session.organization_id)
    })?;
    Ok(respond::sdk(&response))
}

/// Runs `call` for a backend caller, after the acting member's check (if any).
fn backend_call<R: serde::Serialize>(
    app: &App,
    acting: &ActingMember,
    organization_id: &str,
    permissions: &[(&str, &str)],
    call: impl FnOnce(&mut Store, &Ctx<'_>) -> std::result::Result<R, ApiError>,
) -> Result {
    Ok(respond::flat(&app.with(|store, ctx| {
        acting.enforce(store, ctx, &[organization_id], permissions)?;
        call(store, ctx)
    })?))
}

/// What updating a connection needs: `update` on `stytch.scim`, and to change its group role
/// assignments `update.settings.implicit-roles` on `stytch.organization` as well.
fn update_permissions(request: &UpdateScimConnectionRequest) -> &'static [(&'static str, &'static str)] {
    if request.scim_group_implicit_role_assignments.is_some() {
        &[
            ("stytch.scim", "update"),
            ("stytch.organization", "update.settings.implicit-roles"),
        ]
    } else {
        &[("stytch.scim", "update")]
    }
}

async fn sdk_create(
    State(app): State<Arc<App>>,
    caller: SdkCaller,
    headers: HeaderMap,
    JsonBody(body): JsonBody<CreateScimConnectionRequest>,
) -> Result {
    let origin = origin(&headers);
    sdk_call(&app, &caller, &[("stytch.scim", "create")], |store, ctx, org| {
        store.create_scim_connection(ctx, org, &origin, &body)
    })
}

async fn sdk_get(State(app): State<Arc<App>>, caller: SdkCaller) -> Result {
    sdk_call(&app, &caller, &[("stytch.scim", "get")], |store, _, org| {
        store.scim_connection_of(org)
    })
}

async fn sdk_update(
    State(app): State<Arc<App>>,
    caller: SdkCaller,
    Path(connection_id): Path<String>,
    JsonBody(body): JsonBody<UpdateScimConnectionRequest>,
) -> Result {
    sdk_call(&app, &caller, update_permissions(&body), |store, _, org| {
        store.update_scim_connection(org, &connection_id, &body)
    })
}

async fn sdk_delete(State(app): State<Arc<App>>, caller: SdkCaller, Path(connection_id): Path<String>) -> Result {
    sdk_call(&app, &caller, &[("stytch.scim", "delete")], |store, _, org| {
        store.delete_scim_connection(org, &connection_id)
    })
}

async fn sdk_groups(
    State(app): State<Arc<App>>,
    caller: SdkCaller,
    JsonBody(body): JsonBody<ScimGroupsRequest>,
) -> Result {
    sdk_call(&app, &caller, &[("stytch.scim", "get")], |store, _, org| {
        store.scim_groups(org, None, &body)
    })
}

async fn sdk_rotate_start(
    State(app): State<Arc<App>>,
    caller: SdkCaller,
    JsonBody(body): JsonBody<ScimRotateRequest>,
) -> Result {
    required(&body.connection_id, "connection_id")?;
    sdk_call(&app, &caller, &[("stytch.scim", "update")], |store, ctx, org| {
        store.scim_rotate_start(ctx, org, &body.connection_id)
    })
}

async fn sdk_rotate_complete(
    State(app): State<Arc<App>>,
    caller: SdkCaller,
    JsonBody(body): JsonBody<ScimRotateRequest>,
) -> Result {
    required(&body.connection_id, "connection_id")?;
    sdk_call(&app, &caller, &[("stytch.scim", "update")], |store, _, org| {
        store.scim_rotate_finish(org, &body.connection_id, true)
    })
}

async fn sdk_rotate_cancel(
    State(app): State<Arc<App>>,
    caller: SdkCaller,
    JsonBody(body): JsonBody<ScimRotateRequest>,
) -> Result {
    required(&body.connection_id, "connection_id")?;
    sdk_call(&app, &caller, &[("stytch.scim", "update")], |store, _, org| {
        store.scim_rotate_finish(org, &body.connection_id, false)
    })
}

async fn backend_create(
    State(app): State<Arc<App>>,
    _: BackendCaller,
    acting: ActingMember,
    headers: HeaderMap,
    Path(organization_id): Path<String>,
    JsonBody(body): JsonBody<CreateScimConnectionRequest>,
) -> Result {
    let origin = origin(&headers);
    backend_call(
        &app,
        &acting,
        &organization_id,
        &[("stytch.scim", "create")],
        |store, ctx| store.create_scim_connection(ctx, &organization_id, &origin, &body),
    )
}

async fn backend_get(
    State(app): State<Arc<App>>,
    _: BackendCaller,
    acting: ActingMember,
    Path(organization_id): Path<String>,
) -> Result {
    backend_call(
        &app,
        &acting,
        &organization_id,
        &[("stytch.scim", "get")],
        |store, _| store.scim_connection_of(&organization_id),
    )
}

async fn backend_update(
    State(app): State<Arc<App>>,
    _: BackendCaller,
    acting: ActingMember,
    Path((organization_id, connection_id)): Path<(String, String)>,
    JsonBody(body): JsonBody<UpdateScimConnectionRequest>,
) -> Result {
    backend_call(
        &app,
        &acting,
        &organization_id,
        update_permissions(&body),
        |store, _| store.update_scim_connection(&organization_id, &connection_id, &body),
    )
}

async fn backend_delete(
    State(app): State<Arc<App>>,
    _: BackendCaller,
    acting: ActingMember,
    Path((organization_id, connection_id)): Path<(String, String)>,
) -> Result {
    backend_call(
        &app,
        &acting,
        &organization_id,
        &[("stytch.scim", "delete")],
        |store, _| store.delete_scim_connection(&organization_id, &connection_id),
    )
}

/// The backend's `connection.getGroups` (`?cursor=&limit=`).
async fn backend_groups(
    State(app): State<Arc<App>>,
    _: BackendCaller,
    acting: ActingMember,
    Path((organization_id, connection_id)): Path<(String, String)>,
    Query(query): Query<std::collections::HashMap<String, String>>,
) -> Result {
    let limit = match query.get("limit").filter(|l| !l.is_empty()) {
        None => None,
        Some(l) => Some(
            l.parse::<u32>()
                .map_err(|_| ApiError::bad_request("limit must be a number between 1 and 1000."))?,
        ),
    };
    let request = ScimGroupsRequest {
        limit,
        cursor: query.get("cursor").cloned(),
    };
    backend_call(
        &app,
        &acting,
        &organization_id,
        &[("stytch.scim", "get")],
        |store, _| store.scim_groups(&organization_id, Some(&connection_id), &request),
    )
}

async fn backend_rotate(
    State(app): State<Arc<App>>,
    _: BackendCaller,
    acting: ActingMember,
    Path((organization_id, connection_id, step)): Path<(String, String, String)>,
) -> Result {
    let permissions = &[("stytch.scim", "update")];
    match step.as_str() {
        "start" => backend_call(&app, &acting, &organization_id, permissions, |store, ctx| {
            store.scim_rotate_start(ctx, &organization_id, &connection_id)
        }),
        "complete" | "cancel" => backend_call(&app, &acting, &organization_id, permissions, |store, _| {
            store.scim_rotate_finish(&organization_id, &connection_id, step == "complete")
        }),
        _ => Err(ApiError::new(
            404,
            stytch_models::ErrorType::RouteNotFound,
            "The requested route does not exist.",
        )),
    }
}

// The SCIM protocol (RFC 7644), as much of it as groups need.

const SCIM_ERROR: &str = "urn:ietf:params:scim:api:messages:2.0:Error";
const SCIM_GROUP: &str = "urn:ietf:params:scim:schemas:core:2.0:Group";
const SCIM_LIST: &str = "urn:ietf:params:scim:api:messages:2.0:ListResponse";

fn scim_json(status: StatusCode, body: &Value) -> Response {
    let mut response = (status, body.to_string()).into_response();
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static("application/scim+json"));
    response
}

fn scim_error(status: StatusCode, scim_type: Option<&str>, detail: &str) -> Response {
    let mut body = json!({ "schemas": [SCIM_ERROR], "status": status.as_u16().to_string(), "detail": detail });
    if let Some(scim_type) = scim_type {
        body["scimType"] = json!(scim_type);
    }
    scim_json(status, &body)
}

fn refused() -> Response {
    scim_error(
        StatusCode::UNAUTHORIZED,
        None,
        "The bearer token is not this SCIM connection's (or has expired).",
    )
}

fn bearer(headers: &HeaderMap) -> String {
    headers
        .get(header::AUTHORIZATION)
        .and_then(|h| h.to_str().ok())
        .and_then(|h| h.strip_prefix("Bearer "))
        .map(|t| t.trim().to_owned())
        .unwrap_or_default()
}

fn group_resource(group: &ProtocolGroup) -> Value {
    json!({
        "schemas": [SCIM_GROUP],
        "id": group.id,
        "displayName": group.display_name,
        "members": [],
        "meta": { "resourceType": "Group" },
    })
}

/// A path that does not decode names no connection: SCIM's 404, not Stytch's error shape.
type ProtocolPath<T> = std::result::Result<axum::extract::Path<T>, axum::extract::rejection::PathRejection>;

async fn protocol_method_not_allowed() -> Response {
    scim_error(
        StatusCode::METHOD_NOT_ALLOWED,
        None,
        "This SCIM resource does not take this method.",
    )
}

fn no_such_resource() -> Response {
    scim_error(StatusCode::NOT_FOUND, None, "No SCIM resource at this path.")
}

async fn protocol_list_groups(State(app): State<Arc<App>>, headers: HeaderMap, path: ProtocolPath<String>) -> Response {
    let Ok(axum::extract::Path(connection_id)) = path else {
        return no_such_resource();
    };
    let token = bearer(&headers);
    match app.with(|store, ctx| store.scim_protocol_groups(ctx, &connection_id, &token)) {
        None => refused(),
        Some(groups) => scim_json(
            StatusCode::OK,
            &json!({
                "schemas": [SCIM_LIST],
                "totalResults": groups.len(),
                "startIndex": 1,
                "itemsPerPage": groups.len(),
                "Resources": groups.iter().map(group_resource).collect::<Vec<_>>(),
            }),
        ),
    }
}

async fn protocol_push_group(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    path: ProtocolPath<String>,
    body: Bytes,
) -> Response {
    let Ok(axum::extract::Path(connection_id)) = path else {
        return no_such_resource();
    };
    let token = bearer(&headers);
    let Ok(body) = serde_json::from_slice::<Value>(&body) else {
        return scim_error(StatusCode::BAD_REQUEST, Some("invalidSyntax"), "The body is not JSON.");
    };
    let name = body.get("displayName").and_then(Value::as_str).unwrap_or_default();
    match app.with(|store, ctx| store.scim_push_group(ctx, &connection_id, &token, name)) {
        None => refused(),
        Some(Ok(group)) => scim_json(StatusCode::CREATED, &group_resource(&group)),
        Some(Err("uniqueness")) => scim_error(
            StatusCode::CONFLICT,
            Some("uniqueness"),
            "The connection already has a group of this displayName.",
        ),
        Some(Err(scim_type)) => scim_error(StatusCode::BAD_REQUEST, Some(scim_type), "displayName is required."),
    }
}

async fn protocol_remove_group(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    path: ProtocolPath<(String, String)>,
) -> Response {
    let Ok(axum::extract::Path((connection_id, group_id))) = path else {
        return no_such_resource();
    };
    let token = bearer(&headers);
    match app.with(|store, ctx| store.scim_remove_group(ctx, &connection_id, &token, &group_id)) {
        None => refused(),
        Some(true) => StatusCode::NO_CONTENT.into_response(),
        Some(false) => no_such_resource(),
    }
}
