"""The `optout` command line: look up routes and arguments, compose, analyze, check."""

from __future__ import annotations

import argparse
import importlib
import json
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NoReturn, TextIO

from . import _checks, _data, signing
from .analyze import analyze_page, find_fields
from .catalogue import Catalogue, default_catalogue, load_catalogue
from .compose import compose_objection
from .coverage import coverage, coverage_tables
from .errors import DataError, InvalidValue, OptoutError
from .export import build_bundle, dump_bundle
from .letters import Letter, compose_complaint, compose_third_party_request
from .lint import lint_objection
from .models import (
    Evidence,
    FoundField,
    Jurisdiction,
    Localized,
    Regulator,
    Route,
    say,
    to_data,
)
from .receipts import parse_receipt, reminders, reminders_ics
from .triage import triage_reply


class _Parser(argparse.ArgumentParser):
    """argparse, but usage errors are one line on stderr and exit code 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: {message} (see {self.prog} --help)\n")


def _say(text: Localized | None, language: str) -> str:
    if text is None:
        return ""
    return say(text, language)


def _print_json(value: object, out: TextIO) -> None:
    json.dump(value, out, ensure_ascii=False, indent=2, sort_keys=True)
    out.write("\n")


def _evidence_line(ev: Evidence, indent: str = "  ") -> str:
    return (
        f"{indent}Checked {ev.last_verified} ({ev.method}, confidence "
        f"{ev.confidence}); sources: {', '.join(ev.sources)}"
    )


def _print_route(route: Route, lang: str, out: TextIO) -> None:
    print(f"{_say(route.title, lang)}  [{route.kind}, {route.id}]", file=out)
    print(f"  {_say(route.summary, lang)}", file=out)
    for url in route.urls:
        print(f"  {url.role}: {url.url}", file=out)
    for number, step in enumerate(route.steps, 1):
        print(f"  {number}. {_say(step.text, lang)}", file=out)
    if route.app_path:
        print(f"  In the app: {_say(route.app_path, lang)}", file=out)
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
    print(_evidence_line(route.evidence), file=out)


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


def _print_regulator(role: str, reg: Regulator, lang: str, out: TextIO) -> None:
    print(f"{role}: {_say(reg.name, lang)} ({reg.short_name}, {reg.country})", file=out)
    print(f"  complaint: {reg.complaint_url}", file=out)
    print(f"  website: {reg.website}; languages: {', '.join(reg.languages)}", file=out)
    print(f"  contact Meta first: {reg.contact_controller_first}", file=out)
    for item in reg.what_to_attach:
        print(f"  attach: {_say(item, lang)}", file=out)
    for item in reg.deadlines:
        print(f"  deadline: {_say(item, lang)}", file=out)
    if reg.notes:
        print(f"  note: {_say(reg.notes, lang)}", file=out)
    print(_evidence_line(reg.evidence), file=out)


def _print_jurisdiction(
    cat: Catalogue, j: Jurisdiction, lang: str, out: TextIO
) -> None:
    route = "objection route" if j.objection_route else "no objection route"
    print(f"{_say(j.name, lang)} ({j.id}): {j.law}, {route}", file=out)
    print(f"Languages: {', '.join(j.languages)}", file=out)
    if j.local_rights:
        print(f"Local law: {_say(j.local_rights, lang)}", file=out)
    if j.notes:
        print(f"Note: {_say(j.notes, lang)}", file=out)
    national = cat.regulators.get(j.regulator or "")
    if national:
        _print_regulator("Regulator", national, lang, out)
    lead = cat.regulators.get(j.lead_regulator or "")
    if lead and lead is not national:
        _print_regulator("Lead authority for Meta", lead, lang, out)
    if j.regulator_choice:
        print(f"Which to use: {_say(j.regulator_choice, lang)}", file=out)
    for date in j.key_dates:
        print(f"{date.date}  {_say(date.event, lang)}", file=out)
    print(_evidence_line(j.evidence, indent=""), file=out)


def cmd_jurisdictions(cat: Catalogue, args: argparse.Namespace, out: TextIO) -> None:
    """List every jurisdiction, or show one with its regulators and key dates."""
    if args.country:
        found = cat.country(args.country)
        if args.json:
            _print_json(
                {
                    "jurisdiction": to_data(found),
                    "regulator": to_data(cat.regulators.get(found.regulator or "")),
                    "lead_regulator": to_data(
                        cat.regulators.get(found.lead_regulator or "")
                    ),
                },
                out,
            )
        else:
            _print_jurisdiction(cat, found, args.language, out)
        return
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


def cmd_coverage(cat: Catalogue, args: argparse.Namespace, out: TextIO) -> None:
    """Print what the data covers: jurisdictions and languages."""
    cov = coverage(cat)
    if args.json:
        _print_json(
            {
                "jurisdictions": to_data(cov.jurisdictions),
                "languages": [
                    {**to_data(lang), "complete": lang.complete}  # type: ignore[dict-item]
                    for lang in cov.languages
                ],
            },
            out,
        )
        return
    out.write(coverage_tables(cov, markdown=args.markdown))


def cmd_arguments(cat: Catalogue, args: argparse.Namespace, out: TextIO) -> None:
    """List the arguments in one language."""
    items = list(cat.arguments[cat.language(args.language)].values())
    if args.json:
        _print_json(to_data(items), out)
        return
    for arg in items:
        print(f"{arg.id}: {arg.title}\n  why: {_say(arg.why, arg.language)}", file=out)


def _read_text(path: str, what: str) -> str:
    """A file's text, or stdin for `-`; a clear error if it cannot be read."""
    if path == "-":
        return sys.stdin.read()
    try:
        return Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise OptoutError(f"cannot read {what} {path}: {exc}") from exc


