// The extension's detector engine runs the library's hand-written cases
// (tests/cases/detect/): the same input gives the same tokens, traits and assignment.
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");

const detect = require("../../extension/lib/detect.js");

const dir = path.join(__dirname, "..", "cases", "detect");
const read = (name) => JSON.parse(fs.readFileSync(path.join(dir, name), "utf8"));
const { view } = read("view.json");

function run({ function: name, input }) {
  if (name === "findRun") return detect.findRun(input[0], input[1]);
  if (name === "traits") return detect.traits(input, view);
  if (name === "assign") return detect.assign(input.descriptions, view, input.language);
  return detect[name](input);
}

for (const file of ["primitives.json", "engine.json"]) {
  for (const vector of read(file)) {
    test(vector.description, () => assert.deepEqual(run(vector), vector.expected));
  }
}
