"""Tests share helpers through factories, conftest fixtures and helper modules, never by importing
another test module: importing one runs its module-level code and, with pytest, can collect its tests
twice or tie two files' fates together. Every import under tests/ (at any depth, relative ones too)
is read with `ast`, without importing anything."""

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parent


def _is_test_module(dotted: str) -> bool:
    return dotted.rsplit(".", 1)[-1].startswith("test_")


def imported_test_modules(path: Path) -> list[str]:
    """The test modules (`test_*`) that the file at `path` imports, as written, with their line."""
    package = ".".join(path.relative_to(TESTS.parent).with_suffix("").parts[:-1])
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            modules = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parent, base] if base else parent)
            # `from tests.notices import test_alert_matching` imports the module itself.
            modules = [base, *(f"{base}.{alias.name}" for alias in node.names)]
        else:
            continue
        found += [f"{module} (line {node.lineno})" for module in modules if _is_test_module(module)]
    return found


def test_no_test_module_imports_another():
    offenders = {
        str(path.relative_to(TESTS.parent)): modules
        for path in sorted(TESTS.rglob("*.py"))
        if (modules := imported_test_modules(path))
    }
    assert not offenders, f"move the shared helpers to factories or a conftest.py: {offenders}"


def test_the_check_sees_each_way_of_importing_a_test_module(tmp_path, monkeypatch):
    monkeypatch.setattr(f"{__name__}.TESTS", tmp_path)
    (tmp_path / "pkg").mkdir()
    cases = {
        "a.py": "from tests.notices.test_alert_matching import make_alert\n",
        "b.py": "import tests.security.test_csrf\n",
        "c.py": "from tests.portal import test_chinese_pages\n",
        "pkg/d.py": "def f():\n    from .test_x import y\n",
        "fine.py": "from tests.notices.factories import make_alert\nimport pytest\n",
    }
    for name, source in cases.items():
        (tmp_path / name).write_text(source)
    seen = {name: bool(imported_test_modules(tmp_path / name)) for name in cases}
    assert seen == {"a.py": True, "b.py": True, "c.py": True, "pkg/d.py": True, "fine.py": False}
