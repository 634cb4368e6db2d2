"""Synthetic national corpus: the bundled sources replicated across real municipalities.

Document ``i`` is bundled source ``i % 5`` rewritten for municipality ``i // 5`` (the cities,
wards, towns and villages of data/reference/municipalities.csv, in code order), so up to
1,741 × 5 documents: the city's name replaced, and every figure the parser reads (KPI values,
budgets, construction costs) varied deterministically, printed as the original printed it.

Which printed substring each figure came from is learnt by building each source once with
munikg itself; every document after that is plain string work, so that thousands of documents
take seconds to write, and the build, not the generator, is what a benchmark measures.

    python tests/benchmarks/corpus.py COUNT OUT_DIR [--seed N]
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import re
import time
import tomllib
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal
from functools import cache, cached_property
from pathlib import Path

from munikg import ingest
from munikg.model import Budget, Observation, Project, Span
from munikg.normalize import fold
from munikg.reference import Municipality
from munikg.sources import MANIFEST_NAME, read_manifest
from munikg.validate import default_shapes

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ROOT / "data" / "sources"
MUNICIPALITIES = ROOT / "data" / "reference" / "municipalities.csv"

DIGITS = "0-9０-９"
# A printed number: digits, optionally grouped by commas, optionally with decimals.
NUMBER = re.compile(rf"(?<![{DIGITS}])[{DIGITS}]+(?:[,，][{DIGITS}]{{3}})*(?:[.．][{DIGITS}]+)?")
FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
# What a value read may be of the number printed: 千円, 万人, 百万円, 億円, and ▲ for negative.
SCALES = {sign * Decimal(10) ** power for sign in (1, -1) for power in (0, 3, 4, 6, 8)}
VARIATION = 25  # per cent either way
FACTORS = tuple(Decimal(100 + k) / 100 for k in range(-VARIATION, VARIATION + 1))
SWAP = "\ue000"  # a private-use character, in no source: holds a text while another moves


@dataclass(frozen=True)
class Figure:
    """A figure the parser read: where its digits stand in the original, and how it reads them.

    The value read is the printed number times ``scale``; a new number is kept within
    ``low``..``high``, which keep its count of digits (and a score on its 1–5 scale). A
    ``repeat`` is read into no record: it stands on a line that repeats a line with figures (a
    re-listed KPI's row, which the parser checks against the first listing).
    """

    line: int
    start: int
    printed: str
    scale: Decimal
    low: Decimal
    high: Decimal
    repeat: bool = False

    @cached_property
    def number(self) -> Decimal:
        return number(self.printed)

    @cached_property
    def ulp(self) -> Decimal:
        return Decimal(1).scaleb(self.number.as_tuple().exponent)

    @cached_property
    def style(self) -> tuple[str, str, str, bool]:
        """How it is printed: format spec, comma, decimal point, full-width digits or not."""
        decimals = max(0, -self.number.as_tuple().exponent)
        grouped = any(c in ",，" for c in self.printed)
        return (
            f"{',' if grouped else ''}.{decimals}f",
            "，" if "，" in self.printed else ",",
            "．" if "．" in self.printed else ".",
            any("０" <= c <= "９" for c in self.printed),
        )

    def varied(self, factor: Decimal) -> Decimal | None:
        """The number times ``factor``, within the bounds, as precise as the printed one; None
        if the bounds leave no other (a 100% that must stay at most 100 and of 3 digits)."""
        old, ulp = self.number, self.ulp
        new = min(max(old * factor, self.low), self.high).quantize(ulp, ROUND_HALF_UP)
        if new == old:
            new = old + ulp if old + ulp <= self.high else old - ulp
        return new if self.low <= new <= self.high else None

    def printed_as(self, new: Decimal) -> str:
        """``new`` printed as this figure is: comma grouping, decimals, full- or half-width."""
        spec, comma, point, full_width = self.style
        text = format(new, spec)
        if comma != "," or point != ".":
            text = text.replace(",", SWAP).replace(".", point).replace(SWAP, comma)
        return text.translate(FULL_WIDTH) if full_width else text


@dataclass(frozen=True)
class Original:
    """A bundled source built once: its manifest entry, its lines, its figures by line (each
    line's in order), its build."""

    entry: dict
    lines: tuple[str, ...]
    figures: dict[int, tuple[Figure, ...]]
    build: ingest.DocumentBuild

    @property
    def file(self) -> str:
        return self.entry["file"]

    @property
    def city_name(self) -> str:
        return self.entry["city_name"]


@dataclass(frozen=True, slots=True)
class Change:
    """One figure of a generated document: as printed before and after, and the value read
    before and after (``repeat``: on a re-listed KPI's row, which no record is read from)."""

    line: int
    old: str
    new: str
    old_value: Decimal
    new_value: Decimal
    repeat: bool


@dataclass(frozen=True)
class Document:
    """A generated document: its file, the original it was made from, its city, its changes."""

    file: str
    original: str
    city_code: str
    city_name: str
    changes: tuple[Change, ...]


def number(printed: str) -> Decimal:
    return Decimal(fold(printed).replace(",", ""))


@cache
def municipalities() -> tuple[Municipality, ...]:
    """The cities, wards, towns and villages (not the prefectures), in code order."""
    with MUNICIPALITIES.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return tuple(
        Municipality(r["code"], r["prefecture"], r["name"])
        for r in sorted(rows, key=lambda r: r["code"])
        if r["name"] != r["prefecture"] and r["name"].endswith(("市", "区", "町", "村"))
    )


@cache
def originals() -> tuple[Original, ...]:
    """Each bundled source, built once, with the figures located in its text."""
    entries = tomllib.loads((SOURCES / MANIFEST_NAME).read_text(encoding="utf-8"))["document"]
    shapes = default_shapes()
    found = []
    for entry, info in zip(entries, read_manifest(SOURCES), strict=True):
        lines = tuple((SOURCES / info.file).read_text(encoding="utf-8").split("\n"))
        built = ingest.build_document(SOURCES, info, shapes)
        figures = defaultdict(list)
        for figure in locate(built.records, lines):
            figures[figure.line].append(figure)
        for figure in repeats(built, lines, figures):
            figures[figure.line].append(figure)
        by_line = {n: tuple(sorted(f, key=lambda f: f.start)) for n, f in sorted(figures.items())}
        found.append(Original(entry, lines, by_line, built))
    return tuple(found)


def readings(records: list) -> Iterator[tuple[Span, Decimal, str, str | None]]:
    """(span, value, raw text, unit) of every number the parser read into a record."""
    for r in records:
        if isinstance(r, Observation) and r.value is not None:
            yield r.span, r.value, r.raw, r.unit
        elif isinstance(r, Budget):
            for value in (r.budget_jpy, r.settlement_jpy):
                if value is not None:
                    yield r.span, value, r.raw, "yen"
        elif isinstance(r, Project) and r.cost_jpy is not None:
            yield r.span, r.cost_jpy, "", "yen"


def locate(records: list, lines: Sequence[str]) -> Iterator[Figure]:
    """The printed number each value was read from: on the record's lines, a number that reads
    as the value (at some scale), not taken by another value; of those, one printed with the
    value's decimals (3.0, not the 3 of 中3), then one whose surroundings repeat most of the raw
    text (6名 is 6 followed by 名, not the 1 of 第1), then the leftmost."""
    taken: set[tuple[int, int]] = set()
    for span, value, raw, unit in readings(records):
        candidates = [
            (same_decimals(m.group(), scale, value), affinity(raw, lines[n - 1], m), -n,
             -m.start(), n, m, scale)
            for n in span.lines()
            for m in NUMBER.finditer(lines[n - 1])
            if (n, m.start()) not in taken and (scale := scale_of(m.group(), value)) is not None
        ]  # fmt: skip
        if not candidates:
            raise ValueError(f"line {span.first}: no printed number reads as {value} ({raw!r})")
        *_, n, m, scale = max(candidates, key=lambda c: c[:4])
        taken.add((n, m.start()))
        yield Figure(n, m.start(), m.group(), scale, *bounds(m.group(), unit))


def repeats(
    built: ingest.DocumentBuild, lines: Sequence[str], figures: dict[int, list[Figure]]
) -> Iterator[Figure]:
    """The figures of lines that the parser consumed without reading a record or residue from
    them and that repeat a line with figures: the rows of a re-listed KPI (再掲)."""
    read = {n for r in built.records for n in r.span.lines()} | {r.line for r in built.residue}
    first = {}
    for n in sorted(figures):
        first.setdefault(lines[n - 1], n)
    for n, line in enumerate(lines, 1):
        if n not in read and line in first:
            yield from (replace(f, line=n, repeat=True) for f in figures[first[line]])


def scale_of(printed: str, value: Decimal) -> Decimal | None:
    shown = number(printed)
    if not shown:
        return Decimal(1) if not value else None
    scale = value / shown
    return scale if scale in SCALES else None


def same_decimals(printed: str, scale: Decimal, value: Decimal) -> bool:
    """Whether the printed number, read at ``scale``, shows as many decimals as the value."""
    shown = (number(printed) * scale.normalize()).as_tuple().exponent
    return max(0, -shown) == max(0, -value.as_tuple().exponent)


def affinity(raw: str, line: str, match: re.Match[str]) -> int:
    """How many characters of the raw text around its number the line repeats around ``match``."""
    raw, digits = fold(raw), fold(match.group())
    at = raw.find(digits)
    if at < 0:
        return 0
    after = shared(raw[at + len(digits) :], fold(line[match.end() :]))
    return after + shared(raw[:at][::-1], fold(line[: match.start()])[::-1])


def shared(a: str, b: str) -> int:
    """The length of the start two texts share."""
    pairs = zip(a, b, strict=False)
    return next((i for i, (x, y) in enumerate(pairs) if x != y), min(len(a), len(b)))


def bounds(printed: str, unit: str | None) -> tuple[Decimal, Decimal]:
    """The numbers of as many digits; a score stays on 1–5, a share of at most 100% at most 100."""
    whole, _, decimals = fold(printed).replace(",", "").partition(".")
    low = Decimal(10) ** (len(whole) - 1) if len(whole) > 1 else Decimal(0)
    high = Decimal(10) ** len(whole) - Decimal(1).scaleb(-len(decimals))
    if unit == "score":
        low, high = max(low, Decimal(1)), min(high, Decimal(5))
    elif unit == "percent" and number(printed) <= 100:
        high = min(high, Decimal(100))
    return low, high


def rename(text: str, own: str, target: str) -> str:
    """The original city's name replaced by the target's; a target the original already names
    (a venue, a partner, a sister city) takes the original city's name in exchange, so no
    document names its own city as another party."""
    return text.replace(own, SWAP).replace(target, own).replace(SWAP, target)


def factors(key: str, count: int) -> list[Decimal]:
    """``count`` factors within ±VARIATION% drawn from a hash of ``key`` (one hash, cheaper
    than seeding ``random`` for every line of thousands of documents)."""
    draws = hashlib.shake_128(key.encode()).digest(2 * count)
    return [
        FACTORS[int.from_bytes(draws[k : k + 2]) % len(FACTORS)] for k in range(0, 2 * count, 2)
    ]


def document(original: Original, target: Municipality, seed: int) -> tuple[str, dict, Document]:
    """The text, manifest entry and record of one generated document.

    A line's new figures depend on its text, not on where it stands, so that a line printed
    twice (a KPI re-listed, 再掲) still prints the same figures twice.
    """
    lines = list(original.lines)
    changes = []
    for n, figures in original.figures.items():
        line = lines[n - 1]
        replaced = []
        draws = factors(f"{seed}:{target.code}:{original.file}:{line}", len(figures))
        for figure, factor in zip(figures, draws, strict=True):
            new = figure.varied(factor)
            if new is None:
                continue
            text = figure.printed_as(new)
            replaced.append((figure, text))
            old_value, new_value = figure.number * figure.scale, new * figure.scale
            changes.append(Change(n, figure.printed, text, old_value, new_value, figure.repeat))
        for figure, text in reversed(replaced):
            line = line[: figure.start] + text + line[figure.start + len(figure.printed) :]
        lines[n - 1] = line
    file = f"{target.code}-{original.file}"
    own = original.city_name
    entry = {
        key: rename(value, own, target.name) if key in ("title", "publisher") else value
        for key, value in original.entry.items()
    } | {"file": file, "city_name": target.name, "city_code": target.code}
    text = rename("\n".join(lines), own, target.name)
    return text, entry, Document(file, original.file, target.code, target.name, tuple(changes))


def toml_entry(entry: dict) -> str:
    """A [[document]] table; a JSON string is a valid TOML basic string."""
    values = (
        str(v) if isinstance(v, int) else json.dumps(v, ensure_ascii=False) for v in entry.values()
    )
    return "[[document]]\n" + "".join(f"{k} = {v}\n" for k, v in zip(entry, values, strict=True))


def generate(
    count: int,
    out: Path,
    seed: int = 0,
    targets: Sequence[Municipality] | None = None,
) -> list[Document]:
    """Write ``count`` documents and their manifest.toml into ``out`` (new or empty): document
    ``i`` is original ``i % 5`` for municipality ``i // 5`` of ``targets`` (default: all)."""
    sources, targets = originals(), targets or municipalities()
    if not 0 < count <= len(sources) * len(targets):
        raise ValueError(f"count must be 1 to {len(sources) * len(targets)}")
    out.mkdir(parents=True, exist_ok=True)
    if any(out.iterdir()):
        raise ValueError(f"{out} is not empty")
    documents, entries = [], []
    for i in range(count):
        text, entry, made = document(sources[i % len(sources)], targets[i // len(sources)], seed)
        (out / made.file).write_text(text, encoding="utf-8", newline="\n")
        entries.append(toml_entry(entry))
        documents.append(made)
    manifest = "# A synthetic corpus written by tests/benchmarks/corpus.py.\n\n"
    (out / MANIFEST_NAME).write_text(manifest + "\n".join(entries), encoding="utf-8")
    return documents


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("count", type=int)
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    start = time.perf_counter()
    originals()
    analysed = time.perf_counter()
    documents = generate(args.count, args.out, args.seed)
    done = time.perf_counter()
    size = sum(p.stat().st_size for p in args.out.iterdir())
    changes = sum(len(d.changes) for d in documents)
    print(
        f"{len(documents)} documents, {changes} figures varied, {size / 2**20:.1f} MiB in "
        f"{args.out}: {analysed - start:.1f}s to build the originals, "
        f"{done - analysed:.1f}s to write"
    )


if __name__ == "__main__":
    main()
