// Accessibility and screenshots for the end-to-end suites: axe-core over the whole page, and
// each screen captured in the light and the dark theme (kept under tests/artifacts/ for CI).
import { createRequire } from "node:module";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import assert from "node:assert/strict";
import { ROOT } from "./harness.mjs";

const require = createRequire(import.meta.url);
const AXE = require.resolve("axe-core/axe.min.js");
export const ARTIFACTS = path.join(ROOT, "tests", "artifacts", "screens");

/** Runs axe-core on the page and fails with a readable list of violations. */
export async function assertAccessible(page, where) {
  if (!(await page.evaluate(() => typeof window.axe !== "undefined"))) await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ["violations"] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(" ")) }));
  });
  const described = violations.map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.join(", ")}`).join("\n");
  assert.equal(violations.length, 0, `axe-core violations on ${where}:\n${described}`);
}

async function setDark(page, dark) {
  const toggle = page.getByRole("button", { name: "Dark theme" });
  // A programmatic click: works under a modal dialog's backdrop and leaves focus alone.
  if ((await toggle.getAttribute("aria-pressed")) !== String(dark)) await toggle.evaluate((button) => button.click());
  await page.waitForFunction((d) => document.documentElement.dataset.theme === (d ? "dark" : "light"), dark);
}

/**
 * Checks the current screen in both themes (axe-core, zero violations) and saves a screenshot
 * of each as `<name>-light.png` and `<name>-dark.png`. Leaves the page in the light theme and
 * focus where it was.
 */
export async function captureScreen(page, name) {
  await mkdir(ARTIFACTS, { recursive: true });
  await page.evaluate(() => document.fonts?.ready);
  // Switching themes clicks the demo's toggle; focus goes back where it was each time.
  const focused = await page.evaluate(() => {
    const el = document.activeElement;
    el?.setAttribute("data-refocus", "");
    return Boolean(el && el !== document.body);
  });
  const refocus = () => focused && page.evaluate(() => document.querySelector("[data-refocus]")?.focus());
  for (const dark of [false, true]) {
    await setDark(page, dark);
    await refocus();
    const theme = dark ? "dark" : "light";
    await assertAccessible(page, `${name} (${theme})`);
    await page.screenshot({ path: path.join(ARTIFACTS, `${name}-${theme}.png`), fullPage: true });
  }
  await setDark(page, false);
  await refocus();
  await page.evaluate(() => document.querySelector("[data-refocus]")?.removeAttribute("data-refocus"));
}
