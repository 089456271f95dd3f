// Stytch's official clients judge the emulator: the frontend SDK `@stytch/vanilla-js@6.3.0`
// (under jsdom, with its internal `endpoints` option) and the backend client `stytch@14.2.0`
// run the discovery flow, sessions, MFA (SMS, TOTP, recovery codes), organization-scoped magic
// links and the backend API against it, unchanged.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { createHash, createSign, generateKeyPairSync } from "node:crypto";
import { createServer } from "node:http";
import { startEmulator, latestMessage, messages, emulatorApi, uniqueEmail, PUBLIC_TOKEN, PROJECT_ID, SECRET } from "../lib/harness.mjs";
import { totp } from "../lib/totp.mjs";
import { openPage, officialClient } from "../lib/jsdom-browser.mjs";

const require = createRequire(import.meta.url);
const REDIRECT = "http://localhost:3000/authenticate";
let emulator;

before(async () => {
  emulator = await startEmulator(["--seed", "demo", "--redirect-url", REDIRECT]);
});
after(async () => emulator?.stop());

async function discover(stytch, email) {
  await stytch.magicLinks.email.discovery.send({ email_address: email, discovery_redirect_url: REDIRECT });
  const message = await latestMessage(emulator.url, email);
  const parsed = stytch.parseAuthenticateUrl(message.link);
  assert.deepEqual({ type: parsed.tokenType, token: parsed.token, handled: parsed.handled }, { type: "discovery", token: message.token, handled: true });
  return stytch.magicLinks.discovery.authenticate({ discovery_magic_links_token: message.token });
}

test("discovery sign-up: the official SDK ends with a session in getInfo() and the session cookies", async () => {
  const page = openPage();
  const stytch = officialClient(PUBLIC_TOKEN, emulator.url);
  assert.deepEqual(stytch.session.getInfo(), { session: null, fromCache: false }, "no cookie at start: signed out");

  const email = uniqueEmail("official");
  const discovered = await discover(stytch, email);
  assert.equal(discovered.email_address, email);
  assert.deepEqual(discovered.discovered_organizations, []);
  assert.equal(page.cookies().stytch_intermediate_session_token, discovered.intermediate_session_token, "the SDK stored the IST");

  const slug = `official-${Date.now().toString(36)}`;
  const created = await stytch.discovery.organizations.create({ organization_name: "Official Co", organization_slug: slug, session_duration_minutes: 60 });
  assert.equal(created.member_authenticated, true);
  assert.equal(created.organization.organization_slug, slug);

  const info = stytch.session.getInfo();
  assert.equal(info.fromCache, false);
  assert.equal(info.session.member_session_id, created.member_session.member_session_id);
  const cookies = page.cookies();
  assert.equal(cookies.stytch_session, created.session_token);
  assert.equal(cookies.stytch_session_jwt, created.session_jwt);
  assert.equal(cookies.stytch_intermediate_session_token, undefined, "IST replaced by the session");
  const cached = JSON.parse(localStorage.getItem(`stytch_sdk_state_${PUBLIC_TOKEN}`));
  assert.equal(cached.member.email_address, email);
  assert.equal(stytch.self.getSync().email_address, email);
  assert.equal(stytch.organization.getSync().organization_slug, slug);
  assert.equal(await stytch.rbac.isAuthorized("stytch.organization", "update"), true, "creators hold stytch_admin");

  const refreshed = await stytch.session.authenticate({ session_duration_minutes: 120 });
  assert.notEqual(refreshed.session_jwt, created.session_jwt, "a fresh JWT on every authenticate");
  assert.equal(page.cookies().stytch_session_jwt, refreshed.session_jwt, "the JWT cookie is replaced");
  const listed = await stytch.discovery.organizations.list();
  assert.deepEqual(listed.discovered_organizations.map((o) => o.organization.organization_slug), [slug]);
  assert.equal((await stytch.organization.get()).organization_slug, slug);
  assert.equal((await stytch.self.get()).email_address, email);

  await stytch.session.revoke();
  assert.equal(stytch.session.getSync(), null);
  assert.equal(page.cookies().stytch_session, undefined);
  await assert.rejects(stytch.organization.get(), (e) => e.error_type === "user_unauthenticated" && e.status_code === 401);
  page.close();
});

test("a reload serves the cache (fromCache) until the official SDK confirms it", async () => {
  const first = openPage();
  const stytch = officialClient(PUBLIC_TOKEN, emulator.url);
  const email = "ada@example.com";
  const discovered = await discover(stytch, email);
  const acme = discovered.discovered_organizations.find((o) => o.organization.organization_slug === "acme");
  assert.equal(acme.membership.type, "active_member");
  assert.equal(acme.member_authenticated, true);
  const entered = await stytch.discovery.intermediateSessions.exchange({ organization_id: acme.organization.organization_id, session_duration_minutes: 30 });
  assert.equal(entered.member_session.organization_id, acme.organization.organization_id);

  const reloaded = openPage("http://localhost:3000/", { cookieJar: first.cookieJar, storage: first.storage() });
  const again = officialClient(PUBLIC_TOKEN, emulator.url);
  const cached = again.session.getInfo();
  assert.equal(cached.fromCache, true);
  assert.equal(cached.session.member_session_id, entered.member_session.member_session_id);
  await new Promise((resolve) => {
    const unsubscribe = again.session.onChange(() => {
      if (!again.session.getInfo().fromCache) {
        unsubscribe();
        resolve();
      }
    });
  });
  assert.equal(again.session.getSync().member_session_id, entered.member_session.member_session_id);
  await again.session.revoke();
  reloaded.close();
});

test("the official SDK signs out on a dead session and reads the emulator's errors", async () => {
  openPage();
  const stytch = officialClient(PUBLIC_TOKEN, emulator.url);
  await assert.rejects(
    stytch.magicLinks.discovery.authenticate({ discovery_magic_links_token: "no-such-token" }),
    (e) => e.name === "StytchAPIError" && e.error_type === "magic_link_not_found" && e.status_code === 404,
  );
  await assert.rejects(
    stytch.magicLinks.email.discovery.send({ email_address: "x@example.org", discovery_redirect_url: "https://elsewhere.example/cb" }),
    (e) => e.error_type === "no_match_for_provided_magic_link_url",
  );
  stytch.session.updateSession({ session_token: "revoked-or-unknown", session_jwt: "x" });
  await assert.rejects(stytch.session.authenticate(), (e) => e.error_type === "session_not_found");
  assert.equal(document.cookie.includes("stytch_session="), false, "unrecoverable error clears the cookies");
});

test("the official backend client manages organizations and members and verifies JWTs locally", async () => {
  const stytch = require("stytch");
  const client = new stytch.B2BClient({ project_id: PROJECT_ID, secret: SECRET, env: `${emulator.url}/` });
  const slug = `backend-${Date.now().toString(36)}`;
  const { organization } = await client.organizations.create({ organization_name: "Backend Co", organization_slug: slug, email_allowed_domains: ["backend.example"] });
  assert.equal(organization.organization_slug, slug);
  const fetched = await client.organizations.get({ organization_id: organization.organization_id });
  assert.deepEqual(fetched.organization, organization);
  const email = uniqueEmail("member");
  const { member } = await client.organizations.members.create({ organization_id: organization.organization_id, email_address: email, name: "Grace" });
  assert.equal(member.status, "active");
  const byEmail = await client.organizations.members.get({ organization_id: organization.organization_id, email_address: email });
  assert.equal(byEmail.member.member_id, member.member_id);
  const byId = await client.organizations.members.get({ organization_id: organization.organization_id, member_id: member.member_id });
  assert.equal(byId.member.name, "Grace");

  await assert.rejects(client.organizations.get({ organization_id: "organization-test-missing" }), (e) => e.error_type === "organization_not_found" && e.status_code === 404);
  await assert.rejects(
    client.organizations.create({ organization_name: "Dup", organization_slug: slug }),
    (e) => e.error_type === "organization_slug_already_used",
  );
  const wrong = new stytch.B2BClient({ project_id: PROJECT_ID, secret: "secret-test-wrong", env: `${emulator.url}/` });
  await assert.rejects(wrong.organizations.get({ organization_id: organization.organization_id }), (e) => e.error_type === "unauthorized_credentials" && e.status_code === 401);

  // A session minted through the SDK surface, verified by the backend client with the JWKS.
  openPage();
  const sdk = officialClient(PUBLIC_TOKEN, emulator.url);
  const discovered = await discover(sdk, email);
  const target = discovered.discovered_organizations.find((o) => o.organization.organization_id === organization.organization_id);
  assert.equal(target.membership.type, "active_member");
  const session = await sdk.discovery.intermediateSessions.exchange({ organization_id: organization.organization_id, session_duration_minutes: 60 });
  const local = await client.sessions.authenticateJwtLocal({ session_jwt: session.session_jwt });
  assert.equal(local.member_id, member.member_id);
  assert.equal(local.organization_id, organization.organization_id);
  assert.equal(local.member_session_id, session.member_session.member_session_id);
  assert.equal(local.organization_slug, slug);
  assert.deepEqual(local.roles, session.member_session.roles);
  const remote = await client.sessions.authenticate({ session_token: session.session_token });
  assert.equal(remote.member_session.member_session_id, session.member_session.member_session_id);

  // Authorization checks: the server answers for a session token; the client answers for a
  // JWT locally, with the policies it fetches from rbac/policy and rbac/organizations/{id}.
  const check = (resource_id, action) => ({ organization_id: organization.organization_id, resource_id, action });
  const self = await client.sessions.authenticate({ session_token: session.session_token, authorization_check: check("stytch.self", "update") });
  assert.deepEqual(self.verdict, { authorized: true, granting_roles: ["stytch_member"] });
  await assert.rejects(
    client.sessions.authenticate({ session_token: session.session_token, authorization_check: check("stytch.member", "create") }),
    (e) => e.error_type === "session_authorization_error" && e.status_code === 403,
  );
  const locally = await client.sessions.authenticateJwt({ session_jwt: session.session_jwt, authorization_check: check("stytch.self", "update") });
  assert.equal(locally.member_session.member_session_id, session.member_session.member_session_id);
  await assert.rejects(client.sessions.authenticateJwt({ session_jwt: session.session_jwt, authorization_check: check("stytch.member", "create") }));
  await client.sessions.revoke({ member_session_id: session.member_session.member_session_id });
  await assert.rejects(client.sessions.authenticate({ session_token: session.session_token }), (e) => e.error_type === "session_not_found");
});

test("roles given on the backend reach the official SDK's RBAC checks at its next authenticate", async () => {
  const stytch = require("stytch");
  const client = new stytch.B2BClient({ project_id: PROJECT_ID, secret: SECRET, env: `${emulator.url}/` });
  const tag = Date.now().toString(36);
  const domain = `roles-${tag}.example`;
  const { organization } = await client.organizations.create({ organization_name: "Roles Co", organization_slug: `roles-${tag}` });
  const organization_id = organization.organization_id;
  const email = `pat@${domain}`;
  const { member } = await client.organizations.members.create({ organization_id, email_address: email });

  openPage();
  const sdk = officialClient(PUBLIC_TOKEN, emulator.url);
  await discover(sdk, email);
  await sdk.discovery.intermediateSessions.exchange({ organization_id, session_duration_minutes: 60 });
  assert.deepEqual(sdk.session.getSync().roles, ["stytch_member"]);
  assert.equal(await sdk.rbac.isAuthorized("documents", "write"), false);

  // Every member at the domain holds `editor` implicitly, set with the official backend client.
  const updated = await client.organizations.update({ organization_id, rbac_email_implicit_role_assignments: [{ domain, role_id: "editor" }] });
  assert.deepEqual(updated.organization.rbac_email_implicit_role_assignments, [{ domain, role_id: "editor" }]);
  const { member: promoted } = await client.organizations.members.get({ organization_id, member_id: member.member_id });
  assert.deepEqual(promoted.roles.find((r) => r.role_id === "editor")?.sources, [{ type: "email_assignment", details: { email_domain: domain } }]);
  assert.equal(await sdk.rbac.isAuthorized("documents", "write"), false, "the SDK's session keeps its roles until it authenticates");

  await sdk.session.authenticate();
  assert.deepEqual(sdk.session.getSync().roles, ["stytch_member", "editor"]);
  assert.equal(await sdk.rbac.isAuthorized("documents", "write"), true);
  const jwt = await client.sessions.authenticateJwtLocal({ session_jwt: sdk.session.getTokens().session_jwt });
  assert.deepEqual(jwt.roles, ["stytch_member", "editor"], "the fresh JWT carries the new role");

  await client.organizations.update({ organization_id, rbac_email_implicit_role_assignments: [] });
  await sdk.session.authenticate();
  assert.deepEqual(sdk.session.getSync().roles, ["stytch_member"]);
  assert.equal(await sdk.rbac.isAuthorized("documents", "write"), false);
  await sdk.session.revoke();
});

