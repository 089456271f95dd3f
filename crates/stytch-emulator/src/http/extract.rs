//! Request extraction that answers bad input with Stytch errors: JSON bodies, Basic
//! credentials for the SDK (`public_token:session_token`) and backend (`project_id:secret`).

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::{HeaderMap, header, request::Parts};
use base64::Engine;
use serde::de::DeserializeOwned;
use stytch_models::ErrorType;

use crate::domain::App;
use crate::domain::sessions::SessionCredential;
use crate::error::ApiError;

/// A JSON body; an empty body reads as `{}` (the SDK posts `sessions/revoke` without one).
pub struct JsonBody<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for JsonBody<T> {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let bytes = Bytes::from_request(request, state)
            .await
            .map_err(|e| ApiError::bad_request(format!("Unable to read the request body: {e}")))?;
        let text: &[u8] = if bytes.iter().all(u8::is_ascii_whitespace) {
            b"{}"
        } else {
            &bytes
        };
        serde_json::from_slice(text)
            .map(JsonBody)
            .map_err(|e| ApiError::bad_request(format!("The request body is not valid: {e}")))
    }
}

/// A body sent as a form (as OAuth clients send to the token and introspection endpoints) or,
/// with `Content-Type: application/json`, as JSON; errors in Stytch's shape either way.
pub struct FormOrJson<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for FormOrJson<T> {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let json = request
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("application/json"));
        if json {
            return JsonBody::from_request(request, state)
                .await
                .map(|JsonBody(value)| FormOrJson(value));
        }
        let bytes = Bytes::from_request(request, state)
            .await
            .map_err(|e| ApiError::bad_request(format!("Unable to read the request body: {e}")))?;
        serde_urlencoded::from_bytes(&bytes)
            .map(FormOrJson)
            .map_err(|e| ApiError::bad_request(format!("The form is not valid: {e}")))
    }
}

/// Path parameters, as axum's `Path`, but a parameter that does not decode (invalid UTF-8
/// after percent-decoding, a wrong type) is a `bad_request` in Stytch's shape, not axum's plain
/// text.
pub struct Path<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned + Send> FromRequestParts<S> for Path<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        axum::extract::Path::<T>::from_request_parts(parts, state)
            .await
            .map(|axum::extract::Path(value)| Path(value))
            .map_err(|e| ApiError::bad_request(format!("The request path is not valid: {}", e.body_text())))
    }
}

/// The query string, as axum's `Query`, with a `bad_request` in Stytch's shape for one that
/// does not decode.
pub struct Query<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for Query<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        axum::extract::Query::<T>::from_request_parts(parts, state)
            .await
            .map(|axum::extract::Query(value)| Query(value))
            .map_err(|e| ApiError::bad_request(format!("The query string is not valid: {}", e.body_text())))
    }
}

/// A form post (the emulator's hosted consent and sign-in pages), as axum's `Form`, with a
/// `bad_request` in Stytch's shape for a body that is not a form.
pub struct Form<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for Form<T> {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        axum::Form::<T>::from_request(request, state)
            .await
            .map(|axum::Form(value)| Form(value))
            .map_err(|e| ApiError::bad_request(format!("The form is not valid: {}", e.body_text())))
    }
}

/// Fails with `bad_request` when a required string field is empty or absent.
pub fn required<'a>(value: &'a str, field: &str) -> Result<&'a str, ApiError> {
    if value.trim().is_empty() {
        Err(ApiError::bad_request(format!("{field} is a required field.")))
    } else {
        Ok(value)
    }
}

