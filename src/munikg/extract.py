"""The extraction stage: a published file of any supported format as numbered lines of text.

Whatever a city publishes (PDF, an HTML page, an Excel sheet, CSV, or text in UTF-8 or the
Shift_JIS/CP932 and EUC-JP encodings of Japanese offices) becomes the lines the reading stage
(``munikg.reading``) reads: a table row is its cells joined by tabs, a cell spanning several
rows or columns stands in its first position and leaves the others empty (as a text extractor
prints it), and a cell wrapped over lines is joined again. Each line keeps its ``Location`` in
the original file for provenance; running headers, footers, page numbers and site navigation
are marked as furniture, so they are accounted for without being read as content.

Knows nothing of families, parsers or RDF.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import io
import itertools
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from munikg.model import Location
from munikg.normalize import unwrap
from munikg.reading import is_page_furniture, numbering

BOM = b"\xef\xbb\xbf"
# Encodings a Japanese file without a declaration is tried in, after UTF-8.
JAPANESE_ENCODINGS = ("cp932", "euc_jp", "iso2022_jp")
# Shift_JIS as Windows writes it (①, ㈱, ～) is CP932: a file declared Shift_JIS is read so.
ENCODING_ALIASES = {"shift_jis": "cp932", "shift-jis": "cp932", "sjis": "cp932", "ms932": "cp932"}
# ISO-2022-JP is 7-bit, so also valid UTF-8: its escape into JIS X 0208 tells it apart.
_ISO2022_JP = re.compile(rb"\x1b\$[@B]")
_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.I)
# A PDF line this close to the top or bottom edge (share of the page height) may be a running
# header or footer; it is one when it is a page number or recurs on another page.
PAGE_MARGIN = 0.08
# A gap between two characters wider than this many character sizes separates table cells.
CELL_GAP = 1.0
# A narrower gap wider than this is a printed space (a half-width space is about 0.25).
SPACE_GAP = 0.15
_DIGITS = re.compile(r"\d+")
_SENTENCE_ENDS = ("。", ".", ":", "：", "」")
_BULLETS = ("・", "-", "‐", "○", "●", "◎", "■", "□", "◆", "◇", "※", "*", "(", "（", "【", "〈", "<")
# pdfminer's Adobe-Japan1 table reads CID 138, the em dash of Japanese CID fonts (a "no value"
# cell), as U+0336 COMBINING LONG STROKE OVERLAY.
_PDF_GLYPHS = str.maketrans({"\u0336": "\u2014"})


class ExtractError(Exception):
    """The file cannot be read as its format: the message names the file (and line)."""


@dataclass
class Extracted:
    """A file's text as lines (index 0 is line 1), each line's place in the file (None for a
    text file, whose lines are its own), and the line numbers that are page furniture."""

    lines: list[str] = field(default_factory=list)
    locations: list[Location | None] = field(default_factory=list)
    furniture: set[int] = field(default_factory=set)
    media_type: str = "text/plain"
    encoding: str | None = None

    def add(self, text: str, location: Location | None = None, furniture: bool = False) -> None:
        self.lines.append(text)
        self.locations.append(location)
        if furniture:
            self.furniture.add(len(self.lines))


def encoding_name(name: str) -> str:
    """The codec a declared encoding is read with; LookupError if Python knows no such codec."""
    folded = name.strip().lower()
    return codecs.lookup(ENCODING_ALIASES.get(folded, folded)).name


def decode(data: bytes, path: Path, declared: str | None = None) -> tuple[str, str]:
    """(text, encoding): as declared, else UTF-8 (with or without BOM), else the Japanese
    encoding the bytes read best in."""
    if declared:
        try:
            codec = encoding_name(declared)
        except LookupError:
            raise ExtractError(f"{path}: unknown encoding {declared!r}") from None
        try:
            return data.decode(codec).removeprefix("\ufeff"), codec
        except UnicodeDecodeError as error:
            raise ExtractError(
                f"{path}:{_line_of(data, error.start)}: not {declared} as declared "
                f"(byte {error.start})"
            ) from None
    if data.startswith(BOM):
        data = data[len(BOM) :]
    if _ISO2022_JP.search(data):
        with contextlib.suppress(UnicodeDecodeError):
            return data.decode("iso2022_jp"), "iso2022_jp"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as error:
        utf8_error = error
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=list(JAPANESE_ENCODINGS)).best()
    if best is None:
        raise ExtractError(
            f"{path}:{_line_of(data, utf8_error.start)}: neither UTF-8 nor Shift_JIS/CP932 nor "
            f"EUC-JP (byte {utf8_error.start}); declare its encoding in the manifest "
            '(encoding = "...")'
        )
    return str(best), best.encoding


def _line_of(data: bytes, offset: int) -> int:
    return data[:offset].count(b"\n") + 1


def split_lines(text: str) -> list[str]:
    """Lines as a text editor numbers them: at line feeds only (a form feed inside a line is a
    page break, not a new line; str.splitlines would count it as one)."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return lines[:-1] if lines and lines[-1] == "" else lines


