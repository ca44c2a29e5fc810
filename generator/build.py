"""The build, in one straight line: read → extract → merge → date → themes → render → write."""
from __future__ import annotations

import logging
import sys
from dataclasses import dataclass, replace
from pathlib import Path

from tqdm import tqdm

from .config import Config
from .dates import arrange_days, date_items
from .errors import BuildError, SnapshotError
from .furniture import Furniture, learn
from .merge import merge_posts, merge_summaries
from .models import Digest, Page, Snapshot
from .readers.html import read_html
from .readers.text import TextReader, split_lines
from .render import render
from .snapshots import FORMATS, decode, find_snapshots, read_manifest
from .themes import assign_themes
from .writer import write

log = logging.getLogger(__name__)
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


def build(snapshots: Path, out: Path, config: Config) -> Report:
    """Build the digest of the snapshots in `snapshots` into `out`."""
    manifest = read_manifest(snapshots)
    config = replace(config, timezone=manifest.timezone or config.timezone)
    found = find_snapshots(snapshots, manifest, config.timezone)
    texts, skipped = read_snapshots(found)
    pages, unread = extract(texts, config)
    skipped += unread
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
    return Report(len(pages), tuple(skipped), sum(len(p.posts) for p in pages), len(items), len(days),
                  len(undated), len(done.written), len(done.removed))


def read_snapshots(found: list[Snapshot]) -> tuple[list[tuple[Snapshot, str]], list[tuple[str, str]]]:
    """Each readable snapshot's text; the others named with their reason."""
    texts, skipped = [], []
    bar = tqdm(found, desc="reading snapshots", unit="file", file=sys.stderr,
               disable=len(found) < PROGRESS_FROM or None)
    for snapshot in bar:
        try:
            texts.append((snapshot, decode(snapshot)))
        except SnapshotError as e:
            log.warning("skipped %s", e)
            skipped.append((snapshot.name, e.reason))
    return texts, skipped


def extract(texts: list[tuple[Snapshot, str]], config: Config) -> tuple[list[Page], list[tuple[str, str]]]:
    """Each snapshot read by the reader of its format, with furniture learned across the text snapshots.

    Capture times missing from the manifest and the file name are estimated from the page's own dates.
    """
    lines = {s.name: split_lines(text) for s, text in texts if FORMATS[s.path.suffix.lower()] == "text"}
    plain = TextReader(config, Furniture(config))
    heads = [(s, *plain.split_head(lines[s.name])) for s, _ in texts if s.name in lines]
    furniture = Furniture(config, learn([(s, title, rest) for s, title, _, rest in heads], config))
    reader = TextReader(config, furniture)
    pages, skipped = [], []
    for snapshot, text in texts:
        try:
            page = reader.read(snapshot, lines[snapshot.name]) if snapshot.name in lines \
                else read_html(snapshot, text, config, furniture)
        except SnapshotError as e:
            log.warning("skipped %s", e)
            skipped.append((snapshot.name, e.reason))
            continue
        pages.append(_estimate_capture(page))
    return pages, skipped


def _estimate_capture(page: Page) -> Page:
    """A page whose snapshot has no capture time takes its latest printed post time, if any."""
    printed = [post.published for post in page.posts if post.published]
    if page.snapshot.captured_at is not None or not printed:
        return page
    log.warning("%s: no capture time; using its latest post time, %s", page.snapshot.name, max(printed).isoformat())
    return replace(page, snapshot=replace(page.snapshot, captured_at=max(printed)))
