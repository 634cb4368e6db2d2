"""水戸市-style annual administrative report (事務報告書), organised by department.

Each department section holds numbered topics (``1 …について``), sub-topics (``(1) …``) and list
headings (``ア …``). Under them stand prose, bullet lists, ``label value`` lines and tab-separated
tables. A table is recognised by its header row, whose column names say what its rows are
(meetings, exchanges, statistics, works, surveys); nothing depends on line positions.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

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
    parse_period,
    parse_quantity,
    report_date_range,
    unit_key,
)
from munikg.parsers.common import MUNICIPALITY, UNIT_SUFFIXES, partner

DEPARTMENT = re.compile(rf"[^\s\d(（]+(?:{UNIT_SUFFIXES})")
TOPIC = re.compile(r"(\d{1,2}) (\S.*)")
SUBTOPIC = re.compile(r"[(（](\d{1,2})[)）] ?(\S.*)")
KANA = "アイウエオカキクケコサシスセソタチツテト"
LIST_HEADING = re.compile(rf"([{KANA}]) (\S.*)")
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

AGREEMENT_KINDS = (
    ("包括連携", "comprehensive-partnership"),
    ("友好交流都市", "friendly-exchange-city"),
    ("連携交流都市", "partner-exchange-city"),
    ("姉妹都市", "sister-city"),
    ("親善都市", "friendship-city"),
    ("連携", "cooperation"),
)
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


def agreement_kind(noun: str) -> str | None:
    return next((kind for marker, kind in AGREEMENT_KINDS if marker in noun), None)


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


class Reader:
    """Walks one report; ``levels`` holds the open topic, sub-topic and list heading."""

    def __init__(self, lines: list[str], info: DocumentInfo) -> None:
        self.lines = lines
        self.info = info
        self.fiscal = Period.fiscal_year(info.fiscal_year)
        self.result = ParseResult()
        self.department: str | None = None
        self.levels: dict[str, Activity] = {}
        self.names: dict[str, str] = {}
        self.counts: dict[str, int] = {}
        self.organizations: dict[str, Organization] = {}
        self.agreements: dict[str, Agreement] = {}
        self.keys: set[str] = set()

    # -- helpers ----------------------------------------------------------------------------

    def add(self, record) -> None:
        self.result.add(record)

    def residue(self, number: int, reason: str) -> None:
        self.result.residue.append(Residue(number, self.lines[number - 1].strip(), reason))

    def period(self, text: str) -> Period | None:
        found = report_date_range(text, self.info.fiscal_year)
        return Period(*found) if found else None

    @property
    def current(self) -> Activity | None:
        for level in ("item", "subtopic", "topic"):
            if level in self.levels:
                return self.levels[level]
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

    # -- lines outside tables ---------------------------------------------------------------

    def run(self) -> ParseResult:
        i = 0
        while i < len(self.lines):
            raw = self.lines[i].strip()
            if "\t" in self.lines[i]:
                i = self.table(i)
                continue
            if raw:
                self.line(i + 1, raw)
            i += 1
        for record in [*self.organizations.values(), *self.agreements.values()]:
            self.add(record)
        return self.result

    def next_text(self, number: int) -> str:
        return next((t.strip() for t in self.lines[number:] if t.strip()), "")

    def line(self, number: int, raw: str) -> None:
        span = Span.line(number)
        text = tidy(raw)
        topic = self.levels.get("topic")
        sub = self.levels.get("subtopic")
        nxt = TOPIC.fullmatch(self.next_text(number))
        if DEPARTMENT.fullmatch(text) and nxt and nxt[1] == "1":
            self.department, self.levels = text, {}
            self.add(Department(text, span))
            return
        m = TOPIC.fullmatch(raw)
        if m and self.department and int(m[1]) == (int(topic.number) + 1 if topic else 1):
            self.levels = {"topic": self.activity("topic", tidy(m[2]), span, m[1])}
            return
        if self.current is None:
            self.residue(number, "outside any department topic")
            return
        m = SUBTOPIC.fullmatch(raw)
        if m and topic and int(m[1]) == (int(sub.number) + 1 if sub else 1):
            self.levels.pop("item", None)
            self.levels["subtopic"] = self.activity("subtopic", tidy(m[2]), span, m[1])
            return
        m = LIST_HEADING.fullmatch(raw)
        item = self.levels.get("item")
        expected = KANA[KANA.index(item.number) + 1] if item and item.number else KANA[0]
        if m and m[1] == expected:
            self.levels.pop("item", None)
            self.levels["item"] = self.activity("item", tidy(m[2]), span, m[1])
            return
        if m := BULLET.fullmatch(raw):
            self.bullet(span, tidy(m[1]))
        elif sub and (m := AGREEMENT_LIST.fullmatch(sub.title)):
            self.agreement_list(span, text, m["noun"], m["who"])
        elif text.startswith("※"):
            self.note(span, raw, text)
        elif "。" not in text and (m := KEY_VALUE.fullmatch(SPACED_LATIN.sub("", raw))):
            self.key_value(span, m["key"], m["value"])
        elif text.endswith("。") or not self.levels.get("subtopic"):
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

    def note(self, span: Span, raw: str, text: str) -> None:
        """※ lines: figures of the year (※令和6年度実績 委嘱人数:6名,提言数:5件) or a note."""
        subject = self.current
        pairs = FIGURES.findall(raw)
        period = parse_period(text) if pairs else None
        if not period:
            self.add(TextSection(subject.key, "note", text.removeprefix("※").strip(), span))
            return
        try:
            figures = [(label, number(value)) for label, value in pairs]
        except ValueError as error:
            self.residue(span.first, str(error))
            return
        for label, quantity in figures:
            self.statistic(
                f"{self.prefix(subject)} {tidy(label)}", quantity, span, subject.key, None, period
            )

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

    def agreement_list(self, span: Span, text: str, noun: str, who: str) -> None:
        """茨城大学、常磐大学 …: one agreement per entry; A及びB with legal forms is one of two."""
        kind = agreement_kind(noun)
        fallback = "company" if who.endswith("事業者") else None
        for entry in split_top(text, LIST_SEPARATOR):
            parts = entry.split("及び")
            found = [partner(part, None) for part in parts]
            if len(parts) == 1 or not all(f and f[1] for f in found):
                m = COUNTED.fullmatch(entry)
                found = [partner(m["name"] if m else entry, fallback)]
            if kind is None or not all(found):
                self.residue(span.first, f"agreement partner not recognised: {entry}")
                continue
            keys = [self.organization(n, k, span, form) for n, form, k in found]
            self.agree(kind, f"{entry}との{noun}", keys, span, listed=True)

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
        """Read the table whose header is line ``start`` (0-based); return the next index."""
        header = [tidy(c).replace(" ", "") for c in self.lines[start].split("\t")]
        rows, i = [], start + 1
        while i < len(self.lines):
            if "\t" in self.lines[i]:
                rows.append((i + 1, [c.strip() for c in self.lines[i].split("\t")]))
            elif self.lines[i].strip():
                break
            i += 1
        reader = self.table_reader(header)
        if reader is None or self.department is None:
            for number in [start + 1] + [n for n, _ in rows]:
                self.residue(number, "table with an unknown header")
            return i
        self.result.consume(Span.line(start + 1))
        previous: list[str] = []
        for number, cells in rows:
            cells = cells + [""] * (len(header) - len(cells))
            if not cells[0] and previous:  # an empty first cell repeats the row above
                cells[0] = previous[0]
            previous = cells
            try:
                reader(Span.line(number), cells, header)
            except ValueError as error:
                self.residue(number, str(error))
        return i

    def table_reader(self, header: list[str]) -> Callable | None:
        names = [h for h in header if h]
        first = names[0] if names else ""
        if "件名" in names:
            return self.subject_meetings
        if "会議名" in names:
            return self.named_meetings
        if "区分" in names:
            return self.board_meetings
        if names == ["期日", "開催地", "内容"]:
            return self.exchanges
        if not header[0] and names == ["期日", "内容"]:
            return self.ceremonies
        if names == ["年月日", "内容"]:
            return self.dated_rows
        if first == "工事名":
            return self.works
        if first == "調査基準日":
            return self.surveys
        if not header[0] and names[:1] == ["番組等"]:
            return self.programmes
        if "参加者数" in "".join(names) and "開催日" in names:
            return self.attended_meetings
        if first.endswith("の種類"):
            return self.category_counts
        if len(header) % 2 == 0 and len(set(header[0::2])) == 1 and len(set(header[1::2])) == 1:
            return self.paired_statistics
        return None

    def date_of(self, text: str) -> Period:
        found = self.period(text)
        if found is None:
            raise ValueError(f"date not recognised: {clean(text)}")
        return found

    def named_meetings(self, span: Span, cells: list[str], header: list[str]) -> None:
        """会議名 | 開催日 | 開催地 (市長会 tables)."""
        row = dict(zip(header, cells, strict=True))
        self.event(
            "meeting",
            tidy(row["会議名"]),
            span,
            self.date_of(row["開催日"]),
            self.body(),
            venue=tidy(row.get("開催地", "")) or None,
        )

    def subject_meetings(self, span: Span, cells: list[str], header: list[str]) -> None:
        """期日 | 件名: ・第1回全体会議（議題，議題） or 会計監査(会場), [書面協議] anywhere."""
        written = any("書面協議" in c for c in cells)
        date_cell, subject = (WRITTEN.sub("", c) for c in cells[:2])
        text = tidy(subject).lstrip("・ ")
        name, inner = trailing_group(text)
        venue = inner if inner and PLACE.search(inner) and "について" not in inner else None
        items = agenda(inner) if inner and not venue else ()
        period = self.date_of(date_cell)
        body = self.body()
        self.event("meeting", name, span, period, body, venue=venue, written=written, agenda=items)

    def board_meetings(self, span: Span, cells: list[str], header: list[str]) -> None:
        """年月日 | 区分 | 内容: 庁議 and 政策会議 of the city; agreements decided there."""
        period = self.date_of(cells[0])
        items = tuple(tidy(item) for item in AFTER_TOPIC.split(cells[2]) if item.strip())
        self.event("meeting", tidy(cells[1]), span, period, agenda=items)
        for item in items:
            m = AGREEMENT_ITEM.fullmatch(item)
            kind = agreement_kind(m["noun"]) if m else None
            found = partner(m["partner"], None) if kind else None
            if found:
                name, form, partner_kind = found
                key = self.organization(name, partner_kind, span, form)
                self.agree(kind, f"{m['partner']}との{m['noun']}", [key], span, period)

    def exchanges(self, span: Span, cells: list[str], header: list[str]) -> None:
        """期日 | 開催地 | 内容: exchanges with sister and friendship cities.

        A venue that is another municipality is the city the exchange took place with.
        """
        period, venue = self.date_of(cells[0]), tidy(cells[1]) or None
        partners = ()
        if venue and venue != self.info.city_name and MUNICIPALITY.fullmatch(venue):
            partners = (self.organization(venue, "municipality", span),)
        self.event("exchange", tidy(cells[2]), span, period, venue=venue, participants=partners)

    def ceremonies(self, span: Span, cells: list[str], header: list[str]) -> None:
        """(name) | 期日 | 内容: 仕事納め, 仕事始め; the content says where and what."""
        content = tidy(cells[2])
        m = VENUE_IN_TEXT.match(content)
        event = self.event(
            "ceremony", tidy(cells[0]), span, self.date_of(cells[1]), venue=m and m["venue"]
        )
        self.add(TextSection(event.key, "description", content, span))

    def dated_rows(self, span: Span, cells: list[str], header: list[str]) -> None:
        """年月日 | 内容: meetings with ・ agenda (HTML or plain), 〜開催 rows, or dated steps."""
        period = self.date_of(cells[0])
        raw = cells[1]
        if HEAD.search(raw) or ITEM_MARK.search(raw):
            for name, items in self.heads(raw):
                self.event("meeting", name, span, period, self.body(), agenda=items)
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

    def attended_meetings(self, span: Span, cells: list[str], header: list[str]) -> None:
        """形式 | 開催日 | 地区 | 会場 | 参加者数 (名): each 市民懇談会 and its participants."""
        row = dict(zip(header, cells, strict=True))
        heading = self.prefix(self.heading())
        form, district = tidy(row["形式"]), tidy(row["地区"])
        base = form if form.endswith(heading) else f"{heading}（{form}）"
        period = self.date_of(row["開催日"])
        column = next(h for h in header if "参加者数" in h)
        participants = number(row[column])
        event = self.event(
            "meeting", f"{base} {district}", span, period, venue=tidy(row["会場"]) or None
        )
        measure, unit = trailing_group(column)
        label = f"{heading} {measure} {district}"
        self.statistic(label, participants, span, event.key, unit_key(unit or ""), period)

    def works(self, span: Span, cells: list[str], header: list[str]) -> None:
        """工事名 | 工事箇所 | 工事内容 | 工事費(円) | 着工年月日 | 完了年月日."""
        row = dict(zip(header, cells, strict=True))
        name = tidy(row["工事名"])
        cost_column = next(h for h in header if h.startswith("工事費"))
        cost = number(row[cost_column])
        scale = {"円": 1, "千円": 1000}.get(trailing_group(cost_column)[1] or "")
        start, end = self.date_of(row["着工年月日"]), self.date_of(row["完了年月日"])
        length = re.fullmatch(r"L ?= ?(.+)", tidy(row["工事内容"]))
        if scale is None or length is None:
            raise ValueError(f"cost unit or length not readable: {cost_column}, {row['工事内容']}")
        metres = number(length[1])
        key = self.unique(f"work/{name}")
        parent = self.heading()
        self.add(
            Project(
                key,
                name,
                "construction-work",
                span,
                parent.key,
                departments=(self.department,),
                place=tidy(row["工事箇所"]),
                start=start.start,
                end=end.start,
                cost_jpy=cost.value * scale,
            )
        )
        self.statistic(f"{name} 延長", metres, span, key)

    def surveys(self, span: Span, cells: list[str], header: list[str]) -> None:
        """調査基準日 | 調査名 | 所管 | 根拠法令 | 主な調査内容 (laws separated by spaces)."""
        row = dict(zip(header, cells, strict=True))
        reference = tidy(row["調査基準日"])
        period = self.period(reference)
        name = tidy(row["調査名"])
        survey = Survey(
            self.unique(f"survey/{name}"),
            name,
            span,
            self.department,
            period,
            None if period else reference,
            tidy(row["所管"]),
            tuple(tidy(law) for law in row["根拠法令"].split()),
        )
        self.add(survey)
        content = " ".join(tidy(part) for part in row["主な調査内容"].split())
        self.add(TextSection(survey.key, "description", content, span))

    def programmes(self, span: Span, cells: list[str], header: list[str]) -> None:
        """(station) | 番組等 | 内容: each programme an item, its content the description."""
        title = f"{tidy(cells[1])}（{tidy(cells[0])}）"
        item = self.activity("item", title, span)
        self.add(TextSection(item.key, "description", tidy(cells[2]), span))

    def category_counts(self, span: Span, cells: list[str], header: list[str]) -> None:
        """表彰の種類 | 一般 | … | 合計, then 件数 | 7 | …: one statistic per category."""
        subject = header[0].removesuffix("の種類")
        measure = tidy(cells[0]).replace(" ", "")
        unit = unit_key(measure[-2]) if measure.endswith("数") else None
        counts = [number(value) for value in cells[1:]]
        for category, count in zip(header[1:], counts, strict=True):
            self.statistic(f"{subject} {measure} {category}", count, span, self.current.key, unit)

    def paired_statistics(self, span: Span, cells: list[str], header: list[str]) -> None:
        """名前 | 数値(単位) pairs, one or more per row: 運行地区 | 延べ利用者数(人)."""
        subject = self.current
        measure, unit = trailing_group(header[1])
        pairs = [
            (tidy(n), number(v)) for n, v in zip(cells[0::2], cells[1::2], strict=True) if n or v
        ]
        for name, value in pairs:
            label = f"{self.prefix(subject)} {measure} {name}"
            self.statistic(label, value, span, subject.key, unit_key(unit or ""))


def parse(lines: list[str], info: DocumentInfo) -> ParseResult:
    """Departments, their topics and everything reported under them."""
    return Reader(lines, info).run()
