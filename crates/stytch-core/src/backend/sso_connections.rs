//! An organization's SSO connections from a server (`/v1/b2b/sso/…`): what an onboarding job
//! or a support console does to set up a customer's SAML, OIDC or external connection, with
//! the same requests and answers as the browser's `client.sso()`. Wherever these take an
//! organization ID, its slug or external ID will do.

use stytch_models::api::sso::{
    CreateConnectionRequest, ExternalConnectionResponse, ExternalCreateConnectionRequest,
    ExternalUpdateConnectionRequest, GetConnectionsResponse, OidcConnectionResponse, OidcUpdateConnectionRequest,
    SamlConnectionResponse, SamlUpdateConnectionByUrlRequest, SamlUpdateConnectionRequest,
};

use super::{StytchBackend, body, read};
use crate::StytchError;
use crate::util::percent;

impl StytchBackend {
    /// `/v1/b2b/sso/{kind}/{organization_id}` then `rest` (`kind` empty for the shared paths).
    fn sso_path(kind: &str, organization_id: &str, rest: &str) -> String {
        let kind = if kind.is_empty() {
            String::new()
        } else {
            format!("/{kind}")
        };
        format!("/v1/b2b/sso{kind}/{}{rest}", percent::encode(organization_id))
    }

    /// `…/connections/{connection_id}` then `rest`.
    fn connection_path(kind: &str, organization_id: &str, connection_id: &str, rest: &str) -> String {
        let connection = format!("/connections/{}{rest}", percent::encode(connection_id));
        Self::sso_path(kind, organization_id, &connection)
    }

    /// An organization's SAML, OIDC and external connections (`GET /v1/b2b/sso/{organization_id}`),
    /// pending ones included; `organization_not_found` (404) for an unknown organization.
    ///
    /// ```no_run
    /// # async fn f(stytch: stytch_core::backend::StytchBackend) -> Result<(), stytch_core::StytchError> {
    /// let connections = stytch.sso_connections("acme").await?;
    /// for saml in &connections.saml_connections {
    ///     println!("{} ({}): {}", saml.display_name, saml.status, saml.acs_url);
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn sso_connections(&self, organization_id: &str) -> Result<GetConnectionsResponse, StytchError> {
        read(self.get(&Self::sso_path("", organization_id, "")).await?)
    }

    /// Creates a SAML connection (`POST /v1/b2b/sso/saml/{organization_id}`): `pending`, with
    /// the ACS URL and audience URI to give the identity provider, until
    /// [`Self::update_saml_connection`] (or [`Self::update_saml_connection_by_url`]) configures it.
    ///
    /// ```no_run
    /// use stytch_models::api::sso::CreateConnectionRequest;
    /// # async fn f(stytch: stytch_core::backend::StytchBackend) -> Result<(), stytch_core::StytchError> {
    /// let request = CreateConnectionRequest { display_name: Some("Acme Okta".into()), identity_provider: Some("okta".into()) };
    /// let created = stytch.create_saml_connection("acme", &request).await?;
    /// if let Some(connection) = created.connection {
    ///     println!("give Okta the ACS URL {} and audience {}", connection.acs_url, connection.audience_uri);
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn create_saml_connection(
        &self,
        organization_id: &str,
        request: &CreateConnectionRequest,
    ) -> Result<SamlConnectionResponse, StytchError> {
        read(
            self.post(&Self::sso_path("saml", organization_id, ""), body(request)?)
                .await?,
        )
    }

    /// Configures a SAML connection (`PUT …/saml/{organization_id}/connections/{connection_id}`):
    /// only the fields given change; with the identity provider's entity ID, sign-in URL and
    /// certificate it becomes `active`. Refusals carry Stytch's names
    /// (`saml_connection_not_found`, `invalid_x509_certificate`, …).
    ///
    /// ```no_run
    /// use stytch_models::api::sso::SamlUpdateConnectionRequest;
    /// # async fn f(stytch: stytch_core::backend::StytchBackend, pem: String) -> Result<(), stytch_core::StytchError> {
    /// let settings = SamlUpdateConnectionRequest {
    ///     idp_entity_id: Some("http://www.okta.com/exk1".into()),
    ///     idp_sso_url: Some("https://acme.okta.com/app/sso/saml".into()),
    ///     x509_certificate: Some(pem),
    ///     attribute_mapping: Some(serde_json::json!({ "email": "email", "full_name": "name" })),
    ///     ..Default::default()
    /// };
    /// let updated = stytch.update_saml_connection("acme", "saml-connection-test-…", &settings).await?;
    /// assert_eq!(updated.connection.map(|c| c.status).as_deref(), Some("active"));
    /// # Ok(()) }
    /// ```
    pub async fn update_saml_connection(
        &self,
        organization_id: &str,
        connection_id: &str,
        settings: &SamlUpdateConnectionRequest,
    ) -> Result<SamlConnectionResponse, StytchError> {
        let path = Self::connection_path("saml", organization_id, connection_id, "");
        read(self.put(&path, body(settings)?).await?)
    }

