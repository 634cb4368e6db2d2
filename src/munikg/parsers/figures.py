"""Figures stated in running text, found by a general pattern: a name, then a number and unit.

「投稿総数 99件（令和２年度）」, 「参加者数は7,942人」, 「受講者数:1,000人/年」: the name is the run
of words just before the number (は, が or a colon may stand between) when it ends as an
indicator's name does (数, 額, 率 …: the vocabulary's [indicator] endings). A figure followed by
a word of change (増加, 減, 上回る …) is a difference, not a value, and is left out. A layout
profile may instead name the figures of one publisher's prose (``Vocabulary.layout.figures``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from munikg.normalize import Quantity, clean, find_quantities, parse_quantity
from munikg.vocabulary import Vocabulary

NAME_BEFORE = re.compile(r"(?P<name>[^\s、。,，:：()「」『』【】・]{2,30}?) ?(?:は|が)? ?[:：]? ?$")
CHANGE = re.compile(r" ?(?:の)?(?:増加|増|減少|減|上回|下回|アップ|ダウン|改善|向上|低下)")


@dataclass(frozen=True)
class Figure:
    """A figure of the text: its name (label), value, and where the value stands."""

    label: str
    quantity: Quantity
    start: int
    end: int


def figures(text: str, vocab: Vocabulary) -> list[Figure]:
    """The figures of a text: the layout profile's phrases if it names any, else the pattern."""
    if vocab.layout and vocab.layout.figures:
        found = []
        for figure in vocab.layout.figures:
            for m in figure.pattern.finditer(text):
                found.append(Figure(figure.label, parse_quantity(m["q"]), m.start("q"), m.end("q")))
        return [f for f in found if f.quantity.value is not None and f.quantity.unit]
    found = []
    for f in find_quantities(text):
        name = NAME_BEFORE.search(text[: f.start])
        if f.quantity.unit is None or f.quantity.problem or CHANGE.match(text, f.end):
            continue
        if name and vocab.is_indicator_name(name["name"]):
            found.append(Figure(clean(name["name"]), f.quantity, f.start, f.end))
    return found
