//! MFA: SMS one-time passcodes, TOTP and recovery codes, each completing an intermediate
//! session (or stepping up a session) once the primary factor is satisfied.

use stytch_models::{
    ErrorType, Member, MfaMethod, MfaPolicy, Organization,
    api::mfa::{
        MemberOnlyResponse, RecoverRequest, RecoverResponse, RecoveryCodesResponse, SmsAuthenticateRequest,
        SmsSendRequest, TotpAuthenticateRequest, TotpCreateRequest, TotpCreateResponse,
    },
    api::sessions::AuthenticateResponse,
    time::format_rfc3339,
};

use super::outbox::Message;
use super::policy::{Evaluation, Verification, evaluate};
use super::store::{Factor, SmsCode, Store, TotpRecord};
use super::{Ctx, ids, totp};
use crate::error::{ApiError, ApiResult};

/// SMS codes live two minutes.
pub const SMS_CODE_LIFETIME_MS: i64 = 2 * 60 * 1000;
/// The sandbox phone number: texts to it are not counted as sent and its code is `000000`.
pub const SANDBOX_PHONE: &str = "+10000000000";

/// What an MFA call is made with: an intermediate session, or a session being stepped up.
#[derive(Clone, Debug, PartialEq)]
pub enum MfaCredential {
    /// An IST.
    Ist(String),
    /// A member session token.
    Session(String),
    /// Neither: a backend call (with the project's secret) sending a code to, or creating a
    /// registration for, a member who has no MFA factor yet.
    Direct,
}

struct MfaContext {
    organization: Organization,
    member: Member,
    factors: Vec<Factor>,
    credential: MfaCredential,
}

/// Checks an E.164 number: `+`, a non-zero digit, 7 to 15 digits in all.
pub fn validate_e164(phone: &str) -> ApiResult<()> {
    let digits = phone.strip_prefix('+').unwrap_or_default();
    if (7..=15).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit()) && !digits.starts_with('0') {
        Ok(())
    } else {
        Err(ApiError::new(
            400,
            ErrorType::InvalidPhoneNumber,
            "mfa_phone_number must be in E.164 format, e.g. +15555550123.",
        ))
    }
}

fn method_allowed(organization: &Organization, member: &Member, method: &MfaMethod) -> ApiResult<()> {
    if member.is_breakglass || organization.allows_mfa_method(method) {
        Ok(())
    } else {
        Err(ApiError::new(
            403,
            ErrorType::OperationRestrictedByOrganizationMfaMethods,
            format!("The organization does not allow {method} for MFA."),
        ))
    }
}

impl Store {
    fn mfa_context(
        &self,
        ctx: &Ctx<'_>,
        credential: MfaCredential,
        organization_id: &str,
        member_id: &str,
    ) -> ApiResult<MfaContext> {
        let organization = self.organization(organization_id)?.clone();
        let member = self.member(&organization.organization_id, member_id)?.clone();
        let mismatch = || {
            ApiError::new(
                403,
                ErrorType::MemberSessionMemberIdMismatch,
                "The intermediate session or session belongs to another member.",
            )
        };
        let factors = match &credential {
            MfaCredential::Ist(token) => {
                let ist = self.ist(token, ctx.now)?;
                if !ist.email.eq_ignore_ascii_case(&member.email_address) {
                    return Err(mismatch());
                }
                ist.factors.clone()
            }
            MfaCredential::Session(token) => {
                let record = self.live_session(token, ctx.now)?;
                if record.session.member_id != member.member_id {
                    return Err(mismatch());
                }
                record.factors.clone()
            }
            MfaCredential::Direct => {
                // A member with an MFA factor proves it first ("to prevent bypassing MFA").
                let has_factor =
                    member.mfa_phone_number_verified || self.totps.get(&member.member_id).is_some_and(|t| t.active);
                if has_factor {
                    return Err(ApiError::new(
                        401,
                        ErrorType::InsufficientFactors,
                        "The member already has an MFA factor: pass an intermediate session or session that includes it.",
                    ));
                }
                return Ok(MfaContext {
                    organization,
                    member,
                    factors: Vec::new(),
                    credential,
                });
            }
        };
        let requirements = evaluate(&Evaluation {
            organization: &organization,
            member: &member,
            factors: &factors,
            email_verification: Verification::AsMember,
            has_session_of_member: false,
        });
        if requirements.primary_required.is_some() {
            return Err(ApiError::new(
                400,
                ErrorType::ActionAvailableOnlyOncePrimaryAuthenticationIsMet,
                "Complete the primary authentication before MFA.",
            ));
        }
        Ok(MfaContext {
            organization,
            member,
            factors,
            credential,
        })
    }

