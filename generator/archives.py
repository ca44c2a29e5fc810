"""Web archives as snapshot sources: each HTML or plain-text response record of a WARC or WACZ file is a snapshot."""
from __future__ import annotations

import hashlib
import io
import logging
import re
import zipfile
import zlib
from collections import Counter
from contextlib import contextmanager, redirect_stderr
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path
from typing import BinaryIO, Iterator
from urllib.parse import urlsplit

from warcio.archiveiterator import ArchiveIterator
from warcio.bufferedreaders import ChunkedDataReader
from warcio.exceptions import ArchiveLoadFailed

from .errors import SnapshotError
from .models import Snapshot

log = logging.getLogger(__name__)
SUFFIXES = (".warc", ".warc.gz", ".wacz")
"""File names read as web archives."""
WACZ_FOLDER = "archive/"
"""Where a WACZ keeps its WARC files."""
WARC_SUFFIXES = (".warc", ".warc.gz")
MAX_MEMBERS = 1_000
"""A WACZ holds a handful of WARC files; more entries than this means something else (or a zip bomb)."""
MAX_MEMBER_BYTES = 16 * 1024 ** 3
"""A WARC inside a WACZ declared larger than this is skipped; zip reads never go past the declared size."""
SCAN_BLOCK = 1024 * 1024
"""Bytes read at a time when looking for the next record after a broken one."""
FORMATS = {"text/html": "html", "application/xhtml+xml": "html", "text/plain": "text"}
"""Content types of the responses that are snapshots, and the reader each goes to."""
RECORD_ID = re.compile(r"<?(?:urn:uuid:)?([A-Za-z0-9][A-Za-z0-9:._-]{0,99})>?")
"""A WARC-Record-ID usable in a snapshot name (`<urn:uuid:…>` gives the uuid)."""
BROKEN = "broken"
"""The format of a record that could not be parsed: it is reported as skipped when read."""
READ_ERRORS = (ArchiveLoadFailed, OSError, EOFError, ValueError, zlib.error, zipfile.BadZipFile, StopIteration,
               LookupError)


def is_archive(path: Path) -> bool:
    """Whether the file name is that of a web archive."""
    return path.name.lower().endswith(SUFFIXES)


def records(path: Path, max_bytes: int) -> list[Snapshot]:
    """The snapshots in a WARC or WACZ file, in file order; duplicates and other records left out (and counted)."""
    ignored: Counter = Counter()
    seen: set[str] = set()
    names: set[str] = set()
    out = []
    complaints = io.StringIO()  # warcio writes its doubts about record lengths to stderr
    try:
        for member in _members(path):
            with _open(path, member) as fh, redirect_stderr(complaints):
                out += _records_in(fh, path, member, max_bytes, seen, names, ignored)
    except (OSError, zipfile.BadZipFile, ValueError) as e:
        log.warning("%s: web archive not read: %s", path.name, getattr(e, "strerror", None) or e)
    for complaint in filter(None, complaints.getvalue().split("\n\n")):
        log.warning("%s: %s", path.name, " ".join(complaint.split()))
    for snapshot in out:
        if snapshot.format == BROKEN:
            log.warning("%s: broken record skipped", snapshot.name)
    if ignored:
        log.info("%s: ignored %s", path.name, ", ".join(f"{n} {why}" for why, n in sorted(ignored.items())))
    return out


def read_record(snapshot: Snapshot, max_bytes: int) -> bytes:
    """The payload of a snapshot's record (transfer and content encodings undone); SnapshotError if unreadable."""
    if snapshot.format == BROKEN:
        raise SnapshotError(snapshot.name, "broken record in the web archive")
    complaints = io.StringIO()
    try:
        with _open(snapshot.path, snapshot.member) as fh, redirect_stderr(complaints):
            fh.seek(snapshot.offset or 0)
            record = next(iter(ArchiveIterator(fh)))
            declared = int(record.rec_headers.get_header("Content-Length") or 0)
            if declared > max_bytes:
                raise SnapshotError(snapshot.name, f"record of {declared:,} bytes, over the {max_bytes:,}-byte limit")
            return _decoded(snapshot.name, _body(record, max_bytes), record.http_headers, max_bytes)
    except READ_ERRORS as e:
        raise SnapshotError(snapshot.name, f"broken record in the web archive: {e or type(e).__name__}") from e
    finally:
        if complaints.getvalue().strip():
            log.warning("%s: %s", snapshot.name, " ".join(complaints.getvalue().split()))


