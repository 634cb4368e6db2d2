"""`munikg query --format`: SPARQL 1.1 results (JSON, XML, CSV, TSV) for SELECT and ASK, Turtle
and N-Triples for CONSTRUCT and DESCRIBE, from the embedded store and from a server over HTTP.

Each output is parsed back with a reader of its format and must hold the bundled data's terms:
日立市's code 082023 as a plain literal, its label in Japanese, a KPI's value as an xsd:decimal
beside the text printed in the source.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pyoxigraph
import pytest

from munikg import publish, queries, serve
from munikg.cli import main

MK = "https://w3id.org/munikg/def#"
XSD = "http://www.w3.org/2001/XMLSchema#"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
HITACHI = "https://w3id.org/munikg/id/city/082023"
SPARQL_RESULTS = "{http://www.w3.org/2005/sparql-results#}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
PREFIXES = """PREFIX mk: <https://w3id.org/munikg/def#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""
SELECT = (
    PREFIXES
    + """SELECT DISTINCT ?code ?label ?value ?raw WHERE {
  ?city mk:localGovernmentCode ?code ; rdfs:label ?label .
  ?indicator mk:city ?city ; rdfs:label ?name .
  FILTER (STR(?name) = "コピー用紙削減枚数")
  ?observation mk:indicator ?indicator ; mk:value ?value ; mk:rawValue ?raw .
} ORDER BY ?value
"""
)
ASK = PREFIXES + 'ASK { <https://w3id.org/munikg/id/city/082023> rdfs:label "日立市"@ja }\n'
CONSTRUCT = (
    PREFIXES
    + """CONSTRUCT { ?city rdfs:label ?label ; mk:localGovernmentCode ?code .
            [] mk:city ?city } WHERE {
  ?city a mk:City ; rdfs:label ?label ; mk:localGovernmentCode ?code .
}
"""
)
DESCRIBE = "DESCRIBE <https://w3id.org/munikg/id/city/082023>\n"
ROW = ("082023", ("日立市", "ja"), ("81200", XSD + "decimal"), "約81,200枚")


@pytest.fixture(scope="module")
def rq(tmp_path_factory) -> dict[str, Path]:
    directory = tmp_path_factory.mktemp("rq")
    files = {}
    for name, text in {
        "select": SELECT, "ask": ASK, "construct": CONSTRUCT, "describe": DESCRIBE
    }.items():  # fmt: skip
        files[name] = directory / f"{name}.rq"
        files[name].write_text(f"# title: {name}\n{text}", encoding="utf-8")
    return files


@pytest.fixture(scope="module")
def output(built, rq):
    """``output(query, format, *options)``: what `munikg query` writes to stdout (exit 0)."""

    def run(name: str, fmt: str | None, *options: str) -> str:
        args = ["query", str(rq[name]), *options]
        args += ["--store", str(built / "store")] if not options else []
        args += ["--format", fmt] if fmt else []
        result = subprocess.run(
            [sys.executable, "-m", "munikg", *args], capture_output=True, text=True
        )
        assert result.returncode == 0, result.stderr
        return result.stdout

    return run


def test_select_json_is_sparql_results_with_datatypes_and_languages(output):
    results = json.loads(output("select", "json"))
    assert results["head"]["vars"] == ["code", "label", "value", "raw"]
    [binding] = results["results"]["bindings"]
    assert binding == {
        "code": {"type": "literal", "value": "082023"},
        "label": {"type": "literal", "value": "日立市", "xml:lang": "ja"},
        "value": {"type": "literal", "value": "81200", "datatype": XSD + "decimal"},
        "raw": {"type": "literal", "value": "約81,200枚"},
    }


