//! SCIM connections: how an organization's identity provider provisions it. An organization
//! has at most one; it is `active` from its creation and listed in the organization's
//! `scim_active_connection`. The identity provider calls the connection's `base_url` with its
//! bearer token; the emulator serves the SCIM `Users` and `Groups` resources there: users
//! become members of the organization (registered to the connection), deactivating one
//! deletes the member, and a group's members hold the roles the connection assigns it.
//!
//! Rules (the Stytch docs and error list name them; the details marked inferred are ours):
//! - A second connection is `active_scim_connection_exists`; an identity provider outside
//!   Stytch's list is `invalid_scim_idp`; the default is `generic`.
//! - A connection ID that is not the organization's connection, or an organization without
//!   one, is `no_active_scim_connection` (404, inferred: Stytch's list has no
//!   `scim_connection_not_found`); the SDK's group list of an organization without one is
//!   empty (inferred: the official Admin Portal asks for it whatever the organization).
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
use stytch_models::{ErrorType, Member, MemberStatus, time::format_rfc3339};

use super::store::{Store, new_member, role_source, set_implicit_sources, validate_email};
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
    /// Who is in which group: `(group_id, member_id)`.
    #[serde(default)]
    group_members: Vec<(String, String)>,
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
    /// Its members' IDs.
    pub members: Vec<String>,
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
                bearer_token_last_four: ids::last_four(&bearer_token),
                bearer_token_expires_at: format_rfc3339(expires_ms),
                ..Default::default()
            },
            bearer_token,
            next_bearer_token: None,
            groups: Vec::new(),
            group_members: Vec::new(),
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
        self.reapply_implicit_roles(&organization_id);
        Ok(connection_response(connection))
    }

    /// `DELETE scim/{connection_id}`: its tokens stop working, and its groups and the roles
    /// they granted go with it. Provisioned members stay, with their `scim_registration`.
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
        self.reapply_implicit_roles(&organization_id);
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
            Some(id) => Some(self.scim_record(organization_id, id)?),
            // The SDK names no connection: the organization's, whose groups are none when it
            // has none (inferred: the official Admin Portal's organization settings ask for
            // them whatever the organization).
            None => self
                .scim_connections
                .iter()
                .find(|r| &r.connection.organization_id == organization_id),
        };
        let groups = record.map(|r| r.groups.as_slice()).unwrap_or_default();
        let limit = super::search::page_limit(request.limit, DEFAULT_PAGE)?;
        let start = match request.cursor.as_deref().filter(|c| !c.is_empty()) {
            None => 0,
            Some(cursor) => groups
                .iter()
                .position(|g| g.group_id == cursor)
                .ok_or_else(|| ApiError::bad_request("cursor is not one this connection's pages gave."))?,
        };
        let page: Vec<ScimGroup> = groups.iter().skip(start).take(limit).cloned().collect();
        let next_cursor = groups.get(start + limit).map(|g| g.group_id.clone());
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
        record.connection.next_bearer_token_last_four = Some(ids::last_four(&next));
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
            record.connection.bearer_token_last_four = ids::last_four(&next);
            record.connection.bearer_token_expires_at = next_expires_at.unwrap_or_default();
            record.bearer_token = next;
            record.bearer_token_expires_ms = record.next_bearer_token_expires_ms;
        }
        record.next_bearer_token_expires_ms = 0;
        let connection = record.connection.clone();
        self.refresh_scim(&organization_id);
        Ok(connection_response(connection))
    }

    /// The organization of the connection a SCIM protocol request is for, once its bearer
    /// token is checked: `None` for an unknown connection or a token that is not (or no
    /// longer) its own.
    pub(crate) fn scim_authorize(&self, ctx: &Ctx<'_>, connection_id: &str, token: &str) -> Option<String> {
        self.scim_connections
            .iter()
            .find(|r| r.connection.connection_id == connection_id && r.accepts(token, ctx.now))
            .map(|r| r.connection.organization_id.clone())
    }

    fn scim_connection_mut(&mut self, connection_id: &str) -> ScimResult<&mut ScimConnectionRecord> {
        self.scim_connections
            .iter_mut()
            .find(|r| r.connection.connection_id == connection_id)
            .ok_or_else(ScimFault::not_found)
    }

    fn scim_connection_ref(&self, connection_id: &str) -> ScimResult<&ScimConnectionRecord> {
        self.scim_connections
            .iter()
            .find(|r| r.connection.connection_id == connection_id)
            .ok_or_else(ScimFault::not_found)
    }

    fn protocol_group(&self, record: &ScimConnectionRecord, group: &ScimGroup) -> ProtocolGroup {
        ProtocolGroup {
            id: group.group_id.clone(),
            display_name: group.group_name.clone(),
            members: record
                .group_members
                .iter()
                .filter(|(g, _)| *g == group.group_id)
                .map(|(_, m)| m.clone())
                .collect(),
        }
    }

    /// SCIM `POST Groups`: a group pushed by the identity provider, with its first members.
    pub(crate) fn scim_push_group(
        &mut self,
        connection_id: &str,
        display_name: &str,
        members: &[String],
    ) -> ScimResult<ProtocolGroup> {
        let display_name = display_name.trim();
        if display_name.is_empty() {
            return Err(ScimFault::invalid("displayName is required."));
        }
        let record = self.scim_connection_ref(connection_id)?;
        if record.groups.iter().any(|g| g.group_name == display_name) {
            return Err(ScimFault {
                status: 409,
                scim_type: Some("uniqueness"),
                detail: "The connection already has a group of this displayName.".into(),
            });
        }
        self.check_provisioned(connection_id, members)?;
        let record = self.scim_connection_mut(connection_id)?;
        let group = ScimGroup {
            organization_id: record.connection.organization_id.clone(),
            connection_id: record.connection.connection_id.clone(),
            group_id: ids::new_id("scim-group"),
            group_name: display_name.to_owned(),
        };
        record.groups.push(group.clone());
        for member_id in members {
            record.group_members.push((group.group_id.clone(), member_id.clone()));
        }
        let organization_id = group.organization_id.clone();
        self.reapply_implicit_roles(&organization_id);
        let record = self.scim_connection_ref(connection_id)?;
        Ok(self.protocol_group(record, &group))
    }

    /// SCIM `GET Groups`.
    pub(crate) fn scim_protocol_groups(&self, connection_id: &str) -> ScimResult<Vec<ProtocolGroup>> {
        let record = self.scim_connection_ref(connection_id)?;
        Ok(record.groups.iter().map(|g| self.protocol_group(record, g)).collect())
    }

    /// SCIM `PATCH Groups/{id}`: members added and removed, and a new name; the members'
    /// group roles follow.
    pub(crate) fn scim_patch_group(
        &mut self,
        connection_id: &str,
        group_id: &str,
        patch: &GroupPatch,
    ) -> ScimResult<ProtocolGroup> {
        self.check_provisioned(connection_id, &patch.add)?;
        let record = self.scim_connection_mut(connection_id)?;
        let Some(group) = record.groups.iter_mut().find(|g| g.group_id == group_id) else {
            return Err(ScimFault::not_found());
        };
        if let Some(name) = patch.rename.as_deref().map(str::trim).filter(|n| !n.is_empty()) {
            name.clone_into(&mut group.group_name);
            for assignment in &mut record.connection.scim_group_implicit_role_assignments {
                if assignment.group_id == group_id {
                    assignment.group_name = Some(name.to_owned());
                }
            }
        }
        let group = group.clone();
        record
            .group_members
            .retain(|(g, m)| !(g == group_id && (patch.remove_all || patch.remove.contains(m))));
        for member_id in &patch.add {
            let pair = (group_id.to_owned(), member_id.clone());
            if !record.group_members.contains(&pair) {
                record.group_members.push(pair);
            }
        }
        let organization_id = group.organization_id.clone();
        self.reapply_implicit_roles(&organization_id);
        let record = self.scim_connection_ref(connection_id)?;
        Ok(self.protocol_group(record, &group))
    }

    /// SCIM `DELETE Groups/{id}`: role assignments naming the group, and the roles its members
    /// held through it, go with it.
    pub(crate) fn scim_remove_group(&mut self, connection_id: &str, group_id: &str) -> ScimResult<()> {
        let record = self.scim_connection_mut(connection_id)?;
        let before = record.groups.len();
        record.groups.retain(|g| g.group_id != group_id);
        if record.groups.len() == before {
            return Err(ScimFault::not_found());
        }
        record.group_members.retain(|(g, _)| g != group_id);
        record
            .connection
            .scim_group_implicit_role_assignments
            .retain(|a| a.group_id != group_id);
        let organization_id = record.connection.organization_id.clone();
        self.reapply_implicit_roles(&organization_id);
        Ok(())
    }

    /// `invalidValue` unless every ID is a member this connection provisioned.
    fn check_provisioned(&self, connection_id: &str, member_ids: &[String]) -> ScimResult<()> {
        match member_ids.iter().find(|id| {
            !self
                .members
                .iter()
                .any(|m| m.member_id == **id && provisioned_by(m, connection_id))
        }) {
            Some(id) => Err(ScimFault::invalid(format!(
                "{id} is not a user of this SCIM connection."
            ))),
            None => Ok(()),
        }
    }

    /// The SCIM user of a member this connection provisioned.
    fn protocol_user(&self, connection_id: &str, member_id: &str) -> ScimResult<ProtocolUser> {
        let member = self
            .members
            .iter()
            .find(|m| m.member_id == member_id && provisioned_by(m, connection_id))
            .ok_or_else(ScimFault::not_found)?;
        let external_id = member
            .scim_registration
            .as_ref()
            .and_then(|r| r.get("external_id"))
            .and_then(serde_json::Value::as_str)
            .filter(|e| !e.is_empty())
            .map(str::to_owned);
        Ok(ProtocolUser {
            id: member.member_id.clone(),
            user_name: member.email_address.clone(),
            name: member.name.clone(),
            external_id,
            active: member.status != MemberStatus::Deleted,
        })
    }

    /// SCIM `POST Users`: a member of the connection's organization, created active, or an
    /// existing member (not deleted) linked to the connection (inferred: the identity
    /// provider takes over a member it names by email). A user the connection already has
    /// is `uniqueness`.
    pub(crate) fn scim_create_user(
        &mut self,
        ctx: &Ctx<'_>,
        connection_id: &str,
        user: &ScimUser,
    ) -> ScimResult<ProtocolUser> {
        let email = user.email.trim().to_ascii_lowercase();
        validate_email(&email)
            .map_err(|_| ScimFault::invalid("userName (or a primary email) must be an email address."))?;
        let organization_id = self
            .scim_connection_ref(connection_id)?
            .connection
            .organization_id
            .clone();
        let existing = self
            .members
            .iter()
            .find(|m| {
                m.organization_id == organization_id && m.email_address == email && m.status != MemberStatus::Deleted
            })
            .cloned();
        if existing.as_ref().is_some_and(|m| provisioned_by(m, connection_id)) {
            return Err(ScimFault {
                status: 409,
                scim_type: Some("uniqueness"),
                detail: "The connection already has a user with this userName.".into(),
            });
        }
        let mut member = match existing {
            Some(member) => member,
            None => {
                self.ensure_email_free(ctx, &organization_id, &email, None)
                    .map_err(|e| ScimFault {
                        status: 409,
                        scim_type: Some("uniqueness"),
                        detail: e.message,
                    })?;
                new_member(&organization_id, &email, MemberStatus::Active, ctx.now)
            }
        };
        if !user.name.trim().is_empty() {
            user.name.trim().clone_into(&mut member.name);
        }
        let mut registration = serde_json::Map::new();
        registration.insert("connection_id".into(), connection_id.into());
        registration.insert("registration_id".into(), ids::new_id("scim-registration").into());
        if let Some(external_id) = user.external_id.as_deref().filter(|e| !e.is_empty()) {
            registration.insert("external_id".into(), external_id.into());
        }
        member.scim_registration = Some(registration.into());
        member.updated_at = format_rfc3339(ctx.now);
        let member_id = member.member_id.clone();
        self.upsert_member(member);
        if !user.active {
            self.set_member_deleted(ctx, &organization_id, &member_id, true)
                .map_err(ScimFault::from_api)?;
        }
        self.protocol_user(connection_id, &member_id)
    }

    /// SCIM `GET Users` (optionally `filter=userName eq "…"`, as identity providers look a
    /// user up before creating it).
    pub(crate) fn scim_users(&self, connection_id: &str, user_name: Option<&str>) -> ScimResult<Vec<ProtocolUser>> {
        self.scim_connection_ref(connection_id)?;
        self.members
            .iter()
            .filter(|m| provisioned_by(m, connection_id))
            .filter(|m| user_name.is_none_or(|u| m.email_address.eq_ignore_ascii_case(u.trim())))
            .map(|m| self.protocol_user(connection_id, &m.member_id))
            .collect()
    }

    /// SCIM `GET Users/{id}`.
    pub(crate) fn scim_user(&self, connection_id: &str, member_id: &str) -> ScimResult<ProtocolUser> {
        self.scim_connection_ref(connection_id)?;
        self.protocol_user(connection_id, member_id)
    }

    /// SCIM `PATCH` or `PUT Users/{id}`: `active: false` deletes the member (its sessions
    /// end), `true` reactivates it; a new name renames it; a new address (`userName`, or the
    /// primary email) becomes the member's, unverified (`uniqueness`, 409, when another member
    /// of the organization holds it).
    pub(crate) fn scim_update_user(
        &mut self,
        ctx: &Ctx<'_>,
        connection_id: &str,
        member_id: &str,
        changes: &UserChanges,
    ) -> ScimResult<ProtocolUser> {
        let current = self.scim_user(connection_id, member_id)?;
        let organization_id = self
            .scim_connection_ref(connection_id)?
            .connection
            .organization_id
            .clone();
        // A new address is checked before anything changes: one that is no address is the
        // request's fault, one another member holds a conflict.
        let email = changes
            .email
            .as_deref()
            .map(|e| e.trim().to_ascii_lowercase())
            .filter(|e| !e.eq_ignore_ascii_case(&current.user_name));
        if let Some(email) = &email {
            validate_email(email)
                .map_err(|_| ScimFault::invalid("userName (or a primary email) must be an email address."))?;
            self.ensure_email_free(ctx, &organization_id, email, Some(member_id))
                .map_err(|e| ScimFault {
                    status: 409,
                    scim_type: Some("uniqueness"),
                    detail: e.message,
                })?;
        }
        if (changes.name.is_some() || email.is_some())
            && let Some(mut member) = self.members.iter().find(|m| m.member_id == member_id).cloned()
        {
            if let Some(name) = changes.name.as_deref().map(str::trim) {
                name.clone_into(&mut member.name);
            }
            if let Some(email) = email {
                // The identity provider vouches for its directory, not for the inbox: the new
                // address is unverified until a factor proves it. The old one is retired, as
                // when an SSO sign-in brings a new address.
                super::email_update::change_address(&mut member, &email, false);
            }
            member.updated_at = format_rfc3339(ctx.now);
            self.upsert_member(member);
        }
        if let Some(active) = changes.active
            && active != current.active
        {
            self.set_member_deleted(ctx, &organization_id, member_id, !active)
                .map_err(ScimFault::from_api)?;
        }
        self.protocol_user(connection_id, member_id)
    }

    /// SCIM `DELETE Users/{id}`: the member is deleted (its sessions end), leaves its groups
    /// and is no longer the connection's user (later calls on it are 404, as RFC 7644 §3.6
    /// asks).
    pub(crate) fn scim_delete_user(&mut self, ctx: &Ctx<'_>, connection_id: &str, member_id: &str) -> ScimResult<()> {
        self.scim_user(connection_id, member_id)?;
        let record = self.scim_connection_mut(connection_id)?;
        record.group_members.retain(|(_, m)| m != member_id);
        let organization_id = record.connection.organization_id.clone();
        self.set_member_deleted(ctx, &organization_id, member_id, true)
            .map_err(ScimFault::from_api)?;
        if let Some(mut member) = self.members.iter().find(|m| m.member_id == member_id).cloned() {
            member.scim_registration = None;
            self.upsert_member(member);
        }
        Ok(())
    }
}

