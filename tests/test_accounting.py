"""Stocks equal flows every year: nobody appears or vanishes unaccounted."""

import numpy as np

from careers_abm.core.codes import LEVEL_OF_ATTAINMENT, Occupation, Stage, Upgrade

S = Stage
ALLOWED = {
    S.CHILD: {S.CHILD, S.PRIMARY},
    S.PRIMARY: {S.PRIMARY, S.VMBO, S.HAVO, S.VWO},
    S.VMBO: {S.VMBO, S.MBO, S.HAVO, S.LABOUR},  # vmbo-gt graduates stack into havo 4
    S.HAVO: {S.HAVO, S.HBO, S.MBO, S.VMBO, S.LABOUR},  # stepping down a track (afstroom)
    S.VWO: {S.VWO, S.HAVO, S.WO, S.HBO, S.LABOUR},
    S.MBO: {S.MBO, S.HBO, S.LABOUR},
    S.HBO: {S.HBO, S.WO, S.LABOUR},
    S.WO: {S.WO, S.LABOUR},
    S.LABOUR: {S.LABOUR, S.RETIRED, S.HBO, S.WO},  # later entry into higher education (schooling.re_entry)
    S.RETIRED: {S.RETIRED},
    S.DEAD: set(),
    S.EMIGRATED: set(),
}


def tech_stock(people):
    tech = (people.stage == Stage.LABOUR) & (people.occupation == Occupation.TECH)
    return np.bincount(np.asarray(LEVEL_OF_ATTAINMENT)[people.attainment[tech]], minlength=4)


def test_every_year_balances(make_sim):
    sim = make_sim(**{"run.end_year": 2019})
    people = sim.people
    upgrades_in_tech_jobs = 0
    while not sim.done:
        n_before = people.n
        stage_before = people.stage.copy()
        alive_before = int((stage_before < Stage.DEAD).sum())
        tech_before = tech_stock(people)
        year = sim.year
        sim.step()
        k = sim.results.counts[year]
        alive = int((people.stage < Stage.DEAD).sum())
        assert alive == k["population"]
        assert alive == alive_before + k["births"] + k["immigrants"] - k["deaths"] - k["emigrants"]
        assert people.n - n_before == k["births"] + k["immigrants"]
        assert int((people.stage[:n_before] == Stage.DEAD).sum() - (stage_before == Stage.DEAD).sum()) == k["deaths"]
        for before, allowed in ALLOWED.items():
            after = set(np.unique(people.stage[:n_before][stage_before == before]).tolist())
            possible = allowed | {S.DEAD, S.EMIGRATED} if allowed else {before}
            assert after <= {int(s) for s in possible}, (year, before, after)
        levels = ("vmbo", "mbo", "hbo", "wo")
        flows = np.array([k[f"tech_labour_inflow_{lv}"] - k[f"tech_outflow_{lv}"] for lv in levels])
        assert np.array_equal(tech_stock(people), tech_before + flows), year
        assert np.array_equal(tech_stock(people), [k[f"tech_workers_{lv}"] for lv in levels])
        in_labour = people.stage == Stage.LABOUR
        assert not np.any(people.occupation[in_labour] == Occupation.NONE)
        upgrades_in_tech_jobs += int(np.count_nonzero(people.ev_upgraded & Upgrade.FROM_TECH_JOB))
    assert upgrades_in_tech_jobs > 0  # adult learners moving between levels were part of the balance


def test_series_identity_is_exact(small_run):
    series = small_run.series()
    expected = series["population"].shift(1) + series["births"] + series["immigrants"]
    expected -= series["deaths"] + series["emigrants"]
    assert (series["population"].iloc[1:] == expected.iloc[1:]).all()
    first = small_run.initial_row["population"] + series.loc[0, ["births", "immigrants"]].sum()
    assert series.loc[0, "population"] == first - series.loc[0, ["deaths", "emigrants"]].sum()
