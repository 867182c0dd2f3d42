"""The shipped baseline meets its fitted headline standards (docs/validation.md) on seeds not used in
fitting; the out-of-sample one is computed and reported.

A model change or recalibration that breaks one fails here, before the report is regenerated.
"""

from careers_abm.cli.fitting_commands import DEFAULT_TARGETS, VALIDATION_SEEDS
from careers_abm.fitting.moments import load_targets
from careers_abm.fitting.validation import compare_with_targets, headline_checks


def test_the_shipped_baseline_meets_its_headline_checks():
    fit, _ = compare_with_targets(None, load_targets(DEFAULT_TARGETS), 0.01, VALIDATION_SEEDS)
    checks = headline_checks(fit)
    assert len(checks) == 3 and (checks["targets"] > 0).all()
    fitted = checks[checks["covers"] == "fitted"]
    assert len(fitted) == 2 and fitted["met"].all(), checks.to_string()
    # Out of sample (dated after 2013): reported in docs/validation.md, never a gate (DESIGN section 5).
    assert checks.loc[checks["covers"] != "fitted", "gap"].notna().all()
