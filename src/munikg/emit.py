"""Turn one document's records into the RDF of its named graph.

The emitter knows nothing of text layout: it sees only the records of ``munikg.model``. It mints
IRIs from stable keys (``munikg.terms``), resolves the keys records use to refer to each other,
and attaches provenance (document and line range) to every resource it creates. A reference to
a key no record defines is a parser bug and raises ``EmitError`` naming the source line.

What is the same whatever document mentions it (a municipality as the code table describes it,
a period and its dates) is kept apart as reference triples: they go into one shared graph, so a
query over all documents finds each city and period once.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cached_property, lru_cache

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import to_canonical_graph
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, TIME, XSD

from munikg import terms
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
    Record,
    Residue,
    Span,
    Survey,
    TextSection,
    ThemeAssignment,
)
from munikg.reference import Municipality, Reference, default_reference
from munikg.terms import ID, MK, ORG, concept, slug

Triple = tuple[URIRef | BNode, URIRef, URIRef | BNode | Literal]
# What N-Triples escapes in a literal, as rdflib writes it.
ESCAPES = str.maketrans({"\\": "\\\\", "\n": "\\n", '"': '\\"', "\r": "\\r"})

ELEMENT_CLASSES = {
    "field": MK.Field,
    "basic-goal": MK.BasicGoal,
    "policy": MK.Policy,
    "measure": MK.Measure,
    "initiative": MK.Initiative,
    "theme": MK.Theme,
    "project-group": MK.ProjectGroup,
}
INDICATOR_CLASSES = {
    "kpi": MK.KPI,
    "numerical-target": MK.NumericalTarget,
    "outcome-indicator": MK.OutcomeIndicator,
    "target-indicator": MK.TargetIndicator,
    "statistic": MK.Statistic,
}
PROJECT_CLASSES = {
    "project": MK.Project,
    "action-item": MK.ActionItem,
    "construction-work": MK.ConstructionWork,
}
EVENT_CLASSES = {
    "meeting": MK.Meeting,
    "exchange": MK.ExchangeEvent,
    "ceremony": MK.Ceremony,
}


class EmitError(ValueError):
    """A record refers to something that does not exist; the message names the source line."""


@dataclass(frozen=True)
class EmittedDocument:
    """All of a document's triples (what SHACL checks) and which of them are reference triples.

    A set, not an rdflib Graph: adding to a Graph costs more than emitting, and the build only
    needs the triples written out once, as N-Triples."""

    triples: frozenset[Triple]
    reference: frozenset[Triple]

    @cached_property
    def graph(self) -> Graph:
        """For the callers that work on an rdflib Graph: pyshacl, and the tests."""
        return graph_of(self.triples)

    @cached_property
    def lines(self) -> dict[Triple, str]:
        return ntriples_lines(self.triples)

    def ntriples(self) -> bytes:
        """All the triples as N-Triples, sorted, so that a validator reads them in one order."""
        return "".join(sorted(f"{line} .\n" for line in self.lines.values())).encode("utf-8")

    def document_nquads(self, name: URIRef) -> list[str]:
        """The document graph's N-Quads: its triples but the reference ones."""
        document = (t for t in self.triples if t not in self.reference)
        return nquads(document, name, self.lines)

    def reference_nquads(self) -> list[str]:
        return nquads(self.reference, terms.REFERENCE_GRAPH, self.lines)


def ja(text: str) -> Literal:
    return Literal(text, lang="ja")


def day(value: date) -> Literal:
    return Literal(value.isoformat(), datatype=XSD.date)


def decimal(value: Decimal) -> Literal:
    """In canonical form ("1.7", not "1.70"), so that every store gives back the same text; the
    printed form is kept in mk:rawValue."""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").removesuffix(".")
    return Literal("0" if text == "-0" else text, datatype=XSD.decimal)


