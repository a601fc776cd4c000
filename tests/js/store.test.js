// lib/store.js without a browser: the keys and their defaults, typed messages with
// typed answers, and one queue per key, so updates sent at the same time all land.
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");

require("../../extension/lib/messages.js");
const store = require("../../extension/lib/store.js");
const tracker = require("../../extension/lib/tracker.js");

const root = path.join(__dirname, "..", "..");
const bundle = JSON.parse(
  fs.readFileSync(path.join(root, "extension/data/bundle.json"), "utf8"),
);
const { messages } = globalThis.optout;
globalThis.optout.tracker = tracker;
globalThis.optout.currentBundle = async () => bundle;

/** storage.local in memory; every read and write takes a turn of the event loop, as a
 *  browser's do, so unqueued read-modify-writes interleave. */
function fakeApi() {
  const data = {};
  const later = (value) =>
    new Promise((resolve) => setTimeout(() => resolve(value), 1));
  const copy = (value) =>
    value === undefined ? undefined : JSON.parse(JSON.stringify(value));
  return {
    data,
    runtime: { id: "optout", getURL: (p) => `chrome-extension://optout/${p}` },
    storage: {
      local: {
        get: (keys) =>
          later(
            Object.fromEntries(
              []
                .concat(keys)
                .filter((k) => k in data)
                .map((k) => [k, copy(data[k])]),
            ),
          ),
        set: (values) => later(Object.assign(data, copy(values))),
      },
      managed: { get: () => Promise.reject(new Error("no policy")) },
      onChanged: { addListener() {} },
    },
  };
}

const PAGE = { id: "optout", url: "chrome-extension://optout/tracker/tracker.html" };
const CONTENT_SCRIPT = {
  id: "optout",
  url: "https://www.instagram.com/",
  tab: { id: 1 },
};

test("a page cannot write: only the background, once it serves", async () => {
  const api = fakeApi();
  await assert.rejects(store.set(api, { profile: { country: "DE" } }), {
    code: "NotBackground",
  });
  assert.deepEqual(api.data, {});
});

test("every key has a default; an unknown key is an error", async () => {
  const api = fakeApi();
  assert.deepEqual(
    await store.getMany(api, ["profile", "accounts", "settings", "bundle"]),
    { profile: {}, accounts: null, settings: {}, bundle: null },
  );
  (await store.get(api, "profile")).country = "XX"; // a copy: the default stays empty
  assert.deepEqual(await store.get(api, "profile"), {});
  await assert.rejects(store.get(api, "profiles"), {
    code: "UnknownKey",
    message: /known: profile, view, accounts/,
  });
  assert.deepEqual(await store.managed(api, ["serverUrl"]), {});
});

test("the unqueued read-modify-write this replaces loses an update (the fake storage races)", async () => {
  const api = fakeApi();
  const naive = async (id, label) => {
    const accounts =
      (await api.storage.local.get("accounts")).accounts ||
      tracker.defaultAccounts(bundle);
    await api.storage.local.set({
      accounts: accounts.map((a) => (a.id === id ? { ...a, label } : a)),
    });
  };
  await Promise.all([naive("instagram", "A"), naive("facebook", "B")]);
  const labels = api.data.accounts.map((a) => a.label);
  assert.ok(!(labels.includes("A") && labels.includes("B")), labels.join());
});

test("two pages updating different accounts and profile fields at once: every update lands", async () => {
  const api = fakeApi();
  const answer = store.serve(api);
  const ask = async (type, args, sender = PAGE) => {
    const reply = await answer({ ...args, type }, sender);
    assert.equal(reply.ok, true, JSON.stringify(reply));
    return reply.value;
  };
  const [instagram, facebook] = tracker.defaultAccounts(bundle);
  const sent = [];
  for (let i = 1; i <= 20; i++) {
    sent.push(
      ask(messages.STORE_UPDATE_ACCOUNT, {
        account: { ...instagram, label: `Instagram ${i}` },
      }),
    );
    sent.push(
      ask(messages.STORE_UPDATE_ACCOUNT, {
        account: { ...facebook, label: `Facebook ${i}` },
      }),
    );
  }
  sent.push(ask(messages.STORE_UPDATE_PROFILE, { changes: { country: "IT" } }));
  sent.push(
    ask(messages.STORE_UPDATE_PROFILE, {
      changes: { personal: "Sono fotografa.", arguments: ["no-way-back"] },
    }),
  );
  sent.push(ask(messages.STORE_ADD_ACCOUNT, { platform: "instagram", label: "Work" }));
  sent.push(ask(messages.STORE_ADD_ACCOUNT, { platform: "facebook", label: "Shop" }));
  await Promise.all(sent);
  // In the order sent: the last label of each, and both new accounts with their own ids.
  assert.deepEqual(
    api.data.accounts.map((a) => a.label),
    ["Instagram 20", "Facebook 20", "Work", "Shop"],
  );
  assert.equal(new Set(api.data.accounts.map((a) => a.id)).size, 4);
  assert.deepEqual(api.data.profile, {
    country: "IT",
    personal: "Sono fotografa.",
    arguments: ["no-way-back"],
  });

  // The background's own changes (a form page's report) queue with the pages'.
  await Promise.all([
    store.updateAccounts(api, (accounts) =>
      accounts.map((a) =>
        a.id === "instagram" ? { ...a, state: "error", history: [] } : a,
      ),
    ),
    ask(messages.STORE_UPDATE_ACCOUNT, { account: { ...facebook, label: "Facebook" } }),
    ask(messages.STORE_REMOVE_ACCOUNT, { id: api.data.accounts[2].id }),
  ]);
  assert.deepEqual(
    api.data.accounts.map((a) => [a.label, a.state]),
    [
      ["Instagram 20", "error"],
      ["Facebook", "not-started"],
      ["Shop", "not-started"],
    ],
  );

  const settings = await ask(messages.STORE_UPDATE_SETTINGS, {
    changes: { updates: false },
  });
  assert.deepEqual(settings, { updates: false });
  const imported = await ask(messages.STORE_IMPORT_ACCOUNTS, {
    data: tracker.exportData([{ ...instagram, label: "Back" }], "2026-05-01T10:00:00Z"),
  });
  assert.equal(imported.imported, 1);
  assert.equal(imported.accounts[0].label, "Back");
});