def test_select_xml_is_sparql_results(output):
    root = ElementTree.fromstring(output("select", "xml"))
    names = [v.get("name") for v in root.iter(SPARQL_RESULTS + "variable")]
    assert names == ["code", "label", "value", "raw"]
    [result] = root.iter(SPARQL_RESULTS + "result")
    literals = {b.get("name"): b.find(SPARQL_RESULTS + "literal") for b in result}
    assert literals["code"].text == "082023" and literals["code"].attrib == {}
    assert (literals["label"].text, literals["label"].get(XML_LANG)) == ROW[1]
    assert (literals["value"].text, literals["value"].get("datatype")) == ROW[2]
    assert literals["raw"].text == ROW[3]


def test_select_csv_has_lexical_values_and_tsv_has_terms(output):
    rows = list(csv.reader(io.StringIO(output("select", "csv"), newline="")))
    assert rows == [["code", "label", "value", "raw"], ["082023", "日立市", "81200", "約81,200枚"]]
    lines = output("select", "tsv").splitlines()
    assert lines == [
        "?code\t?label\t?value\t?raw",
        f'"082023"\t"日立市"@ja\t"81200"^^<{XSD}decimal>\t"約81,200枚"',
    ]


@pytest.mark.parametrize("fmt", ["json", "xml", "tsv"])
def test_results_parse_back_to_the_store_terms(output, fmt):
    parsed = pyoxigraph.parse_query_results(
        output("select", fmt), pyoxigraph.QueryResultsFormat.from_extension(fmt)
    )
    [solution] = list(parsed)
    code, label, value, raw = (solution[v] for v in ("code", "label", "value", "raw"))
    assert code == pyoxigraph.Literal("082023")
    assert label == pyoxigraph.Literal("日立市", language="ja")
    assert value == pyoxigraph.Literal("81200", datatype=pyoxigraph.NamedNode(XSD + "decimal"))
    assert raw == pyoxigraph.Literal("約81,200枚")


def test_ask_in_every_results_format(output):
    assert json.loads(output("ask", "json")) == {"head": {}, "boolean": True}
    root = ElementTree.fromstring(output("ask", "xml"))
    assert root.find(SPARQL_RESULTS + "boolean").text == "true"
    assert output("ask", "csv").strip() == output("ask", "tsv").strip() == "true"
    assert output("ask", None) == "true\n"


def test_records_is_a_json_array_of_lexical_values(output):
    assert json.loads(output("select", "records")) == [
        {"code": "082023", "label": "日立市", "value": "81200", "raw": "約81,200枚"}
    ]


def graph(text: str, fmt: pyoxigraph.RdfFormat) -> set[pyoxigraph.Triple]:
    return {quad.triple for quad in pyoxigraph.parse(text, fmt)}


def test_construct_gives_turtle_by_default_and_ntriples(output):
    turtle = output("construct", None)
    assert turtle == output("construct", "turtle")
    assert "@prefix mk: <https://w3id.org/munikg/def#> ." in turtle.splitlines()
    ntriples = output("construct", "ntriples")
    lines = ntriples.splitlines()
    assert lines == sorted(lines)
    triples = graph(ntriples, pyoxigraph.RdfFormat.N_TRIPLES)
    assert graph(turtle, pyoxigraph.RdfFormat.TURTLE) == triples
    city = pyoxigraph.NamedNode(HITACHI)
    assert (
        pyoxigraph.Triple(
            city, pyoxigraph.NamedNode(RDFS_LABEL), pyoxigraph.Literal("日立市", language="ja")
        )
        in triples
    )
    assert (
        pyoxigraph.Triple(
            city, pyoxigraph.NamedNode(MK + "localGovernmentCode"), pyoxigraph.Literal("082023")
        )
        in triples
    )
    pointers = [t for t in triples if t.predicate.value == MK + "city"]
    assert len(pointers) == len({t.object for t in pointers}) == 3  # 水戸市, 日立市, つくばみらい市
    assert all(isinstance(t.subject, pyoxigraph.BlankNode) for t in pointers)


def test_graph_results_are_the_same_text_every_run(output):
    """The template's blank nodes are new in every run: their names must not show."""
    assert output("construct", "ntriples") == output("construct", "ntriples")
    assert output("construct", "turtle") == output("construct", "turtle")


