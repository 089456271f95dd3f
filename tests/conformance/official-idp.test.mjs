// Stytch's own prebuilt consent screen for Connected Apps (`@stytch/vanilla-js`'s
// `StytchB2BIdentityProvider`) against the emulator, in Chromium: the page a third-party app
// sends a member to, with the OAuth request in its URL. The member, signed in, sees the app and
// the scopes it asks for; allowing sends the browser back to the app with a code that the test,
// playing the app, redeems at the token endpoint; denying sends it back with `access_denied`.
// A first-party app asks nothing; custom scopes show the project's descriptions, and those the
// member's roles cannot grant are set apart and left out of the token. Every SDK answer must be
// a success and no page may throw.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { createHash, randomBytes } from "node:crypto";
import path from "node:path";
import { ROOT, PUBLIC_TOKEN, PROJECT_ID, SECRET, startEmulator, launchBrowser, backendApi, emulatorApi, uniqueEmail, closeAll, servePages, memberWithPassword } from "../lib/harness.mjs";

const BUNDLE = path.join(ROOT, "tests/node_modules/@stytch/vanilla-js/dist/iife/b2b/index.js");
const PASSWORD = "correct horse battery staple";

// The consent page: the member signs in with the headless client, then the consent screen mounts
// and reads the OAuth request from the page's own URL.
const PAGE = `<!doctype html><meta charset="utf-8"><script src="/ui.js"></script>
<div id="consent"></div>
<script>
window.signInAndConsent = async (api, token, organization_id, email_address, password) => {
  const client = new stytch.StytchB2BClient(token, { endpoints: { testAPIURL: api, liveAPIURL: api } });
  await client.passwords.authenticate({ organization_id, email_address, password, session_duration_minutes: 60 });
  customElements.define("stytch-idp", stytch.StytchB2BIdentityProvider);
  const consent = document.createElement("stytch-idp");
  consent.client = client;
  document.getElementById("consent").appendChild(consent);
};
</script>`;

let emulator, server, origin, browser;

before(async () => {
  ({ server, origin } = await servePages(async (pathname, response) => {
    if (pathname === "/ui.js") return response.writeHead(200, { "content-type": "text/javascript" }).end(await readFile(BUNDLE));
    if (pathname === "/consent") return response.writeHead(200, { "content-type": "text/html" }).end(PAGE);
    // The app's redirect URI: what arrives is read from the browser's address.
    if (pathname === "/callback") response.writeHead(200, { "content-type": "text/plain" }).end("back at the app");
  }));
  emulator = await startEmulator(["--seed", "none"]);
  browser = await launchBrowser();
});

after(() => closeAll({ browser, emulator, server }));

/** A member with a password in a new organization: its ID and the member's address. */
async function memberOfNewOrganization(name) {
  const { organization } = await backendApi(emulator.url, "POST", "/organizations", {
    organization_name: name, organization_slug: `${name.toLowerCase().replace(/\W+/g, "-")}-${Date.now().toString(36)}`,
  });
  const email = uniqueEmail("consent");
  await memberWithPassword(emulator.url, organization.organization_id, email, PASSWORD);
  return { organization_id: organization.organization_id, email };
}

