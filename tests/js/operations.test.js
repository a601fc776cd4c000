// The extension's operations (extension/lib/operations.js) on a tiny hand-written
// view (tests/cases/operations/mini-view.json): what they do, independent of the
// shipped data. tests/test_parity.py checks them against the library on the real one.
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");

const operations = require("../../extension/lib/operations.js");

const dir = path.join(__dirname, "..", "cases", "operations");
const read = (name) => JSON.parse(fs.readFileSync(path.join(dir, name), "utf8"));
const view = read("mini-view.json");

/** Function name in the cases → how the extension calls it. */
const CALLS = {
  compose_objection: (i) => operations.composeObjection(view, i),
  triage_reply: (i) => operations.triageReply(view, i.text),
  lint_objection: (i) => operations.lintObjection(view, i.text, i.language),
  parse_receipt: (i) => operations.checkReceipt(view, i.data),
  compose_complaint: (i) => operations.composeComplaint(view, i),
  compose_third_party_request: (i) =>
    operations.composeThirdPartyRequest(view, { ...i, hasAccount: i.has_account }),
  reminders: (i) => operations.reminders(view, i.receipt, { language: i.language }),
};

for (const group of read("cases.json")) {
  for (const c of group.tests) {
    test(`${group.function}: ${c.description}`, async () => {
      const call = async () => CALLS[group.function](c.input);
      if (c.error) await assert.rejects(call, (error) => error.name === c.error);
      else assert.deepEqual(await call(), c.expected);
    });
  }
}
