"""Quality tests for the ontology, the SKOS vocabularies and the SHACL shapes.

The ontology (ontology/munikg.ttl), the concept schemes (ontology/vocab/*.ttl) and the shapes
(shapes/*.ttl) must describe exactly what src/munikg/emit.py produces. These tests check that
every term is declared and documented, that the ontology is consistent under OWL 2 RL, and that
the example data in tests/data/examples/ (the valid example is checked against the emitter's own
output) validates or fails with the expected messages.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path

import owlrl
import pyshacl
import pytest
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib import namespace as ns
from rdflib.collection import Collection
from rdflib.compare import graph_diff, isomorphic
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SH, SKOS

from munikg.emit import EmittedDocument, emit_document
from munikg.model import (
    Activity,
    Agreement,
    Budget,
    Department,
    DocumentHeading,
    DocumentInfo,
    Event,
    Indicator,
    Location,
    Observation,
    Organization,
    ParseResult,
    Period,
    Plan,
    PlanElement,
    Project,
    Residue,
    Span,
    Survey,
    TextSection,
    ThemeAssignment,
)
from munikg.normalize import QUALITATIVE, STATUSES, UNITS
from munikg.terms import MK, PREFIXES, VOCAB

ROOT = Path(__file__).parents[1]
ONTOLOGY = ROOT / "ontology" / "munikg.ttl"
VOCAB_DIR = ROOT / "ontology" / "vocab"
SHAPES_DIR = ROOT / "shapes"
EXAMPLES = ROOT / "tests" / "data" / "examples"
EMIT_SOURCE = ROOT / "src" / "munikg" / "emit.py"

ONTOLOGY_IRI = URIRef("https://w3id.org/munikg/def")
MKX = Namespace("https://w3id.org/munikg/shapes#")
OWLRL_ERRORS = Namespace("http://www.daml.org/2002/03/agents/agent-ont#")
DECLARATIONS = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)

# The keys parsers emit, per concept scheme: the vocabularies must spell them exactly so.
# (Other schemes, such as policy-theme, are owned elsewhere and checked only generically.)
SCHEME_KEYS = {
    "progress-status": set(STATUSES.values()),
    "observation-role": {"baseline", "target", "expected", "actual"},
    "qualitative-value": set(QUALITATIVE.values()) | {"described"},
    # copy: 部 (a parser's own counter); score, ratio: survey scores and ratios, read by column.
    "unit": set(UNITS.values()) | {"copy", "score", "ratio"},
    "document-family": {
        "administrative-report",
        "strategy-evaluation",
        "strategy-progress",
        "comprehensive-plan",
        "it-action-plan",
    },
    "plan-kind": {
        "comprehensive-plan",
        "revitalisation-strategy",
        "action-plan",
        "sector-plan",
        "implementation-plan",
        "guideline",
        "recommendation",
    },
    "agreement-kind": {
        "comprehensive-partnership",
        "cooperation",
        "sister-city",
        "friendship-city",
        "friendly-exchange-city",
        "partner-exchange-city",
        "disaster-support",
        "memorandum",
    },
    "partner-kind": {
        "university",
        "company",
        "cooperative",
        "financial-institution",
        "association",
        "government-body",
        "municipality",
        "school-corporation",
        "public-interest-corporation",
        "media",
    },
    "section-kind": {
        "evaluation",
        "policy-direction",
        "basic-policy",
        "achievements",
        "issue",
        "vision",
        "purpose",
        "content",
        "verification",
        "note",
        "caption",
        "description",
        "achievement-status",
        "unclassified",
    },
    "activity-kind": {"topic", "subtopic", "item"},
}
YEN_MULTIPLIERS = {
    "thousand-yen": Decimal(1000),
    "million-yen": Decimal(1_000_000),
    "hundred-million-yen": Decimal(100_000_000),
}


# -- loading ---------------------------------------------------------------------------------------


def parse(*paths: Path) -> Graph:
    graph = Graph()
    for path in paths:
        graph.parse(path, format="turtle")
    return graph


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return parse(ONTOLOGY)


@pytest.fixture(scope="module")
def vocab() -> Graph:
    return parse(*sorted(VOCAB_DIR.glob("*.ttl")))


@pytest.fixture(scope="module")
def ont_graph() -> Graph:
    """What the validator gets as pyshacl's ont_graph: the ontology and every vocabulary."""
    return parse(ONTOLOGY, *sorted(VOCAB_DIR.glob("*.ttl")))


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return parse(*sorted(SHAPES_DIR.rglob("*.ttl")))


def validate(data: Graph, shapes: Graph, ont_graph: Graph) -> set[tuple[str, str]]:
    """(severity local name, message) of every validation result; the validator's call."""
    _, report, _ = pyshacl.validate(
        data,
        shacl_graph=shapes,
        ont_graph=ont_graph,
        inference="none",
        advanced=True,
    )
    results = set()
    for result in report.subjects(RDF.type, SH.ValidationResult):
        severity = report.value(result, SH.resultSeverity)
        messages = list(report.objects(result, SH.resultMessage))
        # munikg.validate reports one message per result: a result must not carry two.
        assert len(messages) == 1, f"result with messages {messages}"
        results.add((severity.removeprefix(str(SH)), str(messages[0])))
    return results


def mk_terms(graph: Graph) -> set[URIRef]:
    return {s for s in graph.subjects() if isinstance(s, URIRef) and s.startswith(str(MK))}


def declared(ontology: Graph) -> set[URIRef]:
    return {s for kind in DECLARATIONS for s in ontology.subjects(RDF.type, kind)}


def literals(graph: Graph, subject: URIRef, predicate: URIRef, lang: str) -> list[Literal]:
    return [o for o in graph.objects(subject, predicate) if getattr(o, "language", None) == lang]


# -- ontology --------------------------------------------------------------------------------------


