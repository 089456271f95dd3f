// Sessions through the demo in Chromium against a real emulator: tabs in step, refresh traffic
// with three tabs, revocation reaching every tab, a ten-minute outage (under Playwright's fake
// clock), and HttpOnly-cookie mode.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import {
  startEmulator, serveDemo, launchBrowser, trackErrors, signInThroughDemo, emulatorApi, backendApi, refreshCount, uniqueEmail,
} from "../lib/harness.mjs";

const cleanups = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

/** A demo (with its own config.js settings) and an emulator that allow-lists its URL. */
async function setup({ settings = {}, emulatorArgs = [] } = {}) {
  const demo = await serveDemo({ settings });
  const emulator = await startEmulator(["--seed", "demo", "--redirect-url", `${demo.url}/authenticate`, ...emulatorArgs]);
  demo.setApiUrl(emulator.url);
  cleanups.push(() => demo.close(), () => emulator.stop());
  return { demo, emulator };
}

let browser;
async function chromium() {
  if (!browser) {
    browser = await launchBrowser();
    cleanups.unshift(() => browser.close());
  }
  return browser;
}

async function openTabs(context, url, count) {
  const pages = [];
  for (let i = 0; i < count; i++) {
    const page = await context.newPage();
    page.errors = trackErrors(page);
    await page.goto(url);
    await page.getByTestId("dashboard").waitFor();
    pages.push(page);
  }
  return pages;
}

test("two tabs stay in step: an organization switch and a logout reach the other tab at once", async () => {
  const { demo, emulator } = await setup();
  const context = await (await chromium()).newContext();
  const first = await context.newPage();
  const errors = trackErrors(first);
  await signInThroughDemo(first, { demo, emulator, email: "ada@example.com", pick: /Acme/ });
  const [second] = await openTabs(context, `${demo.url}/dashboard`, 1);
  assert.equal(await second.getByTestId("organization-name").textContent(), "Acme Corporation");
  // The login opened by a signed-in member sends them on to the dashboard.
  await second.goto(`${demo.url}/login`);
  await second.waitForURL(`${demo.url}/dashboard`);
  await second.getByTestId("dashboard").waitFor();
  assert.equal(await second.getByRole("heading", { name: "Sign up or log in" }).count(), 0);

  await first.getByRole("button", { name: "Switch to Globex" }).click();
  await second.getByTestId("organization-name").filter({ hasText: "Globex" }).waitFor();
  await first.getByTestId("notice").filter({ hasText: "Switched to Globex" }).waitFor();

  await second.getByRole("button", { name: "Log out" }).click();
  await first.waitForURL(`${demo.url}/login`);
  await first.getByRole("heading", { name: "Sign up or log in" }).waitFor();
  assert.deepEqual([...errors, ...second.errors], []);
  await context.close();
});

test("three tabs share one refresh per interval, and a revoked session signs them all out within one", async () => {
  const interval = 1000;
  const { demo, emulator } = await setup({ settings: { refreshIntervalMs: interval } });
  const context = await (await chromium()).newContext();
  const page = await context.newPage();
  await signInThroughDemo(page, { demo, emulator, email: "ada@example.com", pick: /Acme/ });
  const tabs = [page, ...(await openTabs(context, `${demo.url}/dashboard`, 2))];
  for (const tab of tabs) await tab.getByTestId("confirmed").filter({ hasText: "true" }).waitFor();

  const before = await refreshCount(emulator.url);
  const window = 10 * interval;
  const started = Date.now();
  await new Promise((resolve) => setTimeout(resolve, window)); // a measurement window, not a synchronisation
  const refreshes = (await refreshCount(emulator.url)) - before;
  const intervals = (Date.now() - started) / interval;
  console.log(`three tabs, ${intervals.toFixed(1)} intervals: ${refreshes} refreshes reached the emulator`);
  assert.ok(refreshes >= intervals * 0.5 && refreshes <= intervals * 1.6, `about one refresh per interval in total, saw ${refreshes}`);

  const sessionId = JSON.parse(await page.evaluate(() => localStorage.getItem(Object.keys(localStorage).find((k) => /^stytch_sdk_state_[^:]+$/.test(k))))).session.member_session_id;
  await backendApi(emulator.url, "POST", "/sessions/revoke", { member_session_id: sessionId });
  const revokedAt = Date.now();
  await Promise.all(tabs.map((tab) => tab.waitForURL(`${demo.url}/login`, { timeout: 3 * interval + 2000 })));
  console.log(`every tab signed out ${Date.now() - revokedAt} ms after the revocation (interval ${interval} ms)`);
  for (const tab of tabs) assert.deepEqual(tab.errors ?? [], []);
  await context.close();
});

