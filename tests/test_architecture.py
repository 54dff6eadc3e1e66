"""The package's shape, as docs/architecture.md states it: layers that import only downwards, no
import cycle, no late imports of bench outside the command line and the pytest plugin, modules small
enough to read, and no file that points outside the repository."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "bench"

# Each layer may import itself and the layers listed for it (and what those may import: the rule is
# checked transitively below). Top-level modules of bench (the public API, the old-path stand-ins,
# the pytest plugin) and the cli sit on top.
LAYERS: dict[str, set[str]] = {
    "core": set(),
    "domains": {"core"},
    "scorers": {"core"},
    "suite": {"core"},
    "sim": {"core"},
    "adapters": {"core"},
    "bots": {"core", "adapters"},
    "rundir": {"core"},
    "analysis": {"core", "scorers", "suite", "rundir"},
    "gate": {"core", "scorers", "suite", "rundir", "analysis"},
    "render": {"core", "scorers", "rundir", "analysis", "gate"},
    "run": {"core", "scorers", "suite", "sim", "bots", "rundir", "analysis", "render"},
    "calibration": {"core", "scorers", "suite", "run"},
    "cli": {"*"},
}
TOP = {"__init__", "_moved", "pytest_plugin"}  # bench/<name>.py: may import any layer
LATE_ALLOWED = {"cli", "pytest_plugin"}  # may import bench inside functions (start-up speed)
MAX_LINES = 530  # "about 500": a module should be readable in one sitting


def _modules() -> dict[str, Path]:
    found = {}
    for path in sorted(BENCH.rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


MODULES = _modules()


def _layer(module: str) -> str:
    parts = module.split(".")
    if len(parts) == 1:
        return "__init__"
    return parts[1] if (BENCH / parts[1]).is_dir() else parts[1]


def _imports(path: Path) -> list[tuple[str, int, bool]]:
    """(imported bench module, line, whether the import is inside a function) for every import of
    bench in the file; imports under `if TYPE_CHECKING:` are left out (they never run)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out: list[tuple[str, int, bool]] = []

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                continue
            nested = in_function or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef)
            if isinstance(child, ast.ImportFrom) and child.module and child.level == 0:
                if child.module == "bench" or child.module.startswith("bench."):
                    for alias in child.names:
                        candidate = f"{child.module}.{alias.name}"
                        out.append((candidate if candidate in MODULES else child.module, child.lineno, nested))
            elif isinstance(child, ast.Import):
                for alias in child.names:
                    if alias.name == "bench" or alias.name.startswith("bench."):
                        out.append((alias.name, child.lineno, nested))
            visit(child, nested)

    visit(tree, False)
    return out


GRAPH = {name: _imports(path) for name, path in MODULES.items()}


def test_there_is_no_import_cycle_between_modules():
    edges = {
        name: {target for target, _, late in imports if not late and target in MODULES}
        for name, imports in GRAPH.items()
    }
    state: dict[str, int] = {}
    cycles: list[list[str]] = []

    def walk(node: str, path: list[str]) -> None:
        state[node] = 1
        for target in sorted(edges.get(node, ())):
            if state.get(target) == 1:
                cycles.append(path[path.index(target) :] + [target] if target in path else [node, target])
            elif target not in state:
                walk(target, [*path, target])
        state[node] = 2

    for name in sorted(edges):
        if name not in state:
            walk(name, [name])
    assert not cycles, "import cycles:\n" + "\n".join(" -> ".join(c) for c in cycles)


def _allowed(layer: str) -> set[str]:
    """The layers `layer` may import, transitively."""
    seen: set[str] = set()
    todo = [layer]
    while todo:
        for below in LAYERS.get(todo.pop(), set()):
            if below not in seen:
                seen.add(below)
                todo.append(below)
    return seen


@pytest.mark.parametrize("layer", sorted(LAYERS))
def test_each_layer_imports_only_the_layers_below_it(layer):
    allowed = _allowed(layer) | {layer}
    wrong = []
    for name, imports in GRAPH.items():
        if _layer(name) != layer or "*" in allowed:
            continue
        for target, line, _ in imports:
            target_layer = _layer(target)
            if target_layer == "__init__" and target == "bench":
                wrong.append(f"{MODULES[name].relative_to(ROOT)}:{line} imports the package root `bench`")
            elif target_layer not in allowed:
                wrong.append(f"{MODULES[name].relative_to(ROOT)}:{line} ({layer}) imports {target} ({target_layer})")
    assert not wrong, "\n".join(wrong)


