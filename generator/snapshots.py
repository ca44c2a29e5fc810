"""Find the snapshots in a folder, read the manifest, and decode each file's text."""
from __future__ import annotations

import codecs
import hashlib
import logging
import os
import re
import zlib
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import ftfy
import yaml
from ftfy.badness import is_bad

from . import archives, replay
from .dates import capture_from_name
from .errors import SnapshotError
from .models import Snapshot
from .yamlfile import read_node

log = logging.getLogger(__name__)
MANIFEST = "snapshots.yml"
FORMATS = {".txt": "text", ".html": "html", ".htm": "html"}
GZIP = ".gz"
"""A snapshot name may end in this after its format's (`page.html.gz`): the file is gzip-compressed."""
MAX_FILE_BYTES = 64 * 1024 * 1024
"""A larger file is no page snapshot; it is skipped rather than read into memory (a compressed one, once inflated)."""
MAX_LINE_CHARS = 200_000
"""No paragraph of a live blog is this long: a longer line means the file is something else."""
MOJIBAKE_HINT = ("\u00c2", "\u00c3", "\u00e2")
"""Mojibake of UTF-8 read as Windows-1252 always shows one of Â, Ã or â: a cheap test before the full one (each
looked for with `in`, many times sooner than a pattern of the three)."""
CP1252_UNDEFINED = {0x81, 0x8D, 0x8F, 0x90, 0x9D}
"""Bytes Windows-1252 leaves undefined: a file holding them is Latin-1."""


@dataclass(frozen=True)
class Manifest:
    """What `snapshots.yml` says about the folder."""

    title: str | None = None
    """The live blog's name."""
    timezone: ZoneInfo | None = None
    """Zone of times printed without one."""
    captured: tuple[tuple[str, datetime], ...] = ()
    """Capture time per snapshot file name; naive where the manifest gives no offset (see `find_snapshots`)."""
    urls: tuple[tuple[str, str], ...] = ()
    """The address each snapshot was captured from, where the manifest says."""


def read_manifest(folder: Path) -> Manifest:
    """The folder's manifest; problems are logged with file and line, and what is valid is kept.

    `source` is read first wherever it stands, so the manifest means the same in any key order.
    """
    path = folder / MANIFEST
    if not path.exists():
        return Manifest()
    try:
        root = read_node(path)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as e:
        mark = getattr(e, "problem_mark", None)
        log.warning("%s%s: manifest ignored: %s", path.name, f":{mark.line + 1}" if mark else "",
                    getattr(e, "problem", None) or e)
        return Manifest()
    if root is None:
        return Manifest()
    if not isinstance(root, yaml.MappingNode):
        log.warning("%s:%d: manifest ignored: expected a mapping", path.name, root.start_mark.line + 1)
        return Manifest()
    title = zone = None
    captured, urls = {}, {}
    for key, value in root.value:
        where = f"{path.name}:{key.start_mark.line + 1}"
        if key.value == "source" and isinstance(value, yaml.MappingNode):
            title, zone = _source(path.name, value)
        elif key.value == "snapshots" and isinstance(value, yaml.MappingNode):
            captured.update(_captures(path.name, value, urls))
        else:
            log.warning("%s: unknown manifest key %r (expected source, snapshots)", where, key.value)
    return Manifest(title, zone, tuple(sorted(captured.items())), tuple(sorted(urls.items())))


def _source(manifest: str, node: yaml.MappingNode) -> tuple[str | None, ZoneInfo | None]:
    """The title and timezone the manifest's `source` gives."""
    fields = {k.value: v for k, v in node.value if isinstance(k, yaml.ScalarNode)}
    title = fields["title"].value if isinstance(fields.get("title"), yaml.ScalarNode) else None
    zone = None
    if "timezone" in fields:
        try:
            zone = ZoneInfo(str(fields["timezone"].value))
        except (ZoneInfoNotFoundError, ValueError):
            log.warning("%s:%d: unknown timezone %r", manifest, fields["timezone"].start_mark.line + 1,
                        fields["timezone"].value)
    return title, zone


