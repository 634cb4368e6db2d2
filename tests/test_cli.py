"""End-to-end behaviour of the command line: build outputs, bad input, validate, query."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from munikg.cli import main

SOURCES = Path(__file__).resolve().parents[1] / "data" / "sources"

SMALL = "hitachi-johoka-action-plan-r2.txt"
SMALL_ENTRY = """
[[document]]
file = "{file}"
city_name = "日立市"
city_code = "082023"
family = "{family}"
title = "日立市情報化推進アクションプラン 令和2年度実績"
fiscal_year = 2020
publisher = "日立市"
"""


def make_sources(tmp_path: Path, text: bytes | None = None, family: str = "it-action-plan") -> Path:
    """A sources folder holding the small action plan (or ``text`` in its place)."""
    sources = tmp_path / "sources"
    sources.mkdir(parents=True)
    target = sources / SMALL
    if text is None:
        shutil.copy(SOURCES / SMALL, target)
    else:
        target.write_bytes(text)
    (sources / "manifest.toml").write_text(
        SMALL_ENTRY.format(file=SMALL, family=family), encoding="utf-8"
    )
    return sources


def build(sources: Path, out: Path) -> int:
    return main(["build", "--sources", str(sources), "--out", str(out)])


@pytest.fixture
def good_build(tmp_path) -> Path:
    out = tmp_path / "out"
    assert build(make_sources(tmp_path), out) == 0
    return out


def test_build_writes_every_output(good_build, capsys):
    for name in ("munikg.nq", "munikg.ttl", "residue.tsv", "summary.json", "store"):
        assert (good_build / name).exists(), name
    summary = json.loads((good_build / "summary.json").read_text(encoding="utf-8"))
    assert [d["file"] for d in summary["documents"]] == [SMALL]
    lines = (good_build / "munikg.nq").read_text(encoding="utf-8").splitlines()
    graphs = {line.rsplit(" ", 2)[1] for line in lines}
    assert graphs == {
        "<https://w3id.org/munikg/graph/hitachi-johoka-action-plan-r2>",
        "<https://w3id.org/munikg/graph/reference>",
        "<https://w3id.org/munikg/graph/inferred>",
        "<https://w3id.org/munikg/graph/ontology>",
    }
    assert not list(good_build.glob(".build-*")), "staging directory left behind"


def test_bundled_build_is_byte_identical(built, tmp_path):
    """A second build in another process: caches and blank-node labels must not matter."""
    again = tmp_path / "again"
    subprocess.run(
        [sys.executable, "-m", "munikg", "build", "--sources", str(SOURCES), "--out", str(again)],
        check=True,
        capture_output=True,
    )
    assert (again / "munikg.nq").read_bytes() == (built / "munikg.nq").read_bytes()
    assert (again / "munikg.ttl").read_bytes() == (built / "munikg.ttl").read_bytes()


@pytest.mark.parametrize(
    ("content", "family", "expected"),
    [
        (b"", "it-action-plan", f"{SMALL}: empty source document"),
        (b"  \n\n", "it-action-plan", f"{SMALL}: empty source document"),
        (
            "一行目\n二行目\n".encode() + b"\xff\xfe\n",
            "it-action-plan",
            f"{SMALL}:3: neither UTF-8 nor Shift_JIS/CP932",
        ),
        (None, "annual-budget", "unknown document family 'annual-budget'"),
    ],
)
def test_bad_source_fails_cleanly_and_keeps_outputs(
    good_build, tmp_path, capsys, content, family, expected
):
    before = {p.name: p.read_bytes() for p in good_build.iterdir() if p.is_file()}
    capsys.readouterr()
    bad = make_sources(tmp_path / "bad", content, family)
    assert build(bad, good_build) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and expected in err[0], err
    after = {p.name: p.read_bytes() for p in good_build.iterdir() if p.is_file()}
    assert after == before
    assert main(["query", "shared-partners", "--store", str(good_build / "store")]) == 0


def test_missing_source_and_unlisted_source_name_the_entry(tmp_path, capsys):
    sources = make_sources(tmp_path)
    (sources / SMALL).rename(sources / "renamed.txt")
    assert build(sources, tmp_path / "out") == 2
    err = capsys.readouterr().err
    assert f"entry {SMALL}: file not found" in err
    (sources / "renamed.txt").rename(sources / SMALL)
    (sources / "extra.txt").write_text("x", encoding="utf-8")
    assert build(sources, tmp_path / "out") == 2
    assert "extra.txt: source file has no entry in" in capsys.readouterr().err
    assert not (tmp_path / "out" / "munikg.nq").exists()


def test_unreadable_source_names_the_file(tmp_path, capsys):
    sources = make_sources(tmp_path)
    (sources / SMALL).unlink()
    (sources / SMALL).mkdir()
    assert build(sources, tmp_path / "out") == 2
    assert f"{SMALL}: cannot read" in capsys.readouterr().err


def test_corrupt_store_is_one_clear_line(good_build, capsys):
    store = good_build / "store"
    for path in store.iterdir():
        if path.is_file():
            path.write_bytes(b"garbage")
    capsys.readouterr()
    assert main(["query", "shared-partners", "--store", str(store)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and str(store) in err[0] and "not a readable Oxigraph store" in err[0]


def test_missing_store_says_to_build(tmp_path, capsys):
    assert main(["query", "shared-partners", "--store", str(tmp_path / "none")]) == 2
    assert "run `munikg build` first" in capsys.readouterr().err


def test_validate_exit_codes(good_build, tmp_path, capsys):
    assert main(["validate", str(good_build / "munikg.nq")]) == 0
    assert "conforms" in capsys.readouterr().out

    broken = tmp_path / "broken.ttl"
    broken.write_text(
        "@prefix mk: <https://w3id.org/munikg/def#> .\n"
        "<https://w3id.org/munikg/id/city/999999/department/x> a mk:Department .\n",
        encoding="utf-8",
    )
    assert main(["validate", str(broken), "--format", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["conforms"] is False and report["graphs"][0]["violations"] > 0

    not_rdf = tmp_path / "notes.ttl"
    not_rdf.write_text("this is { not turtle", encoding="utf-8")
    assert main(["validate", str(not_rdf)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "notes.ttl:1: not valid Turtle" in err[0]


def test_validate_junit_report(good_build, tmp_path, capsys):
    assert main(["validate", str(good_build / "munikg.ttl"), "--format", "junit"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("<?xml") and '<testsuite name="munikg-shacl"' in out
    assert 'failures="0"' in out


def test_query_csv_header_and_param_injection(good_build, tmp_path, capsys):
    rq = tmp_path / "docs.rq"
    rq.write_text(
        "# title: documents of a city\n"
        "# param: city string -- the city name\n"
        "PREFIX mk: <https://w3id.org/munikg/def#>\n"
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
        "SELECT ?file ?code ?city WHERE { ?doc mk:fileName ?file ; mk:city ?c . "
        "?c rdfs:label ?label ; mk:localGovernmentCode ?code . FILTER(STR(?label) = ?city) }\n",
        encoding="utf-8",
    )
    store = str(good_build / "store")
    args = ["query", str(rq), "--store", store, "--format", "csv"]
    assert main([*args, "--param", "city=日立市"]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert rows == [["file", "code", "city"], [SMALL, "082023", "日立市"]]
    hostile = '日立市" ) } # SELECT * WHERE { ?s ?p ?o'
    assert main([*args, "--param", f"city={hostile}"]) == 0
    assert list(csv.reader(io.StringIO(capsys.readouterr().out))) == [["file", "code", "city"]]
    assert main([*args, "--param", "town=x"]) == 2
    assert "unknown parameter town" in capsys.readouterr().err


def test_queries_lists_catalogue_and_headers(capsys):
    assert main(["queries"]) == 0
    assert "shared-partners" in capsys.readouterr().out
    assert main(["queries", "shared-partners"]) == 0
    assert "columns: partner, partner_type, cities, city_count" in capsys.readouterr().out


def test_console_script_entry_point():
    result = subprocess.run(
        [sys.executable, "-m", "munikg", "--version"], capture_output=True, text=True, check=True
    )
    assert result.stdout.startswith("munikg ")


def test_validate_report_is_the_same_from_either_engine_and_every_run():
    """The steward's file, in fresh interpreters: blank-node property shapes are named by
    their node shape and path, not by labels that change per parse."""
    steward = Path(__file__).parent / "data" / "steward" / "tsuchiura-strategy-kpis.ttl"
    runs = {
        (out, code)
        for engine in ([], ["--engine", "rudof"], ["--engine", "pyshacl"])
        for out, _heavy, code in [
            run_counting_heavy_imports(["validate", str(steward), "--format", "json", *engine])
        ]
    }
    [(out, code)] = runs
    assert code == 1
    shapes = [r["shape"] for graph in json.loads(out)["graphs"] for r in graph["results"]]
    assert len(shapes) == 30
    mk = "https://w3id.org/munikg/"
    assert shapes.count(f"{mk}shapes#ExtractedResourceShape sh:property {mk}def#sourceLine") == 5


HEAVY = ("rdflib", "pyshacl", "munikg.parsers", "munikg.ingest")


def run_counting_heavy_imports(argv: list[str]) -> tuple[str, list[str], int]:
    """Run ``munikg`` in a fresh interpreter: its stdout, the heavy modules it imported, its
    exit code."""
    script = (
        f"import json, sys; from munikg.cli import main; code = main({argv!r}); "
        f"print(json.dumps([m for m in {HEAVY!r} if m in sys.modules]), code, file=sys.stderr)"
    )
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    heavy, code = run.stderr.strip().splitlines()[-1].rsplit(" ", 1)
    return run.stdout, json.loads(heavy), int(code)


def test_query_command_starts_without_rdflib_pyshacl_or_parsers(built):
    """`munikg query` stays quick to start: the heavy stack is imported by the commands that
    need it."""
    argv = ["query", "plans", "--store", str(built / "store"), "--format", "csv"]
    out, heavy, code = run_counting_heavy_imports(argv)
    assert (heavy, code) == ([], 0)
    assert out.startswith("city_code,")


def test_unchanged_rebuild_reads_the_cache_without_the_parsing_and_validating_stack(good_build):
    """Nothing to build: the digests and the cached summaries are all it needs."""
    sources = good_build.parent / "sources"
    argv = ["build", "--sources", str(sources), "--out", str(good_build)]
    out, heavy, code = run_counting_heavy_imports(argv)
    assert (heavy, code) == ([], 0)
    assert "nothing changed" in out


def test_validate_choices_are_validate_s_own():
    from munikg import cli, findings, validate

    assert sorted(cli.REPORT_FORMATS) == sorted(findings.RENDERERS)
    assert (cli.PROFILES, cli.ENGINES) == (validate.PROFILES, validate.ENGINES)
