// A server-rendered app hydrated in Chromium. `tests/hydration` renders one page on the server
// (`--features ssr`); the suite serves that markup as is, and the page's wasm (`--features
// hydrate`) hydrates it against a real emulator. Leptos stops with a panic at the first node the
// browser's first render does not find where the server put it, so a load without errors proves
// both renders agree. The suite then signs in through the hydrated login (a magic link lands on a
// server-rendered page too) and reloads with a cached session; a page the server rendered
// signed in (`ServerSession`) hydrates signed in, then follows the browser's own session. All
// of it twice: with Leptos's `erase_components` on both builds and on neither, since it changes
// the markup's shape. The team page (`<MemberManagement>` and `<OrganizationSettings>`) hydrates loading and then serves an
// admin whom a server signed in, checked by axe-core in each of its states.
import { describe, test, after } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { existsSync } from "node:fs";
import {
  ROOT, startEmulator, serveDemo, launchBrowser, trackErrors, latestMessage, requestMagicLink, memberWithPassword, backendApi,
} from "../lib/harness.mjs";
import { assertAccessible } from "../lib/a11y.mjs";

const VARIANTS = [
  { name: "erase_components on both builds", site: path.join(ROOT, "target/hydration") },
  { name: "erase_components on neither build (cargo-leptos's default)", site: path.join(ROOT, "target/hydration-plain") },
];
for (const { site } of VARIANTS) {
  if (!existsSync(path.join(site, "pkg"))) throw new Error(`no hydration fixture in ${site}; scripts/test builds it`);
}

const cleanups = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

const stacks = new Map();
/** The variant's pages served, an emulator that accepts their links, and Chromium. */
async function setup(variant) {
  if (stacks.has(variant)) return stacks.get(variant);
  const site = await serveDemo({ distDir: variant.site });
  const emulator = await startEmulator(["--seed", "demo", "--redirect-url", `${site.url}/authenticate`]);
  site.setApiUrl(emulator.url);
  const browser = await launchBrowser();
  cleanups.push(() => site.close(), () => emulator.stop(), () => browser.close());
  const stack = { site, emulator, browser };
  stacks.set(variant, stack);
  return stack;
}

/**
 * Records every text the session-state paragraph shows, the server's first: an observer
 * started before the page's scripts finds the server's node as the parser inserts it, then
 * reads each change's old value (so a state that lasted less than a task is kept too).
 */
function recordStates() {
  window.__states = [];
  const parsed = new MutationObserver(() => {
    const node = document.querySelector('[data-testid="state"]');
    if (!node) return;
    parsed.disconnect();
    window.__serverStateNode = node;
    new MutationObserver((records) => {
      for (const r of records) if (r.type === "characterData") window.__states.push(r.oldValue);
    }).observe(node, { characterData: true, subtree: true, characterDataOldValue: true });
  });
  parsed.observe(document, { childList: true, subtree: true });
}

/** The texts the state paragraph has shown so far, the current one last. */
const statesSeen = (page) => page.evaluate(() => [...window.__states, document.querySelector('[data-testid="state"]').textContent]);

/** Opens a page that records console errors and the state's history. */
async function newPage(browser) {
  const page = await browser.newPage();
  page.errors = trackErrors(page);
  page.consoleErrors = [];
  page.on("console", (m) => m.type() === "error" && page.consoleErrors.push(m.text()));
  await page.addInitScript(recordStates);
  return page;
}

/**
 * Loads `url` and waits for the page's module script to return from `hydrate`, or fails at
 * once with Leptos's report when hydration panics.
 */
async function loadHydrated(page, url) {
  let stop;
  const panicked = new Promise((_, reject) => {
    const onError = (error) => reject(new Error(`hydration failed: ${[...page.consoleErrors, error.message].join("\n")}`));
    page.once("pageerror", onError);
    stop = () => page.off("pageerror", onError);
  });
  const response = await page.goto(url);
  const served = await response.text();
  try {
    await Promise.race([page.locator("html[data-hydrated]").waitFor({ state: "attached" }), panicked]);
  } finally {
    stop();
  }
  return served;
}

