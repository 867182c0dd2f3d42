"""The figures of report.html, drawn with matplotlib as SVG text to inline in the page.

SVG keeps the report one file that needs nothing from the network: text stays text (svg.fonttype
"none", drawn in the reader's sans-serif), lines stay sharp at any zoom, each figure is a few tens of
kilobytes, and hovering a line's point, a bar or a band shows its value (an SVG <title>, no script).
Every figure function takes the tables a study folder already holds and returns a Figure; the app
draws all its views the same way.
"""

from __future__ import annotations

import html
import io
import itertools
import re

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib.category import StrCategoryFormatter  # noqa: E402
from matplotlib.container import BarContainer  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.ticker import FixedFormatter, FuncFormatter, MaxNLocator  # noqa: E402

MAX_HOVER_POINTS = 200  # a line with more points (none in these figures) gets no tooltips
_FIGURE_NUMBERS = itertools.count()
TARGET_PER_YEAR = 40_000  # Masterplan: 40,000 extra beta-technicians a year (letter, Inleiding)

# The paired contrasts drawn for a compare folder: indicator, title, factor to the plotted unit.
CONTRAST_PANELS = (
    ("tech_workers", "Technical workers (thousands)", 1e-3),
    ("tech_labour_inflow", "Technical labour inflow a year (thousands)", 1e-3),
    ("tech_inflow_share_he", "Technical share of hbo+wo inflow (points)", 100),
    ("tech_shortage", "Technical shortage a year (thousands)", 1e-3),
)


def _axis_text(axis, value: float, plain: str) -> str:
    """A value as its axis names it: the tick label at a category's position (age band, scenario name),
    the figure's own formatter if it set one, else the `plain` format."""
    formatter = axis.get_major_formatter()
    if isinstance(formatter, FixedFormatter):
        locations = np.asarray(axis.get_majorticklocs(), dtype=float)
        nearest = int(np.argmin(np.abs(locations - value))) if len(locations) else -1
        if nearest >= 0 and np.isclose(locations[nearest], value) and nearest < len(formatter.seq):
            return str(formatter.seq[nearest])
    elif isinstance(formatter, (FuncFormatter, StrCategoryFormatter)):
        return str(formatter(value))
    return format(value, plain)


def _tooltip(label: str, axis, at: float, value_axis, value: float) -> str:
    return f"{label}, {_axis_text(axis, at, 'g')}: {_axis_text(value_axis, value, ',.4g')}"


def _hover_marks(ax) -> list[tuple[object, list[str]]]:
    """(artist, tooltips) for every labelled mark of one axes: a line's points, as one invisible marker
    line with a tooltip per point ("label, 2016: 1,234"), each bar ("men, 25-29: 12.3"), and each area,
    which says its label. One marker line per line, not one per point: drawing stays about as quick."""
    marks: list[tuple[object, list[str]]] = []
    for line in list(ax.get_lines()):
        label = str(line.get_label())
        xs, ys = np.asarray(line.get_xdata(), dtype=float), np.asarray(line.get_ydata(), dtype=float)
        # a line drawn in axes coordinates (axhline) has no data points to show
        if label.startswith("_") or len(xs) > MAX_HOVER_POINTS or line.get_transform() is not ax.transData:
            continue
        finite = np.isfinite(xs) & np.isfinite(ys)
        if finite.any():
            xs, ys = xs[finite], ys[finite]
            (points,) = ax.plot(xs, ys, marker="o", markersize=7, alpha=0.0, linestyle="none")
            marks.append((points, [_tooltip(label, ax.xaxis, x, ax.yaxis, y) for x, y in zip(xs, ys)]))
    for bars in ax.containers:
        if isinstance(bars, BarContainer) and not str(bars.get_label()).startswith("_"):
            across, along = (ax.yaxis, ax.xaxis) if bars.orientation == "horizontal" else (ax.xaxis, ax.yaxis)
            for bar, value in zip(bars.patches, bars.datavalues):
                at = bar.get_y() + bar.get_height() / 2 if across is ax.yaxis else bar.get_x() + bar.get_width() / 2
                marks.append((bar, [_tooltip(str(bars.get_label()), across, at, along, float(value))]))
    marks += [(area, [str(area.get_label())]) for area in ax.collections if not str(area.get_label()).startswith("_")]
    return marks


