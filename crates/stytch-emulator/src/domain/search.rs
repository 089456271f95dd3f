//! Backend searches: `organizations/search` and `organizations/members/search` (and the SDK's
//! search of the signed-in member's organization). Both take filters combined with `AND` or
//! `OR` and answer in creation order, one page at a time; the cursor is the next page's offset.

use stytch_models::{
    ErrorType, Member, MemberStatus, Organization,
    api::organizations::{MemberSearchRequest, MemberSearchResponse, ResultsMetadata, SearchOperand, SearchQuery},
};

use super::ids;
use super::store::Store;
use crate::error::{ApiError, ApiResult};

/// A filter a search takes, and the name its missing value has in Stytch's error types
/// (`{search}_search_missing_{missing}`): the filter's own name, except where Stytch's
/// vocabulary spells it otherwise.
struct Filter {
    name: &'static str,
    missing: &'static str,
}

const fn filter(name: &'static str) -> Filter {
    Filter { name, missing: name }
}

/// The organization search filters (Stytch's, as npm `stytch` types them).
const ORGANIZATION_FILTERS: [Filter; 11] = [
    filter("organization_ids"),
    filter("organization_slugs"),
    filter("organization_name_fuzzy"),
    filter("organization_slug_fuzzy"),
    filter("member_emails"),
    filter("member_email_fuzzy"),
    filter("allowed_domains"),
    filter("allowed_domain_fuzzy"),
    filter("claimed_email_domains"),
    filter("has_active_sso_connection"),
    filter("sso_connection_id"),
];

/// The member search filters, as the official SDK's types name them.
const MEMBER_FILTERS: [Filter; 9] = [
    filter("member_ids"),
    filter("member_emails"),
    filter("member_email_fuzzy"),
    Filter {
        name: "member_is_breakglass",
        missing: "is_breakglass",
    },
    filter("statuses"),
    Filter {
        name: "member_mfa_phone_numbers",
        missing: "mfa_member_phone_numbers",
    },
    Filter {
        name: "member_mfa_phone_number_fuzzy",
        missing: "mfa_member_phone_number_fuzzy",
    },
    Filter {
        name: "member_password_exists",
        missing: "password_exists",
    },
    filter("member_roles"),
];

/// npm `stytch` names the MFA phone filters without `mfa_`: the same filters under those names.
const MEMBER_FILTER_ALIASES: [(&str, &str); 2] = [
    ("member_phone_numbers", "member_mfa_phone_numbers"),
    ("member_phone_number_fuzzy", "member_mfa_phone_number_fuzzy"),
];

/// The statuses a `statuses` operand may name.
const STATUSES: [&str; 4] = ["active", "invited", "pending", "deleted"];

/// The searches, as Stytch's error types name them (`member_search_…`,
/// `organization_search_…`, `m2m_search_…`).
pub(crate) const MEMBER: &str = "member";
pub(crate) const ORG: &str = "organization";
pub(crate) const M2M: &str = "m2m";

/// Reads a search request's body after checking each operand's shape, so that a malformed one
/// is refused by Stytch's names rather than as an unreadable body: no `filter_name`
/// (`{what}_search_missing_filter_name`), one that is not text
/// (`…_filter_name_must_be_string`), no `filter_value` (`…_missing_filter_value`); for the
/// M2M search, whose filters all take lists, a value that is not a list of strings
/// (`m2m_search_expected_array_of_strings`).
pub(crate) fn read_body<T: serde::de::DeserializeOwned>(body: serde_json::Value, what: &str) -> ApiResult<T> {
    let operands = match body.get("query").and_then(|q| q.get("operands")) {
        None | Some(serde_json::Value::Null) => &[][..],
        Some(serde_json::Value::Array(operands)) => operands.as_slice(),
        Some(_) => return Err(ApiError::bad_request("query.operands must be a list.")),
    };
    for operand in operands {
        let Some(operand) = operand.as_object() else {
            return Err(ApiError::bad_request("Each of query.operands must be an object."));
        };
        let name = match operand.get("filter_name") {
            None | Some(serde_json::Value::Null) => {
                let message = "An operand has no filter_name.".to_owned();
                return Err(search_error(what, "missing_filter_name", message));
            }
            Some(serde_json::Value::String(name)) => name,
            Some(_) => {
                let message = "An operand's filter_name must be a string.".to_owned();
                return Err(search_error(what, "filter_name_must_be_string", message));
            }
        };
        let Some(value) = operand.get("filter_value") else {
            let message = format!("The {name} operand has no filter_value.");
            return Err(search_error(what, "missing_filter_value", message));
        };
        let strings = value
            .as_array()
            .is_some_and(|v| v.iter().all(serde_json::Value::is_string));
        if what == M2M && !strings {
            let message = format!("{name} takes a list of strings.");
            return Err(search_error(what, "expected_array_of_strings", message));
        }
    }
    serde_json::from_value(body).map_err(|e| ApiError::bad_request(format!("The request body is not valid: {e}")))
}