def test_ontology_metadata(ontology: Graph) -> None:
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in ontology
    assert ontology.value(ONTOLOGY_IRI, OWL.versionInfo) == Literal("0.1.0")
    assert ontology.value(ONTOLOGY_IRI, OWL.versionIRI) == URIRef(f"{ONTOLOGY_IRI}/0.1.0")
    assert literals(ontology, ONTOLOGY_IRI, DCTERMS.title, "ja")
    assert literals(ontology, ONTOLOGY_IRI, DCTERMS.title, "en")
    assert literals(ontology, ONTOLOGY_IRI, DCTERMS.description, "en")
    assert ontology.value(ONTOLOGY_IRI, DCTERMS.license) == URIRef(
        "https://creativecommons.org/licenses/by/4.0/"
    )
    assert ontology.value(ONTOLOGY_IRI, DCTERMS.creator) == Literal("munikg developers")
    created = ontology.value(ONTOLOGY_IRI, DCTERMS.created)
    assert created is not None and created.datatype == ns.XSD.date


def test_every_term_is_declared_once(ontology: Graph) -> None:
    for term in mk_terms(ontology):
        kinds = [kind for kind in DECLARATIONS if (term, RDF.type, kind) in ontology]
        assert len(kinds) == 1, f"{term} is declared as {kinds}"


def test_every_term_is_documented(ontology: Graph) -> None:
    for term in mk_terms(ontology):
        assert len(literals(ontology, term, RDFS.label, "ja")) == 1, f"{term}: rdfs:label @ja"
        assert len(literals(ontology, term, RDFS.label, "en")) == 1, f"{term}: rdfs:label @en"
        assert literals(ontology, term, SKOS.definition, "en"), f"{term}: skos:definition @en"
        assert (term, RDFS.isDefinedBy, ONTOLOGY_IRI) in ontology, f"{term}: rdfs:isDefinedBy"


def test_every_mk_term_the_ontology_mentions_is_declared(ontology: Graph) -> None:
    mentioned = {
        node
        for triple in ontology
        for node in triple
        if isinstance(node, URIRef) and node.startswith(str(MK))
    }
    assert mentioned <= declared(ontology), mentioned - declared(ontology)


def test_every_class_and_property_emit_uses_is_declared(ontology: Graph) -> None:
    names = set(re.findall(r"\bMK\.([A-Za-z_]\w*)", EMIT_SOURCE.read_text(encoding="utf-8")))
    assert names, "no MK.xxx found in emit.py"
    missing = {name for name in names if MK[name] not in declared(ontology)}
    assert not missing, f"used in emit.py but not declared in munikg.ttl: {sorted(missing)}"
    for name in names:
        kinds = set(ontology.objects(MK[name], RDF.type))
        if name[0].isupper():
            assert OWL.Class in kinds, f"mk:{name} should be an owl:Class"
        else:
            assert kinds & {OWL.ObjectProperty, OWL.DatatypeProperty}, f"mk:{name}: a property"


def test_every_scheme_emit_uses_exists(vocab: Graph) -> None:
    schemes = set(re.findall(r'\bconcept\(\s*"([a-z-]+)"', EMIT_SOURCE.read_text(encoding="utf-8")))
    assert schemes
    for name in schemes:
        assert (VOCAB[name], RDF.type, SKOS.ConceptScheme) in vocab, name


def test_external_terms_are_declared(ontology: Graph) -> None:
    """Classes and properties of other vocabularies that the ontology builds on."""
    for term in (
        URIRef("http://www.w3.org/ns/org#Organization"),
        URIRef("http://www.w3.org/ns/org#OrganizationalUnit"),
        URIRef("https://schema.org/GovernmentOrganization"),
        URIRef("https://schema.org/Event"),
        URIRef("http://www.w3.org/ns/prov#Entity"),
        URIRef("http://purl.org/linked-data/cube#Observation"),
        URIRef("http://www.w3.org/ns/dcat#Resource"),
        ns.TIME.ProperInterval,
        ns.TIME.Instant,
        SKOS.Concept,
    ):
        assert (term, RDF.type, OWL.Class) in ontology, term


def owl_rl_closure(graph: Graph) -> Graph:
    closed = Graph()
    for triple in graph:
        closed.add(triple)
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(closed)
    return closed


def assert_owl_rl_clean(closed: Graph) -> None:
    errors = [
        str(closed.value(e, OWLRL_ERRORS.error))
        for e in closed.subjects(RDF.type, OWLRL_ERRORS.ErrorMessage)
    ]
    assert not errors, errors
    assert not list(closed.subjects(RDF.type, OWL.Nothing))
    unsatisfiable = {c for c in closed.subjects(RDFS.subClassOf, OWL.Nothing) if c != OWL.Nothing}
    assert not unsatisfiable, unsatisfiable
    assert not [s for s, o in closed.subject_objects(OWL.differentFrom) if s == o]


def test_ontology_and_vocabularies_are_consistent_under_owl_rl(ont_graph: Graph) -> None:
    assert_owl_rl_clean(owl_rl_closure(ont_graph))


def test_owl_rl_draws_no_wrong_inferences_from_example(ont_graph: Graph) -> None:
    """Domains and ranges hold for every use: reasoning over the example adds no mk: class
    that the asserted classes do not already imply, and no disjointness clash."""
    data = parse(EXAMPLES / "valid.ttl")
    closed = owl_rl_closure(ont_graph + data)
    assert_owl_rl_clean(closed)
    for subject in set(data.subjects(RDF.type, None)):
        asserted = set(data.objects(subject, RDF.type))
        implied = {
            c
            for a in asserted
            for c in ont_graph.transitive_objects(a, RDFS.subClassOf)
            if c.startswith(str(MK))
        }
        inferred = {c for c in closed.objects(subject, RDF.type) if c.startswith(str(MK))}
        assert inferred == implied, f"{subject}: inferred {inferred - implied}"


# -- vocabularies ----------------------------------------------------------------------------------


SCHEME_NAMES = sorted(path.stem for path in VOCAB_DIR.glob("*.ttl"))


def concept_keys(vocab: Graph, name: str) -> set[str]:
    scheme = VOCAB[name]
    return {str(c).removeprefix(f"{scheme}/") for c in vocab.subjects(SKOS.inScheme, scheme)}


