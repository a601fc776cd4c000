/*
 * After the form, ported from optout_lib (triage.py, lint.py, receipts.py, letters.py):
 * what Meta's answer means, a check of the person's own words, receipts, the letters
 * built from them and calendar reminders. It must give exactly what the library gives:
 * tests/js/after.test.js runs the library's vectors (tests/cases/after.json) against it.
 * Runs in the extension (classic script loaded after compose.js and hints.js, attaches
 * to globalThis.optout.after) and in Node's test runner (CommonJS export).
 */
(function (root) {
  "use strict";
  const base = root.optout && root.optout.composeObjection ? root.optout : require("./compose.js");
  if (!root.optout.hints) require("./hints.js");
  const { normalizeText, phrasePattern } = root.optout.hints;
  const {
    InvalidValue, NoObjectionRoute, cleanPersonal, cleanSignature, fill, findCountry, findPlatform, findLanguage,
  } = base;

  /** Longer text is not a pasted e-mail; refusing it keeps matching cheap. */
  const MAX_REPLY_CHARS = 100000;
  /** Meta's reason box is a few thousand characters; anything longer is a mistake. */
  const MAX_LINT_CHARS = 20000;

  /** True when the object has this key itself (JSON data can carry "constructor"). */
  function has(object, key) {
    return Object.prototype.hasOwnProperty.call(object, key);
  }

  /** Python's len(): code points, where a JS string's length counts UTF-16 units. */
  function charCount(text) {
    return text.length - (text.match(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g) || []).length;
  }

  /** Python's string order, by code point (JS's default sort compares UTF-16 units). */
  function byCodePoint(a, b) {
    const x = Array.from(a, (c) => c.codePointAt(0));
    const y = Array.from(b, (c) => c.codePointAt(0));
    for (let i = 0; i < Math.min(x.length, y.length); i += 1) {
      if (x[i] !== y[i]) return x[i] - y[i];
    }
    return x.length - y.length;
  }

  /** An object's entries sorted by key, as Python's sorted(d.items()). */
  function sortedEntries(object) {
    return Object.entries(object).sort(([a], [b]) => byCodePoint(a, b));
  }

  /** The record with this id in one of the bundle's lists, or undefined. */
  function byId(records, id) {
    return records.find((record) => record.id === id);
  }

  /** A localized text in one language, falling back to English (always present). */
  function say(text, language) {
    return text[language] || text.en;
  }

  /** Refuse what is not a string, or is longer than `max` characters. */
  function checkText(text, max, advice) {
    if (typeof text !== "string") {
      throw new InvalidValue(`text must be a string, not ${text === null ? "null" : typeof text}`);
    }
    const length = charCount(text);
    if (length > max) throw new InvalidValue(`text is ${length} characters; ${advice} (at most ${max})`);
  }

  /** True when a phrase occurs as whole words in folded text. */
  function occurs(phrase, folded) {
    const pattern = phrasePattern([phrase]);
    return pattern !== null && pattern.test(folded);
  }

  /** [outcome, [[language, phrases found]...]] for each outcome found, in id order. */
  function replyHits(bundle, folded) {
    const hits = [];
    for (const reply of [...bundle.replies].sort((a, b) => byCodePoint(a.id, b.id))) {
      const found = sortedEntries(reply.phrases)
        .map(([language, phrases]) => [language, phrases.filter((p) => occurs(p, folded))])
        .filter(([, phrases]) => phrases.length);
      if (found.length) hits.push([reply.id, found]);
    }
    return hits;
  }

  /** The language with the most phrases found, a tie going to the first tag; or null. */
  function likeliestLanguage(hits) {
    const counts = new Map();
    for (const [, found] of hits) {
      for (const [language, phrases] of found) counts.set(language, (counts.get(language) || 0) + phrases.length);
    }
    let best = null;
    for (const [language, count] of counts) {
      const most = best === null ? -1 : counts.get(best);
      if (count > most || (count === most && byCodePoint(language, best) < 0)) best = language;
    }
    return best;
  }

  /** Match a pasted reply against the reply phrases; never guess between outcomes. */
  function triageReply(bundle, text, { language = null } = {}) {
    checkText(text, MAX_REPLY_CHARS, "paste only Meta's message");
    const wanted = language === null ? null : findLanguage(bundle, language).id;
    const hits = replyHits(bundle, normalizeText(text));
    const detected = likeliestLanguage(hits);
    // Phrases of two outcomes (say "accepted" and "rejected") mean we cannot tell: the
    // answer is "unknown", never the likelier-looking one.
    const outcome = hits.length === 1 ? hits[0][0] : "unknown";
    const record = byId(bundle.replies, outcome);
    const sayIn = wanted || detected || "en";
    return {
      outcome,
      language: detected,
      matched: hits.flatMap(([, found]) => found.flatMap(([, phrases]) => phrases)),
      summary: say(record.summary, sayIn),
      nextSteps: record.next_steps.map((step) => say(step, sayIn)),
    };
  }

  /** Findings for the person's own words in one language; [] when all is well. */
  function lintObjection(bundle, text, language) {
    checkText(text, MAX_LINT_CHARS, "Meta's form takes far less");
    const lang = findLanguage(bundle, language).id;
    const folded = normalizeText(text);
    const own = (rule) => rule.kind === "own-situation";
    // The own-situation rule first, then the others by id, as the library orders them.
    const rules = [...bundle.lint].sort((a, b) => own(b) - own(a) || byCodePoint(a.id, b.id));
    const findings = [];
    for (const rule of rules) {
      const words = [...new Set((rule.words[lang] || []).filter((w) => occurs(w, folded)))].sort(byCodePoint);
      // The own-situation rule warns when none of its words is there, the others when one is.
      if (own(rule) === words.length > 0) continue;
      findings.push({
        code: own(rule) ? "no-own-situation" : `discloses-${rule.id}`,
        message: say(rule.message, lang),
        suggestion: say(rule.suggestion, lang),
        words,
        arguments: [...(rule.suggest_arguments || [])],
      });
    }
    return findings;
  }

  /** The fingerprint kept for a sent text: SHA-256 of its UTF-8 bytes, hex (WebCrypto). */
  async function textSha256(text) {
    if (typeof text !== "string") throw new InvalidValue("text must be a string");
    const digest = new Uint8Array(await root.crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)));
    return Array.from(digest, (byte) => byte.toString(16).padStart(2, "0")).join("");
  }

  /** Two digits (or `width`), zero-padded. */
  function pad(number, width = 2) {
    return String(number).padStart(width, "0");
  }

  /** A Date holding a calendar day and time as UTC fields; days past the month roll over. */
  function utcFields(year, month, day, hour = 0, minute = 0, second = 0) {
    const date = new Date(0);
    // setUTCFullYear, unlike Date.UTC, keeps years below 100 as they are.
    date.setUTCFullYear(year, month - 1, day);
    date.setUTCHours(hour, minute, second, 0);
    return date;
  }

  /** The calendar day `days` after a Date's UTC day, at midnight. */
  function addDays(date, days) {
    return utcFields(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate() + days);
  }

  // RFC 3339 as jsonschema checks the "date-time" format: on the upper-cased value (so
  // a lower-case t or z passes) and with Python's `$`, which allows a final newline.
  const DATE_TIME = new RegExp("^(\\d{4})-(0[1-9]|1[0-2])-(\\d{2})[Tt]([01]\\d|2[0-3]):([0-5]\\d):([0-5]\\d)"
    + "(?:\\.(\\d+))?([Zz]|[+-](?:[01]\\d|2[0-3]):[0-5]\\d)(\\n?)$");

  /** True for a value the receipt schema's "date-time" format check accepts. */
  function isDateTime(value) {
    const match = DATE_TIME.exec(value);
    if (!match) return false;
    const [year, month, day] = match.slice(1, 4).map(Number);
    return year !== 0 && day >= 1 && day <= utcFields(year, month + 1, 0).getUTCDate();
  }

  /**
   * A date-time as Python's datetime.fromisoformat reads it, or null: the wall-clock
   * time (a Date read in UTC), microseconds, and the UTC offset in minutes.
   */
  function parseTimestamp(value) {
    const match = DATE_TIME.exec(value);
    // fromisoformat refuses two things the format check lets through: z and a newline.
    if (!isDateTime(value) || match[8] === "z" || match[9]) return null;
    const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number);
    const fraction = match[7] || "";
    const zone = match[8];
    const sign = zone[0] === "-" ? -1 : 1;
    return {
      wall: utcFields(year, month, day, hour, minute, second),
      // Digits past microseconds are cut, not rounded, as fromisoformat does.
      micro: Number(fraction.slice(0, 6).padEnd(6, "0")),
      offset: zone === "Z" ? 0 : sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6))),
    };
  }

  /** date.isoformat(): YYYY-MM-DD. */
  function isoDate(date) {
    return `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
  }

  /** An aware datetime's isoformat() (sep "T") or str() (sep " "). */
  function isoTimestamp({ wall, micro, offset }, sep) {
    const time = [wall.getUTCHours(), wall.getUTCMinutes(), wall.getUTCSeconds()].map((n) => pad(n)).join(":");
    const fraction = micro ? `.${pad(micro, 6)}` : "";
    const minutes = Math.abs(offset);
    const zone = `${offset < 0 ? "-" : "+"}${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
    return `${isoDate(wall)}${sep}${time}${fraction}${zone}`;
  }

  /** A test that a value is a string passing `check`. */
  function string(check) {
    return (value) => typeof value === "string" && check(value);
  }

  /** A schema pattern as Python's re runs it: its `$` also matches before a final newline. */
  function schemaPattern(body) {
    const pattern = new RegExp(`^(?:${body})\\n?$`);
    return string((value) => pattern.test(value));
  }

  /** A test that a value is a string of at most `max` characters. */
  function maxChars(max) {
    return string((value) => charCount(value) <= max);
  }

  const ID = schemaPattern("[a-z0-9]+(-[a-z0-9]+)*");
  const OUTCOMES = ["accepted", "rejected", "needs-info", "form-error", "unrelated", "unknown"];
  /** data/schema/receipt.schema.json by hand: field → [test of its value, what it must be]. */
  const RECEIPT_FIELDS = {
    platform: [ID, "a platform id such as 'instagram'"],
    account: [maxChars(200), "a text of at most 200 characters"],
    country: [schemaPattern("[A-Za-z]{2}"), "a two-letter country code such as 'DE'"],
    route: [ID, "a route id such as 'instagram-objection-2025'"],
    submitted_at: [string(isDateTime), "a date and time with a time zone, e.g. 2026-05-01T10:00:00Z"],
    data_version: [schemaPattern("[0-9a-f]{20}"), "20 lower-case hex digits"],
    text: [maxChars(20000), "a text of at most 20000 characters"],
    text_sha256: [schemaPattern("[0-9a-f]{64}"), "64 lower-case hex digits (SHA-256 of the text)"],
    reply: [maxChars(50000), "a text of at most 50000 characters"],
    replied_at: [string(isDateTime), "a date and time with a time zone, e.g. 2026-05-20T08:00:00Z"],
    outcome: [(value) => OUTCOMES.includes(value), `one of ${OUTCOMES.join(", ")}`],
  };
  const REQUIRED = ["platform", "country", "route", "submitted_at"];

  /** Check a receipt against its schema: an object, known fields, required ones, each rule. */
  function checkReceiptSchema(data) {
    if (data === null || typeof data !== "object" || Array.isArray(data)) {
      throw new InvalidValue("receipt must be a JSON object");
    }
    const unknown = Object.keys(data).filter((key) => !has(RECEIPT_FIELDS, key));
    if (unknown.length) throw new InvalidValue(`receipt has unknown field(s) ${unknown.join(", ")}; remove them`);
    const missing = REQUIRED.filter((key) => !has(data, key));
    if (missing.length) throw new InvalidValue(`receipt lacks ${missing.join(", ")}; add them`);
    for (const [key, [valid, what]] of Object.entries(RECEIPT_FIELDS)) {
      if (has(data, key) && !valid(data[key])) throw new InvalidValue(`receipt ${key} must be ${what}`);
    }
  }

  /** A receipt's date-time field, parsed; InvalidValue where fromisoformat fails. */
  function timestamp(value, field) {
    const parsed = parseTimestamp(value);
    if (!parsed) {
      throw new InvalidValue(`receipt ${field} must be a date and time with a time zone, e.g. 2026-05-01T10:00:00Z`);
    }
    // Reminders add months to it; a year like 9999 would overflow, 0001 is no receipt.
    const year = Number(value.slice(0, 4));
    if (year < 2000 || year > 2999) throw new InvalidValue(`receipt ${field} must be in the years 2000-2999`);
    return parsed;
  }

  /**
   * Validate a receipt's fields (as the extension exports it) and return it with
   * canonical platform and country ids and the library's form of its times; absent
   * fields stay out. The text's fingerprint needs WebCrypto, which only answers
   * asynchronously: checkReceipt does all of this and that too.
   */
  function parseReceipt(bundle, data) {
    checkReceiptSchema(data);
    const platform = findPlatform(bundle, data.platform).id;
    const country = findCountry(bundle, data.country).id;
    if (!byId(bundle.routes, data.route)) {
      const valid = bundle.routes.map((r) => r.id).sort().join(", ");
      throw new InvalidValue(`receipt route ${JSON.stringify(data.route)} is unknown; valid: ${valid}`);
    }
    const receipt = { ...data, platform, country };
    receipt.submitted_at = isoTimestamp(timestamp(data.submitted_at, "submitted_at"), "T");
    if (has(data, "replied_at")) receipt.replied_at = isoTimestamp(timestamp(data.replied_at, "replied_at"), "T");
    return receipt;
  }
  /** parseReceipt plus the check that text_sha256 is the SHA-256 of text, as the library does. */
  async function checkReceipt(bundle, data) {
    const receipt = parseReceipt(bundle, data);
    if (has(data, "text") && has(data, "text_sha256") && (await textSha256(data.text)) !== data.text_sha256) {
      throw new InvalidValue("receipt text_sha256 does not match its text");
    }
    return receipt;
  }


  /** The jurisdiction and its law; NoObjectionRoute where no law gives an objection. */
  function objectionLaw(bundle, country, what) {
    const jurisdiction = findCountry(bundle, country);
    const group = byId(bundle.groups, jurisdiction.group);
    if (!group.objection_route) {
      throw new NoObjectionRoute(`${jurisdiction.id} has no data-protection law with an objection route, so optout `
        + `has no ${what} for it; see \`optout routes --platform instagram --country ${jurisdiction.id}\``);
    }
    return { jurisdiction, law: group.law };
  }

  /** The national regulator of a jurisdiction, or null where there is none. */
  function regulatorOf(bundle, jurisdiction) {
    return jurisdiction.regulator ? byId(bundle.regulators, jurisdiction.regulator) : null;
  }

  /** The sign-off, with the name on the next line when one is given. */
  function signOff(text, name) {
    const signature = cleanSignature(name);
    return signature ? `${text}\n${signature}` : text;
  }

  /** The first of the regulator's languages optout has texts in, else English. */
  function regulatorLanguage(bundle, regulator) {
    return regulator.languages.find((tag) => byId(bundle.languages, tag)) || "en";
  }

  /** What a receipt adds to a complaint: the day, the text sent and Meta's answer. */
  function receiptParagraphs(texts, receipt) {
    const paragraphs = [fill(texts.objected_on, { date: receipt.submitted_at.slice(0, 10) })];
    if (receipt.text) paragraphs.push(`${texts.text_intro}\n${cleanPersonal(receipt.text)}`);
    else if (receipt.text_sha256) paragraphs.push(fill(texts.text_hash, { hash: receipt.text_sha256 }));
    paragraphs.push(receipt.reply ? `${texts.reply_intro}\n${cleanPersonal(receipt.reply)}` : texts.no_reply);
    return paragraphs;
  }

  /** The complaint to the person's regulator, in its language, from their receipt. */
  function composeComplaint(bundle, { country, platform = null, language = null, receipt = null, name = null }) {
    const { jurisdiction, law } = objectionLaw(bundle, country, "complaint");
    const regulator = regulatorOf(bundle, jurisdiction);
    if (!regulator) throw new InvalidValue(`no regulator is recorded for ${JSON.stringify(country)} yet`);
    const parsed = receipt === null ? null : parseReceipt(bundle, receipt);
    if (parsed && parsed.country !== jurisdiction.id) {
      throw new InvalidValue(`the receipt is for ${parsed.country}, not ${country}; pass the same country`);
    }
    if (platform === null && !parsed) {
      throw new InvalidValue("platform is needed when there is no receipt, e.g. 'instagram'");
    }
    const plat = findPlatform(bundle, platform === null ? parsed.platform : platform);
    if (parsed && parsed.platform !== plat.id) {
      throw new InvalidValue(`the receipt is for ${parsed.platform}, not ${plat.id}; leave platform out`);
    }
    const lang = language === null ? regulatorLanguage(bundle, regulator) : findLanguage(bundle, language).id;
    const texts = byId(bundle.languages, lang).complaint;
    const called = say(regulator.name, lang);
    // Not "Datatilsynet (Datatilsynet)".
    const authority = regulator.short_name === called ? called : `${called} (${regulator.short_name})`;
    const paragraphs = [
      fill(texts.opening[law], { regulator: authority, platform: plat.name }),
      ...(parsed ? receiptParagraphs(texts, parsed) : [texts.objected, texts.no_reply]),
      texts.request,
      signOff(texts.sign_off, name),
    ];
    return {
      subject: texts.subject,
      text: paragraphs.join("\n\n"),
      language: lang,
      regulator: regulator.id,
      url: regulator.complaint_url || regulator.website,
    };
  }

  /** The request for Meta's third-party information form: data others shared. */
  function composeThirdPartyRequest(bundle, { country, language, hasAccount = true, name = null }) {
    const { law } = objectionLaw(bundle, country, "third-party request");
    if (typeof hasAccount !== "boolean") throw new InvalidValue("hasAccount must be true or false");
    const lang = findLanguage(bundle, language);
    const texts = lang.third_party;
    const paragraphs = [
      texts.opening[law],
      ...(hasAccount ? [] : [texts.no_account]),
      texts.request,
      signOff(texts.sign_off, name),
    ];
    const form = byId(bundle.routes, "third-party-information").urls.find((u) => u.role === "form");
    return {
      subject: texts.subject,
      text: paragraphs.join("\n\n"),
      language: lang.id,
      regulator: null,
      url: form ? form.url : null,
    };
  }

  /** Follow-up dates for a receipt: Meta's time to answer, a complaint deadline. */
  function reminders(bundle, receipt, { language = "en" } = {}) {
    const parsed = parseReceipt(bundle, receipt);
    const lang = findLanguage(bundle, language).id;
    const jurisdiction = findCountry(bundle, parsed.country);
    const group = byId(bundle.groups, jurisdiction.group);
    const regulator = regulatorOf(bundle, jurisdiction);
    // The day the objection was sent where the person was, not in UTC.
    const sent = parseTimestamp(parsed.submitted_at).wall;
    const url = regulator && has(regulator, "complaint_url") ? regulator.complaint_url : null;
    const reminder = (deadline, days) => ({
      date: isoDate(addDays(sent, days)), title: say(deadline.reminder, lang), url,
    });
    const found = [];
    if (group.reply_deadline) found.push(reminder(group.reply_deadline, group.reply_deadline.days));
    if (regulator && regulator.complaint_deadline) {
      // A week early: the deadline counts from the last contact with Meta, which we only
      // know as the day the objection was sent.
      found.push(reminder(regulator.complaint_deadline, regulator.complaint_deadline.days - 7));
    }
    return found.sort((a, b) => (a.date < b.date ? -1 : Number(a.date > b.date)));
  }

  /** strftime("%Y%m%d") for the years a receipt may have (2000-2999). */
  function icsDate(date) {
    return `${date.getUTCFullYear()}${pad(date.getUTCMonth() + 1)}${pad(date.getUTCDate())}`;
  }

  /** The moment in UTC as strftime("%Y%m%dT%H%M%SZ"), fractions dropped. */
  function icsStamp({ wall, offset }) {
    const utc = new Date(wall.getTime() - offset * 60000);
    return `${icsDate(utc)}T${pad(utc.getUTCHours())}${pad(utc.getUTCMinutes())}${pad(utc.getUTCSeconds())}Z`;
  }

  /** A reminder's YYYY-MM-DD date as a Date at midnight UTC. */
  function reminderDay(value) {
    const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
    if (!match) throw new InvalidValue(`reminder date must be YYYY-MM-DD, not ${JSON.stringify(value)}`);
    return utcFields(...match.slice(1).map(Number));
  }

  /** iCalendar TEXT escaping: backslash, semicolon, comma and newline. */
  function escapeText(text) {
    return text.replace(/[\\;,\n]/g, (char) => (char === "\n" ? "\\n" : `\\${char}`));
  }

  /** UTF-8 octets of one character (code point). */
  function utf8Length(char) {
    const code = char.codePointAt(0);
    if (code < 0x80) return 1;
    if (code < 0x800) return 2;
    return code < 0x10000 ? 3 : 4;
  }

  /** RFC 5545 folding: lines of at most 75 octets, continued with a space. */
  function fold(line) {
    const out = [];
    let current = "";
    let octets = 0;
    for (const char of line) {
      const size = utf8Length(char);
      if (octets + size > (out.length ? 74 : 75)) {
        out.push(current);
        current = char;
        octets = size;
      } else {
        current += char;
        octets += size;
      }
    }
    out.push(current);
    return out.join("\r\n ");
  }

  /** An iCalendar file of all-day events, one per reminder, made on the device. */
  async function remindersIcs(receipt, items) {
    const submitted = parseTimestamp(receipt.submitted_at);
    if (!submitted) {
      throw new InvalidValue("pass the receipt parseReceipt returned: its submitted_at is not a date-time");
    }
    // Stable UIDs and DTSTAMP from the receipt: re-exporting gives the same file, and
    // calendar apps update events instead of duplicating them.
    const seed = await textSha256(`${receipt.platform}|${receipt.route}|${isoTimestamp(submitted, " ")}`);
    const stamp = icsStamp(submitted);
    const lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//optout//reminders//EN", "CALSCALE:GREGORIAN"];
    items.forEach((item, index) => {
      const day = reminderDay(item.date);
      lines.push(
        "BEGIN:VEVENT",
        `UID:${seed.slice(0, 32)}-${index + 1}@optout.invalid`,
        `DTSTAMP:${stamp}`,
        `DTSTART;VALUE=DATE:${icsDate(day)}`,
        `DTEND;VALUE=DATE:${icsDate(addDays(day, 1))}`,
        `SUMMARY:${escapeText(item.title)}`,
      );
      if (item.url) lines.push(`URL:${item.url}`);
      lines.push("END:VEVENT");
    });
    lines.push("END:VCALENDAR");
    return lines.map((line) => `${fold(line)}\r\n`).join("");
  }

  const api = {
    triageReply, lintObjection, parseReceipt, checkReceipt, textSha256, composeComplaint, composeThirdPartyRequest,
    reminders, remindersIcs,
  };
  root.optout = Object.assign(root.optout || {}, { after: api });
  if (typeof module !== "undefined") module.exports = api;
})(typeof globalThis !== "undefined" ? globalThis : this);
