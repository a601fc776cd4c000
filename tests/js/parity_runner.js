// Runs calls from stdin ([{op, args}]) through the extension's operations on the
// shipped bundle's view and prints [{value} | {error}] as JSON: tests/test_parity.py
// compares that with what optout_lib answers for the same calls.
"use strict";
const fs = require("node:fs");
const path = require("node:path");

const operations = require("../../extension/lib/operations.js");

const bundle = JSON.parse(
  fs.readFileSync(
    path.join(__dirname, "..", "..", "extension", "data", "bundle.json"),
    "utf8",
  ),
);
const view = bundle.view;

const OPS = {
  compose_objection: (a) => operations.composeObjection(view, a),
  triage_reply: (a) => operations.triageReply(view, a.text, { language: a.language }),
  lint_objection: (a) => operations.lintObjection(view, a.text, a.language),
  parse_receipt: async (a) => {
    const r = await operations.checkReceipt(view, a.data);
    return { platform: r.platform, country: r.country, route: r.route };
  },
  compose_complaint: (a) => operations.composeComplaint(view, a),
  compose_third_party_request: (a) =>
    operations.composeThirdPartyRequest(view, {
      country: a.country,
      language: a.language,
      hasAccount: a.has_account,
      name: a.name,
    }),
  reminders: (a) => operations.reminders(view, a.receipt, { language: a.language }),
  reminders_ics: async (a) => {
    const receipt = operations.parseReceipt(view, a.receipt);
    return operations.remindersIcs(
      receipt,
      operations.reminders(view, receipt, { language: "en" }),
    );
  },
};

async function main() {
  const calls = JSON.parse(fs.readFileSync(0, "utf8"));
  const answers = [];
  for (const { op, args } of calls) {
    try {
      answers.push({ value: await OPS[op](args) });
    } catch (error) {
      answers.push({ error: error.name });
    }
  }
  process.stdout.write(JSON.stringify(answers));
}

main();
