"""Golden tests of the comprehensive-plan parser on 日立市総合計画 分野6 (line numbers cited)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from munikg.model import (
    Agreement,
    Department,
    Indicator,
    Observation,
    Organization,
    Period,
    Plan,
    PlanElement,
    Project,
    Span,
    TextSection,
)

FILE = "hitachi-sogo-keikaku-bunya6.txt"
FY = Period.fiscal_year


@pytest.fixture(scope="module")
def result(parse):
    return parse(FILE)


def of(result, kind):
    return [r for r in result.records if isinstance(r, kind)]


def elements(result, kind):
    return {e.key: e for e in of(result, PlanElement) if e.kind == kind}


def sections(result, kind, subject=None):
    return [
        s
        for s in of(result, TextSection)
        if s.kind == kind and (subject is None or s.subject == subject)
    ]


def values(result, label):
    """(role, period, value or qualitative, unit, line) of every observation of an indicator."""
    return sorted(
        (o.role, o.period.start.year, o.value or o.qualitative, o.unit, o.span.first)
        for o in of(result, Observation)
        if o.indicator == f"indicator:{label}"
    )


def test_plan_field_and_policies(result):
    (plan,) = [p for p in of(result, Plan) if p.kind == "comprehensive-plan"]
    assert (plan.key, plan.title, plan.period) == ("plan:日立市総合計画", "日立市総合計画", None)
    (field,) = elements(result, "field").values()
    assert (field.number, field.title, field.subtitle, field.parent) == (
        "6",
        "協働・行政経営",
        "みんなで創る持続可能なまち",  # lines 7-8, wrapped
        plan.key,
    )
    policies = elements(result, "policy")
    assert [(p.number, p.title, p.subtitle) for p in policies.values()] == [
        ("1", "コミュニティ活動", "持続可能なコミュニティ活動"),
        ("2", "市民の多様な活動", "市民の多様な活動と支え合いのまちづくり"),  # lines 22-23
        ("3", "産学官連携", "企業、大学等との連携・協働"),
        ("4", "男女共同参画・若者応援・多文化共生", "誰もがかがやける社会の形成"),
        ("5", "広聴広報・シティプロモーション", "市民と市政をつなぐ広聴と戦略的な広報"),
        ("6", "デジタル化・行財政運営", "効率的で持続可能なまちづくり"),
    ]
    assert {p.parent for p in policies.values()} == {"field"}
    assert policies["policy:2"].span.first == 20


def test_initiatives(result):
    initiatives = elements(result, "initiative")
    assert sorted(initiatives) == [
        f"initiative:{p}-{i}"
        for p, n in zip("123456", (3, 2, 2, 3, 4, 3), strict=True)
        for i in range(1, n + 1)
    ]
    assert initiatives["initiative:1-1"].title == "組織や活動の活性化・透明化"
    assert initiatives["initiative:1-1"].parent == "policy:1"
    # 取組1 on line 498, its title on line 500
    assert initiatives["initiative:4-1"].title == "男女共同参画社会の実現に向けた基盤の整備"
    assert initiatives["initiative:4-1"].span.first == 498
    assert (
        initiatives["initiative:6-2"].title == "社会情勢の変化に対応した効率的・効果的な行財政運営"
    )
    assert initiatives["initiative:5-4"].title == "市民相談体制の充実"


def test_policy_sections(result):
    assert len(sections(result, "basic-policy")) == 6
    assert sections(result, "basic-policy", "policy:1")[0].text.startswith(
        "これからの時代にふさわしいコミュニティ組織"
    )
    (basic6,) = sections(result, "basic-policy", "policy:6")
    assert basic6.text.count("\n") == 1  # two paragraphs, lines 702 and 704
    # one achievements section per bullet
    counts = [len(sections(result, "achievements", f"policy:{n}")) for n in range(1, 7)]
    assert counts == [5, 3, 6, 7, 8, 8]
    assert len(sections(result, "vision")) == 6
    (vision1,) = sections(result, "vision", "policy:1")
    assert vision1.span == Span(111, 115) and vision1.text.count("\n") == 2


def test_issues(result):
    issues = {(s.subject, s.title): s for s in sections(result, "issue")}
    assert [n for n in range(1, 7) for s, _ in issues if s == f"policy:{n}"] == (
        [1] * 3 + [2] * 2 + [3] * 2 + [4] * 3 + [5] * 4 + [6] * 3
    )
    first = issues["policy:1", "1 新たな時代にふさわしいコミュニティ組織の体制づくり"]
    assert first.span.first == 79 and first.text.startswith("社会情勢や地域を取り巻く")
    assert first.text.endswith("分かりやすい組織・活動とするための取組が必要です。")
    # issue 4 of policy 5 (line 607), just before the section "4 5年後に目指す姿" (line 613)
    last = issues["policy:5", "4 市民ニーズに対応した相談業務の充実と相談体制の整備"]
    assert last.span == Span(607, 611)


def test_initiative_descriptions(result):
    descriptions = {s.subject: s for s in sections(result, "description")}
    assert len(descriptions) == 17
    # a prose line without its own bullet (814) continues the bullet of line 813
    text = descriptions["initiative:6-2"].text.split("\n")
    assert len(text) == 3 and text[1].endswith(
        "取り組みます。また、歳出面では、借地の解消や、徹底した事業の選択と集中による経費の縮減に取り組みます。"
    )
    assert not text[0].startswith(("-", "▶"))


def test_captions_kept(result):
    captions = {s.span.first: s for s in sections(result, "caption")}
    assert captions[87].text == "コミュニティでの清掃活動の様子"
    assert captions[87].subject == "policy:1"
    # a chart title keeps its (…) and 出典 lines (727-732)
    assert (
        captions[727].text
        == "■ひたちナビ月別登録者数の推移\n(令和3年12月末現在)\n出典:デジタル推進課集計値"
    )
    assert captions[727].span == Span(727, 732)
    # the photo caption after 主に関係する課所 of policy 2 (line 280)
    assert captions[280].subject == "policy:2"


OUTCOME = {
    # theme: (line, 現在の評価 H28/R3/R8, 今後の重要度 H28/R3)
    "コミュニティ活動": (125, ("3.2", "3.3", "3.5"), ("3.8", "3.8")),
    "市民の多様な活動": (239, ("3.0", "3.3", "3.5"), ("3.6", "3.7")),
    "産学官連携": (344, ("2.9", "3.2", "3.4"), ("3.6", "3.8")),
    "男女共同参画": (470, ("2.9", "3.1", "3.3"), ("3.9", "4.0")),
    "若者応援": (477, ("—", "3.1", "3.3"), ("—", "4.0")),
    "多文化共生": (484, ("2.9", "3.2", "3.4"), ("3.6", "3.8")),
    "広聴広報": (627, ("3.3", "3.3", "3.5"), ("3.7", "3.9")),
    "相談": (634, ("3.1", "3.1", "3.3"), ("3.8", "4.1")),
    "デジタル化の推進": (770, ("—", "3.3", "3.6"), ("—", "4.2")),
    "財政運営": (783, ("2.8", "3.1", "3.3"), ("4.1", "3.9")),
    "行政経営": (790, ("3.3", "3.3", "3.5"), ("3.7", "4.0")),
}


def expected_outcome(raw: str, role: str, year: int, line: int):
    if raw == "—":
        return (role, year, "no-value", None, line)
    return (role, year, Decimal(raw), "score", line)


@pytest.mark.parametrize("theme", OUTCOME)
def test_outcome_indicators(result, theme):
    line, rating, importance = OUTCOME[theme]
    roles = (("baseline", 2016), ("actual", 2021), ("target", 2026))
    for row, (name, printed) in enumerate((("現在の評価", rating), ("今後の重要度", importance))):
        label = f"「{theme}」に関する成果指標 {name}"
        (indicator,) = [i for i in of(result, Indicator) if i.label == label]
        assert (indicator.kind, indicator.unit) == ("outcome-indicator", "score")
        # 今後の重要度 has no R8 target: an empty cell gives no observation
        assert values(result, label) == sorted(
            expected_outcome(raw, role, year, line + row)
            for raw, (role, year) in zip(printed, roles, strict=False)
        )


def test_outcome_indicators_belong_to_their_policy(result):
    outcome = [i for i in of(result, Indicator) if i.kind == "outcome-indicator"]
    assert len(outcome) == 22
    members = {i.label.split("」")[0][1:]: i.members_of for i in outcome}
    assert members["男女共同参画"] == members["多文化共生"] == ("policy:4",)
    assert members["行政経営"] == ("policy:6",)


TARGETS = {
    # label: (policy, unit, current R3, target R8), values as (value, per year)
    "地域活動(行事)に参加している人の割合": (1, "percent", "28.9", "35.0"),
    "ボランティアなどの活動への参加率 (NPO活動を含む)": (2, "percent", "8.1", "10.0"),
    "就業専門資格取得等補助を受けて就業した女性の人数": (4, "person", "12", "15"),
    "ひたち若者ががやき会議参加者数": (4, "person", "65/", "100/"),  # ※ glossary mark dropped
    "市公式SNSのいいね!の数": (5, "case", "79067/", "118500/"),
    "ひたちナビダウンロード数": (6, "case", "14259", "32600"),
    "経常収支比率": (6, "percent", "94.7", "94.7"),
}


def observation_values(result, label):
    return {
        (o.role, o.period): (o.value, o.unit, o.per_year)
        for o in of(result, Observation)
        if o.indicator == f"indicator:{label}"
    }


def printed(text: str, unit: str):
    return (Decimal(text.rstrip("/")), unit, text.endswith("/"))


@pytest.mark.parametrize("label", TARGETS)
def test_target_indicators(result, label):
    policy, unit, current, target = TARGETS[label]
    (indicator,) = [i for i in of(result, Indicator) if i.label == label]
    assert (indicator.kind, indicator.unit, indicator.members_of) == (
        "target-indicator",
        unit,
        (f"policy:{policy}",),
    )
    assert observation_values(result, label) == {
        ("actual", FY(2021)): printed(current, unit),
        ("target", FY(2026)): printed(target, unit),
    }


# the current-value cell gives R元 and R2 values, and a ※ note explains which one counts
DATED = {
    "大学との連携取組数": (350, "55", "46", "55", 352),
    "交流事業等への外国人の参加者数": (492, "90", "11", "95", 494),
    "専門相談の件数": (641, "302", "247", "350", 643),
}


@pytest.mark.parametrize("label", DATED)
def test_target_indicators_with_values_of_other_years(result, label):
    line, r1, r2, r8, note_line = DATED[label]
    unit = "person" if "人" in label or "参加者" in label else "case"
    assert observation_values(result, label) == {
        ("actual", FY(2019)): (Decimal(r1), unit, True),
        ("actual", FY(2020)): (Decimal(r2), unit, True),
        ("target", FY(2026)): (Decimal(r8), unit, True),
    }
    assert {o.span.first for o in of(result, Observation) if o.indicator.endswith(label)} == {line}
    (note,) = sections(result, "note", f"indicator:{label}")
    assert note.span.first == note_line
    assert (
        note.text
        == "R2の実績値は新型コロナウイルス感染症の影響があるため、R元の実績値を現状値としている。"
    )


def test_raw_values_kept(result):
    raws = {o.raw for o in of(result, Observation) if o.indicator == "indicator:大学との連携取組数"}
    assert raws == {"55件/年(R元)", "46件/年(R2)", "55件/年"}


def test_statistics_from_prose(result):
    # line 200: 2022(令和4)年1月現在、本市では109のボランティア団体と36のNPO法人が…
    statistics = {i.label: i for i in of(result, Indicator) if i.kind == "statistic"}
    assert set(statistics) == {"ボランティア団体数", "NPO法人数"}
    assert {i.members_of for i in statistics.values()} == {("policy:2",)}
    january = Period(date(2022, 1, 1), date(2022, 1, 31))
    assert observation_values(result, "ボランティア団体数") == {
        ("actual", january): (Decimal(109), "group", False)
    }
    assert observation_values(result, "NPO法人数") == {
        ("actual", january): (Decimal(36), "group", False)
    }


RELATED_PLANS = {
    "第2次「日立市コミュニティ活動の在り方検討委員会」提言書": ("recommendation", 174, FY(2021)),
    "日立市コミュニティ活動推進行動計画": (
        "action-plan",
        175,
        Period(date(2022, 4, 1), date(2032, 3, 31)),
    ),
    "日立市さくらのまちづくり基本計画": ("sector-plan", 391, Period(date(2022, 4, 1), None)),
    "第4次ひたち男女共同参画計画": (
        "sector-plan",
        551,
        Period(date(2022, 4, 1), date(2027, 3, 31)),
    ),
    "ひたち若者かがやきプラン": ("sector-plan", 552, Period(date(2021, 4, 1), date(2026, 3, 31))),
    "日立市教育振興基本計画": ("sector-plan", 553, Period(date(2019, 4, 1), date(2024, 3, 31))),
    "日立市シティプロモーション戦略": ("sector-plan", 690, FY(2017)),
    "日立市デジタル化推進計画2022": (
        "sector-plan",
        845,
        Period(date(2022, 4, 1), date(2027, 3, 31)),
    ),
    "日立市公共施設マネジメント基本方針(改訂版)": (
        "guideline",
        846,
        Period(date(2014, 4, 1), date(2041, 3, 31)),
    ),
    "日立市公共施設マネジメント中期行動計画": (
        "action-plan",
        847,
        Period(date(2022, 4, 1), date(2032, 3, 31)),
    ),
    "日立市行財政改革大綱(第8次計画)": (
        "guideline",
        848,
        Period(date(2020, 4, 1), date(2023, 3, 31)),
    ),
    "日立市人材育成計画": ("sector-plan", 849, Period(date(2022, 4, 1), date(2032, 3, 31))),
}


def test_related_plans(result):
    plans = {p.title: (p.kind, p.span.first, p.period) for p in of(result, Plan)}
    del plans["日立市総合計画"]
    # the two plans listed again under policy 2 (lines 271-272) are the same resources
    assert plans == RELATED_PLANS
    assert {p.key for p in of(result, Plan)} >= {f"plan:{title}" for title in RELATED_PLANS}


def test_agreements_with_universities(result):
    organizations = {o.key: (o.name, o.kind, o.legal_form) for o in of(result, Organization)}
    # legal forms as printed: only line 389 prints one (国立大学法人); the emitter adds the
    # partner registry's for the others
    assert organizations == {
        "organization:茨城キリスト教大学": ("茨城キリスト教大学", "university", None),
        "organization:茨城大学": ("茨城大学", "university", "国立大学法人"),
        "organization:常磐大学": ("常磐大学", "university", None),
    }
    agreements = {
        (a.title, a.kind, a.partners, a.period, a.span.first) for a in of(result, Agreement)
    }
    assert agreements == {
        (
            "日立市と茨城キリスト教大学との連携に関する基本協定書",
            "cooperation",
            ("organization:茨城キリスト教大学",),
            FY(2003),
            388,
        ),
        (
            "日立市と国立大学法人茨城大学との連携協力に関する協定書",
            "cooperation",
            ("organization:茨城大学",),
            FY(2006),
            389,
        ),
        (
            "日立市と常磐大学との連携協力に関する協定書",
            "cooperation",
            ("organization:常磐大学",),
            FY(2008),
            390,
        ),
    }
    assert not [p for p in of(result, Plan) if "協定書" in p.title]


P, N, R = "priority", "new", "relisted"
COMMUNITY, WOMEN, PR = "コミュニティ推進課", "女性若者支援課", "広報戦略課"
PROJECTS = {
    "1-1": [
        ("コミュニティ持続のための人材育成支援事業", (COMMUNITY,), {P, N}),
        ("コミュニティ活動アプリポイント導入事業", (COMMUNITY,), {N}),  # empty cell, merged
        ("脱炭素社会に向けた全世代型コミュニティ環境活動事業", (COMMUNITY,), {N, R}),
        ("コミュニティ活動の指針づくり事業", (COMMUNITY,), set()),
        ("コミュニティ活動に関する広報事業", (COMMUNITY,), {N}),
    ],
    "1-2": [
        ("(仮称)まちづくりコーディネーター活用事業", (COMMUNITY,), {P, N}),
        ("有償ボランティア等検討事業", (COMMUNITY,), {N}),
        ("地域のつながり向上事業", (COMMUNITY,), {N}),  # line 159: two projects, 新 on the first
        ("コミュニティが行う地域福祉活動推進事業", (COMMUNITY,), set()),
    ],
    "1-3": [
        ("フリースペース等整備事業", (COMMUNITY,), {P, N}),
        ("コミュニティ活動におけるデジタル化推進事業", (COMMUNITY,), {N}),
        ("交流センター施設予約システム導入事業", (COMMUNITY,), {N}),
        ("交流センターの計画的な修繕", (COMMUNITY,), set()),
    ],
    "2-1": [("NPO法人認証等事業", (COMMUNITY,), set())],
    "2-2": [("ボランティア情報相談コーナー運営事業", (COMMUNITY,), set())],
    "3-1": [("大学連携推進事業", ("政策企画課",), set())],
    "3-2": [
        ("商店街街並み再整備事業", ("商工振興課",), {P, N, R}),
        ("桜を活かしたまちづくり事業", ("さくら課",), {R}),
        ("桜を守り育てる体制づくり事業", ("さくら課",), {R}),
        ("動物園教育普及事業", ("かみね公園管理事務所",), {R}),
    ],
    "4-1": [
        (
            "男女共同参画推進事業(地域・家庭における男女共同参画の意識啓発、リカレント教育体制の構築)",
            (WOMEN,),
            {P},
        ),
        (
            "女性人材育成事業(育児休暇・介護休暇取得促進のための出前講座、女性デジタル人材の育成、"
            "理工系職種に関心を持つロールモデル講座、就業支援講座)",
            (WOMEN,),
            {P, R},
        ),
        (
            "女性生活相談事業(DV相談を含めた女性の生活全般についての困りごとや性的マイノリティ相談、"
            "カウンセリング相談)",
            (WOMEN,),
            {P},
        ),
        ("次期男女共同参画計画策定事業", (WOMEN,), set()),
        ("女性センター施設整備事業", (WOMEN,), set()),
    ],
    "4-2": [
        (
            "若者がかがやき事業(若者の場づくり、若者がかがやき会議の運営、若者参画による魅力づくり)",
            (WOMEN,),
            {P, R},
        ),
        (
            "若者チャレンジ応援事業(若者の資格取得補助、若者団体への活動支援、高校生応援事業)",
            (WOMEN,),
            {P, R},
        ),
        ("恋活応援事業(出会い・交流の場の創出)", (WOMEN,), {P, R}),
    ],
    "4-3": [
        ("外国人中核人材活用支援事業", ("商工振興課",), {P, R}),
        ("多文化共生推進事業", ("文化・国際課",), set()),
        ("外国人児童生徒学校生活支援事業", ("指導課",), {R}),
        # line 539: empty last cell after 指導課; no closing department, so none
        ("国際理解教育推進事業(英語体験活動)", (), {R}),
    ],
    "5-1": [
        ("戦略的広報の推進", (PR,), {P}),
        ("市報の編集力強化事業(デザインの強化・構成内容の検討、ユニバーサル広報等)", (PR,), {P}),
        ("行政放送番組等視聴促進事業(番組改編、YouTubeの活用等)", (PR,), set()),
    ],
    "5-2": [("シティプロモーション推進事業", (PR,), {P})],
    "5-3": [  # line 676: two projects, two departments, paired in order
        ("総合計画推進事業(市民意向の把握、パブリックコメントの実施)", ("政策企画課",), set()),
        ("市民と行政のコミュニケーションの促進", (PR,), set()),
    ],
    "5-4": [  # line 686: three projects, two departments: the pairing is not in the text
        ("市民相談体制の充実", (), set()),
        ("消費者被害防止啓発の推進", (), set()),
        ("消費生活相談体制の充実", (), set()),
    ],
    "6-1": [
        ("キャッシュレス導入支援事業", ("商工振興課",), {P, N, R}),
        ("デジタル化推進事業", ("デジタル推進課",), set()),
        ("窓口サービスデジタル化推進事業", ("市民課",), set()),
        ("証明書自動作成システム利用促進事業", ("市民課",), set()),
        ("コンビニエンスストア等での各種証明書発行事業", ("市民課",), set()),
    ],
    "6-2": [
        ("文書管理・電子決裁システムの運用の拡充", ("総務課",), {P}),
        ("政策調査事業", ("政策企画課",), {N}),
        ("総合計画推進事業(計画の進捗管理、次期計画の策定)", ("地域創生推進課",), {R}),
        ("総合戦略推進事業(戦略の進捗管理、次期戦略の策定)", ("地域創生推進課",), set()),
        ("人を育てる研修制度の充実", ("人事課",), set()),
        ("職員の働き方改革推進事業", ("人事課",), set()),
        ("市民窓口休日開庁事業", ("市民課",), set()),
        ("ガバメントクラウドファンディング、有料広告推進事業", ("財政課",), set()),
        ("ふるさと寄附金推進事業", ("市民税課",), set()),
        ("借地の解消推進", ("公共財産管理課",), set()),  # line 831: cells shifted left
    ],
    "6-3": [
        ("公共施設マネジメント推進事業", ("公共財産管理課",), {P, R}),
        ("旧公設地方卸売市場関連店舗棟・土地活用事業", ("農林水産課",), {N}),
    ],
}


@pytest.mark.parametrize("initiative", PROJECTS)
def test_main_projects(result, initiative):
    found = [
        (
            p.name,
            p.departments,
            {flag for flag in (P, N, R) if getattr(p, flag)},
        )
        for p in of(result, Project)
        if p.parent == f"initiative:{initiative}"
    ]
    assert found == PROJECTS[initiative]


def test_projects_are_keyed_by_name(result):
    projects = of(result, Project)
    assert len(projects) == sum(map(len, PROJECTS.values())) == 58
    assert {p.kind for p in projects} == {"project"}
    assert all(p.key == f"project:{p.name}" for p in projects)
    by_line = {p.span.first for p in projects if p.name == "地域のつながり向上事業"}
    assert by_line == {159}


def test_departments(result):
    names = {d.name for d in of(result, Department)}
    assert names == {
        "コミュニティ推進課",
        "政策企画課",
        "さくら課",
        "商工振興課",
        "かみね公園管理事務所",
        "女性若者支援課",
        "文化・国際課",
        "指導課",
        "広報戦略課",
        "女性若者支援課(消費生活センター)",
        "地域創生推進課",
        "デジタル推進課",
        "総務課",
        "人事課",
        "市民課",
        "財政課",
        "市民税課",
        "公共財産管理課",
        "農林水産課",
    }
    # one record per line naming the department: 主に関係する課所 of policy 3 (line 395)
    assert {d.name for d in of(result, Department) if d.span.first == 395} == {
        "政策企画課",
        "さくら課",
        "商工振興課",
        "かみね公園管理事務所",
    }
    # line 686 names both departments even though its projects cannot be paired with them
    assert {d.name for d in of(result, Department) if d.span.first == 686} == {
        PR,
        "女性若者支援課(消費生活センター)",
    }


def test_every_line_accounted_for(result, document_build):
    build = document_build(FILE)
    assert build.residue == []
    assert build.consumed == build.non_blank == 450


def test_shacl(document_build):
    report = document_build(FILE).report
    assert report.violations == []
    assert report.warnings == []
