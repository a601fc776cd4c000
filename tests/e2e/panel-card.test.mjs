// The fill card on Meta's objection form (issue 17): a compact card with optout's name,
// minimise and close, placed where it covers none of the page's controls (also at
// 360 px); it outlines what it filled, says and switches the language it fills in,
// warns about another e-mail, asks for the country when none is saved (saving nothing),
// follows the code, success and error steps with the data's words, and explains a
// country with no route.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";

import {
  EXTENSION,
  PAGES,
  accessibilityProblems,
  contentWorld,
  fixtureUrl,
  panelShown,
  pressFill,
  start,
  waitFilled,
  waitInWorld,
} from "./harness.mjs";
import operations from "../../extension/lib/operations.js";
import lookup from "../../extension/lib/view.js";

const { view } = JSON.parse(
  fs.readFileSync(path.join(EXTENSION, "data", "bundle.json"), "utf8"),
);
const PROFILE = {
  country: "IT",
  language: "en",
  email: "ana@example.org",
  name: "Ana",
  arguments: ["no-way-back"],
  personal: "",
};
const IT_FORM = [
  "facebook-form-it-2024",
  "https://www.facebook.com/help/contact/6359191084165019",
];
const ES_FORM = [
  "instagram-form-es",
  "https://help.instagram.com/contact/767264225370182",
];
const IG_FORM = [
  "instagram-form-en-2025",
  "https://help.instagram.com/contact/767264225370182",
];
// Every saved objection form, each at its real address.
const FORMS = fs
  .readdirSync(PAGES)
  .filter((name) => name.endsWith(".json"))
  .map((name) => [
    name.slice(0, -5),
    JSON.parse(fs.readFileSync(path.join(PAGES, name))),
  ])
  .filter(([, page]) => page.page_kind === "objection")
  .map(([name, page]) => [name, page.url]);
// What a person uses on the page: the card must not lie over any of these.
const CONTROLS =
  "input:not([type=hidden]), textarea, select, button, [role=button], [role=combobox], [role=textbox], [role=checkbox], [role=radio], [contenteditable]";
let browser;

// The Italian form under a wall of controls that fills the window, rows 44 px apart:
// room for the card's pill between them, none for the card.
const CRAMPED = fs
  .readFileSync(path.join(PAGES, "facebook-form-it-2024.html"), "utf8")
  .replace(
    "</body>",
    `<div style="position:fixed;inset:0;display:grid;grid-template-columns:repeat(4,1fr);
      grid-auto-rows:36px;row-gap:44px;padding-top:8px">${'<input aria-label="filler">'.repeat(
        40,
      )}</div></body>`,
  );

before(async () => {
  browser = await start({ pages: { "cramped-form": CRAMPED } });
});
after(async () => {
  await browser?.close();
});

function setProfile(profile) {
  return browser.worker.evaluate(async (p) => {
    await chrome.storage.local.remove(["profile", "accounts"]);
    if (p) await chrome.storage.local.set({ profile: p });
  }, profile);
}

async function openCard([name, url], viewport = { width: 1280, height: 720 }) {
  const page = await browser.context.newPage();
  await page.setViewportSize(viewport);
  await page.goto(fixtureUrl(name, url));
  await waitInWorld(page, "globalThis.optout.ready");
  await panelShown(page);
  return page;
}

const inWorld = async (page, expression) =>
  (await contentWorld(page)).evaluate(expression);

/** The card's texts that show, in order (its root is closed: read from optout's world). */
const cardText = (page) =>
  inWorld(
    page,
    `(() => { const p = globalThis.optout.panel;
      return [p.step, p.languageLine, p.status].filter((e) => !e.hidden && e.textContent)
        .map((e) => e.textContent).join(" | "); })()`,
  );

/** The page's controls (and labels, unless `labels` is false) the card lies over, as
 *  "tag#id" (empty when none). */
async function covered(page, labels = true) {
  const card = await inWorld(
    page,
    `JSON.parse(JSON.stringify(globalThis.optout.panel.host.getBoundingClientRect()))`,
  );
  return page.evaluate(
    ([r, selector]) => {
      const all = [];
      const collect = (root) => {
        for (const e of root.querySelectorAll("*")) {
          if (e.matches(selector)) all.push(e);
          if (e.shadowRoot) collect(e.shadowRoot);
        }
      };
      collect(document);
      return all
        .filter((e) => {
          const c = e.getBoundingClientRect();
          if (!c.width || !c.height) return false;
          return (
            c.left < r.right && c.right > r.left && c.top < r.bottom && c.bottom > r.top
          );
        })
        .map((e) => `${e.localName}#${e.id}`);
    },
    [card, labels ? `${CONTROLS}, label` : CONTROLS],
  );
}

