"""Text normalisation shared by every parser: cleaning, era years, periods, dates, quantities.

Knows nothing of RDF nor of any document layout. Every function taking text is total: what it
cannot read gives ``None`` (or a ``Quantity`` whose ``problem`` says why), never an exception,
so a parser can always fall back to reporting the line as residue.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from itertools import pairwise

from munikg.model import Period
from munikg.resources import reference_toml

# Kanji, kana and CJK punctuation that survive NFKC (、。「」〇々・ー …); a space between two of
# them, or between one of them and a digit, is a PDF line-wrap artefact.
_CJK = "\u3001-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f"
# A space before "・" is kept: these documents separate list items with " ・".
_TIGHT = re.compile(f"(?<=[{_CJK}]) (?=[{_CJK}0-9])(?!・)|(?<=[0-9]) (?=[{_CJK}])(?!・)")
# Only real HTML tag names, so that text such as "<R3継続>" is not mistaken for a tag.
_TAG = re.compile(
    r"</?(?:p|br|ul|ol|li|div|span|table|tr|td|th|b|i|u|em|strong|font|a|sup|sub|h[1-6])\b[^<>]*>",
    re.IGNORECASE,
)
_TILDE = "~"  # clean() reads the full-width tilde and the wave dash as ~ (see _nfkc)
_ERA = r"(?:令和|平成|昭和|(?<![A-Za-z])[RHS])"
_ERA_BASE = {"令和": 2018, "R": 2018, "平成": 1988, "H": 1988, "昭和": 1925, "S": 1925}
# 平成 ended in its 31st year, but plans drafted before 2019 print later years (平成32年3月まで
# is March 2020); 昭和 years past 64 are not printed.
_ERA_LAST = {2018: 99, 1988: 50, 1925: 64}


def _nfkc(text: str) -> str:
    """NFKC, and the wave dash (〜) read as ~ too: Japanese text prints one character that the
    Shift_JIS mappings turn into either 〜 or ～, and NFKC folds only ～."""
    return unicodedata.normalize("NFKC", text).replace("\u301c", "~")


def spaced(text: str) -> str:
    """NFKC, no HTML tags, single spaces: the text with the spaces the extractor printed."""
    return " ".join(_TAG.sub(" ", _nfkc(text)).split())


def clean(text: str) -> str:
    """One cell's text in canonical form: NFKC, no HTML tags, single spaces, no wrap artefacts."""
    return _TIGHT.sub("", spaced(text))


def fold(text: str) -> str:
    """The form names are compared and keyed in: NFKC (full-width forms folded), no spaces."""
    return "".join(_nfkc(text).split())


def _latin(char: str) -> bool:
    return char.isascii() and char.isalnum()


def join_wrapped(parts: list[str]) -> str:
    """Reassemble a table cell wrapped across lines, cleaned."""
    return unwrap(map(clean, parts))


def unwrap(parts: Iterable[str]) -> str:
    """Lines of one wrapped cell as one text: Latin words keep a space between, and so does a
    comma before a word (吉田, 吉沢; a number wrapped at its comma, 1,234, does not)."""
    joined = ""
    for part in filter(None, parts):
        latin = joined and _latin(joined[-1]) and _latin(part[0])
        if latin or (joined.endswith(",") and not part[0].isdigit()):
            joined += " "
        joined += part
    return joined


def _era(era: str, number: str) -> int | None:
    base = _ERA_BASE[era]
    n = 1 if number == "元" else int(number)
    return base + n if 1 <= n <= _ERA_LAST[base] else None


_ERA_YEAR = re.compile(rf"(?P<era>{_ERA}) ?(?P<n>元|\d{{1,2}})(?!\d)", re.ASCII)


def era_year(text: str) -> int | None:
    """The Gregorian year of the first era year (令和6, R元, H28, S63) in the text."""
    for m in _ERA_YEAR.finditer(clean(text)):
        if (year := _era(m["era"], m["n"])) is not None:
            return year
    return None


fiscal_year = Period.fiscal_year
calendar_year = Period.calendar_year


