/*
 * "Your objections": one card per account with Meta's real states, its receipt, the
 * pasted answer triaged by optout_lib's reply phrases, the complaint to the person's
 * regulator, calendar reminders and a printable evidence page; export and import of it
 * all as JSON. Everything is computed here from the bundle and kept in storage.local
 * (the background writes it: lib/store.js); data texts are set as text, never HTML,
 * and only openable() URLs are opened.
 */
(function () {
  "use strict";
  const {
    api,
    i18n,
    currentBundle,
    validateBundle,
    operations,
    tracker,
    download,
    settings,
    ui,
    store,
    messages,
  } = globalThis.optout;
  const lookup = globalThis.optout.view;
  const { say, stateName, option, items } = ui;
  const { t } = i18n;
  const $ = (id) => document.getElementById(id);
  let bundle;
  let accounts;
  let profile;

  /** The shipped language closest to the UI, for letters and triage texts. */
  const uiLanguage = () => ui.language(bundle.view);
  const openable = (url) => lookup.openable(bundle.view, url);
  const now = () => new Date().toISOString();

  /** Ask the background to change the checklist, then draw the accounts it answers with. */
  async function save(type, args) {
    const value = await store.request(api, type, args);
    accounts = Array.isArray(value) ? value : value.accounts;
    render();
    return value;
  }

  /** Change one account; the others stay as the background has them. */
  async function update(id, change) {
    await save(messages.STORE_UPDATE_ACCOUNT, {
      account: await change(accounts.find((a) => a.id === id)),
    });
  }

  function renderCoverage() {
    const country = bundle.view.countries[profile.country];
    const effect = country ? country.objection_effect : { does: [], does_not: [] };
    items($("covers"), effect.does.map(say));
    items($("not-covered"), effect.does_not.map(say));
    $("coverage").hidden = !effect.does.length;
  }

  function receiptRows(receipt) {
    const rows = [
      ["trackerSentAt", new Date(receipt.submitted_at).toLocaleString()],
      ["trackerRoute", receipt.route],
      ["trackerDataVersion", receipt.data_version || "-"],
      [
        "trackerSentText",
        receipt.text ||
          (receipt.text_sha256 ? t("trackerOnlyHash", receipt.text_sha256) : "-"),
      ],
    ];
    if (receipt.reply)
      rows.push([
        "trackerAnswer",
        `${receipt.reply}\n(${t(`outcome_${receipt.outcome.replace(/-/g, "_")}`)})`,
      ]);
    return rows.flatMap(([key, value]) => {
      const dt = document.createElement("dt");
      dt.textContent = t(key);
      const dd = document.createElement("dd");
      dd.textContent = value;
      return [dt, dd];
    });
  }

  function card(account) {
    const node = $("account-template").content.firstElementChild.cloneNode(true);
    i18n.localize(node);
    node.dataset.account = account.id;
    node.dataset.state = account.state;
    const platform = bundle.view.platforms[account.platform];
    node.querySelector(".label").textContent = account.label;
    const platformName = platform ? platform.name : account.platform;
    node.querySelector(".platform").textContent =
      platformName === account.label ? "" : `(${platformName})`;
    node.querySelector(".state").textContent = stateName(account.state);
    const overdue = tracker.daysOverdue(bundle, account, Date.now());
    node.querySelector(".overdue").hidden = !overdue;
    node.querySelector(".overdue").textContent = overdue
      ? t("trackerOverdue", overdue)
      : "";
    // What Meta's page claimed (a success message) waits for the person to confirm.
    const saw = node.querySelector(".page-saw");
    saw.hidden = !account.pageSaw;
    if (account.pageSaw)
      saw.querySelector(".page-saw-text").textContent = t(
        "trackerPageSaw",
        stateName(account.pageSaw.state),
      );
    const select = node.querySelector(".set-state");
    select.replaceChildren(...tracker.STATES.map((s) => option(s, stateName(s))));
    select.value = account.state;
    const receipt = node.querySelector(".receipt");
    if (account.receipt) receipt.replaceChildren(...receiptRows(account.receipt));
    else receipt.hidden = true;
    for (const button of node.querySelectorAll(".ics, .evidence"))
      button.disabled = !account.receipt;
    return node;
  }

  function render() {
    $("accounts").replaceChildren(...accounts.map(card));
    renderCoverage();
  }

  /** The state the person picked: sending the form makes a receipt the first time. */
  async function setState(id, state) {
    const { keepSentText } = await settings(api);
    // Whatever the person picks answers the page's claim too.
    await update(id, (account) =>
      state === "not-started"
        ? tracker.withState(tracker.dropPageClaim(account), state, now())
        : tracker.markSent(bundle, tracker.dropPageClaim(account), state, {
            country: profile.country,
            keepText: keepSentText,
            at: now(),
          }),
    );
  }

  function triage(article, account) {
    const text = article.querySelector(".reply").value;
    const result = operations.triageReply(bundle.view, text, {
      language: uiLanguage(),
    });
    article.querySelector(".triage-summary").textContent = result.summary;
    items(article.querySelector(".triage-steps"), result.nextSteps);
    if (
      !account.receipt ||
      result.outcome === "unknown" ||
      result.outcome === "unrelated"
    )
      return null;
    return tracker.withReply(bundle, account, text, result, now());
  }

  function complaint(article, account) {
    const letter = operations.composeComplaint(bundle.view, {
      country: account.receipt ? account.receipt.country : profile.country,
      platform: account.receipt ? null : account.platform,
      receipt: account.receipt || null,
      name: profile.name || null,
    });
    const box = article.querySelector(".complaint-box");
    const regulator = bundle.view.regulators[letter.regulator];
    box.querySelector(".regulator").textContent = t(
      "trackerComplaintTo",
      say(regulator.name),
      regulator.short_name,
    );
    // Which authority to use where Meta's lead authority is another (EU/EEA), and what
    // this one asks for: what to attach and its deadlines, as the data says.
    const country = account.receipt ? account.receipt.country : profile.country;
    const where = lookup.findCountry(bundle.view, country);
    box.querySelector(".regulator-choice").textContent = say(where.regulator_choice);
    items(
      box.querySelector(".regulator-notes"),
      [...regulator.what_to_attach, ...regulator.deadlines].map(say),
    );
    box.querySelector(".complaint-text").value = `${letter.subject}\n\n${letter.text}`;
    const open = box.querySelector(".open-regulator");
    open.dataset.url = letter.url || "";
    open.disabled = !letter.url || !openable(letter.url);
    box.hidden = false;
  }

  async function onAccountClick(event) {
    const button = event.target.closest("button");
    const article = event.target.closest("article[data-account]");
    if (!button || !article) return;
    const account = accounts.find((a) => a.id === article.dataset.account);
    const status = article.querySelector(".action-status");
    try {
      if (button.matches(".triage")) {
        const next = triage(article, account);
        if (next) {
          const result = article.querySelector(".triage-result").cloneNode(true);
          await update(account.id, () => next);
          // The card was redrawn: show the answer's meaning again where it was.
          const fresh = document.querySelector(
            `article[data-account="${CSS.escape(account.id)}"]`,
          );
          fresh.querySelector(".triage-result").replaceWith(result);
          fresh.querySelector(".answer").open = true;
        }
      } else if (button.matches(".confirm-page")) {
        await update(account.id, (a) => tracker.confirmPageClaim(a, now()));
      } else if (button.matches(".dismiss-page")) {
        await update(account.id, (a) => tracker.dropPageClaim(a));
      } else if (button.matches(".complaint")) {
        complaint(article, account);
      } else if (button.matches(".copy-complaint")) {
        await navigator.clipboard.writeText(
          article.querySelector(".complaint-text").value,
        );
        status.textContent = t("popupCopied");
      } else if (button.matches(".download-complaint")) {
        download(
          `complaint-${account.id}.txt`,
          article.querySelector(".complaint-text").value,
        );
      } else if (button.matches(".open-regulator")) {
        if (openable(button.dataset.url)) api.tabs.create({ url: button.dataset.url });
      } else if (button.matches(".ics")) {
        const reminders = operations.reminders(bundle.view, account.receipt, {
          language: uiLanguage(),
        });
        download(
          `optout-${account.id}.ics`,
          await operations.remindersIcs(account.receipt, reminders),
          "text/calendar",
        );
      } else if (button.matches(".evidence")) {
        api.tabs.create({
          url: api.runtime.getURL(
            `tracker/evidence.html?account=${encodeURIComponent(account.id)}`,
          ),
        });
      } else if (button.matches(".remove")) {
        await save(messages.STORE_REMOVE_ACCOUNT, { id: account.id });
      }
    } catch (error) {
      status.textContent = error.message;
    }
  }

  async function addAccount(event) {
    event.preventDefault();
    const label = $("add-label").value.trim();
    if (!label) return;
    await save(messages.STORE_ADD_ACCOUNT, {
      platform: $("add-platform").value,
      label,
    });
    $("add-label").value = "";
  }

  async function importFile() {
    const file = $("import").files[0];
    if (!file) return;
    try {
      // The background checks the file field by field before it keeps anything.
      const { imported } = await save(messages.STORE_IMPORT_ACCOUNTS, {
        data: JSON.parse(await file.text()),
      });
      $("backup-status").textContent = t("trackerImported", imported);
    } catch (error) {
      // Nothing is stored from a file that fails any check.
      $("backup-status").textContent = t("trackerImportFailed", error.message);
    }
    $("import").value = "";
  }

  let thirdParty = null;

  function composeThirdParty() {
    thirdParty = operations.composeThirdPartyRequest(bundle.view, {
      country: profile.country,
      language: profile.language || uiLanguage(),
      hasAccount: !$("tp-no-account").checked,
      name: profile.name || null,
    });
    $("tp-text").value = `${thirdParty.subject}\n\n${thirdParty.text}`;
    $("tp-open").disabled = !thirdParty.url || !openable(thirdParty.url);
    $("tp-letter").hidden = false;
  }

  async function main() {
    bundle = validateBundle(await currentBundle(api));
    i18n.localize();
    profile = { country: "DE", ...(await store.get(api, "profile")) };
    accounts = await tracker.loadAccounts(api, bundle);
    const byName = lookup.countriesByName(bundle.view, uiLanguage());
    $("country").replaceChildren(
      ...byName.map((j) => option(j.id, `${say(j.name)} (${j.id})`)),
    );
    $("country").value = profile.country;
    $("add-platform").replaceChildren(
      ...Object.values(bundle.view.platforms).map((p) => option(p.id, p.name)),
    );
    $("data-version").textContent = t(
      "popupDataVersion",
      bundle.data_version,
      bundle.data_date,
    );
    render();

    $("country").addEventListener("change", async () => {
      // Only the country: the popup may have changed other parts of the profile meanwhile.
      profile = await store.request(api, messages.STORE_UPDATE_PROFILE, {
        changes: { country: $("country").value },
      });
      render();
    });
    $("accounts").addEventListener("click", onAccountClick);
    $("accounts").addEventListener("change", (event) => {
      if (!event.target.matches(".set-state")) return;
      setState(
        event.target.closest("article").dataset.account,
        event.target.value,
      ).catch((error) => {
        event.target.closest("article").querySelector(".action-status").textContent =
          error.message;
      });
    });
    $("add").addEventListener("submit", addAccount);
    $("export").addEventListener("click", () =>
      download(
        "optout-receipts.json",
        `${JSON.stringify(tracker.exportData(accounts, now()), null, 2)}\n`,
        "application/json",
      ),
    );
    $("import").addEventListener("change", importFile);
    $("tp-compose").addEventListener("click", () => {
      try {
        composeThirdParty();
      } catch (error) {
        $("tp-status").textContent = error.message;
      }
    });
    $("tp-copy").addEventListener("click", async () => {
      await navigator.clipboard.writeText($("tp-text").value);
      $("tp-status").textContent = t("popupCopied");
    });
    $("tp-open").addEventListener("click", () => {
      if (thirdParty && openable(thirdParty.url))
        api.tabs.create({ url: thirdParty.url });
    });
    // A form page moved an account along (content/progress.js → background): redraw.
    store.watch(api, "accounts", (stored) => {
      if (!stored) return;
      // Our own saves come back here too; redrawing for them would drop what is shown.
      if (JSON.stringify(stored) !== JSON.stringify(accounts)) {
        accounts = stored;
        render();
      }
    });
    document.documentElement.setAttribute("data-ready", "");
  }

  main().catch((error) => {
    document.body.textContent = t("popupLoadError", error.message);
  });
})();
