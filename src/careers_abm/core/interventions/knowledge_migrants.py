"""More technical knowledge migrants: an easier work permit for the knowledge industry (annex, Speerpunt 4).

"Het kabinet wil het uitnodigende beleid voor kennismigranten daarom nadrukkelijk continueren ... onderzoekt
of ... het huidige regime voor verstrekking van de tewerkstellingsvergunning voor de kennisindustrie
versoepeld kan worden." The existing scheme (about 5,500 a year) is in the baseline; this module adds
`extra_per_year` migrants in technical jobs.
Reach: nobody already here; the measure adds persons, an input to the demography. They are filled by
the demography's own knowledge-migrant rule, with keys continuing the year's baseline index, so every
baseline person (and every baseline migrant) keeps its key and its random numbers. The added persons
carry the exposure bit.
"""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import Field

from .base import Arrivals, Effect, Intervention


class KnowledgeMigrants(Intervention):
    NAME: ClassVar[str] = "knowledge_migrants"
    SLOT: ClassVar[int] = 9
    TITLE: ClassVar[str] = "Extra technical knowledge migrants (easier work permits)"
    CHANNELS: ClassVar[tuple[str, ...]] = ("arrivals",)
    UNIT: ClassVar[str] = "migrant"
    ENACTMENT: ClassVar[str] = (
        "not enacted: the easing took the form of a short-stay permit route (RuWav 2014 par. 27), which adds no"
        " resident workers (INDIAC 2013)"
    )

    type: Literal["knowledge_migrants"] = "knowledge_migrants"
    start_year: int = Field(2012, ge=2011, le=2100, description="annex, Speerpunt 4: from 2012")
    end_year: int = Field(2020, ge=2011, le=2100, description="assumption: through 2020")
    cost_per_unit_eur: float = Field(
        0.0, ge=0.0, le=1e7, description="public euros per migrant: a permit rule, no budget (assumption) [0, 1000]"
    )
    extra_per_year: float = Effect(
        250.0,
        0.0,
        1000.0,
        "assumption: ~5% on the ~5,500 a year of 2011 (IND)",
        (0.0, 100_000.0),
        key=0,
        grade="assumption",
        population="not a study: IND counts 2008-2010",
    )
    tech_share: float = Effect(
        1.0,
        0.8,
        1.0,
        "the eased permits are for the technical knowledge industry",
        (0, 1),
        null=None,
        key=1,
        grade="assumption",
        population="not a study: the letter's aim",
    )

    def arrivals(self, year: int) -> Arrivals | None:
        return Arrivals(self.extra_per_year, self.tech_share) if self.active_in(year) else None
