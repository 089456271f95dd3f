//! Custom claim templates (the Dashboard's "Custom claim templates", the Management API's JWT
//! templates): a JSON object whose values may be `{{ variable }}` tags, evaluated into claims
//! every session JWT (type `SESSION`) or M2M access token (type `M2M`) of the project carries.

use serde::Deserialize;
use serde_json::{Map, Value, json};
use stytch_models::MemberSession;

use super::store::Store;
use crate::error::{ApiError, ApiResult};

/// The registered JWT claim names no template may set.
const REGISTERED: [&str; 7] = ["iss", "sub", "aud", "exp", "nbf", "iat", "jti"];
/// What stands for tag number N while the text is read as JSON.
const MARK: &str = "\u{0}stytch-claim-template-tag-";

/// Which tokens a template shapes.
///
/// ```
/// use stytch_emulator::TemplateKind;
/// assert_eq!(TemplateKind::parse("session"), Some(TemplateKind::Session));
/// assert_eq!(TemplateKind::M2m.as_str(), "M2M");
/// assert_eq!(TemplateKind::parse("idp"), None);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TemplateKind {
    /// Member session JWTs.
    Session,
    /// M2M access tokens.
    M2m,
}

impl TemplateKind {
    /// `SESSION` or `M2M`, in any case.
    ///
    /// ```
    /// use stytch_emulator::TemplateKind;
    /// assert_eq!(TemplateKind::parse("M2M"), Some(TemplateKind::M2m));
    /// ```
    pub fn parse(text: &str) -> Option<Self> {
        match text.to_ascii_uppercase().as_str() {
            "SESSION" => Some(Self::Session),
            "M2M" => Some(Self::M2m),
            _ => None,
        }
    }

    /// The Management API's name (`jwt_template_type`).
    ///
    /// ```
    /// use stytch_emulator::TemplateKind;
    /// assert_eq!(TemplateKind::Session.as_str(), "SESSION");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Session => "SESSION",
            Self::M2m => "M2M",
        }
    }

    fn roots(self) -> &'static [&'static str] {
        match self {
            Self::Session => &["member", "organization"],
            Self::M2m => &["request"],
        }
    }
}

/// A template as read: values, or variables standing for them.
#[derive(Clone, Debug, PartialEq)]
enum Node {
    Value(Value),
    Variable(Vec<String>),
    Array(Vec<Node>),
    Object(Vec<(String, Node)>),
}

/// A project's custom claim template of one kind, checked and ready to evaluate.
///
/// Rules (Stytch documents the syntax and the session behaviour; details marked inferred are
/// ours):
/// - A tag stands for a JSON value, never an object key or part of a string (text inside a
///   string is left as written). Session variables start with `member.` or `organization.`
///   (dot notation into the member and organization objects, `trusted_metadata` included),
///   plus `member.rbac.roles` (the session's role IDs) and `member.rbac.{resource_id}.actions`
///   (every action its roles allow on the resource; inferred: `*` spelled out as the
///   resource's actions). M2M variables start with `request.`: the token request's extra
///   parameters.
/// - A template's output is every session's first set of custom claims; a request's
///   `session_custom_claims` still adds, changes or (with `null`) deletes them, and a deleted
///   one stays deleted for that session. Template and metadata changes reach existing sessions
///   at their next JWT.
/// - Refused when set: text that is not a JSON object once tags stand for values
///   (`jwt_template_invalid_json`), a tag left open (`jwt_template_mismatched_tag`), a tag that
///   is no variable or stands for a key (`jwt_template_invalid_tag`), a registered claim name
///   at the top (`reserved_claims_in_custom_claims`; for M2M also `scope`) or one of Stytch's
///   own (`stytch_claims_in_custom_claims`).
/// - Inferred: a variable that names nothing is `null`, and a top-level claim whose value is
///   `null` is left out; a custom audience is not emulated (refused when given).
///
/// ```
/// use serde_json::json;
/// use stytch_emulator::{ClaimTemplate, TemplateKind};
///
/// let template = ClaimTemplate::parse(TemplateKind::M2m, r#"{"user_id": {{ request.user_id }}, "v": 2}"#).unwrap();
/// let claims = template.evaluate(&json!({"request": {"user_id": "123"}}));
/// assert_eq!(serde_json::Value::Object(claims), json!({"user_id": "123", "v": 2}));
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct ClaimTemplate {
    content: String,
    node: Vec<(String, Node)>,
}

