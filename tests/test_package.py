"""`bash scripts/package`: the two release zips are complete, clean and loadable."""

import json
import re
import subprocess
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXTENSION = ROOT / "extension"
URL = "https://example.test/optout"


def package(out: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run the packaging script into `out`."""
    return subprocess.run(
        ["bash", "scripts/package", "--out", str(out), *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture(scope="module")
def zips(tmp_path_factory: pytest.TempPathFactory) -> dict[str, zipfile.ZipFile]:
    out = tmp_path_factory.mktemp("dist")
    result = package(out, "--update-url", URL)
    assert result.returncode == 0, result.stderr
    version = json.loads((EXTENSION / "manifest.json").read_text())["version"]
    return {
        browser: zipfile.ZipFile(out / f"optout-{version}-{browser}.zip")
        for browser in ("chrome", "firefox")
    }


def named_files(manifest: dict, names: set[str]) -> set[str]:
    """Every file the manifest, scripts.json and the pages' <script>/<link> name."""
    wanted = {manifest["action"]["default_popup"], manifest["options_ui"]["page"]}
    wanted |= set(manifest["icons"].values()) | set(
        manifest["action"]["default_icon"].values()
    )
    wanted |= set(manifest["background"].get("scripts", []))
    wanted |= {manifest["background"].get("service_worker", "background.js")}
    for entry in manifest["content_scripts"]:
        wanted |= set(entry["js"]) | set(entry.get("css", []))
    wanted |= {manifest["storage"]["managed_schema"], "_locales/en/messages.json"}
    scripts = json.loads((EXTENSION / "scripts.json").read_text())
    wanted |= set(scripts["background"]) | set(scripts["content"])
    for page, listed in scripts["pages"].items():
        wanted |= {page, *listed}
    for page in [n for n in names if n.endswith(".html")]:
        folder = Path(page).parent
        html = (EXTENSION / page).read_text()
        for ref in re.findall(r'(?:src|href)="([^"#:]+)"', html):
            wanted.add(str((EXTENSION / folder / ref).resolve().relative_to(EXTENSION)))
    return wanted


@pytest.mark.parametrize("browser", ["chrome", "firefox"])
def test_zip_is_complete_and_clean(zips: dict[str, zipfile.ZipFile], browser: str):
    names = set(zips[browser].namelist())
    manifest = json.loads(zips[browser].read("manifest.json"))
    assert manifest["manifest_version"] == 3
    missing = named_files(manifest, names) - names
    assert not missing, missing
    assert not [n for n in names if re.search(r"(^|/)tests?(/|_)|\.test\.", n)]
    assert not [n for n in names if n.split("/")[-1].startswith(".")]
    # Both zips hold the same files, the manifest aside (one source, extension/).
    assert names == set(zips["firefox"].namelist())


def test_each_browser_gets_its_own_manifest(zips: dict[str, zipfile.ZipFile]):
    chrome = json.loads(zips["chrome"].read("manifest.json"))
    firefox = json.loads(zips["firefox"].read("manifest.json"))
    source = json.loads((EXTENSION / "manifest.json").read_text())
    assert firefox["background"] == {"scripts": source["background"]["scripts"]}
    assert {**firefox, "background": source["background"]} == source
    assert "browser_specific_settings" not in chrome
    assert chrome["background"] == {"service_worker": "background.js"}
    assert firefox["browser_specific_settings"]["gecko"]["id"]


@pytest.mark.parametrize("browser", ["chrome", "firefox"])
def test_update_url_is_the_packaged_default(
    zips: dict[str, zipfile.ZipFile], browser: str
):
    packaged = zips[browser].read("lib/defaults.js").decode()
    assert f'serverUrl: "{URL}",' in packaged
    # The repository's copy keeps no update source (the built-in data, no request).
    assert 'serverUrl: "",' in (EXTENSION / "lib" / "defaults.js").read_text()


def test_an_update_url_optout_would_refuse_is_refused(tmp_path: Path):
    result = package(tmp_path, "--update-url", "http://hints.example.org")
    assert result.returncode != 0
    assert "must be https" in result.stderr
    assert not list(tmp_path.iterdir())
