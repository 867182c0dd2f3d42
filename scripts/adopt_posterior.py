"""Ship a posterior sample: copy a `careers-abm posterior` folder's sample and provenance into the
package (src/careers_abm/data/posterior.parquet and posterior.json) and its diagnostics into
docs/calibration.md; with --baseline median|map also write that point into the packaged baseline,
each value marked as such (keeping the file's comments).

Usage: python scripts/adopt_posterior.py DIR [--baseline median|map]
Set the baseline's point only if the fit holds the headline checks (tests/statistical/test_headline_checks.py);
then regenerate the regression baseline (scripts/update_baseline.py) and the validation report
(careers-abm validate), and explain the change in the commit message.
"""

import argparse
import json
import shutil
import sys
from pathlib import Path

from adopt_calibration import BASELINE, adopt

from careers_abm.scenarios.files import complete

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "src" / "careers_abm" / "data"

if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="output folder of careers-abm posterior")
    parser.add_argument("--baseline", choices=("median", "map"), help="also set the baseline to this point")
    args = parser.parse_args()
    if not complete(args.folder):
        sys.exit(f"{args.folder}: not a finished posterior folder (no valid manifest.json)")
    record = json.loads((args.folder / "posterior.json").read_text())
    shutil.copyfile(args.folder / "posterior.parquet", DATA / "posterior.parquet")
    shutil.copyfile(args.folder / "posterior.json", DATA / "posterior.json")
    shutil.copyfile(args.folder / "diagnostics.md", ROOT / "docs" / "calibration.md")
    print(f"shipped the posterior of {args.folder} (ESS {record['ess']}, {record['draws']} draws)")
    if args.baseline:
        mark = f"# posterior {args.baseline} ({record['date']}): careers-abm posterior, docs/calibration.md"
        BASELINE.write_text(adopt(record[args.baseline], BASELINE.read_text(), mark))
        print(f"set {len(record[args.baseline])} values of {BASELINE} to the posterior {args.baseline}")