def _body(record, max_bytes: int) -> bytes:
    """The HTTP body as sent, chunks joined (at most `max_bytes` + 1 bytes)."""
    http = record.http_headers
    stream = record.raw_stream
    if http is not None and (http.get_header("Transfer-Encoding") or "").strip().lower() == "chunked":
        stream = ChunkedDataReader(stream)
    return stream.read(max_bytes + 1)


def _decoded(name: str, body: bytes, http, max_bytes: int) -> bytes:
    """The body with its content encodings (gzip, deflate, br) undone, never inflated past `max_bytes` + 1."""
    codings = [c.strip().lower() for c in ((http and http.get_header("Content-Encoding")) or "").split(",")]
    for coding in reversed([c for c in codings if c not in ("", "identity")]):
        if len(body) > max_bytes:
            break
        body = _inflate(name, coding, body, max_bytes + 1)
    if len(body) > max_bytes:
        raise SnapshotError(name, f"decoded record over the {max_bytes:,}-byte limit")
    return body


def _inflate(name: str, coding: str, data: bytes, limit: int) -> bytes:
    if coding in ("gzip", "x-gzip"):
        return zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(data, limit)
    if coding == "deflate":
        try:
            return zlib.decompressobj().decompress(data, limit)
        except zlib.error:  # many servers send raw deflate without the zlib header
            return zlib.decompressobj(-zlib.MAX_WBITS).decompress(data, limit)
    if coding == "br":
        try:
            import brotli
        except ImportError as e:
            raise SnapshotError(name, "Brotli-compressed record, and the brotli package is not installed") from e
        try:
            return brotli.Decompressor().process(data, output_buffer_limit=limit)
        except brotli.error as e:
            raise SnapshotError(name, f"broken Brotli data in the web archive: {e}") from e
    raise SnapshotError(name, f"content encoding {coding!r} is not one this reader undoes")


def matches(address: str | None, wanted: str | None) -> bool:
    """Whether a record's address is the wanted page: same host (without www.) and path, any scheme or query."""
    if not wanted:
        return True
    return address is not None and _page_key(address) == _page_key(wanted)


def _page_key(address: str) -> tuple[str, str]:
    parts = urlsplit(address.strip())
    host = (parts.hostname or "").lower().removeprefix("www.")
    return host, parts.path.rstrip("/") or "/"


def _members(path: Path) -> list[str]:
    """The WARC files to read: the file itself (''), or the WARCs under a WACZ's archive/ folder."""
    if not path.name.lower().endswith(".wacz"):
        return [""]
    with zipfile.ZipFile(path) as zf:
        infos = zf.infolist()
    if len(infos) > MAX_MEMBERS:
        raise ValueError(f"{len(infos):,} entries in the zip, over the {MAX_MEMBERS:,} a WACZ can hold")
    members = []
    for info in sorted(infos, key=lambda i: i.filename):
        if not info.filename.startswith(WACZ_FOLDER) or not info.filename.lower().endswith(WARC_SUFFIXES):
            continue
        if info.file_size > MAX_MEMBER_BYTES:
            log.warning("%s/%s: %s bytes, over the %s-byte limit; skipped", path.name, info.filename,
                        f"{info.file_size:,}", f"{MAX_MEMBER_BYTES:,}")
            continue
        members.append(info.filename)
    if not members:
        log.warning("%s: no WARC file under %s", path.name, WACZ_FOLDER)
    return members


@contextmanager
def _open(path: Path, member: str) -> Iterator[BinaryIO]:
    """The WARC file, or one WARC inside a WACZ (zip reads stop at the member's declared size)."""
    if not member:
        with open(path, "rb") as fh:
            yield fh
        return
    with zipfile.ZipFile(path) as zf, zf.open(member) as fh:
        yield fh


