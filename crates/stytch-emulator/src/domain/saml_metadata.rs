//! A SAML identity provider's metadata (the XML document Okta, Entra or Google serve at a
//! metadata URL), read for what a connection needs: the IdP's entity ID, its single sign-on URL
//! (the HTTP-Redirect binding, else HTTP-POST, else the first) and its signing certificate. A
//! scanner of tags and attributes, not a full XML parser: namespace prefixes are ignored,
//! comments and processing instructions skipped, the five predefined entities decoded.

/// What a connection takes from metadata.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IdpMetadata {
    /// `EntityDescriptor/@entityID`.
    pub entity_id: String,
    /// `IDPSSODescriptor/SingleSignOnService/@Location`.
    pub sso_url: String,
    /// The IdP's signing certificate, as PEM.
    pub certificate_pem: String,
}

/// One start tag: its local name, attributes and where its content begins.
struct Tag<'a> {
    name: &'a str,
    attributes: Vec<(&'a str, String)>,
    end: usize,
}

fn local(name: &str) -> &str {
    name.rsplit(':').next().unwrap_or(name)
}

fn decode(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// The start tags of `xml`, in order.
fn tags(xml: &str) -> Vec<Tag<'_>> {
    let mut found = Vec::new();
    let mut rest = 0;
    while let Some(open) = xml[rest..].find('<').map(|i| rest + i) {
        let body = &xml[open + 1..];
        if body.starts_with("!--") {
            rest = body.find("-->").map_or(xml.len(), |i| open + 1 + i + 3);
            continue;
        }
        let Some(close) = body.find('>') else { break };
        rest = open + 1 + close + 1;
        if body.starts_with(['/', '?', '!']) {
            continue;
        }
        let inner = body[..close].trim_end_matches('/');
        let name_end = inner.find(char::is_whitespace).unwrap_or(inner.len());
        found.push(Tag {
            name: local(&inner[..name_end]),
            attributes: attributes(&inner[name_end..]),
            end: rest,
        });
    }
    found
}

fn attributes(text: &str) -> Vec<(&str, String)> {
    let mut found = Vec::new();
    let mut rest = text;
    while let Some(eq) = rest.find('=') {
        let name = rest[..eq].trim();
        let after = rest[eq + 1..].trim_start();
        let Some(quote) = after.chars().next().filter(|c| *c == '"' || *c == '\'') else {
            break;
        };
        let Some(len) = after[1..].find(quote) else { break };
        found.push((local(name), decode(&after[1..1 + len])));
        rest = &after[1 + len + 1..];
    }
    found
}

fn attribute<'a>(tag: &'a Tag<'_>, name: &str) -> Option<&'a str> {
    tag.attributes.iter().find(|(n, _)| *n == name).map(|(_, v)| v.as_str())
}

/// A certificate's base64 body as PEM, lines of 64.
fn pem(base64_body: &str) -> String {
    let body: String = base64_body.chars().filter(|c| !c.is_whitespace()).collect();
    let lines: Vec<&str> = body
        .as_bytes()
        .chunks(64)
        .filter_map(|chunk| std::str::from_utf8(chunk).ok())
        .collect();
    format!(
        "-----BEGIN CERTIFICATE-----\n{}\n-----END CERTIFICATE-----",
        lines.join("\n")
    )
}

