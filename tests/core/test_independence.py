"""core knows nothing of the domain: it imports none of the portal's apps."""

import ast
from pathlib import Path

import core

APPS = {"portal", "suppliers", "notices", "accounts"}


def test_core_imports_none_of_the_apps():
    for module in Path(core.__file__).parent.glob("*.py"):
        tree = ast.parse(module.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            for name in names:
                assert name.split(".")[0] not in APPS, f"{module.name} imports {name}"