def read_text(path: Path, data: bytes, declared: str | None) -> Extracted:
    text, encoding = decode(data, path, declared)
    lines = split_lines(text)
    return Extracted(lines, [None] * len(lines), encoding=encoding)


def read_csv(path: Path, data: bytes, declared: str | None) -> Extracted:
    text, encoding = decode(data, path, declared)
    out = Extracted(media_type="text/csv", encoding=encoding)
    try:
        rows = list(csv.reader(io.StringIO(text)))
    except csv.Error as error:
        raise ExtractError(f"{path}: not a readable CSV file: {error}") from None
    for number, row in enumerate(rows, 1):
        _add_row(out, [unwrapped(cell.split("\n")) for cell in row], number)
    return out


def unwrapped(lines: list[str]) -> str:
    """One cell's text: a cell on one line as it is (its runs of spaces may separate what the
    reading stage reads as cells), one wrapped over lines joined."""
    if len(lines) == 1:
        return lines[0].replace("\t", " ")
    return unwrap(" ".join(line.split()) for line in lines)


def _add_row(out: Extracted, cells: list[str], row: int, sheet: str | None = None) -> None:
    """A spreadsheet row as one line of tab-separated cells; its location the cells it fills."""
    filled = [k for k, cell in enumerate(cells) if cell]
    if not filled:
        out.add("")
        return
    first, last = filled[0], filled[-1]
    cells_range = f"{_column(first)}{row}:{_column(last)}{row}" if last > first else None
    out.add(
        "\t".join(cells[: last + 1]),
        Location(sheet=sheet, cells=cells_range or f"{_column(first)}{row}"),
    )


def _column(index: int) -> str:
    """A spreadsheet column letter: 0 is A, 26 is AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def read_xlsx(path: Path, data: bytes, declared: str | None) -> Extracted:
    """Every sheet in order, each row one line; cells as Excel displays them."""
    from openpyxl import load_workbook

    out = Extracted(media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            for sheet in workbook.worksheets:
                for number, row in enumerate(sheet.iter_rows(), 1):
                    cells = [_cell_text(cell.value, cell.number_format) for cell in row]
                    _add_row(out, cells, number, sheet.title)
        finally:
            workbook.close()
    except Exception as error:  # openpyxl and zipfile raise many kinds on a damaged file
        raise ExtractError(f"{path}: not a readable Excel workbook: {_reason(error)}") from None
    return out


def _reason(error: Exception) -> str:
    return f"{type(error).__name__}: {error}" if str(error) else type(error).__name__


_DECIMALS = re.compile(r"\.([0#]+)")


def _cell_text(value: object, number_format: str | None) -> str:
    """A cell's value as printed: numbers in the cell's format (decimals, grouping, percent),
    dates as 年月日, text with its wrapped lines joined."""
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return f"{value.year}年{value.month}月{value.day}日"
    if isinstance(value, bool) or not isinstance(value, int | float):
        return unwrapped(str(value).split("\n"))
    section = (number_format or "General").split(";")[0]
    percent = "%" in section
    number = value * 100 if percent else value
    decimals = _DECIMALS.search(section)
    if decimals:
        text = f"{number:{',' if ',' in section else ''}.{len(decimals[1])}f}"
    elif "0" in section or percent:
        text = f"{number:{',' if ',' in section else ''}.0f}"
    else:
        text = f"{number:.15g}"
    return text + ("%" if percent else "")


@dataclass
class _PdfLine:
    """A line of a PDF page: a table row (cells joined by tabs) or a line of text."""

    top: float
    bottom: float
    left: float
    right: float
    size: float
    text: str
    row: bool = False
    margin: bool = False


def read_pdf(path: Path, data: bytes, declared: str | None) -> Extracted:
    """Each page's ruled tables as rows of cells and its other text as lines, top to bottom;
    the lines of a paragraph wrapped at the text's right edge joined into one line."""
    import pdfplumber

    pages: list[list[_PdfLine]] = []
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            for page in pdf.pages:
                pages.append(_paragraphs(_page_lines(page)))
    except Exception as error:  # pdfminer raises many kinds on a damaged file
        raise ExtractError(f"{path}: not a readable PDF: {_reason(error)}") from None
    if not any(line.text.strip() for page in pages for line in page):
        raise ExtractError(f"{path}: the PDF has no text layer (a scanned PDF needs OCR first)")
    running = _running_lines(pages)
    out = Extracted(media_type="application/pdf")
    for number, page in enumerate(pages, 1):
        for position, line in enumerate(page, 1):
            furniture = line.margin and (
                is_page_furniture(line.text) or _DIGITS.sub("#", line.text) in running
            )
            location = Location(page=number, page_line=position)
            out.add(line.text.translate(_PDF_GLYPHS), location, furniture)
    return out


