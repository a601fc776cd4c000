// After the form, in the real extension: one account walks from "not started" to
// "confirmed" (noticed on Meta's form page), another to "rejected → complaint"; both
// survive an extension reload and a data update; receipts export and import intact
// and are read by optout_lib; the popup lints the person's words and shows a QR code.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";

import jsQR from "jsqr";

import {
  EXTENSION,
  fixtureUrl,
  keyPair,
  open,
  pressFill,
  sign,
  start,
  waitFilled,
  waitInWorld,
  unfold,
} from "./harness.mjs";

const ROOT = path.join(EXTENSION, "..");
const REPLIES = path.join(ROOT, "tests", "cases", "replies");
const PYTHON = path.join(ROOT, ".venv", "bin", "python");
const bundle = JSON.parse(
  fs.readFileSync(path.join(EXTENSION, "data", "bundle.json"), "utf8"),
);
const PROFILE = {
  country: "DE",
  language: "de",
  email: "ana@example.org",
  name: "Ana Beispiel",
  arguments: ["no-way-back"],
  personal: "Ich bin Fotografin.",
};
const REGULATOR_HOST = "datenschutz-hamburg.de"; // Germany's regulator in the data
let browser;
let base;
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "optout-after-"));

const profileDir = path.join(scratch, "profile");

before(async () => {
  browser = await start({ hosts: [REGULATOR_HOST], profile: profileDir });
  base = `chrome-extension://${new URL(browser.worker.url()).host}`;
  await browser.worker.evaluate(
    (profile) => chrome.storage.local.set({ profile }),
    PROFILE,
  );
});
after(async () => {
  await browser?.close();
  fs.rmSync(scratch, { recursive: true, force: true });
});

const stored = async (key) =>
  (await browser.worker.evaluate((k) => chrome.storage.local.get(k), key))[key];
const account = async (id) =>
  ((await stored("accounts")) || []).find((a) => a.id === id);
const sha256 = (text) => crypto.createHash("sha256").update(text, "utf8").digest("hex");

async function tracker() {
  const page = await browser.context.newPage();
  await page.goto(`${base}/tracker/tracker.html`);
  await page.waitForSelector("html[data-ready]");
  return page;
}

