// The extension's UI strings: every locale complete, every message described for translators.
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");

const root = path.join(__dirname, "..", "..");
test("every UI locale has every message, each with a translator description", () => {
  const locales = path.join(root, "extension", "_locales");
  const english = JSON.parse(
    fs.readFileSync(path.join(locales, "en", "messages.json"), "utf8"),
  );
  const names = fs.readdirSync(locales).sort();
  // One UI locale per language optout writes in (pt-BR -> pt_BR), no more, no fewer.
  const bundle = JSON.parse(
    fs.readFileSync(path.join(root, "extension", "data", "bundle.json"), "utf8"),
  );
  assert.deepEqual(
    names,
    bundle.view.languages.map((l) => l.id.replace("-", "_")).sort(),
  );
  for (const name of names) {
    const messages = JSON.parse(
      fs.readFileSync(path.join(locales, name, "messages.json"), "utf8"),
    );
    assert.deepEqual(Object.keys(messages).sort(), Object.keys(english).sort(), name);
    for (const [key, value] of Object.entries(messages)) {
      assert.ok(value.message && value.description, `${name}/${key}`);
      // Substitutions ($1, $2 ...) are kept, and nothing else that looks like one.
      const slots = (text) => (text.match(/\$\d/g) || []).sort().join();
      assert.equal(
        slots(value.message),
        slots(english[key].message),
        `${name}/${key} placeholders`,
      );
    }
  }
});