def _personal(args: argparse.Namespace) -> str:
    if args.personal_file is None:
        return str(args.personal)
    return _read_text(args.personal_file, "--personal-file")


def _receipt(path: str | None) -> object:
    if path is None:
        return None
    try:
        return json.loads(_read_text(path, "receipt"))
    except json.JSONDecodeError as exc:
        raise OptoutError(f"receipt {path} is not JSON: {exc}") from exc


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
    review = _review_note(cat, cat.language(args.language))
    if args.json:
        _print_json({"text": text, "review": review}, out)
    else:
        print(text, file=out)


def cmd_analyze(cat: Catalogue, args: argparse.Namespace, out: TextIO) -> None:
    """Print the object links and form fields found in a saved page."""
    result = analyze_page(cat, _read_page(args.page), args.url)
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
        print(f"  field {_field_line(field)}", file=out)
    if not result.links and not result.fields:
        print("  nothing found", file=out)


def _field_line(field: FoundField) -> str:
    state = "" if field.state == "ok" else f", {field.state}: never filled"
    return (
        f"{field.field:<13} {field.locator}  (confidence {field.confidence:.2f}{state};"
        f" {' '.join(field.evidence)})"
    )


def _read_page(path: str) -> bytes:
    if path == "-":
        return sys.stdin.buffer.read()
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise OptoutError(f"cannot read page {path}: {exc.strerror}") from exc


def cmd_fields(cat: Catalogue, args: argparse.Namespace, out: TextIO) -> None:
    """Print the logical fields of every form in any page."""
    found = find_fields(cat, _read_page(args.page), args.language)
    if args.json:
        _print_json(to_data(found), out)
        return
    for form in sorted({f.form for f in found}):
        print(f"form {form}", file=out)
        for field in (f for f in found if f.form == form):
            print(f"  {_field_line(field)}", file=out)
    if not found:
        print("no fields found (the detector abstains when unsure)", file=out)


