"""Regenerate docs/validation_labour_market.md: the market's vacancies, tension and unemployment of the
technically educated per level and year beside UWV, ROA and CBS (validation only, never fitted).

Run `python scripts/write_market_validation.py [config.toml]` (scale 0.01, seeds 11, 12, 13).
"""

import sys
from pathlib import Path

from careers_abm.fitting.market_validation import write_market_validation

NOTE = Path(__file__).resolve().parents[1] / "docs" / "validation_labour_market.md"

if __name__ == "__main__":
    write_market_validation(NOTE, sys.argv[1] if len(sys.argv) > 1 else None)
    print(f"wrote {NOTE}")
