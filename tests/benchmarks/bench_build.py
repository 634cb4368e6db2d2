"""Benchmark: wall time per stage of the build and of every saved query, and peak memory.

Run ``python tests/benchmarks/bench_build.py`` from the repository root (not collected by
pytest: speed is measured here, never asserted in unit tests). The README quotes its output.
"""

from __future__ import annotations

import resource
import tempfile
import time
from pathlib import Path

from munikg import build, queries
from munikg.classify import classify
from munikg.emit import emit_document
from munikg.parsers import parser_for
from munikg.sources import read_manifest, read_source
from munikg.store import open_store
from munikg.validate import default_shapes, validate_graph

SOURCES = Path(__file__).resolve().parents[2] / "data" / "sources"


def timed(function, *args):
    start = time.perf_counter()
    result = function(*args)
    return result, time.perf_counter() - start


def main() -> None:
    shapes = default_shapes()
    print(f"{'document':48} {'parse':>7} {'themes':>7} {'emit':>7} {'SHACL':>7} {'triples':>8}")
    for info in read_manifest(SOURCES):
        source = read_source(SOURCES, info)
        result, parse = timed(parser_for(info.family), source.lines, info)
        result.records, themes = timed(classify, result.records, info.file)
        graph, emit = timed(emit_document, info, result, len(source.lines), len(source.non_blank))
        _, shacl = timed(validate_graph, graph, info.file, None, shapes)
        row = f"{parse:6.2f}s {themes:6.2f}s {emit:6.2f}s {shacl:6.2f}s {len(graph):8}"
        print(f"{info.file:48} {row}")
    with tempfile.TemporaryDirectory() as out:
        result, run = timed(build.run, SOURCES)
        _, write = timed(build.write_outputs, result, Path(out))
        print(f"whole build: {run:.1f}s to build and validate, {write:.1f}s to write outputs")
        store = open_store(Path(out) / "store")
        for query in queries.catalogue():
            table, seconds = timed(queries.run, store, query, {})
            print(f"query {query.name:24} {seconds:6.2f}s {len(table.rows):6} rows")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak resident memory: {peak:.0f} MiB")


if __name__ == "__main__":
    main()
