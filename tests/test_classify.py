"""Policy themes and the direction of good: the scheme, the rules on synthetic records, and the
classification of the five bundled sources as a person checked it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import SKOS

from munikg.classify import (
    KPI_KINDS,
    ClassifyError,
    Override,
    classify,
    default_overrides,
    direction,
    kpi_coverage,
    label,
    load_direction_rules,
    load_overrides,
    themes,
    vocabulary_path,
)
from munikg.emit import emit_document
from munikg.model import (
    Activity,
    Indicator,
    ParseResult,
    PlanElement,
    Project,
    Record,
    Span,
    TextSection,
    ThemeAssignment,
)
from munikg.reference import fold
from munikg.terms import ID, MK, VOCAB, slug

ROOT = Path(__file__).resolve().parents[1]
SDG_GOAL = re.compile(r"http://metadata\.un\.org/sdg/([1-9]|1[0-7])")
KPI_DOCUMENTS = (
    "mito-sogo-senryaku-2-hyoka-r4.txt",
    "hitachi-sogo-keikaku-bunya6.txt",
    "tsukubamirai-sogo-senryaku-2-shinchoku-r5.txt",
)
ALL_DOCUMENTS = (
    *KPI_DOCUMENTS,
    "mito-jimu-hokokusho-r6.txt",
    "hitachi-johoka-action-plan-r2.txt",
)
MITO = "mito-sogo-senryaku-2-hyoka-r4.txt"
HITACHI = "hitachi-sogo-keikaku-bunya6.txt"
TSUKUBAMIRAI = "tsukubamirai-sogo-senryaku-2-shinchoku-r5.txt"
MITO_REPORT = "mito-jimu-hokokusho-r6.txt"


def themes_of(records: list[Record], key: str) -> dict[str, ThemeAssignment]:
    return {r.theme: r for r in records if isinstance(r, ThemeAssignment) and r.subject == key}


# -- the scheme -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def scheme() -> Graph:
    return Graph().parse(vocabulary_path())


def test_scheme_has_15_to_20_documented_concepts_mapped_to_sdgs(scheme: Graph) -> None:
    concepts = set(scheme.subjects(SKOS.inScheme, VOCAB["policy-theme"]))
    assert 15 <= len(concepts) <= 20
    assert set(scheme.objects(VOCAB["policy-theme"], SKOS.hasTopConcept)) == concepts
    for concept in concepts:
        for lang in ("ja", "en"):
            labels = [p for p in scheme.objects(concept, SKOS.prefLabel) if p.language == lang]
            assert len(labels) == 1, f"{concept}: prefLabel @{lang}"
            assert any(d.language == lang for d in scheme.objects(concept, SKOS.definition))
        alt = {str(a) for a in scheme.objects(concept, SKOS.altLabel) if a.language == "ja"}
        assert alt, f"{concept}: no keywords"
        pref = {str(p) for p in scheme.objects(concept, SKOS.prefLabel)}
        assert not alt & pref, f"{concept}: altLabel repeats prefLabel (SKOS S13)"
        goals = [str(m) for m in scheme.objects(concept, SKOS.closeMatch)]
        assert goals, f"{concept}: no closeMatch"
        assert all(SDG_GOAL.fullmatch(goal) for goal in goals), goals


def test_no_keyword_is_redundant_within_its_theme() -> None:
    """A keyword containing another of its own theme would only lengthen the evidence."""
    for theme in themes():
        words = [k.text for k in theme.keywords]
        redundant = [(a, b) for a in words for b in words if a != b and a in b]
        assert not redundant, f"{theme.key}: {redundant}"


def test_themes_are_read_from_the_scheme() -> None:
    keys = [theme.key for theme in themes()]
    assert keys == sorted(keys)
    assert {"childcare", "digital-transformation", "housing-urban-infrastructure"} <= set(keys)
    childcare = next(theme for theme in themes() if theme.key == "childcare")
    assert "待機児童" in [k.text for k in childcare.keywords]


# -- the rules, on synthetic records ----------------------------------------------------------


def kpi(key: str, text: str, line: int, *members: str, kind: str = "kpi") -> Indicator:
    return Indicator(key, text, kind, Span.line(line), members_of=members)


def measure(key: str, title: str, line: int, parent: str = "goal:1") -> PlanElement:
    return PlanElement(key, "measure", key[-1], title, parent, Span.line(line))


def test_keyword_in_the_label_names_the_rule_the_words_and_the_line() -> None:
    records = classify([kpi("kpi:1", "空家利活用件数", 7)], "x.txt", overrides=[])
    assert themes_of(records, "kpi:1") == {
        "housing-urban-infrastructure": ThemeAssignment(
            "kpi:1",
            "housing-urban-infrastructure",
            "keyword:housing-urban-infrastructure",
            "label: 空家",
            Span.line(7),
        )
    }


def test_context_of_the_measure_only_when_the_label_names_no_theme() -> None:
    records = classify(
        [
            measure("measure:1", "移住・定住の推進", 3),
            kpi("kpi:1", "わくわく茨城生活実現事業における支援件数", 5, "measure:1"),
            kpi("kpi:2", "空家利活用件数", 6, "measure:1"),
        ],
        "x.txt",
        overrides=[],
    )
    (found,) = themes_of(records, "kpi:1").values()
    assert found.rule == "context:migration-population"
    assert found.evidence == "measure「移住・定住の推進」: 定住、移住"
    assert found.span == Span.line(3)
    assert set(themes_of(records, "kpi:2")) == {"housing-urban-infrastructure"}


def test_a_statistic_is_classified_by_what_it_is_a_figure_of_before_its_label() -> None:
    activity = Activity("a:1", "topic", "自転車の利用環境整備について", Span.line(2))
    rack = Indicator(
        "s:1", "シェアサイクル ラック数 茨城県近代美術館", "statistic", Span.line(4), subject="a:1"
    )
    records = classify([activity, rack], "x.txt", overrides=[])
    assert {t: a.rule for t, a in themes_of(records, "s:1").items()} == {
        "transport": "context:transport"
    }


def test_text_only_when_label_and_context_name_no_theme() -> None:
    element = PlanElement("initiative:1", "initiative", "1", "組織の透明化", "plan", Span.line(1))
    records = [
        element,
        TextSection("initiative:1", "description", "自治会・町内会の加入率が低下", Span(2, 3)),
        TextSection("initiative:1", "description", "防災訓練も行う", Span.line(4)),
    ]
    found = themes_of(classify(records, "x.txt", overrides=[]), "initiative:1")
    assert {t: (a.rule, a.evidence, a.span) for t, a in found.items()} == {
        "community-civic-activity": (
            "text:community-civic-activity",
            "text (description): 町内会、自治会",
            Span(2, 3),
        ),
        "disaster-safety": ("text:disaster-safety", "text (description): 防災", Span.line(4)),
    }
    titled = PlanElement("initiative:2", "initiative", "2", "防犯の推進", "plan", Span.line(5))
    records = [titled, TextSection("initiative:2", "description", "自治会", Span.line(6))]
    assert set(themes_of(classify(records, "x.txt", overrides=[]), "initiative:2")) == {
        "disaster-safety"
    }


def test_ascii_keywords_stand_alone_and_width_does_not_matter() -> None:
    records = classify(
        [
            kpi("kpi:1", "リリーアリーナMITO来場者数", 1),
            kpi("kpi:2", "ＩＴコーディネータ派遣件数", 2),
            kpi("kpi:3", "ＡＬＴ 派遣 事業の派遣人数", 3),
        ],
        "x.txt",
        overrides=[],
    )
    assert themes_of(records, "kpi:1") == {}
    assert set(themes_of(records, "kpi:2")) == {"digital-transformation"}
    assert set(themes_of(records, "kpi:3")) == {"education"}


def test_only_kpis_goals_measures_policies_projects_and_items_are_classified() -> None:
    field = PlanElement("field:6", "field", "6", "協働・行政経営", "plan", Span.line(1))
    activity = Activity("a:1", "topic", "防災訓練について", Span.line(2))
    project = Project("p:1", "防災訓練の充実", "project", Span.line(3), parent="a:1")
    records = classify([field, activity, project], "x.txt", overrides=[])
    assert {r.subject for r in records if isinstance(r, ThemeAssignment)} == {"p:1"}


def test_a_relisted_kpi_is_classified_once_from_all_its_measures() -> None:
    records = classify(
        [
            measure("measure:1", "結婚支援の充実", 1),
            measure("measure:2", "観光・交流の促進", 2),
            kpi("kpi:1", "体験事業の参加者数", 3, "measure:1"),
            kpi("kpi:1", "体験事業の参加者数", 9, "measure:2"),
        ],
        "x.txt",
        overrides=[],
    )
    assignments = [r for r in records if isinstance(r, ThemeAssignment) and r.subject == "kpi:1"]
    assert [(a.subject, a.theme) for a in assignments] == [
        ("kpi:1", "childcare"),
        ("kpi:1", "tourism-exchange"),
    ]


def test_classification_is_deterministic() -> None:
    records = [measure("measure:1", "教育・保育環境の充実", 1), kpi("kpi:1", "年少人口", 2)]
    assert classify(records, "x.txt", overrides=[]) == classify(records, "x.txt", overrides=[])


def test_override_removes_and_adds_for_every_subject_with_the_label() -> None:
    override = Override(
        "x.txt", "コミュニティバス 利用者数", "a bus", ("transport",), ("community-civic-activity",)
    )
    records = classify(
        [
            kpi("kpi:1", "コミュニティバスの利用者数", 4),
            kpi("kpi:2", "コミュニティバス利用者数", 5),
            Project("p:1", "コミュニティバス利用者数", "project", Span.line(6)),
        ],
        "x.txt",
        overrides=[override, Override("y.txt", "other", "not this document", ("youth",))],
    )
    assert themes_of(records, "kpi:1").keys() == {"community-civic-activity", "transport"}
    for key, line in (("kpi:2", 5), ("p:1", 6)):
        assert themes_of(records, key) == {
            "transport": ThemeAssignment(key, "transport", "override", "a bus", Span.line(line))
        }


def test_an_override_that_matches_nothing_is_an_error() -> None:
    override = Override("x.txt", "存在しない指標", "stale", ("youth",))
    with pytest.raises(ClassifyError, match="存在しない指標"):
        classify([kpi("kpi:1", "空家利活用件数", 1)], "x.txt", overrides=[override])


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ('label = "a"\nreason = "r"\nadd = ["youth"]', "lacks 'document'"),
        ('document = "d"\nlabel = "a"\nreason = "r"\nadd = ["kids"]', r"unknown themes \['kids'\]"),
        ('document = "d"\nlabel = "a"\nreason = "r"', "neither adds nor removes"),
    ],
)
def test_bad_overrides_are_rejected(tmp_path: Path, entry: str, message: str) -> None:
    path = tmp_path / "overrides.toml"
    path.write_text(f"[[override]]\n{entry}\n", encoding="utf-8")
    with pytest.raises(ClassifyError, match=message):
        load_overrides(path)


def test_bad_direction_rule_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "direction.toml"
    path.write_text('[[rule]]\nkeyword = "x"\ndirection = "down"\nreason = "r"\n', "utf-8")
    with pytest.raises(ClassifyError, match="lower, higher, none"):
        load_direction_rules(path)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("空家等件数", (True, "lower: 空家等件数")),
        ("空家利活用件数", (False, "default: higher")),
        ("保育所待機児童数", (True, "lower: 待機児童")),
        ("人身事故件数(人口千人当たり)", (True, "lower: 事故件数")),
        ("経常収支比率", (True, "lower: 経常収支比率")),
        ("ごみ排出量の削減率", (False, "higher: 削減")),
        ("「広聴広報」に関する成果指標 今後の重要度", (None, "none: 重要度")),
        ("マイナンバーカード交付率", (False, "default: higher")),
    ],
)
def test_direction_rules(text: str, expected: tuple[bool | None, str]) -> None:
    assert direction(text) == expected


def test_direction_is_set_on_kpis_only_and_a_parser_value_is_kept() -> None:
    records = [
        kpi("kpi:1", "保育所待機児童数", 1),
        kpi("kpi:2", "待機児童数", 2, kind="statistic"),
        Indicator("kpi:3", "待機児童数", "target-indicator", Span.line(3), lower_is_better=False),
    ]
    result = [r for r in classify(records, "x.txt", overrides=[]) if isinstance(r, Indicator)]
    assert [r.lower_is_better for r in result] == [True, None, False]


# -- the five bundled sources ------------------------------------------------------------------


@pytest.fixture(scope="module")
def classified(parse):
    """``classified(file)``: the parser's records for one source, classified (cached)."""
    cache: dict[str, list[Record]] = {}

    def run(file: str) -> list[Record]:
        if file not in cache:
            cache[file] = classify(parse(file).records, file)
        return cache[file]

    return run


