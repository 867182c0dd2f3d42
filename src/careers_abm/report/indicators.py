"""The parts of report.html read from a yearly series: key indicators against the Masterplan's targets,
ROA's 2011-2016 table, the validation headline, and the caveats of the measures a study used.

Columns are read defensively: a sweep keeps only the outputs its experiment names, and newer model
versions add columns, so each table shows what the series holds and says what it lacks.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from ..core import tables
from ..core.codes import LEVEL_NAMES
from ..core.interventions import REGISTRY
from ..fitting.moments import load_targets, series_moments
from ..fitting.validation import headline_checks
from ..scenarios.run import run_scenario
from . import page

FOUR_IN_TEN = 0.40  # "Naar 4 op de 10": 40% of hbo/wo inflow in beta-technical programmes
ROA_YEARS = (2011, 2016)
HEADLINE_SCALE = 0.002  # a fresh headline run: about 33,000 persons to 2016, a few seconds
# Key indicators: column (or a sum over levels), label, factor, format.
KEY_INDICATORS = (
    ("tech_inflow_share_he", "β-t share of hbo+wo inflow (target 40%)", 100, "{:.1f}%"),
    ("tech_inflow_share_he_female", "of women", 100, "{:.1f}%"),
    ("tech_grads_to_tech_job_share", "technical graduates into a technical job", 100, "{:.1f}%"),
    ("tech_workers", "technical workers (thousands)", 1e-3, "{:,.0f}"),
    ("tech_shortage", "technical shortage, all levels (thousands a year)", 1e-3, "{:,.1f}"),
    ("tech_vacancies", "open technical vacancies, all levels (thousands)", 1e-3, "{:,.1f}"),
    ("unemployment_rate", "unemployment rate", 100, "{:.1f}%"),
    ("tech_wage_premium", "technical wage premium (log points)", 1, "{:.3f}"),
)


def with_level_totals(series: pd.DataFrame) -> pd.DataFrame:
    """The series plus the all-level sums (tech_shortage, tech_vacancies) where its per-level columns exist."""
    frame = series.copy()
    for stem in ("tech_shortage", "tech_vacancies"):
        columns = [f"{stem}_{level}" for level in LEVEL_NAMES]
        if stem not in frame.columns and set(columns) <= set(frame.columns):
            frame[stem] = frame[columns].sum(axis=1)
    return frame


def key_indicator_table(series: pd.DataFrame) -> str:
    """The key indicators in 2011, 2016, 2020, 2030 and the last year (those the series covers)."""
    frame = with_level_totals(series).set_index("year")
    first, last = int(frame.index.min()), int(frame.index.max())
    years = sorted({first, last} | {year for year in (2016, 2020, 2030) if first <= year <= last})
    rows = []
    for column, label, factor, fmt in KEY_INDICATORS:
        if column in frame.columns:
            rows.append({"indicator": label, **{str(y): fmt.format(frame.loc[y, column] * factor) for y in years}})
    if not rows:
        return '<p class="note">The series holds none of the key indicators.</p>'
    return page.table(pd.DataFrame(rows).astype(object))


def roa_table(series: pd.DataFrame) -> str:
    """ROA's 2011-2016 projection (table 1 of the letter) against the simulated education-based counts."""
    columns = [f"roa_{kind}_{level}" for kind in ("openings", "inflow") for level in LEVEL_NAMES]
    years = series["year"]
    if not set(columns) <= set(series.columns) or years.min() > ROA_YEARS[0] or years.max() < ROA_YEARS[1]:
        return '<p class="note">The series does not cover ROA\'s 2011-2016 comparison (columns or years missing).</p>'
    window = series[(years >= ROA_YEARS[0]) & (years <= ROA_YEARS[1])]
    roa = tables.read("roa_2011_2016").set_index("level")
    rows = []
    for level in LEVEL_NAMES:
        openings, inflow = window[f"roa_openings_{level}"].sum(), window[f"roa_inflow_{level}"].sum()
        rows.append({
            "level": level,
            "ROA openings": roa.loc[level, "job_openings"], "simulated openings": openings,
            "ROA inflow": roa.loc[level, "labour_inflow"], "simulated inflow": inflow,
            "ROA gap": roa.loc[level, "job_openings"] - roa.loc[level, "labour_inflow"],
            "simulated gap": openings - inflow,
        })  # fmt: skip
    frame = pd.DataFrame(rows)
    numbers = {name: "{:,.0f}" for name in frame.columns if name != "level"}
    return page.table(frame, numbers) + (
        '<p class="note">Technically educated, totals over 2011-2016 (national estimates). '
        f"Source: {page.escape(roa['source'].iloc[0])}</p>"
    )


