"""The inferred-types graph: what the ontology's RDFS and OWL RL axioms say of a document's data.

owlrl closes the ontology's schema (subclasses, subproperties, equivalences, inverses, domains
and ranges: the OWL RL rules scm-*) once per process. Running owlrl over the data as well takes
seconds per document, so the rules that draw conclusions about individuals from one triple and
the closed schema are applied here instead: cax-sco (a type implies its superclasses), prp-spo1
(subproperties), prp-inv1/2 (inverses), prp-dom and prp-rng (domains and ranges). They are the
whole of what OWL RL concludes from munikg's data, as the tests check against owlrl itself.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from functools import cache

import owlrl
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from munikg.validate import ontology

Triple = tuple[URIRef | BNode, URIRef, URIRef | BNode | Literal]

SCHEMA_LINKS = (
    RDFS.subClassOf,
    RDFS.subPropertyOf,
    OWL.equivalentClass,
    OWL.equivalentProperty,
    OWL.inverseOf,
    RDFS.domain,
    RDFS.range,
)
DECLARATIONS = (OWL.Class, RDFS.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
# True of everything, so they say nothing.
UNINFORMATIVE = frozenset({OWL.Thing, RDFS.Resource})


@dataclass(frozen=True)
class Schema:
    """The closed schema, as tables from a class or property to what it implies."""

    superclasses: dict[URIRef, frozenset[URIRef]]
    superproperties: dict[URIRef, frozenset[URIRef]]
    inverses: dict[URIRef, frozenset[URIRef]]
    domains: dict[URIRef, frozenset[URIRef]]
    ranges: dict[URIRef, frozenset[URIRef]]


def table(pairs: Iterable[tuple], skip_same: bool = True) -> dict[URIRef, frozenset[URIRef]]:
    found: dict[URIRef, set[URIRef]] = defaultdict(set)
    for key, value in pairs:
        informative = isinstance(value, URIRef) and value not in UNINFORMATIVE
        if isinstance(key, URIRef) and informative and not (skip_same and key == value):
            found[key].add(value)
    return {key: frozenset(values) for key, values in found.items()}


@cache
def schema() -> Schema:
    closed = Graph()
    for s, p, o in ontology():
        if p in SCHEMA_LINKS or (p == RDF.type and o in DECLARATIONS):
            closed.add((s, p, o))
    owlrl.DeductiveClosure(
        owlrl.OWLRL_Semantics, axiomatic_triples=False, datatype_axioms=False
    ).expand(closed)
    inverse_pairs = list(closed.subject_objects(OWL.inverseOf))
    return Schema(
        superclasses=table(closed.subject_objects(RDFS.subClassOf)),
        superproperties=table(closed.subject_objects(RDFS.subPropertyOf)),
        inverses=table(inverse_pairs + [(o, s) for s, o in inverse_pairs], skip_same=False),
        domains=table(closed.subject_objects(RDFS.domain), skip_same=False),
        ranges=table(closed.subject_objects(RDFS.range), skip_same=False),
    )


def consequences(triple: Triple, rules: Schema) -> Iterable[Triple]:
    s, p, o = triple
    if p == RDF.type:
        for cls in rules.superclasses.get(o, ()):
            yield s, RDF.type, cls
        return
    for cls in rules.domains.get(p, ()):
        yield s, RDF.type, cls
    if not isinstance(o, Literal):
        for cls in rules.ranges.get(p, ()):
            yield o, RDF.type, cls
        for inverse in rules.inverses.get(p, ()):
            yield o, inverse, s
    for larger in rules.superproperties.get(p, ()):
        yield s, larger, o


def inferred(graph: Collection[Triple]) -> frozenset[Triple]:
    """Every triple the rules draw from ``graph`` (an rdflib Graph or a set of triples) that
    neither it nor the ontology states."""
    rules, stated = schema(), ontology()
    found: set[Triple] = set()
    pending = list(graph)
    while pending:
        for conclusion in consequences(pending.pop(), rules):
            if conclusion not in found and conclusion not in graph:
                found.add(conclusion)
                pending.append(conclusion)
    return frozenset(t for t in found if t not in stated)
