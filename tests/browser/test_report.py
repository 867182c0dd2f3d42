"""report.html in a real headless browser, opened from a compare folder and from a sweep folder as a
colleague would open an attachment: every request stays on the local file (no network, nothing failed)
and every figure draws (an inline SVG with a size and marks in it). Screenshots go to artifacts/.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlparse

import pytest

from careers_abm.report.study import write_report
from careers_abm.scenarios.compare import compare
from careers_abm.scenarios.experiment import load_experiment
from careers_abm.scenarios.sweep import run_sweep

ROOT = Path(__file__).resolve().parents[2]
LOCAL_SCHEMES = {"file", "data", "about"}
# To 2015: at scale 0.001 one person stands for 1,000, and a measure starting in 2013 can leave the
# technical workforce of 2013 unchanged, which leaves the report without its contrast figure.
TINY_SWEEP = """
name = "tiny_report"
scenarios = ["{configs}/baseline.toml", "{configs}/interventions/centres_of_expertise.toml"]
replications = 1
outputs = ["tech_workers", "tech_inflow_share_he"]
[run]
scale = 0.001
end_year = 2015
[design]
kind = "sobol"
samples = 1
[[uncertainties]]
key = "schooling.tech_slopes.signal"
range = [0.0, 3.0]
[[uncertainties]]
key = "labour_entry.tech_job_slopes.tech_field"
range = [1.5, 3.5]
[[outcomes]]
name = "tech_workers_2015"
columns = ["tech_workers"]
years = [2015, 2015]
statistic = "final"
[analysis]
baseline = "baseline"
bands = ["tech_workers"]
"""


@pytest.fixture(scope="module")
def compare_report(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("compare")
    policy = ROOT / "configs" / "interventions" / "centres_of_expertise.toml"
    settings = {"replications": 2, "scale": 0.001, "end_year": 2016, "workers": 1, "progress": False}
    compare(ROOT / "configs" / "baseline.toml", [policy], out, **settings)
    return write_report(out)


@pytest.fixture(scope="module")
def sweep_report(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("sweep")
    experiment = folder / "tiny.toml"
    experiment.write_text(TINY_SWEEP.format(configs=ROOT / "configs"))
    run_sweep(load_experiment(experiment), folder / "out", workers=1, progress=False)
    return write_report(folder / "out")


def _open_offline(browser, report: Path, artifacts: Path, name: str) -> dict:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    requests, failed = [], []
    page.on("request", lambda request: requests.append(request.url))
    page.on("requestfailed", lambda request: failed.append(request.url))
    page.goto(report.as_uri())
    page.wait_for_load_state("load")
    figures = page.locator("figure.report-figure svg").evaluate_all(
        """svgs => svgs.map(svg => {
            const box = svg.getBoundingClientRect();
            return {width: box.width, height: box.height, marks: svg.querySelectorAll('path, use').length,
                    tooltips: svg.querySelectorAll('title').length};
        })"""
    )
    sections = page.locator("section h2").all_inner_texts()
    page.screenshot(path=str(artifacts / f"report-{name}.png"), full_page=True)
    page.close()
    return {"requests": requests, "failed": failed, "figures": figures, "sections": sections}


def _assert_offline_and_drawn(seen: dict, expected_figures: int) -> None:
    assert not seen["failed"], seen["failed"]
    assert all(urlparse(url).scheme in LOCAL_SCHEMES for url in seen["requests"]), seen["requests"]
    assert len(seen["requests"]) == 1  # the page itself: no script, style, font or image fetched
    assert len(seen["figures"]) == expected_figures
    for figure in seen["figures"]:
        assert figure["width"] > 200 and figure["height"] > 100 and figure["marks"] > 10, figure
    assert sum(figure["tooltips"] for figure in seen["figures"]) > 0  # hover a line's point for its value


def test_compare_report_is_self_contained_and_every_figure_draws(browser, compare_report, artifacts):
    seen = _open_offline(browser, compare_report, artifacts, "compare")
    _assert_offline_and_drawn(seen, expected_figures=2)  # the contrasts with bands, the ranking
    for title in ("What was run", "Key indicators of the baseline", "ROA 2011-2016", "Paired contrasts",
                  "Cost ranking", "Validation headline", "Caveats"):  # fmt: skip
        assert title in seen["sections"]


def test_sweep_report_is_self_contained_and_shows_sensitivity(browser, sweep_report, artifacts):
    seen = _open_offline(browser, sweep_report, artifacts, "sweep")
    _assert_offline_and_drawn(seen, expected_figures=3)  # the bands, the outcome contrasts, the Sobol indices
    assert "Sensitivity (Sobol indices)" in seen["sections"]
    assert "Validation headline" in seen["sections"]
