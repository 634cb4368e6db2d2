"""The build: manifest → parse → emit → validate → dumps and embedded store, all or nothing.

The store and ``munikg.nq`` hold one named graph per document, the reference graph (each city,
municipality and period once, ``graph/reference``), the inferred graph (the types and links the
ontology's axioms imply, ``graph/inferred``) and the ontology and its vocabularies
(``graph/ontology``), so queries can read concept labels. ``munikg.ttl`` holds the documents'
and the reference triples.

Documents are built in parallel worker processes, each into ``cache/`` under the output
directory: its N-Quads and what the summary needs, under the digest of everything the result
depends on (the source file, its manifest entry, munikg's code and data, the libraries'
versions). A document whose digest is cached is not built again; when no digest changed and the
outputs are in place, nothing is written at all.

Every output is first written under a temporary directory beside the output directory and
moved into place only when every document parsed, emitted and validated without violation,
so a failed build leaves the previous outputs exactly as they were.
"""

from __future__ import annotations

import dataclasses
import hashlib
import heapq
import itertools
import json
import multiprocessing
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor, as_completed
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING

from munikg.findings import Finding, Report
from munikg.model import DocumentInfo
from munikg.resources import PACKAGE_DIR, ontology_files, resource_dir, shape_files
from munikg.sources import SourceError, read_manifest

if TYPE_CHECKING:
    from munikg.ingest import DocumentBuild

OUTPUTS = (
    "munikg.nq",
    "munikg.ttl",
    "residue.tsv",
    "unknown-organizations.tsv",
    "summary.json",
    "store",
)
CACHE = "cache"
# Libraries whose version can change what a document yields.
LIBRARIES = ("rdflib", "pyshacl", "pdfplumber", "lxml", "openpyxl", "charset-normalizer")


class BuildError(Exception):
    """One or more documents could not be built; each line of the message names a file."""


