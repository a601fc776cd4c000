// Content-script cost on a 30,000-node Meta-like feed that then grows by 5,000 nodes in
// 50 batches, timed with V8's sampling profiler (CDP Profiler) in the page's renderer:
// the first scan against a bare querySelectorAll pass over the same page, and the
// growth (also by ScriptDuration) with and without the extension, in the same run.
// ScriptDuration alone cannot time the first scan: it runs in a promise continuation
// after the background's reply, which Chromium seems to file under TaskOtherDuration.
//
//   node benchmarks/bench_content_script.mjs
import { execFileSync } from "node:child_process";
import os from "node:os";

import { start, waitInWorld } from "../tests/e2e/harness.mjs";

const URL_ = "https://www.facebook.com/?fixture=feed";
const ROUNDS = 9;
const SAMPLING_US = 100;
const LINKS = "a[href], area[href]";
// A name for the bare pass's script, so that its samples can be told from the rest.
const BARE_SCRIPT = "optout-bench-bare-pass.js";

function post(n) {
  // ~20 nodes a post: div soup, a profile link, a photo link, reactions.
  return (
    `<div class="x1n2onr6 x1ja2u2z"><div class="x9f619" role="article"><div class="x78zum5">` +
    `<span class="x193iq5w" dir="auto">Post ${n}</span><a class="x1i10hfl" href="/profile.php?id=${n}">Profile ${n}</a>` +
    `</div><div class="x1iyjqo2"><a href="https://www.facebook.com/photo/?fbid=${n}"><img alt=""></a>` +
    `<p><span>caption</span> <span>words</span> <b>more</b></p></div>` +
    `<div class="x78zum5"><span>Like</span><span>Comment</span><span>Share</span><i></i><i></i></div>` +
    (n % 400 === 0
      ? `<p>You can <a href="/help/contact/712876720715583">object</a></p>`
      : "") +
    `</div></div>`
  );
}

function feed(nodes) {
  const posts = [];
  for (let n = 0; posts.length * 18 < nodes; n++) posts.push(post(n));
  return `<!doctype html><html lang="en"><body><div id="feed">${posts.join("")}</div></body></html>`;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Evaluate an expression in the page's main world over CDP; returns its value. */
async function evaluate(cdp, expression) {
  const { result, exceptionDetails } = await cdp.send("Runtime.evaluate", {
    expression,
    returnByValue: true,
    awaitPromise: true,
  });
  if (exceptionDetails) throw new Error(`in the page: ${exceptionDetails.text}`);
  return result.value;
}

/**
 * Wait for the content script's ready flag, in its own world (the page carries no
 * mark), polled over CDP: one property read a poll, no DOM query in the profiled page.
 */
function extensionReady(page) {
  return waitInWorld(page, "globalThis.optout.ready", { timeout: 20000 });
}

/** Run `body` under the sampling profiler of this page's renderer; returns the profile. */
async function profiled(cdp, body) {
  await cdp.send("Profiler.start");
  await body();
  return (await cdp.send("Profiler.stop")).profile;
}

/**
 * Milliseconds of the samples whose call stack holds a frame for which `wanted` is
 * true: the inclusive time of that code, including the DOM and URL calls it makes.
 */
function stackTime(profile, wanted) {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map();
  for (const node of profile.nodes)
    for (const child of node.children || []) parent.set(child, node.id);
  const memo = new Map();
  const inside = (id) => {
    if (!memo.has(id))
      memo.set(
        id,
        wanted(byId.get(id).callFrame) || (parent.has(id) && inside(parent.get(id))),
      );
    return memo.get(id);
  };
  // A sample lasts until the next one is taken; the last one until the profile ends.
  let total = 0;
  let at = profile.startTime;
  const stamps = profile.timeDeltas.map((delta) => (at += delta));
  stamps.push(profile.endTime);
  profile.samples.forEach((id, i) => {
    if (inside(id)) total += stamps[i + 1] - stamps[i];
  });
  return total / 1000;
}

/** The mean time between samples in a profile, in µs (the asked interval is a floor). */
const meanInterval = (profile) =>
  (profile.endTime - profile.startTime) / profile.samples.length;

const isExtension = (frame) => frame.url.startsWith("chrome-extension://");
/** A frame of the named function in the extension's file ending with `file`. */
const extensionFunction = (file, name) => (frame) =>
  isExtension(frame) && frame.url.endsWith(file) && frame.functionName === name;
const isFirstScan = extensionFunction("/content/highlight.js", "scan");
const isCompile = extensionFunction("/lib/hints.js", "compile");
const isBarePass = (frame) => frame.url === BARE_SCRIPT;

/** The bare pass, as a script: every link the content script looks at, reading each href. */
const BARE_PASS = `(() => {
  const t0 = performance.now();
  for (const a of document.querySelectorAll(${JSON.stringify(LINKS)})) void a.href;
  return performance.now() - t0;
})()
//# sourceURL=${BARE_SCRIPT}`;

/** Append 5,000 nodes to the feed in 50 batches, one per animation frame, as a feed grows. */
async function grow(page) {
  await page.evaluate(
    async (html) => {
      const feedBox = document.getElementById("feed");
      for (let batch = 0; batch < 50; batch++) {
        const box = document.createElement("div");
        box.innerHTML = html.replaceAll("Post ", `Post ${batch}-`);
        feedBox.append(box);
        await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
      }
    },
    Array.from({ length: 5 }, (_, i) => post(i + 400 * (i % 2))).join(""),
  );
  await sleep(300); // let the last MutationObserver callback run
}

/** One fresh browser, with or without the extension: the load, the bare pass, the growth. */
async function measure(extension) {
  const browser = await start({ extension, pages: { feed: feed(30000) } });
  try {
    const page = await browser.context.newPage();
    const cdp = await browser.context.newCDPSession(page);
    await cdp.send("Profiler.enable");
    await cdp.send("Profiler.setSamplingInterval", { interval: SAMPLING_US });
    await cdp.send("Performance.enable");
    const scriptDuration = async () =>
      (await cdp.send("Performance.getMetrics")).metrics.find(
        (m) => m.name === "ScriptDuration",
      ).value * 1000;
    // The tab's profiler is carried over to the renderer the navigation moves it to.
    const load = await profiled(cdp, async () => {
      await page.goto(URL_);
      if (extension) await extensionReady(page);
    });
    const nodes = await evaluate(cdp, `document.getElementsByTagName("*").length`);
    const links = await evaluate(
      cdp,
      `document.querySelectorAll(${JSON.stringify(LINKS)}).length`,
    );
    let inPage = 0;
    const bare = await profiled(cdp, async () => {
      inPage = await evaluate(cdp, BARE_PASS);
    });
    const before = await scriptDuration();
    const growth = await profiled(cdp, () => grow(page));
    return {
      firstScan: stackTime(load, isFirstScan),
      contentScripts: stackTime(load, isExtension),
      compile: stackTime(load, isCompile),
      bare: stackTime(bare, isBarePass),
      bareInPage: inPage,
      growthExtension: stackTime(growth, isExtension),
      growthScriptDuration: (await scriptDuration()) - before,
      interval: meanInterval(load),
      nodes,
      links,
    };
  } finally {
    await browser.close();
  }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** The browser's version line, for the machine line (its wrapper script's noise dropped). */
function chromiumVersion() {
  try {
    return execFileSync(
      process.env.OPTOUT_CHROMIUM || "/usr/bin/chromium",
      ["--version"],
      { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] },
    ).trim();
  } catch (_) {
    return "Chromium (version unknown)";
  }
}

