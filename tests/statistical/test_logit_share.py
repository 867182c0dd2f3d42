"""The choice at 12 in the kernel against its analytic share (fixed seed, stated tolerance)."""

import numpy as np

from careers_abm.core.codes import Stage
from careers_abm.core.effects import Effects
from careers_abm.core.people import People
from careers_abm.core.processes.schooling import schooling_kernel
from careers_abm.core.rules import logistic, tech_choice_utility

N = 200_000


def test_profile_choice_matches_the_logit(params):
    people = People(N)
    people.append(N)
    people.key[:] = np.arange(N, dtype=np.uint64) + 10**9
    people.birth_year[:] = 2000
    people.stage[:] = Stage.PRIMARY
    people.affinity[:] = 0.4
    people.ability[:] = 0.0
    effects = Effects()
    effects.reset(N)
    empty = np.zeros(0, dtype=np.int32)
    schooling_kernel(2012, people.columns(), params, effects.arrays(), empty, empty, 0.0, np.arange(N))

    p_vwo = logistic(params.schooling__vwo_constant)
    p_havo = logistic(params.schooling__havo_constant) - p_vwo
    shares = {Stage.VWO: p_vwo, Stage.HAVO: p_havo, Stage.VMBO: 1 - p_vwo - p_havo}
    for track, share in shares.items():
        chosen = people.stage == track
        # binomial standard error; 4 SE keeps a false alarm below 1 in 10,000
        assert abs(chosen.mean() - share) < 4 * np.sqrt(share * (1 - share) / N)
        p_tech = logistic(tech_choice_utility(params, int(track), 0.4, 0.0, False, False, 0.0, 0, 0.0, 0.0))
        observed = people.study_tech[chosen].mean()
        assert abs(observed - p_tech) < 4 * np.sqrt(p_tech * (1 - p_tech) / chosen.sum())
    assert (people.ev_entered == people.stage).all()
