"""Ship a posterior sample: copy a `careers-abm posterior` folder's sample and provenance into the
package (src/careers_abm/data/posterior.parquet and posterior.json) and its diagnostics into
docs/calibration.md. The baseline keeps its fitted values: the least-squares point is the posterior's
mode (MAP) under the uniform prior, and the diagnostics report the median beside it.

Usage: python scripts/adopt_posterior.py DIR
Then regenerate the validation report (careers-abm validate), whose history band draws from the sample.
"""

import argparse
import json
import shutil
import sys
from pathlib import Path

from careers_abm.scenarios.files import complete

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "src" / "careers_abm" / "data"

if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="output folder of careers-abm posterior")
    args = parser.parse_args()
    if not complete(args.folder):
        sys.exit(f"{args.folder}: not a finished posterior folder (no valid manifest.json)")
    record = json.loads((args.folder / "posterior.json").read_text())
    shutil.copyfile(args.folder / "posterior.parquet", DATA / "posterior.parquet")
    shutil.copyfile(args.folder / "posterior.json", DATA / "posterior.json")
    shutil.copyfile(args.folder / "diagnostics.md", ROOT / "docs" / "calibration.md")
    print(
        f"shipped the posterior of {args.folder}: {record['draws']} rows, R-hat {record['rhat_max']}, "
        f"emulator coverage {record['emulator_coverage_90']:.0%}"
    )