def test_vocab_files_are_one_scheme_each() -> None:
    assert set(SCHEME_KEYS) <= set(SCHEME_NAMES)
    for name in SCHEME_NAMES:
        scheme_graph = parse(VOCAB_DIR / f"{name}.ttl")
        assert set(scheme_graph.subjects(RDF.type, SKOS.ConceptScheme)) == {VOCAB[name]}


@pytest.mark.parametrize("name", sorted(SCHEME_KEYS))
def test_scheme_has_exactly_the_keys_parsers_emit(vocab: Graph, name: str) -> None:
    assert concept_keys(vocab, name) == SCHEME_KEYS[name]


@pytest.mark.parametrize("name", SCHEME_NAMES)
def test_scheme_is_well_formed(vocab: Graph, name: str) -> None:
    scheme = VOCAB[name]
    concepts = set(vocab.subjects(SKOS.inScheme, scheme))
    assert concepts
    for concept in concepts:
        assert str(concept).startswith(f"{scheme}/"), concept
        assert (concept, RDF.type, SKOS.Concept) in vocab
        # pyshacl deep-copies named individuals of its ont_graph, recursively: keep them out.
        assert (concept, RDF.type, OWL.NamedIndividual) not in vocab, concept
        assert len(set(vocab.objects(concept, SKOS.inScheme))) == 1
        if (concept, SKOS.broader, None) in vocab:
            broader = vocab.value(concept, SKOS.broader)
            assert (broader, SKOS.inScheme, scheme) in vocab
        else:
            assert (concept, SKOS.topConceptOf, scheme) in vocab, concept
            assert (scheme, SKOS.hasTopConcept, concept) in vocab, concept
    assert set(vocab.objects(scheme, SKOS.hasTopConcept)) <= concepts


def test_every_concept_and_scheme_is_documented(vocab: Graph) -> None:
    nodes = set(vocab.subjects(RDF.type, SKOS.Concept)) | set(
        vocab.subjects(RDF.type, SKOS.ConceptScheme)
    )
    assert len(nodes) == sum(1 + len(concept_keys(vocab, name)) for name in SCHEME_NAMES)
    for node in nodes:
        assert len(literals(vocab, node, SKOS.prefLabel, "ja")) == 1, f"{node}: prefLabel @ja"
        assert len(literals(vocab, node, SKOS.prefLabel, "en")) == 1, f"{node}: prefLabel @en"
        assert literals(vocab, node, SKOS.definition, "en"), f"{node}: skos:definition @en"


def test_scaled_yen_units(vocab: Graph) -> None:
    yen = VOCAB["unit/yen"]
    for key, multiplier in YEN_MULTIPLIERS.items():
        unit = VOCAB[f"unit/{key}"]
        assert vocab.value(unit, SKOS.broader) == yen
        value = vocab.value(unit, MK.yenMultiplier)
        assert value is not None and value.datatype == ns.XSD.decimal
        assert value.toPython() == multiplier


def test_status_alt_labels(vocab: Graph) -> None:
    alt = {
        key: {str(o) for o in vocab.objects(VOCAB[f"progress-status/{key}"], SKOS.altLabel)}
        for key in ("on-track", "roughly-on-track", "behind")
    }
    assert alt == {
        "on-track": {"順調 ↑", "順調 ↗"},
        "roughly-on-track": {"概ね順調 →"},
        "behind": {"遅れ ↓", "遅れ ↘"},
    }


# -- shapes ----------------------------------------------------------------------------------------


def path_terms(shapes: Graph, path: URIRef | BNode) -> Iterator[URIRef]:
    """The properties a SHACL property path mentions."""
    if isinstance(path, URIRef):
        yield path
        return
    if (path, RDF.first, None) in shapes:
        for step in Collection(shapes, path):
            yield from path_terms(shapes, step)
        return
    for predicate in (
        SH.inversePath,
        SH.zeroOrMorePath,
        SH.oneOrMorePath,
        SH.zeroOrOnePath,
        SH.alternativePath,
    ):
        for inner in shapes.objects(path, predicate):
            yield from path_terms(shapes, inner)


def test_every_mk_term_in_the_shapes_is_declared(shapes: Graph, ontology: Graph) -> None:
    classes = set(shapes.objects(None, SH.targetClass)) | set(shapes.objects(None, SH["class"]))
    properties = {
        term for path in shapes.objects(None, SH.path) for term in path_terms(shapes, path)
    }
    properties |= set(shapes.objects(None, SH.targetSubjectsOf))
    for predicate in (SH.lessThanOrEquals, SH.equals, SH.lessThan, SH.disjoint):
        properties |= set(shapes.objects(None, predicate))
    for term in classes:
        assert (term, RDF.type, OWL.Class) in ontology, f"sh:class/targetClass {term}"
    for term in properties:
        if term.startswith(str(MK)):
            assert term in declared(ontology), f"sh:path {term}"
    sparql = " ".join(str(q) for q in shapes.objects(None, SH.select))
    for name in re.findall(r"\bmk:([A-Za-z_]\w*)", sparql):
        assert MK[name] in declared(ontology), f"mk:{name} in a SPARQL constraint"


def test_every_vocab_term_in_the_shapes_exists(shapes: Graph, vocab: Graph) -> None:
    used = {
        node
        for triple in shapes
        for node in triple
        if isinstance(node, URIRef) and node.startswith(str(VOCAB))
    }
    sparql = " ".join(str(q) for q in shapes.objects(None, SH.select))
    used |= {URIRef(iri) for iri in re.findall(r"<(https://w3id\.org/munikg/vocab/[^>]+)>", sparql)}
    assert used
    known = set(vocab.subjects(RDF.type, SKOS.Concept)) | set(
        vocab.subjects(RDF.type, SKOS.ConceptScheme)
    )
    assert used <= known, used - known


def vocabulary_properties(ontology: Graph, vocab: Graph) -> dict[URIRef, URIRef]:
    """Each mk: property whose values are concepts → its scheme (the property's rdfs:seeAlso)."""
    return {
        prop: scheme
        for prop, scheme in ontology.subject_objects(RDFS.seeAlso)
        if (scheme, RDF.type, SKOS.ConceptScheme) in vocab and prop.startswith(str(MK))
    }


