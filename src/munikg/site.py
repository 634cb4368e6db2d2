"""``munikg site``: the graph as static HTML, a page per resource, deployable to any web server.

Pages mirror IRIs: ``https://w3id.org/munikg/id/city/082015`` is ``id/city/082015.html`` (and
concepts under ``vocab/`` likewise), so a page and its IRI share a directory and the same relative
links work at both (``munikg serve`` answers the IRI itself with the page). A file is written at
the percent-decoded path, where a web server looks for the URL. The ontology is ``def.html``,
one anchor per term (``def.html#KPI`` for ``mk:KPI``). With ``--base`` every link is that URL
plus the path, and every munikg IRI shown is rewritten to it.

Each page lists the resource's statements with the source document and lines of each (the
``mk:sourceLine`` of the resource in the document graph that states it), and the resources that
link to it. An indicator's page charts its observations (``munikg.charts``); a city's page shows
its KPI dashboard from the saved queries ``kpi-dashboard`` and ``kpis-behind``. Every graph is
read, so reference data is found wherever it is kept; what the inferred graph states is marked as
inferred.

The store is read a resource at a time (``Index``), never whole: memory grows with the pages in
hand, not with the store. The resources' pages are written in batches by worker processes, each
with its own read-only handle on the store, which draws the charts of its pages itself; a page
depends only on the store and its path, so the output does not depend on the number of workers.
"""

from __future__ import annotations

import multiprocessing
import os
import posixpath
import shutil
import tempfile
from collections import defaultdict
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import cache, lru_cache, partial
from pathlib import Path
from sys import intern
from typing import NamedTuple
from urllib.parse import unquote, urlsplit

import pyoxigraph
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import escape
from rdflib import namespace as ns

from munikg import charts, queries, terms
from munikg.resources import PACKAGE_DIR
from munikg.store import open_store

BASE = terms.BASE
ID, VOCAB, DEF, GRAPH = str(terms.ID), str(terms.VOCAB), str(terms.MK), str(terms.GRAPH)
ONTOLOGY = BASE + "def"
INFERRED = str(terms.INFERRED_GRAPH)
MK = DEF
RDF, RDFS, OWL, SKOS = str(ns.RDF), str(ns.RDFS), str(ns.OWL), str(ns.SKOS)
TIME, XSD, DCTERMS = str(ns.TIME), str(ns.XSD), str(ns.DCTERMS)
TYPE = RDF + "type"
LABELS = tuple(
    pyoxigraph.NamedNode(p)
    for p in (RDFS + "label", SKOS + "prefLabel", DCTERMS + "title", MK + "fileName")
)
LINES = (MK + "sourceLine", MK + "sourceLineEnd")
PREFIXES = {prefix: str(namespace) for prefix, namespace in terms.PREFIXES.items()} | {
    "vann": "http://purl.org/vocab/vann/"
}
BY_LENGTH = sorted(PREFIXES.items(), key=lambda p: -len(p[1]))  # the longest namespace first
INCOMING_LIMIT = 100  # links listed per property on the page linked to (a city has thousands)
TERM_KINDS = (
    ("classes", OWL + "Class"),
    ("object properties", OWL + "ObjectProperty"),
    ("datatype properties", OWL + "DatatypeProperty"),
    ("annotation properties", OWL + "AnnotationProperty"),
)
TERM_FIELDS = (
    RDFS + "subClassOf", RDFS + "subPropertyOf", OWL + "equivalentClass",
    OWL + "equivalentProperty", OWL + "inverseOf", RDFS + "domain", RDFS + "range",
    RDFS + "seeAlso",
)  # fmt: skip
TEMPLATES = PACKAGE_DIR / "templates"
CACHE_SIZE = 5_000  # resources whose statements are kept: a batch's pages and what they link to
NAME_CACHE = 50_000  # resources whose labels are kept: every page links to many of the same
SUBJECTS = "SELECT DISTINCT ?s { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } FILTER isIRI(?s) }"
INDICATOR = pyoxigraph.NamedNode(MK + "indicator")
BATCH = 100  # pages a worker writes per task: small enough to share the charts out evenly


class SiteError(Exception):
    """The site cannot be written; the message names the resource or the file."""


class Statement(NamedTuple):
    subject: str
    predicate: str
    term: pyoxigraph.NamedNode | pyoxigraph.BlankNode | pyoxigraph.Literal
    graph: str  # "" for the default graph


