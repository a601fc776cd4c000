// Pre-filling Meta's form in real Chromium: only when asked, never over what is there,
// never submitting, with exactly the text optout_lib composes.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";

import { EXTENSION, fixtureUrl, open, start } from "./harness.mjs";
import compose from "../../extension/lib/compose.js";

const bundle = JSON.parse(fs.readFileSync(path.join(EXTENSION, "data", "bundle.json"), "utf8"));
const profile = {
  country: "IT", language: "en", email: "ana@example.org", name: "Ana Esempio",
  arguments: ["loss-of-control", "creative-work"], personal: "Sono una fotografa {platform}.",
};
let browser;

before(async () => {
  browser = await start();
  await browser.worker.evaluate((p) => chrome.storage.local.set({ profile: p }), profile);
});
after(async () => {
  await browser?.close();
});

function expectedText(platform, language) {
  return compose.composeObjection(bundle, { ...profile, platform, language });
}

async function fillPage(name, url) {
  const page = await open(browser.context, fixtureUrl(name, url));
  await page.waitForSelector("html[data-optout-panel-ready]");
  const posts = [];
  page.on("request", (request) => { if (request.method() !== "GET") posts.push(request.url()); });
  return { page, posts };
}

test("nothing is filled until the person asks", async () => {
  const { page } = await fillPage("facebook-form-it-2024", "https://www.facebook.com/help/contact/6359191084165019");
  assert.equal(await page.locator("[data-optout-filled]").count(), 0);
  assert.equal(await page.inputValue("#js_3e"), "");
  await page.close();
});

test("fills e-mail, country and reason in the page's language (Italian)", async () => {
  const { page, posts } = await fillPage("facebook-form-it-2024", "https://www.facebook.com/help/contact/6359191084165019");
  await page.click('[data-optout-panel] [data-optout-action="fill"]');
  await page.waitForSelector('[data-optout-filled="reason"]');
  assert.equal(await page.inputValue("#js_3d"), "ana@example.org");
  assert.equal(await page.inputValue("#js_3c"), "IT");
  assert.equal(await page.inputValue("#js_3e"), expectedText("facebook", "it"));
  assert.equal(await page.inputValue("#js_3f"), ""); // "details" is the person's own
  assert.match(await page.locator("[data-optout-panel] [role=status]").textContent(), /submit button yourself/);
  assert.equal(new URL(page.url()).pathname, "/help/contact/6359191084165019");
  assert.deepEqual(posts, []);
  await page.close();
});

test("never overwrites what is already there (pre-filled e-mail, typed text)", async () => {
  const { page } = await fillPage("instagram-form-en-2025", "https://help.instagram.com/contact/767264225370182");
  await page.fill("textarea", "My own words, typed before.");
  await page.click('[data-optout-panel] [data-optout-action="fill"]');
  await page.waitForSelector("[data-optout-panel] [role=status]:not(:empty)");
  assert.equal(await page.inputValue('input[type="email"]'), "person@example.org");
  assert.equal(await page.inputValue("textarea"), "My own words, typed before.");
  assert.equal(await page.locator("[data-optout-filled]").count(), 0);
  await page.close();
});

for (const [name, url, platform, language, reason] of [
  ["facebook-form-de-2025", "https://de-de.facebook.com/help/contact/712876720715583", "facebook", "de", "textarea"],
  ["instagram-form-fr", "https://help.instagram.com/contact/767264225370182", "instagram", "fr", "#raison"],
  ["instagram-form-es", "https://help.instagram.com/contact/767264225370182", "instagram", "es", "#es-motivo"],
  ["facebook-form-pt-br", "https://www.facebook.com/help/contact/712876720715583", "facebook", "pt-BR", "#motivo"],
]) {
  test(`composes in the form's language: ${language}`, async () => {
    const { page } = await fillPage(name, url);
    await page.click('[data-optout-panel] [data-optout-action="fill"]');
    await page.waitForSelector('[data-optout-filled="reason"]');
    assert.equal(await page.inputValue(reason), expectedText(platform, language));
    await page.close();
  });
}

test("no panel on pages that are not an objection form", async () => {
  const page = await open(browser.context, fixtureUrl("facebook-third-party-form-pl",
    "https://www.facebook.com/help/contact/1266025207620918"));
  await page.waitForTimeout(300);
  assert.equal(await page.locator("[data-optout-panel]").count(), 0);
  await page.close();
});
