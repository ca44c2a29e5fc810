"""Odd and broken snapshots: decoded where they can be, skipped with file, line and reason where not."""
import dataclasses
import logging
import time
import tracemalloc
from datetime import timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from conftest import ROOT, write_snapshots

from generator import yamlfile
from generator.build import build
from generator.config import load_config
from generator.cli import main
from generator.errors import SnapshotError
from generator.models import Snapshot
from generator.snapshots import decode, find_snapshots, read_manifest

TEXT = ("Storm live: rivers rise\nRain eases by Friday\nThe Met Office has issued amber warnings.\n"
        "Zelensky’s café closed\nPolice have closed the Eden bridge after the water rose above the mark.\n")
MANIFEST = "snapshots:\n  a.txt:\n    captured_at: '2025-03-07T08:00:00+00:00'\n"


def snapshot(tmp_path: Path, data: bytes, name: str = "a.txt") -> Snapshot:
    path = tmp_path / name
    path.write_bytes(data)
    return Snapshot(None, name, path)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16"])
def test_unicode_encodings_with_and_without_bom(tmp_path, encoding):
    assert decode(snapshot(tmp_path, TEXT.encode(encoding))) == TEXT


def test_windows_1252_is_detected_and_reported(tmp_path, caplog):
    data = TEXT.replace("’", "'").encode("cp1252").replace(b"'", b"\x92")
    with caplog.at_level(logging.WARNING):
        assert decode(snapshot(tmp_path, data)) == TEXT
    assert "a.txt:4: not UTF-8; decoded as Windows-1252" in caplog.text


def test_latin_1_when_windows_1252_cannot_be(tmp_path, caplog):
    with caplog.at_level(logging.WARNING):
        assert decode(snapshot(tmp_path, "café\x81 closed\n".encode("latin-1"))) == "café\x81 closed\n"
    assert "decoded as Latin-1" in caplog.text


def test_mojibake_is_repaired_and_reported(tmp_path, caplog):
    garbled = TEXT.encode("utf-8").decode("cp1252", errors="replace")
    with caplog.at_level(logging.WARNING):
        assert decode(snapshot(tmp_path, garbled.encode("utf-8"))) == TEXT
    assert "a.txt:4: mojibake repaired" in caplog.text


@pytest.mark.parametrize("text", ["The caf\u00e9 by the bridge closed", "Water rose 2\u00a0m", "Zelensky\u2019s aide"])
def test_mojibake_of_each_kind_is_repaired(tmp_path, text):
    """UTF-8 read as Windows-1252 turns é into Ã©, a no-break space into Â and ’ into â€™: each alone is found."""
    plain = f"Storm live: rivers rise\nRain eases by Friday\n{text}\nPolice closed the Eden bridge at noon.\n"
    garbled = plain.encode("utf-8").decode("cp1252", errors="replace")
    assert decode(snapshot(tmp_path, garbled.encode("utf-8"))) == plain


@pytest.mark.parametrize("data, reason", [
    (b"", "empty file"), (b"  \n\n", "empty file"),
    (b"title\n\x00\x01\x02", "binary file (NUL bytes), not a text snapshot"),
])
def test_files_that_are_no_snapshot_are_refused_with_a_reason(tmp_path, data, reason):
    with pytest.raises(SnapshotError) as caught:
        decode(snapshot(tmp_path, data))
    assert caught.value.reason == reason


def test_unreadable_file(tmp_path, monkeypatch):
    s = snapshot(tmp_path, TEXT.encode())
    monkeypatch.setattr(Path, "read_bytes", lambda self: (_ for _ in ()).throw(PermissionError(13, "Permission denied")))
    with pytest.raises(SnapshotError, match="a.txt: unreadable: Permission denied"):
        decode(s)


def test_fifty_megabytes_without_a_line_break_in_bounded_time_and_memory(tmp_path):
    s = snapshot(tmp_path, b"word " * (10 * 1024 * 1024))
    tracemalloc.start()
    started = time.monotonic()
    with pytest.raises(SnapshotError, match=r"a.txt:1: a line of over 200,000 characters"):
        decode(s)
    elapsed = time.monotonic() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert elapsed < 5 and peak < 400 * 1024 * 1024


