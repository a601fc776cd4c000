// Real Chromium with the unpacked extension, against the saved pages served over HTTPS
// under their real host names (see ../shared/extension-e2e.md). Nothing leaves the
// machine: every other host resolves to nowhere.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import https from "node:https";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { chromium } from "playwright-core";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
export const EXTENSION = path.join(ROOT, "extension");
export const PAGES = path.join(ROOT, "tests", "fixtures", "pages");
const CHROMIUM = process.env.OPTOUT_CHROMIUM || "/usr/bin/chromium";

/** Every saved page with its expectation, keyed by host + path. */
export function fixtures() {
  return fs.readdirSync(PAGES).filter((f) => f.endsWith(".json")).sort().map((file) => {
    const expected = JSON.parse(fs.readFileSync(path.join(PAGES, file), "utf8"));
    return { name: file.slice(0, -5), expected, html: path.join(PAGES, file.replace(/\.json$/, ".html")) };
  });
}

function certificate(dir) {
  const key = path.join(dir, "key.pem");
  const cert = path.join(dir, "cert.pem");
  execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
    "-keyout", key, "-out", cert, "-subj", "/CN=www.facebook.com"], { stdio: "ignore" });
  return { key: fs.readFileSync(key), cert: fs.readFileSync(cert) };
}

/** Serve the saved pages (and generated `pages`) over HTTPS on a free port. */
export async function serveFixtures(pages = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "optout-e2e-"));
  const byName = new Map(fixtures().map((f) => [f.name, f.html]));
  const server = https.createServer(certificate(dir), (request, response) => {
    // Several saved pages share one address (the same form in several languages), so
    // the test names the page in the query: ?fixture=<name>.
    const name = new URL(request.url, "https://x.invalid").searchParams.get("fixture");
    const file = byName.get(name);
    const body = pages[name] ?? (file ? fs.readFileSync(file) : null);
    response.writeHead(body ? 200 : 404, { "content-type": "text/html; charset=utf-8" });
    response.end(body ?? "<!doctype html><title>not found</title>");
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    dir,
    port: server.address().port,
    async close() {
      await new Promise((resolve) => server.close(resolve));
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Start the fixture server and the browser; returns {context, worker, port, close}.
 * `extension: false` starts the same browser without it (for baselines); `pages` adds
 * generated pages by name.
 */
export async function start({ extension = true, pages = {} } = {}) {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: apt-get install chromium (the browser tests never skip)`);
  }
  const fixtureServer = await serveFixtures(pages);
  const { dir, port } = fixtureServer;
  const mapped = ["*.instagram.com", "instagram.com", "*.facebook.com", "facebook.com", "*.evil.test"];
  const context = await chromium.launchPersistentContext(path.join(dir, "profile"), {
    executablePath: CHROMIUM,
    headless: true,
    ignoreDefaultArgs: ["--disable-extensions"],
    args: [
      ...(extension ? [`--disable-extensions-except=${EXTENSION}`, `--load-extension=${EXTENSION}`] : []),
      `--host-resolver-rules=${mapped.map((h) => `MAP ${h} 127.0.0.1:${port}`).join(", ")}, MAP * ~NOTFOUND, EXCLUDE 127.0.0.1`,
      `--ip-address-space-overrides=127.0.0.1:${port}=public`,
      "--ignore-certificate-errors",
      "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-sync",
    ],
  });
  const worker = extension
    ? context.serviceWorkers()[0] || (await context.waitForEvent("serviceworker"))
    : null;
  return {
    context, worker, port,
    async close() {
      await context.close();
      await fixtureServer.close();
    },
  };
}

/** The address of a saved page: its real URL plus ?fixture=<name>. */
export function fixtureUrl(name, url) {
  const address = new URL(url);
  address.searchParams.set("fixture", name);
  return address.href;
}

/** Open a URL in a fresh page and wait until the content script has scanned it. */
export async function open(context, url, { expectScript = true } = {}) {
  const page = await context.newPage();
  await page.goto(url);
  if (expectScript) await page.waitForSelector("html[data-optout-ready]", { timeout: 10000 });
  return page;
}

/** The links the extension marked, as [href, kind] in document order. */
export function highlighted(page) {
  return page.$$eval("[data-optout-highlight]", (links) =>
    links.map((a) => [a.href, a.getAttribute("data-optout-highlight")]));
}
