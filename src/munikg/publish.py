"""Publish the built graph to a SPARQL store over HTTP, repeatably and verifiably.

The graphs of the build (one per document, and the ontology with its vocabularies) and a dataset
description go up as graphs of their own: with the SPARQL 1.1 Graph Store Protocol (``PUT``
replaces a graph atomically) or, where the store does not speak it, one SPARQL 1.1 Update request
per graph (``DROP SILENT GRAPH`` + ``INSERT DATA``). Queries go through SPARQLWrapper.

The description, uploaded last, records each graph's content digest. A publication compares those
with the local graphs and uploads only what differs, so publishing twice uploads nothing and a run
that died half-way is completed by running it again. Before replacing graphs it describes, the
description loses their digests, so no interrupted run leaves a graph that looks up to date but
is not.
"""

from __future__ import annotations

import ast
import base64
import hashlib
import http.client
import json
import netrc
import os
import ssl
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from http import HTTPStatus
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pyoxigraph
from SPARQLWrapper import CONSTRUCT, JSON, POST, SELECT, TURTLE, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import (
    EndPointInternalError,
    EndPointNotFound,
    QueryBadFormed,
    SPARQLWrapperException,
    Unauthorized,
    URITooLong,
)

from munikg import dataset, terms
from munikg.store import open_store

ONTOLOGY_GRAPH = str(terms.ONTOLOGY_GRAPH)
DIGEST = pyoxigraph.NamedNode(str(terms.MK.contentDigest))
SUBSET = pyoxigraph.NamedNode("http://rdfs.org/ns/void#subset")
DATASET = pyoxigraph.NamedNode(str(dataset.DATASET))
DESCRIPTION_GRAPH = str(dataset.GRAPH)
SPARQLWRAPPER_STATUS = {
    QueryBadFormed: 400,
    Unauthorized: 401,
    EndPointNotFound: 404,
    URITooLong: 414,
    EndPointInternalError: 500,
}
ANSWER_LENGTH = 300  # characters of the body of an error answer that a message quotes
NO_GRAPH_STORE = (404, 405, 501)  # what a URL that does not speak the protocol answers a PUT


class PublishError(Exception):
    """The store is unreachable or failing (exit 3): running the command again later may help."""

    exit_code = 3


class ConfigError(PublishError):
    """Something to fix in the command or its environment: a URL, credentials, the build."""

    exit_code = 2


