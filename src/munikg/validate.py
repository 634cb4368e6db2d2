"""SHACL validation of RDF graphs, with reports for people (text) and for CI (JSON, JUnit XML).

pyshacl checks the core constraints. The SHACL-SPARQL constraints (``sh:sparql`` with
``sh:select``) are run by Oxigraph instead, with ``$this`` pre-bound to each focus node of their
shape, as the SHACL specification defines them: rdflib's SPARQL engine took a third of the
validation time for them. tests/test_shacl_engines.py proves both give pyshacl's findings.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from functools import cache
from pathlib import Path
from xml.etree import ElementTree

import pyoxigraph
import pyshacl
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SH

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


@dataclass(frozen=True)
class SparqlConstraint:
    """One ``sh:sparql`` constraint of a node shape, ready to run."""

    shape: str
    severity: str
    message: str
    query: str
    targets: tuple[str, ...]


@dataclass(frozen=True)
class PreparedShapes:
    core: Graph
    sparql: tuple[SparqlConstraint, ...]


@cache
def prepare(shapes: Graph) -> PreparedShapes:
    """The shapes without their SPARQL constraints (for pyshacl), and those constraints."""
    core = Graph()
    removed: set = set()
    constraints = []
    for shape, constraint in sorted(shapes.subject_objects(SH.sparql)):
        removed.add(constraint)
        if shapes.value(constraint, SH.deactivated, default=None) == TRUE:
            continue
        severity = shapes.value(shape, SH.severity, default=SH.Violation)
        message = shapes.value(constraint, SH.message) or shapes.value(shape, SH.message)
        select = str(shapes.value(constraint, SH.select))
        constraints.append(
            SparqlConstraint(
                str(shape),
                str(severity).rsplit("#", 1)[-1],
                str(message or ""),
                prefix_declarations(shapes, constraint) + select,
                tuple(sorted(str(c) for c in shapes.objects(shape, SH.targetClass))),
            )
        )
    for triple in shapes:
        if triple[0] not in removed and triple[1] != SH.sparql:
            core.add(triple)
    return PreparedShapes(core, tuple(constraints))


def prefix_declarations(shapes: Graph, constraint) -> str:
    lines = []
    for owner in shapes.objects(constraint, SH.prefixes):
        for declaration in shapes.objects(owner, SH.declare):
            prefix = shapes.value(declaration, SH.prefix)
            namespace = shapes.value(declaration, SH.namespace)
            lines.append(f"PREFIX {prefix}: <{namespace}>\n")
    return "".join(sorted(set(lines)))


def validate_graph(data: Graph, source: str, graph: str | None, shapes: Graph) -> Report:
    prepared = prepare(shapes)
    _conforms, results, _text = pyshacl.validate(
        data,
        shacl_graph=prepared.core,
        ont_graph=ontology(),
        inference="none",
        advanced=True,
        allow_warnings=True,
    )
    report = Report(source, graph, findings_of(results))
    if prepared.sparql:
        report.findings += sparql_findings(data, prepared.sparql)
    report.findings.sort(key=lambda f: (f.severity, f.focus, f.message, f.path or ""))
    return report


def findings_of(results: Graph) -> list[Finding]:
    """The top-level results of a pyshacl report graph (not those nested in sh:detail)."""
    nested = set(results.objects(None, SH.detail))
    return [
        Finding(
            severity=str(results.value(result, SH.resultSeverity)).rsplit("#", 1)[-1],
            message=str(results.value(result, SH.resultMessage) or ""),
            focus=str(results.value(result, SH.focusNode)),
            path=optional_str(results.value(result, SH.resultPath)),
            value=optional_str(results.value(result, SH.value)),
            shape=str(results.value(result, SH.sourceShape)),
        )
        for result in results.subjects(RDF.type, SH.ValidationResult)
        if result not in nested
    ]


def sparql_findings(data: Graph, constraints: tuple[SparqlConstraint, ...]) -> list[Finding]:
    """Each solution of each constraint, per focus node: the data and the ontology (for the
    class hierarchy) in one Oxigraph store, as pyshacl reads them mixed."""
    store = pyoxigraph.Store()
    store.load(ontology_ntriples(), pyoxigraph.RdfFormat.N_TRIPLES)
    store.load(data.serialize(format="nt", encoding="utf-8"), pyoxigraph.RdfFormat.N_TRIPLES)
    findings = []
    for constraint in constraints:
        for focus in focus_nodes(store, constraint.targets):
            solutions = store.query(constraint.query, substitutions={THIS: focus})
            names = {v.value for v in solutions.variables}
            for solution in solutions:
                value = solution["value"] if "value" in names else None
                path = solution["path"] if "path" in names else None
                findings.append(
                    Finding(
                        constraint.severity,
                        message(constraint.message, solution, names),
                        focus.value,
                        None if path is None else path.value,
                        (value or focus).value,
                        constraint.shape,
                    )
                )
    return findings


THIS = pyoxigraph.Variable("this")
TRUE = Literal(True)
MESSAGE_VARIABLE = re.compile(r"\{[?$](\w+)\}")


def focus_nodes(store: pyoxigraph.Store, classes: tuple[str, ...]) -> list:
    """Instances of the target classes and of their subclasses, in a fixed order."""
    if not classes:
        return []
    values = " ".join(f"<{c}>" for c in classes)
    query = (
        f"SELECT DISTINCT ?this WHERE {{ VALUES ?class {{ {values} }} "
        f"?this a/<{RDFS.subClassOf}>* ?class }} ORDER BY ?this"
    )
    return [solution["this"] for solution in store.query(query)]


def message(template: str, solution, variables: set[str]) -> str:
    """``{?name}`` (or ``{$name}``) in a message replaced by the solution's value."""

    def value(match: re.Match) -> str:
        term = solution[match[1]] if match[1] in variables else None
        return match[0] if term is None else term.value

    return MESSAGE_VARIABLE.sub(value, template)


@cache
def ontology_ntriples() -> bytes:
    return ontology().serialize(format="nt", encoding="utf-8")


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
