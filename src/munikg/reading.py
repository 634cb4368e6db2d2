"""The layout-neutral reading stage: a document's lines as cells, numbered headings and page marks.

Shared by every parser; knows nothing of any city, family or of RDF. What it reads is layout
that every report has in some form:

- cells: a line is split at its tabs, or else at runs of two or more spaces (ideographic
  spaces included), which is how PDF extractors lay out table rows;
- numbering: a line opening with a marker (I, Ⅱ, 1, 1., ①, (1), （１）, ア, 第2節, 〈基本目標①〉,
  基本目標1, 施策 2, No.03, 取組項目1:, 目標2_) gets its prefix word, number and title;
- page furniture: page numbers (``- 3 -``, ``3 / 10``) and form feeds, which belong to no
  table or sentence and are dropped from the lines parsers see;
- wrapping: whether the extractor ended the line inside a word (no trailing space).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, cached_property

from munikg.model import Span
from munikg.normalize import UNIT_PATTERN, clean, spaced

_ROMAN = {"I": 1, "V": 5, "X": 10}
_KANJI = "一二三四五六七八九"
_KATAKANA = "アイウエオカキクケコサシスセソタチツテト"
_CIRCLED = "".join(chr(c) for c in range(0x2460, 0x2474))  # ① … ⑳, which NFKC keeps apart
_NUMBER = rf"\d{{1,3}}|[IVX]{{1,5}}(?![A-Za-z])|[{_CIRCLED}]|[一二三四五六七八九十]{{1,3}}"
# A prefix is a short word of kanji and kana (基本目標, 施策, 取組項目) or No.
_PREFIX = r"No\.?|NO\.?|№|[\u3005\u3040-\u30ff\u3400-\u9fff]{1,6}?"
_MARKED = re.compile(
    rf"(?P<prefix>{_PREFIX})? ?(?P<first>第 ?)?(?P<open>\()?(?P<number>{_NUMBER})(?(open)\))"
    rf"(?: ?(?P<suffix>[章節項款部編条号]))?(?P<sep>[.、:_)]| |$|(?=[^\dA-Za-z.,]))"
)
_PAREN = re.compile(rf"\((?P<number>{_NUMBER}|[{_KATAKANA}])\) ?")
_KANA = re.compile(rf"(?P<number>[{_KATAKANA}])(?:[.、] ?| )")
_LEAD = re.compile(r"[-‐] ")
_BRACKETS = {"〈": "〉", "《": "》", "<": ">", "【": "】", "[": "]"}
# What a number followed by these is: a quantity or a date, not a marker (5年間, 014 歳, 3階).
_COUNTERS = ("年", "月", "日", "歳", "時", "分", "階", "倍", "割", "位", "万", "千", "億")
_PAGE = re.compile(r"[-‐－―—–ー] ?\d{1,4} ?[-‐－―—–ー]|\d{1,4} ?/ ?\d{1,4}|[Pp]\. ?\d{1,4}")
# A unit opening a title, followed by a break (end, space, punctuation, kana): the number
# before it was a quantity.
_UNIT_FIRST = re.compile(UNIT_PATTERN + r"(?:$|[\s、。,.:：()（）/\u3040-\u309f])")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")
# A markdown rule under a table header (---|---|), and a cell holding only a number.
_RULE = re.compile(r"\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|*")
_NUMBER_CELL = re.compile(rf"[▲△+\-−]?\d[\d,.]*\s*{UNIT_PATTERN}?(?:/年)?")
_SEPARATOR = re.compile(r"\t| {2,}|\u3000+")


@dataclass(frozen=True)
class Numbering:
    """The marker a line opens with: 〈基本目標①〉 is prefix 基本目標, number 1, style circled."""

    prefix: str
    number: int
    style: str
    mark: str
    title: str
    suffix: str = ""
    bracket: str = ""


@dataclass(frozen=True)
class Line:
    """One non-blank source line as the parsers see it."""

    number: int
    raw: str
    text: str
    cells: tuple[str, ...]
    spaced_cells: tuple[str, ...]
    tabbed: bool
    indent: int
    open: bool
    last: int = 0

    @property
    def span(self) -> Span:
        """The source lines: one, or those a table row wrapped over (| cells on several lines)."""
        return Span(self.number, max(self.number, self.last))

    @property
    def words(self) -> list[str]:
        """The line's space-separated words, each cleaned."""
        return [w for w in (clean(part) for part in self.raw.split()) if w]

    @cached_property  # a parser asks a line for its marker many times
    def numbering(self) -> Numbering | None:
        return numbering(self.raw)

    @cached_property
    def body(self) -> str:
        return body(self.raw)

    def cell(self, index: int) -> str:
        return self.cells[index] if 0 <= index < len(self.cells) else ""


