"""This year's intervention effects: per-person shifts (log-odds) on the rules' terms and hazards.

Interventions write here after demography; the processes read. A channel no intervention touches
stays a zero-length array, which the kernels read as "no shift": a baseline run allocates nothing.
"""

from __future__ import annotations

from collections import namedtuple

import numpy as np
from numba import njit

CHANNELS = (
    "school",  # technical choice at every school transition
    "dropout",  # dropout from mbo, hbo, wo
    "job",  # technical job choice at labour-market entry and re-employment
    "leave",  # leaving technical work for another job
    "side_entry",  # moving into technical work from another job
    "reemployment",  # finding work when unemployed
    "retire",  # retirement (negative: later)
    "stay",  # a foreign graduate staying to work
)

EffectArrays = namedtuple("EffectArrays", CHANNELS)
_EMPTY = np.zeros(0, dtype=np.float32)


@njit(cache=True, inline="always")
def shift_of(channel, i):
    return channel[i] if len(channel) > 0 else 0.0


class Effects:
    def __init__(self) -> None:
        self._arrays: dict[str, np.ndarray] = {}
        self._n = 0

    def reset(self, n: int) -> None:
        """Start a new year with `n` rows and every shift at zero."""
        self._n = n
        for name in list(self._arrays):
            if len(self._arrays[name]) < n:
                self._arrays[name] = np.zeros(n, dtype=np.float32)
            else:
                self._arrays[name][:n] = 0.0

    def channel(self, name: str) -> np.ndarray:
        """The writable shifts of one channel (allocated on first use)."""
        if name not in CHANNELS:
            raise KeyError(f"unknown effect channel {name!r}; channels: {', '.join(CHANNELS)}")
        if name not in self._arrays or len(self._arrays[name]) < self._n:
            self._arrays[name] = np.zeros(self._n, dtype=np.float32)
        return self._arrays[name][: self._n]

    def arrays(self) -> EffectArrays:
        return EffectArrays(*(self._arrays[name][: self._n] if name in self._arrays else _EMPTY for name in CHANNELS))
