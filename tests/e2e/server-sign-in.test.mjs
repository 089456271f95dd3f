// Sign-in on the server with JavaScript turned off: the `server_sign_in` example (axum, pages
// rendered by Leptos, StytchBackend's sign-in and MFA calls) in Chromium against a demo-seeded
// emulator. Each step's answer reaches the browser as the cookies the browser client reads;
// the demo (the browser client) on the same host then starts signed in from them. SSO and
// Google leave for the emulator's identity providers and come back bound to the browser that
// started (PKCE). Someone who does not know their organization finds it by email code, link,
// password or Google (discovery). Emailed links (discovery, invitations, password resets) are
// used by a button, not by the visit. Forms posted by another site (login CSRF) or without the
// page's token are refused. A member with no MFA method enrolls one the organization allows (an
// authenticator app, with recovery codes; a phone).
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import path from "node:path";
import {
  ROOT, startEmulator, startServer, serveDemo, servePages, launchBrowser, trackErrors, latestMessage, backendApi,
  memberWithPassword, uniqueEmail, messages,
} from "../lib/harness.mjs";
import { totp } from "../lib/totp.mjs";
import { assertAccessible } from "../lib/a11y.mjs";

const TONY = "tony@stark.example";
const PASSWORD = "Arc-Reactor-Mark-42";

const cleanups = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

let stack;
async function setup() {
  if (stack) return stack;
  const binary = path.join(ROOT, "target/debug/examples/server_sign_in");
  if (!existsSync(binary)) {
    throw new Error("no server_sign_in example; build it with 'cargo build -p stytch-leptos --features ssr,testing,backend,member-management,organization-settings --example server_sign_in'");
  }
  const emulator = await startEmulator(["--seed", "demo"]);
  cleanups.push(() => emulator.stop());
  const server = await startServer(binary, [emulator.url, "0"], "server_sign_in");
  cleanups.push(() => server.stop());
  const browser = await launchBrowser();
  cleanups.push(() => browser.close());
  stack = { emulator, server, browser };
  return stack;
}

/** A page with JavaScript off, so every screen is the server's HTML and every step a form post. */
async function scriptless(browser) {
  const context = await browser.newContext({ javaScriptEnabled: false });
  return { context, page: await context.newPage() };
}

async function focusedId(page) {
  return page.locator(":focus").getAttribute("id");
}

async function signInForm(page, { organization, email, password }) {
  await page.getByLabel("Organization").fill(organization);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}

async function enterCode(page, code) {
  await page.getByLabel("Code").fill(code);
  await page.getByRole("button", { name: "Verify" }).click();
}

/** A six-digit code other than `code`. */
function wrongCode(code) {
  return code === "000000" ? "111111" : "000000";
}

test("a password sign-in with script off; the browser client on the same host takes the session", async () => {
  const { emulator, server, browser } = await setup();
  const { context, page } = await scriptless(browser);
  await page.goto(server.url);
  await page.getByRole("heading", { name: "Sign in" }).waitFor();
  assert.equal(await focusedId(page), "organization", "the first field has focus without script");

  await signInForm(page, { organization: "stark", email: TONY, password: "not the password" });
  assert.match(await page.getByRole("alert").textContent(), /do not match/);
  assert.equal(await page.getByLabel("Email").inputValue(), TONY, "what was typed is kept");
  assert.equal(await page.getByLabel("Organization").getAttribute("aria-describedby"), "error");
  assert.equal((await context.cookies()).filter((c) => c.name.startsWith("stytch_")).length, 0);

  await signInForm(page, { organization: "stark", email: TONY, password: PASSWORD });
  await page.getByRole("heading", { name: "Signed in" }).waitFor();
  assert.equal(await page.getByTestId("member-email").textContent(), TONY);
  assert.equal(await page.getByTestId("organization-name").textContent(), "Stark Industries");
  assert.equal(await page.getByTestId("factors").textContent(), "password");
  const cookies = await context.cookies();
  const session = cookies.find((c) => c.name === "stytch_session");
  assert.ok(session && cookies.some((c) => c.name === "stytch_session_jwt"), JSON.stringify(cookies.map((c) => c.name)));
  assert.equal(session.httpOnly, false, "the browser client must read it");
  assert.equal(session.sameSite, "Lax");
  assert.ok(session.expires > Date.now() / 1000 + 50 * 60, "it lasts the session's hour");

  // The demo's browser client, served on the same host, finds the session in those cookies.
  const demo = await serveDemo();
  cleanups.push(() => demo.close());
  demo.setApiUrl(emulator.url);
  assert.equal(new URL(demo.url).hostname, new URL(server.url).hostname, "cookies are per host, not per port");
  const withScript = await browser.newContext();
  await withScript.addCookies(cookies);
  const app = await withScript.newPage();
  const errors = trackErrors(app);
  await app.goto(`${demo.url}/dashboard`);
  await app.getByTestId("member-email").filter({ hasText: TONY }).waitFor();
  await app.getByTestId("confirmed").filter({ hasText: "true" }).waitFor();
  assert.deepEqual(errors, []);
  await withScript.close();

  // Signing out on the server ends the session at Stytch and takes the cookies away.
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.getByRole("heading", { name: "Sign in" }).waitFor();
  assert.equal((await context.cookies()).filter((c) => c.name.startsWith("stytch_session")).length, 0);
  const revoked = await backendApi(emulator.url, "POST", "/sessions/authenticate", { session_token: session.value });
  assert.equal(revoked.error_type, "session_not_found");
  await context.close();
});

