"""The synthetic national corpus (tests/benchmarks/corpus.py): every generated document builds as
cleanly as its original, reads the new figures, and names its own city only as itself.

Ten documents are built: the five families for 足立区 and for 高松市, two targets the originals
already name as another party (足立区 in つくばみらい市's strategy, 高松市 as 水戸市's
friendship city), so the name exchange is built too.
"""

from __future__ import annotations

from collections import Counter

import pytest
from rdflib import Literal
from rdflib.namespace import RDFS

from benchmarks import corpus
from munikg import ingest, terms
from munikg.model import Span
from munikg.normalize import fold
from munikg.sources import read_manifest
from munikg.validate import default_shapes

TARGETS = ("足立区", "高松市")


@pytest.fixture(scope="module")
def builds(synthetic_corpus) -> dict[str, ingest.DocumentBuild]:
    out, _ = synthetic_corpus
    shapes = default_shapes()
    return {info.file: ingest.build_document(out, info, shapes) for info in read_manifest(out)}


def original(document: corpus.Document) -> corpus.Original:
    return next(o for o in corpus.originals() if o.file == document.original)


def values_by_span(records: list) -> dict[Span, Counter]:
    found: dict[Span, Counter] = {}
    for span, value, _, _ in corpus.readings(records):
        found.setdefault(span, Counter())[value] += 1
    return found


def test_municipalities_are_cities_wards_towns_and_villages():
    names = [m.name for m in corpus.municipalities()]
    assert len(names) == 1741
    assert "水戸市" in names and "千代田区" in names and "北海道" not in names


def test_every_document_builds_as_cleanly_as_its_original(synthetic_corpus, builds):
    _, documents = synthetic_corpus
    assert [d.city_name for d in documents] == [n for n in TARGETS for _ in range(5)]
    for document in documents:
        built, before = builds[document.file], original(document).build
        assert built.report.violations == [], document.file
        assert built.facts == before.facts, document.file
        assert len(built.residue) == len(before.residue), document.file
        assert built.info.city_code == document.city_code
        city = terms.city(document.city_code)
        assert (city, RDFS.label, Literal(document.city_name, lang="ja")) in built.graph


def test_each_changed_figure_is_read_with_its_new_value(synthetic_corpus, builds):
    _, documents = synthetic_corpus
    for document in documents:
        figures = sum(map(len, original(document).figures.values()))
        assert len(document.changes) >= 0.9 * figures, document.file
        assert all(c.new_value != c.old_value for c in document.changes)
        read = values_by_span(builds[document.file].records)
        expected = values_by_span(original(document).build.records)
        span_of = {n: span for span in expected for n in span.lines()}
        # A re-listed KPI's row is read into no record: the parser only checks it against the
        # first listing (the residue count above says it matched).
        read_changes = [c for c in document.changes if not c.repeat]
        for change in read_changes:
            expected[span_of[change.line]][change.old_value] -= 1
            expected[span_of[change.line]][change.new_value] += 1
        assert read == {span: +values for span, values in expected.items()}, document.file
        raws: dict[tuple, list[str]] = {}
        for span, value, raw, _ in corpus.readings(builds[document.file].records):
            raws.setdefault((span, value), []).append(fold(raw))
        for change in read_changes:
            # The new figure stands in the raw text (a construction cost has none).
            found = raws[span_of[change.line], change.new_value]
            assert any(fold(change.new) in raw or not raw for raw in found), change


def test_only_names_and_figures_change(synthetic_corpus):
    """With the names exchanged back, every line without a changed figure is the original's."""
    out, documents = synthetic_corpus
    for document in documents:
        source = original(document)
        text = (out / document.file).read_text(encoding="utf-8")
        lines = corpus.rename(text, document.city_name, source.city_name).split("\n")
        changed = {c.line for c in document.changes}
        assert len(lines) == len(source.lines)
        for number, (line, before) in enumerate(zip(lines, source.lines, strict=True), 1):
            if number not in changed:
                assert line == before, (document.file, number)


def test_the_swapped_party_takes_the_original_city_name(synthetic_corpus):
    out, _ = synthetic_corpus
    strategy = (out / "131211-tsukubamirai-sogo-senryaku-2-shinchoku-r5.txt").read_text("utf-8")
    assert "荒川区・つくばみらい市・八潮市" in strategy
    report = (out / "372013-mito-jimu-hokokusho-r6.txt").read_text("utf-8")
    assert "11月8日～9日\t水戸市\t水戸市・高松市親善都市提携50周年記念事業" in report


def test_the_order_and_the_names(tmp_path):
    documents = corpus.generate(7, tmp_path)
    first = corpus.municipalities()[0]
    assert [d.original for d in documents[:5]] == [o.file for o in corpus.originals()]
    assert {d.city_code for d in documents[:5]} == {first.code}
    assert documents[5].city_code == corpus.municipalities()[1].code
    assert documents[0].file == f"{first.code}-{corpus.originals()[0].file}"
    infos = read_manifest(tmp_path)
    assert [i.file for i in infos] == [d.file for d in documents]
    assert infos[1].publisher == f"{first.name}まち・ひと・しごと創生推進本部"
    assert infos[2].layout == "hitachi-comprehensive-plan"


def test_generation_is_deterministic_and_seeded(tmp_path):
    def files(seed: int, name: str) -> dict[str, bytes]:
        corpus.generate(12, tmp_path / name, seed)
        return {p.name: p.read_bytes() for p in sorted((tmp_path / name).iterdir())}

    once, again, other = files(0, "once"), files(0, "again"), files(1, "other")
    assert once == again
    assert once.keys() == other.keys() and once != other
    assert once["manifest.toml"] == other["manifest.toml"]


def test_a_count_beyond_the_corpus_or_a_used_directory_is_refused(tmp_path):
    with pytest.raises(ValueError, match="count must be 1 to 8705"):
        corpus.generate(8706, tmp_path / "big")
    corpus.generate(1, tmp_path / "used")
    with pytest.raises(ValueError, match="not empty"):
        corpus.generate(1, tmp_path / "used")
