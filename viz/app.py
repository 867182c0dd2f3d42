"""The careers_abm app: `solara run viz/app.py`.

A Mesa SolaraViz over PairedCareersModel. The model is built per browser session, inside the page
component, and rebuilt by SolaraViz from the controls on Reset: nothing is shared between sessions.
"""

from __future__ import annotations

from collections.abc import Callable

import solara
from app_controls import default_values, model_params
from app_figures import (
    extra_technicians_figure,
    inflow_share_figure,
    life_courses_figure,
    pipeline_figure,
    shortage_figure,
    workforce_pyramid_figure,
)
from matplotlib.figure import Figure
from mesa.visualization import SolaraViz
from mesa.visualization.utils import update_counter
from paired_model import PairedCareersModel


def figure_view(draw: Callable[[PairedCareersModel], Figure]):
    """A SolaraViz component for one figure, redrawn when the model steps or is rebuilt and not on every
    other render (moving a control re-renders the page but changes nothing until Reset)."""

    @solara.component
    def FigureView(model: PairedCareersModel):
        update_counter.get()  # SolaraViz bumps it after each step
        version = [model, model.steps]
        figure = solara.use_memo(lambda: draw(model), dependencies=version)
        solara.FigureMatplotlib(figure, format="png", dependencies=version)

    return FigureView


# (view, tab): SolaraViz draws only the open tab's views after a step, so three views a tab keep a step
# responsive. Tab 0 holds the targets and the policy contrast, tab 1 the people behind them.
VIEWS = [
    (figure_view(inflow_share_figure), 0),
    (figure_view(shortage_figure), 0),
    (figure_view(extra_technicians_figure), 0),
    (figure_view(workforce_pyramid_figure), 1),
    (figure_view(pipeline_figure), 1),
    (figure_view(life_courses_figure), 1),
]


@solara.component
def Page():
    """One browser session's page: its model is built here, so no two sessions ever share one."""
    params = solara.use_memo(model_params, dependencies=[])
    model = solara.use_memo(lambda: PairedCareersModel(**default_values(params)), dependencies=[])
    SolaraViz(
        model,
        components=VIEWS,
        model_params=params,
        name="careers_abm: the Dutch technical talent pipeline",
    )
