"""A cache of read snapshots, keyed by content: a rebuild reads only the snapshots it has not seen.

Each entry is one small file in the cache folder: gzip-compressed JSON holding a format version, the
full key it answers (the snapshot's content hash, every configuration value that changes reading,
the generator's code, and for a page the learned furniture and capture time), a SHA-256 checksum of
the record, and the record itself written out field by field. Entries are written atomically under a
name derived from the whole key, so one cache folder can be shared between snapshot folders and
between builds running at the same time. An entry that is damaged, of another format, or answers
another key is discarded with a warning and rebuilt; nothing in a cache file is ever run.

Beside the entries: a pack per snapshots folder (`Pack`: every page and edges of the last build in one
file, what a rebuild loads instead of the entries) and memos per phase (`Memo`: what merging and themes
worked out per text), checked the same way; the entries stay the truth.
"""
from __future__ import annotations

import gzip
import hashlib
import json
import logging
import os
import re
import stat
import sys
import time
import unicodedata
import types
import typing
import zlib
from dataclasses import fields, is_dataclass
from importlib import metadata
from datetime import date, datetime
from pathlib import Path
from typing import Callable
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .errors import SnapshotError
from .furniture import Edges, Line, WatchedLine
from .models import Card, Change, Item, Page, Post, Snapshot
from .snapshots import MAX_FILE_BYTES
from .writer import atomic_write

log = logging.getLogger(__name__)
FORMAT = 2
"""Bumped whenever the entry layout or the cached records change shape (1 was a pickle)."""
SUFFIX = ".json.gz"
RAW_SUFFIX = ".bin"
"""A memo of numbers written as they are (see Memo.save_bytes): compressing them costs more than it saves."""
HASH_CHUNK = 1 << 20
"""Bytes read at a time while hashing a snapshot: a large file is never held whole for its hash."""
SETTLED_NS = 2_000_000_000
"""A file hashed less than this after it was last written is hashed again by the next build (see FileHashes)."""
SHA256 = re.compile(r"[0-9a-f]{64}")
MAX_ENTRY_BYTES = 4 * MAX_FILE_BYTES
"""An entry that unpacks to more than this is no entry of ours (a page holds less than its snapshot)."""
KEEP_UNUSED_DAYS = 30
"""Entries no build has used for this long are removed, so a shared cache does not grow for ever."""
DAILY = 86400
"""Seconds between two prunings of a cache folder, and between two touchings of the entries a pack stands for:
an hourly build spends no time on either (an entry is kept for KEEP_UNUSED_DAYS, not a day)."""
PRUNED = "pruned"
"""File in the cache folder whose modification time says when it was last pruned."""
TOUCHED = ".touched"
"""Ending of the file beside a pack whose modification time says when the entries it stands for were touched."""
RECORDS = {cls.__name__: cls for cls in (Page, Post, Card, Line, Edges, WatchedLine, Item, Change)}
"""The only record types an entry or memo can hold (items and their changes: what a merge keeps, see generator.carry)."""
FIELD_ORDER = {name: tuple(f.name for f in fields(cls)) for name, cls in RECORDS.items()}
FIELDS = {name: frozenset(order) for name, order in FIELD_ORDER.items()}
RECORD_NAMES = {cls: name for name, cls in RECORDS.items()}
PLAIN = frozenset({str, int, float, bool, type(None)})
"""Values written as they are."""
COMPRESSION = 1
"""gzip level: a cold build writes the whole pack and its memos, and level 1 packs page text almost as well."""
GZIP_WBITS = 16 + zlib.MAX_WBITS
"""zlib's window size for the gzip format."""
UNPACK_CHUNK = 1 << 24
"""Bytes unpacked at a time: a large limit is never allocated whole."""
PACKS = "packs"
"""Subfolder holding, per snapshots folder and reading, the pack of what its last build read (see Pack)."""
MEMOS = "memos"
"""Subfolder holding what later phases remember per item (see Memo)."""
ADDED = "-added"
"""Ending of the name of a memo's file of added values."""
REWRITE_SHARE = 0.1
"""A memo is written whole again once its added values, or those no build used, pass this share of it."""
MAX_MEMO_BYTES = 1 << 29
"""A memo or pack unpacking to more than this is none of ours (a year's analyses take about 35 MB)."""
MAX_PACKED_POSTS = 100_000
"""Posts on one page of a pack, at most (a year's blog shows about 40): a forged pack cannot fill memory."""
MAX_PACKED_SIGHTINGS = 10_000_000
"""Posts over all the pages of a pack, at most (a year of hourly captures holds about 350,000)."""
SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")
"""A JSON escape of half a surrogate pair."""
NOT_UNICODE = "text that is not Unicode (an escaped half of a surrogate pair)"
READINGS = "readings"
"""Subfolder holding, once per distinct configuration, the full reading settings that entries are keyed by."""


def _tuples(value: object) -> object:
    return tuple(_tuples(v) for v in value) if type(value) is list else value


