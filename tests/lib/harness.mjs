// Shared test harness: a real emulator process, the built demo served statically, and the
// machine's Chromium driven by playwright-core. Nothing here mocks Stytch.
import { spawn, execFileSync } from "node:child_process";
import { createServer } from "node:http";
import { createHash } from "node:crypto";
import { readFile, stat } from "node:fs/promises";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const PUBLIC_TOKEN = "public-token-test-4f1c9a2e-7b3d-4e8a-9c61-5d2f0e8b7a13";
export const PROJECT_ID = "project-test-4f1c9a2e-7b3d-4e8a-9c61-5d2f0e8b7a13";
export const SECRET = "secret-test-emulator-local-only-3a9d1f7c2b8e4d6a";

function emulatorBinary() {
  const candidates = [
    process.env.STYTCH_EMULATOR_BIN,
    // The debug build scripts/test makes; a release build (scripts/bench) only when there is none,
    // so a stale release binary never stands in for the code under test.
    path.join(ROOT, "target/debug/stytch-emulator"),
    path.join(ROOT, "target/release/stytch-emulator"),
  ].filter(Boolean);
  const found = candidates.find((c) => existsSync(c));
  if (!found) throw new Error(`no stytch-emulator binary; build it with 'cargo build -p stytch-emulator' (looked in ${candidates.join(", ")})`);
  return found;
}

/** Starts `stytch-emulator` on a free port (unless `args` name one); resolves once it prints its address. */
export async function startEmulator(args = []) {
  const port = args.includes("--port") ? [] : ["--port", "0"];
  return startServer(emulatorBinary(), [...port, "--quiet", ...args], "emulator");
}

/**
 * Starts a server process that prints `listening on http://…` once it serves; resolves with its
 * URL, its output so far, and `stop()`.
 */
