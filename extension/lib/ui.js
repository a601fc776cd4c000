/* Small helpers the extension's pages share: data text in the UI language, state
 * names, and list/option elements filled as text (never HTML). */
(function (root) {
  "use strict";
  const { api, i18n } = root.optout;
  const uiTag = api.i18n.getUILanguage();

  /** A data text ({en, de, …}) in the UI language: pt-BR, then pt, then English. */
  function say(localized) {
    return localized
      ? localized[uiTag] || localized[uiTag.split("-")[0]] || localized.en
      : "";
  }

  /** A moment (ISO 8601) as the UI language writes a date and time (CLDR, Intl). */
  function when(iso) {
    const moment = new Date(iso);
    return Number.isNaN(moment.getTime())
      ? String(iso)
      : moment.toLocaleString(uiTag, { dateStyle: "long", timeStyle: "short" });
  }

  /** A day (YYYY-MM-DD, or the day of a moment) as the UI language writes a date. */
  function day(iso) {
    const moment = new Date(`${String(iso).slice(0, 10)}T00:00:00Z`);
    return Number.isNaN(moment.getTime())
      ? String(iso)
      : moment.toLocaleDateString(uiTag, { dateStyle: "long", timeZone: "UTC" });
  }

  /** The shipped language for the browser's UI language (view.js's one rule). */
  function language(data) {
    return root.optout.view.resolveLanguage(data, [uiTag]);
  }

  /** "The texts in Deutsch were machine-drafted …" when the data's texts in the UI
   *  language were machine-drafted (its `review`), else "". */
  function draftedNote(data) {
    const lang = language(data);
    const record = data.languages.find((l) => l.id === lang);
    return record && record.review === "machine-drafted"
      ? i18n.t("textsDrafted", record.name)
      : "";
  }

  /** The data in use in words, from lib/bundle.js freshness(): up to date (from a
   *  server), built into optout, or old, each with its day. */
  function dataState(fresh) {
    const key = fresh.old
      ? "optionsDataOld"
      : fresh.source === "server"
        ? "optionsDataCurrent"
        : "optionsDataBuiltIn";
    return i18n.t(key, day(fresh.since));
  }

  /** A checklist state ("code-pending") in the UI language. */
  function stateName(state) {
    return i18n.t(`state_${state.replace(/-/g, "_")}`);
  }

  /** An <option> with a value and a text. */
  function option(value, text) {
    const element = document.createElement("option");
    element.value = value;
    element.textContent = text;
    return element;
  }

  /** Replace a list's items with one <li> per text. */
  function items(list, texts) {
    list.replaceChildren(
      ...texts.map((text) => {
        const li = document.createElement("li");
        li.textContent = text;
        return li;
      }),
    );
  }

  root.optout = Object.assign(root.optout || {}, {
    ui: {
      ...{ uiTag, say, when, day, language, draftedNote, dataState },
      ...{ stateName, option, items },
    },
  });
})(globalThis);
