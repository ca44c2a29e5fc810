"""`python -m generator inspect SNAPSHOT`: how each line of one snapshot was read, and by which rule."""
from __future__ import annotations

from pathlib import Path

from .build import hashed, watched_edges
from .cache import SnapshotCache
from .config import Reading as Settings
from .errors import GeneratorError
from .furniture import Furniture, learn
from .models import Page, Snapshot
from .readers import READERS
from .readers.text import Reading, split_lines, text_reader
from .snapshots import FORMATS, decode, find_snapshots, kind_of, read_manifest

TEXT_CHARS = 96
"""Each line's text is shown up to this length."""


def inspect(path: Path, reading: Settings) -> str:
    """The reading of one snapshot, line by line, with furniture learned from the snapshots beside it."""
    if not path.is_file() or kind_of(path.name) is None:
        raise GeneratorError(f"{path}: not a snapshot file (expected one of {', '.join(sorted(FORMATS))}, "
                             "or one of them gzipped)")
    manifest = read_manifest(path.parent)
    found = find_snapshots(path.parent, manifest, manifest.timezone or reading.timezone)
    snapshot = next((s for s in found if s.name == path.name), Snapshot(None, path.name, path))
    cache = SnapshotCache(None, "")
    readable, _ = hashed(found)
    edges, _ = watched_edges(readable, reading, cache)
    furniture = Furniture(reading, learn(edges, reading.learning))
    text = decode(snapshot)
    if kind_of(path.name) == "text":
        page, trace = text_reader(furniture).read_traced(snapshot, split_lines(text))
    else:
        page = READERS["html"].read(snapshot, text, furniture)
        trace = page_trace(page, furniture)
    return "\n".join([f"{snapshot.name}: {len(page.posts)} posts, {len(page.summary)} summary paragraphs, "
                      f"{len(page.furniture)} furniture lines ({len(furniture.learned)} lines learned from "
                      f"{len(edges)} snapshots in its folder)", ""] + [_row(r) for r in trace])


def page_trace(page: Page, furniture: Furniture) -> list[Reading]:
    """How a page read from HTML was split: its blocks in order, by post."""
    out = [Reading(0, page.title, "title")] if page.title else []
    out += [Reading(0, p, "summary") for p in page.summary]
    for post in page.posts:
        out.append(Reading(post.line, post.shown_headline or "(no headline)", "headline"))
        if post.published:
            out.append(Reading(post.line, post.published.isoformat(), "time"))
        if post.byline:
            out.append(Reading(post.line, post.byline, "byline"))
        out += [Reading(post.line, p, "body") for p in post.body]
        out += [Reading(post.line, card.title, "card", card.url or "") for card in post.cards]
    out += [Reading(0, text, "furniture", furniture.why(text) or "reading rules") for text in page.furniture]
    return out


def _row(reading: Reading) -> str:
    text = reading.text if len(reading.text) <= TEXT_CHARS else reading.text[:TEXT_CHARS - 1] + "\u2026"
    line = str(reading.no) if reading.no else "-"
    rule = f"  [{reading.rule}]" if reading.rule else ""
    return f"{line:>5}  {reading.role:<10}  {text}{rule}"
