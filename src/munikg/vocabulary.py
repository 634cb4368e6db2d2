"""The header vocabulary and layout profiles, read from data so that no parser names a city's words.

``data/reference/vocabulary.toml`` maps the words of headings, table headers and cells to what
they mean; ``data/reference/layouts.toml`` holds the layout profiles a manifest entry can name,
for the few words one publisher uses in a sense of its own. Lookups fold the text (NFKC, no
spaces) and take the longest matching word, so a longer word always wins over its prefix.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import cache

from munikg.model import Period
from munikg.normalize import (
    UNITS,
    clean,
    declared_unit,
    fold,
    parse_period,
    report_date,
    report_period,
    spaced,
)
from munikg.resources import reference_toml

VOCABULARY_FILE = "vocabulary.toml"
LAYOUTS_FILE = "layouts.toml"
# What a header cell may print around its word: a period, a bracketed note, a unit.
_AROUND = re.compile(r"\([^()]*\)|\[[^\[\]]*\]|<[^<>]*>")


class VocabularyError(Exception):
    """The vocabulary or a layout profile is malformed; the message names the file and entry."""


@dataclass(frozen=True)
class Words:
    """One area of the vocabulary: folded word → meaning."""

    meanings: dict[str, str]
    # The words, longest first: the order every lookup tries them in.
    longest_first: tuple[str, ...] = field(init=False, repr=False, compare=False)
    # Their lengths, longest first: a prefix or suffix of each length is looked up, not searched.
    lengths: tuple[int, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        ordered = tuple(sorted(self.meanings, key=len, reverse=True))
        object.__setattr__(self, "longest_first", ordered)
        object.__setattr__(self, "lengths", tuple(sorted({len(w) for w in ordered}, reverse=True)))

    def exact(self, text: str) -> str | None:
        """The meaning of the text when it is one of the words."""
        return self.meanings.get(fold(text))

    def prefix(self, text: str) -> tuple[str, str] | None:
        """(meaning, word) of the longest word the folded text starts with."""
        folded = fold(text)
        return self.first_word(folded[:n] for n in self.lengths if n <= len(folded))

    def suffix(self, text: str) -> tuple[str, str] | None:
        """(meaning, word) of the longest word of three or more characters the folded text
        ends with: a header's head noun comes last (協定市町村名 ends with 町村名)."""
        folded = fold(text)
        return self.first_word(folded[-n:] for n in self.lengths if 3 <= n <= len(folded))

    def first_word(self, parts: Iterable[str]) -> tuple[str, str] | None:
        """(meaning, word) of the first of the parts that is a word."""
        for part in parts:
            if part in self.meanings:
                return self.meanings[part], part
        return None

    def search(self, text: str) -> tuple[str, str] | None:
        """(meaning, word) of the longest word found anywhere in the folded text."""
        folded = fold(text)
        for word in self.longest_first:
            if word in folded:
                return self.meanings[word], word
        return None

    def all(self, text: str) -> list[tuple[str, str]]:
        """(meaning, word) of every word found in the folded text."""
        folded = fold(text)
        return [(self.meanings[word], word) for word in self.longest_first if word in folded]


@dataclass(frozen=True)
class Column:
    """What a header cell says: the column's meaning, the period and unit printed with it."""

    meaning: str | None
    period: Period | None
    text: str
    deadline: bool = False
    cumulative: bool = False
    unit: str | None = None


@dataclass(frozen=True)
class Figure:
    """A figure a person named in a publisher's prose: its label and the phrase it stands in.

    ``pattern`` is a regular expression over the cleaned text whose group ``q`` is the value.
    """

    label: str
    pattern: re.Pattern[str]


@dataclass(frozen=True)
class Layout:
    """A layout profile: the word meanings one publisher's documents override, and its figures."""

    name: str
    description: str
    columns: dict[str, str] = field(default_factory=dict)
    figures: tuple[Figure, ...] = ()


