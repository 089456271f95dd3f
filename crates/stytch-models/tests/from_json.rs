//! `FromJson` and `ToJson` must read and write every model as serde does.
//!
//! Each model is written by serde from its default, every scalar is then given a distinct
//! non-default value (so a misspelt key or a dropped field shows), both readers must agree on
//! the result, and both writers must write it back the same. The client's debug builds repeat the comparison on every real response the
//! tests receive from the emulator (`stytch_core::transport`), which covers nested arrays and
//! objects this cannot fill.

use serde::{Serialize, de::DeserializeOwned};
use serde_json::{Value, json};
use stytch_models::{
    json::{FromJson, ToJson},
    *,
};

/// Gives every string, number and boolean in `value` a distinct, non-default value.
fn fill(value: &mut Value, counter: &mut u64) {
    *counter += 1;
    match value {
        Value::String(text) => *text = format!("value-{counter}"),
        Value::Number(n) => *n = (*counter % 200 + 1).into(),
        Value::Bool(b) => *b = !*b,
        Value::Array(items) => items.iter_mut().for_each(|item| fill(item, counter)),
        Value::Object(fields) => fields.values_mut().for_each(|field| fill(field, counter)),
        Value::Null => {}
    }
}

fn check<T: Default + Serialize + DeserializeOwned + FromJson + ToJson + PartialEq + std::fmt::Debug>() -> usize {
    let name = std::any::type_name::<T>();
    let written = serde_json::to_value(T::default()).unwrap();
    let mut value = written.clone();
    fill(&mut value, &mut 0);
    let by_serde: T = serde_json::from_value(value.clone()).unwrap_or_else(|e| panic!("{name}: serde: {e}"));
    let by_reader = T::from_json(value.clone()).unwrap_or_else(|e| panic!("{name}: FromJson: {e}"));
    assert_eq!(by_reader, by_serde, "{name} read from {value}");
    assert_eq!(
        by_reader.to_json(),
        serde_json::to_value(&by_serde).unwrap(),
        "{name} written"
    );
    // Not only the same tree: the same text, field order included.
    assert_eq!(
        json::to_string(&by_reader),
        serde_json::to_string(&by_serde).unwrap(),
        "{name} written as text"
    );
    if value != written {
        assert_ne!(by_reader, T::default(), "{name}: filling changed nothing");
    }
    assert!(T::from_json(Value::Null).is_err(), "{name} read from null");
    replace_everywhere::<T>(&value);
    value.as_object().map_or(0, |fields| fields.len())
}

/// Values a server (or something in front of it) might put where another type belongs.
fn stray_values() -> Vec<Value> {
    let deep = (0..100).fold(json!(1), |inner, _| json!([inner]));
    vec![
        Value::Null,
        json!(true),
        json!(-1),
        json!(u64::MAX),
        json!(-1.5e300),
        json!(""),
        json!("\u{0}\u{202e}é"),
        json!([]),
        json!({}),
        deep,
    ]
}

/// Every place in `value`'s tree, as a path of keys and indexes.
fn places(value: &Value, here: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
    match value {
        Value::Object(fields) => fields.iter().for_each(|(key, field)| {
            here.push(key.clone());
            out.push(here.clone());
            places(field, here, out);
            here.pop();
        }),
        Value::Array(items) => items.iter().enumerate().for_each(|(index, item)| {
            here.push(index.to_string());
            out.push(here.clone());
            places(item, here, out);
            here.pop();
        }),
        _ => {}
    }
}

fn at<'v>(value: &'v mut Value, path: &[String]) -> &'v mut Value {
    path.iter().fold(value, |node, step| match node {
        Value::Array(items) => &mut items[step.parse::<usize>().unwrap()],
        other => &mut other[step.as_str()],
    })
}

/// A stray value in any place never makes `FromJson` panic, and wherever serde still reads the
/// document, `FromJson` reads the same model (it may also read documents serde refuses: a
/// `null` where a default is expected). One serde quirk is left out: its derived structs also
/// read from arrays, field by field in order, which no Stytch answer relies on.
fn replace_everywhere<T: DeserializeOwned + FromJson + PartialEq + std::fmt::Debug>(filled: &Value) {
    let name = std::any::type_name::<T>();
    let mut paths = Vec::new();
    places(filled, &mut Vec::new(), &mut paths);
    for path in &paths {
        for stray in stray_values() {
            let mut document = filled.clone();
            let place = at(&mut document, path);
            let struct_from_array = stray.is_array() && (place.is_object() || place.is_null());
            *place = stray.clone();
            let by_reader = T::from_json(document.clone());
            if struct_from_array {
                continue;
            }
            if let Ok(by_serde) = serde_json::from_value::<T>(document) {
                assert_eq!(
                    by_reader.as_ref().ok(),
                    Some(&by_serde),
                    "{name} with {stray} at {}",
                    path.join(".")
                );
            }
        }
    }
}

