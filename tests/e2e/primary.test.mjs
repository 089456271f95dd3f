// The other primary methods, step-up, the Organization flow and the organization switcher,
// through the demo in Chromium, tried as a new person would: OAuth through the emulator's
// simulated providers, links and codes from the outbox, passwords typed. Every new screen is
// checked with axe-core and captured in both themes.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import {
  startDemoStack, latestMessage, messages, trackErrors, signInThroughDemo, heading, onScreen, backendApi, uniqueEmail, PROJECT_ID, SECRET,
} from "../lib/harness.mjs";
import { assertAccessible, captureScreen } from "../lib/a11y.mjs";
import { totp } from "../lib/totp.mjs";

const STARK_PASSWORD = "Arc-Reactor-Mark-42";
let emulator, demo, browser;

let stack;

before(async () => {
  stack = await startDemoStack();
  ({ emulator, demo, browser } = stack);
});

after(() => stack?.close());

async function newPage() {
  const context = await browser.newContext();
  const page = await context.newPage();
  return { context, page, errors: trackErrors(page) };
}


async function factors(page) {
  await page.getByTestId("dashboard").waitFor();
  return (await page.getByTestId("session-factors").textContent()) ?? "";
}

/** The emulator's consent page: a typed identity, then back to the app. */
async function consentAs(page, provider, email) {
  await page.getByRole("heading", { name: `Sign in with ${provider}` }).waitFor();
  assert.match(new URL(page.url()).searchParams.get("pkce_code_challenge") ?? "", /^[\w-]{43}$/, "the start carried a PKCE challenge");
  await assertAccessible(page, `the emulator's ${provider} consent page`);
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Continue", exact: true }).click();
}

test("GitHub into an organization that needs a verified email: step up by email link, land signed in", async () => {
  const { context, page, errors } = await newPage();
  const email = `newcomer-${Date.now().toString(36)}@umbrella.example`;
  await page.goto(`${demo.url}/login`);
  await page.getByRole("button", { name: "Continue with GitHub" }).click();
  await consentAs(page, "GitHub", email);

  await heading(page, "Select an organization to continue").waitFor();
  const umbrella = page.getByRole("button", { name: /Umbrella/ });
  assert.match(await umbrella.textContent(), /Join/, "eligible by email domain");
  await umbrella.click();

  await onScreen(page, "Verify your email");
  await captureScreen(page, "20-step-up-verify-email");
  assert.match(await page.locator(".stytch-login").textContent(), new RegExp(email.replace(/[.]/g, "\\.")), "for the same address");
  assert.equal(await page.getByRole("button", { name: "Continue with GitHub" }).count(), 0, "GitHub cannot verify an email");
  assert.equal(await page.getByRole("button", { name: "Continue with Microsoft" }).count(), 1);
  await page.getByRole("button", { name: "Continue", exact: true }).click();
  await onScreen(page, "How would you like to sign in?");
  await page.getByRole("button", { name: "Email me a sign-in link", exact: true }).click();
  await onScreen(page, "Check your email");
  const link = await latestMessage(emulator.url, email);
  assert.match(link.link, /stytch_token_type=multi_tenant_magic_links/);
  await page.goto(link.link);

  assert.match(await factors(page), /oauth_github/);
  assert.match(await factors(page), /email/);
  assert.equal(await page.getByTestId("organization-name").textContent(), "Umbrella");
  assert.deepEqual(errors, []);
  await context.close();
});

test("Slack from a workspace Wayne Enterprises allows: join without verifying the email", async () => {
  const { context, page, errors } = await newPage();
  const email = `fox-${Date.now().toString(36)}@wayne.example`;
  await page.goto(`${demo.url}/login`);
  await page.getByRole("button", { name: "Continue with Slack" }).click();
  await page.getByRole("heading", { name: "Sign in with Slack" }).waitFor();
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Organization or workspace ID").fill("T0WAYNE");
  await page.getByRole("button", { name: "Continue", exact: true }).click();

  await heading(page, "Select an organization to continue").waitFor();
  const wayne = page.getByRole("button", { name: /Wayne Enterprises/ });
  assert.match(await wayne.textContent(), /Join/, "eligible by OAuth tenant");
  await wayne.click();
  await page.getByTestId("dashboard").waitFor();
  assert.match(await factors(page), /oauth_slack/);
  assert.equal(await page.getByTestId("organization-name").textContent(), "Wayne Enterprises");
  assert.deepEqual(errors, []);
  await context.close();
});

