"""Bundled documents published as a city would (PDF, HTML, Excel, CSV, Shift_JIS text) read as
their UTF-8 text does: the same observations and facts, with page, cell or markup provenance;
``munikg add`` then ``munikg build`` take each kind; a damaged file gets one error naming it."""

from __future__ import annotations

import dataclasses
import json
import shutil
import tomllib
from html import escape
from pathlib import Path
from string import ascii_uppercase

import pdfplumber
import pytest
from rdflib import Literal

from munikg import ingest
from munikg.cli import main
from munikg.model import Location, Observation, Span
from munikg.normalize import fold
from munikg.sources import SourceText, read_source
from munikg.terms import MK
from munikg.validate import default_shapes
from renderings import write_cp932, write_csv, write_html, write_pdf, write_xlsx

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT / "data" / "sources"
RUNNING_HEAD = "市の評価資料 ページ"
HYOKA = "mito-sogo-senryaku-2-hyoka-r4.txt"
JIMU = "mito-jimu-hokokusho-r6.txt"
WRITERS = {
    "pdf": lambda lines, path: write_pdf(lines, path, RUNNING_HEAD),
    "html": write_html,
    "xlsx": write_xlsx,
    "csv": write_csv,
    "txt": write_cp932,
}
# Each bundled document whose tables are tables (the つくばみらい report is a PDF's text laid
# out by its extractor, not a table a city would publish), in each format; CP932 for those
# whose text CP932 can encode (水戸市's evaluation prints ↗, 日立市's plan ▶).
CASES = [
    (document, kind)
    for document in (HYOKA, JIMU, "hitachi-sogo-keikaku-bunya6.txt",
                     "hitachi-johoka-action-plan-r2.txt")
    for kind in ("pdf", "html", "xlsx", "csv")
] + [(JIMU, "txt"), ("tsukubamirai-sogo-senryaku-2-shinchoku-r5.txt", "txt")]  # fmt: skip


def observations(records: list) -> list[str]:
    """Every observation with all its fields but the line it stands on."""
    return sorted(
        repr(dataclasses.replace(r, span=Span.line(1)))
        for r in records
        if isinstance(r, Observation)
    )


@dataclasses.dataclass
class Published:
    path: Path
    source: SourceText
    doc: ingest.DocumentBuild

    def line(self, record) -> str:
        return self.source.lines[record.span.first - 1]

    def location(self, record) -> Location:
        return self.source.extracted.locations[record.span.first - 1]

    def first_cell(self, record) -> str:
        return next(c for c in self.line(record).split("\t") if c.strip())


@pytest.fixture(scope="module")
def published(tmp_path_factory, manifest):
    """``published(document, kind)``: the document written in that format, read and built."""
    cache: dict[tuple[str, str], Published] = {}

    def run(document: str, kind: str) -> Published:
        if (document, kind) not in cache:
            folder = tmp_path_factory.mktemp(kind)
            info = manifest[document]
            path = folder / f"{info.stem}.{kind}"
            WRITERS[kind]((SOURCES / document).read_text(encoding="utf-8").splitlines(), path)
            info = dataclasses.replace(info, file=path.name)
            cache[document, kind] = Published(
                path,
                read_source(folder, info),
                ingest.build_document(folder, info, default_shapes()),
            )
        return cache[document, kind]

    return run


def valued(published: Published) -> list[Observation]:
    return [r for r in published.doc.records if isinstance(r, Observation) and r.value is not None]


@pytest.mark.parametrize(("document", "kind"), CASES)
def test_a_published_document_reads_as_its_text(published, document_build, document, kind):
    doc = published(document, kind).doc
    text = document_build(document)
    assert observations(doc.records) == observations(text.records)
    assert len(observations(doc.records)) == text.facts["observations"] > 0
    assert doc.facts == text.facts
    assert doc.report.violations == []
    assert [r.reason for r in doc.residue] == [r.reason for r in text.residue]


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_a_sheet_row_is_the_provenance_of_what_was_read_from_it(published, document_build, kind):
    """The renderings put line n of the text on row n: each observation cites that row."""
    sheet = published(HYOKA, kind)
    expected = {key(r): r.span.first for r in document_build(HYOKA).records if key(r)}
    rows = {}
    for record in sheet.doc.records:
        if key(record):
            location = sheet.location(record)
            assert location.sheet == ("評価" if kind == "xlsx" else None)
            rows[key(record)] = int(location.cells.split(":")[0].lstrip(ascii_uppercase))
    assert rows == expected


def key(record) -> str | None:
    if isinstance(record, Observation):
        return repr(dataclasses.replace(record, span=Span.line(1)))
    return None


def test_the_page_an_observation_cites_prints_its_value(published):
    pdf = published(HYOKA, "pdf")
    with pdfplumber.open(pdf.path) as document:
        pages = [fold(page.extract_text()) for page in document.pages]
    assert len(pages) > 3
    records = valued(pdf)
    assert len(records) > 100
    for record in records:
        location = pdf.location(record)
        assert fold(record.raw.split()[0]) in pages[location.page - 1]
    assert len({pdf.location(r).page for r in records}) > 3


def test_every_resource_cites_the_page_and_line_of_its_first_line(published):
    pdf = published(HYOKA, "pdf")
    graph, locations = pdf.doc.graph, pdf.source.extracted.locations
    cited = 0
    for subject, line in graph.subject_objects(MK.sourceLine):
        if len(list(graph.objects(subject, MK.sourceLine))) == 1:
            location = locations[line.toPython() - 1]
            assert graph.value(subject, MK.sourcePage) == Literal(location.page)
            assert graph.value(subject, MK.sourcePageLine) == Literal(location.page_line)
            cited += 1
    assert cited > 200


