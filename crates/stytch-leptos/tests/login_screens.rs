//! Browser tests of the login's screens in headless Chromium against a running emulator:
//! every MFA screen (choice, phone, texted code, authenticator set-up and code, recovery
//! codes), switching methods, typed events, overridable strings, themes and custom layouts.

#![cfg(target_arch = "wasm32")]

mod support;

use hmac::{Hmac, Mac};
use leptos::prelude::*;
use serde_json::json;
use stytch_core::transport::Method;
use stytch_core::{Platform, StytchClient};
use stytch_leptos::models::MfaMethod;
use stytch_leptos::{
    EmailSentScreen, LoginConfig, LoginEvent, LoginStrings, MainScreen, PrimaryMethod, StytchLogin, StytchLoginFlow,
    StytchProvider, Theme, use_login_flow,
};
use support::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// An organization requiring MFA (restricted to `only` when given) with one active member.
async fn mfa_organization(only: Option<&str>) -> (String, String, String) {
    let slug = format!("screens-{}", (js_sys::Math::random() * 1e12) as u64);
    let created = call(
        Method::Post,
        "/v1/b2b/organizations",
        Some(json!({ "organization_name": "Screens Co", "organization_slug": slug })),
        true,
    )
    .await;
    let organization_id = created["organization"]["organization_id"]
        .as_str()
        .expect("organization created")
        .to_owned();
    let mut policy = json!({ "mfa_policy": "REQUIRED_FOR_ALL" });
    if let Some(method) = only {
        policy["mfa_methods"] = json!("RESTRICTED");
        policy["allowed_mfa_methods"] = json!([method]);
    }
    call(
        Method::Put,
        &format!("/v1/b2b/organizations/{organization_id}"),
        Some(policy),
        true,
    )
    .await;
    let email = unique_email("screens");
    let member = call(
        Method::Post,
        &format!("/v1/b2b/organizations/{organization_id}/members"),
        Some(json!({ "email_address": email })),
        true,
    )
    .await;
    let member_id = member["member"]["member_id"]
        .as_str()
        .expect("member created")
        .to_owned();
    (organization_id, member_id, email)
}

/// Puts a fresh discovery link for `email` in the address bar, as if it had been clicked.
async fn land_with_discovery_link(email: &str) {
    let client = StytchClient::new(PUBLIC_TOKEN, options(), Platform::browser());
    let send = stytch_leptos::models::api::magic_links::DiscoveryEmailSendRequest {
        email_address: email.into(),
        ..Default::default()
    };
    client.magic_links().discovery_send(&send).await.expect("sent");
    let token = latest_message(email).await["token"].as_str().unwrap().to_owned();
    set_url(&format!("?stytch_token_type=discovery&token={token}"));
}

/// Mounts `<StytchLogin>` with `config`, recording its events and errors.
fn mount_login(
    config: LoginConfig,
) -> (
    impl Drop,
    RwSignal<Vec<LoginEvent>, LocalStorage>,
    RwSignal<Vec<String>, LocalStorage>,
) {
    let events = RwSignal::new_local(Vec::new());
    let errors = RwSignal::new_local(Vec::new());
    let handle = mount(move || {
        view! {
            <StytchProvider public_token=PUBLIC_TOKEN options=options()>
                <StytchLogin
                    config=config
                    on_event=move |e: LoginEvent| events.update(|v| v.push(e))
                    on_error=move |e: stytch_core::StytchError| {
                        errors.update(|v| v.push(e.error_type().map(|t| t.as_str().to_owned()).unwrap_or_default()))
                    }
                />
            </StytchProvider>
        }
    });
    (Unmount(Some(handle)), events, errors)
}

/// Unmounts on drop (the handle's own drop does too; this names the intent).
struct Unmount<T>(Option<T>);
impl<T> Drop for Unmount<T> {
    fn drop(&mut self) {
        self.0.take();
        remove_test_roots();
    }
}

async fn focus_on_heading(name: &str) {
    eventually(&format!("focus on {name:?}"), || {
        html_document()
            .active_element()
            .is_some_and(|e| e.has_attribute("data-stytch-heading") && e.text_content().as_deref() == Some(name))
    })
    .await;
}