/** Wait until the stored account is in `state` and `also(account)` holds (the background writes it). */
async function until(id, state, also = () => true) {
  for (let i = 0; i < 100; i++) {
    const found = await account(id);
    if (found && found.state === state && also(found)) return found;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail(`${id} never reached ${state}: ${JSON.stringify(await account(id))}`);
}

/** Run optout_lib on a receipt: the extension's export must be what the library reads. */
function library(code, receipt) {
  const file = path.join(scratch, "receipt.json");
  fs.writeFileSync(file, JSON.stringify(receipt));
  return execFileSync(PYTHON, ["-c", code, file], { encoding: "utf8" });
}

async function downloaded(page, click) {
  const [download] = await Promise.all([page.waitForEvent("download"), click()]);
  return fs.readFileSync(await download.path(), "utf8");
}

test("Instagram: not started → code pending → confirmed, noticed on Meta's form page", async () => {
  const list = await tracker();
  const card = list.locator('article[data-account="instagram"]');
  assert.equal(await card.getAttribute("data-state"), "not-started");
  assert.match(await list.textContent("#coverage"), /Accounts Centre/);

  const form = await open(
    browser.context,
    fixtureUrl(
      "instagram-form-en-2025",
      "https://help.instagram.com/contact/767264225370182",
    ),
  );
  await pressFill(form);
  const sent = await waitFilled(form, "reason");
  // Meta's page, after Submit: the form gives way to the e-mailed-code step ...
  await form.evaluate(() => {
    document.querySelector("form").innerHTML =
      '<label for="otp">Confirmation code</label> <input id="otp" autocomplete="one-time-code">';
  });
  await waitInWorld(form, 'globalThis.optout.formState === "code"');
  await until("instagram", "code-pending");
  await list.waitForSelector(
    'article[data-account="instagram"][data-state="code-pending"]',
  );
  // ... and then to its success message.
  await form.evaluate(() => {
    document.querySelector("form").innerHTML =
      "<div role=dialog><span>This means your request will be applied going forward. " +
      "You\u2019ll receive an email with details.</span></div>";
  });
  // The page's word alone is a claim (a script on it could write the same words):
  // the checklist asks the person, who confirms it.
  const claimed = await until("instagram", "submitted", (a) => a.pageSaw);
  assert.equal(claimed.pageSaw.state, "confirmed");
  const question = card.locator(".page-saw");
  await question.waitFor({ state: "visible" });
  assert.match(await question.textContent(), /success message.*Confirmed by Meta/s);
  await card.locator(".confirm-page").click();
  const confirmed = await until("instagram", "confirmed");
  assert.equal(confirmed.pageSaw, undefined);
  assert.deepEqual(
    confirmed.history.map((h) => h.state),
    ["code-pending", "submitted", "confirmed"],
  );
  const { receipt } = confirmed;
  assert.equal(receipt.text, sent);
  assert.equal(receipt.text_sha256, sha256(sent));
  assert.deepEqual(
    [receipt.platform, receipt.country, receipt.route, receipt.data_version],
    ["instagram", "DE", "instagram-objection-2025", bundle.data_version],
  );
  await list.waitForSelector(
    'article[data-account="instagram"][data-state="confirmed"]',
  );
  assert.match(await card.textContent(), /Confirmed by Meta/);

  // The person pastes Meta's e-mail: triaged as honoured, kept on the receipt.
  const reply = fs.readFileSync(path.join(REPLIES, "accepted.en.1.txt"), "utf8");
  await card.locator("summary").click();
  await card.locator(".reply").fill(reply);
  await card.locator(".triage").click();
  // The page asks the background to keep the answer: wait for it to be stored.
  const answered = await until("instagram", "confirmed", (a) => a.receipt.outcome);
  await list.waitForFunction(
    () =>
      document.querySelector('article[data-account="instagram"] .triage-summary')
        .textContent,
  );
  assert.equal(answered.receipt.outcome, "accepted");
  assert.equal(answered.receipt.reply, reply.trim());

  // Reminders as a calendar file: the same bytes optout_lib writes for this receipt.
  const ics = await downloaded(list, () =>
    list.locator('article[data-account="instagram"] .ics').click(),
  );
  const fromLibrary = library(
    "import json,sys,optout_lib as o\nr=o.parse_receipt(json.load(open(sys.argv[1])))\n" +
      "sys.stdout.write(o.reminders_ics(r, language='en'))",
    answered.receipt,
  );
  assert.equal(ics, fromLibrary);
  assert.match(ics, /^BEGIN:VCALENDAR\r\n/);

  // The printable evidence page shows the text, its fingerprint and Meta's answer.
  const [evidence] = await Promise.all([
    browser.context.waitForEvent("page"),
    list.locator('article[data-account="instagram"] .evidence').click(),
  ]);
  await evidence.waitForSelector("html[data-ready]");
  assert.equal(await evidence.textContent("#text"), sent);
  assert.match(await evidence.textContent("#facts"), new RegExp(sha256(sent)));
  assert.match(await evidence.textContent("#reply"), /will honor your objection/);
  await evidence.close();
  await form.close();
  await list.close();
});

test("Facebook: marked sent by hand, rejected → a complaint to the regulator", async () => {
  const list = await tracker();
  const card = list.locator('article[data-account="facebook"]');
  await card.locator(".set-state").selectOption("submitted");
  const sentByHand = await until("facebook", "submitted");
  assert.equal(sentByHand.receipt.route, "facebook-objection-2025");
  assert.equal(sentByHand.receipt.text, undefined); // nothing was typed: no text to keep

  const reply = fs.readFileSync(path.join(REPLIES, "rejected.de.1.txt"), "utf8");
  await list.waitForSelector(
    'article[data-account="facebook"][data-state="submitted"]',
  );
  await card.locator("summary").click();
  await card.locator(".reply").fill(reply);
  await card.locator(".triage").click();
  const rejected = await until("facebook", "rejected");
  assert.equal(rejected.receipt.outcome, "rejected");

  await list.locator('article[data-account="facebook"] .complaint').click();
  const letter = await list.inputValue(
    'article[data-account="facebook"] .complaint-text',
  );
  const fromLibrary = JSON.parse(
    library(
      "import json,sys,optout_lib as o\nl=o.compose_complaint(country='DE', receipt=json.load(open(sys.argv[1])), name='Ana Beispiel')\n" +
        "print(json.dumps({'subject': l.subject, 'text': l.text, 'url': l.url}))",
      rejected.receipt,
    ),
  );
  assert.equal(letter, `${fromLibrary.subject}\n\n${fromLibrary.text}`);
  assert.match(letter, /Widerspruch/); // in the regulator's language, German
  assert.match(letter, /Leider können wir deinem Widerspruch nicht nachkommen/); // Meta's answer quoted
  // Which authority (national, not Meta's lead DPC), what to attach and the deadlines, from the data.
  const box = list.locator('article[data-account="facebook"] .complaint-box');
  assert.match(
    await box.locator(".regulator-choice").textContent(),
    /national authority.*Irish Data Protection Commission/,
  );
  const regulator = bundle.view.regulators.hmbbfdi;
  assert.deepEqual(
    await box.locator(".regulator-notes li").allTextContents(),
    [...regulator.what_to_attach, ...regulator.deadlines].map((t) => t.en),
  );

  const file = await downloaded(list, () =>
    list.locator('article[data-account="facebook"] .download-complaint').click(),
  );
  assert.equal(file, letter);
  const [regulatorPage] = await Promise.all([
    browser.context.waitForEvent("page"),
    list.locator('article[data-account="facebook"] .open-regulator').click(),
  ]);
  assert.equal(regulatorPage.url(), fromLibrary.url);
  await regulatorPage.close();
  await list.close();
});

test("nothing is lost across a browser restart and a data update; export and import round-trip", async () => {
  const before_ = await stored("accounts");
  assert.deepEqual(
    before_.map((a) => a.state),
    ["confirmed", "rejected"],
  );

  // A data update as the daily refresh stores it: the server's bytes and signature,
  // by a key the person trusts; every later load verifies it again.
  const updated = { ...bundle, data_version: "0123456789abcdef0123" };
  const pair = keyPair();
  const body = JSON.stringify(updated);
  await browser.worker.evaluate(
    ([key, record]) =>
      chrome.storage.local.set({ settings: { trustedKeys: [key] }, bundle: record }),
    [pair.pub, { body, signature: sign(pair, body, 1), etag: null }],
  );
  // Restart the browser on the same profile: the extension's code is loaded again from
  // disk with a new service worker; its storage must be as it was. (chrome.runtime.reload
  // disables an extension loaded with --load-extension, so a restart stands in for it.)
  await browser.close();
  browser = await start({ hosts: [REGULATOR_HOST], profile: profileDir });
  assert.deepEqual(await stored("accounts"), before_);
  assert.equal(
    await browser.worker.evaluate(
      async () => (await globalThis.optout.currentBundle(chrome)).data_version,
    ),
    updated.data_version,
  );

  const list = await tracker();
  assert.equal(await list.locator("article[data-account]").count(), 2);
  const exported = JSON.parse(await downloaded(list, () => list.click("#export")));
  assert.equal(exported.format, "optout-receipts");
  assert.deepEqual(exported.accounts, before_);
  // optout_lib reads every exported receipt.
  for (const { receipt } of exported.accounts) {
    library(
      "import json,sys,optout_lib as o\no.parse_receipt(json.load(open(sys.argv[1])))",
      receipt,
    );
  }

  const file = path.join(scratch, "optout-receipts.json");
  fs.writeFileSync(file, JSON.stringify(exported));
  await browser.worker.evaluate(() => chrome.storage.local.remove("accounts"));
  await list.reload();
  await list.waitForSelector("html[data-ready]");
  await list.setInputFiles("#import", file);
  await list.waitForSelector("#backup-status:has-text('Imported 2')");
  assert.deepEqual(await stored("accounts"), before_);

  // A file that fails a check changes nothing, and says why.
  const bad = structuredClone(exported);
  bad.accounts[0].receipt.route = "javascript:alert(1)";
  fs.writeFileSync(file, JSON.stringify(bad));
  await list.setInputFiles("#import", file);
  await list.waitForSelector("#backup-status:has-text('Not imported')");
  assert.deepEqual(await stored("accounts"), before_);
  await list.close();
});

test("the popup lints the person's own words, lists the checklist, and hands off to the phone", async () => {
  const page = await browser.context.newPage();
  await page.goto(`${base}/popup/popup.html`);
  await page.waitForSelector("html[data-ready]");
  // The choices and the composer are folded away under the status: unfold them.
  await unfold(page);
  await page.selectOption("#language", "en");
  await page.fill(
    "#personal",
    "My daughter is 8 and I have a chronic illness, so please stop.",
  );
  const codes = await page.$$eval("#lint-findings li", (items) =>
    items.map((li) => li.dataset.code),
  );
  assert.ok(
    codes.includes("discloses-children") && codes.includes("discloses-health"),
    codes.join(),
  );
  await page.fill("#personal", "I am a photographer and sell my pictures.");
  assert.equal(await page.isHidden("#lint"), true);

  assert.match(
    await page.textContent("#progress-list"),
    /Instagram: Confirmed by Meta/,
  );
  await page.selectOption("#platform", "facebook");
  await page.click("#phone summary");
  assert.match(await page.textContent("#app-path"), /Settings & privacy/);
  const pixels = await page.$eval("#qr", (canvas) => {
    const data = canvas
      .getContext("2d")
      .getImageData(0, 0, canvas.width, canvas.height);
    return { width: data.width, height: data.height, data: [...data.data] };
  });
  const decoded = jsQR(
    Uint8ClampedArray.from(pixels.data),
    pixels.width,
    pixels.height,
  );
  assert.equal(
    decoded && decoded.data,
    "https://www.facebook.com/help/contact/712876720715583",
  );
  await page.close();
});
