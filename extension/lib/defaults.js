/* The one list of settings and their defaults; stored values are merged over them. */
globalThis.optout = globalThis.optout || {};
globalThis.optout.defaults = Object.freeze({
  /** Hint server to refresh the data from; "" = none, use the data built into optout.
   *  `bash scripts/package --update-url URL` writes a release's server in here. */
  serverUrl: "",
  /** Refresh the data from the server at most once a day. */
  updates: true,
  /** Keep the text sent to Meta in the receipt; when false, only its SHA-256. */
  keepSentText: true,
  /** Public keys (base64 lines) trusted to sign a self-hosted server's data, besides
   *  the maintainers' keys shipped in data/keys.json. */
  trustedKeys: [],
});

/** The settings an organisation fixed through managed storage (browser policy), or {}. */
globalThis.optout.managedSettings = function managedSettings(api) {
  return globalThis.optout.store.managed(api, Object.keys(globalThis.optout.defaults));
};

/** Defaults, then the person's settings, then an organisation's managed policy. */
globalThis.optout.settings = async function settings(api) {
  const stored = await globalThis.optout.store.get(api, "settings");
  return {
    ...globalThis.optout.defaults,
    ...stored,
    ...(await globalThis.optout.managedSettings(api)),
  };
};

/** True for a hint server optout may fetch from: https, or plain http only on this
 *  computer (loopback), so no network between can swap or read the data. */
globalThis.optout.serverAllowed = function serverAllowed(address) {
  const url = URL.canParse(address) ? new URL(address) : null;
  if (!url || url.username || url.password) return false;
  const loopback = ["127.0.0.1", "localhost", "[::1]"].includes(url.hostname);
  return url.protocol === "https:" || (url.protocol === "http:" && loopback);
};
