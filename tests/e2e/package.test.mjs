// The Chrome release zip (bash scripts/package) loads as it is, and a hint server baked
// in with --update-url is the one it refreshes from, with no host permission (CORS).
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";

import { EXTENSION, HINT_SERVER_URL, start, withHintServer } from "./harness.mjs";

const ROOT = path.resolve(EXTENSION, "..");
let browser;
let work;

before(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), "optout-package-e2e-"));
  execFileSync(
    "bash",
    ["scripts/package", "--out", work, "--update-url", HINT_SERVER_URL],
    { cwd: ROOT, stdio: "ignore" },
  );
  const { version } = JSON.parse(
    fs.readFileSync(path.join(EXTENSION, "manifest.json"), "utf8"),
  );
  const unpacked = path.join(work, "chrome");
  // Python's zipfile, which every set-up here has (no unzip binary needed).
  execFileSync("python3", [
    "-m",
    "zipfile",
    "-e",
    path.join(work, `optout-${version}-chrome.zip`),
    unpacked,
  ]);
  browser = await start({ source: unpacked });
});
after(async () => {
  await browser?.close();
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

test("the packaged Chrome extension refreshes from the server baked into it", async () => {
  const log = await withHintServer([], async () => {
    const result = await browser.worker.evaluate(() => globalThis.optout.refreshNow());
    assert.equal(result.status, "current", JSON.stringify(result));
  });
  assert.ok(
    log.some((line) => /GET \/v1\/bundle /.test(line)),
    log.join("\n"),
  );
  const page = await browser.context.newPage();
  await page.goto(
    browser.worker.url().replace("background.js", "options/options.html"),
  );
  await page.waitForFunction(() => document.querySelector("#server-url").value !== "");
  assert.equal(await page.inputValue("#server-url"), HINT_SERVER_URL);
  await page.close();
});
