"""Readings of lines without cells: header lines and the rows under them, labelled values.

A header printed as one line of words (平成25 (基準値) 平成27 …, or header words standing in
text a PDF flattened) gives the columns of the lines after it:

- a line of values only, for the indicator the heading above names;
- a row that prints its label once per column (就業相談者数 100 人 就業相談者数 0 人 0.0%), the
  cells of other columns before it; a label printed twice alone has its values on the next
  line, and one wrapped in both columns is joined;
- rows of a flattened table: an indicator name, a page number, then values.

Values are assigned to columns only when there is one per column, since a flattened row does
not show which cells it left empty; otherwise only the first value is (it stands in the first
column), and the rest stay unread.
"""

from __future__ import annotations

import re
from dataclasses import replace

from munikg.model import Span
from munikg.normalize import (
    UNITS,
    Quantity,
    clean,
    find_quantities,
    fold,
    parse_deadline,
    parse_period,
    parse_quantity,
    spaced,
)
from munikg.parsers.general.reader import Reader, ValueColumn, is_value, value_column
from munikg.vocabulary import Column

# A token of a header line: a period with the role in brackets, or a word (brackets may hold
# spaces: KPI(平成 32 年3月まで)).
LINE_HEADER = re.compile(
    r"(?<!\S)(?P<period>(?:令和|平成|昭和|[RHS]) ?(?:元|\d{1,2})(?: ?年度末| ?年度| ?年)?"
    r"|\d{4} ?年度?)(?: ?\((?P<role>[^()]{1,6})\))?(?!\S)"
    r"|(?<!\S)(?P<word>(?:[^\s(]|\([^()]*\))+)"
)
ARROW = re.compile(r" ?(?:→|⇒|->) ?")
DASH_UNIT = re.compile(r"(?<=[-―—－−ー]) ?\S*$")
COLON = re.compile(r"[:：]")
PAGE = re.compile(r"\d{1,3}")
TARGET_LINE = re.compile(r"(?P<word>[^\s_:]{1,4}?)\d{0,2}_(?P<rest>.+)")
SAME_ROW_UNIT = "単位は同じ行の他の値による"
# 「100 人の雇用の創出を図ります」: the figure, then what it counts, then a verb of aiming.
AIMED = re.compile(r" ?の(?P<label>[^、。をがはにでと\s]{2,20})を(?:図|目指|めざ|達成|実現|確保)")
PARENTHESES = re.compile(r"\(([^()]*)\)")
REFERENCE = re.compile(r"[(（]?参考[)）]")
DATED_VALUE = re.compile(
    r"((?:令和|平成|[RH]) ?(?:元|\d{1,2})(?: ?年度| ?年)?) ([\d,.]+ ?[^\s\d]{0,3})"
)


def line_columns(r: Reader, text: str) -> list[Column]:
    """The header words of a line, in order, each with its period."""
    found = []
    for m in LINE_HEADER.finditer(spaced(text)):
        if m["period"]:
            column = r.column(f"{m['role'] or ''}({m['period']})")
        elif (column := r.column(m["word"])).meaning is None:
            continue
        if column.meaning or column.period:
            found.append(column)
    return found


def header_line(r: Reader, i: int) -> int:
    """A header printed as one line: the value columns of the rows after it.

    Header words in flattened text among rows set the columns too; the rows on that line are
    then read by the readings after this one.
    """
    line = r.lines[i]
    if len(line.cells) > 1:
        return 0
    columns = line_columns(r, line.raw)
    values = [
        (k, v) for k, c in enumerate(columns) if (v := value_column(c, columns, r.fiscal_year))
    ]
    if len(values) < 2:
        return 0
    r.context.header = [v for _, v in values]
    r.context.header_skip = sum(c.meaning == "note" for c in columns[: values[0][0]])
    if find_quantities(spaced(line.raw)):
        return 0
    r.consume(line)
    return 1


def values_line(r: Reader, i: int) -> int:
    """A line of values only, one per header column, of the indicator the heading names."""
    line = r.lines[i]
    header, label = r.context.header, r.context.label
    words = line.words
    if not header or not label or len(line.cells) > 1 or not all(map(is_value, words)):
        return 0
    if len(words) != len(header):
        r.residue(line, "values that do not match the header's columns one for one")
        return 1
    key = r.indicator(label, line)
    for column, word in zip(header, words, strict=True):
        r.observe(key, column, word, line)
    r.consume(line)
    return 1


