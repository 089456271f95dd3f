use stytch_models::api::{
    ResponseCommon,
    discovery::DiscoveryAuthenticateResponse,
    magic_links::{DiscoveryEmailSendRequest, DiscoveryMagicLinkAuthenticateRequest},
};

use super::StytchClient;
use crate::StytchError;
use crate::transport::Method;

/// `client.magic_links()`: email magic links.
pub struct MagicLinks<'a> {
    pub(super) client: &'a StytchClient,
}

impl MagicLinks<'_> {
    /// `POST magic_links/email/discovery/send`: emails a discovery link.
    pub async fn discovery_send(&self, request: &DiscoveryEmailSendRequest) -> Result<ResponseCommon, StytchError> {
        self.client
            .request(Method::Post, "/b2b/magic_links/email/discovery/send", Some(request))
            .await
    }

    /// `POST magic_links/discovery/authenticate`: trades the link's token for an IST (stored in
    /// its cookie; any current session is signed out locally) and the discovered organizations.
    pub async fn discovery_authenticate(&self, token: &str) -> Result<DiscoveryAuthenticateResponse, StytchError> {
        let body = DiscoveryMagicLinkAuthenticateRequest {
            discovery_magic_links_token: token.to_owned(),
            pkce_code_verifier: None,
        };
        let response: DiscoveryAuthenticateResponse = self
            .client
            .request(Method::Post, "/b2b/magic_links/discovery/authenticate", Some(&body))
            .await?;
        self.client.store().apply((&response).into(), None);
        Ok(response)
    }
}
