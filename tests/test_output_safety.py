"""The output folder: only the generator's own files change, and a killed build leaves it whole."""
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ROOT

from generator.writer import RECORD, write

EXAMPLES = ROOT / "examples" / "snapshots"


def tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_stale_pages_are_removed_and_other_files_kept(tmp_path):
    out = tmp_path / "out"
    write(out, {"index.md": "a\n", "days/2025-01-01.md": "b\n"})
    (out / "days" / "notes.md").write_text("mine")
    done = write(out, {"index.md": "a2\n"})
    assert (done.written, done.removed) == (("index.md",), ("days/2025-01-01.md",))
    assert tree(out) == {RECORD: b'[\n "index.md"\n]\n', "days/notes.md": b"mine", "index.md": b"a2\n"}
    assert [p.name for p in tmp_path.iterdir()] == ["out"]  # no staging folder left behind


def test_nothing_is_written_outside_the_output(tmp_path):
    with pytest.raises(ValueError, match="outside the output folder"):
        write(tmp_path / "out", {"../escape.md": "x"})
    assert not (tmp_path / "escape.md").exists()


def test_unchanged_pages_keep_their_inode_and_time(tmp_path):
    out = tmp_path / "out"
    write(out, {"a.md": "same\n", "b.md": "old\n"})
    before = (out / "a.md").stat()
    time.sleep(0.01)
    write(out, {"a.md": "same\n", "b.md": "new\n"})
    after = (out / "a.md").stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)


def test_leftovers_of_a_killed_build_are_cleaned(tmp_path):
    out = tmp_path / "out"
    write(out, {"a.md": "x\n"})
    (tmp_path / ".out.staging-abc").mkdir()
    write(out, {"a.md": "y\n"})
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def build(snapshots: Path, out: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "generator", "build", "--snapshots", str(snapshots),
                             "--out", str(out)], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def test_a_build_killed_at_any_moment_leaves_the_previous_output_whole(tmp_path):
    fewer = tmp_path / "fewer"
    shutil.copytree(EXAMPLES, fewer)
    (fewer / "04_d2c79a.txt").unlink()
    reference = {}
    for name, source in (("old", fewer), ("new", EXAMPLES)):
        out = tmp_path / f"reference-{name}"
        out.mkdir()
        (out / "notes.md").write_text("a page of my own\n")
        started = time.monotonic()
        assert build(source, out).wait() == 0
        reference[name] = tree(out)
        duration = time.monotonic() - started
    assert reference["old"] != reference["new"]
    rng = random.Random(2024)
    outcomes = set()
    for attempt in range(10):
        out = tmp_path / f"out-{attempt}"
        shutil.copytree(tmp_path / "reference-old", out)
        process = build(EXAMPLES, out)
        time.sleep(rng.uniform(0.05, duration))
        process.send_signal(signal.SIGKILL)
        process.wait()
        now = tree(out)
        assert now in (reference["old"], reference["new"]), f"attempt {attempt}: output neither old nor new"
        outcomes.add("old" if now == reference["old"] else "new")
        assert build(EXAMPLES, out).wait() == 0  # the next build recovers and completes
        assert tree(out) == reference["new"]
    assert os.name != "posix" or outcomes  # killed both before and after the swap, at random
