"""Readings of tables: consecutive lines of cells, read by what their header row names.

A header cell names its column by a vocabulary word or a period (目標値(R6), H25予算, R6年度末).
The columns' meanings say what the rows are: indicators (value columns), agreements (協定先,
締結日), meetings (会議名, 開催日, 会場) or budgets (予算, 決算 per year); a block without such a
header is rows of a label and its value (主管課 危機管理課).
"""

from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal

from munikg.model import Budget, Period
from munikg.normalize import (
    UNITS,
    YEN,
    clean,
    fold,
    parse_quantity,
    progress_status,
    report_date,
    report_date_range,
)
from munikg.parsers.general.reader import (
    MONEY,
    ROLES,
    Reader,
    ValueColumn,
    in_yen,
    is_value,
    value_column,
)
from munikg.parsers.general.structure import open_heading
from munikg.reading import Line, numbering
from munikg.vocabulary import Column

ROW_NUMBER = re.compile(r"\d{1,3}")


def table(r: Reader, i: int) -> int:
    """A block of lines of cells (all tab-separated, or all space-separated) from line ``i``."""
    first = r.lines[i]
    if len(first.cells) < 2:
        return 0
    block = [first]
    for line in r.lines[i + 1 :]:
        if not r.free(line) or len(line.cells) < 2 or line.tabbed != first.tabbed:
            break
        block.append(line)
    header, body, columns = header_rows(r, block)
    if not columns:
        return pairs(r, block)
    columns = aligned(columns, header, body, first.tabbed)
    r.consume(*header)
    meanings = {c.meaning for c in columns.values()}
    fiscal_year = r.fiscal_year
    values = {
        k: v
        for k, c in columns.items()
        if (v := value_column(c, list(columns.values()), fiscal_year))
    }
    if meanings & {"partner", "concluded"}:
        agreements(r, body, columns)
    elif meanings & {"meeting", "venue"} or {"date", "content"} <= meanings:
        meetings(r, body, columns)
    elif any(v.role in MONEY for v in values.values()):
        budgets(r, body, columns, values)
    elif values:
        indicator_rows(r, body, columns, values)
    else:
        for line in body:
            r.residue(line, "table row whose columns the header does not name")
    return len(block)


def header_rows(r: Reader, block: list[Line]) -> tuple[list[Line], list[Line], dict[int, Column]]:
    """The header row(s) at the top of a block, the body, and what each column holds.

    A row is a header when at least half of its cells name a column and none is a value; a
    second header row names what the first left unnamed (具体的施策 KPI / 項目 目標値 …). A block
    that is all header has no rows to read.
    """
    columns: dict[int, Column] = {}
    rows = 0
    for line in block[:2]:
        cells = [(k, c) for k, c in enumerate(line.cells) if c]
        read = {k: r.column(c) for k, c in cells}
        named = {k: c for k, c in read.items() if c.meaning or c.period}
        if not cells or len(named) * 2 < len(cells) or any(is_value(c) for _, c in cells):
            break
        for k, column in named.items():
            if k not in columns or columns[k].meaning in (None, "label"):
                columns[k] = column
        rows += 1
    named = {c.meaning for c in columns.values()} - {None, "note", "number", "unit"}
    if rows in (0, len(block)) or not (named or any(c.period for c in columns.values())):
        return [], block, {}
    return block[:rows], block[rows:], columns


def aligned(
    columns: dict[int, Column], header: list[Line], body: list[Line], tabbed: bool
) -> dict[int, Column]:
    """Header columns moved right over the rows they head.

    In a table split at runs of spaces an empty header cell (above the label column) leaves no
    trace, so rows have more cells than their header: the usual row width decides. Rows that
    open with their number (1, 2, 3 …) under a header whose first cell names another column
    have one cell more at the start.
    """
    offset = 0
    if not tabbed and body:
        widths = Counter(len(line.cells) for line in body)
        offset = max(0, widths.most_common(1)[0][0] - max(len(line.cells) for line in header))
    numbered = [line for line in body if ROW_NUMBER.fullmatch(line.cell(0))]
    if offset == 0 and body and len(numbered) * 5 >= len(body) * 4 and 0 in columns:
        offset = 1 if columns[0].meaning not in ("number", None) else 0
    return {k + offset: c for k, c in columns.items()} if offset else columns


def pairs(r: Reader, block: list[Line]) -> int:
    """Rows of a label and its value with no header (主管課 危機管理課, 基本計画 1 災害時対応);
    a row without a label continues the one above."""
    taken, label = 0, ""
    for line in block:
        filled = [c for c in line.spaced_cells if c]
        if len(filled) == 2:
            label, value = filled
        elif len(filled) == 1 and not line.cells[0] and label:
            value = filled[0]
        else:
            break
        if line.number in r.reported or row_role(r, label):
            break  # a row the layout reader could not read, a role row: not a label and value
        if r.column(label).meaning == "department" and (name := r.department(value, line)):
            r.context.department = name
        elif (found := numbering(value)) and found.title:
            open_heading(r, found, line, word=label)
        else:
            r.text(line, clean(value), clean(label))
        r.consume(line)
        taken += 1
    return taken


def row_role(r: Reader, cell: str) -> str | None:
    """The role a row's label cell names (期待値, 実績値, 進捗状況), if it names one."""
    meaning = r.column(cell).meaning
    return meaning if meaning in ROLES or meaning == "status" else None