@dataclass(frozen=True)
class Link:
    """A term as a page shows it: its Japanese text, English label, link and note."""

    text: str
    href: str | None = None
    en: str = ""
    note: str = ""

    def __html__(self) -> str:
        """The term in a page (Jinja calls this): a link where it has a page or is not munikg's."""
        html = f'<a href="{escape(self.href)}">{escape(self.text)}</a>' if self.href else ""
        html = html or str(escape(self.text))
        if self.en:
            html += f' <span class="en" lang="en">{escape(self.en)}</span>'
        if self.note:
            html += f' <span class="note">{escape(self.note)}</span>'
        return html


@dataclass(frozen=True)
class Facts:
    """What the store states about one resource, read once for all the questions a page asks."""

    statements: list[Statement]  # the default graph's first, then the named graphs' in order
    objects: dict[str, tuple]  # by predicate: each value once, sorted
    lines: dict[str, dict[str, int]]  # by graph: the resource's mk:sourceLine and -End there


class Name(NamedTuple):
    """How a link shows a resource, and whether the store describes it (then it has a page)."""

    ja: str
    en: str
    described: bool


def key(term: object) -> str:
    return term.value if isinstance(term, pyoxigraph.NamedNode) else str(term)


class Index:
    """The store's statements about one resource and the links to it, looked up when a page
    asks. The recent resources' statements and many more resources' labels are kept (the
    ontology's and the vocabularies' stay: every page links to them), so memory is bounded by
    the caches, not by the store."""

    def __init__(self, store: pyoxigraph.Store) -> None:
        self.store = store
        # a statement's graph ranks as in a scan of the whole store: the default graph first
        self.rank = {"": -1} | {key(g): n for n, g in enumerate(store.named_graphs())}
        self.facts = lru_cache(maxsize=CACHE_SIZE)(self.read_facts)
        self.name = lru_cache(maxsize=NAME_CACHE)(self.read_name)

    def read_facts(self, subject: str) -> Facts:
        quads = self.store.quads_for_pattern(term(subject), None, None)
        # stable: keeps the store's order of predicates and objects within a graph
        statements = sorted(map(statement, quads), key=lambda s: self.rank[s.graph])
        objects: dict[str, set] = defaultdict(set)
        lines: dict[str, dict[str, int]] = defaultdict(dict)
        for s in statements:
            objects[s.predicate].add(s.term)
            if s.predicate in LINES:
                lines[s.graph][s.predicate] = int(s.term.value)
        by_predicate = {p: tuple(sorted(found, key=str)) for p, found in objects.items()}
        return Facts(statements, by_predicate, dict(lines))

    def read_name(self, iri: str) -> Name:
        """The Japanese (or language-less) and the English label, each the least value of the
        first label property that has one; only the label statements are read."""
        node = pyoxigraph.NamedNode(iri)
        if next(self.store.quads_for_pattern(node, None, None), None) is None:
            return Name("", "", False)
        ja = en = None
        for predicate in LABELS:
            found = [
                q.object for q in self.store.quads_for_pattern(node, predicate, None)
                if isinstance(q.object, pyoxigraph.Literal)
            ]  # fmt: skip
            if ja is None:
                ja = min((t.value for t in found if t.language in ("ja", None)), default=None)
            if en is None:
                en = min((t.value for t in found if t.language == "en"), default=None)
        return Name(ja or "", en or "", True)

    def out(self, subject: str) -> list[Statement]:
        return self.facts(subject).statements

    def incoming(self, iri: str) -> list[tuple[str, str]]:
        """(subject, predicate) of each statement whose object is ``iri``."""
        if iri.startswith("_:"):
            return []
        quads = self.store.quads_for_pattern(None, None, term(iri))
        return [(key(q.subject), q.predicate.value) for q in quads]

    def lines(self, subject: str, graph: str) -> dict[str, int]:
        return self.facts(subject).lines.get(graph, {})

    def objects(self, subject: str, predicate: str) -> tuple:
        return self.facts(subject).objects.get(predicate, ())

    def first(self, subject: str | None, predicate: str):
        found = self.objects(subject, predicate) if subject else ()
        return found[0] if found else None

    def value(self, subject: str | None, predicate: str) -> str:
        term = self.first(subject, predicate)
        return term.value if term is not None else ""

    def label(self, iri: str, lang: str = "ja") -> str:
        """The label in ``lang`` ("ja", which takes one without a language too, or "en")."""
        name = self.name(iri)
        return name.ja if lang == "ja" else name.en

    def types(self, iri: str) -> list[str]:
        return [t.value for t in self.objects(iri, TYPE) if isinstance(t, pyoxigraph.NamedNode)]

    def subjects(self, predicate: str, iri: str) -> list[str]:
        found = self.store.quads_for_pattern(None, pyoxigraph.NamedNode(predicate), term(iri))
        return sorted({key(q.subject) for q in found})


