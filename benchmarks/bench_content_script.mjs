// Content-script cost on a 30,000-node Meta-like feed that then grows by 5,000 nodes in
// 50 batches: Chromium's ScriptDuration (main-thread script time) with and without the
// extension, in the same run, and the first scan against a bare querySelectorAll pass.
//
//   node benchmarks/bench_content_script.mjs
import os from "node:os";

import { start } from "../tests/e2e/harness.mjs";

const URL_ = "https://www.facebook.com/?fixture=feed";
const ROUNDS = 5;

function post(n) {
  // ~20 nodes a post: div soup, a profile link, a photo link, reactions.
  return `<div class="x1n2onr6 x1ja2u2z"><div class="x9f619" role="article"><div class="x78zum5">`
    + `<span class="x193iq5w" dir="auto">Post ${n}</span><a class="x1i10hfl" href="/profile.php?id=${n}">Profile ${n}</a>`
    + `</div><div class="x1iyjqo2"><a href="https://www.facebook.com/photo/?fbid=${n}"><img alt=""></a>`
    + `<p><span>caption</span> <span>words</span> <b>more</b></p></div>`
    + `<div class="x78zum5"><span>Like</span><span>Comment</span><span>Share</span><i></i><i></i></div>`
    + (n % 400 === 0 ? `<p>You can <a href="/help/contact/712876720715583">object</a></p>` : "")
    + `</div></div>`;
}

function feed(nodes) {
  const posts = [];
  for (let n = 0; posts.length * 18 < nodes; n++) posts.push(post(n));
  return `<!doctype html><html lang="en"><body><div id="feed">${posts.join("")}</div></body></html>`;
}

async function measure(extension) {
  const browser = await start({ extension, pages: { feed: feed(30000) } });
  try {
    const page = await browser.context.newPage();
    const cdp = await browser.context.newCDPSession(page);
    await cdp.send("Performance.enable");
    const script = async () => (await cdp.send("Performance.getMetrics")).metrics
      .find((m) => m.name === "ScriptDuration").value * 1000;
    await page.goto(URL_);
    if (extension) await page.waitForSelector("html[data-optout-ready]");
    else await page.waitForTimeout(200);
    const load = await script();
    const nodes = await page.evaluate(() => document.getElementsByTagName("*").length);
    const bare = await page.evaluate(() => {
      const t0 = performance.now();
      for (const a of document.querySelectorAll("a[href], area[href]")) void a.href;
      return performance.now() - t0;
    });
    await page.evaluate(async (html) => {
      const feedBox = document.getElementById("feed");
      for (let batch = 0; batch < 50; batch++) {
        const box = document.createElement("div");
        box.innerHTML = html.replaceAll("Post ", `Post ${batch}-`);
        feedBox.append(box);
        await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
      }
    }, Array.from({ length: 5 }, (_, i) => post(i + 400 * (i % 2))).join(""));
    await page.waitForTimeout(300);
    const grown = await script();
    return { load, growth: grown - load, bare, nodes };
  } finally {
    await browser.close();
  }
}

const median = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const runs = { with: [], without: [] };
for (let i = 0; i < ROUNDS; i++) {
  runs.without.push(await measure(false));
  runs.with.push(await measure(true));
}
const pick = (side, key) => median(runs[side].map((r) => r[key]));
const firstScan = pick("with", "load") - pick("without", "load");
const growth = pick("with", "growth") - pick("without", "growth");
console.log(`Machine: ${os.cpus().length} cores, ${os.cpus()[0].model}, node ${process.version}; `
  + `${runs.with[0].nodes} nodes at load, +5,000 in 50 batches; median of ${ROUNDS} runs`);
console.log("");
console.log("| measure | without extension | with extension | added by optout |");
console.log("|---|---|---|---|");
console.log(`| ScriptDuration, load + first scan | ${pick("without", "load").toFixed(1)} ms | ${pick("with", "load").toFixed(1)} ms | ${firstScan.toFixed(1)} ms |`);
console.log(`| ScriptDuration, 50 growth batches | ${pick("without", "growth").toFixed(1)} ms | ${pick("with", "growth").toFixed(1)} ms | ${growth.toFixed(1)} ms |`);
console.log("");
console.log(`First scan vs a bare querySelectorAll pass reading every href (${pick("with", "bare").toFixed(1)} ms): `
  + `${(firstScan / pick("with", "bare")).toFixed(1)}x`);
