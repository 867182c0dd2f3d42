"""`careers-abm report DIR`: one self-contained report.html for a run, a compare or a sweep folder.

The report is what an analyst sends a colleague: what was run (manifest, the config's difference from the
packaged baseline, seeds, version), the key indicators against "4 op de 10", the 40,000 a year and ROA's
table, the paired contrasts with their bands, the cost ranking, sensitivity indices where the folder has
them, the validation headline and the caveats. It reads only what the folder holds (plus, where a
folder lacks the series the validation headline needs, one small fresh run) and writes DIR/report.html.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd

from ..core.config import ConfigError, flatten
from ..core.loader import load_config
from ..scenarios.analysis import analyze
from ..scenarios.files import package_version, write_atomically
from . import figures, indicators, page
from .run_figure import report_figure

MAX_DIFF_ROWS = 60


def folder_kind(folder: Path) -> str:
    """'sweep', 'compare' or 'run', from the files the folder holds; ConfigError for anything else."""
    if (folder / "experiment.json").exists():
        return "sweep"
    if (folder / "contrast.csv").exists() and (folder / "cost_effectiveness.csv").exists():
        return "compare"
    if (folder / "series.parquet").exists():
        return "run"
    raise ConfigError(
        f"{folder}: not a run, compare or sweep folder (no series.parquet, contrast.csv or experiment.json)"
    )


def config_diff(config: dict, reference: dict) -> pd.DataFrame:
    """The dotted keys whose values differ from the reference config (measures compared as their types)."""
    mine, theirs = flatten(_without_measures(config)), flatten(_without_measures(reference))
    rows = [
        {"key": key, "this study": _short(mine.get(key, "—")), "baseline": _short(theirs.get(key, "—"))}
        for key in sorted(set(mine) | set(theirs))
        if mine.get(key) != theirs.get(key)
    ]
    return pd.DataFrame(rows, columns=["key", "this study", "baseline"])


def _without_measures(config: dict) -> dict:
    return {key: value for key, value in config.items() if key != "interventions"}


def _short(value: Any) -> str:
    text = json.dumps(value) if isinstance(value, list | dict) else str(value)
    return text if len(text) <= 80 else text[:77] + "..."


def _measures(config: dict) -> list[str]:
    return [entry["type"] for entry in config.get("interventions", [])]


def _diff_html(config: dict, reference: dict) -> str:
    diff = config_diff(config, reference)
    run_keys = diff["key"].str.startswith("run.")
    shown = diff[~run_keys]
    measures = ", ".join(_measures(config)) or "none"
    text = f"<p>Measures: {page.escape(measures)}.</p>"
    if shown.empty:
        return text + '<p class="note">Parameters: as in the packaged baseline.</p>'
    more = f'<p class="note">and {len(shown) - MAX_DIFF_ROWS} more</p>' if len(shown) > MAX_DIFF_ROWS else ""
    return text + page.table(shown.head(MAX_DIFF_ROWS).astype(object)) + more


def _manifest_table(items: dict[str, Any]) -> str:
    frame = pd.DataFrame({"": list(items), "value": [_short(v) for v in items.values()]}).astype(object)
    return page.table(frame)


def _run_sections(folder: Path) -> tuple[str, list[tuple[str, str, str]]]:
    series = pd.read_parquet(folder / "series.parquet")
    manifest = json.loads((folder / "manifest.json").read_text()) if (folder / "manifest.json").exists() else {}
    config = manifest.get("config", {})
    run = config.get("run", {})
    baseline = load_config()[1]
    what = _manifest_table({
        "package version": manifest.get("package_version", "not recorded"), "git commit": manifest.get("git_commit"),
        "seed": manifest.get("seed"), "scale": manifest.get("scale"),
        "years": f"{int(series['year'].min())}-{int(series['year'].max())}",
        "wall time (s)": manifest.get("wall_times_s", {}).get("total"),
        "peak memory (MB)": manifest.get("peak_memory_mb"),
    }) + (_diff_html(config, baseline) if config else "")  # fmt: skip
    figure = page.figure(figures.svg_text(report_figure(series, "")), "The key indicators of this run.")
    sections = [
        ("what", "What was run", what),
        ("indicators", "Key indicators", indicators.key_indicator_table(series) + figure),
        ("roa", "ROA 2011-2016", indicators.roa_table(series)),
        ("validation", "Validation headline", indicators.headline(series, config or None, run.get("seed", 1))),
        ("caveats", "Caveats", indicators.caveats(_measures(config), run.get("scale"))),
    ]
    return f"Run of {len(series)} years", sections


def _interval(mean: float, low: float, high: float, fmt: str = "{:,.0f}") -> str:
    return f"{page.number(mean, fmt)} [{page.number(low, fmt)}, {page.number(high, fmt)}]"


def cost_ranking(table: pd.DataFrame) -> pd.DataFrame:
    """The cost table ranked by extra technicians a year over the longest period; optional cost columns
    (public, deadweight) shown where the table has them."""
    longest = table[table["period"] == table["period"].max()].sort_values("extra_per_year", ascending=False)
    rows = []
    for row in longest.itertuples():
        line = {
            "scenario": row.scenario, "period": row.period,
            "extra technicians a year [95%]": _interval(
                row.extra_per_year, row.extra_per_year_low, row.extra_per_year_high
            ),
            "share of 40,000 a year": _interval(
                100 * row.share_of_target, 100 * row.share_of_target_low, 100 * row.share_of_target_high, "{:.2f}%"
            ),
            "cost (M EUR)": page.number(row.total_cost_eur / 1e6, "{:,.1f}"),
        }  # fmt: skip
        for column, label in (
            ("public_cost_eur", "public cost (M EUR)"),
            ("deadweight_cost_eur", "deadweight (M EUR)"),
        ):
            if column in table.columns:
                line[label] = page.number(getattr(row, column) / 1e6, "{:,.1f}")
        line["EUR per extra technician [95%]"] = _interval(
            row.euros_per_extra_technician, row.euros_per_extra_technician_low, row.euros_per_extra_technician_high
        )
        rows.append(line)
    return pd.DataFrame(rows).astype(object)


RANKING_NOTE = (
    "First-order share of the variance of the extra technicians over the replications, by one effect "
    "drawn and the others at their prior medians at the same seed, with its 90% bootstrap interval over "
    "the replications (all effects: effect_ranking.csv). The shares leave out the Monte Carlo part of the "
    "spread; with additive effects they sum to about one less that part, and a sum away from it signals "
    "interactions between the effects (or the noise of few replications)."
)


def _share(row) -> str:
    return _interval(100 * row.first_order_share, 100 * row.share_low, 100 * row.share_high, "{:.0f}%")


def uncertainty_section(table: pd.DataFrame, ranking: pd.DataFrame) -> str:
    """With priors: the median and 90% interval of the extra technicians a year and of the public euros
    per extra technician over the replications, the split of their spread, and the top three effects by
    their first-order share of the variance with the sum of all shares."""
    rows = []
    for row in table.itertuples():
        part = ranking[(ranking["scenario"] == row.scenario) & (ranking["period"] == row.period)]
        top = [f"{r.effect} {_share(r)}" for r in part[part["rank"].notna()].head(3).itertuples()]
        total = part[part["rank"].isna()]
        rows.append({
            "scenario": row.scenario, "period": row.period,
            "extra technicians a year, median [90%]": _interval(
                row.extra_per_year_median, row.extra_per_year_p05, row.extra_per_year_p95
            ),
            "public EUR per extra technician, median [90%]": _interval(
                row.public_euros_per_extra_technician_median, row.public_euros_per_extra_technician_p05,
                row.public_euros_per_extra_technician_p95,
            ),
            "spread: Monte Carlo / priors": (
                f"{page.number(100 * row.spread_monte_carlo_share, '{:.0f}')}% / "
                f"{page.number(100 * row.spread_priors_share, '{:.0f}')}%"
            ),
            "top three effects by first-order share [90%]": "; ".join(top) or "none drawn",
            "sum of first-order shares [90%]": _share(total.iloc[0]) if len(total) else "-",
        })  # fmt: skip
    return page.table(pd.DataFrame(rows).astype(object)) + f'<p class="note">{page.escape(RANKING_NOTE)}</p>'


def _compare_sections(folder: Path) -> tuple[str, list[tuple[str, str, str]]]:
    contrast = pd.read_csv(folder / "contrast.csv")
    table = pd.read_csv(folder / "cost_effectiveness.csv")
    manifest = json.loads((folder / "manifest.json").read_text()) if (folder / "manifest.json").exists() else {}
    scenarios = manifest.get("scenarios", {})
    first = contrast["scenario"].iloc[0]
    part = contrast[contrast["scenario"] == first]
    baseline_series = part.pivot(index="year", columns="indicator", values="baseline_mean").reset_index()
    replications = int(contrast["replications"].max())
    base_config = scenarios.get("baseline", {}).get("config")
    what = _manifest_table({
        "package version": manifest.get("package_version", "not recorded"), "git commit": manifest.get("git_commit"),
        "seeds": manifest.get("seeds", f"{replications} replications"), "replications": replications,
        "years": f"{int(contrast['year'].min())}-{int(contrast['year'].max())}",
        "scale": (base_config or {}).get("run", {}).get("scale", "not recorded"),
    })  # fmt: skip
    for name, entry in scenarios.items():
        if name != "baseline" and base_config is not None:
            what += f"<h3>{page.escape(name)} <code>{page.escape(entry['file'])}</code></h3>"
            what += _diff_html(entry["config"], base_config)
    last = int(contrast["year"].max())
    final = contrast[(contrast["year"] == last) & contrast["indicator"].isin([p[0] for p in figures.CONTRAST_PANELS])]
    final_table = pd.DataFrame({
        "scenario": final["scenario"], "indicator": final["indicator"],
        f"difference in {last} [95%]": [
            _interval(m, lo, hi, "{:,.4g}")
            for m, lo, hi in zip(final["difference_mean"], final["difference_low"], final["difference_high"])
        ],
    }).astype(object)  # fmt: skip
    contrasts = page.figure(
        figures.svg_text(figures.contrast_figure(contrast)),
        f"Policy minus baseline: mean paired difference and 95% interval over {replications} replications "
        "(common random numbers: replication r of every scenario uses the same seed).",
    ) + page.table(final_table)
    ranking = page.table(cost_ranking(table)) + page.figure(
        figures.svg_text(figures.ranking_figure(table)), "Extra technicians a year against the Masterplan's 40,000."
    )
    # Without a manifest (a compare run from Python) the study's measures are unknown: caveat them all.
    measures = [m for entry in scenarios.values() for m in _measures(entry["config"])] if scenarios else None
    scale = (base_config or {}).get("run", {}).get("scale")
    sections = [
        ("what", "What was run", what),
        ("indicators", "Key indicators of the baseline", indicators.key_indicator_table(baseline_series)),
        ("roa", "ROA 2011-2016", indicators.roa_table(baseline_series)),
        ("contrasts", "Paired contrasts", contrasts),
        ("ranking", "Cost ranking", ranking),
    ]
    if "monte_carlo_and_priors" in set(table.get("uncertainty", [])):
        effects = pd.read_csv(folder / "effect_ranking.csv")
        sections.append(("uncertainty", "Parameter uncertainty", uncertainty_section(table, effects)))
    sections += [
        ("validation", "Validation headline", indicators.headline(baseline_series, base_config, 1)),
        ("caveats", "Caveats", indicators.caveats(measures, scale)),
    ]
    return f"Policy contrast of {contrast['scenario'].nunique()} scenarios against a baseline", sections


def _sweep_sections(folder: Path) -> tuple[str, list[tuple[str, str, str]]]:
    description = json.loads((folder / "experiment.json").read_text())
    experiment = description["experiment"]
    target = folder / "analysis"
    if not (target / "bands.csv").exists():
        analyze(folder)
    plan = pd.read_parquet(folder / "plan.parquet")
    done = len(list((folder / "runs").glob("*.parquet")))
    design = experiment["design"]
    what = _manifest_table({
        "experiment": experiment["name"], "description": experiment.get("description", ""),
        "experiment file": description.get("source"), "design": f"{design['kind']}, {design['samples']} samples",
        "runs planned / finished": f"{len(plan)} / {done}", "replications": experiment["replications"],
        "seed": experiment["seed"], "run settings": experiment["run"], "package version": package_version(),
    })  # fmt: skip
    what += "<h3>Scenarios</h3>" + page.table(
        pd.DataFrame(description["scenario_paths"].items(), columns=["scenario", "file"]).astype(object)
    )
    varied = experiment.get("uncertainties", []) + experiment.get("levers", [])
    if varied:
        what += "<h3>Varied parameters</h3>" + page.table(
            pd.DataFrame([{"key": p["key"], "range or values": _short(p["range"] or p["values"])} for p in varied])
        )
    bands = pd.read_csv(target / "bands.csv")
    sections = [
        ("what", "What was run", what),
        ("bands", "Uncertainty bands", page.figure(figures.svg_text(figures.bands_figure(bands)),
                                                   "Mean and 5-95% band over runs, per scenario.")),
    ]  # fmt: skip
    baseline_name = experiment.get("analysis", {}).get("baseline") or next(iter(description["scenario_paths"]))
    if (target / "contrasts.csv").exists():
        table = pd.read_csv(target / "contrasts.csv")
        body = page.table(table, {c: "{:,.4g}" for c in table.columns if c not in ("scenario", "outcome", "pairs")})
        if (table["difference_mean"].abs() > 0).any():
            body += page.figure(figures.svg_text(figures.outcome_contrast_figure(table)),
                                f"Paired differences against {baseline_name}.")  # fmt: skip
        sections.append(("contrasts", "Paired contrasts", body))
    for kind in ("sobol", "morris"):
        if (target / f"{kind}.csv").exists():
            indices = pd.read_csv(target / f"{kind}.csv")
            numbers = {c: "{:.3f}" for c in indices.columns if c not in ("scenario", "policy", "outcome", "parameter")}
            sections.append(("sensitivity", f"Sensitivity ({kind.title()} indices)", page.figure(
                figures.svg_text(figures.sensitivity_figure(indices, kind)),
                "Indices with 95% confidence intervals, first scenario and policy.",
            ) + page.table(indices, numbers)))  # fmt: skip
    scenario_paths = description["scenario_paths"]
    base_path = scenario_paths.get(baseline_name, next(iter(scenario_paths.values())))
    measures = [m for path in scenario_paths.values() for m in _measures(load_config(path)[1])]
    sections += [
        ("validation", "Validation headline", indicators.headline(None, base_path, experiment["seed"])),
        ("caveats", "Caveats", indicators.caveats(measures, experiment["run"].get("scale"))),
    ]
    return f"Sweep {experiment['name']}: {done} runs", sections


BUILDERS = {"run": _run_sections, "compare": _compare_sections, "sweep": _sweep_sections}


def write_report(folder: Path, shown_as: Path | None = None) -> Path:
    """Write FOLDER/report.html for the run, compare or sweep folder and return its path. `shown_as` is
    the folder's name in the report when it is written in a staging folder before being moved into place."""
    folder = Path(folder)
    shown = Path(shown_as) if shown_as is not None else folder
    kind = folder_kind(folder)
    subtitle, sections = BUILDERS[kind](folder)
    title = f"careers_abm report: {shown.resolve().name}"
    text = page.document(title, f"{subtitle}. Written {date.today().isoformat()} by careers_abm "
                         f"{package_version()} from {shown}.", sections)  # fmt: skip
    path = folder / "report.html"
    write_atomically(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))
    return path
