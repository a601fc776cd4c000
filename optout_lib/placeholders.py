"""The one placeholder syntax data texts may use, and the function that fills it."""

from __future__ import annotations

import re
from collections.abc import Mapping

#: `{name}` with a lower-case name; anything else in braces is rejected by the checks.
PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")

#: Variables the composer provides to data templates.
TEMPLATE_VARIABLES = frozenset({"platform"})


def fill(template: str, values: Mapping[str, str]) -> str:
    """Replace each `{name}` in a data template in one pass.

    Only data templates go through here. The person's own words are appended after
    filling, so text like "{platform}" that they type stays exactly as typed.
    """
    return PLACEHOLDER.sub(lambda m: values[m.group(1)], template)
