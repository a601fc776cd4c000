// What the extension accepts as data, whoever signed it: the shape it understands, and
// only https URLs, with a route's pages on Meta's hosts.
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");

const { validateBundle } = require("../../extension/lib/bundle.js");

const snapshot = JSON.parse(
  fs.readFileSync(
    path.join(__dirname, "..", "..", "extension", "data", "bundle.json"),
    "utf8",
  ),
);
const first = (records) => Object.values(records)[0];
const changed = (edit) => {
  const bundle = structuredClone(snapshot);
  edit(bundle);
  return bundle;
};

test("the shipped snapshot is valid", () => {
  assert.equal(validateBundle(snapshot), snapshot);
});

const REFUSED = {
  "a javascript: form URL": [
    (b) => {
      first(b.view.routes).urls[0].url = "javascript:alert(1)";
    },
    /not an https URL/,
  ],
  "a data: URL in a step": [
    (b) => {
      first(b.view.routes).steps.find((s) => s.url).url = "data:text/html,<script>";
    },
    /not an https URL/,
  ],
  "an http regulator page": [
    (b) => {
      first(b.view.regulators).complaint_url = "http://example.org/";
    },
    /not an https URL/,
  ],
  "user info in a URL": [
    (b) => {
      first(b.view.routes).urls[0].url = "https://www.facebook.com@evil.test/x";
    },
    /not an https URL/,
  ],
  "a javascript: source": [
    (b) => {
      first(b.view.routes).sources[0] = "javascript:void(0)";
    },
    /sources\[0\] is not an https URL/,
  ],
  "a look-alike host (digits)": [
    (b) => {
      first(b.view.routes).urls[0].url = "https://faceb00k.com/help/contact/1";
    },
    /faceb00k\.com, which is not one of Meta's hosts/,
  ],
  "a look-alike host (suffix)": [
    (b) => {
      first(b.view.routes).urls[0].url = "https://facebook.com.evil.test/x";
    },
    /not one of Meta's hosts/,
  ],
  "a wrong format": [
    (b) => {
      b.format = 1;
    },
    /format 1/,
  ],
  "no view": [
    (b) => {
      delete b.view;
    },
    /bundle\.view\.\(all\) is missing/,
  ],
  "no detector view": [
    (b) => {
      delete b.view.detector;
    },
    /view\.detector: missing/,
  ],
  "a detector field without weights": [
    (b) => {
      delete b.view.detector.fields[0].threshold;
    },
    /id or weights/,
  ],
  "detector words that are not token lists": [
    (b) => {
      b.view.detector.fields[0].words.en = ["email"];
    },
    /words/,
  ],
  "a detector weight that is not a number": [
    (b) => {
      b.view.detector.weak = "0.5";
    },
    /weak/,
  ],
  "a country whose route is not in the view": [
    (b) => {
      b.view.countries.DE.routes.instagram = "nope";
    },
    /countries\.DE/,
  ],
  "a language without its letters": [
    (b) => {
      delete b.view.letters.de;
    },
    /letters\.de/,
  ],
  "a template node that is not a node": [
    (b) => {
      b.view.letters.en.objection.body.push(5);
    },
    /letters\.en/,
  ],
  "a URL pattern that does not compile": [
    (b) => {
      b.view.hints.url_patterns.push("(");
    },
    /Invalid regular expression/,
  ],
  "a language key naming no language": [
    (b) => {
      b.view.language_keys.de = "xx";
    },
    /language_keys/,
  ],
  "a country key naming no country": [
    (b) => {
      b.view.country_keys.uk = "XX";
    },
    /country_keys/,
  ],
  "no receipt schema": [
    (b) => {
      delete b.view.receipt;
    },
    /receipt/,
  ],
};

for (const [name, [edit, reason]] of Object.entries(REFUSED)) {
  test(`refused: ${name}`, () => {
    assert.throws(() => validateBundle(changed(edit)), reason);
  });
}

test("markup in any text is data, not a reason to refuse (it is only ever shown as text)", () => {
  const bundle = changed((b) => {
    first(b.view.routes).summary.en =
      "<img src=x onerror=alert(1)><script>alert(2)</script>";
  });
  assert.equal(validateBundle(bundle), bundle);
});