def subject(records: list[Record], text: str) -> Record:
    """The one classified subject of that label (compared folded)."""
    found = {
        r.key: r
        for r in records
        if isinstance(r, Indicator | PlanElement | Project) and fold(label(r)) == fold(text)
    }
    assert len(found) == 1, f"{text!r}: {sorted(found)}"
    return next(iter(found.values()))


def theme_keys(records: list[Record], text: str) -> set[str]:
    return set(themes_of(records, subject(records, text).key))


@pytest.mark.parametrize("file", KPI_DOCUMENTS)
def test_kpi_coverage_per_document(classified, file: str) -> None:
    themed, total = kpi_coverage(classified(file))
    assert total >= 25, f"{file}: only {total} KPIs parsed"
    assert themed / total >= 0.95, f"{file}: {themed}/{total} KPIs have a theme"


def test_kpi_coverage_overall(classified) -> None:
    counts = [kpi_coverage(classified(file)) for file in ALL_DOCUMENTS]
    themed, total = sum(c[0] for c in counts), sum(c[1] for c in counts)
    assert total >= 100
    assert themed / total >= 0.95, f"{themed}/{total} KPIs have a theme"


@pytest.mark.parametrize(
    ("file", "text", "expected"),
    [
        (TSUKUBAMIRAI, "空家利活用件数", {"housing-urban-infrastructure"}),
        (MITO, "合計特殊出生率", {"childcare", "migration-population"}),
        (TSUKUBAMIRAI, "マイナンバーカード交付率", {"digital-transformation"}),
        (TSUKUBAMIRAI, "保育所待機児童数", {"childcare"}),
        (TSUKUBAMIRAI, "人身事故件数（人口千人当たり）", {"disaster-safety"}),
        (TSUKUBAMIRAI, "病院バスの路線数", {"health-welfare", "transport"}),
        (TSUKUBAMIRAI, "成人式参加率", {"youth"}),
        (
            TSUKUBAMIRAI,
            "近隣自治体との自治体クラウド構築",
            {"digital-transformation", "partnerships"},
        ),
        (MITO, "空家等件数", {"housing-urban-infrastructure"}),
        (MITO, "路線バス利用者数（一日当たり）", {"transport"}),
        (
            MITO,
            "福祉ボランティアの活動件数（年間）",
            {"community-civic-activity", "health-welfare"},
        ),
        (HITACHI, "経常収支比率", {"administration-finance"}),
        (HITACHI, "「男女共同参画」に関する成果指標 現在の評価", {"gender-equality-diversity"}),
        (HITACHI, "「相談」に関する成果指標 現在の評価", {"public-relations"}),
        (HITACHI, "交流事業等への外国人の参加者数", {"gender-equality-diversity"}),
        (HITACHI, "ガバメントクラウドファンディング、有料広告推進事業", {"administration-finance"}),
        ("hitachi-johoka-action-plan-r2.txt", "オープンデータの推進", {"digital-transformation"}),
    ],
)
def test_classifications_a_person_checked(classified, file: str, text: str, expected) -> None:
    assert theme_keys(classified(file), text) == expected