test("someone the organization lets join by email domain sets a first password through a sign-in link, then signs in with it", async () => {
  const slug = `setup-${Date.now().toString(36)}`;
  const { organization } = await backendApi(emulator.url, "POST", "/organizations", {
    organization_name: "Setup Labs", organization_slug: slug,
    email_jit_provisioning: "RESTRICTED", email_allowed_domains: ["setup.example"],
  });
  assert.equal(organization.organization_slug, slug);
  const { context, page, errors } = await newPage();
  const email = `newcomer-${Date.now().toString(36)}@setup.example`;
  const password = "Setup-Labs-Welcome-2026!";

  // An address from another domain may not join: the server's answer stays on the form.
  await page.goto(`${demo.url}/org/${slug}`);
  await page.getByRole("button", { name: "Forgot your password?" }).click();
  await onScreen(page, "Reset your password");
  await page.getByLabel("Email").fill("stranger@elsewhere.example");
  await page.getByRole("button", { name: "Send reset link" }).click();
  await page.getByRole("alert").filter({ hasText: /./ }).waitFor();
  assert.equal(await heading(page, "Reset your password").count(), 1);

  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Send reset link" }).click();
  await onScreen(page, "Verify your email");
  await page.getByText("the link works only here").waitFor();
  await captureScreen(page, "30-password-setup-sent");
  await assertAccessible(page, "the verify-before-a-first-password screen");
  const link = await latestMessage(emulator.url, email);
  assert.match(link.link, /stytch_token_type=multi_tenant_magic_links/, "a sign-in link, not a reset link");

  await page.goto(link.link);
  await onScreen(page, "Choose your password");
  await captureScreen(page, "31-password-setup");
  await assertAccessible(page, "the first-password screen");
  await page.getByLabel("New password").fill(password);
  await page.getByRole("button", { name: "Set password" }).click();
  assert.match(await factors(page), /magic_link|email/);
  assert.equal(await page.getByTestId("organization-name").textContent(), "Setup Labs");
  await page.getByRole("button", { name: "Log out" }).click();
  await page.waitForURL(/\/login$/);

  await page.goto(`${demo.url}/org/${slug}`);
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  assert.match(await factors(page), /knowledge/, "the password set through the link signs in");
  assert.deepEqual(errors, []);
  await context.close();
});