/** What a hydration mismatch leaves: a panic, a page error or a console error. */
function assertCleanLoad(page) {
  assert.deepEqual(page.errors, [], "no page error or panic");
  assert.deepEqual(page.consoleErrors, [], "no console error (Leptos reports each mismatch there)");
}

const state = (page, text) => page.getByTestId("state").filter({ hasText: text }).waitFor();

for (const variant of VARIANTS) {
  describe(variant.name, () => {
    test("the server's markup hydrates as it is, then the client starts and shows the signed-out page", async () => {
      const { site, browser } = await setup(variant);
      const page = await newPage(browser);
      const served = await loadHydrated(page, `${site.url}/`);

      // The server knows nothing of the browser's session: it renders "not initialized", both
      // guards' fallbacks and the login's first screen.
      assert.match(served, /initialized=false from_cache=false session=false/);
      assert.match(served, /Checking your session…/);
      assert.match(served, /Not yet/);
      assert.match(served, /Sign up or log in/);
      assert.match(served, /Continue with Google/, "the first screen with every product");
      assert.match(served, /Read only/, "a permission guard's fallback: no policy without a session");
      assert.doesNotMatch(served, /Edit documents/);
      assert.equal(served.match(/<style id="stytch-login">/g)?.length, 1, "the login's styles once, though the switcher can show a login too");
      assert.equal(served.match(/<style id="stytch-organization-switcher">/g)?.length, 1);

      await state(page, "initialized=true from_cache=false session=false");
      assert.match(served, /organization= documents.write=false retrying=false refreshed=false/,
        "every hook's server value");
      assertCleanLoad(page);
      assert.ok(await page.evaluate(() => window.__serverStateNode === document.querySelector('[data-testid="state"]')),
        "hydration adopted the server's node instead of rendering a new one");
      assert.deepEqual(await statesSeen(page),
        ["initialized=false from_cache=false session=false", "initialized=true from_cache=false session=false"],
        "the first client render matched the server's; the client started after hydration");
      await page.getByTestId("signed-out").waitFor();
      assert.equal(await page.getByTestId("signed-in-fallback").isVisible(), true, "SignedIn keeps its fallback when signed out");
      assert.equal(await page.getByTestId("signed-out-fallback").count(), 0);

      // leptos_router's ProtectedRoute on signed_in_condition(): loading on both sides, then
      // the redirect of someone signed out.
      const guarded = await loadHydrated(page, `${site.url}/members.html`);
      assert.match(guarded, /Checking your session…/);
      await page.waitForURL(`${site.url}/`);
      await page.getByTestId("not-found").waitFor();
      assertCleanLoad(page);
      await page.close();
    });

    test("a page the server rendered signed in hydrates signed in, then the browser's missing session signs it out", async () => {
      const { site, browser } = await setup(variant);
      const page = await newPage(browser);
      const served = await loadHydrated(page, `${site.url}/signed-in.html`);

      // The server was told who is signed in (ServerSession): no loading state, the member's
      // content and address in the markup itself.
      assert.match(served, /initialized=true from_cache=true session=true/);
      assert.match(served, /Members only/);
      assert.match(served, /server@example\.com/);
      assert.doesNotMatch(served, /Checking your session…/);
      // With the server's policy (its own: members may write), the permission guard and hook
      // answer in the markup; the browser's first render agrees or hydration would fail.
      assert.match(served, /documents\.write=true/);
      assert.match(served, /Edit documents/);
      assert.doesNotMatch(served, /Read only/);
      assertCleanLoad(page);
      assert.ok(await page.evaluate(() => window.__serverStateNode === document.querySelector('[data-testid="state"]')),
        "hydration adopted the server's node");

      // This browser holds no session cookie: once started, the client clears the server's state
      // as it clears any cache without a cookie.
      await state(page, "initialized=true from_cache=false session=false");
      assert.deepEqual(await statesSeen(page),
        ["initialized=true from_cache=true session=true", "initialized=true from_cache=false session=false"],
        "the first client render was the server's; nothing showed 'not initialized' in between");
      await page.getByTestId("signed-out").waitFor();
      await page.getByTestId("no-write").waitFor();
      assert.equal(await page.getByTestId("member").textContent(), "");
      assert.equal(await page.evaluate(() => Object.entries(localStorage).find(([k]) => /^stytch_sdk_state_[^:]*$/.test(k))?.[1]), "null",
        "and the server's state is not left in the cache");
      assertCleanLoad(page);
      await page.close();
    });

    test("the hydrated login signs in, a link lands on a server-rendered page, and a reload paints the cached session after hydration", async () => {
      const { site, emulator, browser } = await setup(variant);
      const page = await newPage(browser);
      await loadHydrated(page, `${site.url}/`);
      await state(page, "initialized=true");

      // Event handlers came with hydration: the server's form sends.
      await requestMagicLink(page, "ada@example.com");
      const message = await latestMessage(emulator.url, "ada@example.com");

      // The link opens the server's markup again (the server cannot see the token's effect); the
      // login reads the token only once hydrated.
      const served = await loadHydrated(page, message.link);
      assert.match(served, /Sign up or log in/);
      await page.getByRole("heading", { name: "Select an organization to continue" }).waitFor();
      assert.ok(!page.url().includes("token="), "the used token left the address bar");
      await page.getByRole("button", { name: /Acme/ }).click();
      await state(page, "initialized=true from_cache=false session=true");
      await page.getByTestId("members-only").waitFor();
      assert.equal(await page.getByTestId("member").textContent(), "ada@example.com");
      await page.getByTestId("hooks").filter({ hasText: "organization=Acme Corporation" }).waitFor();
      await page.getByRole("button", { name: /Acme/ }).first().waitFor();
      assertCleanLoad(page);

      // A reload: the server still renders "not initialized"; the browser's first render agrees,
      // then the cached session paints, then the API confirms it.
      const reloaded = await loadHydrated(page, `${site.url}/`);
      assert.match(reloaded, /initialized=false from_cache=false session=false/);
      await state(page, "initialized=true from_cache=false session=true");
      assertCleanLoad(page);
      assert.deepEqual(await statesSeen(page), [
        "initialized=false from_cache=false session=false",
        "initialized=true from_cache=true session=true",
        "initialized=true from_cache=false session=true",
      ]);
      assert.equal(await page.getByTestId("member").textContent(), "ada@example.com");

      // The protected route's page for someone signed in, once the cached session is read.
      await loadHydrated(page, `${site.url}/members.html`);
      await page.getByTestId("members-page").waitFor();
      assert.equal(page.url(), `${site.url}/members.html`);
      assertCleanLoad(page);

      // A page the server rendered for someone else (its own made-up member): the browser's
      // first render is still the server's, then the browser's own session replaces it.
      const other = await loadHydrated(page, `${site.url}/signed-in.html`);
      assert.match(other, /server@example\.com/);
      assert.match(other, /Edit documents/, "under the server's policy");
      assertCleanLoad(page);
      await page.getByTestId("member").filter({ hasText: "ada@example.com" }).waitFor();
      await state(page, "initialized=true from_cache=false session=true");
      // The project's policy this page fetched replaces the server's: Ada, a plain member of
      // Acme, may only read documents under the emulator's.
      await page.getByTestId("hooks").filter({ hasText: "documents.write=false" }).waitFor();
      await page.getByTestId("no-write").waitFor();
      const seen = await statesSeen(page);
      assert.equal(seen[0], "initialized=true from_cache=true session=true", "the server's state first");
      assert.equal(seen.at(-1), "initialized=true from_cache=false session=true");
      assert.ok(!seen.some((s) => s.includes("initialized=false") || s.includes("session=false")), `never signed out on the way: ${seen}`);
      assertCleanLoad(page);
      await page.close();
    });

    test("the Organization flow's page hydrates, then shows the organization and signs in to it", async () => {
      const { site, emulator, browser } = await setup(variant);
      const page = await newPage(browser);
      const served = await loadHydrated(page, `${site.url}/acme.html`);
      assert.doesNotMatch(served, /Acme Corporation/, "the server does not look organizations up");
      await page.getByRole("heading", { name: "Continue to Acme Corporation" }).waitFor();
      assertCleanLoad(page);

      await requestMagicLink(page, "ada@example.com");
      const message = await latestMessage(emulator.url, "ada@example.com");
      await loadHydrated(page, message.link);
      await state(page, "initialized=true from_cache=false session=true");
      await page.getByTestId("members-only").waitFor();
      assertCleanLoad(page);
      await page.close();
    });

    test("the team page hydrates loading, then serves an admin a server signed in, accessible and keyboard-operable in each state", async () => {
      const { site, emulator, browser } = await setup(variant);
      // An admin of Acme signed in by a server: the session's cookies only, no cached state.
      const email = `team-admin-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.com`;
      const password = "a sturdy team password 4821";
      await memberWithPassword(emulator.url, "acme", email, password, ["stytch_admin"]);
      const signedIn = await backendApi(emulator.url, "POST", "/passwords/authenticate", {
        organization_id: "acme", email_address: email, password, session_duration_minutes: 60,
      });
      assert.ok(signedIn.session_token, JSON.stringify(signedIn));
      const page = await newPage(browser);
      await page.context().addCookies([
        { name: "stytch_session", value: signedIn.session_token, url: site.url },
        { name: "stytch_session_jwt", value: signedIn.session_jwt, url: site.url },
      ]);

      // The server knows no session: the list is loading, never "not permitted".
      const served = await loadHydrated(page, `${site.url}/team.html`);
      assert.match(served, /Loading members…/);
      assert.doesNotMatch(served, /does not let you see/);
      assertCleanLoad(page);

      const ada = page.locator(".stytch-members__row", { hasText: "ada@example.com" });
      await ada.waitFor();
      await page.locator(".stytch-members__row", { hasText: email }).filter({ hasText: "(you)" }).waitFor();
      // The organization's settings, on the same page: loading on the server, then Acme's,
      // editable by its admin (axe-core below covers them too).
      assert.match(served, /Loading settings…/);
      const name = page.getByLabel("Organization name");
      await name.waitFor();
      assert.equal(await name.inputValue(), "Acme Corporation");
      assert.equal(await name.isDisabled(), false);
      const required = page.getByRole("radio", { name: "Required for every member" });
      await required.focus();
      await page.keyboard.press("Space");
      assert.equal(await required.isChecked(), true, "a choice is made from the keyboard (and not saved)");
      await assertAccessible(page, "the team page's list and settings");

      // Each form a row opens: focus moves into it, axe-core finds nothing, Escape closes it
      // with focus back on the button that opened it.
      const forms = [
        { button: "Edit name of ada@example.com", focused: (el) => el.closest(".stytch-members__name-form") && el.type === "text" },
        { button: "Change roles of ada@example.com", focused: (el) => el.closest(".stytch-members__roles-form") && el.type === "checkbox" },
        { button: "Deactivate ada@example.com", focused: (el) => el.closest(".stytch-members__confirm") && el.textContent === "Deactivate" },
      ];
      for (const { button, focused } of forms) {
        const opener = page.getByRole("button", { name: button, exact: true });
        await opener.focus();
        await page.keyboard.press("Enter");
        await page.waitForFunction(`(${focused})(document.activeElement)`);
        assert.equal(await opener.getAttribute("aria-expanded"), "true");
        await assertAccessible(page, `the team page with "${button}" open`);
        await page.keyboard.press("Escape");
        await page.waitForFunction((name) => document.activeElement?.textContent === name, button);
        assert.equal(await opener.getAttribute("aria-expanded"), "false");
        assert.equal(await page.locator(".stytch-members__name-form, .stytch-members__roles-form, .stytch-members__confirm").count(), 0);
      }
      assert.match(await ada.textContent(), /Active/, "nothing changed");
      assertCleanLoad(page);
      await page.close();
    });
  });
}
