"""The behavioural rules: small pure functions of a person's state, the parameters and a random number.

Each rule is written once and compiled with Numba; the kernels call it for millions of persons and
`PersonAgent.step` calls the very same function for one. Callers pass a person's state by keyword
(`tech_choice_utility(p, programme, affinity=..., ...)`), so a term added to a rule can never shift
another. `p` is the parameter record (params.py): `p.schooling__tech_slopes__female` is the TOML key
`schooling.tech_slopes.female`. `shift` arguments carry this year's intervention effects (log-odds),
zero when nothing acts.
"""

import numpy as np
from numba import njit

from .codes import LEVEL_OF_PROGRAMME, Attainment, SchoolYear, Stage

VMBO, HAVO, VWO, MBO, HBO, WO, LABOUR = (
    int(Stage.VMBO),
    int(Stage.HAVO),
    int(Stage.VWO),
    int(Stage.MBO),
    int(Stage.HBO),
    int(Stage.WO),
    int(Stage.LABOUR),
)
ATTAINMENT_HAVO, ATTAINMENT_VWO, ATTAINMENT_MBO = int(Attainment.HAVO), int(Attainment.VWO), int(Attainment.MBO)
PROMOTED, REPEATS, STEPS_DOWN, LEAVES = (
    int(SchoolYear.PROMOTED),
    int(SchoolYear.REPEATS),
    int(SchoolYear.STEPS_DOWN),
    int(SchoolYear.LEAVES),
)
SMALLEST_PROBABILITY = 1e-12  # probabilities are kept this far from 0 and 1 before taking log-odds


@njit(cache=True, inline="always")
def logistic(x):
    return 1.0 / (1.0 + np.exp(-x))


@njit(cache=True, inline="always")
def log_odds(probability):
    """The log-odds of a probability, kept finite at 0 and 1."""
    q = min(max(probability, SMALLEST_PROBABILITY), 1.0 - SMALLEST_PROBABILITY)
    return np.log(q / (1.0 - q))


@njit(cache=True, inline="always")
def shifted_probability(probability, shift):
    """A probability moved by `shift` on the log-odds scale: how an intervention acts on a hazard."""
    return logistic(log_odds(probability) + shift)


@njit(cache=True, inline="always")
def chooses(utility, u):
    """The binary logit decision: yes with probability logistic(utility)."""
    return u < logistic(utility)


@njit(cache=True, inline="always")
def secondary_track(p, ability, u):
    """Track at 12 by an ordered logit on ability: vwo, else havo, else vmbo."""
    if u < logistic(p.schooling__vwo_constant + p.schooling__ability_track_slope * ability):
        return VWO
    if u < logistic(p.schooling__havo_constant + p.schooling__ability_track_slope * ability):
        return HAVO
    return VMBO


@njit(cache=True, inline="always")
def _given(probability):
    """A per-track probability, zero where the track does not give one (NaN in the record)."""
    return 0.0 if np.isnan(probability) else probability


@njit(cache=True, inline="always")
def secondary_year_outcome(p, track, year_of_study, age, u):
    """What follows a finished year of secondary school before the exam year (a SchoolYear): early
    leaving from the minimum leaving age; from year 3 (after the lower years, where CBS counts
    repeaters and the profile is chosen) stepping down a track or repeating the year; else moving up."""
    leave = p.schooling__secondary__early_leaving if age >= p.schooling__secondary__min_leaving_age else 0.0
    if u < leave:
        return LEAVES
    if year_of_study < 3:
        return PROMOTED
    down = leave + _given(p.schooling__secondary__step_down[track - VMBO])
    if u < down:
        return STEPS_DOWN
    if u < down + _given(p.schooling__secondary__repeat[track - VMBO]):
        return REPEATS
    return PROMOTED


@njit(cache=True, inline="always")
def exam_outcome(p, track, u):
    """The final exam of a secondary track (a SchoolYear): passes; or fails and re-sits the exam year
    (share `resit` of those who fail), or steps down (vwo to havo's exam year, havo to mbo, vmbo out)."""
    passes = p.schooling__secondary__exam_pass[track - VMBO]
    if u < passes:
        return PROMOTED
    if u < passes + (1.0 - passes) * p.schooling__secondary__resit:
        return REPEATS
    return STEPS_DOWN


