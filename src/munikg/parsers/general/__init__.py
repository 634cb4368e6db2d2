"""The general reader: a report of a known family from any local government.

It reads the lines of the reading stage (cells, numbered headings) by their structure and the
header vocabulary (data/reference/vocabulary.toml), never by one city's wording. It reads the
lines no layout reader consumed, and sees the others for context (headings, years). At each
line it tries the readings below in order; the first that applies takes its lines:

- structure: the document's title, a year heading (<平成28年>), numbered headings, which open
  plan elements when the vocabulary says their prefix is one (基本目標, 施策, 取組 …);
- tables (``tables``): indicators, agreements, meetings and budgets, by what the header names;
- header lines and the rows under them, labelled values, arrow chains, targets (``lines``);
- meetings printed as dated lines or 日時/会場 blocks (``events``);
- agreements listed as a title and its partners, or stated in a sentence, and meetings named
  with the day they were held (``statements``);
- prose, kept as text of the element it stands under (``structure.prose``).

A line no reading takes is residue. The decisions each reading makes where the text does not
say are in its module; the ones shared by all are in ``reader``: 現状値 is a baseline unless a
baseline column stands beside it, a period after the report's fiscal year holds targets, a bare
era year is a calendar year when the indicator's other periods are, and a target printed
without a period in a yearly report is for the report's fiscal year (with a note saying so).
"""

from __future__ import annotations

from munikg.model import DocumentInfo, ParseResult
from munikg.parsers.general import events, lines, statements, structure, tables
from munikg.parsers.general.reader import UNREAD, Reader, has_figures, manifest_plan
from munikg.reading import Document
from munikg.vocabulary import Vocabulary

READINGS = (
    structure.title,
    structure.year_heading,
    tables.table,
    lines.header_line,
    lines.values_line,
    lines.repeated_label_row,
    lines.flattened_row,
    lines.arrow_line,
    lines.target_line,
    events.event_line,
    events.event_block,
    statements.listed_agreement,
    statements.stated_agreement,
    statements.held_meetings,
    lines.reference_line,
    lines.pair_line,
    lines.stated_target,
    structure.heading,
    structure.prose,
)


def parse(
    document: Document,
    info: DocumentInfo,
    result: ParseResult,
    vocab: Vocabulary,
    reported: set[int] = frozenset(),
) -> None:
    """Read the lines ``result`` has not consumed, adding records and residue to it.

    ``reported`` are the lines a layout reader found and could not read: the readings of facts
    try them, but prose does not keep them as text (their facts would be lost in it).
    """
    r = Reader(document, info, result, vocab, reported)
    i = 0
    while i < len(r.lines):
        line = r.lines[i]
        if not r.free(line):
            structure.context_of(r, line)
            i += 1
            continue
        taken = next((n for reading in READINGS if (n := reading(r, i))), 0)
        if not taken:
            r.residue(line, UNREAD)
        i += max(taken, 1)
    r.finish()


__all__ = ["UNREAD", "has_figures", "manifest_plan", "parse"]