def _records_in(fh: BinaryIO, path: Path, member: str, max_bytes: int, seen: set[str], names: set[str],
                ignored: Counter) -> list[Snapshot]:
    out: dict[int, Snapshot] = {}  # by offset: a record whose payload fails after it was listed becomes broken
    prefix = f"{path.name}#{Path(member).name + '@' if member else ''}"
    for offset, record in _scan(fh):
        try:
            found = record and _snapshot(record, path, member, max_bytes, seen, ignored)
        except READ_ERRORS:
            record = None
        if record is None:  # reported once, whether the header or the payload failed
            listed = out.get(offset)
            out[offset] = replace(listed, format=BROKEN) if listed else \
                Snapshot(None, f"{prefix}{offset}", path, member=member, offset=offset, format=BROKEN)
        elif found:
            name = _name(prefix, record.rec_headers.get_header("WARC-Record-ID"), offset, names)
            out[offset] = replace(found, name=name, offset=offset)
    return [out[offset] for offset in sorted(out)]


def _snapshot(record, path: Path, member: str, max_bytes: int, seen: set[str], ignored: Counter) -> Snapshot | None:
    """The record as a snapshot (name and offset still to set), or None when it is no new page."""
    found = _response(record, ignored)
    if found is None:
        return None
    digest = record.rec_headers.get_header("WARC-Payload-Digest") or _digest(record, max_bytes)
    if digest in seen:
        ignored["duplicates"] += 1
        return None
    seen.add(digest)
    return Snapshot(_date(record.rec_headers.get_header("WARC-Date")), "", path,
                    url=record.rec_headers.get_header("WARC-Target-URI"), member=member, format=found)


def _scan(fh: BinaryIO) -> Iterator[tuple[int, object]]:
    """Each record with its offset; a record that cannot be parsed comes as None, and the scan goes on after it."""
    start = 0
    while start is not None:
        fh.seek(start)
        it = ArchiveIterator(fh)
        try:
            for record in it:
                yield it.offset, record
            return
        except READ_ERRORS:
            bad = it.offset
        yield bad, None
        start = _next_start(fh, bad + 1)


def _next_start(fh: BinaryIO, position: int) -> int | None:
    """Where the next record (a gzip member, or a `WARC/` line) starts after `position`, if anywhere."""
    fh.seek(0)
    marker = b"\x1f\x8b\x08" if fh.read(2) == b"\x1f\x8b" else b"\nWARC/1."
    skip = 1 if marker.startswith(b"\n") else 0
    fh.seek(position)
    carry = b""
    while True:
        block = fh.read(SCAN_BLOCK)
        if not block:
            return None
        found = (carry + block).find(marker)
        if found >= 0:
            return position - len(carry) + found + skip
        carry = block[-len(marker):]
        position += len(block)


def _response(record, ignored: Counter) -> str | None:
    """The reader format of a successful HTML or text response; None (counted) for any other record."""
    if record.rec_type != "response":
        ignored[f"{record.rec_type} records"] += 1
        return None
    http = record.http_headers
    if http is None or not (http.get_statuscode() or "").startswith("2"):
        ignored["responses that are no page (not HTTP 2xx)"] += 1
        return None
    kind = (http.get_header("Content-Type") or "").split(";")[0].strip().lower()
    if kind not in FORMATS:
        ignored["responses that are not HTML or text"] += 1
        return None
    return FORMATS[kind]


def _digest(record, max_bytes: int) -> str:
    """The SHA-1 of the raw payload, for records that carry no WARC-Payload-Digest."""
    digest = hashlib.sha1()
    left = max_bytes + 1
    while left > 0 and (block := record.raw_stream.read(min(SCAN_BLOCK, left))):
        digest.update(block)
        left -= len(block)
    return "sha1:" + digest.hexdigest()


def _name(prefix: str, record_id: str | None, offset: int, taken: set[str]) -> str:
    """`ARCHIVE#<record id>`, or `ARCHIVE#<offset>` when the id is unusable or already taken."""
    match = RECORD_ID.fullmatch(record_id or "")
    name = f"{prefix}{match.group(1)}" if match else ""
    if not name or name in taken:
        name = f"{prefix}{offset}"
    taken.add(name)
    return name


def _date(value: str | None) -> datetime | None:
    """WARC-Date as a UTC time (None when missing or not ISO 8601)."""
    try:
        moment = datetime.fromisoformat((value or "").strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
