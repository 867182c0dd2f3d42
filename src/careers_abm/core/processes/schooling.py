"""School and study: entry to primary school, the choices at 12 and after each diploma, the years of
secondary school (repeating, stepping down a track, early leaving, the final exam), dropout, field
switching, graduation, the fate of foreign graduates after their search year, and later entry
into higher education from the labour market.

Reads: age, stage, study state, ability, affinity, sex, the mother's occupation, last year's group
summaries (peer shares) and the perceived labour-market signal. Writes: the study state, attainment,
ev_entered / ev_graduated / ev_intl, and `entrant` for those who leave education for the labour
market this year. A person only writes its own row, so the loop can run in any order.
"""

from numba import njit, prange

from ..chunks import CHUNKS, chunk_rows, row_loop
from ..codes import (
    LEVEL_OF_PROGRAMME,
    Attainment,
    Decision,
    DemogEvent,
    EntrantKind,
    Occupation,
    SchoolYear,
    Sex,
    Stage,
)
from ..effects import shift_of
from ..rng import uniform
from ..rules import (
    chooses,
    dropout_probability,
    exam_outcome,
    graduates,
    intl_stay_probability,
    next_programme,
    re_entry_choice,
    secondary_track,
    secondary_year_outcome,
    switch_field_probability,
    tech_choice_utility,
)

CHILD, PRIMARY, VMBO, HAVO, VWO = (int(s) for s in (Stage.CHILD, Stage.PRIMARY, Stage.VMBO, Stage.HAVO, Stage.VWO))
MBO, HBO, WO, LABOUR, EMIGRATED = (int(s) for s in (Stage.MBO, Stage.HBO, Stage.WO, Stage.LABOUR, Stage.EMIGRATED))
TECH, NO_OCCUPATION = int(Occupation.TECH), int(Occupation.NONE)
PROMOTED, REPEATS, STEPS_DOWN, LEAVES = (int(s) for s in SchoolYear)
# Attainment obtained by finishing a programme (indexed by stage - VMBO).
ATTAINMENT_OF_PROGRAMME = (
    int(Attainment.VMBO),
    int(Attainment.HAVO),
    int(Attainment.VWO),
    int(Attainment.MBO),
    int(Attainment.HBO),
    int(Attainment.WO),
)


@njit(cache=True, inline="always")
def peer_share(i, c, group_tech, group_n):
    """Technical share among the other members of i's school group, from the year's start."""
    g = c.group[i]
    if g < 0 or g >= len(group_n):
        return 0.0
    own = c.peer_flag[i]
    others = group_n[g] - (1 if own >= 0 else 0)
    if others <= 0:
        return 0.0
    return (group_tech[g] - max(own, 0)) / others


@njit(cache=True, inline="always")
def has_tech_parent(i, c):
    m = c.mother[i]
    return m >= 0 and c.stage[m] == LABOUR and c.occupation[m] == TECH


@njit(cache=True, inline="always")
def _choose_field(i, year, c, p, programme, prior, peer, signal, school_shift, decision):
    utility = tech_choice_utility(
        p,
        programme,
        affinity=c.affinity[i],
        ability=c.ability[i],
        female=c.sex[i] == Sex.FEMALE,
        tech_parent=has_tech_parent(i, c),
        peer_share=peer,
        prior_tech=prior,
        signal=signal,
        shift=shift_of(school_shift, i),
    )
    return chooses(utility, uniform(p.run__seed, decision, c.key[i], year))


@njit(cache=True, inline="always")
def _enter(i, c, programme, tech):
    c.stage[i] = programme
    c.study_tech[i] = tech
    c.study_years[i] = 0
    c.ev_entered[i] = programme


@njit(cache=True, inline="always")
def _to_labour_market(i, c, kind):
    c.stage[i] = LABOUR
    c.group[i] = -1
    c.entrant[i] = kind


