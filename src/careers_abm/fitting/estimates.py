"""The estimated cells of the record, for the validation report: every row of the package's data tables
whose source says `estimate:`, whether the model reads it, and for the fitted targets that rest on an
estimate their weight in the fit, so a reader sees how much of the headline results leans on our own
figures rather than published ones.
"""

from __future__ import annotations

import pandas as pd

from ..core.tables import DATA_DIR

MARK = "estimate:"
# How a run uses each table with estimated rows (core.tables.read, core.series); a new table is
# reported as read until it is named here.
USE = {
    "population_2011_by_age": "read: the 2011 population",
    "deaths_2011_by_age": "read: who dies (the count is the series)",
    "migration_2011_by_age": "not read: documentation of the migration tables",
    "population_series": "read: yearly births, deaths and migration",
    "international_students": "read: foreign first-years per year",
    "unemployment_series": "read: the business cycle",
    "labour_market_series": "not read by a run: the market's validation figures",
    "measure_costs": "not read: documentation of the measures' costs (their Effect and cost lines cite it)",
    "measures_enacted": "not read: documentation of the enacted measures",
    "study_flows_2011": "copied into baseline.toml (transitions, dropout, secondary school) where a parameter "
    "cites it; the build reads mbo's early-leaving rate",
    "enrolment_2011_12": "read: the build's hbo and wo totals and havo/vwo pupils from year 4 on; the rest not read",
    "tech_jobs_2011_check": "not read: the build reads only the published count of the untrained",
    "diplomas_2011_2013": "not read: validation figures (observations.csv)",
    "observations": "targets: fitted where the target says so (below), else validation",
}
SKIPPED = {"targets"}  # targets cite observations; their estimates are the observations'


def estimated_cells() -> pd.DataFrame:
    """One row per estimated cell: the file, the row's own identifying values, how the model uses it."""
    rows = []
    for path in sorted(DATA_DIR.glob("*.csv")):
        name = path.stem
        if name in SKIPPED:
            continue
        frame = pd.read_csv(path)
        if "source" not in frame.columns:
            continue
        estimated = frame[frame["source"].astype(str).str.contains(MARK, regex=False)]
        keys = [column for column in frame.columns if column != "source"]
        for _, row in estimated.iterrows():
            cell = ", ".join(f"{column}={row[column]}" for column in keys if pd.notna(row[column]))
            rows.append({"file": name, "cell": cell, "use": USE.get(name, "read")})
    return pd.DataFrame(rows, columns=["file", "cell", "use"])


def estimated_target_weights(fit: pd.DataFrame) -> pd.DataFrame:
    """The fitted targets resting on an estimate: each one's weight in the objective (every target's
    residual is divided by its tolerance, so each weighs 1/N) and its share of the objective at the fit."""
    fitted = fit[fit["fit"] == "yes"]
    squared = (fitted["error_after"] / fitted["tolerance"]) ** 2
    estimated = fitted["source"].fillna("").str.contains(MARK, regex=False)
    return pd.DataFrame(
        {
            "id": fitted.loc[estimated, "id"],
            "weight": 1.0 / len(fitted),
            "share_of_objective": squared[estimated] / squared.sum(),
        }
    )


def estimates_section(fit: pd.DataFrame) -> str:
    """The report's section: estimated fitted targets with their weights, then every estimated cell."""
    weights = estimated_target_weights(fit)
    lines = [
        "Fitted targets resting on an estimate (weight: each target's share of the objective's terms; "
        "share: of the objective at the shipped fit):",
        "",
        "| target | weight | share of the objective |",
        "|---|---|---|",
    ]
    lines += [f"| {r.id} | {100 * r.weight:.1f}% | {100 * r.share_of_objective:.1f}% |" for r in weights.itertuples()]
    total = weights["share_of_objective"].sum()
    lines += ["", f"Together: {100 * weights['weight'].sum():.1f}% of the terms, {100 * total:.1f}% of the objective."]
    cells = estimated_cells()
    lines += [
        "",
        f"Every estimated cell of the data tables ({len(cells)} rows whose source says `{MARK}`), and how a run",
        "uses it. Cells that are read carry their weight through the build or the series; their effect on",
        "the headline checks is not measured one by one.",
        "",
        "| file | cell | use |",
        "|---|---|---|",
    ]
    lines += [f"| {r.file} | {r.cell} | {r.use} |" for r in cells.itertuples()]
    return "\n".join(lines)