fn refused(error_type: &str, message: impl Into<String>) -> ApiError {
    ApiError::named(400, error_type, message)
}

impl ClaimTemplate {
    /// Reads and checks a template (the rules above); Stytch's refusal otherwise.
    ///
    /// ```
    /// use stytch_emulator::{ClaimTemplate, TemplateKind};
    ///
    /// let plan = ClaimTemplate::parse(TemplateKind::Session, r#"{"plan": {{ organization.trusted_metadata.plan }}}"#);
    /// assert!(plan.is_ok());
    /// let open = ClaimTemplate::parse(TemplateKind::Session, r#"{"plan": {{ organization.trusted_metadata.plan }"#);
    /// assert_eq!(open.unwrap_err().error_type.as_str(), "jwt_template_mismatched_tag");
    /// ```
    pub fn parse(kind: TemplateKind, content: &str) -> ApiResult<Self> {
        let (json_text, tags) = mark_tags(content)?;
        let value: Value = serde_json::from_str(&json_text).map_err(|e| {
            refused(
                "jwt_template_invalid_json",
                format!("The template is not JSON once each tag stands for a value: {e}."),
            )
        })?;
        let Value::Object(map) = value else {
            return Err(refused(
                "jwt_template_invalid_json",
                "The template must be a JSON object.",
            ));
        };
        let mut node = Vec::with_capacity(map.len());
        for (key, value) in map {
            if REGISTERED.contains(&key.as_str()) || (kind == TemplateKind::M2m && key == "scope") {
                return Err(refused(
                    "reserved_claims_in_custom_claims",
                    format!("{key:?} is a registered claim; a template cannot set it."),
                ));
            }
            if key.starts_with("https://stytch.com/") {
                return Err(refused(
                    "stytch_claims_in_custom_claims",
                    format!("{key:?} is one of Stytch's claims; a template cannot set it."),
                ));
            }
            check_key(&key)?;
            node.push((key, read_node(kind, value, &tags)?));
        }
        Ok(Self {
            content: content.to_owned(),
            node,
        })
    }

    /// The claims it makes from `context` (`{"member": …, "organization": …}` or
    /// `{"request": …}`).
    ///
    /// ```
    /// use serde_json::json;
    /// use stytch_emulator::{ClaimTemplate, TemplateKind};
    ///
    /// let template = ClaimTemplate::parse(TemplateKind::Session, r#"{"tier": {{ organization.trusted_metadata.tier }}, "n": [{{ member.name }}]}"#).unwrap();
    /// let claims = template.evaluate(&json!({"member": {"name": "Ada"}, "organization": {"trusted_metadata": {}}}));
    /// assert_eq!(serde_json::Value::Object(claims), json!({"n": ["Ada"]}), "a top-level claim naming nothing is left out");
    /// ```
    pub fn evaluate(&self, context: &Value) -> Map<String, Value> {
        self.node
            .iter()
            .map(|(key, node)| (key.clone(), evaluate(node, context)))
            .filter(|(_, value)| !value.is_null())
            .collect()
    }

    /// The template's text, as set.
    ///
    /// ```
    /// use stytch_emulator::{ClaimTemplate, TemplateKind};
    /// let text = r#"{"v": 1}"#;
    /// assert_eq!(ClaimTemplate::parse(TemplateKind::M2m, text).unwrap().content(), text);
    /// ```
    pub fn content(&self) -> &str {
        &self.content
    }

