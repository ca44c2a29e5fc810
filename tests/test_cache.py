"""The snapshot cache: a rebuild reads only new snapshots and writes the same digest, whatever is in the cache."""
import gzip
import hashlib
import json
import logging
import os
import pickle
import re
import shutil
import subprocess
import sys
import time
from dataclasses import replace

import pytest

import generator.build as build_module
import generator.cache as cache_module
from conftest import ROOT

from generator.build import build, extract
from generator.cache import SUFFIX, SnapshotCache
from generator.snapshots import find_snapshots, read_manifest
from generator.models import Snapshot

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


def entries(cache):
    """The cache's entries, one per snapshot read (not its packs and memos)."""
    return sorted(cache.glob(f"[0-9a-f][0-9a-f]/*{SUFFIX}"))


def with_entries(cache, config, folder=EXAMPLES):
    """The cache holding an entry per snapshot, as a reading kept by no pack leaves it (a build keeps a pack)."""
    manifest = read_manifest(folder)
    found = find_snapshots(folder, manifest, manifest.timezone or config.reading.timezone)
    extract(found, replace(config.reading, timezone=manifest.timezone or config.reading.timezone),
            SnapshotCache(cache, config.reading), jobs=1)
    assert entries(cache)
    return entries(cache)


def test_a_build_keeps_what_it_read_in_its_pack_alone(tmp_path, config):
    build(EXAMPLES, tmp_path / "out", config, cache=tmp_path / "cache")
    assert pack_of(tmp_path / "cache").is_file() and entries(tmp_path / "cache") == []


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


class Payload:
    """A pickle that would create a file when loaded."""

    def __init__(self, marker):
        self.marker = str(marker)

    def __reduce__(self):
        return (os.system, (f"touch {self.marker}",))


def test_a_crafted_cache_file_runs_no_code_and_is_replaced(tmp_path, config, caplog):
    cache, marker = tmp_path / "cache", tmp_path / "ran"
    build(EXAMPLES, tmp_path / "cold", config)
    with_entries(cache, config)
    build(EXAMPLES, tmp_path / "first", config, cache=cache)  # and its pack and memos
    crafted = pickle.dumps(Payload(marker))
    (cache / "snapshots.pickle").write_bytes(crafted)  # where the old cache lived
    files = sorted(cache.glob(f"*/*{SUFFIX}"))
    assert len(files) > len(entries(cache)) > 0
    for file in files:
        file.write_bytes(gzip.compress(crafted) if file.name[0] in "0123456789" else crafted)
    with caplog.at_level(logging.WARNING):
        build(EXAMPLES, tmp_path / "out", config, cache=cache)
    assert not marker.exists()
    assert tree(tmp_path / "out") == tree(tmp_path / "cold")
    assert caplog.text.count("discarded") == len(files)
    caplog.clear()
    with caplog.at_level(logging.WARNING):
        build(EXAMPLES, tmp_path / "out", config, cache=cache)  # rebuilt: used again without a word
    assert "discarded" not in caplog.text


def test_a_corrupt_entry_is_discarded_with_a_warning_and_rebuilt(tmp_path, config, caplog, monkeypatch):
    cache = tmp_path / "cache"
    build(EXAMPLES, tmp_path / "cold", config)
    with_entries(cache, config)
    damaged = []
    for entry in entries(cache):
        header, _, body = gzip.decompress(entry.read_bytes()).partition(b"\n")
        if b"Zelensky" in body:  # change one word of a post, keep the gzip valid
            entry.write_bytes(gzip.compress(header + b"\n" + body.replace(b"Zelensky", b"Zelenskx", 1)))
            damaged.append(entry)
    cut = next(e for e in entries(cache) if e not in damaged)
    cut.write_bytes(cut.read_bytes()[:40])  # and one cut short
    assert damaged
    calls = counting_decode(monkeypatch)
    with caplog.at_level(logging.WARNING):
        build(EXAMPLES, tmp_path / "out", config, cache=cache)
    assert caplog.text.count("checksum mismatch") == len(damaged) and "unreadable" in caplog.text
    assert calls and tree(tmp_path / "out") == tree(tmp_path / "cold")
    assert str(damaged[0]) in caplog.text  # the warning names the entry