def test_vocabulary_values_are_checked_against_their_scheme(
    shapes: Graph, ontology: Graph, vocab: Graph
) -> None:
    """Shapes check concept-scheme membership with sh:in lists (pyshacl does not copy the
    concepts of its ont_graph into the data graph); the lists must follow the vocabularies."""
    properties = vocabulary_properties(ontology, vocab)
    emitted = set(re.findall(r'\bconcept\(\s*"([a-z-]+)"', EMIT_SOURCE.read_text(encoding="utf-8")))
    assert {str(scheme).removeprefix(str(VOCAB)) for scheme in properties.values()} == emitted
    complete = set()
    for shape, listed in shapes.subject_objects(SH["in"]):
        prop = shapes.value(shape, SH.path)
        if prop not in properties:
            continue
        members = set(Collection(shapes, listed))
        concepts = set(vocab.subjects(SKOS.inScheme, properties[prop]))
        assert members <= concepts, f"{prop}: not in {properties[prop]}: {members - concepts}"
        if members == concepts:
            complete.add(prop)
    assert complete == set(properties), f"no complete sh:in list for {set(properties) - complete}"


def test_every_class_emit_instantiates_has_a_shape(shapes: Graph) -> None:
    source = EMIT_SOURCE.read_text(encoding="utf-8")
    classes = {MK[name] for name in re.findall(r"\bMK\.([A-Z]\w*)", source)}
    classes |= {ns.TIME.ProperInterval, ns.TIME.Instant}
    targeted = set(shapes.objects(None, SH.targetClass))
    assert classes <= targeted, classes - targeted


def test_shapes_live_in_the_shapes_namespace(shapes: Graph) -> None:
    for shape in shapes.subjects(RDF.type, SH.NodeShape):
        assert isinstance(shape, URIRef) and shape.startswith(str(MKX)), shape


def test_every_constraint_has_a_message_and_a_severity(shapes: Graph) -> None:
    """Targeted shapes: each constraint has its own sh:message and an explicit sh:severity.
    Untargeted helper shapes (used through sh:node) have no message: pyshacl would add it to
    the result of the shape that uses them, and munikg.validate reports one message only."""
    for shape in shapes.subjects(RDF.type, SH.NodeShape):
        targeted = any(
            (shape, target, None) in shapes
            for target in (SH.targetClass, SH.targetSubjectsOf, SH.targetNode, SH.target)
        )
        if not targeted:
            assert (shape, SH.message, None) not in shapes, shape
            continue
        properties = list(shapes.objects(shape, SH.property))
        for part in properties:
            assert (part, SH.message, None) in shapes, f"{shape}: property without sh:message"
            assert (part, SH.severity, None) in shapes, f"{shape}: property without sh:severity"
        # Node-level constraints (SPARQL, sh:or …) take their severity from the node shape.
        node_level = list(shapes.objects(shape, SH.sparql))
        if any((shape, c, None) in shapes for c in (SH["or"], SH["and"], SH["not"], SH.xone)):
            node_level.append(shape)
        assert properties or node_level, f"{shape}: no constraint"
        for part in node_level:
            assert (part, SH.message, None) in shapes, f"{shape}: constraint without sh:message"
            assert (part, SH.severity, None) not in shapes or part == shape, part
        if node_level:
            assert (shape, SH.severity, None) in shapes, f"{shape}: no explicit sh:severity"


# -- example data ----------------------------------------------------------------------------------


