// Forms that change under the extension, in real Chromium: rendered late, mounted twice,
// inside open and closed shadow roots, with a country typeahead, and with decoys before
// and around. The labels are unlinked <div>s in paraphrased words, as Meta's next
// redesign may well have them. Pass: the right fields filled, nothing else, no submit.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";

import {
  EXTENSION,
  contentWorld,
  fixtureUrl,
  open,
  panelShown,
  pressFill,
  start,
} from "./harness.mjs";
import operations from "../../extension/lib/operations.js";

const bundle = JSON.parse(
  fs.readFileSync(path.join(EXTENSION, "data", "bundle.json"), "utf8"),
);
const profile = {
  country: "IT",
  language: "en",
  email: "ana@example.org",
  name: "Ana Esempio",
  arguments: ["loss-of-control"],
  personal: "",
};
const FORM_URL = "https://www.facebook.com/help/contact/712876720715583";
const reasonText = operations.composeObjection(bundle.view, {
  ...profile,
  platform: "facebook",
  language: "en",
});

const HEADER = `<header><input type="search" id="q" placeholder="Search Help Centre"><div role="button">Search</div></header>`;
const FOOTER = `<footer><form id="feedback"><div>Was this page helpful? Tell us more</div><textarea id="fb"></textarea>
  <button type="submit">Send feedback</button></form></footer>`;

/** A Meta-like objection form in div soup: nothing linked, words not quite ours. */
function form({ country = "select", decoys = false } = {}) {
  const countryControl = {
    select: `<select id="c"><option value="">Choose a country</option><option value="AT">Austria</option>
      <option value="IT">Italy</option><option value="DE">Germany</option><option value="FR">France</option>
      <option value="SE">Sweden</option></select>`,
    typeahead: `<input id="c" name="country" type="text" role="combobox" aria-autocomplete="list" aria-controls="lb"
      aria-expanded="false"><input type="hidden" name="country_iso2_country_code" value=""><ul id="lb" role="listbox" hidden></ul>`,
  }[country];
  return `<form id="objection">
  <input type="hidden" name="support_form_id" value="712876720715583">
  <div><div><span>Where do you live?</span></div><div><div>${countryControl}</div></div></div>
  <div><div><span>Email address we can reach you at</span></div><div><div><input id="e" type="text"></div></div></div>
  ${
    decoys
      ? `<div><div><span>Confirm email</span></div><div><input id="e2" type="email"></div></div>
  <div><div><span>Anything else we should know?</span></div><div><div><textarea id="extra"></textarea></div></div></div>`
      : ""
  }
  <div><div><span>Tell us how this affects you</span></div><div><div><textarea id="r" rows="6"></textarea></div></div></div>
  <div><div role="button" aria-label="Send">Send</div></div></form>`;
}

/** The typeahead's own behaviour: options on input, the ISO code set on choosing. */
function typeaheadScript(countries, { wrongCode = false } = {}) {
  return `<script>
  const countries = ${JSON.stringify(countries)};
  document.addEventListener("input", (event) => {
    const input = event.target;
    if (input.id !== "c") return;
    const root = input.getRootNode();
    const list = root.getElementById("lb");
    const iso = root.querySelector("[name=country_iso2_country_code]");
    iso.value = "";
    list.replaceChildren();
    const typed = input.value.toLowerCase();
    setTimeout(() => {
      for (const [code, name] of countries) {
        if (!typed || !name.toLowerCase().startsWith(typed.slice(0, 2))) continue;
        const option = document.createElement("li");
        option.setAttribute("role", "option");
        option.textContent = name;
        option.addEventListener("mousedown", () => {
          input.value = name;
          iso.value = ${wrongCode ? '"SE"' : "code"};
          list.hidden = true;
        });
        list.append(option);
      }
      list.hidden = !list.children.length;
    }, 150);
  }, true);
  </script>`;
}

const page = (
  body,
  lang = "en",
) => `<!doctype html><html lang="${lang}"><head><title>Help Centre</title></head>
<body>${HEADER}<main id="main">${body}</main>${FOOTER}</body></html>`;

