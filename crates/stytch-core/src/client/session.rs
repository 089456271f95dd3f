use stytch_models::RedactedDebug;
use stytch_models::{
    MemberSession,
    api::{
        ResponseCommon,
        sessions::{
            AuthenticateResponse, AuthenticateWithMfaResponse, SessionsAttestRequest, SessionsAuthenticateRequest,
            SessionsExchangeRequest,
        },
    },
};

use super::StytchClient;
use crate::StytchError;
use crate::session::{StateChange, Subscription};
use crate::transport::Method;
use crate::util::percent;

/// `client.session()`: the member session.
///
/// ```no_run
/// # async fn run(client: &stytch_core::StytchClient) -> Result<(), stytch_core::StytchError> {
/// let sessions = client.session();
/// if sessions.get_sync().is_some() {
///     // Confirm it with Stytch and extend it to an hour.
///     let confirmed = sessions.authenticate(Some(60)).await?;
///     println!("expires at {}", confirmed.member_session.expires_at);
/// }
/// # Ok(()) }
/// ```
pub struct Sessions<'a> {
    pub(super) client: &'a StytchClient,
}

/// `session.getInfo()`.
///
/// ```no_run
/// # async fn run(client: &stytch_core::StytchClient) -> Result<(), stytch_core::StytchError> {
/// let stytch_core::SessionInfo { session, from_cache } = client.session().get_info();
/// match session {
///     Some(s) if from_cache => println!("cached session of {}, not yet confirmed", s.member_id),
///     Some(s) => println!("session of {} confirmed", s.member_id),
///     None => println!("signed out"),
/// }
/// # Ok(()) }
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct SessionInfo {
    /// The session, if signed in.
    pub session: Option<MemberSession>,
    /// True until the cached session has been confirmed by the server.
    pub from_cache: bool,
}

/// `session.getTokens()`: both readable session cookies.
///
/// ```no_run
/// # async fn run(client: &stytch_core::StytchClient) -> Result<(), stytch_core::StytchError> {
/// // Call your own API as the member: it authenticates the token with Stytch's backend API.
/// if let Some(tokens) = client.session().get_tokens() {
///     let header = format!("Bearer {}", tokens.session_jwt);
///     # drop(header);
/// }
/// # Ok(()) }
/// ```
#[derive(Clone, RedactedDebug, PartialEq, Eq)]
pub struct SessionTokens {
    /// Opaque session token.
    #[redact]
    pub session_token: String,
    /// Session JWT.
    #[redact]
    pub session_jwt: String,
}

