"""Strict configs: a bad file stops with one clear line naming the file, the key, the value and the rule."""

import subprocess
import sys

import pytest

from careers_abm.core.config import ConfigError
from careers_abm.core.loader import PACKAGED_BASELINE, load_config


def write(tmp_path, text, name="scenario.toml"):
    path = tmp_path / name
    path.write_text(text)
    return path


def test_baseline_loads_and_configs_copy_is_the_packaged_one():
    config, resolved = load_config("configs/baseline.toml")
    assert config.run.start_year == 2011 and config.run.end_year == 2040
    assert resolved == load_config(PACKAGED_BASELINE)[1]


def test_scenario_extends_and_overrides(tmp_path):
    path = write(tmp_path, 'extends = "baseline.toml"\n[schooling.tech_slopes]\nfemale = -1.0\n')
    config, _ = load_config(path)
    assert config.schooling.tech_slopes.female == -1.0
    assert config.schooling.tech_slopes.affinity == 1.2  # inherited


def test_misspelt_key_names_key_file_and_allowed_keys(tmp_path):
    path = write(tmp_path, 'extends = "baseline.toml"\n[schooling.tech_slopes]\nafinity = 1.0\n')
    with pytest.raises(ConfigError) as error:
        load_config(path)
    message = str(error.value)
    assert str(path) in message and "schooling.tech_slopes.afinity" in message and "affinity" in message
    assert "\n" not in message


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[run]\nscale = 2.0\n", "'run.scale' = 2.0"),
        ('[run]\nscale = "big"\n', "'run.scale' = 'big'"),
        ("[study.dropout]\nmbo = -0.1\n", "'study.dropout.mbo' = -0.1"),
        ("[run]\nend_year = 2005\n", "'run.end_year' = 2005"),
    ],
)
def test_bad_values_are_named(tmp_path, text, expected):
    path = write(tmp_path, 'extends = "baseline.toml"\n' + text)
    with pytest.raises(ConfigError, match=expected.replace("(", r"\(").replace(".", r"\.")) as error:
        load_config(path)
    assert str(path) in str(error.value)


def test_missing_file_and_bad_toml(tmp_path):
    with pytest.raises(ConfigError, match="no such config file"):
        load_config(tmp_path / "absent.toml")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_config(write(tmp_path, "[run\n"))
    with pytest.raises(ConfigError, match="missing key"):
        load_config(write(tmp_path, "[run]\nscale = 0.1\n"))


def test_cycle_is_reported(tmp_path):
    write(tmp_path, 'extends = "b.toml"\n', "a.toml")
    write(tmp_path, 'extends = "a.toml"\n', "b.toml")
    with pytest.raises(ConfigError, match="cycle"):
        load_config(tmp_path / "a.toml")


def test_cli_exits_2_with_one_line(tmp_path):
    path = write(tmp_path, 'extends = "baseline.toml"\n[schooling.tech_slopes]\nafinity = 1.0\n')
    result = subprocess.run(
        [sys.executable, "-m", "careers_abm.cli.main", "run", str(path), "--out", str(tmp_path / "out")],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert "schooling.tech_slopes.afinity" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


def test_the_parameter_record_fits_numbas_parallel_regions():
    """Every kernel receives the flat record; Numba passes it into a parallel region only up to the
    tuple size that the core raises on import."""
    import os

    from careers_abm.core import PARAMETER_RECORD_LIMIT
    from careers_abm.core.params import Params

    assert len(Params._fields) <= PARAMETER_RECORD_LIMIT
    assert int(os.environ["NUMBA_PARFOR_MAX_TUPLE_SIZE"]) >= PARAMETER_RECORD_LIMIT
