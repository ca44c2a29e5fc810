"""Markdown building blocks: escaping snapshot text, front matter, links, dates."""
from __future__ import annotations

import posixpath
import re
from datetime import date, datetime, tzinfo
from urllib.parse import quote, urlsplit

import yaml
from slugify import slugify

from ..models import Day, Item, Theme

SPECIAL = re.compile(r"([\\`*_\[\]|])")
LINE_START = re.compile(r"^(\s*)([#>+=!:-])")
NUMBERED = re.compile(r"^(\s*\d+)([.)])")
ENTITY = re.compile(r"&(?=#?\w+;)")


def escape(text: str) -> str:
    """Text from a snapshot made to render as itself: no Markdown, no HTML."""
    text = ENTITY.sub("&amp;", text).replace("<", "&lt;").replace(">", "&gt;")
    text = SPECIAL.sub(r"\\\1", text).replace("~~", "&#126;&#126;")  # strikethrough, where it is on
    text = NUMBERED.sub(r"\1\\\2", text)
    return LINE_START.sub(r"\1\\\2", text)


def front_matter(**fields) -> str:
    """YAML front matter; empty fields left out, any text safely quoted."""
    body = yaml.safe_dump({k: v for k, v in fields.items() if v not in (None, [], "", {})},
                          allow_unicode=True, sort_keys=False, width=1000)
    return f"---\n{body}---\n"


def link(text: str, source: str, target: str, anchor: str = "") -> str:
    """A relative Markdown link from page `source` to page `target` (paths relative to the output)."""
    path = posixpath.relpath(target, posixpath.dirname(source) or ".") if target != source else ""
    return f"[{text}]({path}{'#' + anchor if anchor else ''})"


def captures_by_day(snapshots, tz: tzinfo) -> dict[date, list[datetime]]:
    """The capture times of the snapshots, by day in the source's timezone."""
    out: dict[date, list[datetime]] = {}
    for snapshot in snapshots:
        if snapshot.captured_at:
            out.setdefault(snapshot.captured_at.astimezone(tz).date(), []).append(snapshot.captured_at)
    return out


def long_date(day: date) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}"


def month_name(month: str) -> str:
    """'2024-11' as 'November 2024'."""
    return f"{date.fromisoformat(month + '-01'):%B %Y}"


def short_time(moment: datetime | None, tz: tzinfo) -> str:
    if moment is None:
        return ""
    local = moment.astimezone(tz)
    return f"{local.day} {local:%b} {local:%H:%M}"


def plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def tag_id(tag: str) -> str:
    return "tag-" + slugify(tag)


def day_page(day: Day | date) -> str:
    d = day.date if isinstance(day, Day) else day
    return f"days/{d.isoformat()}.md"


def month_page(month: str) -> str:
    return f"archive/{month}.md"


def theme_page(theme: Theme | str) -> str:
    return f"themes/{theme.id if isinstance(theme, Theme) else theme}.md"


def headline(item: Item) -> str:
    return escape(item.headline or "Untitled post")


ADDRESS_SCHEMES = ("http", "https")
"""The only addresses from snapshots or archives that become links."""
ADDRESS_SAFE = ":/?#@!$&*+,;=%~-._"
"""Characters kept as they are in a linked address; the rest (brackets, quotes, spaces) are percent-encoded."""


def linkable(url: str | None) -> bool:
    """Whether an address from a snapshot or an archive may become a link: http(s) with a host."""
    try:
        parts = urlsplit((url or "").strip())
    except ValueError:
        return False
    return parts.scheme.lower() in ADDRESS_SCHEMES and bool(parts.netloc)


def external_link(text: str, url: str | None) -> str:
    """`text` (already escaped) linked to an outside address when it is linkable, else the text alone."""
    return f"[{text}]({quote(url.strip(), safe=ADDRESS_SAFE)})" if linkable(url) else text