def cmd_triage(cat: Catalogue, args: argparse.Namespace, out: TextIO) -> None:
    """Say what Meta's pasted answer means and what to do next."""
    result = triage_reply(cat, _read_text(args.file, "reply"), language=args.language)
    if args.json:
        _print_json(to_data(result), out)
        return
    print(f"{result.outcome} (language: {result.language or '?'})", file=out)
    print(result.summary, file=out)
    for number, step in enumerate(result.next_steps, 1):
        print(f"  {number}. {step}", file=out)


def cmd_lint(cat: Catalogue, args: argparse.Namespace, out: TextIO) -> int:
    """Check your own words before sending them; exit 1 when there are findings."""
    findings = lint_objection(cat, _read_text(args.file, "text"), args.language)
    if args.json:
        _print_json([to_data(f) for f in findings], out)
    else:
        for finding in findings:
            words = f" ({', '.join(finding.words)})" if finding.words else ""
            print(f"{finding.code}{words}: {finding.message}", file=out)
            print(f"  {finding.suggestion}", file=out)
            if finding.arguments:
                print(f"  Arguments: {', '.join(finding.arguments)}", file=out)
        if not findings:
            print("no findings", file=out)
    return 1 if findings else 0


def _review_note(cat: Catalogue, language: str) -> str:
    """Tell the person on stderr when a text was not reviewed by a native speaker;
    returns the language's review state."""
    record = cat.languages[language]
    if record.review == "machine-drafted":
        print(
            f"optout: note: the {record.name} ({language}) texts are "
            "machine-drafted, not yet reviewed by a native speaker; read the text "
            "before you send it.",
            file=sys.stderr,
        )
    return record.review


def _print_letter(cat: Catalogue, letter: Letter, json_out: bool, out: TextIO) -> None:
    review = _review_note(cat, letter.language)
    if json_out:
        _print_json(
            {
                "subject": letter.subject,
                "text": letter.text,
                "language": letter.language,
                "review": review,
                "regulator": letter.regulator.id if letter.regulator else None,
                "url": letter.url,
            },
            out,
        )
        return
    if letter.url:
        print(f"Send to: {letter.url}", file=out)
    print(f"Subject: {letter.subject}\n\n{letter.text}", file=out)


def cmd_complaint(cat: Catalogue, args: argparse.Namespace, out: TextIO) -> None:
    """Write the complaint to your regulator, from your receipt if you have one."""
    letter = compose_complaint(
        cat,
        country=args.country,
        platform=args.platform,
        language=args.language,
        receipt=_receipt(args.receipt),  # type: ignore[arg-type]
        name=args.name,
    )
    _print_letter(cat, letter, args.json, out)


def cmd_third_party(cat: Catalogue, args: argparse.Namespace, out: TextIO) -> None:
    """Write the request for Meta's third-party information form."""
    letter = compose_third_party_request(
        cat,
        country=args.country,
        language=args.language,
        has_account=not args.no_account,
        name=args.name,
    )
    _print_letter(cat, letter, args.json, out)


def cmd_reminders(cat: Catalogue, args: argparse.Namespace, out: TextIO) -> None:
    """List follow-up dates for a receipt, or write them as an .ics file."""
    receipt = parse_receipt(cat, _receipt(args.receipt))  # type: ignore[arg-type]
    items = reminders(cat, receipt, language=args.language)
    if args.ics:
        Path(args.ics).write_text(reminders_ics(receipt, items), encoding="utf-8")
    if args.json:
        _print_json([to_data(r) for r in items], out)
        return
    for item in items:
        print(
            f"{item.date}  {item.title}" + (f"  {item.url}" if item.url else ""),
            file=out,
        )


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


def _server_module(name: str) -> Any:
    """A module of the hint server package, or a clear error without the extra."""
    try:
        return importlib.import_module(f"server.{name}")
    except ImportError as exc:
        raise OptoutError(
            f"this needs the server extra ({exc.name} is missing): "
            "pip install -e '.[server]'"
        ) from exc


