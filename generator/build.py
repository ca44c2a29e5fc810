"""The build, in one straight line: read → extract → merge → date → themes → render → write."""
from __future__ import annotations

import logging
import sys
from dataclasses import dataclass, replace
from pathlib import Path

from tqdm import tqdm

from .cache import SnapshotCache, code_fingerprint, fingerprint
from .config import Config
from .dates import arrange_days, date_items
from .errors import BuildError, SnapshotError
from .furniture import Furniture, learn
from .merge import merge_posts, merge_summaries
from .models import Digest, Page, Snapshot
from .readers.html import read_html
from .readers.text import TextReader, split_lines
from .render import render
from .snapshots import decode, find_snapshots, format_of, read_manifest
from .themes import assign_themes
from .writer import write

log = logging.getLogger(__name__)
EDGE_LINES = 4
"""Raw lines read per watched line at each edge (blank lines and wrapped paragraphs take room)."""
PROGRESS_FROM = 20
"""Show a progress bar when reading at least this many snapshots."""


@dataclass(frozen=True)
class Report:
    """What a build did, for the closing summary."""

    read: int
    """Snapshots read."""
    skipped: tuple[tuple[str, str], ...]
    """Snapshots skipped, with the reason."""
    posts: int
    """Posts seen across all snapshots."""
    items: int
    """Items after merging."""
    days: int
    """Days in the digest."""
    undated: int
    """Items with no day."""
    written: int
    """Files written or changed."""
    removed: int
    """Stale files removed."""


def build(snapshots: Path, out: Path, config: Config, cache: Path | None = None, url: str | None = None) -> Report:
    """Build the digest of the snapshots in `snapshots` into `out` (reusing what `cache` remembers).

    With `url`, only the web-archive records of that address are read.
    """
    manifest = read_manifest(snapshots)
    config = replace(config, timezone=manifest.timezone or config.timezone)
    found = find_snapshots(snapshots, manifest, config.timezone, url)
    remembered = SnapshotCache(cache, fingerprint(config, code_fingerprint()) if cache else "")
    pages, skipped = extract(found, config, remembered)
    if not pages:
        reasons = "; ".join(f"{name}: {why}" for name, why in skipped) or "the folder holds no *.txt or *.html file"
        raise BuildError(f"no snapshot could be read in {snapshots} ({reasons})")
    items = date_items(merge_posts(pages, config), config.timezone)
    items, themes = assign_themes(items, config)
    days, undated, undated_summary = arrange_days(items, merge_summaries(pages, config), pages, config.timezone)
    if undated:
        log.warning("%d items have no day: no capture time for %s (add them to snapshots.yml)", len(undated),
                    ", ".join(sorted(p.snapshot.name for p in pages if p.snapshot.captured_at is None)))
    title = manifest.title or config.title or next((p.title for p in pages if p.title), None) or "Live blog digest"
    digest = Digest(title, themes, days, undated, undated_summary, tuple(p.snapshot for p in pages))
    done = write(out, render(digest, config.timezone, config.site))
    remembered.save()
    return Report(len(pages), tuple(skipped), sum(len(p.posts) for p in pages), len(items), len(days),
                  len(undated), len(done.written), len(done.removed))


def extract(found: list[Snapshot], config: Config,
            cache: SnapshotCache | None = None) -> tuple[list[Page], list[tuple[str, str]]]:
    """Each snapshot read by the reader of its format; the unreadable ones named with their reason.

    Two passes, holding one snapshot's text at a time: the first learns the furniture from the edges
    of the text snapshots, the second reads every snapshot with it. Snapshots the cache has seen (same
    content, configuration, learned furniture and capture time) are not read again. Capture times that
    the manifest and the file name do not give are estimated from the page's own dates.
    """
    cache = cache or SnapshotCache(None, "")
    plain = TextReader(config, Furniture(config))
    edges, readable, skipped = [], [], []
    for snapshot in _progress(found, "checking snapshots"):
        try:
            content = _content(cache, snapshot)
            seen = cache.get_edges(content)
            if seen is None:
                seen = _edges(plain, snapshot, decode(snapshot), config.learn_zone)
                cache.put_edges(content, seen)
        except SnapshotError as e:
            log.warning("skipped %s", e)
            skipped.append((snapshot.name, e.reason))
            continue
        readable.append((snapshot, content))
        if _is_text(snapshot):
            edges.append((snapshot, seen[0], seen[1]))
    learned = learn(edges, config)
    furniture, reading = Furniture(config, learned), fingerprint(sorted(learned))
    reader = TextReader(config, furniture)
    pages = []
    for snapshot, content in _progress(readable, "reading snapshots"):
        key = (content, reading, snapshot.captured_at, _is_text(snapshot))
        page = cache.get_page(key, snapshot)
        if page is None:
            try:
                text = decode(snapshot, report=False)
                page = reader.read(snapshot, split_lines(text)) if _is_text(snapshot) \
                    else read_html(snapshot, text, config, furniture)
            except SnapshotError as e:
                log.warning("skipped %s", e)
                skipped.append((snapshot.name, e.reason))
                continue
            cache.put_page(key, page)
        pages.append(_estimate_capture(page))
    return pages, skipped


def _edges(reader: TextReader, snapshot: Snapshot, text: str, zone: int) -> tuple:
    """The page title and the lines furniture learning watches: the first and last `zone` after the title."""
    if not _is_text(snapshot):
        return None, ()
    raw = text.splitlines()
    if len(raw) > EDGE_LINES * zone:  # long scrapes: split only what the edges need
        lines = split_lines("\n".join(raw[:EDGE_LINES * zone]))
        title, _, rest = reader.split_head(lines)
        tail = split_lines("\n".join(raw[-EDGE_LINES * zone:]))
        return title, tuple(rest[:zone] + tail[-zone:])
    title, _, rest = reader.split_head(split_lines(text))
    return title, tuple(rest[:zone] + rest[-zone:])


def _content(cache: SnapshotCache, snapshot: Snapshot) -> str:
    try:
        return cache.content_hash(snapshot)
    except OSError as e:
        raise SnapshotError(snapshot.name, f"unreadable: {e.strerror or e}") from e


def _is_text(snapshot: Snapshot) -> bool:
    return format_of(snapshot) == "text"


def _progress(snapshots: list[Snapshot], what: str):
    return tqdm(snapshots, desc=what, unit="file", file=sys.stderr, disable=len(snapshots) < PROGRESS_FROM or None)


def _estimate_capture(page: Page) -> Page:
    """A page whose snapshot has no capture time takes its latest printed post time, if any."""
    printed = [post.published for post in page.posts if post.published]
    if page.snapshot.captured_at is not None or not printed:
        return page
    log.warning("%s: no capture time; using its latest post time, %s", page.snapshot.name, max(printed).isoformat())
    return replace(page, snapshot=replace(page.snapshot, captured_at=max(printed)))
