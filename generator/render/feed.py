"""Atom feeds: the site's and one per theme, each entry a post with its full text."""
from __future__ import annotations

import posixpath
import re
import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, time, timezone, tzinfo
from html import escape
from xml.etree import ElementTree as ET

from ..models import Day, Digest, Item, Theme
from .markdown import relative, safe_url, short_time

ATOM = "http://www.w3.org/2005/Atom"
FEED_ENTRIES = 50
"""Entries in each feed: the posts most recently added or changed (every post stays on the site)."""
SITE_FEED = "feed.xml"
"""The site's feed, beside the home page."""
NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
"""Characters XML 1.0 cannot hold at all, not even escaped (controls such as ESC, lone surrogates)."""
REPLACEMENT = "\ufffd"
EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


@dataclass(frozen=True)
class Entry:
    """A post as a feed shows it."""

    item: Item
    """The merged post."""
    day: Day
    """The day whose page shows it."""
    published: datetime
    """Its own timestamp, else its first capture, else the start of its day."""
    updated: datetime
    """Its latest change, or when it was published."""


@dataclass(frozen=True)
class Place:
    """Where a feed stands and what it links to."""

    path: str
    """The feed's path in the output folder."""
    page: str
    """The built page it belongs to (a site path: '' for home, 'themes/x/')."""
    site_url: str
    """The site's address, or '' when none is configured (links are then relative to the feed)."""

    def href(self, target: str) -> str:
        """A site path (`days/2024-11-06/#id`, '' for home) as this feed links to it."""
        if self.site_url:
            return f"{self.site_url.rstrip('/')}/{target}"
        path, _, anchor = target.partition("#")
        link = relative(path or ".", posixpath.dirname(self.path))
        if not path or path.endswith("/"):  # a directory URL keeps its slash
            link += "/"
        return link + (f"#{anchor}" if anchor else "")


def theme_feed(theme: Theme | str) -> str:
    """The path of a theme's feed in the output folder."""
    return f"feeds/{theme.id if isinstance(theme, Theme) else theme}.xml"


def feeds(digest: Digest, tz: tzinfo, site_url: str = "", site_title: str = "") -> dict[str, str]:
    """Every feed's path and text: the site's, then one per theme (titled by the site's title, else the blog's)."""
    entries = sorted((entry(item, day, tz) for day in digest.days for item in day.items), key=newest_first)
    key = site_url.rstrip("/") or digest.title
    name = site_title or digest.title
    out = {SITE_FEED: document(name, urn(key, "feed"), Place(SITE_FEED, "", site_url), entries, digest, tz)}
    by_theme: dict[str, list[Entry]] = defaultdict(list)
    for e in entries:
        by_theme[e.item.theme].append(e)
    for theme in digest.themes:
        place = Place(theme_feed(theme), f"themes/{theme.id}/", site_url)
        out[place.path] = document(f"{name}: {theme.title}", urn(key, "theme", theme.id), place, by_theme[theme.id],
                                   digest, tz)
    return out


def entry(item: Item, day: Day, tz: tzinfo) -> Entry:
    """When a post was published and last updated, for its feed entry."""
    published = item.evidence or datetime.combine(day.date, time(0), tz)
    changed = [c.at for c in item.changes if c.at]
    return Entry(item, day, published, max([published, *changed]))


def newest_first(e: Entry) -> tuple:
    """Sort key: latest update first, then latest published, then by id (the same order every build)."""
    return (-e.updated.timestamp(), -e.published.timestamp(), e.item.id)


def urn(key: str, *parts: str) -> str:
    """A stable id: the same site (or blog) and parts always give the same one."""
    return uuid.uuid5(uuid.NAMESPACE_URL, ":".join(("livedigest", key, *parts))).urn


def post_id(item: Item, site_url: str) -> str:
    """A post's entry id, the same in every feed: from its own id (and the site's address, when configured)."""
    return urn(site_url.rstrip("/"), "post", item.id)


