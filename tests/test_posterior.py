"""The posterior method (fitting/posterior.py, emulator.py, posterior_run.py) on problems with a known
answer, its reproducibility by seed, and the command on the model at a tiny scale (sealed, resumable)."""

import json

import numpy as np
import pandas as pd

from careers_abm.cli.fitting_commands import DEFAULT_TARGETS
from careers_abm.cli.main import main
from careers_abm.fitting.emulator import Emulator, coverage
from careers_abm.fitting.posterior import (
    Box,
    Region,
    autocorrelation_time,
    ensemble_sampler,
    latin_hypercube,
    region_around,
    split_rhat,
)
from careers_abm.fitting.posterior_run import Problem, Settings, _calibrate, replicate_noise
from careers_abm.scenarios import files


def test_the_latin_hypercube_puts_one_point_in_each_stratum_and_a_seed_reproduces_it():
    region = Region(np.array([0.1, 0.5, 0.0]), np.array([0.3, 1.0, 0.2]))
    points = latin_hypercube(region, 20, seed=4, wave=1)
    assert region.contains(points).all()
    strata = np.floor(region.scaled(points) * 20).astype(int)
    assert all(sorted(strata[:, j]) == list(range(20)) for j in range(3))
    assert np.array_equal(points, latin_hypercube(region, 20, seed=4, wave=1))
    assert not np.array_equal(points, latin_hypercube(region, 20, seed=4, wave=2))


def test_the_ensemble_sampler_recovers_a_correlated_gaussian_inside_the_region_and_a_seed_reproduces_it():
    mean, cov = np.array([0.45, 0.55]), np.array([[0.004, 0.003], [0.003, 0.009]])
    precision = np.linalg.inv(cov)
    region = Region(np.zeros(2), np.ones(2))

    def density(x):
        offset = x - mean
        return -0.5 * np.einsum("ij,jk,ik->i", offset, precision, offset)

    start = mean + 0.01 * np.arange(32).reshape(16, 2) / 32
    chain = ensemble_sampler(density, region, start, 3000, seed=2)
    assert region.contains(chain.positions.reshape(-1, 2)).all()
    kept = chain.positions[1500:].reshape(-1, 2)
    assert np.all(np.abs(kept.mean(axis=0) - mean) < 0.25 * np.sqrt(np.diag(cov)))
    assert np.allclose(np.cov(kept, rowvar=False), cov, rtol=0.25, atol=0.0005)
    assert 0.2 < chain.acceptance < 0.9
    assert max(split_rhat(chain.positions[1500:, :, j]) for j in range(2)) < 1.05
    assert autocorrelation_time(chain.positions[1500:, :, 0]) < 100
    again = ensemble_sampler(density, region, start, 50, seed=2)
    assert np.array_equal(again.positions, chain.positions[:50])
    assert not np.array_equal(ensemble_sampler(density, region, start, 50, seed=3).positions, again.positions)


def test_the_ensemble_sampler_keeps_the_uniform_prior_where_the_data_say_nothing():
    # a flat density on the region: the logit chain with its Jacobian must return the uniform
    region = Region(np.array([0.2, 0.0]), np.array([0.6, 1.0]))
    start = np.column_stack([np.linspace(0.3, 0.5, 16), np.linspace(0.2, 0.8, 16)])
    chain = ensemble_sampler(lambda x: np.zeros(len(x)), region, start, 4000, seed=1)
    kept = chain.positions[1000:].reshape(-1, 2)
    assert np.allclose(kept.mean(axis=0), [0.4, 0.5], atol=0.02)
    assert np.allclose(kept.std(axis=0), np.array([0.4, 1.0]) / np.sqrt(12), rtol=0.08)


def smooth(x):
    """Two smooth moments of three inputs in [0, 1]."""
    return np.column_stack([np.sin(3 * x[:, 0]) + x[:, 1], 2.0 * x[:, 2] ** 2 - x[:, 0] * x[:, 1]])


