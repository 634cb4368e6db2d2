"""Shared fixtures: the bundled sources, one document built on its own, the whole graph built,
a small synthetic corpus."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks import corpus
from munikg import build, ingest, queries
from munikg.model import ParseResult
from munikg.parsers import parser_for
from munikg.sources import read_manifest, read_source
from munikg.store import open_store
from munikg.validate import default_shapes

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT / "data" / "sources"


@pytest.fixture(scope="session")
def manifest():
    return {info.file: info for info in read_manifest(SOURCES)}


@pytest.fixture(scope="session")
def parse(manifest):
    """``parse(file)``: the parser's records for one bundled source (cached per session)."""
    cache: dict[str, ParseResult] = {}

    def run(file: str) -> ParseResult:
        if file not in cache:
            info = manifest[file]
            cache[file] = parser_for(info.family)(read_source(SOURCES, info).lines, info)
        return cache[file]

    return run


@pytest.fixture(scope="session")
def document_build(manifest):
    """``document_build(file)``: one source parsed, emitted and validated, as the build does."""
    cache: dict[str, ingest.DocumentBuild] = {}

    def run(file: str) -> ingest.DocumentBuild:
        if file not in cache:
            cache[file] = ingest.build_document(SOURCES, manifest[file], default_shapes())
        return cache[file]

    return run


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> Path:
    """The whole graph built from data/sources into a temporary output directory."""
    out = tmp_path_factory.mktemp("build")
    build.write_outputs(build.run(SOURCES, out), out)
    return out


@pytest.fixture(scope="session")
def synthetic_corpus(tmp_path_factory) -> tuple[Path, list[corpus.Document]]:
    """Ten documents of tests/benchmarks/corpus.py: the five families for 足立区 and for 高松市,
    two cities the originals already name as another party."""
    targets = [m for m in corpus.municipalities() if m.name in ("足立区", "高松市")]
    out = tmp_path_factory.mktemp("corpus")
    return out, corpus.generate(5 * len(targets), out, targets=targets)


@pytest.fixture(scope="session")
def store(built):
    return open_store(built / "store")


@pytest.fixture(scope="session")
def query(store):
    """``query(name, **params)``: a saved query's result table on the built graph."""

    def run(name: str, **params: str) -> queries.Table:
        return queries.run(store, queries.resolve(name), params)

    return run
