"""One document through the data path: read → parse → classify → emit → validate → infer.

Kept apart from the build's bookkeeping (``munikg.build``) because it needs the whole stack
(rdflib, pyshacl, the parsers): a build that finds every document cached does not import it.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph
from rdflib.namespace import RDF

from munikg import terms
from munikg.classify import ClassifyError, classify, kpi_coverage
from munikg.emit import EmittedDocument, emit_document
from munikg.findings import Report
from munikg.infer import inferred
from munikg.model import (
    Agreement,
    Budget,
    DocumentInfo,
    Event,
    Location,
    Observation,
    Organization,
    ParseResult,
    Plan,
    Project,
    Residue,
    TextSection,
)
from munikg.parsers import UnknownFamily, detect_family, parse
from munikg.parsers.general import has_figures
from munikg.reference import Reference, default_reference
from munikg.sources import SourceError, SourceText, read_source
from munikg.validate import validate_ntriples

# The facts a document yields, by kind, for the summary: what the reader extracted.
FACT_KINDS: dict[str, Callable[[object], bool]] = {
    "observations": lambda r: isinstance(r, Observation),
    "meetings": lambda r: isinstance(r, Event) and r.kind == "meeting",
    "agreements": lambda r: isinstance(r, Agreement),
    "budgets": lambda r: isinstance(r, Budget),
    "projects": lambda r: isinstance(r, Project),
}
FIGURES_IN_TEXT = "figures or dates left in unclassified text"


@dataclass
class DocumentBuild:
    info: DocumentInfo
    emitted: EmittedDocument
    non_blank: int
    consumed: int
    residue: list[Residue]
    report: Report
    unknown_organizations: list[Organization]
    coverage: tuple[int, int]
    facts: dict[str, int]
    records: list = field(default_factory=list)
    family_scores: dict[str, int] | None = None
    notes: list[str] = field(default_factory=list)
    locations: list[Location | None] = field(default_factory=list)
    inferred: frozenset = frozenset()

    @property
    def graph(self) -> Graph:
        return self.emitted.graph

    def location(self, line: int) -> str:
        """Where a line stands in a PDF, sheet or HTML file; empty for a text file."""
        found = self.locations[line - 1] if line <= len(self.locations) else None
        return str(found) if found else ""

    @property
    def kpis_with_theme(self) -> int:
        return self.coverage[0]

    @property
    def kpis(self) -> int:
        return self.coverage[1]

    @property
    def classes(self) -> Counter[str]:
        return Counter(
            str(cls).rsplit("#", 1)[-1]
            for _, predicate, cls in self.emitted.triples
            if predicate == RDF.type and str(cls).startswith(str(terms.MK))
        )

    def summary(self) -> dict:
        return {
            "file": self.info.file,
            "graph": str(terms.graph(self.info.stem)),
            "triples": len(self.emitted.triples) - len(self.emitted.reference),
            "resources": dict(sorted(self.classes.items())),
            "non_blank_lines": self.non_blank,
            "consumed_lines": self.consumed,
            "residue_lines": len(self.residue),
            "residue_percent": round(100 * len(self.residue) / self.non_blank, 2),
            "family": self.info.family,
            "family_detected": self.family_scores is not None,
            "facts": self.facts,
            "notes": self.notes,
            "unknown_organizations": len(self.unknown_organizations),
            "kpis": self.kpis,
            "kpis_with_theme": self.kpis_with_theme,
            "violations": len(self.report.violations),
            "warnings": len(self.report.warnings),
        }


def account(result: ParseResult, source: SourceText) -> list[Residue]:
    """The parser's residue plus every non-blank line it neither consumed nor reported.

    A line kept only as unclassified text (the general reader's catch-all) that states a figure
    or a date counts as residue too: its facts were not read, whatever became of its words.
    The page furniture the extractor marked is consumed as such.
    """
    reported = {r.line: r for r in result.residue if r.line not in result.consumed}
    unread_text = figure_lines_in_text(result, source)
    consumed = result.consumed | source.extracted.furniture
    residue = []
    for number in source.non_blank:
        text = source.lines[number - 1].strip()
        if number in unread_text:
            residue.append(Residue(number, text, FIGURES_IN_TEXT))
        elif number not in consumed:
            residue.append(reported.get(number) or Residue(number, text, "not recognised"))
    return residue


def figure_lines_in_text(result: ParseResult, source: SourceText) -> set[int]:
    """Lines that only an unclassified text section covers, and that state a number or a date
    (a plan titled by the manifest stands on a line it was not read from)."""
    in_text, elsewhere = set(), set()
    for record in result.records:
        lines = set(record.span.lines())
        if isinstance(record, TextSection) and record.kind == "unclassified":
            in_text |= lines
        elif not isinstance(record, Plan):
            elsewhere |= lines
    lines = in_text - elsewhere
    fiscal_year = source.info.fiscal_year
    return {n for n in lines if has_figures(source.lines[n - 1], fiscal_year, bare=True)}


def unknown_organizations(records: list, reference: Reference, city_code: str) -> list:
    """Organisations the partner registry (or, for a municipality, the code table) lacks."""
    return [
        r
        for r in records
        if isinstance(r, Organization)
        and not (
            reference.municipality(r.name, city_code) or r.country
            if r.kind == "municipality"
            else reference.partner(r.name)
        )
    ]


def build_document(sources: Path, info: DocumentInfo, shapes: Graph) -> DocumentBuild:
    source = read_source(sources, info)
    scores = None
    if info.family is None:
        family, scores = detect_family(source.readable, info.title)
        info = dataclasses.replace(info, family=family)
    try:
        result = parse(source.readable, info)
    except UnknownFamily as error:
        raise SourceError(f"{source.path}: {error.args[0]}") from None
    notes: list[str] = []
    try:
        result.records = classify(result.records, info.file, stale=notes.append)
    except ClassifyError as error:
        raise SourceError(f"{source.path}: {error}") from None
    residue = account(result, source)
    result.residue = residue
    result.consumed = set(source.non_blank) - {r.line for r in residue}
    extracted = source.extracted
    emitted = emit_document(
        info, result, len(source.lines), len(source.non_blank), extracted.locations,
        extracted.media_type,
    )  # fmt: skip
    consumed = len(source.non_blank) - len(residue)
    report = validate_ntriples(emitted.ntriples(), info.file, str(terms.graph(info.stem)), shapes)
    unknown = unknown_organizations(result.records, default_reference(), info.city_code)
    coverage = kpi_coverage(result.records)
    facts = {kind: sum(map(is_fact, result.records)) for kind, is_fact in FACT_KINDS.items()}
    return DocumentBuild(
        info, emitted, len(source.non_blank), consumed, residue, report, unknown, coverage, facts,
        result.records, scores, notes, extracted.locations, inferred(emitted.triples),
    )  # fmt: skip
