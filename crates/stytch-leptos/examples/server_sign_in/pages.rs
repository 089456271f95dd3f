//! Every screen, rendered by Leptos on the server into a whole HTML page, and what each
//! refusal tells the person.

use axum::response::Html;
use leptos::prelude::*;
use stytch_leptos::models::{DiscoveredOrganization, MemberSession, MembershipType, MfaMethod, Organization};

use crate::forms::{LinkForm, Pending, Step, TotpKey};

/// Told when a sign-in's IST is gone (expired, used, or its cookie cleared).
pub const EXPIRED: &str = "This sign-in has expired. Start again.";

/// Told when an SSO or OAuth sign-in comes back to a browser that did not start it (or
/// started a newer one).
pub const NOT_STARTED_HERE: &str =
    "This sign-in was not started in this browser, or a newer one was. Start it again here.";

/// What to tell a person about a refusal.
pub fn reason(error: &stytch_leptos::core::StytchError) -> String {
    match error.error_type().map(|t| t.as_str()) {
        Some("unauthorized_credentials") => "That email address and password do not match.".to_owned(),
        Some("unable_to_auth_otp_code" | "otp_code_not_found" | "unable_to_authenticate_totp") => {
            "That code is not right. Try again.".to_owned()
        }
        Some("organization_not_found") => "There is no such organization.".to_owned(),
        Some("unable_to_authenticate_recovery_code") => {
            "That recovery code is not right, or it was used already.".to_owned()
        }
        Some("invalid_phone_number") => {
            "That is not a phone number we can text: write it with its country code, like +15005550006.".to_owned()
        }
        Some("intermediate_session_not_found") => EXPIRED.to_owned(),
        Some("pkce_mismatch" | "pkce_expected_code_verifier") => NOT_STARTED_HERE.to_owned(),
        Some("weak_password") => match error {
            stytch_leptos::core::StytchError::Api(body) => {
                format!("Choose a stronger password. {}", body.error_message)
            }
            _ => "Choose a stronger password.".to_owned(),
        },
        Some("unable_to_auth_magic_link" | "magic_link_not_found") => {
            "That link was used already or has expired. Ask for a new one.".to_owned()
        }
        _ => format!("Stytch refused: {error}"),
    }
}

/// A whole page, rendered by Leptos on the server. The first field of each screen has
/// `autofocus`, so focus moves to the new screen without script; errors are alerts.
pub fn page(title: &'static str, error: Option<String>, content: impl IntoView + 'static) -> Html<String> {
    let body = Owner::new().with(move || {
        view! {
            <main>
                <h1>{title}</h1>
                {error.map(|message| view! { <p role="alert" id="error">{message}</p> })}
                {content}
            </main>
        }
        .to_html()
    });
    Html(format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{title}</title></head><body>{body}</body></html>"
    ))
}

pub fn login_page(csrf: &str, organization: String, email: String, error: Option<String>) -> Html<String> {
    let described = error.as_ref().map(|_| "error");
    page(
        "Sign in",
        error,
        view! {
            <form method="post" action="/sign-in">
                <input type="hidden" name="csrf" value=csrf.to_owned() />
                <label for="organization">"Organization"</label>
                <input id="organization" name="organization" value=organization required autofocus aria-describedby=described />
                <label for="email">"Email"</label>
                <input id="email" name="email" type="email" autocomplete="username" value=email required />
                <label for="password">"Password"</label>
                <input id="password" name="password" type="password" autocomplete="current-password" required />
                // The first button is the one Enter presses. The others need only the
                // organization: they leave for its identity provider.
                <button type="submit">"Sign in"</button>
                <button type="submit" formaction="/sso" formnovalidate>"Sign in with SSO"</button>
                <button type="submit" formaction="/oauth/google" formnovalidate>"Sign in with Google"</button>
            </form>
            <p><a href="/reset">"Forgot your password?"</a></p>
            <p><a href="/discover">"Find your organization by email"</a></p>
        },
    )
}

/// A forgotten password: the organization and address to email a reset link to.
pub fn reset_page(csrf: &str, organization: String, email: String, error: Option<String>) -> Html<String> {
    let described = error.as_ref().map(|_| "error");
    page(
        "Reset your password",
        error,
        view! {
            <form method="post" action="/reset">
                <input type="hidden" name="csrf" value=csrf.to_owned() />
                <label for="organization">"Organization"</label>
                <input id="organization" name="organization" value=organization required autofocus aria-describedby=described />
                <label for="email">"Email"</label>
                <input id="email" name="email" type="email" autocomplete="username" value=email required />
                <button type="submit">"Email me a link"</button>
            </form>
            <p><a href="/">"Back to sign in"</a></p>
        },
    )
}

