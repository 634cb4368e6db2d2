"""Readings of agreements and meetings stated in lines of text rather than in tables.

- an agreement's title on a line (it ends with 協定, 協定書 or 覚書) and its partners with the
  day it was concluded on the next: 「消防相互応援協定」 /
  「群馬県前橋市、高崎市 (昭和49年12月24日)」;
- a sentence stating that the city concluded an agreement with a partner:
  「2020年2月7日に、館林市は埼玉県加須市と災害時相互応援協定を結びました」,
  「北里大学と市が包括連携協定を締結しました」; the day is the sentence's, or the one a
  協定締結日 label gives a few lines below;
- a meeting named with the day it was held: 「…推進委員会(平成30年8月7日開催)」.

A partner must be an organisation by its name: a municipality of the code table, a university,
a company by its legal form … (``parsers.common.partner``); other words before と are not read.
"""

from __future__ import annotations

import re

from munikg.model import Period, Span
from munikg.normalize import clean, report_date, report_date_range, spaced
from munikg.parsers.common import partner
from munikg.parsers.general.reader import Reader, is_sentence
from munikg.reading import Line
from munikg.reference import default_reference

TITLE_END = re.compile(r"(?:協定|協定書|覚書)(?:\([^()]*\))?$")
PARTNERS_DATED = re.compile(r"(?P<names>.+?) ?\((?P<date>[^()]*\d[^()]*)\)$")
CONCLUDED = re.compile(r"(?:締結|結び|結ん|交わし)")
STATED = re.compile(
    r"(?P<partner>[^、。「」\s]{2,40}?)と(?:の間で)?、?(?:(?:本?[市町村区]|[^、。]{2,6}[市町村区])が)?"
    r"(?:「(?P<quoted>[^」]+)」|(?P<title>[^、。を「」]{0,40}(?:協定|覚書)))を"
)
HELD = re.compile(r"(?P<name>[^、。「」()]{3,40})\((?P<date>[^()]{5,20}?)開催\)")
LOOK_AHEAD = 15
NOTE = re.compile(r"\([^()]*\)$")


def is_organization(name: str, r: Reader) -> bool:
    return bool(default_reference().municipality(name, r.info.city_code) or partner(name, None))


def listed_agreement(r: Reader, i: int) -> int:
    """An agreement's title, then its partners and the day it was concluded on the next line."""
    line, nxt = r.lines[i], r.following(i)
    if nxt is None or len(line.cells) > 1 or not TITLE_END.search(line.text):
        return 0
    m = PARTNERS_DATED.match(spaced(nxt.raw))
    day = report_date(m["date"], r.fiscal_year) if m else None
    names = [NOTE.sub("", clean(n)) for n in re.split(r"[、,]", m["names"])] if m else []
    if day is None or not names or not all(is_organization(n, r) for n in names):
        return 0
    r.agreement(line.text, names, day, line, Span(line.number, nxt.number))
    r.consume(line, nxt)
    return 2


def stated_agreement(r: Reader, i: int) -> int:
    """A sentence stating that the city concluded an agreement with a partner."""
    line = r.lines[i]
    text = line.text
    m = STATED.search(text)
    if len(line.cells) > 1 or not m or not CONCLUDED.search(text, m.end()):
        return 0
    name = m["partner"].rpartition("は")[2].removeprefix("、")
    if not is_organization(name, r):
        return 0
    day = report_date(text[: m.start()] + text[m.end() :], r.fiscal_year) or concluded_below(r, i)
    r.agreement(m["quoted"] or m["title"], [name], day, line, line.span)
    if is_sentence(text):
        r.text(line, text, None)
    r.consume(line)
    return 1


def concluded_below(r: Reader, i: int):
    """The day a 協定締結日 label gives (on its line or the next) a few lines below line ``i``."""
    for k in range(i + 1, min(i + LOOK_AHEAD, len(r.lines))):
        label = r.lines[k].text
        if r.column(label.split(" ")[0]).meaning == "concluded" or (
            r.column(label).meaning == "concluded"
        ):
            for text in (label, r.lines[k + 1].text if k + 1 < len(r.lines) else ""):
                if day := report_date(text, r.fiscal_year):
                    return day
    return None


def held_meetings(r: Reader, i: int) -> int:
    """Meetings named in a sentence with the day each was held: 委員会(平成30年8月7日開催)."""
    line: Line = r.lines[i]
    found = []
    for m in HELD.finditer(line.text):
        name = m["name"].removeprefix("と").strip()
        days = report_date_range(m["date"], r.fiscal_year)
        if days and r.vocab.is_meeting(name):
            found.append((name, days))
    if not found or len(line.cells) > 1:
        return 0
    for name, days in found:
        r.event(name, Period(*days), line.span, None)
    if is_sentence(line.text):
        r.text(line, line.text, None)
    r.consume(line)
    return 1