fn button(text: &str) -> Option<web_sys::HtmlButtonElement> {
    let buttons = html_document().query_selector_all(".stytch-login button").unwrap();
    (0..buttons.length())
        .filter_map(|i| buttons.item(i))
        .map(|b| b.unchecked_into::<web_sys::HtmlButtonElement>())
        .find(|b| b.text_content().unwrap_or_default().trim() == text)
}

/// Clicks a button once it is there and enabled (controls are disabled while a request runs).
async fn click(text: &str) {
    eventually(&format!("an enabled button {text:?}"), || {
        button(text).is_some_and(|b| !b.disabled())
    })
    .await;
    button(text).unwrap().click();
}

async fn alert(containing: &str) {
    eventually(&format!("an alert with {containing:?}"), || {
        let alerts = html_document()
            .query_selector_all(".stytch-login [role=alert]")
            .unwrap();
        (0..alerts.length())
            .filter_map(|i| alerts.item(i))
            .any(|a| a.text_content().unwrap_or_default().contains(containing))
    })
    .await;
}

fn attribute(selector: &str, name: &str) -> Option<String> {
    html_document()
        .query_selector(selector)
        .ok()
        .flatten()
        .and_then(|e| e.get_attribute(name))
}

/// The emulator's clock offset, so codes match a clock tests may have moved.
async fn emulator_now_ms() -> f64 {
    let clock = call(Method::Get, "/emulator/v1/clock", None, false).await;
    js_sys::Date::now() + clock["offset_seconds"].as_f64().unwrap_or(0.0) * 1000.0
}

fn base32_decode(text: &str) -> Vec<u8> {
    let mut out = Vec::new();
    let (mut value, mut bits) = (0u32, 0u32);
    for c in text.chars().filter(|c| !c.is_whitespace()) {
        let index = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".find(c).expect("base32") as u32;
        value = (value << 5) | index;
        bits += 5;
        if bits >= 8 {
            out.push((value >> (bits - 8)) as u8);
            bits -= 8;
        }
    }
    out
}

/// RFC 6238 (HMAC-SHA1, 30-second steps, six digits).
fn totp(secret: &str, at_ms: f64) -> String {
    let counter = ((at_ms / 1000.0) as u64 / 30).to_be_bytes();
    let mut mac = Hmac::<sha1::Sha1>::new_from_slice(&base32_decode(secret)).unwrap();
    mac.update(&counter);
    let digest = mac.finalize().into_bytes();
    let offset = (digest[19] & 0x0f) as usize;
    let binary = u32::from_be_bytes([
        digest[offset] & 0x7f,
        digest[offset + 1],
        digest[offset + 2],
        digest[offset + 3],
    ]);
    format!("{:06}", binary % 1_000_000)
}

#[wasm_bindgen_test]
fn the_test_totp_matches_rfc_6238() {
    let secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
    assert_eq!(totp(secret, 59_000.0), "287082");
    assert_eq!(totp(secret, 1_111_111_109_000.0), "081804");
}

