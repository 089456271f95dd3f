//! A macro for string enums that stay open: values this version does not know are kept
//! verbatim in an `Unknown` arm instead of failing deserialisation of the whole response.

/// Declares a string-valued enum with an `Unknown(String)` arm, `as_str`, `parse`,
/// `Display`, serde, [`FromJson`](crate::json::FromJson) and [`ToJson`](crate::json::ToJson) implementations that read and write the wire string.
#[macro_export]
#[doc(hidden)]
macro_rules! open_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $(#[$fmeta:meta])* $first:ident = $first_text:literal
            $(, $(#[$vmeta:meta])* $variant:ident = $text:literal )* $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        $vis enum $name {
            $(#[$fmeta])* $first,
            $( $(#[$vmeta])* $variant, )*
            /// A value this version of the crate does not know, kept verbatim.
            Unknown(String),
        }

        impl $name {
            /// The wire string for this value.
            ///
            #[doc = concat!(
                "```\n# use stytch_models::{*, api::oauth::*};\n",
                "assert_eq!(", stringify!($name), "::", stringify!($first), ".as_str(), ", stringify!($first_text), ");\n",
                "// A value from a later version of Stytch is kept as it came.\n",
                "assert_eq!(", stringify!($name), "::Unknown(\"new_value\".into()).as_str(), \"new_value\");\n",
                "```",
            )]
            pub fn as_str(&self) -> &str {
                match self {
                    Self::$first => $first_text,
                    $( Self::$variant => $text, )*
                    Self::Unknown(other) => other,
                }
            }

            /// Reads a wire string; unknown strings become `Unknown`.
            ///
            #[doc = concat!(
                "```\n# use stytch_models::{*, api::oauth::*};\n",
                "assert_eq!(", stringify!($name), "::parse(", stringify!($first_text), "), ", stringify!($name), "::", stringify!($first), ");\n",
                "assert_eq!(", stringify!($name), "::parse(\"new_value\"), ", stringify!($name), "::Unknown(\"new_value\".into()));\n",
                "```",
            )]
            pub fn parse(text: &str) -> Self {
                match text {
                    $first_text => Self::$first,
                    $( $text => Self::$variant, )*
                    other => Self::Unknown(other.to_owned()),
                }
            }
        }

        impl ::core::fmt::Display for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = <::std::string::String as ::serde::Deserialize>::deserialize(deserializer)?;
                Ok(Self::parse(&text))
            }
        }

        impl $crate::json::ToJson for $name {
            fn write_json(&self, out: &mut ::std::string::String) {
                $crate::json::ToJson::write_json(self.as_str(), out);
            }
        }

        impl $crate::json::FromJson for $name {
            fn from_json(value: $crate::json::Value) -> Result<Self, $crate::json::JsonError> {
                <::std::string::String as $crate::json::FromJson>::from_json(value).map(|text| Self::parse(&text))
            }
        }
    };
}