test("an unconfirmed address confirms it by emailed code before the session is granted", async () => {
  const { emulator, server, browser } = await setup();
  const pepper = "pepper@stark.example";
  const { context, page } = await scriptless(browser);
  await page.goto(server.url);
  await signInForm(page, { organization: "stark", email: pepper, password: PASSWORD });
  await page.getByRole("heading", { name: "Enter your code" }).waitFor();
  assert.match(await page.locator("#prompt").textContent(), /emailed a code to pepper@stark\.example/);
  assert.equal(await focusedId(page), "code", "focus moves to the new screen");
  const names = async () => (await context.cookies()).map((c) => c.name);
  assert.ok((await names()).includes("stytch_intermediate_session_token"), "the sign-in in progress is the IST cookie");
  assert.ok(!(await names()).includes("stytch_session"), "nobody is signed in yet");

  const emailed = (await latestMessage(emulator.url, pepper)).code;
  await enterCode(page, wrongCode(emailed));
  assert.match(await page.getByRole("alert").textContent(), /not right/);
  assert.equal(await page.getByLabel("Code").getAttribute("aria-describedby"), "error prompt");
  await enterCode(page, emailed);
  await page.getByRole("heading", { name: "Signed in" }).waitFor();
  assert.equal(await page.getByTestId("member-email").textContent(), pepper);
  assert.equal(await page.getByTestId("factors").textContent(), "password, email_otp");
  assert.ok((await names()).includes("stytch_session") && !(await names()).includes("stytch_intermediate_session_token"));
  await context.close();
});

test("an organization's MFA by texted code; a code posted after the sign-in's cookie is gone starts again", async () => {
  const { emulator, server, browser } = await setup();
  const northwind = (await backendApi(emulator.url, "GET", "/organizations/northwind")).organization;
  const email = uniqueEmail("server-mfa");
  const password = "a long passphrase for the server test";
  const member = await memberWithPassword(emulator.url, northwind.organization_id, email, password);
  const phone = `+1500555${String(Math.floor(Math.random() * 10_000)).padStart(4, "0")}`;
  const updated = await backendApi(emulator.url, "PUT", `/organizations/${northwind.organization_id}/members/${member.member_id}`, {
    mfa_phone_number: phone,
  });
  assert.equal(updated.member?.mfa_phone_number, phone, JSON.stringify(updated));

  const { context, page } = await scriptless(browser);
  await page.goto(server.url);
  await signInForm(page, { organization: "northwind", email, password });
  await page.locator("#prompt").filter({ hasText: "texted" }).waitFor();
  const first = await latestMessage(emulator.url, phone);
  await context.clearCookies({ name: "stytch_intermediate_session_token" });
  await enterCode(page, first.code);
  assert.match(await page.getByRole("alert").textContent(), /expired/);
  await page.getByRole("heading", { name: "Sign in" }).waitFor();
  assert.equal(await page.getByLabel("Email").inputValue(), email, "what was typed is kept");

  await signInForm(page, { organization: "northwind", email, password });
  await page.locator("#prompt").filter({ hasText: "texted" }).waitFor();
  const texted = await latestMessage(emulator.url, phone, { after: 1 });
  await enterCode(page, texted.code);
  await page.getByRole("heading", { name: "Signed in" }).waitFor();
  assert.equal(await page.getByTestId("member-email").textContent(), email);
  assert.equal(await page.getByTestId("organization-name").textContent(), "Northwind Traders");
  assert.equal(await page.getByTestId("factors").textContent(), "password, otp");
  await context.close();
});

test("a sign-in, code, enrollment or sign-out posted without the page's CSRF token is refused (login CSRF)", async () => {
  const { emulator, server, browser } = await setup();
  const { context, page } = await scriptless(browser);
  await page.goto(server.url);
  const csrf = (await context.cookies()).find((c) => c.name === "csrf_token");
  assert.ok(csrf && /^[0-9a-f]{64}$/.test(csrf.value), "a random token per browser");
  assert.equal(csrf.httpOnly, true);
  assert.equal(csrf.sameSite, "Strict");
  assert.equal(await page.locator('form[action="/sign-in"] input[name="csrf"]').getAttribute("value"), csrf.value);

  // Another site's page that signs its visitor in as the attacker (Tony's credentials) when a
  // button is pressed: served on `localhost` (another site than 127.0.0.1, so the Strict cookie
  // stays home) and on 127.0.0.1 itself (the same site: the cookie goes, the token is a guess).
  const target = new URL(server.url);
  const forms = {
    "/sign-in": `<input name="organization" value="stark"><input name="email" value="${TONY}"><input name="password" value="${PASSWORD}">`,
    "/code": '<input name="step" value="totp"><input name="organization_id" value="x"><input name="member_id" value="x"><input name="email" value="x"><input name="code" value="123456">',
    "/enroll/sms": '<input name="organization_id" value="x"><input name="member_id" value="x"><input name="email" value="x"><input name="phone" value="+15005550006">',
    "/discover/password": `<input name="email" value="${TONY}"><input name="password" value="${PASSWORD}">`,
    "/reset": `<input name="organization" value="stark"><input name="email" value="${TONY}">`,
  };
  const attacker = await servePages((pathname, response) => {
    const [, action, guess] = pathname.match(/^(\/sign-in|\/code|\/enroll\/sms|\/discover\/password|\/reset|\/sign-out)(?:\/(.*))?$/) ?? [];
    if (!action) return;
    const hidden = guess ? `<input type="hidden" name="csrf" value="${guess}">` : "";
    response.writeHead(200, { "content-type": "text/html" }).end(
      `<!doctype html><title>Win a prize</title><form method="post" action="${target.origin}${action}">${hidden}${forms[action] ?? ""}<button>Claim</button></form>`,
    );
  });
  cleanups.push(() => new Promise((r) => attacker.server.close(r)));
  const port = new URL(attacker.origin).port;
  const sessionCookies = async () => (await context.cookies()).filter((c) => c.name.startsWith("stytch_")).map((c) => c.name);

  for (const [origin, guess] of [[`http://localhost:${port}`, "0".repeat(64)], [attacker.origin, "0".repeat(64)], [attacker.origin, ""]]) {
    for (const action of ["/sign-in", "/code", "/enroll/sms", "/discover/password", "/reset"]) {
      await page.goto(`${origin}${action}/${guess}`);
      const [response] = await Promise.all([page.waitForResponse((r) => r.url().startsWith(target.origin)), page.getByRole("button", { name: "Claim" }).click()]);
      assert.equal(response.status(), 403, `${action} from ${origin} with ${guess ? "a guessed" : "no"} token`);
      await page.getByRole("heading", { name: "Sign in" }).waitFor();
      assert.match(await page.getByRole("alert").textContent(), /expired/);
      assert.deepEqual(await sessionCookies(), [], "nobody signed in");
    }
  }
  assert.equal((await messages(emulator.url, TONY)).length, 0, "no reset link sent for the forged form");

  // The visitor's own form still signs in; a forged sign-out then leaves the session alone.
  await page.goto(server.url);
  await signInForm(page, { organization: "stark", email: TONY, password: PASSWORD });
  await page.getByRole("heading", { name: "Signed in" }).waitFor();
  await page.goto(`http://localhost:${port}/sign-out/${"0".repeat(64)}`);
  const [refused] = await Promise.all([page.waitForResponse((r) => r.url().startsWith(target.origin)), page.getByRole("button", { name: "Claim" }).click()]);
  assert.equal(refused.status(), 403);
  await page.goto(server.url);
  await page.getByRole("heading", { name: "Signed in" }).waitFor();
  assert.ok((await sessionCookies()).includes("stytch_session"), "still signed in");
  await context.close();
});

