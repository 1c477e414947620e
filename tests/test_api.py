"""The library as a user imports it: the public API, the README's example, no import cycle."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import forensics

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "forensics"


def test_every_public_name_exists_and_is_documented():
    for name in forensics.__all__:
        obj = getattr(forensics, name)
        if name != "__version__":
            assert obj.__doc__, f"forensics.{name} has no docstring"


def test_readme_example_is_the_example_file_and_runs(layouts):
    example = (ROOT / "examples" / "api.py").read_text()
    code = example.split('"""', 2)[2].strip()
    assert code in (ROOT / "README.md").read_text(), "README's example differs from examples/api.py"
    path, _ = layouts
    run = subprocess.run([sys.executable, str(ROOT / "examples" / "api.py"), str(path)],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    assert "forensics-report/1" in run.stdout
    assert "panels" in run.stdout


def _imports(path: Path) -> set[str]:
    """Modules of the package a source file imports, at any depth (lazy imports too)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("forensics"):
            found.add(node.module)
            found.update(f"{node.module}.{a.name}" for a in node.names)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("forensics"))
    return found


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def test_no_import_cycle():
    modules = {_module_name(p): p for p in PACKAGE.rglob("*.py")}
    graph = {name: {m for m in _imports(path) if m in modules and m != name}
             for name, path in modules.items()}
    # The package's __init__ re-exports the API: every module may be imported through
    # it, so it is left out of the graph (it imports, it is not imported from).
    graph.pop("forensics")
    for deps in graph.values():
        deps.discard("forensics")
    state: dict[str, int] = {}

    def visit(name: str, trail: list[str]) -> None:
        state[name] = 1
        for dep in graph.get(name, ()):
            if state.get(dep) == 1:
                raise AssertionError("import cycle: " + " -> ".join(trail + [name, dep]))
            if dep not in state:
                visit(dep, trail + [name])
        state[name] = 2

    for name in graph:
        if name not in state:
            visit(name, [])


def test_no_module_is_over_about_600_lines():
    long = {str(p.relative_to(ROOT)): n for p in PACKAGE.rglob("*.py")
            if (n := len(p.read_text().splitlines())) > 650}
    assert not long, long
