// Real Chromium with the unpacked extension, against the saved pages served over HTTPS
// under their real host names (see ../shared/extension-e2e.md). Nothing leaves the
// machine: every other host resolves to nowhere.
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import https from "node:https";
import net from "node:net";
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
  return fs
    .readdirSync(PAGES)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((file) => {
      const expected = JSON.parse(fs.readFileSync(path.join(PAGES, file), "utf8"));
      return {
        name: file.slice(0, -5),
        expected,
        html: path.join(PAGES, file.replace(/\.json$/, ".html")),
      };
    });
}

function certificate(dir) {
  const key = path.join(dir, "key.pem");
  const cert = path.join(dir, "cert.pem");
  execFileSync(
    "openssl",
    [
      "req",
      "-x509",
      "-newkey",
      "rsa:2048",
      "-nodes",
      "-days",
      "2",
      "-keyout",
      key,
      "-out",
      cert,
      "-subj",
      "/CN=www.facebook.com",
    ],
    { stdio: "ignore" },
  );
  return { key: fs.readFileSync(key), cert: fs.readFileSync(cert) };
}

/** What a server saw of one request: enough to tell who asked for what. */
function record(server, request) {
  return {
    server,
    host: request.headers.host,
    method: request.method,
    url: request.url,
    dest: request.headers["sec-fetch-dest"] || null,
    origin: request.headers.origin || null,
  };
}

/** The server name (SNI) in a TLS ClientHello, or "?" if the bytes are not one. */
function serverName(hello) {
  try {
    let at = 5 + 4 + 2 + 32; // record header, handshake header, version, random
    at += 1 + hello[at]; // session id
    at += 2 + hello.readUInt16BE(at); // cipher suites
    at += 1 + hello[at]; // compression methods
    const end = at + 2 + hello.readUInt16BE(at);
    for (at += 2; at + 4 <= end;) {
      const type = hello.readUInt16BE(at);
      const length = hello.readUInt16BE(at + 2);
      if (type === 0)
        return hello.toString("latin1", at + 9, at + 9 + hello.readUInt16BE(at + 7));
      at += 4 + length;
    }
  } catch (_) {
    /* a short or odd hello */
  }
  return "?";
}

/**
 * A catch-all for every host that is not a saved page's: it records each connection
 * (the host named in the TLS hello or the HTTP Host line) and hangs up, so a test can
 * prove nothing tried to reach anywhere else.
 */
