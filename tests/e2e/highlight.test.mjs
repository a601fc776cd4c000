// The extension in real Chromium highlights exactly the links optout_lib finds in the
// same saved pages, follows late-rendered content, and leaves look-alikes alone.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";

import {
  fixtureUrl,
  fixtures,
  highlighted,
  open,
  start,
  waitInWorld,
} from "./harness.mjs";

const META = /(^|\.)(instagram|facebook)\.com$/;
let browser;

before(async () => {
  browser = await start();
});
after(async () => {
  await browser?.close();
});

for (const { name, expected } of fixtures()) {
  test(`highlights what optout_lib finds: ${name}`, async () => {
    const onMeta = META.test(new URL(expected.url).hostname);
    const page = await open(browser.context, fixtureUrl(name, expected.url), {
      expectScript: onMeta,
    });
    if (!onMeta) await page.waitForTimeout(300); // give a wrongly injected script time
    assert.deepEqual(
      await highlighted(page),
      expected.links.map((l) => [l.href, l.kind]),
    );
    if (expected.page_kind === "objection") {
      // What the form page says happened (success message, error alert) as the library
      // reads it; otherwise a code field showing means Meta is e-mailing a code.
      const code = expected.fields.some((f) => f.field === "code") ? "code" : "";
      const state = await waitInWorld(
        page,
        `(() => { const s = globalThis.optout.formState;
          return typeof s === "string" && { state: s }; })()`,
      );
      assert.equal(state.state, expected.form_state || code);
    }
    await page.close();
  });
}

test("never changes a highlighted link's text or target", async () => {
  const page = await open(
    browser.context,
    fixtureUrl(
      "instagram-privacy-centre-en",
      "https://privacycenter.instagram.com/privacy/genai/",
    ),
  );
  const link = page.locator('[data-optout-highlight="objection"]').first();
  assert.equal(await link.textContent(), "object");
  assert.equal(
    await link.getAttribute("href"),
    "https://help.instagram.com/contact/767264225370182",
  );
  assert.match(await link.getAttribute("data-optout-label"), /objection form/);
  await page.close();
});

test("follows content rendered later, as in a feed or after SPA navigation", async () => {
  const page = await open(
    browser.context,
    fixtureUrl("lookalike-words", "https://www.instagram.com/some_account/"),
  );
  await page.evaluate(() => {
    const box = document.createElement("div");
    box.innerHTML =
      '<p>You can <a id="late" href="https://help.instagram.com/contact/767264225370182">object</a></p>' +
      '<a id="elsewhere" href="https://www.instagram.com/explore/">object</a>';
    document.body.append(box);
  });
  await page.waitForSelector('#late[data-optout-highlight="objection"]');
  await page.evaluate(() =>
    document
      .querySelector("#elsewhere")
      .setAttribute("href", "/help/contact/1266025207620918"),
  );
  await page.waitForSelector('#elsewhere[data-optout-highlight="third-party"]');
  await page.close();
});