@dataclass(frozen=True)
class Vocabulary:
    columns: Words
    elements: dict[str, Words]
    sections: Words
    periods: Words
    events: Words
    agreement_kinds: Words
    prose: Words
    indicator_endings: tuple[str, ...]
    generic_labels: frozenset[str]
    families: dict[str, dict[str, int]]
    layout: Layout | None = None

    def column(self, cell: str, fiscal_year: int | None = None) -> Column:
        """The meaning of a header cell and the period it prints.

        目標値(R6) → target, FY2024; H25予算 → budget, FY2013; 平成28(現状値) → current, FY2016;
        KPI(平成32年3月まで) → label with a deadline period (the column then holds targets);
        実績値(人), 事業費(単位:千円) → with the unit of the column's values.
        """
        text, unit = declared_unit(cell)
        period = report_period(text, fiscal_year) if fiscal_year else parse_period(text)
        if period is None and fiscal_year and _AS_OF.search(text):
            day = report_date(text, fiscal_year)
            period = Period(day, day) if day else None
        inner = [fold(m[1:-1]) for m in _AROUND.findall(text)]
        unit = unit or next((UNITS[part] for part in inner if part in UNITS), None)
        core = fold(_AROUND.sub("", _strip_periods(text)))
        meaning = self._column_word(core)
        if meaning is None:
            meaning = next((m for part in inner if (m := self._column_word(part))), None)
        marks = {m for m, _ in self.periods.all(text)}
        return Column(meaning, period, text, "deadline" in marks, "cumulative" in marks, unit)

    def _column_word(self, core: str) -> str | None:
        if not core:
            return None
        if self.layout and core in self.layout.columns:
            return self.layout.columns[core]
        if (meaning := self.columns.exact(core)) is not None:
            return meaning
        found = self.columns.prefix(core) or self.columns.suffix(core)
        if found and len(found[1]) * 2 >= len(core):
            return found[0]
        return None

    def element(self, prefix: str, family: str | None) -> str | None:
        """The plan-element kind of a heading opened by ``prefix`` (基本目標, 施策 …)."""
        for words in (self.elements.get(family or ""), self.elements[""]):
            if words and (kind := words.exact(prefix)):
                return kind
        return None

    def section(self, title: str) -> str | None:
        """The section kind of a heading or row label over prose (事業目的 → purpose)."""
        marker = r"^(?:\d{1,2}[.)、]?\s+|\d{1,2}[.)、]|\(\d{1,2}\)\s*)"
        text = clean(re.sub(marker, "", spaced(title)))
        if (kind := self.sections.exact(text)) is not None:
            return kind
        found = self.sections.prefix(text)
        return found[0] if found and len(found[1]) * 2 >= len(fold(text)) else None

    def is_meeting(self, name: str) -> bool:
        """Whether an event's name says it is a meeting (ends with 会議, 総会, 意見交換会 …)."""
        core = fold(re.sub(r"\([^()]*\)$", "", clean(name)))
        return core.endswith(tuple(self.events.meanings))

    def agreement_kind(self, title: str) -> str:
        """The agreement kind of a title: the first kind in the vocabulary whose word it holds."""
        folded = fold(title)
        for word, kind in self.agreement_kinds.meanings.items():
            if word in folded:
                return kind
        return "cooperation"

    def is_generic(self, label: str) -> bool:
        """A row label too general to name an indicator alone (件数, 計, 参加者数)."""
        return fold(label) in self.generic_labels

    def is_indicator_name(self, text: str) -> bool:
        """Whether a word of flattened text can be an indicator's name (ends with 数, 額, 率 …)."""
        core = re.sub(r"\([^()]*\)$", "", clean(text))
        return len(core) >= 3 and core.endswith(self.indicator_endings)

    def family_scores(self, title: str, text: str) -> dict[str, int]:
        """Per family, the weight of its words in a document (see [family] in the vocabulary)."""
        counts = _counts(self.families, title, 3)
        body = _counts(self.families, text, 1)
        return {
            family: sum(w * (counts[word] + body[word]) for word, w in words.items())
            for family, words in self.families.items()
            if family != "none"
        }


