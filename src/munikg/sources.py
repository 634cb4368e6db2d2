"""Read the source manifest and the source documents, failing with a message a user can act on."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, fields
from pathlib import Path

from munikg.model import DocumentInfo
from munikg.reference import default_reference
from munikg.vocabulary import VocabularyError, vocabulary_for

MANIFEST_NAME = "manifest.toml"
# Keys a manifest entry may leave out: the family is then detected from the text.
OPTIONAL = ("family", "layout")
CITY_CODE = re.compile(r"\d{6}")


class SourceError(Exception):
    """Bad input: the message starts with the file (and line) it is about."""


@dataclass(frozen=True)
class SourceText:
    """A decoded source document, split into lines (index 0 is line 1)."""

    info: DocumentInfo
    path: Path
    lines: list[str]

    @property
    def non_blank(self) -> list[int]:
        return [n for n, line in enumerate(self.lines, 1) if line.strip()]


def read_manifest(sources: Path) -> list[DocumentInfo]:
    """The manifest's entries, checked against the ``.txt`` files beside it."""
    path = sources / MANIFEST_NAME
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        raise SourceError(f"{path}: manifest not found") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise SourceError(f"{path}: not a valid TOML manifest: {error}") from None
    entries = data.get("document")
    if not isinstance(entries, list) or not entries:
        raise SourceError(f"{path}: no [[document]] entries")
    keys = [f.name for f in fields(DocumentInfo)]
    required = [key for key in keys if key not in OPTIONAL]
    infos: list[DocumentInfo] = []
    for number, entry in enumerate(entries, 1):
        name = entry.get("file", f"entry {number}")
        missing = [key for key in required if key not in entry]
        if missing:
            raise SourceError(f"{path}: [[document]] {name}: missing {', '.join(missing)}")
        unknown = sorted(set(entry) - set(keys))
        if unknown:
            raise SourceError(f"{path}: [[document]] {name}: unknown key {', '.join(unknown)}")
        if not CITY_CODE.fullmatch(str(entry["city_code"])):
            raise SourceError(f"{path}: [[document]] {name}: city_code must be 6 digits")
        if entry["city_code"] not in default_reference().by_code:
            # The name is not compared: a document may print a former name (篠山市, now
            # 丹波篠山市, keeps its code).
            raise SourceError(
                f"{path}: [[document]] {name}: city_code {entry['city_code']} is not in the "
                "local-government code table (data/reference/municipalities.csv)"
            )
        if not isinstance(entry["fiscal_year"], int):
            raise SourceError(f"{path}: [[document]] {name}: fiscal_year must be an integer")
        try:
            vocabulary_for(entry.get("layout"))
        except VocabularyError as error:
            raise SourceError(f"{path}: [[document]] {name}: {error}") from None
        infos.append(DocumentInfo(**{key: entry.get(key) for key in keys}))
    listed = [info.file for info in infos]
    duplicates = sorted({file for file in listed if listed.count(file) > 1})
    if duplicates:
        raise SourceError(f"{path}: {', '.join(duplicates)} listed more than once")
    for info in infos:
        if not (sources / info.file).exists():
            raise SourceError(f"{path}: entry {info.file}: file not found in {sources}")
    unlisted = sorted(p.name for p in sources.glob("*.txt") if p.name not in listed)
    if unlisted:
        raise SourceError(f"{sources / unlisted[0]}: source file has no entry in {path}")
    return infos


def read_source(sources: Path, info: DocumentInfo) -> SourceText:
    """Decode a source strictly as UTF-8; an empty or undecodable file is an error."""
    path = sources / info.file
    try:
        data = path.read_bytes()
    except OSError as error:
        raise SourceError(f"{path}: cannot read: {error.strerror}") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise SourceError(f"{path}:{line}: not UTF-8 (byte {error.start})") from None
    lines = split_lines(text.removeprefix("\ufeff"))
    if not any(line.strip() for line in lines):
        raise SourceError(f"{path}: empty source document")
    return SourceText(info, path, lines)


def split_lines(text: str) -> list[str]:
    """Lines as a text editor numbers them: at line feeds only (a form feed inside a line is a
    page break, not a new line; str.splitlines would count it as one)."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return lines[:-1] if lines and lines[-1] == "" else lines