/// Whether the member was provisioned by the connection.
fn provisioned_by(member: &Member, connection_id: &str) -> bool {
    member
        .scim_registration
        .as_ref()
        .and_then(|r| r.get("connection_id"))
        .and_then(serde_json::Value::as_str)
        == Some(connection_id)
}

/// Brings the roles a member holds through SCIM groups in line with the connections'
/// `scim_group_implicit_role_assignments`: each assignment of a group the member is in is a
/// `scim_connection_group` source `{connection_id, group_id}` of its role.
pub(crate) fn apply_scim_group_assignments(member: &mut Member, connections: &[ScimConnectionRecord]) {
    let mut granted = Vec::new();
    for record in connections
        .iter()
        .filter(|r| r.connection.organization_id == member.organization_id)
    {
        for assignment in &record.connection.scim_group_implicit_role_assignments {
            let pair = (assignment.group_id.clone(), member.member_id.clone());
            if record.group_members.contains(&pair) {
                let details = [
                    ("connection_id", record.connection.connection_id.as_str()),
                    ("group_id", assignment.group_id.as_str()),
                ];
                granted.push((assignment.role_id.clone(), role_source(SCIM_GROUP_ASSIGNMENT, &details)));
            }
        }
    }
    set_implicit_sources(member, &[SCIM_GROUP_ASSIGNMENT], granted);
}