/// A page size as Stytch's searches and lists take it: 1 to 1000, `default` when not given.
pub(crate) fn page_limit(limit: Option<u32>, default: usize) -> ApiResult<usize> {
    match limit {
        None => Ok(default),
        Some(n @ 1..=1000) => Ok(n as usize),
        Some(_) => Err(ApiError::bad_request("limit must be between 1 and 1000.")),
    }
}

/// One page of a search: the items, the total across pages and the next page's cursor.
pub type Page<T> = (Vec<T>, usize, Option<String>);

/// A checked search request: how operands combine and which page to answer.
struct Search {
    any: bool,
    /// The operands, under the names the filter tables use.
    operands: Vec<SearchOperand>,
    offset: usize,
    limit: usize,
}

impl Search {
    /// Checks the operator, the filter names (`what` names the search in errors), that each
    /// operand has a value (a `null`, an empty list or empty text is
    /// `{what}_search_missing_{filter}`), the fuzzy filters' three characters, the limit (1 to
    /// 1000, default 100) and the cursor.
    fn parse(
        query: Option<&SearchQuery>,
        limit: Option<u32>,
        cursor: Option<&str>,
        filters: &[Filter],
        what: &str,
    ) -> ApiResult<Self> {
        let limit = page_limit(limit, 100)?;
        let offset = match cursor.filter(|c| !c.is_empty()) {
            None => 0,
            Some(c) => c
                .parse::<usize>()
                .map_err(|_| ApiError::bad_request("cursor is not a cursor this search returned."))?,
        };
        let any = match query.map(|q| q.operator.to_ascii_uppercase()) {
            None => false,
            Some(op) if op == "AND" => false,
            Some(op) if op == "OR" => true,
            Some(_) => return Err(ApiError::bad_request("query.operator must be AND or OR.")),
        };
        let mut operands = query.map(|q| q.operands.clone()).unwrap_or_default();
        for operand in &mut operands {
            if let Some((_, name)) = MEMBER_FILTER_ALIASES
                .iter()
                .find(|(alias, _)| what == MEMBER && *alias == operand.filter_name)
            {
                (*name).clone_into(&mut operand.filter_name);
            }
            let Some(filter) = filters.iter().find(|f| f.name == operand.filter_name) else {
                let message = format!(
                    "The emulator does not support the {what} search filter {}.",
                    operand.filter_name
                );
                return Err(search_error(what, "filter_name_not_recognized", message));
            };
            let value = &operand.filter_value;
            let empty = value.is_null()
                || value.as_str().is_some_and(str::is_empty)
                || value.as_array().is_some_and(Vec::is_empty);
            if empty {
                let message = format!("{} needs a value.", filter.name);
                return Err(search_error(what, &format!("missing_{}", filter.missing), message));
            }
            // Stytch: "All fuzzy search filters require a minimum of three characters."
            if filter.name.ends_with("_fuzzy") && value.as_str().is_some_and(|t| t.chars().count() < 3) {
                let message = format!("{} needs at least three characters.", filter.name);
                return Err(search_error(what, &format!("{}_too_short", filter.name), message));
            }
            if filter.name == "statuses"
                && let Some(unknown) = operand
                    .list(what)?
                    .into_iter()
                    .find(|s| !STATUSES.contains(&s.as_str()))
            {
                let message = format!("{unknown:?} is not a member status: active, invited, pending or deleted.");
                return Err(ApiError::new(
                    400,
                    ErrorType::Unknown("search_invalid_status_filter".into()),
                    message,
                ));
            }
        }
        Ok(Search {
            any,
            operands,
            offset,
            limit,
        })
    }

