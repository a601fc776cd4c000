// Refreshing the data from the hint server: 304 when current, a new bundle from the
// real server, and every broken or hostile answer rejected with the last good data kept.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import zlib from "node:zlib";

import {
  answerCors,
  EXTENSION,
  HINT_SERVER_PORT as PORT,
  refreshFromHintServer,
  start,
  withHintServer,
} from "./harness.mjs";

const ROOT = path.resolve(EXTENSION, "..");
const snapshot = JSON.parse(
  fs.readFileSync(path.join(EXTENSION, "data", "bundle.json"), "utf8"),
);
let browser;

before(async () => {
  browser = await start();
});
after(async () => {
  await browser?.close();
});

const refreshNow = () => refreshFromHintServer(browser.worker);
// The data in use, as every part of the extension reads it (verified at each load).
const storedVersion = () =>
  browser.worker.evaluate(
    async () => (await globalThis.optout.currentBundle(chrome)).data_version,
  );

/** Run `body` while `handler` answers on the hint server's port, with CORS as a
 *  hostile server would (without it the browser stops the answer before optout's own
 *  checks, which are what is under test). */
async function withHostileServer(handler, body) {
  const server = http.createServer((req, res) => {
    if (!answerCors(req, res)) handler(req, res);
  });
  await new Promise((r) => server.listen(PORT, "127.0.0.1", r));
  try {
    await body();
  } finally {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  }
}

test("with no update source (the default) a refresh asks nobody and keeps the built-in data", async () => {
  const asked = [];
  await withHostileServer(
    (request, response) => {
      asked.push(request.url);
      response.end();
    },
    async () => {
      const result = await browser.worker.evaluate(() =>
        globalThis.optout.refreshNow(),
      );
      assert.deepEqual(result, { status: "bundled" });
    },
  );
  assert.deepEqual(asked, []);
  assert.equal(await storedVersion(), snapshot.data_version);
  const fresh = await browser.worker.evaluate(() =>
    globalThis.optout.freshness(chrome),
  );
  assert.equal(fresh.source, "shipped");
});

test("the first run works offline from the bundled snapshot", async () => {
  await browser.worker.evaluate(() => globalThis.optout.currentBundle(chrome));
  assert.equal(await storedVersion(), snapshot.data_version);
  const result = await refreshNow(); // nothing listens on the server port yet
  assert.equal(result.status, "failed");
  assert.equal(await storedVersion(), snapshot.data_version);
});

/** A key pair and a signature made by optout_lib itself, as a maintainer or self-hoster would. */
function pythonSigned(dir, overlayArgs) {
  const optout = path.join(ROOT, ".venv", "bin", "optout");
  execFileSync(optout, ["keygen", path.join(dir, "key")]);
  execFileSync(optout, [
    "export",
    ...overlayArgs,
    "--sign",
    path.join(dir, "key"),
    "--out",
    path.join(dir, "bundle.json"),
  ]);
  return {
    key: fs.readFileSync(path.join(dir, "key.pub"), "utf8").trim(),
    signature: path.join(dir, "bundle.json.sig"),
  };
}

test("the real hint server: 304 when current; new data only once its signing key is trusted", async () => {
  await withHintServer([], async () => {
    assert.deepEqual(await refreshNow(), {
      status: "current",
      dataVersion: snapshot.data_version,
    });
  });
  const overlay = fs.mkdtempSync(path.join(os.tmpdir(), "optout-overlay-"));
  const routes = path.join(overlay, "routes");
  fs.mkdirSync(routes);
  const route = JSON.parse(
    fs.readFileSync(path.join(ROOT, "optout_lib/data/routes/no-route.json"), "utf8"),
  );
  route.summary.en = "A self-hoster's own wording.";
  fs.writeFileSync(path.join(routes, "no-route.json"), JSON.stringify(route));
  const signed = pythonSigned(overlay, ["--overlay", overlay]);
  await withHintServer(
    ["--overlay", overlay, "--signature", signed.signature],
    async () => {
      // Unsigned by a trusted key: refused, and the last good data stays.
      const refused = await refreshNow();
      assert.equal(refused.status, "failed");
      assert.match(refused.reason, /not trusted/);
      assert.equal(await storedVersion(), snapshot.data_version);
      await browser.worker.evaluate(
        (key) => chrome.storage.local.set({ settings: { trustedKeys: [key] } }),
        signed.key,
      );
      const result = await refreshNow();
      assert.equal(result.status, "updated", JSON.stringify(result));
      assert.notEqual(result.dataVersion, snapshot.data_version);
      const summary = await browser.worker.evaluate(
        async () =>
          (await globalThis.optout.currentBundle(chrome)).view.routes["no-route"]
            .summary.en,
      );
      assert.equal(summary, "A self-hoster's own wording.");
    },
  );
  fs.rmSync(overlay, { recursive: true, force: true });
  await browser.worker.evaluate(() =>
    chrome.storage.local.remove(["settings", "bundleSignature", "bundle"]),
  );
});

const HOSTILE = {
  "wrong format": (res) =>
    res.end(JSON.stringify({ ...snapshot, format: 99, data_version: "f".repeat(20) })),
  "truncated JSON": (res) => res.end(JSON.stringify(snapshot).slice(0, 1000)),
  "HTML instead of JSON": (res) => res.end("<script>alert(1)</script>"),
  "server error": (res) => {
    res.statusCode = 500;
    res.end("{}");
  },
  "a country pointing to no route": (res) =>
    res.end(
      JSON.stringify({
        ...snapshot,
        data_version: "e".repeat(20),
        view: {
          ...snapshot.view,
          countries: {
            ...snapshot.view.countries,
            DE: { ...snapshot.view.countries.DE, routes: { instagram: "nope" } },
          },
        },
      }),
    ),
  // 1 MB of gzip on the wire is gigabytes inflated: the read must stop at the limit.
  "an endless gzip stream (a bomb)": (res) => {
    res.setHeader("Content-Type", "application/json");
    res.setHeader("Content-Encoding", "gzip");
    const gzip = zlib.createGzip();
    gzip.pipe(res);
    const blanks = Buffer.alloc(1 << 20, 0x20);
    let open = true;
    res.on("close", () => {
      open = false;
      gzip.destroy();
    });
    const pump = () => {
      while (open && gzip.write(blanks));
      if (open) gzip.once("drain", pump);
    };
    pump();
  },
  "a 6 MB body": (res) =>
    res.end(
      JSON.stringify({
        ...snapshot,
        data_version: "d".repeat(20),
        pad: "x".repeat(6e6),
      }),
    ),
};

for (const [name, answer] of Object.entries(HOSTILE)) {
  test(`a bad update is rejected and the last good data kept: ${name}`, async () => {
    await withHostileServer(
      (req, res) => answer(res),
      async () => {
        const result = await refreshNow();
        assert.equal(result.status, "failed", JSON.stringify(result));
        if (name.includes("bomb")) assert.match(result.reason, /too large/);
        assert.equal(await storedVersion(), snapshot.data_version);
      },
    );
  });
}

test("updates can be turned off", async () => {
  await browser.worker.evaluate(() =>
    chrome.storage.local.set({ settings: { updates: false } }),
  );
  assert.deepEqual(await refreshNow(), { status: "off" });
  await browser.worker.evaluate(() => chrome.storage.local.remove("settings"));
});
