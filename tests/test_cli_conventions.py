"""The command line's conventions: --version, -q / -v through logging, the config's JSON Schema, the
long tidy series beside the wide one, and the report a run writes."""

from __future__ import annotations

import json
import logging

import pandas as pd
import pytest

from careers_abm.cli.main import main
from careers_abm.core.loader import load_config
from careers_abm.core.results import CONTRACT_COLUMNS
from careers_abm.scenarios.tidy import split_column


def test_version_prints_the_package_version(capsys):
    with pytest.raises(SystemExit) as stop:
        main(["--version"])
    assert stop.value.code == 0
    assert capsys.readouterr().out.startswith("careers-abm 0.")


def test_schema_is_the_config_models_json_schema_and_accepts_the_baseline(capsys):
    assert main(["schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    _, baseline = load_config()
    assert set(baseline) <= set(schema["properties"])  # every section of the baseline is described
    assert schema["additionalProperties"] is False  # a misspelt section is flagged by an editor too
    assert "scale" in schema["$defs"][schema["properties"]["run"]["$ref"].rsplit("/", 1)[1]]["properties"]


def test_every_contract_column_splits_into_a_distinct_indicator_level_and_sex():
    parts = [split_column(name) for name in CONTRACT_COLUMNS if name != "year"]
    assert len(set(parts)) == len(parts)
    assert split_column("tech_inflow_share_he_female") == ("tech_inflow_share", "he", "female")
    assert split_column("tech_workers_mbo") == ("tech_workers", "mbo", "all")
    assert split_column("unemployment_rate") == ("unemployment_rate", "all", "all")


@pytest.fixture(scope="module")
def run_folder(tmp_path_factory):
    out = tmp_path_factory.mktemp("run")
    assert main(["run", "configs/baseline.toml", "--scale", "0.001", "--end", "2016", "--out", str(out), "-v"]) == 0
    return out


def test_run_writes_a_long_tidy_series_that_pivots_back_to_the_wide_one(run_folder):
    wide = pd.read_parquet(run_folder / "series.parquet")
    long = pd.read_parquet(run_folder / "series_long.parquet")
    assert list(long.columns) == ["year", "indicator", "level", "sex", "value"]
    assert len(long) == len(wide) * (len(wide.columns) - 1)
    shares = long[(long["indicator"] == "tech_inflow_share") & (long["level"] == "he") & (long["sex"] == "female")]
    assert shares["value"].tolist() == wide["tech_inflow_share_he_female"].tolist()


def test_run_writes_a_self_contained_report(run_folder):
    text = (run_folder / "report.html").read_text()
    assert text.count("<svg") == 1 and "Validation headline" in text and "ROA 2011-2016" in text
    assert "<script" not in text and 'src="http' not in text and "<link" not in text


def test_quiet_sets_warnings_and_verbose_debug_before_or_after_the_command(capsys):
    logger = logging.getLogger("careers_abm")
    for flags, level in ((["-q"], logging.WARNING), ([], logging.INFO), (["-v"], logging.DEBUG)):
        main([*flags, "schema"])
        assert logger.level == level
    main(["schema", "-q"])
    assert logger.level == logging.WARNING
    capsys.readouterr()


def test_report_on_a_folder_that_is_no_study_is_one_line_and_exit_2(tmp_path, capsys):
    assert main(["report", str(tmp_path)]) == 2
    error = capsys.readouterr().err.strip()
    assert len(error.splitlines()) == 1 and "not a run, compare or sweep folder" in error
