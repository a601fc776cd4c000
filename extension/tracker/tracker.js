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
    freshness,
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
  /** What the person typed per account ({reply, complaint}): a redraw keeps it. */
  const drafts = new Map();
  /** Accounts whose Remove waits for the person's answer inside the card. */
  const removing = new Set();
  /** The button text of the next steps that have no button of their own in a card
   *  (tracker.nextAction's `action`; complaint and evidence use the card's). */
  const ACTION_LABEL = {
    "open-form": "trackerOpenForm",
    "paste-answer": "trackerPasteAnswer",
  };

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

  /** What one objection covers, shown only while some account has an objection
   *  route where the person lives (else there is no objection to explain). */
  function renderCoverage() {
    const country = bundle.view.countries[profile.country];
    const effect = country
      ? lookup.groupOf(bundle.view, country).objection_effect
      : { does: [], does_not: [] };
    const objecting = accounts.some((a) =>
      tracker.routeId(bundle, a.platform, profile.country),
    );
    items($("covers"), effect.does.map(say));
    items($("not-covered"), effect.does_not.map(say));
    $("coverage").hidden = !objecting || !effect.does.length;
  }

  /** A route by its title in the UI language (the id where the data has no such route). */
  function routeTitle(id) {
    const route = bundle.view.routes[id];
    return route ? say(route.title) : id;
  }

  function receiptRows(receipt) {
    const rows = [
      ["trackerSentAt", ui.when(receipt.submitted_at)],
      ["trackerRoute", routeTitle(receipt.route)],
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

  /** The state's one next step: a line, the route's advice, one primary button. */
  function renderNext(node, account) {
    const next = tracker.nextAction(bundle, account, profile.country, Date.now());
    const line = node.querySelector(".next-text");
    line.hidden = !next.key;
    // The only arguments of a next step are days (Meta's time to answer ends).
    line.textContent = next.key ? t(next.key, ...next.args.map(ui.day)) : "";
    const advice = node.querySelector(".next-advice");
    advice.hidden = !next.advice;
    advice.textContent = say(next.advice);
    const button = node.querySelector(".next-action");
    const url =
      next.action === "open-form" &&
      tracker.formUrl(
        bundle,
        bundle.view.routes[tracker.routeId(bundle, account.platform, profile.country)],
      );
    // No openable form (no country chosen yet): the line stays, the button goes.
    button.hidden = !next.action || (next.action === "open-form" && !url);
    // Where the card already has that button (complaint, evidence), it moves up as
    // the primary one instead of appearing twice.
    const own = next.action && node.querySelector(`.row > .${next.action}`);
    if (own) {
      own.classList.add("primary");
      button.replaceWith(own);
      return;
    }
    button.dataset.action = next.action || "";
    button.dataset.url = url || "";
    if (next.action) button.textContent = t(ACTION_LABEL[next.action]);
  }

  /** Put back what the person had typed, the open boxes and a pending Remove. */
  function restoreDrafts(node, account) {
    const draft = drafts.get(account.id) || {};
    if (draft.reply) {
      node.querySelector(".reply").value = draft.reply;
      node.querySelector(".answer").open = true;
    }
    if (
      draft.complaint !== undefined &&
      tracker.mayComplain(bundle, account, Date.now())
    )
      complaint(node, account, draft.complaint);
    const confirm = node.querySelector(".remove-confirm");
    confirm.hidden = !removing.has(account.id);
    node.querySelector(".remove-question").textContent = account.receipt
      ? `${t("trackerRemoveAsk")} ${t("trackerRemoveReceipt")}`
      : t("trackerRemoveAsk");
    node.querySelector(".export-first").hidden = !account.receipt;
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
    // A complaint needs a "no" from Meta or its time to answer gone by.
    node.querySelector(".complaint").hidden = !tracker.mayComplain(
      bundle,
      account,
      Date.now(),
    );
    renderNext(node, account);
    restoreDrafts(node, account);
    return node;
  }

  /** A link when the extension may open the URL, else the words alone. */
  function linkOrText(text, url) {
    if (!url || !openable(url)) return document.createTextNode(text);
    const a = document.createElement("a");
    a.href = url;
    a.target = "_blank";
    a.rel = "noopener noreferrer";
    a.textContent = text;
    return a;
  }

  /** Where Meta offers no objection: each route's words, links and alternatives. */
  function renderNoRoute() {
    const where = bundle.view.countries[profile.country];
    const ids = [...new Set(Object.values(where ? where.routes : {}))];
    const routes = ids.map((id) => bundle.view.routes[id]).filter(Boolean);
    $("no-route-routes").replaceChildren(
      ...routes.map((route) => {
        const part = document.createElement("section");
        const title = document.createElement("h2");
        title.textContent = say(route.title);
        const summary = document.createElement("p");
        summary.textContent = say(route.summary);
        const list = document.createElement("ul");
        for (const alternative of route.alternatives || []) {
          const item = document.createElement("li");
          item.append(linkOrText(say(alternative.text), alternative.url));
          const limits = document.createElement("p");
          limits.className = "meta";
          limits.textContent = say(alternative.limits);
          item.append(limits);
          list.append(item);
        }
        const links = document.createElement("ul");
        for (const link of route.urls || []) {
          const item = document.createElement("li");
          item.append(linkOrText(say(link.label), link.url));
          links.append(item);
        }
        const myth = document.createElement("p");
        myth.textContent = say(route.myth_buster);
        part.append(title, summary, list, links, myth);
        return part;
      }),
    );
  }

  function render() {
    // No objection where the person lives: no objection states, no complaint.
    const objection = tracker.hasObjection(bundle, profile.country);
    $("no-route").hidden = objection;
    $("accounts").hidden = !objection;
    $("add-section").hidden = !objection;
    if (objection) $("accounts").replaceChildren(...accounts.map(card));
    else renderNoRoute();
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

  /** Open the complaint box; `text` is what the person had made of the letter. */
  function complaint(article, account, text = null) {
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
    box.querySelector(".regulator-choice").textContent = say(
      lookup.groupOf(bundle.view, where).regulator_choice,
    );
    items(
      box.querySelector(".regulator-notes"),
      [...regulator.what_to_attach, ...regulator.deadlines].map(say),
    );
    const written = `${letter.subject}\n\n${letter.text}`;
    box.querySelector(".complaint-text").value = text === null ? written : text;
    const draft = drafts.get(account.id) || {};
    drafts.set(account.id, { ...draft, complaint: text === null ? written : text });
    const open = box.querySelector(".open-regulator");
    open.dataset.url = letter.url || "";
    open.disabled = !letter.url || !openable(letter.url);
    box.hidden = false;
  }

  /** Move the focus to a control in an account's card after a redraw. */
  function focusIn(id, selector) {
    const fresh = document.querySelector(`article[data-account="${CSS.escape(id)}"]`);
    if (fresh) fresh.querySelector(selector).focus();
  }

  /** The card's primary button: what its state asks for next. */
  function nextStep(button, article) {
    const action = button.dataset.action;
    if (action === "open-form" && openable(button.dataset.url))
      api.tabs.create({ url: button.dataset.url });
    else if (action === "paste-answer") {
      article.querySelector(".answer").open = true;
      article.querySelector(".reply").focus();
    }
  }

  function exportReceipts() {
    download(
      "optout-receipts.json",
      `${JSON.stringify(tracker.exportData(accounts, now()), null, 2)}\n`,
      "application/json",
    );
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
          // The answer is on the receipt now: the draft of it has done its job.
          drafts.set(account.id, { ...drafts.get(account.id), reply: "" });
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
      } else if (button.matches(".next-action")) {
        nextStep(button, article);
      } else if (button.matches(".remove")) {
        removing.add(account.id);
        render();
        focusIn(account.id, ".remove-no");
      } else if (button.matches(".remove-no")) {
        removing.delete(account.id);
        render();
        focusIn(account.id, ".remove");
      } else if (button.matches(".export-first")) {
        exportReceipts();
      } else if (button.matches(".remove-yes")) {
        removing.delete(account.id);
        drafts.delete(account.id);
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
      // Nothing is stored from a file that fails any check; say what is wrong with it.
      $("backup-status").textContent = t(
        "trackerImportFailed",
        t(tracker.importProblem(error)),
      );
    }
    $("import").value = "";
  }

  let thirdParty = null;

  function composeThirdParty() {
    $("tp-status").textContent = "";
    // No law to cite where the person lives: no letter, but Meta's form still opens.
    if (!tracker.hasObjection(bundle, profile.country)) {
      thirdParty = { url: bundle.view.third_party_form };
      $("tp-letter").hidden = true;
      $("tp-status").textContent = t("trackerThirdPartyNoLaw");
      $("tp-open").hidden = !openable(thirdParty.url);
      return;
    }
    thirdParty = operations.composeThirdPartyRequest(bundle.view, {
      country: profile.country,
      language: profile.language || uiLanguage(),
      hasAccount: !$("tp-no-account").checked,
      name: profile.name || null,
    });
    $("tp-text").value = `${thirdParty.subject}\n\n${thirdParty.text}`;
    $("tp-open").hidden = !thirdParty.url || !openable(thirdParty.url);
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
    $("texts-drafted").textContent = ui.draftedNote(bundle.view);
    $("texts-drafted").hidden = !$("texts-drafted").textContent;
    // Which data this is, in words (as the settings page says it), not its hash.
    $("data-version").textContent = ui.dataState(await freshness(api));
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
    $("export").addEventListener("click", exportReceipts);
    $("accounts").addEventListener("input", (event) => {
      const field = event.target.closest(".reply, .complaint-text");
      if (!field) return;
      const id = field.closest("article").dataset.account;
      const key = field.matches(".reply") ? "reply" : "complaint";
      drafts.set(id, { ...drafts.get(id), [key]: field.value });
    });
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
