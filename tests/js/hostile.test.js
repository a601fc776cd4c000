// Input a page or a paste could hold that must not cost seconds: the extension's
// text primitives stay linear. Ratios against a small input in the same run, not
// fixed times: 100 times the input may take at most 1,000 times as long (quadratic
// work would take 10,000 times).
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");

const engine = require("../../extension/lib/engine.js");

function time(run) {
  const start = process.hrtime.bigint();
  for (let i = 0; i < 5; i += 1) run();
  return Number(process.hrtime.bigint() - start) || 1;
}

test("cleanPersonal is linear on long runs of blanks inside the text", () => {
  const text = (n) => `a${" \t".repeat(n)}b`;
  const [small, large] = [text(2000), text(200000)];
  const base = time(() => engine.cleanPersonal(small));
  const big = time(() => engine.cleanPersonal(large));
  assert.ok(big < base * 1000, `${big} ns against ${base} ns`);
  assert.equal(engine.cleanPersonal(` \n${small}\t `), small);
});