def test_a_kpi_under_a_migration_measure_is_about_migration(classified) -> None:
    records = classified(MITO)
    found = themes_of(
        records, subject(records, "わくわく茨城生活実現事業における支援件数(年間)").key
    )
    assert {t: (a.rule, a.evidence) for t, a in found.items()} == {
        "migration-population": (
            "context:migration-population",
            "measure「移住・定住の推進」: 定住、移住",
        )
    }


@pytest.mark.parametrize(
    ("file", "text", "lower"),
    [
        (MITO, "空家等件数", True),
        (MITO, "開放学級待機児童数", True),
        (TSUKUBAMIRAI, "保育所待機児童数", True),
        (TSUKUBAMIRAI, "人身事故件数（人口千人当たり）", True),
        (HITACHI, "経常収支比率", True),
        (TSUKUBAMIRAI, "空家利活用件数", False),
        (MITO, "合計特殊出生率", False),
        (HITACHI, "「広聴広報」に関する成果指標 今後の重要度", None),
    ],
)
def test_direction_of_real_kpis(classified, file: str, text: str, lower: bool | None) -> None:
    assert subject(classified(file), text).lower_is_better is lower


@pytest.mark.parametrize("file", KPI_DOCUMENTS)
def test_every_kpi_but_an_importance_rating_has_a_direction(classified, file: str) -> None:
    undirected = {
        r.label
        for r in classified(file)
        if isinstance(r, Indicator) and r.kind in KPI_KINDS and r.lower_is_better is None
    }
    assert all(text.endswith("今後の重要度") for text in undirected), undirected


