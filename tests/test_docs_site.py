"""The documentation site builds with `mkdocs build --strict` (a broken link, a missing page or a failing
tutorial cell fails it), and its three tutorials are executed in the build: their pages hold the outputs
that only running them gives."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_the_site_builds_strictly_with_the_tutorials_executed(tmp_path):
    site = tmp_path / "site"
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=ROOT, capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    pages = {name: (site / "tutorials" / name / "index.html").read_text() for name in
             ("01-first-run", "02-policy-contrast", "03-sweep-sensitivity")}  # fmt: skip
    assert "tech_inflow_share_he" in pages["01-first-run"] and "data:image/png" in pages["01-first-run"]
    assert "EUR per extra technician" in pages["02-policy-contrast"]  # ranking_text's output
    assert "8 runs finished, 0 failed" in pages["03-sweep-sensitivity"]
    reference = (site / "reference" / "scenarios" / "index.html").read_text()
    assert "run_scenario" in reference and "common random numbers" in reference
    for page in ("ODD", "validation", "interventions", "experiments", "performance", "architecture"):
        assert (site / page / "index.html").exists()
