"""The command line as a user drives it: exit status, messages on stderr, files written."""
import json
import subprocess
import sys

from conftest import ROOT, write_snapshots

POST = ("Storm live: rivers burst their banks\nForecasters say the rain will ease\n"
        "The Met Office has issued amber warnings for three counties.\nBridge closed in Carlisle\n"
        "Police have closed the Eden bridge after the water rose above the warning mark.\n")
MANIFEST = "snapshots:\n  a.txt:\n    captured_at: '2025-03-07T08:00:00+00:00'\n"


def run(*args):
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=ROOT, capture_output=True, text=True)


def test_help_describes_the_build_command():
    result = run("build", "--help")
    assert result.returncode == 0
    for option in ("--snapshots DIR", "--out DIR", "--config FILE"):
        assert option in result.stdout


def test_build_writes_pages_and_a_closing_summary(tmp_path):
    folder = write_snapshots(tmp_path / "in", {"a.txt": POST}, MANIFEST)
    result = run("build", "--snapshots", str(folder), "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    written = sum(1 for p in (tmp_path / "out").rglob("*") if p.is_file() and p.name != ".generator-files.json")
    assert result.stderr.splitlines()[-3:] == [
        "read 1 snapshots, skipped 0",
        "furniture lines removed: 0 by configured patterns, 0 learned, 0 by reading rules (0 distinct lines learned)",
        f"1 posts seen, 1 items after merging, 1 days, 0 undated items, 0 warnings; {written} files written, 0 removed"]
    digest = json.loads((tmp_path / "out" / "digest.json").read_text())
    assert digest["days"][0]["date"] == "2025-03-07"
    assert digest["days"][0]["items"][0]["headline"] == "Bridge closed in Carlisle"
    assert (tmp_path / "out" / "days" / "2025-03-07.md").exists()


def test_a_broken_snapshot_is_skipped_and_named(tmp_path):
    folder = write_snapshots(tmp_path / "in", {"a.txt": POST}, MANIFEST)
    (folder / "b.txt").write_bytes(b"\x00\x01binary\x00")
    (folder / "c.txt").write_text("")
    result = run("build", "--snapshots", str(folder), "--out", str(tmp_path / "out"))
    assert result.returncode == 0
    assert "warning: skipped b.txt:1: binary file (NUL bytes), not a text snapshot" in result.stderr
    assert "skipped c.txt: empty file" in result.stderr
    assert "read 1 snapshots, skipped 2" in result.stderr


def test_nothing_readable_fails_with_one_line_and_keeps_the_old_output(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "index.md").write_text("earlier build\n")
    folder = write_snapshots(tmp_path / "in", {"a.txt": ""})
    result = run("build", "--snapshots", str(folder), "--out", str(out))
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1].startswith("error: no snapshot could be read in")
    assert (out / "index.md").read_text() == "earlier build\n"


def test_undated_snapshot_goes_to_the_undated_page_with_one_warning(tmp_path):
    folder = write_snapshots(tmp_path / "in", {"a.txt": POST})
    result = run("build", "--snapshots", str(folder), "--out", str(tmp_path / "out"))
    assert result.returncode == 0
    assert result.stderr.count("warning:") == 1
    assert "1 items have no day: no capture time for a.txt" in result.stderr
    assert "Bridge closed in Carlisle" in (tmp_path / "out" / "undated.md").read_text()


def test_bad_manifest_is_named_with_its_line_and_the_build_goes_on(tmp_path):
    folder = write_snapshots(tmp_path / "in", {"a.txt": POST},
                             "snapshots:\n  a.txt:\n    captured_at: 'yesterday'\n")
    result = run("build", "--snapshots", str(folder), "--out", str(tmp_path / "out"))
    assert result.returncode == 0
    assert "snapshots.yml:3: a.txt: captured_at 'yesterday' is not an ISO 8601 time" in result.stderr


def test_invalid_configuration_stops_with_every_problem(tmp_path):
    config = tmp_path / "bad.yml"
    config.write_text("themes:\n  - title: Floods\n    weight: heavy\nsite:\n  colour: blue\n")
    folder = write_snapshots(tmp_path / "in", {"a.txt": POST})
    result = run("build", "--snapshots", str(folder), "--out", str(tmp_path / "out"), "--config", str(config))
    assert result.returncode == 2
    assert f"{config}:3: themes[0].weight: unknown key" in result.stderr
    assert f"{config}:5: site.colour: unknown key" in result.stderr
    assert not (tmp_path / "out").exists()


def test_files_it_did_not_write_are_left_alone(tmp_path):
    out = tmp_path / "out"
    (out / "days").mkdir(parents=True)
    (out / "days" / "notes.md").write_text("mine")
    folder = write_snapshots(tmp_path / "in", {"a.txt": POST}, MANIFEST)
    assert run("build", "--snapshots", str(folder), "--out", str(out)).returncode == 0
    assert (out / "days" / "notes.md").read_text() == "mine"


def test_the_generator_logger_is_left_as_it_was_found(tmp_path, capsys):
    import logging

    from generator.cli import main
    logger = logging.getLogger("generator")
    before = (logger.propagate, list(logger.handlers), logger.level)
    folder = write_snapshots(tmp_path / "in", {"a.txt": POST}, MANIFEST)
    assert main(["build", "--snapshots", str(folder), "--out", str(tmp_path / "out"), "--no-cache"]) == 0
    assert main(["build", "--snapshots", str(tmp_path / "nowhere"), "--out", str(tmp_path / "out")]) == 1
    assert (logger.propagate, list(logger.handlers), logger.level) == before
    assert "read 1 snapshots, skipped 0" in capsys.readouterr().err


def test_the_hostile_folder_builds_and_names_every_skip(tmp_path, capsys):
    import shutil

    from generator.cli import main
    folder = tmp_path / "in"
    shutil.copytree(ROOT / "tests" / "fixtures" / "hostile", folder)
    (tmp_path / "private.txt").write_text("Private notes\nKept outside the folder on purpose, never to be read.\n")
    (folder / "linked.txt").symlink_to(tmp_path / "private.txt")
    (folder / "broken.txt").write_bytes(b"Storm live\n\x00\x01binary")
    (folder / "folder.txt").mkdir()
    status = main(["build", "--snapshots", str(folder), "--out", str(tmp_path / "out"), "--no-cache"])
    err = capsys.readouterr().err
    assert status == 0, err
    assert "warning: skipped linked.txt: a link to a file outside the snapshot folder" in err
    assert "warning: skipped folder.txt: not a regular file" in err
    assert "warning: skipped broken.txt:2: binary file (NUL bytes), not a text snapshot" in err
    assert "read 2 snapshots, skipped 1\n  skipped broken.txt: binary file" in err
    assert "never to be read" not in "".join(p.read_text() for p in (tmp_path / "out").rglob("*.md"))


def test_control_characters_from_snapshots_never_reach_the_terminal(tmp_path, capsys):
    from generator.cli import main
    folder = write_snapshots(tmp_path / "in", {"a.txt": POST}, MANIFEST)
    (folder / "evil\x1b[2J\u202e.txt").write_bytes(b"\x00binary")
    (folder / "forged\nwarning: all good.txt").write_bytes(b"\x00binary")
    assert main(["build", "--snapshots", str(folder), "--out", str(tmp_path / "out"), "--no-cache"]) == 0
    err = capsys.readouterr().err
    assert "\x1b" not in err and "\u202e" not in err and "\nwarning: all good" not in err
    assert "warning: skipped evil\\x1b[2J\\u202e.txt:1: binary file (NUL bytes)" in err
    assert "skipped forged\\x0awarning: all good.txt" in err
