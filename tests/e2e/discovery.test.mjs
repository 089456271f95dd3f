// Tried as a new user would, through the trunk-built demo in the machine's Chromium against a
// real emulator: email, the link from the outbox, create an organization, the dashboard,
// reload without a flash of signed-out content, logout.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import {
  startDemoStack, latestMessage, uniqueEmail, trackErrors, requestMagicLink, PUBLIC_TOKEN,
} from "../lib/harness.mjs";
import { assertAccessible } from "../lib/a11y.mjs";

let emulator, demo, browser;

let stack;

before(async () => {
  stack = await startDemoStack();
  ({ emulator, demo, browser } = stack);
});

after(() => stack?.close());

async function signInByLink(page, email) {
  await page.goto(`${demo.url}/login`);
  await requestMagicLink(page, email);
  const message = await latestMessage(emulator.url, email);
  assert.match(message.link, new RegExp(`^${demo.url}/authenticate\\?stytch_token_type=discovery&token=`));
  await page.goto(message.link);
  await page.getByRole("heading", { name: "Select an organization to continue" }).waitFor();
  assert.ok(!page.url().includes("token="), "the used token is removed from the address bar");
}

test("a new person signs up, creates an organization, reloads and logs out", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = trackErrors(page);
  const email = uniqueEmail("newcomer");
  await signInByLink(page, email);

  assert.equal(await page.locator(".stytch-org").count(), 0, "a newcomer belongs nowhere");
  await page.getByRole("button", { name: "Create an organization" }).click();
  await page.getByLabel("Organization name").fill("Newcomer Labs");
  const slug = await page.getByLabel("Organization URL slug").inputValue();
  assert.equal(slug, "newcomer-labs", "the slug is suggested from the name");
  const uniqueSlug = `labs-${Date.now().toString(36)}`;
  await page.getByLabel("Organization URL slug").fill(uniqueSlug);
  await page.getByRole("button", { name: "Create organization" }).click();

  await page.getByTestId("dashboard").waitFor();
  assert.equal(await page.getByTestId("member-email").textContent(), email);
  assert.equal(await page.getByTestId("organization-name").textContent(), "Newcomer Labs");
  assert.equal(await page.getByTestId("session-roles").textContent(), "stytch_member, stytch_admin");
  assert.equal(await page.getByTestId("can-write").textContent(), "yes", "creators administer their organization");

  const cookies = Object.fromEntries((await context.cookies()).map((c) => [c.name, c]));
  for (const name of ["stytch_session", "stytch_session_jwt"]) {
    assert.ok(cookies[name], `${name} cookie set`);
    assert.equal(cookies[name].sameSite, "Lax");
    assert.equal(cookies[name].secure, false, "localhost pages get non-Secure cookies");
    assert.equal(cookies[name].path, "/");
    assert.equal(cookies[name].httpOnly, false);
    assert.ok(cookies[name].expires > Date.now() / 1000 + 25 * 60, "expires with the 30-minute session");
  }
  assert.equal(cookies.stytch_intermediate_session_token, undefined, "IST cookie cleared after sign-in");
  const cached = await page.evaluate((key) => JSON.parse(localStorage.getItem(key)), `stytch_sdk_state_${PUBLIC_TOKEN}`);
  assert.equal(cached.member.email_address, email);
  assert.equal(cached.organization.organization_slug, uniqueSlug);

  // Reload: the dashboard must paint from the cache, never showing loading or signed-out UI.
  await page.addInitScript(() => {
    window.__seen = new Set();
    new MutationObserver(() => {
      for (const el of document.querySelectorAll("[data-testid], .stytch-login")) window.__seen.add(el.dataset.testid ?? "login");
    }).observe(document, { childList: true, subtree: true });
  });
  await page.reload();
  await page.getByTestId("dashboard").waitFor();
  await page.getByTestId("confirmed").filter({ hasText: "true" }).waitFor();
  const seen = await page.evaluate(() => [...window.__seen]);
  assert.ok(!seen.includes("loading") && !seen.includes("login"), `no flash of loading or signed-out content, saw ${seen}`);
  assert.equal(new URL(page.url()).pathname, "/dashboard");

  await page.getByRole("button", { name: "Log out" }).click();
  await page.getByRole("heading", { name: "Sign up or log in" }).waitFor();
  assert.equal(new URL(page.url()).pathname, "/login");
  const after = Object.fromEntries((await context.cookies()).map((c) => [c.name, c]));
  assert.equal(after.stytch_session, undefined, "session cookie removed");
  assert.equal(after.stytch_session_jwt, undefined, "JWT cookie removed");
  assert.equal(await page.evaluate((key) => localStorage.getItem(key), `stytch_sdk_state_${PUBLIC_TOKEN}`), "null");
  assert.deepEqual(errors, [], "no uncaught errors in the page");
  await context.close();
});