@njit(cache=True, inline="always")
def _graduate_from_secondary(i, year, c, p, programme, peer, signal, school_shift):
    c.attainment[i] = ATTAINMENT_OF_PROGRAMME[programme - VMBO]
    c.attain_tech[i] = c.study_tech[i] if programme == VMBO else 0
    c.ev_graduated[i] = c.attainment[i]
    c.prior_tech[i] = c.study_tech[i]
    c.group[i] = -1
    following = next_programme(p, finished=programme, u=uniform(p.run__seed, Decision.NEXT_LEVEL, c.key[i], year))
    if following == LABOUR:
        _to_labour_market(i, c, EntrantKind.GRADUATE)
    else:
        tech = _choose_field(
            i, year, c, p, following, c.prior_tech[i], peer, signal, school_shift, Decision.STUDY_FIELD
        )
        _enter(i, c, following, tech)
        if following == HAVO:  # a vmbo-gt graduate stacks into havo 4: the two upper years remain
            c.study_years[i] = p.study__duration[HAVO - VMBO] - 2


@njit(cache=True, inline="always")
def _step_down(i, year, c, p, track, finished, signal, school_shift):
    """A pupil moves to the track below after `finished` years: vwo to havo and early havo to vmbo
    keep the years done (at most up to the exam year) and the profile; havo from year 4 on goes to
    mbo (the havo-4 transition certificate gives access); a vmbo pupil leaves school."""
    if track == VMBO:
        _to_labour_market(i, c, EntrantKind.SCHOOL_LEAVER)
        return
    if track == VWO:
        c.stage[i] = HAVO
        c.study_years[i] = min(finished, p.study__duration[HAVO - VMBO] - 1)
        return
    vmbo_years = p.study__duration[VMBO - VMBO]
    if finished >= vmbo_years:
        c.prior_tech[i] = c.study_tech[i]
        c.group[i] = -1
        tech = _choose_field(i, year, c, p, MBO, c.prior_tech[i], 0.0, signal, school_shift, Decision.STUDY_FIELD)
        _enter(i, c, MBO, tech)
        return
    c.stage[i] = VMBO
    c.study_years[i] = min(finished, vmbo_years - 1)


@njit(cache=True, inline="always")
def _secondary_year(i, year, age, c, p, track, group_tech, group_n, signal, school_shift):
    """A year of secondary school: the final exam in the exam year, else moving up, repeating the
    year, stepping down a track or leaving school early."""
    key = c.key[i]
    finishing = c.study_years[i] + 1  # the year of study this school year completes
    if finishing >= p.study__duration[track - VMBO]:
        outcome = exam_outcome(p, track, uniform(p.run__seed, Decision.FINAL_EXAM, key, year))
        if outcome == PROMOTED:
            c.study_years[i] = finishing
            peer = peer_share(i, c, group_tech, group_n)
            _graduate_from_secondary(i, year, c, p, track, peer, signal, school_shift)
        elif outcome == STEPS_DOWN:
            _step_down(i, year, c, p, track, finishing, signal, school_shift)
        return  # a re-sit does the exam year again
    u = uniform(p.run__seed, Decision.SECONDARY_YEAR, key, year)
    outcome = secondary_year_outcome(p, track, year_of_study=finishing, age=age, u=u)
    if outcome == PROMOTED:
        c.study_years[i] = finishing
    elif outcome == STEPS_DOWN:
        _step_down(i, year, c, p, track, finishing, signal, school_shift)
    elif outcome == LEAVES:
        _to_labour_market(i, c, EntrantKind.SCHOOL_LEAVER)


@njit(cache=True, inline="always")
def _graduate_from_study(i, year, c, p, programme, signal, school_shift, stay_shift):
    c.attainment[i] = ATTAINMENT_OF_PROGRAMME[programme - VMBO]
    c.attain_tech[i] = c.study_tech[i]
    c.ev_graduated[i] = c.attainment[i]
    c.prior_tech[i] = c.study_tech[i]
    key = c.key[i]
    if c.intl[i]:
        level = LEVEL_OF_PROGRAMME[programme - VMBO]
        stay = intl_stay_probability(p, level=level, tech=c.study_tech[i], shift=shift_of(stay_shift, i))
        if uniform(p.run__seed, Decision.INTL_STAY, key, year) < stay:
            c.ev_intl[i] = 2
            _to_labour_market(i, c, EntrantKind.GRADUATE)
        else:
            c.ev_intl[i] = 1
            c.stage[i] = EMIGRATED
            c.ev_demog[i] = DemogEvent.EMIGRATED
        return
    following = next_programme(p, finished=programme, u=uniform(p.run__seed, Decision.NEXT_LEVEL, key, year))
    if following == LABOUR:
        _to_labour_market(i, c, EntrantKind.GRADUATE)
    else:
        tech = _choose_field(i, year, c, p, following, c.prior_tech[i], 0.0, signal, school_shift, Decision.STUDY_FIELD)
        _enter(i, c, following, tech)


