"""The build in parallel and from its cache: the same bytes as a serial build from scratch.

A document is built again only when its digest (source bytes, manifest entry, munikg's code and
data) changed; when nothing changed, the outputs in place are not touched.
"""

from __future__ import annotations

import dataclasses
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pyoxigraph
import pytest

from munikg import build, terms
from munikg.sources import read_manifest
from munikg.validate import default_shapes, validate_file

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT / "data" / "sources"
FILES = ("hitachi-johoka-action-plan-r2.txt", "mito-sogo-senryaku-2-hyoka-r4.txt")
COMPARED = ("munikg.nq", "munikg.ttl", "residue.tsv", "unknown-organizations.tsv")


def copy_sources(folder: Path, files=FILES) -> Path:
    folder.mkdir(parents=True)
    manifest = (SOURCES / "manifest.toml").read_text(encoding="utf-8")
    entries = [e for e in manifest.split("[[document]]")[1:] if any(f in e for f in files)]
    (folder / "manifest.toml").write_text(
        "".join(f"[[document]]{e}" for e in entries), encoding="utf-8"
    )
    for name in files:
        shutil.copy(SOURCES / name, folder / name)
    return folder


def outputs(out: Path) -> dict[str, bytes]:
    found = {name: (out / name).read_bytes() for name in COMPARED}
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    found["summary.json"] = json.dumps(summary["documents"]).encode()
    return found


def build_into(sources: Path, out: Path, jobs: int | None = None) -> build.BuildResult:
    result = build.run(sources, out, jobs)
    build.write_outputs(result, out)
    return result


def test_parallel_build_equals_serial_build(built, tmp_path):
    serial = tmp_path / "serial"
    result = build_into(SOURCES, serial, jobs=1)
    assert result.rebuilt == 5
    assert outputs(serial) == outputs(built)


def test_a_process_that_validated_builds_in_parallel_to_the_same_bytes(tmp_path):
    """In a fresh interpreter: a parallel build (workers forked from it), then a validation
    there (rudof's thread pool started), then a parallel build again, whose workers must come
    from a fresh process: one forked from this one would wait for the pool for ever."""
    sources = copy_sources(tmp_path / "sources")
    script = (
        "import sys; from pathlib import Path; from munikg import build, validate\n"
        "def run(out):\n"
        "    build.write_outputs(build.run(Path(sys.argv[1]), Path(out), 2), Path(out))\n"
        "    return validate.can_fork()\n"
        "if __name__ == '__main__':\n"
        "    first = run(sys.argv[2])\n"
        "    validate.validate_file(Path(sys.argv[2]) / 'munikg.nq', validate.default_shapes())\n"
        "    print(first, validate.can_fork(), run(sys.argv[3]))\n"
    )
    (tmp_path / "twice.py").write_text(script, encoding="utf-8")
    command = [sys.executable, str(tmp_path / "twice.py"), str(sources)]
    command += [str(tmp_path / "forked"), str(tmp_path / "served")]
    run = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert (run.returncode, run.stdout.split()) == (0, ["True", "False", "False"]), run.stderr
    assert outputs(tmp_path / "forked") == outputs(tmp_path / "served")


def test_unchanged_rebuild_builds_and_writes_nothing(tmp_path):
    sources, out = copy_sources(tmp_path / "sources"), tmp_path / "out"
    assert build_into(sources, out).rebuilt == 2
    before = {p: p.stat().st_mtime_ns for p in out.iterdir() if p.is_file()}
    again = build.run(sources, out)
    assert again.rebuilt == 0
    written = json.loads((out / "summary.json").read_text("utf-8"))["documents"]
    assert [d.summary for d in build.sorted_documents(again)] == written
    assert build.write_outputs(again, out) is False
    assert {p: p.stat().st_mtime_ns for p in out.iterdir() if p.is_file()} == before


