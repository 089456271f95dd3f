// Shared helpers for the benchmark scripts: file sizes, statistics, the official app's build.
import { execFileSync } from "node:child_process";
import { gzipSync, constants } from "node:zlib";
import { readFileSync, readdirSync, mkdirSync, copyFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const BENCH = path.dirname(fileURLToPath(import.meta.url));
export const ROOT = path.resolve(BENCH, "..");
export const OUT = path.join(ROOT, "target", "bench");

/** Raw and gzip -9 bytes of one file. */
export function sizeOf(file) {
  const bytes = readFileSync(file);
  return { raw: bytes.length, gz: gzipSync(bytes, { level: constants.Z_BEST_COMPRESSION }).length };
}

/** Raw and gzipped bytes of a built site, by kind (wasm, js, css); `skip` names files not counted. */
export function siteSizes(dir, { skip = [] } = {}) {
  const kinds = { wasm: { raw: 0, gz: 0 }, js: { raw: 0, gz: 0 }, css: { raw: 0, gz: 0 } };
  const files = [];
  for (const name of readdirSync(dir)) {
    const kind = path.extname(name).slice(1);
    if (!(kind in kinds) || skip.includes(name) || !statSync(path.join(dir, name)).isFile()) continue;
    const size = sizeOf(path.join(dir, name));
    kinds[kind].raw += size.raw;
    kinds[kind].gz += size.gz;
    files.push({ name, ...size });
  }
  const total = Object.values(kinds).reduce((t, k) => ({ raw: t.raw + k.raw, gz: t.gz + k.gz }), { raw: 0, gz: 0 });
  return { ...kinds, total, files };
}

/**
 * Bundles the official React app (bench/official) with esbuild --minify into `outDir`, next to
 * its index.html, so it can be served like the demo's dist/.
 */
export function buildOfficial(outDir = path.join(OUT, "official")) {
  mkdirSync(outDir, { recursive: true });
  execFileSync(
    path.join(BENCH, "node_modules", ".bin", "esbuild"),
    [
      path.join(BENCH, "official", "app.jsx"),
      "--bundle",
      "--minify",
      "--format=esm",
      "--jsx=automatic",
      "--log-level=warning",
      '--define:process.env.NODE_ENV="production"',
      `--outfile=${path.join(outDir, "app.js")}`,
    ],
    { stdio: "inherit" },
  );
  copyFileSync(path.join(BENCH, "official", "index.html"), path.join(outDir, "index.html"));
  return outDir;
}

/** Median of a list of numbers. */
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** The value below which `p` percent of `values` fall (nearest rank). */
export function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export const kb = (bytes) => `${(bytes / 1000).toFixed(1)} KB`;
export const ratio = (a, b) => `${(a / b).toFixed(2)}×`;
