// The official prebuilt B2B UI (`@stytch/vanilla-js`'s `StytchB2B` web component, the
// Discovery flow the demo and the benchmark's official app show) used as a person would, in
// Chromium against the emulator: an address, the emailed link, an organization, a session, and
// the MFA an organization may require on the way.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { ROOT, PUBLIC_TOKEN, startEmulator, launchBrowser, latestMessage, uniqueEmail, backendApi, closeAll } from "../lib/harness.mjs";

const BUNDLE = path.join(ROOT, "tests/node_modules/@stytch/vanilla-js/dist/iife/b2b/index.js");

const page = (api) => `<!doctype html><meta charset="utf-8"><script src="/ui.js"></script>
<div id="login"></div><pre id="session"></pre>
<script>
const client = new stytch.StytchB2BClient(${JSON.stringify(PUBLIC_TOKEN)}, { endpoints: { testAPIURL: ${JSON.stringify(api)}, liveAPIURL: ${JSON.stringify(api)} } });
window.client = client;
client.session.onChange((session) => {
  document.getElementById("session").textContent = session ? "signed in " + session.member_id : "";
});
// The web component the SDK recommends (its deprecated \`mount\` leaves the first render without props).
customElements.define("stytch-b2b", stytch.StytchB2B);
const login = document.createElement("stytch-b2b");
login.client = client;
login.config = {
  products: [stytch.B2BProducts.emailMagicLinks],
  authFlowType: stytch.AuthFlowType.Discovery,
  sessionOptions: { sessionDurationMinutes: 60 },
  emailMagicLinksOptions: { discoveryRedirectURL: location.origin + "/authenticate" },
};
document.getElementById("login").appendChild(login);
</script>`;

let emulator, server, origin, browser;