def test_every_package_of_bench_is_a_known_layer():
    packages = {p.name for p in BENCH.iterdir() if p.is_dir() and (p / "__init__.py").is_file()}
    assert packages <= set(LAYERS), f"layers without a rule in this test: {sorted(packages - set(LAYERS))}"
    top = {p.stem for p in BENCH.glob("*.py")}
    assert top <= TOP, f"modules at the top of bench/ without a rule: {sorted(top - TOP)}"


def test_the_scorers_read_only_the_core_layer():
    for name, imports in GRAPH.items():
        if _layer(name) == "scorers":
            assert {_layer(t) for t, _, _ in imports} <= {"core", "scorers"}, name


def test_bench_is_imported_inside_functions_only_by_the_command_line_and_the_pytest_plugin():
    late = [
        f"{MODULES[name].relative_to(ROOT)}:{line} imports {target} inside a function"
        for name, imports in GRAPH.items()
        for target, line, inside in imports
        if inside and _layer(name) not in LATE_ALLOWED
    ]
    assert not late, "\n".join(late)


def test_no_module_is_longer_than_about_500_lines():
    long = {
        str(path.relative_to(ROOT)): n
        for path in MODULES.values()
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert not long, f"split these modules: {long}"


def test_importing_any_module_first_works_in_a_fresh_interpreter():
    """No order of first imports breaks (a cycle held together by import order would)."""
    firsts = [
        "bench.scorers",
        "bench.core.scenario",
        "bench.run.evaluation",
        "bench.gate",
        "bench.cli",
        "bench.pytest_plugin",
    ]
    for first in firsts:
        code = f"import {first}; import bench; bench.evaluate"
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
        assert done.returncode == 0, f"import {first} first:\n{done.stderr}"


_OUTSIDE = re.compile(r"\.\./shared|shared/seed-facts|seed-facts\.md|DESIGN\.md")


def test_nothing_in_the_repository_points_outside_it():
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    this = Path(__file__).relative_to(ROOT).as_posix()
    found = []
    for name in tracked:
        path = ROOT / name
        if name == this or path.suffix not in {".py", ".md", ".yaml", ".yml", ".json", ".toml", ".txt", ""}:
            continue
        if not path.is_file():
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
            if _OUTSIDE.search(line):
                found.append(f"{name}:{number}: {line.strip()[:100]}")
    assert not found, "\n".join(found)


def test_old_module_paths_keep_working_and_name_their_new_home():
    code = (
        "import warnings; warnings.simplefilter('error', DeprecationWarning)\n"
        "try:\n    import bench.board\nexcept DeprecationWarning as moved:\n    print(moved)\n"
        "warnings.simplefilter('ignore')\nfrom bench.board import build, BoardError\n"
        "from bench.resume import ResumeError\n"
        "from bench.stats import bootstrap_mean\nprint('ok')"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "bench.analysis.board" in done.stdout and done.stdout.rstrip().endswith("ok")


def test_every_layer_has_its_tests_folder():
    layers = {p.name for p in BENCH.iterdir() if p.is_dir() and (p / "__init__.py").is_file()}
    tests = {p.name for p in (ROOT / "tests").iterdir() if p.is_dir() and p.name != "__pycache__"}
    assert layers - {"domains"} <= tests | {"domains"}, f"no tests/<layer>/ for {sorted(layers - tests)}"


def test_the_architecture_document_names_every_layer():
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    missing = [layer for layer in LAYERS if f"bench/{layer}/" not in text]
    assert not missing, f"docs/architecture.md does not describe {missing}"


def test_the_layer_rules_here_are_the_ones_the_document_states():
    """docs/architecture.md lists, per layer, what it may import; this test's table must agree."""
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    stated: dict[str, set[str]] = defaultdict(set)
    for layer, imports in re.findall(r"^\| `bench/(\w+)/` \| [^|]+ \| ([^|]*) \|", text, flags=re.M):
        stated[layer] = {w for w in re.findall(r"`(\w+)`", imports)} or set()
        if "everything" in imports:
            stated[layer] = {"*"}
    assert {k: v for k, v in stated.items()} == LAYERS