/// Decodes `Authorization: Basic …` into user and password.
pub(super) fn basic_credentials(headers: &HeaderMap) -> Result<Option<(String, String)>, ApiError> {
    let Some(value) = headers.get(header::AUTHORIZATION) else {
        return Ok(None);
    };
    let invalid = || {
        ApiError::new(
            401,
            ErrorType::Unknown("invalid_authorization_header".into()),
            "The Authorization header is malformed.",
        )
    };
    let text = value.to_str().map_err(|_| invalid())?;
    let encoded = text.strip_prefix("Basic ").ok_or_else(invalid)?;
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(encoded.trim())
        .map_err(|_| invalid())?;
    let decoded = String::from_utf8(decoded).map_err(|_| invalid())?;
    let (user, password) = decoded.split_once(':').ok_or_else(invalid)?;
    Ok(Some((user.to_owned(), password.to_owned())))
}

/// Where the caller reached the emulator (`http://` and the `Host` header): a new SCIM
/// connection's `base_url`, and the project domain's OAuth issuer.
pub fn origin(headers: &HeaderMap) -> String {
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| !h.is_empty())
        .unwrap_or("localhost");
    format!("http://{host}")
}

/// The caller of an SDK endpoint: the public token must match; the password is the session
/// token, or the public token again when signed out. In HttpOnly mode the session token may
/// arrive in the `stytch_session` cookie instead.
#[derive(Clone, Debug)]
pub struct SdkCaller {
    /// The session token presented, if any.
    pub session_token: Option<String>,
    /// In HttpOnly mode, the IST from the emulator's own cookie.
    pub ist_cookie: Option<String>,
}

impl SdkCaller {
    /// The caller's session, or `user_unauthenticated`.
    pub fn session(&self) -> Result<SessionCredential, ApiError> {
        self.session_token
            .clone()
            .map(SessionCredential::Token)
            .ok_or_else(ApiError::user_unauthenticated)
    }
}

fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|pair| {
            let (key, value) = pair.trim().split_once('=')?;
            (key == name && !value.is_empty()).then(|| value.to_owned())
        })
}

impl FromRequestParts<Arc<App>> for SdkCaller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, app: &Arc<App>) -> Result<Self, Self::Rejection> {
        let (public_token, http_only) =
            app.with(|store, _| (store.project.public_token.clone(), store.project.http_only_cookies));
        let Some((user, password)) = basic_credentials(&parts.headers)? else {
            return Err(ApiError::unauthorized(
                "SDK requests must carry Basic credentials of the public token.",
            ));
        };
        if user != public_token {
            return Err(ApiError::unauthorized(
                "The public token is not valid for this project.",
            ));
        }
        let mut session_token = (!password.is_empty() && password != public_token).then_some(password);
        let mut ist_cookie = None;
        if http_only {
            if session_token.is_none() {
                session_token = cookie(&parts.headers, "stytch_session");
            }
            ist_cookie = cookie(&parts.headers, "stytch_intermediate_session_token");
        }
        Ok(SdkCaller {
            session_token,
            ist_cookie,
        })
    }
}

/// A caller of the backend API authenticated with `project_id:secret`.
pub struct BackendCaller;

impl FromRequestParts<Arc<App>> for BackendCaller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, app: &Arc<App>) -> Result<Self, Self::Rejection> {
        let (project_id, secret) =
            app.with(|store, _| (store.project.project_id.clone(), store.project.secret.clone()));
        match basic_credentials(&parts.headers)? {
            Some((user, password)) if user == project_id && password == secret => Ok(BackendCaller),
            Some(_) => Err(ApiError::unauthorized("Unauthorized credentials.")),
            None => Err(ApiError::unauthorized(
                "Backend requests must carry Basic credentials of the project ID and secret.",
            )),
        }
    }
}

/// The member a backend call acts for, named by `X-Stytch-Member-Session` (a session token)
/// or `X-Stytch-Member-SessionJWT` (npm `stytch` sets them from a method's `authorization`
/// option). With one, Stytch enforces that member's RBAC permissions on the call.
pub struct ActingMember(pub Option<SessionCredential>);

