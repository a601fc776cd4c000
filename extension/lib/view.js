/*
 * Lookups in the view (bundle.view), which optout_lib/view.py computes: countries
 * already joined with their group, keys already folded, lists already sorted. The
 * extension reads the data only through here and lib/detect.js; nothing compiles it.
 * Runs in the extension (classic script after lib/engine.js) and in Node (CommonJS).
 */
(function (root) {
  "use strict";
  const engine = root.optout?.engine || require("./engine.js");
  const { check, UnknownCountry, UnknownLanguage, UnknownPlatform } = engine;

  /** The lookup key of a tag, code or id: trimmed, lower case, `-` between parts. */
  function key(value, what) {
    check(typeof value === "string", `${what} must be a string`);
    return value.trim().replace(/_/g, "-").toLowerCase();
  }

  /** `found`, or the ErrorClass that lists what would have been valid. */
  function known(found, ErrorClass, what, value, valid) {
    const list = [...valid].sort().join(", ");
    check(
      found,
      `unknown ${what} ${JSON.stringify(value)}; valid: ${list}`,
      ErrorClass,
    );
    return found;
  }

  /** A localized text in one language, falling back to English (always present). */
  function say(text, language) {
    return text ? text[language] || text.en : "";
  }

  /** The platform record ({id, name, hosts}) for an id; UnknownPlatform otherwise. */
  function findPlatform(view, value) {
    const found = view.platforms[key(value, "platform")];
    return known(
      found,
      UnknownPlatform,
      "platform",
      value,
      Object.keys(view.platforms),
    );
  }

  /** The country (a jurisdiction joined with its group) for a code or alias. */
  function findCountry(view, value) {
    const found = view.countries[view.country_keys[key(value, "country")]];
    return known(found, UnknownCountry, "country", value, Object.keys(view.countries));
  }

  /** The shipped language of a tag, exact then base (`de-AT` → `de`), or undefined. */
  function shipped(view, tag) {
    const wanted = key(tag, "language");
    return view.language_keys[wanted] || view.language_keys[wanted.split("-")[0]];
  }

  /** The first of `tags` optout ships (exact, then base), else the first shipped of
   *  `fallback` (a country's languages), else English: the rule view.py documents. */
  function resolveLanguage(view, tags, fallback = []) {
    const found = [...tags, ...fallback].map((tag) => shipped(view, tag)).find(Boolean);
    return found || "en";
  }

  /** The shipped language id for a tag (exact, then base); UnknownLanguage otherwise. */
  function findLanguage(view, value) {
    const ids = view.languages.map((l) => l.id);
    return known(shipped(view, value), UnknownLanguage, "language", value, ids);
  }

  /** The language record ({id, name, english_name, review}) of a shipped id. */
  function language(view, id) {
    return view.languages.find((l) => l.id === id);
  }

  /** The route a person in this country follows on this platform (objection or none). */
  function primaryRoute(view, platform, country) {
    const { routes } = findCountry(view, country);
    return view.routes[routes[findPlatform(view, platform).id]];
  }

  /** Every country, sorted by its name in a language (for lists a person picks from). */
  function countriesByName(view, lang) {
    const name = (country) => say(country.name, lang);
    return Object.values(view.countries).sort((a, b) =>
      name(a).localeCompare(name(b), lang),
    );
  }

  /** True only for https URLs on a host the data names (Meta's, a regulator's). */
  function openable(view, url) {
    const parsed = URL.canParse(url) ? new URL(url) : null;
    if (!parsed || parsed.protocol !== "https:" || parsed.username || parsed.password) {
      return false;
    }
    return engine.hostIn(parsed.hostname, view.openable);
  }

  const api = {
    ...{ say, findPlatform, findCountry, resolveLanguage, findLanguage, language },
    ...{ primaryRoute, countriesByName, openable },
  };
  root.optout = Object.assign(root.optout || {}, { view: api });
  if (typeof module !== "undefined") module.exports = api;
})(globalThis);