@dataclass(frozen=True)
class Document:
    """The lines of a document that carry content, and the page furniture left out of them."""

    lines: tuple[Line, ...]
    furniture: tuple[int, ...]

    def at(self, number: int) -> Line | None:
        return self._by_number.get(number)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_number", {line.number: line for line in self.lines})


def _number(text: str) -> tuple[int, str] | None:
    """(value, style) of one marker: 3, III, ③, 三, 十二."""
    if text in _CIRCLED:
        return _CIRCLED.index(text) + 1, "circled"
    if text.isdecimal():
        return int(text), "arabic"
    if all(c in _ROMAN for c in text):
        values = [_ROMAN[c] for c in text]
        total = sum(-v if v < nxt else v for v, nxt in zip(values, [*values[1:], 0], strict=True))
        return total, "roman"
    tens, ten, ones = text.rpartition("十")
    if all(c in _KANJI for c in tens + ones) and len(tens) <= 1 and len(ones) <= 1:
        value = ((_KANJI.index(tens) + 1 if tens else 1) * 10 if ten else 0) + (
            _KANJI.index(ones) + 1 if ones else 0
        )
        return (value, "kanji") if value else None
    return None


def printed(raw: str) -> str:
    """The text with its printed spaces (NFKC, single spaces), circled numbers kept: NFKC
    would make ① a plain 1, and a marker would read as a number of the text."""
    return " ".join("".join(map(printed_character, raw)).split())


@cache
def printed_character(c: str) -> str:
    return c if c in _CIRCLED else spaced(c) or " "


def body(raw: str) -> str:
    """The line's text with its printed spaces, without the marker it opens with (1, (2), ①)."""
    text = printed(raw)
    text = text[m.end() :] if (m := _LEAD.match(text)) else text
    found = numbering(raw)
    if found and text.startswith(found.mark):
        text = text[len(found.mark) :]
    return spaced(text)


def numbering(raw: str) -> Numbering | None:
    """The marker a line opens with, or None; the title is the rest of the line, cleaned.

    Read on the text with its printed spaces, since a space is often all that tells a marker
    (「1 取組の概要」) from a quantity (「5年間で」).
    """
    text = printed(raw)
    text = text[m.end() :] if (m := _LEAD.match(text)) else text
    if text[:1] in _BRACKETS and (close := _BRACKETS[text[0]]) in text:
        inner, _, after = text[1:].partition(close)
        found = _marked(inner.strip())
        if found is None or found.title:
            return None
        return Numbering(
            found.prefix, found.number, found.style, text[: len(inner) + 2], clean(after),
            found.suffix, text[0],
        )  # fmt: skip
    if m := _PAREN.match(text):
        if m["number"] in _KATAKANA:
            value = (_KATAKANA.index(m["number"]) + 1, "katakana")
        else:
            value = _number(m["number"])
        title = text[m.end() :]
        # (3)年間, (1)日目: a count; with a space, (1) 日立市… is a heading on a name
        if value and not (title.startswith(_COUNTERS) and not m[0].endswith(" ")):
            return Numbering("", value[0], value[1], m[0].strip(), clean(title), bracket="(")
        return None
    if (m := _KANA.match(text)) and len(text) > m.end():
        number = _KATAKANA.index(m["number"]) + 1
        return Numbering("", number, "katakana", m[0].strip(), clean(text[m.end() :]))
    return _marked(text)


