/*
 * The per-account checklist and its receipts, kept in storage.local ("accounts") and
 * never sent anywhere. An account is {id, platform, label, state, history, receipt?};
 * a receipt has the shape of optout_lib's data/schema/receipt.schema.json, so what the
 * extension exports, `optout complaint --receipt` reads. Pure functions first (tested
 * in Node), then the one that reads storage; only the background changes it
 * (lib/store.js).
 */
(function (root) {
  "use strict";
  const engine =
    root.optout && root.optout.engine ? root.optout.engine : require("./engine.js");
  const operations =
    root.optout && root.optout.operations
      ? root.optout.operations
      : require("./operations.js");
  const view = root.optout?.view || require("./view.js");
  const { InvalidValue, cleanPersonal } = engine;
  const has = (object, key) => Object.prototype.hasOwnProperty.call(object, key);

  const EXPORT_FORMAT = "optout-receipts";
  const EXPORT_VERSION = 1;
  /** Meta's real states, in the order a person goes through them. */
  const STATES = [
    "not-started",
    "submitted",
    "code-pending",
    "confirmed",
    "rejected",
    "error",
  ];
  /** States where the person is waiting for Meta: after N days they count as unanswered. */
  const WAITING = new Set(["submitted", "code-pending", "error"]);
  /** What a triaged answer means for the checklist; other outcomes leave it as it is. */
  const OUTCOME_STATE = {
    accepted: "confirmed",
    rejected: "rejected",
    "form-error": "error",
  };
  /** What the form page showed (content/progress.js) → the state it moves to. */
  const PAGE_STATE = { code: "code-pending", submitted: "submitted", error: "error" };
  /** What a page's message claims beyond that: a final state only the person makes
   *  final (a page's script can write any text; README: Security). */
  const PAGE_CLAIM = { submitted: "confirmed" };
  const FINAL = new Set(["confirmed", "rejected"]);
  const ACCOUNT_KEYS = new Set([
    "id",
    "platform",
    "label",
    "state",
    "history",
    "receipt",
    "pageSaw",
  ]);

  /** One account per platform that has a web objection form, as first shown. */
  function defaultAccounts(bundle) {
    return ["instagram", "facebook"]
      .filter((id) => has(bundle.view.platforms, id))
      .map((id) => ({
        id,
        platform: id,
        label: bundle.view.platforms[id].name,
        state: "not-started",
        history: [],
      }));
  }

  /** A copy of `account` in `state` at time `at` (ISO string), with the step recorded. */
  function withState(account, state, at) {
    if (!STATES.includes(state))
      throw new InvalidValue(`unknown state ${JSON.stringify(state)}`);
    if (account.state === state) return account;
    return { ...account, state, history: [...account.history, { state, at }] };
  }

  /** The account a form page reports on: the first of that platform still under way. */
  function accountFor(accounts, platform) {
    const mine = accounts.filter((a) => a.platform === platform);
    return mine.find((a) => !FINAL.has(a.state)) || mine[0] || null;
  }

  /** A new receipt for `account`, keeping the text or, if the person prefers, its hash. */
  async function newReceipt(bundle, account, { country, route, text, keepText, at }) {
    const receipt = {
      platform: account.platform,
      account: account.label,
      country,
      route,
      submitted_at: at,
      data_version: bundle.data_version,
    };
    const sent = cleanPersonal(text || "");
    if (sent) {
      receipt.text_sha256 = await engine.textSha256(sent);
      if (keepText) receipt.text = sent;
    }
    return operations.parseReceipt(bundle.view, receipt) && receipt;
  }

  /** The route a receipt names: the platform's route where the person lives. (Form IDs
   *  cannot tell: Meta uses the same form for several countries' routes.) */
  function routeId(bundle, platform, country) {
    const { countries, routes } = bundle.view;
    const route =
      has(countries, country) && routes[countries[country].routes[platform]];
    return route && route.kind === "objection" ? route.id : null;
  }

  /**
   * Move an account along after the person or a page said the form was sent; a receipt
   * is made the first time (it needs the person's country, else it waits for it).
   */
  async function markSent(
    bundle,
    account,
    state,
    { country, text = "", keepText = true, at },
  ) {
    let next = withState(account, state, at);
    const route = country && routeId(bundle, account.platform, country);
    if (!next.receipt && route) {
      next = {
        ...next,
        receipt: await newReceipt(bundle, next, { country, route, text, keepText, at }),
      };
    }
    return next;
  }

  /** What a form page's state means for an account; confirmed and rejected stay put. */
  function pageMove(account, pageState) {
    const state = PAGE_STATE[pageState];
    if (!state || FINAL.has(account.state)) return null;
    return state;
  }

  /** `account` after a page showed `pageState`: a claimed final state ("your request
   *  will be applied") waits as `pageSaw` for the person to confirm it. */
  function withPageClaim(account, pageState, at) {
    const claim = PAGE_CLAIM[pageState];
    if (!claim || FINAL.has(account.state)) return account;
    return { ...account, pageSaw: { state: claim, at } };
  }

  /** The person confirmed what the page claimed: the account takes that state. */
  function confirmPageClaim(account, at) {
    if (!account.pageSaw) return account;
    const { pageSaw, ...rest } = account;
    return withState(rest, pageSaw.state, at);
  }

  /** The person did not see it (or the question is moot): the claim is dropped. */
  function dropPageClaim(account) {
    if (!account.pageSaw) return account;
    const rest = { ...account };
    delete rest.pageSaw;
    return rest;
  }

  /** Record Meta's pasted answer on the receipt and move the account by its outcome. */
  function withReply(bundle, account, reply, triage, at) {
    if (!account.receipt)
      throw new InvalidValue(
        "mark the form as sent first: there is no receipt to add the answer to",
      );
    const receipt = {
      ...account.receipt,
      reply: cleanPersonal(reply),
      replied_at: at,
      outcome: triage.outcome,
    };
    operations.parseReceipt(bundle.view, receipt);
    const next = { ...account, receipt };
    return OUTCOME_STATE[triage.outcome]
      ? withState(next, OUTCOME_STATE[triage.outcome], at)
      : next;
  }

  /** Meta's time to answer in a country (its group's reply_deadline), or null. */
  function replyTime(bundle, code) {
    const country = has(bundle.view.countries, code) && bundle.view.countries[code];
    return country ? view.groupOf(bundle.view, country).reply_deadline : null;
  }

  /** Days without an answer past Meta's time to reply (group's reply_deadline), or 0. */
  function daysOverdue(bundle, account, now) {
    if (!WAITING.has(account.state) || !account.receipt) return 0;
    const deadline = replyTime(bundle, account.receipt.country);
    if (!deadline) return 0;
    const days = Math.floor(
      (now - Date.parse(account.receipt.submitted_at)) / 86400000,
    );
    return days > deadline.days ? days : 0;
  }

  /** The objection route an account goes through where the person lives, or null. */
  function objectionRoute(bundle, platform, country) {
    const id = routeId(bundle, platform, country);
    return id ? bundle.view.routes[id] : null;
  }

  /** True where the person's country has an objection route (else: alternatives). */
  function hasObjection(bundle, country) {
    const where = has(bundle.view.countries, country) && bundle.view.countries[country];
    return Boolean(where && where.objection_route);
  }

  /** The day (YYYY-MM-DD) Meta's time to answer a receipt ends, or null. */
  function replyDeadline(bundle, receipt) {
    const deadline = receipt && replyTime(bundle, receipt.country);
    const sent = receipt && engine.parseTimestamp(receipt.submitted_at);
    if (!deadline || !sent) return null;
    return engine.addDays(sent.day, deadline.days);
  }

  /** A complaint fits only after Meta said no or let its time to answer pass. */
  function mayComplain(bundle, account, now) {
    return account.state === "rejected" || daysOverdue(bundle, account, now) > 0;
  }

  /** The route's advice for a state: what_to_do of the failure mode whose `state`
   *  names it (route data; the checks allow one per state), or null. */
  function stateAdvice(route, state) {
    const failure = route && (route.failure_modes || []).find((f) => f.state === state);
    return failure ? failure.what_to_do : null;
  }

  /**
   * The one next step for an account: `key` (a locale message, or null where the
   * platform has no objection route there and the route's words say all) with `args`, the
   * route's own `advice` for that state (localized data, or null) and the primary
   * `action` ("open-form", "paste-answer", "complaint", "evidence" or null).
   */
  function nextAction(bundle, account, country, now) {
    const route = objectionRoute(bundle, account.platform, country);
    const advice = stateAdvice(route, account.state);
    // No objection for this platform here (WhatsApp in GB): the route's own words say so.
    const where = has(bundle.view.countries, country) && bundle.view.countries[country];
    const other = where && !route && bundle.view.routes[where.routes[account.platform]];
    if (other && !account.receipt)
      return { key: null, args: [], advice: other.summary, action: null };
    if (mayComplain(bundle, account, now))
      return {
        key: "trackerNextComplaint",
        args: [],
        advice: null,
        action: "complaint",
      };
    const deadline = replyDeadline(bundle, account.receipt);
    switch (account.state) {
      case "not-started":
        return { key: "trackerNextOpenForm", args: [], advice, action: "open-form" };
      case "code-pending":
        return { key: "trackerNextCode", args: [], advice, action: null };
      case "submitted":
        return deadline
          ? { key: "trackerNextWait", args: [deadline], advice, action: "paste-answer" }
          : { key: "trackerPasteAnswer", args: [], advice, action: "paste-answer" };
      case "error":
        return { key: "trackerNextError", args: [], advice, action: "open-form" };
      default: // confirmed
        return {
          key: "trackerNextDone",
          args: [],
          advice: null,
          action: account.receipt ? "evidence" : null,
        };
    }
  }

  /** The form's URL on an objection route, when the extension may open it. */
  function formUrl(bundle, route) {
    const form = route && route.urls.find((u) => u.role === "form");
    return form && view.openable(bundle.view, form.url) ? form.url : null;
  }

  /** Which locale sentence explains a failed import (importData's messages, a JSON
   *  syntax error); the file's problem in words, never the raw message. */
  function importProblem(error) {
    if (error instanceof SyntaxError) return "trackerImportNotJson";
    const message = String((error && error.message) || "");
    if (/^(not an optout receipts file|receipts file version)/.test(message))
      return "trackerImportWrongFile";
    return "trackerImportDamaged";
  }

  /** Everything to export: the accounts with their receipts, as one JSON object. */
  function exportData(accounts, at) {
    return {
      format: EXPORT_FORMAT,
      version: EXPORT_VERSION,
      exported_at: at,
      accounts,
    };
  }

  async function checkAccount(bundle, account, index) {
    const where = `accounts[${index}]`;
    if (!account || typeof account !== "object" || Array.isArray(account))
      throw new InvalidValue(`${where} is not an object`);
    const extra = Object.keys(account).filter((k) => !ACCOUNT_KEYS.has(k));
    if (extra.length)
      throw new InvalidValue(`${where} has unknown field(s) ${extra.join(", ")}`);
    if (typeof account.id !== "string" || !/^[a-z0-9-]{1,60}$/.test(account.id))
      throw new InvalidValue(`${where}.id must be a short lower-case id`);
    if (!has(bundle.view.platforms, account.platform))
      throw new InvalidValue(`${where}.platform is not a known platform`);
    if (
      typeof account.label !== "string" ||
      !account.label.trim() ||
      account.label.length > 200
    )
      throw new InvalidValue(`${where}.label must be a name of up to 200 characters`);
    if (!STATES.includes(account.state))
      throw new InvalidValue(`${where}.state must be one of ${STATES.join(", ")}`);
    if (
      !Array.isArray(account.history) ||
      account.history.some(
        (h) =>
          !h ||
          !STATES.includes(h.state) ||
          typeof h.at !== "string" ||
          Number.isNaN(Date.parse(h.at)) ||
          Object.keys(h).length !== 2,
      )
    ) {
      throw new InvalidValue(`${where}.history must be a list of {state, at}`);
    }
    const saw = account.pageSaw;
    if (
      saw !== undefined &&
      (!saw ||
        typeof saw !== "object" ||
        !FINAL.has(saw.state) ||
        typeof saw.at !== "string" ||
        Number.isNaN(Date.parse(saw.at)) ||
        Object.keys(saw).length !== 2)
    ) {
      throw new InvalidValue(
        `${where}.pageSaw must be {state: confirmed or rejected, at}`,
      );
    }
    if (account.receipt !== undefined) {
      try {
        await operations.checkReceipt(bundle.view, account.receipt);
      } catch (error) {
        throw new InvalidValue(`${where}.receipt: ${error.message}`);
      }
      if (account.receipt.platform !== account.platform)
        throw new InvalidValue(`${where}.receipt is for another platform`);
    }
  }

  /** The accounts in an exported file, checked field by field; rejects with InvalidValue. */
  async function importData(bundle, data) {
    if (!data || data.format !== EXPORT_FORMAT)
      throw new InvalidValue(
        `not an optout receipts file (format must be "${EXPORT_FORMAT}")`,
      );
    if (data.version !== EXPORT_VERSION)
      throw new InvalidValue(
        `receipts file version ${data.version} is not ${EXPORT_VERSION}`,
      );
    if (!Array.isArray(data.accounts))
      throw new InvalidValue("receipts file has no accounts list");
    for (const [index, account] of data.accounts.entries())
      await checkAccount(bundle, account, index);
    const ids = data.accounts.map((a) => a.id);
    const twice = ids.find((id, i) => ids.indexOf(id) !== i);
    if (twice) throw new InvalidValue(`account id ${twice} appears twice`);
    return data.accounts;
  }

  /** Imported accounts replace those with the same id; the others stay, in order. */
  function mergeAccounts(current, imported) {
    const byId = new Map(imported.map((a) => [a.id, a]));
    const kept = current.map((a) => byId.get(a.id) || a);
    return [...kept, ...imported.filter((a) => !current.some((c) => c.id === a.id))];
  }

  /** The stored accounts, or the default ones before the person touched anything. */
  async function loadAccounts(api, bundle) {
    const stored = await root.optout.store.get(api, "accounts");
    return Array.isArray(stored) ? stored : defaultAccounts(bundle);
  }

  const tracker = {
    STATES,
    defaultAccounts,
    withState,
    accountFor,
    markSent,
    pageMove,
    withPageClaim,
    confirmPageClaim,
    dropPageClaim,
    withReply,
    daysOverdue,
    exportData,
    importData,
    checkAccount,
    mergeAccounts,
    loadAccounts,
    routeId,
    hasObjection,
    replyDeadline,
    mayComplain,
    nextAction,
    formUrl,
    importProblem,
  };
  root.optout = Object.assign(root.optout || {}, { tracker });
  if (typeof module !== "undefined") module.exports = tracker;
})(globalThis);
