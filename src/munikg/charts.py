"""SVG charts of a KPI's observations over time, drawn with matplotlib, readable without JavaScript.

One series per role (baseline, actual, expected) and one per target revision, each an SVG group
``series-{name}`` holding one marker per observation, so a reader (or a test) can count points.
Text is English and left as SVG ``<text>``: the Japanese labels stand in the page around the
chart, and no CJK font is needed to draw it. Output is deterministic: a fixed hash salt for the
SVG ids and no date in the metadata.

Drawing takes about 0.1 s a chart, so a ``Cache`` can keep each under the digest of its points,
this module and matplotlib's version: a chart whose points did not change is read back, not drawn
again.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
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


class Cache:
    """Charts kept in ``folder`` under their digest: a chart whose points did not change is read
    back, not drawn again, by whichever process asks. Without a folder each chart is drawn."""

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder
        self.used: set[str] = set()
        if folder:
            folder.mkdir(parents=True, exist_ok=True)

    def chart(self, points: list[Point], unit: str) -> str:
        """The SVG of ``kpi_chart(points, unit)``, from the folder if it has it."""
        if not self.folder:
            return kpi_chart(points, unit)
        key = digest(points, unit)
        self.used.add(key)
        path = self.folder / f"{key}.svg"
        if path.is_file():
            return path.read_text(encoding="utf-8")
        svg = kpi_chart(points, unit)
        partial = path.with_name(f"{key}.{os.getpid()}.part")  # another process may draw it too
        partial.write_text(svg, encoding="utf-8", newline="\n")
        partial.replace(path)
        return svg

    def spent(self) -> set[str]:
        """The digests of the charts asked for since the last call."""
        used, self.used = self.used, set()
        return used

    def prune(self, used: set[str]) -> None:
        """Remove what the folder holds besides the charts ``used``."""
        for path in self.folder.iterdir() if self.folder else ():
            if path.suffix != ".svg" or path.stem not in used:
                path.unlink()
