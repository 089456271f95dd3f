//! JSON text to [`Value`] and back, without serde.
//!
//! The browser build reads every response and writes every request through these two
//! functions. serde_json's `Deserializer` and `Serializer` are generic state machines with
//! error positions, visitor plumbing and a formatter per output type; this parser and writer are
//! one plain function each. They accept and produce what serde_json does (the tests compare
//! them on generated documents): the same grammar, a nesting limit of 127 levels, lone
//! surrogate escapes refused, and numbers read as serde_json reads them without its
//! `float_roundtrip` feature. (With serde_json's `arbitrary_precision` feature switched on
//! somewhere in an app's dependencies, serde_json would keep a number's digits as written;
//! these read every number as an integer or an `f64`, as without it.)

use serde_json::{Map, Number, Value};

use super::JsonError;

/// How many arrays and objects may nest inside one another (serde_json's limit).
const MAX_DEPTH: u32 = 127;

/// Parses JSON text into a tree; the same result as `serde_json::from_str::<Value>`.
///
/// ```
/// use stytch_models::json::{parse, Value};
/// let value = parse(r#" {"roles": ["stytch_admin"], "n": -3, "ok": true} "#).unwrap();
/// assert_eq!(value["roles"][0], "stytch_admin");
/// assert_eq!(value["n"].as_i64(), Some(-3));
/// assert_eq!(parse("[1,]").unwrap_err().expected(), "valid JSON");
/// assert_eq!(parse("\"\\ud800\"").unwrap_err().expected(), "valid JSON");
/// ```
pub fn parse(text: &str) -> Result<Value, JsonError> {
    let mut parser = Parser { text, at: 0 };
    let value = parser.value(0)?;
    parser.skip_whitespace();
    if parser.at == text.len() {
        Ok(value)
    } else {
        Err(invalid())
    }
}

/// Writes a tree as compact JSON text; the same text as `serde_json::to_string`.
///
/// ```
/// use stytch_models::json::{stringify, Value};
/// let value: Value = serde_json::json!({"b": [1, 2.5, null], "a": "line\nbreak \"quoted\""});
/// assert_eq!(stringify(&value), r#"{"a":"line\nbreak \"quoted\"","b":[1,2.5,null]}"#);
/// ```
pub fn stringify(value: &Value) -> String {
    let mut out = String::new();
    write(value, &mut out);
    out
}

/// Writes a tree as indented JSON text (two spaces); the same text as
/// `serde_json::to_string_pretty`, for showing a document to a person.
///
/// ```
/// use stytch_models::json::{stringify_pretty, Value};
/// let value: Value = serde_json::json!({"roles": ["stytch_admin"], "meta": {}});
/// assert_eq!(stringify_pretty(&value), "{\n  \"meta\": {},\n  \"roles\": [\n    \"stytch_admin\"\n  ]\n}");
/// ```
pub fn stringify_pretty(value: &Value) -> String {
    let mut out = String::new();
    write_pretty(value, 0, &mut out);
    out
}

fn write_pretty(value: &Value, depth: usize, out: &mut String) {
    match value {
        Value::Array(items) if !items.is_empty() => {
            out.push('[');
            for (index, item) in items.iter().enumerate() {
                separate(index, depth + 1, out);
                write_pretty(item, depth + 1, out);
            }
            new_line(depth, out);
            out.push(']');
        }
        Value::Object(object) if !object.is_empty() => {
            out.push('{');
            for (index, (key, item)) in object.iter().enumerate() {
                separate(index, depth + 1, out);
                write_string(key, out);
                out.push_str(": ");
                write_pretty(item, depth + 1, out);
            }
            new_line(depth, out);
            out.push('}');
        }
        other => write(other, out),
    }
}

/// Before the `index`th member or item: a comma after the first, then a new line.
fn separate(index: usize, depth: usize, out: &mut String) {
    if index > 0 {
        out.push(',');
    }
    new_line(depth, out);
}

fn new_line(depth: usize, out: &mut String) {
    out.push('\n');
    for _ in 0..depth {
        out.push_str("  ");
    }
}

fn invalid() -> JsonError {
    JsonError::new("valid JSON")
}