@lru_cache(maxsize=4096)
def period_triples(period: Period) -> tuple[URIRef, tuple[Triple, ...]]:
    """An OWL-Time interval shared by every resource that refers to the same days (a document
    refers to a few periods a thousand times)."""
    start = period.start.isoformat()
    end = period.end.isoformat() if period.end else None
    interval = ID[f"period/{start}_{end or 'open'}"]
    triples: list[Triple] = [(interval, RDF.type, TIME.ProperInterval)]
    ends = ((TIME.hasBeginning, start), (TIME.hasEnd, end))
    for link, when in (pair for pair in ends if pair[1]):
        instant = ID[f"instant/{when}"]
        triples += [
            (interval, link, instant),
            (instant, RDF.type, TIME.Instant),
            (instant, TIME.inXSDDate, Literal(when, datatype=XSD.date)),
        ]
    return interval, tuple(triples)


class DocumentEmitter:
    """Emits one document; holds the key → IRI table its records refer through."""

    def __init__(
        self,
        info: DocumentInfo,
        reference: Reference | None = None,
        locations: Sequence[Location | None] = (),
    ) -> None:
        self.info = info
        self.locations = locations
        self.reference = reference or default_reference()
        self.city = terms.city(info.city_code)
        self.document = terms.document(info.stem)
        self.iris: dict[str, URIRef] = {}
        self.triples: list[Triple] = []
        self.reference_triples: set[Triple] = set()

    # -- IRIs -------------------------------------------------------------------------------

    def department_iri(self, name: str) -> URIRef:
        return ID[f"city/{self.info.city_code}/department/{slug(name)}"]

    def mint(self, record: Record) -> URIRef | None:
        """The IRI of a keyed record; None for records that are not resources of their own."""
        city_path = f"city/{self.info.city_code}"
        match record:
            case Organization(kind="municipality"):
                known = self.municipality(record.name)
                if known:
                    return terms.city(known.code)
                country = slug(record.country or "unknown")
                return ID[f"municipality/{country}/{slug(record.name)}"]
            case Organization():
                known = self.reference.partner(record.name)
                return ID[f"organization/{slug(known.name if known else record.name)}"]
            case Indicator():
                return ID[f"{city_path}/indicator/{slug(record.label)}"]
            case Plan():
                return ID[f"{city_path}/plan/{slug(record.title)}"]
            case Agreement():
                return ID[f"{city_path}/agreement/{slug(record.key)}"]
            case PlanElement() | Project() | Event() | Activity() | Survey():
                kind = type(record).__name__.lower()
                return ID[f"{city_path}/{self.info.stem}/{kind}/{slug(record.key)}"]
        return None

    def municipality(self, name: str) -> Municipality | None:
        """A Japanese municipality by name, preferring the document city's prefecture."""
        return self.reference.municipality(name, self.info.city_code)

    def ref(self, key: str, span: Span) -> URIRef:
        try:
            return self.iris[key]
        except KeyError:
            raise EmitError(
                f"{self.info.file}:{span.first}: refers to {key!r}, which no record defines"
            ) from None

    def department(self, name: str, span: Span) -> URIRef:
        iri = self.department_iri(name)
        if iri not in self.departments:
            raise EmitError(
                f"{self.info.file}:{span.first}: department {name!r} has no Department record"
            )
        return iri

    # -- emission ---------------------------------------------------------------------------

    def add(self, s: URIRef | BNode, p: URIRef, o: URIRef | BNode | Literal | None) -> None:
        if o is not None:
            self.triples.append((s, p, o))

    def share(self, s: URIRef, p: URIRef, o: URIRef | Literal | None) -> None:
        """A reference triple: stated the same by every document that mentions ``s``."""
        if o is not None:
            self.triples.append((s, p, o))
            self.reference_triples.add((s, p, o))

    def provenance(self, subject: URIRef, span: Span) -> None:
        self.add(subject, PROV.wasDerivedFrom, self.document)
        self.add(subject, MK.sourceLine, Literal(span.first))
        self.add(subject, MK.sourceLineEnd, Literal(span.last))
        self.location(subject, span.first)

    def location(self, subject: URIRef, line: int) -> None:
        """Where the line stands in a PDF, sheet or HTML file (a text file's line is its own)."""
        found = self.locations[line - 1] if line <= len(self.locations) else None
        if found is None:
            return
        for link, value in (
            (MK.sourcePage, found.page),
            (MK.sourcePageLine, found.page_line),
            (MK.sourceSheet, found.sheet),
            (MK.sourceCells, found.cells),
            (MK.sourceMarkupLine, found.markup_line),
        ):
            if value is not None:
                self.add(subject, link, Literal(value))

    def period(self, subject: URIRef, period: Period | None, link: URIRef = MK.period) -> None:
        if period is not None:
            interval, triples = period_triples(period)
            for triple in triples:
                self.share(*triple)
            self.add(subject, link, interval)

    def emit(
        self, result: ParseResult, line_count: int, non_blank: int, media_type: str
    ) -> list[Triple]:
        records = sorted(result.records, key=record_order)
        self.departments = {
            self.department_iri(r.name) for r in records if isinstance(r, Department)
        }
        for record in records:
            iri = self.mint(record)
            if iri is not None:
                key = record.key
                if key in self.iris and self.iris[key] != iri:
                    raise EmitError(
                        f"{self.info.file}:{record.span.first}: key {key!r} is defined twice"
                    )
                self.iris[key] = iri
        self.foreign_municipalities = {
            r.name: self.iris[r.key]
            for r in records
            if isinstance(r, Organization) and r.kind == "municipality" and r.country
        }
        self.emit_document(result.residue, line_count, non_blank, len(result.consumed), media_type)
        for record in records:
            getattr(self, f"emit_{type(record).__name__.lower()}")(record)
        return self.triples

    def emit_document(
        self,
        residue: list[Residue],
        line_count: int,
        non_blank: int,
        consumed: int,
        media_type: str,
    ) -> None:
        doc, info = self.document, self.info
        self.add(doc, RDF.type, MK.SourceDocument)
        self.add(doc, DCTERMS.title, ja(info.title))
        self.add(doc, MK.fileName, Literal(info.file))
        self.add(doc, DCTERMS["format"], Literal(media_type))
        self.add(doc, MK.documentFamily, concept("document-family", info.family))
        self.add(doc, MK.fiscalYear, Literal(info.fiscal_year))
        self.add(doc, DCTERMS.publisher, ja(info.publisher))
        self.add(doc, MK.city, self.city)
        self.add(doc, MK.lineCount, Literal(line_count))
        self.add(doc, MK.nonBlankLineCount, Literal(non_blank))
        self.add(doc, MK.consumedLineCount, Literal(consumed))
        self.add(doc, MK.residueLineCount, Literal(len(residue)))
        self.period(doc, Period.fiscal_year(info.fiscal_year), MK.coverage)
        self.share(self.city, RDF.type, MK.City)
        self.share(self.city, RDFS.label, ja(info.city_name))
        self.share(self.city, MK.localGovernmentCode, Literal(info.city_code))
        for item in residue:
            node = ID[f"document/{info.stem}/residue/{item.line}"]
            self.add(node, RDF.type, MK.ResidueLine)
            self.add(node, MK.residueOf, doc)
            self.add(node, MK.sourceLine, Literal(item.line))
            self.location(node, item.line)
            self.add(node, MK.text, ja(item.text))
            self.add(node, MK.reason, Literal(item.reason))

    def emit_documentheading(self, record: DocumentHeading) -> None:
        self.add(self.document, MK.printedTitle, ja(record.text))

    def emit_department(self, record: Department) -> None:
        iri = self.department_iri(record.name)
        self.add(iri, RDF.type, MK.Department)
        self.add(iri, RDFS.label, ja(record.name))
        self.add(iri, ORG.unitOf, self.city)
        self.add(self.city, ORG.hasUnit, iri)
        self.provenance(iri, record.span)

    def emit_organization(self, record: Organization) -> None:
        """The registry's decisions (canonical name, kind, legal form) win over the text's."""
        iri = self.iris[record.key]
        name, kind, legal_form = record.name, record.kind, record.legal_form
        if kind == "municipality":
            known = self.municipality(name)
            if known:
                self.describe_municipality(iri, known)
            else:
                self.add(iri, RDF.type, MK.Municipality)
                self.add(iri, RDFS.label, ja(name))
        else:
            partner = self.reference.partner(name)
            if partner:
                name, kind = partner.name, partner.kind
                legal_form = legal_form or partner.legal_form
            self.add(iri, RDF.type, MK.Partner)
            self.add(iri, RDFS.label, ja(name))
        self.add(iri, MK.partnerKind, concept("partner-kind", kind))
        if legal_form:
            self.add(iri, MK.legalForm, ja(legal_form))
        if record.country:
            self.add(iri, MK.country, ja(record.country))
        self.provenance(iri, record.span)

    def describe_municipality(self, iri: URIRef, known: Municipality) -> None:
        """A Japanese municipality as the reference table names it, the same IRI everywhere."""
        self.share(iri, RDF.type, MK.Municipality)
        self.share(iri, RDFS.label, ja(known.name))
        self.share(iri, MK.localGovernmentCode, Literal(known.code))
        self.share(iri, MK.prefecture, ja(known.prefecture))

    def emit_plan(self, record: Plan) -> None:
        iri = self.iris[record.key]
        self.add(iri, RDF.type, MK.Plan)
        self.add(iri, RDFS.label, ja(record.title))
        self.add(iri, MK.planKind, concept("plan-kind", record.kind))
        self.add(iri, MK.city, self.city)
        self.period(iri, record.period)
        if record.parent:
            self.add(iri, DCTERMS.isPartOf, self.ref(record.parent, record.span))
        self.provenance(iri, record.span)

    def emit_planelement(self, record: PlanElement) -> None:
        iri = self.iris[record.key]
        self.add(iri, RDF.type, ELEMENT_CLASSES[record.kind])
        self.add(iri, RDFS.label, ja(record.title))
        self.add(iri, MK.number, Literal(record.number))
        if record.subtitle:
            self.add(iri, MK.subtitle, ja(record.subtitle))
        self.add(iri, DCTERMS.isPartOf, self.ref(record.parent, record.span))
        self.provenance(iri, record.span)

    def emit_textsection(self, record: TextSection) -> None:
        subject = self.ref(record.subject, record.span)
        iri = URIRef(f"{subject}/text/{record.kind}-{record.span.first}")
        self.add(iri, RDF.type, MK.TextSection)
        self.add(iri, MK.describes, subject)
        self.add(iri, MK.sectionKind, concept("section-kind", record.kind))
        if record.title:
            self.add(iri, DCTERMS.title, ja(record.title))
        self.add(iri, MK.text, ja(record.text))
        self.provenance(iri, record.span)

    def emit_indicator(self, record: Indicator) -> None:
        iri = self.iris[record.key]
        self.add(iri, RDF.type, INDICATOR_CLASSES[record.kind])
        self.add(iri, RDFS.label, ja(record.label))
        self.add(iri, MK.city, self.city)
        if record.unit:
            self.add(iri, MK.unit, concept("unit", record.unit))
        for name in record.departments:
            self.add(iri, MK.responsibleUnit, self.department(name, record.span))
        for key in record.members_of:
            self.add(iri, MK.indicatorOf, self.ref(key, record.span))
        if record.subject:
            self.add(iri, MK.figureOf, self.ref(record.subject, record.span))
        if record.lower_is_better is not None:
            self.add(iri, MK.lowerIsBetter, Literal(record.lower_is_better))
        self.provenance(iri, record.span)

    def emit_observation(self, record: Observation) -> None:
        """One resource per document: two reports stating a value for the same period stay two
        observations, each traceable to its own line, even when the values disagree."""
        indicator = self.ref(record.indicator, record.span)
        period = record.period
        when = f"{period.start}_{period.end or 'open'}" if period else "undated"
        parts = [self.info.stem, record.role, when, str(record.revision)]
        if record.component:
            parts.append(slug(record.component))
        iri = URIRef(f"{indicator}/observation/{'-'.join(parts)}")
        self.add(iri, RDF.type, MK.Observation)
        self.add(iri, MK.indicator, indicator)
        self.add(iri, MK.role, concept("observation-role", record.role))
        self.add(iri, MK.revision, Literal(record.revision))
        self.period(iri, period)
        if record.value is not None:
            self.add(iri, MK.value, decimal(record.value))
        if record.unit:
            self.add(iri, MK.unit, concept("unit", record.unit))
        if record.per_year:
            self.add(iri, MK.perYear, Literal(True))
        if record.qualitative:
            self.add(iri, MK.qualitativeValue, concept("qualitative-value", record.qualitative))
        if record.status:
            self.add(iri, MK.progressStatus, concept("progress-status", record.status))
        if record.component:
            self.add(iri, MK.component, ja(record.component))
        if record.note:
            self.add(iri, SKOS.note, ja(record.note))
        self.add(iri, MK.rawValue, Literal(record.raw))
        self.provenance(iri, record.span)

    def emit_project(self, record: Project) -> None:
        iri = self.iris[record.key]
        self.add(iri, RDF.type, PROJECT_CLASSES[record.kind])
        self.add(iri, RDFS.label, ja(record.name))
        self.add(iri, MK.city, self.city)
        if record.parent:
            self.add(iri, DCTERMS.isPartOf, self.ref(record.parent, record.span))
        if record.number:
            self.add(iri, MK.number, Literal(record.number))
        for name in record.departments:
            self.add(iri, MK.responsibleUnit, self.department(name, record.span))
        for flag, prop in (
            (record.departments_incomplete, MK.moreUnitsResponsible),
            (record.priority, MK.priority),
            (record.new, MK.isNew),
            (record.relisted, MK.relisted),
        ):
            if flag:
                self.add(iri, prop, Literal(True))
        if record.place:
            self.add(iri, MK.place, ja(record.place))
        if record.start:
            self.add(iri, MK.startDate, day(record.start))
        if record.end:
            self.add(iri, MK.endDate, day(record.end))
        if record.cost_jpy is not None:
            self.add(iri, MK.costJPY, decimal(record.cost_jpy))
        if record.continuation:
            self.add(iri, MK.continuation, ja(record.continuation))
        self.provenance(iri, record.span)

    def emit_budget(self, record: Budget) -> None:
        project = self.ref(record.project, record.span)
        iri = URIRef(f"{project}/budget/{record.fiscal_year}")
        self.add(iri, RDF.type, MK.Budget)
        self.add(project, MK.budget, iri)
        self.add(iri, MK.fiscalYear, Literal(record.fiscal_year))
        self.period(iri, Period.fiscal_year(record.fiscal_year))
        if record.budget_jpy is not None:
            self.add(iri, MK.budgetAmountJPY, decimal(record.budget_jpy))
        if record.settlement_jpy is not None:
            self.add(iri, MK.settledAmountJPY, decimal(record.settlement_jpy))
        self.add(iri, MK.rawValue, Literal(record.raw))
        self.provenance(iri, record.span)

    def emit_agreement(self, record: Agreement) -> None:
        iri = self.iris[record.key]
        self.add(iri, RDF.type, MK.Agreement)
        self.add(iri, RDFS.label, ja(record.title))
        self.add(iri, MK.agreementKind, concept("agreement-kind", record.kind))
        self.add(iri, MK.city, self.city)
        self.add(iri, MK.party, self.city)
        for key in record.partners:
            self.add(iri, MK.party, self.ref(key, record.span))
        self.period(iri, record.period)
        self.provenance(iri, record.span)

    def emit_event(self, record: Event) -> None:
        iri = self.iris[record.key]
        self.add(iri, RDF.type, EVENT_CLASSES[record.kind])
        self.add(iri, RDFS.label, ja(record.name))
        self.add(iri, MK.city, self.city)
        self.period(iri, record.period)
        if record.body:
            self.add(iri, MK.organizer, self.ref(record.body, record.span))
        if record.department:
            self.add(iri, MK.reportedBy, self.department(record.department, record.span))
        if record.venue:
            self.add(iri, MK.venueName, ja(record.venue))
            known = self.municipality(record.venue)
            if known:
                venue = terms.city(known.code)
                self.add(iri, MK.venue, venue)
                self.describe_municipality(venue, known)
            elif record.venue in self.foreign_municipalities:
                self.add(iri, MK.venue, self.foreign_municipalities[record.venue])
        self.add(iri, MK.heldInWriting, Literal(record.written))
        for item in record.agenda:
            self.add(iri, MK.agendaItem, ja(item))
        for key in record.participants:
            self.add(iri, MK.participant, self.ref(key, record.span))
        self.provenance(iri, record.span)

    def emit_activity(self, record: Activity) -> None:
        iri = self.iris[record.key]
        self.add(iri, RDF.type, MK.Activity)
        self.add(iri, RDFS.label, ja(record.title))
        self.add(iri, MK.activityKind, concept("activity-kind", record.kind))
        self.add(iri, MK.city, self.city)
        if record.number:
            self.add(iri, MK.number, Literal(record.number))
        if record.parent:
            self.add(iri, DCTERMS.isPartOf, self.ref(record.parent, record.span))
        if record.department:
            self.add(iri, MK.reportedBy, self.department(record.department, record.span))
        self.provenance(iri, record.span)

    def emit_survey(self, record: Survey) -> None:
        iri = self.iris[record.key]
        self.add(iri, RDF.type, MK.StatisticalSurvey)
        self.add(iri, RDFS.label, ja(record.name))
        self.add(iri, MK.city, self.city)
        if record.department:
            self.add(iri, MK.reportedBy, self.department(record.department, record.span))
        self.period(iri, record.reference_period)
        if record.reference_text:
            self.add(iri, MK.referenceDateText, ja(record.reference_text))
        if record.authority:
            self.add(iri, MK.authorityName, ja(record.authority))
        for law in record.legal_basis:
            self.add(iri, MK.legalBasis, ja(law))
        self.provenance(iri, record.span)

    def emit_themeassignment(self, record: ThemeAssignment) -> None:
        subject = self.ref(record.subject, record.span)
        theme = concept("policy-theme", record.theme)
        self.add(subject, MK.theme, theme)
        iri = URIRef(f"{subject}/theme/{record.theme}")
        self.add(iri, RDF.type, MK.ThemeAssignment)
        self.add(iri, MK.classifies, subject)
        self.add(iri, MK.assignedTheme, theme)
        self.add(iri, MK.rule, Literal(record.rule))
        self.add(iri, MK.evidence, ja(record.evidence))
        self.provenance(iri, record.span)


