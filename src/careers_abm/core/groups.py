"""School groups (classes): who sits with whom, and each group's technical share from last year.

A birth cohort entering primary school, or a secondary track, is split into groups of about
`group_size` simulated pupils; pupils who arrive later (immigrants) join a group of their cohort and
track at random. Groups are formed in simulated persons so peer groups stay realistic at any scale.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from .codes import Decision, Stage
from .people import People
from .rng import uniform_array

PRIMARY, VWO = int(Stage.PRIMARY), int(Stage.VWO)


class SchoolGroups:
    def __init__(self, group_size: int):
        self.group_size = group_size
        self.next_id = 0
        self._registry: dict[tuple[int, int], tuple[int, int]] = {}  # (birth year, stage) -> (first id, count)

    def assign(self, people: People, seed: int, year: int, candidates: np.ndarray | None = None) -> None:
        """Give every pupil without a group one; leavers' groups are cleared by the schooling kernel.
        `candidates`: ascending rows that include every pupil (the year's school rows and arrivals),
        all rows if not given."""
        stage = people.stage
        candidates = np.arange(people.n) if candidates is None else candidates
        rows = _pupils_without_group(stage, people.group, candidates)
        if len(rows) == 0:
            return
        codes = people.birth_year[rows].astype(np.int64) * 16 + stage[rows]
        draws = uniform_array(seed, int(Decision.SCHOOL_GROUP), people.key[rows], year)
        # Cohorts in ascending order of their code (new ones take the next ids in that order), each
        # one's members a slice of the sorted rows: one sort instead of a mask of all rows per cohort.
        order = np.argsort(codes, kind="stable")
        sorted_codes = codes[order]
        cohorts, starts = np.unique(sorted_codes, return_index=True)
        ends = np.append(starts[1:], len(order))
        for code, start, end in zip(cohorts.tolist(), starts.tolist(), ends.tolist()):
            members = order[start:end]
            cohort_key = (code // 16, code % 16)
            if cohort_key not in self._registry:
                count = max(1, round((end - start) / self.group_size))
                self._registry[cohort_key] = (self.next_id, count)
                self.next_id += count
            first, count = self._registry[cohort_key]
            people.group[rows[members]] = first + np.minimum((draws[members] * count).astype(np.int64), count - 1)

    def peer_summary(self, people: People, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Per group: pupils counted and how many of them are 'technical', from the current state.

        A primary pupil counts as technical when interested (affinity above zero); a secondary pupil
        when in a technical profile. Each pupil's own flag is kept so its choice can leave itself out.
        `rows`: every row that is not long gone (living.start_year); the others keep their flag of -1.
        """
        size = max(self.next_id, 1)
        group_tech = np.zeros(size, dtype=np.int32)
        group_n = np.zeros(size, dtype=np.int32)
        _count_peers(
            rows, people.stage, people.group, people.affinity, people.study_tech, people.peer_flag, group_tech, group_n
        )
        return group_tech, group_n


@njit(cache=True)
def _count_peers(rows, stage, group, affinity, study_tech, peer_flag, group_tech, group_n):
    """One serial pass (integer counts, so any order gives the same sums) with no temporaries."""
    for i in rows:
        if PRIMARY <= stage[i] <= VWO and group[i] >= 0:
            flag = (affinity[i] > 0) if stage[i] == PRIMARY else (study_tech[i] > 0)
            peer_flag[i] = flag
            group_n[group[i]] += 1
            group_tech[group[i]] += flag
        else:
            peer_flag[i] = -1


@njit(cache=True)
def _pupils_without_group(stage, group, candidates):
    """Those of `candidates` who are pupils (primary or secondary) with no group yet: two serial passes."""
    count = 0
    for i in candidates:
        count += PRIMARY <= stage[i] <= VWO and group[i] < 0
    rows = np.empty(count, dtype=np.int64)
    k = 0
    for i in candidates:
        if PRIMARY <= stage[i] <= VWO and group[i] < 0:
            rows[k] = i
            k += 1
    return rows
