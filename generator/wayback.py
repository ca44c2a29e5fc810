"""Snapshots of a past live blog from the Wayback Machine: its captures listed, one kept per interval, each saved.

`capture_wayback()` asks the archive's CDX API for the captures of an address (HTTP 200, HTML,
repeats of the same content collapsed), keeps the first capture of each interval (clock hours for
`every=1h`), and downloads each one's original bytes (`/web/<timestamp>id_/<address>`) into the
snapshots folder, named like every capture (`2024-11-06T103000Z-<sha256 first 12>.html`), with its
archive timestamp as `captured_at` and its archive address as `url` in `snapshots.yml`. It pauses
between requests, retries 429 and 5xx answers and network errors with exponential backoff, and
skips the intervals the manifest already has a capture for, so a second run fetches only what is missing.
"""
from __future__ import annotations

import argparse
import hashlib
import http.client
import json
import logging
import re
import time
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Callable
from urllib.error import HTTPError
from urllib.parse import urlencode, urlsplit
from urllib.request import Request, urlopen

from . import archives, replay
from .capture import DEFAULT_BACKOFF, DEFAULT_RETRIES, DEFAULT_TIMEOUT, USER_AGENT, add_to_manifest
from .errors import GeneratorError
from .snapshots import MAX_FILE_BYTES, read_manifest
from .writer import atomic_write, folder_lock

log = logging.getLogger(__name__)
DEFAULT_ARCHIVE = "https://web.archive.org"
"""The Wayback Machine; any archive with the same CDX API and address scheme works."""
DEFAULT_EVERY = "1h"
"""Keep at most one capture per hour: a live blog's pace, and a fair load on the archive."""
DEFAULT_PAUSE = 2.0
"""Seconds between two requests to the archive."""
MAX_RETRY_AFTER = 120.0
"""Longest wait a Retry-After header is obeyed for."""
MAX_CDX_BYTES = 32 * 1024 * 1024
"""A capture list larger than this is refused (narrow it with --from and --to)."""
HASH_CHARS = 12
"""Characters of the SHA-256 hex digest in a file name (as capture names its files)."""
INTERVAL = re.compile(r"(\d+)\s*([smhd])")
UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days"}
STAMP_CHARS = 14
"""Digits of a full archive timestamp: yyyyMMddhhmmss."""


@dataclass(frozen=True)
class Capture:
    """One archived copy of the page, as the CDX API lists it."""

    timestamp: str
    """The archive's 14-digit time of the capture (UTC)."""
    original: str
    """The address that was captured."""

    @property
    def moment(self) -> datetime:
        """The capture time."""
        return datetime.strptime(self.timestamp, "%Y%m%d%H%M%S").replace(tzinfo=timezone.utc)


@dataclass(frozen=True)
class WaybackResult:
    """What happened to one capture."""

    capture: Capture
    """The capture."""
    outcome: str
    """'saved', 'failed', or 'already saved'."""
    reason: str = ""
    """Why, in a few words."""
    path: Path | None = None
    """The file saved."""

    @property
    def ok(self) -> bool:
        """Whether the capture is in the folder."""
        return self.outcome != "failed"

    def describe(self) -> str:
        """One line for the command line."""
        where = f" -> {self.path.name}" if self.path else ""
        return f"{self.outcome} {self.capture.timestamp} {self.capture.original}{where}" + \
            (f" ({self.reason})" if self.reason else "")


