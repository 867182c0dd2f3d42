"""Integer codes stored in the person arrays and used as random-stream ids.

The values are part of the saved state and of every random number drawn, so they are never renumbered:
new codes are appended.
"""

from enum import IntEnum


class Sex(IntEnum):
    MALE = 0
    FEMALE = 1


class Stage(IntEnum):
    """Where a person is in the life course; DEAD and EMIGRATED rows stay in the arrays, flagged."""

    CHILD = 0  # 0-3, not yet at school
    PRIMARY = 1  # 4-11
    VMBO = 2
    HAVO = 3
    VWO = 4
    MBO = 5
    HBO = 6
    WO = 7
    LABOUR = 8  # out of education, before retirement: employed, unemployed or inactive
    RETIRED = 9
    DEAD = 10
    EMIGRATED = 11


class Attainment(IntEnum):
    """Highest diploma; ordered, so comparisons mean 'at least'."""

    NONE = 0  # primary only
    VMBO = 1
    HAVO = 2
    VWO = 3
    MBO = 4
    HBO = 5
    WO = 6


class Level(IntEnum):
    """The four education levels of the output contract and of the ROA projections."""

    VMBO = 0
    MBO = 1
    HBO = 2
    WO = 3


LEVEL_NAMES = tuple(level.name.lower() for level in Level)  # ("vmbo", "mbo", "hbo", "wo")


# The programmes in which a technical choice is made, Stage.VMBO..Stage.WO: arrays by programme are
# indexed by stage - Stage.VMBO.
PROGRAMME_STAGES = (Stage.VMBO, Stage.HAVO, Stage.VWO, Stage.MBO, Stage.HBO, Stage.WO)
PROGRAMME_NAMES = tuple(stage.name.lower() for stage in PROGRAMME_STAGES)

# The labour-market level of each highest diploma: without a vocational or higher diploma a person
# works at the vmbo level (ROA's lowest education group).
_LEVEL_BY_ATTAINMENT = {
    Attainment.NONE: Level.VMBO,
    Attainment.VMBO: Level.VMBO,
    Attainment.HAVO: Level.VMBO,
    Attainment.VWO: Level.VMBO,
    Attainment.MBO: Level.MBO,
    Attainment.HBO: Level.HBO,
    Attainment.WO: Level.WO,
}
LEVEL_OF_ATTAINMENT = tuple(int(_LEVEL_BY_ATTAINMENT[a]) for a in Attainment)  # indexed by Attainment
# The level a diploma counts at in graduation statistics: havo/vwo diplomas are no level (-1).
LEVEL_OF_DIPLOMA = tuple(
    int(_LEVEL_BY_ATTAINMENT[a]) if a in (Attainment.VMBO, Attainment.MBO, Attainment.HBO, Attainment.WO) else -1
    for a in Attainment
)
# The level of each programme (havo and vwo count at the vmbo level, as their pupils' labour market does).
LEVEL_OF_PROGRAMME = (int(Level.VMBO), int(Level.VMBO), int(Level.VMBO), int(Level.MBO), int(Level.HBO), int(Level.WO))
# The level whose inflow an entrant of each stage counts in (-1: a stage that is not a level).
LEVEL_OF_STAGE = tuple(
    LEVEL_OF_PROGRAMME[s - Stage.VMBO] if s in (Stage.VMBO, Stage.MBO, Stage.HBO, Stage.WO) else -1 for s in Stage
)


class Occupation(IntEnum):
    NONE = 0  # in education or a child
    TECH = 1
    NONTECH = 2
    UNEMPLOYED = 3
    INACTIVE = 4
    RETIRED = 5


class TechIn(IntEnum):
    """How a person entered a technical job this year (0: did not)."""

    NONE = 0
    GRADUATE = 1  # first job after education
    SIDE_ENTRY = 2  # from a non-technical job
    REEMPLOYED = 3  # from unemployment or inactivity
    MIGRANT = 4  # knowledge migrant or immigrant worker
    INTL_GRADUATE = 5  # foreign graduate staying after the search year


class TechOut(IntEnum):
    """How a person left a technical job this year (0: did not)."""

    NONE = 0
    TO_OTHER_JOB = 1
    JOB_LOSS = 2
    INACTIVE = 3
    RETIRED = 4
    DIED = 5
    EMIGRATED = 6


class Upgrade(IntEnum):
    """Bits of ev_upgraded: an adult learner obtained an mbo diploma this year, and what they had before.

    A technical worker who upgrades moves from the vmbo-level to the mbo-level technical workforce.
    """

    DIPLOMA = 1
    FROM_TECH_DIPLOMA = 2
    FROM_TECH_JOB = 4


