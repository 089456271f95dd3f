// Stytch's official backend client `stytch@14.2.0` signs people in through the emulator's
// backend surface (`/v1/b2b`), unchanged: magic links, email codes, passwords, discovery, the
// IST exchange and MFA, with sessions and ISTs named in the body and flat answers, the way a
// server (a Leptos SSR app, an API) talks to Stytch.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { startEmulator, latestMessage, emulatorApi, uniqueEmail, PUBLIC_TOKEN, PROJECT_ID, SECRET } from "../lib/harness.mjs";
import { totp } from "../lib/totp.mjs";
import { createHash, pbkdf2Sync, scryptSync } from "node:crypto";

const require = createRequire(import.meta.url);
let emulator;
let client;

before(async () => {
  emulator = await startEmulator(["--seed", "none"]);
  const { B2BClient } = require("stytch");
  client = new B2BClient({ project_id: PROJECT_ID, secret: SECRET, env: `${emulator.url}/` });
});
after(async () => emulator?.stop());

/** An organization with one active member, made with the backend client. */
async function organizationWithMember(settings = {}) {
  const slug = `server-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const { organization } = await client.organizations.create({ organization_name: "Server Co", organization_slug: slug, ...settings });
  const email = uniqueEmail("server");
  const { member } = await client.organizations.members.create({ organization_id: organization.organization_id, email_address: email });
  return { organization, member, email, ids: { organization_id: organization.organization_id, member_id: member.member_id } };
}

const rejectsWith = (promise, error_type, status_code) =>
  assert.rejects(promise, (e) => e.error_type === error_type && (status_code === undefined || e.status_code === status_code));

test("organization sign-in on the server: magic links, email codes and passwords answer flat with sessions", async () => {
  const { organization, member, email } = await organizationWithMember();
  const organization_id = organization.organization_id;

  const sent = await client.magicLinks.email.loginOrSignup({ organization_id, email_address: email });
  assert.equal(sent.member_id, member.member_id);
  assert.equal(sent.member_created, false);
  const link = await latestMessage(emulator.url, email);
  const byLink = await client.magicLinks.authenticate({ magic_links_token: link.token, session_duration_minutes: 60 });
  assert.equal(byLink.member_authenticated, true);
  assert.equal(byLink.member_id, member.member_id);
  assert.ok(byLink.session_token && byLink.session_jwt);
  assert.deepEqual(byLink.member_session.authentication_factors.map((f) => f.delivery_method), ["email"]);
  const confirmed = await client.sessions.authenticate({ session_token: byLink.session_token });
  assert.equal(confirmed.member_session.member_session_id, byLink.member_session.member_session_id);
  await rejectsWith(client.magicLinks.authenticate({ magic_links_token: link.token }), "unable_to_auth_magic_link", 401);
  await rejectsWith(
    client.magicLinks.authenticate({ magic_links_token: link.token, session_token: byLink.session_token, session_jwt: byLink.session_jwt }),
    "too_many_session_arguments",
    400,
  );

  const before = (await emulatorApi(emulator.url, "GET", `/messages?to=${encodeURIComponent(email)}`)).messages.length;
  await client.otps.email.loginOrSignup({ organization_id, email_address: email });
  const mail = await latestMessage(emulator.url, email, { after: before });
  await rejectsWith(client.otps.email.authenticate({ organization_id, email_address: email, code: mail.code === "000000" ? "111111" : "000000" }), "unable_to_auth_otp_code");
  const byCode = await client.otps.email.authenticate({ organization_id, email_address: email, code: mail.code, session_duration_minutes: 30 });
  assert.equal(byCode.member_authenticated, true);
  assert.ok(byCode.method_id);

  // A password set from the session, then used to sign in.
  const strength = await client.passwords.strengthCheck({ password: "correct-horse-battery-staple-42" });
  assert.equal(strength.valid_password, true);
  const reset = await client.passwords.sessions.reset({ organization_id, password: "correct-horse-battery-staple-42", session_token: byCode.session_token });
  assert.equal(reset.member_session.member_session_id, byCode.member_session.member_session_id);
  await rejectsWith(client.passwords.sessions.reset({ organization_id, password: "correct-horse-battery-staple-42" }), "no_session_arguments", 400);
  const byPassword = await client.passwords.authenticate({ organization_id, email_address: email, password: "correct-horse-battery-staple-42", session_duration_minutes: 60 });
  assert.equal(byPassword.member_authenticated, true);
  await rejectsWith(client.passwords.authenticate({ organization_id, email_address: email, password: "wrong-password-entirely-9" }), "unauthorized_credentials", 401);
});

test("discovery on the server: the IST lists organizations, enters one and creates another; a session lists its own", async () => {
  const { organization, email } = await organizationWithMember();
  const organization_id = organization.organization_id;
  await client.magicLinks.email.discovery.send({ email_address: email });
  const link = await latestMessage(emulator.url, email);
  const discovered = await client.magicLinks.discovery.authenticate({ discovery_magic_links_token: link.token });
  const ist = discovered.intermediate_session_token;
  assert.ok(ist);
  assert.equal(discovered.email_address, email);
  assert.equal(discovered.discovered_organizations.find((o) => o.organization.organization_id === organization_id)?.membership.type, "active_member");

  const listed = await client.discovery.organizations.list({ intermediate_session_token: ist });
  assert.ok(listed.discovered_organizations.some((o) => o.organization.organization_id === organization_id));
  await rejectsWith(client.discovery.organizations.list({}), "no_session_arguments", 400);

  const created = await client.discovery.organizations.create({ intermediate_session_token: ist, organization_name: "Made On The Server", session_duration_minutes: 60 });
  assert.equal(created.member_authenticated, true);
  assert.equal(created.organization.organization_name, "Made On The Server");
  await rejectsWith(client.discovery.intermediateSessions.exchange({ intermediate_session_token: ist, organization_id }), "intermediate_session_not_found", 404);

  // A fresh IST, exchanged into the existing organization.
  await client.magicLinks.email.discovery.send({ email_address: email });
  const second = await latestMessage(emulator.url, email, { after: 1 });
  const again = await client.magicLinks.discovery.authenticate({ discovery_magic_links_token: second.token });
  const entered = await client.discovery.intermediateSessions.exchange({ intermediate_session_token: again.intermediate_session_token, organization_id, session_duration_minutes: 60 });
  assert.equal(entered.member_authenticated, true);
  assert.equal(entered.organization.organization_id, organization_id);

  const mine = await client.discovery.organizations.list({ session_jwt: entered.session_jwt });
  assert.deepEqual(
    mine.discovered_organizations.map((o) => o.organization.organization_id).sort(),
    [organization_id, created.organization.organization_id].sort(),
  );
  await rejectsWith(
    client.discovery.organizations.list({ intermediate_session_token: again.intermediate_session_token, session_token: entered.session_token }),
    "too_many_session_arguments",
    400,
  );

  // Switching organizations with the session, as the switcher does through the SDK.
  const switched = await client.sessions.exchange({ organization_id: created.organization.organization_id, session_token: entered.session_token });
  assert.equal(switched.organization.organization_id, created.organization.organization_id);
});

test("MFA on the server: a first authenticator app without a session, then codes only with an IST or session", async () => {
  const { ids, email } = await organizationWithMember({ mfa_policy: "REQUIRED_FOR_ALL" });
  await client.magicLinks.email.loginOrSignup({ organization_id: ids.organization_id, email_address: email });
  const link = await latestMessage(emulator.url, email);
  const primary = await client.magicLinks.authenticate({ magic_links_token: link.token });
  assert.equal(primary.member_authenticated, false);
  assert.equal(primary.mfa_required.member_options, null);
  const ist = primary.intermediate_session_token;

  // A member with no MFA factor: the server may create the registration directly.
  const created = await client.totps.create(ids);
  assert.match(created.secret, /^[A-Z2-7]+$/);
  await rejectsWith(client.totps.authenticate({ ...ids, code: "000000" }), "no_session_arguments", 400);
  const { offset_seconds } = await emulatorApi(emulator.url, "GET", "/clock");
  const session = await client.totps.authenticate({ ...ids, code: totp(created.secret, Date.now() + offset_seconds * 1000), intermediate_session_token: ist, session_duration_minutes: 60 });
  assert.equal(session.member_session.member_id, ids.member_id);
  assert.ok(session.member_session.authentication_factors.some((f) => f.delivery_method === "authenticator_app"));
  await rejectsWith(client.totps.create(ids), "insufficient_factors", 401);

  const codes = await client.recoveryCodes.get(ids);
  assert.equal(codes.recovery_codes.length, 10);
  const rotated = await client.recoveryCodes.rotate(ids);
  assert.equal(rotated.recovery_codes.length, 10);
  assert.notDeepEqual(rotated.recovery_codes, codes.recovery_codes);
  await rejectsWith(client.recoveryCodes.recover({ ...ids, recovery_code: codes.recovery_codes[0], session_token: session.session_token }), "unable_to_authenticate_recovery_code", 401);
  const recovered = await client.recoveryCodes.recover({ ...ids, recovery_code: rotated.recovery_codes[0], session_token: session.session_token });
  assert.equal(recovered.recovery_codes_remaining, 9);
  assert.equal(recovered.member_session.member_session_id, session.member_session.member_session_id);

  // Texted codes need a session or IST once the member has a factor: the sandbox phone's code.
  await rejectsWith(client.otps.sms.send({ ...ids, mfa_phone_number: "+10000000000" }), "insufficient_factors", 401);
  await client.otps.sms.send({ ...ids, mfa_phone_number: "+10000000000", session_token: session.session_token });
  await rejectsWith(client.otps.sms.authenticate({ ...ids, code: "000000" }), "no_session_arguments", 400);
  const stepped = await client.otps.sms.authenticate({ ...ids, code: "000000", session_jwt: session.session_jwt });
  assert.ok(stepped.member_session.authentication_factors.some((f) => f.delivery_method === "sms"));
});

test("a primary method with the member's own session steps that session up instead of starting another", async () => {
  const { organization, member, email } = await organizationWithMember();
  const organization_id = organization.organization_id;
  await client.magicLinks.email.loginOrSignup({ organization_id, email_address: email });
  const link = await latestMessage(emulator.url, email);
  const first = await client.magicLinks.authenticate({ magic_links_token: link.token, session_duration_minutes: 60 });

  await client.otps.email.loginOrSignup({ organization_id, email_address: email });
  const mail = await latestMessage(emulator.url, email, { after: 1 });
  const stepped = await client.otps.email.authenticate({ organization_id, email_address: email, code: mail.code, session_token: first.session_token });
  assert.equal(stepped.member_session.member_session_id, first.member_session.member_session_id);
  assert.equal(stepped.session_token, first.session_token);
  assert.deepEqual(stepped.member_session.authentication_factors.map((f) => f.type), ["magic_link", "email_otp"]);
  const { member_sessions } = await client.sessions.get({ organization_id, member_id: member.member_id });
  assert.equal(member_sessions.length, 1, "no second session");

  // Someone else's session is ignored; a session that is not live is an error.
  const other = uniqueEmail("other");
  await client.organizations.members.create({ organization_id, email_address: other });
  await client.magicLinks.email.loginOrSignup({ organization_id, email_address: other });
  const otherLink = await latestMessage(emulator.url, other);
  const theirs = await client.magicLinks.authenticate({ magic_links_token: otherLink.token, session_token: first.session_token });
  assert.notEqual(theirs.member_session.member_session_id, first.member_session.member_session_id);
  assert.equal(theirs.member_id, (await client.organizations.members.get({ organization_id, email_address: other })).member.member_id);
  await client.sessions.revoke({ session_token: first.session_token });
  await client.magicLinks.email.loginOrSignup({ organization_id, email_address: email });
  const third = await latestMessage(emulator.url, email, { after: 2 });
  await rejectsWith(client.magicLinks.authenticate({ magic_links_token: third.token, session_token: first.session_token }), "session_not_found", 404);
});

test("organizations and members are deleted and reactivated from the server, and their sessions end", async () => {
  const { organization, member, email } = await organizationWithMember();
  const organization_id = organization.organization_id;
  const ids = { organization_id, member_id: member.member_id };
  await client.magicLinks.email.loginOrSignup({ organization_id, email_address: email });
  const link = await latestMessage(emulator.url, email);
  const session = await client.magicLinks.authenticate({ magic_links_token: link.token });

  const deleted = await client.organizations.members.delete(ids);
  assert.equal(deleted.member.status, "deleted");
  await rejectsWith(client.sessions.authenticate({ session_token: session.session_token }), "session_not_found", 404);
  await rejectsWith(client.organizations.members.get({ organization_id, email_address: email }), "member_not_found", 404);
  const back = await client.organizations.members.reactivate(ids);
  assert.equal(back.member.status, "active");
  assert.equal((await client.organizations.members.get({ organization_id, email_address: email })).member.member_id, member.member_id);

  const gone = await client.organizations.delete({ organization_id });
  assert.equal(gone.organization_id, organization_id);
  await rejectsWith(client.organizations.get({ organization_id }), "organization_not_found", 404);
  await rejectsWith(client.organizations.delete({ organization_id }), "organization_not_found", 404);
});

test("organization search on the server: exact and fuzzy filters, AND and OR, pages by cursor", async () => {
  const tag = `srch${Date.now().toString(36)}`;
  const make = async (name, domains) => {
    const { organization } = await client.organizations.create({ organization_name: name, organization_slug: `${tag}-${name.toLowerCase()}`, email_allowed_domains: domains });
    return organization;
  };
  const alpha = await make("Alpha", [`${tag}.example`]);
  const beta = await make("Beta", []);
  const gamma = await make("Gamma", []);
  const email = uniqueEmail("searcher");
  await client.organizations.members.create({ organization_id: beta.organization_id, email_address: email });
  const search = async (operator, operands, extra = {}) => {
    const found = await client.organizations.search({ query: { operator, operands }, ...extra });
    return { ids: found.organizations.map((o) => o.organization_id), meta: found.results_metadata };
  };
  const ids = (...orgs) => orgs.map((o) => o.organization_id);

  assert.deepEqual((await search("AND", [{ filter_name: "organization_slug_fuzzy", filter_value: tag }])).ids, ids(alpha, beta, gamma));
  assert.deepEqual((await search("AND", [{ filter_name: "organization_slugs", filter_value: [gamma.organization_slug] }])).ids, ids(gamma));
  assert.deepEqual((await search("AND", [{ filter_name: "member_emails", filter_value: [email.toUpperCase()] }])).ids, ids(beta));
  assert.deepEqual((await search("AND", [{ filter_name: "allowed_domain_fuzzy", filter_value: tag }])).ids, ids(alpha));
  assert.deepEqual(
    (await search("AND", [{ filter_name: "organization_slug_fuzzy", filter_value: tag }, { filter_name: "organization_name_fuzzy", filter_value: "ALP" }])).ids,
    ids(alpha),
  );
  assert.deepEqual(
    (await search("OR", [{ filter_name: "organization_ids", filter_value: [alpha.organization_id] }, { filter_name: "member_email_fuzzy", filter_value: email }])).ids,
    ids(alpha, beta),
  );

  const first = await search("AND", [{ filter_name: "organization_slug_fuzzy", filter_value: tag }], { limit: 2 });
  assert.deepEqual(first.ids, ids(alpha, beta));
  assert.equal(first.meta.total, 3);
  const second = await search("AND", [{ filter_name: "organization_slug_fuzzy", filter_value: tag }], { limit: 2, cursor: first.meta.next_cursor });
  assert.deepEqual(second.ids, ids(gamma));
  assert.equal(second.meta.next_cursor, null);

  // SSO filters: a pending connection is found by its ID but is not an active one.
  const { connection } = await client.sso.saml.createConnection({ organization_id: alpha.organization_id, display_name: "Alpha Okta" });
  assert.deepEqual((await search("AND", [{ filter_name: "sso_connection_id", filter_value: connection.connection_id }])).ids, ids(alpha));
  const bySso = (active) => search("AND", [{ filter_name: "organization_slug_fuzzy", filter_value: tag }, { filter_name: "has_active_sso_connection", filter_value: active }]);
  assert.deepEqual((await bySso(false)).ids, ids(alpha, beta, gamma));
  assert.deepEqual((await bySso(true)).ids, []);

  await rejectsWith(client.organizations.search({ query: { operator: "AND", operands: [{ filter_name: "member_is_breakglass", filter_value: true }] } }), "organization_search_filter_name_not_recognized", 400);
  await rejectsWith(client.organizations.search({ query: { operator: "AND", operands: [{ filter_name: "allowed_domains", filter_value: [] }] } }), "organization_search_missing_allowed_domains", 400);
  await rejectsWith(client.organizations.search({ query: { operator: "AND", operands: [{ filter_name: "has_active_sso_connection", filter_value: "yes" }] } }), "organization_search_expected_boolean", 400);
  await rejectsWith(client.organizations.search({ limit: 5000 }), "bad_request", 400);
  await rejectsWith(
    client.organizations.search({ query: { operator: "AND", operands: [{ filter_name: "organization_name_fuzzy", filter_value: "Al" }] } }),
    "organization_search_organization_name_fuzzy_too_short",
    400,
  );
});

test("member search on the server: every filter, deleted members only on request, pages, several organizations", async () => {
  const { organization, member: ada, email: adaEmail } = await organizationWithMember();
  const { organization: other, member: olga } = await organizationWithMember();
  const organization_id = organization.organization_id;
  const create = async (prefix, extra = {}) =>
    (await client.organizations.members.create({ organization_id, email_address: uniqueEmail(prefix), ...extra })).member;
  const bob = await create("bob", { is_breakglass: true, mfa_phone_number: "+15005550123", roles: ["stytch_admin"] });
  const carol = await create("carol");
  await client.organizations.members.delete({ organization_id, member_id: carol.member_id });
  const dave = (await client.magicLinks.email.invite({ organization_id, email_address: uniqueEmail("dave") })).member;
  // Ada gets a password the way a member does: a reset email.
  await client.passwords.email.resetStart({ organization_id, email_address: adaEmail });
  const resetLink = await latestMessage(emulator.url, adaEmail);
  await client.passwords.email.reset({ password_reset_token: resetLink.token, password: "correct-horse-battery-staple-42" });

  const search = async (operands, extra = {}) => {
    const query = operands && { operator: extra.operator ?? "AND", operands };
    const found = await client.organizations.members.search({ organization_ids: [organization_id], query, ...extra, operator: undefined });
    return { ids: found.members.map((m) => m.member_id), meta: found.results_metadata, organizations: found.organizations };
  };
  const ids = (...members) => members.map((m) => m.member_id);
  const operand = (filter_name, filter_value) => ({ filter_name, filter_value });

  const everyone = await search(undefined);
  assert.deepEqual(everyone.ids, ids(ada, bob, dave), "no query: every member but the deleted one");
  assert.deepEqual(Object.keys(everyone.organizations), [organization_id]);
  assert.equal(everyone.organizations[organization_id].organization_slug, organization.organization_slug);
  assert.deepEqual((await search([operand("member_emails", [adaEmail.toUpperCase()])])).ids, ids(ada));
  assert.deepEqual((await search([operand("member_email_fuzzy", "DAVE-")])).ids, ids(dave));
  assert.deepEqual((await search([operand("member_is_breakglass", true)])).ids, ids(bob));
  assert.deepEqual((await search([operand("statuses", ["deleted"])])).ids, ids(carol), "deleted members only when asked for");
  assert.deepEqual((await search([operand("statuses", ["invited", "active"])])).ids, ids(ada, bob, dave));
  assert.deepEqual((await search([operand("member_mfa_phone_numbers", ["+15005550123"])])).ids, ids(bob));
  assert.deepEqual((await search([operand("member_mfa_phone_number_fuzzy", "5550123")])).ids, ids(bob));
  // npm `stytch` types the MFA phone filters without `mfa_`.
  assert.deepEqual((await search([operand("member_phone_numbers", ["+15005550123"])])).ids, ids(bob));
  assert.deepEqual((await search([operand("member_phone_number_fuzzy", "5550123")])).ids, ids(bob));
  assert.deepEqual((await search([operand("member_password_exists", true)])).ids, ids(ada));
  assert.deepEqual((await search([operand("member_roles", ["stytch_admin"])])).ids, ids(bob));
  assert.deepEqual((await search([operand("member_ids", [dave.member_id])])).ids, ids(dave));
  assert.deepEqual(
    (await search([operand("member_is_breakglass", true), operand("member_password_exists", true)], { operator: "OR" })).ids,
    ids(ada, bob),
  );
  assert.deepEqual((await search([operand("member_is_breakglass", true), operand("member_password_exists", true)])).ids, []);

  const first = await search(undefined, { limit: 2 });
  assert.deepEqual(first.ids, ids(ada, bob));
  assert.equal(first.meta.total, 3);
  const second = await search(undefined, { limit: 2, cursor: first.meta.next_cursor });
  assert.deepEqual(second.ids, ids(dave));
  assert.equal(second.meta.next_cursor, null);

  const both = await client.organizations.members.search({
    organization_ids: [organization_id, other.organization_id],
    query: { operator: "AND", operands: [operand("member_ids", [ada.member_id, olga.member_id])] },
  });
  assert.deepEqual(both.members.map((m) => m.member_id), ids(ada, olga));
  assert.deepEqual(Object.keys(both.organizations).sort(), [organization_id, other.organization_id].sort());

  await rejectsWith(client.organizations.members.search({ organization_ids: [] }), "member_search_organization_ids_empty", 400);
  await rejectsWith(client.organizations.members.search({ organization_ids: ["organization-test-missing"] }), "organization_not_found", 404);
  await rejectsWith(search([operand("organization_slugs", ["x"])]), "member_search_filter_name_not_recognized", 400);
  await rejectsWith(search([operand("member_is_breakglass", "yes")]), "member_search_expected_boolean", 400);
  await rejectsWith(search([operand("member_email_fuzzy", "da")]), "member_search_member_email_fuzzy_too_short", 400);
  await rejectsWith(search([operand("statuses", ["suspended"])]), "search_invalid_status_filter", 400);
  await rejectsWith(search([{ filter_name: "member_roles" }]), "member_search_missing_filter_value", 400);
});

test("a backend call made for a member (authorization option) is held to that member's roles and organization", async () => {
  const { organization, email: plainEmail, ids: plainIds } = await organizationWithMember();
  const { organization: other, member: outsider } = await organizationWithMember();
  const organization_id = organization.organization_id;
  const adminEmail = uniqueEmail("admin");
  const { member: admin } = await client.organizations.members.create({ organization_id, email_address: adminEmail, roles: ["stytch_admin"] });
  const signIn = async (email) => {
    await client.magicLinks.email.loginOrSignup({ organization_id, email_address: email });
    const link = await latestMessage(emulator.url, email);
    return client.magicLinks.authenticate({ magic_links_token: link.token, session_duration_minutes: 60 });
  };
  // The admin acts by session token, the plain member by JWT: both headers are read.
  const adminToken = (await signIn(adminEmail)).session_token;
  const asAdmin = { authorization: { session_token: adminToken } };
  const plainSession = await signIn(plainEmail);
  const asPlain = { authorization: { session_jwt: plainSession.session_jwt } };

  const found = await client.organizations.members.search({ organization_ids: [organization_id] }, asAdmin);
  assert.equal(found.results_metadata.total, 2);
  await rejectsWith(client.organizations.members.search({ organization_ids: [organization_id] }, asPlain), "session_authorization_error", 403);
  await rejectsWith(
    client.organizations.members.search({ organization_ids: [organization_id, other.organization_id] }, asAdmin),
    "session_authorization_tenancy_error",
    403,
  );
  await rejectsWith(client.organizations.members.create({ organization_id, email_address: uniqueEmail("x") }, asPlain), "session_authorization_error", 403);
  await rejectsWith(client.magicLinks.email.invite({ organization_id, email_address: uniqueEmail("y") }, asPlain), "session_authorization_error", 403);
  await rejectsWith(client.organizations.members.delete(plainIds, asPlain), "session_authorization_error", 403);
  await rejectsWith(client.organizations.delete({ organization_id }, asPlain), "session_authorization_error", 403);
  await rejectsWith(client.organizations.delete({ organization_id: other.organization_id }, asAdmin), "session_authorization_tenancy_error", 403);
  await rejectsWith(
    client.organizations.members.search({ organization_ids: [organization_id] }, { authorization: { session_token: "no-such-session" } }),
    "session_not_found",
    404,
  );
  // Updates need the action of each field set; a member updates their own details as stytch.self.
  const own = await client.organizations.members.update({ ...plainIds, name: "Plain" }, asPlain);
  assert.equal(own.member.name, "Plain");
  await rejectsWith(client.organizations.members.update({ ...plainIds, roles: ["stytch_admin"] }, asPlain), "session_authorization_error", 403);
  await rejectsWith(client.organizations.update({ organization_id, organization_name: "Mine" }, asPlain), "session_authorization_error", 403);
  await rejectsWith(client.organizations.members.reactivate(plainIds, asPlain), "session_authorization_error", 403);
  const renamed = await client.organizations.update({ organization_id, organization_name: "Renamed" }, asAdmin);
  assert.equal(renamed.organization.organization_name, "Renamed");
  // Trusted metadata is the server's alone: never set for a member, whatever their roles.
  await rejectsWith(client.organizations.update({ organization_id, trusted_metadata: { plan: "free" } }, asAdmin), "cannot_update_trusted_metadata", 400);
  await rejectsWith(client.organizations.members.update({ ...plainIds, trusted_metadata: { tier: 1 } }, asAdmin), "cannot_update_trusted_metadata", 400);
  const trusted = await client.organizations.members.update({ ...plainIds, trusted_metadata: { tier: 1 } });
  assert.deepEqual(trusted.member.trusted_metadata, { tier: 1 }, "the server itself may");
  // Signing someone out needs revoke-sessions on stytch.member, in the acting member's organization.
  await rejectsWith(client.sessions.revoke({ member_id: admin.member_id }, asPlain), "session_authorization_error", 403);
  await rejectsWith(client.sessions.revoke({ session_token: adminToken }, asPlain), "session_authorization_error", 403);
  await rejectsWith(client.sessions.revoke({ member_id: outsider.member_id }, asAdmin), "session_authorization_tenancy_error", 403);
  await rejectsWith(client.sessions.revoke({ member_id: "member-test-00000000-0000-0000-0000-000000000000" }), "member_not_found", 404);
  await client.sessions.revoke({ member_session_id: plainSession.member_session.member_session_id }, asAdmin);
  await rejectsWith(client.sessions.authenticate({ session_jwt: plainSession.session_jwt }), "session_not_found", 404);
  assert.equal((await client.sessions.authenticate({ session_token: adminToken })).member.member_id, admin.member_id);
  const removed = await client.organizations.members.delete(plainIds, asAdmin);
  assert.equal(removed.member.status, "deleted");
});

test("a member's MFA phone, authenticator app and password are removed from the server", async () => {
  const { organization, email, ids } = await organizationWithMember();
  const organization_id = organization.organization_id;
  await client.organizations.members.update({ ...ids, mfa_phone_number: "+15005550199" });
  // A second number is refused until the first is deleted (Stytch documents the order).
  await rejectsWith(client.organizations.members.update({ ...ids, mfa_phone_number: "+15005550198" }), "duplicate_member_phone_number_for_member", 400);
  // A password reset ends the member's other sessions, so it comes before the sign-in below.
  await client.passwords.email.resetStart({ organization_id, email_address: email });
  const link = await latestMessage(emulator.url, email);
  await client.passwords.email.reset({ password_reset_token: link.token, password: "correct-horse-battery-staple-42" });
  const created = await client.totps.create(ids);
  // The registration becomes the member's once a code from it signs in.
  await client.magicLinks.email.loginOrSignup({ organization_id, email_address: email });
  const signIn = await client.magicLinks.authenticate({ magic_links_token: (await latestMessage(emulator.url, email)).token });
  const { offset_seconds } = await emulatorApi(emulator.url, "GET", "/clock");
  const code = totp(created.secret, Date.now() + offset_seconds * 1000);
  const stepped = await client.totps.authenticate({ ...ids, code, session_token: signIn.session_token });
  const { recovery_codes } = await client.recoveryCodes.get(ids);
  const { member: withAll } = await client.organizations.members.get(ids);
  assert.ok(withAll.member_password_id && withAll.totp_registration_id && withAll.mfa_phone_number);

  const noPhone = await client.organizations.members.deleteMFAPhoneNumber(ids);
  assert.equal(noPhone.member.mfa_phone_number, "");
  await rejectsWith(client.organizations.members.deleteMFAPhoneNumber(ids), "member_phone_number_not_found", 404);
  const renumbered = await client.organizations.members.update({ ...ids, mfa_phone_number: "+15005550198" });
  assert.equal(renumbered.member.mfa_phone_number, "+15005550198", "once deleted, another number may be set");
  const noTotp = await client.organizations.members.deleteTOTP(ids);
  assert.equal(noTotp.member.totp_registration_id, "");
  await rejectsWith(client.organizations.members.deleteTOTP(ids), "totp_not_found", 404);
  await rejectsWith(client.recoveryCodes.get(ids), "recovery_codes_not_found", 404);
  await rejectsWith(
    client.recoveryCodes.recover({ ...ids, recovery_code: recovery_codes[0], session_token: stepped.session_token }),
    "recovery_codes_not_found",
  );
  const noPassword = await client.organizations.members.deletePassword({ organization_id, member_password_id: withAll.member_password_id });
  assert.equal(noPassword.member.member_password_id, "");
  await rejectsWith(
    client.passwords.authenticate({ organization_id, email_address: email, password: "correct-horse-battery-staple-42" }),
    "unauthorized_credentials",
  );
  await rejectsWith(client.organizations.members.deletePassword({ organization_id, member_password_id: withAll.member_password_id }), "member_password_not_found", 404);
});

test("M2M: npm stytch creates, searches, rotates and deletes clients; its token and local authenticateToken work against the emulator", async () => {
  const { m2m_client: created } = await client.m2m.clients.create({
    client_name: "Nightly export",
    scopes: ["read:users", "write:*"],
    trusted_metadata: { team: "data" },
  });
  assert.match(created.client_id, /^m2m-client-test-/);
  assert.equal(created.client_secret.slice(-4), created.client_secret_last_four);
  const { m2m_client: fetched } = await client.m2m.clients.get({ client_id: created.client_id });
  assert.equal(fetched.client_secret, undefined, "the secret shows once");
  assert.deepEqual(fetched.trusted_metadata, { team: "data" });

  // The token (a form post to the public token endpoint) and its local check: the JWKS, issuer,
  // audience and `typ` npm stytch demands.
  const token = await client.m2m.token({ client_id: created.client_id, client_secret: created.client_secret });
  assert.equal(token.token_type, "bearer");
  assert.equal(token.expires_in, 3600);
  const checked = await client.m2m.authenticateToken({ access_token: token.access_token, required_scopes: ["read:users", "write:invoices"] });
  assert.equal(checked.client_id, created.client_id);
  assert.deepEqual(checked.scopes, ["read:users", "write:*"]);
  assert.deepEqual(checked.custom_claims, {});
  await assert.rejects(
    client.m2m.authenticateToken({ access_token: token.access_token, required_scopes: ["delete:users"] }),
    /missing_scopes/,
  );
  const narrow = await client.m2m.token({ client_id: created.client_id, client_secret: created.client_secret, scopes: ["read:users"] });
  assert.deepEqual((await client.m2m.authenticateToken({ access_token: narrow.access_token })).scopes, ["read:users"]);
  // The token endpoint's OAuth errors become npm stytch's error types.
  await rejectsWith(client.m2m.token({ client_id: created.client_id, client_secret: created.client_secret, scopes: ["admin"] }), "invalid_scope", 400);
  await rejectsWith(client.m2m.token({ client_id: created.client_id, client_secret: "wrong-secret" }), "invalid_client", 401);

  // A rotation: both secrets work until it completes.
  const { m2m_client: rotating } = await client.m2m.clients.secrets.rotateStart({ client_id: created.client_id });
  assert.equal(rotating.next_client_secret.slice(-4), rotating.next_client_secret_last_four);
  for (const secret of [created.client_secret, rotating.next_client_secret]) {
    await client.m2m.token({ client_id: created.client_id, client_secret: secret });
  }
  await rejectsWith(client.m2m.clients.secrets.rotateStart({ client_id: created.client_id }), "m2m_client_already_rotating_secret", 400);
  await client.m2m.clients.secrets.rotate({ client_id: created.client_id });
  await rejectsWith(client.m2m.token({ client_id: created.client_id, client_secret: created.client_secret }), "invalid_client", 401);
  await client.m2m.token({ client_id: created.client_id, client_secret: rotating.next_client_secret });
  await rejectsWith(client.m2m.clients.secrets.rotateCancel({ client_id: created.client_id }), "m2m_client_not_rotating_secret", 400);

  // Update and search.
  const { m2m_client: imported } = await client.m2m.clients.create({ client_id: `imported-${Date.now()}`, client_secret: "an-old-auth0-secret", scopes: ["read:reports"] });
  await client.m2m.clients.update({ client_id: imported.client_id, status: "inactive" });
  await rejectsWith(client.m2m.token({ client_id: imported.client_id, client_secret: "an-old-auth0-secret" }), "invalid_client", 401);
  const { m2m_clients: found, results_metadata } = await client.m2m.clients.search({
    limit: 10,
    query: { operator: "AND", operands: [{ filter_name: "scopes", filter_value: ["read:reports"] }, { filter_name: "client_id", filter_value: [imported.client_id] }] },
  });
  assert.deepEqual(found.map((c) => [c.client_id, c.status]), [[imported.client_id, "inactive"]]);
  assert.equal(results_metadata.total, 1);

  // Deleted: gone; its tokens stay valid until they expire, as any JWT checked locally does.
  const { client_id } = await client.m2m.clients.delete({ client_id: created.client_id });
  assert.equal(client_id, created.client_id);
  await rejectsWith(client.m2m.clients.get({ client_id: created.client_id }), "m2m_client_not_found", 404);
  assert.equal((await client.m2m.authenticateToken({ access_token: narrow.access_token })).client_id, created.client_id);
});

test("npm stytch removes external IDs, gets a member by ID alone (deleted ones on request) and counts an organization's members", async () => {
  const { organization, member, ids } = await organizationWithMember({ organization_external_id: `crm-${Date.now()}` });
  await client.organizations.members.update({ ...ids, external_id: `hr-${Date.now()}` });
  assert.equal((await client.organizations.metrics({ organization_id: organization.organization_id })).member_count, 1);

  const cleared = await client.organizations.deleteExternalId({ organization_id: organization.organization_id });
  assert.equal(cleared.organization.organization_external_id ?? null, null);
  const { member: unlinked } = await client.organizations.members.deleteExternalId(ids);
  assert.equal(unlinked.external_id ?? null, null);

  const found = await client.organizations.members.dangerouslyGet({ member_id: member.member_id });
  assert.equal(found.organization.organization_id, organization.organization_id);
  await client.organizations.members.delete(ids);
  assert.equal((await client.organizations.metrics({ organization_id: organization.organization_id })).member_count, 0);
  await rejectsWith(client.organizations.members.dangerouslyGet({ member_id: member.member_id }), "member_not_found", 404);
  const deleted = await client.organizations.members.dangerouslyGet({ member_id: member.member_id, include_deleted: true });
  assert.equal(deleted.member.status, "deleted");
});

test("migration: npm stytch imports password hashes Node's own crypto made, and an authenticator app whose codes complete MFA", async () => {
  const slug = `migrated-${Date.now().toString(36)}`;
  const { organization } = await client.organizations.create({ organization_name: "Migrated Co", organization_slug: slug, mfa_policy: "OPTIONAL" });
  const organization_id = organization.organization_id;
  const salt = Buffer.from("pepper-and-salt");
  const imports = [
    ["md_5", "old-md5 password", (p) => ({ hash: createHash("md5").update(`x${p}y`).digest("hex"), md_5_config: { prepend_salt: "x", append_salt: "y" } })],
    ["sha_512", "old sha512 password", (p) => ({ hash: createHash("sha512").update(p).digest("hex") })],
    ["pbkdf_2", "old pbkdf2 password", (p) => ({
      hash: pbkdf2Sync(p, salt, 1000, 32, "sha256").toString("base64"),
      pbkdf_2_config: { salt: salt.toString("base64"), iteration_amount: 1000, key_length: 32, algorithm: "sha256" },
    })],
    ["scrypt", "old scrypt password", (p) => ({
      hash: scryptSync(p, salt, 32, { N: 1024, r: 8, p: 1 }).toString("base64"),
      scrypt_config: { salt: salt.toString("base64"), n_parameter: 1024, r_parameter: 8, p_parameter: 1, key_length: 32 },
    })],
    ["scrypt", "old scrypt phc password", (p) => ({
      hash: `$scrypt$ln=10,r=8,p=1$${salt.toString("base64").replace(/=+$/, "")}$${scryptSync(p, salt, 32, { N: 1024, r: 8, p: 1 }).toString("base64").replace(/=+$/, "")}`,
    })],
  ];
  for (const [hash_type, password, made] of imports) {
    const email_address = uniqueEmail(hash_type);
    const migrated = await client.passwords.migrate({ organization_id, email_address, hash_type, ...made(password), name: "Imported" });
    assert.equal(migrated.member_created, true, hash_type);
    assert.equal(migrated.member.email_address_verified, true);
    await rejectsWith(client.passwords.authenticate({ organization_id, email_address, password: `${password}!` }), "unauthorized_credentials", 401);
    const signedIn = await client.passwords.authenticate({ organization_id, email_address, password, session_duration_minutes: 60 });
    assert.equal(signedIn.member_id, migrated.member_id, hash_type);
  }
  await rejectsWith(client.passwords.migrate({ organization_id, email_address: uniqueEmail("bad"), hash_type: "pbkdf_2", hash: "AAAA" }), "bad_request", 400);
  await rejectsWith(client.passwords.migrate({ organization_id, email_address: uniqueEmail("bad"), hash_type: "md_5", hash: "not hex" }), "invalid_md_5_hash", 400);
  await rejectsWith(client.passwords.migrate({ organization_id, email_address: uniqueEmail("bad"), hash_type: "rot13", hash: "x" }), "invalid_hash_type", 400);

  // An authenticator app from the old system: its secret's codes complete MFA once required.
  const email_address = uniqueEmail("totp");
  const { member_id } = await client.passwords.migrate({ organization_id, email_address, hash_type: "sha_512", hash: createHash("sha512").update("pw for totp").digest("hex") });
  const secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
  const imported = await client.totps.migrate({ organization_id, member_id, secret, recovery_codes: ["old-code-1", "old-code-2"] });
  assert.deepEqual(imported.recovery_codes, ["old-code-1", "old-code-2"]);
  await client.organizations.update({ organization_id, mfa_policy: "REQUIRED_FOR_ALL" });
  const first = await client.passwords.authenticate({ organization_id, email_address, password: "pw for totp" });
  assert.equal(first.member_authenticated, false);
  const { offset_seconds } = await emulatorApi(emulator.url, "GET", "/clock");
  const session = await client.totps.authenticate({ organization_id, member_id, code: totp(secret, Date.now() + offset_seconds * 1000), intermediate_session_token: first.intermediate_session_token, session_duration_minutes: 60 });
  assert.ok(session.member_session.authentication_factors.some((f) => f.delivery_method === "authenticator_app"));
  const second = await client.passwords.authenticate({ organization_id, email_address, password: "pw for totp" });
  const recovered = await client.recoveryCodes.recover({ organization_id, member_id, recovery_code: "old-code-1", intermediate_session_token: second.intermediate_session_token });
  assert.equal(recovered.member_id, member_id);
});

test("npm stytch's passwords.email.requireReset stops a shared password in every organization until it is reset", async () => {
  const email_address = uniqueEmail("shared");
  const hash = createHash("sha512").update("a shared old password").digest("hex");
  const organizations = [];
  for (const n of [1, 2]) {
    const { organization } = await client.organizations.create({ organization_name: `Shared ${n}`, organization_slug: `shared-${n}-${Date.now().toString(36)}` });
    await client.passwords.migrate({ organization_id: organization.organization_id, email_address, hash_type: "sha_512", hash });
    organizations.push(organization.organization_id);
  }
  const answer = await client.passwords.email.requireReset({ email_address, organization_id: organizations[1] });
  assert.equal(answer.organization.organization_id, organizations[1]);
  for (const organization_id of organizations) {
    await rejectsWith(client.passwords.authenticate({ organization_id, email_address, password: "a shared old password" }), "member_reset_password", 400);
  }
});

test("npm stytch reads the tokens an OIDC connection's identity provider issued at a server-side SSO sign-in", async () => {
  const { organization, member, email } = await organizationWithMember();
  const organization_id = organization.organization_id;
  const { connection } = await client.sso.oidc.createConnection({ organization_id, display_name: "Server Co Entra" });
  await client.sso.oidc.updateConnection({ organization_id, connection_id: connection.connection_id, issuer: "https://idp.server.example", client_id: "server-co", client_secret: "s",
    authorization_url: "https://idp.server.example/authorize", token_url: "https://idp.server.example/token",
    userinfo_url: "https://idp.server.example/userinfo", jwks_url: "https://idp.server.example/keys",
  });
  await rejectsWith(client.organizations.members.oidcProviders({ organization_id, member_id: member.member_id }), "member_oidc_token_not_found", 404);

  // The simulated identity provider's page, as a browser would post it.
  const form = new URLSearchParams({ public_token: PUBLIC_TOKEN, connection_id: connection.connection_id, login_redirect_url: "http://localhost:8080/authenticate", signup_redirect_url: "http://localhost:8080/authenticate", email });
  const signedIn = await fetch(`${emulator.url}/v1/public/sso/idp`, { method: "POST", body: form, redirect: "manual" });
  assert.equal(signedIn.status, 303, await signedIn.text());
  const sso_token = new URL(signedIn.headers.get("location")).searchParams.get("token");
  const session = await client.sso.authenticate({ sso_token, session_duration_minutes: 60 });
  assert.equal(session.member_id, member.member_id);

  const { registrations } = await client.organizations.members.oidcProviders({ organization_id, member_id: member.member_id, include_refresh_token: true });
  assert.equal(registrations.length, 1);
  const [registration] = registrations;
  assert.equal(registration.connection_id, connection.connection_id);
  assert.ok(registration.access_token && registration.refresh_token && registration.id_token);
  const claims = JSON.parse(Buffer.from(registration.id_token.split(".")[1], "base64url"));
  assert.equal(claims.aud, "server-co");
  assert.equal(claims.sub, registration.provider_subject);
});

test("npm stytch's sessions.migrate turns the old system's session into a Stytch session through its UserInfo endpoint", async () => {
  const { createServer } = await import("node:http");
  const userInfo = createServer((request, response) => {
    const known = { "Bearer legacy-session-1": "Migrating@Example.com" };
    const email = known[request.headers.authorization];
    response.writeHead(email ? 200 : 401, { "content-type": "application/json" });
    response.end(JSON.stringify(email ? { sub: "legacy|1", email } : {}));
  });
  await new Promise((resolve) => userInfo.listen(0, "127.0.0.1", resolve));
  const migrating = await startEmulator(["--seed", "none", "--session-migration-url", `http://127.0.0.1:${userInfo.address().port}/userinfo`]);
  try {
    const { B2BClient } = require("stytch");
    const backend = new B2BClient({ project_id: PROJECT_ID, secret: SECRET, env: `${migrating.url}/` });
    const { organization } = await backend.organizations.create({ organization_name: "Cutover Co", organization_slug: "cutover-co" });
    const { member } = await backend.organizations.members.create({ organization_id: organization.organization_id, email_address: "migrating@example.com" });
    const migrated = await backend.sessions.migrate({ session_token: "legacy-session-1", organization_id: organization.organization_id, session_duration_minutes: 60 });
    assert.equal(migrated.member_id, member.member_id);
    assert.deepEqual(migrated.member_session.authentication_factors.map((f) => f.type), ["imported"]);
    const checked = await backend.sessions.authenticateJwt({ session_jwt: migrated.session_jwt });
    assert.equal(checked.member_session.member_id, member.member_id);
    await rejectsWith(backend.sessions.migrate({ session_token: "not-a-legacy-session", organization_id: organization.organization_id }), "migrate_from_external_unexpected_response", 400);
  } finally {
    await migrating.stop();
    userInfo.close();
  }
});