def indicator_rows(
    r: Reader, body: list[Line], columns: dict[int, Column], values: dict[int, ValueColumn]
) -> None:
    """One indicator per labelled row; a row labelled by a role (期待値, 実績値) gives that
    role's values of the indicator above it, one per period column; a table with no label
    column under a title is that title's indicator. A unit column gives the
    unit of the row's values; a status column (進捗, 評価: 順調 …) the status of its latest
    actual."""
    at = {c.meaning: k for k, c in sorted(columns.items(), reverse=True)}
    label_at = at.get("label", 0)
    current: str | None = None
    for line in body:
        label = line.cell(label_at)
        if not label or is_value(label):
            label = r.context.title if current is None and "label" not in at else ""
        if label and not row_role(r, label):
            unit = UNITS.get(line.cell(at.get("unit", -1)).removesuffix("/年"))
            current = r.indicator(label, line, line.cell(at.get("department", -1)), unit=unit)
        role_at = next(
            (k for k, c in enumerate(line.cells) if k not in values and row_role(r, c)), None
        )
        if current is None:
            r.residue(line, "indicator row without a label")
            continue
        if role_at is None:
            for index, column in values.items():
                if cell := line.cell(index):
                    r.observe(current, column, cell, line)
            if status := progress_status(line.cell(at.get("status", -1))):
                r.set_status(current, status, line)
        else:
            role_row(r, line, current, role_at, values)
        if name := line.cell(at.get("project", -1)):
            r.project(name, line)
        r.consume(line)


def role_row(r: Reader, line: Line, key: str, role_at: int, values: dict[int, ValueColumn]):
    role = row_role(r, line.cells[role_at])
    if role == "status":
        return
    if role == "current":
        role = "actual" if any(v.role == "baseline" for v in values.values()) else "baseline"
    periods = [v for k, v in sorted(values.items()) if k > role_at]
    for column, cell in zip(periods, line.cells[role_at + 1 :], strict=False):
        if cell:
            r.observe(key, ValueColumn(role, column.period, column.bare), cell, line)


def agreements(r: Reader, body: list[Line], columns: dict[int, Column]) -> None:
    """One agreement per row: its title, the partners (split at 、; a trailing (…) is a note)
    and the day it was concluded."""
    at = {c.meaning: k for k, c in sorted(columns.items(), reverse=True)}
    for line in body:
        title = line.cell(at.get("agreement", -1))
        partners = re.sub(r"\([^()]*\)$", "", line.cell(at.get("partner", -1))).strip()
        names = [n.strip() for n in re.split(r"[、,，]", partners) if n.strip()]
        if not title or not names:
            r.residue(line, "agreement row without a title or partner")
            continue
        when = line.cell(at.get("concluded", at.get("date", -1)))
        day = report_date(when, r.fiscal_year) if when else None
        r.agreement(title, names, day, line, line.span)


def meetings(r: Reader, body: list[Line], columns: dict[int, Column]) -> None:
    at = {c.meaning: k for k, c in sorted(columns.items(), reverse=True)}
    name_at = at.get("meeting", at.get("content", -1))
    for line in body:
        name, when = line.cell(name_at), line.cell(at.get("date", -1))
        found = report_date_range(when, r.fiscal_year) if when else None
        if not name or not found:
            r.residue(line, "meeting row without a name or date")
            continue
        r.event(name, Period(*found), line.span, line.cell(at.get("venue", -1)) or None)


def budgets(
    r: Reader, body: list[Line], columns: dict[int, Column], values: dict[int, ValueColumn]
) -> None:
    """A cost table: a budget per row label and fiscal year (予算 and 決算 columns per year).

    The unit cell holds for the rows below it until another is printed (a merged cell); rows
    not in yen (staff numbers) and the funding part of the table (財源) are not costs. A row
    label under a 事業名 header names a project; other row labels are cost items of the plan
    element the table stands under (直接事業費 of 災害時対応).
    """
    named_projects = any(c.meaning == "project" for c in columns.values())
    unit_at = next((k for k, c in columns.items() if c.meaning == "unit"), -1)
    first_value = min(values)
    group = None
    unit = next((v.unit for v in values.values() if v.unit), None)
    for line in body:
        if line.cell(unit_at):
            unit = UNITS.get(line.cell(unit_at))
        group = line.cells[0] or group
        labels = [c for k, c in enumerate(line.cells[:first_value]) if c and k != unit_at]
        if not labels:
            r.residue(line, "cost row without a label")
            continue
        if unit not in YEN or "財源" in fold(group or ""):
            r.residue(line, "row not in yen, or a funding source rather than a cost")
            continue
        years: dict[int, dict[str, Decimal | None]] = {}
        for index, column in values.items():
            if (cell := line.cell(index)) and column.period:
                amounts = years.setdefault(column.period.start.year, {})
                amounts[column.role] = in_yen(parse_quantity(cell), unit)
        name = labels[-1] if named_projects else f"{r.element_title()} {labels[-1]}"
        project = r.project(name, line)
        raw = " ".join(c for c in line.cells[first_value:] if c)
        for year, amounts in sorted(years.items()):
            budget, settled = amounts.get("budget"), amounts.get("settlement")
            if budget is not None or settled is not None:
                r.add(Budget(project, year, raw, line.span, budget, settled))
        r.consume(line)
