//! Browser tests of the primary screens and the organization switcher in headless Chromium
//! against a running emulator: the Organization flow limited to what an organization accepts,
//! password sign-in and the reset screen's strength meter, and the switcher's listbox, search
//! and switch, and its verification dialog.

#![cfg(target_arch = "wasm32")]

mod support;

use leptos::prelude::*;
use serde_json::json;
use stytch_core::transport::Method;
use stytch_core::{Platform, StytchClient};
use stytch_leptos::{
    AuthFlowType, LoginConfig, LoginStrings, OAuthOptions, OAuthProvider, OrganizationSwitcher, Product, StytchLogin,
    StytchProvider, SwitcherEvent, SwitcherOptions,
};
use support::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const PASSWORD: &str = "Correct-Horse-Battery-42";

fn slug(prefix: &str) -> String {
    format!("{prefix}-{}", (js_sys::Math::random() * 1e12) as u64)
}

/// A new organization (with `policy` applied) and an active member in it.
async fn organization_with_member(name: &str, slug: &str, email: &str, policy: serde_json::Value) -> String {
    let created = call(
        Method::Post,
        "/v1/b2b/organizations",
        Some(json!({ "organization_name": name, "organization_slug": slug })),
        true,
    )
    .await;
    let id = created["organization"]["organization_id"]
        .as_str()
        .expect("created")
        .to_owned();
    if !policy.is_null() {
        call(Method::Put, &format!("/v1/b2b/organizations/{id}"), Some(policy), true).await;
    }
    call(
        Method::Post,
        &format!("/v1/b2b/organizations/{id}/members"),
        Some(json!({ "email_address": email })),
        true,
    )
    .await;
    id
}

fn client() -> StytchClient {
    StytchClient::new(PUBLIC_TOKEN, options(), Platform::browser())
}

/// Signs `email` in to `organization` through discovery; the page's client picks the session
/// up from the cookies.
async fn sign_in_to(email: &str, organization: &str) {
    let signer = client();
    let send = stytch_leptos::models::api::magic_links::DiscoveryEmailSendRequest {
        email_address: email.to_owned(),
        ..Default::default()
    };
    signer.magic_links().discovery_send(&send).await.unwrap();
    let token = latest_message(email).await["token"].as_str().unwrap().to_owned();
    signer.magic_links().discovery_authenticate(&token).await.unwrap();
    signer
        .discovery()
        .exchange_intermediate_session(organization, Some(60))
        .await
        .unwrap();
}

/// The text of each option in the switcher's list.
fn option_names() -> Vec<String> {
    let options = html_document().query_selector_all("[role=option]").unwrap();
    (0..options.length())
        .filter_map(|i| options.item(i))
        .filter_map(|o| o.text_content())
        .collect()
}

/// A password reset link's token for `email` in the organization.
async fn reset_token(organization_id: &str, email: &str) -> String {
    let request = stytch_leptos::models::api::passwords::ResetByEmailStartRequest {
        organization_id: organization_id.into(),
        email_address: email.into(),
        ..Default::default()
    };
    client()
        .passwords()
        .reset_by_email_start(&request)
        .await
        .expect("reset link sent");
    latest_message(email).await["token"].as_str().unwrap().to_owned()
}

fn buttons(scope: &str) -> Vec<String> {
    let found = html_document().query_selector_all(&format!("{scope} button")).unwrap();
    (0..found.length())
        .filter_map(|i| found.item(i))
        .filter_map(|b| b.text_content())
        .map(|t| t.trim().to_owned())
        .collect()
}

async fn click(scope: &str, text: &str) {
    let find = || {
        let found = html_document().query_selector_all(&format!("{scope} button")).unwrap();
        (0..found.length())
            .filter_map(|i| found.item(i))
            .map(|b| b.unchecked_into::<web_sys::HtmlButtonElement>())
            .find(|b| b.text_content().unwrap_or_default().trim() == text && !b.disabled())
    };
    eventually(&format!("an enabled button {text:?}"), || find().is_some()).await;
    find().unwrap().click();
}

