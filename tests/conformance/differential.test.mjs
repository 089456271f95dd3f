// Differential test: one scripted sequence (sign in with PKCE, authenticate, extend, exchange,
// an outage, a gateway's error page, a cut-off answer, revoke) through Stytch's official
// @stytch/vanilla-js@6.3.0 and through our headless client, both in Chromium against the same
// emulator, each in its own browser context. After every step the cookies (names and
// attributes), the cached state, the PKCE pair, the notifications and `rbac.allPermissions()`
// must match, once volatile
// values (IDs, tokens, times) are replaced by their kind. Deliberate differences are listed in
// the README.
import { test, before, after } from "node:test";
import { createHash } from "node:crypto";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import path from "node:path";
import { ROOT, PUBLIC_TOKEN, startEmulator, launchBrowser, latestMessage, backendApi, emulatorApi, closeAll } from "../lib/harness.mjs";

const OFFICIAL_BUNDLE = path.join(ROOT, "tests/node_modules/@stytch/vanilla-js/dist/iife/b2b/index.headless.js");
const DRIVER_DIR = path.join(ROOT, "target/driver");

const OFFICIAL_PAGE = `<!doctype html><meta charset="utf-8"><script src="/official.js"></script><script>
window.makeClient = (api, token) => {
  const client = new stytch.StytchB2BClient(token, { endpoints: { testAPIURL: api, liveAPIURL: api } });
  const notifications = [];
  client.onStateChange((state) => notifications.push(JSON.parse(JSON.stringify(state))));
  const wrap = (promise) => promise.then((r) => JSON.stringify(r), (e) => {
    throw JSON.stringify(e.error_type ? { status_code: e.status_code, error_type: e.error_type } : { error: String(e) });
  });
  window.client = {
    notifications: () => JSON.stringify(notifications),
    session_info: () => JSON.stringify(client.session.getInfo()),
    send_discovery: (email, redirect) => wrap(client.magicLinks.email.discovery.send({ email_address: email, discovery_redirect_url: redirect })),
    authenticate_discovery: (token) => wrap(client.magicLinks.discovery.authenticate({ discovery_magic_links_token: token })),
    create_organization: (name, slug, minutes) => wrap(client.discovery.organizations.create({ organization_name: name, organization_slug: slug, session_duration_minutes: minutes })),
    authenticate: (minutes) => wrap(client.session.authenticate(minutes ? { session_duration_minutes: minutes } : undefined)),
    exchange: (organization, minutes) => wrap(client.session.exchange({ organization_id: organization, session_duration_minutes: minutes })),
    revoke: () => wrap(client.session.revoke()),
    all_permissions: () => client.rbac.allPermissions().then((r) => JSON.stringify(r)),
  };
};
</script>`;

const OUR_PAGE = `<!doctype html><meta charset="utf-8"><script type="module">
import init, { Driver } from "/driver/stytch_core_driver.js";
await init({ module_or_path: "/driver/stytch_core_driver_bg.wasm" });
window.makeClient = (api, token) => {
  const driver = new Driver(api, token);
  const wrap = (promise) => promise.then((r) => r, (e) => { const v = JSON.parse(e); throw JSON.stringify(v.error_type ? { status_code: v.status_code, error_type: v.error_type } : v); });
  window.client = {
    notifications: () => driver.notifications(),
    session_info: () => driver.session_info(),
    send_discovery: (email, redirect) => wrap(driver.send_discovery(email, redirect)),
    authenticate_discovery: (token) => wrap(driver.authenticate_discovery(token)),
    create_organization: (name, slug, minutes) => wrap(driver.create_organization(name, slug, minutes)),
    authenticate: (minutes) => wrap(driver.authenticate(minutes ?? undefined)),
    exchange: (organization, minutes) => wrap(driver.exchange(organization, minutes)),
    revoke: () => wrap(driver.revoke()),
    all_permissions: () => driver.all_permissions(),
  };
};
window.driverReady = true;
</script>`;

let emulator, server, origin, browser;