@njit(cache=True, inline="always")
def _re_enter(i, year, age, c, p, signal, school_shift):
    """A person in the labour market (not in a technical job, not learning alongside work) who starts
    hbo or wo this year leaves the labour market for it."""
    if c.occupation[i] == TECH or c.adult_learner[i] or c.entrant[i] != 0:
        return
    u = uniform(p.run__seed, Decision.RE_ENTRY, c.key[i], year)
    programme = re_entry_choice(p, age=age, attainment=c.attainment[i], u=u)
    if programme == LABOUR:
        return
    prior = max(c.prior_tech[i], c.attain_tech[i])
    tech = _choose_field(i, year, c, p, programme, prior, 0.0, signal, school_shift, Decision.STUDY_FIELD)
    c.occupation[i] = NO_OCCUPATION
    c.occ_years[i] = 0
    _enter(i, c, programme, tech)


@njit(cache=True, inline="always")
def school_year(i, year, c, p, e, group_tech, group_n, signal):
    """One school year of person i: pupils and students, and those in the labour market who start
    higher education this year."""
    stage = c.stage[i]
    if stage > LABOUR or c.ev_demog[i] == DemogEvent.IMMIGRATED:  # newcomers start next school year
        return
    age = year - c.birth_year[i]  # the age reached this year: pupils move up in September
    if stage == LABOUR:
        _re_enter(i, year, age, c, p, signal, e.school)
        return
    key = c.key[i]
    if stage == CHILD:
        if age >= 4:
            c.stage[i] = PRIMARY
            c.ev_entered[i] = PRIMARY
        return
    if stage == PRIMARY:
        if age >= 12:
            track = secondary_track(
                p, ability=c.ability[i], u=uniform(p.run__seed, Decision.SECONDARY_TRACK, key, year)
            )
            peer = peer_share(i, c, group_tech, group_n)
            tech = _choose_field(i, year, c, p, track, 0, peer, signal, e.school, Decision.SECONDARY_PROFILE)
            c.group[i] = -1
            _enter(i, c, track, tech)
        return
    if stage <= VWO:
        _secondary_year(i, year, age, c, p, stage, group_tech, group_n, signal, e.school)
        return
    tech = c.study_tech[i]
    dropout = dropout_probability(
        p, programme=stage, tech=tech, years_done=c.study_years[i], shift=shift_of(e.dropout, i)
    )
    if uniform(p.run__seed, Decision.DROPOUT, key, year) < dropout:
        if c.intl[i]:
            c.stage[i] = EMIGRATED
            c.ev_demog[i] = DemogEvent.EMIGRATED
        else:
            _to_labour_market(i, c, EntrantKind.SCHOOL_LEAVER)
        return
    if uniform(p.run__seed, Decision.SWITCH_FIELD, key, year) < switch_field_probability(p, tech=tech):
        c.study_tech[i] = 1 - tech
        c.study_years[i] = 0  # a switch restarts the programme
        return
    c.study_years[i] += 1
    u_graduate = uniform(p.run__seed, Decision.GRADUATE, key, year)
    if graduates(p, programme=stage, years_done=c.study_years[i], u=u_graduate):
        _graduate_from_study(i, year, c, p, stage, signal, e.school, e.stay)


@row_loop
def _school_year_rows(first, last, rows, year, c, p, e, group_tech, group_n, signal):
    for j in range(first, last):
        school_year(rows[j], year, c, p, e, group_tech, group_n, signal)


@njit(cache=True, parallel=True)
def schooling_kernel(year, c, p, e, group_tech, group_n, signal, rows):
    """`school_year` for `rows`: those in education or in the labour market at the year's start (nobody else
    has a school year)."""
    for chunk in prange(CHUNKS):
        first, last = chunk_rows(chunk, len(rows))
        _school_year_rows(first, last, rows, year, c, p, e, group_tech, group_n, signal)