#[wasm_bindgen_test]
async fn the_organization_flow_offers_only_what_the_organization_accepts() {
    reset_page();
    let slug = slug("restricted");
    let email = unique_email("restricted");
    let policy = json!({ "auth_methods": "RESTRICTED", "allowed_auth_methods": ["password", "github_oauth"] });
    let id = organization_with_member("Restricted Co", &slug, &email, policy).await;
    // The member chooses a password through a reset link, then signs out.
    let token = reset_token(&id, &email).await;
    let setter = client();
    setter
        .passwords()
        .reset_by_email(&token, PASSWORD, Some(30))
        .await
        .expect("password set");
    setter.session().revoke(true).await.ok();
    reset_page();

    let config = LoginConfig {
        flow_type: AuthFlowType::Organization,
        organization_slug: Some(slug.clone()),
        products: vec![Product::OAuth, Product::EmailMagicLinks, Product::Passwords],
        oauth: OAuthOptions {
            providers: vec![OAuthProvider::Google, OAuthProvider::GitHub],
            ..Default::default()
        },
        ..Default::default()
    };
    let _mounted = mount(move || {
        view! { <StytchProvider public_token=PUBLIC_TOKEN options=options()><StytchLogin config=config/></StytchProvider> }
    });
    screen("Continue to Restricted Co").await;
    assert_eq!(
        buttons(".stytch-login"),
        ["Continue with GitHub", "Sign in", "Forgot your password?"],
        "Google and magic links are not accepted here"
    );
    assert_eq!(
        html_document()
            .query_selector("#stytch-login-password")
            .unwrap()
            .unwrap()
            .get_attribute("autocomplete")
            .as_deref(),
        Some("current-password")
    );
    input("#stytch-login-email", &email);
    input("#stytch-login-password", "not it");
    click(".stytch-login", "Sign in").await;
    eventually("the wrong password is reported", || {
        text_of(".stytch-login [role=alert]").is_some_and(|t| t.contains("not correct"))
    })
    .await;
    input("#stytch-login-password", PASSWORD);
    click(".stytch-login", "Sign in").await;
    screen("You're signed in").await;
    assert!(cookie("stytch_session").is_some());
}

/// The first screen's parts in document order: OAuth buttons, the divider, the email field.
fn main_screen_parts() -> Vec<String> {
    let found = html_document()
        .query_selector_all(
            ".stytch-login .stytch-oauth, .stytch-login .stytch-login__divider, .stytch-login #stytch-login-email",
        )
        .unwrap();
    (0..found.length())
        .filter_map(|i| found.item(i))
        .map(|node| match node.text_content().map(|t| t.trim().to_owned()) {
            Some(text) if !text.is_empty() => text,
            _ => "email field".to_owned(),
        })
        .collect()
}

#[wasm_bindgen_test]
async fn the_first_screen_follows_the_product_order_with_a_divider_between_form_and_buttons() {
    for (products, expected) in [
        (
            vec![Product::EmailMagicLinks, Product::OAuth],
            ["email field", "or", "Continue with Google"],
        ),
        (
            vec![Product::OAuth, Product::EmailMagicLinks],
            ["Continue with Google", "or", "email field"],
        ),
    ] {
        reset_page();
        let config = LoginConfig {
            products,
            oauth: OAuthOptions {
                providers: vec![OAuthProvider::Google],
                ..Default::default()
            },
            ..Default::default()
        };
        let mounted = mount(move || {
            view! { <StytchProvider public_token=PUBLIC_TOKEN options=options()><StytchLogin config=config/></StytchProvider> }
        });
        screen("Sign up or log in").await;
        assert_eq!(main_screen_parts(), expected);
        drop(mounted);
    }
}

