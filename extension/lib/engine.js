/*
 * The input-dependent primitives, as optout_lib/engine.py has them: templates filled
 * with the person's values, phrases found in their text, strict RFC 3339 times,
 * calendar days and files, fingerprints, and the receipt schema's few rules. Nothing
 * here knows the data: the view (lib/view.js) brings that, compiled by Python.
 * tests/cases/engine/*.json specifies every function, for both sides.
 * Runs in the extension (classic script) and in Node's test runner (CommonJS).
 */
(function (root) {
  "use strict";

  class OptoutError extends Error {
    constructor(message) {
      super(message);
      this.name = this.constructor.name;
    }
  }
  // One class per kind of refusal, named as optout_lib.errors names them.
  const named = (name) => ({ [name]: class extends OptoutError {} })[name];
  const [UnknownCountry, UnknownPlatform, UnknownLanguage] = [
    named("UnknownCountry"),
    named("UnknownPlatform"),
    named("UnknownLanguage"),
  ];
  const [UnknownArgument, NoObjectionRoute, InvalidValue] = [
    named("UnknownArgument"),
    named("NoObjectionRoute"),
    named("InvalidValue"),
  ];

  /** Throw ErrorClass(message) unless `ok`: the one way input is refused. */
  function check(ok, message, ErrorClass = InvalidValue) {
    if (!ok) throw new ErrorClass(message);
  }

  /** Fill a parsed template (see engine.parse_template) in one pass. */
  function render(nodes, values) {
    const walk = (list) =>
      list
        .map((node) => {
          if (typeof node === "string") return node;
          if ("var" in node) return values[node.var] || "";
          const value = values[node.if] || "";
          const shown = node.equals === null ? Boolean(value) : value === node.equals;
          return shown !== node.not ? walk(node.then) : "";
        })
        .join("");
    return walk(nodes).replace(/^\n+|\n+$/g, "");
  }

  const APOSTROPHES = /[\u2019\u2018\u02bc]/g;

  /** Fold text for matching: NFC, ' quotes, one space between words, lower case. */
  function normalizeText(text) {
    return text
      .normalize("NFC")
      .replace(APOSTROPHES, "'")
      .replace(/\s+/g, " ")
      .trim()
      .toLowerCase();
  }

  /** A regex finding any of these folded phrases (longest first) as whole words. */
  function phrasePattern(folded) {
    if (!folded.length) return null;
    const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    // A phrase ending in an apostrophe (French "j'") is a prefix of the next word, so
    // the "not inside a word" guard applies only after word characters.
    const guarded = folded.map(
      (p) => escape(p) + (/[\p{L}\p{N}_]$/u.test(p) ? "(?![\\p{L}\\p{N}_])" : ""),
    );
    return new RegExp(`(?<![\\p{L}\\p{N}_])(?:${guarded.join("|")})`, "u");
  }

  const onePhrase = new Map();

  /** The phrases (as written) found as whole words in normalized text, in order. */
  function foundPhrases(phrases, folded) {
    return phrases.filter((phrase) => {
      if (!onePhrase.has(phrase))
        onePhrase.set(phrase, phrasePattern([normalizeText(phrase)]));
      const pattern = onePhrase.get(phrase);
      return pattern !== null && pattern.test(folded);
    });
  }

  /** True when host is one of the domains or a sub-domain of one (dot boundary). */
  function hostIn(host, domains) {
    const h = host.toLowerCase().replace(/\.$/, "");
    return domains.some((d) => h === d || h.endsWith(`.${d}`));
  }

  /** SHA-256 of a text's UTF-8 bytes, hex (WebCrypto, hence a promise). */
  async function textSha256(text) {
    if (typeof text !== "string") throw new InvalidValue("text must be a string");
    const digest = await root.crypto.subtle.digest(
      "SHA-256",
      new TextEncoder().encode(text),
    );
    return Array.from(new Uint8Array(digest), (byte) =>
      byte.toString(16).padStart(2, "0"),
    ).join("");
  }

  /** Normalise the person's own words: LF line endings, no outer blank space. */
  function cleanPersonal(text) {
    const lf = text.replace(/\r\n?/g, "\n");
    // Index scans, not /[ \t\n]+$/: that regex retries from every blank and takes
    // seconds on a long run of spaces inside the text.
    const blank = (i) => lf[i] === " " || lf[i] === "\t" || lf[i] === "\n";
    let [start, end] = [0, lf.length];
    while (start < end && blank(start)) start += 1;
    while (end > start && blank(end - 1)) end -= 1;
    return lf.slice(start, end);
  }

  /** The name that signs a text: one line, trimmed; "" when there is none. */
  function cleanSignature(name) {
    if (name === null || name === undefined) return "";
    check(typeof name === "string", "name must be a string or None");
    const signature = cleanPersonal(name);
    check(!signature.includes("\n"), "name must be a single line");
    return signature;
  }

  const pad = (number, width = 2) => String(number).padStart(width, "0");
  const TIMESTAMP =
    /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|([+-])(\d{2}):(\d{2}))$/;

  /** A Date at midnight UTC of a calendar day; days past the month roll over. */
  function utcDay(year, month, day) {
    const date = new Date(0);
    date.setUTCFullYear(year, month - 1, day); // unlike Date.UTC, keeps years < 100
    return date;
  }

  const isoDay = (date) =>
    `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;

  /**
   * A strict RFC 3339 date-time (upper-case T and Z) as {day: "YYYY-MM-DD" where it
   * was written, utc: its moment as a Date}, or null.
   */
  function parseTimestamp(value) {
    const match = typeof value === "string" ? TIMESTAMP.exec(value) : null;
    if (!match) return null;
    const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number);
    const [sign, zoneHours, zoneMinutes] = [
      match[9],
      Number(match[10] || 0),
      Number(match[11] || 0),
    ];
    const inMonth =
      month >= 1 &&
      month <= 12 &&
      day >= 1 &&
      day <= utcDay(year, month + 1, 0).getUTCDate();
    if (
      !year ||
      !inMonth ||
      hour > 23 ||
      minute > 59 ||
      second > 59 ||
      zoneHours > 23 ||
      zoneMinutes > 59
    ) {
      return null;
    }
    const offset = (sign === "-" ? -1 : 1) * (zoneHours * 60 + zoneMinutes);
    const utc = utcDay(year, month, day);
    utc.setUTCHours(hour, minute - offset, second, 0);
    return { day: value.slice(0, 10), utc };
  }

  /** An ISO day (YYYY-MM-DD) as a language writes it in prose, from its compiled long
   *  date pattern (the view's `dates`: text and d/dd/M/MM/MMMM/y/yyyy fields). */
  function formatDay(day, parts, months) {
    const [year, month, date] = day.split("-").map(Number);
    const values = {
      d: String(date),
      dd: pad(date),
      M: String(month),
      MM: pad(month),
      MMM: months[month - 1],
      MMMM: months[month - 1],
      y: String(year),
      yyyy: pad(year, 4),
    };
    return parts.map((p) => ("text" in p ? p.text : values[p.field])).join("");
  }

  /** The ISO calendar day `days` after an ISO day (YYYY-MM-DD). */
  function addDays(day, days) {
    const [year, month, date] = day.split("-").map(Number);
    return isoDay(utcDay(year, month, date + days));
  }

  /** The canonical UTC form of a moment, to the second: 2026-05-01T10:00:00Z. */
  function utcString(date) {
    const time = [date.getUTCHours(), date.getUTCMinutes(), date.getUTCSeconds()].map(
      (n) => pad(n),
    );
    return `${isoDay(date)}T${time.join(":")}Z`;
  }

  const icsEscape = (text) =>
    text.replace(/[\\;,\n]/g, (c) => (c === "\n" ? "\\n" : `\\${c}`));

  /** RFC 5545 folding: lines of at most 75 octets, continued with a space. */
  function icsFold(line) {
    const out = [];
    let current = "";
    let octets = 0;
    for (const char of line) {
      const size = new TextEncoder().encode(char).length;
      if (octets + size > (out.length ? 74 : 75)) {
        out.push(current);
        [current, octets] = ["", 0];
      }
      current += char;
      octets += size;
    }
    out.push(current);
    return out.join("\r\n ");
  }

  /** An iCalendar file of all-day events ({date, title, url?}), UIDs from a seed. */
  async function icsCalendar(uidSeed, stamp, events) {
    const uid = (await textSha256(uidSeed)).slice(0, 32);
    const compact = (text) => text.replace(/[-:]/g, "");
    const lines = [
      "BEGIN:VCALENDAR",
      "VERSION:2.0",
      "PRODID:-//optout//reminders//EN",
      "CALSCALE:GREGORIAN",
    ];
    events.forEach((event, index) => {
      lines.push(
        "BEGIN:VEVENT",
        `UID:${uid}-${index + 1}@optout.invalid`,
        `DTSTAMP:${compact(utcString(stamp))}`,
        `DTSTART;VALUE=DATE:${compact(event.date)}`,
        `DTEND;VALUE=DATE:${compact(addDays(event.date, 1))}`,
        `SUMMARY:${icsEscape(event.title)}`,
      );
      if (event.url) lines.push(`URL:${event.url}`);
      lines.push("END:VEVENT");
    });
    lines.push("END:VCALENDAR");
    return lines.map((line) => `${icsFold(line)}\r\n`).join("");
  }

  /** Characters as Python counts them (code points, not UTF-16 units). */
  const charCount = (text) => Array.from(text).length;

  /** True when a value passes one property rule of a schema (type, enum, length, pattern). */
  function passes(rule, value) {
    if (rule.enum) return rule.enum.includes(value);
    if (typeof value !== "string") return false;
    if (rule.maxLength !== undefined && charCount(value) > rule.maxLength) return false;
    return (
      rule.pattern === undefined || new RegExp(`^(?:${rule.pattern})$`, "u").test(value)
    );
  }

  /** Check an object against a flat schema ({required, properties}) as receipts.py does. */
  function checkShape(schema, data, what) {
    const object = data !== null && typeof data === "object" && !Array.isArray(data);
    check(object, `${what} must be a JSON object`);
    const has = (o, key) => Object.prototype.hasOwnProperty.call(o, key);
    const unknown = Object.keys(data).filter((key) => !has(schema.properties, key));
    check(
      !unknown.length,
      `${what} has unknown field(s) ${unknown.join(", ")}; remove them`,
    );
    const missing = schema.required.filter((key) => !has(data, key));
    check(!missing.length, `${what} lacks ${missing.join(", ")}; add them`);
    for (const [key, rule] of Object.entries(schema.properties)) {
      const ok = !has(data, key) || passes(rule, data[key]);
      check(ok, `${what} ${key} must be ${rule["x-expected"]}`);
    }
  }

  const api = {
    ...{
      OptoutError,
      UnknownCountry,
      UnknownPlatform,
      UnknownLanguage,
      UnknownArgument,
    },
    ...{ NoObjectionRoute, InvalidValue, check, render, normalizeText, phrasePattern },
    ...{ foundPhrases, hostIn, textSha256, cleanPersonal, cleanSignature },
    ...{ parseTimestamp, addDays, formatDay, utcString, icsCalendar, charCount },
    checkShape,
  };
  root.optout = Object.assign(root.optout || {}, { engine: api });
  if (typeof module !== "undefined") module.exports = api;
})(globalThis);