test("someone who does not know their organization finds it by email code and enters it", async () => {
  const { emulator, server, browser } = await setup();
  const { context, page } = await scriptless(browser);
  await page.goto(server.url);
  await page.getByRole("link", { name: "Find your organization by email" }).click();
  await page.getByRole("heading", { name: "Find your organization" }).waitFor();
  assert.equal(await focusedId(page), "email", "focus on the new screen's field");
  await page.getByLabel("Email").fill("ada@example.com");
  await page.getByRole("button", { name: "Email me a code" }).click();
  await page.locator("#prompt").filter({ hasText: "find your organizations" }).waitFor();
  assert.equal(await focusedId(page), "code");

  const emailed = (await latestMessage(emulator.url, "ada@example.com")).code;
  await enterCode(page, wrongCode(emailed));
  assert.match(await page.getByRole("alert").textContent(), /not right/);
  await enterCode(page, emailed);
  await page.getByRole("heading", { name: "Choose an organization" }).waitFor();
  assert.equal(await focusedId(page), "prompt");
  const choices = await page.locator("li button").allTextContents();
  assert.ok(choices.includes("Sign in to Acme Corporation"), JSON.stringify(choices));
  assert.ok(choices.includes("Accept the invitation to Globex"), JSON.stringify(choices));
  assert.ok(choices.includes("Join Initech"), "an organization the address's domain may join");
  const names = async () => (await context.cookies()).map((c) => c.name);
  assert.ok((await names()).includes("stytch_intermediate_session_token"), "the discovery's IST, for the choice");
  assert.ok(!(await names()).includes("stytch_session"));

  // An organization the list did not offer (posted by hand): refused, and the list comes back
  // with the reason, the IST still good for a real choice.
  const stark = (await backendApi(emulator.url, "GET", "/organizations/stark")).organization;
  const listCsrf = await page.locator('form[action="/organization"] input[name="csrf"]').first().getAttribute("value");
  const refused = await context.request.post(`${server.url}/organization`, { form: { csrf: listCsrf, organization_id: stark.organization_id } });
  assert.equal(refused.status(), 401);
  const refusedPage = await refused.text();
  assert.match(refusedPage, /Choose an organization/);
  assert.match(refusedPage, /role="alert"/);
  assert.match(refusedPage, /Sign in to Acme Corporation/);

  await page.getByRole("button", { name: "Sign in to Acme Corporation" }).click();
  await page.getByRole("heading", { name: "Signed in" }).waitFor();
  assert.equal(await page.getByTestId("member-email").textContent(), "ada@example.com");
  assert.equal(await page.getByTestId("organization-name").textContent(), "Acme Corporation");
  assert.ok((await names()).includes("stytch_session") && !(await names()).includes("stytch_intermediate_session_token"));

  // A choice posted once the IST is gone (used up by the exchange, its cookie expired) starts
  // discovery again with the reason.
  await page.goto(`${server.url}/discover`);
  const csrf = await page.locator('input[name="csrf"]').getAttribute("value");
  const acme = (await backendApi(emulator.url, "GET", "/organizations/acme")).organization;
  const stale = await context.request.post(`${server.url}/organization`, { form: { csrf, organization_id: acme.organization_id } });
  assert.equal(stale.status(), 401);
  assert.match(await stale.text(), /expired/);
  await context.close();
});

