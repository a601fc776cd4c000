/*
 * UI strings from _locales: `t(key, ...substitutions)` for code, and `localize()` for
 * the elements of an extension page marked with data-i18n="key" (set as text, never HTML).
 */
(function (root) {
  "use strict";
  const { api } = root.optout;

  /** The message in the browser's UI language; the key itself if it is missing. */
  function t(key, ...substitutions) {
    return api.i18n.getMessage(key, substitutions.map(String)) || key;
  }

  /** Put the localized text into every [data-i18n] element under `node` (a document
   *  also gets <html lang>). */
  function localize(node = document) {
    if (node.documentElement) node.documentElement.lang = api.i18n.getUILanguage();
    for (const element of node.querySelectorAll("[data-i18n]"))
      element.textContent = t(element.dataset.i18n);
  }

  root.optout = Object.assign(root.optout || {}, { i18n: { t, localize } });
})(globalThis);
