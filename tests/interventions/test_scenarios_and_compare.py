"""Scenario files: every config loads and runs; bad [[interventions]] entries stop with one clear line and
exit code 2. The compare command: its three files, paired differences, and intervals that narrow with
more replications."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from careers_abm.cli.main import main
from careers_abm.core.config import ConfigError
from careers_abm.core.interventions import REGISTRY, parameters
from careers_abm.core.loader import load_config
from careers_abm.scenarios.compare import compare, contrast_table, cost_effectiveness, plan_runs, read_runs, simulate
from careers_abm.scenarios.executor import claimed, run_file, run_pending
from careers_abm.scenarios.statistics import t975

ROOT = Path(__file__).resolve().parents[2]
CONFIGS = sorted((ROOT / "configs" / "interventions").glob("*.toml"))
PROPOSED = "_as_proposed"


def test_one_config_per_intervention_a_variant_where_proposed_and_the_two_packages():
    assert {path.stem for path in CONFIGS if not path.stem.endswith(PROPOSED)} == set(REGISTRY)
    variants = {path.stem.removesuffix(PROPOSED) for path in CONFIGS if path.stem.endswith(PROPOSED)}
    assert variants == {name for name, cls in REGISTRY.items() if cls.AS_PROPOSED}
    for path in CONFIGS:
        config, _ = load_config(path)
        assert [entry["type"] for entry in config.interventions] == [path.stem.removesuffix(PROPOSED)]
    enacted, _ = load_config(ROOT / "configs" / "masterplan_2012.toml")
    assert sorted(entry["type"] for entry in enacted.interventions) == sorted(
        name for name, cls in REGISTRY.items() if cls.enacted()
    )
    proposed, _ = load_config(ROOT / "configs" / "masterplan_2012_as_proposed.toml")
    assert sorted(entry["type"] for entry in proposed.interventions) == sorted(REGISTRY)


def test_registry_lists_parameters_with_defaults_bounds_and_sources():
    for name in REGISTRY:
        rows = {row["name"]: row for row in parameters(name)}
        assert {"start_year", "end_year", "cost_per_unit_eur"} <= set(rows)
        ranged = [row for row in rows.values() if row["range"] is not None]
        assert ranged, f"{name} has no effect parameter with a plausible range"
        for row in ranged:
            assert row["description"] and row["range"][0] <= row["default"] <= row["range"][1]


def _write(tmp_path, body):
    path = tmp_path / "scenario.toml"
    path.write_text(f'extends = "{ROOT / "configs" / "baseline.toml"}"\n\n{body}')
    return path


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ('[[interventions]]\ntype = "gust_lessons"\n', "key 'interventions[0].type' = 'gust_lessons': unknown"),
        ('[[interventions]]\ntype = "guest_lessons"\nefect = 1.0\n', "unknown key 'interventions[0].efect'"),
        ('[[interventions]]\ntype = "werk_naar_werk"\ncoverage = 1.5\n', "key 'interventions[0].coverage' = 1.5"),
        (
            '[[interventions]]\ntype = "werk_naar_werk"\ncoverage = 0.1\nbudget_eur_per_year = 1e6\n',
            "set only one of coverage",
        ),
        ('[[interventions]]\ntype = "study_success"\n[[interventions]]\ntype = "study_success"\n', "appears 2 times"),
    ],
)
def test_a_bad_intervention_entry_is_one_line_naming_file_key_and_value(tmp_path, body, expected, capsys):
    path = _write(tmp_path, body)
    with pytest.raises(ConfigError) as error:
        load_config(path)
    message = str(error.value)
    assert "\n" not in message and str(path) in message and expected in message
    assert main(["compare", str(ROOT / "configs" / "baseline.toml"), str(path), "--out", str(tmp_path)]) == 2
    assert expected in capsys.readouterr().err


def test_a_user_set_coverage_replaces_the_default_budget(tmp_path):
    config, _ = load_config(_write(tmp_path, '[[interventions]]\ntype = "study_success"\ncoverage = 0.3\n'))
    [entry] = config.interventions
    built = REGISTRY["study_success"].model_validate(entry)
    assert built.coverage == 0.3 and built.budget_eur_per_year is None


def test_compare_writes_three_files_and_ranks(tmp_path, capsys):
    policy = _write(tmp_path, '[[interventions]]\ntype = "werk_naar_werk"\nstart_year = 2013\ncoverage = 0.1\n')
    out = tmp_path / "out"
    args = ["compare", str(ROOT / "configs" / "baseline.toml"), str(policy), "--replications", "2"]
    assert main([*args, "--scale", "0.002", "--end", "2013", "--workers", "1", "--out", str(out)]) == 0
    assert {p.name for p in out.iterdir()} >= {"contrast.csv", "cost_effectiveness.csv", "contrast.png"}
    contrast = pd.read_csv(out / "contrast.csv")
    assert {"scenario", "year", "indicator", "baseline_mean", "policy_mean", "difference_mean"} <= set(contrast)
    assert (contrast["difference_low"] <= contrast["difference_high"]).all()
    # the measure's own channel is side-entry applications; whether they are hired is the market's (at
    # scale 0.002 one more applicant need not be one more hire)
    applicants = contrast[contrast["indicator"].str.startswith("tech_applicants_") & (contrast["year"] == 2013)]
    assert applicants["difference_mean"].sum() > 0
    assert "2011-2013: mean [95% interval] over 2 paired replications" in capsys.readouterr().out


def file_identities(out):
    return {path.name: (path.stat().st_ino, path.stat().st_mtime_ns) for path in (out / "runs").glob("*.parquet")}


def test_compare_resumes_recomputing_only_the_missing_run(tmp_path):
    """A compare stopped midway (here: one run file lost) recomputes only that run on the next call,
    and its outputs equal those of the uninterrupted compare."""
    policy = _write(tmp_path, '[[interventions]]\ntype = "werk_naar_werk"\ncoverage = 0.1\n')
    out = tmp_path / "out"
    settings = {"replications": 2, "scale": 0.001, "end_year": 2012, "workers": 1, "progress": False}
    contrast, table, _ = compare(ROOT / "configs" / "baseline.toml", [policy], out, **settings)
    written = {name: (out / name).read_bytes() for name in ("contrast.csv", "cost_effectiveness.csv")}
    before = file_identities(out)
    assert len(before) == 4  # two scenarios x two replications
    lost = sorted(before)[1]
    (out / "runs" / lost).unlink()

    again, again_table, _ = compare(ROOT / "configs" / "baseline.toml", [policy], out, **settings)

    after = file_identities(out)
    assert set(after) == set(before) and after[lost] != before[lost]
    assert {name: after[name] for name in before if name != lost} == {k: v for k, v in before.items() if k != lost}
    pd.testing.assert_frame_equal(again, contrast, check_exact=True)
    pd.testing.assert_frame_equal(again_table, table, check_exact=True)
    assert {name: (out / name).read_bytes() for name in written} == written


def test_intervals_narrow_with_more_replications_and_differences_are_paired(tmp_path):
    measure = [{"type": "werk_naar_werk", "start_year": 2011, "coverage": 0.1}]
    frames = _runs_in_process(measure, range(2012, 2018), tmp_path)
    base, policy = frames["baseline"], {"werk_naar_werk": frames["werk_naar_werk"]}
    few = contrast_table(base[:2], {k: v[:2] for k, v in policy.items()})
    many = contrast_table(base, policy)
    width_few = (few["difference_high"] - few["difference_low"]).to_numpy()
    width_many = (many["difference_high"] - many["difference_low"]).to_numpy()
    moving = width_few > 0
    assert np.median(width_many[moving] / width_few[moving]) < 0.5  # t(1) = 12.7 vs t(5) = 2.57, sd ~ equal
    assert t975(5) == pytest.approx(2.571) and t975(100) == pytest.approx(1.984, abs=1e-3)
    [row] = cost_effectiveness(base, policy).to_dict("records")  # a short run: one period, 2011-2013
    assert row["period"] == "2011-2013" and row["total_cost_eur"] > 0
    assert row["extra_technicians_low"] < row["extra_technicians"] < row["extra_technicians_high"]


def _runs_in_process(measure, seeds, folder):
    """Paired runs through compare's plan and run function on the executor, in this process."""
    path = folder / "policy.toml"
    entries = "\n".join(
        "[[interventions]]\n" + "\n".join(f"{k} = {v!r}".replace("'", '"') for k, v in entry.items())
        for entry in measure
    )
    path.write_text(f'extends = "{ROOT / "configs" / "baseline.toml"}"\n{entries}\n')
    scenarios = {"baseline": ROOT / "configs" / "baseline.toml", "werk_naar_werk": path}
    tasks = plan_runs(scenarios, list(seeds), scale=0.002, end_year=2013)
    with claimed(folder / "out") as out:
        run_pending(out, tasks, simulate, workers=1, progress=False)
    assert all(run_file(out, task.key).exists() for task in tasks)
    return read_runs(out, tasks)
