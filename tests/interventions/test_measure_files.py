"""The shipped scenario files of the measures are derived from the measures' declarations and kept current."""

from pathlib import Path

from careers_abm.core.interventions import REGISTRY
from careers_abm.core.loader import load_config
from careers_abm.scenarios.measure_files import effect_table, measure_files

CONFIGS = Path(__file__).resolve().parents[2] / "configs"
DOCS = Path(__file__).resolve().parents[2] / "docs"


def test_shipped_measure_files_are_generated_from_the_declarations():
    stale = [relative for relative, text in measure_files().items() if (CONFIGS / relative).read_text() != text]
    assert not stale, f"stale: {stale}; rewrite with `python scripts/write_measure_files.py`"


def test_each_measure_file_holds_its_measure_with_the_module_defaults():
    for name, cls in REGISTRY.items():
        config, _ = load_config(CONFIGS / "interventions" / f"{name}.toml")
        assert config.interventions == [{"type": name}]
        text = (CONFIGS / "interventions" / f"{name}.toml").read_text()
        for field in cls.model_fields:
            if field != "type" and cls.model_fields[field].default is not None:
                assert f"# {field} = " in text


def test_each_variant_file_holds_the_letters_values():
    for name, cls in REGISTRY.items():
        if not cls.AS_PROPOSED:
            continue
        config, _ = load_config(CONFIGS / "interventions" / f"{name}_as_proposed.toml")
        assert config.interventions == [{"type": name, **cls.AS_PROPOSED}]


def test_the_effect_table_in_the_docs_is_generated_from_the_declarations():
    assert effect_table() in (DOCS / "interventions.md").read_text(), "paste effect_table() into docs/interventions.md"