    /// Texts a fresh code to `phone` (replacing any earlier one) and records it.
    pub(crate) fn text_code(&mut self, ctx: &Ctx<'_>, organization: &Organization, member_id: &str, phone: &str) {
        let code = if phone == SANDBOX_PHONE {
            "000000".to_owned()
        } else {
            ids::new_code(6)
        };
        self.sms_codes.insert(
            member_id.to_owned(),
            SmsCode {
                code: code.clone(),
                expires_ms: ctx.now + SMS_CODE_LIFETIME_MS,
            },
        );
        if phone != SANDBOX_PHONE {
            self.deliver(Message {
                to: phone.to_owned(),
                channel: "sms".into(),
                subject: None,
                body: format!(
                    "Your {} verification code is {code}. It expires in 2 minutes.",
                    organization.organization_name
                ),
                link: None,
                token: None,
                code: Some(code),
                created_at: format_rfc3339(ctx.now),
            });
        }
    }

    fn member_response(member: Member, organization: Organization) -> MemberOnlyResponse {
        MemberOnlyResponse {
            request_id: ids::request_id(),
            status_code: 200,
            member_id: member.member_id.clone(),
            member,
            organization,
        }
    }

    /// Adds the MFA factor: an IST becomes a session (if that satisfies the organization), a
    /// session gains the factor.
    fn complete_mfa(
        &mut self,
        ctx: &Ctx<'_>,
        mfa: MfaContext,
        factor: Factor,
        duration: Option<u32>,
    ) -> ApiResult<AuthenticateResponse> {
        match mfa.credential {
            MfaCredential::Ist(token) => {
                let mut factors = mfa.factors;
                factors.push(factor);
                let member = self
                    .member(&mfa.organization.organization_id, &mfa.member.member_id)?
                    .clone();
                let requirements = evaluate(&Evaluation {
                    organization: &mfa.organization,
                    member: &member,
                    factors: &factors,
                    email_verification: Verification::AsMember,
                    has_session_of_member: false,
                });
                if !requirements.satisfied() {
                    return Err(ApiError::new(
                        403,
                        ErrorType::OperationRestrictedByOrganizationMfaMethods,
                        "This factor does not satisfy the organization's MFA requirements.",
                    ));
                }
                let session = self.mint_session(
                    ctx,
                    &member.member_id,
                    &mfa.organization.organization_id,
                    factors,
                    duration,
                )?;
                self.ists.remove(&token);
                self.session_response(ctx, &session)
            }
            MfaCredential::Session(token) => {
                self.add_factor(ctx, &token, factor, None)?;
                self.session_response(ctx, &token)
            }
            MfaCredential::Direct => Err(ApiError::no_session_arguments(
                "An intermediate session or a session is needed to complete MFA.",
            )),
        }
    }

    fn apply_enrollment(member: &mut Member, organization: &Organization, set_mfa_enrollment: Option<&str>) {
        if organization.mfa_policy == MfaPolicy::RequiredForAll {
            member.mfa_enrolled = true;
        }
        match set_mfa_enrollment {
            Some("enroll") => member.mfa_enrolled = true,
            Some("unenroll") => member.mfa_enrolled = false,
            _ => {}
        }
    }

    /// `otps/sms/send`: attaches a phone to a member who has none (unverified until a code is
    /// entered), then texts a code.
    pub(crate) fn send_sms_otp(
        &mut self,
        ctx: &Ctx<'_>,
        credential: MfaCredential,
        request: &SmsSendRequest,
    ) -> ApiResult<MemberOnlyResponse> {
        let mfa = self.mfa_context(ctx, credential, &request.organization_id, &request.member_id)?;
        method_allowed(&mfa.organization, &mfa.member, &MfaMethod::SmsOtp)?;
        let mut member = mfa.member;
        let requested = request
            .mfa_phone_number
            .as_deref()
            .map(str::trim)
            .filter(|p| !p.is_empty());
        let phone = match (member.mfa_phone_number.is_empty(), requested) {
            (true, None) => {
                return Err(ApiError::new(
                    400,
                    ErrorType::InvalidPhoneNumber,
                    "The member has no phone number; pass mfa_phone_number.",
                ));
            }
            (_, Some(phone)) if phone != member.mfa_phone_number => {
                validate_e164(phone)?;
                if member.mfa_phone_number_verified {
                    return Err(ApiError::new(
                        400,
                        ErrorType::InvalidPhoneNumber,
                        "The member already has a verified phone number.",
                    ));
                }
                self.ensure_phone_free(&member.organization_id, phone, Some(&member.member_id))?;
                member.mfa_phone_number = phone.to_owned();
                member.mfa_phone_number_verified = false;
                member.updated_at = format_rfc3339(ctx.now);
                self.upsert_member(member.clone());
                phone.to_owned()
            }
            _ => member.mfa_phone_number.clone(),
        };
        self.text_code(ctx, &mfa.organization, &member.member_id, &phone);
        Ok(Self::member_response(member, mfa.organization))
    }

