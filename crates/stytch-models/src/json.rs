//! Reading and writing models as JSON without serde's per-type code.
//!
//! serde's derived `Deserialize` generates a visitor per type and per deserializer; in a
//! browser build those visitors were a fifth of the wasm. [`FromJson`] reads a model from a
//! [`serde_json::Value`] tree instead: the JSON text is parsed once by [`parse`], and each
//! model's reader is a short list of field look-ups. The models keep their serde derives (the
//! emulator and native users read and write them with serde); the headless client reads every
//! response through `FromJson`, and tests hold both readers to the same results. [`ToJson`] is
//! the writer: request bodies and the cached state are written straight to JSON text, field by
//! field, in declaration order, the same text serde_json writes (no `Value` tree is built, so
//! writing allocates only the output). [`parse`](fn@parse) and [`stringify`](fn@stringify) are
//! this crate's own, one plain function each, and cost a browser build about 5 KB gzipped less
//! than serde_json's generic parser and serializer.
//!
//! Reading follows the models' serde attributes, and is a little more forgiving: a `null`
//! where a defaulted field is expected counts as missing instead of failing the response.
//!
//! ```
//! use stytch_models::{MemberSession, json};
//! let session: MemberSession =
//!     json::from_str(r#"{"member_session_id":"session-test-1","roles":["stytch_member"]}"#).unwrap();
//! assert_eq!(session.roles, ["stytch_member"]);
//! let err = json::from_str::<MemberSession>(r#"{"roles":[7]}"#).unwrap_err();
//! assert_eq!(err.to_string(), "expected a string at `roles[0]`");
//! ```

use serde_json::Map;

mod text;
pub use text::{parse, stringify, stringify_pretty};

/// The JSON tree a reader takes (serde_json's).
///
/// ```
/// use stytch_models::{Member, json::{self, FromJson, Value}};
/// let tree: Value = json::parse(r#"{"member_id":"member-test-1","name":"Ada"}"#).unwrap();
/// assert_eq!(tree["name"], "Ada");
/// let member = Member::from_json(tree).unwrap();
/// assert_eq!(member.member_id, "member-test-1");
/// ```
pub use serde_json::Value;

/// Implements [`FromJson`](trait@FromJson) for a struct from its `#[serde(...)]` attributes.
pub use stytch_models_derive::FromJson;
/// Implements [`ToJson`](trait@ToJson) for a struct from its `#[serde(...)]` attributes.
pub use stytch_models_derive::ToJson;

/// A type that can be read out of a JSON tree.
///
/// Derive it with `#[derive(FromJson)]` next to serde's derives:
///
/// ```
/// use stytch_models::json::{self, FromJson};
/// #[derive(Debug, Default, PartialEq, FromJson)]
/// #[serde(default)]
/// struct Page {
///     #[serde(rename = "type")]
///     kind: String,
///     count: Option<u32>,
/// }
/// assert_eq!(
///     json::from_str::<Page>(r#"{"type":"list","count":3,"extra":true}"#).unwrap(),
///     Page { kind: "list".into(), count: Some(3) },
/// );
/// ```
pub trait FromJson: Sized {
    /// Reads a value; the error names what was expected and where.
    fn from_json(value: Value) -> Result<Self, JsonError>;

    /// The value of a field that is missing from its object, if that is allowed
    /// (`Option` fields read as `None`, as with serde).
    #[doc(hidden)]
    fn absent() -> Option<Self> {
        None
    }
}

/// A type that can be written as JSON, as serde would write it.
///
/// Derive it with `#[derive(ToJson)]`. A hand-written implementation appends its JSON text to
/// `out`, for example through the `write_json` of the values it is made of.
///
/// ```
/// use stytch_models::json::{self, ToJson};
/// #[derive(ToJson)]
/// struct Body {
///     email_address: String,
///     #[serde(skip_serializing_if = "Option::is_none")]
///     locale: Option<String>,
/// }
/// let body = Body { email_address: "ada@example.com".into(), locale: Some("en".into()) };
/// assert_eq!(json::to_string(&body), r#"{"email_address":"ada@example.com","locale":"en"}"#);
/// assert_eq!(body.to_json()["locale"], "en");
/// ```
pub trait ToJson {
    /// Appends the value to `out` as compact JSON text.
    fn write_json(&self, out: &mut String);

    /// The value as a JSON tree (written as text, then parsed: for callers that need to look
    /// inside; sending or storing a value only needs [`to_string`](fn@to_string)).
    fn to_json(&self) -> Value {
        // What `write_json` writes is valid JSON; `Null` only if a tree nests past the limit.
        parse(&to_string(self)).unwrap_or(Value::Null)
    }
}

