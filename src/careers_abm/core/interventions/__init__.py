"""The Masterplan's interventions as modules, a registry by name, and their validation from scenario files.

A scenario lists measures as `[[interventions]]` tables with a `type` and any parameters to change:

    [[interventions]]
    type = "guest_lessons"
    units_per_year = 2000

`REGISTRY` maps each type to its class; `parameters(type)` lists every parameter with its default, its
allowed bounds, its plausible range and its source (for apps and sensitivity analysis). A run applies the
measures in the order of their fixed slots, whatever the order in the file.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from pydantic import ValidationError

from .base import KNOWN_CHANNELS, Intervention, ReachIntervention, YearContext, log_odds_shift, relative_change_shift
from .centres_of_expertise import CentresOfExpertise
from .digital_skills import DigitalSkills
from .guest_lessons import GuestLessons
from .hbo_masters import HboMasters
from .international_talent import InternationalTalent
from .kijk_op_keuzegedrag import KijkOpKeuzegedrag
from .knowledge_migrants import KnowledgeMigrants
from .labour_market_information import LabourMarketInformation
from .productivity import Productivity
from .school_technology import SchoolTechnology
from .sectorplan_natuur_scheikunde import SectorplanNatuurScheikunde
from .study_success import StudySuccess
from .training_deduction import TrainingDeduction
from .vitaliteitspakket import Vitaliteitspakket
from .werk_naar_werk import WerkNaarWerk

__all__ = [
    "REGISTRY",
    "Intervention",
    "InterventionError",
    "ReachIntervention",
    "YearContext",
    "build_interventions",
    "effects",
    "log_odds_shift",
    "no_effect_settings",
    "parameters",
    "relative_change_shift",
]

REGISTRY: dict[str, type[Intervention]] = {
    cls.NAME: cls
    for cls in (
        GuestLessons,
        SchoolTechnology,
        KijkOpKeuzegedrag,
        StudySuccess,
        LabourMarketInformation,
        CentresOfExpertise,
        Vitaliteitspakket,
        WerkNaarWerk,
        InternationalTalent,
        KnowledgeMigrants,
        SectorplanNatuurScheikunde,
        HboMasters,
        DigitalSkills,
        TrainingDeduction,
        Productivity,
    )
}


def _check_declarations() -> None:
    """What every measure declares is checked once, at import: a wrong declaration is a programming error."""
    slots = [cls.SLOT for cls in REGISTRY.values()]
    if len(set(slots)) != len(slots) or max(slots) >= 32:  # people.exposure is a 32-bit mask
        raise TypeError(f"intervention slots must be unique and below 32: {slots}")
    for name, cls in REGISTRY.items():
        if not cls.TITLE or not cls.UNIT or not cls.CHANNELS or not cls.ENACTMENT:
            raise TypeError(f"intervention {name}: declare TITLE, UNIT, CHANNELS and ENACTMENT")
        unknown_overrides = set(cls.AS_PROPOSED) - set(cls.model_fields)
        if unknown_overrides:
            raise TypeError(f"intervention {name}: AS_PROPOSED names unknown fields {sorted(unknown_overrides)}")
        keys = [row["prior"]["key"] for row in effects(name)]
        if len(set(keys)) != len(keys) or max(keys, default=0) >= 64:
            raise TypeError(f"intervention {name}: effect keys must be unique and below 64: {keys}")
        unknown = set(cls.CHANNELS) - set(KNOWN_CHANNELS)
        if unknown:
            raise TypeError(f"intervention {name}: unknown channels {sorted(unknown)}; known: {KNOWN_CHANNELS}")


class InterventionError(ValueError):
    """An invalid [[interventions]] entry, phrased in one line (without the file name)."""


def parameters(name: str) -> list[dict[str, Any]]:
    """Every parameter of an intervention type: name, default, bounds, plausible range and description."""
    rows = []
    for field_name, field in REGISTRY[name].model_fields.items():
        if field_name == "type":
            continue
        bounds = {type(m).__name__: getattr(m, type(m).__name__.lower(), None) for m in field.metadata}
        extra = field.json_schema_extra if isinstance(field.json_schema_extra, dict) else {}
        rows.append(
            {
                "name": field_name,
                "default": field.get_default(call_default_factory=True),
                "minimum": bounds.get("Ge"),
                "maximum": bounds.get("Le"),
                "range": tuple(extra["range"]) if "range" in extra else None,
                "null": extra.get("null"),
                "prior": {name: extra[name] for name in PRIOR_KEYS} if "key" in extra else None,
                "description": field.description or "",
            }
        )
    return rows


PRIOR_KEYS = ("key", "prior", "grade", "population", "transfer")


def effects(name: str) -> list[dict[str, Any]]:
    """The effect parameters of an intervention type (declared with `Effect`), with their priors."""
    return [row for row in parameters(name) if row["prior"] is not None]


def no_effect_settings(name: str) -> dict[str, float]:
    """The [[interventions]] values that switch every effect of a measure off while it still reaches
    people and spends its budget: each effect parameter at its declared null value."""
    return {row["name"]: row["null"] for row in parameters(name) if row["null"] is not None}


_check_declarations()


def _build_one(index: int, entry: Any) -> Intervention:
    where = f"interventions[{index}]"
    if not isinstance(entry, Mapping):
        raise InterventionError(f"key '{where}' = {entry!r}: must be a table with a 'type'")
    kind = entry.get("type")
    if not isinstance(kind, str) or kind not in REGISTRY:
        raise InterventionError(f"key '{where}.type' = {kind!r}: unknown intervention; allowed: {', '.join(REGISTRY)}")
    cls = REGISTRY[kind]
    try:
        return cls.model_validate(dict(entry))
    except ValidationError as error:
        first = error.errors()[0]
        key = ".".join(str(part) for part in first["loc"])
        if first["type"] == "extra_forbidden":
            allowed = ", ".join(name for name in cls.model_fields if name != "type")
            raise InterventionError(f"unknown key '{where}.{key}' for type '{kind}'; allowed: {allowed}") from None
        if not key:  # a check across fields
            message = first["msg"].removeprefix("Value error, ")
            raise InterventionError(f"'{where}' (type '{kind}'): {message}") from None
        value = entry.get(first["loc"][0], first.get("input"))
        raise InterventionError(f"key '{where}.{key}' = {value!r}: {first['msg'].lower()}") from None


def build_interventions(entries: Sequence[Any]) -> list[Intervention]:
    """Fresh intervention objects from a config's entries, validated, in the order of their slots."""
    built = [_build_one(index, entry) for index, entry in enumerate(entries)]
    kinds = [intervention.NAME for intervention in built]
    for kind in set(kinds):
        if kinds.count(kind) > 1:
            raise InterventionError(f"intervention type '{kind}' appears {kinds.count(kind)} times; list it once")
    return sorted(built, key=lambda intervention: intervention.SLOT)