def _captures(manifest: str, node: yaml.MappingNode, urls: dict[str, str]) -> dict[str, datetime]:
    """Capture time per file name, as written (naive when written without an offset)."""
    out = {}
    for name, entry in node.value:
        line = entry.start_mark.line + 1
        if not isinstance(name, yaml.ScalarNode):
            log.warning("%s:%d: a snapshot's name must be plain text", manifest, line)
            continue
        fields = {k.value: v.value for k, v in entry.value if isinstance(k, yaml.ScalarNode)} \
            if isinstance(entry, yaml.MappingNode) else {}
        if isinstance(fields.get("url"), str):
            urls[name.value] = fields["url"].strip()
        stamp = fields.get("captured_at")
        if not isinstance(stamp, str):
            log.warning("%s:%d: %s: no captured_at", manifest, line, name.value)
            continue
        try:
            out[name.value] = datetime.fromisoformat(stamp.strip().replace("Z", "+00:00"))
        except ValueError:
            log.warning("%s:%d: %s: captured_at %r is not an ISO 8601 time", manifest, line, name.value, stamp)
    return out


def find_snapshots(folder: Path, manifest: Manifest, tz: ZoneInfo, url: str | None = None) -> list[Snapshot]:
    """Every snapshot in the folder (files, and records of web archives), with its capture time where known.

    `tz` is the source's timezone (the manifest's, else the configuration's): naive times in the manifest
    and in file names are read in it. A file that is a link to something outside the folder is skipped.
    With `url`, only the archive records of that address are kept.
    """
    tz = tz or ZoneInfo("UTC")
    captured = {name: at if at.tzinfo else at.replace(tzinfo=tz) for name, at in manifest.captured}
    urls = dict(manifest.urls)
    candidates = sorted(p for p in folder.iterdir() if kind_of(p.name) or archives.is_archive(p))
    try:
        root = folder.resolve(strict=True)
    except (OSError, RuntimeError):
        root = folder
    paths = [p for p in candidates if _inside(root, p)]
    found, names = [], {p.name for p in candidates}
    for path in paths:
        inside = archives.records(path, MAX_FILE_BYTES) if archives.is_archive(path) \
            else [_loose(path, captured, urls, tz)]
        names.update(s.name for s in inside)
        found += [replace(s, captured_at=captured.get(s.name) or s.captured_at, url=urls.get(s.name) or s.url)
                  for s in inside if s.offset is None or s.format == archives.BROKEN or archives.matches(s.url, url)]
    for name in sorted(set(captured) - names):
        log.warning("%s: names %s, which is not in the folder", MANIFEST, name)
    return found


def _loose(path: Path, captured: dict, urls: dict, tz: ZoneInfo) -> Snapshot:
    """A snapshot file: its time from the manifest, an archive address, its name, or an archived page's own record."""
    kind = kind_of(path.name)
    moment = captured.get(path.name) or replay.address_time(urls.get(path.name)) or capture_from_name(path.name, tz)
    url = urls.get(path.name)
    if kind == "html" and (moment is None or url is None) and not is_compressed(path.name):
        seen, address = replay.page_capture(path, MAX_FILE_BYTES)  # a page saved from an archive's viewer tells both
        moment, url = moment or seen, url or address
    return Snapshot(moment, path.name, path, url=url, format=kind)


def kind_of(name: str) -> str | None:
    """'html' or 'text' for a snapshot file name (compressed or not), None for any other file."""
    lower = name.lower()
    return FORMATS.get(os.path.splitext(lower[:-len(GZIP)] if is_compressed(lower) else lower)[1])


def is_compressed(name: str) -> bool:
    """Whether the file name says gzip (`.html.gz`, `.txt.gz`)."""
    return name.lower().endswith(GZIP)


def format_of(snapshot: Snapshot) -> str:
    """'html' or 'text': the reader a snapshot goes to."""
    return snapshot.format or kind_of(snapshot.path.name) or "html"


def record_hash(snapshot: Snapshot) -> str | None:
    """The SHA-256 of a web-archive record's payload (None for a loose file, which the cache hashes)."""
    return hashlib.sha256(archives.read_record(snapshot, MAX_FILE_BYTES)).hexdigest() \
        if snapshot.offset is not None else None