def test_changed_source_alone_is_rebuilt_to_the_bytes_of_a_fresh_build(tmp_path):
    sources, out = copy_sources(tmp_path / "sources"), tmp_path / "out"
    build_into(sources, out)
    with open(sources / FILES[1], "a", encoding="utf-8") as handle:
        handle.write("\n追加された行\n")
    result = build_into(sources, out)
    assert result.rebuilt == 1
    fresh = tmp_path / "fresh"
    build_into(sources, fresh, jobs=1)
    assert outputs(out) == outputs(fresh)
    assert (
        b"\xe8\xbf\xbd\xe5\x8a\xa0\xe3\x81\x95\xe3\x82\x8c\xe3\x81\x9f"
        in (out / "residue.tsv").read_bytes()
    )  # 追加された, the new line, reported as residue
    entries = {path.name.split(".")[0] for path in (out / build.CACHE).iterdir()}
    assert len(entries) == 2, "the old entry is pruned"


def test_damaged_cache_entry_and_missing_output_are_rebuilt(tmp_path):
    sources, out = copy_sources(tmp_path / "sources", FILES[:1]), tmp_path / "out"
    first = build_into(sources, out)
    (out / build.CACHE / f"{first.documents[0].digest}.json").write_text("{", encoding="utf-8")
    (out / "munikg.ttl").unlink()
    again = build.run(sources, out)
    assert again.rebuilt == 1
    assert build.write_outputs(again, out) is True
    assert (out / "munikg.ttl").is_file()


def test_digest_follows_source_bytes_and_manifest_entry(tmp_path):
    sources = copy_sources(tmp_path / "sources", FILES[:1])
    info = read_manifest(sources)[0]
    digest = build.document_digest(sources, info)
    assert build.document_digest(sources, info) == digest
    retitled = dataclasses.replace(info, title=info.title + " 改訂")
    assert build.document_digest(sources, retitled) != digest
    (sources / info.file).write_bytes((sources / info.file).read_bytes() + b"\n")
    assert build.document_digest(sources, info) != digest


def test_shared_triples_are_merged_once_in_order_whatever_the_fan_in(built, tmp_path):
    """The reference and inferred lines the documents share, merged from their sorted cache
    files as a national build merges thousands of them, a few at a time."""
    shared = sorted((built / build.CACHE).glob("*.shared.nq"))
    lines = [line for path in shared for line in path.read_text(encoding="utf-8").splitlines(True)]
    assert len(shared) == 5 and len(set(lines)) < len(lines)  # the documents share cities
    merged = list(build.merged_once(shared, tmp_path, fan_in=2))
    assert merged == sorted(set(lines))
    assert merged == list(build.merged_once(shared, tmp_path))
    in_dump = (built / "munikg.nq").read_text(encoding="utf-8")
    assert "".join(merged) in in_dump


def test_turtle_dump_holds_the_documents_terms_of_the_nquads(built):
    """The same RDF terms (a decimal keeps its lexical form: "125", not 125.0) and nothing the
    ontology states or implies."""
    derived = {pyoxigraph.NamedNode(str(g)) for g in (terms.ONTOLOGY_GRAPH, terms.INFERRED_GRAPH)}
    quads = list(
        pyoxigraph.parse(path=str(built / "munikg.nq"), format=pyoxigraph.RdfFormat.N_QUADS)
    )
    expected = {q.triple for q in quads if q.graph_name not in derived}
    assert pyoxigraph.NamedNode(str(terms.REFERENCE_GRAPH)) in {q.graph_name for q in quads}
    turtle = pyoxigraph.parse(path=str(built / "munikg.ttl"), format=pyoxigraph.RdfFormat.TURTLE)
    assert {q.triple for q in turtle} == expected


@pytest.mark.parametrize("dump", ["munikg.nq", "munikg.ttl"])
def test_both_dumps_of_the_bundled_build_meet_every_shape(built, dump):
    """The Turtle merges the documents: a department or partner two documents name carries
    the provenance of both, which the shapes must accept."""
    reports = validate_file(built / dump, default_shapes())
    assert [f for r in reports for f in r.violations] == []
    assert len(reports) == (7 if dump == "munikg.nq" else 1)  # 5 documents, reference, ontology


@pytest.mark.parametrize("jobs", [1, 2])
def test_bad_source_is_reported_by_workers_too(tmp_path, jobs):
    sources = copy_sources(tmp_path / "sources")
    (sources / FILES[0]).write_bytes(b"")
    with pytest.raises(build.BuildError, match=f"{FILES[0]}: empty source document"):
        build.run(sources, tmp_path / "out", jobs)
