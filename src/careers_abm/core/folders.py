"""Persons on disk: one `.npy` file per column (the rows in use) and a pickled state beside them.

Checkpoints (checkpoint.py) and the 2011 build cache (build_cache.py) store their persons this way. A
folder is written into a temporary sibling and renamed, so it is either whole or absent, and two
processes writing the same folder at once leave one whole copy. Reading memory-maps the columns and
copies them into a fresh store, reserving the capacity the run needs from the start.
"""

from __future__ import annotations

import os
import pickle
import shutil
from pathlib import Path

import numpy as np

from .people import COLUMN_NAMES, People

FORMAT = 1  # raised whenever what a folder holds changes; an older folder is then refused
STATE = "state.pkl"


def write_folder(folder: Path, people: People, state: dict, replace: bool = False) -> None:
    """Write the rows in use of `people` and the picklable `state` as one folder. An existing folder
    is kept (another process wrote the same) unless `replace`."""
    folder = Path(folder)
    folder.parent.mkdir(parents=True, exist_ok=True)
    tmp = folder.with_name(f".{folder.name}.{os.getpid()}.tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir()
    for name in COLUMN_NAMES:
        np.save(tmp / f"{name}.npy", getattr(people, name))
    with open(tmp / STATE, "wb") as file:
        pickle.dump({"format": FORMAT, "capacity": people.capacity, **state}, file, pickle.HIGHEST_PROTOCOL)
    if replace and folder.exists():
        shutil.rmtree(folder)
    try:
        os.replace(tmp, folder)
    except OSError:  # the folder exists, written by another process: keep that one
        shutil.rmtree(tmp, ignore_errors=True)


def read_folder(folder: Path, capacity: int = 0) -> tuple[People, dict]:
    """The persons (in a store of at least `capacity` rows) and the state of a written folder."""
    folder = Path(folder)
    with open(folder / STATE, "rb") as file:
        state = pickle.load(file)
    if state.get("format") != FORMAT:
        raise ValueError(f"{folder}: written in format {state.get('format')}, this version reads {FORMAT}")
    columns = {name: np.load(folder / f"{name}.npy", mmap_mode="r") for name in COLUMN_NAMES}
    return People.from_columns(columns, max(capacity, state["capacity"])), state