before(async () => {
  if (!existsSync(path.join(DRIVER_DIR, "stytch_core_driver.js"))) throw new Error("build the driver first (scripts/test does)");
  server = createServer(async (request, response) => {
    const url = new URL(request.url, "http://x");
    if (url.pathname === "/official.html") return response.writeHead(200, { "content-type": "text/html" }).end(OFFICIAL_PAGE);
    if (url.pathname === "/ours.html") return response.writeHead(200, { "content-type": "text/html" }).end(OUR_PAGE);
    if (url.pathname === "/official.js") return response.writeHead(200, { "content-type": "text/javascript" }).end(await readFile(OFFICIAL_BUNDLE));
    if (url.pathname.startsWith("/driver/")) {
      const file = path.join(DRIVER_DIR, path.basename(url.pathname));
      const type = file.endsWith(".wasm") ? "application/wasm" : "text/javascript";
      return response.writeHead(200, { "content-type": type }).end(await readFile(file));
    }
    response.writeHead(404).end();
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  origin = `http://127.0.0.1:${server.address().port}`;
  // PKCE required, so the script also compares where and how each client keeps its pair.
  emulator = await startEmulator(["--seed", "none", "--require-pkce", "--redirect-url", `${origin}/authenticate`]);
  browser = await launchBrowser();
});

after(() => closeAll({ browser, emulator, server }));

/** Replaces volatile values by their kind so two runs can be compared. */
function normalise(value, email) {
  if (Array.isArray(value)) return value.map((v) => normalise(v, email));
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, normalise(v, email)]));
  }
  if (typeof value !== "string") return value;
  if (value === email) return "<email>";
  const id = value.match(/^([a-z-]+)-test-[0-9a-f-]{36}$/);
  if (id) return `<${id[1]}-id>`;
  if (/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/.test(value)) return "<time>";
  if (/^eyJ[\w-]+\.[\w-]+\.[\w-]+$/.test(value)) return "<jwt>";
  if (/^[A-Za-z0-9_-]{43}$/.test(value)) return "<token>";
  if (/^diff-(official|ours)-/.test(value)) return "<slug>";
  return value;
}

/**
 * The magic-link PKCE pair in localStorage, by shape: the verifier's length differs by design
 * (the official SDK's hex of 16 random words varies, ours is 64 hex digits), the challenge
 * must be its verifier's S256 hash in both.
 */
function describePkcePair(json) {
  if (json === null) return null;
  const pair = JSON.parse(json);
  const s256 = createHash("sha256").update(pair.code_verifier ?? "").digest("base64url");
  return {
    keys: Object.keys(pair).sort(),
    code_verifier: /^[0-9a-f]{32,128}$/.test(pair.code_verifier) ? "<hex verifier>" : pair.code_verifier,
    code_challenge: pair.code_challenge === s256 ? "<S256 of the verifier>" : pair.code_challenge,
  };
}

