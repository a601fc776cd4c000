"""The extension's icons: a PNG per size the manifest names, as the generator writes."""

import json
import struct
import sys
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ICONS = ROOT / "extension" / "icons"
sys.path.insert(0, str(ROOT / "scripts"))

import make_icons  # noqa: E402


def decoded(data: bytes) -> tuple[tuple[int, ...], bytes]:
    """A PNG's header fields and its pixel rows (the compressed bytes may differ
    between zlib builds; the image may not)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    at, header, idat = 8, None, b""
    while at < len(data):
        (length,) = struct.unpack(">I", data[at : at + 4])
        kind, body = data[at + 4 : at + 8], data[at + 8 : at + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        at += 12 + length
    assert header is not None
    return header, zlib.decompress(idat)


def test_each_size_is_a_square_rgba_png_of_that_size():
    for size in make_icons.SIZES:
        header, rows = decoded((ICONS / f"icon-{size}.png").read_bytes())
        assert header == (size, size, 8, 6, 0, 0, 0)
        assert len(rows) == size * (1 + 4 * size)


def test_the_generator_writes_the_committed_icons(tmp_path: Path):
    make_icons.main(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        p.name for p in ICONS.iterdir()
    )
    for written in tmp_path.iterdir():
        assert decoded(written.read_bytes()) == decoded(
            (ICONS / written.name).read_bytes()
        ), written.name


def test_the_manifest_names_every_icon_and_only_those():
    manifest = json.loads((ROOT / "extension" / "manifest.json").read_text())
    named = set(manifest["icons"].values()) | set(
        manifest["action"]["default_icon"].values()
    )
    assert named == {f"icons/{p.name}" for p in ICONS.iterdir()}
    for size, file in manifest["icons"].items():
        assert file == f"icons/icon-{size}.png"
