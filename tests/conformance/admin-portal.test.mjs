// The official Admin Portal (`@stytch/vanilla-js`'s `mountAdminPortalSSO`,
// `…MemberManagement`, `…OrgSettings` and `…SCIM`) against the emulator, in Chromium: a team
// that embeds Stytch's own admin screens beside its Leptos app tests them against the same
// emulator. Every request the portal makes must be answered without an error, and each screen
// must show the organization's data the backend set up.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { createHash } from "node:crypto";
import path from "node:path";
import { ROOT, PUBLIC_TOKEN, startEmulator, launchBrowser, backendApi, uniqueEmail, closeAll } from "../lib/harness.mjs";

const DIST = path.join(ROOT, "tests/node_modules/@stytch/vanilla-js/dist/iife");
const PASSWORD = "correct horse battery staple";

// Both bundles define the global `stytch`: each is kept under its own name.
const PAGE = `<!doctype html><meta charset="utf-8">
<script src="/b2b.js"></script><script>window.B2B = stytch;</script>
<script src="/portal.js"></script><script>window.Portal = stytch;</script>
<div id="portal"></div>
<script>
window.signIn = async (api, token, organization_id, email_address, password) => {
  window.client = new B2B.StytchB2BClient(token, { endpoints: { testAPIURL: api, liveAPIURL: api } });
  await client.passwords.authenticate({ organization_id, email_address, password, session_duration_minutes: 60 });
};
window.mountPortal = (screen) => Portal["mountAdminPortal" + screen]({ element: "#portal", client });
</script>`;

let emulator, server, origin, browser;

before(async () => {
  server = createServer(async (request, response) => {
    const { pathname } = new URL(request.url, "http://x");
    if (pathname === "/") return response.writeHead(200, { "content-type": "text/html" }).end(PAGE);
    const bundles = { "/b2b.js": "b2b/index.headless.js", "/portal.js": "adminPortal/index.js" };
    if (bundles[pathname]) {
      return response.writeHead(200, { "content-type": "text/javascript" }).end(await readFile(path.join(DIST, bundles[pathname])));
    }
    response.writeHead(404).end();
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  origin = `http://127.0.0.1:${server.address().port}`;
  emulator = await startEmulator(["--seed", "none"]);
  browser = await launchBrowser();
});

after(() => closeAll({ browser, emulator, server }));

/** A member with a password (imported as a hash, so no email round trip) and these roles. */
async function memberWithPassword(organization_id, email_address, roles) {
  const hash = createHash("sha512").update(PASSWORD).digest("hex");
  const migrated = await backendApi(emulator.url, "POST", "/passwords/migrate", { organization_id, email_address, hash_type: "sha_512", hash, roles });
  assert.ok(migrated.member, JSON.stringify(migrated));
  return migrated.member;
}

test("the official Admin Portal's four screens run against the emulator for a signed-in admin", async () => {
  const slug = `portal-${Date.now().toString(36)}`;
  const { organization } = await backendApi(emulator.url, "POST", "/organizations", { organization_name: "Umbrella Portal", organization_slug: slug });
  const organization_id = organization.organization_id;
  const adminEmail = uniqueEmail("portal-admin");
  await memberWithPassword(organization_id, adminEmail, ["stytch_admin"]);
  const colleague = uniqueEmail("portal-colleague");
  await backendApi(emulator.url, "POST", `/organizations/${organization_id}/members`, { email_address: colleague, name: "Grace Colleague" });
  const saml = await backendApi(emulator.url, "POST", `/sso/saml/${organization_id}`, { display_name: "Umbrella Okta", identity_provider: "okta" });
  assert.ok(saml.connection, JSON.stringify(saml));

  // Each screen on a page of its own, as an app shows one per route.
  const answers = [];
  const errors = [];
  // `settled`: a path whose answer the screen renders from; its render is awaited too (two
  // animation frames), so a screen that breaks on what the emulator answered fails here.
  const show = async (screen, text, settled) => {
    const page = await browser.newPage();
    page.on("pageerror", (error) => errors.push(`${screen}: ${error.message}`));
    page.on("response", (response) => {
      const url = new URL(response.url());
      if (url.origin === new URL(emulator.url).origin && response.request().method() !== "OPTIONS") {
        answers.push(`${response.status()} ${response.request().method()} ${url.pathname}`);
      }
    });
    await page.goto(origin);
    await page.evaluate(([api, token, org, email, password]) => window.signIn(api, token, org, email, password), [
      emulator.url, PUBLIC_TOKEN, organization_id, adminEmail, PASSWORD,
    ]);
    const answered = settled && page.waitForResponse((r) => new URL(r.url()).pathname === settled);
    await page.evaluate((name) => window.mountPortal(name), screen);
    await page.getByText(text).first().waitFor();
    if (answered) {
      await answered;
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    }
    await page.close();
  };
  // SSO: the organization's connection, listed by name.
  await show("SSO", "Umbrella Okta");
  // Member management: the colleague the backend created.
  await show("MemberManagement", colleague);
  // Organization settings: the organization's name, and its role assignments drawn from the
  // SSO connections (which read each SAML connection's `attribute_mapping`).
  await show("OrgSettings", "Umbrella Portal", "/sdk/v1/b2b/sso");
  // SCIM: no connection yet, so the screen offers to set one up.
  await show("SCIM", "Set up a SCIM connection to sync from an IdP.");

  const failed = answers.filter((a) => !a.startsWith("2"));
  assert.deepEqual(failed, [], `every request answered: ${answers.join(", ")}`);
  assert.ok(answers.some((a) => a.endsWith("/sdk/v1/b2b/admin_portal_config")), `the portal asked for its config: ${answers.join(", ")}`);
  assert.deepEqual(errors, []);
});

test("the Admin Portal's configuration: every feature the emulator serves, for the project's public token only", async () => {
  const call = (token) =>
    fetch(`${emulator.url}/sdk/v1/b2b/admin_portal_config`, { headers: { authorization: `Basic ${Buffer.from(`${token}:${token}`).toString("base64")}` } });
  const answer = await call(PUBLIC_TOKEN);
  assert.equal(answer.status, 200);
  const { data } = await answer.json();
  assert.deepEqual(
    [data.sso_config, data.scim_config, data.organization_config],
    [{ sso_enabled: true, can_create_saml_connection: true, can_create_oidc_connection: true }, { scim_enabled: true }, { mfa_controls_enabled: true }],
  );
  const refused = await call("public-token-test-00000000-0000-0000-0000-000000000000");
  assert.equal(refused.status >= 400 && refused.status < 500, true, `a stranger's token is refused (${refused.status})`);
});
