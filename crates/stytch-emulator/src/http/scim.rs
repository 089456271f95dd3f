//! SCIM on every surface: the SDK's `scim.*` (`/sdk/v1/b2b/scim…`, RBAC on `stytch.scim`),
//! the backend's (`/v1/b2b/scim/{organization_id}/connection…`, with the acting member's RBAC
//! when a member-session header names one), and the SCIM protocol's `Users` and `Groups` at a
//! connection's `base_url` (`/v1/b2b/scim/{connection_id}/…`, the connection's bearer token),
//! which the organization's identity provider calls.

use std::collections::HashMap;
use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header, request::Parts};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use stytch_models::api::scim::{
    CreateScimConnectionRequest, ScimGroupsRequest, ScimRotateRequest, UpdateScimConnectionRequest,
};

use super::extract::{ActingMember, BackendCaller, JsonBody, Path, Query, SdkCaller, origin, required};
use super::respond;
use crate::domain::scim::{GroupPatch, ProtocolGroup, ProtocolUser, ScimFault, ScimResult, ScimUser, UserChanges};
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
            get(protocol_get_group)
                .patch(protocol_patch_group)
                .delete(protocol_remove_group)
                .fallback(protocol_method_not_allowed),
        )
        .route(
            "/scim/{organization_id}/Users",
            get(protocol_list_users)
                .post(protocol_create_user)
                .fallback(protocol_method_not_allowed),
        )
        .route(
            "/scim/{organization_id}/Users/{member_id}",
            get(protocol_get_user)
                .patch(protocol_update_user)
                .put(protocol_update_user)
                .delete(protocol_delete_user)
                .fallback(protocol_method_not_allowed),
        )
}

