"""Exceptions raised by optout_lib; every message names the bad value and the fix."""

from __future__ import annotations

from collections.abc import Iterable


class OptoutError(ValueError):
    """Base class for every error optout_lib raises on bad input or bad data."""


def _valid_list(valid: Iterable[str]) -> str:
    return ", ".join(sorted(valid))


class _UnknownValue(OptoutError):
    what = "value"
    hint = ""

    def __init__(self, value: object, valid: Iterable[str]) -> None:
        self.value = value
        self.valid = tuple(sorted(valid))
        message = f"unknown {self.what} {value!r}; valid: {_valid_list(self.valid)}"
        if self.hint:
            message += f" ({self.hint})"
        super().__init__(message)


class UnknownCountry(_UnknownValue):
    """A country code that is not in the data (ISO 3166-1 alpha-2 expected)."""

    what = "country"
    hint = "ISO 3166-1 alpha-2 codes; list them with `optout jurisdictions`"


class UnknownPlatform(_UnknownValue):
    """A platform id that is not in the data."""

    what = "platform"


class UnknownLanguage(_UnknownValue):
    """A language tag that no texts exist for."""

    what = "language"
    hint = "BCP 47 tags such as de or pt-BR"


class UnknownArgument(_UnknownValue):
    """An argument id that does not exist or does not apply."""

    what = "argument"
    hint = "list them with `optout arguments --language LANG`"


class NoObjectionRoute(OptoutError):
    """The person's platform and country have no objection route to compose for."""


class InvalidValue(OptoutError):
    """A value of the wrong type or shape was passed to a public function."""


class DataError(OptoutError):
    """A data file is broken; the message lists each problem with file and field."""

    def __init__(self, problems: Iterable[object]) -> None:
        self.problems = tuple(problems)
        lines = [str(p) for p in self.problems]
        super().__init__(
            f"{len(lines)} problem(s) in the optout data:\n" + "\n".join(lines)
        )
