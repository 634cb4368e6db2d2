"""Publication to a real Oxigraph server, remote saved queries and the local endpoint.

The integration tests start the ``oxigraph`` server of the ``oxigraph`` package on 127.0.0.1 and
compare what it holds with the build; the fault tests stop it half-way, or stand a tiny HTTP
server in its place that only ever answers one status.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from collections import defaultdict
from dataclasses import asdict
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pyoxigraph
import pytest

from munikg import build, dataset, publish, queries, serve, terms
from munikg.cli import main
from munikg.sources import read_manifest
from munikg.store import open_store

SOURCES = Path(__file__).resolve().parents[1] / "data" / "sources"
SMALL = ["hitachi-johoka-action-plan-r2.txt", "hitachi-sogo-keikaku-bunya6.txt"]
CHANGED = "https://w3id.org/munikg/graph/hitachi-sogo-keikaku-bunya6"
REFERENCE = str(terms.REFERENCE_GRAPH)
INFERRED = str(terms.INFERRED_GRAPH)


class Oxigraph:
    """A real Oxigraph server on 127.0.0.1 whose data directory outlives a restart."""

    def __init__(self, location: Path) -> None:
        self.location, self.port = location, serve.free_port()
        self.url = f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        bind = f"127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [serve.server_binary(), "serve", "--location", str(self.location), "--bind", bind],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        assert serve.listening(self.process, "127.0.0.1", self.port), "oxigraph did not start"

    def stop(self) -> None:
        serve.stop(self.process)

    def content(self) -> dict[str, list[str]]:
        """Every graph the server holds, as canonical N-Triples lines (the whole store, GET)."""
        request = urllib.request.Request(
            f"{self.url}/store", headers={"Accept": "application/n-quads"}
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            quads = pyoxigraph.parse(response.read(), pyoxigraph.RdfFormat.N_QUADS)
        graphs = defaultdict(list)
        for quad in quads:
            graphs[quad.graph_name.value].append(quad.triple)
        return {name: publish.local_graph(name, triples).lines for name, triples in graphs.items()}


def expected(out: Path, endpoint: publish.Endpoint) -> dict[str, list[str]]:
    """What the store must hold after publishing the build in ``out``."""
    store = open_store(out / "store")
    graphs = publish.content_graphs(store)
    described = publish.description(store, out, graphs, endpoint.query_url)
    return {g.name: g.lines for g in [*graphs, described]}


def run(out: Path, endpoint: publish.Endpoint, stop_after: Oxigraph | None = None) -> list:
    """Publish; the steps done, as (action, graph). ``stop_after`` is stopped after the 2nd."""
    steps = []

    def progress(action: str, graph: str, triples: int) -> None:
        steps.append((action, graph))
        if stop_after and len(steps) == 2:
            stop_after.stop()

    publish.publish(out, endpoint, progress)
    return steps


def make_build(directory: Path, files: list[str], changed: str | None = None) -> Path:
    """A build of some bundled sources; ``changed`` gets one more line."""
    infos = {info.file: info for info in read_manifest(SOURCES)}
    sources = directory / "sources"
    sources.mkdir(parents=True)
    entries = []
    for name in files:
        extra = "\n追加された行\n" if name == changed else ""
        text = (SOURCES / name).read_text(encoding="utf-8") + extra
        (sources / name).write_text(text, encoding="utf-8")
        fields = [(k, v) for k, v in asdict(infos[name]).items() if v is not None]
        entries.append(
            "[[document]]\n"
            + "".join(f"{k} = {json.dumps(v, ensure_ascii=False)}\n" for k, v in fields)
        )
    (sources / "manifest.toml").write_text("\n".join(entries), encoding="utf-8")
    build.write_outputs(build.run(sources, directory / "out"), directory / "out")
    return directory / "out"


@pytest.fixture(scope="module")
def builds(tmp_path_factory) -> dict[str, Path]:
    """Two documents; the same with the second changed; the first alone."""
    root = tmp_path_factory.mktemp("builds")
    return {
        "before": make_build(root / "before", SMALL),
        "changed": make_build(root / "changed", SMALL, changed=SMALL[1]),
        "fewer": make_build(root / "fewer", SMALL[:1]),
    }


@pytest.fixture
def oxigraph(tmp_path):
    server = Oxigraph(tmp_path / "oxigraph")
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def published(built, tmp_path_factory):
    """The whole bundled graph published once to a server that runs for the module."""
    server = Oxigraph(tmp_path_factory.mktemp("published") / "oxigraph")
    server.start()
    endpoint = publish.Endpoint.at(server.url)
    steps = run(built, endpoint)
    yield server, endpoint, steps
    server.stop()


# -- the whole graph -----------------------------------------------------------------------------


@pytest.mark.integration
def test_publish_uploads_every_graph_and_the_store_equals_the_build(published, built):
    server, endpoint, steps = published
    summary = json.loads((built / "summary.json").read_text(encoding="utf-8"))
    documents = {d["graph"]: d["triples"] for d in summary["documents"]}
    special = {publish.ONTOLOGY_GRAPH, publish.DESCRIPTION_GRAPH, REFERENCE, INFERRED}
    content = server.content()
    assert set(content) == set(documents) | special
    assert {graph: len(content[graph]) for graph in documents} == documents
    assert content == expected(built, endpoint)
    assert [action for action, _ in steps] == ["uploaded"] * len(content)
    assert steps[-1] == ("uploaded", publish.DESCRIPTION_GRAPH), "the description goes last"


BLANK_NODES = """SELECT DISTINCT ?b WHERE {
  GRAPH ?g { { ?b ?p ?o } UNION { ?s ?p ?b } } FILTER isBlank(?b)
}"""


def masked(rows: list[list[str]], blank_nodes: set[str]) -> list[list[str]]:
    """The rows, sorted, with each blank node as ``_:``: two stores never name them alike."""
    return sorted([["_:" if value in blank_nodes else value for value in row] for row in rows])


@pytest.mark.integration
def test_saved_queries_give_the_same_rows_on_the_server(published, store):
    _, endpoint, _ = published
    local_blanks = {solution["b"].value for solution in store.query(BLANK_NODES)}
    remote_blanks = {row["b"] for row in endpoint.select(BLANK_NODES)[1]}
    saved = queries.catalogue()
    assert saved, "no saved query to compare"
    for query in saved:
        local = queries.run(store, query, {})
        remote = queries.run_remote(endpoint, query, {})
        assert remote.columns == local.columns, query.name
        assert masked(remote.rows, remote_blanks) == masked(local.rows, local_blanks), query.name


@pytest.mark.integration
def test_query_command_reads_the_server(published, built, capsys):
    server, _, _ = published
    name = queries.catalogue()[0].name
    assert main(["query", name, "--store", str(built / "store"), "--format", "csv"]) == 0
    local = capsys.readouterr().out
    assert main(["query", name, "--endpoint", server.url, "--format", "csv"]) == 0
    assert capsys.readouterr().out == local


PARAM_QUERY = """# title: Documents of one city
# param: city string 水戸市 -- the city's name
# columns: document, title, city
PREFIX mk: <https://w3id.org/munikg/def#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT DISTINCT ?document (STR(?t) AS ?title) ?city WHERE {
  ?document a mk:SourceDocument ; dcterms:title ?t ; mk:city ?c .
  ?c rdfs:label ?label .
  FILTER (STR(?label) = ?city)
}
ORDER BY ?document
"""
HOSTILE = 'x" ) } } ; DROP ALL ; # { "'


@pytest.mark.integration
@pytest.mark.parametrize(("city", "rows"), [("水戸市", 2), ("日立市", 2), (HOSTILE, 0)])
def test_remote_parameters_are_bound_as_terms(published, built, store, tmp_path, city, rows):
    server, endpoint, _ = published
    path = tmp_path / "documents-of-city.rq"
    path.write_text(PARAM_QUERY, encoding="utf-8")
    query = queries.load(path)
    local = queries.run(store, query, {"city": city})
    remote = queries.run_remote(endpoint, query, {"city": city})
    assert len(remote.rows) == rows
    assert (remote.columns, remote.rows) == (local.columns, local.rows)
    if city == HOSTILE:
        assert server.content() == expected(built, endpoint)


@pytest.mark.integration
def test_description_says_what_was_published(published, built):
    server, endpoint, _ = published
    summary = json.loads((built / "summary.json").read_text(encoding="utf-8"))
    content = server.content()
    facts = f"""
    PREFIX dcterms: <http://purl.org/dc/terms/>
    PREFIX void: <http://rdfs.org/ns/void#>
    PREFIX dcat: <http://www.w3.org/ns/dcat#>
    SELECT ?title_ja ?title_en ?license ?modified ?sparql ?service ?triples WHERE {{
      GRAPH <{publish.DESCRIPTION_GRAPH}> {{
        <{dataset.DATASET}> dcterms:title ?title_ja, ?title_en ; dcterms:license ?license ;
          dcterms:modified ?modified ; void:sparqlEndpoint ?sparql ; void:triples ?triples ;
          dcat:distribution/dcat:accessService/dcat:endpointURL ?service .
        FILTER (LANG(?title_ja) = "ja" && LANG(?title_en) = "en")
      }}
    }}"""
    _, [row] = endpoint.select(facts)
    assert row["title_ja"] == dataset.TITLE["ja"] and row["title_en"] == dataset.TITLE["en"]
    assert row["license"] == "https://creativecommons.org/licenses/by/4.0/"
    assert row["modified"] == summary["built_at"].replace("+00:00", "Z")
    assert row["sparql"] == row["service"] == f"{server.url}/query"
    published_graphs = set(content) - {publish.DESCRIPTION_GRAPH}
    assert int(row["triples"]) == sum(len(content[g]) for g in published_graphs)

    per_graph = f"""
    PREFIX void: <http://rdfs.org/ns/void#>
    PREFIX mk: <https://w3id.org/munikg/def#>
    SELECT ?graph ?triples ?digest WHERE {{ GRAPH <{publish.DESCRIPTION_GRAPH}> {{
      <{dataset.DATASET}> void:subset ?graph . ?graph void:triples ?triples ;
        mk:contentDigest ?digest }} }}"""
    _, rows = endpoint.select(per_graph)
    assert {r["graph"]: int(r["triples"]) for r in rows} == {
        g: len(content[g]) for g in published_graphs
    }
    for r in rows:
        body = "".join(content[r["graph"]]).encode("utf-8")
        assert r["digest"] == "sha256:" + hashlib.sha256(body).hexdigest()

    sources = f"""
    PREFIX dcterms: <http://purl.org/dc/terms/>
    PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
    PREFIX mk: <https://w3id.org/munikg/def#>
    PREFIX void: <http://rdfs.org/ns/void#>
    SELECT ?title ?city ?example WHERE {{ GRAPH <{publish.DESCRIPTION_GRAPH}> {{
      ?graph dcterms:source ?document . ?document dcterms:title ?title ; mk:city ?example .
      ?example rdfs:label ?city . <{dataset.DATASET}> void:exampleResource ?example }} }}"""
    _, rows = endpoint.select(sources)
    manifest = read_manifest(SOURCES)
    assert sorted((r["title"], r["city"]) for r in rows) == sorted(
        (info.title, info.city_name) for info in manifest
    )
    assert {r["example"] for r in rows} == {
        f"https://w3id.org/munikg/id/city/{code}" for code in ("082015", "082023", "082350")
    }

    cities = f"""
    PREFIX void: <http://rdfs.org/ns/void#>
    SELECT ?entities WHERE {{ GRAPH <{publish.DESCRIPTION_GRAPH}> {{
      <{dataset.DATASET}> void:classPartition ?partition .
      ?partition void:class <https://w3id.org/munikg/def#City> ; void:entities ?entities }} }}"""
    assert endpoint.select(cities)[1] == [{"entities": "3"}]


@pytest.mark.integration
def test_publishing_again_uploads_nothing(published, built):
    server, endpoint, _ = published
    before = server.content()
    steps = run(built, endpoint)
    assert {action for action, _ in steps} == {"unchanged"}
    assert server.content() == before


# -- changes and faults --------------------------------------------------------------------------


@pytest.mark.integration
def test_a_changed_document_replaces_only_its_graph_and_a_removed_one_is_deleted(builds, oxigraph):
    endpoint = publish.Endpoint.at(oxigraph.url)
    run(builds["before"], endpoint)
    steps = run(builds["changed"], endpoint)
    uploaded = [graph for action, graph in steps if action == "uploaded"]
    # the changed document's new residue line is a resource with inferred types of its own
    assert uploaded == [CHANGED, INFERRED, publish.DESCRIPTION_GRAPH]
    assert oxigraph.content() == expected(builds["changed"], endpoint)

    steps = run(builds["fewer"], endpoint)
    assert ("deleted", CHANGED) in steps
    assert oxigraph.content() == expected(builds["fewer"], endpoint)


@pytest.mark.integration
def test_a_run_cut_short_by_the_server_dying_is_completed_by_running_it_again(builds, oxigraph):
    endpoint = publish.Endpoint.at(oxigraph.url, backoff=0.05)
    with pytest.raises(publish.PublishError, match="cannot reach") as failure:
        run(builds["before"], endpoint, stop_after=oxigraph)
    assert failure.value.exit_code == 3
    oxigraph.start()
    run(builds["before"], endpoint)
    assert oxigraph.content() == expected(builds["before"], endpoint)


@pytest.mark.integration
def test_a_graph_uploaded_by_a_dead_run_is_not_taken_as_up_to_date(builds, oxigraph):
    """The changed graph went up, the description did not; then the change is undone."""
    endpoint = publish.Endpoint.at(oxigraph.url, backoff=0.05)
    run(builds["before"], endpoint)
    with pytest.raises(publish.PublishError):
        run(builds["changed"], endpoint, stop_after=oxigraph)
    oxigraph.start()
    steps = run(builds["before"], endpoint)
    assert ("uploaded", CHANGED) in steps
    assert oxigraph.content() == expected(builds["before"], endpoint)


@pytest.mark.integration
def test_a_graph_altered_in_the_store_fails_verification_and_is_repaired(builds, oxigraph):
    endpoint = publish.Endpoint.at(oxigraph.url)
    run(builds["before"], endpoint)
    endpoint.update(f"DELETE WHERE {{ GRAPH <{CHANGED}> {{ ?s a ?class }} }}")
    graphs = publish.content_graphs(open_store(builds["before"] / "store"))
    with pytest.raises(publish.MismatchError, match=f"<{CHANGED}> has ") as failure:
        publish.verify(endpoint, graphs)
    assert failure.value.exit_code == 1
    assert "hitachi-johoka" not in str(failure.value)
    steps = run(builds["before"], endpoint)
    uploaded = [graph for action, graph in steps if action == "uploaded"]
    assert uploaded == [CHANGED, publish.DESCRIPTION_GRAPH]
    assert oxigraph.content() == expected(builds["before"], endpoint)


@pytest.mark.integration
def test_update_is_used_where_the_graph_store_protocol_is_missing(builds, oxigraph):
    endpoint = publish.Endpoint.at(oxigraph.url, graph_store=f"{oxigraph.url}/no-such-service")
    run(builds["before"], endpoint)
    assert endpoint.graph_store is False
    run(builds["fewer"], endpoint)
    assert oxigraph.content() == expected(builds["fewer"], endpoint)


class Stub:
    """A tiny HTTP server answering every request with one status, recording what it got."""

    def __init__(self, status: int) -> None:
        requests = self.requests = []

        class Handler(BaseHTTPRequestHandler):
            def answer(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                self.rfile.read(length)
                requests.append((self.command, self.headers.get("Authorization")))
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            do_GET = do_POST = do_PUT = do_DELETE = answer

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def stub():
    started = []

    def start(status: int) -> Stub:
        started.append(Stub(status))
        return started[-1]

    yield start
    for server in started:
        server.close()


@pytest.mark.parametrize("status", [401, 403])
def test_an_authentication_failure_is_one_line_and_not_retried(
    builds, stub, monkeypatch, capsys, status
):
    monkeypatch.setenv("MUNIKG_USER", "publisher")
    monkeypatch.setenv("MUNIKG_PASSWORD", "s3cret-pass")
    server = stub(status)
    code = main(["publish", "--endpoint", server.url, "--build", str(builds["before"])])
    out, err = capsys.readouterr()
    assert code == 2
    assert err.count("\n") == 1 and "authentication failed" in err and str(status) in err
    assert len(server.requests) == 1, "an auth failure must not be retried"
    token = base64.b64encode(b"publisher:s3cret-pass").decode("ascii")
    assert server.requests[0][1] == f"Basic {token}"
    assert "s3cret-pass" not in out + err


def test_server_errors_are_retried_with_backoff(builds, stub):
    server = stub(503)
    endpoint = publish.Endpoint.at(server.url, backoff=0.01)
    with pytest.raises(publish.PublishError, match="503") as failure:
        publish.publish(builds["before"], endpoint)
    assert failure.value.exit_code == 3
    assert len(server.requests) == endpoint.tries == 3


@pytest.mark.integration
def test_a_wrong_endpoint_is_one_clear_line(builds, oxigraph, capsys):
    closed = f"http://127.0.0.1:{serve.free_port()}"
    cases = [
        (closed, 3, f"cannot reach {closed}/query: Connection refused"),
        (f"{oxigraph.url}/nowhere", 2, "HTTP 404 Not Found (is --endpoint the server's base"),
        ("127.0.0.1:7878", 2, "expected an http:// or https:// URL"),
    ]
    for url, code, message in cases:
        assert main(["publish", "--endpoint", url, "--build", str(builds["before"])]) == code
        err = capsys.readouterr().err
        assert err.startswith("munikg: error: ") and err.count("\n") == 1, err
        assert message in err


def test_credentials_come_from_the_environment_or_netrc(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv("MUNIKG_USER", raising=False)
    monkeypatch.delenv("MUNIKG_PASSWORD", raising=False)
    assert publish.credentials("store.example.org") is None
    netrc = tmp_path / ".netrc"
    netrc.write_text("machine store.example.org login reader password from-netrc\n")
    netrc.chmod(0o600)
    assert publish.credentials("store.example.org") == ("reader", "from-netrc")
    assert publish.credentials("other.example.org") is None
    monkeypatch.setenv("MUNIKG_USER", "writer")
    monkeypatch.setenv("MUNIKG_PASSWORD", "from-env")
    assert publish.credentials("store.example.org") == ("writer", "from-env")
    monkeypatch.delenv("MUNIKG_PASSWORD")
    with pytest.raises(publish.ConfigError, match="both MUNIKG_USER and MUNIKG_PASSWORD"):
        publish.credentials("store.example.org")


def test_endpoint_urls_default_to_oxigraph_paths_and_never_hold_credentials():
    endpoint = publish.Endpoint.at("https://store.example.org/munikg/")
    assert (endpoint.query_url, endpoint.update_url, endpoint.graph_store_url) == (
        "https://store.example.org/munikg/query",
        "https://store.example.org/munikg/update",
        "https://store.example.org/munikg/store",
    )
    with pytest.raises(publish.ConfigError) as failure:
        publish.Endpoint.at("https://user:secret@store.example.org")
    assert "secret" not in str(failure.value)


# -- binding parameters as VALUES ----------------------------------------------------------------

TRICKY = """# question: which { braces } and "quotes" in a comment? #
PREFIX ex: <http://example.org/#>
SELECT ?s ?wanted (CONCAT("{", ?name, '}#') AS ?shown) WHERE {
  ?s ex:name ?name .
  FILTER (?name = ?wanted)
}
"""


@pytest.mark.parametrize(
    ("wanted", "found"),
    [("a", ["s1"]), ('a" ) } # {', ["s2"]), ("a'} UNION { ?s ?p ?o }", []), ("b\\", ["s3"])],
)
def test_values_binds_a_term_without_changing_the_query(wanted, found):
    store = pyoxigraph.Store()
    for s, name in [("s1", "a"), ("s2", 'a" ) } # {'), ("s3", "b\\")]:
        store.add(
            pyoxigraph.Quad(
                pyoxigraph.NamedNode(f"http://example.org/{s}"),
                pyoxigraph.NamedNode("http://example.org/#name"),
                pyoxigraph.Literal(name),
            )
        )
    bound = {pyoxigraph.Variable("wanted"): pyoxigraph.Literal(wanted)}
    text = queries.with_values(TRICKY, bound)
    assert text.startswith(TRICKY[: TRICKY.index("WHERE {") + len("WHERE {")] + " VALUES (?wanted)")

    def rows(solutions) -> list:
        return [[term.value for term in solution] for solution in solutions]

    remote_way = rows(store.query(text))
    assert remote_way == rows(store.query(TRICKY, substitutions=bound))
    assert [row[0] for row in remote_way] == [f"http://example.org/{s}" for s in found]


# -- the local endpoint --------------------------------------------------------------------------


def sparql(url: str, query: str | None = None, update: str | None = None) -> tuple[int, bytes]:
    body = query if query is not None else update
    kind = "query" if query is not None else "update"
    request = urllib.request.Request(
        f"{url}/{kind}",
        data=body.encode("utf-8"),
        headers={
            "Content-Type": f"application/sparql-{kind}",
            "Accept": "application/sparql-results+json",
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, b""


@pytest.mark.integration
@pytest.mark.parametrize(("writable", "update_status"), [(False, 403), (True, 204)])
def test_serve_answers_queries_and_stops_on_ctrl_c(built, store, tmp_path, writable, update_status):
    location = built / "store"
    if writable:  # never write the shared build's store
        location = shutil.copytree(location, tmp_path / "store")
    port = serve.free_port()
    url = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "munikg", "serve", "--store", str(location)]
    command += ["--port", str(port)]
    process = subprocess.Popen(
        command + (["--writable"] if writable else []),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=os.environ,
    )
    try:
        # munikg prints the endpoint once the server listens (or exits within 15 s if it cannot)
        assert process.stdout.readline() == f"SPARQL endpoint: {url}/query\n"
        status, body = sparql(url, query="SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        answer = json.loads(body)["results"]["bindings"][0]["n"]["value"]
        assert (status, int(answer)) == (200, len(store)), "the union of all graphs"
        insert = "INSERT DATA { <http://example.org/s> <http://example.org/p> 1 }"
        assert sparql(url, update=insert)[0] == update_status
    finally:
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=30)
    assert process.returncode == 0, err
