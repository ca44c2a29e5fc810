"""The only code that touches the output folder.

A build never leaves the folder half-written: the new output is assembled in a staging folder beside
it (files the generator did not write are carried over as hard links, unchanged pages keep their
inode and modification time) and swapped in with one atomic directory exchange. Killed at any
moment, the folder holds either the previous output or the new one, whole.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

RECORD = ".generator-files.json"
"""Lists the files the generator wrote, so that files it did not write are never removed."""
STAGING = ".staging-"
"""Prefix (after the output folder's name) of the staging folder beside it."""
RENAME_EXCHANGE = 2
"""renameat2 flag: swap two paths atomically (Linux 3.15+)."""
AT_FDCWD = -100


@dataclass(frozen=True)
class Written:
    """What a write did."""

    written: tuple[str, ...]
    """Files created or changed."""
    unchanged: tuple[str, ...]
    """Files already holding the same bytes (left untouched, modification time included)."""
    removed: tuple[str, ...]
    """Files an earlier build wrote that this one no longer produces."""


def _inside(out: Path, relative: str) -> Path:
    path = (out / relative).resolve()
    if out.resolve() not in path.parents:
        raise ValueError(f"refusing to write outside the output folder: {relative}")
    return path


def _recorded(out: Path) -> set[str]:
    try:
        return set(json.loads((out / RECORD).read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError):
        return set()


def atomic_write(path: Path, data: bytes, sync: bool = False) -> None:
    """Replace a file whole or not at all, through a temporary file beside it (`sync`: to the disk too)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            if sync:
                f.flush()
                os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _link_tree(source: Path, target: Path, leave_out: set[Path]) -> None:
    """Hard-link (or copy) every file of `source` into `target`, but those left out."""
    for folder, _dirs, names in os.walk(source):
        here = Path(folder)
        there = target / here.relative_to(source)
        there.mkdir(exist_ok=True)
        for name in names:
            path = here / name
            if path in leave_out:
                continue
            if path.is_symlink():
                (there / name).symlink_to(os.readlink(path))
                continue
            try:
                os.link(path, there / name)
            except OSError:
                shutil.copy2(path, there / name)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders in one step; False where the system cannot."""
    libc_name = ctypes.util.find_library("c")
    if not libc_name:
        return False
    libc = ctypes.CDLL(libc_name, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    return renameat2(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE) == 0


def _swap_in(staging: Path, out: Path) -> None:
    """Put the staging folder in the output's place; the old output ends up in `staging`."""
    if not out.exists():
        os.rename(staging, out)
        staging.mkdir()
    elif not _exchange(staging, out):  # not Linux: two renames, the old output kept until the second is done
        old = staging.with_name(staging.name + "-old")
        os.rename(out, old)
        os.rename(staging, out)
        os.rename(old, staging)


def clean_leftovers(out: Path) -> None:
    """Remove staging folders a killed build left beside the output; restore the output if it is missing."""
    if not out.parent.exists():
        return
    leftovers = sorted(out.parent.glob(f".{out.name}{STAGING}*"))
    olds = [p for p in leftovers if p.name.endswith("-old")]
    if not out.exists() and olds:
        os.rename(olds[0], out)
    for path in leftovers:
        if path.exists():
            shutil.rmtree(path, ignore_errors=True)


def write(out: Path, files: dict[str, str]) -> Written:
    """Make `out` hold `files` (relative path → text), atomically, keeping files the generator did not write."""
    out = out.absolute()
    clean_leftovers(out)
    before = _recorded(out)
    data = {relative: text.encode("utf-8") for relative, text in files.items()}
    written, unchanged = [], []
    for relative in sorted(data):
        path = _inside(out, relative)
        (unchanged if path.is_file() and path.read_bytes() == data[relative] else written).append(relative)
    removed = sorted(r for r in before - set(data) if _inside(out, r).is_file())
    listing = (json.dumps(sorted(data), indent=1) + "\n").encode()
    if not written and not removed and (out / RECORD).is_file() and (out / RECORD).read_bytes() == listing:
        return Written((), tuple(unchanged), ())
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}{STAGING}", dir=out.parent))
    try:
        if out.exists():
            _link_tree(out, staging, {_inside(out, r) for r in removed})
        for relative in written:
            atomic_write(_inside(staging, relative), data[relative])
        atomic_write(staging / RECORD, listing)
        _swap_in(staging, out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return Written(tuple(written), tuple(unchanged), tuple(removed))
