"""Counter-based random numbers: a uniform draw is a pure hash of (seed, decision, key, year).

No generator state exists, so a draw never depends on thread count, array order or on who else drew
before: the same person in a baseline and a policy run gets the same numbers (common random numbers).
The mixer is SplitMix64's finaliser (Steele, Lea & Flood 2014), applied once per input word.
"""

import numpy as np
from numba import njit, prange, uint64

from .chunks import threads_for
from .codes import Decision

_GOLDEN = uint64(0x9E3779B97F4A7C15)
_MUL1 = uint64(0xBF58476D1CE4E5B9)
_MUL2 = uint64(0x94D049BB133111EB)
_TWO_POW_MINUS_53 = 1.0 / 9007199254740992.0
SECOND_UNIFORM = int(Decision.NORMAL_SECOND_UNIFORM)


@njit(cache=True, inline="always")
def mix64(x):
    """One SplitMix64 finalising round: a bijection of uint64 with full avalanche."""
    z = uint64(x) + _GOLDEN
    z = (z ^ (z >> uint64(30))) * _MUL1
    z = (z ^ (z >> uint64(27))) * _MUL2
    return z ^ (z >> uint64(31))


@njit(cache=True, inline="always")
def hash4(seed, decision, key, year):
    h = mix64(uint64(seed))
    h = mix64(h ^ uint64(decision))
    h = mix64(h ^ uint64(key))
    return mix64(h ^ uint64(year))


@njit(cache=True, inline="always")
def uniform(seed, decision, key, year):
    """A float64 in [0, 1) from the top 53 bits of the hash."""
    return float(hash4(seed, decision, key, year) >> uint64(11)) * _TWO_POW_MINUS_53


@njit(cache=True, inline="always")
def normal(seed, decision, key, year):
    """A standard normal draw by Box-Muller from two independent counter-based uniforms."""
    u1 = 1.0 - uniform(seed, decision, key, year)  # (0, 1]: log is finite
    u2 = uniform(seed, decision + SECOND_UNIFORM, key, year)
    return np.sqrt(-2.0 * np.log(u1)) * np.cos(2.0 * np.pi * u2)


@njit(cache=True)
def derived_key(parent_key, year, stream):
    """A stable key for a newborn (from its mother's key) or an immigrant (from year, stream, index)."""
    return mix64(mix64(uint64(parent_key) ^ mix64(uint64(year))) ^ uint64(stream))


@njit(cache=True, parallel=True)
def _uniform_array(seed, decision, keys, year):
    out = np.empty(len(keys))
    for i in prange(len(keys)):
        out[i] = uniform(seed, decision, keys[i], year)
    return out


@njit(cache=True, parallel=True)
def _normal_array(seed, decision, keys, year):
    out = np.empty(len(keys))
    for i in prange(len(keys)):
        out[i] = normal(seed, decision, keys[i], year)
    return out


def uniform_array(seed, decision, keys, year):
    """`uniform` for every key: vectorised draws for the population build, measures and groups."""
    with threads_for(len(keys)):
        return _uniform_array(seed, decision, keys, year)


def normal_array(seed, decision, keys, year):
    """`normal` for every key."""
    with threads_for(len(keys)):
        return _normal_array(seed, decision, keys, year)