@njit(cache=True, inline="always")
def tech_choice_utility(p, programme, affinity, ability, female, tech_parent, peer_share, prior_tech, signal, shift):
    """Log-odds of choosing the technical profile or field when entering `programme` (a Stage)."""
    return (
        p.schooling__tech_constant[programme - VMBO]
        + p.schooling__tech_slopes__affinity * affinity
        + p.schooling__tech_slopes__ability * ability
        + p.schooling__tech_slopes__female * female
        + p.schooling__tech_slopes__tech_parent * tech_parent
        + p.schooling__tech_slopes__peer_share * peer_share
        + p.schooling__tech_slopes__prior_field * prior_tech
        + p.schooling__tech_slopes__signal * signal
        + shift
    )


@njit(cache=True, inline="always")
def next_programme(p, finished, u):
    """Where a graduate of `finished` goes next: a Stage, or LABOUR for the labour market."""
    if finished == VMBO:
        if u < p.schooling__transitions__vmbo_to_mbo:
            return MBO
        return HAVO if u < p.schooling__transitions__vmbo_to_mbo + p.schooling__transitions__vmbo_to_havo else LABOUR
    if finished == HAVO:
        if u < p.schooling__transitions__havo_to_hbo:
            return HBO
        return MBO if u < p.schooling__transitions__havo_to_hbo + p.schooling__transitions__havo_to_mbo else LABOUR
    if finished == VWO:
        if u < p.schooling__transitions__vwo_to_wo:
            return WO
        return HBO if u < p.schooling__transitions__vwo_to_wo + p.schooling__transitions__vwo_to_hbo else LABOUR
    if finished == MBO:
        return HBO if u < p.schooling__transitions__mbo_to_hbo else LABOUR
    if finished == HBO:
        return WO if u < p.schooling__transitions__hbo_to_wo else LABOUR
    return LABOUR


@njit(cache=True, inline="always")
def base_dropout_rate(p, programme, tech, years_done):
    """The dropout rate of `programme` (mbo, hbo or wo) before any intervention: front-loaded, the
    first-year rate while no year is done (where the level gives one), the yearly rate after."""
    level = LEVEL_OF_PROGRAMME[programme - VMBO]
    first_year = p.study__first_year_dropout[level]
    rate = first_year if years_done == 0 and not np.isnan(first_year) else p.study__dropout[level]
    return rate * (p.study__progress__tech_dropout_multiplier if tech else 1.0)


@njit(cache=True, inline="always")
def dropout_probability(p, programme, tech, years_done, shift):
    return shifted_probability(base_dropout_rate(p, programme, tech, years_done), shift)


@njit(cache=True, inline="always")
def re_entry_choice(p, age, attainment, u):
    """Whether a person in the labour market starts higher education this year (HBO, WO or LABOUR):
    a gap year, a second start, part-time study. Eligible: aged min_age..max_age with a havo, vwo or
    mbo diploma as the highest (vwo only for wo); the caller excludes technical workers and learners."""
    if attainment < ATTAINMENT_HAVO or attainment > ATTAINMENT_MBO:
        return LABOUR
    if age < p.schooling__re_entry__min_age or age > p.schooling__re_entry__max_age:
        return LABOUR
    age_term = p.schooling__re_entry__age_slope * (age - p.schooling__re_entry__min_age)
    to_wo = logistic(p.schooling__re_entry__wo_constant + age_term) if attainment == ATTAINMENT_VWO else 0.0
    if u < to_wo:
        return WO
    if u < to_wo + logistic(p.schooling__re_entry__hbo_constant + age_term):
        return HBO
    return LABOUR


@njit(cache=True, inline="always")
def switch_field_probability(p, tech):
    return p.study__progress__switch_out_of_tech if tech else p.study__progress__switch_into_tech


@njit(cache=True, inline="always")
def graduates(p, programme, years_done, u):
    """Graduation once the normal duration is reached; at the latest two years later."""
    duration = p.study__duration[programme - VMBO]
    if years_done < duration:
        return False
    if years_done >= duration + 2:
        return True
    return u < p.study__progress__graduate_on_time


@njit(cache=True, inline="always")
def participation_probability(p, female):
    """Probability that a school leaver or graduate joins the labour force."""
    return p.labour_entry__active_female if female else p.labour_entry__active_male


