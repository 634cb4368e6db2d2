"""The extraction stage on small files made here: encodings, HTML grids and furniture, sheet
cells as displayed, CSV rows, PDFs without text; and ``munikg add``'s city, title and year."""

from __future__ import annotations

from datetime import date

import pytest
from openpyxl import Workbook

from munikg.add import detect_fiscal_year, detect_title, resolve_city
from munikg.extract import ExtractError, extract
from munikg.model import Location
from munikg.sources import SourceError, read_manifest

TEXT = "基本目標1 市民所得\t908,115\t72.0%\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp932", "euc_jp", "iso2022_jp"])
def test_text_in_the_encodings_of_japanese_offices_is_detected(tmp_path, encoding):
    path = tmp_path / "a.txt"
    path.write_bytes((TEXT * 20).encode(encoding))
    extracted = extract(path)
    assert extracted.lines[0] == TEXT.rstrip("\n")
    assert len(extracted.lines) == 20


def test_a_declared_shift_jis_is_read_as_cp932(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes("①㈱～\n".encode("cp932"))
    assert extract(path, "Shift_JIS").lines == ["①㈱～"]


def test_a_wrong_declared_encoding_names_the_line(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes("一行目\n".encode() + "二行目\n".encode("cp932"))
    with pytest.raises(ExtractError, match=r"a\.txt:2: not utf-8 as declared"):
        extract(path, "utf-8")
    with pytest.raises(ExtractError, match="unknown encoding 'klingon'"):
        extract(path, "klingon")


def test_bytes_in_no_encoding_ask_for_one(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes("一行目\n".encode() + b"\xff\xfe\xff\n")
    with pytest.raises(ExtractError, match=r"a\.txt:2: neither UTF-8 .*\(encoding = "):
        extract(path)


def test_html_tables_keep_their_grid_and_the_site_is_furniture(tmp_path):
    path = tmp_path / "a.html"
    path.write_bytes(
        """<html><head><meta charset="Shift_JIS"><title>t</title></head><body>
<header>市ホームページ</header><nav><a>くらし</a></nav>
<h2>基本目標①</h2><p>一行目<br>二行目</p>
<table><caption>指標</caption>
<tr><th rowspan="2">施策</th><th colspan="2">実績値</th><th>目標値</th></tr>
<tr><td>R3</td><td>R4</td><td>R8</td></tr>
<tr><td>(1) 産業</td><td>1,234</td><td>ⅰ<br>注</td><td>2,000</td></tr>
</table><script>var a = "<td>x</td>";</script>
<footer>ページ番号 1001</footer></body></html>""".encode("cp932")
    )
    extracted = extract(path)
    assert extracted.lines == [
        "市ホームページ", "くらし", "基本目標①", "一行目", "二行目", "指標",
        "施策\t実績値\t\t目標値", "\tR3\tR4\tR8", "(1) 産業\t1,234\tⅰ注\t2,000", "ページ番号 1001",
    ]  # fmt: skip
    assert extracted.furniture == {1, 2, 10}
    assert extracted.locations[8] == Location(markup_line=7)
    assert extracted.encoding == "cp932"


def test_sheet_cells_read_as_excel_displays_them(tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "KPI"
    sheet.append(["指標", "基準値", "目標値", "達成率", "日付"])
    sheet.append(["出荷額\n(年間)", 144529, 158600.0, 0.325, date(2023, 4, 1)])
    sheet["B2"].number_format = "#,##0"
    sheet["D2"].number_format = "0.0%"
    sheet.merge_cells("A3:C3")
    sheet["A3"] = "注: 県統計"
    sheet["B4"] = 0.1 + 0.2
    workbook.create_sheet("二枚目")["A1"] = "二枚目の表"
    workbook.save(tmp_path / "a.xlsx")
    extracted = extract(tmp_path / "a.xlsx")
    assert extracted.lines == [
        "指標\t基準値\t目標値\t達成率\t日付",
        "出荷額(年間)\t144,529\t158600\t32.5%\t2023年4月1日",
        "注: 県統計",
        "\t0.3",
        "二枚目の表",
    ]
    assert extracted.locations[1] == Location(sheet="KPI", cells="A2:E2")
    assert extracted.locations[3] == Location(sheet="KPI", cells="B4")
    assert str(extracted.locations[4]) == "二枚目!A1"


def test_csv_rows_are_lines_with_wrapped_cells_joined(tmp_path):
    path = tmp_path / "a.csv"
    path.write_bytes('指標,値\r\n"市内製造品\r\n出荷額",1234\r\n\r\n'.encode("cp932"))
    extracted = extract(path)
    assert extracted.lines == ["指標\t値", "市内製造品出荷額\t1234", ""]
    assert str(extracted.locations[1]) == "A2:B2"


def test_damaged_and_textless_pdfs_and_unknown_formats_are_refused(tmp_path):
    from reportlab.pdfgen import canvas

    blank = tmp_path / "scan.pdf"
    page = canvas.Canvas(str(blank))
    page.rect(100, 100, 200, 200)
    page.save()
    with pytest.raises(ExtractError, match=r"scan\.pdf: the PDF has no text layer"):
        extract(blank)
    (tmp_path / "cut.pdf").write_bytes(blank.read_bytes()[:300])
    with pytest.raises(ExtractError, match=r"cut\.pdf: not a readable PDF"):
        extract(tmp_path / "cut.pdf")
    (tmp_path / "old.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(ExtractError, match=r"old\.xls: unsupported format \.xls"):
        extract(tmp_path / "old.xls")


ENTRY = """[[document]]
file = "{file}"
city_name = "水戸市"
city_code = "082015"
title = "評価"
fiscal_year = 2022
publisher = "水戸市"
{extra}
"""


def test_the_manifest_checks_encodings_and_sees_unlisted_files_of_every_format(tmp_path):
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    manifest = tmp_path / "manifest.toml"
    manifest.write_text(ENTRY.format(file="a.txt", extra='encoding = "cp932"'), encoding="utf-8")
    assert read_manifest(tmp_path)[0].encoding == "cp932"
    manifest.write_text(ENTRY.format(file="a.txt", extra='encoding = "x"'), encoding="utf-8")
    with pytest.raises(SourceError, match=r"a\.txt: unknown encoding 'x'"):
        read_manifest(tmp_path)
    manifest.write_text(ENTRY.format(file="a.txt", extra=""), encoding="utf-8")
    (tmp_path / "b.pdf").write_bytes(b"%PDF-1.4")
    with pytest.raises(SourceError, match=r"b\.pdf: source file has no entry"):
        read_manifest(tmp_path)
    (tmp_path / "b.pdf").rename(tmp_path / "a.pdf")
    manifest.write_text(
        ENTRY.format(file="a.txt", extra="") + ENTRY.format(file="a.pdf", extra=""),
        encoding="utf-8",
    )
    with pytest.raises(SourceError, match=r"a\.pdf, a\.txt share a name before the suffix"):
        read_manifest(tmp_path)
    for path in tmp_path.glob("a.*"):
        path.rename(tmp_path / f"reference{path.suffix}")
    manifest.write_text(ENTRY.format(file="reference.txt", extra=""), encoding="utf-8")
    (tmp_path / "reference.pdf").unlink()
    with pytest.raises(SourceError, match=r"reference\.txt: the name before the suffix is that of"):
        read_manifest(tmp_path)


def test_a_city_is_found_by_name_prefecture_and_name_or_code():
    assert resolve_city("松戸市").code == "122076"
    assert resolve_city("東京都府中市").code == "132063"
    assert resolve_city("342084").name == "府中市"
    with pytest.raises(SourceError, match=r"東京都府中市 \(132063\), 広島県府中市 \(342084\)"):
        resolve_city("府中市")
    with pytest.raises(SourceError, match="not in the local-government code table"):
        resolve_city("架空市")


def test_title_and_fiscal_year_come_from_the_opening_lines_when_they_are_sure():
    lines = ["", "令和4年度", "- 1 -", "水戸市総合戦略の評価", "本文"]
    assert detect_title(lines) == ("水戸市総合戦略の評価", 4)
    assert detect_fiscal_year("水戸市総合戦略の評価", lines) == (2022, "line 2")
    assert detect_fiscal_year("平成29年度 総会 議案資料(平成28年度事業報告)", []) is None
    assert detect_fiscal_year("総合戦略の評価", ["2023年度の実績"]) == (2023, "line 1")
