"""A digest built snapshot by snapshot, reusing what earlier builds remembered, is the cold build's, byte for byte."""
from __future__ import annotations

import gzip
import hashlib
import json
import logging
import shutil
import zoneinfo
from datetime import date, timedelta, timezone
from pathlib import Path
import sys

import pytest

from conftest import ROOT
import generator.cache as cache_module
from generator import carry, parallel, similar
from generator.build import build, extract
from generator.errors import BuildError
from generator.config import load_config
from generator.dates import zone_rules
from generator.render.pages import Pages
from generator.snapshots import find_snapshots, read_manifest

sys.path.insert(0, str(ROOT / "bench"))
import corpus  # noqa: E402

WEEK = {"days": 7, "per_day": 3, "visible": 8}
"""A week of the benchmark's synthetic blog, three captures a day, eight posts shown in each."""
CHECKED = 5
"""Every this many captures the incremental output is compared with a cold build of the same folder."""


def files(folder) -> dict[str, bytes]:
    """Every file under a folder, by relative path, with its bytes."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def week(tmp_path_factory):
    folder = tmp_path_factory.mktemp("week")
    truth = corpus.generate(folder, **WEEK)
    (folder / "truth.json").unlink()
    return folder, [name for name, _, _ in truth.snapshots]


def _manifest_of(full: str, names: list[str]) -> str:
    """The week's manifest cut down to the snapshots named (each entry is a name line and a time line)."""
    lines = full.splitlines()
    head = lines[:lines.index("snapshots:") + 1]
    entries = {lines[n].strip().rstrip(":"): lines[n:n + 2] for n in range(len(head), len(lines), 2)}
    return "\n".join(head + [line for name in names for line in entries[name]]) + "\n"


def _cold(snapshots, out):
    shutil.rmtree(out, ignore_errors=True)
    build(snapshots, out, load_config(), None)
    return files(out)


def test_a_week_built_snapshot_by_snapshot_equals_the_cold_build(week, tmp_path, monkeypatch):
    source, names = week
    updates = []
    update = similar._update
    monkeypatch.setattr(similar, "_update", lambda *args: updates.append(1) or update(*args))
    taken, take = [], carry.Prior.item

    def counted(*args):
        item = take(*args)
        taken.append(item is not None)
        return item
    monkeypatch.setattr(carry.Prior, "item", counted)
    full = (source / "snapshots.yml").read_text(encoding="utf-8")
    growing, out, cache = tmp_path / "snapshots", tmp_path / "out", tmp_path / "cache"
    growing.mkdir()
    for n, name in enumerate(names, 1):
        shutil.copy(source / name, growing / name)
        (growing / "snapshots.yml").write_text(_manifest_of(full, names[:n]), encoding="utf-8")
        build(growing, out, load_config(), cache)
        if n % CHECKED == 0:
            assert files(out) == _cold(growing, tmp_path / "cold"), f"after {n} snapshots"
    assert files(out) == _cold(growing, tmp_path / "cold")
    # the builds updated the last one's near-copy search (the first ones, which double it, search anew)
    assert len(updates) >= len(names) - 4
    # and took the items no new snapshot showed from the last build (the cold builds merge anew)
    assert sum(taken) > 5 * len(names)
    assert '"days"' in (out / "digest.json").read_text(encoding="utf-8")


def test_snapshots_read_by_a_pool_give_the_same_pages_and_warnings_in_order(week, tmp_path, monkeypatch, caplog):
    source, names = week
    folder = tmp_path / "snapshots"
    shutil.copytree(source, folder)
    (folder / names[4]).write_bytes(b"")  # unreadable: skipped, with a warning naming it
    (folder / names[9]).write_bytes(b"\x00binary")
    config = load_config()
    manifest = read_manifest(folder)
    found = find_snapshots(folder, manifest, manifest.timezone)

    def run(jobs):
        caplog.clear()
        with caplog.at_level(logging.WARNING, logger="generator"):
            extraction = extract(found, config.reading, None, jobs)
        return extraction, [r.getMessage() for r in caplog.records]

    alone, alone_warnings = run(1)
    monkeypatch.setattr(parallel, "POOL_FROM", 2)
    pooled, pooled_warnings = run(2)
    assert pooled == alone
    assert [name for name, _ in pooled.skipped] == [names[4], names[9]]
    assert pooled_warnings == alone_warnings
    assert any(names[4] in w for w in pooled_warnings)


