"""Both engines, with the SHACL-SPARQL constraints run by Oxigraph, give exactly pyshacl's findings.

The reference is pyshacl alone, on the whole shapes graph, SPARQL constraints included. It is
compared with munikg's validation on either engine for the core constraints (rudof, the
default, and pyshacl) on every bundled document, and on the two Mito documents together broken
so that every constraint component the shapes use gives a result.
"""

from __future__ import annotations

import pytest
from rdflib import BNode, Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import SH

from munikg.validate import (
    ENGINES,
    Finding,
    default_shapes,
    findings_of,
    prepare,
    pyshacl_results,
    validate_graph,
)

BUNDLED = (
    "hitachi-johoka-action-plan-r2.txt",
    "hitachi-sogo-keikaku-bunya6.txt",
    "mito-jimu-hokokusho-r6.txt",
    "mito-sogo-senryaku-2-hyoka-r4.txt",
    "tsukubamirai-sogo-senryaku-2-shinchoku-r5.txt",
)
BREAKAGES = """
PREFIX mk: <https://w3id.org/munikg/def#>
PREFIX time: <http://www.w3.org/2006/time#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
DELETE { ?d mk:lineCount ?n ; mk:residueLineCount ?r ; mk:nonBlankLineCount ?b }
INSERT { ?d mk:lineCount 5 ; mk:residueLineCount 999 ; mk:nonBlankLineCount 100000 }
WHERE { ?d a mk:SourceDocument ; mk:lineCount ?n ; mk:residueLineCount ?r ;
           mk:nonBlankLineCount ?b } ;
DELETE { ?city mk:localGovernmentCode ?code } INSERT { ?city mk:localGovernmentCode "082016" }
WHERE { ?city a mk:City ; mk:localGovernmentCode ?code } ;
DELETE { ?plan mk:sourceLineEnd ?end } WHERE { ?plan a mk:Plan ; mk:sourceLineEnd ?end } ;
INSERT { ?kpi mk:city <https://w3id.org/munikg/id/city/082023> }
WHERE { ?kpi a mk:KPI ; rdfs:label ?label FILTER (CONTAINS(STR(?label), "観光")) } ;
DELETE { ?budget mk:fiscalYear ?year } INSERT { ?budget mk:fiscalYear ?later }
WHERE { ?budget a mk:Budget ; mk:fiscalYear ?year BIND (?year + 1 AS ?later) } ;
DELETE { ?end time:inXSDDate ?date } INSERT { ?end time:inXSDDate "1900-01-01"^^xsd:date }
WHERE { ?period time:hasEnd ?end . ?end time:inXSDDate ?date
        FILTER (STRSTARTS(STR(?date), "2021")) } ;
DELETE { ?subject mk:theme ?theme }
WHERE { ?a mk:classifies ?subject ; mk:assignedTheme ?theme .
        ?subject a mk:Measure } ;
INSERT { ?project mk:theme <https://w3id.org/munikg/vocab/theme/tourism> }
WHERE { ?project a mk:Project } ;
INSERT { ?o mk:unit <https://w3id.org/munikg/vocab/unit/score> ; mk:value 9 }
WHERE { { SELECT ?o WHERE { ?o a mk:Observation ; mk:value ?v } ORDER BY ?o LIMIT 1 } } ;
DELETE { ?kpi rdfs:label ?label } WHERE { ?kpi a mk:NumericalTarget ; rdfs:label ?label }
"""


