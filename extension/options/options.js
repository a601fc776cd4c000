/*
 * Settings: which data is in use, daily updates, whether receipts keep the text, and in
 * "Advanced" the hint server address (none by default: the built-in data) and the public
 * keys trusted to sign a self-hosted server's data (shown by fingerprint). A server
 * needs host permission, asked for when it is saved (optional_host_permissions).
 * Settings set by an organisation through managed storage win over the person's.
 */
(function () {
  "use strict";
  const {
    api,
    messages,
    settings,
    managedSettings,
    i18n,
    signature,
    store,
    freshness,
    ui,
  } = globalThis.optout;
  const { t } = i18n;
  const $ = (id) => document.getElementById(id);
  const FIELDS = {
    serverUrl: "server-url",
    updates: "updates",
    keepSentText: "keep-sent-text",
  };

  /** The origin pattern a server address needs host permission for, or null if invalid. */
  function originPattern(address) {
    if (!globalThis.optout.serverAllowed(address)) return null;
    const url = new URL(address);
    return `${url.protocol}//${url.hostname}/*`;
  }

  /** A refresh result in words: "up to date", or "failed, previous data kept: <why>",
   *  the why in words too (the browser's own error text is not for people). */
  function outcome(result) {
    const status = t(`status_${result.status}`);
    if (!result.reason) return status;
    // Chromium says "Failed to fetch", Firefox "NetworkError when attempting to fetch".
    const unreachable = /fetch/i.test(result.reason);
    return `${status}: ${t(unreachable ? "optionsProblemUnreachable" : "optionsProblemRejected")}`;
  }

  /** The line about the data in use: fresh from the server, built in, or old. */
  async function showDataState() {
    const fresh = await freshness(api);
    $("data-state").textContent = ui.dataState(fresh);
    $("data-state").classList.toggle("old", fresh.old);
  }

  async function show() {
    const current = await settings(api);
    const managed = await managedSettings(api);
    $("server-url").value = current.serverUrl;
    // A server in use is shown, not hidden under "Advanced".
    if (current.serverUrl) $("advanced").open = true;
    $("updates").checked = current.updates;
    $("keep-sent-text").checked = current.keepSentText;
    // What an organisation set is shown as locked, with the reason next to it.
    for (const [key, id] of Object.entries(FIELDS)) {
      $(id).disabled = key in managed;
      $(`${id}-managed`).hidden = !(key in managed);
    }
    $("save").disabled = Object.keys(FIELDS).every((key) => key in managed);
    // With no update source there is nothing to check daily or now: say where newer
    // data comes from instead of offering controls that can only fail.
    const noSource = !current.serverUrl;
    $("updates-choice").hidden = noSource;
    $("refresh").hidden = noSource;
    $("last-refresh").hidden = noSource;
    $("built-in-updates").hidden = !noSource;
    await showKeys(current.trustedKeys, "trustedKeys" in managed);
    await showDataState();
    const last = await store.get(api, "lastRefresh");
    $("last-refresh").textContent = last
      ? t("optionsLastCheck", ui.when(last.at), outcome(last))
      : t("optionsNotChecked");
  }

  /** One trusted key as a list item: its fingerprint (never the raw key), and Remove. */
  async function keyItem(key, builtIn, locked) {
    const li = document.createElement("li");
    const code = document.createElement("code");
    try {
      code.textContent = signature.showFingerprint(
        await signature.fingerprint(signature.parseKey(key)),
      );
    } catch (_) {
      code.textContent = t("optionsKeyBad");
    }
    li.append(code, " ");
    if (builtIn) {
      li.append(t("optionsKeyBuiltIn"));
    } else if (!locked) {
      const remove = document.createElement("button");
      remove.type = "button";
      remove.textContent = t("optionsKeyRemove");
      remove.addEventListener("click", () =>
        saveKeys(messages.STORE_REMOVE_TRUSTED_KEY, key),
      );
      li.append(remove);
    }
    return li;
  }

  async function showKeys(added, locked) {
    const shipped = await (await fetch(api.runtime.getURL("data/keys.json"))).json();
    $("key-list").replaceChildren(
      ...(await Promise.all(
        shipped.maintainers.map((k) => keyItem(k.key, true, locked)),
      )),
      ...(await Promise.all(added.map((k) => keyItem(k, false, locked)))),
    );
    $("new-key").disabled = locked;
    $("add-key-button").disabled = locked;
    $("trusted-keys-managed").hidden = !locked;
  }

  /** Add or remove one of the person's own trusted keys (the other settings stay as stored). */
  async function saveKeys(type, key) {
    await store.request(api, type, { key });
    await show();
  }

  $("add-key").addEventListener("submit", async (event) => {
    event.preventDefault();
    let bytes;
    try {
      bytes = signature.parseKey($("new-key").value);
    } catch (_) {
      $("key-status").textContent = t("optionsKeyBad");
      return;
    }
    const key = $("new-key").value.trim();
    await saveKeys(messages.STORE_ADD_TRUSTED_KEY, key);
    $("new-key").value = "";
    $("key-status").textContent = t(
      "optionsKeyAdded",
      signature.showFingerprint(await signature.fingerprint(bytes)),
    );
  });

  $("settings").addEventListener("submit", async (event) => {
    event.preventDefault();
    const serverUrl = $("server-url").value.trim().replace(/\/+$/, "");
    const pattern = serverUrl ? originPattern(serverUrl) : "";
    if (pattern === null) {
      $("advanced").open = true;
      $("status").textContent = t("optionsBadAddress");
      return;
    }
    // Asked in the click's user gesture, as browsers require; no server, no permission.
    const granted = !pattern || (await api.permissions.request({ origins: [pattern] }));
    if (!granted) {
      $("status").textContent = t("optionsNoPermission");
      return;
    }
    await store.request(api, messages.STORE_UPDATE_SETTINGS, {
      changes: {
        serverUrl,
        updates: $("updates").checked,
        keepSentText: $("keep-sent-text").checked,
      },
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
