"""What each `optout` subcommand does: a handler per command, in one table."""

from __future__ import annotations

import argparse
import importlib
import json
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import TextIO

from .. import _checks, _data, signing
from ..catalogue import Catalogue, default_catalogue, load_catalogue
from ..coverage import coverage, coverage_tables
from ..errors import InvalidValue, OptoutError
from ..export import dump_bundle, extension_snapshot
from ..models import to_data
from ..receipts import reminders_ics
from .render import (
    field_line,
    print_json,
    print_jurisdiction,
    print_letter,
    print_route,
    review_note,
    text_in,
)

#: a command's handler: its exit code, or None for 0
Handler = Callable[[argparse.Namespace, TextIO], "int | None"]


def catalogue_for(args: argparse.Namespace) -> Catalogue:
    """The package's data, or the folder given with --data-dir."""
    if args.data_dir is None:
        return default_catalogue()
    return load_catalogue(args.data_dir)


def server_commands() -> ModuleType:
    """The hint server's commands, or a clear error without the server extra."""
    try:
        return importlib.import_module("server.commands")
    except ImportError as exc:
        raise OptoutError(
            f"this needs the server extra ({exc.name} is missing): "
            "pip install -e '.[server]'"
        ) from exc


def cmd_routes(args: argparse.Namespace, out: TextIO) -> None:
    """Print the routes for a platform in a country."""
    cat = catalogue_for(args)
    routes = cat.routes_for(args.platform, args.country)
    jurisdiction = cat.country(args.country)
    if args.json:
        print_json(
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
        f"{text_in(jurisdiction.name, args.language)} ({jurisdiction.id}), "
        f"law: {jurisdiction.law}",
        file=out,
    )
    for route in routes:
        print(file=out)
        print_route(route, args.language, out)


