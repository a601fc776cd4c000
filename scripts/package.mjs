// Build the two release zips from extension/: dist/optout-<version>-chrome.zip and
// dist/optout-<version>-firefox.zip, each loadable as it is (bash scripts/package).
// `--update-url URL` writes that hint server into the packaged copy of
// lib/defaults.js; the repository's copy keeps "no update source".
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import vm from "node:vm";

const ROOT = path.resolve(import.meta.dirname, "..");
const EXTENSION = path.join(ROOT, "extension");
const DEFAULTS = path.join("lib", "defaults.js");
const NO_SOURCE = 'serverUrl: "",';

/** `--update-url URL` and `--out DIR` from the command line. */
function parseArguments(argv) {
  const options = { updateUrl: "", out: path.join(ROOT, "dist") };
  for (let i = 0; i < argv.length; i++) {
    const [name, value] = [argv[i], argv[i + 1]];
    if (name === "--update-url" && value) options.updateUrl = value.replace(/\/+$/, "");
    else if (name === "--out" && value) options.out = path.resolve(value);
    else throw new Error(`usage: bash scripts/package [--update-url URL] [--out DIR]`);
    i++;
  }
  return options;
}

/** The extension's own rule for a hint server (lib/defaults.js serverAllowed). */
function serverAllowed(address) {
  const context = { URL };
  vm.runInNewContext(fs.readFileSync(path.join(EXTENSION, DEFAULTS), "utf8"), context);
  return context.optout.serverAllowed(address);
}

/** Each browser's manifest from the one source, without what that browser ignores
 *  and warns about: Chrome runs the service worker and knows no Firefox keys; Firefox
 *  runs background.scripts (web-ext lint: BACKGROUND_SERVICE_WORKER_IGNORED). */
function manifestFor(browser, manifest) {
  const copy = structuredClone(manifest);
  if (browser === "firefox") {
    delete copy.background.service_worker;
  } else {
    delete copy.browser_specific_settings;
    delete copy.background.scripts;
  }
  return copy;
}

/** Copy extension/ for one browser into `dir`, with the update source baked in. */
function stage(browser, dir, updateUrl) {
  fs.cpSync(EXTENSION, dir, { recursive: true });
  const manifestPath = path.join(dir, "manifest.json");
  const manifest = JSON.parse(fs.readFileSync(manifestPath, "utf8"));
  fs.writeFileSync(
    manifestPath,
    `${JSON.stringify(manifestFor(browser, manifest), null, 2)}\n`,
  );
  if (!updateUrl) return manifest.version;
  const defaults = fs.readFileSync(path.join(dir, DEFAULTS), "utf8");
  if (defaults.split(NO_SOURCE).length !== 2)
    throw new Error(`${DEFAULTS} must hold exactly one ${NO_SOURCE}`);
  fs.writeFileSync(
    path.join(dir, DEFAULTS),
    defaults.replace(NO_SOURCE, `serverUrl: ${JSON.stringify(updateUrl)},`),
  );
  return manifest.version;
}

function main() {
  const { updateUrl, out } = parseArguments(process.argv.slice(2));
  if (updateUrl && !serverAllowed(updateUrl))
    throw new Error("--update-url must be https (plain http only on this computer)");
  fs.mkdirSync(out, { recursive: true });
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "optout-package-"));
  try {
    for (const browser of ["chrome", "firefox"]) {
      const dir = path.join(work, browser);
      const version = stage(browser, dir, updateUrl);
      const filename = `optout-${version}-${browser}.zip`;
      execFileSync(
        "npx",
        [
          "--no-install",
          "web-ext",
          "build",
          "--source-dir",
          dir,
          "--artifacts-dir",
          out,
          "--filename",
          filename,
          "--overwrite-dest",
          "--no-config-discovery",
        ],
        { cwd: ROOT, stdio: ["ignore", "ignore", "inherit"] },
      );
      console.log(path.join(out, filename));
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

main();
