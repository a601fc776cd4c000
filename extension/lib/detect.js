/*
 * The form detector's DOM-free half: fold, tokenise, score and assign. This is
 * optout_lib/detect/engine.py written again, function for function; the hand-written
 * cases in tests/cases/detect/ run against both. Input: control descriptions (plain
 * data from lib/describe.js) and the compiled view from the bundle (bundle.view.detector).
 */
(function (root) {
  "use strict";

  // Han, kana and CJK compatibility ideographs: one token per character.
  const CJK = [
    [0x3040, 0x30ff],
    [0x3400, 0x4dbf],
    [0x4e00, 0x9fff],
    [0xf900, 0xfaff],
  ];
  const WORD = /[\p{L}\p{M}\p{N}]/u;
  const ACCENTS = /[\u0300-\u036f]/g;

  /** Fold text for comparison: NFKD, accents (U+0300-036F) removed, NFC again, lower
   *  case, ß = ss. Only those accents: other scripts' marks are letters' parts. */
  function fold(text) {
    return text
      .normalize("NFKD")
      .replace(ACCENTS, "")
      .normalize("NFC")
      .toLowerCase()
      .replace(/ß/g, "ss");
  }

  function isCjk(char) {
    const code = char.codePointAt(0);
    return CJK.some(([low, high]) => low <= code && code <= high);
  }

  /** The folded words of a text: runs of letters, marks and digits; CJK one by one. */
  function tokens(text) {
    const result = [];
    let word = "";
    for (const char of fold(text)) {
      if (isCjk(char)) {
        if (word) result.push(word);
        word = "";
        result.push(char);
      } else if (WORD.test(char)) {
        word += char;
      } else if (word) {
        result.push(word);
        word = "";
      }
    }
    if (word) result.push(word);
    return result;
  }

  const SPLITS = [
    /([a-z])([A-Z])/g,
    /([A-Z])([A-Z][a-z])/g,
    /([A-Za-z])([0-9])/g,
    /([0-9])([A-Za-z])/g,
  ];

  /** Tokens of a name or id: also split at case changes and between letters and digits. */
  function attributeTokens(value) {
    return tokens(
      SPLITS.reduce((text, pattern) => text.replace(pattern, "$1 $2"), value),
    );
  }

  function tokenMatches(token, want) {
    if (want.endsWith("*")) return token.startsWith(want.slice(0, -1));
    if (want.startsWith("*")) return token.endsWith(want.slice(1));
    return token === want;
  }

  /** True when the pattern's tokens occur as consecutive words. */
  function findRun(pattern, words) {
    // The first token alone rules out nearly every start; checking it before the rest
    // keeps a long label's scoring cheap (as detect/engine.py does).
    for (let start = 0; start + pattern.length <= words.length; start += 1) {
      if (
        tokenMatches(words[start], pattern[0]) &&
        pattern.every((want, i) => i === 0 || tokenMatches(words[start + i], want))
      )
        return true;
    }
    return false;
  }

  /** True when any of the patterns occurs in the words (indexed once per list). */
  function anyRun(patterns, words) {
    const lists = memo("lists", patterns, () => ({ "": patterns }));
    return candidates(index(lists), words).some(({ pattern }) =>
      findRun(pattern, words),
    );
  }

  /** Round half up to 3 decimals (the library rounds the same way). */
  function round3(value) {
    return Math.floor(value * 1000 + 0.5) / 1000;
  }

  const NO_MATCH = Object.freeze({ score: 0, source: "", phrase: "", pattern: [] });

  function texts(description, filler) {
    const result = [];
    for (const [source, text] of description.sources) {
      const words = source === "attribute" ? attributeTokens(text) : tokens(text);
      if (words.length) {
        const counted = words.filter((w) => !filler.has(w)).length;
        result.push({ source, words, counted: counted || words.length });
      }
    }
    return result;
  }

  function languageWeight(view, wordLanguage, language) {
    if (language === null || wordLanguage === "en") return 1;
    if (wordLanguage.split("-")[0] === language.split("-")[0]) return 1;
    return view.other_language;
  }

  const KEY = 2; // how many letters of a wildcard word's fixed part index it

  function push(map, key, entry) {
    if (!map.has(key)) map.set(key, []);
    map.get(key).push(entry);
  }

  /** Patterns by what their first token must be: a word, a word's first letters
   *  (`affect*`), its last letters (`*land`); the few with shorter parts always. */
  function index(lists) {
    return memo("index", lists, () => buildIndex(lists));
  }

  function buildIndex(lists) {
    const built = { exact: new Map(), starts: new Map(), ends: new Map(), always: [] };
    let order = 0;
    for (const lang of Object.keys(lists)) {
      for (const pattern of lists[lang]) {
        const entry = { order, lang, pattern };
        const first = pattern[0];
        if (first.endsWith("*") && first.length > KEY)
          push(built.starts, first.slice(0, KEY), entry);
        else if (first.startsWith("*") && first.length > KEY)
          push(built.ends, first.slice(-KEY), entry);
        else if (first.includes("*")) built.always.push(entry);
        else push(built.exact, first, entry);
        order += 1;
      }
    }
    return built;
  }

  /** The patterns that may match somewhere in these words, in list order. */
  function candidates(built, words) {
    const found = new Map(built.always.map((e) => [e.order, e]));
    for (const word of new Set(words)) {
      for (const entries of [
        built.exact.get(word),
        built.starts.get(word.slice(0, KEY)),
        built.ends.get(word.slice(-KEY)),
      ]) {
        for (const e of entries || []) found.set(e.order, e);
      }
    }
    return [...found.keys()].sort((x, y) => x - y).map((order) => found.get(order));
  }

  /** The best match of the lists in each text, one per text (score 0: none); of equal
   *  scores, the pattern listed first wins. Patterns that occur `within` the given
   *  tokens do not count (a negative word inside the matched positive phrase). */
  function best(
    view,
    allTexts,
    lists,
    weight,
    language,
    filler,
    sources = null,
    within = [],
  ) {
    const built = index(lists);
    return allTexts.map((text) => {
      let found = NO_MATCH;
      if (sources !== null && !sources.includes(text.source)) return found;
      for (const { lang, pattern } of candidates(built, text.words)) {
        if (
          !findRun(pattern, text.words) ||
          (within.length && findRun(pattern, within))
        )
          continue;
        const counted = pattern.filter((w) => !filler.has(w)).length || pattern.length;
        let fit = Math.min(1, counted / text.counted);
        for (let r = 0; r < view.fit_roots; r += 1) fit = Math.sqrt(fit);
        fit = Math.max(view.fit_floor, fit);
        const factor = weight * languageWeight(view, lang, language);
        const score = view.quality[text.source] * factor * fit;
        if (score > found.score)
          found = { score, source: text.source, phrase: pattern.join(" "), pattern };
      }
      return found;
    });
  }

  function strongest(matches) {
    return matches.reduce((a, b) => (b.score > a.score ? b : a), NO_MATCH);
  }

  /** The structural traits of one control (see fields.schema.json `traits`). */
  function traits(description, view) {
    const found = [`element=${description.element}`];
    for (const key of ["type", "autocomplete", "inputmode"]) {
      if (description[key]) found.push(`${key}=${description[key]}`);
    }
    found.push(...(description.flags || []).filter(Boolean));
    const options = description.options || [];
    // "+49", "🇧🇷 +55": a telephone country-code picker, not a country of residence.
    const dialling = options.filter(([, text]) => /[+] ?[0-9]/.test(text)).length;
    if (options.length >= 3 && dialling * 10 >= options.length * 6)
      found.push("dial-options");
    if (options.length >= 5) {
      const { names, codes } = view.countries;
      const codeSet = new Set(codes);
      const hits = options.filter(
        ([value, text]) =>
          Object.prototype.hasOwnProperty.call(names, tokens(text).join(" ")) ||
          codeSet.has(value.toUpperCase()),
      ).length;
      if (hits >= 5 && hits * 10 >= options.length * 6) found.push("country-options");
    }
    return found;
  }

  const MEMO = new Map();

  /** What `build` makes from `owner`, made once per owner object and kind. */
  function memo(kind, owner, build) {
    if (!MEMO.has(kind)) MEMO.set(kind, new WeakMap());
    const cache = MEMO.get(kind);
    if (!cache.has(owner)) cache.set(owner, build());
    return cache.get(owner);
  }

  /** The field's attribute words as word lists (one object per field, so indexed once). */
  const attributeLists = (fieldView) =>
    memo("attribute", fieldView, () => ({ en: fieldView.attribute }));
  /** The view's filler words as a set. */
  const fillerOf = (view) => memo("filler", view, () => new Set(view.filler));
  /** The label sources that are prose: all but a control's name and id tokens. */
  const proseOf = (view) =>
    memo("prose", view, () =>
      Object.keys(view.quality).filter((q) => q !== "attribute"),
    );

  /** Score one control for one field; null when the control cannot hold it.
   *  `allTexts`: the control's label texts already tokenised (assign does it once). */
  function score(description, fieldView, view, language, foundTraits, allTexts = null) {
    if (!fieldView.elements.includes(description.element)) return null;
    const filler = fillerOf(view);
    const all = allTexts || texts(description, filler);
    const strong = best(view, all, fieldView.words, 1, language, filler);
    // Weak and negative words are prose; in a name or id they say little (`feedback_text`,
    // `login`).
    const prose = proseOf(view);
    const weak = best(view, all, fieldView.weak, view.weak, language, filler, prose);
    const attr = best(view, all, attributeLists(fieldView), 1, null, filler, [
      "attribute",
    ]);
    const positives = strong.map((s, i) => strongest([s, weak[i], attr[i]]));
    const top = strongest(positives);
    // "last" speaks against the full name, but not inside "first and last name".
    const negative = best(
      view,
      all,
      fieldView.negative,
      1,
      language,
      filler,
      prose,
      top.pattern,
    );
    const evidence = [];
    let value = top.score;
    if (top.score > 0) {
      evidence.push(`words:${top.source}:${top.phrase}`);
      const agreeing = [
        ...new Set(
          positives
            .filter((m) => m.score > 0 && m.source !== top.source)
            .map((m) => m.source),
        ),
      ];
      if (agreeing.length) {
        value += view.agreement;
        evidence.push(`agree:${agreeing.sort().join(",")}`);
      }
    }
    for (const trait of foundTraits) {
      const weight = fieldView.traits[trait];
      if (weight) {
        value += weight;
        evidence.push(`trait:${trait}`);
      }
    }
    const worst = strongest(negative);
    if (worst.score > 0) {
      value -= worst.score * view.negative;
      evidence.push(`not:${worst.source}:${worst.phrase}`);
    }
    let bare = false;
    if (top.score > 0 && Object.keys(fieldView.bare).length) {
      const bareOnly = best(view, all, fieldView.bare, 1, language, filler);
      bare = Math.max(...bareOnly.map((m) => m.score)) >= top.score;
    }
    return { value, evidence, bare };
  }

  /** Each control's traits, with the ones that depend on the rest of its form;
   *  `tokenised`: each control's label texts. */
  function groupTraits(descriptions, view, tokenised) {
    const result = descriptions.map((d) => traits(d, view));
    const visible = descriptions
      .map((d, i) => i)
      .filter((i) => descriptions[i].state !== "hidden");
    const multiline = visible.filter((i) => result[i].includes("multiline"));
    if (multiline.length === 1) result[multiline[0]].push("sole-multiline");
    // An e-mail box after another one is nearly always "confirm e-mail", even when its
    // words are in a language the data does not know.
    const email = view.fields.find((f) => f.id === "email");
    const filler = fillerOf(view);
    let seenEmail = false;
    for (const i of visible) {
      const worded =
        Boolean(email) &&
        best(view, tokenised[i], email.words, 1, null, filler, proseOf(view)).some(
          (m) => m.score > 0,
        );
      if (
        worded ||
        result[i].includes("type=email") ||
        result[i].includes("autocomplete=email")
      ) {
        if (seenEmail) result[i].push("second-email");
        seenEmail = true;
      }
    }
    return result;
  }

  function confidence(value, margin, threshold, needed) {
    return round3(
      Math.min(1, value / (2 * threshold)) *
        Math.min(1, margin / Math.max(2 * needed, 0.001)),
    );
  }

  /**
   * Assign fields to one form's controls: best pairs first, one field per control and
   * one control per field, each above its threshold and by its margin over every rival;
   * a field too close to a rival is left out, and so is its control.
   */
  function assign(descriptions, view, language) {
    const fields = view.fields;
    const filler = fillerOf(view);
    const tokenised = descriptions.map((d) => texts(d, filler));
    const allTraits = groupTraits(descriptions, view, tokenised);
    const scores = new Map();
    descriptions.forEach((description, i) => {
      fields.forEach((fieldView, j) => {
        const found = score(
          description,
          fieldView,
          view,
          language,
          allTraits[i],
          tokenised[i],
        );
        if (found !== null) scores.set(`${i},${j}`, { i, j, ...found });
      });
    });
    const doneFields = new Set();
    const used = new Set();
    const result = [];
    // Every pair best first (ties: the earlier control, then the earlier field), and
    // each field's and each control's scores best first, for the rivals.
    const pairs = [...scores.values()].sort(
      (a, b) => b.value - a.value || a.i - b.i || a.j - b.j,
    );
    const byField = new Map();
    const byControl = new Map();
    for (const p of pairs) {
      if (!byField.has(p.j)) byField.set(p.j, []);
      byField.get(p.j).push(p);
      if (!byControl.has(p.i)) byControl.set(p.i, []);
      byControl.get(p.i).push(p);
    }
    // Visible controls first: a hidden duplicate never makes the visible field ambiguous.
    const pools = [
      new Set(
        descriptions.map((d, i) => i).filter((i) => descriptions[i].state !== "hidden"),
      ),
      new Set(
        descriptions.map((d, i) => i).filter((i) => descriptions[i].state === "hidden"),
      ),
    ];
    for (const pool of pools) {
      for (const top of pairs) {
        if (!pool.has(top.i) || used.has(top.i) || doneFields.has(top.j)) continue;
        if (top.value < fields[top.j].threshold) continue;
        const needed = fields[top.j].margin;
        const rivals = [
          byField
            .get(top.j)
            .find((p) => p.i !== top.i && pool.has(p.i) && !used.has(p.i)),
          // Every other field counts, taken or not: a box that reads as much like
          // "additional details" as like the reason is neither, for certain.
          byControl.get(top.i).find((p) => p.j !== top.j),
        ]
          .filter(Boolean)
          .map((p) => p.value);
        const margin = top.value - (rivals.length ? Math.max(...rivals) : 0);
        doneFields.add(top.j);
        used.add(top.i);
        if (margin < needed) continue; // abstain: no field is better than the wrong field
        result.push({
          index: top.i,
          field: fields[top.j].id,
          score: round3(top.value),
          margin: round3(margin),
          confidence: confidence(top.value, margin, fields[top.j].threshold, needed),
          evidence: top.evidence,
        });
      }
    }
    return contextRenames(result, scores, fields);
  }

  /** Apply the fields' `becomes` rules (French `Nom` next to `Prénom`: last name). */
  function contextRenames(result, scores, fields) {
    const byId = new Map(fields.map((f, j) => [f.id, j]));
    const assigned = new Set(result.map((a) => a.field));
    return result.map((item) => {
      const j = byId.get(item.field);
      for (const rule of fields[j].becomes) {
        if (
          scores.get(`${item.index},${j}`).bare &&
          assigned.has(rule.with) &&
          !assigned.has(rule.to)
        ) {
          assigned.add(rule.to);
          return {
            ...item,
            field: rule.to,
            evidence: [...item.evidence, `context:${rule.with}`],
          };
        }
      }
      return item;
    });
  }

  const detect = {
    fold,
    tokens,
    attributeTokens,
    findRun,
    anyRun,
    round3,
    traits,
    score,
    assign,
  };
  root.optout = Object.assign(root.optout || {}, { detect });
  if (typeof module === "object" && module.exports) module.exports = detect;
})(globalThis);
