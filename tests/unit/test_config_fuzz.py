"""A property-based fuzzer of the config loader and models: whatever a file or an override holds, loading
gives a valid config or a ConfigError of one line that names the file and the key, never another
exception. Hypothesis draws the inputs from a fixed seed (derandomize), so every run tries the same ones."""

import datetime
import json
import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from careers_abm.core.config import ConfigError, flatten
from careers_abm.core.interventions import REGISTRY
from careers_abm.core.loader import PACKAGED_BASELINE, load_config

BASELINE_KEYS = sorted(flatten(load_config()[1]))
INTERVENTION_KEYS = sorted({name for cls in REGISTRY.values() for name in cls.model_fields})
# A failed check across keys names the key it checks, whichever of its partners was changed.
PARTNERS = ("adult_learning.max_age", "run.end_year", "run.scale", "interventions")
FUZZ = settings(
    max_examples=300, derandomize=True, database=None, deadline=None, suppress_health_check=list(HealthCheck)
)

scalars = st.one_of(
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([0, 1, -1, 0.5, 1e-9, 1e13, 2011, 2100, 2**63, -0.0]),
    st.text(max_size=12),
    st.booleans(),
    st.datetimes(min_value=datetime.datetime(1, 1, 1), max_value=datetime.datetime(9999, 1, 1)),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=6), inner, max_size=3)),
    max_leaves=6,
)
key_parts = st.one_of(st.sampled_from(["run", "schooling", "tech_slopes", "type", "extends"]), st.text(max_size=8))


def toml_value(value) -> str:
    """One value in TOML (strings as JSON strings, which TOML reads alike; non-finite floats by name)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and not math.isfinite(value):
        return "nan" if math.isnan(value) else "inf" if value > 0 else "-inf"
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, int | str):
        return json.dumps(value, ensure_ascii=False) if isinstance(value, str) else str(value)
    if isinstance(value, datetime.datetime):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(item) for item in value) + "]"
    return "{" + ", ".join(f"{toml_key(key)} = {toml_value(item)}" for key, item in value.items()) + "}"


def toml_key(dotted: str) -> str:
    return ".".join(json.dumps(part, ensure_ascii=False) for part in dotted.split("."))


def assert_one_line(error: ConfigError, *names: str) -> None:
    message = str(error)
    assert len(message.splitlines()) == 1 and message.strip(), message
    assert any(name in message for name in names), message


@st.composite
def scenario_files(draw):
    """A scenario extending the baseline with one key changed (an existing one to any value, or a new
    one), optionally [[interventions]] of any type and content, and sometimes a different `extends`."""
    lines = []
    extends = draw(st.one_of(st.just("baseline.toml"), st.just("baseline.toml"), values))
    lines.append(f"extends = {toml_value(extends)}")
    key = draw(st.one_of(st.sampled_from(BASELINE_KEYS), st.lists(key_parts, min_size=1, max_size=5).map(".".join)))
    lines.append(f"{toml_key(key)} = {toml_value(draw(values))}")
    for _ in range(draw(st.integers(0, 2))):
        lines.append("[[interventions]]")
        kind = draw(st.one_of(st.sampled_from(sorted(REGISTRY)), values))
        lines.append(f"type = {toml_value(kind)}")
        for name in draw(st.lists(st.sampled_from(INTERVENTION_KEYS), max_size=3, unique=True)):
            if name != "type":
                lines.append(f"{name} = {toml_value(draw(values))}")
    return "\n".join(lines) + "\n", key


@FUZZ
@given(scenario=scenario_files())
def test_any_scenario_file_loads_or_is_one_line(tmp_path_factory, scenario):
    text, key = scenario
    path = tmp_path_factory.getbasetemp() / "fuzz" / "scenario.toml"
    path.parent.mkdir(exist_ok=True)
    path.write_text(text, encoding="utf-8")
    try:
        load_config(path)
    except ConfigError as error:
        assert_one_line(error, str(path), str(PACKAGED_BASELINE))
        if "key" in str(error) and "extends" not in str(error) and "[[interventions]]" not in text:
            first = key.split(".")[0]
            assert_one_line(error, first, repr(first)[1:-1], *PARTNERS)


@settings(FUZZ, max_examples=150)
@given(content=st.binary(max_size=200))
def test_any_bytes_are_a_config_error_naming_the_file(tmp_path_factory, content):
    path = tmp_path_factory.getbasetemp() / "fuzz" / "bytes.toml"
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(content)
    with pytest.raises(ConfigError) as error:  # no bytes of this length make a whole config
        load_config(path)
    assert_one_line(error.value, str(path))


@settings(FUZZ, max_examples=150)
@given(
    key=st.one_of(st.sampled_from(BASELINE_KEYS), st.lists(key_parts, min_size=1, max_size=4).map(".".join)),
    value=st.one_of(values, st.none(), st.binary(max_size=4), st.tuples(st.integers()), st.complex_numbers()),
)
def test_any_override_loads_or_is_one_line(key, value):
    """Overrides are what the API and sweeps pass: any Python value, at any dotted key."""
    try:
        load_config(None, {key: value})
    except ConfigError as error:
        assert_one_line(error, "overrides", str(PACKAGED_BASELINE))