test("a ten-minute outage keeps the member signed in; the refresh recovers within one backoff period", async () => {
  const { demo, emulator } = await setup();
  const context = await (await chromium()).newContext();
  const page = await context.newPage();
  const errors = trackErrors(page);
  await page.clock.install();
  await signInThroughDemo(page, { demo, emulator, email: uniqueEmail("outage"), pick: null });
  await page.getByRole("button", { name: "Create an organization" }).click();
  await page.getByLabel("Organization name").fill(`Outage ${Date.now()}`);
  await page.getByRole("button", { name: "Create organization" }).click();
  await page.getByTestId("dashboard").waitFor();

  await emulatorApi(emulator.url, "POST", "/faults", { path: "/sdk/v1/b2b/sessions/authenticate", status: 503 });
  const before = await refreshCount(emulator.url);
  // Advance the page's fake clock in 2-second steps so each failed request settles in real time.
  const step = 2000;
  const advance = async (ms, until) => {
    for (let elapsed = 0; elapsed < ms; elapsed += step) {
      await page.clock.runFor(step);
      if (until && (await until())) return elapsed + step;
    }
    return null;
  };
  await advance(10 * 60 * 1000);
  assert.equal(new URL(page.url()).pathname, "/dashboard", "still signed in after ten minutes of outage");
  await page.getByTestId("retrying").waitFor();
  const attempts = (await refreshCount(emulator.url)) - before;
  console.log(`outage: ${attempts} refresh attempts in ten minutes`);
  assert.ok(attempts >= 4 && attempts <= 9, `backed off (4 s doubling to 256 s), not hammering: ${attempts}`);

  await emulatorApi(emulator.url, "DELETE", "/faults");
  const recovered = await advance(300 * 1000, async () => (await page.getByTestId("retrying").count()) === 0);
  assert.ok(recovered !== null && recovered <= 256_175 + step, `recovered ${recovered} ms after the outage ended`);
  console.log(`outage: recovered ${recovered / 1000} s after it ended`);
  assert.equal(await page.getByTestId("confirmed").textContent(), "true");
  assert.deepEqual(errors, []);
  await context.close();
});

test("HttpOnly cookies: the API sets them, the page cannot read them, and everything still works", async () => {
  const { demo, emulator } = await setup({ settings: { httpOnlyCookies: true }, emulatorArgs: ["--http-only-cookies"] });
  const context = await (await chromium()).newContext();
  const page = await context.newPage();
  const errors = trackErrors(page);
  await signInThroughDemo(page, { demo, emulator, email: "ada@example.com", pick: /Acme/ });
  const visible = await page.evaluate(() => document.cookie);
  assert.ok(!visible.includes("stytch_session"), `scripts see no session cookie: ${visible}`);
  const cookies = Object.fromEntries((await context.cookies()).map((c) => [c.name, c]));
  assert.equal(cookies.stytch_session?.httpOnly, true, "the API set an HttpOnly session cookie");
  assert.equal(cookies.stytch_session_jwt?.httpOnly, true);
  assert.match(await page.getByTestId("jwt-claims").textContent(), /not readable/);

  await page.reload();
  await page.getByTestId("dashboard").waitFor();
  await page.getByTestId("confirmed").filter({ hasText: "true" }).waitFor();
  assert.equal(await page.getByTestId("organization-name").textContent(), "Acme Corporation");

  await page.getByRole("button", { name: "Log out" }).click();
  await page.waitForURL(`${demo.url}/login`);
  const after = Object.fromEntries((await context.cookies()).map((c) => [c.name, c]));
  assert.equal(after.stytch_session, undefined, "the API expired its cookie on revoke");
  assert.deepEqual(errors, []);
  await context.close();
});