def _fy(year: int) -> tuple[date, date]:
    period = fiscal_year(year)
    return period.start, period.end


def _point(n: str) -> str:
    """One year of a period expression; group names are prefixed with ``n``."""
    return (
        rf"(?:(?P<{n}e>{_ERA}) ?(?P<{n}n>元|\d{{1,2}})"
        rf"|(?<![\d,.])(?P<{n}w>(?:1[89]|2\d)\d\d)(?:\((?:令和|平成|昭和)(?:元|\d{{1,2}})\))?)"
        rf"(?!\d)(?!年\d{{1,2}}月)(?P<{n}s>年度|年)?"
    )


_PERIOD = re.compile(rf"{_point('a')}(?: ?(?P<sep>[{_TILDE}]) ?(?:{_point('b')})?)?", re.ASCII)


def _point_year(m: re.Match[str], n: str) -> int | None:
    if m[n + "e"]:
        return _era(m[n + "e"], m[n + "n"])
    return int(m[n + "w"]) if m[n + "w"] else None


def _year_spans(text: str) -> Iterator[tuple[date | None, date | None]]:
    """(start, end) of each period expression in cleaned text; None marks an open end."""
    for m in _PERIOD.finditer(text):
        first, last = _point_year(m, "a"), _point_year(m, "b")
        suffixes = {m["as"], m["bs"]} - {None}
        if first is None or ((m["be"] or m["bw"]) and last is None):
            continue  # an era year out of range (H35, S70)
        if not suffixes and not m["ae"] and not m["be"]:
            continue  # a bare four-digit number is not a year
        calendar = "年" in suffixes and "年度" not in suffixes
        lo, hi = (date(first, 1, 1), date(first, 12, 31)) if calendar else _fy(first)
        if m["sep"]:
            if last is None:
                yield lo, None
                continue
            hi = date(last, 12, 31) if calendar else _fy(last)[1]
            if hi < lo:
                continue
        elif text[: m.start()].rstrip().endswith(tuple(_TILDE)):
            lo = None  # "~R8": open at the start
        yield lo, hi


def parse_period(text: str) -> Period | None:
    """The first closed period in the text: 2021年度, R3, (R3), 令和4年, R2~R4累計, H26~R22.

    A bare era year means its fiscal year; 年 without 度 means the calendar year.
    """
    for lo, hi in _year_spans(clean(text)):
        if lo and hi:
            return Period(lo, hi)
    return None


_BARE_FISCAL = re.compile(r"(?<![\d.,A-Za-z])(?P<n>元|\d{1,2}) ?年度(?:末)?")


def report_period(text: str, fiscal_year: int) -> Period | None:
    """parse_period, and a fiscal year printed without its era (24年度 in a 平成 report): the
    era that puts it nearest the report's fiscal year."""
    if (period := parse_period(text)) is not None:
        return period
    m = _BARE_FISCAL.search(clean(text))
    year = _report_year(m["n"], fiscal_year) if m else None
    return Period.fiscal_year(year) if year else None


def parse_plan_period(text: str) -> tuple[date | None, date | None] | None:
    """A plan's period, which may be open at either end: R4~ is (2022-04-01, None)."""
    return next(_year_spans(clean(text)), None)


def _date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except (ValueError, OverflowError):
        return None


