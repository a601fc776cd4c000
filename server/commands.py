"""The CLI commands the hint server owns: `optout serve` and the files of
`optout export --static`. The library's CLI calls them when this extra is installed."""

from __future__ import annotations

import argparse
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

from optout_lib.cli.parser import SERVE_HELP, OneLineErrorParser

from .serve import serve
from .static_export import export_static


def serve_parser() -> argparse.ArgumentParser:
    """The arguments of `optout serve`."""
    p = OneLineErrorParser(prog="optout serve", description=SERVE_HELP)
    p.add_argument("--host", default="127.0.0.1", help="address to listen on")
    p.add_argument("--port", type=int, default=8787, help="port to listen on")
    p.add_argument(
        "--overlay",
        action="append",
        default=[],
        metavar="DIR",
        help="a folder of records that add to or replace the data",
    )
    p.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    p.add_argument(
        "--signature",
        metavar="FILE.sig",
        help="serve this signature of the bundle at /v1/bundle.sig "
        "(made offline with `optout export --sign`)",
    )
    return p


def serve_command(argv: Sequence[str], out: TextIO) -> None:
    """Start the hint server with the embedded data (plus overlays)."""
    args = serve_parser().parse_args(argv)
    print(
        f"optout hint server: http://{args.host}:{args.port}/v1/ (Ctrl+C stops it)",
        file=out,
    )
    extension = Path(__file__).resolve().parent.parent / "extension"
    if (extension / "manifest.json").is_file():  # a source checkout, not a wheel
        print(
            f"Load the extension from {extension}:\n"
            "  Chrome/Chromium: chrome://extensions > Developer mode > Load unpacked\n"
            "  Firefox: about:debugging > This Firefox > Load Temporary Add-on > "
            "manifest.json\n"
            "The extension uses its built-in data until you give it a server: in its "
            f"settings, Advanced, set the hint server address to http://{args.host}:"
            f"{args.port}",
            file=out,
        )
    out.flush()
    serve(args.host, args.port, args.overlay, args.workers, signature=args.signature)


def write_static(
    target: Path, overlays: Sequence[str], signature: bytes | None
) -> list[Path]:
    """Write the whole read-only API under `target`, with the bundle's signature
    file when there is one; returns the files written."""
    config: dict[str, Any] = {"OVERLAY_DIR": list(overlays)}
    with tempfile.TemporaryDirectory() as scratch:
        if signature is not None:
            sig = Path(scratch) / "bundle.sig"
            sig.write_bytes(signature)
            config["SIGNATURE_FILE"] = str(sig)
        return export_static(target, config)
