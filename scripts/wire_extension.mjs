#!/usr/bin/env node
// Writes the extension's script order, kept in one file (extension/scripts.json), into
// every place a browser reads it: manifest.json's background.scripts (Firefox runs
// those; background.js comes last) and content_scripts[0].js, background.js's
// importScripts (Chrome runs background.js alone as the service worker, and it must
// call importScripts synchronously, so it cannot read the list at run time), and each
// page's <script> tags.
//
// Generated rather than only checked: with a check alone the list would still be
// edited in seven places, with the test saying where; this way a change is one edit
// plus `node scripts/wire_extension.mjs` (`bash scripts/regenerate` runs it), and
// tests/js/scripts.test.mjs fails while any file differs from what this writes.
// `--check` names the stale files and exits 1 instead of writing.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const SCRIPT_TAG = /^(\s*)<script src="[^"]*"><\/script>\s*$/;
const IMPORT = /importScripts\([^)]*\);/g;

function fail(message) {
  throw new Error(`extension/scripts.json: ${message}`);
}

/** manifest.json with the background and content-script lists from `list`. */
function manifest(text, list) {
  const data = JSON.parse(text);
  if (
    !data.background ||
    !Array.isArray(data.content_scripts) ||
    data.content_scripts.length !== 1
  ) {
    fail("manifest.json must have a background and exactly one content_scripts entry");
  }
  data.background.scripts = [...list.background, data.background.service_worker];
  data.content_scripts[0].js = list.content;
  return `${JSON.stringify(data, null, 2)}\n`;
}

/** The service worker with its importScripts call naming `list.background`. */
function worker(text, list) {
  if ((text.match(IMPORT) || []).length !== 1)
    fail("background.js must call importScripts(...) exactly once");
  const call = `importScripts(\n${list.background.map((file) => `    ${JSON.stringify(file)},`).join("\n")}\n  );`;
  return text.replace(IMPORT, call);
}

/** A page with its one block of <script src> lines replaced by `scripts`. */
function page(text, name, scripts) {
  const lines = text.split("\n");
  const tags = lines
    .map((line, i) => (SCRIPT_TAG.test(line) ? i : -1))
    .filter((i) => i >= 0);
  if (!tags.length || tags[tags.length - 1] - tags[0] !== tags.length - 1) {
    fail(`${name} must have its <script src> tags in one block, one per line`);
  }
  const indent = lines[tags[0]].match(SCRIPT_TAG)[1];
  const from = path.posix.dirname(name);
  const block = scripts.map(
    (file) => `${indent}<script src="${path.posix.relative(from, file)}"></script>`,
  );
  lines.splice(tags[0], tags.length, ...block);
  return lines.join("\n");
}

/** Every file the list decides: relative path → [its text now, the text it should have]. */
export function wiring(root = ROOT) {
  const extension = path.join(root, "extension");
  const read = (name) => fs.readFileSync(path.join(extension, name), "utf8");
  const list = JSON.parse(read("scripts.json"));
  const named = [
    ...list.background,
    ...list.content,
    ...Object.values(list.pages).flat(),
  ];
  for (const file of new Set(named)) {
    if (!fs.existsSync(path.join(extension, file))) fail(`${file} does not exist`);
  }
  const files = {};
  const add = (name, make) => {
    const now = read(name);
    files[`extension/${name}`] = [now, make(now)];
  };
  add("manifest.json", (text) => manifest(text, list));
  add(JSON.parse(read("manifest.json")).background.service_worker, (text) =>
    worker(text, list),
  );
  for (const [name, scripts] of Object.entries(list.pages))
    add(name, (text) => page(text, name, scripts));
  return files;
}

if (
  process.argv[1] &&
  path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)
) {
  const check = process.argv.includes("--check");
  const stale = [];
  for (const [name, [now, wanted]] of Object.entries(wiring())) {
    if (now === wanted) continue;
    stale.push(name);
    if (!check) fs.writeFileSync(path.join(ROOT, name), wanted);
  }
  if (check && stale.length) {
    console.error(`stale (run node scripts/wire_extension.mjs): ${stale.join(", ")}`);
    process.exit(1);
  }
  if (!check && stale.length) console.log(`wrote ${stale.join(", ")}`);
}