def example_document() -> tuple[DocumentInfo, ParseResult, int, int, list[Location], str]:
    """Records of one (made-up) PDF document with an instance of every class, its 55 lines
    on two pages of 30 lines.

    tests/data/examples/valid.ttl is exactly what emit.py makes of these records.
    """
    info = DocumentInfo(
        file="example-report.pdf",
        city_name="水戸市",
        city_code="082015",
        family="administrative-report",
        title="令和6年度 水戸市事務報告書（例）",
        fiscal_year=2024,
        publisher="水戸市",
    )
    fy2018, fy2022, fy2024 = (Period.fiscal_year(y) for y in (2018, 2022, 2024))
    records = [
        DocumentHeading("令和6年度 水戸市事務報告書", Span.line(1)),
        Department("政策企画課", Span.line(3)),
        Department("交通政策課", Span.line(4)),
        Organization(
            "org:ibaraki-u", "茨城大学", "university", Span.line(5), legal_form="国立大学法人"
        ),
        Organization(
            "org:anaheim", "アナハイム市", "municipality", Span.line(6), country="アメリカ合衆国"
        ),
        Organization("org:hitachi", "日立市", "municipality", Span.line(7)),
        Plan(
            "plan:comprehensive",
            "水戸市第7次総合計画",
            "comprehensive-plan",
            Span.line(8),
            period=Period(date(2024, 4, 1), date(2034, 3, 31)),
        ),
        PlanElement("field:6", "field", "6", "協働・行政経営", "plan:comprehensive", Span.line(9)),
        PlanElement("policy:6-1", "policy", "1", "コミュニティ活動", "field:6", Span.line(10)),
        PlanElement(
            "initiative:6-1-1",
            "initiative",
            "1",
            "組織や活動の活性化・透明化",
            "policy:6-1",
            Span.line(11),
        ),
        Plan(
            "plan:strategy",
            "水戸市まち・ひと・しごと創生総合戦略（第2次）",
            "revitalisation-strategy",
            Span.line(13),
            period=Period(date(2020, 4, 1), date(2025, 3, 31)),
            parent="plan:comprehensive",
        ),
        PlanElement(
            "goal:1",
            "basic-goal",
            "I",
            "生き生きと働けるしごとを創る",
            "plan:strategy",
            Span.line(14),
            subtitle="地域経済の活性化",
        ),
        TextSection(
            "goal:1",
            "evaluation",
            "KPIについては概ね順調に推移している。",
            Span(15, 16),
            title="取組の概要と評価",
        ),
        Indicator(
            "nt:1",
            "生産年齢人口の就業率",
            "numerical-target",
            Span.line(18),
            unit="percent",
            members_of=("goal:1",),
        ),
        Observation(
            "nt:1",
            "target",
            "72.0 (2020年)",
            Span.line(18),
            period=Period.calendar_year(2020),
            value=Decimal("72.0"),
            unit="percent",
        ),
        Observation(
            "nt:1",
            "actual",
            "未算出",
            Span.line(19),
            period=Period.calendar_year(2023),
            qualitative="not-calculated",
        ),
        PlanElement(
            "measure:1-1",
            "measure",
            "(1)",
            "地域経済をけん引する産業競争力の強化",
            "goal:1",
            Span.line(20),
        ),
        Indicator(
            "kpi:1",
            "企業誘致件数",
            "kpi",
            Span.line(21),
            unit="company",
            departments=("政策企画課",),
            members_of=("measure:1-1",),
            lower_is_better=False,
        ),
        Observation(
            "kpi:1",
            "baseline",
            "72社",
            Span.line(21),
            period=fy2018,
            value=Decimal(72),
            unit="company",
        ),
        Observation(
            "kpi:1",
            "target",
            "80社/年 ↓ 90社/年",
            Span.line(21),
            period=fy2024,
            value=Decimal(80),
            unit="company",
            per_year=True,
        ),
        Observation(
            "kpi:1",
            "target",
            "80社/年 ↓ 90社/年",
            Span.line(21),
            period=fy2024,
            value=Decimal(90),
            unit="company",
            per_year=True,
            revision=1,
        ),
        Observation(
            "kpi:1",
            "expected",
            "84",
            Span.line(22),
            period=fy2022,
            value=Decimal(84),
        ),
        Observation(
            "kpi:1",
            "actual",
            "86 順調 ↑",
            Span.line(23),
            period=fy2022,
            value=Decimal(86),
            status="on-track",
            note="第1期・第2期の合計",
        ),
        PlanElement(
            "group:1-1-1",
            "project-group",
            "1",
            "各種産業の競争力強化",
            "measure:1-1",
            Span.line(24),
        ),
        Project(
            "project:1-1-1",
            "企業立地促進事業",
            "project",
            Span.line(25),
            parent="group:1-1-1",
            departments=("政策企画課",),
        ),
        Budget(
            "project:1-1-1",
            2022,
            "12,000 11,500",
            Span.line(25),
            budget_jpy=Decimal(12_000_000),
            settlement_jpy=Decimal(11_500_000),
        ),
        Indicator(
            "oi:6-1",
            "コミュニティ活動の現在の評価",
            "outcome-indicator",
            Span.line(26),
            unit="score",
            members_of=("policy:6-1",),
        ),
        Observation(
            "oi:6-1",
            "actual",
            "3.2",
            Span.line(26),
            period=fy2022,
            value=Decimal("3.2"),
            unit="score",
            component="現在の評価",
        ),
        Indicator(
            "ti:6-1",
            "自治会加入率",
            "target-indicator",
            Span.line(27),
            unit="percent",
            members_of=("policy:6-1",),
        ),
        Observation(
            "ti:6-1",
            "baseline",
            "58.1%(R3)",
            Span.line(27),
            period=Period.fiscal_year(2021),
            value=Decimal("58.1"),
            unit="percent",
        ),
        Project(
            "project:6-1-1-1",
            "地域コミュニティ支援事業",
            "project",
            Span.line(28),
            parent="initiative:6-1-1",
            number="1",
            departments=("政策企画課",),
            departments_incomplete=True,
            priority=True,
            new=True,
        ),
        Project(
            "project:6-1-1-2",
            "企業立地促進事業",
            "project",
            Span.line(29),
            parent="initiative:6-1-1",
            relisted=True,
        ),
        Plan(
            "plan:it",
            "水戸市情報化推進アクションプラン",
            "action-plan",
            Span.line(31),
            period=Period(date(2022, 4, 1), None),
            parent="plan:comprehensive",
        ),
        PlanElement("theme:1", "theme", "1", "行政サービスのデジタル化", "plan:it", Span.line(32)),
        Project(
            "action:1",
            "電子申請の拡充",
            "action-item",
            Span(33, 34),
            parent="theme:1",
            number="1",
            departments=("政策企画課",),
            continuation="継続",
        ),
        Agreement(
            "agreement:ibaraki-u",
            "茨城大学との包括連携協定",
            "comprehensive-partnership",
            ("org:ibaraki-u",),
            Span.line(36),
            period=Period(date(2024, 7, 1), date(2024, 7, 1)),
        ),
        Agreement(
            "agreement:anaheim",
            "アナハイム市との姉妹都市提携",
            "sister-city",
            ("org:anaheim",),
            Span.line(37),
            period=Period.calendar_year(1976),
        ),
        Event(
            "meeting:1",
            "meeting",
            "第1回庁議",
            Span.line(39),
            period=Period(date(2024, 4, 15), date(2024, 4, 15)),
            department="政策企画課",
            written=True,
            agenda=("令和6年度組織について", "総合計画の進捗について"),
        ),
        Event(
            "exchange:1",
            "exchange",
            "アナハイム市青少年派遣",
            Span.line(40),
            period=Period(date(2024, 7, 20), date(2024, 7, 28)),
            department="政策企画課",
            venue="アナハイム市",
            participants=("org:anaheim",),
        ),
        Event(
            "exchange:2",
            "exchange",
            "日立市との職員交流",
            Span.line(42),
            period=Period(date(2024, 10, 1), date(2024, 10, 1)),
            department="政策企画課",
            venue="日立市",
            participants=("org:hitachi",),
        ),
        Event(
            "meeting:2",
            "meeting",
            "県央地域首長懇話会",
            Span.line(48),
            period=Period(date(2024, 11, 5), date(2024, 11, 5)),
            department="政策企画課",
            venue="土浦市",
        ),
        Event(
            "ceremony:1",
            "ceremony",
            "包括連携協定締結式",
            Span.line(41),
            period=Period(date(2024, 7, 1), date(2024, 7, 1)),
            body="org:ibaraki-u",
            department="政策企画課",
            venue="水戸市役所",
        ),
        Activity(
            "activity:1",
            "topic",
            "自転車利用の促進",
            Span.line(43),
            department="交通政策課",
            number="1",
        ),
        Activity(
            "activity:1-1",
            "subtopic",
            "自転車通行空間の整備",
            Span.line(44),
            department="交通政策課",
            parent="activity:1",
            number="(1)",
        ),
        Activity(
            "activity:1-1-1",
            "item",
            "シェアサイクルの利用",
            Span.line(45),
            department="交通政策課",
            parent="activity:1-1",
            number="ア",
        ),
        Indicator(
            "stat:1",
            "シェアサイクル利用回数",
            "statistic",
            Span.line(46),
            unit="times",
            departments=("交通政策課",),
            subject="activity:1-1-1",
        ),
        Observation(
            "stat:1",
            "actual",
            "12,345回",
            Span.line(46),
            period=Period.calendar_year(2024),
            value=Decimal(12345),
            unit="times",
        ),
        Project(
            "work:1",
            "見川6号線外2路線自転車通行空間整備工事",
            "construction-work",
            Span.line(47),
            parent="activity:1-1",
            departments=("交通政策課",),
            place="河和田町外",
            start=date(2024, 1, 13),
            end=date(2024, 8, 31),
            cost_jpy=Decimal(15_598_000),
        ),
        Survey(
            "survey:1",
            "経済センサス‐活動調査",
            Span(49, 50),
            department="政策企画課",
            reference_period=Period(date(2024, 6, 1), date(2024, 6, 1)),
            reference_text="令和6年6月1日",
            authority="総務省・経済産業省",
            legal_basis=("統計法",),
        ),
    ]
    records += [
        ThemeAssignment(
            "kpi:1",
            "industry-employment",
            "keyword:industry-employment",
            "label: 企業",
            Span.line(21),
        ),
        ThemeAssignment(
            "project:1-1-1",
            "industry-employment",
            "context:industry-employment",
            "project-group「各種産業の競争力強化」: 産業",
            Span.line(24),
        ),
        ThemeAssignment(
            "policy:6-1",
            "community-civic-activity",
            "override",
            "コミュニティ活動の施策",
            Span.line(10),
        ),
    ]
    result = ParseResult()
    for record in records:
        result.add(record)
    result.residue = [
        Residue(2, "水戸市", "publisher line repeated below the title"),
        Residue(52, "以上", "closing remark"),
    ]
    non_blank = len(result.consumed) + len(result.residue)
    locations = [Location(page=1 + n // 30, page_line=1 + n % 30) for n in range(55)]
    return info, result, 55, non_blank, locations, "application/pdf"


VALID_SECTIONS = {
    "Source document and residue lines": (MK.SourceDocument, MK.ResidueLine),
    "The city and its departments": (MK.City, MK.Department),
    "Partner organisations and municipalities": (MK.Partner, MK.Municipality),
    "Plans, plan elements and text sections": (MK.Plan, MK.PlanElement, MK.TextSection),
    "Indicators": (MK.Indicator,),
    "Observations": (MK.Observation,),
    "Projects and budgets": (MK.Project, MK.Budget),
    "Agreements": (MK.Agreement,),
    "Events": (MK.Event,),
    "Reported activities and statistical surveys": (MK.Activity, MK.StatisticalSurvey),
    "Policy themes": (MK.ThemeAssignment,),
    "Periods (OWL-Time)": (ns.TIME.ProperInterval, ns.TIME.Instant),
}
VALID_PREFIXES = ("mk", "dcterms", "org", "prov", "rdfs", "skos", "time", "xsd")


def valid_example_turtle() -> str:
    """valid.ttl as written: emit.py's output for example_document(), grouped by class.

    Regenerate the file after a change to emit.py with
    ``PYTHONPATH=src python tests/test_ontology.py``, and review the diff.
    """
    graph = emit_document(*example_document()).graph
    names = ns.NamespaceManager(Graph(), bind_namespaces="none")
    for prefix in VALID_PREFIXES:
        names.bind(prefix, PREFIXES[prefix])

    def term(node: URIRef | Literal) -> str:
        if isinstance(node, Literal):
            if node.datatype == ns.XSD.decimal and "." not in node:
                return f'"{node}"^^xsd:decimal'  # keep the lexical form emit.py writes
            return node._literal_n3(use_plain=True, qname_callback=names.normalizeUri)
        return names.normalizeUri(node)

    def block(subject: URIRef) -> str:
        lines = []
        for predicate in sorted(set(graph.predicates(subject)), key=lambda p: (p != RDF.type, p)):
            objects = sorted(term(o) for o in graph.objects(subject, predicate))
            name = "a" if predicate == RDF.type else term(predicate)
            if len(objects) == 1:
                lines.append(f"    {name} {objects[0]}")
            else:
                lines.append(f"    {name}\n" + " ,\n".join(f"        {o}" for o in objects))
        return f"{term(subject)}\n" + " ;\n".join(lines) + " .\n"

    ontology = parse(ONTOLOGY)

    def kinds(subject: URIRef) -> set[URIRef]:
        return {
            c
            for asserted in graph.objects(subject, RDF.type)
            for c in ontology.transitive_objects(asserted, RDFS.subClassOf)
        }

    out = [
        "# A valid document graph: exactly what src/munikg/emit.py makes of the records in\n"
        "# tests/test_ontology.py::example_document (a made-up document with an instance of\n"
        "# every class). It validates against shapes/ with no violation and no warning.\n"
        "# Regenerate: PYTHONPATH=src python tests/test_ontology.py\n",
        "".join(f"@prefix {p}: <{PREFIXES[p]}> .\n" for p in VALID_PREFIXES),
    ]
    done: set[URIRef] = set()
    typed = set(graph.subjects(RDF.type, None))
    for title, classes in VALID_SECTIONS.items():
        subjects = sorted(s for s in typed - done if kinds(s) & set(classes))
        done.update(subjects)
        rule = "# " + "-" * 94
        out.append(f"{rule}\n# {title}\n{rule}\n\n" + "\n".join(block(s) for s in subjects))
    assert set(graph.subjects()) <= done, set(graph.subjects()) - done
    return "\n".join(out)


def test_valid_example_is_what_emit_produces() -> None:
    emitted = emit_document(*example_document()).graph
    written = parse(EXAMPLES / "valid.ttl")
    if not isomorphic(emitted, written):
        _, only_emitted, only_written = graph_diff(emitted, written)
        pytest.fail(
            "tests/data/examples/valid.ttl differs from emit.py's output; if emit.py changed on "
            "purpose, regenerate it with: PYTHONPATH=src python tests/test_ontology.py\n"
            f"only emitted:\n{only_emitted.serialize(format='nt')}\n"
            f"only in valid.ttl:\n{only_written.serialize(format='nt')}"
        )


def test_emitted_ntriples_are_the_bytes_rdflib_writes() -> None:
    """The build writes a document's N-Triples itself, without an rdflib Graph: the same lines,
    for every kind of term emit.py makes and for each character N-Triples escapes."""
    example = emit_document(*example_document())
    escaped = (MK.example, RDFS.comment, Literal('a "quoted"\\path\nnext\rline', lang="ja"))
    for emitted in (example, EmittedDocument(example.triples | {escaped}, example.reference)):
        written = emitted.graph.serialize(format="nt", encoding="utf-8").splitlines(True)
        assert emitted.ntriples() == b"".join(sorted(line for line in written if line.strip()))


def test_valid_example_has_an_instance_of_every_class(ontology: Graph) -> None:
    data = parse(EXAMPLES / "valid.ttl")
    instantiated = {
        c
        for asserted in set(data.objects(None, RDF.type))
        for c in ontology.transitive_objects(asserted, RDFS.subClassOf)
    }
    classes = {c for c in ontology.subjects(RDF.type, OWL.Class) if c.startswith(str(MK))}
    assert classes <= instantiated, classes - instantiated


def test_valid_example_conforms(shapes: Graph, ont_graph: Graph) -> None:
    assert validate(parse(EXAMPLES / "valid.ttl"), shapes, ont_graph) == set()


OBSERVATION_WITHOUT_ROLE = (
    "Violation",
    "Observation must have exactly one role (mk:role): every value must say whether it is a "
    "baseline, target, expected or actual value.",
)
ROLE_FROM_WRONG_SCHEME = (
    "Violation",
    "Observation role is not a concept of the observation-role scheme "
    "(baseline, target, expected, actual).",
)
SETTLED_ABOVE_BUDGET = (
    "Warning",
    "Budget settles more than was budgeted: the settled amount (決算額) is greater than the "
    "budget amount (予算額); check that the columns were not swapped.",
)
OBSERVATION_WITHOUT_PERIOD = (
    "Warning",
    "Observation has no period: every value must say which fiscal or calendar year it refers to.",
)
OBSERVATION_WITHOUT_VALUE = (
    "Violation",
    "Observation has neither a number (mk:value) nor a qualitative value (mk:qualitativeValue): "
    "when the source gives no number, say why with a qualitative value such as not-calculated or "
    "no-value.",
)
EXTRACTED_WITHOUT_SOURCE = (
    "Violation",
    "Extracted resource must point to exactly one source document "
    "(prov:wasDerivedFrom a mk:SourceDocument): every fact must be traceable to the document it "
    "was read from.",
)
LINE_RANGE_REVERSED = (
    "Violation",
    "Extracted resource ends before it starts: its last source line (mk:sourceLineEnd) is smaller "
    "than its first (mk:sourceLine).",
)
INDICATOR_WITHOUT_UNIT = (
    "Warning",
    "Indicator has no unit: say what its values count or measure (mk:unit), e.g. persons, cases "
    "or percent.",
)
LINES_LOST = (
    "Violation",
    "Source document loses lines silently: consumed lines plus residue lines are fewer than its "
    "non-blank lines, so some line is neither parsed nor reported as residue.",
)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("broken-observation-no-role", {OBSERVATION_WITHOUT_ROLE}),
        ("broken-observation-role-wrong-scheme", {ROLE_FROM_WRONG_SCHEME}),
        ("broken-budget-settled-above-budget", {SETTLED_ABOVE_BUDGET}),
        ("broken-observation-no-period", {OBSERVATION_WITHOUT_PERIOD}),
        ("broken-observation-no-value", {OBSERVATION_WITHOUT_VALUE}),
        ("broken-provenance", {EXTRACTED_WITHOUT_SOURCE, LINE_RANGE_REVERSED}),
        ("broken-indicator-no-unit", {INDICATOR_WITHOUT_UNIT}),
        ("broken-document-loses-lines", {LINES_LOST}),
    ],
)
def test_broken_example_gives_exactly_the_expected_results(
    shapes: Graph, ont_graph: Graph, name: str, expected: set[tuple[str, str]]
) -> None:
    assert validate(parse(EXAMPLES / f"{name}.ttl"), shapes, ont_graph) == expected


