// Size: the release demo (trunk, opt-level "z", LTO, one codegen unit, wasm-opt -Oz) against the
// official React B2B SDK with its prebuilt Discovery UI bundled by esbuild --minify, and the
// library's own cost (the demo minus the same app shell without stytch-leptos), split into what
// every app pays (the shell inside <StytchProvider> reading the session: client, session manager,
// hooks) and what the prebuilt screens add.
// Also the like-for-like page: the shell with <StytchLogin> (Discovery, magic links) and the
// session read-out, which is what the official app is.
// Expects `scripts/bench` to have built dist/ and target/bench/{shell,headless,equivalent}/.
import path from "node:path";
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { ROOT, OUT, BENCH, siteSizes, buildOfficial, kb, ratio } from "./lib.mjs";

const GOAL_GZ = 100_000;

export async function run() {
  const demoDir = path.join(ROOT, "dist");
  const shellDir = path.join(OUT, "shell");
  const discoveryDir = path.join(OUT, "discovery-only");
  const headlessDir = path.join(OUT, "headless");
  const equivalentDir = path.join(OUT, "equivalent");
  for (const dir of [demoDir, shellDir, discoveryDir, headlessDir, equivalentDir]) {
    if (!existsSync(path.join(dir, "index.html"))) throw new Error(`no build in ${dir}; run scripts/bench`);
  }
  // config.js is the demo's settings file (emulator URL), not code.
  const demo = siteSizes(demoDir, { skip: ["config.js"] });
  // The same demo built with `--no-default-features`: the flows beyond Discovery with magic
  // links left out by stytch-leptos's cargo features.
  const discoveryOnly = siteSizes(discoveryDir, { skip: ["config.js"] });
  const shell = siteSizes(shellDir);
  const headless = siteSizes(headlessDir);
  const equivalent = siteSizes(equivalentDir);
  const official = siteSizes(buildOfficial());

  const row = (name, s) =>
    `${name.padEnd(34)} ${kb(s.wasm.raw).padStart(10)} ${kb(s.wasm.gz).padStart(9)} ${kb(s.js.raw).padStart(9)} ${kb(s.js.gz).padStart(8)} ${kb(s.css.raw).padStart(8)} ${kb(s.css.gz).padStart(7)} ${kb(s.total.raw).padStart(10)} ${kb(s.total.gz).padStart(9)}`;
  console.log("\n## Size (gzip -9)\n");
  console.log(`${"".padEnd(34)} ${"wasm".padStart(10)} ${"wasm gz".padStart(9)} ${"JS".padStart(9)} ${"JS gz".padStart(8)} ${"CSS".padStart(8)} ${"CSS gz".padStart(7)} ${"total".padStart(10)} ${"total gz".padStart(9)}`);
  console.log(row("stytch-leptos demo (every flow)", demo));
  console.log(row("demo, Discovery + magic links only", discoveryOnly));
  console.log(row("official @stytch/react@20.1.0", official));
  console.log(row("app shell without stytch-leptos", shell));
  console.log(row("the shell, headless stytch-leptos", headless));
  console.log(row("the shell + official page's login", equivalent));
  const library = { raw: demo.total.raw - shell.total.raw, gz: demo.total.gz - shell.total.gz };
  console.log(`\ndemo / official (gzipped total): ${ratio(demo.total.gz, official.total.gz)}` +
    ` (${demo.total.gz < official.total.gz ? "smaller" : "LARGER"} by ${kb(Math.abs(official.total.gz - demo.total.gz))})`);
  console.log(`Discovery-only demo / official: ${ratio(discoveryOnly.total.gz, official.total.gz)}` +
    ` (the flows left out save ${kb(demo.total.gz - discoveryOnly.total.gz)} gzipped)`);
  console.log(`gap to the 100 KB goal: ${kb(demo.total.gz - GOAL_GZ)} ${demo.total.gz <= GOAL_GZ ? "(met)" : "over"}`);
  console.log(`library's own cost (demo minus shell): ${kb(library.raw)} raw, ${kb(library.gz)} gzipped` +
    ` (the official UI alone: 101.7 KB gzipped)`);
  // Every app pays the headless part; the prebuilt screens are the rest.
  const core = { raw: headless.total.raw - shell.total.raw, gz: headless.total.gz - shell.total.gz };
  const screens = { raw: demo.total.raw - headless.total.raw, gz: demo.total.gz - headless.total.gz };
  console.log(`  of which the headless client and hooks (headless shell minus shell): ${kb(core.raw)} raw, ${kb(core.gz)} gzipped`);
  console.log(`  and the prebuilt screens, switcher and demo pages (demo minus headless shell): ${kb(screens.raw)} raw, ${kb(screens.gz)} gzipped`);
  console.log(`headless shell / official (gzipped total): ${ratio(headless.total.gz, official.total.gz)}` +
    ` (an app with its own screens is ${headless.total.gz < official.total.gz ? "smaller" : "LARGER"} by ${kb(Math.abs(official.total.gz - headless.total.gz))})`);
  console.log(`the same page as the official app (shell + <StytchLogin> Discovery + read-out) / official: ${ratio(equivalent.total.gz, official.total.gz)}` +
    ` (${equivalent.total.gz < official.total.gz ? "smaller" : "LARGER"} by ${kb(Math.abs(official.total.gz - equivalent.total.gz))})`);
  const budget = checkBudget({ demo, discoveryOnly, headless, equivalent });
  return { demo, discoveryOnly, official, shell, headless, equivalent, library, libraryHeadless: core, libraryScreens: screens, goal_gz: GOAL_GZ, budget };
}

/**
 * Holds each build to its ceiling in bench/size-budget.json, as the official SDK's repository
 * holds its bundles to size-limit budgets: a regression shows in the commit that causes it.
 * Prints every build's use of its budget and returns the builds over it (scripts/bench fails on
 * them once every figure is printed).
 */
function checkBudget(builds) {
  const ceilings = JSON.parse(readFileSync(path.join(BENCH, "size-budget.json"), "utf8"));
  console.log("\n## Size budget (bench/size-budget.json, gzipped totals)\n");
  const over = [];
  for (const [name, site] of Object.entries(builds)) {
    const ceiling = ceilings[name];
    if (!Number.isInteger(ceiling) || ceiling <= 0) throw new Error(`bench/size-budget.json has no ceiling for "${name}"`);
    const used = site.total.gz;
    const verdict = used <= ceiling ? `${kb(ceiling - used)} to spare` : `OVER by ${kb(used - ceiling)}`;
    console.log(`${name.padEnd(16)} ${kb(used).padStart(9)} of ${kb(ceiling).padStart(9)}  ${verdict}`);
    if (used > ceiling) over.push({ name, used, ceiling });
  }
  return { ceilings: Object.fromEntries(Object.keys(builds).map((name) => [name, ceilings[name]])), over };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await run();
