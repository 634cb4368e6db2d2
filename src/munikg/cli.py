"""The ``munikg`` command line. Errors are one line naming the file; exit codes are documented.

Each command imports what it needs when it runs, so ``munikg query`` starts without rdflib,
pyshacl or the parsers.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

from munikg import __version__, queries
from munikg.store import StoreError, open_store

if TYPE_CHECKING:
    from rich.table import Table

    from munikg import build

EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT = 0, 1, 2
# Copies, not to import rdflib to parse the arguments: tests check them against the originals.
REPORT_FORMATS = ("json", "junit", "text")  # findings.RENDERERS
PROFILES = ("all", "domain", "provenance")  # validate.PROFILES
ENGINES = ("rudof", "pyshacl")  # validate.ENGINES, the default first
# Short column heads of the facts extracted, by kind, in the build summary (ingest.FACT_KINDS).
FACT_COLUMNS = {"observations": "obs.", "meetings": "meet.", "agreements": "agr.",
                "budgets": "budg.", "projects": "proj."}  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="munikg", description="A knowledge graph of Japanese municipal governance."
    )
    parser.add_argument("--version", action="version", version=f"munikg {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)

    p = commands.add_parser("build", help="build the graph from the source documents")
    p.add_argument("--sources", type=Path, default=Path("data/sources"))
    p.add_argument("--out", type=Path, default=Path("build"))
    p.add_argument("--jobs", type=int, metavar="N", help="worker processes (default: one per core)")
    p.set_defaults(handler=cmd_build)

    p = commands.add_parser(
        "add",
        help="add a published file (PDF, HTML, Excel, CSV, text) to the sources",
        description="Read and build the file as the next build will; if it builds, copy it "
        "into the sources folder and append its manifest entry. The city is looked up in the "
        "local-government code table; the family, title and fiscal year are read from the "
        "text unless given. Exit 0 when added, 1 when the document has SHACL violations (not "
        "added), 2 on bad input (unreadable file, unknown city, nothing to tell the fiscal "
        "year by).",
    )
    p.add_argument("file", type=Path, metavar="FILE")
    p.add_argument("--city", required=True, help="name (松戸市, 東京都府中市) or 6-digit code")
    p.add_argument("--family", help="document family (default: detected from the text)")
    p.add_argument("--fiscal-year", type=int, help="Gregorian fiscal year (default: from 年度)")
    p.add_argument("--title", help="title (default: the first line that is one)")
    p.add_argument("--publisher", help="publisher (default: the city)")
    p.add_argument("--encoding", help="text encoding (default: detected)")
    p.add_argument("--layout", help="layout profile of data/reference/layouts.toml")
    p.add_argument("--sources", type=Path, default=Path("data/sources"))
    p.set_defaults(handler=cmd_add)

    p = commands.add_parser(
        "validate",
        help="validate RDF files against the munikg shapes",
        description="Exit 0 when every graph conforms, 1 on violations, 2 on unreadable input.",
    )
    p.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    p.add_argument("--shapes", type=Path, help="directory of SHACL shapes (*.ttl)")
    p.add_argument(
        "--profile",
        choices=PROFILES,
        default="all",
        help="domain: what any publisher's data must satisfy; provenance: munikg's bookkeeping "
        "(source documents, lines, residue); all: both (default), as the build validates",
    )
    p.add_argument(
        "--engine",
        choices=ENGINES,
        default=ENGINES[0],
        help="engine for the SHACL Core constraints: rudof (default, fast) or pyshacl (the "
        "reference); the SPARQL constraints are run by Oxigraph either way",
    )
    p.add_argument("--format", choices=REPORT_FORMATS, default="text")
    p.set_defaults(handler=cmd_validate)

    p = commands.add_parser(
        "query",
        help="run a saved query (by name) or a .rq file",
        description="SELECT and ASK: table (default), records (a JSON array of objects), or the "
        "SPARQL 1.1 results formats json, xml, csv, tsv. CONSTRUCT and DESCRIBE: turtle "
        "(default) or ntriples.",
    )
    p.add_argument("query", metavar="NAME|FILE")
    p.add_argument("--param", action="append", default=[], metavar="KEY=VALUE")
    p.add_argument("--format", choices=queries.FORMATS)
    p.add_argument("--store", type=Path, default=Path("build/store"))
    p.add_argument("--describe", action="store_true", help="show the query's header and exit")
    p.add_argument("--endpoint", metavar="URL", help="query a store at this base URL instead")
    p.add_argument("--sparql", metavar="URL", help="its query URL (default: ENDPOINT/query)")
    p.set_defaults(handler=cmd_query)

    p = commands.add_parser("queries", help="list the saved queries, or show one's header")
    p.add_argument("name", nargs="?")
    p.set_defaults(handler=cmd_queries)

    p = commands.add_parser(
        "publish",
        help="upload the built graph to a SPARQL store",
        description="Upload what changed since the last publication, then verify every graph. "
        "Credentials come from MUNIKG_USER/MUNIKG_PASSWORD or ~/.netrc. Exit 0 when the store "
        "matches the build, 1 when a graph's triple count differs after the upload, 2 on bad "
        "input (URL, credentials refused, missing build), 3 when the store is unreachable or "
        "failing (run the command again).",
    )
    p.add_argument("--endpoint", required=True, metavar="URL", help="the server's base URL")
    p.add_argument("--sparql", metavar="URL", help="query URL (default: ENDPOINT/query)")
    p.add_argument("--update", metavar="URL", help="SPARQL Update URL (default: ENDPOINT/update)")
    p.add_argument(
        "--graph-store", metavar="URL", help="Graph Store Protocol URL (default: ENDPOINT/store)"
    )
    p.add_argument("--build", type=Path, default=Path("build"), help="the build directory")
    p.add_argument("--timeout", type=float, default=30.0, help="seconds per request")
    p.set_defaults(handler=cmd_publish)

    p = commands.add_parser("serve", help="a local SPARQL endpoint and query UI over the store")
    p.add_argument("--store", type=Path, default=Path("build/store"))
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=7878)
    p.add_argument("--writable", action="store_true", help="accept SPARQL updates")
    p.add_argument("--base", metavar="URL", help="show munikg's IRIs under this URL instead")
    p.set_defaults(handler=cmd_serve)

    p = commands.add_parser(
        "site",
        help="write the graph as static HTML pages",
        description="A page per resource, KPI charts, city dashboards, the ontology and the "
        "saved-query catalogue, for any web server. Exit 2 on a missing store or a bad --base.",
    )
    p.add_argument("--store", type=Path, default=Path("build/store"))
    p.add_argument("--out", type=Path, default=Path("build/site"))
    p.add_argument("--base", metavar="URL", help="publish under this URL: links and IRIs under it")
    p.add_argument("--jobs", type=int, metavar="N", help="page processes (default: one per core)")
    p.set_defaults(handler=cmd_site)

    args = parser.parse_args(argv)
    return args.handler(args)


def fail(message: str, code: int) -> int:
    print(f"munikg: error: {message}", file=sys.stderr)
    return code


def cmd_build(args: argparse.Namespace) -> int:
    from rich.console import Console
    from rich.progress import Progress

    from munikg import build, findings
    from munikg.sources import SourceError

    console = Console(stderr=True)
    try:
        with Progress(console=console, transient=True) as progress:
            task = progress.add_task("building", total=None)

            def advance(file: str) -> None:
                progress.update(task, description=f"building {file}", advance=1)

            result = build.run(args.sources, args.out, args.jobs, advance)
    except (SourceError, build.BuildError) as error:
        return fail(str(error), EXIT_BAD_INPUT)
    for doc in result.documents:
        if doc.family_scores is not None:
            scores = ", ".join(f"{f} {n}" for f, n in sorted(doc.family_scores.items()) if n)
            print(f"{doc.info.file}: family {doc.info.family} (detected; {scores or 'no words'})")
        for note in doc.notes:
            print(f"{doc.info.file}: warning: {note}", file=sys.stderr)
    console = Console(width=max(Console().width, 140))
    for table in summary_tables(result):
        console.print(table)
    if result.violations:
        for doc in result.documents:
            if doc.report.violations:
                print(findings.render_text([doc.report]), file=sys.stderr)
        return fail(f"{result.violations} SHACL violation(s); outputs left unchanged", EXIT_FAILED)
    built = f"{result.rebuilt} of {len(result.documents)} documents built"
    if build.write_outputs(result, args.out):
        print(f"{built}; wrote {', '.join(str(args.out / name) for name in build.OUTPUTS)}")
    else:
        print(f"{built}; nothing changed: the outputs in {args.out} are up to date")
    return EXIT_OK


def cmd_add(args: argparse.Namespace) -> int:
    from munikg import add, findings
    from munikg.emit import EmitError
    from munikg.sources import SourceError

    try:
        added = add.add_source(
            args.file, args.sources, args.city, args.family, args.fiscal_year, args.title,
            args.publisher, args.encoding, args.layout,
        )  # fmt: skip
    except (SourceError, EmitError) as error:
        return fail(str(error), EXIT_BAD_INPUT)
    info, document, found = added.info, added.document, added.found
    summary = document.summary()
    facts = ", ".join(f"{n} {kind}" for kind, n in summary["facts"].items() if n) or "none"
    source = f"{summary['non_blank_lines']} non-blank lines"
    if document.locations and document.locations[-1] and document.locations[-1].page:
        source += f" on {document.locations[-1].page} pages"
    for label, value, key in (
        ("city", f"{info.city_name} ({info.city_code})", None),
        ("family", info.family, "family"),
        ("title", info.title, "title"),
        ("fiscal year", info.fiscal_year, "fiscal_year"),
        ("publisher", info.publisher, None),
        ("read", f"{source}: {summary['consumed_lines']} read, "
         f"{summary['residue_lines']} residue", None),
        ("facts", facts, None),
    ):  # fmt: skip
        origin = f" ({found[key]})" if key in found else ""
        print(f"  {label:<12}{value}{origin}")
    if document.report.violations:
        print(findings.render_text([document.report]), file=sys.stderr)
        return fail(
            f"{args.file}: {len(document.report.violations)} SHACL violation(s); not added",
            EXIT_FAILED,
        )
    print(f"added {added.path} to {args.sources / 'manifest.toml'}; `munikg build` reads it so")
    return EXIT_OK


def summary_tables(result: build.BuildResult) -> list[Table]:
    """Lines and findings per document, then resources per class with one column a document."""
    from rich.table import Table

    documents = Table(title="munikg build: documents")
    documents.add_column("document", no_wrap=True)
    for column in ("triples", "lines", "cons.", "residue", "viol.", "warn.", "themed"):
        documents.add_column(column, justify="right", no_wrap=True)
    summaries = [doc.summary for doc in result.documents]
    kinds = list(summaries[0]["facts"]) if summaries else []
    for kind in kinds:
        documents.add_column(FACT_COLUMNS.get(kind, kind), justify="right")
    classes = Table(title="resources per class")
    classes.add_column("class")
    for n, s in enumerate(summaries, 1):
        documents.add_row(
            f"{n} {s['file']}",
            str(s["triples"]),
            str(s["non_blank_lines"]),
            str(s["consumed_lines"]),
            f"{s['residue_lines']} ({s['residue_percent']:.1f}%)",
            str(s["violations"]),
            str(s["warnings"]),
            f"{s['kpis_with_theme']}/{s['kpis']}" if s["kpis"] else "",
            *(str(s["facts"][kind]) for kind in kinds),
        )
        classes.add_column(str(n), justify="right")
    for name in sorted({name for s in summaries for name in s["resources"]}):
        classes.add_row(name, *(str(s["resources"].get(name, "")) for s in summaries))
    return [documents, classes]


def cmd_validate(args: argparse.Namespace) -> int:
    from munikg import findings, validate

    if args.shapes:
        shapes = validate.load_shapes(args.profile, args.shapes)
        if len(shapes) == 0:
            where = args.shapes if args.profile == "all" else args.shapes / args.profile
            return fail(f"{where}: no SHACL shapes (*.ttl) found", EXIT_BAD_INPUT)
    else:
        shapes = validate.default_shapes(args.profile)
    reports, errors = [], {}
    for path in args.paths:
        try:
            reports += validate.validate_file(path, shapes, args.engine)
        except validate.UnreadableRDF as error:
            errors[str(path)] = str(error)
            print(f"munikg: error: {error}", file=sys.stderr)
    if report := findings.RENDERERS[args.format](reports, errors):
        print(report)
    if errors:
        return EXIT_BAD_INPUT
    return EXIT_FAILED if any(r.violations for r in reports) else EXIT_OK


def cmd_query(args: argparse.Namespace) -> int:
    try:
        query = queries.resolve(args.query)
        if args.describe:
            print(query.header())
            return EXIT_OK
        values = dict(parse_param(p) for p in args.param)
        if args.endpoint:
            return query_remote(args, query, values)
        results = queries.execute(open_store(args.store), query, values)
        return write_results(results, args.format)
    except (queries.QueryError, StoreError) as error:
        return fail(str(error), EXIT_BAD_INPUT)


def query_remote(args: argparse.Namespace, query: queries.SavedQuery, values: dict) -> int:
    from munikg import publish

    try:
        endpoint = publish.Endpoint.at(args.endpoint, sparql=args.sparql)
        results = queries.execute_remote(endpoint, query, values)
    except publish.PublishError as error:
        return fail(str(error), error.exit_code)
    return write_results(results, args.format)


def write_results(results: queries.Results, fmt: str | None) -> int:
    """Written whole or not at all: a format that does not fit the query writes nothing."""
    sys.stdout.write(queries.render(results, fmt or queries.default_format(results)))
    return EXIT_OK


def parse_param(text: str) -> tuple[str, str]:
    key, sep, value = text.partition("=")
    if not sep or not key:
        raise queries.QueryError(f"--param {text!r}: expected KEY=VALUE")
    return key, value


def cmd_queries(args: argparse.Namespace) -> int:
    try:
        if args.name:
            print(queries.resolve(args.name).header())
            return EXIT_OK
        for query in queries.catalogue():
            print(f"{query.name:24} {query.title}")
    except queries.QueryError as error:
        return fail(str(error), EXIT_BAD_INPUT)
    return EXIT_OK


def cmd_publish(args: argparse.Namespace) -> int:
    from munikg import publish

    started, steps = time.monotonic(), Counter()

    def show(action: str, graph: str, triples: int) -> None:
        steps[action] += 1
        steps["triples"] += triples
        print(f"{action:9} {graph} ({triples} triples)", flush=True)

    try:
        endpoint = publish.Endpoint.at(
            args.endpoint,
            sparql=args.sparql,
            update=args.update,
            graph_store=args.graph_store,
            timeout=args.timeout,
        )
        publish.publish(args.build, endpoint, show)
    except StoreError as error:
        return fail(str(error), EXIT_BAD_INPUT)
    except publish.PublishError as error:
        return fail(str(error), error.exit_code)
    print(
        f"published to {endpoint.query_url} in {time.monotonic() - started:.1f} s: "
        f"{steps['uploaded']} graphs uploaded, {steps['unchanged']} unchanged, "
        f"{steps['deleted']} deleted; {steps['triples']} triples verified"
    )
    return EXIT_OK


def cmd_serve(args: argparse.Namespace) -> int:
    from munikg import serve

    try:
        return serve.serve(args.store, args.host, args.port, args.writable, args.base)
    except (StoreError, serve.ServeError, serve.site.SiteError) as error:
        return fail(str(error), EXIT_BAD_INPUT)


def cmd_site(args: argparse.Namespace) -> int:
    from munikg import site

    started = time.monotonic()
    try:
        charts = args.out.parent / f".{args.out.name}-charts"  # kept for the next run
        count = site.write_site(args.store, args.out, args.base, args.jobs, charts)
    except (StoreError, site.SiteError) as error:
        return fail(str(error), EXIT_BAD_INPUT)
    print(f"wrote {count} pages to {args.out} in {time.monotonic() - started:.1f} s")
    return EXIT_OK
