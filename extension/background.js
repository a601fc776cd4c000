/* Background: owns the data and answers typed messages from content scripts. */
if (typeof importScripts === "function") {
  // Chrome runs this file alone as the service worker; Firefox loads the list in
  // manifest.background.scripts first. Both lists are extension/scripts.json's
  // "background", written here by scripts/wire_extension.mjs.
  importScripts(
    "lib/api.js",
    "lib/messages.js",
    "lib/store.js",
    "lib/defaults.js",
    "lib/bundle.js",
    "lib/signature.js",
    "lib/engine.js",
    "lib/hints.js",
    "lib/view.js",
    "lib/operations.js",
    "lib/tracker.js",
  );
}

(function () {
  "use strict";
  const {
    api,
    messages,
    currentBundle,
    operations,
    refresh,
    settings,
    tracker,
    store,
    view: lookup,
  } = globalThis.optout;
  // The one writer of storage (README: only the background writes; lib/store.js).
  const answerStore = store.serve(api);
  const ALARM = "refresh";
  store.restrictToExtension(api);

  /** Refresh from the configured server unless updates are off or there is no server
   *  (then the built-in data stays, with no network request); never throws. */
  async function refreshNow() {
    const current = await settings(api);
    if (!current.updates) return { status: "off" };
    if (!current.serverUrl) return { status: "bundled" };
    try {
      await globalThis.optout.dropUntrusted(api, current.trustedKeys);
      const result = await refresh(api, current.serverUrl, current.trustedKeys);
      await store.set(api, { lastRefresh: { at: Date.now(), ...result } });
      return result;
    } catch (error) {
      // The last good data stays in place; the failure is only recorded.
      const result = { status: "failed", reason: String(error.message || error) };
      await store.set(api, { lastRefresh: { at: Date.now(), ...result } });
      return result;
    }
  }

  /** Fall back to the shipped data when its signer is no longer trusted; never throws. */
  async function keepTrusted() {
    try {
      await globalThis.optout.dropUntrusted(api, (await settings(api)).trustedKeys);
    } catch (error) {
      console.error("optout: could not check the data's signer", error);
    }
  }
  // At every start of this worker and whenever the trusted keys change.
  keepTrusted();
  store.watch(api, "settings", keepTrusted);

  api.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === ALARM) refreshNow();
  });

  /** The country for this page: the one the card chose (this compose only), else the
   *  profile's; null when neither. An unknown code throws UnknownCountry. */
  function pageCountry(view, message, profile) {
    const chosen = message.country || profile.country;
    return chosen ? lookup.findCountry(view, chosen).id : null;
  }

  /** The languages the objection can be written in with these arguments. */
  function letterLanguages(view, argumentIds) {
    const ids = argumentIds.map((id) => String(id).trim().toLowerCase());
    return view.languages
      .filter((l) => view.letters[l.id])
      .filter((l) =>
        ids.every((id) => view.arguments.some((a) => a.id === id && a.texts[l.id])),
      )
      .map((l) => ({ id: l.id, name: l.name }));
  }

  /** The language to fill in: the person's choice, else the page's, else the profile's. */
  function fillLanguage(view, message, profile, offered) {
    const wanted = [
      message.language || "",
      message.pageLanguage || "",
      profile.language || "",
    ];
    const found = lookup.resolveLanguage(view, wanted.filter(Boolean));
    return offered.some((l) => l.id === found) ? found : offered[0]?.id || "en";
  }

  /** The route of the form on `page` (its form ID), else the country's on this platform. */
  async function pageRoute(view, platform, country, page) {
    const id = globalThis.optout.hints.formId(await formMatcher(), page);
    const byForm = Object.values(view.routes).find((r) =>
      (r.form_ids || []).includes(id),
    );
    if (byForm) return byForm;
    return country ? lookup.primaryRoute(view, platform, country) : null;
  }

  /**
   * What the card on Meta's form shows before any fill: the country (saved, or null),
   * the languages it can fill in, and the data's words for the no-route and error
   * cases, in the browser's language where the data has it. Never writes storage.
   */
  async function formContext(message, sender) {
    const { view } = await currentBundle(api);
    const profile = (await store.get(api, "profile")) || {};
    lookup.findPlatform(view, message.platform);
    const country = pageCountry(view, message, profile);
    const offered = letterLanguages(view, profile.arguments || []);
    const say = (text) =>
      lookup.say(text, lookup.resolveLanguage(view, [api.i18n.getUILanguage()]));
    const own = country && lookup.primaryRoute(view, message.platform, country);
    const route = await pageRoute(view, message.platform, country, sender.url);
    const failure =
      route && (route.failure_modes || []).find((f) => f.id === "error-after-code");
    return {
      saved: Boolean(profile.country),
      country,
      countries: lookup
        .countriesByName(view, lookup.resolveLanguage(view, [api.i18n.getUILanguage()]))
        .map((c) => ({ id: c.id, name: say(c.name), languages: c.languages })),
      languages: offered,
      language: fillLanguage(view, message, profile, offered),
      noRoute: own && own.kind !== "objection" ? say(own.summary) : null,
      errorAdvice: failure ? say(failure.what_to_do) : null,
    };
  }

  async function composeForPage(message) {
    const bundle = await currentBundle(api);
    const profile = (await store.get(api, "profile")) || {};
    const { view } = bundle;
    try {
      const country = pageCountry(view, message, profile);
      if (!country) return { error: { name: "NoProfile", message: "no country yet" } };
      const args = profile.arguments || [];
      const language = fillLanguage(
        view,
        message,
        profile,
        letterLanguages(view, args),
      );
      const text = operations.composeObjection(view, {
        platform: message.platform,
        country,
        language,
        arguments: args,
        personal: profile.personal || "",
        name: profile.name || null,
      });
      return {
        text,
        language,
        email: profile.email || "",
        country,
        countryNames: Object.values(lookup.findCountry(view, country).name),
      };
    } catch (error) {
      return { error: { name: error.name, message: error.message } };
    }
  }

  /**
   * A form page showed a code field, its success message or an error alert: move the
   * person's account for that platform along, and keep a receipt the first time.
   */
  async function formProgress(message) {
    const bundle = await currentBundle(api);
    const known = Object.prototype.hasOwnProperty.call(
      bundle.view.platforms,
      message.platform,
    );
    if (
      !known ||
      typeof message.state !== "string" ||
      typeof message.text !== "string"
    ) {
      return { error: { name: "InvalidValue", message: "bad form progress report" } };
    }
    const profile = await store.get(api, "profile");
    const { keepSentText } = await settings(api);
    let reply = null;
    // In the checklist's queue, so a page changing another account meanwhile keeps its change.
    await store.updateAccounts(api, async (accounts) => {
      const account = tracker.accountFor(accounts, message.platform);
      const state = account && tracker.pageMove(account, message.state);
      if (!state) {
        reply = { state: account ? account.state : null };
        return accounts;
      }
      const at = new Date().toISOString();
      const sent = await tracker.markSent(bundle, account, state, {
        country: profile.country,
        text: message.text.slice(0, 20000),
        keepText: keepSentText,
        at,
      });
      // Meta's success message is only a claim until the person confirms it.
      const updated = tracker.withPageClaim(sent, message.state, at);
      reply = {
        state: updated.state,
        account: updated.id,
        awaiting: updated.pageSaw ? updated.pageSaw.state : null,
      };
      return accounts.map((a) => (a.id === updated.id ? updated : a));
    });
    return reply;
  }

  /**
   * The keyboard command: the same fill as the panel's button, asked of the content
   * script on the active tab (if it is Meta's form; elsewhere nobody answers). The
   * page sees neither the keystroke nor the message, so it cannot fake either.
   */
  async function onCommand(command, tab) {
    if (command !== "fill-form") return null;
    const [active] = tab
      ? [tab]
      : await api.tabs.query({ active: true, currentWindow: true });
    if (!active) return null;
    return api.tabs
      .sendMessage(active.id, { type: messages.FILL_FORM })
      .catch(() => null); // not Meta's form: no content script listens there
  }
  api.commands.onCommand.addListener(onCommand);

  api.runtime.onInstalled.addListener(() => {
    currentBundle(api).catch((error) => console.error("optout: no usable data", error));
    // Daily, starting at a random minute in the first hour, so that many browsers do
    // not all ask the server at once.
    api.alarms.create(ALARM, {
      delayInMinutes: 1 + Math.random() * 60,
      periodInMinutes: 24 * 60,
    });
  });

  const HANDLERS = {
    [messages.GET_PAGE_HINTS]: async () => {
      const { view, data_version: dataVersion } = await currentBundle(api);
      return { ...view.hints, dataVersion };
    },
    [messages.GET_DETECTOR]: async () => (await currentBundle(api)).view.detector,
    [messages.COMPOSE_FOR_PAGE]: composeForPage,
    [messages.FORM_CONTEXT]: formContext,
    [messages.REFRESH_NOW]: refreshNow,
    [messages.FORM_PROGRESS]: formProgress,
  };

  // The page hints compiled once per data version, not at every message.
  let compiled = { version: null, matcher: null };
  async function formMatcher() {
    const bundle = await currentBundle(api);
    if (compiled.version !== bundle.data_version) {
      const matcher = globalThis.optout.hints.compile(bundle.view.hints);
      compiled = { version: bundle.data_version, matcher };
    }
    return compiled.matcher;
  }

  /** Who may ask what: every message from this extension only; the person's texts
   *  (compose, the card's context) and checklist moves (progress) only from a content script on Meta's
   *  objection form itself; a refresh only from the extension's own pages. */
  async function allowed(message, sender) {
    if (!sender || sender.id !== api.runtime.id) return false;
    const page = typeof sender.url === "string" ? sender.url : "";
    if (message.type === messages.REFRESH_NOW)
      return page.startsWith(api.runtime.getURL(""));
    if (
      message.type !== messages.COMPOSE_FOR_PAGE &&
      message.type !== messages.FORM_CONTEXT &&
      message.type !== messages.FORM_PROGRESS
    ) {
      return true;
    }
    if (!sender.tab) return false;
    const matcher = await formMatcher();
    return globalThis.optout.hints.pageKind(matcher, page) === "objection";
  }

  /** One message's answer, or a refusal; the listener below and the tests use it. */
  async function answer(message, sender) {
    const handler = message && HANDLERS[message.type];
    if (!(await allowed(message, sender))) {
      return {
        error: { name: "Forbidden", message: "not from where this may be asked" },
      };
    }
    return handler(message, sender);
  }

  api.runtime.onMessage.addListener((message, sender, sendResponse) => {
    const stored = answerStore(message, sender);
    if (stored) {
      stored.then(sendResponse);
      return true;
    }
    if (!message || !HANDLERS[message.type]) return false;
    answer(message, sender).then(sendResponse, (error) =>
      sendResponse({ error: { name: "Error", message: String(error) } }),
    );
    return true; // answer asynchronously
  });
  // For the browser tests: a refresh now, the message rules with a made-up sender, and
  // the command handler (headless Chromium sends no keystroke to extension commands).
  Object.assign(globalThis.optout, { refreshNow, answer, onCommand });
})();
