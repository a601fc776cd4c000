"""Write optout's icons (extension/icons/icon-<size>.png): a magenta rounded square
with a white "no" sign. Pure Python (zlib, struct), so the bytes are the same on every
machine; tests/test_icons.py checks the committed files are what this writes."""

import math
import struct
import sys
import zlib
from pathlib import Path

SIZES = (16, 32, 48, 128)
MAGENTA = (0xB0, 0x00, 0x60)
WHITE = (0xFF, 0xFF, 0xFF)
SAMPLES = 4  # per axis, for smooth edges
OUT = Path(__file__).resolve().parent.parent / "extension" / "icons"


def in_square(x: float, y: float) -> bool:
    """Inside the rounded square filling the unit canvas (corner radius 0.22)."""
    r = 0.22
    cx = min(max(x, r), 1 - r)
    cy = min(max(y, r), 1 - r)
    return (x - cx) ** 2 + (y - cy) ** 2 <= r * r


def in_sign(x: float, y: float) -> bool:
    """On the white "no" sign: a ring and its diagonal bar, centred."""
    dx, dy = x - 0.5, y - 0.5
    distance = math.hypot(dx, dy)
    outer, width = 0.33, 0.085
    ring = outer - width <= distance <= outer
    # The bar runs from top left to bottom right, inside the ring.
    bar = abs(dx - dy) / math.sqrt(2) <= width / 2 and distance <= outer
    return ring or bar


def pixel(size: int, px: int, py: int) -> bytes:
    """One RGBA pixel, averaged over SAMPLES x SAMPLES points."""
    square = sign = 0
    for i in range(SAMPLES):
        for j in range(SAMPLES):
            x = (px + (i + 0.5) / SAMPLES) / size
            y = (py + (j + 0.5) / SAMPLES) / size
            if in_square(x, y):
                square += 1
                sign += in_sign(x, y)
    if not square:
        return bytes(4)
    mix = sign / square
    rgb = [round(m + (w - m) * mix) for m, w in zip(MAGENTA, WHITE, strict=True)]
    return bytes([*rgb, round(255 * square / SAMPLES**2)])


def chunk(kind: bytes, data: bytes) -> bytes:
    """A PNG chunk: length, type, data, CRC."""
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))


def png(size: int) -> bytes:
    """The icon at `size` px as PNG bytes (8-bit RGBA, no filter)."""
    rows = b"".join(
        b"\x00" + b"".join(pixel(size, x, y) for x in range(size)) for y in range(size)
    )
    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows, 9))
        + chunk(b"IEND", b"")
    )


def main(out: Path = OUT) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for size in SIZES:
        (out / f"icon-{size}.png").write_bytes(png(size))


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT)
