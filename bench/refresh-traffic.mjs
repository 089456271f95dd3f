// Refresh traffic: three tabs of each app signed in to one session, then ten minutes of page
// time. Playwright's clock drives every tab's timers (setTimeout, setInterval, Date) in 1-second
// steps, so ten minutes take seconds and both apps see exactly the same time line; the network
// and the emulator are real. Prints the requests the emulator received in those ten minutes.
// BENCH_MINUTES shortens the run; BENCH_DEBUG=1 logs its progress.
import { fileURLToPath } from "node:url";
import { startEmulator, launchBrowser, emulatorApi } from "../tests/lib/harness.mjs";
import { serveApps } from "./apps.mjs";

const MINUTES = Number(process.env.BENCH_MINUTES ?? 10);
const TABS = 3;

async function measure(browser, app, emulatorUrl) {
  const context = await browser.newContext();
  await context.clock.install();
  const log = (m) => process.env.BENCH_DEBUG && console.error(`[${app.key}] ${m}`);
  const tabs = [await context.newPage()];
  await app.signIn(tabs[0]);
  log("signed in");
  for (let i = 0; i < TABS; i++) {
    const page = i === 0 ? tabs[0] : await context.newPage();
    await page.goto(app.url);
    await page.getByTestId("from-cache").filter({ hasText: "false" }).waitFor();
    if (i > 0) tabs.push(page);
  }
  log("tabs open");
  await context.clock.pauseAt(Date.now() + 1_000);
  log("paused");
  await emulatorApi(emulatorUrl, "DELETE", "/requests");
  for (let second = 0; second < MINUTES * 60; second++) {
    await context.clock.runFor(1_000);
    if (second % 10 === 0) log(`t+${second}s`);
  }
  await context.clock.resume();
  const counts = await emulatorApi(emulatorUrl, "GET", "/requests");
  const signedIn = await Promise.all(tabs.map((page) => page.getByTestId("session").textContent()));
  await context.close();
  return { total: counts.total, byPath: counts.requests, tabsStillSignedIn: signedIn.filter((t) => t && t !== "none").length };
}

export async function run() {
  const emulator = await startEmulator(["--seed", "demo"]);
  const apps = await serveApps(emulator.url);
  const browser = await launchBrowser();
  const results = {};
  try {
    for (const app of apps) results[app.key] = { name: app.name, ...(await measure(browser, app, emulator.url)) };
  } finally {
    await browser.close();
    for (const app of apps) await app.close();
    await emulator.stop();
  }
  console.log(`\n## Refresh traffic (${TABS} tabs, ${MINUTES} minutes of page time)\n`);
  for (const r of Object.values(results)) {
    const paths = Object.entries(r.byPath).map(([p, n]) => `${p.replace("/sdk/v1/", "")} ${n}`).join(", ");
    console.log(`${r.name.padEnd(26)} ${String(r.total).padStart(3)} requests (${paths || "none"}); tabs still signed in: ${r.tabsStillSignedIn}/${TABS}`);
  }
  const { ours, official } = results;
  if (official.total > 0) console.log(`ours/official: ${(ours.total / official.total).toFixed(2)}×`);
  return results;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await run();