/// Writes `value` as compact JSON text.
///
/// ```
/// assert_eq!(stytch_models::json::to_string(&vec![Some(1u32), None]), "[1,null]");
/// ```
pub fn to_string<T: ToJson + ?Sized>(value: &T) -> String {
    let mut out = String::new();
    value.write_json(&mut out);
    out
}

/// The object a derived writer writes: `{`, then each field's key (written by the derive as a
/// ready-escaped `"key":` literal) and value, commas between, then `}`.
#[doc(hidden)]
pub struct Object<'a> {
    out: &'a mut String,
    empty: bool,
}

#[doc(hidden)]
impl<'a> Object<'a> {
    pub fn new(out: &'a mut String) -> Self {
        out.push('{');
        Object { out, empty: true }
    }

    /// A comma unless this is the first member; then the output, for the member's key.
    fn next_member(&mut self) -> &mut String {
        if !std::mem::replace(&mut self.empty, false) {
            self.out.push(',');
        }
        self.out
    }

    /// Starts a member whose key is already written as JSON text with its colon (`"key":`).
    #[inline(never)]
    fn key(&mut self, quoted: &str) -> &mut String {
        let out = self.next_member();
        out.push_str(quoted);
        out
    }

    #[inline(never)]
    pub fn write<T: ToJson + ?Sized>(&mut self, quoted_key: &str, value: &T) {
        value.write_json(self.key(quoted_key));
    }

    /// A member whose key is only known at run time (a map's), escaped as it is written.
    pub fn entry<T: ToJson + ?Sized>(&mut self, key: &str, value: &T) {
        let out = self.next_member();
        text::write_string(key, out);
        out.push(':');
        value.write_json(out);
    }

    /// A flattened map's entries.
    pub fn extend(&mut self, map: &Map<String, Value>) {
        for (key, value) in map {
            self.entry(key, value);
        }
    }

    pub fn finish(self) {
        self.out.push('}');
    }
}

/// A JSON document that does not have the shape a model expects.
///
/// ```
/// let err = stytch_models::json::from_str::<Vec<String>>("{").unwrap_err();
/// assert_eq!((err.expected(), err.path()), ("valid JSON", ""));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JsonError {
    expected: &'static str,
    path: String,
}

impl JsonError {
    fn new(expected: &'static str) -> Self {
        JsonError {
            expected,
            path: String::new(),
        }
    }

    /// The error for a required field that is missing from its object.
    ///
    /// ```
    /// let err = stytch_models::json::JsonError::missing("data");
    /// assert_eq!(err.to_string(), "expected a value at `data`");
    /// ```
    pub fn missing(key: &str) -> Self {
        JsonError::new("a value").at(key)
    }

    /// What was expected: "a string", "an object", "valid JSON"…
    ///
    /// ```
    /// use stytch_models::{Member, json};
    /// let error = json::from_str::<Member>(r#"{"member_id":7}"#).unwrap_err();
    /// assert_eq!(error.expected(), "a string");
    /// ```
    pub fn expected(&self) -> &'static str {
        self.expected
    }

    /// Where, as `field.inner[2]`; empty for the document itself.
    ///
    /// ```
    /// use stytch_models::{Member, json};
    /// let error = json::from_str::<Member>(r#"{"roles":[{"role_id":1}]}"#).unwrap_err();
    /// assert_eq!(error.path(), "roles[0].role_id");
    /// ```
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The error inside an array, at `[index]`. Out of line: every `Vec<T>` reader shares it.
    #[inline(never)]
    fn at_index(self, index: usize) -> Self {
        let mut step = String::from("[");
        step.push_str(&index.to_string());
        step.push(']');
        self.at(&step)
    }

    fn at(mut self, step: &str) -> Self {
        let mut path = String::with_capacity(step.len() + 1 + self.path.len());
        path.push_str(step);
        if !self.path.is_empty() && !self.path.starts_with('[') {
            path.push('.');
        }
        path.push_str(&self.path);
        self.path = path;
        self
    }
}

impl std::fmt::Display for JsonError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.path.is_empty() {
            write!(f, "expected {}", self.expected)
        } else {
            write!(f, "expected {} at `{}`", self.expected, self.path)
        }
    }
}

impl std::error::Error for JsonError {}

/// Parses JSON text and reads a `T` from it.
///
/// ```
/// let roles: Vec<String> = stytch_models::json::from_str(r#"["stytch_admin"]"#).unwrap();
/// assert_eq!(roles, ["stytch_admin"]);
/// ```
pub fn from_str<T: FromJson>(text: &str) -> Result<T, JsonError> {
    T::from_json(parse(text)?)
}

/// The fields of one object, as a derived reader takes them.
///
/// Readers of defaulted fields never return early: a field that fails keeps its default and
/// the first failure is reported by [`Fields::finish`]. Returning early from the middle of a
/// struct would make the compiler write clean-up code for every field read so far, at every
/// field; this way each field costs one call.
///
/// The entries are kept in a list and taken out by a linear search: objects here have a few
/// dozen keys at most, and a browser build then carries no B-tree removal and rebalancing code.
#[doc(hidden)]
pub struct Fields {
    entries: Vec<(String, Value)>,
    error: Option<JsonError>,
}

