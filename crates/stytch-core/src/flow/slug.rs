//! Client-side slug rules, so a person hears about a bad slug before a round trip.

/// What is wrong with a slug.
///
/// ```
/// use stytch_core::flow::{SlugProblem, validate_slug};
///
/// assert_eq!(validate_slug("a"), Err(SlugProblem::TooShort));
/// assert_eq!(validate_slug("acme corp"), Err(SlugProblem::Characters));
/// assert_eq!(validate_slug("--"), Err(SlugProblem::NoAlphanumeric));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SlugProblem {
    /// Fewer than 2 characters.
    TooShort,
    /// More than 128 characters.
    TooLong,
    /// A character other than letters, digits, `-`, `.`, `_`, `~`.
    Characters,
    /// No letter or digit.
    NoAlphanumeric,
}

/// Checks an organization slug: 2 to 128 characters, letters, digits and `-` `.` `_` `~`,
/// with at least one letter or digit.
///
/// ```
/// use stytch_core::flow::validate_slug;
/// assert!(validate_slug("acme-co").is_ok());
/// assert!(validate_slug("a").is_err());
/// assert!(validate_slug("--").is_err());
/// assert!(validate_slug("acme co").is_err());
/// ```
pub fn validate_slug(slug: &str) -> Result<(), SlugProblem> {
    let length = slug.chars().count();
    if length < 2 {
        return Err(SlugProblem::TooShort);
    }
    if length > 128 {
        return Err(SlugProblem::TooLong);
    }
    if !slug
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_' | '~'))
    {
        return Err(SlugProblem::Characters);
    }
    if !slug.chars().any(|c| c.is_ascii_alphanumeric()) {
        return Err(SlugProblem::NoAlphanumeric);
    }
    Ok(())
}

/// Suggests a slug for an organization name: lower case, runs of other characters become `-`.
///
/// ```
/// assert_eq!(stytch_core::flow::slug_from_name("  Acme, Inc. "), "acme-inc");
/// ```
pub fn slug_from_name(name: &str) -> String {
    let mut slug = String::new();
    for c in name.trim().chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    slug.trim_end_matches('-').chars().take(128).collect()
}