def term(iri: str) -> pyoxigraph.NamedNode | pyoxigraph.BlankNode:
    return pyoxigraph.BlankNode(iri[2:]) if iri.startswith("_:") else pyoxigraph.NamedNode(iri)


def statement(quad: pyoxigraph.Quad) -> Statement:
    """The quad as a page reads it; the few predicates and graphs held once each (interned)."""
    graph = key(quad.graph_name) if isinstance(quad.graph_name, pyoxigraph.NamedNode) else ""
    return Statement(key(quad.subject), intern(quad.predicate.value), quad.object, intern(graph))


def relative(path: str, here: str) -> str:
    """``posixpath.relpath`` from the directory of ``here`` for paths without ``.`` or ``..``
    segments, without its two ``abspath`` calls (a page has hundreds of links)."""
    folders, parts = here.split("/")[:-1], path.split("/")
    shared = 0
    while shared < min(len(folders), len(parts) - 1) and folders[shared] == parts[shared]:
        shared += 1
    return "../" * (len(folders) - shared) + "/".join(parts[shared:])


def compact(iri: str) -> str:
    for prefix, namespace in BY_LENGTH:
        if iri.startswith(namespace) and iri != namespace:
            return f"{prefix}:{iri[len(namespace) :]}"
    return iri


def page_path(iri: str) -> str:
    """The URL path (percent-encoded, from the site's root) of the page describing ``iri``."""
    if iri.startswith(DEF):
        return "def.html#" + iri[len(DEF) :]
    if iri == ONTOLOGY:
        return "def.html"
    return iri[len(BASE) :] + ".html"


def file_path(url_path: str) -> Path:
    """Where a web server looks for ``url_path``: its percent-decoded segments."""
    segments = unquote(url_path).split("/")
    for segment in segments:
        if segment in ("", ".", "..") or "\0" in segment or len(segment.encode()) > 250:
            raise SiteError(f"{url_path}: no file can hold a page for this IRI path")
    return Path(*segments)


def check_base(base: str | None) -> str | None:
    if base is None:
        return None
    parts = urlsplit(base)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise SiteError(f"--base {base!r}: expected an http(s) URL such as https://example.org/")
    return base if base.endswith("/") else base + "/"


