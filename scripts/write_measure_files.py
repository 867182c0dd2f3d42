"""Rewrite configs/interventions/*.toml and configs/masterplan_2012.toml from the measures' declarations.

Run `python scripts/write_measure_files.py` after adding a measure or changing a default; the test
tests/interventions/test_measure_files.py fails while the shipped files are stale.
"""

from pathlib import Path

from careers_abm.scenarios.measure_files import measure_files

CONFIGS = Path(__file__).resolve().parents[1] / "configs"

if __name__ == "__main__":
    for relative, text in measure_files().items():
        (CONFIGS / relative).write_text(text)
        print(f"wrote configs/{relative}")