test("a newcomer found by discovery creates an organization and is signed in as its admin", async () => {
  const { emulator, server, browser } = await setup();
  const { page } = await scriptless(browser);
  const email = uniqueEmail("server-create");
  await page.goto(`${server.url}/discover`);
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Email me a code" }).click();
  await page.locator("#prompt").filter({ hasText: "find your organizations" }).waitFor();
  await enterCode(page, (await latestMessage(emulator.url, email)).code);
  await page.getByRole("heading", { name: "Choose an organization" }).waitFor();
  assert.match(await page.locator("#none").textContent(), /No organization admits/);

  const name = `Server Made ${Math.random().toString(36).slice(2, 8)}`;
  await page.getByLabel("Or create an organization, named").fill(name);
  await page.getByRole("button", { name: "Create it" }).click();
  await page.getByRole("heading", { name: "Signed in" }).waitFor();
  assert.equal(await page.getByTestId("member-email").textContent(), email);
  assert.equal(await page.getByTestId("organization-name").textContent(), name);
  const found = await backendApi(emulator.url, "POST", "/organizations/search", {
    query: { operator: "AND", operands: [{ filter_name: "organization_name_fuzzy", filter_value: name }] },
  });
  const organization = found.organizations?.find((o) => o.organization_name === name);
  assert.ok(organization, JSON.stringify(found));
  const members = await backendApi(emulator.url, "POST", "/organizations/members/search", {
    organization_ids: [organization.organization_id],
  });
  const roles = members.members?.[0]?.roles?.map((r) => r.role_id) ?? [];
  assert.ok(roles.includes("stytch_admin"), `the creator administers it: ${JSON.stringify(members)}`);
});

test("someone who signs in by discovery resets their password for every organization at once", async () => {
  const { emulator, server, browser } = await setup();
  await allowLinksTo(emulator, server);
  const acme = (await backendApi(emulator.url, "GET", "/organizations/acme")).organization;
  const stark = (await backendApi(emulator.url, "GET", "/organizations/stark")).organization;
  const email = uniqueEmail("server-discovery-reset");
  await memberWithPassword(emulator.url, acme.organization_id, email, "the Acme passphrase nobody remembers");
  await memberWithPassword(emulator.url, stark.organization_id, email, "the Stark passphrase nobody remembers");
  const { context, page } = await scriptless(browser);
  await page.goto(`${server.url}/discover/password`);
  await page.getByRole("link", { name: "Forgot your password?" }).click();
  await page.getByRole("heading", { name: "Reset your password everywhere" }).waitFor();
  assert.equal(await focusedId(page), "email");
  await assertScreenAccessible(browser, page, "discovery's password reset form");

  // A stranger's address reads the same, and nothing is sent.
  const stranger = uniqueEmail("server-discovery-reset-stranger");
  await page.getByLabel("Email").fill(stranger);
  await page.getByRole("button", { name: "Email me a link" }).click();
  await page.getByRole("heading", { name: "Check your email" }).waitFor();
  const told = (await page.locator("#prompt").textContent()).replace(stranger, "ADDRESS");
  assert.equal((await messages(emulator.url, stranger)).length, 0);
  await page.goto(`${server.url}/discover/reset`);
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Email me a link" }).click();
  await page.getByRole("heading", { name: "Check your email" }).waitFor();
  assert.equal((await page.locator("#prompt").textContent()).replace(email, "ADDRESS"), told, "the same words for a member");
  const link = (await latestMessage(emulator.url, email)).link;
  const landing = new URL(link);
  assert.equal(`${landing.origin}${landing.pathname}`, `${server.url}/authenticate`, link);
  assert.equal(landing.searchParams.get("stytch_token_type"), "discovery", link);
  assert.equal(landing.searchParams.get("stytch_redirect_type"), "reset_password", link);

  // Scanned first: nothing spent. A weak password is asked again; a strong one lists both
  // organizations, and signs in to each.
  assert.equal((await context.request.get(link)).status(), 200);
  await page.goto(link);
  await page.getByRole("heading", { name: "Choose a new password" }).waitFor();
  assert.equal(await focusedId(page), "password");
  await page.getByLabel("New password").fill("password");
  await page.getByRole("button", { name: "Save it and show my organizations" }).click();
  assert.match(await page.getByRole("alert").textContent(), /stronger password/);
  const fresh = "one new passphrase for every organization";
  await page.getByLabel("New password").fill(fresh);
  await page.getByRole("button", { name: "Save it and show my organizations" }).click();
  await page.getByRole("heading", { name: "Choose an organization" }).waitFor();
  const choices = await page.locator("li button").allTextContents();
  assert.ok(choices.includes("Sign in to Acme Corporation") && choices.includes("Sign in to Stark Industries"), JSON.stringify(choices));
  await page.getByRole("button", { name: "Sign in to Stark Industries" }).click();
  await page.getByRole("heading", { name: "Signed in" }).waitFor();
  await page.getByRole("button", { name: "Sign out" }).click();
  await signInForm(page, { organization: "acme", email, password: fresh });
  await page.getByRole("heading", { name: "Signed in" }).waitFor();
  assert.equal(await page.getByTestId("organization-name").textContent(), "Acme Corporation");
  await context.close();
});

/**
 * Posts `fields` to one of the example's forms with the `Host` header set to `host` (as a
 * client other than a browser may), carrying the CSRF cookie and token a GET of the same page
 * handed out; the status and body.
 */
async function postWithHost(url, host, fields) {
  const { request } = await import("node:http");
  const send = (method, headers, body) =>
    new Promise((resolve, reject) => {
      const req = request(url, { method, headers }, (response) => {
        let text = "";
        response.on("data", (chunk) => (text += chunk));
        response.on("end", () => resolve({ status: response.statusCode, headers: response.headers, body: text }));
      });
      req.on("error", reject);
      req.end(body);
    });
  const page = await send("GET", {});
  const cookie = (page.headers["set-cookie"] ?? []).map((c) => c.split(";")[0]).join("; ");
  const csrf = page.body.match(/name="csrf" value="([0-9a-f]{64})"/)?.[1];
  assert.ok(cookie && csrf, "the page hands out a CSRF cookie and token");
  const body = new URLSearchParams({ csrf, ...fields }).toString();
  return send("POST", { host, cookie, "content-type": "application/x-www-form-urlencoded", "content-length": Buffer.byteLength(body) }, body);
}

