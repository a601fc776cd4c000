// The vendored QR encoder is the pinned npm package's file, unchanged.
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");

const root = path.join(__dirname, "..", "..");

test("extension/vendor/qrcode-generator.js is the pinned package's dist file", () => {
  const shipped = fs.readFileSync(
    path.join(root, "extension/vendor/qrcode-generator.js"),
  );
  const pinned = fs.readFileSync(require.resolve("qrcode-generator"));
  assert.ok(
    shipped.equals(pinned),
    "stale vendored copy: run `bash scripts/regenerate`",
  );
});
