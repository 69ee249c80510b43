"""The apps' dependency contract, read from the source.

- ``events`` is the root: it imports no other app.
- ``employers`` and ``applicants`` stand on ``events`` and ``messaging``, never
  on each other; ``meetings`` stands on both of them.
- ``messaging`` is a generic outbox: of other apps it imports only models,
  for its foreign keys.
- ``organise``, ``api`` and ``devtools`` are interfaces (and tools): they may
  import anything, and nothing imports them but the project's URLs.
- ``jobfair`` wires the project together; apps may use its leaf helpers.

Every import counts, also one inside a function: no import cycle between
modules, and no import of the project's own code inside a function (where
it would only hide a cycle).
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APPS = ["events", "employers", "applicants", "meetings", "messaging", "organise", "api", "devtools"]
PROJECT = [*APPS, "jobfair"]
# What each app may import of the others' code, as module-name prefixes.
ALLOWED = {
    "events": [],
    "employers": ["events", "messaging"],
    "applicants": ["events", "messaging"],
    "meetings": ["events", "employers", "applicants", "messaging"],
    "messaging": ["events.models", "employers.models", "applicants.models"],
    "organise": PROJECT,
    "api": PROJECT,
    "devtools": PROJECT,
    "jobfair": PROJECT,
}
# The project's helpers every app may use.
SHARED = ["jobfair.spam", "jobfair.cache", "jobfair.spreadsheets", "jobfair.offline"]


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _is_project(name: str) -> bool:
    return name.split(".")[0] in PROJECT


def sources() -> dict[str, str]:
    """The project's modules (tests and migrations left out) and their source."""
    found = {}
    for top in PROJECT:
        for path in sorted((ROOT / top).rglob("*.py")) if (ROOT / top).is_dir() else []:
            if {"tests", "migrations"} & set(path.relative_to(ROOT).parts):
                continue
            found[_module_name(path)] = path.read_text()
    return found


def imports_of(module: str, source: str, known: set[str]) -> list[tuple[str, bool]]:
    """The project modules a module imports, each with whether the import
    stands inside a function."""
    tree = ast.parse(source)
    package = module if f"{module}.__init__" in known else module.rpartition(".")[0]
    found = []

    def visit(node, nested):
        for child in ast.iter_child_nodes(node):
            inner = nested or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef)
            names = []
            if isinstance(child, ast.Import):
                names = [alias.name for alias in child.names]
            elif isinstance(child, ast.ImportFrom):
                base = child.module or ""
                if child.level:
                    anchor = package.split(".")[: len(package.split(".")) - child.level + 1]
                    base = ".".join([*anchor, *([base] if base else [])])
                names = [
                    f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base
                    for alias in child.names
                ]
            found.extend((name, inner) for name in dict.fromkeys(names) if _is_project(name))
            visit(child, inner)

    visit(tree, False)
    return found


def _allowed(importer: str, imported: str) -> bool:
    own, other = importer.split(".")[0], imported.split(".")[0]
    if own == other:
        return True
    prefixes = [*ALLOWED[own], *SHARED]
    return any(imported == prefix or imported.startswith(prefix + ".") for prefix in prefixes)


def violations(modules: dict[str, str]) -> list[str]:
    """Every broken rule, as a readable line."""
    known = set(modules) | {f"{name}.__init__" for name in modules}
    graph: dict[str, set[str]] = {}
    problems = []
    for module, source in modules.items():
        for imported, nested in imports_of(module, source, known):
            if not _allowed(module, imported):
                problems.append(f"{module} imports {imported}")
            if nested:
                problems.append(f"{module} imports {imported} inside a function")
            target = imported
            while target not in modules and "." in target:
                target = target.rpartition(".")[0]
            if target in modules and target != module:
                graph.setdefault(module, set()).add(target)
    problems.extend(f"import cycle: {' → '.join(cycle)}" for cycle in _cycles(graph))
    return problems


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One cycle through each strongly connected group of modules (Tarjan)."""
    index, low, stack, on_stack, groups = {}, {}, [], set(), []

    def connect(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for successor in sorted(graph.get(node, ())):
            if successor not in index:
                connect(successor)
                low[node] = min(low[node], low[successor])
            elif successor in on_stack:
                low[node] = min(low[node], index[successor])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group) + [sorted(group)[0]])

    for node in sorted(graph):
        if node not in index:
            connect(node)
    return groups


def test_the_project_keeps_its_dependency_contract():
    assert violations(sources()) == []


@pytest.mark.parametrize(
    ("module", "source", "problem"),
    [
        (
            "events.services",
            "from applicants.models import Registration\n",
            "events.services imports applicants.models",
        ),
        (
            "applicants.services.places",
            "from employers.models import Employer\n",
            "applicants.services.places imports employers.models",
        ),
        (
            "messaging.services",
            "from applicants.services import registrations\n",
            "messaging.services imports applicants.services.registrations",
        ),
        (
            "employers.services",
            "def f():\n    from messaging.services import message_enqueue\n",
            "employers.services imports messaging.services inside a function",
        ),
    ],
)
def test_a_forbidden_import_breaks_the_contract(module, source, problem):
    modules = sources() | {module: sources().get(module, "") + source}
    assert problem in violations(modules)


def test_an_import_cycle_breaks_the_contract():
    modules = sources()
    modules["applicants.services.places"] += "from applicants.services import bookings\n"
    assert any(
        "applicants.services.bookings" in problem and problem.startswith("import cycle")
        for problem in violations(modules)
    )