/** The page's text lines the card lies over (empty when none). */
async function coveredText(page) {
  const card = await cardRect(page);
  return page.evaluate((r) => {
    const found = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const range = document.createRange();
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (!node.data.trim()) continue;
      range.selectNodeContents(node);
      for (const c of range.getClientRects())
        if (
          c.left < r.right &&
          c.right > r.left &&
          c.top < r.bottom &&
          c.bottom > r.top
        )
          found.push(node.data.trim().slice(0, 40));
    }
    return found;
  }, card);
}

const cardRect = (page) =>
  inWorld(
    page,
    `JSON.parse(JSON.stringify(globalThis.optout.panel.host.getBoundingClientRect()))`,
  );

for (const [name, url] of FORMS) {
  for (const viewport of [
    { width: 360, height: 740 },
    { width: 1280, height: 720 },
  ]) {
    test(`the card covers no control of ${name} at ${viewport.width}×${viewport.height}`, async () => {
      await setProfile(PROFILE);
      const page = await openCard([name, url], viewport);
      assert.deepEqual(await covered(page), []);
      // Narrow, it starts as the pill (unless Meta's next step is worth showing);
      // opened, the whole card still finds a free place.
      // Wide, it keeps to the margins beside the form: over none of Meta's text either.
      if (viewport.width >= 640) assert.deepEqual(await coveredText(page), []);
      const { minimised, step } = await inWorld(
        page,
        `({ minimised: !globalThis.optout.panel.pill.hidden,
          step: globalThis.optout.panel.state.form })`,
      );
      if (!step) assert.equal(minimised, viewport.width < 640);
      if (minimised) {
        await inWorld(page, "globalThis.optout.panel.pill.click()");
        assert.equal(await inWorld(page, "globalThis.optout.panel.box.hidden"), false);
        // The person's choice: on a phone it may lie over a label, never a control.
        assert.deepEqual(await covered(page, false), []);
      }
      const r = await inWorld(
        page,
        `JSON.parse(JSON.stringify(globalThis.optout.panel.host.getBoundingClientRect()))`,
      );
      assert.ok(r.left >= 0 && r.top >= 0, JSON.stringify(r));
      assert.ok(
        r.right <= viewport.width && r.bottom <= viewport.height,
        JSON.stringify(r),
      );
      await page.close();
    });
  }
}

test("with no free place for the card, it shrinks to its pill, over no control, and says why", async () => {
  await setProfile(PROFILE);
  const page = await openCard([
    "cramped-form",
    "https://www.facebook.com/help/contact/6359191084165019",
  ]);
  const pill = await inWorld(
    page,
    `(() => { const p = globalThis.optout.panel;
      return { box: p.box.hidden, pill: p.pill.hidden, label: p.pill.getAttribute("aria-label") }; })()`,
  );
  assert.deepEqual(pill, {
    box: true,
    pill: false,
    label: "Open optout's panel (made small so it covers none of Meta's fields)",
  });
  assert.equal((await page.$$("input[aria-label=filler]")).length, 40);
  assert.deepEqual(await covered(page), []);
  const r = await cardRect(page);
  assert.ok(r.width > 0 && r.bottom <= 720 && r.right <= 1280, JSON.stringify(r));
  // The person opens it: then it shows, wherever it must.
  await inWorld(page, "globalThis.optout.panel.pill.click()");
  assert.equal(await inWorld(page, "globalThis.optout.panel.box.hidden"), false);
  await page.close();
});

test("the card has optout's name, real minimise and close buttons, and reopens from its pill", async () => {
  await setProfile(PROFILE);
  const page = await openCard(IT_FORM);
  const parts = await inWorld(
    page,
    `(() => { const p = globalThis.optout.panel;
      return [p.box.querySelector("header strong").textContent, p.minimise.localName,
        p.minimise.getAttribute("aria-label"), p.close.localName,
        p.close.getAttribute("aria-label")]; })()`,
  );
  assert.deepEqual(parts, [
    "optout",
    "button",
    "Minimise optout's panel",
    "button",
    "Close optout's panel on this page",
  ]);
  // By keyboard: the minimise button, then the pill, each pressed with Enter.
  await inWorld(page, "globalThis.optout.panel.minimise.focus()");
  await page.keyboard.press("Enter");
  assert.deepEqual(
    await inWorld(
      page,
      "[globalThis.optout.panel.box.hidden, globalThis.optout.panel.pill.hidden]",
    ),
    [true, false],
  );
  await page.keyboard.press("Enter"); // the pill has the focus now
  assert.deepEqual(
    await inWorld(
      page,
      "[globalThis.optout.panel.box.hidden, globalThis.optout.panel.pill.hidden]",
    ),
    [false, true],
  );
  // Closed, it stays away on this page, and the popup's or keyboard's fill still works.
  await inWorld(page, "globalThis.optout.panel.close.click()");
  await page.evaluate(() => document.body.append(document.createElement("input")));
  await page.waitForTimeout(500);
  assert.equal(await inWorld(page, "globalThis.optout.panel.host.isConnected"), false);
  await page.bringToFront();
  const answer = await browser.worker.evaluate(() =>
    globalThis.optout.onCommand("fill-form"),
  );
  assert.match(answer.summary, /submit button yourself/);
  await page.close();
});

