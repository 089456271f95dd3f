//! SCIM connections: how an organization's identity provider provisions it. An organization
//! has at most one; it is `active` from its creation and listed in the organization's
//! `scim_active_connection`. The identity provider calls the connection's `base_url` with its
//! bearer token; the emulator serves the SCIM `Groups` resource there, so groups can be pushed
//! and then given roles.
//!
//! Rules (the Stytch docs and error list name them; the details marked inferred are ours):
//! - A second connection is `active_scim_connection_exists`; an identity provider outside
//!   Stytch's list is `invalid_scim_idp`; the default is `generic`.
//! - A connection ID that is not the organization's connection, or an organization without
//!   one, is `no_active_scim_connection` (404, inferred: Stytch's list has no
//!   `scim_connection_not_found`).
//! - Tokens are 48 characters and expire a year after they are issued (inferred from Stytch's
//!   own fixtures). A rotation issues the next token beside the current one; both work until
//!   it completes (the current one is replaced) or is cancelled (the next one is dropped).
//!   Completing or cancelling without a rotation is `scim_connection_not_rotating_token`;
//!   starting again replaces the next token (inferred: the error list has no "already
//!   rotating" name for SCIM).
//! - A group role assignment needs a `group_id` (`scim_group_role_assignment_does_not_contain_group_id`)
//!   naming a group the provider pushed (`scim_group_role_assignment_group_does_not_exist`).

use rand::RngCore;
use serde_json::json;
use stytch_models::api::scim::{
    CreateScimConnectionRequest, CreateScimConnectionResponse, DeleteScimConnectionResponse, ScimConnection,
    ScimConnectionResponse, ScimConnectionWithNextToken, ScimConnectionWithToken, ScimGroup, ScimGroupRoleAssignment,
    ScimGroupsRequest, ScimGroupsResponse, ScimRotateStartResponse, UpdateScimConnectionRequest,
};
use stytch_models::{ErrorType, time::format_rfc3339};

use super::store::Store;
use super::{Ctx, ids};
use crate::error::{ApiError, ApiResult};

/// The identity providers Stytch's SCIM connections know.
const IDENTITY_PROVIDERS: [&str; 8] = [
    "generic",
    "okta",
    "microsoft-entra",
    "cyberark",
    "jumpcloud",
    "onelogin",
    "pingfederate",
    "rippling",
];

/// A bearer token's lifetime.
const TOKEN_LIFETIME_MS: i64 = 365 * 24 * 3_600_000;

/// Groups per page when the request names no limit.
const DEFAULT_PAGE: usize = 1000;

/// A stored connection: what Stytch shows, the tokens, and the groups pushed through it.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct ScimConnectionRecord {
    connection: ScimConnection,
    bearer_token: String,
    next_bearer_token: Option<String>,
    groups: Vec<ScimGroup>,
    /// Expiry of each token, Unix ms.
    bearer_token_expires_ms: i64,
    next_bearer_token_expires_ms: i64,
}

/// A SCIM group as the SCIM protocol shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct ProtocolGroup {
    /// Group ID.
    pub id: String,
    /// Its name.
    pub display_name: String,
}

fn not_found() -> ApiError {
    ApiError::new(
        404,
        ErrorType::Unknown("no_active_scim_connection".into()),
        "The organization has no active SCIM connection with this ID.",
    )
}

/// 48 characters of `[A-Za-z0-9]`, as Stytch's tokens look.
fn new_bearer_token() -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    let mut bytes = [0u8; 48];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    // 62 does not divide 256; the bias (under 2%) does not matter for a local emulator.
    bytes
        .iter()
        .map(|b| ALPHABET[usize::from(*b) % ALPHABET.len()] as char)
        .collect()
}

fn last_four(token: &str) -> String {
    token[token.len().saturating_sub(4)..].to_owned()
}

