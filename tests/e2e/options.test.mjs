// The options page: which data is in use, the server address (none by default) checked
// and saved, "Check now" reporting in words, readable at 360 px and in dark mode.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";

import { accessibilityProblems, EXTENSION, start } from "./harness.mjs";

let browser;
let optionsUrl;

/** A day as an en-US page writes it ("December 7, 2026"). */
const longDay = (iso) =>
  new Date(`${iso}T00:00:00Z`).toLocaleDateString("en-US", {
    dateStyle: "long",
    timeZone: "UTC",
  });

before(async () => {
  browser = await start();
  optionsUrl = `chrome-extension://${new URL(browser.worker.url()).host}/options/options.html`;
});
after(async () => {
  await browser?.close();
});

test("by default there is no update source: the built-in data is used and said so", async () => {
  const page = await browser.context.newPage();
  await page.goto(optionsUrl);
  await page.waitForSelector("#data-state:has-text('built into optout')");
  const { data_date: day } = JSON.parse(
    fs.readFileSync(path.join(EXTENSION, "data", "bundle.json"), "utf8"),
  );
  assert.equal(
    await page.textContent("#data-state"),
    `Using the data built into optout, from ${longDay(day)}.`,
  );
  assert.equal(await page.inputValue("#server-url"), "");
  assert.equal(await page.isVisible("#server-url"), false); // folded under Advanced
  // Nothing to check daily or now without a source: no controls that can only fail,
  // and a line saying where newer data comes from.
  assert.equal(await page.isVisible("#updates"), false);
  assert.equal(await page.isVisible("#refresh"), false);
  assert.equal(await page.isVisible("#last-refresh"), false);
  assert.match(
    await page.textContent("#built-in-updates"),
    /each new version of optout/,
  );
  assert.equal(await page.isVisible("#built-in-updates"), true);
  await page.close();
});

test("saves with no server and asks for no permission; a server brings the update controls", async () => {
  const page = await browser.context.newPage();
  await page.goto(optionsUrl);
  await page.waitForSelector("#data-state:not(:empty)");
  await page.uncheck("#keep-sent-text");
  await page.click("#save");
  await page.waitForSelector("#status:has-text('Saved.')");
  const stored = await browser.worker.evaluate(() =>
    chrome.storage.local.get("settings"),
  );
  assert.deepEqual(stored.settings, {
    serverUrl: "",
    updates: true,
    keepSentText: false,
  });
  // The worker's own answer with no source, whatever the page shows.
  assert.deepEqual(
    await browser.worker.evaluate(() => globalThis.optout.refreshNow()),
    { status: "bundled" },
  );
  await browser.worker.evaluate(() =>
    chrome.storage.local.set({ settings: { serverUrl: "http://127.0.0.1:9" } }),
  );
  await page.reload();
  await page.waitForSelector("#refresh:visible");
  assert.equal(await page.isVisible("#updates"), true);
  assert.equal(await page.isVisible("#built-in-updates"), false);
  await browser.worker.evaluate(() => chrome.storage.local.remove("settings"));
  await page.close();
});

test("a failed check is told in words, not the browser's error text", async () => {
  // Nothing listens on this port: the fetch fails as a network error.
  await browser.worker.evaluate(() =>
    chrome.storage.local.set({ settings: { serverUrl: "http://127.0.0.1:9" } }),
  );
  const page = await browser.context.newPage();
  await page.goto(optionsUrl);
  assert.equal(await page.isVisible("#server-url"), true); // a server in use is shown
  await page.click("#refresh");
  await page.waitForSelector("#status:has-text('Check:')");
  const status = await page.textContent("#status");
  assert.equal(
    status,
    "Check: failed, previous data kept: optout could not reach the server",
  );
  assert.doesNotMatch(await page.textContent("#last-refresh"), /fetch/i);
  await browser.worker.evaluate(() =>
    chrome.storage.local.remove(["settings", "lastRefresh"]),
  );
  await page.close();
});

for (const colorScheme of ["light", "dark"]) {
  test(`the settings page has no serious accessibility problem (${colorScheme}, 360 px)`, async () => {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 360, height: 800 });
    await page.emulateMedia({ colorScheme });
    await page.goto(optionsUrl);
    await page.waitForSelector("#data-state:not(:empty)");
    await page.click("#advanced summary");
    await page.waitForSelector("#key-list li");
    assert.deepEqual(await accessibilityProblems(page), []);
    // Nothing wider than the screen (no sideways scrolling at 360 px).
    assert.equal(
      await page.evaluate(() => document.documentElement.scrollWidth <= 360),
      true,
    );
    await page.close();
  });
}

for (const address of ["javascript:alert(1)", "http://hints.example.org"]) {
  test(`refuses an address that is not https (or http on this computer): ${address}`, async () => {
    const page = await browser.context.newPage();
    await page.goto(optionsUrl);
    await page.click("#advanced summary");
    await page.fill("#server-url", address);
    await page.click("#save");
    await page.waitForSelector("#status:has-text('https://')");
    const stored = await browser.worker.evaluate(() =>
      chrome.storage.local.get("settings"),
    );
    assert.equal(stored.settings, undefined);
    await page.close();
  });
}

