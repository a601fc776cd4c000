/*
 * The composer, ported from optout_lib/compose.py. It must produce exactly what the
 * library produces: tests/js/compose.test.js runs the library's vectors
 * (tests/cases/compose.json) against it. Runs in the extension (classic script,
 * attaches to globalThis.optout) and in Node's test runner (CommonJS export).
 */
(function (root) {
  "use strict";

  class OptoutError extends Error {
    constructor(message) {
      super(message);
      this.name = this.constructor.name;
    }
  }
  class UnknownCountry extends OptoutError {}
  class UnknownPlatform extends OptoutError {}
  class UnknownLanguage extends OptoutError {}
  class UnknownArgument extends OptoutError {}
  class NoObjectionRoute extends OptoutError {}
  class InvalidValue extends OptoutError {}

  const PLACEHOLDER = /\{([a-z_]+)\}/g;

  /** Normalise the person's own words: LF line endings, no outer blank space. */
  function cleanPersonal(text) {
    // Same characters as Python's strip(" \t\n"), so both trim identically.
    return text.replace(/\r\n?/g, "\n").replace(/^[ \t\n]+|[ \t\n]+$/g, "");
  }

  /** The name that signs a text: one line, trimmed; "" when there is none. */
  function cleanSignature(name) {
    if (name === null || name === undefined) return "";
    if (typeof name !== "string") throw new InvalidValue("name must be a string or null");
    const signature = cleanPersonal(name);
    if (signature.includes("\n")) throw new InvalidValue("name must be a single line");
    return signature;
  }

  /** Replace each `{name}` in a data template in one pass, as placeholders.fill does. */
  function fill(template, values) {
    return template.replace(PLACEHOLDER, (_, name) => values[name]);
  }

  function unknown(ErrorClass, what, value, valid) {
    const list = [...valid].sort().join(", ");
    return new ErrorClass(`unknown ${what} ${JSON.stringify(value)}; valid: ${list}`);
  }

  function requireString(value, what, example) {
    if (typeof value !== "string") {
      throw new InvalidValue(`${what} must be a string such as '${example}'`);
    }
    return value.trim().toLowerCase();
  }

  function findPlatform(bundle, value) {
    const key = requireString(value, "platform", "instagram");
    const found = bundle.platforms.find((p) => p.id === key);
    if (!found) throw unknown(UnknownPlatform, "platform", value, bundle.platforms.map((p) => p.id));
    return found;
  }

  function findCountry(bundle, value) {
    const key = requireString(value, "country", "DE");
    const found = bundle.jurisdictions.find(
      (j) => j.id.toLowerCase() === key || (j.aliases || []).some((a) => a.toLowerCase() === key),
    );
    if (!found) throw unknown(UnknownCountry, "country", value, bundle.jurisdictions.map((j) => j.id));
    return found;
  }

  function findLanguage(bundle, value) {
    if (typeof value !== "string") throw new InvalidValue("language must be a string such as 'de'");
    const key = value.trim().replace(/_/g, "-").toLowerCase();
    const found = bundle.languages.find((l) => l.id.toLowerCase() === key);
    if (!found) throw unknown(UnknownLanguage, "language", value, bundle.languages.map((l) => l.id));
    return found;
  }

  /** The objection-or-none route for a platform in a jurisdiction group. */
  function primaryRoute(bundle, platformId, groupId) {
    return bundle.routes.find(
      (r) => r.kind !== "third-party" && r.platforms.includes(platformId)
        && (r.groups.includes(groupId) || r.groups.includes("*")),
    );
  }

  function argumentIds(value) {
    if (!Array.isArray(value)) {
      throw new InvalidValue("arguments must be a list of argument ids such as ['loss-of-control']");
    }
    const ids = value.map((item) => {
      if (typeof item !== "string") throw new InvalidValue("argument ids must be strings");
      return item.trim().toLowerCase();
    });
    const twice = [...new Set(ids.filter((id, i) => ids.indexOf(id) !== i))].sort();
    if (twice.length) throw new InvalidValue(`argument(s) ${twice.join(", ")} chosen twice; list each once`);
    return ids;
  }

  /** Compose the objection text for Meta's form from a bundle, like optout_lib. */
  function composeObjection(bundle, { platform, country, language, arguments: chosen, personal = "", name = null }) {
    const plat = findPlatform(bundle, platform);
    const jurisdiction = findCountry(bundle, country);
    const lang = findLanguage(bundle, language);
    if (typeof personal !== "string") throw new InvalidValue("personal must be a string");
    const group = bundle.groups.find((g) => g.id === jurisdiction.group);
    const route = primaryRoute(bundle, plat.id, group.id);
    if (!route || route.kind !== "objection" || !group.objection_route) {
      throw new NoObjectionRoute(`${plat.name} has no objection route in ${jurisdiction.id}`);
    }
    const law = group.law;
    const byId = new Map(bundle.arguments.map((a) => [a.id, a]));
    const texts = [];
    for (const id of argumentIds(chosen)) {
      const argument = byId.get(id);
      if (!argument || !argument.texts[lang.id]) throw unknown(UnknownArgument, "argument", id, byId.keys());
      if (!argument.laws.includes(law)) throw new InvalidValue(`argument '${id}' does not apply under ${law}`);
      texts.push(argument.texts[lang.id].text);
    }
    const ownWords = cleanPersonal(personal);
    const signature = cleanSignature(name);

    const parts = lang.objection;
    const values = { platform: plat.name };
    const paragraphs = [fill(parts.opening[law], values)];
    if (texts.length) {
      paragraphs.push(parts.arguments_intro, ...texts.map((t) => fill(t, values)));
    }
    if (ownWords) paragraphs.push(`${parts.personal_intro}\n${ownWords}`);
    paragraphs.push(parts.closing);
    if (signature) paragraphs.push(`${parts.sign_off}\n${signature}`);
    return paragraphs.join("\n\n");
  }

  const api = {
    composeObjection, cleanPersonal, cleanSignature, fill, primaryRoute, findCountry, findPlatform, findLanguage, OptoutError,
    UnknownCountry, UnknownPlatform, UnknownLanguage, UnknownArgument, NoObjectionRoute, InvalidValue,
  };
  root.optout = Object.assign(root.optout || {}, api);
  if (typeof module !== "undefined") module.exports = api;
})(typeof globalThis !== "undefined" ? globalThis : this);