macro_rules! check_all {
    ($($ty:ty),* $(,)?) => {{
        let mut fields = 0;
        $( fields += check::<$ty>(); )*
        fields
    }};
}

#[test]
fn every_model_reads_and_writes_as_with_serde() {
    let fields = check_all!(
        api::discovery::DiscoveryAuthenticateResponse,
        api::discovery::DiscoveryOrganizationsRequest,
        api::discovery::DiscoveryOrganizationsResponse,
        api::discovery::IntermediateSessionExchangeRequest,
        api::discovery::OrganizationCreateViaDiscoveryRequest,
        api::magic_links::DiscoveryEmailSendRequest,
        api::magic_links::DiscoveryMagicLinkAuthenticateRequest,
        api::magic_links::LoginOrSignupRequest,
        api::magic_links::InviteRequest,
        api::magic_links::LoginOrSignupResponse,
        api::magic_links::MagicLinkAuthenticateRequest,
        api::mfa::SmsSendRequest,
        api::mfa::MemberOnlyResponse,
        api::mfa::SmsAuthenticateRequest,
        api::mfa::TotpCreateRequest,
        api::mfa::TotpCreateResponse,
        api::mfa::TotpAuthenticateRequest,
        api::mfa::RecoverRequest,
        api::mfa::RecoverResponse,
        api::mfa::RecoveryCodesResponse,
        api::SdkEnvelope<api::ResponseCommon>,
        api::ResponseCommon,
        api::oauth::OAuthAuthenticateRequest,
        api::oauth::OAuthDiscoveryAuthenticateRequest,
        api::oauth::ProviderValues,
        api::organizations::OrganizationResponse,
        api::organizations::MemberResponse,
        api::organizations::OrganizationCreateRequest,
        api::organizations::MemberCreateRequest,
        api::organizations::OrganizationUpdateRequest,
        api::organizations::MemberUpdateRequest,
        api::organizations::OrganizationSearchRequest,
        api::organizations::OrganizationBySlugMatch,
        api::organizations::OrganizationSearchResponse,
        api::otps::EmailOtpDiscoverySendRequest,
        api::otps::EmailOtpDiscoveryAuthenticateRequest,
        api::otps::EmailOtpLoginOrSignupRequest,
        api::otps::EmailOtpAuthenticateRequest,
        api::passwords::PasswordAuthenticateRequest,
        api::passwords::PasswordDiscoveryAuthenticateRequest,
        api::passwords::StrengthCheckRequest,
        api::passwords::ZxcvbnFeedback,
        api::passwords::LudsFeedback,
        api::passwords::StrengthCheckResponse,
        api::passwords::ResetByEmailStartRequest,
        api::passwords::ResetByEmailRequest,
        api::passwords::ResetByExistingPasswordRequest,
        api::passwords::ResetBySessionRequest,
        api::passwords::DiscoveryResetStartRequest,
        api::passwords::DiscoveryResetRequest,
        api::scim::ScimGroupRoleAssignment,
        api::scim::ScimConnection,
        api::scim::ScimConnectionWithToken,
        api::scim::ScimConnectionWithNextToken,
        api::scim::ScimGroup,
        api::scim::CreateScimConnectionRequest,
        api::scim::UpdateScimConnectionRequest,
        api::scim::ScimGroupsRequest,
        api::scim::ScimRotateRequest,
        api::scim::CreateScimConnectionResponse,
        api::scim::ScimConnectionResponse,
        api::scim::ScimRotateStartResponse,
        api::scim::DeleteScimConnectionResponse,
        api::scim::ScimGroupsResponse,
        api::sso::SamlConnection,
        api::sso::SamlUpdateConnectionRequest,
        api::sso::SamlUpdateConnectionByUrlRequest,
        api::sso::SamlConnectionRoleAssignment,
        api::sso::SamlGroupRoleAssignment,
        api::sso::ExternalConnection,
        api::idp::ConnectedAppPublic,
        api::idp::ScopeResult,
        api::idp::OAuthAuthorizeStartRequest,
        api::idp::OAuthAuthorizeStartResponse,
        api::idp::OAuthAuthorizeSubmitRequest,
        api::idp::OAuthAuthorizeSubmitResponse,
        api::idp::MemberConnectedApp,
        api::idp::MemberConnectedAppsResponse,
        api::idp::OrganizationConnectedApp,
        api::idp::OrganizationConnectedAppsResponse,
        api::idp::ConnectedAppMember,
        api::idp::OrganizationConnectedAppResponse,
        api::idp::ExchangeAccessTokenRequest,
        api::idp::OAuthLogoutStartRequest,
        api::idp::OAuthLogoutStartResponse,
        api::sso::EncryptionPrivateKey,
        api::sso::DeleteEncryptionPrivateKeyResponse,
        api::sso::ExternalCreateConnectionRequest,
        api::sso::ExternalUpdateConnectionRequest,
        api::sso::ExternalConnectionResponse,
        api::sso::GetConnectionsResponse,
        api::sessions::SessionsAuthenticateRequest,
        api::sessions::AuthorizationCheck,
        api::sessions::AuthorizationVerdict,
        api::sessions::AuthenticateResponse,
        api::sessions::AuthenticateWithMfaResponse,
        api::sessions::SessionsExchangeRequest,
        api::sessions::SessionsAttestRequest,
        api::sessions::SessionsRevokeRequest,
        CaptchaSettings,
        PasswordConfig,
        BootstrapResponse,
        Membership,
        MfaMemberOptions,
        MfaRequired,
        PrimaryRequired,
        DiscoveredOrganization,
        ApiErrorBody,
        SessionAttributes,
        SessionClaim,
        OrganizationClaim,
        SessionJwtClaims,
        RoleSource,
        MemberRole,
        OAuthRegistration,
        RetiredEmail,
        Member,
        ActiveSsoConnection,
        EmailImplicitRoleAssignment,
        Organization,
        Permission,
        PolicyRole,
        PolicyResource,
        PolicyScope,
        RbacPolicy,
        MemberSession,
        EmailFactor,
        PhoneNumberFactor,
        AuthenticatorAppFactor,
        RecoveryCodeFactor,
        OAuthFactor,
        AuthenticationFactor,
        TrustedAuthTokenFactor,
    );
    // Serde writes the default of every model; Option fields it skips are covered by the
    // tests below and by the client's comparison on real responses.
    assert!(fields > 300, "only {fields} fields were compared");
}