fn identity_provider(given: Option<&str>) -> ApiResult<Option<String>> {
    let Some(given) = given.map(str::trim) else {
        return Ok(None);
    };
    if given.is_empty() {
        return Ok(Some("generic".into()));
    }
    if !IDENTITY_PROVIDERS.contains(&given) {
        return Err(ApiError::new(
            400,
            ErrorType::Unknown("invalid_scim_idp".into()),
            format!("identity_provider must be one of: {}.", IDENTITY_PROVIDERS.join(", ")),
        ));
    }
    Ok(Some(given.to_owned()))
}

impl ScimConnectionRecord {
    /// Its organization.
    pub(crate) fn organization_id(&self) -> &str {
        &self.connection.organization_id
    }

    fn with_token(&self) -> ScimConnectionWithToken {
        let c = &self.connection;
        ScimConnectionWithToken {
            organization_id: c.organization_id.clone(),
            connection_id: c.connection_id.clone(),
            status: c.status.clone(),
            display_name: c.display_name.clone(),
            identity_provider: c.identity_provider.clone(),
            base_url: c.base_url.clone(),
            bearer_token: self.bearer_token.clone(),
            bearer_token_expires_at: c.bearer_token_expires_at.clone(),
            scim_group_implicit_role_assignments: c.scim_group_implicit_role_assignments.clone(),
        }
    }

    /// Whether `token` is a live token of this connection.
    fn accepts(&self, token: &str, now: i64) -> bool {
        (self.bearer_token == token && now < self.bearer_token_expires_ms)
            || (self.next_bearer_token.as_deref() == Some(token) && now < self.next_bearer_token_expires_ms)
    }
}

fn connection_response(connection: ScimConnection) -> ScimConnectionResponse {
    ScimConnectionResponse {
        request_id: ids::request_id(),
        status_code: 200,
        connection: Some(connection),
    }
}

impl Store {
    fn scim_record(&self, organization_id: &str, connection_id: &str) -> ApiResult<&ScimConnectionRecord> {
        self.scim_connections
            .iter()
            .find(|r| r.connection.organization_id == organization_id && r.connection.connection_id == connection_id)
            .ok_or_else(not_found)
    }

    fn scim_record_mut(&mut self, organization_id: &str, connection_id: &str) -> ApiResult<&mut ScimConnectionRecord> {
        self.scim_connections
            .iter_mut()
            .find(|r| r.connection.organization_id == organization_id && r.connection.connection_id == connection_id)
            .ok_or_else(not_found)
    }

    /// Brings the organization's `scim_active_connection` up to date.
    fn refresh_scim(&mut self, organization_id: &str) {
        let active = self
            .scim_connections
            .iter()
            .find(|r| r.connection.organization_id == organization_id)
            .map(|r| {
                json!({
                    "connection_id": r.connection.connection_id,
                    "display_name": r.connection.display_name,
                    "bearer_token_last_four": r.connection.bearer_token_last_four,
                    "bearer_token_expires_at": r.connection.bearer_token_expires_at,
                })
            });
        if let Some(organization) = self
            .organizations
            .iter_mut()
            .find(|o| o.organization_id == organization_id)
        {
            organization.scim_active_connection = active;
        }
    }

    /// `POST scim`: the organization's connection and its token, shown this once. `origin` is
    /// where the emulator was reached, for the connection's `base_url`.
    pub(crate) fn create_scim_connection(
        &mut self,
        ctx: &Ctx<'_>,
        organization_id: &str,
        origin: &str,
        request: &CreateScimConnectionRequest,
    ) -> ApiResult<CreateScimConnectionResponse> {
        let organization_id = self.organization(organization_id)?.organization_id.clone();
        if self
            .scim_connections
            .iter()
            .any(|r| r.connection.organization_id == organization_id)
        {
            return Err(ApiError::new(
                400,
                ErrorType::Unknown("active_scim_connection_exists".into()),
                "The organization already has a SCIM connection; delete it first.",
            ));
        }
        let identity_provider =
            identity_provider(request.identity_provider.as_deref())?.unwrap_or_else(|| "generic".into());
        let connection_id = ids::new_id("scim-connection");
        let bearer_token = new_bearer_token();
        let expires_ms = ctx.now + TOKEN_LIFETIME_MS;
        let record = ScimConnectionRecord {
            connection: ScimConnection {
                organization_id: organization_id.clone(),
                base_url: format!("{}/v1/b2b/scim/{connection_id}", origin.trim_end_matches('/')),
                connection_id,
                status: "active".into(),
                display_name: request.display_name.as_deref().unwrap_or_default().trim().to_owned(),
                identity_provider,
                bearer_token_last_four: last_four(&bearer_token),
                bearer_token_expires_at: format_rfc3339(expires_ms),
                ..Default::default()
            },
            bearer_token,
            next_bearer_token: None,
            groups: Vec::new(),
            bearer_token_expires_ms: expires_ms,
            next_bearer_token_expires_ms: 0,
        };
        let connection = record.with_token();
        self.scim_connections.push(record);
        self.refresh_scim(&organization_id);
        Ok(CreateScimConnectionResponse {
            request_id: ids::request_id(),
            status_code: 200,
            connection: Some(connection),
        })
    }