test("an organization's own roles, set with the official backend client, grant in the official SDK, in the backend client's local JWT check and on the server", async () => {
  const stytch = require("stytch");
  const client = new stytch.B2BClient({ project_id: PROJECT_ID, secret: SECRET, env: `${emulator.url}/` });
  const tag = Date.now().toString(36);
  const { organization } = await client.organizations.create({ organization_name: "Own Roles Co", organization_slug: `own-roles-${tag}` });
  const organization_id = organization.organization_id;
  const email = uniqueEmail("own-roles");
  const { member } = await client.organizations.members.create({ organization_id, email_address: email });
  const archivist = { role_id: "archivist", description: "Deletes old documents.", permissions: [{ resource_id: "documents", actions: ["delete"] }] };
  const set = await client.rbac.organizations.setOrgPolicy({ organization_id, org_policy: { roles: [archivist] } });
  assert.deepEqual(set.org_policy.roles, [archivist]);
  assert.deepEqual((await client.rbac.organizations.getOrgPolicy({ organization_id })).org_policy.roles, [archivist]);
  await assert.rejects(
    client.rbac.organizations.setOrgPolicy({ organization_id, org_policy: { roles: [{ ...archivist, role_id: "editor" }] } }),
    (e) => e.error_type === "bad_request" && e.status_code === 400,
    "a project role's ID",
  );
  await client.organizations.members.update({ organization_id, member_id: member.member_id, roles: ["archivist"] });

  openPage();
  const sdk = officialClient(PUBLIC_TOKEN, emulator.url);
  await discover(sdk, email);
  await sdk.discovery.intermediateSessions.exchange({ organization_id, session_duration_minutes: 60 });
  assert.deepEqual(sdk.session.getSync().roles, ["stytch_member", "archivist"]);
  assert.equal(await sdk.rbac.isAuthorized("documents", "delete"), true, "the SDK merges the organization's custom_roles");
  assert.equal(await sdk.rbac.isAuthorized("documents", "write"), false);

  // The backend client checks a JWT locally with the project's policy and the organization's
  // (rbac/policy and rbac/organizations/{id}), without asking sessions/authenticate.
  const check = (resource_id, action) => ({ organization_id, resource_id, action });
  const { session_jwt, session_token } = sdk.session.getTokens();
  const remoteCalls = async () => (await emulatorApi(emulator.url, "GET", "/requests?path=/v1/b2b/sessions/authenticate")).total;
  const before = await remoteCalls();
  const local = await client.sessions.authenticateJwtLocal({ session_jwt, authorization_check: check("documents", "delete") });
  assert.deepEqual(local.roles, ["stytch_member", "archivist"]);
  await assert.rejects(
    client.sessions.authenticateJwtLocal({ session_jwt, authorization_check: check("documents", "write") }),
    (e) => e.code === "invalid_permissions",
  );
  const viaJwt = await client.sessions.authenticateJwt({ session_jwt, authorization_check: check("documents", "delete") });
  assert.equal(viaJwt.member_session.member_id, member.member_id);
  assert.equal(await remoteCalls(), before, "answered locally: no fallback to the API");

  const remote = await client.sessions.authenticate({ session_token, authorization_check: check("documents", "delete") });
  assert.deepEqual(remote.verdict, { authorized: true, granting_roles: ["archivist"] });
  await sdk.session.revoke();
});

test("custom claims the official backend client adds reach the official SDK's session and every later JWT", async () => {
  const stytch = require("stytch");
  const client = new stytch.B2BClient({ project_id: PROJECT_ID, secret: SECRET, env: `${emulator.url}/` });
  openPage();
  const sdk = officialClient(PUBLIC_TOKEN, emulator.url);
  const email = uniqueEmail("claims");
  await discover(sdk, email);
  const created = await sdk.discovery.organizations.create({ organization_name: "Claims Co", organization_slug: `claims-${Date.now().toString(36)}`, session_duration_minutes: 60 });
  const { session_token } = sdk.session.getTokens();

  const claim = "https://app.example/plan";
  const added = await client.sessions.authenticate({ session_token, session_custom_claims: { [claim]: "pro", sub: "forged" } });
  assert.deepEqual(added.member_session.custom_claims, { [claim]: "pro" });
  const verified = await client.sessions.authenticateJwtLocal({ session_jwt: added.session_jwt });
  assert.deepEqual(verified.custom_claims, { [claim]: "pro" });

  await sdk.session.authenticate();
  assert.deepEqual(sdk.session.getSync().custom_claims, { [claim]: "pro" });
  const refreshed = await client.sessions.authenticateJwtLocal({ session_jwt: sdk.session.getTokens().session_jwt });
  assert.deepEqual(refreshed.custom_claims, { [claim]: "pro" }, "the SDK's refreshed JWT keeps the claim");

  await assert.rejects(
    client.sessions.authenticate({ session_token, session_custom_claims: { notes: "x".repeat(4100) } }),
    (e) => e.error_type === "custom_claims_too_large" && e.status_code === 400,
  );
  const removed = await client.sessions.authenticate({ session_token, session_custom_claims: { [claim]: null } });
  assert.equal(removed.member_session.custom_claims, undefined);

  // A session the backend starts carries the claims given with its start.
  const { intermediate_session_token } = await discover(sdk, email);
  const started = await client.discovery.intermediateSessions.exchange({
    intermediate_session_token,
    organization_id: created.organization.organization_id,
    session_custom_claims: { [claim]: "team" },
  });
  assert.deepEqual(started.member_session.custom_claims, { [claim]: "team" });
  assert.deepEqual((await client.sessions.authenticateJwtLocal({ session_jwt: started.session_jwt })).custom_claims, { [claim]: "team" });
  await client.sessions.revoke({ member_id: started.member_id });
});

