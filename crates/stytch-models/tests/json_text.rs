//! `json::parse` and `json::stringify` must accept, read and write JSON exactly as serde_json
//! does: the browser build carries only them, and the emulator and native users carry serde_json.
//!
//! Three sources of documents: hand-picked edge cases of the grammar, generated trees (written
//! by serde_json, read back by both), and generated damage to valid documents (both must agree
//! on accepting or refusing, and on the value when they accept).

use serde_json::{Map, Number, Value};
use stytch_models::json::{parse, stringify, stringify_pretty};

/// A small deterministic generator (xorshift64*), so a failure names a reproducible seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// What serde_json makes of `text`: the value, or `None` when it refuses it.
fn by_serde(text: &str) -> Option<Value> {
    serde_json::from_str(text).ok()
}

/// Both parsers agree on `text`; the bit patterns of floats must match too (`-0.0` included).
fn agree(text: &str) {
    let ours = parse(text).ok();
    let theirs = by_serde(text);
    assert_eq!(
        ours.is_some(),
        theirs.is_some(),
        "accepting {text:?}: ours {ours:?}, serde_json {theirs:?}"
    );
    if let (Some(ours), Some(theirs)) = (ours, theirs) {
        assert!(
            same(&ours, &theirs),
            "reading {text:?}: ours {ours:?}, serde_json {theirs:?}"
        );
    }
}

/// Equality that tells `0.0` from `-0.0` and an integer from a float.
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => {
            (x.is_u64(), x.is_i64(), x.is_f64()) == (y.is_u64(), y.is_i64(), y.is_f64())
                && x.as_f64().map(f64::to_bits) == y.as_f64().map(f64::to_bits)
                && x.as_i64() == y.as_i64()
                && x.as_u64() == y.as_u64()
        }
        (Value::Array(x), Value::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same(a, b)),
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|((ka, a), (kb, b))| ka == kb && same(a, b))
        }
        _ => a == b,
    }
}

#[test]
fn edge_cases_of_the_grammar_read_as_with_serde_json() {
    let cases = [
        // literals and whitespace
        "null",
        " true ",
        "\t\n\rfalse\r\n",
        "nul",
        "truee",
        "True",
        "",
        " ",
        "[] x",
        "{} {}",
        // numbers
        "0",
        "-0",
        "-0.0",
        "0.0",
        "1",
        "-1",
        "01",
        "-01",
        "00",
        "1.",
        ".5",
        "-",
        "+1",
        "1e",
        "1e+",
        "1E5",
        "1e-5",
        "2.5E+3",
        "1.5e308",
        "1e309",
        "-1e309",
        "1e-400",
        "-1e-400",
        "4.9e-324",
        "2.2250738585072014e-308",
        "123456789012345678901234567890",
        "-123456789012345678901234567890",
        "18446744073709551615",
        "18446744073709551616",
        "18446744073709551616.5",
        "-9223372036854775808",
        "-9223372036854775809",
        "9223372036854775807",
        "0.1",
        "0.30000000000000004",
        "1e2147483648",
        "0e2147483648",
        "1e-2147483649",
        "3.141592653589793238462643383279",
        "1.7976931348623157e308",
        "0.000000000000000000000000000001234567890123456789012345",
        "12345678901234567890.12345e-3",
        // digits past a full significand: a smaller digit after the first that did not fit
        "184467440737095516160",
        "1844674407370955161601.5",
        "0.184467440737095516160001",
        "1e22",
        "1e23",
        "123e-22",
        "9007199254740993",
        "-9007199254740993.0",
        // strings and escapes
        r#""""#,
        r#""plain""#,
        r#""\"\\\/\b\f\n\r\t""#,
        r#""\u00e9\u20AC""#,
        r#""\ud83d\ude00""#,
        r#""\ud83d""#,
        r#""\ude00""#,
        r#""\ud83dx""#,
        r#""\ud83d\u0041""#,
        r#""\ud83d\n""#,
        r#""\u12""#,
        r#""\x41""#,
        r#""\"#,
        "\"unterminated",
        "\"tab\there\"",
        "\"nl\nhere\"",
        "\"\u{7f}\"",
        "\"é – 😀\"",
        "\"\\u0000\"",
        // arrays and objects
        "[]",
        "[ ]",
        "[1,2]",
        "[1,]",
        "[,1]",
        "[1 2]",
        "[[[]]]",
        "{}",
        r#"{"a":1}"#,
        r#"{"a":1,}"#,
        r#"{"a" 1}"#,
        r#"{a:1}"#,
        r#"{"a":1 "b":2}"#,
        r#"{"b":1,"a":2}"#,
        r#"{"a":1,"a":2}"#,
        r#"{"a":}"#,
        r#"{"":{"":[]}}"#,
        "[1,{\"x\":[null,true,\"s\"]}]",
        "{\"a\":[1,2",
        "[\"a\"",
    ];
    for case in cases {
        agree(case);
    }
}

