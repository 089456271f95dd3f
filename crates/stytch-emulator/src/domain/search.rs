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

/// The organization search filters the emulator answers (Stytch's, less the member ones).
const ORGANIZATION_FILTERS: [&str; 11] = [
    "organization_ids",
    "organization_slugs",
    "organization_name_fuzzy",
    "organization_slug_fuzzy",
    "member_emails",
    "member_email_fuzzy",
    "allowed_domains",
    "allowed_domain_fuzzy",
    "claimed_email_domains",
    "has_active_sso_connection",
    "sso_connection_id",
];

/// The member search filters, as the official SDK's types name them.
const MEMBER_FILTERS: [&str; 9] = [
    "member_ids",
    "member_emails",
    "member_email_fuzzy",
    "member_is_breakglass",
    "statuses",
    "member_mfa_phone_numbers",
    "member_mfa_phone_number_fuzzy",
    "member_password_exists",
    "member_roles",
];

/// One page of a search: the items, the total across pages and the next page's cursor.
pub type Page<T> = (Vec<T>, usize, Option<String>);

/// A checked search request: how operands combine and which page to answer.
struct Search<'q> {
    any: bool,
    operands: &'q [SearchOperand],
    offset: usize,
    limit: usize,
}

impl<'q> Search<'q> {
    /// Checks the operator, the filter names (`what` names the search in errors), the limit
    /// (1 to 1000, default 100) and the cursor.
    fn parse(
        query: Option<&'q SearchQuery>,
        limit: Option<u32>,
        cursor: Option<&str>,
        filters: &[&str],
        what: &str,
    ) -> ApiResult<Self> {
        let limit = match limit {
            None => 100,
            Some(n @ 1..=1000) => n as usize,
            Some(_) => return Err(ApiError::bad_request("limit must be between 1 and 1000.")),
        };
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
        let operands = query.map(|q| q.operands.as_slice()).unwrap_or_default();
        if let Some(unknown) = operands.iter().find(|o| !filters.contains(&o.filter_name.as_str())) {
            let message = format!(
                "The emulator does not support the {what} search filter {}.",
                unknown.filter_name
            );
            return Err(search_error(what, "filter_name_not_recognized", message));
        }
        // Stytch: "All fuzzy search filters require a minimum of three characters."
        if let Some(short) = operands.iter().find(|o| {
            o.filter_name.ends_with("_fuzzy") && o.filter_value.as_str().is_some_and(|t| t.chars().count() < 3)
        }) {
            let message = format!("{} needs at least three characters.", short.filter_name);
            return Err(search_error(what, &format!("{}_too_short", short.filter_name), message));
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

/// The two searches, as Stytch's error types name them (`member_search_…`,
/// `organization_search_…`).
const MEMBER: &str = "member";
const ORG: &str = "organization";

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
            // Stytch names no boolean refusal for organization search.
            if what == MEMBER {
                search_error(what, "expected_boolean", message)
            } else {
                ApiError::bad_request(message)
            }
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
            // The emulator has no SSO connections.
            "has_active_sso_connection" => !operand.flag(ORG)?,
            // "sso_connection_id", the last of ORGANIZATION_FILTERS.
            _ => false,
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