def record_order(record: Record) -> tuple:
    """Records emitted in source order, so blank nodes and errors come out the same each run."""
    return (record.span, type(record).__name__)


def emit_document(
    info: DocumentInfo,
    result: ParseResult,
    line_count: int,
    non_blank: int,
    locations: Sequence[Location | None] = (),
    media_type: str = "text/plain",
) -> EmittedDocument:
    """The document's triples, deduplicated.

    ``locations`` are the extracted lines' places in a PDF, sheet or HTML file, by line.
    """
    emitter = DocumentEmitter(info, locations=locations)
    triples = frozenset(emitter.emit(result, line_count, non_blank, media_type))
    return EmittedDocument(triples, frozenset(emitter.reference_triples))


def graph_of(triples: Iterable[Triple]) -> Graph:
    graph = Graph()
    for prefix, namespace in terms.PREFIXES.items():
        graph.bind(prefix, namespace)
    for triple in triples:
        graph.add(triple)
    return graph


def ntriples_lines(triples: Iterable[Triple]) -> dict[Triple, str]:
    """Each triple as an N-Triples line without its final " .", as rdflib writes it; each term
    written once, since a document names the same few subjects and predicates thousands of
    times."""
    written: dict[object, str] = {}
    lines = {}
    for triple in triples:
        parts = []
        for term in triple:
            text = written.get(term)
            if text is None:
                text = written[term] = term_text(term)
            parts.append(text)
        lines[triple] = " ".join(parts)
    return lines


def term_text(term: URIRef | BNode | Literal) -> str:
    if not isinstance(term, Literal):
        return term.n3()
    quoted = f'"{str(term).translate(ESCAPES)}"'
    if term.language:
        return f"{quoted}@{term.language}"
    if term.datatype:
        return f"{quoted}^^<{term.datatype}>"
    return quoted


def nquads(
    triples: Iterable[Triple], name: URIRef, lines: dict[Triple, str] | None = None
) -> list[str]:
    """N-Quads lines in a fixed order: the serialisation that must be byte-identical per run.

    Blank nodes (the ontology's OWL lists) get canonical labels; rdflib's are new each process.
    ``lines``: the triples already written as N-Triples.
    """
    context = f" {name.n3()} .\n"
    triples = list(triples)
    if any(isinstance(term, BNode) for triple in triples for term in triple):
        triples, lines = list(to_canonical_graph(graph_of(triples))), None
    if lines is None:
        lines = ntriples_lines(triples)
    return sorted(lines[triple] + context for triple in triples)