def cmd_jurisdictions(args: argparse.Namespace, out: TextIO) -> None:
    """List every jurisdiction, or show one with its regulators and key dates."""
    cat = catalogue_for(args)
    if args.country:
        found = cat.country(args.country)
        if args.json:
            print_json(
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
            print_jurisdiction(cat, found, args.language, out)
        return
    items = list(cat.jurisdictions.values())
    if args.json:
        print_json(to_data(items), out)
        return
    for j in items:
        route = "objection route" if j.objection_route else "no route"
        aliases = f" (also {', '.join(j.aliases)})" if j.aliases else ""
        print(
            f"{j.id}{aliases}  {text_in(j.name, 'en')}: {j.law}, {route}, "
            f"regulator: {j.regulator or '-'}",
            file=out,
        )


def cmd_coverage(args: argparse.Namespace, out: TextIO) -> None:
    """Print what the data covers: jurisdictions and languages."""
    cat = catalogue_for(args)
    cov = coverage(cat)
    if args.json:
        print_json(
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


def cmd_arguments(args: argparse.Namespace, out: TextIO) -> None:
    """List the arguments in one language."""
    cat = catalogue_for(args)
    items = list(cat.arguments[cat.language(args.language)].values())
    if args.json:
        print_json(to_data(items), out)
        return
    for arg in items:
        print(
            f"{arg.id}: {arg.title}\n  why: {text_in(arg.why, arg.language)}", file=out
        )


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
    except RecursionError:  # nested deeper than Python decodes; no receipt is
        raise OptoutError(f"receipt {path} nests too deeply to be a receipt") from None


def cmd_compose(args: argparse.Namespace, out: TextIO) -> None:
    """Print the composed objection text."""
    cat = catalogue_for(args)
    text = cat.compose_objection(
        platform=args.platform,
        country=args.country,
        language=args.language,
        arguments=args.argument,
        personal=_personal(args),
        name=args.name,
    )
    review = review_note(cat, cat.language(args.language))
    if args.json:
        print_json({"text": text, "review": review}, out)
    else:
        print(text, file=out)


def cmd_analyze(args: argparse.Namespace, out: TextIO) -> None:
    """Print the object links and form fields found in a saved page."""
    cat = catalogue_for(args)
    result = cat.analyze_page(_read_page(args.page), args.url)
    if args.json:
        print_json(to_data(result), out)
        return
    print(
        f"{result.url}: language {result.language or '?'}, platform "
        f"{result.platform or '-'}, form: {result.page_kind or 'none'}",
        file=out,
    )
    for link in result.links:
        print(f"  link  {link.kind:<11} {link.href}  ({link.matched_by})", file=out)
    for field in result.fields:
        print(f"  field {field_line(field)}", file=out)
    if not result.links and not result.fields:
        print("  nothing found", file=out)


def _read_page(path: str) -> bytes:
    if path == "-":
        return sys.stdin.buffer.read()
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise OptoutError(f"cannot read page {path}: {exc.strerror}") from exc


def cmd_fields(args: argparse.Namespace, out: TextIO) -> None:
    """Print the logical fields of every form in any page."""
    cat = catalogue_for(args)
    found = cat.find_fields(_read_page(args.page), language=args.language)
    if args.json:
        print_json(to_data(found), out)
        return
    for form in sorted({f.form for f in found}):
        print(f"form {form}", file=out)
        for field in (f for f in found if f.form == form):
            print(f"  {field_line(field)}", file=out)
    if not found:
        print("no fields found (the detector abstains when unsure)", file=out)


def cmd_triage(args: argparse.Namespace, out: TextIO) -> None:
    """Say what Meta's pasted answer means and what to do next."""
    cat = catalogue_for(args)
    result = cat.triage_reply(_read_text(args.file, "reply"), language=args.language)
    if args.json:
        print_json(to_data(result), out)
        return
    print(f"{result.outcome} (language: {result.language or '?'})", file=out)
    print(result.summary, file=out)
    for number, step in enumerate(result.next_steps, 1):
        print(f"  {number}. {step}", file=out)


def cmd_lint(args: argparse.Namespace, out: TextIO) -> int:
    """Check your own words before sending them; exit 1 when there are findings."""
    cat = catalogue_for(args)
    findings = cat.lint_objection(_read_text(args.file, "text"), args.language)
    if args.json:
        print_json([to_data(f) for f in findings], out)
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


def cmd_complaint(args: argparse.Namespace, out: TextIO) -> None:
    """Write the complaint to your regulator, from your receipt if you have one."""
    cat = catalogue_for(args)
    letter = cat.compose_complaint(
        country=args.country,
        platform=args.platform,
        language=args.language,
        receipt=_receipt(args.receipt),  # type: ignore[arg-type]
        name=args.name,
    )
    print_letter(cat, letter, args.json, out)


def cmd_third_party(args: argparse.Namespace, out: TextIO) -> None:
    """Write the request for Meta's third-party information form."""
    cat = catalogue_for(args)
    letter = cat.compose_third_party_request(
        country=args.country,
        language=args.language,
        has_account=not args.no_account,
        name=args.name,
    )
    print_letter(cat, letter, args.json, out)


def cmd_reminders(args: argparse.Namespace, out: TextIO) -> None:
    """List follow-up dates for a receipt, or write them as an .ics file."""
    cat = catalogue_for(args)
    receipt = cat.parse_receipt(_receipt(args.receipt))  # type: ignore[arg-type]
    items = cat.reminders(receipt, language=args.language)
    if args.ics:
        Path(args.ics).write_text(reminders_ics(receipt, items), encoding="utf-8")
    if args.json:
        print_json([to_data(r) for r in items], out)
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
        print_json([to_data(p) for p in problems], out)
    else:
        for problem in problems:
            print(problem, file=out)
        counts = {kind: len(records) for kind, records in raw.records.items()}
        summary = ", ".join(f"{n} {kind}" for kind, n in counts.items())
        print(f"{len(problems)} problem(s); read {summary}", file=out)
    return 1 if problems else 0


def cmd_export(args: argparse.Namespace, out: TextIO) -> None:
    """Write the bundle to a file or stdout; with --sign, also FILE.sig; with
    --static, the whole read-only API as files."""
    cat = catalogue_for(args)
    if args.overlay:  # a self-hoster's bundle, exactly as their server builds it
        cat = load_catalogue(args.data_dir, overlays=args.overlay)
    if args.static and args.data_dir:
        raise InvalidValue("--static exports the package's data; use --overlay DIR")
    if args.sign and args.out is None and args.static is None:
        raise InvalidValue("--sign needs --out FILE or --static DIR")
    bundle = cat.bundle()
    if args.snapshot:
        if args.sign or args.static:
            raise InvalidValue(
                "--snapshot is the extension's own copy: not signed or served"
            )
        bundle = extension_snapshot(bundle)
    data = dump_bundle(bundle)
    record = None
    if args.sign:
        key = signing.read_private_key(Path(args.sign))
        record = signing.sign_bundle(
            key, data, bundle["data_version"], args.sequence, args.valid_days
        )
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
        signature = None if record is None else signing.dump_signature(record)
        files = server_commands().write_static(
            Path(args.static), args.overlay, signature
        )
        print(f"wrote {len(files)} files under {args.static}", file=sys.stderr)
    if record is not None:
        print(
            f"signed with key {record['key'][:16]}…, sequence {record['sequence']}, "
            f"valid until {record['expires']}",
            file=sys.stderr,
        )


def cmd_keygen(args: argparse.Namespace, out: TextIO) -> None:
    """Write a new Ed25519 key pair for signing bundles."""
    path = Path(args.keyfile)
    print_fp = signing.generate_key(path)
    print(f"private key: {path} (keep it offline; never on the server)", file=out)
    print(f"public key: {path}.pub  fingerprint: {print_fp}", file=out)


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
        f"data {found.data_version}, signed {found.signed_at}, expires {found.expires}",
        file=out,
    )
    return 0


def cmd_serve(args: argparse.Namespace, out: TextIO) -> None:
    """Start the hint server; its own parser reads the arguments."""
    server_commands().serve_command(args.rest, out)


COMMANDS: dict[str, Handler] = {
    "routes": cmd_routes,
    "jurisdictions": cmd_jurisdictions,
    "coverage": cmd_coverage,
    "arguments": cmd_arguments,
    "compose": cmd_compose,
    "analyze": cmd_analyze,
    "fields": cmd_fields,
    "check": cmd_check,
    "serve": cmd_serve,
    "triage": cmd_triage,
    "lint": cmd_lint,
    "complaint": cmd_complaint,
    "third-party": cmd_third_party,
    "reminders": cmd_reminders,
    "export": cmd_export,
    "keygen": cmd_keygen,
    "verify": cmd_verify,
}