/** Cookie names and attributes; expiry described relative to the session or to now. */
function describeCookies(cookies, state) {
  const sessionExpiry = state?.session ? Date.parse(state.session.expires_at) / 1000 : null;
  const now = Date.now() / 1000;
  return cookies
    .map((c) => {
      let expires = c.expires;
      if (expires === -1) expires = "browser session";
      else if (sessionExpiry && Math.abs(expires - sessionExpiry) <= 1) expires = "with the session";
      else if (Math.abs(expires - (now + 600)) <= 15) expires = "in 10 minutes";
      return { name: c.name, path: c.path, domain: c.domain, secure: c.secure, httpOnly: c.httpOnly, sameSite: c.sameSite, expires };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

async function runScript(side) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(`${origin}/${side}.html`);
  await page.waitForFunction(() => typeof window.makeClient === "function");
  await page.evaluate(([api, token]) => window.makeClient(api, token), [emulator.url, PUBLIC_TOKEN]);
  const email = `diff-${side}-${Date.now().toString(36)}@example.org`;
  const call = (method, ...args) =>
    page.evaluate(([m, a]) => window.client[m](...a).then((r) => ({ ok: JSON.parse(r) }), (e) => ({ error: JSON.parse(e) })), [method, args]);
  const snapshots = [];
  let seen = 0;
  const snapshot = async (step, result) => {
    const state = JSON.parse(await page.evaluate((k) => localStorage.getItem(k), `stytch_sdk_state_${PUBLIC_TOKEN}`));
    const pkce = describePkcePair(await page.evaluate((k) => localStorage.getItem(k), `stytch_sdk_state_${PUBLIC_TOKEN}::PKCE_VERIFIER:magic_links`));
    const notifications = JSON.parse(await page.evaluate(() => window.client.notifications()));
    snapshots.push({
      step,
      // Errors without a Stytch error type (the network, a page that is not Stytch's) are
      // described in each client's own words; only their kind is compared.
      outcome: result?.error ? { error: result.error.error_type ? result.error : "<not a Stytch error>" } : "ok",
      cookies: describeCookies(await context.cookies(), state),
      state: normalise(state, email),
      pkce,
      info: normalise(JSON.parse(await page.evaluate(() => window.client.session_info())), email),
      notifications: normalise(notifications.slice(seen), email),
      // rbac.allPermissions(): the session's roles against the bootstrap policy.
      permissions: normalise(JSON.parse(await page.evaluate(() => window.client.all_permissions())), email),
    });
    seen = notifications.length;
  };

  await snapshot("start", null);
  await snapshot("send discovery email", await call("send_discovery", email, `${origin}/authenticate`));
  const { token } = await latestMessage(emulator.url, email);
  await snapshot("authenticate the link", await call("authenticate_discovery", token));
  const slug = `diff-${side}-${Date.now().toString(36)}`;
  await snapshot("create an organization", await call("create_organization", "Differential Co", slug, 60));
  await snapshot("authenticate", await call("authenticate", null));
  await snapshot("extend to 120 minutes", await call("authenticate", 120));
  const second = await backendApi(emulator.url, "POST", "/organizations", { organization_name: "Second", organization_slug: `${slug}-2` });
  await backendApi(emulator.url, "POST", `/organizations/${second.organization.organization_id}/members`, { email_address: email });
  await snapshot("exchange to the second organization", await call("exchange", second.organization.organization_id, 60));
  await emulatorApi(emulator.url, "POST", "/faults", { path: "/sdk/v1/b2b/sessions/authenticate", status: 503, count: 1 });
  await snapshot("authenticate during an outage", await call("authenticate", null));
  // What a proxy in front of Stytch answers instead: its own error page, or a success cut off.
  await emulatorApi(emulator.url, "POST", "/faults", {
    path: "/sdk/v1/b2b/sessions/authenticate", status: 502, count: 1, body: "<html><h1>502 Bad Gateway</h1></html>",
  });
  await snapshot("authenticate through a gateway's error page", await call("authenticate", null));
  await emulatorApi(emulator.url, "POST", "/faults", {
    path: "/sdk/v1/b2b/sessions/authenticate", status: 200, count: 1, content_type: "application/json", body: '{"data": {"member_sess',
  });
  await snapshot("authenticate with a cut-off answer", await call("authenticate", null));
  await snapshot("revoke", await call("revoke"));
  await context.close();
  return { snapshots, errors };
}

test("the official SDK and ours leave the same cookies, cached state, notifications and permissions at every step", async () => {
  const official = await runScript("official");
  const ours = await runScript("ours");
  assert.deepEqual(official.errors, [], "no page errors with the official SDK");
  assert.deepEqual(ours.errors, [], "no page errors with ours");
  if (process.env.DIFFERENTIAL_DUMP) console.log(JSON.stringify({ official: official.snapshots, ours: ours.snapshots }, null, 1));
  assert.equal(ours.snapshots.length, official.snapshots.length);
  for (const [i, expected] of official.snapshots.entries()) {
    const actual = ours.snapshots[i];
    for (const aspect of ["outcome", "cookies", "state", "pkce", "info", "notifications", "permissions"]) {
      assert.deepEqual(actual[aspect], expected[aspect], `after "${expected.step}", ${aspect} differ`);
    }
  }
  // The script did exercise what it claims: a session, an extension, a switch, an outage, a revoke.
  const by = Object.fromEntries(official.snapshots.map((s) => [s.step, s]));
  assert.deepEqual(by["send discovery email"].pkce, {
    keys: ["code_challenge", "code_verifier"], code_verifier: "<hex verifier>", code_challenge: "<S256 of the verifier>",
  }, "the link was sent with a challenge, its verifier kept under the official key");
  assert.equal(by["authenticate the link"].pkce, null, "the used pair is cleared");
  assert.equal(by["create an organization"].notifications[0].sessionDurationMinutes, 60);
  assert.deepEqual(by["authenticate"].notifications, [], "a refresh that changes nothing notifies nobody");
  assert.equal(by["extend to 120 minutes"].notifications[0].sessionDurationMinutes, 120);
  assert.equal(by["exchange to the second organization"].state.organization.organization_name, "Second");
  assert.equal(by["authenticate during an outage"].outcome.error.error_type, "internal_server_error");
  assert.notEqual(by["authenticate during an outage"].state, null, "the outage keeps the session");
  for (const step of ["authenticate through a gateway's error page", "authenticate with a cut-off answer"]) {
    assert.deepEqual(by[step].outcome, { error: "<not a Stytch error>" }, step);
    assert.notEqual(by[step].state, null, `${step}: the session is kept`);
  }
  assert.equal(by["create an organization"].permissions["stytch.member"]["*"], true, "the creator administers");
  assert.equal(by["exchange to the second organization"].permissions["stytch.member"]["*"], false, "a plain member there");
  assert.equal(by["start"].permissions.documents.read, false, "signed out: every action false");
  assert.deepEqual(by["revoke"].notifications, [{}]);
  assert.equal(by["revoke"].state, null);
});
