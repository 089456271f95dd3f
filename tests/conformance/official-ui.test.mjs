// The official prebuilt B2B UI (`@stytch/vanilla-js`'s `StytchB2B` web component) used as a
// person would, in Chromium against the emulator. The Discovery flow (the one the demo and the
// benchmark's official app show) by emailed link, emailed code and password, and the
// Organization flow at one organization's own login page: codes, password set-up by link,
// SSO through the emulator's identity provider, and the MFA an organization may require on the
// way (texted codes, an authenticator app, backup codes).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { totp } from "../lib/totp.mjs";
import { ROOT, PUBLIC_TOKEN, startEmulator, launchBrowser, latestMessage, uniqueEmail, backendApi, closeAll, messages, servePages, memberWithPassword } from "../lib/harness.mjs";

const BUNDLE = path.join(ROOT, "tests/node_modules/@stytch/vanilla-js/dist/iife/b2b/index.js");

/** The flows the page can show, by the first segment of its path; each redirects back to `/<flow>/authenticate`. */
const FLOWS = ["discovery", "codes", "passwords", "organization", "providers", "direct"];

/** The UI's configuration for `flow`, in the page (product names become the SDK's product objects). */
function uiConfig(flow, origin) {
  const back = `${origin}/${flow}/authenticate`;
  const common = { sessionOptions: { sessionDurationMinutes: 60 } };
  switch (flow) {
    case "discovery":
      return { ...common, products: ["emailMagicLinks"], authFlowType: "Discovery", emailMagicLinksOptions: { discoveryRedirectURL: back } };
    case "codes":
      return { ...common, products: ["emailOtp"], authFlowType: "Discovery" };
    case "passwords":
      return {
        ...common, products: ["emailMagicLinks", "passwords"], authFlowType: "Discovery",
        emailMagicLinksOptions: { discoveryRedirectURL: back },
        passwordOptions: { discoveryRedirectURL: back, resetPasswordRedirectURL: back },
      };
    case "providers":
      return {
        ...common, products: ["oauth", "sso", "emailMagicLinks"], authFlowType: "Discovery",
        emailMagicLinksOptions: { discoveryRedirectURL: back },
        oauthOptions: { discoveryRedirectURL: back, providers: [{ type: "google" }, { type: "microsoft" }] },
        ssoOptions: { loginRedirectURL: back, signupRedirectURL: back },
      };
    case "direct":
      return {
        ...common, products: ["emailMagicLinks", "sso"], authFlowType: "Discovery",
        emailMagicLinksOptions: { discoveryRedirectURL: back },
        ssoOptions: { loginRedirectURL: back, signupRedirectURL: back },
        directLoginForSingleMembership: { status: true, ignoreInvites: false, ignoreJitProvisioning: false },
        directCreateOrganizationForNoMembership: true,
      };
    case "organization":
      return {
        ...common, products: ["emailMagicLinks", "emailOtp", "passwords", "sso", "oauth"], authFlowType: "Organization",
        emailMagicLinksOptions: { loginRedirectURL: back, signupRedirectURL: back },
        oauthOptions: { loginRedirectURL: back, signupRedirectURL: back, providers: [{ type: "google" }] },
        passwordOptions: { loginRedirectURL: back, resetPasswordRedirectURL: back },
        ssoOptions: { loginRedirectURL: back, signupRedirectURL: back },
      };
  }
}

const page = (api, flow, origin) => `<!doctype html><meta charset="utf-8"><script src="/ui.js"></script>
<div id="login"></div><pre id="session"></pre>
<script>
const client = new stytch.StytchB2BClient(${JSON.stringify(PUBLIC_TOKEN)}, { endpoints: { testAPIURL: ${JSON.stringify(api)}, liveAPIURL: ${JSON.stringify(api)} } });
window.client = client;
client.session.onChange((session) => {
  document.getElementById("session").textContent = session ? "signed in " + session.member_id : "";
});
// The Organization flow's organization: named by the first page's \`?slug=\`, kept for the redirect back.
const slug = new URLSearchParams(location.search).get("slug");
if (slug) sessionStorage.setItem("slug", slug);
const config = ${JSON.stringify(uiConfig(flow, origin))};
config.products = config.products.map((name) => stytch.B2BProducts[name]);
if (config.authFlowType === "Organization") config.organizationSlug = sessionStorage.getItem("slug");
// The web component the SDK recommends (its deprecated \`mount\` leaves the first render without props).
customElements.define("stytch-b2b", stytch.StytchB2B);
const login = document.createElement("stytch-b2b");
login.client = client;
login.config = config;
document.getElementById("login").appendChild(login);
</script>`;

let emulator, server, origin, browser;

before(async () => {
  ({ server, origin } = await servePages(async (pathname, response) => {
    if (pathname === "/ui.js") return response.writeHead(200, { "content-type": "text/javascript" }).end(await readFile(BUNDLE));
    // A flow's login page and its redirect target are the same page, as in an app.
    const flow = pathname.split("/")[1];
    if (FLOWS.includes(flow)) response.writeHead(200, { "content-type": "text/html" }).end(page(emulator.url, flow, origin));
  }));
  emulator = await startEmulator(["--seed", "none", ...FLOWS.flatMap((flow) => ["--redirect-url", `${origin}/${flow}/authenticate`])]);
  browser = await launchBrowser();
});