def test_an_html_row_cites_the_markup_line_it_stands_on(published):
    page = published(HYOKA, "html")
    markup = page.path.read_text(encoding="utf-8").splitlines()
    for record in valued(page):
        assert escape(page.first_cell(record)) in markup[page.location(record).markup_line - 1]


@pytest.mark.parametrize(("kind", "furniture"), [("pdf", RUNNING_HEAD), ("html", "くらし")])
def test_running_heads_page_numbers_and_navigation_are_furniture(published, kind, furniture):
    """Consumed as furniture: never read as content, never residue."""
    page = published(HYOKA, kind)
    lines = page.source.lines
    marked = page.source.extracted.furniture
    assert {n for n, line in enumerate(lines, 1) if furniture in line} <= marked
    assert marked and not marked & {r.line for r in page.doc.residue}
    summary = page.doc.summary()
    assert summary["consumed_lines"] + summary["residue_lines"] == summary["non_blank_lines"]


ADDED = {"hyoka-pdf.pdf": "pdf", "hyoka-web.html": "html", "hyoka-sheet.xlsx": "xlsx",
         "hyoka-export.csv": "csv"}  # fmt: skip


@pytest.fixture(scope="module")
def added(tmp_path_factory):
    """Four renderings of 水戸市's evaluation and its CP932 report, added with ``munikg add``
    into an empty sources folder, then built."""
    root = tmp_path_factory.mktemp("added")
    lines = (SOURCES / HYOKA).read_text(encoding="utf-8").splitlines()
    codes = {}
    for name, kind in ADDED.items():
        WRITERS[kind](lines, root / name)
        codes[name] = main(
            ["add", str(root / name), "--city", "水戸市", "--sources", str(root / "src")]
        )
    write_cp932((SOURCES / JIMU).read_text(encoding="utf-8").splitlines(), root / "jimu-sjis.txt")
    codes["jimu-sjis.txt"] = main(
        ["add", str(root / "jimu-sjis.txt"), "--city", "082015", "--fiscal-year", "2024",
         "--family", "administrative-report", "--sources", str(root / "src")]
    )  # fmt: skip
    codes["build"] = main(["build", "--sources", str(root / "src"), "--out", str(root / "out")])
    return root, codes


def test_add_then_build_takes_every_kind_of_file(added, document_build):
    root, codes = added
    assert set(codes.values()) == {0}
    manifest = tomllib.loads((root / "src" / "manifest.toml").read_text(encoding="utf-8"))
    entries = {e["file"]: e for e in manifest["document"]}
    assert set(entries) == {*ADDED, "jimu-sjis.txt"}
    for name in ADDED:
        assert entries[name] == {
            "file": name, "city_name": "水戸市", "city_code": "082015",
            "family": "strategy-evaluation",
            "title": "水戸市まち・ひと・しごと創生総合戦略(第2次)の評価",
            "fiscal_year": 2022, "publisher": "水戸市",
        }  # fmt: skip
        assert (root / "src" / name).read_bytes() == (root / name).read_bytes()
    summary = json.loads((root / "out" / "summary.json").read_text(encoding="utf-8"))
    facts = {d["file"]: d["facts"] for d in summary["documents"]}
    assert facts == {
        **{name: document_build(HYOKA).facts for name in ADDED},
        "jimu-sjis.txt": document_build(JIMU).facts,
    }
    assert all(d["violations"] == 0 for d in summary["documents"])


def test_add_prints_what_the_next_build_reads(tmp_path, capsys):
    path = tmp_path / "hyoka.html"
    write_html((SOURCES / HYOKA).read_text(encoding="utf-8").splitlines(), path)
    assert main(["add", str(path), "--city", "茨城県水戸市", "--sources", str(tmp_path / "s")]) == 0
    out = capsys.readouterr().out
    assert "水戸市 (082015)" in out
    assert "strategy-evaluation (detected)" in out
    assert "fiscal year 2022 (line " in out
    assert "183 observations" in out


def test_a_damaged_pdf_is_refused_by_add_and_stops_the_build_alone(added, tmp_path, capsys):
    root, _ = added
    sources, out = tmp_path / "src", tmp_path / "out"
    shutil.copytree(root / "src", sources)
    shutil.copytree(root / "out", out)
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    manifest = (sources / "manifest.toml").read_bytes()
    damaged = tmp_path / "damaged.pdf"
    damaged.write_bytes((root / "hyoka-pdf.pdf").read_bytes()[:4000])
    capsys.readouterr()
    assert main(["add", str(damaged), "--city", "水戸市", "--sources", str(sources)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and f"{damaged}: not a readable PDF" in err[0], err
    assert (sources / "manifest.toml").read_bytes() == manifest
    assert not (sources / "damaged.pdf").exists()
    (sources / "hyoka-pdf.pdf").write_bytes(damaged.read_bytes())
    assert main(["build", "--sources", str(sources), "--out", str(out)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and f"{sources / 'hyoka-pdf.pdf'}: not a readable PDF" in err[0], err
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()} == before


def test_a_damaged_sheet_gets_one_error_naming_it(tmp_path, capsys):
    sheet = tmp_path / "kpi.xlsx"
    sheet.write_bytes(b"PK\x03\x04" + bytes(range(256)) * 4)
    assert main(["add", str(sheet), "--city", "水戸市", "--sources", str(tmp_path / "s")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and f"{sheet}: not a readable Excel workbook" in err[0], err
    assert not (tmp_path / "s").exists()
