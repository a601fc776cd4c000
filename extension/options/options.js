/*
 * Settings: the hint server address, daily updates, and whether receipts keep the text. A server other than the
 * default needs host permission, asked for at runtime (optional_host_permissions).
 * Settings set by an organisation through managed storage win over the person's.
 */
(function () {
  "use strict";
  const { api, messages, settings, managedSettings, i18n } = globalThis.optout;
  const { t } = i18n;
  const $ = (id) => document.getElementById(id);
  const FIELDS = { serverUrl: "server-url", updates: "updates", keepSentText: "keep-sent-text" };

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

  /** A refresh result in words: "up to date", or "failed, previous data kept: <reason>". */
  function outcome(result) {
    const status = t(`status_${result.status}`);
    return result.reason ? `${status}: ${result.reason}` : status;
  }

  async function show() {
    const current = await settings(api);
    const managed = await managedSettings(api);
    $("server-url").value = current.serverUrl;
    $("updates").checked = current.updates;
    $("keep-sent-text").checked = current.keepSentText;
    // What an organisation set is shown as locked, with the reason next to it.
    for (const [key, id] of Object.entries(FIELDS)) {
      $(id).disabled = key in managed;
      $(`${id}-managed`).hidden = !(key in managed);
    }
    $("save").disabled = Object.keys(FIELDS).every((key) => key in managed);
    const last = (await api.storage.local.get("lastRefresh")).lastRefresh;
    $("last-refresh").textContent = last
      ? t("optionsLastCheck", new Date(last.at).toLocaleString(), outcome(last))
      : t("optionsNotChecked");
  }

  $("settings").addEventListener("submit", async (event) => {
    event.preventDefault();
    const serverUrl = $("server-url").value.trim().replace(/\/+$/, "");
    const pattern = originPattern(serverUrl);
    if (!pattern) {
      $("status").textContent = t("optionsBadAddress");
      return;
    }
    // Asked in the click's user gesture, as browsers require.
    const granted = await api.permissions.request({ origins: [pattern] });
    if (!granted) {
      $("status").textContent = t("optionsNoPermission");
      return;
    }
    await api.storage.local.set({
      settings: { serverUrl, updates: $("updates").checked, keepSentText: $("keep-sent-text").checked },
    });
    $("status").textContent = t("optionsSaved");
    await show();
  });

  $("refresh").addEventListener("click", async () => {
    const result = await api.runtime.sendMessage({ type: messages.REFRESH_NOW });
    $("status").textContent = t("optionsCheckResult", outcome(result));
    await show();
  });

  i18n.localize();
  show();
})();
