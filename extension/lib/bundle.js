/*
 * The data store: one ingest path for the bundled snapshot and signed remote updates.
 * A bundle is checked as data before it replaces anything; on any failure the last
 * good copy stays.
 */
(function (root) {
  "use strict";
  const FORMAT = 2;

  const URL_KEYS = new Set(["url", "website", "complaint_url"]);

  /** Throw unless `text` is an https URL without user info (as the data schema says). */
  function checkUrl(text, where) {
    let parsed = null;
    try {
      parsed =
        typeof text === "string" && /^https:\/\/\S+$/.test(text) ? new URL(text) : null;
    } catch (_) {
      /* refused below */
    }
    if (!parsed || parsed.protocol !== "https:" || parsed.username || parsed.password) {
      throw new Error(`${where} is not an https URL`);
    }
    return parsed;
  }

  /** Every URL in the data is https; a route's pages are on Meta's hosts from the hints
   *  (so "faceb00k.com" or "facebook.com.evil.test" never become a form to open). */
  function checkUrls(bundle) {
    const walk = (value, where) => {
      if (Array.isArray(value))
        value.forEach((item, i) => walk(item, `${where}[${i}]`));
      else if (value && typeof value === "object") {
        for (const [key, item] of Object.entries(value)) {
          if (URL_KEYS.has(key) && item !== null) checkUrl(item, `${where}.${key}`);
          else if (key === "sources" && Array.isArray(item))
            item.forEach((u, i) => checkUrl(u, `${where}.sources[${i}]`));
          else walk(item, `${where}.${key}`);
        }
      }
    };
    walk(bundle.view, "bundle.view");
    const meta = bundle.view.hints.hosts;
    for (const route of Object.values(bundle.view.routes)) {
      const urls = [
        ...(route.urls || []),
        ...(route.steps || []),
        ...(route.alternatives || []),
      ]
        .map((item) => item && item.url)
        .filter(Boolean);
      for (const url of urls) {
        const host = checkUrl(url, `route ${route.id}`).hostname;
        if (!meta.some((d) => host === d || host.endsWith(`.${d}`))) {
          throw new Error(
            `route ${route.id} points to ${host}, which is not one of Meta's hosts`,
          );
        }
      }
    }
  }

  const isNumber = (value) => typeof value === "number" && Number.isFinite(value);
  const isPatternList = (list) =>
    Array.isArray(list) &&
    list.every(
      (p) =>
        Array.isArray(p) &&
        p.length &&
        p.every((t) => typeof t === "string" && t.length),
    );
  const isWordLists = (lists) =>
    lists &&
    typeof lists === "object" &&
    !Array.isArray(lists) &&
    Object.values(lists).every(isPatternList);

  /** Throw unless the detector's view has the shape lib/detect.js reads. */
  function checkDetector(view) {
    const bad = (what) => {
      throw new Error(`bundle.view.detector: ${what}`);
    };
    if (!view || typeof view !== "object") bad("missing");
    for (const key of [
      "weak",
      "agreement",
      "negative",
      "other_language",
      "fit_roots",
      "fit_floor",
    ])
      if (!isNumber(view[key])) bad(key);
    if (!view.quality || !Object.values(view.quality).every(isNumber)) bad("quality");
    if (!Array.isArray(view.filler) || !view.filler.every((w) => typeof w === "string"))
      bad("filler");
    if (!isPatternList(view.submit)) bad("submit");
    if (!Array.isArray(view.fields) || !view.fields.length) bad("fields");
    for (const f of view.fields) {
      if (
        !f ||
        typeof f.id !== "string" ||
        !isNumber(f.threshold) ||
        !isNumber(f.margin)
      )
        bad("a field's id or weights");
      if (
        !Array.isArray(f.elements) ||
        !f.traits ||
        !Object.values(f.traits).every(isNumber)
      )
        bad(`${f.id} traits`);
      if (
        !isPatternList(f.attribute) ||
        ![f.words, f.weak, f.negative, f.bare].every(isWordLists)
      )
        bad(`${f.id} words`);
      if (!Array.isArray(f.becomes)) bad(`${f.id} becomes`);
    }
    const c = view.countries;
    if (
      !c ||
      !Array.isArray(c.codes) ||
      !c.names ||
      typeof c.names !== "object" ||
      !c.by_language
    )
      bad("countries");
  }

  const isObject = (value) =>
    value !== null && typeof value === "object" && !Array.isArray(value);
  const isStrings = (list) =>
    Array.isArray(list) && list.every((item) => typeof item === "string");
  const isTemplate = (nodes) =>
    Array.isArray(nodes) &&
    nodes.every(
      (n) =>
        typeof n === "string" ||
        (isObject(n) &&
          (typeof n.var === "string" ||
            (typeof n.if === "string" && isTemplate(n.then)))),
    );

  /** Throw unless the view (optout_lib/view.py) has every part lib/view.js and
   *  lib/operations.js read, each with the shape they read it in. */
  function checkView(view) {
    const bad = (what) => {
      throw new Error(`bundle.view.${what} is missing or malformed`);
    };
    if (!isObject(view)) bad("(all)");
    for (const key of [
      "language_keys",
      "countries",
      "groups",
      "dates",
      "country_keys",
      "platforms",
      "routes",
      "regulators",
      "letters",
      "limits",
    ]) {
      if (!isObject(view[key]) || !Object.keys(view[key]).length) bad(key);
    }
    for (const key of ["languages", "arguments", "replies", "lint", "openable"])
      if (!Array.isArray(view[key]) || !view[key].length) bad(key);
    if (
      !isStrings(view.openable) ||
      !isObject(view.receipt) ||
      !isStrings(view.receipt.required)
    )
      bad("receipt");
    for (const language of view.languages) {
      const letters = view.letters[language && language.id];
      if (
        !isObject(letters) ||
        !["objection", "complaint", "third-party"].every(
          (k) => isObject(letters[k]) && isTemplate(letters[k].body),
        )
      ) {
        bad(`letters.${language && language.id}`);
      }
    }
    const ids = new Set(view.languages.map((l) => l && l.id));
    if (!Object.values(view.language_keys).every((id) => ids.has(id)))
      bad("language_keys");
    if (!Object.values(view.country_keys).every((id) => isObject(view.countries[id]))) {
      bad("country_keys");
    }
    for (const [code, country] of Object.entries(view.countries)) {
      if (
        !isObject(country) ||
        !isObject(country.routes) ||
        !Object.values(country.routes).every((id) => isObject(view.routes[id])) ||
        !isObject(view.groups[country.group]) ||
        !isObject(view.groups[country.group].objection_effect)
      )
        bad(`countries.${code}`);
    }
    for (const argument of view.arguments) {
      if (
        !isObject(argument) ||
        !isStrings(argument.laws) ||
        !Object.values(argument.texts || {}).every((t) => isTemplate(t.body))
      )
        bad("arguments");
    }
    const hints = view.hints;
    if (
      !isObject(hints) ||
      !isStrings(hints.hosts) ||
      !hints.hosts.length ||
      !isStrings(hints.url_patterns) ||
      !isStrings(hints.excluded)
    )
      bad("hints");
    for (const pattern of hints.url_patterns) new RegExp(pattern); // throws on a bad one
  }

  /** Throw unless `bundle` has the shape this extension understands. */
  function validateBundle(bundle) {
    if (!bundle || typeof bundle !== "object" || Array.isArray(bundle))
      throw new Error("bundle is not an object");
    if (bundle.format !== FORMAT)
      throw new Error(`bundle format ${bundle.format} is not ${FORMAT}`);
    if (
      typeof bundle.data_version !== "string" ||
      !/^[0-9a-f]{20}$/.test(bundle.data_version)
    ) {
      throw new Error("bundle has no valid data_version");
    }
    checkView(bundle.view);
    checkDetector(bundle.view && bundle.view.detector);
    checkUrls(bundle);
    return bundle;
  }

  // storage.local: the server's data exactly as signed ({body, signature, etag}), and
  // the signature record of the data last taken (the rollback floor).
  const KEY = "bundle";
  const SIGNED = "bundleSignature";
  const MAX_BYTES = 5 * 1024 * 1024;
  const MAX_SIGNATURE_BYTES = 4096;
  /** How long the shipped snapshot counts as fresh after its data date: as long as a
   *  signature lasts by default (optout_lib's signing.DEFAULT_VALID_DAYS). */
  const SHIPPED_FRESH_DAYS = 90;
  const DAY_MS = 24 * 3600 * 1000;

  const isText = (value) => typeof value === "string";
  /** Start of the snapshot's data day (UTC): data signed before it is older. */
  const dayStart = (day) => Date.parse(`${day}T00:00:00Z`);

  // Per page or worker: the package's snapshot and keys, read once, and the last stored copy
  // verified here, so a check is redone only when the bytes or the keys change.
  let shipped = null;
  let maintainers = null;
  let verified = null;

  /** The snapshot inside the extension package (the browser guards its bytes). */
  function shippedBundle(api) {
    if (!shipped) {
      shipped = fetch(api.runtime.getURL("data/bundle.json"))
        .then((response) => response.json())
        .then(validateBundle);
      shipped.catch(() => {
        shipped = null;
      });
    }
    return shipped;
  }

  /** Keys a remote bundle may be signed with: the maintainers' (shipped in
   *  data/keys.json) and those the person or their organisation added. */
  async function trustedKeys(api, added) {
    if (!maintainers) {
      maintainers = fetch(api.runtime.getURL("data/keys.json"))
        .then((response) => response.json())
        .then((listed) => listed.maintainers.map((k) => k.key));
      maintainers.catch(() => {
        maintainers = null;
      });
    }
    return [...(await maintainers), ...added];
  }

  /**
   * The bundle in `body` (text) if `signatureText` is a trusted key's signature of
   * exactly its bytes and the data is valid; throws with the one-line reason.
   * Returns {bundle, signed}.
   */
  async function openSigned(body, signatureText, keys, options) {
    const signed = await root.optout.signature.verifySignature(
      new TextEncoder().encode(body),
      signatureText,
      keys,
      options,
    );
    let bundle;
    try {
      bundle = JSON.parse(body);
    } catch (_) {
      throw new Error("the signed bundle is not JSON");
    }
    if (!bundle || bundle.data_version !== signed.dataVersion)
      throw new Error("the bundle's data version is not the signed one");
    return { bundle: validateBundle(bundle), signed };
  }

  /**
   * The server's data in storage, verified again here against the keys trusted now:
   * {bundle, signed, body, signature, etag}, or null when there is none or it is unsigned, altered,
   * signed by a key no longer trusted, or older than the shipped snapshot. An expired
   * signature still counts here (that data was taken while valid, and beats older
   * data); freshness() says it is old.
   */
  async function storedBundle(api) {
    const { store, settings } = root.optout;
    const stored = await store.get(api, KEY);
    if (!stored || !isText(stored.body) || !isText(stored.signature)) return null;
    const keys = await trustedKeys(api, (await settings(api)).trustedKeys);
    const same =
      verified &&
      verified.body === stored.body &&
      verified.signature === stored.signature &&
      verified.keys === keys.join("\n");
    if (!same) {
      let opened = null;
      try {
        opened = await openSigned(stored.body, stored.signature, keys, {
          acceptExpired: true,
        });
      } catch (_) {
        /* not usable: the shipped snapshot is used instead */
      }
      verified = { ...stored, keys: keys.join("\n"), opened };
    }
    const { opened } = verified;
    if (!opened) return null;
    const snapshot = await shippedBundle(api);
    if (Date.parse(opened.signed.signedAt) < dayStart(snapshot.data_date)) return null;
    const etag = isText(stored.etag) ? stored.etag : null;
    return { ...opened, body: stored.body, signature: stored.signature, etag };
  }

  /** The data in use: the server's verified copy if there is one, else the snapshot
   *  shipped inside the extension. */
  async function currentBundle(api) {
    const stored = await storedBundle(api);
    return stored ? stored.bundle : shippedBundle(api);
  }

  /**
   * How fresh the data in use is: {source: "server" | "shipped", since, until, old}.
   * Server data is fresh until its signature expires; the snapshot for
   * SHIPPED_FRESH_DAYS after its data date. `old` once that moment has passed, so a
   * server that answers "not modified" for ever, or keeps serving an old signature,
   * does not leave people on old data in silence.
   */
  async function freshness(api, now = Date.now()) {
    const stored = await storedBundle(api);
    if (stored) {
      const { signedAt, expires } = stored.signed;
      return {
        source: "server",
        since: signedAt,
        until: expires,
        old: now >= Date.parse(expires),
      };
    }
    const { data_date: day } = await shippedBundle(api);
    const until = new Date(dayStart(day) + SHIPPED_FRESH_DAYS * DAY_MS).toISOString();
    return { source: "shipped", since: day, until, old: now >= Date.parse(until) };
  }

  /**
   * Data a server sent stays in use only while the key that signed it is trusted:
   * once a release or the person removes that key, its data and the rollback state,
   * which belonged to that key, are forgotten, so the shipped snapshot is used again
   * and a new key starts afresh (README: key rotation). Returns true when it did.
   */
  async function dropUntrusted(api, addedKeys = []) {
    const { store, signature } = root.optout;
    const signed = await store.get(api, SIGNED);
    if (!signed || !signed.key) return false;
    const fingerprints = await Promise.all(
      (await trustedKeys(api, addedKeys)).map((key) =>
        Promise.resolve()
          .then(() => signature.fingerprint(signature.parseKey(key)))
          .catch(() => null),
      ),
    );
    if (fingerprints.includes(signed.key)) return false;
    await store.set(api, { [KEY]: null, [SIGNED]: null });
    return true;
  }

  /** A response's bytes, refusing more than `limit` (declared or actual). */
  async function readLimited(response, limit, what) {
    if (Number(response.headers.get("Content-Length") || 0) > limit)
      throw new Error(`${what} too large`);
    // Read as it arrives and stop at the limit: fetch inflates gzip on the way, so a
    // small compressed body (a gzip bomb) is cut off at `limit` bytes of output
    // instead of being inflated whole into memory.
    const reader = response.body.getReader();
    const parts = [];
    let size = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.length;
      if (size > limit) {
        await reader.cancel();
        throw new Error(`${what} too large`);
      }
      parts.push(value);
    }
    const bytes = new Uint8Array(size);
    parts.reduce((at, part) => (bytes.set(part, at), at + part.length), 0);
    return bytes;
  }

  /** Throw unless `signed` may follow the data used so far: no lower sequence than the
   *  last one taken (no rollback), and nothing older than the shipped snapshot (so a
   *  fresh install has a floor too). */
  async function checkNotOlder(api, signed) {
    const last = await root.optout.store.get(api, SIGNED);
    if (
      last &&
      (signed.sequence < last.sequence ||
        (signed.sequence === last.sequence && signed.dataVersion !== last.dataVersion))
    ) {
      throw new Error(
        `older data refused (sequence ${signed.sequence}, last used ${last.sequence})`,
      );
    }
    const { data_date: day } = await shippedBundle(api);
    if (Date.parse(signed.signedAt) < dayStart(day)) {
      throw new Error(
        `older data refused (signed ${signed.signedAt}, before this extension's own data of ${day})`,
      );
    }
  }

  /**
   * Fetch the server's bundle if it changed (If-None-Match) and its signature; use it
   * only if a trusted key signed exactly these bytes, the signature has not expired,
   * nothing newer was used before (checkNotOlder) and the data is valid. A "not
   * modified" answer still takes a newer signature of the same bytes (a server
   * re-signs before expiry). Any failure leaves the stored copy as it was. Returns
   * {status, dataVersion}.
   */
  async function refresh(api, serverUrl, addedKeys = []) {
    if (!root.optout.serverAllowed(serverUrl)) {
      throw new Error("the server must use https (plain http only on this computer)");
    }
    const { store } = root.optout;
    const stored = await storedBundle(api);
    const current = stored ? stored.bundle : await shippedBundle(api);
    const keys = await trustedKeys(api, addedKeys);
    const base = serverUrl.replace(/\/+$/, "");
    const options = { cache: "no-store", credentials: "omit", redirect: "error" };
    // The server's own ETag when it gave one (a static host's differs from the data
    // version the Flask server uses), else the data version.
    const etag = (stored && stored.etag) || `"${current.data_version}"`;
    const response = await fetch(`${base}/v1/bundle`, {
      ...options,
      headers: { "If-None-Match": etag },
    });
    if (response.status !== 304 && !response.ok)
      throw new Error(`server answered ${response.status}`);
    const body =
      response.status === 304
        ? null
        : new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(
            await readLimited(response, MAX_BYTES, "bundle"),
          );
    if (body === null && !stored)
      return { status: "current", dataVersion: current.data_version };
    const answer = await fetch(`${base}/v1/bundle.sig`, options);
    if (!answer.ok)
      throw new Error(`the bundle is not signed (server answered ${answer.status})`);
    const signature = new TextDecoder().decode(
      await readLimited(answer, MAX_SIGNATURE_BYTES, "signature"),
    );
    if (body === null && signature === stored.signature)
      return { status: "current", dataVersion: current.data_version };
    const text = body ?? stored.body;
    const opened = await openSigned(text, signature, keys);
    await checkNotOlder(api, opened.signed);
    await store.set(api, {
      [KEY]: {
        body: text,
        signature,
        etag: body === null ? etag : response.headers.get("ETag") || null,
      },
      [SIGNED]: opened.signed,
    });
    const version = opened.bundle.data_version;
    return {
      status: version === current.data_version ? "current" : "updated",
      dataVersion: version,
    };
  }

  root.optout = Object.assign(root.optout || {}, {
    validateBundle,
    currentBundle,
    freshness,
    dropUntrusted,
    refresh,
  });
  if (typeof module !== "undefined") module.exports = { validateBundle };
})(globalThis);
