"""People: one row per person ever simulated, in preallocated typed columns declared in one schema.

Rows are never removed or reused (the dead and emigrated are flagged by their stage), so a row index
is a person id for the whole run. Capacity is reserved up front for births and immigrants; if a run
outgrows it the columns are reallocated once, larger. Reserved rows are left untouched until they are
appended (then filled with defaults), so the operating system only backs the rows in use with memory.
"""

from __future__ import annotations

from collections import namedtuple

import numpy as np

# name, dtype, default, meaning
SCHEMA: tuple[tuple[str, type, int | float, str], ...] = (
    ("key", np.uint64, 0, "stable random key (from the mother's key for a newborn)"),
    ("birth_year", np.int16, 0, "calendar year of birth"),
    ("sex", np.int8, 0, "codes.Sex"),
    ("migrant", np.int8, 0, "migration background: 0 none, 1 first generation, 2 second generation"),
    ("ability", np.float32, 0.0, "latent scholastic ability, standard normal"),
    ("affinity", np.float32, 0.0, "latent technical interest, standard normal; interventions may raise it"),
    ("mother", np.int32, -1, "row of the mother (household link), -1 if not in the population"),
    ("group", np.int32, -1, "school group (class) while in primary or secondary school, else -1"),
    ("stage", np.int8, 0, "codes.Stage"),
    ("study_tech", np.int8, 0, "1 if the current programme or profile is technical"),
    ("study_years", np.int8, 0, "years completed in the current programme"),
    ("prior_tech", np.int8, 0, "1 if the previous programme or profile was technical"),
    ("attainment", np.int8, 0, "codes.Attainment: highest diploma"),
    ("attain_tech", np.int8, 0, "1 if the highest vocational/higher diploma is in a technical field"),
    ("occupation", np.int8, 0, "codes.Occupation"),
    ("occ_years", np.int16, 0, "years in the current occupation state"),
    ("adult_learner", np.int8, 0, "1 while in a part-time mbo programme (BBL, deeltijd) alongside work"),
    ("intl", np.int8, 0, "1 for an international (degree-seeking foreign) student or graduate"),
    ("exposure", np.uint32, 0, "bit i set once intervention slot i has reached this person"),
    ("peer_flag", np.int8, -1, "contribution to the group's technical share counted at the year's start, -1 none"),
    # Events of the current year, reset at its start; results are counted from them.
    ("ev_demog", np.int8, 0, "0 none, 1 born, 2 immigrated, 3 died, 4 emigrated"),
    (
        "ev_entered",
        np.int8,
        -1,
        "codes.Stage of the programme entered this year (inflow; adult learners stay in LABOUR), -1 none",
    ),
    ("ev_graduated", np.int8, -1, "codes.Attainment obtained this year, -1 none"),
    (
        "entrant",
        np.int8,
        0,
        "codes.EntrantKind: why the person enters the labour market (or leaves adult education) this year",
    ),
    ("ev_applied", np.int8, 0, "codes.TechIn: how the person applied for a technical job this year, 0 not"),
    ("ev_tech_in", np.int8, 0, "codes.TechIn"),
    ("ev_tech_out", np.int8, 0, "codes.TechOut"),
    ("ev_retired", np.int8, 0, "1 if retired from the labour force this year"),
    ("ev_upgraded", np.int8, 0, "codes.Upgrade bits: an adult learner's new diploma this year"),
    ("ev_intl", np.int8, 0, "international graduate this year: 1 left, 2 stayed to work"),
)

COLUMN_NAMES = tuple(name for name, *_ in SCHEMA)
EVENT_COLUMNS = tuple(name for name in COLUMN_NAMES if name.startswith("ev_") or name == "entrant")

# A namedtuple of arrays is a Numba-compatible struct of columns; defined at module level so that
# compiled kernels can be cached between runs.
Columns = namedtuple("Columns", COLUMN_NAMES)


class People:
    """The column store. `n` rows are in use out of `capacity`."""

    def __init__(self, capacity: int):
        self.capacity = int(capacity)
        self.n = 0
        self._data = {name: np.empty(self.capacity, dtype=dtype) for name, dtype, _, _ in SCHEMA}

    def __getattr__(self, name: str) -> np.ndarray:
        data = self.__dict__.get("_data")
        if data is not None and name in data:
            return data[name][: self.n]
        raise AttributeError(name)

    def copy(self) -> People:
        """An independent copy with the same capacity; only the rows in use are copied (and backed)."""
        twin = People(self.capacity)
        twin.n = self.n
        for name in COLUMN_NAMES:
            twin._data[name][: self.n] = self._data[name][: self.n]
        return twin

    @classmethod
    def from_columns(cls, columns: dict[str, np.ndarray], capacity: int) -> People:
        """The store holding `columns` (every schema column, equally long) as its rows in use."""
        people = cls(max(capacity, len(columns["key"])))
        people.n = len(columns["key"])
        for name in COLUMN_NAMES:
            people._data[name][: people.n] = columns[name]
        return people

    def value(self, name: str, row: int):
        """One person's value in one column (for agents and the tracked panel)."""
        return self._data[name][row]

    def columns(self) -> Columns:
        """Views of the rows in use, for the kernels."""
        return Columns(*(self._data[name][: self.n] for name in COLUMN_NAMES))

    def append(self, count: int) -> slice:
        """Reserve `count` new rows (filled with defaults) and return their slice."""
        if self.n + count > self.capacity:
            self._grow(max(self.n + count, int(self.capacity * 1.25)))
        rows = slice(self.n, self.n + count)
        for name, _, default, _ in SCHEMA:
            self._data[name][rows] = default
        self.n += count
        return rows

    def _grow(self, capacity: int) -> None:
        for name, dtype, _, _ in SCHEMA:
            grown = np.empty(capacity, dtype=dtype)
            grown[: self.n] = self._data[name][: self.n]
            self._data[name] = grown
        self.capacity = capacity

    def reset_events(self) -> None:
        for name, _, default, _ in SCHEMA:
            if name in EVENT_COLUMNS:
                self._data[name][: self.n] = default
