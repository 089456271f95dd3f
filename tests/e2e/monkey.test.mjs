// A monkey on the demo's login: random clicks (some in impatient bursts while answers are still
// on their way), typing, keys, back and reload, and now and then what a person would do next
// (a seeded member's address, the code or link the outbox holds), for a few hundred steps per
// seed. Whatever it does, the page must never throw or log a panic and never go blank. A
// failure names its seed and the last steps; MONKEY_SEEDS=<seed> repeats the same choices (the
// page's timing may still differ). MONKEY_STEPS sets the length.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startDemoStack, messages, trackErrors, signInThroughDemo } from "../lib/harness.mjs";

const STEPS = Number(process.env.MONKEY_STEPS ?? 200);
const SEEDS = (process.env.MONKEY_SEEDS ?? "1,2,3,4").split(",").map(Number);
// Runs that start signed in as Ada (seven organizations) on the dashboard: the switcher, the
// invite form, the member list, sign-out.
const SIGNED_IN_SEEDS = (process.env.MONKEY_SIGNED_IN_SEEDS ?? "101,102").split(",").map(Number);

let stack;
before(async () => {
  stack = await startDemoStack();
});
after(() => stack?.close());

/** xorshift32: small, deterministic. */
function rng(seed) {
  let x = seed * 2654435761 || 1;
  return (n) => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) % n;
  };
}

// Seeded members (several organizations, MFA, step-up), one nobody knows, and input no form
// should take.
const ADDRESSES = ["ada@example.com", "tony@stark.example", "grace@example.com", "nobody-monkey@example.org"];
const TEXTS = [
  ...ADDRESSES,
  "",
  "not an email",
  "123456",
  "Arc-Reactor-Mark-42",
  "x".repeat(300),
  "<script>alert(1)</script>",
  "\u202e\u0000é漢字",
  "+15005550006",
  "monkey-co",
];

// Counts the page's requests in flight, so each step waits for the answers it caused.
function watchRequests() {
  window.__inflight = 0;
  const fetch = window.fetch;
  window.fetch = function (...args) {
    window.__inflight++;
    return fetch.apply(this, args).finally(() => window.__inflight--);
  };
}

/**
 * `page.goto` (or `reload` without a URL) as a person's address bar: when a navigation the page
 * started itself is still under way (an OAuth button's redirect, sent once the bootstrap
 * document is known), Playwright reports the typed one as interrupted; the person's wins once
 * the page's has landed.
 */
async function navigate(page, url) {
  for (let attempt = 0; ; attempt++) {
    try {
      return await (url ? page.goto(url) : page.reload());
    } catch (error) {
      if (attempt >= 2 || !/interrupted by another navigation/.test(String(error))) throw error;
      await page.waitForLoadState("load").catch(() => {});
    }
  }
}

