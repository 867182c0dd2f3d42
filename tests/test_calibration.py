"""Calibration: targets carry sources, a reused build changes nothing, and fitting lowers the objective."""

import importlib.util
import math
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from careers_abm.core.config import ConfigError
from careers_abm.core.loader import load_config
from careers_abm.core.tables import DATA_DIR
from careers_abm.fitting.calibration import calibrate, load_spec
from careers_abm.fitting.moments import LAST_FITTED_YEAR, load_observations, load_targets, simulate_moments
from careers_abm.scenarios.run import run_scenario

ROOT = Path(__file__).resolve().parents[1]


def test_targets_have_sources_and_unique_ids():
    targets = load_targets(DATA_DIR / "targets.csv")
    assert targets["id"].is_unique
    assert targets["source"].str.len().min() > 5
    assert set(targets["fit"]) == {"yes", "no"}


def test_every_fitted_target_is_an_observation_dated_2013_or_earlier():
    """The rule of the record (DESIGN section 5); the value, definition and source are said once, in
    data/observations.csv."""
    targets = pd.read_csv(DATA_DIR / "targets.csv")
    fitted = targets[targets["fit"] == "yes"]
    assert fitted["observation"].notna().all()
    assert fitted[["value", "definition", "source"]].isna().all().all()
    observed = load_observations().loc[fitted["observation"]]
    assert (observed["role"] == "fit").all()
    assert (observed["year"] <= LAST_FITTED_YEAR).all(), observed[observed["year"] > LAST_FITTED_YEAR].index.tolist()
    assert (load_observations().query("role == 'fit'")["year"] <= LAST_FITTED_YEAR).all()


def test_a_target_takes_its_value_from_its_observation():
    targets = load_targets(DATA_DIR / "targets.csv").set_index("id")
    observations = load_observations()
    assert targets.loc["he_tech_share", "value"] == observations.loc["he_share_2011", "value"] == 0.23
    assert targets.loc["he_tech_share", "source"] == observations.loc["he_share_2011", "source"]


def test_a_run_from_a_template_equals_a_fresh_run_bit_for_bit(make_sim, run_small):
    """Calibration reuses one build per seed: a run forked from it, under the template's parameters or
    under changed behavioural ones, must equal a fresh build and run of the same config."""
    template = make_sim(**{"run.end_year": 2014})
    changed = {"run.end_year": 2014, "schooling.tech_constant.hbo": -2.0}
    for overrides in ({"run.end_year": 2014}, changed):
        fresh = run_small(**overrides)
        forked = run_scenario(fresh.sim.config, template=template)
        pd.testing.assert_frame_equal(fresh.series, forked.series, check_exact=True)
        assert fresh.counts == forked.counts
        for column in ("stage", "attainment", "occupation", "affinity"):
            assert (getattr(fresh.sim.people, column) == getattr(forked.sim.people, column)).all()
    assert not template.results.rows  # the template itself is never stepped


def test_moments_within_the_horizon_are_finite(small_settings):
    targets = load_targets(DATA_DIR / "targets.csv")
    moments = simulate_moments({**small_settings, "run.end_year": 2016}, targets)
    fitted = targets[targets["fit"] == "yes"]["id"]
    assert all(math.isfinite(moments[name]) for name in fitted)
    assert math.isnan(moments["share_20_64_2040"])  # beyond 2016


def test_spec_refuses_build_parameters(tmp_path):
    spec = tmp_path / "spec.toml"
    spec.write_text(
        "[settings]\nscale = 0.01\nseeds = [1]\nend_year = 2016\nmax_evaluations = 2\nstep = 0.05\n"
        '[[parameters]]\nkey = "schooling.group_size"\nlower = 10.0\nupper = 30.0\n'
    )
    with pytest.raises(ConfigError, match="reused build"):
        load_spec(spec)


def test_calibration_lowers_the_objective_and_writes_a_config(tmp_path):
    spec = tmp_path / "spec.toml"
    spec.write_text(
        "[settings]\nscale = 0.002\nseeds = [1]\nend_year = 2016\nmax_evaluations = 8\nstep = 0.1\n"
        '[[parameters]]\nkey = "schooling.tech_constant.hbo"\nlower = -4.0\nupper = 0.0\n'
        '[[parameters]]\nkey = "schooling.tech_constant.wo"\nlower = -4.0\nupper = 0.0\n'
    )
    targets = tmp_path / "targets.csv"
    load_targets(DATA_DIR / "targets.csv").query("id in ['hbo_tech_share', 'wo_tech_share']").assign(
        value=lambda t: t["id"].map({"hbo_tech_share": 0.10, "wo_tech_share": 0.45}), years="2013", fit="yes"
    ).to_csv(targets, index=False)
    out = tmp_path / "out"
    summary = calibrate(ROOT / "configs" / "baseline.toml", targets, spec, out)
    assert summary["objective_after"] < summary["objective_before"]
    assert (
        summary["parameters_after"]["schooling.tech_constant.hbo"]
        < summary["parameters_before"]["schooling.tech_constant.hbo"]
    )
    config, _ = load_config(out / "calibrated.toml")
    assert config.schooling.tech_constant.hbo == pytest.approx(
        summary["parameters_after"]["schooling.tech_constant.hbo"], abs=1e-4
    )
    assert {"fit.csv", "fit.png", "evaluations.csv", "calibration.json"} <= {p.name for p in out.iterdir()}


def test_adopt_keeps_comments(tmp_path):
    spec = importlib.util.spec_from_file_location("adopt", ROOT / "scripts" / "adopt_calibration.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    text = "# a comment\n[run]\nseed = 2012\n[schooling.tech_constant]\n# source\nhbo = -2.65\n"
    adopted = module.adopt({"schooling.tech_constant.hbo": -2.5}, text)
    assert "# source\nhbo = -2.5000" in adopted and adopted.startswith("# a comment\n[run]\nseed = 2012\n")


def test_validation_report_is_written(tmp_path):
    command = [sys.executable, "-m", "careers_abm.cli.main", "validate", "--out", str(tmp_path), "--scale", "0.001"]
    result = subprocess.run(command + ["--seeds", "1"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    text = (tmp_path / "validation.md").read_text()
    assert "## Targets used in fitting" in text and "## Figures not used in fitting" in text
    assert "share_20_64_2040" in text and "roa_openings_mbo" in text
    assert (tmp_path / "figures" / "validation_targets.png").exists()


def test_the_shipped_spec_fits_no_expansion_rate_and_stays_within_the_config_bounds():
    spec = load_spec(ROOT / "configs" / "calibration.toml")
    keys = {p.key for p in spec.parameters}
    assert not any(key.startswith("labour_market.expansion_rate.") for key in keys)  # the documented path
    absorbing = {"working_life.leave_tech_level.mbo", "adult_learning.entry_constant", "adult_learning.entry_age_slope"}
    market = {f"labour_market.matching.{name}" for name in ("efficiency", "seeker_elasticity", "withdrawal")}
    assert absorbing | market <= keys
    for parameter in spec.parameters:
        assert parameter.lower < parameter.upper
        for value in (parameter.lower, parameter.upper):
            load_config(None, {parameter.key: value})