def _value_decoder(hint: object) -> Callable[[object], object]:
    """A function turning JSON data into a value of a field's type, in one pass; ValueError for any other shape."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        rest = [a for a in args if a is not type(None)]
        if len(args) == 2 and len(rest) == 1:  # `X | None`, the usual case, without trying each option
            inner = _value_decoder(rest[0])
            return lambda v: None if v is None else inner(v)
        options = [_value_decoder(a) for a in args]
        return lambda v: _first_fit(options, v)
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        if args[0] is str:
            return _strings
        item = _value_decoder(args[0])
        return lambda v: tuple(map(item, _list(v)))
    if origin is tuple:
        items = [_value_decoder(a) for a in args]
        return lambda v: tuple(f(x) for f, x in zip(items, _list(v, len(items))))
    if hint is type(None):
        return lambda v: exactly(type(None), v)
    if hint is float:
        return number
    if hint in (str, int, bool):
        return lambda v: exactly(hint, v)
    if hint is datetime:
        return decode_time
    if hint is date:
        return _day
    if hint in RECORDS.values():
        return lambda v: DECODERS[hint](v)
    return _tuples  # a type this cache does not check: taken as it is, lists as tuples


def _first_fit(options: list[Callable[[object], object]], value: object) -> object:
    for option in options:
        try:
            return option(value)
        except ValueError:
            continue
    raise ValueError("a value of none of the field's types")


def _list(value: object, length: int | None = None) -> list:
    if type(value) is not list or length is not None and len(value) != length:
        raise ValueError("not a list of the right length")
    return value


def _strings(value: object) -> tuple[str, ...]:
    if type(value) is not list or not all(type(v) is str for v in value):
        raise ValueError("not a list of strings")
    return tuple(value)


def exactly(kind: type, value: object) -> object:
    if type(value) is not kind:
        raise ValueError(f"not a {kind.__name__}")
    return value


def number(value: object) -> float | int:
    if type(value) not in (int, float):
        raise ValueError("not a number")
    return value


TIME_KEYS = frozenset({"$time", "zone", "fold"})


YEARS = range(2, 9999)
"""Years a cached time may have: a day inside the range of Python's dates in any time zone, so that no later
phase's arithmetic on it overflows."""


def decode_time(value: object) -> datetime:
    """A time as `encode` wrote it, with its zone (records hold only times with one); ValueError for any other
    value."""
    if type(value) is not dict or value.keys() != TIME_KEYS or type(value["$time"]) is not str:
        raise ValueError("not a time")
    moment = datetime.fromisoformat(value["$time"])
    if moment.year not in YEARS:
        raise ValueError("a time beyond the calendar")
    zone, fold = value["zone"], value["fold"]
    if zone is None:
        if moment.tzinfo is None:
            raise ValueError("a time without its zone")
        return moment
    if type(zone) is not str or type(fold) is not int or fold not in (0, 1) or moment.tzinfo is not None:
        raise ValueError("not a time zone")
    try:
        return moment.replace(tzinfo=ZoneInfo(zone), fold=fold)
    except (ZoneInfoNotFoundError, OSError, ValueError) as e:
        raise ValueError(f"not a time zone: {zone!r}") from e


def _day(value: object) -> date:
    """A day as `encode` wrote it."""
    if type(value) is not dict or value.keys() != {"$day"} or type(value["$day"]) is not str:
        raise ValueError("not a day")
    return date.fromisoformat(value["$day"])


class _RecordDecoder:
    """Turns the JSON object `encode` wrote for a record back into the record, checking every field's type."""

    def __init__(self, cls: type):
        self.cls, self.name = cls, RECORD_NAMES[cls]
        self.keys = FIELDS[self.name] | {"$record"}
        self.fields = tuple((f, _value_decoder(hint)) for f, hint in typing.get_type_hints(cls).items())

    def __call__(self, value: object, **given: object) -> object:
        """The record; fields in `given` are taken from there instead (their stored value is not used)."""
        if type(value) is not dict or value.keys() != self.keys or value["$record"] != self.name:
            raise WrongRecord(f"not a {self.name} record this cache writes")
        try:
            return self.cls(**{f: read(value[f]) for f, read in self.fields if f not in given}, **given)
        except WrongRecord:
            raise
        except ValueError:
            raise WrongRecord(f"a {self.name} whose {self._wrong(value, given)} is of the wrong type") from None

    def _wrong(self, value: dict, given: dict) -> str:
        """The first field whose value does not fit its type."""
        for f, read in self.fields:
            try:
                if f not in given:
                    read(value[f])
            except ValueError:
                return f
        return "value"


class WrongRecord(ValueError):
    """A record in a cache entry is not of the shape this cache writes (named in the message)."""


DECODERS = {cls: _RecordDecoder(cls) for cls in RECORDS.values()}
"""One decoder per record type, each field's type checked as it is read."""
PAGE_FIELDS = tuple((f, read) for f, read in _RecordDecoder(Page).fields if f not in ("snapshot", "posts"))


def decode_page(text: bytes, snapshot: Snapshot) -> Page:
    """A cached page under the current snapshot's name, from JSON text; ValueError when it holds anything else."""
    data = json.loads(text)
    if type(data) is not dict or data.keys() != FIELDS["Page"] - {"snapshot"}:
        raise ValueError("not a page")
    posts = tuple(DECODERS[Post](p, snapshot=snapshot.name) for p in _list(data["posts"]))
    return Page(snapshot=snapshot, posts=posts, **{f: read(data[f]) for f, read in PAGE_FIELDS})


def decode_edges(text: bytes) -> Edges:
    """Cached edges from JSON text; ValueError when it holds anything else."""
    data = json.loads(text)
    if type(data) is not dict or data.keys() != {"edges"}:
        raise ValueError("not the edges of a snapshot")
    return DECODERS[Edges](data["edges"])


