// The official Admin Portal (`@stytch/vanilla-js`'s `mountAdminPortalSSO`,
// `…MemberManagement`, `…OrgSettings` and `…SCIM`) against the emulator, in Chromium: a team
// that embeds Stytch's own admin screens beside its Leptos app tests them against the same
// emulator. Every request the portal makes must be answered without an error, and each screen
// must show the organization's data the backend set up. An admin then uses the screens as a
// person would (invitations, roles, MFA, passwords, sessions, deactivation, finding members page
// by page, by address, role and status; SAML from a metadata
// URL, OIDC from an issuer and by hand, a connection edited (name, IdP values, attributes, roles a
// member then signs in with), an external connection made the default and deleted; a SCIM
// connection an identity provider played by the test provisions through, its groups mapped to
// roles, its token rotated, the connection deleted), and each change is read back from the
// backend.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { ROOT, PUBLIC_TOKEN, startEmulator, launchBrowser, backendApi, uniqueEmail, closeAll, latestMessage, messages, servePages, memberWithPassword } from "../lib/harness.mjs";

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

// What an identity provider publishes, served by the test's own page server: Okta's SAML
// metadata and an OIDC provider's discovery document (its endpoints under the issuer).
const SAML_METADATA = `<?xml version="1.0" encoding="UTF-8"?>
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="http://www.okta.com/exk-portal">
  <md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
    <md:KeyDescriptor use="signing"><ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:X509Data>
      <ds:X509Certificate>UG9ydGFsIE9rdGEgbWV0YWRhdGE=</ds:X509Certificate>
    </ds:X509Data></ds:KeyInfo></md:KeyDescriptor>
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://portal.okta.example/app/exk-portal/sso/saml"/>
  </md:IDPSSODescriptor>
</md:EntityDescriptor>`;
const oidcDiscovery = (issuer) => ({
  issuer, authorization_endpoint: `${issuer}/authorize`, token_endpoint: `${issuer}/token`,
  userinfo_endpoint: `${issuer}/userinfo`, jwks_uri: `${issuer}/keys`,
});

let emulator, server, origin, browser;

before(async () => {
  ({ server, origin } = await servePages(async (pathname, response) => {
    if (pathname === "/") return response.writeHead(200, { "content-type": "text/html" }).end(PAGE);
    if (pathname === "/okta/metadata.xml") return response.writeHead(200, { "content-type": "application/xml" }).end(SAML_METADATA);
    if (pathname === "/oidc/.well-known/openid-configuration") {
      return response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(oidcDiscovery(`${origin}/oidc`)));
    }
    const bundles = { "/b2b.js": "b2b/index.headless.js", "/portal.js": "adminPortal/index.js" };
    if (bundles[pathname]) {
      response.writeHead(200, { "content-type": "text/javascript" }).end(await readFile(path.join(DIST, bundles[pathname])));
    }
  }));
  emulator = await startEmulator(["--seed", "none"]);
  browser = await launchBrowser();
});

after(() => closeAll({ browser, emulator, server }));

/** A member with the test's password and these roles. */
const memberWithRoles = (organization_id, email_address, roles) => memberWithPassword(emulator.url, organization_id, email_address, PASSWORD, roles);

/**
 * `page` (re)loaded, `adminEmail` signed in, and the portal's `screen` mounted. `answered`: the
 * awaitable answer to `settled` (a path the screen renders from), when one is named.
 */
async function mountAs(page, organization_id, adminEmail, screen, settled) {
  await page.goto(origin);
  await page.evaluate(([api, token, org, email, password]) => window.signIn(api, token, org, email, password), [
    emulator.url, PUBLIC_TOKEN, organization_id, adminEmail, PASSWORD,
  ]);
  const answered = settled && page.waitForResponse((r) => new URL(r.url()).pathname === settled);
  await page.evaluate((name) => window.mountPortal(name), screen);
  return { answered };
}

/**
 * A page of its own where `adminEmail` is signed in and the portal's `screen` is mounted;
 * records the emulator's answers and page errors. `answered`: as `mountAs` gives it.
 */
async function portalPage(organization_id, adminEmail, screen, settled) {
  const page = await browser.newPage();
  const answers = [];
  const errors = [];
  page.on("pageerror", (error) => errors.push(error.message));
  page.on("response", (response) => {
    const url = new URL(response.url());
    if (url.origin === new URL(emulator.url).origin && response.request().method() !== "OPTIONS") {
      answers.push(`${response.status()} ${response.request().method()} ${url.pathname}`);
    }
  });
  const { answered } = await mountAs(page, organization_id, adminEmail, screen, settled);
  return { page, answers, errors, answered };
}

