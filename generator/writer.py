"""The only code that touches the output folder, and the one atomic file write everything uses.

The generator owns the files listed in the folder's `.generator-files.json` and nothing else. A build
takes a lock on the folder (a second build waits for it), refuses before writing anything when a path
it wants holds a file or folder it did not write, writes each file whole through a temporary file
and a rename inside the folder, and only then removes the listed files it no longer makes. The folder
itself is never replaced, so a symlinked folder or a mount point keeps being what it is. Killed at
any moment, every file in the folder is whole: the previous version or the new one.
"""
from __future__ import annotations

import fcntl
import json
import os
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .errors import BuildError

RECORD = ".generator-files.json"
"""Lists the files the generator wrote, so that files it did not write are never replaced or removed."""
PART = ".generator-part-"
"""Prefix of a file being written; one a killed build left behind is removed by the next."""
LOCK_WAIT = 120.0
"""Seconds a build waits for another one writing the same folder before giving up."""
LOCK_POLL = 0.05
"""Seconds between two tries of a held lock."""
FILE_MODE, FOLDER_MODE = 0o666, 0o777
"""Modes before the umask: with the usual umask 022, files are 0644 and folders 0755."""


@dataclass(frozen=True)
class Written:
    """What a write did."""

    written: tuple[str, ...]
    """Files created or changed."""
    unchanged: tuple[str, ...]
    """Files already holding the same bytes (left untouched, modification time included)."""
    removed: tuple[str, ...]
    """Files an earlier build wrote that this one no longer produces."""


def umask() -> int:
    """The process umask, read without changing it where the system tells (Linux)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass  # not Linux: fall back to setting and restoring it
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def atomic_write(path: Path, data: bytes, sync: bool = False) -> None:
    """Replace a file whole or not at all, through a temporary file beside it (`sync`: to the disk too)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=PART, suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            os.fchmod(f.fileno(), FILE_MODE & ~umask())
            f.write(data)
            if sync:
                f.flush()
                os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@contextmanager
def folder_lock(folder: Path, wait: float | None = None):
    """Hold an exclusive lock on a folder (on the folder itself: no lock file); wait LOCK_WAIT seconds at most."""
    wait = LOCK_WAIT if wait is None else wait
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise BuildError(f"{folder}: another build or capture has been writing it for over "
                                     f"{wait:g}s; nothing written") from None
                time.sleep(LOCK_POLL)
        yield
    finally:
        os.close(fd)  # releases the lock


def _relative(relative: str) -> PurePosixPath:
    path = PurePosixPath(relative)
    if path.is_absolute() or not path.parts or ".." in path.parts or "." in path.parts:
        raise ValueError(f"refusing to write outside the output folder: {relative}")
    return path


def _inside(out: Path, relative: str) -> Path:
    return out.joinpath(*_relative(relative).parts)


def _recorded(out: Path) -> set[str]:
    """The files the listing says the generator wrote (entries that point outside are ignored)."""
    try:
        listed = json.loads((out / RECORD).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return set()
    if not isinstance(listed, list):
        return set()
    kept = set()
    for relative in listed:
        try:
            if isinstance(relative, str) and relative != RECORD:
                _relative(relative)
                kept.add(relative)
        except ValueError:
            continue  # an edited listing may name anything: it is not ours to touch
    return kept


def _in_the_way(out: Path, relative: str) -> str | None:
    """Why the generator may not touch this path (a symlink, or a file or folder where it needs the other)."""
    path = out
    parts = _relative(relative).parts
    for depth, part in enumerate(parts, 1):
        path = path / part
        shown = "/".join(parts[:depth])
        if path.is_symlink():
            return f"{shown} is a symlink"
        if depth < len(parts) and path.exists() and not path.is_dir():
            return f"{shown} is a file, where the generator needs a folder"
        if depth == len(parts) and path.exists() and not path.is_file():
            return f"{shown} is a folder, where the generator writes a file"
    return None


def _prepare(out: Path) -> None:
    """Make sure `out` is a writable folder (created if missing); BuildError saying why not."""
    if out.is_symlink() and not out.exists():
        raise BuildError(f"{out}: a symlink to a folder that does not exist; nothing written")
    if out.exists() and not out.is_dir():
        raise BuildError(f"{out}: not a folder; nothing written")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise BuildError(f"{out}: cannot be created: {e.strerror or e}; nothing written") from e
    if not os.access(out, os.W_OK | os.X_OK):
        raise BuildError(f"{out}: read-only (not writable by this user); nothing written")


def _leftovers(out: Path, folders: set[Path]) -> None:
    """Remove temporary files a killed build left in the folders the generator writes."""
    for folder in sorted(folders):
        if folder.is_dir() and not folder.is_symlink():
            for path in folder.glob(f"{PART}*"):
                if path.is_file() and not path.is_symlink():
                    path.unlink(missing_ok=True)


def _plan(out: Path, data: dict[str, bytes], before: set[str]) -> tuple[list[str], list[str], list[str]]:
    """(to write, unchanged, to remove); BuildError naming the first file or folder that is not ours."""
    written, unchanged, refused = [], [], []
    for relative in sorted(data):
        path, why = _inside(out, relative), _in_the_way(out, relative)
        same = why is None and path.is_file() and path.read_bytes() == data[relative]
        if why is None and path.is_file() and not same and relative not in before:
            why = f"{relative} is not a file the generator wrote (not in {RECORD})"
        if why:
            refused.append(why)
        (unchanged if same else written).append(relative)
    if refused:
        more = f" (and {len(refused) - 1} more)" if len(refused) > 1 else ""
        raise BuildError(f"{out}: {refused[0]}{more}; move it away or choose another --out; nothing written")
    removed = sorted(r for r in before - set(data)
                     if _in_the_way(out, r) is None and _inside(out, r).is_file())
    return written, unchanged, removed


def _listing(names) -> bytes:
    return (json.dumps(sorted(names), indent=1) + "\n").encode()


def _remove(out: Path, relative: str) -> None:
    """Remove a file the generator wrote, and the folders that leaves empty."""
    path = _inside(out, relative)
    path.unlink(missing_ok=True)
    for folder in path.parents:
        if folder == out or out not in folder.parents:
            break
        try:
            folder.rmdir()
        except OSError:
            break  # not empty: it holds other files, perhaps someone else's


def write(out: Path, files: dict[str, str]) -> Written:
    """Make `out` hold `files` (relative path → text), file by file, keeping files the generator did not write."""
    out = out.absolute()
    data = {relative: text.encode("utf-8") for relative, text in files.items()}
    for relative in data:
        _relative(relative)
    _prepare(out)
    try:
        with folder_lock(out):
            return _write_locked(out, data)
    except OSError as e:
        raise BuildError(f"{out}: {e.strerror or e}{f' ({e.filename})' if e.filename else ''}; "
                         "files already written are whole") from e


def _write_locked(out: Path, data: dict[str, bytes]) -> Written:
    before = _recorded(out)
    _leftovers(out, {_inside(out, r).parent for r in set(data) | before} | {out})
    written, unchanged, removed = _plan(out, data, before)
    listing = _listing(data)
    if not written and not removed and (out / RECORD).is_file() and (out / RECORD).read_bytes() == listing:
        return Written((), tuple(unchanged), ())
    if set(data) - before:  # listed first: files of a build killed half-way are still known as ours
        atomic_write(out / RECORD, _listing(before | set(data)))
    for relative in written:
        atomic_write(_inside(out, relative), data[relative])
    for relative in removed:
        _remove(out, relative)
    atomic_write(out / RECORD, listing)
    return Written(tuple(written), tuple(unchanged), tuple(removed))
