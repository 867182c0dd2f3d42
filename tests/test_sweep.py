"""The sweep runner: a sweep stopped by Ctrl-C and then killed resumes to exactly the uninterrupted
dataset without rerunning a finished run; a failing run is recorded and the others go on; the Dask
engine gives the same dataset."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from careers_abm.core.loader import load_config
from careers_abm.scenarios import sweep
from careers_abm.scenarios.analysis import analyze
from careers_abm.scenarios.executor import done_keys
from careers_abm.scenarios.experiment import load_experiment
from careers_abm.scenarios.sweep import RunTask, run_sweep, simulate
from careers_abm.scenarios.uncertainty import with_prior_draws

ROOT = Path(__file__).resolve().parents[1]

TINY = """
name = "tiny"
scenarios = ["{baseline}"]
replications = 2
outputs = ["tech_workers", "tech_wage_premium"]
[run]
scale = 0.001
end_year = 2013
[design]
kind = "sobol"
samples = 1
[[uncertainties]]
key = "schooling.tech_slopes.signal"
range = [0.0, 3.0]
[[uncertainties]]
key = "labour_market.premium.lag"
range = [0, 4]
[[outcomes]]
name = "tech_workers_2013"
columns = ["tech_workers"]
years = [2013, 2013]
statistic = "final"
"""
RUNS = 8  # Saltelli: 1 * (2 + 2) points x 2 replications


@pytest.fixture(scope="module")
def tiny_experiment(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("experiment") / "tiny.toml"
    path.write_text(TINY.format(baseline=ROOT / "configs" / "baseline.toml"))
    return path


@pytest.fixture(scope="module")
def reference(tiny_experiment, tmp_path_factory) -> Path:
    """The tiny experiment swept once, uninterrupted, on two local workers."""
    out = tmp_path_factory.mktemp("reference")
    summary = run_sweep(load_experiment(tiny_experiment), out, workers=2, progress=False)
    assert (summary.planned, summary.finished, summary.failed) == (RUNS, RUNS, 0)
    return out


def dataset(out: Path) -> pd.DataFrame:
    frame = pd.read_parquet(out / "runs")
    return frame.sort_values(["run_key", "year"]).reset_index(drop=True)


def file_identities(out: Path) -> dict[str, tuple[int, int]]:
    return {path.name: (path.stat().st_ino, path.stat().st_mtime_ns) for path in (out / "runs").glob("*.parquet")}


def _default_sigint() -> None:
    # A shell without job control starts background jobs with SIGINT ignored; Ctrl-C must reach the sweep.
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def interrupt_after(command: list[str], out: Path, finished_runs: int, sent: signal.Signals) -> int:
    """Start a sweep, wait until `finished_runs` runs are done, send `sent` to it and its worker; its exit code."""
    sweep = subprocess.Popen(
        command,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
        preexec_fn=_default_sigint,
    )
    deadline = time.monotonic() + 600  # a loaded machine may compile the kernels first
    while len(done_keys(out)) < finished_runs and sweep.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    assert sweep.poll() is None, f"the sweep ended before {finished_runs} runs were done"
    assert len(done_keys(out)) >= finished_runs, f"{finished_runs} runs not done in 600 s"
    os.killpg(sweep.pid, sent)
    return sweep.wait(timeout=120)


def test_interrupted_sweep_resumes_to_the_uninterrupted_dataset(tiny_experiment, reference, tmp_path):
    out = tmp_path / "out"
    command = [
        sys.executable,
        "-m",
        "careers_abm.cli.main",
        "sweep",
        str(tiny_experiment),
        "--out",
        str(out),
        "--workers",
        "1",
    ]
    assert interrupt_after(command, out, 2, signal.SIGINT) == 130  # Ctrl-C
    after_ctrl_c = len(done_keys(out))
    interrupt_after(command, out, after_ctrl_c + 1, signal.SIGKILL)  # a crash or `kill -9`, worker included
    before = file_identities(out)
    assert 2 <= after_ctrl_c < len(before) < RUNS, "both sweeps must stop midway"

    summary = run_sweep(load_experiment(tiny_experiment), out, workers=1, progress=False)

    assert summary.already_done == len(before) and summary.finished == RUNS - len(before)
    after = file_identities(out)
    assert {name: after[name] for name in before} == before  # finished runs were neither rerun nor rewritten
    assert not list((out / "runs").glob(".*"))  # no half-written file is left
    pd.testing.assert_frame_equal(dataset(out), dataset(reference))
    again = run_sweep(load_experiment(tiny_experiment), out, workers=1, progress=False)
    assert (again.already_done, again.finished) == (RUNS, 0)


def fail_for_long_lags(task: RunTask) -> pd.DataFrame:
    """A run function that raises for some design points (imported by name in the workers)."""
    if task.labels["labour_market.premium.lag"] >= 2:
        raise RuntimeError("simulated failure for a long lag")
    return simulate(task)


def test_a_failing_run_is_recorded_and_the_others_finish(tiny_experiment, reference, tmp_path):
    summary = run_sweep(
        load_experiment(tiny_experiment), tmp_path, workers=2, execute=fail_for_long_lags, progress=False
    )
    plan = pd.read_parquet(tmp_path / "plan.parquet")
    failing = set(plan.loc[plan["labour_market.premium.lag"] >= 2, "run_key"])
    assert 0 < len(failing) < RUNS
    assert set(summary.failed_keys) == failing
    assert {path.stem for path in (tmp_path / "errors").glob("*.json")} == failing
    assert "simulated failure for a long lag" in (tmp_path / "errors" / f"{min(failing)}.json").read_text()
    assert done_keys(tmp_path) == set(plan["run_key"]) - failing

    retried = run_sweep(load_experiment(tiny_experiment), tmp_path, workers=1, progress=False)
    assert (retried.already_done, retried.finished, retried.failed) == (RUNS - len(failing), len(failing), 0)
    assert not list((tmp_path / "errors").glob("*.json"))
    pd.testing.assert_frame_equal(dataset(tmp_path), dataset(reference))


def test_dask_engine_on_a_local_cluster_gives_the_same_dataset(tiny_experiment, reference, tmp_path):
    from distributed import LocalCluster

    with LocalCluster(processes=False, n_workers=1, threads_per_worker=1, dashboard_address=None) as cluster:
        summary = run_sweep(load_experiment(tiny_experiment), tmp_path, scheduler=cluster.scheduler_address,
                            progress=False)  # fmt: skip
    assert (summary.finished, summary.failed) == (RUNS, 0)
    pd.testing.assert_frame_equal(dataset(tmp_path), dataset(reference))


def test_analyze_writes_bands_and_sobol_indices(reference):
    written = {path.name for path in analyze(reference)}
    assert written == {"bands.csv", "bands.png", "outcomes.csv", "sobol.csv", "sobol.png"}
    bands = pd.read_csv(reference / "analysis" / "bands.csv")
    assert (bands["q05"] <= bands["mean"] + 1e-9).all() and (bands["mean"] <= bands["q95"] + 1e-9).all()
    assert set(bands["replications"]) == {2}
    sobol = pd.read_csv(reference / "analysis" / "sobol.csv")
    assert set(sobol["parameter"]) == {"schooling.tech_slopes.signal", "labour_market.premium.lag"}
    assert {"S1", "S1_conf", "ST", "ST_conf"} <= set(sobol.columns)
    assert (reference / "analysis" / "bands.png").stat().st_size > 5_000


def test_a_bad_experiment_exits_with_code_2(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "careers_abm.cli.main", "sweep", str(tmp_path / "missing.toml"), "--out", str(tmp_path)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2 and "no such experiment file" in result.stderr


def test_run_keys_change_with_the_model(monkeypatch):
    before = sweep.run_key("baseline", {"run": {}}, {}, 1, 0)
    monkeypatch.setattr(sweep, "model_digest", lambda: "another model")
    assert sweep.run_key("baseline", {"run": {}}, {}, 1, 0) != before


PRIORS = """
name = "priors"
scenarios = ["{root}/configs/masterplan_2012.toml", "{root}/configs/interventions/guest_lessons.toml"]
replications = 2
outputs = ["tech_workers"]
uncertainty = "{mode}"
[run]
scale = 0.001
end_year = 2013
"""


def _plan(tmp_path, mode: str, seed: int = 2012) -> list[RunTask]:
    path = tmp_path / f"{mode}_{seed}.toml"
    path.write_text(PRIORS.format(root=ROOT, mode=mode))
    return sweep.plan_runs(load_experiment(path, {"seed": seed}))


def _guest_lessons(task: RunTask) -> dict:
    return next(entry for entry in task.scenario_config["interventions"] if entry["type"] == "guest_lessons")


def test_sweep_with_priors_draws_like_compare_shared_across_scenarios(tmp_path):
    tasks = _plan(tmp_path, "priors")
    by = {(task.labels["scenario"], task.labels["replication"]): task for task in tasks}
    for replication in (0, 1):
        package, alone = by[("masterplan_2012", replication)], by[("guest_lessons", replication)]
        assert _guest_lessons(package) == _guest_lessons(alone)  # common random numbers for the draws
        _, resolved = load_config(ROOT / "configs" / "interventions" / "guest_lessons.toml")
        assert _guest_lessons(alone) == with_prior_draws(resolved, 2012, replication)["interventions"][0]
    assert _guest_lessons(by[("guest_lessons", 0)]) != _guest_lessons(by[("guest_lessons", 1)])
    assert [task.key for task in _plan(tmp_path, "priors")] == [task.key for task in tasks]  # reproducible
    assert _guest_lessons(_plan(tmp_path, "priors", seed=7)[2]) != _guest_lessons(by[("guest_lessons", 0)])
    monte_carlo = _plan(tmp_path, "none")
    assert not {task.key for task in monte_carlo} & {task.key for task in tasks}
    assert "persistence" not in _guest_lessons(monte_carlo[2])
