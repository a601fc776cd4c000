// One script list (extension/scripts.json): the manifest, the service worker and every
// page load exactly what it says, in its order (scripts/wire_extension.mjs writes them).
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

import { wiring } from "../../scripts/wire_extension.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const EXTENSION = path.join(ROOT, "extension");
const list = JSON.parse(fs.readFileSync(path.join(EXTENSION, "scripts.json"), "utf8"));

for (const [name, [now, wanted]] of Object.entries(wiring(ROOT))) {
  test(`${name} loads the scripts extension/scripts.json lists`, () => {
    assert.equal(now, wanted, `${name} is stale: run node scripts/wire_extension.mjs`);
  });
}

test("every page with scripts is in the list, and every script the extension ships is loaded somewhere", () => {
  const walk = (dir) =>
    fs
      .readdirSync(path.join(EXTENSION, dir), { withFileTypes: true })
      .flatMap((entry) => {
        const name = path.posix.join(dir, entry.name);
        return entry.isDirectory() ? walk(name) : [name];
      });
  const files = walk(".").map((f) => path.posix.normalize(f));
  const pages = files.filter(
    (f) =>
      f.endsWith(".html") &&
      fs.readFileSync(path.join(EXTENSION, f), "utf8").includes("<script"),
  );
  assert.deepEqual(pages.sort(), Object.keys(list.pages).sort());
  const loaded = new Set([
    ...list.background,
    ...list.content,
    ...Object.values(list.pages).flat(),
    "background.js",
  ]);
  assert.deepEqual(
    files.filter((f) => f.endsWith(".js") && !loaded.has(f)),
    [],
  );
});

test("no script is listed twice for one context", () => {
  for (const [where, scripts] of [
    ["background", list.background],
    ["content", list.content],
    ...Object.entries(list.pages),
  ]) {
    assert.equal(new Set(scripts).size, scripts.length, where);
  }
});
