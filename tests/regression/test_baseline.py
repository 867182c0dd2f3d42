"""Every change in results is seen: the baseline run must reproduce the stored series exactly.

After a deliberate change, regenerate with `python scripts/update_baseline.py` and explain the diff.
"""

import importlib.util
from pathlib import Path

import pandas as pd

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "update_baseline.py"


def test_baseline_series_unchanged(tmp_path):
    spec = importlib.util.spec_from_file_location("update_baseline", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    fresh = tmp_path / "fresh.csv"
    module.regression_series().to_csv(fresh, index=False, float_format="%.10g")
    stored = pd.read_csv(module.BASELINE)
    now = pd.read_csv(fresh)
    assert list(now.columns) == list(stored.columns)
    pd.testing.assert_frame_equal(now, stored, check_exact=True)