test("an organization accepting only SSO: step up through its identity provider; newcomers join at its login page", async () => {
  const { context, page, errors } = await newPage();
  await signInThroughDemo(page, { demo, emulator, email: "miles@cyberdyne.example", pick: null });
  await page.getByRole("button", { name: /Cyberdyne Systems/ }).click();
  await onScreen(page, "Continue to Cyberdyne Systems");
  await captureScreen(page, "28-step-up-sso");
  assert.equal(await page.getByRole("textbox").count(), 0, "SSO only: no email or password form");
  await page.getByRole("button", { name: "Continue with Cyberdyne Okta" }).click();
  await page.getByRole("heading", { name: "Sign in to Cyberdyne Systems with Cyberdyne Okta" }).waitFor();
  assert.match(new URL(page.url()).searchParams.get("pkce_code_challenge") ?? "", /^[\w-]{43}$/, "the start carried a PKCE challenge");
  await assertAccessible(page, "the emulator's identity provider page");
  await page.getByRole("button", { name: "Continue as miles@cyberdyne.example" }).click();
  const signedIn = await factors(page);
  assert.match(signedIn, /sso_saml/);
  assert.match(signedIn, /email/, "the magic link's factor and the SSO factor share one session");
  assert.equal(await page.getByTestId("organization-name").textContent(), "Cyberdyne Systems");
  assert.deepEqual(errors, []);
  await context.close();

  // "Continue with SSO" on the Discovery login: the address finds its one connection.
  const third = await newPage();
  await third.page.goto(`${demo.url}/login`);
  await third.page.getByRole("button", { name: "Continue with SSO" }).click();
  await onScreen(third.page, "Continue with SSO");
  await assertAccessible(third.page, "the SSO address screen");
  await third.page.getByLabel("Email").fill("nobody@nowhere.example");
  await third.page.getByRole("button", { name: "Continue", exact: true }).click();
  await third.page.getByText("No single sign-on is set up for this address").waitFor();
  await captureScreen(third.page, "29-sso-discovery-none");
  await third.page.getByLabel("Email").fill("miles@cyberdyne.example");
  await third.page.getByRole("button", { name: "Continue", exact: true }).click();
  await third.page.getByRole("heading", { name: "Sign in to Cyberdyne Systems with Cyberdyne Okta" }).waitFor();
  await third.page.getByRole("button", { name: "Continue as miles@cyberdyne.example" }).click();
  assert.match(await factors(third.page), /sso_saml/);
  assert.equal(await third.page.getByTestId("organization-name").textContent(), "Cyberdyne Systems");
  assert.deepEqual(third.errors, []);
  await third.context.close();

  // Someone new signs in at the organization's own login page (the Organization flow).
  const second = await newPage();
  await second.page.goto(`${demo.url}/org/cyberdyne`);
  await second.page.getByRole("button", { name: "Continue with Cyberdyne Okta" }).click();
  await second.page.getByRole("heading", { name: /Cyberdyne Okta/ }).waitFor();
  await second.page.getByLabel("Email").fill(`t800-${Date.now().toString(36)}@cyberdyne.example`);
  await second.page.getByRole("button", { name: "Continue", exact: true }).click();
  assert.match(await factors(second.page), /sso_saml/);
  assert.equal(await second.page.getByTestId("organization-name").textContent(), "Cyberdyne Systems");
  assert.deepEqual(second.errors, []);
  await second.context.close();
});

test("an organization accepting only Microsoft and email codes: step up with Microsoft", async () => {
  const { context, page, errors } = await newPage();
  await signInThroughDemo(page, { demo, emulator, email: "ada@example.com", pick: null });
  await page.getByRole("button", { name: /Hooli/ }).click();
  await onScreen(page, "Continue to Hooli");
  await captureScreen(page, "21-step-up-restricted");
  assert.match(await page.locator(".stytch-login").textContent(), /Hooli asks you to sign in with one of these methods/);
  await page.getByRole("button", { name: "Continue with Microsoft" }).click();
  await page.getByRole("heading", { name: "Sign in with Microsoft" }).waitFor();
  await page.getByRole("button", { name: "Continue as ada@example.com" }).click();
  assert.match(await factors(page), /oauth_microsoft/);
  assert.equal(await page.getByTestId("organization-name").textContent(), "Hooli");
  assert.deepEqual(errors, []);
  await context.close();
});

