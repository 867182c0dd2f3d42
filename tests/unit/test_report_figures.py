"""The figures' hover values (careers_abm.report.figures.svg_text) on a hand-made figure: each labelled
mark carries its own value, named as its axis names it, and the result is one well-formed SVG element."""

from __future__ import annotations

from xml.etree import ElementTree

import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from careers_abm.report.figures import bands_figure, svg_text

SVG = "{http://www.w3.org/2000/svg}"


def _titles(svg: str) -> dict[str, list[str]]:
    """Tooltips by the tag of the element that carries them (use: a line's point; g: a bar or band)."""
    found: dict[str, list[str]] = {}
    for element in ElementTree.fromstring(svg).iter():
        title = element.find(f"{SVG}title")
        if title is not None:
            found.setdefault(element.tag.removeprefix(SVG), []).append(title.text)
    return found


def test_each_labelled_mark_carries_its_value_and_nothing_else_does():
    figure = Figure()
    lines, bars = figure.subplots(1, 2)
    lines.plot([2011, 2012, 2013], [1234.5, float("nan"), 3.0], label="workers")  # the missing year is skipped
    lines.plot([2011, 2012], [5, 6])  # unlabelled: no tooltips
    lines.axhline(40, label="target")  # drawn in axes coordinates: no data points
    lines.fill_between([2011, 2013], 0, 1, label="band over seeds")
    bars.barh([2.5, 7.5], [-3.25, -4], 4, label="men")  # drawn leftwards, read positive through the formatter
    bars.set_yticks([2.5, 7.5], ["0-4", "5-9\n(young)"])
    bars.xaxis.set_major_formatter(FuncFormatter(lambda value, _=None: f"{abs(value):,.4g}"))
    titles = _titles(svg_text(figure))
    assert titles["use"] == ["workers, 2011: 1,234", "workers, 2013: 3"]
    assert titles["g"] == ["band over seeds", "men, 0-4: 3.25", "men, 5-9 (young): 4"]  # in drawing order


def test_a_category_axis_names_the_bar_and_a_year_axis_gives_the_year():
    figure = Figure()
    ranking, yearly = figure.subplots(1, 2)
    ranking.barh(["package", "guest lessons"], [2500.0, -12.0], label="extra a year")
    yearly.bar([2012, 2013], [1.5, 0.0], label="scenario − baseline")
    assert _titles(svg_text(figure))["g"] == [
        "extra a year, package: 2,500",
        "extra a year, guest lessons: -12",
        "scenario − baseline, 2012: 1.5",
        "scenario − baseline, 2013: 0",
    ]


def test_a_line_with_a_point_off_the_canvas_gets_no_tooltips_rather_than_shifted_ones():
    figure = Figure()
    ax = figure.subplots()
    ax.plot([2011, 2012, 2013], [1.0, 2.0, 3.0], label="shown")
    ax.plot([2011, 2012, 2013], [1.5, 1e9, 3.5], label="partly off")  # matplotlib leaves out the far point
    ax.set_ylim(0, 5)
    assert _titles(svg_text(figure))["use"] == ["shown, 2011: 1", "shown, 2012: 2", "shown, 2013: 3"]


def test_a_sweep_of_more_scenarios_than_hues_still_draws_every_band():
    # the shipped intervention ranking has 21 scenarios; the palette has 20 colours
    names = [f"scenario_{k}" for k in range(23)]
    bands = pd.DataFrame(
        [
            {"scenario": name, "column": "tech_workers", "year": year, "mean": 1.0, "q05": 0.5, "q95": 1.5}
            for name in names
            for year in (2011, 2012)
        ]  # fmt: skip
    )
    figure = bands_figure(bands)
    assert sorted(line.get_label() for line in figure.axes[0].get_lines()) == sorted(names)
