/*
 * Settings: the hint server address and daily updates. A server other than the
 * default needs host permission, asked for at runtime (optional_host_permissions).
 * Settings set by an organisation through managed storage win over the person's.
 */
(function () {
  "use strict";
  const { api, messages, settings } = globalThis.optout;
  const $ = (id) => document.getElementById(id);

  /** The origin pattern a server address needs host permission for, or null if invalid. */
  function originPattern(address) {
    try {
      const url = new URL(address);
      if (url.protocol !== "https:" && url.protocol !== "http:") return null;
      if (url.username || url.password) return null;
      return `${url.protocol}//${url.hostname}/*`;
    } catch (_) {
      return null;
    }
  }

  async function show() {
    const current = await settings(api);
    $("server-url").value = current.serverUrl;
    $("updates").checked = current.updates;
    const last = (await api.storage.local.get("lastRefresh")).lastRefresh;
    $("last-refresh").textContent = last
      ? `Last check: ${new Date(last.at).toISOString()} — ${last.status}${last.reason ? ` (${last.reason})` : ""}`
      : "Not checked yet.";
  }

  $("settings").addEventListener("submit", async (event) => {
    event.preventDefault();
    const serverUrl = $("server-url").value.trim().replace(/\/+$/, "");
    const pattern = originPattern(serverUrl);
    if (!pattern) {
      $("status").textContent = "Enter an http:// or https:// address without a user name.";
      return;
    }
    // Asked in the click's user gesture, as browsers require.
    const granted = await api.permissions.request({ origins: [pattern] });
    if (!granted) {
      $("status").textContent = "Not saved: optout needs permission to contact that server.";
      return;
    }
    await api.storage.local.set({ settings: { serverUrl, updates: $("updates").checked } });
    $("status").textContent = "Saved.";
    await show();
  });

  $("refresh").addEventListener("click", async () => {
    const result = await api.runtime.sendMessage({ type: messages.REFRESH_NOW });
    $("status").textContent = `Check: ${result.status}${result.reason ? ` (${result.reason})` : ""}`;
    await show();
  });

  show();
})();