def test_two_folders_sharing_a_cache_do_not_mix(tmp_path, config):
    first, second = tmp_path / "first", tmp_path / "second"
    shutil.copytree(EXAMPLES, first)
    shutil.copytree(EXAMPLES, second)
    victim = second / "03_b8e613.txt"
    text = victim.read_text(encoding="utf-8")
    other = text.replace("Ukraine", "Ukrainx")  # same name, same size, same modification time
    assert other != text and len(other.encode()) == len(text.encode())
    stat = victim.stat()
    victim.write_text(other, encoding="utf-8")
    os.utime(victim, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    os.utime(first / victim.name, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    build(first, tmp_path / "out-first", config, cache=tmp_path / "cache")
    build(second, tmp_path / "out-second", config, cache=tmp_path / "cache")
    build(second, tmp_path / "cold-second", config)
    assert tree(tmp_path / "out-second") == tree(tmp_path / "cold-second")
    assert "Ukrainx" in (tmp_path / "out-second" / "digest.json").read_text(encoding="utf-8")


def test_concurrent_builds_share_one_cache(tmp_path, config):
    first, second = tmp_path / "first", tmp_path / "second"
    shutil.copytree(EXAMPLES, first)
    shutil.copytree(EXAMPLES, second)
    (second / "05_a3f9c2.txt").unlink()
    command = [sys.executable, "-m", "generator", "build", "--cache", str(tmp_path / "cache")]
    runs = [subprocess.Popen(command + ["--snapshots", str(f), "--out", str(tmp_path / f"out-{f.name}")], cwd=ROOT,
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) for f in (first, second) * 2]
    assert all(run.wait() == 0 for run in runs), [run.stderr.read() for run in runs]
    assert not any(b"discarded" in run.stderr.read() for run in runs)
    for folder in (first, second):
        build(folder, tmp_path / f"cold-{folder.name}", config)
        assert tree(tmp_path / f"out-{folder.name}") == tree(tmp_path / f"cold-{folder.name}")


def test_an_edit_late_in_a_long_pattern_is_not_served_stale_pages(tmp_path, config, monkeypatch):
    long = config.reading.timestamps[0]
    assert len(repr(long)) > 200
    timestamps = (re.compile(long.pattern[:-1] + r"\s*$", long.flags), *config.reading.timestamps[1:])
    edited = replace(config, reading=replace(config.reading, timestamps=timestamps))
    build(EXAMPLES, tmp_path / "out", config, cache=tmp_path / "cache")
    calls = counting_decode(monkeypatch)
    build(EXAMPLES, tmp_path / "out", edited, cache=tmp_path / "cache")
    assert len(set(calls)) == 8  # every snapshot read again


def test_a_theme_edit_keeps_the_cache(tmp_path, config, monkeypatch):
    build(EXAMPLES, tmp_path / "out", config, cache=tmp_path / "cache")
    calls = counting_decode(monkeypatch)
    build(EXAMPLES, tmp_path / "out", replace(config, theming=replace(config.theming, themes=config.theming.themes[1:])), cache=tmp_path / "cache")
    assert calls == []


def test_a_cache_made_by_other_code_is_not_used(tmp_path, config, monkeypatch):
    build(EXAMPLES, tmp_path / "out", config, cache=tmp_path / "cache")
    monkeypatch.setattr(cache_module, "code_fingerprint", lambda: "another version")
    calls = counting_decode(monkeypatch)
    build(EXAMPLES, tmp_path / "out", config, cache=tmp_path / "cache")
    assert len(set(calls)) == 8  # every snapshot read again


def test_a_huge_file_is_refused_by_its_size_before_it_is_read(tmp_path, config):
    folder = tmp_path / "snaps"
    shutil.copytree(EXAMPLES, folder)
    with open(folder / "huge.txt", "wb") as f:
        f.truncate(1 << 30)  # 1 GiB, sparse: reading it whole would take seconds
    started = time.monotonic()
    report = build(folder, tmp_path / "out", config, cache=tmp_path / "cache")
    assert time.monotonic() - started < 20
    assert dict(report.skipped)["huge.txt"] == "1,073,741,824 bytes, over the 67,108,864-byte limit"


def test_entries_unused_for_a_month_are_removed(tmp_path, config):
    cache = tmp_path / "cache"
    with_entries(cache, config)  # read by the build, whose pack stands for them from then on
    build(EXAMPLES, tmp_path / "out", config, cache=cache)
    foreign = cache / "ab" / f"{'ab' * 32}{SUFFIX}"
    foreign.parent.mkdir(exist_ok=True)
    foreign.write_bytes(b"left by a build of a folder that is gone")
    old = time.time() - 40 * 86400
    os.utime(foreign, (old, old))
    kept = entries(cache)
    for entry in kept:
        os.utime(entry, (old, old))
    build(EXAMPLES, tmp_path / "out", config, cache=cache)
    assert foreign.exists()  # pruned once a day: this cache was pruned by the first build
    a_day_ago(cache / cache_module.PRUNED)
    build(EXAMPLES, tmp_path / "out", config, cache=cache)
    assert not foreign.exists() and set(entries(cache)) == set(kept) - {foreign}


def a_day_ago(path):
    old = time.time() - cache_module.DAILY - 60
    os.utime(path, (old, old))


def test_a_deeply_nested_entry_is_discarded_not_a_crash(tmp_path, config, caplog):
    cache = tmp_path / "cache"
    with_entries(cache, config)
    for entry in entries(cache):
        header, _, rest = gzip.decompress(entry.read_bytes()).partition(b"\n")
        key, _, _ = rest.partition(b"\n")
        forged = key + b"\n" + b"[" * 100_000 + b"]" * 100_000  # with a checksum that matches
        header = json.dumps({"format": cache_module.FORMAT, "sha256": hashlib.sha256(forged).hexdigest()})
        entry.write_bytes(gzip.compress(header.encode() + b"\n" + forged))
    with caplog.at_level(logging.WARNING):
        report = build(EXAMPLES, tmp_path / "out", config, cache=cache)
    assert report.items == 34 and "unreadable record" in caplog.text


def test_a_forged_entry_of_the_wrong_shape_is_not_used(tmp_path, config, caplog):
    cache = tmp_path / "cache"
    build(EXAMPLES, tmp_path / "cold", config)
    with_entries(cache, config)
    forged_any = False
    for entry in entries(cache):
        header, _, rest = gzip.decompress(entry.read_bytes()).partition(b"\n")
        key, _, body = rest.partition(b"\n")
        if b'"headline":"' not in body:
            continue
        forged_any = True
        body = body.replace(b'"headline":"', b'"headline":["', 1).replace(b'","body"', b'"],"body"', 1)
        forged = key + b"\n" + body  # a checksum that matches: only the shape gives it away
        header = json.dumps({"format": cache_module.FORMAT, "sha256": hashlib.sha256(forged).hexdigest()})
        entry.write_bytes(gzip.compress(header.encode() + b"\n" + forged))
    assert forged_any
    with caplog.at_level(logging.WARNING):
        build(EXAMPLES, tmp_path / "out", config, cache=cache)
    assert "whose headline is of the wrong type" in caplog.text
    assert tree(tmp_path / "out") == tree(tmp_path / "cold")


def pack_of(cache):
    [pack] = [p for p in (cache / cache_module.PACKS).glob(f"*{SUFFIX}") if cache_module.ADDED not in p.name]
    return pack


def forge_pack(pack, change):
    """Rewrite the pack's body with `change`, under a checksum that matches (only the content gives it away)."""
    header, _, rest = gzip.decompress(pack.read_bytes()).partition(b"\n")
    rest = json.dumps(change(json.loads(rest))).encode()
    header = json.loads(header) | {"sha256": hashlib.sha256(rest).hexdigest()}
    pack.write_bytes(gzip.compress(json.dumps(header).encode() + b"\n" + rest))


def test_a_rebuild_takes_every_page_from_the_pack_and_reads_no_entry(tmp_path, config, monkeypatch):
    cache = tmp_path / "cache"
    build(EXAMPLES, tmp_path / "cold", config)
    build(EXAMPLES, tmp_path / "out", config, cache=cache)
    opened = []
    real = cache_module._unpack
    monkeypatch.setattr(cache_module, "_unpack", lambda path, *a: opened.append(path) or real(path, *a))
    calls = counting_decode(monkeypatch)
    build(EXAMPLES, tmp_path / "out", config, cache=cache)
    assert calls == [] and {p.parent.name for p in opened} <= {cache_module.PACKS, cache_module.MEMOS}
    assert tree(tmp_path / "out") == tree(tmp_path / "cold")


def test_the_pack_holds_each_repeated_text_once(tmp_path, config):
    cache = tmp_path / "cache"
    build(EXAMPLES, tmp_path / "out", config, cache=cache)
    header, _, rest = gzip.decompress(pack_of(cache).read_bytes()).partition(b"\n")
    data = json.loads(rest)
    assert len(data["texts"]) == len(set(data["texts"])) and len(data["pages"]) == 8
    assert len(data["posts"]) < sum(len(p[3]) // 3 for p in data["pages"].values())  # posts repeat; kept once


@pytest.mark.parametrize("change, why", [
    (lambda d: d | {"texts": [1, *d["texts"][1:]]}, "texts that are not all text"),
    (lambda d: d | {"posts": [[-1, *d["posts"][0][1:]], *d["posts"][1:]]}, "not a reference"),
    (lambda d: d | {"posts": [[10 ** 9, *d["posts"][0][1:]], *d["posts"][1:]]}, "index out of range"),
    (lambda d: {k: v for k, v in d.items() if k != "edges"}, "not a pack"),
    (lambda d: d | {"pages": []}, "not a pack"),
    (lambda d: d | {"times": [{"$time": "2024-01-01T00:00:00", "zone": "Europe/London", "fold": 10 ** 30}]},
     "not a time zone"),
    (lambda d: d | {"times": [{"$time": "2024-01-01T00:00:00", "zone": "Europe", "fold": 0}]}, "not a time zone"),
    (lambda d: d | {"entries": ["../../outside.json.gz"]}, "none of this cache's"),
    (lambda d: d | {"pages": {**d["pages"], "forged": [None, None, d["pages"][next(iter(d["pages"]))][2],
                                                        [0, 0, 0] * 100_001, d["pages"][next(iter(d["pages"]))][4], 0]}},
     "more posts than a pack holds"),
    (lambda d: d | {"pages": {k: [*v[:3], [*v[3], 0], *v[4:]] for k, v in d["pages"].items()}}, "sightings"),
    (lambda d: d | {"times": [{"$time": "tomorrow", "zone": None, "fold": 0}]}, "Invalid isoformat"),
    (lambda d: d | {"edges": {k: [v[0], [-1]] for k, v in d["edges"].items()}}, "not a list of references"),
    (lambda d: d | {"edges": {k: [v[0], [len(d["lines"])]] for k, v in d["edges"].items()}}, "index out of range"),
    (lambda d: d | {"lines": [[0, 0, 1, "yes", False]]}, "not a bool"),
    (lambda d: d | {"pages": {k: [*v[:3], [10 ** 6, 0, 0], *v[4:]] for k, v in d["pages"].items()}},
     "a post the pack lacks"),
])
def test_a_forged_pack_is_discarded_and_the_snapshots_read_again(tmp_path, config, caplog, change, why):
    cache = tmp_path / "cache"
    build(EXAMPLES, tmp_path / "cold", config)
    build(EXAMPLES, tmp_path / "out", config, cache=cache)
    forge_pack(pack_of(cache), change)
    with caplog.at_level(logging.WARNING):
        build(EXAMPLES, tmp_path / "out", config, cache=cache)
    assert "unreadable record" in caplog.text and why in caplog.text and str(pack_of(cache)) in caplog.text
    assert tree(tmp_path / "out") == tree(tmp_path / "cold")
    caplog.clear()
    with caplog.at_level(logging.WARNING):
        build(EXAMPLES, tmp_path / "out", config, cache=cache)  # the pack was written afresh
    assert "discarded" not in caplog.text


def test_a_pack_of_other_learned_furniture_gives_no_page(tmp_path, config, monkeypatch):
    cache = tmp_path / "cache"
    build(EXAMPLES, tmp_path / "out", config, cache=cache)
    forge_pack(pack_of(cache), lambda d: d | {"learned": ["a line no snapshot has"]})
    calls = counting_decode(monkeypatch)
    build(EXAMPLES, tmp_path / "again", config, cache=cache)
    assert sorted(calls) == sorted(p.name for p in EXAMPLES.glob("*.txt"))  # its pages are of other furniture
    assert tree(tmp_path / "again") == tree(tmp_path / "out")
    with_entries(cache, config)  # entries are keyed by the furniture learned: read whatever the pack holds
    forge_pack(pack_of(cache), lambda d: d | {"learned": ["a line no snapshot has"]})
    calls.clear()
    build(EXAMPLES, tmp_path / "again", config, cache=cache)
    assert calls == [] and tree(tmp_path / "again") == tree(tmp_path / "out")


def test_the_cache_keeps_the_full_text_of_the_reading_settings(tmp_path, config):
    build(EXAMPLES, tmp_path / "out", config, cache=tmp_path / "cache")
    [kept] = (tmp_path / "cache" / cache_module.READINGS).iterdir()
    settings = json.loads(kept.read_text(encoding="utf-8"))["settings"]
    assert [p["pattern"] for p in settings["timestamps"]] == [p.pattern for p in config.reading.timestamps]
    assert "themes" not in settings and kept.stem == hashlib.sha256(kept.read_bytes()[:-1]).hexdigest()


def test_a_pack_touches_nothing_outside_the_cache(tmp_path, config):
    cache = tmp_path / "cache"
    outside = tmp_path / "outside.json.gz"
    outside.write_bytes(b"not the cache's")
    old = time.time() - 40 * 86400
    os.utime(outside, (old, old))
    build(EXAMPLES, tmp_path / "out", config, cache=cache)
    forge_pack(pack_of(cache), lambda d: d | {"entries": ["../outside.json.gz"]})
    build(EXAMPLES, tmp_path / "out", config, cache=cache)
    assert outside.stat().st_mtime == pytest.approx(old)


def test_entries_a_rebuild_takes_from_the_pack_are_not_pruned_by_another_folders_build(tmp_path, config):
    cache = tmp_path / "cache"
    with_entries(cache, config)
    build(EXAMPLES, tmp_path / "out", config, cache=cache)
    kept = entries(cache)
    old = time.time() - 40 * 86400
    for entry in kept:
        os.utime(entry, (old, old))
    build(EXAMPLES, tmp_path / "out", config, cache=cache)  # from the pack: the entries are in use
    for entry in kept:
        os.utime(entry, (old, old))
    [touched] = (cache / cache_module.PACKS).glob(f"*{cache_module.TOUCHED}")
    a_day_ago(touched)  # the pack's entries are touched once a day: a day has passed since
    build(EXAMPLES, tmp_path / "out", config, cache=cache)
    a_day_ago(cache / cache_module.PRUNED)
    other = tmp_path / "other"
    other.mkdir()
    shutil.copy(EXAMPLES / sorted(p.name for p in EXAMPLES.glob("*.txt"))[0], other / "one.txt")
    build(other, tmp_path / "other-out", config, cache=cache)
    assert all(entry.exists() for entry in kept)


def test_the_same_bytes_as_text_and_as_html_read_as_a_cold_build_reads_them(tmp_path, config):
    folder = tmp_path / "snaps"
    folder.mkdir()
    text = sorted(EXAMPLES.glob("*.txt"))[0]
    shutil.copy(text, folder / "a.txt")
    shutil.copy(text, folder / "b.html")
    shutil.copy(sorted(EXAMPLES.glob("*.txt"))[1], folder / "c.txt")
    build(folder, tmp_path / "cold", config)
    cache = tmp_path / "cache"
    build(folder, tmp_path / "out", config, cache=cache)
    build(folder, tmp_path / "out", config, cache=cache)  # from the pack
    assert tree(tmp_path / "out") == tree(tmp_path / "cold")


def test_a_capture_time_added_later_is_a_cold_builds(tmp_path, config):
    folder = tmp_path / "snaps"
    folder.mkdir()
    for n, name in enumerate(("one.txt", "two.txt")):
        (folder / name).write_text("Harbour live\n\nFerries stop at Westport\n5 minutes ago\nIrish Ferries "
                                   f"cancelled every crossing today, number {n}.\n\nShare this page\n",
                                   encoding="utf-8")
    cache = tmp_path / "cache"
    build(folder, tmp_path / "out", config, cache=cache)
    (folder / "snapshots.yml").write_text("snapshots:\n  one.txt: {captured_at: '2025-03-07T08:00:00+00:00'}\n"
                                          "  two.txt: {captured_at: '2025-03-08T08:00:00+00:00'}\n", encoding="utf-8")
    build(folder, tmp_path / "out", config, cache=cache)
    build(folder, tmp_path / "cold", config)
    assert tree(tmp_path / "out") == tree(tmp_path / "cold")


def _hash_reads(monkeypatch):
    """The names of the files hashed from here on, in order."""
    read = []
    real = cache_module._file_hash
    monkeypatch.setattr(cache_module, "_file_hash", lambda path: read.append(path.name) or real(path))
    return read


def _hashes_of(cache_folder, snapshots, names, monkeypatch):
    """Each file's hash as FileHashes gives it, and the files it read to give them."""
    read = _hash_reads(monkeypatch)
    hashes = cache_module.FileHashes(cache_folder, snapshots)
    found = [hashes.content_hash(Snapshot(None, name, snapshots / name)) for name in names]
    hashes.save()
    return found, read


def test_file_hashes_read_each_file_once_until_it_changes(tmp_path, monkeypatch):
    snapshots, cache_folder = tmp_path / "snapshots", tmp_path / "cache"
    snapshots.mkdir()
    for name, text in (("a.txt", "Morning post.\n"), ("b.txt", "Evening post.\n")):
        (snapshots / name).write_text(text)
    first, read = _hashes_of(cache_folder, snapshots, ["a.txt", "b.txt"], monkeypatch)
    assert first == [hashlib.sha256(b"Morning post.\n").hexdigest(), hashlib.sha256(b"Evening post.\n").hexdigest()]
    assert read == ["a.txt", "b.txt"]
    # files just written are not trusted to their times: they are hashed again
    assert _hashes_of(cache_folder, snapshots, ["a.txt", "b.txt"], monkeypatch) == (first, ["a.txt", "b.txt"])
    # a change time cannot be dated back: the margin is taken away instead
    monkeypatch.setattr(cache_module, "SETTLED_NS", 0)
    _hashes_of(cache_folder, snapshots, ["a.txt", "b.txt"], monkeypatch)
    assert _hashes_of(cache_folder, snapshots, ["a.txt", "b.txt"], monkeypatch) == (first, [])
    # the same size and modification time, other bytes: its change time gives it away
    before = (snapshots / "b.txt").stat()
    (snapshots / "b.txt").write_text("Evening text.\n")
    os.utime(snapshots / "b.txt", ns=(before.st_atime_ns, before.st_mtime_ns))
    again, read = _hashes_of(cache_folder, snapshots, ["a.txt", "b.txt"], monkeypatch)
    assert read == ["b.txt"] and again == [first[0], hashlib.sha256(b"Evening text.\n").hexdigest()]


@pytest.mark.parametrize("forge", [
    lambda stamp: stamp,  # no hash
    lambda stamp: stamp + ["not a hash"],
    lambda stamp: stamp + [12345],
    lambda stamp: stamp + ["0" * 64, "more"],
    lambda stamp: [float(stamp[0])] + stamp[1:] + ["0" * 64],  # equal to the size in Python, not its type
    lambda stamp: {"a.txt": stamp},
])
def test_file_hashes_forged_values_are_not_believed(tmp_path, monkeypatch, forge):
    snapshots, cache_folder = tmp_path / "snapshots", tmp_path / "cache"
    snapshots.mkdir()
    (snapshots / "a.txt").write_text("Morning post.\n")
    status = (snapshots / "a.txt").stat()
    stamp = [status.st_size, status.st_ino, status.st_mtime_ns, status.st_ctime_ns]
    cache_module.Memo(cache_folder, "hashes", None, snapshots).save({"a.txt": forge(stamp)})
    found, read = _hashes_of(cache_folder, snapshots, ["a.txt"], monkeypatch)
    assert found == [hashlib.sha256(b"Morning post.\n").hexdigest()] and read == ["a.txt"]


def test_a_rebuild_hashes_only_new_snapshots(tmp_path, config, monkeypatch):
    snapshots = tmp_path / "snapshots"
    shutil.copytree(EXAMPLES, snapshots)
    monkeypatch.setattr(cache_module, "SETTLED_NS", 0)  # a change time cannot be dated back
    cache_folder = tmp_path / "cache"
    build(snapshots, tmp_path / "site", config, cache=cache_folder)
    (snapshots / "99_new.txt").write_text((snapshots / "04_d2c79a.txt").read_text())
    read = _hash_reads(monkeypatch)
    build(snapshots, tmp_path / "site", config, cache=cache_folder)
    assert read == ["99_new.txt"]
