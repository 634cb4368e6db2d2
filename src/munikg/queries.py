"""The saved-query catalogue: ``queries/*.rq`` files with a metadata header, run with bound terms.

Header lines at the top of each file::

    # title: Observations of every KPI
    # title@ja: KPIの全観測値
    # question: What value did each city report for each KPI, for which period and role?
    # param: city string 水戸市 -- restrict to one city (optional parameter)
    # columns: city_code, city, kpi

Parameters are bound as RDF terms through SPARQL substitution (SEP-0007), never pasted into
the query text, so a value holding quotes, braces or ``#`` cannot change the query. Oxigraph
substitutes projected variables only: a parameter must be a column of the query.

A remote store (``run_remote``) has no substitution: there each bound term, in N-Triples syntax,
goes in a ``VALUES`` block opening the outermost group, which binds it without changing the query.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph

from munikg.resources import query_dir

if TYPE_CHECKING:
    from munikg import publish

HEADER = re.compile(r"#\s*(?P<key>[\w@-]+)\s*:\s*(?P<value>.*)")
PARAM = re.compile(
    r"(?P<name>\w+)\s+(?P<type>iri|string|integer|decimal|date)"
    r"(?:\s+(?P<default>(?!--)\S+))?(?:\s+--\s*(?P<help>.*))?"
)
XSD = "http://www.w3.org/2001/XMLSchema#"
DATATYPES = {"integer": XSD + "integer", "decimal": XSD + "decimal", "date": XSD + "date"}
# What may hold a "{" that opens no group, or a word that is no keyword: strings, IRIs, comments.
# The first other "{" opens the outermost group (the WHERE clause) of a query.
SKIPPED = (
    r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\''
    r"|<[^<>\"{}|^`\\\s]*>|#[^\n]*"
)
GROUP_START = re.compile(SKIPPED + r"|\{")
# A keyword is no part of a prefixed name (ask:x, mk:select) nor a variable (?ask).
QUERY_FORM = re.compile(
    SKIPPED + r"|(?<![\w:.?$-])(?:SELECT|ASK|CONSTRUCT|DESCRIBE)(?![\w:.-])", re.IGNORECASE
)


class QueryError(Exception):
    """A query or a parameter is not usable; the message says which."""


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    default: str | None
    help: str

    def term(self, value: str) -> pyoxigraph.NamedNode | pyoxigraph.Literal:
        """The RDF term for a command-line value, checked against the declared type."""
        try:
            if self.type == "iri":
                return pyoxigraph.NamedNode(value)
            if self.type == "string":
                return pyoxigraph.Literal(value)
            if self.type == "integer":
                value = str(int(value))
            elif self.type == "decimal":
                value = format(Decimal(value), "f")
            elif self.type == "date":
                value = date.fromisoformat(value).isoformat()
            return pyoxigraph.Literal(value, datatype=pyoxigraph.NamedNode(DATATYPES[self.type]))
        except (ValueError, InvalidOperation):
            message = f"parameter {self.name}: {value!r} is not a valid {self.type}"
            raise QueryError(message) from None


@dataclass(frozen=True)
class SavedQuery:
    name: str
    path: Path
    text: str
    meta: dict[str, str] = field(default_factory=dict)
    params: tuple[Param, ...] = ()

    @property
    def title(self) -> str:
        return self.meta.get("title", self.name)

    @property
    def columns(self) -> list[str]:
        return [c.strip() for c in self.meta.get("columns", "").split(",") if c.strip()]

    def header(self) -> str:
        lines = [f"{self.name}: {self.title}"]
        if "title@ja" in self.meta:
            lines.append(f"  {self.meta['title@ja']}")
        if "question" in self.meta:
            lines.append(f"  question: {self.meta['question']}")
        for p in self.params:
            default = f" (default {p.default})" if p.default else " (optional)"
            lines.append(f"  --param {p.name}=<{p.type}>{default}  {p.help}".rstrip())
        if self.columns:
            lines.append(f"  columns: {', '.join(self.columns)}")
        return "\n".join(lines)


def load(path: Path) -> SavedQuery:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise QueryError(f"{path}: cannot read query: {error}") from None
    meta: dict[str, str] = {}
    params = []
    for line in text.splitlines():
        match = HEADER.match(line.strip())
        if not line.startswith("#"):
            break
        if not match:
            continue
        key, value = match["key"], match["value"].strip()
        if key == "param":
            spec = PARAM.fullmatch(value)
            if not spec:
                raise QueryError(f"{path}: bad param header {value!r}")
            params.append(Param(spec["name"], spec["type"], spec["default"], spec["help"] or ""))
        else:
            meta[key] = value
    return SavedQuery(path.stem, path, text, meta, tuple(params))


def catalogue(directory: Path | None = None) -> list[SavedQuery]:
    return [load(path) for path in sorted((directory or query_dir()).glob("*.rq"))]


def resolve(name_or_file: str) -> SavedQuery:
    """A saved query by name, or any ``.rq`` file by path."""
    path = Path(name_or_file)
    if path.suffix == ".rq" and path.is_file():
        return load(path)
    candidate = query_dir() / f"{name_or_file}.rq"
    if candidate.is_file():
        return load(candidate)
    known = ", ".join(q.name for q in catalogue())
    raise QueryError(f"no saved query or .rq file {name_or_file!r} (saved: {known})")


def bindings(query: SavedQuery, values: dict[str, str]) -> dict[pyoxigraph.Variable, object]:
    declared = {p.name: p for p in query.params}
    unknown = sorted(set(values) - set(declared))
    if unknown:
        raise QueryError(f"{query.name}: unknown parameter {', '.join(unknown)}")
    bound = {}
    for param in query.params:
        value = values.get(param.name, param.default)
        if value is not None:
            bound[pyoxigraph.Variable(param.name)] = param.term(value)
    return bound


RESULTS_FORMATS = {
    "json": pyoxigraph.QueryResultsFormat.JSON,
    "xml": pyoxigraph.QueryResultsFormat.XML,
    "csv": pyoxigraph.QueryResultsFormat.CSV,
    "tsv": pyoxigraph.QueryResultsFormat.TSV,
}
GRAPH_FORMATS = {"turtle": pyoxigraph.RdfFormat.TURTLE, "ntriples": pyoxigraph.RdfFormat.N_TRIPLES}
FORMATS = ("table", "records", *RESULTS_FORMATS, *GRAPH_FORMATS)
PREFIX_DECLARATION = re.compile(r"^\s*PREFIX\s+([\w.-]*):\s*<([^<>\s]*)>", re.I | re.M)


@dataclass(frozen=True)
class Triples:
    """What a CONSTRUCT or DESCRIBE query gave, sorted, blank nodes named canonically
    (RDFC-1.0) so that the same answer is the same text; with the prefixes the query declares."""

    triples: list[pyoxigraph.Triple]
    prefixes: dict[str, str]

    @classmethod
    def of(cls, query: SavedQuery, triples: Iterable[pyoxigraph.Triple]) -> Triples:
        graph = pyoxigraph.Dataset(pyoxigraph.Quad(*t) for t in triples)
        graph.canonicalize(pyoxigraph.CanonicalizationAlgorithm.RDFC_1_0)
        prefixes = dict(sorted(PREFIX_DECLARATION.findall(query.text)))
        return cls(sorted((q.triple for q in graph), key=str), prefixes)


Results = pyoxigraph.QuerySolutions | pyoxigraph.QueryBoolean | Triples


@dataclass(frozen=True)
class Table:
    columns: list[str]
    rows: list[list[str]]


def lexical(term: object) -> str:
    if term is None:
        return ""
    return term.value  # NamedNode, BlankNode and Literal all expose .value


def execute(store: pyoxigraph.Store, query: SavedQuery, values: dict[str, str]) -> Results:
    """The query's results on the embedded store, every graph's union as the default graph."""
    try:
        results = store.query(
            query.text,
            use_default_graph_as_union=True,
            substitutions=bindings(query, values),
        )
        if isinstance(results, pyoxigraph.QueryTriples):
            return Triples.of(query, results)
        return results
    except (SyntaxError, RuntimeError) as error:
        raise QueryError(f"{query.path}: {error}") from None


def run(store: pyoxigraph.Store, query: SavedQuery, values: dict[str, str]) -> Table:
    """The rows of a SELECT query as lexical values."""
    return select_table(query, execute(store, query, values))


def select_table(query: SavedQuery, results: Results) -> Table:
    if not isinstance(results, pyoxigraph.QuerySolutions):
        raise QueryError(f"{query.path}: not a SELECT query")
    return table(results)


def table(solutions: pyoxigraph.QuerySolutions) -> Table:
    columns = [v.value for v in solutions.variables]
    return Table(columns, [[lexical(solution[c]) for c in columns] for solution in solutions])


def with_values(text: str, bound: dict[pyoxigraph.Variable, object]) -> str:
    """The query with ``VALUES (?p …) { (term …) }`` as the first element of its outermost group.

    Each term is written in N-Triples syntax, escaped by pyoxigraph, so it stays one term."""
    if not bound:
        return text
    variables = " ".join(str(v) for v in bound)
    values = " ".join(str(t) for t in bound.values())
    for match in GROUP_START.finditer(text):
        if match.group() == "{":
            block = f" VALUES ({variables}) {{ ({values}) }}"
            return text[: match.end()] + block + text[match.end() :]
    raise QueryError("the query has no WHERE group")


def form(text: str) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE: the query's first such keyword outside strings,
    IRIs and comments."""
    for match in QUERY_FORM.finditer(text):
        if match.group().isalpha():
            return match.group().upper()
    raise QueryError("the query is neither SELECT, ASK, CONSTRUCT nor DESCRIBE")


