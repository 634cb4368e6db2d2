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

import csv
import io
import json
import re
import unicodedata
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
# What may hold a "{" that opens no group: strings, IRIs, comments. The first other "{" opens the
# outermost group (the WHERE clause) of a query.
GROUP_START = re.compile(
    r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\''
    r"|<[^<>\"{}|^`\\\s]*>|#[^\n]*|\{"
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


@dataclass(frozen=True)
class Table:
    columns: list[str]
    rows: list[list[str]]


def lexical(term: object) -> str:
    if term is None:
        return ""
    return term.value  # NamedNode, BlankNode and Literal all expose .value


def run(store: pyoxigraph.Store, query: SavedQuery, values: dict[str, str]) -> Table:
    try:
        solutions = store.query(
            query.text,
            use_default_graph_as_union=True,
            substitutions=bindings(query, values),
        )
    except (SyntaxError, RuntimeError) as error:
        raise QueryError(f"{query.path}: {error}") from None
    if not isinstance(solutions, pyoxigraph.QuerySolutions):
        raise QueryError(f"{query.path}: only SELECT queries can be saved queries")
    columns = [v.value for v in solutions.variables]
    rows = [[lexical(solution[c]) for c in columns] for solution in solutions]
    return Table(columns, rows)


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


def run_remote(endpoint: publish.Endpoint, query: SavedQuery, values: dict[str, str]) -> Table:
    """The same table as ``run`` on the embedded store, from a store over HTTP."""
    from munikg import publish

    text = with_values(query.text, bindings(query, values))
    columns, rows = endpoint.select(text, publish.published_graphs(endpoint))
    return Table(columns, [[row.get(c, "") for c in columns] for row in rows])


def render(table: Table, fmt: str) -> str:
    if fmt in ("csv", "tsv"):
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        writer.writerow(table.columns)
        writer.writerows(table.rows)
        return buffer.getvalue()
    if fmt == "json":
        records = [dict(zip(table.columns, row, strict=True)) for row in table.rows]
        return json.dumps(records, ensure_ascii=False, indent=2) + "\n"
    widths = [
        max([width(c)] + [width(row[i]) for row in table.rows]) for i, c in enumerate(table.columns)
    ]
    lines = [pad_row(table.columns, widths), "-+-".join("-" * w for w in widths)]
    lines += [pad_row(row, widths) for row in table.rows]
    lines.append(f"({len(table.rows)} rows)")
    return "\n".join(lines) + "\n"


def width(text: str) -> int:
    """Terminal columns: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad_row(values: list[str], widths: list[int]) -> str:
    return " | ".join(v + " " * (w - width(v)) for v, w in zip(values, widths, strict=True))