/** An organization requiring MFA, with one active member, made with the official backend client. */
async function mfaOrganization(policy = {}) {
  const stytch = require("stytch");
  const client = new stytch.B2BClient({ project_id: PROJECT_ID, secret: SECRET, env: `${emulator.url}/` });
  const slug = `mfa-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const { organization } = await client.organizations.create({ organization_name: "MFA Co", organization_slug: slug });
  const updated = await client.organizations.update({ organization_id: organization.organization_id, mfa_policy: "REQUIRED_FOR_ALL", ...policy });
  assert.equal(updated.organization.mfa_policy, "REQUIRED_FOR_ALL");
  const email = uniqueEmail("mfa");
  const { member } = await client.organizations.members.create({ organization_id: organization.organization_id, email_address: email });
  return { client, organization: updated.organization, member, email };
}

/** Discovery, then the IST exchange into `organization_id`. */
async function exchangeInto(stytch, email, organization_id) {
  await discover(stytch, email);
  return stytch.discovery.intermediateSessions.exchange({ organization_id, session_duration_minutes: 60 });
}

const factorTypes = (session) => session.member_session.authentication_factors.map((f) => f.delivery_method).sort();

test("MFA by SMS: the IST survives the exchange, codes arrive in the outbox, expire after 2 minutes, and the next primary login or exchange texts one itself", async () => {
  const { client, organization, member, email } = await mfaOrganization();
  const page = openPage();
  const stytch = officialClient(PUBLIC_TOKEN, emulator.url);
  const exchanged = await exchangeInto(stytch, email, organization.organization_id);
  assert.equal(exchanged.member_authenticated, false);
  assert.equal(exchanged.member_session, null);
  assert.equal(exchanged.mfa_required.secondary_auth_initiated, null, "not enrolled yet: nothing to text");
  assert.ok(page.cookies().stytch_intermediate_session_token, "the IST is kept for the MFA step");
  assert.equal(stytch.session.getSync(), null);

  const ids = { organization_id: organization.organization_id, member_id: member.member_id };
  await assert.rejects(stytch.otps.sms.send({ ...ids, mfa_phone_number: "555-0100" }), (e) => e.error_type === "invalid_phone_number");
  const phone = `+1555${String(Date.now() % 10_000_000).padStart(7, "0")}`;
  await stytch.otps.sms.send({ ...ids, mfa_phone_number: phone });
  const first = await latestMessage(emulator.url, phone);
  assert.equal(first.channel, "sms");
  await assert.rejects(
    stytch.otps.sms.authenticate({ ...ids, code: String((Number(first.code) + 1) % 1e6).padStart(6, "0"), session_duration_minutes: 60 }),
    (e) => e.error_type === "unable_to_auth_otp_code",
  );
  await emulatorApi(emulator.url, "POST", "/clock", { advance_seconds: 121 });
  await assert.rejects(
    stytch.otps.sms.authenticate({ ...ids, code: first.code, session_duration_minutes: 60 }),
    (e) => e.error_type === "otp_code_not_found",
    "codes live two minutes",
  );
  await stytch.otps.sms.send(ids);
  const second = await latestMessage(emulator.url, phone, { after: 1 });
  const session = await stytch.otps.sms.authenticate({ ...ids, code: second.code, session_duration_minutes: 60 });
  assert.ok(session.member_session, "a member session once the second factor is in");
  assert.deepEqual(factorTypes(session), ["email", "sms"]);
  assert.equal(page.cookies().stytch_intermediate_session_token, undefined, "the IST is consumed");
  assert.equal(stytch.session.getSync().member_session_id, session.member_session.member_session_id);
  const { member: enrolled } = await client.organizations.members.get({ organization_id: organization.organization_id, member_id: member.member_id });
  assert.equal(enrolled.mfa_phone_number, phone);
  assert.equal(enrolled.mfa_phone_number_verified, true);

  // An organization-scoped magic link: after it, Stytch texts the enrolled member at once.
  await stytch.session.revoke();
  const redirect = REDIRECT;
  await stytch.magicLinks.email.loginOrSignup({ email_address: email, organization_id: organization.organization_id, login_redirect_url: redirect, signup_redirect_url: redirect });
  const link = await latestMessage(emulator.url, email, { after: (await messages(emulator.url, email)).length - 1 });
  assert.equal(stytch.parseAuthenticateUrl(link.link).tokenType, "multi_tenant_magic_links");
  const texted = (await messages(emulator.url, phone)).length;
  const primary = await stytch.magicLinks.authenticate({ magic_links_token: link.token, session_duration_minutes: 60 });
  assert.equal(primary.member_authenticated, false);
  assert.equal(primary.mfa_required.secondary_auth_initiated, "sms_otp");
  assert.match(primary.mfa_required.member_options.mfa_phone_number, /\d/);
  const auto = await latestMessage(emulator.url, phone, { after: texted });
  const again = await stytch.otps.sms.authenticate({ ...ids, code: auto.code, session_duration_minutes: 60 });
  assert.deepEqual(factorTypes(again), ["email", "sms"]);

  // Discovery: its authenticate texts nothing, the exchange into the organization texts once.
  await stytch.session.revoke();
  const before = (await messages(emulator.url, phone)).length;
  await discover(stytch, email);
  assert.equal((await messages(emulator.url, phone)).length, before, "discovery's authenticate never texts");
  const entered = await stytch.discovery.intermediateSessions.exchange({ organization_id: organization.organization_id, session_duration_minutes: 60 });
  assert.equal(entered.mfa_required.secondary_auth_initiated, "sms_otp");
  assert.equal((await messages(emulator.url, phone)).length, before + 1);
  const code = (await latestMessage(emulator.url, phone, { after: before })).code;
  assert.ok((await stytch.otps.sms.authenticate({ ...ids, code, session_duration_minutes: 60 })).member_session);
  page.close();
});

test("MFA by TOTP: real RFC 6238 codes from the returned secret, single-use recovery codes", async () => {
  const { organization, member, email } = await mfaOrganization({ mfa_methods: "RESTRICTED", allowed_mfa_methods: ["totp"] });
  const page = openPage();
  const stytch = officialClient(PUBLIC_TOKEN, emulator.url);
  await exchangeInto(stytch, email, organization.organization_id);
  const ids = { organization_id: organization.organization_id, member_id: member.member_id };
  await assert.rejects(stytch.otps.sms.send({ ...ids, mfa_phone_number: "+15555550100" }), (e) => e.error_type === "operation_restricted_by_organization_mfa_methods");

  const created = await stytch.totp.create(ids);
  assert.match(created.secret, /^[A-Z2-7]+$/);
  assert.match(created.qr_code, /^data:image\/svg\+xml/);
  assert.equal(created.recovery_codes.length, 10);
  await assert.rejects(stytch.totp.authenticate({ ...ids, code: "12345", session_duration_minutes: 60 }), (e) => e.error_type === "unable_to_authenticate_totp");
  // An authenticator app reads the wall clock; earlier tests may have moved the emulator's.
  const { offset_seconds } = await emulatorApi(emulator.url, "GET", "/clock");
  const code = totp(created.secret, Date.now() + offset_seconds * 1000);
  const session = await stytch.totp.authenticate({ ...ids, code, session_duration_minutes: 60, set_default_mfa: true });
  assert.ok(session.member_session);
  assert.ok(factorTypes(session).includes("authenticator_app"));
  assert.equal(session.member.totp_registration_id, created.totp_registration_id);
  assert.equal(session.member.default_mfa_method, "totp");
  const fetched = await stytch.recoveryCodes.get();
  assert.deepEqual([...fetched.recovery_codes].sort(), [...created.recovery_codes].sort());

  await stytch.session.revoke();
  await exchangeInto(stytch, email, organization.organization_id);
  await assert.rejects(stytch.totp.authenticate({ ...ids, code, session_duration_minutes: 60 }), (e) => e.error_type === "totp_code_already_authenticated", "a code works once");
  const recovered = await stytch.recoveryCodes.recover({ ...ids, recovery_code: created.recovery_codes[0], session_duration_minutes: 60 });
  assert.equal(recovered.recovery_codes_remaining, 9);
  assert.ok(factorTypes(recovered).includes("recovery_code"));
  await stytch.session.revoke();
  await exchangeInto(stytch, email, organization.organization_id);
  await assert.rejects(
    stytch.recoveryCodes.recover({ ...ids, recovery_code: created.recovery_codes[0], session_duration_minutes: 60 }),
    (e) => e.error_type === "unable_to_authenticate_recovery_code",
  );
  page.close();
});

/** A start URL as the official SDK builds it, the consent page, and the redirect it answers with. */
async function simulatedOAuth(provider, query, identity) {
  const start = `${emulator.url}/v1/b2b/public/oauth/${provider}/${query.discovery ? "discovery/start" : "start"}?${new URLSearchParams(query)}`;
  const page = await fetch(start);
  assert.equal(page.status, 200, await page.text());
  const form = new URLSearchParams({ ...query, ...identity });
  const consent = await fetch(`${emulator.url}/v1/b2b/public/oauth/${provider}/consent`, { method: "POST", body: form, redirect: "manual" });
  assert.equal(consent.status, 303);
  return consent.headers.get("location");
}

test("the provider's tokens an official SDK OAuth sign-in leaves are what npm stytch's oauthProviders read", async () => {
  const page = openPage();
  const stytch = officialClient(PUBLIC_TOKEN, emulator.url);
  const location = await simulatedOAuth("google", {
    public_token: PUBLIC_TOKEN, slug: "acme", login_redirect_url: REDIRECT, signup_redirect_url: REDIRECT,
  }, { email: "ada@example.com" });
  const signedIn = await stytch.oauth.authenticate({ oauth_token: stytch.parseAuthenticateUrl(location).token, session_duration_minutes: 30 });
  assert.equal(signedIn.member_authenticated, true);
  page.close();

  const backend = new (require("stytch").B2BClient)({ project_id: PROJECT_ID, secret: SECRET, env: `${emulator.url}/` });
  const params = { organization_id: signedIn.organization_id, member_id: signedIn.member_id };
  const google = await backend.organizations.members.oauthProviders.google({ ...params, include_refresh_token: true });
  assert.equal(google.provider_type, "Google");
  assert.equal(google.provider_subject, signedIn.provider_subject);
  assert.equal(google.access_token, signedIn.provider_values.access_token);
  assert.equal(google.id_token, signedIn.provider_values.id_token);
  assert.equal(google.refresh_token, signedIn.provider_values.refresh_token);
  assert.ok(google.access_token_expires_in > 3500 && google.access_token_expires_in <= 3600, `${google.access_token_expires_in}`);
  assert.equal((await backend.organizations.members.oauthProviders.google(params)).refresh_token, undefined);
  await assert.rejects(backend.organizations.members.oauthProviders.microsoft(params),
    (e) => e.error_type === "member_oauth_token_not_found" && e.status_code === 404);
  const github = await backend.organizations.members.oauthProviders.github(params).catch((e) => e);
  assert.equal(github.error_type, "member_oauth_token_not_found");
});

test("email codes, passwords and organization lookup through the official SDK, with a step-up on one IST", async () => {
  const page = openPage();
  const stytch = officialClient(PUBLIC_TOKEN, emulator.url);
  const { organization: stark } = await stytch.organization.getBySlug({ organization_slug: "stark" });
  assert.equal(stark.organization_name, "Stark Industries");
  assert.equal((await stytch.organization.getBySlug({ organization_slug: "no-such-slug" })).organization, null);

  // Discovery by email code.
  await stytch.otps.email.discovery.send({ email_address: "ada@example.com" });
  const code = (await latestMessage(emulator.url, "ada@example.com")).code;
  const discovered = await stytch.otps.email.discovery.authenticate({ email_address: "ada@example.com", code });
  assert.ok(page.cookies().stytch_intermediate_session_token, "the SDK stored the IST");
  const hooli = discovered.discovered_organizations.find((o) => o.organization.organization_slug === "hooli");
  assert.equal(hooli.member_authenticated, true, "Hooli accepts email codes");

  // Passwords: rating, sign-in, the verify-email step-up completed by an email code on the same IST.
  const rating = await stytch.passwords.strengthCheck({ password: "password" });
  assert.equal(rating.valid_password, false);
  assert.equal(rating.breached_password, true);
  assert.equal(rating.strength_policy, "zxcvbn");
  const tony = await stytch.passwords.authenticate({
    organization_id: stark.organization_id, email_address: "tony@stark.example", password: "Arc-Reactor-Mark-42", session_duration_minutes: 30,
  });
  assert.equal(tony.member_authenticated, true);
  assert.equal(stytch.session.getSync().member_id, tony.member_id);
  await stytch.session.revoke();
  await assert.rejects(
    stytch.passwords.authenticate({ organization_id: stark.organization_id, email_address: "tony@stark.example", password: "nope", session_duration_minutes: 30 }),
    (e) => e.error_type === "unauthorized_credentials",
  );
  const pepper = await stytch.passwords.authenticate({
    organization_id: stark.organization_id, email_address: "pepper@stark.example", password: "Arc-Reactor-Mark-42", session_duration_minutes: 30,
  });
  assert.equal(pepper.member_authenticated, false);
  assert.deepEqual(pepper.primary_required.allowed_auth_methods, ["magic_link", "email_otp", "google_oauth", "microsoft_oauth"]);
  assert.equal(page.cookies().stytch_intermediate_session_token, pepper.intermediate_session_token);
  await stytch.otps.email.loginOrSignup({ organization_id: stark.organization_id, email_address: "pepper@stark.example" });
  const pepperCode = (await latestMessage(emulator.url, "pepper@stark.example")).code;
  const verified = await stytch.otps.email.authenticate({
    organization_id: stark.organization_id, email_address: "pepper@stark.example", code: pepperCode, session_duration_minutes: 30,
  });
  assert.equal(verified.member_authenticated, true, "the SDK sent the IST by itself");
  assert.deepEqual(verified.member_session.authentication_factors.map((f) => f.type), ["password", "email_otp"]);

  // Resets: by email link, by the existing password, by session.
  await stytch.passwords.resetByEmailStart({ organization_id: stark.organization_id, email_address: "pepper@stark.example", reset_password_redirect_url: REDIRECT });
  const link = await latestMessage(emulator.url, "pepper@stark.example", { after: (await messages(emulator.url, "pepper@stark.example")).length - 1 });
  const parsed = stytch.parseAuthenticateUrl(link.link);
  assert.deepEqual({ type: parsed.tokenType, handled: parsed.handled }, { type: "multi_tenant_passwords", handled: false });
  await assert.rejects(
    stytch.passwords.resetByEmail({ password_reset_token: link.token, password: "pepper1", session_duration_minutes: 30 }),
    (e) => e.error_type === "weak_password",
  );
  const reset = await stytch.passwords.resetByEmail({ password_reset_token: link.token, password: "Rescue-Armor-2014!", session_duration_minutes: 30 });
  assert.equal(reset.member_authenticated, true);
  const existing = await stytch.passwords.resetByExistingPassword({
    organization_id: stark.organization_id, email_address: "pepper@stark.example", existing_password: "Rescue-Armor-2014!",
    new_password: "Potts-Industries-CEO-2012", session_duration_minutes: 30,
  });
  assert.ok(existing.member_session);
  const bySession = await stytch.passwords.resetBySession({ password: "Extremis-Survivor-2013" });
  assert.equal(bySession.member.email_address, "pepper@stark.example");
  const discoveredByPassword = await stytch.passwords.discovery.authenticate({ email_address: "pepper@stark.example", password: "Extremis-Survivor-2013" });
  assert.ok(discoveredByPassword.discovered_organizations.some((o) => o.organization.organization_slug === "stark"));

  // A discovery reset (every membership of the address), with the SDK's own PKCE pair.
  const sent = (await messages(emulator.url, "pepper@stark.example")).length;
  await stytch.passwords.discovery.resetByEmailStart({ email_address: "pepper@stark.example", reset_password_redirect_url: REDIRECT });
  const discoveryLink = await latestMessage(emulator.url, "pepper@stark.example", { after: sent - 1 });
  const parsedReset = stytch.parseAuthenticateUrl(discoveryLink.link);
  assert.equal(parsedReset.tokenType, "discovery");
  assert.match(discoveryLink.link, /stytch_redirect_type=reset_password/);
  await assert.rejects(
    stytch.passwords.discovery.resetByEmail({ password_reset_token: discoveryLink.token, password: "pepper1" }),
    (e) => e.error_type === "weak_password",
  );
  const discoveredByReset = await stytch.passwords.discovery.resetByEmail({ password_reset_token: discoveryLink.token, password: "Happy-Hogan-Security-1" });
  assert.ok(discoveredByReset.discovered_organizations.some((o) => o.organization.organization_slug === "stark"));
  assert.equal(page.cookies().stytch_intermediate_session_token, discoveredByReset.intermediate_session_token, "the SDK stored the IST");
  await stytch.passwords.discovery.authenticate({ email_address: "pepper@stark.example", password: "Happy-Hogan-Security-1" });
  page.close();
});

test("OAuth tokens from the simulated providers through the official SDK", async () => {
  const page = openPage();
  const stytch = officialClient(PUBLIC_TOKEN, emulator.url);
  const discoveryLocation = await simulatedOAuth("microsoft", { public_token: PUBLIC_TOKEN, discovery: "true", discovery_redirect_url: REDIRECT }, { email: "ada@example.com" });
  const parsed = stytch.parseAuthenticateUrl(discoveryLocation);
  assert.deepEqual({ type: parsed.tokenType, handled: parsed.handled }, { type: "discovery_oauth", handled: true });
  const discovered = await stytch.oauth.discovery.authenticate({ discovery_oauth_token: parsed.token });
  assert.equal(discovered.email_address, "ada@example.com");
  assert.ok(discovered.discovered_organizations.find((o) => o.organization.organization_slug === "hooli").member_authenticated);

  const email = uniqueEmail("octo").replace("@example.org", "@umbrella.example");
  const location = await simulatedOAuth("github", {
    public_token: PUBLIC_TOKEN, slug: "umbrella", login_redirect_url: REDIRECT, signup_redirect_url: REDIRECT,
  }, { email });
  const token = stytch.parseAuthenticateUrl(location).token;
  const joined = await stytch.oauth.authenticate({ oauth_token: token, session_duration_minutes: 30 });
  assert.equal(joined.member_authenticated, false, "GitHub does not verify the email");
  assert.equal(joined.provider_type, "GitHub");
  assert.ok(joined.provider_values.access_token);
  assert.ok(page.cookies().stytch_intermediate_session_token);
  await stytch.magicLinks.email.loginOrSignup({ email_address: email, organization_id: joined.organization.organization_id, login_redirect_url: REDIRECT, signup_redirect_url: REDIRECT });
  const link = await latestMessage(emulator.url, email);
  const session = await stytch.authenticateByUrl({ session_duration_minutes: 30 }, link.link);
  assert.equal(session.handled, true);
  assert.equal(session.data.member_authenticated, true, "the link completed the step-up on the stored IST");
  assert.deepEqual(session.data.member_session.authentication_factors.map((f) => f.delivery_method), ["oauth_github", "email"]);

  // OAuth-tenant JIT: an organization set up by the official backend client for one Slack
  // workspace; someone from that workspace joins through the official SDK.
  const backend = new (require("stytch").B2BClient)({ project_id: PROJECT_ID, secret: SECRET, env: `${emulator.url}/` });
  const slug = `tenant-${Date.now().toString(36)}`;
  const { organization: tenanted } = await backend.organizations.create({
    organization_name: "Tenant Co", organization_slug: slug,
    oauth_tenant_jit_provisioning: "RESTRICTED", allowed_oauth_tenants: { slack: ["T0TENANT"] },
  });
  assert.deepEqual(tenanted.allowed_oauth_tenants, { slack: ["T0TENANT"] });
  const slackLocation = await simulatedOAuth("slack", { public_token: PUBLIC_TOKEN, discovery: "true", discovery_redirect_url: REDIRECT }, { email: uniqueEmail("slack"), tenant: "T0TENANT" });
  const fromSlack = await stytch.oauth.discovery.authenticate({ discovery_oauth_token: stytch.parseAuthenticateUrl(slackLocation).token });
  const eligible = fromSlack.discovered_organizations.find((o) => o.organization.organization_slug === slug);
  assert.equal(eligible.membership.type, "eligible_to_join_by_oauth_tenant");
  assert.deepEqual(eligible.membership.details, { provider: "slack", tenant: "T0TENANT" });
  const inside = await stytch.discovery.intermediateSessions.exchange({ organization_id: tenanted.organization_id, session_duration_minutes: 30 });
  assert.equal(inside.member_authenticated, true, "no email verification for a tenant join");
  page.close();
});

/**
 * A page where Google's One Tap script is "already loaded": the emulator's stand-in runs in it,
 * under the `<script src>` tag the official SDK looks for, so the SDK uses it instead of Google's.
 */
async function pageWithSimulatedGoogle(api) {
  const page = openPage(undefined, { runScripts: "outside-only" });
  const script = await (await fetch(`${api}/emulator/google/gsi/client`)).text();
  page.dom.window.eval(script);
  const tag = document.createElement("script");
  tag.setAttribute("src", "https://accounts.google.com/gsi/client");
  tag.dataset.loaded = "true";
  document.head.appendChild(tag);
  return page;
}

/** The URL the official SDK's One Tap sends the browser to, its navigation captured. */
function oneTapRedirect(stytch) {
  return new Promise((resolve) => { stytch.oauth._oneTap.redirectOnSuccess = resolve; });
}

/** Waits (polling, never blindly) for an element of the stand-in's prompt. */
async function promptElement(selector) {
  for (let i = 0; i < 500; i++) {
    const found = document.querySelector(`[data-emulated-one-tap] ${selector}`);
    if (found) return found;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`no ${selector} in the One Tap prompt`);
}

test("Google One Tap: the official SDK's googleOneTap runs the emulator's stand-in for Google and signs in", async () => {
  const page = await pageWithSimulatedGoogle(emulator.url);
  const stytch = officialClient(PUBLIC_TOKEN, emulator.url);
  const { organization: acme } = await stytch.organization.getBySlug({ organization_slug: "acme" });

  // Organization-scoped: a known identity, one click.
  let arrived = oneTapRedirect(stytch);
  const shown = await stytch.oauth.googleOneTap.start({ organization_id: acme.organization_id, login_redirect_url: REDIRECT, signup_redirect_url: REDIRECT });
  assert.deepEqual(shown, { success: true }, "the prompt displayed");
  const ada = [...document.querySelectorAll("[data-emulated-one-tap] button")].find((b) => b.textContent === "Continue as ada@example.com");
  assert.ok(ada, "known identities are offered");
  ada.click();
  const location = await arrived;
  const parsed = stytch.parseAuthenticateUrl(location);
  assert.deepEqual({ type: parsed.tokenType, handled: parsed.handled }, { type: "oauth", handled: true });
  const signedIn = await stytch.authenticateByUrl({ session_duration_minutes: 30 }, location);
  assert.equal(signedIn.data.member.email_address, "ada@example.com");
  assert.equal(signedIn.data.organization.organization_id, acme.organization_id);
  assert.equal(signedIn.data.provider_type, "Google");
  assert.ok(signedIn.data.provider_values.id_token, "the credential stands for the ID token");
  assert.equal(signedIn.data.provider_values.access_token, "", "One Tap issues no access token");
  assert.equal(stytch.session.getInfo().session.member_id, signedIn.data.member.member_id);
  assert.equal(document.querySelector("[data-emulated-one-tap]"), null, "the prompt closed");

  // Discovery: another account, typed into the prompt.
  const email = uniqueEmail("onetap");
  arrived = oneTapRedirect(stytch);
  assert.deepEqual(await stytch.oauth.googleOneTap.discovery.start({ discovery_redirect_url: REDIRECT }), { success: true });
  (await promptElement("#emulated-one-tap-email")).value = email;
  (await promptElement("button[type=submit]")).click();
  const discovery = stytch.parseAuthenticateUrl(await arrived);
  assert.equal(discovery.tokenType, "discovery_oauth");
  const discovered = await stytch.oauth.discovery.authenticate({ discovery_oauth_token: discovery.token });
  assert.equal(discovered.email_address, email);
  assert.deepEqual(discovered.discovered_organizations, []);
  page.close();

  // A project without a Google client ID: the official SDK gives up before showing anything.
  const off = await startEmulator(["--seed", "none", "--google-client-id", ""]);
  try {
    const offPage = await pageWithSimulatedGoogle(off.url);
    const offClient = officialClient(PUBLIC_TOKEN, off.url);
    await assert.rejects(offClient.oauth.googleOneTap.discovery.start({}), /oauth_config_not_found/);
    assert.equal(document.querySelector("[data-emulated-one-tap]"), null);
    offPage.close();
  } finally {
    await off.stop();
  }
});

/** The official SDK's `sso.start` URL (its navigation captured), the identity provider's page, and the redirect it answers with. */
async function simulatedSso(stytch, connection_id, identity, api = emulator.url) {
  let started;
  stytch.sso.navigate = (url) => { started = url.toString(); };
  await stytch.sso.start({ connection_id, login_redirect_url: REDIRECT, signup_redirect_url: REDIRECT });
  assert.ok(started.startsWith(`${api}/v1/public/sso/start?`), started);
  const page = await fetch(started);
  assert.equal(page.status, 200, await page.text());
  const form = new URLSearchParams({ ...Object.fromEntries(new URL(started).searchParams), ...identity });
  const signedIn = await fetch(`${api}/v1/public/sso/idp`, { method: "POST", body: form, redirect: "manual" });
  assert.equal(signedIn.status, 303, await signedIn.text());
  return { location: signedIn.headers.get("location"), started };
}

test("SSO: the backend client sets up connections, the official SDK signs in through them", async () => {
  const backend = new (require("stytch").B2BClient)({ project_id: PROJECT_ID, secret: SECRET, env: `${emulator.url}/` });
  const slug = `sso-${Date.now().toString(36)}`;
  const { organization } = await backend.organizations.create({
    organization_name: "SSO Co", organization_slug: slug, auth_methods: "RESTRICTED", allowed_auth_methods: ["sso"],
  });
  const organization_id = organization.organization_id;
  const { connection: saml } = await backend.sso.saml.createConnection({ organization_id, display_name: "SSO Co Okta", identity_provider: "okta" });
  assert.equal(saml.status, "pending");
  assert.ok(saml.acs_url.endsWith(saml.connection_id));
  const { connection: active } = await backend.sso.saml.updateConnection({
    organization_id, connection_id: saml.connection_id, idp_entity_id: "http://idp.example/sso-co",
    idp_sso_url: "https://idp.example/sso-co/saml", x509_certificate: "-----BEGIN CERTIFICATE-----\nc3NvLWNv\n-----END CERTIFICATE-----",
    attribute_mapping: { email: "email", groups: "groups" },
    saml_group_implicit_role_assignments: [{ role_id: "editor", group: "Writers" }],
  });
  assert.equal(active.status, "active");
  assert.deepEqual(active.saml_group_implicit_role_assignments, [{ role_id: "editor", group: "Writers" }]);
  assert.equal(active.verification_certificates.length, 1);
  const { connection: oidc } = await backend.sso.oidc.createConnection({ organization_id, display_name: "SSO Co Entra" });
  const listed = await backend.sso.getConnections({ organization_id });
  assert.deepEqual(listed.saml_connections.map((c) => c.status), ["active"]);
  assert.deepEqual(listed.oidc_connections.map((c) => c.connection_id), [oidc.connection_id]);
  const { organization: withSso } = await backend.organizations.get({ organization_id });
  assert.deepEqual(withSso.sso_active_connections, [{ connection_id: saml.connection_id, display_name: "SSO Co Okta", identity_provider: "okta" }]);
  assert.equal(withSso.sso_default_connection_id, saml.connection_id);
  assert.equal((await backend.sso.deleteConnection({ organization_id, connection_id: oidc.connection_id })).connection_id, oidc.connection_id);

  // A newcomer joins through the official SDK's start URL; authenticateByUrl finishes it.
  const page = openPage();
  const stytch = officialClient(PUBLIC_TOKEN, emulator.url);
  const email = uniqueEmail("sso");
  const { location } = await simulatedSso(stytch, saml.connection_id, { email, name: "Sso Newcomer", groups: "Writers" });
  const parsed = stytch.parseAuthenticateUrl(location);
  assert.deepEqual({ type: parsed.tokenType, handled: parsed.handled }, { type: "sso", handled: true });
  const result = await stytch.authenticateByUrl({ session_duration_minutes: 30 }, location);
  assert.equal(result.handled, true);
  const joined = result.data;
  assert.equal(joined.member_authenticated, true, "SSO needs no email step-up");
  assert.equal(joined.member.name, "Sso Newcomer");
  assert.equal(joined.reset_session, false);
  assert.equal(joined.member.sso_registrations[0].connection_id, saml.connection_id);
  const [factor] = stytch.session.getSync().authentication_factors;
  assert.deepEqual([factor.type, factor.delivery_method, factor.saml_sso_factor.provider_id], ["sso", "sso_saml", saml.connection_id]);
  // In the identity provider's Writers group: editor, through the connection's group assignment.
  assert.deepEqual(joined.member_session.roles, ["stytch_member", "editor"]);
  assert.deepEqual(joined.member.roles.find((r) => r.role_id === "editor").sources, [
    { type: "sso_connection_group", details: { connection_id: saml.connection_id, group: "Writers" } },
  ]);
  assert.equal(await stytch.rbac.isAuthorized("documents", "write"), true);
  assert.equal(page.cookies().stytch_session, joined.session_token);
  await assert.rejects(stytch.sso.authenticate({ sso_token: parsed.token, session_duration_minutes: 30 }), (e) => e.error_type === "sso_token_not_found");

  // The backend verifies the session and sees the factor; a plain member may not read the
  // connections, an admin may.
  const verified = await backend.sessions.authenticate({ session_token: joined.session_token });
  assert.equal(verified.member_session.authentication_factors[0].delivery_method, "sso_saml");
  await assert.rejects(stytch.sso.getConnections(), (e) => e.error_type === "session_authorization_error");
  const adminEmail = uniqueEmail("sso-admin");
  await backend.organizations.members.create({ organization_id, email_address: adminEmail, roles: ["stytch_admin"] });
  const { location: adminLocation } = await simulatedSso(stytch, saml.connection_id, { email: adminEmail });
  assert.ok(adminLocation.startsWith(`${REDIRECT}?stytch_token_type=sso`), "a member returns to the login URL");
  const admin = await stytch.sso.authenticate({ sso_token: stytch.parseAuthenticateUrl(adminLocation).token, session_duration_minutes: 30 });
  assert.equal(admin.member.email_address, adminEmail);
  const fromSdk = await stytch.sso.getConnections();
  assert.deepEqual(fromSdk.saml_connections.map((c) => c.connection_id), [saml.connection_id]);
  const discovered = await stytch.sso.discoverConnections(email);
  assert.deepEqual(discovered.connections.map((c) => c.display_name), ["SSO Co Okta"]);

  // Rotating the identity provider's key: the admin's SDK adds the new certificate beside the
  // old and deletes the old; the backend client may not delete the last.
  const [oldCertificate] = active.verification_certificates;
  const { connection: rotating } = await stytch.sso.saml.updateConnection({
    connection_id: saml.connection_id, x509_certificate: "-----BEGIN CERTIFICATE-----\nbmV3LWtleQ==\n-----END CERTIFICATE-----",
  });
  assert.equal(rotating.verification_certificates.length, 2);
  const removed = await stytch.sso.saml.deleteVerificationCertificate({ connection_id: saml.connection_id, certificate_id: oldCertificate.certificate_id });
  assert.equal(removed.certificate_id, oldCertificate.certificate_id);
  const [kept] = (await stytch.sso.getConnections()).saml_connections[0].verification_certificates;
  assert.equal(kept.certificate_id, rotating.verification_certificates[1].certificate_id);
  await assert.rejects(
    backend.sso.saml.deleteVerificationCertificate({ organization_id, connection_id: saml.connection_id, certificate_id: kept.certificate_id }),
    (e) => e.error_type === "cannot_delete_last_sso_verification_key" && e.status_code === 400,
  );

  // An encryption key for the identity provider's encrypted assertions: added by the admin's
  // SDK, shown masked, deleted by it; the backend client finds no such key afterwards.
  const privateKey = "-----BEGIN PRIVATE KEY-----\nTUlJRXZRSUJBREFOQmdrcWhraUc5dzBC\n-----END PRIVATE KEY-----";
  const { connection: encrypting } = await stytch.sso.saml.updateConnection({ connection_id: saml.connection_id, saml_encryption_private_key: privateKey });
  const [encryptionKey] = encrypting.encryption_private_keys;
  assert.ok(!encryptionKey.private_key.includes("TUlJRXZRSUJBREFOQmdrcWhraUc5dzBC"), encryptionKey.private_key);
  const dropped = await stytch.sso.saml.deleteEncryptionPrivateKey({ connection_id: saml.connection_id, private_key_id: encryptionKey.private_key_id });
  assert.equal(dropped.private_key_id, encryptionKey.private_key_id);
  await assert.rejects(
    backend.sso.saml.deleteEncryptionPrivateKey({ organization_id, connection_id: saml.connection_id, private_key_id: encryptionKey.private_key_id }),
    (e) => e.error_type === "sso_encryption_private_key_not_found" && e.status_code === 404,
  );

  // A second identity provider configured from its metadata URL: the admin's SDK
  // (`updateConnectionByURL`) and the backend client (`updateByURL`) read the same document.
  const metadata = `<EntityDescriptor xmlns="urn:oasis:names:tc:SAML:2.0:metadata" entityID="https://sts.windows.net/sso-co/">
    <IDPSSODescriptor><KeyDescriptor use="signing"><KeyInfo><X509Data><X509Certificate>TUlJRQ==</X509Certificate></X509Data></KeyInfo></KeyDescriptor>
    <SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://login.microsoftonline.com/sso-co/saml2"/></IDPSSODescriptor></EntityDescriptor>`;
  const server = createServer((_, response) => response.end(metadata));
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const metadataUrl = `http://127.0.0.1:${server.address().port}/metadata`;
  try {
    const { connection: entra } = await stytch.sso.saml.createConnection({ display_name: "SSO Co Entra", identity_provider: "microsoft-entra" });
    const { connection: fromUrl } = await stytch.sso.saml.updateConnectionByURL({ connection_id: entra.connection_id, metadata_url: metadataUrl });
    assert.deepEqual([fromUrl.idp_entity_id, fromUrl.idp_sso_url, fromUrl.status],
      ["https://sts.windows.net/sso-co/", "https://login.microsoftonline.com/sso-co/saml2", "active"]);
    const { connection: again } = await backend.sso.saml.updateByURL({ organization_id, connection_id: entra.connection_id, metadata_url: metadataUrl });
    assert.equal(again.verification_certificates.length, 1, "the same certificate is not added twice");
    await assert.rejects(stytch.sso.saml.updateConnectionByURL({ connection_id: entra.connection_id, metadata_url: "http://127.0.0.1:9/metadata" }),
      (e) => e.error_type === "invalid_saml_metadata_url" && e.status_code === 400);
    await stytch.sso.deleteConnection(entra.connection_id);
  } finally {
    server.close();
  }

  // The backend client authenticates a token too; JIT closed to the connection refuses strangers.
  await backend.organizations.update({ organization_id, sso_jit_provisioning: "NOT_ALLOWED" });
  const { location: stranger } = await simulatedSso(stytch, saml.connection_id, { email: uniqueEmail("stranger") });
  await assert.rejects(
    backend.sso.authenticate({ sso_token: stytch.parseAuthenticateUrl(stranger).token }),
    (e) => e.error_type === "invalid_connection_for_jit_provisioning" && e.status_code === 403,
  );
  const { location: again } = await simulatedSso(stytch, saml.connection_id, { email });
  const byBackend = await backend.sso.authenticate({ sso_token: stytch.parseAuthenticateUrl(again).token, session_duration_minutes: 30 });
  assert.equal(byBackend.member_id, joined.member_id, "an existing member still signs in");
  page.close();
});