class RefusedError(ConfigError):
    """The store answered a 4xx status (or 501): retrying the same request cannot help."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


class AuthError(RefusedError):
    """The store wants credentials, or refused the ones given."""


class ServerError(PublishError):
    """The store answered a 5xx status on every try; its message says why."""


class MismatchError(PublishError):
    """After the upload, a graph in the store does not hold the triples of the local one."""

    exit_code = 1


# -- HTTP ----------------------------------------------------------------------------------------


def credentials(host: str) -> tuple[str, str] | None:
    """``MUNIKG_USER``/``MUNIKG_PASSWORD``, else the ``~/.netrc`` entry for ``host``, else None."""
    user, password = os.environ.get("MUNIKG_USER"), os.environ.get("MUNIKG_PASSWORD")
    if user or password:
        if not (user and password):
            raise ConfigError("set both MUNIKG_USER and MUNIKG_PASSWORD, or neither")
        return user, password
    try:
        entry = netrc.netrc().authenticators(host)
    except FileNotFoundError:
        return None
    except netrc.NetrcParseError as error:  # its message may quote a token: name the line only
        where = f"{error.filename}:{error.lineno}"
        raise ConfigError(f"{where}: not a valid netrc file, or others may read it") from None
    return (entry[0], entry[2]) if entry else None


def check_url(option: str, url: str) -> str:
    parts = urlsplit(url)
    if parts.username or parts.password:  # never echo it: it holds a secret
        raise ConfigError(f"{option}: credentials go in MUNIKG_USER/MUNIKG_PASSWORD or ~/.netrc")
    try:
        valid = parts.scheme in ("http", "https") and parts.hostname and (parts.port or True)
    except ValueError:  # a port that is not a number
        valid = False
    if not valid:
        raise ConfigError(f"{option} {url!r}: expected an http:// or https:// URL")
    return url


@dataclass
class Endpoint:
    """A SPARQL store over HTTP: its query, update and graph store URLs and one retry policy.

    Connection errors, timeouts and 5xx answers are retried with exponential backoff; 4xx
    answers are not, since the same request would be refused again.
    """

    query_url: str
    update_url: str
    graph_store_url: str
    auth: dict[str, tuple[str, str]] = field(default_factory=dict, repr=False)
    timeout: float = 30.0
    tries: int = 3
    backoff: float = 0.5
    graph_store: bool | None = None  # does graph_store_url speak the protocol? (None: unknown)

    @classmethod
    def at(
        cls,
        base: str,
        *,
        sparql: str | None = None,
        update: str | None = None,
        graph_store: str | None = None,
        **options,
    ) -> Endpoint:
        """The endpoint of a server at ``base``, with Oxigraph's paths unless given."""
        base = check_url("--endpoint", base).rstrip("/")
        urls = [
            check_url("--sparql", sparql or f"{base}/query"),
            check_url("--update", update or f"{base}/update"),
            check_url("--graph-store", graph_store or f"{base}/store"),
        ]
        hosts = {urlsplit(url).hostname for url in urls}
        auth = {host: found for host in hosts if (found := credentials(host))}
        return cls(*urls, auth=auth, **options)

    def select(self, query: str, graphs: Iterable[str] = ()) -> tuple[list[str], list]:
        """The variables and the rows (variable → lexical value) of a SELECT query; ``graphs``,
        if any, make its dataset: their union is the default graph, and the named graphs."""
        data = self._sparql(query, SELECT, graphs)
        if "results" not in data:
            raise ConfigError(f"{self.query_url}: only SELECT queries are supported here")
        rows = [{k: v["value"] for k, v in b.items()} for b in data["results"]["bindings"]]
        return data["head"]["vars"], rows

    def results(self, query: str, graphs: Iterable[str] = ()) -> dict:
        """The SPARQL 1.1 JSON results of a SELECT or ASK query, datatypes and languages kept."""
        return self._sparql(query, SELECT, graphs)

    def construct(self, query: str, graphs: Iterable[str] = ()) -> list[pyoxigraph.Triple]:
        turtle = self._sparql(query, CONSTRUCT, graphs)
        try:
            return [q.triple for q in pyoxigraph.parse(turtle, pyoxigraph.RdfFormat.TURTLE)]
        except SyntaxError:
            raise self._not_sparql() from None

    def put(self, graph: str, body: str) -> None:
        """Replace a graph by N-Triples ``body``; one request either way, atomic in the store."""
        if not self._graph_store("PUT", graph, body):
            iri = pyoxigraph.NamedNode(graph)
            self.update(f"DROP SILENT GRAPH {iri} ;\nINSERT DATA {{ GRAPH {iri} {{\n{body}}} }}\n")

    def delete(self, graph: str) -> None:
        if not self._graph_store("DELETE", graph):
            self.update(f"DROP SILENT GRAPH {pyoxigraph.NamedNode(graph)}")

    def update(self, text: str) -> None:
        self._send("POST", self.update_url, text, "application/sparql-update")

    def _graph_store(self, method: str, graph: str, body: str | None = None) -> bool:
        """Whether the graph store protocol did it. A first PUT answered 404, 405 or 501 shows
        that the URL does not speak it; a DELETE answered 404 means the graph is already gone
        only once a PUT showed that it does."""
        if self.graph_store is False:
            return False
        separator = "&" if "?" in self.graph_store_url else "?"
        url = f"{self.graph_store_url}{separator}{urlencode({'graph': graph})}"
        try:
            self._send(method, url, body, "application/n-triples")
        except RefusedError as error:
            if self.graph_store and method == "DELETE" and error.status == 404:
                return True
            if self.graph_store or error.status not in NO_GRAPH_STORE:
                raise
            if method == "PUT":
                self.graph_store = False
            return False
        self.graph_store = True
        return True

    def _send(self, method: str, url: str, body: str | None, content_type: str) -> None:
        request = urllib.request.Request(url, method=method)
        if body is not None:
            request.data = body.encode("utf-8")
            request.add_header("Content-Type", content_type)
        if auth := self.auth.get(urlsplit(url).hostname):
            token = base64.b64encode(":".join(auth).encode("utf-8")).decode("ascii")
            request.add_unredirected_header("Authorization", f"Basic {token}")

        def send() -> None:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                response.read()

        self._retry(url, send)

    def _sparql(self, query: str, form: str, graphs: Iterable[str] = ()):
        wrapper = SPARQLWrapper(self.query_url)
        wrapper.setQuery(query)
        wrapper.queryType = form  # its own guess can take a word in a comment for the form
        wrapper.setMethod(POST)  # no URL length limit; form-encoded, which every store accepts
        wrapper.setReturnFormat(JSON if form == SELECT else TURTLE)
        wrapper.setOnlyConneg(True)
        wrapper.setTimeout(max(1, round(self.timeout)))
        for graph in graphs:
            wrapper.addDefaultGraph(graph)
            wrapper.addNamedGraph(graph)
        if auth := self.auth.get(urlsplit(self.query_url).hostname):
            wrapper.setCredentials(*auth)
        try:
            return self._retry(self.query_url, lambda: wrapper.query().convert())
        except ValueError:
            raise self._not_sparql() from None

    def _not_sparql(self) -> ConfigError:
        return ConfigError(f"{self.query_url}: the answer is not SPARQL results; check --endpoint")

    def _retry(self, url: str, action: Callable):
        failure = None
        for attempt in range(self.tries):
            if attempt:
                time.sleep(self.backoff * 2 ** (attempt - 1))
            try:
                return action()
            except (OSError, http.client.HTTPException, SPARQLWrapperException) as error:
                status = status_of(error)
                if status is not None and (status < 500 or status == 501):
                    raise refused(url, status, answer_of(error)) from None
                tls = error if isinstance(error, ssl.SSLError) else getattr(error, "reason", None)
                if isinstance(tls, ssl.SSLError):
                    raise ConfigError(f"{url}: TLS failed: {tls}") from None
                tries = f"({self.tries} tries)"
                if status is None:
                    failure = PublishError(f"cannot reach {url}: {why(error)} {tries}")
                else:
                    failure = ServerError(f"{url}: {status_line(status)}{answer_of(error)} {tries}")
        raise failure


