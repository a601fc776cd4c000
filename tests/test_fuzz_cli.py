"""Every CLI command that reads a file, given hypothesis-made file contents (issue 16):
exit 0, 1 or 2, at most one line on stderr, never a traceback. tests/
test_hostile_input.py fuzzes the arguments; this fuzzes what the files hold."""

from __future__ import annotations

import base64
import io
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_after_form import receipt

from optout_lib.cli import main

FUZZ = settings(
    max_examples=40,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
RECEIPT = json.dumps(receipt()).encode()
#: contents near the real ones (so the fuzzer gets past the first check), and any
CONTENTS = st.one_of(
    st.binary(max_size=300),
    st.text(max_size=200).map(lambda t: t.encode("utf-8", "surrogatepass")),
    st.builds(lambda cut: RECEIPT[:cut], st.integers(0, len(RECEIPT))),
    st.builds(
        lambda key, junk: json.dumps({**receipt(), key: junk}).encode(),
        st.sampled_from(sorted(receipt())),
        st.none() | st.integers() | st.text(max_size=20) | st.lists(st.integers()),
    ),
    st.sampled_from(
        [
            b"[" * 20_000,  # past Python's recursion limit
            b'{"a": ' * 4000,
            b"\xef\xbb\xbf" + RECEIPT,  # a byte-order mark, as Windows editors write
            RECEIPT.replace(b"DE", b"\xed\xa0\x80"),  # a lone surrogate, raw
            base64.b64encode(b"k" * 32),
            base64.b64encode(b"k" * 31) + b"\n\n",
            b"-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n",
            b"\x00" * 64,
        ]
    ),
)
#: each command with the file it reads ({file}); other files it needs are valid
COMMANDS = [
    ["compose", "--platform", "instagram", "--country", "DE", "--language", "de",
     "--personal-file", "{file}"],
    ["analyze", "{file}", "--url", "https://www.facebook.com/help/contact/1"],
    ["fields", "{file}"],
    ["triage", "{file}"],
    ["lint", "{file}", "--language", "de"],
    ["complaint", "--country", "DE", "--receipt", "{file}"],
    ["reminders", "--receipt", "{file}"],
    ["reminders", "--receipt", "{file}", "--ics", "{dir}/out.ics"],
    ["verify", "{file}", "--key", "{dir}/good.pub"],
    ["verify", "{dir}/bundle.json", "--key", "{file}"],
    ["verify", "{dir}/bundle.json", "--key", "{dir}/good.pub", "--sig", "{file}"],
    ["export", "--sign", "{file}", "--out", "{dir}/signed.json"],
]  # fmt: skip


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with a valid bundle and public key beside the fuzzed file."""
    root = tmp_path_factory.mktemp("cli")
    (root / "bundle.json").write_text("{}", encoding="utf-8")
    (root / "good.pub").write_bytes(base64.b64encode(b"k" * 32) + b"\n")
    return root


@FUZZ
@given(command=st.sampled_from(COMMANDS), content=CONTENTS)
def test_file_contents_give_an_exit_code_and_one_line(
    folder: Path,
    capsys: pytest.CaptureFixture[str],
    command: list[str],
    content: bytes,
) -> None:
    path = folder / "input"
    path.write_bytes(content)
    argv = [a.format(file=path, dir=folder) for a in command]
    capsys.readouterr()
    try:
        code = main(argv, out=io.StringIO())
    except SystemExit as exc:  # argparse: exit 2 with a usage line
        code = exc.code
    assert code in (0, 1, 2), code
    errors = capsys.readouterr().err.strip().splitlines()
    assert len(errors) <= 1 or errors[0].startswith("usage:"), errors
    assert not any("Traceback" in line for line in errors)
