// Signed data (issue 8): a key added on the options page (shown by fingerprint) lets a
// self-hosted server's signed bundle in; a bad, foreign or older signature never does,
// and the last good data stays.
import assert from "node:assert/strict";
import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { after, before, test } from "node:test";

import {
  answerCors,
  EXTENSION,
  HINT_SERVER_PORT as PORT,
  keyPair,
  refreshFromHintServer,
  sign,
  signatureMoment,
  start,
} from "./harness.mjs";

const snapshot = JSON.parse(
  fs.readFileSync(path.join(EXTENSION, "data", "bundle.json"), "utf8"),
);
let browser;
let optionsUrl;

before(async () => {
  browser = await start();
  optionsUrl = `chrome-extension://${new URL(browser.worker.url()).host}/options/options.html`;
});
after(async () => {
  await browser?.close();
});

/** Serve one bundle body and one signature text as the hint server would. */
async function serving(body, signature, run) {
  const server = http.createServer((req, res) => {
    if (answerCors(req, res)) return;
    res.setHeader("Content-Type", "application/json");
    res.end(req.url.startsWith("/v1/bundle.sig") ? signature : body);
  });
  await new Promise((r) => server.listen(PORT, "127.0.0.1", r));
  try {
    return await run();
  } finally {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  }
}

const refreshNow = () => refreshFromHintServer(browser.worker);
/** The data in use (as every part of the extension loads it) and the rollback floor. */
const stored = () =>
  browser.worker.evaluate(async () => {
    const { bundleSignature } = await chrome.storage.local.get("bundleSignature");
    return {
      version: (await globalThis.optout.currentBundle(chrome)).data_version,
      sequence: bundleSignature?.sequence ?? null,
    };
  });

/** A valid bundle that differs from the snapshot (a self-hoster's wording). */
function variant(words, version) {
  const bundle = structuredClone(snapshot);
  bundle.data_version = version;
  bundle.view.routes["no-route"].summary.en = words;
  return JSON.stringify(bundle);
}

function withFormUrl(url) {
  const bundle = structuredClone(snapshot);
  bundle.data_version = "7".repeat(20);
  bundle.view.routes["instagram-objection-2025"].urls[0].url = url;
  return JSON.stringify(bundle);
}

const ours = keyPair();
const stranger = keyPair();

test("a key is added on the options page, shown by its fingerprint", async () => {
  const page = await browser.context.newPage();
  await page.goto(optionsUrl);
  await page.click("#advanced summary"); // the keys are under "Advanced"
  await page.waitForSelector("#key-list li");
  // The maintainers' key is built in and cannot be removed.
  const shipped = JSON.parse(
    fs.readFileSync(path.join(EXTENSION, "data", "keys.json"), "utf8"),
  ).maintainers[0].key;
  const shippedFp = crypto
    .createHash("sha256")
    .update(Buffer.from(shipped, "base64"))
    .digest("hex");
  assert.equal(
    (await page.textContent("#key-list li code")).replaceAll(" ", ""),
    shippedFp,
  );
  assert.equal(await page.locator("#key-list li button").count(), 0);
  await page.fill("#new-key", "not a key");
  await page.click("#add-key-button");
  await page.waitForSelector("#key-status:has-text('not a public key')");
  await page.fill("#new-key", ours.pub);
  await page.click("#add-key-button");
  await page.waitForSelector("#key-status:has-text('Fingerprint')");
  assert.equal(
    (await page.textContent("#key-status"))
      .replace(/^.*Fingerprint: /, "")
      .replaceAll(" ", ""),
    ours.fingerprint,
  );
  const settings = await browser.worker.evaluate(
    async () => (await chrome.storage.local.get("settings")).settings,
  );
  assert.deepEqual(settings.trustedKeys, [ours.pub]);
  assert.equal(await page.locator("#key-list li").count(), 2);
  await page.close();
});

test("a bundle signed by a trusted key is used", async () => {
  const body = variant("Signed wording one.", "1".repeat(20));
  await serving(body, sign(ours, body, 100), async () => {
    assert.deepEqual(await refreshNow(), {
      status: "updated",
      dataVersion: "1".repeat(20),
    });
  });
  assert.deepEqual(await stored(), { version: "1".repeat(20), sequence: 100 });
});