# 平成15年9月30日現在: a column of values as of a day.
_AS_OF = re.compile(r"日(?:現在|時点)")
_PERIOD_TEXT = re.compile(
    r"(?:令和|平成|昭和|[RHS])\s?(?:元|\d{1,2})\s?(?:年度末|年度|年)?|(?:19|20)\d\d\s?(?:年度末|年度|年)"
    r"|(?<!\d)(?:元|\d{1,2})\s?(?:年度末|年度)"
)


def _strip_periods(text: str) -> str:
    return _PERIOD_TEXT.sub("", text)


def _counts(families: dict[str, dict[str, int]], text: str, factor: int) -> dict[str, int]:
    """How often each word occurs (three times at most), times ``factor``; a word inside a
    longer word of the table is not counted there."""
    remaining = fold(text)
    counts = {}
    for word in sorted({w for words in families.values() for w in words}, key=len, reverse=True):
        counts[word] = factor * min(remaining.count(fold(word)), 3)
        remaining = remaining.replace(fold(word), "\0")
    return counts


def _words(table: dict, where: str) -> Words:
    meanings: dict[str, str] = {}
    for meaning, words in table.items():
        if not isinstance(words, list):
            continue
        for word in words:
            key = fold(word)
            if meanings.get(key, meaning) != meaning:
                raise VocabularyError(f"{where}: {word!r} means both {meanings[key]} and {meaning}")
            meanings[key] = meaning
    return Words(meanings)


def load_vocabulary(data: dict, path: str) -> Vocabulary:
    elements = {"": _words(data["element"], f"{path} [element]")}
    for family, table in data["element"].items():
        if isinstance(table, dict):
            elements[family] = _words(table, f"{path} [element.{family}]")
    return Vocabulary(
        columns=_words(data["column"], f"{path} [column]"),
        elements=elements,
        sections=_words(data["section"], f"{path} [section]"),
        events=_words(data["event"], f"{path} [event]"),
        agreement_kinds=_words(data["agreement-kind"], f"{path} [agreement-kind]"),
        periods=_words(data["period"], f"{path} [period]"),
        prose=_words(data["prose"], f"{path} [prose]"),
        indicator_endings=tuple(data["indicator"]["endings"]),
        generic_labels=frozenset(fold(w) for w in data["indicator"]["generic"]),
        families=data["family"],
    )


def load_layouts(data: dict, path: str) -> dict[str, Layout]:
    layouts = {}
    for name, entry in data.get("layout", {}).items():
        try:
            figures = tuple(
                Figure(figure["label"], re.compile(figure["pattern"]))
                for figure in entry.get("figure", ())
            )
            columns = {fold(word): meaning for word, meaning in entry.get("column", {}).items()}
            layouts[name] = Layout(name, entry["description"], columns, figures)
        except (KeyError, re.error) as error:
            raise VocabularyError(f"{path}: layout {name!r}: {error}") from None
    return layouts


@cache
def default_vocabulary() -> Vocabulary:
    return load_vocabulary(reference_toml(VOCABULARY_FILE), VOCABULARY_FILE)


@cache
def layouts() -> dict[str, Layout]:
    return load_layouts(reference_toml(LAYOUTS_FILE), LAYOUTS_FILE)


def vocabulary_for(layout: str | None) -> Vocabulary:
    """The vocabulary as the named layout profile reads it (the plain vocabulary for None)."""
    if layout is None:
        return default_vocabulary()
    try:
        return replace(default_vocabulary(), layout=layouts()[layout])
    except KeyError:
        known = ", ".join(sorted(layouts()))
        raise VocabularyError(f"unknown layout {layout!r} (known: {known})") from None