#[wasm_bindgen_test]
async fn choice_then_authenticator_set_up_code_and_recovery_codes() {
    reset_page();
    let (organization_id, member_id, email) = mfa_organization(None).await;
    land_with_discovery_link(&email).await;
    let (_login, events, _errors) = mount_login(LoginConfig::default());
    screen("Select an organization to continue").await;
    click("Screens CoContinue").await;

    screen("Set up multi-factor authentication").await;
    focus_on_heading("Set up multi-factor authentication").await;
    let methods: Vec<String> = {
        let options = html_document().query_selector_all(".stytch-option").unwrap();
        (0..options.length())
            .filter_map(|i| options.item(i))
            .filter_map(|o| o.unchecked_into::<web_sys::Element>().get_attribute("data-method"))
            .collect()
    };
    assert_eq!(methods, ["totp", "sms_otp"], "the authenticator app first by default");
    click("Use an authenticator appCodes from an app such as Google Authenticator or 1Password.").await;

    screen("Set up your authenticator app").await;
    eventually("the QR code", || attribute(".stytch-login__qr", "src").is_some()).await;
    assert!(
        attribute(".stytch-login__qr", "src")
            .unwrap()
            .starts_with("data:image/svg+xml")
    );
    assert_eq!(
        attribute(".stytch-login__qr", "alt").as_deref(),
        Some("QR code to scan with your authenticator app")
    );
    assert!(button("Back").is_some(), "back to the choice");
    click("Can't scan it? Enter the key instead").await;
    eventually("the key", || text_of("[data-secret]").is_some()).await;
    assert_eq!(attribute("[aria-pressed]", "aria-pressed").as_deref(), Some("true"));
    assert!(
        text_of(".stytch-login__qr").is_none(),
        "the QR code is replaced by the key"
    );
    let secret = text_of("[data-secret]").unwrap().replace(' ', "");
    click("Continue").await;

    screen("Enter your authenticator code").await;
    assert_eq!(
        attribute("#stytch-login-totp-code", "autocomplete").as_deref(),
        Some("one-time-code")
    );
    assert!(
        button("Use a recovery code").is_none(),
        "no recovery codes before enrollment completes"
    );
    input("#stytch-login-totp-code", "12345");
    click("Verify").await;
    alert("Enter the 6-digit code.").await;
    input("#stytch-login-totp-code", &totp(&secret, emulator_now_ms().await));
    click("Verify").await;

    screen("Save your recovery codes").await;
    let codes: Vec<String> = {
        let items = html_document().query_selector_all(".stytch-login__codes code").unwrap();
        (0..items.length())
            .filter_map(|i| items.item(i))
            .filter_map(|c| c.text_content())
            .collect()
    };
    assert_eq!(codes.len(), 10);
    let href = attribute(".stytch-login a[download]", "href").unwrap();
    let downloaded =
        stytch_core::util::percent::decode(href.trim_start_matches("data:text/plain;charset=utf-8,"), false);
    assert_eq!(downloaded, format!("{}\n", codes.join("\n")));
    assert_eq!(
        attribute(".stytch-login a[download]", "download").as_deref(),
        Some("recovery-codes.txt")
    );
    click("Done, I've saved them").await;
    screen("You're signed in").await;
    assert!(cookie("stytch_session").is_some());

    let got = events.get_untracked();
    let kinds: Vec<&str> = got
        .iter()
        .map(|e| match e {
            LoginEvent::DiscoveryAuthenticated { .. } => "discovery",
            LoginEvent::IntermediateSessionExchanged {
                member_authenticated: false,
                ..
            } => "exchanged-needs-mfa",
            LoginEvent::TotpCreated => "totp-created",
            LoginEvent::TotpAuthenticated => "totp",
            LoginEvent::LoggedIn { .. } => "logged-in",
            _ => "other",
        })
        .collect();
    assert_eq!(
        kinds,
        ["discovery", "exchanged-needs-mfa", "totp-created", "totp", "logged-in"]
    );
    assert_eq!(
        got.last(),
        Some(&LoginEvent::LoggedIn {
            member_id: member_id.clone(),
            organization_id: organization_id.clone()
        })
    );
    set_url("/");
}