test("custom claim templates: npm stytch sets the metadata a session template reads, and its local checks return the claims", async () => {
  const template = `{"plan": {{ organization.trusted_metadata.plan }}, "legacy": {{ member.trusted_metadata.legacy_id }}, "theme": {{ member.untrusted_metadata.theme }}, "roles": {{ member.rbac.roles }}}`;
  const set = await emulatorApi(emulator.url, "PUT", "/jwt_templates/SESSION", { template_content: template });
  assert.equal(set.jwt_template.template_content, template);
  await emulatorApi(emulator.url, "PUT", "/jwt_templates/M2M", { template_content: `{"user_id": {{ request.user_id }}}` });
  try {
    const { organization, member, email, ids } = await organizationWithMember();
    // Fields only a server may change, through npm stytch's own calls.
    const { organization: updated } = await client.organizations.update({
      organization_id: organization.organization_id,
      trusted_metadata: { plan: "gold" },
      organization_logo_url: "https://server.example/logo.png",
    });
    assert.deepEqual(updated.trusted_metadata, { plan: "gold" });
    assert.equal(updated.organization_logo_url, "https://server.example/logo.png");
    const { member: changed } = await client.organizations.members.update({
      ...ids,
      trusted_metadata: { legacy_id: 7 },
      untrusted_metadata: { theme: "dark" },
      external_id: `crm-${member.member_id.slice(-6)}`,
    });
    assert.deepEqual([changed.trusted_metadata, changed.untrusted_metadata], [{ legacy_id: 7 }, { theme: "dark" }]);

    await client.magicLinks.email.loginOrSignup({ organization_id: organization.organization_id, email_address: email });
    const link = await latestMessage(emulator.url, email);
    const signedIn = await client.magicLinks.authenticate({ magic_links_token: link.token });
    const expected = { plan: "gold", legacy: 7, theme: "dark", roles: ["stytch_member"] };
    assert.deepEqual(signedIn.member_session.custom_claims, expected);
    // npm stytch's local JWT check reads the template's claims from the signed JWT.
    const local = await client.sessions.authenticateJwtLocal({ session_jwt: signedIn.session_jwt });
    assert.deepEqual(local.custom_claims, expected);
    // The session's own claims win, and a deleted template claim stays deleted.
    const own = await client.sessions.authenticate({ session_token: signedIn.session_token, session_custom_claims: { plan: null, team: "a" } });
    assert.deepEqual((await client.sessions.authenticateJwtLocal({ session_jwt: own.session_jwt })).custom_claims, { legacy: 7, theme: "dark", roles: ["stytch_member"], team: "a" });

    // M2M: an extra token-request parameter becomes a claim npm stytch's authenticateToken returns.
    const { m2m_client } = await client.m2m.clients.create({ scopes: ["read:users"] });
    const response = await fetch(`${emulator.url}/v1/public/${PROJECT_ID}/oauth2/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ grant_type: "client_credentials", client_id: m2m_client.client_id, client_secret: m2m_client.client_secret, user_id: "u-42" }),
    });
    const { access_token } = await response.json();
    const checked = await client.m2m.authenticateToken({ access_token });
    assert.deepEqual(checked.custom_claims, { user_id: "u-42" });
  } finally {
    await emulatorApi(emulator.url, "PUT", "/jwt_templates/SESSION", { template_content: "" });
    await emulatorApi(emulator.url, "PUT", "/jwt_templates/M2M", { template_content: "" });
  }
});

test("npm stytch names organizations and members by external ID, held unique, and a member update retires or unlinks the old address", async () => {
  const stamp = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const { organization, member, email, ids } = await organizationWithMember({ organization_external_id: `crm|${stamp}` });
  await rejectsWith(
    client.organizations.create({ organization_name: "Copy Co", organization_slug: `copy-${stamp}`, organization_external_id: `crm|${stamp}` }),
    "organization_external_id_already_used", 400);
  await rejectsWith(
    client.organizations.create({ organization_name: "Odd Co", organization_slug: `odd-${stamp}`, organization_external_id: "has space" }),
    "invalid_organization_external_id", 400);
  await client.organizations.members.update({ ...ids, external_id: `emp-${stamp}` });
  const { member: colleague } = await client.organizations.members.create({
    organization_id: organization.organization_id, email_address: uniqueEmail("colleague"),
  });
  await rejectsWith(
    client.organizations.members.update({ organization_id: organization.organization_id, member_id: colleague.member_id, external_id: `emp-${stamp}` }),
    "duplicate_member_external_id", 400);

  // The client puts either ID in the path; the emulator reads external IDs there as Stytch does.
  const byExternal = { organization_id: `crm|${stamp}`, member_id: `emp-${stamp}` };
  const { organization: found } = await client.organizations.get({ organization_id: `crm|${stamp}` });
  assert.equal(found.organization_id, organization.organization_id);
  const { member: got } = await client.organizations.members.get(byExternal);
  assert.equal(got.member_id, member.member_id);

  const moved = await client.organizations.members.update({ ...byExternal, email_address: uniqueEmail("moved") });
  assert.deepEqual(moved.member.retired_email_addresses.map((r) => r.email_address), [email]);
  await rejectsWith(
    client.organizations.members.create({ organization_id: organization.organization_id, email_address: email }),
    "retired_member_email", 400);
  const colleagueEmail = colleague.email_address;
  const unlinked = await client.organizations.members.update({
    organization_id: organization.organization_id, member_id: colleague.member_id,
    email_address: uniqueEmail("colleague-new"), unlink_email: true,
  });
  assert.deepEqual(unlinked.member.retired_email_addresses, []);
  const { member: newcomer } = await client.organizations.members.create({
    organization_id: organization.organization_id, email_address: colleagueEmail,
  });
  assert.equal(newcomer.email_address, colleagueEmail);
});