/// After a reset was asked for (`whose`: "a member of Acme", "a member of any organization").
/// It reads the same whether or not the address is a member's, so the form cannot be used to
/// find out who is.
pub fn reset_sent_page(csrf: &str, email: &str, whose: &str) -> Html<String> {
    page(
        "Check your email",
        None,
        view! {
            <p id="prompt" tabindex="-1" autofocus>
                {format!("If {email} belongs to {whose}, we emailed it a link to choose a new password. It works once, within 30 minutes.")}
            </p>
            {start_again(csrf)}
        },
    )
}

/// Discovery's first screen: the address to email a code or a link to.
pub fn discover_page(csrf: &str, email: String, error: Option<String>) -> Html<String> {
    let described = error.as_ref().map(|_| "error");
    page(
        "Find your organization",
        error,
        view! {
            <form method="post" action="/discover">
                <input type="hidden" name="csrf" value=csrf.to_owned() />
                <label for="email">"Email"</label>
                <input id="email" name="email" type="email" autocomplete="username" value=email required autofocus aria-describedby=described />
                // The first button is the one Enter presses.
                <button type="submit" name="method" value="code">"Email me a code"</button>
                <button type="submit" name="method" value="link">"Email me a link"</button>
                <button type="submit" formaction="/discover/oauth/google" formnovalidate>"Continue with Google"</button>
            </form>
            <p><a href="/discover/password">"Use your password instead"</a></p>
            <p><a href="/">"Sign in to an organization you know"</a></p>
        },
    )
}

/// Discovery by password: the address and its password, then the same list of organizations.
pub fn discover_password_page(csrf: &str, email: String, error: Option<String>) -> Html<String> {
    let described = error.as_ref().map(|_| "error");
    page(
        "Find your organization with your password",
        error,
        view! {
            <form method="post" action="/discover/password">
                <input type="hidden" name="csrf" value=csrf.to_owned() />
                <label for="email">"Email"</label>
                <input id="email" name="email" type="email" autocomplete="username" value=email required autofocus aria-describedby=described />
                <label for="password">"Password"</label>
                <input id="password" name="password" type="password" autocomplete="current-password" required />
                <button type="submit">"Continue"</button>
            </form>
            <p><a href="/discover/reset">"Forgot your password?"</a></p>
            <p><a href="/discover">"Email me a code or a link instead"</a></p>
        },
    )
}

/// A forgotten password of someone who signs in by discovery: the address whose memberships
/// all get the new password.
pub fn discover_reset_page(csrf: &str, email: String, error: Option<String>) -> Html<String> {
    let described = error.as_ref().map(|_| "error");
    page(
        "Reset your password everywhere",
        error,
        view! {
            <p id="hint">"The new password will sign you in to every organization you belong to."</p>
            <form method="post" action="/discover/reset">
                <input type="hidden" name="csrf" value=csrf.to_owned() />
                <label for="email">"Email"</label>
                <input id="email" name="email" type="email" autocomplete="username" value=email required autofocus aria-describedby=described.unwrap_or("hint") />
                <button type="submit">"Email me a link"</button>
            </form>
            <p><a href="/discover/password">"Back to the password"</a></p>
        },
    )
}

/// After a discovery link was emailed: where to look, and a way back.
pub fn link_sent_page(csrf: &str, email: &str) -> Html<String> {
    page(
        "Check your email",
        None,
        view! {
            <p id="prompt" tabindex="-1" autofocus>
                {format!("We emailed a link to {email}. Open it to see your organizations; it works once, within an hour.")}
            </p>
            {start_again(csrf)}
        },
    )
}

/// Where an emailed link lands: a button that uses it. Opening the link uses nothing, so the
/// mail scanners that fetch every link in a message cannot spend a single-use token before
/// the person does (and another site cannot make a visit sign someone in).
/// A password reset's link asks for the new password instead (`error`: one refused, the link
/// still good).
pub fn open_link_page(csrf: &str, link: LinkForm, error: Option<String>) -> Html<String> {
    let reset = link.resets_password();
    let (title, action) = match link.stytch_token_type.as_str() {
        "discovery" if reset => ("Choose a new password", "Save it and show my organizations"),
        "discovery" => ("Find your organizations", "Show my organizations"),
        "multi_tenant_passwords" => ("Choose a new password", "Save it and sign in"),
        _ => ("Sign in", "Continue signing in"),
    };
    let described = error.as_ref().map(|_| "error");
    let password = reset.then(|| {
        view! {
            <label for="password">"New password"</label>
            <input id="password" name="password" type="password" autocomplete="new-password" required autofocus aria-describedby=described />
        }
    });
    page(
        title,
        error,
        view! {
            <form method="post" action="/authenticate">
                <input type="hidden" name="csrf" value=csrf.to_owned() />
                <input type="hidden" name="stytch_token_type" value=link.stytch_token_type />
                <input type="hidden" name="token" value=link.token />
                <input type="hidden" name="stytch_redirect_type" value=link.stytch_redirect_type />
                {password}
                <button type="submit" autofocus=!reset>{action}</button>
            </form>
        },
    )
}

