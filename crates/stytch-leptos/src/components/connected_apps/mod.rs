//! The pages your Connected Apps send members to (the official React SDK's
//! `<B2BIdentityProvider>` and its logout screen), where a signed-in member lets a CLI, a
//! partner's integration or an MCP client act for them, and where such an app signs them out.
//!
//! [`ConnectedAppConsent`] reads the app's authorization request from the page's URL, checks it
//! ([`Idp::oauth_authorize_start`](stytch_core::Idp::oauth_authorize_start)), asks the member
//! when Stytch says consent is needed (otherwise it goes straight on), and sends the browser to
//! the app's redirect URI with the code, or `error=access_denied` when the member declines.
//! [`ConnectedAppLogout`] reads an OpenID Connect logout request, asks for confirmation unless
//! the app proved whom it signs out, ends the session and returns to the app.

mod consent;
mod logout;

pub use consent::{ConnectedAppConsent, ConsentStrings};
pub use logout::{ConnectedAppLogout, LogoutStrings};
