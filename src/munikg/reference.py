"""Reference data that gives one identity to what several documents name.

- ``data/reference/municipalities.csv``: every Japanese local government with its 6-digit code
  (総務省 全国地方公共団体コード; see ``data/reference/README.md`` for source and date).
- ``data/reference/partners.toml``: the curated partner registry, the decisions on which names
  are one organisation (variants), of which kind, with which legal form.
"""

from __future__ import annotations

import csv
import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from munikg.normalize import fold
from munikg.resources import resource_dir


class ReferenceError(Exception):
    """The reference data itself is inconsistent; the message names the file and entry."""


@dataclass(frozen=True)
class Municipality:
    code: str
    prefecture: str
    name: str


@dataclass(frozen=True)
class Partner:
    name: str
    kind: str
    legal_form: str | None = None
    variants: tuple[str, ...] = ()


@dataclass
class Reference:
    municipalities: list[Municipality] = field(default_factory=list)
    partners: list[Partner] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.by_name: dict[str, list[Municipality]] = {}
        for m in self.municipalities:
            self.by_name.setdefault(fold(m.name), []).append(m)
        self.by_code = {m.code: m for m in self.municipalities}
        self.prefectures = sorted({fold(m.prefecture) for m in self.municipalities}, key=len)
        self.partner_names: dict[str, Partner] = {}
        for partner in self.partners:
            for name in (partner.name, *partner.variants):
                other = self.partner_names.setdefault(fold(name), partner)
                if other is not partner:
                    raise ReferenceError(
                        f"partners.toml: {name!r} names both {other.name!r} and {partner.name!r}"
                    )

    def municipality(self, name: str, near_code: str | None = None) -> Municipality | None:
        """The municipality of that name; of several (伊達市, 府中市 …) the one in the same
        prefecture as ``near_code``; None if unknown or still ambiguous.

        A name printed with its prefecture (北海道砂川市, 東京都港区) is looked up in that
        prefecture.
        """
        folded = fold(name)
        found = self.by_name.get(folded, [])
        if not found:
            prefecture = next((p for p in self.prefectures if folded.startswith(p)), None)
            if prefecture and folded != prefecture:
                rest = self.by_name.get(folded.removeprefix(prefecture), [])
                found = [m for m in rest if fold(m.prefecture) == prefecture]
        if len(found) > 1 and near_code:
            found = [m for m in found if m.code[:2] == near_code[:2]]
        return found[0] if len(found) == 1 else None

    def partner(self, name: str) -> Partner | None:
        return self.partner_names.get(fold(name))


def load_municipalities(path: Path) -> list[Municipality]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [Municipality(r["code"], r["prefecture"], r["name"]) for r in csv.DictReader(handle)]


def load_partners(path: Path) -> list[Partner]:
    entries = tomllib.loads(path.read_text(encoding="utf-8")).get("partner", [])
    partners = []
    for entry in entries:
        try:
            partners.append(
                Partner(
                    name=entry["name"],
                    kind=entry["kind"],
                    legal_form=entry.get("legal_form"),
                    variants=tuple(entry.get("variants", ())),
                )
            )
        except KeyError as missing:
            raise ReferenceError(f"{path}: partner {entry!r} lacks {missing}") from None
    return partners


@cache
def default_reference() -> Reference:
    directory = resource_dir("data/reference")
    return Reference(
        load_municipalities(directory / "municipalities.csv"),
        load_partners(directory / "partners.toml"),
    )
