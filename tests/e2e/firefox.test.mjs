// The packaged Firefox zip in Firefox ESR (puppeteer-core over WebDriver BiDi, the
// release zip installed as a temporary add-on): the background answers the content
// script, which highlights exactly what optout_lib finds. Firefox cannot open the
// popup under automation, so popup tests stay on Chromium.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";

import puppeteer from "puppeteer-core";

import {
  EXTENSION,
  describeInPage,
  fixtureUrl,
  fixtures,
  formFieldsInPage,
  keyPair,
  serveFixtures,
  sign,
} from "./harness.mjs";

const FIREFOX = process.env.OPTOUT_FIREFOX || "/usr/bin/firefox-esr";
const META = /(^|\.)(instagram|facebook)\.com$/;
const pages = fixtures().filter((f) => META.test(new URL(f.expected.url).hostname));
const describeCases = JSON.parse(
  fs.readFileSync(
    path.join(EXTENSION, "..", "tests/cases/describe/cases.json"),
    "utf8",
  ),
);
const bundle = JSON.parse(
  fs.readFileSync(path.join(EXTENSION, "data", "bundle.json"), "utf8"),
);
const DETECTOR = ["lib/detect.js", "lib/describe.js"].map((f) =>
  fs.readFileSync(path.join(EXTENSION, f), "utf8"),
);
let server;
let browser;
let work;
let installed; // the add-on's id, from Firefox

