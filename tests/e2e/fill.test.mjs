// Pre-filling Meta's form in real Chromium: only when asked, never over what is there,
// never submitting, with exactly the text optout_lib composes.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";

import {
  EXTENSION,
  contentWorld,
  filledFields,
  fixtureUrl,
  open,
  panelShown,
  pressFill,
  start,
  waitFilled,
} from "./harness.mjs";
import operations from "../../extension/lib/operations.js";

const bundle = JSON.parse(
  fs.readFileSync(path.join(EXTENSION, "data", "bundle.json"), "utf8"),
);
const profile = {
  country: "IT",
  language: "en",
  email: "ana@example.org",
  name: "Ana Esempio",
  arguments: ["loss-of-control", "creative-work"],
  personal: "Sono una fotografa {platform}.",
};
let browser;

before(async () => {
  browser = await start();
  await browser.worker.evaluate(
    (p) => chrome.storage.local.set({ profile: p }),
    profile,
  );
});
after(async () => {
  await browser?.close();
});

function expectedText(platform, language) {
  return operations.composeObjection(bundle.view, { ...profile, platform, language });
}

async function fillPage(name, url) {
  const page = await open(browser.context, fixtureUrl(name, url));
  await panelShown(page);
  const posts = [];
  page.on("request", (request) => {
    if (request.method() !== "GET") posts.push(request.url());
  });
  return { page, posts };
}

test("nothing is filled until the person asks", async () => {
  const { page } = await fillPage(
    "facebook-form-it-2024",
    "https://www.facebook.com/help/contact/6359191084165019",
  );
  assert.deepEqual(await filledFields(page), []);
  assert.equal(await page.inputValue("#js_4f"), "");
  await page.close();
});

test("fills e-mail, country and reason in the page's language (Italian)", async () => {
  const { page, posts } = await fillPage(
    "facebook-form-it-2024",
    "https://www.facebook.com/help/contact/6359191084165019",
  );
  const status = await pressFill(page);
  assert.equal(await page.inputValue("#js_2k"), "ana@example.org");
  assert.equal(
    await page.$eval("#js_1d", (s) => s.selectedOptions[0].textContent.trim()),
    "Italia",
  );
  assert.equal(await page.inputValue("#js_4f"), expectedText("facebook", "it"));
  assert.equal(await page.inputValue("#js_6m"), ""); // "details" is the person's own
  assert.match(status, /submit button yourself/);
  assert.equal(new URL(page.url()).pathname, "/help/contact/6359191084165019");
  assert.deepEqual(posts, []);
  await page.close();
});

test("never overwrites what is already there (Meta's own e-mail, typed text)", async () => {
  const { page } = await fillPage(
    "instagram-form-en-2025",
    "https://help.instagram.com/contact/767264225370182",
  );
  await page.fill('[id=":rc:"]', "My own words, typed before.");
  const status = await pressFill(page);
  assert.equal(await page.inputValue('[id=":r5:"]'), "person@example.com");
  assert.equal(await page.inputValue('[id=":rc:"]'), "My own words, typed before.");
  assert.deepEqual(await filledFields(page), []);
  // Meta pre-filled another address than the profile's: a warning, not "left as it was".
  assert.match(status, /Left as you had it: reason\./);
  assert.match(status, /Meta shows a different e-mail than yours: check it\./);
  await page.close();
});

/**
 * The text a control holds: an input's value, or a contenteditable box's text with
 * white space folded (the editor turns each line break into its own block markup).
 */
function textOf(page, selector) {
  return page.$eval(selector, (e) =>
    "value" in e && e.localName !== "div"
      ? e.value
      : e.innerText.replace(/\s+/g, " ").trim(),
  );
}
const folded = (text, selector) =>
  selector.includes(":r1k:") ? text.replace(/\s+/g, " ").trim() : text;

for (const [name, url, platform, language, reason] of [
  [
    "facebook-form-de-2025",
    "https://de-de.facebook.com/help/contact/712876720715583",
    "facebook",
    "de",
    "#js_b2",
  ],
  [
    "instagram-form-fr",
    "https://help.instagram.com/contact/767264225370182",
    "instagram",
    "fr",
    "#u_0_d_Pf",
  ],
  // A contenteditable <div role=textbox>, typed into through the browser's editing pipeline.
  [
    "instagram-form-es",
    "https://help.instagram.com/contact/767264225370182",
    "instagram",
    "es",
    '[id=":r1k:"]',
  ],
  [
    "facebook-form-pt-br",
    "https://www.facebook.com/help/contact/712876720715583",
    "facebook",
    "pt-BR",
    '[id=":rc:"]',
  ],
  // Languages added as data only (issue 7): found by their own labels, composed in them.
  [
    "facebook-form-cs",
    "https://cs-cz.facebook.com/help/contact/712876720715583",
    "facebook",
    "cs",
    "#js_rk",
  ],
  [
    "instagram-form-sk",
    "https://help.instagram.com/contact/767264225370182",
    "instagram",
    "sk",
    "#u_0_i_Uh",
  ],
]) {
  test(`composes in the form's language: ${language}`, async () => {
    const { page } = await fillPage(name, url);
    await pressFill(page);
    await waitFilled(page, "reason");
    assert.equal(
      await textOf(page, reason),
      folded(expectedText(platform, language), reason),
    );
    await page.close();
  });
}

test("a pop-up country list is left to the person, and the panel says so", async () => {
  const { page } = await fillPage(
    "facebook-form-pt-br",
    "https://www.facebook.com/help/contact/712876720715583",
  );
  const status = await pressFill(page);
  await waitFilled(page, "reason");
  assert.ok(!(await filledFields(page)).some(([field]) => field === "country"));
  assert.equal(await page.getAttribute('[id=":r7:"]', "aria-expanded"), "false"); // never clicked open
  assert.match(status, /Please choose yourself: country/);
  await page.close();
});

test("no panel on pages that are not an objection form", async () => {
  const page = await open(
    browser.context,
    fixtureUrl(
      "facebook-third-party-form-pl",
      "https://www.facebook.com/help/contact/1266025207620918",
    ),
  );
  await page.waitForTimeout(300);
  const world = await contentWorld(page);
  assert.equal(await world.evaluate("globalThis.optout.ready"), true);
  assert.equal(await world.evaluate("globalThis.optout.panel"), undefined);
  await page.close();
});