def _growing(week, tmp_path):
    """A folder that `grow(n)` fills with the week's first n snapshots and their manifest; the output and cache."""
    source, names = week
    full = (source / "snapshots.yml").read_text(encoding="utf-8")
    growing = tmp_path / "snapshots"
    growing.mkdir()

    def grow(n):
        for name in names[:n]:
            if not (growing / name).exists():
                shutil.copy(source / name, growing / name)
        (growing / "snapshots.yml").write_text(_manifest_of(full, names[:n]), encoding="utf-8")
    return grow, growing, tmp_path / "out", tmp_path / "cache"


def _counting(monkeypatch, *methods):
    """The dates of the days these methods of Pages render from now on, in order."""
    rendered = []
    for name in methods:
        real = getattr(Pages, name)
        monkeypatch.setattr(Pages, name, lambda self, day, *more, real=real: rendered.append(day.date) or
                            real(self, day, *more))
    return rendered


def test_a_new_snapshot_is_added_to_the_pack_without_writing_it_whole(week, tmp_path, monkeypatch, caplog):
    names = week[1]
    grow, growing, out, cache = _growing(week, tmp_path)
    grow(15)
    build(growing, out, load_config(), cache)
    [pack] = (cache / cache_module.PACKS).iterdir()
    whole = pack.read_bytes()
    grow(16)
    build(growing, out, load_config(), cache)
    added = pack.with_name(pack.name.removesuffix(cache_module.SUFFIX) + cache_module.ADDED + cache_module.SUFFIX)
    assert pack.read_bytes() == whole and added.is_file()  # one snapshot of 16: added beside the pack
    opened = []
    unpack = cache_module._unpack
    monkeypatch.setattr(cache_module, "_unpack", lambda path, *a: opened.append(path) or unpack(path, *a))
    build(growing, out, load_config(), cache)
    assert {p.parent.name for p in opened} <= {cache_module.PACKS, cache_module.MEMOS} and added in opened
    assert files(out) == _cold(growing, tmp_path / "cold")
    bound = gzip.decompress(added.read_bytes())
    added.write_bytes(gzip.compress(bound.replace(b'"added to": "', b'"added to": "0', 1)))  # another pack's
    with caplog.at_level(logging.WARNING):
        build(growing, out, load_config(), cache)
    assert f"{added} discarded" in caplog.text
    assert files(out) == _cold(growing, tmp_path / "cold")
    caplog.clear()
    with caplog.at_level(logging.WARNING):
        build(growing, out, load_config(), cache)  # written again, bound to the pack
    assert "discarded" not in caplog.text and added.is_file()
    for n in range(17, len(names) + 1):  # past a tenth of the pack: written whole again
        grow(n)
        build(growing, out, load_config(), cache)
    assert pack.read_bytes() != whole and not added.exists()
    assert files(out) == _cold(growing, tmp_path / "cold")


def test_a_rebuild_renders_only_the_days_a_new_snapshot_changes(week, tmp_path, monkeypatch):
    names = week[1]
    grow, growing, out, cache = _growing(week, tmp_path)
    grow(len(names) - 1)
    build(growing, out, load_config(), cache)
    rendered = _counting(monkeypatch, "day", "theme_day")
    build(growing, out, load_config(), cache)
    assert rendered == []  # nothing changed: every day's text remembered
    grow(len(names))
    build(growing, out, load_config(), cache)
    days = {date.fromisoformat(p.stem) for p in (out / "days").glob("2*.md")}
    assert max(days) in rendered and len(set(rendered)) < len(days)  # the days whose posts the capture changed
    assert files(out) == _cold(growing, tmp_path / "cold")


def _render_memo(cache):
    [memo] = [p for p in (cache / cache_module.MEMOS).glob("render-*") if cache_module.ADDED not in p.name]
    return memo


