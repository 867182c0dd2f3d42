"""The effect ranking's first-order decomposition against toy outcomes with known shares.

A toy outcome stands in for a run: a function of the ranking's configs (uncertainty.one_at_a_time) and
of the seed, whose seed part is the same in every config of a replication, as common random numbers
make it in the model.
"""

import math

import numpy as np
import pytest

from careers_abm.scenarios import uncertainty
from careers_abm.scenarios.uncertainty import REFERENCE, first_order_shares, one_at_a_time

PACKAGE = {
    "interventions": [
        {"type": "werk_naar_werk"},
        {"type": "guest_lessons"},
        {"type": "vitaliteitspakket"},
    ]
}
DRIVER = "werk_naar_werk.side_entry_log_odds"
SEED = 2012


def _value(config, key):
    name, parameter = key.split(".")
    return next(entry[parameter] for entry in config["interventions"] if entry["type"] == name)


def _seed_noise(seed):
    return math.sin(seed * 12.9898) * 0.01  # the same in every config of a seed: common random numbers


def _toy(config, seed):
    """10 x the side-entry effect plus a seed term whose variance is ~1e-4 of the effect's."""
    return 10 * _value(config, DRIVER) + _seed_noise(seed)


def _decompose(outcome, replications=8, seed=SEED):
    seeds = [seed + r for r in range(replications)]
    runs = [one_at_a_time(PACKAGE, seed, r) for r in range(replications)]
    drawn = [uncertainty.with_prior_draws(PACKAGE, seed, r) for r in range(replications)]
    all_drawn = np.array([outcome(config, s) for config, s in zip(drawn, seeds)])
    reference = np.array([outcome(configs[REFERENCE], s) for configs, s in zip(runs, seeds)])
    effects = [key for key in runs[0] if key != REFERENCE]
    one = {key: np.array([outcome(configs[key], s) for configs, s in zip(runs, seeds)]) for key in effects}
    return first_order_shares(all_drawn, reference, one, seed)


def test_the_one_effect_that_drives_the_outcome_gets_all_the_variance_and_the_others_none():
    shares, total = _decompose(_toy)
    assert len(shares) == 5 + 1 + 2  # every drawn effect of the three measures (none is a point prior)
    share, low, high = shares[DRIVER]
    # The seed term is ~1e-4 of the variance and correlates with the draws by chance only: 1 within 0.02.
    assert share == pytest.approx(1.0, abs=0.02) and low <= share <= high
    for key, (other, other_low, other_high) in shares.items():
        if key != DRIVER:
            assert other == other_low == other_high == 0.0  # the seed term cancels exactly in the difference
    assert total[0] == pytest.approx(share)


def test_known_linear_shares_are_recovered_with_intervals_that_cover_them():
    """y = 3a + b + e, a, b uniform on [0, 1] at their medians 0.5 in the reference, e a seed term of
    variance 2/12: the first-order shares are 9/12 and 1/12 and their sum 10/12 (the rest is the
    Monte Carlo part). At 400 replications each is recovered within 0.05, about 3 standard errors."""
    generator = np.random.default_rng(7)
    a, b, e = generator.uniform(size=(3, 400))
    e = (e - 0.5) * math.sqrt(2)  # variance 2/12
    shares, total = first_order_shares(3 * a + b + e, 2.0 + e, {"m.a": 3 * a + 0.5 + e, "m.b": 1.5 + b + e}, 1)
    for key, truth in (("m.a", 9 / 12), ("m.b", 1 / 12)):
        share, low, high = shares[key]
        assert share == pytest.approx(truth, abs=0.05) and low <= truth <= high
    assert total[0] == pytest.approx(10 / 12, abs=0.05)


def test_the_ranking_is_reproducible_by_seed():
    assert _decompose(_toy) == _decompose(_toy)
    assert one_at_a_time(PACKAGE, SEED, 3) == one_at_a_time(PACKAGE, SEED, 3)
    noisy = lambda config, seed: _toy(config, seed) + 30 * _seed_noise(seed)  # noqa: E731
    first, other = _decompose(noisy)[0][DRIVER], _decompose(noisy, seed=SEED + 1)[0][DRIVER]
    assert first != other  # other seeds draw other effects and resample otherwise


def test_an_effect_with_a_point_prior_or_set_by_the_file_is_not_ranked(monkeypatch):
    rows = uncertainty.effects("werk_naar_werk")
    point = {**rows[0], "name": "point_log_odds", "range": (0.2, 0.2), "default": 0.2}
    monkeypatch.setattr(uncertainty, "effects", lambda name: [*rows, point])
    configs = one_at_a_time({"interventions": [{"type": "werk_naar_werk"}]}, SEED, 0)
    assert set(configs) == {REFERENCE, DRIVER}
    assert _value(configs[REFERENCE], "werk_naar_werk.point_log_odds") == 0.2
    held = one_at_a_time({"interventions": [{"type": "werk_naar_werk", "side_entry_log_odds": 0.3}]}, SEED, 0)
    assert set(held) == {REFERENCE}  # a value the file sets is held, so it has no variance to rank


def test_no_spread_gives_no_shares_rather_than_invented_ones():
    flat = np.ones(8)
    shares, total = first_order_shares(flat, flat, {"m.a": flat}, 1)
    assert all(math.isnan(value) for value in (*shares["m.a"], *total))
