// The MFA flows through the trunk-built demo in the machine's Chromium, tried as a new person
// would: the codes come from the emulator's outbox or are computed from the secret shown on the
// screen. Every screen is checked with axe-core and captured in the light and dark themes.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import {
  startDemoStack, latestMessage, messages, trackErrors, emulatorApi, requestMagicLink, heading, onScreen,
} from "../lib/harness.mjs";
import { assertAccessible, captureScreen } from "../lib/a11y.mjs";
import { totp } from "../lib/totp.mjs";

const ADA = "ada@example.com";
let emulator, demo, browser;

let stack;

before(async () => {
  stack = await startDemoStack();
  ({ emulator, demo, browser } = stack);
});

after(() => stack?.close());

async function newPage() {
  const context = await browser.newContext({ permissions: ["clipboard-read", "clipboard-write"] });
  const page = await context.newPage();
  return { context, page, errors: trackErrors(page) };
}

/** Email, the link from the outbox, the organization list; then picks `organization`. */
async function signInTo(page, email, organization, { capture = false } = {}) {
  await page.goto(`${demo.url}/login`);
  await heading(page, "Sign up or log in").waitFor();
  if (capture) await captureScreen(page, "01-email");
  const before = (await messages(emulator.url, email)).length;
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByRole("button", { name: "Email me a sign-in link instead" }).click();
  await onScreen(page, "How would you like to sign in?");
  if (capture) await captureScreen(page, "01b-email-method");
  await page.getByRole("button", { name: "Email me a sign-in link", exact: true }).click();
  await onScreen(page, "Check your email");
  if (capture) await captureScreen(page, "02-email-sent");
  const message = await latestMessage(emulator.url, email, { after: before });
  await page.goto(message.link);
  await heading(page, "Select an organization to continue").waitFor();
  if (capture) await captureScreen(page, "03-discovery");
  await page.getByRole("button", { name: organization }).click();
}

async function signOut(page) {
  await page.getByRole("button", { name: "Log out" }).click();
  await heading(page, "Sign up or log in").waitFor();
}

async function sessionFactors(page) {
  await page.getByTestId("dashboard").waitFor();
  return (await page.getByTestId("session-factors").textContent()) ?? "";
}

/** An SMS code for `phone` newer than the `after`-th message. */
async function textedCode(phone, after) {
  const message = await latestMessage(emulator.url, phone, { after });
  assert.equal(message.channel, "sms");
  assert.match(message.code, /^\d{6}$/);
  return message.code;
}

/** A six-digit code that is certainly not `code`. */
const wrong = (code) => String((Number(code) + 1) % 1_000_000).padStart(6, "0");

test("the test's own TOTP matches the RFC 6238 vectors", () => {
  const secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"; // "12345678901234567890"
  assert.equal(totp(secret, 59_000), "287082");
  assert.equal(totp(secret, 1_111_111_109_000), "081804");
});

