/*
 * On Meta's objection form only: a small card (a closed shadow root in the top layer,
 * guarded against clickjacking by content/guard.js, placed where it covers none of the
 * page's controls) whose button fills the e-mail, country and reason fields from the
 * person's profile, when they press it; the popup's button and the keyboard command ask
 * for the same fill by message. It never overwrites a value that is already there,
 * never clicks Meta's buttons and never submits. What it filled is kept in this
 * script's own world (optout.filled) and shown to the person by an inline outline only,
 * never by a data-* mark. The card also says what the page's step means
 * (progress.js calls panel.follow), and, with no country saved, asks for one for this
 * fill only (the background checks it; nothing is stored from here).
 */
(function () {
  "use strict";
  const { api, messages, hints, i18n, detect, describe, guard } = globalThis.optout;
  const { t } = i18n;
  // content/highlight.js runs first and has already asked the background for hints.

  /** Set a value so React-controlled inputs notice: native setter, then events. */
  function setValue(element, value) {
    const proto = Object.getPrototypeOf(element);
    Object.getOwnPropertyDescriptor(proto, "value").set.call(element, value);
    element.dispatchEvent(new Event("input", { bubbles: true }));
    element.dispatchEvent(new Event("change", { bubbles: true }));
  }

  /**
   * Type into a contenteditable textbox. insertText goes through the browser's editing
   * pipeline (beforeinput/input), which is what React-based editors listen to; writing
   * textContent directly would be undone by the editor on its next render.
   */
  function typeInto(element, value) {
    element.focus();
    // Select what the box holds, so the text replaces it (a rewrite) rather than
    // landing wherever the caret was.
    const range = document.createRange();
    range.selectNodeContents(element);
    const selection = getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    if (!document.execCommand("insertText", false, value)) {
      element.textContent = value;
      element.dispatchEvent(
        new InputEvent("input", {
          bubbles: true,
          inputType: "insertText",
          data: value,
        }),
      );
    }
  }

  const FILLED = ["email", "country", "reason"];
  const WATCH_MS = 30000;
  const OPTIONS_WAIT_MS = 2000;
  // A <select>'s type-to-pick forgets the letters typed after about a second.
  const TYPE_AHEAD_MS = 1000;
  const CONTROLS =
    "input, textarea, select, [role=textbox], [role=combobox], [contenteditable]";

  const nextFrame = () =>
    new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
  const folded = (text) => detect.tokens(text || "").join(" ");

  /** The country's names in every language the data has, folded, the form's first. */
  function countryNames(view, code, language) {
    const byLanguage = view.countries.by_language;
    const base = (language || "").split("-")[0];
    const own = (byLanguage[language] || byLanguage[base] || byLanguage.en || {})[code];
    const all = Object.values(byLanguage)
      .map((names) => names[code])
      .filter(Boolean);
    return {
      typed: own || (byLanguage.en || {})[code] || "",
      folded: new Set(all.map(folded)),
    };
  }

  /** What a reason box shows now, as the person reads it (a contenteditable's lines
   *  come back as innerText, which is what a fill is checked against). */
  function shownText(element) {
    return element.isContentEditable ? element.innerText.trim() : element.value;
  }

  /** Write into a textarea or input, or type into a contenteditable. */
  function writeText(element, value) {
    if (element.isContentEditable) typeInto(element, value);
    else setValue(element, value);
  }

  /** What a control holds as text; "" for one with no value (a div combobox). */
  function currentText(element) {
    return (element.isContentEditable ? element.textContent : element.value) || "";
  }

  /** Rendered and usable now: the page may hide a control with CSS the markup does not show. */
  function usable(element) {
    return (
      element.isConnected &&
      element.getClientRects().length > 0 &&
      !element.closest("[inert]")
    );
  }

  function selectOption(select, code, names) {
    return [...select.options].find(
      (o) => o.value.toUpperCase() === code || names.folded.has(folded(o.textContent)),
    );
  }

  /** The options a typeahead shows for this input: its listbox, else any one showing. */
  function typeaheadOptions(input) {
    const scope = input.getRootNode();
    const ids =
      `${input.getAttribute("aria-controls") || ""} ${input.getAttribute("aria-owns") || ""}`
        .split(/\s+/)
        .filter(Boolean);
    const boxes = ids.map((id) => scope.getElementById(id)).filter(Boolean);
    if (!boxes.length) boxes.push(...scope.querySelectorAll("[role=listbox]"));
    return boxes
      .flatMap((box) => [...box.querySelectorAll("[role=option]")])
      .filter((o) => o.getClientRects().length > 0);
  }

  /** The hidden input beside a typeahead that holds the chosen ISO code, if any. */
  function isoInput(input) {
    for (
      let node = input.parentElement, i = 0;
      node && i < 3;
      node = node.parentElement, i += 1
    ) {
      for (const hidden of node.querySelectorAll("input[type=hidden]")) {
        if (describe.isoName(hidden.getAttribute("name") || "")) return hidden;
      }
    }
    return null;
  }

  function press(option) {
    for (const type of ["pointerdown", "mousedown", "pointerup", "mouseup", "click"]) {
      const Kind =
        type.startsWith("pointer") && typeof PointerEvent === "function"
          ? PointerEvent
          : MouseEvent;
      option.dispatchEvent(
        new Kind(type, { bubbles: true, cancelable: true, composed: true }),
      );
    }
  }

  /**
   * Type the country's name into a typeahead, choose the one option that matches and
   * check the result (the ISO input, where there is one, holds the code). Anything
   * unexpected: undo what was typed, so no ISO code or wrong name is left behind.
   */
  async function fillTypeahead(input, code, names) {
    input.focus();
    setValue(input, names.typed);
    let options = [];
    for (let waited = 0; waited <= OPTIONS_WAIT_MS; waited += 100) {
      options = typeaheadOptions(input).filter((o) =>
        names.folded.has(folded(o.textContent)),
      );
      if (options.length) break;
      await sleep(100);
    }
    if (options.length === 1) {
      press(options[0]);
      await nextFrame();
      const iso = isoInput(input);
      const shown = names.folded.has(folded(input.value));
      if (shown && (!iso || iso.value.toUpperCase() === code)) return "filled";
    }
    setValue(input, "");
    input.blur();
    return "yours";
  }

  /**
   * Fill one field unless it already holds something. Returns "filled", "kept" (the
   * person's value stays) or "yours" (optout could not set it safely: the person
   * chooses, e.g. a pop-up country list or a value the page refused).
   */
  async function fill(found, value, answer, view) {
    const { element, field } = found;
    const settable =
      ["input", "textarea", "select"].includes(element.localName) ||
      element.isContentEditable;
    if (!settable || found.state !== "ok" || !usable(element)) return "yours";
    if (currentText(element).trim() !== "") return "kept";
    let expected = value;
    if (field === "country") {
      const names = countryNames(view, answer.country, found.language);
      if (element.localName === "select") {
        const option = selectOption(element, answer.country, names);
        if (!option) return "yours";
        expected = option.value;
        setValue(element, expected);
      } else if (found.flags.includes("listbox")) {
        return fillTypeahead(element, answer.country, names);
      } else {
        if (!names.typed) return "yours";
        expected = names.typed;
        setValue(element, expected);
      }
    } else {
      writeText(element, value);
    }
    // React may re-render and throw the value away: read it back after the next frame.
    await nextFrame();
    const now = shownText(element);
    return (element.isContentEditable ? !now : now !== expected) ? "yours" : "filled";
  }

  const FIELD_NAMES = {
    email: "fieldEmail",
    country: "fieldCountry",
    reason: "fieldReason",
  };

  /** What the fill did, in words; `emailDiffers` when Meta shows another address. */
  function summary(results, emailDiffers) {
    const named = (outcome) =>
      results.filter(([, r]) => r === outcome).map(([f]) => t(FIELD_NAMES[f]));
    const parts = [`${t("panelFilled")}: ${named("filled").join(", ") || "-"}.`];
    if (named("filled").length) parts.push(t("panelOutlined"));
    if (named("kept").length)
      parts.push(`${t("panelKept")}: ${named("kept").join(", ")}.`);
    if (emailDiffers) parts.push(t("panelEmailDiffers"));
    if (named("yours").length)
      parts.push(`${t("panelYours")}: ${named("yours").join(", ")}.`);
    parts.push(t("panelNext"));
    return parts.join(" ");
  }

  /** The address as compared: trimmed and lower-case (Meta keeps it as typed). */
  const sameAddress = (a, b) => a.trim().toLowerCase() === b.trim().toLowerCase();

  /** Outline a filled field with an inline !important style, which no page rule beats
   *  (a data-* mark would tell the page more; the outline is only what a person sees). */
  function outline(element) {
    element.style.setProperty("outline", `3px solid ${BRAND}`, "important");
    element.style.setProperty("outline-offset", "2px", "important");
  }

  const BRAND = "#b00060";
  // Inside the shadow root, where an !important rule beats every rule and inline style
  // of the page (CSS Cascade: for important declarations the inner context wins).
  const PANEL_CSS = `
    :host {
      all: initial !important;
      display: block !important;
      position: fixed !important;
      margin: 0 !important;
      z-index: 2147483647 !important;
      opacity: 1 !important;
      visibility: visible !important;
      pointer-events: auto !important;
      cursor: auto !important;
      --brand: ${BRAND};
      --on-brand: #ffffff;
    }
    @media (prefers-color-scheme: dark) {
      :host { --brand: #ff8cc3; --on-brand: #1a0010; }
    }
    section, .pill {
      /* Here, not on :host, whose all: initial !important would reset it. */
      color-scheme: light dark;
      font: 14px/1.4 system-ui, sans-serif;
      background: Canvas;
      color: CanvasText;
      border: 2px solid var(--brand);
      border-radius: 10px;
      box-shadow: 0 2px 10px rgb(0 0 0 / 25%);
    }
    section { padding: 8px 12px 12px; width: min(300px, calc(100vw - 40px)); }
    [hidden] { display: none !important; }
    header { display: flex; align-items: center; gap: 6px; }
    header strong { flex: 1; color: var(--brand); font-size: 15px; }
    svg { width: 18px; height: 18px; flex: none; }
    .icon {
      font: inherit; font-size: 16px; line-height: 1; min-width: 28px; min-height: 28px;
      background: transparent; color: CanvasText; border: 1px solid transparent;
      border-radius: 6px; cursor: pointer;
    }
    .icon:hover { border-color: currentColor; }
    button:focus-visible, select:focus-visible { outline: 3px solid var(--brand); outline-offset: 2px; }
    p { margin: 6px 0; }
    .step { font-weight: 600; }
    label { display: block; margin: 6px 0; }
    select { font: inherit; max-width: 100%; color: CanvasText; background: Canvas; }
    .fill {
      font: inherit; font-weight: 600; margin-top: 6px; padding: 6px 12px; min-height: 32px;
      background: var(--brand); color: var(--on-brand); border: 0; border-radius: 6px; cursor: pointer;
    }
    .pill {
      display: flex; align-items: center; gap: 4px; padding: 4px 10px; min-height: 32px;
      border-radius: 16px; cursor: pointer; font-weight: 600;
    }`;
  // Also inline and !important on the host itself, in case a browser will not take the
  // shadow root's sheet; guard.js refuses a click whenever these are overridden.
  const HOST_STYLE = {
    display: "block",
    position: "fixed",
    margin: "0",
    border: "0",
    padding: "0",
    background: "transparent",
    "z-index": "2147483647",
    opacity: "1",
    visibility: "visible",
  };
  const MARGIN = 8;
  const NARROW = 640;
  const MIN_HEIGHT = 120;
  const STEP = 8;
  // What a person uses on Meta's page, which the card must not cover.
  const PAGE_CONTROLS =
    "input:not([type=hidden]), textarea, select, button, [role=button], [role=combobox], [role=textbox], [role=checkbox], [role=radio], [contenteditable=true], [contenteditable='']";

  /** A constructed sheet (not subject to the page's CSP), else a <style> element;
   *  returns a function that replaces the card's position rule. */
  function addStyle(shadow, css) {
    try {
      const sheet = new CSSStyleSheet();
      const where = new CSSStyleSheet();
      sheet.replaceSync(css);
      shadow.adoptedStyleSheets = [sheet, where];
      return (rule) => where.replaceSync(rule);
    } catch (_) {
      const style = document.createElement("style");
      const where = document.createElement("style");
      style.textContent = css;
      shadow.append(style, where);
      return (rule) => {
        where.textContent = rule;
      };
    }
  }

  /** optout's mark: a ring crossed out, drawn here so the page can load nothing of ours. */
  function mark() {
    const ns = "http://www.w3.org/2000/svg";
    const svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", "0 0 20 20");
    svg.setAttribute("aria-hidden", "true");
    for (const [name, attributes] of [
      ["circle", { cx: 10, cy: 10, r: 7.5 }],
      ["line", { x1: 4.7, y1: 15.3, x2: 15.3, y2: 4.7 }],
    ]) {
      const shape = document.createElementNS(ns, name);
      for (const [key, value] of Object.entries(attributes))
        shape.setAttribute(key, value);
      shape.setAttribute("fill", "none");
      shape.setAttribute("stroke", "currentColor");
      shape.setAttribute("stroke-width", "2.5");
      shape.style.color = "var(--brand)";
      svg.append(shape);
    }
    return svg;
  }

  function element(name, properties = {}, ...children) {
    const node = Object.assign(document.createElement(name), properties);
    node.append(...children);
    return node;
  }

  function iconButton(text, label) {
    const node = element("button", {
      type: "button",
      className: "icon",
      textContent: text,
    });
    node.setAttribute("aria-label", label);
    node.title = label;
    return node;
  }

  /** The card's parts: a header (mark, name, minimise, close), its texts and the pill. */
  function panel() {
    const host = document.createElement("div");
    // A manual popover: in the top layer, above everything the page draws in its own
    // layers, whatever their z-index or pointer-events (guard.js checks it stays open).
    host.popover = "manual";
    for (const [name, value] of Object.entries(HOST_STYLE))
      host.style.setProperty(name, value, "important");
    const shadow = host.attachShadow({ mode: "closed" });
    const position = addStyle(shadow, PANEL_CSS);
    const minimise = iconButton("\u2013", t("panelMinimise"));
    const close = iconButton("\u00d7", t("panelClose"));
    const header = element(
      "header",
      {},
      mark(),
      element("strong", { textContent: "optout" }),
    );
    header.append(minimise, close);
    const country = element("select");
    const countryBox = element(
      "div",
      { hidden: true },
      element("p", { textContent: t("panelCountryAsk") }),
      element("label", { textContent: `${t("panelCountryLabel")} ` }, country),
    );
    const language = element("select");
    const languageLine = element("p");
    const languageBox = element(
      "div",
      {},
      languageLine,
      element("label", { textContent: `${t("panelLanguageLabel")} ` }, language),
    );
    const button = element("button", {
      type: "button",
      className: "fill",
      textContent: t("panelFill"),
    });
    const step = element("p", { className: "step", hidden: true });
    const status = element("p");
    status.setAttribute("role", "status");
    // The words scroll inside a shortened card; the header and Fill stay in view.
    const words = element(
      "div",
      { className: "words" },
      element("p", { textContent: t("panelIntro") }),
      step,
      countryBox,
      languageBox,
    );
    const box = element("section", {}, header, words, button, status);
    box.setAttribute("aria-label", "optout");
    const pill = element("button", { type: "button", className: "pill", hidden: true });
    pill.append(mark(), "optout");
    pill.setAttribute("aria-label", t("panelOpen"));
    shadow.append(box, pill);
    return {
      ...{ host, shadow, box, pill, button, status, step, minimise, close, position },
      ...{ country, countryBox, language, languageLine, languageBox },
    };
  }

  /** Put the panel on the page, in the top layer where the browser has it. */
  function show(host) {
    // On <html>, not <body>: the page's styles on <body> cannot reach it, and what it
    // does to <html> it does to its own page too (guard.js checks both).
    document.documentElement.append(host);
    try {
      host.showPopover();
    } catch (error) {
      console.error("optout: no top layer for the panel", error);
    }
  }

  /** The rectangles of the page's elements matching `selector` (its controls unless
   *  told) now on screen, in shadow roots too, but the card's own (`own`). */
  function controlRects(own, selector = PAGE_CONTROLS) {
    const rects = [];
    for (const node of describe.walk(document)) {
      if (node.getRootNode() === own || !node.matches(selector)) continue;
      const r = node.getBoundingClientRect();
      if (r.width > 0 && r.height > 0 && r.bottom > 0 && r.top < innerHeight)
        rects.push(r);
    }
    return rects;
  }

  /** The lines of the page's text now on screen (Meta's explanations, the labels),
   *  which a wide window leaves room to keep clear of. */
  function textRects() {
    const rects = [];
    const walker = document.createTreeWalker(
      document.body || document.documentElement,
      NodeFilter.SHOW_TEXT,
    );
    const range = document.createRange();
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (!node.data.trim()) continue;
      range.selectNodeContents(node);
      for (const r of range.getClientRects())
        if (r.width > 0 && r.bottom > 0 && r.top < innerHeight) rects.push(r);
    }
    return rects;
  }

  const meets = (a, b) =>
    a.left < b.right && a.right > b.left && a.top < b.bottom && a.bottom > b.top;

  /** The free stretches [top, bottom] of the window's column [left, left + width):
   *  between the rects that reach into it, inside the margins. */
  function gaps(left, width, rects) {
    const spans = rects
      .filter((r) => r.left < left + width && r.right > left)
      .map((r) => [r.top, r.bottom])
      .sort((a, b) => a[0] - b[0]);
    const found = [];
    const end = innerHeight - MARGIN;
    let top = MARGIN;
    for (const [spanTop, spanBottom] of spans) {
      if (Math.min(spanTop, end) > top) found.push([top, Math.min(spanTop, end)]);
      top = Math.max(top, spanBottom);
    }
    if (end > top) found.push([top, end]);
    return found;
  }

  /** Each column a card `width` wide can take, from the right, with its free stretches. */
  function columns(width, rects) {
    const all = [];
    for (let left = innerWidth - width - MARGIN; left >= MARGIN; left -= STEP)
      all.push({ left, gaps: gaps(left, width, rects) });
    return all;
  }

  /** The lowest, then rightmost, place where a width×height box meets none of `rects`. */
  function freeSpot(width, height, rects) {
    let best = null;
    for (const column of columns(width, rects)) {
      for (const [top, bottom] of column.gaps) {
        if (bottom - top >= height && (!best || bottom - height > best.top))
          best = { left: column.left, top: bottom - height };
      }
    }
    return best;
  }

  /** The tallest box `width` wide that meets none of `rects` (0 when none fits). */
  function tallestFree(width, rects) {
    const heights = columns(width, rects).flatMap((c) =>
      c.gaps.map(([top, bottom]) => bottom - top),
    );
    return Math.max(0, ...heights);
  }

  /** Only this extension's own pages and background, never a content script or page. */
  function fromExtension(sender) {
    return Boolean(sender) && sender.id === api.runtime.id && !sender.tab;
  }

  /** The objection form's fields as the page is now (React may have re-mounted it). */
  function formFields(view, formId) {
    return describe.objectionFormFields(view, document, formId, null);
  }

  function addsControls(records) {
    return records.some((r) =>
      [...r.addedNodes].some(
        (n) =>
          n.nodeType === 1 &&
          (n.matches(CONTROLS) || n.querySelector(CONTROLS) || describe.shadowOf(n)),
      ),
    );
  }

  /** On Meta's objection form only, the detector's view (shared with progress.js). */
  async function loadView() {
    const loaded = await globalThis.optout.pageHints;
    if (!loaded || hints.pageKind(loaded.matcher, location.href) !== "objection")
      return null;
    const view = await api.runtime.sendMessage({ type: messages.GET_DETECTOR });
    return view && !view.error ? view : null;
  }

  /** Where the card goes: clear of the page's controls, and where there is room of
   *  its labels and (wide) its text; the whole card, else a shorter one that scrolls,
   *  else the pill (its label says why); only a card the person opened themselves may
   *  lie over a control, at the bottom right. */
  function placeCard(ui, state) {
    const rects = controlRects(ui.shadow);
    const size = (node) => node.getBoundingClientRect();
    const showing = (minimised) => {
      ui.box.hidden = minimised;
      ui.pill.hidden = !minimised;
      return size(minimised ? ui.pill : ui.box);
    };
    ui.position(""); // measured at its full height
    let r = showing(state.minimised);
    let spot = null;
    let cap = "";
    // Wide, clear of the page's text too (the margins beside the form), else clear of
    // its controls and labels, else of its controls; each time the whole card, else a
    // shorter one that scrolls inside.
    // Labels too where there is room: they say what a field is for.
    const labelled = rects.concat(controlRects(ui.shadow, "label"));
    const avoid = [labelled, rects];
    if (innerWidth >= NARROW) avoid.unshift(labelled.concat(textRects()));
    for (const list of avoid) {
      spot = freeSpot(r.width, r.height, list);
      const h = Math.floor(Math.min(r.height, tallestFree(r.width, list)));
      if (!spot && !state.minimised && h >= MIN_HEIGHT) {
        spot = freeSpot(r.width, h, list);
        cap = `section { max-height: ${h}px; box-sizing: border-box; display: flex;
          flex-direction: column; } section > * { flex: none; }
          .words { flex: 0 1 auto; min-height: 0; overflow-y: auto; }
          .fill { align-self: flex-start; }`;
        r = { width: r.width, height: h };
      }
      if (spot) break;
    }
    const cramped = !spot && !state.minimised && !state.opened;
    if (cramped) {
      r = showing(true);
      for (const list of avoid) spot = spot || freeSpot(r.width, r.height, list);
    }
    ui.pill.setAttribute("aria-label", t(cramped ? "panelNoRoom" : "panelOpen"));
    // Nowhere free even for the pill: the bottom right corner, the smallest cover.
    spot = spot || {
      left: Math.max(0, innerWidth - r.width - MARGIN),
      top: Math.max(0, innerHeight - r.height - MARGIN),
    };
    // Held by its bottom right corner, so that a longer status grows it up and left,
    // still inside the window (guard.js refuses clicks on a card partly outside it).
    const right = Math.max(0, innerWidth - spot.left - r.width);
    const bottom = Math.max(0, innerHeight - spot.top - r.height);
    // Not rounded: a card that fits a gap exactly would reach into the next control.
    const inset = `auto ${right}px ${bottom}px auto`;
    ui.host.style.setProperty("inset", inset, "important");
    ui.position(`:host { inset: ${inset} !important; } ${cap}`);
  }

  /** Does the card now cover one of the page's controls? */
  function covering(ui) {
    const r = ui.host.getBoundingClientRect();
    return controlRects(ui.shadow).some((c) => meets(c, r));
  }

  /** The browser's name of a language in the person's UI language, else the data's. */
  function languageName(language) {
    try {
      const names = new Intl.DisplayNames([api.i18n.getUILanguage()], {
        type: "language",
      });
      return names.of(language.id) || language.name;
    } catch (_) {
      return language.name;
    }
  }

  /** A guess at the person's country: the browser's region where the page's language is
   *  spoken there, else the country named like the page's language, else the region. */
  function guessCountry(countries, pageLanguage) {
    const base = (pageLanguage || "").split("-")[0].toLowerCase();
    const region = (navigator.language.split("-")[1] || "").toUpperCase();
    const speaks = (c) => c.languages.some((l) => l.split("-")[0] === base);
    const byId = (id) => countries.find((c) => c.id === id);
    const fromRegion = byId(region);
    if (fromRegion && speaks(fromRegion)) return fromRegion.id;
    const named = byId(base.toUpperCase());
    if (named && speaks(named)) return named.id;
    return (fromRegion || countries.find(speaks) || countries[0]).id;
  }

  function fillSelect(select, items, chosen) {
    select.replaceChildren(
      ...items.map((item) =>
        element("option", { value: item.id, textContent: item.name }),
      ),
    );
    select.value = chosen;
  }

  async function start() {
    const view = await globalThis.optout.formView;
    if (!view) return;
    const { matcher } = await globalThis.optout.pageHints;
    const platform =
      hints.platformOf(matcher.platformHosts, location.hostname) || "facebook";
    const ui = panel();
    const refusal = guard.watchPanel(ui.host);
    let formId = hints.formId(matcher, location.href);
    let running = null;
    // minimised: the pill shows; opened: the person opened it (so it is not minimised
    // again for want of room); closed: hidden for this page.
    const state = {
      // On a phone-sized window the card starts as the pill: it would hide Meta's text.
      minimised: innerWidth < NARROW,
      opened: false,
      closed: false,
      form: false,
      found: false,
    };
    const pageLanguage = document.documentElement.lang;
    let context = null;
    let chosenLanguage = null;

    /** The card's context from the background, for the country shown. */
    async function loadContext() {
      const country = context && !context.saved ? ui.country.value : undefined;
      const reply = await api.runtime.sendMessage({
        type: messages.FORM_CONTEXT,
        platform,
        pageLanguage,
        language: chosenLanguage || undefined,
        country,
      });
      if (!reply || reply.error)
        throw new Error(reply ? reply.error.message : "no reply");
      return reply;
    }

    /** Show the context: the country question, the language and the no-route words. */
    function render() {
      if (!context) return;
      if (!context.saved && !ui.country.options.length) {
        fillSelect(
          ui.country,
          context.countries,
          guessCountry(context.countries, pageLanguage),
        );
      }
      ui.countryBox.hidden = context.saved || state.form === "submitted";
      fillSelect(
        ui.language,
        context.languages.map((l) => ({ id: l.id, name: languageName(l) })),
        context.language,
      );
      const current = context.languages.find((l) => l.id === context.language);
      ui.languageLine.textContent = t(
        "panelLanguage",
        current ? languageName(current) : context.language,
      );
      follow(globalThis.optout.formState || state.form);
    }

    /** The card's words for how far the form got (progress.js) or why there is no form. */
    function follow(formState) {
      // A new step's words are worth showing: unfolded, where there is room for it.
      if (formState && formState !== state.form && !state.opened)
        state.minimised = false;
      state.form = formState || false;
      const words = {
        code: t("panelCodeStep"),
        submitted: t("panelSubmitted"),
        error: [t("panelErrorStep"), context && context.errorAdvice]
          .filter(Boolean)
          .join(" "),
      }[formState];
      const noRoute = !formState && context && context.noRoute;
      ui.step.textContent = words || noRoute || "";
      ui.step.hidden = !ui.step.textContent;
      const fillable = !noRoute && formState !== "submitted" && formState !== "code";
      ui.button.hidden = !fillable;
      ui.languageBox.hidden = !fillable;
      ui.countryBox.hidden = !context || context.saved || formState === "submitted";
      if (formState && !state.closed && !ui.host.isConnected) reveal();
      else if (ui.host.isConnected) placeCard(ui, state);
    }

    function reveal() {
      show(ui.host);
      placeCard(ui, state);
    }

    async function refreshContext() {
      context = await loadContext();
      render();
    }

    /** Compose from the profile and fill what is empty; returns the summary shown. */
    /** The objection composed by the background, in the card's language and country. */
    function compose() {
      return api.runtime.sendMessage({
        type: messages.COMPOSE_FOR_PAGE,
        platform,
        pageLanguage,
        language: chosenLanguage || undefined,
        country: context && !context.saved ? ui.country.value : undefined,
      });
    }

    /** optout's own text, still untouched in the reason box (a textarea or a
     *  contenteditable), in the new language; a box the person changed is theirs and
     *  stays as it is, and the card says so. */
    async function rewriteReason() {
      const sent = globalThis.optout.reasonSent;
      if (!sent || !sent.element.isConnected) return;
      const untouched = () => shownText(sent.element) === sent.shown;
      const composed = untouched() && (await compose());
      if (!untouched()) {
        ui.status.textContent = t("panelReasonKept");
        placeCard(ui, state);
        return;
      }
      if (!composed || composed.error) return;
      // Typing into a contenteditable takes the focus: give it back to the list the
      // person is using.
      const using = ui.shadow.activeElement;
      writeText(sent.element, composed.text);
      if (using) using.focus();
      await nextFrame();
      const shown = shownText(sent.element);
      const taken = sent.element.isContentEditable ? shown : shown === composed.text;
      if (taken)
        globalThis.optout.reasonSent = {
          element: sent.element,
          text: composed.text,
          shown,
        };
    }

    async function fillForm() {
      if (state.form === "submitted") return t("panelSubmitted");
      const composed = await compose();
      if (!composed || composed.error) {
        if (composed && composed.error.name === "NoObjectionRoute" && context)
          return context.noRoute || composed.error.message;
        return composed && composed.error.name === "NoProfile"
          ? t("panelCountryAsk")
          : `${t("panelError")}: ${composed ? composed.error.message : ""}`;
      }
      const values = {
        email: composed.email,
        country: composed.country,
        reason: composed.text,
      };
      const results = [];
      let emailDiffers = false;
      for (const found of formFields(view, formId).filter((f) =>
        FILLED.includes(f.field),
      )) {
        // Nothing to put in an empty field (no e-mail in the profile): the person fills
        // it; a field that has a value is left as it is either way.
        const empty = currentText(found.element).trim() === "";
        const outcome =
          values[found.field] || !empty
            ? await fill(found, values[found.field], composed, view)
            : "yours";
        if (outcome === "filled") {
          globalThis.optout.filled.push({ field: found.field, element: found.element });
          outline(found.element);
        }
        // Meta's own pre-filled address that is not the profile's: a warning, since
        // the code goes to that address and the objection to its account.
        // Read-only counts too: Meta often shows the account's address unchangeable.
        const shown = found.field === "email" && outcome !== "filled" && !empty;
        const differs =
          shown &&
          values.email !== "" &&
          !sameAddress(currentText(found.element), values.email);
        emailDiffers = emailDiffers || differs;
        // What optout put in the reason box is what the receipt keeps (progress.js),
        // kept in this script's own world, where the page cannot write it.
        if (found.field === "reason" && outcome === "filled") {
          globalThis.optout.reasonSent = {
            element: found.element,
            text: composed.text,
            // What the box reads back: a later rewrite checks the person left it so.
            shown: shownText(found.element),
          };
        }
        // An address Meta shows (read-only too) that is not another one: left as it is.
        if (!differs) results.push([found.field, shown ? "kept" : outcome]);
      }
      return summary(results, emailDiffers);
    }

    /** One fill at a time, whoever asked; the panel shows how it went. */
    function fillOnce() {
      if (!running) {
        ui.status.textContent = "";
        running = fillForm()
          .then((text) => {
            ui.status.textContent = text;
            if (ui.host.isConnected) placeCard(ui, state);
            return text;
          })
          .finally(() => {
            running = null;
          });
      }
      return running;
    }

    ui.button.addEventListener("click", (event) => {
      // Only the person's own click: a script on the page cannot press it for them,
      // and a click on a panel the page hid, covered or just moved does not count.
      if (!event.isTrusted) return;
      const why = refusal(event, ui.button);
      if (why) {
        ui.status.textContent = t("panelRefused");
        placeCard(ui, state);
        return;
      }
      fillOnce();
    });
    // Minimise, reopen and close change only the card, so they need no guard.
    const minimise = (minimised) => {
      Object.assign(state, { minimised, opened: !minimised });
      placeCard(ui, state);
      (minimised ? ui.pill : ui.button.hidden ? ui.close : ui.button).focus();
    };
    ui.minimise.addEventListener("click", () => minimise(true));
    ui.pill.addEventListener("click", () => minimise(false));
    ui.box.addEventListener("keydown", (event) => {
      if (event.key === "Escape") minimise(true);
    });
    ui.close.addEventListener("click", () => {
      state.closed = true;
      ui.host.remove();
    });
    let rewriting = null;
    ui.language.addEventListener("change", async (event) => {
      chosenLanguage = ui.language.value;
      await refreshContext();
      // Only the person's own choice rewrites what optout filled, once they stopped
      // typing to pick (the list's type-ahead): a contenteditable takes the focus.
      if (!event.isTrusted) return;
      clearTimeout(rewriting);
      rewriting = setTimeout(rewriteReason, TYPE_AHEAD_MS);
    });
    ui.country.addEventListener("change", () => refreshContext());
    // The page scrolls under the card: move it when it comes to cover a control.
    let placing = false;
    const keepClear = () => {
      if (placing || !ui.host.isConnected) return;
      placing = true;
      requestAnimationFrame(() => {
        placing = false;
        if (covering(ui)) placeCard(ui, state);
      });
    };
    addEventListener("scroll", keepClear, { passive: true, capture: true });
    addEventListener("resize", () => ui.host.isConnected && placeCard(ui, state));

    // The popup's button and the keyboard command (background.js), which the page
    // cannot reach: accepted from this extension's own pages and background only.
    api.runtime.onMessage.addListener((message, sender, sendResponse) => {
      const type = message && message.type;
      if (type !== messages.FILL_FORM && type !== messages.FILL_STATUS) return false;
      if (!fromExtension(sender)) return false;
      if (type === messages.FILL_STATUS) {
        sendResponse({ ready: state.found && state.form !== "submitted" });
        return false;
      }
      if (!state.found) {
        sendResponse({ error: { name: "NoForm", message: "no form to fill yet" } });
        return false;
      }
      fillOnce().then(
        (text) => sendResponse({ summary: text }),
        (error) => sendResponse({ error: { name: "Error", message: String(error) } }),
      );
      return true; // answers asynchronously
    });
    Object.assign(globalThis.optout, {
      panel: { ...ui, refusal, follow, state },
      filled: [],
    });
    // The words the card shows come from the background; it waits for them.
    await refreshContext();

    // The form may be rendered late, re-mounted, or come with an in-page navigation:
    // watch for controls for WATCH_MS after load and after each navigation, debounced.
    let deadline = Date.now() + WATCH_MS;
    let href = location.href;
    let queued = false;
    const observed = new WeakSet();
    const check = () => {
      queued = false;
      const found = formFields(view, formId);
      const ready = found.some((f) => FILLED.includes(f.field) && f.state === "ok");
      state.found = state.found || ready;
      if (ready && !state.closed && !ui.host.isConnected) reveal();
      for (const f of found) {
        const shadow = f.element.getRootNode();
        if (shadow !== document && !observed.has(shadow)) watch(shadow);
      }
    };
    const observer = new MutationObserver((records) => {
      if (location.href !== href) {
        href = location.href;
        deadline = Date.now() + WATCH_MS;
        formId = hints.formId(matcher, href);
      }
      if (queued || Date.now() > deadline || !formId || !addsControls(records)) return;
      queued = true;
      setTimeout(check, 200);
    });
    const watch = (node) => {
      observed.add(node);
      observer.observe(node, { childList: true, subtree: true });
    };
    watch(document.documentElement);
    for (const element of describe.walk(document)) {
      const shadow = describe.shadowOf(element);
      if (shadow) watch(shadow);
    }
    check();
  }

  globalThis.optout.formView = loadView();
  start().catch((error) => console.error("optout:", error));
})();