test("the dashboard extends the session and keeps it alive while open", async () => {
  const { demo, emulator } = await setup();
  const context = await (await chromium()).newContext();
  const page = await context.newPage();
  const errors = trackErrors(page);
  await page.clock.install();
  await signInThroughDemo(page, { demo, emulator, email: "ada@example.com", pick: /Acme/ });
  const expiresAt = async () => Date.parse(await page.getByTestId("session-expires").textContent());
  const initial = await expiresAt(); // the login's 30-minute session
  // A proxy's error page first: the notice says what to do, not the error's log form.
  await emulatorApi(emulator.url, "POST", "/faults", {
    path: "/sdk/v1/b2b/sessions/authenticate", status: 502, count: 1, body: "<html><h1>502 Bad Gateway</h1></html>",
  });
  await page.getByRole("button", { name: "Extend to 60 minutes" }).click();
  const failed = page.getByTestId("notice").filter({ hasText: "Could not extend" });
  await failed.waitFor();
  assert.equal(
    await failed.textContent(),
    "Could not extend the session: We couldn't reach the server. Check your connection and try again.",
  );
  assert.equal(await expiresAt(), initial, "nothing changed");
  await page.getByRole("button", { name: "Extend to 60 minutes" }).click();
  await page.getByTestId("notice").filter({ hasText: "Extended" }).waitFor();
  assert.ok((await expiresAt()) - initial >= 29 * 60 * 1000, "now an hour ahead instead of half an hour");

  const before = await refreshCount(emulator.url);
  await page.clock.runFor(61_000);
  assert.equal(await refreshCount(emulator.url), before, "keep-alive is off by default");
  await page.getByLabel(/Keep the session alive/).check();
  await page.clock.runFor(61_000);
  await page.waitForFunction(() => true);
  for (let i = 0; i < 100 && (await refreshCount(emulator.url)) === before; i++) await page.clock.runFor(100);
  assert.equal(await refreshCount(emulator.url), before + 1, "one extension per minute while enabled");
  assert.match(await page.getByTestId("jwt-claims").textContent(), /"https:\/\/stytch.com\/session"/, "the decoded JWT is shown");
  assert.deepEqual(errors, []);
  await context.close();
});

test("a cached session is painted before any request to the API starts", async () => {
  const { demo, emulator } = await setup();
  const context = await (await chromium()).newContext();
  const first = await context.newPage();
  await signInThroughDemo(first, { demo, emulator, email: "ada@example.com", pick: /Acme/ });
  await first.close();

  // Before the page's scripts: note the frame that first paints the session, and its state.
  await context.addInitScript(() => {
    const seen = (window.__firstSession = { at: null, fromCache: null });
    new MutationObserver(() => {
      const session = document.querySelector('[data-testid="session"]')?.textContent;
      if (seen.fromCache !== null || !session || session === "none") return;
      seen.fromCache = document.querySelector('[data-testid="from-cache"]')?.textContent;
      requestAnimationFrame(() => (seen.at = performance.now()));
    }).observe(document, { subtree: true, childList: true, characterData: true });
  });
  const page = await context.newPage();
  const errors = trackErrors(page);
  await page.goto(demo.url);
  await page.getByTestId("from-cache").filter({ hasText: "false" }).waitFor();
  // A resource entry is recorded only once its body has been read, which can be after the
  // session is on screen: wait for both entries instead of reading them at once.
  await page.waitForFunction((api) => {
    const names = performance.getEntriesByType("resource").map((r) => r.name).filter((n) => n.startsWith(api));
    return names.some((n) => n.includes("/projects/bootstrap/")) && names.some((n) => n.includes("/sessions/authenticate"));
  }, emulator.url);
  const { at, fromCache, apiStarts } = await page.evaluate((api) => ({
    ...window.__firstSession,
    apiStarts: performance.getEntriesByType("resource").filter((r) => r.name.startsWith(api)).map((r) => r.startTime),
  }), emulator.url);
  assert.equal(fromCache, "true", "the first session on screen is the cached one");
  assert.ok(at > 0, "the cached session was painted");
  assert.ok(apiStarts.length >= 2, "bootstrap and sessions/authenticate ran after it");
  assert.deepEqual(apiStarts.filter((t) => t < at), [], "no API request started before that frame");
  assert.deepEqual(errors, []);
  await context.close();
});
