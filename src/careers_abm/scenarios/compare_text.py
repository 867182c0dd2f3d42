"""The printed notes of a compare: the scenarios ranked by extra technicians a year with their paired
intervals, and, with priors, the medians and 90% intervals over the replications and the effects that
drive their spread (the tables come from compare.py; this only words them)."""

from __future__ import annotations

import math

import pandas as pd

from .compare import SUM


def uncertainty_text(table: pd.DataFrame, ranking: pd.DataFrame) -> str:
    """Median and 90% interval over the replications, the split of the spread, and the top three effects
    by their first-order share of the variance with its 90% bootstrap interval, and the shares' sum."""
    mode = table["uncertainty"].iloc[0].replace("_", " ")
    drawn = "priors" if mode == "monte carlo and priors" else "drawn parameters"  # posterior, priors or both
    lines = [f"median [90% interval] over the replications ({mode})"]
    for _, row in table.iterrows():
        extra = [f"{row[f'extra_per_year_{q}']:,.0f}" for q in ("median", "p05", "p95")]
        euros = [f"{row[f'public_euros_per_extra_technician_{q}']:,.0f}" for q in ("median", "p05", "p95")]
        lines.append(
            f"  {row['scenario']} {row['period']}: extra technicians/yr {extra[0]} [{extra[1]}, {extra[2]}];"
            f" public EUR per extra technician {euros[0]} [{euros[1]}, {euros[2]}];"
            f" spread: Monte Carlo {row['spread_monte_carlo_share']:.0%}, {drawn} {row['spread_priors_share']:.0%}"
        )
        part = ranking[(ranking["scenario"] == row["scenario"]) & (ranking["period"] == row["period"])]
        if len(part):
            top = part[part["rank"].notna()].head(3)
            total = part[part["effect"] == SUM].iloc[0]
            shares = [f"{r.effect} {_share(r)}" for r in top.itertuples()]
            lines.append(
                "    top effects by first-order share of the variance [90% bootstrap interval]: "
                + "; ".join(shares)
                + f" (sum of all {len(part) - 1}: {_share(total)})"
            )
    return "\n".join(lines)


def _share(row) -> str:
    share, low, high = (getattr(row, name) for name in ("first_order_share", "share_low", "share_high"))
    return f"{share:.0%} [{low:.0%}, {high:.0%}]"


def ranking_text(table: pd.DataFrame) -> str:
    """The scenarios ranked by extra technicians a year over the longest period, one block per period."""
    longest = table["period"].max()
    order = table[table["period"] == longest].sort_values("extra_per_year", ascending=False)["scenario"].tolist()

    def interval(row, name, scale=1.0, fmt="{:,.0f}"):
        mean, low, high = (row[f"{name}{suffix}"] * scale for suffix in ("", "_low", "_high"))
        if math.isnan(mean):
            return "n/a"
        return f"{fmt.format(mean)} [{fmt.format(low)}, {fmt.format(high)}]"

    blocks = []
    for period, part in table.groupby("period"):
        part = part.set_index("scenario").loc[order].reset_index()
        replications = int(part["replications"].iloc[0])
        lines = [f"{period}: mean [95% interval] over {replications} paired replications, ranked by {longest}"]
        header = (
            "scenario",
            "extra technicians/yr",
            "share of 40,000/yr",
            "public cost (M EUR)",
            "all payers (M EUR)",
            "public EUR per extra technician",
        )
        body = [
            (
                row["scenario"],
                interval(row, "extra_per_year"),
                interval(row, "share_of_target", 100, "{:.2f}%"),
                f"{row['public_cost_eur'] / 1e6:,.1f}",
                f"{row['total_cost_eur'] / 1e6:,.1f}",
                interval(row, "euros_per_extra_technician"),
            )
            for _, row in part.iterrows()
        ]
        widths = [max(len(str(line[k])) for line in (header, *body)) for k in range(len(header))]
        for line in (header, *body):
            lines.append("  ".join(str(cell).ljust(width) for cell, width in zip(line, widths)).rstrip())
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)