def hover_points(fig: Figure, prefix: str) -> dict[str, list[str]]:
    """Give every labelled mark of the figure an SVG id and its tooltips, so that hovering it in the
    browser shows its value with no script: {id: tooltips}, one per point of a marker line."""
    titles: dict[str, list[str]] = {}
    for ax in fig.axes:
        for artist, tooltips in _hover_marks(ax):
            artist.set_gid(f"{prefix}-{len(titles)}")
            titles[artist.get_gid()] = [" ".join(text.split()) for text in tooltips]  # a two-line tick label
    return titles


def _with_titles(text: str, gid: str, titles: list[str]) -> str:
    """An SVG <title> for the mark with id `gid`; for a marker line, one inside each point's <use>. A
    marker line whose drawn points do not match its tooltips (a point off the canvas) gets none, rather
    than tooltips on the wrong points. The mark takes the pointer, which svg_text takes from the rest."""
    opening = f'<g id="{gid}">'
    start = text.index(opening)
    head, body = text[:start] + f'<g id="{gid}" pointer-events="visiblePainted">', text[start + len(opening) :]
    if len(titles) == 1:
        return f"{head}<title>{html.escape(titles[0])}</title>{body}"
    end = body.find('<g id="')
    group, rest = (body[:end], body[end:]) if end >= 0 else (body, "")
    points = list(re.finditer(r"<use [^>]*?/>", group))
    if len(points) != len(titles):
        return text
    pieces, last = [], 0
    for point, title in zip(points, titles):
        pieces += [group[last : point.end() - 2], f"><title>{html.escape(title)}</title></use>"]
        last = point.end()
    return head + "".join(pieces) + group[last:] + rest


def svg_text(fig: Figure, hover: bool = True) -> str:
    """The figure as an inline <svg> element (no XML prolog or DOCTYPE), with hover tooltips on its labelled
    lines' points, bars and bands (ids unique per figure, so that many figures can share one page), and the
    figure closed."""
    prefix = f"hover{next(_FIGURE_NUMBERS)}"
    titles = hover_points(fig, prefix) if hover else {}
    buffer = io.StringIO()
    with plt.rc_context({"svg.fonttype": "none"}):
        fig.savefig(buffer, format="svg", bbox_inches="tight")
    plt.close(fig)
    text = buffer.getvalue()
    # only the marks with a title take the pointer: a bar's number, a grid line or the legend would hide them
    text = text[text.index("<svg") :].replace("<svg ", '<svg pointer-events="none" ', 1)
    for gid, tooltips in titles.items():
        text = _with_titles(text, gid, tooltips)
    return text


def _colours(names: list[str]) -> dict[str, tuple]:
    """Ten distinct hues first, then their light twins, then round again (a sweep may hold more scenarios)."""
    palette = plt.get_cmap("tab20").colors
    return dict(zip(names, itertools.cycle(palette[::2] + palette[1::2])))


def contrast_figure(contrast: pd.DataFrame) -> plt.Figure:
    """Policy minus baseline per year: the mean paired difference and its 95% band, per scenario."""
    panels = [panel for panel in CONTRAST_PANELS if panel[0] in set(contrast["indicator"])]
    fig, axes = plt.subplots(
        (len(panels) + 1) // 2, 2, figsize=(12, 3.6 * ((len(panels) + 1) // 2)), squeeze=False, layout="constrained"
    )
    colours = _colours(list(dict.fromkeys(contrast["scenario"])))
    for ax, (indicator, title, factor) in zip(axes.ravel(), panels):
        for name, part in contrast[contrast["indicator"] == indicator].groupby("scenario", sort=False):
            ax.plot(part["year"], part["difference_mean"] * factor, color=colours[name], label=name)
            ax.fill_between(
                part["year"], part["difference_low"] * factor, part["difference_high"] * factor,
                color=colours[name], alpha=0.15, linewidth=0,
            )  # fmt: skip
        ax.axhline(0, color="grey", lw=0.8)
        ax.set(title=title, xlabel="year")
        ax.grid(alpha=0.3)
    for ax in axes.ravel()[len(panels) :]:
        ax.set_visible(False)
    axes[0, 0].legend(fontsize=7)
    return fig


