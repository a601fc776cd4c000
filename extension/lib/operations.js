/*
 * What the extension does with the person's input, as optout_lib does it: the
 * objection text, Meta's answer triaged, their own words checked, receipts, the
 * complaint and third-party letters, reminders. Each takes the view (bundle.view),
 * where optout_lib/view.py already joined, sorted, folded, parsed and chose what
 * depends only on the data; here are the checks of the input and the engine's calls.
 * tests/test_parity.py runs the same calls through both sides on the real data.
 */
(function (root) {
  "use strict";
  const engine = root.optout?.engine || require("./engine.js");
  const lookup = root.optout?.view || require("./view.js");
  const { NoObjectionRoute, UnknownArgument, render, check } = engine;
  const { cleanPersonal: clean, cleanSignature: signature } = engine;
  const { say, findCountry, findLanguage, findPlatform } = lookup;

  /** Refuse what is not a string, or is longer than `max` characters. */
  function checkText(text, max, advice) {
    check(typeof text === "string", `text must be a string, not ${typeof text}`);
    const length = engine.charCount(text);
    check(length <= max, `text is ${length} characters; ${advice} (at most ${max})`);
  }

  /** The chosen argument ids, trimmed and lower-case; each once. */
  function argumentIds(value) {
    check(Array.isArray(value), "arguments must be a list of argument ids");
    const ids = value.map((item) => {
      check(typeof item === "string", "argument ids must be strings");
      return item.trim().toLowerCase();
    });
    const twice = [...new Set(ids.filter((id, i) => ids.indexOf(id) !== i))].sort();
    check(
      !twice.length,
      `argument(s) ${twice.join(", ")} chosen twice; list each once`,
    );
    return ids;
  }

  /** Compose the objection text for Meta's form, in the language asked. */
  function composeObjection(v, options) {
    const { platform, country, language, personal = "", name = null } = options;
    const [plat, where] = [findPlatform(v, platform), findCountry(v, country)];
    const lang = findLanguage(v, language);
    check(typeof personal === "string", "personal must be a string");
    const route = v.routes[where.routes[plat.id]];
    const no = `${plat.name} has no objection route in ${where.id}`;
    check(route.kind === "objection" && where.objection_route, no, NoObjectionRoute);
    const usable = v.arguments.filter((a) => a.texts[lang]);
    const texts = argumentIds(options.arguments).map((id) => {
      const argument = usable.find((a) => a.id === id);
      const valid = usable.map((a) => a.id).join(", ");
      check(argument, `unknown argument "${id}"; valid: ${valid}`, UnknownArgument);
      check(argument.laws.includes(where.law), `'${id}' does not apply: ${where.law}`);
      return render(argument.texts[lang].body, { platform: plat.name });
    });
    return render(v.letters[lang].objection.body, {
      ...{ law: where.law, platform: plat.name, arguments: texts.join("\n\n") },
      ...{ personal: clean(personal), name: signature(name) },
    });
  }

  /** What a pasted reply means; "unknown" when phrases of two outcomes are found. */
  function triageReply(v, text, { language = null } = {}) {
    checkText(text, v.limits.reply, "paste only Meta's message");
    const wanted = language === null ? null : findLanguage(v, language);
    const folded = engine.normalizeText(text);
    const found = (reply) =>
      reply.phrases
        .map(([lang, phrases]) => [lang, engine.foundPhrases(phrases, folded)])
        .filter(([, hits]) => hits.length);
    const hits = v.replies.map((r) => [r, found(r)]).filter(([, f]) => f.length);
    const counts = {};
    for (const [lang, phrases] of hits.flatMap(([, f]) => f)) {
      counts[lang] = (counts[lang] || 0) + phrases.length;
    }
    // The most phrases found, a tie going to the first tag in code-point order.
    const ranked = Object.keys(counts).sort(
      (a, b) => counts[b] - counts[a] || (a < b ? -1 : 1),
    );
    const detected = ranked[0] || null;
    const record =
      hits.length === 1 ? hits[0][0] : v.replies.find((r) => r.id === "unknown");
    const sayIn = wanted || detected || "en";
    return {
      outcome: record.id,
      language: detected,
      matched: hits.flatMap(([, f]) => f.flatMap(([, phrases]) => phrases)),
      summary: say(record.summary, sayIn),
      nextSteps: record.next_steps.map((step) => say(step, sayIn)),
    };
  }

  /** Findings for the person's own words in one language; [] when all is well. */
  function lintObjection(v, text, language) {
    checkText(text, v.limits.lint, "Meta's form takes far less");
    const lang = findLanguage(v, language);
    const folded = engine.normalizeText(text);
    return v.lint.flatMap(({ code, arguments: args, ...rule }) => {
      const words = engine.foundPhrases(rule.words[lang] || [], folded);
      if (rule.warn_when_found !== words.length > 0) return [];
      const [message, suggestion] = [
        say(rule.message, lang),
        say(rule.suggestion, lang),
      ];
      return [{ code, message, suggestion, words, arguments: args }];
    });
  }

  /** A receipt's time, strict RFC 3339 in the years 2000-2999. */
  function timestamp(value, field) {
    const parsed = engine.parseTimestamp(value);
    const zone = "a date and time with a time zone, e.g. 2026-05-01T10:00:00Z";
    check(parsed, `receipt ${field} must be ${zone}`);
    const year = Number(parsed.day.slice(0, 4));
    check(
      year >= 2000 && year <= 2999,
      `receipt ${field} must be in the years 2000-2999`,
    );
    return parsed;
  }

  /** A receipt checked field by field, with canonical platform and country ids. */
  function parseReceipt(v, data) {
    engine.checkShape(v.receipt, data, "receipt");
    const platform = findPlatform(v, data.platform).id;
    const country = findCountry(v, data.country).id;
    const valid = Object.keys(v.routes).join(", ");
    check(
      v.routes[data.route],
      `receipt route "${data.route}" is unknown; valid: ${valid}`,
    );
    timestamp(data.submitted_at, "submitted_at");
    if ("replied_at" in data) timestamp(data.replied_at, "replied_at");
    return { ...data, platform, country };
  }

  /** parseReceipt plus the check that text_sha256 is the text's fingerprint. */
  async function checkReceipt(v, data) {
    const receipt = parseReceipt(v, data);
    if ("text" in data && "text_sha256" in data) {
      const same = (await engine.textSha256(data.text)) === data.text_sha256;
      check(same, "receipt text_sha256 does not match its text");
    }
    return receipt;
  }

  /** The country, refusing one whose law gives no objection (no letter to write). */
  function objectionCountry(v, country, what) {
    const where = findCountry(v, country);
    const no = `${where.id} has no data-protection law with an objection route (${what})`;
    check(where.objection_route, no, NoObjectionRoute);
    return where;
  }

  /** The complaint to the person's regulator, in its language, from their receipt. */
  /** The day a receipt's moment was written on, as `lang` writes a date in prose. */
  function day(v, lang, moment) {
    const { parts, months } = v.dates[lang];
    return engine.formatDay(moment.slice(0, 10), parts, months);
  }

  function composeComplaint(v, options) {
    const { country, platform = null, language = null, receipt = null } = options;
    const where = objectionCountry(v, country, "complaint");
    const regulator = where.regulator && v.regulators[where.regulator];
    check(regulator, `no regulator is recorded for "${country}" yet`);
    const sent = receipt === null ? null : parseReceipt(v, receipt);
    check(!sent || sent.country === where.id, `the receipt is for another country`);
    check(sent || platform !== null, "platform is needed when there is no receipt");
    const plat = findPlatform(v, platform === null ? sent.platform : platform);
    check(!sent || sent.platform === plat.id, `the receipt is for another platform`);
    const lang =
      language === null ? regulator.letter_language : findLanguage(v, language);
    const letter = v.letters[lang].complaint;
    const text = render(letter.body, {
      ...{ law: where.law, regulator: regulator.authority[lang], platform: plat.name },
      ...{
        date: sent ? day(v, lang, sent.submitted_at) : "",
        name: signature(options.name),
      },
      ...{ has_text: sent?.text ? "yes" : "", text: clean(sent?.text || "") },
      ...{ hash: sent?.text_sha256 || "", reply: clean(sent?.reply || "") },
    });
    const [subject, url] = [letter.subject, regulator.letter_url];
    return { subject, text, language: lang, regulator: regulator.id, url };
  }

  /** The request for Meta's third-party information form: data others shared. */
  function composeThirdPartyRequest(
    v,
    { country, language, hasAccount = true, name = null },
  ) {
    const where = objectionCountry(v, country, "third-party request");
    check(typeof hasAccount === "boolean", "hasAccount must be true or false");
    const lang = findLanguage(v, language);
    const letter = v.letters[lang]["third-party"];
    const values = { law: where.law, no_account: hasAccount ? "" : "yes" };
    const text = render(letter.body, { ...values, name: signature(name) });
    const url = v.third_party_form;
    return { subject: letter.subject, text, language: lang, regulator: null, url };
  }

  /** Follow-up dates for a receipt: Meta's time to answer, a complaint deadline. */
  function reminders(v, receipt, { language = "en" } = {}) {
    const sent = parseReceipt(v, receipt);
    const lang = findLanguage(v, language);
    const where = findCountry(v, sent.country);
    const regulator = where.regulator && v.regulators[where.regulator];
    // The day the objection was sent where the person was, not in UTC.
    const day = engine.parseTimestamp(sent.submitted_at).day;
    const item = (deadline, days) => ({
      date: engine.addDays(day, days),
      title: say(deadline.reminder, lang),
      url: (regulator && regulator.complaint_url) || null,
    });
    const found = [];
    const { reply_deadline: reply } = lookup.groupOf(v, where);
    const { complaint_deadline: complaint } = where;
    if (reply) found.push(item(reply, reply.days));
    // A week early: the deadline counts from the last contact with Meta, which we
    // only know as the day the objection was sent.
    if (regulator && complaint) found.push(item(complaint, complaint.days - 7));
    return found.sort((a, b) => (a.date < b.date ? -1 : Number(a.date > b.date)));
  }

  /** An iCalendar file of the reminders, stable across exports of the same receipt. */
  async function remindersIcs(receipt, items) {
    const sent = engine.parseTimestamp(receipt.submitted_at);
    check(sent, "pass a receipt parseReceipt accepted");
    const seed = `${receipt.platform}|${receipt.route}|${engine.utcString(sent.utc)}`;
    return engine.icsCalendar(seed, sent.utc, items);
  }

  const api = {
    ...{ composeObjection, triageReply, lintObjection, parseReceipt, checkReceipt },
    ...{ composeComplaint, composeThirdPartyRequest, reminders, remindersIcs },
    textSha256: engine.textSha256,
  };
  root.optout = Object.assign(root.optout || {}, { operations: api });
  if (typeof module !== "undefined") module.exports = api;
})(globalThis);
