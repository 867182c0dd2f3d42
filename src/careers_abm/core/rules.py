"""The behavioural rules: small pure functions of a person's state, the parameters and a random number.

Each rule is written once and compiled with Numba; the kernels call it for millions of persons and
`PersonAgent.step` calls the very same function for one. `shift` arguments carry this year's
intervention effects (log-odds), zero when nothing acts.
"""

import numpy as np
from numba import njit

from .codes import Attainment, Stage

VMBO, HAVO, VWO, MBO, HBO, WO, LABOUR = (
    int(Stage.VMBO),
    int(Stage.HAVO),
    int(Stage.VWO),
    int(Stage.MBO),
    int(Stage.HBO),
    int(Stage.WO),
    int(Stage.LABOUR),
)
ATTAINMENT_MBO = int(Attainment.MBO)


@njit(cache=True, inline="always")
def logistic(x):
    return 1.0 / (1.0 + np.exp(-x))


@njit(cache=True, inline="always")
def secondary_track(p, ability, u):
    """Track at 12 by an ordered logit on ability: vwo, else havo, else vmbo."""
    if u < logistic(p.vwo_constant + p.ability_track_slope * ability):
        return VWO
    if u < logistic(p.havo_constant + p.ability_track_slope * ability):
        return HAVO
    return VMBO


@njit(cache=True, inline="always")
def tech_choice_utility(p, programme, affinity, ability, female, tech_parent, peer_share, prior_tech, signal, shift):
    """Log-odds of choosing the technical profile or field when entering `programme` (a Stage)."""
    return (
        p.tech_constant[programme - VMBO]
        + p.slope_affinity * affinity
        + p.slope_ability * ability
        + p.slope_female * female
        + p.slope_tech_parent * tech_parent
        + p.slope_peer * peer_share
        + p.slope_prior * prior_tech
        + p.slope_signal * signal
        + shift
    )


@njit(cache=True, inline="always")
def chooses(utility, u):
    """The binary logit decision: yes with probability logistic(utility)."""
    return u < logistic(utility)


@njit(cache=True, inline="always")
def next_programme(p, finished, u):
    """Where a graduate of `finished` goes next: a Stage, or LABOUR for the labour market."""
    if finished == VMBO:
        return MBO if u < p.vmbo_to_mbo else LABOUR
    if finished == HAVO:
        if u < p.havo_to_hbo:
            return HBO
        return MBO if u < p.havo_to_hbo + p.havo_to_mbo else LABOUR
    if finished == VWO:
        if u < p.vwo_to_wo:
            return WO
        return HBO if u < p.vwo_to_wo + p.vwo_to_hbo else LABOUR
    if finished == MBO:
        return HBO if u < p.mbo_to_hbo else LABOUR
    if finished == HBO:
        return WO if u < p.hbo_to_wo else LABOUR
    return LABOUR


@njit(cache=True, inline="always")
def dropout_probability(p, programme, tech, shift):
    base = p.dropout[programme - MBO] * (p.tech_dropout_multiplier if tech else 1.0)
    base = min(max(base, 1e-12), 1.0 - 1e-12)
    return logistic(np.log(base / (1.0 - base)) + shift)


@njit(cache=True, inline="always")
def switch_field_probability(p, tech):
    return p.switch_out_of_tech if tech else p.switch_into_tech


@njit(cache=True, inline="always")
def graduates(p, programme, years_done, u):
    """Graduation once the normal duration is reached; at the latest two years later."""
    duration = p.duration[programme - VMBO]
    if years_done < duration:
        return False
    if years_done >= duration + 2:
        return True
    return u < p.graduate_on_time


@njit(cache=True, inline="always")
def tech_job_utility(p, level, tech_field, female, affinity, signal, shift):
    """Log-odds that a labour-market entrant (or re-entrant) takes a technical job."""
    return (
        p.tech_job_constant[level]
        + p.job_tech_field * tech_field
        + p.job_female * female
        + p.job_affinity * affinity
        + p.job_signal * signal
        + shift
    )


@njit(cache=True, inline="always")
def leave_tech_probability(p, age, level, tech_educated, signal, shift):
    """Yearly probability that a technical worker moves to a non-technical job."""
    x = p.leave_tech_constant + p.leave_tech_level[level] + p.leave_tech_signal * signal + shift
    if not tech_educated:
        x += p.leave_tech_untrained
    if age < 30:
        x += p.leave_tech_young
    return logistic(x)


