"""Small helpers every parser uses to walk a document's lines."""

from __future__ import annotations

from collections.abc import Iterator

from munikg.normalize import clean

# Name endings of a city's organisational units (課, 室, 所, センター); each parser's department
# pattern builds on these, adding what its layout needs (局, 部, a bracketed office …).
UNIT_SUFFIXES = "課|室|所|センター"


def numbered(lines: list[str]) -> Iterator[tuple[int, str]]:
    """Non-blank lines as (1-based number, cleaned text)."""
    for number, line in enumerate(lines, 1):
        text = clean(line)
        if text:
            yield number, text