test("it outlines what it filled, whatever the page's styles say", async () => {
  await setProfile(PROFILE);
  const page = await openCard(IT_FORM);
  await page.addStyleTag({ content: "* { outline: none !important; }" });
  const status = await pressFill(page);
  assert.match(status, /optout outlined the fields it filled\./);
  const outlines = await page.$$eval(["#js_2k", "#js_1d", "#js_4f"].join(","), (all) =>
    all.map((e) => getComputedStyle(e).outlineStyle),
  );
  assert.deepEqual(outlines, ["solid", "solid", "solid"]);
  await page.close();
});

test("it says the language it fills in and fills in the one the person picks", async () => {
  await setProfile(PROFILE);
  const page = await openCard(IT_FORM);
  assert.match(await cardText(page), /Filling in Italian/);
  const offered = await inWorld(
    page,
    "[...globalThis.optout.panel.language.options].map((o) => o.value)",
  );
  const lettered = view.languages.map((l) => l.id).filter((id) => view.letters[id]);
  assert.deepEqual(offered, lettered);
  await inWorld(
    page,
    `(() => { const s = globalThis.optout.panel.language; s.value = "en";
      s.dispatchEvent(new Event("change")); })()`,
  );
  await waitInWorld(
    page,
    `globalThis.optout.panel.languageLine.textContent === "Filling in English"`,
  );
  await pressFill(page);
  const expected = operations.composeObjection(view, {
    ...PROFILE,
    platform: "facebook",
    language: "en",
  });
  assert.equal(await waitFilled(page, "reason"), expected);
  await page.close();
});

test("switched after the fill, optout's untouched text follows; the person's stays", async () => {
  await setProfile(PROFILE);
  const page = await openCard(IT_FORM);
  await pressFill(page);
  const inLanguage = (language) =>
    operations.composeObjection(view, { ...PROFILE, platform: "facebook", language });
  assert.equal(await page.inputValue("#js_4f"), inLanguage("it"));
  // The person's own choice: the list focused, "English" typed on the keyboard.
  await inWorld(page, "globalThis.optout.panel.language.focus()");
  await page.keyboard.type("English");
  await waitInWorld(page, `globalThis.optout.panel.language.value === "en"`);
  await page.waitForFunction(
    (text) => document.querySelector("#js_4f").value === text,
    inLanguage("en"),
  );
  // Once the person has changed it, another language leaves it alone.
  await page.fill("#js_4f", "My words.");
  await inWorld(page, "globalThis.optout.panel.language.focus()");
  await page.keyboard.type("German");
  await waitInWorld(page, `globalThis.optout.panel.language.value === "de"`);
  await page.waitForTimeout(500);
  assert.equal(await page.inputValue("#js_4f"), "My words.");
  await page.close();
});

