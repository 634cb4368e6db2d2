"""Readings of meetings printed as lines: a date and a name, or a block of 日時 and 会場 lines.

A line opening with a date (4月12日(火) ■会議名(会場)) is a meeting when its name says so (its
ending is a meeting word of the vocabulary); the venue stands in brackets after the name or on
the line below, agenda items (・…) on the lines after. A name printed without a date (■会議名)
is on the date of the meeting above it. A 日時 / 会場 block is the meeting the title above it
names. A month-day date takes the year of a year heading above it (<平成28年>), else the
report's fiscal year (April to December of it, January to March of the next).
"""

from __future__ import annotations

import re
from datetime import date

from munikg.model import Period, Span
from munikg.normalize import clean, report_date_range, spaced
from munikg.parsers.general.reader import SENTENCE_END, Reader
from munikg.reading import Line

WEEKDAY = r"(?: ?\([月火水木金土日祝・]+\))?"
YEAR = r"(?:(?:令和|平成|昭和|[RHS]) ?(?:元|\d{1,2})年|\d{4}年)"
DAY = rf"\d{{1,2}}月\d{{1,2}}日{WEEKDAY}"
DATE_LEAD = re.compile(
    rf"(?P<date>{YEAR}?{DAY}(?: ?[~～-] ?(?:\d{{1,2}}月)?\d{{1,2}}日{WEEKDAY})?"
    r"|\d{1,2}\. ?\d{1,2}\. ?\d{1,2})"
)
NAME_MARK = re.compile(r"^[■●◆○◇□・] ?")
AGENDA_RUN = re.compile(r"\S ・ ?\S")
TRAILING_GROUP = re.compile(r"^(?P<name>.+?) ?\((?P<inner>[^()]+)\)$")
# A venue: a place (…市, …ホテル, …会議室) or 区:会館 (東京都千代田区:全国都市会館), never a list
# of what was discussed.
VENUE = re.compile(
    r"^[^,，、]{2,30}?(?:[:：].+|[都道府県市区町村]|ホテル|会館|ホール|センター|庁舎|会場|ビル|室|館|場)$"
)
FIELDS = ("date", "venue")


def is_venue(text: str) -> bool:
    return bool(VENUE.match(text)) and "について" not in text


def dates(r: Reader, text: str) -> tuple[date, date] | None:
    year = r.context.year
    if year and "月" in text and not re.match(r"(?:令和|平成|昭和|[RHS]|\d{4})", text):
        text = f"{year}年{text}"
    return report_date_range(text, r.fiscal_year)


def event_line(r: Reader, i: int) -> int:
    """A date and a meeting's name, the venue and agenda with it."""
    line = r.lines[i]
    text = clean(line.body)
    m = DATE_LEAD.match(text)
    rest = text[m.end() :].strip() if m else text
    if not m and not (NAME_MARK.match(rest) and r.context.event):
        return 0
    if AGENDA_RUN.search(rest):
        return 0  # a meeting's name and its agenda run together: where the name ends is unsure
    name, venue, lines = NAME_MARK.sub("", rest).strip(), None, [line]
    agenda = []
    if (g := TRAILING_GROUP.match(name)) and is_venue(g["inner"]):
        name, venue = g["name"], g["inner"]
    elif g:  # 第5回全体会議(…について，…について): what was discussed
        name, agenda = g["name"], [a.strip() for a in re.split(r"[,，、]", g["inner"]) if a.strip()]
    elif (nxt := r.following(i)) and (g := re.fullmatch(r"\((?P<inner>[^()]+)\)", nxt.text)):
        venue = g["inner"]
        lines.append(nxt)
    if not name or not r.vocab.is_meeting(name):
        return 0
    if m:
        found = dates(r, m["date"])
    else:
        period = r.context.event.period
        found = (period.start, period.end)
    if found is None:
        return 0
    while (nxt := r.following(i + len(lines) - 1)) and nxt.text.startswith("・"):
        agenda.append(nxt.text.removeprefix("・").strip())
        lines.append(nxt)
    span = Span(line.number, lines[-1].number)
    r.context.event = r.event(name, Period(*found), span, venue, agenda)
    r.consume(*lines)
    return len(lines)


def field_of(r: Reader, line: Line) -> tuple[str, str, str] | None:
    """(field, label, value) of a 日時 … or 会場: … line; the label, a whole word of the
    vocabulary, may be letter-spaced (□ 開 催 年 月 日), the value printed on the next line
    (then it is empty here)."""
    text = NAME_MARK.sub("", spaced(line.raw))
    label, colon, value = text.partition(":") if ":" in text[:12] else ("", "", "")
    if colon and r.vocab.columns.exact(label) in FIELDS:
        return r.vocab.columns.exact(label), clean(label), value.strip()
    words = text.split(" ")
    for size in range(min(len(words), 8), 0, -1):
        label, value = "".join(words[:size]), " ".join(words[size:]).strip()
        if (meaning := r.vocab.columns.exact(label)) in FIELDS:
            # 年 月 日 件 名: a table's header run together, not a label and its value
            return None if r.column(value).meaning else (meaning, label, value)
    return None


def event_block(r: Reader, i: int) -> int:
    """日時 and 会場 lines (a value maybe on the next line, or continued there) under the name
    of a meeting: one meeting. Of several dates, the one labelled 開催 or 日時 is the meeting's
    (not the day it was called)."""
    named = r.context.meeting_line
    if named and r.free(named) and named.number < r.lines[i].number:
        r.context.meeting = named.text
    if not r.context.meeting or field_of(r, r.lines[i]) is None:
        return 0
    fields: dict[str, list[tuple[str, str]]] = {}
    lines: list[Line] = []
    last = ""
    while i + len(lines) < len(r.lines):
        line = r.lines[i + len(lines)]
        found = field_of(r, line) if r.free(line) else None
        if found:
            fields.setdefault(found[0], []).append((found[1], clean(found[2])))
            last = found[0]
        elif lines and r.free(line) and continues(line, bool(fields[last][-1][1])):
            label, value = fields[last][-1]
            fields[last][-1] = (label, f"{value} {spaced(line.raw)}".strip())
        else:
            break
        lines.append(line)
    dated = fields.get("date", [])
    chosen = next(
        (v for k, v in dated if re.search("開催|日時|期日", k)), dated[0][1] if dated else ""
    )
    found = dates(r, chosen)
    if found is None:
        return 0
    venue = " ".join(v for _, v in fields.get("venue", [])) or None
    if named and r.free(named) and named.text == r.context.meeting:
        lines.insert(0, named)  # the line naming the meeting, read now with it
    span = Span(lines[0].number, lines[-1].number)
    r.context.event = r.event(r.context.meeting, Period(*found), span, venue)
    r.consume(*lines)
    return len(lines) - (lines[0] is named)


def continues(line: Line, started: bool) -> bool:
    """A line holding the value of the field above it (開催場所 / 市役所東棟3階会議室7), or
    continuing it (3階 コスモスホールⅡ, 12:30~14:50: a time or a place, not 出席者)."""
    text = line.text
    if started and (DATE_LEAD.match(text) or not (re.search(r"\d", text) or is_venue(text))):
        return False  # another dated row, or words that are not a time or a place
    return (
        len(text) <= 40
        and not text.endswith(SENTENCE_END)
        and not line.numbering
        and not text.startswith(("【", "<", "(", "■", "・"))
    )