#[test]
fn attributes_mean_the_same_as_for_serde() {
    // rename, nested renamed objects and a flattened map (the JWT claims).
    let claims = json!({
        "sub": "member-test-1",
        "exp": 300,
        "https://stytch.com/session": { "id": "session-test-1", "roles": ["stytch_member"] },
        "https://stytch.com/organization": { "organization_id": "organization-test-1", "slug": "acme" },
        "plan": "gold",
        "seats": 3,
    });
    let by_serde: SessionJwtClaims = serde_json::from_value(claims.clone()).unwrap();
    let by_reader = SessionJwtClaims::from_json(claims).unwrap();
    assert_eq!(by_reader, by_serde);
    assert_eq!(by_reader.custom_claims.len(), 2, "{:?}", by_reader.custom_claims);
    assert_eq!(by_reader.to_json(), serde_json::to_value(&by_serde).unwrap());

    // Option fields skipped on write, present on read; unknown keys ignored; open enums.
    let member = json!({
        "member_id": "member-test-1",
        "status": "someday",
        "mfa_phone_number": "+15005550006",
        "trusted_metadata": { "tier": 1 },
        "not_a_field": [1, 2, 3],
    });
    let by_serde: Member = serde_json::from_value(member.clone()).unwrap();
    assert_eq!(Member::from_json(member).unwrap(), by_serde);
    assert_eq!(by_serde.to_json(), serde_json::to_value(&by_serde).unwrap());
    assert_eq!(by_serde.status, MemberStatus::Unknown("someday".into()));
}

#[test]
fn required_fields_and_wrong_types_are_errors_that_say_where() {
    use stytch_models::json::from_str;
    let err = from_str::<api::SdkEnvelope<MemberSession>>("{}").unwrap_err();
    assert_eq!(err.to_string(), "expected a value at `data`");
    let err =
        from_str::<api::SdkEnvelope<MemberSession>>(r#"{"data":{"authentication_factors":[{"type":7}]}}"#).unwrap_err();
    assert_eq!(err.path(), "data.authentication_factors[0].type");
    assert!(from_str::<Member>("[]").is_err());
    assert!(from_str::<Member>("{").is_err());
}

#[test]
fn null_where_a_default_is_expected_reads_as_missing() {
    // Stytch writes `null` for absent objects in places; serde rejects it for non-Option
    // fields, FromJson keeps the default instead of failing the whole response.
    let body = json!({ "member_session_id": "session-test-1", "roles": null, "expires_at": null });
    assert!(serde_json::from_value::<MemberSession>(body.clone()).is_err());
    let session = MemberSession::from_json(body).unwrap();
    assert_eq!(session.member_session_id, "session-test-1");
    assert!(session.roles.is_empty());
}
