// What each optional flow (cargo feature of stytch-leptos) adds to the demo built with only the
// Discovery flow and magic links. Reads the builds `scripts/feature-costs` makes; prints a table.
import path from "node:path";
import { OUT, ROOT, siteSizes, kb } from "./lib.mjs";

const FEATURES = ["email-otp", "passwords", "oauth", "sso", "mfa"];
const gz = (dir) => siteSizes(dir, { skip: ["config.js"] }).total.gz;

const base = gz(path.join(OUT, "discovery-only"));
const full = gz(path.join(ROOT, "dist"));
console.log(`\n## What each cargo feature adds to the Discovery-only demo (${kb(base)} gzipped)\n`);
console.log(`${"feature".padEnd(22)}${"build".padStart(12)}${"adds".padStart(12)}`);
let alone = 0;
for (const feature of FEATURES) {
  const size = gz(path.join(OUT, `feature-${feature}`));
  alone += size - base;
  console.log(`${feature.padEnd(22)}${kb(size).padStart(12)}${kb(size - base).padStart(12)}`);
}
console.log(`${"all five (the demo)".padEnd(22)}${kb(full).padStart(12)}${kb(full - base).padStart(12)}`);
console.log(`\neach alone adds ${kb(alone)} in sum; together ${kb(full - base)} (they share screens and requests)`);
