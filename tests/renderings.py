"""A text document published as a city would: a PDF with ruled tables, an HTML page, an Excel
workbook, a CSV file or Shift_JIS text. The tests read these back and compare with the text.

A run of lines of cells (parts separated by tabs, or else by runs of spaces) is one table;
every other non-blank line is a paragraph.
"""

from __future__ import annotations

import csv
import re
from html import escape
from pathlib import Path
from xml.sax.saxutils import escape as xml_escape

Block = str | list[list[str]]
CELLS = re.compile(r"\t| {2,}|\u3000+")


def blocks(lines: list[str]) -> list[Block]:
    """The document as paragraphs and tables, in order."""
    out: list[Block] = []
    for line in lines:
        row = cells(line)
        if len(row) > 1:
            if out and isinstance(out[-1], list):
                out[-1].append(row)
            else:
                out.append([row])
        elif line.strip():
            out.append(line.strip())
    return out


def cells(line: str) -> list[str]:
    """A line's cells as a table of a published file holds them."""
    if "\t" in line:
        return line.split("\t")
    return CELLS.split(line.strip())


def write_pdf(lines: list[str], path: Path, running_head: str) -> None:
    """A landscape A4 PDF in a Japanese CID font: tables ruled, each page with the running
    head at the top and its number at the foot."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    pdfmetrics.registerFont(UnicodeCIDFont("HeiseiKakuGo-W5"))
    text = ParagraphStyle(
        "text", fontName="HeiseiKakuGo-W5", fontSize=8, leading=11, wordWrap="CJK"
    )
    cell = ParagraphStyle("cell", parent=text, fontSize=6.5, leading=8)
    story: list = []
    for block in blocks(lines):
        if isinstance(block, str):
            story.append(Paragraph(xml_escape(block), text))
            continue
        width = max(len(row) for row in block)
        rows = [[Paragraph(xml_escape(c), cell) for c in row + [""] * (width - len(row))]
                for row in block]  # fmt: skip
        table = Table(rows, colWidths=[760 / width] * width, repeatRows=0)
        table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black)]))
        story += [table, Spacer(1, 6)]

    def furniture(canvas, document) -> None:
        canvas.setFont("HeiseiKakuGo-W5", 8)
        width, height = landscape(A4)
        canvas.drawString(40, height - 25, running_head)
        canvas.drawCentredString(width / 2, 18, f"- {document.page} -")

    document = SimpleDocTemplate(
        str(path), pagesize=landscape(A4), topMargin=45, bottomMargin=45,
        leftMargin=40, rightMargin=40, invariant=True,
    )  # fmt: skip
    document.build(story, onFirstPage=furniture, onLaterPages=furniture)


def write_html(lines: list[str], path: Path, encoding: str = "utf-8") -> None:
    """An HTML page with the site's header, navigation and footer around the document; in each
    table a first-column cell spans the empty cells below it, and a header cell the empty
    cells after it."""
    body = []
    for block in blocks(lines):
        if isinstance(block, str):
            body.append(f"<p>{escape(block)}</p>")
        else:
            body.append(_html_table(block))
    page = "\n".join([
        f'<!DOCTYPE html>\n<html lang="ja"><head><meta charset="{encoding}">',
        "<title>評価 | 市ホームページ</title><style>td{border:1px solid}</style></head><body>",
        '<header><a href="/">市ホームページ</a></header>',
        "<nav><ul><li>くらし</li><li>市政情報</li></ul></nav>",
        "<main>", *body, "</main>",
        "<footer>Copyright 2023 City. All rights reserved. ページ番号 1001</footer>",
        "<script>var x = '<td>1</td>';</script></body></html>",
    ])  # fmt: skip
    path.write_bytes(page.encode(encoding))


def _html_table(rows: list[list[str]]) -> str:
    width = max(len(row) for row in rows)
    grid = [row + [""] * (width - len(row)) for row in rows]
    covered: set[tuple[int, int]] = set()
    out = ["<table>"]
    for r, row in enumerate(grid):
        cells = []
        for c, text in enumerate(row):
            if (r, c) in covered:
                continue
            attributes = ""
            if c == 0 and text:
                span = 1
                while r + span < len(grid) and not grid[r + span][0]:
                    covered.add((r + span, 0))
                    span += 1
                attributes = f' rowspan="{span}"' if span > 1 else ""
            elif r == 0 and text:
                span = 1
                while c + span < width and not row[c + span]:
                    covered.add((r, c + span))
                    span += 1
                attributes = f' colspan="{span}"' if span > 1 else ""
            tag = "th" if r == 0 else "td"
            cells.append(f"<{tag}{attributes}>{escape(text)}</{tag}>")
        out.append(f"<tr>{''.join(cells)}</tr>")
    out.append("</table>")
    return "\n".join(out)


def write_xlsx(lines: list[str], path: Path) -> None:
    """One sheet, one row a line, cells at the tabs; numbers stored as numbers, formatted as
    the document prints them (decimals, thousands separators, percent)."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "評価"
    for r, line in enumerate(lines, 1):
        for c, text in enumerate(cells(line), 1):
            if text.strip():
                value, number_format = _number(text.strip())
                target = sheet.cell(row=r, column=c, value=value)
                if number_format:
                    target.number_format = number_format
    workbook.save(path)


def _number(text: str) -> tuple[object, str | None]:
    """A cell that is only a number (1,234 / 72.0 / 28.9%) as Excel stores it, with its format."""
    plain = text.removesuffix("%").replace(",", "")
    try:
        value = float(plain)
    except ValueError:
        return text, None
    decimals = len(plain.partition(".")[2])
    number_format = ("#,##0" if "," in text else "0") + ("." + "0" * decimals if decimals else "")
    if text.endswith("%"):
        return value / 100, number_format + "%"
    return (int(value) if not decimals else value), number_format


def write_csv(lines: list[str], path: Path) -> None:
    """Each line a row, cells at the tabs, as a spreadsheet exports it (quoted where needed)."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(cells(line) if line.strip() else [] for line in lines)


def write_cp932(lines: list[str], path: Path) -> None:
    path.write_bytes("\r\n".join(lines).encode("cp932") + b"\r\n")
