//! `#[derive(FromJson, ToJson, RedactedDebug)]` for stytch-models.
//!
//! The derives read the same `#[serde(...)]` attributes the models already carry, so one
//! declaration serves both serde (the emulator, native users) and the light reader and writer
//! the browser uses (serde's per-type code cost a fifth of the wasm). Supported: structs with
//! named fields, container and field `default`, `rename`, one `flatten` map and
//! `skip_serializing_if`. Anything else is a compile error, so a serde attribute added to a
//! model later cannot make the two sides silently disagree.

#![warn(missing_docs)]

use proc_macro::TokenStream;
use proc_macro2::TokenStream as Tokens;
use quote::{format_ident, quote};
use syn::{Data, DeriveInput, Fields, LitStr, parse_macro_input, spanned::Spanned};

/// Implements `stytch_models::json::FromJson` for a struct with named fields.
///
/// ```
/// use stytch_models::json::{self, FromJson};
/// #[derive(Debug, PartialEq, FromJson)]
/// struct Envelope {
///     data: Vec<String>,
///     #[serde(default)]
///     next: Option<String>,
/// }
/// assert_eq!(
///     json::from_str::<Envelope>(r#"{"data":["a"]}"#).unwrap(),
///     Envelope { data: vec!["a".into()], next: None },
/// );
/// assert!(json::from_str::<Envelope>("{}").is_err());
/// ```
///
/// A serde attribute it does not implement is a compile error, not a silent difference:
///
/// ```compile_fail
/// use stytch_models::json::FromJson;
/// #[derive(FromJson)]
/// struct Renamed {
///     #[serde(alias = "old_name")]
///     name: String,
/// }
/// ```
#[proc_macro_derive(FromJson, attributes(serde))]
pub fn derive_from_json(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    expand_from_json(input)
        .unwrap_or_else(syn::Error::into_compile_error)
        .into()
}

/// Implements `stytch_models::json::ToJson` for a struct with named fields.
///
/// ```
/// use stytch_models::json::{self, ToJson};
/// #[derive(ToJson)]
/// struct Request {
///     #[serde(rename = "type")]
///     kind: String,
///     #[serde(skip_serializing_if = "Option::is_none")]
///     locale: Option<String>,
/// }
/// let body = Request { kind: "email".into(), locale: None };
/// assert_eq!(json::to_string(&body), r#"{"type":"email"}"#);
/// ```
#[proc_macro_derive(ToJson, attributes(serde))]
pub fn derive_to_json(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    expand_to_json(input)
        .unwrap_or_else(syn::Error::into_compile_error)
        .into()
}

/// Implements `Debug` like `#[derive(Debug)]`, except that fields marked `#[redact]` (tokens,
/// passwords, codes, secrets) show as `<redacted>`, so logging a request or an answer never
/// prints a credential. Structs and enums of any shape; `#[redact]` goes on a named field or on
/// a tuple field (`SubmitCode(#[redact] String)`).
///
/// ```
/// use stytch_models::RedactedDebug;
/// #[derive(RedactedDebug)]
/// struct Login {
///     email_address: String,
///     #[redact]
///     password: String,
///     #[redact]
///     session_token: Option<String>,
/// }
/// let login = Login { email_address: "ada@example.com".into(), password: "hunter2".into(), session_token: None };
/// assert_eq!(
///     format!("{login:?}"),
///     r#"Login { email_address: "ada@example.com", password: <redacted>, session_token: None }"#
/// );
/// ```
#[proc_macro_derive(RedactedDebug, attributes(redact))]
pub fn derive_redacted_debug(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    expand_redacted_debug(input)
        .unwrap_or_else(syn::Error::into_compile_error)
        .into()
}

