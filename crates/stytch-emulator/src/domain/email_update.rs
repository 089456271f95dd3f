//! A member's self-serve email update and retired addresses (Stytch's Start Member Email
//! Update and Unlink Retired Email).
//!
//! The rules, from Stytch's reference: only an active member with a verified address may
//! start an update; the new address must not belong to another member of the organization,
//! counting retired addresses until they are unlinked, nor be the target of another member's
//! update; the member gets a magic link (or a code, with `EMAIL_OTP`) at the new address that
//! expires in five minutes, after which the address is free again. Authenticating it with
//! `magic_links/authenticate` (or `otps/email/authenticate` with the new address) signs the
//! member in as any login would, now at the new address, and retires the old one. Our
//! reading where the reference is silent: a new start replaces the member's earlier pending
//! update, and a member may go back to one of their own retired addresses (which stops being
//! retired).

use stytch_models::{
    ErrorType, Member, MemberStatus, RetiredEmail,
    api::organizations::{MemberResponse, StartEmailUpdateRequest, UnlinkRetiredEmailRequest},
    time::format_rfc3339,
};

use super::discovery::link_with_token;
use super::organizations::member_response;
use super::outbox::Message;
use super::redirect_urls::{RedirectFlow, RedirectKind};
use super::store::{MagicLinkKind, MagicLinkRecord, Store, validate_email};
use super::{Ctx, ids};
use crate::error::{ApiError, ApiResult};

/// How long the link or code at the new address lives.
const LIFETIME_MS: i64 = 5 * 60_000;

/// An update waiting for the member to prove the new address.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct PendingEmailUpdate {
    /// The member's organization.
    pub organization_id: String,
    /// The new address (lower case).
    pub email: String,
    /// Expiry (Unix ms); the address is free again after it.
    pub expires_ms: i64,
    /// The magic link's token, or `None` when a code was sent.
    pub link_token: Option<String>,
}

/// How another member holds an address ([`Store::email_hold`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum EmailHold {
    /// It is their current address.
    Current,
    /// They retired it (until they unlink it).
    Retired,
    /// A pending update of theirs moves to it.
    Pending,
}

/// The key of a code sent for an update, apart from login codes to the same address.
pub(super) fn code_key(member_id: &str) -> String {
    format!("email_update:{member_id}")
}

impl Store {
    /// How `email` is held in the organization by someone other than `except_member_id`, if
    /// it is: a non-deleted member's current address, any member's retired one, or the target
    /// of a pending update.
    pub(crate) fn email_hold(
        &self,
        organization_id: &str,
        email: &str,
        except_member_id: Option<&str>,
        now: i64,
    ) -> Option<EmailHold> {
        let others = || {
            self.members
                .iter()
                .filter(|m| m.organization_id == organization_id && except_member_id != Some(m.member_id.as_str()))
        };
        if others().any(|m| m.status != MemberStatus::Deleted && m.email_address.eq_ignore_ascii_case(email)) {
            return Some(EmailHold::Current);
        }
        if others().any(|m| {
            m.retired_email_addresses
                .iter()
                .any(|r| r.email_address.eq_ignore_ascii_case(email))
        }) {
            return Some(EmailHold::Retired);
        }
        let pending = self.email_updates.iter().any(|(member_id, update)| {
            except_member_id != Some(member_id.as_str())
                && update.organization_id == organization_id
                && update.expires_ms > now
                && update.email.eq_ignore_ascii_case(email)
        });
        pending.then_some(EmailHold::Pending)
    }

    /// Whether `email` is held by someone other than `except_member_id` ([`Store::email_hold`]).
    pub(crate) fn email_held(
        &self,
        organization_id: &str,
        email: &str,
        except_member_id: Option<&str>,
        now: i64,
    ) -> bool {
        self.email_hold(organization_id, email, except_member_id, now).is_some()
    }