def repeated_label_row(r: Reader, i: int) -> int:
    """A row printing its label before each of its values, under a header line."""
    line = r.lines[i]
    header = r.context.header
    if not header or len(line.cells) > 1:
        return 0
    text = line.body
    found = find_quantities(text)
    if not found:
        words = text.split(" ")
        if len(words) >= 2 and fold(words[-1]) == fold(words[-2]):
            r.context.pending_label = words[-1]
            r.consume(line)
            return 1
        return 0
    if len(found) < 2:
        return 0
    first, second = found[:2]
    between = text[first.end : second.start].strip()
    pending, r.context.pending_label = r.context.pending_label, None
    if between and fold(text[: first.start]).endswith(fold(between)):
        label, values = f"{pending or ''}{between}", [first, second]
    elif not between and pending and len(found) >= len(header):
        label, values = pending, found[: len(header)]
    else:
        return 0
    key = r.indicator(label, line)
    units = {f.quantity.unit for f in values} - {None}
    for column, value in zip(header, values, strict=False):
        quantity, note = value.quantity, None
        if quantity.unit is None and len(units) == 1:
            quantity, note = replace(quantity, unit=next(iter(units))), SAME_ROW_UNIT
        r.observe(key, column, quantity.raw, line, quantity=quantity, note=note)
    r.consume(line)
    return 1


def joined_values(words: list[str]) -> list[str]:
    """Words with a number and its unit printed apart put back together (11,206 ha)."""
    joined: list[str] = []
    for word in words:
        if joined and re.fullmatch(r"[\d,.]+", joined[-1]) and word in UNITS:
            joined[-1] += word
        else:
            joined.append(word)
    return joined


def flattened_row(r: Reader, i: int) -> int:
    """Rows of a flattened table: an indicator name (a word ending as names do: 数, 額, 率 …),
    the page number(s) the header's note columns stand for, then values."""
    line = r.lines[i]
    header, skip = r.context.header, r.context.header_skip
    if not header or not skip or len(line.cells) > 1:
        return 0
    words = joined_values(line.words)
    rows = 0
    for k, word in enumerate(words):
        pages, rest = words[k + 1 : k + 1 + skip], words[k + 1 + skip : k + 1 + skip + len(header)]
        if not r.vocab.is_indicator_name(word) or not all(PAGE.fullmatch(p) for p in pages):
            continue
        values = []
        for candidate in rest:
            if not is_value(candidate) or PAGE.fullmatch(candidate):
                break
            values.append(candidate)
        if len(pages) < skip or not values:
            continue
        key = r.indicator(word, line)
        assigned = values if len(values) == len(header) else values[:1]
        for column, value in zip(header, assigned, strict=False):
            r.observe(key, column, value, line)
        rows += 1
    if not rows:
        return 0
    r.consume(line)
    return 1


def arrow_line(r: Reader, i: int) -> int:
    """label: value (period) → value (period): a baseline and its target (actuals between)."""
    line = r.lines[i]
    text = line.body
    if not ARROW.search(text) or not COLON.search(text):
        return 0
    label, rest = COLON.split(text, maxsplit=1)
    parts = [part.strip() for part in ARROW.split(rest)]
    found = [quantity_of(part) for part in parts]
    if len(parts) < 2 or None in found:
        return 0
    key = r.indicator(clean(label), line)
    roles = ["baseline", *["actual"] * (len(parts) - 2), "target"]
    for role, q in zip(roles, found, strict=True):
        r.observe(key, ValueColumn(role, q.period), q.raw, line, quantity=q)
    r.consume(line)
    return 1


def quantity_of(part: str) -> Quantity | None:
    """The one value of a part of an arrow chain: a number, or a dash (― 件/年: no value)."""
    found = find_quantities(part)
    if len(found) == 1:
        return found[0].quantity
    q = parse_quantity(DASH_UNIT.sub("", part))
    return q if not found and q.qualitative == "no-value" else None


