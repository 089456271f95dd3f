// The demo reads its Stytch settings from here, so tests and other setups can serve their own
// file without rebuilding the app. These values match `stytch-emulator` defaults.
window.STYTCH_DEMO = {
  apiUrl: "http://127.0.0.1:8787",
  publicToken: "public-token-test-4f1c9a2e-7b3d-4e8a-9c61-5d2f0e8b7a13",
  // refreshIntervalMs: 180000,   // the background refresh interval (tests shorten it)
  // httpOnlyCookies: false,      // true with `stytch-emulator --http-only-cookies`
};
