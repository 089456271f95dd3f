// The two apps under comparison, served side by side against one emulator: the stytch-leptos
// demo (dist/) and the official React B2B app (target/bench/official). Each knows how to sign a
// member in so that later loads start from a cached session.
import path from "node:path";
import { serveDemo } from "../tests/lib/harness.mjs";
import { OUT } from "./lib.mjs";

export const STARK = { slug: "stark", email: "tony@stark.example", password: "Arc-Reactor-Mark-42" };

/** Serves both apps against `emulatorUrl`; `settings` go into each app's window.STYTCH_DEMO. */
export async function serveApps(emulatorUrl, settings = {}) {
  const ours = await serveDemo({ apiUrl: emulatorUrl, settings });
  const official = await serveDemo({ apiUrl: emulatorUrl, distDir: path.join(OUT, "official"), settings });
  return [
    {
      name: "stytch-leptos demo",
      key: "ours",
      url: ours.url,
      close: ours.close,
      // Through the demo's own Organization-flow screen, as a person would.
      async signIn(page) {
        await page.goto(`${ours.url}/org/${STARK.slug}`);
        await page.getByLabel("Email", { exact: true }).fill(STARK.email);
        await page.getByLabel("Password").fill(STARK.password);
        await page.getByRole("button", { name: "Sign in", exact: true }).click();
        await page.getByTestId("dashboard").waitFor();
      },
    },
    {
      name: "official @stytch/react",
      key: "official",
      url: official.url,
      close: official.close,
      // Through the official client the page itself created, which writes its own cookies and cache.
      async signIn(page) {
        await page.goto(official.url);
        await page.waitForFunction(() => window.stytchClient);
        await page.evaluate(async ({ slug, email, password }) => {
          const { organization } = await window.stytchClient.organization.getBySlug({ organization_slug: slug });
          await window.stytchClient.passwords.authenticate({
            organization_id: organization.organization_id,
            email_address: email,
            password,
            session_duration_minutes: 60,
          });
        }, STARK);
        await page.getByTestId("from-cache").filter({ hasText: "false" }).waitFor();
      },
    },
  ];
}
