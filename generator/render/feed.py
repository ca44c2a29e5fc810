"""An Atom feed with one entry per day."""
from __future__ import annotations

import uuid
from html import escape
from datetime import datetime, time, timezone, tzinfo
from xml.etree import ElementTree as ET

from ..models import Day, Digest
from .markdown import captures_by_day, long_date, plural

ATOM = "http://www.w3.org/2005/Atom"


def page_url(base: str, day: Day) -> str:
    """The built page of a day (MkDocs directory URLs), absolute when the site URL is configured."""
    return f"{base.rstrip('/')}/days/{day.date.isoformat()}/" if base else f"days/{day.date.isoformat()}/"


def entry_id(title: str, day: Day) -> str:
    """Stable: the same blog and day always give the same id."""
    return uuid.uuid5(uuid.NAMESPACE_URL, f"livedigest:{title}:{day.date.isoformat()}").urn


def updated(captured: dict, day: Day, tz: tzinfo) -> datetime:
    """When a day's entry last changed: its latest capture or post time."""
    times = captured.get(day.date, []) + [i.published for i in day.items if i.published]
    return max(times) if times else datetime.combine(day.date, time(23, 59), tz)


def feed(digest: Digest, tz: tzinfo, site_url: str = "") -> str:
    """The Atom document: newest day first, each entry the day's summary and headlines."""
    ET.register_namespace("", ATOM)
    root = ET.Element(f"{{{ATOM}}}feed")
    ET.SubElement(root, f"{{{ATOM}}}title").text = digest.title
    ET.SubElement(root, f"{{{ATOM}}}id").text = uuid.uuid5(uuid.NAMESPACE_URL, f"livedigest:{digest.title}").urn
    ET.SubElement(root, f"{{{ATOM}}}link", rel="alternate", href=site_url or "./")
    captured = captures_by_day(digest.snapshots, tz)
    stamps = [updated(captured, d, tz) for d in digest.days]
    ET.SubElement(root, f"{{{ATOM}}}updated").text = _iso(max(stamps) if stamps else datetime(1970, 1, 1, tzinfo=timezone.utc))
    ET.SubElement(ET.SubElement(root, f"{{{ATOM}}}author"), f"{{{ATOM}}}name").text = digest.title
    for day, stamp in sorted(zip(digest.days, stamps), key=lambda ds: ds[0].date, reverse=True):
        entry = ET.SubElement(root, f"{{{ATOM}}}entry")
        ET.SubElement(entry, f"{{{ATOM}}}title").text = f"{long_date(day.date)}: {plural(len(day.items), 'post')}"
        ET.SubElement(entry, f"{{{ATOM}}}id").text = entry_id(digest.title, day)
        ET.SubElement(entry, f"{{{ATOM}}}link", rel="alternate", href=page_url(site_url, day))
        ET.SubElement(entry, f"{{{ATOM}}}updated").text = _iso(stamp)
        ET.SubElement(entry, f"{{{ATOM}}}content", type="html").text = _html(day)
    ET.indent(root)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _html(day: Day) -> str:
    """The entry's body as HTML text (the feed escapes it once more, as Atom's type="html" wants)."""
    parts = [f"<p>{escape(p.text)}</p>" for p in day.summary]
    parts.append("<ul>" + "".join(f"<li>{escape(i.shown_headline or 'Untitled post')}</li>" for i in day.items) + "</ul>")
    return "".join(parts)


def _iso(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).isoformat().replace("+00:00", "Z")
