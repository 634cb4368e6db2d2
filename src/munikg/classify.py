"""Policy themes and the direction of good, assigned to parsed records by rules a person can audit.

The stage between parse and emit: it sees only records, never RDF or text layout. Every KPI,
goal, measure, policy, initiative, project and action item gets a ``ThemeAssignment`` for each
theme it is about, naming the rule that fired and the words it fired on, so a researcher can
check it and, where it is wrong, correct it in ``data/reference/theme-overrides.toml``.

A subject's themes come from the most specific evidence that names any, in tiers:

1. ``keyword:<theme>``: a keyword of the theme (a ``skos:altLabel`` of its concept in
   ``ontology/vocab/policy-theme.ttl``) occurs in the subject's own label;
2. ``context:<theme>``: else, in the label of what the subject belongs to: the measures of a
   KPI and the project or activity a figure is of, the parent of a project or plan element. A
   KPI whose label names no area but that the plan lists under a migration measure is about
   migration;
3. ``text:<theme>``: else, in the prose the document gives about the subject.

A lower tier is not consulted once a higher one found a theme: composite parents (Hitachi's
男女共同参画・若者応援・多文化共生) and prose name many areas in passing, and adding them would give
every KPI under such a parent all of its areas. Statistics take tier 2 before tier 1, because
their labels are assembled by the parser from table headings and row names (stations,
districts), while their subject says what they are a figure of. Finally ``override`` entries
add or remove themes of a named subject.

The direction of good of every KPI (``Indicator.lower_is_better``) comes from the keyword rules
of ``data/reference/indicator-direction.toml``; statistics keep None, since a descriptive count
(citizen consultations, bicycle racks) has no direction of good.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

from rdflib import Graph
from rdflib.namespace import SKOS

from munikg.model import (
    Activity,
    Indicator,
    PlanElement,
    Project,
    Record,
    TextSection,
    ThemeAssignment,
)
from munikg.normalize import fold
from munikg.resources import resource_dir
from munikg.terms import scheme

KPI_KINDS = frozenset({"kpi", "numerical-target", "outcome-indicator", "target-indicator"})
DIRECTIONS = {"lower": True, "higher": False, "none": None}


class ClassifyError(Exception):
    """The theme or direction rules are inconsistent; the message names the file and entry."""


@dataclass(frozen=True)
class Keyword:
    text: str
    pattern: re.Pattern[str]

    @classmethod
    def of(cls, text: str) -> Keyword:
        """Compared folded; one of ASCII letters and digits must stand alone ("IT" ∉ "MITO")."""
        pattern = re.escape(fold(text))
        if text.isascii() and text.isalnum():
            pattern = rf"(?<![A-Za-z0-9]){pattern}(?![A-Za-z0-9])"
        return cls(text, re.compile(pattern))


@dataclass(frozen=True)
class Theme:
    key: str
    keywords: tuple[Keyword, ...]

    def matches(self, text: str) -> list[str]:
        """The keywords of this theme that occur in ``text``."""
        folded = fold(text)
        return [k.text for k in self.keywords if k.pattern.search(folded)]


@dataclass(frozen=True)
class Override:
    """Add or remove themes of the subjects of ``document`` whose label is ``label``."""

    document: str
    label: str
    reason: str
    add: tuple[str, ...] = ()
    remove: tuple[str, ...] = ()


@dataclass(frozen=True)
class DirectionRule:
    keyword: str
    direction: str
    reason: str


def vocabulary_path() -> Path:
    return resource_dir("ontology") / "vocab" / "policy-theme.ttl"


def reference_path(name: str) -> Path:
    return resource_dir("data/reference") / name


@cache
def themes() -> tuple[Theme, ...]:
    """The themes of the policy-theme scheme, ordered by key, with their Japanese keywords."""
    graph = Graph().parse(vocabulary_path())
    found = []
    for concept in graph.subjects(SKOS.inScheme, scheme("policy-theme")):
        words = sorted(str(k) for k in graph.objects(concept, SKOS.altLabel) if k.language == "ja")
        found.append(Theme(str(concept).rsplit("/", 1)[-1], tuple(map(Keyword.of, words))))
    return tuple(sorted(found, key=lambda theme: theme.key))


def load_overrides(path: Path) -> list[Override]:
    known = {theme.key for theme in themes()}
    overrides = []
    for entry in tomllib.loads(path.read_text(encoding="utf-8")).get("override", []):
        try:
            override = Override(
                document=entry["document"],
                label=entry["label"],
                reason=entry["reason"],
                add=tuple(entry.get("add", ())),
                remove=tuple(entry.get("remove", ())),
            )
        except KeyError as missing:
            raise ClassifyError(f"{path}: override {entry!r} lacks {missing}") from None
        unknown = sorted(set(override.add + override.remove) - known)
        if unknown or not (override.add or override.remove):
            problem = f"unknown themes {unknown}" if unknown else "neither adds nor removes"
            raise ClassifyError(f"{path}: override for {override.label!r}: {problem}")
        overrides.append(override)
    return overrides


@cache
def default_overrides() -> tuple[Override, ...]:
    return tuple(load_overrides(reference_path("theme-overrides.toml")))


def load_direction_rules(path: Path) -> list[DirectionRule]:
    rules = []
    for entry in tomllib.loads(path.read_text(encoding="utf-8")).get("rule", []):
        try:
            rule = DirectionRule(entry["keyword"], entry["direction"], entry["reason"])
        except KeyError as missing:
            raise ClassifyError(f"{path}: rule {entry!r} lacks {missing}") from None
        if rule.direction not in DIRECTIONS:
            choices = ", ".join(DIRECTIONS)
            raise ClassifyError(
                f"{path}: rule {rule.keyword!r}: direction must be one of {choices}"
            )
        rules.append(rule)
    return rules


@cache
def default_direction_rules() -> tuple[DirectionRule, ...]:
    return tuple(load_direction_rules(reference_path("indicator-direction.toml")))


def direction(label: str) -> tuple[bool | None, str]:
    """``lower_is_better`` for a KPI label, and the rule that decided it: the first rule whose
    keyword the label contains, else higher is better."""
    for rule in default_direction_rules():
        if fold(rule.keyword) in fold(label):
            return DIRECTIONS[rule.direction], f"{rule.direction}: {rule.keyword}"
    return False, "default: higher"


def label(record: Record) -> str | None:
    """The name a record is known by, if it is one a theme can be read from."""
    match record:
        case Indicator():
            return record.label
        case PlanElement():
            return " ".join(part for part in (record.title, record.subtitle) if part)
        case Project():
            return record.name
        case Activity():
            return record.title
    return None


def is_subject(record: Record) -> bool:
    """Whether a record is classified: indicators, projects and plan elements below a field."""
    return isinstance(record, Indicator | Project) or (
        isinstance(record, PlanElement) and record.kind != "field"
    )


def containers(record: Record) -> tuple[str, ...]:
    """Keys of the records a subject belongs to, whose labels are its context."""
    match record:
        case Indicator():
            return (*record.members_of, *([record.subject] if record.subject else []))
        case PlanElement() | Project() if record.parent:
            return (record.parent,)
    return ()


def kind_name(record: Record) -> str:
    return "activity" if isinstance(record, Activity) else record.kind


def classify(
    records: list[Record],
    document: str,
    overrides: Sequence[Override] | None = None,
    stale: Callable[[str], None] | None = None,
) -> list[Record]:
    """The records, KPIs with their direction of good, plus one ThemeAssignment per subject and
    theme. ``document`` is the source file name the override file refers to.

    An override that matches nothing is an error, or, given ``stale``, reported to it: the
    build reports it and goes on, since a document that lost a label is reported as residue.
    """
    if overrides is None:
        overrides = default_overrides()
    named = {r.key: r for r in records if label(r)}
    texts: dict[str, list[TextSection]] = {}
    for record in records:
        if isinstance(record, TextSection):
            texts.setdefault(record.subject, []).append(record)
    subjects: dict[str, list[Record]] = {}
    for record in records:
        if is_subject(record):
            subjects.setdefault(record.key, []).append(record)

    found: dict[str, dict[str, ThemeAssignment]] = {}
    for key, group in subjects.items():
        context = dict.fromkeys(k for r in group for k in containers(r) if k in named)
        found[key] = assign(group[0], [named[k] for k in context], texts.get(key, []))
    apply_overrides(found, subjects, document, overrides, stale)

    assignments = [a for key in subjects for _, a in sorted(found[key].items())]
    return [directed(r) for r in records] + assignments


def assign(
    subject: Record, context: list[Record], texts: list[TextSection]
) -> dict[str, ThemeAssignment]:
    """Theme key → assignment for one subject, from the first tier of evidence that finds any."""
    own = [("keyword", "label", label(subject) or "", subject.span)]
    around = [("context", f"{kind_name(r)}「{label(r)}」", label(r) or "", r.span) for r in context]
    prose = [("text", f"text ({s.kind})", s.text, s.span) for s in texts]
    statistic = isinstance(subject, Indicator) and subject.kind == "statistic"
    for tier in [around, own, prose] if statistic else [own, around, prose]:
        found: dict[str, ThemeAssignment] = {}
        for rule, where, text, span in tier:
            for theme in themes():
                if theme.key not in found and (words := theme.matches(text)):
                    evidence = f"{where}: {'、'.join(words)}"
                    found[theme.key] = ThemeAssignment(
                        subject.key, theme.key, f"{rule}:{theme.key}", evidence, span
                    )
        if found:
            return found
    return {}


def apply_overrides(
    found: dict[str, dict[str, ThemeAssignment]],
    subjects: dict[str, list[Record]],
    document: str,
    overrides: Sequence[Override],
    stale: Callable[[str], None] | None,
) -> None:
    """Apply the document's overrides; one that matches no subject is stale."""
    by_label: dict[str, list[str]] = {}
    for key, group in subjects.items():
        by_label.setdefault(fold(label(group[0]) or ""), []).append(key)
    for override in (o for o in overrides if o.document == document):
        keys = by_label.get(fold(override.label))
        if not keys:
            message = (
                f"theme override for {override.label!r} matches no KPI, plan element or "
                f"project of {document}: correct or delete it"
            )
            if stale is None:
                raise ClassifyError(message)
            stale(message)
            continue
        for key in keys:
            for theme in override.remove:
                found[key].pop(theme, None)
            for theme in override.add:
                span = subjects[key][0].span
                found[key][theme] = ThemeAssignment(key, theme, "override", override.reason, span)


def directed(record: Record) -> Record:
    """A KPI with ``lower_is_better`` from the direction rules, unless the parser set it."""
    if (
        isinstance(record, Indicator)
        and record.kind in KPI_KINDS
        and record.lower_is_better is None
    ):
        return replace(record, lower_is_better=direction(record.label)[0])
    return record


def kpi_coverage(records: list[Record]) -> tuple[int, int]:
    """(KPIs with at least one theme, all KPIs) among classified records, KPIs counted by key."""
    kpis = {r.key for r in records if isinstance(r, Indicator) and r.kind in KPI_KINDS}
    themed = {r.subject for r in records if isinstance(r, ThemeAssignment)}
    return len(kpis & themed), len(kpis)
