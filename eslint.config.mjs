// ESLint for the extension and the JavaScript tests: the recommended rules, with the
// globals each kind of file really has. Formatting is Prettier's (.prettierrc.json).
import js from "@eslint/js";
import globals from "globals";

export default [
  { ignores: ["node_modules/", ".venv/", "extension/vendor/", "**/*.min.js"] },
  js.configs.recommended,
  {
    // Classic scripts: the extension's libs share one `globalThis.optout` namespace and
    // also load in Node's test runner through `module.exports`.
    files: ["extension/**/*.js"],
    languageOptions: {
      sourceType: "script",
      globals: {
        ...globals.browser,
        ...globals.webextensions,
        module: "readonly",
        require: "readonly",
      },
    },
  },
  {
    files: ["extension/background.js"],
    languageOptions: { globals: { ...globals.serviceworker } },
  },
  {
    files: ["tests/**/*.js", "scripts/**/*.js"],
    languageOptions: { sourceType: "commonjs", globals: { ...globals.node } },
  },
  {
    files: ["**/*.mjs"],
    // Browser tests send functions into pages and the extension (`chrome` there).
    languageOptions: {
      sourceType: "module",
      globals: { ...globals.node, ...globals.browser, ...globals.webextensions },
    },
  },
  {
    rules: {
      "no-unused-vars": ["error", { argsIgnorePattern: "^_", caughtErrors: "none" }],
      eqeqeq: "error",
      "no-var": "error",
      "prefer-const": "error",
    },
  },
];