@njit(cache=True, inline="always")
def adult_enrolment_probability(p, age, attainment, employed):
    """Yearly probability that a worker without a vocational diploma starts a part-time mbo (BBL) programme."""
    if not employed or attainment >= ATTAINMENT_MBO or age < p.adult_min_age or age > p.adult_max_age:
        return 0.0
    return logistic(p.adult_entry_constant + p.adult_entry_age_slope * (age - p.adult_min_age))


@njit(cache=True, inline="always")
def adult_field_utility(p, affinity, ability, female, prior_tech, in_tech_job, signal, shift):
    """Log-odds of a technical programme for an adult learner: the mbo choice, plus the learner's job.

    A BBL programme is tied to the employer, so a worker in a technical job mostly learns a technical trade.
    """
    return tech_choice_utility(p, MBO, affinity, ability, female, False, 0.0, prior_tech, signal, shift) + (
        p.adult_tech_job * in_tech_job
    )


@njit(cache=True, inline="always")
def side_entry_probability(p, tech_educated, female, signal, shift):
    """Yearly probability that a worker in another job moves into a technical job."""
    x = p.side_entry_constant + p.side_entry_signal * signal + shift
    if female:
        x += p.side_entry_female
    if tech_educated:
        x += p.side_entry_tech_educated
    return logistic(x)


@njit(cache=True, inline="always")
def reemployment_probability(p, age, shift):
    """Yearly probability that an unemployed person finds work; falls with age above 50."""
    return logistic(p.reemployment_constant + p.reemployment_age_slope * max(age - 50, 0) + shift)


@njit(cache=True, inline="always")
def pension_age(p, year):
    index = min(max(year - p.pension_age_first_year, 0), len(p.pension_age) - 1)
    return p.pension_age[index]


@njit(cache=True, inline="always")
def retirement_probability(p, age, year, shift):
    """Yearly probability of retiring at completed age `age` in `year`, around the statutory age.

    A positive `shift` (log-odds) makes retirement more likely; work bonuses act through a negative one.
    """
    if age >= p.max_working_age:
        return 1.0
    gap = age - pension_age(p, year)
    if gap < -5.0:
        return 0.0
    if gap < -1.0:
        base = p.retire_early
    elif gap < 0.0:
        # the year in which the pension age falls: retire at it with the at-age probability, pro rata
        base = p.retire_early + (gap + 1.0) * (p.retire_at_pension_age - p.retire_early)
    elif gap < 1.0:
        base = p.retire_at_pension_age
    else:
        base = p.retire_after_pension_age
    if shift == 0.0:
        return base
    base = min(max(base, 1e-12), 1.0 - 1e-12)
    return logistic(np.log(base / (1.0 - base)) + shift)


@njit(cache=True, inline="always")
def death_probability(p, sex, age, year):
    """The 2011 death probability, falling by the yearly mortality improvement after 2011."""
    q = p.death_probability[sex, min(age, p.death_probability.shape[1] - 1)]
    return q * (1.0 - p.mortality_improvement) ** max(year - 2011, 0)


@njit(cache=True, inline="always")
def birth_probability(p, age):
    return p.fertility[min(age, len(p.fertility) - 1)] * p.fertility_multiplier


@njit(cache=True, inline="always")
def emigration_probability(p, age, first_generation):
    rate = p.emigration[min(age, len(p.emigration) - 1)] * p.emigration_multiplier
    if first_generation:
        rate *= p.migrant_emigration_multiplier
    return min(rate, 1.0)


@njit(cache=True, inline="always")
def intl_stay_probability(p, level, tech, shift):
    """Probability that a foreign graduate finds work during the search year and stays."""
    base = min(max(p.intl_stay[level], 1e-12), 1.0 - 1e-12)
    x = np.log(base / (1.0 - base)) + shift
    if tech:
        x += p.intl_stay_tech_shift
    return logistic(x)


@njit(cache=True, inline="always")
def inherited_affinity(rho, mother_affinity, z):
    """A child's technical affinity: partly the mother's (correlation `rho`), the rest a fresh normal `z`."""
    return rho * mother_affinity + np.sqrt(1.0 - rho * rho) * z