    /// `GET scim`: the organization's connection.
    pub(crate) fn scim_connection_of(&self, organization_id: &str) -> ApiResult<ScimConnectionResponse> {
        let organization_id = &self.organization(organization_id)?.organization_id;
        let record = self
            .scim_connections
            .iter()
            .find(|r| &r.connection.organization_id == organization_id)
            .ok_or_else(not_found)?;
        Ok(connection_response(record.connection.clone()))
    }

    /// `PUT scim/{connection_id}`: fields left out stay; role assignments replace the current
    /// ones and must name groups the identity provider pushed.
    pub(crate) fn update_scim_connection(
        &mut self,
        organization_id: &str,
        connection_id: &str,
        request: &UpdateScimConnectionRequest,
    ) -> ApiResult<ScimConnectionResponse> {
        let organization_id = self.organization(organization_id)?.organization_id.clone();
        let provider = identity_provider(request.identity_provider.as_deref())?;
        let record = self.scim_record_mut(&organization_id, connection_id)?;
        let assignments = match &request.scim_group_implicit_role_assignments {
            Some(given) => Some(group_assignments(&record.groups, given)?),
            None => None,
        };
        if let Some(name) = &request.display_name {
            name.trim().clone_into(&mut record.connection.display_name);
        }
        if let Some(provider) = provider {
            record.connection.identity_provider = provider;
        }
        if let Some(assignments) = assignments {
            record.connection.scim_group_implicit_role_assignments = assignments;
        }
        let connection = record.connection.clone();
        self.refresh_scim(&organization_id);
        Ok(connection_response(connection))
    }

    /// `DELETE scim/{connection_id}`: its tokens stop working and its groups go with it.
    pub(crate) fn delete_scim_connection(
        &mut self,
        organization_id: &str,
        connection_id: &str,
    ) -> ApiResult<DeleteScimConnectionResponse> {
        let organization_id = self.organization(organization_id)?.organization_id.clone();
        self.scim_record(&organization_id, connection_id)?;
        self.scim_connections.retain(|r| {
            !(r.connection.organization_id == organization_id && r.connection.connection_id == connection_id)
        });
        self.refresh_scim(&organization_id);
        Ok(DeleteScimConnectionResponse {
            request_id: ids::request_id(),
            status_code: 200,
            connection_id: connection_id.to_owned(),
        })
    }

    /// `POST scim/groups` (SDK) and `GET …/connection/{connection_id}` (backend): one page of
    /// the groups, in the order they were pushed. The cursor is the next group's ID.
    pub(crate) fn scim_groups(
        &self,
        organization_id: &str,
        connection_id: Option<&str>,
        request: &ScimGroupsRequest,
    ) -> ApiResult<ScimGroupsResponse> {
        let organization_id = &self.organization(organization_id)?.organization_id;
        let record = match connection_id {
            Some(id) => self.scim_record(organization_id, id)?,
            None => self
                .scim_connections
                .iter()
                .find(|r| &r.connection.organization_id == organization_id)
                .ok_or_else(not_found)?,
        };
        let limit = match request.limit {
            None => DEFAULT_PAGE,
            Some(n @ 1..=1000) => n as usize,
            Some(_) => return Err(ApiError::bad_request("limit must be between 1 and 1000.")),
        };
        let start = match request.cursor.as_deref().filter(|c| !c.is_empty()) {
            None => 0,
            Some(cursor) => record
                .groups
                .iter()
                .position(|g| g.group_id == cursor)
                .ok_or_else(|| ApiError::bad_request("cursor is not one this connection's pages gave."))?,
        };
        let page: Vec<ScimGroup> = record.groups.iter().skip(start).take(limit).cloned().collect();
        let next_cursor = record.groups.get(start + limit).map(|g| g.group_id.clone());
        Ok(ScimGroupsResponse {
            request_id: ids::request_id(),
            status_code: 200,
            scim_groups: page,
            next_cursor,
        })
    }

