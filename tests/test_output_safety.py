"""The output folder: only the generator's own files change, and a killed build leaves every file whole."""
import json
import os
import random
import shutil
import signal
import stat
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

import generator.writer as writer
from conftest import ROOT

from generator.errors import BuildError
from generator.writer import PART, RECORD, folder_lock, write

EXAMPLES = ROOT / "examples" / "snapshots"
PAGES = {"index.md": "home\n", "days/2025-01-01.md": "a day\n", "feed.xml": "<feed/>\n"}


def tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@contextmanager
def mounted(folder: Path, *options: str):
    """A small tmpfs mounted at `folder` (skips the test where this user cannot mount)."""
    folder.mkdir(exist_ok=True)
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", ",".join(("size=4m", *options)), "tmpfs", str(folder)],
                          capture_output=True)
    if done.returncode != 0:
        pytest.skip("cannot mount a tmpfs here")
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=True)


def test_stale_pages_are_removed_and_other_files_kept(tmp_path):
    out = tmp_path / "out"
    write(out, {"index.md": "a\n", "days/2025-01-01.md": "b\n", "old/gone.md": "c\n"})
    (out / "days" / "notes.md").write_text("mine")
    done = write(out, {"index.md": "a2\n"})
    assert (done.written, done.removed) == (("index.md",), ("days/2025-01-01.md", "old/gone.md"))
    assert tree(out) == {RECORD: b'[\n "index.md"\n]\n', "days/notes.md": b"mine", "index.md": b"a2\n"}
    assert not (out / "old").exists()  # the folder it emptied goes too; the one holding notes.md stays
    assert [p.name for p in tmp_path.iterdir()] == ["out"]  # nothing written beside the output


def test_nothing_is_written_outside_the_output(tmp_path):
    with pytest.raises(ValueError, match="outside the output folder"):
        write(tmp_path / "out", {"../escape.md": "x"})
    assert not (tmp_path / "escape.md").exists()


def test_a_listing_naming_files_outside_is_not_followed(tmp_path):
    out = tmp_path / "out"
    (tmp_path / "precious.txt").write_text("keep me")
    write(out, PAGES)
    (out / RECORD).write_text('["../precious.txt", "/etc/hostname", "index.md"]')
    write(out, PAGES)
    assert (tmp_path / "precious.txt").read_text() == "keep me"


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
    write(out, PAGES)
    (out / f"{PART}abc.tmp").write_text("half a page")
    (out / "days" / f"{PART}def.tmp").write_text("half a day")
    write(out, {**PAGES, "index.md": "home again\n"})
    assert set(tree(out)) == {RECORD, *PAGES}


def test_a_users_own_file_where_a_page_goes_stops_the_build(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "index.md").write_text("my own home page\n")
    with pytest.raises(BuildError, match=r"index.md is not a file the generator wrote .*nothing written"):
        write(out, PAGES)
    assert tree(out) == {"index.md": b"my own home page\n"}


