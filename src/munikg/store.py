"""The embedded store: a pyoxigraph database on disk, written whole and opened read-only."""

from __future__ import annotations

from itertools import islice
from pathlib import Path

import pyoxigraph

# Lines per bulk load: the whole national dump at once would take memory in proportion to it;
# 250,000 lines keep the load under ~0.5 GiB (1,000 documents: 466 MiB, against 2,036 at once).
CHUNK_LINES = 250_000


class StoreError(Exception):
    """The store directory is missing or unreadable; the message names it."""


def write_store(path: Path, nquads: Path, chunk_lines: int = CHUNK_LINES) -> None:
    """Create a new store at ``path`` (which must not exist) holding the quads of ``nquads``.

    The file is loaded in chunks of lines. Each load gives its blank nodes new identities, so
    the lines that may name one (the ontology's OWL lists) are held back and loaded together.
    """
    store = pyoxigraph.Store(str(path))
    with_blank_nodes: list[bytes] = []
    with open(nquads, "rb") as lines:
        while chunk := list(islice(lines, chunk_lines)):
            plain: list[bytes] = []
            for line in chunk:
                (with_blank_nodes if b"_:" in line else plain).append(line)
            store.bulk_load(b"".join(plain), pyoxigraph.RdfFormat.N_QUADS)
    store.bulk_load(b"".join(with_blank_nodes), pyoxigraph.RdfFormat.N_QUADS)
    store.flush()
    store.optimize()
    del store


def open_store(path: Path) -> pyoxigraph.Store:
    if not path.is_dir():
        raise StoreError(f"{path}: no store here; run `munikg build` first")
    try:
        return pyoxigraph.Store.read_only(str(path))
    except (OSError, ValueError, RuntimeError) as error:
        raise StoreError(f"{path}: not a readable Oxigraph store ({error}); rebuild it") from None