struct Parser<'a> {
    text: &'a str,
    at: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.at).copied()
    }

    fn skip_whitespace(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\n' | b'\t' | b'\r')) {
            self.at += 1;
        }
    }

    /// Skips whitespace, then takes `byte` if it comes next.
    fn eat(&mut self, byte: u8) -> bool {
        self.skip_whitespace();
        let found = self.peek() == Some(byte);
        if found {
            self.at += 1;
        }
        found
    }

    fn value(&mut self, depth: u32) -> Result<Value, JsonError> {
        self.skip_whitespace();
        let nested = depth < MAX_DEPTH;
        match self.peek() {
            Some(b'n') => self.word("null", Value::Null),
            Some(b't') => self.word("true", Value::Bool(true)),
            Some(b'f') => self.word("false", Value::Bool(false)),
            Some(b'"') => self.string().map(Value::String),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(b'[') if nested => {
                self.at += 1;
                let mut items = Vec::new();
                if !self.eat(b']') {
                    loop {
                        items.push(self.value(depth + 1)?);
                        if self.eat(b']') {
                            break;
                        }
                        if !self.eat(b',') {
                            return Err(invalid());
                        }
                    }
                }
                Ok(Value::Array(items))
            }
            Some(b'{') if nested => {
                self.at += 1;
                let mut object = Map::new();
                if !self.eat(b'}') {
                    loop {
                        self.skip_whitespace();
                        if self.peek() != Some(b'"') {
                            return Err(invalid());
                        }
                        let key = self.string()?;
                        if !self.eat(b':') {
                            return Err(invalid());
                        }
                        let value = self.value(depth + 1)?;
                        object.insert(key, value);
                        if self.eat(b'}') {
                            break;
                        }
                        if !self.eat(b',') {
                            return Err(invalid());
                        }
                    }
                }
                Ok(Value::Object(object))
            }
            _ => Err(invalid()),
        }
    }

    fn word(&mut self, word: &str, value: Value) -> Result<Value, JsonError> {
        if self
            .text
            .as_bytes()
            .get(self.at..)
            .is_some_and(|rest| rest.starts_with(word.as_bytes()))
        {
            self.at += word.len();
            Ok(value)
        } else {
            Err(invalid())
        }
    }

    /// A string, the parser at its opening quote.
    fn string(&mut self) -> Result<String, JsonError> {
        self.at += 1;
        let mut out = String::new();
        loop {
            let start = self.at;
            let rest = self.text.as_bytes().get(start..).unwrap_or_default();
            self.at += rest
                .iter()
                .position(|&byte| byte == b'"' || byte == b'\\' || byte < 0x20)
                .unwrap_or(rest.len());
            // Both ends are at ASCII bytes (or the end), so this is never out of bounds.
            out.push_str(self.text.get(start..self.at).ok_or_else(invalid)?);
            match self.peek() {
                Some(b'"') => {
                    self.at += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.at += 1;
                    self.escape(&mut out)?;
                }
                // A control character, or the text ended inside the string.
                _ => return Err(invalid()),
            }
        }
    }

    /// One escape, the parser past its backslash.
    fn escape(&mut self, out: &mut String) -> Result<(), JsonError> {
        let Some(byte) = self.peek() else {
            return Err(invalid());
        };
        self.at += 1;
        out.push(match byte {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                let high = self.hex4()?;
                let code = match high {
                    0xD800..=0xDBFF => {
                        // A leading surrogate must be followed by an escaped trailing one.
                        if self.peek() != Some(b'\\') {
                            return Err(invalid());
                        }
                        self.at += 1;
                        if self.peek() != Some(b'u') {
                            return Err(invalid());
                        }
                        self.at += 1;
                        let low = self.hex4()?;
                        if !(0xDC00..=0xDFFF).contains(&low) {
                            return Err(invalid());
                        }
                        0x1_0000 + ((high - 0xD800) << 10) + (low - 0xDC00)
                    }
                    code => code,
                };
                // A trailing surrogate on its own is not a character.
                char::from_u32(code).ok_or_else(invalid)?
            }
            _ => return Err(invalid()),
        });
        Ok(())
    }

    fn hex4(&mut self) -> Result<u32, JsonError> {
        let mut code = 0;
        for _ in 0..4 {
            let digit = self.peek().and_then(|b| (b as char).to_digit(16)).ok_or_else(invalid)?;
            code = code * 16 + digit;
            self.at += 1;
        }
        Ok(code)
    }

    /// Digits from here on, into a decimal significand and a power of ten, as serde_json reads
    /// them: once the significand is full, further digits of an integer part raise the power
    /// and further digits of a fraction are dropped.
    fn digits(&mut self, significand: &mut u64, exponent: &mut i32, fraction: bool) -> usize {
        let mut count = 0;
        let mut full = false;
        while let Some(byte @ b'0'..=b'9') = self.peek() {
            self.at += 1;
            count += 1;
            if !full {
                match significand
                    .checked_mul(10)
                    .and_then(|n| n.checked_add(u64::from(byte - b'0')))
                {
                    Some(next) => {
                        *significand = next;
                        if fraction {
                            *exponent = exponent.saturating_sub(1);
                        }
                        continue;
                    }
                    None => full = true,
                }
            }
            if !fraction {
                *exponent = exponent.saturating_add(1);
            }
        }
        count
    }

    fn number(&mut self) -> Result<Value, JsonError> {
        let negative = self.peek() == Some(b'-');
        if negative {
            self.at += 1;
        }
        let mut significand = 0u64;
        let mut exponent = 0i32;
        let leading_zero = self.peek() == Some(b'0');
        let integer_digits = self.digits(&mut significand, &mut exponent, false);
        if integer_digits == 0 || (leading_zero && integer_digits > 1) {
            return Err(invalid());
        }
        let mut float = exponent != 0;
        if self.peek() == Some(b'.') {
            self.at += 1;
            float = true;
            if self.digits(&mut significand, &mut exponent, true) == 0 {
                return Err(invalid());
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.at += 1;
            float = true;
            let negative_exponent = match self.peek() {
                Some(b'-') => {
                    self.at += 1;
                    true
                }
                Some(b'+') => {
                    self.at += 1;
                    false
                }
                _ => false,
            };
            let mut value = 0i32;
            let mut overflowed = false;
            let mut count = 0;
            while let Some(byte @ b'0'..=b'9') = self.peek() {
                self.at += 1;
                count += 1;
                match value
                    .checked_mul(10)
                    .and_then(|v| v.checked_add(i32::from(byte - b'0')))
                {
                    Some(next) => value = next,
                    None => overflowed = true,
                }
            }
            if count == 0 {
                return Err(invalid());
            }
            if overflowed {
                // Beyond any power of ten: zero, or out of range.
                if significand != 0 && !negative_exponent {
                    return Err(invalid());
                }
                return Ok(float_value(if negative { -0.0 } else { 0.0 }));
            }
            exponent = if negative_exponent {
                exponent.saturating_sub(value)
            } else {
                exponent.saturating_add(value)
            };
        }
        if !float {
            if !negative {
                return Ok(Value::Number(significand.into()));
            }
            if let Some(negated) = i64::try_from(significand).ok().map(|n| -n).filter(|n| *n < 0) {
                return Ok(Value::Number(negated.into()));
            }
            if significand == 1 << 63 {
                return Ok(Value::Number(i64::MIN.into()));
            }
        }
        let magnitude = scale(significand, exponent).ok_or_else(invalid)?;
        Ok(float_value(if negative { -magnitude } else { magnitude }))
    }
}

