"""The feed check of the benchmark: every feed a build wrote, read back with a feed parser.

`check(out)` reads the site's feed (`feed.xml`) and each theme's (`feeds/<theme>.xml`) and says, for the
benchmark's table, whether each is well-formed Atom with a `rel="self"` link, whether each theme page links
to its theme's feed, and whether every entry carries its post's full text and a link to the post on its day
page (a page that exists, holding the post's anchor).
"""
from __future__ import annotations

import posixpath
import re
from pathlib import Path
from urllib.parse import urlsplit

import feedparser

SITE_FEED = "feed.xml"
THEME_FEEDS = "feeds"


def check(out: Path) -> dict:
    """What the feeds in the output folder `out` hold, and every problem found (none: the check passes)."""
    paths = [out / SITE_FEED, *sorted((out / THEME_FEEDS).glob("*.xml"))]
    problems: list[str] = []
    entries = 0
    for path in paths:
        name = str(path.relative_to(out))
        if not path.is_file():
            problems.append(f"{name}: missing")
            continue
        feed = feedparser.parse(path.read_bytes())
        if feed.bozo or feed.version != "atom10":
            problems.append(f"{name}: not well-formed Atom ({feed.get('bozo_exception') or feed.version})")
            continue
        if not any(link.get("rel") == "self" for link in feed.feed.get("links", ())):
            problems.append(f"{name}: no rel=\"self\" link")
        for e in feed.entries:
            entries += 1
            problems += [f"{name}: {problem}" for problem in _entry_problems(e, out, name)]
    for page in sorted((out / "themes").glob("*.md")):
        if page.name != "index.md" and f"{THEME_FEEDS}/{page.stem}.xml" not in page.read_text(encoding="utf-8"):
            problems.append(f"themes/{page.name}: no link to its feed")
    return {"feeds": len(paths), "entries": entries, "problems": problems}


def _entry_problems(entry, out: Path, feed: str) -> list[str]:
    """Why an entry of the feed at `feed` (a path inside `out`) is not a post with its full text and its link
    on its day page ([] when it is)."""
    title = entry.get("title", "?")
    content = entry.get("content") or []
    if not content or not re.sub(r"<[^>]+>", "", content[0].value).strip():
        return [f"entry {title!r} has no text"]
    link = urlsplit(entry.get("link", ""))
    page = out / (posixpath.normpath(posixpath.join(posixpath.dirname(feed), link.path)).strip("/") + ".md")
    if not link.fragment or not page.is_file():
        return [f"entry {title!r} links to no day page ({entry.get('link')!r})"]
    if link.fragment not in page.read_text(encoding="utf-8"):
        return [f"entry {title!r}: its day page holds no anchor {link.fragment!r}"]
    return []