def test_the_emulators_cover_held_out_runs_of_a_smooth_function():
    region = Region(np.zeros(3), np.ones(3))
    train, test = latin_hypercube(region, 60, 1, 1), latin_hypercube(region, 40, 1, 2)
    emulator = Emulator.fit(train, smooth(train), ["a", "b"])
    covered, errors = coverage(emulator, test, smooth(test))
    assert np.all(covered >= 0.75), covered
    assert np.nanmean(np.abs(errors)) < 2.0
    mean, _ = emulator.predict(test)
    assert np.max(np.abs(mean - smooth(test))) < 0.1


def test_the_replicate_noise_is_the_variance_of_a_seed_mean_and_floors_the_nugget():
    rng = np.random.default_rng(7)
    x = latin_hypercube(Region(np.zeros(3), np.ones(3)), 400, 1, 1)
    seeds = smooth(x)[:, :, None] + 0.2 * rng.standard_normal((400, 2, 2))  # rows x targets x 2 seeds
    records = [{"seed_moments": [{"a": r[0, s], "b": r[1, s]} for s in range(2)]} for r in seeds]
    noise = replicate_noise(records, ["a", "b"])
    assert np.allclose(noise, 0.2**2 / 2, rtol=0.25)  # var(seed) / seeds; the estimate's sd is 7% at 400 rows
    assert replicate_noise([{"seed_moments": [{"a": 1.0, "b": 2.0}]}], ["a", "b"]) is None
    emulator = Emulator.fit(x[:80], seeds[:80].mean(axis=2), ["a", "b"], noise)
    for member, target in zip(emulator.members, noise):
        assert member.nugget * member.spread**2 >= target * (1 - 1e-9)


def test_the_calibration_recovers_a_known_linear_gaussian_posterior():
    # moments A u, observed y, tolerance sigma: the posterior of u is N(m, (A'A/sigma^2)^-1), well inside the region
    a = np.array([[1.0, 0.5], [0.0, 1.0], [1.0, -1.0]])
    truth = np.array([0.45, 0.55])
    sigma = np.full(3, 0.05)
    problem = Problem(Box(np.zeros(2), np.ones(2)), region_around(np.full(2, 0.5), 0.3), a @ truth, sigma)
    settings = Settings(draws=400, design=30, refocus=20, waves=1, steps=1500, wave_steps=300, checks=2)
    result = _calibrate(problem, np.full(2, 0.5), settings, seed=3, simulate=lambda u: u @ a.T, ids=["x", "y", "z"])
    sd = np.sqrt(np.diag(np.linalg.inv(a.T @ a / sigma[0] ** 2)))
    assert np.all(np.abs(result["sample"].mean(axis=0) - truth) < 0.3 * sd)
    assert np.allclose(result["sample"].std(axis=0), sd, rtol=0.3)
    assert np.nanmean(result["coverage"]) > 0.6
    assert np.allclose(result["check_moments"], result["check_mean"], atol=0.01)


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
            "--draws", "10", "--design", "6", "--refocus", "5", "--waves", "1", "--steps", "40",
            "--wave-steps", "20", "--checks", "1", "--seed", "5", "--out", str(out)]  # fmt: skip
    assert main(argv) == 0
    assert files.complete(out)
    record = json.loads((out / "posterior.json").read_text())
    assert record["simulated_now"] == record["evaluations"] <= 1 + 6 + 5 + 1 + 1
    sample = pd.read_parquet(out / "posterior.parquet")
    assert list(sample.columns) == ["schooling.tech_constant.hbo", "labour_entry.tech_job_slopes.tech_field"]
    assert len(sample) == 10 and "## Strongest correlations" in (out / "diagnostics.md").read_text()
    capsys.readouterr()
    assert main(argv) == 0
    assert f"0 of {record['evaluations']} evaluations simulated now" in capsys.readouterr().out
    assert pd.read_parquet(out / "posterior.parquet").equals(sample)
