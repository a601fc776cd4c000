/*
 * Marks every link that leads to one of Meta's AI forms: data-optout-highlight =
 * "objection" or "third-party", plus a label drawn by CSS. Scans the page once, then
 * only the nodes a MutationObserver reports as added (feeds keep growing).
 */
(function () {
  "use strict";
  const { api, messages, hints } = globalThis.optout;
  const LINKS = "a[href], area[href]";
  const LABELS = {
    objection: "highlightObjection",
    "third-party": "highlightThirdParty",
  };

  function mark(matcher, link) {
    const found = hints.linkKind(
      matcher,
      link.href,
      `${link.textContent} ${link.getAttribute("aria-label") || ""}`,
    );
    if (!found) {
      if (link.hasAttribute("data-optout-highlight")) {
        link.removeAttribute("data-optout-highlight"); // its href changed since
        link.removeAttribute("data-optout-label");
      }
      return;
    }
    if (link.getAttribute("data-optout-highlight") === found.kind) return;
    link.setAttribute("data-optout-highlight", found.kind);
    link.setAttribute(
      "data-optout-label",
      api.i18n.getMessage(LABELS[found.kind]) || found.kind,
    );
  }

  function scan(matcher, node) {
    if (node.nodeType !== Node.ELEMENT_NODE) return;
    if (node.matches(LINKS)) mark(matcher, node);
    for (const link of node.querySelectorAll(LINKS)) mark(matcher, link);
  }

  /** Ask the background once per page; the panel script shares the answer. */
  async function loadHints() {
    const answer = await api.runtime.sendMessage({ type: messages.GET_PAGE_HINTS });
    return answer && !answer.error ? { answer, matcher: hints.compile(answer) } : null;
  }

  async function start() {
    const loaded = await globalThis.optout.pageHints;
    if (!loaded) return;
    const { matcher } = loaded;
    scan(matcher, document.documentElement);
    new MutationObserver((records) => {
      for (const record of records) {
        if (record.type === "attributes") {
          if (record.target.matches(LINKS)) mark(matcher, record.target);
        } else for (const node of record.addedNodes) scan(matcher, node);
      }
    }).observe(document.documentElement, {
      childList: true,
      subtree: true,
      attributes: true,
      attributeFilter: ["href"],
    });
    // In this script's own world only: a mark on the page would tell Meta's script that
    // optout runs here, and which data it has.
    globalThis.optout.ready = true;
  }

  // The popup asks whether this page has a marked form link (to say so); only this
  // extension's own pages, never a page or another content script (sender.tab is set).
  api.runtime.onMessage.addListener((message, sender, sendResponse) => {
    if (!message || message.type !== messages.LINK_STATUS) return false;
    if (!sender || sender.id !== api.runtime.id || sender.tab) return false;
    sendResponse({
      marked: document.querySelectorAll("[data-optout-highlight]").length,
    });
    return false;
  });

  globalThis.optout.pageHints = loadHints();
  start().catch((error) => console.error("optout:", error));
})();
