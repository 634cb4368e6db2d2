"""Each saved query rewritten for speed gives the rows of the text it replaced.

``tests/data/queries-before/`` holds the saved queries as they were before the rewrites of
issue 11 (main at 04124e4, with the reference patterns moved out of the document graphs for the
shared reference graph: see the note at the top of each). Both texts run on the store built from
the bundled sources, with the default parameters and with other values where the query declares
parameters; columns and rows must be identical, in order (every saved query ends with ORDER BY),
and not empty. The slowest reference text (digital-initiatives) takes a few seconds; each
reference table is computed once per session.

The queries that read what many documents state alike (an organisation named by every city, a
foreign venue) are compared on the synthetic corpus too (conftest.py), where those statements
repeat.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from munikg import build, queries
from munikg.store import open_store

REFERENCE = Path(__file__).resolve().parent / "data" / "queries-before"

# Values besides the defaults, each giving rows: the cities of the bundled documents, themes with
# KPIs in several cities, years in which other plans are in force, departments of 日立市.
PARAM_VALUES: dict[str, dict[str, list[str]]] = {
    "kpi-observations": {"city": ["水戸市", "つくばみらい市", "日立市"]},
    "kpis-by-theme": {"theme": ["childcare", "industry-employment", "digital-transformation"]},
    "plans-in-force": {"year": ["2015", "2020"]},
    "provenance": {
        "iri": [
            "https://w3id.org/munikg/id/city/082023/department/%E7%A7%98%E6%9B%B8%E8%AA%B2",
            "https://w3id.org/munikg/id/city/082023/department/%E5%BA%83%E5%A0%B1%E6%88%A6%E7%95%A5%E8%AA%B2",
        ]
    },
}


def reference_queries() -> list[queries.SavedQuery]:
    return [queries.load(path) for path in sorted(REFERENCE.glob("*.rq"))]


def cases() -> list:
    params = []
    for reference in reference_queries():
        params.append(pytest.param(reference.name, {}, id=reference.name))
        for name, values in PARAM_VALUES.get(reference.name, {}).items():
            for value in values:
                label = f"{reference.name}[{name}={value[-24:]}]"
                params.append(pytest.param(reference.name, {name: value}, id=label))
    return params


@pytest.fixture(scope="session")
def reference_table(store):
    """``reference_table(name, params)``: the reference text's table, computed once."""
    cache: dict[tuple[str, tuple[tuple[str, str], ...]], queries.Table] = {}

    def run(name: str, params: dict[str, str]) -> queries.Table:
        key = (name, tuple(sorted(params.items())))
        if key not in cache:
            cache[key] = queries.run(store, queries.load(REFERENCE / f"{name}.rq"), params)
        return cache[key]

    return run


# Queries over statements that documents repeat.
REPEATED = ("digital-initiatives", "meetings-elsewhere", "partner-agreements", "shared-partners")


@pytest.fixture(scope="module")
def corpus_store(synthetic_corpus, tmp_path_factory):
    sources, _ = synthetic_corpus
    out = tmp_path_factory.mktemp("corpus-build")
    build.write_outputs(build.run(sources, out), out)
    return open_store(out / "store")


def test_every_reference_text_is_of_a_saved_query():
    """A copy is kept of each rewritten query only; the others are main's texts unchanged."""
    saved = {query.name for query in queries.catalogue()}
    copies = {query.name for query in reference_queries()}
    assert copies <= saved
    assert len(copies) == 18


def test_every_declared_parameter_has_test_values():
    for query in reference_queries():
        assert {p.name for p in query.params} == set(PARAM_VALUES.get(query.name, {})), query.name


def test_rewrites_keep_the_header():
    """Title, question, parameters and columns are those of the reference text."""
    for reference in reference_queries():
        saved = queries.resolve(reference.name)
        for key in ("title", "title@ja", "question", "columns"):
            assert saved.meta.get(key) == reference.meta.get(key), (reference.name, key)
        assert saved.params == reference.params, reference.name


def test_every_saved_query_orders_its_rows():
    for query in queries.catalogue():
        assert re.search(r"^ORDER BY\b", query.text, re.MULTILINE), query.name


@pytest.mark.parametrize(("name", "params"), cases())
def test_rewrite_gives_the_reference_rows(store, reference_table, name, params):
    expected = reference_table(name, params)
    actual = queries.run(store, queries.resolve(name), params)
    assert expected.rows, "the comparison needs rows"
    assert actual.columns == expected.columns
    assert actual.rows == expected.rows


@pytest.mark.parametrize("name", REPEATED)
def test_rewrite_gives_the_reference_rows_on_a_corpus(corpus_store, name):
    """The reference rows once each: a reference text joins a label that two documents state
    (台南市, named by both copies of 水戸市's report) once per copy and repeats the row."""
    expected = queries.run(corpus_store, queries.load(REFERENCE / f"{name}.rq"), {})
    actual = queries.run(corpus_store, queries.resolve(name), {})
    assert len({row[0] for row in expected.rows}) >= 2, "the comparison needs two cities"
    assert actual.columns == expected.columns
    assert actual.rows == [list(row) for row in dict.fromkeys(map(tuple, expected.rows))]


def test_digital_initiatives_prefilter_lists_the_keywords():
    """The REGEX that tests every text once names exactly the keywords of the VALUES table."""
    text = queries.resolve("digital-initiatives").text
    keywords = re.findall(r'\("[\w-]+" "([^"]+)" \d\)', text)
    (alternatives,) = re.findall(r'FILTER \(REGEX\(\?text, "([^"]+)", "i"\)\)', text)
    assert sorted(alternatives.split("|")) == sorted(keywords)
    assert len(keywords) == 20
