/*
 * The form detector's DOM half: find forms and describe their controls, as
 * optout_lib/detect/describe.py does with lxml (same rules, same order); the cases in
 * tests/cases/describe/ run against both. Unlike lxml it sees the live page: open
 * shadow roots, and closed ones where the browser lets an extension in.
 */
(function (root) {
  "use strict";
  const { tokens, anyRun, assign } = root.optout.detect;

  const TEXT_INPUTS = new Set(["", "text", "email", "tel", "number", "search", "url"]);
  const SKIPPED = new Set([
    "script",
    "style",
    "template",
    "noscript",
    "select",
    "textarea",
    "option",
    "datalist",
    "head",
  ]);
  const LANDMARKS = new Set(["header", "footer", "nav", "aside"]);
  const LANDMARK_ROLES = new Set([
    "banner",
    "contentinfo",
    "navigation",
    "complementary",
  ]);
  const MAX_CLIMB = 10;
  const MAX_TEXT = 300;
  const MAX_OPTIONS = 400;
  // How much text one source may give a control: a real label is short ("E-mail
  // address", a sentence at most), and every control inside one huge label would
  // otherwise be scored against its first MAX_TEXT characters (describe.py: the same).
  const MAX_LABEL = 150;
  // The same explicit whitespace set as describe.py, so both collapse text alike.
  const SPACE =
    /[ \t\n\r\f\v\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/g;

  function collapse(text) {
    return text.replace(SPACE, " ").trim();
  }

  function attr(element, name) {
    return element.getAttribute(name) || "";
  }

  function role(element) {
    return attr(element, "role").trim().toLowerCase();
  }

  /** The shadow root of an element, open or (where the browser allows) closed. */
  function shadowOf(element) {
    if (element.shadowRoot) return element.shadowRoot;
    const chromeDom = root.chrome && root.chrome.dom;
    if (chromeDom && typeof chromeDom.openOrClosedShadowRoot === "function") {
      try {
        return chromeDom.openOrClosedShadowRoot(element) || null;
      } catch (_) {
        return null;
      }
    }
    return element.openOrClosedShadowRoot || null; // Firefox content scripts
  }

  /** The kind of control an element is (see fields.schema.json `elements`), or null. */
  function controlKind(element) {
    const tag = element.localName;
    if (tag === "input")
      return TEXT_INPUTS.has(attr(element, "type").trim().toLowerCase())
        ? "input"
        : null;
    if (tag === "textarea" || tag === "select") return tag;
    const r = role(element);
    const editable = element.getAttribute("contenteditable");
    if (r === "combobox") return "combobox";
    if (r === "textbox" || (editable !== null && editable.toLowerCase() !== "false"))
      return "textbox";
    return null;
  }

  /** Hidden by its own markup: `hidden`, aria-hidden=true or inline display/visibility. */
  function staticallyHidden(element) {
    if (element.hasAttribute("hidden")) return true;
    if (attr(element, "aria-hidden").trim().toLowerCase() === "true") return true;
    const style = attr(element, "style").replace(/ /g, "").toLowerCase();
    return style.includes("display:none") || style.includes("visibility:hidden");
  }

  // How many characters of raw text a label source reads before it stops looking.
  const TEXT_BUDGET = 4 * MAX_TEXT;

  /** Visible text under an element, skipping controls and hidden elements; stops once
   *  the budget is spent (a label is short; a sibling may be a whole feed). */
  function textParts(node, parts, budget) {
    if (
      budget.left <= 0 ||
      SKIPPED.has(node.localName) ||
      staticallyHidden(node) ||
      controlKind(node)
    )
      return;
    for (const child of node.childNodes) {
      if (budget.left <= 0) return;
      if (child.nodeType === 3) {
        parts.push(child.data);
        budget.left -= child.data.length;
      } else if (child.nodeType === 1) textParts(child, parts, budget);
    }
  }

  /** An element's visible text, whitespace collapsed, at most MAX_TEXT characters. */
  function textOf(element) {
    const parts = [];
    textParts(element, parts, { left: TEXT_BUDGET });
    return collapse(parts.join(" ")).slice(0, MAX_TEXT);
  }

  /** Every text node under a node, joined by spaces (as lxml's itertext is read). */
  function joinedText(node, parts = []) {
    for (const child of node.childNodes) {
      if (child.nodeType === 3) parts.push(child.data);
      else if (child.nodeType === 1) joinedText(child, parts);
    }
    return parts.join(" ");
  }

  function allText(element) {
    // aria-labelledby names a control even with the referenced text hidden (ARIA).
    return collapse(joinedText(element)).slice(0, MAX_TEXT);
  }

  /** Child nodes in the order describe.py reads them: a shadow root first, as lxml
   *  reads a declarative <template shadowrootmode> as the host's first child. */
  function* walk(node) {
    const shadow = node.nodeType === 1 ? shadowOf(node) : null;
    if (shadow) yield* walk(shadow);
    for (const child of node.children || []) {
      if (child.localName === "template" || child.localName === "noscript") continue;
      yield child;
      yield* walk(child);
    }
  }

  /** The element's parent inside its own tree (null at a document or shadow root). */
  function parentOf(element) {
    const parent = element.parentNode;
    return parent && parent.nodeType === 1 ? parent : null;
  }

  function* ancestors(element) {
    for (let node = parentOf(element); node; node = parentOf(node)) yield node;
  }

  /** The top of the element's tree as describe.py sees it: <html>, or a shadow root. */
  function scopeRoot(element) {
    const top = element.getRootNode();
    return top.nodeType === 9 ? top.documentElement : top;
  }

  /** Ancestors across shadow boundaries (a hidden host hides its shadow tree). */
  function* composedAncestors(element) {
    for (
      let node = element.parentNode || element.host;
      node;
      node = node.parentNode || node.host
    ) {
      if (node.nodeType === 1) yield node;
    }
  }

  function buttonish(element) {
    const type = attr(element, "type").trim().toLowerCase();
    return (
      element.localName === "button" ||
      (element.localName === "input" && ["submit", "button", "image"].includes(type)) ||
      role(element) === "button"
    );
  }

  function buttonText(element) {
    if (element.localName === "input")
      return attr(element, "value") || attr(element, "aria-label");
    return textOf(element) || attr(element, "aria-label");
  }

  function insideControl(element) {
    if (["input", "textarea", "select"].includes(element.localName)) {
      return [...ancestors(element)].some(
        (a) => a.localName === "select" || a.localName === "textarea",
      );
    }
    return [...element.querySelectorAll("*")].some((d) => controlKind(d));
  }

  /** A page's controls (in every reachable tree), their scopes and their groups. */
  class Page {
    constructor(rootNode, submit) {
      this.submit = submit;
      this.controls = [];
      this.kinds = new Map();
      // Elements with a control inside, and with a submit button inside.
      this.holders = new Set();
      this.submitHolders = new Set();
      this.groupInputs = new Map();
      this.hiddenInputs = new Map();
      this.labelTexts = new Map();
      this.labelsFor = new Map();
      for (const element of walk(rootNode)) {
        const kind = controlKind(element);
        if (kind) for (const a of composedAncestors(element)) this.holders.add(a);
        if (kind && !insideControl(element)) {
          this.controls.push(element);
          this.kinds.set(element, kind);
        }
        if (buttonish(element) && this.submits(element)) {
          for (const a of composedAncestors(element)) this.submitHolders.add(a);
        }
      }
      this.groups = [];
      const byElement = new Map();
      for (const element of this.controls) {
        const [anchor, kind] = this.groupOf(element);
        if (!byElement.has(anchor)) {
          const group = { element: anchor, kind, controls: [] };
          byElement.set(anchor, group);
          this.groups.push(group);
        }
        byElement.get(anchor).controls.push(element);
      }
    }

    groupOf(element) {
      const [anchor, kind] = this.anchor(element);
      if (kind === "form" || kind === "block") {
        // A form in the page's header or footer (a newsletter box, "Was this page
        // helpful?") is the page's chrome, never the form a tool came for.
        const top = scopeRoot(element);
        for (const a of [anchor, ...ancestors(anchor)]) {
          if (a === top) break;
          const r = role(a);
          if (r === "search") return [anchor, "search"];
          if (LANDMARKS.has(a.localName) || LANDMARK_ROLES.has(r))
            return [anchor, "chrome"];
        }
      }
      return [anchor, kind];
    }

    anchor(element) {
      const scope = element.getRootNode();
      const owner = element.getAttribute("form");
      if (owner && scope.getElementById) {
        const form = scope.getElementById(owner);
        if (form && form.localName === "form") return [form, "form"];
      }
      const top = scopeRoot(element);
      for (const a of ancestors(element)) {
        if (a === top) break;
        const r = role(a);
        if (r === "search") return [a, "search"];
        if (a.localName === "form" || r === "form") return [a, "form"];
        if (LANDMARKS.has(a.localName) || LANDMARK_ROLES.has(r)) return [a, "chrome"];
      }
      for (const a of ancestors(element)) {
        if (a === top) break;
        if (this.submitHolders.has(a)) return [a, "block"];
      }
      return [top, "page"];
    }

    submits(button) {
      if (attr(button, "type").trim().toLowerCase() === "submit") return true;
      return anyRun(this.submit, tokens(buttonText(button)));
    }

    labelSources(element, group) {
      const scope = element.getRootNode();
      const sources = [];
      const seen = new Set();
      const add = (source, text) => {
        // The same words found twice (a <label for> that is also the text before the
        // control) are one piece of evidence, not two that agree.
        const collapsed = collapse(text).slice(0, MAX_LABEL);
        if (collapsed && !seen.has(collapsed)) {
          seen.add(collapsed);
          sources.push([source, collapsed]);
        }
      };
      const byId = (id) => (scope.getElementById ? scope.getElementById(id) : null);
      const labels = element.id ? [...this.labelsOf(scope, element.id)] : [];
      for (const a of ancestors(element))
        if (a.localName === "label" && !labels.includes(a)) labels.push(a);
      for (const label of labels) add("label", this.labelText(label));
      for (const ref of attr(element, "aria-labelledby").split(SPACE).filter(Boolean)) {
        const target = byId(ref);
        if (target) add("labelledby", allText(target));
      }
      add("aria-label", attr(element, "aria-label"));
      this.preceding(element, group).forEach((text, i) =>
        add(i === 0 ? "preceding" : "preceding2", text),
      );
      add("placeholder", attr(element, "placeholder"));
      add("title", attr(element, "title"));
      if (element.localName === "select") {
        const first = element.querySelector("option");
        const value = first ? first.getAttribute("value") : null;
        if (value !== null && ["", "0", "-1"].includes(value.trim()))
          add("first-option", allText(first));
      }
      const legend = this.legend(element, group);
      if (legend) add("legend", legend);
      for (const ref of attr(element, "aria-describedby")
        .split(SPACE)
        .filter(Boolean)) {
        const target = byId(ref);
        if (target) add("described", allText(target));
      }
      add(
        "attribute",
        [element.getAttribute("name"), element.id].filter(Boolean).join(" "),
      );
      return sources;
    }

    /** The <label for> elements of an id in a document or shadow root, found in one
     *  pass per scope (not one per control). */
    labelsOf(scope, id) {
      if (!this.labelsFor.has(scope)) {
        const byFor = new Map();
        for (const label of scope.querySelectorAll("label[for]")) {
          const target = label.getAttribute("for");
          if (!byFor.has(target)) byFor.set(target, []);
          byFor.get(target).push(label);
        }
        this.labelsFor.set(scope, byFor);
      }
      return this.labelsFor.get(scope).get(id) || [];
    }

    /** textOf(label), read once per label: the thousand controls one label may hold
     *  must not each walk all of it again (cached). */
    labelText(label) {
      if (!this.labelTexts.has(label)) this.labelTexts.set(label, textOf(label));
      return this.labelTexts.get(label);
    }

    /** Up to two blocks of text before the control in its row (see describe.py). */
    preceding(element, group) {
      const found = [];
      let node = element;
      for (let climb = 0; climb < MAX_CLIMB; climb += 1) {
        const parent = node.parentNode;
        if (!parent || node === group.element || node.nodeType !== 1) break;
        for (const sibling of before(node)) {
          let text;
          if (sibling.nodeType === 3) text = collapse(sibling.data);
          else {
            if (this.hasControl(sibling)) return found;
            text = textOf(sibling);
          }
          if (text) {
            found.push(text.slice(0, MAX_TEXT));
            if (found.length === 2) return found;
          }
        }
        if (parent === group.element || parent.nodeType !== 1) break;
        node = parent;
      }
      return found;
    }

    /** Names of hidden inputs beside the control or beside its near ancestors. */
    hiddenNear(element) {
      const names = [];
      let node = element;
      for (let i = 0; i < 3; i += 1) {
        const parent = parentOf(node);
        if (!parent) break;
        if (!this.hiddenInputs.has(parent)) {
          this.hiddenInputs.set(
            parent,
            [...parent.children]
              .filter(
                (c) =>
                  c.localName === "input" &&
                  attr(c, "type").trim().toLowerCase() === "hidden" &&
                  c.getAttribute("name"),
              )
              .map((c) => c.getAttribute("name")),
          );
        }
        names.push(...this.hiddenInputs.get(parent));
        node = parent;
      }
      return names;
    }

    /** True when the element is or holds a control (script and option never do). */
    hasControl(element) {
      if (
        ["script", "style", "template", "noscript", "option", "datalist"].includes(
          element.localName,
        )
      )
        return false;
      return Boolean(controlKind(element)) || this.holders.has(element);
    }

    /** The value of a hidden input of this name inside the group, or "" (cached). */
    groupInput(group, name) {
      const key = `${this.groups.indexOf(group)}\n${name}`;
      if (!this.groupInputs.has(key))
        this.groupInputs.set(key, groupInput(group, name));
      return this.groupInputs.get(key);
    }

    legend(element, group) {
      for (const a of ancestors(element)) {
        if (a === group.element) break;
        if (a.localName === "fieldset") {
          const inside = group.controls.filter((c) => a.contains(c));
          const legend = [...a.children].find((c) => c.localName === "legend");
          if (legend && inside.length <= 3) return textOf(legend);
          break;
        }
      }
      return "";
    }
  }

  /** True for the name of a hidden input that holds a typeahead's ISO country code
   *  (Meta's `<name>_iso2_country_code`, or any name with the token `iso2`). */
  function isoName(name) {
    return (
      name.endsWith("iso2_country_code") ||
      tokens(name.replace(/_/g, " ")).includes("iso2")
    );
  }

  /** The child nodes before `node`, nearest first: elements and text. Walked
   *  backwards and lazily, as the caller stops at the first control: a control among
   *  thousands in one label reads only its own neighbours, never the row. */
  function* before(node) {
    for (let child = node.previousSibling; child; child = child.previousSibling) {
      if (child.nodeType === 3 && collapse(child.data)) yield child;
      else if (
        child.nodeType === 1 &&
        child.localName !== "template" &&
        child.localName !== "noscript"
      )
        yield child;
    }
  }

  function state(element, hiddenFields) {
    if ([element, ...composedAncestors(element)].some(staticallyHidden))
      return "hidden";
    if (hiddenFields.has(element.getAttribute("name"))) return "hidden";
    if (element.hasAttribute("disabled") || attr(element, "aria-disabled") === "true")
      return "disabled";
    if (
      [...ancestors(element)].some(
        (a) => a.localName === "fieldset" && a.hasAttribute("disabled"),
      )
    )
      return "disabled";
    if (element.hasAttribute("readonly") || attr(element, "aria-readonly") === "true")
      return "readonly";
    return "ok";
  }

  /** True when an "@" stands right before or after the control: the local part or the
   *  domain of an address typed in two boxes, neither of which is the address. */
  function besideAt(element) {
    const next = element.nextSibling;
    const previous = element.previousSibling;
    const after = next && next.nodeType === 3 ? collapse(next.data) : "";
    const before = previous && previous.nodeType === 3 ? collapse(previous.data) : "";
    return after.slice(0, 1) === "@" || before.slice(-1) === "@";
  }

  function number(value) {
    const text = (value || "").trim();
    return /^[+-]?[0-9]+$/.test(text) ? parseInt(text, 10) : null;
  }

  function flags(element, kind, group, near) {
    const result = [];
    const multiline =
      kind === "textarea" ||
      (kind === "textbox" && attr(element, "aria-multiline").toLowerCase() !== "false");
    if (multiline) result.push("multiline");
    const rows = number(element.getAttribute("rows"));
    const maxlength = number(element.getAttribute("maxlength"));
    if ((rows !== null && rows >= 3) || (maxlength !== null && maxlength >= 200))
      result.push("long");
    if (maxlength !== null && maxlength > 0 && maxlength <= 12) result.push("short");
    if (near.some(isoName)) result.push("iso-sibling");
    if (
      kind === "combobox" ||
      role(element) === "combobox" ||
      ["list", "both"].includes(attr(element, "aria-autocomplete").toLowerCase()) ||
      attr(element, "aria-haspopup").toLowerCase() === "listbox" ||
      element.getAttribute("list") ||
      [...ancestors(element)].some((a) => role(a) === "combobox")
    )
      result.push("listbox");
    if (group.kind === "chrome") result.push("chrome");
    if (besideAt(element)) result.push("split-email");
    if (
      attr(element, "type").toLowerCase() === "search" ||
      group.kind === "search" ||
      [...ancestors(element)].some((a) => role(a) === "search")
    )
      result.push("search");
    return result;
  }

  const AUTOCOMPLETE_SKIP = new Set([
    "webauthn",
    "home",
    "work",
    "mobile",
    "fax",
    "pager",
    "shipping",
    "billing",
  ]);

  function autocomplete(element) {
    const words = attr(element, "autocomplete")
      .toLowerCase()
      .split(SPACE)
      .filter((w) => w && !AUTOCOMPLETE_SKIP.has(w) && !w.startsWith("section-"));
    return words.length ? words[words.length - 1] : "";
  }

  function options(element) {
    let list = [];
    if (element.localName === "select") list = [...element.querySelectorAll("option")];
    else if (element.getAttribute("list")) {
      const scope = element.getRootNode();
      const target = scope.getElementById
        ? scope.getElementById(element.getAttribute("list"))
        : null;
      if (!target) return [];
      list = [...target.querySelectorAll("option")];
    }
    // Without a value attribute an option's value is its text.
    return list.slice(0, MAX_OPTIONS).map((o) => {
      const text = allText(o);
      const value = o.hasAttribute("value") ? collapse(o.getAttribute("value")) : text;
      return [value, text || value];
    });
  }

  /** Meta's `support_form_hidden_fields`: a JSON object or list of field names. */
  function hiddenFields(value) {
    let parsed = null;
    try {
      parsed = value ? JSON.parse(value) : null;
    } catch (_) {
      return new Set();
    }
    if (Array.isArray(parsed)) return new Set(parsed.map(String));
    if (parsed && typeof parsed === "object")
      return new Set(Object.keys(parsed).filter((k) => parsed[k]));
    return new Set();
  }

  /** The value of a hidden input of this name inside the group, or "". */
  function groupInput(group, name) {
    for (const element of walk(group.element)) {
      if (element.localName === "input" && element.getAttribute("name") === name)
        return attr(element, "value");
    }
    return "";
  }

  /** The form's language: Meta's support_form_locale_id, else the nearest lang. */
  function groupLanguage(group) {
    const locale = groupInput(group, "support_form_locale_id");
    if (locale) return locale.replace(/_/g, "-");
    const start =
      group.element.nodeType === 1 ? group.element : group.element.host || null;
    for (
      let node = start;
      node;
      node = node.parentElement || node.getRootNode().host || null
    ) {
      const lang = (node.getAttribute("lang") || "").trim();
      if (lang) return lang;
    }
    return null;
  }

  /** The plain-data description of one control that the engine scores. */
  function describe(page, element, group) {
    const kind = page.kinds.get(element);
    return {
      element: kind,
      type:
        element.localName === "input" ? attr(element, "type").trim().toLowerCase() : "",
      autocomplete: autocomplete(element),
      inputmode: attr(element, "inputmode").trim().toLowerCase(),
      sources: page.labelSources(element, group),
      flags: flags(element, kind, group, page.hiddenNear(element)),
      options: options(element),
      state: state(
        element,
        hiddenFields(page.groupInput(group, "support_form_hidden_fields")),
      ),
    };
  }

  /** Every group's assigned fields: [{field, element, form, confidence, evidence, state, flags, group, language}]. */
  function fieldsOfGroups(view, rootNode, language = null) {
    const page = new Page(rootNode, view.submit);
    const found = [];
    page.groups.forEach((group, index) => {
      const descriptions = group.controls.map((c) => describe(page, c, group));
      const lang = language || groupLanguage(group);
      const assigned = assign(descriptions, view, lang).sort(
        (a, b) => a.index - b.index,
      );
      for (const a of assigned) {
        found.push({
          field: a.field,
          element: group.controls[a.index],
          form: index,
          confidence: a.confidence,
          evidence: a.evidence,
          state: descriptions[a.index].state,
          flags: descriptions[a.index].flags,
          group,
          language: lang,
        });
      }
    });
    return { page, found };
  }

  /** The logical fields of every form under rootNode. */
  function findFields(view, rootNode, language = null) {
    return fieldsOfGroups(view, rootNode, language).found;
  }

  const FORM_FIELDS = new Set(["email", "country", "reason"]);

  /**
   * The fields of the one form on a Meta page that is the form of `formId`: the group
   * whose hidden support_form_id says so (of several, the one showing most of e-mail,
   * country and reason), else the group (never a search box, header or footer) showing
   * the most of them, at least two.
   */
  function objectionFormFields(view, rootNode, formId, language = null) {
    const { page, found } = fieldsOfGroups(view, rootNode, language);
    const byGroup = new Map();
    for (const f of found) {
      if (f.group.kind === "search" || f.group.kind === "chrome") continue;
      if (!byGroup.has(f.form)) byGroup.set(f.form, []);
      byGroup.get(f.form).push(f);
    }
    const usable = (list) =>
      (list || []).filter((f) => FORM_FIELDS.has(f.field) && f.state === "ok").length;
    const marked = page.groups
      .map((g, i) => i)
      .filter((i) => groupInput(page.groups[i], "support_form_id") === formId);
    if (marked.length) {
      // React mounts a form twice and may leave the first copy hidden: the copy whose
      // fields a person can see is the form.
      const best = marked.reduce((a, b) =>
        usable(byGroup.get(b)) > usable(byGroup.get(a)) ? b : a,
      );
      return byGroup.get(best) || [];
    }
    const ranked = [...byGroup.entries()]
      .map(([index, list]) => [index, list, usable(list)])
      .sort((a, b) => b[2] - a[2] || a[0] - b[0]);
    if (!ranked.length || ranked[0][2] < 2) return [];
    return ranked[0][1];
  }

  const describeApi = {
    Page,
    describe,
    controlKind,
    findFields,
    objectionFormFields,
    groupLanguage,
    shadowOf,
    walk,
    isoName,
  };
  root.optout = Object.assign(root.optout || {}, { describe: describeApi });
})(globalThis);
