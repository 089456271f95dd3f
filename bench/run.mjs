// Runs the browser-side benchmarks in order (size, time to session, refresh traffic), prints
// their numbers and writes them all to target/bench/results.json. `scripts/bench` builds what
// they need first and adds the emulator's load test.
import { writeFileSync, mkdirSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { chromiumPath } from "../tests/lib/harness.mjs";
import { OUT } from "./lib.mjs";
import * as size from "./size.mjs";
import * as timeToSession from "./time-to-session.mjs";
import * as refreshTraffic from "./refresh-traffic.mjs";

const chromium = execFileSync(chromiumPath(), ["--version"]).toString().trim();
const machine = {
  cpu: os.cpus()[0]?.model ?? "unknown",
  cores: os.cpus().length,
  memoryGB: Math.round(os.totalmem() / 2 ** 30),
  os: `${os.type()} ${os.release()}`,
  node: process.version,
  chromium,
};
console.log(`machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGB} GB, ${machine.os}; Node ${machine.node}; ${chromium}`);

const results = {
  date: new Date().toISOString(),
  machine,
  size: await size.run(),
  timeToSession: await timeToSession.run(),
  refreshTraffic: await refreshTraffic.run(),
};
mkdirSync(OUT, { recursive: true });
writeFileSync(path.join(OUT, "results.json"), JSON.stringify(results, null, 2));
console.log(`\n(all numbers: ${path.relative(process.cwd(), path.join(OUT, "results.json"))})`);
