/*
 * The popup: what applies where the person lives, the steps and the right form, the
 * argument picker with a live preview, and copy. Profile changes are saved to
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
  } = globalThis.optout;
  const { uiTag, say, stateName, option, items } = ui;
  const { t } = i18n;
  const $ = (id) => document.getElementById(id);
  let bundle;
  let data; // bundle.view: what optout_lib computed for the extension
  let profile; // documented in README: country, language, email, name, arguments, personal
  let view; // popup-only choices (which platform is shown), kept apart from the profile
  let saved; // what this popup last sent of each: {profile, view}

  function renderRoute() {
    const route = lookup.primaryRoute(data, view.platform, profile.country);
    $("route-title").textContent = say(route.title);
    $("route-summary").textContent = say(route.summary);
    items(
      $("route-steps"),
      route.steps.map((s) => say(s.text)),
    );
    items(
      $("alternatives"),
      (route.alternatives || []).map((a) => say(a.text)),
    );
    $("myth").textContent = say(route.myth_buster);
    const form = route.urls.find(
      (u) => u.role === "form" && lookup.openable(data, u.url),
    );
    $("open-form").hidden = !form;
    $("open-form").dataset.url = form ? form.url : "";
    // Most people use the apps: the path there, and the form's address as a QR code.
    $("phone").hidden = !form;
    $("app-path").textContent = say(route.app_path);
    if (form) {
      drawQr($("qr"), form.url);
      $("qr").setAttribute("aria-label", form.url);
      $("qr").dataset.url = form.url;
    }
    $("route-evidence").textContent = t(
      "popupEvidence",
      route.last_verified,
      route.method,
      route.confidence,
    );
    $("composer").hidden = route.kind !== "objection";
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

  async function renderProgress() {
    const accounts = await tracker.loadAccounts(api, bundle);
    $("progress-list").replaceChildren(
      ...accounts.map((account) => {
        const li = document.createElement("li");
        li.dataset.account = account.id;
        li.textContent = `${account.label}: ${stateName(account.state)}`;
        // Meta's page claimed more: the checklist asks the person to confirm it.
        if (account.pageSaw)
          li.textContent += ` (${t("popupPageSaw", stateName(account.pageSaw.state))})`;
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
    renderRoute();
    renderPreview();
    renderLint();
    await save();
  }

  /** The active tab, if it is Meta's objection form with a form showing to fill. */
  async function formTab() {
    const [tab] = await api.tabs.query({ active: true, currentWindow: true });
    if (!tab) return null;
    const status = await api.tabs
      .sendMessage(tab.id, { type: messages.FILL_STATUS })
      .catch(() => null); // no optout content script listens there: not the form
    return status && status.ready ? tab : null;
  }

  /** On Meta's form: a button, out of the page's reach, that fills it as the panel does. */
  async function offerFill() {
    const tab = await formTab();
    $("on-page").hidden = !tab;
    if (!tab) return;
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

  async function main() {
    bundle = validateBundle(await currentBundle(api));
    data = bundle.view;
    i18n.localize();
    const stored = await store.getMany(api, ["profile", "view"]);
    saved = { profile: stored.profile || {}, view: stored.view || {} };
    profile = {
      country: saved.profile.country || "DE",
      language: saved.profile.language || lookup.resolveLanguage(data, [uiTag]),
      email: saved.profile.email || "",
      name: saved.profile.name || "",
      personal: saved.profile.personal || "",
      arguments: saved.profile.arguments || [],
    };
    view = { platform: (stored.view && stored.view.platform) || "instagram" };
    const byName = lookup.countriesByName(data, ui.language(data));
    $("country").replaceChildren(
      ...byName.map((j) => option(j.id, `${say(j.name)} (${j.id})`)),
    );
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
    await renderProgress();
    await offerFill();
    $("data-version").textContent = t(
      "popupDataVersion",
      bundle.data_version,
      bundle.data_date,
    );
    // Data past its signature's expiry (or an old snapshot): say so rather than stay
    // silent, whatever the server answers (README: Security, "old data").
    const fresh = await freshness(api);
    $("data-old").hidden = !fresh.old;
    if (fresh.old)
      $("data-old").textContent = t("popupDataOld", fresh.since.slice(0, 10));
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
