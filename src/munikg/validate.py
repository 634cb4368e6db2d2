"""SHACL validation of RDF graphs; the findings and their reports are in ``munikg.findings``.

The shapes come in two profiles, one directory each under ``shapes/``: ``domain``, what any
publisher of municipal plan and KPI data must satisfy (classes, required properties, datatypes,
value ranges, closed shapes that catch a misspelt property), and ``provenance``, munikg's own
bookkeeping (source documents, line counts, residue lines, source lines and locations, theme
assignments). The build validates with both.

rudof (pyrudof, in Rust) checks the core constraints by default, six to eight times faster than
pyshacl, which walks rdflib's graph per focus node; pyshacl stays the reference engine
(``engine="pyshacl"``, ``munikg validate --engine pyshacl``). The SHACL-SPARQL constraints
(``sh:sparql`` with ``sh:select``) are run by Oxigraph, with ``$this`` pre-bound to each focus
node of their shape, as the SHACL specification defines them. tests/test_shacl_engines.py proves
that both engines give pyshacl's findings on the whole shapes graph, with every constraint
component the shapes use made to fire.
"""

from __future__ import annotations

import codecs
import os
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pyoxigraph
import pyrudof
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, SH

from munikg import terms
from munikg.findings import Finding, Report
from munikg.resources import ontology_files, resource_dir, shape_files

FORMATS = {
    ".ttl": pyoxigraph.RdfFormat.TURTLE,
    ".nt": pyoxigraph.RdfFormat.N_TRIPLES,
    ".nq": pyoxigraph.RdfFormat.N_QUADS,
    ".trig": pyoxigraph.RdfFormat.TRIG,
    ".jsonld": pyoxigraph.RdfFormat.JSON_LD,
    ".json": pyoxigraph.RdfFormat.JSON_LD,
    ".rdf": pyoxigraph.RdfFormat.RDF_XML,
    ".owl": pyoxigraph.RdfFormat.RDF_XML,
}
PROFILES = ("all", "domain", "provenance")  # "all": both directories
ENGINES = ("rudof", "pyshacl")  # for the core constraints; the first is the default


class UnreadableRDF(Exception):
    """The file could not be read or parsed as RDF; the message names it."""


def load_graph(paths: list[Path]) -> Graph:
    graph = Graph()
    for path in paths:
        graph.parse(path, format="turtle")
    return graph


def load_shapes(profile: str = "all", directory: Path | None = None) -> Graph:
    """The shapes of a profile: its directory under ``directory`` (munikg's shapes by default)."""
    root = directory or resource_dir("shapes")
    return load_graph(shape_files(root if profile == "all" else root / profile))


@cache
def default_shapes(profile: str = "all") -> Graph:
    return load_shapes(profile)


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
    classes: tuple[str, ...]
    subjects_of: tuple[str, ...]


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
                tuple(sorted(str(p) for p in shapes.objects(shape, SH.targetSubjectsOf))),
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


def validate_graph(
    data: Graph, source: str, graph: str | None, shapes: Graph, engine: str = ENGINES[0]
) -> Report:
    ntriples = data.serialize(format="nt", encoding="utf-8")
    return validate_ntriples(ntriples, source, graph, shapes, engine, data)


def validate_ntriples(
    ntriples: bytes,
    source: str,
    graph: str | None,
    shapes: Graph,
    engine: str = ENGINES[0],
    data: Graph | None = None,
) -> Report:
    """The build's entry: a document's triples are written as N-Triples once, for the validator
    and for the outputs, and put in an rdflib Graph only for pyshacl (``data``, when the caller
    has them as one already)."""
    prepared = prepare(shapes)
    if engine == "pyshacl":
        if data is None:
            data = Graph().parse(data=ntriples, format="nt")
        results = pyshacl_results(data, prepared.core)
    else:
        results = rudof_results(ntriples, prepared)
    report = Report(source, graph, findings_of(results, prepared.core))
    if prepared.sparql:
        report.findings += sparql_findings(ntriples, prepared.sparql)
    report.findings.sort(key=lambda f: (f.severity, f.focus, f.message, f.path or ""))
    return report