def document(title: str, feed_id: str, place: Place, entries: list[Entry], digest: Digest, tz: tzinfo) -> str:
    """One Atom document: the newest FEED_ENTRIES entries, newest first."""
    ET.register_namespace("", ATOM)
    root = ET.Element(f"{{{ATOM}}}feed")
    _add(root, "title", title)
    _add(root, "id", feed_id)
    ET.SubElement(root, f"{{{ATOM}}}link", rel="self", type="application/atom+xml", href=place.href(place.path))
    ET.SubElement(root, f"{{{ATOM}}}link", rel="alternate", type="text/html", href=place.href(place.page))
    shown = entries[:FEED_ENTRIES]
    _add(root, "updated", _iso(max([e.updated for e in shown] or [s.captured_at for s in digest.snapshots
                                                                   if s.captured_at] or [EPOCH])))
    _add(ET.SubElement(root, f"{{{ATOM}}}author"), "name", digest.title)
    _add(root, "generator", "livedigest")
    themes = {t.id: t for t in digest.themes}
    for e in shown:
        _entry(root, e, place, themes, tz)
    ET.indent(root)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _entry(root: ET.Element, e: Entry, place: Place, themes: dict[str, Theme], tz: tzinfo) -> None:
    """One post's entry, appended to the feed."""
    item = e.item
    node = ET.SubElement(root, f"{{{ATOM}}}entry")
    _add(node, "title", item.shown_headline or "Untitled post")
    _add(node, "id", post_id(item, place.site_url))
    ET.SubElement(node, f"{{{ATOM}}}link", rel="alternate", type="text/html",
                  href=place.href(f"days/{e.day.date.isoformat()}/#{item.id}"))
    _add(node, "published", _iso(e.published))
    _add(node, "updated", _iso(e.updated))
    if item.byline:
        _add(ET.SubElement(node, f"{{{ATOM}}}author"), "name", item.byline)
    if item.theme in themes:
        ET.SubElement(node, f"{{{ATOM}}}category", term=item.theme, label=_clean(themes[item.theme].title))
    _add(node, "content", content(item, tz), type="html")


def content(item: Item, tz: tzinfo) -> str:
    """A post's full text as HTML in which every word from a snapshot is escaped (the feed escapes it again)."""
    meta = [f"<strong>{escape(label)}</strong>" for label in item.labels]
    meta += [escape(short_time(item.published, tz))] if item.published else []
    meta += [f"by {escape(item.byline)}"] if item.byline else []
    parts = [f"<p>{' · '.join(meta)}</p>"] if meta else []
    parts += [f"<p>{escape(p)}</p>" for p in item.body]
    for card in item.cards:
        url = safe_url(card.url)
        title = f'<a href="{escape(url)}">{escape(card.title)}</a>' if url else f"<em>{escape(card.title)}</em>"
        parts.append(f"<p>Related: {title}" + (f" — {escape(card.description)}" if card.description else "") + "</p>")
    others = [h for h in item.headlines if h != item.shown_headline]
    if others:
        parts.append("<p>Also headlined: " + "; ".join(f"“{escape(h)}”" for h in others) + "</p>")
    if item.removed_after:
        parts.append(f"<p><strong>Removed</strong> from the page after {escape(short_time(item.removed_after, tz))}.</p>")
    return "\n".join(parts)


def _add(parent: ET.Element, tag: str, text: str, **attributes: str) -> ET.Element:
    """An Atom element holding text, appended to `parent`."""
    node = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attributes)
    node.text = _clean(text)
    return node


def _clean(text: str) -> str:
    """Text XML can hold: a character it cannot (a control, a lone surrogate) shows as U+FFFD."""
    return NOT_XML.sub(REPLACEMENT, text)


def _iso(moment: datetime) -> str:
    """RFC 3339 in UTC, as Atom dates are written."""
    return moment.astimezone(timezone.utc).isoformat().replace("+00:00", "Z")