#[doc(hidden)]
impl Fields {
    pub fn new(value: Value) -> Result<Self, JsonError> {
        match value {
            Value::Object(object) => Ok(Fields {
                entries: object.into_iter().collect(),
                error: None,
            }),
            _ => Err(JsonError::new("an object")),
        }
    }

    /// Takes the value of `key` out, if present.
    #[inline(never)]
    fn take(&mut self, key: &str) -> Option<Value> {
        let index = self.entries.iter().position(|(name, _)| name == key)?;
        Some(self.entries.swap_remove(index).1)
    }

    /// A field without a default: missing is an error unless the type allows it (`Option`).
    #[inline(never)]
    pub fn required<T: FromJson>(&mut self, key: &str) -> Result<T, JsonError> {
        match self.take(key) {
            Some(value) => T::from_json(value).map_err(|e| e.at(key)),
            None => T::absent().ok_or_else(|| JsonError::missing(key)),
        }
    }

    /// A field of a defaulted struct, read in place: missing or `null` leaves `slot` as it is.
    #[inline(never)]
    pub fn read<T: FromJson>(&mut self, key: &str, slot: &mut T) {
        if let Some(value) = self.present(key) {
            match T::from_json(value) {
                Ok(value) => *slot = value,
                Err(e) => self.fail(e, key),
            }
        }
    }

    /// The value of `key` unless it is missing or `null`.
    #[inline(never)]
    fn present(&mut self, key: &str) -> Option<Value> {
        self.take(key).filter(|value| !value.is_null())
    }

    /// Records a field's failure, if it is the first. Out of line: every `read` shares it.
    #[inline(never)]
    fn fail(&mut self, error: JsonError, key: &str) {
        if self.error.is_none() {
            self.error = Some(error.at(key));
        }
    }

    /// The first failure, if any field failed.
    pub fn finish(&mut self) -> Result<(), JsonError> {
        self.error.take().map_or(Ok(()), Err)
    }

    /// A flattened map: every field the struct's other fields did not take.
    pub fn rest(&mut self) -> Map<String, Value> {
        let mut rest = Map::new();
        for (key, value) in self.entries.drain(..) {
            rest.insert(key, value);
        }
        rest
    }
}

impl FromJson for String {
    fn from_json(value: Value) -> Result<Self, JsonError> {
        match value {
            Value::String(text) => Ok(text),
            _ => Err(JsonError::new("a string")),
        }
    }
}

impl FromJson for bool {
    fn from_json(value: Value) -> Result<Self, JsonError> {
        value.as_bool().ok_or_else(|| JsonError::new("a boolean"))
    }
}

impl FromJson for f64 {
    fn from_json(value: Value) -> Result<Self, JsonError> {
        value.as_f64().ok_or_else(|| JsonError::new("a number"))
    }
}

macro_rules! integers {
    ($($ty:ty),*) => {$(
        impl FromJson for $ty {
            fn from_json(value: Value) -> Result<Self, JsonError> {
                value
                    .as_i64()
                    .and_then(|n| <$ty>::try_from(n).ok())
                    .or_else(|| value.as_u64().and_then(|n| <$ty>::try_from(n).ok()))
                    .ok_or_else(|| JsonError::new(concat!("an integer that fits ", stringify!($ty))))
            }
        }
    )*};
}
integers!(u8, u16, u32, u64, i32, i64);

impl<T: FromJson> FromJson for Option<T> {
    fn from_json(value: Value) -> Result<Self, JsonError> {
        match value {
            Value::Null => Ok(None),
            value => T::from_json(value).map(Some),
        }
    }

    fn absent() -> Option<Self> {
        Some(None)
    }
}

impl<T: FromJson> FromJson for Vec<T> {
    fn from_json(value: Value) -> Result<Self, JsonError> {
        let items = array(value)?;
        let mut out = Vec::with_capacity(items.len());
        for (index, item) in items.into_iter().enumerate() {
            out.push(T::from_json(item).map_err(|e| e.at_index(index))?);
        }
        Ok(out)
    }
}

/// An array's items. Out of line: every `Vec<T>` reader shares it.
#[inline(never)]
fn array(value: Value) -> Result<Vec<Value>, JsonError> {
    match value {
        Value::Array(items) => Ok(items),
        _ => Err(JsonError::new("an array")),
    }
}

impl FromJson for Value {
    fn from_json(value: Value) -> Result<Self, JsonError> {
        Ok(value)
    }
}