    /// The items the operands keep, paged. A malformed operand value fails the whole search,
    /// whichever item it is first tried on.
    fn run<'a, T: Clone + 'a>(
        &self,
        items: impl Iterator<Item = &'a T>,
        matches: impl Fn(&T, &SearchOperand) -> ApiResult<bool>,
    ) -> ApiResult<Page<T>> {
        let mut matched = Vec::new();
        for item in items {
            let mut results = self.operands.iter().map(|o| matches(item, o));
            let keep = if self.operands.is_empty() {
                true
            } else if self.any {
                let mut found = false;
                for result in results {
                    found |= result?;
                }
                found
            } else {
                results.try_fold(true, |all, result| result.map(|r| all && r))?
            };
            if keep {
                matched.push(item);
            }
        }
        let total = matched.len();
        let page: Vec<T> = matched
            .into_iter()
            .skip(self.offset)
            .take(self.limit)
            .cloned()
            .collect();
        let next = (self.offset + page.len() < total).then(|| (self.offset + page.len()).to_string());
        Ok((page, total, next))
    }
}

/// A search refusal typed as Stytch types it: `{what}_search_{problem}`, 400.
fn search_error(what: &str, problem: &str, message: String) -> ApiError {
    ApiError::new(400, ErrorType::Unknown(format!("{what}_search_{problem}")), message)
}

/// Operand values, lower-cased where Stytch compares without case; `what` names the search
/// in the error when the value has the wrong shape.
trait OperandValue {
    fn list(&self, what: &str) -> ApiResult<Vec<String>>;
    fn text(&self, what: &str) -> ApiResult<String>;
    fn flag(&self, what: &str) -> ApiResult<bool>;
}

impl OperandValue for SearchOperand {
    fn list(&self, what: &str) -> ApiResult<Vec<String>> {
        serde_json::from_value::<Vec<String>>(self.filter_value.clone())
            .map(|v| v.into_iter().map(|s| s.to_lowercase()).collect())
            .map_err(|_| {
                let message = format!("{} takes a list of strings.", self.filter_name);
                search_error(what, "expected_array_of_strings", message)
            })
    }

    fn text(&self, what: &str) -> ApiResult<String> {
        self.filter_value
            .as_str()
            .map(str::to_lowercase)
            .ok_or_else(|| search_error(what, "expected_string", format!("{} takes a string.", self.filter_name)))
    }

    fn flag(&self, what: &str) -> ApiResult<bool> {
        self.filter_value.as_bool().ok_or_else(|| {
            let message = format!("{} takes a boolean.", self.filter_name);
            search_error(what, "expected_boolean", message)
        })
    }
}

fn lower(s: &str) -> String {
    s.to_lowercase()
}

impl Store {
    /// `POST /v1/b2b/organizations/search`: the organizations matching every operand (`AND`) or
    /// any (`OR`), in creation order, one page of `limit` from the offset `cursor` names.
    pub(crate) fn search_organizations(
        &self,
        query: Option<&SearchQuery>,
        limit: Option<u32>,
        cursor: Option<&str>,
    ) -> ApiResult<Page<Organization>> {
        let search = Search::parse(query, limit, cursor, &ORGANIZATION_FILTERS, ORG)?;
        search.run(self.organizations.iter(), |organization, operand| {
            self.organization_matches(organization, operand)
        })
    }

