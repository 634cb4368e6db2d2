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
hand, not with the store. Pages are written in batches; each batch's charts are drawn on worker
processes while the next batch is read (``munikg.charts``), so the output does not depend on the
number of workers.
"""

from __future__ import annotations

import posixpath
import re
import shutil
import tempfile
from collections import defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import cache, lru_cache
from pathlib import Path
from sys import intern
from urllib.parse import unquote, urlsplit

import pyoxigraph
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from rdflib import namespace as ns

from munikg import charts, queries, terms
from munikg.resources import PACKAGE_DIR

BASE = terms.BASE
ID, VOCAB, DEF, GRAPH = str(terms.ID), str(terms.VOCAB), str(terms.MK), str(terms.GRAPH)
ONTOLOGY = BASE + "def"
INFERRED = str(terms.INFERRED_GRAPH)
MK = DEF
RDF, RDFS, OWL, SKOS = str(ns.RDF), str(ns.RDFS), str(ns.OWL), str(ns.SKOS)
TIME, XSD, DCTERMS = str(ns.TIME), str(ns.XSD), str(ns.DCTERMS)
TYPE = RDF + "type"
LABELS = (RDFS + "label", SKOS + "prefLabel", DCTERMS + "title", MK + "fileName")
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
SUBJECTS = "SELECT DISTINCT ?s { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } FILTER isIRI(?s) }"
INDICATOR = pyoxigraph.NamedNode(MK + "indicator")
CHART = "<!--munikg-chart %s-->"  # a chart's place in a draft page; no value can be escaped to it
CHART_PLACE = re.compile(CHART % "([0-9a-f]{64})")
BATCH = 200  # pages drafted while the previous batch's charts are drawn


class SiteError(Exception):
    """The site cannot be written; the message names the resource or the file."""


@dataclass(frozen=True)
class Statement:
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


def key(term: object) -> str:
    return term.value if isinstance(term, pyoxigraph.NamedNode) else str(term)


class Index:
    """The store's statements about one resource and the links to it, looked up when a page
    asks. The recent resources' statements are kept (the ontology's and the vocabularies' stay:
    every page links to them), so memory is bounded by the cache, not by the store."""

    def __init__(self, store: pyoxigraph.Store) -> None:
        self.store = store
        # a statement's graph ranks as in a scan of the whole store: the default graph first
        self.rank = {"": -1} | {key(g): n for n, g in enumerate(store.named_graphs())}
        self.out = lru_cache(maxsize=CACHE_SIZE)(self.read_out)
        self.label = lru_cache(maxsize=CACHE_SIZE)(self.read_label)

    def read_out(self, subject: str) -> list[Statement]:
        statements = [
            statement(quad) for quad in self.store.quads_for_pattern(term(subject), None, None)
        ]
        return sorted(statements, key=lambda s: self.rank[s.graph])  # stable: keeps p, o order

    def incoming(self, iri: str) -> list[Statement]:
        if iri.startswith("_:"):
            return []
        return [statement(q) for q in self.store.quads_for_pattern(None, None, term(iri))]

    def lines(self, subject: str, graph: str) -> dict[str, int]:
        return {
            s.predicate: int(s.term.value)
            for s in self.out(subject)
            if s.graph == graph and s.predicate in (MK + "sourceLine", MK + "sourceLineEnd")
        }

    def objects(self, subject: str, predicate: str) -> list:
        found = {s.term for s in self.out(subject) if s.predicate == predicate}
        return sorted(found, key=str)

    def first(self, subject: str | None, predicate: str):
        found = self.objects(subject, predicate) if subject else []
        return found[0] if found else None

    def value(self, subject: str | None, predicate: str) -> str:
        term = self.first(subject, predicate)
        return term.value if term is not None else ""

    def read_label(self, iri: str, lang: str = "ja") -> str:
        """The label in ``lang`` (for Japanese, or without a language), by label property."""
        for predicate in LABELS:
            found = [
                t.value
                for t in self.objects(iri, predicate)
                if isinstance(t, pyoxigraph.Literal)
                and (t.language == lang or (lang == "ja" and not t.language))
            ]
            if found:
                return min(found)
        return ""

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


class Site:
    """The pages of one store: which IRIs have one, and how a page links to another."""

    def __init__(self, store: pyoxigraph.Store, base: str | None = None, serving: bool = False):
        """Reads the store whole (and runs the dashboard queries) here, and never again: a
        server may hand the store to a writer afterwards."""
        self.base = check_base(base)
        self.serving = serving
        self.index = Index(store)
        subjects = [solution[0].value for solution in store.query(SUBJECTS)]
        self.resources = sorted(s for s in subjects if s.startswith((ID, VOCAB)) and s != VOCAB)
        self.has_page = set(self.resources) | {
            s for s in subjects if s.startswith(DEF) or s == ONTOLOGY
        }
        self.boards = self.dashboards(store)
        self.members = self.classes(store)
        self.charts: dict[str, tuple[list[charts.Point], str]] = {}  # to draw, by digest
        self.routes: dict[str, tuple[str, str]] = {
            "index.html": ("home", ""),
            "def.html": ("ontology", ONTOLOGY),
            "queries.html": ("queries", ""),
        }
        self.routes.update((page_path(iri), ("resource", iri)) for iri in self.resources)
        self.routes.update((class_path(c), ("class", c)) for c in self.members)
        # a web server decodes the path of a request before looking for its file
        self.decoded = {unquote(path): path for path in self.routes}

    # links -------------------------------------------------------------------------------

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
        text = self.index.label(iri) or compact(self.shown(iri))
        en = self.index.label(iri, "en")
        href = self.href(page_path(iri), here) if iri in self.has_page else None
        if href is None and not iri.startswith(BASE):
            href = iri
        return Link(text, href, en if en != text else "")

    def source(self, statement: Statement, here: str) -> Link | None:
        """The document and lines stating ``statement`` (None outside a document graph)."""
        if statement.graph == INFERRED:
            return Link("推論", en="inferred")
        if not statement.graph.startswith(GRAPH):
            return None
        document = ID + "document/" + statement.graph[len(GRAPH) :]
        if document not in self.has_page:
            return None
        lines = self.index.lines(statement.subject, statement.graph)
        start, end = lines.get(MK + "sourceLine"), lines.get(MK + "sourceLineEnd")
        span = "" if start is None else f" L{start}" + (f"–{end}" if end and end != start else "")
        text = (self.index.value(document, MK + "fileName") or compact(document)) + span
        return Link(text, self.href(page_path(document), here))

    # pages -------------------------------------------------------------------------------

    def render(self, template: str, here: str, **context) -> str:
        return render(template, here, self.base, self.serving, **context)

    def page(self, path: str) -> str:
        """The page at URL path ``path`` (a key of ``routes``), its charts drawn here."""
        html = self.draft(path)
        drawn = {digest: charts.kpi_chart(*self.charts[digest]) for digest in placed(html)}
        return fill(html, drawn)

    def draft(self, path: str) -> str:
        """The page with a placeholder for each chart, whose points wait in ``charts``."""
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
            if c in self.has_page
        ]
        documents = [
            self.link(pyoxigraph.NamedNode(d), here)
            for d in self.index.subjects(TYPE, MK + "SourceDocument")
            if d in self.has_page
        ]
        return self.render("index.html", here, cities=cities, documents=documents, classes=classes)

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
        for statement in self.index.incoming(iri):
            if statement.subject in self.has_page and statement.predicate != TYPE:
                by_property[statement.predicate].add(statement.subject)
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

    # indicators --------------------------------------------------------------------------

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
                    "chart": self.placeholder(plotted, unit) if plotted else "",
                    "points": len(plotted),
                    "rows": [
                        dict(r, plotted=p is not None) for r, p in zip(rows, points, strict=True)
                    ],
                }
            )
        return sections

    def placeholder(self, points: list[charts.Point], unit: str) -> str:
        digest = charts.digest(points, unit)
        self.charts[digest] = (points, unit)
        return CHART % digest

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

    # ontology and queries ----------------------------------------------------------------

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
            if s in self.has_page
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


def placed(html: str) -> list[str]:
    """The digests of the charts a draft page holds, in order."""
    return CHART_PLACE.findall(html)


def fill(html: str, drawn: dict[str, str]) -> str:
    return CHART_PLACE.sub(lambda m: drawn[m[1]], html)


def write_site(
    store: pyoxigraph.Store,
    out: Path,
    base: str | None = None,
    jobs: int | None = None,
    cache_dir: Path | None = None,
) -> int:
    """Write the site to ``out`` through a staging directory; the number of pages. Charts are
    drawn on ``jobs`` processes (default: one per core) and kept in ``cache_dir`` if given."""
    check_base(base)
    # the workers are forked first, while this process is small
    with charts.Painter(jobs, cache_dir) as painter, Staging(out) as staging:
        site = Site(store, base)
        paths = sorted(site.routes)
        waiting: deque = deque()
        for start in range(0, len(paths), BATCH):
            drafts = {path: site.draft(path) for path in paths[start : start + BATCH]}
            waiting.append((drafts, painter.submit(site.charts)))
            site.charts = {}
            if len(waiting) > 1:
                staging.write_filled(*waiting.popleft())
        while waiting:
            staging.write_filled(*waiting.popleft())
    return len(paths)


class Staging:
    """Pages written into a directory beside ``out``, moved to ``out`` whole when all are."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self.files: set[Path] = set()

    def __enter__(self) -> Staging:
        self.out.parent.mkdir(parents=True, exist_ok=True)
        self.root = Path(tempfile.mkdtemp(prefix=f".{self.out.name}-", dir=self.out.parent))
        self.write(Path("style.css"), style().decode("utf-8"))
        return self

    def write_filled(self, drafts: dict[str, str], drawn: Callable[[], dict[str, str]]) -> None:
        svgs = drawn()
        for url_path, html in drafts.items():
            path = file_path(url_path)
            if path in self.files:
                raise SiteError(f"{url_path}: two IRIs would share the page {path}")
            self.write(path, fill(html, svgs))

    def write(self, path: Path, text: str) -> None:
        self.files.add(path)
        target = self.root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8", newline="\n")

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