def execute_remote(
    endpoint: publish.Endpoint, query: SavedQuery, values: dict[str, str]
) -> Results:
    """The same results as ``execute`` on the embedded store, from a store over HTTP: SPARQL
    JSON results or Turtle, parsed, so each format is written as for the embedded store."""
    from munikg import publish

    text = with_values(query.text, bindings(query, values))
    graphs = publish.published_graphs(endpoint)
    if form(text) in ("CONSTRUCT", "DESCRIBE"):
        return Triples.of(query, endpoint.construct(text, graphs))
    results = endpoint.results(text, graphs)
    try:
        return pyoxigraph.parse_query_results(
            json.dumps(with_blank_labels(results)), pyoxigraph.QueryResultsFormat.JSON
        )
    except SyntaxError as error:
        raise QueryError(f"{endpoint.query_url}: not SPARQL JSON results: {error}") from None


def with_blank_labels(results: dict) -> dict:
    """The results with each blank node labelled b0, b1 … in order of appearance: a label is
    local to its results, and some stores' (Virtuoso's nodeID://…) are no valid label."""
    labels: dict[str, str] = {}
    for binding in results.get("results", {}).get("bindings", []):
        for term in binding.values():
            if term.get("type") == "bnode":
                term["value"] = labels.setdefault(term["value"], f"b{len(labels)}")
    return results