test("the Organization flow at /org/stark: passwords, a verify-email step-up by code, a reset by email", async () => {
  const { context, page, errors } = await newPage();
  await page.goto(`${demo.url}/org/stark`);
  await heading(page, "Continue to Stark Industries").waitFor();
  await captureScreen(page, "22-organization-flow");
  await page.getByLabel("Email", { exact: true }).fill("tony@stark.example");
  await page.getByLabel("Password").fill("not the password");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await page.getByRole("alert").filter({ hasText: "email address or password is not correct" }).waitFor();
  await page.getByLabel("Password").fill(STARK_PASSWORD);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  assert.match(await factors(page), /knowledge/);
  await page.getByRole("button", { name: "Log out" }).click();
  await page.waitForURL(/\/login$/);

  // Pepper's email is unverified: her password alone is not enough.
  await page.goto(`${demo.url}/org/stark`);
  await page.getByLabel("Email", { exact: true }).fill("pepper@stark.example");
  await page.getByLabel("Password").fill(STARK_PASSWORD);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await onScreen(page, "Verify your email");
  await page.getByRole("button", { name: "Continue", exact: true }).click();
  await page.getByRole("button", { name: "Email me a 6-digit code" }).click();
  await onScreen(page, "Enter the code we emailed you");
  await captureScreen(page, "23-email-code");
  const code = (await latestMessage(emulator.url, "pepper@stark.example")).code;
  await page.getByLabel("6-digit code").fill(code);
  await page.getByRole("button", { name: "Verify" }).click();
  assert.match(await factors(page), /knowledge/);
  await page.getByRole("button", { name: "Log out" }).click();
  await page.waitForURL(/\/login$/);

  // Tony forgets his password.
  await page.goto(`${demo.url}/org/stark`);
  await page.getByRole("button", { name: "Forgot your password?" }).click();
  await onScreen(page, "Reset your password");
  await captureScreen(page, "24-password-forgot");
  await page.getByLabel("Email").fill("tony@stark.example");
  await page.getByRole("button", { name: "Send reset link" }).click();
  await onScreen(page, "Check your email");
  await page.getByText("the link works only here").waitFor();
  const reset = await latestMessage(emulator.url, "tony@stark.example");
  assert.match(reset.link, /stytch_token_type=multi_tenant_passwords/);
  await page.goto(reset.link);
  await heading(page, "Choose a new password").waitFor();
  assert.ok(!page.url().includes("token="), "the reset token leaves the address bar");
  await page.getByLabel("New password").pressSequentially("tony123");
  await page.locator(".stytch-login__strength").filter({ hasText: /Very weak|Weak/ }).waitFor();
  await captureScreen(page, "25-password-reset-weak");
  await page.getByRole("button", { name: "Set password" }).click();
  await page.getByRole("alert").filter({ hasText: "Choose a stronger password" }).waitFor();
  const strong = "Mark-85-Bleeding-Edge!";
  await page.getByLabel("New password").fill(strong);
  await page.getByLabel("New password").press("End");
  await page.locator(".stytch-login__strength").filter({ hasText: /Good|Strong/ }).waitFor();
  await page.getByRole("button", { name: "Set password" }).click();
  await page.getByTestId("dashboard").waitFor();
  await page.getByRole("button", { name: "Log out" }).click();
  await page.waitForURL(/\/login$/);
  await page.goto(`${demo.url}/org/stark`);
  await page.getByLabel("Email", { exact: true }).fill("tony@stark.example");
  await page.getByLabel("Password").fill(strong);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await page.getByTestId("dashboard").waitFor();

  await page.goto(`${demo.url}/org/no-such-organization`);
  await heading(page, "Something went wrong").waitFor();
  assert.match(await page.locator(".stytch-login").textContent(), /couldn't find this organization/);
  assert.deepEqual(errors, []);
  await context.close();
});

test("the switcher into an organization that requires SSO: out to its identity provider and back signed in there", async () => {
  // Someone in Acme and, through its identity provider only, in Cyberdyne.
  const email = uniqueEmail("dual").replace("@example.org", "@cyberdyne.example");
  const { organizations } = await backendApi(emulator.url, "POST", "/organizations/search", {
    query: { operator: "AND", operands: [{ filter_name: "organization_slugs", filter_value: ["acme", "cyberdyne"] }] },
  });
  for (const organization of organizations) {
    const created = await backendApi(emulator.url, "POST", `/organizations/${organization.organization_id}/members`, { email_address: email, name: "Dual Member" });
    assert.equal(created.member?.email_address, email, JSON.stringify(created));
  }
  const { context, page, errors } = await newPage();
  await signInThroughDemo(page, { demo, emulator, email, pick: /Acme/ });
  await page.getByRole("button", { name: /Organization: Acme Corporation/ }).click();
  await page.getByRole("option", { name: /Cyberdyne Systems/ }).click();
  const dialog = page.getByRole("dialog");
  await dialog.waitFor();
  await dialog.getByRole("button", { name: "Continue with Cyberdyne Okta" }).click();
  await page.getByRole("heading", { name: "Sign in to Cyberdyne Systems with Cyberdyne Okta" }).waitFor();
  await page.getByRole("button", { name: `Continue as ${email}` }).click();
  assert.match(await factors(page), /sso_saml/);
  assert.equal(await page.getByTestId("organization-name").textContent(), "Cyberdyne Systems");
  assert.deepEqual(errors, []);
  await context.close();
});

test("the switcher, by keyboard only: into an MFA organization without ever signing out, and a cancelled switch", async () => {
  const { context, page, errors } = await newPage();
  await signInThroughDemo(page, { demo, emulator, email: "ada@example.com", pick: /Acme/ });
  const trigger = page.getByRole("button", { name: /Organization: Acme Corporation/ });
  await trigger.focus();
  await page.keyboard.press("Enter");
  const list = page.getByRole("listbox", { name: "Your organizations" });
  await list.waitFor();
  await page.waitForFunction(() => document.activeElement?.getAttribute("role") === "listbox" || document.activeElement?.getAttribute("role") === "combobox");
  const options = await list.getByRole("option").allTextContents();
  assert.match(options[0], /^Acme Corporation\s*Current$/, `current first: ${options}`);
  assert.ok(options.some((o) => /Globex.*Invited/.test(o)), `${options}`);
  assert.ok(options.some((o) => /Fabrikam.*Extra verification/.test(o)), `${options}`);
  await captureScreen(page, "26-switcher-open");

  // Contoso needs a texted code: open the dialog, then cancel with Escape.
  const activeOption = () =>
    page.evaluate(() => document.getElementById(document.activeElement?.getAttribute("aria-activedescendant") ?? "")?.textContent);
  await page.keyboard.type("c");
  await page.waitForFunction(
    () => document.getElementById(document.activeElement?.getAttribute("aria-activedescendant") ?? "")?.textContent === "ContosoExtra verification",
  );
  await page.keyboard.press("End");
  await page.waitForFunction(() => document.getElementById(document.activeElement?.getAttribute("aria-activedescendant") ?? "")?.textContent === "Create an organization");
  await page.keyboard.press("Home");
  await page.keyboard.press("ArrowDown");
  assert.match(await activeOption(), /^Contoso/);
  await page.keyboard.press("Enter");
  const dialog = page.getByRole("dialog");
  await dialog.waitFor();
  await heading(page, "Enter your phone number").waitFor();
  const sessionCookie = async () => (await context.cookies()).find((c) => c.name === "stytch_session")?.value;
  const before = await sessionCookie();
  assert.ok(before, "still signed in while verifying");
  // Focus moves into the dialog on the frame after it renders, and its Escape listens there:
  // a person sees the focused dialog before pressing a key, and so does this test (pressing
  // at once raced that frame once in CI).
  await page.waitForFunction(() => document.querySelector('[role="dialog"]')?.contains(document.activeElement));
  await page.keyboard.press("Escape");
  await dialog.waitFor({ state: "detached" });
  assert.equal(await sessionCookie(), before, "cancelling leaves the session untouched");
  assert.equal(await page.getByTestId("organization-name").textContent(), "Acme Corporation");
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute("aria-haspopup")), "listbox", "focus returns to the trigger");

  // Fabrikam needs an authenticator app: set it up inside the dialog.
  await page.keyboard.press("ArrowDown");
  await list.waitFor();
  await page.waitForFunction(() => document.activeElement?.getAttribute("role") === "listbox");
  await page.keyboard.type("f");
  await page.keyboard.press("Enter");
  await dialog.waitFor();
  await onScreen(page, "Set up your authenticator app");
  await page.getByTestId("dashboard").waitFor();
  assert.ok(await sessionCookie(), "the app stays signed in behind the dialog");
  await captureScreen(page, "27-switcher-verification");
  await page.getByRole("button", { name: "Can't scan it? Enter the key instead" }).click();
  const secret = (await page.locator("[data-secret]").textContent()).replace(/\s/g, "");
  await page.getByRole("button", { name: "Continue", exact: true }).click();
  await onScreen(page, "Enter your authenticator code");
  await page.getByLabel("6-digit code").fill(totp(secret));
  await page.keyboard.press("Enter");
  await onScreen(page, "Save your recovery codes");
  await page.getByRole("button", { name: "Done, I've saved them" }).click();
  await dialog.waitFor({ state: "detached" });
  await page.getByRole("button", { name: /Organization: Fabrikam/ }).waitFor();
  await page.getByTestId("organization-name").filter({ hasText: "Fabrikam" }).waitFor();
  assert.match(await factors(page), /authenticator_app/);

  assert.deepEqual(errors, []);
  await context.close();
});

