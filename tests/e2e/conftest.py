"""Browser tests: Playwright driving Debian's Chromium against pytest-django's live server.

They run when Chromium is installed (`.ci/run` installs it; `make test` says when it skips them).
Screenshots of the main pages, at desktop and phone width, are saved under var/screenshots/.
"""

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


def pytest_collection_modifyitems(config, items):
    if Path(CHROMIUM).exists():
        return
    skip = pytest.mark.skip(
        reason=f"Chromium is not installed at {CHROMIUM}: browser tests skipped"
    )
    for item in items:
        if "e2e" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser():
    # Playwright's sync API runs an event loop; Django's ORM in the same thread must be allowed,
    # for the browser tests only.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def page(browser, live_server, settings):
    settings.SITE_URL = live_server.url
    context = browser.new_context(viewport=VIEWPORTS["desktop"], locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(15_000)
    # Anything the Content-Security-Policy refuses shows in the console; no page may trigger it.
    page.csp_violations = []
    page.on(
        "console",
        lambda message: (
            "Content Security Policy" in message.text and page.csp_violations.append(message.text)
        ),
    )
    yield page
    context.close()


AXE_REPORT = SCREENSHOTS / "axe-moderate.txt"


def check_accessibility(page, name: str) -> None:
    """axe-core on the page: no serious or critical violation; moderate ones are listed in a report."""
    from axe_playwright_python.sync_playwright import Axe

    violations = Axe().run(page).response["violations"]
    blocking = [v for v in violations if v["impact"] in {"serious", "critical"}]
    minor = [v for v in violations if v not in blocking]
    if minor:
        AXE_REPORT.parent.mkdir(parents=True, exist_ok=True)
        with AXE_REPORT.open("a", encoding="utf-8") as report:
            for v in minor:
                report.write(
                    f"{name}\t{v['impact']}\t{v['id']}\t{v['help']}\t{len(v['nodes'])} node(s)\n"
                )
    assert not blocking, "\n".join(
        f"{v['impact']}: {v['id']} ({v['help']}) at {[n['target'] for n in v['nodes']][:5]}"
        for v in blocking
    )


@pytest.fixture
def shoot(page):
    """Check the current page with axe-core and save it at desktop and phone width under
    var/screenshots/<name>-<width>.png; a page may not scroll sideways at either width."""

    def take(name: str) -> None:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        check_accessibility(page, name)
        assert page.csp_violations == [], page.csp_violations
        for label, viewport in VIEWPORTS.items():
            page.set_viewport_size(viewport)
            page.screenshot(path=SCREENSHOTS / f"{name}-{label}.png", full_page=True)
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= viewport["width"], (
                f"{name} scrolls sideways at {label} width ({width}px)"
            )
        page.set_viewport_size(VIEWPORTS["desktop"])

    return take
