"""Small helpers every parser uses to walk a document's lines."""

from __future__ import annotations

from collections.abc import Iterator

from munikg.model import Span
from munikg.normalize import clean


def numbered(lines: list[str]) -> Iterator[tuple[int, str]]:
    """Non-blank lines as (1-based number, cleaned text)."""
    for number, line in enumerate(lines, 1):
        text = clean(line)
        if text:
            yield number, text


def first_line(lines: list[str]) -> tuple[Span, str]:
    number, text = next(numbered(lines))
    return Span.line(number), text
