//! RFC 3339 timestamps as Stytch writes them (`2021-12-29T12:33:09Z`), converted to and from
//! milliseconds since the Unix epoch without a date-time dependency.

/// Parses an RFC 3339 timestamp into milliseconds since the epoch.
/// Accepts fractional seconds and `Z` or `±HH:MM` offsets; returns `None` for anything else.
///
/// ```
/// use stytch_models::time::parse_rfc3339;
/// assert_eq!(parse_rfc3339("1970-01-01T00:00:01Z"), Some(1000));
/// assert_eq!(parse_rfc3339("2021-12-29T12:33:09.5+01:00"), Some(1_640_777_589_500));
/// assert_eq!(parse_rfc3339("yesterday"), None);
/// ```
pub fn parse_rfc3339(text: &str) -> Option<i64> {
    let b = text.as_bytes();
    if b.len() < 20
        || b[4] != b'-'
        || b[7] != b'-'
        || !matches!(b[10], b'T' | b't' | b' ')
        || b[13] != b':'
        || b[16] != b':'
    {
        return None;
    }
    let num = |range: std::ops::Range<usize>| -> Option<i64> {
        let s = text.get(range)?;
        if s.bytes().all(|c| c.is_ascii_digit()) {
            s.parse().ok()
        } else {
            None
        }
    };
    let (year, month, day) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (hour, minute, second) = (num(11..13)?, num(14..16)?, num(17..19)?);
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) || hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    let mut rest = &text[19..];
    let mut millis = 0i64;
    if let Some(fraction) = rest.strip_prefix('.') {
        let digits = fraction.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return None;
        }
        let mut scaled = 0i64;
        for (i, c) in fraction.bytes().take(3).enumerate() {
            if i < digits {
                scaled = scaled * 10 + i64::from(c - b'0');
            }
        }
        for _ in digits.min(3)..3 {
            scaled *= 10;
        }
        millis = scaled;
        rest = &fraction[digits..];
    }
    let offset_minutes = match rest.as_bytes() {
        [b'Z' | b'z'] => 0,
        [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] => {
            let all = [*h1, *h2, *m1, *m2];
            if !all.iter().all(u8::is_ascii_digit) {
                return None;
            }
            let value = i64::from((h1 - b'0') * 10 + (h2 - b'0')) * 60 + i64::from((m1 - b'0') * 10 + (m2 - b'0'));
            if *sign == b'-' { -value } else { value }
        }
        _ => return None,
    };
    let days = days_from_civil(year, month, day);
    let seconds = days * 86_400 + hour * 3_600 + minute * 60 + second - offset_minutes * 60;
    Some(seconds * 1_000 + millis)
}

/// Formats milliseconds since the epoch as Stytch does: UTC, whole seconds, `Z`.
///
/// ```
/// use stytch_models::time::{format_rfc3339, parse_rfc3339};
/// assert_eq!(format_rfc3339(1_640_781_189_000), "2021-12-29T12:33:09Z");
/// assert_eq!(parse_rfc3339(&format_rfc3339(86_400_000)), Some(86_400_000));
/// ```
pub fn format_rfc3339(unix_millis: i64) -> String {
    let seconds = unix_millis.div_euclid(1_000);
    let days = seconds.div_euclid(86_400);
    let in_day = seconds.rem_euclid(86_400);
    let (year, month, day) = civil_from_days(days);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        in_day / 3_600,
        in_day % 3_600 / 60,
        in_day % 60
    )
}

/// Formats milliseconds since the epoch as an HTTP date (RFC 9110 IMF-fixdate), the form of a
/// cookie's `Expires` attribute and of JavaScript's `Date.prototype.toUTCString`.
///
/// ```
/// use stytch_models::time::format_http_date;
/// assert_eq!(format_http_date(0), "Thu, 01 Jan 1970 00:00:00 GMT");
/// assert_eq!(format_http_date(1_640_781_189_000), "Wed, 29 Dec 2021 12:33:09 GMT");
/// ```
pub fn format_http_date(unix_millis: i64) -> String {
    const WEEKDAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let seconds = unix_millis.div_euclid(1_000);
    let days = seconds.div_euclid(86_400);
    let in_day = seconds.rem_euclid(86_400);
    let (year, month, day) = civil_from_days(days);
    // The epoch was a Thursday; `month` is 1 to 12.
    let weekday = WEEKDAYS[days.rem_euclid(7) as usize];
    let month = MONTHS[(month - 1).clamp(0, 11) as usize];
    format!(
        "{weekday}, {day:02} {month} {year:04} {:02}:{:02}:{:02} GMT",
        in_day / 3_600,
        in_day % 3_600 / 60,
        in_day % 60
    )
}

// Howard Hinnant's days-from-civil algorithm (proleptic Gregorian calendar).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_across_eras_and_leap_days() {
        for ms in [0, 951_782_400_000, 4_107_542_399_000, -86_400_000, 1_709_164_800_000] {
            assert_eq!(parse_rfc3339(&format_rfc3339(ms)), Some(ms), "{}", format_rfc3339(ms));
        }
        assert_eq!(format_rfc3339(951_782_400_000), "2000-02-29T00:00:00Z");
    }

    #[test]
    fn http_dates_name_the_weekday_and_month() {
        assert_eq!(format_http_date(951_782_400_000), "Tue, 29 Feb 2000 00:00:00 GMT");
        assert_eq!(format_http_date(-86_400_000), "Wed, 31 Dec 1969 00:00:00 GMT");
        assert_eq!(format_http_date(4_107_542_399_000), "Sun, 28 Feb 2100 23:59:59 GMT");
    }

    #[test]
    fn rejects_malformed_input_without_panicking() {
        for bad in [
            "",
            "2021-13-01T00:00:00Z",
            "2021-12-29T12:33:09",
            "2021-12-29T12:33:09.Z",
            "２０２１-12-29T12:33:09Z",
            "2021-12-29T12:33:09+0100",
        ] {
            assert_eq!(parse_rfc3339(bad), None, "{bad}");
        }
    }

    #[test]
    fn fractions_and_offsets() {
        assert_eq!(parse_rfc3339("1970-01-01T00:00:00.123456Z"), Some(123));
        assert_eq!(parse_rfc3339("1970-01-01T01:00:00+01:00"), Some(0));
        assert_eq!(parse_rfc3339("1970-01-01T00:00:00-00:30"), Some(1_800_000));
    }
}