def _page_lines(page) -> list[_PdfLine]:
    """The page's table rows and text lines, in reading order (top to bottom, left to right)."""
    tables = page.find_tables()
    lines = []
    for table in tables:
        for row, cells in zip(table.rows, table.extract(), strict=True):
            text = "\t".join(unwrapped((cell or "").split("\n")) for cell in cells)
            x0, top, x1, bottom = row.bbox
            lines.append(_PdfLine(top, bottom, x0, x1, 0, text.rstrip("\t"), row=True))
    rest = page
    for table in tables:
        rest = rest.outside_bbox(table.bbox)
    height = float(page.height)
    for found in rest.extract_text_lines(return_chars=True):
        chars = [c for c in found["chars"] if not c["text"].isspace()]
        if not chars:
            continue
        margin = found["top"] < PAGE_MARGIN * height or found["bottom"] > (1 - PAGE_MARGIN) * height
        size = max(c["size"] for c in chars)
        lines.append(
            _PdfLine(found["top"], found["bottom"], found["x0"], found["x1"], size,
                     _spaced_chars(chars), margin=margin)
        )  # fmt: skip
    return sorted(lines, key=lambda line: (round(line.top), line.left))


def _paragraphs(lines: list[_PdfLine]) -> list[_PdfLine]:
    """Text lines joined where a paragraph wraps: the line before reaches the right edge of
    the page's text and ends no sentence, and the next starts no further left, a line's height
    below, with no numbering or bullet (a heading or an item of its own)."""
    text_lines = [line for line in lines if not line.row and not line.margin]
    right = max((line.right for line in text_lines), default=0)
    out: list[_PdfLine] = []
    for line in lines:
        last = out[-1] if out else None
        if (
            last is not None
            and not (last.row or line.row or last.margin or line.margin)
            and "  " not in last.text + line.text
            and last.right >= right - 2 * last.size
            and line.left >= last.left - last.size
            and 0 <= line.top - last.bottom <= last.size
            and not last.text.endswith(_SENTENCE_ENDS)
            and not line.text.startswith(_BULLETS)
            and numbering(line.text) is None
        ):
            last.text = unwrap([last.text, line.text])
            last.right, last.bottom = line.right, line.bottom
        else:
            out.append(line)
    return out


def _spaced_chars(chars: list[dict]) -> str:
    """A line's characters with the spaces their gaps show: one where a space was printed, two
    where a gap wider than a character separates them (a table cell without rules)."""
    text = chars[0]["text"]
    for previous, char in itertools.pairwise(chars):
        gap = char["x0"] - previous["x1"]
        size = previous["size"]
        text += "  " if gap > CELL_GAP * size else " " if gap > SPACE_GAP * size else ""
        text += char["text"]
    return text


def _running_lines(pages: list[list[_PdfLine]]) -> set[str]:
    """Margin lines (page numbers as #) printed on more than one page: running heads and feet."""
    seen = Counter(
        key
        for page in pages
        for key in {_DIGITS.sub("#", line.text) for line in page if line.margin}
    )
    return {key for key, count in seen.items() if count > 1}


# HTML elements whose text is not content, elements that are a page's furniture (site header,
# navigation, footer), and the elements that end a line.
_SKIPPED = {"script", "style", "noscript", "template", "head", "title", "svg", "button"}
_FURNITURE = {"header", "footer", "nav"}
_FURNITURE_ROLES = {"banner", "navigation", "contentinfo"}
_BLOCKS = {
    "p", "div", "section", "article", "main", "aside", "h1", "h2", "h3", "h4", "h5", "h6",
    "ul", "ol", "li", "dl", "dt", "dd", "blockquote", "pre", "address", "figure",
    "figcaption", "caption", "form", "fieldset", "hr", "body", "html", "header", "footer",
    "nav",
}  # fmt: skip