fn float_value(value: f64) -> Value {
    Number::from_f64(value).map_or(Value::Null, Value::Number)
}

/// `significand × 10^exponent`, computed as serde_json computes it; `None` when out of range.
fn scale(significand: u64, mut exponent: i32) -> Option<f64> {
    #[allow(clippy::cast_precision_loss)] // rounding to the nearest f64 is the point
    let mut value = significand as f64;
    loop {
        match POW10.get(exponent.unsigned_abs() as usize) {
            Some(&power) if exponent >= 0 => {
                value *= power;
                return value.is_finite().then_some(value);
            }
            Some(&power) => return Some(value / power),
            None if value == 0.0 => return Some(value),
            None if exponent >= 0 => return None,
            None => {
                value /= 1e308;
                exponent += 308;
            }
        }
    }
}

pub(super) fn write(value: &Value, out: &mut String) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(true) => out.push_str("true"),
        Value::Bool(false) => out.push_str("false"),
        Value::Number(number) => {
            use std::fmt::Write as _;
            let _ = write!(out, "{number}");
        }
        Value::String(text) => write_string(text, out),
        Value::Array(items) => {
            out.push('[');
            for (index, item) in items.iter().enumerate() {
                if index > 0 {
                    out.push(',');
                }
                write(item, out);
            }
            out.push(']');
        }
        Value::Object(object) => {
            out.push('{');
            for (index, (key, item)) in object.iter().enumerate() {
                if index > 0 {
                    out.push(',');
                }
                write_string(key, out);
                out.push(':');
                write(item, out);
            }
            out.push('}');
        }
    }
}

