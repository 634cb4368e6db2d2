"""Golden tests: 令和6年度 水戸市事務報告書 (mito-jimu-hokokusho-r6.txt), read line by line."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from munikg.model import (
    Activity,
    Agreement,
    Department,
    Event,
    Indicator,
    Observation,
    Organization,
    Period,
    Project,
    Survey,
    TextSection,
)

FILE = "mito-jimu-hokokusho-r6.txt"
FY2024 = Period(date(2024, 4, 1), date(2025, 3, 31))


def day(text: str) -> Period:
    return Period(date.fromisoformat(text), date.fromisoformat(text))


@pytest.fixture(scope="module")
def result(parse):
    return parse(FILE)


def of(result, kind):
    return [r for r in result.records if isinstance(r, kind)]


@pytest.fixture(scope="module")
def keyed(result):
    return {r.key: r for r in result.records if hasattr(r, "key")}


@pytest.fixture(scope="module")
def actual(result):
    """Indicator label → (value, unit, period, source line) of its actual value."""
    labels = {i.key: i.label for i in of(result, Indicator)}
    return {
        labels[o.indicator]: (o.value, o.unit, o.period, o.span.first)
        for o in of(result, Observation)
        if o.role == "actual"
    }


def meetings_of(result, keyed, body):
    return [
        (e.name, e.period.start.isoformat(), e.period.end.isoformat(), e.venue)
        for e in of(result, Event)
        if e.kind == "meeting" and e.body and keyed[e.body].name == body
    ]


def test_departments_are_the_five_section_headings(result):
    assert [(d.name, d.span.first) for d in of(result, Department)] == [
        ("秘書課", 3),
        ("政策企画課", 60),
        ("交通政策課", 177),
        ("デジタルイノベーション課", 329),
        ("みとの魅力発信課", 492),
    ]


def test_topics_subtopics_and_list_headings(keyed):
    topic = keyed["政策企画課/3"]
    assert (topic.kind, topic.number, topic.title) == (
        "topic",
        "3",
        "課題解決型の民官共創の推進について",
    )
    assert topic.department == "政策企画課"
    sub = keyed["政策企画課/3-2"]  # line 120
    assert (sub.kind, sub.parent, sub.title) == (
        "subtopic",
        "政策企画課/3",
        "包括連携協力に関する協定を締結している民間事業者",
    )
    heading = keyed["政策企画課/4-2-イ"]  # line 151
    assert (heading.kind, heading.parent, heading.title) == (
        "item",
        "政策企画課/4-2",
        "企業版ふるさと納税活用事業",
    )
    assert keyed["交通政策課/4-3"].title == "水戸市シェアサイクル事業"  # line 288


def test_prose_is_the_description_of_its_activity(result):
    texts = {t.span.first: t for t in of(result, TextSection)}
    assert texts[256].subject == "交通政策課/3"
    assert texts[256].kind == "description"
    assert texts[256].text.startswith("公共交通空白地区等における住民の移動手段を確保するため")
    assert texts[58].kind == "note"  # ※ パリオリンピック…
    assert texts[58].subject == "秘書課/4"


def test_every_meeting_of_the_mayors_association_tables(result, keyed):
    # lines 25-33, 38-45, 50-51: name, date, venue (a municipality name, as printed)
    assert meetings_of(result, keyed, "全国市長会") == [
        ("全国市長会関東支部役員会", "2024-04-10", "2024-04-10", "千代田区"),
        ("全国市長会理事会", "2024-04-10", "2024-04-10", "千代田区"),
        ("全国市長会関東支部役員会", "2024-05-13", "2024-05-13", "新宿区"),
        ("第113回全国市長会関東支部総会", "2024-05-14", "2024-05-14", "新宿区"),
        ("全国市長会社会文教委員会", "2024-07-17", "2024-07-17", "千代田区"),
        ("全国市長会理事・評議員合同会議", "2024-07-17", "2024-07-17", "千代田区"),
        ("全国市長会関東支部役員会", "2024-10-15", "2024-10-15", "立川市"),
        ("第86回全国都市問題会議", "2024-10-17", "2024-10-18", "姫路市"),
        ("全国市長会理事・評議員合同会議", "2024-11-14", "2024-11-14", "千代田区"),
    ]
    assert meetings_of(result, keyed, "茨城県市長会") == [
        ("令和6年第2回常任委員会", "2024-04-09", "2024-04-09", "水戸市"),
        ("令和6年第2回茨城県市長会", "2024-04-25", "2024-04-25", "水戸市"),
        ("茨城県市長会先進地行政視察", "2024-07-24", "2024-07-26", "台南市"),
        ("令和6年第3回常任委員会", "2024-08-08", "2024-08-08", "水戸市"),
        ("令和6年第3回茨城県市長会", "2024-08-19", "2024-08-19", "日立市"),
        ("令和6年第1回4団体連絡会議", "2024-10-08", "2024-10-08", "水戸市"),
        ("令和7年第1回常任委員会", "2025-01-09", "2025-01-09", "水戸市"),
        ("令和7年第1回茨城県市長会", "2025-01-17", "2025-01-17", "水戸市"),
    ]
    assert meetings_of(result, keyed, "県北鹿行市長会") == [
        ("令和6年度第1回定例会", "2024-10-22", "2024-10-22", "神栖市"),
        ("令和6年度第2回定例会", "2025-02-13", "2025-02-13", "神栖市"),
    ]
    body = keyed["org/全国市長会"]
    assert (body.kind, body.span.first) == ("association", 22)


def test_board_meetings_split_their_agenda_and_have_no_body(result):
    board = {(e.name, e.span.first): e for e in of(result, Event) if e.name in ("庁議", "政策会議")}
    assert len(board) == 26  # lines 65-91
    assert all(e.body is None and e.department == "政策企画課" for e in board.values())
    assert board["庁議", 66].period == day("2024-04-23")
    assert board["庁議", 66].agenda == (
        "台南市との友好交流都市提携について",
        "いばらきコープ生活協同組合との包括連携協力に関する協定の締結について",
        "(一社)日本自動車連盟茨城支部との包括連携協力に関する協定の締結について",
    )
    assert board["庁議", 83].period == day("2024-12-26")  # 「庁 議」 as printed
    assert board["政策会議", 88].agenda == (
        "第4次水戸市人材育成・確保基本方針(案)について",
        "民官連携によるスポーツ進行プロジェクトの推進について",
        "市立保育所の在り方と今後の方針について",
    )
    assert board["庁議", 91].period == day("2025-03-31")  # 7. 3. 31 is FY2024's last day


def test_transport_council_meetings(result, keyed):
    events = {e.span.first: e for e in of(result, Event)}
    first = events[186]
    assert keyed[first.body].name == "水戸市地域公共交通協議会"
    assert (first.name, first.period, first.written) == ("第1回全体会議", day("2024-05-29"), False)
    assert first.agenda == (
        "水戸市都市交通戦略会議規約の一部を改正する規約",
        "水戸市地域公共交通計画(素案)について",
    )
    assert events[187].written is True  # 6. 8. 29 [書面協議]
    assert events[191].agenda == (  # ，… について及び … (five items)
        "令和6年度地域公共交通確保維持改善事業・事業評価について",
        "令和7年度事業計画案",
        "令和7年度予算案",
        "水戸市地域公共交通協議会運営ガイドラインの策定について",
        "水戸市地域公共交通協議会委員の追加について",
    )
    assert events[202].agenda == (  # 並びに joins complete items; 及び inside one stays
        "令和5年度事業実績及び収支決算",
        "令和6年度事業計画(案)及び収支予算(案)",
        "役員の変更について",
    )
    assert events[188].agenda == ("路線バス「石塚・内原線」の路線変更に伴う運賃改定について",)
    assert events[234].period == Period(date(2025, 3, 26), date(2025, 3, 27))  # 及び
    assert (events[250].name, events[250].written) == ("総会", True)  # marker inside the text
    assert "[書面協議]" not in "".join(events[250].agenda)
    assert events[279].agenda == (
        "水戸市自転車活用推進計画に基づく施策の実績報告(令和5年度実績及び令和6年度中間報告)",
        "令和7年度の方針について",
    )
    bodies = {keyed[e.body].name for e in of(result, Event) if e.department == "交通政策課"}
    assert bodies == {
        "水戸市地域公共交通協議会",
        "茨城県常磐線整備促進期成同盟会",
        "水戸線整備促進期成同盟会",
        "大洗鹿島線を育てる沿線市町会議",
        "茨城県水郡線利用促進会議",
        "茨城県公共交通活性化会議",
        "茨城県地域交通政策推進協議会",
        "いばらき県央地域連携中枢都市圏事業(地域公共交通関係)検討会議",
        "茨城空港利用促進等協議会",
        "水戸市自転車利用環境整備審議会",
        "水戸市バリアフリー環境整備推進協議会",
    }
    assert sum(e.written for e in of(result, Event)) == 18  # 18 lines hold [書面協議]


def test_regional_mayors_meetings_from_html_cells(result, keyed):
    rows = [
        (e.span.first, e.name, e.agenda)
        for e in of(result, Event)
        if e.body and keyed[e.body].name == "県央地域首長懇話会"
    ]
    assert len(rows) == 10  # seven rows, lines 168-175; 170, 173 and 175 also hold a 懇談会
    assert rows[4] == (
        172,
        "令和6年度第3回県央地域首長懇話会担当課長会議",
        (
            "いばらき県央地域連携中枢都市圏ビジョンの取組について",
            "県央地域構成市町村による広域連携事業の令和7年度事業計画(案)について",
            "いばらき県央地域連携中枢都市圏事業「公の施設の広域利用促進事業」の令和7年度事業計画(案)について",
        ),
    )
    assert rows[5] == (173, "第46回県央地域首長懇話会", ("県央地域の発展に向けて",))
    assert rows[6] == (173, "県央地域の未来を担う人材の育成に関する懇談会", ())
    assert rows[3] == (170, "県央地域の未来を担う人材の育成に関する懇談会", ())
    assert not any("<" in name or any("<" in a for a in agenda) for _, name, agenda in rows)


def test_statistical_association_meetings_have_venues(result, keyed):
    rows = [
        (e.name, e.period.start.isoformat(), e.venue)
        for e in of(result, Event)
        if e.body and keyed[e.body].name == "水戸市統計協会"
    ]
    assert rows == [
        ("会計監査", "2024-04-09", "水戸市役所デジタルイノベーション課事務所"),
        ("理事会", "2024-04-19", "水戸市役所中会議室"),
        ("総会及び会員研修会", "2024-05-30", "水戸市役所中会議室"),
        ("茨城県登録調査員研修会参加", "2024-08-27", "茨城県立歴史館講堂"),
        ("研修会", "2025-03-06", "水戸市役所中会議室"),
    ]


def test_exchanges_and_ceremonies(result, keyed):
    events = {e.span.first: e for e in of(result, Event)}
    assert (events[8].kind, events[8].name, events[8].period) == (
        "ceremony",
        "仕事納め",
        day("2024-12-27"),
    )
    assert (events[9].name, events[9].period, events[9].venue) == (
        "仕事始め",
        day("2025-01-06"),
        "本庁舎中会議室",
    )
    exchange = events[15]
    assert exchange.kind == "exchange"
    assert exchange.period == Period(date(2024, 8, 18), date(2024, 8, 20))
    assert (exchange.venue, exchange.participants) == ("敦賀市", ("org/敦賀市",))
    assert keyed["org/敦賀市"].kind == "municipality"
    assert events[14].venue == "水戸市" and events[14].participants == ()  # 来水: in the city
    assert events[17].period == Period(date(2024, 11, 1), date(2024, 11, 4))


def test_citizen_meetings_and_their_participants(result, actual):
    events = {e.span.first: e for e in of(result, Event)}
    assert (events[566].name, events[566].period, events[566].venue) == (
        "市民懇談会（地区単独） 見川",
        day("2024-10-19"),
        "見川市民センターホール",
    )
    assert events[569].period == day("2024-09-01")
    assert actual["市民懇談会 参加者数 見川"] == (Decimal(23), "person", day("2024-10-19"), 566)
    assert actual["市民懇談会 参加者数 二中ブロック (柳河, 国田, 五軒)"][0] == 9


def test_partners_and_their_kinds(result):
    partners = {(o.name, o.kind, o.legal_form) for o in of(result, Organization)}
    assert {
        ("茨城大学", "university", None),
        ("常磐大学", "university", None),
        ("茨城キリスト教大学", "university", None),
        ("梅村学園", "school-corporation", None),
        ("常陽銀行", "financial-institution", "株式会社"),
        ("市内郵便局", "company", None),
        ("セブン-イレブン・ジャパン", "company", "株式会社"),
        ("ヨークベニマル", "company", "株式会社"),
        ("あいおいニッセイ同和損害保険", "company", "株式会社"),
        ("東京海上日動火災保険", "company", "株式会社"),
        ("水戸ヤクルト販売", "company", "株式会社"),
        ("第一生命保険", "company", "株式会社"),
        ("明治安田生命保険", "company", "相互会社"),
        ("大塚製薬", "company", "株式会社"),
        ("いばらきコープ", "cooperative", "生活協同組合"),
        ("日本自動車連盟茨城支部", "association", "一般社団法人"),
        ("水戸信用金庫", "financial-institution", "信用金庫"),
        ("台南市", "municipality", None),
        ("文京区", "municipality", None),
    } <= partners
    tainan = next(o for o in of(result, Organization) if o.name == "台南市")
    assert tainan.country == "台湾"


def test_agreements_one_per_partner_and_the_joint_one(result, keyed):
    agreements = of(result, Agreement)
    by_partners = {tuple(keyed[p].name for p in a.partners): a for a in agreements}
    assert len(agreements) == 4 + 12 + 2  # universities, line 122, 台南市 and 文京区
    assert by_partners["茨城大学",].kind == "cooperation"
    assert by_partners["梅村学園",].span.first == 118
    joint = by_partners["セブン-イレブン・ジャパン", "ヨークベニマル"]
    assert joint.kind == "comprehensive-partnership"
    assert (
        joint.title
        == "株式会社セブン-イレブン・ジャパン及び株式会社ヨークベニマルとの包括連携協力に関する協定"
    )
    assert by_partners["市内郵便局",].title == "市内郵便局34局との包括連携協力に関する協定"


def test_agreements_decided_at_the_executive_board_carry_its_date(result, keyed):
    dated = {
        (keyed[a.partners[0]].name, a.kind, a.period.start.isoformat(), a.span.first)
        for a in of(result, Agreement)
        if a.period
    }
    assert dated == {
        ("台南市", "friendly-exchange-city", "2024-04-23", 66),
        ("いばらきコープ", "comprehensive-partnership", "2024-04-23", 122),
        ("日本自動車連盟茨城支部", "comprehensive-partnership", "2024-04-23", 122),
        ("文京区", "partner-exchange-city", "2025-01-20", 85),
        ("水戸信用金庫", "comprehensive-partnership", "2025-01-20", 122),
    }


def test_taxi_users_per_district(actual):
    # lines 263-270, 延べ利用者数(人)
    taxi = {k: v for k, v in actual.items() if k.startswith("水都タクシー 延べ利用者数 ")}
    assert {k.rsplit(" ", 1)[1]: (v[0], v[1], v[3]) for k, v in taxi.items()} == {
        "国田・柳河": (Decimal(1256), "person", 263),
        "大場・稲荷第一": (Decimal(1147), "person", 264),
        "妻里・山根": (Decimal(1167), "person", 265),
        "鯉淵": (Decimal(1167), "person", 266),
        "上大野・下大野": (Decimal(941), "person", 267),
        "酒門": (Decimal(938), "person", 268),
        "飯富": (Decimal(1216), "person", 269),
        "合計": (Decimal(7832), "person", 270),
    }
    assert all(v[2] == FY2024 for v in taxi.values())


def test_share_cycle_bicycles_stations_and_racks(actual, result):
    assert actual["シェアサイクル 導入自転車"] == (Decimal(98), "vehicle", FY2024, 290)
    assert actual["シェアサイクル ステーション"] == (Decimal(42), "place", FY2024, 292)
    racks = {k: v for k, v in actual.items() if k.startswith("シェアサイクル ラック数 ")}
    assert len(racks) == 42  # two stations per row, lines 295-316
    assert sum(v[0] for v in racks.values()) == 285
    assert actual["シェアサイクル ラック数 水戸駅北口第1"] == (Decimal(6), "rack", FY2024, 295)
    assert actual["シェアサイクル ラック数 水戸駅南口第2"][0] == 12  # right-hand pair of 295
    assert actual["シェアサイクル ラック数 MitoriO"][0] == 7  # "M i t o r i O", line 300
    assert actual["シェアサイクル ラック数 六番池児童公園"][3] == 316
    bicycles = next(o for o in of(result, Observation) if o.span.first == 290)
    assert bicycles.note == "電動アシスト付自転車"


def test_the_three_construction_works(result, actual):
    works = [p for p in of(result, Project) if p.kind == "construction-work"]
    assert [(w.name, w.place, w.cost_jpy, w.start, w.end) for w in works] == [
        (
            "見川6号線外2路線自転車通行空間整備工事",
            "河和田町外",
            Decimal(15598000),
            date(2024, 1, 13),
            date(2024, 8, 31),
        ),
        (
            "幹線市道18号線(千波・河和田線)自転車通行空間整備工事",
            "河和田町・見川町",
            Decimal(14696000),
            date(2024, 2, 27),
            date(2024, 9, 3),
        ),
        (
            "寿135号線外1路線自転車通行空間整備工事",
            "見川町、河和田町",
            Decimal(27234900),
            date(2024, 9, 21),
            date(2025, 3, 7),
        ),
    ]
    assert all(w.departments == ("交通政策課",) for w in works)
    lengths = [actual[f"{w.name} 延長"][:2] for w in works]
    assert lengths == [(1100, "metre"), (800, "metre"), (1300, "metre")]


def test_the_six_statistical_surveys(result, keyed):
    surveys = of(result, Survey)
    assert [
        (s.name, s.reference_period, s.reference_text, s.authority, s.legal_basis) for s in surveys
    ] == [
        ("経済センサス調査区管理", day("2024-06-01"), None, "総務省", ("統計法", "統計法施行令")),
        (
            "令和7年国勢調査第3次試験調査",
            day("2024-06-19"),
            None,
            "総務省",
            ("統計法", "国勢調査令"),
        ),
        (
            "令和6年全国家計構造調査",
            Period(date(2024, 10, 1), date(2024, 11, 30)),
            None,
            "総務省",
            ("統計法", "全国家計構造調査規則"),
        ),
        (
            "令和7年国勢調査調査区設定",
            day("2024-10-01"),
            None,
            "総務省",
            ("統計法", "国勢調査令", "国勢調査の調査区の設定の基準等に関する省令"),
        ),
        (
            "2025年農林業センサス",
            day("2025-02-01"),
            None,
            "農林水産省",
            ("統計法", "農林業センサス規則"),
        ),
        (
            "茨城県常住人口調査",
            None,
            "毎月1日",
            "茨城県",
            ("茨城県統計条例", "茨城県常住人口調査規則"),
        ),
    ]
    assert all(s.department == "デジタルイノベーション課" for s in surveys)
    content = next(t for t in of(result, TextSection) if t.subject == surveys[1].key)
    assert content.text.startswith("調査期間 6月8日~7月19日 調査対象 世帯(抽出調査)")


def test_counts_of_awards_consultations_and_public_relations(actual):
    assert actual["表彰 件数 一般"][:2] == (7, "case")  # line 56
    assert actual["表彰 件数 職員"][0] == 30
    assert actual["表彰 件数 合計"][0] == 42
    assert actual["市民相談 件数 行政事案"] == (Decimal(2265), "case", FY2024, 554)
    assert actual["市民相談 件数 計"][0] == 4973
    assert actual["市政モニター 委嘱人数"] == (Decimal(6), "person", FY2024, 575)
    assert actual["市政モニター 提言数"][:2] == (5, "case")
    assert actual["法律相談 実施回数"] == (Decimal(47), "times", FY2024, 581)
    assert actual["法律相談 相談件数"][:2] == (394, "case")
    assert actual["広報みと 発行部数"] == (Decimal(87000), "copy", FY2024, 504)
    assert actual["フィルムコミッション 撮影支援件数"] == (Decimal(50), "case", FY2024, 534)


def test_lists_of_systems_initiatives_and_projects(result, keyed):
    systems = [a.title for a in of(result, Activity) if a.parent == "デジタルイノベーション課/1-1"]
    assert len(systems) == 40  # lines 335-374
    assert (systems[0], systems[-1]) == ("住民情報", "職員情報")
    window = [a.title for a in of(result, Activity) if a.parent == "デジタルイノベーション課/3-5"]
    assert window[0] == "異動受付支援システム運用による転入届の作成自動化"  # 「書かない窓口」推進
    assert len(window) == 6
    projects = {p.parent: [] for p in of(result, Project) if p.kind == "project"}
    for p in of(result, Project):
        if p.kind == "project":
            projects[p.parent].append(p.name)
    assert keyed["政策企画課/4-2-ア"].title == "デジタル田園都市国家構想交付金活用事業"
    assert len(projects["政策企画課/4-2-ア"]) == 5
    assert (
        projects["政策企画課/4-2-イ"][1] == "伝承の味「水戸のわら納豆」を未来へつなぐプロジェクト"
    )
    assert len(projects["政策企画課/4-2-イ"]) == 11


def test_timeline_rows_are_dated_items_or_meetings(result):
    items = {a.span.first: a.title for a in of(result, Activity) if a.kind == "item"}
    assert items[102] == "2024-07-31 各部原案提出"
    assert items[133].startswith("2024-03-26～2024-04-26 「若い世代に選ばれるMITOづくり総合戦略")
    meeting = next(e for e in of(result, Event) if e.span.first == 136)
    assert (meeting.name, meeting.period) == (
        "第1回水戸市まち・ひと・しごと創生有識者会議",
        day("2024-11-13"),
    )


def test_radio_programmes_are_items_with_their_content(result):
    items = {a.span.first: a for a in of(result, Activity)}
    assert items[540].title == "水戸市政情報（茨城放送）"  # empty station cell repeats 茨城放送
    text = next(t for t in of(result, TextSection) if t.subject == items[542].key)
    assert text.text == "行政情報を、毎週月~金曜日、1日2回、5分間放送。"


def test_no_html_left_in_any_text(result):
    texts = [getattr(r, f, None) for r in result.records for f in ("name", "title", "text")]
    assert not [t for t in texts if isinstance(t, str) and ("<" in t or ">" in t)]


def test_residue_and_shacl(document_build):
    built = document_build(FILE)
    assert len(built.residue) <= 0.02 * built.non_blank
    assert built.report.violations == []