def payload(snapshot: Snapshot) -> bytes:
    """The snapshot's bytes, from its file or its archive record; SnapshotError when too large or unreadable."""
    if snapshot.offset is not None:
        return archives.read_record(snapshot, MAX_FILE_BYTES)
    try:
        size = snapshot.path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise SnapshotError(snapshot.name, f"{size:,} bytes, over the {MAX_FILE_BYTES:,}-byte limit")
        data = snapshot.path.read_bytes()
    except OSError as e:
        raise SnapshotError(snapshot.name, f"unreadable: {e.strerror or e}") from e
    return inflate(snapshot.name, data) if is_compressed(snapshot.path.name) else data


def inflate(name: str, data: bytes) -> bytes:
    """A gzip file's content, never inflated past MAX_FILE_BYTES; SnapshotError naming the file otherwise."""
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        out = inflater.decompress(data, MAX_FILE_BYTES + 1)
    except zlib.error as e:
        raise SnapshotError(name, f"not a readable gzip file: {e}") from e
    if len(out) > MAX_FILE_BYTES or inflater.unconsumed_tail:
        raise SnapshotError(name, f"inflates past the {MAX_FILE_BYTES:,}-byte limit")
    if not inflater.eof:
        raise SnapshotError(name, "a gzip file cut short")
    return out


def _inside(root: Path, path: Path) -> bool:
    """Whether `path` is a regular file of the folder (`root`: the folder resolved); a link out of it, or no file
    at all, is skipped by name."""
    try:
        if not path.is_symlink():  # a file of the folder itself: no link to follow (most are)
            if path.is_file():
                return True
            log.warning("skipped %s: not a regular file", path.name)
            return False
        target = path.resolve(strict=True)
        inside = target.is_relative_to(root)
    except (OSError, RuntimeError):  # a broken link, or a loop of links
        log.warning("skipped %s: a link that leads to no file", path.name)
        return False
    if not inside:
        log.warning("skipped %s: a link to a file outside the snapshot folder", path.name)
    elif not target.is_file():
        log.warning("skipped %s: not a regular file", path.name)
    return inside and target.is_file()


def decode(snapshot: Snapshot, report: bool = True) -> str:
    """The snapshot's text; raises SnapshotError (naming the reason) when it is not a readable scrape.

    What was repaired on the way is logged when `report` is set (a build reads each file twice, reports once).
    A page saved from a web archive's viewer comes back without the archive's toolbar and scripts.
    """
    data = payload(snapshot)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = data.decode("utf-16", errors="replace")
    elif b"\x00" in data:
        raise SnapshotError(snapshot.name, "binary file (NUL bytes), not a text snapshot",
                            line=data[:data.index(b"\x00")].count(b"\n") + 1)
    else:
        text = _decode_8bit(snapshot.name, data, report)
    if not text.strip():
        raise SnapshotError(snapshot.name, "empty file")
    # saved pages are often minified, or carry their JSON-LD on one line: only text scrapes have the limit
    is_text = format_of(snapshot) == "text"
    long_line = is_text and re.search(f"[^\n]{{{MAX_LINE_CHARS + 1}}}", text)
    if long_line:
        line = text.count("\n", 0, long_line.start()) + 1
        raise SnapshotError(snapshot.name, f"a line of over {MAX_LINE_CHARS:,} characters: not a page scrape", line)
    text = _repair(snapshot.name, text, report)
    return text if is_text else replay.unwrap(snapshot.name, text, report)


def _decode_8bit(name: str, data: bytes, report: bool) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data[:e.start].count(b"\n") + 1
    undefined = set(data) & CP1252_UNDEFINED
    encoding = "latin-1" if undefined else "cp1252"
    if report:
        log.warning("%s:%d: not UTF-8; decoded as %s", name, line, "Latin-1" if undefined else "Windows-1252")
    return data.decode(encoding)


def _repair(name: str, text: str, report: bool) -> str:
    """Text whose UTF-8 was once read as Windows-1252 (`Zelenskyâ€™s`), repaired where that is unambiguous."""
    if not any(hint in text for hint in MOJIBAKE_HINT) or not is_bad(text):
        return text
    fixed = ftfy.fix_encoding(text)
    if fixed != text and report:
        first = next(n for n, (a, b) in enumerate(zip(text.splitlines(), fixed.splitlines()), 1) if a != b)
        log.warning("%s:%d: mojibake repaired (text decoded twice somewhere upstream)", name, first)
    return fixed