    /// `POST scim/rotate/start`: a next token beside the current one, shown this once.
    pub(crate) fn scim_rotate_start(
        &mut self,
        ctx: &Ctx<'_>,
        organization_id: &str,
        connection_id: &str,
    ) -> ApiResult<ScimRotateStartResponse> {
        let organization_id = self.organization(organization_id)?.organization_id.clone();
        let record = self.scim_record_mut(&organization_id, connection_id)?;
        let next = new_bearer_token();
        record.next_bearer_token_expires_ms = ctx.now + TOKEN_LIFETIME_MS;
        let next_expires_at = format_rfc3339(record.next_bearer_token_expires_ms);
        record.connection.next_bearer_token_last_four = Some(last_four(&next));
        record.connection.next_bearer_token_expires_at = Some(next_expires_at.clone());
        record.next_bearer_token = Some(next.clone());
        let c = &record.connection;
        let connection = ScimConnectionWithNextToken {
            organization_id: c.organization_id.clone(),
            connection_id: c.connection_id.clone(),
            status: c.status.clone(),
            display_name: c.display_name.clone(),
            identity_provider: c.identity_provider.clone(),
            base_url: c.base_url.clone(),
            bearer_token_last_four: c.bearer_token_last_four.clone(),
            bearer_token_expires_at: c.bearer_token_expires_at.clone(),
            next_bearer_token: next,
            next_bearer_token_expires_at: next_expires_at,
            scim_group_implicit_role_assignments: c.scim_group_implicit_role_assignments.clone(),
        };
        Ok(ScimRotateStartResponse {
            request_id: ids::request_id(),
            status_code: 200,
            connection: Some(connection),
        })
    }

    /// `POST scim/rotate/complete` (the next token replaces the current one) or
    /// `…/cancel` (the next token is dropped).
    pub(crate) fn scim_rotate_finish(
        &mut self,
        organization_id: &str,
        connection_id: &str,
        complete: bool,
    ) -> ApiResult<ScimConnectionResponse> {
        let organization_id = self.organization(organization_id)?.organization_id.clone();
        let record = self.scim_record_mut(&organization_id, connection_id)?;
        let Some(next) = record.next_bearer_token.take() else {
            return Err(ApiError::new(
                400,
                ErrorType::Unknown("scim_connection_not_rotating_token".into()),
                "No token rotation is under way for this connection; start one first.",
            ));
        };
        let next_expires_at = record.connection.next_bearer_token_expires_at.take();
        record.connection.next_bearer_token_last_four = None;
        if complete {
            record.connection.bearer_token_last_four = last_four(&next);
            record.connection.bearer_token_expires_at = next_expires_at.unwrap_or_default();
            record.bearer_token = next;
            record.bearer_token_expires_ms = record.next_bearer_token_expires_ms;
        }
        record.next_bearer_token_expires_ms = 0;
        let connection = record.connection.clone();
        self.refresh_scim(&organization_id);
        Ok(connection_response(connection))
    }

    /// The connection a SCIM protocol request is for, once its bearer token is checked:
    /// `None` for an unknown connection or a token that is not (or no longer) its own.
    fn scim_protocol_record(
        &mut self,
        ctx: &Ctx<'_>,
        connection_id: &str,
        token: &str,
    ) -> Option<&mut ScimConnectionRecord> {
        self.scim_connections
            .iter_mut()
            .find(|r| r.connection.connection_id == connection_id && r.accepts(token, ctx.now))
    }