def read_html(path: Path, data: bytes, declared: str | None) -> Extracted:
    """The page's text blocks as lines and its tables as rows, in document order."""
    import lxml.html
    from lxml import etree

    charset = _META_CHARSET.search(data[:4096])
    if not declared and charset and not data.startswith(BOM):
        try:
            declared = encoding_name(charset[1].decode("ascii"))
        except LookupError:
            declared = None
    text, encoding = decode(data, path, declared)
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)
    try:
        root = lxml.html.document_fromstring(text)
    except (etree.ParserError, ValueError) as error:
        raise ExtractError(f"{path}: not a readable HTML page: {_reason(error)}") from None
    flow = _Flow(Extracted(media_type="text/html", encoding=encoding))
    flow.walk(root, furniture=False)
    flow.end()
    return flow.out


class _Flow:
    """Inline text gathered into lines: a block element, <br> or a table ends the line."""

    def __init__(self, out: Extracted) -> None:
        self.out = out
        self.parts: list[str] = []
        self.line: int | None = None
        self.furniture = False

    def text(self, text: str | None, line: int | None, furniture: bool) -> None:
        if text and text.strip():
            if not self.parts:
                self.line, self.furniture = line, furniture
            self.parts.append(text)
        elif text and self.parts:
            self.parts.append(" ")

    def end(self) -> None:
        text = " ".join("".join(self.parts).split())
        if text:
            self.out.add(text, Location(markup_line=self.line), self.furniture)
        self.parts = []

    def walk(self, element, furniture: bool) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag and tag not in _SKIPPED:
            furniture = furniture or tag in _FURNITURE or element.get("role") in _FURNITURE_ROLES
            if tag == "table":
                self.end()
                self.table(element, furniture)
            elif tag == "br":
                self.end()
            else:
                if tag in _BLOCKS:
                    self.end()
                self.text(element.text, element.sourceline, furniture)
                for child in element:
                    self.walk(child, furniture)
                if tag in _BLOCKS:
                    self.end()
        self.text(element.tail, element.sourceline, furniture)

    def table(self, table, furniture: bool) -> None:
        for caption in table.findall("caption"):
            self.out.add(_cell(caption), Location(markup_line=caption.sourceline), furniture)
        rows = table.xpath("./tr | ./thead/tr | ./tbody/tr | ./tfoot/tr")
        for row, cells in zip(rows, _grid(rows), strict=True):
            text = "\t".join(cells).rstrip("\t")
            self.out.add(text, Location(markup_line=row.sourceline), furniture and bool(text))


def _grid(rows: list) -> list[list[str]]:
    """The rows' cells on the table's grid: a spanning cell's text in its first position,
    the positions it covers empty."""
    taken: dict[tuple[int, int], str] = {}
    for r, row in enumerate(rows):
        column = 0
        for cell in row.xpath("./td | ./th"):
            while (r, column) in taken:
                column += 1
            rowspan, colspan = _span(cell.get("rowspan")), _span(cell.get("colspan"))
            for dr in range(rowspan):
                for dc in range(colspan):
                    taken[(r + dr, column + dc)] = "" if dr or dc else _cell(cell)
            column += colspan
    width = 1 + max((c for _, c in taken), default=-1)
    return [[taken.get((r, c), "") for c in range(width)] for r in range(len(rows))]


def _span(value: str | None) -> int:
    return max(1, min(int(value), 1000)) if value and value.strip().isdigit() else 1


def _cell(element) -> str:
    """A cell's text; its lines (at <br> or block children) joined as a wrapped cell is."""
    flow = _Flow(Extracted())
    flow.walk(element, furniture=False)
    flow.end()
    return unwrapped(flow.out.lines)


Reader = Callable[[Path, bytes, str | None], Extracted]
READERS: dict[str, Reader] = {
    ".txt": read_text,
    ".text": read_text,
    ".tsv": read_text,
    ".csv": read_csv,
    ".pdf": read_pdf,
    ".html": read_html,
    ".htm": read_html,
    ".xlsx": read_xlsx,
    ".xlsm": read_xlsx,
}


def extract(path: Path, declared_encoding: str | None = None) -> Extracted:
    """The file read by the reader of its suffix."""
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        raise ExtractError(
            f"{path}: unsupported format {path.suffix or '(no suffix)'}; munikg reads "
            f"{', '.join(sorted(READERS))} (save an .xls or .docx file as .xlsx or PDF first)"
        )
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ExtractError(f"{path}: cannot read: {error.strerror}") from None
    return reader(path, data, declared_encoding)
