"""The app in a real headless browser: it renders with no failed request and nothing leaving loopback, a
changed control followed by Reset and Step changes the views, the time one simulated year takes to show
is measured; its tabs are named by what they show, a shipped scenario file can be picked and paired with
the baseline, every tab has a figure whose marks show their values on hover, and the current series (CSV)
and the open tab's figures (SVG, PNG) download. Screenshots are saved to tests/browser/artifacts/
(docs/app*.png are copies).
"""

from __future__ import annotations

import json
import os
import re
import statistics
import time
from urllib.parse import urlparse
from xml.etree import ElementTree

import matplotlib.image
import pandas as pd
from playwright.sync_api import Page, expect

FIRST_RENDER_MS = 300_000  # on a fresh clone the first page compiles the Numba kernels
STEP_MS = 60_000
TIMED_STEPS = 4  # per tab, after a warm-up step
VIEWS_PER_TAB = 3
LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1"}
LOCAL_SCHEMES = {"data", "blob"}
# A behavioural control, used until the interventions registry offers an intervention's on/off box.
FALLBACK_CONTROL = "Girls: tech choice shift"
VIEWS = ".figure-view svg"


def _leaves_loopback(url: str) -> bool:
    parsed = urlparse(url)
    return parsed.scheme not in LOCAL_SCHEMES and parsed.hostname not in LOOPBACK_HOSTS


def _view_sources(page: Page) -> list[str]:
    return page.locator(VIEWS).evaluate_all("views => views.map(view => view.outerHTML)")


def _wait_for_new_views(page: Page, previous: list[str], at_least: int = VIEWS_PER_TAB) -> None:
    """Until `at_least` views show a new figure: a redrawn view is a new SVG (its hover ids are new)."""
    page.wait_for_function(
        """([selector, previous, atLeast]) => {
            const now = [...document.querySelectorAll(selector)].map(view => view.outerHTML);
            return now.filter((source, k) => source !== previous[k]).length >= atLeast;
        }""",
        arg=[VIEWS, previous, at_least],
        timeout=STEP_MS,
        polling="raf",
    )


def _change_scenario(page: Page) -> str:
    """Switch on the first intervention if the app offers any, else move a behavioural parameter."""
    intervention_labels = page.locator("label").filter(has_text=re.compile(r": on$"))
    if intervention_labels.count():
        label = intervention_labels.first.inner_text()
        # Vuetify's ripple overlay takes the pointer, hence force; check() still verifies the box is on.
        page.get_by_role("checkbox", name=label, exact=True).check(force=True)
        return f"{label} (intervention)"
    slider = page.get_by_role("slider", name=FALLBACK_CONTROL)
    slider.focus()
    page.keyboard.press("End")
    expect(slider).to_have_attribute("aria-valuenow", slider.get_attribute("aria-valuemax"))
    return f"{FALLBACK_CONTROL} moved to {slider.get_attribute('aria-valuenow')}"


def _step(page: Page, served_app, expected_count: int) -> tuple[float, float]:
    """Press Step; seconds until every view on the open tab shows the new year, and the server's CPU
    seconds meanwhile (simulating both runs and drawing the views)."""
    previous = _view_sources(page)
    cpu_before, started = served_app.cpu_seconds(), time.perf_counter()
    page.get_by_role("button", name="Step", exact=True).click()
    _wait_for_new_views(page, previous)
    elapsed, cpu = time.perf_counter() - started, served_app.cpu_seconds() - cpu_before
    expect(page.get_by_text(f"Step: {expected_count}", exact=True)).to_be_visible()
    return elapsed, cpu


def _timed_steps(page: Page, served_app, first_count: int) -> dict[str, list[float] | float]:
    wall, cpu = zip(*(_step(page, served_app, first_count + k) for k in range(TIMED_STEPS)))
    return {
        "seconds per year": [round(value, 3) for value in wall],
        "median seconds per year": round(statistics.median(wall), 3),
        "server CPU seconds per year": [round(value, 3) for value in cpu],
        "median server CPU seconds per year": round(statistics.median(cpu), 3),
    }