/// What updating a connection needs: `update` on `stytch.scim`, and to change its group role
/// assignments `update.settings.implicit-roles` on `stytch.organization` as well.
fn update_permissions(request: &UpdateScimConnectionRequest) -> &'static [(&'static str, &'static str)] {
    if request.scim_group_implicit_role_assignments.is_some() {
        &[
            ("stytch.scim", "update"),
            ("stytch.organization", crate::domain::rbac::IMPLICIT_ROLES),
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
    respond::sdk_permitted(&app, &caller, &[("stytch.scim", "create")], |store, ctx, org| {
        store.create_scim_connection(ctx, org, &origin, &body)
    })
}

async fn sdk_get(State(app): State<Arc<App>>, caller: SdkCaller) -> Result {
    respond::sdk_permitted(&app, &caller, &[("stytch.scim", "get")], |store, _, org| {
        store.scim_connection_of(org)
    })
}

async fn sdk_update(
    State(app): State<Arc<App>>,
    caller: SdkCaller,
    Path(connection_id): Path<String>,
    JsonBody(body): JsonBody<UpdateScimConnectionRequest>,
) -> Result {
    respond::sdk_permitted(&app, &caller, update_permissions(&body), |store, _, org| {
        store.update_scim_connection(org, &connection_id, &body)
    })
}

async fn sdk_delete(State(app): State<Arc<App>>, caller: SdkCaller, Path(connection_id): Path<String>) -> Result {
    respond::sdk_permitted(&app, &caller, &[("stytch.scim", "delete")], |store, _, org| {
        store.delete_scim_connection(org, &connection_id)
    })
}

async fn sdk_groups(
    State(app): State<Arc<App>>,
    caller: SdkCaller,
    JsonBody(body): JsonBody<ScimGroupsRequest>,
) -> Result {
    respond::sdk_permitted(&app, &caller, &[("stytch.scim", "get")], |store, _, org| {
        store.scim_groups(org, None, &body)
    })
}

async fn sdk_rotate_start(
    State(app): State<Arc<App>>,
    caller: SdkCaller,
    JsonBody(body): JsonBody<ScimRotateRequest>,
) -> Result {
    required(&body.connection_id, "connection_id")?;
    respond::sdk_permitted(&app, &caller, &[("stytch.scim", "update")], |store, ctx, org| {
        store.scim_rotate_start(ctx, org, &body.connection_id)
    })
}

async fn sdk_rotate_complete(
    State(app): State<Arc<App>>,
    caller: SdkCaller,
    JsonBody(body): JsonBody<ScimRotateRequest>,
) -> Result {
    required(&body.connection_id, "connection_id")?;
    respond::sdk_permitted(&app, &caller, &[("stytch.scim", "update")], |store, _, org| {
        store.scim_rotate_finish(org, &body.connection_id, true)
    })
}

async fn sdk_rotate_cancel(
    State(app): State<Arc<App>>,
    caller: SdkCaller,
    JsonBody(body): JsonBody<ScimRotateRequest>,
) -> Result {
    required(&body.connection_id, "connection_id")?;
    respond::sdk_permitted(&app, &caller, &[("stytch.scim", "update")], |store, _, org| {
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
    respond::backend_permitted(
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
    respond::backend_permitted(
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
    respond::backend_permitted(
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
    respond::backend_permitted(
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
    Query(query): Query<HashMap<String, String>>,
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
    respond::backend_permitted(
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
        "start" => respond::backend_permitted(&app, &acting, &organization_id, permissions, |store, ctx| {
            store.scim_rotate_start(ctx, &organization_id, &connection_id)
        }),
        "complete" | "cancel" => {
            respond::backend_permitted(&app, &acting, &organization_id, permissions, |store, _| {
                store.scim_rotate_finish(&organization_id, &connection_id, step == "complete")
            })
        }
        _ => Err(ApiError::new(
            404,
            stytch_models::ErrorType::RouteNotFound,
            "The requested route does not exist.",
        )),
    }
}

// The SCIM protocol (RFC 7644): users and groups, as identity providers send them.

const SCIM_ERROR: &str = "urn:ietf:params:scim:api:messages:2.0:Error";
const SCIM_GROUP: &str = "urn:ietf:params:scim:schemas:core:2.0:Group";
const SCIM_USER: &str = "urn:ietf:params:scim:schemas:core:2.0:User";
const SCIM_LIST: &str = "urn:ietf:params:scim:api:messages:2.0:ListResponse";

fn scim_json(status: StatusCode, body: &Value) -> Response {
    let mut response = (status, body.to_string()).into_response();
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static("application/scim+json"));
    response
}

fn scim_error(fault: &ScimFault) -> Response {
    let status = StatusCode::from_u16(fault.status).unwrap_or(StatusCode::BAD_REQUEST);
    let mut body = json!({ "schemas": [SCIM_ERROR], "status": fault.status.to_string(), "detail": fault.detail });
    if let Some(scim_type) = fault.scim_type {
        body["scimType"] = json!(scim_type);
    }
    scim_json(status, &body)
}

fn fault(status: u16, scim_type: Option<&'static str>, detail: &str) -> Response {
    scim_error(&bad(status, scim_type, detail))
}

fn bad(status: u16, scim_type: Option<&'static str>, detail: &str) -> ScimFault {
    ScimFault {
        status,
        scim_type,
        detail: detail.to_owned(),
    }
}

/// A ListResponse of one page: `startIndex` (1-based, default 1) and `count` (default every
/// resource) from the query, as RFC 7644 §3.4.2.4 pages.
fn list(resources: Vec<Value>, query: &ScimQuery) -> Response {
    let number = |key: &str| query.0.get(key).and_then(|v| v.trim().parse::<usize>().ok());
    let start = number("startIndex").unwrap_or(1).max(1);
    let count = number("count").unwrap_or(resources.len());
    let total = resources.len();
    let page: Vec<Value> = resources.into_iter().skip(start - 1).take(count).collect();
    scim_json(
        StatusCode::OK,
        &json!({
            "schemas": [SCIM_LIST],
            "totalResults": total,
            "startIndex": start,
            "itemsPerPage": page.len(),
            "Resources": page,
        }),
    )
}

fn group_resource(group: &ProtocolGroup) -> Value {
    json!({
        "schemas": [SCIM_GROUP],
        "id": group.id,
        "displayName": group.display_name,
        "members": group.members.iter().map(|m| json!({ "value": m })).collect::<Vec<_>>(),
        "meta": { "resourceType": "Group" },
    })
}

fn user_resource(user: &ProtocolUser) -> Value {
    let mut body = json!({
        "schemas": [SCIM_USER],
        "id": user.id,
        "userName": user.user_name,
        "name": { "formatted": user.name },
        "displayName": user.name,
        "emails": [{ "value": user.user_name, "primary": true }],
        "active": user.active,
        "meta": { "resourceType": "User" },
    });
    if let Some(external_id) = &user.external_id {
        body["externalId"] = json!(external_id);
    }
    body
}

async fn protocol_method_not_allowed() -> Response {
    fault(405, None, "This SCIM resource does not take this method.")
}

fn no_such_resource() -> Response {
    fault(404, None, "No SCIM resource at this path.")
}

/// What a SCIM protocol request names: the path's IDs (the connection's first) and the bearer
/// token, which must be the connection's before the body is read: 401 otherwise. A path that
/// does not decode names nothing: SCIM's 404, not Stytch's error shape.
struct Target<T> {
    path: T,
    token: String,
}

/// The path parameters of a protocol route, the connection's ID first.
trait ProtocolIds: DeserializeOwned + Send {
    fn connection_id(&self) -> &str;
}

impl ProtocolIds for String {
    fn connection_id(&self) -> &str {
        self
    }
}

impl ProtocolIds for (String, String) {
    fn connection_id(&self) -> &str {
        &self.0
    }
}

fn refused() -> Response {
    fault(
        401,
        None,
        "The bearer token is not this SCIM connection's (or has expired).",
    )
}

impl<T: ProtocolIds> FromRequestParts<Arc<App>> for Target<T> {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, app: &Arc<App>) -> std::result::Result<Self, Response> {
        let axum::extract::Path(path) = axum::extract::Path::<T>::from_request_parts(parts, app)
            .await
            .map_err(|_| no_such_resource())?;
        let token = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|h| h.to_str().ok())
            .and_then(|h| h.strip_prefix("Bearer "))
            .map(|t| t.trim().to_owned())
            .unwrap_or_default();
        let known = app.with(|store, ctx| store.scim_authorize(ctx, path.connection_id(), &token).is_some());
        if !known {
            return Err(refused());
        }
        Ok(Target { path, token })
    }
}

/// A JSON object body, or the protocol's `invalidSyntax`.
struct ScimBody(Value);

impl<S: Send + Sync> FromRequest<S> for ScimBody {
    type Rejection = Response;

    async fn from_request(request: Request, state: &S) -> std::result::Result<Self, Response> {
        let bytes = Bytes::from_request(request, state)
            .await
            .map_err(|_| fault(400, Some("invalidSyntax"), "The body could not be read."))?;
        serde_json::from_slice::<Value>(&bytes)
            .ok()
            .filter(Value::is_object)
            .map(ScimBody)
            .ok_or_else(|| fault(400, Some("invalidSyntax"), "The body is not a JSON object."))
    }
}

/// The query string, or the protocol's `invalidValue` when it does not decode.
struct ScimQuery(HashMap<String, String>);

impl<S: Send + Sync> FromRequestParts<S> for ScimQuery {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> std::result::Result<Self, Response> {
        axum::extract::Query::<HashMap<String, String>>::from_request_parts(parts, state)
            .await
            .map(|axum::extract::Query(query)| ScimQuery(query))
            .map_err(|_| fault(400, Some("invalidValue"), "The query string does not decode."))
    }
}

/// Runs `call` on the store once the bearer token is the connection's; answers 401
/// otherwise, in the protocol's error shape.
fn protocol<T>(
    app: &App,
    token: &str,
    connection_id: &str,
    call: impl FnOnce(&mut Store, &Ctx<'_>) -> ScimResult<T>,
    answer: impl FnOnce(T) -> Response,
) -> Response {
    let outcome = app.with(|store, ctx| {
        store
            .scim_authorize(ctx, connection_id, token)
            .map(|_| call(store, ctx))
    });
    match outcome {
        None => fault(
            401,
            None,
            "The bearer token is not this SCIM connection's (or has expired).",
        ),
        Some(Ok(value)) => answer(value),
        Some(Err(error)) => scim_error(&error),
    }
}

/// `true`, `false`, or the strings `"True"` / `"False"` some identity providers send.
fn boolean(value: &Value) -> Option<bool> {
    match value {
        Value::Bool(b) => Some(*b),
        Value::String(s) if s.eq_ignore_ascii_case("true") => Some(true),
        Value::String(s) if s.eq_ignore_ascii_case("false") => Some(false),
        _ => None,
    }
}

/// A user's display name: `name.formatted`, else given and family names, else `displayName`.
fn user_name_of(user: &Value) -> Option<String> {
    let name = &user["name"];
    if let Some(formatted) = name["formatted"].as_str().filter(|f| !f.trim().is_empty()) {
        return Some(formatted.trim().to_owned());
    }
    let parts: Vec<&str> = [name["givenName"].as_str(), name["familyName"].as_str()]
        .into_iter()
        .flatten()
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    if !parts.is_empty() {
        return Some(parts.join(" "));
    }
    user["displayName"].as_str().map(|d| d.trim().to_owned())
}

/// The primary address of a SCIM `emails` list (else its first).
fn primary_email(emails: &Value) -> Option<&str> {
    emails.as_array().and_then(|emails| {
        emails
            .iter()
            .find(|e| e["primary"].as_bool() == Some(true))
            .or_else(|| emails.first())
            .and_then(|e| e["value"].as_str())
    })
}

fn scim_user(body: &Value) -> ScimUser {
    let user_name = body["userName"].as_str().unwrap_or_default();
    let primary = primary_email(&body["emails"]);
    let email = if user_name.contains('@') {
        Some(user_name)
    } else {
        primary
    };
    ScimUser {
        email: email.unwrap_or(user_name).to_owned(),
        name: user_name_of(body).unwrap_or_default(),
        external_id: body["externalId"].as_str().map(str::to_owned),
        active: body.get("active").and_then(boolean).unwrap_or(true),
    }
}

/// The `Operations` of a PATCH (RFC 7644 §3.5.2), `op` in any case.
fn operations(body: &Value) -> ScimResult<Vec<(String, Option<String>, Value)>> {
    let Some(operations) = body["Operations"].as_array() else {
        return Err(bad(400, Some("invalidSyntax"), "A PATCH carries Operations."));
    };
    operations
        .iter()
        .map(|o| {
            let op = o["op"].as_str().map(str::to_ascii_lowercase);
            match op.as_deref() {
                Some("add" | "remove" | "replace") => Ok((
                    op.unwrap_or_default(),
                    o["path"].as_str().map(str::to_owned),
                    o.get("value").cloned().unwrap_or(Value::Null),
                )),
                _ => Err(bad(
                    400,
                    Some("invalidSyntax"),
                    "Each operation's op is add, remove or replace.",
                )),
            }
        })
        .collect()
}

fn user_changes(body: &Value) -> ScimResult<UserChanges> {
    let mut changes = UserChanges::default();
    for (_, path, value) in operations(body)? {
        match path.as_deref() {
            Some("active") => changes.active = boolean(&value),
            Some("displayName" | "name.formatted") => changes.name = value.as_str().map(str::to_owned),
            Some("userName") => changes.email = value.as_str().filter(|v| v.contains('@')).map(str::to_owned),
            // `emails[type eq "work"].value` (Entra) or the whole list.
            Some(path) if path.starts_with("emails") => {
                changes.email = match &value {
                    Value::String(address) => Some(address.clone()),
                    list => primary_email(list).map(str::to_owned),
                };
            }
            Some(_) => {}
            None => {
                if let Some(active) = value.get("active").and_then(boolean) {
                    changes.active = Some(active);
                }
                if let Some(name) = user_name_of(&value) {
                    changes.name = Some(name);
                }
                if value.get("userName").is_some() || value.get("emails").is_some() {
                    changes.email = Some(scim_user(&value).email).filter(|e| !e.is_empty());
                }
            }
        }
    }
    Ok(changes)
}

fn member_values(value: &Value) -> Vec<String> {
    value
        .as_array()
        .map(|members| {
            members
                .iter()
                .filter_map(|m| m["value"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

fn group_patch(body: &Value) -> ScimResult<GroupPatch> {
    let mut patch = GroupPatch::default();
    for (op, path, value) in operations(body)? {
        match (op.as_str(), path.as_deref()) {
            ("add", Some("members")) => patch.add.extend(member_values(&value)),
            ("remove", Some("members")) if value.is_null() => patch.remove_all = true,
            ("remove", Some("members")) => patch.remove.extend(member_values(&value)),
            ("remove", Some(filter)) if filter.starts_with("members[") => {
                // members[value eq "ID"]
                if let Some(id) = filter.split('"').nth(1) {
                    patch.remove.push(id.to_owned());
                }
            }
            ("replace", Some("members")) => {
                patch.remove_all = true;
                patch.add.extend(member_values(&value));
            }
            ("replace", Some("displayName")) => patch.rename = value.as_str().map(str::to_owned),
            ("replace" | "add", None) => {
                if let Some(name) = value["displayName"].as_str() {
                    patch.rename = Some(name.to_owned());
                }
                if let Some(members) = value.get("members") {
                    patch.remove_all |= op == "replace";
                    patch.add.extend(member_values(members));
                }
            }
            _ => {}
        }
    }
    Ok(patch)
}

/// `filter=<attribute> eq "…"`: how identity providers look a user up by `userName`, or a
/// group by `displayName`, before creating it. Other filters are `invalidFilter`.
fn eq_filter(query: &ScimQuery, attribute: &str) -> ScimResult<Option<String>> {
    let Some(filter) = query.0.get("filter").filter(|f| !f.trim().is_empty()) else {
        return Ok(None);
    };
    let mut words = filter.trim().splitn(3, ' ');
    match (words.next(), words.next().map(str::to_ascii_lowercase), words.next()) {
        (Some(name), Some(op), Some(value)) if name.eq_ignore_ascii_case(attribute) && op == "eq" => {
            Ok(Some(value.trim().trim_matches('"').to_owned()))
        }
        _ => Err(bad(
            400,
            Some("invalidFilter"),
            &format!("Only {attribute} eq \"…\" filters are supported here."),
        )),
    }
}

async fn protocol_list_groups(State(app): State<Arc<App>>, target: Target<String>, query: ScimQuery) -> Response {
    let id = &target.path;
    let name = match eq_filter(&query, "displayName") {
        Ok(name) => name,
        Err(error) => return scim_error(&error),
    };
    protocol(
        &app,
        &target.token,
        id,
        |store, _| store.scim_protocol_groups(id),
        |groups| {
            let named = groups
                .iter()
                .filter(|g| {
                    name.as_deref()
                        .is_none_or(|n| g.display_name.eq_ignore_ascii_case(n.trim()))
                })
                .map(group_resource)
                .collect();
            list(named, &query)
        },
    )
}

async fn protocol_push_group(
    State(app): State<Arc<App>>,
    target: Target<String>,
    ScimBody(body): ScimBody,
) -> Response {
    let id = &target.path;
    let name = body["displayName"].as_str().unwrap_or_default();
    let members = member_values(&body["members"]);
    protocol(
        &app,
        &target.token,
        id,
        |store, _| store.scim_push_group(id, name, &members),
        |group| scim_json(StatusCode::CREATED, &group_resource(&group)),
    )
}

async fn protocol_get_group(State(app): State<Arc<App>>, target: Target<(String, String)>) -> Response {
    let (id, group_id) = &target.path;
    protocol(
        &app,
        &target.token,
        id,
        |store, _| store.scim_protocol_groups(id),
        |groups| match groups.iter().find(|g| g.id == *group_id) {
            Some(group) => scim_json(StatusCode::OK, &group_resource(group)),
            None => no_such_resource(),
        },
    )
}

async fn protocol_patch_group(
    State(app): State<Arc<App>>,
    target: Target<(String, String)>,
    ScimBody(body): ScimBody,
) -> Response {
    let (id, group_id) = &target.path;
    let patch = match group_patch(&body) {
        Ok(patch) => patch,
        Err(error) => return scim_error(&error),
    };
    protocol(
        &app,
        &target.token,
        id,
        |store, _| store.scim_patch_group(id, group_id, &patch),
        |group| scim_json(StatusCode::OK, &group_resource(&group)),
    )
}

async fn protocol_remove_group(State(app): State<Arc<App>>, target: Target<(String, String)>) -> Response {
    let (id, group_id) = &target.path;
    protocol(
        &app,
        &target.token,
        id,
        |store, _| store.scim_remove_group(id, group_id),
        |()| StatusCode::NO_CONTENT.into_response(),
    )
}

async fn protocol_list_users(State(app): State<Arc<App>>, target: Target<String>, query: ScimQuery) -> Response {
    let id = &target.path;
    let user_name = match eq_filter(&query, "userName") {
        Ok(user_name) => user_name,
        Err(error) => return scim_error(&error),
    };
    protocol(
        &app,
        &target.token,
        id,
        |store, _| store.scim_users(id, user_name.as_deref()),
        |users| list(users.iter().map(user_resource).collect(), &query),
    )
}

async fn protocol_create_user(
    State(app): State<Arc<App>>,
    target: Target<String>,
    ScimBody(body): ScimBody,
) -> Response {
    let id = &target.path;
    let user = scim_user(&body);
    protocol(
        &app,
        &target.token,
        id,
        |store, ctx| store.scim_create_user(ctx, id, &user),
        |user| scim_json(StatusCode::CREATED, &user_resource(&user)),
    )
}

async fn protocol_get_user(State(app): State<Arc<App>>, target: Target<(String, String)>) -> Response {
    let (id, member_id) = &target.path;
    protocol(
        &app,
        &target.token,
        id,
        |store, _| store.scim_user(id, member_id),
        |user| scim_json(StatusCode::OK, &user_resource(&user)),
    )
}

/// `PATCH` (operations) or `PUT` (the whole user) of a user.
async fn protocol_update_user(
    State(app): State<Arc<App>>,
    method: axum::http::Method,
    target: Target<(String, String)>,
    ScimBody(body): ScimBody,
) -> Response {
    let (id, member_id) = &target.path;
    let changes = if method == axum::http::Method::PATCH {
        match user_changes(&body) {
            Ok(changes) => changes,
            Err(error) => return scim_error(&error),
        }
    } else {
        let user = scim_user(&body);
        UserChanges {
            active: Some(user.active),
            name: Some(user.name),
            email: Some(user.email).filter(|e| !e.is_empty()),
        }
    };
    protocol(
        &app,
        &target.token,
        id,
        |store, ctx| store.scim_update_user(ctx, id, member_id, &changes),
        |user| scim_json(StatusCode::OK, &user_resource(&user)),
    )
}

async fn protocol_delete_user(State(app): State<Arc<App>>, target: Target<(String, String)>) -> Response {
    let (id, member_id) = &target.path;
    protocol(
        &app,
        &target.token,
        id,
        |store, ctx| store.scim_delete_user(ctx, id, member_id),
        |()| StatusCode::NO_CONTENT.into_response(),
    )
}
