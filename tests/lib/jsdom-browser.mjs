// A jsdom "browser" for Stytch's official SDK: page globals, cookies and localStorage, with
// the option to carry cookies and storage over to a new page load.
import { createRequire } from "node:module";
import { JSDOM, CookieJar } from "jsdom";

const require = createRequire(import.meta.url);

/**
 * Opens a page at `url` (localhost: non-Secure cookies) and installs it as the global window.
 * `runScripts: "outside-only"` lets a test run a script in the page (`page.dom.window.eval`),
 * with the host's `fetch`.
 */
export function openPage(url = "http://localhost:3000/", { cookieJar = new CookieJar(), storage = {}, runScripts } = {}) {
  const dom = new JSDOM("<!doctype html><html><head></head><body></body></html>", { url, cookieJar, runScripts });
  if (runScripts) dom.window.fetch = globalThis.fetch;
  // A browser's Web Crypto (jsdom has only getRandomValues): the official SDK hashes PKCE
  // verifiers with crypto.subtle, which localhost pages have.
  Object.defineProperty(dom.window, "crypto", { value: globalThis.crypto, configurable: true });
  for (const [key, value] of Object.entries(storage)) dom.window.localStorage.setItem(key, value);
  Object.assign(globalThis, {
    window: dom.window,
    document: dom.window.document,
    localStorage: dom.window.localStorage,
    sessionStorage: dom.window.sessionStorage,
    location: dom.window.location,
    history: dom.window.history,
  });
  Object.defineProperty(globalThis, "navigator", { value: dom.window.navigator, configurable: true });
  return {
    dom,
    cookieJar,
    /** `document.cookie` as a name → value map. */
    cookies: () => Object.fromEntries(dom.window.document.cookie.split("; ").filter(Boolean).map((c) => c.split(/=(.*)/s).slice(0, 2))),
    /** Every localStorage entry, to carry over to a reload. */
    storage: () => Object.fromEntries(Object.keys(dom.window.localStorage).map((k) => [k, dom.window.localStorage.getItem(k)])),
    close: () => dom.window.close(),
  };
}

/** The official B2B headless client, pointed at a local API with the internal `endpoints` option. */
export function officialClient(publicToken, apiUrl) {
  const { StytchB2BClient } = require("@stytch/vanilla-js/b2b/headless");
  return new StytchB2BClient(publicToken, { endpoints: { testAPIURL: apiUrl, liveAPIURL: apiUrl } });
}
