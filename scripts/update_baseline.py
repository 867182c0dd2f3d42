"""Regenerate tests/regression/baseline_series.csv after a deliberate change in results.

Run `python scripts/update_baseline.py`, look at the diff of the CSV, and explain the change in the
commit message: the regression test fails on any change that was not meant.
"""

from pathlib import Path

from careers_abm.scenarios.run import run_scenario

REGRESSION_RUN = {"run.scale": 0.002, "run.end_year": 2025}
BASELINE = Path(__file__).resolve().parents[1] / "tests" / "regression" / "baseline_series.csv"


def regression_series():
    return run_scenario(REGRESSION_RUN).series


if __name__ == "__main__":
    regression_series().to_csv(BASELINE, index=False, float_format="%.10g")
    print(f"wrote {BASELINE}")
