// Input a page or a paste could hold that must not cost seconds: the extension's
// text primitives stay linear. Ratios against a small input in the same run, not
// fixed times: 100 times the input may take at most 1,000 times as long (quadratic
// work would take 10,000 times).
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");

const engine = require("../../extension/lib/engine.js");

function time(run, repeat = 5) {
  const start = process.hrtime.bigint();
  for (let i = 0; i < repeat; i += 1) run();
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

// Many controls under a lot of label text (tests/label_pages.py builds the same pages
// for describe.py): the DOM half reads each control's neighbours only, and every
// control is scored against at most MAX_LABEL characters of each label.
const { h, documentOf } = require("./tiny_dom.js");
require("../../extension/lib/detect.js");
require("../../extension/lib/describe.js");
const { view } = require("../../extension/data/bundle.json");

const LOREM =
  "lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor ";
const filler = (size) => LOREM.repeat(Math.ceil(size / LOREM.length)).slice(0, size);

function oneLabel(controls, size) {
  const label = h("label", {}, "Email ");
  for (let i = 0; i < controls; i += 1)
    label.append(filler(Math.floor(size / controls)), h("input", { name: `f${i}` }));
  return documentOf(h("form", {}, label));
}

function described(doc) {
  const { Page, describe } = globalThis.optout.describe;
  const page = new Page(doc, view.detector.submit);
  return page.groups.flatMap((g) => g.controls.map((c) => describe(page, c, g)));
}

const findFields = (doc) => globalThis.optout.describe.findFields(view.detector, doc);

test("ten times the controls in one label cost about ten times as much to describe", () => {
  const [small, large] = [oneLabel(200, 20000), oneLabel(2000, 200000)];
  const base = time(() => described(small), 3);
  const big = time(() => described(large), 3);
  // Reading the whole row again for every control (the old walk) gave about 100x.
  assert.ok(big < base * 30, `${big} ns against ${base} ns`);
  for (const d of described(large))
    for (const [, text] of d.sources) assert.ok(text.length <= 150, text);
});

test("a short label followed by 50 KB of text still names its e-mail box", () => {
  const doc = documentOf(
    h(
      "form",
      {},
      h("label", {}, `Email ${filler(50000)}`, h("input", { type: "email" })),
    ),
  );
  const [found] = findFields(doc);
  assert.equal(found.field, "email");
  assert.ok(found.evidence.includes("words:label:email"), found.evidence);
});
