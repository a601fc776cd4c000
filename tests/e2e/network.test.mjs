// The extension's only network contact is the configured hint server: every other host
// resolves to a recording trap, the page server records what it serves, and the real
// hint server's own log shows what it was asked. The person's e-mail, name and words
// appear in none of them.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";

import {
  contentWorld,
  fixtureUrl,
  open,
  pressFill,
  start,
  useHintServer,
  waitFilled,
  withHintServer,
  unfold,
} from "./harness.mjs";

const PROFILE = {
  country: "IT",
  language: "it",
  email: "ana.secret@example.org",
  name: "Ana Riservata",
  arguments: ["no-way-back"],
  personal: "Parole private di Ana",
};
const FORM = "https://help.instagram.com/contact/767264225370182";
let browser;

before(async () => {
  browser = await start();
  await browser.worker.evaluate(
    (p) => chrome.storage.local.set({ profile: p }),
    PROFILE,
  );
  await useHintServer(browser.worker);
});
after(async () => {
  await browser?.close();
});

/** Everything a person does with optout in one sitting: browse, fill, popup, settings. */
async function useEverything(context, host) {
  const visited = [
    fixtureUrl(
      "instagram-privacy-centre-en",
      "https://privacycenter.instagram.com/privacy/genai/",
    ),
    fixtureUrl("facebook-notification-it", "https://it-it.facebook.com/notifications/"),
    fixtureUrl(
      "facebook-form-it-2024",
      "https://www.facebook.com/help/contact/6359191084165019",
    ),
  ];
  for (const url of visited) {
    const page = await open(context, url);
    // The form's panel (shown once its fields are found) is pressed, as a person would.
    const world = await contentWorld(page);
    if (await world.evaluate("globalThis.optout.formView.then(Boolean)")) {
      await pressFill(page);
      await waitFilled(page, "reason");
    }
    await page.close();
  }
  const popup = await context.newPage();
  await popup.goto(`chrome-extension://${host}/popup/popup.html`);
  await popup.waitForSelector("html[data-ready]");
  // The choices are folded away under the status: unfold them.
  await unfold(popup);
  await popup.selectOption("#country", "DE");
  await popup.selectOption("#platform", "instagram");
  const opened = context.waitForEvent("page");
  await popup.click("#open-form"); // the person asks for Meta's form: a new tab
  await (await opened).waitForLoadState();
  const options = await context.newPage();
  await options.goto(`chrome-extension://${host}/options/options.html`);
  await options.click("#refresh");
  await options.waitForSelector("#status:has-text('Check:')");
  assert.match(await options.textContent("#status"), /up to date/);
  return [...visited, FORM];
}

test("the only network contact is the configured server, and nothing personal is sent", async () => {
  const host = new URL(browser.worker.url()).host;
  let visited;
  const log = await withHintServer([], async () => {
    visited = await useEverything(browser.context, host);
  });

  // Chromium itself calls Google (sign-in, update checks) whatever extensions are
  // loaded; those connections are the browser's, so only they are set aside.
  const browsersOwn = /(^|\.)(google\.com|googleapis\.com|gvt1\.com|gstatic\.com)$/;
  const elsewhere = browser.requests.filter(
    (r) => r.server === "elsewhere" && !browsersOwn.test(r.host),
  );
  assert.deepEqual(elsewhere, [], "something tried to reach another host");
  const pages = browser.requests.filter((r) => r.server === "pages");
  // The page server saw exactly the pages opened (the test's own visits and the one
  // form the person asked the popup to open) and what those pages load themselves
  // (icons, style sheets); no fetch, no beacon, no form post.
  const documents = pages.filter((r) => r.dest === "document");
  assert.deepEqual(
    documents.map((r) => `https://${r.host}${r.url}`).sort(),
    visited.sort(),
  );
  assert.deepEqual(
    pages.filter(
      (r) =>
        r.method !== "GET" ||
        !["document", "image", "style", "script", "font"].includes(r.dest),
    ),
    [],
  );
  const asked = log.filter((line) =>
    /\b(GET|POST|HEAD|PUT|DELETE|OPTIONS) \//.test(line),
  );
  const fromExtension = asked.filter((line) => !line.includes("/healthz")); // the test's start-up poll
  assert.ok(fromExtension.length >= 1, log.join("\n"));
  // The bundle, and the browser's CORS preflight for it (a server set in the settings
  // storage, not through the permission prompt, is reached by CORS: PERMISSIONS.md).
  for (const line of fromExtension) assert.match(line, /(GET|OPTIONS) \/v1\/bundle /);
  assert.ok(fromExtension.some((line) => /GET \/v1\/bundle /.test(line)));
  const everything = JSON.stringify(browser.requests) + log.join("\n");
  for (const secret of [PROFILE.email, PROFILE.name, PROFILE.personal, "ana.secret"]) {
    assert.equal(everything.includes(secret), false, secret);
  }
});