class Renderer:
    """How the pages of one store show its resources: links, labels, sources and charts. Reads
    the store only as a page asks, so a worker process makes one from its own handle cheaply."""

    def __init__(
        self,
        store: pyoxigraph.Store,
        base: str | None = None,
        serving: bool = False,
        cache: charts.Cache | None = None,
    ) -> None:
        self.base = check_base(base)
        self.serving = serving
        self.index = Index(store)
        self.cache = cache or charts.Cache()

    # links -------------------------------------------------------------------------------

    def has_page(self, iri: str) -> bool:
        """Whether ``iri`` is a resource, a concept or a term of munikg that the store describes."""
        ours = (iri.startswith((ID, VOCAB, DEF)) and iri != VOCAB) or iri == ONTOLOGY
        return ours and self.index.name(iri).described

    def href(self, target: str, here: str) -> str:
        """A link from the page at URL path ``here`` to the URL path ``target``."""
        if self.base:
            return self.base + target
        path, sep, fragment = target.partition("#")
        if path == here:
            return f"#{fragment}" if sep else posixpath.basename(path)
        return relative(path, here) + sep + fragment

    def shown(self, iri: str) -> str:
        """The IRI as published: under ``--base`` when given."""
        return self.base + iri[len(BASE) :] if self.base and iri.startswith(BASE) else iri

    def link(self, term: object, here: str) -> Link:
        if isinstance(term, pyoxigraph.Literal):
            datatype = term.datatype.value
            note = (
                f"@{term.language}"
                if term.language
                else ("" if datatype == XSD + "string" else compact(datatype))
            )
            return Link(term.value, note=note)
        if isinstance(term, pyoxigraph.BlankNode):
            return Link("[ ]", note="blank node")
        iri = key(term)
        name = self.index.name(iri)
        text = name.ja or compact(self.shown(iri))
        href = self.href(page_path(iri), here) if self.has_page(iri) else None
        if href is None and not iri.startswith(BASE):
            href = iri
        return Link(text, href, name.en if name.en != text else "")

    def source(self, statement: Statement, here: str) -> Link | None:
        """The document and lines stating ``statement`` (None outside a document graph)."""
        if statement.graph == INFERRED:
            return Link("推論", en="inferred")
        if not statement.graph.startswith(GRAPH):
            return None
        document = ID + "document/" + statement.graph[len(GRAPH) :]
        if not self.has_page(document):
            return None
        lines = self.index.lines(statement.subject, statement.graph)
        start, end = lines.get(MK + "sourceLine"), lines.get(MK + "sourceLineEnd")
        span = "" if start is None else f" L{start}" + (f"–{end}" if end and end != start else "")
        text = (self.index.value(document, MK + "fileName") or compact(document)) + span
        return Link(text, self.href(page_path(document), here))

    # resource pages ----------------------------------------------------------------------

    def render(self, template: str, here: str, **context) -> str:
        return render(template, here, self.base, self.serving, **context)

    def statements(self, iri: str, here: str) -> list[dict]:
        """The resource's values, each once, with every document and lines stating it."""
        grouped: dict[tuple[str, object], list[Link]] = {}
        for statement in self.index.out(iri):
            sources = grouped.setdefault((statement.predicate, statement.term), [])
            source = self.source(statement, here)
            if source and source not in sources:
                sources.append(source)
        rows = [
            {
                "property": self.link(pyoxigraph.NamedNode(p), here),
                "name": compact(p),
                "value": self.link(term, here),
                "sources": sorted(sources, key=lambda s: s.text),
            }
            for (p, term), sources in grouped.items()
        ]
        return sorted(rows, key=lambda r: (r["name"] != "rdf:type", r["name"], r["value"].text))

    def backlinks(self, iri: str, here: str) -> list[dict]:
        by_property: dict[str, set[str]] = defaultdict(set)
        for subject, predicate in self.index.incoming(iri):
            if predicate != TYPE and self.has_page(subject):
                by_property[predicate].add(subject)
        groups = []
        for predicate in sorted(by_property, key=compact):
            links = sorted(
                (self.link(pyoxigraph.NamedNode(s), here) for s in by_property[predicate]),
                key=lambda link: (link.text, link.href or ""),
            )
            groups.append(
                {
                    "property": self.link(pyoxigraph.NamedNode(predicate), here),
                    "links": links[:INCOMING_LIMIT],
                    "more": max(0, len(links) - INCOMING_LIMIT),
                }
            )
        return groups

    def resource_page(self, iri: str, here: str, dashboard: list[dict]) -> str:
        index = self.index
        return self.render(
            "resource.html",
            here,
            iri=self.shown(iri),
            title=index.label(iri) or compact(iri),
            title_en=index.label(iri, "en"),
            types=[self.link(pyoxigraph.NamedNode(t), here) for t in index.types(iri)],
            statements=self.statements(iri, here),
            observations=self.observations(iri, here),
            dashboard=dashboard,
            backlinks=self.backlinks(iri, here),
        )

    def observations(self, indicator: str, here: str) -> list[dict]:
        """Per component, the chart and the table of the indicator's observations."""
        index = self.index
        by_component: dict[str, list[dict]] = defaultdict(list)
        for observation in index.subjects(MK + "indicator", indicator):
            period = index.value(observation, MK + "period")
            start = index.value(index.value(period, TIME + "hasBeginning"), TIME + "inXSDDate")
            end = index.value(index.value(period, TIME + "hasEnd"), TIME + "inXSDDate")
            status = index.first(observation, MK + "progressStatus")
            sources = (self.source(st, here) for st in index.out(observation))
            row = {
                "iri": observation,
                "link": self.link(pyoxigraph.NamedNode(observation), here),
                "role": concept_key(index.value(observation, MK + "role")),
                "role_label": self.link(index.first(observation, MK + "role"), here),
                "revision": int(index.value(observation, MK + "revision") or 0),
                "period": f"{start}/{end}" if end and end != start else start,
                "when": end or start,
                "value": index.value(observation, MK + "value"),
                "raw": index.value(observation, MK + "rawValue"),
                "status": concept_key(status.value if status else ""),
                "status_label": self.link(status, here) if status else None,
                "unit": index.value(observation, MK + "unit"),
                "sources": sorted({s for s in sources if s and s.href}, key=lambda s: s.text)[:1],
            }
            by_component[index.value(observation, MK + "component")].append(row)
        sections = []
        for component, rows in sorted(by_component.items()):
            rows.sort(key=lambda r: (r["when"], r["role"], r["revision"], r["iri"]))
            points = [point(r) for r in rows]
            plotted = [p for p in points if p is not None]
            units = {r["unit"] or index.value(indicator, MK + "unit") for r in rows}
            unit = ", ".join(sorted(index.label(u, "en") or compact(u) for u in units if u))
            sections.append(
                {
                    "component": component,
                    "chart": self.cache.chart(plotted, unit) if plotted else "",
                    "points": len(plotted),
                    "rows": [
                        dict(r, plotted=p is not None) for r, p in zip(rows, points, strict=True)
                    ],
                }
            )
        return sections