class SchoolYear(IntEnum):
    """What follows a year of secondary school (rules.secondary_year_outcome, rules.exam_outcome)."""

    PROMOTED = 0  # moves up a year, or passes the exam
    REPEATS = 1  # does the year again (or re-sits the exam)
    STEPS_DOWN = 2  # moves to the track below (afstroom)
    LEAVES = 3  # leaves school without a diploma (early school leaving)


class DemogEvent(IntEnum):
    NONE = 0
    BORN = 1
    IMMIGRATED = 2
    DIED = 3
    EMIGRATED = 4


class EntrantKind(IntEnum):
    """Why a person enters the labour market this year (0: does not)."""

    NONE = 0
    GRADUATE = 1  # with a diploma, not studying further
    SCHOOL_LEAVER = 2  # dropped out
    IMMIGRANT = 3
    ADULT_LEARNER = 4  # left part-time vocational education taken alongside work (a school-leaver to ROA)


class Decision(IntEnum):
    """Random-stream ids: one per decision, so each decision has its own independent draws."""

    BUILD_SEX = 0
    BUILD_AGE = 1
    BUILD_ABILITY = 2
    BUILD_AFFINITY = 3
    BUILD_STAGE = 4
    BUILD_FIELD = 5
    BUILD_ATTAINMENT = 6
    BUILD_OCCUPATION = 7
    BUILD_MOTHER = 8
    BUILD_MOTHER_AGE = 9
    BUILD_STUDY_YEAR = 10
    BUILD_MIGRANT = 11
    TRACKED_PANEL = 12  # who is in the tracked panel (an observation choice, not a behaviour)
    DEATH = 20
    BIRTH = 21
    EMIGRATION = 22
    NEWBORN_SEX = 23
    NEWBORN_ABILITY = 24
    NEWBORN_AFFINITY = 25
    IMMIGRANT_AGE = 26
    IMMIGRANT_SEX = 27
    IMMIGRANT_ATTAINMENT = 28
    IMMIGRANT_FIELD = 29
    IMMIGRANT_OCCUPATION = 30
    IMMIGRANT_ABILITY = 31
    IMMIGRANT_AFFINITY = 32
    SCHOOL_GROUP = 40
    SECONDARY_TRACK = 41
    SECONDARY_PROFILE = 42
    NEXT_LEVEL = 43
    STUDY_FIELD = 44
    DROPOUT = 45
    SWITCH_FIELD = 46
    GRADUATE = 47
    CONTINUE_STUDY = 48
    RE_ENTRY = 49  # a person in the labour market starts higher education (gap year, second start)
    LABOUR_ACTIVE = 50
    LABOUR_EMPLOYED = 51
    TECH_JOB = 52
    LEAVE_TECH = 53
    SIDE_ENTRY = 54
    JOB_LOSS = 55
    REEMPLOYMENT = 56
    REENTRY_TECH = 57
    WITHDRAW = 58
    RETIRE = 59
    INTL_STAY = 60
    INTL_FIELD = 61
    REACTIVATE = 62
    ADULT_ENROL = 63
    ADULT_FIELD = 64
    TECH_HIRE = 65  # an applicant's place in the queue for a technical vacancy (labour_market.py)
    SECONDARY_YEAR = 66  # a pupil's year of secondary school: moves up, repeats, steps down or leaves
    FINAL_EXAM = 67  # a pupil's final exam: passes, re-sits or steps down
    INTERVENTION_REACH = 80  # + intervention slot, so each intervention has its own stream
    BUILD_TECH_JOB = 507  # technical jobs of the 2011 workforce, drawn after the occupation
    NORMAL_SECOND_UNIFORM = 1000  # + a decision: the second uniform of that decision's normal draw
    EFFECT_PRIOR = 2000  # a replication's draw of an effect size from its prior (key: slot x 64 + effect key)
    RANKING_BOOTSTRAP = 2001  # a resample of the replications for the effect ranking's interval (key: draw)
    POSTERIOR_DRAW = 2002  # a replication's row of the posterior sample of the behavioural parameters (key 0)
    POSTERIOR_DESIGN = 2003  # the posterior's Latin hypercube (key: (row x 128 + component) x 2 + part, year: wave)
    POSTERIOR_MCMC = 2004  # the posterior's ensemble sampler (key: (step x walkers + walker) x 4 + part)