    /// The Management API's view of it (`jwt_template`).
    fn wire(kind: TemplateKind, template: Option<&Self>) -> Value {
        json!({
            "template_content": template.map(Self::content).unwrap_or_default(),
            "custom_audience": "",
            "jwt_template_type": kind.as_str(),
        })
    }
}

/// The text with each `{{ … }}` outside strings replaced by a marked string, and the tags'
/// insides in order.
fn mark_tags(content: &str) -> ApiResult<(String, Vec<String>)> {
    let mut text = String::with_capacity(content.len());
    let mut tags = Vec::new();
    let mut in_string = false;
    let mut escaped = false;
    let mut rest = content;
    while let Some(c) = rest.chars().next() {
        if in_string {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => in_string = false,
                _ => {}
            }
        } else if c == '"' {
            in_string = true;
        } else if let Some(after) = rest.strip_prefix("{{") {
            let Some(end) = after.find("}}") else {
                return Err(refused(
                    "jwt_template_mismatched_tag",
                    "A {{ tag is not closed with }}.",
                ));
            };
            text.push_str(&format!("\"{}{}\"", MARK.replace('\u{0}', "\\u0000"), tags.len()));
            tags.push(after[..end].trim().to_owned());
            rest = &after[end + 2..];
            continue;
        }
        text.push(c);
        rest = &rest[c.len_utf8()..];
    }
    Ok((text, tags))
}

fn check_key(key: &str) -> ApiResult<()> {
    if key.starts_with(MARK) {
        return Err(refused(
            "jwt_template_invalid_tag",
            "A tag may stand for a value, not for an object key.",
        ));
    }
    Ok(())
}

fn read_node(kind: TemplateKind, value: Value, tags: &[String]) -> ApiResult<Node> {
    Ok(match value {
        Value::String(text) => match text.strip_prefix(MARK).and_then(|n| n.parse::<usize>().ok()) {
            Some(index) => {
                let tag = tags.get(index).map(String::as_str).unwrap_or_default();
                let path: Vec<String> = tag.split('.').map(str::to_owned).collect();
                let valid = path.len() >= 2
                    && kind.roots().contains(&path[0].as_str())
                    && path
                        .iter()
                        .all(|part| !part.is_empty() && part.chars().all(|c| c.is_alphanumeric() || "_-$".contains(c)));
                if !valid {
                    return Err(refused(
                        "jwt_template_invalid_tag",
                        format!(
                            "{{{{ {tag} }}}} is not a variable: a {} template's start with {}.",
                            kind.as_str(),
                            kind.roots()
                                .iter()
                                .map(|r| format!("{r}."))
                                .collect::<Vec<_>>()
                                .join(" or ")
                        ),
                    ));
                }
                Node::Variable(path)
            }
            None => Node::Value(Value::String(text)),
        },
        Value::Array(items) => Node::Array(
            items
                .into_iter()
                .map(|item| read_node(kind, item, tags))
                .collect::<ApiResult<_>>()?,
        ),
        Value::Object(map) => {
            let mut fields = Vec::with_capacity(map.len());
            for (key, value) in map {
                check_key(&key)?;
                fields.push((key, read_node(kind, value, tags)?));
            }
            Node::Object(fields)
        }
        other => Node::Value(other),
    })
}

fn evaluate(node: &Node, context: &Value) -> Value {
    match node {
        Node::Value(value) => value.clone(),
        Node::Variable(path) => path
            .iter()
            .try_fold(context, |value, part| value.get(part))
            .cloned()
            .unwrap_or(Value::Null),
        Node::Array(items) => Value::Array(items.iter().map(|item| evaluate(item, context)).collect()),
        Node::Object(fields) => Value::Object(
            fields
                .iter()
                .map(|(key, node)| (key.clone(), evaluate(node, context)))
                .collect(),
        ),
    }
}

/// The test API's body for a template.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct TemplateInput {
    template_content: String,
    custom_audience: String,
}

