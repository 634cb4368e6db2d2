"""``munikg serve``: the site's pages, dereferenceable IRIs and a SPARQL endpoint over the store.

The server of the ``oxigraph`` package runs as a child process on a free port of 127.0.0.1,
read-only unless asked, with the union of the document graphs as its default graph, as ``munikg
query`` sees the store. It must not share the store with a process writing it, so ``--writable``
is for a store nothing else opened.

In front of it a small HTTP server (the standard library's) answers: ``/query``, ``/update`` and
``/store`` are passed to Oxigraph as they come; ``/id/…``, ``/vocab/…`` and ``/def`` by content
negotiation, with the page ``munikg site`` writes (text/html) or the resource's triples in
Turtle, JSON-LD or N-Triples (a CONSTRUCT through Oxigraph, so a writable store answers with what
it holds now); ``/queries/NAME?param=…`` runs a saved query and shows the table; any other path
is a page of the site. Pages are made from the store as it is: read-only, the store itself
(opened read-only beside Oxigraph); with ``--writable``, after every update passed to Oxigraph
the next page reads the whole store back from it into memory, since no other process may open a
store that one is writing.
"""

from __future__ import annotations

import http.client
import json
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from functools import partial
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qsl, unquote

import pyoxigraph

from munikg import queries, site
from munikg.store import StoreError, open_store


class ServeError(Exception):
    """The server could not be found or did not start."""


def server_binary() -> str:
    """The ``oxigraph`` command of the ``oxigraph`` package: beside this Python, else on PATH."""
    beside = Path(sys.executable).with_name("oxigraph")
    found = str(beside) if beside.is_file() else shutil.which("oxigraph")
    if not found:
        raise ServeError("the oxigraph server is not installed: pip install oxigraph")
    return found


def listening(process: subprocess.Popen, host: str, port: int, timeout: float = 15.0) -> bool:
    """Whether the server accepts connections before it exits or ``timeout`` seconds pass."""
    deadline = time.monotonic() + timeout
    while process.poll() is None and time.monotonic() < deadline:
        try:
            with socket.create_connection((host, port), timeout=0.5):
                return True
        except OSError:
            time.sleep(0.1)
    return False


def stop(process: subprocess.Popen) -> None:
    """SIGINT, as Ctrl-C would send; SIGKILL if it still runs 10 seconds later."""
    if process.poll() is None:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


# Offered media types, in the order preferred when a client accepts several equally.
MEDIA_TYPES = {
    "text/html": None,
    "text/turtle": pyoxigraph.RdfFormat.TURTLE,
    "application/ld+json": pyoxigraph.RdfFormat.JSON_LD,
    "application/n-triples": pyoxigraph.RdfFormat.N_TRIPLES,
}
ENDPOINTS = ("/query", "/update", "/store")
SAVED_QUERY = re.compile(r"/queries/([\w-]+)")
DESCRIBE = "CONSTRUCT { <%s> ?p ?o } WHERE { <%s> ?p ?o }"
ONTOLOGY = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{site.GRAPH}ontology> {{ ?s ?p ?o }} }}"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def negotiate(accept: str) -> str | None:
    """The offered media type the ``Accept`` header ranks highest (None: none acceptable)."""
    ranges = []
    for item in (accept or "*/*").split(","):
        kind, *params = (part.strip() for part in item.split(";"))
        quality = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        ranges.append((kind.lower(), quality))

    def score(offered: str) -> float:
        major = offered.split("/")[0] + "/*"
        matching = [(len(k), q) for k, q in ranges if k in (offered, major, "*/*")]
        return max(matching)[1] if matching else 0.0  # the most specific range decides

    best = max(MEDIA_TYPES, key=lambda offered: (score(offered), -list(MEDIA_TYPES).index(offered)))
    return best if score(best) > 0 else None


def call(backend: tuple[str, int], method: str, target: str, body: bytes | None, headers: dict):
    """Oxigraph's status, content type and body for one request."""
    connection = http.client.HTTPConnection(*backend, timeout=300)
    try:
        connection.request(method, target, body=body, headers=headers)
        response = connection.getresponse()
        return response.status, response.getheader("Content-Type", ""), response.read()
    finally:
        connection.close()


class Pages:
    """The site over the store as it is now: made again, when asked, after an update."""

    def __init__(self, store: pyoxigraph.Store | None, base: str | None, backend: tuple) -> None:
        """``store`` None: read the store back from Oxigraph (the ``--writable`` case)."""
        self.base, self.backend = site.check_base(base), backend
        self.current = site.Site(store, base, serving=True) if store is not None else None
        self.lock = threading.Lock()

    def site(self) -> site.Site:
        with self.lock:
            if self.current is None:
                self.current = site.Site(self.read_back(), self.base, serving=True)
            return self.current

    def changed(self) -> None:
        with self.lock:
            self.current = None

    def read_back(self) -> pyoxigraph.Store:
        status, _, body = call(
            self.backend, "GET", "/store", None, {"Accept": "application/n-quads"}
        )
        if status != 200:
            raise ServeError(f"the oxigraph server did not give its store: HTTP {status}")
        memory = pyoxigraph.Store()
        memory.bulk_load(body, pyoxigraph.RdfFormat.N_QUADS)
        return memory


