"""Annual administrative report (事務報告書), organised by department.

A department heading (a unit name: …課, …室, …所, …センター, after its bureau or inside a
bracket if so printed, with topic 1 after it) opens a section of numbered topics; under a topic
stand sub-topics, under those list headings. The levels are told apart by their marker,
whatever its style (``reading.Line.numbering``): a plain number (1, 1., Ⅱ) opens a topic, a
bracketed one ((1), （１）) a sub-topic, a kana (ア, (ア)) a list heading, and each must continue
its level's sequence, so a number opening a sentence is never a heading. Under the headings
stand prose, bullet lists, ``label value`` lines, ※ notes and tables.

A table is recognised by its header row: by what its columns mean in the header vocabulary
(data/reference/vocabulary.toml: meeting, date, venue, content, department …), never by
position or by one city's words:

- a name column (会議名, 件名, or 名称 beside a date) and a date: meetings, with the venue in its
  own column or in brackets after the name, where the agenda stands otherwise;
- date and content and one unnamed column: a row naming a meeting (庁議, 政策会議) is that
  meeting with its content as agenda, any other row (仕事納め) a ceremony;
- date, venue and content: exchanges with other cities; date and content alone: dated rows;
- date, venue, two unnamed columns and a count (参加者数(名)): meetings and their participants;
- two unnamed columns and content: programmes; pairs of a label and a count: statistics; a
  category header (表彰の種類 | 一般 | …) over a row of counts; construction works and
  statistical surveys, whose header words the vocabulary has no meaning for, by the words
  printed (``WORKS``, ``SURVEYS``).

Cells are split at tabs, else at runs of spaces, as the reading stage splits them; a row laid
out with spaces that opens with spaces has an empty first cell, and a row whose cells do not
line up with its header is residue. A header whose cells the extraction joined with single
spaces (期 日 開催地 内 容) is still recognised by its words, but its rows cannot be split: the
lines up to the next heading are residue, never text. Page furniture never breaks a table:
the reading stage leaves it out.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from munikg.model import (
    Activity,
    Agreement,
    Department,
    DocumentInfo,
    Event,
    Indicator,
    Observation,
    Organization,
    ParseResult,
    Period,
    Project,
    Residue,
    Span,
    Survey,
    TextSection,
)
from munikg.normalize import (
    Quantity,
    clean,
    fold,
    parse_period,
    parse_quantity,
    report_date_range,
    spaced,
    unit_key,
)
from munikg.parsers.common import MUNICIPALITY, UNIT_SUFFIXES, partner
from munikg.reading import Document, Line, Numbering
from munikg.vocabulary import Vocabulary, vocabulary_for

# A department heading: a unit name, after its bureau if printed (総務部 秘書課), maybe inside a
# bracket or after a mark (【秘書課】, ■秘書課).
MARKS = "■◆●◇□○【】[]〈〉《》"
DEPARTMENT = re.compile(
    rf"[■◆●◇□○【\[〈《]?(?P<name>[^\s\d(（、。{re.escape(MARKS)}]+(?:{UNIT_SUFFIXES}))[】\]〉》]?"
)
BULLET = re.compile(r"(?:- )?・ ?(\S.*)")
# A key–value line: a short label (possibly letter-spaced, 名 称), a space, the value.
KEY_VALUE = re.compile(
    r"(?P<key>[^\x00-\x7f、。，：（）]{2,8}|(?:[^\x00-\x7f] ){1,3}[^\x00-\x7f]) (?P<value>\S.*)"
)
FIGURES = re.compile(r"(?P<label>[^\s:：,，]+)[:：]\s*(?P<value>[^,，]+)")
STATISTIC = re.compile(r"[\d,.]+ ?(?P<unit>[^\d\s()]{1,3})(?:\((?P<note>[^()]+)\))?")
# Counters normalize.UNITS does not know yet (発行部数 87,000部).
COUNTERS = {"部": "copy"}
WRITTEN = re.compile(r"\s*\[書面協議\]\s*")
SPACED_LATIN = re.compile(
    r"(?<=(?<![A-Za-z])[A-Za-z]) (?=[A-Za-z])|(?<=[A-Za-z]) (?=[A-Za-z](?![A-Za-z]))"
)
HEAD = re.compile(r"<p>(.*?)</p>")
ITEM_MARK = re.compile(r"(?:^|\s)・\s*")
AFTER_TOPIC = re.compile(r"(?<=について)\s+")
LIST_SEPARATOR = re.compile(r"[,、]")
# 並びに always joins complete items; 及び only when an item ends before it or a year starts
# after it (令和5年度事業報告及び令和6年度事業計画), not inside 事業実績及び収支決算.
CONJUNCTION = re.compile(r"並びに|(?<=について)及び|及び(?=令和|平成)")
PLACE = re.compile(r"(?:室|館|講堂|事務所|ホール|会場|センター)$")
VENUE_IN_TEXT = re.compile(r"(?P<venue>[^、,]+?)において")
BODY = re.compile(r"会議?$")
AGREEMENT_LIST = re.compile(r"(?P<noun>.+)を締結している(?P<who>.+)")
AGREEMENT_ITEM = re.compile(r"(?P<partner>.+?)との(?P<noun>.*(?:協定|提携))(?:の締結)?について")
COUNTED = re.compile(r"(?P<name>.+?)\d+\S")
BRACKETS = ("(「【", ")」】")
# The reading stage's cell boundary in a line without tabs; the raw line is split here again
# because a cell's HTML (<p>name</p>) tells meetings apart and the cleaned cells have lost it.
SPACES = re.compile(r" {2,}|\u3000+")
UNIT_GROUP = re.compile(r"\([^()]*\)$")
# Header words of the two tables the vocabulary has no meanings for: role → word (a cost
# column may print its unit, 工事費(円)).
WORKS = {
    "name": "工事名",
    "place": "工事箇所",
    "content": "工事内容",
    "cost": "工事費",
    "start": "着工年月日",
    "end": "完了年月日",
}
SURVEYS = {
    "reference": "調査基準日",
    "name": "調査名",
    "law": "根拠法令",
    "content": "主な調査内容",
}
# A category table's first header cell: 表彰の種類 (kinds of award), then one cell per kind.
CATEGORY = "の種類"
# reading.numbering takes 「1 基幹業務…」 for a quantity (基 is a unit word): a number, a space
# and a title opening with two kanji is a heading all the same.
UNIT_LED_TITLE = re.compile(r"(\d{1,2}) ([\u3400-\u9fff]{2}.*)")
# The report never prints a foreign partner city's country.
FOREIGN_MUNICIPALITIES = {"台南市": "台湾"}


def tidy(text: str) -> str:
    """clean(), and letter-spaced Latin words (M I T O, A I, S M S) joined again."""
    return SPACED_LATIN.sub("", clean(text))


def split_top(text: str, separator: re.Pattern[str]) -> list[str]:
    """Split at separators outside brackets, so （案，…） or 「石塚・内原線」 stay whole."""
    parts, depth, start, i = [], 0, 0, 0
    while i < len(text):
        if text[i] in BRACKETS[0]:
            depth += 1
        elif text[i] in BRACKETS[1]:
            depth = max(0, depth - 1)
        elif depth == 0 and (m := separator.match(text, i)) and m.end() > i:
            parts.append(text[start:i])
            start = i = m.end()
            continue
        i += 1
    parts.append(text[start:])
    return [p.strip() for p in parts if p.strip()]


def agenda(text: str) -> tuple[str, ...]:
    """Separate agenda items: at commas, at 並びに, and at 及び between complete items."""
    return tuple(
        piece for part in split_top(text, LIST_SEPARATOR) for piece in split_top(part, CONJUNCTION)
    )


def trailing_group(text: str) -> tuple[str, str | None]:
    """'第1回全体会議(A,B)' → ('第1回全体会議', 'A,B'): the bracket group that ends the text."""
    if not text.endswith(")"):
        return text, None
    depth = 0
    for i in range(len(text) - 1, -1, -1):
        depth += {")": 1, "(": -1}.get(text[i], 0)
        if depth == 0:
            return text[:i].strip(), text[i + 1 : -1].strip()
    return text, None


def plain(raw: str) -> Quantity | None:
    """A value holding one plain number (2,265件, 6基, 23), else None."""
    quantity = parse_quantity(raw)
    return None if quantity.value is None or quantity.problem else quantity


def number(raw: str) -> Quantity:
    """A table cell that must hold one plain number; ValueError (the row's residue) otherwise."""
    if (quantity := plain(raw)) is None:
        raise ValueError(f"not a plain number: {clean(raw)}")
    return quantity


def body_name(title: str) -> str:
    return re.sub(r"(?:について|関係)$", "", title)


def marker(line: Line) -> Numbering | None:
    """The marker the line opens with (``Line.numbering``, see UNIT_LED_TITLE)."""
    if (found := line.numbering) is None and (m := UNIT_LED_TITLE.fullmatch(line.raw.strip())):
        found = Numbering("", int(m[1]), "arabic", m[1], clean(m[2]))
    return found


def department_name(line: Line) -> str | None:
    m = DEPARTMENT.fullmatch(tidy(line.raw).replace(" ", ""))
    return m["name"] if m else None


def level(numbering: Numbering | None) -> str | None:
    """The heading level a marker opens: a plain number a topic, a bracketed one a sub-topic,
    a kana a list heading; markers with a prefix word (第2節, 施策1) belong to other families."""
    if numbering is None or numbering.prefix or numbering.suffix:
        return None
    if numbering.bracket not in ("", "("):
        return None
    if numbering.style == "katakana":
        return "item"
    if numbering.style in ("arabic", "roman", "kanji"):
        return "subtopic" if numbering.bracket else "topic"
    return None


@dataclass(frozen=True)
class Header:
    """A table's header row: each cell's word (folded) and what the vocabulary says it means."""

    words: tuple[str, ...]
    meanings: tuple[str | None, ...]

    @classmethod
    def of(cls, cells: list[str], vocabulary: Vocabulary) -> Header:
        meanings = (vocabulary.column(c).meaning if clean(c) else None for c in cells)
        return cls(tuple(fold(c) for c in cells), tuple(meanings))

    def __len__(self) -> int:
        return len(self.words)

    def at(self, meaning: str) -> int | None:
        return next((i for i, m in enumerate(self.meanings) if m == meaning), None)

    @property
    def unnamed(self) -> list[int]:
        return [i for i, m in enumerate(self.meanings) if m is None]

    @property
    def name(self) -> int | None:
        """The column naming each row's event: 会議名, 件名, or 名称 where no partner or
        conclusion date makes it an agreement's name."""
        found = self.at("meeting")
        if found is None and self.at("partner") is None and self.at("concluded") is None:
            found = self.at("agreement")
        return found

    def columns(self, words: dict[str, str]) -> dict[str, int] | None:
        """role → column for every word of ``words`` (a unit in brackets apart), or None."""
        cores = [UNIT_GROUP.sub("", w) for w in self.words]
        found = {role: cores.index(word) for role, word in words.items() if word in cores}
        return found if len(found) == len(words) else None


class Reader:
    """Walks one report; ``levels`` holds the open topic, sub-topic and list heading, and
    ``numbers`` the number each of them was opened with."""

    def __init__(self, document: Document, info: DocumentInfo) -> None:
        self.document = document
        self.info = info
        self.vocabulary = vocabulary_for(info.layout)
        self.fiscal = Period.fiscal_year(info.fiscal_year)
        self.result = ParseResult()
        self.department: str | None = None
        self.levels: dict[str, Activity] = {}
        self.numbers: dict[str, int] = {}
        self.names: dict[str, str] = {}
        self.counts: dict[str, int] = {}
        self.organizations: dict[str, Organization] = {}
        self.agreements: dict[str, Agreement] = {}
        self.keys: set[str] = set()

    # -- helpers ----------------------------------------------------------------------------

    def add(self, record) -> None:
        self.result.add(record)

    def residue(self, line: Line, reason: str) -> None:
        self.result.residue.append(Residue(line.number, line.raw.strip(), reason))

    def period(self, text: str) -> Period | None:
        found = report_date_range(text, self.info.fiscal_year)
        return Period(*found) if found else None

    @property
    def current(self) -> Activity | None:
        for name in ("item", "subtopic", "topic"):
            if name in self.levels:
                return self.levels[name]
        return None

    def heading(self) -> Activity | None:
        """The innermost numbered heading (sub-topic, else topic): what a table belongs to."""
        return self.levels.get("subtopic") or self.levels.get("topic")

    def body(self) -> str | None:
        """The organisation holding the meetings of a table, when its heading names one."""
        heading = self.heading()
        name = body_name(heading.title) if heading else ""
        if not BODY.search(name):
            return None
        return self.organization(name, "association", heading.span)

    def prefix(self, activity: Activity) -> str:
        """The subject part of a statistic's label: 名称 if printed, else the short title."""
        if activity.key in self.names:
            return self.names[activity.key]
        title = re.sub(r"(?:について|関係|事業|制度)$", "", activity.title)
        return title.removeprefix(self.info.city_name) or title

    def organization(self, name: str, kind: str, span: Span, legal_form: str | None = None) -> str:
        key = f"org/{name}"
        if key not in self.organizations:
            country = FOREIGN_MUNICIPALITIES.get(name) if kind == "municipality" else None
            self.organizations[key] = Organization(key, name, kind, span, legal_form, country)
        return key

    def unique(self, key: str) -> str:
        candidate, n = key, 1
        while candidate in self.keys:
            n += 1
            candidate = f"{key}#{n}"
        self.keys.add(candidate)
        return candidate

    def activity(self, kind: str, title: str, span: Span, number: str | None = None) -> Activity:
        parents = {"topic": (), "subtopic": ("topic",), "item": ("item", "subtopic", "topic")}
        parent = next((self.levels[p] for p in parents[kind] if p in self.levels), None)
        if kind == "item" and number is None:
            self.counts[parent.key] = self.counts.get(parent.key, 0) + 1
            key = f"{parent.key}/{self.counts[parent.key]}"
        else:
            key = f"{parent.key}-{number}" if parent else f"{self.department}/{number}"
        record = Activity(
            self.unique(key),
            kind,
            title,
            span,
            self.department,
            parent.key if parent else None,
            number,
        )
        self.add(record)
        return record

    def statistic(
        self,
        label: str,
        quantity: Quantity,
        span: Span,
        subject: str,
        unit: str | None = None,
        period: Period | None = None,
        note: str | None = None,
    ) -> None:
        """An Indicator and its actual value (for the report's fiscal year unless dated)."""
        key = self.unique(f"stat/{label}")
        unit = quantity.unit or unit
        self.add(Indicator(key, label, "statistic", span, unit, subject=subject))
        self.add(
            Observation(
                key,
                "actual",
                quantity.raw,
                span,
                period or self.fiscal,
                quantity.value,
                unit,
                note=note,
            )
        )

    def event(
        self,
        kind: str,
        name: str,
        span: Span,
        period: Period | None,
        body: str | None = None,
        **fields,
    ) -> Event:
        when = period.start.isoformat() if period else "undated"
        key = self.unique(f"event/{body or 'city'}/{when}/{name}")
        record = Event(key, kind, name, span, period, body, self.department, **fields)
        self.add(record)
        return record

    # -- headings and lines outside tables --------------------------------------------------

    def run(self) -> ParseResult:
        lines, i = self.document.lines, 0
        while i < len(lines):
            line = lines[i]
            if len(cells(line)) >= 2:
                i = self.table(i)
                continue
            if opened := self.opens(i):
                self.open(opened, line)
            elif self.current is None:
                self.residue(line, "outside any department topic")
            elif self.flattened_header(line):
                i = self.flattened_table(i)
                continue
            else:
                self.line(line)
            i += 1
        for record in [*self.organizations.values(), *self.agreements.values()]:
            self.add(record)
        return self.result

    def opens(self, index: int) -> str | None:
        """The heading the line opens (department, topic, subtopic, item), if any."""
        lines = self.document.lines
        line = lines[index]
        kind = level(numbering := marker(line))
        if kind is None:
            following = marker(lines[index + 1]) if index + 1 < len(lines) else None
            first_topic = level(following) == "topic" and following.number == 1
            return "department" if first_topic and department_name(line) else None
        if numbering.number != self.numbers.get(kind, 0) + 1:
            return None
        if kind == "topic":
            return kind if self.department else None
        if kind == "subtopic":
            return kind if "topic" in self.levels else None
        return kind if self.current else None

    def open(self, kind: str, line: Line) -> None:
        """A heading closes the levels below it: a department all, a topic its sub-topics."""
        if kind == "department":
            self.department, self.levels, self.numbers = department_name(line), {}, {}
            self.add(Department(self.department, line.span))
            return
        numbering = marker(line)
        mark = numbering.mark.strip("()（）.、 ")
        if kind == "topic":
            self.levels, self.numbers = {}, {}
        self.levels.pop("item", None)
        self.numbers.pop("item", None)
        self.levels[kind] = self.activity(kind, tidy(numbering.title), line.span, mark)
        self.numbers[kind] = numbering.number

    def line(self, line: Line) -> None:
        span, raw = line.span, line.raw.strip()
        text = tidy(raw)
        sub = self.levels.get("subtopic")
        if m := BULLET.fullmatch(raw):
            self.bullet(span, tidy(m[1]))
        elif sub and (m := AGREEMENT_LIST.fullmatch(sub.title)):
            self.agreement_list(line, text, m["noun"], m["who"])
        elif text.startswith("※"):
            self.note(line, raw, text)
        elif "。" not in text and (m := KEY_VALUE.fullmatch(SPACED_LATIN.sub("", raw))):
            self.key_value(span, m["key"], m["value"])
        elif text.endswith("。") or not sub:
            self.add(TextSection(self.current.key, "description", text, span))
        else:
            self.activity("item", text, span)

    def bullet(self, span: Span, text: str) -> None:
        """A bullet under a heading naming projects (…事業) is a project, else a list item."""
        parent = self.current
        if parent.title.endswith("事業"):
            self.add(Project(self.unique(f"project/{text}"), text, "project", span, parent.key))
        else:
            self.activity("item", text, span)

    def note(self, line: Line, raw: str, text: str) -> None:
        """※ lines: figures of the year (※令和6年度実績 委嘱人数:6名,提言数:5件) or a note."""
        subject = self.current
        pairs = FIGURES.findall(raw)
        period = parse_period(text) if pairs else None
        if not period:
            self.add(TextSection(subject.key, "note", text.removeprefix("※").strip(), line.span))
            return
        try:
            figures = [(label, number(value)) for label, value in pairs]
        except ValueError as error:
            self.residue(line, str(error))
            return
        for label, quantity in figures:
            label = f"{self.prefix(subject)} {tidy(label)}"
            self.statistic(label, quantity, line.span, subject.key, None, period)

    def key_value(self, span: Span, key: str, value: str) -> None:
        """名 称 広報みと / 発行部数 87,000部: a statistic when the value is a plain count."""
        subject = self.current
        key, value = key.replace(" ", ""), tidy(value)
        if key == "名称":
            self.names[subject.key] = value
        if (m := STATISTIC.fullmatch(value)) and (quantity := plain(value)):
            label = f"{self.prefix(subject)} {key}"
            unit = COUNTERS.get(m["unit"])
            self.statistic(label, quantity, span, subject.key, unit, note=m["note"])
        else:
            self.add(TextSection(subject.key, "description", value, span, title=key))

    def agreement_list(self, line: Line, text: str, noun: str, who: str) -> None:
        """茨城大学、常磐大学 …: one agreement per entry; A及びB with legal forms is one of two.

        A line with an entry whose partner is not recognised is residue as a whole."""
        kind = self.vocabulary.agreement_kind(noun)
        fallback = "company" if who.endswith("事業者") else None
        entries = []
        for entry in split_top(text, LIST_SEPARATOR):
            parts = entry.split("及び")
            found = [partner(part, None) for part in parts]
            if len(parts) == 1 or not all(f and f[1] for f in found):
                m = COUNTED.fullmatch(entry)
                found = [partner(m["name"] if m else entry, fallback)]
            if not all(found):
                self.residue(line, f"agreement partner not recognised: {entry}")
                return
            entries.append((entry, found))
        for entry, found in entries:
            keys = [self.organization(n, k, line.span, form) for n, form, k in found]
            self.agree(kind, f"{entry}との{noun}", keys, line.span, listed=True)

    def agree(
        self,
        kind: str,
        title: str,
        partners: list[str],
        span: Span,
        period: Period | None = None,
        listed: bool = False,
    ) -> None:
        """One agreement per kind and partners: a listed one takes the date decided at 庁議."""
        key = f"agreement/{kind}/{'+'.join(partners)}"
        old = self.agreements.get(key)
        new = Agreement(key, title, kind, tuple(partners), span, period)
        if old and listed:
            new = replace(new, period=old.period)
        elif old:
            new = replace(old, period=old.period or period)
        self.agreements[key] = new

    # -- tables -----------------------------------------------------------------------------

    def table(self, start: int) -> int:
        """Read the table whose header is line ``start``; return the index after its rows."""
        lines = self.document.lines
        first = lines[start]
        header = Header.of(cells(first), self.vocabulary)
        end = start + 1
        while end < len(lines) and lines[end].tabbed == first.tabbed and len(cells(lines[end])) > 1:
            end += 1
        reader = self.table_reader(header)
        if reader is None or self.heading() is None:
            for line in lines[start:end]:
                self.residue(line, "table with an unknown header")
            return end
        self.result.consume(first.span)
        previous: list[str] | None = []
        for line in lines[start + 1 : end]:
            row = cells(line)
            if len(row) > len(header) or (not line.tabbed and len(row) != len(header)):
                self.residue(line, "row whose cells do not line up with the header")
                previous = None
                continue
            row += [""] * (len(header) - len(row))
            if not row[0] and previous is None:
                self.residue(line, "its empty first cell repeats a row not read")
                continue
            if not row[0] and previous:  # an empty first cell repeats the row above
                row[0] = previous[0]
            previous = row
            try:
                reader(line.span, row, header)
            except ValueError as error:
                self.residue(line, str(error))
        return end

    def table_reader(self, header: Header) -> Callable | None:
        """The reader of the rows under a header, chosen by what its columns mean."""
        date, content, venue = header.at("date"), header.at("content"), header.at("venue")
        unnamed = header.unnamed
        if header.columns(WORKS):
            return self.works
        if header.columns(SURVEYS) and header.at("department") is not None:
            return self.surveys
        if header.name is not None and date is not None:
            return self.named_meetings if venue is not None else self.subject_meetings
        if date is not None and content is not None:
            rest = [i for i in range(len(header)) if i not in (date, content)]
            if not rest:
                return self.dated_rows
            if rest == [venue]:
                return self.exchanges
            if len(rest) == 1 and rest == unnamed:
                return self.named_rows
        counts = [i for i in unnamed if self.is_count(header.words[i])]
        if date is not None and venue is not None and len(counts) == 1 and len(unnamed) == 3:
            return self.attended_meetings
        if date is None and len(header) == 3 and content == 2 and unnamed == [0, 1]:
            return self.programmes
        if len(header) > 1 and header.words[0].endswith(CATEGORY) and all(header.words):
            return self.category_counts
        words = header.words
        pairs = len(set(words[0::2])) == 1 and len(set(words[1::2])) == 1
        labels = words[0] and header.meanings[0] is None  # a name, not a date or a role
        if len(words) % 2 == 0 and pairs and labels and self.is_count(words[1]):
            return self.paired_statistics
        return None

    def is_count(self, word: str) -> bool:
        """A header word naming a count (件数, ラック数, 延べ利用者数(人)), its unit apart."""
        core = UNIT_GROUP.sub("", word)
        endings = self.vocabulary.indicator_endings
        return bool(core) and not any(c.isdigit() for c in word) and core.endswith(endings)

    def flattened_header(self, line: Line) -> bool:
        """A header row whose cells the extraction joined with single spaces (期 日 内 容)."""
        words = self.header_words(line.raw)
        if len(words) < 2 or any(c.isdigit() for c in line.text):
            return False
        candidates = [words, ["", *words]] if line.indent else [words]
        return any(self.table_reader(Header.of(c, self.vocabulary)) for c in candidates)

    def header_words(self, raw: str) -> list[str]:
        """The words of a header printed with single spaces: letter-spaced runs (会 議 名 開
        催 日) joined and cut at the vocabulary's words; a unit in brackets stays with its word."""
        words: list[str] = []
        run = ""
        for token in [*spaced(raw).split(), ""]:
            if len(token) == 1:
                run += token
                continue
            if run:
                words.extend(self.segment(run) or [run])
                run = ""
            if token.startswith("(") and words:
                words[-1] += token
            elif token:
                words.append(token)
        return words

    def segment(self, text: str) -> list[str] | None:
        """The text cut into header words of the vocabulary, if it holds nothing else."""
        if not text:
            return []
        for word in self.vocabulary.columns.longest_first:
            if text.startswith(word) and (rest := self.segment(text[len(word) :])) is not None:
                return [word, *rest]
        return None

    def flattened_table(self, start: int) -> int:
        """The header and rows of a table that cannot be split: residue up to the next heading,
        ※ note or table; return the index after them."""
        lines = self.document.lines
        self.residue(lines[start], "table header whose cells are not separated")
        end = start + 1
        while end < len(lines) and not self.opens(end) and len(cells(lines[end])) < 2:
            if lines[end].text.startswith("※"):
                break
            self.residue(lines[end], "table row whose cells are not separated")
            end += 1
        return end

    def date_of(self, text: str) -> Period:
        found = self.period(text)
        if found is None:
            raise ValueError(f"date not recognised: {clean(text)}")
        return found

    def named_meetings(self, span: Span, cells: list[str], header: Header) -> None:
        """name | date | venue (市長会 tables): held by the body the heading names."""
        name = tidy(cells[header.name])
        period = self.date_of(cells[header.at("date")])
        if not name:
            raise ValueError("meeting without a name")
        venue = tidy(cells[header.at("venue")]) or None
        self.event("meeting", name, span, period, self.body(), venue=venue)

    def subject_meetings(self, span: Span, cells: list[str], header: Header) -> None:
        """date | 件名: ・第1回全体会議（議題，議題） or 会計監査(会場), [書面協議] anywhere."""
        written = any("書面協議" in c for c in cells)
        date_cell = WRITTEN.sub("", cells[header.at("date")])
        text = tidy(WRITTEN.sub("", cells[header.name])).lstrip("・ ")
        name, inner = trailing_group(text)
        venue = inner if inner and PLACE.search(inner) and "について" not in inner else None
        items = agenda(inner) if inner and not venue else ()
        period = self.date_of(date_cell)
        if not name:
            raise ValueError("meeting without a name")
        body = self.body()
        self.event("meeting", name, span, period, body, venue=venue, written=written, agenda=items)

    def named_rows(self, span: Span, cells: list[str], header: Header) -> None:
        """(name) | date | content: a row naming a meeting (庁議, 政策会議) is that meeting of the
        city, its content the agenda, an agreement on it dated by it; any other row (仕事納め)
        is a ceremony whose content says where and what."""
        name = tidy(cells[header.unnamed[0]])
        period = self.date_of(cells[header.at("date")])
        raw = cells[header.at("content")]
        if not name:
            raise ValueError("row without a name")
        if not self.vocabulary.is_meeting(name):
            content = tidy(raw)
            m = VENUE_IN_TEXT.match(content)
            event = self.event("ceremony", name, span, period, venue=m and m["venue"])
            self.add(TextSection(event.key, "description", content, span))
            return
        items = tuple(tidy(item) for item in AFTER_TOPIC.split(raw) if item.strip())
        self.event("meeting", name, span, period, agenda=items)
        for item in items:
            m = AGREEMENT_ITEM.fullmatch(item)
            if m and (found := partner(m["partner"], None)):
                key = self.organization(found[0], found[2], span, found[1])
                kind = self.vocabulary.agreement_kind(m["noun"])
                self.agree(kind, f"{m['partner']}との{m['noun']}", [key], span, period)

    def exchanges(self, span: Span, cells: list[str], header: Header) -> None:
        """date | venue | content: exchanges with sister and friendship cities.

        A venue that is another municipality is the city the exchange took place with.
        """
        period = self.date_of(cells[header.at("date")])
        venue = tidy(cells[header.at("venue")]) or None
        name = tidy(cells[header.at("content")])
        if not name:
            raise ValueError("exchange without a name")
        partners = ()
        if venue and venue != self.info.city_name and MUNICIPALITY.fullmatch(venue):
            partners = (self.organization(venue, "municipality", span),)
        self.event("exchange", name, span, period, venue=venue, participants=partners)

    def dated_rows(self, span: Span, cells: list[str], header: Header) -> None:
        """date | content: meetings with ・ agenda (HTML or plain), 〜開催 rows, or dated steps."""
        period = self.date_of(cells[header.at("date")])
        raw = cells[header.at("content")]
        if not tidy(raw):
            raise ValueError("dated row without content")
        if HEAD.search(raw) or ITEM_MARK.search(raw):
            meetings = self.heads(raw)
            body = self.body()
            for name, items in meetings:
                self.event("meeting", name, span, period, body, agenda=items)
            return
        text = tidy(raw)
        if text.endswith("開催"):
            self.event("meeting", text.removesuffix("開催"), span, period)
            return
        when = period.start.isoformat()
        if period.end != period.start:
            when += f"～{period.end.isoformat()}"
        self.activity("item", f"{when} {text}", span)

    def heads(self, raw: str) -> list[tuple[str, tuple[str, ...]]]:
        """Meetings in one cell: <p>name</p> ・item …, or name ・item … (plain text).

        In plain text a further meeting held the same day follows the last item after a space
        (…について 県央地域の未来を担う人材の育成に関する懇談会).
        """
        meetings: list[tuple[str, list[str]]] = []
        for index, part in enumerate(HEAD.split(raw)):  # odd parts are <p> names
            if index % 2:
                meetings.append((tidy(part), []))
                continue
            name, *pieces = ITEM_MARK.split(part)
            if tidy(name):
                meetings.append((tidy(name), []))
            if pieces and not meetings:
                raise ValueError("agenda items without a meeting name")
            for piece in pieces:
                first, *rest = AFTER_TOPIC.split(piece.strip())
                meetings[-1][1].append(tidy(first))
                meetings.extend((tidy(extra), []) for extra in rest if tidy(extra))
        return [(name, tuple(filter(None, items))) for name, items in meetings]

    def attended_meetings(self, span: Span, cells: list[str], header: Header) -> None:
        """form | date | district | venue | count (名): each 市民懇談会 and its participants."""
        count = next(i for i in header.unnamed if self.is_count(header.words[i]))
        form_at, district_at = (i for i in header.unnamed if i != count)
        heading = self.prefix(self.heading())
        form, district = tidy(cells[form_at]), tidy(cells[district_at])
        base = form if form.endswith(heading) else f"{heading}（{form}）"
        period = self.date_of(cells[header.at("date")])
        participants = number(cells[count])
        venue = tidy(cells[header.at("venue")]) or None
        event = self.event("meeting", f"{base} {district}", span, period, venue=venue)
        measure, unit = trailing_group(header.words[count])
        label = f"{heading} {measure} {district}"
        self.statistic(label, participants, span, event.key, unit_key(unit or ""), period)

    def works(self, span: Span, cells: list[str], header: Header) -> None:
        """工事名 | 工事箇所 | 工事内容 | 工事費(円) | 着工年月日 | 完了年月日."""
        at = header.columns(WORKS)
        name = tidy(cells[at["name"]])
        cost = number(cells[at["cost"]])
        cost_word = header.words[at["cost"]]
        scale = {"円": 1, "千円": 1000}.get(trailing_group(cost_word)[1] or "")
        start, end = self.date_of(cells[at["start"]]), self.date_of(cells[at["end"]])
        length = re.fullmatch(r"L ?= ?(.+)", tidy(cells[at["content"]]))
        if scale is None or length is None or not name:
            raise ValueError(
                f"cost unit or length not readable: {cost_word}, {cells[at['content']]}"
            )
        metres = number(length[1])
        key = self.unique(f"work/{name}")
        self.add(
            Project(
                key,
                name,
                "construction-work",
                span,
                self.heading().key,
                departments=(self.department,),
                place=tidy(cells[at["place"]]),
                start=start.start,
                end=end.start,
                cost_jpy=cost.value * scale,
            )
        )
        self.statistic(f"{name} 延長", metres, span, key)

    def surveys(self, span: Span, cells: list[str], header: Header) -> None:
        """調査基準日 | 調査名 | 所管 | 根拠法令 | 主な調査内容 (laws separated by spaces)."""
        at = header.columns(SURVEYS)
        reference = tidy(cells[at["reference"]])
        period = self.period(reference)
        name = tidy(cells[at["name"]])
        if not name:
            raise ValueError("survey without a name")
        survey = Survey(
            self.unique(f"survey/{name}"),
            name,
            span,
            self.department,
            period,
            None if period else reference,
            tidy(cells[header.at("department")]),
            tuple(tidy(law) for law in cells[at["law"]].split()),
        )
        self.add(survey)
        content = " ".join(tidy(part) for part in cells[at["content"]].split())
        self.add(TextSection(survey.key, "description", content, span))

    def programmes(self, span: Span, cells: list[str], header: Header) -> None:
        """(station) | 番組等 | 内容: each programme an item, its content the description."""
        if not tidy(cells[1]):
            raise ValueError("programme without a name")
        title = f"{tidy(cells[1])}（{tidy(cells[0])}）"
        item = self.activity("item", title, span)
        self.add(TextSection(item.key, "description", tidy(cells[2]), span))

    def category_counts(self, span: Span, cells: list[str], header: Header) -> None:
        """表彰の種類 | 一般 | … | 合計, then 件数 | 7 | …: one statistic per category."""
        subject = header.words[0].removesuffix(CATEGORY)
        measure = tidy(cells[0]).replace(" ", "")
        unit = unit_key(measure[-2]) if len(measure) > 1 and measure.endswith("数") else None
        counts = [number(value) for value in cells[1:]]
        for category, count in zip(header.words[1:], counts, strict=True):
            self.statistic(f"{subject} {measure} {category}", count, span, self.current.key, unit)

    def paired_statistics(self, span: Span, cells: list[str], header: Header) -> None:
        """名前 | 数値(単位) pairs, one or more per row: 運行地区 | 延べ利用者数(人)."""
        subject = self.current
        measure, unit = trailing_group(header.words[1])
        pairs = [
            (tidy(n), number(v)) for n, v in zip(cells[0::2], cells[1::2], strict=True) if n or v
        ]
        for name, value in pairs:
            label = f"{self.prefix(subject)} {measure} {name}"
            self.statistic(label, value, span, subject.key, unit_key(unit or ""))


def cells(line: Line) -> list[str]:
    """The raw cells of a line, HTML kept: split at tabs, else where the reading stage splits
    it; a line laid out with spaces that opens with spaces has an empty first cell."""
    if line.tabbed:
        found = [c.strip() for c in line.raw.split("\t")]
    else:
        found = [c.strip() for c in SPACES.split(line.raw.strip())]
        if len(found) > 1 and line.indent > 1:
            found.insert(0, "")
    while found and not found[-1]:
        found.pop()
    return found


def parse(document: Document, info: DocumentInfo) -> ParseResult:
    """Departments, their topics and everything reported under them."""
    return Reader(document, info).run()
