"""The snapshot cache: a rebuild reads only new snapshots and writes the same digest."""
import json
import logging
import shutil

import generator.build as build_module
from conftest import ROOT

from generator.build import build
from generator.cache import FILE

EXAMPLES = ROOT / "examples" / "snapshots"


def counting_decode(monkeypatch):
    calls = []
    real = build_module.decode

    def decode(snapshot, report=True):
        calls.append(snapshot.name)
        return real(snapshot, report)
    monkeypatch.setattr(build_module, "decode", decode)
    return calls


def tree(folder):
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_rebuild_reads_only_the_new_snapshot_and_writes_the_same_digest(tmp_path, config, monkeypatch):
    folder = tmp_path / "snaps"
    shutil.copytree(EXAMPLES, folder)
    newest = folder / "04_d2c79a.txt"
    held_back = newest.read_bytes()
    newest.unlink()
    build(folder, tmp_path / "warm", config, cache=tmp_path / "cache")
    newest.write_bytes(held_back)
    calls = counting_decode(monkeypatch)
    build(folder, tmp_path / "warm", config, cache=tmp_path / "cache")
    assert sorted(set(calls)) == ["04_d2c79a.txt"]
    monkeypatch.undo()
    build(folder, tmp_path / "cold", config)
    assert tree(tmp_path / "warm") == tree(tmp_path / "cold")


def test_a_renamed_snapshot_is_found_by_its_content(tmp_path, config, monkeypatch):
    folder = tmp_path / "snaps"
    shutil.copytree(EXAMPLES, folder)
    build(folder, tmp_path / "out", config, cache=tmp_path / "cache")
    (folder / "liveblog-2024-11-05T1430Z.txt").rename(folder / "saved-2024-11-05T1430Z.txt")
    calls = counting_decode(monkeypatch)
    build(folder, tmp_path / "out", config, cache=tmp_path / "cache")
    assert calls == []
    digest = json.loads((tmp_path / "out" / "digest.json").read_text())
    names = {n for d in digest["days"] for i in d["items"] for n in i["snapshots"]}
    assert "saved-2024-11-05T1430Z.txt" in names and "liveblog-2024-11-05T1430Z.txt" not in names


def test_a_damaged_cache_is_ignored_and_rebuilt(tmp_path, config, caplog):
    (tmp_path / "cache").mkdir()
    (tmp_path / "cache" / FILE).write_bytes(b"not a pickle")
    with caplog.at_level(logging.WARNING):
        report = build(EXAMPLES, tmp_path / "out", config, cache=tmp_path / "cache")
    assert report.items == 34 and "unreadable" in caplog.text
    assert (tmp_path / "cache" / FILE).read_bytes()[:1] == b"\x80"  # a fresh pickle


def test_a_cache_made_by_other_code_is_not_used(tmp_path, config, monkeypatch):
    build(EXAMPLES, tmp_path / "out", config, cache=tmp_path / "cache")
    monkeypatch.setattr(build_module, "code_fingerprint", lambda: "another version")
    calls = counting_decode(monkeypatch)
    build(EXAMPLES, tmp_path / "out", config, cache=tmp_path / "cache")
    assert len(set(calls)) == 8  # every snapshot read again