    /// The refusal of an address the member asked to move to, by Stytch's names for an
    /// email update: another member's address (`duplicate_member_email`), one another member
    /// retired (`desired_email_deactivated_by_different_member`) or is updating to
    /// (`desired_email_updating_for_different_member`).
    fn ensure_desired_email_free(
        &self,
        ctx: &Ctx<'_>,
        organization_id: &str,
        email: &str,
        member_id: &str,
    ) -> ApiResult<()> {
        match self.email_hold(organization_id, email, Some(member_id), ctx.now) {
            Some(EmailHold::Retired) => Err(ApiError::named(
                400,
                "desired_email_deactivated_by_different_member",
                "Another member of the organization retired this address; it is theirs until they unlink it.",
            )),
            Some(_) => self.ensure_email_free(ctx, organization_id, email, Some(member_id)),
            None => Ok(()),
        }
    }

    /// `start_email_update` on both surfaces: checks the member and the address, replaces any
    /// earlier pending update of the member, and sends a link or code to the new address.
    pub(crate) fn start_email_update(
        &mut self,
        ctx: &Ctx<'_>,
        organization_id: &str,
        member_id: &str,
        request: &StartEmailUpdateRequest,
    ) -> ApiResult<MemberResponse> {
        validate_email(&request.email_address)?;
        let by_code = match request.delivery_method.as_deref().unwrap_or("EMAIL_MAGIC_LINK") {
            "EMAIL_MAGIC_LINK" => false,
            "EMAIL_OTP" => true,
            _ => {
                return Err(ApiError::bad_request(
                    "delivery_method must be EMAIL_MAGIC_LINK or EMAIL_OTP.",
                ));
            }
        };
        let organization = self.organization(organization_id)?.clone();
        let member = self.member(&organization.organization_id, member_id)?.clone();
        let member_id = member.member_id.as_str();
        if member.status != MemberStatus::Active {
            return Err(inactive_member());
        }
        if !member.email_address_verified {
            return Err(ApiError::new(
                400,
                ErrorType::Unknown("email_verification_required".into()),
                "Only a member whose email address is verified can update it.",
            ));
        }
        let email = request.email_address.to_ascii_lowercase();
        if member.email_address == email {
            return Err(ApiError::new(
                400,
                ErrorType::DuplicateMemberEmail,
                "This is already the member's email address.",
            ));
        }
        self.ensure_desired_email_free(ctx, &organization.organization_id, &email, member_id)?;
        // Checked before anything changes, so a refused redirect keeps the earlier update.
        let redirect = if by_code {
            None
        } else {
            Some(self.redirect_url(
                request.login_redirect_url.as_deref(),
                RedirectKind::Login,
                RedirectFlow::MagicLink,
            )?)
        };
        self.drop_email_update(member_id);
        let name = organization.organization_name.clone();
        let subject = format!("Confirm your new email address for {name}");
        let link_token = match redirect {
            None => {
                self.send_email_code(ctx, code_key(member_id), &email, subject, LIFETIME_MS);
                None
            }
            Some(redirect) => {
                let token = ids::new_token();
                self.magic_links.insert(
                    token.clone(),
                    MagicLinkRecord {
                        email: email.clone(),
                        kind: MagicLinkKind::EmailUpdate {
                            organization_id: organization.organization_id.clone(),
                            member_id: member_id.to_owned(),
                        },
                        expires_ms: ctx.now + LIFETIME_MS,
                        used: false,
                        pkce_code_challenge: None,
                    },
                );
                let url = link_with_token(&redirect, "multi_tenant_magic_links", &token);
                self.deliver(Message {
                    to: email.clone(),
                    channel: "email".into(),
                    subject: Some(subject),
                    body: format!(
                        "Click the link below to make this your email address at {name}. It expires in 5 minutes.\n\n{url}\n"
                    ),
                    link: Some(url),
                    token: Some(token.clone()),
                    code: None,
                    created_at: format_rfc3339(ctx.now),
                });
                Some(token)
            }
        };
        self.email_updates.insert(
            member_id.to_owned(),
            PendingEmailUpdate {
                organization_id: organization.organization_id.clone(),
                email,
                expires_ms: ctx.now + LIFETIME_MS,
                link_token,
            },
        );
        Ok(member_response(member, organization))
    }

    /// Forgets a member's pending update and its code (its link then fails
    /// [`Store::complete_email_update`]'s check).
    fn drop_email_update(&mut self, member_id: &str) {
        self.email_updates.remove(member_id);
        self.email_otps.remove(&code_key(member_id));
    }

