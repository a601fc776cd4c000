// Screenshots for the README, taken from the real extension by the suite itself:
// the popup, a highlighted object link, and the fill panel after filling.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";

import {
  contentWorld,
  fixtureUrl,
  open,
  panelShown,
  pressFill,
  shot,
  start,
} from "./harness.mjs";

let browser;

/** An extension page of the browser under test. */
const extensionUrl = (file) =>
  `chrome-extension://${new URL(browser.worker.url()).host}/${file}`;

/** Run `body` with the stored profile replaced by `profile` (null: none), then put the
 *  screenshots' profile back. */
async function withProfile(profile, body) {
  const saved = await browser.worker.evaluate(() =>
    chrome.storage.local.get("profile"),
  );
  await browser.worker.evaluate(async (p) => {
    await chrome.storage.local.remove("profile");
    if (p) await chrome.storage.local.set({ profile: p });
  }, profile);
  try {
    await body();
  } finally {
    await browser.worker.evaluate((s) => chrome.storage.local.set(s), saved);
  }
}

before(async () => {
  browser = await start({ locale: "en-GB" }); // the first run's guess: United Kingdom
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

test("popup", async () => {
  const page = await browser.context.newPage();
  await page.setViewportSize({ width: 420, height: 640 });
  await page.goto(extensionUrl("popup/popup.html"));
  await page.waitForSelector("html[data-ready]");
  await shot(browser, page, "popup");
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
  await shot(browser, page, "highlight");
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
  await shot(browser, page, "fill-panel");
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
  await page.goto(extensionUrl("tracker/tracker.html"));
  await page.waitForSelector("html[data-ready]");
  await page.click('article[data-account="facebook"] .complaint');
  await page.waitForSelector(
    'article[data-account="facebook"] .complaint-box:not([hidden])',
  );
  await shot(browser, page, "checklist");
  await page.close();
});

test("popup: a warning about the person's own words, and the phone hand-off", async () => {
  const page = await browser.context.newPage();
  await page.setViewportSize({ width: 420, height: 640 });
  await page.goto(extensionUrl("popup/popup.html"));
  await page.waitForSelector("html[data-ready]");
  await page.click("#composer summary");
  await page.fill("#personal", "Meine Tochter ist 8 und auf meinen Fotos zu sehen.");
  await page.waitForSelector("#lint:not([hidden])");
  await page.click("#route-details summary");
  await page.click("#phone summary");
  await shot(browser, page, "popup-lint-qr");
  await page.close();
});

test("first run: where do you live, guessed from the browser", async () => {
  await withProfile(null, async () => {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 420, height: 320 });
    await page.goto(extensionUrl("popup/popup.html"));
    await page.waitForSelector("#first-run:not([hidden])");
    assert.equal(await page.inputValue("#first-country"), "GB");
    await shot(browser, page, "first-run");
    await page.close();
  });
});

test("popup where no objection route exists (United States)", async () => {
  await withProfile({ country: "US" }, async () => {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 420, height: 640 });
    await page.goto(extensionUrl("popup/popup.html"));
    await page.waitForSelector("html[data-ready]");
    await shot(browser, page, "popup-no-route");
    await page.close();
  });
});

test("settings", async () => {
  const page = await browser.context.newPage();
  await page.setViewportSize({ width: 640, height: 480 });
  await page.goto(extensionUrl("options/options.html"));
  await page.waitForSelector("#data-state:not(:empty)");
  await shot(browser, page, "settings");
  await page.close();
});

test("fill panel at phone width", async () => {
  const page = await open(
    browser.context,
    fixtureUrl(
      "instagram-form-en-2025",
      "https://help.instagram.com/contact/767264225370182",
    ),
  );
  await page.setViewportSize({ width: 360, height: 740 });
  // On a phone the card starts as its pill: the person opens it, then fills.
  await panelShown(page);
  await (await contentWorld(page)).evaluate("globalThis.optout.panel.pill.click()");
  await pressFill(page);
  await shot(browser, page, "fill-panel-phone");
  await page.close();
});
