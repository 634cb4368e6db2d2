"""Readings of a document's structure: its title, numbered headings, year headings and prose."""

from __future__ import annotations

import re

from munikg.model import DocumentHeading, PlanElement, Project
from munikg.normalize import clean, find_quantities, parse_period, spaced
from munikg.parsers.general.events import field_of
from munikg.parsers.general.reader import (
    SENTENCE_END,
    Reader,
    has_figures,
    is_sentence,
    is_title,
    is_value,
)
from munikg.reading import Line, Numbering

YEAR_HEADING = re.compile(
    r"[<〈《【\[(]?(?P<year>(?:令和|平成|昭和|[RHS]) ?(?:元|\d{1,2}) ?年|\d{4} ?年)[>〉》】\])]?"
)
# What a line after a title may open with: a list mark, a bracket, a year heading.
OPENERS = re.compile(r"[■●◆○◇□・※\-<〈《【\[]")
HEADING_LENGTH = 60
DEADLINE_NOTE = re.compile(r"\([^()]*まで\)$")


def title(r: Reader, i: int) -> int:
    """The document's first line, when it names the plan the manifest names."""
    line = r.lines[i]
    if i or any(isinstance(record, DocumentHeading) for record in r.result.records):
        return 0
    if line.numbering or len(line.cells) > 1 or line.text.endswith(SENTENCE_END):
        return 0
    words = re.findall(r"[\u3400-\u9fff]{2,}", line.text)
    if not any(word in r.info.title for word in words):
        return 0
    r.add(DocumentHeading(line.text, line.span))
    titled(r, line.text)
    return 1


def titled(r: Reader, text: str) -> None:
    """A title for the lines below; one naming a meeting names the 日時/会場 block below it."""
    r.context.title = text
    if r.vocab.is_meeting(text):
        r.context.meeting = text


def year_heading(r: Reader, i: int) -> int:
    """<平成28年>: the calendar year of the month-day dates below it."""
    line = r.lines[i]
    m = YEAR_HEADING.fullmatch(line.text)
    if not m or parse_period(m["year"]) is None:
        return 0
    r.context.year = parse_period(m["year"]).start.year
    r.consume(line)
    return 1


def heading(r: Reader, i: int) -> int:
    """A numbered heading (not a numbered row of figures)."""
    line = r.lines[i]
    found = line.numbering
    if found is None or found.title.endswith(("。", ".")) or not (found.title or found.bracket):
        return 0
    numbers = find_quantities(spaced(found.title))
    if len(found.title) > HEADING_LENGTH or has_figures(found.title, r.fiscal_year):
        return 0  # a numbered line of text or of figures, not a heading
    if len(numbers) > 1:
        return 0  # a numbered row of a table whose cells ran together
    open_heading(r, found, line)
    return 1


def open_heading(r: Reader, found: Numbering, line: Line, word: str = "", record=True) -> None:
    """A plan element when the heading's prefix (or the 章/節 after its number, or the label it
    stands beside) is an element word; context for the lines below in any case.

    A heading of the same style as an open one (prefix, kind of number, punctuation: 1. and
    (1) are two styles) closes it and those inside it.
    """
    signature = (found.prefix, found.style, re.sub(r"\w+", "#", found.mark), found.suffix)
    stack = r.context.elements
    if signature in [s for s, _ in stack]:
        while stack.pop()[0] != signature:
            pass
    r.context.label = found.title
    titled(r, clean(DEADLINE_NOTE.sub("", found.title)))
    r.context.header = None
    family = r.info.family
    kind = next(
        (k for w in (found.prefix, found.suffix, word) if w and (k := r.vocab.element(w, family))),
        None,
    )
    if not record:
        return
    if kind is None:
        r.consume(line)
        return
    name, number = r.context.title, str(found.number)
    if kind == "action-item":
        key = r.unique(f"item:{number}")
        r.add(Project(key, name, "action-item", line.span, parent=r.context.element, number=number))
        r.context.item = key
        return
    parent = r.context.element or r.plan_key()
    path = f"{parent.split(':', 1)[-1]}-{number}" if r.context.element else number
    key = r.unique(f"{kind}:{path}")
    r.add(PlanElement(key, kind, number, name, parent, line.span))
    stack.append((signature, key))
    r.context.item = None


def opens_block(r: Reader, i: int) -> bool:
    """Whether the line after line ``i`` opens a table, a list or meeting fields."""
    nxt = r.following(i)
    return nxt is not None and bool(
        len(nxt.cells) > 1 or nxt.numbering or OPENERS.match(nxt.text) or field_of(r, nxt)
    )


def leads_with_values(line: Line) -> bool:
    """Whether the line opens with two values (未設置 未設置 設置 － …): a row, not prose."""
    words = line.words
    return len(words) > 1 and all(is_value(w) for w in words[:2])


def context_of(r: Reader, line: Line) -> None:
    """A line a layout reader consumed still opens a heading for the lines after it."""
    if (found := line.numbering) and found.title:
        open_heading(r, found, line, record=False)


def prose(r: Reader, i: int) -> int:
    """A paragraph, with the title printed above it if any, as text of its element; a line
    opening what follows (a table, a list, meeting fields) is a title, kept as context."""
    line = r.lines[i]
    if len(line.cells) > 1 or line.number in r.reported or leads_with_values(line):
        return 0
    if is_title(line.text) and r.vocab.is_meeting(line.text):
        r.context.meeting_line = line  # a meeting's name: its 日時/会場 lines may follow
    nxt = r.following(i)
    plain = not line.text.endswith(SENTENCE_END) and not has_figures(line.text, r.fiscal_year)
    plain = plain and not OPENERS.match(line.text)
    if plain and opens_block(r, i):
        titled(r, line.text)
        r.consume(line)
        return 1
    if is_sentence(line.text):
        r.text(line, line.text, None)
        r.figures(line, line.body)
        return 1
    if nxt is None or not is_title(line.text) or not plain:
        return 0
    keep = nxt.number not in r.reported and not has_figures(nxt.text, r.fiscal_year)
    keep = keep and not leads_with_values(nxt) and not opens_block(r, i + 1)
    if keep and is_sentence(nxt.text) and len(nxt.cells) == 1:
        r.text(nxt, nxt.text, line.text, first=line)
        return 2
    return 0