impl FromJson for Map<String, Value> {
    fn from_json(value: Value) -> Result<Self, JsonError> {
        match value {
            Value::Object(object) => Ok(object),
            _ => Err(JsonError::new("an object")),
        }
    }
}

/// An object keyed by ID, e.g. a member search's `organizations`.
impl<T: FromJson> FromJson for std::collections::BTreeMap<String, T> {
    fn from_json(value: Value) -> Result<Self, JsonError> {
        let mut out = Self::new();
        for (key, item) in Map::from_json(value)? {
            let item = T::from_json(item).map_err(|e| e.at(&key))?;
            out.insert(key, item);
        }
        Ok(out)
    }
}

impl ToJson for str {
    fn write_json(&self, out: &mut String) {
        text::write_string(self, out);
    }
}

impl ToJson for String {
    fn write_json(&self, out: &mut String) {
        text::write_string(self, out);
    }
}

impl ToJson for bool {
    fn write_json(&self, out: &mut String) {
        out.push_str(if *self { "true" } else { "false" });
    }
}

impl ToJson for f64 {
    fn write_json(&self, out: &mut String) {
        // serde_json's text for a float (and `null` for NaN and infinities, as it writes them).
        let value = serde_json::Number::from_f64(*self).map_or(Value::Null, Value::Number);
        text::write(&value, out);
    }
}

macro_rules! write_integers {
    ($($ty:ty),*) => {$(
        impl ToJson for $ty {
            fn write_json(&self, out: &mut String) {
                use std::fmt::Write as _;
                let _ = write!(out, "{self}");
            }
        }
    )*};
}
write_integers!(u8, u16, u32, u64, i32, i64);

impl<T: ToJson> ToJson for Option<T> {
    fn write_json(&self, out: &mut String) {
        match self {
            Some(value) => value.write_json(out),
            None => out.push_str("null"),
        }
    }
}

impl<T: ToJson> ToJson for [T] {
    fn write_json(&self, out: &mut String) {
        out.push('[');
        for (index, item) in self.iter().enumerate() {
            if index > 0 {
                out.push(',');
            }
            item.write_json(out);
        }
        out.push(']');
    }
}

impl<T: ToJson> ToJson for Vec<T> {
    fn write_json(&self, out: &mut String) {
        self.as_slice().write_json(out);
    }
}

impl<T: ToJson + ?Sized> ToJson for &T {
    fn write_json(&self, out: &mut String) {
        (**self).write_json(out);
    }
}

impl ToJson for () {
    fn write_json(&self, out: &mut String) {
        out.push_str("null");
    }
}

impl ToJson for Value {
    fn write_json(&self, out: &mut String) {
        text::write(self, out);
    }

    fn to_json(&self) -> Value {
        self.clone()
    }
}

impl ToJson for Map<String, Value> {
    fn write_json(&self, out: &mut String) {
        let mut object = Object::new(out);
        object.extend(self);
        object.finish();
    }

    fn to_json(&self) -> Value {
        Value::Object(self.clone())
    }
}

impl<T: ToJson> ToJson for std::collections::BTreeMap<String, T> {
    fn write_json(&self, out: &mut String) {
        let mut object = Object::new(out);
        for (key, item) in self {
            object.entry(key, item);
        }
        object.finish();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_are_range_checked_and_floats_refused() {
        assert_eq!(from_str::<u16>("404"), Ok(404));
        assert_eq!(from_str::<i64>("-3"), Ok(-3));
        assert_eq!(from_str::<u64>("18446744073709551615"), Ok(u64::MAX));
        for bad in ["70000", "-1", "2.5", "\"7\"", "null"] {
            assert_eq!(
                from_str::<u16>(bad).unwrap_err().expected(),
                "an integer that fits u16",
                "{bad}"
            );
        }
    }

    #[test]
    fn errors_name_the_path_through_arrays_and_objects() {
        let err = from_str::<Vec<Option<Vec<bool>>>>("[null,[true,1]]").unwrap_err();
        assert_eq!(err.path(), "[1][1]");
        assert_eq!(err.expected(), "a boolean");
    }

    #[test]
    fn maps_keyed_by_id_round_trip_and_name_the_failing_key() {
        use std::collections::BTreeMap;
        let map: BTreeMap<String, Vec<u16>> = from_str(r#"{"b":[2],"a":[1]}"#).unwrap();
        assert_eq!(map.keys().collect::<Vec<_>>(), ["a", "b"]);
        assert_eq!(to_string(&map), r#"{"a":[1],"b":[2]}"#);
        let err = from_str::<BTreeMap<String, Vec<u16>>>(r#"{"a":[1],"org-2":[1,"x"]}"#).unwrap_err();
        assert_eq!(err.path(), "org-2[1]");
        assert_eq!(
            from_str::<BTreeMap<String, u16>>("[]").unwrap_err().expected(),
            "an object"
        );
    }
}
