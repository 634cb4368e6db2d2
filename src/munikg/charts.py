"""SVG charts of a KPI's observations over time, drawn with matplotlib, readable without JavaScript.

One series per role (baseline, actual, expected) and one per target revision, each an SVG group
``series-{name}`` holding one marker per observation, so a reader (or a test) can count points.
Text is English and left as SVG ``<text>``: the Japanese labels stand in the page around the
chart, and no CJK font is needed to draw it. Output is deterministic: a fixed hash salt for the
SVG ids and no date in the metadata.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

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