#[wasm_bindgen_test]
async fn phone_entry_texted_code_and_switching_between_methods() {
    reset_page();
    let (organization_id, member_id, email) = mfa_organization(None).await;
    land_with_discovery_link(&email).await;
    let config = LoginConfig {
        mfa_product_order: vec![MfaMethod::SmsOtp, MfaMethod::Totp],
        ..Default::default()
    };
    let (login, _events, errors) = mount_login(config.clone());
    screen("Select an organization to continue").await;
    click("Screens CoContinue").await;
    screen("Set up multi-factor authentication").await;
    assert_eq!(
        attribute(".stytch-option", "data-method").as_deref(),
        Some("sms_otp"),
        "mfa_product_order applies"
    );
    click("Text me a codeA code sent to your phone by SMS.").await;

    screen("Enter your phone number").await;
    assert_eq!(attribute("#stytch-login-phone", "type").as_deref(), Some("tel"));
    assert_eq!(attribute("#stytch-login-phone", "autocomplete").as_deref(), Some("tel"));
    input("#stytch-login-phone", "0123");
    click("Send code").await;
    alert("country code").await;
    // A number another member of the organization has is refused, and the screen stays.
    let taken = format!("+1555{:07}", (js_sys::Math::random() * 1e7) as u64);
    call(
        Method::Post,
        &format!("/v1/b2b/organizations/{organization_id}/members"),
        Some(json!({ "email_address": unique_email("colleague"), "mfa_phone_number": taken })),
        true,
    )
    .await;
    input("#stytch-login-phone", &taken);
    click("Send code").await;
    alert("Another member of this organization uses that phone number").await;
    screen("Enter your phone number").await;
    let phone = format!("+1555{:07}", (js_sys::Math::random() * 1e7) as u64);
    input(
        "#stytch-login-phone",
        &format!("{} ({}) {}", &phone[..2], &phone[2..5], &phone[5..]),
    );
    click("Send code").await;

    screen("Enter the code we texted you").await;
    assert_eq!(text_of(".stytch-login strong").as_deref(), Some(phone.as_str()));
    eventually("the countdown", || {
        button("Resend code in 2:00").is_some() || button("Resend code in 1:59").is_some()
    })
    .await;
    let resend = html_document().query_selector("[data-action=resend]").unwrap().unwrap();
    assert!(resend.has_attribute("disabled"), "no resend during the countdown");
    let code = latest_message(&phone).await["code"].as_str().unwrap().to_owned();
    let wrong = format!("{:06}", (code.parse::<u32>().unwrap() + 1) % 1_000_000);
    input("#stytch-login-sms-code", &wrong);
    click("Verify").await;
    alert("That code is not correct").await;
    assert_eq!(
        errors.get_untracked(),
        ["duplicate_member_phone_number", "unable_to_auth_otp_code"],
        "on_error receives the typed errors"
    );
    input("#stytch-login-sms-code", &code);
    click("Verify").await;
    screen("You're signed in").await;

    // Signed in: add an authenticator app with the session, as a settings page would.
    let client = StytchClient::new(PUBLIC_TOKEN, options(), Platform::browser());
    client.session().authenticate(None).await.expect("session");
    let created = client
        .totp()
        .create(&organization_id, &member_id)
        .await
        .expect("TOTP created with the session");
    client
        .totp()
        .authenticate(
            &organization_id,
            &member_id,
            &totp(&created.secret, emulator_now_ms().await),
            None,
            false,
        )
        .await
        .expect("TOTP enrolled");
    client.session().revoke(false).await.expect("signed out");
    drop(login);
    // Texts as the member's default, set by an administrator.
    call(
        Method::Put,
        &format!("/v1/b2b/organizations/{organization_id}/members/{member_id}"),
        Some(json!({ "default_mfa_method": "sms_otp" })),
        true,
    )
    .await;

    // Both enrolled, texts by default: switch to the app, then back to texts.
    let sent = {
        let all = call(
            Method::Get,
            &format!(
                "/emulator/v1/messages?to={}",
                stytch_core::util::percent::encode(&phone)
            ),
            None,
            false,
        )
        .await;
        all["messages"].as_array().map(Vec::len).unwrap_or(0)
    };
    land_with_discovery_link(&email).await;
    let (_login, _events, _errors) = mount_login(config);
    screen("Select an organization to continue").await;
    click("Screens CoContinue").await;
    screen("Enter the code we texted you").await;
    click("Use my authenticator app instead").await;
    screen("Enter your authenticator code").await;
    click("Use a recovery code").await;
    screen("Enter a recovery code").await;
    assert_eq!(
        attribute("#stytch-login-recovery-code", "autocomplete").as_deref(),
        Some("off")
    );
    click("Verify").await;
    alert("Enter one of your recovery codes.").await;
    click("Back").await;
    screen("Enter your authenticator code").await;
    click("Text me a code instead").await;
    screen("Enter the code we texted you").await;
    let count = || async {
        let all = call(
            Method::Get,
            &format!(
                "/emulator/v1/messages?to={}",
                stytch_core::util::percent::encode(&phone)
            ),
            None,
            false,
        )
        .await;
        all["messages"].as_array().map(Vec::len).unwrap_or(0)
    };
    eventually_async("two more texts (on arrival and on switching back)", || async {
        count().await >= sent + 2
    })
    .await;
    click("Use my authenticator app instead").await;
    screen("Enter your authenticator code").await;
    // The enrollment used this step's code; the next step's code is equally valid and unused.
    input(
        "#stytch-login-totp-code",
        &totp(&created.secret, emulator_now_ms().await + 30_000.0),
    );
    click("Verify").await;
    screen("You're signed in").await;
    set_url("/");
}

