"""Parsers: the lines of one document to records, for any family and any publisher.

``parse(lines, info)`` is the one entry point. It reads the document once through the layout-neutral
reading stage (``munikg.reading``); a family's layout reader, where the family has one, reads
what it recognises; the general reader (``parsers.general``) reads every line left, for any
family, by structure and the header vocabulary. Both mark the lines they understood as consumed
and report the others as residue with a reason; the build reports any non-blank line neither
did, so nothing is lost silently.

A layout reader that reads no fact from a document (no observation, meeting, agreement, budget
or project) did not recognise its layout, and what else it made of it is not kept.

Fault containment: a layout reader that fails on a document (an exception is a bug, but one
hard document must not stop the others) is set aside with every line it would have read handed
to the general reader, the failure recorded as the reason of whatever stays unread; a record
that refers to a key no record defines is dropped and its lines reported. Nothing raises.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from munikg.model import (
    Agreement,
    Budget,
    Department,
    DocumentInfo,
    Event,
    Observation,
    ParseResult,
    Project,
    Record,
    Residue,
    Span,
)
from munikg.parsers import (
    administrative_report,
    comprehensive_plan,
    general,
    it_action_plan,
    strategy_evaluation,
    strategy_progress,
)
from munikg.reading import Document, read
from munikg.vocabulary import default_vocabulary, vocabulary_for

LayoutReader = Callable[[Document, DocumentInfo], ParseResult]

LAYOUT_READERS: dict[str, LayoutReader] = {
    "administrative-report": administrative_report.parse,
    "comprehensive-plan": comprehensive_plan.parse,
    "it-action-plan": it_action_plan.parse,
    "strategy-evaluation": strategy_evaluation.parse,
    "strategy-progress": strategy_progress.parse,
}
FAMILIES = tuple(sorted(LAYOUT_READERS))
# What a layout reader must have read for its reading of a document to be kept.
FACTS = (Observation, Event, Agreement, Budget, Project)
# References between records: the fields holding keys of other records.
REFERENCES = ("parent", "subject", "indicator", "project", "body")
MANY_REFERENCES = ("members_of", "partners", "participants")


class UnknownFamily(KeyError):
    pass


def check_family(family: str) -> str:
    if family not in LAYOUT_READERS:
        known = ", ".join(FAMILIES)
        raise UnknownFamily(f"unknown document family {family!r} (known: {known})")
    return family


def detect_family(lines: list[str], title: str = "") -> tuple[str, dict[str, int]]:
    """The family whose words weigh most in the document, its title first; and every score."""
    text = [line for line in lines if line.strip()]
    head = "\n".join([title, *text[:3]])
    scores = default_vocabulary().family_scores(head, "\n".join(text[3:]))
    best = max(FAMILIES, key=lambda family: (scores.get(family, 0), family))
    return best, scores


def parse(lines: list[str], info: DocumentInfo) -> ParseResult:
    """Records, consumed lines and residue of one document (``lines[0]`` is line 1)."""
    family = check_family(info.family or detect_family(lines, info.title)[0])
    if info.family != family:
        info = replace(info, family=family)
    document = read(lines)
    result = layout_result(LAYOUT_READERS[family], document, info)
    if not any(isinstance(r, FACTS) for r in result.records):
        # The layout reader did not recognise the document's layout: what it made of it (a
        # heading here, a name ending in 課 there) is not kept, and its reasons say only that.
        result = ParseResult()
    reported = {r.line: r for r in result.residue}
    result.residue = []
    result.consumed.update(document.furniture)
    general.parse(document, info, result, vocabulary_for(info.layout), set(reported))
    result.residue = [
        reported.get(r.line, r) if r.reason == general.UNREAD else r for r in result.residue
    ]
    ensure_plan(result, info)
    drop_dangling(result, lines)
    return result


def parser_for(family: str) -> Callable[[list[str], DocumentInfo], ParseResult]:
    """The parser of a family: ``parse``, reading the document as that family."""
    check_family(family)
    return lambda lines, info: parse(lines, replace(info, family=family))


def layout_result(reader: LayoutReader, document: Document, info: DocumentInfo) -> ParseResult:
    """The layout reader's result; a reader that fails hands the whole document on."""
    try:
        return reader(document, info)
    except Exception as error:  # containment: a bug in one reader must not stop the build
        reason = f"layout reader failed ({type(error).__name__}: {error})"
        return ParseResult(
            residue=[Residue(line.number, line.raw.strip(), reason) for line in document.lines]
        )


def ensure_plan(result: ParseResult, info: DocumentInfo) -> None:
    """A document that refers to its plan without printing the plan's title gets the plan
    from the manifest's title."""
    defined = {getattr(r, "key", None) for r in result.records}
    if "plan" in defined or not any(getattr(r, "parent", None) == "plan" for r in result.records):
        return
    first = min(r.span.first for r in result.records if getattr(r, "parent", None) == "plan")
    result.records.append(general.manifest_plan(info, "plan", Span.line(first)))


def drop_dangling(result: ParseResult, lines: list[str]) -> None:
    """Drop records that refer to a key (or a department) no record defines; the lines only
    they stood for become residue."""
    while True:
        keys = {getattr(r, "key", None) for r in result.records}
        departments = {r.name for r in result.records if isinstance(r, Department)}
        bad = [r for r in result.records if dangling(r, keys, departments)]
        if not bad:
            return
        for record in bad:
            result.records.remove(record)
        covered = {n for r in result.records for n in r.span.lines()}
        for record in bad:
            for number in record.span.lines():
                if number not in covered and number in result.consumed:
                    result.consumed.discard(number)
                    reason = f"{type(record).__name__.lower()} refers to a record not read"
                    result.residue.append(Residue(number, lines[number - 1].strip(), reason))


def dangling(record: Record, keys: set, departments: set[str]) -> bool:
    single = [getattr(record, name, None) for name in REFERENCES]
    many = [key for name in MANY_REFERENCES for key in getattr(record, name, ()) or ()]
    return any(k is not None and k not in keys for k in single + many) or any(
        name not in departments for name in getattr(record, "departments", ()) or ()
    )
