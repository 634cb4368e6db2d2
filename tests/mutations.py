"""Mutations of a source document: what another extractor or another year's template does to
its layout, never to its facts. Shared by the mutation tests of the bundled and other-city
documents."""

from __future__ import annotations

import re
from collections.abc import Callable

# A mutation: the lines of a document → the mutated lines, and where each old line went.
Mutation = Callable[[list[str]], tuple[list[str], dict[int, int]]]


def same_lines(change: Callable[[str], str]) -> Mutation:
    def mutate(lines: list[str]) -> tuple[list[str], dict[int, int]]:
        return [change(line) for line in lines], {n: n for n in range(1, len(lines) + 1)}

    return mutate


def with_page_breaks(furniture: Callable[[int], list[str]], every: int = 37) -> Mutation:
    """A page break every ``every`` lines: the lines ``furniture(page)`` inserted there."""

    def mutate(lines: list[str]) -> tuple[list[str], dict[int, int]]:
        out, where = [], {}
        for number, line in enumerate(lines, 1):
            if number % every == 0:
                out += furniture(number // every)
            out.append(line)
            where[number] = len(out)
        return out, where

    return mutate


# 担当課 and its synonyms, and the other header words a template renames, each to a synonym
# the vocabulary knows.
RENAMES = {
    "担当課": "担当部署",
    "開催日": "月日",
    "開 催 日": "月 日",
    "期 日": "日 時",
    "基準値": "策定時",
    "目標値": "目標",
    "実績値": "実績",
    "会 議 名": "名 称",
    "担当部課所": "所管課",
}


def renamed_headers(line: str) -> str:
    """Header words renamed where they stand as words (not inside a name: 担当課長会議)."""
    for old, new in RENAMES.items():
        line = re.sub(rf"{re.escape(old)}(?![\u3400-\u9fff])", new, line)
    return line


MUTATIONS: dict[str, Mutation] = {
    "tabs-to-spaces": same_lines(lambda line: line.replace("\t", "    ")),
    "tabs-to-one-space": same_lines(lambda line: line.replace("\t", " ")),
    "page-footers": with_page_breaks(lambda page: ["", f"- {page} -", ""]),
    "form-feeds": with_page_breaks(lambda page: ["\f"]),
    "tildes": same_lines(lambda line: line.translate(str.maketrans("～〜", "〜～"))),
    "trailing-spaces": same_lines(lambda line: line + "  " if line.strip() else line),
    "no-trailing-spaces": same_lines(str.rstrip),
    "renamed-headers": same_lines(renamed_headers),
}
