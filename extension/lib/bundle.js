/*
 * The data store: one ingest path for the bundled snapshot and (later) remote updates.
 * A bundle is checked as data before it replaces anything; on any failure the last
 * good copy stays.
 */
(function (root) {
  "use strict";
  const FORMAT = 1;
  const KEY = "bundle";
  const LISTS = ["platforms", "groups", "jurisdictions", "routes", "hints", "arguments",
    "regulators", "languages"];

  /** Throw unless `bundle` has the shape this extension understands. */
  function validateBundle(bundle) {
    if (!bundle || typeof bundle !== "object" || Array.isArray(bundle)) throw new Error("bundle is not an object");
    if (bundle.format !== FORMAT) throw new Error(`bundle format ${bundle.format} is not ${FORMAT}`);
    if (typeof bundle.data_version !== "string" || !/^[0-9a-f]{20}$/.test(bundle.data_version)) {
      throw new Error("bundle has no valid data_version");
    }
    for (const key of LISTS) {
      const list = bundle[key];
      if (!Array.isArray(list) || !list.length) throw new Error(`bundle.${key} is missing`);
      const ids = new Set();
      for (const record of list) {
        if (!record || typeof record.id !== "string") throw new Error(`bundle.${key} has a record without id`);
        if (ids.has(record.id)) throw new Error(`bundle.${key} repeats id ${record.id}`);
        ids.add(record.id);
      }
    }
    return bundle;
  }

  /** Store a bundle if it is valid; return the bundle now in use. */
  async function ingest(api, bundle) {
    validateBundle(bundle);
    await api.storage.local.set({ [KEY]: bundle });
    return bundle;
  }

  /** The stored bundle, or the snapshot shipped inside the extension on first run. */
  async function currentBundle(api) {
    const stored = (await api.storage.local.get(KEY))[KEY];
    try {
      return validateBundle(stored);
    } catch (_) {
      const response = await fetch(api.runtime.getURL("data/bundle.json"));
      return ingest(api, await response.json());
    }
  }

  const MAX_BYTES = 5 * 1024 * 1024;

  /**
   * Fetch the server's bundle if it changed (If-None-Match), validate it, and store it.
   * Any failure leaves the stored copy as it was. Returns {status, dataVersion}.
   */
  async function refresh(api, serverUrl) {
    const current = await currentBundle(api);
    const response = await fetch(`${serverUrl.replace(/\/+$/, "")}/v1/bundle`, {
      headers: { "If-None-Match": `"${current.data_version}"` },
      cache: "no-store", credentials: "omit", redirect: "error",
    });
    if (response.status === 304) return { status: "current", dataVersion: current.data_version };
    if (!response.ok) throw new Error(`server answered ${response.status}`);
    const declared = Number(response.headers.get("Content-Length") || 0);
    if (declared > MAX_BYTES) throw new Error("bundle too large");
    const text = await response.text();
    if (text.length > MAX_BYTES) throw new Error("bundle too large");
    const bundle = await ingest(api, JSON.parse(text));
    return { status: "updated", dataVersion: bundle.data_version };
  }

  root.optout = Object.assign(root.optout || {}, { validateBundle, ingest, currentBundle, refresh });
  if (typeof module !== "undefined") module.exports = { validateBundle };
})(globalThis);
