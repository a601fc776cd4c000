// The checklist page (issue 17): one next step per state, a complaint only after a
// rejection or a missed deadline, Remove that asks and offers the export, typed text
// that survives a redraw, its own page for a country without an objection route,
// import errors in words, and no serious axe-core findings there or on the evidence page;
// the same in the four browsers of the issue (en-GB, de, pt-BR, en-US).
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";

import { accessibilityProblems, start } from "./harness.mjs";

let browser;
let base;
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "optout-checklist-"));
const DAY = 86400000;

before(async () => {
  browser = await start({ profile: path.join(scratch, "profile") });
  base = `chrome-extension://${new URL(browser.worker.url()).host}`;
});
after(async () => {
  await browser?.close();
  fs.rmSync(scratch, { recursive: true, force: true });
});

/** Store a profile and accounts (as the background would have), then open the page. */
async function checklist(country, accounts) {
  await browser.worker.evaluate(
    ([profile, list]) =>
      chrome.storage.local.set({ profile, ...(list ? { accounts: list } : {}) }),
    [{ country, arguments: [] }, accounts],
  );
  const page = await browser.context.newPage();
  await page.goto(`${base}/tracker/tracker.html`);
  await page.waitForSelector("html[data-ready]");
  return page;
}

const receipt = (submittedAt) => ({
  platform: "instagram",
  account: "Instagram",
  country: "DE",
  route: "instagram-objection-2025",
  submitted_at: submittedAt,
  data_version: "test",
});
const account = (id, state, extra = {}) => ({
  id,
  platform: "instagram",
  label: id,
  state,
  history: [],
  ...extra,
});
const card = (page, id) => page.locator(`article[data-account="${id}"]`);

test("each state says its next step; complaints only after a no or a missed deadline", async () => {
  const recent = new Date(Date.now() - 2 * DAY).toISOString();
  const old = new Date(Date.now() - 40 * DAY).toISOString();
  const page = await checklist("DE", [
    account("new", "not-started"),
    account("waiting", "submitted", { receipt: receipt(recent) }),
    account("late", "submitted", { receipt: receipt(old) }),
    account("broken", "error", { receipt: receipt(recent) }),
    account("done", "confirmed", { receipt: receipt(old) }),
    account("no", "rejected", { receipt: receipt(recent) }),
  ]);
  const next = (id) => card(page, id).locator(".next-text").textContent();
  const primary = card(page, "new").locator(".next-action");
  assert.equal(await primary.textContent(), "Open Meta's form");
  assert.equal(await primary.isVisible(), true);
  assert.match(
    await next("waiting"),
    /wait for Meta's answer until [A-Z][a-z]+ \d{1,2}, \d{4}, then/,
  );
  assert.match(await next("late"), /complain/);
  assert.match(await next("no"), /complain/);
  assert.match(await next("done"), /Keep the receipt/);
  // The error state shows the route's own advice from the data.
  assert.match(
    await card(page, "broken").locator(".next-advice").textContent(),
    /confirmation e-mail/,
  );
  for (const [id, offered] of [
    ["new", false],
    ["waiting", false],
    ["broken", false],
    ["done", false],
    ["late", true],
    ["no", true],
  ])
    assert.equal(await card(page, id).locator(".complaint").isVisible(), offered, id);
  assert.deepEqual(await accessibilityProblems(page), []);
  await page.emulateMedia({ colorScheme: "dark" });
  assert.deepEqual(await accessibilityProblems(page), []);
  await page.close();
});

test("typed text survives a redraw; Remove asks, offers the export, and can be kept", async () => {
  const recent = new Date(Date.now() - 2 * DAY).toISOString();
  const page = await checklist("DE", [
    account("one", "submitted", { receipt: receipt(recent) }),
    account("two", "not-started"),
  ]);
  await card(page, "one").locator(".answer summary").click();
  await card(page, "one").locator(".reply").fill("Half of Meta's ans");
  // A change to another card redraws every card.
  await card(page, "two").locator(".set-state").selectOption("code-pending");
  await page.waitForSelector('article[data-account="two"][data-state="code-pending"]');
  assert.equal(
    await card(page, "one").locator(".reply").inputValue(),
    "Half of Meta's ans",
  );
  await card(page, "one").locator(".remove").click();
  const confirm = card(page, "one").locator(".remove-confirm");
  assert.match(await confirm.textContent(), /deletes its receipt/);
  assert.equal(await confirm.locator(".export-first").isVisible(), true);
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    confirm.locator(".export-first").click(),
  ]);
  const saved = JSON.parse(fs.readFileSync(await download.path(), "utf8"));
  assert.equal(saved.accounts.find((a) => a.id === "one").receipt.submitted_at, recent);
  await confirm.locator(".remove-no").click();
  assert.equal(await card(page, "one").count(), 1);
  assert.equal(await card(page, "one").locator(".remove-confirm").isVisible(), false);
  await card(page, "one").locator(".remove").click();
  await card(page, "one").locator(".remove-yes").click();
  await page.waitForFunction(
    () => !document.querySelector('article[data-account="one"]'),
  );
  await page.close();
});

