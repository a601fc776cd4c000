// The options page: the server address is checked and saved; "Check now" reports.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";

import { start } from "./harness.mjs";

let browser;
let optionsUrl;

before(async () => {
  browser = await start();
  optionsUrl = `chrome-extension://${new URL(browser.worker.url()).host}/options/options.html`;
});
after(async () => {
  await browser?.close();
});

test("saves the default server and the updates switch", async () => {
  const page = await browser.context.newPage();
  await page.goto(optionsUrl);
  await page.waitForFunction(() => document.querySelector("#server-url").value !== "");
  assert.equal(await page.inputValue("#server-url"), "http://127.0.0.1:8787");
  await page.uncheck("#updates");
  await page.click("button[type=submit]");
  await page.waitForSelector("#status:has-text('Saved.')");
  const stored = await browser.worker.evaluate(() => chrome.storage.local.get("settings"));
  assert.deepEqual(stored.settings, { serverUrl: "http://127.0.0.1:8787", updates: false });
  await page.click("#refresh");
  await page.waitForSelector("#status:has-text('Check: off')");
  await browser.worker.evaluate(() => chrome.storage.local.remove("settings"));
  await page.close();
});

test("refuses an address that is not http(s)", async () => {
  const page = await browser.context.newPage();
  await page.goto(optionsUrl);
  await page.fill("#server-url", "javascript:alert(1)");
  await page.click("button[type=submit]");
  await page.waitForSelector("#status:has-text('http:// or https://')");
  const stored = await browser.worker.evaluate(() => chrome.storage.local.get("settings"));
  assert.equal(stored.settings, undefined);
  await page.close();
});