@dataclass
class DocumentOutcome:
    """What the outputs and the summary need of one built document, its graph left on disk:
    small enough to pass between processes and to cache under the digest of its inputs."""

    info: DocumentInfo
    digest: str
    summary: dict
    residue: list[tuple[int, str, str, str]]
    unknown_organizations: list[tuple[int, str, str, str]]
    report: Report
    family_scores: dict[str, int] | None = None
    notes: list[str] = field(default_factory=list)

    @classmethod
    def of(cls, doc: DocumentBuild, digest: str) -> DocumentOutcome:
        residue = [(r.line, doc.location(r.line), r.reason, r.text) for r in doc.residue]
        unknown = [
            (o.span.first, o.name, o.kind, o.legal_form or "") for o in doc.unknown_organizations
        ]
        summary = doc.summary() | {"digest": digest}
        return cls(doc.info, digest, summary, residue, unknown, doc.report, doc.family_scores,
                   doc.notes)  # fmt: skip

    def to_json(self) -> str:
        return json.dumps(dataclasses.asdict(self), ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> DocumentOutcome:
        data = json.loads(text)
        report = data["report"]
        findings = [Finding(**f) for f in report["findings"]]
        return cls(
            DocumentInfo(**data["info"]), data["digest"], data["summary"],
            [tuple(r) for r in data["residue"]],
            [tuple(u) for u in data["unknown_organizations"]],
            Report(report["source"], report["graph"], findings), data["family_scores"],
            data["notes"],
        )  # fmt: skip


@dataclass
class BuildResult:
    documents: list[DocumentOutcome] = field(default_factory=list)
    cache: Path | None = None
    rebuilt: int = 0

    @property
    def violations(self) -> int:
        return sum(len(d.report.violations) for d in self.documents)


@cache
def code_digest() -> str:
    """The digest of munikg's code and data and of the libraries it reads and validates with."""
    digest = hashlib.sha256()
    files = sorted(PACKAGE_DIR.rglob("*.py")) + ontology_files() + shape_files()
    files += sorted(resource_dir("data/reference").glob("*"))
    for path in files:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    for library in LIBRARIES:
        digest.update(f"{library} {version(library)}\0".encode())
    return digest.hexdigest()


def document_digest(sources: Path, info: DocumentInfo) -> str:
    """Changes whenever the document's graph, residue or findings could change."""
    digest = hashlib.sha256(code_digest().encode())
    digest.update(json.dumps(dataclasses.asdict(info), ensure_ascii=False).encode())
    try:
        digest.update((sources / info.file).read_bytes())
    except OSError:
        digest.update(b"unreadable")  # read_source reports it with the reason
    return digest.hexdigest()


def build_into_cache(sources: Path, info: DocumentInfo, digest: str, cache_dir: Path):
    """Build one document and leave its N-Quads and outcome in the cache; the error message
    instead of an outcome for bad input, so that nothing but plain data crosses processes."""
    from munikg import terms
    from munikg.emit import EmitError, nquads
    from munikg.ingest import build_document
    from munikg.validate import default_shapes

    try:
        doc = build_document(sources, info, default_shapes())
        lines = doc.emitted.document_nquads(terms.graph(doc.info.stem))
        inferred_lines = nquads(doc.inferred, terms.INFERRED_GRAPH)
        shared = sorted(doc.emitted.reference_nquads() + inferred_lines)
    except (SourceError, EmitError) as error:
        return str(error)
    outcome = DocumentOutcome.of(doc, digest)
    write_atomically(cache_dir / f"{digest}.shared.nq", "".join(shared))
    write_atomically(cache_dir / f"{digest}.nq", "".join(lines))
    write_atomically(cache_dir / f"{digest}.json", outcome.to_json())
    return outcome


def cached(cache_dir: Path, digest: str) -> DocumentOutcome | None:
    try:
        if all((cache_dir / f"{digest}{suffix}").is_file() for suffix in (".nq", ".shared.nq")):
            return DocumentOutcome.from_json((cache_dir / f"{digest}.json").read_text("utf-8"))
    except (OSError, ValueError, KeyError, TypeError):
        pass  # an unreadable or outdated entry is built again
    return None


def run(
    sources: Path,
    out: Path,
    jobs: int | None = None,
    progress: Callable[[str], None] = lambda file: None,
) -> BuildResult:
    """Parse, emit and validate every document whose digest is not cached, on ``jobs``
    processes (default: every core); collect every bad-input error before failing."""
    infos = read_manifest(sources)
    cache_dir = out / CACHE
    cache_dir.mkdir(parents=True, exist_ok=True)
    digests = [document_digest(sources, info) for info in infos]
    outcomes: list[DocumentOutcome | str | None] = [cached(cache_dir, d) for d in digests]
    todo = [n for n, outcome in enumerate(outcomes) if outcome is None]
    for info in (info for info, outcome in zip(infos, outcomes, strict=True) if outcome):
        progress(info.file)
    for n, outcome in built(sources, [(infos[n], digests[n]) for n in todo], cache_dir, jobs):
        outcomes[todo[n]] = outcome
        progress(infos[todo[n]].file)
    errors = [o for o in outcomes if isinstance(o, str)]
    if errors:
        raise BuildError("\n".join(errors))
    return BuildResult(outcomes, cache_dir, len(todo))


def built(sources: Path, work: list, cache_dir: Path, jobs: int | None) -> Iterator[tuple]:
    """``(index, outcome)`` as each document is done: in worker processes when there is more
    than one to build and more than one core to build on."""
    jobs = min(jobs or os.cpu_count() or 1, len(work))
    if jobs <= 1:
        for n, (info, digest) in enumerate(work):
            yield n, build_into_cache(sources, info, digest, cache_dir)
        return
    from munikg import validate

    if validate.can_fork():
        from munikg.infer import schema
        from munikg.reference import default_reference

        validate.preload(validate.default_shapes()), default_reference(), schema()
        context = multiprocessing.get_context("fork")  # the workers inherit what was read
    else:
        context = multiprocessing.get_context("forkserver")  # a fresh process to fork from
        context.set_forkserver_preload(["munikg.ingest"])
    with ProcessPoolExecutor(jobs, mp_context=context) as pool:
        futures = {
            pool.submit(build_into_cache, sources, info, digest, cache_dir): n
            for n, (info, digest) in enumerate(work)
        }
        for future in as_completed(futures):
            yield futures[future], future.result()


def up_to_date(result: BuildResult, out: Path) -> bool:
    """Whether the outputs in place were written from exactly these documents' digests."""
    if not all((out / name).exists() for name in OUTPUTS):
        return False
    try:
        summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
        written = [doc.get("digest") for doc in summary["documents"]]
    except (OSError, ValueError, KeyError, TypeError):
        return False
    return written == [doc.digest for doc in sorted_documents(result)]


def sorted_documents(result: BuildResult) -> list[DocumentOutcome]:
    return sorted(result.documents, key=lambda d: d.info.stem)


def write_outputs(result: BuildResult, out: Path) -> bool:
    """Write every output into a fresh directory, then swap each into place; nothing when the
    outputs in place already hold these documents. Whether anything was written."""
    if up_to_date(result, out):
        return False
    from munikg import terms
    from munikg.emit import nquads
    from munikg.store import write_store
    from munikg.validate import ontology

    out.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".build-", dir=out))
    try:
        documents = sorted_documents(result)
        with open(staging / "munikg.nq", "wb") as handle:
            for doc in documents:
                with open(result.cache / f"{doc.digest}.nq", "rb") as part:
                    shutil.copyfileobj(part, handle)
            shared = [result.cache / f"{doc.digest}.shared.nq" for doc in documents]
            ontology_lines = nquads(ontology(), terms.ONTOLOGY_GRAPH)
            lines = itertools.chain(merged_once(shared, staging), ontology_lines)
            handle.writelines(line.encode("utf-8") for line in lines)
        with ThreadPoolExecutor(2) as dumps:  # Oxigraph parses and loads outside the GIL
            loads = [
                dumps.submit(write_turtle, staging / "munikg.nq", staging / "munikg.ttl"),
                dumps.submit(write_store, staging / "store", staging / "munikg.nq"),
            ]
            with open(staging / "residue.tsv", "w", encoding="utf-8", newline="\n") as handle:
                handle.write("file\tline\tlocation\treason\ttext\n")
                for doc in documents:
                    for line, location, reason, text in doc.residue:
                        text = text.replace("\t", " ")
                        handle.write(f"{doc.info.file}\t{line}\t{location}\t{reason}\t{text}\n")
            with open(staging / "unknown-organizations.tsv", "w", encoding="utf-8") as handle:
                handle.write("file\tline\tname\tkind\tlegal_form\n")
                for doc in documents:
                    for line, name, kind, legal_form in doc.unknown_organizations:
                        handle.write(f"{doc.info.file}\t{line}\t{name}\t{kind}\t{legal_form}\n")
            summary = {
                "built_at": datetime.now(UTC).replace(microsecond=0).isoformat(),
                "documents": [doc.summary for doc in documents],
            }
            (staging / "summary.json").write_text(
                json.dumps(summary, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
            )
        for load in loads:
            load.result()
        for name in OUTPUTS:
            replace(staging / name, out / name)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    prune(result)
    return True


def write_turtle(nquads_file: Path, target: Path) -> None:
    """The documents' and the reference triples as one Turtle file, streamed from the N-Quads in
    their order (a triple two documents state is written twice: Turtle is a set, it parses once).
    What the ontology states or implies is left out: it is derived, not published data."""
    import pyoxigraph

    from munikg import terms

    quads = pyoxigraph.parse(path=str(nquads_file), format=pyoxigraph.RdfFormat.N_QUADS)
    left_out = {pyoxigraph.NamedNode(str(g)) for g in (terms.ONTOLOGY_GRAPH, terms.INFERRED_GRAPH)}
    triples = (q.triple for q in quads if q.graph_name not in left_out)
    prefixes = {prefix: str(namespace) for prefix, namespace in terms.PREFIXES.items()}
    with open(target, "wb") as handle:
        pyoxigraph.serialize(triples, handle, pyoxigraph.RdfFormat.TURTLE, prefixes=prefixes)


def prune(result: BuildResult) -> None:
    """Cache entries of no document in this build: an older version of a source."""
    keep = {doc.digest for doc in result.documents}
    for path in result.cache.iterdir():
        if path.name.split(".", 1)[0] not in keep:
            path.unlink(missing_ok=True)


def merged_once(paths: list[Path], work: Path, fan_in: int = 256) -> Iterator[str]:
    """The lines of sorted files in order, each once: the reference and inferred triples that
    many documents share, streamed, with at most ``fan_in`` files open at a time (a national
    build has thousands, and their lines would not fit in memory as one set)."""
    level = 0
    while len(paths) > fan_in:
        merged = []
        for start in range(0, len(paths), fan_in):
            target = work / f".merge-{level}-{start}.nq"
            with open(target, "w", encoding="utf-8", newline="\n") as handle:
                handle.writelines(merged_once(paths[start : start + fan_in], work, fan_in))
            merged.append(target)
        paths, level = merged, level + 1
    with ExitStack() as files:
        opened = [files.enter_context(open(p, encoding="utf-8", newline="\n")) for p in paths]
        previous = None
        for line in heapq.merge(*opened):
            if line != previous:
                yield line
            previous = line


def write_atomically(target: Path, text: str) -> None:
    partial = target.with_name(f".{target.name}.{os.getpid()}")
    partial.write_text(text, encoding="utf-8", newline="\n")
    os.replace(partial, target)


def replace(new: Path, target: Path) -> None:
    """Atomic for files; for the store directory, the old one is moved aside first."""
    if new.is_dir() and target.exists():
        aside = target.with_name(f".{target.name}.old")
        shutil.rmtree(aside, ignore_errors=True)
        os.replace(target, aside)
        os.replace(new, target)
        shutil.rmtree(aside, ignore_errors=True)
    else:
        os.replace(new, target)