const runs = { with: [], without: [] };
for (let i = 0; i < ROUNDS; i++) {
  runs.without.push(await measure(false));
  runs.with.push(await measure(true));
}
const values = (side, key) => runs[side].map((r) => r[key]);
const pick = (side, key) => median(values(side, key));
const ms = (x) => `${x.toFixed(1)} ms`;
/** "median (min–max)" of one figure, so that the spread is in the table too. */
const spread = (side, key) =>
  `${ms(pick(side, key))} (${Math.min(...values(side, key)).toFixed(1)}–${Math.max(...values(side, key)).toFixed(1)})`;
// A round's two browsers run back to back, so its ratio cancels slow spells of the machine.
const ratios = runs.with.map((r, i) => r.firstScan / runs.without[i].bare);
const addedGrowth =
  pick("with", "growthScriptDuration") - pick("without", "growthScriptDuration");

console.log(
  `Machine: ${os.cpus().length} cores, ${os.cpus()[0].model}, ${chromiumVersion()}, node ${process.version}; ` +
    `${runs.without[0].links} links in ${runs.without[0].nodes} nodes at load, +5,000 nodes in 50 batches; ` +
    `median (min–max) of ${ROUNDS} runs; sampling every ${SAMPLING_US} µs asked, ${pick("with", "interval").toFixed(0)} µs got`,
);
console.log("");
console.log("| first scan | time |");
console.log("|---|---|");
console.log(
  `| \`scan\` in content/highlight.js, with extension (profiled) | ${spread("with", "firstScan")} |`,
);
console.log(
  `| bare \`querySelectorAll\` + \`href\` pass, without extension (profiled) | ${spread("without", "bare")} |`,
);
console.log(
  `| **first scan / bare pass**, per round | **${median(ratios).toFixed(1)}x** (${Math.min(...ratios).toFixed(1)}–${Math.max(...ratios).toFixed(1)}) |`,
);
console.log(
  `| all content-script JS from load to the ready mark (profiled) | ${spread("with", "contentScripts")} |`,
);
console.log(
  `| of which compiling the hints (\`compile\` in lib/hints.js) | ${spread("with", "compile")} |`,
);
console.log(
  `| bare pass by performance.now() in the page, without / with extension | ${ms(pick("without", "bareInPage"))} / ${ms(pick("with", "bareInPage"))} |`,
);
console.log("");
console.log(
  "| 50 growth batches | without extension | with extension | added by optout |",
);
console.log("|---|---|---|---|");
console.log(
  `| content-script JS (profiled) | – | ${spread("with", "growthExtension")} | ${ms(pick("with", "growthExtension"))} |`,
);
console.log(
  `| ScriptDuration | ${spread("without", "growthScriptDuration")} | ${spread("with", "growthScriptDuration")} | ${ms(addedGrowth)} |`,
);