#[wasm_bindgen_test]
async fn the_reset_screen_rates_the_new_password_as_it_is_typed() {
    reset_page();
    let slug = slug("reset");
    let email = unique_email("reset");
    let id = organization_with_member("Reset Co", &slug, &email, serde_json::Value::Null).await;
    let token = reset_token(&id, &email).await;
    set_url(&format!(
        "?stytch_token_type=multi_tenant_passwords&stytch_redirect_type=reset_password&token={token}"
    ));
    let _mounted = mount(|| {
        view! { <StytchProvider public_token=PUBLIC_TOKEN options=options()><StytchLogin/></StytchProvider> }
    });
    screen("Choose a new password").await;
    let href = web_sys::window().unwrap().location().href().unwrap();
    assert!(
        !href.contains("token=") && !href.contains("stytch_redirect_type"),
        "{href}"
    );
    input("#stytch-login-new-password", "abc");
    eventually("a weak rating", || {
        text_of(".stytch-login__strength").is_some_and(|t| t.contains("Very weak") || t.contains("Weak"))
    })
    .await;
    let meter = html_document().query_selector("meter").unwrap().expect("a meter");
    assert!(meter.get_attribute("value").is_some_and(|v| v == "0" || v == "1"));
    click(".stytch-login", "Set password").await;
    eventually("the server refuses it", || {
        text_of(".stytch-login [role=alert]").is_some_and(|t| t.contains("stronger password"))
    })
    .await;
    input("#stytch-login-new-password", PASSWORD);
    eventually("a strong rating", || {
        text_of(".stytch-login__strength").is_some_and(|t| t.contains("Good") || t.contains("Strong"))
    })
    .await;
    click(".stytch-login", "Set password").await;
    screen("You're signed in").await;
    set_url("/");
}

#[wasm_bindgen_test]
async fn the_switcher_lists_searches_and_switches() {
    reset_page();
    let email = unique_email("switcher");
    let first = slug("alpha");
    organization_with_member("Alpha Org", &first, &email, serde_json::Value::Null).await;
    let second = slug("bravo");
    let bravo = organization_with_member("Bravo Org", &second, &email, serde_json::Value::Null).await;
    organization_with_member("Charlie Org", &slug("charlie"), &email, serde_json::Value::Null).await;
    sign_in_to(&email, &first).await;

    let events = RwSignal::new_local(Vec::<SwitcherEvent>::new());
    let switcher_options = SwitcherOptions {
        search_threshold: 2,
        ..Default::default()
    };
    let _mounted = mount(move || {
        view! {
            <StytchProvider public_token=PUBLIC_TOKEN options=options()>
                <OrganizationSwitcher options=switcher_options on_event=move |e: SwitcherEvent| events.update(|v| v.push(e))/>
            </StytchProvider>
        }
    });
    eventually("the trigger", || {
        text_of(".stytch-switcher__trigger").as_deref() == Some("Alpha Org")
    })
    .await;
    let trigger = html_document()
        .query_selector(".stytch-switcher__trigger")
        .unwrap()
        .unwrap();
    assert_eq!(trigger.get_attribute("aria-haspopup").as_deref(), Some("listbox"));
    assert_eq!(trigger.get_attribute("aria-expanded").as_deref(), Some("false"));
    trigger.unchecked_ref::<web_sys::HtmlElement>().click();
    eventually("the list", || {
        html_document().query_selector("[role=option]").ok().flatten().is_some()
    })
    .await;
    assert_eq!(trigger.get_attribute("aria-expanded").as_deref(), Some("true"));
    assert_eq!(
        option_names(),
        ["Alpha OrgCurrent", "Bravo Org", "Charlie Org"],
        "the current one first"
    );
    let selected = html_document()
        .query_selector("[role=option][aria-selected=true]")
        .unwrap()
        .unwrap();
    assert_eq!(selected.text_content().as_deref(), Some("Alpha OrgCurrent"));

    // More organizations than the threshold: a combobox filters them.
    let search = html_document()
        .query_selector("[role=combobox]")
        .unwrap()
        .expect("a search field");
    eventually("focus in the search field", || {
        html_document()
            .active_element()
            .is_some_and(|e| e.get_attribute("role").as_deref() == Some("combobox"))
    })
    .await;
    assert!(
        html_document()
            .query_selector("label[for=stytch-switcher-search]")
            .unwrap()
            .is_some()
    );
    input("[role=combobox]", "brav");
    eventually("the filter", || option_names() == ["Bravo Org"]).await;
    let active = search.get_attribute("aria-activedescendant").expect("an active option");
    assert_eq!(
        html_document()
            .get_element_by_id(&active)
            .and_then(|e| e.text_content())
            .as_deref(),
        Some("Bravo Org")
    );
    key(&search, "Enter");
    eventually("switched", || {
        text_of(".stytch-switcher__trigger").as_deref() == Some("Bravo Org")
    })
    .await;
    assert_eq!(
        events.get_untracked(),
        [
            SwitcherEvent::Opened,
            SwitcherEvent::Switched {
                organization_id: bravo.clone()
            }
        ]
    );
    assert!(text_of(".stytch-switcher__announcement").is_some_and(|t| t.contains("Bravo Org")));
    assert_eq!(trigger.get_attribute("aria-expanded").as_deref(), Some("false"));
}

