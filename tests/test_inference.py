"""The inferred-types graph: munikg's rules against owlrl's full OWL RL closure, and in use."""

from __future__ import annotations

from urllib.parse import quote

import owlrl
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF

from munikg import infer
from munikg.validate import ontology

INFERRED = "https://w3id.org/munikg/graph/inferred"
REFERENCE = "https://w3id.org/munikg/graph/reference"
DATA = "https://w3id.org/munikg/id/"
# owlrl also types every individual and states its identity: true of all, informative of none.
TRIVIAL = {(RDF.type, OWL.Thing), (RDF.type, OWL.NamedIndividual)}


def owl_rl_conclusions(data: Graph) -> set:
    """What owlrl's OWL RL closure of ontology + data adds about the data's resources."""
    closed = Graph()
    for triple in ontology():
        closed.add(triple)
    for triple in data:
        closed.add(triple)
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(closed)
    return {
        (s, p, o)
        for s, p, o in closed
        if str(s).startswith(DATA)
        and p != OWL.sameAs
        and (p, o) not in TRIVIAL
        and (s, p, o) not in data
        and (s, p, o) not in ontology()
    }


def test_the_rules_conclude_what_owlrl_concludes_of_a_document(document_build) -> None:
    doc = document_build("hitachi-johoka-action-plan-r2.txt")
    ours = infer.inferred(doc.graph)
    assert ours == owl_rl_conclusions(doc.graph)
    statistic = URIRef(DATA + "city/082023/indicator/" + quote("コピー用紙削減枚数"))
    assert (statistic, RDF.type, URIRef("https://w3id.org/munikg/def#Indicator")) in ours


def test_a_superclass_finds_every_kind_of_indicator(store) -> None:
    counts = {
        str(row["kind"].value).rsplit("#", 1)[-1]: int(row["n"].value)
        for row in store.query(
            """
            PREFIX mk: <https://w3id.org/munikg/def#>
            SELECT ?kind (COUNT(DISTINCT ?x) AS ?n) WHERE {
              { ?x a mk:Indicator BIND ("Indicator" AS ?kind) }
              UNION
              { VALUES ?class { mk:KPI mk:NumericalTarget mk:OutcomeIndicator
                                mk:TargetIndicator mk:Statistic }
                ?x a ?class BIND ("kinds" AS ?kind) }
            } GROUP BY ?kind
            """,
            use_default_graph_as_union=True,
        )
    }
    assert counts["Indicator"] == counts["kinds"] > 100


def test_inferred_and_reference_triples_are_stated_once(store) -> None:
    """Each city and period is in the shared reference graph only, so it is found once."""
    rows = list(
        store.query(
            """
            PREFIX mk: <https://w3id.org/munikg/def#>
            PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
            SELECT ?g ?name WHERE { GRAPH ?g { ?city a mk:City ; rdfs:label ?name } }
            ORDER BY ?name
            """
        )
    )
    assert [(str(r["g"].value), r["name"].value) for r in rows] == [
        (REFERENCE, "つくばみらい市"),
        (REFERENCE, "日立市"),
        (REFERENCE, "水戸市"),
    ]
    inferred_types = store.query(
        f"ASK {{ GRAPH <{INFERRED}> {{ ?s a <https://w3id.org/munikg/def#Indicator> }} }}"
    )
    assert bool(inferred_types)