def test_a_users_own_file_stops_the_command_with_one_line(tmp_path):
    out = tmp_path / "out"
    subprocess.run([sys.executable, "-m", "generator", "build", "--snapshots", str(EXAMPLES), "--out", str(out),
                    "--no-cache"], cwd=ROOT, check=True, capture_output=True)
    (out / "tags.md").unlink()
    (out / "tags.md").write_text("my tags\n")
    (out / RECORD).write_text((out / RECORD).read_text().replace(' "tags.md",\n', ""))
    previous = tree(out)
    result = subprocess.run([sys.executable, "-m", "generator", "build", "--snapshots", str(EXAMPLES), "--out",
                             str(out), "--no-cache"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1].startswith(f"error: {out}: tags.md is not a file the generator")
    assert tree(out) == previous


def test_a_users_folder_where_a_page_goes_stops_the_build(tmp_path):
    out = tmp_path / "out"
    (out / "feed.xml").mkdir(parents=True)
    (out / "feed.xml" / "mine.txt").write_text("mine")
    with pytest.raises(BuildError, match="feed.xml is a folder"):
        write(out, PAGES)
    assert tree(out) == {"feed.xml/mine.txt": b"mine"}


def test_a_symlinked_folder_inside_is_neither_followed_nor_removed(tmp_path):
    out, elsewhere = tmp_path / "out", tmp_path / "elsewhere"
    write(out, PAGES)
    elsewhere.mkdir()
    (elsewhere / "2025-01-01.md").write_text("not the generator's")
    shutil.rmtree(out / "days")
    (out / "days").symlink_to(elsewhere)
    with pytest.raises(BuildError, match="days is a symlink"):
        write(out, PAGES)
    write(out, {"index.md": "home\n"})  # a build that no longer makes days/ removes nothing through the link
    assert (out / "days").is_symlink() and tree(elsewhere) == {"2025-01-01.md": b"not the generator's"}


def test_a_symlinked_output_folder_stays_a_symlink(tmp_path):
    real, link = tmp_path / "real", tmp_path / "link"
    real.mkdir()
    link.symlink_to(real)
    write(link, PAGES)
    write(link, {**PAGES, "index.md": "new home\n"})
    assert link.is_symlink() and tree(real)["index.md"] == b"new home\n"


def test_a_symlink_to_nowhere_is_refused(tmp_path):
    (tmp_path / "link").symlink_to(tmp_path / "missing")
    with pytest.raises(BuildError, match="does not exist"):
        write(tmp_path / "link", PAGES)


def test_a_mount_point_is_written_in_place(tmp_path):
    with mounted(tmp_path / "mnt") as out:
        (out / "mine.md").write_text("mine")
        write(out, PAGES)
        write(out, {"index.md": "new\n"})
        assert tree(out) == {RECORD: b'[\n "index.md"\n]\n', "index.md": b"new\n", "mine.md": b"mine"}


def test_a_read_only_mount_is_refused_before_anything_is_written(tmp_path):
    with mounted(tmp_path / "ro", "ro") as out:
        with pytest.raises(BuildError, match="read-only"):
            write(out, PAGES)
    assert [p.name for p in tmp_path.iterdir()] == ["ro"]  # no copy beside it


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_a_read_only_folder_is_refused_before_anything_is_written(tmp_path):
    out = tmp_path / "out"
    write(out, PAGES)
    out.chmod(0o555)
    try:
        with pytest.raises(BuildError, match="read-only"):
            write(out, {**PAGES, "index.md": "new\n"})
    finally:
        out.chmod(0o755)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_files_and_folders_get_the_usual_modes_under_the_umask(tmp_path):
    previous = os.umask(0o022)
    try:
        write(tmp_path / "out", PAGES)
        os.umask(0o077)
        write(tmp_path / "private", PAGES)
    finally:
        os.umask(previous)
    mode = lambda p: stat.S_IMODE(p.stat().st_mode)  # noqa: E731
    assert (mode(tmp_path / "out" / "days" / "2025-01-01.md"), mode(tmp_path / "out" / "days")) == (0o644, 0o755)
    assert (mode(tmp_path / "out" / RECORD), mode(tmp_path / "out")) == (0o644, 0o755)
    assert (mode(tmp_path / "private" / "index.md"), mode(tmp_path / "private" / "days")) == (0o600, 0o700)


def test_a_second_build_waits_for_the_lock_or_says_why_it_gave_up(tmp_path, monkeypatch):
    out = tmp_path / "out"
    write(out, PAGES)
    monkeypatch.setattr(writer, "LOCK_WAIT", 0.2)
    with folder_lock(out):
        with pytest.raises(BuildError, match="another build or capture has been writing it"):
            write(out, {"index.md": "new\n"})
    assert (out / "index.md").read_text() == "home\n"
    monkeypatch.setattr(writer, "LOCK_WAIT", 5)
    held = threading.Event()

    def hold():
        with folder_lock(out):
            held.set()
            time.sleep(0.3)
    holder = threading.Thread(target=hold)
    holder.start()
    held.wait()
    write(out, {"index.md": "new\n"})  # waited for the other one
    holder.join()
    assert (out / "index.md").read_text() == "new\n"


def build(snapshots: Path, out: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "generator", "build", "--snapshots", str(snapshots),
                             "--out", str(out), "--no-cache"], cwd=ROOT, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)


def test_concurrent_builds_on_one_folder_never_touch_a_users_file(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "notes.md").write_text("a page of my own\n")
    assert build(EXAMPLES, tmp_path / "reference").wait() == 0
    for round_ in range(2):
        builds = [build(EXAMPLES, out) for _ in range(3)]
        mine = []
        while any(b.poll() is None for b in builds):  # the user keeps working in the folder meanwhile
            mine.append(out / f"draft-{round_}-{len(mine)}.md")
            mine[-1].write_text("draft\n")
            time.sleep(0.02)
        assert [b.returncode for b in builds] == [0, 0, 0]
        assert all(p.read_text() == "draft\n" for p in mine) and (out / "notes.md").exists()
    produced = {k: v for k, v in tree(out).items() if not k.startswith("draft-") and k != "notes.md"}
    assert produced == tree(tmp_path / "reference")


def test_a_build_killed_at_any_moment_leaves_every_file_whole(tmp_path):
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
    for attempt in range(10):
        out = tmp_path / f"out-{attempt}"
        shutil.copytree(tmp_path / "reference-old", out)
        process = build(EXAMPLES, out)
        time.sleep(rng.uniform(0.05, duration))
        process.send_signal(signal.SIGKILL)
        process.wait()
        for relative, data in tree(out).items():
            if relative == RECORD:  # may list the new files before they are all written
                assert set(json.loads(data)) <= set(reference["old"]) | set(reference["new"])
                continue
            versions = {reference["old"].get(relative), reference["new"].get(relative)}
            assert data in versions or relative.rsplit("/", 1)[-1].startswith(PART), \
                f"attempt {attempt}: {relative} is neither its old nor its new version"
        assert (out / "notes.md").read_text() == "a page of my own\n"
        assert build(EXAMPLES, out).wait() == 0  # the next build recovers and completes
        assert tree(out) == reference["new"]