@njit(cache=True, inline="always")
def tech_job_utility(p, level, tech_field, female, affinity, signal, shift):
    """Log-odds that a labour-market entrant (or re-entrant) takes a technical job."""
    return (
        p.labour_entry__tech_job_constant[level]
        + p.labour_entry__tech_job_slopes__tech_field * tech_field
        + p.labour_entry__tech_job_slopes__female * female
        + p.labour_entry__tech_job_slopes__affinity * affinity
        + p.labour_entry__tech_job_slopes__signal * signal
        + shift
    )


@njit(cache=True, inline="always")
def leave_tech_probability(p, age, level, tech_educated, signal, shift):
    """Yearly probability that a technical worker moves to a non-technical job."""
    x = (
        p.working_life__leave_tech_constant
        + p.working_life__leave_tech_level[level]
        + p.working_life__leave_tech_signal * signal
        + shift
    )
    if not tech_educated:
        x += p.working_life__leave_tech_untrained
    if age < 30:
        x += p.working_life__leave_tech_young
    return logistic(x)


@njit(cache=True, inline="always")
def adult_enrolment_probability(p, age, attainment, employed):
    """Yearly probability that a worker without a vocational diploma starts a part-time mbo (BBL) programme."""
    if (
        not employed
        or attainment >= ATTAINMENT_MBO
        or age < p.adult_learning__min_age
        or age > p.adult_learning__max_age
    ):
        return 0.0
    return logistic(
        p.adult_learning__entry_constant + p.adult_learning__entry_age_slope * (age - p.adult_learning__min_age)
    )


@njit(cache=True, inline="always")
def adult_field_utility(p, affinity, ability, female, prior_tech, in_tech_job, signal, shift):
    """Log-odds of a technical programme for an adult learner: the mbo choice, plus the learner's job.

    A BBL programme is tied to the employer, so a worker in a technical job mostly learns a technical trade.
    """
    mbo_choice = tech_choice_utility(
        p,
        MBO,
        affinity=affinity,
        ability=ability,
        female=female,
        tech_parent=False,
        peer_share=0.0,
        prior_tech=prior_tech,
        signal=signal,
        shift=shift,
    )
    return mbo_choice + p.adult_learning__tech_job * in_tech_job


@njit(cache=True, inline="always")
def side_entry_probability(p, tech_educated, female, signal, tension, shift):
    """Yearly probability that a worker in another job applies for a technical job; more in a tight market."""
    x = (
        p.working_life__side_entry_constant
        + p.working_life__side_entry_signal * signal
        + p.working_life__side_entry_tension * tension_pressure(p, tension)
        + shift
    )
    if female:
        x += p.working_life__side_entry_female
    if tech_educated:
        x += p.working_life__side_entry_tech_educated
    return logistic(x)


@njit(cache=True, inline="always")
def reemployment_probability(p, age, shift):
    """Yearly probability that an unemployed person finds work; falls with age above 50."""
    return logistic(
        p.working_life__reemployment_constant + p.working_life__reemployment_age_slope * max(age - 50, 0) + shift
    )


@njit(cache=True, inline="always")
def unemployment_rate(p, year):
    """The national unemployment rate (%) that drives the business cycle in `year`: the observed and
    projected path (held at its ends), plus the scenario's offset from its first year."""
    index = min(max(year - p.unemployment_first_year, 0), len(p.unemployment_rate) - 1)
    rate = p.unemployment_rate[index]
    if year >= p.labour_market__cycle__offset_from_year:
        rate += p.labour_market__cycle__offset
    return max(rate, 0.1)


@njit(cache=True, inline="always")
def cycle_position(p, year):
    """log(unemployment rate / reference rate): positive in a slack year, negative in a tight one."""
    return np.log(unemployment_rate(p, year) / p.labour_market__cycle__reference_rate)


@njit(cache=True, inline="always")
def job_loss_probability(p, tech, level, cycle):
    """Yearly probability of losing a job: the trend rate, scaled with the cycle; technical jobs at the
    lower levels (industry, construction) swing more."""
    elasticity = p.labour_market__cycle__separation_elasticity
    if tech:
        elasticity *= p.labour_market__cycle__tech_cyclicality[level]
    return min(p.working_life__job_loss * np.exp(elasticity * cycle), 1.0)


@njit(cache=True, inline="always")
def job_finding_shift(p, cycle):
    """Log-odds shift of finding a first job in this year's business cycle (re-employment of the
    unemployed meets the national path itself: labour_market.reemployment_shift)."""
    return -p.labour_market__cycle__finding_elasticity * cycle