test("External SSO connections: the official clients set one up, the official SDK signs in through it", async () => {
  const backend = new (require("stytch").B2BClient)({ project_id: PROJECT_ID, secret: SECRET, env: `${emulator.url}/` });
  // The managed service provider's organization and its active Okta connection.
  const { organization: msp } = await backend.organizations.create({ organization_name: "MSP", organization_slug: `msp-${Date.now().toString(36)}` });
  const { connection: okta } = await backend.sso.saml.createConnection({ organization_id: msp.organization_id, display_name: "MSP Okta", identity_provider: "okta" });
  await backend.sso.saml.updateConnection({
    organization_id: msp.organization_id, connection_id: okta.connection_id, idp_entity_id: "http://idp.example/msp",
    idp_sso_url: "https://idp.example/msp/saml", x509_certificate: "-----BEGIN CERTIFICATE-----\nbXNw\n-----END CERTIFICATE-----",
    attribute_mapping: { email: "email", groups: "groups" },
  });

  // A customer's admin adds it to their organization with the official SDK.
  let page = openPage();
  let stytch = officialClient(PUBLIC_TOKEN, emulator.url);
  await discover(stytch, uniqueEmail("customer-admin"));
  const { organization: customer } = await stytch.discovery.organizations.create({
    organization_name: "Customer", organization_slug: `customer-${Date.now().toString(36)}`, session_duration_minutes: 60,
  });
  await assert.rejects(
    stytch.sso.external.createConnection({ external_organization_id: customer.organization_id, external_connection_id: okta.connection_id }),
    (e) => e.error_type === "external_organization_id_same_as_organization_id" && e.status_code === 400,
  );
  const { connection: external } = await stytch.sso.external.createConnection({
    display_name: "MSP staff", external_organization_id: msp.organization_id, external_connection_id: okta.connection_id,
  });
  assert.equal(external.status, "active");
  assert.ok(external.connection_id.startsWith("external-connection-test-"), external.connection_id);
  const { connection: withRoles } = await stytch.sso.external.updateConnection({
    connection_id: external.connection_id, external_group_implicit_role_assignments: [{ role_id: "stytch_admin", group: "Tier 2" }],
  });
  assert.deepEqual(withRoles.external_group_implicit_role_assignments, [{ role_id: "stytch_admin", group: "Tier 2" }]);
  const listed = await stytch.sso.getConnections();
  assert.deepEqual(listed.external_connections.map((c) => [c.connection_id, c.external_connection_id]), [[external.connection_id, okta.connection_id]]);
  page.close();

  // The backend client sees it, renames it, and may not add the same connection twice.
  await assert.rejects(
    backend.sso.external.createConnection({ organization_id: customer.organization_id, external_organization_id: msp.organization_id, external_connection_id: okta.connection_id }),
    (e) => e.error_type === "duplicate_external_sso_connection",
  );
  const { connection: renamed } = await backend.sso.external.updateConnection({
    organization_id: customer.organization_id, connection_id: external.connection_id, display_name: "Acme MSP",
  });
  assert.equal(renamed.display_name, "Acme MSP");
  const { organization: offered } = await backend.organizations.get({ organization_id: customer.organization_id });
  assert.deepEqual(offered.sso_active_connections, [{ connection_id: external.connection_id, display_name: "Acme MSP", identity_provider: "okta" }]);

  // MSP staff sign in to the customer through it with the official SDK.
  page = openPage();
  stytch = officialClient(PUBLIC_TOKEN, emulator.url);
  const email = uniqueEmail("msp-staff");
  const { location } = await simulatedSso(stytch, external.connection_id, { email, groups: "Tier 2" });
  const { data: joined } = await stytch.authenticateByUrl({ session_duration_minutes: 30 }, location);
  assert.equal(joined.organization.organization_id, customer.organization_id);
  assert.equal(joined.member.sso_registrations[0].connection_id, external.connection_id);
  const [factor] = stytch.session.getSync().authentication_factors;
  assert.deepEqual([factor.delivery_method, factor.saml_sso_factor.provider_id], ["sso_saml", external.connection_id]);
  assert.deepEqual(joined.member_session.roles, ["stytch_member", "stytch_admin"]);
  const verified = await backend.sessions.authenticate({ session_token: joined.session_token });
  assert.equal(verified.member.member_id, joined.member_id);
  page.close();
});

