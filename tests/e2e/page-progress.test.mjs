// A script on Meta's form page must not be able to write the person's checklist
// (issue 16): hidden success text, a post quoting it after an in-page navigation, and
// text the page puts in the reason box all leave the account and its receipt alone;
// what a person sees and sends still counts.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";

import {
  contentWorld,
  fixtureUrl,
  open,
  panelShown,
  pressFill,
  start,
  waitFilled,
  waitInWorld,
} from "./harness.mjs";

const PROFILE = {
  country: "DE",
  language: "en",
  email: "ana@example.org",
  name: "Ana",
  arguments: ["no-way-back"],
  personal: "I am a photographer.",
};
const FORM = "https://help.instagram.com/contact/767264225370182";
const SUCCESS = "This means your request will be applied going forward.";
let browser;

before(async () => {
  browser = await start();
});
after(async () => {
  await browser?.close();
});

async function fresh() {
  await browser.worker.evaluate(async (profile) => {
    await chrome.storage.local.remove("accounts");
    await chrome.storage.local.set({ profile });
  }, PROFILE);
  return open(browser.context, fixtureUrl("instagram-form-en-2025", FORM));
}

const instagram = async () =>
  (
    (await browser.worker.evaluate(() => chrome.storage.local.get("accounts")))
      .accounts || []
  ).find((a) => a.id === "instagram");
const settle = () => new Promise((resolve) => setTimeout(resolve, 800));

test("hidden success text does not mark the account confirmed", async () => {
  const page = await fresh();
  await page.evaluate((words) => {
    for (const style of ["display:none", "visibility:hidden", "opacity:0"]) {
      const div = document.createElement("div");
      div.setAttribute("style", style);
      div.textContent = words;
      document.body.append(div);
    }
  }, SUCCESS);
  await settle();
  const world = await contentWorld(page);
  assert.equal(await world.evaluate("globalThis.optout.formState"), "");
  assert.equal((await instagram())?.state ?? "not-started", "not-started");
  await page.close();
});

test("after an in-page navigation away from the form, a post quoting Meta does nothing", async () => {
  const page = await fresh();
  await page.evaluate((words) => {
    history.pushState({}, "", "/p/some-post/");
    const post = document.createElement("p");
    post.textContent = `Someone wrote: "${words}"`;
    document.body.append(post);
  }, SUCCESS);
  await settle();
  assert.equal((await instagram())?.state ?? "not-started", "not-started");
  await page.close();
});

test("the receipt keeps what optout filled, never what the page wrote into the box", async () => {
  const page = await fresh();
  await pressFill(page);
  const filled = await waitFilled(page, "reason");
  await page.evaluate(() => {
    const box = document.getElementById(":rc:");
    box.value = "PAGE-CHOSEN TEXT";
    box.dispatchEvent(new Event("input", { bubbles: true })); // untrusted
  });
  await settle();
  await page.evaluate((words) => {
    document.querySelector("form").innerHTML =
      `<div role=dialog><span>${words}</span></div>`;
  }, SUCCESS);
  await waitInWorld(page, 'globalThis.optout.formState === "submitted"');
  let found;
  for (let i = 0; i < 50 && !found?.receipt; i += 1) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    found = await instagram();
  }
  // Meta's success message asks the person; it does not make the account final.
  assert.equal(found.state, "submitted");
  assert.equal(found.pageSaw.state, "confirmed");
  assert.equal(found.receipt.text, filled);
  await page.close();
});

test("text the person types themselves is kept", async () => {
  const page = await fresh();
  // The form script listens from its first look at the page (it notes the state then).
  await waitInWorld(page, 'typeof globalThis.optout.formState === "string"');
  const box = page.locator("textarea").first();
  await box.click();
  await page.keyboard.type("My own words.");
  await settle();
  await page.evaluate((words) => {
    document.querySelector("form").innerHTML =
      `<div role=dialog><span>${words}</span></div>`;
  }, SUCCESS);
  let found;
  for (let i = 0; i < 50 && !found?.receipt; i += 1) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    found = await instagram();
  }
  assert.equal(found.receipt.text, "My own words.");
  await page.close();
});

test("the person's texts and checklist moves answer only Meta's objection form", async () => {
  const ask = (type, url, tab = true) =>
    browser.worker.evaluate(
      ([t, u, hasTab]) =>
        globalThis.optout.answer(
          { type: t, platform: "instagram", state: "submitted", text: "x" },
          { id: chrome.runtime.id, url: u, ...(hasTab ? { tab: { id: 1 } } : {}) },
        ),
      [type, url, tab],
    );
  await browser.worker.evaluate(
    (profile) => chrome.storage.local.set({ profile }),
    PROFILE,
  );
  const composed = await ask("composeForPage", FORM);
  assert.match(composed.text, /I am a photographer/);
  for (const url of [
    "https://www.instagram.com/p/some-post/",
    "https://help.instagram.com/contact/1234567890", // a contact form, not the AI one
    "https://evil.example/contact/767264225370182",
  ]) {
    const refused = await ask("composeForPage", url);
    assert.equal(refused.error?.name, "Forbidden", url);
    assert.equal((await ask("formProgress", url)).error?.name, "Forbidden", url);
  }
  assert.equal((await ask("composeForPage", FORM, false)).error?.name, "Forbidden");
  assert.equal((await ask("refreshNow", FORM)).error?.name, "Forbidden");
});

test("content scripts on Meta's pages cannot read the extension's storage", async () => {
  const page = await fresh();
  await panelShown(page);
  const result = await (
    await contentWorld(page)
  ).evaluate(`chrome.storage.local.get("profile").then(
      (found) => JSON.stringify(found), (error) => "refused: " + error.message)`);
  assert.match(String(result), /^refused|^undefined/);
  await page.close();
});