# -- single faults in the valid example ------------------------------------------------------------
#
# Each case changes one thing in valid.ttl and expects exactly one result: this checks that the
# shapes, the SPARQL ones in particular, fire on what they are meant to catch, and only on that.

DCT_IS_PART_OF = DCTERMS.isPartOf
CITY = URIRef("https://w3id.org/munikg/id/city/082015")
OTHER_CITY = URIRef("https://w3id.org/munikg/id/city/082023")


def first(graph: Graph, cls: URIRef) -> URIRef:
    return min(graph.subjects(RDF.type, cls))


def replace(graph: Graph, subject: URIRef, predicate: URIRef, value: URIRef | Literal) -> None:
    graph.set((subject, predicate, value))


def residue_count_off(g: Graph) -> None:
    replace(g, first(g, MK.SourceDocument), MK.residueLineCount, Literal(3))


def line_beyond_end(g: Graph) -> None:
    replace(g, first(g, MK.Plan), MK.sourceLineEnd, Literal(99))


def department_range_reversed(g: Graph) -> None:
    department = first(g, MK.Department)
    start = g.value(department, MK.sourceLine).toPython()
    replace(g, department, MK.sourceLineEnd, Literal(start - 1))


def plan_of_another_city(g: Graph) -> None:
    g.add((OTHER_CITY, RDF.type, MK.City))
    g.add((OTHER_CITY, RDFS.label, Literal("日立市", lang="ja")))
    g.add((OTHER_CITY, MK.localGovernmentCode, Literal("082023")))
    replace(g, first(g, MK.Plan), MK.city, OTHER_CITY)


