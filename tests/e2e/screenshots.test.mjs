// Screenshots for the README, taken from the real extension by the suite itself:
// the popup, a highlighted object link, and the fill panel after filling.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";

import { EXTENSION, fixtureUrl, open, pressFill, start } from "./harness.mjs";

const OUT = path.join(EXTENSION, "..", "docs", "screenshots");
let browser;

before(async () => {
  browser = await start();
  await browser.worker.evaluate(() =>
    chrome.storage.local.set({
      profile: {
        country: "DE",
        language: "de",
        email: "ana@example.org",
        name: "Ana",
        arguments: ["creative-work", "no-way-back"],
        personal: "",
      },
      view: { platform: "instagram" },
    }),
  );
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
  await page.goto(
    `chrome-extension://${new URL(browser.worker.url()).host}/popup/popup.html`,
  );
  await page.waitForSelector("html[data-ready]");
  await shot(page, "popup");
  await page.close();
});

test("highlighted object link", async () => {
  const page = await open(
    browser.context,
    fixtureUrl(
      "instagram-privacy-centre-en",
      "https://privacycenter.instagram.com/privacy/genai/",
    ),
  );
  await page.setViewportSize({ width: 900, height: 420 });
  await shot(page, "highlight");
  await page.close();
});

test("fill panel on the German form", async () => {
  const page = await open(
    browser.context,
    fixtureUrl(
      "facebook-form-de-2025",
      "https://de-de.facebook.com/help/contact/712876720715583",
    ),
  );
  await page.setViewportSize({ width: 900, height: 700 });
  await pressFill(page);
  await shot(page, "fill-panel");
  await page.close();
});

test("checklist with a confirmed and a rejected account, and a complaint", async () => {
  const at = "2026-05-02T09:30:00.000Z";
  await browser.worker.evaluate(
    (when) =>
      chrome.storage.local.set({
        accounts: [
          {
            id: "instagram",
            platform: "instagram",
            label: "Instagram",
            state: "confirmed",
            history: [
              { state: "code-pending", at: when },
              { state: "confirmed", at: when },
            ],
            receipt: {
              platform: "instagram",
              account: "Instagram",
              country: "DE",
              route: "instagram-objection-2025",
              submitted_at: when,
              text: "Ich widerspreche der Nutzung meiner Beiträge für KI bei Meta.",
            },
          },
          {
            id: "facebook",
            platform: "facebook",
            label: "Facebook",
            state: "rejected",
            history: [
              { state: "submitted", at: when },
              { state: "rejected", at: when },
            ],
            receipt: {
              platform: "facebook",
              account: "Facebook",
              country: "DE",
              route: "facebook-objection-2025",
              submitted_at: when,
              reply: "Leider können wir deinem Widerspruch nicht nachkommen.",
              replied_at: when,
              outcome: "rejected",
            },
          },
        ],
      }),
    at,
  );
  const page = await browser.context.newPage();
  await page.setViewportSize({ width: 800, height: 900 });
  await page.goto(
    `chrome-extension://${new URL(browser.worker.url()).host}/tracker/tracker.html`,
  );
  await page.waitForSelector("html[data-ready]");
  await page.click('article[data-account="facebook"] .complaint');
  await page.waitForSelector(
    'article[data-account="facebook"] .complaint-box:not([hidden])',
  );
  await shot(page, "checklist");
  await page.close();
});

test("popup: a warning about the person's own words, and the phone hand-off", async () => {
  const page = await browser.context.newPage();
  await page.setViewportSize({ width: 420, height: 640 });
  await page.goto(
    `chrome-extension://${new URL(browser.worker.url()).host}/popup/popup.html`,
  );
  await page.waitForSelector("html[data-ready]");
  await page.fill("#personal", "Meine Tochter ist 8 und auf meinen Fotos zu sehen.");
  await page.waitForSelector("#lint:not([hidden])");
  await page.click("#phone summary");
  await shot(page, "popup-lint-qr");
  await page.close();
});