def cmd_export(cat: Catalogue, args: argparse.Namespace, out: TextIO) -> None:
    """Write the bundle to a file or stdout; with --sign, also FILE.sig; with
    --static, the whole read-only API as files."""
    if args.overlay:  # a self-hoster's bundle, exactly as their server builds it
        cat = load_catalogue(args.data_dir, overlays=args.overlay)
    if args.static and args.data_dir:
        raise InvalidValue("--static exports the package's data; use --overlay DIR")
    if args.sign and args.out is None and args.static is None:
        raise InvalidValue("--sign needs --out FILE or --static DIR")
    bundle = build_bundle(cat)
    data = dump_bundle(bundle)
    record = None
    if args.sign:
        key = signing.read_private_key(Path(args.sign))
        record = signing.sign_bundle(key, data, bundle["data_version"], args.sequence)
    if args.out is None and args.static is None:
        out.write(data.decode("utf-8"))
    if args.out is not None:
        target = Path(args.out)
        target.write_bytes(data)
        if record is not None:
            sig = target.with_name(target.name + ".sig")
            sig.write_bytes(signing.dump_signature(record))
            print(f"wrote {target} and {sig}", file=sys.stderr)
    if args.static is not None:
        config: dict[str, Any] = {"OVERLAY_DIR": list(args.overlay)}
        with tempfile.TemporaryDirectory() as scratch:
            if record is not None:
                sig = Path(scratch) / "bundle.sig"
                sig.write_bytes(signing.dump_signature(record))
                config["SIGNATURE_FILE"] = str(sig)
            files = _server_module("static_export").export_static(
                Path(args.static), config
            )
        print(f"wrote {len(files)} files under {args.static}", file=sys.stderr)
    if record is not None:
        print(
            f"signed with key {record['key'][:16]}…, sequence {record['sequence']}",
            file=sys.stderr,
        )


def cmd_keygen(args: argparse.Namespace, out: TextIO) -> int:
    """Write a new Ed25519 key pair for signing bundles."""
    path = Path(args.keyfile)
    try:
        print_fp = signing.generate_key(path)
    except OptoutError as exc:
        print(f"optout: {exc}", file=sys.stderr)
        return 2
    print(f"private key: {path} (keep it offline; never on the server)", file=out)
    print(f"public key: {path}.pub  fingerprint: {print_fp}", file=out)
    return 0


def cmd_verify(args: argparse.Namespace, out: TextIO) -> int:
    """Check FILE.sig against FILE and a public key: exit 0 valid, 1 not."""
    sig_path = Path(args.sig or args.file + ".sig")
    try:
        body = Path(args.file).read_bytes()
        signature = sig_path.read_bytes()
        key = signing.parse_public_key(Path(args.key).read_text(encoding="ascii"))
        found = signing.verify_bundle(body, signature, [key])
    except OSError as exc:
        print(f"invalid: cannot read {exc.filename}: {exc.strerror}", file=out)
        return 1
    except (OptoutError, UnicodeDecodeError) as exc:
        print(f"invalid: {exc}", file=out)
        return 1
    print(
        f"valid: {args.file} signed by {found.key[:16]}…, sequence {found.sequence}, "
        f"data {found.data_version}",
        file=out,
    )
    return 0