after(() => closeAll({ browser, emulator, server }));

/** A tab on the login page that records page errors and every answer of the emulator's SDK API. */
async function loginTab(flow = "discovery", query = "") {
  const tab = await browser.newPage();
  const errors = [];
  const answers = [];
  tab.on("pageerror", (error) => errors.push(error.message));
  tab.on("response", (response) => {
    const url = new URL(response.url());
    if (url.pathname.startsWith("/sdk/") && response.request().method() !== "OPTIONS") {
      answers.push(`${response.status()} ${url.pathname.replace(/bootstrap\/.*/, "bootstrap")}`);
    }
  });
  await tab.goto(`${origin}/${flow}/${query}`);
  return { tab, errors, answers };
}

/**
 * Every SDK answer was a success but the `refused` ones (in order), `path` among them, and the
 * page threw nothing; closes the tab.
 */
async function finish({ tab, errors, answers }, path, refused = []) {
  assert.deepEqual(answers.filter((a) => !a.startsWith("2")), refused, answers.join(", "));
  assert.ok(answers.includes(`200 ${path}`), answers.join(", "));
  assert.deepEqual(errors, []);
  await tab.close();
}

/** Types the address into the official UI, follows the emailed link, and waits for `screen`. */
async function signInByLink(tab, email, screen) {
  const sent = (await messages(emulator.url, email)).length;
  await tab.getByLabel("Email").fill(email);
  await tab.getByRole("button", { name: "Continue with email" }).click();
  await tab.getByText("Check your email").waitFor();
  const { link } = await latestMessage(emulator.url, email, { after: sent });
  const flow = new URL(tab.url()).pathname.split("/")[1];
  assert.ok(link.startsWith(`${origin}/${flow}/authenticate?stytch_token_type=discovery&token=`), link);
  await tab.goto(link);
  await tab.getByText(screen).waitFor();
}

/**
 * An address at a domain of its own: no organization admits it by domain (others in this file
 * admit example.org), so what discovery finds is only what the test set up.
 */
const ownDomainEmail = (name) => `${name}@${name}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}.example`;

