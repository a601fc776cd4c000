// The popup in a tab: what applies per country, the form button, the picker and preview.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";

import { EXTENSION, start } from "./harness.mjs";
import operations from "../../extension/lib/operations.js";

const bundle = JSON.parse(
  fs.readFileSync(path.join(EXTENSION, "data", "bundle.json"), "utf8"),
);
let browser;
let popupUrl;

before(async () => {
  browser = await start();
  popupUrl = `chrome-extension://${new URL(browser.worker.url()).host}/popup/popup.html`;
});
after(async () => {
  await browser?.close();
});

async function popup() {
  const page = await browser.context.newPage();
  await page.goto(popupUrl);
  await page.waitForSelector("html[data-ready]");
  return page;
}

test("Germany on Instagram: the objection route, its steps and the form button", async () => {
  const page = await popup();
  await page.selectOption("#country", "DE");
  await page.selectOption("#platform", "instagram");
  assert.match(await page.textContent("#route-title"), /Object on Instagram/);
  assert.ok((await page.locator("#route-steps li").count()) >= 3);
  assert.equal(
    await page.getAttribute("#open-form", "data-url"),
    "https://help.instagram.com/contact/767264225370182",
  );
  assert.equal(await page.isHidden("#open-form"), false);
  assert.match(
    await page.textContent("#data-version"),
    new RegExp(bundle.data_version),
  );
  await page.close();
});

test("the United States: no route, honest alternatives and the myth-buster", async () => {
  const page = await popup();
  await page.selectOption("#country", "US");
  assert.match(await page.textContent("#route-title"), /No objection route/);
  assert.equal(await page.isHidden("#open-form"), true);
  assert.ok((await page.locator("#alternatives li").count()) >= 3);
  assert.match(await page.textContent("#myth"), /no legal effect/);
  await page.close();
});

test("the preview is the library's text, and the profile is stored locally", async () => {
  const page = await popup();
  await page.selectOption("#country", "IT");
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
  const stored = await browser.worker.evaluate(() =>
    chrome.storage.local.get(["profile", "view"]),
  );
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
  await page.close();
});