/// The role source Stytch names for a role held through a SCIM group.
const SCIM_GROUP_ASSIGNMENT: &str = "scim_connection_group";

/// A refusal in the SCIM protocol's terms (RFC 7644 §3.12).
#[derive(Clone, Debug, PartialEq)]
pub struct ScimFault {
    /// HTTP status.
    pub status: u16,
    /// `scimType`, when the RFC names one.
    pub scim_type: Option<&'static str>,
    /// What went wrong.
    pub detail: String,
}

impl ScimFault {
    fn not_found() -> Self {
        Self {
            status: 404,
            scim_type: None,
            detail: "No SCIM resource at this path.".into(),
        }
    }

    fn invalid(detail: impl Into<String>) -> Self {
        Self {
            status: 400,
            scim_type: Some("invalidValue"),
            detail: detail.into(),
        }
    }

    fn from_api(error: ApiError) -> Self {
        Self {
            status: error.status,
            scim_type: None,
            detail: error.message,
        }
    }
}

/// What a SCIM protocol call answers.
pub(crate) type ScimResult<T> = Result<T, ScimFault>;

/// A user as an identity provider sends it.
#[derive(Clone, Debug, Default)]
pub struct ScimUser {
    /// The address (`userName`, or the primary email when `userName` is not one).
    pub email: String,
    /// Display name.
    pub name: String,
    /// The provider's ID for the user.
    pub external_id: Option<String>,
    /// Whether the user is active.
    pub active: bool,
}

/// A user as the SCIM protocol shows it; its `id` is the member ID.
#[derive(Clone, Debug, PartialEq)]
pub struct ProtocolUser {
    /// Member ID.
    pub id: String,
    /// Email address.
    pub user_name: String,
    /// Display name.
    pub name: String,
    /// The provider's ID for the user.
    pub external_id: Option<String>,
    /// Whether the member is not deleted.
    pub active: bool,
}

/// What a `PATCH` or `PUT` of a user changes.
#[derive(Clone, Debug, Default)]
pub struct UserChanges {
    /// Active or not.
    pub active: Option<bool>,
    /// A new display name.
    pub name: Option<String>,
    /// A new address (`userName`, or the primary email).
    pub email: Option<String>,
}

/// What a `PATCH` of a group changes.
#[derive(Clone, Debug, Default)]
pub struct GroupPatch {
    /// Members to add.
    pub add: Vec<String>,
    /// Members to remove.
    pub remove: Vec<String>,
    /// Remove every member first (`remove` of `members` without a value, or a `replace`).
    pub remove_all: bool,
    /// A new display name.
    pub rename: Option<String>,
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
