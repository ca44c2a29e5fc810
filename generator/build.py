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
from .furniture import Furniture, Line, learn
from .merge import merge_posts, merge_summaries
from .models import Digest, Page, Snapshot
from .readers.text import TextReader, split_lines
from .render import render
from .snapshots import decode, find_snapshots, read_manifest
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
    if not texts:
        reasons = "; ".join(f"{name}: {why}" for name, why in skipped) or "the folder holds no *.txt or *.html file"
        raise BuildError(f"no snapshot could be read in {snapshots} ({reasons})")
    pages = extract(texts, config)
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


def read_snapshots(found: list[Snapshot]) -> tuple[list[tuple[Snapshot, list[Line]]], list[tuple[str, str]]]:
    """Each readable snapshot's lines; the others named with their reason."""
    texts, skipped = [], []
    bar = tqdm(found, desc="reading snapshots", unit="file", file=sys.stderr,
               disable=len(found) < PROGRESS_FROM or None)
    for snapshot in bar:
        try:
            texts.append((snapshot, split_lines(decode(snapshot))))
        except SnapshotError as e:
            log.warning("skipped %s", e)
            skipped.append((snapshot.name, e.reason))
    return texts, skipped


def extract(texts: list[tuple[Snapshot, list[Line]]], config: Config) -> list[Page]:
    """Pages with furniture learned across all snapshots and removed; capture times estimated if missing."""
    plain = TextReader(config, Furniture(config))
    heads = [(snapshot, *plain.split_head(lines)) for snapshot, lines in texts]
    learned = learn([(snapshot, title, rest) for snapshot, title, _, rest in heads], config)
    reader = TextReader(config, Furniture(config, learned))
    return [_estimate_capture(reader.read(snapshot, lines)) for snapshot, lines in texts]


def _estimate_capture(page: Page) -> Page:
    """A page whose snapshot has no capture time takes its latest printed post time, if any."""
    printed = [post.published for post in page.posts if post.published]
    if page.snapshot.captured_at is not None or not printed:
        return page
    log.warning("%s: no capture time; using its latest post time, %s", page.snapshot.name, max(printed).isoformat())
    return replace(page, snapshot=replace(page.snapshot, captured_at=max(printed)))
