// Meta's own page script against the fill panel (issue 16): it cannot reach the button,
// cannot press it, cannot trick a person's real click into a fill by hiding, fading,
// moving, covering or popping up the panel, cannot send the fill message, and finds no
// mark of optout's state on the page. The popup's button and the keyboard command,
// which the page cannot reach, fill as the panel does.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";

import {
  contentWorld,
  filledFields,
  fixtureUrl,
  open,
  openActionPopup,
  panelShown,
  panelStatus,
  pressFill,
  start,
  waitFilled,
  waitInWorld,
} from "./harness.mjs";

const PROFILE = {
  country: "DE",
  language: "en",
  email: "ana@example.org",
  name: "Ana",
  arguments: ["no-way-back"],
  personal: "I am a photographer.",
};
const FORM = "https://help.instagram.com/contact/767264225370182";
const REFUSED = /^Not filled: this panel was hidden, covered or had only just appeared/;
let browser;

before(async () => {
  browser = await start();
  await browser.worker.evaluate(
    (p) => chrome.storage.local.set({ profile: p }),
    PROFILE,
  );
});
after(async () => {
  await browser?.close();
});

async function formPage() {
  const page = await open(browser.context, fixtureUrl("instagram-form-en-2025", FORM));
  await panelShown(page);
  return page;
}

/** A person's real click where the panel's button is; the panel's status a moment later. */
async function clickWhereTheButtonIs(page) {
  const { x, y } = await (
    await contentWorld(page)
  ).evaluate(`(() => {
    const r = globalThis.optout.panel.button.getBoundingClientRect();
    return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
  })()`);
  await page.mouse.click(x, y);
  await page.waitForTimeout(400);
  return panelStatus(page);
}

/** Every data-optout-* attribute on the page but the links' highlight and label. */
function pageMarks(page) {
  return page.evaluate(() =>
    [document.documentElement, ...document.querySelectorAll("*")].flatMap((e) =>
      [...e.attributes]
        .map((a) => a.name)
        .filter((n) => n.startsWith("data-optout-"))
        .filter((n) => n !== "data-optout-highlight" && n !== "data-optout-label")
        .map((n) => `${e.localName}[${n}]`),
    ),
  );
}

test("a page script cannot reach the panel's button, and its clicks fill nothing", async () => {
  const page = await formPage();
  const seen = await page.evaluate(() => {
    const host = document.querySelector("html > [popover]");
    const buttons = [...document.querySelectorAll("*")]
      .flatMap((e) =>
        e.shadowRoot ? [...e.shadowRoot.querySelectorAll("button")] : [],
      )
      .map((b) => b.textContent);
    host.click();
    host.dispatchEvent(new MouseEvent("click", { bubbles: true, composed: true }));
    return { shadowRoot: host.shadowRoot, buttons };
  });
  assert.deepEqual(seen, { shadowRoot: null, buttons: [] });
  await page.waitForTimeout(500);
  assert.deepEqual(await filledFields(page), []);
  assert.equal(await page.inputValue('[id=":rc:"]'), "");
  await page.close();
});

test("restyling the panel from outside changes nothing: it stays opaque and in place", async () => {
  const page = await formPage();
  const before = await page.evaluate(() =>
    JSON.stringify(document.querySelector("html > [popover]").getBoundingClientRect()),
  );
  const after = await page.evaluate(() => {
    const host = document.querySelector("html > [popover]");
    for (const [name, value] of [
      ["opacity", "0"],
      ["visibility", "hidden"],
      ["inset", "0 auto auto 0"],
      ["pointer-events", "none"],
      ["transform", "scale(0.1)"],
    ])
      host.style.setProperty(name, value, "important");
    const style = getComputedStyle(host);
    return {
      rect: JSON.stringify(host.getBoundingClientRect()),
      seen: [style.opacity, style.visibility, style.pointerEvents, style.transform],
    };
  });
  assert.deepEqual(after, { rect: before, seen: ["1", "visible", "auto", "none"] });
  await page.close();
});

for (const [attack, script] of [
  [
    "makes the page around it transparent",
    `document.documentElement.style.opacity = "0.02"`,
  ],
  ["fades it with a filter", `document.documentElement.style.filter = "opacity(0.02)"`],
  [
    "moves it with a transform",
    `document.documentElement.style.transform = "translate(-40px, -300px)"`,
  ],
  ["clips it away", `document.documentElement.style.clipPath = "inset(0 0 50% 0)"`],
  [
    "takes it out of the top layer",
    `document.querySelector("html > [popover]").hidePopover()`,
  ],
  [
    "covers it with its own popover that lets clicks through",
    `(() => {
      const decoy = document.createElement("div");
      decoy.popover = "manual";
      decoy.textContent = "Click here to win";
      decoy.style.cssText = "inset: auto 0 0 auto; width: 600px; height: 300px; margin: 0; pointer-events: none; background: white";
      document.body.append(decoy);
      decoy.showPopover();
    })()`,
  ],
]) {
  test(`no fill from a person's click when the page ${attack}`, async () => {
    const page = await formPage();
    await page.evaluate(script);
    await page.waitForTimeout(800); // well past the guard's minimum time on screen
    const status = await clickWhereTheButtonIs(page);
    assert.deepEqual(await filledFields(page), []);
    assert.equal(await page.inputValue('[id=":rc:"]'), "");
    // Clipped away, the click does not even reach the panel; otherwise it says why.
    if (!attack.startsWith("clips")) assert.match(status, REFUSED);
    await page.close();
  });
}