test("in a contenteditable reason box too, optout's untouched text follows the language; the person's stays", async () => {
  await setProfile(PROFILE);
  const page = await openCard(ES_FORM); // the reason box is a <div contenteditable>
  await pressFill(page);
  const box = '[id=":r1k:"]';
  const shown = () => page.$eval(box, (e) => e.innerText.replace(/\s+/g, " ").trim());
  const inLanguage = (language) =>
    operations
      .composeObjection(view, { ...PROFILE, platform: "instagram", language })
      .replace(/\s+/g, " ")
      .trim();
  assert.equal(await shown(), inLanguage("es"));
  await inWorld(page, "globalThis.optout.panel.language.focus()");
  await page.keyboard.type("English");
  await waitInWorld(page, `globalThis.optout.panel.language.value === "en"`);
  await page.waitForFunction(
    ([selector, text]) =>
      document.querySelector(selector).innerText.replace(/\s+/g, " ").trim() === text,
    [box, inLanguage("en")],
  );
  // Rewritten, not added to: the Spanish text is gone; and the receipt keeps English.
  assert.doesNotMatch(await shown(), new RegExp(inLanguage("es").slice(0, 20)));
  assert.equal(
    await inWorld(
      page,
      "globalThis.optout.reasonSent.text.replace(/\\s+/g, ' ').trim()",
    ),
    inLanguage("en"),
  );
  // The list keeps the focus, so the person can go on choosing with the keyboard.
  assert.equal(
    await inWorld(
      page,
      "globalThis.optout.panel.shadow.activeElement === globalThis.optout.panel.language",
    ),
    true,
  );
  // The person adds a word of their own: another language leaves the box alone, and
  // the card says why.
  await page.click(box);
  await page.keyboard.press("End");
  await page.keyboard.type(" Mine.");
  const theirs = await shown();
  await inWorld(page, "globalThis.optout.panel.language.focus()");
  await page.keyboard.type("German");
  await waitInWorld(page, `globalThis.optout.panel.language.value === "de"`);
  await waitInWorld(
    page,
    `globalThis.optout.panel.status.textContent === ${JSON.stringify(
      "You changed the reason box, so optout left your words as they are.",
    )}`,
  );
  assert.equal(await shown(), theirs);
  await page.close();
});

test("Meta's own e-mail that differs from the profile's is a warning; the same one is not", async () => {
  await setProfile(PROFILE);
  let page = await openCard(IG_FORM); // Meta shows person@example.com
  assert.match(
    await pressFill(page),
    /Meta shows a different e-mail than yours: check it\./,
  );
  assert.equal(await page.inputValue('[id=":r5:"]'), "person@example.com");
  await page.close();
  // Shown read-only (the German form): the same warning, not "choose yourself".
  page = await openCard([
    "facebook-form-de-2025",
    "https://de-de.facebook.com/help/contact/712876720715583",
  ]);
  const readOnly = await pressFill(page);
  assert.match(readOnly, /Meta shows a different e-mail than yours: check it\./);
  assert.doesNotMatch(readOnly, /choose yourself: e-mail/);
  await page.close();
  await setProfile({ ...PROFILE, email: "Person@Example.com " });
  page = await openCard(IG_FORM);
  const status = await pressFill(page);
  assert.doesNotMatch(status, /different e-mail/);
  assert.match(status, /Left as you had it: e-mail/);
  await page.close();
});

test("with no country saved, the card asks for it, fills with it and saves nothing", async () => {
  await setProfile(null);
  const page = await openCard(IT_FORM);
  assert.equal(await inWorld(page, "globalThis.optout.panel.countryBox.hidden"), false);
  assert.equal(await inWorld(page, "globalThis.optout.panel.country.value"), "IT");
  const status = await pressFill(page);
  assert.doesNotMatch(status, /popup first/);
  assert.match(status, /Please choose yourself: e-mail/); // no e-mail to put there
  // No argument chosen: the data's letter alone, as operations.composeObjection writes it.
  const expected = operations.composeObjection(view, {
    platform: "facebook",
    country: "IT",
    language: "it",
    arguments: [],
  });
  assert.equal(await waitFilled(page, "reason"), expected);
  const stored = await browser.worker.evaluate(() =>
    chrome.storage.local.get("profile"),
  );
  assert.equal(stored.profile, undefined);
  // The override is checked against the data.
  const refused = await browser.worker.evaluate(
    ([url]) =>
      globalThis.optout.answer(
        { type: "composeForPage", platform: "facebook", country: "XX" },
        { id: chrome.runtime.id, url, tab: { id: 1 } },
      ),
    [IT_FORM[1]],
  );
  assert.equal(refused.error?.name, "UnknownCountry");
  await page.close();
});

test("a country with no objection route: the route's own summary, no Fill", async () => {
  await setProfile({ ...PROFILE, country: "US" });
  const page = await openCard(IG_FORM);
  const route = lookup.primaryRoute(view, "instagram", "US");
  assert.notEqual(route.kind, "objection");
  assert.equal(
    await inWorld(page, "globalThis.optout.panel.step.textContent"),
    route.summary.en,
  );
  assert.equal(await inWorld(page, "globalThis.optout.panel.button.hidden"), true);
  await page.bringToFront();
  const answer = await browser.worker.evaluate(() =>
    globalThis.optout.onCommand("fill-form"),
  );
  assert.equal(answer.summary, route.summary.en);
  await page.close();
});

