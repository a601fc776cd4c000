// The public scale path (issue 8): `optout export --static DIR`, signed, served by a real
// nginx with server/nginx.conf.example, updates the extension exactly as the Flask server
// does; the second check is answered from nginx's own ETag.
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";

import {
  EXTENSION,
  HINT_SERVER_PORT as PORT,
  refreshFromHintServer,
  start,
} from "./harness.mjs";

const ROOT = path.resolve(EXTENSION, "..");
const OPTOUT = path.join(ROOT, ".venv", "bin", "optout");
let browser;
let work;
let nginx;

before(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), "optout-static-"));
  const routes = path.join(work, "overlay", "routes");
  fs.mkdirSync(routes, { recursive: true });
  const route = JSON.parse(
    fs.readFileSync(path.join(ROOT, "optout_lib/data/routes/no-route.json"), "utf8"),
  );
  route.summary.en = "Served by nginx from static files.";
  fs.writeFileSync(path.join(routes, "no-route.json"), JSON.stringify(route));
  execFileSync(OPTOUT, ["keygen", path.join(work, "key")]);
  execFileSync(
    OPTOUT,
    [
      "export",
      "--static",
      path.join(work, "site"),
      "--overlay",
      path.join(work, "overlay"),
      "--sign",
      path.join(work, "key"),
    ],
    { stdio: "ignore" },
  );
  const site = fs
    .readFileSync(path.join(ROOT, "server", "nginx.conf.example"), "utf8")
    .replace("listen 8787;", `listen 127.0.0.1:${PORT};`)
    .replace("/srv/optout-static", path.join(work, "site"));
  const run = path.join(work, "nginx");
  fs.mkdirSync(run);
  // One process that never drops privileges, so it reads this test's private folder.
  fs.writeFileSync(
    path.join(run, "nginx.conf"),
    `daemon off; master_process off; pid ${run}/nginx.pid;
error_log ${run}/error.log; events {}
http { access_log off; client_body_temp_path ${run}; proxy_temp_path ${run}; fastcgi_temp_path ${run};
uwsgi_temp_path ${run}; scgi_temp_path ${run};
${site} }`,
  );
  nginx = spawn(
    fs.existsSync("/usr/sbin/nginx") ? "/usr/sbin/nginx" : "nginx",
    ["-p", run, "-c", path.join(run, "nginx.conf")],
    { stdio: "ignore" },
  );
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${PORT}/healthz`)).ok) break;
    } catch (_) {
      /* not up yet */
    }
    assert.ok(i < 100, "nginx did not start");
    await new Promise((r) => setTimeout(r, 50));
  }
  browser = await start();
});
after(async () => {
  await browser?.close();
  nginx?.kill("SIGTERM");
  fs.rmSync(work, { recursive: true, force: true });
});

const refreshNow = () => refreshFromHintServer(browser.worker);

test("a signed static export behind nginx updates the extension", async () => {
  const key = fs.readFileSync(path.join(work, "key.pub"), "utf8").trim();
  await browser.worker.evaluate(
    (k) => chrome.storage.local.set({ settings: { trustedKeys: [k] } }),
    key,
  );
  const exported = JSON.parse(
    fs.readFileSync(path.join(work, "site", "v1", "bundle"), "utf8"),
  );
  assert.deepEqual(await refreshNow(), {
    status: "updated",
    dataVersion: exported.data_version,
  });
  const summary = await browser.worker.evaluate(
    async () =>
      (await globalThis.optout.currentBundle(chrome)).view.routes["no-route"].summary
        .en,
  );
  assert.equal(summary, "Served by nginx from static files.");
  // The next check sends nginx's own ETag back and gets a 304.
  assert.deepEqual(await refreshNow(), {
    status: "current",
    dataVersion: exported.data_version,
  });
});

test("the static API answers like the server: JSON, any origin, one file per resource", async () => {
  for (const url of [
    "/v1/",
    "/v1/jurisdictions",
    "/v1/jurisdictions/AT",
    "/v1/arguments/pt-BR",
    "/v1/hints/instagram",
  ]) {
    const answer = await fetch(`http://127.0.0.1:${PORT}${url}`);
    assert.equal(answer.status, 200, url);
    assert.match(answer.headers.get("content-type"), /^application\/json/, url);
    assert.equal(answer.headers.get("access-control-allow-origin"), "*", url);
    await answer.json();
  }
});