def pyshacl_results(data: Graph, shapes: Graph) -> Graph:
    """pyshacl's report graph, the ontology mixed into the data (for the class hierarchy)."""
    import pyshacl  # only for the reference engine: it takes a sixth of a second to import

    _conforms, results, _text = pyshacl.validate(
        data,
        shacl_graph=shapes,
        ont_graph=ontology(),
        inference="none",
        advanced=True,
        allow_warnings=True,
    )
    return results


def rudof_results(ntriples: bytes, prepared: PreparedShapes) -> Graph:
    """The data joins the ontology already loaded in the session for as long as it is checked,
    as pyshacl mixes an ontology graph into the data."""
    session = rudof_session(prepared)
    session.begin_staging()
    try:
        session.read_data(ntriples.decode("utf-8"), format=pyrudof.RDFFormat.NTriples, merge=True)
        VALIDATED_WITH_RUDOF.add(os.getpid())
        session.validate_shacl()
        report = session.serialize_shacl_validation_results(
            format=pyrudof.ResultShaclValidationFormat.NTriples
        )
    finally:
        session.rollback_staging()
    results = Graph()
    for triple in Graph().parse(data=report, format="nt"):
        results.add(tuple(unnamed(term) for term in triple))
    return results


VALIDATED_WITH_RUDOF: set[int] = set()  # the processes that did; a forked child is not one


def can_fork() -> bool:
    """Whether a process forked from this one can validate: not once rudof has validated here,
    since its Rust thread pool does not survive a fork (the child waits for it for ever)."""
    return os.getpid() not in VALIDATED_WITH_RUDOF


def preload(shapes: Graph) -> None:
    """Read what validating with these shapes reads, for forked workers to inherit."""
    rudof_session(prepare(shapes))
    ontology_ntriples()


@cache
def rudof_session(prepared: PreparedShapes) -> pyrudof.Rudof:
    """Shapes and ontology parsed once per process."""
    session = pyrudof.Rudof(pyrudof.RudofConfig())
    session.read_data(ontology_ntriples().decode("utf-8"), format=pyrudof.RDFFormat.NTriples)
    shapes = named_shapes(prepared.core).serialize(format="nt")  # rdflib writes Turtle slowly
    session.read_shacl(shapes, format=pyrudof.ShaclFormat.NTriples)
    return session


SHAPE_NAME = "urn:munikg:shape:"


def named_shapes(shapes: Graph) -> Graph:
    """The shapes with an IRI for each blank-node shape that has a message: rudof's results
    name a blank-node shape by a label of its own, and its message cannot be looked up."""
    names = {s: URIRef(SHAPE_NAME + s) for s in shapes.subjects(SH.message) if isinstance(s, BNode)}
    named = Graph()
    for s, p, o in shapes:
        named.add((names.get(s, s), p, names.get(o, o)))
    return named


def unnamed(term):
    """A shape's blank node again, as named_shapes named it."""
    if isinstance(term, URIRef) and term.startswith(SHAPE_NAME):
        return BNode(term.removeprefix(SHAPE_NAME))
    return term


def findings_of(results: Graph, shapes: Graph) -> list[Finding]:
    """The top-level results of a SHACL report graph (not those nested in sh:detail)."""
    nested = set(results.objects(None, SH.detail))
    return [
        Finding(
            severity=str(results.value(result, SH.resultSeverity)).rsplit("#", 1)[-1],
            message=result_message(results, result, shapes),
            focus=str(results.value(result, SH.focusNode)),
            path=path_text(results, results.value(result, SH.resultPath)),
            value=optional_str(results.value(result, SH.value)),
            shape=shape_name(shapes, results.value(result, SH.sourceShape)),
        )
        for result in results.subjects(RDF.type, SH.ValidationResult)
        if result not in nested
    ]


def result_message(results: Graph, result, shapes: Graph) -> str:
    """The shape's sh:message, which SHACL makes the result's message: for a node shape's
    constraints and for qualified value shapes, rudof gives a text of its own instead."""
    message = shapes.value(results.value(result, SH.sourceShape), SH.message)
    return str(message or results.value(result, SH.resultMessage) or "")


def shape_name(shapes: Graph, shape) -> str:
    """A property shape, a blank node, by the shape it belongs to and its path, the same in
    every run: ``…#CityShape sh:property rdfs:label`` in full IRIs."""
    owner = shapes.value(predicate=SH.property, object=shape) if isinstance(shape, BNode) else None
    if owner is None:
        return str(shape)
    path = path_text(shapes, shapes.value(shape, SH.path))
    return f"{shape_name(shapes, owner)} sh:property {path}"


