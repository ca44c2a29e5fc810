"""A cache of read snapshots, keyed by content: a rebuild reads only the snapshots it has not seen.

Each entry is one small file in the cache folder: gzip-compressed JSON holding a format version, the
full key it answers (the snapshot's content hash, every configuration value that changes reading,
the generator's code, and for a page the learned furniture and capture time), a SHA-256 checksum of
the record, and the record itself written out field by field. Entries are written atomically under a
name derived from the whole key, so one cache folder can be shared between snapshot folders and
between builds running at the same time. An entry that is damaged, of another format, or answers
another key is discarded with a warning and rebuilt; nothing in a cache file is ever run.
"""
from __future__ import annotations

import gzip
import hashlib
import json
import logging
import os
import re
import time
import zlib
from dataclasses import fields, is_dataclass, replace
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from .errors import SnapshotError
from .furniture import Line
from .models import Card, Page, Post, Snapshot
from .snapshots import MAX_FILE_BYTES
from .writer import atomic_write

log = logging.getLogger(__name__)
FORMAT = 2
"""Bumped whenever the entry layout or the cached records change shape (1 was a pickle)."""
SUFFIX = ".json.gz"
HASH_CHUNK = 1 << 20
"""Bytes read at a time while hashing a snapshot: a large file is never held whole for its hash."""
MAX_ENTRY_BYTES = 4 * MAX_FILE_BYTES
"""An entry that unpacks to more than this is no entry of ours (a page holds less than its snapshot)."""
KEEP_UNUSED_DAYS = 30
"""Entries no build has used for this long are removed, so a shared cache does not grow for ever."""
AFTER_READING = frozenset({"path", "themes", "tags", "site", "headline_weight", "min_theme_score"})
"""Configuration fields used only after snapshots are read: changing them keeps the cache."""
RECORDS = {cls.__name__: cls for cls in (Page, Post, Card, Line)}
"""The only record types an entry can hold."""


def code_fingerprint() -> str:
    """A hash of the generator's own source: a cache made by other code is not trusted."""
    package = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted(p for p in package.rglob("*") if p.suffix in (".py", ".txt")):
        digest.update(path.relative_to(package).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def reading_settings(config: object) -> dict:
    """Every configuration value that changes how a snapshot is read, in full (patterns by their source)."""
    return {f.name: _plain(getattr(config, f.name)) for f in fields(config) if f.name not in AFTER_READING}


def _plain(value: object) -> object:
    """A configuration value as JSON data, nothing cut short."""
    if isinstance(value, re.Pattern):
        return {"pattern": value.pattern, "flags": value.flags}
    if isinstance(value, ZoneInfo):
        return {"zone": value.key}
    if is_dataclass(value):
        return {f.name: _plain(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, (set, frozenset)):
        return sorted((_plain(v) for v in value), key=json.dumps)
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in sorted(value.items(), key=lambda kv: str(kv[0]))}
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, (datetime, Path)):
        return str(value)
    return f"{type(value).__name__}:{value!r}"  # a type this cache does not know yet: its repr still keys it


def encode(value: object) -> object:
    """A record as JSON data: records by type name and fields, tuples as lists, times with their zone."""
    if isinstance(value, tuple):
        return [encode(v) for v in value]
    if isinstance(value, datetime):
        zone = value.tzinfo.key if isinstance(value.tzinfo, ZoneInfo) else None
        return {"$time": value.replace(tzinfo=None).isoformat() if zone else value.isoformat(), "zone": zone,
                "fold": value.fold}
    if is_dataclass(value) and type(value).__name__ in RECORDS:
        return {"$record": type(value).__name__, **{f.name: encode(getattr(value, f.name)) for f in fields(value)}}
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    raise TypeError(f"cannot cache a {type(value).__name__}")


def decode(data: object) -> object:
    """The record `encode` wrote; ValueError when the data is not one."""
    if isinstance(data, list):
        return tuple(decode(v) for v in data)
    if isinstance(data, dict) and "$time" in data:
        moment = datetime.fromisoformat(data["$time"])
        return moment.replace(tzinfo=ZoneInfo(data["zone"]), fold=data["fold"]) if data.get("zone") else moment
    if isinstance(data, dict) and data.get("$record") in RECORDS:
        cls = RECORDS[data["$record"]]
        values = {k: decode(v) for k, v in data.items() if k != "$record"}
        if set(values) != {f.name for f in fields(cls)}:
            raise ValueError(f"a {cls.__name__} with other fields")
        return cls(**values)
    if data is None or isinstance(data, (str, int, float, bool)):
        return data
    raise ValueError(f"unexpected {type(data).__name__} in a record")


def _page_record(page: Page) -> dict:
    """A page without its snapshot: the same content is the same page under any name."""
    return {f.name: encode(getattr(page, f.name)) for f in fields(page) if f.name != "snapshot"}


