//! The MFA part of the flow, after the official UI's reducer: which screen an MFA answer leads
//! to (enrolled methods, the member's default, the organization's restriction, the configured
//! order and inclusion, a code already texted), and the enrollment and entry steps.

use stytch_models::{ErrorType, MfaMethod, MfaRequired, Restriction};

use super::{Command, DeadEnd, FlowEvent, FlowState, Invalid, MfaContext, Screen, TotpEnrollment};
use stytch_models::api::sessions::AuthenticateWithMfaResponse;

/// `+`, a non-zero digit, 7 to 15 digits: E.164.
pub(super) fn normalize_phone(input: &str) -> Option<String> {
    let compact: String = input
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '(' | ')' | '.'))
        .collect();
    let digits = compact.strip_prefix('+')?;
    let valid =
        (7..=15).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit()) && !digits.starts_with('0');
    valid.then_some(compact)
}

pub(super) fn digits_only(code: &str, length: usize) -> Option<String> {
    let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    (code.len() == length && code.bytes().all(|b| b.is_ascii_digit())).then_some(code)
}

impl FlowState {
    /// Where an MFA answer leads.
    pub(super) fn enter_mfa(
        &mut self,
        response: &AuthenticateWithMfaResponse,
        mfa: &MfaRequired,
        at_ms: i64,
    ) -> Option<Command> {
        if !cfg!(feature = "mfa") {
            // A build without MFA offers no method, as if the organization allowed none.
            self.fail(DeadEnd::NoMfaMethod);
            return None;
        }
        let organization = response.organization.clone();
        let member = response.member.clone();
        let restricted = organization.mfa_methods == Restriction::Restricted && !member.is_breakglass;
        let allowed: Vec<MfaMethod> = [MfaMethod::Totp, MfaMethod::SmsOtp]
            .into_iter()
            .filter(|m| !restricted || organization.allowed_mfa_methods.contains(m))
            .collect();
        let mut enrolled: Vec<MfaMethod> = allowed
            .iter()
            .filter(|m| match m {
                MfaMethod::Totp => member.is_enrolled_in_totp(),
                MfaMethod::SmsOtp => member.is_enrolled_in_sms(),
                MfaMethod::Unknown(_) => false,
            })
            .cloned()
            .collect();
        let default = MfaMethod::parse(&member.default_mfa_method);
        if let Some(position) = enrolled.iter().position(|m| *m == default) {
            let method = enrolled.remove(position);
            enrolled.insert(0, method);
        }
        let masked_phone = mfa
            .member_options
            .as_ref()
            .map(|o| o.mfa_phone_number.clone())
            .filter(|p| !p.is_empty())
            .unwrap_or_else(|| member.mfa_phone_number.clone());
        self.mfa = Some(MfaContext {
            organization: organization.clone(),
            member: member.clone(),
            allowed: allowed.clone(),
            enrolled: enrolled.clone(),
            pending_recovery_codes: None,
        });
        self.history.clear();

        // Trust "a code was texted" only when it is consistent with what we know: SMS allowed
        // for this member and a phone on file. Otherwise choose as if nothing was sent.
        let texted = mfa.secondary_auth_initiated.as_deref() == Some("sms_otp")
            && allowed.contains(&MfaMethod::SmsOtp)
            && !member.mfa_phone_number.is_empty();
        if texted {
            if !member.mfa_phone_number_verified {
                self.history.push(Screen::SmsOtpEnrollment);
            }
            self.screen = Screen::SmsOtpEntry {
                phone: masked_phone,
                sent_at_ms: Some(at_ms),
            };
            return None;
        }
        if let Some(method) = enrolled.first() {
            return match method {
                MfaMethod::SmsOtp => {
                    self.screen = Screen::SmsOtpEntry {
                        phone: masked_phone,
                        sent_at_ms: None,
                    };
                    self.send_sms(None)
                }
                _ => {
                    self.screen = Screen::TotpEntry;
                    None
                }
            };
        }
        let order = if self.config.mfa_product_order.is_empty() {
            vec![MfaMethod::Totp, MfaMethod::SmsOtp]
        } else {
            self.config.mfa_product_order.clone()
        };
        let include = &self.config.mfa_product_include;
        let mut options: Vec<MfaMethod> = Vec::new();
        for method in order.into_iter().chain([MfaMethod::Totp, MfaMethod::SmsOtp]) {
            let wanted = allowed.contains(&method) && (restricted || include.is_empty() || include.contains(&method));
            if wanted && !options.contains(&method) {
                options.push(method);
            }
        }
        match options.len() {
            0 => {
                self.fail(DeadEnd::NoMfaMethod);
                None
            }
            1 => {
                // The first MFA screen: nothing before it to go back to.
                let command = self.start_enrollment(options.remove(0));
                self.history.clear();
                command
            }
            _ => {
                self.screen = Screen::MfaEnrollmentSelection { options };
                None
            }
        }
    }

