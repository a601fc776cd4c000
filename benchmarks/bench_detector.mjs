// The form detector in real Chromium: objectionFormFields (describe.js + detect.js,
// the bundle's view) on every saved Meta-like form page, against one bare pass over the
// same page (querySelectorAll("*") reading each element's id), in the same run.
// Medians of ROUNDS runs each; both run in the page's main world.
//
//   node benchmarks/bench_detector.mjs
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import { EXTENSION, fixtures, fixtureUrl, start } from "../tests/e2e/harness.mjs";

const ROUNDS = 21;
const bundle = JSON.parse(
  fs.readFileSync(path.join(EXTENSION, "data/bundle.json"), "utf8"),
);
const SCRIPTS = ["lib/detect.js", "lib/describe.js"].map((f) =>
  path.join(EXTENSION, f),
);
const forms = fixtures().filter((f) => f.expected.fields.length);

const browser = await start({ extension: false });
console.log(
  `Machine: ${os.cpus().length} cores (${os.cpus()[0].model}), ${os.platform()} ${os.release()}, ` +
    `Chromium ${browser.context.browser()?.version() ?? "(persistent context)"}\n`,
);
console.log("| page | elements | bare pass | detector | ratio |");
console.log("|---|---:|---:|---:|---:|");
for (const { name, expected } of forms) {
  const page = await browser.context.newPage();
  await page.goto(fixtureUrl(name, expected.url));
  for (const file of SCRIPTS) await page.addScriptTag({ path: file });
  const formId = new URL(expected.url).pathname.match(/([0-9]{6,20})\/?$/)[1];
  const result = await page.evaluate(
    ([view, id, rounds]) => {
      // Timers here tick in 0.1 ms: each sample times a batch of runs.
      const median = (run, batch) => {
        const times = [];
        for (let i = 0; i < rounds; i += 1) {
          const t0 = performance.now();
          for (let j = 0; j < batch; j += 1) run();
          times.push((performance.now() - t0) / batch);
        }
        return times.sort((a, b) => a - b)[Math.floor(rounds / 2)];
      };
      const { objectionFormFields } = globalThis.optout.describe;
      objectionFormFields(view, document, id); // the first call builds the word indexes
      return {
        elements: document.querySelectorAll("*").length,
        bare: median(() => {
          for (const e of document.querySelectorAll("*")) e.getAttribute("id");
        }, 200),
        detector: median(() => objectionFormFields(view, document, id), 10),
      };
    },
    [bundle.view.detector, formId, ROUNDS],
  );
  console.log(
    `| ${name} | ${result.elements} | ${(result.bare * 1000).toFixed(1)} µs | ${result.detector.toFixed(2)} ms | ` +
      `${(result.detector / result.bare).toFixed(0)}x |`,
  );
  await page.close();
}
await browser.close();
