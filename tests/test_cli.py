"""The `optout` command: in-process for detail, and once as the installed script."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import optout_lib as o
from conftest import PAGES
from optout_lib.cli import main


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(list(argv), out=out)
    return code, out.getvalue()


def test_routes_json_prints_form_url_and_steps() -> None:
    code, out = run("routes", "--platform", "instagram", "--country", "DE", "--json")
    assert code == 0
    data = json.loads(out)
    first = data["routes"][0]
    assert first["kind"] == "objection"
    assert "https://help.instagram.com/contact/767264225370182" in [
        u["url"] for u in first["urls"]
    ]
    assert first["steps"] and first["sources"] and first["last_verified"]
    assert first["method"]


def test_routes_json_in_the_us_prints_alternatives() -> None:
    code, out = run("routes", "--platform", "instagram", "--country", "US", "--json")
    first = json.loads(out)["routes"][0]
    assert (code, first["kind"]) == (0, "none")
    assert first["alternatives"] and first["myth_buster"]


def test_routes_human_output() -> None:
    code, out = run("routes", "--platform", "facebook", "--country", "uk")
    assert code == 0 and "United Kingdom (GB)" in out and "1. " in out
    assert "In the app: Facebook app: ☰ menu → Settings & privacy" in out


def test_unknown_country_exits_2_with_one_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out = run("routes", "--platform", "instagram", "--country", "XX")
    err = capsys.readouterr().err
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "'XX'" in err and "optout jurisdictions" in err


def test_usage_error_exits_2_with_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        run("routes", "--platform", "instagram")
    err = capsys.readouterr().err
    assert info.value.code == 2
    assert err.count("\n") == 1 and "--country" in err


@pytest.mark.parametrize("language", o.languages())
def test_compose_in_every_language(language: str) -> None:
    code, out = run(
        "compose",
        "--platform",
        "facebook",
        "--country",
        "IT",
        "--language",
        language,
        "--argument",
        "loss-of-control",
        "--argument",
        "creative-work",
        "--name",
        "Ana",
    )
    assert code == 0
    assert out.strip() == o.compose_objection(
        platform="facebook",
        country="IT",
        language=language,
        arguments=["loss-of-control", "creative-work"],
        name="Ana",
    )


def test_compose_personal_file(tmp_path: Path) -> None:
    own = tmp_path / "own.txt"
    own.write_text("I am a painter.", encoding="utf-8")
    code, out = run(
        "compose",
        "--platform",
        "instagram",
        "--country",
        "FR",
        "--language",
        "fr",
        "--personal-file",
        str(own),
        "--json",
    )
    assert code == 0 and "I am a painter." in json.loads(out)["text"]


def test_compose_bad_argument_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    code, _ = run(
        "compose",
        "--platform",
        "instagram",
        "--country",
        "DE",
        "--language",
        "de",
        "--argument",
        "nope",
    )
    assert code == 2 and "'nope'" in capsys.readouterr().err


def test_arguments_and_jurisdictions() -> None:
    code, out = run("arguments", "--language", "pl", "--json")
    assert code == 0 and len(json.loads(out)) == len(o.arguments("pl"))
    code, out = run("jurisdictions")
    assert code == 0 and "GB (also UK)" in out


def test_analyze_json_lists_links_and_fields() -> None:
    page = PAGES / "facebook-form-it-2024.html"
    expected = json.loads(page.with_suffix(".json").read_text("utf-8"))
    code, out = run("analyze", str(page), "--url", expected["url"], "--json")
    data = json.loads(out)
    assert code == 0
    assert sorted(f["field"] for f in data["fields"]) == sorted(
        f["field"] for f in expected["fields"]
    )
    for link in data["links"]:
        assert link["href"].startswith("https://") and link["kind"]


def test_fields_prints_each_form_with_confidence_and_evidence() -> None:
    code, out = run("fields", str(PAGES / "facebook-third-party-form-pl.html"))
    assert code == 0
    assert out.startswith("form ") and "first_name" in out and "confidence" in out
    code, out = run("fields", str(PAGES / "facebook-form-it-2024.html"), "--json")
    data = json.loads(out)
    assert code == 0 and {f["field"] for f in data} >= {"email", "country", "reason"}
    assert all(f["state"] == "ok" and f["evidence"] for f in data)


def test_fields_says_when_it_finds_nothing(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text("<p>No form here.</p><form><textarea></textarea><textarea>")
    code, out = run("fields", str(page))
    assert code == 0 and "abstains when unsure" in out


def test_analyze_missing_file_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    code, _ = run("analyze", "/nonexistent.html", "--url", "https://www.facebook.com/")
    assert code == 2 and "cannot read page" in capsys.readouterr().err


def test_check_passes_on_shipped_data() -> None:
    code, out = run("check")
    assert code == 0 and out.startswith("0 problem(s)")


def test_check_explains_broken_data(data_copy: Path) -> None:
    (data_copy / "i18n/fr/arguments/no-way-back.txt").unlink()
    code, out = run("--data-dir", str(data_copy), "check")
    assert code == 1
    assert "i18n/fr/arguments/no-way-back.txt: missing" in out
    assert "see README.md#check-language-complete" in out


def test_export_writes_the_bundle(tmp_path: Path) -> None:
    target = tmp_path / "bundle.json"
    assert run("export", "--out", str(target))[0] == 0
    assert target.read_bytes() == o.bundle_bytes()


def test_installed_console_script_and_module() -> None:
    script = shutil.which("optout", path=os.path.dirname(sys.executable))
    assert script, "the optout console script is not installed next to python"
    done = subprocess.run(
        [script, "routes", "--platform", "instagram", "--country", "XX"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2 and done.stdout == ""
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "optout_lib",
            "compose",
            "--platform",
            "instagram",
            "--country",
            "DE",
            "--language",
            "de",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "DSGVO" in done.stdout


def test_serve_with_broken_overlay_stops_naming_file_and_field(tmp_path: Path) -> None:
    overlay = tmp_path / "guild"
    (overlay / "routes").mkdir(parents=True)
    (overlay / "routes" / "no-route.json").write_text('{"id": "no-route"}', "utf-8")
    script = shutil.which("optout", path=os.path.dirname(sys.executable))
    assert script
    done = subprocess.run(
        [script, "serve", "--port", "1", "--overlay", str(overlay)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 1
    assert f"{overlay}/routes/no-route.json" in done.stderr
    assert "required property" in done.stderr


@pytest.mark.parametrize(
    "argv", [("serve", "--port", "9"), ("export", "--static", "site")]
)
def test_server_commands_without_the_server_extra_say_how_to_get_it(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    argv: tuple[str, ...],
) -> None:
    # None in sys.modules makes `import flask` fail, as without the extra.
    for name in [n for n in sys.modules if n == "server" or n.startswith("server.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "flask", None)
    monkeypatch.chdir(tmp_path)
    assert run(*argv)[0] == 2
    assert "needs the server extra (flask is missing)" in capsys.readouterr().err
    assert not (tmp_path / "site").exists()


def test_serve_help_comes_from_the_server() -> None:
    with pytest.raises(SystemExit) as info:
        run("serve", "--help")
    assert info.value.code == 0


_HOSTILE_FILES = {
    "not UTF-8": b"\xff\xfe\x00garbage",
    "JSON nested past Python's limit": b"[" * 5000 + b"]" * 5000,
    "a lone surrogate escape": b'"\\ud800"',
    "a huge number": b'{"platform": 1e999999}',
    "empty": b"",
}


@pytest.mark.parametrize(
    "content", list(_HOSTILE_FILES.values()), ids=list(_HOSTILE_FILES)
)
@pytest.mark.parametrize(
    "argv",
    [
        ["complaint", "--country", "DE", "--receipt", "{f}"],
        ["reminders", "--receipt", "{f}"],
        ["triage", "{f}"],
        ["lint", "--language", "en", "{f}"],
        ["analyze", "{f}", "--url", "https://www.facebook.com/help/contact/1"],
        ["fields", "{f}"],
        ["verify", "{f}", "--key", "{f}"],
    ],
    ids=lambda a: a[0],
)
def test_hostile_files_get_one_line_never_a_traceback(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    content: bytes,
) -> None:
    path = tmp_path / "input"
    path.write_bytes(content)
    code = main([a.replace("{f}", str(path)) for a in argv], out=io.StringIO())
    err = capsys.readouterr().err
    assert code in (0, 1, 2)
    assert "Traceback" not in err and len(err.strip().splitlines()) <= 1, err
