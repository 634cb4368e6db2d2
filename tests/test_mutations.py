"""Mutated bundled sources: what another extractor or another year's template does to a report.

Each mutation changes the layout, never the facts: tabs become spaces, page footers and form
feeds appear, wave dashes and full-width tildes trade places, lines gain trailing spaces, a
header word becomes its synonym. The build must never raise, never break the shapes, and never
lose a fact silently: every fact of the original document is either read from the mutated one
too, or its line is reported as residue. And no value may be read otherwise than from the
original (a different value for the same indicator, role and period): wrong is worse than
missing.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from munikg import ingest
from munikg.model import Agreement, Budget, Event, Indicator, Observation, Project
from munikg.sources import read_manifest
from munikg.validate import default_shapes
from mutations import MUTATIONS

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT / "data" / "sources"


def facts(doc: ingest.DocumentBuild) -> dict[tuple, int]:
    """Each fact of a build (what it states, not where) and the first line it stands on."""
    records = doc.records
    labels = {r.key: r.label for r in records if isinstance(r, Indicator)}
    names = {r.key: r.name for r in records if isinstance(r, Project)}
    found: dict[tuple, int] = {}
    for r in records:
        match r:
            case Observation():
                fact = ("observation", labels[r.indicator], r.role, r.period, r.value,
                        r.qualitative, r.revision, r.component)  # fmt: skip
            case Event():
                fact = ("event", r.name, r.period, r.venue)
            case Agreement():
                # The date may come from another line (庁議 rows date an agreements list).
                fact = ("agreement", r.title, len(r.partners))
            case Budget():
                fact = ("budget", names[r.project], r.fiscal_year, r.budget_jpy, r.settlement_jpy)
            case Project():
                fact = ("project", r.name, r.kind)
            case _:
                continue
        found.setdefault(fact, r.span.first)
    return found


@pytest.fixture(scope="module")
def originals() -> dict[str, ingest.DocumentBuild]:
    shapes = default_shapes()
    return {
        info.file: ingest.build_document(SOURCES, info, shapes) for info in read_manifest(SOURCES)
    }


@pytest.fixture(scope="module")
def manifest():
    return {info.file: info for info in read_manifest(SOURCES)}


@pytest.mark.parametrize("mutation", sorted(MUTATIONS))
@pytest.mark.parametrize("file", sorted(p.name for p in SOURCES.glob("*.txt")))
def test_mutated_source_keeps_its_facts_or_reports_residue(
    mutation, file, originals, manifest, tmp_path
):
    lines = (SOURCES / file).read_text(encoding="utf-8").split("\n")
    mutated, where = MUTATIONS[mutation](lines)
    (tmp_path / file).write_text("\n".join(mutated), encoding="utf-8")
    doc = ingest.build_document(tmp_path, manifest[file], default_shapes())
    assert doc.report.violations == []
    assert doc.consumed + len(doc.residue) == doc.non_blank
    kept = facts(doc)
    residue = {r.line for r in doc.residue}
    lost = [
        (line, fact)
        for fact, line in facts(originals[file]).items()
        if fact not in kept and where[line] not in residue
    ]
    assert lost == [], f"{len(lost)} facts lost silently, first: {lost[:3]}"
    stated = {
        fact[:4] + fact[6:]: fact for fact in facts(originals[file]) if fact[0] == "observation"
    }
    wrong = [
        (fact, stated[fact[:4] + fact[6:]])
        for fact in kept
        if fact[0] == "observation"
        and fact[:4] + fact[6:] in stated
        and fact not in stated.values()
    ]
    assert wrong == [], f"{len(wrong)} values read otherwise than in the original: {wrong[:3]}"
    dated = {(a.title, a.partners): a.period for a in originals[file].records if is_agreement(a)}
    redated = [
        a.title
        for a in doc.records
        if is_agreement(a) and a.period and dated.get((a.title, a.partners), a.period) != a.period
    ]
    assert redated == []


def is_agreement(record) -> bool:
    return isinstance(record, Agreement)