    /// SCIM `POST Groups`: a group pushed by the identity provider (`None` when the token is
    /// refused). A name the connection already has is refused as SCIM's `uniqueness` (`Err`).
    pub(crate) fn scim_push_group(
        &mut self,
        ctx: &Ctx<'_>,
        connection_id: &str,
        token: &str,
        display_name: &str,
    ) -> Option<Result<ProtocolGroup, &'static str>> {
        let record = self.scim_protocol_record(ctx, connection_id, token)?;
        let display_name = display_name.trim();
        if display_name.is_empty() {
            return Some(Err("invalidValue"));
        }
        if record.groups.iter().any(|g| g.group_name == display_name) {
            return Some(Err("uniqueness"));
        }
        let group = ScimGroup {
            organization_id: record.connection.organization_id.clone(),
            connection_id: record.connection.connection_id.clone(),
            group_id: ids::new_id("scim-group"),
            group_name: display_name.to_owned(),
        };
        record.groups.push(group.clone());
        Some(Ok(ProtocolGroup {
            id: group.group_id,
            display_name: group.group_name,
        }))
    }

    /// SCIM `GET Groups` (`None` when the token is refused).
    pub(crate) fn scim_protocol_groups(
        &mut self,
        ctx: &Ctx<'_>,
        connection_id: &str,
        token: &str,
    ) -> Option<Vec<ProtocolGroup>> {
        let record = self.scim_protocol_record(ctx, connection_id, token)?;
        Some(
            record
                .groups
                .iter()
                .map(|g| ProtocolGroup {
                    id: g.group_id.clone(),
                    display_name: g.group_name.clone(),
                })
                .collect(),
        )
    }

    /// SCIM `DELETE Groups/{id}`: `None` when the token is refused, `Some(false)` for an
    /// unknown group. Role assignments naming the group go with it.
    pub(crate) fn scim_remove_group(
        &mut self,
        ctx: &Ctx<'_>,
        connection_id: &str,
        token: &str,
        group_id: &str,
    ) -> Option<bool> {
        let record = self.scim_protocol_record(ctx, connection_id, token)?;
        let before = record.groups.len();
        record.groups.retain(|g| g.group_id != group_id);
        record
            .connection
            .scim_group_implicit_role_assignments
            .retain(|a| a.group_id != group_id);
        Some(record.groups.len() < before)
    }
}

/// Role assignments as stored: each names a pushed group (its name filled in) and a role;
/// one given twice is kept once.
fn group_assignments(
    groups: &[ScimGroup],
    given: &[ScimGroupRoleAssignment],
) -> ApiResult<Vec<ScimGroupRoleAssignment>> {
    let mut kept: Vec<ScimGroupRoleAssignment> = Vec::with_capacity(given.len());
    for assignment in given {
        let group_id = assignment.group_id.trim();
        let role_id = assignment.role_id.trim();
        if group_id.is_empty() {
            return Err(ApiError::new(
                400,
                ErrorType::Unknown("scim_group_role_assignment_does_not_contain_group_id".into()),
                "Each scim_group_implicit_role_assignments entry needs a group_id.",
            ));
        }
        if role_id.is_empty() {
            return Err(ApiError::bad_request(
                "Each scim_group_implicit_role_assignments entry needs a role_id.",
            ));
        }
        let group = groups.iter().find(|g| g.group_id == group_id).ok_or_else(|| {
            ApiError::new(
                400,
                ErrorType::Unknown("scim_group_role_assignment_group_does_not_exist".into()),
                format!("The connection has no SCIM group {group_id}; the identity provider pushes groups first."),
            )
        })?;
        let stored = ScimGroupRoleAssignment {
            role_id: role_id.to_owned(),
            group_id: group.group_id.clone(),
            group_name: Some(group.group_name.clone()),
        };
        if !kept.contains(&stored) {
            kept.push(stored);
        }
    }
    Ok(kept)
}