test("a country without an objection route gets the alternatives, not objection states", async () => {
  const page = await checklist("US", null);
  assert.equal(await page.locator("#accounts").isVisible(), false);
  assert.equal(await page.locator(".set-state").count(), 0);
  assert.equal(await page.locator(".complaint:visible").count(), 0);
  // Nothing that explains or tracks an objection: no coverage, no add, no next step.
  assert.equal(await page.locator("#coverage").isVisible(), false);
  assert.equal(await page.locator("#add-section").isVisible(), false);
  assert.equal(await page.locator(".next-action:visible").count(), 0);
  assert.equal(await page.locator("#no-route").isVisible(), true);
  const links = await page
    .locator("#no-route a")
    .evaluateAll((all) => all.map((a) => a.href));
  assert.ok(links.length > 0);
  for (const link of links) assert.match(link, /^https:\/\/(www\.)?facebook\.com\//);
  await page.locator("#tp-compose").click();
  assert.match(
    await page.locator("#tp-status").textContent(),
    /no data-protection law/,
  );
  assert.equal(await page.locator("#tp-open").isVisible(), true);
  assert.deepEqual(await accessibilityProblems(page), []);
  await page.close();
});

test("an import that fails says what is wrong with the file, in words", async () => {
  const page = await checklist("DE", null);
  const bad = path.join(scratch, "bad.json");
  for (const [content, expected] of [
    ["{not json", /not JSON/],
    [JSON.stringify({ format: "other" }), /not an optout receipts file/],
    [
      JSON.stringify({
        format: "optout-receipts",
        version: 1,
        accounts: [{ id: "X" }],
      }),
      /changed or is damaged/,
    ],
  ]) {
    fs.writeFileSync(bad, content);
    await page.locator("#import").setInputFiles(bad);
    await page.waitForFunction(
      () => document.querySelector("#backup-status").textContent !== "",
    );
    const said = await page.locator("#backup-status").textContent();
    assert.match(said, expected);
    assert.doesNotMatch(said, /SyntaxError|JSON\.parse|accounts\[/);
    await page.evaluate(
      () => (document.querySelector("#backup-status").textContent = ""),
    );
  }
  await page.close();
});

test("the evidence page has no serious accessibility findings", async () => {
  const sent = new Date(Date.now() - 2 * DAY).toISOString();
  const setup = await checklist("DE", [
    account("ev", "submitted", { receipt: receipt(sent) }),
  ]);
  await setup.close();
  const page = await browser.context.newPage();
  await page.goto(`${base}/tracker/evidence.html?account=ev`);
  await page.waitForSelector("html[data-ready]");
  assert.deepEqual(await accessibilityProblems(page), []);
  await page.close();
});

const EXTENSION = path.join(import.meta.dirname, "..", "..", "extension");
const messagesOf = (dir) =>
  JSON.parse(
    fs.readFileSync(path.join(EXTENSION, "_locales", dir, "messages.json"), "utf8"),
  );
const view = JSON.parse(
  fs.readFileSync(path.join(EXTENSION, "data", "bundle.json"), "utf8"),
).view;
/** The objection form an Instagram account opens first where the person lives. */
const instagramForm = (country) =>
  view.routes[view.countries[country].routes.instagram].urls.find(
    (u) => u.role === "form",
  ).url;

// The four browsers of issue 17: the checklist (and, where there is an objection,
// the evidence page) in the browser's language, with that country's next step.
for (const [locale, country, dir] of [
  ["en-GB", "GB", "en"],
  ["de", "DE", "de"],
  ["pt-BR", "BR", "pt_BR"],
  ["en-US", "US", "en"],
]) {
  test(`the checklist in a ${locale} browser living in ${country}`, async () => {
    const messages = messagesOf(dir);
    const b = await start({ locale });
    try {
      const origin = `chrome-extension://${new URL(b.worker.url()).host}`;
      const sent = receipt(new Date(Date.now() - DAY).toISOString());
      const route = view.countries[country].routes.instagram;
      const objection = view.routes[route].kind === "objection";
      await b.worker.evaluate(
        ([profile, list]) => chrome.storage.local.set({ profile, accounts: list }),
        [
          { country, arguments: [] },
          [
            account("new", "not-started"),
            account("ev", "submitted", { receipt: { ...sent, country, route } }),
          ],
        ],
      );
      const page = await b.context.newPage();
      await page.goto(`${origin}/tracker/tracker.html`);
      await page.waitForSelector("html[data-ready]");
      assert.equal(await page.getAttribute("html", "lang"), locale);
      assert.equal(await page.textContent("h1"), messages.trackerTitle.message);
      if (objection) {
        const next = card(page, "new");
        assert.equal(
          await next.locator(".next-text").textContent(),
          messages.trackerNextOpenForm.message,
        );
        assert.equal(
          await next.locator(".next-action").getAttribute("data-url"),
          instagramForm(country),
        );
        assert.equal(await page.locator("#coverage").isVisible(), true);
      } else {
        assert.equal(
          await page.textContent("#no-route > p"),
          messages.trackerNoRouteIntro.message,
        );
        assert.equal(await page.locator("#accounts").isVisible(), false);
        assert.equal(await page.locator("#coverage").isVisible(), false);
      }
      assert.deepEqual(await accessibilityProblems(page), []);
      await page.close();
      if (!objection) return; // no receipt to show: the evidence page is not reachable
      const evidence = await b.context.newPage();
      await evidence.goto(`${origin}/tracker/evidence.html?account=ev`);
      await evidence.waitForSelector("html[data-ready]");
      assert.equal(await evidence.getAttribute("html", "lang"), locale);
      assert.equal(await evidence.textContent("h1"), messages.evidenceTitle.message);
      assert.deepEqual(await accessibilityProblems(evidence), []);
      await evidence.close();
    } finally {
      await b.close();
    }
  });
}