test("email codes for discovery, with the choice between a link and a code", async () => {
  const { context, page, errors } = await newPage();
  const email = `coder-${Date.now().toString(36)}@example.org`;
  await page.goto(`${demo.url}/login`);
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByRole("button", { name: "Email me a sign-in link instead" }).click();
  await page.getByRole("button", { name: "Email me a 6-digit code" }).click();
  await onScreen(page, "Enter the code we emailed you");
  const first = (await latestMessage(emulator.url, email)).code;
  await page.getByRole("button", { name: "Resend code" }).click();
  const second = (await latestMessage(emulator.url, email, { after: 1 })).code;
  await page.getByLabel("6-digit code").fill(first === second ? "000000" : first);
  await page.getByRole("button", { name: "Verify" }).click();
  await page.getByRole("alert").filter({ hasText: /expired|not correct/ }).waitFor();
  await page.getByLabel("6-digit code").fill(second);
  await page.getByRole("button", { name: "Verify" }).click();
  await heading(page, "Select an organization to continue").waitFor();
  assert.equal((await messages(emulator.url, email)).length, 2);
  assert.deepEqual(errors, []);
  await context.close();
});

test("a forgotten password in discovery: a reset link for every membership, then the organization list", async () => {
  const { context, page, errors } = await newPage();
  const hank = "hank@globex.example";
  await page.goto(`${demo.url}/login`);
  await page.getByRole("button", { name: "Forgot your password?" }).click();
  await onScreen(page, "Reset your password");
  await page.getByLabel("Email").fill(hank);
  await page.getByRole("button", { name: "Send reset link" }).click();
  await onScreen(page, "Check your email");
  const reset = await latestMessage(emulator.url, hank);
  assert.match(reset.link, /stytch_token_type=discovery/);
  assert.match(reset.link, /stytch_redirect_type=reset_password/);
  await page.goto(reset.link);
  await heading(page, "Choose a new password").waitFor();
  assert.ok(!page.url().includes("token="), "the reset token leaves the address bar");
  const password = "Scorpio-Hammock-District-9";
  await page.getByLabel("New password").fill(password);
  await page.getByRole("button", { name: "Set password" }).click();
  await onScreen(page, "Select an organization to continue");
  await assertAccessible(page, "discovery after a password reset");
  await page.getByRole("button", { name: /Globex/ }).click();
  await page.getByTestId("dashboard").waitFor();
  assert.match(await factors(page), /knowledge/);
  await page.getByRole("button", { name: "Log out" }).click();
  await page.waitForURL(/\/login$/);

  // The new password signs in across organizations from the first screen.
  await page.getByLabel("Email", { exact: true }).fill(hank);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await onScreen(page, "Select an organization to continue");
  assert.deepEqual(errors, []);
  await context.close();
});

