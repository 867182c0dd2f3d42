"""The careers_abm app: `solara run viz/app.py`.

A page for policy analysts over PairedCareersModel, built from Mesa's own pieces (ModelController for
Reset / Step / play, ShowSteps) with the app's controls, tabs and downloads around them: a scenario
picker over every shipped scenario file with custom controls on top, each control showing its value and
unit, tabs named by what they show, figures that show their values on hover, and the current series
and the open tab's figures (SVG, PNG) to download. Mesa's generic controls (play interval, render
interval, threads) are left out: the defaults suit a yearly model.
The model is built per browser session, inside the page component, and rebuilt from the controls on
Reset: nothing is shared between sessions.
"""

from __future__ import annotations

import io
from collections.abc import Callable

import pandas as pd
import solara
from app_controls import SCENARIO_CONTROL, default_values, model_params
from app_figures import (
    extra_technicians_figure,
    inflow_share_figure,
    life_courses_figure,
    pipeline_figure,
    shortage_figure,
    workforce_pyramid_figure,
)
from labour_market_view import contrast_band_figure, labour_market_figure
from matplotlib.figure import Figure
from mesa.visualization.solara_viz import ModelController, ShowSteps
from mesa.visualization.utils import update_counter
from paired_model import PairedCareersModel

from careers_abm.report.figures import svg_text

FIGURE_WIDTH = "520px"
# An SVG figure scales to its view's width, its text with it (matplotlib writes a viewBox).
FIGURE_CSS = ".figure-view svg { width: 100%; height: auto; }"


@solara.component
def FigureView(draw: Callable[[PairedCareersModel], Figure], model: PairedCareersModel):
    """One figure as inline SVG whose lines' points, bars and bands show their values on hover
    (careers_abm.report.figures.svg_text, as in report.html: no script, no network), redrawn when the
    model steps or is rebuilt and not on every other render (moving a control changes nothing until Reset)."""
    update_counter.get()  # ModelController bumps it after each step
    svg = solara.use_memo(lambda: svg_text(draw(model)), dependencies=[draw, model, model.steps])
    solara.HTML(tag="div", unsafe_innerHTML=svg, classes=["figure-view"], style={"width": FIGURE_WIDTH})


PLAY_INTERVAL_MS = 100
# Tabs by what they show; only the open tab's figures are drawn after a step, so a step stays responsive.
TABS: dict[str, list[Callable[[PairedCareersModel], Figure]]] = {
    "Targets": [inflow_share_figure, shortage_figure, extra_technicians_figure],
    "Labour market": [labour_market_figure],
    "People": [workforce_pyramid_figure, pipeline_figure, life_courses_figure],
    "Policy": [contrast_band_figure, extra_technicians_figure],
}
FIGURE_FORMATS = ("svg", "png")
PNG_DOTS_PER_INCH = 120


def series_csv(model: PairedCareersModel) -> bytes:
    """The years simulated so far, scenario and baseline stacked with a `run` column, as CSV."""
    runs = [model.series().assign(run="scenario")]
    if model.baseline is not model:
        runs.append(model.baseline.series().assign(run="baseline"))
    frame = pd.concat(runs, ignore_index=True)
    return frame[["run", *[c for c in frame.columns if c != "run"]]].to_csv(index=False).encode()


def figure_file(draw: Callable[[PairedCareersModel], Figure], model: PairedCareersModel, kind: str) -> bytes:
    """One figure as a file: a standalone SVG that keeps its hover values, or a PNG."""
    if kind == "svg":
        return ('<?xml version="1.0" encoding="utf-8"?>\n' + svg_text(draw(model))).encode()
    buffer = io.BytesIO()
    draw(model).savefig(buffer, format=kind, dpi=PNG_DOTS_PER_INCH)
    return buffer.getvalue()