class Site(Renderer):
    """The pages of one store: which IRIs have one, the city dashboards and the class lists."""

    def __init__(
        self,
        store: pyoxigraph.Store,
        base: str | None = None,
        serving: bool = False,
        cache: charts.Cache | None = None,
    ) -> None:
        """Reads the store whole (and runs the dashboard queries) here, and never again: a
        server may hand the store to a writer afterwards."""
        super().__init__(store, base, serving, cache)
        subjects = [solution[0].value for solution in store.query(SUBJECTS)]
        self.resources = sorted(s for s in subjects if s.startswith((ID, VOCAB)) and s != VOCAB)
        self.boards = self.dashboards(store)
        self.members = self.classes(store)
        self.routes: dict[str, tuple[str, str]] = {
            "index.html": ("home", ""),
            "def.html": ("ontology", ONTOLOGY),
            "queries.html": ("queries", ""),
        }
        self.routes.update((page_path(iri), ("resource", iri)) for iri in self.resources)
        self.routes.update((class_path(c), ("class", c)) for c in self.members)
        # a web server decodes the path of a request before looking for its file
        self.decoded = {unquote(path): path for path in self.routes}

    def page(self, path: str) -> str:
        """The page at URL path ``path`` (a key of ``routes``)."""
        kind, iri = self.routes[path]
        if kind == "home":
            return self.home_page()
        if kind == "ontology":
            return self.ontology_page()
        if kind == "queries":
            return self.render("queries.html", path, catalogue=queries.catalogue())
        if kind == "class":
            links = [self.link(pyoxigraph.NamedNode(m), path) for m in self.members[iri]]
            title = self.link(pyoxigraph.NamedNode(iri), path)
            return self.render("class.html", path, title=title, members=links)
        return self.resource_page(iri, path, self.boards.get(iri, []))

    def classes(self, store: pyoxigraph.Store) -> dict[str, list[str]]:
        """Each class → the resources (with pages) of that type, sorted."""
        resources = set(self.resources)
        members: dict[str, set[str]] = defaultdict(set)
        for quad in store.quads_for_pattern(None, pyoxigraph.NamedNode(TYPE), None):
            subject = key(quad.subject)
            if isinstance(quad.object, pyoxigraph.NamedNode) and subject in resources:
                members[quad.object.value].add(subject)
        return {kind: sorted(found) for kind, found in sorted(members.items())}

    def home_page(self) -> str:
        here = "index.html"
        classes = [
            (self.link(pyoxigraph.NamedNode(c), here), self.href(class_path(c), here), len(m))
            for c, m in self.members.items()
        ]
        cities = [
            self.link(pyoxigraph.NamedNode(c), here)
            for c in self.index.subjects(TYPE, MK + "City")
            if self.has_page(c)
        ]
        documents = [
            self.link(pyoxigraph.NamedNode(d), here)
            for d in self.index.subjects(TYPE, MK + "SourceDocument")
            if self.has_page(d)
        ]
        return self.render("index.html", here, cities=cities, documents=documents, classes=classes)

    def dashboards(self, store: pyoxigraph.Store) -> dict[str, list[dict]]:
        """City IRI → its KPIs' latest actual, current target, progress and verdict."""
        run = {
            name: queries.run(store, queries.resolve(name), {})
            for name in ("kpi-dashboard", "kpis-behind")
        }
        behind: dict[tuple[str, str, str], str] = {}
        for row in as_dicts(run["kpis-behind"]):
            behind.setdefault((row["city_code"], row["kpi"], row["component"]), row["reason"])
        indicators = {}
        observed = {q.object.value for q in store.quads_for_pattern(None, INDICATOR, None)}
        for iri in sorted(observed.intersection(self.resources)):
            city = self.index.value(iri, MK + "city")
            labels = [t.value for t in self.index.objects(iri, RDFS + "label")]
            if city and labels:
                indicators[city, min(labels)] = iri
        on_track = {
            self.index.label(VOCAB + f"progress-status/{k}")
            for k in ("on-track", "roughly-on-track")
        }
        boards: dict[str, list[dict]] = defaultdict(list)
        for row in as_dicts(run["kpi-dashboard"]):
            city = ID + f"city/{row['city_code']}"
            here = page_path(city)
            iri = indicators.get((city, row["kpi"]))
            reason = behind.get((row["city_code"], row["kpi"], row["component"]), "")
            verdict = "behind" if reason else ""
            if not verdict and (row["status"] in on_track or progress_met(row["progress"])):
                verdict = "on-track"
            link = self.link(pyoxigraph.NamedNode(iri), here) if iri else Link(row["kpi"])
            boards[city].append(dict(row, link=link, reason=reason, verdict=verdict))
        return boards

    def ontology_page(self) -> str:
        here = "def.html"
        index = self.index
        sections = []
        for title, kind in TERM_KINDS:
            terms = []
            for iri in index.subjects(TYPE, kind):
                if not iri.startswith(DEF):
                    continue
                fields = [
                    (compact(f), [self.link(t, here) for t in index.objects(iri, f)])
                    for f in TERM_FIELDS
                ]
                terms.append(
                    {
                        "name": iri[len(DEF) :],
                        "iri": self.shown(iri),
                        "ja": index.label(iri),
                        "en": index.label(iri, "en"),
                        "definitions": texts(index, iri, SKOS + "definition"),
                        "comments": texts(index, iri, RDFS + "comment"),
                        "fields": [(name, links) for name, links in fields if links],
                    }
                )
            sections.append({"title": title, "terms": terms})
        schemes = [
            (self.link(pyoxigraph.NamedNode(s), here), len(index.subjects(SKOS + "inScheme", s)))
            for s in index.subjects(TYPE, SKOS + "ConceptScheme")
            if self.has_page(s)
        ]
        return self.render(
            "ontology.html",
            here,
            iri=self.shown(ONTOLOGY),
            titles=texts(index, ONTOLOGY, DCTERMS + "title"),
            descriptions=texts(index, ONTOLOGY, DCTERMS + "description"),
            version=index.value(ONTOLOGY, OWL + "versionInfo"),
            sections=sections,
            schemes=schemes,
        )


