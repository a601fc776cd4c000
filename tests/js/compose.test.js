// The extension's composer runs the library's vectors: same input, same text or error.
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");

const compose = require("../../extension/lib/compose.js");

const root = path.join(__dirname, "..", "..");
const bundle = JSON.parse(fs.readFileSync(path.join(root, "extension/data/bundle.json"), "utf8"));
const cases = JSON.parse(fs.readFileSync(path.join(root, "tests/cases/compose.json"), "utf8"));

test("there are vectors for every shipped language", () => {
  const languages = new Set(cases.filter((c) => "expected" in c).map((c) => c.input.language));
  assert.deepEqual([...languages].sort(), bundle.languages.map((l) => l.id).sort());
});

for (const vector of cases) {
  test(vector.description, () => {
    if ("error" in vector) {
      assert.throws(() => compose.composeObjection(bundle, vector.input), (error) => {
        assert.equal(error.name, vector.error);
        assert.ok(error instanceof compose.OptoutError);
        return true;
      });
    } else {
      assert.equal(compose.composeObjection(bundle, vector.input), vector.expected);
    }
  });
}
