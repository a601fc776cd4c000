/*
 * The popup: on first run one question (where the person lives, guessed from the
 * browser's language tags, saved only when confirmed); then each account's state and
 * next step, what the current tab offers, the route and its form, and, folded away,
 * the choices and the composer (arguments, own words, preview, copy). Profile changes are saved to
 * storage.local ("profile"; the background writes it, lib/store.js) and never leave
 * the browser. Everything from the data is rendered as text, never as HTML; only
 * allowlisted Meta URLs are opened.
 */
(function () {
  "use strict";
  const {
    api,
    currentBundle,
    freshness,
    operations,
    validateBundle,
    i18n,
    view: lookup,
    tracker,
    drawQr,
    ui,
    store,
    messages,
    settings,
  } = globalThis.optout;
  const { uiTag, say, stateName, option, items } = ui;
  const { t } = i18n;
  const $ = (id) => document.getElementById(id);
  let bundle;
  let data; // bundle.view: what optout_lib computed for the extension
  let profile; // documented in README: country, language, email, name, arguments, personal
  let view; // popup-only choices (which platform is shown), kept apart from the profile
  let saved; // what this popup last sent of each: {profile, view}

  /** An alternative's text, with a link when the data gives an openable address. */
  function alternative(a) {
    const li = document.createElement("li");
    li.textContent = say(a.text);
    if (a.url && lookup.openable(data, a.url)) {
      const link = document.createElement("a");
      link.href = a.url;
      link.target = "_blank";
      link.rel = "noopener";
      link.textContent = t("popupOpenPage");
      li.append(" ", link);
    }
    return li;
  }

  /** "Checked 14 days ago against press reports and guides": the route's provenance in
   *  words (the schema's closed set of methods, each a locale string). */
  function checkedLine(route) {
    const days = Math.round((Date.now() - Date.parse(route.last_verified)) / 86400000);
    const relative = new Intl.RelativeTimeFormat(uiTag, { numeric: "auto" });
    const when =
      days < 45
        ? relative.format(-days, "day")
        : relative.format(-Math.round(days / 30), "month");
    return t("popupChecked", when, t(`popupMethod_${route.method.replace(/-/g, "_")}`));
  }

  function renderRoute() {
    const route = lookup.primaryRoute(data, view.platform, profile.country);
    const objection = route.kind === "objection";
    $("route-title").textContent = say(route.title);
    $("route-summary").textContent = say(route.summary);
    items(
      $("route-steps"),
      route.steps.map((s) => say(s.text)),
    );
    $("alternatives").replaceChildren(...(route.alternatives || []).map(alternative));
    $("myth").textContent = say(route.myth_buster);
    const form = route.urls.find(
      (u) => u.role === "form" && lookup.openable(data, u.url),
    );
    $("open-form").hidden = !form || !objection;
    $("open-form").dataset.url = form && objection ? form.url : "";
    // Most people use the apps: the path there, and the form's address as a QR code.
    $("phone").hidden = !form || !objection;
    $("app-path").textContent = say(route.app_path);
    if (form) {
      drawQr($("qr"), form.url);
      $("qr").setAttribute("aria-label", form.url);
      $("qr").dataset.url = form.url;
    }
    // Where no objection exists, the alternatives are the answer: shown, not folded,
    // and no objection states or composer.
    if (!objection) $("route-details").open = true;
    $("alternatives-title").hidden = objection;
    $("progress").hidden = !objection;
    $("composer").hidden = !objection;
    $("data-version").textContent = checkedLine(route);
  }

  function renderArguments() {
    const box = $("arguments");
    const legend = box.querySelector("legend");
    const rows = data.arguments.map((argument) => {
      const label = document.createElement("label");
      const input = document.createElement("input");
      input.type = "checkbox";
      input.value = argument.id;
      input.checked = profile.arguments.includes(argument.id);
      const text = argument.texts[profile.language] || argument.texts.en;
      const span = document.createElement("span");
      span.textContent = text.title;
      span.title = say(argument.why);
      label.append(input, span);
      return label;
    });
    box.replaceChildren(legend, ...rows);
  }

  /** Findings on the person's own words (optout_lib's lint rules), before they copy or fill. */
  function renderLint() {
    let findings = [];
    try {
      findings = profile.personal.trim()
        ? operations.lintObjection(data, profile.personal, profile.language)
        : [];
    } catch (_) {
      // Too long or no such language: the preview shows nothing either.
    }
    const titles = new Map(
      data.arguments.map((a) => [
        a.id,
        (a.texts[profile.language] || a.texts.en).title,
      ]),
    );
    $("lint").hidden = !findings.length;
    $("lint-findings").replaceChildren(
      ...findings.map((finding) => {
        const li = document.createElement("li");
        li.dataset.code = finding.code;
        const alternatives = finding.arguments
          .map((id) => titles.get(id))
          .filter(Boolean);
        li.textContent = [
          finding.message,
          finding.suggestion,
          alternatives.length ? t("popupLintArguments", alternatives.join("; ")) : "",
        ]
          .filter(Boolean)
          .join(" ");
        return li;
      }),
    );
  }

  /** The one next step for an account, from its state and Meta's time to answer. */
  function nextStep(account) {
    if (account.state === "not-started") return t("popupNextNotStarted");
    if (account.state === "code-pending") return t("popupNextCode");
    if (account.state === "error") return t("popupNextCheck");
    if (account.state === "rejected") return t("popupNextComplain");
    if (account.state !== "submitted" || !account.receipt) return "";
    if (tracker.daysOverdue(bundle, account, Date.now())) return t("popupNextComplain");
    const country = data.countries[account.receipt.country];
    const deadline = country && lookup.groupOf(data, country).reply_deadline;
    if (!deadline) return "";
    const until = Date.parse(account.receipt.submitted_at) + deadline.days * 86400000;
    const date = new Intl.DateTimeFormat(uiTag, { dateStyle: "medium" }).format(until);
    return t("popupNextWaiting", date);
  }

  async function renderProgress() {
    const accounts = await tracker.loadAccounts(api, bundle);
    $("progress-list").replaceChildren(
      ...accounts.map((account) => {
        const li = document.createElement("li");
        li.dataset.account = account.id;
        li.dataset.state = account.state;
        li.textContent = `${account.label}: ${stateName(account.state)}`;
        // Meta's page claimed more: the checklist asks the person to confirm it.
        if (account.pageSaw)
          li.textContent += ` (${t("popupPageSaw", stateName(account.pageSaw.state))})`;
        const next = document.createElement("span");
        next.className = "next";
        next.textContent = nextStep(account);
        if (next.textContent) li.append(next);
        return li;
      }),
    );
  }

  function renderPreview() {
    try {
      $("preview").value = operations.composeObjection(data, {
        ...profile,
        platform: view.platform,
        name: profile.name || null,
      });
    } catch (error) {
      $("preview").value = "";
    }
    // Machine-drafted wording is said so, so the person reads it before sending it.
    const language = lookup.language(data, profile.language);
    $("review-note").hidden = !(
      language &&
      language.review === "machine-drafted" &&
      $("preview").value
    );
    $("review-note").textContent = language
      ? t("popupReviewMachine", language.name)
      : "";
  }

  /** Send only what changed here, so a field another page changed meanwhile (the
   *  tracker's country) is not overwritten with what this popup showed. */
  async function save() {
    const changes = Object.fromEntries(
      Object.entries(profile).filter(
        ([key, value]) => JSON.stringify(value) !== JSON.stringify(saved.profile[key]),
      ),
    );
    const viewChanged = JSON.stringify(view) !== JSON.stringify(saved.view);
    saved = { profile: { ...saved.profile, ...changes }, view: { ...view } };
    await Promise.all([
      Object.keys(changes).length
        ? store.request(api, messages.STORE_UPDATE_PROFILE, { changes })
        : null,
      viewChanged ? store.request(api, messages.STORE_SET_VIEW, { view }) : null,
    ]);
  }

  function readForm() {
    profile.country = $("country").value;
    profile.language = $("language").value;
    view.platform = $("platform").value;
    profile.personal = $("personal").value;
    profile.name = $("name").value;
    profile.email = $("email").value;
    profile.arguments = [...$("arguments").querySelectorAll("input:checked")].map(
      (i) => i.value,
    );
  }

  async function changed(event) {
    readForm();
    if (event.target.id === "language") renderArguments();
    if (event.target.matches("select")) renderRoute();
    renderPreview();
    renderLint();
    await save();
  }

  /** Ask the content script in `tab` something; null where none listens (not Meta's). */
  function askTab(tab, type) {
    return api.tabs.sendMessage(tab.id, { type }).catch(() => null);
  }

  /** The current tab: on Meta's form, a button (out of the page's reach) that fills
   *  it as the panel does; on a page with a marked form link, a line saying so. */
  async function offerTab() {
    const [tab] = await api.tabs.query({ active: true, currentWindow: true });
    if (!tab) return;
    const [status, links] = await Promise.all([
      askTab(tab, messages.FILL_STATUS),
      askTab(tab, messages.LINK_STATUS),
    ]);
    const ready = Boolean(status && status.ready);
    $("on-page").hidden = !ready;
    $("marked").hidden = ready || !(links && links.marked > 0);
    if (!ready) return;
    $("fill-form").addEventListener("click", async () => {
      $("fill-status").textContent = "";
      const answer = await api.tabs
        .sendMessage(tab.id, { type: messages.FILL_FORM })
        .catch((error) => ({ error: { message: String(error.message || error) } }));
      $("fill-status").textContent =
        answer && answer.summary
          ? answer.summary
          : t(
              "popupFillFailed",
              (answer && answer.error && answer.error.message) || "",
            );
    });
  }

  /** The browser's language tags, the UI language first. */
  function browserTags() {
    return [uiTag, ...(navigator.languages || [])];
  }

  /** First run: "Where do you live?", the browser's region preselected when the data
   *  has it; resolves with the confirmed country. Nothing is stored before that. */
  function askCountry() {
    const select = $("first-country");
    const byName = lookup.countriesByName(data, ui.language(data));
    select.replaceChildren(
      option("", "—"),
      ...byName.map((j) => option(j.id, say(j.name))),
    );
    select.value = lookup.guessCountry(data, browserTags()) || "";
    const confirm = $("confirm-country");
    const update = () => (confirm.disabled = !select.value);
    update();
    select.addEventListener("change", update);
    $("first-run").hidden = false;
    select.focus();
    return new Promise((resolve) =>
      confirm.addEventListener("click", () => {
        $("first-run").hidden = true;
        resolve(select.value);
      }),
    );
  }

  async function main() {
    bundle = validateBundle(await currentBundle(api));
    data = bundle.view;
    i18n.localize();
    $("settings").setAttribute("aria-label", t("popupSettings"));
    $("settings").title = t("popupSettings");
    const stored = await store.getMany(api, ["profile", "view"]);
    saved = { profile: stored.profile || {}, view: stored.view || {} };
    const country = saved.profile.country || (await askCountry());
    profile = {
      country,
      language:
        saved.profile.language ||
        lookup.resolveLanguage(
          data,
          browserTags(),
          lookup.findCountry(data, country).languages,
        ),
      email: saved.profile.email || "",
      name: saved.profile.name || "",
      personal: saved.profile.personal || "",
      arguments: saved.profile.arguments || [],
    };
    view = { platform: (stored.view && stored.view.platform) || "instagram" };
    const byName = lookup.countriesByName(data, ui.language(data));
    $("country").replaceChildren(...byName.map((j) => option(j.id, say(j.name))));
    $("language").replaceChildren(...data.languages.map((l) => option(l.id, l.name)));
    $("platform").replaceChildren(
      ...Object.values(data.platforms).map((p) => option(p.id, p.name)),
    );
    $("country").value = profile.country;
    $("language").value = profile.language;
    $("platform").value = view.platform;
    $("personal").value = profile.personal;
    $("name").value = profile.name;
    $("email").value = profile.email;
    renderArguments();
    renderRoute();
    renderPreview();
    renderLint();
    $("main").hidden = false;
    // A first run's confirmed choice is saved now, with the language it implies.
    if (!saved.profile.country) await save();
    await renderProgress();
    await offerTab();
    $("data-version").dataset.version = bundle.data_version;
    $("texts-drafted").textContent = ui.draftedNote(data);
    $("texts-drafted").hidden = !$("texts-drafted").textContent;
    // Data past its signature's expiry (or an old snapshot): say so rather than stay
    // silent, whatever the server answers (README: Security, "old data").
    // With no update source configured, only a new version of optout brings newer data.
    const [fresh, current] = await Promise.all([freshness(api), settings(api)]);
    $("data-old").hidden = !fresh.old;
    if (fresh.old)
      $("data-old").textContent = t(
        current.serverUrl ? "popupDataOld" : "popupDataOldUpdate",
        ui.day(fresh.since),
      );
    document.body.addEventListener("change", changed);
    document.body.addEventListener("input", (event) => {
      if (
        event.target.matches(
          "textarea:not([readonly]), input[type=text], input[type=email]",
        )
      )
        changed(event);
    });
    $("open-form").addEventListener("click", () => {
      const url = $("open-form").dataset.url;
      if (lookup.openable(data, url)) api.tabs.create({ url });
    });
    $("settings").addEventListener("click", () => api.runtime.openOptionsPage());
    $("open-tracker").addEventListener("click", () =>
      api.tabs.create({ url: api.runtime.getURL("tracker/tracker.html") }),
    );
    $("copy").addEventListener("click", async () => {
      await navigator.clipboard.writeText($("preview").value);
      $("copy-status").textContent = t("popupCopied");
    });
    document.documentElement.setAttribute("data-ready", "");
  }

  main().catch((error) => {
    document.body.textContent = t("popupLoadError", error.message);
  });
})();
