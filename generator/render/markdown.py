"""Markdown building blocks: escaping snapshot text, front matter, links, dates."""
from __future__ import annotations

import posixpath
import re
from datetime import date, datetime, tzinfo
from functools import lru_cache
from urllib.parse import quote, urlsplit

import yaml
from slugify import slugify

from ..models import Day, Item, Theme

SPECIAL = re.compile(r"([\\`*_\[\]{}|])")
"""Characters Markdown can escape with a backslash; `{` and `}` open attribute lists and template syntax."""
INLINE_MARKS = re.compile(r"[~^]|([=+])(?=\1)|:(?=[\w+-]+:)")
"""What extensions read as inline marks (`~~del~~`, `^sup^`, `==mark==`, `++keys++`, `:emoji:`): made entities."""
LINE_START = re.compile(r"^(\s*)([#>+=!:?/-])", re.MULTILINE)
"""A line's first character that could open a block (heading, quote, list, admonition, details, blocks)."""
BACKSLASHED = "#>+-!"
"""Of those, the ones Markdown unescapes after a backslash; the others become entities."""
NUMBERED = re.compile(r"^(\s*\d+)([.)])", re.MULTILINE)
ENTITY = re.compile(r"&(?=#|\w)")
"""An `&` that could start a character reference (browsers decode some without their `;`: `&lt`, `&#60`)."""
LINK_SCHEMES = ("http", "https", "mailto")
"""The only link targets taken from a snapshot; anything else is shown as text."""
URL_DROPPED = re.compile(r"[\t\n\r]")
"""Browsers delete tabs and newlines anywhere in a URL (`java\\nscript:`), so they are deleted before it is checked."""
URL_EDGES = "".join(map(chr, range(0x21)))
"""Control characters and spaces that browsers trim from both ends of a URL."""
URL_SAFE = "-._~:/?#@!$&*+,;=%"
"""Characters kept as they are in a link target; every other one is percent-encoded (so `)`, `<`, quotes
and spaces cannot end the Markdown link or open markup)."""
TEMPLATE_SAFE = str.maketrans({"<": "\u2039", ">": "\u203a", '"': "\u201d", "'": "\u2019", "`": "\u2018"})
"""Look-alikes for the characters that open markup or end an attribute where a theme prints text unescaped."""
FULLWIDTH_AMPERSAND = "\uff06"
ESCAPED = 1 << 18
"""Texts whose escaped form is remembered: a post's paragraphs are shown on its day, theme and tag pages."""


@lru_cache(maxsize=ESCAPED)
def escape(text: str) -> str:
    """Text from a snapshot made to render as itself: no Markdown, no HTML, whatever extensions are on."""
    text = ENTITY.sub("&amp;", text).replace("<", "&lt;").replace(">", "&gt;")
    text = SPECIAL.sub(r"\\\1", text)
    text = INLINE_MARKS.sub(lambda m: f"&#{ord(m.group(0))};", text)
    text = NUMBERED.sub(r"\1\\\2", text)
    return LINE_START.sub(lambda m: m.group(1) + (f"\\{m.group(2)}" if m.group(2) in BACKSLASHED
                                                  else f"&#{ord(m.group(2))};"), text)


def inert(text: str) -> str:
    """Text that theme templates print as it is (titles, descriptions, the site name): nothing in it opens markup.

    Material prints page titles and the site name unescaped, and some filters decode entities first, so
    the characters themselves are replaced by look-alikes; an entity-like `&` takes a full-width one.
    """
    return ENTITY.sub(FULLWIDTH_AMPERSAND, text).translate(TEMPLATE_SAFE)


def safe_url(url: str | None) -> str | None:
    """A link target from a snapshot made safe to link to: http, https or mailto, percent-encoded; else None."""
    url = URL_DROPPED.sub("", url or "").strip(URL_EDGES)
    if url.startswith("//"):
        url = "https:" + url
    try:
        scheme = urlsplit(url).scheme.lower()
    except ValueError:  # a malformed host such as an unclosed IPv6 bracket
        return None
    return quote(url, safe=URL_SAFE) if scheme in LINK_SCHEMES else None


def front_matter(**fields) -> str:
    """YAML front matter; empty fields left out, any text safely quoted and inert in the theme's templates."""
    body = yaml.safe_dump({k: _inert_values(v) for k, v in fields.items() if v not in (None, [], "", {})},
                          allow_unicode=True, sort_keys=False, width=1000)
    return f"---\n{body}---\n"


def _inert_values(value):
    """Every text in a front-matter value (lists and mappings included) made inert."""
    if isinstance(value, str):
        return inert(value)
    if isinstance(value, list):
        return [_inert_values(v) for v in value]
    if isinstance(value, dict):
        return {k: _inert_values(v) for k, v in value.items()}
    return value


def link(text: str, source: str, target: str, anchor: str = "") -> str:
    """A relative Markdown link from page `source` to page `target` (paths relative to the output)."""
    path = relative(target, posixpath.dirname(source)) if target != source else ""
    return f"[{text}]({path}{'#' + anchor if anchor else ''})"


def relative(target: str, start: str) -> str:
    """`posixpath.relpath(target, start)` for two paths inside the output folder, without asking the system
    for the working folder (a site links a year's posts a hundred thousand times)."""
    to, here = _parts(target), _parts(start)
    if to is None or here is None:
        return posixpath.relpath(target or ".", start or ".")
    common = 0
    for a, b in zip(to, here):
        if a != b:
            break
        common += 1
    return "/".join([".."] * (len(here) - common) + to[common:]) or "."


def _parts(path: str) -> list[str] | None:
    """A relative path's parts (None for one going up or starting at the root)."""
    if path.startswith("/"):
        return None
    parts = [p for p in path.split("/") if p and p != "."]
    return None if ".." in parts else parts


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


@lru_cache(maxsize=ESCAPED)
def tag_id(tag: str) -> str:
    """The anchor of a tag on the tags page (worked out once per tag: a year's posts name tags 50,000 times)."""
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


def linkable(url: str | None) -> bool:
    """Whether an address from a snapshot or an archive may become a capture link: http(s) with a host."""
    target = safe_url(url)
    return target is not None and urlsplit(target).scheme.lower() in ADDRESS_SCHEMES and bool(urlsplit(target).netloc)


def external_link(text: str, url: str | None) -> str:
    """`text` (already escaped) linked to an outside address when it is linkable, else the text alone."""
    return f"[{text}]({safe_url(url)})" if linkable(url) else text
