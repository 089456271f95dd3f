// The official equivalent of the demo's login page and session read-out: Stytch's React B2B SDK
// with its prebuilt Discovery UI (StytchB2BProvider + StytchB2B), the same markers the benchmark
// watches in the demo (`session`, `from-cache`). Settings come from /config.js, as in the demo.
import { createRoot } from "react-dom/client";
import {
  StytchB2B,
  StytchB2BProvider,
  createStytchB2BClient,
  useStytchMemberSession,
} from "@stytch/react/b2b";

const settings = window.STYTCH_DEMO;
// `customBaseUrl` forces https and drops the port, so the internal `endpoints` option (the one the
// conformance suite uses) points the client at the local emulator.
const stytch = createStytchB2BClient(settings.publicToken, {
  endpoints: { testAPIURL: settings.apiUrl, liveAPIURL: settings.apiUrl },
});
// The benchmark signs in through the client the page itself uses.
window.stytchClient = stytch;

const config = {
  products: ["emailMagicLinks"],
  sessionOptions: { sessionDurationMinutes: 60 },
  authFlowType: "Discovery",
};

function SessionSignals() {
  const { session, fromCache, isInitialized } = useStytchMemberSession();
  return (
    <main>
      <h1>Home</h1>
      <dl>
        <dt>is_initialized</dt>
        <dd data-testid="is-initialized">{String(isInitialized)}</dd>
        <dt>from_cache</dt>
        <dd data-testid="from-cache">{String(fromCache)}</dd>
        <dt>session</dt>
        <dd data-testid="session">
          {session ? `${session.member_session_id} (expires ${session.expires_at})` : "none"}
        </dd>
      </dl>
      {session ? null : <StytchB2B config={config} />}
    </main>
  );
}

createRoot(document.getElementById("root")).render(
  <StytchB2BProvider stytch={stytch}>
    <SessionSignals />
  </StytchB2BProvider>,
);