async function serveTrap(requests) {
  const server = net.createServer((socket) => {
    socket.once("data", (chunk) => {
      const host =
        chunk[0] === 0x16 // a TLS handshake
          ? serverName(chunk)
          : (chunk.toString("latin1").match(/^host:\s*(\S+)/im) || [null, "?"])[1];
      requests.push({
        server: "elsewhere",
        host,
        method: null,
        url: null,
        dest: null,
        origin: null,
      });
      socket.destroy();
    });
    socket.on("error", () => {});
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return server;
}

/**
 * Serve the saved pages (and generated `pages`) over HTTPS on a free port, and a trap
 * for every other host; `requests` lists what both saw.
 */
export async function serveFixtures(pages = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "optout-e2e-"));
  const byName = new Map(fixtures().map((f) => [f.name, f.html]));
  const tlsOptions = certificate(dir);
  const requests = [];
  const trap = await serveTrap(requests);
  const server = https.createServer(tlsOptions, (request, response) => {
    requests.push(record("pages", request));
    // Several saved pages share one address (the same form in several languages), so
    // the test names the page in the query: ?fixture=<name>.
    const name = new URL(request.url, "https://x.invalid").searchParams.get("fixture");
    const file = byName.get(name);
    const body = pages[name] ?? (file ? fs.readFileSync(file) : null);
    response.writeHead(body ? 200 : 404, {
      "content-type": "text/html; charset=utf-8",
    });
    response.end(body ?? "<!doctype html><title>not found</title>");
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    dir,
    port: server.address().port,
    trapPort: trap.address().port,
    requests,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await new Promise((resolve) => trap.close(resolve));
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Start the fixture server and the browser; returns {context, worker, port, requests, close}.
 * `extension: false` starts the same browser without it (for baselines); `pages` adds
 * generated pages by name; `locale` is the browser's UI language; `hosts` are further
 * host names the page server answers for (e.g. a regulator's, to open its page);
 * `profile` is a browser profile folder to reuse (a restart keeps the extension's storage);
 * `source` is the extension folder to load (an unpacked release zip, say).
 */
export async function start({
  extension = true,
  pages = {},
  locale = "en-US",
  hosts = [],
  profile = null,
  source = EXTENSION,
} = {}) {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(
      `${CHROMIUM} is missing: apt-get install chromium (the browser tests never skip)`,
    );
  }
  const fixtureServer = await serveFixtures(pages);
  const { dir, port, trapPort, requests } = fixtureServer;
  // Meta's hosts, the look-alikes, and Meta's static CDN (the saved pages load icons
  // from it, which the page server answers with 404).
  const mapped = [
    "*.instagram.com",
    "instagram.com",
    "*.facebook.com",
    "facebook.com",
    "*.evil.test",
    "*.fbcdn.net",
    ...hosts,
  ];
  const context = await chromium.launchPersistentContext(
    profile || path.join(dir, "profile"),
    {
      executablePath: CHROMIUM,
      headless: true,
      locale,
      // Chromium on Linux takes its UI language (chrome.i18n) from the environment.
      env: {
        ...process.env,
        LANGUAGE: locale.replace("-", "_"),
        LANG: `${locale.replace("-", "_")}.UTF-8`,
        LC_ALL: `${locale.replace("-", "_")}.UTF-8`,
      },
      ignoreDefaultArgs: ["--disable-extensions"],
      args: [
        ...(extension
          ? [`--disable-extensions-except=${source}`, `--load-extension=${source}`]
          : []),
        `--host-resolver-rules=${mapped.map((h) => `MAP ${h} 127.0.0.1:${port}`).join(", ")}, MAP * 127.0.0.1:${trapPort}, EXCLUDE 127.0.0.1`,
        `--ip-address-space-overrides=127.0.0.1:${port}=public`,
        "--ignore-certificate-errors",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-sync",
        // The browser's own update checks would otherwise land in the trap (they are the
        // browser's traffic, not the extension's).
        "--disable-component-update",
        "--disable-background-networking",
      ],
    },
  );
  const worker = extension
    ? context.serviceWorkers()[0] || (await context.waitForEvent("serviceworker"))
    : null;
  return {
    context,
    worker,
    port,
    requests,
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
  if (expectScript) await waitInWorld(page, "globalThis.optout.ready");
  return page;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const worlds = new WeakMap();

/** A CDP session on `page` that tracks the extension's world in its main frame. */
async function connectWorld(page) {
  const cdp = await page.context().newCDPSession(page);
  const { frameTree } = await cdp.send("Page.getFrameTree");
  let ours = null;
  cdp.on("Runtime.executionContextCreated", ({ context }) => {
    if (
      context.origin.startsWith("chrome-extension://") &&
      context.auxData?.frameId === frameTree.frame.id
    )
      ours = context.id;
  });
  cdp.on("Runtime.executionContextsCleared", () => {
    ours = null;
  });
  cdp.on("Runtime.executionContextDestroyed", ({ executionContextId }) => {
    if (executionContextId === ours) ours = null;
  });
  await cdp.send("Runtime.enable");
  return {
    cdp,
    async evaluate(expression) {
      for (let i = 0; !ours; i++) {
        if (i > 100) throw new Error("no content script world in this page");
        await sleep(100);
      }
      const { result, exceptionDetails } = await cdp.send("Runtime.evaluate", {
        contextId: ours,
        expression,
        awaitPromise: true,
        returnByValue: true,
      });
      if (exceptionDetails) {
        const why = exceptionDetails.exception?.description || exceptionDetails.text;
        throw new Error(`in the content script world: ${why}`);
      }
      return result.value;
    },
  };
}

/**
 * The content scripts' isolated world in `page` (where the page's own script cannot
 * look): `{evaluate(expression)}`, the expression's value as JSON.
 */
export function contentWorld(page) {
  if (!worlds.has(page)) worlds.set(page, connectWorld(page));
  return worlds.get(page);
}

/** Wait until `expression` is truthy in the content scripts' world; returns its value. */
export async function waitInWorld(page, expression, { timeout = 10000 } = {}) {
  const world = await contentWorld(page);
  const until = Date.now() + timeout;
  for (;;) {
    const value = await world.evaluate(expression);
    if (value) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${expression}`);
    await sleep(50);
  }
}

/** Wait until the fill panel is on the page. */
export function panelShown(page) {
  return waitInWorld(page, "globalThis.optout.panel?.host.isConnected");
}

/** The panel's status line (its shadow root is closed to the page and to Playwright). */
export async function panelStatus(page) {
  return (await contentWorld(page)).evaluate(
    "globalThis.optout.panel.status.textContent",
  );
}

/**
 * A real (trusted) mouse click at the middle of the panel's button; returns the status
 * the panel then shows, whatever it is.
 */
export async function clickPanel(page) {
  const world = await contentWorld(page);
  const { x, y } = await world.evaluate(`(() => {
    const r = globalThis.optout.panel.button.getBoundingClientRect();
    return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
  })()`);
  await page.mouse.click(x, y);
  return waitInWorld(page, "globalThis.optout.panel.status.textContent");
}

/**
 * Press "Fill" as a person does: once the panel would take the click (it has been shown
 * long enough, uncovered), a trusted click on it; returns the panel's status after the fill.
 */
export async function pressFill(page) {
  await panelShown(page);
  await waitInWorld(
    page,
    `(() => { const p = globalThis.optout.panel;
      return p.refusal({ detail: 0 }, p.button) === ""; })()`,
  );
  return clickPanel(page);
}

/** What optout filled, as [field, text now in the control], from its own world. */
export async function filledFields(page) {
  return (await contentWorld(page)).evaluate(`globalThis.optout.filled.map((f) => [
    f.field,
    "value" in f.element && f.element.localName !== "div"
      ? f.element.value
      : f.element.innerText,
  ])`);
}

/** The text optout put in `field`, once it has (waits for it). */
export async function waitFilled(page, field) {
  return waitInWorld(
    page,
    `(() => { const f = globalThis.optout.filled.find((f) => f.field === ${JSON.stringify(field)});
      return f && ("value" in f.element && f.element.localName !== "div"
        ? f.element.value : f.element.innerText); })()`,
  );
}

/** The links the extension marked, as [href, kind] in document order. */
export function highlighted(page) {
  return page.$$eval("[data-optout-highlight]", (links) =>
    links.map((a) => [a.href, a.getAttribute("data-optout-highlight")]),
  );
}

export const HINT_SERVER_PORT = 8787; // where `optout serve` listens by default
export const HINT_SERVER_URL = `http://127.0.0.1:${HINT_SERVER_PORT}`;

/** Answer as a hint server does for the browser's CORS checks (the extension fetches
 *  a server set in storage with no host permission); true when it was the preflight,
 *  which is then answered in full. */
export function answerCors(request, response) {
  response.setHeader("Access-Control-Allow-Origin", "*");
  response.setHeader("Access-Control-Allow-Headers", "If-None-Match");
  response.setHeader("Access-Control-Expose-Headers", "ETag");
  if (request.method !== "OPTIONS") return false;
  response.end();
  return true;
}

/** Point the extension at a hint server (settings.serverUrl, the other settings kept):
 *  the shipped default has none, so a test that wants one says so. */
export async function useHintServer(worker, serverUrl = HINT_SERVER_URL) {
  await worker.evaluate(async (url) => {
    const { settings = {} } = await chrome.storage.local.get("settings");
    await chrome.storage.local.set({ settings: { ...settings, serverUrl: url } });
  }, serverUrl);
}

/** Refresh now from the local hint server (set first, as a person would in Advanced). */
export async function refreshFromHintServer(worker, serverUrl = HINT_SERVER_URL) {
  await useHintServer(worker, serverUrl);
  return worker.evaluate(() => globalThis.optout.refreshNow());
}

/**
 * Run `body` while the real hint server (`optout serve`, extra `args`) listens on
 * HINT_SERVER_URL; returns the lines of its log.
 */
export async function withHintServer(args, body) {
  const child = spawn(
    path.join(ROOT, ".venv", "bin", "optout"),
    ["serve", "--port", String(HINT_SERVER_PORT), ...args],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  let log = "";
  child.stdout.on("data", (chunk) => {
    log += chunk;
  });
  child.stderr.on("data", (chunk) => {
    log += chunk;
  });
  try {
    for (let i = 0; ; i++) {
      try {
        if ((await fetch(`http://127.0.0.1:${HINT_SERVER_PORT}/healthz`)).ok) break;
      } catch (_) {
        /* not up yet */
      }
      assert.ok(i < 150, `hint server did not start:\n${log}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    await body();
  } finally {
    child.kill("SIGTERM");
    await new Promise((r) => child.on("exit", r));
  }
  return log.split("\n");
}

/** An Ed25519 key pair: the private key object and the public key as a .pub line. */
export function keyPair() {
  const { privateKey, publicKey } = crypto.generateKeyPairSync("ed25519");
  const raw = publicKey.export({ format: "der", type: "spki" }).subarray(-32);
  return {
    privateKey,
    pub: raw.toString("base64"),
    fingerprint: crypto.createHash("sha256").update(raw).digest("hex"),
  };
}

/** A moment as signatures write it (UTC, to the second), `days` from now. */
export const signatureMoment = (days = 0) =>
  new Date(Math.floor(Date.now() / 1000) * 1000 + days * 86400000)
    .toISOString()
    .replace(".000Z", "Z");

/** A signature record over `body`, made the way `optout export --sign` makes it;
 *  `lifetime` sets {signedAt, expires} (default: signed now, valid 90 days). */
export function sign(
  pair,
  body,
  sequence,
  dataVersion = JSON.parse(body).data_version,
  { signedAt = signatureMoment(), expires = signatureMoment(90) } = {},
) {
  const sha256 = crypto.createHash("sha256").update(body).digest("hex");
  const message = Buffer.from(
    `optout-signature/2\n${sha256}\n${sequence}\n${dataVersion}\n${signedAt}\n${expires}\n`,
  );
  return JSON.stringify({
    format: "optout-signature",
    version: 2,
    key: pair.fingerprint,
    sequence,
    data_version: dataVersion,
    signed_at: signedAt,
    expires,
    sha256,
    signature: crypto.sign(null, message, pair.privateKey).toString("base64"),
  });
}

/**
 * Run in a page with lib/detect.js and lib/describe.js loaded (Playwright or Puppeteer):
 * every control's group and description, the shape of tests/cases/describe/.
 */
export function describeInPage() {
  const { Page, describe } = globalThis.optout.describe;
  const found = new Page(document, [["send"], ["submit"]]);
  return found.groups.flatMap((group, index) =>
    group.controls.map((control) => ({
      group: index,
      kind: group.kind,
      description: describe(found, control, group),
    })),
  );
}

/** Run in such a page with [view, formId]: the objection form's [field, id or name]. */
export function formFieldsInPage([view, formId]) {
  return globalThis.optout.describe
    .objectionFormFields(view, document, formId)
    .map((f) => [f.field, f.element.id || f.element.getAttribute("name")]);
}

/**
 * Open the toolbar popup for real (`action.openPopup()`), over `page` as the active
 * tab; returns `{evaluate(expression)}` in the popup. Playwright does not make the
 * popup a Page, so this talks CDP to its target through `page`'s session.
 */
export async function openActionPopup(worker, page) {
  await page.bringToFront();
  await worker.evaluate(() => chrome.action.openPopup());
  const cdp = await page.context().newCDPSession(page);
  let target;
  for (let i = 0; !target; i++) {
    if (i > 100) throw new Error("the popup did not open");
    const { targetInfos } = await cdp.send("Target.getTargets");
    target = targetInfos.find((t) => t.url.endsWith("/popup/popup.html"));
    if (!target) await sleep(100);
  }
  const { sessionId } = await cdp.send("Target.attachToTarget", {
    targetId: target.targetId,
    flatten: false,
  });
  const pending = new Map();
  let next = 0;
  cdp.on("Target.receivedMessageFromTarget", (event) => {
    const reply = JSON.parse(event.message);
    pending.get(reply.id)?.(reply);
  });
  const evaluate = async (expression) => {
    const id = ++next;
    const reply = new Promise((resolve) => pending.set(id, resolve));
    await cdp.send("Target.sendMessageToTarget", {
      sessionId,
      message: JSON.stringify({
        id,
        method: "Runtime.evaluate",
        params: { expression, awaitPromise: true, returnByValue: true },
      }),
    });
    const { result, error } = await reply;
    if (error || result.exceptionDetails)
      throw new Error(
        `in the popup: ${JSON.stringify(error || result.exceptionDetails)}`,
      );
    return result.result.value;
  };
  for (
    let i = 0;
    !(await evaluate(`document.documentElement.hasAttribute("data-ready")`));
    i++
  ) {
    if (i > 100) throw new Error("the popup never got ready");
    await sleep(100);
  }
  return { evaluate };
}

const AXE = fs.readFileSync(
  path.join(ROOT, "node_modules", "axe-core", "axe.min.js"),
  "utf8",
);

/**
 * axe-core's serious and critical violations on `page` (WCAG 2.x A and AA rules), as
 * "rule: target …" lines, empty when there are none. Injected over CDP, so an
 * extension page's CSP does not stop it; `selector` narrows the check to one element.
 */
export async function accessibilityProblems(page, selector = null) {
  await page.evaluate(AXE);
  const found = await page.evaluate(
    async (scope) =>
      (
        await globalThis.axe.run(scope ? document.querySelector(scope) : document, {
          runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21aa"] },
          resultTypes: ["violations"],
        })
      ).violations
        .filter((v) => v.impact === "serious" || v.impact === "critical")
        .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`),
    selector,
  );
  return found;
}

/** Whether two PNGs show the same pixels (decoded by the browser: the encoder's bytes
 *  may differ between runs while the picture does not). */
async function samePixels(browser, first, second) {
  const page = await browser.context.newPage();
  try {
    return await page.evaluate(
      async ([a, b]) => {
        const pixels = async (b64) => {
          const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
          const image = await createImageBitmap(new Blob([bytes]));
          const canvas = new OffscreenCanvas(image.width, image.height);
          const context = canvas.getContext("2d");
          context.drawImage(image, 0, 0);
          return context.getImageData(0, 0, image.width, image.height);
        };
        const [x, y] = await Promise.all([pixels(a), pixels(b)]);
        return (
          x.width === y.width &&
          x.height === y.height &&
          x.data.every((value, i) => value === y.data[i])
        );
      },
      [first.toString("base64"), second.toString("base64")],
    );
  } finally {
    await page.close();
  }
}

/** Take the README's screenshot `name` of `page` (docs/screenshots/); the file is
 *  rewritten only when its pixels change, so a test run leaves the tree as it was. */
export async function shot(browser, page, name) {
  const file = path.join(ROOT, "docs", "screenshots", `${name}.png`);
  const taken = await page.screenshot({ fullPage: true });
  if (taken.length < 1000) throw new Error(`the screenshot ${name} is empty`);
  if (fs.existsSync(file) && (await samePixels(browser, fs.readFileSync(file), taken)))
    return;
  fs.writeFileSync(file, taken);
}

/** Open every folded section (<details>) of an extension page: the popup's choices,
 *  composer and route details. */
export async function unfold(page) {
  await page.evaluate(() => {
    for (const details of document.querySelectorAll("details")) details.open = true;
  });
}