class Front(BaseHTTPRequestHandler):
    """One request: the endpoint passed to Oxigraph, a negotiated resource, or a page."""

    def __init__(self, *args, pages: Pages, backend: tuple[str, int], **kwargs) -> None:
        self.live, self.backend = pages, backend
        super().__init__(*args, **kwargs)

    def do_GET(self) -> None:
        path, _, query = self.path.partition("?")
        if path in ENDPOINTS:
            self.forward()
        elif match := SAVED_QUERY.fullmatch(path):
            self.run_saved(match[1], query)
        else:
            self.resource(unquote(path).lstrip("/") or "index.html")

    do_HEAD = do_GET

    def do_POST(self) -> None:
        if self.path.partition("?")[0] in ENDPOINTS:
            self.forward()
        else:
            self.send_error(405)

    do_PUT = do_DELETE = do_POST

    def forward(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else None
        headers = {k: self.headers[k] for k in ("Content-Type", "Accept") if self.headers[k]}
        status, content_type, answer = call(self.backend, self.command, self.path, body, headers)
        writes = self.command not in ("GET", "HEAD") and not self.path.startswith("/query")
        if writes and status < 300:
            self.live.changed()
        self.reply(status, content_type, answer)

    def sparql(self, text: str, accept: str) -> bytes:
        headers = {"Content-Type": "application/sparql-query", "Accept": accept}
        status, _, body = call(self.backend, "POST", "/query", text.encode("utf-8"), headers)
        if status != 200:
            raise queries.QueryError(body.decode("utf-8", "replace").strip() or f"HTTP {status}")
        return body

    def resource(self, path: str) -> None:
        """A page of the site, or an IRI's description in the media type asked for."""
        if path == "style.css":
            return self.reply(200, "text/css; charset=utf-8", site.style())
        pages = self.live.site()
        if path in pages.decoded:
            return self.page(pages, pages.decoded[path])
        page = pages.decoded.get(path + ".html")
        if page is None or pages.routes[page][0] not in ("resource", "ontology"):
            return self.send_error(404)
        media_type = negotiate(self.headers.get("Accept", ""))
        if media_type is None:
            return self.send_error(406, "text/html, text/turtle, application/ld+json, "
                                   "application/n-triples")  # fmt: skip
        if media_type == "text/html":
            return self.page(pages, page)
        iri = pages.routes[page][1]
        query = ONTOLOGY if iri == site.ONTOLOGY else DESCRIBE % (iri, iri)
        triples = pyoxigraph.parse(
            self.sparql(query, "application/n-triples"), pyoxigraph.RdfFormat.N_TRIPLES
        )
        text = pyoxigraph.serialize(
            sorted(rebase(triples, pages.base), key=str),
            format=MEDIA_TYPES[media_type],
            prefixes=site.PREFIXES if media_type == "text/turtle" else None,
        )
        self.reply(200, media_type + "; charset=utf-8", text, vary=True)

    def page(self, pages: site.Site, path: str) -> None:
        self.reply(200, "text/html; charset=utf-8", pages.page(path).encode("utf-8"))

    def run_saved(self, name: str, query_string: str) -> None:
        """A saved query run through Oxigraph, its parameters from the form, as a table."""
        names = {q.name: q for q in queries.catalogue()}
        if name not in names:
            return self.send_error(404, f"no saved query {name}")
        saved = names[name]
        values = {k: v for k, v in parse_qsl(query_string) if v}
        try:
            text = queries.with_values(saved.text, queries.bindings(saved, values))
            results = json.loads(self.sparql(text, "application/sparql-results+json"))
        except queries.QueryError as error:
            return self.send_error(400, str(error).splitlines()[0])
        columns = results["head"]["vars"]
        rows = [
            [b.get(c, {}).get("value", "") for c in columns] for b in results["results"]["bindings"]
        ]
        html = site.render(
            "result.html", f"queries/{name}", self.live.base, True,
            query=saved, values=values, table=queries.Table(columns, rows),
        )  # fmt: skip
        self.reply(200, "text/html; charset=utf-8", html.encode("utf-8"))

    def reply(self, status: int, content_type: str, body: bytes, vary: bool = False) -> None:
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        if vary:
            self.send_header("Vary", "Accept")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


def rebase(quads, base: str | None):
    """The parsed triples, munikg's IRIs moved under ``base`` (as published) when given."""

    def moved(term):
        if base and isinstance(term, pyoxigraph.NamedNode) and term.value.startswith(site.BASE):
            return pyoxigraph.NamedNode(base + term.value[len(site.BASE) :])
        return term

    for quad in quads:
        yield pyoxigraph.Triple(moved(quad.subject), moved(quad.predicate), moved(quad.object))


def serve(
    store: Path,
    host: str = "127.0.0.1",
    port: int = 7878,
    writable: bool = False,
    base: str | None = None,
) -> int:
    """Serve until Oxigraph exits (its status) or Ctrl-C stops both (0)."""
    if not store.is_dir():
        raise StoreError(f"{store}: no store here; run `munikg build` first")
    backend = ("127.0.0.1", free_port())
    pages = Pages(None if writable else open_store(store), base, backend)
    try:
        front = ThreadingHTTPServer((host, port), partial(Front, pages=pages, backend=backend))
    except OSError as error:
        raise ServeError(f"cannot listen on {host}:{port}: {error.strerror}") from None
    mode = "serve" if writable else "serve-read-only"
    bind = f"{backend[0]}:{backend[1]}"
    command = [server_binary(), mode, "--location", str(store), "--bind", bind]
    # A shell may start us with SIGINT ignored, which a child would inherit; a handler is not
    # inherited, so with this one both processes stop on Ctrl-C.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    process = subprocess.Popen([*command, "--union-default-graph"])
    thread = threading.Thread(target=front.serve_forever, daemon=True)
    try:
        if not listening(process, *backend):
            raise ServeError(f"the oxigraph server did not start on {bind}")
        thread.start()
        print(f"SPARQL endpoint: http://{host}:{port}/query", flush=True)
        print(f"pages: http://{host}:{port}/ (Ctrl-C stops the server)", flush=True)
        return process.wait()
    except KeyboardInterrupt:
        return 0
    finally:
        if thread.is_alive():
            front.shutdown()
        front.server_close()
        stop(process)
