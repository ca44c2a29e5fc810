"""schema.org structured data in a saved page: its LiveBlogPosting blocks and their updates.

Pages say it many ways: a LiveBlogPosting at the top level of a JSON-LD block, inside "@graph" or a
list, with "@type" a string, a list or a full URL, and updates given inline or as "@id" references;
or as microdata (`itemscope`, `itemtype`, `itemprop`, `<meta itemprop content>`) in the markup itself.
"""
from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass
from typing import Any, Iterator

from bs4 import BeautifulSoup, Tag

from ..errors import SnapshotError
from .markup import fragment_text

log = logging.getLogger(__name__)
LIVE_BLOG = "LiveBlogPosting"
JSON_LD = "application/ld+json"
WRAPPER = re.compile(r"^\s*(?:<!--|//\s*<!\[CDATA\[|<!\[CDATA\[)|(?://\s*\]\]>|\]\]>|-->)\s*$")
"""HTML comment or CDATA wrappers some pages put around a JSON-LD block."""
MAX_JSON_CHARS = 4_000_000
"""A JSON-LD block longer than this (4 MB) makes the snapshot unreadable: no live blog's data is that big."""
UPDATE = "liveBlogUpdate"
URL_PROPERTIES = {"a": "href", "link": "href", "area": "href", "img": "src", "audio": "src", "video": "src",
                  "source": "src", "iframe": "src", "embed": "src", "object": "data"}
"""Microdata: elements whose property value is an address attribute."""


@dataclass(frozen=True)
class Structured:
    """What a page's JSON-LD says about the live blog."""

    blogs: tuple[dict, ...]
    """Every LiveBlogPosting object found, in document order."""
    updates: tuple[tuple[dict, int], ...]
    """Their liveBlogUpdate entries (references resolved), each with the line of its script block."""


def json_blocks(soup: BeautifulSoup, name: str) -> Iterator[tuple[Any, int]]:
    """Each JSON-LD block's data and the line of its script; invalid or too deeply nested blocks are skipped
    with a warning, a block over MAX_JSON_CHARS is a SnapshotError."""
    for script in soup.find_all("script"):
        if (script.get("type") or "").split(";")[0].strip().lower() != JSON_LD:
            continue
        raw = WRAPPER.sub("", script.string or script.get_text())
        if not raw.strip():
            continue
        line = script.sourceline or 1
        if len(raw) > MAX_JSON_CHARS:
            raise SnapshotError(name, f"JSON-LD block of {len(raw):,} characters (the limit is {MAX_JSON_CHARS:,})",
                                line)
        try:
            data = _whole(json.loads(raw, strict=False))
        except ValueError as e:
            log.warning("%s:%s: JSON-LD block skipped: not valid JSON (%s)", name, line, e)
        except RecursionError:  # json.loads recurses once per level: a block nested thousands deep
            log.warning("%s:%s: JSON-LD block skipped: nested too deeply to read", name, line)
        else:
            yield data, line


SURROGATE = re.compile("[\ud800-\udfff]")
"""Half of a UTF-16 pair: JSON can escape one alone (`\\ud800`), and no text can be written with it."""


def _whole(value: Any) -> Any:
    """JSON data with every lone surrogate in its texts replaced by U+FFFD (pairs joined into their character)."""
    if isinstance(value, str):
        return value.encode("utf-16", "surrogatepass").decode("utf-16", "replace") if SURROGATE.search(value) \
            else value
    if isinstance(value, list):
        return [_whole(v) for v in value]
    if isinstance(value, dict):
        return {_whole(k): _whole(v) for k, v in value.items()}
    return value


def types(node: dict) -> set[str]:
    """The node's @type names, without any schema.org prefix."""
    value = node.get("@type")
    values = value if isinstance(value, list) else [value]
    return {str(v).rstrip("/").rsplit("/", 1)[-1] for v in values if v}


def nodes(data: Any) -> Iterator[dict]:
    """Every object in a JSON value, outermost first (iterative: deep data cannot overflow)."""
    stack = [data]
    while stack:
        value = stack.pop()
        if isinstance(value, dict):
            yield value
            stack.extend(reversed(list(value.values())))
        elif isinstance(value, list):
            stack.extend(reversed(value))


