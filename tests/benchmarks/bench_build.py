"""Benchmark: the build per stage, the build at national scale, and every saved query's p50.

Run from the repository root (not collected by pytest: speed is measured here, never asserted
in unit tests); the README quotes its output::

    python tests/benchmarks/bench_build.py [--sizes 5,100,1000,8700] [--work DIR] [--jobs N]

1. Each bundled document's stages, in this process: extract, parse, classify, emit, SHACL,
   inference.
2. For each size, ``munikg build`` as its own process (with its workers) on a corpus of that
   many documents (5 is the bundled sources; larger ones are written by ``corpus.py`` under
   ``--work``, and kept for the next run): wall time and the peak memory of the whole process
   tree (the sum of its resident sets and the sum of its proportional sets, sampled every 0.1 s)
   from an empty output directory; then the same build again with nothing changed.
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
from dataclasses import dataclass
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


@dataclass
class Memory:
    """Peak memory of a process tree: the sum of its resident sets (pages a worker shares with
    the process it was forked from count once per process) and the sum of its proportional
    sets (each shared page divided among the processes sharing it: what the tree holds)."""

    rss: int = 0
    pss: int = 0
    pss_at: float = 0.0  # seconds into the run when the PSS peaked

    def sample(self, root: int, elapsed: float) -> None:
        rss = pss = 0
        for pid in process_tree(root):
            try:
                rollup = Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()
            except OSError:
                continue  # ended between the listing and the read
            fields = {line.split(":")[0]: line.split()[1] for line in rollup[1:]}
            rss += int(fields.get("Rss", 0)) * 1024
            pss += int(fields.get("Pss", 0)) * 1024
        self.rss = max(self.rss, rss)
        if pss > self.pss:
            self.pss, self.pss_at = pss, elapsed


def process_tree(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(parent, []).append(int(entry.name))
    tree = [root]
    for pid in tree:
        tree += children.get(pid, [])
    return tree


def munikg(*args: str) -> tuple[float, Memory]:
    """Wall seconds and peak memory of one ``munikg`` command and its workers."""
    start, memory = time.perf_counter(), Memory()
    command = [sys.executable, "-m", "munikg", *args]
    with subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) as process:
        while process.poll() is None:
            memory.sample(process.pid, time.perf_counter() - start)
            time.sleep(0.1)
        errors = process.stderr.read().decode()
    if process.returncode != 0:
        raise SystemExit(f"munikg {' '.join(args)} failed:\n{errors}")
    return time.perf_counter() - start, memory


def build(sources: Path, out: Path, jobs: int | None) -> tuple[float, Memory]:
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
    heads = ("build", "RSS sum", "PSS sum", "PSS peak at", "unchanged", "quads")
    print(f"\n{'documents':>9}", *(f"{head:>11}" for head in heads))
    for size in sizes:
        sources, out = corpus(size, args.work), args.work / f"build-{size}"
        shutil.rmtree(out, ignore_errors=True)
        seconds, memory = build(sources, out, args.jobs)
        again, _ = build(sources, out, args.jobs)
        with open(out / "munikg.nq", "rb") as handle:
            triples = sum(1 for _ in handle)
        print(
            f"{size:9,} {seconds:10.1f}s {memory.rss / 2**20:7,.0f} MiB"
            f" {memory.pss / 2**20:7,.0f} MiB {memory.pss_at:10.1f}s {again:10.1f}s {triples:11,}"
        )
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
