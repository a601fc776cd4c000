/*
 * The one rule for which web pages optout may open: https only, on a host the data
 * names (Meta's own hosts, and each regulator's website and complaint page).
 */
(function (root) {
  "use strict";

  /** The hosts optout may open pages on, from the validated bundle. */
  function openableHosts(bundle) {
    const hosts = new Set(bundle.hints.flatMap((h) => h.hosts));
    for (const regulator of bundle.regulators) {
      for (const url of [regulator.website, regulator.complaint_url]) {
        if (url) hosts.add(new URL(url).hostname.toLowerCase());
      }
    }
    return hosts;
  }

  /** True only for https URLs on a host from openableHosts (or a sub-domain of one). */
  function openable(bundle, url) {
    let parsed;
    try {
      parsed = new URL(url);
    } catch (_) {
      return false;
    }
    if (parsed.protocol !== "https:" || parsed.username || parsed.password) return false;
    const host = parsed.hostname.toLowerCase();
    return [...openableHosts(bundle)].some((d) => host === d || host.endsWith(`.${d}`));
  }

  root.optout = Object.assign(root.optout || {}, { openable });
})(globalThis);
