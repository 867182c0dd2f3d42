"""Params: the validated config flattened into one Numba-friendly namedtuple, with the data tables.

Kernels and the per-agent path receive the same Params, so a rule sees identical inputs in both.
Arrays indexed by programme use `stage - Stage.VMBO` (vmbo, havo, vwo, mbo, hbo, wo); arrays by
labour-market level use codes.Level.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from . import tables
from .config import Config


class Params(NamedTuple):
    seed: int
    # demography
    sex_ratio_at_birth: float
    fertility_multiplier: float
    mortality_improvement: float
    emigration_multiplier: float
    migrant_emigration_multiplier: float
    affinity_inheritance: float
    death_probability: np.ndarray  # [sex, age] in 2011
    fertility: np.ndarray  # [age]
    emigration: np.ndarray  # [age]
    # schooling
    vwo_constant: float
    havo_constant: float
    ability_track_slope: float
    tech_constant: np.ndarray  # [programme]
    slope_affinity: float
    slope_ability: float
    slope_female: float
    slope_tech_parent: float
    slope_peer: float
    slope_prior: float
    slope_signal: float
    vmbo_to_mbo: float
    havo_to_hbo: float
    havo_to_mbo: float
    vwo_to_wo: float
    vwo_to_hbo: float
    mbo_to_hbo: float
    hbo_to_wo: float
    # study
    duration: np.ndarray  # [programme], years
    dropout: np.ndarray  # [mbo, hbo, wo]
    tech_dropout_multiplier: float
    switch_out_of_tech: float
    switch_into_tech: float
    graduate_on_time: float
    # labour entry
    active: np.ndarray  # [sex]
    employed_at_entry: float
    tech_job_constant: np.ndarray  # [level]
    job_tech_field: float
    job_female: float
    job_affinity: float
    job_signal: float
    # working life
    leave_tech_constant: float
    leave_tech_untrained: float
    leave_tech_young: float
    leave_tech_signal: float
    side_entry_constant: float
    side_entry_tech_educated: float
    side_entry_female: float
    side_entry_signal: float
    job_loss: float
    reemployment_constant: float
    reemployment_age_slope: float
    withdraw: float
    reactivate: float
    leave_tech_level: np.ndarray  # [level]
    # adult learning (part-time mbo alongside work)
    adult_min_age: int
    adult_max_age: int
    adult_entry_constant: float
    adult_entry_age_slope: float
    adult_tech_job: float
    # retirement
    retire_early: float
    retire_at_pension_age: float
    retire_after_pension_age: float
    max_working_age: int
    pension_age_first_year: int
    pension_age: np.ndarray  # [year - pension_age_first_year]
    # international
    intl_stay: np.ndarray  # [level]
    intl_stay_tech_shift: float


def _programmes(section) -> np.ndarray:
    return np.array([section.vmbo, section.havo, section.vwo, section.mbo, section.hbo, section.wo])


def _levels(section) -> np.ndarray:
    return np.array([section.vmbo, section.mbo, section.hbo, section.wo], dtype=np.float64)


def params_from_config(config: Config) -> Params:
    demography, schooling, study = config.demography, config.schooling, config.study
    slopes, moves = schooling.tech_slopes, schooling.transitions
    entry, work, retire = config.labour_entry, config.working_life, config.retirement
    adult = config.adult_learning
    stay = config.international.stay
    pension_first, pension = tables.pension_age_by_year()
    if config.run.end_year >= pension_first + len(pension):
        raise ValueError(f"data/pension_age.csv ends before run.end_year = {config.run.end_year}")
    values = dict(
        seed=config.run.seed,
        sex_ratio_at_birth=demography.sex_ratio_at_birth,
        fertility_multiplier=demography.fertility_multiplier,
        mortality_improvement=demography.mortality_improvement,
        emigration_multiplier=demography.emigration_multiplier,
        migrant_emigration_multiplier=demography.migrant_emigration_multiplier,
        affinity_inheritance=demography.affinity_inheritance,
        death_probability=tables.by_age_and_sex("mortality_2011", "death_probability"),
        fertility=tables.by_age(tables.read("fertility_2011"), "births_per_woman"),
        emigration=tables.by_age(tables.read("emigration_2011"), "emigration_probability"),
        vwo_constant=schooling.vwo_constant,
        havo_constant=schooling.havo_constant,
        ability_track_slope=schooling.ability_track_slope,
        tech_constant=_programmes(schooling.tech_constant).astype(np.float64),
        slope_affinity=slopes.affinity,
        slope_ability=slopes.ability,
        slope_female=slopes.female,
        slope_tech_parent=slopes.tech_parent,
        slope_peer=slopes.peer_share,
        slope_prior=slopes.prior_field,
        slope_signal=slopes.signal,
        vmbo_to_mbo=moves.vmbo_to_mbo,
        havo_to_hbo=moves.havo_to_hbo,
        havo_to_mbo=moves.havo_to_mbo,
        vwo_to_wo=moves.vwo_to_wo,
        vwo_to_hbo=moves.vwo_to_hbo,
        mbo_to_hbo=moves.mbo_to_hbo,
        hbo_to_wo=moves.hbo_to_wo,
        duration=_programmes(study.duration).astype(np.int64),
        dropout=np.array([study.dropout.mbo, study.dropout.hbo, study.dropout.wo]),
        tech_dropout_multiplier=study.progress.tech_dropout_multiplier,
        switch_out_of_tech=study.progress.switch_out_of_tech,
        switch_into_tech=study.progress.switch_into_tech,
        graduate_on_time=study.progress.graduate_on_time,
        active=np.array([entry.active_male, entry.active_female]),
        employed_at_entry=entry.employed_at_entry,
        tech_job_constant=_levels(entry.tech_job_constant),
        job_tech_field=entry.tech_job_slopes.tech_field,
        job_female=entry.tech_job_slopes.female,
        job_affinity=entry.tech_job_slopes.affinity,
        job_signal=entry.tech_job_slopes.signal,
        leave_tech_constant=work.leave_tech_constant,
        leave_tech_untrained=work.leave_tech_untrained,
        leave_tech_young=work.leave_tech_young,
        leave_tech_signal=work.leave_tech_signal,
        side_entry_constant=work.side_entry_constant,
        side_entry_tech_educated=work.side_entry_tech_educated,
        side_entry_female=work.side_entry_female,
        side_entry_signal=work.side_entry_signal,
        job_loss=work.job_loss,
        reemployment_constant=work.reemployment_constant,
        reemployment_age_slope=work.reemployment_age_slope,
        withdraw=work.withdraw,
        reactivate=work.reactivate,
        leave_tech_level=_levels(work.leave_tech_level),
        adult_min_age=adult.min_age,
        adult_max_age=adult.max_age,
        adult_entry_constant=adult.entry_constant,
        adult_entry_age_slope=adult.entry_age_slope,
        adult_tech_job=adult.tech_job,
        retire_early=retire.early,
        retire_at_pension_age=retire.at_pension_age,
        retire_after_pension_age=retire.after_pension_age,
        max_working_age=retire.max_working_age,
        pension_age_first_year=pension_first,
        pension_age=pension,
        intl_stay=np.array([0.0, 0.0, stay.hbo, stay.wo]),
        intl_stay_tech_shift=stay.tech_shift,
    )
    # Fixed Python types per field keep the compiled kernels' signature (and their cache) stable.
    kinds = {"float": float, "int": int}
    return Params(
        **{
            name: kinds[Params.__annotations__[name]](value) if Params.__annotations__[name] in kinds else value
            for name, value in values.items()
        }
    )
