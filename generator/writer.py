"""The only code that touches the output folder: writes what changed, removes what it no longer makes."""
from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

RECORD = ".generator-files.json"
"""Lists the files the generator wrote, so that files it did not write are never removed."""


@dataclass(frozen=True)
class Written:
    """What a write did."""

    written: tuple[str, ...]
    """Files created or changed."""
    unchanged: tuple[str, ...]
    """Files already holding the same bytes (left untouched, modification time included)."""
    removed: tuple[str, ...]
    """Files an earlier build wrote that this one no longer produces."""


def _atomic_write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _inside(out: Path, relative: str) -> Path:
    path = (out / relative).resolve()
    if out.resolve() not in path.parents:
        raise ValueError(f"refusing to write outside the output folder: {relative}")
    return path


def write(out: Path, files: dict[str, str]) -> Written:
    """Write `files` (relative path → text) into `out`."""
    out.mkdir(parents=True, exist_ok=True)
    record = out / RECORD
    try:
        before = set(json.loads(record.read_text(encoding="utf-8")))
    except (OSError, ValueError):
        before = set()
    written, unchanged = [], []
    for relative in sorted(files):
        path = _inside(out, relative)
        data = files[relative].encode("utf-8")
        if path.exists() and path.read_bytes() == data:
            unchanged.append(relative)
            continue
        _atomic_write(path, data)
        written.append(relative)
    removed = []
    for relative in sorted(before - set(files)):
        path = _inside(out, relative)
        if path.is_file():
            path.unlink()
            removed.append(relative)
    listing = (json.dumps(sorted(files), indent=1) + "\n").encode()
    if not record.exists() or record.read_bytes() != listing:
        _atomic_write(record, listing)
    return Written(tuple(written), tuple(unchanged), tuple(removed))
