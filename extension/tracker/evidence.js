/*
 * A printable record of one account's objection, for a regulator: who, what, when,
 * the text (or its SHA-256), Meta's answer, and the steps as the person recorded them.
 * Everything comes from storage.local and the bundle and is set as text.
 */
(function () {
  "use strict";
  const { api, i18n, currentBundle, validateBundle, tracker, ui } = globalThis.optout;
  const { t } = i18n;
  const { say, when } = ui;
  const $ = (id) => document.getElementById(id);

  function rows(pairs) {
    return pairs
      .filter(([, value]) => value)
      .flatMap(([key, value]) => {
        const dt = document.createElement("dt");
        dt.textContent = t(key);
        const dd = document.createElement("dd");
        dd.textContent = value;
        return [dt, dd];
      });
  }

  async function main() {
    const bundle = validateBundle(await currentBundle(api));
    i18n.localize();
    const id = new URLSearchParams(location.search).get("account");
    const account = (await tracker.loadAccounts(api, bundle)).find((a) => a.id === id);
    if (!account || !account.receipt) throw new Error(t("evidenceMissing"));
    const receipt = account.receipt;
    const { platforms, routes, countries, regulators } = bundle.view;
    const platform = platforms[receipt.platform];
    const route = routes[receipt.route];
    const form = route && route.urls.find((u) => u.role === "form");
    const jurisdiction = countries[receipt.country];
    const regulator = jurisdiction && regulators[jurisdiction.regulator];
    $("facts").replaceChildren(
      ...rows([
        [
          "evidenceAccount",
          `${account.label} (${platform ? platform.name : receipt.platform})`,
        ],
        [
          "evidenceCountry",
          jurisdiction
            ? `${say(jurisdiction.name)} (${jurisdiction.id})`
            : receipt.country,
        ],
        ["trackerSentAt", `${when(receipt.submitted_at)} (${receipt.submitted_at})`],
        ["trackerRoute", form ? `${receipt.route}: ${form.url}` : receipt.route],
        ["evidenceState", ui.stateName(account.state)],
        [
          "evidenceRegulator",
          regulator ? `${say(regulator.name)} (${regulator.short_name})` : "",
        ],
        ["trackerDataVersion", receipt.data_version],
        ["evidenceHash", receipt.text_sha256],
      ]),
    );
    $("history").replaceChildren(
      ...account.history.map((step) => {
        const li = document.createElement("li");
        li.textContent = `${when(step.at)}: ${ui.stateName(step.state)}`;
        return li;
      }),
    );
    $("text").textContent = receipt.text || t("evidenceNoText");
    $("reply").textContent = receipt.reply
      ? `${receipt.reply}\n\n(${receipt.replied_at || ""})`
      : t("evidenceNoReply");
    $("made").textContent = t(
      "evidenceMade",
      new Date().toISOString(),
      bundle.data_version,
    );
    $("print").addEventListener("click", () => window.print());
    document.documentElement.setAttribute("data-ready", "");
  }

  main().catch((error) => {
    document.body.textContent = error.message;
    document.documentElement.setAttribute("data-ready", "error");
  });
})();
