/*
 * Page hints, interpreted in the browser from the view (bundle.view.hints): the same
 * rules as optout_lib/_hints.py and optout_lib/analyze.py (a link counts only on Meta's hosts and on a contact-form path;
 * known form IDs give the kind; unknown IDs count only by their words). The browser
 * tests run the library's saved pages and expectations through this file.
 */
(function (root) {
  "use strict";
  const { normalizeText, phrasePattern, hostIn } = root.optout.engine;

  /** Build the matchers from the view's page hints (already folded and ordered). */
  function compile(hints) {
    const patterns = (lists) =>
      lists.map(([kind, words]) => [kind, phrasePattern(words)]).filter(([, p]) => p);
    return {
      states: patterns(hints.states),
      hosts: hints.hosts,
      urlPatterns: hints.url_patterns.map((p) => new RegExp(p)),
      excluded: new Set(hints.excluded),
      formKinds: hints.form_kinds,
      words: patterns(hints.words),
      platformHosts: hints.platform_hosts,
    };
  }

  // Text a person does not read as the page's message: code, styles, and what is
  // typed into (or offered by) the form's own controls. Same list as analyze.py.
  const NOT_MESSAGE = new Set([
    "script",
    "style",
    "template",
    "noscript",
    "textarea",
    "select",
    "title",
  ]);

  function typedInto(element) {
    const editable = element.getAttribute("contenteditable");
    return (
      NOT_MESSAGE.has(element.localName) ||
      (element.getAttribute("role") || "").toLowerCase() === "textbox" ||
      (editable !== null && editable.toLowerCase() !== "false")
    );
  }

  /** False for an element a person cannot see (display, visibility, opacity). */
  function shown(element) {
    return (
      !element.checkVisibility ||
      element.checkVisibility({ visibilityProperty: true, opacityProperty: true })
    );
  }

  /** The page's own words under `node` as a person sees them: every text node
   *  outside typedInto elements and outside what is hidden from view (a page
   *  cannot move the checklist with a hidden "your request will be applied"). */
  function messageText(node, parts = []) {
    for (const child of node.childNodes) {
      if (child.nodeType === 3) parts.push(child.data);
      else if (child.nodeType === 1 && !typedInto(child) && shown(child)) {
        messageText(child, parts);
      }
    }
    return parts.join(" ");
  }

  /**
   * What a form page's own text says happened: "submitted", "error" or null. An error
   * alert next to a success message is still an error: optout never guesses success.
   */
  function formState(matcher, root) {
    const folded = normalizeText(messageText(root));
    const found = matcher.states
      .filter(([, pattern]) => pattern.test(folded))
      .map(([state]) => state);
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
    if ((url.protocol !== "https:" && url.protocol !== "http:") || !url.hostname)
      return null;
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
    return (
      Object.keys(platformHosts).find((id) => hostIn(hostname, platformHosts[id])) ||
      null
    );
  }

  /** The kind of form this page is ("objection", "third-party") or null. */
  function pageKind(matcher, href) {
    const id = formId(matcher, href);
    return id !== null && Object.prototype.hasOwnProperty.call(matcher.formKinds, id)
      ? matcher.formKinds[id]
      : null;
  }

  root.optout = Object.assign(root.optout || {}, {
    hints: { compile, formId, linkKind, pageKind, formState, platformOf },
  });
})(globalThis);
