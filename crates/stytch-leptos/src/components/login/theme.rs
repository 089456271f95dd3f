/// Colours and shapes of the prebuilt components, applied as `--stytch-*` CSS custom
/// properties. Use a preset, adjust one, or set the properties from your own stylesheet.
///
/// ```
/// use stytch_leptos::Theme;
/// let brand = Theme { primary: "#7c3aed".into(), ..Theme::dark() };
/// assert!(brand.to_css().contains("--stytch-primary: #7c3aed"));
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Theme {
    /// `light` or `dark` (the browser's `color-scheme` for form controls).
    pub color_scheme: String,
    /// Page background of the component.
    pub background: String,
    /// Text.
    pub foreground: String,
    /// Secondary text.
    pub muted_foreground: String,
    /// Buttons and links.
    pub primary: String,
    /// Text on primary buttons.
    pub primary_foreground: String,
    /// Borders and dividers.
    pub border: String,
    /// Background of inputs and cards.
    pub surface: String,
    /// Errors.
    pub destructive: String,
    /// Focus outlines.
    pub ring: String,
    /// Corner radius.
    pub radius: String,
    /// Font stack.
    pub font_family: String,
}

impl Default for Theme {
    fn default() -> Self {
        Self::light()
    }
}

impl Theme {
    /// Dark text on white; contrast ratios meet WCAG AA.
    ///
    /// ```
    /// use stytch_leptos::Theme;
    /// let theme = Theme { primary: "#0b5cff".into(), ..Theme::light() };
    /// assert!(theme.to_css().contains("#0b5cff"));
    /// ```
    pub fn light() -> Self {
        Self {
            color_scheme: "light".into(),
            background: "#ffffff".into(),
            foreground: "#1b1b1f".into(),
            muted_foreground: "#52555c".into(),
            primary: "#1a56db".into(),
            primary_foreground: "#ffffff".into(),
            border: "#c9ccd1".into(),
            surface: "#ffffff".into(),
            destructive: "#b42318".into(),
            ring: "#b45309".into(),
            radius: "8px".into(),
            font_family: "system-ui, -apple-system, \"Segoe UI\", Roboto, sans-serif".into(),
        }
    }

    /// Light text on near-black; contrast ratios meet WCAG AA.
    ///
    /// ```no_run
    /// use leptos::prelude::*;
    /// use stytch_leptos::{StytchLogin, Theme};
    ///
    /// #[component]
    /// fn NightLogin() -> impl IntoView {
    ///     view! { <StytchLogin theme=Theme::dark()/> }
    /// }
    /// ```
    pub fn dark() -> Self {
        Self {
            color_scheme: "dark".into(),
            background: "#16181d".into(),
            foreground: "#f1f2f4".into(),
            muted_foreground: "#b3b8c2".into(),
            primary: "#8ab4ff".into(),
            primary_foreground: "#0b1220".into(),
            border: "#4a4f5a".into(),
            surface: "#1f2229".into(),
            destructive: "#ff9b8f".into(),
            ring: "#fbbf24".into(),
            radius: "8px".into(),
            font_family: "system-ui, -apple-system, \"Segoe UI\", Roboto, sans-serif".into(),
        }
    }

    /// The theme as inline CSS custom properties.
    ///
    /// ```
    /// use stytch_leptos::Theme;
    /// // The same custom properties on an element of the app's own, e.g. a page around the login.
    /// let style = Theme::dark().to_css();
    /// assert!(style.starts_with("color-scheme: dark;") && style.contains("--stytch-primary:"));
    /// ```
    pub fn to_css(&self) -> String {
        format!(
            "color-scheme: {}; --stytch-background: {}; --stytch-foreground: {}; --stytch-muted-foreground: {}; \
             --stytch-primary: {}; --stytch-primary-foreground: {}; --stytch-border: {}; --stytch-surface: {}; \
             --stytch-destructive: {}; --stytch-ring: {}; --stytch-radius: {}; --stytch-font-family: {};",
            self.color_scheme,
            self.background,
            self.foreground,
            self.muted_foreground,
            self.primary,
            self.primary_foreground,
            self.border,
            self.surface,
            self.destructive,
            self.ring,
            self.radius,
            self.font_family
        )
    }
}