before(async () => {
  server = createServer(async (request, response) => {
    const { pathname } = new URL(request.url, "http://x");
    if (pathname === "/ui.js") return response.writeHead(200, { "content-type": "text/javascript" }).end(await readFile(BUNDLE));
    // The login page and the redirect target are the same page, as in an app.
    response.writeHead(200, { "content-type": "text/html" }).end(page(emulator.url));
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  origin = `http://127.0.0.1:${server.address().port}`;
  emulator = await startEmulator(["--seed", "none", "--redirect-url", `${origin}/authenticate`]);
  browser = await launchBrowser();
});

after(() => closeAll({ browser, emulator, server }));

/** A tab on the login page that records page errors and every answer of the emulator's SDK API. */
async function loginTab() {
  const tab = await browser.newPage();
  const errors = [];
  const answers = [];
  tab.on("pageerror", (error) => errors.push(error.message));
  tab.on("response", (response) => {
    const url = new URL(response.url());
    if (url.pathname.startsWith("/sdk/") && response.request().method() !== "OPTIONS") {
      answers.push(`${response.status()} ${url.pathname.replace(/bootstrap\/.*/, "bootstrap")}`);
    }
  });
  await tab.goto(origin);
  return { tab, errors, answers };
}

/** Every SDK answer was a success, `path` among them, and the page threw nothing; closes the tab. */
async function finish({ tab, errors, answers }, path) {
  assert.deepEqual(answers.filter((a) => !a.startsWith("2")), [], answers.join(", "));
  assert.ok(answers.includes(`200 ${path}`), answers.join(", "));
  assert.deepEqual(errors, []);
  await tab.close();
}

/** Types the address into the official UI, follows the emailed link, and waits for `screen`. */
async function signInByLink(tab, email, screen) {
  await tab.getByLabel("Email").fill(email);
  await tab.getByRole("button", { name: "Continue with email" }).click();
  await tab.getByText("Check your email").waitFor();
  const { link } = await latestMessage(emulator.url, email);
  assert.ok(link.startsWith(`${origin}/authenticate?stytch_token_type=discovery&token=`), link);
  await tab.goto(link);
  await tab.getByText(screen).waitFor();
}

/** The signed-in member and organization, as the page's client holds them once confirmed. */
async function signedIn(tab) {
  await tab.getByText("You have successfully logged in.").waitFor();
  await tab.waitForFunction(() => document.getElementById("session").textContent.startsWith("signed in"));
  return tab.evaluate(() => ({
    email: client.self.getSync()?.email_address,
    organization: client.organization.getSync()?.organization_name,
    organization_id: client.session.getSync()?.organization_id,
    factor: client.session.getSync()?.authentication_factors?.[0]?.delivery_method,
  }));
}

test("a newcomer signs up through the official Discovery UI: address, link, a new organization, a session", async () => {
  const { tab, errors, answers } = await loginTab();
  const email = uniqueEmail("official-ui-new");
  await signInByLink(tab, email, "Create an organization to get started");
  await tab.getByRole("button", { name: "Create an organization" }).click();
  const session = await signedIn(tab);
  assert.equal(session.email, email);
  assert.equal(session.factor, "email");
  // The organization the UI created is the backend's too, with the newcomer as a member.
  const found = await backendApi(emulator.url, "POST", "/organizations/search", {
    query: { operator: "AND", operands: [{ filter_name: "member_emails", filter_value: [email] }] },
  });
  assert.deepEqual(found.organizations.map((o) => o.organization_id), [session.organization_id]);
  await finish({ tab, errors, answers }, "/sdk/v1/b2b/discovery/organizations/create");
});

test("a member of two organizations picks one in the official Discovery UI and is signed in to it", async () => {
  const email = uniqueEmail("official-ui-member");
  for (const name of ["Initech", "Globex"]) {
    const slug = `${name.toLowerCase()}-${Date.now().toString(36)}`;
    const { organization } = await backendApi(emulator.url, "POST", "/organizations", { organization_name: name, organization_slug: slug });
    await backendApi(emulator.url, "POST", `/organizations/${organization.organization_id}/members`, { email_address: email });
  }
  const { tab, errors, answers } = await loginTab();
  await signInByLink(tab, email, "Select an organization to continue");
  await tab.getByText("Initech").waitFor();
  await tab.getByText("Globex").click();
  const session = await signedIn(tab);
  assert.deepEqual([session.email, session.organization], [email, "Globex"]);
  await finish({ tab, errors, answers }, "/sdk/v1/b2b/discovery/intermediate_sessions/exchange");
});

test("an organization requiring MFA: the official UI enrols the member's phone and signs them in with a texted code", async () => {
  const email = uniqueEmail("official-ui-mfa");
  const phone = "+15005550177";
  const slug = `umbrella-${Date.now().toString(36)}`;
  const { organization } = await backendApi(emulator.url, "POST", "/organizations", { organization_name: "Umbrella", organization_slug: slug, mfa_policy: "REQUIRED_FOR_ALL" });
  await backendApi(emulator.url, "POST", `/organizations/${organization.organization_id}/members`, { email_address: email });
  const { tab, errors, answers } = await loginTab();
  await signInByLink(tab, email, "Select an organization to continue");
  await tab.getByText("Umbrella").click();
  await tab.getByText("Set up Multi-Factor Authentication").waitFor();
  await tab.getByText("Text me a code").click();
  await tab.getByPlaceholder("(201) 555-0123").fill("5005550177");
  await tab.getByRole("button", { name: "Continue" }).click();
  await tab.getByText("Enter passcode").waitFor();
  const { code } = await latestMessage(emulator.url, phone);
  await tab.getByLabel("One-time passcode").fill(code);
  const session = await signedIn(tab);
  assert.deepEqual([session.email, session.organization], [email, "Umbrella"]);
  const factors = await tab.evaluate(() => client.session.getSync().authentication_factors.map((f) => f.delivery_method));
  assert.deepEqual(factors, ["email", "sms"]);
  const member = await tab.evaluate(() => client.self.getSync());
  assert.deepEqual([member.mfa_phone_number, member.mfa_phone_number_verified], [phone, true], "the phone is the member's now");
  await finish({ tab, errors, answers }, "/sdk/v1/b2b/otps/sms/authenticate");
});
