// Every word a person reads in their language (issue 18): German, Brazilian, Polish
// and Swedish browsers see no English on any screen of the flow: the first run, the
// settings (Advanced open), the popup with every section open, the card on Meta's
// form, the checklist with a rejected account and its complaint, and the evidence
// page. "English" is every text English has, in the data and in the extension's
// messages, that the language words differently. The German and Brazilian popup and
// checklist are the README's screenshots.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";

import {
  contentWorld,
  EXTENSION,
  fixtureUrl,
  open,
  pressFill,
  shot,
  start,
  unfold,
} from "./harness.mjs";

const bundle = JSON.parse(
  fs.readFileSync(path.join(EXTENSION, "data", "bundle.json"), "utf8"),
);
const messages = (folder) =>
  JSON.parse(
    fs.readFileSync(path.join(EXTENSION, "_locales", folder, "messages.json"), "utf8"),
  );
const ENGLISH = messages("en");
const FORM = {
  name: "facebook-form-de-2025",
  url: "https://de-de.facebook.com/help/contact/712876720715583",
};
const DAY = 86400000;

/** Pieces of English long enough to be a sentence of their own, that `lang` (whose
 *  extension messages are `own`) words differently: from the messages and the data. */
function englishPieces(lang, own) {
  const pieces = new Set();
  const add = (english, translated) => {
    if (typeof english !== "string" || english === translated) return;
    // A message's placeholders ($1) split it: each side must be absent on its own.
    for (const piece of english.split(/\$\d|\n/)) {
      const trimmed = piece.trim();
      if (trimmed.length >= 24 && !(translated || "").includes(trimmed))
        pieces.add(trimmed);
    }
  };
  for (const [key, { message }] of Object.entries(ENGLISH))
    add(message, own[key] && own[key].message);
  const walk = (value) => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === "object") {
      // A text the language lacks is shown in English: it counts too.
      if (typeof value.en === "string") add(value.en, value[lang]);
      else Object.values(value).forEach(walk);
    }
  };
  walk(bundle.view.routes);
  walk(bundle.view.countries);
  walk(bundle.view.regulators);
  walk(bundle.view.replies);
  walk(bundle.view.lint);
  return [...pieces];
}

/** The English pieces found in `text`. */
const englishIn = (text, pieces) => pieces.filter((piece) => text.includes(piece));

for (const [locale, folder, country, language, screenshots] of [
  ["de", "de", "DE", "de", true],
  ["pt-BR", "pt_BR", "BR", "pt-BR", true],
  ["pl", "pl", "PL", "pl", false],
  ["sv", "sv", "SE", "sv", false],
]) {
  test(`a ${locale} browser in ${country} reads no English on any screen`, async () => {
    const pieces = englishPieces(language, messages(folder));
    assert.ok(pieces.length > 100, "the English to look for");
    const b = await start({ locale });
    const base = `chrome-extension://${new URL(b.worker.url()).host}`;
    const sent = new Date(Date.now() - 40 * DAY).toISOString();
    const receipt = (platform, account) => ({
      platform,
      account,
      country,
      route: bundle.view.countries[country].routes[platform],
      submitted_at: sent,
    });
    try {
      const screens = {};
      // First run: "Where do you live?", before anything is stored.
      const first = await b.context.newPage();
      await first.goto(`${base}/popup/popup.html`);
      await first.waitForSelector("#first-run:not([hidden])");
      screens.firstRun = await first.innerText("body");
      await first.close();
      const settings = await b.context.newPage();
      await settings.goto(`${base}/options/options.html`);
      await settings.waitForSelector("#data-state:not(:empty)");
      await settings.click("#advanced summary");
      screens.settings = await settings.innerText("body");
      await settings.close();
      await b.worker.evaluate(
        ([profile, accounts]) => chrome.storage.local.set({ profile, accounts }),
        [
          { country, language, arguments: ["creative-work"], email: "ana@example.org" },
          [
            {
              id: "instagram",
              platform: "instagram",
              label: "Instagram",
              state: "rejected",
              history: [{ at: sent, state: "submitted" }],
              receipt: {
                ...receipt("instagram", "Instagram"),
                outcome: "rejected",
                replied_at: sent,
              },
            },
            {
              id: "facebook",
              platform: "facebook",
              label: "Facebook",
              state: "submitted",
              history: [{ at: sent, state: "submitted" }],
              receipt: receipt("facebook", "Facebook"),
            },
          ],
        ],
      );
      const popup = await b.context.newPage();
      await popup.setViewportSize({ width: 420, height: 640 });
      await popup.goto(`${base}/popup/popup.html`);
      await popup.waitForSelector("html[data-ready]");
      if (screenshots) await shot(b, popup, `popup-${locale}`);
      await unfold(popup);
      screens.popup = await popup.innerText("body");
      const checklist = await b.context.newPage();
      await checklist.goto(`${base}/tracker/tracker.html`);
      await checklist.waitForSelector("html[data-ready]");
      await checklist.click('article[data-account="instagram"] .complaint');
      await checklist.waitForSelector(".complaint-box:not([hidden])");
      if (screenshots) {
        await checklist.setViewportSize({ width: 800, height: 900 });
        await shot(b, checklist, `checklist-${locale}`);
      }
      screens.checklist = await checklist.innerText("body");
      const evidence = await b.context.newPage();
      await evidence.goto(`${base}/tracker/evidence.html?account=instagram`);
      await evidence.waitForSelector("#facts dd");
      screens.evidence = await evidence.innerText("body");
      const form = await open(b.context, fixtureUrl(FORM.name, FORM.url));
      await pressFill(form);
      screens.card = await (
        await contentWorld(form)
      ).evaluate("globalThis.optout.panel.box.innerText");
      const found = Object.fromEntries(
        Object.entries(screens).map(([screen, text]) => [
          screen,
          englishIn(text, pieces),
        ]),
      );
      assert.deepEqual(found, {
        firstRun: [],
        settings: [],
        popup: [],
        checklist: [],
        evidence: [],
        card: [],
      });
      // Machine-drafted texts say so, in the language.
      const drafted = messages(folder).textsDrafted.message.split("$1")[0].trim();
      assert.ok(screens.popup.includes(drafted), drafted);
      assert.ok(screens.checklist.includes(drafted), drafted);
      // The lang attribute says so too, for screen readers and hyphenation.
      assert.equal(
        await checklist.evaluate(() => document.documentElement.lang),
        locale,
      );
    } finally {
      await b.close();
    }
  });
}