def test_odd_names_and_a_broken_neighbour_do_not_stop_the_build(tmp_path):
    folder = write_snapshots(tmp_path / "in", {"snap shot é.txt": TEXT},
                             "snapshots:\n  snap shot é.txt:\n    captured_at: '2025-03-07T08:00:00+00:00'\n")
    (folder / "broken.txt").write_bytes(b"\x00")
    report = build(folder, tmp_path / "out", __import__("generator.config").config.load_config())
    assert report.read == 1 and report.skipped == (("broken.txt", "binary file (NUL bytes), not a text snapshot"),)
    assert report.items == 1 and report.days == 1


def test_manifest_problems_name_the_line_and_keep_the_rest(tmp_path, caplog):
    folder = write_snapshots(tmp_path, {"a.txt": TEXT, "b.txt": TEXT}, (
        "source:\n  timezone: Mars/Olympus\nsnapshots:\n  a.txt:\n    captured_at: '2024-02-30T10:00:00'\n"
        "  b.txt:\n    captured_at: '2024-02-28T10:00:00Z'\n  gone.txt:\n    captured_at: '2024-02-28T11:00:00Z'\n"))
    with caplog.at_level(logging.WARNING):
        manifest = read_manifest(folder)
        found = {s.name: s.captured_at for s in find_snapshots(folder, manifest, manifest.timezone)}
    assert "snapshots.yml:2: unknown timezone 'Mars/Olympus'" in caplog.text
    assert "snapshots.yml:5: a.txt: captured_at '2024-02-30T10:00:00' is not an ISO 8601 time" in caplog.text
    assert "snapshots.yml: names gone.txt, which is not in the folder" in caplog.text
    assert found["a.txt"] is None and found["b.txt"].isoformat() == "2024-02-28T10:00:00+00:00"


def test_invalid_manifest_yaml_names_its_line(tmp_path, caplog):
    folder = write_snapshots(tmp_path, {"a.txt": TEXT}, "snapshots:\n  a.txt: [unclosed\n")
    with caplog.at_level(logging.WARNING):
        assert read_manifest(folder).captured == ()
    assert "snapshots.yml:3: manifest ignored" in caplog.text


# --- the folder's boundaries: links out of it, and manifests built to exhaust the reader ----------

def test_a_snapshot_that_links_out_of_the_folder_is_skipped_by_name(tmp_path, caplog):
    folder = write_snapshots(tmp_path / "in", {"a.txt": TEXT})
    (tmp_path / "secret.txt").write_text("Not the blog\nA private note kept outside the folder.\n")
    (folder / "linked.txt").symlink_to(tmp_path / "secret.txt")
    (folder / "copy.txt").symlink_to(folder / "a.txt")  # a link inside the folder is an ordinary snapshot
    (folder / "gone.txt").symlink_to(tmp_path / "missing.txt")
    with caplog.at_level(logging.WARNING):
        found = [s.name for s in find_snapshots(folder, read_manifest(folder), ZoneInfo("UTC"))]
    assert found == ["a.txt", "copy.txt"]
    assert "skipped linked.txt: a link to a file outside the snapshot folder" in caplog.text
    assert "skipped gone.txt: a link that leads to no file" in caplog.text


ALIAS_BOMB = "snapshots: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"k{n}: &{b} [{', '.join(['*' + a] * 9)}]\n" for n, (a, b) in enumerate(zip("abcdefgh", "bcdefghi")))


@pytest.mark.parametrize("manifest, line, reason", [
    (ALIAS_BOMB, 4, "aliases expand to over 10,000 more nodes"),
    ("snapshots:\n  a.txt: !!python/object/new:os.system [ls]\n", 2,
     "unknown YAML tag '!!python/object/new:os.system'"),
    ("snapshots:\n  a.txt:\n    captured_at: " + "[" * 70 + "]" * 70 + "\n", 3, "nested over 64 levels deep"),
])
@pytest.mark.parametrize("fast", [True, False], ids=["libyaml", "python parser"])
def test_a_manifest_built_to_exhaust_the_reader_is_ignored_quickly_with_its_line(tmp_path, caplog, monkeypatch, manifest,
                                                                               line, reason, fast):
    if fast and not yamlfile.FAST:
        pytest.skip("PyYAML has no C parser here")
    monkeypatch.setattr(yamlfile, "FAST", fast)
    folder = write_snapshots(tmp_path, {"a.txt": TEXT}, manifest)
    started = time.monotonic()
    with caplog.at_level(logging.WARNING):
        assert read_manifest(folder).captured == ()
    assert time.monotonic() - started < 1
    assert f"snapshots.yml:{line}: manifest ignored: {reason}" in caplog.text