/** A new organization named `name` (its slug made unique), with `settings`; resolves to its ID and slug. */
async function newOrganization(name, settings = {}) {
  const organization_slug = `${name.toLowerCase()}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const { organization } = await backendApi(emulator.url, "POST", "/organizations", { organization_name: name, organization_slug, ...settings });
  return { id: organization.organization_id, slug: organization.organization_slug };
}

/**
 * A member of `organization_id` who proved `email` by an emailed invitation link: Stytch admits
 * newcomers by email domain only where someone from the domain has already done so.
 */
async function verifiedColleague(organization_id, email) {
  await backendApi(emulator.url, "POST", "/magic_links/email/invite", { organization_id, email_address: email });
  const { token } = await latestMessage(emulator.url, email);
  await backendApi(emulator.url, "POST", "/magic_links/authenticate", { magic_links_token: token });
}

/** The signed-in member and organization, as the page's client holds them once confirmed. */
async function signedIn(tab) {
  await tab.getByText("You have successfully logged in.").waitFor();
  await tab.waitForFunction(() => document.getElementById("session").textContent.startsWith("signed in"));
  return tab.evaluate(() => ({
    email: client.self.getSync()?.email_address,
    organization: client.organization.getSync()?.organization_name,
    organization_id: client.session.getSync()?.organization_id,
    factor: client.session.getSync()?.authentication_factors?.[0]?.delivery_method,
    factors: client.session.getSync()?.authentication_factors?.map((f) => `${f.type}/${f.delivery_method}`),
  }));
}

test("a newcomer signs up through the official Discovery UI: address, link, a new organization, a session", async () => {
  const { tab, errors, answers } = await loginTab();
  const email = uniqueEmail("official-ui-new");
  await signInByLink(tab, email, "Create an organization to get started");
  await tab.getByRole("button", { name: "Create an organization" }).click();
  const session = await signedIn(tab);
  assert.equal(session.email, email);
  assert.equal(session.factor, "email");
  // The organization the UI created is the backend's too, with the newcomer as a member.
  const found = await backendApi(emulator.url, "POST", "/organizations/search", {
    query: { operator: "AND", operands: [{ filter_name: "member_emails", filter_value: [email] }] },
  });
  assert.deepEqual(found.organizations.map((o) => o.organization_id), [session.organization_id]);
  await finish({ tab, errors, answers }, "/sdk/v1/b2b/discovery/organizations/create");
});

test("a member of two organizations picks one in the official Discovery UI and is signed in to it", async () => {
  const email = uniqueEmail("official-ui-member");
  for (const name of ["Initech", "Globex"]) {
    const slug = `${name.toLowerCase()}-${Date.now().toString(36)}`;
    const { organization } = await backendApi(emulator.url, "POST", "/organizations", { organization_name: name, organization_slug: slug });
    await backendApi(emulator.url, "POST", `/organizations/${organization.organization_id}/members`, { email_address: email });
  }
  const { tab, errors, answers } = await loginTab();
  await signInByLink(tab, email, "Select an organization to continue");
  await tab.getByText("Initech").waitFor();
  await tab.getByText("Globex").click();
  const session = await signedIn(tab);
  assert.deepEqual([session.email, session.organization], [email, "Globex"]);
  await finish({ tab, errors, answers }, "/sdk/v1/b2b/discovery/intermediate_sessions/exchange");
});

test("an organization requiring MFA: the official UI enrols the member's phone, then only asks for a texted code", async () => {
  const email = uniqueEmail("official-ui-mfa");
  const phone = "+15005550177";
  const slug = `umbrella-${Date.now().toString(36)}`;
  const { organization } = await backendApi(emulator.url, "POST", "/organizations", { organization_name: "Umbrella", organization_slug: slug, mfa_policy: "REQUIRED_FOR_ALL" });
  await backendApi(emulator.url, "POST", `/organizations/${organization.organization_id}/members`, { email_address: email });
  const { tab, errors, answers } = await loginTab();
  await signInByLink(tab, email, "Select an organization to continue");
  await tab.getByText("Umbrella").click();
  await tab.getByText("Set up Multi-Factor Authentication").waitFor();
  await tab.getByText("Text me a code").click();
  await tab.getByPlaceholder("(201) 555-0123").fill("5005550177");
  await tab.getByRole("button", { name: "Continue" }).click();
  await tab.getByText("Enter passcode").waitFor();
  const { code } = await latestMessage(emulator.url, phone);
  await tab.getByLabel("One-time passcode").fill(code);
  const session = await signedIn(tab);
  assert.deepEqual([session.email, session.organization], [email, "Umbrella"]);
  const factors = await tab.evaluate(() => client.session.getSync().authentication_factors.map((f) => f.delivery_method));
  assert.deepEqual(factors, ["email", "sms"]);
  const member = await tab.evaluate(() => client.self.getSync());
  assert.deepEqual([member.mfa_phone_number, member.mfa_phone_number_verified], [phone, true], "the phone is the member's now");
  await finish({ tab, errors, answers }, "/sdk/v1/b2b/otps/sms/authenticate");

  // Next time the phone is known: straight to the code, sent to it without asking.
  const again = await loginTab();
  await signInByLink(again.tab, email, "Select an organization to continue");
  await again.tab.getByText("Umbrella").click();
  await again.tab.getByText(`A 6-digit passcode was sent to you at ${phone}.`).waitFor();
  const second = await latestMessage(emulator.url, phone, { after: 1 });
  await again.tab.getByLabel("One-time passcode").fill(second.code);
  const returning = await signedIn(again.tab);
  assert.deepEqual(returning.factors, ["magic_link/email", "otp/sms"]);
  // The exchange texted it (`secondary_auth_initiated`), so the UI asked for no second one.
  assert.equal((await messages(emulator.url, phone)).length, 2, "one text per sign-in");
  assert.ok(!again.answers.some((a) => a.endsWith("/otps/sms/send")), again.answers.join(", "));
  await finish(again, "/sdk/v1/b2b/otps/sms/authenticate");
});

test("email codes: a newcomer signs up through the official Discovery UI with the code emailed to them", async () => {
  // A colleague already started an organization named after their company's domain: the UI
  // asks for no name, so the emulator must find a free slug (it once refused the second person).
  const domain = `globex${Date.now().toString(36)}`;
  await newOrganization("Globex", { organization_slug: domain });
  const email = `hank@${domain}.example`;
  const { tab, errors, answers } = await loginTab("codes");
  await tab.getByLabel("Email").fill(email);
  await tab.getByRole("button", { name: "Continue with email" }).click();
  await tab.getByText(`A 6-digit passcode was sent to you at ${email}.`).waitFor();
  const { code } = await latestMessage(emulator.url, email);
  await tab.getByLabel("One-time passcode").fill(code);
  await tab.getByText("Create an organization to get started").waitFor();
  await tab.getByRole("button", { name: "Create an organization" }).click();
  const session = await signedIn(tab);
  assert.equal(session.email, email);
  assert.deepEqual(session.factors, ["email_otp/email"]);
  const slug = await tab.evaluate(() => client.organization.getSync().organization_slug);
  assert.match(slug, new RegExp(`^${domain}-[a-z0-9]{4}$`));
  await finish({ tab, errors, answers }, "/sdk/v1/b2b/otps/email/discovery/authenticate");
});

test("passwords: a member sets a password from the official Discovery UI's emailed link, then signs in with it", async () => {
  const email = uniqueEmail("official-ui-password");
  const password = "Quiet-Lantern-Harbor-58";
  const acme = await newOrganization("Acme");
  await backendApi(emulator.url, "POST", `/organizations/${acme.id}/members`, { email_address: email });

  /** The Discovery login's password form, sent with the member's address and `password`. */
  const byPassword = async () => {
    const visit = await loginTab("passwords");
    await visit.tab.getByText("Use a password instead").click();
    await visit.tab.getByLabel("Email").fill(email);
    await visit.tab.getByLabel("Password").fill(password);
    await visit.tab.getByRole("button", { name: "Continue" }).click();
    return visit;
  };

  const first = await byPassword();
  await first.tab.getByText("Unauthorized credentials.").waitFor();
  await first.tab.getByRole("button", { name: "Sign up or reset password" }).click();
  await first.tab.getByText("Check your email for help signing in").waitFor();
  assert.equal(await first.tab.getByLabel("Email").inputValue(), email, "the address carries over");
  await first.tab.getByRole("button", { name: "Continue" }).click();
  await first.tab.getByText(`A login link was sent to you at ${email}.`).waitFor();
  const { link } = await latestMessage(emulator.url, email);
  assert.ok(link.startsWith(`${origin}/passwords/authenticate?stytch_redirect_type=reset_password&stytch_token_type=discovery&token=`), link);
  await first.tab.goto(link);
  await first.tab.getByText("Set a new password").waitFor();
  await first.tab.getByLabel("Password").fill(password);
  await first.tab.getByText("Password accepted.").waitFor();
  await first.tab.getByRole("button", { name: "Continue" }).click();
  await first.tab.getByText("Select an organization to continue").waitFor();
  await first.tab.getByText("Acme").click();
  const viaLink = await signedIn(first.tab);
  assert.deepEqual([viaLink.email, viaLink.organization], [email, "Acme"]);
  await finish(first, "/sdk/v1/b2b/passwords/discovery/reset", ["401 /sdk/v1/b2b/passwords/discovery/authenticate"]);

  const second = await byPassword();
  await second.tab.getByText("Select an organization to continue").waitFor();
  await second.tab.getByText("Acme").click();
  const viaPassword = await signedIn(second.tab);
  assert.deepEqual([viaPassword.email, viaPassword.organization], [email, "Acme"]);
  assert.deepEqual(viaPassword.factors, ["password/knowledge"]);
  await finish(second, "/sdk/v1/b2b/passwords/discovery/authenticate");
});

test("Organization flow: a member enrols an authenticator app at the official UI's MFA prompt, then signs in with a backup code", async () => {
  const email = uniqueEmail("official-ui-totp");
  const initech = await newOrganization("Initech", { mfa_policy: "REQUIRED_FOR_ALL", mfa_methods: "RESTRICTED", allowed_mfa_methods: ["totp"] });
  await backendApi(emulator.url, "POST", `/organizations/${initech.id}/members`, { email_address: email });
  /** Signs in with the emailed code at Initech's own login page, up to the MFA screen. */
  const byCode = async () => {
    const visit = await loginTab("organization", `?slug=${initech.slug}`);
    const sent = (await messages(emulator.url, email)).length;
    await visit.tab.getByText("Continue to Initech").waitFor();
    await visit.tab.getByLabel("Email").fill(email);
    await visit.tab.getByRole("button", { name: "Continue with email" }).click();
    await visit.tab.getByText("Email me a login code").click();
    const { code } = await latestMessage(emulator.url, email, { after: sent });
    await visit.tab.getByLabel("One-time passcode").fill(code);
    return visit;
  };

  const first = await byCode();
  await first.tab.getByText("Scan the QR code to link your authenticator app").waitFor();
  await first.tab.getByText("Having trouble scanning?").click();
  // The secret as the UI shows it to type by hand: groups of four base32 characters.
  const secret = (await first.tab.getByText(/^[a-z2-7]{4}$/).allInnerTexts()).join("").toUpperCase();
  assert.match(secret, /^[A-Z2-7]{32}$/);
  await first.tab.getByRole("button", { name: "Continue" }).click();
  await first.tab.getByText("Enter verification code").waitFor();
  await first.tab.getByLabel("One-time passcode").fill(totp(secret));
  await first.tab.getByText("Save your backup codes!").waitFor();
  const backupCodes = await first.tab.getByText(/^[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}$/).allInnerTexts();
  assert.equal(backupCodes.length, 10);
  await first.tab.getByRole("button", { name: "Done" }).click();
  const enrolled = await signedIn(first.tab);
  assert.deepEqual([enrolled.email, enrolled.organization], [email, "Initech"]);
  assert.deepEqual(enrolled.factors, ["email_otp/email", "totp/authenticator_app"]);
  await finish(first, "/sdk/v1/b2b/totp/authenticate");

  const second = await byCode();
  await second.tab.getByText("Enter verification code").waitFor();
  await second.tab.getByText("Use a backup code").click();
  await second.tab.getByLabel("Backup code").fill(backupCodes[3]);
  await second.tab.getByRole("button", { name: "Continue" }).click();
  const recovered = await signedIn(second.tab);
  assert.deepEqual(recovered.factors, ["email_otp/email", "recovery_codes/recovery_code"]);
  const member = await second.tab.evaluate(() => client.self.getSync());
  assert.notEqual(member.totp_registration_id, "", "the app stays enrolled");
  await finish(second, "/sdk/v1/b2b/recovery_codes/recover");
});

test("Organization flow: SSO through the organization's identity provider, and a newcomer joins by the emailed verification link", async () => {
  const member = uniqueEmail("official-ui-sso");
  const hooli = await newOrganization("Hooli", { email_allowed_domains: ["example.org"], email_jit_provisioning: "RESTRICTED" });
  await backendApi(emulator.url, "POST", `/organizations/${hooli.id}/members`, { email_address: member });
  const { connection } = await backendApi(emulator.url, "POST", `/sso/saml/${hooli.id}`, { display_name: "Hooli Okta" });
  await backendApi(emulator.url, "PUT", `/sso/saml/${hooli.id}/connections/${connection.connection_id}`, {
    idp_entity_id: "http://idp.example/hooli", idp_sso_url: "https://idp.example/hooli/saml",
    x509_certificate: "-----BEGIN CERTIFICATE-----\naG9vbGk=\n-----END CERTIFICATE-----",
  });

  const sso = await loginTab("organization", `?slug=${hooli.slug}`);
  await sso.tab.getByRole("button", { name: "Continue with Hooli Okta" }).click();
  await sso.tab.getByRole("button", { name: `Continue as ${member}` }).click();
  const viaSso = await signedIn(sso.tab);
  assert.deepEqual([viaSso.email, viaSso.organization, viaSso.factors], [member, "Hooli", ["sso/sso_saml"]]);
  await finish(sso, "/sdk/v1/b2b/sso/authenticate");

  // Someone new from the allowed domain asks for a password; having none, they get a link to join.
  const newcomer = uniqueEmail("official-ui-jit");
  const join = await loginTab("organization", `?slug=${hooli.slug}`);
  await join.tab.getByText("Use a password instead").click();
  await join.tab.getByRole("button", { name: "Sign up or reset password" }).click();
  await join.tab.getByLabel("Email").fill(newcomer);
  await join.tab.getByRole("button", { name: "Continue" }).click();
  await join.tab.getByText("Verify your email first.").waitFor();
  const { link } = await latestMessage(emulator.url, newcomer);
  assert.ok(link.startsWith(`${origin}/organization/authenticate?stytch_token_type=multi_tenant_magic_links&token=`), link);
  await join.tab.goto(link);
  const joined = await signedIn(join.tab);
  assert.deepEqual([joined.email, joined.organization, joined.factors], [newcomer, "Hooli", ["magic_link/email"]]);
  // An address from elsewhere is refused, with the reason shown where the person typed it.
  await join.tab.goto(`${origin}/organization/?slug=${hooli.slug}`);
  await join.tab.getByLabel("Email").fill("someone@elsewhere.example");
  await join.tab.getByRole("button", { name: "Continue with email" }).click();
  await join.tab.getByText("Email me a login code").click();
  await join.tab.getByText("This email address may not join the organization; ask for an invitation.").waitFor();
  await finish(join, "/sdk/v1/b2b/magic_links/authenticate", ["403 /sdk/v1/b2b/otps/email/login_or_signup"]);
});

test("Google in the official Discovery UI: an organization accepting only email codes asks for one before signing in", async () => {
  const email = uniqueEmail("official-ui-google");
  const vandelay = await newOrganization("Vandelay", { auth_methods: "RESTRICTED", allowed_auth_methods: ["email_otp"] });
  await backendApi(emulator.url, "POST", `/organizations/${vandelay.id}/members`, { email_address: email });
  const visit = await loginTab("providers");
  await visit.tab.getByRole("button", { name: "Continue with Google" }).click();
  // The emulator's Google: a personal account, whose address Google does not vouch for.
  await visit.tab.getByLabel("Email").fill(email);
  await visit.tab.getByRole("button", { name: "Continue", exact: true }).click();
  await visit.tab.getByText("Select an organization to continue").waitFor();
  await visit.tab.getByText("Vandelay").click();
  await visit.tab.getByText("Verify your email").waitFor();
  await visit.tab.getByRole("button", { name: "Email me a code" }).click();
  const { code } = await latestMessage(emulator.url, email);
  await visit.tab.getByLabel("One-time passcode").fill(code);
  const session = await signedIn(visit.tab);
  assert.deepEqual([session.email, session.organization], [email, "Vandelay"]);
  assert.deepEqual(session.factors, ["oauth/oauth_google", "email_otp/email"]);
  await finish(visit, "/sdk/v1/b2b/otps/email/authenticate");
});

test("SSO in the official Discovery UI: a member's address finds their connection; a newcomer names the organization by slug and joins", async () => {
  const member = uniqueEmail("official-ui-sso-member");
  const pendant = await newOrganization("Pendant");
  await backendApi(emulator.url, "POST", `/organizations/${pendant.id}/members`, { email_address: member });
  const { connection } = await backendApi(emulator.url, "POST", `/sso/oidc/${pendant.id}`, { display_name: "Pendant Entra" });
  await backendApi(emulator.url, "PUT", `/sso/oidc/${pendant.id}/connections/${connection.connection_id}`, {
    issuer: "https://login.pendant.example/v2.0", client_id: "pendant-app", client_secret: "pendant-secret",
    authorization_url: "https://login.pendant.example/authorize", token_url: "https://login.pendant.example/token",
    userinfo_url: "https://login.pendant.example/userinfo", jwks_url: "https://login.pendant.example/keys",
  });
  /** "Use single sign-on" with `email`, from the Discovery login. */
  const start = async (email) => {
    const visit = await loginTab("providers");
    await visit.tab.getByRole("button", { name: "Use single sign-on" }).click();
    await visit.tab.getByLabel("Email").fill(email);
    await visit.tab.getByRole("button", { name: "Continue" }).click();
    return visit;
  };

  const known = await start(member);
  await known.tab.getByRole("heading", { name: "Sign in to Pendant with Pendant Entra" }).waitFor();
  await known.tab.getByRole("button", { name: `Continue as ${member}` }).click();
  const viaAddress = await signedIn(known.tab);
  assert.deepEqual([viaAddress.email, viaAddress.organization, viaAddress.factors], [member, "Pendant", ["sso/sso_oidc"]]);
  await finish(known, "/sdk/v1/b2b/sso/authenticate");

  // Someone new: no connection answers for their address, so the UI asks which organization.
  const newcomer = `dana-${Date.now().toString(36)}@pendant-contractors.example`;
  const unknown = await start(newcomer);
  await unknown.tab.getByText("Sorry, we couldn't find any connections").waitFor();
  await unknown.tab.getByLabel("Organization slug").fill(pendant.slug);
  await unknown.tab.getByRole("button", { name: "Continue" }).click();
  await unknown.tab.getByRole("heading", { name: "Sign in to Pendant with Pendant Entra" }).waitFor();
  await unknown.tab.getByLabel("Email").fill(newcomer);
  await unknown.tab.getByRole("button", { name: "Continue", exact: true }).click();
  const joined = await signedIn(unknown.tab);
  assert.deepEqual([joined.email, joined.organization, joined.factors], [newcomer, "Pendant", ["sso/sso_oidc"]]);
  await finish(unknown, "/sdk/v1/b2b/sso/authenticate");
});

test("an invitation: the emailed link, opened on the app's login page, signs the invitee in and makes them active", async () => {
  const email = uniqueEmail("official-ui-invited");
  const wonka = await newOrganization("Wonka");
  const invited = await backendApi(emulator.url, "POST", "/magic_links/email/invite", {
    organization_id: wonka.id, email_address: email, name: "Charlie", invite_redirect_url: `${origin}/discovery/authenticate`,
  });
  assert.equal(invited.member.status, "invited", JSON.stringify(invited));
  const { link } = await latestMessage(emulator.url, email);
  assert.ok(link.startsWith(`${origin}/discovery/authenticate?stytch_token_type=multi_tenant_magic_links&token=`), link);
  const visit = await loginTab();
  await visit.tab.goto(link);
  const session = await signedIn(visit.tab);
  assert.deepEqual([session.email, session.organization, session.factors], [email, "Wonka", ["magic_link/email"]]);
  const member = await visit.tab.evaluate(() => client.self.getSync());
  assert.deepEqual([member.status, member.name, member.email_address_verified], ["active", "Charlie", true]);
  await finish(visit, "/sdk/v1/b2b/magic_links/authenticate");
});

test("Organization flow: a newcomer with a Google Workspace account at the allowed domain joins through Google", async () => {
  const domain = `initrode-${Date.now().toString(36)}.example`;
  const initrode = await newOrganization("Initrode", { email_allowed_domains: [domain], email_jit_provisioning: "RESTRICTED" });
  await verifiedColleague(initrode.id, `bill@${domain}`);
  const email = `peter@${domain}`;
  const visit = await loginTab("organization", `?slug=${initrode.slug}`);
  await visit.tab.getByRole("button", { name: "Continue with Google" }).click();
  await visit.tab.getByLabel("Email").fill(email);
  await visit.tab.getByLabel("Google Workspace domain").fill(domain);
  await visit.tab.getByRole("button", { name: "Continue", exact: true }).click();
  const session = await signedIn(visit.tab);
  assert.deepEqual([session.email, session.organization, session.factors], [email, "Initrode", ["oauth/oauth_google"]]);
  await finish(visit, "/sdk/v1/b2b/oauth/authenticate");
});

test("direct login: a newcomer gets an organization at once, a member of one is signed straight in, an invitation brings the choice back", async () => {
  // No organization to join: the UI creates one without asking.
  const newcomer = ownDomainEmail("founder");
  const created = await loginTab("direct");
  await signInByLink(created.tab, newcomer, "You have successfully logged in.");
  const founder = await signedIn(created.tab);
  assert.equal(founder.email, newcomer);
  await finish(created, "/sdk/v1/b2b/discovery/organizations/create");

  // A member of exactly one organization: no choice to make.
  const email = ownDomainEmail("single");
  const initech = await newOrganization("Initech");
  await backendApi(emulator.url, "POST", `/organizations/${initech.id}/members`, { email_address: email });
  const direct = await loginTab("direct");
  await signInByLink(direct.tab, email, "You have successfully logged in.");
  const session = await signedIn(direct.tab);
  assert.deepEqual([session.email, session.organization, session.organization_id], [email, "Initech", initech.id]);
  assert.ok(!direct.answers.includes("200 /sdk/v1/b2b/discovery/organizations/create"), direct.answers.join(", "));
  await finish(direct, "/sdk/v1/b2b/discovery/intermediate_sessions/exchange");

  // Invited to a second organization: the UI shows both (the invitation is not ignored).
  const globex = await newOrganization("Globex");
  await backendApi(emulator.url, "POST", "/magic_links/email/invite", { organization_id: globex.id, email_address: email });
  const choice = await loginTab("direct");
  await signInByLink(choice.tab, email, "Select an organization to continue");
  await choice.tab.getByText("Globex").waitFor();
  await choice.tab.getByText("Initech").click();
  assert.equal((await signedIn(choice.tab)).organization, "Initech");
  await finish(choice, "/sdk/v1/b2b/discovery/intermediate_sessions/exchange");
});

test("direct login to an organization that signs in only by SSO: the UI goes straight to its identity provider", async () => {
  const email = ownDomainEmail("sso-only");
  const umbrella = await newOrganization("Umbrella", { auth_methods: "RESTRICTED", allowed_auth_methods: ["sso"] });
  await backendApi(emulator.url, "POST", `/organizations/${umbrella.id}/members`, { email_address: email });
  const { connection } = await backendApi(emulator.url, "POST", `/sso/saml/${umbrella.id}`, { display_name: "Umbrella Okta" });
  await backendApi(emulator.url, "PUT", `/sso/saml/${umbrella.id}/connections/${connection.connection_id}`, {
    idp_entity_id: "http://idp.example/umbrella", idp_sso_url: "https://idp.example/umbrella/saml",
    x509_certificate: "-----BEGIN CERTIFICATE-----\ndW1icmVsbGE=\n-----END CERTIFICATE-----",
  });
  const { organization } = await backendApi(emulator.url, "GET", `/organizations/${umbrella.id}`);
  assert.equal(organization.sso_default_connection_id, connection.connection_id, "the first connection is the default");

  const direct = await loginTab("direct");
  await signInByLink(direct.tab, email, `Continue as ${email}`);
  await direct.tab.getByRole("button", { name: `Continue as ${email}` }).click();
  const session = await signedIn(direct.tab);
  assert.deepEqual([session.email, session.organization], [email, "Umbrella"]);
  assert.deepEqual(session.factors.sort(), ["magic_link/email", "sso/sso_saml"], "the link and the identity provider");
  await finish(direct, "/sdk/v1/b2b/sso/authenticate");
});

test("Organization flow: a member who forgot their password resets it by the emailed link and is signed in; the old one stops working", async () => {
  const email = uniqueEmail("official-ui-reset");
  const oldPassword = "Faded-Compass-Orchard-17";
  const newPassword = "Bright-Lantern-Meadow-94";
  const initrode = await newOrganization("Initrode");
  await memberWithPassword(emulator.url, initrode.id, email, oldPassword);

  const visit = await loginTab("organization", `?slug=${initrode.slug}`);
  await visit.tab.getByText("Use a password instead").click();
  await visit.tab.getByLabel("Email").fill(email);
  await visit.tab.getByLabel("Password").fill("not-the-password-at-all");
  await visit.tab.getByRole("button", { name: "Continue" }).click();
  await visit.tab.getByText("Unauthorized credentials.").waitFor();
  await visit.tab.getByRole("button", { name: "Sign up or reset password" }).click();
  assert.equal(await visit.tab.getByLabel("Email").inputValue(), email, "the address carries over");
  await visit.tab.getByRole("button", { name: "Continue" }).click();
  await visit.tab.getByText(`A login link was sent to you at ${email}.`).waitFor();
  const { link, subject } = await latestMessage(emulator.url, email);
  assert.equal(subject, "Reset your Initrode password");
  assert.ok(link.startsWith(`${origin}/organization/authenticate?stytch_redirect_type=reset_password&stytch_token_type=multi_tenant_passwords&token=`), link);
  await visit.tab.goto(link);
  await visit.tab.getByText("Set a new password").waitFor();
  await visit.tab.getByLabel("Password").fill(newPassword);
  await visit.tab.getByText("Password accepted.").waitFor();
  await visit.tab.getByRole("button", { name: "Continue" }).click();
  const session = await signedIn(visit.tab);
  assert.deepEqual([session.email, session.organization], [email, "Initrode"]);
  await finish(visit, "/sdk/v1/b2b/passwords/email/reset", ["401 /sdk/v1/b2b/passwords/authenticate"]);

  // The server sees the change: the new password signs in, the old one is refused.
  const signIn = (password) => backendApi(emulator.url, "POST", "/passwords/authenticate", { organization_id: initrode.id, email_address: email, password });
  assert.ok((await signIn(newPassword)).session_token);
  assert.equal((await signIn(oldPassword)).error_type, "unauthorized_credentials");
});

test("Microsoft in the official Discovery UI: a newcomer from an admitted domain picks the organization and joins with no further step, Microsoft vouching for the address", async () => {
  const domain = `contoso-${Date.now().toString(36)}.example`;
  const email = `pat@${domain}`;
  const contoso = await newOrganization("Contoso", { email_allowed_domains: [domain], email_jit_provisioning: "RESTRICTED" });
  await verifiedColleague(contoso.id, `kim@${domain}`);
  const visit = await loginTab("providers");
  await visit.tab.getByRole("button", { name: "Continue with Microsoft" }).click();
  // The emulator's Microsoft: whoever the person says, with the address verified.
  await visit.tab.getByLabel("Email").fill(email);
  await visit.tab.getByRole("button", { name: "Continue", exact: true }).click();
  await visit.tab.getByText("Select an organization to continue").waitFor();
  await visit.tab.getByText("Contoso").click();
  const session = await signedIn(visit.tab);
  assert.deepEqual([session.email, session.organization, session.factors], [email, "Contoso", ["oauth/oauth_microsoft"]]);
  const member = await backendApi(emulator.url, "GET", `/organizations/${contoso.id}/member?email_address=${encodeURIComponent(email)}`);
  assert.deepEqual([member.member.status, member.member.email_address_verified], ["active", true], "joined by domain, address verified");
  await finish(visit, "/sdk/v1/b2b/discovery/intermediate_sessions/exchange");
});

test("Organization flow: the official UI offers only the sign-in methods the organization allows", async () => {
  const onlySso = await newOrganization("Soylent", { auth_methods: "RESTRICTED", allowed_auth_methods: ["sso"] });
  const { connection } = await backendApi(emulator.url, "POST", `/sso/saml/${onlySso.id}`, { display_name: "Soylent Okta" });
  await backendApi(emulator.url, "PUT", `/sso/saml/${onlySso.id}/connections/${connection.connection_id}`, {
    idp_entity_id: "http://idp.example/soylent", idp_sso_url: "https://idp.example/soylent/saml",
    x509_certificate: "-----BEGIN CERTIFICATE-----\nc295bGVudA==\n-----END CERTIFICATE-----",
  });
  /** The buttons and fields the page offers, once `ready` shows. */
  const offered = async ({ tab }, ready) => {
    await tab.getByText(ready).waitFor();
    const buttons = await tab.getByRole("button").allInnerTexts();
    return { buttons: buttons.map((b) => b.trim()).filter(Boolean), email: await tab.getByLabel("Email").count() };
  };
  // SSO only: the organization's identity provider, nothing else.
  const sso = await loginTab("organization", `?slug=${onlySso.slug}`);
  assert.deepEqual(await offered(sso, "Continue with Soylent Okta"), { buttons: ["Continue with Soylent Okta"], email: 0 });
  await finish(sso, "/sdk/v1/b2b/organizations/search");
  // Passwords and email codes: the address, then a code or a password; no Google, no SSO.
  const onlyPasswords = await newOrganization("Tyrell", { auth_methods: "RESTRICTED", allowed_auth_methods: ["password", "email_otp"] });
  const pw = await loginTab("organization", `?slug=${onlyPasswords.slug}`);
  assert.deepEqual(await offered(pw, "Use a password instead"), { buttons: ["Continue with email", "Use a password instead"], email: 1 });
  await finish(pw, "/sdk/v1/b2b/organizations/search");
});

test("Discovery into an organization that accepts only passwords: the official UI asks for the member's password, then signs them in", async () => {
  const email = ownDomainEmail("vera");
  const password = "Velvet-Harbor-Lantern-31";
  const wayne = await newOrganization("Wayne", { auth_methods: "RESTRICTED", allowed_auth_methods: ["password"] });
  await memberWithPassword(emulator.url, wayne.id, email, password);
  const visit = await loginTab();
  await signInByLink(visit.tab, email, "Select an organization to continue");
  await visit.tab.getByText("Wayne").click();
  // The link proved the address; the organization still wants a password (`primary_required`).
  await visit.tab.getByText("Continue to Wayne").waitFor();
  assert.equal(await visit.tab.getByLabel("Email").inputValue(), email, "the address is known");
  await visit.tab.getByLabel("Password").fill(password);
  await visit.tab.getByRole("button", { name: "Continue" }).click();
  const session = await signedIn(visit.tab);
  assert.deepEqual([session.email, session.organization], [email, "Wayne"]);
  assert.deepEqual(session.factors.sort(), ["magic_link/email", "password/knowledge"], "the link and the password");
  await finish(visit, "/sdk/v1/b2b/passwords/authenticate");
});