const older = variant("Older wording.", "2".repeat(20));
const newer = variant("Newer wording.", "3".repeat(20));
const REFUSED = {
  "no signature": [newer, "", /not JSON/],
  "a signature by a key nobody trusted": [
    newer,
    sign(stranger, newer, 200),
    /not trusted/,
  ],
  "a signature of other bytes": [newer, sign(ours, older, 200), /SHA-256 differs/],
  // A leaked key signing at 2^53-1 would outbid every later signature forever.
  "a sequence far in the future": [
    newer,
    sign(ours, newer, Number.MAX_SAFE_INTEGER),
    /too far in the future/,
  ],
  "a forged signature": [
    newer,
    // One character changed; never to itself (a signature starting with "A" would
    // stay valid, as it did once in 64 runs).
    sign(ours, newer, 200).replace(
      /"signature":"(.)/,
      (_, first) => `"signature":"${first === "A" ? "B" : "A"}`,
    ),
    /does not match/,
  ],
  "a signature claiming another data version": [
    newer,
    sign(ours, newer, 200, "9".repeat(20)),
    /does not match|not the signed one/,
  ],
  "an older sequence (rollback)": [older, sign(ours, older, 99), /older data refused/],
  "the same sequence with other data": [
    older,
    sign(ours, older, 100),
    /older data refused/,
  ],
  "an expired signature (a replayed old one)": [
    newer,
    sign(ours, newer, 200, undefined, {
      signedAt: signatureMoment(-100),
      expires: signatureMoment(-10),
    }),
    /expired at/,
  ],
  // A fresh install has no rollback state yet: its own snapshot is the floor.
  "data signed before the shipped snapshot's date": [
    newer,
    sign(ours, newer, 200, undefined, {
      signedAt: new Date(Date.parse(`${snapshot.data_date}T00:00:00Z`) - 1000)
        .toISOString()
        .replace(".000Z", "Z"),
      expires: signatureMoment(30),
    }),
    /before this extension's own data/,
  ],
  "a version 1 signature (no expiry)": [
    newer,
    sign(ours, newer, 200).replace('"version":2', '"version":1'),
    /version 1 has no expiry/,
  ],
  "a signature valid for more than a year": [
    newer,
    sign(ours, newer, 200, undefined, { expires: signatureMoment(400) }),
    /lifetime/,
  ],
  "a signed bundle that is not valid data": [
    JSON.stringify({
      ...snapshot,
      data_version: "4".repeat(20),
      view: { ...snapshot.view, routes: {} },
    }),
    null,
    /bundle.view.routes is missing/,
  ],
  // Even a trusted signer cannot make the extension open these.
  "a signed javascript: form URL": [
    withFormUrl("javascript:alert(1)"),
    null,
    /not an https URL/,
  ],
  "a signed look-alike form host": [
    withFormUrl("https://faceb00k.com/help/contact/767264225370182"),
    null,
    /not one of Meta's hosts/,
  ],
  "a signed look-alike suffix host": [
    withFormUrl("https://facebook.com.evil.test/help/contact/767264225370182"),
    null,
    /not one of Meta's hosts/,
  ],
  "a 50 MB body": [
    JSON.stringify({
      ...snapshot,
      data_version: "6".repeat(20),
      pad: "x".repeat(50e6),
    }),
    "",
    /too large/,
  ],
};

for (const [name, [body, signature, reason]] of Object.entries(REFUSED)) {
  test(`refused, last good data kept: ${name}`, async () => {
    const sig = signature === null ? sign(ours, body, 300) : signature;
    await serving(body, sig, async () => {
      const result = await refreshNow();
      assert.equal(result.status, "failed", JSON.stringify(result));
      assert.match(result.reason, reason);
    });
    assert.deepEqual(await stored(), { version: "1".repeat(20), sequence: 100 });
  });
}

