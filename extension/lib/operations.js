/*
 * What the extension does with the person's input, as optout_lib does it: the
 * objection text, Meta's answer triaged, their own words checked, receipts, the
 * complaint and third-party letters, reminders. Each function takes the view
 * (bundle.view) and only looks up and applies: the data was joined, sorted, folded
 * and parsed by optout_lib/view.py. tests/test_parity.py runs the same calls through
 * both sides on the real data.
 * Runs in the extension (classic script after lib/engine.js, lib/view.js) and in Node.
 */
(function (root) {
  "use strict";
  const engine =
    root.optout && root.optout.engine ? root.optout.engine : require("./engine.js");
  const view =
    root.optout && root.optout.view ? root.optout.view : require("./view.js");
  const {
    InvalidValue,
    NoObjectionRoute,
    UnknownArgument,
    render,
    cleanPersonal,
    cleanSignature,
  } = engine;
  const { say, findCountry, findLanguage, findPlatform, primaryRoute, regulatorOf } =
    view;

  /** Refuse what is not a string, or is longer than `max` characters. */
  function checkText(text, max, advice) {
    if (typeof text !== "string")
      throw new InvalidValue(
        `text must be a string, not ${text === null ? "null" : typeof text}`,
      );
    const length = engine.charCount(text);
    if (length > max)
      throw new InvalidValue(
        `text is ${length} characters; ${advice} (at most ${max})`,
      );
  }

  function argumentIds(value) {
    if (!Array.isArray(value))
      throw new InvalidValue(
        "arguments must be a list of argument ids such as ['loss-of-control']",
      );
    const ids = value.map((item) => {
      if (typeof item !== "string")
        throw new InvalidValue("argument ids must be strings");
      return item.trim().toLowerCase();
    });
    const twice = [...new Set(ids.filter((id, i) => ids.indexOf(id) !== i))].sort();
    if (twice.length)
      throw new InvalidValue(
        `argument(s) ${twice.join(", ")} chosen twice; list each once`,
      );
    return ids;
  }

  /** Compose the objection text for Meta's form, in the language asked. */
  function composeObjection(
    v,
    { platform, country, language, arguments: chosen, personal = "", name = null },
  ) {
    const plat = findPlatform(v, platform);
    const where = findCountry(v, country);
    const lang = findLanguage(v, language);
    if (typeof personal !== "string")
      throw new InvalidValue("personal must be a string");
    if (
      primaryRoute(v, plat.id, where.id).kind !== "objection" ||
      !where.objection_route
    ) {
      throw new NoObjectionRoute(`${plat.name} has no objection route in ${where.id}`);
    }
    const available = v.arguments.filter((a) => a.texts[lang]);
    const texts = argumentIds(chosen).map((id) => {
      const argument = available.find((a) => a.id === id);
      if (!argument)
        throw new UnknownArgument(
          `unknown argument ${JSON.stringify(id)}; valid: ${available.map((a) => a.id).join(", ")}`,
        );
      if (!argument.laws.includes(where.law))
        throw new InvalidValue(`argument '${id}' does not apply under ${where.law}`);
      return render(argument.texts[lang].body, { platform: plat.name });
    });
    return render(v.letters[lang].objection.body, {
      law: where.law,
      platform: plat.name,
      arguments: texts.join("\n\n"),
      personal: cleanPersonal(personal),
      name: cleanSignature(name),
    });
  }

  /** What a pasted reply means; "unknown" when phrases of two outcomes are found. */
  function triageReply(v, text, { language = null } = {}) {
    checkText(text, v.limits.reply, "paste only Meta's message");
    const wanted = language === null ? null : findLanguage(v, language);
    const folded = engine.normalizeText(text);
    const hits = v.replies
      .map((reply) => [
        reply,
        reply.phrases
          .map(([lang, ps]) => [lang, engine.foundPhrases(ps, folded)])
          .filter(([, f]) => f.length),
      ])
      .filter(([, found]) => found.length);
    const counts = new Map();
    hits.forEach(([, found]) =>
      found.forEach(([lang, f]) =>
        counts.set(lang, (counts.get(lang) || 0) + f.length),
      ),
    );
    // The most phrases found, a tie going to the first tag in code-point order.
    const detected = [...counts.keys()]
      .sort()
      .reduce(
        (best, lang) =>
          best === null || counts.get(lang) > counts.get(best) ? lang : best,
        null,
      );
    const record =
      hits.length === 1 ? hits[0][0] : v.replies.find((r) => r.id === "unknown");
    const sayIn = wanted || detected || "en";
    return {
      outcome: record.id,
      language: detected,
      matched: hits.flatMap(([, found]) => found.flatMap(([, f]) => f)),
      summary: say(record.summary, sayIn),
      nextSteps: record.next_steps.map((step) => say(step, sayIn)),
    };
  }

  /** Findings for the person's own words in one language; [] when all is well. */
  function lintObjection(v, text, language) {
    checkText(text, v.limits.lint, "Meta's form takes far less");
    const lang = findLanguage(v, language);
    const folded = engine.normalizeText(text);
    return v.lint.flatMap((rule) => {
      const words = engine.foundPhrases(rule.words[lang] || [], folded);
      if (rule.warn_when_found !== words.length > 0) return [];
      const { code, arguments: args } = rule;
      return [
        {
          code,
          message: say(rule.message, lang),
          suggestion: say(rule.suggestion, lang),
          words,
          arguments: args,
        },
      ];
    });
  }

  function timestamp(value, field) {
    const parsed = engine.parseTimestamp(value);
    if (!parsed)
      throw new InvalidValue(
        `receipt ${field} must be a date and time with a time zone, e.g. 2026-05-01T10:00:00Z`,
      );
    const year = Number(parsed.day.slice(0, 4));
    if (year < 2000 || year > 2999)
      throw new InvalidValue(`receipt ${field} must be in the years 2000-2999`);
    return parsed;
  }

  /** A receipt checked field by field, with canonical platform and country ids. */
  function parseReceipt(v, data) {
    engine.checkShape(v.receipt, data, "receipt");
    const receipt = {
      ...data,
      platform: findPlatform(v, data.platform).id,
      country: findCountry(v, data.country).id,
    };
    if (!v.routes[data.route]) {
      throw new InvalidValue(
        `receipt route ${JSON.stringify(data.route)} is unknown; valid: ${Object.keys(v.routes).join(", ")}`,
      );
    }
    timestamp(data.submitted_at, "submitted_at");
    if ("replied_at" in data) timestamp(data.replied_at, "replied_at");
    return receipt;
  }

  /** parseReceipt plus the check that text_sha256 is the text's fingerprint. */
  async function checkReceipt(v, data) {
    const receipt = parseReceipt(v, data);
    if (
      "text" in data &&
      "text_sha256" in data &&
      (await engine.textSha256(data.text)) !== data.text_sha256
    ) {
      throw new InvalidValue("receipt text_sha256 does not match its text");
    }
    return receipt;
  }

  /** The country, refusing one whose law gives no objection (no letter to write). */
  function objectionCountry(v, country, what) {
    const where = findCountry(v, country);
    if (!where.objection_route)
      throw new NoObjectionRoute(
        `${where.id} has no data-protection law with an objection route, so optout has no ${what} for it`,
      );
    return where;
  }

  /** The complaint to the person's regulator, in its language, from their receipt. */
  function composeComplaint(
    v,
    { country, platform = null, language = null, receipt = null, name = null },
  ) {
    const where = objectionCountry(v, country, "complaint");
    const regulator = regulatorOf(v, where);
    if (!regulator)
      throw new InvalidValue(
        `no regulator is recorded for ${JSON.stringify(country)} yet`,
      );
    const parsed = receipt === null ? null : parseReceipt(v, receipt);
    if (parsed && parsed.country !== where.id)
      throw new InvalidValue(
        `the receipt is for ${parsed.country}, not ${country}; pass the same country`,
      );
    if (platform === null && !parsed)
      throw new InvalidValue(
        "platform is needed when there is no receipt, e.g. 'instagram'",
      );
    const plat = findPlatform(v, platform === null ? parsed.platform : platform);
    if (parsed && parsed.platform !== plat.id)
      throw new InvalidValue(
        `the receipt is for ${parsed.platform}, not ${plat.id}; leave platform out`,
      );
    const shipped = regulator.languages.find((tag) =>
      v.languages.some((l) => l.id === tag),
    );
    const lang = language === null ? shipped || "en" : findLanguage(v, language);
    const called = say(regulator.name, lang);
    const letter = v.letters[lang].complaint;
    const text = render(letter.body, {
      law: where.law,
      regulator:
        regulator.short_name === called
          ? called
          : `${called} (${regulator.short_name})`,
      platform: plat.name,
      date: parsed ? parsed.submitted_at.slice(0, 10) : "",
      has_text: parsed && parsed.text ? "yes" : "",
      text: parsed ? cleanPersonal(parsed.text || "") : "",
      hash: (parsed && parsed.text_sha256) || "",
      reply: parsed ? cleanPersonal(parsed.reply || "") : "",
      name: cleanSignature(name),
    });
    const url = regulator.complaint_url || regulator.website;
    return {
      subject: letter.subject,
      text,
      language: lang,
      regulator: regulator.id,
      url,
    };
  }

  /** The request for Meta's third-party information form: data others shared. */
  function composeThirdPartyRequest(
    v,
    { country, language, hasAccount = true, name = null },
  ) {
    const where = objectionCountry(v, country, "third-party request");
    if (typeof hasAccount !== "boolean")
      throw new InvalidValue("hasAccount must be true or false");
    const lang = findLanguage(v, language);
    const letter = v.letters[lang]["third-party"];
    const text = render(letter.body, {
      law: where.law,
      no_account: hasAccount ? "" : "yes",
      name: cleanSignature(name),
    });
    const form = v.routes["third-party-information"].urls.find(
      (u) => u.role === "form",
    );
    return {
      subject: letter.subject,
      text,
      language: lang,
      regulator: null,
      url: form ? form.url : null,
    };
  }

  /** Follow-up dates for a receipt: Meta's time to answer, a complaint deadline. */
  function reminders(v, receipt, { language = "en" } = {}) {
    const parsed = parseReceipt(v, receipt);
    const lang = findLanguage(v, language);
    const where = findCountry(v, parsed.country);
    const regulator = regulatorOf(v, where);
    const url = (regulator && regulator.complaint_url) || null;
    // The day the objection was sent where the person was, not in UTC.
    const sent = engine.parseTimestamp(parsed.submitted_at).day;
    const item = (deadline, days) => ({
      date: engine.addDays(sent, days),
      title: say(deadline.reminder, lang),
      url,
    });
    const found = [];
    if (where.reply_deadline)
      found.push(item(where.reply_deadline, where.reply_deadline.days));
    // A week early: the deadline counts from the last contact with Meta, which we
    // only know as the day the objection was sent.
    if (regulator && where.complaint_deadline)
      found.push(item(where.complaint_deadline, where.complaint_deadline.days - 7));
    return found.sort((a, b) => (a.date < b.date ? -1 : Number(a.date > b.date)));
  }

  /** An iCalendar file of the reminders, stable across exports of the same receipt. */
  async function remindersIcs(receipt, items) {
    const sent = engine.parseTimestamp(receipt.submitted_at);
    if (!sent)
      throw new InvalidValue(
        "pass a receipt parseReceipt accepted: its submitted_at is not a date-time",
      );
    return engine.icsCalendar(
      `${receipt.platform}|${receipt.route}|${engine.utcString(sent.utc)}`,
      sent.utc,
      items,
    );
  }

  const api = {
    composeObjection,
    triageReply,
    lintObjection,
    parseReceipt,
    checkReceipt,
    composeComplaint,
    composeThirdPartyRequest,
    reminders,
    remindersIcs,
    textSha256: engine.textSha256,
  };
  root.optout = Object.assign(root.optout || {}, { operations: api });
  if (typeof module !== "undefined") module.exports = api;
})(globalThis);