/// Discovery's list: one button per organization the address may enter, saying whether it
/// joins, accepts an invitation or signs in; then a form creating a new one. `error` is a
/// refused choice or creation.
pub fn organizations_page(
    csrf: &str,
    email: &str,
    found: Vec<DiscoveredOrganization>,
    error: Option<String>,
) -> Html<String> {
    let described = error.as_ref().map(|_| "error");
    let empty = found.is_empty().then(|| {
        view! { <p id="none">{format!("No organization admits {email} yet. Ask its admin for an invitation.")}</p> }
    });
    let choices = found
        .into_iter()
        .map(|choice| {
            let name = choice.organization.organization_name;
            let label = match choice.membership.membership_type {
                MembershipType::InvitedMember => format!("Accept the invitation to {name}"),
                MembershipType::EligibleToJoinByEmailDomain | MembershipType::EligibleToJoinByOauthTenant => {
                    format!("Join {name}")
                }
                _ => format!("Sign in to {name}"),
            };
            view! {
                <li>
                    <form method="post" action="/organization">
                        <input type="hidden" name="csrf" value=csrf.to_owned() />
                        <input type="hidden" name="organization_id" value=choice.organization.organization_id />
                        <button type="submit">{label}</button>
                    </form>
                </li>
            }
        })
        .collect_view();
    page(
        "Choose an organization",
        error,
        view! {
            <p id="prompt" tabindex="-1" autofocus>{format!("Organizations for {email}:")}</p>
            <ul>{choices}</ul>
            {empty}
            <form method="post" action="/create">
                <input type="hidden" name="csrf" value=csrf.to_owned() />
                <label for="name">"Or create an organization, named"</label>
                <input id="name" name="name" required maxlength="128" aria-describedby=described />
                <button type="submit">"Create it"</button>
            </form>
            <form method="post" action="/sign-out">
                <input type="hidden" name="csrf" value=csrf.to_owned() />
                <button type="submit">"Start again"</button>
            </form>
        },
    )
}

/// The hidden fields that carry a sign-in in progress from screen to screen: the CSRF token,
/// and whose sign-in it is (the IST itself stays in its cookie).
pub fn carried(csrf: &str, pending: &Pending, step: Step) -> impl IntoView + use<> {
    view! {
        <input type="hidden" name="csrf" value=csrf.to_owned() />
        <input type="hidden" name="step" value=step.name() />
        <input type="hidden" name="organization_id" value=pending.organization_id.clone() />
        <input type="hidden" name="member_id" value=pending.member_id.clone() />
        <input type="hidden" name="email" value=pending.email.clone() />
    }
}

/// The "Start again" button: drops the sign-in in progress.
pub fn start_again(csrf: &str) -> impl IntoView + use<> {
    view! {
        <form method="post" action="/sign-out">
            <input type="hidden" name="csrf" value=csrf.to_owned() />
            <button type="submit">"Start again"</button>
        </form>
    }
}

pub fn code_page(csrf: &str, pending: Pending, error: Option<String>) -> Html<String> {
    let prompt = pending.step.prompt(&pending.email);
    let described = if error.is_some() { "error prompt" } else { "prompt" };
    // Recovery codes are letters and dashes; every other code is digits.
    let (mode, autocomplete) = match pending.step {
        Step::RecoveryCode => ("text", "off"),
        _ => ("numeric", "one-time-code"),
    };
    // Someone without their authenticator app signs in with a recovery code instead.
    let recovery = (pending.step == Step::Totp).then(|| {
        view! {
            <form method="post" action="/recovery">
                {carried(csrf, &pending, Step::RecoveryCode)}
                <button type="submit">"Use a recovery code instead"</button>
            </form>
        }
    });
    page(
        "Enter your code",
        error,
        view! {
            <p id="prompt">{prompt}</p>
            <form method="post" action="/code">
                {carried(csrf, &pending, pending.step)}
                <label for="code">{if pending.step == Step::RecoveryCode { "Recovery code" } else { "Code" }}</label>
                <input id="code" name="code" inputmode=mode autocomplete=autocomplete required autofocus aria-describedby=described />
                <button type="submit">"Verify"</button>
            </form>
            {recovery}
            {start_again(csrf)}
        },
    )
}