#[test]
fn nesting_stops_where_serde_json_stops() {
    for depth in [126, 127, 128, 129, 5000] {
        agree(&format!("{}{}", "[".repeat(depth), "]".repeat(depth)));
        agree(&format!("{}1{}", "{\"k\":".repeat(depth), "}".repeat(depth)));
    }
}

fn string(rng: &mut Rng) -> String {
    const PIECES: &[&str] = &[
        "a", "Z", "0", " ", "\"", "\\", "/", "\n", "\t", "\u{1}", "\u{1f}", "\u{7f}", "é", "€", "😀", "\u{2028}",
    ];
    (0..rng.below(8))
        .map(|_| PIECES[rng.below(PIECES.len() as u64) as usize])
        .collect()
}

fn number(rng: &mut Rng) -> Number {
    match rng.below(6) {
        0 => Number::from(rng.below(1000)),
        1 => Number::from(rng.next()),
        2 => Number::from(-(rng.below(1 << 62) as i64) - 1),
        3 => Number::from_f64(f64::from_bits(rng.next())).unwrap_or_else(|| Number::from(0)),
        4 => Number::from_f64((rng.below(1_000_000) as f64) / 100.0).unwrap_or_else(|| Number::from(1)),
        _ => Number::from_f64(-(rng.below(1 << 40) as f64) * 1e-9).unwrap_or_else(|| Number::from(2)),
    }
}

fn tree(rng: &mut Rng, depth: u32) -> Value {
    match rng.below(if depth > 4 { 4 } else { 6 }) {
        0 => Value::Null,
        1 => Value::Bool(rng.below(2) == 1),
        2 => Value::Number(number(rng)),
        3 => Value::String(string(rng)),
        4 => Value::Array((0..rng.below(5)).map(|_| tree(rng, depth + 1)).collect()),
        _ => Value::Object(
            (0..rng.below(5))
                .map(|_| (string(rng), tree(rng, depth + 1)))
                .collect::<Map<_, _>>(),
        ),
    }
}

#[test]
fn generated_documents_read_and_write_as_with_serde_json() {
    let mut rng = Rng(0x5EED_1234_ABCD_0001);
    for round in 0..3000 {
        let value = tree(&mut rng, 0);
        let written = serde_json::to_string(&value).unwrap();
        assert_eq!(stringify(&value), written, "round {round}: writing {value:?}");
        // Read back as serde_json reads it: without `float_roundtrip`, a float with many digits
        // and a large exponent may come back one unit in the last place off, in both.
        assert!(parse(&written).is_ok(), "round {round}: {written} refused");
        agree(&written);
        // The same document with whitespace between every token.
        let pretty = serde_json::to_string_pretty(&value).unwrap();
        assert_eq!(
            stringify_pretty(&value),
            pretty,
            "round {round}: writing {value:?} indented"
        );
        agree(&pretty);
    }
}

#[test]
fn damaged_documents_are_refused_or_read_as_serde_json_does() {
    const BYTES: &[u8] = b"{}[]\",:.-+eE0123456789\\u ntfalsr";
    let mut rng = Rng(0xDA4A_6E00_0000_0042);
    let mut refused = 0;
    for _ in 0..6000 {
        let mut text = serde_json::to_string(&tree(&mut rng, 0)).unwrap().into_bytes();
        for _ in 0..=rng.below(3) {
            let at = rng.below(text.len() as u64 + 1) as usize;
            match rng.below(3) {
                0 if at < text.len() => {
                    text.remove(at);
                }
                1 if at < text.len() => text[at] = BYTES[rng.below(BYTES.len() as u64) as usize],
                _ => text.insert(at, BYTES[rng.below(BYTES.len() as u64) as usize]),
            }
        }
        // Damage can split a multi-byte character; such bytes are not a `&str` to begin with.
        let Ok(text) = String::from_utf8(text) else { continue };
        agree(&text);
        refused += usize::from(by_serde(&text).is_none());
    }
    // The damage must actually break documents, or this test checks nothing.
    assert!(refused > 1000, "only {refused} damaged documents were invalid");
}