test("the card follows Meta's steps: the code, the success message, the error alert", async () => {
  await setProfile(PROFILE);
  const steps = [
    [
      [
        "facebook-form-code-nl",
        "https://www.facebook.com/help/contact/712876720715583",
      ],
      "Meta sent a code to your e-mail: enter it here.",
    ],
    [
      [
        "facebook-form-it-submitted",
        "https://www.facebook.com/help/contact/6359191084165019",
      ],
      "Meta says it will apply your objection — confirm it in your checklist.",
    ],
    [
      ["instagram-form-en-error", IG_FORM[1]],
      `Meta showed an error. ${
        view.routes["instagram-objection-2025"].failure_modes.find(
          (f) => f.id === "error-after-code",
        ).what_to_do.en
      }`,
    ],
  ];
  for (const [form, words] of steps) {
    const page = await openCard(form);
    await waitInWorld(
      page,
      `globalThis.optout.panel.step.textContent === ${JSON.stringify(words)}`,
    );
    const fillShown = await inWorld(page, "!globalThis.optout.panel.button.hidden");
    assert.equal(fillShown, form[0] === "instagram-form-en-error", form[0]);
    await page.close();
  }
});

const AXE = fs.readFileSync(
  path.join(EXTENSION, "..", "node_modules", "axe-core", "axe.min.js"),
  "utf8",
);

/** axe-core's serious and critical findings on the live card, in place on Meta's
 *  page: run in optout's own world, the only one that holds the closed root, which
 *  axe reaches there through the host's shadowRoot (visible to that world alone). */
async function liveCardProblems(page) {
  const world = await contentWorld(page);
  await world.evaluate(`${AXE}; 0`);
  return world.evaluate(`(async () => {
    const p = globalThis.optout.panel;
    Object.defineProperty(p.host, "shadowRoot", { get: () => p.shadow, configurable: true });
    const found = await axe.run(p.host, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21aa"] },
      resultTypes: ["violations"],
    });
    return found.violations.filter((v) => ["serious", "critical"].includes(v.impact))
      .map((v) => v.id + ": " + v.nodes.map((n) => n.target.join(" ")).join(", "));
  })()`);
}

test("the live card, in place, has no serious or critical axe findings, and a broken one does", async () => {
  await setProfile(null); // the country question shows too
  const page = await openCard(IT_FORM);
  await pressFill(page);
  assert.deepEqual(await liveCardProblems(page), []);
  // Minimised: the pill alone.
  await inWorld(page, "globalThis.optout.panel.minimise.click()");
  assert.deepEqual(await liveCardProblems(page), []);
  // The check sees the live root: a nameless button there is found.
  await inWorld(
    page,
    `(() => { const b = globalThis.optout.panel.pill;
      b.removeAttribute("aria-label"); b.replaceChildren(); })()`,
  );
  assert.match((await liveCardProblems(page)).join("\n"), /^button-name: /m);
  await page.close();
});

test("the card's markup and colours have no serious or critical axe findings", async () => {
  // Colours only here: in place, axe cannot work out the card's contrast (it reports
  // it as "incomplete" from optout's world), so the live root's markup and style sheet
  // are copied into an open shadow root on a blank page and checked there, in light
  // and dark (not the second sheet, which only places it on Meta's page).
  await setProfile(null);
  const page = await openCard(IT_FORM);
  await pressFill(page);
  const copy = await inWorld(
    page,
    `(() => { const p = globalThis.optout.panel;
      return { html: p.shadow.innerHTML,
        css: [...p.shadow.adoptedStyleSheets[0].cssRules].map((r) => r.cssText).join("\\n") }; })()`,
  );
  await page.close();
  const blank = await browser.context.newPage();
  for (const colorScheme of ["light", "dark"]) {
    await blank.emulateMedia({ colorScheme });
    await blank.setContent(
      "<!doctype html><html lang=en><title>card</title><main><div id=card></div></main>",
    );
    await blank.evaluate(({ html, css }) => {
      const root = document.querySelector("#card").attachShadow({ mode: "open" });
      root.innerHTML = `<style>${css}</style>${html}`;
    }, copy);
    assert.deepEqual(await accessibilityProblems(blank, "#card"), [], colorScheme);
    // The card follows the browser's dark mode (a light card in dark mode, or the
    // reverse, would fail the contrast check only by chance).
    const background = await blank.evaluate(
      () =>
        getComputedStyle(
          document.querySelector("#card").shadowRoot.querySelector("section"),
        ).backgroundColor,
    );
    assert.equal(
      background === "rgb(255, 255, 255)",
      colorScheme === "light",
      background,
    );
  }
  await blank.close();
});