def _forge_memo(memo, change):
    """Rewrite a memo's values with `change`, under a checksum that matches (only the content gives it away)."""
    header, _, rest = gzip.decompress(memo.read_bytes()).partition(b"\n")
    rest = change(rest)
    header = json.loads(header) | {"sha256": hashlib.sha256(rest).hexdigest()}
    memo.write_bytes(gzip.compress(json.dumps(header).encode() + b"\n" + rest))


@pytest.mark.parametrize("change, why", [
    (lambda rest: rest.replace(b'":"---', b'":"\\ud800---', 1), cache_module.NOT_UNICODE),
    (lambda rest: json.dumps({key: 123 for key in json.loads(rest)}).encode(), None),
])
def test_a_forged_render_memo_gives_the_cold_builds_pages(week, tmp_path, caplog, change, why):
    names = week[1]
    grow, growing, out, cache = _growing(week, tmp_path)
    grow(len(names))
    build(growing, out, load_config(), cache)
    _forge_memo(_render_memo(cache), change)
    with caplog.at_level(logging.WARNING):
        build(growing, tmp_path / "again", load_config(), cache)
    assert files(tmp_path / "again") == files(out)
    assert (why in caplog.text) if why else "discarded" not in caplog.text
    values = json.loads(gzip.decompress(_render_memo(cache).read_bytes()).partition(b"\n")[2])
    assert values and all(type(v) is str for v in values.values())  # written again, whole and right


def test_a_change_of_the_time_zones_rules_renders_the_days_again(week, tmp_path, monkeypatch):
    names = week[1]
    grow, growing, out, cache = _growing(week, tmp_path)
    grow(len(names))
    build(growing, out, load_config(), cache)
    rendered = _counting(monkeypatch, "day")
    build(growing, out, load_config(), cache)
    assert rendered == []
    zone = load_config().reading.timezone
    folder = tmp_path / "zones"
    path = folder.joinpath(*zone.key.split("/"))
    path.parent.mkdir(parents=True)
    path.write_bytes(next(Path(root, zone.key).read_bytes() for root in zoneinfo.TZPATH
                          if Path(root, zone.key).is_file()) + b"\n")  # the same zone under rules of another file
    monkeypatch.setattr(zoneinfo, "TZPATH", (str(folder),))
    build(growing, out, load_config(), cache)
    assert len(rendered) == len(list((out / "days").glob("2*.md")))


def test_a_zones_rules_are_told_by_its_file(tmp_path, monkeypatch):
    monkeypatch.setattr(zoneinfo, "TZPATH", (str(tmp_path),))
    (tmp_path / "Europe").mkdir()
    (tmp_path / "Europe" / "Paris").write_bytes(b"rules of one year")
    before = zone_rules(zoneinfo.ZoneInfo("Europe/Paris"))
    (tmp_path / "Europe" / "Paris").write_bytes(b"rules of the next")
    assert zone_rules(zoneinfo.ZoneInfo("Europe/Paris")) != before
    assert zone_rules(timezone(timedelta(hours=2))) != zone_rules(timezone.utc)


def test_a_build_leaves_the_cycle_collector_as_it_found_it(week, tmp_path):
    import gc
    source, _ = week
    assert gc.get_freeze_count() == 0 and gc.isenabled()
    build(source, tmp_path / "out", load_config(), tmp_path / "cache")
    assert gc.get_freeze_count() == 0 and gc.isenabled()  # what the phases froze is the collector's again
    (tmp_path / "empty").mkdir()
    with pytest.raises(BuildError):  # no snapshot to read
        build(tmp_path / "empty", tmp_path / "out2", load_config(), None)
    assert gc.get_freeze_count() == 0 and gc.isenabled()
    gc.freeze()  # the caller's own frozen objects stay frozen, and the build freezes nothing besides
    try:
        frozen = gc.get_freeze_count()
        build(source, tmp_path / "out", load_config(), tmp_path / "cache")
        assert gc.get_freeze_count() <= frozen and gc.isenabled()  # some may have been freed meanwhile
    finally:
        gc.unfreeze()
