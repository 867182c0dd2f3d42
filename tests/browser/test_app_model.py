"""The app's model, controls and views in-process, without a browser: quick checks that name the broken
piece when the browser test only shows a blank view."""

from __future__ import annotations

import io

import app_controls
import app_figures
import pandas as pd
import pytest
from paired_model import PairedCareersModel
from person_counts import pipeline_flows, technical_workforce_by_age

from careers_abm.core.codes import LEVEL_NAMES
from careers_abm.core.loader import load_config
from careers_abm.scenarios import posterior_draws
from careers_abm.scenarios.uncertainty import with_prior_draws

SMALL = {"scale": 0.002, "end_year": 2016}
GIRLS_SHIFT = "schooling.tech_slopes.female"
VIEWS = (
    app_figures.inflow_share_figure,
    app_figures.shortage_figure,
    app_figures.extra_technicians_figure,
    app_figures.workforce_pyramid_figure,
    app_figures.pipeline_figure,
    app_figures.life_courses_figure,
)


def test_an_unchanged_scenario_is_its_own_baseline_and_a_changed_one_is_paired_with_it():
    unchanged = PairedCareersModel(**SMALL)
    changed = PairedCareersModel(**SMALL, **{GIRLS_SHIFT: -0.5})
    assert unchanged.baseline is unchanged and unchanged.scenario == {}
    assert changed.baseline is not changed and changed.scenario == {GIRLS_SHIFT: -0.5}
    for _ in range(2):
        unchanged.step()
        changed.step()
    pd.testing.assert_frame_equal(changed.baseline.series(), unchanged.series())
    assert not changed.series()["tech_inflow_share_he_female"].equals(unchanged.series()["tech_inflow_share_he_female"])


# Shaped like careers_abm.core.interventions.parameters(name): the app's only contact with that layer.
FAKE_INTERVENTIONS = {
    "guest_lessons": [
        {"name": "start_year", "default": 2012, "range": None},
        {"name": "coverage", "default": None, "range": None},
        {"name": "girls_log_odds", "default": 0.3, "range": (0.1, 0.45)},
        {"name": "persistence", "default": 0.5, "range": (0.25, 1.0)},
    ],
    "search_year": [{"name": "coverage", "default": 0.3, "range": None}],
}


@pytest.fixture
def fake_registry(monkeypatch):
    monkeypatch.setattr(app_controls, "intervention_parameters", lambda: FAKE_INTERVENTIONS)
    return app_controls.model_params()


def test_each_registered_intervention_gets_on_coverage_and_main_effect_controls(fake_registry):
    params = fake_registry
    assert params["intervention.guest_lessons.active"]["type"] == "Checkbox"
    assert params["intervention.guest_lessons.active"]["value"] is False
    assert params["intervention.guest_lessons.coverage"]["value"] == 0.0  # reached by its budget until moved
    effect = params["intervention.guest_lessons.girls_log_odds"]
    assert (effect["value"], effect["min"], effect["max"]) == (0.3, 0.1, 0.45)
    assert "intervention.guest_lessons.persistence" not in params
    assert params["intervention.search_year.coverage"]["value"] == 0.3
    assert params[GIRLS_SHIFT]["value"] == app_controls.baseline_value(GIRLS_SHIFT)


def test_only_moved_controls_go_into_the_scenario(fake_registry):
    controls = app_controls.default_values(fake_registry)
    controls |= {
        GIRLS_SHIFT: controls[GIRLS_SHIFT] + 2e-16,  # back at the baseline value, with a slider's float noise
        "labour_market.premium.lag": 3,
        "intervention.guest_lessons.active": True,
        "intervention.guest_lessons.girls_log_odds": 0.4,
        "intervention.search_year.coverage": 0.6,  # moved, but the measure stays off
    }
    overrides, interventions = app_controls.scenario_from_controls(controls, app_controls.default_values(fake_registry))
    assert overrides == {"labour_market.premium.lag": 3}
    assert interventions == [{"type": "guest_lessons", "girls_log_odds": 0.4}]