def path_text(results: Graph, path) -> str | None:
    """A property path in SPARQL's notation (``^p``, ``p/q``): a blank node's label would
    differ from run to run."""
    if isinstance(path, BNode):
        inverse = results.value(path, SH.inversePath)
        if inverse is not None:
            return "^" + path_text(results, inverse)
        if results.value(path, RDF.first) is not None:
            return "/".join(path_text(results, step) for step in Collection(results, path))
    return optional_str(path)


def sparql_findings(ntriples: bytes, constraints: tuple[SparqlConstraint, ...]) -> list[Finding]:
    """Each solution of each constraint, per focus node: the data and the ontology (for the
    class hierarchy) in one Oxigraph store, as pyshacl reads them mixed."""
    store = pyoxigraph.Store()
    store.load(ontology_ntriples(), pyoxigraph.RdfFormat.N_TRIPLES)
    store.load(ntriples, pyoxigraph.RdfFormat.N_TRIPLES)
    findings = []
    for constraint in constraints:
        for focus in focus_nodes(store, constraint):
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


def focus_nodes(store: pyoxigraph.Store, constraint: SparqlConstraint) -> list:
    """Instances of the target classes and of their subclasses, and subjects of the target
    properties, in a fixed order."""
    patterns = [f"{{ ?this <{p}> ?object }}" for p in constraint.subjects_of]
    if constraint.classes:
        values = " ".join(f"<{c}>" for c in constraint.classes)
        patterns.append(f"{{ VALUES ?class {{ {values} }} ?this a/<{RDFS.subClassOf}>* ?class }}")
    if not patterns:
        return []
    query = f"SELECT DISTINCT ?this WHERE {{ {' UNION '.join(patterns)} }} ORDER BY ?this"
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


def read_rdf(path: Path) -> dict[str | None, Graph]:
    """The graphs of an RDF file by name (None: the default graph), parsed by Oxigraph, whose
    syntax errors give the line and column where the file stops being valid."""
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise UnreadableRDF(f"{path}: unknown RDF file extension {path.suffix!r}")
    graphs: dict[str | None, Graph] = {}
    try:
        data = path.read_bytes().removeprefix(codecs.BOM_UTF8)  # as a Windows editor saves it
        for quad in pyoxigraph.parse(data, fmt):
            default = isinstance(quad.graph_name, pyoxigraph.DefaultGraph)
            graph = graphs.setdefault(None if default else quad.graph_name.value, Graph())
            graph.add(tuple(rdflib_term(term) for term in quad.triple))
    except SyntaxError as error:
        raise UnreadableRDF(f"{path}:{error.lineno}: not valid {fmt.name}: {error.msg}") from None
    except FileNotFoundError:
        raise UnreadableRDF(f"{path}: file not found") from None
    except OSError as error:
        raise UnreadableRDF(f"{path}: cannot read: {error.strerror or error}") from None
    return graphs


def rdflib_term(term: object) -> URIRef | BNode | Literal:
    if isinstance(term, pyoxigraph.NamedNode):
        return URIRef(term.value)
    if isinstance(term, pyoxigraph.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    if term.datatype.value == XSD_STRING:  # rdflib's own parsers give a plain literal
        return Literal(term.value)
    return Literal(term.value, datatype=URIRef(term.datatype.value))


XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def validate_file(path: Path, shapes: Graph, engine: str = ENGINES[0]) -> list[Report]:
    """One report per named graph; the default graph too when it holds triples.

    Each named graph is checked on its own, as the build does: a resource described in two
    documents carries provenance in each, which only a per-graph check can judge. In munikg's
    N-Quads, each graph is checked with the reference graph (the cities, municipalities and
    periods documents name), as the build checks each document; the inferred graph holds only
    what the ontology implies of all the others together, so it is not checked on its own.
    """
    graphs = read_rdf(path)
    graphs.pop(str(terms.INFERRED_GRAPH), None)
    reference = graphs.get(str(terms.REFERENCE_GRAPH), Graph())
    return [
        validate_graph(graphs[name] + reference, str(path), name, shapes, engine)
        for name in sorted(graphs, key=lambda name: name or "")
    ]
