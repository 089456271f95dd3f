//! Enterprise SSO (`client.sso()`): a member signs in through their organization's SAML or OIDC
//! identity provider. Starting is a navigation to the URL [`Sso::start_url`] builds; the
//! provider returns to your redirect URL with `stytch_token_type=sso` and a token that
//! [`Sso::authenticate`] (or [`StytchClient::authenticate_by_url`]) completes. The stored IST
//! goes along, so SSO completes a step-up after discovery.

use stytch_models::api::{
    sessions::AuthenticateWithMfaResponse,
    sso::{
        CreateConnectionRequest, DeleteConnectionResponse, DeleteEncryptionPrivateKeyResponse,
        DeleteVerificationCertificateResponse, DiscoverConnectionsResponse, ExternalConnectionResponse,
        ExternalCreateConnectionRequest, ExternalUpdateConnectionRequest, GetConnectionsResponse,
        OidcConnectionResponse, OidcUpdateConnectionRequest, SamlConnectionResponse, SamlUpdateConnectionByUrlRequest,
        SamlUpdateConnectionRequest, SsoAuthenticateRequest,
    },
};

use super::StytchClient;
use super::pkce::PkceFlow;
use crate::StytchError;
use crate::transport::Method;
use crate::util::percent;

/// Where an SSO login returns, and extra parameters for the identity provider.
///
/// ```
/// use stytch_core::SsoStartOptions;
/// let options = SsoStartOptions { login_redirect_url: Some("https://app.example/authenticate".into()), ..Default::default() };
/// assert!(options.provider_params.is_empty());
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SsoStartOptions {
    /// Where an existing member lands (the project's default login URL when `None`).
    pub login_redirect_url: Option<String>,
    /// Where a new member lands (the project's default sign-up URL when `None`).
    pub signup_redirect_url: Option<String>,
    /// Extra parameters for the identity provider (`provider_<key>=<value>`).
    pub provider_params: Vec<(String, String)>,
}

/// `client.sso()`: SSO logins and the organization's connections.
///
/// ```no_run
/// use stytch_core::SsoStartOptions;
/// # async fn run(client: &stytch_core::StytchClient) -> Result<(), stytch_core::StytchError> {
/// // "Continue with SSO": the connections of the address's organizations.
/// let found = client.sso().discover_connections("ada@acme.example").await?;
/// if let Some(connection) = found.connections.first() {
///     let url = client.sso().start_url(&connection.connection_id, &SsoStartOptions::default());
///     println!("{} via {url}", connection.display_name);
/// }
/// # Ok(()) }
/// ```
pub struct Sso<'a> {
    pub(super) client: &'a StytchClient,
}

/// Where an SSO login starts on the API host.
pub(crate) const SSO_START_PATH: &str = "/v1/public/sso/start";

/// An SSO start's parameters after the public token, in the official order: connection,
/// provider parameters, PKCE challenge (empty: none), redirect URLs.
pub(crate) fn sso_start_query(
    connection_id: &str,
    options: &SsoStartOptions,
    challenge: String,
) -> Vec<(String, String)> {
    let mut params = vec![("connection_id".to_owned(), connection_id.to_owned())];
    params.extend(super::primary::provider_params(&options.provider_params));
    params.push(("pkce_code_challenge".to_owned(), challenge));
    params.push((
        "login_redirect_url".into(),
        options.login_redirect_url.clone().unwrap_or_default(),
    ));
    params.push((
        "signup_redirect_url".into(),
        options.signup_redirect_url.clone().unwrap_or_default(),
    ));
    params
}