    /// Configures a SAML connection from the identity provider's metadata URL
    /// (`PUT …/connections/{connection_id}/url`): Stytch fetches it and takes the entity ID,
    /// sign-in URL and certificate from it (`invalid_saml_metadata_url`,
    /// `invalid_xml_from_saml_metadata_url` when it cannot).
    ///
    /// ```no_run
    /// # async fn f(stytch: stytch_core::backend::StytchBackend) -> Result<(), stytch_core::StytchError> {
    /// let metadata = "https://acme.okta.com/app/exk1/sso/saml/metadata";
    /// stytch.update_saml_connection_by_url("acme", "saml-connection-test-…", metadata).await?;
    /// # Ok(()) }
    /// ```
    pub async fn update_saml_connection_by_url(
        &self,
        organization_id: &str,
        connection_id: &str,
        metadata_url: &str,
    ) -> Result<SamlConnectionResponse, StytchError> {
        let request = SamlUpdateConnectionByUrlRequest {
            connection_id: connection_id.to_owned(),
            metadata_url: metadata_url.to_owned(),
        };
        let path = Self::connection_path("saml", organization_id, connection_id, "/url");
        read(self.put(&path, body(&request)?).await?)
    }

    /// Removes one of a SAML connection's verification certificates (`DELETE
    /// …/connections/{connection_id}/verification_certificates/{certificate_id}`), as after an
    /// identity provider rotated its signing key; an active connection keeps its last one
    /// (`cannot_delete_last_sso_verification_key`).
    ///
    /// ```no_run
    /// # async fn f(stytch: stytch_core::backend::StytchBackend) -> Result<(), stytch_core::StytchError> {
    /// stytch.delete_saml_verification_certificate("acme", "saml-connection-test-…", "saml-verification-key-test-…").await?;
    /// # Ok(()) }
    /// ```
    pub async fn delete_saml_verification_certificate(
        &self,
        organization_id: &str,
        connection_id: &str,
        certificate_id: &str,
    ) -> Result<(), StytchError> {
        let rest = format!("/verification_certificates/{}", percent::encode(certificate_id));
        let path = Self::connection_path("saml", organization_id, connection_id, &rest);
        self.delete(&path).await.map(drop)
    }

    /// Removes one of a SAML connection's encryption private keys (`DELETE
    /// …/connections/{connection_id}/encryption_private_keys/{private_key_id}`).
    ///
    /// ```no_run
    /// # async fn f(stytch: stytch_core::backend::StytchBackend) -> Result<(), stytch_core::StytchError> {
    /// stytch.delete_saml_encryption_private_key("acme", "saml-connection-test-…", "saml-encryption-key-test-…").await?;
    /// # Ok(()) }
    /// ```
    pub async fn delete_saml_encryption_private_key(
        &self,
        organization_id: &str,
        connection_id: &str,
        private_key_id: &str,
    ) -> Result<(), StytchError> {
        let rest = format!("/encryption_private_keys/{}", percent::encode(private_key_id));
        let path = Self::connection_path("saml", organization_id, connection_id, &rest);
        self.delete(&path).await.map(drop)
    }

    /// Creates an OIDC connection (`POST /v1/b2b/sso/oidc/{organization_id}`): `pending`, with
    /// the redirect URL to give the identity provider, until [`Self::update_oidc_connection`]
    /// sets its issuer, client ID and secret.
    ///
    /// ```no_run
    /// use stytch_models::api::sso::CreateConnectionRequest;
    /// # async fn f(stytch: stytch_core::backend::StytchBackend) -> Result<(), stytch_core::StytchError> {
    /// let request = CreateConnectionRequest { display_name: Some("Acme Entra".into()), identity_provider: Some("microsoft-entra".into()) };
    /// let created = stytch.create_oidc_connection("acme", &request).await?;
    /// println!("redirect URL: {}", created.connection.map(|c| c.redirect_url).unwrap_or_default());
    /// # Ok(()) }
    /// ```
    pub async fn create_oidc_connection(
        &self,
        organization_id: &str,
        request: &CreateConnectionRequest,
    ) -> Result<OidcConnectionResponse, StytchError> {
        read(
            self.post(&Self::sso_path("oidc", organization_id, ""), body(request)?)
                .await?,
        )
    }