def ranking_figure(table: pd.DataFrame) -> plt.Figure:
    """Extra technicians a year over the longest period, ranked, with the 95% interval, against 40,000."""
    period = table["period"].max()
    ranked = table[table["period"] == period].sort_values("extra_per_year")
    mean = ranked["extra_per_year"].to_numpy(dtype=float)
    error = np.vstack([mean - ranked["extra_per_year_low"], ranked["extra_per_year_high"] - mean])
    fig, ax = plt.subplots(figsize=(9, 0.45 * len(ranked) + 1.4), layout="constrained")
    ax.barh(ranked["scenario"], mean, xerr=np.nan_to_num(error), color="#1f77b4", capsize=3, label="extra a year")
    ax.axvline(0, color="grey", lw=0.8)
    ax.set(title=f"Extra technicians a year, {period}: mean and 95% interval (target {TARGET_PER_YEAR:,})",
           xlabel="technicians a year")  # fmt: skip
    ax.grid(alpha=0.3, axis="x")
    return fig


def bands_figure(bands: pd.DataFrame) -> plt.Figure:
    """A sweep's mean and 5-95% band per year over every run of each scenario (design points pooled)."""
    columns = list(dict.fromkeys(bands["column"]))
    fig, axes = plt.subplots(len(columns), 1, figsize=(10, 2.9 * len(columns)), squeeze=False, layout="constrained")
    pooled = bands.groupby(["scenario", "column", "year"], as_index=False)[["mean", "q05", "q95"]].mean()
    colours = _colours(list(dict.fromkeys(pooled["scenario"])))
    for ax, column in zip(axes[:, 0], columns):
        for name, part in pooled[pooled["column"] == column].groupby("scenario", sort=False):
            ax.plot(part["year"], part["mean"], color=colours[name], label=name)
            ax.fill_between(part["year"], part["q05"], part["q95"], color=colours[name], alpha=0.18, linewidth=0)
        ax.set_title(f"{column}: mean and 5-95% band, averaged over design points", fontsize=10)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.grid(alpha=0.3)
    axes[0, 0].legend(fontsize=7, ncol=2)
    return fig


def sensitivity_figure(indices: pd.DataFrame, kind: str) -> plt.Figure:
    """Sobol S1 and ST (or Morris mu* with sigma) per parameter, one panel per outcome, first scenario."""
    shown = (indices["scenario"] == indices["scenario"].iloc[0]) & (indices["policy"] == indices["policy"].min())
    first = indices[shown]
    outcomes = list(dict.fromkeys(first["outcome"]))
    fig, axes = plt.subplots(
        1, len(outcomes), figsize=(4.6 * len(outcomes), 0.42 * first["parameter"].nunique() + 1.8),
        squeeze=False, sharey=True, layout="constrained",
    )  # fmt: skip
    sobol_pairs = (("S1", "S1_conf"), ("ST", "ST_conf"))
    pairs = sobol_pairs if kind == "sobol" else (("mu_star", "mu_star_conf"), ("sigma", None))
    for ax, outcome in zip(axes[0], outcomes):
        part = first[first["outcome"] == outcome]
        y = np.arange(len(part))
        for offset, (name, conf) in zip((-0.2, 0.2), pairs):
            error = part[conf].to_numpy(dtype=float) if conf else None
            ax.barh(y + offset, part[name], height=0.38, xerr=error, label=name, capsize=2)
        ax.set_yticks(y, [key.split(".", 1)[-1] for key in part["parameter"]], fontsize=8)
        ax.set_title(outcome, fontsize=9)
        ax.axvline(0, color="grey", lw=0.8)
        ax.grid(alpha=0.3, axis="x")
    axes[0, 0].legend(fontsize=8)
    return fig


def outcome_contrast_figure(contrasts: pd.DataFrame) -> plt.Figure:
    """A sweep's paired differences of each outcome against its baseline scenario, with 95% intervals."""
    contrasts = contrasts[contrasts["difference_mean"].abs() > 0]
    outcomes = list(dict.fromkeys(contrasts["outcome"]))
    fig, axes = plt.subplots(
        len(outcomes), 1, figsize=(9, (0.4 * contrasts["scenario"].nunique() + 1.2) * len(outcomes)),
        squeeze=False, layout="constrained",
    )  # fmt: skip
    for ax, outcome in zip(axes[:, 0], outcomes):
        part = contrasts[contrasts["outcome"] == outcome].sort_values("difference_mean")
        mean = part["difference_mean"].to_numpy(dtype=float)
        error = np.vstack([mean - part["difference_low95"], part["difference_high95"] - mean])
        ax.barh(part["scenario"], mean, xerr=np.nan_to_num(error), color="#2ca02c", capsize=3, label=outcome)
        ax.axvline(0, color="grey", lw=0.8)
        ax.set_title(f"{outcome}: scenario minus baseline, mean and 95% interval", fontsize=9)
        ax.grid(alpha=0.3, axis="x")
    return fig