/** Allows the example's `/authenticate` as a redirect URL (its port is known only once it listens). */
async function allowLinksTo(emulator, server) {
  const response = await fetch(`${emulator.url}/emulator/v1/redirect_urls`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ url: `${server.url}/authenticate` }),
  });
  assert.equal(response.status, 200, await response.text());
}

test("discovery by emailed link: opening the link spends nothing until its button is pressed", async () => {
  const { emulator, server, browser } = await setup();
  await allowLinksTo(emulator, server);
  const { context, page } = await scriptless(browser);
  await page.goto(`${server.url}/discover`);
  await page.getByLabel("Email").fill("ada@example.com");
  await page.getByRole("button", { name: "Email me a link" }).click();
  await page.getByRole("heading", { name: "Check your email" }).waitFor();
  assert.equal(await focusedId(page), "prompt");
  assert.match(await page.locator("#prompt").textContent(), /emailed a link to ada@example\.com/);
  const link = (await latestMessage(emulator.url, "ada@example.com")).link;
  assert.ok(link.startsWith(`${server.url}/authenticate?stytch_token_type=discovery&token=`), link);

  // A mail scanner fetches the link first: the page it gets uses nothing.
  const scanned = await context.request.get(link);
  assert.equal(scanned.status(), 200);
  assert.ok(!(await context.cookies()).some((c) => c.name.startsWith("stytch_")), "a visit signs nobody in");
  await page.goto(link);
  const open = page.getByRole("button", { name: "Show my organizations" });
  await open.waitFor();
  assert.ok(await open.evaluate((button) => button === document.activeElement), "focus on the button");
  await assertScreenAccessible(browser, page, "an emailed link's page");
  await open.click();
  await page.getByRole("heading", { name: "Choose an organization" }).waitFor();
  const choices = await page.locator("li button").allTextContents();
  assert.ok(choices.includes("Sign in to Acme Corporation"), JSON.stringify(choices));
  await page.getByRole("button", { name: "Sign in to Acme Corporation" }).click();
  await page.getByRole("heading", { name: "Signed in" }).waitFor();
  assert.equal(await page.getByTestId("member-email").textContent(), "ada@example.com");
  assert.equal(await page.getByTestId("factors").textContent(), "magic_link");

  // The link works once.
  await page.goto(link);
  await page.getByRole("button", { name: "Show my organizations" }).click();
  await page.getByRole("heading", { name: "Find your organization" }).waitFor();
  assert.match(await page.getByRole("alert").textContent(), /used already or has expired/);
  assert.equal(await focusedId(page), "email");
  await context.close();
});

test("discovery by password lists the organizations; a wrong password is told and kept out", async () => {
  const { server, browser } = await setup();
  const { context, page } = await scriptless(browser);
  await page.goto(`${server.url}/discover`);
  await page.getByRole("link", { name: "Use your password instead" }).click();
  await page.getByRole("heading", { name: "Find your organization with your password" }).waitFor();
  assert.equal(await focusedId(page), "email");
  await assertScreenAccessible(browser, page, "discovery by password");
  await page.getByLabel("Email").fill(TONY);
  await page.getByLabel("Password").fill(`${PASSWORD}-wrong`);
  await page.getByRole("button", { name: "Continue" }).click();
  assert.match(await page.getByRole("alert").textContent(), /do not match/);
  assert.equal(await page.getByLabel("Email").inputValue(), TONY, "the address kept");
  assert.equal(await page.getByLabel("Password").inputValue(), "", "the password not sent back");
  assert.ok(!(await context.cookies()).some((c) => c.name.startsWith("stytch_")));

  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Continue" }).click();
  await page.getByRole("heading", { name: "Choose an organization" }).waitFor();
  await page.getByRole("button", { name: "Sign in to Stark Industries" }).click();
  await page.getByRole("heading", { name: "Signed in" }).waitFor();
  assert.equal(await page.getByTestId("member-email").textContent(), TONY);
  assert.equal(await page.getByTestId("factors").textContent(), "password");
  await context.close();
});

test("an invitation's link signs the invited member in, without script", async () => {
  const { emulator, server, browser } = await setup();
  await allowLinksTo(emulator, server);
  const acme = (await backendApi(emulator.url, "GET", "/organizations/acme")).organization;
  const email = uniqueEmail("server-invite");
  const invited = await backendApi(emulator.url, "POST", "/magic_links/email/invite", {
    organization_id: acme.organization_id,
    email_address: email,
    invite_redirect_url: `${server.url}/authenticate`,
  });
  assert.equal(invited.member?.status, "invited", JSON.stringify(invited));
  const link = (await latestMessage(emulator.url, email)).link;
  assert.ok(link.startsWith(`${server.url}/authenticate?stytch_token_type=multi_tenant_magic_links&token=`), link);

  const { context, page } = await scriptless(browser);
  await page.goto(link);
  await page.getByRole("button", { name: "Continue signing in" }).click();
  await page.getByRole("heading", { name: "Signed in" }).waitFor();
  assert.equal(await page.getByTestId("member-email").textContent(), email);
  assert.equal(await page.getByTestId("organization-name").textContent(), "Acme Corporation");
  const member = await backendApi(emulator.url, "GET", `/organizations/${acme.organization_id}/member?member_id=${invited.member.member_id}`);
  assert.equal(member.member.status, "active", "the invitation accepted");

  // A link of a kind the page does not open is refused with a reason, and nothing is spent.
  await page.goto(`${server.url}/authenticate?stytch_token_type=multi_tenant_impersonation&token=x`);
  await page.getByRole("button", { name: "Continue signing in" }).click();
  assert.match(await page.getByRole("alert").textContent(), /cannot open that kind of link/);
  await context.close();
});