    /// `otps/sms/authenticate`.
    pub(crate) fn authenticate_sms_otp(
        &mut self,
        ctx: &Ctx<'_>,
        credential: MfaCredential,
        request: &SmsAuthenticateRequest,
    ) -> ApiResult<AuthenticateResponse> {
        let mfa = self.mfa_context(ctx, credential, &request.organization_id, &request.member_id)?;
        method_allowed(&mfa.organization, &mfa.member, &MfaMethod::SmsOtp)?;
        let pending = self
            .sms_codes
            .get(&mfa.member.member_id)
            .filter(|c| c.expires_ms > ctx.now)
            .ok_or_else(|| {
                ApiError::new(
                    404,
                    ErrorType::OtpCodeNotFound,
                    "The code has expired or was never sent; send a new one.",
                )
            })?;
        if pending.code != request.code.trim() {
            return Err(ApiError::new(
                401,
                ErrorType::UnableToAuthOtpCode,
                "The code is not correct.",
            ));
        }
        self.sms_codes.remove(&mfa.member.member_id);
        let mut member = mfa.member.clone();
        member.mfa_phone_number_verified = true;
        Self::apply_enrollment(&mut member, &mfa.organization, request.set_mfa_enrollment.as_deref());
        member.updated_at = format_rfc3339(ctx.now);
        self.upsert_member(member.clone());
        let factor = Factor::sms(&member.mfa_phone_number, &member.member_id, ctx.now);
        self.complete_mfa(ctx, mfa, factor, request.session_duration_minutes)
    }

    /// `totp` (create): a pending registration with a secret, its QR code and recovery codes.
    pub(crate) fn create_totp(
        &mut self,
        ctx: &Ctx<'_>,
        credential: MfaCredential,
        request: &TotpCreateRequest,
    ) -> ApiResult<TotpCreateResponse> {
        let mfa = self.mfa_context(ctx, credential, &request.organization_id, &request.member_id)?;
        method_allowed(&mfa.organization, &mfa.member, &MfaMethod::Totp)?;
        if self.totps.get(&mfa.member.member_id).is_some_and(|t| t.active) {
            return Err(ApiError::new(
                400,
                ErrorType::ActiveTotpExists,
                "The member already has an active TOTP registration.",
            ));
        }
        let minutes = request.expiration_minutes.unwrap_or(60);
        if !(5..=1440).contains(&minutes) {
            return Err(ApiError::new(
                400,
                ErrorType::InvalidArgument,
                "expiration_minutes must be between 5 and 1440.",
            ));
        }
        let secret = totp::new_secret();
        let encoded = totp::base32(&secret);
        let registration_id = ids::new_id("totp");
        let recovery_codes = totp::recovery_codes();
        self.totps.insert(
            mfa.member.member_id.clone(),
            TotpRecord {
                registration_id: registration_id.clone(),
                secret,
                active: false,
                expires_ms: ctx.now + i64::from(minutes) * 60_000,
                recovery_codes: recovery_codes.iter().map(|c| (c.clone(), false)).collect(),
                last_step: None,
            },
        );
        let uri = totp::otpauth_uri(&mfa.organization.organization_name, &mfa.member.email_address, &encoded);
        Ok(TotpCreateResponse {
            request_id: ids::request_id(),
            status_code: 200,
            member_id: mfa.member.member_id.clone(),
            totp_registration_id: registration_id,
            secret: encoded,
            qr_code: totp::qr_data_url(&uri),
            recovery_codes,
            member: mfa.member,
            organization: mfa.organization,
        })
    }

