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

from numba import njit

CHUNKS = 256

row_loop = njit(cache=True, _nrt=False)


@njit(cache=True, inline="always")
def chunk_rows(chunk, n):
    """The first and one-past-last row of `chunk` when `n` rows are split into CHUNKS."""
    return chunk * n // CHUNKS, (chunk + 1) * n // CHUNKS