test("a forgotten password is reset by emailed link, without script and without telling who is a member", async () => {
  const { emulator, server, browser } = await setup();
  await allowLinksTo(emulator, server);
  const acme = (await backendApi(emulator.url, "GET", "/organizations/acme")).organization;
  const email = uniqueEmail("server-reset");
  const old = "the old passphrase nobody remembers";
  await memberWithPassword(emulator.url, acme.organization_id, email, old);
  const { context, page } = await scriptless(browser);
  await page.goto(server.url);
  await page.getByRole("link", { name: "Forgot your password?" }).click();
  await page.getByRole("heading", { name: "Reset your password" }).waitFor();
  assert.equal(await focusedId(page), "organization");
  await assertScreenAccessible(browser, page, "the password reset form");

  // An address that is no member's reads the same, and nothing is sent.
  const stranger = uniqueEmail("server-reset-stranger");
  await page.getByLabel("Organization").fill("acme");
  await page.getByLabel("Email").fill(stranger);
  await page.getByRole("button", { name: "Email me a link" }).click();
  await page.getByRole("heading", { name: "Check your email" }).waitFor();
  const told = (await page.locator("#prompt").textContent()).replace(stranger, "ADDRESS");
  assert.equal((await messages(emulator.url, stranger)).length, 0);

  await page.goto(`${server.url}/reset`);
  await page.getByLabel("Organization").fill("acme");
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Email me a link" }).click();
  await page.getByRole("heading", { name: "Check your email" }).waitFor();
  assert.equal(await focusedId(page), "prompt");
  assert.equal((await page.locator("#prompt").textContent()).replace(email, "ADDRESS"), told, "the same words for a member");
  assert.match(told, /If ADDRESS belongs to a member of Acme Corporation/);
  const link = (await latestMessage(emulator.url, email)).link;
  const landing = new URL(link);
  assert.equal(`${landing.origin}${landing.pathname}`, `${server.url}/authenticate`, link);
  assert.equal(landing.searchParams.get("stytch_token_type"), "multi_tenant_passwords", link);

  // A reset asked for with a forged Host header still sends the member to this server: links
  // are built from the configured origin, never from what the sender wrote.
  const before = (await messages(emulator.url, email)).length;
  const forgedHost = await postWithHost(`${server.url}/reset`, "evil.example", { organization: "acme", email });
  assert.equal(forgedHost.status, 200, forgedHost.body);
  const poisoned = (await latestMessage(emulator.url, email, { after: before })).link;
  assert.ok(poisoned.startsWith(`${server.url}/authenticate?`), poisoned);

  // Fetched by a scanner first: nothing spent. Then a weak password, refused with the reason,
  // the link still good; then a strong one signs in.
  assert.equal((await context.request.get(link)).status(), 200);
  await page.goto(link);
  await page.getByRole("heading", { name: "Choose a new password" }).waitFor();
  assert.equal(await focusedId(page), "password");
  await assertScreenAccessible(browser, page, "the new password's form");
  await page.getByLabel("New password").fill("password");
  await page.getByRole("button", { name: "Save it and sign in" }).click();
  assert.match(await page.getByRole("alert").textContent(), /stronger password/);
  assert.equal(await focusedId(page), "password");
  assert.equal(await page.locator("#password").getAttribute("aria-describedby"), "error");
  const fresh = "a brand new passphrase for acme";
  await page.getByLabel("New password").fill(fresh);
  await page.getByRole("button", { name: "Save it and sign in" }).click();
  await page.getByRole("heading", { name: "Signed in" }).waitFor();
  assert.equal(await page.getByTestId("member-email").textContent(), email);

  // The new password is the member's now; the old one is not; the link works once.
  await page.getByRole("button", { name: "Sign out" }).click();
  await signInForm(page, { organization: "acme", email, password: old });
  assert.match(await page.getByRole("alert").textContent(), /do not match/);
  await signInForm(page, { organization: "acme", email, password: fresh });
  await page.getByRole("heading", { name: "Signed in" }).waitFor();
  await page.goto(link);
  await page.getByLabel("New password").fill(`${fresh} again`);
  await page.getByRole("button", { name: "Save it and sign in" }).click();
  await page.getByRole("heading", { name: "Reset your password" }).waitFor();
  assert.match(await page.getByRole("alert").textContent(), /used already or has expired/);
  await context.close();
});

