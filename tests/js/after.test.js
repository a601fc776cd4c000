// The extension's "after the form" port runs the library's vectors: same input, same
// result (or calendar file, byte for byte) or the same error class.
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");

const after = require("../../extension/lib/after.js");
const { OptoutError } = require("../../extension/lib/compose.js");

const root = path.join(__dirname, "..", "..");
const bundle = JSON.parse(fs.readFileSync(path.join(root, "extension/data/bundle.json"), "utf8"));
const cases = JSON.parse(fs.readFileSync(path.join(root, "tests/cases/after.json"), "utf8"));

/** Each library function's vectors, called the JavaScript way (camelCase options). */
const CALLS = {
  triage_reply: (i) => after.triageReply(bundle, i.text, { language: i.language }),
  lint_objection: (i) => after.lintObjection(bundle, i.text, i.language),
  parse_receipt: (i) => after.checkReceipt(bundle, i.data),
  text_sha256: (i) => after.textSha256(i.text),
  compose_complaint: (i) => after.composeComplaint(bundle, i),
  compose_third_party_request: (i) => after.composeThirdPartyRequest(bundle, {
    country: i.country, language: i.language, hasAccount: i.has_account, name: i.name,
  }),
  reminders: (i) => after.reminders(bundle, i.receipt, { language: i.language }),
  reminders_ics: (i) => after.remindersIcs(i.receipt, i.items),
};

test("every function has at least 5 vectors, and every vector a known function", () => {
  const counts = {};
  for (const vector of cases) counts[vector.function] = (counts[vector.function] || 0) + 1;
  assert.deepEqual(Object.keys(counts).sort(), Object.keys(CALLS).sort());
  for (const [name, count] of Object.entries(counts)) assert.ok(count >= 5, `${name} has only ${count} vectors`);
});

test("reminders chain into the library's calendar file, from a raw or a parsed receipt", async () => {
  const pairs = cases.filter((c) => c.function === "reminders" && "expected" in c).map((c) => [
    c, cases.find((ics) => ics.function === "reminders_ics" && ics.description === c.description),
  ]).filter(([, ics]) => ics);
  assert.ok(pairs.length >= 8, "each group's reminders have a calendar vector");
  for (const [vector, ics] of pairs) {
    const items = after.reminders(bundle, vector.input.receipt, { language: vector.input.language });
    const parsed = after.parseReceipt(bundle, vector.input.receipt);
    assert.equal(await after.remindersIcs(parsed, items), ics.expected_ics);
    assert.equal(await after.remindersIcs(vector.input.receipt, items), ics.expected_ics);
  }
});

test("a parsed receipt is itself a valid receipt, and parses to itself", async () => {
  for (const vector of cases.filter((c) => c.function === "parse_receipt" && "expected" in c)) {
    assert.deepEqual(await after.checkReceipt(bundle, vector.expected), vector.expected, vector.description);
  }
});

for (const vector of cases) {
  test(`${vector.function}: ${vector.description}`, async () => {
    const call = async () => CALLS[vector.function](vector.input);
    if ("error" in vector) {
      await assert.rejects(call, (error) => {
        assert.equal(error.name, vector.error);
        assert.ok(error instanceof OptoutError);
        return true;
      });
    } else if ("expected_ics" in vector) {
      assert.equal(await call(), vector.expected_ics);
    } else {
      assert.deepEqual(await call(), vector.expected);
    }
  });
}