def _marked(text: str) -> Numbering | None:
    """基本目標 I, 施策 2, 第2節, 取組項目1:, 目標2_, No.03, ③, 1. or 1 (the prefix is optional)."""
    m = _MARKED.match(text)
    if not m or (value := _number(m["number"])) is None:
        return None
    prefix, number, style = m["prefix"] or "", value[0], value[1]
    title = text[m.end() :].strip()
    first = bool(m["first"]) or prefix.endswith("第")
    if first and not m["suffix"]:
        return None  # 第7回: a count
    if m["suffix"] in ("号", "条", "款") and not first:
        return None  # 6号線: a name, not 第6号
    if style == "kanji" and not m["suffix"] and m["sep"] != "、":
        return None
    if title[:1].isdigit() and (m["sep"] != " " or not _CJK.search(title)):
        return None  # 6. 4. 1 (a date), 12:30 (a time), 100 200 (a row of numbers)
    if title.startswith(_COUNTERS):
        return None  # 014 歳 (an age), 3 月 (a month)
    if re.match(r"[-‐－~〜]\s*[\d(]", title):
        return None  # 3-(1), 1~28: a compound number
    if style in ("arabic", "roman") and not prefix and not m["suffix"] and m["sep"] == "":
        return None  # 2024年度の…, 5年間で…: a number opening a sentence
    if m["sep"] in ("", " ") and _UNIT_FIRST.match(title):
        return None  # 100 人の…, 民事事案 863件, but not 1 基本方針 (基 before a break only)
    return Numbering(
        prefix, number, style, text[: m.end()].strip(), clean(title), m["suffix"] or ""
    )


def is_piped(raw: str) -> bool:
    """A line of a table whose cells are separated by | (an HTML table turned into text)."""
    text = raw.strip()
    return "|" in text and (text.endswith("|") or text.startswith("|") or " | " in text)


def _cells(raw: str) -> tuple[list[str], bool]:
    """The line's cells with their printed spaces (trailing empty cells dropped); a line of
    | cells counts as tab-separated: its cells are as sure."""
    text = raw.strip()
    if is_piped(raw):
        parts = text.removeprefix("|").removesuffix("|").split("|")
        return [spaced(part) for part in parts], True
    tabbed = "\t" in raw
    parts = raw.split("\t") if tabbed else _SEPARATOR.split(text)
    cells = [spaced(part) for part in parts]
    while cells and not cells[-1]:
        cells.pop()
    return cells, tabbed


def _rows(block: list[Line]) -> list[Line]:
    """The rows of a block of | lines, whose rows a narrow page may print over several lines.

    The header is the first line when it has several cells, else the cells before the first
    number (one cell a line); a row is then as many cells as the header, the lines that hold
    them joined into one row (a row cut short at the end of the block is kept as it is).
    """
    cells = [(line, cell) for line in block for cell in line.spaced_cells]
    if len(block[0].cells) > 1:
        width = len(block[0].cells)
    else:
        width = next((k for k, (_, c) in enumerate(cells) if _NUMBER_CELL.fullmatch(c)), 0)
    if width < 2 or all(len(line.cells) in (width, width - 1) for line in block[1:]):
        return block
    rows, start = [], 0
    header = len(block[0].cells) if len(block[0].cells) > 1 else width
    for end in (*range(header, len(cells), width), len(cells)):
        if end > start:
            rows.append(
                _joined([line for line, _ in cells[start:end]], [c for _, c in cells[start:end]])
            )
        start = end
    return rows


def _joined(lines: list[Line], cells: list[str]) -> Line:
    first, last = lines[0], lines[-1]
    raw = " | ".join(cells)
    return Line(
        first.number, raw, clean(raw), tuple(clean(c) for c in cells), tuple(cells), True,
        first.indent, False, last.number,
    )  # fmt: skip


def is_page_furniture(raw: str) -> bool:
    """A page number printed alone on its line (- 3 -, 3 / 10, P. 3) or a form feed."""
    text = spaced(raw.replace("\f", " "))
    return not text or bool(_PAGE.fullmatch(text))


def read(lines: list[str]) -> Document:
    """The document's non-blank lines (index 0 of ``lines`` is line 1), page furniture apart.

    Rows of | cells printed over several lines are joined into one row each (``Line.last``).
    """
    kept, furniture = [], []
    for number, raw in enumerate(lines, 1):
        if not raw.strip():
            continue
        if is_page_furniture(raw) or _RULE.fullmatch(raw.strip()):
            furniture.append(number)
            continue
        raw = raw.replace("\f", " ")
        cells, tabbed = _cells(raw)
        indent = len(raw) - len(raw.lstrip())
        cleaned = tuple(clean(cell) for cell in cells)
        open_end = not raw[-1].isspace()
        kept.append(Line(number, raw, clean(raw), cleaned, tuple(cells), tabbed, indent, open_end))
    return Document(tuple(_with_rows(kept)), tuple(furniture))


def _with_rows(lines: list[Line]) -> list[Line]:
    out: list[Line] = []
    block: list[Line] = []
    for line in [*lines, None]:
        if line is not None and is_piped(line.raw):
            block.append(line)
            continue
        if block:
            out += _rows(block)
            block = []
        if line is not None:
            out.append(line)
    return out