export async function startServer(binary, args, what) {
  const child = spawn(binary, args, { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} did not start:\n${output}`)), 30_000);
    const onData = (chunk) => {
      output += chunk;
      const match = output.match(/listening on (http:\/\/[^\s]+)/);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", (chunk) => (output += chunk));
    child.on("exit", (code) => reject(new Error(`${what} exited with ${code}:\n${output}`)));
  });
  return {
    url,
    output: () => output,
    async stop() {
      if (child.exitCode === null) {
        child.kill("SIGTERM");
        await new Promise((r) => child.once("exit", r));
      }
    },
  };
}

/** Every message the emulator sent to `to`, oldest first. */
export async function messages(emulatorUrl, to) {
  const response = await fetch(`${emulatorUrl}/emulator/v1/messages?to=${encodeURIComponent(to)}`);
  if (!response.ok) throw new Error(`outbox answered ${response.status}`);
  return (await response.json()).messages;
}

/** The newest message to `to`, waiting for it by polling the outbox (no blind sleeps). */
export async function latestMessage(emulatorUrl, to, { after = 0, timeoutMs = 10_000 } = {}) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const list = await messages(emulatorUrl, to);
    if (list.length > after) return list[list.length - 1];
    if (Date.now() > deadline) throw new Error(`no message to ${to} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const TYPES = { ".html": "text/html", ".js": "text/javascript", ".wasm": "application/wasm", ".css": "text/css", ".json": "application/json" };

/**
 * Serves the trunk-built demo from `dist/` with SPA fallback and its own `config.js`. The API
 * URL can be set after start (`setApiUrl`), because the emulator's redirect allow-list needs
 * the demo's port first.
 */
export async function serveDemo({ apiUrl = "http://127.0.0.1:9", publicToken = PUBLIC_TOKEN, distDir = path.join(ROOT, "dist"), settings = {} } = {}) {
  if (!existsSync(path.join(distDir, "index.html"))) throw new Error(`no demo build in ${distDir}; run 'trunk build --release'`);
  let config = "";
  const setApiUrl = (url) => (config = `window.STYTCH_DEMO = ${JSON.stringify({ apiUrl: url, publicToken, ...settings })};\n`);
  setApiUrl(apiUrl);
  const server = createServer(async (request, response) => {
    const pathname = decodeURIComponent(new URL(request.url, "http://x").pathname);
    if (pathname === "/config.js") {
      response.writeHead(200, { "content-type": "text/javascript", "cache-control": "no-store" });
      return response.end(config);
    }
    let file = path.join(distDir, path.normalize(pathname).replace(/^(\.\.[/\\])+/, ""));
    try {
      if (!(await stat(file)).isFile()) file = path.join(distDir, "index.html");
    } catch {
      file = path.join(distDir, "index.html");
    }
    const body = await readFile(file);
    response.writeHead(200, { "content-type": TYPES[path.extname(file)] ?? "application/octet-stream" });
    response.end(body);
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${server.address().port}`;
  return { url, setApiUrl, close: () => new Promise((r) => { server.closeAllConnections?.(); server.close(r); }) };
}

export function chromiumPath() {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  for (const name of ["chromium", "chromium-browser", "google-chrome"]) {
    try {
      return execFileSync("sh", ["-c", `command -v ${name}`]).toString().trim();
    } catch {}
  }
  throw new Error("no Chromium on PATH; run scripts/setup");
}

/** Headless Chromium from the machine (never downloaded). */
export async function launchBrowser() {
  const { chromium } = await import("playwright-core");
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}

/** Closes what a suite opened (any may be missing): the browser, the emulator, a page server. */
export async function closeAll({ browser, emulator, server }) {
  await browser?.close();
  await emulator?.stop();
  server?.closeAllConnections?.();
  await new Promise((r) => server?.close(r) ?? r());
}

/** A unique address per test run, so parallel and repeated runs never collide. */
export function uniqueEmail(prefix) {
  return `${prefix}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 7)}@example.org`;
}

/**
 * Records uncaught page errors (a wasm panic surfaces as one) and panic messages written to the
 * console (a panic inside a task can end in a rejected promise instead); assert the list stays
 * empty.
 */
export function trackErrors(page) {
  const errors = [];
  page.on("pageerror", (error) => errors.push(error.message));
  page.on("console", (message) => {
    if (message.type() === "error" && message.text().includes("panicked at")) errors.push(message.text());
  });
  return errors;
}

/**
 * On the demo's first screen (OAuth buttons, email and password), asks for a magic link:
 * the address, "Email me a sign-in link instead", then the link rather than a code.
 */
export async function requestMagicLink(page, email) {
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByRole("button", { name: "Email me a sign-in link instead" }).click();
  await page.getByRole("button", { name: "Email me a sign-in link", exact: true }).click();
  await page.getByRole("heading", { name: "Check your email" }).waitFor();
}

/** Signs in through the demo's login: email, the link from the outbox, then `pick` on the organization list. */
export async function signInThroughDemo(page, { demo, emulator, email, pick }) {
  await page.goto(`${demo.url}/login`);
  await requestMagicLink(page, email);
  const message = await latestMessage(emulator.url, email);
  await page.goto(message.link);
  await page.getByRole("heading", { name: "Select an organization to continue" }).waitFor();
  if (pick) {
    await page.getByRole("button", { name: pick }).click();
    await page.getByTestId("dashboard").waitFor();
  }
  return message;
}

/**
 * The demo served against a demo-seeded emulator that accepts its `/authenticate` and requires
 * PKCE, and Chromium: what the e2e suites share. `close()` stops whatever started.
 */
export async function startDemoStack() {
  const stack = {
    async close() {
      await stack.browser?.close();
      await stack.demo?.close();
      await stack.emulator?.stop();
    },
  };
  try {
    stack.demo = await serveDemo();
    // PKCE on, as scripts/demo runs it: every link and redirect in these suites is bound to
    // the browser context that asked for it.
    stack.emulator = await startEmulator(["--seed", "demo", "--require-pkce", "--redirect-url", `${stack.demo.url}/authenticate`]);
    stack.demo.setApiUrl(stack.emulator.url);
    stack.browser = await launchBrowser();
  } catch (error) {
    await stack.close();
    throw error;
  }
  return stack;
}

/** A login screen's heading. */
export const heading = (page, name) => page.getByRole("heading", { name, level: 2 });

/** Waits for a login screen and for focus to have moved to its heading. */
export async function onScreen(page, name) {
  await heading(page, name).waitFor();
  await page.waitForFunction((n) => document.activeElement?.matches("[data-stytch-heading]") && document.activeElement.textContent === n, name);
}

/** Calls the emulator's test API. */
export async function emulatorApi(emulatorUrl, method, path, body) {
  const response = await fetch(`${emulatorUrl}/emulator/v1${path}`, {
    method,
    headers: body ? { "content-type": "application/json" } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  return response.json();
}

/** Calls the backend API with the default project's credentials. */
export async function backendApi(emulatorUrl, method, path, body) {
  const response = await fetch(`${emulatorUrl}/v1/b2b${path}`, {
    method,
    headers: { authorization: `Basic ${Buffer.from(`${PROJECT_ID}:${SECRET}`).toString("base64")}`, "content-type": "application/json" },
    body: body ? JSON.stringify(body) : undefined,
  });
  return response.json();
}

/** How many `sessions/authenticate` calls the emulator has seen. */
export async function refreshCount(emulatorUrl) {
  return (await emulatorApi(emulatorUrl, "GET", "/requests?path=/sdk/v1/b2b/sessions/authenticate")).total;
}

/**
 * A page server on a free loopback port for tests that host Stytch's own bundles: `route`
 * answers each request by path (a 404 when it leaves the response unanswered). Resolves to the
 * server and its origin.
 */
export async function servePages(route) {
  const server = createServer(async (request, response) => {
    await route(new URL(request.url, "http://x").pathname, response);
    if (!response.headersSent) response.writeHead(404).end();
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  return { server, origin: `http://127.0.0.1:${server.address().port}` };
}

/** A member of `organization_id` with `password`, imported as a SHA-512 hash (no email round trip). */
export async function memberWithPassword(emulatorUrl, organization_id, email_address, password, roles) {
  const hash = createHash("sha512").update(password).digest("hex");
  const migrated = await backendApi(emulatorUrl, "POST", "/passwords/migrate", { organization_id, email_address, hash_type: "sha_512", hash, ...(roles ? { roles } : {}) });
  if (!migrated.member) throw new Error(`the member was not imported: ${JSON.stringify(migrated)}`);
  return migrated.member;
}
