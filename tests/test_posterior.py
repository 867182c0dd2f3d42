"""The posterior method (fitting/posterior.py) on a problem with a known answer, its evaluation cache
(resuming recomputes nothing), its reproducibility by seed, and the command on the model at a tiny scale."""

import dataclasses
import json

import numpy as np
import pandas as pd

from careers_abm.cli.fitting_commands import DEFAULT_TARGETS
from careers_abm.cli.main import main
from careers_abm.fitting.posterior import Box, proposal_draws, sample_posterior
from careers_abm.fitting.posterior_report import parameter_table
from careers_abm.fitting.posterior_run import EvaluationCache
from careers_abm.scenarios import files

# A linear-Gaussian toy: residuals (A x - y) / sigma, a posterior N(mean, (A'A/sigma^2)^-1) well inside the box.
A = np.array([[1.0, 0.5, 0.0], [0.0, 1.0, 0.3], [0.2, 0.0, 1.0], [1.0, 1.0, 1.0]])
Y = np.array([0.4, -0.2, 0.1, 0.35])
SIGMA = 0.05
BOX = Box(np.full(3, -2.0), np.full(3, 2.0))


def toy(x):
    return {"residuals": ((A @ x - Y) / SIGMA).tolist()}


def analytic_mean():
    return np.linalg.solve(A.T @ A, A.T @ Y)


def test_the_weighted_sample_recovers_a_known_posterior_mean_and_spread():
    result = sample_posterior(lambda x: np.asarray(toy(x)["residuals"]), BOX, np.zeros(3), 400, seed=3, step=0.01)
    mean = result.weights @ result.draws
    sd = np.sqrt(np.diag(np.linalg.inv(A.T @ A / SIGMA**2)))
    assert np.all(np.abs(mean - analytic_mean()) < 0.25 * sd), (mean, analytic_mean(), sd)
    assert result.ess > 100  # a linear problem: the Laplace proposal is nearly the posterior itself
    assert np.all(np.abs(result.draws[result.sample].mean(axis=0) - analytic_mean()) < 0.5 * sd)


def test_proposal_draws_stay_in_the_bounds_and_more_draws_keep_the_first_rows():
    box = Box(np.zeros(2), np.ones(2))
    wide = np.diag([40.0, 40.0])  # in the parameters' own units most draws would fall outside
    few, more = proposal_draws(np.full(2, 3.0), wide, 5, 1), proposal_draws(np.full(2, 3.0), wide, 9, 1)
    assert box.contains(box.from_z(more)).all()
    assert np.array_equal(few, more[:5])
    assert np.allclose(box.from_z(box.to_z(np.array([0.3, 0.9]))), [0.3, 0.9])


def test_a_resumed_sample_recomputes_nothing_and_a_seed_reproduces_it(tmp_path):
    draws, evaluations = 12, 3 + 2 + 12  # start, Jacobian (3), Gauss-Newton step, draws

    def run(seed):
        cache = EvaluationCache(tmp_path / "evaluations", {"problem": "toy"}, toy)
        return sample_posterior(cache, BOX, np.zeros(3), draws, seed, 0.01), cache

    first, cache = run(7)
    assert cache.computed == evaluations
    assert len(list((tmp_path / "evaluations").glob("*.json"))) == evaluations
    again, cache = run(7)
    assert cache.computed == 0
    assert np.array_equal(first.draws, again.draws) and np.array_equal(first.sample, again.sample)
    other, cache = run(8)
    assert cache.computed == draws  # the start, Jacobian and step are shared; the new seed draws anew
    assert not np.array_equal(first.draws, other.draws)


SPEC = """
[settings]
scale = 0.002
seeds = [1]
end_year = 2016
max_evaluations = 10
step = 0.05

[[parameters]]
key = "schooling.tech_constant.hbo"
lower = -4.0
upper = 2.0

[[parameters]]
key = "labour_entry.tech_job_slopes.tech_field"
lower = 1.5
upper = 4.0
"""


def test_the_posterior_command_writes_a_sealed_sample_and_resumes_without_simulating(tmp_path, capsys):
    spec = tmp_path / "spec.toml"
    spec.write_text(SPEC)
    out = tmp_path / "posterior"
    argv = ["posterior", "configs/baseline.toml", "--spec", str(spec), "--targets", str(DEFAULT_TARGETS),
            "--draws", "3", "--seed", "5", "--out", str(out)]  # fmt: skip
    assert main(argv) == 0
    assert files.complete(out)
    record = json.loads((out / "posterior.json").read_text())
    assert record["evaluations"] == record["simulated_now"] == 2 + 2 + 3
    sample = pd.read_parquet(out / "posterior.parquet")
    assert list(sample.columns) == ["draw", "schooling.tech_constant.hbo", "labour_entry.tech_job_slopes.tech_field"]
    assert len(sample) == 3 and "## Strongest correlations" in (out / "diagnostics.md").read_text()
    capsys.readouterr()
    assert main(argv) == 0
    assert "0 of 7 evaluations simulated now" in capsys.readouterr().out
    assert pd.read_parquet(out / "posterior.parquet").equals(sample)


def test_with_too_few_effective_draws_identification_is_read_off_the_laplace_step():
    result = sample_posterior(lambda x: np.asarray(toy(x)["residuals"]), BOX, np.zeros(3), 40, seed=3, step=0.01)
    collapsed = dataclasses.replace(result, weights=np.eye(len(result.weights))[0])  # all weight on one draw
    table = parameter_table(collapsed, ["a", "b", "c"], BOX)
    assert collapsed.ess == 1.0 and (table["sd_ratio"] == 0).all()
    assert table["identified"].tolist() == [
        "identified" if r < 0.5 else "weakly" if r < 0.8 else "not identified" for r in table["laplace_sd_ratio"]
    ]
