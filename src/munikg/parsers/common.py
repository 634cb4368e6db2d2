"""What every parser reads the same way: the endings of organisational units, organisation names."""

from __future__ import annotations

import re

# Name endings of a city's organisational units (課, 室, 所, センター); each parser's department
# pattern builds on these, adding what its layout needs (局, 部, a bracketed office …).
UNIT_SUFFIXES = "課|室|所|センター"
# The mark of a row listed again under another element: 指標X(再掲), 事業Y【再掲】.
RELISTED = re.compile(r" ?[(【]再掲[)】]")


ABBREVIATIONS = {
    "(株)": "株式会社",
    "(一社)": "一般社団法人",
    "(一財)": "一般財団法人",
    "(公社)": "公益社団法人",
    "(公財)": "公益財団法人",
}
# Legal form → partner kind; longer forms first so 生活協同組合 wins over 協同組合.
LEGAL_FORMS = {
    "国立大学法人": "university",
    "公立大学法人": "university",
    "学校法人": "school-corporation",
    "一般社団法人": "association",
    "一般財団法人": "association",
    "公益社団法人": "public-interest-corporation",
    "公益財団法人": "public-interest-corporation",
    "生活協同組合": "cooperative",
    "協同組合": "cooperative",
    "株式会社": "company",
    "有限会社": "company",
    "合同会社": "company",
    "相互会社": "company",
    "信用金庫": "financial-institution",
    "信用組合": "financial-institution",
}
# Part of the registered name (水戸信用金庫), so kept in the name as well.
NAMED_FORMS = ("信用金庫", "信用組合")
NAME_KINDS = (
    ("大学", "university"),
    ("学園", "school-corporation"),
    ("銀行", "financial-institution"),
)
MUNICIPALITY = re.compile(r".+[市区町村]")


def partner(text: str, fallback: str | None) -> tuple[str, str | None, str] | None:
    """(name without legal form, legal form, partner kind) of an organisation as printed.

    What the name says it is (…大学, …学園, …銀行) wins over the legal form's kind.
    """
    for short, form in ABBREVIATIONS.items():
        if text.startswith(short):
            text = form + text.removeprefix(short)
    name, form = text, None
    for candidate in LEGAL_FORMS:
        if text.startswith(candidate) or text.endswith(candidate):
            form = candidate
            if candidate not in NAMED_FORMS:
                name = text.removeprefix(candidate).removesuffix(candidate)
            break
    kind = next((kind for suffix, kind in NAME_KINDS if name.endswith(suffix)), None)
    kind = kind or LEGAL_FORMS.get(form or "")
    if kind is None and MUNICIPALITY.fullmatch(name):
        kind = "municipality"
    kind = kind or fallback
    return (name, form, kind) if kind else None