def microdata(soup: BeautifulSoup) -> list[tuple[dict, int]]:
    """The page's top-level microdata items as JSON-LD-like objects (`@type` from `itemtype`, `@id` from
    `itemid`, a property given twice becomes a list), each with its line; read in one pass without recursion.
    An item that is a liveBlogUpdate of no enclosing item comes wrapped as `{"liveBlogUpdate": item}`."""
    top: list[tuple[dict, int]] = []
    stack: list[tuple[Tag, dict | None]] = [(c, None) for c in reversed(soup.contents) if isinstance(c, Tag)]
    while stack:
        node, scope = stack.pop()
        props = (node.get("itemprop") or "").split()
        item = _item(node) if node.has_attr("itemscope") else None
        if scope is not None and props:
            value = item if item is not None else _property_value(node)
            for prop in props:
                scope.setdefault(prop, []).append(value)
        elif item is not None:
            top.append(({UPDATE: [item]} if UPDATE in props else item, node.sourceline or 1))
        inner = item if item is not None else scope
        stack.extend((child, inner) for child in reversed(node.contents) if isinstance(child, Tag))
    for item, _ in top:
        for node in list(nodes(item)):
            node.update({k: v[0] for k, v in node.items() if isinstance(v, list) and len(v) == 1 and k != "@type"})
    return top


def _item(node: Tag) -> dict:
    item: dict = {}
    if node.get("itemtype"):
        item["@type"] = node["itemtype"].split()
    if node.get("itemid"):
        item["@id"] = node["itemid"]
    return item


def _property_value(node: Tag) -> str:
    """A microdata property's value: `content`, an address, a time's `datetime`, else the element's markup."""
    if node.has_attr("content"):
        return node["content"]
    if node.name in URL_PROPERTIES and node.has_attr(URL_PROPERTIES[node.name]):
        return node[URL_PROPERTIES[node.name]]
    if node.name == "time" and node.has_attr("datetime"):
        return node["datetime"]
    return node.decode_contents()


def read_structured(soup: BeautifulSoup, name: str) -> Structured:
    """The page's LiveBlogPostings and their updates, in the order the page lists them (JSON-LD, then
    microdata; microdata updates outside any LiveBlogPosting count as the blog's too)."""
    blocks = list(json_blocks(soup, name))
    items = microdata(soup)
    blocks += items
    by_id = {n["@id"]: n for data, _ in blocks for n in nodes(data)
             if isinstance(n.get("@id"), str) and len(n) > 2}
    blogs: list[dict] = []
    updates: list[tuple[dict, int]] = []
    for data, line in blocks:
        for node in nodes(data):
            if LIVE_BLOG not in types(node) or any(node is blog for blog in blogs):
                continue
            blogs.append(node)
            for update in _as_list(node.get("liveBlogUpdate")):
                if isinstance(update, dict):
                    updates.append((_resolve(update, by_id), line))
    for item, line in items:  # microdata updates in an item of another type, or in none
        for node in nodes(item):
            if LIVE_BLOG not in types(node) and not any(node is blog for blog in blogs):
                updates += [(u, line) for u in _as_list(node.get(UPDATE)) if isinstance(u, dict)]
    return Structured(tuple(blogs), tuple(updates))


def _resolve(update: dict, by_id: dict[str, dict]) -> dict:
    """An update given only as a reference (`{"@id": ...}`) replaced by the object it names."""
    if set(update) <= {"@id", "@type"} and update.get("@id") in by_id:
        return by_id[update["@id"]]
    return update


def _as_list(value: Any) -> list:
    return value if isinstance(value, list) else [] if value is None else [value]


def as_text(value: Any) -> str:
    """A JSON-LD value that should be a string: a list of strings is joined by newlines."""
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return "\n".join(v for v in value if isinstance(v, str))
    return ""


def author_names(value: Any) -> str | None:
    """Names of a JSON-LD author: a string, a Person or Organization object, or a list of them."""
    names: list[str] = []
    for author in _as_list(value):
        raw = author if isinstance(author, str) else as_text(author.get("name")) if isinstance(author, dict) else ""
        name = fragment_text(raw)
        if name and not name.lower().startswith(("http://", "https://")) and name not in names:
            names.append(name)
    return ", ".join(names) or None


def page_url(blog: dict | None) -> str | None:
    """The live blog's address from its `url` or `mainEntityOfPage`."""
    if blog is None:
        return None
    for value in (blog.get("url"), blog.get("mainEntityOfPage")):
        if isinstance(value, dict):
            value = value.get("@id") or value.get("url")
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None
