"""Kill tests: `run`, `compare` and `sweep` killed with SIGKILL at random points (fixed seeds of the kill
point) leave the previous complete folder or the new complete one, never a mix, and no orphan process;
a compare or sweep rerun after the kill equals the uninterrupted one. The kill points are drawn from
seeded generators, so every run of the suite kills at the same points; nothing asserts on timing."""

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd

from careers_abm.cli.main import main
from careers_abm.scenarios import files
from careers_abm.scenarios.compare import compare
from careers_abm.scenarios.executor import done_keys
from careers_abm.scenarios.experiment import load_experiment
from careers_abm.scenarios.sweep import run_sweep

ROOT = Path(__file__).resolve().parents[1]
BASELINE = ROOT / "configs" / "baseline.toml"
KILL_SEEDS = (1, 2)
EXPERIMENT = """
name = "kill"
scenarios = ["{baseline}"]
replications = 2
outputs = ["tech_workers"]
[run]
scale = 0.001
end_year = 2012
[design]
kind = "grid"
levels = 2
[[uncertainties]]
key = "schooling.tech_slopes.signal"
range = [0.0, 3.0]
"""


def command(*args) -> list[str]:
    return [sys.executable, "-m", "careers_abm.cli.main", *map(str, args)]


def start(args: list[str]) -> subprocess.Popen:
    def default_signals() -> None:  # a shell without job control starts jobs with SIGINT ignored
        signal.signal(signal.SIGINT, signal.SIG_DFL)

    return subprocess.Popen(
        args, cwd=ROOT, env=os.environ, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        preexec_fn=default_signals,
    )  # fmt: skip


def descendants(pid: int) -> set[int]:
    """Every living process below `pid` (Linux /proc)."""
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if fields[0] != "Z":
            parents[int(stat.parent.name)] = int(fields[1])
    found, frontier = set(), {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def alive(pids: set[int]) -> set[int]:
    living = set()
    for pid in pids:
        try:
            if Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z":
                living.add(pid)
        except OSError:
            pass
    return living


def kill_parent(process: subprocess.Popen, wait_for, rng: random.Random) -> set[int]:
    """Wait until `wait_for()` holds (or the process ends), then a random fraction of a second more, and
    SIGKILL the parent only (its workers must end by themselves); the workers it had."""
    deadline = time.monotonic() + 120
    while not wait_for() and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    time.sleep(rng.uniform(0.0, 0.6))
    workers = descendants(process.pid)
    process.kill()
    process.wait()
    return workers


def assert_no_orphans(workers: set[int]) -> None:
    deadline = time.monotonic() + 30  # a worker checks for its parent every second
    while alive(workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not alive(workers), f"orphaned workers {alive(workers)}"


def assert_whole(out: Path, seeds: set[int]) -> None:
    """OUT is one complete run's folder (of one of `seeds`): every file the manifest lists, with its
    content, and nothing else."""
    assert files.complete(out)
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["seed"] in seeds
    assert sorted(path.name for path in out.iterdir()) == sorted([*manifest["files"], "manifest.json"])


def test_a_killed_run_leaves_the_previous_or_the_new_folder(tmp_path):
    out = tmp_path / "out"
    tiny = ["--scale", "0.001", "--end", "2013", "--out", out]
    started = time.monotonic()
    assert subprocess.run(command("run", BASELINE, "--seed", "1", *tiny), cwd=ROOT, env=os.environ).returncode == 0
    duration = time.monotonic() - started
    seeds = {1}
    for kill_seed in KILL_SEEDS:
        rng = random.Random(kill_seed)
        seed = 1 + kill_seed
        process = start(command("run", BASELINE, "--seed", seed, *tiny))
        kill_at = time.monotonic() + rng.uniform(0.3, 1.1) * duration  # before, during or after its writes
        kill_parent(process, lambda at=kill_at: time.monotonic() >= at, rng)
        seeds.add(seed)
        assert_whole(out, seeds)
    assert main(["run", str(BASELINE), "--seed", "9", *map(str, tiny)]) == 0  # the next start, in this process
    assert_whole(out, {9})
    assert sorted(path.name for path in tmp_path.iterdir()) == [".out.lock", "out"]  # leftovers cleaned


def _policy(folder: Path) -> Path:
    path = folder / "policy.toml"
    path.write_text(f'extends = "{BASELINE}"\n[[interventions]]\ntype = "werk_naar_werk"\ncoverage = 0.1\n')
    return path


def test_a_killed_compare_leaves_no_orphan_and_resumes_to_the_uninterrupted_outputs(tmp_path):
    policy = _policy(tmp_path)
    settings = {"replications": 2, "scale": 0.001, "end_year": 2012, "progress": False}
    reference, reference_table, _ = compare(BASELINE, [policy], tmp_path / "reference", workers=1, **settings)
    out = tmp_path / "out"
    args = command("compare", BASELINE, policy, "--replications", 2, "--scale", 0.001, "--end", 2012,
                   "--workers", 2, "--out", out)  # fmt: skip
    for kill_seed in KILL_SEEDS:
        rng = random.Random(kill_seed)
        finished = rng.randrange(0, 3)
        process = start(args)
        workers = kill_parent(process, lambda n=finished: len(done_keys(out)) >= n, rng)
        assert_no_orphans(workers)
        assert not (out / "manifest.json").exists() or files.complete(out)  # never a mix sealed as complete
    contrast, table, _ = compare(BASELINE, [policy], out, workers=1, **settings)
    assert files.complete(out)
    pd.testing.assert_frame_equal(contrast, reference, check_exact=True)
    pd.testing.assert_frame_equal(table, reference_table, check_exact=True)


def test_ctrl_c_on_compare_is_a_message_and_keeps_the_finished_runs(tmp_path):
    policy = _policy(tmp_path)
    out = tmp_path / "out"
    process = start(command("compare", BASELINE, policy, "--replications", 2, "--scale", 0.001, "--end", 2012,
                            "--workers", 1, "--out", out))  # fmt: skip
    deadline = time.monotonic() + 120
    while not done_keys(out) and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    process.send_signal(signal.SIGINT)
    stderr = process.communicate(timeout=120)[1]
    assert process.returncode in (0, 130), stderr
    assert "Traceback" not in stderr and (process.returncode == 0 or "rerun the same command to resume" in stderr)
    assert done_keys(out)


def test_a_killed_sweep_leaves_no_orphan_and_resumes_to_the_uninterrupted_dataset(tmp_path):
    experiment = tmp_path / "kill.toml"
    experiment.write_text(EXPERIMENT.format(baseline=BASELINE))
    reference = run_sweep(load_experiment(experiment), tmp_path / "reference", workers=1, progress=False)
    out = tmp_path / "out"
    for kill_seed in KILL_SEEDS:
        rng = random.Random(kill_seed)
        finished = rng.randrange(0, reference.planned)
        process = start(command("sweep", experiment, "--out", out, "--workers", 2))
        workers = kill_parent(process, lambda n=finished: len(done_keys(out)) >= n, rng)
        assert_no_orphans(workers)
        for path in (out / "runs").glob("*.parquet"):
            pd.read_parquet(path)  # every run file is whole
    summary = run_sweep(load_experiment(experiment), out, workers=1, progress=False)
    assert summary.failed == 0 and summary.already_done + summary.finished == reference.planned

    def dataset(folder: Path) -> pd.DataFrame:
        return pd.read_parquet(folder / "runs").sort_values(["run_key", "year"]).reset_index(drop=True)

    pd.testing.assert_frame_equal(dataset(out), dataset(tmp_path / "reference"))
