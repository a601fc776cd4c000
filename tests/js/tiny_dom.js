// The few DOM calls lib/describe.js makes, for trees a node test builds itself (node
// has no DOM; the real browsers run describe.js in tests/e2e/). Enough for pages of
// plain elements and text: no parser, no shadow roots, no selectors beyond the
// three describe.js uses.
"use strict";

class Node {
  constructor(nodeType) {
    this.nodeType = nodeType;
    this.parentNode = null;
    this.previousSibling = null;
    this.nextSibling = null;
    this.childNodes = [];
  }

  get children() {
    return this.childNodes.filter((c) => c.nodeType === 1);
  }

  get parentElement() {
    return this.parentNode && this.parentNode.nodeType === 1 ? this.parentNode : null;
  }

  append(...nodes) {
    for (const child of nodes) {
      const node = typeof child === "string" ? new Text(child) : child;
      const last = this.childNodes[this.childNodes.length - 1] || null;
      node.parentNode = this;
      node.previousSibling = last;
      if (last) last.nextSibling = node;
      this.childNodes.push(node);
    }
    return this;
  }

  getRootNode() {
    let node = this;
    while (node.parentNode) node = node.parentNode;
    return node;
  }

  contains(other) {
    for (let node = other; node; node = node.parentNode) if (node === this) return true;
    return false;
  }

  *descendants() {
    for (const child of this.children) {
      yield child;
      yield* child.descendants();
    }
  }

  querySelectorAll(selector) {
    const all = [...this.descendants()];
    if (selector === "*") return all;
    if (selector === "label[for]")
      return all.filter((e) => e.localName === "label" && e.hasAttribute("for"));
    return all.filter((e) => e.localName === selector);
  }

  querySelector(selector) {
    return this.querySelectorAll(selector)[0] || null;
  }
}

class Text extends Node {
  constructor(data) {
    super(3);
    this.data = data;
  }
}

class Element extends Node {
  constructor(localName, attributes = {}) {
    super(1);
    this.localName = localName;
    this.attributes = new Map(Object.entries(attributes));
    this.shadowRoot = null;
  }

  get id() {
    return this.getAttribute("id") || "";
  }

  getAttribute(name) {
    return this.attributes.has(name) ? this.attributes.get(name) : null;
  }

  hasAttribute(name) {
    return this.attributes.has(name);
  }
}

class Document extends Node {
  constructor() {
    super(9);
    this.documentElement = new Element("html");
    this.body = new Element("body");
    this.append(this.documentElement.append(this.body));
  }

  getElementById(id) {
    return [...this.descendants()].find((e) => e.id === id) || null;
  }
}

/** An element with attributes and children (strings become text nodes). */
function h(localName, attributes = {}, ...children) {
  return new Element(localName, attributes).append(...children);
}

/** A document whose body holds these nodes. */
function documentOf(...nodes) {
  const doc = new Document();
  doc.body.append(...nodes);
  return doc;
}

module.exports = { h, documentOf };
