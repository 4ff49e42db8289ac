"""The browser tests walk as users do: only tests/e2e/walking.py opens an address (`/`, or a link
read from an e-mail); every other page is reached by clicking. A page that can only be reached by
typing its address is a page users never find."""

import ast
from pathlib import Path

HERE = Path(__file__).resolve().parent


def addresses_opened(path: Path) -> list[int]:
    """The lines of `path` that open an address (`.goto(`), read with `ast`."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    return [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "goto"
    ]


def test_only_the_walking_module_opens_an_address():
    offenders = {
        path.name: lines
        for path in sorted(HERE.glob("*.py"))
        if path.name != "walking.py" and (lines := addresses_opened(path))
    }
    assert offenders == {}, f"reach these pages by clicking (tests/e2e/walking.py): {offenders}"


def test_the_check_sees_an_address_opened(tmp_path):
    sample = tmp_path / "test_sample.py"
    sample.write_text("def test_x(page):\n    page.goto('/supplier/')\n")
    assert addresses_opened(sample) == [2]