    /// Configures an OIDC connection (`PUT …/oidc/{organization_id}/connections/{connection_id}`):
    /// only the fields given change. A new issuer's discovery document
    /// (`{issuer}/.well-known/openid-configuration`) fills the four endpoints the request leaves
    /// out; with the issuer, client ID and secret and all four endpoints it becomes `active`.
    ///
    /// ```no_run
    /// use stytch_models::api::sso::OidcUpdateConnectionRequest;
    /// # async fn f(stytch: stytch_core::backend::StytchBackend, secret: String) -> Result<(), stytch_core::StytchError> {
    /// let settings = OidcUpdateConnectionRequest {
    ///     issuer: Some("https://login.microsoftonline.com/acme/v2.0".into()),
    ///     client_id: Some("acme-client".into()),
    ///     client_secret: Some(secret),
    ///     ..Default::default()
    /// };
    /// stytch.update_oidc_connection("acme", "oidc-connection-test-…", &settings).await?;
    /// # Ok(()) }
    /// ```
    pub async fn update_oidc_connection(
        &self,
        organization_id: &str,
        connection_id: &str,
        settings: &OidcUpdateConnectionRequest,
    ) -> Result<OidcConnectionResponse, StytchError> {
        let path = Self::connection_path("oidc", organization_id, connection_id, "");
        read(self.put(&path, body(settings)?).await?)
    }

    /// Lets an organization's members sign in through another organization's SAML or OIDC
    /// connection (`POST /v1/b2b/sso/external/{organization_id}`), as a parent company's
    /// identity provider serves its subsidiaries.
    ///
    /// ```no_run
    /// use stytch_models::api::sso::ExternalCreateConnectionRequest;
    /// # async fn f(stytch: stytch_core::backend::StytchBackend) -> Result<(), stytch_core::StytchError> {
    /// let request = ExternalCreateConnectionRequest {
    ///     external_organization_id: "acme".into(),
    ///     external_connection_id: "saml-connection-test-…".into(),
    ///     display_name: Some("Acme group login".into()),
    ///     ..Default::default()
    /// };
    /// stytch.create_external_connection("acme-labs", &request).await?;
    /// # Ok(()) }
    /// ```
    pub async fn create_external_connection(
        &self,
        organization_id: &str,
        request: &ExternalCreateConnectionRequest,
    ) -> Result<ExternalConnectionResponse, StytchError> {
        read(
            self.post(&Self::sso_path("external", organization_id, ""), body(request)?)
                .await?,
        )
    }

    /// Changes an external connection's name or the roles it grants (`PUT
    /// …/external/{organization_id}/connections/{connection_id}`).
    ///
    /// ```no_run
    /// use stytch_models::api::sso::ExternalUpdateConnectionRequest;
    /// # async fn f(stytch: stytch_core::backend::StytchBackend) -> Result<(), stytch_core::StytchError> {
    /// let settings = ExternalUpdateConnectionRequest { display_name: Some("Acme SSO".into()), ..Default::default() };
    /// stytch.update_external_connection("acme-labs", "external-connection-test-…", &settings).await?;
    /// # Ok(()) }
    /// ```
    pub async fn update_external_connection(
        &self,
        organization_id: &str,
        connection_id: &str,
        settings: &ExternalUpdateConnectionRequest,
    ) -> Result<ExternalConnectionResponse, StytchError> {
        let path = Self::connection_path("external", organization_id, connection_id, "");
        read(self.put(&path, body(settings)?).await?)
    }

    /// Deletes a SAML, OIDC or external connection (`DELETE
    /// /v1/b2b/sso/{organization_id}/connections/{connection_id}`).
    ///
    /// ```no_run
    /// # async fn f(stytch: stytch_core::backend::StytchBackend) -> Result<(), stytch_core::StytchError> {
    /// stytch.delete_sso_connection("acme", "oidc-connection-test-…").await?;
    /// # Ok(()) }
    /// ```
    pub async fn delete_sso_connection(&self, organization_id: &str, connection_id: &str) -> Result<(), StytchError> {
        self.delete(&Self::connection_path("", organization_id, connection_id, ""))
            .await
            .map(drop)
    }
}