fn expand_redacted_debug(input: DeriveInput) -> syn::Result<Tokens> {
    let name = &input.ident;
    let body = match &input.data {
        Data::Struct(data) => {
            let (pattern, write) = debug_fields(&name.to_string(), &data.fields);
            quote! {
                let #name #pattern = self;
                #write
            }
        }
        Data::Enum(data) => {
            let arms = data.variants.iter().map(|variant| {
                let ident = &variant.ident;
                let (pattern, write) = debug_fields(&ident.to_string(), &variant.fields);
                quote!(#name::#ident #pattern => #write,)
            });
            // An enum with no variant has no value to print.
            quote! {
                match self {
                    #(#arms)*
                    #[allow(unreachable_patterns)]
                    _ => ::core::result::Result::Ok(()),
                }
            }
        }
        Data::Union(_) => return Err(syn::Error::new(input.span(), "unions are not supported")),
    };
    Ok(implement(
        &input,
        quote!(::core::fmt::Debug),
        quote! {
            fn fmt(&self, __f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                #body
            }
        },
    ))
}

/// The pattern binding a struct's or a variant's fields, and the code printing them as
/// `#[derive(Debug)]` does, marked fields through `Redacted`.
fn debug_fields(name: &str, fields: &Fields) -> (Tokens, Tokens) {
    let redacted = |field: &syn::Field| field.attrs.iter().any(|a| a.path().is_ident("redact"));
    let shown = |field: &syn::Field, binding: &syn::Ident| {
        if redacted(field) {
            quote!(&::stytch_models::Redacted(#binding))
        } else {
            quote!(#binding)
        }
    };
    match fields {
        Fields::Named(named) => {
            let bindings: Vec<_> = named.named.iter().filter_map(|f| f.ident.clone()).collect();
            let entries = named.named.iter().zip(&bindings).map(|(field, binding)| {
                let key = binding.to_string();
                let value = shown(field, binding);
                quote!(.field(#key, #value))
            });
            (
                quote!({ #(#bindings),* }),
                quote!(__f.debug_struct(#name)#(#entries)*.finish()),
            )
        }
        Fields::Unnamed(unnamed) => {
            let bindings: Vec<_> = (0..unnamed.unnamed.len())
                .map(|i| format_ident!("__field{i}"))
                .collect();
            let entries = unnamed.unnamed.iter().zip(&bindings).map(|(field, binding)| {
                let value = shown(field, binding);
                quote!(.field(#value))
            });
            (
                quote!(( #(#bindings),* )),
                quote!(__f.debug_tuple(#name)#(#entries)*.finish()),
            )
        }
        Fields::Unit => (quote!(), quote!(__f.write_str(#name))),
    }
}

#[derive(Default)]
struct Attrs {
    default: bool,
    rename: Option<String>,
    flatten: bool,
    skip_if: Option<syn::Path>,
}

fn attrs(list: &[syn::Attribute]) -> syn::Result<Attrs> {
    let mut out = Attrs::default();
    for attr in list.iter().filter(|a| a.path().is_ident("serde")) {
        attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("default") {
                out.default = true;
            } else if meta.path.is_ident("rename") {
                out.rename = Some(meta.value()?.parse::<LitStr>()?.value());
            } else if meta.path.is_ident("flatten") {
                out.flatten = true;
            } else if meta.path.is_ident("skip_serializing_if") {
                out.skip_if = Some(meta.value()?.parse::<LitStr>()?.parse()?);
            } else {
                return Err(meta.error("stytch-models-derive does not support this serde attribute"));
            }
            Ok(())
        })?;
    }
    Ok(out)
}

/// How one field is read and written.
enum Field {
    /// `#[serde(flatten)]`: the fields no other field took.
    Flattened,
    /// Under this key; `default` when it may be missing; not written when `skip_if` says so.
    Keyed {
        key: String,
        default: bool,
        skip_if: Option<syn::Path>,
    },
}

fn classify(fields: &syn::FieldsNamed) -> syn::Result<Vec<(&syn::Ident, Field)>> {
    let mut out = Vec::new();
    let mut flattened = false;
    for field in &fields.named {
        let Some(ident) = &field.ident else { continue };
        let attrs = attrs(&field.attrs)?;
        if attrs.flatten {
            if std::mem::replace(&mut flattened, true) {
                return Err(syn::Error::new(field.span(), "one flattened field at most"));
            }
            out.push((ident, Field::Flattened));
        } else {
            let key = attrs.rename.unwrap_or_else(|| ident.to_string());
            out.push((
                ident,
                Field::Keyed {
                    key,
                    default: attrs.default,
                    skip_if: attrs.skip_if,
                },
            ));
        }
    }
    Ok(out)
}

/// The container's attributes and how each field is read and written.
fn parse(input: &DeriveInput) -> syn::Result<(Attrs, Vec<(&syn::Ident, Field)>)> {
    let container = attrs(&input.attrs)?;
    if container.rename.is_some() || container.flatten || container.skip_if.is_some() {
        return Err(syn::Error::new(
            input.span(),
            "only `default` is supported on a container",
        ));
    }
    Ok((container, classify(named_fields(input)?)?))
}

/// The fields of a struct with named fields; an error for anything else.
fn named_fields(input: &DeriveInput) -> syn::Result<&syn::FieldsNamed> {
    let Data::Struct(data) = &input.data else {
        return Err(syn::Error::new(input.span(), "only structs are supported"));
    };
    let Fields::Named(fields) = &data.fields else {
        return Err(syn::Error::new(
            input.span(),
            "only structs with named fields are supported",
        ));
    };
    Ok(fields)
}

fn expand_to_json(input: DeriveInput) -> syn::Result<Tokens> {
    let (_, fields) = parse(&input)?;
    let json = quote!(::stytch_models::json);
    let writes = fields.iter().map(|(ident, read)| match read {
        Field::Flattened => quote!(__object.extend(&self.#ident);),
        Field::Keyed { key, skip_if, .. } => {
            let quoted = quoted_key(key);
            let write = quote!(__object.write(#quoted, &self.#ident););
            match skip_if {
                None => write,
                Some(skip) => quote! {
                    if !#skip(&self.#ident) {
                        #write
                    }
                },
            }
        }
    });
    Ok(implement(
        &input,
        quote!(#json::ToJson),
        quote! {
            fn write_json(&self, __out: &mut ::std::string::String) {
                let mut __object = #json::Object::new(__out);
                #(#writes)*
                __object.finish();
            }
        },
    ))
}

/// `key` as the JSON text that starts an object member: `"key":`, escaped as serde_json
/// escapes it, so the writer copies it without looking at it.
fn quoted_key(key: &str) -> String {
    let mut out = String::from("\"");
    for c in key.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if u32::from(c) < 0x20 => out.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push_str("\":");
    out
}

fn expand_from_json(input: DeriveInput) -> syn::Result<Tokens> {
    let (container, fields) = parse(&input)?;
    let json = quote!(::stytch_models::json);

    // A `#[serde(default)]` struct starts as its default and each present field overwrites its
    // slot in place: one call per field, and no moves of the values read.
    if container.default {
        let keyed = fields.iter().filter_map(|(ident, read)| match read {
            Field::Keyed { key, .. } => Some(quote!(__fields.read(#key, &mut __value.#ident);)),
            Field::Flattened => None,
        });
        // `rest` comes after every keyed read.
        let rest = fields
            .iter()
            .filter(|(_, read)| matches!(read, Field::Flattened))
            .map(|(ident, _)| quote!(__value.#ident = __fields.rest();));
        return Ok(from_json(
            &input,
            &json,
            quote! {
                let mut __fields = #json::Fields::new(value)?;
                let mut __value = <Self as ::core::default::Default>::default();
                #(#keyed)*
                #(#rest)*
                __fields.finish().map(|()| __value)
            },
        ));
    }

    // Otherwise: required fields first, with `?` (so an early return drops at most the
    // required fields read before), then defaulted ones, which never return early (see `Fields`), then the
    // flattened rest. The struct is built before the first failure is reported, so that on
    // failure it is dropped by one call to its drop glue rather than field by field.
    let local = |ident: &syn::Ident| format_ident!("__field_{}", ident);
    let mut required = Vec::new();
    let mut defaulted = Vec::new();
    let mut rest = None;
    for (ident, read) in &fields {
        let local = local(ident);
        match read {
            Field::Flattened => rest = Some(quote!(let #local = __fields.rest();)),
            Field::Keyed { key, default: true, .. } => defaulted.push(quote! {
                let mut #local = ::core::default::Default::default();
                __fields.read(#key, &mut #local);
            }),
            Field::Keyed {
                key, default: false, ..
            } => required.push(quote!(let #local = __fields.required(#key)?;)),
        }
    }
    let idents = fields.iter().map(|(ident, _)| ident);
    let locals = fields.iter().map(|(ident, _)| local(ident));
    let finish = if defaulted.is_empty() {
        quote!(::core::result::Result::Ok(__value))
    } else {
        quote!(__fields.finish().map(|()| __value))
    };
    Ok(from_json(
        &input,
        &json,
        quote! {
            #[allow(unused_mut)]
            let mut __fields = #json::Fields::new(value)?;
            #(#required)*
            #(#defaulted)*
            #rest
            let __value = Self { #(#idents: #locals),* };
            #finish
        },
    ))
}

fn from_json(input: &DeriveInput, json: &Tokens, body: Tokens) -> Tokens {
    implement(
        input,
        quote!(#json::FromJson),
        quote! {
            fn from_json(value: #json::Value) -> ::core::result::Result<Self, #json::JsonError> {
                #body
            }
        },
    )
}

/// `impl<…> #bound for #name<…> { #item }`, every type parameter bound by `#bound` too.
fn implement(input: &DeriveInput, bound: Tokens, item: Tokens) -> Tokens {
    let name = &input.ident;
    let mut generics = input.generics.clone();
    for param in generics.type_params_mut() {
        param.bounds.push(syn::parse_quote!(#bound));
    }
    let (impl_generics, ty_generics, where_clause) = generics.split_for_impl();
    // As std's and serde's derives: lints such as dead-code analysis do not count the
    // generated reads as uses.
    quote! {
        #[automatically_derived]
        impl #impl_generics #bound for #name #ty_generics #where_clause {
            #item
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn keys_are_quoted_and_escaped_as_serde_json_writes_them() {
        assert_eq!(super::quoted_key("email_address"), r#""email_address":"#);
        assert_eq!(super::quoted_key("a\"b\\c\nd\u{1}"), r#""a\"b\\c\nd\u0001":"#);
    }
}