async function monkey(seed, signedIn) {
  const { demo, emulator, browser } = stack;
  const random = rng(seed);
  const pick = (list) => list[random(list.length)];
  const context = await browser.newContext();
  await context.addInitScript(watchRequests);
  const page = await context.newPage();
  const errors = trackErrors(page);
  const home = `${demo.url}/login`;
  if (signedIn) await signInThroughDemo(page, { demo, emulator, email: "ada@example.com", pick: /Acme/ });
  else await navigate(page, home);
  const log = [];
  const screens = new Set();
  let address = ADDRESSES[0];
  for (let step = 0; step < STEPS; step++) {
    const roll = random(100);
    let action;
    if (!page.url().startsWith(demo.url)) {
      // An OAuth or SSO button led to the emulator's hosted page: come back.
      action = "back to the demo";
      await navigate(page, home);
    } else if (roll < 35) {
      const buttons = page.locator("button:visible:not([disabled])");
      const count = await buttons.count();
      if (count === 0) continue;
      const button = buttons.nth(random(count));
      action = `click ${JSON.stringify((await button.textContent().catch(() => "")) ?? "").slice(0, 40)}`;
      await button.click({ timeout: 1_000 }).catch(() => {});
    } else if (roll < 55) {
      const inputs = page.locator("input:visible:not([disabled]):not([type=checkbox])");
      const count = await inputs.count();
      if (count === 0) continue;
      const text = pick(TEXTS);
      action = `type ${JSON.stringify(text.slice(0, 20))}`;
      await inputs.nth(random(count)).fill(text, { timeout: 1_000 }).catch(() => {});
    } else if (roll < 65) {
      // As a person would: an address of someone who exists, then Enter.
      const field = page.locator("input[type=email]:visible:not([disabled])");
      if ((await field.count()) === 0) continue;
      address = pick(ADDRESSES);
      action = `sign in as ${address}`;
      await field.first().fill(address, { timeout: 1_000 }).catch(() => {});
      // Any of the ways on from an address: a link, a code, continue, or Enter.
      const onwards = page.locator("button:visible:not([disabled])", { hasText: /link|code|continue/i });
      const count = await onwards.count();
      if (count > 0 && random(4) > 0) await onwards.nth(random(count)).click({ timeout: 1_000 }).catch(() => {});
      else await field.first().press("Enter", { timeout: 1_000 }).catch(() => {});
    } else if (roll < 72) {
      // The code the last address (or phone) was sent, typed where a code goes.
      const field = page.locator("input[inputmode=numeric]:visible:not([disabled])");
      const sent = (await Promise.all([address, "+15005550006"].map((to) => messages(emulator.url, to))))
        .flat()
        .filter((m) => m.code);
      if ((await field.count()) === 0 || sent.length === 0) continue;
      action = "type the code sent";
      await field.first().fill(sent[sent.length - 1].code, { timeout: 1_000 }).catch(() => {});
      await field.first().press("Enter", { timeout: 1_000 }).catch(() => {});
    } else if (roll < 85) {
      const key = pick(["Enter", "Escape", "Tab", "Shift+Tab", "Space", "ArrowDown"]);
      action = `press ${key}`;
      await page.keyboard.press(key);
    } else if (roll < 92) {
      // Open the latest link the last address was sent (now and then any address's, which
      // this browser may not have asked for), as a person opening the email.
      const to = random(4) === 0 ? pick(ADDRESSES) : address;
      const links = (await messages(emulator.url, to)).filter((m) => m.link);
      if (links.length === 0) continue;
      const link = links[links.length - 1].link;
      action = `open ${new URL(link).search.slice(0, 40)}`;
      await navigate(page, link);
    } else if (roll < 94) {
      action = "back";
      await page.goBack().catch(() => {});
    } else if (roll < 98) {
      // Impatience: clicks in the same task, before any answer, then now and then a key that
      // leaves (Escape) or the browser's back, while the requests are still in flight.
      action = "burst";
      await page.evaluate((n) => {
        const buttons = [...document.querySelectorAll("button")].filter((b) => b.offsetParent && !b.disabled);
        for (let i = 0; i < 3 && buttons.length; i++) buttons[(n + i) % buttons.length].click();
      }, random(1000));
      if (random(2) === 0) await page.keyboard.press("Escape");
      else await page.goBack().catch(() => {});
    } else {
      action = "reload";
      await navigate(page, null);
    }
    log.push(action);
    const shown = page.url().startsWith(demo.url) ? await settledPage(page) : null;
    if (shown) {
      screens.add(shown.screen);
      assert.ok(shown.text.length > 0, `seed ${seed}, step ${step} (${action}): the page went blank\n${log.join("\n")}`);
    }
    assert.deepEqual(errors, [], `seed ${seed}, step ${step} (${action}) threw\n${log.slice(-20).join("\n")}`);
  }
  console.log(`seed ${seed}: ${log.length} steps through ${screens.size} screens: ${[...screens].join(" | ")}`);
  await context.close();
}

/**
 * The page's text and screen title once no request is in flight; `null` when the step started
 * a navigation (an OAuth or SSO button leaving for the provider) that had not yet changed the
 * URL when it was read: the next step looks at wherever the browser went.
 */
async function settledPage(page) {
  try {
    await page.waitForFunction(() => (window.__inflight ?? 0) === 0, null, { timeout: 15_000 });
    // A page just (re)loaded is blank until its wasm has started, which can come after its
    // requests settle: wait for content, but a bounded while, so a page that stays blank (a
    // panic at start) still fails below.
    await page.waitForFunction(() => document.body.innerText.trim().length > 0, null, { timeout: 5_000 }).catch(() => {});
    return await page.evaluate(() => ({
      text: document.body.innerText.trim(),
      screen: (document.querySelector("[data-stytch-heading]") ?? document.querySelector("main h2, main h1, h1"))?.textContent?.trim() ?? "",
    }));
  } catch (error) {
    if (/Execution context was destroyed/.test(String(error?.message))) return null;
    throw error;
  }
}

for (const seed of SEEDS) {
  test(`seed ${seed}: ${STEPS} random steps on the login never throw or blank the page`, () => monkey(seed, false));
}
for (const seed of SIGNED_IN_SEEDS) {
  test(`seed ${seed}: ${STEPS} random steps signed in never throw or blank the page`, () => monkey(seed, true));
}
