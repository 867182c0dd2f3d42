"""Fixed row chunks for the parallel kernels.

A kernel runs `prange` over chunks and hands each chunk to a plain @njit function that loops over its
rows, calling the per-person function, which Numba inlines there. Two reasons for this shape:
- Numba loses writes made through a namedtuple's array directly inside a `prange` body (numba issues
  #5872, #7135), so the per-person code must not be inlined into the parallel loop itself;
- a call per chunk instead of per row removes the call overhead.
The row loops are compiled without Numba's reference counting (`_nrt=False`): every read of a column
through the namedtuple otherwise increments and decrements the array's count with an atomic operation,
about 150 ns a row when two threads share the columns. Without it, a row loop cannot allocate an
array (Numba refuses to compile one that does), which is what the loops should never do anyway.
Each person only writes its own row, so results do not depend on how chunks are spread over threads.
"""

import contextlib

import numba
from numba import njit

CHUNKS = 256
# Below this many rows a pass runs on one thread: starting a parallel region costs tens of
# microseconds on an idle machine and milliseconds on a loaded one (it waits for every thread to be
# scheduled), more than a second thread gains on a small pass. Chunks are fixed, so bits never change.
SERIAL_BELOW_ROWS = 200_000

row_loop = njit(cache=True, _nrt=False)


@njit(cache=True, inline="always")
def chunk_rows(chunk, n):
    """The first and one-past-last row of `chunk` when `n` rows are split into CHUNKS."""
    return chunk * n // CHUNKS, (chunk + 1) * n // CHUNKS


@contextlib.contextmanager
def threads_for(rows: int):
    """Run the parallel kernels called inside on one thread when there are fewer than SERIAL_BELOW_ROWS rows."""
    if rows >= SERIAL_BELOW_ROWS:
        yield
        return
    before = numba.get_num_threads()
    numba.set_num_threads(1)
    try:
        yield
    finally:
        numba.set_num_threads(before)
