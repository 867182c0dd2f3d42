"""Counts the series does not carry, read from the person arrays after a simulated year: the technical
workforce by age and sex, and this year's flows through the pipeline. Counts are national estimates
(simulated persons divided by the scale), like every count in the series.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from careers_abm.core.codes import Attainment, Occupation, Sex, Stage, TechIn, Upgrade
from careers_abm.core.people import People

AGE_BAND_YEARS = 5
AGE_BANDS = np.arange(15, 80, AGE_BAND_YEARS)  # lower bounds: 15-19 ... 75-79


def technical_workforce_by_age(people: People, year: int, scale: float) -> dict[Sex, np.ndarray]:
    """Persons in a technical job at the end of `year`, per sex and five-year age band."""
    in_tech_job = (people.stage == Stage.LABOUR) & (people.occupation == Occupation.TECH)
    age = year - people.birth_year[in_tech_job].astype(np.int64)
    sex = people.sex[in_tech_job]
    edges = np.append(AGE_BANDS, AGE_BANDS[-1] + AGE_BAND_YEARS)
    return {s: np.histogram(age[sex == s], bins=edges)[0] / scale for s in (Sex.MALE, Sex.FEMALE)}


@dataclass(frozen=True)
class PipelineStage:
    """One step of the pipeline this year: the technical part and the rest, in persons a year."""

    name: str
    technical: float
    other: float
    other_label: str


def pipeline_flows(people: People, scale: float) -> list[PipelineStage]:
    """This year's entrants into secondary school (from primary) and into mbo/hbo/wo, the mbo/hbo/wo
    graduates, and the entrants into technical jobs (from education, or by other routes), from the
    events of the last simulated year. Like the series, only persons still resident are counted, and
    adult learners who obtain a diploma while in a technical job count as entrants from education."""
    resident = people.stage < Stage.DEAD
    entered, tech_study = people.ev_entered, people.study_tech == 1
    into_secondary = resident & np.isin(entered, (Stage.VMBO, Stage.HAVO, Stage.VWO))
    into_study = resident & np.isin(entered, (Stage.MBO, Stage.HBO, Stage.WO))
    graduated = resident & np.isin(people.ev_graduated, (Attainment.MBO, Attainment.HBO, Attainment.WO))
    tech_diploma = people.attain_tech == 1
    tech_in = people.ev_tech_in
    # an adult learner who earns an mbo diploma in a technical job joins the mbo-level technical workforce
    upgraded = (people.ev_upgraded & Upgrade.FROM_TECH_JOB) != 0
    from_education = resident & (np.isin(tech_in, (TechIn.GRADUATE, TechIn.INTL_GRADUATE)) | upgraded)
    by_other_route = resident & (tech_in != TechIn.NONE) & ~from_education

    def national(mask: np.ndarray) -> float:
        return int(np.count_nonzero(mask)) / scale

    return [
        PipelineStage(
            "into secondary\n(from primary)",
            national(into_secondary & tech_study),
            national(into_secondary & ~tech_study),
            "other profile",
        ),
        PipelineStage(
            "into mbo/hbo/wo", national(into_study & tech_study), national(into_study & ~tech_study), "other field"
        ),
        PipelineStage(
            "mbo/hbo/wo\ngraduates",
            national(graduated & tech_diploma),
            national(graduated & ~tech_diploma),
            "other field",
        ),
        PipelineStage(
            "into technical\njobs", national(from_education), national(by_other_route), "side-entry, re-entry, migrants"
        ),
    ]
