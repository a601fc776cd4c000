// Screenshots for the README, taken from the real extension by the suite itself:
// the popup, a highlighted object link, and the fill panel after filling.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";

import { EXTENSION, fixtureUrl, open, pressFill, start } from "./harness.mjs";

const OUT = path.join(EXTENSION, "..", "docs", "screenshots");
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

/** Whether two PNGs show the same pixels (decoded by the browser: the encoder's bytes
 *  may differ between runs while the picture does not). */
async function samePixels(first, second) {
  const page = await browser.context.newPage();
  try {
    return await page.evaluate(
      async ([a, b]) => {
        const pixels = async (b64) => {
          const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
          const image = await createImageBitmap(new Blob([bytes]));
          const canvas = new OffscreenCanvas(image.width, image.height);
          const context = canvas.getContext("2d");
          context.drawImage(image, 0, 0);
          return context.getImageData(0, 0, image.width, image.height);
        };
        const [x, y] = await Promise.all([pixels(a), pixels(b)]);
        return (
          x.width === y.width &&
          x.height === y.height &&
          x.data.every((value, i) => value === y.data[i])
        );
      },
      [first.toString("base64"), second.toString("base64")],
    );
  } finally {
    await page.close();
  }
}

/** Take the README's screenshot `name`; the file is rewritten only when its pixels
 *  change, so a test run leaves the working tree as it was. */
async function shot(page, name) {
  const file = path.join(OUT, `${name}.png`);
  const taken = await page.screenshot({ fullPage: true });
  assert.ok(taken.length > 1000);
  if (fs.existsSync(file) && (await samePixels(fs.readFileSync(file), taken))) return;
  fs.writeFileSync(file, taken);
}

test("popup", async () => {
  const page = await browser.context.newPage();
  await page.setViewportSize({ width: 420, height: 640 });
  await page.goto(extensionUrl("popup/popup.html"));
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
  await page.goto(extensionUrl("tracker/tracker.html"));
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
  await page.goto(extensionUrl("popup/popup.html"));
  await page.waitForSelector("html[data-ready]");
  await page.click("#composer summary");
  await page.fill("#personal", "Meine Tochter ist 8 und auf meinen Fotos zu sehen.");
  await page.waitForSelector("#lint:not([hidden])");
  await page.click("#route-details summary");
  await page.click("#phone summary");
  await shot(page, "popup-lint-qr");
  await page.close();
});

test("first run: where do you live, guessed from the browser", async () => {
  await withProfile(null, async () => {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 420, height: 320 });
    await page.goto(extensionUrl("popup/popup.html"));
    await page.waitForSelector("#first-run:not([hidden])");
    assert.equal(await page.inputValue("#first-country"), "GB");
    await shot(page, "first-run");
    await page.close();
  });
});

test("popup where no objection route exists (United States)", async () => {
  await withProfile({ country: "US" }, async () => {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 420, height: 640 });
    await page.goto(extensionUrl("popup/popup.html"));
    await page.waitForSelector("html[data-ready]");
    await shot(page, "popup-no-route");
    await page.close();
  });
});

test("settings", async () => {
  const page = await browser.context.newPage();
  await page.setViewportSize({ width: 640, height: 480 });
  await page.goto(extensionUrl("options/options.html"));
  await page.waitForSelector("#data-state:not(:empty)");
  await shot(page, "settings");
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
  await pressFill(page);
  await shot(page, "fill-panel-phone");
  await page.close();
});