@njit(cache=True, inline="always")
def tension_pressure(p, tension):
    """tanh(log(tension / reference)): towards -1 in a slack market, 0 at the reference, towards +1 tight."""
    return np.tanh(np.log(max(tension, 1e-9) / p.labour_market__premium__reference_tension))


@njit(cache=True, inline="always")
def next_premium(p, premium, tension):
    """The premium after a year: a share `decay` of the gap to a bounded target closes (the friction)."""
    target = p.labour_market__premium__bound * np.tanh(
        p.labour_market__premium__adjustment * np.log(max(tension, 1e-9) / p.labour_market__premium__reference_tension)
    )
    return (1.0 - p.labour_market__premium__decay) * premium + p.labour_market__premium__decay * target


@njit(cache=True)
def matches(p, vacancies, applicants):
    """Hires at one level: a constant-returns Cobb-Douglas matching function, never more than the
    vacancies or the applicants (Petrongolo & Pissarides 2001)."""
    if vacancies <= 0 or applicants <= 0:
        return 0
    e = p.labour_market__matching__seeker_elasticity
    m = p.labour_market__matching__efficiency * float(vacancies) ** (1.0 - e) * float(applicants) ** e
    return int(min(np.floor(m), vacancies, applicants))


@njit(cache=True, inline="always")
def hired(u, threshold):
    """An applicant is hired when their draw is below the level's threshold: the `matches` lowest draws."""
    return u < threshold


@njit(cache=True, inline="always")
def pension_age(p, year):
    index = min(max(year - p.pension_age_first_year, 0), len(p.pension_age) - 1)
    return p.pension_age[index]


@njit(cache=True, inline="always")
def retirement_probability(p, age, year, shift):
    """Yearly probability of retiring at completed age `age` in `year`, around the statutory age.

    A positive `shift` (log-odds) makes retirement more likely; work bonuses act through a negative one.
    """
    if age >= p.retirement__max_working_age:
        return 1.0
    gap = age - pension_age(p, year)
    if gap < -5.0:
        return 0.0
    if gap < -1.0:
        base = p.retirement__early
    elif gap < 0.0:
        # the year in which the pension age falls: retire at it with the at-age probability, pro rata
        base = p.retirement__early + (gap + 1.0) * (p.retirement__at_pension_age - p.retirement__early)
    elif gap < 1.0:
        base = p.retirement__at_pension_age
    else:
        base = p.retirement__after_pension_age
    if shift == 0.0:
        return base
    return shifted_probability(base, shift)


@njit(cache=True, inline="always")
def race_key(weight, u):
    """A person's key in a weighted draw of an exact yearly count (Efraimidis & Spirakis 2006, the
    exponential race): the `count` persons with the smallest keys are a sample without replacement in
    which each is picked in proportion to `weight`. Demographic totals are observed inputs, so the
    count is the series' value; the age profile only decides who. A weight of zero never is picked."""
    if weight <= 0.0:
        return np.inf
    return -np.log(1.0 - u) / weight


@njit(cache=True, inline="always")
def death_weight(p, sex, age):
    """Relative risk of dying this year: the 2011 death probability by sex and age, calibrated to the
    published 2011 deaths (tables.mortality_by_age_and_sex)."""
    table = p.death_weight
    return table[sex, min(age, table.shape[1] - 1)]


@njit(cache=True, inline="always")
def birth_weight(p, age):
    """Relative chance of giving birth this year: the 2011 births per woman by mother's age."""
    fertility = p.fertility
    return fertility[min(age, len(fertility) - 1)]


@njit(cache=True, inline="always")
def emigration_weight(p, age, first_generation):
    """Relative chance of emigrating: the 2011 emigration rate by age, higher for first-generation migrants."""
    emigration = p.emigration
    rate = emigration[min(age, len(emigration) - 1)]
    if first_generation:
        rate *= p.demography__migrant_emigration_multiplier
    return rate


@njit(cache=True, inline="always")
def intl_stay_probability(p, level, tech, shift):
    """Probability that a foreign graduate finds work during the search year and stays."""
    x = log_odds(p.international__stay[level]) + shift
    if tech:
        x += p.international__stay_tech_shift
    return logistic(x)


@njit(cache=True, inline="always")
def inherited_affinity(rho, mother_affinity, z):
    """A child's technical affinity: partly the mother's (correlation `rho`), the rest a fresh normal `z`."""
    return rho * mother_affinity + np.sqrt(1.0 - rho * rho) * z