def test_app_renders_steps_and_reacts_to_controls(served_app, browser, artifacts):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    failed, outside = [], []
    page.on("requestfailed", lambda request: failed.append(f"{request.url}: {request.failure}"))
    page.on("request", lambda request: _leaves_loopback(request.url) and outside.append(request.url))
    page.on("websocket", lambda socket: _leaves_loopback(socket.url) and outside.append(socket.url))

    page.goto(served_app.url)
    page.get_by_role("button", name="Step", exact=True).wait_for(timeout=FIRST_RENDER_MS)
    expect(page.get_by_text("Step: 0", exact=True)).to_be_visible()
    views = page.locator(VIEWS)
    expect(views).to_have_count(VIEWS_PER_TAB)
    first_views = [views.nth(k).screenshot() for k in range(VIEWS_PER_TAB)]

    change = _change_scenario(page)
    previous = _view_sources(page)
    page.get_by_role("button", name="Reset", exact=True).click()
    # Before any step only the contrast view, which names the scenario, differs from the old model's.
    _wait_for_new_views(page, previous, at_least=1)
    expect(page.get_by_text("Step: 0", exact=True)).to_be_visible()

    _step(page, served_app, 1)  # warm-up: the first step of a new model runs code the build did not
    timing = {"scenario": change, "targets tab": _timed_steps(page, served_app, first_count=2)}
    stepped_views = [views.nth(k).screenshot() for k in range(VIEWS_PER_TAB)]
    assert all(before != after for before, after in zip(first_views, stepped_views)), "a view did not change"
    page.get_by_role("tab").first.scroll_into_view_if_needed()  # the tabs in the picture
    page.screenshot(path=artifacts / "app.png", full_page=True)

    previous = _view_sources(page)
    page.get_by_role("tab", name="People").click()
    _wait_for_new_views(page, previous)  # the other tab's three views replace these
    timing["people tab"] = _timed_steps(page, served_app, first_count=2 + TIMED_STEPS)
    page.get_by_role("tab").first.scroll_into_view_if_needed()  # the tabs in the picture
    page.screenshot(path=artifacts / "app-people.png", full_page=True)
    timing["load average (1 min)"] = round(os.getloadavg()[0], 2)  # other work on the machine slows wall times
    timing["cpus"] = os.cpu_count()
    (artifacts / "step_render_seconds.json").write_text(json.dumps(timing, indent=2))
    print(json.dumps(timing, indent=2))
    assert not failed, f"failed requests: {failed}"
    assert not outside, f"requests leaving loopback: {outside}"


TAB_NAMES = ["Targets", "Labour market", "People", "Policy"]
GENERIC_MESA_CONTROLS = ("Play Interval", "Render Interval", "Use Threads")
SVG_NAMESPACE = "{http://www.w3.org/2000/svg}"
# A hover title with a number in it: "mbo, 2012: 25.95", "men, 25-29: 102.5", "girl, 8 in 2010, ...".
VALUE_TITLE = re.compile(r"\d")
# How many marks with a title are what the pointer hits at their centre (not hidden under another mark).
POINTED_MARKS = """svg => [...svg.querySelectorAll('title')].filter(title => {
    const mark = title.parentElement, box = mark.getBoundingClientRect();
    const hit = document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2);
    return hit !== null && mark.contains(hit);
}).length"""


def _open_tab(page: Page, name: str) -> None:
    """Click a tab; wait until the last tab's views are gone, the new ones shown, and the window has
    stopped sliding (Vuetify marks it while it moves)."""
    previous = page.locator(VIEWS).element_handles()
    page.get_by_role("tab", name=name).click()
    for view in previous:
        view.wait_for_element_state("hidden", timeout=STEP_MS)  # removed from the page counts as hidden
    expect(page.locator(VIEWS).first).to_be_visible(timeout=STEP_MS)
    page.wait_for_function(
        """() => !document.querySelector('.v-window__container--is-active, [class*="transition-enter-active"],'
                                          + ' [class*="transition-leave-active"]')""",
        polling="raf",
    )


def _download(page: Page, button: str, artifacts) -> tuple[str, bytes]:
    """Press a download button; the file's suggested name and bytes (saved to artifacts/ as well)."""
    with page.expect_download() as download:
        page.get_by_role("button", name=button, exact=True).click()
    path = artifacts / download.value.suggested_filename
    download.value.save_as(path)
    return path.name, path.read_bytes()