def test_counts_from_the_person_arrays_agree_with_the_series(later_start_model):
    model, _ = later_start_model
    row = model.series().iloc[-1]
    scale, people = model.sim.scale, model.sim.people

    def total(column: str, levels=("mbo", "hbo", "wo")) -> float:
        return sum(row[f"{column}_{level}"] for level in levels)

    secondary, study, graduates, tech_jobs = pipeline_flows(people, scale)
    assert study.technical + study.other == pytest.approx(total("inflow"))
    assert study.technical == pytest.approx(total("inflow_tech"))
    assert graduates.technical + graduates.other == pytest.approx(total("graduates"))
    assert graduates.technical == pytest.approx(total("graduates_tech"))
    assert tech_jobs.technical + tech_jobs.other == pytest.approx(total("tech_labour_inflow", LEVEL_NAMES))
    assert secondary.technical + secondary.other > row["inflow_vmbo"]  # havo and vwo entrants too
    workforce = technical_workforce_by_age(people, int(row["year"]), scale)
    assert sum(counts.sum() for counts in workforce.values()) == pytest.approx(row["tech_workers"])


@pytest.mark.parametrize("draw", VIEWS)
def test_views_draw_before_and_after_a_step_from_a_later_start(draw, later_start_model):
    model, figures = later_start_model
    assert list(model.series()["year"]) == [2013]
    assert sorted(model.tracked.states) == [2012, 2013]
    for figure in (figures[draw.__name__], draw(model)):
        figure.savefig(io.BytesIO(), format="png")


@pytest.fixture(scope="module")
def later_start_model():
    """A changed scenario reported from 2013, with each view drawn before its first step, then stepped once."""
    model = PairedCareersModel(scale=0.002, start_year=2013, end_year=2015, **{GIRLS_SHIFT: -0.5})
    figures = {draw.__name__: draw(model) for draw in VIEWS}
    model.step()
    return model, figures


def test_a_picked_scenario_file_is_paired_with_the_baseline_over_several_seeds():
    model = PairedCareersModel(**SMALL, scenario_file="masterplan_2012", band_seeds=3)
    assert model.baseline is not model and len(model.more_pairs) == 2
    assert {entry["type"] for entry in model.config.interventions} >= {"guest_lessons", "vitaliteitspakket"}
    for _ in range(5):  # a few years, so the seeds' paired differences have time to part
        model.step()
    differences = model.paired_differences("tech_workers")
    seed = model.config.run.seed
    assert list(differences.columns) == [seed, seed + 1, seed + 2]
    own = model.series().set_index("year")["tech_workers"] - model.baseline.series().set_index("year")["tech_workers"]
    assert differences[seed].tolist() == own.tolist()
    assert not differences[seed].equals(differences[seed + 1])  # another seed, other random numbers


def test_effect_sizes_drawn_from_priors_are_compares_draws_per_seed_index():
    model = PairedCareersModel(
        scale=0.002, end_year=2012, scenario_file="masterplan_2012", band_seeds=2, effect_sizes="drawn from priors"
    )
    seed = model.config.run.seed
    package = load_config(app_controls.CONFIGS / "masterplan_2012.toml")[1]
    for replication, scenario in enumerate((model, model.more_pairs[0][0])):
        expected = with_prior_draws(package, seed, replication)["interventions"]
        assert scenario.config.interventions == expected  # replication r <-> seed index r
    defaults = PairedCareersModel(scale=0.002, end_year=2012, scenario_file="masterplan_2012")
    assert defaults.config.interventions == package["interventions"]


def test_behaviour_from_the_posterior_gives_both_runs_of_a_pair_compares_row_per_seed_index(tmp_path, monkeypatch):
    path = tmp_path / "posterior.parquet"
    pd.DataFrame({"working_life.leave_tech_constant": [-3.0, -3.2, -3.4, -3.6]}).to_parquet(path)
    monkeypatch.setattr(posterior_draws, "POSTERIOR_SAMPLE", path)
    posterior_draws.load_posterior.cache_clear()
    model = PairedCareersModel(
        scale=0.002, end_year=2012, scenario_file="masterplan_2012", band_seeds=2,
        effect_sizes="behaviour from the posterior",
    )  # fmt: skip
    seed = model.config.run.seed
    for replication, pair in enumerate(((model, model.baseline), model.more_pairs[0])):
        drawn = posterior_draws.posterior_draw(seed, replication)["working_life.leave_tech_constant"]
        assert (
            pair[0].config.working_life.leave_tech_constant == pair[1].config.working_life.leave_tech_constant == drawn
        )
    posterior_draws.load_posterior.cache_clear()
