/*
 * On Meta's objection form only: a small panel (a closed shadow root in the top layer,
 * guarded against clickjacking by content/guard.js) whose button fills the e-mail,
 * country and reason fields from the person's profile, when they press it; the popup's
 * button and the keyboard command ask for the same fill by message. It never
 * overwrites a value that is already there, never clicks Meta's buttons and never
 * submits. What it filled is kept in this script's own world (optout.filled), never
 * marked on the page, so the page cannot read what optout put where.
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

  function currentText(element) {
    return element.isContentEditable ? element.textContent : element.value;
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
    } else if (element.isContentEditable) {
      typeInto(element, value);
    } else {
      setValue(element, value);
    }
    // React may re-render and throw the value away: read it back after the next frame.
    await nextFrame();
    const now = element.isContentEditable ? element.innerText.trim() : element.value;
    return (element.isContentEditable ? !now : now !== expected) ? "yours" : "filled";
  }

  const FIELD_NAMES = {
    email: "fieldEmail",
    country: "fieldCountry",
    reason: "fieldReason",
  };

  function summary(results) {
    const named = (outcome) =>
      results.filter(([, r]) => r === outcome).map(([f]) => t(FIELD_NAMES[f]));
    const parts = [`${t("panelFilled")}: ${named("filled").join(", ") || "-"}.`];
    if (named("kept").length)
      parts.push(`${t("panelKept")}: ${named("kept").join(", ")}.`);
    if (named("yours").length)
      parts.push(`${t("panelYours")}: ${named("yours").join(", ")}.`);
    parts.push(t("panelNext"));
    return parts.join(" ");
  }

  // Inside the shadow root, where an !important rule beats every rule and inline style
  // of the page (CSS Cascade: for important declarations the inner context wins).
  const PANEL_CSS = `
    :host {
      all: initial !important;
      display: block !important;
      position: fixed !important;
      inset: auto 16px 16px auto !important;
      margin: 0 !important;
      z-index: 2147483647 !important;
      opacity: 1 !important;
      visibility: visible !important;
      pointer-events: auto !important;
      cursor: auto !important;
    }
    section {
      font: 14px/1.4 system-ui, sans-serif;
      background: Canvas;
      color: CanvasText;
      border: 2px solid #b00060;
      border-radius: 8px;
      padding: 12px;
      max-width: 320px;
    }`;
  // Also inline and !important on the host itself, in case a browser will not take the
  // shadow root's sheet; guard.js refuses a click whenever these are overridden.
  const HOST_STYLE = {
    display: "block",
    position: "fixed",
    inset: "auto 16px 16px auto",
    margin: "0",
    border: "0",
    padding: "0",
    background: "transparent",
    "z-index": "2147483647",
    opacity: "1",
    visibility: "visible",
  };

  /** A constructed sheet (not subject to the page's CSP), else a <style> element. */
  function addStyle(shadow, css) {
    try {
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(css);
      shadow.adoptedStyleSheets = [sheet];
    } catch (_) {
      const style = document.createElement("style");
      style.textContent = css;
      shadow.append(style);
    }
  }

  function panel() {
    const host = document.createElement("div");
    // A manual popover: in the top layer, above everything the page draws in its own
    // layers, whatever their z-index or pointer-events (guard.js checks it stays open).
    host.popover = "manual";
    for (const [name, value] of Object.entries(HOST_STYLE))
      host.style.setProperty(name, value, "important");
    const shadow = host.attachShadow({ mode: "closed" });
    addStyle(shadow, PANEL_CSS);
    const box = document.createElement("section");
    box.setAttribute("aria-label", "optout");
    const text = document.createElement("p");
    text.textContent = t("panelIntro");
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = t("panelFill");
    const status = document.createElement("p");
    status.setAttribute("role", "status");
    box.append(text, button, status);
    shadow.append(box);
    return { host, button, status };
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

    /** Compose from the profile and fill what is empty; returns the summary shown. */
    async function fillForm() {
      const composed = await api.runtime.sendMessage({
        type: messages.COMPOSE_FOR_PAGE,
        platform,
        pageLanguage: document.documentElement.lang,
      });
      if (!composed || composed.error) {
        return composed && composed.error.name === "NoProfile"
          ? t("panelNoProfile")
          : `${t("panelError")}: ${composed ? composed.error.message : ""}`;
      }
      const values = {
        email: composed.email,
        country: composed.country,
        reason: composed.text,
      };
      const results = [];
      for (const found of formFields(view, formId).filter((f) =>
        FILLED.includes(f.field),
      )) {
        const outcome = await fill(found, values[found.field], composed, view);
        if (outcome === "filled") {
          globalThis.optout.filled.push({ field: found.field, element: found.element });
        }
        // What optout put in the reason box is what the receipt keeps (progress.js),
        // kept in this script's own world, where the page cannot write it.
        if (found.field === "reason" && outcome === "filled") {
          globalThis.optout.reasonSent = {
            element: found.element,
            text: composed.text,
          };
        }
        results.push([found.field, outcome]);
      }
      return summary(results);
    }

    /** One fill at a time, whoever asked; the panel shows how it went. */
    function fillOnce() {
      if (!running) {
        ui.status.textContent = "";
        running = fillForm()
          .then((text) => {
            ui.status.textContent = text;
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
        return;
      }
      fillOnce();
    });

    // The popup's button and the keyboard command (background.js), which the page
    // cannot reach: accepted from this extension's own pages and background only.
    api.runtime.onMessage.addListener((message, sender, sendResponse) => {
      const type = message && message.type;
      if (type !== messages.FILL_FORM && type !== messages.FILL_STATUS) return false;
      if (!fromExtension(sender)) return false;
      if (type === messages.FILL_STATUS) {
        sendResponse({ ready: ui.host.isConnected });
        return false;
      }
      if (!ui.host.isConnected) {
        sendResponse({ error: { name: "NoForm", message: "no form to fill yet" } });
        return false;
      }
      fillOnce().then(
        (text) => sendResponse({ summary: text }),
        (error) => sendResponse({ error: { name: "Error", message: String(error) } }),
      );
      return true; // answers asynchronously
    });
    Object.assign(globalThis.optout, { panel: { ...ui, refusal }, filled: [] });

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
      if (ready && !ui.host.isConnected) show(ui.host);
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