def target_line(r: Reader, i: int) -> int:
    """目標n_text, or 目標n_label:value: a target of the item above; then its 実績 (what was
    done, the lines below it) and 進捗 lines."""
    line = r.lines[i]
    m = TARGET_LINE.match(line.text)
    if not m or r.column(m["word"]).meaning not in ("target", "label"):
        return 0
    name, _, value = m["rest"].partition(":") if ":" in m["rest"] else (m["rest"], "", "")
    found = find_quantities(spaced(value or name))
    key = r.indicator(clean(name), line, subject=r.context.item)
    if value and len(found) == 1:
        q = found[0].quantity
        column = ValueColumn("target", q.period)
        r.observe(key, column, q.raw, line, quantity=q, undated_is_report_year=True)
    elif not value and len(found) == 1 and (period := parse_deadline(name, r.fiscal_year)):
        q = found[0].quantity
        r.observe(key, ValueColumn("target", period), q.raw, line, quantity=q)
    elif not found:
        r.observe_words(key, "target", clean(m["rest"]), line.span)
    else:
        r.residue(line, "target whose value is not understood")
        return 1
    r.consume(line)
    return 1 + results(r, i + 1, key)


def results(r: Reader, i: int, key: str) -> int:
    """The 実績 and 進捗 labels after a target: the lines under 実績 say what was done."""
    taken = 0
    while (line := r.lines[i + taken] if i + taken < len(r.lines) else None) is not None:
        meaning = r.column(line.text).meaning
        if not r.free(line) or meaning not in ("actual", "status"):
            break
        r.consume(line)
        taken += 1
        done = []
        while meaning == "actual" and i + taken < len(r.lines):
            nxt = r.lines[i + taken]
            if not r.free(nxt) or r.column(nxt.text).meaning or TARGET_LINE.match(nxt.text):
                break
            if nxt.numbering:
                break
            done.append(nxt)
            taken += 1
        if done:
            text = " / ".join(re.sub(r"^[-・] ?", "", d.text) for d in done)
            r.observe_words(key, "actual", text, Span(done[0].number, done[-1].number))
            r.consume(*done)
    return taken


def pair_line(r: Reader, i: int) -> int:
    """label:value, a figure with its name (受益者数:89,800人), an actual of the report's year
    unless it prints its own."""
    line = r.lines[i]
    text = line.body
    if len(line.cells) > 1 or not COLON.search(text) or ARROW.search(text):
        return 0
    label, value = COLON.split(text, maxsplit=1)
    found = find_quantities(spaced(value))
    if len(found) != 1 or len(clean(label)) > 40 or not found[0].quantity.unit:
        return 0
    q = found[0].quantity
    key = r.indicator(clean(label), line, subject=r.context.item)
    column = ValueColumn("actual", q.period)
    r.observe(key, column, q.raw, line, quantity=q, undated_is_report_year=True)
    r.consume(line)
    return 1


def reference_line(r: Reader, i: int) -> int:
    """参考) … H26 5.3‰: values of other years of the indicator the heading names (actuals)."""
    line = r.lines[i]
    label = r.context.label
    if not label or not REFERENCE.match(line.text):
        return 0
    pairs = DATED_VALUE.findall(spaced(line.raw))
    if not pairs:
        return 0
    key = r.indicator(label, line)
    for when, value in pairs:
        period = parse_period(when)
        if period and period.start <= r.fiscal.end:
            r.observe(key, ValueColumn("actual", period, "年" not in when, "参考"), value, line)
    r.consume(line)
    return 1


def stated_target(r: Reader, i: int) -> int:
    """A sentence stating a target: 「5年間で 100 人の雇用の創出を図ります。(平成27年度 13人)」.

    The figure followed by what it counts and a verb of aiming is the target (its period only
    if printed); a figure in brackets with a period is the indicator's value then (an actual).
    """
    line = r.lines[i]
    text = line.body
    if len(line.cells) > 1 or "target" not in {m for m, _ in r.vocab.prose.all(text)}:
        return 0
    outside = PARENTHESES.sub(lambda m: " " * len(m[0]), text)
    aimed = [
        (f, m)
        for f in find_quantities(outside)
        if f.quantity.unit and (m := AIMED.match(outside, f.end))
    ]
    if len(aimed) != 1:
        return 0
    ((target, m),) = aimed
    key = r.indicator(m["label"], line)
    q = target.quantity
    r.observe(key, ValueColumn("target", q.period), q.raw, line, quantity=q)
    for group in PARENTHESES.findall(text):
        found = find_quantities(group)
        period = parse_period(group)
        if len(found) == 1 and period and period.start <= r.fiscal.end:
            q = found[0].quantity
            r.observe(key, ValueColumn("actual", period), q.raw, line, quantity=q)
    r.consume(line)
    return 1
