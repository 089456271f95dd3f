//! Email one-time passcodes as a primary method: discovery (ends in an IST) and
//! organization-scoped (login or sign-up). Six digits, ten minutes by default (2 to 15), one
//! live code per address and purpose: a new send replaces the previous code.

use stytch_models::{
    ErrorType, MemberStatus,
    api::{
        discovery::DiscoveryAuthenticateResponse,
        otps::{
            EmailOtpAuthenticateRequest, EmailOtpDiscoveryAuthenticateRequest, EmailOtpDiscoverySendRequest,
            EmailOtpLoginOrSignupRequest,
        },
        sessions::AuthenticateWithMfaResponse,
    },
    time::format_rfc3339,
};

use super::outbox::Message;
use super::primary::{Continuing, LoginMember};
use super::sessions::check_duration;
use super::store::{Factor, Store, validate_email};
use super::{Ctx, ids};
use crate::error::{ApiError, ApiResult};

/// Stytch's sandbox address: accepted, nothing sent, code `000000`.
const SANDBOX_EMAIL: &str = "sandbox@stytch.com";
/// Wrong guesses allowed before a code is discarded.
const MAX_ATTEMPTS: u8 = 5;

/// A code waiting to be entered.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct EmailOtpRecord {
    /// The code.
    pub code: String,
    /// Expiry (Unix ms).
    pub expires_ms: i64,
    /// Wrong guesses so far.
    pub attempts: u8,
}

fn key(organization_id: Option<&str>, email: &str) -> String {
    format!(
        "{}:{}",
        organization_id.unwrap_or("discovery"),
        email.to_ascii_lowercase()
    )
}

fn lifetime(minutes: Option<u32>) -> ApiResult<i64> {
    let minutes = minutes.unwrap_or(10);
    if !(2..=15).contains(&minutes) {
        return Err(ApiError::new(
            400,
            ErrorType::InvalidArgument,
            "expiration_minutes must be between 2 and 15.",
        ));
    }
    Ok(i64::from(minutes) * 60_000)
}

impl Store {
    pub(super) fn send_email_code(
        &mut self,
        ctx: &Ctx<'_>,
        key: String,
        email: &str,
        subject: String,
        lifetime_ms: i64,
    ) {
        let code = if email == SANDBOX_EMAIL {
            "000000".to_owned()
        } else {
            ids::new_code(6)
        };
        self.email_otps.insert(
            key,
            EmailOtpRecord {
                code: code.clone(),
                expires_ms: ctx.now + lifetime_ms,
                attempts: 0,
            },
        );
        if email != SANDBOX_EMAIL {
            let minutes = lifetime_ms / 60_000;
            self.deliver(Message {
                to: email.to_owned(),
                channel: "email".into(),
                subject: Some(subject),
                body: format!("Your code is {code}. It expires in {minutes} minutes."),
                link: None,
                token: None,
                code: Some(code),
                created_at: format_rfc3339(ctx.now),
            });
        }
    }

    /// Checks and consumes a code. Unknown, expired or replaced codes are `otp_code_not_found`;
    /// a wrong code is `unable_to_auth_otp_code`, and the fifth wrong guess discards the code.
    fn take_email_code(&mut self, ctx: &Ctx<'_>, key: &str, code: &str) -> ApiResult<()> {
        let not_found = || {
            ApiError::new(
                404,
                ErrorType::OtpCodeNotFound,
                "The code was not found or has expired; request a new one.",
            )
        };
        let record = self
            .email_otps
            .get_mut(key)
            .filter(|r| r.expires_ms > ctx.now)
            .ok_or_else(not_found)?;
        if record.code != code.trim() {
            record.attempts += 1;
            if record.attempts >= MAX_ATTEMPTS {
                self.email_otps.remove(key);
            }
            return Err(ApiError::new(
                401,
                ErrorType::UnableToAuthOtpCode,
                "The code is not correct.",
            ));
        }
        self.email_otps.remove(key);
        Ok(())
    }

