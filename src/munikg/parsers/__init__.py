"""One parser per document family. A parser turns the lines of one document into records.

A parser is a function ``parse(lines, info) -> ParseResult``: ``lines[0]`` is line 1 of the
source, ``info`` the manifest entry. It knows nothing of RDF. It marks each line it understood
as consumed and reports the lines it could not read as residue with a reason; the build
reports any non-blank line it did neither with, so nothing is lost silently.
"""

from __future__ import annotations

from collections.abc import Callable

from munikg.model import DocumentInfo, ParseResult
from munikg.parsers import (
    administrative_report,
    comprehensive_plan,
    it_action_plan,
    strategy_evaluation,
    strategy_progress,
)

Parser = Callable[[list[str], DocumentInfo], ParseResult]

PARSERS: dict[str, Parser] = {
    "administrative-report": administrative_report.parse,
    "comprehensive-plan": comprehensive_plan.parse,
    "it-action-plan": it_action_plan.parse,
    "strategy-evaluation": strategy_evaluation.parse,
    "strategy-progress": strategy_progress.parse,
}


class UnknownFamily(KeyError):
    pass


def parser_for(family: str) -> Parser:
    try:
        return PARSERS[family]
    except KeyError:
        known = ", ".join(sorted(PARSERS))
        raise UnknownFamily(f"unknown document family {family!r} (known: {known})") from None
