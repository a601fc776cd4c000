// Only the background writes storage (lib/store.js): two extension pages changing
// different accounts and different profile fields at the same time both keep their
// changes, and a page showing the checklist redraws with what the other one changed.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";

import { EXTENSION, start, unfold } from "./harness.mjs";

let browser;
let base;

before(async () => {
  browser = await start();
  base = `chrome-extension://${new URL(browser.worker.url()).host}`;
});
after(async () => {
  await browser?.close();
});

const stored = async (key) =>
  (await browser.worker.evaluate((k) => chrome.storage.local.get(k), key))[key];

async function trackerPage() {
  const page = await browser.context.newPage();
  await page.goto(`${base}/tracker/tracker.html`);
  await page.waitForSelector("html[data-ready]");
  return page;
}

/** In an extension page: rename account `id` `times` times, each through the background. */
function rename([id, name, times]) {
  const { api, store, messages, tracker, currentBundle } = globalThis.optout;
  return (async () => {
    const bundle = await currentBundle(api);
    let account = (await tracker.loadAccounts(api, bundle)).find((a) => a.id === id);
    for (let i = 1; i <= times; i++) {
      const accounts = await store.request(api, messages.STORE_UPDATE_ACCOUNT, {
        account: { ...account, label: `${name} ${i}` },
      });
      account = accounts.find((a) => a.id === id);
    }
    return account.label;
  })();
}

test("two pages updating different accounts at once: both updates land", async () => {
  const [one, two] = [await trackerPage(), await trackerPage()];
  const labels = await Promise.all([
    one.evaluate(rename, ["instagram", "Instagram", 25]),
    two.evaluate(rename, ["facebook", "Facebook", 25]),
  ]);
  assert.deepEqual(labels, ["Instagram 25", "Facebook 25"]);
  assert.deepEqual(
    (await stored("accounts")).map((a) => a.label),
    ["Instagram 25", "Facebook 25"],
  );
  // Each page redraws with the other's change (storage.onChanged through store.watch).
  await one.waitForSelector(
    'article[data-account="facebook"] .label:text-is("Facebook 25")',
  );
  await two.waitForSelector(
    'article[data-account="instagram"] .label:text-is("Instagram 25")',
  );
  await one.close();
  await two.close();
});

/** The popup past its first-run question (a person living in DE), sections unfolded. */
async function popupPage() {
  await browser.worker.evaluate(() =>
    chrome.storage.local.set({ profile: { country: "DE" } }),
  );
  const popup = await browser.context.newPage();
  await popup.goto(`${base}/popup/popup.html`);
  await popup.waitForSelector("html[data-ready]");
  await unfold(popup);
  return popup;
}

test("the popup and the checklist change different parts of the profile at once: both kept", async () => {
  const popup = await popupPage();
  const list = await trackerPage();
  const until = async (done) => {
    for (let i = 0; i < 50 && !done(await stored("profile")); i++)
      await new Promise((r) => setTimeout(r, 100));
    return stored("profile");
  };
  // The popup's first change stores what differs from the stored profile ...
  await popup.fill("#email", "ana@example.org");
  assert.equal((await until((p) => p && p.email)).country, "DE");
  // ... then only what changes in it, so the checklist's country, set meanwhile, stays.
  await Promise.all([
    popup.fill("#personal", "I am a photographer."),
    list.selectOption("#country", "FR"),
  ]);
  await popup.fill("#name", "Ana");
  const profile = await until(
    (p) => p.country === "FR" && p.name === "Ana" && p.personal,
  );
  assert.deepEqual(profile, {
    country: "FR",
    language: "en",
    email: "ana@example.org",
    name: "Ana",
    arguments: [],
    personal: "I am a photographer.",
  });
  await popup.close();
  await list.close();
});

test("a refused change comes back as a typed error and stores nothing", async () => {
  const page = await trackerPage();
  const before_ = await stored("accounts");
  const error = await page.evaluate(async () => {
    const { api, store, messages } = globalThis.optout;
    try {
      await store.request(api, messages.STORE_UPDATE_ACCOUNT, {
        account: { id: "instagram", platform: "myspace" },
      });
      return null;
    } catch (e) {
      return { name: e.name, code: e.code, message: e.message };
    }
  });
  assert.equal(error.name, "StoreError");
  assert.equal(error.code, "InvalidValue");
  assert.match(error.message, /accounts\[0\]\.platform is not a known platform/);
  assert.deepEqual(await stored("accounts"), before_);
  await page.close();
});

test("with no server data stored, a page uses the shipped snapshot (and stores nothing)", async () => {
  await browser.worker.evaluate(() => chrome.storage.local.remove("bundle"));
  const page = await popupPage();
  const shipped = JSON.parse(
    fs.readFileSync(path.join(EXTENSION, "data", "bundle.json"), "utf8"),
  );
  assert.equal(await stored("bundle"), undefined);
  assert.equal(
    await page.getAttribute("#data-version", "data-version"),
    shipped.data_version,
  );
  await page.close();
});