/// MFA enrollment's first screen, for a member with no MFA method yet: the methods the
/// organization allows, an authenticator app (a button) and a phone (its number).
pub fn enroll_page(
    csrf: &str,
    pending: Pending,
    organization: &Organization,
    phone: String,
    error: Option<String>,
) -> Html<String> {
    let described = error.as_ref().map(|_| "error");
    let prompt = format!(
        "{} asks for a second step each time you sign in. Choose how you will give it.",
        organization.organization_name
    );
    let totp = organization.allows_mfa_method(&MfaMethod::Totp).then(|| {
        view! {
            <form method="post" action="/enroll/totp">
                {carried(csrf, &pending, Step::TotpSetup)}
                <button type="submit">"Set up an authenticator app"</button>
            </form>
        }
    });
    // A refused number keeps focus on its field; otherwise focus lands on the prompt.
    let phone_focus = error.is_some();
    let sms = organization.allows_mfa_method(&MfaMethod::SmsOtp).then(|| {
        view! {
            <form method="post" action="/enroll/sms">
                {carried(csrf, &pending, Step::SmsOtp)}
                <label for="phone">"Mobile phone number, for a texted code"</label>
                <input id="phone" name="phone" type="tel" autocomplete="tel" placeholder="+15005550006" value=phone required autofocus=phone_focus aria-describedby=described />
                <button type="submit">"Text me a code"</button>
            </form>
        }
    });
    page(
        "Set up a second step",
        error,
        view! {
            <p id="prompt" tabindex="-1" autofocus=!phone_focus>{prompt}</p>
            {totp}
            {sms}
            {start_again(csrf)}
        },
    )
}

/// An authenticator app's enrollment: the QR code and its key, then the first code. A wrong
/// code shows them again with the reason (the person may not have scanned it yet).
pub fn totp_setup_page(csrf: &str, pending: Pending, key: TotpKey, error: Option<String>) -> Html<String> {
    let described = if error.is_some() { "error prompt" } else { "prompt" };
    // The key in groups of four, as authenticator apps show it; they ignore the spaces.
    let grouped = key
        .secret
        .as_bytes()
        .chunks(4)
        .map(|group| String::from_utf8_lossy(group).into_owned())
        .collect::<Vec<_>>()
        .join(" ");
    page(
        "Set up your authenticator app",
        error,
        view! {
            <ol>
                <li>
                    <p>"Scan this QR code with your authenticator app:"</p>
                    <img src=key.qr_code.clone() alt="QR code of the key below" width="200" height="200" />
                </li>
                <li>
                    <p>"Or type this key into it: " <code id="secret">{grouped}</code></p>
                </li>
            </ol>
            <p id="prompt">{Step::TotpSetup.prompt(&pending.email)}</p>
            <form method="post" action="/code">
                {carried(csrf, &pending, Step::TotpSetup)}
                <input type="hidden" name="secret" value=key.secret />
                <input type="hidden" name="qr_code" value=key.qr_code />
                <label for="code">"Code"</label>
                <input id="code" name="code" inputmode="numeric" autocomplete="one-time-code" required autofocus aria-describedby=described />
                <button type="submit">"Verify"</button>
            </form>
            {start_again(csrf)}
        },
    )
}

/// After an authenticator app's enrollment: the recovery codes to keep, shown once here.
pub fn recovery_codes_page(codes: Vec<String>) -> Html<String> {
    let codes = codes
        .into_iter()
        .map(|code| view! { <li><code>{code}</code></li> })
        .collect_view();
    page(
        "Save your recovery codes",
        None,
        view! {
            <p id="prompt">
                "Your authenticator app is set up. If you lose it, each of these codes signs you in once instead. Keep them somewhere safe: they are not shown again."
            </p>
            <ul id="recovery-codes">{codes}</ul>
            <a href="/" autofocus>"I have saved them: continue"</a>
        },
    )
}

pub fn signed_in_page(csrf: &str, session: MemberSession, email: String, organization: String) -> Html<String> {
    let factors = session
        .authentication_factors
        .iter()
        .map(|factor| factor.factor_type.clone())
        .collect::<Vec<_>>()
        .join(", ");
    page(
        "Signed in",
        None,
        view! {
            <dl>
                <dt>"Member"</dt><dd data-testid="member-email">{email}</dd>
                <dt>"Organization"</dt><dd data-testid="organization-name">{organization}</dd>
                <dt>"Factors"</dt><dd data-testid="factors">{factors}</dd>
                <dt>"Until"</dt><dd>{session.expires_at}</dd>
            </dl>
            <form method="post" action="/sign-out">
                <input type="hidden" name="csrf" value=csrf.to_owned() />
                <button type="submit" autofocus>"Sign out"</button>
            </form>
        },
    )
}