    /// `otps/email/discovery/send`.
    pub(crate) fn send_discovery_email_otp(
        &mut self,
        ctx: &Ctx<'_>,
        request: &EmailOtpDiscoverySendRequest,
    ) -> ApiResult<()> {
        validate_email(&request.email_address)?;
        let lifetime_ms = lifetime(request.discovery_expiration_minutes)?;
        let email = request.email_address.to_ascii_lowercase();
        let subject = format!("Your {} sign-in code", self.project.name);
        self.send_email_code(ctx, key(None, &email), &email, subject, lifetime_ms);
        Ok(())
    }

    /// `otps/email/discovery/authenticate`.
    pub(crate) fn authenticate_discovery_email_otp(
        &mut self,
        ctx: &Ctx<'_>,
        request: &EmailOtpDiscoveryAuthenticateRequest,
    ) -> ApiResult<DiscoveryAuthenticateResponse> {
        validate_email(&request.email_address)?;
        let email = request.email_address.to_ascii_lowercase();
        self.take_email_code(ctx, &key(None, &email), &request.code)?;
        let factor = Factor::email_otp(&email, &ids::new_id("email"), ctx.now);
        Ok(self.start_discovery(ctx, &email, factor))
    }

    /// `otps/email/login_or_signup`.
    pub(crate) fn send_login_email_otp(
        &mut self,
        ctx: &Ctx<'_>,
        request: &EmailOtpLoginOrSignupRequest,
    ) -> ApiResult<()> {
        validate_email(&request.email_address)?;
        let organization = self.organization(&request.organization_id)?.clone();
        let email = request.email_address.to_ascii_lowercase();
        let (member, created) = self.member_for_signup(ctx, &organization, &email)?;
        let signup = created || matches!(member.status, MemberStatus::Pending | MemberStatus::Invited);
        let lifetime_ms = lifetime(if signup {
            request.signup_expiration_minutes
        } else {
            request.login_expiration_minutes
        })?;
        let name = &organization.organization_name;
        let subject = if signup {
            format!("Your code to join {name}")
        } else {
            format!("Your code to sign in to {name}")
        };
        self.send_email_code(
            ctx,
            key(Some(&organization.organization_id), &email),
            &email,
            subject,
            lifetime_ms,
        );
        Ok(())
    }

    /// `otps/email/authenticate`: verifies the email like a magic link does.
    pub(crate) fn authenticate_email_otp(
        &mut self,
        ctx: &Ctx<'_>,
        request: &EmailOtpAuthenticateRequest,
        continuing: Continuing<'_>,
    ) -> ApiResult<AuthenticateWithMfaResponse> {
        let duration = check_duration(request.session_duration_minutes)?;
        validate_email(&request.email_address)?;
        let organization = self.organization(&request.organization_id)?.clone();
        let email = request.email_address.to_ascii_lowercase();
        let member = match self.email_update_by_code(&organization.organization_id, &email, ctx.now) {
            // A code proving a member's new address: the member moves to it, then signs in.
            Some(member_id) => {
                self.take_email_code(ctx, &super::email_update::code_key(&member_id), &request.code)?;
                self.complete_email_update(ctx, &member_id, &email, None)?
            }
            None => {
                self.take_email_code(ctx, &key(Some(&organization.organization_id), &email), &request.code)?;
                self.member_by_email(&organization.organization_id, &email)
                    .cloned()
                    .ok_or_else(ApiError::member_not_found)?
            }
        };
        let email_id = ids::new_id("email");
        let factor = Factor::email_otp(&email, &email_id, ctx.now);
        let login = LoginMember { member, join: None };
        let mut response = self.authenticate_primary(ctx, &organization, login, factor, continuing, duration)?;
        response.method_id = Some(email_id);
        Ok(response)
    }
}
