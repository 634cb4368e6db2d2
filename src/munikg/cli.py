"""The ``munikg`` command line. Errors are one line naming the file; exit codes are documented."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from rich.console import Console
from rich.progress import Progress
from rich.table import Table

from munikg import __version__, build, queries, validate
from munikg.sources import SourceError
from munikg.store import StoreError, open_store

EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT = 0, 1, 2


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="munikg", description="A knowledge graph of Japanese municipal governance."
    )
    parser.add_argument("--version", action="version", version=f"munikg {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)

    p = commands.add_parser("build", help="build the graph from the source documents")
    p.add_argument("--sources", type=Path, default=Path("data/sources"))
    p.add_argument("--out", type=Path, default=Path("build"))
    p.set_defaults(handler=cmd_build)

    p = commands.add_parser(
        "validate",
        help="validate RDF files against the munikg shapes",
        description="Exit 0 when every graph conforms, 1 on violations, 2 on unreadable input.",
    )
    p.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    p.add_argument("--shapes", type=Path, help="directory of SHACL shapes (*.ttl)")
    p.add_argument("--format", choices=sorted(validate.RENDERERS), default="text")
    p.set_defaults(handler=cmd_validate)

    p = commands.add_parser("query", help="run a saved query (by name) or a .rq file")
    p.add_argument("query", metavar="NAME|FILE")
    p.add_argument("--param", action="append", default=[], metavar="KEY=VALUE")
    p.add_argument("--format", choices=["table", "csv", "tsv", "json"], default="table")
    p.add_argument("--store", type=Path, default=Path("build/store"))
    p.add_argument("--describe", action="store_true", help="show the query's header and exit")
    p.set_defaults(handler=cmd_query)

    p = commands.add_parser("queries", help="list the saved queries, or show one's header")
    p.add_argument("name", nargs="?")
    p.set_defaults(handler=cmd_queries)

    args = parser.parse_args(argv)
    return args.handler(args)


def fail(message: str, code: int) -> int:
    print(f"munikg: error: {message}", file=sys.stderr)
    return code


def cmd_build(args: argparse.Namespace) -> int:
    console = Console(stderr=True)
    try:
        with Progress(console=console, transient=True) as progress:
            task = progress.add_task("building", total=None)

            def advance(file: str) -> None:
                progress.update(task, description=f"building {file}", advance=1)

            result = build.run(args.sources, advance)
    except (SourceError, build.BuildError) as error:
        return fail(str(error), EXIT_BAD_INPUT)
    Console().print(summary_table(result))
    if result.violations:
        for doc in result.documents:
            if doc.report.violations:
                print(validate.render_text([doc.report]), file=sys.stderr)
        return fail(f"{result.violations} SHACL violation(s); outputs left unchanged", EXIT_FAILED)
    build.write_outputs(result, args.out)
    print(f"wrote {args.out}/munikg.nq, munikg.ttl, residue.tsv, summary.json and store/")
    return EXIT_OK


def summary_table(result: build.BuildResult) -> Table:
    table = Table(title="munikg build")
    for column in ("document", "triples", "lines", "consumed", "residue", "viol.", "warn."):
        table.add_column(column, justify="left" if column == "document" else "right")
    table.add_column("resources per class")
    for doc in result.documents:
        s = doc.summary()
        classes = ", ".join(f"{name} {count}" for name, count in s["resources"].items())
        table.add_row(
            doc.info.file,
            str(s["triples"]),
            str(s["non_blank_lines"]),
            str(s["consumed_lines"]),
            f"{s['residue_lines']} ({s['residue_percent']:.1f}%)",
            str(s["violations"]),
            str(s["warnings"]),
            classes,
        )
    return table


def cmd_validate(args: argparse.Namespace) -> int:
    try:
        shapes = (
            validate.load_graph(validate.shape_files(args.shapes))
            if args.shapes
            else validate.default_shapes()
        )
        if args.shapes and len(shapes) == 0:
            return fail(f"{args.shapes}: no SHACL shapes (*.ttl) found", EXIT_BAD_INPUT)
        reports = [r for path in args.paths for r in validate.validate_file(path, shapes)]
    except validate.UnreadableRDF as error:
        return fail(str(error), EXIT_BAD_INPUT)
    print(validate.RENDERERS[args.format](reports))
    return EXIT_FAILED if any(r.violations for r in reports) else EXIT_OK


def cmd_query(args: argparse.Namespace) -> int:
    try:
        query = queries.resolve(args.query)
        if args.describe:
            print(query.header())
            return EXIT_OK
        values = dict(parse_param(p) for p in args.param)
        table = queries.run(open_store(args.store), query, values)
    except (queries.QueryError, StoreError) as error:
        return fail(str(error), EXIT_BAD_INPUT)
    sys.stdout.write(queries.render(table, args.format))
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