pub(super) fn write_string(text: &str, out: &mut String) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push('"');
    let mut start = 0;
    for (index, byte) in text.bytes().enumerate() {
        let escaped = match byte {
            b'"' => '"',
            b'\\' => '\\',
            b'\n' => 'n',
            b'\r' => 'r',
            b'\t' => 't',
            0x08 => 'b',
            0x0c => 'f',
            0..0x20 => 'u',
            _ => continue,
        };
        // `index` is at an ASCII byte, so both slices end on character boundaries.
        out.push_str(text.get(start..index).unwrap_or_default());
        out.push('\\');
        out.push(escaped);
        if escaped == 'u' {
            out.push_str("00");
            out.push(char::from(HEX[usize::from(byte >> 4)]));
            out.push(char::from(HEX[usize::from(byte & 0xf)]));
        }
        start = index + 1;
    }
    out.push_str(text.get(start..).unwrap_or_default());
    out.push('"');
}

/// Powers of ten as the nearest `f64`s, as serde_json's table has them.
#[rustfmt::skip]
static POW10: [f64; 309] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22, 1e23, 1e24, 1e25, 1e26, 1e27, 1e28, 1e29, 1e30, 1e31,
    1e32, 1e33, 1e34, 1e35, 1e36, 1e37, 1e38, 1e39, 1e40, 1e41, 1e42, 1e43, 1e44, 1e45, 1e46,
    1e47, 1e48, 1e49, 1e50, 1e51, 1e52, 1e53, 1e54, 1e55, 1e56, 1e57, 1e58, 1e59, 1e60, 1e61,
    1e62, 1e63, 1e64, 1e65, 1e66, 1e67, 1e68, 1e69, 1e70, 1e71, 1e72, 1e73, 1e74, 1e75, 1e76,
    1e77, 1e78, 1e79, 1e80, 1e81, 1e82, 1e83, 1e84, 1e85, 1e86, 1e87, 1e88, 1e89, 1e90, 1e91,
    1e92, 1e93, 1e94, 1e95, 1e96, 1e97, 1e98, 1e99, 1e100, 1e101, 1e102, 1e103, 1e104, 1e105,
    1e106, 1e107, 1e108, 1e109, 1e110, 1e111, 1e112, 1e113, 1e114, 1e115, 1e116, 1e117, 1e118,
    1e119, 1e120, 1e121, 1e122, 1e123, 1e124, 1e125, 1e126, 1e127, 1e128, 1e129, 1e130, 1e131,
    1e132, 1e133, 1e134, 1e135, 1e136, 1e137, 1e138, 1e139, 1e140, 1e141, 1e142, 1e143, 1e144,
    1e145, 1e146, 1e147, 1e148, 1e149, 1e150, 1e151, 1e152, 1e153, 1e154, 1e155, 1e156, 1e157,
    1e158, 1e159, 1e160, 1e161, 1e162, 1e163, 1e164, 1e165, 1e166, 1e167, 1e168, 1e169, 1e170,
    1e171, 1e172, 1e173, 1e174, 1e175, 1e176, 1e177, 1e178, 1e179, 1e180, 1e181, 1e182, 1e183,
    1e184, 1e185, 1e186, 1e187, 1e188, 1e189, 1e190, 1e191, 1e192, 1e193, 1e194, 1e195, 1e196,
    1e197, 1e198, 1e199, 1e200, 1e201, 1e202, 1e203, 1e204, 1e205, 1e206, 1e207, 1e208, 1e209,
    1e210, 1e211, 1e212, 1e213, 1e214, 1e215, 1e216, 1e217, 1e218, 1e219, 1e220, 1e221, 1e222,
    1e223, 1e224, 1e225, 1e226, 1e227, 1e228, 1e229, 1e230, 1e231, 1e232, 1e233, 1e234, 1e235,
    1e236, 1e237, 1e238, 1e239, 1e240, 1e241, 1e242, 1e243, 1e244, 1e245, 1e246, 1e247, 1e248,
    1e249, 1e250, 1e251, 1e252, 1e253, 1e254, 1e255, 1e256, 1e257, 1e258, 1e259, 1e260, 1e261,
    1e262, 1e263, 1e264, 1e265, 1e266, 1e267, 1e268, 1e269, 1e270, 1e271, 1e272, 1e273, 1e274,
    1e275, 1e276, 1e277, 1e278, 1e279, 1e280, 1e281, 1e282, 1e283, 1e284, 1e285, 1e286, 1e287,
    1e288, 1e289, 1e290, 1e291, 1e292, 1e293, 1e294, 1e295, 1e296, 1e297, 1e298, 1e299, 1e300,
    1e301, 1e302, 1e303, 1e304, 1e305, 1e306, 1e307, 1e308
];
