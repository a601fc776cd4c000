// The hand-written engine cases (tests/cases/engine/*.json) against
// extension/lib/engine.js; tests/test_engine_cases.py runs the same files against
// optout_lib/engine.py. The library parses templates; here the cases' nodes render.
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");

const engine = require("../../extension/lib/engine.js");

const dir = path.join(__dirname, "..", "cases", "engine");

function timestamp(value) {
  const parsed = engine.parseTimestamp(value);
  return parsed && { day: parsed.day, utc: engine.utcString(parsed.utc) };
}

/** Function name in the cases → how to call it with a case's input (and its group). */
const CALLS = {
  render: (i) => engine.render(i.nodes, i.values),
  normalize_text: (i) => engine.normalizeText(i.text),
  found_phrases: (i) => engine.foundPhrases(i.phrases, engine.normalizeText(i.text)),
  host_in: (i) => engine.hostIn(i.host, i.domains),
  clean_personal: (i) => engine.cleanPersonal(i.text),
  clean_signature: (i) => engine.cleanSignature(i.name),
  text_sha256: (i) => engine.textSha256(i.text),
  parse_timestamp: (i) => timestamp(i.value),
  add_days: (i) => engine.addDays(i.day, i.days),
  format_day: (i) => engine.formatDay(i.day, i.parts, i.months),
  ics_calendar: (i) =>
    engine.icsCalendar(i.seed, engine.parseTimestamp(i.stamp).utc, i.events),
  check_shape: (i, g) => engine.checkShape(g.schema, i.data, "thing") || null,
};
/** Only the library parses templates: the extension receives them parsed. */
const LIBRARY_ONLY = new Set(["parse_template"]);

for (const file of fs
  .readdirSync(dir)
  .filter((f) => f.endsWith(".json"))
  .sort()) {
  for (const group of JSON.parse(fs.readFileSync(path.join(dir, file), "utf8"))) {
    if (LIBRARY_ONLY.has(group.function)) continue;
    for (const c of group.tests) {
      test(`${file}: ${group.description.slice(0, 40)}: ${c.description}`, async () => {
        const call = async () => CALLS[group.function](c.input, group);
        if (c.error) {
          await assert.rejects(
            call,
            (error) => error.name === c.error && error.message.includes(c.message),
          );
        } else {
          assert.deepEqual(await call(), c.expected);
        }
      });
    }
  }
}