impl Store {
    /// The project's template of a kind, if it has one.
    pub(crate) fn claim_template(&self, kind: TemplateKind) -> Option<&ClaimTemplate> {
        match kind {
            TemplateKind::Session => self.project.session_claim_template.as_ref(),
            TemplateKind::M2m => self.project.m2m_claim_template.as_ref(),
        }
    }

    /// `GET /emulator/v1/jwt_templates/{type}`: the Management API's `jwt_template`.
    pub(crate) fn jwt_template(&self, kind: TemplateKind) -> Value {
        json!({
            "request_id": super::ids::request_id(),
            "status_code": 200,
            "jwt_template": ClaimTemplate::wire(kind, self.claim_template(kind)),
        })
    }

    /// `PUT /emulator/v1/jwt_templates/{type}`: replaces the template (empty text, or `{}`,
    /// removes it); a refused one leaves the old in place.
    pub(crate) fn set_jwt_template(&mut self, kind: TemplateKind, input: &TemplateInput) -> ApiResult<Value> {
        if !input.custom_audience.trim().is_empty() {
            return Err(ApiError::bad_request(
                "custom_audience is not emulated: tokens keep the project ID as their audience.",
            ));
        }
        let text = input.template_content.trim();
        let template = match text {
            "" => None,
            _ => Some(ClaimTemplate::parse(kind, text)?).filter(|t| !t.node.is_empty()),
        };
        match kind {
            TemplateKind::Session => self.project.session_claim_template = template,
            TemplateKind::M2m => self.project.m2m_claim_template = template,
        }
        Ok(self.jwt_template(kind))
    }

    /// What a session's template variables stand for: its member (with `rbac`) and
    /// organization.
    pub(crate) fn session_template_context(&self, session: &MemberSession) -> Option<Value> {
        let organization = self.organization(&session.organization_id).ok()?;
        let member = self.member(&session.organization_id, &session.member_id).ok()?;
        let mut member_value = serde_json::to_value(member).ok()?;
        let mut rbac = Map::new();
        rbac.insert("roles".into(), json!(session.roles));
        for resource in &self.project.rbac_policy.resources {
            let mut actions: Vec<String> = resource
                .actions
                .iter()
                .filter(|action| self.permits(session, &resource.resource_id, action))
                .cloned()
                .collect();
            if actions.is_empty() && self.permits(session, &resource.resource_id, "*") {
                actions.push("*".into());
            }
            rbac.insert(resource.resource_id.clone(), json!({ "actions": actions }));
        }
        member_value["rbac"] = Value::Object(rbac);
        Some(json!({ "member": member_value, "organization": organization }))
    }

    /// The custom claims a session shows and its JWTs carry: the session template's output
    /// for its member, less the claims the session deleted, under the session's own.
    pub(crate) fn shown_claims(&self, session: &MemberSession) -> Option<Map<String, Value>> {
        let Some(template) = self.claim_template(TemplateKind::Session) else {
            return session.custom_claims.clone();
        };
        let mut claims = self
            .session_template_context(session)
            .map(|context| template.evaluate(&context))
            .unwrap_or_default();
        if let Some(record) = self
            .session_ids
            .get(&session.member_session_id)
            .and_then(|token| self.sessions.get(token))
        {
            for key in &record.removed_claims {
                claims.remove(key);
            }
        }
        claims.extend(session.custom_claims.clone().unwrap_or_default());
        (!claims.is_empty()).then_some(claims)
    }
}

