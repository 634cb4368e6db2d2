"""``munikg add``: a published file into data/sources with its manifest entry, checked first.

The file is read and built exactly as the next ``munikg build`` will read it (extraction,
family detection, parsing, emission, SHACL), and only a file that builds is copied in; the
city comes from the local-government code table, the family, title and fiscal year from the
text unless given. The copy and the manifest are each replaced atomically, the manifest last.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from dataclasses import dataclass, fields
from pathlib import Path

from munikg import ingest
from munikg.model import DocumentInfo
from munikg.normalize import clean, fold, parse_period
from munikg.reference import Municipality, default_reference
from munikg.sources import MANIFEST_NAME, SourceError, entry_info, read_manifest, read_source
from munikg.validate import default_shapes

# The lines a title or fiscal year is looked for in: the document's opening lines.
HEAD_LINES = 6
_FISCAL = re.compile(r"(?:令和|平成|昭和|[RH]) ?(?:元|\d{1,2}) ?年度|(?:19|20)\d\d ?年度")
# What a line holds besides its title words when it is only a date or a page mark.
_NOT_TITLE = re.compile(r"令和|平成|昭和|元|年度|[年月日\d\s()\-/.,:]")
NEW_MANIFEST = """\
# One entry per source document in this folder. `munikg build` reads this file; a source file
# without an entry, or an entry without its file, stops the build with an error naming it.
"""


@dataclass
class Added:
    """What was added and how the build reads it; ``found`` says where a value came from."""

    info: DocumentInfo
    document: ingest.DocumentBuild
    found: dict[str, str]
    path: Path


def resolve_city(name_or_code: str) -> Municipality:
    """A municipality by code, by name, or by name with its prefecture (東京都府中市)."""
    reference = default_reference()
    if name_or_code in reference.by_code:
        return reference.by_code[name_or_code]
    found = reference.municipality(name_or_code)
    if found:
        return found
    same_name = reference.by_name.get(fold(name_or_code), [])
    if same_name:
        choices = ", ".join(f"{m.prefecture}{m.name} ({m.code})" for m in same_name)
        raise SourceError(
            f"--city {name_or_code}: several local governments have this name: {choices}; "
            "give the prefecture with the name or the code"
        )
    raise SourceError(
        f"--city {name_or_code}: not in the local-government code table "
        "(data/reference/municipalities.csv)"
    )


def head(lines: list[str]) -> list[tuple[int, str]]:
    return [(n, line.strip()) for n, line in enumerate(lines, 1) if line.strip()][:HEAD_LINES]


def detect_title(lines: list[str]) -> tuple[str, int] | None:
    """The first opening line that is more than a date, a page mark or a number."""
    for number, text in head(lines):
        if len(_NOT_TITLE.sub("", clean(text))) >= 4:
            return clean(text), number
    return None


def detect_fiscal_year(title: str, lines: list[str]) -> tuple[int, str] | None:
    """The fiscal year (年度) the title and the opening lines name, if they name only one."""
    places = [("the title", title), *((f"line {n}", text) for n, text in head(lines))]
    years: dict[int, str] = {}
    for place, text in places:
        for match in _FISCAL.finditer(clean(text)):
            period = parse_period(match[0])
            if period is not None:
                years.setdefault(period.start.year, place)
    if len(years) != 1:
        return None
    (year, place), *_ = years.items()
    return year, place


def add_source(
    file: Path,
    sources: Path,
    city: str,
    family: str | None = None,
    fiscal_year: int | None = None,
    title: str | None = None,
    publisher: str | None = None,
    encoding: str | None = None,
    layout: str | None = None,
) -> Added:
    """Check the file builds, then copy it into ``sources`` and append its manifest entry."""
    if not file.is_file():
        raise SourceError(f"{file}: no such file")
    manifest = sources / MANIFEST_NAME
    infos = read_manifest(sources) if manifest.exists() else []
    if any(info.file == file.name for info in infos) or (sources / file.name).exists():
        raise SourceError(f"{sources / file.name}: already in {sources}; rename the file to add it")
    municipality = resolve_city(city)
    found: dict[str, str] = {}
    entry = {
        "file": file.name, "city_name": municipality.name, "city_code": municipality.code,
        "family": family, "title": title, "fiscal_year": fiscal_year,
        "publisher": publisher or municipality.name, "layout": layout, "encoding": encoding,
    }  # fmt: skip
    probe = checked({**entry, "title": title or "", "fiscal_year": fiscal_year or 0}, file)
    lines = read_source(file.parent, probe).readable
    if title is None:
        detected = detect_title(lines)
        if detected is None:
            raise SourceError(f"{file}: no title in the opening lines; give --title")
        entry["title"], line = detected
        found["title"] = f"line {line}"
    if fiscal_year is None:
        year = detect_fiscal_year(entry["title"], lines)
        if year is None:
            raise SourceError(
                f"{file}: the title and opening lines name no single fiscal year (年度); "
                "give --fiscal-year"
            )
        entry["fiscal_year"], found["fiscal_year"] = year
    info = checked(entry, file)
    if any(other.stem == info.stem for other in infos):
        raise SourceError(f"{file}: another source is named {info.stem}.*; rename the file")
    document = ingest.build_document(file.parent, info, default_shapes())
    if document.family_scores is not None:
        found["family"] = "detected"
    info = document.info
    if not document.report.violations:
        write_entry(file, sources, info)
    return Added(info, document, found, sources / file.name)


def checked(entry: dict, file: Path) -> DocumentInfo:
    return entry_info({key: value for key, value in entry.items() if value is not None}, str(file))


def manifest_entry(info: DocumentInfo) -> str:
    """The entry as TOML; a JSON string is a valid TOML basic string."""
    values = {f.name: getattr(info, f.name) for f in fields(DocumentInfo)}
    lines = ["[[document]]"]
    for key, value in values.items():
        if value is not None:
            text = str(value) if isinstance(value, int) else json.dumps(value, ensure_ascii=False)
            lines.append(f"{key} = {text}")
    return "\n".join(lines) + "\n"


def write_entry(file: Path, sources: Path, info: DocumentInfo) -> None:
    """Copy the file in, then the manifest with its entry appended, each replaced atomically."""
    sources.mkdir(parents=True, exist_ok=True)
    manifest = sources / MANIFEST_NAME
    text = manifest.read_text(encoding="utf-8-sig") if manifest.exists() else NEW_MANIFEST
    text = text.rstrip("\n") + "\n\n" + manifest_entry(info)
    staged: list[Path] = []
    try:
        for write in (
            lambda path: shutil.copyfile(file, path),
            lambda path: path.write_text(text, encoding="utf-8"),
        ):
            handle, name = tempfile.mkstemp(prefix=".add-", dir=sources)
            os.close(handle)
            staged.append(Path(name))
            write(staged[-1])
        os.replace(staged[0], sources / info.file)
        os.replace(staged[1], manifest)
    finally:
        for path in staged:
            path.unlink(missing_ok=True)