def budget_in_wrong_year(g: Graph) -> None:
    budget = first(g, MK.Budget)
    replace(g, budget, MK.period, g.value(first(g, MK.SourceDocument), MK.coverage))


def period_reversed(g: Graph) -> None:
    interval = URIRef("https://w3id.org/munikg/id/period/2025-01-01_2024-12-31")
    begin = URIRef("https://w3id.org/munikg/id/instant/2025-01-01")
    end = URIRef("https://w3id.org/munikg/id/instant/2024-12-31")
    g.add((interval, RDF.type, ns.TIME.ProperInterval))
    g.add((interval, ns.TIME.hasBeginning, begin))
    g.add((interval, ns.TIME.hasEnd, end))
    g.add((begin, RDF.type, ns.TIME.Instant))
    g.add((begin, ns.TIME.inXSDDate, Literal("2025-01-01", datatype=ns.XSD.date)))


def theme_without_assignment(g: Graph) -> None:
    g.add((first(g, MK.KPI), MK.theme, VOCAB["policy-theme/transport"]))


def score_out_of_scale(g: Graph) -> None:
    observation = next(
        o for o in g.subjects(MK.unit, VOCAB["unit/score"]) if (o, MK.value, None) in g
    )
    replace(g, observation, MK.value, Literal("7", datatype=ns.XSD.decimal))