class SnapshotCache:
    """Edges and pages of snapshots already read, by content hash; an empty cache when `folder` is None."""

    def __init__(self, folder: Path | None, config: object | None = None):
        self.folder = folder
        self.reading = {"settings": reading_settings(config) if config is not None else None,
                        "code": code_fingerprint() if folder else None}
        self.used: set[Path] = set()

    def content_hash(self, snapshot: Snapshot) -> str:
        """The snapshot file's SHA-256, read in chunks; a file over the size limit is refused unread."""
        size = snapshot.path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise SnapshotError(snapshot.name, f"{size:,} bytes, over the {MAX_FILE_BYTES:,}-byte limit")
        digest = hashlib.sha256()
        with open(snapshot.path, "rb") as f:
            while chunk := f.read(HASH_CHUNK):
                digest.update(chunk)
        return digest.hexdigest()

    def get_edges(self, content: str):
        """The page title and edge lines remembered for this content, or None."""
        record = self._get("edges", {"content": content})
        return None if record is None else (record["title"], decode(record["lines"]))

    def put_edges(self, content: str, edges) -> None:
        title, lines = edges
        self._put("edges", {"content": content}, {"title": title, "lines": encode(tuple(lines))})

    def get_page(self, key: tuple, snapshot: Snapshot) -> Page | None:
        """The cached page for this content and reading, given the current snapshot's name."""
        record = self._get("page", {"reading": encode(key)})
        if record is None:
            return None
        try:
            page = Page(snapshot=snapshot, **{k: decode(v) for k, v in record.items()})
        except (TypeError, ValueError) as e:
            log.warning("cache entry for %s unusable (%s); reading it again", snapshot.name, e)
            return None
        return replace(page, posts=tuple(replace(p, snapshot=snapshot.name) for p in page.posts))

    def put_page(self, key: tuple, page: Page) -> None:
        self._put("page", {"reading": encode(key)}, _page_record(page))

    def save(self) -> None:
        """Remove entries no build has used for a while (entries are written as they are made)."""
        if self.folder is None or not self.folder.is_dir():
            return
        oldest = time.time() - KEEP_UNUSED_DAYS * 86400
        for path in sorted(self.folder.glob(f"*/*{SUFFIX}")):
            try:
                if path not in self.used and path.stat().st_mtime < oldest:
                    path.unlink()
            except OSError:
                continue  # another build removed or renewed it meanwhile

    def _key(self, kind: str, key: dict) -> dict:
        return {"kind": kind, **key, **self.reading}

    def _path(self, full_key: dict) -> Path:
        name = hashlib.sha256(json.dumps(full_key, sort_keys=True).encode()).hexdigest()
        return self.folder / name[:2] / f"{name}{SUFFIX}"

    def _get(self, kind: str, key: dict) -> dict | None:
        if self.folder is None:
            return None
        full_key = self._key(kind, key)
        path = self._path(full_key)
        try:
            raw = _unpack(path)
        except FileNotFoundError:
            return None
        except (OSError, EOFError, zlib.error, gzip.BadGzipFile, ValueError) as e:
            return _discard(path, f"unreadable: {e}")
        header, _, body = raw.partition(b"\n")
        try:
            header = json.loads(header)
            record = json.loads(body)
        except ValueError as e:
            return _discard(path, f"not JSON: {e}")
        if not isinstance(header, dict) or header.get("format") != FORMAT:
            return _discard(path, "another format")
        if header.get("sha256") != hashlib.sha256(body).hexdigest():
            return _discard(path, "checksum mismatch")
        if header.get("key") != full_key or not isinstance(record, dict):
            return _discard(path, "made for another snapshot or configuration")
        self._touch(path)
        return record

    def _put(self, kind: str, key: dict, record: dict) -> None:
        if self.folder is None:
            return
        full_key = self._key(kind, key)
        body = json.dumps(record, ensure_ascii=False, separators=(",", ":")).encode()
        header = json.dumps({"format": FORMAT, "key": full_key, "sha256": hashlib.sha256(body).hexdigest()},
                            ensure_ascii=False, separators=(",", ":")).encode()
        path = self._path(full_key)
        try:
            atomic_write(path, gzip.compress(header + b"\n" + body, compresslevel=6, mtime=0))
        except OSError as e:
            log.warning("cache entry %s not written: %s", path, e)
        self.used.add(path)

    def _touch(self, path: Path) -> None:
        self.used.add(path)
        try:
            os.utime(path)
        except OSError:
            pass  # read-only cache: still usable, only never pruned by this build


def _unpack(path: Path) -> bytes:
    """An entry's bytes, refusing one that unpacks beyond the entry limit."""
    with gzip.open(path, "rb") as f:
        raw = f.read(MAX_ENTRY_BYTES + 1)
    if len(raw) > MAX_ENTRY_BYTES:
        raise ValueError(f"over {MAX_ENTRY_BYTES:,} bytes")
    return raw


def _discard(path: Path, why: str) -> None:
    """Warn about a bad entry and remove it; the caller reads the snapshot again and writes a new one."""
    log.warning("cache entry %s discarded (%s); reading the snapshot again", path, why)
    try:
        path.unlink()
    except OSError:
        pass  # read-only cache: the entry is just not used
    return None
