"""Pages saved from a web archive's viewer: the archive's toolbar and scripts removed, links restored, capture time."""
from __future__ import annotations

import logging
import re
from collections import Counter
from datetime import datetime, timezone
from pathlib import Path

log = logging.getLogger(__name__)
ARCHIVE_ADDRESS = re.compile(r"/web/(\d{14})(?:[a-z]{2}_)?/(?=(?:https?:)?//)", re.I)
"""The path of an archived copy: `/web/20241106103000/https://…` (`id_`, `im_` … after the time are forms of it)."""
REWRITTEN = re.compile(r"(?:(?:https?:)?//[A-Za-z0-9.-]+(?::\d+)?)?/web/\d{1,14}(?:[a-z]{2}_)?/(?=(?:https?:)?//)",
                       re.I)
"""A link the viewer rewrote to point into the archive; what follows it is the original address."""
TOOLBAR = re.compile(r"<!--\s*BEGIN WAYBACK TOOLBAR INSERT\s*-->", re.I)
TOOLBAR_END = re.compile(r"<!--\s*END WAYBACK TOOLBAR INSERT\s*-->", re.I)
"""The viewer's toolbar sits between these two marker comments."""
SCRIPT_CHARS = 5000
"""The viewer's inline set-up scripts are short: a longer script is the page's own."""
INJECTED_END = re.compile(r"<!--\s*End Wayback Rewrite JS Include\s*-->", re.I)
"""The comment that ends the scripts and styles the viewer puts at the top of <head>."""
TAG_CHARS = 1000
"""Longest tag the viewer injects; bounds the patterns' work on hostile pages."""
HEAD = re.compile(rf"<head\b[^<>]{{0,{TAG_CHARS}}}>", re.I)
TAG = re.compile(rf"<(script|link)\b[^<>]{{0,{TAG_CHARS}}}>", re.I)
"""An opening script or link tag (a tag holding `<` is never one the viewer wrote)."""
SCRIPT_END = re.compile(r"</script\s*>", re.I)
VIEWER_FILES = re.compile(r"""(?:src|href)\s*=\s*["']?[^"'\s>]*(?:/_static/|archive\.org/includes/)""", re.I)
"""The viewer's own static files, as a script's src or a style sheet's href names them."""
VIEWER_CALL = "__wm."
"""What the viewer's inline set-up scripts call."""
WOMBAT_TIME = re.compile(r"__wm\.wombat\(\s*[\"']([^\"']{0,2000})[\"']\s*,\s*[\"'](\d{14})[\"']"
                         r"(?:\s*,\s*[\"']([^\"']{0,500})[\"']\s*,\s*[\"']([^\"'/]{0,50})[\"'])?")
"""The viewer's own record of the capture, in its set-up call: address, time, and the archive's base and path."""
SIGNS = (TOOLBAR, INJECTED_END, WOMBAT_TIME)
"""What marks a page as saved from the viewer: only such pages are changed."""
PEEK_BYTES = 4 * 1024 * 1024
"""How much of a page is searched for its archive address when nothing else dates it."""


def address_time(address: str | None) -> datetime | None:
    """The capture time in an archive address (`…/web/20241106103000/https://…`), in UTC."""
    found = ARCHIVE_ADDRESS.search(address or "")
    return _stamp(found.group(1)) if found else None


def original_address(address: str) -> str:
    """The address an archive address is a copy of (unchanged when it is no archive address)."""
    return REWRITTEN.sub("", address, count=1)


def is_viewer_page(text: str) -> bool:
    """Whether the HTML was saved from a web archive's viewer."""
    return any(sign.search(text) for sign in SIGNS)


def unwrap(name: str, text: str, report: bool = True) -> str:
    """The page as the live site served it: viewer toolbar and scripts gone, archive links back to the originals."""
    if not is_viewer_page(text):
        return text
    text, toolbar = _without_toolbar(text)
    end = INJECTED_END.search(text)
    head = HEAD.search(text, 0, end.start()) if end else None
    injected = 1 if head and end else 0
    if injected:
        text = text[:head.end()] + text[end.end():]
    text, assets = _without_viewer_tags(text)
    text, links = REWRITTEN.subn("", text)
    if report:
        log.info("%s: saved from a web archive's viewer: %d toolbar, %d injected blocks and scripts removed, "
                 "%d links restored", name, toolbar, injected + assets, links)
    return text


def _without_toolbar(text: str) -> tuple[str, int]:
    """The text without each stretch from a toolbar's first marker to its end marker, and how many there were."""
    kept, at, count = [], 0, 0
    for begin in TOOLBAR.finditer(text):
        if begin.start() < at:
            continue
        end = TOOLBAR_END.search(text, begin.end())
        if end is None:
            break
        kept.append(text[at:begin.start()])
        at, count = end.end(), count + 1
    return "".join(kept) + text[at:], count


def _without_viewer_tags(text: str) -> tuple[str, int]:
    """The text without the viewer's scripts and style sheets, found in one pass; and how many there were."""
    kept, at, count = [], 0, 0
    for tag in TAG.finditer(text):
        if tag.start() < at:
            continue  # inside a script already passed over
        end = tag.end()
        if tag.group(1).lower() == "script":
            close = SCRIPT_END.search(text, tag.end())
            if close is None:
                break
            end = close.end()
            body = text[tag.end():close.start()]
            ours = VIEWER_FILES.search(tag.group()) or (len(body) <= SCRIPT_CHARS and VIEWER_CALL in body)
        else:
            ours = VIEWER_FILES.search(tag.group())
        if ours:
            kept.append(text[at:tag.start()])
            count += 1
        else:
            kept.append(text[at:end])
        at = end
    return "".join(kept) + text[at:], count


def page_capture(path: Path, max_bytes: int) -> tuple[datetime | None, str | None]:
    """The capture time and archive address of a page saved from an archive's viewer (None where it does not tell)."""
    try:
        if path.stat().st_size > max_bytes:
            return None, None
        with open(path, "rb") as f:
            text = f.read(PEEK_BYTES).decode("latin-1")
    except OSError:
        return None, None
    return viewer_time(text), viewer_address(text)


def viewer_time(text: str) -> datetime | None:
    """The capture time a viewer page gives: its set-up call's, else the time most of its archive links carry."""
    if not is_viewer_page(text):
        return None
    own = WOMBAT_TIME.search(text)
    if own:
        return _stamp(own.group(2))
    times = Counter(m.group(1) for m in ARCHIVE_ADDRESS.finditer(text))
    return _stamp(min(times, key=lambda t: (-times[t], t))) if times else None


def viewer_address(text: str) -> str | None:
    """The archive address of the capture a viewer page shows, from its set-up call."""
    own = WOMBAT_TIME.search(text)
    if not own or not own.group(3) or not own.group(4):
        return None
    original, stamp, base, prefix = own.groups()
    return f"{base.rstrip('/')}/{prefix}/{stamp}/{original}"


def _stamp(digits: str) -> datetime | None:
    try:
        return datetime.strptime(digits, "%Y%m%d%H%M%S").replace(tzinfo=timezone.utc)
    except ValueError:
        return None
