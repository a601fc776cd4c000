/* Background: owns the data and answers typed messages from content scripts. */
if (typeof importScripts === "function") {
  // Chrome runs this file alone as the service worker; Firefox loads the list in
  // manifest.background.scripts first.
  importScripts("lib/api.js", "lib/messages.js", "lib/bundle.js");
}

(function () {
  "use strict";
  const { api, messages, currentBundle } = globalThis.optout;

  function pageHints(bundle) {
    const formKinds = {};
    for (const route of bundle.routes) {
      for (const id of route.form_ids || []) formKinds[id] = route.kind;
    }
    const platformHosts = Object.fromEntries(bundle.platforms.map((p) => [p.id, p.hosts]));
    return { hints: bundle.hints, formKinds, platformHosts, dataVersion: bundle.data_version };
  }

  api.runtime.onInstalled.addListener(() => {
    currentBundle(api).catch((error) => console.error("optout: no usable data", error));
  });

  api.runtime.onMessage.addListener((message, _sender, sendResponse) => {
    if (!message || message.type !== messages.GET_PAGE_HINTS) return false;
    currentBundle(api).then((bundle) => sendResponse(pageHints(bundle)),
      (error) => sendResponse({ error: String(error) }));
    return true; // answer asynchronously
  });
})();
