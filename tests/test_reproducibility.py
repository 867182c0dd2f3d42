"""Same seed, same bits: in one process, across processes, and for any number of Numba threads."""

import os
import subprocess
import sys

import pandas as pd


def test_same_seed_identical_different_seed_not(run_small, small_run):
    again = run_small()
    pd.testing.assert_frame_equal(small_run.series(), again.series, check_exact=True)
    other = run_small(**{"run.seed": 7})
    assert not small_run.series().equals(other.series)


def run_cli(out, threads):
    env = {**os.environ, "NUMBA_NUM_THREADS": str(threads)}
    command = [sys.executable, "-m", "careers_abm.cli.main", "run", "configs/baseline.toml", "--out", str(out)]
    command += ["--scale", "0.002", "--end", "2018"]
    subprocess.run(command, check=True, env=env, capture_output=True)
    return (out / "series.csv").read_bytes()


def test_thread_count_does_not_change_a_bit(tmp_path):
    one = run_cli(tmp_path / "one", 1)
    two = run_cli(tmp_path / "two", 2)
    assert one == two
