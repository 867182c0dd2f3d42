"""The rest of the year of each person in one pass: labour-market entry, working life, the key in the
draw of emigrants, and the person's contribution to the year's counts (before emigration and matching).

Each of these reads and writes the person's own row only (labour.py, demography.py, results.py), so
doing them one person at a time gives the same bits as four passes over everyone, with a quarter of
the memory traffic and of the parallel regions. The schedule then corrects the counts for the few rows
emigration and matching change (sim.py).
"""

import numpy as np
from numba import njit, prange

from ..chunks import CHUNKS, chunk_rows, row_loop
from ..results import N_COUNTERS, count_person
from .demography import emigration_key
from .labour import enter_labour_market, work_year


@row_loop
def _working_year_rows(first, last, rows, year, c, p, e, signal, market, emigration_keys, counts):
    for j in range(first, last):
        i = rows[j]
        enter_labour_market(i, year, c, p, e, signal, market)
        work_year(i, year, c, p, e, signal, market)
        emigration_keys[j] = emigration_key(i, year, c, p)
        count_person(i, year, c, counts)


@njit(cache=True, parallel=True)
def working_year_kernel(year, c, p, e, signal, market, rows, emigration_keys):
    """Entry and working life for `rows` (every row with anything to do this year), each one's
    emigration key (by position in `rows`), and the counters over them as `results.count_year` gives."""
    partial = np.zeros((CHUNKS, N_COUNTERS), dtype=np.int64)
    for chunk in prange(CHUNKS):
        first, last = chunk_rows(chunk, len(rows))
        _working_year_rows(first, last, rows, year, c, p, e, signal, market, emigration_keys, partial[chunk])
    return partial.sum(axis=0)