test("with PKCE, a sign-in link opened in another browser is refused with a clear message; it works where it was asked for", async () => {
  const asker = await browser.newContext();
  const page = await asker.newPage();
  const email = uniqueEmail("pkce");
  await page.goto(`${demo.url}/login`);
  await requestMagicLink(page, email);
  await page.getByText("Open it in this browser: for your security, the link works only here.").waitFor();
  await assertAccessible(page, "the email-sent screen with the same-browser hint");
  const stored = await page.evaluate((key) => JSON.parse(localStorage.getItem(key)), `stytch_sdk_state_${PUBLIC_TOKEN}::PKCE_VERIFIER:magic_links`);
  assert.match(stored.code_verifier, /^[0-9a-f]{64}$/, "a 256-bit verifier stays in this browser");
  const message = await latestMessage(emulator.url, email);

  const other = await browser.newContext();
  const elsewhere = await other.newPage();
  const otherErrors = trackErrors(elsewhere);
  await elsewhere.goto(message.link);
  const alert = elsewhere.getByRole("alert").filter({ hasText: "only works in the browser where you asked for it" });
  await alert.waitFor();
  await assertAccessible(elsewhere, "the other-browser dead end");
  assert.deepEqual(otherErrors, []);
  await other.close();

  // The refusal did not use the link up.
  const errors = trackErrors(page);
  await page.goto(message.link);
  await page.getByRole("heading", { name: "Select an organization to continue" }).waitFor();
  assert.equal(
    await page.evaluate((key) => localStorage.getItem(key), `stytch_sdk_state_${PUBLIC_TOKEN}::PKCE_VERIFIER:magic_links`),
    null,
    "the used pair is cleared",
  );
  assert.deepEqual(errors, []);
  await asker.close();
});

test("a seeded member continues into an existing organization, joins another", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = trackErrors(page);
  await signInByLink(page, "ada@example.com");
  const options = page.locator(".stytch-org");
  const labels = await options.allTextContents();
  assert.deepEqual(labels.slice(0, 3), ["Acme CorporationContinue", "GlobexAccept invite", "InitechJoin"]);
  await page.getByRole("button", { name: /Initech/ }).click();
  await page.getByTestId("dashboard").waitFor();
  assert.equal(await page.getByTestId("organization-name").textContent(), "Initech");
  assert.equal(await page.getByTestId("can-write").textContent(), "no", "members may only read documents");
  assert.deepEqual(errors, [], "no uncaught errors in the page");
  await context.close();
});

test("an administrator invites a teammate from the dashboard, finds them in the member list; the emailed link signs them in", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = trackErrors(page);
  const founder = uniqueEmail("founder");
  await signInByLink(page, founder);
  await page.getByRole("button", { name: "Create an organization" }).click();
  await page.getByLabel("Organization name").fill("Invite Labs");
  await page.getByLabel("Organization URL slug").fill(`invite-${Date.now().toString(36)}`);
  await page.getByRole("button", { name: "Create organization" }).click();
  await page.getByTestId("dashboard").waitFor();

  const teammate = uniqueEmail("teammate");
  await page.getByLabel("Teammate's email").fill(teammate);
  await page.getByRole("button", { name: "Send invitation" }).click();
  await page.getByTestId("notice").filter({ hasText: `Invitation sent to ${teammate}.` }).waitFor();
  await assertAccessible(page, "the dashboard with the invite form");
  assert.equal(await page.getByLabel("Teammate's email").inputValue(), "", "the form is cleared for the next one");

  // The member list searches again after the invitation, and narrows by email.
  const members = page.getByTestId("members");
  await members.getByTestId("members-summary").filter({ hasText: "2 members" }).waitFor();
  assert.deepEqual(await members.getByTestId("member-row").allTextContents(), [`${founder} (active)`, `${teammate} (invited)`]);
  await page.getByLabel("Search members by email").fill(teammate.slice(0, 12));
  await members.getByTestId("members-summary").filter({ hasText: "1 member" }).waitFor();
  assert.deepEqual(await members.getByTestId("member-row").allTextContents(), [`${teammate} (invited)`]);
  await assertAccessible(page, "the dashboard with the member list");

  const other = await browser.newContext();
  const invitee = await other.newPage();
  const inviteeErrors = trackErrors(invitee);
  const invite = await latestMessage(emulator.url, teammate);
  assert.match(invite.link, /stytch_token_type=multi_tenant_magic_links/);
  await invitee.goto(invite.link);
  await invitee.getByTestId("dashboard").waitFor();
  assert.equal(await invitee.getByTestId("organization-name").textContent(), "Invite Labs");
  assert.equal(await invitee.getByTestId("member-email").textContent(), teammate);
  assert.equal(await invitee.getByLabel("Teammate's email").count(), 0, "a plain member cannot invite");
  assert.equal(await invitee.getByTestId("members").count(), 0, "nor list the members");
  assert.deepEqual([...errors, ...inviteeErrors], [], "no uncaught errors in either page");
  await other.close();
  await context.close();
});
