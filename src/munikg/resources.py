"""Where the ontology, shapes and saved queries live, installed or in a source checkout."""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
REPO_ROOT = PACKAGE_DIR.parents[1]


def resource_dir(name: str) -> Path:
    """A wheel carries ``munikg/resources/<name>``; an editable install reads the checkout."""
    bundled = PACKAGE_DIR / "resources" / name
    return bundled if bundled.is_dir() else REPO_ROOT / name


def ontology_files() -> list[Path]:
    root = resource_dir("ontology")
    return sorted(root.glob("*.ttl")) + sorted((root / "vocab").glob("*.ttl"))


def shape_files(directory: Path | None = None) -> list[Path]:
    """Every shape file under the directory: munikg's are in one subdirectory per profile."""
    return sorted((directory or resource_dir("shapes")).rglob("*.ttl"))


def query_dir() -> Path:
    return resource_dir("queries")


@cache
def reference_toml(name: str) -> dict:
    """A TOML file of ``data/reference`` (the vocabulary, layouts), parsed once per process."""
    return tomllib.loads((resource_dir("data/reference") / name).read_text(encoding="utf-8"))
