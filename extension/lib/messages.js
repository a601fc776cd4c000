/* Every message between the extension's parts is an object with a `type` from here. */
globalThis.optout = globalThis.optout || {};
globalThis.optout.messages = Object.freeze({
  /** content → background: `{type}` → `{hints, formKinds, platformHosts}` */
  GET_PAGE_HINTS: "getPageHints",
});
