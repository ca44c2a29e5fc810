"""Snapshots saved gzip-compressed (`.html.gz`, `.txt.gz`) are read like any other; a bomb is refused by name."""
import gzip
import json
import shutil

import pytest

from conftest import FIXTURES

from generator import snapshots
from generator.cli import main
from generator.errors import SnapshotError
from generator.models import Snapshot
from generator.snapshots import decode

GROWING = FIXTURES / "folders" / "growing_same_day"
HTML = FIXTURES / "html"
BOMB_LIMIT = 4096
"""The size limit the bomb test sets: small, so a few kilobytes of zeros inflate past it."""


def build(capsys, folder, out):
    """Run `build` on the folder; the digest it wrote and what it printed on stderr."""
    assert main(["build", "--snapshots", str(folder), "--out", str(out), "--no-cache"]) == 0
    return json.loads((out / "digest.json").read_text(encoding="utf-8")), capsys.readouterr().err


def headlines(digest):
    return [item["headline"] for day in digest["days"] for item in day["items"]]


def compressed_copy(source, folder):
    """The folder's snapshots gzip-compressed (the manifest naming them by their new names)."""
    folder.mkdir()
    for path in source.iterdir():
        if path.suffix == ".txt":
            (folder / f"{path.name}.gz").write_bytes(gzip.compress(path.read_bytes()))
    manifest = (source / "snapshots.yml").read_text(encoding="utf-8").replace(".txt:", ".txt.gz:")
    (folder / "snapshots.yml").write_text(manifest, encoding="utf-8")
    return folder


def test_a_folder_of_compressed_text_snapshots_builds_the_same_digest(tmp_path, capsys):
    plain, _ = build(capsys, GROWING, tmp_path / "plain")
    packed, err = build(capsys, compressed_copy(GROWING, tmp_path / "packed"), tmp_path / "packed-out")
    assert headlines(packed) == headlines(plain) and len(headlines(packed)) == 9
    assert "9 items after merging" in err and "names" not in err  # the manifest's names all found


def test_a_compressed_html_snapshot_reads_as_html(tmp_path):
    path = tmp_path / "same_posts.html.gz"
    path.write_bytes(gzip.compress((HTML / "same_posts.html").read_bytes()))
    [found] = snapshots.find_snapshots(tmp_path, snapshots.Manifest(), None)
    assert (found.name, snapshots.format_of(found)) == ("same_posts.html.gz", "html")
    assert decode(found) == decode(Snapshot(None, "same_posts.html", HTML / "same_posts.html"))


def test_a_web_archive_is_not_taken_for_a_compressed_snapshot():
    assert snapshots.kind_of("crawl.warc.gz") is None
    assert (snapshots.kind_of("a.TXT.GZ"), snapshots.kind_of("b.htm.gz"), snapshots.kind_of("c.gz")) == \
        ("text", "html", None)


def test_a_file_that_inflates_past_the_limit_is_refused_by_name(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(snapshots, "MAX_FILE_BYTES", BOMB_LIMIT)
    folder = tmp_path / "snaps"
    folder.mkdir()
    shutil.copy(GROWING / "rushford-1.txt", folder / "rushford-1.txt")
    (folder / "bomb.txt.gz").write_bytes(gzip.compress(b"0" * (BOMB_LIMIT * 100)))
    with pytest.raises(SnapshotError, match="inflates past the 4,096-byte limit"):
        decode(Snapshot(None, "bomb.txt.gz", folder / "bomb.txt.gz"))
    _, err = build(capsys, folder, tmp_path / "out")
    assert "bomb.txt.gz" in err and "inflates past" in err


@pytest.mark.parametrize("data, reason", [
    (b"plain text, not gzip\n", "not a readable gzip file"),
    (gzip.compress(b"Storm live: rivers rise\n" * 50)[:40], "a gzip file cut short"),
])
def test_a_broken_compressed_file_is_refused_with_a_reason(tmp_path, data, reason):
    path = tmp_path / "broken.txt.gz"
    path.write_bytes(data)
    with pytest.raises(SnapshotError, match=reason):
        decode(Snapshot(None, path.name, path))
