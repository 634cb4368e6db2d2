"""Every saved query gives the same rows on Apache Jena and on Virtuoso as on the embedded store,
and what a store answers to a query it rejects reaches the user as its own message.

The stores (tests/triplestores.py) are loaded with ``munikg publish``, which is so exercised
against both: Jena through SPARQL Update, Virtuoso through its graph store endpoint.
"""

from __future__ import annotations

import re

import pytest

import triplestores
from munikg import queries, serve
from munikg.cli import main

STORES = {"jena": triplestores.jena, "virtuoso": triplestores.virtuoso}
# Values for the parameters that have no default; each gives rows on the bundled sources.
VALUES = {
    "kpi-observations": {"city": "水戸市"},
    "project-budgets": {"city": "水戸市"},
    "provenance": {
        "iri": "https://w3id.org/munikg/id/city/082023/department/%E7%A7%98%E6%9B%B8%E8%AA%B2"
    },
}
CASES = [pytest.param(q.name, {}, id=q.name) for q in queries.catalogue()] + [
    pytest.param(name, values, id=f"{name}-{'-'.join(values)}") for name, values in VALUES.items()
]
ORDERED = re.compile(r"\bORDER\s+BY\b", re.I)
INVALID = "SELECT ?x WHERE { ?x }\n"
# A query valid on every store that each fails to run: Virtuoso takes 1/0 for an error of the
# whole query (SPARQL leaves the one value unbound); Jena calls a SERVICE that is not there.
FAILING = {
    "jena": "SELECT * WHERE { SERVICE <http://127.0.0.1:{port}/sparql> { ?s ?p ?o } }\n",
    "virtuoso": "SELECT (1/0 AS ?x) WHERE {}\n",
}
MESSAGES = {
    ("jena", 400): 'Parse error: Encountered " "}" "} "" at line 1, column 22.',
    ("jena", 500): "HttpException: -1 Unexpected error making the query",
    ("virtuoso", 400): "Virtuoso 37000 Error SP030: SPARQL compiler, line 1: syntax error",
    ("virtuoso", 500): "Virtuoso 22012 Error SR084: Division by 0.",
}


@pytest.fixture(scope="module", params=sorted(STORES))
def server(request, built, tmp_path_factory):
    """A store holding the build, published with ``munikg publish``."""
    with STORES[request.param](tmp_path_factory.mktemp(request.param)) as server:
        assert main(["publish", "--build", str(built), *server.options]) == 0
        yield server


@pytest.mark.integration
@pytest.mark.parametrize(("name", "values"), CASES)
def test_a_saved_query_gives_the_rows_of_the_embedded_store(server, store, name, values):
    query = queries.resolve(name)
    local = queries.run(store, query, values)
    remote = queries.run_remote(server.endpoint(), query, values)
    assert local.rows, f"{name} answers nothing on the bundled sources: equality would say nothing"
    assert remote.columns == local.columns
    if ORDERED.search(query.text):
        assert remote.rows == local.rows
    else:
        assert sorted(remote.rows) == sorted(local.rows)


@pytest.mark.integration
def test_a_query_the_store_rejects_is_reported_with_its_status_and_message(
    server, tmp_path, capsys
):
    """A 4xx is something to fix (exit 2), a 5xx a failing store (exit 3, after the retries):
    either way the store's own message, not "cannot reach"."""
    failing = FAILING[server.name].replace("{port}", str(serve.free_port()))
    cases = [
        (INVALID, 2, f"HTTP 400 Bad Request: {MESSAGES[server.name, 400]}"),
        (failing, 3, f"HTTP 500 Internal Server Error: {MESSAGES[server.name, 500]}"),
    ]
    for text, code, message in cases:
        query = tmp_path / "rejected.rq"
        query.write_text(text, encoding="utf-8")
        options = ["--endpoint", server.base, "--sparql", server.sparql]
        assert main(["query", str(query), *options]) == code
        out, err = capsys.readouterr()
        assert out == ""
        assert err.startswith(f"munikg: error: {server.sparql}: {message}")
        assert err.count("\n") == 1