test("the official Admin Portal's four screens run against the emulator for a signed-in admin", async () => {
  const slug = `portal-${Date.now().toString(36)}`;
  const { organization } = await backendApi(emulator.url, "POST", "/organizations", { organization_name: "Umbrella Portal", organization_slug: slug });
  const organization_id = organization.organization_id;
  const adminEmail = uniqueEmail("portal-admin");
  await memberWithRoles(organization_id, adminEmail, ["stytch_admin"]);
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
    const visit = await portalPage(organization_id, adminEmail, screen, settled);
    await visit.page.getByText(text).first().waitFor();
    if (visit.answered) {
      await visit.answered;
      await visit.page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    }
    answers.push(...visit.answers);
    errors.push(...visit.errors.map((error) => `${screen}: ${error}`));
    await visit.page.close();
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

/**
 * A new organization named `name` with a signed-in admin (a password member with
 * `stytch_admin`), on a page of its own with the portal's `screen` mounted.
 */
async function adminOfNewOrganization(name, screen) {
  const organization_slug = `${name.toLowerCase().replace(/\W+/g, "-")}-${Date.now().toString(36)}`;
  const { organization } = await backendApi(emulator.url, "POST", "/organizations", { organization_name: name, organization_slug });
  const organization_id = organization.organization_id;
  const adminEmail = uniqueEmail("portal-admin");
  await memberWithRoles(organization_id, adminEmail, ["stytch_admin"]);
  return { organization_id, organization_slug, adminEmail, ...(await portalPage(organization_id, adminEmail, screen)) };
}

/** Every answer of the emulator was a success and the page threw nothing; closes it. */
async function finishPortal({ page, answers, errors }) {
  assert.deepEqual(answers.filter((a) => !a.startsWith("2")), [], answers.join(", "));
  assert.deepEqual(errors, []);
  await page.close();
}

/** The member as the backend holds it, deleted or not. */
async function memberById(member_id) {
  const found = await backendApi(emulator.url, "GET", `/organizations/members/dangerously_get/${member_id}?include_deleted=true`);
  assert.ok(found.member, JSON.stringify(found));
  return found.member;
}

/** The (not deleted) member with this address. */
async function memberByEmail(organization_id, email_address) {
  const found = await backendApi(emulator.url, "GET", `/organizations/${organization_id}/member?email_address=${encodeURIComponent(email_address)}`);
  assert.ok(found.member, JSON.stringify(found));
  return found.member;
}

test("an admin runs their team from the official Admin Portal's member screens: invite, roles, MFA, password, sessions, deactivation", async () => {
  const visit = await adminOfNewOrganization("Team Portal", "MemberManagement");
  const { organization_id, adminEmail, page } = visit;
  // A colleague with a password and a live session, whose address a link has verified.
  const colleague = uniqueEmail("team-colleague");
  await memberWithRoles(organization_id, colleague, []);
  await backendApi(emulator.url, "POST", "/magic_links/email/login_or_signup", { organization_id, email_address: colleague });
  const { token } = await latestMessage(emulator.url, colleague);
  const { session_token } = await backendApi(emulator.url, "POST", "/magic_links/authenticate", { magic_links_token: token, session_duration_minutes: 60 });
  assert.ok(session_token);
  // The portal read the member list when it opened, perhaps before the colleague existed.
  await mountAs(page, organization_id, adminEmail, "MemberManagement");

  await page.getByText(colleague).waitFor();
  /** Confirms the open dialog with its last (primary) button. */
  const confirm = () => page.getByRole("dialog").getByRole("button").last().click();
  /** Resolves once the emulator answered `method path`. */
  const answered = (method, pathStart) =>
    page.waitForResponse((r) => r.request().method() === method && new URL(r.url()).pathname.startsWith(pathStart));

  // Invite someone new as an editor: the email goes out and the member waits as invited.
  const invitee = uniqueEmail("team-invitee");
  await page.getByRole("button", { name: "Invite" }).first().click();
  await page.getByLabel("Name (optional)").fill("Ivy Invitee");
  await page.getByLabel("Email address").fill(invitee);
  await page.getByLabel("Role").click();
  await page.getByRole("option", { name: /editor/ }).click();
  await page.keyboard.press("Escape");
  await page.getByRole("button", { name: "Invite", exact: true }).last().click();
  await page.getByText(`Invite sent to ${invitee}`).waitFor();
  const invited = await memberByEmail(organization_id, invitee);
  assert.deepEqual([invited.status, invited.name, invited.roles.map((r) => r.role_id).sort()], ["invited", "Ivy Invitee", ["editor", "stytch_member"]]);
  assert.equal((await messages(emulator.url, invitee)).length, 1);
  // Resend, then revoke, from the row's menu.
  await page.getByRole("row", { name: /Ivy Invitee/ }).getByRole("button").last().click();
  await page.getByRole("menuitem", { name: "Resend invite email" }).click();
  await latestMessage(emulator.url, invitee, { after: 1 });
  await page.getByRole("row", { name: /Ivy Invitee/ }).getByRole("button").last().click();
  await page.getByRole("menuitem", { name: "Revoke invite" }).click();
  const revoked = answered("DELETE", "/sdk/v1/b2b/organizations/members/");
  await confirm();
  await revoked;
  assert.equal((await memberById(invited.member_id)).status, "deleted");

  // The colleague's page: a role and required MFA, saved after the portal's confirmation.
  await page.getByText(colleague).click();
  await page.getByRole("button", { name: "Edit" }).nth(1).click();
  await page.getByText("Add Role assignment").click();
  await page.getByRole("dialog").getByRole("combobox").click();
  await page.getByRole("option", { name: /viewer/ }).click();
  await page.getByRole("button", { name: "Add Role" }).click();
  await page.getByRole("checkbox").first().check();
  await page.getByRole("button", { name: "Save", exact: true }).click();
  const updated = answered("PUT", "/sdk/v1/b2b/organizations/members/");
  await page.getByRole("button", { name: "Save changes" }).click();
  await updated;
  await page.getByText("Manual assignment").waitFor();
  let member = await memberByEmail(organization_id, colleague);
  assert.deepEqual([member.roles.map((r) => r.role_id).sort(), member.mfa_enrolled], [["stytch_member", "viewer"], true]);

  // Password reset: the password goes and a reset email goes out.
  const before = (await messages(emulator.url, colleague)).length;
  await page.getByRole("button", { name: "Reset password" }).click();
  await page.getByRole("dialog").getByRole("checkbox").check();
  await confirm();
  const reset = await latestMessage(emulator.url, colleague, { after: before });
  assert.match(reset.link, /stytch_redirect_type=reset_password&stytch_token_type=multi_tenant_passwords/);
  assert.equal((await memberByEmail(organization_id, colleague)).member_password_id, "");

  // Revoking every session ends the one the colleague had.
  const revokedSessions = answered("POST", "/sdk/v1/b2b/sessions/revoke/");
  await page.getByRole("button", { name: "Revoke all sessions" }).click();
  await confirm();
  await revokedSessions;
  const gone = await backendApi(emulator.url, "POST", "/sessions/authenticate", { session_token });
  assert.equal(gone.error_type, "session_not_found");

  // Deactivate, and (the address being verified) reactivate.
  const deleted = answered("DELETE", "/sdk/v1/b2b/organizations/members/");
  await page.getByRole("button", { name: "Deactivate Member" }).click();
  await confirm();
  await deleted;
  await page.getByText("Deactivated").waitFor();
  assert.equal((await memberById(member.member_id)).status, "deleted");
  const reactivated = answered("PUT", "/sdk/v1/b2b/organizations/members/");
  await page.getByRole("button", { name: /Reactivate/ }).first().click();
  await confirm();
  await reactivated;
  assert.equal((await memberById(member.member_id)).status, "active");

  await finishPortal(visit);
});

test("an admin sets up SSO in the official Admin Portal: Okta SAML from its metadata URL, a custom OIDC provider from its issuer, another by hand", async () => {
  const visit = await adminOfNewOrganization("SSO Portal", "SSO");
  const { organization_id, page } = visit;
  await page.getByText("No results found.").waitFor();
  /** Starts a new connection named `name` of `kind` (the portal's menu item) and opens `section`. */
  const start = async (name, kind, section) => {
    await page.getByRole("button", { name: "New connection" }).click();
    await page.getByPlaceholder("Text").fill(name);
    await page.getByRole("combobox").click();
    await page.getByRole("menuitem", { name: kind }).click();
    // The connection's creation re-renders the form: wait for it before touching the form.
    const created = page.waitForResponse((r) => r.request().method() === "POST" && new URL(r.url()).pathname.startsWith("/sdk/v1/b2b/sso/"));
    await page.getByRole("button", { name: "Create", exact: true }).click();
    await created;
    await page.getByRole("button", { name: section }).click();
  };
  const listed = async () => (await backendApi(emulator.url, "GET", `/sso/${organization_id}`));

  // Okta SAML: the admin pastes the metadata URL; the emulator fetches it for the IdP's details.
  await start("Portal Okta", "Okta SAML", "Enter the following from Okta.");
  await page.getByLabel("Metadata URL").fill(`${origin}/okta/metadata.xml`);
  await page.getByRole("button", { name: "Create", exact: true }).click();
  await page.getByRole("row", { name: /Portal Okta/ }).getByText("Active").waitFor();
  const [saml] = (await listed()).saml_connections;
  assert.deepEqual(
    [saml.status, saml.idp_entity_id, saml.idp_sso_url, saml.verification_certificates.length],
    ["active", "http://www.okta.com/exk-portal", "https://portal.okta.example/app/exk-portal/sso/saml", 1],
  );

  // Custom OIDC: only the client's ID and secret and the issuer, as the portal asks; the issuer's
  // discovery document supplies the endpoints, and the connection goes live.
  await start("Portal OIDC", "Custom OIDC", "Enter the following from your IdP.");
  await page.getByLabel("Client ID").fill("portal-client");
  await page.getByLabel("Client Secret").fill("portal-secret");
  await page.getByLabel("Issuer").fill(`${origin}/oidc`);
  await page.getByRole("button", { name: "Create", exact: true }).click();
  await page.getByRole("row", { name: /Portal OIDC/ }).getByText("Active").waitFor();
  const [oidc] = (await listed()).oidc_connections;
  const published = oidcDiscovery(`${origin}/oidc`);
  assert.deepEqual(
    [oidc.status, oidc.authorization_url, oidc.token_url, oidc.userinfo_url, oidc.jwks_url],
    ["active", published.authorization_endpoint, published.token_endpoint, published.userinfo_endpoint, published.jwks_uri],
  );

  // Custom OIDC configured by hand: an issuer with nothing to discover, every endpoint typed in.
  await start("Manual OIDC", "Custom OIDC", "Enter the following from your IdP.");
  // Under load the portal can re-render the toggle as the first click lands: repeat it (a few
  // tries) until the manual form shows; the fields below still fail the test if it never does.
  const manualForm = page.getByRole("button", { name: "Configure using Issuer" });
  for (let tries = 0; tries < 3 && !(await manualForm.isVisible()); tries++) {
    await page.getByRole("button", { name: "Configure manually" }).click();
    await manualForm.waitFor({ timeout: 5000 }).catch(() => {});
  }
  const typed = {
    "Client ID": "manual-client", "Client Secret": "manual-secret", Issuer: "http://127.0.0.1:9/manual",
    "Authorization URL": "http://127.0.0.1:9/manual/authorize", "Token URL": "http://127.0.0.1:9/manual/token",
    "User Info URL": "http://127.0.0.1:9/manual/userinfo", "JWKS URL": "http://127.0.0.1:9/manual/keys",
  };
  for (const [label, value] of Object.entries(typed)) await page.getByLabel(label, { exact: true }).fill(value);
  await page.getByRole("button", { name: "Create", exact: true }).click();
  await page.getByRole("row", { name: /Manual OIDC/ }).getByText("Active").waitFor();
  const manual = (await listed()).oidc_connections.find((c) => c.display_name === "Manual OIDC");
  assert.deepEqual(
    [manual.status, manual.issuer, manual.authorization_url, manual.token_url, manual.userinfo_url, manual.jwks_url],
    ["active", typed.Issuer, typed["Authorization URL"], typed["Token URL"], typed["User Info URL"], typed["JWKS URL"]],
  );

  await finishPortal(visit);
});

test("an admin connects SCIM in the official Admin Portal: the IdP provisions with the token shown, groups map to roles, the token rotates, the connection goes", async () => {
  const visit = await adminOfNewOrganization("SCIM Portal", "SCIM");
  const { organization_id, adminEmail, page } = visit;
  await page.getByRole("button", { name: "Create" }).click();
  await page.getByRole("combobox").click();
  await page.getByRole("menuitem", { name: "Okta" }).click();
  await page.getByRole("textbox", { name: "Display name" }).fill("Portal Okta SCIM");
  const connected = page.waitForResponse((r) => r.request().method() === "POST" && new URL(r.url()).pathname === "/sdk/v1/b2b/scim");
  await page.getByRole("button", { name: "Create" }).click();
  await connected;
  await page.getByRole("button", { name: "Copy the SCIM Connection Settings to your IdP." }).click();
  // What the admin copies into Okta: the connector's base URL (the emulator's own) and the token.
  const base = (await page.getByText(/\/v1\/b2b\/scim\//).textContent()).trim();
  assert.ok(base.startsWith(`${emulator.url}/v1/b2b/scim/scim-connection-`), base);
  const token = (await page.getByText(/^[A-Za-z0-9_-]{40,}$/).textContent()).trim();
  // "I have copied…": under load the portal can re-render the box as the first click lands, so
  // the click is repeated until it holds (a few tries; the assertion below still fails the test).
  const copied = page.getByRole("checkbox");
  for (let tries = 0; tries < 3 && !(await copied.isChecked()); tries++) await copied.click();
  assert.ok(await copied.isChecked(), "the admin confirms they copied the settings");
  await page.getByRole("button", { name: "Done" }).click();
  await page.getByRole("heading", { name: "Token Rotation" }).waitFor();

  // Okta, played by the test: a user and a group, sent with the token the portal showed.
  const scim = async (bearer, method, path, body) => {
    const response = await fetch(`${base}${path}`, {
      method, headers: { authorization: `Bearer ${bearer}`, "content-type": "application/scim+json" }, body: body && JSON.stringify(body),
    });
    return [response.status, await response.json().catch(() => null)];
  };
  const userName = uniqueEmail("scim-user");
  const [created, user] = await scim(token, "POST", "/Users", {
    schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"], userName, active: true,
    name: { givenName: "Sam", familyName: "Scim" }, emails: [{ value: userName, primary: true }],
  });
  assert.equal(created, 201, JSON.stringify(user));
  const [grouped, group] = await scim(token, "POST", "/Groups", {
    schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"], displayName: "Engineering", members: [{ value: user.id }],
  });
  assert.equal(grouped, 201, JSON.stringify(group));

  // Members of Engineering are editors, by the portal's group role assignment.
  await mountAs(page, organization_id, adminEmail, "SCIM");
  await page.getByRole("button", { name: "Edit" }).click();
  await page.getByRole("button", { name: "Add group roles" }).click();
  await page.getByRole("combobox").first().click();
  await page.getByRole("option", { name: "Engineering" }).or(page.getByRole("menuitem", { name: "Engineering" })).click();
  await page.getByRole("combobox").last().click();
  await page.getByRole("option", { name: /editor/ }).or(page.getByRole("menuitem", { name: /editor/ })).click();
  await page.keyboard.press("Escape");
  const saved = page.waitForResponse((r) => r.request().method() === "PUT" && new URL(r.url()).pathname.startsWith("/sdk/v1/b2b/scim/"));
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await page.getByRole("button", { name: "Save changes" }).click();
  await saved;
  const member = await memberById(user.id);
  assert.deepEqual(
    member.roles.filter((r) => r.role_id === "editor").flatMap((r) => r.sources.map((s) => s.type)),
    ["scim_connection_group"],
    JSON.stringify(member.roles),
  );

  // Rotation: both tokens work until the admin completes it; then only the new one.
  await page.getByRole("button", { name: "Start token rotation" }).click();
  const next = (await page.getByRole("dialog").getByText(/^[A-Za-z0-9_-]{40,}$/).textContent()).trim();
  await page.getByRole("dialog").getByRole("checkbox").check();
  await page.getByRole("dialog").getByRole("button", { name: "Done" }).click();
  assert.deepEqual([(await scim(token, "GET", "/Users"))[0], (await scim(next, "GET", "/Users"))[0]], [200, 200]);
  await page.getByRole("button", { name: "Complete rotation" }).click();
  const completed = page.waitForResponse((r) => new URL(r.url()).pathname === "/sdk/v1/b2b/scim/rotate/complete");
  await page.getByRole("dialog").getByRole("button", { name: "Complete rotation" }).click();
  await completed;
  assert.deepEqual([(await scim(token, "GET", "/Users"))[0], (await scim(next, "GET", "/Users"))[0]], [401, 200]);

  // Deleting the connection ends its token and the roles its groups gave; the member stays.
  await page.getByRole("button", { name: "Delete Connection" }).click();
  const deleted = page.waitForResponse((r) => r.request().method() === "DELETE" && new URL(r.url()).pathname.startsWith("/sdk/v1/b2b/scim/"));
  await page.getByRole("dialog").getByRole("button", { name: "Delete connection" }).click();
  await deleted;
  await page.getByText("Set up a SCIM connection to sync from an IdP.").waitFor();
  assert.equal((await scim(next, "GET", "/Users"))[0], 401);
  const after = await memberById(user.id);
  assert.deepEqual([after.status, after.roles.some((r) => r.role_id === "editor")], ["active", false], JSON.stringify(after.roles));

  await finishPortal(visit);
});

test("an admin sets the organization's policies in the official Admin Portal: name, MFA, sign-in methods, joining by domain, roles by domain", async () => {
  const visit = await adminOfNewOrganization("Org Portal", "OrgSettings");
  const { organization_id, page } = visit;
  const domain = `${visit.organization_slug}.example`;
  await page.getByText("Org Portal").first().waitFor();
  const organizationNow = async () => (await backendApi(emulator.url, "GET", `/organizations/${organization_id}`)).organization;
  /** Edits the `index`th section with `change`, saves it and confirms; resolves on the update's answer. */
  const edit = async (index, change) => {
    await page.getByRole("button", { name: "Edit" }).nth(index).click();
    await change();
    // A dialog the change opened has gone before the section is saved.
    await page.getByRole("dialog").waitFor({ state: "detached" });
    const updated = page.waitForResponse((r) => r.request().method() === "PUT" && new URL(r.url()).pathname === "/sdk/v1/b2b/organizations/me");
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Save changes" }).click();
    await updated;
  };

  await edit(0, () => page.getByRole("textbox", { name: "Name" }).fill("Org Portal Renamed"));
  assert.equal((await organizationNow()).organization_name, "Org Portal Renamed");

  await edit(1, async () => {
    await page.getByRole("checkbox", { name: /Require MFA/ }).check();
    await page.getByRole("checkbox", { name: /Allow all primary auth methods/ }).uncheck();
    await page.getByRole("checkbox", { name: "Email OTP" }).check();
    await page.getByRole("checkbox", { name: "Password" }).check();
  });
  let policy = await organizationNow();
  assert.deepEqual([policy.mfa_policy, policy.auth_methods, [...policy.allowed_auth_methods].sort()], ["REQUIRED_FOR_ALL", "RESTRICTED", ["email_otp", "password"]]);

  await edit(2, async () => {
    await page.getByRole("checkbox", { name: "Email domains" }).check();
    await page.getByRole("button", { name: "Add domain" }).click();
    await page.getByRole("dialog").getByRole("textbox", { name: "Domain" }).fill(domain);
    await page.getByRole("dialog").getByRole("button", { name: "Save" }).click();
  });
  policy = await organizationNow();
  assert.deepEqual([policy.email_jit_provisioning, policy.email_allowed_domains], ["RESTRICTED", [domain]]);

  await edit(3, async () => {
    await page.getByRole("button", { name: "Add Role assignment" }).click();
    await page.getByRole("dialog").getByRole("combobox", { name: "Select Role" }).click();
    await page.getByRole("menuitem", { name: /^editor/ }).click();
    await page.getByRole("dialog").getByRole("combobox", { name: "Select Source" }).click();
    await page.getByRole("menuitem", { name: "Email" }).click();
    await page.getByRole("dialog").getByRole("textbox", { name: "Domain" }).fill(domain);
    await page.getByRole("dialog").getByRole("button", { name: "Save" }).click();
  });
  policy = await organizationNow();
  assert.deepEqual(policy.rbac_email_implicit_role_assignments, [{ role_id: "editor", domain }]);
  // Someone from the domain is an editor from the moment they join.
  const { member } = await backendApi(emulator.url, "POST", `/organizations/${organization_id}/members`, { email_address: `newcomer@${domain}` });
  assert.deepEqual(
    member.roles.filter((r) => r.role_id === "editor").flatMap((r) => r.sources.map((s) => s.type)),
    ["email_assignment"],
    JSON.stringify(member.roles),
  );

  await finishPortal(visit);
});

test("an admin adds an external SSO connection in the official Admin Portal, makes it the default and deletes it", async () => {
  // Source Co's identity provider, which Partner Co's people also sign in through.
  const { organization } = await backendApi(emulator.url, "POST", "/organizations", { organization_name: "Source Co", organization_slug: `source-${Date.now().toString(36)}` });
  const source = organization.organization_id;
  const { connection } = await backendApi(emulator.url, "POST", `/sso/saml/${source}`, { display_name: "Source Okta" });
  await backendApi(emulator.url, "PUT", `/sso/saml/${source}/connections/${connection.connection_id}`, {
    idp_entity_id: "http://idp.example/source", idp_sso_url: "https://idp.example/source/saml",
    x509_certificate: "-----BEGIN CERTIFICATE-----\nc291cmNl\n-----END CERTIFICATE-----",
  });
  const visit = await adminOfNewOrganization("Partner Co", "SSO");
  const { organization_id, page } = visit;
  await page.getByRole("button", { name: "New connection" }).click();
  await page.getByRole("button", { name: "Add an external connection" }).click();
  await page.getByPlaceholder("Text").fill("Source staff");
  await page.getByRole("textbox", { name: "Source Organization ID" }).fill(source);
  await page.getByRole("textbox", { name: "Source Connection ID" }).fill(connection.connection_id);
  await page.getByRole("button", { name: "Create", exact: true }).click();
  await page.getByRole("row", { name: /Source staff/ }).getByText("Active").waitFor();
  const [external] = (await backendApi(emulator.url, "GET", `/sso/${organization_id}`)).external_connections;
  assert.deepEqual([external.external_organization_id, external.external_connection_id, external.status], [source, connection.connection_id, "active"]);

  /** Picks `action` from the connection's row menu and confirms it with `confirm`. */
  const act = async (action, confirm) => {
    await page.getByRole("row", { name: /Source staff/ }).getByRole("button").last().click();
    await page.getByRole("menuitem", { name: action }).click();
    await page.getByRole("dialog").getByRole("button", { name: confirm }).click();
    await page.getByRole("dialog").waitFor({ state: "detached" });
  };
  const defaultConnection = async () => (await backendApi(emulator.url, "GET", `/organizations/${organization_id}`)).organization.sso_default_connection_id;
  const madeDefault = page.waitForResponse((r) => r.request().method() === "PUT" && new URL(r.url()).pathname === "/sdk/v1/b2b/organizations/me");
  await act("Set as default", "Set as default");
  await madeDefault;
  assert.equal(await defaultConnection(), external.connection_id);
  const removed = page.waitForResponse((r) => r.request().method() === "DELETE" && new URL(r.url()).pathname.startsWith("/sdk/v1/b2b/sso/"));
  await act("Delete", "Delete");
  await removed;
  await page.getByText("No results found.").waitFor();
  assert.deepEqual((await backendApi(emulator.url, "GET", `/sso/${organization_id}`)).external_connections, []);
  assert.ok(!(await defaultConnection()), "the default went with the connection");
  await finishPortal(visit);
});

test("an admin edits an SSO connection in the official Admin Portal: its name, the IdP's values by hand, a groups attribute, and roles a member signing in through it then holds", async () => {
  const visit = await adminOfNewOrganization("Edit Co", "SSO");
  const { organization_id, adminEmail, page } = visit;
  const { connection } = await backendApi(emulator.url, "POST", `/sso/saml/${organization_id}`, { display_name: "Edit Okta", identity_provider: "okta" });
  await backendApi(emulator.url, "PUT", `/sso/saml/${organization_id}/connections/${connection.connection_id}`, {
    idp_entity_id: "http://idp.example/edit", idp_sso_url: "https://idp.example/edit/saml",
    x509_certificate: "-----BEGIN CERTIFICATE-----\nZWRpdA==\n-----END CERTIFICATE-----",
  });
  await mountAs(page, organization_id, adminEmail, "SSO");
  await page.getByText("Edit Okta").first().click();
  const saved = () => page.waitForResponse((r) => r.request().method() === "PUT" && new URL(r.url()).pathname === `/sdk/v1/b2b/sso/saml/${connection.connection_id}`);
  const saml = async () => (await backendApi(emulator.url, "GET", `/sso/${organization_id}`)).saml_connections[0];

  // Details: a new name, the IdP's moved sign-on URL and issuer typed in, a `groups` attribute.
  await page.getByRole("button", { name: "Edit" }).nth(1).click();
  await page.getByRole("textbox").first().fill("Edit Okta (prod)");
  await page.getByRole("button", { name: "Configure manually" }).click();
  await page.getByRole("textbox", { name: "Enter Sign-on URL" }).fill("https://idp.example/edit/v2/saml");
  await page.getByRole("textbox", { name: "Enter Issuer" }).fill("http://idp.example/edit/v2");
  await page.getByRole("button", { name: "Add new" }).last().click();
  await page.getByRole("dialog").getByLabel("Key").fill("groups");
  await page.getByRole("dialog").getByLabel("Value").fill("memberOf");
  await page.getByRole("dialog").getByRole("button", { name: "Ok" }).click();
  await page.getByRole("dialog").waitFor({ state: "detached" });
  let answered = saved();
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Save changes" }).click();
  await answered;
  await page.getByRole("heading", { name: "Edit Okta (prod)" }).waitFor();
  let read = await saml();
  assert.deepEqual(
    [read.display_name, read.idp_sso_url, read.idp_entity_id, read.attribute_mapping.groups, read.status],
    ["Edit Okta (prod)", "https://idp.example/edit/v2/saml", "http://idp.example/edit/v2", "memberOf", "active"],
  );

  // Roles: everyone signing in through it is a viewer; its Engineering group are editors.
  await page.getByRole("button", { name: "Edit" }).first().click();
  await page.getByRole("combobox").first().click();
  await page.getByRole("option", { name: /viewer/ }).click();
  await page.keyboard.press("Escape");
  await page.getByRole("button", { name: "Add group roles" }).click();
  await page.getByRole("textbox", { name: "Group name" }).fill("Engineering");
  await page.getByRole("combobox", { name: "Group Role" }).click();
  await page.getByRole("option", { name: /editor/ }).click();
  answered = saved();
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Save changes" }).click();
  await answered;
  read = await saml();
  assert.deepEqual(read.saml_connection_implicit_role_assignments.map((a) => a.role_id), ["viewer"]);
  assert.deepEqual(read.saml_group_implicit_role_assignments.map((a) => [a.group, a.role_id]), [["Engineering", "editor"]]);

  // A newcomer in Engineering signs in through the identity provider (its page posted as a
  // browser would): they join with both roles, each named by its source.
  const email = uniqueEmail("portal-sso-engineer");
  const form = new URLSearchParams({ public_token: PUBLIC_TOKEN, connection_id: connection.connection_id, email, groups: "Engineering, Sales" });
  const signedIn = await fetch(`${emulator.url}/v1/public/sso/idp`, { method: "POST", body: form, redirect: "manual" });
  assert.equal(signedIn.status, 303, await signedIn.text());
  const sso_token = new URL(signedIn.headers.get("location")).searchParams.get("token");
  const session = await backendApi(emulator.url, "POST", "/sso/authenticate", { sso_token, session_duration_minutes: 60 });
  assert.ok(session.member, JSON.stringify(session));
  const roles = session.member.roles.map((r) => `${r.role_id}:${r.sources.map((s) => s.type).join("+")}`).sort();
  assert.deepEqual(roles, ["editor:sso_connection_group", "stytch_member:direct_assignment", "viewer:sso_connection"]);
  await finishPortal(visit);
});

test("an admin finds members in the official Admin Portal: page by page, by address, by role, deactivated ones by status", async () => {
  const visit = await adminOfNewOrganization("Find Co", "MemberManagement");
  const { organization_id, adminEmail, page } = visit;
  const people = [["Ann Archer", "editor"], ["Bob Baker", null], ["Cy Cole", "viewer"], ["Dee Dunn", "editor"]];
  const emails = {};
  for (const [name, role] of people) {
    emails[name] = uniqueEmail(name.split(" ")[0].toLowerCase());
    await backendApi(emulator.url, "POST", `/organizations/${organization_id}/members`, { email_address: emails[name], name, roles: role ? [role] : [] });
  }
  for (let i = 0; i < 14; i++) await backendApi(emulator.url, "POST", `/organizations/${organization_id}/members`, { email_address: uniqueEmail(`filler${i}`) });
  const bob = await memberByEmail(organization_id, emails["Bob Baker"]);
  await backendApi(emulator.url, "DELETE", `/organizations/${organization_id}/members/${bob.member_id}`);
  await mountAs(page, organization_id, adminEmail, "MemberManagement");
  /** The names in the table's rows. */
  const names = async () => (await page.getByRole("row").allInnerTexts()).slice(1).map((row) => row.split("\t")[0]);
  const searched = () => page.waitForResponse((r) => new URL(r.url()).pathname === "/sdk/v1/b2b/organizations/me/members/search");

  // 18 active members (the admin, three named, fourteen more), fifteen to a page.
  await page.getByText("1–15 of 18").waitFor();
  await page.getByRole("button", { name: "Go to next page" }).click();
  await page.getByText("16–18 of 18").waitFor();
  assert.equal((await names()).length, 3);
  await page.getByRole("button", { name: "Go to previous page" }).click();
  await page.getByText("1–15 of 18").waitFor();

  // By address: part of one is enough.
  const answered = searched();
  await page.getByRole("textbox", { name: "Search by email" }).fill(emails["Ann Archer"].slice(0, 8));
  await answered;
  await page.getByText("1–1 of 1").waitFor();
  assert.deepEqual(await names(), ["Ann Archer"]);
  // Cleared: the full list again (the portal may answer it from its cache).
  await page.getByRole("textbox", { name: "Search by email" }).fill("");
  await page.getByText("1–15 of 18").waitFor();

  // By role: the two editors.
  await page.getByRole("columnheader", { name: /Role/ }).getByRole("button").click();
  await page.getByRole("menuitem", { name: "editor" }).click();
  await page.keyboard.press("Escape");
  await page.getByText("1–2 of 2").waitFor();
  assert.deepEqual((await names()).sort(), ["Ann Archer", "Dee Dunn"]);
  await page.getByRole("columnheader", { name: /Role/ }).getByRole("button").click();
  await page.getByRole("menuitem", { name: "editor" }).click();
  await page.keyboard.press("Escape");
  await page.getByText("1–15 of 18").waitFor();

  // By status: only the deactivated member.
  await page.getByRole("columnheader", { name: /Status/ }).getByRole("button").click();
  for (const status of ["Active", "Invited", "Pending", "Deactivated"]) await page.getByRole("menuitem", { name: status }).click();
  await page.keyboard.press("Escape");
  await page.getByText("1–1 of 1").waitFor();
  assert.deepEqual(await names(), ["Bob Baker"]);
  await finishPortal(visit);
});
