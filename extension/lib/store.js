/*
 * Every key this extension keeps in storage, with its default, and every change to
 * them. Pages and the background read directly (`get`); only the background writes:
 * a page asks it with a typed message (`request`, a name per operation from
 * lib/messages.js), and the background runs each change in one queue per key, so two
 * pages writing at once never lose an update. Content scripts never load this file;
 * their one report that changes storage is FORM_PROGRESS, which background.js checks.
 */
(function (root) {
  "use strict";

  /** The keys of storage.local, each with the value `get` gives while none is stored. */
  const KEYS = Object.freeze({
    /** The person's choices (README: country, language, email, name, arguments,
     *  personal). They never leave the browser. */
    profile: {},
    /** The popup's own view state ({platform}), kept apart from the profile. */
    view: {},
    /** The checklist (lib/tracker.js); null until first changed, when the pages show
     *  tracker.defaultAccounts(bundle). */
    accounts: null,
    /** The person's own settings, merged over lib/defaults.js (which lists them). */
    settings: {},
    /** The last refresh: {at, status, dataVersion?, reason?}. */
    lastRefresh: null,
    /** The hint server's data exactly as signed, {body, signature, etag}; lib/bundle.js
     *  verifies it again wherever it is read, and uses the shipped snapshot if not. */
    bundle: null,
    /** The signature record of the remote data last used (no rollback below it). */
    bundleSignature: null,
  });

  /** Every error the store reports: `code` says which, `message` what to fix. */
  class StoreError extends Error {
    constructor(code, message) {
      super(message);
      this.name = "StoreError";
      this.code = code;
    }
  }

  function known(key) {
    if (!Object.prototype.hasOwnProperty.call(KEYS, key)) {
      throw new StoreError(
        "UnknownKey",
        `no storage key ${JSON.stringify(key)}; known: ${Object.keys(KEYS).join(", ")}`,
      );
    }
    return key;
  }

  const fallback = (key) =>
    KEYS[key] === null ? null : JSON.parse(JSON.stringify(KEYS[key]));

  /** The values stored under `keys`, each key's default where nothing is stored. */
  async function getMany(api, keys) {
    keys.forEach(known);
    const stored = await api.storage.local.get(keys);
    return Object.fromEntries(
      keys.map((k) => [k, stored[k] === undefined ? fallback(k) : stored[k]]),
    );
  }

  /** The value stored under `key`, or its default. */
  async function get(api, key) {
    return (await getMany(api, [key]))[key];
  }

  /** What an organisation fixed through managed storage (browser policy) of `keys`, or {}. */
  async function managed(api, keys) {
    try {
      return await api.storage.managed.get(keys);
    } catch (_) {
      return {}; // No policy installed (Firefox throws when there is no managed manifest).
    }
  }

  /** Call `listener(newValue)` whenever `key` changes in storage.local. */
  function watch(api, key, listener) {
    known(key);
    api.storage.onChanged.addListener((changes, area) => {
      if (area === "local" && changes[key]) listener(changes[key].newValue);
    });
  }

  // --- Writing: the background only -------------------------------------------------

  let serving = false; // true in the background once serve() ran
  const queues = new Map(); // key → the promise of its last change

  /**
   * Run `change(current)` once every earlier change of `keys` has finished, and store
   * the values it returns (a subset of `keys`; a value identical to the current one is
   * not written again). Resolves to all of `keys`' values afterwards.
   */
  function transact(api, keys, change) {
    if (!serving) {
      return Promise.reject(
        new StoreError(
          "NotBackground",
          "only the background writes storage; send it a STORE_ message",
        ),
      );
    }
    keys.forEach(known);
    const earlier = keys
      .map((k) => queues.get(k))
      .filter(Boolean)
      .map((p) => p.catch(() => {}));
    const run = Promise.all(earlier).then(async () => {
      const current = await getMany(api, keys);
      const next = await change(current);
      const written = {};
      for (const [key, value] of Object.entries(next)) {
        if (!keys.includes(key))
          throw new StoreError(
            "UnknownKey",
            `a change of ${keys.join(", ")} wrote ${key}`,
          );
        if (!Object.is(value, current[key])) written[key] = value;
      }
      if (Object.keys(written).length) await api.storage.local.set(written);
      return { ...current, ...next };
    });
    for (const key of keys) queues.set(key, run);
    return run;
  }

  /** Change one key: `change(current)` returns the new value (the same one: no write). */
  async function update(api, key, change) {
    return (
      await transact(api, [key], async (current) => ({
        [key]: await change(current[key]),
      }))
    )[key];
  }

  /** Store `values` as they are, each after the earlier changes of its key. */
  function set(api, values) {
    return transact(api, Object.keys(values), () => values);
  }

  /** Change the checklist: `change(accounts)` gets the stored list (or the default one)
   *  and returns the new list; returning the same list writes nothing. */
  function updateAccounts(api, change) {
    return update(api, "accounts", async (stored) => {
      const { tracker, currentBundle } = root.optout;
      const bundle = await currentBundle(api);
      const accounts = Array.isArray(stored) ? stored : tracker.defaultAccounts(bundle);
      const next = await change(accounts, bundle);
      return next === accounts ? stored : next;
    });
  }

  // --- The operations pages ask for -------------------------------------------------

  const invalid = (message) => new StoreError("InvalidValue", message);
  const isObject = (value) =>
    value !== null && typeof value === "object" && !Array.isArray(value);
  const text = (max) => (value, where) => {
    if (typeof value !== "string" || value.length > max)
      throw invalid(`${where} must be a text of up to ${max} characters`);
  };
  const flag = (value, where) => {
    if (typeof value !== "boolean") throw invalid(`${where} must be true or false`);
  };
  const id = (value, where) => {
    if (typeof value !== "string" || !/^[a-z0-9-]{1,60}$/.test(value))
      throw invalid(`${where} must be a short lower-case id`);
  };
  const plain = (value, where) => {
    if (!isObject(value)) throw invalid(`${where} must be an object`);
  };

  /** A check that `value` is an object with only `fields` (each optional), each checked. */
  const changes = (fields) => (value, where) => {
    plain(value, where);
    for (const [key, item] of Object.entries(value)) {
      if (!fields[key])
        throw invalid(
          `${where}.${key} is not one of ${Object.keys(fields).join(", ")}`,
        );
      fields[key](item, `${where}.${key}`);
    }
  };

  const PROFILE_FIELDS = {
    country: text(16),
    language: text(35),
    email: text(320),
    personal: text(200000),
    name: (value, where) => (value === null ? undefined : text(200)(value, where)),
    arguments: (value, where) => {
      if (!Array.isArray(value) || value.length > 100)
        throw invalid(`${where} must be a list of argument ids`);
      value.forEach((item, i) => id(item, `${where}[${i}]`));
    },
  };
  const SETTINGS_FIELDS = { serverUrl: text(2000), updates: flag, keepSentText: flag };

  /** The key as the person pasted it, if it is an Ed25519 public key (lib/signature.js). */
  function publicKey(value, where) {
    text(200)(value, where);
    try {
      root.optout.signature.parseKey(value);
    } catch (error) {
      throw invalid(`${where} is not a public key: ${error.message}`);
    }
  }

  /** A unique id for a new account. */
  function newAccountId(accounts) {
    const base = `account-${Date.now().toString(36)}`;
    let candidate = base;
    for (let n = 2; accounts.some((a) => a.id === candidate); n++)
      candidate = `${base}-${n}`;
    return candidate;
  }

  /**
   * Message type → the fields it takes (each required unless in `optional`) and what
   * the background does; `run` must reach `transact` before its first await, so
   * changes run in the order the messages came. Each answers {ok: true, value}.
   */
  function operations(messages) {
    return {
      /** `{changes: {country?, language?, email?, name?, arguments?, personal?}}` → the profile */
      [messages.STORE_UPDATE_PROFILE]: {
        fields: { changes: changes(PROFILE_FIELDS) },
        run: (api, { changes: fields }) =>
          update(api, "profile", (profile) => ({ ...profile, ...fields })),
      },
      /** `{view: {platform}}` → the popup's view state */
      [messages.STORE_SET_VIEW]: {
        fields: { view: changes({ platform: id }) },
        run: (api, { view }) => set(api, { view }).then((values) => values.view),
      },
      /** `{account}`: replaces the stored account with that id → the accounts */
      [messages.STORE_UPDATE_ACCOUNT]: {
        fields: { account: plain },
        run: (api, { account }) =>
          updateAccounts(api, async (accounts, bundle) => {
            const index = accounts.findIndex((a) => a.id === account.id);
            if (index < 0)
              throw new StoreError(
                "NotFound",
                `there is no account ${JSON.stringify(account.id)} (removed meanwhile?)`,
              );
            await root.optout.tracker.checkAccount(bundle, account, index);
            return accounts.map((a, i) => (i === index ? account : a));
          }),
      },
      /** `{platform, label}`: a new account, not started → the accounts */
      [messages.STORE_ADD_ACCOUNT]: {
        fields: { platform: id, label: text(200) },
        run: (api, { platform, label }) =>
          updateAccounts(api, async (accounts, bundle) => {
            const account = {
              id: newAccountId(accounts),
              platform,
              label,
              state: "not-started",
              history: [],
            };
            await root.optout.tracker.checkAccount(bundle, account, accounts.length);
            return [...accounts, account];
          }),
      },
      /** `{id}` → the accounts without it (removing one that is gone changes nothing) */
      [messages.STORE_REMOVE_ACCOUNT]: {
        fields: { id },
        run: (api, { id: gone }) =>
          updateAccounts(api, (accounts) =>
            accounts.some((a) => a.id === gone)
              ? accounts.filter((a) => a.id !== gone)
              : accounts,
          ),
      },
      /** `{data}`: an exported receipts file, checked field by field; its accounts
       *  replace those with the same id → `{accounts, imported}` (how many) */
      [messages.STORE_IMPORT_ACCOUNTS]: {
        fields: { data: () => {} }, // any JSON: importData says what is wrong with it
        run: (api, { data }) => {
          let imported = [];
          return updateAccounts(api, async (accounts, bundle) => {
            imported = await root.optout.tracker.importData(bundle, data);
            return root.optout.tracker.mergeAccounts(accounts, imported);
          }).then((accounts) => ({ accounts, imported: imported.length }));
        },
      },
      /** `{changes: {serverUrl?, updates?, keepSentText?}}` → the person's settings */
      [messages.STORE_UPDATE_SETTINGS]: {
        fields: { changes: changes(SETTINGS_FIELDS) },
        run: (api, { changes: fields }) =>
          update(api, "settings", (settings) => ({ ...settings, ...fields })),
      },
      /** `{key}`: trust this public key too → the person's settings */
      [messages.STORE_ADD_TRUSTED_KEY]: {
        fields: { key: publicKey },
        run: (api, { key }) =>
          update(api, "settings", (settings) => {
            const keys = settings.trustedKeys || [];
            return keys.includes(key)
              ? settings
              : { ...settings, trustedKeys: [...keys, key] };
          }),
      },
      /** `{key}`: no longer trust this key → the person's settings */
      [messages.STORE_REMOVE_TRUSTED_KEY]: {
        fields: { key: text(200) },
        run: (api, { key }) =>
          update(api, "settings", (settings) => ({
            ...settings,
            trustedKeys: (settings.trustedKeys || []).filter((k) => k !== key),
          })),
      },
    };
  }

  function checkMessage(operation, message) {
    const args = {};
    for (const [key, value] of Object.entries(message)) {
      if (key === "type") continue;
      if (!operation.fields[key]) throw invalid(`${message.type} takes no ${key}`);
      operation.fields[key](value, key);
      args[key] = value;
    }
    const missing = Object.keys(operation.fields).filter((key) => !(key in args));
    if (missing.length) throw invalid(`${message.type} needs ${missing.join(", ")}`);
    return args;
  }

  /** Whether `sender` is one of this extension's own pages (not a content script). */
  function fromExtensionPage(api, sender) {
    return (
      sender.id === api.runtime.id &&
      typeof sender.url === "string" &&
      sender.url.startsWith(api.runtime.getURL(""))
    );
  }

  let table = null;

  /** The reply to a store message, or null when `message` is not one. `sender` null: the background itself. */
  function answer(api, message, sender) {
    const operation =
      message &&
      typeof message.type === "string" &&
      Object.prototype.hasOwnProperty.call(table, message.type)
        ? table[message.type]
        : null;
    if (!operation) return null;
    let pending;
    try {
      if (sender && !fromExtensionPage(api, sender)) {
        throw new StoreError(
          "Forbidden",
          "only the extension's own pages change what it stores",
        );
      }
      pending = operation.run(api, checkMessage(operation, message)); // synchronously queued
    } catch (error) {
      pending = Promise.reject(error);
    }
    return pending.then(
      (value) => ({ ok: true, value }),
      (error) => ({
        ok: false,
        error: {
          code: String(error.code || error.name || "Error"),
          message: String(error.message || error),
        },
      }),
    );
  }

  /** Make this context (the background) the one writer; returns answer(message, sender). */
  function serve(api) {
    serving = true;
    table = operations(root.optout.messages);
    return (message, sender) => answer(api, message, sender);
  }

  /**
   * Keep storage.local for the extension's pages and its worker: content scripts (the
   * part that runs beside Meta's pages) ask by message instead. Chrome enforces it;
   * Firefox offers it only for storage.session, so there it stays a rule of this
   * code (the test that only this file touches storage).
   */
  function restrictToExtension(api) {
    if (!api.storage.local.setAccessLevel) return;
    api.storage.local
      .setAccessLevel({ accessLevel: "TRUSTED_CONTEXTS" })
      .catch(() => {});
  }

  /** Ask the background for `type` with `args`; its value, or throws its StoreError. */
  async function request(api, type, args = {}) {
    const message = { ...args, type };
    const reply = serving
      ? await answer(api, message, null)
      : await api.runtime.sendMessage(message);
    if (!reply || typeof reply.ok !== "boolean")
      throw new StoreError("NoAnswer", `the background did not answer ${type}`);
    if (!reply.ok) throw new StoreError(reply.error.code, reply.error.message);
    return reply.value;
  }

  const store = {
    KEYS,
    StoreError,
    get,
    getMany,
    managed,
    watch,
    request,
    serve,
    restrictToExtension,
    update,
    set,
    updateAccounts, // the background's
  };
  root.optout = Object.assign(root.optout || {}, { store });
  if (typeof module !== "undefined") module.exports = store;
})(globalThis);