def test_describe_gives_the_city(output):
    triples = graph(output("describe", "ntriples"), pyoxigraph.RdfFormat.N_TRIPLES)
    assert {t.subject.value for t in triples} == {HITACHI}
    codes = {t.object.value for t in triples if t.predicate.value == MK + "localGovernmentCode"}
    assert codes == {"082023"}


@pytest.mark.parametrize(
    ("name", "fmt", "message"),
    [
        ("construct", "csv", "--format csv: a CONSTRUCT or DESCRIBE query gives RDF"),
        ("select", "turtle", "--format turtle: only a CONSTRUCT or DESCRIBE query gives RDF"),
        ("ask", "ntriples", "--format ntriples: only a CONSTRUCT or DESCRIBE query gives RDF"),
    ],
)
def test_format_that_does_not_fit_the_query_writes_nothing(built, rq, capsys, name, fmt, message):
    args = ["query", str(rq[name]), "--store", str(built / "store"), "--format", fmt]
    assert main(args) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and message in captured.err


def test_query_form_skips_prefixes_strings_and_comments():
    text = (
        "# SELECT in a comment\nPREFIX ask: <http://x/select#>\n"
        'DESCRIBE ?ask WHERE { ?ask ask:select "ASK" }'
    )
    assert queries.form(text) == "DESCRIBE"
    assert queries.form(ASK) == "ASK"


@pytest.fixture(scope="module")
def server(built, tmp_path_factory):
    """A read-only Oxigraph server on a copy of the built store, its union as default graph."""
    location = tmp_path_factory.mktemp("server") / "store"
    shutil.copytree(built / "store", location)
    port = serve.free_port()
    command = [serve.server_binary(), "serve-read-only", "--location", str(location)]
    process = subprocess.Popen(
        [*command, "--bind", f"127.0.0.1:{port}", "--union-default-graph"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    assert serve.listening(process, "127.0.0.1", port), "oxigraph did not start"
    yield f"http://127.0.0.1:{port}"
    serve.stop(process)


@pytest.mark.integration
@pytest.mark.parametrize(
    ("name", "fmt"),
    [("select", f) for f in ("json", "xml", "csv", "tsv", "table")]
    + [("ask", "json"), ("ask", "xml"), ("construct", "turtle"), ("describe", "ntriples")],
)
def test_server_results_are_written_as_the_embedded_store_s(output, server, name, fmt):
    assert output(name, fmt, "--endpoint", server) == output(name, fmt)


@pytest.mark.integration
def test_remote_select_keeps_terms(server, rq):
    endpoint = publish.Endpoint.at(server)
    results = queries.execute_remote(endpoint, queries.load(rq["select"]), {})
    [solution] = list(results)
    assert solution["label"] == pyoxigraph.Literal("日立市", language="ja")
    assert solution["value"].datatype == pyoxigraph.NamedNode(XSD + "decimal")


def test_blank_node_labels_of_any_store_parse():
    """Virtuoso labels blank nodes nodeID://…, which no parser takes as a label."""
    bnode = {"type": "bnode", "value": "nodeID://b10006"}
    results = {
        "head": {"vars": ["a", "b"]},
        "results": {
            "bindings": [
                {"a": dict(bnode), "b": {"type": "bnode", "value": "nodeID://b7"}},
                {"a": dict(bnode), "b": {"type": "literal", "value": "x"}},
            ]
        },
    }
    relabelled = queries.with_blank_labels(results)
    parsed = pyoxigraph.parse_query_results(
        json.dumps(relabelled), pyoxigraph.QueryResultsFormat.JSON
    )
    rows = [(s["a"], s["b"]) for s in parsed]
    assert rows == [
        (pyoxigraph.BlankNode("b0"), pyoxigraph.BlankNode("b1")),
        (pyoxigraph.BlankNode("b0"), pyoxigraph.Literal("x")),
    ]
