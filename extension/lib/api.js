/* One alias for the WebExtension API: Firefox has `browser`, Chrome `chrome`; both
 * return promises in MV3, so no polyfill is needed. */
globalThis.optout = globalThis.optout || {};
globalThis.optout.api = globalThis.browser || globalThis.chrome;
