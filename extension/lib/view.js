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

  /** The language a person gets: a regional tag's exact match first (`pt-BR` →
   *  pt-BR, even listed after a bare `pt`), then a `fallback` language (the
   *  country's) sharing a tag's base (`pt` in Brazil → pt-BR), then a bare tag's match,
   *  then a tag's base (`de-AT` → de), then the first shipped `fallback`, then English:
   *  the rule view.py documents. */
  function resolveLanguage(view, tags, fallback = []) {
    const keys = view.language_keys;
    const wanted = tags.filter(Boolean).map((tag) => key(tag, "language"));
    const bases = wanted.map((tag) => tag.split("-")[0]);
    const local = fallback.map((tag) => key(tag, "language"));
    const first = (list) => list.map((tag) => keys[tag]).find(Boolean);
    const found =
      first(wanted.filter((tag) => tag.includes("-"))) ||
      first(local.filter((tag) => bases.includes(tag.split("-")[0]))) ||
      first(wanted) ||
      first(bases) ||
      local.map((tag) => shipped(view, tag)).find(Boolean);
    return found || "en";
  }

  /** The country a language tag's region names (`en-GB` → GB), when the data has it;
   *  the first of `tags` with one; undefined for bare languages (`de`). */
  function guessCountry(view, tags) {
    for (const tag of tags.filter(Boolean)) {
      const region = key(tag, "language")
        .split("-")
        .slice(1)
        .find((part) => /^[a-z]{2}$/.test(part));
      if (region && view.countries[region.toUpperCase()]) return region.toUpperCase();
    }
    return undefined;
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

  /** What a country shares with its group (which authority, what an objection does,
   *  Meta's time to answer): the view holds it once per group. */
  function groupOf(view, country) {
    return view.groups[country.group];
  }

  const api = {
    ...{ say, findPlatform, findCountry, groupOf, resolveLanguage, findLanguage },
    language,
    ...{ primaryRoute, countriesByName, openable, guessCountry },
  };
  root.optout = Object.assign(root.optout || {}, { view: api });
  if (typeof module !== "undefined") module.exports = api;
})(globalThis);
