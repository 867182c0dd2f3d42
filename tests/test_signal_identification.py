"""The labour-market signal in study choice (schooling.tech_slopes.signal) cannot be identified by the
fitted years: the run starts in 2011 with the premium at its initial value and choosers read it with the
information lag (labour_market.premium.lag), so every study choice to 2013 sees the initial value whatever
the slope. The 2009-2014 crisis reaches choosers only from 2014 on (docs/history_note.md, mechanisms)."""

import pandas as pd

from careers_abm.scenarios.run import run_scenario


def shares(slope: float) -> pd.DataFrame:
    series = run_scenario(
        "configs/baseline.toml", overrides={"schooling.tech_slopes.signal": slope}, seed=3, scale=0.002, end_year=2017
    ).series.set_index("year")
    return series[[c for c in series.columns if c.startswith("tech_inflow_share")]]


def test_study_choices_to_2013_are_the_same_at_any_signal_slope_and_differ_after():
    flat, steep = shares(0.0), shares(3.0)
    pd.testing.assert_frame_equal(flat.loc[2011:2013], steep.loc[2011:2013])
    assert not flat.loc[2014:2017].equals(steep.loc[2014:2017])