impl Sso<'_> {
    /// The URL that starts a login through `connection_id` (parameters in the official
    /// order: public token, connection, provider parameters, PKCE challenge, redirect URLs).
    /// When the project requires PKCE for SSO, each call stores a new verifier in this browser
    /// for [`authenticate`](Self::authenticate): navigate to the URL it returned last. The
    /// setting comes from the bootstrap document; right after start-up, await
    /// [`StytchClient::bootstrap_ready`] first (the prebuilt login does).
    ///
    /// ```
    /// # fn demo(client: &stytch_core::StytchClient) {
    /// let url = client.sso().start_url("saml-connection-test-1", &Default::default());
    /// assert!(url.contains("/v1/public/sso/start?public_token="));
    /// assert!(url.contains("&connection_id=saml-connection-test-1"));
    /// # }
    /// ```
    pub fn start_url(&self, connection_id: &str, options: &SsoStartOptions) -> String {
        let challenge = self.client.redirect_challenge_param(PkceFlow::Sso);
        self.client
            .navigation_url(SSO_START_PATH, sso_start_query(connection_id, options, challenge))
    }

    /// `POST sso/authenticate`: the token the identity provider returned with. Carries the
    /// stored IST, so it completes a step-up, and this browser's PKCE verifier when the start
    /// left one; answers with a session or what is still needed.
    ///
    /// ```no_run
    /// # async fn demo(client: &stytch_core::StytchClient) {
    /// match client.sso().authenticate("token-from-the-url", Some(60)).await {
    ///     Ok(r) => println!("signed in: {}", r.member_session.is_some()),
    ///     Err(e) => eprintln!("{e}"),
    /// }
    /// # }
    /// ```
    pub async fn authenticate(
        &self,
        sso_token: &str,
        session_duration_minutes: Option<u32>,
    ) -> Result<AuthenticateWithMfaResponse, StytchError> {
        let body = SsoAuthenticateRequest {
            sso_token: sso_token.to_owned(),
            session_duration_minutes,
            intermediate_session_token: self.client.store().cookies().intermediate_session_token(),
            ..Default::default()
        };
        self.client
            .authenticate_with_verifier(
                &[PkceFlow::Sso],
                "/b2b/sso/authenticate",
                stytch_models::json::to_string(&body),
                "pkce_code_verifier",
                session_duration_minutes,
            )
            .await
    }

    /// `GET sso`: every connection of the signed-in member's organization (needs `get` on
    /// `stytch.sso`, which `stytch_admin` holds).
    ///
    /// ```no_run
    /// # async fn demo(client: &stytch_core::StytchClient) {
    /// if let Ok(r) = client.sso().get_connections().await {
    ///     for c in &r.saml_connections {
    ///         println!("{} ({}): {}", c.display_name, c.identity_provider, c.status);
    ///     }
    /// }
    /// # }
    /// ```
    pub async fn get_connections(&self) -> Result<GetConnectionsResponse, StytchError> {
        self.client.request(Method::Get, "/b2b/sso", None::<&()>).await
    }

    /// `GET sso/discovery/connections`: the active connections of the organizations `email`
    /// belongs to, for a login page that asks for the address first.
    ///
    /// ```no_run
    /// # async fn demo(client: &stytch_core::StytchClient) {
    /// let found = client.sso().discover_connections("ada@example.com").await;
    /// if let Ok(r) = found
    ///     && let [only] = r.connections.as_slice()
    /// {
    ///     let url = client.sso().start_url(&only.connection_id, &Default::default());
    ///     println!("go to {url}");
    /// }
    /// # }
    /// ```
    pub async fn discover_connections(&self, email: &str) -> Result<DiscoverConnectionsResponse, StytchError> {
        let path = format!(
            "/b2b/sso/discovery/connections?email_address={}",
            percent::encode(email.trim())
        );
        self.client.request(Method::Get, &path, None::<&()>).await
    }
}