@cache
def environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,  # the templates are read once per process, not checked per page
    )


def render(template: str, here: str, base: str | None, serving: bool, **context) -> str:
    """A page at URL path ``here``: links to the site's root relative, or under ``base``."""
    root = base or "../" * here.count("/")
    return (
        environment()
        .get_template(template)
        .render(root=root, home=root + "index.html", serving=serving, **context)
    )


def class_path(iri: str) -> str:
    return "classes/" + compact(iri).replace(":", "-").replace("/", "-") + ".html"


def concept_key(iri: str) -> str:
    return iri.rsplit("/", 1)[-1] if iri else ""


def texts(index: Index, iri: str, predicate: str) -> list[tuple[str, str]]:
    """(language, text) of each literal, Japanese first."""
    found = [t for t in index.objects(iri, predicate) if isinstance(t, pyoxigraph.Literal)]
    return sorted(((t.language or "", t.value) for t in found), key=lambda p: (p[0] != "ja", p))


def point(row: dict) -> charts.Point | None:
    if not row["value"] or not row["when"]:
        return None
    try:
        value = Decimal(row["value"])
    except InvalidOperation:
        return None
    when = date.fromisoformat(row["when"])
    return charts.Point(row["role"], row["revision"], when, value, row["status"])


def progress_met(progress: str) -> bool:
    return bool(progress) and Decimal(progress) >= 1


