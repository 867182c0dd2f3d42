"""The fast selection of the smallest keys picks exactly the rows a full partition picks."""

import numpy as np
import pytest

from careers_abm.core.selection import smallest_keys


def by_full_partition(keys, count):
    eligible = np.flatnonzero(np.isfinite(keys))
    count = min(count, len(eligible))
    if count <= 0:
        return np.empty(0, dtype=np.int64)
    return np.sort(eligible[np.argpartition(keys[eligible], count - 1)[:count]])


@pytest.mark.parametrize("n", [0, 1, 50, 1_000, 200_003])
@pytest.mark.parametrize("dead_share", [0.0, 0.4, 0.99, 1.0])
def test_the_same_rows_as_a_full_partition(n, dead_share):
    rng = np.random.default_rng(n + int(100 * dead_share))
    keys = -np.log1p(-rng.random(n)) / rng.gamma(2.0, 1.0, n)
    keys[rng.random(n) < dead_share] = np.inf
    keys[: n // 3] *= 50.0  # a row layout with structure (the old are at the top)
    finite = int(np.isfinite(keys).sum())
    for count in sorted({0, 1, 7, n // 100, n // 10, finite - 1, finite, finite + 5, n}):
        assert np.array_equal(smallest_keys(keys, count), by_full_partition(keys, count)), count
