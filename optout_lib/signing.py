"""Ed25519 signatures for data bundles, so a hijacked hint server cannot send people
to a fake form: the extension accepts only bundles signed by a key it trusts.

A signature file (`FILE.sig`) is small JSON that names the key by fingerprint and
signs one line-based message binding the bundle's SHA-256, its data version, a
sequence number that only ever grows (the extension refuses a lower one: no rollback),
the time of signing and an expiry (a captured signature cannot be replayed for ever,
and people are told when their data is old).
The private key never needs to be on the server: sign once, offline, then serve the
two files.
"""

from __future__ import annotations

import base64
import binascii
import datetime
import hashlib
import json
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)

from .engine import parse_timestamp, utc_string
from .errors import InvalidValue, OptoutError

SIGNATURE_FORMAT = "optout-signature"
#: Version 2 added signed_at and expires; version 1 records (no expiry) are refused.
SIGNATURE_VERSION = 2


class SignatureInvalid(OptoutError):
    """A bundle's signature is missing, malformed, by an unknown key, or wrong."""


@dataclass(frozen=True)
class Signature:
    """What a valid signature vouches for."""

    key: str  #: fingerprint of the signing key
    sequence: int
    data_version: str
    sha256: str
    signed_at: str  #: RFC 3339, UTC
    expires: str  #: RFC 3339, UTC


def fingerprint(public_key: bytes) -> str:
    """The key's SHA-256 fingerprint in hex (64 characters), as shown to people."""
    return hashlib.sha256(public_key).hexdigest()


#: How far ahead of the clock a sequence may be (a year and a day): sequences are
#: signing times, and one far ahead would outbid every later signature, letting a
#: leaked key lock people onto its data. The extension's signature.js is the same.
MAX_AHEAD_SECONDS = 366 * 24 * 3600
#: How long a signature lasts unless `valid_days` says otherwise: long enough for an
#: offline signer's quarterly routine, short enough that a replayed old signature
#: soon stops working. The extension treats its shipped snapshot as fresh as long.
DEFAULT_VALID_DAYS = 90
#: The longest a signature may last; the extension refuses longer ones.
MAX_VALID_DAYS = 366
#: How far a signing time may be ahead of the clock that checks it (clock drift).
CLOCK_SKEW_SECONDS = 24 * 3600


def _message(
    sha256: str, sequence: int, data_version: str, signed_at: str, expires: str
) -> bytes:
    # Plain lines, not JSON: both sides build exactly these bytes without a
    # canonical-JSON library.
    lines = [f"{SIGNATURE_FORMAT}/{SIGNATURE_VERSION}", sha256, str(sequence)]
    return ("\n".join([*lines, data_version, signed_at, expires]) + "\n").encode()


def generate_key(path: Path) -> str:
    """Write a new private key to `path` (mode 0600) and its public key to
    `path.pub`; refuse to overwrite either. Returns the fingerprint."""
    public_path = path.with_name(path.name + ".pub")
    for target in (path, public_path):
        if os.path.lexists(target):  # a dangling symlink too
            raise InvalidValue(f"{target} exists; choose a new file name")
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    raw = key.public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )
    # Created 0600 from the start, so the key is never readable by others.
    _create(path, pem, 0o600)
    try:
        _create(public_path, (base64.b64encode(raw).decode() + "\n").encode(), 0o644)
    except InvalidValue:
        path.unlink()  # no half-made pair
        raise
    return fingerprint(raw)