def _month(year: int, month: int) -> tuple[date, date] | None:
    first = _date(year, month, 1)
    following = _date(year + month // 12, month % 12 + 1, 1)
    return (first, following - timedelta(days=1)) if first and following else None


_DATE = re.compile(
    rf"(?:(?:(?P<e1>{_ERA})(?P<n1>元|\d{{1,2}})年|(?<!\d)(?P<w1>\d{{4}})年)?"
    r"(?<!\d)(?P<m1>\d{1,2})月(?P<d1>\d{1,2})日"
    r"|(?<![\d.])(?P<y2>\d{4}|元|\d{1,2})\. ?(?P<m2>\d{1,2})\. ?(?P<d2>\d{1,2})(?![\d.月])"
    r"|(?<![\d.])(?P<y3>\d{4}|元|\d{1,2})\. ?(?P<m3>\d{1,2})月"
    rf"|(?:(?P<e4>{_ERA})(?P<n4>元|\d{{1,2}})|(?<!\d)(?P<w4>\d{{4}}))年(?P<m4>\d{{1,2}})月(?!\d))"
    rf"(?: ?\([^()]{{1,4}}\))?(?: ?[{_TILDE}] ?(?P<dd>\d{{1,2}})日(?!\d))?",
    re.ASCII,
)


def _report_year(number: str, fiscal_year: int) -> int | None:
    """A bare era year ("6" in 6. 4. 1): the era that puts it nearest the report's fiscal year."""
    if len(number) == 4:
        return int(number)
    years = [y for era in ("令和", "平成", "昭和") if (y := _era(era, number)) is not None]
    return min(years, key=lambda y: abs(y - fiscal_year), default=None)


def _dates(text: str, fiscal_year: int) -> Iterator[tuple[date, date, bool, bool]]:
    """(start, end, day precision, year stated) for each date expression in the text."""
    for m in _DATE.finditer(clean(text)):
        stated, day = True, None
        if m["m1"]:
            month, day = int(m["m1"]), int(m["d1"])
            if m["e1"]:
                year = _era(m["e1"], m["n1"])
            elif m["w1"]:
                year = int(m["w1"])
            else:  # month and day only: April-December of the fiscal year, then Jan-March
                year, stated = (fiscal_year if month >= 4 else fiscal_year + 1), False
        elif m["m2"]:
            year, month, day = _report_year(m["y2"], fiscal_year), int(m["m2"]), int(m["d2"])
        elif m["m3"]:
            year, month = _report_year(m["y3"], fiscal_year), int(m["m3"])
        else:
            year, month = _era(m["e4"], m["n4"]) if m["e4"] else int(m["w4"]), int(m["m4"])
        if year is None:
            continue
        span = _month(year, month) if day is None else (_date(year, month, day),) * 2
        if span and span[0] and m["dd"]:
            span = (span[0], _date(year, month, int(m["dd"])))
        if span and span[0] and span[1] and span[0] <= span[1]:
            yield span[0], span[1], day is not None, stated


def report_date(text: str, fiscal_year: int) -> date | None:
    """The first day-precise date (6. 4. 1, 10月17日, 令和5年2月11日) in a FY report.

    A bare year is an era year (6 is 令和6 in a FY2024 report); a bare month-day falls in the
    fiscal year (April-December) or the next calendar year (January-March).
    """
    return next((start for start, _, day, _ in _dates(text, fiscal_year) if day), None)


def report_date_range(text: str, fiscal_year: int) -> tuple[date, date] | None:
    """From the first to the last date in the text (~, 及び); month-only dates span the month.

    A month-day start later than the end belongs to the year before (3月26日~4月10日).
    """
    found = list(_dates(text, fiscal_year))
    if not found:
        return None
    (start, _, _, stated), end = found[0], found[-1][1]
    if start > end and not stated:
        start = _date(start.year - 1, start.month, start.day) or start
    return (start, end) if start <= end else None


def _surfaces(area: str) -> dict[str, str]:
    """Surface → concept key of one area of data/reference/vocabulary.toml."""
    table = reference_toml("vocabulary.toml")[area]
    return {surface: key for key, surfaces in table.items() for surface in surfaces}


# Units as printed (人, か所, 千円) and values that are concepts (設置, 未算出, －), from the
# vocabulary; STATUSES are the progress statuses of a 進捗状況 cell.
UNITS = _surfaces("unit")
QUALITATIVE = _surfaces("qualitative")
STATUSES = _surfaces("status")
# How many yen one of each money unit is (千円 × 1000).
YEN = {"yen": 1, "thousand-yen": 1000, "million-yen": 10**6, "hundred-million-yen": 10**8}

# Any unit as printed, longest first, so that 百万円 wins over 円 and 団体等 over 団体; a Latin
# unit (m) must not be the start of a longer Latin word. Other stages build on this pattern.
UNIT_PATTERN = (
    "(?:"
    + "|".join(
        re.escape(s) + ("(?![A-Za-z])" if s.isascii() and s.isalpha() else "")
        for s in sorted(UNITS, key=len, reverse=True)
    )
    + ")"
)
_UNIT = re.compile(UNIT_PATTERN)
_NUMBER = re.compile(
    r"(?P<sign>[-+\u2212▲△])? ?(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?P<man>万)?",
    re.ASCII,
)
_COMPONENT = re.compile(r"\[(?P<label>[^\[\]]{1,10})\]|第\d+期", re.ASCII)
_PAREN = re.compile(r"\(([^()]*)\)")


def unit_key(surface: str) -> str | None:
    """The unit concept for a unit as printed (件, か所, 百万円); None if not a known unit."""
    return UNITS.get(clean(surface))


def _number(m: re.Match[str]) -> Decimal:
    value = Decimal(m["num"].replace(",", "")) * (10000 if m["man"] else 1)
    return -value if m["sign"] in ("-", "\u2212", "▲", "△") else value


@dataclass(frozen=True)
class Quantity:
    """A value cell read as stated: number, unit key, qualitative key and annotations.

    ``raw`` is the cleaned cell text; ``period`` a period in parentheses that overrides the
    column's; ``problem`` says why nothing (or not everything) could be read.
    """

    raw: str
    value: Decimal | None = None
    unit: str | None = None
    per_year: bool = False
    qualitative: str | None = None
    period: Period | None = None
    cumulative: bool = False
    component: str | None = None
    note_marker: bool = False
    approximate: bool = False
    problem: str | None = None
    unknown_unit: str | None = None


# A word printed after a number where a unit stands, but not one the vocabulary knows (4組).
_WORD = re.compile(r"[\u3040-\u30ff\u3400-\u9fffA-Za-z]{1,4}")


def parse_quantity(text: str) -> Quantity:
    """Read one value: 1,137社, ▲107, 約 53万人, 28.0億円/年 (R3), 242人 (R2~R4 累計), 未算出※."""
    raw = clean(text)
    period, cumulative = None, False
    for inner in _PAREN.findall(raw):
        if (period := parse_period(inner)) is not None:
            cumulative = "累計" in inner
            break
    # ※ marks a footnote: the value stands before it ("未算出※", "908,115 ※県統計課…"),
    # or after it when the cell starts with the mark ("※ 55件/年").
    head, mark, tail = raw.partition("※")
    region = _PAREN.sub(" ", head if head.strip() or not mark else tail).strip()
    component = None
    if m := _COMPONENT.match(region):
        component, region = m["label"] or m[0], region[m.end() :].strip()
    fields = {
        "raw": raw,
        "period": period,
        "cumulative": cumulative or "累計" in region,
        "component": component,
        "note_marker": bool(mark),
        "per_year": bool(re.search("/ ?年", region)),
    }
    numbers = list(_NUMBER.finditer(region))
    if not numbers:
        qualitative = QUALITATIVE.get(region.replace(" ", ""))
        problem = None if qualitative else "empty" if not raw else "no number or known value"
        return Quantity(**fields, qualitative=qualitative, problem=problem)
    first = numbers[0]
    after = region[first.end() :].lstrip()
    unit = _UNIT.match(after)
    unknown = _WORD.match(after) if unit is None and len(numbers) == 1 else None
    return Quantity(
        **fields,
        value=_number(first),
        unit=UNITS[unit[0]] if unit else None,
        approximate=region[: first.start()].rstrip().endswith("約"),
        problem="more than one number" if len(numbers) > 1 else None,
        unknown_unit=unknown[0] if unknown and unknown[0] not in ("以上", "以下", "未満") else None,
    )


def parse_compound(text: str) -> list[Quantity]:
    """Split a compound value at its component labels: 第1期100% 第2期84%, [小6]+2.0 [中3]+3.0."""
    raw = clean(text)
    starts = [m.start() for m in _COMPONENT.finditer(raw)]
    if not starts:
        return [parse_quantity(raw)]
    bounds = ([0] if raw[: starts[0]].strip() else []) + [*starts, len(raw)]
    return [parse_quantity(raw[a:b]) for a, b in pairwise(bounds)]


def parse_revision_chain(text: str) -> list[Quantity]:
    """Successive target revisions separated by ↓, oldest first; none is dropped."""
    return [parse_quantity(part) for part in clean(text).split("↓")]


def progress_status(text: str) -> str | None:
    """The status concept of 順調 ↑ / 概ね順調 → / 遅れ ↓ (arrows optional); None otherwise."""
    return STATUSES.get(re.sub(r"[↑↗→↘↓ ]", "", clean(text)))


_DECLARED = re.compile(r"\(?単位 ?: ?(?P<unit>[^ ()]*)\)?")


def declared_unit(text: str) -> tuple[str, str | None]:
    """Split "市民所得 単位:百万円" into the cleaned label and the unit key (None if unknown)."""
    cleaned = clean(text)
    m = _DECLARED.search(cleaned)
    if not m:
        return cleaned, None
    return clean(cleaned[: m.start()] + " " + cleaned[m.end() :]), unit_key(m["unit"])


def thousand_yen_to_yen(text: str) -> Decimal | None:
    """An amount printed in thousands of yen (31,077 or 31,077千円), in yen."""
    m = re.fullmatch(rf"(?:{_NUMBER.pattern})(?:千円)?", clean(text), re.ASCII)
    return _number(m) * 1000 if m else None


@dataclass(frozen=True)
class Found:
    """A quantity found in running text: where it stands, and what it says."""

    start: int
    end: int
    quantity: Quantity


_IN_TEXT = re.compile(
    rf"(?<![\dA-Za-z.,])(?<!\d:)(?:{_NUMBER.pattern}) ?(?:{_UNIT.pattern})?"
    r"(?: ?/ ?年)?(?:以上|以下|未満)?"
)
_ANNOTATION = re.compile(r" ?\([^()]{1,16}\)")
_NOT_A_QUANTITY = re.compile(r"[年月期号歳時分階_]|日(?! ?/)|\.\d|:\d|,\d")
_UNKNOWN_UNIT = re.compile(r" ?[\u30a0-\u30ff\u3400-\u9fff]{1,3}(?: ?/ ?年)?")


def find_quantities(text: str) -> list[Found]:
    """The quantities in a line of text (number, unit, /年, a dated annotation such as
    (R2~R4累計)), leaving out the numbers of years, dates, times and numbered items (2024年度,
    4月12日, 12:30, 第2期, R6)."""
    masked = text
    for pattern in (_PERIOD, _DATE):
        for m in pattern.finditer(text):
            if m.end() > m.start() and not _NUMBER.fullmatch(m[0].strip()):
                masked = masked[: m.start()] + "\0" * (m.end() - m.start()) + masked[m.end() :]
    found = []
    for m in _IN_TEXT.finditer(masked):
        if _NOT_A_QUANTITY.match(masked, m.end()) or masked[m.start() - 1 : m.start()] == "第":
            continue
        end = m.end()
        if not _UNIT.search(m[0]) and (word := _UNKNOWN_UNIT.match(text, end)):
            end = word.end()
        if (note := _ANNOTATION.match(text, end)) and parse_period(note[0]):
            end = note.end()
        found.append(Found(m.start(), end, parse_quantity(text[m.start() : end])))
    return found


def parse_deadline(text: str, fiscal_year: int) -> Period | None:
    """The fiscal year a deadline falls in: 平成32年3月まで is FY2019, R6年度末まで FY2024."""
    if (period := parse_period(text)) is not None:
        return period
    found = report_date_range(text, fiscal_year)
    if found is None:
        return None
    end = found[1]
    return Period.fiscal_year(end.year if end.month >= 4 else end.year - 1)