    fn ids(&self) -> Option<(String, String)> {
        self.mfa
            .as_ref()
            .map(|m| (m.organization.organization_id.clone(), m.member.member_id.clone()))
    }

    fn send_sms(&mut self, phone: Option<String>) -> Option<Command> {
        let (organization_id, member_id) = self.ids()?;
        self.start(Command::SendSms {
            organization_id,
            member_id,
            phone,
        })
    }

    fn start_enrollment(&mut self, method: MfaMethod) -> Option<Command> {
        match method {
            MfaMethod::SmsOtp => {
                self.go(Screen::SmsOtpEnrollment);
                None
            }
            MfaMethod::Totp => {
                self.go(Screen::TotpEnrollment {
                    enrollment: None,
                    manual: false,
                });
                let (organization_id, member_id) = self.ids()?;
                self.start(Command::CreateTotp {
                    organization_id,
                    member_id,
                })
            }
            MfaMethod::Unknown(_) => None,
        }
    }

    /// The MFA events.
    pub(super) fn handle_mfa(&mut self, event: FlowEvent) -> Option<Command> {
        // MFA events mean nothing outside an MFA step.
        self.mfa.as_ref()?;
        match event {
            FlowEvent::SelectMfaMethod(method) => match &self.screen {
                Screen::MfaEnrollmentSelection { options } if options.contains(&method) && !self.pending => {
                    self.start_enrollment(method)
                }
                _ => None,
            },
            FlowEvent::SubmitPhone(input) => {
                if self.pending || self.screen != Screen::SmsOtpEnrollment {
                    return None;
                }
                match normalize_phone(&input) {
                    Some(phone) => {
                        // Shown on the entry screen ("we sent a code to …").
                        if let Some(mfa) = &mut self.mfa {
                            mfa.member.mfa_phone_number = phone.clone();
                        }
                        self.send_sms(Some(phone))
                    }
                    None => self.invalid(Invalid::Phone),
                }
            }
            FlowEvent::SmsSent(result) => {
                self.pending = false;
                match result {
                    Ok(at) => {
                        let phone = self
                            .mfa
                            .as_ref()
                            .map(|m| m.member.mfa_phone_number.clone())
                            .unwrap_or_default();
                        match &mut self.screen {
                            Screen::SmsOtpEntry { sent_at_ms, .. } => *sent_at_ms = Some(at),
                            _ => self.go(Screen::SmsOtpEntry {
                                phone,
                                sent_at_ms: Some(at),
                            }),
                        }
                        self.error = None;
                    }
                    Err(error) => self.on_error(error),
                }
                None
            }
            FlowEvent::ResendSms => match &self.screen {
                Screen::SmsOtpEntry { .. } if !self.pending => self.send_sms(None),
                _ => None,
            },
            FlowEvent::SubmitSmsCode(code) => {
                if self.pending || !matches!(self.screen, Screen::SmsOtpEntry { .. }) {
                    return None;
                }
                let Some(code) = digits_only(&code, 6) else {
                    return self.invalid(Invalid::Code);
                };
                let (organization_id, member_id) = self.ids()?;
                self.start(Command::AuthenticateSms {
                    organization_id,
                    member_id,
                    code,
                })
            }
            FlowEvent::TotpCreated(result) => {
                self.pending = false;
                match result {
                    Ok(created) => {
                        if let Some(mfa) = &mut self.mfa {
                            mfa.pending_recovery_codes = Some(created.recovery_codes.clone());
                        }
                        let enrollment = TotpEnrollment {
                            secret: created.secret.clone(),
                            qr_code: created.qr_code.clone(),
                            recovery_codes: created.recovery_codes.clone(),
                        };
                        self.screen = Screen::TotpEnrollment {
                            enrollment: Some(enrollment),
                            manual: false,
                        };
                    }
                    Err(error) if error.error_type() == Some(&ErrorType::ActiveTotpExists) => {
                        // Already enrolled on another device: sign in with it instead.
                        self.screen = Screen::TotpEntry;
                    }
                    Err(error) => {
                        self.on_error(error.clone());
                        if self.screen
                            != (Screen::TotpEnrollment {
                                enrollment: None,
                                manual: false,
                            })
                        {
                            return None;
                        }
                        match self.history.pop() {
                            Some(previous) => self.screen = previous,
                            None => self.fail(DeadEnd::TotpSetupFailed(error.clone())),
                        }
                        self.error = Some(error.into());
                    }
                }
                None
            }
            FlowEvent::ToggleTotpManual => {
                if let Screen::TotpEnrollment {
                    enrollment: Some(_),
                    manual,
                } = &mut self.screen
                {
                    *manual = !*manual;
                }
                None
            }
            FlowEvent::ContinueToTotpCode => {
                if matches!(
                    self.screen,
                    Screen::TotpEnrollment {
                        enrollment: Some(_),
                        ..
                    }
                ) {
                    self.go(Screen::TotpEntry);
                }
                None
            }
            FlowEvent::SubmitTotpCode(code) => {
                if self.pending || self.screen != Screen::TotpEntry {
                    return None;
                }
                let Some(code) = digits_only(&code, 6) else {
                    return self.invalid(Invalid::Code);
                };
                let (organization_id, member_id) = self.ids()?;
                let set_default = self.mfa.as_ref().is_some_and(|m| m.pending_recovery_codes.is_some());
                self.start(Command::AuthenticateTotp {
                    organization_id,
                    member_id,
                    code,
                    set_default,
                })
            }
            FlowEvent::UseRecoveryCode => {
                let enrolled_totp = self.mfa.as_ref().is_some_and(|m| m.enrolled.contains(&MfaMethod::Totp));
                if self.screen == Screen::TotpEntry && enrolled_totp && !self.pending {
                    self.go(Screen::RecoveryCodeEntry);
                }
                None
            }
            FlowEvent::SubmitRecoveryCode(code) => {
                if self.pending || self.screen != Screen::RecoveryCodeEntry {
                    return None;
                }
                let code = code.trim().to_ascii_lowercase();
                if code.is_empty() {
                    return self.invalid(Invalid::RecoveryCode);
                }
                let (organization_id, member_id) = self.ids()?;
                self.start(Command::Recover {
                    organization_id,
                    member_id,
                    code,
                })
            }
            FlowEvent::SwitchMfaMethod(method) => {
                let enrolled = self.mfa.as_ref().is_some_and(|m| m.enrolled.contains(&method));
                if !enrolled || self.pending {
                    return None;
                }
                match (&self.screen, method) {
                    (Screen::SmsOtpEntry { .. }, MfaMethod::Totp) => {
                        self.go(Screen::TotpEntry);
                        None
                    }
                    (Screen::TotpEntry | Screen::RecoveryCodeEntry, MfaMethod::SmsOtp) => {
                        let phone = self
                            .mfa
                            .as_ref()
                            .map(|m| m.member.mfa_phone_number.clone())
                            .unwrap_or_default();
                        self.go(Screen::SmsOtpEntry {
                            phone,
                            sent_at_ms: None,
                        });
                        self.send_sms(None)
                    }
                    _ => None,
                }
            }
            FlowEvent::MfaCompleted(result) => {
                self.pending = false;
                match result {
                    Ok(_) => {
                        let codes = self.mfa.as_mut().and_then(|m| m.pending_recovery_codes.take());
                        match codes {
                            Some(codes) if self.screen == Screen::TotpEntry => {
                                self.reset_to(Screen::RecoveryCodeSave { codes })
                            }
                            _ => self.finish(),
                        }
                    }
                    Err(error) => self.on_error(error),
                }
                None
            }
            FlowEvent::RecoveryCodesSaved => {
                if matches!(self.screen, Screen::RecoveryCodeSave { .. }) {
                    self.finish();
                }
                None
            }
            _ => None,
        }
    }
}