/// Connection management, for members whose roles grant the `stytch.sso` action named (the
/// default `stytch_admin` holds them all; `session_authorization_error` otherwise): what the official
/// SDK's `sso.saml.*`, `sso.oidc.*` and `sso.deleteConnection` do, so an organization's admins
/// can set up their identity provider from your app. A new connection is `pending` until
/// configured (SAML: entity ID, sign-in URL and certificate; OIDC: issuer, client ID and
/// secret), then `active`, and the first active one becomes the organization's default.
impl Sso<'_> {
    /// `POST sso/saml` (`sso.saml.createConnection`; `create`).
    ///
    /// ```no_run
    /// # async fn run(client: &stytch_core::StytchClient) -> Result<(), stytch_core::StytchError> {
    /// use stytch_models::api::sso::{CreateConnectionRequest, SamlUpdateConnectionRequest};
    /// let okta = CreateConnectionRequest { display_name: Some("Okta".into()), identity_provider: Some("okta".into()) };
    /// let created = client.sso().create_saml_connection(&okta).await?;
    /// let id = created.connection.map(|c| c.connection_id).unwrap_or_default();
    /// let settings = SamlUpdateConnectionRequest {
    ///     idp_entity_id: Some("http://www.okta.com/exk1".into()),
    ///     idp_sso_url: Some("https://acme.okta.com/app/sso/saml".into()),
    ///     x509_certificate: Some("-----BEGIN CERTIFICATE-----\n…\n-----END CERTIFICATE-----".into()),
    ///     ..Default::default()
    /// };
    /// let active = client.sso().update_saml_connection(&id, &settings).await?;
    /// assert_eq!(active.connection.map(|c| c.status).as_deref(), Some("active"));
    /// # Ok(()) }
    /// ```
    pub async fn create_saml_connection(
        &self,
        request: &CreateConnectionRequest,
    ) -> Result<SamlConnectionResponse, StytchError> {
        self.client.request(Method::Post, "/b2b/sso/saml", Some(request)).await
    }

    /// `PUT sso/saml/{connection_id}` (`sso.saml.updateConnection`; `update`): fields left
    /// out stay as they are; a new `x509_certificate` joins the connection's verification
    /// certificates (at most five), so a key can be rotated before the old one is deleted
    /// with [`Sso::delete_verification_certificate`].
    ///
    /// ```no_run
    /// # async fn run(client: &stytch_core::StytchClient, id: &str) -> Result<(), stytch_core::StytchError> {
    /// use stytch_models::api::sso::SamlUpdateConnectionRequest;
    /// let renamed = SamlUpdateConnectionRequest { display_name: Some("Acme Okta".into()), ..Default::default() };
    /// client.sso().update_saml_connection(id, &renamed).await?;
    /// # Ok(()) }
    /// ```
    pub async fn update_saml_connection(
        &self,
        connection_id: &str,
        request: &SamlUpdateConnectionRequest,
    ) -> Result<SamlConnectionResponse, StytchError> {
        let path = format!("/b2b/sso/saml/{}", percent::encode(connection_id));
        self.client.request(Method::Put, &path, Some(request)).await
    }

    /// `PUT sso/saml/{connection_id}/url` (`sso.saml.updateConnectionByURL`; `update`): Stytch
    /// fetches the identity provider's metadata from `metadata_url` and takes its entity ID,
    /// sign-on URL and signing certificate (added beside the connection's others), as an admin
    /// pasting Okta's or Entra's metadata URL expects. A URL that cannot be fetched is
    /// `invalid_saml_metadata_url`; a document that is not IdP metadata
    /// `invalid_xml_from_saml_metadata_url`.
    ///
    /// ```no_run
    /// # async fn run(client: &stytch_core::StytchClient, id: &str) -> Result<(), stytch_core::StytchError> {
    /// let configured = client
    ///     .sso()
    ///     .update_saml_connection_by_url(id, "https://acme.okta.com/app/exk1/sso/saml/metadata")
    ///     .await?;
    /// println!("sign-on URL: {:?}", configured.connection.map(|c| c.idp_sso_url));
    /// # Ok(()) }
    /// ```
    pub async fn update_saml_connection_by_url(
        &self,
        connection_id: &str,
        metadata_url: &str,
    ) -> Result<SamlConnectionResponse, StytchError> {
        let path = format!("/b2b/sso/saml/{}/url", percent::encode(connection_id));
        let request = SamlUpdateConnectionByUrlRequest {
            connection_id: connection_id.to_owned(),
            metadata_url: metadata_url.to_owned(),
        };
        self.client.request(Method::Put, &path, Some(&request)).await
    }

    /// `DELETE sso/saml/{connection_id}/verification_certificates/{certificate_id}`
    /// (`sso.saml.deleteVerificationCertificate`; `update`): an active connection keeps at
    /// least one.
    ///
    /// ```no_run
    /// # async fn run(client: &stytch_core::StytchClient, id: &str) -> Result<(), stytch_core::StytchError> {
    /// // After adding the identity provider's new certificate with update_saml_connection:
    /// let connections = client.sso().get_connections().await?;
    /// if let Some(saml) = connections.saml_connections.iter().find(|c| c.connection_id == id)
    ///     && let [old, _new] = saml.verification_certificates.as_slice()
    /// {
    ///     client.sso().delete_verification_certificate(id, &old.certificate_id).await?;
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn delete_verification_certificate(
        &self,
        connection_id: &str,
        certificate_id: &str,
    ) -> Result<DeleteVerificationCertificateResponse, StytchError> {
        let path = format!(
            "/b2b/sso/saml/{}/verification_certificates/{}",
            percent::encode(connection_id),
            percent::encode(certificate_id)
        );
        self.client.request(Method::Delete, &path, None::<&()>).await
    }

    /// `DELETE sso/saml/{connection_id}/encryption_private_key/{private_key_id}`
    /// (`sso.saml.deleteEncryptionPrivateKey`; `update`): the connection no longer decrypts
    /// assertions with that key; rotate by adding the new key (`saml_encryption_private_key`
    /// in [`Sso::update_saml_connection`]) before deleting the old, since a connection holds
    /// at most five. `sso_encryption_private_key_not_found` for a key it does not hold.
    ///
    /// ```no_run
    /// # async fn run(client: &stytch_core::StytchClient, id: &str) -> Result<(), stytch_core::StytchError> {
    /// let connections = client.sso().get_connections().await?;
    /// if let Some(saml) = connections.saml_connections.iter().find(|c| c.connection_id == id)
    ///     && let [old, _newer, ..] = saml.encryption_private_keys.as_slice()
    /// {
    ///     client.sso().delete_encryption_private_key(id, &old.private_key_id).await?;
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn delete_encryption_private_key(
        &self,
        connection_id: &str,
        private_key_id: &str,
    ) -> Result<DeleteEncryptionPrivateKeyResponse, StytchError> {
        let path = format!(
            "/b2b/sso/saml/{}/encryption_private_key/{}",
            percent::encode(connection_id),
            percent::encode(private_key_id)
        );
        self.client.request(Method::Delete, &path, None::<&()>).await
    }

    /// `POST sso/oidc` (`sso.oidc.createConnection`; `create`).
    ///
    /// ```no_run
    /// # async fn run(client: &stytch_core::StytchClient) -> Result<(), stytch_core::StytchError> {
    /// use stytch_models::api::sso::{CreateConnectionRequest, OidcUpdateConnectionRequest};
    /// let entra = CreateConnectionRequest { display_name: Some("Entra".into()), ..Default::default() };
    /// let id = client.sso().create_oidc_connection(&entra).await?.connection.map(|c| c.connection_id).unwrap_or_default();
    /// let settings = OidcUpdateConnectionRequest {
    ///     issuer: Some("https://login.microsoftonline.com/tenant/v2.0".into()),
    ///     client_id: Some("app-id".into()),
    ///     client_secret: Some("app-secret".into()),
    ///     ..Default::default()
    /// };
    /// client.sso().update_oidc_connection(&id, &settings).await?;
    /// # Ok(()) }
    /// ```
    pub async fn create_oidc_connection(
        &self,
        request: &CreateConnectionRequest,
    ) -> Result<OidcConnectionResponse, StytchError> {
        self.client.request(Method::Post, "/b2b/sso/oidc", Some(request)).await
    }

    /// `PUT sso/oidc/{connection_id}` (`sso.oidc.updateConnection`; `update`): fields left
    /// out stay as they are. A new issuer's discovery document fills the endpoints left out, so
    /// an issuer, client ID and secret are enough for a provider that publishes one.
    ///
    /// ```no_run
    /// use stytch_core::models::api::sso::OidcUpdateConnectionRequest;
    /// # async fn run(client: &stytch_core::StytchClient) -> Result<(), stytch_core::StytchError> {
    /// let request = OidcUpdateConnectionRequest {
    ///     issuer: Some("https://login.example.com".into()),
    ///     client_id: Some("client-1".into()),
    ///     client_secret: Some("secret".into()),
    ///     ..Default::default()
    /// };
    /// let updated = client.sso().update_oidc_connection("oidc-connection-test-…", &request).await?;
    /// if let Some(warning) = updated.warning {
    ///     println!("{warning}");
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn update_oidc_connection(
        &self,
        connection_id: &str,
        request: &OidcUpdateConnectionRequest,
    ) -> Result<OidcConnectionResponse, StytchError> {
        let path = format!("/b2b/sso/oidc/{}", percent::encode(connection_id));
        self.client.request(Method::Put, &path, Some(request)).await
    }

    /// `POST sso/external` (`sso.external.createConnection`; `create`): the caller's
    /// organization gains a connection through another organization's active SAML or OIDC
    /// connection, so its members can sign in with that organization's identity provider (a
    /// managed service provider's staff reaching a customer's organization). Start it with
    /// [`Sso::start_url`] and its `connection_id` like any connection; name it in
    /// `sso_jit_provisioning_allowed_connections` to let newcomers join through it. Refused
    /// with `external_organization_id_same_as_organization_id`,
    /// `external_connection_id_not_found`, `external_connection_not_active` or
    /// `duplicate_external_sso_connection`.
    ///
    /// ```no_run
    /// # async fn run(client: &stytch_core::StytchClient) -> Result<(), stytch_core::StytchError> {
    /// use stytch_models::api::sso::ExternalCreateConnectionRequest;
    /// let request = ExternalCreateConnectionRequest {
    ///     external_organization_id: "organization-test-msp".into(),
    ///     external_connection_id: "saml-connection-test-msp-okta".into(),
    ///     display_name: Some("Sign in as MSP staff".into()),
    ///     ..Default::default()
    /// };
    /// let created = client.sso().create_external_connection(&request).await?;
    /// println!("{:?}", created.connection.map(|c| c.connection_id));
    /// # Ok(()) }
    /// ```
    pub async fn create_external_connection(
        &self,
        request: &ExternalCreateConnectionRequest,
    ) -> Result<ExternalConnectionResponse, StytchError> {
        self.client
            .request(Method::Post, "/b2b/sso/external", Some(request))
            .await
    }

    /// `PUT sso/external/{connection_id}` (`sso.external.updateConnection`; `update`): the
    /// display name and the roles members hold through it (only when the connection it uses
    /// is SAML; group roles need a `groups` key in that connection's `attribute_mapping`).
    ///
    /// ```no_run
    /// # async fn run(client: &stytch_core::StytchClient, id: &str) -> Result<(), stytch_core::StytchError> {
    /// use stytch_models::api::sso::{ExternalUpdateConnectionRequest, SamlGroupRoleAssignment};
    /// let request = ExternalUpdateConnectionRequest {
    ///     external_group_implicit_role_assignments: Some(vec![SamlGroupRoleAssignment {
    ///         role_id: "stytch_admin".into(),
    ///         group: "MSP Tier 2".into(),
    ///     }]),
    ///     ..Default::default()
    /// };
    /// client.sso().update_external_connection(id, &request).await?;
    /// # Ok(()) }
    /// ```
    pub async fn update_external_connection(
        &self,
        connection_id: &str,
        request: &ExternalUpdateConnectionRequest,
    ) -> Result<ExternalConnectionResponse, StytchError> {
        let path = format!("/b2b/sso/external/{}", percent::encode(connection_id));
        self.client.request(Method::Put, &path, Some(request)).await
    }

    /// `DELETE sso/{connection_id}` (`sso.deleteConnection`; `delete`).
    ///
    /// ```no_run
    /// # async fn run(client: &stytch_core::StytchClient) -> Result<(), stytch_core::StytchError> {
    /// for pending in client.sso().get_connections().await?.oidc_connections.iter().filter(|c| c.status == "pending") {
    ///     client.sso().delete_connection(&pending.connection_id).await?;
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn delete_connection(&self, connection_id: &str) -> Result<DeleteConnectionResponse, StytchError> {
        let path = format!("/b2b/sso/{}", percent::encode(connection_id));
        self.client.request(Method::Delete, &path, None::<&()>).await
    }
}