def run_remote(endpoint: publish.Endpoint, query: SavedQuery, values: dict[str, str]) -> Table:
    """The same table as ``run`` on the embedded store, from a store over HTTP."""
    return select_table(query, execute_remote(endpoint, query, values))


def default_format(results: Results) -> str:
    return "turtle" if isinstance(results, Triples) else "table"


def render(results: Results, fmt: str) -> str:
    """``results`` in ``fmt``: SPARQL results formats (and a table, and records) for SELECT and
    ASK, RDF for CONSTRUCT and DESCRIBE. Solutions are written in the query's order."""
    if isinstance(results, Triples):
        if fmt not in GRAPH_FORMATS:
            choices = " or ".join(GRAPH_FORMATS)
            raise QueryError(f"--format {fmt}: a CONSTRUCT or DESCRIBE query gives RDF: {choices}")
        text = pyoxigraph.serialize(
            results.triples, format=GRAPH_FORMATS[fmt], prefixes=results.prefixes
        ).decode("utf-8")
    elif fmt in GRAPH_FORMATS:
        raise QueryError(f"--format {fmt}: only a CONSTRUCT or DESCRIBE query gives RDF")
    elif fmt in RESULTS_FORMATS:
        text = results.serialize(format=RESULTS_FORMATS[fmt]).decode("utf-8")
    elif isinstance(results, pyoxigraph.QueryBoolean):
        text = "true" if results else "false"
    elif fmt == "records":
        rows = table(results)
        records = [dict(zip(rows.columns, row, strict=True)) for row in rows.rows]
        text = json.dumps(records, ensure_ascii=False, indent=2)
    else:
        text = render_table(table(results))
    return text if text.endswith("\n") else text + "\n"


def render_table(table: Table) -> str:
    widths = [
        max([width(c)] + [width(row[i]) for row in table.rows]) for i, c in enumerate(table.columns)
    ]
    lines = [pad_row(table.columns, widths), "-+-".join("-" * w for w in widths)]
    lines += [pad_row(row, widths) for row in table.rows]
    lines.append(f"({len(table.rows)} rows)")
    return "\n".join(lines)


def width(text: str) -> int:
    """Terminal columns: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad_row(values: list[str], widths: list[int]) -> str:
    return " | ".join(v + " " * (w - width(v)) for v, w in zip(values, widths, strict=True))
