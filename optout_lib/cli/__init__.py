"""The `optout` command line: look up routes and arguments, compose, analyze, check."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import TextIO

from ..errors import DataError, OptoutError
from .commands import COMMANDS
from .parser import PASS_THROUGH, build_parser

__all__ = ["main"]


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    """Run the CLI; return the exit code (0 ok, 1 broken data or lint findings,
    2 bad input)."""
    out = out or sys.stdout
    parser = build_parser()
    args, rest = parser.parse_known_args(argv)
    if rest and args.command not in PASS_THROUGH:
        parser.error(f"unrecognized arguments: {' '.join(rest)}")
    args.rest = rest
    # The one error path: every OptoutError is one line on stderr; broken data
    # exits 1 and anything else the person can fix exits 2.
    try:
        code = COMMANDS[args.command](args, out)
    except OptoutError as exc:
        print(f"optout: {exc}", file=sys.stderr)
        return 1 if isinstance(exc, DataError) else 2
    return code or 0