test("SSO and Google from the login page without script; a return delivered to another browser signs nobody in", async () => {
  const { emulator, server, browser } = await setup();
  await allowLinksTo(emulator, server);
  const { context, page } = await scriptless(browser);
  const cookie = async (name) => (await context.cookies()).find((c) => c.name === name);
  await page.goto(server.url);
  await page.getByLabel("Organization").fill("cyberdyne");
  await page.getByRole("button", { name: "Sign in with SSO" }).click();
  await page.getByRole("heading", { name: "Sign in to Cyberdyne Systems with Cyberdyne Okta" }).waitFor();
  const verifier = await cookie("stytch_pkce_verifier");
  assert.ok(verifier && verifier.httpOnly && verifier.sameSite === "Lax", JSON.stringify(verifier));
  assert.match(page.url(), /pkce_code_challenge=/, "the start carries the verifier's challenge");
  await page.getByRole("button", { name: "Continue as miles@cyberdyne.example" }).click();
  await page.getByRole("heading", { name: "Signed in" }).waitFor();
  assert.equal(await page.getByTestId("member-email").textContent(), "miles@cyberdyne.example");
  assert.match(await page.getByTestId("factors").textContent(), /sso/);
  assert.equal(await cookie("stytch_pkce_verifier"), undefined, "the verifier is spent");

  // An organization without SSO says so, on the login form.
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.getByLabel("Organization").fill("acme");
  await page.getByRole("button", { name: "Sign in with SSO" }).click();
  assert.match(await page.getByRole("alert").textContent(), /Acme Corporation does not sign in with SSO/);
  assert.equal(await page.getByLabel("Organization").inputValue(), "acme");

  // Login CSRF through the return: someone starts in their own browser and stops before the
  // redirect back; the URL sent to the visitor's browser signs nobody in there, and still
  // works where it started.
  const other = await scriptless(browser);
  await other.page.goto(server.url);
  await other.page.getByLabel("Organization").fill("cyberdyne");
  await other.page.getByRole("button", { name: "Sign in with SSO" }).click();
  // The identity provider's form, posted by hand so the redirect back is read, not followed.
  const start = new URL(other.page.url());
  const answer = await other.context.request.post(`${emulator.url}/v1/public/sso/idp`, {
    headers: { "content-type": "application/x-www-form-urlencoded" },
    data: `${start.search.slice(1)}&email=miles%40cyberdyne.example`,
    maxRedirects: 0,
  });
  const returned = answer.headers().location;
  assert.match(returned ?? "", /stytch_token_type=sso&token=/, `${answer.status()} ${returned}`);
  await page.goto(returned);
  await page.getByRole("heading", { name: "Sign in" }).waitFor();
  assert.match(await page.getByRole("alert").textContent(), /not started in this browser/);
  assert.equal(await cookie("stytch_session"), undefined, "nobody signed in");
  await other.page.goto(returned);
  await other.page.getByRole("heading", { name: "Signed in" }).waitFor();
  await other.context.close();

  // Google, into the organization the form names.
  await page.getByLabel("Organization").fill("acme");
  await page.getByRole("button", { name: "Sign in with Google" }).click();
  await page.getByRole("heading", { name: "Sign in with Google" }).waitFor();
  await page.getByRole("button", { name: "Continue as ada@example.com" }).click();
  await page.getByRole("heading", { name: "Signed in" }).waitFor();
  assert.equal(await page.getByTestId("member-email").textContent(), "ada@example.com");
  assert.equal(await page.getByTestId("organization-name").textContent(), "Acme Corporation");
  assert.match(await page.getByTestId("factors").textContent(), /oauth/);
  await context.close();
});

test("discovery with Google, without script: the address's organizations, then one entered", async () => {
  const { emulator, server, browser } = await setup();
  await allowLinksTo(emulator, server);
  const { context, page } = await scriptless(browser);
  await page.goto(`${server.url}/discover`);
  await page.getByRole("button", { name: "Continue with Google" }).click();
  await page.getByRole("heading", { name: "Sign in with Google" }).waitFor();
  await page.getByLabel("Email", { exact: true }).fill("ada@example.com");
  await page.getByLabel("Google Workspace domain").fill("example.com");
  await page.getByRole("button", { name: "Continue", exact: true }).click();
  await page.getByRole("heading", { name: "Choose an organization" }).waitFor();
  assert.equal(await page.locator(":focus").getAttribute("id"), "prompt");
  const choices = await page.locator("li button").allTextContents();
  assert.ok(choices.includes("Sign in to Acme Corporation"), JSON.stringify(choices));
  await page.getByRole("button", { name: "Sign in to Acme Corporation" }).click();
  await page.getByRole("heading", { name: "Signed in" }).waitFor();
  assert.equal(await page.getByTestId("member-email").textContent(), "ada@example.com");
  assert.ok(!(await context.cookies()).some((c) => c.name === "stytch_pkce_verifier"));
  await context.close();
});

/**
 * axe-core over the screen `page` shows: its HTML copied into a page with script on (axe runs
 * as script; the example's own pages run none).
 */
async function assertScreenAccessible(browser, page, where) {
  const context = await browser.newContext();
  const copy = await context.newPage();
  await copy.setContent(await page.content());
  await assertAccessible(copy, where);
  await context.close();
}

/** Signs out (the page's own button) and back in with a password, up to the MFA screen. */
async function signInAgain(page, organization, email, password) {
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.getByRole("heading", { name: "Sign in" }).waitFor();
  await signInForm(page, { organization, email, password });
  await page.getByRole("heading", { name: "Enter your code" }).waitFor();
}

