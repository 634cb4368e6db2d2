"""The SHACL-SPARQL constraints run by Oxigraph give exactly pyshacl's findings.

The reference is pyshacl alone, on the whole shapes graph, SPARQL constraints included. It is
compared with munikg's validation (pyshacl on the core constraints, Oxigraph on the SPARQL ones)
on bundled documents and on a document broken so that every SPARQL constraint fires.
"""

from __future__ import annotations

import pyshacl
import pytest
from rdflib import Graph

from munikg.validate import (
    Finding,
    default_shapes,
    findings_of,
    ontology,
    prepare,
    validate_graph,
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


def comparable(findings: list[Finding]) -> list[tuple]:
    """Blank-node shapes (nested property shapes) get new labels per parse: compare the rest."""
    return sorted(
        (
            f.severity,
            f.focus,
            f.path or "",
            f.value or "",
            f.message,
            f.shape if "://" in f.shape else "_:",
        )
        for f in findings
    )


def reference_findings(data: Graph) -> list[Finding]:
    _conforms, results, _text = pyshacl.validate(
        data,
        shacl_graph=default_shapes(),
        ont_graph=ontology(),
        inference="none",
        advanced=True,
        allow_warnings=True,
    )
    return findings_of(results)


@pytest.mark.parametrize(
    "file",
    ["hitachi-johoka-action-plan-r2.txt", "tsukubamirai-sogo-senryaku-2-shinchoku-r5.txt"],
)
def test_bundled_document_findings_equal_pyshacl(document_build, file):
    graph = document_build(file).graph
    findings = validate_graph(graph, file, None, default_shapes()).findings
    assert comparable(findings) == comparable(reference_findings(graph))


def test_every_sparql_constraint_gives_pyshacl_findings(document_build):
    graph = Graph()
    graph += document_build("mito-sogo-senryaku-2-hyoka-r4.txt").graph
    graph.update(BREAKAGES)
    findings = validate_graph(graph, "broken", None, default_shapes()).findings
    reference = reference_findings(graph)
    assert comparable(findings) == comparable(reference)
    fired = {(f.shape, f.message) for f in findings}
    constraints = prepare(default_shapes()).sparql
    assert len(constraints) == 11
    silent = [c.message for c in constraints if (c.shape, c.message) not in fired]
    assert not silent, f"constraints the broken document does not exercise: {silent}"
    assert len(findings) > len(constraints)
