// The popup: the first-run question, status and next step first, what the current tab
// offers, the route per country, the folded composer, and axe-core on each screen.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";

import {
  EXTENSION,
  accessibilityProblems,
  fixtureUrl,
  open,
  openActionPopup,
  start,
  unfold,
} from "./harness.mjs";
import operations from "../../extension/lib/operations.js";

const bundle = JSON.parse(
  fs.readFileSync(path.join(EXTENSION, "data", "bundle.json"), "utf8"),
);
const en = JSON.parse(
  fs.readFileSync(path.join(EXTENSION, "_locales", "en", "messages.json"), "utf8"),
);
let browser;

before(async () => {
  browser = await start();
});
after(async () => {
  await browser?.close();
});

const popupUrl = (b) =>
  `chrome-extension://${new URL(b.worker.url()).host}/popup/popup.html`;

/** Forget the person (profile, popup view, checklist), then save `profile` if given. */
async function seed(b, profile) {
  await b.worker.evaluate(async (p) => {
    await chrome.storage.local.remove(["profile", "view", "accounts"]);
    if (p) await chrome.storage.local.set({ profile: p });
  }, profile);
}

/** The popup in a tab at the size of a toolbar popup, for a person living in `country`. */
async function popup(country = "DE") {
  await seed(browser, country ? { country } : null);
  const page = await browser.context.newPage();
  await page.setViewportSize({ width: 400, height: 600 });
  await page.goto(popupUrl(browser));
  await page.waitForSelector("html[data-ready], #first-run:not([hidden])");
  return page;
}

const storedProfile = (b) =>
  b.worker.evaluate(async () => (await chrome.storage.local.get("profile")).profile);

for (const [locale, country, language] of [
  ["en-GB", "GB", "en"],
  ["pt-BR", "BR", "pt-BR"],
  ["de-AT", "AT", "de"],
  ["en-US", "US", "en"],
  ["fr-BE", "BE", "fr"],
  ["de", "", null],
]) {
  test(`first run in a ${locale} browser: ${country || "no"} guess, nothing saved before Continue`, async () => {
    const b = locale === "en-US" ? browser : await start({ locale });
    try {
      await seed(b, null);
      const page = await b.context.newPage();
      await page.goto(popupUrl(b));
      await page.waitForSelector("#first-run:not([hidden])");
      assert.equal(await page.inputValue("#first-country"), country);
      assert.equal(await page.isHidden("#main"), true);
      // A bare language guesses nothing: Continue waits for the person's choice.
      assert.equal(await page.isDisabled("#confirm-country"), !country);
      assert.equal(await storedProfile(b), undefined);
      if (!country) {
        await page.selectOption("#first-country", "DE");
        await page.click("#confirm-country");
        await page.waitForSelector("html[data-ready]");
        assert.equal((await storedProfile(b)).country, "DE");
        return;
      }
      await page.click("#confirm-country");
      await page.waitForSelector("html[data-ready]");
      const profile = await storedProfile(b);
      assert.equal(profile.country, country);
      assert.equal(profile.language, language); // pt-BR: Brazilian, never European pt
      assert.equal(await page.inputValue("#language"), language);
      await page.close();
    } finally {
      if (b !== browser) await b.close();
    }
  });
}

test("the first-run screen has no serious accessibility problems", async () => {
  const page = await popup(null);
  assert.equal(await page.isVisible("#first-run"), true);
  assert.deepEqual(await accessibilityProblems(page), []);
  await page.close();
});

test("status first: each account with its next step, fitting a 400×600 popup", async () => {
  const page = await popup("DE");
  const first = page.locator("#progress-list li").first();
  assert.match(await first.textContent(), /Not started/);
  assert.match(await first.textContent(), new RegExp(en.popupNextNotStarted.message));
  assert.equal(await page.isVisible("#open-form"), true);
  assert.equal(await page.isVisible("#composer #preview"), false); // folded away
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  assert.ok(height <= 600, `the first screen is ${height} px tall`);
  assert.deepEqual(await accessibilityProblems(page), []);
  await page.close();
});

test("a sent objection waits for Meta's answer until the group's reply deadline", async () => {
  await seed(browser, { country: "DE" });
  const submitted = new Date(Date.now() - 3 * 86400000).toISOString();
  await browser.worker.evaluate(async (at) => {
    const accounts = [
      {
        id: "instagram",
        platform: "instagram",
        label: "Instagram",
        state: "submitted",
        history: [{ state: "submitted", at }],
        receipt: { country: "DE", submitted_at: at },
      },
    ];
    await chrome.storage.local.set({ accounts });
  }, submitted);
  const page = await browser.context.newPage();
  await page.goto(popupUrl(browser));
  await page.waitForSelector("html[data-ready]");
  const days = bundle.view.groups[bundle.view.countries.DE.group].reply_deadline.days;
  const until = new Intl.DateTimeFormat("en-US", { dateStyle: "medium" }).format(
    Date.parse(submitted) + days * 86400000,
  );
  assert.match(
    await page.textContent("#progress-list"),
    new RegExp(`Waiting for Meta's answer until ${until}`),
  );
  await page.close();
});

test("plain words, not internal values: when and against what the route was checked", async () => {
  const page = await popup("DE");
  const line = await page.textContent("#data-version");
  assert.match(line, /^Last checked .+ ago, against .+\.$/);
  assert.doesNotMatch(
    line,
    new RegExp(`${bundle.data_version}|secondary-sources|confidence`),
  );
  await page.close();
});