impl Sessions<'_> {
    /// The cached session, if any.
    ///
    /// ```no_run
    /// # async fn run(client: &stytch_core::StytchClient) -> Result<(), stytch_core::StytchError> {
    /// if let Some(session) = client.session().get_sync() {
    ///     println!("signed in until {}", session.expires_at);
    /// }
    /// # Ok(()) }
    /// ```
    pub fn get_sync(&self) -> Option<MemberSession> {
        self.client.store().session()
    }

    /// The cached session and whether it is still unconfirmed.
    ///
    /// ```no_run
    /// # async fn run(client: &stytch_core::StytchClient) -> Result<(), stytch_core::StytchError> {
    /// let info = client.session().get_info();
    /// if info.from_cache {
    ///     println!("showing the cached session while Stytch confirms it");
    /// }
    /// # Ok(()) }
    /// ```
    pub fn get_info(&self) -> SessionInfo {
        SessionInfo {
            session: self.client.store().session(),
            from_cache: self.client.store().from_cache(),
        }
    }

    /// Both tokens, only if both cookies are readable (never in HttpOnly mode).
    ///
    /// ```no_run
    /// # async fn run(client: &stytch_core::StytchClient) -> Result<(), stytch_core::StytchError> {
    /// // Forward the JWT to your own API.
    /// let jwt = client.session().get_tokens().map(|t| t.session_jwt);
    /// # drop(jwt);
    /// # Ok(()) }
    /// ```
    pub fn get_tokens(&self) -> Option<SessionTokens> {
        let cookies = self.client.store().cookies();
        Some(SessionTokens {
            session_token: cookies.session_token()?,
            session_jwt: cookies.session_jwt()?,
        })
    }

    /// Calls `callback` with the session after every real change.
    ///
    /// ```no_run
    /// # async fn run(client: &stytch_core::StytchClient) -> Result<(), stytch_core::StytchError> {
    /// let subscription = client.session().on_change(|session| match session {
    ///     Some(s) => println!("session of {}", s.member_id),
    ///     None => println!("signed out"),
    /// });
    /// // … later, to stop listening:
    /// drop(subscription);
    /// # Ok(()) }
    /// ```
    pub fn on_change(&self, callback: impl Fn(Option<&MemberSession>) + 'static) -> Subscription {
        self.client
            .store()
            .subscribe(move |change: &StateChange| callback(change.state.as_ref().and_then(|s| s.session.as_ref())))
    }

    /// `POST sessions/authenticate`: confirms the session and mints a fresh JWT; with
    /// `session_duration_minutes`, extends the session to that many minutes from now.
    ///
    /// If the session changed while the call was in flight, the call is re-issued for the new
    /// session. An unrecoverable error (`session_not_found`, …) signs out locally.
    ///
    /// ```no_run
    /// # async fn run(client: &stytch_core::StytchClient) -> Result<(), stytch_core::StytchError> {
    /// // Confirm the session with Stytch now (not at the next refresh), extending it to a day.
    /// let answer = client.session().authenticate(Some(24 * 60)).await?;
    /// println!("roles: {:?}", answer.member_session.roles);
    /// # Ok(()) }
    /// ```
    pub async fn authenticate(
        &self,
        session_duration_minutes: Option<u32>,
    ) -> Result<AuthenticateResponse, StytchError> {
        let body = SessionsAuthenticateRequest {
            session_duration_minutes,
            ..Default::default()
        };
        let store = self.client.store();
        let mut attempts = 0;
        loop {
            let before = store.session().map(|s| s.member_session_id);
            let result = self
                .client
                .request::<AuthenticateResponse, _>(Method::Post, "/b2b/sessions/authenticate", Some(&body))
                .await;
            let after = store.session().map(|s| s.member_session_id);
            attempts += 1;
            if before != after && attempts < 3 {
                continue;
            }
            return match result {
                Ok(response) => {
                    let notified_before = store.notification_count();
                    store.apply((&response).into(), session_duration_minutes);
                    // A change was recorded by the client's subscriber; an unchanged session
                    // (only `last_accessed_at` moved) is recorded here.
                    if store.notification_count() == notified_before {
                        self.client.record_refresh();
                    }
                    Ok(response)
                }
                Err(error) => {
                    if error.is_unrecoverable() {
                        store.destroy();
                    }
                    Err(error)
                }
            };
        }
    }

    /// `POST sessions/revoke`, then signs out locally. On failure the local session is kept
    /// (so the app can retry) unless `force_clear` is set or the session is already dead.
    ///
    /// ```no_run
    /// # async fn run(client: &stytch_core::StytchClient) -> Result<(), stytch_core::StytchError> {
    /// // Sign out; keep the local state if Stytch cannot be reached (`force_clear = false`).
    /// client.session().revoke(false).await?;
    /// assert!(client.session().get_sync().is_none());
    /// # Ok(()) }
    /// ```
    pub async fn revoke(&self, force_clear: bool) -> Result<ResponseCommon, StytchError> {
        let result = self
            .client
            .request::<ResponseCommon, _>(Method::Post, "/b2b/sessions/revoke", None::<&()>)
            .await;
        match &result {
            Ok(_) => self.client.store().destroy(),
            Err(error) if force_clear || error.is_unrecoverable() => self.client.store().destroy(),
            Err(_) => {}
        }
        result
    }

    /// `POST sessions/revoke/{member_id}`: signs a member of the session's organization out of
    /// every session (the official `session.revokeForMember`). Needs a role granting
    /// `revoke-sessions` on `stytch.member`, which the default `stytch_admin` has; otherwise the
    /// answer is `session_authorization_error`. When `member_id` is the signed-in member, this session
    /// ends too and the client signs out locally at once instead of at the next refresh.
    ///
    /// ```no_run
    /// # async fn run(client: stytch_core::StytchClient) -> Result<(), stytch_core::StytchError> {
    /// client.session().revoke_for_member("member-test-…").await?;
    /// # Ok(()) }
    /// ```
    pub async fn revoke_for_member(&self, member_id: &str) -> Result<ResponseCommon, StytchError> {
        let path = format!("/b2b/sessions/revoke/{}", percent::encode(member_id));
        let response = self
            .client
            .request::<ResponseCommon, _>(Method::Post, &path, None::<&()>)
            .await?;
        let store = self.client.store();
        if store.member().is_some_and(|member| member.member_id == member_id) {
            store.destroy();
        }
        Ok(response)
    }

    /// `POST sessions/exchange`: a session in another organization the member belongs to.
    /// When that organization needs MFA or step-up, the answer carries an IST instead and,
    /// as in the official SDK, the current session is signed out locally.
    ///
    /// ```no_run
    /// # async fn run(client: &stytch_core::StytchClient) -> Result<(), stytch_core::StytchError> {
    /// // Into another organization of the same person, keeping the factors that still count.
    /// let answer = client.session().exchange("organization-test-…", Some(60)).await?;
    /// if answer.mfa_required.is_some() {
    ///     println!("that organization wants MFA first");
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn exchange(
        &self,
        organization_id: &str,
        session_duration_minutes: Option<u32>,
    ) -> Result<AuthenticateWithMfaResponse, StytchError> {
        let body = SessionsExchangeRequest {
            organization_id: organization_id.to_owned(),
            session_duration_minutes,
            ..Default::default()
        };
        let response: AuthenticateWithMfaResponse = self
            .client
            .request(Method::Post, "/b2b/sessions/exchange", Some(&body))
            .await?;
        self.client.store().apply((&response).into(), session_duration_minutes);
        Ok(response)
    }

    /// `POST sessions/attest` (the official `session.attest`): exchanges a JWT from another
    /// identity provider (Supabase, Auth0, Firebase, your own backend) for a Stytch session,
    /// under a Trusted Auth Token profile of the project. Signed in as the same member, the
    /// token joins the current session as a `trusted_auth_token` factor instead. The session is
    /// stored as any sign-in's is. Refusals use Stytch's names: `trusted_token_profile_not_found`,
    /// `invalid_trusted_auth_token` (signature, expiry), `jwt_invalid_issuer`,
    /// `jwt_invalid_audience`, `token_missing_organization_id_claim`, `member_not_found`.
    ///
    /// ```no_run
    /// use stytch_models::api::sessions::SessionsAttestRequest;
    ///
    /// # async fn run(client: &stytch_core::StytchClient, supabase_access_token: String) -> Result<(), stytch_core::StytchError> {
    /// let answer = client
    ///     .session()
    ///     .attest(&SessionsAttestRequest {
    ///         profile_id: "ttp-test-…".into(),
    ///         token: supabase_access_token,
    ///         organization_id: Some("acme".into()),
    ///         session_duration_minutes: Some(60),
    ///         ..Default::default()
    ///     })
    ///     .await?;
    /// assert!(client.session().get_sync().is_some());
    /// println!("signed in as {}", answer.member.email_address);
    /// # Ok(()) }
    /// ```
    pub async fn attest(&self, request: &SessionsAttestRequest) -> Result<AuthenticateResponse, StytchError> {
        let response: AuthenticateResponse = self
            .client
            .request(Method::Post, "/b2b/sessions/attest", Some(request))
            .await?;
        self.client
            .store()
            .apply((&response).into(), request.session_duration_minutes);
        Ok(response)
    }

    /// `POST sessions/exchange_access_token` (the official `session.exchangeAccessToken`): a
    /// first-party connected app's access token with the `full_access` scope, at most five
    /// minutes old, becomes a session of its member, stored as any sign-in's is (a desktop app
    /// handing its member to the web app). Refusals use Stytch's names:
    /// `oauth_access_token_exchange_missing_full_access`,
    /// `oauth_access_token_exchange_token_too_old`, `idp_access_token_could_not_be_exchanged`
    /// (exchanged already), `idp_access_token_not_found`.
    ///
    /// ```no_run
    /// # async fn run(client: &stytch_core::StytchClient, access_token: String) -> Result<(), stytch_core::StytchError> {
    /// let answer = client.session().exchange_access_token(&access_token, Some(60)).await?;
    /// println!("signed in as {}", answer.member.email_address);
    /// # Ok(()) }
    /// ```
    pub async fn exchange_access_token(
        &self,
        access_token: &str,
        session_duration_minutes: Option<u32>,
    ) -> Result<AuthenticateResponse, StytchError> {
        let request = stytch_models::api::idp::ExchangeAccessTokenRequest {
            access_token: access_token.to_owned(),
            session_duration_minutes,
        };
        let response: AuthenticateResponse = self
            .client
            .request(Method::Post, "/b2b/sessions/exchange_access_token", Some(&request))
            .await?;
        self.client.store().apply((&response).into(), session_duration_minutes);
        Ok(response)
    }

    /// Switches to another organization like [`Sessions::exchange`], but never signs out while
    /// doing so: when the target organization needs MFA or a primary step-up, the answer's IST
    /// is stored beside the current session, which stays signed in until the target's session
    /// is granted (by the MFA or step-up calls, which send the IST). The official SDK signs out
    /// locally instead; the organization switcher relies on this.
    ///
    /// ```no_run
    /// # async fn run(client: &stytch_core::StytchClient) -> Result<(), stytch_core::StytchError> {
    /// let answer = client.session().switch_organization("organization-test-…", Some(60)).await?;
    /// println!("now in {}", answer.organization.organization_name);
    /// # Ok(()) }
    /// ```
    pub async fn switch_organization(
        &self,
        organization_id: &str,
        session_duration_minutes: Option<u32>,
    ) -> Result<AuthenticateWithMfaResponse, StytchError> {
        let body = SessionsExchangeRequest {
            organization_id: organization_id.to_owned(),
            session_duration_minutes,
            ..Default::default()
        };
        let response: AuthenticateWithMfaResponse = self
            .client
            .request(Method::Post, "/b2b/sessions/exchange", Some(&body))
            .await?;
        if response.member_session.is_some() {
            self.client.store().apply((&response).into(), session_duration_minutes);
        } else if !response.intermediate_session_token.is_empty() {
            let now = self.client.runtime().now_ms();
            self.client
                .store()
                .cookies()
                .write_ist(&response.intermediate_session_token, now);
        }
        Ok(response)
    }

    /// Forgets a stored IST without touching the session (a switch or step-up abandoned).
    ///
    /// ```no_run
    /// # async fn run(client: &stytch_core::StytchClient) -> Result<(), stytch_core::StytchError> {
    /// // "Cancel" on an MFA step: forget the intermediate session so the next sign-in starts fresh.
    /// client.session().discard_intermediate_session();
    /// # Ok(()) }
    /// ```
    pub fn discard_intermediate_session(&self) {
        self.client.store().cookies().remove_ist();
    }

    /// Writes the session cookies of a session created elsewhere, without a request or a state
    /// change; call [`Sessions::authenticate`] next to load it (guide: "Hydrating a session").
    ///
    /// ```no_run
    /// # async fn run(client: &stytch_core::StytchClient) -> Result<(), stytch_core::StytchError> {
    /// // A session your server created (say, after its own login): hand its tokens to the client,
    /// // then confirm it.
    /// client.session().update_session("session-token-from-the-server", Some("eyJ.jwt.from-the-server"));
    /// client.session().authenticate(None).await?;
    /// # Ok(()) }
    /// ```
    pub fn update_session(&self, session_token: &str, session_jwt: Option<&str>) {
        self.client.store().update_tokens(session_token, session_jwt);
    }

    /// The guide's "extend the session every N minutes while the app is open": every
    /// `every_ms`, while signed in, authenticates with `session_duration_minutes`. With
    /// several tabs open only one extends per period. Stops when the guard is dropped.
    ///
    /// ```no_run
    /// # fn demo(client: &stytch_core::StytchClient) {
    /// // Keep the session 60 minutes ahead, checking every 10 minutes.
    /// let keep_alive = client.session().keep_alive(10 * 60 * 1000, 60);
    /// # drop(keep_alive); }
    /// ```
    pub fn keep_alive(&self, every_ms: u32, session_duration_minutes: u32) -> super::KeepAlive {
        self.client.start_keep_alive(every_ms, session_duration_minutes)
    }
}