CORE_BREAKAGES = """
PREFIX mk: <https://w3id.org/munikg/def#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX partner-kind: <https://w3id.org/munikg/vocab/partner-kind/>
INSERT { ?a mk:notAProperty "x" }
WHERE { { SELECT ?a WHERE { ?a a mk:Activity } ORDER BY ?a LIMIT 1 } } ;
DELETE { ?city org:hasUnit ?d }
WHERE { { SELECT ?d WHERE { ?d a mk:Department } ORDER BY ?d LIMIT 1 } ?city org:hasUnit ?d } ;
INSERT { ?a rdfs:label "activité"@fr }
WHERE { { SELECT ?a WHERE { ?a a mk:Activity } ORDER BY DESC(?a) LIMIT 1 } } ;
INSERT { ?a rdfs:label "二つ目の名前"@ja }
WHERE { { SELECT ?a WHERE { ?a a mk:Activity } ORDER BY ?a OFFSET 1 LIMIT 1 } } ;
DELETE { ?o mk:revision ?r } INSERT { ?o mk:revision -1 }
WHERE { { SELECT ?o WHERE { ?o mk:revision ?r } ORDER BY ?o LIMIT 1 } ?o mk:revision ?r } ;
DELETE { ?o mk:rawValue ?r } INSERT { ?o mk:rawValue "" }
WHERE { { SELECT ?o WHERE { ?o mk:rawValue ?r } ORDER BY DESC(?o) LIMIT 1 } ?o mk:rawValue ?r } ;
INSERT { ?k mk:theme "tourism" } WHERE { { SELECT ?k WHERE { ?k a mk:KPI } ORDER BY ?k LIMIT 1 } } ;
INSERT { ?p mk:partnerKind partner-kind:municipality }
WHERE { { SELECT ?p WHERE { ?p a mk:Partner } ORDER BY ?p LIMIT 1 } } ;
DELETE { ?c mk:localGovernmentCode ?code } INSERT { ?c mk:localGovernmentCode "8201" }
WHERE { ?c a mk:Municipality ; mk:localGovernmentCode ?code FILTER NOT EXISTS { ?c a mk:City } } ;
INSERT { ?m mk:heldInWriting true ; mk:venueName "会議室" }
WHERE { { SELECT ?m WHERE { ?m a mk:Meeting } ORDER BY ?m LIMIT 1 } }
"""
# The SHACL Core parameters that each select a constraint component (sh:sparql: the test after).
PARAMETERS = [
    "class",
    "datatype",
    "nodeKind",
    "minCount",
    "maxCount",
    "minExclusive",
    "minInclusive",
    "maxExclusive",
    "maxInclusive",
    "minLength",
    "maxLength",
    "pattern",
    "languageIn",
    "uniqueLang",
    "equals",
    "disjoint",
    "lessThan",
    "lessThanOrEquals",
    "not",
    "and",
    "or",
    "xone",
    "node",
    "qualifiedMinCount",
    "qualifiedMaxCount",
    "closed",
    "hasValue",
    "in",
]


def comparable(findings: list[Finding]) -> list[tuple]:
    return sorted(
        (f.severity, f.focus, f.path or "", f.value or "", f.message, f.shape) for f in findings
    )


def reference_findings(data: Graph) -> list[Finding]:
    """pyshacl alone, SPARQL constraints included."""
    return findings_of(pyshacl_results(data, default_shapes()), default_shapes())


@pytest.fixture(scope="module")
def broken(document_build) -> tuple[Graph, list[Finding]]:
    """The broken Mito documents and pyshacl's findings on them."""
    graph = Graph()
    for file in ("mito-sogo-senryaku-2-hyoka-r4.txt", "mito-jimu-hokokusho-r6.txt"):
        graph += document_build(file).graph
    graph.update(BREAKAGES)
    graph.update(CORE_BREAKAGES)
    return graph, reference_findings(graph)


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("file", BUNDLED)
def test_bundled_document_findings_equal_pyshacl(document_build, file, engine):
    graph = document_build(file).graph
    findings = validate_graph(graph, file, None, default_shapes(), engine).findings
    assert comparable(findings) == comparable(reference_findings(graph))


@pytest.mark.parametrize("engine", ENGINES)
def test_broken_documents_give_pyshacl_findings(broken, engine):
    graph, reference = broken
    findings = validate_graph(graph, "broken", None, default_shapes(), engine).findings
    assert comparable(findings) == comparable(reference)
    assert len(findings) > 1000


def test_every_constraint_component_of_the_shapes_gives_a_result(broken):
    """A shape that fired exercises the parameters of the shapes it is made of (sh:or lists,
    sh:not, sh:node, qualified value shapes): together they must cover all the shapes use."""
    shapes = default_shapes()
    _graph, reference = broken
    fired = {f.message for f in reference}
    exercised = {
        parameter
        for shape in shapes.subjects(SH.message)
        if str(shapes.value(shape, SH.message)) in fired
        for parameter in parameters_within(shapes, shape)
    }
    used = {p for p in PARAMETERS if next(shapes.subject_objects(SH[p]), None)}
    assert len(used) == 19
    assert used - exercised == set()


def test_every_sparql_constraint_fires(broken):
    _graph, reference = broken
    fired = {(f.shape, f.message) for f in reference}
    constraints = prepare(default_shapes()).sparql
    assert len(constraints) == 11
    silent = [c.message for c in constraints if (c.shape, c.message) not in fired]
    assert not silent, f"constraints the broken documents do not exercise: {silent}"


def parameters_within(shapes: Graph, shape, seen: set | None = None) -> set[str]:
    seen = set() if seen is None else seen
    seen.add(shape)
    found = {p for p in PARAMETERS if (shape, SH[p], None) in shapes}
    for p in ("not", "node", "qualifiedValueShape", "or", "and", "xone"):
        for inner in shapes.objects(shape, SH[p]):
            members = Collection(shapes, inner) if p in ("or", "and", "xone") else [inner]
            for member in members:
                if isinstance(member, BNode | URIRef) and member not in seen:
                    found |= parameters_within(shapes, member, seen)
    return found