def test_overrides_fix_what_the_keywords_got_wrong(classified) -> None:
    bus = themes_of(
        classified(TSUKUBAMIRAI),
        subject(classified(TSUKUBAMIRAI), "コミュニティバスの利用者数（年間延べ利用者）").key,
    )
    assert set(bus) == {"transport"}
    records = classified(MITO)
    measure = themes_of(records, subject(records, "活躍できる環境づくり").key)
    assert {t: a.rule for t, a in measure.items()} == {
        "community-civic-activity": "override",
        "partnerships": "override",
    }
    assert measure["partnerships"].evidence.startswith("基本目標Ⅳの具体的施策(3)。")


@pytest.mark.parametrize("override", default_overrides(), ids=lambda o: o.label)
def test_every_shipped_override_is_in_effect(classified, override: Override) -> None:
    records = classified(override.document)
    found = themes_of(records, subject(records, override.label).key)
    assert not set(override.remove) & set(found)
    assert all(found[theme].rule == "override" for theme in override.add)


@pytest.mark.parametrize("file", ALL_DOCUMENTS)
def test_every_assignment_is_of_a_known_theme_and_subject(classified, file: str) -> None:
    records = classified(file)
    keys = {r.key for r in records if isinstance(r, Indicator | PlanElement | Project)}
    known = {theme.key for theme in themes()}
    assignments = [(r.subject, r.theme) for r in records if isinstance(r, ThemeAssignment)]
    assert assignments
    assert len(assignments) == len(set(assignments))
    assert {s for s, _ in assignments} <= keys
    assert {t for _, t in assignments} <= known


def test_the_graph_records_theme_and_direction(classified, manifest) -> None:
    records = classified(TSUKUBAMIRAI)
    graph = emit_document(manifest[TSUKUBAMIRAI], ParseResult(records), 1438, 1000).graph
    iri = ID[f"city/082350/indicator/{slug('保育所待機児童数')}"]
    assert (iri, MK.lowerIsBetter, Literal(True)) in graph
    assert (iri, MK.theme, VOCAB["policy-theme/childcare"]) in graph
    assignment = URIRef(f"{iri}/theme/childcare")
    assert graph.value(assignment, MK.rule) == Literal("keyword:childcare")