test("a newer signed bundle replaces it; removing the key stops further updates", async () => {
  await serving(newer, sign(ours, newer, 101), async () => {
    assert.equal((await refreshNow()).status, "updated");
  });
  assert.deepEqual(await stored(), { version: "3".repeat(20), sequence: 101 });
  const page = await browser.context.newPage();
  await page.goto(optionsUrl);
  await page.click("#key-list li button");
  await page.waitForFunction(
    () => document.querySelectorAll("#key-list li").length === 1,
  );
  // The data that key signed goes too: the shipped snapshot is back, and the
  // rollback state with it (it belonged to the removed key).
  for (let i = 0; i < 50; i += 1) {
    if ((await stored()).version === snapshot.data_version) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  assert.deepEqual(await stored(), { version: snapshot.data_version, sequence: null });
  const later = variant("Later wording.", "5".repeat(20));
  await serving(later, sign(ours, later, 102), async () => {
    assert.match((await refreshNow()).reason, /not trusted/);
  });
  assert.deepEqual(await stored(), { version: snapshot.data_version, sequence: null });
  await page.close();
});

test("markup in every text of signed data is shown as text, never run", async () => {
  const payload =
    ' <img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>';
  const bundle = structuredClone(snapshot);
  bundle.data_version = "8".repeat(20);
  // Every localized text (names, titles, steps, notes ...) gets the payload; the
  // view's language keys only look like one ({en: "en", ...}) and are not text.
  const taint = (value) => {
    if (value === bundle.view.language_keys) return;
    if (Array.isArray(value)) value.forEach(taint);
    else if (value && typeof value === "object") {
      if (
        typeof value.en === "string" &&
        Object.values(value).every((v) => typeof v === "string")
      ) {
        for (const key of Object.keys(value)) value[key] += payload;
      } else Object.values(value).forEach(taint);
    }
  };
  taint(bundle);
  const body = JSON.stringify(bundle);
  await browser.worker.evaluate(
    (key) =>
      chrome.storage.local.set({
        settings: { trustedKeys: [key] },
        profile: { country: "DE" }, // past the popup's first-run question
      }),
    ours.pub,
  );
  await serving(body, sign(ours, body, 400), async () => {
    assert.equal((await refreshNow()).status, "updated");
  });
  const page = await browser.context.newPage();
  const dialogs = [];
  page.on("dialog", (d) => {
    dialogs.push(d.message());
    d.dismiss();
  });
  await page.goto(optionsUrl.replace("options/options.html", "popup/popup.html"));
  await page.waitForSelector("html[data-ready]");
  await page.click("#choices summary");
  await page.selectOption("#country", "DE");
  await page.selectOption("#platform", "instagram");
  await page.waitForFunction(() =>
    document.querySelector("#route-title").textContent.includes("<img"),
  );
  assert.match(
    await page.textContent("#route-title"),
    /<script>window.__pwned=2<\/script>/,
  );
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  assert.equal(await page.locator("img[src=x], main script").count(), 0);
  assert.deepEqual(dialogs, []);
  await page.close();
});

test("one malformed trusted key (a policy typo) does not stop updates the others sign", async () => {
  const body = variant("Signed despite a typo.", "a".repeat(20));
  await browser.worker.evaluate(
    (key) =>
      chrome.storage.local.set({ settings: { trustedKeys: ["not a key", key] } }),
    ours.pub,
  );
  await serving(body, sign(ours, body, 500), async () => {
    assert.deepEqual(await refreshNow(), {
      status: "updated",
      dataVersion: "a".repeat(20),
    });
  });
});

const storedRecord = () =>
  browser.worker.evaluate(
    async () => (await chrome.storage.local.get("bundle")).bundle,
  );
const storeRecord = (record) =>
  browser.worker.evaluate((r) => chrome.storage.local.set({ bundle: r }), record);

test("stored data is verified again at every load: altered or planted data is not used", async () => {
  await browser.worker.evaluate(
    (key) => chrome.storage.local.set({ settings: { trustedKeys: [key] } }),
    ours.pub,
  );
  const body = variant("Verified at load.", "b".repeat(20));
  await serving(body, sign(ours, body, 600), async () => {
    assert.equal((await refreshNow()).status, "updated");
  });
  assert.equal((await stored()).version, "b".repeat(20));
  const saved = await storedRecord();
  const ATTACKS = {
    // One word changed in the stored bytes (a renderer bug writing storage).
    "altered bytes": (r) => ({
      ...r,
      body: r.body.replace("Verified at load.", "Go to evil.test."),
    }),
    // Data as an earlier version stored it: a parsed bundle, no signature.
    "an unsigned bundle": (r) => JSON.parse(r.body),
    "a signature removed": (r) => ({ ...r, signature: "" }),
    "another data version": (r) => ({
      ...r,
      body: r.body.replaceAll("b".repeat(20), "c".repeat(20)),
    }),
    "a signature by a stranger": (r) => ({
      ...r,
      signature: sign(stranger, r.body, 601),
    }),
  };
  for (const [name, edit] of Object.entries(ATTACKS)) {
    await storeRecord(edit(saved));
    assert.equal((await stored()).version, snapshot.data_version, name);
    await storeRecord(saved);
    assert.equal((await stored()).version, "b".repeat(20), `${name}: restored`);
  }
  // A signature by a key the person no longer trusts is not used either, and once
  // the background notices, that key's data is forgotten.
  await browser.worker.evaluate(() => chrome.storage.local.set({ settings: {} }));
  assert.equal((await stored()).version, snapshot.data_version);
  for (let i = 0; i < 50 && (await storedRecord()); i += 1)
    await new Promise((resolve) => setTimeout(resolve, 100));
  assert.equal(await storedRecord(), null);
});

test("old data is announced in the popup; a re-signed copy behind a 304 makes it fresh again", async () => {
  const popupUrl = optionsUrl.replace("options/options.html", "popup/popup.html");
  const notice = async () => {
    const page = await browser.context.newPage();
    await page.goto(popupUrl);
    await page.waitForSelector("html[data-ready]");
    const text = (await page.isVisible("#data-old"))
      ? await page.textContent("#data-old")
      : null;
    await page.close();
    return text;
  };
  await browser.worker.evaluate(
    (key) =>
      chrome.storage.local.set({
        settings: { trustedKeys: [key] },
        profile: { country: "DE" }, // past the popup's first-run question
      }),
    ours.pub,
  );
  assert.equal(await notice(), null);
  // Data taken while its signature was valid, which has since expired (signed on the
  // shipped snapshot's own date: older data would give way to the snapshot).
  const dayStart = Date.parse(`${snapshot.data_date}T00:00:00Z`);
  while (Date.now() < dayStart + 3000) await new Promise((r) => setTimeout(r, 500));
  const body = variant("Taken long ago.", "d".repeat(20));
  const expired = sign(ours, body, 700, undefined, {
    signedAt: `${snapshot.data_date}T00:00:00Z`,
    expires: signatureMoment(-1 / 86400), // a second ago
  });
  await browser.worker.evaluate(
    (record) => chrome.storage.local.set({ bundle: record }),
    { body, signature: expired, etag: '"frozen"' },
  );
  assert.equal((await stored()).version, "d".repeat(20));
  const shown = new Date(dayStart).toLocaleDateString("en-US", {
    dateStyle: "long",
    timeZone: "UTC",
  });
  assert.match(await notice(), new RegExp(`from ${shown}`));
  // A server that answers "not modified" for ever with the same old signature: still old.
  let signature = expired;
  const server = http.createServer((req, res) => {
    if (answerCors(req, res)) return;
    if (req.url.startsWith("/v1/bundle.sig")) return res.end(signature);
    res.statusCode = req.headers["if-none-match"] === '"frozen"' ? 304 : 500;
    res.end();
  });
  await new Promise((r) => server.listen(PORT, "127.0.0.1", r));
  try {
    assert.equal((await refreshNow()).status, "current");
    assert.notEqual(await notice(), null);
    // The operator re-signs the same bytes: taken even behind the 304.
    signature = sign(ours, body, 701);
    assert.deepEqual(await refreshNow(), {
      status: "current",
      dataVersion: "d".repeat(20),
    });
    assert.deepEqual(await stored(), { version: "d".repeat(20), sequence: 701 });
    assert.equal(await notice(), null);
  } finally {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  }
});