def refused(url: str, status: int, answer: str = "") -> RefusedError:
    text = f"{url}: {status_line(status)}"
    if status in (401, 403):
        hint = "authentication failed; set MUNIKG_USER and MUNIKG_PASSWORD, or use ~/.netrc"
        return AuthError(f"{text}: {hint}{answer}", status)
    if status == 404:
        text += " (is --endpoint the server's base URL?)"
    return RefusedError(text + answer, status)


def status_line(status: int) -> str:
    try:
        return f"HTTP {status} {HTTPStatus(status).phrase}"
    except ValueError:  # a status that HTTP does not define
        return f"HTTP {status}"


def answer_of(error: Exception) -> str:
    """``: `` and the start of the body the store answered with (its own message, on one line),
    or nothing if it sent none."""
    if isinstance(error, urllib.error.HTTPError):
        try:
            body = error.read()
        except OSError:
            body = b""
    else:  # SPARQLWrapper keeps the body only in its message, as a bytes literal
        _, _, literal = str(error).partition("\n\nResponse:\n")
        body = ast.literal_eval(literal) if literal else b""
    text = " ".join(body.decode("utf-8", "replace").split())
    if len(text) > ANSWER_LENGTH:
        text = text[:ANSWER_LENGTH] + "…"
    return f": {text}" if text else ""


def status_of(error: Exception) -> int | None:
    """The HTTP status a failed request was answered with; None if no answer came."""
    code = getattr(error, "code", None)  # urllib's HTTPError
    return code if isinstance(code, int) else SPARQLWRAPPER_STATUS.get(type(error))


def why(error: Exception) -> str:
    """Why no answer came."""
    reason = getattr(error, "reason", error)
    return getattr(reason, "strerror", None) or str(reason) or type(reason).__name__


# -- the local graphs ----------------------------------------------------------------------------


@dataclass(frozen=True)
class LocalGraph:
    """A graph as uploaded: sorted N-Triples lines, blank nodes named canonically (RDFC-1.0)."""

    name: str
    lines: list[str]

    @property
    def body(self) -> str:
        return "".join(self.lines)

    @property
    def digest(self) -> str:
        return "sha256:" + hashlib.sha256(self.body.encode("utf-8")).hexdigest()


def local_graph(name: str, triples: Iterable[pyoxigraph.Triple]) -> LocalGraph:
    """Equal graphs give equal lines, whatever their blank nodes were called."""
    graph = pyoxigraph.Dataset(pyoxigraph.Quad(t.subject, t.predicate, t.object) for t in triples)
    graph.canonicalize(pyoxigraph.CanonicalizationAlgorithm.RDFC_1_0)
    return LocalGraph(name, sorted(f"{quad.triple} .\n" for quad in graph))