test("Connected Apps: npm stytch registers apps, the official SDK's consent calls authorize them, and npm stytch verifies their tokens", async () => {
  const backend = new (require("stytch").B2BClient)({ project_id: PROJECT_ID, secret: SECRET, env: `${emulator.url}/` });
  const CALLBACK = "http://127.0.0.1:8976/callback";
  const { connected_app: cli } = await backend.connectedApp.clients.create({
    client_type: "third_party", client_name: "Acme CLI", redirect_urls: [CALLBACK],
    access_token_template_content: '{"who": {{ member.email_address }}}',
    access_token_custom_audience: "https://api.acme.example",
  });
  assert.ok(cli.client_secret, "a confidential app's secret, shown once");
  assert.equal(cli.access_token_custom_audience, "https://api.acme.example");
  /** The token endpoint, as an OAuth client calls it (a form). */
  const tokenEndpoint = async (form) => {
    const response = await fetch(`${emulator.url}/v1/public/${PROJECT_ID}/oauth2/token`, { method: "POST", body: new URLSearchParams(form) });
    return { status: response.status, body: await response.json() };
  };

  // A member on the app's consent page, signed in with the official SDK.
  let page = openPage();
  let stytch = officialClient(PUBLIC_TOKEN, emulator.url);
  await discover(stytch, uniqueEmail("consenting"));
  const { organization, member } = await stytch.discovery.organizations.create({
    organization_name: "Consent Co", organization_slug: `consent-${Date.now().toString(36)}`, session_duration_minutes: 60,
  });
  const request = { client_id: cli.client_id, redirect_uri: CALLBACK, response_type: "code", scopes: ["openid", "email", "offline_access"] };
  const check = await stytch.idp.oauthAuthorizeStart(request);
  assert.equal(check.consent_required, true);
  assert.equal(check.client.client_name, "Acme CLI");
  assert.deepEqual(check.scope_results.map((s) => [s.scope, s.is_grantable]), [["openid", true], ["email", true], ["offline_access", true]]);
  await assert.rejects(stytch.idp.oauthAuthorizeStart({ ...request, redirect_uri: "https://evil.example/cb" }),
    (e) => e.error_type === "connected_app_supplied_redirect_url_not_found_in_client");
  const verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
  const challenge = createHash("sha256").update(verifier).digest("base64url");
  const submitted = await stytch.idp.oauthAuthorizeSubmit({ ...request, consent_granted: true, state: "s-1", code_challenge: challenge });
  const redirect = new URL(submitted.redirect_uri);
  assert.equal(redirect.searchParams.get("state"), "s-1");
  const code = redirect.searchParams.get("code");
  assert.equal(code, submitted.authorization_code);

  // The app redeems the code; npm stytch checks its access token locally and over the network.
  const wrong = await tokenEndpoint({ grant_type: "authorization_code", client_id: cli.client_id, client_secret: cli.client_secret, code, code_verifier: "not-the-verifier-at-all-not-the-verifier-at-all" });
  assert.deepEqual([wrong.status, wrong.body.error_type, wrong.body.error], [400, "pkce_mismatch", "invalid_grant"]);
  const { status, body: tokens } = await tokenEndpoint({ grant_type: "authorization_code", client_id: cli.client_id, client_secret: cli.client_secret, code, code_verifier: verifier });
  assert.equal(status, 200, JSON.stringify(tokens));
  assert.equal(tokens.scope, "openid email offline_access");
  // npm stytch checks times against the clock it is given; earlier tests may have moved the emulator's.
  const { offset_seconds } = await emulatorApi(emulator.url, "GET", "/clock");
  const local = await backend.idp.introspectTokenLocal(tokens.access_token, { current_date: new Date(Date.now() + offset_seconds * 1000) });
  assert.deepEqual([local.subject, local.scope, local.organization.organization_id], [member.member_id, "openid email offline_access", organization.organization_id]);
  assert.equal(local.custom_claims.who, member.email_address, "the app's access token template");
  assert.deepEqual(local.audience, [PROJECT_ID, "https://api.acme.example"], "the app's custom audience beside the project's, which npm stytch checks");
  const network = await backend.idp.introspectTokenNetwork({ token: tokens.access_token, client_id: cli.client_id, client_secret: cli.client_secret });
  assert.equal(network.subject, member.member_id);

  // The member, their organization and the backend see the app; revoking it stops its tokens.
  assert.deepEqual((await stytch.self.getConnectedApps()).connected_apps.map((a) => [a.connected_app_id, a.scopes_granted]), [[cli.client_id, "openid email offline_access"]]);
  assert.deepEqual((await stytch.organization.getConnectedApps()).connected_apps.map((a) => a.name), ["Acme CLI"]);
  assert.deepEqual((await backend.organizations.connectedApps({ organization_id: organization.organization_id })).connected_apps.map((a) => a.connected_app_id), [cli.client_id]);
  const { connected_apps: theirs } = await backend.organizations.members.getConnectedApps({ organization_id: organization.organization_id, member_id: member.member_id });
  assert.equal(theirs[0].scopes_granted, "openid email offline_access");
  await backend.organizations.members.connectedApps.revoke({ organization_id: organization.organization_id, member_id: member.member_id, connected_app_id: cli.client_id });
  await assert.rejects(backend.idp.introspectTokenNetwork({ token: tokens.access_token, client_id: cli.client_id, client_secret: cli.client_secret }),
    (e) => e.code === "token_invalid" && /not active/.test(e.message));
  const refreshed = await tokenEndpoint({ grant_type: "refresh_token", client_id: cli.client_id, client_secret: cli.client_secret, refresh_token: tokens.refresh_token });
  assert.equal(refreshed.status, 400, JSON.stringify(refreshed.body));
  assert.deepEqual((await stytch.self.getConnectedApps()).connected_apps, []);

  // A first-party desktop app with full access hands its member to the web app: the official
  // SDK's session.exchangeAccessToken signs them in, once.
  const { connected_app: desktop } = await backend.connectedApp.clients.create({
    client_type: "first_party", client_name: "Desktop", redirect_urls: [CALLBACK], full_access_allowed: true,
  });
  const full = { client_id: desktop.client_id, redirect_uri: CALLBACK, response_type: "code", scopes: ["openid", "full_access"] };
  assert.equal((await stytch.idp.oauthAuthorizeStart(full)).consent_required, false, "first-party apps ask no consent");
  const { authorization_code } = await stytch.idp.oauthAuthorizeSubmit({ ...full, consent_granted: true });
  const { body: desktopTokens } = await tokenEndpoint({ grant_type: "authorization_code", client_id: desktop.client_id, client_secret: desktop.client_secret, code: authorization_code });
  page.close();
  page = openPage();
  stytch = officialClient(PUBLIC_TOKEN, emulator.url);
  const exchanged = await stytch.session.exchangeAccessToken({ access_token: desktopTokens.access_token, session_duration_minutes: 30 });
  assert.equal(exchanged.member_id, member.member_id);
  assert.equal(stytch.session.getSync().member_session_id, exchanged.member_session.member_session_id);
  assert.equal(page.cookies().stytch_session, exchanged.session_token);
  await assert.rejects(stytch.session.exchangeAccessToken({ access_token: desktopTokens.access_token, session_duration_minutes: 30 }),
    (e) => e.error_type === "idp_access_token_could_not_be_exchanged");

  // The CLI's secret rotates through npm stytch without downtime, and its logout request with
  // the ID token it holds for this member needs no confirmation in the official SDK.
  const { connected_app: rotating } = await backend.connectedApp.clients.secrets.rotateStart({ client_id: cli.client_id });
  assert.notEqual(rotating.next_client_secret, cli.client_secret);
  await assert.rejects(backend.connectedApp.clients.secrets.rotateStart({ client_id: cli.client_id }), (e) => e.error_type === "connected_app_already_rotating_secret");
  const { connected_app: rotated } = await backend.connectedApp.clients.secrets.rotate({ client_id: cli.client_id });
  assert.equal(rotated.client_secret_last_four, rotating.next_client_secret.slice(-4));
  await backend.connectedApp.clients.update({ client_id: cli.client_id, post_logout_redirect_urls: ["https://cli.example/signed-out"] });
  const logout = await stytch.idp.oauthLogoutStart({ client_id: cli.client_id, post_logout_redirect_uri: "https://cli.example/signed-out", state: "bye", id_token_hint: tokens.id_token });
  assert.deepEqual([logout.consent_required, logout.redirect_uri], [false, "https://cli.example/signed-out?state=bye"]);
  assert.equal((await stytch.idp.oauthLogoutStart({ client_id: cli.client_id, post_logout_redirect_uri: "https://cli.example/signed-out", state: "bye" })).consent_required, true);
  page.close();
});

