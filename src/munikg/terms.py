"""Namespaces and the IRI scheme, shared by the emitter, the validator and the query runner."""

from __future__ import annotations

from urllib.parse import quote

from rdflib import Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, OWL, PROV, RDF, RDFS, SKOS, TIME, VOID, XSD

from munikg.normalize import fold

BASE = "https://w3id.org/munikg/"
MK = Namespace(BASE + "def#")
ID = Namespace(BASE + "id/")
GRAPH = Namespace(BASE + "graph/")
VOCAB = Namespace(BASE + "vocab/")
ORG = Namespace("http://www.w3.org/ns/org#")
QB = Namespace("http://purl.org/linked-data/cube#")
SCHEMA = Namespace("https://schema.org/")

PREFIXES = {
    "mk": MK,
    "id": ID,
    "vocab": VOCAB,
    "org": ORG,
    "qb": QB,
    "schema": SCHEMA,
    "dcterms": DCTERMS,
    "dcat": DCAT,
    "prov": PROV,
    "skos": SKOS,
    "time": TIME,
    "void": VOID,
    "owl": OWL,
    "rdf": RDF,
    "rdfs": RDFS,
    "xsd": XSD,
}


def slug(text: str) -> str:
    """A stable IRI path segment: NFKC, no whitespace, percent-encoded UTF-8."""
    return quote(fold(text), safe="-._~")


def concept(scheme: str, key: str) -> URIRef:
    return VOCAB[f"{scheme}/{key}"]


def scheme(name: str) -> URIRef:
    return VOCAB[name]


def city(code: str) -> URIRef:
    return ID[f"city/{code}"]


def document(stem: str) -> URIRef:
    return ID[f"document/{stem}"]


def graph(stem: str) -> URIRef:
    return GRAPH[stem]


ONTOLOGY_GRAPH = GRAPH["ontology"]
# Cities, municipalities and periods, the same whatever document mentions them.
REFERENCE_GRAPH = GRAPH["reference"]
# What the ontology's axioms imply of the documents' data (munikg.infer).
INFERRED_GRAPH = GRAPH["inferred"]