    fn organization_matches(&self, organization: &Organization, operand: &SearchOperand) -> ApiResult<bool> {
        let members = || {
            self.members
                .iter()
                .filter(|m| m.organization_id == organization.organization_id && m.status != MemberStatus::Deleted)
        };
        let any_domain = |domains: &[String], wanted: &[String]| domains.iter().any(|d| wanted.contains(&lower(d)));
        Ok(match operand.filter_name.as_str() {
            "organization_ids" => operand.list(ORG)?.contains(&lower(&organization.organization_id)),
            "organization_slugs" => operand.list(ORG)?.contains(&lower(&organization.organization_slug)),
            "organization_name_fuzzy" => lower(&organization.organization_name).contains(&operand.text(ORG)?),
            "organization_slug_fuzzy" => lower(&organization.organization_slug).contains(&operand.text(ORG)?),
            "member_emails" => {
                let emails = operand.list(ORG)?;
                members().any(|m| emails.contains(&lower(&m.email_address)))
            }
            "member_email_fuzzy" => {
                let needle = operand.text(ORG)?;
                members().any(|m| lower(&m.email_address).contains(&needle))
            }
            "allowed_domains" => any_domain(&organization.email_allowed_domains, &operand.list(ORG)?),
            "allowed_domain_fuzzy" => {
                let needle = operand.text(ORG)?;
                organization
                    .email_allowed_domains
                    .iter()
                    .any(|d| lower(d).contains(&needle))
            }
            "claimed_email_domains" => any_domain(&organization.claimed_email_domains, &operand.list(ORG)?),
            "has_active_sso_connection" => organization.sso_active_connections.is_empty() != operand.flag(ORG)?,
            // "sso_connection_id", the last of ORGANIZATION_FILTERS: any of its SAML, OIDC or
            // external connections, active or not.
            _ => {
                let id = operand.text(ORG)?;
                self.sso_connections
                    .iter()
                    .any(|c| c.organization_id() == organization.organization_id && lower(c.id()) == id)
            }
        })
    }

    /// `POST /v1/b2b/organizations/members/search`: the members of these organizations that
    /// the query keeps, in creation order, with their organizations by ID. Deleted members are
    /// left out unless a `statuses` operand asks for them, as Stytch does.
    pub(crate) fn search_members(&self, request: &MemberSearchRequest) -> ApiResult<MemberSearchResponse> {
        let organization_ids = request.organization_ids.as_deref().unwrap_or_default();
        if organization_ids.is_empty() {
            let message = "organization_ids must name at least one organization.".to_owned();
            return Err(search_error(MEMBER, "organization_ids_empty", message));
        }
        let search = Search::parse(
            request.query.as_ref(),
            request.limit,
            request.cursor.as_deref(),
            &MEMBER_FILTERS,
            MEMBER,
        )?;
        for id in organization_ids {
            self.organization(id)?;
        }
        let wants_deleted = search.operands.iter().filter(|o| o.filter_name == "statuses").any(|o| {
            o.list(MEMBER)
                .is_ok_and(|statuses| statuses.iter().any(|s| s == "deleted"))
        });
        let members = self
            .members
            .iter()
            .filter(|m| organization_ids.contains(&m.organization_id))
            .filter(|m| wants_deleted || m.status != MemberStatus::Deleted);
        let (members, total, next_cursor) = search.run(members, member_matches)?;
        let organizations = members
            .iter()
            .filter_map(|m| self.organization(&m.organization_id).ok())
            .map(|o| (o.organization_id.clone(), o.clone()))
            .collect();
        Ok(MemberSearchResponse {
            request_id: ids::request_id(),
            status_code: 200,
            members,
            results_metadata: ResultsMetadata {
                total: total as u64,
                next_cursor,
            },
            organizations,
        })
    }
}

fn member_matches(member: &Member, operand: &SearchOperand) -> ApiResult<bool> {
    Ok(match operand.filter_name.as_str() {
        "member_ids" => operand.list(MEMBER)?.contains(&lower(&member.member_id)),
        "member_emails" => operand.list(MEMBER)?.contains(&lower(&member.email_address)),
        "member_email_fuzzy" => lower(&member.email_address).contains(&operand.text(MEMBER)?),
        "member_is_breakglass" => member.is_breakglass == operand.flag(MEMBER)?,
        "statuses" => operand.list(MEMBER)?.iter().any(|s| s == member.status.as_str()),
        "member_mfa_phone_numbers" => {
            !member.mfa_phone_number.is_empty() && operand.list(MEMBER)?.contains(&member.mfa_phone_number)
        }
        "member_mfa_phone_number_fuzzy" => {
            let digits = operand.text(MEMBER)?;
            let digits = digits.trim_start_matches('+');
            !member.mfa_phone_number.is_empty() && member.mfa_phone_number.contains(digits)
        }
        "member_password_exists" => {
            let has_password = !member.member_password_id.is_empty();
            has_password == operand.flag(MEMBER)?
        }
        // "member_roles", the last of MEMBER_FILTERS.
        _ => {
            let roles = operand.list(MEMBER)?;
            member.roles.iter().any(|r| roles.contains(&lower(&r.role_id)))
        }
    })
}
