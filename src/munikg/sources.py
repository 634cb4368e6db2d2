"""Read the source manifest and the source documents, failing with a message a user can act on."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, fields
from pathlib import Path

from munikg.extract import READERS, Extracted, ExtractError, encoding_name, extract
from munikg.model import DocumentInfo
from munikg.reference import default_reference
from munikg.vocabulary import VocabularyError, vocabulary_for

# The graphs beside the documents' (munikg.terms): a document of one of these names would clash.
RESERVED_STEMS = frozenset({"ontology", "reference", "inferred", "dataset"})

MANIFEST_NAME = "manifest.toml"
# Keys a manifest entry may leave out: the family is then detected from the text.
OPTIONAL = ("family", "layout", "encoding")
CITY_CODE = re.compile(r"\d{6}")


class SourceError(Exception):
    """Bad input: the message starts with the file (and line) it is about."""


@dataclass(frozen=True)
class SourceText:
    """A source document as extracted lines (index 0 is line 1)."""

    info: DocumentInfo
    path: Path
    extracted: Extracted

    @property
    def lines(self) -> list[str]:
        return self.extracted.lines

    @property
    def readable(self) -> list[str]:
        """The lines a parser reads: page furniture the extractor marked (running heads, site
        navigation) left blank, so it is accounted for and never read as content."""
        furniture = self.extracted.furniture
        return ["" if n in furniture else line for n, line in enumerate(self.extracted.lines, 1)]

    @property
    def non_blank(self) -> list[int]:
        return [n for n, line in enumerate(self.lines, 1) if line.strip()]


def read_manifest(sources: Path) -> list[DocumentInfo]:
    """The manifest's entries, checked against the source files beside it (a file of a format
    munikg reads that has no entry is an error: it would be left out silently)."""
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
    infos = [
        entry_info(entry, f"{path}: [[document]] {entry.get('file', f'entry {number}')}")
        for number, entry in enumerate(entries, 1)
    ]
    listed = [info.file for info in infos]
    duplicates = sorted({file for file in listed if listed.count(file) > 1})
    if duplicates:
        raise SourceError(f"{path}: {', '.join(duplicates)} listed more than once")
    stems = [info.stem for info in infos]
    clashes = sorted({i.file for i in infos if stems.count(i.stem) > 1})
    if clashes:
        raise SourceError(
            f"{path}: {', '.join(clashes)} share a name before the suffix, and so one graph name"
        )
    reserved = sorted(i.file for i in infos if i.stem in RESERVED_STEMS)
    if reserved:
        raise SourceError(
            f"{path}: {', '.join(reserved)}: the name before the suffix is that of a graph munikg "
            f"writes itself ({', '.join(sorted(RESERVED_STEMS))}); rename the file"
        )
    for info in infos:
        if not (sources / info.file).exists():
            raise SourceError(f"{path}: entry {info.file}: file not found in {sources}")
    unlisted = sorted(
        p.name
        for p in sources.iterdir()
        if p.suffix.lower() in READERS and p.name not in listed and not p.name.startswith(".")
    )
    if unlisted:
        raise SourceError(f"{sources / unlisted[0]}: source file has no entry in {path}")
    return infos


def entry_info(entry: dict, where: str) -> DocumentInfo:
    """A manifest entry checked key by key; ``where`` opens each error message."""
    keys = [f.name for f in fields(DocumentInfo)]
    missing = [key for key in keys if key not in OPTIONAL and key not in entry]
    if missing:
        raise SourceError(f"{where}: missing {', '.join(missing)}")
    unknown = sorted(set(entry) - set(keys))
    if unknown:
        raise SourceError(f"{where}: unknown key {', '.join(unknown)}")
    if not CITY_CODE.fullmatch(str(entry["city_code"])):
        raise SourceError(f"{where}: city_code must be 6 digits")
    if entry["city_code"] not in default_reference().by_code:
        # The name is not compared: a document may print a former name (篠山市, now
        # 丹波篠山市, keeps its code).
        raise SourceError(
            f"{where}: city_code {entry['city_code']} is not in the local-government code "
            "table (data/reference/municipalities.csv)"
        )
    if entry.get("encoding") is not None:
        try:
            encoding_name(str(entry["encoding"]))
        except LookupError:
            raise SourceError(
                f"{where}: unknown encoding {entry['encoding']!r} "
                "(for example utf-8, cp932, shift_jis, euc_jp)"
            ) from None
    if not isinstance(entry["fiscal_year"], int) or isinstance(entry["fiscal_year"], bool):
        raise SourceError(f"{where}: fiscal_year must be an integer")
    try:
        vocabulary_for(entry.get("layout"))
    except VocabularyError as error:
        raise SourceError(f"{where}: {error}") from None
    return DocumentInfo(**{key: entry.get(key) for key in keys})


def read_source(sources: Path, info: DocumentInfo) -> SourceText:
    """The document's lines as its format's reader extracts them; an empty or unreadable file
    is an error naming it."""
    path = sources / info.file
    try:
        extracted = extract(path, info.encoding)
    except ExtractError as error:
        raise SourceError(str(error)) from None
    if not any(line.strip() for line in extracted.lines):
        raise SourceError(f"{path}: empty source document")
    return SourceText(info, path, extracted)