test("PKCE required: the official SDK binds its links and SSO redirects to its own verifier", async () => {
  const pkce = await startEmulator(["--seed", "demo", "--require-pkce", "--redirect-url", REDIRECT]);
  const page = openPage();
  const stytch = officialClient(PUBLIC_TOKEN, pkce.url);
  // The SDK binds its storage to the first page's localStorage when it loads, so its pairs
  // are read (and, should this test fail, removed) through its own data layer.
  const pair = (ns) => JSON.parse(stytch._dataLayer.getItem(`PKCE_VERIFIER:${ns}`));
  try {
    await stytch.magicLinks.email.discovery.send({ email_address: "ada@example.com", discovery_redirect_url: REDIRECT });
    assert.ok(pair("magic_links").code_challenge, "the SDK read the bootstrap setting and kept a pair");
    const { token } = await latestMessage(pkce.url, "ada@example.com");

    // Another browser holds no verifier.
    const elsewhere = await fetch(`${pkce.url}/sdk/v1/b2b/magic_links/discovery/authenticate`, {
      method: "POST",
      headers: { authorization: `Basic ${btoa(`${PUBLIC_TOKEN}:${PUBLIC_TOKEN}`)}`, "content-type": "application/json" },
      body: JSON.stringify({ discovery_magic_links_token: token }),
    });
    assert.equal(elsewhere.status, 400);
    assert.equal((await elsewhere.json()).error_type, "pkce_expected_code_verifier");

    const discovered = await stytch.magicLinks.discovery.authenticate({ discovery_magic_links_token: token });
    assert.ok(discovered.discovered_organizations.some((o) => o.organization.organization_slug === "acme"));
    assert.equal(pair("magic_links"), null, "the SDK clears the used pair");

    const [connection] = (await stytch.sso.discoverConnections("miles@cyberdyne.example")).connections;
    const { location, started } = await simulatedSso(stytch, connection.connection_id, { email: "miles@cyberdyne.example" }, pkce.url);
    assert.equal(new URL(started).searchParams.get("pkce_code_challenge"), pair("sso").code_challenge);
    const signedIn = await stytch.authenticateByUrl({ session_duration_minutes: 30 }, location);
    assert.equal(signedIn.data.member.email_address, "miles@cyberdyne.example");
    assert.equal(pair("sso"), null);
    await stytch.session.revoke();
  } finally {
    for (const ns of ["magic_links", "sso"]) stytch._dataLayer.removeItem(`PKCE_VERIFIER:${ns}`);
    page.close();
    await pkce.stop();
  }
});

test("invitations: the backend client invites, the SDK's link activates, a plain member's SDK invite is refused", async () => {
  const backend = new (require("stytch").B2BClient)({ project_id: PROJECT_ID, secret: SECRET, env: `${emulator.url}/` });
  const slug = `invites-${Date.now().toString(36)}`;
  const { organization } = await backend.organizations.create({ organization_name: "Invite Co", organization_slug: slug });
  const email = uniqueEmail("invited");
  const invited = await backend.magicLinks.email.invite({ organization_id: organization.organization_id, email_address: email, name: "Invitee" });
  assert.equal(invited.member.status, "invited");
  assert.equal(invited.member.name, "Invitee");

  const page = openPage();
  const stytch = officialClient(PUBLIC_TOKEN, emulator.url);
  const link = await latestMessage(emulator.url, email);
  assert.equal(stytch.parseAuthenticateUrl(link.link).tokenType, "multi_tenant_magic_links");
  const joined = await stytch.magicLinks.authenticate({ magic_links_token: link.token, session_duration_minutes: 30 });
  assert.equal(joined.member.status, "active");
  assert.equal(joined.organization.organization_id, organization.organization_id);
  await assert.rejects(
    stytch.magicLinks.email.invite({ email_address: uniqueEmail("friend") }),
    (e) => e.error_type === "session_authorization_error",
  );
  await assert.rejects(
    backend.magicLinks.email.invite({ organization_id: organization.organization_id, email_address: email }),
    (e) => e.error_type === "duplicate_member_email",
  );
  page.close();
});

test("signed in, the official SDK's next login to the same organization steps its session up", async () => {
  const backend = new (require("stytch").B2BClient)({ project_id: PROJECT_ID, secret: SECRET, env: `${emulator.url}/` });
  const slug = `stepup-${Date.now().toString(36)}`;
  const { organization } = await backend.organizations.create({ organization_name: "Step-up Co", organization_slug: slug });
  const email = uniqueEmail("stepup");
  const { member } = await backend.organizations.members.create({ organization_id: organization.organization_id, email_address: email });
  const page = openPage();
  const stytch = officialClient(PUBLIC_TOKEN, emulator.url);
  const first = await exchangeInto(stytch, email, organization.organization_id);
  assert.equal(first.member_authenticated, true);

  // The SDK sends its session in its Basic credentials with every call.
  await stytch.magicLinks.email.loginOrSignup({ email_address: email, organization_id: organization.organization_id, login_redirect_url: REDIRECT, signup_redirect_url: REDIRECT });
  const link = await latestMessage(emulator.url, email, { after: (await messages(emulator.url, email)).length - 1 });
  const again = await stytch.magicLinks.authenticate({ magic_links_token: link.token, session_duration_minutes: 60 });
  assert.equal(again.member_session.member_session_id, first.member_session.member_session_id);
  assert.equal(again.member_session.authentication_factors.length, 2);
  assert.equal(stytch.session.getSync().member_session_id, first.member_session.member_session_id);
  const { member_sessions } = await backend.sessions.get({ organization_id: organization.organization_id, member_id: member.member_id });
  assert.equal(member_sessions.length, 1);
  page.close();
});

test("the official SDK's member search: an admin searches its own organization, a plain member is refused", async () => {
  const backend = new (require("stytch").B2BClient)({ project_id: PROJECT_ID, secret: SECRET, env: `${emulator.url}/` });
  const make = async (name) =>
    (await backend.organizations.create({ organization_name: name, organization_slug: `${name.toLowerCase()}-${Date.now().toString(36)}` })).organization;
  const organization = await make("Search");
  const elsewhere = await make("Elsewhere");
  const add = async (org, prefix, roles) =>
    (await backend.organizations.members.create({ organization_id: org.organization_id, email_address: uniqueEmail(prefix), roles })).member;
  const admin = await add(organization, "admin", ["stytch_admin"]);
  const plain = await add(organization, "plain");
  await add(elsewhere, "plain");

  const page = openPage();
  const stytch = officialClient(PUBLIC_TOKEN, emulator.url);
  await exchangeInto(stytch, admin.email_address, organization.organization_id);
  const everyone = await stytch.organization.members.search({});
  assert.deepEqual(everyone.members.map((m) => m.member_id), [admin.member_id, plain.member_id], "the session's organization only");
  assert.equal(everyone.results_metadata.total, 2);
  assert.deepEqual(Object.keys(everyone.organizations), [organization.organization_id]);
  const found = await stytch.organization.members.search({
    query: { operator: "AND", operands: [{ filter_name: "member_email_fuzzy", filter_value: "PLAIN-" }] },
  });
  assert.deepEqual(found.members.map((m) => m.email_address), [plain.email_address]);
  await stytch.session.revoke();
  page.close();

  const second = openPage();
  const member = officialClient(PUBLIC_TOKEN, emulator.url);
  await exchangeInto(member, plain.email_address, organization.organization_id);
  await assert.rejects(member.organization.members.search({}), (e) => e.error_type === "session_authorization_error" && e.status_code === 403);
  await member.session.revoke();
  second.close();
});

