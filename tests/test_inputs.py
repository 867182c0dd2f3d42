"""The yearly input series reach the simulation: totals met to the simulated person, a scenario's
replaced year changes that year only, and a bad series key stops with one line."""

import numpy as np
import pytest

from careers_abm.core import tables
from careers_abm.core.codes import Occupation, Stage
from careers_abm.core.config import ConfigError
from careers_abm.core.loader import load_config
from careers_abm.core.population import years_of_study_shares
from careers_abm.core.series import SOURCES

SCALE = 0.002
ONE_PERSON = 1 / SCALE  # a national count moves in steps of one simulated person


def test_demographic_totals_meet_the_series_every_year(small_run):
    series = small_run.series().set_index("year")
    cbs = tables.read("population_series").set_index("year").loc[series.index]
    for column, observed in (("births", "births"), ("deaths", "deaths"), ("immigrants", "immigration"),
                             ("emigrants", "emigration")):  # fmt: skip
        # rounding the running total to whole persons: each year within one person, the sum within one
        assert np.all(np.abs(series[column] - cbs[observed]) <= ONE_PERSON), column
        assert abs(series[column].sum() - cbs[observed].sum()) <= ONE_PERSON, column


def test_foreign_first_years_follow_their_series(small_run):
    series = small_run.series().set_index("year")
    observed = tables.read("international_students").set_index("year").loc[series.index]
    for level in ("hbo", "wo"):
        assert np.all(np.abs(series[f"intl_entrants_{level}"] - observed[f"intl_intake_{level}"]) <= ONE_PERSON)


def test_doubling_immigration_in_one_year_doubles_that_year_only(run_small):
    observed = float(tables.read("population_series").set_index("year").loc[2015, "immigration"])
    base = run_small(**{"run.end_year": 2017}).series.set_index("year")
    doubled = run_small(**{"run.end_year": 2017, "series.immigration": {"2015": 2 * observed}}).series.set_index("year")
    assert doubled.loc[2015, "immigrants"] - base.loc[2015, "immigrants"] == pytest.approx(observed, abs=ONE_PERSON)
    assert doubled.loc[2015, "immigrants"] == pytest.approx(2 * base.loc[2015, "immigrants"], abs=2 * ONE_PERSON)
    other = [2011, 2012, 2013, 2014, 2016, 2017]
    assert np.all(np.abs(doubled.loc[other, "immigrants"] - base.loc[other, "immigrants"]) <= ONE_PERSON)
    assert doubled.loc[2014, "population"] == base.loc[2014, "population"]  # nothing changes before the year
    gained = doubled.loc[2017, "population"] - base.loc[2017, "population"]
    assert gained == pytest.approx(observed, abs=2 * ONE_PERSON)  # other flows are inputs too


def test_every_series_can_be_replaced_and_is_validated():
    for name in SOURCES:
        config, _ = load_config(None, {f"series.{name}": {"2030": 1000}})
        assert getattr(config.series, name) == {"2030": 1000.0}
    for bad, message in (
        ({"series.immigration": {"15": 1000}}, "key 'series.immigration'"),
        ({"series.immigration": {"2015": -1}}, "persons must be from 0"),
        ({"series.immigration": {"2015": "many"}}, "key 'series.immigration.2015'"),
        ({"series.migration": {"2015": 1}}, "unknown key 'series.migration'"),
    ):
        with pytest.raises(ConfigError, match=message) as error:
            load_config(None, bad)
        assert "\n" not in str(error.value)


def test_the_2011_build_meets_the_published_education_and_job_counts(make_sim):
    """The untrained in technical jobs meet CBS's published count and the hbo/wo students DUO's 1 Oct
    2011 totals. At scale 0.002 a cell of ~850 students has a binomial spread of about 3.5%, so 10%
    (three spreads); at scale 0.01 both are met within 1%."""
    sim = make_sim()
    people, scale = sim.people, sim.scale
    n = people.n
    working = people.stage[:n] == Stage.LABOUR
    untrained = working & (people.occupation[:n] == Occupation.TECH) & (people.attain_tech[:n] == 0)
    assert untrained.sum() / scale == pytest.approx(tables.untrained_in_tech_jobs(), rel=0.05)
    for level, stage in (("hbo", Stage.HBO), ("wo", Stage.WO)):
        students = (people.stage[:n] == stage).sum() / scale
        assert students == pytest.approx(tables.enrolled_2011(level), rel=0.10)


def test_the_2011_students_follow_the_steady_state_years_of_study(make_sim):
    """The build gives mbo, hbo and wo students by age only; their years done follow the steady-state
    shares (population.years_of_study_shares), the youngest in the earliest years."""
    sim = make_sim()
    people, n = sim.people, sim.people.n
    for level in ("mbo", "hbo", "wo"):
        students = people.stage[:n] == Stage[level.upper()]
        years = people.study_years[:n][students]
        shares = years_of_study_shares(sim.config, level)
        counts = np.bincount(years, minlength=len(shares))
        assert len(counts) == len(shares)
        assert counts / counts.sum() == pytest.approx(shares, abs=0.01)
        age = 2010 - people.birth_year[:n][students].astype(int)
        assert age[years == 0].mean() < age[years == len(shares) - 1].mean()
