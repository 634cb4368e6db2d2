"""The embedded store: a pyoxigraph database on disk, written whole and opened read-only."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph


class StoreError(Exception):
    """The store directory is missing or unreadable; the message names it."""


def write_store(path: Path, nquads: Path) -> None:
    """Create a new store at ``path`` (which must not exist) holding the quads of ``nquads``."""
    store = pyoxigraph.Store(str(path))
    store.bulk_load(path=str(nquads), format=pyoxigraph.RdfFormat.N_QUADS)
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
