"""The dataset description: VoID statistics and a DCAT entry for the published graph.

Built from the store (classes and entities, source documents and their cities) and the build
summary (the build date), plus what only the publisher knows: each published graph's triple count
and content digest, and the SPARQL endpoint. It has no blank nodes and only canonical literals, so
the copy a store gives back compares equal to a fresh one when nothing changed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import quote

import pyoxigraph
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, RDFS, VOID, XSD

from munikg import terms
from munikg.terms import ID, MK

DATASET = ID["dataset"]
GRAPH = terms.GRAPH["dataset"]
DISTRIBUTION = ID["dataset/sparql"]
SERVICE = ID["dataset/sparql-service"]
PUBLISHER = ID["agent/munikg"]
LICENSE = URIRef("https://creativecommons.org/licenses/by/4.0/")
SPARQL_PROTOCOL = URIRef("https://www.w3.org/TR/sparql11-protocol/")
TITLE = {
    "ja": "自治体行政ナレッジグラフ munikg",
    "en": "munikg: a knowledge graph of Japanese municipal governance",
}
DESCRIPTION = {
    "ja": "市が公表する総合計画・総合戦略とそのKPI評価・情報化計画・事務報告書から作成した"
    "リンクトデータ。すべての値が出典の行に遡れる。",
    "en": "Linked data from the comprehensive plans, regional-revitalisation strategies and their "
    "KPI evaluations, IT action plans and administrative reports that Japanese cities publish; "
    "every value traces back to its source line.",
}

DOCUMENTS = f"""
PREFIX mk: <https://w3id.org/munikg/def#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?graph ?document ?title ?city ?name WHERE {{
  GRAPH ?graph {{ ?document a mk:SourceDocument ; dcterms:title ?title ; mk:city ?city . }}
  GRAPH <{terms.REFERENCE_GRAPH}> {{ ?city rdfs:label ?name . }}
}}
"""
CLASSES = """
SELECT ?class (COUNT(DISTINCT ?entity) AS ?entities)
WHERE { GRAPH ?graph { ?entity a ?class } } GROUP BY ?class
"""


@dataclass(frozen=True)
class Subset:
    """One published graph, as the description records it."""

    graph: str
    triples: int
    digest: str


def describe(store: pyoxigraph.Store, summary: dict, subsets: list[Subset], endpoint: str) -> Graph:
    """The description graph for ``subsets`` published from ``store`` at ``endpoint``."""
    g = Graph()
    for prefix, namespace in terms.PREFIXES.items():
        g.bind(prefix, namespace)
    sparql = URIRef(endpoint)
    g.add((DATASET, RDF.type, DCAT.Dataset))
    g.add((DATASET, RDF.type, VOID.Dataset))
    for lang, text in TITLE.items():
        g.add((DATASET, DCTERMS.title, Literal(text, lang=lang)))
    for lang, text in DESCRIPTION.items():
        g.add((DATASET, DCTERMS.description, Literal(text, lang=lang)))
    g.add((DATASET, DCTERMS.license, LICENSE))
    g.add((DATASET, DCTERMS.publisher, PUBLISHER))
    g.add((PUBLISHER, RDF.type, FOAF.Agent))
    g.add((PUBLISHER, FOAF.name, Literal("munikg")))
    g.add((DATASET, DCTERMS.modified, timestamp(summary["built_at"])))
    g.add((DATASET, VOID.sparqlEndpoint, sparql))
    g.add((DATASET, DCAT.distribution, DISTRIBUTION))
    g.add((DISTRIBUTION, RDF.type, DCAT.Distribution))
    g.add((DISTRIBUTION, DCAT.accessURL, sparql))
    g.add((DISTRIBUTION, DCAT.accessService, SERVICE))
    g.add((SERVICE, RDF.type, DCAT.DataService))
    g.add((SERVICE, DCAT.endpointURL, sparql))
    g.add((SERVICE, DCAT.servesDataset, DATASET))
    g.add((SERVICE, DCTERMS.conformsTo, SPARQL_PROTOCOL))
    # A triple stated in two documents is counted in both: the store holds it twice.
    g.add((DATASET, VOID.triples, Literal(sum(s.triples for s in subsets))))
    for subset in subsets:
        graph = URIRef(subset.graph)
        g.add((DATASET, VOID.subset, graph))
        g.add((graph, RDF.type, VOID.Dataset))
        g.add((graph, VOID.triples, Literal(subset.triples)))
        g.add((graph, MK.contentDigest, Literal(subset.digest)))
    for row in store.query(DOCUMENTS):
        city = URIRef(row["city"].value)
        g.add((URIRef(row["graph"].value), DCTERMS.source, URIRef(row["document"].value)))
        g.add((URIRef(row["document"].value), DCTERMS.title, literal(row["title"])))
        g.add((URIRef(row["document"].value), MK.city, city))
        g.add((city, RDFS.label, literal(row["name"])))
        g.add((DATASET, DCTERMS.spatial, city))
        g.add((DATASET, VOID.exampleResource, city))
    classes = list(store.query(CLASSES))
    g.add((DATASET, VOID.classes, Literal(len(classes))))
    for row in classes:
        partition = class_partition(row["class"].value)
        g.add((DATASET, VOID.classPartition, partition))
        g.add((partition, VOID["class"], URIRef(row["class"].value)))
        g.add((partition, VOID.entities, Literal(int(row["entities"].value))))
    return g


def timestamp(built_at: str) -> Literal:
    """The build time in the canonical UTC form (``…Z``) that stores give back unchanged."""
    moment = datetime.fromisoformat(built_at).astimezone(UTC)
    lexical = moment.strftime("%Y-%m-%dT%H:%M:%SZ")
    return Literal(lexical, datatype=XSD.dateTime, normalize=False)


def literal(term: pyoxigraph.Literal) -> Literal:
    return Literal(term.value, lang=term.language)


def class_partition(iri: str) -> URIRef:
    """A stable IRI per class: ``…/dataset/class/mk-City`` where a prefix is known."""
    for prefix, namespace in terms.PREFIXES.items():
        if iri.startswith(base := str(namespace)):
            return ID[f"dataset/class/{prefix}-{quote(iri[len(base) :], safe='')}"]
    return ID[f"dataset/class/{quote(iri, safe='')}"]