test("bad requests get typed errors, and nothing is stored from them", async () => {
  const api = fakeApi();
  const answer = store.serve(api);
  const refused = async (message, code, pattern, sender = PAGE) => {
    const reply = await answer(message, sender);
    assert.equal(reply.ok, false);
    assert.equal(reply.error.code, code, reply.error.message);
    assert.match(reply.error.message, pattern);
  };
  const [instagram] = tracker.defaultAccounts(bundle);
  await refused(
    { type: messages.STORE_UPDATE_PROFILE, changes: { email: "a@b.c" } },
    "Forbidden",
    /own pages/,
    CONTENT_SCRIPT,
  );
  await refused(
    { type: messages.STORE_UPDATE_PROFILE, changes: { colour: "red" } },
    "InvalidValue",
    /changes\.colour is not one of country/,
  );
  await refused(
    { type: messages.STORE_UPDATE_PROFILE, changes: { arguments: "x" } },
    "InvalidValue",
    /arguments must be a list/,
  );
  await refused(
    { type: messages.STORE_UPDATE_PROFILE },
    "InvalidValue",
    /needs changes/,
  );
  await refused(
    { type: messages.STORE_UPDATE_PROFILE, changes: {}, extra: 1 },
    "InvalidValue",
    /takes no extra/,
  );
  await refused(
    { type: messages.STORE_UPDATE_ACCOUNT, account: { ...instagram, id: "nobody" } },
    "NotFound",
    /no account "nobody"/,
  );
  await refused(
    { type: messages.STORE_UPDATE_ACCOUNT, account: { ...instagram, state: "done" } },
    "InvalidValue",
    /state must be one of/,
  );
  await refused(
    { type: messages.STORE_ADD_ACCOUNT, platform: "myspace", label: "x" },
    "InvalidValue",
    /short lower-case id|not a known platform/,
  );
  await refused(
    { type: messages.STORE_IMPORT_ACCOUNTS, data: [] },
    "InvalidValue",
    /not an optout receipts file/,
  );
  await refused(
    { type: messages.STORE_UPDATE_SETTINGS, changes: { updates: "no" } },
    "InvalidValue",
    /true or false/,
  );
  assert.deepEqual(api.data, {});
  assert.equal(answer({ type: messages.GET_PAGE_HINTS }, PAGE), null); // not the store's: background.js answers
  // The caller's helper turns a refusal back into an Error with the code.
  await assert.rejects(
    store.request(api, messages.STORE_REMOVE_ACCOUNT, { id: "Not An Id" }),
    (error) =>
      error instanceof store.StoreError &&
      error.code === "InvalidValue" &&
      /id must be/.test(error.message),
  );
});

test("only lib/store.js touches the storage API, and content scripts never load it", () => {
  const walk = (dir) =>
    fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
      const file = path.join(dir, entry.name);
      return entry.isDirectory() ? walk(file) : [file];
    });
  const extension = path.join(root, "extension");
  const touching = walk(extension)
    .filter((f) => f.endsWith(".js") && !f.includes(`${path.sep}vendor${path.sep}`))
    .filter((f) =>
      /\bstorage\s*\.\s*(local|managed|sync|session|onChanged)\b/.test(
        fs.readFileSync(f, "utf8").replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, ""),
      ),
    ) // comments may name storage.local
    .map((f) => path.relative(extension, f));
  assert.deepEqual(touching, [path.join("lib", "store.js")]);
  const { content } = JSON.parse(
    fs.readFileSync(path.join(extension, "scripts.json"), "utf8"),
  );
  assert.ok(!content.includes("lib/store.js"));
});