def code_with_wrong_check_digit(g: Graph) -> None:
    replace(g, CITY, MK.localGovernmentCode, Literal("082016"))


def partner_of_kind_municipality(g: Graph) -> None:
    replace(g, first(g, MK.Partner), MK.partnerKind, VOCAB["partner-kind/municipality"])


def statistic_with_target(g: Graph) -> None:
    statistic = first(g, MK.Statistic)
    observation = next(g.subjects(MK.indicator, statistic))
    replace(g, observation, MK.role, VOCAB["observation-role/target"])


def unit_from_wrong_scheme(g: Graph) -> None:
    replace(g, first(g, MK.KPI), MK.unit, VOCAB["qualitative-value/installed"])


def measure_under_a_plan(g: Graph) -> None:
    replace(g, first(g, MK.Measure), DCT_IS_PART_OF, first(g, MK.Plan))


SINGLE_FAULTS = {
    residue_count_off: (
        "Violation",
        "Source document's residue line count differs from the number of residue lines in the "
        "graph: every residue line must be listed once.",
    ),
    line_beyond_end: (
        "Violation",
        "A resource of this document (the value) cites a source line beyond the end of the "
        "document: its mk:sourceLine or mk:sourceLineEnd is greater than the document's "
        "mk:lineCount.",
    ),
    department_range_reversed: (
        "Violation",
        "A plan, department, partner, municipality, indicator or theme assignment of this "
        "document (the value) has a first source line with no last source line at or after it: "
        "a line range ends before it starts.",
    ),
    plan_of_another_city: (
        "Violation",
        "A resource of this document (the value) names a different city (mk:city) from the "
        "city that published the document.",
    ),
    budget_in_wrong_year: (
        "Violation",
        "Budget's period is not its fiscal year: fiscal year N must run from N-04-01 to "
        "(N+1)-03-31.",
    ),
    period_reversed: (
        "Violation",
        "Period ends before it begins: the date of time:hasEnd is earlier than the date of "
        "time:hasBeginning.",
    ),
    theme_without_assignment: (
        "Violation",
        "A resource of this document (the value) has a theme that no theme assignment "
        "explains: every mk:theme must have a mk:ThemeAssignment naming the rule that gave it.",
    ),
    score_out_of_scale: (
        "Warning",
        "Score outside the 1–5 scale: an observation of an indicator of this city (the value) in "
        "the unit 'score' (評価点) has a number below 1 or above 5.",
    ),
    code_with_wrong_check_digit: (
        "Violation",
        "Local-government code (the value) fails its check digit: the sixth digit must equal "
        "(11 − (6a + 5b + 4c + 3d + 2e) mod 11) mod 10 of the first five digits; the code is "
        "probably mistyped.",
    ),
    partner_of_kind_municipality: (
        "Violation",
        "Partner organisation has kind 'municipality': a municipality must be typed "
        "mk:Municipality, not mk:Partner.",
    ),
    statistic_with_target: (
        "Warning",
        "Statistic has a target or expected value: an indicator with targets should be typed as "
        "a KPI, numerical target or target indicator.",
    ),
    unit_from_wrong_scheme: (
        "Violation",
        "Indicator may have at most one unit (mk:unit), a concept of the unit scheme.",
    ),
    measure_under_a_plan: (
        "Warning",
        "Measure is not part of a basic goal: a specific measure (具体的施策) normally sits under "
        "a basic goal (基本目標).",
    ),
}


@pytest.mark.parametrize("fault", SINGLE_FAULTS, ids=lambda fault: fault.__name__)
def test_single_fault_gives_exactly_its_result(shapes: Graph, ont_graph: Graph, fault) -> None:
    data = parse(EXAMPLES / "valid.ttl")
    fault(data)
    assert validate(data, shapes, ont_graph) == {SINGLE_FAULTS[fault]}


if __name__ == "__main__":
    (EXAMPLES / "valid.ttl").write_text(valid_example_turtle(), encoding="utf-8")
    print(f"wrote {EXAMPLES / 'valid.ttl'}")
