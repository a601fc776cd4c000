/*
 * On Meta's objection form only: a small panel (host element with data-optout-panel,
 * open shadow root) whose button fills the e-mail, country and reason fields from the
 * person's profile, when they press it. It never overwrites a value that is already
 * there, never clicks Meta's buttons and never submits.
 */
(function () {
  "use strict";
  const { api, messages, hints, i18n } = globalThis.optout;
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
      element.dispatchEvent(new InputEvent("input", { bubbles: true, inputType: "insertText", data: value }));
    }
  }

  function countryOption(select, code, names) {
    const folded = new Set(names.map(hints.normalizeText));
    return [...select.options].find((o) => o.value.toUpperCase() === code
      || folded.has(hints.normalizeText(o.textContent)));
  }

  function currentText(element) {
    return element.isContentEditable ? element.textContent : element.value;
  }

  /**
   * Fill one field unless it already holds something. Returns "filled", "kept" (the
   * person's value stays) or "yours" (a control optout cannot set without clicking
   * Meta's own widgets, such as a pop-up country list).
   */
  function fill(element, field, value, answer) {
    const settable = ["input", "textarea", "select"].includes(element.localName) || element.isContentEditable;
    if (!settable) return "yours";
    if (currentText(element).trim() !== "") return "kept";
    if (element.localName === "select") {
      const option = countryOption(element, answer.country, answer.countryNames);
      if (!option) return "yours";
      setValue(element, option.value);
    } else if (element.isContentEditable) {
      typeInto(element, value);
    } else {
      setValue(element, value);
    }
    element.setAttribute("data-optout-filled", field);
    return "filled";
  }

  const FIELD_NAMES = { email: "fieldEmail", country: "fieldCountry", reason: "fieldReason" };

  function summary(results) {
    const named = (outcome) => results.filter(([, r]) => r === outcome).map(([f]) => t(FIELD_NAMES[f]));
    const parts = [`${t("panelFilled")}: ${named("filled").join(", ") || "-"}.`];
    if (named("kept").length) parts.push(`${t("panelKept")}: ${named("kept").join(", ")}.`);
    if (named("yours").length) parts.push(`${t("panelYours")}: ${named("yours").join(", ")}.`);
    parts.push(t("panelNext"));
    return parts.join(" ");
  }

  function panel() {
    const host = document.createElement("div");
    host.setAttribute("data-optout-panel", "");
    Object.assign(host.style, { position: "fixed", insetBlockEnd: "16px", insetInlineEnd: "16px", zIndex: "2147483647" });
    const shadow = host.attachShadow({ mode: "open" });
    const box = document.createElement("section");
    box.setAttribute("aria-label", "optout");
    Object.assign(box.style, {
      font: "14px/1.4 system-ui, sans-serif", background: "Canvas", color: "CanvasText",
      border: "2px solid #b00060", borderRadius: "8px", padding: "12px", maxWidth: "320px",
    });
    const text = document.createElement("p");
    text.textContent = t("panelIntro");
    const button = document.createElement("button");
    button.type = "button";
    button.setAttribute("data-optout-action", "fill");
    button.textContent = t("panelFill");
    const status = document.createElement("p");
    status.setAttribute("role", "status");
    box.append(text, button, status);
    shadow.append(box);
    return { host, button, status };
  }

  async function start() {
    const loaded = await globalThis.optout.pageHints;
    if (!loaded) return;
    const { answer, matcher } = loaded;
    if (hints.pageKind(matcher, location.href) !== "objection") return;
    const platform = hints.platformOf(answer.platformHosts, location.hostname) || "facebook";
    const ui = panel();
    ui.button.addEventListener("click", async () => {
      const composed = await api.runtime.sendMessage({
        type: messages.COMPOSE_FOR_PAGE, platform, pageLanguage: document.documentElement.lang,
      });
      if (!composed || composed.error) {
        ui.status.textContent = composed && composed.error.name === "NoProfile"
          ? t("panelNoProfile")
          : `${t("panelError")}: ${composed ? composed.error.message : ""}`;
        return;
      }
      const fields = hints.findFields(matcher, document);
      const values = { email: composed.email, country: composed.country, reason: composed.text };
      const results = [...fields].filter(([field]) => field in values)
        .map(([field, element]) => [field, fill(element, field, values[field], composed)]);
      ui.status.textContent = summary(results);
    });
    document.body.append(ui.host);
    document.documentElement.setAttribute("data-optout-panel-ready", "");
  }

  start().catch((error) => console.error("optout:", error));
})();
