// The detector's DOM half in real Chromium: lib/describe.js reads the hand-checked
// snippets of tests/cases/describe/ exactly as optout_lib's describe.py does, and on
// every saved form page finds the fields optout_lib finds.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";

import {
  EXTENSION,
  describeInPage,
  fixtures,
  fixtureUrl,
  formFieldsInPage,
  start,
} from "./harness.mjs";

const ROOT = path.resolve(EXTENSION, "..");
const cases = JSON.parse(
  fs.readFileSync(path.join(ROOT, "tests/cases/describe/cases.json"), "utf8"),
);
const bundle = JSON.parse(
  fs.readFileSync(path.join(EXTENSION, "data/bundle.json"), "utf8"),
);
const SCRIPTS = ["lib/detect.js", "lib/describe.js"].map((f) =>
  path.join(EXTENSION, f),
);
const pages = Object.fromEntries(cases.map((c, i) => [`describe-${i}`, c.html]));
let browser;

before(async () => {
  // No extension: the engine's files are loaded into the page itself, as plain scripts.
  browser = await start({ extension: false, pages });
});
after(async () => {
  await browser?.close();
});

/** Open a page and load the detector's two scripts into it. */
async function withDetector(name, url) {
  const page = await browser.context.newPage();
  await page.goto(fixtureUrl(name, url));
  for (const file of SCRIPTS) await page.addScriptTag({ path: file });
  return page;
}

cases.forEach((c, i) => {
  test(`describe.js reads it as describe.py does: ${c.description}`, async () => {
    const page = await withDetector(
      `describe-${i}`,
      "https://www.facebook.com/describe",
    );
    const got = await page.evaluate(describeInPage);
    assert.deepEqual(got, c.expected);
    await page.close();
  });
});

for (const { name, expected, html } of fixtures().filter(
  (f) => f.expected.fields.length,
)) {
  test(`describe.js finds the fields optout_lib finds: ${name}`, async () => {
    const page = await withDetector(name, expected.url);
    const formId = new URL(expected.url).pathname.match(/([0-9]{6,20})\/?$/)[1];
    const got = await page.evaluate(formFieldsInPage, [bundle.view.detector, formId]);
    const want = expected.fields.map((f) => f.field).sort();
    assert.deepEqual(got.map(([field]) => field).sort(), want, html);
    for (const f of expected.fields) {
      assert.ok(
        got.some(
          ([field, locator]) =>
            field === f.field && locator.includes(f.locator_contains),
        ),
        `${f.field} in ${name}`,
      );
    }
    await page.close();
  });
}
