"""Shared helpers: read a fixture snapshot, build a folder of snapshots."""
from __future__ import annotations

import os
from datetime import datetime, timezone
from pathlib import Path

import pytest

from generator.build import extract
from generator.config import load_config
from generator.models import Page, Snapshot

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
CAPTURED = datetime(2025, 3, 7, 12, 0, tzinfo=timezone.utc)


@pytest.fixture(scope="session")
def config():
    return load_config()


def read_fixture(name: str, config, captured_at: datetime | None = CAPTURED) -> Page:
    """The page the text reader makes of one fixture snapshot, read on its own."""
    path = FIXTURES / "reader" / name
    extraction = extract([Snapshot(captured_at, path.name, path)], config.reading)
    assert not extraction.skipped
    return extraction.pages[0]


def write_snapshots(folder: Path, snapshots: dict[str, str], manifest: str | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in snapshots.items():
        (folder / name).write_text(text, encoding="utf-8")
    if manifest is not None:
        (folder / "snapshots.yml").write_text(manifest, encoding="utf-8")
    return folder


# Property-based tests: a quick run by default, `make fuzz` runs the long one.
from hypothesis import HealthCheck, settings  # noqa: E402

settings.register_profile("default", max_examples=150, deadline=None)
settings.register_profile("fuzz", max_examples=10_000, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(__import__("os").environ.get("HYPOTHESIS_PROFILE", "default"))


# --- the browser (tests marked browser): one Playwright and one Chromium for the whole run ------------

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def unavailable(reason: str):
    if os.environ.get("CI"):
        pytest.fail(f"{reason}; CI is set, so the browser tests must run, not skip", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def playwright():
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        unavailable(f"no Chromium at {CHROMIUM} (install the Debian package: apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("the playwright package is not installed (pip install -e '.[dev]')")
    with sync_playwright() as p:
        yield p


def launch(playwright, *extra_args: str):
    return playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                      args=CHROMIUM_ARGS + list(extra_args))


@pytest.fixture(scope="session")
def browser(playwright):
    browser = launch(playwright)
    yield browser
    browser.close()