def cmd_serve(args: argparse.Namespace, out: TextIO) -> None:
    """Start the hint server with the embedded data (plus overlays)."""
    serve = _server_module("serve").serve
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
    serve(args.host, args.port, args.overlay, args.workers, signature=args.signature)


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
        if name not in ("export", "check", "serve", "keygen", "verify"):
            p.add_argument(
                "--json", action="store_true", help="machine-readable output"
            )
        return p

    p = command("routes", cmd_routes, "What you can do on a platform in a country.")
    p.add_argument("--platform", required=True, help="instagram, facebook, ...")
    p.add_argument("--country", required=True, help="ISO code such as DE or GB (UK)")
    p.add_argument("--language", default="en", help="language for the explanations")
    p = command("jurisdictions", cmd_jurisdictions, "Every country in the data.")
    p.add_argument(
        "country", nargs="?", help="show one: its law, regulators and key dates"
    )
    p.add_argument("--language", default="en", help="language for the explanations")
    p = command("coverage", cmd_coverage, "What the data covers, as tables.")
    p.add_argument("--markdown", action="store_true", help="Markdown, for the README")
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
    p = command("fields", cmd_fields, "Find the fields of every form in any page.")
    p.add_argument("page", help="the page (.html; - = stdin)")
    p.add_argument("--language", help="the form's language, when the page does not say")
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
    p.add_argument(
        "--signature",
        metavar="FILE.sig",
        help="serve this signature of the bundle at /v1/bundle.sig "
        "(made offline with `optout export --sign`)",
    )
    p = command("triage", cmd_triage, "What Meta's answer means, and what next.")
    p.add_argument("file", help="a file with Meta's answer as pasted (- = stdin)")
    p.add_argument(
        "--language", help="language for the explanation (default: the reply's)"
    )
    p = command("lint", cmd_lint, "Check your own words before sending them.")
    p.add_argument("file", help="a file with your own words (- = stdin)")
    p.add_argument("--language", required=True, help="the text's language")
    p = command("complaint", cmd_complaint, "Write the complaint to your regulator.")
    p.add_argument("--country", required=True)
    p.add_argument("--platform", help="needed when there is no --receipt")
    p.add_argument("--receipt", help="a receipt exported by the extension (JSON)")
    p.add_argument("--language", help="default: the regulator's language")
    p.add_argument("--name", help="your name, to sign the letter")
    p = command(
        "third-party", cmd_third_party, "Write the request about data others shared."
    )
    p.add_argument("--country", required=True)
    p.add_argument("--language", required=True)
    p.add_argument("--no-account", action="store_true", help="you have no Meta account")
    p.add_argument("--name", help="your name, to sign the letter")
    p = command("reminders", cmd_reminders, "Follow-up dates for a receipt.")
    p.add_argument("--receipt", required=True, help="a receipt (JSON file, - = stdin)")
    p.add_argument("--language", default="en")
    p.add_argument("--ics", metavar="FILE", help="also write them as a calendar file")
    p = command("export", cmd_export, "Write the data bundle (JSON).")
    p.add_argument("--out", help="file to write (default: stdout)")
    p.add_argument(
        "--sign", metavar="KEYFILE", help="also write FILE.sig, signed with this key"
    )
    p.add_argument(
        "--static",
        metavar="DIR",
        help="write the whole read-only /v1/ API as files for nginx or a CDN "
        "(replaces DIR)",
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
    p = command("keygen", cmd_keygen, "Write a key pair for signing bundles.")
    p.add_argument("keyfile", help="private key file; the public key goes to .pub")
    p = command("verify", cmd_verify, "Check a signed bundle: exit 0 valid, 1 not.")
    p.add_argument("file", help="the bundle")
    p.add_argument("--key", required=True, help="the public key file (KEYFILE.pub)")
    p.add_argument("--sig", help="the signature file (default: FILE.sig)")
    return parser


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    """Run the CLI; return the exit code (0 ok, 1 broken data or lint findings,
    2 bad input)."""
    out = out or sys.stdout
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command == "check":
        return cmd_check(args, out)
    if args.command == "keygen":
        return cmd_keygen(args, out)
    if args.command == "verify":
        return cmd_verify(args, out)
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
        code = args.func(catalogue, args, out)
    except DataError as exc:
        print(f"optout: {exc}", file=sys.stderr)
        return 1
    except OptoutError as exc:
        print(f"optout: {exc}", file=sys.stderr)
        return 2
    return code if isinstance(code, int) else 0


if __name__ == "__main__":
    sys.exit(main())