test("the official SDK manages members and its organization, each change held to the member's roles", async () => {
  const backend = new (require("stytch").B2BClient)({ project_id: PROJECT_ID, secret: SECRET, env: `${emulator.url}/` });
  const { organization } = await backend.organizations.create({ organization_name: "Managed", organization_slug: `managed-${Date.now().toString(36)}` });
  const add = async (prefix, roles) =>
    (await backend.organizations.members.create({ organization_id: organization.organization_id, email_address: uniqueEmail(prefix), roles })).member;
  const admin = await add("admin", ["stytch_admin"]);
  const plain = await add("plain");

  const page = openPage();
  const stytch = officialClient(PUBLIC_TOKEN, emulator.url);
  await exchangeInto(stytch, admin.email_address, organization.organization_id);
  const renamed = await stytch.organization.members.update({ member_id: plain.member_id, name: "Plain Person", is_breakglass: true });
  assert.equal(renamed.member.name, "Plain Person");
  assert.equal(renamed.member.is_breakglass, true);
  const created = await stytch.organization.members.create({ email_address: uniqueEmail("created"), name: "Newcomer" });
  assert.equal(created.member.status, "active");
  const deleted = await stytch.organization.members.delete(created.member.member_id);
  assert.equal(deleted.member.status, "deleted");
  assert.equal((await stytch.organization.members.reactivate(created.member.member_id)).member.status, "active");
  const updated = await stytch.organization.update({ organization_name: "Managed Co" });
  assert.equal(updated.organization.organization_name, "Managed Co");
  assert.equal(stytch.organization.getSync().organization_name, "Managed Co", "the SDK caches the answer");
  await stytch.session.revoke();
  page.close();

  const second = openPage();
  const member = officialClient(PUBLIC_TOKEN, emulator.url);
  await exchangeInto(member, plain.email_address, organization.organization_id);
  const me = await member.self.update({ name: "Just Me" });
  assert.equal(me.member.name, "Just Me", "stytch_member holds every stytch.self action");
  assert.equal(member.self.getSync().name, "Just Me");
  const refused = (e) => e.error_type === "session_authorization_error" && e.status_code === 403;
  await assert.rejects(member.organization.members.update({ member_id: plain.member_id, roles: ["stytch_admin"] }), refused, "no self-promotion");
  await assert.rejects(member.organization.members.update({ member_id: admin.member_id, name: "Hacked" }), refused);
  await assert.rejects(member.organization.members.delete(admin.member_id), refused);
  await assert.rejects(member.organization.update({ organization_name: "Mine" }), refused);
  // Their own MFA phone is theirs to remove; an admin's is not.
  for (const [who, mfa_phone_number] of [[plain, "+15005550142"], [admin, "+15005550143"]]) {
    await backend.organizations.members.update({ organization_id: organization.organization_id, member_id: who.member_id, mfa_phone_number });
  }
  await member.self.deleteMFAPhoneNumber();
  assert.equal((await member.self.get()).mfa_phone_number, "");
  await assert.rejects(member.organization.members.deleteMFAPhoneNumber(admin.member_id), refused);
  await assert.rejects(member.self.deletePassword("member-password-test-none"), (e) => e.error_type === "member_password_not_found");
  await member.session.revoke();
  second.close();
  const { member: unchanged } = await backend.organizations.members.get({ organization_id: organization.organization_id, member_id: admin.member_id });
  assert.equal(unchanged.name, "");
});

test("the official SDK signs a member out everywhere (revokeForMember), for roles granting revoke-sessions only", async () => {
  const backend = new (require("stytch").B2BClient)({ project_id: PROJECT_ID, secret: SECRET, env: `${emulator.url}/` });
  const make = async (name) =>
    (await backend.organizations.create({ organization_name: name, organization_slug: `${name.toLowerCase()}-${Date.now().toString(36)}` })).organization;
  const organization = await make("Revoking");
  const elsewhere = await make("Untouched");
  const add = async (org, prefix, roles) =>
    (await backend.organizations.members.create({ organization_id: org.organization_id, email_address: uniqueEmail(prefix), roles })).member;
  const admin = await add(organization, "admin", ["stytch_admin"]);
  const plain = await add(organization, "plain");
  const outsider = await add(elsewhere, "outsider", ["stytch_admin"]);
  const refused = (e) => e.error_type === "session_authorization_error" && e.status_code === 403;

  const first = openPage();
  const member = officialClient(PUBLIC_TOKEN, emulator.url);
  await exchangeInto(member, plain.email_address, organization.organization_id);
  const { session_token: plainToken } = member.session.getTokens();
  await assert.rejects(member.session.revokeForMember({ member_id: admin.member_id }), refused, "stytch_member cannot sign others out");
  first.close();

  const second = openPage();
  const stytch = officialClient(PUBLIC_TOKEN, emulator.url);
  await exchangeInto(stytch, admin.email_address, organization.organization_id);
  await stytch.session.revokeForMember({ member_id: plain.member_id });
  await assert.rejects(backend.sessions.authenticate({ session_token: plainToken }), (e) => e.error_type === "session_not_found", "the member's session ended");
  await assert.rejects(
    stytch.session.revokeForMember({ member_id: outsider.member_id }),
    (e) => e.error_type === "member_not_found" && e.status_code === 404,
    "another organization's member is out of reach",
  );
  assert.equal((await stytch.session.authenticate()).member.member_id, admin.member_id, "the admin's own session is untouched");
  await stytch.session.revoke();
  second.close();
});

test("the official SDK changes an organization setting for a role granting only its documented action", async () => {
  const backend = new (require("stytch").B2BClient)({ project_id: PROJECT_ID, secret: SECRET, env: `${emulator.url}/` });
  const { organization } = await backend.organizations.create({ organization_name: "Settings", organization_slug: `settings-${Date.now().toString(36)}` });
  const { organization_id } = organization;
  // The actions as npm `stytch` documents its fields (and the official UI checks them), and a
  // role holding only the old spelling its reserved-action list still gives.
  const role = (role_id, actions) => ({ role_id, description: role_id, permissions: [{ resource_id: "stytch.organization", actions }] });
  await backend.rbac.organizations.setOrgPolicy({
    organization_id,
    org_policy: { roles: [role("mfa-officer", ["update.settings.mfa-policy", "update.settings.allowed-mfa-methods"]), role("old-spelling", ["update.info.mfa_policy"])] },
  });
  const add = async (prefix, roles) => (await backend.organizations.members.create({ organization_id, email_address: uniqueEmail(prefix), roles })).member;
  const officer = await add("officer", ["mfa-officer"]);
  const old = await add("old-spelling", ["old-spelling"]);
  const refused = (action) => (e) => e.error_type === "session_authorization_error" && e.status_code === 403 && e.error_message.includes(action);

  // First the old spelling (before MFA is required, which would stop this sign-in short).
  const first = openPage();
  const member = officialClient(PUBLIC_TOKEN, emulator.url);
  await exchangeInto(member, old.email_address, organization_id);
  await assert.rejects(member.organization.update({ mfa_policy: "REQUIRED_FOR_ALL" }), refused("update.settings.mfa-policy"));
  await member.session.revoke();
  first.close();

  const second = openPage();
  const stytch = officialClient(PUBLIC_TOKEN, emulator.url);
  await exchangeInto(stytch, officer.email_address, organization_id);
  await assert.rejects(stytch.organization.update({ organization_name: "Taken Over" }), refused("update.info.name"));
  await assert.rejects(stytch.organization.update({ auth_methods: "RESTRICTED", allowed_auth_methods: ["sso"] }), refused("update.settings.allowed-auth-methods"));
  const updated = await stytch.organization.update({ mfa_policy: "REQUIRED_FOR_ALL", mfa_methods: "RESTRICTED", allowed_mfa_methods: ["totp"] });
  assert.equal(updated.organization.mfa_policy, "REQUIRED_FOR_ALL");
  assert.deepEqual(updated.organization.allowed_mfa_methods, ["totp"]);
  await stytch.session.revoke();
  second.close();
  const { organization: stored } = await backend.organizations.get({ organization_id });
  assert.equal(stored.mfa_policy, "REQUIRED_FOR_ALL", "only the officer's change was made");
  assert.equal(stored.organization_name, "Settings");
});

test("an emulator restarted from its exported state keeps the official SDK signed in, its JWT included", async () => {
  const { tmpdir } = await import("node:os");
  const { join } = await import("node:path");
  const { rm } = await import("node:fs/promises");
  const file = join(tmpdir(), `stytch-emulator-state-${process.pid}-${Date.now()}.json`);
  const first = await startEmulator(["--seed", "none", "--redirect-url", REDIRECT, "--export-on-exit", file]);
  let second;
  try {
    const page = openPage();
    const stytch = officialClient(PUBLIC_TOKEN, first.url);
    const email = uniqueEmail("restart");
    await stytch.magicLinks.email.discovery.send({ email_address: email, discovery_redirect_url: REDIRECT });
    const link = await latestMessage(first.url, email);
    await stytch.magicLinks.discovery.authenticate({ discovery_magic_links_token: link.token });
    const created = await stytch.discovery.organizations.create({
      organization_name: "Restart Co",
      organization_slug: `restart-${Date.now().toString(36)}`,
      session_duration_minutes: 60,
    });
    await first.stop(); // SIGTERM: the state is written first

    const port = new URL(first.url).port;
    second = await startEmulator(["--port", port, "--import", file, "--redirect-url", REDIRECT]);
    assert.equal(second.url, first.url, "the SDK's base URL still points at it");
    const confirmed = await stytch.session.authenticate();
    assert.equal(confirmed.member_session.member_session_id, created.member_session.member_session_id, "the same session");
    assert.equal(page.cookies().stytch_session, created.session_token);
    const backend = new (require("stytch").B2BClient)({ project_id: PROJECT_ID, secret: SECRET, env: `${second.url}/` });
    const local = await backend.sessions.authenticateJwtLocal({ session_jwt: created.session_jwt });
    assert.equal(local.member_session_id, created.member_session.member_session_id, "the restarted emulator's JWKS verifies the old JWT");
    await stytch.session.revoke();
    page.close();
  } finally {
    await first.stop();
    await second?.stop();
    await rm(file, { force: true });
  }
});

test("impersonation: the Dashboard's link signs support in as the member through authenticateByUrl, for one hour, once", async () => {
  const backend = new (require("stytch").B2BClient)({ project_id: PROJECT_ID, secret: SECRET, env: `${emulator.url}/` });
  // Grace's organization requires MFA and she is enrolled: impersonation skips it.
  const { organization } = await backend.organizations.search({ query: { operator: "AND", operands: [{ filter_name: "organization_slugs", filter_value: ["northwind"] }] } })
    .then((r) => ({ organization: r.organizations[0] }));
  const { members } = await backend.organizations.members.search({
    organization_ids: [organization.organization_id],
    query: { operator: "AND", operands: [{ filter_name: "member_emails", filter_value: ["grace@example.com"] }] },
  });
  const grace = members[0];
  const issued = await emulatorApi(emulator.url, "POST", "/impersonation", {
    organization_id: organization.organization_id, member_id: grace.member_id, impersonator_email_address: "support@acme.test",
  });

  const page = openPage();
  const stytch = officialClient(PUBLIC_TOKEN, emulator.url);
  const parsed = stytch.parseAuthenticateUrl(issued.url);
  assert.deepEqual({ type: parsed.tokenType, token: parsed.token, handled: parsed.handled },
    { type: "multi_tenant_impersonation", token: issued.impersonation_token, handled: true });
  const result = await stytch.authenticateByUrl({ session_duration_minutes: 30 }, issued.url);
  assert.equal(result.handled, true);
  assert.equal(result.data.member_authenticated, true, "no MFA for an impersonator");
  const session = stytch.session.getSync();
  assert.equal(session.member_id, grace.member_id);
  const [factor] = session.authentication_factors;
  assert.deepEqual([factor.type, factor.delivery_method, factor.impersonated_factor.impersonator_email_address],
    ["impersonated", "impersonation", "support@acme.test"]);
  assert.equal((Date.parse(session.expires_at) - Date.parse(session.started_at)) / 60_000, 60, "an hour, whatever was asked");
  assert.equal(page.cookies().stytch_session, result.data.session_token);
  const refreshed = await stytch.session.authenticate({ session_duration_minutes: 600 });
  assert.equal(refreshed.member_session.expires_at, session.expires_at, "cannot be extended");
  await assert.rejects(stytch.impersonation.authenticate({ impersonation_token: issued.impersonation_token }),
    (e) => e.error_type === "unable_to_auth_impersonation_token" && e.status_code === 401);

  // The backend client authenticates a fresh token, and verifies the impersonated session.
  const second = await emulatorApi(emulator.url, "POST", "/impersonation", { organization_id: organization.organization_id, member_id: grace.member_id });
  const direct = await backend.impersonation.authenticate({ impersonation_token: second.impersonation_token });
  assert.equal(direct.member_session.authentication_factors[0].type, "impersonated");
  const verified = await backend.sessions.authenticate({ session_token: result.data.session_token });
  assert.equal(verified.member_session.member_id, grace.member_id);
  page.close();
});

/** An identity provider of its own: an RSA key pair, and JWTs it signs (RS256). */
function identityProvider(issuer) {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const part = (value) => Buffer.from(JSON.stringify(value)).toString("base64url");
  return {
    publicKeyPem: publicKey.export({ type: "spki", format: "pem" }),
    sign(claims) {
      const now = Math.floor(Date.now() / 1000);
      const input = `${part({ alg: "RS256", typ: "JWT" })}.${part({ iss: issuer, aud: "authenticated", iat: now, exp: now + 600, ...claims })}`;
      return `${input}.${createSign("RSA-SHA256").update(input).sign(privateKey).toString("base64url")}`;
    },
  };
}

