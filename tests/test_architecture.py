"""The shape of the code, kept by a test: which package may import which, and how big a module grows.

The floors, from the ground up (an arrow may only point down or stay inside its package):

    portal                       settings, URLs, Celery, site pages, the program dashboard
    events                       capacity building: fairs, workshops, trainings, webinars; their
                                 sessions and registrations (suppliers register, notices may be met)
    notices   suppliers          the two halves of the domain; neither imports the other, but for
                                 the one named hook below
    accounts  categories         users, roles, preferences, e-mail facade; the UNSPSC codes
    core                         mechanisms every app shares (uploads, downloads, form errors,
                                 the reader's language), which know nothing of the domain

Imports inside functions count too: hiding an import in a function does not change the arrow.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FLOOR = {
    "core": 0,
    "accounts": 1,
    "categories": 1,
    "notices": 2,
    "suppliers": 2,
    "events": 3,
    "portal": 4,
}
# The one arrow between the two halves of the domain: the suppliers' corrective-action reminders
# travel the alert pipeline through the module the pipeline keeps for other apps.
HOOKS = {("suppliers", "notices.alerts.reminders")}
# Arrows that are still there and must go (a fixed one fails this test until it is struck off).
DEBTS: set[tuple[str, str]] = set()
MAX_MODULE_LINES = 500
# Modules over the limit today, to be split.
LONG_MODULES: set[str] = set()


def modules():
    for package in FLOOR:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def imported(path: Path):
    """The project modules a file imports, wherever the import stands in it."""
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            # `from notices.alerts import reminders` is an arrow to notices.alerts.reminders
            yield from (f"{node.module}.{alias.name}" for alias in node.names)


def arrows() -> set[tuple[str, str]]:
    found = set()
    for path in modules():
        source = path.relative_to(ROOT).parts[0]
        for name in imported(path):
            target = name.split(".")[0]
            if target in FLOOR and target != source:
                found.add((source, name))
    return found


def within(name: str, module: str) -> bool:
    return name == module or name.startswith(module + ".")


def forbidden(source: str, name: str) -> bool:
    if FLOOR[name.split(".")[0]] < FLOOR[source]:
        return False
    return not any(s == source and within(name, n) for s, n in HOOKS | DEBTS)


def test_no_arrow_points_up_or_across():
    wrong = sorted(
        f"{source} imports {name}" for source, name in arrows() if forbidden(source, name)
    )
    assert wrong == []


def test_the_ground_imports_no_app_of_the_portal():
    """accounts and categories may use core's mechanisms; core imports nothing of the portal."""
    wrong = sorted(
        (source, name)
        for source, name in arrows()
        if FLOOR[source] <= 1 and name.split(".")[0] not in {"core"}
    )
    assert wrong == []


def test_every_debt_listed_is_still_owed():
    """A debt paid off is struck off the list, so that it cannot come back unnoticed."""
    found = arrows()
    paid = sorted(
        debt for debt in DEBTS if not any(s == debt[0] and within(n, debt[1]) for s, n in found)
    )
    assert paid == []


@pytest.mark.parametrize("path", list(modules()), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_module_is_longer_than_the_limit(path):
    name = str(path.relative_to(ROOT))
    lines = len(path.read_text().splitlines())
    if name in LONG_MODULES:
        assert lines > MAX_MODULE_LINES, f"{name} is short enough now: strike it off LONG_MODULES"
    else:
        assert lines <= MAX_MODULE_LINES, f"{name} has {lines} lines: split it"


def test_the_checker_sees_a_forbidden_arrow():
    assert forbidden("accounts", "notices.models")
    assert forbidden("notices", "suppliers.models")
    assert forbidden("suppliers", "portal.dashboard")
    assert not forbidden("portal", "suppliers.models")
    assert not forbidden("suppliers", "notices.alerts.reminders")
    assert not forbidden("events", "suppliers.models")
    assert forbidden("suppliers", "events.models")
    assert forbidden("notices", "events.registration")
    assert forbidden("events", "portal.dashboard")


MAX_VIEW_LINES = 30
MAX_TASK_LINES = 10


def functions(where):
    for path in modules():
        for node in ast.parse(path.read_text()).body:
            if isinstance(node, ast.FunctionDef) and where(node):
                yield f"{path.relative_to(ROOT)}:{node.name}", node.end_lineno - node.lineno + 1


def is_view(node) -> bool:
    return bool(node.args.args) and node.args.args[0].arg == "request"


def is_task(node) -> bool:
    return any(
        "shared_task" in ast.unparse(decorator) or "app.task" in ast.unparse(decorator)
        for decorator in node.decorator_list
    )


def test_no_view_is_longer_than_the_limit():
    """A view parses, makes one domain call and responds: a long one holds a rule."""
    views = dict(functions(is_view))
    assert len(views) > 50, "the walk finds the views"
    assert {name: n for name, n in views.items() if n > MAX_VIEW_LINES} == {}


def test_every_celery_task_is_a_thin_caller():
    """A task loads what its ids name and calls one domain function (and may ask for the next step)."""
    tasks = dict(functions(is_task))
    assert len(tasks) >= 8, "the walk finds the tasks"
    assert {name: n for name, n in tasks.items() if n > MAX_TASK_LINES} == {}