/** Registers a connected app through the Management API. */
async function registerApp(settings) {
  const answer = await fetch(`${emulator.url}/v1/connected_apps/clients`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Basic ${Buffer.from(`${PROJECT_ID}:${SECRET}`).toString("base64")}` },
    body: JSON.stringify({ redirect_urls: [`${origin}/callback`], ...settings }),
  }).then((r) => r.json());
  assert.ok(answer.connected_app, JSON.stringify(answer));
  return answer.connected_app;
}

/**
 * A tab at the consent page for `app` asking for `scope` (with a PKCE challenge), the member
 * signed in; records the SDK's answers and page errors.
 */
async function consentTab(app, scope, member) {
  const verifier = randomBytes(32).toString("base64url");
  const challenge = createHash("sha256").update(verifier).digest("base64url");
  const state = randomBytes(8).toString("hex");
  const query = new URLSearchParams({
    client_id: app.client_id, redirect_uri: `${origin}/callback`, response_type: "code", scope, state,
    code_challenge: challenge, code_challenge_method: "S256",
  });
  const tab = await browser.newPage();
  const answers = [];
  const errors = [];
  tab.on("pageerror", (error) => errors.push(error.message));
  tab.on("response", (response) => {
    const url = new URL(response.url());
    if (url.pathname.startsWith("/sdk/") && response.request().method() !== "OPTIONS") answers.push(`${response.status()} ${url.pathname.replace(/bootstrap\/.*/, "bootstrap")}`);
  });
  await tab.goto(`${origin}/consent?${query}`);
  await tab.evaluate(([api, token, org, email, password]) => window.signInAndConsent(api, token, org, email, password), [
    emulator.url, PUBLIC_TOKEN, member.organization_id, member.email, PASSWORD,
  ]);
  return { tab, answers, errors, verifier, state };
}

/** The query the browser arrived at the app's callback with. */
async function arrived(tab) {
  await tab.waitForURL((url) => url.pathname === "/callback");
  return new URL(tab.url()).searchParams;
}

/** Redeems a code at the token endpoint as the app would (a form, with its secret and verifier). */
async function redeem(app, code, verifier) {
  const response = await fetch(`${emulator.url}/v1/public/${PROJECT_ID}/oauth2/token`, {
    method: "POST",
    body: new URLSearchParams({
      grant_type: "authorization_code", code, client_id: app.client_id, client_secret: app.client_secret,
      redirect_uri: `${origin}/callback`, code_verifier: verifier,
    }),
  });
  return [response.status, await response.json()];
}

test("a third-party app: the official consent screen names it and what it asks; allowing returns a code the app redeems", async () => {
  const member = await memberOfNewOrganization("Consent Co");
  const app = await registerApp({ client_type: "third_party", client_name: "Acme Reports", client_description: "Weekly reports from your workspace" });
  const visit = await consentTab(app, "openid email profile offline_access", member);
  await visit.tab.getByText("Acme Reports").first().waitFor();
  const shown = await visit.tab.locator("body").innerText();
  // The screen words the standard scopes itself (the descriptions in Stytch's answer are for
  // custom scopes).
  for (const words of ["Verify your identity", "View your personal profile information", "Maintain access to your data"]) {
    assert.ok(shown.includes(words), `the scope "${words}" is listed: ${shown}`);
  }
  await visit.tab.getByRole("button", { name: "Allow" }).click();
  const query = await arrived(visit.tab);
  assert.equal(query.get("state"), visit.state, "the app's state comes back");
  const [status, tokens] = await redeem(app, query.get("code"), visit.verifier);
  assert.equal(status, 200, JSON.stringify(tokens));
  assert.equal(tokens.scope, "openid email profile offline_access");
  assert.ok(tokens.access_token && tokens.id_token && tokens.refresh_token);
  const claims = JSON.parse(Buffer.from(tokens.id_token.split(".")[1], "base64url"));
  assert.deepEqual([claims.email, claims.aud], [member.email, [app.client_id]]);
  assert.deepEqual(visit.answers.filter((a) => !a.startsWith("2")), [], visit.answers.join(", "));
  assert.ok(visit.answers.includes("200 /sdk/v1/idp/b2b/oauth/authorize/submit"), visit.answers.join(", "));
  assert.deepEqual(visit.errors, []);
  await visit.tab.close();

  // The member, asked again, denies: the app hears `access_denied` and gets no code.
  const again = await memberOfNewOrganization("Deny Co");
  const denied = await consentTab(app, "openid email", again);
  await denied.tab.getByRole("button", { name: "Deny" }).click();
  const refusal = await arrived(denied.tab);
  assert.deepEqual([refusal.get("error"), refusal.get("code"), refusal.get("state")], ["access_denied", null, denied.state]);
  assert.deepEqual(denied.errors, []);
  await denied.tab.close();
});

test("a first-party app: the official consent screen asks nothing and the browser goes straight back with a code", async () => {
  const member = await memberOfNewOrganization("Own Co");
  const app = await registerApp({ client_type: "first_party", client_name: "Own Desktop" });
  const visit = await consentTab(app, "openid email", member);
  const query = await arrived(visit.tab);
  const [status, tokens] = await redeem(app, query.get("code"), visit.verifier);
  assert.equal(status, 200, JSON.stringify(tokens));
  assert.equal(tokens.scope, "openid email");
  assert.deepEqual(visit.answers.filter((a) => !a.startsWith("2")), [], visit.answers.join(", "));
  assert.deepEqual(visit.errors, []);
  await visit.tab.close();
});

test("custom scopes: the official consent screen describes each as the project does, sets apart the ones the member's roles cannot grant, and the token carries only the grantable", async () => {
  const answer = await emulatorApi(emulator.url, "GET", "/rbac/policy");
  const policy = answer.policy ?? answer;
  policy.scopes = [
    { scope: "read:documents", description: "Read your team's documents", permissions: [{ resource_id: "documents", actions: ["read"] }] },
    { scope: "delete:documents", description: "Delete your team's documents", permissions: [{ resource_id: "documents", actions: ["delete"] }] },
  ];
  await emulatorApi(emulator.url, "PUT", "/rbac/policy", policy);
  try {
    // A plain member: their roles let them read documents, not delete them.
    const member = await memberOfNewOrganization("Scoped Co");
    const app = await registerApp({ client_type: "third_party", client_name: "Docs Agent" });
    const visit = await consentTab(app, "openid read:documents delete:documents", member);
    await visit.tab.getByText("You do not have permissions to grant Docs Agent access to some of the requested scopes.").waitFor();
    await visit.tab.getByText("Read your team's documents").waitFor();
    const shown = await visit.tab.locator("body").innerText();
    assert.ok(!shown.includes("Delete your team's documents"), `an ungrantable scope is not offered: ${shown}`);
    await visit.tab.getByRole("button", { name: "Allow" }).click();
    const query = await arrived(visit.tab);
    const [status, tokens] = await redeem(app, query.get("code"), visit.verifier);
    assert.equal(status, 200, JSON.stringify(tokens));
    assert.equal(tokens.scope, "openid read:documents", "only what the member could grant");
    assert.deepEqual(visit.answers.filter((a) => !a.startsWith("2")), [], visit.answers.join(", "));
    assert.deepEqual(visit.errors, []);
    await visit.tab.close();
  } finally {
    policy.scopes = [];
    await emulatorApi(emulator.url, "PUT", "/rbac/policy", policy);
  }
});