test("an element the page lays over the panel stays under it (top layer)", async () => {
  const page = await formPage();
  const onTop = await page.evaluate(() => {
    const cover = document.createElement("div");
    cover.style.cssText =
      "position: fixed; inset: 0; z-index: 2147483647; background: white";
    document.body.append(cover);
    const r = document.querySelector("html > [popover]").getBoundingClientRect();
    return (
      document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2) ===
      document.querySelector("html > [popover]")
    );
  });
  assert.equal(onTop, true);
  assert.match(await pressFill(page), /submit button yourself/);
  await page.close();
});

test("a panel popped up right under the cursor does not take the click", async () => {
  const page = await formPage();
  await page.waitForTimeout(800);
  await page.evaluate(() => {
    const host = document.querySelector("html > [popover]");
    host.remove();
    setTimeout(() => {
      document.documentElement.append(host);
      host.showPopover();
      document.title = "back";
    }, 300);
  });
  await page.waitForFunction(() => document.title === "back");
  assert.match(await clickWhereTheButtonIs(page), REFUSED);
  assert.deepEqual(await filledFields(page), []);
  // Left in place long enough to be seen, the same panel fills.
  assert.match(await pressFill(page), /submit button yourself/);
  await page.close();
});

test("the popup's button fills the form in the active tab and shows the outcome", async () => {
  const page = await formPage();
  const popup = await openActionPopup(browser.worker, page);
  assert.equal(
    await popup.evaluate(`document.getElementById("on-page").hidden`),
    false,
  );
  await popup.evaluate(`document.getElementById("fill-form").click()`);
  let status = "";
  for (let i = 0; i < 100 && !status; i += 1) {
    await page.waitForTimeout(100);
    status = await popup.evaluate(`document.getElementById("fill-status").textContent`);
  }
  assert.match(
    status,
    /^Filled: reason\. .*Meta shows a different e-mail than yours: check it\..*submit button yourself/,
  );
  assert.match(await waitFilled(page, "reason"), /I am a photographer/);
  assert.equal(await page.inputValue('[id=":r5:"]'), "person@example.com"); // kept
  await page.close();
});

test("the popup offers no fill button elsewhere", async () => {
  const page = await open(
    browser.context,
    fixtureUrl(
      "instagram-privacy-centre-en",
      "https://privacycenter.instagram.com/privacy/genai/",
    ),
  );
  const popup = await openActionPopup(browser.worker, page);
  assert.equal(await popup.evaluate(`document.getElementById("on-page").hidden`), true);
  await page.close();
});

test("the keyboard command fills the form in the active tab", async () => {
  const page = await formPage();
  await page.bringToFront();
  // Headless Chromium routes no keystroke to extension commands (Alt+Shift+F from
  // Playwright reaches only the page), so this calls the very function the
  // commands.onCommand listener is, with no tab, as the browser may.
  const answer = await browser.worker.evaluate(() =>
    globalThis.optout.onCommand("fill-form"),
  );
  assert.match(answer.summary, /submit button yourself/);
  assert.match(await waitFilled(page, "reason"), /I am a photographer/);
  assert.match(await panelStatus(page), /submit button yourself/);
  await page.close();
});

test("the fill message from the page or from a content script fills nothing", async () => {
  const page = await formPage();
  await page.evaluate(() => {
    for (const type of ["fillForm", "fillStatus"]) window.postMessage({ type }, "*");
  });
  // A content script's own runtime.sendMessage goes to the extension's pages and
  // background, never back to a content script.
  const world = await contentWorld(page);
  await world.evaluate(
    `chrome.runtime.sendMessage({ type: "fillForm" }).then(String, String)`,
  );
  await page.waitForTimeout(800);
  assert.deepEqual(await filledFields(page), []);
  assert.equal(await page.inputValue('[id=":rc:"]'), "");
  await page.close();
});

test("no optout mark on the page after load, fill and progress, but the highlights", async () => {
  const page = await formPage();
  assert.deepEqual(await pageMarks(page), []);
  await pressFill(page);
  await waitFilled(page, "reason");
  assert.deepEqual(await pageMarks(page), []);
  await page.evaluate(() => {
    document.querySelector("form").innerHTML =
      '<label for="otp">Confirmation code</label> <input id="otp" autocomplete="one-time-code">';
  });
  await waitInWorld(page, 'globalThis.optout.formState === "code"');
  assert.deepEqual(await pageMarks(page), []);
  await page.close();
});
