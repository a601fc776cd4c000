// lib/view.js's language and country rules for a person, on the shipped view.
const assert = require("node:assert/strict");
const test = require("node:test");
const view = require("../../extension/lib/view.js");
const { view: data } = require("../../extension/data/bundle.json");

test("the objection language: a regional tag's exact match before a bare base", () => {
  assert.equal(view.resolveLanguage(data, ["pt-BR"]), "pt-BR");
  assert.equal(view.resolveLanguage(data, ["pt", "pt-BR"]), "pt-BR");
  assert.equal(view.resolveLanguage(data, ["pt-PT"]), "pt");
  assert.equal(view.resolveLanguage(data, ["de-AT"], ["de"]), "de");
  // A bare language in a country with its own variant gets the variant.
  assert.equal(view.resolveLanguage(data, ["pt"], ["pt-BR"]), "pt-BR");
  assert.equal(view.resolveLanguage(data, ["pt"], ["pt"]), "pt");
  // Nothing shipped: the country's language, then English.
  assert.equal(view.resolveLanguage(data, ["zh-CN"], ["fr", "nl"]), "fr");
  assert.equal(view.resolveLanguage(data, ["zh-CN"]), "en");
  assert.equal(view.resolveLanguage(data, ["en-US"], ["de"]), "en");
});

test("the country guess is a language tag's region the data has, else none", () => {
  assert.equal(view.guessCountry(data, ["en-GB"]), "GB");
  assert.equal(view.guessCountry(data, ["pt-BR"]), "BR");
  assert.equal(view.guessCountry(data, ["de-AT"]), "AT");
  assert.equal(view.guessCountry(data, ["en-US"]), "US");
  assert.equal(view.guessCountry(data, ["fr_BE"]), "BE");
  assert.equal(view.guessCountry(data, ["de", "de-CH"]), "CH");
  assert.equal(view.guessCountry(data, ["de"]), undefined);
  assert.equal(view.guessCountry(data, ["zh-Hant-TW"]), undefined); // no such country in the data
  assert.equal(view.guessCountry(data, ["es-419"]), undefined); // a region that is no country
});
