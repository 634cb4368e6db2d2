"""SHACL validation of RDF graphs, with reports for people (text) and for CI (JSON, JUnit XML)."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from functools import cache
from pathlib import Path
from xml.etree import ElementTree

import pyshacl
from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import RDF, SH

from munikg.resources import ontology_files, shape_files

FORMATS = {
    ".ttl": "turtle",
    ".nt": "nt",
    ".nq": "nquads",
    ".trig": "trig",
    ".jsonld": "json-ld",
    ".json": "json-ld",
    ".rdf": "xml",
    ".owl": "xml",
}


class UnreadableRDF(Exception):
    """The file could not be read or parsed as RDF; the message names it."""


@dataclass(frozen=True)
class Finding:
    severity: str
    message: str
    focus: str
    path: str | None
    value: str | None
    shape: str


@dataclass
class Report:
    """Findings for one graph: the default graph of a file, or one named graph."""

    source: str
    graph: str | None
    findings: list[Finding] = field(default_factory=list)

    @property
    def violations(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "Violation"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity != "Violation"]

    @property
    def name(self) -> str:
        return f"{self.source} <{self.graph}>" if self.graph else self.source


def load_graph(paths: list[Path]) -> Graph:
    graph = Graph()
    for path in paths:
        graph.parse(path, format="turtle")
    return graph


@cache
def default_shapes() -> Graph:
    return load_graph(shape_files())


@cache
def ontology() -> Graph:
    """Ontology and vocabularies: pyshacl takes the class hierarchy from it for sh:class.

    Concept-scheme membership is checked by the shapes' own sh:in lists (pyshacl copies
    individuals from an ontology graph only when they are owl:NamedIndividual, slowly)."""
    return load_graph(ontology_files())


def validate_graph(data: Graph, source: str, graph: str | None, shapes: Graph) -> Report:
    _conforms, results, _text = pyshacl.validate(
        data,
        shacl_graph=shapes,
        ont_graph=ontology(),
        inference="none",
        advanced=True,
        allow_warnings=True,
    )
    report = Report(source, graph)
    nested = set(results.objects(None, SH.detail))
    for result in results.subjects(RDF.type, SH.ValidationResult):
        if result in nested:
            continue
        report.findings.append(
            Finding(
                severity=str(results.value(result, SH.resultSeverity)).rsplit("#", 1)[-1],
                message=str(results.value(result, SH.resultMessage) or ""),
                focus=str(results.value(result, SH.focusNode)),
                path=optional_str(results.value(result, SH.resultPath)),
                value=optional_str(results.value(result, SH.value)),
                shape=str(results.value(result, SH.sourceShape)),
            )
        )
    report.findings.sort(key=lambda f: (f.severity, f.focus, f.message, f.path or ""))
    return report


def optional_str(term: object) -> str | None:
    return None if term is None else str(term)


def read_rdf(path: Path) -> Dataset:
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise UnreadableRDF(f"{path}: unknown RDF file extension {path.suffix!r}")
    dataset = Dataset(default_union=False)
    try:
        dataset.parse(path, format=fmt)
    except FileNotFoundError:
        raise UnreadableRDF(f"{path}: file not found") from None
    except Exception as error:  # rdflib raises many unrelated types on malformed input
        first = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise UnreadableRDF(f"{path}: not valid {fmt}: {first}") from None
    return dataset


def validate_file(path: Path, shapes: Graph) -> list[Report]:
    """One report per named graph; the default graph too when it holds triples.

    Each named graph is checked on its own, as the build does: a resource described in two
    documents carries provenance in each, which only a per-graph check can judge.
    """
    dataset = read_rdf(path)
    reports = []
    for context in sorted(dataset.graphs(), key=lambda g: str(g.identifier)):
        if len(context) == 0:
            continue
        default = context.identifier == URIRef("urn:x-rdflib:default")
        graph = Graph()
        for triple in context:
            graph.add(triple)
        name = None if default else str(context.identifier)
        reports.append(validate_graph(graph, str(path), name, shapes))
    return reports


def render_text(reports: list[Report]) -> str:
    lines = []
    for report in reports:
        status = "conforms" if not report.violations else f"{len(report.violations)} violation(s)"
        warned = f", {len(report.warnings)} warning(s)" if report.warnings else ""
        lines.append(f"{report.name}: {status}{warned}")
        for f in report.findings:
            where = f" {f.path}" if f.path else ""
            value = f" = {f.value}" if f.value else ""
            lines.append(f"  {f.severity}: {f.focus}{where}{value}: {f.message}")
    return "\n".join(lines)


def render_json(reports: list[Report]) -> str:
    payload = {
        "conforms": not any(r.violations for r in reports),
        "graphs": [
            {
                "source": r.source,
                "graph": r.graph,
                "violations": len(r.violations),
                "warnings": len(r.warnings),
                "results": [asdict(f) for f in r.findings],
            }
            for r in reports
        ],
    }
    return json.dumps(payload, ensure_ascii=False, indent=2)


def render_junit(reports: list[Report]) -> str:
    """One test case per graph; each violation a failure, each warning in system-out."""
    suite = ElementTree.Element(
        "testsuite",
        name="munikg-shacl",
        tests=str(len(reports)),
        failures=str(sum(1 for r in reports if r.violations)),
    )
    for report in reports:
        case = ElementTree.SubElement(suite, "testcase", classname=report.source, name=report.name)
        if report.violations:
            failure = ElementTree.SubElement(
                case, "failure", message=f"{len(report.violations)} SHACL violation(s)"
            )
            failure.text = "\n".join(
                f"{f.focus} {f.path or ''}: {f.message}" for f in report.violations
            )
        if report.warnings:
            out = ElementTree.SubElement(case, "system-out")
            out.text = "\n".join(f"Warning: {f.focus}: {f.message}" for f in report.warnings)
    ElementTree.indent(suite)
    return ElementTree.tostring(suite, encoding="unicode", xml_declaration=True)


RENDERERS = {"text": render_text, "json": render_json, "junit": render_junit}
