"""Benchmark: the build per stage, the build at national scale, and every saved query's p50.

Run from the repository root (not collected by pytest: speed is measured here, never asserted
in unit tests); the README quotes its output::

    python tests/benchmarks/bench_build.py [--sizes 5,100,1000,8700] [--work DIR] [--jobs N]

1. Each bundled document's stages, in this process: extract, parse, classify, emit, SHACL,
   inference.
2. For each size, ``munikg build`` as its own process (with its workers) on a corpus of that
   many documents (5 is the bundled sources; larger ones are written by ``corpus.py`` under
   ``--work``, and kept for the next run): wall time and the peak resident memory of the whole
   process tree, sampled every 0.1 s, from an empty output directory; then the same build
   again with nothing changed.
3. Each saved query's p50 on every store built, with rdflib beside it on the bundled store.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_queries import p50_ms, rdflib_ms
from corpus import generate
from rdflib import Dataset

from munikg import queries
from munikg.classify import classify
from munikg.emit import emit_document
from munikg.extract import extract
from munikg.infer import inferred, schema
from munikg.parsers import parser_for
from munikg.sources import read_manifest
from munikg.store import open_store
from munikg.validate import default_shapes, prepare, rudof_session, validate_ntriples

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ROOT / "data" / "sources"


def timed(function, *args):
    start = time.perf_counter()
    result = function(*args)
    return result, time.perf_counter() - start


def stages() -> None:
    shapes = default_shapes()
    schema(), rudof_session(prepare(shapes))  # once per process, as in each build worker
    heads = ("extract", "parse", "themes", "emit", "to NT", "SHACL", "infer")
    print(f"{'document':48}", *(f"{head:>7}" for head in heads))
    for info in read_manifest(SOURCES):
        extracted, read = timed(extract, SOURCES / info.file, info.encoding)
        non_blank = sum(1 for line in extracted.lines if line.strip())
        result, parse = timed(parser_for(info.family), extracted.lines, info)
        result.records, themes = timed(classify, result.records, info.file)
        emitted, emit = timed(emit_document, info, result, len(extracted.lines), non_blank)
        ntriples, write = timed(emitted.ntriples)
        _, shacl = timed(validate_ntriples, ntriples, info.file, None, shapes)
        _, infer = timed(inferred, emitted.triples)
        row = " ".join(f"{s:6.2f}s" for s in (read, parse, themes, emit, write, shacl, infer))
        print(f"{info.file:48} {row}  {len(emitted.triples):,} triples")


def tree_rss(root: int) -> int:
    """Resident bytes of a process and all its descendants, now."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(parent, []).append(int(entry.name))
    tree, total = [root], 0
    for pid in tree:
        tree += children.get(pid, [])
        try:
            pages = int(Path(f"/proc/{pid}/statm").read_text().split()[1])
        except (OSError, IndexError, ValueError):
            continue
        total += pages * os.sysconf("SC_PAGE_SIZE")
    return total


def munikg(*args: str) -> tuple[float, int]:
    """Wall seconds and peak resident bytes of one ``munikg`` command."""
    start, peak = time.perf_counter(), 0
    command = [sys.executable, "-m", "munikg", *args]
    with subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) as process:
        while process.poll() is None:
            peak = max(peak, tree_rss(process.pid))
            time.sleep(0.1)
        errors = process.stderr.read().decode()
    if process.returncode != 0:
        raise SystemExit(f"munikg {' '.join(args)} failed:\n{errors}")
    return time.perf_counter() - start, peak


def build(sources: Path, out: Path, jobs: int | None) -> tuple[float, int]:
    jobs_option = ["--jobs", str(jobs)] if jobs else []
    return munikg("build", "--sources", str(sources), "--out", str(out), *jobs_option)


def corpus(size: int, work: Path) -> Path:
    if size == len(read_manifest(SOURCES)):
        return SOURCES
    folder = work / f"corpus-{size}"
    if not (folder / "manifest.toml").is_file():
        generate(size, folder)
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="5,100,1000,8700")
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "munikg-bench")
    parser.add_argument("--jobs", type=int, help="worker processes (default: one per core)")
    parser.add_argument("--runs", type=int, default=5, help="runs per query for its p50")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    print(f"{os.cpu_count()} cores, Python {sys.version.split()[0]}\n")
    stages()
    stores = {}
    print(f"\n{'documents':>9} {'build':>9} {'peak RSS':>9} {'unchanged':>9} {'triples':>11}")
    for size in sizes:
        sources, out = corpus(size, args.work), args.work / f"build-{size}"
        shutil.rmtree(out, ignore_errors=True)
        seconds, peak = build(sources, out, args.jobs)
        again, _ = build(sources, out, args.jobs)
        with open(out / "munikg.nq", "rb") as handle:
            triples = sum(1 for _ in handle)
        print(f"{size:9,} {seconds:8.1f}s {peak / 2**20:8,.0f}M {again:8.1f}s {triples:11,}")
        stores[size] = out
    catalogue = queries.catalogue()
    dataset = Dataset(default_union=True)
    dataset.parse(stores[sizes[0]] / "munikg.nq", format="nquads")
    print(f"\nquery p50 in ms (rows) on {', '.join(f'{s:,}' for s in sizes)} documents; rdflib on "
          f"{sizes[0]:,}")  # fmt: skip
    opened = {size: open_store(out / "store") for size, out in stores.items()}
    for query in catalogue:
        cells = []
        for size in sizes:
            ms, rows = p50_ms(opened[size], query, args.runs)
            cells.append(f"{ms:8.1f} ({rows:,})")
        reference, _ = rdflib_ms(dataset, query, 60.0)
        print(f"{query.name:22} {' '.join(cells)}  rdflib {reference}")


if __name__ == "__main__":
    main()
