// Screenshots for the README, taken from the real extension by the suite itself:
// the popup, a highlighted object link, and the fill panel after filling.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";

import { EXTENSION, fixtureUrl, open, start } from "./harness.mjs";

const OUT = path.join(EXTENSION, "..", "docs", "screenshots");
let browser;

before(async () => {
  browser = await start();
  await browser.worker.evaluate(() => chrome.storage.local.set({
    profile: {
      country: "DE", language: "de", email: "ana@example.org", name: "Ana",
      arguments: ["creative-work", "no-way-back"], personal: "",
    },
    view: { platform: "instagram" },
  }));
});
after(async () => {
  await browser?.close();
});

async function shot(page, name) {
  const file = path.join(OUT, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  assert.ok(fs.statSync(file).size > 1000);
}

test("popup", async () => {
  const page = await browser.context.newPage();
  await page.setViewportSize({ width: 420, height: 640 });
  await page.goto(`chrome-extension://${new URL(browser.worker.url()).host}/popup/popup.html`);
  await page.waitForSelector("html[data-ready]");
  await shot(page, "popup");
  await page.close();
});

test("highlighted object link", async () => {
  const page = await open(browser.context, fixtureUrl("instagram-privacy-centre-en", "https://privacycenter.instagram.com/privacy/genai/"));
  await page.setViewportSize({ width: 900, height: 420 });
  await shot(page, "highlight");
  await page.close();
});

test("fill panel on the German form", async () => {
  const page = await open(browser.context, fixtureUrl("facebook-form-de-2025", "https://de-de.facebook.com/help/contact/712876720715583"));
  await page.setViewportSize({ width: 900, height: 700 });
  await page.click('[data-optout-panel] [data-optout-action="fill"]');
  await page.waitForSelector('[data-optout-filled="reason"]');
  await shot(page, "fill-panel");
  await page.close();
});