#[wasm_bindgen_test]
async fn strings_theme_and_class_are_applied() {
    reset_page();
    let strings = LoginStrings {
        email_title: "Welcome to Acme".into(),
        continue_button: "Next".into(),
        ..Default::default()
    };
    let _mounted = mount(move || {
        view! {
            <StytchProvider public_token=PUBLIC_TOKEN options=options()>
                <StytchLogin strings=strings theme=Theme::dark() class="my-login"/>
            </StytchProvider>
        }
    });
    assert_eq!(heading().as_deref(), Some("Welcome to Acme"));
    assert!(button("Next").is_some());
    let section = html_document().query_selector(".stytch-login").unwrap().unwrap();
    assert_eq!(section.get_attribute("class").as_deref(), Some("stytch-login my-login"));
    let style = section.get_attribute("style").unwrap_or_default();
    assert!(
        style.contains("--stytch-background: #16181d") && style.contains("color-scheme: dark"),
        "{style}"
    );
    let computed = web_sys::window()
        .unwrap()
        .get_computed_style(&section)
        .unwrap()
        .unwrap();
    assert_eq!(
        computed.get_property_value("background-color").unwrap(),
        "rgb(22, 24, 29)",
        "the stylesheet reads the theme"
    );
    remove_test_roots();
}

#[wasm_bindgen_test]
async fn two_logins_on_one_page_keep_their_labels_on_their_own_fields() {
    reset_page();
    let with_password = LoginConfig {
        products: vec![
            stytch_leptos::Product::EmailMagicLinks,
            stytch_leptos::Product::Passwords,
        ],
        ..Default::default()
    };
    let _mounted = mount(move || {
        view! {
            <StytchProvider public_token=PUBLIC_TOKEN options=options()>
                <StytchLogin config=with_password class="sign-in"/>
                <StytchLogin class="sign-up" id_prefix="sign-up"/>
            </StytchProvider>
        }
    });
    eventually("both first screens", || {
        html_document()
            .query_selector_all(".stytch-login input[type=email]")
            .unwrap()
            .length()
            == 2
    })
    .await;
    let sign_in = html_document().query_selector(".sign-in").unwrap().unwrap();
    let sign_up = html_document().query_selector(".sign-up").unwrap().unwrap();
    assert!(assert_references_stay_inside(&sign_in) > 0);
    assert!(assert_references_stay_inside(&sign_up) > 0);
    assert!(
        sign_in.query_selector("#stytch-login-email").unwrap().is_some(),
        "the default IDs stay"
    );
    assert!(sign_in.query_selector("#stytch-login-password").unwrap().is_some());
    assert!(sign_up.query_selector("#sign-up-email").unwrap().is_some());

    // The second goes on by itself (magic links: its email is sent) and the first stays.
    let email = unique_email("second-login");
    input("#sign-up-email", &email);
    let continue_button = sign_up
        .query_selector("button[type=submit]")
        .unwrap()
        .unwrap()
        .unchecked_into::<web_sys::HtmlButtonElement>();
    continue_button.click();
    eventually("the second login's next screen", || {
        sign_up.query_selector("#sign-up-email").unwrap().is_none()
    })
    .await;
    assert!(
        sign_in.query_selector("#stytch-login-email").unwrap().is_some(),
        "the first stays where it was"
    );
    assert_references_stay_inside(&sign_in);
    assert_references_stay_inside(&sign_up);
    remove_test_roots();
}