#[wasm_bindgen_test]
async fn the_switcher_searches_in_any_case_and_verifies_with_the_login_strings_it_was_given() {
    reset_page();
    let email = unique_email("verify");
    let home = slug("home");
    organization_with_member("Home Org", &home, &email, serde_json::Value::Null).await;
    let strict = organization_with_member(
        "Ärztekammer",
        &slug("aerzte"),
        &email,
        json!({ "mfa_policy": "REQUIRED_FOR_ALL" }),
    )
    .await;
    organization_with_member("Other Org", &slug("other"), &email, serde_json::Value::Null).await;
    sign_in_to(&email, &home).await;

    let events = RwSignal::new_local(Vec::<SwitcherEvent>::new());
    let switcher_options = SwitcherOptions {
        search_threshold: 2,
        ..Default::default()
    };
    let login_strings = LoginStrings {
        mfa_selection_title: "A second factor for this organization".into(),
        ..Default::default()
    };
    let _mounted = mount(move || {
        view! {
            <StytchProvider public_token=PUBLIC_TOKEN options=options()>
                <OrganizationSwitcher
                    options=switcher_options
                    login_strings=login_strings
                    on_event=move |e: SwitcherEvent| events.update(|v| v.push(e))
                />
            </StytchProvider>
        }
    });
    eventually("the trigger", || {
        text_of(".stytch-switcher__trigger").as_deref() == Some("Home Org")
    })
    .await;
    // Earlier tests' logins left their styles in <head>; this page has only a switcher.
    let login_style = || html_document().get_element_by_id("stytch-login");
    if let Some(style) = login_style() {
        style.remove();
    }
    let trigger: web_sys::HtmlElement = html_document()
        .query_selector(".stytch-switcher__trigger")
        .unwrap()
        .unwrap()
        .unchecked_into();
    trigger.click();
    eventually("the search field", || {
        html_document()
            .query_selector("[role=combobox]")
            .ok()
            .flatten()
            .is_some()
    })
    .await;
    // Upper case finds a name written in lower case beyond ASCII.
    input("[role=combobox]", "ÄRZTE");
    // (Its badge follows the name: it needs a second factor.)
    eventually("the filter", || {
        let names = option_names();
        names.len() == 1 && names[0].starts_with("Ärztekammer")
    })
    .await;
    let search = html_document().query_selector("[role=combobox]").unwrap().unwrap();
    key(&search, "Enter");
    eventually("the verification dialog", || {
        heading().as_deref() == Some("A second factor for this organization")
    })
    .await;
    assert!(
        html_document()
            .query_selector("[role=dialog] .stytch-login h2")
            .unwrap()
            .is_some(),
        "the login runs inside the dialog"
    );
    let dialog = html_document().query_selector("[role=dialog]").unwrap().unwrap();
    assert!(
        assert_references_stay_inside(&dialog) > 0,
        "the dialog's title and its login's fields have IDs of their own"
    );
    assert!(
        login_style().is_some(),
        "the dialog brings the login's styles (a switcher alone does not carry them)"
    );
    assert_eq!(
        events.get_untracked(),
        [
            SwitcherEvent::Opened,
            SwitcherEvent::VerificationRequired {
                organization_id: strict
            }
        ]
    );
}