before(async () => {
  if (!fs.existsSync(FIREFOX)) {
    throw new Error(
      `${FIREFOX} is missing: apt-get install firefox-esr (the browser tests never skip)`,
    );
  }
  server = await serveFixtures(
    Object.fromEntries(describeCases.map((c, i) => [`describe-${i}`, c.html])),
  );
  const hosts = [...new Set(pages.map((f) => new URL(f.expected.url).hostname))];
  browser = await puppeteer.launch({
    browser: "firefox",
    executablePath: FIREFOX,
    headless: true,
    acceptInsecureCerts: true,
    extraPrefsFirefox: {
      // Firefox has no resolver-rules flag: these hosts resolve to this machine and
      // every connection to port 443 goes to the fixture server's port instead.
      "network.dns.localDomains": hosts.join(","),
      "network.socket.forcePort": `443=${server.port}`,
    },
  });
  // The release zip itself (bash scripts/package), as a person installs it: its
  // Firefox manifest differs from the folder's (background scripts, no worker).
  work = fs.mkdtempSync(path.join(os.tmpdir(), "optout-firefox-"));
  execFileSync("bash", ["scripts/package", "--out", work], {
    cwd: path.join(EXTENSION, ".."),
    stdio: "ignore",
  });
  const { version } = JSON.parse(
    fs.readFileSync(path.join(EXTENSION, "manifest.json"), "utf8"),
  );
  installed = await browser.installExtension(
    path.join(work, `optout-${version}-firefox.zip`),
  );
});
after(async () => {
  await browser?.close();
  await server?.close();
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

test("the Firefox release zip installs as the add-on the manifest names", () => {
  const manifest = JSON.parse(
    fs.readFileSync(path.join(EXTENSION, "manifest.json"), "utf8"),
  );
  assert.equal(installed, manifest.browser_specific_settings.gecko.id);
});

for (const { name, expected } of pages) {
  test(`Firefox highlights what optout_lib finds: ${name}`, async () => {
    const page = await browser.newPage();
    await page.goto(fixtureUrl(name, expected.url));
    // The content script leaves no mark of its own on the page (and BiDi does not reach
    // its world): a link to the form, added here, is highlighted once it has scanned.
    await page.evaluate(() => {
      const link = document.createElement("a");
      link.id = "optout-e2e-probe";
      link.href = "https://help.instagram.com/contact/767264225370182";
      link.textContent = "object";
      document.body.append(link);
    });
    await page.waitForSelector("#optout-e2e-probe[data-optout-highlight]", {
      timeout: 10000,
    });
    await page.evaluate(() => document.getElementById("optout-e2e-probe").remove());
    const found = await page.$$eval("[data-optout-highlight]", (links) =>
      links.map((a) => [a.href, a.getAttribute("data-optout-highlight")]),
    );
    assert.deepEqual(
      found,
      expected.links.map((l) => [l.href, l.kind]),
    );
    await page.close();
  });
}

test("Firefox: the page cannot reach the fill panel's button, and its clicks do nothing", async () => {
  // Issue 16: in Firefox an untrusted click on the (then open) panel reached the
  // background. Now the panel is a closed shadow root in the top layer.
  const page = await browser.newPage();
  await page.goto(
    fixtureUrl(
      "instagram-form-en-2025",
      "https://help.instagram.com/contact/767264225370182",
    ),
  );
  await page.waitForSelector("html > [popover]", { timeout: 10000 });
  const values = () =>
    page.$$eval("input, textarea, select", (boxes) => boxes.map((b) => b.value));
  const before_ = await values();
  const seen = await page.evaluate(() => {
    const host = document.querySelector("html > [popover]");
    host.click(); // untrusted, and not even the button
    host.dispatchEvent(new MouseEvent("click", { bubbles: true, composed: true }));
    return {
      open: host.matches(":popover-open"),
      root: host.shadowRoot,
      buttons: document.querySelectorAll("button[data-optout-action]").length,
    };
  });
  assert.deepEqual(seen, { open: true, root: null, buttons: 0 });
  await new Promise((resolve) => setTimeout(resolve, 500));
  assert.deepEqual(await values(), before_);
  await page.close();
});

test("Firefox's WebCrypto checks signed data with the extension's own code", async () => {
  // The same lib/signature.js the background runs, in a secure page of this Firefox.
  const pair = keyPair();
  const body = JSON.stringify({ data_version: "a".repeat(20) });
  const good = sign(pair, body, 7);
  const forged = good.replace('"sequence":7', '"sequence":8');
  const page = await browser.newPage();
  await page.goto(fixtureUrl(pages[0].name, pages[0].expected.url));
  const source = fs.readFileSync(path.join(EXTENSION, "lib", "signature.js"), "utf8");
  const results = await page.evaluate(
    async (code, text, key, good, bad) => {
      (0, eval)(code);
      const bytes = new TextEncoder().encode(text);
      const check = (sig) =>
        globalThis.optout.signature.verifySignature(bytes, sig, [key]).then(
          (r) => `valid ${r.sequence}`,
          (e) => `refused: ${e.message}`,
        );
      return [await check(good), await check(bad)];
    },
    source,
    body,
    pair.pub,
    good,
    forged,
  );
  assert.deepEqual(results, [
    "valid 7",
    "refused: the signature does not match the bundle and key",
  ]);
  await page.close();
});

/** Load the detector's two scripts into a page of this Firefox, as plain page scripts. */
async function withDetector(name, url) {
  const page = await browser.newPage();
  await page.goto(fixtureUrl(name, url));
  await page.evaluate((sources) => {
    for (const code of sources) (0, eval)(code);
  }, DETECTOR);
  return page;
}

describeCases.forEach((c, i) => {
  test(`Firefox: describe.js reads it as describe.py does: ${c.description}`, async () => {
    const page = await withDetector(
      `describe-${i}`,
      "https://www.facebook.com/describe",
    );
    const got = await page.evaluate(describeInPage);
    assert.deepEqual(got, c.expected);
    await page.close();
  });
});

for (const { name, expected } of pages.filter((f) => f.expected.fields.length)) {
  test(`Firefox: the detector finds the fields optout_lib finds: ${name}`, async () => {
    const page = await withDetector(name, expected.url);
    const formId = new URL(expected.url).pathname.match(/([0-9]{6,20})\/?$/)[1];
    const got = await page.evaluate(formFieldsInPage, [bundle.view.detector, formId]);
    assert.deepEqual(
      got.map(([field]) => field).sort(),
      expected.fields.map((f) => f.field).sort(),
    );
    for (const f of expected.fields) {
      assert.ok(
        got.some(
          ([field, locator]) =>
            field === f.field && locator.includes(f.locator_contains),
        ),
        f.field,
      );
    }
    await page.close();
  });
}