test("trusted auth tokens: the official SDK's session.attest and the backend client's sessions.attest turn another provider's JWT into a session", async () => {
  const idp = identityProvider("https://project.supabase.test/auth/v1");
  const { profile } = await emulatorApi(emulator.url, "POST", "/trusted_token_profiles", {
    name: "Supabase (test)", issuer: "https://project.supabase.test/auth/v1", audience: "authenticated",
    public_key_type: "PEM", pem_files: [idp.publicKeyPem],
    attribute_mapping: { email: "email", token_id: "session_id", organization_id: "org" }, can_jit_provision: true,
  });
  assert.match(profile.profile_id, /^ttp-test-/);

  const page = openPage();
  const stytch = officialClient(PUBLIC_TOKEN, emulator.url);
  const attested = await stytch.session.attest({
    profile_id: profile.profile_id, token: idp.sign({ email: "ada@example.com", session_id: "sb-1" }),
    organization_id: "acme", session_duration_minutes: 60,
  });
  const info = stytch.session.getInfo();
  assert.equal(info.fromCache, false);
  assert.equal(info.session.member_session_id, attested.member_session.member_session_id);
  const [factor] = info.session.authentication_factors;
  assert.deepEqual([factor.type, factor.delivery_method, factor.trusted_auth_token_factor.token_id],
    ["trusted_auth_token", "trusted_token_exchange", "sb-1"]);
  assert.equal(page.cookies().stytch_session, attested.session_token, "the SDK stored the session");
  assert.equal(stytch.self.getSync().email_address, "ada@example.com");

  // Signed in, the next token joins the session; a refused one leaves it alone.
  const joined = await stytch.session.attest({
    profile_id: profile.profile_id, token: idp.sign({ email: "ada@example.com", session_id: "sb-2" }), organization_id: "acme",
  });
  assert.equal(joined.member_session.member_session_id, attested.member_session.member_session_id);
  assert.deepEqual(joined.member_session.authentication_factors.map((f) => f.trusted_auth_token_factor.token_id), ["sb-1", "sb-2"]);
  const stranger = identityProvider("https://project.supabase.test/auth/v1");
  await assert.rejects(stytch.session.attest({ profile_id: profile.profile_id, token: stranger.sign({ email: "ada@example.com" }), organization_id: "acme" }),
    (e) => e.error_type === "invalid_trusted_auth_token" && e.status_code === 401);
  await assert.rejects(stytch.session.attest({ profile_id: "ttp-test-none", token: idp.sign({ email: "ada@example.com" }), organization_id: "acme" }),
    (e) => e.error_type === "trusted_token_profile_not_found" && e.status_code === 404);
  assert.equal(stytch.session.getSync().member_session_id, attested.member_session.member_session_id);
  page.close();

  // The backend client: a member created just in time from a token naming its organization.
  const backend = new (require("stytch").B2BClient)({ project_id: PROJECT_ID, secret: SECRET, env: `${emulator.url}/` });
  const email = uniqueEmail("attested");
  const created = await backend.sessions.attest({ profile_id: profile.profile_id, token: idp.sign({ email, session_id: "sb-3", org: "acme" }) });
  assert.equal(created.member.email_address, email);
  assert.equal(created.organization.organization_slug, "acme");
  assert.equal(created.member_session.authentication_factors[0].trusted_auth_token_factor.token_id, "sb-3");
  const verified = await backend.sessions.authenticate({ session_token: created.session_token });
  assert.equal(verified.member_session.member_id, created.member.member_id);
  await assert.rejects(backend.sessions.attest({ profile_id: profile.profile_id, token: idp.sign({ email, org: "globex" }), organization_id: "acme" }),
    (e) => e.error_type === "invalid_token_organization_id_claim" && e.status_code === 400);
});

test("email update: the official SDK's link or the backend client's code moves a member, whose old address stays retired until unlinked", async () => {
  const backend = new (require("stytch").B2BClient)({ project_id: PROJECT_ID, secret: SECRET, env: `${emulator.url}/` });
  const { organization } = await backend.organizations.create({ organization_name: "Renamed", organization_slug: `renamed-${Date.now().toString(36)}` });
  const organization_id = organization.organization_id;
  const [first, second, third] = [uniqueEmail("first"), uniqueEmail("second"), uniqueEmail("third")];
  const { member } = await backend.organizations.members.create({ organization_id, email_address: first });
  const { member: other } = await backend.organizations.members.create({ organization_id, email_address: uniqueEmail("other") });

  const page = openPage();
  const stytch = officialClient(PUBLIC_TOKEN, emulator.url);
  await exchangeInto(stytch, first, organization_id);
  const started = await stytch.self.startEmailUpdate({ email_address: second, login_redirect_url: REDIRECT });
  assert.equal(started.member.email_address, first, "nothing moves before the link is opened");
  const message = await latestMessage(emulator.url, second);
  assert.equal(stytch.parseAuthenticateUrl(message.link).tokenType, "multi_tenant_magic_links");
  const result = await stytch.authenticateByUrl({ session_duration_minutes: 60 }, message.link);
  assert.equal(result.data.member.email_address, second);
  assert.equal(stytch.self.getSync().email_address, second, "the SDK caches the moved member");
  assert.deepEqual(stytch.self.getSync().retired_email_addresses.map((r) => r.email_address), [first]);
  await assert.rejects(backend.organizations.members.create({ organization_id, email_address: first }),
    (e) => e.error_type === "retired_member_email", "a retired address is nobody else's");
  await assert.rejects(stytch.organization.members.startEmailUpdate({ member_id: other.member_id, email_address: third }),
    (e) => e.error_type === "session_authorization_error" && e.status_code === 403, "a plain member changes only their own");
  const unlinked = await stytch.self.unlinkRetiredEmail({ email_address: first });
  assert.deepEqual(unlinked.member.retired_email_addresses, []);
  assert.deepEqual(stytch.self.getSync().retired_email_addresses, []);

  // The backend client starts one by code; the official SDK's email-code login completes it.
  await backend.organizations.members.startEmailUpdate({ organization_id, member_id: member.member_id, email_address: third, delivery_method: "EMAIL_OTP" });
  const { code } = await latestMessage(emulator.url, third);
  const moved = await stytch.otps.email.authenticate({ organization_id, email_address: third, code, session_duration_minutes: 60 });
  assert.equal(moved.member_id, member.member_id);
  assert.equal(stytch.self.getSync().email_address, third);
  const freed = await backend.organizations.members.unlinkRetiredEmail({ organization_id, member_id: member.member_id, email_address: second });
  assert.deepEqual(freed.member.retired_email_addresses, []);

  // A member update sets an address at once (unverified, the old one retired), but never one's own.
  await assert.rejects(stytch.organization.members.update({ member_id: member.member_id, email_address: uniqueEmail("mine") }),
    (e) => e.error_type === "member_cannot_update_their_email_address" && e.status_code === 403);
  const renamed = uniqueEmail("renamed");
  const { member: updated } = await backend.organizations.members.update({ organization_id, member_id: other.member_id, email_address: renamed });
  assert.deepEqual([updated.email_address, updated.email_address_verified], [renamed, false]);
  assert.equal(updated.retired_email_addresses.length, 1);
  page.close();
});

test("SCIM: the official SDK sets up provisioning, the identity provider pushes groups with the token, rotations and the backend client agree", async () => {
  const backend = new (require("stytch").B2BClient)({ project_id: PROJECT_ID, secret: SECRET, env: `${emulator.url}/` });
  const { organization } = await backend.organizations.create({ organization_name: "Provisioned", organization_slug: `provisioned-${Date.now().toString(36)}` });
  const organization_id = organization.organization_id;
  const add = async (prefix, roles) => (await backend.organizations.members.create({ organization_id, email_address: uniqueEmail(prefix), roles })).member;
  const admin = await add("admin", ["stytch_admin"]);
  const plain = await add("plain");

  const page = openPage();
  const stytch = officialClient(PUBLIC_TOKEN, emulator.url);
  await exchangeInto(stytch, admin.email_address, organization_id);
  await assert.rejects(stytch.scim.createConnection({ identity_provider: "azure" }), (e) => e.error_type === "invalid_scim_idp");
  const { connection } = await stytch.scim.createConnection({ display_name: "Okta", identity_provider: "okta" });
  assert.equal(connection.status, "active");
  assert.equal(connection.bearer_token.length, 48);
  assert.equal(connection.base_url, `${emulator.url}/v1/b2b/scim/${connection.connection_id}`);
  await assert.rejects(stytch.scim.createConnection({}), (e) => e.error_type === "active_scim_connection_exists");
  const org = await stytch.organization.get();
  assert.equal(org.scim_active_connection.connection_id, connection.connection_id);
  assert.equal(org.scim_active_connection.bearer_token_last_four, connection.bearer_token.slice(-4));

  // The identity provider's side: SCIM Groups at the base URL with the bearer token.
  const scimCall = (token, method = "GET", body) =>
    fetch(`${connection.base_url}/Groups`, {
      method,
      headers: { authorization: `Bearer ${token}`, "content-type": "application/scim+json" },
      body: body && JSON.stringify(body),
    });
  assert.equal((await scimCall(connection.bearer_token, "POST", { displayName: "Engineering" })).status, 201);
  assert.equal((await scimCall("not-the-token")).status, 401);
  const provisioned = await fetch(`${connection.base_url}/Users`, {
    method: "POST",
    headers: { authorization: `Bearer ${connection.bearer_token}`, "content-type": "application/scim+json" },
    body: JSON.stringify({ userName: uniqueEmail("grace"), externalId: "00u-grace", name: { formatted: "Grace Hopper" } }),
  });
  assert.equal(provisioned.status, 201);
  const { id: grace_id } = await provisioned.json();
  const { members } = await stytch.organization.members.search({
    query: { operator: "AND", operands: [{ filter_name: "member_ids", filter_value: [grace_id] }] },
  });
  assert.deepEqual(
    members.map((m) => [m.name, m.status, m.scim_registration?.connection_id, m.scim_registration?.external_id]),
    [["Grace Hopper", "active", connection.connection_id, "00u-grace"]],
  );
  const { scim_groups, next_cursor } = await stytch.scim.getConnectionGroups({ limit: 10 });
  assert.deepEqual(scim_groups.map((g) => g.group_name), ["Engineering"]);
  assert.equal(next_cursor, null);
  const updated = await stytch.scim.updateConnection({
    connection_id: connection.connection_id,
    scim_group_implicit_role_assignments: [{ role_id: "stytch_admin", group_id: scim_groups[0].group_id }],
  });
  assert.equal(updated.connection.scim_group_implicit_role_assignments[0].group_name, "Engineering");
  await assert.rejects(
    stytch.scim.updateConnection({ connection_id: connection.connection_id, scim_group_implicit_role_assignments: [{ role_id: "stytch_admin", group_id: "scim-group-test-nope" }] }),
    (e) => e.error_type === "scim_group_role_assignment_group_does_not_exist",
  );

  // Rotation through the SDK: the next token works at once, the old one until completion.
  await assert.rejects(stytch.scim.rotateCancel(connection.connection_id), (e) => e.error_type === "scim_connection_not_rotating_token");
  const started = await stytch.scim.rotateStart(connection.connection_id);
  const next = started.connection.next_bearer_token;
  assert.equal((await scimCall(next)).status, 200);
  assert.equal((await stytch.scim.getConnection()).connection.next_bearer_token_last_four, next.slice(-4));
  const completed = await stytch.scim.rotateComplete(connection.connection_id);
  assert.equal(completed.connection.bearer_token_last_four, next.slice(-4));
  assert.equal((await scimCall(connection.bearer_token)).status, 401);
  await stytch.session.revoke();
  page.close();

  const second = openPage();
  const member = officialClient(PUBLIC_TOKEN, emulator.url);
  await exchangeInto(member, plain.email_address, organization_id);
  await assert.rejects(member.scim.getConnection(), (e) => e.error_type === "session_authorization_error" && e.status_code === 403);
  await member.session.revoke();
  second.close();

  // The backend client reads and ends the same connection.
  const read = await backend.scim.connection.get({ organization_id });
  assert.equal(read.connection.bearer_token_last_four, next.slice(-4));
  const groups = await backend.scim.connection.getGroups({ organization_id, connection_id: connection.connection_id, limit: 5 });
  assert.deepEqual(groups.scim_groups.map((g) => g.group_name), ["Engineering"]);
  const rotation = await backend.scim.connection.rotateStart({ organization_id, connection_id: connection.connection_id });
  assert.equal(rotation.connection.next_bearer_token.length, 48);
  await backend.scim.connection.rotateCancel({ organization_id, connection_id: connection.connection_id });
  assert.equal((await scimCall(rotation.connection.next_bearer_token)).status, 401);
  const { connection_id } = await backend.scim.connection.delete({ organization_id, connection_id: connection.connection_id });
  assert.equal(connection_id, connection.connection_id);
  assert.equal((await scimCall(next)).status, 401);
  await assert.rejects(backend.scim.connection.get({ organization_id }), (e) => e.error_type === "no_active_scim_connection");
  const { organization: after } = await backend.organizations.get({ organization_id });
  assert.equal(after.scim_active_connection, null);
});