    /// `totp/authenticate`: the first good code activates a pending registration.
    pub(crate) fn authenticate_totp(
        &mut self,
        ctx: &Ctx<'_>,
        credential: MfaCredential,
        request: &TotpAuthenticateRequest,
    ) -> ApiResult<AuthenticateResponse> {
        let mfa = self.mfa_context(ctx, credential, &request.organization_id, &request.member_id)?;
        method_allowed(&mfa.organization, &mfa.member, &MfaMethod::Totp)?;
        let member_id = mfa.member.member_id.clone();
        let record = self
            .totps
            .get_mut(&member_id)
            .filter(|t| t.active || t.expires_ms > ctx.now)
            .ok_or_else(|| {
                ApiError::new(
                    404,
                    ErrorType::TotpNotFound,
                    "The member has no TOTP registration; create one first.",
                )
            })?;
        let step = totp::verify(&record.secret, &request.code, ctx.now)
            .ok_or_else(|| ApiError::new(401, ErrorType::UnableToAuthenticateTotp, "The code is not correct."))?;
        if record.last_step.is_some_and(|last| step <= last) {
            return Err(ApiError::new(
                401,
                ErrorType::TotpCodeAlreadyAuthenticated,
                "This code was already used; wait for the next one.",
            ));
        }
        record.last_step = Some(step);
        record.active = true;
        let registration_id = record.registration_id.clone();
        let mut member = mfa.member.clone();
        member.totp_registration_id = registration_id.clone();
        Self::apply_enrollment(&mut member, &mfa.organization, request.set_mfa_enrollment.as_deref());
        if request.set_default_mfa == Some(true) {
            member.default_mfa_method = "totp".into();
        }
        member.updated_at = format_rfc3339(ctx.now);
        self.upsert_member(member);
        let factor = Factor::totp(&registration_id, &member_id, ctx.now);
        self.complete_mfa(ctx, mfa, factor, request.session_duration_minutes)
    }

    /// `recovery_codes/recover`: a single-use code instead of a TOTP code.
    pub(crate) fn recover(
        &mut self,
        ctx: &Ctx<'_>,
        credential: MfaCredential,
        request: &RecoverRequest,
    ) -> ApiResult<RecoverResponse> {
        let mfa = self.mfa_context(ctx, credential, &request.organization_id, &request.member_id)?;
        method_allowed(&mfa.organization, &mfa.member, &MfaMethod::Totp)?;
        let record = self
            .totps
            .get_mut(&mfa.member.member_id)
            .filter(|t| t.active)
            .ok_or_else(|| {
                ApiError::new(
                    404,
                    ErrorType::RecoveryCodesNotFound,
                    "The member has no recovery codes.",
                )
            })?;
        let given = request.recovery_code.trim().to_ascii_lowercase();
        let slot = record
            .recovery_codes
            .iter_mut()
            .find(|(code, used)| !used && *code == given)
            .ok_or_else(|| {
                ApiError::new(
                    401,
                    ErrorType::UnableToAuthenticateRecoveryCode,
                    "The recovery code is not correct or was already used.",
                )
            })?;
        slot.1 = true;
        let remaining = record.recovery_codes.iter().filter(|(_, used)| !used).count() as u32;
        let registration_id = record.registration_id.clone();
        let factor = Factor::recovery_code(&registration_id, &mfa.member.member_id, ctx.now);
        let session = self.complete_mfa(ctx, mfa, factor, request.session_duration_minutes)?;
        Ok(RecoverResponse {
            request_id: session.request_id,
            status_code: 200,
            member_id: session.member_id,
            member_session: session.member_session,
            session_token: session.session_token,
            session_jwt: session.session_jwt,
            member: session.member,
            organization: session.organization,
            recovery_codes_remaining: remaining,
        })
    }

    /// `GET recovery_codes` or `POST recovery_codes/rotate` for the session's member.
    pub(crate) fn recovery_codes(
        &mut self,
        ctx: &Ctx<'_>,
        session_token: &str,
        rotate: bool,
    ) -> ApiResult<RecoveryCodesResponse> {
        let session = &self.live_session(session_token, ctx.now)?.session;
        let (organization_id, member_id) = (session.organization_id.clone(), session.member_id.clone());
        self.member_recovery_codes(&organization_id, &member_id, rotate)
    }

    /// A member's unused recovery codes, after replacing them all when `rotate`.
    pub(crate) fn member_recovery_codes(
        &mut self,
        organization_id: &str,
        member_id: &str,
        rotate: bool,
    ) -> ApiResult<RecoveryCodesResponse> {
        let member_id = self.member(organization_id, member_id)?.member_id.clone();
        let record = self.totps.get_mut(&member_id).filter(|t| t.active).ok_or_else(|| {
            ApiError::new(
                404,
                ErrorType::RecoveryCodesNotFound,
                "The member has no recovery codes.",
            )
        })?;
        if rotate {
            record.recovery_codes = totp::recovery_codes().into_iter().map(|c| (c, false)).collect();
        }
        Ok(RecoveryCodesResponse {
            request_id: ids::request_id(),
            status_code: 200,
            member_id,
            recovery_codes: record
                .recovery_codes
                .iter()
                .filter(|(_, used)| !used)
                .map(|(c, _)| c.clone())
                .collect(),
        })
    }
}