test("the gear opens the settings page", async () => {
  const page = await popup("DE");
  const [settings] = await Promise.all([
    browser.context.waitForEvent("page"),
    page.click("#settings"),
  ]);
  await settings.waitForLoadState();
  assert.match(settings.url(), /\/options\/options\.html$/);
  assert.equal(await page.getAttribute("#settings", "aria-label"), "Settings");
  await settings.close();
  await page.close();
});

test("on a page with Meta's form link, the popup says the link is marked", async () => {
  await seed(browser, { country: "DE" });
  const page = await open(
    browser.context,
    fixtureUrl(
      "instagram-privacy-centre-en",
      "https://privacycenter.instagram.com/privacy/genai/",
    ),
  );
  await page.waitForSelector("[data-optout-highlight]", { state: "attached" });
  const shown = await openActionPopup(browser.worker, page);
  assert.equal(await shown.evaluate(`document.getElementById("marked").hidden`), false);
  assert.equal(await shown.evaluate(`document.getElementById("on-page").hidden`), true);
  await page.close();
});

test("Germany on Instagram: the objection route, its steps and the form button", async () => {
  const page = await popup("DE");
  await unfold(page);
  await page.selectOption("#platform", "instagram");
  assert.match(await page.textContent("#route-title"), /Object on Instagram/);
  assert.ok((await page.locator("#route-steps li").count()) >= 3);
  assert.equal(
    await page.getAttribute("#open-form", "data-url"),
    "https://help.instagram.com/contact/767264225370182",
  );
  assert.equal(await page.isHidden("#open-form"), false);
  assert.equal(await page.isHidden("#alternatives-title"), true);
  await page.close();
});

test("the United States: honest alternatives with working links, no objection states", async () => {
  const page = await popup("US");
  assert.match(await page.textContent("#route-title"), /No objection route/);
  assert.equal(await page.isHidden("#open-form"), true);
  assert.equal(await page.isHidden("#progress"), true); // no "Not started" for a form that does not exist
  assert.equal(await page.isHidden("#composer"), true);
  assert.equal(await page.isVisible("#alternatives-title"), true); // says why, first
  assert.ok((await page.locator("#alternatives li").count()) >= 3);
  const links = await page.$$eval("#alternatives a", (as) => as.map((a) => a.href));
  // The third-party request is there, and every link is one the data allows.
  assert.ok(links.includes(bundle.view.third_party_form), links.join(" "));
  assert.match(await page.textContent("#myth"), /no legal effect/);
  assert.deepEqual(await accessibilityProblems(page), []);
  await page.close();
});

test("the preview is the library's text, and the profile is stored locally", async () => {
  const page = await popup("IT");
  await unfold(page);
  await page.selectOption("#platform", "facebook");
  await page.selectOption("#language", "it");
  await page.check('#arguments input[value="no-way-back"]');
  await page.fill("#personal", "Sono fotografa.");
  await page.fill("#name", "Ana");
  const expected = operations.composeObjection(bundle.view, {
    platform: "facebook",
    country: "IT",
    language: "it",
    arguments: ["no-way-back"],
    personal: "Sono fotografa.",
    name: "Ana",
  });
  await page.waitForFunction(
    (text) => document.querySelector("#preview").value === text,
    expected,
  );
  // Italian is machine-drafted: the popup says so under the preview; English is not.
  assert.equal(await page.isVisible("#review-note"), true);
  assert.match(await page.textContent("#review-note"), /\(Italiano\).*machine-drafted/);
  await page.selectOption("#language", "en");
  await page.waitForFunction(() => document.querySelector("#review-note").hidden);
  await page.selectOption("#language", "it");
  // Saving goes through the worker's queue: wait until the last choice has landed.
  let stored;
  for (let tries = 0; tries < 50; tries += 1) {
    stored = await browser.worker.evaluate(() =>
      chrome.storage.local.get(["profile", "view"]),
    );
    if (stored.profile && stored.profile.language === "it") break;
    await page.waitForTimeout(100);
  }
  // Exactly the documented profile (README), nothing else mixed in.
  assert.deepEqual(stored.profile, {
    country: "IT",
    language: "it",
    email: "",
    name: "Ana",
    arguments: ["no-way-back"],
    personal: "Sono fotografa.",
  });
  assert.deepEqual(stored.view, { platform: "facebook" });
  // Typing announces nothing: the only live regions are the results of actions.
  assert.deepEqual(
    await page.$$eval("[aria-live], [role=status]", (els) => els.map((e) => e.id)),
    ["fill-status", "copy-status"],
  );
  assert.deepEqual(await accessibilityProblems(page), []);
  await page.close();
});

test("old built-in data with no update source: the popup says to update optout", async () => {
  await seed(browser, { country: "DE" });
  const page = await browser.context.newPage();
  // The shipped snapshot is 90 days past its date once the clock says so.
  const day = Date.parse(`${bundle.data_date}T00:00:00Z`);
  await page.clock.setFixedTime(new Date(day + 91 * 86400000));
  await page.goto(popupUrl(browser));
  await page.waitForSelector("html[data-ready]");
  assert.equal(
    await page.textContent("#data-old"),
    `This data is from ${new Date(day).toLocaleDateString("en-US", { dateStyle: "long", timeZone: "UTC" })} and may be out of date. Update optout to get newer data.`,
  );
  await page.close();
});