def as_dicts(table: queries.Table) -> list[dict[str, str]]:
    return [dict(zip(table.columns, row, strict=True)) for row in table.rows]


def style() -> bytes:
    return (TEMPLATES / "style.css").read_bytes()


Batch = list[tuple[str, str, list[dict]]]  # (URL path, IRI, dashboard) of each resource page


def write_site(
    store: Path,
    out: Path,
    base: str | None = None,
    jobs: int | None = None,
    cache_dir: Path | None = None,
) -> int:
    """Write the site of the store at ``store`` to ``out`` through a staging directory; the
    number of pages. The resources' pages are written by ``jobs`` processes (default: one per
    core), each reading the store through its own read-only handle; charts are kept in
    ``cache_dir`` if given."""
    check_base(base)
    handle = open_store(store)  # a missing store fails here, before anything is written
    cache = charts.Cache(cache_dir)
    # the workers stop (their pending batches dropped) before the staging directory goes
    with Staging(out) as staging, workers(jobs or os.cpu_count() or 1) as pool:
        site = Site(handle, base, cache=cache)
        check_files(site.routes)
        pages = [(path, iri) for path, (kind, iri) in site.routes.items() if kind == "resource"]
        batches = [
            [(path, iri, site.boards.get(iri, [])) for path, iri in pages[n : n + BATCH]]
            for n in range(0, len(pages), BATCH)
        ]
        if pool:
            written = pool.map(partial(write_batch, store, base, cache_dir, staging.root), batches)
        else:
            written = (write_pages(site, staging.root, batch) for batch in batches)
        for path, (kind, _) in site.routes.items():
            if kind != "resource":
                staging.write(file_path(path), site.page(path))
        cache.prune(set().union(*written))
    return len(site.routes)


@contextmanager
def workers(jobs: int) -> Iterator[ProcessPoolExecutor | None]:
    """``jobs`` worker processes, none for one job. Started by a fork server, a worker inherits
    no store handle (nor thread) of this process."""
    if jobs == 1:
        yield None
        return
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["munikg.site"])
    pool = ProcessPoolExecutor(jobs, mp_context=context)
    try:
        yield pool
    finally:
        pool.shutdown(cancel_futures=True)


def check_files(url_paths: Iterable[str]) -> None:
    """Every page has a file of its own (checked before any is written)."""
    files: set[Path] = set()
    for url_path in url_paths:
        path = file_path(url_path)
        if path in files:
            raise SiteError(f"{url_path}: two IRIs would share the page {path}")
        files.add(path)


@cache
def worker_renderer(store: Path, base: str | None, cache_dir: Path | None) -> Renderer:
    """A worker's renderer, opened at its first batch and kept for the next ones."""
    return Renderer(open_store(store), base, cache=charts.Cache(cache_dir))


def write_batch(
    store: Path, base: str | None, cache_dir: Path | None, root: Path, batch: Batch
) -> set[str]:
    """On a worker: ``write_pages`` with this worker's own renderer."""
    return write_pages(worker_renderer(store, base, cache_dir), root, batch)


def write_pages(renderer: Renderer, root: Path, batch: Batch) -> set[str]:
    """Write the batch's resource pages under ``root``; the digests of the charts they show."""
    for path, iri, dashboard in batch:
        write_file(root / file_path(path), renderer.resource_page(iri, path, dashboard))
    return renderer.cache.spent()


def write_file(target: Path, text: str) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8", newline="\n")


class Staging:
    """Pages written into a directory beside ``out``, moved to ``out`` whole when all are."""

    def __init__(self, out: Path) -> None:
        self.out = out

    def __enter__(self) -> Staging:
        self.out.parent.mkdir(parents=True, exist_ok=True)
        self.root = Path(tempfile.mkdtemp(prefix=f".{self.out.name}-", dir=self.out.parent))
        self.write(Path("style.css"), style().decode("utf-8"))
        return self

    def write(self, path: Path, text: str) -> None:
        write_file(self.root / path, text)

    def __exit__(self, kind, error, trace) -> None:
        try:
            if error is None:
                self.replace()
        finally:
            shutil.rmtree(self.root, ignore_errors=True)

    def replace(self) -> None:
        self.root.chmod(0o755)
        if self.out.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{self.out.name}-old-", dir=self.out.parent))
            self.out.rename(old / self.out.name)
            self.root.rename(self.out)
            shutil.rmtree(old)
        else:
            self.root.rename(self.out)
