"""The feed check of the benchmark: every feed a build wrote, read back with a feed parser.

`check(out)` reads the site's feed (`feed.xml`) and each theme's (`feeds/<theme>.xml`) and says, for the
benchmark's table, whether there is one feed per theme page and each theme page links to its own, whether
each feed is well-formed Atom whose `rel="self"` link is the feed itself and which holds entries, and whether
every entry carries its post's full text (each paragraph of the post in `digest.json`) and links to the post's
anchor on a day page that exists.
"""
from __future__ import annotations

import html
import json
import posixpath
import re
from pathlib import Path
from urllib.parse import urlsplit

import feedparser

from generator.render.feed import SITE_FEED, theme_feed


def check(out: Path) -> dict:
    """What the feeds in the output folder `out` hold, and every problem found (none: the check passes)."""
    problems = _theme_problems(out)
    posts = _posts(out / "digest.json")
    paths = [out / SITE_FEED, *sorted(out.glob(theme_feed("*")))]
    entries = 0
    for path in paths:
        name = path.relative_to(out).as_posix()
        if not path.is_file():
            problems.append(f"{name}: missing")
            continue
        feed = feedparser.parse(path.read_bytes())
        if feed.bozo or feed.version != "atom10":
            problems.append(f"{name}: not well-formed Atom ({feed.get('bozo_exception') or feed.version})")
            continue
        selves = [link.get("href", "") for link in feed.feed.get("links", ()) if link.get("rel") == "self"]
        root = _root(selves[0], name) if selves else None
        if root is None:
            problems.append(f"{name}: no rel=\"self\" link to itself ({selves})")
            continue
        if not feed.entries:
            problems.append(f"{name}: no entry")
        for e in feed.entries:
            entries += 1
            problems += [f"{name}: {problem}" for problem in _entry_problems(e, out, name, root, posts)]
    return {"feeds": len(paths), "entries": entries, "problems": problems}


def _theme_problems(out: Path) -> list[str]:
    """A feed for every theme page and a page for every theme feed, each page linking its own feed."""
    pages = {p.stem: p for p in (out / "themes").glob("*.md") if p.name != "index.md"}
    feeds = {p.stem for p in out.glob(theme_feed("*"))}
    problems = [f"themes/{stem}.md: no feed {theme_feed(stem)}" for stem in sorted(pages.keys() - feeds)]
    problems += [f"{theme_feed(stem)}: no theme page" for stem in sorted(feeds - pages.keys())]
    for stem, page in sorted(pages.items()):
        if f"](../{theme_feed(stem)})" not in page.read_text(encoding="utf-8"):
            problems.append(f"themes/{stem}.md: no link to its feed")
    return problems


def _posts(digest: Path) -> dict[str, list[str]]:
    """Each post's paragraphs, by its id (digest.json's items)."""
    data = json.loads(digest.read_text(encoding="utf-8"))
    items = [i for day in data["days"] for i in day["items"]] + data["undated"]
    return {i["id"]: i["body"] for i in items}


def _root(self_link: str, name: str) -> str | None:
    """Where the site starts, from a feed's `rel="self"` link (relative to the feed, or absolute); None when the
    link is not to the feed itself."""
    if urlsplit(self_link).netloc:
        return self_link[:-len(name)] if self_link.endswith("/" + name) else None
    here = posixpath.dirname(name)
    return "" if posixpath.normpath(posixpath.join(here, self_link)) == name else None


def _entry_problems(entry, out: Path, feed: str, root: str, posts: dict[str, list[str]]) -> list[str]:
    """Why an entry of the feed at `feed` (a path inside `out`; the site at `root` when links are absolute) is
    not a post with its full text and its link to its anchor on its day page ([] when it is)."""
    title, link = entry.get("title", "?"), entry.get("link", "")
    if root and link.startswith(root):
        path = link[len(root):]
    elif urlsplit(link).netloc:
        return [f"entry {title!r} links outside the site ({link!r})"]
    else:
        path = posixpath.normpath(posixpath.join(posixpath.dirname(feed), link))
    where = urlsplit(path)
    page = out / (where.path.strip("/") + ".md")
    if not where.fragment or not page.is_file():
        return [f"entry {title!r} links to no day page ({link!r})"]
    if f'<a id="{where.fragment}"></a>' not in page.read_text(encoding="utf-8"):
        return [f"entry {title!r}: its day page holds no anchor {where.fragment!r}"]
    body = posts.get(where.fragment)
    if body is None:
        return [f"entry {title!r}: no post {where.fragment!r} in digest.json"]
    content = entry.get("content") or []
    text = html.unescape(re.sub(r"<[^>]+>", " ", content[0].value)) if content else ""
    text = " ".join(text.split())
    missing = [p for p in body if " ".join(p.split()) not in text]
    return [f"entry {title!r} lacks {len(missing)} of its post's {len(body)} paragraphs"] if missing else []
