"""Layers import only downward (core < scenarios < fitting < report < cli), and above the core no module
imports one of ours inside a function: read from the source, so a lazy import cannot hide a cycle."""

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "careers_abm"
LAYERS = ("core", "scenarios", "fitting", "report", "cli")


def _imports(path: Path):
    """(layer imported, inside a function?) for every import of our own package in `path`."""
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    tree = ast.parse(path.read_text())
    functions = {id(node) for f in ast.walk(tree) if isinstance(f, ast.FunctionDef) for node in ast.walk(f)}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level:
            target = (parts[: len(parts) - node.level] + tuple((node.module or "").split(".")))[:1]
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("careers_abm."):
            target = tuple(node.module.split(".")[1:2])
        else:
            continue
        yield target[0] if target else "", id(node) in functions


def test_layers_import_only_downward_and_never_inside_a_function():
    for path in PACKAGE.rglob("*.py"):
        layer = path.relative_to(PACKAGE).parts[0]
        if layer not in LAYERS:
            continue
        for target, in_function in _imports(path):
            assert layer == "core" or not in_function, f"{path.name}: imports careers_abm.{target} in a function"
            if target in LAYERS:
                assert LAYERS.index(target) <= LAYERS.index(layer), f"{path.name} ({layer}) imports {target}"