def _create(path: Path, data: bytes, mode: int) -> None:
    """Write a new file: never an existing one, never through a symlink (a link
    planted between the check and the write fails here instead)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags, mode)
    except FileExistsError:
        raise InvalidValue(f"{path} exists; choose a new file name") from None
    with os.fdopen(fd, "wb") as out:
        out.write(data)


def read_private_key(path: Path) -> Ed25519PrivateKey:
    """The Ed25519 private key in a PEM file written by `generate_key`."""
    try:
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except OSError as exc:
        raise InvalidValue(f"cannot read key {path}: {exc.strerror}") from exc
    except (ValueError, TypeError) as exc:
        raise InvalidValue(f"{path} is not an unencrypted PEM private key") from exc
    if not isinstance(key, Ed25519PrivateKey):
        raise InvalidValue(f"{path} is not an Ed25519 key")
    return key


def parse_public_key(text: str) -> bytes:
    """The 32 raw bytes of a public key written as one base64 line (a `.pub` file)."""
    try:
        raw = base64.b64decode(text.strip(), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise InvalidValue("a public key is one line of base64") from exc
    if len(raw) != 32:
        raise InvalidValue(f"an Ed25519 public key has 32 bytes, not {len(raw)}")
    return raw


def sign_bundle(
    key: Ed25519PrivateKey,
    body: bytes,
    data_version: str,
    sequence: int | None = None,
    valid_days: int = DEFAULT_VALID_DAYS,
) -> dict[str, Any]:
    """The signature record for exactly these bundle bytes, valid for `valid_days`.
    `sequence` defaults to the current Unix time, so successive signings only grow."""
    now = int(time.time())
    if sequence is None:
        sequence = now
    if isinstance(sequence, bool) or not isinstance(sequence, int) or sequence < 0:
        raise InvalidValue(f"sequence must be a whole number >= 0, not {sequence!r}")
    if sequence > now + MAX_AHEAD_SECONDS:
        raise InvalidValue(
            f"sequence {sequence} is more than a year ahead of now; the default "
            "(the time of signing) is what later signatures must outbid"
        )
    if (
        isinstance(valid_days, bool)
        or not isinstance(valid_days, int)
        or not 1 <= valid_days <= MAX_VALID_DAYS
    ):
        raise InvalidValue(
            f"valid days must be a whole number from 1 to {MAX_VALID_DAYS}, "
            f"not {valid_days!r}"
        )
    moment = datetime.datetime.fromtimestamp(now, datetime.UTC)
    signed_at = utc_string(moment)
    expires = utc_string(moment + datetime.timedelta(days=valid_days))
    digest = hashlib.sha256(body).hexdigest()
    raw = key.public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )
    message = _message(digest, sequence, data_version, signed_at, expires)
    return {
        "format": SIGNATURE_FORMAT,
        "version": SIGNATURE_VERSION,
        "key": fingerprint(raw),
        "sequence": sequence,
        "data_version": data_version,
        "signed_at": signed_at,
        "expires": expires,
        "sha256": digest,
        "signature": base64.b64encode(key.sign(message)).decode(),
    }


def dump_signature(record: dict[str, Any]) -> bytes:
    """A signature record as stored and served."""
    return (json.dumps(record, sort_keys=True, indent=2) + "\n").encode()


def check_lifetime(record: dict[str, Any], now: float) -> tuple[str, str]:
    """A signature record's signing time and expiry, checked against the clock `now`;
    raise SignatureInvalid when it is not valid then."""
    signed_at, expires = record.get("signed_at"), record.get("expires")
    start, end = parse_timestamp(signed_at), parse_timestamp(expires)
    # One spelling (UTC, to the second), so both sides sign and check the same bytes.
    if (
        start is None
        or end is None
        or (utc_string(start), utc_string(end))
        != (
            signed_at,
            expires,
        )
    ):
        raise SignatureInvalid(
            "the signature has no valid signed_at and expires times "
            "(UTC, as 2026-05-01T10:00:00Z)"
        )
    if start.timestamp() > now + CLOCK_SKEW_SECONDS:
        raise SignatureInvalid(
            f"the signature was made in the future ({signed_at}); check the clock"
        )
    if not start < end <= start + datetime.timedelta(days=MAX_VALID_DAYS):
        raise SignatureInvalid(
            f"the signature's lifetime must be from 1 to {MAX_VALID_DAYS} days"
        )
    if end.timestamp() <= now:
        raise SignatureInvalid(f"the signature expired at {expires}; sign again")
    return str(signed_at), str(expires)


def verify_bundle(
    body: bytes, signature: bytes, keys: list[bytes], now: float | None = None
) -> Signature:
    """Check `signature` (a `.sig` file's bytes) over `body` with any of `keys` at
    the time `now` (default: the clock); raise SignatureInvalid with a one-line
    reason."""
    clock = time.time() if now is None else now
    try:
        record = json.loads(signature)
    except (ValueError, UnicodeDecodeError) as exc:
        raise SignatureInvalid("the signature file is not JSON") from exc
    except RecursionError:  # nested deeper than Python decodes; no signature is
        raise SignatureInvalid("the signature file nests too deeply") from None
    if not isinstance(record, dict) or record.get("format") != SIGNATURE_FORMAT:
        raise SignatureInvalid("not an optout signature file")
    if record.get("version") == 1:
        raise SignatureInvalid(
            "signature version 1 has no expiry and is no longer accepted; "
            "sign again with optout export --sign"
        )
    if record.get("version") != SIGNATURE_VERSION:
        raise SignatureInvalid(
            f"signature version {record.get('version')!r} is unknown"
        )
    sequence, version = record.get("sequence"), record.get("data_version")
    if isinstance(sequence, bool) or not isinstance(sequence, int) or sequence < 0:
        raise SignatureInvalid("the signature has no valid sequence")
    if sequence > clock + MAX_AHEAD_SECONDS:
        raise SignatureInvalid(f"the sequence {sequence} is too far in the future")
    if not isinstance(version, str) or not isinstance(record.get("sha256"), str):
        raise SignatureInvalid("the signature has no data version or digest")
    signed_at, expires = check_lifetime(record, clock)
    digest = hashlib.sha256(body).hexdigest()
    if record["sha256"] != digest:
        raise SignatureInvalid("the file's SHA-256 differs from the signed one")
    by_fingerprint = {fingerprint(k): k for k in keys}
    public = by_fingerprint.get(str(record.get("key")))
    if public is None:
        raise SignatureInvalid(
            f"signed by key {record.get('key')!r}, which is not trusted"
        )
    try:
        sig = base64.b64decode(str(record.get("signature")), validate=True)
        Ed25519PublicKey.from_public_bytes(public).verify(
            sig, _message(digest, sequence, version, signed_at, expires)
        )
    except (binascii.Error, ValueError, InvalidSignature) as exc:
        raise SignatureInvalid("the signature does not match the file and key") from exc
    try:
        declared = json.loads(body).get("data_version")
    except (ValueError, UnicodeDecodeError, AttributeError, RecursionError):
        declared = None
    if declared != version:
        raise SignatureInvalid("the bundle's data_version differs from the signed one")
    return Signature(
        key=record["key"],
        sequence=sequence,
        data_version=version,
        sha256=digest,
        signed_at=signed_at,
        expires=expires,
    )