/// Reads metadata; `Err` says what it lacks.
pub fn parse(xml: &str) -> Result<IdpMetadata, String> {
    let tags = tags(xml);
    let entity_id = tags
        .iter()
        .find(|t| t.name == "EntityDescriptor")
        .and_then(|t| attribute(t, "entityID"))
        .filter(|id| !id.trim().is_empty())
        .ok_or("no EntityDescriptor with an entityID")?
        .trim()
        .to_owned();
    let idp = tags
        .iter()
        .position(|t| t.name == "IDPSSODescriptor")
        .ok_or("no IDPSSODescriptor (is it a service provider's metadata?)")?;
    let in_idp = &tags[idp..];
    let services: Vec<(&str, &str)> = in_idp
        .iter()
        .filter(|t| t.name == "SingleSignOnService")
        .filter_map(|t| Some((attribute(t, "Binding").unwrap_or_default(), attribute(t, "Location")?)))
        .collect();
    let sso_url = ["HTTP-Redirect", "HTTP-POST"]
        .iter()
        .find_map(|binding| services.iter().find(|(b, _)| b.ends_with(binding)))
        .or(services.first())
        .map(|(_, location)| location.trim().to_owned())
        .filter(|l| !l.is_empty())
        .ok_or("no SingleSignOnService with a Location")?;
    // The first signing key: a KeyDescriptor with use="signing", or without a use.
    let signing = in_idp
        .iter()
        .position(|t| t.name == "KeyDescriptor" && attribute(t, "use").is_none_or(|u| u == "signing"))
        .ok_or("no signing KeyDescriptor")?;
    let certificate = in_idp[signing..]
        .iter()
        .find(|t| t.name == "X509Certificate")
        .ok_or("no X509Certificate in the signing KeyDescriptor")?;
    let text = &xml[certificate.end..];
    let body = &text[..text.find('<').unwrap_or(text.len())];
    if body.trim().is_empty() {
        return Err("an empty X509Certificate".into());
    }
    Ok(IdpMetadata {
        entity_id,
        sso_url,
        certificate_pem: pem(body),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const OKTA: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<!-- exported from the IdP -->
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="http://www.okta.com/exk1?a=1&amp;b=2">
  <md:IDPSSODescriptor WantAuthnRequestsSigned="false" protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
    <md:KeyDescriptor use="encryption"><ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:X509Data><ds:X509Certificate>RU5D</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>
    <md:KeyDescriptor use="signing">
      <ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:X509Data>
        <ds:X509Certificate>
          QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWZnaGlqa2xtbm9wcXJzdHV2d3h5ejAxMjM0NTY3ODk=
        </ds:X509Certificate>
      </ds:X509Data></ds:KeyInfo>
    </md:KeyDescriptor>
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="https://acme.okta.com/app/post"/>
    <md:SingleSignOnService Binding='urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect' Location='https://acme.okta.com/app/redirect'/>
  </md:IDPSSODescriptor>
</md:EntityDescriptor>"#;

    #[test]
    fn reads_what_a_connection_needs() {
        let metadata = parse(OKTA).unwrap();
        assert_eq!(metadata.entity_id, "http://www.okta.com/exk1?a=1&b=2");
        assert_eq!(metadata.sso_url, "https://acme.okta.com/app/redirect");
        let lines: Vec<&str> = metadata.certificate_pem.lines().collect();
        assert_eq!(lines.first(), Some(&"-----BEGIN CERTIFICATE-----"));
        assert_eq!(lines.last(), Some(&"-----END CERTIFICATE-----"));
        assert_eq!(lines[1].len(), 64, "the signing key's, not the encryption key's");
        assert!(lines[1].starts_with("QUJD"));
    }

    #[test]
    fn says_what_is_missing() {
        let cases = [
            ("", "no EntityDescriptor"),
            (
                "<EntityDescriptor entityID=\"x\"><SPSSODescriptor/></EntityDescriptor>",
                "no IDPSSODescriptor",
            ),
            (
                "<EntityDescriptor entityID=\"x\"><IDPSSODescriptor><KeyDescriptor><X509Certificate>QQ==</X509Certificate></KeyDescriptor></IDPSSODescriptor></EntityDescriptor>",
                "no SingleSignOnService",
            ),
            (
                "<EntityDescriptor entityID=\"x\"><IDPSSODescriptor><SingleSignOnService Location=\"https://i\"/></IDPSSODescriptor></EntityDescriptor>",
                "no signing KeyDescriptor",
            ),
            (
                "<EntityDescriptor entityID='x'><IDPSSODescriptor><KeyDescriptor use=\"signing\"><X509Certificate> </X509Certificate></KeyDescriptor><SingleSignOnService Location=\"https://i\"/></IDPSSODescriptor></EntityDescriptor>",
                "empty X509Certificate",
            ),
            ("<EntityDescriptor entityID=\"x\"<<>>\u{0}", "no IDPSSODescriptor"),
        ];
        for (xml, says) in cases {
            let error = parse(xml).unwrap_err();
            assert!(error.contains(says), "{xml}: {error}");
        }
    }

    #[test]
    fn never_panics_on_fragments() {
        let text = OKTA;
        for end in 0..text.len() {
            if text.is_char_boundary(end) {
                let _ = parse(&text[..end]);
            }
        }
    }
}