class Fetcher:
    """Polite GETs: a clear User-Agent, a pause between requests, backoff and retries on 429, 5xx, network errors."""

    def __init__(self, user_agent: str = USER_AGENT, timeout: float = DEFAULT_TIMEOUT, retries: int = DEFAULT_RETRIES,
                 backoff: float = DEFAULT_BACKOFF, pause: float = DEFAULT_PAUSE,
                 sleep: Callable[[float], None] = time.sleep):
        self.user_agent, self.timeout, self.retries = user_agent, timeout, max(0, retries)
        self.backoff, self.pause, self.sleep = backoff, pause, sleep
        self.requests = 0

    def get(self, url: str, limit: int = MAX_FILE_BYTES) -> tuple[bytes, str, str]:
        """The body, content type and final address of a 200 answer; GeneratorError saying why otherwise."""
        why = ""
        for attempt in range(self.retries + 1):
            wait = self.backoff * 2 ** attempt
            if self.requests:
                self.sleep(self.pause)
            self.requests += 1
            try:
                with urlopen(Request(url, headers={"User-Agent": self.user_agent}), timeout=self.timeout) as answer:
                    body = answer.read(limit + 1)
                    if len(body) > limit:
                        raise GeneratorError(f"{url}: larger than {limit:,} bytes")
                    return body, answer.headers.get_content_type(), answer.geturl()
            except HTTPError as e:
                why = f"HTTP {e.code} {e.reason}".strip()
                retry_after = e.headers.get("Retry-After", "") if e.headers else ""
                e.close()
                if e.code != 429 and e.code < 500:
                    raise GeneratorError(f"{url}: {why}") from e
                if retry_after.strip().isdigit():
                    wait = min(float(retry_after), MAX_RETRY_AFTER)
            except TimeoutError:
                why = f"timed out after {self.timeout:g}s"
            except (OSError, http.client.HTTPException) as e:
                why = f"network error: {getattr(e, 'reason', None) or e}"
            if attempt < self.retries:
                self.sleep(wait)
        raise GeneratorError(f"{url}: {why} (after {self.retries + 1} attempts)")


def parse_every(text: str) -> timedelta:
    """`30m`, `1h`, `1d` (also `1h30m`) as a time span; ValueError otherwise."""
    parts = INTERVAL.findall(text.lower())
    if not parts or INTERVAL.sub("", text.lower()).strip():
        raise ValueError(f"{text!r} is not an interval such as 30m, 1h or 1d")
    span = sum((timedelta(**{UNITS[unit]: int(n)}) for n, unit in parts), timedelta())
    if span <= timedelta(0):
        raise ValueError(f"{text!r} is not a positive interval")
    return span


def archive_stamp(text: str | None) -> str | None:
    """A date or time (`2024-11-06`, `2024-11-06T10:00`, `20241106`) as the archive's digits."""
    if not text:
        return None
    digits = re.sub(r"[-:TZ ]", "", text.strip())
    if not digits.isdigit() or len(digits) > STAMP_CHARS or len(digits) < 4:
        raise ValueError(f"{text!r} is not a date such as 2024-11-06 or 2024-11-06T10:00")
    return digits


def list_captures(fetcher: Fetcher, base: str, url: str, start: str | None, end: str | None) -> list[Capture]:
    """The archive's captures of the address (HTTP 200 HTML, repeats collapsed), oldest first."""
    query = [("url", url), ("output", "json"), ("filter", "statuscode:200"), ("filter", "mimetype:text/html"),
             ("collapse", "digest")]
    query += [(key, value) for key, value in (("from", start), ("to", end)) if value]
    body, _, _ = fetcher.get(f"{base}/cdx/search/cdx?{urlencode(query)}", MAX_CDX_BYTES)
    try:
        rows = json.loads(body.decode("utf-8") or "[]")
    except ValueError as e:
        raise GeneratorError(f"the archive's capture list is not JSON: {e}") from e
    if not isinstance(rows, list) or not rows:
        return []
    header = rows[0]
    if not isinstance(header, list) or "timestamp" not in header or "original" not in header:
        raise GeneratorError("the archive's capture list has no timestamp and original columns")
    at, where = header.index("timestamp"), header.index("original")
    found = {(row[at], row[where]) for row in rows[1:]
             if isinstance(row, list) and len(row) == len(header) and re.fullmatch(r"\d{14}", str(row[at]))}
    return [Capture(stamp, original) for stamp, original in sorted(found)]


def one_per_interval(captures: list[Capture], every: timedelta) -> list[Capture]:
    """The first capture of each interval (intervals counted from the epoch, so clock hours for 1h)."""
    kept, seen = [], set()
    for capture in captures:
        slot = _slot(capture.moment, every)
        if slot not in seen:
            seen.add(slot)
            kept.append(capture)
    return kept


def capture_wayback(url: str, into: Path, *, base: str = DEFAULT_ARCHIVE, start: str | None = None,
                    end: str | None = None, every: timedelta = timedelta(hours=1), limit: int | None = None,
                    fetcher: Fetcher | None = None) -> list[WaybackResult]:
    """Save the archive's captures of `url` into `into`, one per interval, at most `limit` new ones this run."""
    if urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).netloc:
        raise GeneratorError(f"{url}: not an http(s) address")
    fetcher = fetcher or Fetcher()
    base = base.rstrip("/")
    into.mkdir(parents=True, exist_ok=True)
    chosen = one_per_interval(list_captures(fetcher, base, url, start, end), every)
    have = {_slot(moment, every) for moment in _saved(into, url)}
    results = [WaybackResult(c, "already saved") for c in chosen if _slot(c.moment, every) in have]
    missing = [c for c in chosen if _slot(c.moment, every) not in have]
    for capture in missing[:limit] if limit is not None else missing:
        results.append(_save(fetcher, base, capture, into))
        log.info("%s", results[-1].describe())
    if limit is not None and len(missing) > limit:
        log.info("%d captures left for a later run (--limit %d)", len(missing) - limit, limit)
    return sorted(results, key=lambda r: r.capture.timestamp)


