"""The technical labour market: vacancy stock-flow identities hold exactly, hires never exceed vacancies
or applicants, and demand and the business cycle move the market in the right direction."""

import re
from pathlib import Path

import numpy as np

from careers_abm.core import tables
from careers_abm.core.codes import LEVEL_NAMES
from careers_abm.core.results import CONTRACT_COLUMNS
from careers_abm.fitting.market_validation import write_market_validation

EXPANSION = {"vmbo": 0.0, "mbo": 0.008, "hbo": 0.02, "wo": 0.025}  # the baseline path (baseline.toml)


def _totals(series, columns, years=(2011, 2020)):
    window = series[(series["year"] >= years[0]) & (series["year"] <= years[1])]
    return {column: window[[f"{column}_{level}" for level in LEVEL_NAMES]].to_numpy().sum() for column in columns}


def test_vacancies_balance_exactly_every_year_and_hires_are_bounded(small_run):
    scale = small_run.scale
    rows = small_run.results.rows
    carried = {level: 0 for level in LEVEL_NAMES}
    for row in rows:
        k = small_run.results.counts[row["year"]]
        for level in LEVEL_NAMES:
            count = {name: round(row[f"{name}_{level}"] * scale) for name in (
                "tech_job_openings", "tech_vacancies_carried_in", "tech_hires", "tech_vacancies_withdrawn",
                "tech_vacancies", "tech_shortage")}  # fmt: skip
            assert count["tech_vacancies_carried_in"] == carried[level]
            opened = count["tech_vacancies_carried_in"] + count["tech_job_openings"]
            assert opened == count["tech_hires"] + count["tech_vacancies_withdrawn"] + count["tech_vacancies"]
            assert count["tech_shortage"] == opened - count["tech_hires"]
            assert 0 <= k[f"tech_hires_{level}"] <= opened
            matched = k[f"tech_hires_{level}"] - k[f"tech_direct_hires_{level}"]
            assert 0 <= matched <= k[f"tech_applicants_{level}"]
            carried[level] = count["tech_vacancies"]
    assert sum(carried.values()) > 0  # vacancies did stay open


def test_more_expansion_demand_gives_more_vacancies_hires_tension_and_premium(small_run, run_small):
    shocked = run_small(**{f"labour_market.expansion_rate.{lv}": 1.1 * rate for lv, rate in EXPANSION.items()})
    base, more = small_run.series(), shocked.series
    before = _totals(base, ("tech_job_openings", "tech_hires", "tech_vacancies"))
    after = _totals(more, ("tech_job_openings", "tech_hires", "tech_vacancies"))
    assert all(after[name] > before[name] for name in before), (before, after)
    assert more["tech_tension"].sum() > base["tech_tension"].sum()
    assert more["tech_wage_premium"].iloc[-1] > base["tech_wage_premium"].iloc[-1]


def _path_gaps(series, offset=0.0):
    """Simulated minus the path's unemployment rate (points), per simulated year."""
    path = tables.read("unemployment_series").set_index("year")["unemployment_rate"]
    frame = series.set_index("year")
    return 100 * frame["unemployment_rate"] - (path.loc[frame.index] + offset)


def test_the_unemployment_rate_meets_the_observed_path(small_run):
    # At scale 0.002 about 1,000 persons are unemployed: the binomial spread of the year's re-employed
    # is about 0.1 point of the rate; 0.4 is four of those.
    gaps = _path_gaps(small_run.series())
    assert gaps.abs().max() < 0.4, gaps


def test_a_higher_unemployment_path_lowers_job_finding(small_run, run_small):
    slack = run_small(**{"labour_market.cycle.offset": 2.0}).series
    base = small_run.series()
    assert (slack["unemployment_rate"] > base["unemployment_rate"]).all()
    assert _path_gaps(slack, offset=2.0).abs().max() < 0.4
    assert slack["entrant_employment_share"].mean() < base["entrant_employment_share"].mean()
    # matching: each applicant's chance of a technical job (more applicants chase fewer vacancies)
    finding = {name: _totals(run, ("tech_hires",))["tech_hires"] / _totals(run, ("tech_applicants",))["tech_applicants"]
               for name, run in (("slack", slack), ("base", base))}  # fmt: skip
    assert finding["slack"] < finding["base"], finding


def test_the_market_validation_note_is_written_from_runs(tmp_path):
    note = tmp_path / "note.md"
    found = write_market_validation(note, scale=0.001, seeds=(1,))
    national = found["National (published figures beside the simulation)"]
    assert list(national.index) == list(range(2011, 2024))
    assert national["unemployment % (CBS)"].loc[2014] == 7.4  # the record, beside the simulation
    assert "| 2023 |" in note.read_text() and "Validation only" in note.read_text()


def test_the_output_contract_table_in_the_odd_names_every_column_and_only_columns():
    text = (Path(__file__).resolve().parents[1] / "docs" / "ODD.md").read_text()
    table = text.split("### Output contract", 1)[1].split("\n## ", 1)[0]
    documented = set()
    for row in table.splitlines():
        if not row.startswith("| `"):
            continue
        names = re.findall(r"`([^`]+)`", row.split(" | ")[0])
        for name in (name.replace("…", names[0]) for name in names):  # `…_male`: the row's first name
            documented |= {name.replace("{level}", level) for level in LEVEL_NAMES}
    assert documented == set(CONTRACT_COLUMNS)
