"""Shared helpers: read a fixture snapshot, build a folder of snapshots."""
from __future__ import annotations

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