def _slot(moment: datetime, every: timedelta) -> int:
    """The interval a capture time falls in, counted from the epoch (clock hours for 1h)."""
    return int(moment.timestamp() // every.total_seconds())


def _saved(into: Path, url: str) -> list[datetime]:
    """Times of the captures of `url` the folder already holds, by the archive addresses in its manifest."""
    manifest = read_manifest(into)
    present = {p.name for p in into.iterdir()}
    return [moment for name, address in manifest.urls
            if name in present and archives.matches(replay.original_address(address), url)
            and (moment := replay.address_time(address))]


def _save(fetcher: Fetcher, base: str, capture: Capture, into: Path) -> WaybackResult:
    try:
        body, kind, final = fetcher.get(f"{base}/web/{capture.timestamp}id_/{capture.original}")
    except GeneratorError as e:
        return WaybackResult(capture, "failed", str(e))
    moment = replay.address_time(final) or capture.moment  # the archive may answer with a neighbouring capture
    digest = hashlib.sha256(body).hexdigest()
    path = into / f"{moment:%Y-%m-%dT%H%M%SZ}-{digest[:HASH_CHARS]}{'.txt' if kind == 'text/plain' else '.html'}"
    address = f"{base}/web/{moment:%Y%m%d%H%M%S}/{capture.original}"
    with folder_lock(into):  # captures into one folder at once lose no manifest entry
        if not path.exists():
            atomic_write(path, body, sync=True)
        problem = add_to_manifest(into, {path.name: {"captured_at": moment.isoformat(), "url": address}})
    return WaybackResult(capture, "saved", f"{len(body):,} bytes" + (f"; {problem}" if problem else ""), path)


def add_options(parser: argparse.ArgumentParser) -> None:
    """The `capture --wayback` options."""
    group = parser.add_argument_group("from the Wayback Machine (a past live blog)")
    group.add_argument("--wayback", metavar="URL", help="save the archived captures of this address instead")
    group.add_argument("--from", dest="start", metavar="DATE", help="first day or time (2024-11-06, 2024-11-06T10:00)")
    group.add_argument("--to", dest="end", metavar="DATE", help="last day or time")
    group.add_argument("--every", default=DEFAULT_EVERY, metavar="SPAN",
                       help=f"keep at most one capture per span: 30m, 1h, 1d (default: {DEFAULT_EVERY})")
    group.add_argument("--limit", type=int, metavar="N", help="save at most N new captures this run")
    group.add_argument("--archive", default=DEFAULT_ARCHIVE, metavar="URL",
                       help=f"the archive's base address (default: {DEFAULT_ARCHIVE})")
    group.add_argument("--pause", type=float, default=DEFAULT_PAUSE, metavar="S",
                       help=f"seconds between requests to the archive (default: {DEFAULT_PAUSE:g})")


def run(args: argparse.Namespace) -> int:
    """`capture --wayback`: one line per capture; exit status 1 when any failed."""
    if args.urls or args.urls_file:
        raise GeneratorError("give either URLs to capture or --wayback URL, not both")
    try:
        every, start, end = parse_every(args.every), archive_stamp(args.start), archive_stamp(args.end)
    except ValueError as e:
        raise GeneratorError(str(e)) from e
    fetcher = Fetcher(args.user_agent, args.timeout, args.retries, pause=max(0.0, args.pause))
    results = capture_wayback(args.wayback, args.into, base=args.archive, start=start, end=end, every=every,
                              limit=args.limit, fetcher=fetcher)
    for result in results:
        print(result.describe())
    print(f"{sum(r.outcome == 'saved' for r in results)} saved, "
          f"{sum(r.outcome == 'already saved' for r in results)} already saved, "
          f"{sum(not r.ok for r in results)} failed")
    return 0 if all(r.ok for r in results) else 1
