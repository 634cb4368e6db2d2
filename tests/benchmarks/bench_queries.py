"""Benchmark: the saved queries on a built store, pyoxigraph (p50) beside rdflib (reference).

Run from the repository root, after ``munikg build``::

    python tests/benchmarks/bench_queries.py [STORE] [--nquads FILE] [--queries DIR] [--runs N]
                                             [--only NAME ...] [--rdflib-cap SECONDS] [--no-rdflib]

STORE is the pyoxigraph store directory (default ``build/store``); the N-Quads dump for rdflib
defaults to ``munikg.nq`` beside it. ``--queries DIR`` benchmarks the ``.rq`` files of another
directory (``tests/data/queries-before`` holds the texts before the rewrites of issue 11). Each
query runs once as a warm-up, then ``--runs`` times (default 5), with its default parameters, in
process through ``munikg.queries.run``; the table shows the median. rdflib runs the same text
on a Dataset with ``default_union=True``, once, cut off after ``--rdflib-cap`` seconds (shown
as ``>N``). Not collected by pytest: speed is measured here, never asserted in unit tests.
"""

from __future__ import annotations

import argparse
import signal
import statistics
import time
from pathlib import Path

import pyoxigraph
from rdflib import Dataset, Literal, URIRef

from munikg import queries
from munikg.store import open_store


class Cutoff(Exception):
    """The rdflib run took longer than its cap."""


def p50_ms(store: pyoxigraph.Store, query: queries.SavedQuery, runs: int) -> tuple[float, int]:
    table = queries.run(store, query, {})  # warm-up
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        table = queries.run(store, query, {})
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000, len(table.rows)


def rdflib_term(term: pyoxigraph.NamedNode | pyoxigraph.Literal) -> URIRef | Literal:
    if isinstance(term, pyoxigraph.NamedNode):
        return URIRef(term.value)
    datatype = term.datatype.value if term.datatype else None
    if datatype == "http://www.w3.org/2001/XMLSchema#string":
        datatype = None
    return Literal(term.value, datatype=datatype)


def rdflib_ms(dataset: Dataset, query: queries.SavedQuery, cap: float) -> tuple[str, int | None]:
    bound = {v.value: rdflib_term(t) for v, t in queries.bindings(query, {}).items()}

    def expire(_signum, _frame):
        raise Cutoff

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, cap)
    start = time.perf_counter()
    try:
        rows = len(list(dataset.query(query.text, initBindings=bound)))
    except Cutoff:
        return f">{cap * 1000:.0f}", None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    return f"{(time.perf_counter() - start) * 1000:.0f}", rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("store", nargs="?", type=Path, default=Path("build/store"))
    parser.add_argument("--nquads", type=Path, help="N-Quads for rdflib (default: munikg.nq)")
    parser.add_argument("--queries", type=Path, help="directory of .rq files (default: saved)")
    parser.add_argument("--only", nargs="*", help="query names to run (default: all)")
    parser.add_argument("--runs", type=int, default=5, help="timed runs per query (default 5)")
    parser.add_argument("--rdflib-cap", type=float, default=60.0, help="seconds (default 60)")
    parser.add_argument("--no-rdflib", action="store_true", help="skip the rdflib reference")
    args = parser.parse_args()

    store = open_store(args.store)
    dataset = None
    if not args.no_rdflib:
        nquads = args.nquads or args.store.parent / "munikg.nq"
        dataset = Dataset(default_union=True)
        start = time.perf_counter()
        dataset.parse(str(nquads), format="nquads")
        print(f"rdflib: loaded {len(dataset)} quads in {time.perf_counter() - start:.1f}s")

    catalogue = queries.catalogue(args.queries)
    if args.only:
        catalogue = [q for q in catalogue if q.name in args.only]
    print(f"{'query':24} {'rows':>6} {'oxigraph p50 ms':>16} {'rdflib ms':>10} {'rdflib rows':>11}")
    slow = []
    for query in catalogue:
        ms, rows = p50_ms(store, query, args.runs)
        if ms > 100:
            slow.append(query.name)
        reference, reference_rows = ("-", None)
        if dataset is not None:
            reference, reference_rows = rdflib_ms(dataset, query, args.rdflib_cap)
        shown_rows = "" if reference_rows is None else str(reference_rows)
        print(f"{query.name:24} {rows:6} {ms:16.1f} {reference:>10} {shown_rows:>11}", flush=True)
    print(f"above 100 ms (oxigraph p50): {', '.join(slow) or 'none'}")


if __name__ == "__main__":
    main()
