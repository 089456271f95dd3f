//! Trusted auth tokens over HTTP: profiles managed through the test API (with Stytch's
//! refusals), then `sessions/attest` on both surfaces with tokens this test signs as an
//! identity provider would: PEM keys (RS256, ES256) and a JWKS served over HTTP (by `kid`);
//! issuer, audience, expiry on the emulator's clock, signature; the organization from the
//! request or a claim; just-in-time members; a live session gaining the factor; and the factor
//! staying in its organization.

mod support;

use jsonwebtoken::{Algorithm, EncodingKey, Header};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use stytch_emulator::{EmulatorConfig, Seed};
use support::*;

const RSA_PRIVATE: &str = include_str!("keys/idp-rsa-private.pem");
const RSA_PUBLIC: &str = include_str!("keys/idp-rsa-public.pem");
const OTHER_RSA_PRIVATE: &str = include_str!("keys/other-rsa-private.pem");
const EC_PRIVATE: &str = include_str!("keys/idp-ec-private.pem");
const EC_PUBLIC: &str = include_str!("keys/idp-ec-public.pem");
const ISSUER: &str = "https://idp.example.test/";
const AUDIENCE: &str = "stytch-leptos-tests";

impl Api {
    fn start() -> Self {
        Api::with(EmulatorConfig {
            seed: Seed::Demo,
            ..EmulatorConfig::for_tests()
        })
    }

    async fn profiles(&self, method: Method, path: &str, body: Value) -> (StatusCode, Value) {
        self.call(
            method,
            &format!("/emulator/v1/trusted_token_profiles{path}"),
            None,
            body,
        )
        .await
    }

    /// A new profile from `body`; its ID.
    async fn profile(&self, body: Value) -> String {
        let (status, created) = self.profiles(Method::POST, "", body).await;
        assert_eq!(status, 200, "{created}");
        created["profile"]["profile_id"].as_str().unwrap().to_owned()
    }

    /// A PEM profile for the test identity provider's RSA key, mapping `email`, `sid`
    /// (token ID), and with `org`, the organization claim.
    async fn pem_profile(&self, jit: bool) -> String {
        self.profile(json!({
            "name": "Test IdP",
            "issuer": ISSUER,
            "audience": AUDIENCE,
            "public_key_type": "PEM",
            "pem_files": [RSA_PUBLIC],
            "attribute_mapping": { "email": "email", "token_id": "sid", "organization_id": "org", "name": "name" },
            "can_jit_provision": jit,
        }))
        .await
    }

    async fn attest(&self, body: Value) -> (StatusCode, Value) {
        self.backend("/sessions/attest", body).await
    }

    async fn now(&self) -> i64 {
        let (_, clock) = self.call(Method::GET, "/emulator/v1/clock", None, Value::Null).await;
        let offset = clock["offset_seconds"].as_i64().expect("the clock answers its offset");
        let wall = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap();
        i64::try_from(wall.as_secs()).unwrap() + offset
    }
}

/// `claims` signed with a PKCS#8 PEM private key.
fn sign(algorithm: Algorithm, private_pem: &str, kid: Option<&str>, claims: Value) -> String {
    let key = match algorithm {
        Algorithm::ES256 => EncodingKey::from_ec_pem(private_pem.as_bytes()),
        _ => EncodingKey::from_rsa_pem(private_pem.as_bytes()),
    }
    .unwrap();
    let mut header = Header::new(algorithm);
    header.kid = kid.map(str::to_owned);
    jsonwebtoken::encode(&header, &claims, &key).unwrap()
}

/// Claims of a token for `email`, valid for ten minutes from `now`.
fn claims(now: i64, email: &str) -> Value {
    json!({
        "iss": ISSUER,
        "aud": AUDIENCE,
        "sub": email,
        "email": email,
        "sid": "idp-session-1",
        "iat": now,
        "exp": now + 600,
    })
}

fn rs256(claims: Value) -> String {
    sign(Algorithm::RS256, RSA_PRIVATE, None, claims)
}

fn factor(answer: &Value) -> &Value {
    let factors = answer["member_session"]["authentication_factors"].as_array().unwrap();
    factors
        .iter()
        .find(|f| f["type"] == "trusted_auth_token")
        .unwrap_or_else(|| panic!("no trusted_auth_token factor in {answer}"))
}