test("a member with no MFA method sets up an authenticator app, keeps its recovery codes and signs in with one", async () => {
  const { emulator, server, browser } = await setup();
  const northwind = (await backendApi(emulator.url, "GET", "/organizations/northwind")).organization;
  const email = uniqueEmail("server-totp");
  const password = "a long passphrase for the enrollment test";
  const member = await memberWithPassword(emulator.url, northwind.organization_id, email, password);
  const { context, page } = await scriptless(browser);
  await page.goto(server.url);
  await signInForm(page, { organization: "northwind", email, password });
  await page.getByRole("heading", { name: "Set up a second step" }).waitFor();
  assert.equal(await focusedId(page), "prompt", "focus moves to the new screen");
  assert.match(await page.locator("#prompt").textContent(), /Northwind Traders asks for a second step/);
  assert.ok(await page.getByLabel("Mobile phone number, for a texted code").isVisible(), "Northwind allows texts too");
  await assertScreenAccessible(browser, page, "the enrollment choice");

  await page.getByRole("button", { name: "Set up an authenticator app" }).click();
  await page.getByRole("heading", { name: "Set up your authenticator app" }).waitFor();
  assert.equal(await focusedId(page), "code");
  const qr = page.getByRole("img", { name: "QR code of the key below" });
  const qrSource = await qr.getAttribute("src");
  assert.match(qrSource, /^data:image\/svg\+xml;base64,/);
  const key = await page.locator("#secret").textContent();
  assert.match(key, /^[A-Z2-7]{4}( [A-Z2-7]{1,4})+$/, "the key in groups of four");
  const secret = key.replaceAll(" ", "");
  assert.ok(!(await context.cookies()).some((c) => c.name === "stytch_session"), "not signed in before the first code");
  await assertScreenAccessible(browser, page, "the authenticator app's setup");

  const code = totp(secret);
  await enterCode(page, wrongCode(code));
  assert.match(await page.getByRole("alert").textContent(), /not right/);
  // The key comes back with the reason: the person may not have scanned it yet.
  assert.equal(await page.locator("#secret").textContent(), key, "the same key, shown again");
  assert.equal(await qr.getAttribute("src"), qrSource, "the same QR code, shown again");
  assert.equal(await focusedId(page), "code");
  assert.equal(await page.locator("#code").getAttribute("aria-describedby"), "error prompt");
  await enterCode(page, totp(secret));
  await page.getByRole("heading", { name: "Save your recovery codes" }).waitFor();
  const shown = (await page.locator("#recovery-codes li").allTextContents()).map((c) => c.trim());
  assert.equal(shown.length, 10, JSON.stringify(shown));
  await assertScreenAccessible(browser, page, "the recovery codes");
  const kept = await backendApi(emulator.url, "GET", `/recovery_codes/${northwind.organization_id}/${member.member_id}`);
  assert.deepEqual([...shown].sort(), [...kept.recovery_codes].sort(), "the member's own codes, every one");
  assert.ok((await context.cookies()).some((c) => c.name === "stytch_session"), "signed in with the page");
  const enrolled = await backendApi(emulator.url, "GET", `/organizations/${northwind.organization_id}/member?member_id=${member.member_id}`);
  assert.ok(enrolled.member.totp_registration_id, JSON.stringify(enrolled.member));

  await page.getByRole("link", { name: /I have saved them/ }).click();
  await page.getByRole("heading", { name: "Signed in" }).waitFor();
  assert.equal(await page.getByTestId("factors").textContent(), "password, totp");

  // Next time the app is asked for; without it, a recovery code signs in, once.
  await signInAgain(page, "northwind", email, password);
  assert.match(await page.locator("#prompt").textContent(), /authenticator app/);
  for (const attempt of ["first", "reused"]) {
    await page.getByRole("button", { name: "Use a recovery code instead" }).click();
    await page.locator("#prompt").filter({ hasText: "recovery codes you saved" }).waitFor();
    assert.equal(await focusedId(page), "code");
    if (attempt === "first") await assertScreenAccessible(browser, page, "the recovery code's form");
    await page.getByLabel("Recovery code").fill(attempt === "first" ? "not-a-real-code" : shown[0]);
    await page.getByRole("button", { name: "Verify" }).click();
    assert.match(await page.getByRole("alert").textContent(), /not right, or it was used/);
    if (attempt === "reused") break;
    await page.getByLabel("Recovery code").fill(shown[0]);
    await page.getByRole("button", { name: "Verify" }).click();
    await page.getByRole("heading", { name: "Signed in" }).waitFor();
    assert.equal(await page.getByTestId("member-email").textContent(), email);
    await signInAgain(page, "northwind", email, password);
  }
  const left = await backendApi(emulator.url, "GET", `/recovery_codes/${northwind.organization_id}/${member.member_id}`);
  assert.equal(left.recovery_codes.length, 9, "the used code is spent");
  await context.close();
});

test("a member of an organization that allows only texts enrolls a phone by its first code", async () => {
  const { emulator, server, browser } = await setup();
  const slug = `texts-only-${Math.random().toString(36).slice(2, 8)}`;
  const created = await backendApi(emulator.url, "POST", "/organizations", {
    organization_name: "Texts Only",
    organization_slug: slug,
    mfa_policy: "REQUIRED_FOR_ALL",
    mfa_methods: "RESTRICTED",
    allowed_mfa_methods: ["sms_otp"],
  });
  assert.ok(created.organization, JSON.stringify(created));
  const email = uniqueEmail("server-sms");
  const password = "a long passphrase for the phone test";
  const member = await memberWithPassword(emulator.url, created.organization.organization_id, email, password);
  const { context, page } = await scriptless(browser);
  await page.goto(server.url);
  await signInForm(page, { organization: slug, email, password });
  await page.getByRole("heading", { name: "Set up a second step" }).waitFor();
  assert.equal(await page.getByRole("button", { name: "Set up an authenticator app" }).count(), 0, "the organization does not allow apps");

  const phoneField = page.getByLabel("Mobile phone number, for a texted code");
  await phoneField.fill("12345");
  await page.getByRole("button", { name: "Text me a code" }).click();
  assert.match(await page.getByRole("alert").textContent(), /country code/);
  assert.equal(await phoneField.inputValue(), "12345", "what was typed is kept");
  assert.equal(await focusedId(page), "phone", "focus stays on the refused field");
  assert.equal(await phoneField.getAttribute("aria-describedby"), "error");
  await assertScreenAccessible(browser, page, "a refused phone number");

  const phone = `+1500555${String(Math.floor(Math.random() * 10_000)).padStart(4, "0")}`;
  await phoneField.fill(phone);
  await page.getByRole("button", { name: "Text me a code" }).click();
  await page.locator("#prompt").filter({ hasText: "texted" }).waitFor();
  const texted = (await latestMessage(emulator.url, phone)).code;
  await enterCode(page, wrongCode(texted));
  assert.match(await page.getByRole("alert").textContent(), /not right/);
  await enterCode(page, texted);
  await page.getByRole("heading", { name: "Signed in" }).waitFor();
  assert.equal(await page.getByTestId("factors").textContent(), "password, otp");
  const enrolled = await backendApi(emulator.url, "GET", `/organizations/${created.organization.organization_id}/member?member_id=${member.member_id}`);
  assert.equal(enrolled.member.mfa_phone_number, phone);
  assert.equal(enrolled.member.mfa_phone_number_verified, true);
  await context.close();
});
