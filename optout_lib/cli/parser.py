"""The `optout` command line's arguments: one subcommand per operation."""

from __future__ import annotations

import argparse
from typing import NoReturn

from .. import signing

#: commands whose remaining arguments their owner parses (the hint server's)
PASS_THROUGH = frozenset({"serve"})
DESCRIPTION = (
    "The `optout` command line: look up routes and arguments, compose, analyze, check."
)
SERVE_HELP = "Run the hint server (gunicorn)."


class OneLineErrorParser(argparse.ArgumentParser):
    """argparse, but usage errors are one line on stderr and exit code 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: {message} (see {self.prog} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for every subcommand."""
    parser = OneLineErrorParser(prog="optout", description=DESCRIPTION)
    parser.add_argument(
        "--data-dir",
        help="read data from this folder instead of "
        "the package's own (for contributors and tests)",
    )
    sub = parser.add_subparsers(
        dest="command", required=True, parser_class=OneLineErrorParser
    )

    def command(name: str, help_text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text)
        if name not in ("export", "check", "keygen", "verify"):
            p.add_argument(
                "--json", action="store_true", help="machine-readable output"
            )
        return p

    p = command("routes", "What you can do on a platform in a country.")
    p.add_argument("--platform", required=True, help="instagram, facebook, ...")
    p.add_argument("--country", required=True, help="ISO code such as DE or GB (UK)")
    p.add_argument("--language", default="en", help="language for the explanations")
    p = command("jurisdictions", "Every country in the data.")
    p.add_argument(
        "country", nargs="?", help="show one: its law, regulators and key dates"
    )
    p.add_argument("--language", default="en", help="language for the explanations")
    p = command("coverage", "What the data covers, as tables.")
    p.add_argument("--markdown", action="store_true", help="Markdown, for the README")
    p = command("arguments", "The arguments you can choose from.")
    p.add_argument("--language", required=True, help="language tag such as de, pt-BR")
    p = command("compose", "Compose the text for Meta's objection form.")
    p.add_argument("--platform", required=True)
    p.add_argument("--country", required=True)
    p.add_argument("--language", required=True, help="language of the text")
    p.add_argument(
        "--argument",
        action="append",
        default=[],
        metavar="ID",
        help="an argument id; repeat for several, in the order wanted",
    )
    own = p.add_mutually_exclusive_group()
    own.add_argument("--personal", default="", help="your own words, added as typed")
    own.add_argument(
        "--personal-file", help="read your own words from a file (- = stdin)"
    )
    p.add_argument("--name", help="your name, to sign the text")
    p = command("analyze", "Find object links and form fields in a page.")
    p.add_argument("page", help="the saved page (.html)")
    p.add_argument("--url", required=True, help="the address the page was saved from")
    p = command("fields", "Find the fields of every form in any page.")
    p.add_argument("page", help="the page (.html; - = stdin)")
    p.add_argument("--language", help="the form's language, when the page does not say")
    p = command("check", "Validate all data files and explain each problem.")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    # The hint server's own parser reads the rest (server/commands.py), so the
    # library needs neither Flask nor the server's options to list the command.
    sub.add_parser("serve", help=SERVE_HELP, description=SERVE_HELP, add_help=False)
    p = command("triage", "What Meta's answer means, and what next.")
    p.add_argument("file", help="a file with Meta's answer as pasted (- = stdin)")
    p.add_argument(
        "--language", help="language for the explanation (default: the reply's)"
    )
    p = command("lint", "Check your own words before sending them.")
    p.add_argument("file", help="a file with your own words (- = stdin)")
    p.add_argument("--language", required=True, help="the text's language")
    p = command("complaint", "Write the complaint to your regulator.")
    p.add_argument("--country", required=True)
    p.add_argument("--platform", help="needed when there is no --receipt")
    p.add_argument("--receipt", help="a receipt exported by the extension (JSON)")
    p.add_argument("--language", help="default: the regulator's language")
    p.add_argument("--name", help="your name, to sign the letter")
    p = command("third-party", "Write the request about data others shared.")
    p.add_argument("--country", required=True)
    p.add_argument("--language", required=True)
    p.add_argument("--no-account", action="store_true", help="you have no Meta account")
    p.add_argument("--name", help="your name, to sign the letter")
    p = command("reminders", "Follow-up dates for a receipt.")
    p.add_argument("--receipt", required=True, help="a receipt (JSON file, - = stdin)")
    p.add_argument("--language", default="en")
    p.add_argument("--ics", metavar="FILE", help="also write them as a calendar file")
    p = command("export", "Write the data bundle (JSON).")
    p.add_argument("--out", help="file to write (default: stdout)")
    p.add_argument(
        "--snapshot",
        action="store_true",
        help="only what the extension ships (the view and the version fields)",
    )
    p.add_argument(
        "--sign", metavar="KEYFILE", help="also write FILE.sig, signed with this key"
    )
    p.add_argument(
        "--static",
        metavar="DIR",
        help="write the whole read-only /v1/ API as files for nginx or a CDN "
        "(replaces an earlier export there; refuses any other non-empty folder)",
    )
    p.add_argument(
        "--overlay",
        action="append",
        default=[],
        help="add or replace records from this folder, as `optout serve --overlay`",
    )
    p.add_argument(
        "--sequence",
        type=int,
        help="the signature's sequence number (default: now, in Unix seconds); "
        "it must grow with every release",
    )
    p.add_argument(
        "--valid-days",
        type=int,
        default=signing.DEFAULT_VALID_DAYS,
        help="how long the signature is valid (default "
        f"{signing.DEFAULT_VALID_DAYS}, at most {signing.MAX_VALID_DAYS}); "
        "sign again before it expires",
    )
    p = command("keygen", "Write a key pair for signing bundles.")
    p.add_argument("keyfile", help="private key file; the public key goes to .pub")
    p = command("verify", "Check a signed bundle: exit 0 valid, 1 not.")
    p.add_argument("file", help="the bundle")
    p.add_argument("--key", required=True, help="the public key file (KEYFILE.pub)")
    p.add_argument("--sig", help="the signature file (default: FILE.sig)")
    return parser