test("MFA required: enroll an authenticator app from its key, save recovery codes, sign back in with one", async () => {
  const { context, page, errors } = await newPage();
  await signInTo(page, ADA, /Northwind Traders/, { capture: true });

  // Both methods are allowed: the choice comes first, the authenticator app on top.
  await onScreen(page, "Set up multi-factor authentication");
  const options = await page.locator(".stytch-option .stytch-option__title").allTextContents();
  assert.deepEqual(options, ["Use an authenticator app", "Text me a code"]);
  await captureScreen(page, "04-mfa-selection");
  // Keyboard only: Tab to the first option and press Enter.
  await page.locator(".stytch-option").first().focus();
  await page.keyboard.press("Enter");

  await onScreen(page, "Set up your authenticator app");
  const qr = page.getByRole("img", { name: "QR code to scan with your authenticator app" });
  await qr.waitFor();
  assert.match(await qr.getAttribute("src"), /^data:image\/svg\+xml/);
  assert.ok(await qr.evaluate((img) => img.complete && img.naturalWidth > 0), "the QR code renders");
  await captureScreen(page, "05-totp-enrollment-qr");
  await page.getByRole("button", { name: "Can't scan it? Enter the key instead" }).click();
  const shown = await page.locator("[data-secret]").textContent();
  assert.match(shown, /^([A-Z2-7]{4} )*[A-Z2-7]{1,4}$/, "the key is shown in groups of four");
  await captureScreen(page, "06-totp-enrollment-key");
  const secret = shown.replace(/\s/g, "");
  await page.getByRole("button", { name: "Continue" }).click();

  await onScreen(page, "Enter your authenticator code");
  assert.equal(await page.getByLabel("6-digit code").getAttribute("autocomplete"), "one-time-code");
  await page.getByLabel("6-digit code").fill(wrong(totp(secret)));
  await page.getByRole("button", { name: "Verify" }).click();
  await page.getByRole("alert").filter({ hasText: "That code is not correct" }).waitFor();
  await captureScreen(page, "07-totp-entry-error");
  await page.getByLabel("6-digit code").fill(totp(secret));
  await page.getByRole("button", { name: "Verify" }).click();

  await onScreen(page, "Save your recovery codes");
  const codes = await page.locator(".stytch-login__codes code").allTextContents();
  assert.equal(codes.length, 10, "ten recovery codes");
  assert.equal(new Set(codes).size, 10, "all different");
  await page.getByRole("button", { name: "Copy codes" }).click();
  await page.getByRole("status").filter({ hasText: "Copied to the clipboard." }).waitFor();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), codes.join("\n"));
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download codes" }).click()]);
  assert.equal(download.suggestedFilename(), "recovery-codes.txt");
  assert.equal(await readFile(await download.path(), "utf8"), `${codes.join("\n")}\n`);
  await captureScreen(page, "08-recovery-codes-save");
  await page.getByRole("button", { name: "Done, I've saved them" }).click();
  assert.match(await sessionFactors(page), /totp/);

  // Sign back in: the app is now the way in; a recovery code works once.
  await signOut(page);
  await signInTo(page, ADA, /Northwind Traders/);
  await onScreen(page, "Enter your authenticator code");
  await page.getByRole("button", { name: "Use a recovery code" }).click();
  await onScreen(page, "Enter a recovery code");
  await captureScreen(page, "09-recovery-code-entry");
  await page.getByLabel("Recovery code").fill(codes[0]);
  await page.getByRole("button", { name: "Verify" }).click();
  assert.match(await sessionFactors(page), /recovery_codes/);

  await signOut(page);
  await signInTo(page, ADA, /Northwind Traders/);
  await onScreen(page, "Enter your authenticator code");
  await page.getByRole("button", { name: "Use a recovery code" }).click();
  await page.getByLabel("Recovery code").fill(codes[0]);
  await page.getByRole("button", { name: "Verify" }).click();
  await page.getByRole("alert").filter({ hasText: "not correct or was already used" }).waitFor();
  await page.getByLabel("Recovery code").fill(` ${codes[1].toUpperCase()} `);
  await page.getByRole("button", { name: "Verify" }).click();
  await page.getByTestId("dashboard").waitFor();

  assert.deepEqual(errors, []);
  await context.close();
});

test("SMS only: enroll a phone, sign in with the texted code, resend after the countdown", async () => {
  const { context, page, errors } = await newPage();
  await page.clock.install();
  await signInTo(page, ADA, /Contoso/);

  // One method allowed: straight to phone entry, no choice.
  await onScreen(page, "Enter your phone number");
  const phoneInput = page.getByLabel("Phone number");
  assert.equal(await phoneInput.getAttribute("type"), "tel");
  assert.equal(await phoneInput.getAttribute("autocomplete"), "tel");
  await phoneInput.fill("555 0100");
  await page.getByRole("button", { name: "Send code" }).click();
  await page.getByRole("alert").filter({ hasText: "country code" }).waitFor();
  await captureScreen(page, "10-sms-enrollment-error");

  const phone = `+1555${String(Date.now() % 10_000_000).padStart(7, "0")}`;
  await phoneInput.fill(`${phone.slice(0, 2)} ${phone.slice(2, 5)} ${phone.slice(5)}`);
  await page.getByRole("button", { name: "Send code" }).click();
  await onScreen(page, "Enter the code we texted you");
  assert.equal(await page.locator(".stytch-login strong").textContent(), phone, "the number just entered, normalized");
  await textedCode(phone, 0);
  await page.getByRole("status").filter({ hasText: "Code sent" }).waitFor();
  const resend = page.getByRole("button", { name: /Resend code/ });
  assert.match(await resend.textContent(), /^Resend code in [12]:\d\d$/);
  assert.ok(await resend.isDisabled(), "no resend during the countdown");
  await captureScreen(page, "11-sms-entry");

  await page.clock.fastForward("02:01");
  await page.getByRole("button", { name: "Resend code", exact: true }).waitFor();
  assert.ok(await resend.isEnabled());
  await resend.click();
  const second = await textedCode(phone, 1);
  assert.equal((await messages(emulator.url, phone)).length, 2, "the resend texted a new code");

  await page.getByLabel("6-digit code").fill(wrong(second));
  await page.getByRole("button", { name: "Verify" }).click();
  await page.getByRole("alert").filter({ hasText: "That code is not correct" }).waitFor();
  await page.getByLabel("6-digit code").fill(second);
  await page.getByRole("button", { name: "Verify" }).click();
  assert.match(await sessionFactors(page), /sms/);

  // Next time the phone is known: the code is texted as the screen appears.
  await signOut(page);
  const sent = (await messages(emulator.url, phone)).length;
  await signInTo(page, ADA, /Contoso/);
  await onScreen(page, "Enter the code we texted you");
  assert.match(await page.locator(".stytch-login strong").textContent(), /\d{2,4}$/, "the number is shown");
  await page.getByLabel("6-digit code").fill(await textedCode(phone, sent));
  await page.getByRole("button", { name: "Verify" }).click();
  await page.getByTestId("dashboard").waitFor();

  assert.deepEqual(errors, []);
  await context.close();
});