#[tokio::test]
async fn profiles_are_checked_as_stytch_checks_them() {
    let api = Api::start();
    let base = json!({ "name": "IdP", "issuer": ISSUER, "audience": AUDIENCE });
    let with = |extra: Value| {
        let mut body = base.clone();
        body.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
        body
    };
    let refusals = [
        (
            json!({ "public_key_type": "JWK" }),
            "must_have_jwks_url_for_trusted_token_profile_with_type_jwk",
        ),
        (
            json!({ "public_key_type": "JWK", "jwks_url": "ftp://keys" }),
            "invalid_jwks_url",
        ),
        (
            json!({ "public_key_type": "PEM" }),
            "must_have_pem_files_for_trusted_token_profile_with_type_pem",
        ),
        (
            json!({ "public_key_type": "PEM", "pem_files": ["not a key"] }),
            "invalid_public_key",
        ),
        (
            json!({ "public_key_type": "PEM", "pem_files": vec![RSA_PUBLIC; 6] }),
            "too_many_pem_files_for_trusted_token_profile",
        ),
        (
            json!({ "public_key_type": "X509", "pem_files": [RSA_PUBLIC] }),
            "trusted_token_profile_invalid_request",
        ),
        (
            json!({ "public_key_type": "PEM", "pem_files": [RSA_PUBLIC], "attribute_mapping": { "email": 7 } }),
            "trusted_token_profile_invalid_request",
        ),
        (
            json!({ "public_key_type": "JWK", "jwks_url": "http://keys.test/jwks", "pem_files": [RSA_PUBLIC] }),
            "cannot_add_pem_file_to_non_pem_trusted_token_profile",
        ),
    ];
    for (extra, error_type) in refusals {
        assert_refused(api.profiles(Method::POST, "", with(extra)).await, 400, error_type);
    }
    let nameless =
        json!({ "issuer": ISSUER, "audience": AUDIENCE, "public_key_type": "PEM", "pem_files": [RSA_PUBLIC] });
    assert_refused(
        api.profiles(Method::POST, "", nameless).await,
        400,
        "trusted_token_profile_invalid_request",
    );
    let (_, listed) = api.profiles(Method::GET, "", Value::Null).await;
    assert_eq!(listed["profiles"], json!([]), "a refused profile is not kept");

    let id = api.pem_profile(false).await;
    assert!(id.starts_with("ttp-test-"), "{id}");
    let (status, read) = api.profiles(Method::GET, &format!("/{id}"), Value::Null).await;
    assert_eq!(status, 200);
    assert_eq!(read["profile"]["public_key_type"], "PEM");
    assert_eq!(read["profile"]["attribute_mapping"]["token_id"], "sid");
    assert_eq!(read["profile"]["pem_files"][0]["public_key"], RSA_PUBLIC);

    // A second key (a rotation), then the first removed; the last one stays.
    let (status, added) = api
        .profiles(
            Method::POST,
            &format!("/{id}/pem_files"),
            json!({ "public_key": EC_PUBLIC }),
        )
        .await;
    assert_eq!(status, 200, "{added}");
    let first = read["profile"]["pem_files"][0]["pem_file_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let second = added["pem_file"]["pem_file_id"].as_str().unwrap().to_owned();
    let (status, _) = api
        .profiles(Method::DELETE, &format!("/{id}/pem_files/{first}"), Value::Null)
        .await;
    assert_eq!(status, 200);
    assert_refused(
        api.profiles(Method::DELETE, &format!("/{id}/pem_files/{second}"), Value::Null)
            .await,
        400,
        "must_have_pem_files_for_trusted_token_profile_with_type_pem",
    );
    assert_refused(
        api.profiles(
            Method::POST,
            &format!("/{id}/pem_files"),
            json!({ "public_key": "-----BEGIN PUBLIC KEY-----" }),
        )
        .await,
        400,
        "invalid_public_key",
    );

    // An update changes what it names; a refused one changes nothing.
    let (status, updated) = api
        .profiles(
            Method::PUT,
            &format!("/{id}"),
            json!({ "issuer": "https://other.test/", "can_jit_provision": true }),
        )
        .await;
    assert_eq!(status, 200, "{updated}");
    assert_eq!(updated["profile"]["issuer"], "https://other.test/");
    assert_eq!(updated["profile"]["can_jit_provision"], true);
    assert_eq!(updated["profile"]["name"], "Test IdP");
    assert_refused(
        api.profiles(Method::PUT, &format!("/{id}"), json!({ "name": " ", "audience": "x" }))
            .await,
        400,
        "trusted_token_profile_invalid_request",
    );
    let (_, read) = api.profiles(Method::GET, &format!("/{id}"), Value::Null).await;
    assert_eq!(read["profile"]["audience"], AUDIENCE);

    // Kept in the exported state; gone after a delete, and after a reset.
    let (_, state) = api.call(Method::GET, "/emulator/v1/state", None, Value::Null).await;
    assert_eq!(
        state["store"]["trusted_token_profiles"][0]["profile_id"],
        id.as_str(),
        "{}",
        state["store"]
    );
    let (status, _) = api.profiles(Method::DELETE, &format!("/{id}"), Value::Null).await;
    assert_eq!(status, 200);
    assert_refused(
        api.profiles(Method::GET, &format!("/{id}"), Value::Null).await,
        404,
        "trusted_token_profile_not_found",
    );
    api.pem_profile(false).await;
    api.post("/emulator/v1/reset", None, Value::Null).await;
    let (_, listed) = api.profiles(Method::GET, "", Value::Null).await;
    assert_eq!(listed["profiles"], json!([]));
}

#[tokio::test]
async fn a_signed_token_becomes_a_session_of_the_member_it_names() {
    let api = Api::start();
    let profile = api.pem_profile(false).await;
    let acme = api.organization_id("acme").await;
    let now = api.now().await;

    let (status, answer) = api
        .attest(json!({
            "profile_id": profile,
            "token": rs256(claims(now, "Ada@Example.com")),
            "organization_id": "acme",
            "session_duration_minutes": 30,
        }))
        .await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(answer["member"]["email_address"], "ada@example.com");
    assert_eq!(answer["organization"]["organization_id"], acme.as_str());
    let factor = factor(&answer);
    assert_eq!(factor["delivery_method"], "trusted_token_exchange");
    assert_eq!(factor["trusted_auth_token_factor"]["token_id"], "idp-session-1");
    assert!(
        answer["member_session"]["roles"]
            .as_array()
            .unwrap()
            .contains(&json!("stytch_member"))
    );

    // A real session: it authenticates, and its JWT carries the factor.
    let token = answer["session_token"].as_str().unwrap();
    let (status, confirmed) = api
        .backend("/sessions/authenticate", json!({ "session_token": token }))
        .await;
    assert_eq!(status, 200, "{confirmed}");
    assert_eq!(
        confirmed["member_session"]["member_session_id"],
        answer["member_session"]["member_session_id"]
    );

    // With that session, a second token joins it instead of starting another.
    let mut second = claims(now, "ada@example.com");
    second["sid"] = json!("idp-session-2");
    let (status, joined) = api
        .attest(
            json!({ "profile_id": profile, "token": rs256(second), "organization_id": acme, "session_token": token }),
        )
        .await;
    assert_eq!(status, 200, "{joined}");
    assert_eq!(
        joined["member_session"]["member_session_id"],
        answer["member_session"]["member_session_id"]
    );
    let ids: Vec<&Value> = joined["member_session"]["authentication_factors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| &f["trusted_auth_token_factor"]["token_id"])
        .collect();
    assert_eq!(ids, [&json!("idp-session-1"), &json!("idp-session-2")]);

    // The factor is no primary method of another organization: exchanging asks for one.
    let (status, exchanged) = api
        .backend(
            "/sessions/exchange",
            json!({ "session_token": token, "organization_id": "contoso" }),
        )
        .await;
    assert_eq!(status, 200, "{exchanged}");
    assert_eq!(exchanged["member_authenticated"], false, "{exchanged}");
    assert!(exchanged["primary_required"].is_object(), "{exchanged}");
}

#[tokio::test]
async fn tokens_that_do_not_check_out_are_refused_by_name() {
    let api = Api::start();
    let profile = api.pem_profile(false).await;
    let now = api.now().await;
    let attest = |token: String| json!({ "profile_id": profile, "token": token, "organization_id": "acme" });
    let altered = |key: &str, value: Value| {
        let mut c = claims(now, "ada@example.com");
        if value.is_null() {
            c.as_object_mut().unwrap().remove(key);
        } else {
            c[key] = value;
        }
        rs256(c)
    };
    let cases = [
        (altered("iss", json!("https://evil.test/")), 400, "jwt_invalid_issuer"),
        (altered("aud", json!(["someone-else"])), 400, "jwt_invalid_audience"),
        (altered("exp", Value::Null), 400, "jwt_invalid_claims"),
        (altered("exp", json!(now - 1)), 401, "invalid_trusted_auth_token"),
        (altered("nbf", json!(now + 60)), 401, "invalid_trusted_auth_token"),
        (altered("email", Value::Null), 400, "jwt_invalid_claims"),
        (altered("email", json!("nobody@example.com")), 404, "member_not_found"),
        (
            altered("org", json!("globex")),
            400,
            "invalid_token_organization_id_claim",
        ),
        (
            sign(
                Algorithm::RS256,
                OTHER_RSA_PRIVATE,
                None,
                claims(now, "ada@example.com"),
            ),
            401,
            "invalid_trusted_auth_token",
        ),
        (
            sign(Algorithm::ES256, EC_PRIVATE, None, claims(now, "ada@example.com")),
            401,
            "invalid_trusted_auth_token",
        ),
        ("not.a.jwt".to_owned(), 401, "invalid_trusted_auth_token"),
    ];
    for (token, status, error_type) in cases {
        assert_refused(api.attest(attest(token)).await, status, error_type);
    }
    // An audience list holding ours is fine, and the same organization named twice too.
    let mut listed = claims(now, "ada@example.com");
    listed["aud"] = json!(["other", AUDIENCE]);
    listed["org"] = json!("acme");
    assert_eq!(api.attest(attest(rs256(listed))).await.0, 200);

    let bare = json!({ "profile_id": profile, "token": rs256(claims(now, "ada@example.com")) });
    assert_refused(api.attest(bare).await, 400, "token_missing_organization_id_claim");
    let unknown = json!({ "profile_id": "ttp-test-nope", "token": rs256(claims(now, "ada@example.com")), "organization_id": "acme" });
    assert_refused(api.attest(unknown).await, 404, "trusted_token_profile_not_found");
    assert_refused(api.attest(json!({ "profile_id": profile })).await, 400, "bad_request");

    // Valid now, expired once the emulator's clock passes `exp`.
    let token = rs256(claims(now, "ada@example.com"));
    assert_eq!(api.attest(attest(token.clone())).await.0, 200);
    api.post("/emulator/v1/clock", None, json!({ "advance_seconds": 601 }))
        .await;
    assert_refused(api.attest(attest(token)).await, 401, "invalid_trusted_auth_token");
}

#[tokio::test]
async fn a_profile_may_create_members_for_tokens_that_name_their_organization() {
    let api = Api::start();
    let jit = api.pem_profile(true).await;
    let strict = api.pem_profile(false).await;
    let now = api.now().await;
    let mut newcomer = claims(now, "lin@newco.example");
    newcomer["name"] = json!("Lin Newcomer");

    // Named by the request only: no member is created.
    let by_request = json!({ "profile_id": jit, "token": rs256(newcomer.clone()), "organization_id": "acme" });
    assert_refused(api.attest(by_request).await, 404, "member_not_found");
    // Named by the token, under a profile that may not provision: no member either.
    newcomer["org"] = json!("acme");
    let strict_body = json!({ "profile_id": strict, "token": rs256(newcomer.clone()) });
    assert_refused(api.attest(strict_body).await, 404, "member_not_found");

    // A request refused for its session length creates no one.
    let too_short = json!({ "profile_id": jit, "token": rs256(newcomer.clone()), "session_duration_minutes": 1 });
    assert_refused(api.attest(too_short).await, 400, "invalid_session_duration_minutes");
    let acme = api.organization_id("acme").await;
    let (status, nobody) = api
        .call(
            Method::GET,
            &format!("/v1/b2b/organizations/{acme}/member?email_address=lin@newco.example"),
            secret(),
            Value::Null,
        )
        .await;
    assert_eq!(status, 404, "{nobody}");

    let (status, answer) = api.attest(json!({ "profile_id": jit, "token": rs256(newcomer) })).await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(answer["member"]["email_address"], "lin@newco.example");
    assert_eq!(answer["member"]["name"], "Lin Newcomer");
    assert_eq!(answer["member"]["status"], "active");
    assert_eq!(answer["member"]["email_address_verified"], false);
    assert_eq!(answer["organization"]["organization_slug"], "acme");

    // Invited members become active by attesting.
    let mut invited = claims(now, "ada@example.com");
    invited["org"] = json!("globex");
    let (status, answer) = api
        .attest(json!({ "profile_id": strict, "token": rs256(invited) }))
        .await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(answer["member"]["status"], "active");
}

/// An identity provider's JWKS endpoint: the test key under `kid` `idp-key-1`.
async fn serve_jwks() -> String {
    use base64::Engine;
    use rsa::pkcs8::DecodePublicKey;
    use rsa::traits::PublicKeyParts;
    let key = rsa::RsaPublicKey::from_public_key_pem(RSA_PUBLIC).unwrap();
    let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let jwks = json!({ "keys": [{
        "kty": "RSA", "kid": "idp-key-1", "use": "sig", "alg": "RS256",
        "n": b64.encode(key.n().to_bytes_be()), "e": b64.encode(key.e().to_bytes_be()),
    }] });
    serve("/.well-known/jwks.json", "application/json", jwks.to_string()).await
}

#[tokio::test]
async fn jwk_profiles_read_their_keys_from_the_jwks_url_and_ec_keys_work_as_pem() {
    let api = Api::start();
    let url = serve_jwks().await;
    let jwk = api
        .profile(json!({
            "name": "JWKS IdP", "issuer": ISSUER, "audience": AUDIENCE, "public_key_type": "JWK",
            "jwks_url": url, "attribute_mapping": { "email": "email" },
        }))
        .await;
    let now = api.now().await;
    let mut with_jti = claims(now, "ada@example.com");
    with_jti["jti"] = json!("jti-7");
    let token = sign(Algorithm::RS256, RSA_PRIVATE, Some("idp-key-1"), with_jti.clone());
    let (status, answer) = api
        .attest(json!({ "profile_id": jwk, "token": token, "organization_id": "acme" }))
        .await;
    assert_eq!(status, 200, "{answer}");
    // Without a token_id mapping, the factor names the token's jti.
    assert_eq!(factor(&answer)["trusted_auth_token_factor"]["token_id"], "jti-7");

    let wrong_kid = sign(Algorithm::RS256, RSA_PRIVATE, Some("idp-key-2"), with_jti);
    assert_refused(
        api.attest(json!({ "profile_id": jwk, "token": wrong_kid, "organization_id": "acme" }))
            .await,
        401,
        "invalid_trusted_auth_token",
    );

    let unreachable = api
        .profile(json!({
            "name": "Gone", "issuer": ISSUER, "audience": AUDIENCE, "public_key_type": "JWK",
            "jwks_url": "http://127.0.0.1:9/jwks.json", "attribute_mapping": { "email": "email" },
        }))
        .await;
    let token = rs256(claims(now, "ada@example.com"));
    assert_refused(
        api.attest(json!({ "profile_id": unreachable, "token": token, "organization_id": "acme" }))
            .await,
        400,
        "invalid_jwks_url",
    );

    let ec = api
        .profile(json!({
            "name": "EC IdP", "issuer": ISSUER, "audience": AUDIENCE, "public_key_type": "PEM",
            "pem_files": [EC_PUBLIC], "attribute_mapping": { "email": "email" },
        }))
        .await;
    let token = sign(Algorithm::ES256, EC_PRIVATE, None, claims(now, "ada@example.com"));
    let (status, answer) = api
        .attest(json!({ "profile_id": ec, "token": token, "organization_id": "acme" }))
        .await;
    assert_eq!(status, 200, "{answer}");
}

#[tokio::test]
async fn the_sdk_attests_and_keeps_its_session_when_it_is_the_same_member() {
    let api = Api::start();
    let profile = api.pem_profile(false).await;
    let now = api.now().await;
    let body = |token: String| json!({ "profile_id": profile, "token": token, "organization_id": "acme" });

    let (status, answer) = api
        .sdk("/sessions/attest", None, body(rs256(claims(now, "ada@example.com"))))
        .await;
    assert_eq!(status, 200, "{answer}");
    let data = &answer["data"];
    assert_eq!(factor(data)["trusted_auth_token_factor"]["token_id"], "idp-session-1");
    let session = data["session_token"].as_str().unwrap();

    // Signed in as Ada, her next token joins the session; a token for someone else (Hank, in
    // Globex) starts theirs and leaves hers alone.
    let (status, again) = api
        .sdk(
            "/sessions/attest",
            Some(session),
            body(rs256(claims(now, "ada@example.com"))),
        )
        .await;
    assert_eq!(status, 200, "{again}");
    assert_eq!(
        again["data"]["member_session"]["member_session_id"],
        data["member_session"]["member_session_id"]
    );
    let hank = json!({ "profile_id": profile, "token": rs256(claims(now, "hank@globex.example")), "organization_id": "globex" });
    let (status, other) = api.sdk("/sessions/attest", Some(session), hank).await;
    assert_eq!(status, 200, "{other}");
    assert_eq!(other["data"]["member"]["email_address"], "hank@globex.example");
    assert_ne!(
        other["data"]["member_session"]["member_session_id"],
        data["member_session"]["member_session_id"]
    );
    let (status, mine) = api.sdk("/sessions/authenticate", Some(session), json!({})).await;
    assert_eq!(status, 200, "{mine}");
    assert_eq!(mine["data"]["member"]["email_address"], "ada@example.com");
}

#[tokio::test]
async fn hostile_profile_bodies_are_refused_in_stytch_shape() {
    let api = Api::start();
    let id = api.pem_profile(false).await;
    let pem =
        api.profiles(Method::GET, &format!("/{id}"), Value::Null).await.1["profile"]["pem_files"][0]["pem_file_id"]
            .as_str()
            .unwrap()
            .to_owned();
    let deep = format!("{}{}", "[".repeat(300), "]".repeat(300));
    let long = "\u{202e}\u{0}é".repeat(3000);
    let fields = [
        "name",
        "issuer",
        "audience",
        "public_key_type",
        "jwks_url",
        "pem_files",
        "attribute_mapping",
        "can_jit_provision",
        "public_key",
    ];
    let values = [
        json!(-1),
        json!(u64::MAX),
        json!(""),
        json!(long),
        json!(["x", 1, null]),
        json!({ "a": [true] }),
        json!(true),
        json!(null),
    ];
    let mut bodies: Vec<String> = ["", "{", "null", "[]", "\"text\"", "1e999", "{}"]
        .into_iter()
        .map(str::to_owned)
        .collect();
    bodies.push(format!("{{\"name\": {deep}}}"));
    for value in values {
        let object: serde_json::Map<String, Value> = fields.iter().map(|f| ((*f).to_owned(), value.clone())).collect();
        bodies.push(Value::Object(object).to_string());
    }
    // Every body where the handler gets as far as reading one; where the path is refused first
    // the server may close the connection while a large body is still being written, so those
    // get the first (empty) one only, as the route sweep does.
    let targets = [
        (Method::POST, String::new(), true),
        (Method::PUT, format!("/{id}"), true),
        (Method::POST, format!("/{id}/pem_files"), true),
        (Method::PUT, "/%FF%FE".to_owned(), false),
        (Method::DELETE, format!("/{id}/pem_files/%00"), false),
    ];
    for (method, path, reads_body) in &targets {
        let some = if *reads_body { &bodies[..] } else { &bodies[..1] };
        for body in some {
            let response = api
                .http
                .request(
                    method.clone(),
                    format!("{}/emulator/v1/trusted_token_profiles{path}", api.base),
                )
                .header("content-type", "application/json")
                .body(body.clone())
                .send()
                .await
                .unwrap();
            let status = response.status();
            let answer: Value = response
                .json()
                .await
                .unwrap_or_else(|e| panic!("{method} {path} {body:.80}: {e}"));
            assert!(
                status.is_client_error() || status.is_success(),
                "{method} {path} {body:.80}: {status} {answer}"
            );
            if status.is_client_error() {
                assert!(answer["error_type"].is_string(), "{method} {path}: {answer}");
            }
        }
    }
    // Whatever was accepted, the profile still works and the state still exports and imports.
    let (status, read) = api.profiles(Method::GET, &format!("/{id}"), Value::Null).await;
    assert_eq!(status, 200, "{read}");
    assert!(
        read["profile"]["pem_files"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["pem_file_id"] == pem.as_str())
    );
    let (_, state) = api.call(Method::GET, "/emulator/v1/state", None, Value::Null).await;
    let (status, imported) = api.call(Method::PUT, "/emulator/v1/state", None, state).await;
    assert_eq!(status, 200, "{imported}");
    let now = api.now().await;
    let (status, answer) = api
        .attest(json!({ "profile_id": id, "token": rs256(claims(now, "ada@example.com")), "organization_id": "acme" }))
        .await;
    assert_eq!(status, 200, "{answer}");
}

#[tokio::test]
async fn configured_profiles_keep_their_ids_and_outlive_resets() {
    let configured = stytch_emulator::TrustedTokenProfileInput {
        profile_id: Some("ttp-test-app".into()),
        name: "The app's IdP".into(),
        issuer: ISSUER.into(),
        audience: AUDIENCE.into(),
        public_key_type: "PEM".into(),
        pem_files: vec![RSA_PUBLIC.into()],
        attribute_mapping: Some(json!({ "email": "email" })),
        ..Default::default()
    };
    let api = Api::with(EmulatorConfig {
        seed: Seed::Demo,
        trusted_token_profiles: vec![configured.clone()],
        ..EmulatorConfig::for_tests()
    });
    api.pem_profile(false).await;
    api.post("/emulator/v1/reset", None, Value::Null).await;
    let (_, listed) = api.profiles(Method::GET, "", Value::Null).await;
    let ids: Vec<&Value> = listed["profiles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| &p["profile_id"])
        .collect();
    assert_eq!(
        ids,
        [&json!("ttp-test-app")],
        "the configured profile stays, the test's is gone"
    );
    let now = api.now().await;
    let token = rs256(claims(now, "ada@example.com"));
    let (status, answer) = api
        .attest(json!({ "profile_id": "ttp-test-app", "token": token, "organization_id": "acme" }))
        .await;
    assert_eq!(status, 200, "{answer}");

    // The test API takes a fixed ID too, once.
    let mut body = json!({
        "profile_id": "ttp-test-second", "name": "Second", "issuer": ISSUER, "audience": AUDIENCE,
        "public_key_type": "PEM", "pem_files": [EC_PUBLIC],
    });
    assert_eq!(api.profile(body.clone()).await, "ttp-test-second");
    assert_refused(
        api.profiles(Method::POST, "", body.clone()).await,
        400,
        "trusted_token_profile_invalid_request",
    );
    body["profile_id"] = json!("ttp/../x");
    assert_refused(
        api.profiles(Method::POST, "", body).await,
        400,
        "trusted_token_profile_invalid_request",
    );

    // One Stytch would refuse stops the emulator from starting, naming it.
    let broken = stytch_emulator::TrustedTokenProfileInput {
        pem_files: Vec::new(),
        ..configured
    };
    let error = stytch_emulator::build(&EmulatorConfig {
        trusted_token_profiles: vec![broken],
        ..EmulatorConfig::for_tests()
    })
    .expect_err("refused");
    assert!(
        error.contains("ttp-test-app") && error.contains("must_have_pem_files_for_trusted_token_profile_with_type_pem"),
        "{error}"
    );
}

#[tokio::test]
async fn the_organizations_page_lists_the_profiles_escaped() {
    let api = Api::with(EmulatorConfig {
        seed: Seed::None,
        ..EmulatorConfig::for_tests()
    });
    let body = json!({
        "name": "<b>Legacy</b> IdP", "issuer": ISSUER, "audience": AUDIENCE,
        "public_key_type": "PEM", "pem_files": [RSA_PUBLIC],
        "attribute_mapping": { "email": "email" }, "can_jit_provision": true,
    });
    let profile_id = api.profile(body).await;
    let page = reqwest::get(format!("{}/emulator/organizations", api.base))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains(r#"<h2 id="trusted-token-profiles">Trusted Auth Token profiles</h2>"#),
        "{page}"
    );
    assert!(
        page.contains(&format!(
            "<th scope=\"row\">&lt;b&gt;Legacy&lt;/b&gt; IdP</th><td><code>{profile_id}</code></td><td>{ISSUER}</td><td>{AUDIENCE}</td><td>1 PEM key(s)</td><td>email ← email</td><td>yes</td>"
        )),
        "{page}"
    );
}