impl<S: Send + Sync> FromRequestParts<S> for ActingMember {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let header = |name: &str| parts.headers.get(name).and_then(|v| v.to_str().ok()).map(str::to_owned);
        let token = header("x-stytch-member-session");
        let jwt = header("x-stytch-member-sessionjwt");
        if token.is_none() && jwt.is_none() {
            return Ok(ActingMember(None));
        }
        SessionCredential::from_pair(token, jwt).map(|credential| ActingMember(Some(credential)))
    }
}

impl ActingMember {
    /// Nothing without a member; otherwise that member's session must be live, hold a role
    /// granting each permission (`session_authorization_error`) and belong to every
    /// organization the call touches (`session_authorization_tenancy_error`), both 403.
    pub fn enforce(
        &self,
        store: &crate::domain::store::Store,
        ctx: &crate::domain::Ctx<'_>,
        organization_ids: &[&str],
        permissions: &[(&str, &str)],
    ) -> Result<(), ApiError> {
        self.enforce_as(store, ctx, organization_ids, |_| permissions.to_vec())
    }

    /// Whether a member acts (a member-session header) and is `member_id`.
    pub fn acts_as(
        &self,
        store: &crate::domain::store::Store,
        ctx: &crate::domain::Ctx<'_>,
        member_id: &str,
    ) -> Result<bool, ApiError> {
        match &self.0 {
            None => Ok(false),
            Some(credential) => {
                let session = store.member_session(ctx, credential)?;
                Ok(session.member_id == store.member_id_of(&session.organization_id, member_id))
            }
        }
    }

    /// [`enforce`](Self::enforce) with permissions that depend on who acts (updating oneself
    /// needs other permissions than updating someone else).
    pub fn enforce_as<'p>(
        &self,
        store: &crate::domain::store::Store,
        ctx: &crate::domain::Ctx<'_>,
        organization_ids: &[&str],
        permissions: impl FnOnce(&stytch_models::MemberSession) -> Vec<(&'p str, &'p str)>,
    ) -> Result<(), ApiError> {
        let Some(credential) = &self.0 else {
            return Ok(());
        };
        let session = store.member_session(ctx, credential)?;
        store.require(&session, &permissions(&session))?;
        // Named as the request names them: by ID, slug or external ID.
        let other = |id: &&str| store.organization_id_of(id) != session.organization_id;
        if organization_ids.iter().any(other) {
            return Err(crate::domain::sessions::tenancy_error(
                "The member session belongs to another organization than the request names.",
            ));
        }
        Ok(())
    }
}

/// A request body with the session it names beside the request's own fields, as the backend
/// surface takes it (`session_token` or `session_jwt`), and the custom claims of the session
/// it may start. The SDK surface ignores all three: its session travels in Basic credentials,
/// and claims are the backend's to set.
#[derive(Debug, serde::Deserialize)]
pub struct WithSession<T> {
    /// The request.
    #[serde(flatten)]
    pub body: T,
    /// An opaque session token.
    #[serde(default)]
    pub session_token: Option<String>,
    /// A session JWT.
    #[serde(default)]
    pub session_jwt: Option<String>,
    /// `session_custom_claims`.
    #[serde(default)]
    pub session_custom_claims: Option<serde_json::Map<String, serde_json::Value>>,
}

/// A request body with the custom claims of the session it may start, for requests that name
/// no session of their own in [`WithSession`]'s fields.
#[derive(Debug, serde::Deserialize)]
pub struct WithClaims<T> {
    /// The request.
    #[serde(flatten)]
    pub body: T,
    /// `session_custom_claims`.
    #[serde(default)]
    pub session_custom_claims: Option<serde_json::Map<String, serde_json::Value>>,
}

/// The custom-claim changes of a request: a backend caller's `session_custom_claims` as sent
/// (a `null` removes a key of a session the request continues), checked before anything
/// changes (too large for a new session is refused here), so a refused claim costs no token.
/// The SDK surface never sets claims: a browser must not grant itself any.
pub fn session_claims<S: Surface>(
    requested: Option<&serde_json::Map<String, serde_json::Value>>,
) -> Result<Option<serde_json::Map<String, serde_json::Value>>, ApiError> {
    match requested {
        Some(claims) if S::TRUSTED => {
            crate::domain::sessions::merge_custom_claims(None, claims)?;
            Ok(Some(claims.clone()))
        }
        _ => Ok(None),
    }
}

