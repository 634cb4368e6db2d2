"""SVG charts of a KPI's observations over time, drawn with matplotlib, readable without JavaScript.

One series per role (baseline, actual, expected) and one per target revision, each an SVG group
``series-{name}`` holding one marker per observation, so a reader (or a test) can count points.
Text is English and left as SVG ``<text>``: the Japanese labels stand in the page around the
chart, and no CJK font is needed to draw it. Output is deterministic: a fixed hash salt for the
SVG ids and no date in the metadata.

Drawing takes about 0.1 s a chart, most of a site's time, so a ``Painter`` draws them on worker
processes and can keep each under the digest of its points, this module and matplotlib's version:
a chart whose points did not change is read back, not drawn again.
"""

from __future__ import annotations

import hashlib
import io
import json
import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

import matplotlib
from matplotlib.figure import Figure  # no pyplot: no global figure state, no GUI backend

# role → (colour, marker, line style); target revisions share the target's colour, darker later
STYLES = {
    "baseline": ("#555555", "s", "none"),
    "actual": ("#1f6fb4", "o", "-"),
    "expected": ("#2a9d3c", "D", "--"),
    "target": ("#d1495b", "^", "none"),
}
STATUS_TEXT = {"on-track": "on track", "roughly-on-track": "roughly on track", "behind": "behind"}
RC = {"svg.hashsalt": "munikg", "svg.fonttype": "none", "font.size": 9}
VERSION = hashlib.sha256(Path(__file__).read_bytes() + matplotlib.__version__.encode()).hexdigest()


@dataclass(frozen=True)
class Point:
    """One observation with a number and a period: plotted at the end of its period."""

    role: str
    revision: int
    when: date
    value: Decimal
    status: str = ""  # the progress-status concept's key, if the report states one


def series_name(point: Point) -> str:
    return f"target-r{point.revision}" if point.role == "target" else point.role


def kpi_chart(points: list[Point], unit: str) -> str:
    """The SVG document (without XML declaration) of ``points``; ``unit`` labels the y axis."""
    groups: dict[str, list[Point]] = {}
    for point in sorted(points, key=lambda p: (p.role, p.revision, p.when, p.value)):
        groups.setdefault(series_name(point), []).append(point)
    with matplotlib.rc_context(RC):
        figure = Figure(figsize=(7, 3.2))
        axes = figure.subplots()
        for name in sorted(groups, key=series_order):
            group = groups[name]
            colour, marker, line = STYLES[group[0].role]
            axes.plot(
                [p.when for p in group],
                [float(p.value) for p in group],
                marker=marker,
                linestyle=line,
                color=colour,
                alpha=1.0 if group[0].role != "target" else 0.45 + 0.55 / (1 + group[0].revision),
                label=name.replace("-r", " rev. "),
                gid=f"series-{name}",
            )
            for p in group:
                if p.status:
                    axes.annotate(
                        STATUS_TEXT.get(p.status, p.status),
                        (p.when, float(p.value)),
                        textcoords="offset points",
                        xytext=(4, 6),
                        fontsize=8,
                    )
        axes.set_ylabel(unit)
        axes.margins(x=0.08)
        axes.grid(True, color="#dddddd")
        # fixed margins and legend place: a layout engine would draw the figure twice
        axes.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8, frameon=False)
        # a tick at each date observed: cheaper than matplotlib's date locator, and truer
        dates = sorted({p.when for p in points})
        axes.set_xticks(dates, [d.isoformat() for d in dates], rotation=30, fontsize=8)
        figure.subplots_adjust(left=0.1, right=0.78, top=0.95, bottom=0.2)
        buffer = io.StringIO()
        figure.savefig(buffer, format="svg", metadata={"Date": None})
    text = buffer.getvalue()
    return text[text.index("<svg") :]


def series_order(name: str) -> tuple[int, str]:
    """Baseline, expected, target revisions, then actuals drawn last (on top)."""
    rank = {"baseline": 0, "expected": 1, "actual": 3}
    return rank.get(name, 2), name


def digest(points: list[Point], unit: str) -> str:
    """What a chart depends on: its points, its unit, this module and matplotlib."""
    fields = [[p.role, p.revision, p.when.isoformat(), str(p.value), p.status] for p in points]
    text = json.dumps([VERSION, unit, fields], ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def draw_many(charts: list[tuple[str, list[Point], str]]) -> list[tuple[str, str]]:
    return [(key, kpi_chart(points, unit)) for key, points, unit in charts]


class Painter:
    """Charts drawn on ``jobs`` worker processes (forked, as the build's), read from ``cache``
    when a previous run left them there; the charts this run did not use are removed from it."""

    def __init__(self, jobs: int | None = None, cache: Path | None = None) -> None:
        self.jobs = jobs or os.cpu_count() or 1
        self.cache = cache
        self.used: set[str] = set()
        self.pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> Painter:
        if self.cache:
            self.cache.mkdir(parents=True, exist_ok=True)
        if self.jobs > 1:
            context = multiprocessing.get_context("fork")
            self.pool = ProcessPoolExecutor(self.jobs, mp_context=context)
            self.pool.submit(int).result()  # the workers start now, not at the first chart
        return self

    def __exit__(self, kind, error, trace) -> None:
        if self.pool:
            self.pool.shutdown(cancel_futures=error is not None)
        if self.cache and error is None:
            for path in self.cache.glob("*.svg"):
                if path.stem not in self.used:
                    path.unlink()

    def submit(self, charts: dict[str, tuple[list[Point], str]]) -> Callable[[], dict[str, str]]:
        """Start drawing ``charts`` (digest → points and unit); the call returned waits for
        them and gives each SVG by its digest."""
        self.used.update(charts)
        drawn = {key: self.read(key) for key in charts}
        todo = [(key, *charts[key]) for key, svg in drawn.items() if svg is None]
        size = -(-len(todo) // self.jobs)
        chunks = [todo[n : n + size] for n in range(0, len(todo), size)] if todo else []
        pool = self.pool
        pending = [pool.submit(draw_many, chunk) for chunk in chunks] if pool else chunks

        def collect() -> dict[str, str]:
            for chunk in (p.result() for p in pending) if pool else map(draw_many, pending):
                for key, svg in chunk:
                    drawn[key] = svg
                    self.keep(key, svg)
            return drawn

        return collect

    def read(self, key: str) -> str | None:
        path = self.cache / f"{key}.svg" if self.cache else None
        return path.read_text(encoding="utf-8") if path and path.is_file() else None

    def keep(self, key: str, svg: str) -> None:
        if self.cache:
            partial = self.cache / f"{key}.svg.part"
            partial.write_text(svg, encoding="utf-8", newline="\n")
            partial.replace(self.cache / f"{key}.svg")
