/* Every message between the extension's parts is an object with a `type` from here. */
globalThis.optout = globalThis.optout || {};
globalThis.optout.messages = Object.freeze({
  /** content → background: `{type}` → `{hints, formKinds, platformHosts}` */
  GET_PAGE_HINTS: "getPageHints",
  /** content (form pages only) → background: `{type}` → the form detector's view
   *  (bundle.view.detector), which lib/describe.js and lib/detect.js interpret */
  GET_DETECTOR: "getDetector",
  /** content → background: `{type, platform, pageLanguage, language?, country?}` →
   *  `{text, email, country, countryNames, language}` composed locally from the stored
   *  profile (`language`: the one the person chose on the card; `country`: the card's
   *  choice for this compose only, never saved), or `{error}` */
  COMPOSE_FOR_PAGE: "composeForPage",
  /** content → background: `{type, platform, pageLanguage, language?, country?}` →
   *  `{saved, country, countries, languages, language, noRoute, errorAdvice}`: what the
   *  card on Meta's form shows before a fill (the data's words as text) */
  FORM_CONTEXT: "formContext",
  /** popup/options → background: `{type}` → `{status, dataVersion?, reason?}` */
  REFRESH_NOW: "refreshNow",
  /** content → background: `{type, platform, state: "code"|"submitted"|"error",
   *  text}` (text: what the reason box held) → `{state, account}` after moving the
   *  person's checklist along */
  FORM_PROGRESS: "formProgress",
  /** popup/background → the content script on Meta's form (tabs.sendMessage):
   *  `{type}` → `{ready}`, whether a form to fill was found there and Meta has not
   *  yet shown its success message */
  FILL_STATUS: "fillStatus",
  /** popup → the content script on any of Meta's pages (tabs.sendMessage): `{type}` →
   *  `{marked}`, how many links to Meta's AI forms it marked there */
  LINK_STATUS: "linkStatus",
  /** popup/background → the content script on Meta's form: `{type}` → `{summary}`
   *  (what was filled, kept or left to the person) after the panel's own fill, or
   *  `{error}` */
  FILL_FORM: "fillForm",
  // Extension pages → background: every change to storage (lib/store.js says what each
  // takes; each answers {ok: true, value} or {ok: false, error: {code, message}}).
  STORE_UPDATE_PROFILE: "storeUpdateProfile",
  STORE_SET_VIEW: "storeSetView",
  STORE_UPDATE_ACCOUNT: "storeUpdateAccount",
  STORE_ADD_ACCOUNT: "storeAddAccount",
  STORE_REMOVE_ACCOUNT: "storeRemoveAccount",
  STORE_IMPORT_ACCOUNTS: "storeImportAccounts",
  STORE_UPDATE_SETTINGS: "storeUpdateSettings",
  STORE_ADD_TRUSTED_KEY: "storeAddTrustedKey",
  STORE_REMOVE_TRUSTED_KEY: "storeRemoveTrustedKey",
});