test("impersonation: support opens the demo as Ada from the emulator's page and lands on her dashboard, no MFA asked", async () => {
  const { context, page, errors } = await newPage();
  // The emulator's "Impersonate a member" form, as a person fills it in (Northwind requires MFA).
  await page.goto(`${emulator.url}/emulator`);
  await page.getByLabel("Organization (ID or slug)").fill("northwind");
  await page.getByLabel("Member's email").fill("ada@example.com");
  await page.getByRole("button", { name: "Open the app as them" }).click();
  await page.getByTestId("dashboard").waitFor();
  assert.match(await factors(page), /impersonat/);
  assert.equal(await page.getByTestId("organization-name").textContent(), "Northwind Traders");
  assert.ok(!new URL(page.url()).search.includes("token="), "the token left the address bar");
  assert.deepEqual(errors, []);
  await context.close();
});

test("the emulator's organizations page: accessible, filtered by a member's email, and its link opens the demo as that member", async () => {
  const { context, page, errors } = await newPage();
  const headers = { authorization: `Basic ${Buffer.from(`${PROJECT_ID}:${SECRET}`).toString("base64")}`, "content-type": "application/json" };
  // A registered app, so that the page's table of connected apps is checked too.
  const registered = await fetch(`${emulator.url}/v1/connected_apps/clients`, {
    method: "POST",
    headers,
    body: JSON.stringify({ client_type: "first_party", client_name: "Demo CLI", redirect_urls: ["http://127.0.0.1:8976/callback"] }),
  });
  assert.equal(registered.status, 200);
  // And an M2M client, for the table of machine clients.
  const machine = await fetch(`${emulator.url}/v1/m2m/clients`, {
    method: "POST",
    headers,
    body: JSON.stringify({ client_name: "Nightly export", scopes: ["read:users"] }),
  });
  assert.equal(machine.status, 200);
  // And a Trusted Auth Token profile.
  const profile = await fetch(`${emulator.url}/emulator/v1/trusted_token_profiles`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ name: "Legacy IdP", issuer: "https://legacy.example", audience: "demo", public_key_type: "JWK", jwks_url: "http://127.0.0.1:9/jwks.json", attribute_mapping: { email: "email" } }),
  });
  assert.equal(profile.status, 200, await profile.text());
  await page.goto(`${emulator.url}/emulator/organizations`);
  await page.getByRole("region", { name: "Connected apps" }).getByRole("rowheader", { name: "Demo CLI" }).waitFor();
  await page.getByRole("region", { name: "M2M clients" }).getByRole("rowheader", { name: "Nightly export" }).waitFor();
  await page.getByRole("region", { name: "Trusted Auth Token profiles" }).getByRole("rowheader", { name: "Legacy IdP" }).waitFor();
  await assertAccessible(page, "the emulator's organizations page");
  await page.getByLabel("Organization or member email").fill("ada@example.com");
  await page.getByRole("button", { name: "Filter" }).click();
  const northwind = page.getByRole("region", { name: "Northwind Traders" });
  await northwind.waitFor();
  assert.match(await page.getByRole("status").textContent(), /of \d+ organizations match/);
  await assertAccessible(page, "the emulator's organizations page, filtered");
  await northwind.getByRole("link", { name: "Open the app as ada@example.com" }).click();
  await page.getByTestId("dashboard").waitFor();
  assert.equal(await page.getByTestId("organization-name").textContent(), "Northwind Traders");
  assert.deepEqual(errors, []);
  await context.close();
});

