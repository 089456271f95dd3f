// Stytch's official clients judge the emulator: the frontend SDK `@stytch/vanilla-js@6.3.0`
// (under jsdom, with its internal `endpoints` option) and the backend client `stytch@14.2.0`
// run the discovery flow, sessions and the backend API against it, unchanged.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { startEmulator, latestMessage, uniqueEmail, PUBLIC_TOKEN, PROJECT_ID, SECRET } from "../lib/harness.mjs";
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
  await client.sessions.revoke({ member_session_id: session.member_session.member_session_id });
  await assert.rejects(client.sessions.authenticate({ session_token: session.session_token }), (e) => e.error_type === "session_not_found");
});
