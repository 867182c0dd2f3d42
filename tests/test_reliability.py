"""The defects a hostile but fair user found, held fixed: every bad input is one line and exit code 2
before anything is computed, a run's folder is replaced as one unit under a lock, and the API refuses
conflicting or out-of-range arguments and never names an outcome for years the run did not cover."""

import fcntl
import json
import subprocess
import sys
from pathlib import Path

import pytest

import careers_abm
from careers_abm import CareersModel
from careers_abm.cli.main import main
from careers_abm.core.config import ConfigError
from careers_abm.core.loader import load_config
from careers_abm.fitting.calibration import load_spec
from careers_abm.scenarios import files
from careers_abm.scenarios.experiment import load_experiment

ROOT = Path(__file__).resolve().parents[1]
BASELINE = ROOT / "configs" / "baseline.toml"
TINY = ["--scale", "0.001", "--end", "2012"]


@pytest.fixture
def cli(capsys):
    """`careers-abm ARGS` in this process (the kernels compile once per session): exit code and stderr."""

    def call(*args) -> tuple[int, str]:
        capsys.readouterr()
        try:
            code = main([str(arg) for arg in args])
        except SystemExit as stop:  # argparse's own exit
            code = stop.code
        return code, capsys.readouterr().err

    return call


def assert_refused(result: tuple[int, str], *phrases: str) -> None:
    code, stderr = result
    assert code == 2, stderr
    assert len(stderr.strip().splitlines()) == 1, stderr
    assert "Traceback" not in stderr and all(phrase in stderr for phrase in phrases), stderr


def scenario(folder: Path, text: str, name: str = "scenario.toml") -> Path:
    path = folder / name
    path.write_text(f'extends = "{BASELINE}"\n{text}')
    return path


# 4. The config loader: one line, never a traceback.


def test_unreadable_configs_are_one_line(tmp_path):
    undecodable = tmp_path / "latin1.toml"
    undecodable.write_bytes(b'extends = "baseline.toml"\n# caf\xe9\n')
    with pytest.raises(ConfigError, match="not UTF-8"):
        load_config(undecodable)
    with pytest.raises(ConfigError, match="is a folder"):
        load_config(tmp_path)
    listed = scenario(tmp_path, '[[interventions]]\ntype = ["guest_lessons"]\n')
    with pytest.raises(ConfigError, match=r"interventions\[0\]\.type.*unknown intervention"):
        load_config(listed)


def test_an_extends_chain_of_1200_files_loads(tmp_path):
    scenario(tmp_path, "[schooling.tech_slopes]\nfemale = -1.25\n", "link1199.toml")
    for index in range(1199):
        (tmp_path / f"link{index}.toml").write_text(f'extends = "link{index + 1}.toml"\n')
    config, _ = load_config(tmp_path / "link0.toml")
    assert config.schooling.tech_slopes.female == -1.25


def test_the_cli_gives_one_line_for_a_folder_and_a_bad_encoding(cli, tmp_path):
    assert_refused(cli("run", tmp_path, "--out", tmp_path / "out"), "is a folder")
    undecodable = tmp_path / "latin1.toml"
    undecodable.write_bytes(b"\xff\xfe")
    assert_refused(cli("run", undecodable, "--out", tmp_path / "out"), "not UTF-8")
    assert not (tmp_path / "out").exists()


# 5. Values that crashed or produced nonsense.


@pytest.mark.parametrize("value", ["inf", "1e13", "nan", "-1.0"])
def test_foreign_students_are_bounded(tmp_path, value):
    path = scenario(tmp_path, f"[series.intl_entrants_hbo]\n2015 = {value}\n")
    with pytest.raises(ConfigError, match=r"series\.intl_entrants_hbo"):
        load_config(path)


def test_a_run_of_no_persons_is_refused_with_a_scale_that_works():
    with pytest.raises(ConfigError, match=r"simulates 0 persons.*at least 6\.0e-05"):
        load_config(None, {"run.scale": 1e-9})
    load_config(None, {"run.scale": 6.1e-5})  # the scale it suggests is accepted


def test_a_run_larger_than_the_machine_is_refused_with_a_scale_that_works(monkeypatch):
    monkeypatch.setattr("careers_abm.core.sizing.machine_memory_bytes", lambda: 2**30)
    with pytest.raises(ConfigError, match=r"more than this machine's 1\.0 GiB: use a scale of at most"):
        load_config(None, {"run.scale": 1.0})


def test_bad_counts_on_the_command_line_are_one_line(cli, tmp_path):
    assert_refused(cli("run", BASELINE, "--panel", "-5", "--out", tmp_path / "out"), "--panel", "out of range")
    assert_refused(cli("compare", BASELINE, BASELINE, "--replications", "0", "--out", tmp_path), "--replications")
    assert not (tmp_path / "out").exists()


def test_api_arguments_that_conflict_or_are_out_of_range_are_config_errors():
    with pytest.raises(ConfigError, match="give the seed once"):
        careers_abm.run(rng=1, seed=2, scale=0.001, end_year=2012)
    with pytest.raises(ConfigError, match="rng = -5"):
        careers_abm.run(rng=-5, scale=0.001, end_year=2012)
    with pytest.raises(ConfigError, match="rng = -5"):
        CareersModel(rng=-5)
    with pytest.raises(ConfigError, match="disagree"):
        CareersModel(rng=1, seed=2)