def content_graphs(store: pyoxigraph.Store) -> list[LocalGraph]:
    """Every graph of the built store: one per document, and the ontology with its vocabularies."""
    return [
        local_graph(name.value, (q.triple for q in store.quads_for_pattern(None, None, None, name)))
        for name in sorted(store.named_graphs(), key=lambda n: n.value)
    ]


def description(
    store: pyoxigraph.Store, build: Path, graphs: list[LocalGraph], endpoint: str
) -> LocalGraph:
    try:
        summary = json.loads((build / "summary.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise ConfigError(
            f"{build / 'summary.json'}: missing or unreadable; run `munikg build`"
        ) from None
    subsets = [dataset.Subset(g.name, len(g.lines), g.digest) for g in graphs]
    rdf = dataset.describe(store, summary, subsets, endpoint).serialize(format="nt")
    return local_graph(DESCRIPTION_GRAPH, pyoxigraph.parse(rdf, pyoxigraph.RdfFormat.N_TRIPLES))


# -- publication ---------------------------------------------------------------------------------

PUBLISHED = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{DESCRIPTION_GRAPH}> {{ ?s ?p ?o }} }}"
LISTED_GRAPHS = (
    f"SELECT ?graph WHERE {{ GRAPH <{DESCRIPTION_GRAPH}> {{ {DATASET} {SUBSET} ?graph }} }}"
)

Progress = Callable[[str, str, int], None]


def publish(build: Path, endpoint: Endpoint, progress: Progress = lambda *step: None) -> None:
    """Make the store's graphs equal to the build's; ``progress(action, graph, triples)``
    reports each step once done. Raises MismatchError naming any graph whose count differs."""
    store = open_store(build / "store")
    graphs = content_graphs(store)
    described = description(store, build, graphs, endpoint.query_url)
    published = endpoint.construct(PUBLISHED)
    digests = {t.subject.value: t.object.value for t in published if t.predicate == DIGEST}
    listed = {t.object.value for t in published if t.subject == DATASET and t.predicate == SUBSET}
    counts = triple_counts(endpoint, graphs)
    changed = {
        g.name
        for g in graphs
        if digests.get(g.name) != g.digest or counts.get(g.name, 0) != len(g.lines)
    }
    if changed & digests.keys():  # from here until the end, the store is not up to date
        published = [
            t for t in published if t.predicate != DIGEST or t.subject.value not in changed
        ]
        endpoint.put(DESCRIPTION_GRAPH, local_graph(DESCRIPTION_GRAPH, published).body)
    for graph in graphs:
        if graph.name in changed:
            endpoint.put(graph.name, graph.body)
        progress("uploaded" if graph.name in changed else "unchanged", graph.name, len(graph.lines))
    for name in sorted(listed - {g.name for g in graphs}):
        endpoint.delete(name)
        progress("deleted", name, 0)
    if described != local_graph(DESCRIPTION_GRAPH, published):
        endpoint.put(DESCRIPTION_GRAPH, described.body)
        progress("uploaded", DESCRIPTION_GRAPH, len(described.lines))
    else:
        progress("unchanged", DESCRIPTION_GRAPH, len(described.lines))
    verify(endpoint, [*graphs, described])


def triple_counts(endpoint: Endpoint, graphs: list[LocalGraph]) -> dict[str, int]:
    names = " ".join(str(pyoxigraph.NamedNode(g.name)) for g in graphs)
    query = f"""
    SELECT ?g (COUNT(*) AS ?n) WHERE {{ VALUES ?g {{ {names} }} GRAPH ?g {{ ?s ?p ?o }} }}
    GROUP BY ?g"""
    return {row["g"]: int(row["n"]) for row in endpoint.select(query)[1]}


def verify(endpoint: Endpoint, graphs: list[LocalGraph]) -> None:
    counts = triple_counts(endpoint, graphs)
    wrong = [
        f"<{g.name}> has {counts.get(g.name, 0)} triples in the store, {len(g.lines)} in the build"
        for g in graphs
        if counts.get(g.name, 0) != len(g.lines)
    ]
    if wrong:
        raise MismatchError("; ".join(wrong))


def published_graphs(endpoint: Endpoint) -> list[str]:
    """The graphs a munikg publication lists in the store (none if unpublished): the dataset of
    a saved query there, as the embedded store's graphs are, without the description."""
    return sorted(row["graph"] for row in endpoint.select(LISTED_GRAPHS)[1])