def code_fingerprint() -> str:
    """A hash of the generator's own source, the Python and Unicode versions and the versions of the libraries
    that read pages: a cache made by other code is not trusted."""
    package = Path(__file__).resolve().parent
    digest = hashlib.sha256(f"{sys.version}|{unicodedata.unidata_version}|{_versions()}".encode())
    for path in sorted(p for p in package.rglob("*") if p.suffix in (".py", ".txt")):
        digest.update(path.relative_to(package).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _versions() -> str:
    """The installed versions of the libraries whose behaviour the cached records depend on."""
    found = []
    for name in VERSIONED:
        try:
            found.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            found.append(f"{name}=none")
    return ",".join(found)


VERSIONED = ("beautifulsoup4", "lxml", "python-slugify", "PyYAML", "warcio")
"""Libraries that read snapshots or make keys: another version may read the same bytes differently."""


def reading_settings(reading: object) -> dict:
    """The reading settings (the only configuration that changes how a snapshot is read), in full.

    Themes, tags and site settings are used only after reading: changing them keeps the cache.
    """
    return _plain(reading)


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
    kind = type(value)
    if kind in PLAIN:
        return value
    if kind is tuple:
        return [encode(v) for v in value]
    name = RECORD_NAMES.get(kind)
    if name is not None:
        return {"$record": name, **{field: encode(getattr(value, field)) for field in FIELD_ORDER[name]}}
    if kind is datetime:
        zone = value.tzinfo.key if isinstance(value.tzinfo, ZoneInfo) else None
        return {"$time": value.replace(tzinfo=None).isoformat() if zone else value.isoformat(), "zone": zone,
                "fold": value.fold}
    if kind is date:
        return {"$day": value.isoformat()}
    raise TypeError(f"cannot cache a {kind.__name__}")


def _page_record(page: Page) -> dict:
    """A page without its snapshot: the same content is the same page under any name."""
    return {f.name: encode(getattr(page, f.name)) for f in fields(page) if f.name != "snapshot"}


class SnapshotCache:
    """Edges and pages of snapshots already read, by content hash, an entry each (written when no `Pack` keeps
    them); an empty cache when `folder` is None."""

    def __init__(self, folder: Path | None, reading: object | None = None):
        self.folder = folder
        reading = {"settings": reading_settings(reading) if folder and reading is not None else None,
                   "code": code_fingerprint() if folder else None}
        self.settings = json.dumps(reading, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()
        """The reading settings and code, in full: kept once in the cache folder, by their hash."""
        self.reading = hashlib.sha256(self.settings).hexdigest()
        """Their SHA-256, as every entry's key ends (the whole text hashed, nothing cut short)."""
        self.used: set[Path] = set()
        self.entries = True
        """Whether what is read is written as entries, one per snapshot (not when a pack keeps it: see `Pack`)."""
        self.unwritable = False
        """Set once an entry could not be written: the build goes on without storing more."""
        self.settings_kept = False
        """Set once the full reading settings are written beside the cache's files (see `keep_settings`)."""

    def get_edges(self, content: str, dated: bool = True) -> Edges | None:
        """What furniture learning watches in the snapshot of this content, if remembered (`dated`: whether the
        snapshot has a capture time, which relative post times are read from)."""
        return self._get("edges", {"content": content, "dated": dated}, decode_edges)

    def put_edges(self, content: str, edges: Edges, dated: bool = True) -> None:
        if self.folder is None:
            return
        self._put("edges", {"content": content, "dated": dated}, {"edges": encode(edges)})

    def get_page(self, key: tuple, snapshot: Snapshot) -> Page | None:
        """The cached page for this content and reading, given the current snapshot's name."""
        if self.folder is None:
            return None
        return self._get("page", {"reading": encode(key)}, lambda body: decode_page(body, snapshot))

    def put_page(self, key: tuple, page: Page) -> None:
        if self.folder is None:  # no cache: nothing to encode
            return
        self._put("page", {"reading": encode(key)}, _page_record(page))

    def save(self) -> None:
        """Remove entries no build has used for a while (entries are written as they are made)."""
        if self.folder is None or not self.folder.is_dir():
            return
        self._touch(self._settings_path())
        if not _due(self.folder / PRUNED):
            return
        oldest = time.time() - KEEP_UNUSED_DAYS * 86400
        for path in sorted([*self.folder.glob(f"*/*{SUFFIX}"), *self.folder.glob(f"{MEMOS}/*{RAW_SUFFIX}"),
                            *self.folder.glob(f"{READINGS}/*.json"), *self.folder.glob(f"{PACKS}/*{TOUCHED}")]):
            try:
                if path not in self.used and path.stat().st_mtime < oldest:
                    path.unlink()
            except OSError:
                continue  # another build removed or renewed it meanwhile

    def _settings_path(self) -> Path:
        return self.folder / READINGS / f"{self.reading}.json"

    def _key(self, kind: str, key: dict) -> bytes:
        """The entry's whole key as one line of JSON: what it is for, then the reading settings and code."""
        return f'{{"entry":{json.dumps({"kind": kind, **key}, sort_keys=True)},"reading":"{self.reading}"}}'.encode()

    def _path(self, key: bytes) -> Path:
        name = hashlib.sha256(key).hexdigest()
        return self.folder / name[:2] / f"{name}{SUFFIX}"

    def _get(self, kind: str, key: dict, read: Callable[[bytes], object]) -> object:
        if self.folder is None:
            return None
        key = self._key(kind, key)
        path = self._path(key)
        try:
            raw = _unpack(path)
        except FileNotFoundError:
            return None
        except (OSError, EOFError, zlib.error, gzip.BadGzipFile, ValueError) as e:
            return _discard(path, f"unreadable: {e}")
        header, _, rest = raw.partition(b"\n")
        try:
            header = json.loads(header)
        except (ValueError, RecursionError):
            return _discard(path, "not an entry of this cache")
        if not isinstance(header, dict) or header.get("format") != FORMAT:
            return _discard(path, "another format")
        if header.get("sha256") != hashlib.sha256(rest).hexdigest():
            return _discard(path, "checksum mismatch")
        if lone_surrogate(rest):
            return _discard(path, NOT_UNICODE)
        stored, _, body = rest.partition(b"\n")
        if stored != key:
            return _discard(path, "made for another snapshot or configuration")
        try:
            record = read(body)
        except (ValueError, TypeError, KeyError, RecursionError) as e:
            return _discard(path, f"unreadable record: {e}")
        self._touch(path)
        return record

    def _put(self, kind: str, key: dict, record: dict) -> None:
        if self.folder is None or self.unwritable or not self.entries:
            return
        key = self._key(kind, key)
        rest = key + b"\n" + json.dumps(record, ensure_ascii=False, separators=(",", ":")).encode()
        header = json.dumps({"format": FORMAT, "sha256": hashlib.sha256(rest).hexdigest()}).encode()
        path = self._path(key)
        try:
            self.keep_settings()
            atomic_write(path, gzip.compress(header + b"\n" + rest, compresslevel=COMPRESSION, mtime=0))
        except OSError as e:
            log.warning("cache %s not written (%s); this build stores nothing more in it", self.folder,
                        e.strerror or e)
            self.unwritable = True
        self.used.add(path)

    def keep_settings(self) -> None:
        """The full reading settings beside what is kept under their hash, once per build (OSError when unwritable)."""
        if not self.settings_kept:
            atomic_write(self._settings_path(), self.settings + b"\n")
            self.settings_kept = True

    def _touch(self, path: Path, now: bool = True) -> None:
        """Mark a file used by this build (not pruned), and, `now`, renew its modification time for other builds."""
        self.used.add(path)
        if now:
            try:
                os.utime(path)
            except OSError:
                pass  # read-only cache: still usable, only never pruned by this build


def _due(marker: Path) -> bool:
    """Whether the daily job `marker` stands for is due; if so it is marked done now (created when missing)."""
    try:
        if marker.stat().st_mtime > time.time() - DAILY:
            return False
    except OSError:
        pass  # never done yet
    try:
        marker.touch()
    except OSError:
        return True  # a read-only cache: done every time, as before
    return True


def _checked_status(snapshot: Snapshot) -> os.stat_result:
    """The snapshot file's status; a file over the size limit is refused unread."""
    status = snapshot.path.stat()
    if status.st_size > MAX_FILE_BYTES:
        raise SnapshotError(snapshot.name, f"{status.st_size:,} bytes, over the {MAX_FILE_BYTES:,}-byte limit")
    return status


def _file_hash(path: Path) -> str:
    """A file's SHA-256, read in chunks."""
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(HASH_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


class FileHashes:
    """Each snapshot file's SHA-256 remembered between builds by what the system says of the file, as git's
    index does: a file whose size, inode and modification and change times (in nanoseconds) are those it had
    when it was hashed is not read again. No program can set a file's change time back, so any write to it
    is seen. A file written less than `SETTLED_NS` before it was hashed is not remembered (a second write
    within the clock's resolution could leave its times as they were), so it is hashed again next time.
    Without a cache folder every file is hashed.
    """

    def __init__(self, folder: Path | None, snapshots: Path | None):
        self.memo = Memo(folder, "hashes", None, snapshots)
        self.known = self.memo.load()
        self.used: dict[str, object] = {}

    def content_hash(self, snapshot: Snapshot) -> str:
        status = _checked_status(snapshot)
        stamp = [status.st_size, status.st_ino, status.st_mtime_ns, status.st_ctime_ns]
        known = self.known.get(snapshot.name)
        if _is_hash_record(known) and known[:4] == stamp:
            digest = known[4]
        else:
            digest = _file_hash(snapshot.path)
        if time.time_ns() - max(status.st_mtime_ns, status.st_ctime_ns) >= SETTLED_NS:
            self.used[snapshot.name] = stamp + [digest]
        return digest

    def save(self) -> None:
        self.memo.save(self.used)


def _is_hash_record(value: object) -> bool:
    """Whether a remembered value has the shape FileHashes writes: four whole numbers and a SHA-256."""
    return (type(value) is list and len(value) == 5 and all(type(v) is int for v in value[:4])
            and type(value[4]) is str and SHA256.fullmatch(value[4]) is not None)


class Memo:
    """What a later phase worked out from each item, remembered between builds in one file of the cache folder.

    The file is named by the phase and by the hash of its settings and the generator's code, holds a
    checksum, and maps a key (a hash of the text worked on) to the JSON the phase wrote for it. A build
    that adds a few values writes them to a small file beside it, bound to its checksum, instead of the
    whole memo again; once the values added, or those no build used, pass `REWRITE_SHARE` of the memo, it
    is written whole with exactly the values used. A damaged file is discarded with a warning and
    everything worked out again.
    """

    def __init__(self, folder: Path | None, kind: str, settings: object, snapshots: Path | None = None,
                 raw: bool = False):
        text = json.dumps({"kind": kind, "settings": _plain(settings), "code": code_fingerprint() if folder else None},
                          sort_keys=True, ensure_ascii=False)
        self.key = hashlib.sha256(text.encode()).hexdigest()
        suffix = RAW_SUFFIX if raw else SUFFIX
        self.path = folder / MEMOS / f"{kind}-{self.key}-{_folder_hash(snapshots)}{suffix}" if folder else None
        """One file per phase, settings and snapshots folder: two blogs sharing a cache keep a memo each."""
        self.added_path = self.path.with_name(self.path.name.removesuffix(suffix) + ADDED + suffix) if folder else None
        """The values added since the memo was last written whole (see the class docstring)."""
        self._whole: tuple[str, dict[str, object]] | None = None
        """The checksum and the values of the memo as loaded; None when there was none."""
        self._added: dict[str, object] = {}

    def load(self) -> dict[str, object]:
        """The remembered values by key (none without a cache folder, or when the file is unusable)."""
        values = self._values(self.path, "memo", self.key)
        if values is None:
            return {}
        self._whole = (self._checksum, values)
        self._added = self._values(self.added_path, "added to", self._checksum) or {}
        return {**values, **self._added}

    def save(self, values: dict[str, object]) -> None:
        """Keep these values for the next build (and, until the memo is written whole again, a few others)."""
        if self.path is None:
            return
        if self._whole is not None:
            checksum, whole = self._whole
            added = {key: value for key, value in values.items() if key not in whole}
            unused = sum(1 for key in whole if key not in values)
            same = all(value is whole[key] or value == whole[key] for key, value in values.items() if key in whole)
            if same and len(added) + unused <= REWRITE_SHARE * len(whole):
                if added != self._added:
                    _write_whole(self.added_path, "added to", checksum, added)
                return
        _write_whole(self.path, "memo", self.key, values)
        try:
            self.added_path.unlink(missing_ok=True)  # it was bound to the memo just replaced
        except OSError:
            pass

    def _values(self, path: Path, field: str, name: str) -> dict[str, object] | None:
        """The values of one of the memo's files, or None."""
        if path is None:
            return None
        checked = _read_checked(path, field, name)
        if checked is None:
            return None
        self._checksum, rest = checked
        try:
            values = json.loads(rest)
        except (ValueError, RecursionError):
            values = None
        if type(values) is not dict:
            return _discard(path, "not a memo")
        try:
            os.utime(path)  # in use: not pruned as unused (see SnapshotCache.save)
        except OSError:
            pass
        return values

    def load_bytes(self) -> bytes | None:
        """What `save_bytes` kept (a memo made with `raw`), checked like any memo; None when there is none."""
        if self.path is None:
            return None
        rest = _read_whole(self.path, "memo", self.key, packed=False)
        if rest is not None:
            try:
                os.utime(self.path)
            except OSError:
                pass
        return rest

    def save_bytes(self, data: bytes) -> None:
        if self.path is not None:
            _write_whole(self.path, "memo", self.key, data, packed=False)


class Pack:
    """Every snapshot's edges and page a build read, in one file: what a build keeps of its reading.

    Kept for one snapshots folder and reading (its name hashes both), it holds each text, card, time and
    post once, however many snapshots repeat it, and a page for the learned furniture it was read with. A
    build that keeps a pack writes no entry per snapshot (17,520 small files for a year, about a tenth of
    its cold reading); it reads the entries an earlier reading left when the pack lacks a page. Like an entry
    the pack is checked (format, its name, checksum, every value's type, the number of posts) and discarded
    with a warning when it does not pass, and the snapshots are read again; the entries it stands for are
    touched when it is loaded, so that no build prunes them.
    """

    def __init__(self, cache: SnapshotCache, snapshots: Path | None = None):
        self.cache = cache
        self.path = None
        if cache.folder is not None and snapshots is not None:
            self.path = cache.folder / PACKS / f"{cache.reading}-{_folder_hash(snapshots)}{SUFFIX}"
        self.added_path = self.path.with_name(self.path.name.removesuffix(SUFFIX) + ADDED + SUFFIX) \
            if self.path is not None else None
        """The pages and edges added since the pack was last written whole, bound to its checksum (see `save`)."""
        self.learned: tuple[str, ...] | None = None
        self._edges: dict[str, Edges] = {}
        self._pages: dict[str, tuple] = {}
        """Each page's title, standfirst, summary, sightings, furniture, glued count, and the posts its sightings
        point into."""
        self.entries: list[str] = []
        """The cache entries the pack stands for (kept from pruning while the pack is used)."""
        self._whole: tuple[str, frozenset[str], frozenset[str], frozenset[str]] | None = None
        """The checksum of the pack written whole, and its edges', pages' and entries' keys; None when there was
        none."""
        if self.path is not None:
            self._load()

    def edges(self, key: str) -> Edges | None:
        """The edges the pack holds under this key (the snapshot's content and whether it is dated), or None."""
        return self._edges.get(key)

    def holds(self, edges: dict[str, Edges], pages: list[tuple[tuple, Page]], learned: frozenset[str]) -> bool:
        """Whether the pack holds exactly these edges and pages already (nothing to save)."""
        return self.learned == tuple(sorted(learned)) and edges.keys() == self._edges.keys() and \
            {_page_key(content, captured, kind) for (content, _, captured, kind), _ in pages} == self._pages.keys()

    def page(self, key: tuple, snapshot: Snapshot) -> Page | None:
        """The page the pack holds for this key (content, learned lines, capture time, format), or None."""
        content, learned, captured, kind = key
        if learned != self.learned:
            return None
        found = self._pages.get(_page_key(content, captured, kind))
        if found is None:
            return None
        title, standfirst, summary, sightings, furniture, glued, posts = found
        name = snapshot.name
        return Page(snapshot, title, standfirst, summary,
                    tuple(Post(name, sightings[n + 1], sightings[n + 2], *posts[sightings[n]])
                          for n in range(0, len(sightings), 3)), furniture, glued)

    def save(self, edges: dict[str, Edges], pages: list[tuple[tuple, Page]], learned: frozenset[str]) -> None:
        """Keep exactly these edges and pages (pages keyed as `page` asks) for the next build.

        When they are the pack's and a few more (a new snapshot), only those added are written, to a small
        file bound to the pack's checksum; the pack is written whole again once they pass `REWRITE_SHARE` of
        it, or when a page is dropped or the learned furniture changes.
        """
        if self.path is None or self.cache.unwritable:
            return
        keyed = {_page_key(content, captured, kind): page for (content, _, captured, kind), page in pages}
        try:
            self.cache.keep_settings()  # what the pack's name hashes, in full
        except OSError as e:
            log.warning("cache %s not written (%s)", self.cache.folder, e.strerror or e)
            return
        if self._whole is not None:
            checksum, whole_edges, whole_pages, whole_entries = self._whole
            if self.learned == tuple(sorted(learned)) and whole_edges <= edges.keys() and whole_pages <= keyed.keys() \
                    and len(edges) + len(keyed) - len(whole_edges) - len(whole_pages) \
                    <= REWRITE_SHARE * (len(whole_edges) + len(whole_pages)):
                added = self._data({k: e for k, e in edges.items() if k not in whole_edges},
                                   {k: p for k, p in keyed.items() if k not in whole_pages}, learned,
                                   self._used() - whole_entries)
                _write_whole(self.added_path, "added to", checksum, added)
                return
        _write_whole(self.path, "pack", self.path.name, self._data(edges, keyed, learned, self._used()))
        try:
            self.added_path.unlink(missing_ok=True)  # it was bound to the pack just replaced
        except OSError:
            pass

    def _used(self) -> set[str]:
        """The cache entries this build used, by their names inside the cache folder."""
        return {str(path.relative_to(self.cache.folder)) for path in self.cache.used
                if path.parent.parent == self.cache.folder and len(path.parent.name) == 2}

    def _data(self, edges: dict[str, Edges], pages: dict[str, Page], learned: frozenset[str],
              entries: set[str]) -> dict:
        """What a pack's file holds for these edges, pages and entries (pages by the keys `page` looks up)."""
        table = _Table()
        data = {"learned": sorted(learned),
                "edges": {content: [table.text(e.title), [table.line(w) for w in e.lines]]
                          for content, e in edges.items()},
                "pages": {key: [
                    table.text(p.title), table.text(p.standfirst), table.texts(p.summary),
                    [n for post in p.posts for n in (table.post(post), post.position, post.line)],
                    table.texts(p.furniture), p.glued] for key, p in pages.items()},
                "entries": sorted(entries)}
        data.update(table.data())
        return data

    def _load(self) -> None:
        checked = _read_checked(self.path, "pack", self.path.name)
        if checked is None:
            return
        checksum, rest = checked
        try:
            self.learned, self._edges, self._pages, self.entries = self._read(json.loads(rest))
        except (ValueError, TypeError, KeyError, IndexError, RecursionError) as e:
            self._edges, self._pages, self.learned, self.entries = {}, {}, None, []
            _discard(self.path, f"unreadable record: {e}")
            return
        self._whole = (checksum, frozenset(self._edges), frozenset(self._pages), frozenset(self.entries))
        self._load_added(checksum)
        self.cache._touch(self.path)
        renew = _due(self.path.with_name(self.path.name.removesuffix(SUFFIX) + TOUCHED))
        for entry in self.entries:  # in use through the pack: kept from pruning, by this build and (daily) any other
            self.cache._touch(self.cache.folder / entry, renew)

    def _load_added(self, checksum: str) -> None:
        """The pages and edges added to the pack (see `save`), when their file is bound to this pack."""
        added = _read_whole(self.added_path, "added to", checksum)
        if added is None:
            return
        try:
            before = sum(len(page[3]) for page in self._pages.values()) // 3
            learned, edges, pages, entries = self._read(json.loads(added), before)
            if learned != self.learned:
                raise ValueError("of other learned furniture")
        except (ValueError, TypeError, KeyError, IndexError, RecursionError) as e:
            _discard(self.added_path, f"unreadable record: {e}")
            return
        self._edges.update(edges)
        self._pages.update(pages)
        self.entries += entries
        self.cache._touch(self.added_path)

    @staticmethod
    def _read(data: dict, sightings_before: int = 0) -> tuple:
        """The learned lines, edges, pages and entries of a pack's file, every value's type checked (ValueError,
        TypeError, KeyError or IndexError when one is wrong); `sightings_before` count towards its limits."""
        if type(data) is not dict or any(type(data.get(k)) is not dict for k in ("edges", "pages")):
            raise ValueError("not a pack")
        texts = data["texts"]
        if type(texts) is not list or not all(type(t) is str for t in texts):
            raise ValueError("texts that are not all text")

        def text(ref):
            return None if ref is None else texts[_ref(ref)]

        tuples = [tuple(texts[_ref(r)] for r in refs) for refs in data["tuples"]]
        times = [decode_time(t) for t in data["times"]]
        cards = [Card(texts[_ref(t)], texts[_ref(d)], text(u)) for t, d, u in data["cards"]]
        posts = [(texts[_ref(h)], tuples[_ref(b)], tuples[_ref(la)], None if at is None else times[_ref(at)],
                  text(by), tuple(cards[_ref(c)] for c in cs), texts[_ref(kind)], text(source))
                 for h, b, la, at, by, cs, kind, source in data["posts"]]
        learned = _strings(data["learned"])
        lines = [WatchedLine(texts[_ref(t)], texts[_ref(post)], exactly(int, position), exactly(bool, timed),
                             exactly(bool, prose)) for t, post, position, timed, prose in data["lines"]]
        edges = {_text(content): Edges(text(title), tuple(map(lines.__getitem__, _refs(refs))))
                 for content, (title, refs) in data["edges"].items()}
        pages, total = {}, sightings_before
        for key, (title, standfirst, summary, sightings, furniture, glued) in data["pages"].items():
            if len(_refs(sightings)) % 3:
                raise ValueError("sightings that are not counts")
            total += len(sightings) // 3
            if len(sightings) > 3 * MAX_PACKED_POSTS or total > MAX_PACKED_SIGHTINGS:
                raise ValueError(f"more posts than a pack holds (over {MAX_PACKED_POSTS:,} on a page or "
                                 f"{MAX_PACKED_SIGHTINGS:,} in all)")
            if sightings and max(sightings[::3]) >= len(posts):
                raise IndexError("a post the pack lacks")
            pages[key] = (text(title), text(standfirst), tuples[_ref(summary)], sightings, tuples[_ref(furniture)],
                          exactly(int, glued), posts)
        entries = list(_strings(data["entries"]))
        if not all(ENTRY_NAME.fullmatch(entry) for entry in entries):
            raise ValueError("an entry that is none of this cache's")
        return learned, edges, pages, entries


ENTRY_NAME = re.compile(r"[0-9a-f]{2}/[0-9a-f]{64}" + re.escape(SUFFIX))
"""How an entry is named inside the cache folder (a pack names no other file)."""


def _folder_hash(snapshots: Path | None) -> str:
    """A short hash of a snapshots folder's full path (files kept per folder are named by it)."""
    return hashlib.sha256(str(snapshots.resolve() if snapshots else "").encode()).hexdigest()[:16]


def _ref(value: object) -> int:
    if type(value) is not int or value < 0:
        raise ValueError("not a reference")
    return value


def _refs(values: object) -> list[int]:
    """A list of references, checked at once (a pack holds millions)."""
    if type(values) is not list or not set(map(type, values)) <= {int} or values and min(values) < 0:
        raise ValueError("not a list of references")
    return values


def _text(value: object) -> str:
    return exactly(str, value)


def _page_key(content: str, captured: datetime | None, kind: str) -> str:
    return json.dumps([content, encode(captured), kind], sort_keys=True)


class _Table:
    """Each distinct text, tuple of texts, time, card, post and watched line once, by its index."""

    def __init__(self):
        self._texts: dict[str, int] = {}
        self._tuples: dict[tuple, int] = {}
        self._times: dict[tuple, tuple[int, datetime]] = {}
        self._cards: dict[Card, int] = {}
        self._posts: dict[tuple, tuple[int, tuple]] = {}
        self._lines: dict[WatchedLine, int] = {}

    def line(self, line: WatchedLine) -> int:
        return self._lines.setdefault(line, len(self._lines))

    def text(self, value: str | None) -> int | None:
        return None if value is None else self._texts.setdefault(value, len(self._texts))

    def texts(self, values: tuple[str, ...]) -> int:
        found = self._tuples.get(values)
        if found is None:
            found = self._tuples[values] = len(self._tuples)
            for value in values:
                self.text(value)
        return found

    def post(self, post: Post) -> int:
        content = (post.headline, post.body, post.labels, post.published, post.byline, post.cards, post.kind,
                   post.source_id)
        key = (*content[:3], _time_key(post.published), *content[4:])  # equal times in two zones are two times
        found = self._posts.get(key)
        if found is None:
            found = self._posts[key] = (len(self._posts), content)
        return found[0]

    def time(self, value: datetime) -> int:
        found = self._times.get(_time_key(value))
        if found is None:
            found = self._times[_time_key(value)] = (len(self._times), value)
        return found[0]

    def data(self) -> dict:
        posts = [[self.text(h), self.texts(b), self.texts(la), None if at is None else self.time(at), self.text(by),
                  [self._cards.setdefault(c, len(self._cards)) for c in cs], self.text(kind), self.text(source)]
                 for _, (h, b, la, at, by, cs, kind, source) in self._posts.values()]
        cards = [[self.text(c.title), self.text(c.description), self.text(c.url)] for c in self._cards]
        tuples = [[self._texts[v] for v in values] for values in self._tuples]
        lines = [[self.text(w.text), self.text(w.post), w.position, w.timed, w.prose] for w in self._lines]
        return {"posts": posts, "cards": cards, "tuples": tuples, "lines": lines,
                "times": [encode(value) for _, value in self._times.values()], "texts": list(self._texts)}


def _time_key(value: datetime | None) -> tuple | None:
    """A time told apart from an equal time in another zone (which is written differently)."""
    return None if value is None else (value, repr(value.tzinfo), value.fold)


def _read_whole(path: Path, field: str, name: str, packed: bool = True) -> bytes | None:
    """The body of a memo or pack whose header names it (`field`: `name`) and whose checksum holds; None when
    there is none, or when it is damaged or another's (discarded with a warning). `packed`: gzip-compressed."""
    checked = _read_checked(path, field, name, packed)
    return None if checked is None else checked[1]


def _read_checked(path: Path, field: str, name: str, packed: bool = True) -> tuple[str, bytes] | None:
    """Its checksum and body (see `_read_whole`)."""
    try:
        raw = _unpack(path, MAX_MEMO_BYTES) if packed else _plain_bytes(path, MAX_MEMO_BYTES)
    except FileNotFoundError:
        return None
    except (OSError, EOFError, zlib.error, gzip.BadGzipFile, ValueError) as e:
        return _discard(path, f"unreadable: {e}")
    header, _, rest = raw.partition(b"\n")
    try:
        header = json.loads(header)
    except (ValueError, RecursionError):
        return _discard(path, "not a file of this cache")
    if type(header) is not dict or header.get("format") != FORMAT or header.get(field) != name:
        return _discard(path, "another format")
    checksum = hashlib.sha256(rest).hexdigest()
    if header.get("sha256") != checksum:
        return _discard(path, "checksum mismatch")
    if packed and lone_surrogate(rest):
        return _discard(path, NOT_UNICODE)
    return checksum, rest


def lone_surrogate(data: bytes) -> bool:
    """Whether JSON text escapes half a surrogate pair without its other half: no text a snapshot gives (the
    cache writes text as UTF-8), and text that could not be written out again."""
    paired = -1  # where the low half of the last pair starts
    for found in SURROGATE_ESCAPE.finditer(data):
        start = before = found.start()
        while before and data[before - 1] == 0x5C:  # backslash
            before -= 1
        if (start - before) % 2:
            continue  # an escaped backslash, then "u…": text, not an escape
        if found.group()[3] in b"89abAB":  # a high half: its low half must follow
            low = SURROGATE_ESCAPE.match(data, found.end())
            if low is None or low.group()[3] in b"89abAB":
                return True
            paired = found.end()
        elif start != paired:
            return True
    return False


def _write_whole(path: Path, field: str, name: str, data: object, packed: bool = True) -> None:
    """Write a memo or pack whole (see `_read_whole`): bytes as they are, anything else as JSON; a cache that
    cannot be written is said so."""
    rest = data if isinstance(data, bytes) else json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
    header = json.dumps({"format": FORMAT, field: name, "sha256": hashlib.sha256(rest).hexdigest()}).encode()
    if packed:  # header and body compressed in turn: a large body is never copied whole
        gz = zlib.compressobj(COMPRESSION, zlib.DEFLATED, GZIP_WBITS)
        whole = b"".join((gz.compress(header), gz.compress(b"\n"), gz.compress(rest), gz.flush()))
    else:
        whole = header + b"\n" + rest
    try:
        atomic_write(path, whole)
    except OSError as e:
        log.warning("cache %s not written (%s)", path, e.strerror or e)


def _unpack(path: Path, limit: int = MAX_ENTRY_BYTES) -> bytes:
    """An entry's bytes, refusing one that unpacks beyond the limit or that is no regular file (a pipe would
    never end)."""
    if not stat.S_ISREG(os.stat(path).st_mode):
        raise ValueError("not a regular file")
    parts, size = [], 0
    with gzip.open(path, "rb") as f:
        while size <= limit and (part := f.read(min(UNPACK_CHUNK, limit + 1 - size))):
            parts.append(part)
            size += len(part)
    if size > limit:
        raise ValueError(f"over {limit:,} bytes")
    raw = b"".join(parts)
    return raw


def _plain_bytes(path: Path, limit: int) -> bytes:
    """A file's bytes, refusing one over the limit or that is no regular file."""
    with open(path, "rb") as f:
        if not stat.S_ISREG(os.fstat(f.fileno()).st_mode):
            raise ValueError("not a regular file")
        raw = f.read(limit + 1)
    if len(raw) > limit:
        raise ValueError(f"over {limit:,} bytes")
    return raw


def _discard(path: Path, why: str) -> None:
    """Warn about a bad entry and remove it; the caller reads the snapshot again and writes a new one."""
    log.warning("cache entry %s discarded (%s); reading the snapshot again", path, why)
    try:
        path.unlink()
    except OSError:
        pass  # read-only cache: the entry is just not used
    return None
