"""The build: manifest → parse → emit → validate → dumps and embedded store, all or nothing.

The store and ``munikg.nq`` hold one named graph per document plus the ontology and its
vocabularies (``graph/ontology``), so queries can read concept labels; ``munikg.ttl`` holds the
documents' triples only.

Every output is first written under a temporary directory beside the output directory and
moved into place only when every document parsed, emitted and validated without violation,
so a failed build leaves the previous outputs exactly as they were.
"""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import tempfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from rdflib import Graph
from rdflib.namespace import RDF

from munikg import terms
from munikg.classify import ClassifyError, classify, kpi_coverage
from munikg.emit import EmitError, emit_document, nquads
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
from munikg.sources import SourceError, SourceText, read_manifest, read_source
from munikg.store import write_store
from munikg.validate import Report, default_shapes, ontology, validate_graph

OUTPUTS = (
    "munikg.nq",
    "munikg.ttl",
    "residue.tsv",
    "unknown-organizations.tsv",
    "summary.json",
    "store",
)


# The facts a document yields, by kind, for the summary: what the reader extracted.
FACT_KINDS: dict[str, Callable[[object], bool]] = {
    "observations": lambda r: isinstance(r, Observation),
    "meetings": lambda r: isinstance(r, Event) and r.kind == "meeting",
    "agreements": lambda r: isinstance(r, Agreement),
    "budgets": lambda r: isinstance(r, Budget),
    "projects": lambda r: isinstance(r, Project),
}
FIGURES_IN_TEXT = "figures or dates left in unclassified text"


class BuildError(Exception):
    """One or more documents could not be built; each line of the message names a file."""


@dataclass
class DocumentBuild:
    info: DocumentInfo
    graph: Graph
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
            for cls in self.graph.objects(None, RDF.type)
            if str(cls).startswith(str(terms.MK))
        )

    def summary(self) -> dict:
        return {
            "file": self.info.file,
            "graph": str(terms.graph(self.info.stem)),
            "triples": len(self.graph),
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


@dataclass
class BuildResult:
    documents: list[DocumentBuild] = field(default_factory=list)

    @property
    def violations(self) -> int:
        return sum(len(d.report.violations) for d in self.documents)


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
    graph = emit_document(
        info, result, len(source.lines), len(source.non_blank), extracted.locations,
        extracted.media_type,
    )  # fmt: skip
    consumed = len(source.non_blank) - len(residue)
    report = validate_graph(graph, info.file, str(terms.graph(info.stem)), shapes)
    unknown = unknown_organizations(result.records, default_reference(), info.city_code)
    coverage = kpi_coverage(result.records)
    facts = {kind: sum(map(is_fact, result.records)) for kind, is_fact in FACT_KINDS.items()}
    return DocumentBuild(
        info, graph, len(source.non_blank), consumed, residue, report, unknown, coverage, facts,
        result.records, scores, notes, extracted.locations,
    )  # fmt: skip


def run(
    sources: Path,
    progress: Callable[[str], None] = lambda file: None,
) -> BuildResult:
    """Parse, emit and validate every document; collect every bad-input error before failing."""
    infos = read_manifest(sources)
    shapes = default_shapes()
    result, errors = BuildResult(), []
    for info in infos:
        progress(info.file)
        try:
            result.documents.append(build_document(sources, info, shapes))
        except (SourceError, EmitError) as error:
            errors.append(str(error))
    if errors:
        raise BuildError("\n".join(errors))
    return result


def write_outputs(result: BuildResult, out: Path) -> None:
    """Write every output into a fresh directory, then swap each into place."""
    out.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".build-", dir=out))
    try:
        documents = sorted(result.documents, key=lambda d: d.info.stem)
        with open(staging / "munikg.nq", "w", encoding="utf-8", newline="\n") as handle:
            for doc in documents:
                handle.writelines(nquads(doc.graph, terms.graph(doc.info.stem)))
            handle.writelines(nquads(ontology(), terms.ONTOLOGY_GRAPH))
        merged = Graph()
        for prefix, namespace in terms.PREFIXES.items():
            merged.bind(prefix, namespace)
        for doc in documents:
            merged += doc.graph
        merged.serialize(staging / "munikg.ttl", format="turtle", encoding="utf-8")
        with open(staging / "residue.tsv", "w", encoding="utf-8", newline="\n") as handle:
            handle.write("file\tline\tlocation\treason\ttext\n")
            for doc in documents:
                for item in doc.residue:
                    text = item.text.replace("\t", " ")
                    handle.write(
                        f"{doc.info.file}\t{item.line}\t{doc.location(item.line)}\t"
                        f"{item.reason}\t{text}\n"
                    )
        with open(staging / "unknown-organizations.tsv", "w", encoding="utf-8") as handle:
            handle.write("file\tline\tname\tkind\tlegal_form\n")
            for doc in documents:
                for org in doc.unknown_organizations:
                    handle.write(
                        f"{doc.info.file}\t{org.span.first}\t{org.name}\t{org.kind}\t"
                        f"{org.legal_form or ''}\n"
                    )
        summary = {
            "built_at": datetime.now(UTC).replace(microsecond=0).isoformat(),
            "documents": [doc.summary() for doc in documents],
        }
        (staging / "summary.json").write_text(
            json.dumps(summary, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
        write_store(staging / "store", staging / "munikg.nq")
        for name in OUTPUTS:
            replace(staging / name, out / name)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def replace(new: Path, target: Path) -> None:
    """Atomic for files; for the store directory, the old one is moved aside first."""
    if new.is_dir() and target.exists():
        aside = target.with_name(f".{target.name}.old")
        shutil.rmtree(aside, ignore_errors=True)
        os.replace(target, aside)
        os.replace(new, target)
        shutil.rmtree(aside, ignore_errors=True)
    else:
        os.replace(new, target)