SOURCE = "source:\n  timezone: America/New_York\n"
CAPTURES = "snapshots:\n  a.txt:\n    captured_at: '2025-03-07T08:00:00'\n"


@pytest.mark.parametrize("manifest", [SOURCE + CAPTURES, CAPTURES + SOURCE], ids=["source first", "source last"])
def test_naive_manifest_times_are_in_the_manifests_timezone_whatever_the_key_order(tmp_path, manifest):
    folder = write_snapshots(tmp_path, {"a.txt": TEXT, "b-2025-03-07T0800.txt": TEXT}, manifest)
    found = manifest_times(folder, ZoneInfo("Europe/Berlin"))
    assert found == {"a.txt": "2025-03-07T13:00:00+00:00", "b-2025-03-07T0800.txt": "2025-03-07T13:00:00+00:00"}


def test_naive_manifest_times_without_a_manifest_timezone_are_in_the_configured_one(tmp_path):
    folder = write_snapshots(tmp_path, {"a.txt": TEXT, "b-2025-03-07T0800.txt": TEXT}, CAPTURES)
    found = manifest_times(folder, ZoneInfo("Europe/Berlin"))
    assert found == {"a.txt": "2025-03-07T07:00:00+00:00", "b-2025-03-07T0800.txt": "2025-03-07T07:00:00+00:00"}


def manifest_times(folder: Path, configured: ZoneInfo) -> dict[str, str]:
    """Each snapshot's capture time in UTC, the way the build reads the folder."""
    manifest = read_manifest(folder)
    found = find_snapshots(folder, manifest, manifest.timezone or configured)
    return {s.name: s.captured_at.astimezone(timezone.utc).isoformat() for s in found}


def test_a_furniture_rule_that_empties_every_snapshot_is_an_error_naming_it(tmp_path, capsys):
    folder = write_snapshots(tmp_path / "in", {"a.txt": "Ferry services cancelled\nAll sailings from the port are off today.\n"})
    config = tmp_path / "digest.yml"
    config.write_text(f"extends: {ROOT / 'digest.yml'}\nfurniture:\n  lines: ['(ferry|sailings)']\n", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["build", "--snapshots", str(folder), "--out", str(out), "--config", str(config), "--no-cache"]) == 1
    assert "furniture.lines[0] removed every line of every snapshot" in capsys.readouterr().err
    assert not out.exists()


def test_a_lone_surrogate_in_structured_data_is_replaced_not_a_crash(tmp_path):
    updates = ",".join('{"@type": "BlogPosting", "headline": "Harbour update %d \\ud83d", "articleBody": '
                       '"Ferries stay in port at Westport %d \\ud800 today.", "datePublished": '
                       '"2025-03-07T0%d:00:00+00:00"}' % (n, n, n) for n in range(3))
    page = ('<html><head><title>Harbour live</title><script type="application/ld+json">{"@type": "LiveBlogPosting", '
            '"headline": "Harbour live", "liveBlogUpdate": [%s]}</script></head><body><p>Live</p></body></html>'
            % updates)
    folder = tmp_path / "snaps"
    folder.mkdir()
    (folder / "2025-03-07T1000Z.html").write_text(page, encoding="utf-8")
    report = build(folder, tmp_path / "out", load_config())
    assert report.posts == 3 and "\ufffd" in (tmp_path / "out" / "digest.json").read_text(encoding="utf-8")


def test_a_reader_that_fails_loses_its_snapshot_with_a_warning_not_the_build(tmp_path, monkeypatch, caplog):
    from generator import build as build_module
    from generator.readers import READERS
    real = READERS["text"]

    def read(snapshot, text, furniture):
        if snapshot.name == "b.txt":
            raise KeyError("a case the reader never met")
        return real.read(snapshot, text, furniture)
    monkeypatch.setitem(READERS, "text", dataclasses.replace(real, read=read))
    folder = write_snapshots(tmp_path, {"a.txt": TEXT, "b.txt": TEXT.replace("Kyiv", "Lviv")})
    with caplog.at_level(logging.WARNING):
        report = build_module.build(folder, tmp_path / "out", load_config())
    assert dict(report.skipped)["b.txt"].startswith("the text reader failed on it (KeyError")
    assert "skipped b.txt: the text reader failed" in caplog.text and report.read == 1
