"""The persons with the `count` smallest keys of a weighted draw (deaths, births, emigrants), fast.

The set is what sorting every finite key would pick (continuous keys do not tie), so the way it is
found cannot change a result. Partitioning all 17 million keys of the living each time cost more than
drawing them; here a strided sample sets a threshold just above the count-th key, one parallel pass
gathers the keys below it (a few percent more than `count`), and only those are partitioned. Counts
are per fixed chunk, so the rows come out in row order for any number of threads.
"""

from __future__ import annotations

import numpy as np
from numba import njit, prange

from .chunks import CHUNKS, chunk_rows, threads_for

SAMPLE_STRIDE = 61  # every 61st key (a prime, so no period of the row layout lines up with it)
MARGIN = 1.25  # the threshold's quantile over the sample's, so one pass nearly always suffices


@njit(cache=True, parallel=True)
def _count_at_most(keys, threshold, counts):
    n = len(keys)
    for chunk in prange(CHUNKS):
        first, last = chunk_rows(chunk, n)
        found = 0
        for i in range(first, last):
            found += keys[i] <= threshold
        counts[chunk] = found


@njit(cache=True, parallel=True)
def _gather_at_most(keys, threshold, starts, rows):
    n = len(keys)
    for chunk in prange(CHUNKS):
        first, last = chunk_rows(chunk, n)
        k = starts[chunk]
        for i in range(first, last):
            if keys[i] <= threshold:
                rows[k] = i
                k += 1


def _threshold(keys: np.ndarray, count: int) -> float:
    """A key a little above the count-th smallest, from every SAMPLE_STRIDE-th key (inf: take all)."""
    sample = keys[::SAMPLE_STRIDE]
    sample = sample[np.isfinite(sample)]
    position = int(np.ceil(count / SAMPLE_STRIDE * MARGIN)) + 16
    return float(np.partition(sample, position)[position]) if position < len(sample) else np.inf


def smallest_keys(keys: np.ndarray, count: int) -> np.ndarray:
    """The rows of the `count` smallest finite keys, in row order (all finite ones if fewer)."""
    if count <= 0 or len(keys) == 0:
        return np.empty(0, dtype=np.int64)
    with threads_for(len(keys)):
        return _smallest(keys, count)


def _smallest(keys: np.ndarray, count: int) -> np.ndarray:
    counts = np.zeros(CHUNKS, dtype=np.int64)
    threshold = _threshold(keys, count)
    _count_at_most(keys, threshold, counts)
    if counts.sum() < count:  # the sample misled (never seen at scale): take every key
        threshold = np.inf
        _count_at_most(keys, threshold, counts)
    starts = np.concatenate((np.zeros(1, dtype=np.int64), np.cumsum(counts)[:-1]))
    rows = np.empty(int(counts.sum()), dtype=np.int64)
    _gather_at_most(keys, threshold, starts, rows)
    if threshold == np.inf:
        rows = rows[np.isfinite(keys[rows])]
    if count >= len(rows):
        return rows
    return np.sort(rows[np.argpartition(keys[rows], count - 1)[:count]])