def test_a_picked_scenario_shows_values_on_hover_in_every_tab_and_its_figures_download(served_app, browser, artifacts):
    page = browser.new_page(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    failed, outside = [], []
    page.on("requestfailed", lambda request: failed.append(f"{request.url}: {request.failure}"))
    page.on("request", lambda request: _leaves_loopback(request.url) and outside.append(request.url))
    page.goto(served_app.url)
    page.get_by_role("button", name="Step", exact=True).wait_for(timeout=FIRST_RENDER_MS)
    assert [name.strip() for name in page.get_by_role("tab").all_text_contents()] == TAB_NAMES
    for generic in GENERIC_MESA_CONTROLS:
        expect(page.get_by_text(generic)).to_have_count(0)
    expect(page.get_by_text("Scale: 0.003 of the 16.7 million persons")).to_be_visible()  # value and unit

    page.get_by_role("button", name="Scenario").click()
    page.get_by_role("option", name="masterplan_2012", exact=True).click()
    seeds = page.get_by_role("slider", name="Seeds for the contrast's band")
    seeds.focus()
    page.keyboard.press("ArrowRight")
    expect(seeds).to_have_attribute("aria-valuenow", "2")
    page.get_by_role("button", name="Reset", exact=True).click()
    expect(page.get_by_text("Step: 0", exact=True)).to_be_visible()
    for year in (1, 2):
        page.get_by_role("button", name="Step", exact=True).click()
        expect(page.get_by_text(f"Step: {year}", exact=True)).to_be_visible(timeout=STEP_MS)

    for tab in TAB_NAMES:  # every tab (the first is open): its figures are SVG, their marks' titles numbers
        if tab != TAB_NAMES[0]:
            _open_tab(page, tab)
        views = page.locator(VIEWS)
        expect(page.locator("img")).to_have_count(0)  # no figure is a static picture
        tooltips = views.locator("title").all_text_contents()
        assert any(VALUE_TITLE.search(text) for text in tooltips), (tab, tooltips)
        views.first.scroll_into_view_if_needed()
        assert views.first.evaluate(POINTED_MARKS) > 0, tab  # the pointer over a mark reaches its title
        if tab == "Labour market":
            page.screenshot(path=artifacts / "app-labour-market.png", full_page=True)

    # On the Policy tab: the band over two seeds and this seed's contrast beside it.
    expect(page.locator(VIEWS)).to_have_count(2)
    tooltips = page.locator(VIEWS).first.locator("title").all_text_contents()
    assert any(text.startswith("mean of 2 seeds, 2012: ") for text in tooltips), tooltips
    page.screenshot(path=artifacts / "app-policy.png", full_page=True)

    name, csv = _download(page, "Download series (CSV)", artifacts)
    assert name == "careers_abm_series_to_2012.csv"
    series = pd.read_csv(artifacts / name)
    # the picked package is paired with the baseline of the same seed, two simulated years each
    assert sorted(series["run"].unique()) == ["baseline", "scenario"]
    assert series.groupby("run")["year"].apply(list).to_dict() == {"baseline": [2011, 2012], "scenario": [2011, 2012]}
    assert "tech_inflow_share_he" in series.columns

    name, svg = _download(page, "contrast band (SVG)", artifacts)
    assert name == "careers_abm_contrast_band_2012.svg"
    root = ElementTree.fromstring(svg)  # a standalone, well-formed SVG file that keeps its hover values
    assert root.tag == f"{SVG_NAMESPACE}svg"
    assert "mean of 2 seeds, 2012: " in " ".join(title.text for title in root.iter(f"{SVG_NAMESPACE}title"))
    name, png = _download(page, "contrast band (PNG)", artifacts)
    assert name == "careers_abm_contrast_band_2012.png"
    picture = matplotlib.image.imread(artifacts / name)
    assert picture.shape[0] > 200 and picture.shape[1] > 400 and picture.std() > 0  # a drawn picture
    assert not failed, f"failed requests: {failed}"
    assert not outside, f"requests leaving loopback: {outside}"
