"""The `optout` command line: look up routes and arguments, compose, analyze, check."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NoReturn, TextIO

from . import _checks, _data
from .analyze import analyze_page
from .catalogue import Catalogue, default_catalogue, load_catalogue
from .compose import compose_objection
from .errors import DataError, OptoutError
from .export import build_bundle, dump_bundle
from .models import Localized, Route, to_data


class _Parser(argparse.ArgumentParser):
    """argparse, but usage errors are one line on stderr and exit code 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: {message} (see {self.prog} --help)\n")


def _say(text: Localized | None, language: str) -> str:
    if text is None:
        return ""
    return text.get(language) or text["en"]


def _print_json(value: object, out: TextIO) -> None:
    json.dump(value, out, ensure_ascii=False, indent=2, sort_keys=True)
    out.write("\n")


def _evidence_line(route: Route) -> str:
    ev = route.evidence
    return (
        f"  Checked {ev.last_verified} ({ev.method}, confidence {ev.confidence}); "
        f"sources: {', '.join(ev.sources)}"
    )


def _print_route(route: Route, lang: str, out: TextIO) -> None:
    print(f"{_say(route.title, lang)}  [{route.kind}, {route.id}]", file=out)
    print(f"  {_say(route.summary, lang)}", file=out)
    for url in route.urls:
        print(f"  {url.role}: {url.url}", file=out)
    for number, step in enumerate(route.steps, 1):
        print(f"  {number}. {_say(step.text, lang)}", file=out)
    if route.form:
        fields = ", ".join(
            f"{f.field} (required: {f.required})" for f in route.form.fields
        )
        print(
            f"  Form asks for: {fields}; e-mailed code: {route.form.code_step}",
            file=out,
        )
    for failure in route.failure_modes:
        print(f"  Problem: {_say(failure.symptom, lang)}", file=out)
        print(f"    What to do: {_say(failure.what_to_do, lang)}", file=out)
    for alt in route.alternatives:
        limits = f" (Limits: {_say(alt.limits, lang)})" if alt.limits else ""
        print(f"  - {_say(alt.text, lang)}{limits}", file=out)
    if route.myth_buster:
        print(f"  Myth: {_say(route.myth_buster, lang)}", file=out)
    print(_evidence_line(route), file=out)


def cmd_routes(cat: Catalogue, args: argparse.Namespace, out: TextIO) -> None:
    """Print the routes for a platform in a country."""
    routes = cat.routes_for(args.platform, args.country)
    jurisdiction = cat.country(args.country)
    if args.json:
        _print_json(
            {
                "platform": cat.platform(args.platform).id,
                "country": jurisdiction.id,
                "law": jurisdiction.law,
                "routes": to_data(routes),
            },
            out,
        )
        return
    print(
        f"{_say(jurisdiction.name, args.language)} ({jurisdiction.id}), "
        f"law: {jurisdiction.law}",
        file=out,
    )
    for route in routes:
        print(file=out)
        _print_route(route, args.language, out)


def cmd_jurisdictions(cat: Catalogue, args: argparse.Namespace, out: TextIO) -> None:
    """List every jurisdiction with its law and regulator."""
    items = list(cat.jurisdictions.values())
    if args.json:
        _print_json(to_data(items), out)
        return
    for j in items:
        route = "objection route" if j.objection_route else "no route"
        aliases = f" (also {', '.join(j.aliases)})" if j.aliases else ""
        print(
            f"{j.id}{aliases}  {_say(j.name, 'en')}: {j.law}, {route}, "
            f"regulator: {j.regulator or '-'}",
            file=out,
        )


def cmd_arguments(cat: Catalogue, args: argparse.Namespace, out: TextIO) -> None:
    """List the arguments in one language."""
    items = list(cat.arguments[cat.language(args.language)].values())
    if args.json:
        _print_json(to_data(items), out)
        return
    for arg in items:
        print(f"{arg.id}: {arg.title}\n  why: {_say(arg.why, arg.language)}", file=out)


def _personal(args: argparse.Namespace) -> str:
    if args.personal_file is None:
        return str(args.personal)
    if args.personal_file == "-":
        return sys.stdin.read()
    try:
        return Path(args.personal_file).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise OptoutError(
            f"cannot read --personal-file {args.personal_file}: {exc}"
        ) from exc


def cmd_compose(cat: Catalogue, args: argparse.Namespace, out: TextIO) -> None:
    """Print the composed objection text."""
    text = compose_objection(
        cat,
        platform=args.platform,
        country=args.country,
        language=args.language,
        arguments=args.argument,
        personal=_personal(args),
        name=args.name,
    )
    if args.json:
        _print_json({"text": text}, out)
    else:
        print(text, file=out)


