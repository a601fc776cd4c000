"""Signed bundles (issue 8): keygen, export --sign, verify, and every way a signature
can be wrong."""

from __future__ import annotations

import io
import json
import math
import re
import stat
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from optout_lib import DataError, signing
from optout_lib.cli import main


def _run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(list(argv), out=out)
    return code, out.getvalue()


@pytest.fixture(scope="module")
def signed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A key pair and a signed bundle: key, key.pub, bundle.json, bundle.json.sig."""
    root = tmp_path_factory.mktemp("signed")
    assert _run("keygen", str(root / "key"))[0] == 0
    code, _ = _run(
        "export", "--sign", str(root / "key"), "--out", str(root / "bundle.json")
    )
    assert code == 0
    return root


def test_keygen_writes_a_private_key_only_its_owner_can_read(signed: Path) -> None:
    mode = stat.S_IMODE((signed / "key").stat().st_mode)
    assert mode == 0o600
    assert (signed / "key").read_text().startswith("-----BEGIN PRIVATE KEY-----")
    assert len(signing.parse_public_key((signed / "key.pub").read_text())) == 32


def test_keygen_never_overwrites_a_key(signed: Path) -> None:
    before = (signed / "key").read_bytes()
    assert _run("keygen", str(signed / "key"))[0] == 2
    assert (signed / "key").read_bytes() == before


def test_keygen_never_writes_through_a_symlink(tmp_path: Path) -> None:
    victim = tmp_path / "victim"
    (tmp_path / "new.pub").symlink_to(victim)  # dangling: exists() says no file
    assert _run("keygen", str(tmp_path / "new"))[0] == 2
    assert not victim.exists() and not (tmp_path / "new").exists()


def test_keygen_refuses_a_link_planted_after_the_check(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    victim = tmp_path / "victim"
    monkeypatch.setattr(signing.os.path, "lexists", lambda _p: False)
    (tmp_path / "k.pub").symlink_to(victim)
    with pytest.raises(signing.InvalidValue):
        signing.generate_key(tmp_path / "k")
    assert not victim.exists() and not (tmp_path / "k").exists()


def test_export_sign_then_verify(signed: Path) -> None:
    code, text = _run(
        "verify", str(signed / "bundle.json"), "--key", str(signed / "key.pub")
    )
    assert code == 0 and text.startswith("valid: ")
    record = json.loads((signed / "bundle.json.sig").read_text())
    bundle = json.loads((signed / "bundle.json").read_text())
    assert record["data_version"] == bundle["data_version"]
    assert record["sequence"] > 1_700_000_000  # Unix seconds by default
    signed_at = signing.parse_timestamp(record["signed_at"])
    expires = signing.parse_timestamp(record["expires"])
    assert signed_at and expires
    assert (expires - signed_at).days == signing.DEFAULT_VALID_DAYS
    assert f"expires {record['expires']}" in text


def test_a_signature_expires_and_is_not_valid_before_it_was_made(signed: Path) -> None:
    body = (signed / "bundle.json").read_bytes()
    signature = (signed / "bundle.json.sig").read_bytes()
    key = signing.parse_public_key((signed / "key.pub").read_text())
    record = json.loads(signature)
    made = signing.parse_timestamp(record["signed_at"])
    until = signing.parse_timestamp(record["expires"])
    assert made and until
    # Valid from its signing time (a day's clock drift allowed) until it expires.
    for moment in (made.timestamp() - 3600, until.timestamp() - 1):
        assert signing.verify_bundle(body, signature, [key], now=moment)
    with pytest.raises(signing.SignatureInvalid, match="expired at .*; sign again"):
        signing.verify_bundle(body, signature, [key], now=until.timestamp())
    with pytest.raises(signing.SignatureInvalid, match="made in the future"):
        signing.verify_bundle(body, signature, [key], now=made.timestamp() - 2 * 86400)


def test_valid_days_are_bounded(
    signed: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = signed / "short.json"
    assert (
        _run(
            "export",
            "--sign",
            str(signed / "key"),
            "--out",
            str(out),
            "--valid-days",
            "7",
        )[0]
        == 0
    )
    record = json.loads((signed / "short.json.sig").read_text())
    made = signing.parse_timestamp(record["signed_at"])
    until = signing.parse_timestamp(record["expires"])
    assert made and until and (until - made).days == 7
    for days in ("0", "367"):
        code, _ = _run(
            "export",
            "--sign",
            str(signed / "key"),
            "--out",
            str(out),
            "--valid-days",
            days,
        )
        assert code == 2
    assert "valid days must be a whole number from 1 to 366" in capsys.readouterr().err


def _copy(signed: Path, tmp_path: Path) -> Path:
    for name in ("bundle.json", "bundle.json.sig", "key.pub"):
        (tmp_path / name).write_bytes((signed / name).read_bytes())
    return tmp_path


def _edit_sig(folder: Path, **changes: object) -> None:
    record = json.loads((folder / "bundle.json.sig").read_text())
    record.update(changes)
    (folder / "bundle.json.sig").write_text(json.dumps(record))


@pytest.mark.parametrize(
    ("tamper", "reason"),
    [
        (
            lambda f: (f / "bundle.json").write_bytes(
                (f / "bundle.json").read_bytes() + b" "
            ),
            "SHA-256 differs",
        ),
        (lambda f: _edit_sig(f, sequence=12345), "does not match"),
        (lambda f: _edit_sig(f, sequence=9_999_999_999), "too far in the future"),
        (lambda f: _edit_sig(f, data_version="0" * 20), "does not match"),
        (lambda f: _edit_sig(f, signature="A" * 88), "does not match"),
        (lambda f: _edit_sig(f, signature="not base64!"), "does not match"),
        (lambda f: _edit_sig(f, key="ab" * 32), "not trusted"),
        (lambda f: _edit_sig(f, format="other"), "not an optout signature"),
        (lambda f: _edit_sig(f, version=3), "version 3 is unknown"),
        (lambda f: _edit_sig(f, version=1), "version 1 has no expiry"),
        (lambda f: _edit_sig(f, expires="2026-01-01T00:00:00Z"), "lifetime"),
        (
            lambda f: _edit_sig(
                f, signed_at="2020-01-01T00:00:00Z", expires="2020-02-01T00:00:00Z"
            ),
            "expired",
        ),
        (lambda f: _edit_sig(f, signed_at="2099-01-01T00:00:00Z"), "in the future"),
        (lambda f: _edit_sig(f, signed_at="2026-12-01T10:00:00+00:00"), "UTC"),
        (lambda f: _edit_sig(f, expires=None), "no valid signed_at and expires"),
        (lambda f: _edit_sig(f, sequence=-1), "no valid sequence"),
        (lambda f: (f / "bundle.json.sig").write_text("<html>"), "not JSON"),
        (lambda f: (f / "bundle.json.sig").unlink(), "cannot read"),
        (lambda f: (f / "key.pub").write_text("short\n"), "one line of base64"),
    ],
)
def test_verify_refuses_with_one_line(
    signed: Path, tmp_path: Path, tamper: object, reason: str
) -> None:
    folder = _copy(signed, tmp_path)
    tamper(folder)  # type: ignore[operator]
    code, text = _run(
        "verify", str(folder / "bundle.json"), "--key", str(folder / "key.pub")
    )
    assert code == 1
    assert text.startswith("invalid: ") and reason in text and text.count("\n") == 1


def test_another_key_is_not_trusted(signed: Path, tmp_path: Path) -> None:
    assert _run("keygen", str(tmp_path / "other"))[0] == 0
    code, text = _run(
        "verify", str(signed / "bundle.json"), "--key", str(tmp_path / "other.pub")
    )
    assert code == 1 and "not trusted" in text


def test_sign_needs_an_output_file(
    signed: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run("export", "--sign", str(signed / "key"))[0] == 2
    assert "--sign needs --out" in capsys.readouterr().err


def test_a_missing_or_foreign_private_key_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "not-a-key").write_text("hello")
    for key in ("missing", "not-a-key"):
        code, _ = _run(
            "export", "--sign", str(tmp_path / key), "--out", str(tmp_path / "b")
        )
        assert code == 2
    err = capsys.readouterr().err
    assert "cannot read key" in err and "not an unencrypted PEM private key" in err


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_any_changed_byte_is_caught(signed: Path, data: st.DataObject) -> None:
    body = (signed / "bundle.json").read_bytes()
    key = signing.parse_public_key((signed / "key.pub").read_text())
    index = data.draw(st.integers(0, len(body) - 1))
    flipped = bytes([body[index] ^ data.draw(st.integers(1, 255))])
    with pytest.raises(signing.SignatureInvalid):
        signing.verify_bundle(
            body[:index] + flipped + body[index + 1 :],
            (signed / "bundle.json.sig").read_bytes(),
            [key],
        )


def test_the_server_serves_the_signature_of_exactly_its_bundle(signed: Path) -> None:
    from server import create_app

    app = create_app(
        {"TESTING": True, "SIGNATURE_FILE": str(signed / "bundle.json.sig")}
    )
    client = app.test_client()
    body = client.get("/v1/bundle").data
    answer = client.get("/v1/bundle.sig")
    assert answer.status_code == 200 and answer.mimetype == "application/json"
    key = signing.parse_public_key((signed / "key.pub").read_text())
    assert signing.verify_bundle(body, answer.data, [key]).data_version
    assert client.get("/v1/").json["links"]["signature"] == "/v1/bundle.sig"


def test_an_unsigned_server_says_so(client: object) -> None:
    answer = client.get("/v1/bundle.sig")  # type: ignore[attr-defined]
    assert answer.status_code == 404 and answer.json["error"]["code"] == "not_signed"


def test_a_signature_of_other_data_stops_start_up(signed: Path, tmp_path: Path) -> None:
    from server import create_app

    _copy(signed, tmp_path)
    _edit_sig(tmp_path, sha256="0" * 64)
    with pytest.raises(DataError, match="signs other data"):
        create_app(
            {"TESTING": True, "SIGNATURE_FILE": str(tmp_path / "bundle.json.sig")}
        )


def test_an_expired_signature_stops_start_up(signed: Path, tmp_path: Path) -> None:
    from server import create_app

    _copy(signed, tmp_path)
    _edit_sig(
        tmp_path, signed_at="2020-01-01T00:00:00Z", expires="2020-03-01T00:00:00Z"
    )
    with pytest.raises(DataError, match="expired at 2020-03-01T00:00:00Z"):
        create_app(
            {"TESTING": True, "SIGNATURE_FILE": str(tmp_path / "bundle.json.sig")}
        )


def test_export_overlay_signs_what_an_overlay_server_serves(
    signed: Path, tmp_path: Path
) -> None:
    from server import create_app

    overlay = tmp_path / "overlay" / "routes"
    overlay.mkdir(parents=True)
    route = json.loads(
        (Path(signing.__file__).parent / "data/routes/no-route.json").read_text()
    )
    route["summary"]["en"] = "An organisation's own wording."
    (overlay / "no-route.json").write_text(json.dumps(route))
    out = tmp_path / "b.json"
    code, _ = _run(
        "export",
        "--overlay",
        str(overlay.parent),
        "--sign",
        str(signed / "key"),
        "--out",
        str(out),
    )
    assert code == 0
    app = create_app(
        {
            "TESTING": True,
            "OVERLAY_DIR": [str(overlay.parent)],
            "SIGNATURE_FILE": str(tmp_path / "b.json.sig"),
        }
    )
    assert app.test_client().get("/v1/bundle").data == out.read_bytes()


def test_no_sequence_far_in_the_future_is_signed_or_accepted(signed: Path) -> None:
    key = signing.read_private_key(signed / "key")
    body = (signed / "bundle.json").read_bytes()
    version = json.loads(body)["data_version"]
    with pytest.raises(signing.InvalidValue, match="a year ahead"):
        signing.sign_bundle(key, body, version, 2**53 - 1)
    record = json.loads(signing.dump_signature(signing.sign_bundle(key, body, version)))
    record["sequence"] = 2**53 - 1  # as a leaked key could sign it by hand
    with pytest.raises(signing.SignatureInvalid, match="too far in the future"):
        signing.verify_bundle(body, json.dumps(record).encode(), [])


def test_the_extension_checks_signatures_with_the_same_limits() -> None:
    root = Path(__file__).resolve().parent.parent / "extension" / "lib"
    checker = (root / "signature.js").read_text()
    bundle = (root / "bundle.js").read_text()

    def constant(text: str, name: str) -> int:
        """A JS constant written as a product of whole numbers (366 * 24 * 3600)."""
        match = re.search(rf"const {name} = ([\d *]+);", text)
        assert match, name
        return math.prod(int(factor) for factor in match[1].split("*"))

    assert constant(checker, "MAX_AHEAD_SECONDS") == signing.MAX_AHEAD_SECONDS
    assert constant(checker, "MAX_VALID_DAYS") == signing.MAX_VALID_DAYS
    assert constant(checker, "CLOCK_SKEW_SECONDS") == signing.CLOCK_SKEW_SECONDS
    assert constant(checker, "VERSION") == signing.SIGNATURE_VERSION
    assert constant(bundle, "SHIPPED_FRESH_DAYS") == signing.DEFAULT_VALID_DAYS


def test_a_signature_file_nested_past_python_s_limit_is_invalid_not_a_crash() -> None:
    with pytest.raises(signing.SignatureInvalid, match="nests too deeply"):
        signing.verify_bundle(b"{}", b"[" * 20_000, [b"k" * 32])