def headline(series: pd.DataFrame | None, config: object, seed: int) -> str:
    """The validation headline (fitting.validation.headline_checks) from the study's baseline series when it
    covers the fitted targets, else from a fresh small run of the baseline config to 2016."""
    targets = load_targets(tables.DATA_DIR / "targets.csv")
    moments = series_moments(series, targets) if series is not None else {}
    fitted = targets[(targets["fit"] == "yes") & (targets["statistic"] != "followup")]
    note = "computed from this study's baseline series"
    if not moments or any(pd.isna(moments.get(target)) for target in fitted["id"]):
        fresh = run_scenario(config, seed=seed, scale=HEADLINE_SCALE, start_year=2011, end_year=ROA_YEARS[1])
        moments = series_moments(fresh.series, targets)
        note = (
            f"computed from a fresh run of the baseline at scale {HEADLINE_SCALE}, seed {seed}, 2011-2016, "
            "so noisier than the shipped report's three seeds at scale 0.01"
        )
    fit = targets[targets["statistic"] != "followup"].copy()  # fitted, and the out-of-sample take-up
    fit["after"] = fit["id"].map(moments)
    fit["error_after"] = fit["after"] - fit["value"]
    checks = headline_checks(fit)
    units = ["%" if relative else " points" for relative in checks["relative"]]
    shown = pd.DataFrame({
        "check": checks["check"],
        "targets": checks["targets"],
        "allowed gap": [f"{100 * a:.0f}{unit}" for a, unit in zip(checks["allowed"], units)],
        "largest gap": [f"{100 * g:+.1f}{unit} ({w})" for g, unit, w in zip(checks["gap"], units, checks["worst"])],
        "met": ["yes" if met else "no" for met in checks["met"]],
    })  # fmt: skip
    return page.table(shown, row_class=lambda row: "pass" if row["met"] == "yes" else "fail") + (
        f'<p class="note">Fitted targets observed up to 2013 (data/targets.csv), {note}. The full validation '
        "report, with the targets not used in fitting, is docs/validation.md (<code>careers-abm validate</code>).</p>"
    )


def assumed_effects(measures: Iterable[str]) -> pd.DataFrame:
    """The effect sizes of these measures whose declared source is an assumption, with default and range."""
    rows = []
    for name in dict.fromkeys(measures):
        cls = REGISTRY.get(name)
        if cls is None:
            continue
        for field_name, field in cls.model_fields.items():
            extra = field.json_schema_extra if isinstance(field.json_schema_extra, dict) else {}
            source = field.description or ""
            if "null" in extra and "assumption" in source.lower():
                low, high = extra.get("range", (None, None))
                rows.append({
                    "measure": cls.TITLE, "effect": field_name, "default": f"{field.default:g}",
                    "plausible range": f"[{low:g}, {high:g}]" if low is not None else "", "source": source,
                })  # fmt: skip
    return pd.DataFrame(rows, columns=["measure", "effect", "default", "plausible range", "source"])


def caveats(measures: Iterable[str] | None, scale: float | None) -> str:
    """What a reader must know before quoting a number: assumed effects (of every measure when the
    study's measures are not recorded, None), scale noise, the record's date."""
    assumed = assumed_effects(REGISTRY if measures is None else measures)
    items = [
        "The baseline is calibrated to observations dated 2013 or earlier; everything later is a projection "
        "under the inputs' observed series (to 2023) and published projections after.",
        "Counts are national estimates: the simulated count divided by the scale"
        + (f" (here {scale:g}, so small effects carry sampling noise beyond the intervals' seeds)." if scale else "."),
        "Intervals are over replications with common random numbers: they cover simulation noise, not the "
        "uncertainty in the effect sizes (see a sweep's sensitivity indices for that).",
    ]
    body = "<ul>" + "".join(f"<li>{page.escape(item)}</li>" for item in items) + "</ul>"
    if assumed.empty:
        return body + '<p class="note">No effect size of the measures in this study is marked as an assumption.</p>'
    return (
        body
        + "<h3>Effects that are assumptions</h3>"
        + (
            "<p>This study's measures are not recorded (no manifest.json): every measure is listed.</p>"
            if measures is None
            else ""
        )  # fmt: skip
        + "<p>These effect sizes have no causal estimate behind them; "
        "their source says <em>assumption</em> (core/interventions). Results that rest on them are scenarios, "
        "not forecasts.</p>" + page.table(assumed)
    )