@solara.component
def Downloads(model: PairedCareersModel, figures: list[Callable[[PairedCareersModel], Figure]]):
    """The series so far and each figure of the open tab, drawn when its button is pressed; file names
    carry the last simulated year."""
    update_counter.get()
    year = model.sim.year - 1
    solara.FileDownload(lambda: series_csv(model), filename=f"careers_abm_series_to_{year}.csv",
                        label="Download series (CSV)")  # fmt: skip
    for draw in figures:
        name = draw.__name__.removesuffix("_figure")
        for kind in FIGURE_FORMATS:
            solara.FileDownload(
                lambda draw=draw, kind=kind: figure_file(draw, model, kind),
                filename=f"careers_abm_{name}_{year}.{kind}",
                label=f"{name.replace('_', ' ')} ({kind.upper()})",
            )


@solara.component
def Control(name: str, options: dict, value, on_value: Callable):
    """One control, its label carrying the current value and unit ("Scale: 0.003 of the 16.7 million")."""
    label = options.get("label", name)
    kind = options["type"]
    if kind == "Select":
        solara.Select(label, value=value, values=options["values"], on_value=on_value)
    elif kind == "Checkbox":
        solara.Checkbox(label=label, value=value, on_value=on_value)
    else:
        slider = solara.SliderInt if kind == "SliderInt" else solara.SliderFloat
        shown = f"{label}: {value:g} {options.get('unit', '')}".rstrip()

        def on_slide(moved):
            # A calibrated default (-3.7279) lies between slider steps, and the slider snaps it to the nearest
            # step when drawn: the step nearest the default stands for the exact default, not a change.
            on_value(options["value"] if abs(moved - options["value"]) < options["step"] / 2 else moved)

        slider(shown, value=value, min=options["min"], max=options["max"], step=options["step"], on_value=on_slide)


@solara.component
def Controls(params: dict, values: solara.Reactive[dict]):
    def setter(name: str):
        return lambda value: values.set({**values.value, name: value})

    current = values.value
    Control(SCENARIO_CONTROL, params[SCENARIO_CONTROL], current[SCENARIO_CONTROL], setter(SCENARIO_CONTROL))
    solara.Text("Custom changes on top of the scenario; press Reset to apply them.")
    for name, options in params.items():
        if name != SCENARIO_CONTROL:
            Control(name, options, current[name], setter(name))


@solara.component
def Page():
    """One browser session's page: its model is built here, so no two sessions ever share one."""
    params = solara.use_memo(model_params, dependencies=[])
    model = solara.use_reactive(solara.use_memo(lambda: PairedCareersModel(**default_values(params)), []))
    values = solara.use_reactive(default_values(params))
    tab, set_tab = solara.use_state(0)
    names = list(TABS)
    # Mesa's play settings, fixed: one render per simulated year, no extra thread (not shown to the user).
    play_interval = solara.use_reactive(PLAY_INTERVAL_MS)
    render_interval = solara.use_reactive(1)
    use_threads = solara.use_reactive(False)
    solara.Style(FIGURE_CSS)
    with solara.AppBar():
        solara.AppBarTitle("careers_abm: the Dutch technical talent pipeline")
    with solara.Sidebar(), solara.Column():
        with solara.Card("Run"):
            ModelController(
                model, model_parameters=values, play_interval=play_interval, render_interval=render_interval,
                use_threads=use_threads,
            )  # fmt: skip
            ShowSteps(model.value)
        with solara.Card("Download"):
            Downloads(model.value, TABS[names[tab]])
        with solara.Card("Scenario"):
            Controls(params, values)
    with solara.v.Tabs(v_model=tab, on_v_model=set_tab):
        for name in names:
            solara.v.Tab(children=[name])
    with solara.v.TabsItems(v_model=tab):
        for index, name in enumerate(names):
            with solara.v.TabItem():
                if index == tab:
                    with solara.Row(style={"flex-wrap": "wrap"}):
                        for draw in TABS[name]:
                            FigureView(draw, model.value)