    /// The member waiting for a code at `email` in the organization, if any.
    pub(super) fn email_update_by_code(&self, organization_id: &str, email: &str, now: i64) -> Option<String> {
        self.email_updates
            .iter()
            .find(|(_, u)| {
                u.link_token.is_none()
                    && u.organization_id == organization_id
                    && u.expires_ms > now
                    && u.email.eq_ignore_ascii_case(email)
            })
            .map(|(member_id, _)| member_id.clone())
    }

    /// Moves the member to the address their pending update proved (by the link `link_token`,
    /// or by a code) and retires the old one. The address is checked again: someone may have
    /// taken it through a path that does not see pending updates (an SSO sign-up).
    pub(super) fn complete_email_update(
        &mut self,
        ctx: &Ctx<'_>,
        member_id: &str,
        email: &str,
        link_token: Option<&str>,
    ) -> ApiResult<Member> {
        let update = self
            .email_updates
            .get(member_id)
            .filter(|u| {
                u.expires_ms > ctx.now && u.email.eq_ignore_ascii_case(email) && u.link_token.as_deref() == link_token
            })
            .cloned()
            .ok_or_else(|| {
                ApiError::new(
                    404,
                    ErrorType::MagicLinkNotFound,
                    "This email update was replaced by a newer one or has expired.",
                )
            })?;
        self.drop_email_update(member_id);
        self.ensure_desired_email_free(ctx, &update.organization_id, &update.email, member_id)?;
        let member = self.member(&update.organization_id, member_id)?.clone();
        if member.status != MemberStatus::Active {
            return Err(inactive_member());
        }
        Ok(self.move_member_email(ctx, member, &update.email, true))
    }

    /// Gives the member a new address (whether it is `verified`) and retires the old one; a
    /// retired address of their own they return to stops being retired.
    pub(super) fn move_member_email(
        &mut self,
        ctx: &Ctx<'_>,
        mut member: Member,
        email: &str,
        verified: bool,
    ) -> Member {
        change_address(&mut member, email, verified);
        member.updated_at = format_rfc3339(ctx.now);
        self.upsert_member(member)
    }

    /// `unlink_retired_email` on both surfaces.
    pub(crate) fn unlink_retired_email(
        &mut self,
        ctx: &Ctx<'_>,
        organization_id: &str,
        member_id: &str,
        request: &UnlinkRetiredEmailRequest,
    ) -> ApiResult<MemberResponse> {
        let id = request.email_id.as_deref().filter(|s| !s.is_empty());
        let address = request.email_address.as_deref().filter(|s| !s.is_empty());
        if id.is_none() && address.is_none() {
            return Err(ApiError::new(
                400,
                ErrorType::Unknown("retired_email_missing_email_identifiers".into()),
                "One of email_id or email_address is required.",
            ));
        }
        let organization = self.organization(organization_id)?.clone();
        let mut member = self.member(&organization.organization_id, member_id)?.clone();
        let index = member
            .retired_email_addresses
            .iter()
            .position(|r| {
                id.is_none_or(|id| r.email_id == id) && address.is_none_or(|a| r.email_address.eq_ignore_ascii_case(a))
            })
            .ok_or_else(|| {
                ApiError::new(
                    404,
                    ErrorType::EmailNotFound,
                    "The member has no retired email address matching email_id and email_address.",
                )
            })?;
        member.retired_email_addresses.remove(index);
        member.updated_at = format_rfc3339(ctx.now);
        let member = self.upsert_member(member);
        Ok(member_response(member, organization))
    }
}

/// Gives `member` the address `email` (whether it is `verified`) and retires the old one; a
/// retired address of their own they return to stops being retired.
pub(super) fn change_address(member: &mut Member, email: &str, verified: bool) {
    let email = email.to_ascii_lowercase();
    member
        .retired_email_addresses
        .retain(|r| !r.email_address.eq_ignore_ascii_case(&email));
    let old = std::mem::replace(&mut member.email_address, email);
    member.retired_email_addresses.push(RetiredEmail {
        email_id: ids::new_id("email"),
        email_address: old,
    });
    member.email_address_verified = verified;
}

/// Stytch's refusal of an email update for a member who is not active.
fn inactive_member() -> ApiError {
    ApiError::new(
        400,
        ErrorType::Unknown("email_updates_available_only_for_active_members".into()),
        "Only an active member can update their email address.",
    )
}