def test_api_outcomes_are_named_for_the_years_the_run_covers():
    outcomes = careers_abm.run(rng=1, scale=0.001, end_year=2012)
    assert "tech_shortage_total_2011_2012" in outcomes and "tech_shortage_total_2011_2030" not in outcomes
    assert not any(name.endswith("_2030") for name in outcomes)  # 2030 is not simulated: left out
    assert outcomes == careers_abm.run(rng=1, seed=1, scale=0.001, end_year=2012)


# 3. A bad --out fails before any computation.


def test_a_bad_output_folder_fails_before_computing(cli, tmp_path):
    a_file = tmp_path / "a_file"
    a_file.write_text("not a folder")
    assert_refused(cli("run", BASELINE, *TINY, "--out", a_file), "is not a folder")
    assert_refused(cli("run", BASELINE, *TINY, "--out", a_file / "sub"), "is a file")
    assert_refused(cli("compare", BASELINE, BASELINE, *TINY, "--out", "/proc/careers_abm"), "cannot write")
    with pytest.raises(files.OutputError, match="MiB free"):
        files.check_output(tmp_path / "out", 2**62)
    assert a_file.read_text() == "not a folder"


# 1. A run's folder is written as one unit.


def test_a_rerun_replaces_the_whole_folder_and_cleans_a_killed_writers_leftovers(cli, tmp_path):
    out = tmp_path / "out"
    assert cli("run", BASELINE, *TINY, "--seed", "1", "--panel", "5", "--out", out)[0] == 0
    assert (out / "panel.parquet").exists() and files.complete(out)
    (tmp_path / ".out.tmp-killed").mkdir()  # what a writer killed mid-run leaves beside the folder
    (tmp_path / ".out.tmp-killed" / ".report.png.x.tmp").write_bytes(b"")

    assert cli("run", BASELINE, *TINY, "--seed", "2", "--out", out)[0] == 0

    assert not (out / "panel.parquet").exists()  # no earlier run's file survives
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["seed"] == 2 and files.complete(out)
    assert sorted(path.name for path in out.iterdir()) == sorted([*manifest["files"], "manifest.json"])
    assert sorted(path.name for path in tmp_path.iterdir()) == [".out.lock", "out"]


def test_a_second_writer_stops_with_one_line_and_a_foreign_folder_is_never_replaced(cli, tmp_path):
    out = tmp_path / "out"
    with files.folder_lock(out):
        assert_refused(cli("run", BASELINE, *TINY, "--out", out), "another careers-abm process")
    out.mkdir()
    (out / "thesis.tex").write_text("years of work")
    assert_refused(cli("run", BASELINE, *TINY, "--out", out), "not an output folder")
    assert (out / "thesis.tex").read_text() == "years of work"


def test_a_failed_block_leaves_the_folder_as_it_was_on_either_rename_path(tmp_path, monkeypatch):
    out = tmp_path / "out"
    for exchange in (True, False):
        if not exchange:  # the two-rename path of systems without renameat2
            monkeypatch.setattr(files, "_exchange", lambda staging, target: False)
        with files.atomic_folder(out) as staging:
            (staging / "value.txt").write_text(f"complete {exchange}")
        with pytest.raises(RuntimeError), files.atomic_folder(out) as staging:
            (staging / "value.txt").write_text("half")
            raise RuntimeError("killed midway")
        assert (out / "value.txt").read_text() == f"complete {exchange}"
        assert sorted(path.name for path in tmp_path.iterdir()) == [".out.lock", "out"]


def test_a_folder_moved_aside_by_a_killed_writer_is_put_back(tmp_path):
    """Without renameat2 a kill between the two renames leaves OUT aside; the next writer restores it."""
    aside = tmp_path / ".out.old-12345"
    aside.mkdir()
    (aside / "value.txt").write_text("previous")
    with pytest.raises(RuntimeError), files.atomic_folder(tmp_path / "out"):
        raise RuntimeError("stop before replacing")
    assert (tmp_path / "out" / "value.txt").read_text() == "previous" and not aside.exists()


def test_the_lock_is_released_when_its_holder_dies(tmp_path):
    holder = subprocess.Popen(
        [sys.executable, "-c", f"import fcntl,time; h=open({str(tmp_path / '.out.lock')!r},'w'); "
         "fcntl.flock(h, fcntl.LOCK_EX); print('held', flush=True); time.sleep(60)"],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert holder.stdout.readline().strip() == "held"
    with pytest.raises(files.OutputError):
        with files.folder_lock(tmp_path / "out"):
            pass
    holder.kill()
    holder.wait()
    with files.folder_lock(tmp_path / "out"), open(tmp_path / ".out.lock") as handle:
        with pytest.raises(BlockingIOError):
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)


@pytest.mark.parametrize("kind", ["experiment", "calibration"])
def test_experiment_and_calibration_files_that_are_folders_or_not_utf8_are_one_line(tmp_path, kind):
    load = load_experiment if kind == "experiment" else load_spec
    with pytest.raises(ConfigError, match="is a folder"):
        load(tmp_path)
    bad = tmp_path / "latin1.toml"
    bad.write_bytes("name = 'B\xe8ta'\n".encode("latin-1"))
    with pytest.raises(ConfigError, match="not UTF-8"):
        load(bad)
