"""The package's shape: layers that import only downward, no import cycle anywhere, and small files."""

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "careers_abm"
MAX_LINES = 500


def test_import_linter_contracts_hold():
    lint = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    result = subprocess.run([lint], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def _cycle(graph) -> list[str] | None:
    """Some import cycle among the package's modules, counting imports inside functions and under
    TYPE_CHECKING, or None."""
    state: dict[str, int] = {}  # 1 on the current path, 2 finished
    path: list[str] = []

    def visit(module: str) -> list[str] | None:
        state[module] = 1
        path.append(module)
        for imported in sorted(graph.find_modules_directly_imported_by(module)):
            if state.get(imported) == 1:
                return path[path.index(imported) :] + [imported]
            if imported not in state and (found := visit(imported)):
                return found
        path.pop()
        state[module] = 2
        return None

    for module in sorted(graph.modules):
        if module not in state and (found := visit(module)):
            return found
    return None


def test_no_import_cycle_in_the_package():
    # imports under `if TYPE_CHECKING:` count too: a cycle through annotations is a cycle in the design
    graph = grimp.build_graph("careers_abm", cache_dir=None)
    assert len(graph.modules) > 40
    cycle = _cycle(graph)
    assert cycle is None, " -> ".join(cycle)


def test_no_source_file_over_500_lines():
    long = {
        str(p.relative_to(ROOT)): n for p in PACKAGE.rglob("*.py") if (n := len(p.read_text().splitlines())) > MAX_LINES
    }
    assert not long, long


def _imports_of_ours_inside_functions(path: Path) -> list[int]:
    """Line numbers of imports of this package made inside a function (a lazy import that can hide a cycle)."""
    tree = ast.parse(path.read_text())
    lines = []
    for function in (node for node in ast.walk(tree) if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)):
        for node in ast.walk(function):
            ours = isinstance(node, ast.ImportFrom) and (node.level or (node.module or "").startswith("careers_abm"))
            if ours or (isinstance(node, ast.Import) and any(a.name.startswith("careers_abm") for a in node.names)):
                lines.append(node.lineno)
    return lines


def test_no_module_imports_one_of_ours_inside_a_function():
    lazy = {
        str(p.relative_to(ROOT)): lines
        for p in PACKAGE.rglob("*.py")
        if (lines := _imports_of_ours_inside_functions(p))
    }
    assert not lazy, lazy
