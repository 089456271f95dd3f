// Time to session: in headless Chromium, each app signed in once, then loaded N times in new
// tabs of the same profile. For every load, the time from navigation start to the frame that
// paints (a) the cached session (`from_cache` true) and (b) the confirmed session (`from_cache`
// false), and the requests started before that first frame. Prints medians and ratios.
import { fileURLToPath } from "node:url";
import { startEmulator, launchBrowser } from "../tests/lib/harness.mjs";
import { serveApps } from "./apps.mjs";
import { median, percentile } from "./lib.mjs";

// Runs in the page before any of its scripts: watches the two markers both apps render and
// notes the time of the animation frame that paints each state.
function watchSession() {
  const marks = (window.__bench = { cached: null, confirmed: null, calls: [] });
  // Resource entries appear only when a response has been read, so a request still in flight
  // when the page is read would be missed: note every fetch and XHR when it is made instead.
  const note = (url) => marks.calls.push({ url: String(url), at: performance.now() });
  const fetch = window.fetch;
  window.fetch = function (input, init) {
    note(input instanceof Request ? input.url : input);
    return fetch.call(this, input, init);
  };
  const open = XMLHttpRequest.prototype.open;
  XMLHttpRequest.prototype.open = function (method, url, ...rest) {
    note(url);
    return open.call(this, method, url, ...rest);
  };
  const text = (id) => document.querySelector(`[data-testid="${id}"]`)?.textContent?.trim();
  const check = () => {
    const session = text("session");
    if (!session || session === "none") return;
    const state = text("from-cache") === "true" ? "cached" : text("from-cache") === "false" ? "confirmed" : null;
    if (state && marks[state] === null) {
      marks[state] = -1;
      requestAnimationFrame(() => {
        marks[state] = performance.now();
        if (state === "confirmed") window.__benchConfirmed?.();
      });
    }
  };
  new MutationObserver(check).observe(document, { subtree: true, childList: true, characterData: true });
}

async function measure(browser, app, loads, emulatorUrl) {
  const context = await browser.newContext();
  const first = await context.newPage();
  await app.signIn(first);
  await first.close();
  // The page reports its confirmed frame through a binding. Polling with `waitForFunction`
  // would make Playwright evaluate its injected script (about 12 ms of main thread here) inside
  // the window being measured, at whatever moment the load had reached.
  const confirmed = new Map();
  await context.exposeBinding("__benchConfirmed", ({ page }) => confirmed.get(page)?.());
  await context.addInitScript(watchSession);
  const samples = [];
  const stalled = [];
  for (let i = 0; i < loads; i++) {
    const page = await context.newPage();
    let timer;
    const seen = new Promise((resolve, reject) => {
      confirmed.set(page, resolve);
      timer = setTimeout(() => reject(new Error("no confirmed session within 30 s")), 30_000);
    });
    await page.goto(app.url);
    try {
      await seen;
    } catch {
      // A load that never confirms is a result to report, with what the page showed, not a
      // reason to lose the whole run.
      stalled.push(await page.evaluate(() => ({
        cached: window.__bench?.cached,
        session: document.querySelector('[data-testid="session"]')?.textContent?.trim().slice(0, 40),
        fromCache: document.querySelector('[data-testid="from-cache"]')?.textContent?.trim(),
        visibility: document.visibilityState,
        calls: (window.__bench?.calls ?? []).map((c) => `${Math.round(c.at)} ms ${new URL(c.url, location.href).pathname}`),
        resources: performance.getEntriesByType("resource").map((r) => `${Math.round(r.startTime)}+${Math.round(r.duration)} ms ${new URL(r.name).pathname} ${r.responseStatus ?? ""}`),
      })).catch((e) => ({ error: String(e) })));
      await page.close();
      continue;
    }
    clearTimeout(timer);
    samples.push(
      await page.evaluate((apiUrl) => {
        const { cached, confirmed, calls } = window.__bench;
        const paintAt = cached > 0 ? cached : confirmed;
        const resources = performance.getEntriesByType("resource");
        const before = resources.filter((r) => r.startTime < paintAt);
        const api = (url) => new URL(url, location.href).href.startsWith(apiUrl);
        if (!calls.some((c) => api(c.url))) throw new Error("no API request was seen: the fetch/XHR watch is broken");
        return {
          cached: cached > 0 ? cached : null,
          confirmed,
          apiBeforePaint: Math.max(
            before.filter((r) => api(r.name)).length,
            calls.filter((c) => c.at < paintAt && api(c.url)).length,
          ),
          requestsBeforePaint: before.length + 1, // + the document itself
        };
      }, emulatorUrl),
    );
    await page.close();
  }
  await context.close();
  const cachedTimes = samples.map((s) => s.cached).filter((t) => t !== null);
  return {
    loads,
    confirmedLoads: samples.length,
    stalled,
    cachedPainted: cachedTimes.length,
    cachedMedianMs: cachedTimes.length ? median(cachedTimes) : null,
    cachedP90Ms: cachedTimes.length ? percentile(cachedTimes, 90) : null,
    confirmedMedianMs: median(samples.map((s) => s.confirmed)),
    confirmedP90Ms: percentile(samples.map((s) => s.confirmed), 90),
    apiRequestsBeforePaintMax: Math.max(...samples.map((s) => s.apiBeforePaint)),
    requestsBeforePaintMedian: median(samples.map((s) => s.requestsBeforePaint)),
  };
}

export async function run({ loads = Number(process.env.BENCH_LOADS ?? 20) } = {}) {
  const emulator = await startEmulator(["--seed", "demo"]);
  const apps = await serveApps(emulator.url);
  const browser = await launchBrowser();
  const results = {};
  try {
    for (const app of apps) results[app.key] = { name: app.name, ...(await measure(browser, app, loads, emulator.url)) };
  } finally {
    await browser.close();
    for (const app of apps) await app.close();
    await emulator.stop();
  }
  const ms = (v) => (v === null ? "never" : `${v.toFixed(1)} ms`);
  console.log(`\n## Time to session (${loads} loads each, headless Chromium, medians; p90 in brackets)\n`);
  for (const r of Object.values(results)) {
    console.log(`${r.name.padEnd(26)} cached painted ${ms(r.cachedMedianMs)} [${ms(r.cachedP90Ms)}] (${r.cachedPainted}/${r.loads} loads)` +
      `  confirmed ${ms(r.confirmedMedianMs)} [${ms(r.confirmedP90Ms)}]` +
      `  API requests before paint: ${r.apiRequestsBeforePaintMax} (max)  all requests before paint: ${r.requestsBeforePaintMedian} (median)`);
    if (r.stalled.length) {
      console.log(`  ${r.stalled.length} of ${r.loads} loads showed no confirmed session within 30 s; the medians leave them out:`);
      for (const stall of r.stalled) console.log(`  ${JSON.stringify(stall)}`);
    }
  }
  const { ours, official } = results;
  if (ours.cachedMedianMs && official.cachedMedianMs) {
    console.log(`ratio ours/official: cached ${(ours.cachedMedianMs / official.cachedMedianMs).toFixed(2)}×, confirmed ${(ours.confirmedMedianMs / official.confirmedMedianMs).toFixed(2)}×`);
  }
  return results;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await run();
