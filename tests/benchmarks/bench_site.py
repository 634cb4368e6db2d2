"""Benchmark: ``munikg site`` on the bundled store and on synthetic corpora.

Run from the repository root (not collected by pytest: speed is measured, never asserted)::

    python tests/benchmarks/bench_site.py [--sizes 5,20] [--work DIR]

For each size the corpus (5 is the bundled sources; larger ones are written by ``corpus.py``
under ``--work``) is built once with ``munikg build`` (kept for the next run), then ``munikg
site`` runs as its own process from an empty output directory and no chart cache: wall time,
peak memory (the sums of the resident and of the proportional sets of the process and its page
workers), pages, charts and the size of the site; then again with the charts cached by the first
run (``rebuild``).
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
from pathlib import Path

from bench_build import munikg
from corpus import generate

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ROOT / "data" / "sources"


def store_for(size: int, work: Path) -> Path:
    """The store of a corpus of ``size`` documents, built unless a previous run left it."""
    out = work / f"build-{size}"
    if not (out / "store").is_dir():
        sources = SOURCES
        if size != 5:
            sources = work / f"corpus-{size}"
            if not sources.is_dir():
                generate(size, sources)
        munikg("build", "--sources", str(sources), "--out", str(out))
    return out / "store"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="5,20")
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "munikg-bench")
    args = parser.parse_args()
    print(
        f"{'documents':>9} {'site':>8} {'RSS sum':>9} {'PSS sum':>9} {'rebuild':>8} {'pages':>7}"
        f" {'charts':>7} {'size':>9}"
    )
    for size in (int(s) for s in args.sizes.split(",")):
        store = store_for(size, args.work)
        out = args.work / f"site-{size}"
        shutil.rmtree(out, ignore_errors=True)
        shutil.rmtree(out.parent / f".{out.name}-charts", ignore_errors=True)
        seconds, memory = munikg("site", "--store", str(store), "--out", str(out))
        again, _ = munikg("site", "--store", str(store), "--out", str(out))
        pages = list(out.rglob("*.html"))
        charts = sum(p.read_text(encoding="utf-8").count('<figure class="chart"') for p in pages)
        megabytes = sum(p.stat().st_size for p in out.rglob("*") if p.is_file()) / 2**20
        print(
            f"{size:>9} {seconds:>7.1f}s {memory.rss / 2**20:>5.0f} MiB"
            f" {memory.pss / 2**20:>5.0f} MiB {again:>7.1f}s {len(pages):>7,}"
            f" {charts:>7,} {megabytes:>5.1f} MiB",
            flush=True,
        )


if __name__ == "__main__":
    main()
