/*
 * On Meta's objection form only: notices how far the person got, so their checklist
 * moves along without them having to say so. A code field appearing means the form was
 * sent and Meta is e-mailing a code; the page's success message means Meta took the
 * objection; an error alert means it is unclear. Each change is reported to the
 * background (which keeps it in storage.local); the page itself is never changed, and
 * nothing here clicks or submits. The state seen last is kept in this script's own
 * world (optout.formState), never on the page.
 */
(function () {
  "use strict";
  const { api, messages, hints, describe } = globalThis.optout;

  function field(view, matcher, name) {
    // The code step replaces the form (and its hidden form ID) on Meta's page: a code
    // box in any form of the page that is not its header, footer or search counts.
    const found =
      name === "code"
        ? describe
            .findFields(view, document)
            .filter((f) => f.group.kind !== "chrome" && f.group.kind !== "search")
        : describe.objectionFormFields(
            view,
            document,
            hints.formId(matcher, location.href),
            null,
          );
    const hit = found.find((f) => f.field === name && f.state === "ok");
    // A code field that is in the markup but not shown does not mean Meta sent a code.
    return hit && hit.element.getClientRects().length > 0 ? hit.element : null;
  }

  /** "submitted", "error", "code" (a code field is showing) or "" for nothing yet. */
  function observe(view, matcher) {
    const state = hints.formState(matcher, document.body);
    if (state) return state;
    return field(view, matcher, "code") ? "code" : "";
  }

  /**
   * The text the person is sending: what optout filled into the reason box (panel.js)
   * or what the person typed there themselves (trusted input events), never a value
   * the page's own script put in the box.
   */
  function sentText(view, matcher, typed) {
    const box = field(view, matcher, "reason");
    const filled = globalThis.optout.reasonSent;
    if (typed.element && (!box || typed.element === box)) return typed.text;
    return filled && (!box || filled.element === box) ? filled.text : "";
  }

  async function start() {
    const view = await globalThis.optout.formView; // panel.js: null unless an objection form
    if (!view) return;
    const { matcher } = await globalThis.optout.pageHints;
    const platform =
      hints.platformOf(matcher.platformHosts, location.hostname) || "facebook";
    let last = "";
    // The reason box goes once Meta shows the next step, so remember what was sent.
    let text = "";
    const typed = { element: null, text: "" };
    const check = () => {
      // The URL again at every look: after an in-page navigation to a post quoting
      // Meta's success message, that post is not the form.
      if (hints.pageKind(matcher, location.href) !== "objection") return;
      const state = observe(view, matcher);
      text = sentText(view, matcher, typed) || text;
      globalThis.optout.formState = state;
      if (state === last) return;
      last = state;
      // The card (panel.js) says what this step means; it may not be up yet.
      if (globalThis.optout.panel) globalThis.optout.panel.follow(state);
      if (state)
        api.runtime.sendMessage({
          type: messages.FORM_PROGRESS,
          platform,
          state,
          text,
        });
    };
    check();
    let queued = false;
    new MutationObserver(() => {
      // One check per burst of changes: Meta's pages re-render in many small steps.
      if (queued) return;
      queued = true;
      setTimeout(() => {
        queued = false;
        check();
      }, 150);
    }).observe(document.body, { childList: true, subtree: true, characterData: true });
    document.addEventListener(
      "input",
      (event) => {
        // Only the person's own keystrokes: a page script setting the value fires
        // no event, and one it dispatches is not trusted.
        const box = field(view, matcher, "reason");
        if (last || !event.isTrusted || !box || !box.contains(event.target)) return;
        typed.element = box;
        typed.text = box.isContentEditable ? box.innerText : box.value;
        text = typed.text;
      },
      true,
    );
  }

  start().catch((error) => console.error("optout:", error));
})();