const PAGES = {
  late: page(`<div id="slot"></div><script>setTimeout(() => {
    document.getElementById("slot").innerHTML = ${JSON.stringify(form())}; }, 1200);</script>`),
  remount: page(`<div id="slot"></div><script>
    const html = ${JSON.stringify(form())};
    setTimeout(() => { document.getElementById("slot").innerHTML = html; }, 200);
    // React in development mounts, unmounts and mounts again: the first controls die.
    setTimeout(() => { document.getElementById("slot").innerHTML = html;
      document.documentElement.dataset.settled = ""; }, 700);</script>`),
  "shadow-open": page(`<div id="host"></div><script>
    document.getElementById("host").attachShadow({ mode: "open" }).innerHTML = ${JSON.stringify(form())};</script>`),
  "shadow-closed": page(`<div id="host"></div><script>
    window.__closed = document.getElementById("host").attachShadow({ mode: "closed" });
    window.__closed.innerHTML = ${JSON.stringify(form())};</script>`),
  typeahead: page(
    form({ country: "typeahead" }) +
      typeaheadScript([
        ["IE", "Ireland"],
        ["IS", "Iceland"],
        ["IT", "Italy"],
      ]),
  ),
  "typeahead-wrong-code": page(
    form({ country: "typeahead" }) +
      typeaheadScript([["IT", "Italy"]], { wrongCode: true }),
  ),
  "typeahead-no-match": page(
    form({ country: "typeahead" }) +
      typeaheadScript([
        ["IE", "Ireland"],
        ["IS", "Iceland"],
      ]),
  ),
  decoys: page(form({ decoys: true })),
};

let browser;
before(async () => {
  browser = await start({ pages: PAGES });
  await browser.worker.evaluate(
    (p) => chrome.storage.local.set({ profile: p }),
    profile,
  );
});
after(async () => {
  await browser?.close();
});

async function fillNow(name) {
  const tab = await open(browser.context, fixtureUrl(name, FORM_URL));
  const posts = [];
  tab.on("request", (request) => {
    if (request.method() !== "GET") posts.push(request.url());
  });
  await panelShown(tab);
  // The remounting page says when its last mount is in: a person clicks the form
  // they see, not one a loaded machine caught between two mounts.
  if (name === "remount") await tab.waitForSelector("html[data-settled]");
  const status = await pressFill(tab);
  return { tab, posts, status };
}

/** The values of the form's controls, wherever the form lives (shadow roots included). */
function values(tab) {
  return tab.evaluate(() => {
    const host = document.getElementById("host");
    const root = window.__closed || (host && host.shadowRoot) || document;
    const value = (id) => {
      const e = root.getElementById(id);
      return e ? e.value : null;
    };
    const iso = root.querySelector("[name=country_iso2_country_code]");
    return {
      country: value("c"),
      email: value("e"),
      reason: value("r"),
      confirm: value("e2"),
      extra: value("extra"),
      iso: iso ? iso.value : null,
      search: document.getElementById("q").value,
      feedback: document.getElementById("fb").value,
    };
  });
}

for (const name of ["late", "remount", "shadow-open", "shadow-closed"]) {
  test(`fills country, e-mail and reason in a form that is ${name}`, async () => {
    const { tab, posts } = await fillNow(name);
    const got = await values(tab);
    assert.deepEqual(
      { country: got.country, email: got.email, reason: got.reason },
      { country: "IT", email: "ana@example.org", reason: reasonText },
    );
    assert.deepEqual([got.search, got.feedback], ["", ""]);
    assert.deepEqual(posts, []);
    await tab.close();
  });
}

test("a country typeahead: types the name, chooses the matching option, the ISO input agrees", async () => {
  const { tab, status } = await fillNow("typeahead");
  const got = await values(tab);
  assert.deepEqual(
    [got.country, got.iso, got.email],
    ["Italy", "IT", "ana@example.org"],
  );
  assert.doesNotMatch(status, /choose yourself/);
  await tab.close();
});

for (const name of ["typeahead-wrong-code", "typeahead-no-match"]) {
  test(`a typeahead that does not confirm the country is undone and left to the person: ${name}`, async () => {
    const { tab, status } = await fillNow(name);
    const got = await values(tab);
    assert.deepEqual([got.country, got.iso], ["", ""]);
    assert.equal(got.reason, reasonText);
    assert.match(status, /Please choose yourself: country/);
    await tab.close();
  });
}

test("decoys before and around the form stay empty; only the right boxes are filled", async () => {
  const { tab } = await fillNow("decoys");
  const got = await values(tab);
  assert.deepEqual(got, {
    country: "IT",
    email: "ana@example.org",
    reason: reasonText,
    confirm: "",
    extra: "",
    iso: null,
    search: "",
    feedback: "",
  });
  await tab.close();
});

test("a click made by a script is ignored, even one that reaches the button", async () => {
  const tab = await open(browser.context, fixtureUrl("decoys", FORM_URL));
  await panelShown(tab);
  // Only the extension's own world holds the button (the shadow root is closed); a
  // script's click there is still not the person's.
  await (await contentWorld(tab)).evaluate("globalThis.optout.panel.button.click()");
  await tab.waitForTimeout(500);
  assert.deepEqual((await values(tab)).reason, "");
  await tab.close();
});