def cmd_analyze(cat: Catalogue, args: argparse.Namespace, out: TextIO) -> None:
    """Print the object links and form fields found in a saved page."""
    try:
        html = Path(args.page).read_bytes()
    except OSError as exc:
        raise OptoutError(f"cannot read page {args.page}: {exc.strerror}") from exc
    result = analyze_page(cat, html, args.url)
    if args.json:
        _print_json(to_data(result), out)
        return
    print(
        f"{result.url}: language {result.language or '?'}, platform "
        f"{result.platform or '-'}, form: {result.page_kind or 'none'}",
        file=out,
    )
    for link in result.links:
        print(f"  link  {link.kind:<11} {link.href}  ({link.matched_by})", file=out)
    for field in result.fields:
        print(f"  field {field.field:<11} {field.locator}", file=out)
    if not result.links and not result.fields:
        print("  nothing found", file=out)


def cmd_check(args: argparse.Namespace, out: TextIO) -> int:
    """Validate every data file; print each problem with how to fix it."""
    root = _data.package_data() if args.data_dir is None else Path(args.data_dir)
    raw, problems = _data.read_data(root)
    if not problems:
        problems = _checks.run_checks(raw)
    if args.json:
        _print_json([to_data(p) for p in problems], out)
    else:
        for problem in problems:
            print(problem, file=out)
        counts = {kind: len(records) for kind, records in raw.records.items()}
        summary = ", ".join(f"{n} {kind}" for kind, n in counts.items())
        print(f"{len(problems)} problem(s); read {summary}", file=out)
    return 1 if problems else 0


def cmd_export(cat: Catalogue, args: argparse.Namespace, out: TextIO) -> None:
    """Write the bundle to a file or stdout."""
    data = dump_bundle(build_bundle(cat))
    if args.out is None:
        out.write(data.decode("utf-8"))
    else:
        Path(args.out).write_bytes(data)


def cmd_serve(args: argparse.Namespace, out: TextIO) -> None:
    """Start the hint server with the embedded data (plus overlays)."""
    try:
        from server.serve import serve
    except ImportError as exc:
        raise OptoutError(
            f"the hint server needs the server extra ({exc.name} is missing): "
            "pip install -e '.[server]'"
        ) from exc
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
            "manifest.json",
            file=out,
        )
    out.flush()
    serve(args.host, args.port, args.overlay, args.workers)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for every subcommand."""
    parser = _Parser(prog="optout", description=__doc__)
    parser.add_argument(
        "--data-dir",
        help="read data from this folder instead of "
        "the package's own (for contributors and tests)",
    )
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    def command(
        name: str, func: Callable[..., object], help_text: str
    ) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.set_defaults(func=func)
        if name not in ("export", "check", "serve"):
            p.add_argument(
                "--json", action="store_true", help="machine-readable output"
            )
        return p

    p = command("routes", cmd_routes, "What you can do on a platform in a country.")
    p.add_argument("--platform", required=True, help="instagram, facebook, ...")
    p.add_argument("--country", required=True, help="ISO code such as DE or GB (UK)")
    p.add_argument("--language", default="en", help="language for the explanations")
    command("jurisdictions", cmd_jurisdictions, "Every country in the data.")
    p = command("arguments", cmd_arguments, "The arguments you can choose from.")
    p.add_argument("--language", required=True, help="language tag such as de, pt-BR")
    p = command("compose", cmd_compose, "Compose the text for Meta's objection form.")
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
    p = command("analyze", cmd_analyze, "Find object links and form fields in a page.")
    p.add_argument("page", help="the saved page (.html)")
    p.add_argument("--url", required=True, help="the address the page was saved from")
    p = command("check", cmd_check, "Validate all data files and explain each problem.")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p = command("serve", cmd_serve, "Run the hint server (gunicorn).")
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
    p = command("export", cmd_export, "Write the data bundle (JSON).")
    p.add_argument("--out", help="file to write (default: stdout)")
    return parser


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    """Run the CLI; return the exit code (0 ok, 1 broken data, 2 bad input)."""
    out = out or sys.stdout
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command == "check":
        return cmd_check(args, out)
    if args.command == "serve":
        try:
            cmd_serve(args, out)
        except OptoutError as exc:
            print(f"optout: {exc}", file=sys.stderr)
            return 1 if isinstance(exc, DataError) else 2
        return 0
    try:
        catalogue = (
            default_catalogue()
            if args.data_dir is None
            else load_catalogue(args.data_dir)
        )
        args.func(catalogue, args, out)
    except DataError as exc:
        print(f"optout: {exc}", file=sys.stderr)
        return 1
    except OptoutError as exc:
        print(f"optout: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