test("an email update: the link to the new address opens the demo on the dashboard at that address", async () => {
  const { context, page, errors } = await newPage();
  const [before, after] = [uniqueEmail("moving"), uniqueEmail("moved")].map((e) => e.replace("@example.org", "@example.com"));
  // A newcomer joins Initech (anyone at example.com may), then asks to move to a new address.
  await signInThroughDemo(page, { demo, emulator, email: before, pick: /Initech/ });
  assert.equal(await page.getByTestId("member-email").textContent(), before);
  const { member } = await backendApi(emulator.url, "GET", `/organizations/initech/member?email_address=${encodeURIComponent(before)}`);
  const started = await backendApi(emulator.url, "POST", `/organizations/${member.organization_id}/members/${member.member_id}/start_email_update`, {
    email_address: after, login_redirect_url: `${demo.url}/authenticate`,
  });
  assert.equal(started.status_code, 200, JSON.stringify(started));
  const message = await latestMessage(emulator.url, after);
  await page.goto(message.link);
  await page.getByTestId("dashboard").waitFor();
  await page.waitForFunction((expected) => document.querySelector("[data-testid=member-email]")?.textContent === expected, after);
  assert.ok(!new URL(page.url()).search.includes("token="), "the token left the address bar");
  assert.deepEqual(errors, []);
  await context.close();
});
