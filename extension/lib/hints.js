/*
 * Page hints, interpreted in the browser: the same rules as optout_lib/_hints.py and
 * optout_lib/analyze.py (a link counts only on Meta's hosts and on a contact-form path;
 * known form IDs give the kind; unknown IDs count only by their words). The browser
 * tests run the library's saved pages and expectations through this file.
 */
(function (root) {
  "use strict";
  const APOSTROPHES = /[\u2019\u2018\u02bc]/g;

  /** Fold text for matching: NFC, ' quotes, one space between words, lower case. */
  function normalizeText(text) {
    return text.normalize("NFC").replace(APOSTROPHES, "'").replace(/\s+/g, " ").trim().toLowerCase();
  }

  function escapeRegExp(text) {
    return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  }

  /** A regex finding any phrase as whole words in normalized text. */
  function phrasePattern(phrases) {
    const folded = [...new Set(phrases.map(normalizeText))].sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
    if (!folded.length) return null;
    // A phrase ending in an apostrophe (French "j'") is a prefix of the next word, so
    // the "not inside a word" guard applies only after word characters.
    const guarded = folded.map((p) => escapeRegExp(p) + (/[\p{L}\p{N}_]$/u.test(p) ? "(?![\\p{L}\\p{N}_])" : ""));
    return new RegExp(`(?<![\\p{L}\\p{N}_])(?:${guarded.join("|")})`, "u");
  }

  /** True when host is one of the domains or a sub-domain of one (dot boundary). */
  function hostIn(host, domains) {
    const h = host.toLowerCase().replace(/\.$/, "");
    return domains.some((d) => h === d || h.endsWith(`.${d}`));
  }

  /** Compile the background's page hints into matchers. */
  function compile({ hints, formKinds, platformHosts }) {
    const words = {};
    for (const record of hints) {
      for (const [kind, perLanguage] of Object.entries(record.link.words)) {
        words[kind] = (words[kind] || []).concat(...Object.values(perLanguage));
      }
    }
    const compiled = Object.entries(words).map(([kind, list]) => [kind, phrasePattern(list)]).filter(([, p]) => p);
    const stateWords = {};
    for (const record of hints) {
      for (const [state, perLanguage] of Object.entries(record.form_states || {})) {
        stateWords[state] = (stateWords[state] || []).concat(...Object.values(perLanguage));
      }
    }
    const states = Object.keys(stateWords).sort().map((state) => [state, phrasePattern(stateWords[state])])
      .filter(([, p]) => p);
    return {
      states,
      hosts: [...new Set(hints.flatMap((r) => r.hosts))],
      urlPatterns: hints.flatMap((r) => r.link.form_url_patterns.map((p) => new RegExp(p))),
      excluded: new Set(hints.flatMap((r) => r.link.excluded_form_ids || [])),
      formKinds,
      words: compiled,
      platformHosts,
    };
  }

  // Text a person does not read as the page's message: code, styles, and what is
  // typed into (or offered by) the form's own controls. Same list as analyze.py.
  const NOT_MESSAGE = new Set(["script", "style", "template", "noscript", "textarea", "select", "title"]);

  function typedInto(element) {
    const editable = element.getAttribute("contenteditable");
    return NOT_MESSAGE.has(element.localName) || (element.getAttribute("role") || "").toLowerCase() === "textbox"
      || (editable !== null && editable.toLowerCase() !== "false");
  }

  /** The page's own words under `node`: every text node outside typedInto elements. */
  function messageText(node, parts = []) {
    for (const child of node.childNodes) {
      if (child.nodeType === 3) parts.push(child.data);
      else if (child.nodeType === 1 && !typedInto(child)) messageText(child, parts);
    }
    return parts.join(" ");
  }

  /**
   * What a form page's own text says happened: "submitted", "error" or null. An error
   * alert next to a success message is still an error: optout never guesses success.
   */
  function formState(matcher, root) {
    const folded = normalizeText(messageText(root));
    const found = matcher.states.filter(([, pattern]) => pattern.test(folded)).map(([state]) => state);
    return found.includes("error") ? "error" : found[0] || null;
  }

  /** The contact-form ID an absolute URL on Meta's hosts points to, or null. */
  function formId(matcher, href) {
    let url;
    try {
      url = new URL(href);
    } catch (_) {
      return null;
    }
    if ((url.protocol !== "https:" && url.protocol !== "http:") || !url.hostname) return null;
    if (!hostIn(url.hostname, matcher.hosts)) return null;
    for (const pattern of matcher.urlPatterns) {
      const match = pattern.exec(url.pathname);
      if (match) return match[1];
    }
    return null;
  }

  /** Classify a link as {kind, formId, matchedBy}, or null if it is not one. */
  function linkKind(matcher, href, text) {
    const id = formId(matcher, href);
    if (id === null || matcher.excluded.has(id)) return null;
    if (Object.prototype.hasOwnProperty.call(matcher.formKinds, id)) {
      return { kind: matcher.formKinds[id], formId: id, matchedBy: "form-id" };
    }
    // Meta changes form IDs without notice: an unknown contact form still counts
    // when the link's words say what it is for.
    const folded = normalizeText(text);
    for (const [kind, pattern] of matcher.words) {
      if (pattern.test(folded)) return { kind, formId: id, matchedBy: "words" };
    }
    return null;
  }

  /** The platform whose hosts serve `hostname` (platformHosts: id → hosts), or null. */
  function platformOf(platformHosts, hostname) {
    return Object.keys(platformHosts).find((id) => hostIn(hostname, platformHosts[id])) || null;
  }

  /** The kind of form this page is ("objection", "third-party") or null. */
  function pageKind(matcher, href) {
    const id = formId(matcher, href);
    return id !== null && Object.prototype.hasOwnProperty.call(matcher.formKinds, id) ? matcher.formKinds[id] : null;
  }

  root.optout = Object.assign(root.optout || {}, {
    hints: { normalizeText, phrasePattern, hostIn, compile, formId, linkKind, pageKind, formState, platformOf },
  });
})(globalThis);