/// The intermediate session and the session a request carries.
#[derive(Clone, Debug, Default)]
pub struct Credentials {
    /// An intermediate session token.
    pub ist: Option<String>,
    /// A member session.
    pub session: Option<SessionCredential>,
}

/// What differs between the SDK surface (`/sdk/v1`) and the backend surface (`/v1/b2b`) for
/// the endpoints both serve: how a success is wrapped, where the session and the IST come
/// from, and whether the caller holds the project's secret.
pub trait Surface: FromRequestParts<Arc<App>, Rejection = ApiError> + Send + Sync + 'static {
    /// The backend: a server holding the project's secret, which may act on a member directly
    /// and is not bound by the project's SDK settings.
    const TRUSTED: bool;

    /// A success: `{"data": …}` on the SDK surface, flat on the backend.
    fn respond<T: serde::Serialize>(value: &T) -> axum::response::Response;

    /// The IST and session of a request. The SDK takes the IST from the body (or the HttpOnly
    /// cookie) and the session from its Basic credentials (or the cookie); both are normal
    /// there, and the IST is what a step-up continues. The backend takes both from the body,
    /// and naming an IST and a session, or a token and a JWT, is `too_many_session_arguments`.
    fn credentials(
        &self,
        ist: Option<String>,
        session_token: Option<String>,
        session_jwt: Option<String>,
    ) -> Result<Credentials, ApiError>;

    /// The error for a call that needed an IST (or a session) and had neither.
    fn missing_session() -> ApiError {
        if Self::TRUSTED {
            ApiError::no_session_arguments(
                "One of intermediate_session_token, session_token or session_jwt must be passed.",
            )
        } else {
            ApiError::ist_not_found()
        }
    }

    /// The error for a call that needed a member session and had none.
    fn missing_member_session() -> ApiError {
        if Self::TRUSTED {
            ApiError::no_session_arguments("One of session_token or session_jwt must be passed.")
        } else {
            ApiError::user_unauthenticated()
        }
    }
}

fn non_empty(value: Option<String>) -> Option<String> {
    value.filter(|v| !v.trim().is_empty())
}

impl Surface for SdkCaller {
    const TRUSTED: bool = false;

    fn respond<T: serde::Serialize>(value: &T) -> axum::response::Response {
        super::respond::sdk(value)
    }

    fn credentials(&self, ist: Option<String>, _: Option<String>, _: Option<String>) -> Result<Credentials, ApiError> {
        Ok(Credentials {
            ist: non_empty(ist).or_else(|| self.ist_cookie.clone()),
            session: self.session_token.clone().map(SessionCredential::Token),
        })
    }
}

impl Surface for BackendCaller {
    const TRUSTED: bool = true;

    fn respond<T: serde::Serialize>(value: &T) -> axum::response::Response {
        super::respond::flat(value)
    }

    fn credentials(
        &self,
        ist: Option<String>,
        session_token: Option<String>,
        session_jwt: Option<String>,
    ) -> Result<Credentials, ApiError> {
        let ist = non_empty(ist);
        let (session_token, session_jwt) = (non_empty(session_token), non_empty(session_jwt));
        let session = if session_token.is_none() && session_jwt.is_none() {
            None
        } else {
            Some(SessionCredential::from_pair(session_token, session_jwt)?)
        };
        if ist.is_some() && session.is_some() {
            return Err(ApiError::new(
                400,
                ErrorType::TooManySessionArguments,
                "Pass either an intermediate_session_token or a session, not both.",
            ));
        }
        Ok(Credentials { ist, session })
    }
}
