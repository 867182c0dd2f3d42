"""Write fitted values from a calibration's calibrated.toml into the packaged baseline, keeping its comments.

Usage: python scripts/adopt_calibration.py calibration/calibrated.toml
Then regenerate the regression baseline (scripts/update_baseline.py) and the validation report
(careers-abm validate), and explain the change in the commit message.
"""

import re
import sys
import tomllib
from pathlib import Path

from careers_abm.core.config import flatten

BASELINE = Path(__file__).resolve().parents[1] / "src" / "careers_abm" / "defaults" / "baseline.toml"
MARK = "# calibrated: careers-abm calibrate"


def adopt(fitted: dict, text: str) -> str:
    section, lines, found = "", [], set()
    for line in text.splitlines():
        header = re.match(r"^\[([\w.]+)\]\s*$", line)
        if header:
            section = header.group(1)
        assignment = re.match(r"^(\w+) = ", line)
        key = f"{section}.{assignment.group(1)}" if assignment else None
        if key in fitted:
            value = fitted[key]
            line = f"{assignment.group(1)} = {value:.4f}  {MARK}" if isinstance(value, float) else line
            found.add(key)
        lines.append(line)
    missing = set(fitted) - found
    if missing:
        raise SystemExit(f"not in the baseline: {', '.join(sorted(missing))}")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    with open(sys.argv[1], "rb") as handle:
        fitted = tomllib.load(handle)
    fitted.pop("extends", None)
    values = flatten(fitted)
    BASELINE.write_text(adopt(values, BASELINE.read_text()))
    print(f"adopted {len(values)} values into {BASELINE}")