test("TOTP only: straight to the QR code; a member with a verified phone is texted at once", async () => {
  const { context, page, errors } = await newPage();
  await signInTo(page, ADA, /Fabrikam/);
  await onScreen(page, "Set up your authenticator app");
  assert.equal(await page.locator(".stytch-option").count(), 0, "no choice when one method is allowed");
  await page.getByRole("img", { name: /QR code/ }).waitFor();
  assert.equal(await page.getByRole("button", { name: "Back" }).count(), 0, "nothing to go back to");
  await context.close();

  // Grace has a verified phone at Northwind and SMS as her default: her code goes out at once.
  const grace = await newPage();
  const phone = "+15555550123";
  const sent = (await messages(emulator.url, phone)).length;
  await signInTo(grace.page, "grace@example.com", /Northwind Traders/);
  await onScreen(grace.page, "Enter the code we texted you");
  const code = await textedCode(phone, sent);
  assert.equal(await grace.page.getByRole("button", { name: "Use my authenticator app instead" }).count(), 0, "no app enrolled");
  await grace.page.getByLabel("6-digit code").fill(code);
  await grace.page.getByRole("button", { name: "Verify" }).click();
  assert.match(await sessionFactors(grace.page), /sms/);
  assert.deepEqual([...errors, ...grace.errors], []);
  await grace.context.close();
});

test("organization creation and a dead-end link are accessible in both themes", async () => {
  const { context, page, errors } = await newPage();
  // Hold the link's authentication for a moment so the "signing you in" screen can be checked.
  const fault = { path: "/sdk/v1/b2b/magic_links/discovery/authenticate", delay_ms: 4000, count: 1 };
  await emulatorApi(emulator.url, "POST", "/faults", fault);
  await page.goto(`${demo.url}/authenticate?stytch_token_type=discovery&token=not-a-real-token`);
  await heading(page, "Signing you in…").waitFor();
  assert.equal(await page.getByRole("progressbar").count(), 1);
  await captureScreen(page, "00-authenticating");
  await heading(page, "Something went wrong").waitFor();
  await captureScreen(page, "12-error");
  await page.getByRole("button", { name: "Start over" }).click();
  await onScreen(page, "Sign up or log in");

  const email = `creator-${Date.now().toString(36)}@example.org`;
  await requestMagicLink(page, email);
  await page.goto((await latestMessage(emulator.url, email)).link);
  await heading(page, "Select an organization to continue").waitFor();
  await page.getByRole("button", { name: "Create an organization" }).click();
  await onScreen(page, "Create an organization");
  await page.getByLabel("Organization name").fill("Creator Co");
  await page.getByLabel("Organization URL slug").fill("x");
  await page.getByRole("button", { name: "Create organization" }).click();
  await page.getByRole("alert").filter({ hasText: "at least 2 characters" }).waitFor();
  await captureScreen(page, "13-create-organization-error");
  await assertAccessible(page, "create organization");
  assert.deepEqual(errors, []);
  await context.close();
});
