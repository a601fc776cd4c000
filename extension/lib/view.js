/*
 * Lookups in the view (bundle.view), which optout_lib/view.py computes: countries
 * already joined with their group, keys already folded, lists already sorted. The
 * extension reads the data only through here and lib/detect.js; nothing compiles it.
 * Runs in the extension (classic script after lib/engine.js) and in Node (CommonJS).
 */
(function (root) {
  "use strict";
  const engine =
    root.optout && root.optout.engine ? root.optout.engine : require("./engine.js");
  const { InvalidValue, UnknownCountry, UnknownLanguage, UnknownPlatform } = engine;

  function unknown(ErrorClass, what, value, valid) {
    return new ErrorClass(
      `unknown ${what} ${JSON.stringify(value)}; valid: ${[...valid].sort().join(", ")}`,
    );
  }

  function key(value, what, example) {
    if (typeof value !== "string")
      throw new InvalidValue(`${what} must be a string such as '${example}'`);
    return value.trim().replace(/_/g, "-").toLowerCase();
  }

  /** A localized text in one language, falling back to English (always present). */
  function say(text, language) {
    return text ? text[language] || text.en : "";
  }

  /** The platform record ({id, name, hosts}) for an id; UnknownPlatform otherwise. */
  function findPlatform(view, value) {
    const found = view.platforms[key(value, "platform", "instagram")];
    if (!found)
      throw unknown(UnknownPlatform, "platform", value, Object.keys(view.platforms));
    return found;
  }

  /** The country (a jurisdiction joined with its group) for a code or alias. */
  function findCountry(view, value) {
    const id = view.country_keys[key(value, "country", "DE")];
    if (!id)
      throw unknown(UnknownCountry, "country", value, Object.keys(view.countries));
    return view.countries[id];
  }

  /** The shipped language for a first tag that has one (exact, then base), else the
   *  first shipped of `fallback`, else English: the one rule, as in view.py. */
  function resolveLanguage(view, tags, fallback = []) {
    for (const tag of tags) {
      const wanted = key(tag, "language", "de");
      for (const candidate of [wanted, wanted.split("-")[0]]) {
        if (view.language_keys[candidate]) return view.language_keys[candidate];
      }
    }
    const shipped = fallback
      .map((tag) => view.language_keys[key(tag, "language", "de")])
      .find(Boolean);
    return shipped || "en";
  }

  /** The shipped language id for a tag (exact, then base); UnknownLanguage otherwise. */
  function findLanguage(view, value) {
    const wanted = key(value, "language", "de");
    const id = view.language_keys[wanted] || view.language_keys[wanted.split("-")[0]];
    if (!id)
      throw unknown(
        UnknownLanguage,
        "language",
        value,
        view.languages.map((l) => l.id),
      );
    return id;
  }

  /** The language record ({id, name, english_name, review}) of a shipped id. */
  function language(view, id) {
    return view.languages.find((l) => l.id === id);
  }

  /** The route a person in this country follows on this platform (objection or none). */
  function primaryRoute(view, platform, country) {
    return view.routes[
      findCountry(view, country).routes[findPlatform(view, platform).id]
    ];
  }

  /** The country's own regulator record, or null. */
  function regulatorOf(view, country) {
    return country.regulator ? view.regulators[country.regulator] : null;
  }

  /** Every country, sorted by its name in a language (for lists a person picks from). */
  function countriesByName(view, lang) {
    return Object.values(view.countries).sort((a, b) =>
      say(a.name, lang).localeCompare(say(b.name, lang), lang),
    );
  }

  /** True only for https URLs on a host the data names (Meta's, a regulator's). */
  function openable(view, url) {
    let parsed;
    try {
      parsed = new URL(url);
    } catch (_) {
      return false;
    }
    if (parsed.protocol !== "https:" || parsed.username || parsed.password)
      return false;
    return engine.hostIn(parsed.hostname, view.openable);
  }

  const api = {
    say,
    findPlatform,
    findCountry,
    resolveLanguage,
    findLanguage,
    language,
    primaryRoute,
    regulatorOf,
    countriesByName,
    openable,
  };
  root.optout = Object.assign(root.optout || {}, { view: api });
  if (typeof module !== "undefined") module.exports = api;
})(globalThis);