test("a plain-http server elsewhere is never fetched, even when a policy sets it", async () => {
  const result = await browser.worker
    .evaluate(() => globalThis.optout.refresh(chrome, "http://hints.example.org"))
    .catch((error) => ({ error: String(error.message || error) }));
  assert.match(result.error, /must use https/);
});

test("settings an organisation fixed by policy are shown locked, with the reason", async () => {
  const page = await browser.context.newPage();
  // Chromium reads managed storage from machine-wide policy files, which a test must not
  // write; this stands in for the policy answer only. What is under test is the page.
  await page.addInitScript(() => {
    chrome.storage.managed.get = async () => ({
      serverUrl: "https://hints.example.org",
    });
  });
  await page.goto(optionsUrl);
  await page.waitForFunction(() => document.querySelector("#server-url").value !== "");
  assert.equal(await page.inputValue("#server-url"), "https://hints.example.org");
  assert.equal(await page.isDisabled("#server-url"), true);
  assert.equal(await page.isVisible("#server-url-managed"), true);
  assert.match(
    await page.textContent("#server-url-managed"),
    /Set by your organisation/,
  );
  assert.equal(await page.isDisabled("#updates"), false);
  assert.equal(await page.isVisible("#updates-managed"), false);
  await page.close();
});

/** The popup's first-run question, answered: the browser's guess, else `country`. */
async function passFirstRun(page, country) {
  await page.waitForSelector("#first-run:not([hidden])");
  if (await page.isDisabled("#confirm-country"))
    await page.selectOption("#first-country", country);
  await page.click("#confirm-country");
  await page.waitForSelector("html[data-ready]");
}

test("in a German browser the settings and the popup are German (strings from _locales)", async () => {
  const german = await start({ locale: "de-DE" });
  try {
    const host = new URL(german.worker.url()).host;
    const messages = JSON.parse(
      fs.readFileSync(path.join(EXTENSION, "_locales", "de", "messages.json"), "utf8"),
    );
    const page = await german.context.newPage();
    await page.goto(`chrome-extension://${host}/options/options.html`);
    await page.waitForSelector("#data-state:not(:empty)");
    assert.equal(await page.textContent("h1"), messages.optionsTitle.message);
    assert.equal(await page.textContent("#refresh"), messages.optionsRefresh.message);
    assert.match(await page.getAttribute("html", "lang"), /^de\b/);
    await page.goto(`chrome-extension://${host}/popup/popup.html`);
    await passFirstRun(page, "DE");
    assert.equal(
      await page.textContent("#confirm-country"),
      messages.popupContinue.message,
    );
    assert.equal(await page.textContent("#copy"), messages.popupCopy.message);
    assert.equal(await page.inputValue("#language"), "de"); // objection language follows the browser at first
    await page.close();
  } finally {
    await german.close();
  }
});

// Languages added as data only (issue 7): the browser's language picks the UI strings
// and, at first, the language of the objection.
for (const [locale, folder, language, country] of [
  ["nb", "nb", "nb", "NO"],
  ["el", "el", "el", "GR"],
  ["pt-PT", "pt", "pt", "PT"],
]) {
  test(`in a ${locale} browser the settings and the popup follow it`, async () => {
    const browser2 = await start({ locale });
    try {
      const host = new URL(browser2.worker.url()).host;
      const messages = JSON.parse(
        fs.readFileSync(
          path.join(EXTENSION, "_locales", folder, "messages.json"),
          "utf8",
        ),
      );
      const page = await browser2.context.newPage();
      await page.goto(`chrome-extension://${host}/options/options.html`);
      await page.waitForSelector("#data-state:not(:empty)");
      assert.equal(await page.textContent("h1"), messages.optionsTitle.message);
      assert.equal(
        await page.textContent("#keys h2"),
        messages.optionsKeysTitle.message,
      );
      await page.goto(`chrome-extension://${host}/popup/popup.html`);
      await passFirstRun(page, country);
      assert.equal(await page.textContent("#copy"), messages.popupCopy.message);
      assert.equal(await page.inputValue("#language"), language);
      await page.close();
    } finally {
      await browser2.close();
    }
  });
}

for (const [locale, folder] of [
  ["de", "de"],
  ["pt-BR", "pt_BR"],
  ["en-GB", "en"],
]) {
  test(`the settings page in a ${locale} browser speaks its language`, async () => {
    const b = await start({ locale });
    try {
      const ui = JSON.parse(
        fs.readFileSync(
          path.join(EXTENSION, "_locales", folder, "messages.json"),
          "utf8",
        ),
      );
      const page = await b.context.newPage();
      await page.goto(
        `chrome-extension://${new URL(b.worker.url()).host}/options/options.html`,
      );
      await page.waitForSelector("#data-state:not(:empty)");
      assert.equal(await page.textContent("h1"), ui.optionsTitle.message);
      assert.equal(
        await page.textContent("#built-in-updates"),
        ui.optionsBuiltInUpdates.message,
      );
      assert.equal(
        await page.textContent("#advanced summary"),
        ui.optionsAdvanced.message,
      );
      assert.deepEqual(await accessibilityProblems(page), []);
      await page.close();
    } finally {
      await b.close();
    }
  });
}