/// The keys a session has deleted after `changes`: a `null` deletes its key (a template's
/// claim included), a value restores it.
pub(crate) fn removed_after(removed: &[String], changes: &Map<String, Value>) -> Vec<String> {
    let mut removed = removed.to_vec();
    for (key, value) in changes {
        removed.retain(|k| k != key);
        if value.is_null() {
            removed.push(key.clone());
        }
    }
    removed
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refusal(kind: TemplateKind, text: &str) -> String {
        ClaimTemplate::parse(kind, text)
            .unwrap_err()
            .error_type
            .as_str()
            .to_owned()
    }

    #[test]
    fn templates_stytch_would_refuse_are_refused_by_name() {
        let session = TemplateKind::Session;
        assert_eq!(refusal(session, "[1, 2]"), "jwt_template_invalid_json");
        assert_eq!(refusal(session, r#"{"a": }"#), "jwt_template_invalid_json");
        assert_eq!(
            refusal(session, r#"{"a": {{ member.name }"#),
            "jwt_template_mismatched_tag"
        );
        assert_eq!(
            refusal(session, r#"{"a": {{ request.x }}}"#),
            "jwt_template_invalid_tag"
        );
        assert_eq!(refusal(session, r#"{"a": {{ member }}}"#), "jwt_template_invalid_tag");
        assert_eq!(
            refusal(session, r#"{"a": {{ member..name }}}"#),
            "jwt_template_invalid_tag"
        );
        assert_eq!(
            refusal(session, r#"{"a": {{ member.name | upper }}}"#),
            "jwt_template_invalid_tag"
        );
        assert_eq!(
            refusal(session, r#"{ {{ member.name }}: 1 }"#),
            "jwt_template_invalid_tag"
        );
        assert_eq!(
            refusal(session, r#"{"n": { {{ member.name }}: 1 }}"#),
            "jwt_template_invalid_tag"
        );
        assert_eq!(
            refusal(session, r#"{"sub": {{ member.name }}}"#),
            "reserved_claims_in_custom_claims"
        );
        assert_eq!(
            refusal(TemplateKind::M2m, r#"{"scope": "admin"}"#),
            "reserved_claims_in_custom_claims"
        );
        assert_eq!(
            refusal(session, r#"{"https://stytch.com/session": 1}"#),
            "stytch_claims_in_custom_claims"
        );
        assert_eq!(
            refusal(TemplateKind::M2m, r#"{"a": {{ member.name }}}"#),
            "jwt_template_invalid_tag"
        );
        // Nested registered names and a `scope` in a session template are the app's own.
        assert!(ClaimTemplate::parse(session, r#"{"scope": 1, "x": {"sub": 2}}"#).is_ok());
    }

    #[test]
    fn tags_stand_for_values_anywhere_but_inside_strings() {
        let template = ClaimTemplate::parse(
            TemplateKind::Session,
            r#"{
                "plan": {{organization.trusted_metadata.subscription.level}},
                "who": {"name": {{ member.name }}, "roles": {{ member.rbac.roles }}},
                "list": [{{ member.email_address }}, 3, null],
                "text": "{{ member.name }} \" {{ stays",
                "gone": {{ member.trusted_metadata.missing }},
                "kept_null": {"x": {{ member.trusted_metadata.missing }}}
            }"#,
        )
        .unwrap();
        let context = json!({
            "member": {"name": "Ada", "email_address": "ada@example.com", "rbac": {"roles": ["stytch_member"]}, "trusted_metadata": {}},
            "organization": {"trusted_metadata": {"subscription": {"level": "gold"}}},
        });
        assert_eq!(
            Value::Object(template.evaluate(&context)),
            json!({
                "plan": "gold",
                "who": {"name": "Ada", "roles": ["stytch_member"]},
                "list": ["ada@example.com", 3, null],
                "text": "{{ member.name }} \" {{ stays",
                "kept_null": {"x": null},
            })
        );
    }

    #[test]
    fn deleting_a_claim_is_remembered_until_it_is_set_again() {
        let changes = |v: Value| v.as_object().unwrap().clone();
        let removed = removed_after(&[], &changes(json!({"plan": null, "x": 1})));
        assert_eq!(removed, ["plan"]);
        let removed = removed_after(&removed, &changes(json!({"other": null})));
        assert_eq!(removed, ["plan", "other"]);
        assert_eq!(removed_after(&removed, &changes(json!({"plan": "mine"}))), ["other"]);
    }
}