#[component]
fn Breadcrumb() -> impl IntoView {
    let flow = use_login_flow();
    let step = move || match flow.screen().get() {
        stytch_core::flow::Screen::Main => "step 1",
        _ => "step 2",
    };
    view! { <p id="breadcrumb">{step}</p> }
}

#[wasm_bindgen_test]
async fn screens_work_in_a_custom_layout() {
    reset_page();
    let _mounted = mount(move || {
        view! {
            <StytchProvider public_token=PUBLIC_TOKEN options=options()>
                <StytchLoginFlow>
                    <div class="stytch-login custom-layout">
                        <Breadcrumb/>
                        <MainScreen/>
                        <EmailSentScreen/>
                    </div>
                </StytchLoginFlow>
            </StytchProvider>
        }
    });
    assert_eq!(text_of("#breadcrumb").as_deref(), Some("step 1"));
    let email = unique_email("layout");
    input("#stytch-login-email", &email);
    click("Continue").await;
    screen("Check your email").await;
    assert_eq!(text_of("#breadcrumb").as_deref(), Some("step 2"));
    assert_eq!(latest_message(&email).await["channel"], "email");
    remove_test_roots();
}

#[wasm_bindgen_test]
async fn an_impersonation_link_signs_support_in_without_mfa() {
    reset_page();
    // A member of an organization that requires MFA, not enrolled: their own sign-in would
    // ask them to set a method up; someone on the team impersonating them is not asked.
    let (organization_id, member_id, _) = mfa_organization(None).await;
    let issued = call(
        Method::Post,
        "/emulator/v1/impersonation",
        Some(json!({ "organization_id": organization_id, "member_id": member_id })),
        false,
    )
    .await;
    let token = issued["impersonation_token"].as_str().expect("issued");
    set_url(&format!("?stytch_token_type=multi_tenant_impersonation&token={token}"));
    let (_login, events, errors) = mount_login(LoginConfig::default());
    screen("You're signed in").await;
    focus_on_heading("You're signed in").await;
    assert_eq!(errors.get_untracked(), Vec::<String>::new());
    let primary = events.get_untracked().into_iter().find_map(|e| match e {
        LoginEvent::PrimaryAuthenticated {
            method,
            member_authenticated,
            ..
        } => Some((method, member_authenticated)),
        _ => None,
    });
    assert_eq!(primary, Some((PrimaryMethod::Impersonation, true)));
    let query = html_document().location().unwrap().search().unwrap();
    assert!(!query.contains("token="), "the token is taken out of the address bar");
    set_url("/");
}

#[component]
fn MemberEmail() -> impl IntoView {
    let member = stytch_leptos::use_member().member;
    let shown = move || {
        member.get().map(|m| {
            let retired: Vec<_> = m.retired_email_addresses.into_iter().map(|r| r.email_address).collect();
            format!("{} (was {})", m.email_address, retired.join(", "))
        })
    };
    view! { <p id="member-email">{shown}</p> }
}

#[wasm_bindgen_test]
async fn an_email_update_link_signs_the_member_in_at_the_new_address() {
    reset_page();
    let (old, new) = (unique_email("moving"), unique_email("moved"));
    let client = signed_in_client(&old).await;
    let update = stytch_leptos::models::api::organizations::StartEmailUpdateRequest {
        email_address: new.clone(),
        ..Default::default()
    };
    client.member().start_email_update(&update).await.expect("started");
    let token = latest_message(&new).await["token"].as_str().expect("a link").to_owned();
    set_url(&format!("?stytch_token_type=multi_tenant_magic_links&token={token}"));
    let _mounted = mount(move || {
        view! {
            <StytchProvider public_token=PUBLIC_TOKEN options=options()>
                <StytchLogin/>
                <MemberEmail/>
            </StytchProvider>
        }
    });
    let expected = format!("{new} (was {old})");
    eventually("the member shown at the new address, the old one retired", || {
        text_of("#member-email").as_deref() == Some(expected.as_str())
    })
    .await;
    screen("You're signed in").await;
    set_url("/");
    remove_test_roots();
}
